#include <limits.h>
#include <stdint.h>
#include <string.h>

#include <sodium.h>

#include "base/text.h"
#include "format/jscan.h"

#define SH_JSCAN_STR_START	(64 * 1024)

void
sh_jscan_init(struct sh_jscan *sc, const void *data, size_t len)
{
	sc->start = data;
	sc->p = sc->start;
	sc->end = sc->start + len;
	sh_buf_init(&sc->str, true);
}

void
sh_jscan_free(struct sh_jscan *sc)
{
	sh_buf_free(&sc->str);
	sodium_memzero(sc->small, sizeof sc->small);
}

int
sh_jscan_fail(struct sh_jscan *sc, const char *why, struct sh_err *err)
{
	const unsigned char	*q;
	unsigned long		 line = 1, column = 1;

	/* Columns count characters, as a person counts them in an editor. */
	for (q = sc->start; q < sc->p && q < sc->end; q++) {
		if (*q == '\n') {
			line++;
			column = 1;
		} else if ((*q & 0xc0) != 0x80)
			column++;
	}
	/* Both parts are message keys: po/xgettext.opts names this function. */
	sh_err_set(err, why, "", 0);
	return sh_err_prefix(err, "line %lu column %lu", line, column);
}

const char *
sh_jscan_type_name(enum sh_jtype t)
{
	switch (t) {
	case SH_JT_OBJECT:
		return "an object";
	case SH_JT_ARRAY:
		return "an array";
	case SH_JT_STRING:
		return "a string";
	case SH_JT_NUMBER:
		return "a number";
	case SH_JT_BOOL:
		return "true or false";
	case SH_JT_NULL:
		return "null";
	default:
		return "invalid JSON";
	}
}

/* Consumes c after white space, or fails saying what was expected. */
static int
scan_expect(struct sh_jscan *sc, unsigned char c, const char *why,
    struct sh_err *err)
{
	sh_jscan_space(sc);
	if (sc->p == sc->end)
		return sh_jscan_fail(sc, "unexpected end of the document", err);
	if (*sc->p != c)
		return sh_jscan_fail(sc, why, err);
	sc->p++;
	return 0;
}

int
sh_jscan_object(struct sh_jscan *sc, struct sh_err *err)
{
	return scan_expect(sc, '{', "expected '{'", err);
}

int
sh_jscan_array(struct sh_jscan *sc, struct sh_err *err)
{
	return scan_expect(sc, '[', "expected '['", err);
}

/*
 * Before a member or an element: 0 at the closing bracket (consumed), 1
 * when one follows (the separating comma consumed), -1 on bad syntax.
 */
static int
scan_next_slow(struct sh_jscan *sc, size_t n, unsigned char close,
    const char *why, struct sh_err *err)
{
	sh_jscan_space(sc);
	if (sc->p == sc->end)
		return sh_jscan_fail(sc, "unexpected end of the document", err);
	if (*sc->p == close) {
		sc->p++;
		return 0;
	}
	if (n > 0) {
		if (*sc->p != ',')
			return sh_jscan_fail(sc, why, err);
		sc->p++;
		/* "[1,]" is not JSON: a comma promises another value. */
		sh_jscan_space(sc);
		if (sc->p == sc->end)
			return sh_jscan_fail(sc, "unexpected end of the "
			    "document", err);
		if (*sc->p == close)
			return sh_jscan_fail(sc, "a value must follow ','",
			    err);
	}
	return 1;
}

/*
 * The same, taking at once what shinsa writes (no white space, a comma
 * and then a value) and leaving the rest to scan_next_slow().
 */
static inline int
scan_next(struct sh_jscan *sc, size_t n, unsigned char close,
    const char *why, struct sh_err *err)
{
	const unsigned char	*p = sc->p;

	if (p < sc->end) {
		if (*p == close) {
			sc->p = p + 1;
			return 0;
		}
		if (n == 0 && *p > ' ')
			return 1;
		if (n > 0 && *p == ',' && sc->end - p >= 2 && p[1] > ' ' &&
		    p[1] != close) {
			sc->p = p + 1;
			return 1;
		}
	}
	return scan_next_slow(sc, n, close, why, err);
}

