/* Width-aware truncation and wrapping; see layout.h. */
#include <string.h>

#include "base/text.h"
#include "layout.h"

size_t
sh_fit_ellipsis(const char *s, size_t len, size_t cols, size_t *used,
    bool *truncated)
{
	size_t	n, u;

	if (sh_text_width(s, len) <= cols) {
		if (used != NULL)
			*used = sh_text_width(s, len);
		if (truncated != NULL)
			*truncated = false;
		return len;
	}
	if (truncated != NULL)
		*truncated = true;
	if (cols == 0) {
		if (used != NULL)
			*used = 0;
		return 0;
	}
	n = sh_text_fit(s, len, cols - 1, &u);
	if (used != NULL)
		*used = u;
	return n;
}

void
sh_wrap_init(struct sh_wrap *w, const char *s, size_t len, size_t cols)
{
	w->s = s;
	w->len = len;
	w->pos = 0;
	w->cols = cols == 0 ? 1 : cols;
}

static bool
is_word(uint32_t cp)
{
	return (cp >= '0' && cp <= '9') || (cp >= 'A' && cp <= 'Z') ||
	    (cp >= 'a' && cp <= 'z') || cp == '_' || cp == '-' ||
	    cp == '.' || cp == ',' || cp == '(' || cp == ')';
}

/* Characters that must not begin a line (行頭禁則), the common subset. */
static bool
no_line_start(uint32_t cp)
{
	static const uint32_t set[] = {
		0x3001, 0x3002, 0xFF0C, 0xFF0E, 0xFF09, 0x300D, 0x300F,
		0x3011, 0x3015, 0xFF01, 0xFF1F, 0xFF1A, 0xFF1B, 0x30FC,
		0x2026, 0x3009, 0x300B, 0xFF3D, 0xFF5D, 0x3063, 0x30C3,
		0x3083, 0x3085, 0x3087, 0x30E3, 0x30E5, 0x30E7,
	};
	size_t i;

	for (i = 0; i < sizeof(set) / sizeof(set[0]); i++)
		if (set[i] == cp)
			return true;
	return false;
}

/* Start of the character that ends before `end` (end > start). */
static size_t
prev_char(const char *s, size_t start, size_t end)
{
	size_t p = end - 1;

	while (p > start && ((unsigned char)s[p] & 0xC0) == 0x80 &&
	    end - p < 4)
		p--;
	return p;
}

bool
sh_wrap_next(struct sh_wrap *w, size_t *off, size_t *n)
{
	const char	*s = w->s;
	size_t		 start = w->pos, p = start, last_space = 0, q, used = 0;
	uint32_t	 cp, next, prev;
	size_t		 k;
	int		 cw;
	bool		 have_space = false;

	if (start >= w->len)
		return false;
	while (p < w->len) {
		k = sh_utf8_decode(s + p, w->len - p, &cp);
		if (cp == '\n') {
			*off = start;
			*n = p - start;
			w->pos = p + 1;
			return true;
		}
		cw = sh_cp_width(cp);
		if (used + (size_t)cw > w->cols)
			break;
		if (cp == ' ') {
			last_space = p;
			have_space = true;
		}
		used += (size_t)cw;
		p += k;
	}
	if (p >= w->len) {
		*off = start;
		*n = p - start;
		w->pos = p;
		return true;
	}
	if (p == start) {
		/* Not even one character fits (a wide one in one column). */
		k = sh_utf8_decode(s + p, w->len - p, &cp);
		p += k;
		*off = start;
		*n = p - start;
		w->pos = p;
		return true;
	}
	/* A soft break at p: s[p] is the first character that did not fit. */
	sh_utf8_decode(s + p, w->len - p, &next);
	q = prev_char(s, start, p);
	sh_utf8_decode(s + q, p - q, &prev);
	if (is_word(next) && is_word(prev) && have_space &&
	    last_space > start) {
		*off = start;
		*n = last_space - start;
		w->pos = last_space + 1;
		return true;
	}
	if (no_line_start(next) && q > start) {
		/* Move the character before the punctuation down with it. */
		p = q;
	}
	*off = start;
	*n = p - start;
	/* A space at a soft break is the break itself. */
	if (p < w->len && s[p] == ' ')
		p++;
	w->pos = p;
	return true;
}

size_t
sh_wrap_count(const char *s, size_t len, size_t cols)
{
	struct sh_wrap	w;
	size_t		off, n, lines = 0;

	sh_wrap_init(&w, s, len, cols);
	while (sh_wrap_next(&w, &off, &n))
		lines++;
	return lines;
}

int
sh_cell(struct sh_buf *out, const char *s, size_t width, bool right)
{
	size_t	n, used, len = strlen(s), pad;
	bool	trunc;

	n = sh_fit_ellipsis(s, len, width, &used, &trunc);
	if (trunc)
		used++;
	pad = width > used ? width - used : 0;
	if (right)
		for (; pad > 0; pad--)
			if (sh_buf_append(out, " ", 1) != 0)
				return -1;
	if (sh_buf_append(out, s, n) != 0)
		return -1;
	if (trunc && sh_buf_append_str(out, SH_ELLIPSIS) != 0)
		return -1;
	for (; pad > 0; pad--)
		if (sh_buf_append(out, " ", 1) != 0)
			return -1;
	return sh_buf_cstr(out) == NULL ? -1 : 0;
}
