/*
 * A reviewer's session: their key, the workstation store, and the
 * workstation of one round opened from its sealed package. Shared by the
 * screens and the non-interactive commands; no curses.
 *
 *   session_lock         takes the store's lock (wlock.h) for a use
 *                        that writes; before session_unlock, so that a
 *                        refused second window asks nothing and never
 *                        loads drafts it could save over
 *   session_unlock       reads the reviewer's secret key (asking for its
 *                        passphrase) and opens the store
 *   session_open_file    opens a package file: decrypts it with the
 *                        reviewer's key, verifies the secretariat's
 *                        signature against the pinned key (or, on first
 *                        use, asks `pin` whether to pin the key it names,
 *                        showing its fingerprint), keeps the file in the
 *                        store and loads the drafts
 *   session_open_round   the same from the package kept in the store
 *   session_submit       builds the sheet, seals it (sign, then encrypt
 *                        to the secretariat) and writes it to the outbox
 *                        as the next revision
 *
 * Ownership: the session owns the key (sodium_malloc), the age identity
 * (sodium_malloc), the store, the workstation and the lock, released
 * last, after the store is closed.
 */
#ifndef SHINSA_TUI_SESSION_H
#define SHINSA_TUI_SESSION_H

#include <stdbool.h>

#include "base/err.h"
#include "crypto/age.h"
#include "crypto/agekey.h"
#include "crypto/minisign.h"
#include "model.h"
#include "wlock.h"
#include "wstore.h"

/* Asked on first use: true to pin. `fpr` is the fingerprint to compare
 * with what the secretariat gave by voice or on paper. */
typedef bool (*session_pin_fn)(const char *fpr, const char *round,
    void *arg);

struct session {
	struct sh_minisign_sk	*sk;
	struct sh_age_identity	*id;
	char			 recipient[SH_AGE_RECIPIENT_SIZE + 1];
	struct wstore		*st;
	struct ws		*ws;
	struct wlock		*lock;		/* NULL: a read-only use */
	bool			 pinned_now;	/* this open pinned the key */
	char			 fpr[SH_MINISIGN_FPR_LEN + 1];
	/* A refused open of another reviewer's package: theirs. */
	char			 issued_to[65];
};

void	session_init(struct session *);
void	session_free(struct session *);

/* dir NULL: default (as for session_unlock). */
int	session_lock(struct session *, const char *dir, enum wlock_use,
	    struct sh_err *err);
/* keyfile: the reviewer's minisign secret key; passfile may be NULL
 * (then the passphrase is asked on the terminal); dir NULL: default. */
int	session_unlock(struct session *, const char *keyfile,
	    const char *passfile, const char *dir, struct sh_err *err);
/* The same with a key already in memory (tests); takes ownership. */
int	session_unlock_key(struct session *, struct sh_minisign_sk *sk,
	    const char *dir, struct sh_err *err);

int	session_open_file(struct session *, const char *path,
	    session_pin_fn pin, void *arg, struct sh_err *err);
int	session_open_bytes(struct session *, const unsigned char *file,
	    size_t len, session_pin_fn pin, void *arg, struct sh_err *err);
/* round NULL: the one opened last. */
int	session_open_round(struct session *, const char *round,
	    struct sh_err *err);

/* Writes the sealed sheet; *path gets where (caller frees). outpath
 * NULL: <store>/outbox/<round>-<reviewer>-r<revision>.shinsa-sheet. */
int	session_submit(struct session *, const char *outpath, char **path,
	    long long *revision, struct sh_err *err);

/* Where session_submit writes revision rev by default (caller frees). */
char	*session_sheet_path(struct session *, long long rev);
/* Copies the sealed sheet into dir under its own name; *dest gets the
 * copy's path (caller frees). 1 (*dest the file that is there) when a
 * file of that name exists and replace is false. */
int	session_copy_sheet(const char *sheet, const char *dir, bool replace,
	    char **dest, struct sh_err *err);

#endif
