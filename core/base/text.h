/*
 * UTF-8 text as people see it: decoding, display width and sanitising.
 *
 * Everything that came from a file (titles, comments, names) passes
 * through sh_text_sanitize() before it reaches a terminal, so that no
 * package or sheet can move the cursor, retitle the window or hide text.
 * Widths come from wcwidth(3), so the caller must have set an LC_CTYPE
 * with UTF-8 (setlocale(LC_ALL, "") under a UTF-8 locale, or C.UTF-8).
 */
#ifndef SHINSA_BASE_TEXT_H
#define SHINSA_BASE_TEXT_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "base/buf.h"

#define SH_REPLACEMENT 0xFFFD

/*
 * The id syntax every document and store shares (rounds, proposals,
 * reviewers, rubric items, fact names, trusted-comment keys): 1 to max
 * bytes, each one of A-Z a-z 0-9 . _ -. True if s[0..len) is one.
 * Callers that word a too-long id apart check the length first.
 */
bool	sh_id_valid(const char *s, size_t len, size_t max);

/*
 * Decodes one code point from s[0..len). Stores it in *cp and returns the
 * number of bytes used (1..4). Invalid, overlong, surrogate or truncated
 * sequences give U+FFFD and consume one byte. len must be > 0.
 */
size_t	sh_utf8_decode(const char *s, size_t len, uint32_t *cp);
/* Encodes cp into out (4 bytes room); returns bytes written. */
size_t	sh_utf8_encode(uint32_t cp, char *out);
/* True if s[0..len) is well-formed UTF-8. */
bool	sh_utf8_valid(const char *s, size_t len);

/*
 * True for code points that must never reach a terminal as they are:
 * C0 and C1 controls, DEL, and the bidirectional overrides and isolates
 * that can make text display differently from what it says.
 */
bool	sh_text_is_unsafe(uint32_t cp);

/*
 * True if s[0..len) is well-formed UTF-8 and has no unsafe code point;
 * '\n' and '\t' pass too when multiline. The same verdict as
 * sh_utf8_valid() and sh_text_is_unsafe() on each character, in one
 * pass that decodes only what could be unsafe: every text of every
 * sheet the merge reads goes through it.
 */
bool	sh_text_safe(const char *s, size_t len, bool multiline);

/*
 * Appends s to out with every unsafe code point and invalid byte replaced
 * by U+FFFD. If keep_newlines, '\n' is kept (and '\t' becomes a space),
 * for multi-line comments; otherwise both become a space.
 */
int	sh_text_sanitize(struct sh_buf *out, const char *s, size_t len,
	    bool keep_newlines);

/* Columns taken by one code point: 0, 1 or 2; unprintable counts as 1. */
int	sh_cp_width(uint32_t cp);
/* Characters (code points) in s[0..len), each invalid byte one: what a
 * person counts in a comment, as 文字. */
size_t	sh_text_chars(const char *s, size_t len);
/* Columns taken by s[0..len) as sanitised text on one line. */
size_t	sh_text_width(const char *s, size_t len);
/*
 * Bytes of s[0..len) that fit in `cols` columns without splitting a
 * character; *used gets the columns they take (may be NULL).
 */
size_t	sh_text_fit(const char *s, size_t len, size_t cols, size_t *used);

/*
 * True if s is a calendar date YYYY-MM-DD (2000 to 9999, the month's
 * real days): the round's deadline (締切), as the store, the package and
 * the secretariat's command take it.
 */
bool	sh_date_valid(const char *s);

#endif
