#define _XOPEN_SOURCE 700
#include <string.h>
#include <wchar.h>

#include "base/text.h"

size_t
sh_utf8_decode(const char *str, size_t len, uint32_t *cp)
{
	const unsigned char	*s = (const unsigned char *)str;
	uint32_t		 c, min;
	size_t			 n, i;

	c = s[0];
	if (c < 0x80) {
		*cp = c;
		return 1;
	}
	if (c >= 0xC2 && c <= 0xDF) {
		n = 2;
		c &= 0x1F;
		min = 0x80;
	} else if (c >= 0xE0 && c <= 0xEF) {
		n = 3;
		c &= 0x0F;
		min = 0x800;
	} else if (c >= 0xF0 && c <= 0xF4) {
		n = 4;
		c &= 0x07;
		min = 0x10000;
	} else {
		*cp = SH_REPLACEMENT;
		return 1;
	}
	if (len < n) {
		*cp = SH_REPLACEMENT;
		return 1;
	}
	for (i = 1; i < n; i++) {
		if ((s[i] & 0xC0) != 0x80) {
			*cp = SH_REPLACEMENT;
			return 1;
		}
		c = (c << 6) | (s[i] & 0x3F);
	}
	if (c < min || c > 0x10FFFF || (c >= 0xD800 && c <= 0xDFFF)) {
		*cp = SH_REPLACEMENT;
		return 1;
	}
	*cp = c;
	return n;
}

size_t
sh_utf8_encode(uint32_t cp, char *out)
{
	unsigned char *o = (unsigned char *)out;

	if (cp > 0x10FFFF || (cp >= 0xD800 && cp <= 0xDFFF))
		cp = SH_REPLACEMENT;
	if (cp < 0x80) {
		o[0] = (unsigned char)cp;
		return 1;
	}
	if (cp < 0x800) {
		o[0] = (unsigned char)(0xC0 | (cp >> 6));
		o[1] = (unsigned char)(0x80 | (cp & 0x3F));
		return 2;
	}
	if (cp < 0x10000) {
		o[0] = (unsigned char)(0xE0 | (cp >> 12));
		o[1] = (unsigned char)(0x80 | ((cp >> 6) & 0x3F));
		o[2] = (unsigned char)(0x80 | (cp & 0x3F));
		return 3;
	}
	o[0] = (unsigned char)(0xF0 | (cp >> 18));
	o[1] = (unsigned char)(0x80 | ((cp >> 12) & 0x3F));
	o[2] = (unsigned char)(0x80 | ((cp >> 6) & 0x3F));
	o[3] = (unsigned char)(0x80 | (cp & 0x3F));
	return 4;
}

bool
sh_utf8_valid(const char *s, size_t len)
{
	uint32_t	cp;
	size_t		n;

	while (len > 0) {
		n = sh_utf8_decode(s, len, &cp);
		/* A literal U+FFFD in the input is 3 bytes; an error is 1. */
		if (cp == SH_REPLACEMENT && n == 1)
			return false;
		s += n;
		len -= n;
	}
	return true;
}

bool
sh_text_is_unsafe(uint32_t cp)
{
	if (cp < 0x20 || cp == 0x7F)
		return true;
	if (cp >= 0x80 && cp <= 0x9F)
		return true;
	if (cp >= 0x202A && cp <= 0x202E)	/* LRE RLE PDF LRO RLO */
		return true;
	if (cp >= 0x2066 && cp <= 0x2069)	/* LRI RLI FSI PDI */
		return true;
	if (cp == 0x200E || cp == 0x200F || cp == 0x061C)	/* marks */
		return true;
	return false;
}

