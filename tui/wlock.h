/*
 * One writer per workstation store. Each process that saves drafts or
 * the revision holds <storedir>/lock for as long as it may write: the
 * screens for their whole life, `form import`, `submit` and
 * `open --no-screens` for their run. A window saves its whole proposal
 * from memory, so two writers would silently undo each other's saves
 * (issue 12); the second one is refused instead, before it reads the
 * drafts, with a message naming the holder. Read-only commands (status,
 * form export) take no lock. No curses.
 *
 * The lock is flock(LOCK_EX|LOCK_NB) on the file, so the kernel drops it
 * when the holder exits or is killed: there is never a stale lock to
 * remove by hand. The file itself is left in place (removing it would
 * let two processes lock two different files); the holder writes one
 * line per field into it, which only serves to name the holder:
 *
 *	pid 1234
 *	use screens
 *	tty /dev/pts/3
 *	since 1782936060
 *
 * Ownership: wlock_take() returns a lock the caller releases with
 * wlock_release() (which closes the file, and so unlocks).
 */
#ifndef SHINSA_TUI_WLOCK_H
#define SHINSA_TUI_WLOCK_H

#include "base/err.h"

#define WLOCK_FILE	"lock"

enum wlock_use {
	WLOCK_SCREENS,		/* the screens: shinsa, shinsa open */
	WLOCK_OPEN,		/* shinsa --no-screens open */
	WLOCK_IMPORT,		/* shinsa form import */
	WLOCK_SUBMIT		/* shinsa submit */
};

struct wlock;

/* Locks the store in dir (which must exist) for use; NULL with err if
 * another process holds it (naming it) or the file cannot be locked. */
struct wlock	*wlock_take(const char *dir, enum wlock_use use,
		    struct sh_err *err);
void		 wlock_release(struct wlock *);

#endif
