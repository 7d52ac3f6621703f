# Sourced by e2e tests: the demo round in a fresh directory and reviewer
# r01's workstation opened on its package, the secretariat's key pinned.
# Needs build, name (the test's); sets M, K, W, t, key, fail().
M=$build/merge/shinsa-merge
K=$build/keys/shinsa-keys
W=$build/tui/shinsa
for b in "$M" "$K" "$W"; do [ -x "$b" ] || { echo "skip: no $b"; exit 77; }; done
export LANG=C.UTF-8 TZ=UTC
t=$build/tests/tmp/$name.$$
rm -rf "$t"; mkdir -p "$t"; cd "$t"
export XDG_DATA_HOME=$t/ws
fail() { echo "FAIL: $*" >&2; exit 1; }

"$M" demo demo >/dev/null
key=demo/keys/r01.key
fp=$("$K" show demo/keys/secretariat.pub |
    sed -n 's/^fingerprint: *\([0-9A-F ]*[0-9A-F]\).*/\1/p')
"$W" -s $key --pin "$fp" --no-screens \
    open demo/outbox/R2024-kakine-r01.shinsa-package </dev/null 2>/dev/null

# The exported form (file $1) filled in on stdout: every proposal
# reviewed, judged items 4 (no comment needed), bonus items 0, Ready yes;
# $2 (optional) is awk run first on each line, to change some of them.
fill_form() {
	awk "${2:-}"'
	/^==-== bonus:/		{ bonus = 1; print; next }
	/^==\+== Conflict:/	{ print "==+== Conflict: review"; next }
	/^==\+== Ready:/	{ print "==+== Ready: yes"; next }
	/^==\+== Item [^ ]*:$/	{ print $0 " " (bonus ? "0" : "4"); bonus = 0; next }
	{ print }
	' "$1"
}
