# A chiiki-2020 round of 12 proposals for the committee's tests, sourced
# after $build and $src are set, in an empty working directory: keys
# (sec, r01-r05, unprotected), round.db with proposals, reviewers,
# assignments and ingested sheets. Each reviewer scores every judged item
# of a proposal alike; r02's P09, r04's P12 and r05's P08 are all 2s
# (markedly many 2s and 1s); r04 declares (キ) on P07 in writing (awaiting the
# committee); r01 and r05 write conditions (計画の修正等の条件), r05's
# with markup in it (<i>&</i>) for the escaping tests.
# Sets M, V, db; needs minisign and tests/tools/mksheet.
M=$build/merge/shinsa-merge
V=$build/merge/shinsa-verify
S=$build/tests/tools/mksheet
for b in "$M" "$V" "$S"; do [ -x "$b" ] || { echo "skip: no $b"; exit 77; }; done
command -v minisign >/dev/null || { echo "skip: no minisign"; exit 77; }
. "$src/tests/e2e/lib/chiiki_init.sh"
{
	echo "id,title,applicant,variant,prefecture,students_per_pc,lan_rate,certifications,documents"
	i=1
	for v in chiiki-miryoku global pro-single pro-joint; do
		for k in 1 2 3; do
			printf 'P%02d,構想%d,県教育委員会%d,%s,%02d,2,60,,\n' \
			    $i $i $i $v $i
			i=$((i + 1))
		done
	done
} > proposals.csv
$M proposals import --db $db proposals.csv >/dev/null
i=1; for r in r01 r02 r03 r04 r05; do
	$M reviewers add --db $db $r "審査委員$i" $r.pub >/dev/null; i=$((i + 1))
done
{
	echo reviewer,proposal
	for a in r01:P01,P02,P03,P04,P05,P06,P07 r02:P01,P02,P03,P08,P09,P10,P11 \
	    r03:P04,P05,P06,P07,P08,P09,P12 r04:P01,P03,P05,P07,P10,P11,P12 \
	    r05:P02,P04,P06,P08,P09,P10,P11,P12; do
		for p in $(echo "${a#*:}" | tr , ' '); do echo "${a%%:*},$p"; done
	done
} > assign.csv
$M assign import --db $db assign.csv >/dev/null
$M issue --db $db -s sec.key --outbox outbox >/dev/null
pkg() { echo outbox/R2020-chiiki-$1.shinsa-package; }
$S -k r01.key -p "$(pkg r01)" -o r01.sheet \
	-s "P01=4,P02=3,P03=5,P04=2,P05=3,P06=4,P07=3" -c "P03=実施体制の見直し"
$S -k r02.key -p "$(pkg r02)" -o r02.sheet \
	-s "P01=5,P02=4,P03=3,P08=4,P09=2,P10=3,P11=4"
$S -k r03.key -p "$(pkg r03)" -o r03.sheet \
	-s "P04=3,P05=4,P06=5,P07=4,P08=3,P09=3,P12=4"
$S -k r04.key -p "$(pkg r04)" -o r04.sheet -d P07=g -t "P07=運営指導委員を務めています" \
	-s "P01=3,P03=4,P05=4,P07=5,P10=4,P11=3,P12=2"
$S -k r05.key -p "$(pkg r05)" -o r05.sheet -c "P06=評価計画の具体化<i>&</i>" \
	-s "P02=5,P04=3,P06=4,P08=2,P09=4,P10=5,P11=3,P12=3"
$M ingest --db $db -s sec.key r01.sheet r02.sheet r03.sheet r04.sheet \
	r05.sheet >/dev/null