int
sh_jscan_element(struct sh_jscan *sc, size_t *n, struct sh_err *err)
{
	int	rc;

	if ((rc = scan_next(sc, *n, ']', "expected ',' or ']'", err)) == 1)
		(*n)++;
	return rc;
}

/*
 * The length of the UTF-8 sequence at p (well-formed as Unicode's table
 * 3-7 has it: no overlong forms, no surrogates, nothing past U+10FFFF),
 * or 0 if it is not one.
 */
static size_t
utf8_seq(const unsigned char *p, const unsigned char *end)
{
	unsigned char	c = p[0], lo = 0x80, hi = 0xbf;
	size_t		n, i;

	if (c >= 0xc2 && c <= 0xdf)
		n = 2;
	else if (c >= 0xe0 && c <= 0xef) {
		n = 3;
		if (c == 0xe0)
			lo = 0xa0;
		else if (c == 0xed)
			hi = 0x9f;
	} else if (c >= 0xf0 && c <= 0xf4) {
		n = 4;
		if (c == 0xf0)
			lo = 0x90;
		else if (c == 0xf4)
			hi = 0x8f;
	} else
		return 0;
	if ((size_t)(end - p) < n || p[1] < lo || p[1] > hi)
		return 0;
	for (i = 2; i < n; i++)
		if ((p[i] & 0xc0) != 0x80)
			return 0;
	return n;
}

static int
hex4(const unsigned char *p, const unsigned char *end, uint32_t *out)
{
	uint32_t	v = 0;
	int		i, d;

	if (end - p < 4)
		return -1;
	for (i = 0; i < 4; i++) {
		if (p[i] >= '0' && p[i] <= '9')
			d = p[i] - '0';
		else if (p[i] >= 'a' && p[i] <= 'f')
			d = p[i] - 'a' + 10;
		else if (p[i] >= 'A' && p[i] <= 'F')
			d = p[i] - 'A' + 10;
		else
			return -1;
		v = v << 4 | (uint32_t)d;
	}
	*out = v;
	return 0;
}

/* cp as UTF-8 into u (cp is a scalar value, checked by the caller). */
static size_t
put_utf8(unsigned char u[4], uint32_t cp)
{
	if (cp < 0x80) {
		u[0] = (unsigned char)cp;
		return 1;
	}
	if (cp < 0x800) {
		u[0] = (unsigned char)(0xc0 | cp >> 6);
		u[1] = (unsigned char)(0x80 | (cp & 0x3f));
		return 2;
	}
	if (cp < 0x10000) {
		u[0] = (unsigned char)(0xe0 | cp >> 12);
		u[1] = (unsigned char)(0x80 | (cp >> 6 & 0x3f));
		u[2] = (unsigned char)(0x80 | (cp & 0x3f));
		return 3;
	}
	u[0] = (unsigned char)(0xf0 | cp >> 18);
	u[1] = (unsigned char)(0x80 | (cp >> 12 & 0x3f));
	u[2] = (unsigned char)(0x80 | (cp >> 6 & 0x3f));
	u[3] = (unsigned char)(0x80 | (cp & 0x3f));
	return 4;
}

/* What code point cp adds to a string's SH_JSTR_* flags. */
static unsigned
cp_flags(uint32_t cp)
{
	if (cp == '\n' || cp == '\t')
		return SH_JSTR_BREAK;
	return sh_text_is_unsafe(cp) ? SH_JSTR_UNSAFE : 0;
}

/*
 * After a backslash at sc->p: what the escape stands for, in u[0..*n)
 * (never more bytes than the escape itself: a string unescaped takes no
 * more room than it does in the document).
 */
static int
escape(struct sh_jscan *sc, unsigned char u[4], size_t *n,
    struct sh_err *err)
{
	const unsigned char	*p = sc->p + 1;
	uint32_t		 cp, lo;
	char			 c;

