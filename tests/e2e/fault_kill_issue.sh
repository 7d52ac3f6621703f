#!/bin/sh
# kill -9 during `shinsa-merge issue`, at every one of its file-changing
# calls: the real binary runs under tests/tools/crashpoint.so, which
# SIGKILLs it just before its k-th write, sync, truncate, rename, unlink
# or mkdir (the store's through SQLite and the package files' own), for
# every k from 1 to T, the number a whole run makes (but those on SQLite's
# -shm file, which holds nothing durable); where the k-th call writes a
# package file, once more with that write torn (its first half written);
# where the k-th call writes a package, renames it into place or syncs a
# commit, instead of a kill, a disk that fills there: that call
# and every later write, sync and rename fail with ENOSPC, and issue exits
# 1 with a message, or 0 when only SQLite's checkpoint after the last
# commit met it. After each crash or failure:
#   - PRAGMA integrity_check and foreign_key_check pass, and nothing but
#     the packages table and the log has changed;
#   - the packages recorded are the first j of a clean run's, each with
#     its log line (no half transaction);
#   - every file under a package's final name in the outbox is whole and
#     recorded: its SHA-256 is one the store recorded for that reviewer
#     and path, so no package can be sent that the round does not know
#     it issued;
#   - `issue` again, on the store as the crash left it (once for each
#     distinct state: as many records, a WAL of the same size, the same
#     kinds of file in the outbox), exits 0 and
#     leaves what one clean run leaves: the outbox holding the packages
#     and nothing else (no temporaries), the latest record of each
#     reviewer (issued, path) as a clean run's, each package file the one
#     recorded last, and stock age opens it to a clean run's plaintext
#     (packages are encrypted afresh each time, so the sealed bytes
#     differ; what they open to does not).
# The clean run's trace also shows each file synced before it is renamed
# into place and its directory synced after.
# No timing: the crash point is a call count, the same every run.
#   $1 build dir, $2 source dir, $3 shared dir. Exit 77 to skip.
set -eu
build=$1 src=$2
M=$build/merge/shinsa-merge
K=$build/keys/shinsa-keys
P=$build/tests/tools/crashpoint.so
for b in "$M" "$K"; do [ -x "$b" ] || { echo "skip: no $b"; exit 77; }; done
[ -f "$P" ] || { echo "skip: no $P"; exit 77; }
for c in minisign age sqlite3; do
	command -v $c >/dev/null || { echo "skip: no $c"; exit 77; }
done
export LANG=C.UTF-8 TZ=UTC SHINSA_NOW=2026-07-01T09:00:00Z
t=$build/tests/tmp/fault_kill_issue.$$
rm -rf "$t"; mkdir -p "$t"; cd "$t"
fail() { echo "FAIL: $*" >&2; exit 1; }
# m VAR=VALUE... PROGRAM ARGS: under the shim. Syncs are counted but
# skipped: a killed process loses nothing the kernel holds, so the test
# need not wait for the disk (the trace still shows where they are).
m() { env LD_PRELOAD="$P" SHINSA_CRASH_NOSYNC=1 "$@"; }

rs="r01 r02"
for k in sec $rs; do minisign -G -W -p $k.pub -s $k.key >/dev/null; done
for r in $rs; do $K export-age-identity -o $r.id $r.key; done
mkdir docs
printf '構想調書 K1\n' > docs/k1.txt
printf '%s\n' 'id,title,applicant,variant,prefecture,documents' \
	'K1,遠隔授業の拠点,北海道教育委員会,kakine,01,docs/k1.txt' \
	'K2,通信制との連携,岩手県教育委員会,kakine,03,' \
	'K3,学びの保障,東京都教育委員会,kakine,13,' > proposals.csv
printf 'reviewer,proposal\nr01,K1\nr01,K2\nr02,K2\nr02,K3\n' > assign.csv
$M init --round R1 --title "令和6年度 垣根" \
	--rubric "$src/data/rubrics/kakine-2024.json" --secretariat-key sec.pub \
	--db base.db >/dev/null
$M proposals import --db base.db proposals.csv >/dev/null
for r in $rs; do $M reviewers add --db base.db $r "委員 $r" $r.pub >/dev/null; done
$M assign import --db base.db assign.csv >/dev/null
nlog=$(sqlite3 base.db 'SELECT count(*) FROM log')

