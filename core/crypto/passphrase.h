/*
 * Passphrases for secret keys: from the terminal without echo, or from a
 * file for scripts. The library's key functions take the passphrase as
 * bytes; this module is the only place that asks for one.
 *
 * Ownership: the passphrase goes to a caller-owned struct sh_buf which
 * this module initialises as a secret buffer (sodium_malloc, wiped on
 * sh_buf_free). On failure the buffer is left empty and freed.
 */
#ifndef SHINSA_CRYPTO_PASSPHRASE_H
#define SHINSA_CRYPTO_PASSPHRASE_H

#include <stdbool.h>

#include "base/buf.h"
#include "base/err.h"

/*
 * Prompts on /dev/tty with echo off and reads one line. With confirm, asks
 * a second time and fails unless both agree. A signal (^C) restores the
 * terminal before it takes effect.
 */
int	sh_passphrase_read_tty(const char *prompt, bool confirm,
	    struct sh_buf *out, struct sh_err *err);

/*
 * Reads the first line of a file (without its line end). The file must
 * not be readable by group or others and must hold nothing after that
 * line, so that a stray second line is not silently ignored.
 */
int	sh_passphrase_read_file(const char *path, struct sh_buf *out,
	    struct sh_err *err);

/* From path if it is not NULL, else from the terminal. */
int	sh_passphrase_get(const char *path, const char *prompt, bool confirm,
	    struct sh_buf *out, struct sh_err *err);

#endif
