#!/bin/sh
# The workstation's benchmark: instruction counts under callgrind (so the
# figures do not depend on what else the shared machine is doing).
#   $1 build dir, $2 scratch dir. Run by bench/run.sh.
#
#   start-up     `shinsa` on a 200-proposal round already opened once:
#                open the workstation store, decrypt, verify, parse and
#                check the kept package, load the drafts, first draw of
#                the overview; against the package's floor (age decrypt +
#                minisign verify of the same bytes, nothing else), and
#                at 20 and 2,000 proposals for scale. Every proposal has
#                a draft to load. Instructions per proposal, between 20
#                and 200 and between 200 and 2,000, must stay about the
#                same: nothing at start-up may grow as P².
#   documents    start-up again at 200 and 2,000 proposals with 3 small
#                PDFs each in the package: instructions per document
#                (over the same start-up without documents) at 600 and
#                at 6,000 documents must stay about the same: no lookup
#                of a document by name may be a linear search.
#   keystroke    (Ir(2K keys) - Ir(K keys)) / K on the scoring screen, at
#                20 and at 200 proposals: the cost of one scoring
#                keystroke (the draft saved through the store, as in the
#                program), which must not grow with the package.
set -eu
build=$1 scratch=$2
W=${BENCH_WS_BIN:-$build/bench/bench-ws}
K=${BENCH_WS_KEYS:-200}
export LANG=C.UTF-8 TZ=UTC
mkdir -p "$scratch"
out=$scratch/callgrind.out

# ir ARGS...: instructions executed inside the measure_*() functions,
# with a fresh workstation store each time.
ir() {
	rm -rf "$scratch/home"
	BENCH_WS_HOME=$scratch/home valgrind --tool=callgrind --collect-atstart=no \
	    --toggle-collect='measure_*' --callgrind-out-file="$out" \
	    "$W" "$@" >/dev/null 2>"$scratch/valgrind.err" || {
		cat "$scratch/valgrind.err" >&2; exit 1; }
	rm -rf "$scratch/home"
	awk '/^(summary|totals):/ { v = $2 } END { print v }' "$out"
}
per() { awk -v a="$1" -v b="$2" -v k="$3" 'BEGIN { printf "%.0f", (b - a) / k }'; }
ratio() { awk -v a="$1" -v b="$2" 'BEGIN { printf "%.2f", a / b }'; }
m() { awk -v a="$1" 'BEGIN { printf "%.2fM", a / 1e6 }'; }

echo "-- workstation (callgrind, instructions; 24x80 test screen)"
BENCH_WS_HOME=$scratch/home "$W" floor 200 | sed 's/^/   /'
f200=$(ir floor 200)
s200=$(ir startup 200)
s20=$(ir startup 20)
s2000=$(ir startup 2000)
echo "   start-up, 200 proposals: $(m "$s200") Ir;" \
    "floor (decrypt + verify) $(m "$f200") Ir; ratio $(ratio "$s200" "$f200")"
echo "   start-up, 20 proposals: $(m "$s20") Ir"
echo "   start-up, 2000 proposals: $(m "$s2000") Ir"
p20=$(per "$s20" "$s200" 180)
p200=$(per "$s200" "$s2000" 1800)
echo "   start-up per proposal: $p20 Ir (20 to 200), $p200 Ir (200 to 2000);" \
    "ratio $(ratio "$p200" "$p20")"
d200=$(ir startup 200 3)
d2000=$(ir startup 2000 3)
q200=$(per "$s200" "$d200" 600)
q2000=$(per "$s2000" "$d2000" 6000)
echo "   start-up, 200 proposals x 3 documents: $(m "$d200") Ir;" \
    "2000 x 3: $(m "$d2000") Ir"
echo "   start-up per document: $q200 Ir (600 documents), $q2000 Ir" \
    "(6000 documents); ratio $(ratio "$q2000" "$q200")"
for p in 20 200; do
	a=$(ir keys $p $K)
	b=$(ir keys $p $((2 * K)))
	eval "k$p=$(per "$a" "$b" "$K")"
	echo "   keystroke, $p proposals: $K keys $(m "$a") Ir," \
	    "$((2 * K)) keys $(m "$b") Ir: $(per "$a" "$b" "$K") Ir per key"
done
echo "   keystroke ratio 200/20 proposals: $(ratio "$k200" "$k20")"
echo "RESULT ws startup200_ir=$s200 startup20_ir=$s20" \
    "startup2000_ir=$s2000 perprop20_ir=$p20 perprop200_ir=$p200" \
    "floor200_ir=$f200" \
    "docs200_ir=$d200 docs2000_ir=$d2000 perdoc600_ir=$q200" \
    "perdoc6000_ir=$q2000" \
    "key20_ir=$k20 key200_ir=$k200"
rm -f "$out" "$scratch/valgrind.err"
