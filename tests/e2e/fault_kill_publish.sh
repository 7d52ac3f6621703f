#!/bin/sh
# kill -9 during `shinsa-merge publish DIR`, at every one of its
# file-changing calls (tests/tools/crashpoint.so SIGKILLs the real binary
# just before its k-th write, sync, truncate, rename, unlink or mkdir, for
# every k from 1 to T; once more torn where the k-th call writes a bundle
# file). After each crash:
#   - the store passes integrity_check and is as before publish or as
#     after one clean publish (which logs itself in the round, for
#     announce);
#   - no bundle file is half-written under its final name: every file in
#     DIR is byte for byte the clean bundle's;
#   - DIR is all or nothing: absent or empty, or the whole bundle, equal
#     to a clean one file for file and accepted by shinsa-verify; never a
#     bundle without its signed results, nor results without the sheets
#     they name (publish builds it in .DIR.tmp-XXXXXX beside DIR and
#     renames that to DIR last);
#   - `publish DIR` again exits 0 and leaves DIR equal to one clean run's
#     bundle, which shinsa-verify accepts, and no .DIR.tmp-XXXXXX beside
#     it; the store as after one clean publish, or two when the crash
#     came after the first had logged itself.
# The clean run's trace shows every file synced, the temporary's
# directories synced before the rename, and the parent after it; and a
# publish removes only its own DIR's temporaries, by their exact name.
# No timing: the crash point is a call count, the same every run.
#   $1 build dir, $2 source dir, $3 shared dir. Exit 77 to skip.
set -eu
build=$1 src=$2
M=$build/merge/shinsa-merge
V=$build/merge/shinsa-verify
S=$build/tests/tools/mksheet
P=$build/tests/tools/crashpoint.so
for b in "$M" "$V" "$S"; do [ -x "$b" ] || { echo "skip: no $b"; exit 77; }; done
[ -f "$P" ] || { echo "skip: no $P"; exit 77; }
for c in minisign sqlite3; do
	command -v $c >/dev/null || { echo "skip: no $c"; exit 77; }
done
export LANG=C.UTF-8 TZ=UTC SHINSA_NOW=2026-07-01T09:00:00Z
t=$build/tests/tmp/fault_kill_publish.$$
rm -rf "$t"; mkdir -p "$t"; cd "$t"
fail() { echo "FAIL: $*" >&2; exit 1; }
. "$src/tests/e2e/lib/crashround.sh"
small_round
$S -k r01.key -p out/R1-r01.shinsa-package -o 4.sheet -r 2 -s 'K1=4,*=3'
$M ingest --db base.db -s sec.key 1.sheet 2.sheet 3.sheet 4.sheet >/dev/null
$M decide --db base.db K3 r02 allow >/dev/null
snap base.db > before.snap

# The clean run, counted and traced.
cp base.db clean.db
m SHINSA_CRASH_COUNT=count SHINSA_CRASH_TRACE=trace \
	$M publish --db clean.db -s sec.key clean > clean.out ||
	fail "clean publish: $(cat clean.out)"
$V -p sec.pub clean > verify.out 2>&1 || fail "clean bundle: $(cat verify.out)"
snap clean.db > after.snap
# A crash after publish logged itself, then publish again: logged twice.
cp clean.db twice.db
m $M publish --db twice.db -s sec.key twice > /dev/null || fail "publish twice"
snap twice.db > twice.snap
rm -rf twice twice.db*
T=$(cat count)
[ "$T" -ge 20 ] || fail "only $T calls counted"
# The order that makes a kill harmless: each bundle file written then
# synced, the temporary's directories synced, one rename, the parent
# synced last.
tmpre='/\.clean\.tmp-[A-Za-z0-9]\{6\}'
nw=$(grep -c "^[0-9]* write .*$tmpre/" trace) || true
ns=$(grep -c "^[0-9]* fsync .*$tmpre/.*\.[a-z]*\$" trace) || true
[ "$nw" -ge 15 ] && [ "$nw" -eq "$ns" ] ||
	fail "clean run: $nw bundle files written, $ns synced: $(cat trace)"
# (Up to the parent's sync: then publish logs itself in the round,
# which announce reads, and SQLite syncs what it syncs.)
grep -v '\.db' trace | awk '{ print } r { exit } / rename / { r = 1 }' |
	tail -n 5 | sed "s/^[0-9]* //; s|$t/||; s|$t\$|.|;
	s|\./||; s/tmp-[A-Za-z0-9]*/tmp-X/g" > tail.trace
printf '%s\n' 'fsync .clean.tmp-X/keys' 'fsync .clean.tmp-X/sheets' \
	'fsync .clean.tmp-X' 'rename .clean.tmp-X clean' 'fsync .' > tail.want
cmp -s tail.trace tail.want || fail "clean run ends: $(cat tail.trace)"
(cd clean && find . -type f | LC_ALL=C sort) > clean.files
[ "$(wc -l < clean.files)" -ge 15 ] || fail "clean bundle: $(cat clean.files)"

