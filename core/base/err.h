/*
 * An error is a fixed-size message in a buffer the caller owns, so that
 * reporting an error never allocates and never has to be freed, and so
 * that each layer can add where it happened in front of what went wrong:
 *
 *	sheet R03-r2.age: item 7-1: score 5 needs a comment
 *
 * Functions that can fail take a `struct sh_err *` (which may be NULL when
 * the caller does not care why) and return -1, NULL or false on failure.
 * The library never exits and never prints.
 */
#ifndef SHINSA_BASE_ERR_H
#define SHINSA_BASE_ERR_H

#include <stdarg.h>
#include <stddef.h>

#define SH_ERR_MAX 1024

struct sh_err {
	char msg[SH_ERR_MAX];
};

#if defined(__GNUC__)
#define SH_PRINTF(f, a) __attribute__((format(printf, f, a)))
#else
#define SH_PRINTF(f, a)
#endif

/* Sets the message; always returns -1 so callers can `return sh_errf(...)`. */
int sh_errf(struct sh_err *err, const char *fmt, ...) SH_PRINTF(2, 3);
int sh_verrf(struct sh_err *err, const char *fmt, va_list ap) SH_PRINTF(2, 0);

/* Puts context in front of an existing message: "ctx: old message". */
int sh_err_prefix(struct sh_err *err, const char *fmt, ...) SH_PRINTF(2, 3);

/* Clears the message. */
void sh_err_clear(struct sh_err *err);

#endif
