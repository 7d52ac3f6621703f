/*
 * Where a document or a report goes, a chunk at a time. Writers append to
 * the sink's buffer (a plain struct sh_buf, so sh_buf_printf() and the
 * CSV and text helpers work on it) and call sh_sink_flush() between
 * records; once the buffer holds SH_SINK_CHUNK bytes they are handed to
 * the sink's write function and the buffer starts again. Memory stays one
 * chunk and one record however large the output: a national round's
 * results document is hundreds of megabytes.
 *
 * A sink without a write function keeps everything in its buffer (tests,
 * and shinsa-verify's field-by-field comparison of one proposal).
 *
 * Errors are sticky, as in sh_jw: the first failure (no memory, a write
 * that failed) is kept, everything after it is dropped, and
 * sh_sink_finish() reports it.
 *
 * Ownership: the sink owns its buffer, wiped and freed by sh_sink_free();
 * arg belongs to the caller.
 */
#ifndef SHINSA_BASE_SINK_H
#define SHINSA_BASE_SINK_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "base/buf.h"
#include "base/err.h"

#define SH_SINK_CHUNK	(64u * 1024)

/* Takes n bytes; -1 with a message in err when they cannot be written. */
typedef int sh_sink_fn(void *arg, const void *p, size_t n, struct sh_err *err);

struct sh_sink {
	struct sh_buf	 buf;
	sh_sink_fn	*write;		/* NULL: keep everything in buf */
	void		*arg;
	uint64_t	 total;		/* bytes handed to write */
	bool		 failed;
	bool		 write_failed;	/* the failure was write's */
	struct sh_err	 err;		/* the first failure */
};

/* write NULL for a memory sink; secret for confidential text. */
void	sh_sink_init(struct sh_sink *s, sh_sink_fn *write, void *arg,
	    bool secret);
/* Hands the buffer on when it holds a chunk (or always, with force). */
void	sh_sink_flush(struct sh_sink *s, bool force);
/* Marks the sink failed ("out of memory") unless it already is. */
void	sh_sink_fail(struct sh_sink *s, const char *why);
/* The same with a whole error (a writer's, saying where). */
void	sh_sink_fail_err(struct sh_sink *s, const struct sh_err *e);
/* Flushes what is left: 0, or -1 with the first failure in err. */
int	sh_sink_finish(struct sh_sink *s, struct sh_err *err);
void	sh_sink_free(struct sh_sink *s);

/* A write function for a stdio stream (arg: the FILE *). */
int	sh_sink_stdio(void *arg, const void *p, size_t n, struct sh_err *err);

/*
 * A file written as sh_write_file_atomic() writes one (a temporary beside
 * it, fsync, rename, fsync of the directory; only a regular file or
 * nothing may be at path), but a chunk at a time: sh_afile_open(), then
 * sh_afile_write as the sink's function, then sh_afile_commit(), or
 * sh_afile_abort() to leave path as it was. Messages are the same as
 * sh_write_file_atomic()'s.
 */
struct sh_afile {
	const char	*path;
	char		 tmp[4096];
	int		 fd;
};

int	sh_afile_open(struct sh_afile *f, const char *path, int mode,
	    struct sh_err *err);
int	sh_afile_write(void *arg, const void *p, size_t n, struct sh_err *err);
int	sh_afile_commit(struct sh_afile *f, struct sh_err *err);
void	sh_afile_abort(struct sh_afile *f);

#endif