# snap DB: one sqlite3 run, one line each: "ok" from integrity_check
# (anything else is damage, as is any foreign_key_check line), "row
# REVIEWER ISSUED PATH SHA256" per package, "log TEXT" per log line after
# the base's, "latest REVIEWER ISSUED PATH SHA256" per reviewer, and
# "rest HASH" over every row of every other table (the shell's
# sha3_query).
snap() {
	m sqlite3 -batch "$1" "PRAGMA integrity_check; PRAGMA foreign_key_check;
	    SELECT 'row ' || reviewer || ' ' || issued || ' ' || path || ' ' ||
	    sha256 FROM packages ORDER BY seq;
	    SELECT 'log ' || what FROM log WHERE seq > $nlog ORDER BY seq;
	    SELECT 'latest ' || reviewer || ' ' || issued || ' ' || path ||
	    ' ' || sha256 FROM packages p WHERE seq = (SELECT max(seq) FROM
	    packages WHERE reviewer = p.reviewer) ORDER BY reviewer;
	    SELECT 'rest ' || hex(sha3_query('SELECT * FROM round;
	    SELECT * FROM proposals; SELECT * FROM reviewers;
	    SELECT * FROM assignments; SELECT * FROM sheets;
	    SELECT * FROM decisions'));"
}

# The clean run, counted and traced.
cp base.db clean.db
m SHINSA_CRASH_COUNT=count SHINSA_CRASH_TRACE=trace \
	$M issue --db clean.db -s sec.key --outbox out > clean.out ||
	fail "clean issue: $(cat clean.out)"
T=$(cat count)
[ "$T" -ge 20 ] || fail "only $T calls counted"
snap clean.db > clean.snap
sed -n 's/^row \(.*\) [0-9a-f]*$/\1/p' clean.snap > clean.rows
[ "$(wc -l < clean.rows)" -eq 2 ] || fail "clean: $(cat clean.snap)"
grep '^rest ' clean.snap > base.rest
for r in $rs; do
	age -d -i $r.id out/R1-$r.shinsa-package > clean.$r ||
		fail "clean package of $r does not open"
done
# Durability, from the trace: what is renamed into place was synced
# first (itself, or under the name it was renamed from), and its
# directory is synced after the rename; a directory made (the outbox)
# has its parent synced after.
awk -v cwd="$(pwd -P)" '
function base(p) { sub(/.*\//, "", p); return p }
function abs(p) { return p ~ /^\// ? p : cwd "/" p }
$2 ~ /sync$/ { synced[base($3)] = 1; dsync[$3] = $1 }
$2 == "rename" {
	if (!(base($3) in synced)) { print $3 " renamed unsynced"; bad = 1 }
	synced[base($4)] = 1
	d = abs($4); sub(/\/[^\/]*$/, "", d); renamed[$4] = $1; dir[$4] = d
}
$2 == "mkdir" { d = abs($3); sub(/\/[^\/]*$/, "", d); renamed[$3] = $1; dir[$3] = d }
END {
	for (f in renamed)
		if (dsync[dir[f]] < renamed[f]) {
			print f ": directory not synced after the rename or mkdir"; bad = 1
		}
	exit bad
}' trace > sync.txt || fail "$(cat sync.txt)"

# check WHAT [N]: the checks after a crash (j: how many packages are
# recorded), or after issue again following a crash that left N.
check() {
	# Looked at in a copy: opening a store recovers its WAL, and issue
	# again must meet the store exactly as the crash left it.
	rm -f look.db look.db-wal look.db-shm
	for f in work.db work.db-wal work.db-shm; do
		[ ! -e $f ] || cp $f look${f#work}
	done
	snap look.db > snap
	[ "$(sed -n 1p snap)" = ok ] || fail "$1: integrity: $(sed -n 1p snap)"
	grep -v '^ok$\|^row \|^log \|^latest \|^rest ' snap && fail "$1: foreign keys"
	grep '^rest ' snap | cmp -s - base.rest ||
		fail "$1: more than packages and the log changed"
	sed -n 's/^row \(.*\) [0-9a-f]*$/\1/p' snap > rows
	j=$(wc -l < rows)
	if [ $# -eq 1 ]; then
		head -n "$j" clean.rows | cmp -s - rows ||
			fail "$1: packages are not a clean run's first $j"
	else
		{ head -n "$2" clean.rows; cat clean.rows; } | cmp -s - rows ||
			fail "$1: packages are not the first $2 and a clean run's"
	fi
	sed -n 's/^row \([^ ]*\) [^ ]* [^ ]* \(.*\)/log package issued to \1, sha256 \2/p' \
		snap > log.want
	grep '^log ' snap | cmp -s - log.want || fail "$1: the log does not match the packages"
	for f in $(ls -A out 2>/dev/null); do
		case $f in
		R1-r0[12].shinsa-package|*.tmp-*|.R1-r0[12].shinsa-package.new) ;;
		*) fail "$1: out/$f" ;;
		esac
	done
	ls out/R1-r0[12].shinsa-package > /dev/null 2>&1 || return 0
	sha256sum out/R1-r0[12].shinsa-package | while read -r sha f; do
		r=${f#out/R1-}; r=${r%.shinsa-package}
		grep -q "^row $r [^ ]* $f $sha\$" snap ||
			fail "$1: $f is not whole or not recorded in the store"
	done
}

points=0 torn=0 full=0 litter=0
k=1
while [ $k -le "$T" ]; do
	for mode in kill torn full; do
		# The -shm file is SQLite's index of the WAL, rebuilt from it
		# on recovery: a crash before writing it is a crash before the
		# next call.
		grep -q "^$k [a-z0-9]* .*-shm\$" trace && continue
		if [ $mode = torn ]; then
			# Torn only where the k-th call writes a package file.
			grep -q "^$k write .*shinsa-package" trace || continue
			torn=$((torn + 1))
		fi
		# The disk fills at a package's write or its rename into
		# place, or at a commit's sync.
		[ $mode = full ] && ! grep -q "^$k \(write .*package\|rename .*\.new out/\|fdatasync .*-wal\)" trace &&
			continue
		rm -rf out work.db work.db-wal work.db-shm
		cp base.db work.db
		rc=0
		if [ $mode = torn ]; then
			m SHINSA_CRASH_AT=$k SHINSA_CRASH_TORN=1 \
			    $M issue --db work.db -s sec.key --outbox out \
			    > run.out 2>&1 || rc=$?
		elif [ $mode = full ]; then
			m SHINSA_CRASH_AT=$k SHINSA_CRASH_ENOSPC=1 \
			    $M issue --db work.db -s sec.key --outbox out \
			    > run.out 2>&1 || rc=$?
			# Failed, saying so; or done, when only SQLite's
			# checkpoint after the last commit met the full disk.
			# (Why is fault_enospc's to check, on a real full disk:
			# here statvfs sees room, and a failed sync leaves
			# SQLite no errno to keep.)
			[ $rc -eq 0 ] || grep -q '^shinsa-merge: .' run.out ||
				fail "disk full at call $k: exit $rc: $(cat run.out)"
			[ $rc -le 1 ] || fail "disk full at call $k: exit $rc"
			full=$((full + 1)) rc=137
		else
			m SHINSA_CRASH_AT=$k \
			    $M issue --db work.db -s sec.key --outbox out \
			    > run.out 2>&1 || rc=$?
		fi
		[ $rc -eq 137 ] || fail "crash point $k: exit $rc, not killed ($(cat run.out))"
		check "crash point $k ($mode)"
		at=$j
		n=$(ls -A out 2>/dev/null | grep -c 'tmp-' || true)
		litter=$((litter + n))
		# Issuing again from a state already tried (as many records,
		# the same kinds of file in the outbox, a WAL of the same size)
		# would try nothing new.
		state="$j $(wc -c < work.db-wal 2>/dev/null || echo -) $(ls -A out 2>/dev/null | sed 's/tmp-.*/tmp-/' | tr '\n' ' ')"
		if grep -qxF "$state" states 2>/dev/null; then
			echo "crash point $k ($mode) of $T: $at packages recorded, $n temporaries left (issuing again as above): ok"
			points=$((points + 1))
			continue
		fi
		echo "$state" >> states
		m $M issue --db work.db -s sec.key --outbox out > again.out 2>&1 ||
			fail "crash point $k: issue again: $(cat again.out)"
		check "crash point $k, issued again" $at
		sed -n 's/^latest \(.*\) [0-9a-f]*$/\1/p' snap | cmp -s - clean.rows ||
			fail "crash point $k: issued again, the latest records differ"
		sha256sum out/R1-r01.shinsa-package out/R1-r02.shinsa-package |
		while read -r sha f; do
			r=${f#out/R1-}; r=${r%.shinsa-package}
			grep -q "^latest $r .* $sha\$" snap ||
				fail "crash point $k: $f is not the one recorded last"
		done
		# Whole and the same inside: one reviewer's, in turn.
		r=r0$((k % 2 + 1))
		age -d -i $r.id out/R1-$r.shinsa-package | cmp -s - clean.$r ||
			fail "crash point $k: issued again, $r's package opens to another plaintext"
		[ "$(ls -A out | tr '\n' ' ')" = "R1-r01.shinsa-package R1-r02.shinsa-package " ] ||
			fail "crash point $k: issued again, the outbox holds $(ls -A out | tr '\n' ' ')"
		echo "crash point $k ($mode) of $T: $at packages recorded, $n temporaries left: ok"
		points=$((points + 1))
	done
	k=$((k + 1))
done
echo "fault_kill_issue: ok ($points crash points over $T calls, $torn torn writes, $full disks full; $litter temporaries left, all removed by issue again)"
rm -rf "$t"
