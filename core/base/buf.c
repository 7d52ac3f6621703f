#include <errno.h>
#include <fcntl.h>
#include <libgen.h>
#include <limits.h>
#include <stdarg.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include <sodium.h>

#include "base/buf.h"

void
sh_buf_init(struct sh_buf *b, bool secret)
{
	b->data = NULL;
	b->len = b->cap = 0;
	b->secret = secret;
}

static void *
buf_alloc(bool secret, size_t n)
{
	if (secret)
		return sodium_malloc(n);
	return malloc(n);
}

static void
buf_release(bool secret, void *p, size_t cap)
{
	if (p == NULL)
		return;
	if (secret) {
		sodium_free(p);
		return;
	}
	sodium_memzero(p, cap);
	free(p);
}

int
sh_buf_reserve(struct sh_buf *b, size_t more)
{
	size_t		 need, cap;
	unsigned char	*p;

	if (more > SIZE_MAX - b->len - 1)
		return -1;
	need = b->len + more + 1;
	if (need <= b->cap)
		return 0;
	cap = b->cap ? b->cap : 256;
	while (cap < need) {
		if (cap > SIZE_MAX / 2)
			return -1;
		cap *= 2;
	}
	/*
	 * Secret buffers cannot be realloc'd in place, and a plain realloc
	 * would leave the old copy unwiped, so always copy and wipe.
	 */
	if ((p = buf_alloc(b->secret, cap)) == NULL)
		return -1;
	if (b->len > 0)
		memcpy(p, b->data, b->len);
	buf_release(b->secret, b->data, b->cap);
	b->data = p;
	b->cap = cap;
	return 0;
}

int
sh_buf_append(struct sh_buf *b, const void *p, size_t n)
{
	if (sh_buf_reserve(b, n) != 0)
		return -1;
	if (n > 0)
		memcpy(b->data + b->len, p, n);
	b->len += n;
	b->data[b->len] = '\0';
	return 0;
}

int
sh_buf_append_str(struct sh_buf *b, const char *s)
{
	return sh_buf_append(b, s, strlen(s));
}

int
sh_buf_printf(struct sh_buf *b, const char *fmt, ...)
{
	va_list	ap;
	int	n;

	va_start(ap, fmt);
	n = vsnprintf(NULL, 0, fmt, ap);
	va_end(ap);
	if (n < 0 || sh_buf_reserve(b, (size_t)n) != 0)
		return -1;
	va_start(ap, fmt);
	vsnprintf((char *)b->data + b->len, (size_t)n + 1, fmt, ap);
	va_end(ap);
	b->len += (size_t)n;
	return 0;
}

char *
sh_buf_cstr(struct sh_buf *b)
{
	if (sh_buf_reserve(b, 0) != 0)
		return NULL;
	b->data[b->len] = '\0';
	return (char *)b->data;
}

void
sh_buf_free(struct sh_buf *b)
{
	buf_release(b->secret, b->data, b->cap);
	b->data = NULL;
	b->len = b->cap = 0;
}

/*
 * The refusal for a file to be read that is not a regular file. One whole
 * message per kind, so that each is translated as a sentence (base/err.h:
 * messages are keys), and a clerk is told what the thing is.
 */
static int
not_readable(const char *path, mode_t m, struct sh_err *err)
{
	if (S_ISDIR(m))
		return sh_errf(err, "%s: not read: it is a directory, and "
		    "only a regular file can be read", path);
	if (S_ISFIFO(m))
		return sh_errf(err, "%s: not read: it is a named pipe, and "
		    "only a regular file can be read", path);
	if (S_ISCHR(m) || S_ISBLK(m))
		return sh_errf(err, "%s: not read: it is a device, and only "
		    "a regular file can be read", path);
	if (S_ISSOCK(m))
		return sh_errf(err, "%s: not read: it is a socket, and only "
		    "a regular file can be read", path);
	return sh_errf(err, "%s: not read: it is not a regular file, and "
	    "only a regular file can be read", path);
}

int
sh_open_regular(const char *path, struct stat *stp, struct sh_err *err)
{
	struct stat	st;
	int		fd, fl;

	/*
	 * stat first, so that a device is refused without being opened at
	 * all (opening one can act: a tape rewinds, a terminal may become
	 * ours). A socket cannot be opened; this names it.
	 */
	if (stat(path, &st) == 0 && !S_ISREG(st.st_mode))
		return not_readable(path, st.st_mode, err);
	/*
	 * O_NONBLOCK: a FIFO put in place of the file after the stat would
	 * block open() until some writer came; with it, open returns and
	 * fstat below refuses it. O_NOCTTY likewise for a terminal.
	 */
	fd = open(path, O_RDONLY | O_NONBLOCK | O_NOCTTY | O_CLOEXEC);
	if (fd == -1)
		return sh_errf(err, "%s: %s", path, strerror(errno));
	if (fstat(fd, &st) == -1) {
		sh_errf(err, "%s: %s", path, strerror(errno));
		close(fd);
		return -1;
	}
	if (!S_ISREG(st.st_mode)) {
		close(fd);
		return not_readable(path, st.st_mode, err);
	}
	/* A regular file never blocks; cleared so the fd is an ordinary one. */
	if ((fl = fcntl(fd, F_GETFL)) == -1 ||
	    fcntl(fd, F_SETFL, fl & ~O_NONBLOCK) == -1) {
		sh_errf(err, "%s: %s", path, strerror(errno));
		close(fd);
		return -1;
	}
	if (stp != NULL)
		*stp = st;
	return fd;
}

