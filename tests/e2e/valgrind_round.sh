#!/bin/sh
# valgrind memcheck over a small but whole chiiki-2020 round, every
# program invocation under memcheck (leaks definite, indirect and possible
# count as errors): shinsa-keys makes the keys; shinsa-merge init,
# proposals import (with a document), reviewers add, assign import, issue;
# sheets sealed by the mksheet test tool (a revision, an (ア) and a (キ)
# conflict); ingest with one damaged sheet refused, the same sheet again,
# tally, status, decide, report in every format, publish; shinsa-verify
# on the bundle and on an edited one; the usual error paths (bad CSV,
# wrong key, usage errors); and the workstation's non-interactive
# commands (open, form export, status, a refused submit). Each run's
# valgrind log is kept under the build tree; the test fails if any run
# reports an error or a leak, printing the logs.
# Skips in a sanitizer build (valgrind cannot run ASan binaries) and
# when valgrind is missing.
#   $1 build dir, $2 source dir, $3 shared dir. Exit 77 to skip.
set -eu
build=$(cd "$1" && pwd) src=$(cd "$2" && pwd)
M=$build/merge/shinsa-merge
V=$build/merge/shinsa-verify
K=$build/keys/shinsa-keys
W=$build/tui/shinsa
S=$build/tests/tools/mksheet
for b in "$M" "$V" "$K" "$S"; do [ -x "$b" ] || { echo "skip: no $b"; exit 77; }; done
command -v valgrind >/dev/null || { echo "skip: no valgrind"; exit 77; }
if grep -Eq '^SHINSA_(SANITIZE|FUZZ):BOOL=(ON|TRUE|1)$' "$build/CMakeCache.txt" 2>/dev/null ||
    grep -q -e __asan_init -e __msan_init -e __tsan_init "$M"; then
	echo "skip: sanitizer build, valgrind cannot run it"; exit 77
fi
export LANG=C.UTF-8 TZ=UTC SHINSA_NOW=2026-07-01T09:00:00Z
t=$build/tests/tmp/valgrind_round.$$
logs=$build/tests/valgrind
rm -rf "$t" "$logs"; mkdir -p "$t" "$logs"; cd "$t"
fail() { echo "FAIL: $*" >&2; exit 1; }
. "$src/tests/e2e/lib/poke.sh"

# vg WANT CMD [ARGS]: runs CMD under memcheck; its exit status must be
# WANT. valgrind's own verdict (exit 99, or anything in the quiet log) is
# collected and judged at the end, so that one run shows every finding.
n=0 bad=0
vg() {
	want=$1; shift
	n=$((n + 1))
	log=$logs/$(printf '%02d-%s-%s' $n "$(basename "$1")" "${2:-}" |
		tr -c 'A-Za-z0-9.-' _).log
	printf '%s\n' "$*" > "$log.cmd"
	set +e
	valgrind -q --tool=memcheck --leak-check=full \
		--show-leak-kinds=definite,indirect,possible \
		--errors-for-leak-kinds=definite,indirect,possible \
		--error-exitcode=99 --track-origins=yes --num-callers=30 \
		--log-file="$log" "$@"
	rc=$?
	set -e
	if [ "$rc" -eq 99 ] || [ -s "$log" ]; then
		bad=$((bad + 1))
		echo "valgrind: $(basename "$log"): $*" >&2
	elif [ "$rc" -ne "$want" ]; then
		fail "exit $rc, wanted $want: $*"
	fi
	return 0
}

# Keys: shinsa-keys makes them (unprotected: scrypt under memcheck would
# take minutes), shows one and exports an age identity.
for k in sec r01 r02 r03; do vg 0 "$K" generate -i $k --unprotected >/dev/null; done
vg 0 "$K" show r01.sec >/dev/null
vg 0 "$K" export-age-identity -o r01.age r01.sec >/dev/null
vg 2 "$K" frobnicate 2>/dev/null
[ -s r01.age ] || fail "no age identity"

db=round.db
vg 0 "$M" init --round R-vg --title "令和2年度 地域との協働 valgrind" \
	--rubric "$src/data/rubrics/chiiki-2020.json" --secretariat-key sec.pub \
	--db $db >/dev/null
vg 1 "$M" init --round R-vg --title again \
	--rubric "$src/data/rubrics/chiiki-2020.json" --secretariat-key sec.pub \
	--db $db 2>/dev/null
mkdir -p docs && printf '構想調書 P01\n' > docs/P01.pdf
cat > proposals.csv <<'CSV'
id,title,applicant,variant,prefecture,students_per_pc,lan_rate,certifications,documents
P01,地域魅力化の探究,北海道教育委員会,chiiki-miryoku,01,1.0,100,eruboshi-1;platinum-kurumin,docs/P01.pdf
P02,海外連携の学び,青森県教育委員会,global,02,1.5,80,,
P03,専門学科の実践,岩手県教育委員会,pro-single,03,2.5,60,kurumin-new,
P04,学科連携の試み,宮城県教育委員会,pro-joint,04,3.5,40,,
P05,島の高校の挑戦,秋田県教育委員会,chiiki-miryoku,05,5,20,,
P06,国際バカロレア準備,山形県教育委員会,global,06,0.8,90,,
CSV
printf 'id,title,applicant,variant,prefecture\nP07,題,者,global,48\n' > bad.csv
vg 1 "$M" proposals import --db $db bad.csv 2>/dev/null
vg 0 "$M" proposals import --db $db proposals.csv >/dev/null
i=1; for r in r01 r02 r03; do
	vg 0 "$M" reviewers add --db $db $r "審査委員$i" $r.pub >/dev/null
	i=$((i + 1))
