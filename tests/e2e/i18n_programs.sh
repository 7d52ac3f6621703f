#!/bin/sh
# shinsa-merge, shinsa-verify and shinsa-keys speak Japanese under
# LANGUAGE=ja (help, usage, an ingest refusal with core's own error,
# the verify report on a good and a tampered bundle, key errors), keep
# the words an auditor's script greps (ok, FAIL, VERIFIED, NOT VERIFIED)
# and the refusal journal's English, and say exactly what they said
# before in English under LANG=C.UTF-8 with no LANGUAGE.
#   $1 build dir, $2 source dir, $3 shared dir. Exit 77 to skip.
set -eu
build=$1 src=$2
M=$build/merge/shinsa-merge
V=$build/merge/shinsa-verify
K=$build/keys/shinsa-keys
S=$build/tests/tools/mksheet
for b in "$M" "$V" "$K" "$S"; do [ -x "$b" ] || { echo "skip: no $b"; exit 77; }; done
command -v minisign >/dev/null || { echo "skip: no minisign"; exit 77; }
[ -f "$build/locale/ja/LC_MESSAGES/shinsa.mo" ] ||
	{ echo "skip: no catalogue in $build/locale"; exit 77; }
unset LANGUAGE LC_ALL LC_MESSAGES SHINSA_LOCALEDIR
export LANG=C.UTF-8 TZ=UTC SHINSA_NOW=2026-07-01T09:00:00Z
t=$build/tests/tmp/i18n_programs.$$
rm -rf "$t"; mkdir -p "$t"; cd "$t"
trap 'cd /; rm -rf "$t"' EXIT
fail() { echo "FAIL: $*" >&2; exit 1; }
ja() { LANGUAGE=ja "$@"; }
has() {	# FILE TEXT: FILE has a line containing TEXT
	grep -qF -- "$2" "$1" || fail "\"$2\" not in $1: $(cat "$1")"
}

# --- shinsa-merge: help, usage, errors ---
ja $M --help >ja.txt
has ja.txt '使い方: shinsa-merge コマンド [オプション] [引数]'
has ja.txt '  init               審査回を作ります（審査基準と事務局の公開鍵）'
has ja.txt '  ingest             署名・暗号化された評価票を受け付けます'
$M --help >en.txt
cat >want.txt <<'END'
usage: shinsa-merge COMMAND [options] [arguments]

The secretariat's tool: set up a round, issue packages, ingest
signed sheets, tally, report and publish an audit bundle.

commands:
  init               create a round: its rubric and the secretariat's public key
END
head -7 en.txt | cmp -s - want.txt || fail "English help changed: $(cat en.txt)"
has en.txt "'shinsa-merge COMMAND --help' for a command's usage; shinsa-merge(1) for everything."
! ja $M ingest 2>ja.txt || fail "ingest without files succeeded"
has ja.txt '使い方: shinsa-merge ingest '
! ja $M nosuch 2>ja.txt || fail "an unknown command succeeded"
has ja.txt 'shinsa-merge: 「nosuch」というコマンドはありません'
! $M nosuch 2>en.txt || fail "an unknown command succeeded"
has en.txt "shinsa-merge: unknown command \"nosuch\" ('shinsa-merge --help' lists them)"

# --- a round, sheets and a bundle ---
for k in sec r01 r02; do minisign -G -W -p $k.pub -s $k.key >/dev/null; done
$M init --round R1 --title "言語 試験" --secretariat-key sec.pub \
	--rubric "$src/data/rubrics/kakine-2024.json" --db r.db >/dev/null
printf 'id,title,applicant,variant,prefecture,certifications\n' >p.csv
for i in 1 2 3; do
	printf 'K%s,構想%s,県%s,kakine,%02d,\n' $i $i $i $((i * 7)) >>p.csv
done
$M proposals import --db r.db p.csv >/dev/null
printf 'reviewer,proposal\n' >a.csv
for r in r01 r02; do
	ja $M reviewers add --db r.db $r "委員 $r" $r.pub >ja.txt
	has ja.txt "審査委員 $r を登録しました。受信者 age1"
	for i in 1 2 3; do echo "$r,K$i" >>a.csv; done
done
ja $M assign import --db r.db a.csv >ja.txt
has ja.txt '6件の割り当てを取り込みました'
$M issue --db r.db -s sec.key --outbox out >/dev/null
$S -k r01.key -p out/R1-r01.shinsa-package -o 1.sheet -s 'K1=5,K2=4,K3=3'
$S -k r02.key -p out/R1-r02.shinsa-package -o 2.sheet -s 'K1=4,K2=4,K3=2'