	if (p == sc->end)
		return sh_jscan_fail(sc, "unterminated string", err);
	switch (*p) {
	case '"':  c = '"'; break;
	case '\\': c = '\\'; break;
	case '/':  c = '/'; break;
	case 'b':  c = '\b'; break;
	case 'f':  c = '\f'; break;
	case 'n':  c = '\n'; break;
	case 'r':  c = '\r'; break;
	case 't':  c = '\t'; break;
	case 'u':
		if (hex4(p + 1, sc->end, &cp) != 0)
			return sh_jscan_fail(sc, "invalid \\u escape", err);
		p += 5;
		if (cp == 0)
			return sh_jscan_fail(sc, "\\u0000 is not allowed",
			    err);
		if (cp >= 0xdc00 && cp <= 0xdfff)
			return sh_jscan_fail(sc, "a low surrogate without a "
			    "high one", err);
		if (cp >= 0xd800 && cp <= 0xdbff) {
			/* The pair's second half must follow at once. */
			if (sc->end - p < 2 || p[0] != '\\' || p[1] != 'u' ||
			    hex4(p + 2, sc->end, &lo) != 0 ||
			    lo < 0xdc00 || lo > 0xdfff)
				return sh_jscan_fail(sc, "a high surrogate "
				    "without a low one", err);
			cp = 0x10000 + ((cp - 0xd800) << 10) + (lo - 0xdc00);
			p += 6;
		}
		sc->p = p;
		sc->sflags |= cp_flags(cp);
		*n = put_utf8(u, cp);
		return 0;
	default:
		return sh_jscan_fail(sc, "invalid escape in a string", err);
	}
	sc->p = p + 1;
	sc->sflags |= cp_flags((unsigned char)c);
	u[0] = (unsigned char)c;
	*n = 1;
	return 0;
}

/*
 * Word-at-a-time tests (eight bytes in a uint64_t, in either byte
 * order): whether any byte is zero, and which bytes are not "plain"
 * bytes, 0x20-0x7e but for '"' and '\\', the bytes a string's text is
 * mostly made of and that need neither unescaping nor a second look.
 */
#define ONES	0x0101010101010101ULL
#define HIGHS	0x8080808080808080ULL

static inline uint64_t
has_zero(uint64_t w)
{
	return (w - ONES) & ~w & HIGHS;
}

/*
 * The high bit of each byte of w that is not plain. A borrow only runs
 * upwards, so a flag may be false above a true one but the lowest flag
 * is always true: in a little-endian word it is the first such byte.
 */
static inline uint64_t
not_plain(uint64_t w)
{
	/* (w - 0x20 in every byte) & ~w & HIGHS: a byte below 0x20. */
	return (w & HIGHS) | ((w - ONES * 0x20) & ~w & HIGHS) |
	    has_zero(w ^ ONES * '"') | has_zero(w ^ ONES * '\\') |
	    has_zero(w ^ ONES * 0x7f);
}

/*
 * Past the plain bytes at p, eight at a time: at the first byte that is
 * not plain, or the end.
 */
static inline const unsigned char *
plain_run(const unsigned char *p, const unsigned char *end)
{
	uint64_t	w, m;

	for (; end - p >= 8; p += 8) {
		memcpy(&w, p, sizeof w);
		if ((m = not_plain(w)) != 0) {
#if defined(__BYTE_ORDER__) && __BYTE_ORDER__ == __ORDER_LITTLE_ENDIAN__
			/* Past the plain bytes before it at once. */
			return p + __builtin_ctzll(m) / 8;
#else
			break;
#endif
		}
	}
	while (p < end && *p >= 0x20 && *p < 0x7f && *p != '"' &&
	    *p != '\\')
		p++;
	return p;
}

/*
 * Bytes p[0..8) as a little-endian word, whatever the machine's order
 * (compilers make this one load where it is the machine's).
 */
static inline uint64_t
load_le64(const unsigned char *p)
{
	return (uint64_t)p[0] | (uint64_t)p[1] << 8 | (uint64_t)p[2] << 16 |
	    (uint64_t)p[3] << 24 | (uint64_t)p[4] << 32 |
	    (uint64_t)p[5] << 40 | (uint64_t)p[6] << 48 |
	    (uint64_t)p[7] << 56;
}

