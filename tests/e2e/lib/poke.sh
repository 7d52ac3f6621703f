# Sourced by e2e tests (tests/e2e/*.sh; this directory is not globbed).
#
# poke FILE OFFSET: changes the byte at OFFSET of FILE, to 'X', or to 'Y'
# where it was 'X' already. The tests' keys are fresh each run, so the
# byte is whatever it is; writing 'X' unconditionally left the file
# unchanged one run in 64 where it sat in base64 text.
poke() {
	if [ "$(dd if="$1" bs=1 skip="$2" count=1 2>/dev/null)" = X ]; then
		printf 'Y'
	else
		printf 'X'
	fi | dd of="$1" bs=1 seek="$2" conv=notrunc 2>/dev/null
}
