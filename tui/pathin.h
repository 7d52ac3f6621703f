/*
 * Paths a reviewer types or drags into the terminal, without curses:
 * what a terminal pastes when a file is dropped on it ('/path/my file',
 * "/path/my file", /path/my\ file, file:///path/my%20file, often with a
 * trailing space), `~` for the home directory, and Tab completion.
 *
 * Ownership: every returned string is the caller's to free.
 */
#ifndef SHINSA_TUI_PATHIN_H
#define SHINSA_TUI_PATHIN_H

#include <stddef.h>

/* The path the text means: spaces around it and quotes around it
 * removed, backslash escapes and file:// URLs undone, `~` expanded. */
char	*pathin_clean(const char *text);
/* `~` or `~/…` with $HOME in its place; other text as it is. */
char	*pathin_expand(const char *text);

/*
 * Completes the last component of text (typed form kept: `~/Des` gives
 * `~/Desktop/`): to the longest prefix that every match shares, and a
 * single directory gets its '/'. NULL when nothing matches. *choices
 * (may be NULL) gets the matching names joined by two spaces when more
 * than one matches, else NULL; *nchoices their number.
 */
char	*pathin_complete(const char *text, char **choices, size_t *nchoices);

#endif
