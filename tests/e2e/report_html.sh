#!/bin/sh
# The HTML report of a 12-proposal chiiki-2020 round (4 reviewers, 3 per
# proposal, a withdrawn (ア) and a (キ) the committee allowed) is
# self-contained (no scripts, no links, nothing fetched: the only URL is
# the SVG namespace) and opens in headless Chromium with nothing on the
# console; the rendered DOM has the 12 ranked rows, one bar per proposal
# and the reviewers' dots, and both charts have labelled axes with their
# scale's ticks; a screenshot is kept for people to look at:
#   $1/tests/report_html/report.png
# A control page first shows that a console error does reach the log, so
# that its silence for the report means something. Skips without
# Chromium.
#   $1 build dir, $2 source dir, $3 shared dir. Exit 77 to skip.
set -eu
build=$(cd "$1" && pwd) src=$(cd "$2" && pwd)
. "$src/tests/e2e/lib/skip.sh"
M=$build/merge/shinsa-merge
K=$build/keys/shinsa-keys
S=$build/tests/tools/mksheet
for b in "$M" "$K" "$S"; do [ -x "$b" ] || { echo "skip: no $b"; exit 77; }; done
C=${SHINSA_CHROMIUM:-}
if [ -z "$C" ]; then
	for c in chromium chromium-browser; do
		command -v $c >/dev/null && { C=$c; break; }
	done
fi
[ -n "$C" ] || { echo "skip: no chromium"; exit 77; }
export LANG=C.UTF-8 TZ=UTC SHINSA_NOW=2026-07-01T09:00:00Z
t=$build/tests/tmp/report_html.$$
keep=$build/tests/report_html
rm -rf "$t" "$keep"; mkdir -p "$t/home" "$keep"; cd "$t"
fail() { echo "FAIL: $*" >&2; exit 1; }
# Chromium writes caches and settings under HOME: keep them in here.
export HOME="$t/home" XDG_CONFIG_HOME="$t/home/.config" XDG_CACHE_HOME="$t/home/.cache"

for k in sec r01 r02 r03 r04; do $K generate -i $k --unprotected >/dev/null; done
db=round.db
title="令和2年度 地域との協働 書面審査"
$M init --round R2020-chiiki --title "$title" \
	--rubric "$src/data/rubrics/chiiki-2020.json" --secretariat-key sec.pub \
	--db $db >/dev/null
cat > proposals.csv <<'CSV'
id,title,applicant,variant,prefecture,students_per_pc,lan_rate,certifications
P01,地域魅力化の探究,北海道教育委員会,chiiki-miryoku,01,1.0,100,eruboshi-1;platinum-kurumin
P02,海外連携の学び,青森県教育委員会,global,02,1.5,80,
P03,専門学科の実践,岩手県教育委員会,pro-single,03,2.5,60,kurumin-new
P04,学科連携の試み,宮城県教育委員会,pro-joint,04,3.5,40,
P05,島の高校の挑戦,秋田県教育委員会,chiiki-miryoku,05,5,20,
P06,国際バカロレア準備,山形県教育委員会,global,06,0.8,90,
P07,農業と観光の協働,福島県教育委員会,pro-single,07,1.2,100,
P08,工業と商業の連携,茨城県教育委員会,pro-joint,08,2,75,
P09,山間地の学校間連携,栃木県教育委員会,chiiki-miryoku,09,3,50,
P10,英語による探究,群馬県教育委員会,global,10,4,33,
P11,水産高校の地域貢献,埼玉県教育委員会,pro-single,11,0.5,10,
P12,福祉と看護の連携,千葉県教育委員会,pro-joint,12,2.2,99,
CSV
$M proposals import --db $db proposals.csv >/dev/null
# Reviewer k reviews every proposal but those with i % 4 == k - 1, with
# scores spread over 1–5.
echo reviewer,proposal > assign.csv
for k in 1 2 3 4; do
	$M reviewers add --db $db r0$k "審査委員$k" r0$k.pub >/dev/null
	sc=""
	for i in 1 2 3 4 5 6 7 8 9 10 11 12; do
		[ $((i % 4)) -eq $((k - 1)) ] && continue
		p=$(printf 'P%02d' $i)
		echo "r0$k,$p" >> assign.csv
		sc="$sc${sc:+,}$p=$(((i * k + i + k) % 5 + 1))"
	done
	eval "sc$k=\$sc"
