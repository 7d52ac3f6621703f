#!/bin/sh
# A reviewer who is not a programmer, from an empty HOME to a sheet the
# secretariat accepts, with nothing but `shinsa` (issue 18), in the real
# binary in tmux, in English (r01) and in Japanese (r02):
#  1. `shinsa` alone opens the welcome screen; Enter makes the key (id,
#     a too-short passphrase refused, then one typed twice, never shown)
#     at minisign's real scrypt limits (no test-only knob: we wait for
#     the marker); the screen shows the public key file's full path and
#     the fingerprint shinsa-keys prints. Key 0600 in a 0700 directory
#     under $XDG_CONFIG_HOME/shinsa.
#  2. The secretariat (shinsa-merge) registers the two public keys as
#     printed, assigns a kakine proposal to each and issues packages.
#  3. English: `shinsa` (the passphrase on the terminal), o, the path
#     typed as ~/in + Tab + Tab. Japanese: `shinsa PATH` with the quotes
#     and trailing space a terminal adds to a dropped file. Both: the
#     fingerprint screen shows the secretariat's fingerprint, y pins;
#     declare, score every item, submit; the sealed sheet's path is on
#     the screen; c copies it to a folder typed with ~ and Tab; c again
#     asks before replacing, and n leaves it.
#  4. shinsa-merge ingest accepts both copies.
#   $1 build dir, $2 source dir. Exit 77 to skip.
set -eu
build=$1 src=$2
S=$build/tui/shinsa
M=$build/merge/shinsa-merge
K=$build/keys/shinsa-keys
command -v tmux >/dev/null 2>&1 || { echo "skip: no tmux"; exit 77; }
for b in "$S" "$M" "$K"; do [ -x "$b" ] || { echo "skip: no $b"; exit 77; }; done
export LANG=C.UTF-8 TZ=UTC
t=$build/tests/tmp/first_start.$$
sock=shinsa-first-$$
rm -rf "$t"; mkdir -p "$t"; cd "$t"
. "$src/tests/e2e/lib/tmux.sh"
# wait_long TEXT: scrypt at its real limits takes seconds, more on a
# loaded machine: up to ~5 minutes.
wait_long() { wait_for "$1" 6000; }
# joined: the screen as one line, wrapping undone (spaces squeezed).
joined() { $T capture-pane -p -t "$sess" | tr -s '\n ' '  '; }
# nospace: the screen without spaces or line ends, for a wrapped path.
nospace() { $T capture-pane -p -t "$sess" | tr -d '\n '; }
type_line() { $T send-keys -t "$sess" -l "$1"; $T send-keys -t "$sess" Enter; }
fpr_of() { "$K" show "$1" | sed -n 's/^fingerprint: *\([0-9A-F ]*[0-9A-F]\).*/\1/p'; }
spaced() { echo "$1" | sed 's/ /  /g'; }
pass='correct horse battery'

# The environment of a fresh account: nothing but HOME and the XDG dirs.
envs() {
	echo "env -u SHINSA_HOME -u SHINSA_SECRET_KEY -u SHINSA_LOCALEDIR" \
	    "HOME=$t/$1 XDG_CONFIG_HOME=$t/$1/.config" \
	    "XDG_DATA_HOME=$t/$1/.local/share LANG=C.UTF-8 TZ=UTC TERM=screen" \
	    "$2"
}

