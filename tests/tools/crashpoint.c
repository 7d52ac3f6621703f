/*
 * crashpoint.so: an LD_PRELOAD shim that crashes a real program at a
 * deterministic point among the calls that change files: it counts every
 * write, pwrite, writev, fsync, fdatasync, ftruncate, rename, unlink and
 * mkdir the program makes (SQLite's through its VFS and the program's own,
 * e.g. sh_write_file_atomic's), on regular files and directories only,
 * and kills the process with SIGKILL just before the N-th. No timing: the
 * same program on the same input makes the same calls in the same order.
 * For tests/e2e/fault_kill_*.sh.
 *
 *	SHINSA_CRASH_AT=N	kill before the N-th call; 0 or unset: never
 *	SHINSA_CRASH_TORN=1	when the N-th call is a write, write its first
 *				half before the kill (a torn write)
 *	SHINSA_CRASH_ENOSPC=1	instead of killing, fail the N-th call and
 *				every later write, fsync and rename with
 *				ENOSPC, as a disk that has just filled up
 *	SHINSA_CRASH_NOSYNC=1	count fsync and fdatasync but skip them: a
 *				process killed loses nothing the kernel
 *				holds, so a kill test need not wait for
 *				the disk (the trace still shows the order)
 *	SHINSA_CRASH_COUNT=FILE	at exit, the number of calls made ("T\n"),
 *				so that a test can spread N over 1..T
 *	SHINSA_CRASH_TRACE=FILE	one line per call: "N call path [path]"
 *
 * Calls that glibc makes internally (stdio's writes to stdout and
 * stderr, mkstemp's open) are not seen: only calls through the dynamic
 * linker are. Built without sanitizers; under an ASan build the
 * sanitizer's interceptors run first and reach these through RTLD_NEXT.
 */
#define _GNU_SOURCE
#include <dlfcn.h>
#include <errno.h>
#include <fcntl.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/types.h>
#include <sys/uio.h>
#include <unistd.h>

static long long	 ops, crash_at;
static int		 torn, enospc, full, nosync;
static FILE		*trace;
static const char	*count_file;

__attribute__((constructor)) static void
crash_init(void)
{
	const char *s;

	if ((s = getenv("SHINSA_CRASH_AT")) != NULL)
		crash_at = atoll(s);
	torn = getenv("SHINSA_CRASH_TORN") != NULL;
	enospc = getenv("SHINSA_CRASH_ENOSPC") != NULL;
	nosync = getenv("SHINSA_CRASH_NOSYNC") != NULL;
	count_file = getenv("SHINSA_CRASH_COUNT");
	if ((s = getenv("SHINSA_CRASH_TRACE")) != NULL &&
	    (trace = fopen(s, "we")) != NULL)
		setvbuf(trace, NULL, _IOLBF, 0);
}

__attribute__((destructor)) static void
crash_fini(void)
{
	FILE *f;

	if (count_file != NULL && (f = fopen(count_file, "we")) != NULL) {
		fprintf(f, "%lld\n", ops);
		fclose(f);
	}
	if (trace != NULL)
		fclose(trace);
}

static void *
real(const char *name)
{
	void *p = dlsym(RTLD_NEXT, name);

	if (p == NULL)
		abort();
	return p;
}

/* Only files count: not a pipe or terminal the program reports to. */
static int
is_file(int fd)
{
	struct stat sb;

	return fstat(fd, &sb) == 0 && (S_ISREG(sb.st_mode) ||
	    S_ISDIR(sb.st_mode));
}

static const char *
fd_path(int fd, char *buf, size_t len)
{
	char	 link[64];
	ssize_t	 n;

	snprintf(link, sizeof link, "/proc/self/fd/%d", fd);
	if ((n = readlink(link, buf, len - 1)) < 0)
		n = 0;
	buf[n] = '\0';
	return buf;
}

/*
 * One more call: 1 to go on, 0 when this call is the crash point (the
 * caller may tear a write first, then calls crash()), -1 when the call
 * must fail with ENOSPC.
 */
static int
tick(const char *call, const char *a, const char *b)
{
	ops++;
	if (trace != NULL)
		fprintf(trace, "%lld %s %s%s%s\n", ops, call, a, b ? " " : "",
		    b ? b : "");
	if (enospc && crash_at > 0 && (full || ops == crash_at)) {
		full = 1;
		return -1;
	}
	return crash_at > 0 && ops == crash_at ? 0 : 1;
}

