/*
 * A growable byte buffer. The buffer owns its bytes. A buffer marked
 * secret keeps them in sodium_malloc memory (guard pages, wiped on free),
 * for plaintext of proposals, drafts and keys.
 */
#ifndef SHINSA_BASE_BUF_H
#define SHINSA_BASE_BUF_H

#include <stdbool.h>
#include <stddef.h>
#include <sys/types.h>

#include "base/err.h"

struct sh_buf {
	unsigned char	*data;
	size_t		 len;
	size_t		 cap;
	bool		 secret;
};

void	sh_buf_init(struct sh_buf *b, bool secret);
/* Makes room for `more` bytes past len; -1 on overflow or no memory. */
int	sh_buf_reserve(struct sh_buf *b, size_t more);
int	sh_buf_append(struct sh_buf *b, const void *p, size_t n);
int	sh_buf_append_str(struct sh_buf *b, const char *s);
int	sh_buf_printf(struct sh_buf *b, const char *fmt, ...) SH_PRINTF(2, 3);
/* Ensures a NUL after the data (not counted in len); returns data. */
char	*sh_buf_cstr(struct sh_buf *b);
/* Wipes and frees the bytes; the buffer may be reused after init. */
void	sh_buf_free(struct sh_buf *b);

/*
 * Opens a file a person named, for reading, and refuses anything but a
 * regular file (a symbolic link to one is fine) without blocking: a named
 * pipe, a device, a directory or a socket gets "PATH: not read: it is a
 * named pipe, and only a regular file can be read", where a plain open()
 * would wait forever for a FIFO's writer or read /dev/zero without end.
 * Returns the descriptor (blocking, close-on-exec), its stat in *st when
 * st is not NULL; -1 with err.
 */
struct stat;
int	sh_open_regular(const char *path, struct stat *st, struct sh_err *err);

/*
 * read(2) of at most len bytes from fd, retried when a signal interrupts
 * it; -1 with "path: why" in err on any other failure, 0 at the end.
 */
ssize_t	sh_read_fd(int fd, void *p, size_t len, const char *path,
	    struct sh_err *err);

/*
 * Reads a whole file of at most `limit` bytes, through sh_open_regular().
 * Refuses larger files with a message naming the path and the limit rather
 * than truncating them.
 */
int	sh_read_file(const char *path, size_t limit, struct sh_buf *out,
	    struct sh_err *err);

/*
 * Writes a file atomically: a temporary beside it, fsync, rename, fsync of
 * the directory. `mode` is applied at creation (0600 for anything private).
 * Only a regular file, or nothing, may be at path: a symbolic link,
 * directory, device, FIFO or socket there is refused, not replaced
 * (sh_write_file_check).
 */
int	sh_write_file_atomic(const char *path, const void *data, size_t len,
	    int mode, struct sh_err *err);
/*
 * The check sh_write_file_atomic makes first, for callers that want to
 * refuse an output path before doing the work: 0 when path does not
 * exist or is a regular file; else -1 with "PATH: not written: it is a
 * symbolic link, and only a regular file is replaced" (a directory, a
 * device, a FIFO, a socket).
 */
int	sh_write_file_check(const char *path, struct sh_err *err);

/*
 * fsync of a directory, so that names created, renamed or removed in it
 * survive a power loss; -1 with errno set.
 */
int	sh_sync_dir(const char *dir);

#endif
