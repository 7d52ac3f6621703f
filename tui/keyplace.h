/*
 * The reviewer's key in its default place, so that `shinsa` needs no
 * flag: $XDG_CONFIG_HOME/shinsa (default ~/.config/shinsa), directory
 * 0700, holding reviewer.key (the minisign secret key, 0600, protected
 * by a passphrase of at least SH_PASSPHRASE_MIN characters,
 * crypto/passphrase.h) and reviewer.pub (the public key the reviewer sends
 * the secretariat). -s and SHINSA_SECRET_KEY override it. No curses.
 *
 * Ownership: every returned path is the caller's to free.
 */
#ifndef SHINSA_TUI_KEYPLACE_H
#define SHINSA_TUI_KEYPLACE_H

#include <stdbool.h>
#include <stddef.h>

#include "base/err.h"
#include "crypto/minisign.h"
#include "crypto/passphrase.h"

#define KEYPLACE_SECRET		"reviewer.key"
#define KEYPLACE_PUBLIC		"reviewer.pub"

/* The directory; NULL when neither XDG_CONFIG_HOME nor HOME is set. */
char	*keyplace_dir(void);
/* The secret (public false) or public key file's path in it. */
char	*keyplace_path(bool public);
/* The key to use: -s (given), else $SHINSA_SECRET_KEY, else the default
 * secret key if it exists; NULL if none (the first start). */
char	*keyplace_choose(const char *given);

/*
 * Makes the reviewer's key pair for id in the default place, the secret
 * key protected by pass (at minisign's scrypt limits: this takes
 * seconds and a gigabyte of memory). Refuses to replace a key that is
 * there. *sk gets the key, unlocked, for the session to use.
 */
int	keyplace_make(const char *id, const unsigned char *pass,
	    size_t passlen, struct sh_minisign_sk **sk, struct sh_err *err);

#endif