# --- an ingest refusal: the clerk's words, core's error, the summary ---
mkfifo ff
! ja $M ingest --db r.db -s sec.key ff out/R1-r01.shinsa-package \
	>ja.txt 2>ja.err || fail "refused files were accepted"
has ja.err 'ff: 受け付けませんでした: ff: 読み込みませんでした（名前付きパイプであり'
has ja.err 'R1-r01.shinsa-package: 受け付けませんでした: '
has ja.txt '受付・受付済み 0件、受付不可 2件、未保存 0件'
# The journal is one English record whatever the locale.
has r.db.refusals 'ff: not read: it is a named pipe, and only a regular file can be read'
! $M ingest --db r.db -s sec.key ff >en.txt 2>en.err || fail "a FIFO was accepted"
cat >want.txt <<'END'
ff: refused: ff: not read: it is a named pipe, and only a regular file can be read
END
cmp -s en.err want.txt || fail "English refusal changed: $(cat en.err)"
grep -q '^0 accepted or already had, 1 refused, 0 not stored (' en.txt ||
	fail "English summary changed: $(cat en.txt)"
ja $M ingest --db r.db -s sec.key 1.sheet 2.sheet >ja.txt
has ja.txt '1.sheet: 受け付けました: r01 第1版'
has ja.txt '受付・受付済み 2件、受付不可 0件、未保存 0件'
ja $M status --db r.db >ja.txt
has ja.txt '受け付けなかったファイル 3件'
$M publish --db r.db -s sec.key good >/dev/null

# --- shinsa-verify: a good and a tampered bundle ---
ja $V -p sec.pub good >ja.txt || fail "a good bundle fails: $(cat ja.txt)"
has ja.txt 'ok    results.json は事務局が署名しています（固定された鍵 '
has ja.txt 'ok    sheets/r01.r1.json は r01 が署名しています（現在の版）'
grep -qx 'VERIFIED: すべての署名が正しく、結果は評価票から導かれます' ja.txt ||
	fail "no Japanese verdict: $(cat ja.txt)"
$V -p sec.pub good >en.txt
grep -qx 'ok    sheets/r01.r1.json signed by r01 (current)' en.txt ||
	fail "English report changed: $(cat en.txt)"
grep -qx 'VERIFIED: every signature holds and the results follow from the sheets' \
	en.txt || fail "English verdict changed: $(cat en.txt)"
cp -r good bad
sed -i 's/"score":"\([0-9]*\)\.\([0-9]\)"/"score":"9\1.\2"/' bad/results.json
! ja $V -p sec.pub bad >ja.txt || fail "a tampered bundle verified"
grep -q '^FAIL  results.json: 署名: ' ja.txt || fail "no Japanese FAIL: $(cat ja.txt)"
grep -qx 'NOT VERIFIED: 問題 1件' ja.txt || fail "no Japanese verdict: $(cat ja.txt)"
! $V -p sec.pub bad >en.txt || fail "a tampered bundle verified"
grep -q '^FAIL  results.json: signature: ' en.txt || fail "English FAIL changed"
grep -qx 'NOT VERIFIED: 1 problem' en.txt || fail "English verdict changed: $(cat en.txt)"
! ja $V -p sec.pub ff >ja.txt || fail "a FIFO verified"
has ja.txt 'FAIL  ff: 監査用の一式ではありません（名前付きパイプです。'

# --- shinsa-keys: show and generate errors, help ---
! ja $K show nothere.pub 2>ja.txt || fail "show on a missing file succeeded"
has ja.txt 'shinsa-keys: nothere.pub: '
! ja $K generate 2>ja.txt || fail "generate without -i succeeded"
has ja.txt 'shinsa-keys: generate: -i ID を指定してください'
has ja.txt '使い方: shinsa-keys generate -i ID [-p 公開鍵]'
! $K generate 2>en.txt || fail "generate without -i succeeded"
cat >want.txt <<'END'
shinsa-keys: generate: -i id is required
usage: shinsa-keys generate -i id [-p pubkey] [-s seckey] [-f] [--unprotected | --passphrase-file path]
Try 'shinsa-keys generate --help'.
END
cmp -s en.txt want.txt || fail "English generate error changed: $(cat en.txt)"
! ja $K show sec.pub --passphrase-file x 2>ja.txt || fail "a public key took a passphrase"
has ja.txt 'sec.pub: 公開鍵にパスフレーズは要りません'
ja $K show --help >ja.txt
has ja.txt 'ID、鍵番号、フィンガープリント、age の受信者を表示します'
ja $K show sec.pub >ja.txt
has ja.txt '鍵番号:             '
has ja.txt 'ファイル:           sec.pub（公開鍵）'
echo ok