# 1. make_key HOMEDIR ID LANGUAGE: the first start.
make_key() {
	h=$1 id=$2 lang=$3
	mkdir -p "$t/$h"
	$T new-session -d -s "$sess" -x 80 -y 24 \
	    "$(envs $h "$lang") $S; echo EXIT=\$?; sleep 600"
	if [ -n "$lang" ]; then wait_for "shinsa: はじめに"; wait_for "三つの手順"
	else wait_for "shinsa: Welcome"; wait_for "Three steps before you review"; fi
	$T send-keys -t "$sess" Enter
	wait_for "$(msg "Your reviewer id:")"
	type_line "$id"
	wait_for "$(msg "New passphrase:")"
	type_line "short"
	wait_for "$(msg "Too short")"
	type_line "$pass"
	wait_for "$(msg "The same passphrase again:")"
	type_line "$pass"
	wait_long "$(msg "Your key is ready.")"
	joined | grep -q "horse" && fail "the passphrase was shown"
	d=$t/$h/.config/shinsa
	[ "$(stat -c %a "$d")" = 700 ] || fail "key directory mode"
	[ "$(stat -c %a "$d/reviewer.key")" = 600 ] || fail "secret key mode"
	nospace | grep -qF "$d/reviewer.pub" || fail "no full public key path"
	f=$(fpr_of "$d/reviewer.pub")
	[ -n "$f" ] || fail "shinsa-keys show: no fingerprint"
	$T capture-pane -p -t "$sess" | grep -qxF "    $f" ||
		fail "the fingerprint is not the one shinsa-keys shows ($f)"
	grep -q "^untrusted comment: minisign encrypted secret key" \
	    "$d/reviewer.key" || fail "the key is not protected"
	$T send-keys -t "$sess" Q
	wait_for "EXIT=0"
	restart
}
# msg KEY: a marker in the language of the run ($lang): English, Japanese.
msg() {
	case $1 in
	"Your reviewer id:") set -- "$1" "審査委員ID:";;
	"New passphrase:") set -- "$1" "新しいパスフレーズ:";;
	"Too short") set -- "$1" "短すぎます";;
	"The same passphrase again:") set -- "$1" "同じパスフレーズをもう一度:";;
	"Your key is ready.") set -- "$1" "鍵の準備ができました。";;
	"Passphrase") set -- "Passphrase for your secret key:" "秘密鍵のパスフレーズ:";;
	"Check") set -- "shinsa: Check the secretariat's key" "shinsa: 事務局の鍵の確認";;
	"Proposals") set -- "shinsa: Proposals" "shinsa: 構想一覧";;
	"Conflict") set -- "shinsa: Conflict of interest" "shinsa: 利害関係の申告";;
	"Scoring") set -- "shinsa: Scoring" "shinsa: 採点";;
	"ready") set -- " ready" "提出可";;
	"Nothing blocks") set -- "Nothing blocks submission." "提出を妨げる問題はありません。";;
	"Submit now") set -- "Submit the sheet now?" "評価票を提出しますか？";;
	"Your sealed sheet") set -- "Your sealed sheet, revision 1, is this file:" "封をした評価票（第1版）は次のファイルです";;
	"Copy to") set -- "Copy to the folder (Tab completes):" "コピー先のフォルダ（Tab で補完）:";;
	"Copied") set -- "Copied to:" "コピーしました:";;
	"Replace") set -- "Replace it?" "置き換えますか？";;
	"Not copied") set -- "Not copied." "コピーしませんでした。";;
	*) fail "test: no marker $1";;
	esac
	if [ -n "$lang" ]; then echo "$2"; else echo "$1"; fi
}

make_key en r01 ""
make_key ja r02 "LANGUAGE=ja"

# 2. The secretariat: the public keys as the reviewers sent them.
"$K" generate -i sec --unprotected -p sec.pub -s sec.key >/dev/null
printf '%s\n' 'id,title,applicant,variant,prefecture,documents' \
	'K1,遠隔授業の拠点,北海道教育委員会,kakine,01,' > proposals.csv
printf 'reviewer,proposal\nr01,K1\nr02,K1\n' > assign.csv
$M init --round R1 --title "令和6年度 垣根" \
	--rubric "$src/data/rubrics/kakine-2024.json" --secretariat-key sec.pub \
	--db round.db >/dev/null
$M proposals import --db round.db proposals.csv >/dev/null
$M reviewers add --db round.db r01 "委員 一" "$t/en/.config/shinsa/reviewer.pub" >/dev/null
$M reviewers add --db round.db r02 "委員 二" "$t/ja/.config/shinsa/reviewer.pub" >/dev/null
$M assign import --db round.db assign.csv >/dev/null
$M issue --db round.db -s sec.key --outbox outbox >/dev/null
mkdir -p "$t/en/inbox" "$t/ja/my inbox" "$t/en/usb" "$t/ja/usb"
cp outbox/R1-r01.shinsa-package "$t/en/inbox/"
cp outbox/R1-r02.shinsa-package "$t/ja/my inbox/"
secfpr=$(fpr_of sec.pub)

# The keys that score every item of a kakine proposal, in order: 4 for a
# judged item (no comment needed), 0 for a bonus item; the cursor moves
# on by itself (the certification item is scored from the facts).
scores=44444444444000444444004004400