/*
 * Whether w's first six bytes are two three-byte characters of
 * U+3000-U+FFFF less U+D000-U+DFFF (a lead byte E3-EF but ED, two
 * continuation bytes each), tested at once: a per-byte sum never
 * carries, since no term exceeds 0x1e. In lead bytes (0 and 3): the
 * high nibble E, the low nibble x at least 3 (x + 0x0d reaches 0x10)
 * and not 0x0d ((x ^ 0x0d) + 0x0f reaches 0x10).
 */
#define LEAD(b)	((uint64_t)(b) * 0x01000001ULL)
#define CONT(b)	((uint64_t)(b) * 0x010100010100ULL)

static inline bool
two_wide(uint64_t w)
{
	uint64_t	x = w & LEAD(0x0f);

	return (w & CONT(0xc0)) == CONT(0x80) &&
	    (w & LEAD(0xf0)) == LEAD(0xe0) &&
	    ((x + LEAD(0x0d)) & ((x ^ LEAD(0x0d)) + LEAD(0x0f)) &
	    LEAD(0x10)) == LEAD(0x10);
}

/*
 * Past the text at p that needs no unescaping: plain bytes eight at a
 * time, kana and kanji two at a time, the rest one character at a
 * time, each checked as UTF-8 (table 3-7) and for what sh_text_safe()
 * refuses (into *flags), so that no one need look at the text again.
 * Stops at a quote, a backslash, a control character, invalid UTF-8 or
 * the end.
 */
static inline const unsigned char *
scan_text(const unsigned char *p, const unsigned char *end,
    unsigned *flags)
{
	uint32_t	cp;
	size_t		n;

	for (;;) {
		p = plain_run(p, end);
		/*
		 * U+3000-U+FFFF less the surrogates (lead E3-EF but ED):
		 * kana, kanji and full-width forms, all safe, as in
		 * sh_text_safe(); Japanese text is mostly runs of them.
		 */
		for (;;) {
			if (end - p >= 8 && two_wide(load_le64(p)))
				p += 6;
			else if (end - p >= 3 && *p >= 0xe3 && *p != 0xed &&
			    *p <= 0xef && (p[1] & 0xc0) == 0x80 &&
			    (p[2] & 0xc0) == 0x80)
				p += 3;
			else
				break;
		}
		if (p == end)
			return p;
		if (*p >= 0x20 && *p < 0x7f) {
			if (*p == '"' || *p == '\\')
				return p;
			p++;
			continue;
		}
		if (*p == 0x7f) {
			*flags |= SH_JSTR_UNSAFE;
			p++;
			continue;
		}
		if (*p < 0x80)
			return p;
		if ((n = utf8_seq(p, end)) == 0)
			return p;
		sh_utf8_decode((const char *)p, n, &cp);
		*flags |= cp_flags(cp);
		p += n;
	}
}

/* The scanner's buffer, made ready for a string of the document. */
static int
str_start(struct sh_jscan *sc, struct sh_err *err)
{
	size_t	left = (size_t)(sc->end - sc->p);

	/*
	 * One allocation for most documents: a secret buffer is a fresh
	 * mapping each time it grows, and comments run to 32 KiB.
	 */
	sc->str.len = 0;
	if (sh_buf_reserve(&sc->str, sc->str.cap > 0 ? 0 :
	    left < SH_JSCAN_STR_START ? left : SH_JSCAN_STR_START) != 0)
		return sh_errf(err, "out of memory");
	return 0;
}

/*
 * Where scan_text() stopped inside a string: 1 at the closing quote, 0
 * at a backslash, -1 (with the error) at anything else.
 */
static int
text_stop(struct sh_jscan *sc, struct sh_err *err)
{
	if (sc->p == sc->end)
		return sh_jscan_fail(sc, "unterminated string", err);
	if (*sc->p == '"')
		return 1;
	if (*sc->p == '\\')
		return 0;
	if (*sc->p < 0x20)
		return sh_jscan_fail(sc, "a control character in a string "
		    "(escape it)", err);
	return sh_jscan_fail(sc, "invalid UTF-8 in a string", err);
}