points=0 torn=0 whole=0 none=0
k=1
while [ $k -le "$T" ]; do
	for mode in kill torn; do
		grep -q "^$k [a-z0-9]* .*-shm\$" trace && continue
		if [ $mode = torn ]; then
			grep -q "^$k write .*$tmpre/" trace || continue
			torn=$((torn + 1))
		fi
		rm -rf bundle .bundle.tmp-* work.db work.db-wal work.db-shm
		cp base.db work.db
		rc=0
		if [ $mode = torn ]; then
			m SHINSA_CRASH_AT=$k SHINSA_CRASH_TORN=1 \
			    $M publish --db work.db -s sec.key bundle > run.out 2>&1 || rc=$?
		else
			m SHINSA_CRASH_AT=$k \
			    $M publish --db work.db -s sec.key bundle > run.out 2>&1 || rc=$?
		fi
		[ $rc -eq 137 ] || fail "crash point $k: exit $rc, not killed ($(cat run.out))"
		# Looked at in a copy: opening a store recovers its WAL, and
		# publish again must meet the store exactly as the crash left it.
		rm -f look.db look.db-wal look.db-shm
		for f in work.db work.db-wal work.db-shm; do
			[ ! -e $f ] || cp $f look${f#work}
		done
		snap look.db > crash.snap
		[ "$(sed -n 1p crash.snap)" = ok ] && [ "$(wc -l < crash.snap)" -eq 3 ] ||
			fail "crash point $k: integrity: $(cat crash.snap)"
		cmp -s crash.snap before.snap || cmp -s crash.snap after.snap ||
			fail "crash point $k: the store is neither before nor after publish"
		# Every file under its final name is whole.
		if [ -d bundle ]; then
			for f in $(cd bundle && find . -type f); do
				case $f in *.tmp-*) continue ;; esac
				cmp -s "bundle/$f" "clean/$f" ||
					fail "crash point $k: bundle/$f is not the clean bundle's (half-written?)"
			done
		fi
		# All or nothing.
		n=0
		[ -d bundle ] && n=$(find bundle -type f | wc -l)
		if [ "$n" -eq 0 ]; then
			none=$((none + 1)) at=nothing
		else
			(cd bundle && find . -type f | LC_ALL=C sort) | cmp -s - clean.files ||
				fail "crash point $k: half a bundle under the final name ($n files of $(wc -l < clean.files)$([ -e bundle/results.json ] || echo ', no results.json'))"
			$V -p sec.pub bundle > verify.out 2>&1 ||
				fail "crash point $k: the bundle left does not verify: $(cat verify.out)"
			whole=$((whole + 1)) at=whole
		fi
		# Again: one clean run's bundle.
		if [ $at = whole ]; then rm -rf bundle; fi
		m $M publish --db work.db -s sec.key bundle > again.out 2>&1 ||
			fail "crash point $k: publish again: $(cat again.out)"
		[ -z "$(ls -d .bundle.tmp-* 2>/dev/null)" ] ||
			fail "crash point $k: published again, a temporary is left: $(ls -d .bundle.tmp-*)"
		# Byte for byte the clean bundle, which shinsa-verify accepted
		# above: verifying it again would only repeat that.
		diff -r bundle clean > diff.out || fail "crash point $k: published again, the bundle differs: $(head -5 diff.out)"
		snap work.db > again.snap
		cmp -s again.snap after.snap || cmp -s again.snap twice.snap ||
			fail "crash point $k: published again, the store differs from one clean publish"
		echo "crash point $k ($mode) of $T: bundle $at: ok"
		points=$((points + 1))
	done
	k=$((k + 1))
done
[ $torn -gt 0 ] || fail "no torn writes: the trace names no bundle file"

# Only this DIR's temporaries, by their exact name, are removed: not
# another bundle's, not a longer or shorter name, not a file.
rm -rf bundle
mkdir .bundle.tmp-abc123 .bundle.tmp-abc12 .bundle.tmp-abc1234 .other.tmp-abc123
touch .bundle.tmp-abc123/round.json .bundle.tmp-abc12/keep .bundle.tmp-abc1234/keep \
	.other.tmp-abc123/keep .bundle.tmp-fileXY
$M publish --db base.db -s sec.key bundle > run.out 2>&1 || fail "publish: $(cat run.out)"
diff -r bundle clean > diff.out || fail "bundle differs: $(head -5 diff.out)"
[ ! -e .bundle.tmp-abc123 ] || fail "a stale temporary was left"
for f in .bundle.tmp-abc12/keep .bundle.tmp-abc1234/keep .other.tmp-abc123/keep \
	.bundle.tmp-fileXY; do
	[ -e $f ] || fail "$f was removed"
done
# The rule as before: DIR must be new or an empty directory, which the
# bundle replaces.
$M publish --db base.db -s sec.key bundle > run.out 2>&1 &&
	fail "publish over a bundle was accepted"
grep -q "^shinsa-merge: publish: bundle must be a new or empty directory\$" run.out ||
	fail "publish over a bundle: $(cat run.out)"
diff -r bundle clean > diff.out || fail "a refused publish changed the bundle"
rm -rf bundle; mkdir bundle
$M publish --db base.db -s sec.key bundle/ > run.out 2>&1 || fail "publish into an empty DIR: $(cat run.out)"
diff -r bundle clean > diff.out || fail "publish into an empty DIR: $(head -5 diff.out)"
[ "$(ls -d .bundle.tmp-??????)" = .bundle.tmp-fileXY ] ||
	fail "a temporary is left: $(ls -d .bundle.tmp-*)"

echo "fault_kill_publish: ok ($points crash points over $T calls, $torn torn writes; $none left no bundle, $whole a whole one)"
rm -rf "$t"
