/*
 * The progress line (progress.h): rewritten in place with \r, erased to
 * the end of the line so that a shorter text leaves nothing behind, and
 * erased entirely before any other output and at the end.
 */
#include <stdarg.h>
#include <stdbool.h>
#include <stdio.h>
#include <unistd.h>

#include "progress.h"

static int	tty = -1;	/* standard error is a terminal; -1 unknown */
static bool	shown;		/* the line is on the screen now */

void
progress_step(const char *fmt, ...)
{
	va_list	ap;

	if (tty == -1)
		tty = isatty(STDERR_FILENO);
	if (!tty)
		return;
	/* What went to stdout first, so that it lands above the line. */
	fflush(stdout);
	fputc('\r', stderr);
	va_start(ap, fmt);
	vfprintf(stderr, fmt, ap);
	va_end(ap);
	fputs("\033[K", stderr);
	fflush(stderr);
	shown = true;
}

void
progress_clear(void)
{
	if (!shown)
		return;
	fputs("\r\033[K", stderr);
	fflush(stderr);
	shown = false;
}
