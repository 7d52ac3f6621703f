/*
 * Why a SQLite store could not be written. When a write fails SQLite
 * says only "disk I/O error" or "database or disk is full" and often
 * loses the errno of a short write (on a full disk it keeps none), so a
 * person is left guessing. This looks at the conditions that cause one:
 * the errno SQLite kept, a file-size limit (RLIMIT_FSIZE) the store or
 * its write-ahead log has reached, a file system with under 1 MiB free.
 * Both stores use it: the secretariat's round (store/round.c) and the
 * workstation's (tui/wstore.c).
 */
#ifndef SHINSA_STORE_IOERR_H
#define SHINSA_STORE_IOERR_H

#include <stddef.h>

#include <sqlite3.h>

/*
 * The cause of db's last error, written to buf ("File too large: the
 * file-size limit of 65536 bytes is reached", "No space left on
 * device"), for the store at path. NULL when the last error is not an
 * I/O or disk-full one, or when no cause is found.
 */
const char	*sh_store_io_cause(sqlite3 *db, const char *path, char *buf,
		    size_t len);

#endif
