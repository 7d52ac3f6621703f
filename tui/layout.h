/*
 * Text layout by display width, without curses: where a line of
 * Japanese or mixed text must be cut to fit a number of columns.
 *
 * Everything here works on text that has already been through
 * sh_text_sanitize() (so it holds no control characters except '\n').
 * Offsets are in bytes; widths in terminal columns, from wcwidth(3), so
 * the caller must have a UTF-8 LC_CTYPE. A double-width character is
 * never split: a line that cannot hold it ends one column short.
 */
#ifndef SHINSA_TUI_LAYOUT_H
#define SHINSA_TUI_LAYOUT_H

#include <stdbool.h>
#include <stddef.h>

#include "base/buf.h"

/* The ellipsis put at the end of truncated text (U+2026, one column). */
#define SH_ELLIPSIS	"\xe2\x80\xa6"

/*
 * Bytes of s[0..len) to draw in `cols` columns. If the whole text does
 * not fit, keeps one column for SH_ELLIPSIS and sets *truncated; *used
 * gets the columns of the returned bytes (the ellipsis not included).
 */
size_t	sh_fit_ellipsis(const char *s, size_t len, size_t cols, size_t *used,
	    bool *truncated);

/*
 * Iterates over the lines of s wrapped to `cols` columns. Lines end at
 * '\n' and wherever the next character would pass `cols`; a line is not
 * broken inside a run of Latin letters or digits when there is a space
 * earlier on it, and (禁則) closing punctuation such as 、。」） is not
 * left at the start of a line when the character before it can move
 * down with it. The state is a position; the text is not copied.
 */
struct sh_wrap {
	const char	*s;
	size_t		 len;
	size_t		 pos;
	size_t		 cols;
};

void	sh_wrap_init(struct sh_wrap *w, const char *s, size_t len,
	    size_t cols);
/*
 * The next line: s + *off, *n bytes (without its '\n'). False at the end.
 * An empty text gives no lines; "a\n" gives one.
 */
bool	sh_wrap_next(struct sh_wrap *w, size_t *off, size_t *n);
/* How many lines s takes at `cols` columns. */
size_t	sh_wrap_count(const char *s, size_t len, size_t cols);

/*
 * Appends s as a cell of exactly `width` columns: truncated with the
 * ellipsis if too wide, padded with spaces (on the left if right) if
 * narrower. s must be sanitised single-line text. -1 on no memory.
 */
int	sh_cell(struct sh_buf *out, const char *s, size_t width, bool right);

#endif
