#!/bin/sh
# A whole chiiki-2020 round through shinsa-merge and shinsa-verify:
# 12 proposals of the four types, 5 reviewers, a revised sheet, one (ア)
# conflict (withdrawn) and one (キ) conflict decided both ways; the tally
# checked against the numbers worked out here from the scores; publish;
# shinsa-verify and stock minisign verify the bundle.
#   $1 build dir, $2 source dir, $3 shared dir. Exit 77 to skip.
set -eu
build=$1 src=$2
M=$build/merge/shinsa-merge
V=$build/merge/shinsa-verify
S=$build/tests/tools/mksheet
for b in "$M" "$V" "$S"; do [ -x "$b" ] || { echo "skip: no $b"; exit 77; }; done
command -v minisign >/dev/null || { echo "skip: no minisign"; exit 77; }
export LANG=C.UTF-8 TZ=UTC SHINSA_NOW=2026-07-01T09:00:00Z
t=$build/tests/tmp/merge_round.$$
rm -rf "$t"; mkdir -p "$t"; cd "$t"
fail() { echo "FAIL: $*" >&2; exit 1; }

# Keys: the secretariat and five reviewers; the round.
. "$src/tests/e2e/lib/chiiki_init.sh"

# Proposals: facts give indicator + certification points F (worked out):
#   students_per_pc band + lan_rate band + best certification
mkdir -p docs && printf '構想調書 P01\n' > docs/P01.pdf
cat > proposals.csv <<'CSV'
id,title,applicant,variant,prefecture,students_per_pc,lan_rate,certifications,documents
P01,地域魅力化の探究,北海道教育委員会,chiiki-miryoku,01,1.0,100,eruboshi-1;platinum-kurumin,docs/P01.pdf
P02,海外連携の学び,青森県教育委員会,global,02,1.5,80,,
P03,専門学科の実践,岩手県教育委員会,pro-single,03,2.5,60,kurumin-new,
P04,学科連携の試み,宮城県教育委員会,pro-joint,04,3.5,40,,
P05,島の高校の挑戦,秋田県教育委員会,chiiki-miryoku,05,5,20,,
P06,国際バカロレア準備,山形県教育委員会,global,06,0.8,90,,
P07,農業と観光の協働,福島県教育委員会,pro-single,07,1.2,100,,
P08,工業と商業の連携,茨城県教育委員会,pro-joint,08,2,75,,
P09,山間地の学校間連携,栃木県教育委員会,chiiki-miryoku,09,3,50,,
P10,英語による探究,群馬県教育委員会,global,10,4,33,,
P11,水産高校の地域貢献,埼玉県教育委員会,pro-single,11,0.5,10,,
P12,福祉と看護の連携,千葉県教育委員会,pro-joint,12,2.2,99,,
CSV
# F: P01 5+5+10  P02 4+4  P03 3+3+7  P04 2+2  P05 1+1  P06 5+4  P07 4+5
#    P08 4+4  P09 3+3  P10 2+2  P11 5+1  P12 3+4
F="P01 20 P02 8 P03 13 P04 4 P05 2 P06 9 P07 9 P08 8 P09 6 P10 4 P11 6 P12 7"
$M proposals import --db $db proposals.csv >/dev/null
i=1; for r in r01 r02 r03 r04 r05; do
	$M reviewers add --db $db $r "審査委員$i" $r.pub >/dev/null; i=$((i + 1))
