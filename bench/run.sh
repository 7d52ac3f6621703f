#!/bin/sh
# The benchmarks (bench/README.md says what each figure means):
#
#	sh bench/run.sh [--quick] [--merge-only | --ws-only | --tally-only]
#	    [--keep] [--reuse] [--cap SECONDS] [--batch FILES]
#	    [--cases "NAME..."] [--build DIR]
#
#   merge        N reviewers' sealed sheets (100 kakine proposals each,
#                and a small-sheet case of 5) through the real
#                `shinsa-merge ingest` and `tally`, against the raw
#                libsodium floor on the same bytes measured in the same
#                run: sheets/s of both, the ratio merge/floor, peak RSS.
#                N = 1,000 and 10,000; --quick: N = 100 and 1,000.
#                --cases picks some of n100 n1000 n10000 n1000-small
#                n10000-small.
#   tally        (--tally-only) `shinsa-merge tally` over rounds of
#                N = 1,000, 3,000 and 10,000 reviewers (100 proposals
#                each) made by bench-mktally, whose sheets are stored as
#                ingest stores them without being sealed, beside the
#                floor: bench-rows reading the same stored reviews with
#                sqlite3 alone. --cases picks some of t1000 t3000 t10000
#                (t300 too). CPU, wall and peak RSS of both.
#   workstation  callgrind instruction counts of the workstation's start-up
#                on a 200-proposal package and per scoring keystroke at 20
#                and 200 proposals (needs valgrind).
#
# Nothing is asserted: every figure is printed beside its floor. Data go
# to build/bench-data and are deleted afterwards (--keep keeps them;
# --reuse takes the keys and sheets a kept run made instead of making
# them again, which for N = 10,000 saves 10-35 minutes; the round itself
# is always set up afresh by the binary under test).
# Ingest runs in batches of --batch files per process (default 1,000);
# once a case has spent --cap seconds (default 1200) ingesting, the
# remaining batches are skipped and the figures cover the sheets
# ingested so far (the per-batch lines show how the rate falls as the
# store fills).
set -eu
src=$(cd "$(dirname "$0")/.." && pwd)
build=$src/build-bench
quick=0 keep=0 reuse=0 cap=1200 batch=1000 cases= do_merge=1 do_ws=1
do_tally=0
while [ $# -gt 0 ]; do
	case $1 in
	--quick) quick=1 ;;
	--keep) keep=1 ;;
	--reuse) reuse=1 keep=1 ;;
	--merge-only) do_ws=0 ;;
	--ws-only) do_merge=0 ;;
	--tally-only) do_tally=1 do_merge=0 do_ws=0 ;;
	--cap) cap=$2; shift ;;
	--batch) batch=$2; shift ;;
	--cases) cases=$2; shift ;;
	--build) build=$2; shift ;;
	*) echo "usage: sh bench/run.sh [--quick] [--merge-only | --ws-only |" \
	    "--tally-only]" \
	    "[--keep] [--reuse] [--cap SECONDS] [--batch FILES] [--cases \"NAME...\"]" \
	    "[--build DIR]" >&2; exit 2 ;;
	esac
	shift
