#!/bin/sh
# proposals import: a fact may be in its own column, in the facts cell,
# or in both when both say the same; an empty cell gives nothing (so an
# empty lan_rate column defers to the facts cell). Two different values
# for one fact, or two different certification lists, are refused with
# file:line:column naming the column cell and the facts cell's column, and
# the round file is left as it was. What was imported is read back from
# report --format json.
#   $1 build dir, $2 source dir, $3 shared dir. Exit 77 to skip.
set -eu
build=$(cd "$1" && pwd) src=$(cd "$2" && pwd)
M=$build/merge/shinsa-merge
K=$build/keys/shinsa-keys
for b in "$M" "$K"; do [ -x "$b" ] || { echo "skip: no $b"; exit 77; }; done
command -v jq >/dev/null || { echo "skip: no jq"; exit 77; }
export LANG=C.UTF-8 TZ=UTC SHINSA_NOW=2024-07-01T09:00:00Z
t=$build/tests/tmp/proposals_facts.$$
rm -rf "$t"; mkdir -p "$t"; cd "$t"
fail() { echo "FAIL: $*" >&2; exit 1; }

$K generate -i sec --unprotected > /dev/null
$M init --round R1 --title t --rubric "$src/data/rubrics/chiiki-2020.json" \
	--secretariat-key sec.pub --db r.db > /dev/null
H=id,title,applicant,variant,prefecture,students_per_pc,lan_rate,certifications,facts

# refused WHY CSV-LINE: a one-row file is refused with exactly WHY and
# changes nothing.
refused() {
	printf '%s\n%s\n' "$H" "$2" > bad.csv
	cp r.db before.db
	if $M proposals import --db r.db bad.csv > out.txt 2> err.txt; then
		fail "accepted: $2"
	fi
	[ "$(cat err.txt)" = "shinsa-merge: $1" ] ||
		fail "for $2: wanted \"shinsa-merge: $1\", got \"$(cat err.txt)\""
	cmp -s r.db before.db || fail "the round file changed: $2"
}
refused 'bad.csv:2:7: lan_rate is 80 in this column but 75 in the facts cell (column 9): give it once, or the same in both' \
	'P1,題,者,chiiki-miryoku,01,1.5,80,,lan_rate=75'
refused 'bad.csv:2:6: students_per_pc is 1.5 in this column but 1.25 in the facts cell (column 9): give it once, or the same in both' \
	'P1,題,者,chiiki-miryoku,01,1.5,,,students_per_pc=1.25;lan_rate=80'
refused 'bad.csv:2:8: certifications "eruboshi-1" here but other ones in the facts cell (column 9): give them once, or the same in both' \
	'P1,題,者,chiiki-miryoku,01,1.5,80,eruboshi-1,certifications=eruboshi-1 kurumin-new'
refused 'bad.csv:2:7: no lan_rate: variant chiiki-miryoku item 10-2 needs it, in column lan_rate or in the facts cell' \
	'P1,題,者,chiiki-miryoku,01,1.5,,,'
refused 'bad.csv:2:9: lan_rate 120 is outside item 10-2'"'"'s domain' \
	'P1,題,者,chiiki-miryoku,01,1.5,,,lan_rate=120'
refused 'bad.csv:2:8: certifications: certification eruboshi-1 given twice' \
	'P1,題,者,chiiki-miryoku,01,1.5,80,eruboshi-1;eruboshi-1,'
refused 'bad.csv:2:9: certification "gold" is not an option of variant chiiki-miryoku; its options are: eruboshi-1, eruboshi-2, eruboshi-3, eruboshi-plan, kurumin-old, kurumin-new, platinum-kurumin, youth-yell' \
	'P1,題,者,chiiki-miryoku,01,1.5,80,,certifications=gold'

# Accepted: an empty column deferring to the cell, the same value in
# both (1.50 and 1.5 are one number), the same certifications in
# another order, certifications from the cell alone.
cat > ok.csv <<CSV
$H
P1,題,者,chiiki-miryoku,01,,,,students_per_pc=1.5;lan_rate=80
P2,題,者,chiiki-miryoku,02,1.50,80,,students_per_pc=1.5;lan_rate=80
P3,題,者,chiiki-miryoku,03,2,60,eruboshi-1;kurumin-new,certifications=kurumin-new eruboshi-1
P4,題,者,chiiki-miryoku,04,3,,,lan_rate=40;certifications=platinum-kurumin
CSV
$M proposals import --db r.db ok.csv > out.txt 2> err.txt ||
	fail "ok.csv refused: $(cat err.txt)"
$M report --db r.db --format json | jq -c '.proposals[] | [.id, .facts]' > facts.txt
cat > want.txt <<'EOF'
["P1",{"students_per_pc":1.5,"lan_rate":80,"certifications":[]}]
["P2",{"students_per_pc":1.5,"lan_rate":80,"certifications":[]}]
["P3",{"students_per_pc":2,"lan_rate":60,"certifications":["eruboshi-1","kurumin-new"]}]
["P4",{"students_per_pc":3,"lan_rate":40,"certifications":["platinum-kurumin"]}]
EOF
diff want.txt facts.txt > /dev/null || fail "facts imported: $(diff want.txt facts.txt)"
echo "proposals_facts: ok"
rm -rf "$t"