done
cat > assign.csv <<'CSV'
reviewer,proposal
r01,P01
r01,P02
r01,P03
r01,P04
r01,P05
r01,P06
r01,P07
r02,P01
r02,P02
r02,P03
r02,P08
r02,P09
r02,P10
r02,P11
r03,P04
r03,P05
r03,P06
r03,P07
r03,P08
r03,P09
r03,P12
r04,P01
r04,P03
r04,P05
r04,P07
r04,P10
r04,P11
r04,P12
r05,P02
r05,P04
r05,P06
r05,P08
r05,P09
r05,P10
r05,P11
r05,P12
CSV
$M assign import --db $db assign.csv >/dev/null
$M issue --db $db -s sec.key --outbox outbox >/dev/null
n=$(ls outbox/*.shinsa-package | wc -l)
[ "$n" -eq 5 ] || fail "expected 5 packages, got $n"

# Sheets. Every judged item of a proposal gets the reviewer's score for
# it (chiiki: 89 = sum of judged coefficients in every type), bonus none,
# so T(r,p) = 89 * score + F(p).
pkg() { echo outbox/R2020-chiiki-$1.shinsa-package; }
SC_r01="P01=4,P02=3,P03=5,P04=2,P05=3,P06=4,P07=3"
SC_r02="P01=5,P02=4,P03=3,P08=4,P09=2,P10=3,P11=4"
SC_r03="P04=3,P06=5,P07=4,P08=3,P09=3,P12=4"
SC_r04="P01=3,P03=4,P05=4,P07=5,P10=4,P11=3,P12=2"
SC_r05="P02=5,P04=3,P06=4,P08=2,P09=4,P10=5,P11=3,P12=3"
$S -k r01.key -p "$(pkg r01)" -o r01.r1.sheet -r 1 -s '*=3'
$S -k r01.key -p "$(pkg r01)" -o r01.r2.sheet -r 2 -s "$SC_r01"
$S -k r02.key -p "$(pkg r02)" -o r02.sheet -s "$SC_r02"
$S -k r03.key -p "$(pkg r03)" -o r03.sheet -s "$SC_r03" -d P05=a	# (ア)
$S -k r04.key -p "$(pkg r04)" -o r04.sheet -s "$SC_r04" -d P07=g	# (キ)
$S -k r05.key -p "$(pkg r05)" -o r05.sheet -s "$SC_r05"
$M ingest --db $db -s sec.key r01.r1.sheet r02.sheet r03.sheet r04.sheet \
	r05.sheet > ingest.out || fail "ingest: $(cat ingest.out)"
$M ingest --db $db -s sec.key r01.r2.sheet > ingest2.out
grep -q 'accepted: r01 revision 2 (replaces revision 1, kept)' ingest2.out ||
	fail "revision 2 did not replace revision 1"
$M ingest --db $db -s sec.key r01.r1.sheet | grep -q 'already have' ||
	fail "the same sheet again is not 'already have'"

# The tally worked out here: population sd per reviewer over counted
# proposals, dev = 50 + 10 (T - mean) / sd, chiiki drops the highest and
# the lowest when at least 3 remain, mean rounded half up to 0.1.
# $1: whether r04's (キ) on P07 counts.
expected() {
	for r in r01 r02 r03 r04 r05; do
		eval "sc=\$SC_$r"
		echo "$sc" | tr ',' '\n' | sed "s/^/$r /; s/=/ /"
	done | awk -v F="$F" -v ki="$1" '
	BEGIN { n = split(F, f, " "); for (i = 1; i < n; i += 2) fp[f[i]] = f[i + 1] }
	{
		r = $1; p = $2
		if (r == "r04" && p == "P07" && !ki) next
		t = 89 * $3 + fp[p]
		T[r, p] = t; cnt[r]++; sum[r] += t; revs[p] = revs[p] " " r
	}
	END {
		for (k in T) { split(k, a, SUBSEP); m = sum[a[1]] / cnt[a[1]]
			ss[a[1]] += (T[k] - m) ^ 2 }
		for (p in revs) {
			k = split(revs[p], a, " "); s = 0; lo = 1e9; hi = -1e9
			for (i = 1; i <= k; i++) {
				r = a[i]; m = sum[r] / cnt[r]; sd = sqrt(ss[r] / cnt[r])
				d = sd > 0 ? 50 + 10 * (T[r, p] - m) / sd : 50
				s += d; if (d < lo) lo = d; if (d > hi) hi = d
			}
			if (k >= 3) { s -= lo + hi; k -= 2 }
			printf "%s %.1f\n", p, int(s / k * 10 + 0.5) / 10
		}
	}' | sort
}
got() {
	$M report --db $db --format csv | tail -n +2 |
		awk -F, '{ print $3, $2 }' | sort
}

# (キ) awaiting the committee: r04's P07 is not counted, and flagged.
$M tally --db $db > tally.pending
grep -q 'shinsa-merge decide P07 r04 allow|refuse' tally.pending ||
	fail "pending (キ) not shown"
got > got.pending; expected 0 > exp.pending
cmp -s got.pending exp.pending || { diff got.pending exp.pending; fail "tally (pending)"; }
$M report --db $db --format csv | grep '^[0-9]*,[0-9.]*,P07,' | grep -q pending ||
	fail "P07 not flagged pending"

# Raw totals beside deviation scores: P01 by r01 is 89*4+20 = 376; P05 by
# r03 is withdrawn for (ア) and P05 is left with 2 reviewers: no trim.
$M tally --db $db > tally.txt
grep -q ' r01 376/' tally.txt || fail "raw total of P01 by r01 is not 376"
grep -q ' r03 -/-\[withdrawn\]' tally.txt || fail "(ア) not shown withdrawn"
$M report --db $db --format csv | grep ',P05,' | grep -q 'no-trim' ||
	fail "P05 not flagged no-trim"

# The committee allows the (キ) review, then refuses it.
$M decide --db $db P07 r04 allow >/dev/null
got > got.allow; expected 1 > exp.allow
cmp -s got.allow exp.allow || { diff got.allow exp.allow; fail "tally (allowed)"; }
$M decide --db $db P07 r04 refuse >/dev/null
got > got.refuse; expected 0 > exp.refuse
cmp -s got.refuse exp.refuse || { diff got.refuse exp.refuse; fail "tally (refused)"; }
$M report --db $db --format csv | grep ',P07,' | grep -q 'pending' &&
	fail "P07 still pending after the decision"
cmp -s got.allow got.refuse && fail "the (キ) decision changed nothing"
$M decide --db $db P07 r04 allow >/dev/null

# Every report format.
$M report --db $db --format json -o report.json
$M report --db $db --format html -o report.html
$M report --db $db --format csv --bom -o report.csv
head -c 3 report.csv | od -An -tx1 | grep -q 'ef bb bf' || fail "no BOM"
grep -q '<svg' report.html || fail "html without chart"
grep -q '"ranking":\["P' report.json || fail "json without ranking"
[ "$(stat -c %a report.html)" = 600 ] || fail "report not private"

# Publish and verify.
$M publish --db $db -s sec.key bundle >/dev/null
$V -p sec.pub bundle > verify.out || { cat verify.out; fail "shinsa-verify"; }
grep -q '^VERIFIED' verify.out || fail "no verdict"
for f in bundle/sheets/*.json; do
	r=$(basename "$f" | cut -d. -f1)
	minisign -V -q -p bundle/keys/$r.pub -m "$f" || fail "minisign -V $f"
done
[ "$(ls bundle/sheets/*.json | wc -l)" -eq 6 ] || fail "6 sheets expected"
minisign -V -q -p sec.pub -m bundle/results.json || fail "minisign -V results"
$M status --db $db | grep -q 'r01 .* 2  .*(2 kept)' || fail "status"
echo "merge_round: ok"
rm -rf "$t"