/*
 * A string at sc->p (the opening quote), in one pass. Its text is left
 * where it lies in the document unless it has an escape (then it is
 * unescaped into sc->str) or `cstr` asks for a NUL-terminated copy.
 */
static int
scan_string(struct sh_jscan *sc, bool cstr, const char **s, size_t *len,
    struct sh_err *err)
{
	const unsigned char	*p, *run;
	unsigned char		 u[4];
	size_t			 n;
	bool			 copy = false;
	int			 rc;

	sc->sflags = 0;
	run = ++sc->p;
	for (;;) {
		p = sc->p = scan_text(sc->p, sc->end, &sc->sflags);
		if ((rc = text_stop(sc, err)) == 1)
			break;
		if (rc != 0)
			return -1;
		if (!copy && str_start(sc, err) != 0)
			return -1;
		copy = true;
		if (sh_buf_append(&sc->str, run, (size_t)(p - run)) != 0)
			return sh_errf(err, "out of memory");
		if (escape(sc, u, &n, err) != 0)
			return -1;
		if (sh_buf_append(&sc->str, u, n) != 0)
			return sh_errf(err, "out of memory");
		run = sc->p;
	}
	sc->p++;
	if (!copy && !cstr) {
		*s = (const char *)run;
		*len = (size_t)(p - run);
		return 0;
	}
	if (!copy && (size_t)(p - run) < sizeof sc->small) {
		memcpy(sc->small, run, (size_t)(p - run));
		sc->small[p - run] = '\0';
		*s = sc->small;
		*len = (size_t)(p - run);
		return 0;
	}
	if (!copy && str_start(sc, err) != 0)
		return -1;
	if (sh_buf_append(&sc->str, run, (size_t)(p - run)) != 0)
		return sh_errf(err, "out of memory");
	*s = (const char *)sc->str.data;
	*len = sc->str.len;
	return 0;
}

/* A key, NUL-terminated (cstr) or where it lies: see jscan.h. */
static int
scan_key(struct sh_jscan *sc, bool cstr, size_t *n, const char **key,
    size_t *keylen, struct sh_err *err)
{
	int	rc;

	if ((rc = scan_next(sc, *n, '}', "expected ',' or '}'", err)) != 1)
		return rc;
	if (*sc->p != '"')
		return sh_jscan_fail(sc, "expected a key in double quotes",
		    err);
	if (scan_string(sc, cstr, key, keylen, err) != 0 ||
	    scan_expect(sc, ':', "expected ':' after the key", err) != 0)
		return -1;
	(*n)++;
	return 1;
}

int
sh_jscan_key(struct sh_jscan *sc, size_t *n, const char **key,
    size_t *keylen, struct sh_err *err)
{
	return scan_key(sc, true, n, key, keylen, err);
}

int
sh_jscan_key_text(struct sh_jscan *sc, size_t *n, const char **key,
    size_t *keylen, struct sh_err *err)
{
	const unsigned char	*p = sc->p, *q;

	/*
	 * A member as shinsa writes it, a ',' but before the first, '"', a
	 * few plain bytes and '":', is found in a word and its key left
	 * where it lies; anything else is scan_key()'s to read or refuse.
	 */
	if (*n > 0 && p < sc->end && *p == ',')
		p++;
	if (p < sc->end && *p == '"' && (*n == 0) == (p == sc->p)) {
		q = plain_run(p + 1, sc->end);
		if (sc->end - q >= 2 && q[0] == '"' && q[1] == ':') {
			*key = (const char *)p + 1;
			*keylen = (size_t)(q - p - 1);
			sc->p = q + 2;
			(*n)++;
			return 1;
		}
	}
	return scan_key(sc, false, n, key, keylen, err);
}