done
$M assign import --db $db assign.csv >/dev/null
$M issue --db $db -s sec.sec --outbox outbox >/dev/null
pkg() { echo "outbox/R2020-chiiki-$1.shinsa-package"; }
# shellcheck disable=SC2154
{
	$S -k r01.sec -p "$(pkg r01)" -o r01.sheet -s "$sc1"
	$S -k r02.sec -p "$(pkg r02)" -o r02.sheet -s "$sc2" -d P06=a	# (ア)
	$S -k r03.sec -p "$(pkg r03)" -o r03.sheet -s "$sc3" -d P07=g	# (キ)
	$S -k r04.sec -p "$(pkg r04)" -o r04.sheet -s "$sc4"
}
$M ingest --db $db -s sec.sec r01.sheet r02.sheet r03.sheet r04.sheet > ingest.out ||
	fail "ingest: $(cat ingest.out)"
$M decide --db $db P07 r03 allow >/dev/null
$M report --db $db --format html > report.html
cp report.html "$keep/report.html"

# Self-contained: nothing that a browser would fetch or run.
grep -Eiq '<(script|link|img|iframe|object|embed|base|form)[ >]|(src|href|action|srcset|poster)=|url\(|@import' report.html &&
	fail "the report refers to something outside: $(grep -Eio '<(script|link|img|iframe|object|embed|base|form)[ >]|(src|href|action|srcset|poster)=[^ >]*|url\([^)]*\)|@import' report.html | head -3)"
sed 's|xmlns="http://www.w3.org/2000/svg"||g' report.html | grep -Eq 'https?:|//' &&
	fail "a URL in the report: $(sed 's|xmlns="http://www.w3.org/2000/svg"||g' report.html | grep -Eo '.{20}(https?:|//).{20}' | head -3)"
grep -q "Content-Security-Policy\" content=\"default-src 'none'" report.html ||
	fail "no default-src 'none' policy"

# chrome LOG URL [ARGS]: headless, offline (every host resolves to
# nothing), a fresh profile, the console on LOG.
chrome() {
	log=$1 url=$2; shift 2
	prof=$(mktemp -d "$t/profile.XXXXXX")
	timeout 180 "$C" --headless --no-sandbox --disable-gpu --disable-quic \
		--no-first-run --disable-background-networking --disable-dev-shm-usage \
		--disable-component-update --disable-sync \
		--host-resolver-rules='MAP * ~NOTFOUND' \
		--user-data-dir="$prof" --enable-logging=stderr --v=0 \
		"$@" "$url" 2> "$log" || fail "$C on $url: exit $?: $(tail -5 "$log")"
}

# The control: a page that logs and throws shows up on the console.
printf '<!DOCTYPE html><html><body><p>control</p><script>console.error("shinsa-control-log");throw new Error("shinsa-control-throw")</script></body></html>\n' > control.html
chrome control.log "file://$t/control.html" --dump-dom > control.dom
grep -q 'CONSOLE.*shinsa-control-log' control.log &&
	grep -q 'CONSOLE.*Uncaught Error: shinsa-control-throw' control.log ||
	fail "the console does not reach the log, so it cannot be checked: $(cat control.log)"

chrome dom.log "file://$t/report.html" --dump-dom > dom.html
chrome shot.log "file://$t/report.html" --screenshot="$keep/report.png" \
	--window-size=1280,2000 --hide-scrollbars
cp dom.html dom.log shot.log "$keep/"
for l in dom.log shot.log; do
	if grep -E 'CONSOLE|Uncaught|Refused to' $l; then
		fail "the report logged on the console ($l)"
	fi
