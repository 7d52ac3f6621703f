#!/bin/sh
# The three imports treat their header the same way: every column must be
# one the import reads, once. An extra column ("note"), a misspelt one
# ("certification", "Name"), a column given twice or one with no name is
# refused at line 1 with its column number, listing the columns that are
# read, and the round file is left as it was; proposals import also reads
# the rubric's fact columns. Before this, reviewers and assign import
# ignored extra columns while proposals import refused them.
#   $1 build dir, $2 source dir, $3 shared dir. Exit 77 to skip.
set -eu
build=$(cd "$1" && pwd) src=$(cd "$2" && pwd)
M=$build/merge/shinsa-merge
K=$build/keys/shinsa-keys
for b in "$M" "$K"; do [ -x "$b" ] || { echo "skip: no $b"; exit 77; }; done
export LANG=C.UTF-8 TZ=UTC SHINSA_NOW=2024-07-01T09:00:00Z
t=$build/tests/tmp/import_columns.$$
rm -rf "$t"; mkdir -p "$t"; cd "$t"
fail() { echo "FAIL: $*" >&2; exit 1; }

for k in sec r01; do $K generate -i $k --unprotected > /dev/null; done
key=$(tail -1 r01.pub)
$M init --round R1 --title t --rubric "$src/data/rubrics/chiiki-2020.json" \
	--secretariat-key sec.pub --db r.db > /dev/null

# refused WHAT WHY CSV-TEXT: "WHAT import" of the text is refused with
# exactly WHY and changes nothing.
refused() {
	printf '%s' "$3" > bad.csv
	cp r.db before.db
	if $M $1 import --db r.db bad.csv > out.txt 2> err.txt; then
		fail "$1 import accepted: $3"
	fi
	[ "$(cat err.txt)" = "shinsa-merge: $2" ] ||
		fail "$1 import: wanted \"shinsa-merge: $2\", got \"$(cat err.txt)\""
	cmp -s r.db before.db || fail "$1 import changed the round file"
}
P='id,title,applicant,variant,prefecture'
row='P1,題,者,chiiki-miryoku,01,1.5,80'
pcols='id, title, applicant, variant, prefecture, certifications, facts, documents, or students_per_pc, lan_rate'
refused proposals "bad.csv:1:8: column \"note\" is not one of $pcols: remove it, or correct its name" \
	"$P,students_per_pc,lan_rate,note
$row,memo
"
refused proposals "bad.csv:1:8: column \"certification\" is not one of $pcols: remove it, or correct its name" \
	"$P,students_per_pc,lan_rate,certification
$row,eruboshi-1
"
refused proposals 'bad.csv:1:8: column "lan_rate" appears twice (also column 7): which one would count is not clear' \
	"$P,students_per_pc,lan_rate,lan_rate
$row,80
"
refused reviewers 'bad.csv:1:4: column "note" is not one of id, name, public_key: remove it, or correct its name' \
	"id,name,public_key,note
r01,名,$key,memo
"
refused reviewers 'bad.csv:1:2: column "Name" is not one of id, name, public_key: remove it, or correct its name' \
	"id,Name,public_key
r01,名,$key
"
refused reviewers 'bad.csv:1:4: a column with no name: every column must be one of id, name, public_key' \
	"id,name,public_key,
r01,名,$key,
"

# The good files import, then the same rule for assignments.
printf '%s,students_per_pc,lan_rate\n%s\n' "$P" "$row" > p.csv
$M proposals import --db r.db p.csv > /dev/null || fail "p.csv refused"
printf 'public_key,name,id\n%s,名,r01\n' "$key" > rv.csv
$M reviewers import --db r.db rv.csv > /dev/null || fail "rv.csv refused (columns in another order)"
refused assign 'bad.csv:1:3: column "note" is not one of reviewer, proposal: remove it, or correct its name' \
	"reviewer,proposal,note
r01,P1,memo
"
refused assign 'bad.csv:1:3: column "reviewer" appears twice (also column 1): which one would count is not clear' \
	"reviewer,proposal,reviewer
r01,P1,r02
"
printf 'reviewer,proposal\nr01,P1\n' > a.csv
$M assign import --db r.db a.csv > /dev/null || fail "a.csv refused"
echo "import_columns: ok"
rm -rf "$t"
