#!/bin/sh
# The secretariat's steps of README.ja.md run as written, top to bottom:
# every ```sh block between its secretariat-steps markers, in one
# directory holding the CSVs a secretariat would have (the demo's). The
# only change is --passphrase-file after each key, as no terminal is
# here to ask. Then the refusals a clerk meets when a step is mistyped:
# a missing argument is named, in both languages; an unknown rubric
# names the bundled ones and where they are; and the demo's suggestion
# to a reviewer names the key, as shinsa needs it.
#   $1 build dir, $2 source dir, $3 shared dir. Exit 77 to skip.
set -eu
build=$1 src=$2
for p in merge/shinsa-merge keys/shinsa-keys; do
	[ -x "$build/$p" ] || { echo "skip: no $build/$p"; exit 77; }
done
export TZ=UTC LANG=C.UTF-8 LANGUAGE=ja
unset SHINSA_DB SHINSA_RUBRICS
t=$build/tests/tmp/readme_secretariat.$$
rm -rf "$t"; mkdir -p "$t/bin" "$t/run"; cd "$t"
fail() { echo "FAIL: $*" >&2; exit 1; }
ln -s "$build/merge/shinsa-merge" "$build/keys/shinsa-keys" \
    "$build/merge/shinsa-verify" bin/
PATH=$t/bin:$PATH

"$build/merge/shinsa-merge" demo demo > demo.out
cp demo/proposals.csv demo/reviewers.csv demo/assignments.csv run/
cp -R demo/docs run/
(umask 077; printf 'readme-test-passphrase\n' > run/pf)

# The blocks, their lines as the README has them (indented in a list).
awk '/<!-- secretariat-steps/ { on = 1; next }
    /<!-- \/secretariat-steps/ { on = 0 }
    on && /^ *```sh/ { sh = 1; next }
    on && /^ *```/ { sh = 0; next }
    on && sh { sub(/^   /, ""); print }' "$src/README.ja.md" > steps.sh
grep -q '^shinsa-keys generate' steps.sh || fail "no generate step in README.ja.md"
grep -q '^shinsa-merge issue' steps.sh || fail "no issue step in README.ja.md"
sed -e 's/^shinsa-keys generate .*/& --passphrase-file pf/' \
    -e 's/ -s sec\.key / -s sec.key --passphrase-file pf /' \
    steps.sh > run/steps.sh
(cd run && sh -eu steps.sh) > steps.out 2>&1 ||
	{ cat steps.out; fail "README.ja.md's secretariat steps fail"; }
n=$(ls run/outbox/*.shinsa-package | wc -l)
[ "$n" -eq 5 ] || fail "the README's issue step wrote $n packages, not 5"

# A missing argument is named, not left to the usage line.
cd run
if shinsa-merge publish --db r.db > out 2>&1; then fail "publish ran"; fi
grep -q 'publish: 次の指定がありません: -s 秘密鍵、ディレクトリ' out ||
	{ cat out; fail "publish without -s and DIR does not say so"; }
if LANGUAGE= shinsa-merge publish --db r.db > out 2>&1; then fail "ran"; fi
grep -q 'publish: not given: -s SECRETKEY, DIR' out ||
	{ cat out; fail "publish (en) does not say what is missing"; }
if shinsa-merge decide --db r.db P01 > out 2>&1; then fail "decide ran"; fi
grep -q 'decide: 次の指定がありません: 審査委員、allow|refuse' out ||
	{ cat out; fail "decide does not name its missing arguments"; }
if shinsa-merge tally --db r.db x > out 2>&1; then fail "tally ran"; fi
grep -q 'tally: 指定が多すぎます（"x" から後は不要です）' out ||
	{ cat out; fail "tally does not name the extra argument"; }
if shinsa-keys show > out 2>&1; then fail "keys show ran"; fi
grep -q 'show: 次の指定がありません: 鍵ファイル' out ||
	{ cat out; fail "shinsa-keys show does not name its argument"; }
if shinsa-verify > out 2>&1; then fail "verify ran"; fi
grep -q '次の指定がありません: 監査用の一式のディレクトリ' out ||
	{ cat out; fail "shinsa-verify does not name its argument"; }

# An unknown rubric names the bundled ones and their directory; a
# bundled one's id and file name both work.
if shinsa-merge rubric show kakine-2042 > out 2>&1; then fail "ran"; fi
grep -q 'kakine-2024' out && grep -q "$src/data/rubrics" out ||
	{ cat out; fail "an unknown rubric does not name the bundled ones"; }
shinsa-merge rubric show kakine-2024.json > /dev/null ||
	fail "a bundled rubric's file name is refused"
if shinsa-merge init --round R2 --title t --rubric ./kakine-2024 \
    --secretariat-key sec.pub --db r2.db > out 2>&1; then
	fail "init took a path that is not there"
fi
[ ! -e r2.db ] || fail "a refused init left a round"

# The demo's suggestion runs as printed: the key is an option of shinsa.
cd ..
grep -q "shinsa -s demo/keys/r01.key demo/outbox/R2024-kakine-r01.shinsa-package" \
    demo.out || { cat demo.out; fail "the demo's suggestion lacks -s"; }

rm -rf "$t"
echo "readme_secretariat: ok"
