/* Allocation for the front end: on failure these call die(). Overflow
 * is checked. */
#ifndef SHINSA_TUI_XMALLOC_H
#define SHINSA_TUI_XMALLOC_H

#include <stdarg.h>
#include <stddef.h>

void	*xcalloc(size_t n, size_t size);
void	*xreallocarray(void *p, size_t n, size_t size);
char	*xstrdup(const char *s);
char	*xasprintf(const char *fmt, ...) __attribute__((format(printf, 1, 2)));
char	*xvasprintf(const char *fmt, va_list ap)
	    __attribute__((format(printf, 1, 0)));

/* Called by die() before it prints, to restore the terminal (the
 * display sets it, as tig's die_callback = done_display); so the
 * allocation helpers need not know the display. */
extern void	(*die_callback)(void);
/* Restores the terminal (die_callback), prints "shinsa: message" and
 * exits 1. */
void	die(const char *fmt, ...)
	    __attribute__((format(printf, 1, 2), noreturn));

#endif
