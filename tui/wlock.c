/* One writer per workstation store; see wlock.h. */
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/file.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

#include "wlock.h"

#define WLOCK_DESC_MAX	512	/* the holder's description, read back */
#define WLOCK_TTY_MAX	64

struct wlock {
	int	fd;
};

static const char *const use_names[] = {
	[WLOCK_SCREENS] = "screens",
	[WLOCK_OPEN] = "open",
	[WLOCK_IMPORT] = "form import",
	[WLOCK_SUBMIT] = "submit",
};
#define WLOCK_NUSES	(sizeof(use_names) / sizeof(use_names[0]))

/* Who holds the lock, as its description says. */
struct holder {
	long		pid;
	int		use;		/* -1: not said */
	char		tty[WLOCK_TTY_MAX];
	long long	since;
};

/* The file is in the reviewer's own 0700 directory, but a garbled or
 * hand-edited one must not put odd text in a message: a terminal name
 * is kept only when it looks like one. */
static int
tty_ok(const char *s)
{
	if (strncmp(s, "/dev/", 5) != 0)
		return 0;
	for (; *s != '\0'; s++) {
		if (!((*s >= 'a' && *s <= 'z') || (*s >= 'A' && *s <= 'Z') ||
		    (*s >= '0' && *s <= '9') || strchr("/._-", *s) != NULL))
			return 0;
	}
	return 1;
}

static int
read_holder(int fd, struct holder *h)
{
	char		 buf[WLOCK_DESC_MAX + 1], *line, *next;
	ssize_t		 n;
	size_t		 i;

	memset(h, 0, sizeof(*h));
	h->use = -1;
	if ((n = pread(fd, buf, WLOCK_DESC_MAX, 0)) <= 0)
		return -1;
	buf[n] = '\0';
	for (line = buf; line != NULL && *line != '\0'; line = next) {
		if ((next = strchr(line, '\n')) != NULL)
			*next++ = '\0';
		if (strncmp(line, "pid ", 4) == 0)
			h->pid = strtol(line + 4, NULL, 10);
		else if (strncmp(line, "since ", 6) == 0)
			h->since = strtoll(line + 6, NULL, 10);
		else if (strncmp(line, "tty ", 4) == 0 &&
		    strlen(line + 4) < sizeof(h->tty) && tty_ok(line + 4))
			strcpy(h->tty, line + 4);
		else if (strncmp(line, "use ", 4) == 0) {
			for (i = 0; i < WLOCK_NUSES; i++)
				if (strcmp(line + 4, use_names[i]) == 0)
					h->use = (int)i;
		}
	}
	return h->pid > 0 && h->use != -1 && h->since > 0 ? 0 : -1;
}

/* "20:01" today, "2026-06-30 20:01" on another day: local time. */
static void
format_since(long long since, char *buf, size_t size)
{
	time_t		t = (time_t)since, now = time(NULL);
	struct tm	a, b;

	localtime_r(&t, &a);
	localtime_r(&now, &b);
	if (a.tm_year == b.tm_year && a.tm_yday == b.tm_yday)
		strftime(buf, size, "%H:%M", &a);
	else
		strftime(buf, size, "%Y-%m-%d %H:%M", &a);
}

/* The lock is held by another process: name it. Each case is its own
 * message (a key, base/err.h), so that it translates whole. */
static int
refuse(int fd, const char *path, struct sh_err *err)
{
	struct holder	h;
	char		since[32];

	if (read_holder(fd, &h) != 0)
		return sh_errf(err, "%s: shinsa is already using this store in "
		    "another window or command. Close it first: two windows "
		    "would overwrite each other's changes.", path);
	format_since(h.since, since, sizeof(since));
	if (h.use != WLOCK_SCREENS)
		return sh_errf(err, "shinsa %s is writing to this store (pid "
		    "%ld, since %s). Wait until it has finished, then try "
		    "again.", use_names[h.use], h.pid, since);
	if (h.tty[0] == '\0')
		return sh_errf(err, "shinsa is already open on this store in "
		    "another window (pid %ld, since %s). Close it first: two "
		    "windows would overwrite each other's changes.", h.pid,
		    since);
	return sh_errf(err, "shinsa is already open on this store in another "
	    "window (pid %ld, %s, since %s). Close it first: two windows "
	    "would overwrite each other's changes.", h.pid, h.tty, since);
}

/* Best effort: the flock is the lock, the description only names the
 * holder to the one refused. A full disk must not stop the reviewer
 * here; the store says so itself when a save fails. */
static void
describe(int fd, enum wlock_use use)
{
	const char	*tty = NULL;
	char		 desc[WLOCK_DESC_MAX];
	int		 i, n;

	for (i = STDIN_FILENO; i <= STDERR_FILENO && tty == NULL; i++)
		if (isatty(i))
			tty = ttyname(i);
	if (tty != NULL && (strlen(tty) >= WLOCK_TTY_MAX || !tty_ok(tty)))
		tty = NULL;
	/* untranslated: the lock file's own format, read back by wlock */
	n = snprintf(desc, sizeof(desc), "pid %ld\nuse %s\n%s%s%ssince %lld\n",
	    (long)getpid(), use_names[use], tty != NULL ? "tty " : "",
	    tty != NULL ? tty : "", tty != NULL ? "\n" : "",
	    (long long)time(NULL));
	if (ftruncate(fd, 0) != 0 || pwrite(fd, desc, (size_t)n, 0) != n) {
		/* ignored, as said above */
	}
}

struct wlock *
wlock_take(const char *dir, enum wlock_use use, struct sh_err *err)
{
	struct wlock	*l;
	struct stat	 st;
	char		 path[4096];
	int		 fd;

	if ((size_t)snprintf(path, sizeof(path), "%s/%s", dir, WLOCK_FILE) >=
	    sizeof(path)) {
		sh_errf(err, "%s: path too long", dir);
		return NULL;
	}
	/* O_NOFOLLOW and O_NONBLOCK: a symbolic link or a FIFO put in its
	 * place is refused, never followed or waited on. */
	fd = open(path, O_RDWR | O_CREAT | O_NOFOLLOW | O_CLOEXEC |
	    O_NONBLOCK, 0600);
	if (fd == -1) {
		sh_errf(err, "%s: %s", path, strerror(errno));
		return NULL;
	}
	if (fstat(fd, &st) != 0 || !S_ISREG(st.st_mode)) {
		sh_errf(err, "%s: not a regular file", path);
		goto fail;
	}
	if (flock(fd, LOCK_EX | LOCK_NB) != 0) {
		if (errno == EWOULDBLOCK)
			refuse(fd, path, err);
		else
			sh_errf(err, "%s: cannot lock: %s", path,
			    strerror(errno));
		goto fail;
	}
	if ((l = malloc(sizeof(*l))) == NULL) {
		sh_errf(err, "out of memory");
		goto fail;
	}
	l->fd = fd;
	describe(fd, use);
	return l;
fail:
	close(fd);
	return NULL;
}

void
wlock_release(struct wlock *l)
{
	if (l == NULL)
		return;
	/* Nobody holds it now: no description to mislead a reader. */
	if (ftruncate(l->fd, 0) != 0) {
		/* harmless: the next holder rewrites it */
	}
	close(l->fd);
	free(l);
}
