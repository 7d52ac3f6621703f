#include <stdlib.h>
#include <string.h>

#include <sodium.h>

#include "crypto/age_header.h"
#include "crypto/b64.h"
#include "crypto/hkdf.h"

void
sh_age_header_init(struct sh_age_header *h)
{
	memset(h, 0, sizeof *h);
}

void
sh_age_header_free(struct sh_age_header *h)
{
	size_t i;

	for (i = 0; i < h->nstanzas; i++) {
		free(h->stanzas[i].argbuf);
		free(h->stanzas[i].body);
	}
	free(h->stanzas);
	memset(h, 0, sizeof *h);
}

/* Finds the line at p[*off..len): sets its start and length, moves *off. */
static int
next_line(const unsigned char *p, size_t len, size_t *off,
    const unsigned char **line, size_t *linelen)
{
	const unsigned char *nl;

	if (*off >= len)
		return -1;
	nl = memchr(p + *off, '\n', len - *off);
	if (nl == NULL)
		return -1;
	*line = p + *off;
	*linelen = (size_t)(nl - (p + *off));
	*off += *linelen + 1;
	return 0;
}

static int
startswith(const unsigned char *l, size_t n, const char *pfx)
{
	size_t k = strlen(pfx);

	return n >= k && memcmp(l, pfx, k) == 0;
}

static int
parse_args(struct sh_age_stanza *st, const unsigned char *l, size_t n,
    size_t lineno, struct sh_err *err)
{
	size_t	i, start;
	char	*a;

	if (n == 0)
		return sh_errf(err, "line %zu: stanza has no type", lineno);
	if ((st->argbuf = a = malloc(n + 1)) == NULL)
		return sh_errf(err, "line %zu: out of memory", lineno);
	memcpy(a, l, n);
	a[n] = '\0';
	st->nargs = 0;
	start = 0;
	for (i = 0; i <= n; i++) {
		if (i < n && a[i] != ' ') {
			if ((unsigned char)a[i] < 0x21 ||
			    (unsigned char)a[i] > 0x7e)
				return sh_errf(err, "line %zu: stanza argument "
				    "%zu has a character that is not printable "
				    "ASCII", lineno, st->nargs + 1);
			continue;
		}
		if (i == start)
			return sh_errf(err, "line %zu: stanza argument %zu is "
			    "empty", lineno, st->nargs + 1);
		if (st->nargs == SH_AGE_MAX_ARGS)
			return sh_errf(err, "line %zu: stanza has more than %d "
			    "arguments", lineno, SH_AGE_MAX_ARGS);
		a[i] = '\0';
		st->args[st->nargs++] = a + start;
		start = i + 1;
	}
	return 0;
}

static int
parse_body(struct sh_age_stanza *st, const unsigned char *p, size_t len,
    size_t *off, size_t *lineno, struct sh_err *err)
{
	const unsigned char	*l;
	unsigned char		 dec[SH_AGE_COLUMNS / 4 * 3];
	unsigned char		*nb;
	size_t			 n, dlen;

	for (;;) {
		(*lineno)++;
		if (next_line(p, len, off, &l, &n) != 0)
			return sh_errf(err, "line %zu: header ends inside a "
			    "stanza body", *lineno);
		if (startswith(l, n, "-> ") || startswith(l, n, "---"))
			return sh_errf(err, "line %zu: stanza ends without a "
			    "short final body line", *lineno);
		if (n > SH_AGE_COLUMNS)
			return sh_errf(err, "line %zu: stanza body line longer "
			    "than %d columns", *lineno, SH_AGE_COLUMNS);
		if (sh_b64_decode((const char *)l, n, dec, sizeof dec,
		    &dlen) != 0)
			return sh_errf(err, "line %zu: stanza body is not "
			    "canonical base64", *lineno);
		if (st->bodylen + dlen > SH_AGE_MAX_BODY)
			return sh_errf(err, "line %zu: stanza body longer than "
			    "%d bytes", *lineno, SH_AGE_MAX_BODY);
		if (dlen > 0) {
			if ((nb = realloc(st->body, st->bodylen + dlen)) ==
			    NULL)
				return sh_errf(err, "line %zu: out of memory",
				    *lineno);
			st->body = nb;
			memcpy(st->body + st->bodylen, dec, dlen);
			st->bodylen += dlen;
		}
		if (n < SH_AGE_COLUMNS)
			return 0;
	}
}

static int
parse_mac(struct sh_age_header *h, const unsigned char *l, size_t n,
    size_t lineno, struct sh_err *err)
{
	size_t maclen;

	if (n < 4 || l[3] != ' ')
		return sh_errf(err, "line %zu: MAC line is not \"--- MAC\"",
		    lineno);
	if (n - 4 != sh_b64_encoded_len(sizeof h->mac))
		return sh_errf(err, "line %zu: MAC is %zu characters, not %zu",
		    lineno, n - 4, sh_b64_encoded_len(sizeof h->mac));
	if (sh_b64_decode((const char *)l + 4, n - 4, h->mac, sizeof h->mac,
	    &maclen) != 0 || maclen != sizeof h->mac)
		return sh_errf(err, "line %zu: MAC is not canonical base64",
		    lineno);
	return 0;
}

