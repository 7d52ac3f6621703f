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
 *
 * Message keys. Besides the English text, an error keeps how it was made:
 * one frame per sh_errf() and sh_err_prefix(), each the format string it
 * was given (a string literal: the message's key, as in gettext) and the
 * text of each of its conversions. The library knows no language; a front
 * end that speaks another one looks each key up in its catalogue and
 * renders the translation with the same arguments (sh_msg_render()), and
 * falls back to msg when the record did not fit (`lost`). Every format
 * passed here must therefore be a literal (-Wformat-nonliteral holds
 * callers to that) and so outlives the error.
 */
#ifndef SHINSA_BASE_ERR_H
#define SHINSA_BASE_ERR_H

#include <stdarg.h>
#include <stdbool.h>
#include <stddef.h>

#define SH_ERR_MAX	1024
#define SH_ERR_FRAMES	8	/* sh_errf() and up to 7 prefixes */
#define SH_MSG_MAXARGS	8	/* conversions in one format */

struct sh_err_frame {
	const char	*fmt;		/* the key */
	unsigned short	 off;		/* its arguments in args */
	unsigned char	 nargs;
};

/*
 * What kind of refusal an error is, for a front end that words it for a
 * person who is not a programmer (a secretariat's clerk, a reviewer) in
 * front of msg, which stays the technical cause. Set by the layer that
 * knows (sh_err_set_kind(), after the sh_errf()); kept by
 * sh_err_prefix(); cleared by every other setter.
 */
enum sh_err_kind {
	SH_ERR_PLAIN = 0,	/* no words but msg */
	SH_ERR_DAMAGED,		/* damaged or altered on the way */
	SH_ERR_NOT_OURS,	/* not encrypted to this key at all */
	SH_ERR_ELSEWHERE,	/* made for another round or recipient */
	SH_ERR_OTHER_KEY,	/* signed by a key other than the expected */
	SH_ERR_WRONG_DOC,	/* another kind of document (a package
				   given as a sheet, or the reverse) */
	SH_ERR_RECIPIENTS,	/* encrypted to more than one recipient */
	SH_ERR_OTHER_REVIEWER,	/* a package issued to another reviewer */
	SH_ERR_NOT_AGE,		/* not an encrypted file at all (a CSV
				   or PDF given by mistake) */
};

struct sh_err {
	char			msg[SH_ERR_MAX];	/* English */
	unsigned char		kind;	/* enum sh_err_kind */
	/* frame[0] is the innermost (the sh_errf()), then each prefix. */
	unsigned char		nframes;
	bool			lost;	/* frames incomplete: use msg */
	unsigned short		argslen;
	unsigned int		seal;	/* ties the frames to msg */
	struct sh_err_frame	frame[SH_ERR_FRAMES];
	char			args[SH_ERR_MAX];	/* NUL-terminated texts */
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

/*
 * Sets the message from a key and its arguments already rendered (as
 * sh_msg_args() makes them), for a message that was kept apart from an
 * error first (review/rules.h problems). Returns -1.
 */
int sh_err_set(struct sh_err *err, const char *fmt, const char *args,
    size_t nargs);

/*
 * Says what kind of refusal the error already set is; returns -1.
 * sh_err_kind() reads it back: SH_ERR_PLAIN for a record not made by
 * these functions (an uninitialised one, a msg written by hand).
 */
int	sh_err_set_kind(struct sh_err *err, enum sh_err_kind kind);
enum sh_err_kind sh_err_kind(const struct sh_err *err);

/* Clears the message. */
void sh_err_clear(struct sh_err *err);

/*
 * True if err's frames can be trusted to say what msg says: complete, and
 * made together with msg by the functions above (not a stale or
 * uninitialised record, nor a msg written by hand).
 */
bool sh_err_keyed(const struct sh_err *err);

/*
 * Renders each conversion of fmt with its argument, as printf would, into
 * buf as consecutive NUL-terminated texts; *nargs gets their number.
 * Returns the bytes used, or -1 if they do not fit or fmt has more than
 * SH_MSG_MAXARGS conversions (then the texts are incomplete).
 */
int sh_msg_args(char *buf, size_t size, size_t *nargs, const char *fmt,
    va_list ap) SH_PRINTF(4, 0);

/*
 * Writes fmt into out (always NUL-terminated when size > 0) with its
 * k-th conversion replaced by the k-th text of args (or the n-th for a
 * positional %n$ conversion, as translations reorder them); flags, width
 * and precision are those the texts were rendered with. "%%" is "%".
 * Returns 0, or -1 if a conversion has no text or the result did not
 * fit.
 */
int sh_msg_render(char *out, size_t size, const char *fmt, const char *args,
    size_t nargs);

#endif
