#!/bin/sh
# The main job: a demo round (kakine-2024, 26 proposals, 5 reviewers) made
# by the secretariat's tool and opened in the reviewer workstation as its
# first reviewer, 山田 花子 (r01), sees it. Everything lives under ./demo:
# delete that directory to start again. The demo's keys are unprotected,
# for the demo only. It speaks the user's language: under a Japanese
# locale (LANG=ja_JP.UTF-8 sh scripts/demo.sh) the screens are Japanese,
# from the build tree's catalogue, which the programs find beside
# themselves.
set -eu
cd "$(dirname "$0")/.."
sh scripts/deps.sh
echo "building..." >&2
sh scripts/build.sh build >/dev/null
bin=$PWD/build
demo=$PWD/demo
# The demo reviewer's drafts live beside the demo, apart from real ones.
export XDG_DATA_HOME="$demo/workstation"
if [ ! -f "$demo/round.db" ]; then
	"$bin/merge/shinsa-merge" demo "$demo"
fi
if [ ! -f "$XDG_DATA_HOME/shinsa/workstation.db" ]; then
	# A reviewer checks the secretariat's fingerprint out of band (by
	# phone, on paper); the demo reads it from the secretariat's key.
	# (Read in English, whatever the user's language.)
	fp=$(LANGUAGE= LC_ALL=C.UTF-8 \
	    "$bin/keys/shinsa-keys" show "$demo/keys/secretariat.pub" |
	    sed -n 's/^fingerprint: *\([0-9A-F ]*[0-9A-F]\).*/\1/p')
	"$bin/tui/shinsa" -s "$demo/keys/r01.key" --pin "$fp" --no-screens \
	    open "$demo/outbox/R2024-kakine-r01.shinsa-package"
fi
exec "$bin/tui/shinsa" -s "$demo/keys/r01.key"