# 3. review HOMEDIR ID LANGUAGE COMMAND
review() {
	h=$1 id=$2 lang=$3
	$T new-session -d -s "$sess" -x 80 -y 24 \
	    "$(envs $h "$lang") $4; echo EXIT=\$?; sleep 600"
	wait_for "$(msg Passphrase)"
	type_line "$pass"
}
after_open() {
	wait_long "$(msg Check)"
	$T capture-pane -p -t "$sess" | grep -qxF "    $(spaced "$secfpr")" ||
		fail "the fingerprint screen does not show $secfpr"
	$T send-keys -t "$sess" y
	wait_for "$(msg Proposals)"
	$T send-keys -t "$sess" Enter
	wait_for "$(msg Conflict)"
	$T send-keys -t "$sess" n
	wait_for "$(msg Scoring)"
	$T send-keys -t "$sess" -l "$scores"
	$T send-keys -t "$sess" q
	wait_for "$(msg Proposals)"
	wait_for "$(msg ready)"
	$T send-keys -t "$sess" s
	wait_for "$(msg "Nothing blocks")"
	$T send-keys -t "$sess" S
	wait_for "$(msg "Submit now")"
	$T send-keys -t "$sess" y
	wait_long "$(msg "Your sealed sheet")"
	sheet=$t/$h/.local/share/shinsa/outbox/R1-$id-r1.shinsa-sheet
	[ -f "$sheet" ] || fail "no sealed sheet at $sheet"
	nospace | grep -qF "$(echo "$sheet" | tr -d ' ')" ||
		fail "the sheet's full path is not on the screen"
	$T send-keys -t "$sess" C
	wait_for "$(msg "Copy to")"
	$T send-keys -t "$sess" -l "~/us"
	$T send-keys -t "$sess" Tab
	wait_for "~/usb/"
	$T send-keys -t "$sess" Enter
	wait_for "$(msg Copied)"
	nospace | grep -qF "$(echo "$t/$h/usb/R1-$id-r1.shinsa-sheet" | tr -d ' ')" ||
		fail "the copy's full path is not on the screen"
	cmp "$sheet" "$t/$h/usb/R1-$id-r1.shinsa-sheet" ||
		fail "the copy differs from the sealed sheet"
	[ "$(ls "$t/$h/usb")" = "R1-$id-r1.shinsa-sheet" ] ||
		fail "more than the sealed sheet was copied: $(ls "$t/$h/usb")"
	# Again: asked before replacing; n keeps the file there.
	echo keep > "$t/$h/usb/R1-$id-r1.shinsa-sheet"
	$T send-keys -t "$sess" C
	wait_for "$(msg "Copy to")"
	type_line "~/usb"
	wait_for "$(msg Replace)"
	$T send-keys -t "$sess" n
	wait_for "$(msg "Not copied")"
	[ "$(cat "$t/$h/usb/R1-$id-r1.shinsa-sheet")" = keep ] ||
		fail "a file was replaced without asking"
	cp "$sheet" "$t/$h/usb/"
	$T send-keys -t "$sess" Q
	wait_for "EXIT=0"
	restart
}

# English: o, then the path typed with ~ and Tab completion.
review en r01 "" "$S"
wait_long "$(msg "Your key is ready.")"
$T send-keys -t "$sess" o
wait_for "Package file (Tab completes):"
$T send-keys -t "$sess" -l "~/in"
$T send-keys -t "$sess" Tab
wait_for "~/inbox/"
$T send-keys -t "$sess" Tab
wait_for "~/inbox/R1-r01.shinsa-package"
$T send-keys -t "$sess" Enter
after_open
# Japanese: the path as a terminal pastes a dropped file.
review ja r02 "LANGUAGE=ja" "$S \"'$t/ja/my inbox/R1-r02.shinsa-package' \""
after_open

# 4. The secretariat takes the copies.
$M ingest --db round.db -s sec.key "$t/en/usb/R1-r01-r1.shinsa-sheet" \
    "$t/ja/usb/R1-r02-r1.shinsa-sheet" > ingest.out 2>&1 ||
	fail "ingest: $(cat ingest.out)"
grep -q 'accepted: r01 revision 1' ingest.out || fail "r01: $(cat ingest.out)"
grep -q 'accepted: r02 revision 1' ingest.out || fail "r02: $(cat ingest.out)"
echo "first_start: ok"
rm -rf "$t"
