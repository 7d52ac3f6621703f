# Sourced by e2e tests that leave out a part of themselves when a tool is
# missing. skip_part WHY: says so and goes on; under CI (CI=true) it
# fails instead, as a whole test's skip does there (lib/run.sh).
skip_part() {
	if [ "${CI:-}" = true ]; then
		echo "FAIL: would skip under CI=true: $1;" \
		    "sh scripts/deps.sh installs it" >&2
		exit 1
	fi
	echo "skip part: $1"
}
