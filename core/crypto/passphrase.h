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
 * Reads the first line of a file (without its line end). The file must
 * not be readable by group or others and must hold nothing after that
 * line, so that a stray second line is not silently ignored.
 */
int	sh_passphrase_read_file(const char *path, struct sh_buf *out,
	    struct sh_err *err);

/* Tries at a passphrase typed on the terminal, as ssh and gpg allow. */
#define SH_PASSPHRASE_TRIES	3

/*
 * The shortest passphrase a new key takes, in characters: one rule for
 * shinsa-keys and the workstation's first start.
 */
#define SH_PASSPHRASE_MIN	8

/* Whether p (len bytes of UTF-8) has at least SH_PASSPHRASE_MIN
 * characters. */
bool	sh_passphrase_long_enough(const unsigned char *p, size_t len);

/*
 * What asking for a passphrase says on the terminal. The core knows no
 * language: its texts ("Wrong passphrase, try again (2 of 3).",
 * "Unlocking the key… (a few seconds)", the new passphrase's prompts)
 * are message keys (base/err.h) that tr renders in the caller's
 * language with their arguments, as sh_msg_tr() (base/errmsg.h) does;
 * tr NULL keeps them English. prompt is the caller's own, for unlocking
 * ("Passphrase for your secret key: ").
 */
struct sh_passphrase_ui {
	const char	*prompt;
	void		 (*tr)(const char *key, const char *args,
			    size_t nargs, char *buf, size_t size);
};

/*
 * A new passphrase: from path if it is not NULL (refused if shorter
 * than SH_PASSPHRASE_MIN characters), else typed twice on /dev/tty
 * with echo off, asked again when it is too short or the two differ,
 * up to SH_PASSPHRASE_TRIES times. A signal (^C) restores the terminal
 * before it takes effect.
 */
int	sh_passphrase_new(const char *path, const struct sh_passphrase_ui *ui,
	    struct sh_buf *out, struct sh_err *err);

/*
 * Loads the secret key in keyfile, which must not be a public key. An
 * unprotected key needs no passphrase. For a protected one, with passfile
 * the passphrase is read from it once, and a wrong one fails naming both
 * files (a script gains nothing from trying again). Otherwise it is asked
 * on /dev/tty up to SH_PASSPHRASE_TRIES times, a working line showing
 * while scrypt works, and only a wrong passphrase is asked again; each try's
 * passphrase is in sodium_malloc memory, wiped before the next.
 */
struct sh_minisign_sk;
struct sh_minisign_sk *sh_passphrase_unlock(const char *keyfile,
	    const char *passfile, const struct sh_passphrase_ui *ui,
	    struct sh_err *err);

#endif
