/*
 * The external viewer (DESIGN.md rule 11): only on the reviewer's
 * explicit request, a document is written to a private directory
 * $XDG_RUNTIME_DIR/shinsa-view.PID (mode 0700, the file 0600), which
 * should be RAM-backed (tmpfs or ramfs: the caller asks before writing
 * anywhere else), and opened with xdg-open (open on macOS, or
 * $SHINSA_VIEWER). The directory is wiped and removed when shinsa ends
 * (viewer_cleanup, at exit), and the one of a shinsa that was killed is
 * removed at the next start (viewer_sweep). No curses.
 */
#ifndef SHINSA_TUI_VIEWER_H
#define SHINSA_TUI_VIEWER_H

#include <stdbool.h>
#include <stddef.h>

#include "base/err.h"

/* The directory this process uses (into buf); -1 with err when
 * XDG_RUNTIME_DIR is not set to an absolute path. *ram: on tmpfs or
 * ramfs (or the directory does not exist yet and its parent is). */
int	viewer_dir(char *buf, size_t size, bool *ram, struct sh_err *err);
/* Writes data as `name` (a safe file name) there and starts the viewer
 * on it; *path gets the file (caller frees). */
int	viewer_open(const char *name, const void *data, size_t len,
	    char **path, struct sh_err *err);
/* Wipes and removes this process's directory. */
void	viewer_cleanup(void);
/* Removes the directories of shinsa processes that no longer run. */
void	viewer_sweep(void);

#endif
