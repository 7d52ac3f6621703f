/*
 * libFuzzer target for passphrase files (crypto/passphrase:
 * sh_passphrase_read_file), which the programs read with -P instead of
 * asking on the terminal.
 *
 * The input is written to a memory file (memfd, mode 0600, so the
 * private-file check passes) and read back by path. A refused file says
 * why and leaves the output empty; an accepted one gives a passphrase
 * of at most SH_MINISIGN_PASS_MAX bytes without NUL or newline, which is
 * the whole file but for one line ending ("\n", "\r\n" or a final "\r").
 */
#define _GNU_SOURCE
#include <sys/mman.h>
#include <sys/stat.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include <sodium.h>

#include "crypto/minisign.h"
#include "crypto/passphrase.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

/* One memory file for the whole run: no disk, no clean-up. */
static int
fz_pass_file(char *path, size_t pathlen)
{
	static int fd = -1;

	if (fd == -1) {
		/* Secret buffers are sodium_malloc'd: programs init in main. */
		if (sodium_init() < 0 ||
		    (fd = memfd_create("fuzz-passphrase", MFD_CLOEXEC)) == -1 ||
		    fchmod(fd, 0600) == -1)
			abort();
	}
	snprintf(path, pathlen, "/proc/self/fd/%d", fd);
	return fd;
}

static bool
fz_pass_is_whole(const uint8_t *data, size_t size, const struct sh_buf *b)
{
	const char	*rest = (const char *)data + b->len;
	size_t		 k = size - b->len;

	if (b->len > size || memcmp(data, b->data, b->len) != 0)
		return false;
	return k == 0 || (k == 1 && (rest[0] == '\n' || rest[0] == '\r')) ||
	    (k == 2 && memcmp(rest, "\r\n", 2) == 0);
}

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct sh_buf	b;
	struct sh_err	e;
	char		path[64];
	int		fd;

	fd = fz_pass_file(path, sizeof path);
	if (ftruncate(fd, 0) == -1 ||
	    (size > 0 && pwrite(fd, data, size, 0) != (ssize_t)size))
		abort();
	e.msg[0] = '\0';
	if (sh_passphrase_read_file(path, &b, &e) != 0) {
		if (b.len != 0 || e.msg[0] == '\0')
			abort();
		sh_buf_free(&b);
		return 0;
	}
	if (b.len > SH_MINISIGN_PASS_MAX || b.data == NULL ||
	    memchr(b.data, '\0', b.len) != NULL ||
	    memchr(b.data, '\n', b.len) != NULL ||
	    b.data[b.len] != '\0' || !fz_pass_is_whole(data, size, &b))
		abort();
	sh_buf_free(&b);
	return 0;
}
