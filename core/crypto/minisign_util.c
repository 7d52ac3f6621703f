/* Lines, base64, little-endian and private files for the minisign code. */
#include <errno.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include <sodium.h>

#include "crypto/minisign_int.h"

int
sh_ms_init(struct sh_err *err)
{
	if (sodium_init() < 0)
		return sh_errf(err, "libsodium cannot be initialised");
	return 0;
}

int
sh_ms_next_line(const char **p, const char *end, const char **line,
    size_t *linelen, size_t max)
{
	const char	*s = *p, *nl;
	size_t		 n;

	if (s >= end)
		return 0;
	nl = memchr(s, '\n', (size_t)(end - s));
	n = (nl != NULL ? (size_t)(nl - s) : (size_t)(end - s));
	*p = (nl != NULL ? nl + 1 : end);
	if (n > 0 && s[n - 1] == '\r')
		n--;
	if (n > max || memchr(s, '\0', n) != NULL)
		return -1;
	*line = s;
	*linelen = n;
	return 1;
}

int
sh_ms_b64_decode(const char *s, size_t len, unsigned char *out,
    size_t outlen, const char *what, struct sh_err *err)
{
	unsigned char	tmp[256];
	size_t		got;

	/*
	 * Decode into a scratch buffer one byte larger than wanted, so that
	 * a longer input is told apart from one of the right length. With
	 * b64_end NULL libsodium fails unless it consumed all of the input,
	 * and it refuses non-zero spare bits, so the encoding is canonical.
	 */
	if (outlen + 1 > sizeof tmp || len > 4 * (sizeof tmp / 3))
		return sh_errf(err, "%s: base64 too long", what);
	if (sodium_base642bin(tmp, outlen + 1, s, len, NULL, &got, NULL,
	    sodium_base64_VARIANT_ORIGINAL) != 0) {
		sodium_memzero(tmp, sizeof tmp);
		return sh_errf(err, "%s: invalid base64", what);
	}
	if (got != outlen) {
		sodium_memzero(tmp, sizeof tmp);
		return sh_errf(err, "%s: %zu bytes where %zu were expected",
		    what, got, outlen);
	}
	memcpy(out, tmp, outlen);
	sodium_memzero(tmp, sizeof tmp);
	return 0;
}

int
sh_ms_b64_append_line(struct sh_buf *b, const unsigned char *p, size_t n)
{
	size_t	 need = sodium_base64_ENCODED_LEN(n,
	    sodium_base64_VARIANT_ORIGINAL);
	char	*dst;

	if (sh_buf_reserve(b, need + 1) != 0)
		return -1;
	dst = (char *)b->data + b->len;
	sodium_bin2base64(dst, need, p, n, sodium_base64_VARIANT_ORIGINAL);
	b->len += strlen(dst);
	b->data[b->len++] = '\n';
	b->data[b->len] = '\0';
	return 0;
}

uint64_t
sh_ms_le64_load(const unsigned char p[8])
{
	uint64_t	x = 0;
	int		i;

	for (i = 7; i >= 0; i--)
		x = (x << 8) | p[i];
	return x;
}

void
sh_ms_le64_store(unsigned char p[8], uint64_t x)
{
	int	i;

	for (i = 0; i < 8; i++) {
		p[i] = (unsigned char)(x & 0xff);
		x >>= 8;
	}
}

int
sh_ms_read_file(const char *path, size_t limit, bool private,
    struct sh_buf *out, struct sh_err *err)
{
	struct sh_buf	 b;
	struct stat	 st;
	unsigned char	 chunk[4096];
	ssize_t		 n;
	int		 fd;

	/* A key or passphrase file that is a FIFO would block open(). */
	if ((fd = sh_open_regular(path, &st, err)) == -1)
		return -1;
	/* Checked on the open file, so a swap after the check cannot help. */
	if (private && (st.st_mode & (S_IRGRP | S_IROTH)) != 0) {
		close(fd);
		return sh_errf(err, "%s: readable by group or others "
		    "(mode %04o); chmod 600 it", path,
		    (unsigned)(st.st_mode & 07777));
	}
	if (private && (st.st_mode & (S_IWGRP | S_IWOTH)) != 0) {
		close(fd);
		return sh_errf(err, "%s: writable by group or others "
		    "(mode %04o); chmod 600 it", path,
		    (unsigned)(st.st_mode & 07777));
	}
	sh_buf_init(&b, private || out->secret);
	for (;;) {
		if ((n = sh_read_fd(fd, chunk, sizeof chunk, path, err)) == -1)
			goto fail;
		if (n == 0)
			break;
		if ((size_t)n > limit - b.len) {
			sh_errf(err, "%s: larger than %zu bytes; not a "
			    "minisign file", path, limit);
			goto fail;
		}
		if (sh_buf_append(&b, chunk, (size_t)n) != 0) {
			sh_errf(err, "%s: out of memory", path);
			goto fail;
		}
	}
	close(fd);
	sodium_memzero(chunk, sizeof chunk);
	if (sh_buf_append(out, b.data != NULL ? b.data : chunk, b.len) != 0) {
		sh_buf_free(&b);
		return sh_errf(err, "%s: out of memory", path);
	}
	sh_buf_free(&b);
	return 0;
fail:
	close(fd);
	sodium_memzero(chunk, sizeof chunk);
	sh_buf_free(&b);
	return -1;
}

bool
sh_ms_one_line(const char *s, size_t len)
{
	return memchr(s, '\n', len) == NULL && memchr(s, '\r', len) == NULL &&
	    memchr(s, '\0', len) == NULL;
}
