/*
 * The workstation store: one SQLite file per reviewer's machine,
 * $XDG_DATA_HOME/shinsa/workstation.db (default ~/.local/share/shinsa),
 * directory 0700, file 0600. No curses.
 *
 * It keeps the pinned secretariat keys, each round's package exactly as
 * received (an age file, already encrypted to the reviewer), and the
 * reviewer's drafts: one row per proposal holding its conflict
 * declaration, entries, comments, remarks, conditions and scratchpad,
 * sealed with XChaCha20-Poly1305 under a key derived from the reviewer's
 * secret key (keyed BLAKE2b), the round and proposal bound in as
 * associated data so a row cannot be moved to another proposal. A lost
 * laptop shows ids and revision numbers, never titles, scores or text.
 *
 * Every save is one transaction, committed with synchronous=FULL before
 * it returns: when the screen says "saved" it is on disk. Each save
 * also bumps the round's version, which the review form uses to refuse a
 * stale import.
 * One process writes at a time: whoever saves holds the directory's lock
 * (wlock.h), taken before the drafts are loaded.
 *
 * Ownership: struct wstore holds the SQLite handle and the derived key
 * (sodium_malloc); wstore_close() wipes and frees both.
 */
#ifndef SHINSA_TUI_WSTORE_H
#define SHINSA_TUI_WSTORE_H

#include <stddef.h>

#include "base/buf.h"
#include "base/err.h"
#include "crypto/minisign.h"
#include "model.h"

#define WSTORE_FILE	"workstation.db"

struct wstore;

/* The directory: $SHINSA_HOME, else $XDG_DATA_HOME/shinsa, else
 * $HOME/.local/share/shinsa. Caller frees. */
char		*wstore_default_dir(void);
/* mkdir -p with the last component 0700; refuses a directory that
 * others can enter or read. wstore_open() makes its own; the lock
 * (wlock.h) is taken in it before. */
int		 wstore_make_dir(const char *dir, struct sh_err *err);

/* Opens (creating if needed) the store in dir, sealing with a key
 * derived from the reviewer's secret key. */
struct wstore	*wstore_open(const char *dir, const struct sh_minisign_sk *sk,
		    struct sh_err *err);
void		 wstore_close(struct wstore *);
const char	*wstore_dir(const struct wstore *);

/* Pinned secretariat keys: all of them (caller frees *out). */
int	wstore_pins(struct wstore *, struct sh_minisign_pk **out, size_t *n,
	    struct sh_err *err);
int	wstore_pin(struct wstore *, const struct sh_minisign_pk *,
	    struct sh_err *err);

/* The package file of a round, as received. Putting one again (a
 * reissue) keeps the drafts. */
int	wstore_put_package(struct wstore *, const char *round,
	    const char *reviewer, const void *file, size_t len,
	    struct sh_err *err);
int	wstore_get_package(struct wstore *, const char *round,
	    struct sh_buf *out, struct sh_err *err);
/* The round opened most recently; caller frees; NULL with err if none. */
char	*wstore_last_round(struct wstore *, struct sh_err *err);
/* Every round kept, most recently opened first (none: *n is 0); free
 * with wstore_rounds_free(). */
int	wstore_rounds(struct wstore *, char ***rounds, size_t *n,
	    struct sh_err *err);
void	wstore_rounds_free(char **rounds, size_t n);

/* Drafts. wstore_save() is a ws_save_fn: set ws->save = wstore_save and
 * ws->save_arg = the store. wstore_load() fills a fresh workstation
 * from its round's drafts (without saving). */
int	wstore_save(struct ws *, const struct ws_proposal *, void *store,
	    struct sh_err *err);
int	wstore_load(struct wstore *, struct ws *, struct sh_err *err);
/* Saves every proposal in one transaction (after a form import). */
int	wstore_save_all(struct wstore *, struct ws *, struct sh_err *err);

/* The round's version (bumped by every save) and last submitted
 * revision. */
int	wstore_version(struct wstore *, const char *round, long long *version,
	    struct sh_err *err);
int	wstore_revision(struct wstore *, const char *round,
	    long long *revision, struct sh_err *err);
int	wstore_set_revision(struct wstore *, const char *round,
	    long long revision, struct sh_err *err);

/* A proposal's draft as JSON and back (also used by tests). The JSON is
 * plaintext: use a secret buffer. from_json refuses a draft that names
 * items the variant lacks and changes nothing when it fails. */
int	ws_prop_to_json(const struct ws_proposal *, struct sh_buf *out,
	    struct sh_err *err);
int	ws_prop_from_json(struct ws_proposal *, const void *json, size_t len,
	    struct sh_err *err);

#endif
