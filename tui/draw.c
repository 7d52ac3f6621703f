/* Width-aware drawing; see draw.h. */
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "base/buf.h"
#include "base/text.h"
#include "draw.h"
#include "i18n.h"
#include "layout.h"
#include "xmalloc.h"

static void
sanitizen(struct sh_buf *b, const char *s, size_t len, bool keep_newlines)
{
	sh_buf_init(b, false);
	if (sh_text_sanitize(b, s, len, keep_newlines) != 0)
		die("%s", _("out of memory"));
}

static void
sanitize(struct sh_buf *b, const char *s, bool keep_newlines)
{
	if (s == NULL)
		s = "";
	sanitizen(b, s, strlen(s), keep_newlines);
}

/* draw_text of s[0..len). */
static int
draw_textn(struct ui *ui, int y, int x, int cols, const char *s, size_t len,
    enum ui_role role)
{
	struct sh_buf	b;
	size_t		n, used;
	bool		trunc;
	int		attr = ui_attr(ui, role);

	if (cols <= 0)
		return 0;
	sanitizen(&b, s, len, false);
	n = sh_fit_ellipsis((char *)b.data, b.len, (size_t)cols, &used,
	    &trunc);
	attron(attr);
	if (n > 0)
		mvaddnstr(y, x, (char *)b.data, (int)n);
	else
		move(y, x);
	if (trunc) {
		addstr(SH_ELLIPSIS);
		used++;
	}
	attroff(attr);
	sh_buf_free(&b);
	return (int)used;
}

int
draw_text(struct ui *ui, int y, int x, int cols, const char *s,
    enum ui_role role)
{
	if (s == NULL)
		s = "";
	return draw_textn(ui, y, x, cols, s, strlen(s), role);
}

int
draw_wrap_rows(const char *s, int cols, int max)
{
	struct sh_buf	b;
	size_t		n;

	if (cols <= 0 || max <= 0)
		return 0;
	sanitize(&b, s, true);
	n = sh_wrap_count((char *)b.data, b.len, (size_t)cols);
	sh_buf_free(&b);
	if (n == 0)
		return 0;
	return n > (size_t)max ? max : (int)n;
}

void
draw_wrap(struct ui *ui, int y, int x, int cols, int rows, const char *s,
    enum ui_role role)
{
	struct sh_buf	b;
	struct sh_wrap	w;
	size_t		off, n;
	int		r;

	if (cols <= 0)
		return;
	sanitize(&b, s, true);
	sh_wrap_init(&w, (char *)b.data, b.len, (size_t)cols);
	for (r = 0; r < rows && sh_wrap_next(&w, &off, &n); r++) {
		/* The last row takes the rest, cut with "…" if it is more. */
		if (r == rows - 1)
			n = b.len - off;
		draw_textn(ui, y + r, x, cols, (char *)b.data + off, n, role);
	}
	sh_buf_free(&b);
}

void
draw_fill(struct ui *ui, int y, int x, int cols, enum ui_role role)
{
	int attr = ui_attr(ui, role);

	if (cols <= 0)
		return;
	attron(attr);
	mvhline(y, x, ' ', cols);
	attroff(attr);
}

void
page_init(struct ui_page *p, int cols)
{
	memset(p, 0, sizeof(*p));
	p->cols = cols < 1 ? 1 : cols;
}

void
page_free(struct ui_page *p)
{
	size_t i;

	for (i = 0; i < p->n; i++)
		free(p->lines[i].text);
	free(p->lines);
	memset(p, 0, sizeof(*p));
}

static void
page_push(struct ui_page *p, enum ui_role role, int tag, int indent,
    const char *s, size_t n)
{
	struct ui_line *l;

	if (p->n == p->cap) {
		p->cap = p->cap == 0 ? 64 : p->cap * 2;
		p->lines = xreallocarray(p->lines, p->cap, sizeof(*p->lines));
	}
	l = &p->lines[p->n++];
	l->text = xcalloc(1, n + 1);
	memcpy(l->text, s, n);
	l->text[n] = '\0';
	l->role = role;
	l->tag = tag;
	l->indent = indent;
}

void
page_add(struct ui_page *p, enum ui_role role, int tag, int indent,
    const char *s)
{
	struct sh_buf	b;
	struct sh_wrap	w;
	size_t		off, n;
	int		cols;

	if (indent >= p->cols - 1)
		indent = 0;
	cols = p->cols - indent;
	sanitize(&b, s, true);
	if (b.len == 0) {
		page_push(p, role, tag, indent, "", 0);
		sh_buf_free(&b);
		return;
	}
	sh_wrap_init(&w, (char *)b.data, b.len, (size_t)cols);
	while (sh_wrap_next(&w, &off, &n))
		page_push(p, role, tag, indent, (char *)b.data + off, n);
	sh_buf_free(&b);
}

void
page_add1(struct ui_page *p, enum ui_role role, int tag, int indent,
    const char *s)
{
	struct sh_buf b;

	if (indent >= p->cols - 1)
		indent = 0;
	sanitize(&b, s, false);
	page_push(p, role, tag, indent, (char *)b.data, b.len);
	sh_buf_free(&b);
}

void
page_addf(struct ui_page *p, enum ui_role role, int tag, int indent,
    const char *fmt, ...)
{
	va_list	 ap;
	char	*s;

	va_start(ap, fmt);
	s = xvasprintf(fmt, ap);
	va_end(ap);
	page_add(p, role, tag, indent, s);
	free(s);
}

int
page_find(const struct ui_page *p, int tag)
{
	size_t i;

	for (i = 0; i < p->n; i++)
		if (p->lines[i].tag == tag)
			return (int)i;
	return -1;
}

int
page_tag_lines(const struct ui_page *p, int tag)
{
	size_t	i;
	int	n = 0;

	for (i = 0; i < p->n; i++)
		if (p->lines[i].tag == tag)
			n++;
	return n;
}

void
page_draw(struct ui *ui, const struct ui_page *p, int top, int rows,
    int first, int sel)
{
	const struct ui_line	*l;
	enum ui_role		 role;
	int			 r;
	size_t			 i;

	for (r = 0; r < rows; r++) {
		draw_fill(ui, top + r, 0, p->cols, UI_NORMAL);
		i = (size_t)first + (size_t)r;
		if (first < 0 || i >= p->n)
			continue;
		l = &p->lines[i];
		role = l->role;
		if (sel >= 0 && l->tag == sel) {
			role = UI_SELECTED;
			draw_fill(ui, top + r, 0, p->cols, role);
		}
		draw_text(ui, top + r, l->indent, p->cols - l->indent,
		    l->text, role);
	}
}

int
page_scroll(const struct ui_page *p, int rows, int first, int sel)
{
	int start, n, maxfirst;

	maxfirst = (int)p->n - rows;
	if (maxfirst < 0)
		maxfirst = 0;
	if (first > maxfirst)
		first = maxfirst;
	if (first < 0)
		first = 0;
	if (sel < 0 || (start = page_find(p, sel)) < 0)
		return first;
	n = page_tag_lines(p, sel);
	if (start < first)
		first = start;
	else if (start + n > first + rows)
		first = n > rows ? start : start + n - rows;
	/* Show the line above a selection at the top (its heading). */
	return first;
}