int
sh_jscan_string(struct sh_jscan *sc, const char **s, size_t *len,
    struct sh_err *err)
{
	if (sh_jscan_peek(sc) != SH_JT_STRING)
		return sh_jscan_fail(sc, "expected a string", err);
	return scan_string(sc, true, s, len, err);
}

/* What sh_text_safe() would say of the last string (see jscan.h). */
static bool
text_safe(const struct sh_jscan *sc, bool multiline)
{
	return !(sc->sflags & SH_JSTR_UNSAFE) &&
	    (multiline || !(sc->sflags & SH_JSTR_BREAK));
}

int
sh_jscan_text(struct sh_jscan *sc, bool multiline, const char **s,
    size_t *len, bool *safe, struct sh_err *err)
{
	if (sh_jscan_peek(sc) != SH_JT_STRING)
		return sh_jscan_fail(sc, "expected a string", err);
	if (scan_string(sc, false, s, len, err) != 0)
		return -1;
	*safe = text_safe(sc, multiline);
	return 0;
}

int
sh_jscan_text_to(struct sh_jscan *sc, bool multiline, char *dst,
    size_t cap, size_t *len, bool *safe, struct sh_err *err)
{
	const unsigned char	*run, *q;
	size_t			 o = 0, n;
	int			 rc;

	if (sh_jscan_peek(sc) != SH_JT_STRING)
		return sh_jscan_fail(sc, "expected a string", err);
	/* What is left of the document bounds the text: see jscan.h. */
	if (cap < (size_t)(sc->end - sc->p))
		return sh_errf(err, "out of memory");
	sc->sflags = 0;
	run = sc->p + 1;
	/* Plain bytes to the quote (an id, a time) are copied at once. */
	q = plain_run(run, sc->end);
	if (q < sc->end && *q == '"') {
		o = (size_t)(q - run);
		memcpy(dst, run, o);
		dst[o] = '\0';
		sc->p = q + 1;
		*len = o;
		*safe = true;
		return 0;
	}
	sc->p = q;
	for (;;) {
		sc->p = scan_text(sc->p, sc->end, &sc->sflags);
		if ((rc = text_stop(sc, err)) != 0)
			break;
		memcpy(dst + o, run, (size_t)(sc->p - run));
		o += (size_t)(sc->p - run);
		if ((rc = escape(sc, (unsigned char *)dst + o, &n, err)) != 0)
			break;
		o += n;
		run = sc->p;
	}
	if (rc != 1) {
		sodium_memzero(dst, o);
		return -1;
	}
	memcpy(dst + o, run, (size_t)(sc->p - run));
	o += (size_t)(sc->p - run);
	dst[o] = '\0';
	sc->p++;
	*len = o;
	*safe = text_safe(sc, multiline);
	return 0;
}

static bool
is_digit(const unsigned char *p, const unsigned char *end)
{
	return p < end && *p >= '0' && *p <= '9';
}

int
sh_jscan_number(struct sh_jscan *sc, long long *v, bool *integral,
    struct sh_err *err)
{
	const unsigned char	*p;
	unsigned long long	 mag = 0, limit;
	bool			 neg = false, over = false;
	unsigned		 d;