ssize_t
sh_read_fd(int fd, void *p, size_t len, const char *path, struct sh_err *err)
{
	ssize_t	n;

	while ((n = read(fd, p, len)) == -1 && errno == EINTR)
		continue;
	if (n == -1)
		sh_errf(err, "%s: %s", path, strerror(errno));
	return n;
}

int
sh_read_file(const char *path, size_t limit, struct sh_buf *out,
    struct sh_err *err)
{
	unsigned char	chunk[16384];
	ssize_t		n;
	int		fd;

	if ((fd = sh_open_regular(path, NULL, err)) == -1)
		return -1;
	for (;;) {
		if ((n = sh_read_fd(fd, chunk, sizeof chunk, path, err)) == -1)
			break;
		if (n == 0) {
			close(fd);
			sodium_memzero(chunk, sizeof chunk);
			return 0;
		}
		if ((size_t)n > limit - out->len) {
			sh_errf(err, "%s: larger than the limit of %zu bytes",
			    path, limit);
			break;
		}
		if (sh_buf_append(out, chunk, (size_t)n) != 0) {
			sh_errf(err, "%s: out of memory", path);
			break;
		}
	}
	close(fd);
	sodium_memzero(chunk, sizeof chunk);
	sh_buf_free(out);
	return -1;
}

int
sh_sync_dir(const char *dir)
{
	int	fd, rc;

	if ((fd = open(dir, O_RDONLY | O_DIRECTORY | O_CLOEXEC)) == -1)
		return -1;
	rc = fsync(fd);
	close(fd);
	return rc;
}

static int
fsync_dir_of(const char *path)
{
	char	copy[PATH_MAX];

	if (strlen(path) >= sizeof copy)
		return -1;
	strcpy(copy, path);
	return sh_sync_dir(dirname(copy));
}

/*
 * The refusal for a path that holds something other than a regular file.
 * One whole message per kind, so that each can be translated as a
 * sentence (base/err.h: messages are keys).
 */
static int
not_regular(const char *path, mode_t m, struct sh_err *err)
{
	if (S_ISLNK(m))
		return sh_errf(err, "%s: not written: it is a symbolic link, "
		    "and only a regular file is replaced", path);
	if (S_ISDIR(m))
		return sh_errf(err, "%s: not written: it is a directory, and "
		    "only a regular file is replaced", path);
	if (S_ISFIFO(m))
		return sh_errf(err, "%s: not written: it is a FIFO, and only a "
		    "regular file is replaced", path);
	if (S_ISCHR(m) || S_ISBLK(m))
		return sh_errf(err, "%s: not written: it is a device, and only "
		    "a regular file is replaced", path);
	if (S_ISSOCK(m))
		return sh_errf(err, "%s: not written: it is a socket, and only "
		    "a regular file is replaced", path);
	return sh_errf(err, "%s: not written: it is not a regular file, and "
	    "only a regular file is replaced", path);
}

int
sh_write_file_check(const char *path, struct sh_err *err)
{
	struct stat st;

	/*
	 * lstat, not stat: the rename below would put a regular file where
	 * the link was, and leave the file it pointed to as it was, which is
	 * never what whoever made the link meant. A device or FIFO (say
	 * /dev/stdout, itself a link) would be swapped for a file the same
	 * way, so the output would silently go nowhere anyone looks.
	 */
	if (lstat(path, &st) == -1) {
		if (errno == ENOENT)
			return 0;
		return sh_errf(err, "%s: %s", path, strerror(errno));
	}
	if (S_ISREG(st.st_mode))
		return 0;
	return not_regular(path, st.st_mode, err);
}

int
sh_write_file_atomic(const char *path, const void *data, size_t len,
    int mode, struct sh_err *err)
{
	char		 tmp[PATH_MAX];
	const char	*p = data;
	ssize_t		 n;
	int		 fd;

	/*
	 * Checked before the temporary is made, so a refusal leaves nothing
	 * behind. Something could still appear at path between this check
	 * and the rename; this guards against mistakes, not against another
	 * user racing us in our own directory.
	 */
	if (sh_write_file_check(path, err) == -1)
		return -1;
	if (snprintf(tmp, sizeof tmp, "%s.tmp-XXXXXX", path) >= (int)sizeof tmp)
		return sh_errf(err, "%s: path too long", path);
	if ((fd = mkstemp(tmp)) == -1)
		return sh_errf(err, "%s: cannot create: %s", path,
		    strerror(errno));
	if (fchmod(fd, (mode_t)mode) == -1)
		goto fail;
	while (len > 0) {
		n = write(fd, p, len);
		if (n == -1 && errno == EINTR)
			continue;
		if (n == -1)
			goto fail;
		p += n;
		len -= (size_t)n;
	}
	if (fsync(fd) == -1)
		goto fail;
	if (close(fd) == -1) {
		fd = -1;
		goto fail;
	}
	fd = -1;
	if (rename(tmp, path) == -1)
		goto fail;
	if (fsync_dir_of(path) == -1)
		return sh_errf(err, "%s: cannot sync directory: %s", path,
		    strerror(errno));
	return 0;
fail:
	sh_errf(err, "%s: cannot write: %s", path, strerror(errno));
	if (fd != -1)
		close(fd);
	unlink(tmp);
	return -1;
}