bool
sh_text_safe(const char *str, size_t len, bool multiline)
{
	const unsigned char	*s = (const unsigned char *)str;
	const unsigned char	*end = s + len;
	uint32_t		 cp;
	size_t			 n;

	while (s < end) {
		if (*s >= 0x20 && *s < 0x7f) {
			s++;
			continue;
		}
		/*
		 * Lead bytes E3-EC and EE-EF with two continuation bytes are
		 * U+3000-U+FFFF less the surrogates (ED): kana, kanji and
		 * full-width forms, most of a Japanese text, and all safe
		 * (test_text holds sh_text_is_unsafe() to that).
		 */
		if (*s >= 0xe3 && *s <= 0xef && *s != 0xed && end - s >= 3 &&
		    (s[1] & 0xc0) == 0x80 && (s[2] & 0xc0) == 0x80) {
			s += 3;
			continue;
		}
		n = sh_utf8_decode((const char *)s, (size_t)(end - s), &cp);
		if (cp == SH_REPLACEMENT && n == 1)
			return false;
		if (sh_text_is_unsafe(cp) &&
		    !(multiline && (cp == '\n' || cp == '\t')))
			return false;
		s += n;
	}
	return true;
}

int
sh_text_sanitize(struct sh_buf *out, const char *s, size_t len,
    bool keep_newlines)
{
	char		enc[4];
	uint32_t	cp;
	size_t		n;

	while (len > 0) {
		n = sh_utf8_decode(s, len, &cp);
		s += n;
		len -= n;
		if (cp == '\n' && keep_newlines)
			;
		else if (cp == '\t' || cp == '\n')
			cp = ' ';
		else if (cp == '\r' && keep_newlines && len > 0 && *s == '\n')
			continue;	/* CRLF becomes LF */
		else if (sh_text_is_unsafe(cp))
			cp = SH_REPLACEMENT;
		if (sh_buf_append(out, enc, sh_utf8_encode(cp, enc)) != 0)
			return -1;
	}
	return sh_buf_cstr(out) == NULL ? -1 : 0;
}

int
sh_cp_width(uint32_t cp)
{
	int w;

	if (sh_text_is_unsafe(cp))
		return 1;	/* shown as U+FFFD */
	w = wcwidth((wchar_t)cp);
	if (w < 0)
		return 1;
	return w;
}

/* Code points (each invalid byte one) or, with cols, their columns. */
static size_t
text_measure(const char *s, size_t len, bool cols)
{
	uint32_t	cp;
	size_t		n, sum = 0;

	while (len > 0) {
		n = sh_utf8_decode(s, len, &cp);
		sum += cols ? (size_t)sh_cp_width(cp) : 1;
		s += n;
		len -= n;
	}
	return sum;
}

size_t
sh_text_chars(const char *s, size_t len)
{
	return text_measure(s, len, false);
}

size_t
sh_text_width(const char *s, size_t len)
{
	return text_measure(s, len, true);
}

size_t
sh_text_fit(const char *s, size_t len, size_t cols, size_t *used)
{
	uint32_t	cp;
	size_t		n, w, off = 0, taken = 0;

	while (off < len) {
		n = sh_utf8_decode(s + off, len - off, &cp);
		w = (size_t)sh_cp_width(cp);
		if (taken + w > cols)
			break;
		taken += w;
		off += n;
	}
	if (used != NULL)
		*used = taken;
	return off;
}

bool
sh_id_valid(const char *s, size_t len, size_t max)
{
	size_t		i;
	unsigned char	c;

	if (len == 0 || len > max)
		return false;
	for (i = 0; i < len; i++) {
		c = (unsigned char)s[i];
		if (!((c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z') ||
		    (c >= '0' && c <= '9') || c == '.' || c == '_' || c == '-'))
			return false;
	}
	return true;
}

bool
sh_date_valid(const char *s)
{
	static const int	 mdays[] = { 31, 29, 31, 30, 31, 30, 31, 31,
				    30, 31, 30, 31 };
	int			 y = 0, m = 0, d = 0, i;

	if (s == NULL || strlen(s) != 10 || s[4] != '-' || s[7] != '-')
		return false;
	for (i = 0; i < 10; i++) {
		if (i == 4 || i == 7)
			continue;
		if (s[i] < '0' || s[i] > '9')
			return false;
		if (i < 4)
			y = y * 10 + s[i] - '0';
		else if (i < 7)
			m = m * 10 + s[i] - '0';
		else
			d = d * 10 + s[i] - '0';
	}
	if (y < 2000 || m < 1 || m > 12 || d < 1 || d > mdays[m - 1])
		return false;
	/* 29 February only in a leap year. */
	return m != 2 || d != 29 ||
	    (y % 4 == 0 && (y % 100 != 0 || y % 400 == 0));
}