	if (sh_jscan_peek(sc) != SH_JT_NUMBER)
		return sh_jscan_fail(sc, "expected a number", err);
	p = sc->p;
	/* A score: one digit, and no fraction or exponent after it. */
	if (sc->end - p >= 2 && *p >= '1' && *p <= '9' &&
	    !(p[1] >= '0' && p[1] <= '9') && p[1] != '.' && p[1] != 'e' &&
	    p[1] != 'E') {
		sc->p = p + 1;
		*v = *p - '0';
		*integral = true;
		return 0;
	}
	if (*p == '-') {
		neg = true;
		p++;
	}
	if (!is_digit(p, sc->end))
		return sh_jscan_fail(sc, "invalid number", err);
	limit = neg ? (unsigned long long)LLONG_MAX + 1 : LLONG_MAX;
	if (*p == '0') {
		p++;
		if (is_digit(p, sc->end))
			return sh_jscan_fail(sc, "a number cannot start with "
			    "0", err);
	} else {
		for (; is_digit(p, sc->end); p++) {
			d = *p - '0';
			if (mag > (limit - d) / 10)
				over = true;
			else
				mag = mag * 10 + d;
		}
	}
	*integral = true;
	if (p < sc->end && *p == '.') {
		p++;
		if (!is_digit(p, sc->end))
			return sh_jscan_fail(sc, "a digit must follow '.'",
			    err);
		while (is_digit(p, sc->end))
			p++;
		*integral = false;
	}
	if (p < sc->end && (*p == 'e' || *p == 'E')) {
		p++;
		if (p < sc->end && (*p == '+' || *p == '-'))
			p++;
		if (!is_digit(p, sc->end))
			return sh_jscan_fail(sc, "a digit must follow the "
			    "exponent", err);
		while (is_digit(p, sc->end))
			p++;
		*integral = false;
	}
	/*
	 * jansson refuses an integer that does not fit, so this does;
	 * reals are not range-checked because no caller takes one.
	 */
	if (*integral && over)
		return sh_jscan_fail(sc, "integer too large", err);
	sc->p = p;
	if (!*integral)
		*v = 0;
	else if (neg)
		*v = mag == (unsigned long long)LLONG_MAX + 1 ? LLONG_MIN :
		    -(long long)mag;
	else
		*v = (long long)mag;
	return 0;
}

static bool
word(struct sh_jscan *sc, const char *w, size_t n)
{
	if ((size_t)(sc->end - sc->p) < n || memcmp(sc->p, w, n) != 0)
		return false;
	sc->p += n;
	return true;
}

int
sh_jscan_bool(struct sh_jscan *sc, bool *v, struct sh_err *err)
{
	if (sh_jscan_peek(sc) == SH_JT_BOOL) {
		if (word(sc, "true", 4)) {
			*v = true;
			return 0;
		}
		if (word(sc, "false", 5)) {
			*v = false;
			return 0;
		}
	}
	return sh_jscan_fail(sc, "expected true or false", err);
}

int
sh_jscan_null(struct sh_jscan *sc, struct sh_err *err)
{
	if (sh_jscan_peek(sc) == SH_JT_NULL && word(sc, "null", 4))
		return 0;
	return sh_jscan_fail(sc, "expected null", err);
}

static int
skip(struct sh_jscan *sc, int depth, struct sh_err *err)
{
	const char	*s;
	size_t		 n = 0, len;
	long long	 v;
	bool		 b;
	int		 rc;

	switch (sh_jscan_peek(sc)) {
	case SH_JT_OBJECT:
	case SH_JT_ARRAY:
		if (depth >= SH_JSCAN_SKIP_DEPTH)
			return sh_jscan_fail(sc, "nested too deeply", err);
		if (*sc->p == '{') {
			if (sh_jscan_object(sc, err) != 0)
				return -1;
			while ((rc = sh_jscan_key(sc, &n, &s, &len, err)) == 1)
				if (skip(sc, depth + 1, err) != 0)
					return -1;
			return rc;
		}
		if (sh_jscan_array(sc, err) != 0)
			return -1;
		while ((rc = sh_jscan_element(sc, &n, err)) == 1)
			if (skip(sc, depth + 1, err) != 0)
				return -1;
		return rc;
	case SH_JT_STRING:
		return sh_jscan_string(sc, &s, &len, err);
	case SH_JT_NUMBER:
		return sh_jscan_number(sc, &v, &b, err);
	case SH_JT_BOOL:
		return sh_jscan_bool(sc, &b, err);
	case SH_JT_NULL:
		return sh_jscan_null(sc, err);
	default:
		return sh_jscan_fail(sc, "expected a value", err);
	}
}

int
sh_jscan_skip(struct sh_jscan *sc, struct sh_err *err)
{
	return skip(sc, 0, err);
}

int
sh_jscan_end(struct sh_jscan *sc, struct sh_err *err)
{
	sh_jscan_space(sc);
	if (sc->p != sc->end)
		return sh_jscan_fail(sc, "only white space may follow the "
		    "document", err);
	return 0;
}
