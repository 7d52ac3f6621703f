/* Allocation for the front end: on failure these call ui_die(), which
 * restores the terminal first. Overflow is checked. */
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

#endif
