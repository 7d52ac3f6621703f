/* Chunked output: see sink.h. */
#include <errno.h>
#include <libgen.h>
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include <sodium.h>

#include "base/sink.h"

void
sh_sink_init(struct sh_sink *s, sh_sink_fn *write, void *arg, bool secret)
{
	memset(s, 0, sizeof *s);
	sh_buf_init(&s->buf, secret);
	s->write = write;
	s->arg = arg;
}

void
sh_sink_fail(struct sh_sink *s, const char *why)
{
	if (s->failed)
		return;
	s->failed = true;
	sh_errf(&s->err, "%s", why);
}

void
sh_sink_fail_err(struct sh_sink *s, const struct sh_err *e)
{
	if (s->failed)
		return;
	s->failed = true;
	s->err = *e;
}

void
sh_sink_flush(struct sh_sink *s, bool force)
{
	if (s->write == NULL || s->buf.len == 0)
		return;
	if (!force && s->buf.len < SH_SINK_CHUNK)
		return;
	if (!s->failed) {
		if (s->write(s->arg, s->buf.data, s->buf.len, &s->err) == -1)
			s->failed = s->write_failed = true;
		else
			s->total += s->buf.len;
	}
	/* Written or dropped, the chunk is done with: start again. */
	if (s->buf.secret)
		sodium_memzero(s->buf.data, s->buf.len);
	s->buf.len = 0;
}

int
sh_sink_finish(struct sh_sink *s, struct sh_err *err)
{
	/*
	 * A failed sh_buf append leaves the buffer as it was, which cannot
	 * be told from here: writers say so with sh_sink_fail() (results.c
	 * after each append; the reports once, at their end).
	 */
	sh_sink_flush(s, true);
	if (s->failed) {
		if (err != NULL)
			*err = s->err;
		return -1;
	}
	return 0;
}

void
sh_sink_free(struct sh_sink *s)
{
	sh_buf_free(&s->buf);
}

int
sh_sink_stdio(void *arg, const void *p, size_t n, struct sh_err *err)
{
	FILE *f = arg;

	if (fwrite(p, 1, n, f) != n || fflush(f) != 0)
		return sh_errf(err, "cannot write: %s", strerror(errno));
	return 0;
}

int
sh_afile_open(struct sh_afile *f, const char *path, int mode,
    struct sh_err *err)
{
	f->path = path;
	f->fd = -1;
	/* Checked first, so that a refusal leaves nothing behind. */
	if (sh_write_file_check(path, err) == -1)
		return -1;
	if (snprintf(f->tmp, sizeof f->tmp, "%s.tmp-XXXXXX", path) >=
	    (int)sizeof f->tmp)
		return sh_errf(err, "%s: path too long", path);
	if ((f->fd = mkstemp(f->tmp)) == -1)
		return sh_errf(err, "%s: cannot create: %s", path,
		    strerror(errno));
	if (fchmod(f->fd, (mode_t)mode) == -1) {
		sh_errf(err, "%s: cannot write: %s", path, strerror(errno));
		sh_afile_abort(f);
		return -1;
	}
	return 0;
}

int
sh_afile_write(void *arg, const void *data, size_t len, struct sh_err *err)
{
	struct sh_afile	*f = arg;
	const char	*p = data;
	ssize_t		 n;

	while (len > 0) {
		if ((n = write(f->fd, p, len)) == -1 && errno == EINTR)
			continue;
		if (n == -1)
			return sh_errf(err, "%s: cannot write: %s", f->path,
			    strerror(errno));
		p += n;
		len -= (size_t)n;
	}
	return 0;
}

int
sh_afile_commit(struct sh_afile *f, struct sh_err *err)
{
	char	dir[PATH_MAX];
	int	fd = f->fd;

	if (fsync(fd) == -1)
		goto fail;
	f->fd = -1;
	if (close(fd) == -1 || rename(f->tmp, f->path) == -1)
		goto fail;
	if (strlen(f->path) >= sizeof dir)
		return sh_errf(err, "%s: cannot sync directory: %s", f->path,
		    strerror(ENAMETOOLONG));
	memcpy(dir, f->path, strlen(f->path) + 1);
	if (sh_sync_dir(dirname(dir)) == -1)
		return sh_errf(err, "%s: cannot sync directory: %s", f->path,
		    strerror(errno));
	return 0;
fail:
	sh_errf(err, "%s: cannot write: %s", f->path, strerror(errno));
	sh_afile_abort(f);
	return -1;
}

void
sh_afile_abort(struct sh_afile *f)
{
	if (f->fd != -1)
		close(f->fd);
	f->fd = -1;
	unlink(f->tmp);
}