static void
crash(void)
{
	if (trace != NULL)
		fflush(trace);
	raise(SIGKILL);
}

/* A call's turn: 0 to go on, -1 (errno ENOSPC) to fail; at the crash
 * point it does not return. */
static int
turn(int t)
{
	if (t == -1) {
		errno = ENOSPC;
		return -1;
	}
	if (t == 0)
		crash();
	return 0;
}

static int
tick_fd(const char *call, int fd)
{
	char path[4096];

	if (!is_file(fd))
		return 1;
	return tick(call, fd_path(fd, path, sizeof path), NULL);
}

static ssize_t
do_write(const char *call, int fd, const void *p, size_t n, off_t off,
    int positioned)
{
	static ssize_t	(*w)(int, const void *, size_t);
	static ssize_t	(*pw)(int, const void *, size_t, off_t);
	int		 t;

	if (w == NULL) {
		w = real("write");
		pw = real("pwrite64");
	}
	t = tick_fd(call, fd);
	if (t == 0 && torn && n > 1)
		(void)(positioned ? pw(fd, p, n / 2, off) : w(fd, p, n / 2));
	if (turn(t) == -1)
		return -1;
	return positioned ? pw(fd, p, n, off) : w(fd, p, n);
}

ssize_t
write(int fd, const void *p, size_t n)
{
	return do_write("write", fd, p, n, 0, 0);
}

ssize_t
pwrite(int fd, const void *p, size_t n, off_t off)
{
	return do_write("pwrite", fd, p, n, off, 1);
}

ssize_t
pwrite64(int fd, const void *p, size_t n, off_t off)
{
	return do_write("pwrite", fd, p, n, off, 1);
}

ssize_t
writev(int fd, const struct iovec *iov, int cnt)
{
	static ssize_t (*f)(int, const struct iovec *, int);

	if (f == NULL)
		f = real("writev");
	return turn(tick_fd("writev", fd)) == -1 ? -1 : f(fd, iov, cnt);
}

/* The calls of one file descriptor and one more argument. */
#define FD_CALL(name, type)						\
int									\
name(int fd, type arg)							\
{									\
	static int (*f)(int, type);					\
									\
	if (f == NULL)							\
		f = real(#name);					\
	return turn(tick_fd(#name, fd)) == -1 ? -1 : f(fd, arg);	\
}
FD_CALL(ftruncate, off_t)
FD_CALL(ftruncate64, off_t)

/* The syncs, skipped under SHINSA_CRASH_NOSYNC once counted. */
#define SYNC_CALL(name)							\
int									\
name(int fd)								\
{									\
	static int (*f)(int);						\
									\
	if (f == NULL)							\
		f = real(#name);					\
	if (turn(tick_fd(#name, fd)) == -1)				\
		return -1;						\
	return nosync ? 0 : f(fd);					\
}
SYNC_CALL(fsync)
SYNC_CALL(fdatasync)

int
rename(const char *from, const char *to)
{
	static int (*f)(const char *, const char *);

	if (f == NULL)
		f = real("rename");
	return turn(tick("rename", from, to)) == -1 ? -1 : f(from, to);
}

int
renameat(int fromfd, const char *from, int tofd, const char *to)
{
	static int (*f)(int, const char *, int, const char *);

	if (f == NULL)
		f = real("renameat");
	return turn(tick("renameat", from, to)) == -1 ? -1 :
	    f(fromfd, from, tofd, to);
}

int
mkdir(const char *path, mode_t mode)
{
	static int (*f)(const char *, mode_t);

	if (f == NULL)
		f = real("mkdir");
	return turn(tick("mkdir", path, NULL)) == -1 ? -1 : f(path, mode);
}

/* Removing a file frees space: it never fails with ENOSPC. */
int
unlink(const char *path)
{
	static int (*f)(const char *);

	if (f == NULL)
		f = real("unlink");
	if (tick("unlink", path, NULL) == 0)
		crash();
	return f(path);
}

int
unlinkat(int dirfd, const char *path, int flags)
{
	static int (*f)(int, const char *, int);

	if (f == NULL)
		f = real("unlinkat");
	if (tick("unlinkat", path, NULL) == 0)
		crash();
	return f(dirfd, path, flags);
}