done
# The cases run in their data dirs: a relative --build is from here.
case $build in
/*) ;;
*) build=$(pwd)/$build ;;
esac
export LANG=C.UTF-8 TZ=UTC
data=$src/build/bench-data
rubric=$src/data/rubrics/kakine-2024.json
M=$build/merge/shinsa-merge
B=$build/bench
TIME=/usr/bin/time
[ -x $TIME ] || { echo "bench: needs /usr/bin/time (apt-get install time)" >&2; exit 1; }

echo "== shinsa benchmarks, $(date -u +%Y-%m-%dT%H:%M:%SZ)," \
    "$(git -C "$src" rev-parse --short HEAD 2>/dev/null || echo '?')," \
    "$(nproc) cores, $(uname -m)"
[ -f "$build/CMakeCache.txt" ] ||
	cmake -S "$src" -B "$build" -DSHINSA_WERROR=ON >/dev/null
targets="bench-mkround bench-floor shinsa-merge"
[ $do_tally = 1 ] && targets="bench-mktally bench-rows shinsa-merge"
[ $do_ws = 1 ] && targets="$targets bench-ws"
cmake --build "$build" --target $targets -j2 >/dev/null
# bench-floor-json exists only where libsimdjson-dev is installed.
cmake --build "$build" --target bench-floor-json -j2 >/dev/null 2>&1 || true

# Seconds as a decimal, from a file written by `time -f "%e %U %S %M"`.
field() { awk -v n="$2" '{ v = $n } END { print v }' "$1"; }
rate() { awk -v a="$1" -v b="$2" 'BEGIN { printf "%.1f", (b > 0 ? a / b : 0) }'; }

# The round set up from the files in the current directory, as a
# secretariat would.
setup_round() {
	"$M" init --round R2024-kakine-bench --title "ベンチマーク" \
	    --rubric "$rubric" --secretariat-key sec.pub --db round.db
	"$M" proposals import --db round.db proposals.csv
	"$M" reviewers import --db round.db reviewers.csv
	for a in assign-*.csv; do
		"$M" assign import --db round.db "$a"
	done
}

# merge_case NAME N PERREVIEWER POOL
merge_case() {
	name=$1 n=$2 per=$3 pool=$4
	d=$data/$name
	t0=$(date +%s.%N)
	if [ $reuse = 1 ] && [ -s "$d/gen.out" ] && [ -d "$d/sheets" ]; then
		rm -f "$d"/round.db "$d"/round.db-* "$d"/round.db.refusals \
		    "$d"/batch.*
	else
		rm -rf "$d"; mkdir -p "$d"
		"$B/bench-mkround" "$rubric" "$d" "$n" "$per" "$pool" \
		    >"$d/gen.out"
	fi
	(cd "$d" && setup_round) >/dev/null
	t1=$(date +%s.%N)
	echo "-- $name: $n reviewers x $per proposals (pool $pool):" \
	    "$(cat "$d/gen.out" | sed 's/.*pool [0-9]*, //');" \
	    "generated and set up in $(awk -v a="$t0" -v b="$t1" \
	    'BEGIN { printf "%.0f", b - a }') s (not measured)"
	cd "$d"
	# The floor, on the same files, in this same run.
	# With simdjson: also the JSON comparison and the practical floor.
	pf=
	if [ -x "$B/bench-floor-json" ]; then
		"$B/bench-floor-json" sec.key reviewers.csv \
		    sheets/*.shinsa-sheet >floor.out
		sed 's/^/   /' floor.out
		floor=$(grep '^floor:' floor.out)
		pf=$(sed -n 's/^practical floor:.*), \([0-9.]*\) sheets\/s/\1/p' \
		    floor.out)
	else
		floor=$("$B/bench-floor" sec.key reviewers.csv \
		    sheets/*.shinsa-sheet)
		echo "   $floor"
	fi
	fl=$(echo "$floor" | sed 's/.*), \([0-9.]*\) sheets\/s/\1/')
	# Ingest, 1,000 files per process.
	ls sheets | sed 's|^|sheets/|' | split -a 3 -l "$batch" - batch.
	done_n=0 total=0 rss=0 b=0 nb=$(ls batch.* | wc -l)
	for f in batch.*; do
		b=$((b + 1))
		if awk -v t="$total" -v c="$cap" 'BEGIN { exit !(t > c) }'; then
			echo "   ingest: cap of $cap s reached: batches $b-$nb" \
			    "skipped"
			break
		fi
		k=$(wc -l < "$f")
		if ! xargs $TIME -f "%e %U %S %M" -o time.out "$M" ingest \
		    --db round.db -s sec.key -q < "$f" >ingest.out 2>&1; then
			echo "   ingest FAILED:"; tail -5 ingest.out; return 1
		fi
		e=$(field time.out 1) m=$(field time.out 4)
		if [ "$m" -gt "$rss" ]; then rss=$m; fi
		total=$(awk -v a="$total" -v b="$e" 'BEGIN { print a + b }')
		done_n=$((done_n + k))
		if [ "$nb" -gt 1 ]; then
			echo "   ingest batch $b/$nb: sheets" \
			    "$((done_n - k + 1))-$done_n: $e s ($(field \
			    time.out 2) user, $(field time.out 3) sys)," \
			    "$(rate "$k" "$e") sheets/s, RSS $((m / 1024)) MiB"
		else
			echo "   ingest: $e s wall ($(field time.out 2) user," \
			    "$(field time.out 3) sys)"
		fi
	done
	mr=$(rate "$done_n" "$total")
	echo "   ingest: $done_n sheets in $total s: $mr sheets/s," \
	    "peak RSS $((rss / 1024)) MiB"
	echo "   ratio merge/floor: $(awk -v a="$mr" -v b="$fl" \
	    'BEGIN { printf "%.4f", a / b }') (target 0.7)"
	[ -n "$pf" ] && echo "   ratio ingest/practical floor: $(awk -v a="$mr" \
	    -v b="$pf" 'BEGIN { printf "%.4f", a / b }') (target 0.8)"
	$TIME -f "%e %U %S %M" -o time.out "$M" tally --db round.db >tally.out
	echo "   tally of $done_n sheets: $(field time.out 1) s," \
	    "RSS $(($(field time.out 4) / 1024)) MiB"
	echo "RESULT $name n=$n per=$per ingested=$done_n ingest_s=$total" \
	    "merge_sps=$mr floor_sps=$fl practical_sps=${pf:-none}" \
	    "rss_kib=$rss" \
	    "tally_s=$(field time.out 1) tally_rss_kib=$(field time.out 4)"
	cd "$src"
	[ $keep = 1 ] || rm -rf "$d"
}

if [ $do_merge = 1 ]; then
	mkdir -p "$data"
	df -h "$data" | tail -1 | awk '{ print "-- disk: " $4 " free" }'
	if [ -z "$cases" ]; then
		cases="n1000 n10000 n1000-small n10000-small"
		[ $quick = 1 ] && cases="n100 n1000 n1000-small"
	fi
	for c in $cases; do
		case $c in
		n*-small) n=${c#n}; n=${n%-small}; per=5 ;;
		n*) n=${c#n}; per=100 ;;
		esac
		merge_case "$c" "$n" "$per" 2000
	done
fi

# tally_case NAME N: the tally alone, on a round made by bench-mktally.
tally_case() {
	name=$1 n=$2
	d=$data/$name
	rm -rf "$d"; mkdir -p "$d"
	t0=$(date +%s.%N)
	(
		cd "$d"
		"$B/bench-mktally" "$rubric" . "$n" 100 2000
		setup_round
		"$B/bench-mktally" --fill round.db "$rubric" . "$n" 100 2000
	) >/dev/null
	t1=$(date +%s.%N)
	echo "-- $name: $n reviewers x 100 proposals (pool 2000), made and" \
	    "stored in $(awk -v a="$t0" -v b="$t1" \
	    'BEGIN { printf "%.0f", b - a }') s (not measured)"
	cd "$d"
	$TIME -f "%e %U %S %M" -o rows.time "$B/bench-rows" round.db >rows.out
	$TIME -f "%e %U %S %M" -o tally.time "$M" tally --db round.db \
	    >tally.out
	for w in rows tally; do
		echo "   $w: $(field $w.time 1) s wall, $(awk -v u="$(field \
		    $w.time 2)" -v s="$(field $w.time 3)" \
		    'BEGIN { printf "%.2f", u + s }') s CPU," \
		    "peak RSS $(awk -v k="$(field $w.time 4)" \
		    'BEGIN { printf "%.1f", k / 1024 }') MiB"
	done
	echo "   $(cat rows.out)"
	echo "RESULT $name n=$n" \
	    "rows_cpu_s=$(awk -v u="$(field rows.time 2)" \
	    -v s="$(field rows.time 3)" 'BEGIN { print u + s }')" \
	    "rows_rss_kib=$(field rows.time 4)" \
	    "tally_cpu_s=$(awk -v u="$(field tally.time 2)" \
	    -v s="$(field tally.time 3)" 'BEGIN { print u + s }')" \
	    "tally_s=$(field tally.time 1) tally_rss_kib=$(field tally.time 4)"
	cd "$src"
	[ $keep = 1 ] || rm -rf "$d"
}

if [ $do_tally = 1 ]; then
	[ -n "$cases" ] || cases="t1000 t3000 t10000"
	for c in $cases; do
		tally_case "$c" "${c#t}"
	done
fi

if [ $do_ws = 1 ]; then
	if ! command -v valgrind >/dev/null; then
		echo "-- workstation: skipped (no valgrind)"
	else
		sh "$src/bench/ws.sh" "$build" "$data"
	fi
fi
[ $keep = 1 ] || rmdir "$data" 2>/dev/null || true