done

# What rendered: the title, 12 ranked rows (plus the header), a bar per
# proposal, the (ア) and (キ) marked, and a dot for each raw total and
# each deviation score: 4 reviewers x 9 proposals, less the one withdrawn.
grep -q "<h1>$title</h1>" dom.html || fail "no title in the DOM"
[ "$(grep -o '<tr>' dom.html | wc -l)" -eq 13 ] ||
	fail "$(grep -o '<tr>' dom.html | wc -l) table rows, wanted 13"
[ "$(grep -o '<td class="n">[0-9][0-9]*</td>' dom.html | wc -l)" -eq 12 ] ||
	fail "not 12 ranks in the table"
[ "$(grep -o '<svg' dom.html | wc -l)" -eq 2 ] || fail "not 2 charts"
[ "$(grep -o '<rect' dom.html | wc -l)" -eq 12 ] || fail "not 12 bars"
grep -q '<td class="n"> <span class="flag">withdrawn</span>' dom.html ||
	fail "the (ア) is not shown withdrawn"
grep -q '<span class="flag">ki-allowed</span>' dom.html || fail "no ki-allowed"
for fill in 36c c63; do
	n=$(grep -o "<circle [^>]*fill=\"#$fill\"" dom.html | wc -l)
	[ "$n" -eq 35 ] || fail "$n dots of #$fill, wanted 35"
done

# Axes, as rendered: the ranking's proposal axis and its score scale
# 0–100 in tens; the reviewers' axis, the raw total scale 0–470 (chiiki's
# maximum) in hundreds with 470 at its end, and the deviation scale 20–80
# in tens; each scale titled. The numbers are the tick labels of each
# axis group, in order.
[ "$(grep -o '<g class="axis"' dom.html | wc -l)" -eq 5 ] ||
	fail "$(grep -o '<g class="axis"' dom.html | wc -l) axes, wanted 5"
ticks() {	# TITLE: the tick numbers of the axis titled TITLE, one line
	grep -F "class=\"axis-title\"" dom.html | grep -F ">$1</text>" |
		grep -o '<text x="[0-9.]*" y="[0-9.]*">[0-9]*</text>' |
		sed 's/.*>\([0-9]*\)<.*/\1/' | tr '\n' ' '
}
for want in 'score: trimmed mean of deviation scores|0 10 20 30 40 50 60 70 80 90 100 ' \
	'raw total (0–470)|0 100 200 300 400 470 ' \
	'deviation score|20 30 40 50 60 70 80 '; do
	title=${want%%|*} nums=${want#*|}
	got=$(ticks "$title")
	[ "$got" = "$nums" ] || fail "axis \"$title\": ticks \"$got\", wanted \"$nums\""
done
for title in proposal reviewer; do
	grep -q "class=\"axis-title\"[^>]*>$title</text>" dom.html ||
		fail "no axis titled $title"
done

# The screenshot: a PNG of the window's size.
[ "$(head -c 8 "$keep/report.png" | od -An -tx1 | tr -d ' ')" = 89504e470d0a1a0a ] ||
	fail "screenshot is not a PNG"
wh=$(od -An -tu1 -j16 -N8 "$keep/report.png" |
	awk '{ print $1*16777216 + $2*65536 + $3*256 + $4 "x" $5*16777216 + $6*65536 + $7*256 + $8 }')
[ "$wh" = 1280x2000 ] || fail "screenshot is $wh, not 1280x2000"
[ "$(wc -c < "$keep/report.png")" -gt 20000 ] || fail "screenshot nearly empty"
command -v fc-list >/dev/null || skip_part "no fc-list: Japanese fonts not checked"
if command -v fc-list >/dev/null && [ -z "$(fc-list :lang=ja)" ]; then
	skip_part "no Japanese font installed; the screenshot shows boxes for kana and kanji"
fi
echo "report_html: ok (screenshot $keep/report.png)"
rm -rf "$t"