done
printf 'reviewer,proposal\nr01,P01\nr01,P02\nr01,P03\nr01,P04\nr02,P01\nr02,P02\nr02,P05\nr02,P06\nr03,P01\nr03,P03\nr03,P04\nr03,P05\nr03,P06\n' > assign.csv
vg 0 "$M" assign import --db $db assign.csv >/dev/null
vg 0 "$M" issue --db $db -s sec.sec --outbox outbox >/dev/null
[ "$(ls outbox/*.shinsa-package | wc -l)" -eq 3 ] || fail "3 packages expected"

pkg() { echo outbox/R-vg-$1.shinsa-package; }
vg 0 "$S" -k r01.sec -p "$(pkg r01)" -o r01.r1.sheet -r 1 -s '*=3'
vg 0 "$S" -k r01.sec -p "$(pkg r01)" -o r01.r2.sheet -r 2 -s 'P01=4,P02=3,P03=5,P04=2'
vg 0 "$S" -k r02.sec -p "$(pkg r02)" -o r02.sheet -s 'P01=5,P02=4,P05=3,P06=2' -d P06=g
vg 0 "$S" -k r03.sec -p "$(pkg r03)" -o r03.sheet -s 'P01=3,P03=4,P04=4,P05=5,P06=3' -d P05=a
cp r02.sheet damaged.sheet
poke damaged.sheet 300

vg 1 "$M" ingest --db $db -s sec.sec r01.r1.sheet damaged.sheet r02.sheet \
	r03.sheet > ingest.out 2> ingest.err
grep -q 'refused: .*damaged or altered' ingest.err &&
	grep -q '^    cannot decrypt' ingest.err || fail "damaged sheet: $(cat ingest.err)"
grep -q '3 accepted or already had, 1 refused' ingest.out ||
	fail "ingest: $(cat ingest.out)"
vg 0 "$M" ingest --db $db -s sec.sec r01.r2.sheet > ingest2.out
grep -q 'accepted: r01 revision 2 (replaces revision 1, kept)' ingest2.out ||
	fail "revision 2: $(cat ingest2.out)"
vg 0 "$M" ingest --db $db -s sec.sec r02.sheet > ingest3.out
grep -q 'already have' ingest3.out || fail "same sheet again: $(cat ingest3.out)"
vg 1 "$M" ingest --db $db -s r01.sec r02.sheet >/dev/null 2>&1

vg 0 "$M" tally --db $db > tally.pending
grep -q 'shinsa-merge decide P06 r02 allow|refuse' tally.pending ||
	fail "pending (キ) not shown"
vg 0 "$M" status --db $db > status.out
grep -q '^proposals  6$' status.out || fail "status: $(cat status.out)"
grep -q ' r03 -/-\[withdrawn\]' tally.pending || fail "(ア) not shown withdrawn"
vg 0 "$M" decide --db $db P06 r02 allow >/dev/null

for f in text csv json html; do
	vg 0 "$M" report --db $db --format $f > report.$f
	[ -s report.$f ] || fail "empty $f report"
done
vg 0 "$M" report --db $db --format csv --bom -o report-bom.csv
head -c 3 report-bom.csv | od -An -tx1 | grep -q 'ef bb bf' || fail "no BOM"
vg 2 "$M" report --db $db --format pdf 2>/dev/null
grep -q '"ranking":\["P' report.json || fail "json without ranking"
grep ',P06,' report.csv | grep -q pending && fail "P06 pending after decide"

vg 0 "$M" publish --db $db -s sec.sec bundle >/dev/null
vg 0 "$V" -p sec.pub bundle > verify.out
grep -q '^VERIFIED' verify.out || fail "verify: $(cat verify.out)"
cp -r bundle edited
sed -i 's/"tenths":\([0-9]*\)/"tenths":1\1/' edited/results.json
vg 1 "$V" -p sec.pub edited > verify-edited.out 2>&1
grep -q '^NOT VERIFIED' verify-edited.out || fail "edited bundle: $(cat verify-edited.out)"

# The workstation, what runs without a terminal: open r01's package
# (pinning the secretariat's key), export the review form, status (3:
# submission blocked) and a submit refused for the same reason.
if [ -x "$W" ]; then
	export XDG_DATA_HOME="$t/ws"
	fp=$("$K" show sec.pub | sed -n 's/^fingerprint: *\([0-9A-F ]*[0-9A-F]\).*/\1/p')
	vg 0 "$W" --help >/dev/null
	vg 0 "$W" -s r01.sec --pin "$fp" --no-screens open "$(pkg r01)" </dev/null 2>/dev/null
	vg 0 "$W" -s r01.sec form export -o form.txt 2>/dev/null
	grep -q '^==+== Proposal: P01$' form.txt || fail "form export: $(head -3 form.txt)"
	vg 3 "$W" -s r01.sec status > ws-status.out 2>&1
	vg 1 "$W" -s r01.sec submit -o ws.sheet > ws-submit.out 2>&1
	[ ! -e ws.sheet ] || fail "an incomplete review was submitted"
fi

if [ "$bad" -ne 0 ]; then
	for l in "$logs"/*.log; do
		[ -s "$l" ] || continue
		echo "== $(cat "$l.cmd")" >&2
		cat "$l" >&2
	done
	fail "$bad of $n runs with valgrind findings (logs in $logs)"
fi
echo "valgrind_round: ok ($n runs clean)"
rm -rf "$t"
