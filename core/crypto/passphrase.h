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

/* Tries at a passphrase typed on the terminal, as ssh and gpg allow. */
#define SH_PASSPHRASE_TRIES	3

/*
 * What unlocking a key says on the terminal, in the caller's language (the
 * core knows none). retry and working may be NULL for the English texts.
 */
struct sh_passphrase_ui {
	const char	*prompt;	/* "Passphrase for your secret key: " */
	/*
	 * Writes the line shown before try n of max (n > 1) after a wrong
	 * passphrase: "Wrong passphrase, try again (2 of 3)."
	 */
	void		 (*retry)(char *buf, size_t size, int n, int max);
	/* Shown while scrypt works, then erased: "Unlocking the key…" */
	const char	*working;
};

/*
 * Loads the secret key in keyfile, which must not be a public key. An
 * unprotected key needs no passphrase. For a protected one, with passfile
 * the passphrase is read from it once, and a wrong one fails naming both
 * files (a script gains nothing from trying again). Otherwise it is asked
 * on /dev/tty up to SH_PASSPHRASE_TRIES times, ui->working showing while
 * scrypt works, and only a wrong passphrase is asked again; each try's
 * passphrase is in sodium_malloc memory, wiped before the next.
 */
struct sh_minisign_sk;
struct sh_minisign_sk *sh_passphrase_unlock(const char *keyfile,
	    const char *passfile, const struct sh_passphrase_ui *ui,
	    struct sh_err *err);

#endif
