/*
 * Drawing text by display width. Every string is sanitised here, just
 * before it reaches curses, so views can pass text from packages as it
 * is. A page is a view's content laid out for the current width: a list
 * of screen lines, each with a role (colour), an indent and a tag (the
 * selectable thing it belongs to, or -1), built on every draw and
 * scrolled as a whole.
 */
#ifndef SHINSA_TUI_DRAW_H
#define SHINSA_TUI_DRAW_H

#include <stddef.h>

#include "ui.h"

/* Draws s on one row from (y, x) in at most cols columns, ending with
 * "…" if it does not fit. Returns the columns used. */
int	draw_text(struct ui *, int y, int x, int cols, const char *s,
	    enum ui_role role);
/* Rows s takes wrapped to cols columns (newlines kept), at most max. */
int	draw_wrap_rows(const char *s, int cols, int max);
/* Draws s wrapped to cols columns in rows rows from (y, x); the last row
 * ends with "…" if there is more than fits. */
void	draw_wrap(struct ui *, int y, int x, int cols, int rows,
	    const char *s, enum ui_role role);
/* Clears cols columns of row y from x with the role's attribute. */
void	draw_fill(struct ui *, int y, int x, int cols, enum ui_role role);

struct ui_line {
	char		*text;		/* sanitised, one screen line */
	enum ui_role	 role;
	int		 tag;
	int		 indent;
};

struct ui_page {
	struct ui_line	*lines;
	size_t		 n;
	size_t		 cap;
	int		 cols;
};

void	page_init(struct ui_page *, int cols);
void	page_free(struct ui_page *);
/* Adds s wrapped to cols - indent columns (newlines kept). Text that is
 * empty adds one empty line. */
void	page_add(struct ui_page *, enum ui_role, int tag, int indent,
	    const char *s);
void	page_addf(struct ui_page *, enum ui_role, int tag, int indent,
	    const char *fmt, ...) __attribute__((format(printf, 5, 6)));
/* Adds s as one line, newlines shown as spaces, cut with "…" when
 * drawn if it does not fit. */
void	page_add1(struct ui_page *, enum ui_role, int tag, int indent,
	    const char *s);
/* First line with this tag, or -1. */
int	page_find(const struct ui_page *, int tag);
/* Lines of this tag. */
int	page_tag_lines(const struct ui_page *, int tag);
/* Draws lines first.. into rows top..top+rows-1; lines tagged `sel`
 * are highlighted. */
void	page_draw(struct ui *, const struct ui_page *, int top, int rows,
	    int first, int sel);
/* The first line to show so that tag `sel` is fully visible, given the
 * previous first line. */
int	page_scroll(const struct ui_page *, int rows, int first, int sel);

#endif