bool
sh_age_looks_like(const unsigned char *p, size_t len)
{
	return startswith(p, len, "age-encryption.org/");
}

int
sh_age_header_parse(struct sh_age_header *h, const unsigned char *p,
    size_t len, struct sh_err *err)
{
	const unsigned char	*l;
	struct sh_age_stanza	*st, *ns;
	size_t			 off = 0, n, lineno = 1, cap = 0, start;
	const char		*ver = SH_AGE_VERSION_LINE;

	sh_age_header_init(h);
	if (len > SH_AGE_MAX_HEADER)
		len = SH_AGE_MAX_HEADER;
	if (next_line(p, len, &off, &l, &n) != 0) {
		if (len == 0)
			sh_errf(err, "line 1: empty file");
		else
			sh_errf(err, "line 1: no age version line");
		goto fail;
	}
	if (n != strlen(ver) || memcmp(l, ver, n) != 0) {
		if (startswith(l, n, "age-encryption.org/"))
			sh_errf(err, "line 1: unsupported age version");
		else
			sh_errf(err, "line 1: not an age file");
		goto fail;
	}
	for (;;) {
		lineno++;
		start = off;
		if (next_line(p, len, &off, &l, &n) != 0) {
			if (len == SH_AGE_MAX_HEADER)
				sh_errf(err, "line %zu: header longer than %d "
				    "bytes", lineno, SH_AGE_MAX_HEADER);
			else
				sh_errf(err, "line %zu: header ends before "
				    "the MAC line", lineno);
			goto fail;
		}
		if (startswith(l, n, "---")) {
			if (h->nstanzas == 0) {
				sh_errf(err, "line %zu: no recipient stanzas",
				    lineno);
				goto fail;
			}
			if (parse_mac(h, l, n, lineno, err) != 0)
				goto fail;
			h->maclen = start + 3;
			h->len = off;
			return 0;
		}
		if (!startswith(l, n, "-> ")) {
			sh_errf(err, "line %zu: expected a stanza (\"-> \") or "
			    "the MAC line (\"---\")", lineno);
			goto fail;
		}
		if (h->nstanzas == SH_AGE_MAX_STANZAS) {
			sh_errf(err, "line %zu: more than %d stanzas", lineno,
			    SH_AGE_MAX_STANZAS);
			goto fail;
		}
		if (h->nstanzas == cap) {
			cap = cap ? cap * 2 : 4;
			if ((ns = reallocarray(h->stanzas, cap,
			    sizeof *ns)) == NULL) {
				sh_errf(err, "out of memory");
				goto fail;
			}
			h->stanzas = ns;
		}
		st = &h->stanzas[h->nstanzas++];
		memset(st, 0, sizeof *st);
		st->line = lineno;
		if (parse_args(st, l + 3, n - 3, lineno, err) != 0 ||
		    parse_body(st, p, len, &off, &lineno, err) != 0)
			goto fail;
	}
fail:
	sh_err_prefix(err, "age header");
	sh_age_header_free(h);
	return -1;
}

int
sh_age_stanza_write(struct sh_buf *out, const char *const *args,
    size_t nargs, const unsigned char *body, size_t bodylen,
    struct sh_err *err)
{
	char	line[SH_AGE_COLUMNS + 1];
	size_t	i, n;

	if (nargs == 0 || nargs > SH_AGE_MAX_ARGS)
		return sh_errf(err, "age stanza: %zu arguments", nargs);
	if (sh_buf_append_str(out, "->") != 0)
		goto nomem;
	for (i = 0; i < nargs; i++) {
		if (sh_buf_append_str(out, " ") != 0 ||
		    sh_buf_append_str(out, args[i]) != 0)
			goto nomem;
	}
	if (sh_buf_append_str(out, "\n") != 0)
		goto nomem;
	/* Full 64-column lines, then a short one, empty if need be. */
	for (i = 0;; i += n) {
		n = bodylen - i < SH_AGE_COLUMNS / 4 * 3 ?
		    bodylen - i : SH_AGE_COLUMNS / 4 * 3;
		/* An empty body may come as NULL: NULL + 0 is undefined. */
		if (sh_b64_encode(n > 0 ? body + i : NULL, n, line,
		    sizeof line) < 0)
			return sh_errf(err, "age stanza: base64 failed");
		if (sh_buf_append_str(out, line) != 0 ||
		    sh_buf_append_str(out, "\n") != 0)
			goto nomem;
		if (n < SH_AGE_COLUMNS / 4 * 3)
			break;
	}
	return 0;
nomem:
	return sh_errf(err, "age stanza: out of memory");
}

void
sh_age_header_mac(const unsigned char filekey[SH_AGE_FILE_KEY],
    const unsigned char *hdr, size_t len, unsigned char key[32],
    unsigned char mac[32])
{
	sh_hkdf_sha256(key, 32, filekey, SH_AGE_FILE_KEY, NULL, 0, "header",
	    6);
	crypto_auth_hmacsha256(mac, hdr, len, key);
	sodium_memzero(key, 32);
}
