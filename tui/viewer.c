/* The external viewer; see viewer.h. */
#define _GNU_SOURCE
#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <signal.h>
#include <spawn.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/types.h>
#include <unistd.h>
#ifdef __linux__
#include <sys/vfs.h>
#include <linux/magic.h>
#endif

#include "viewer.h"

extern char **environ;

#define VIEWER_PREFIX	"shinsa-view."

static const char *
runtime_dir(void)
{
	const char *r = getenv("XDG_RUNTIME_DIR");

	return r != NULL && r[0] == '/' ? r : NULL;
}

static bool
in_ram(const char *path)
{
#ifdef __linux__
	struct statfs fs;

	return statfs(path, &fs) == 0 && ((unsigned long)fs.f_type ==
	    (unsigned long)TMPFS_MAGIC || (unsigned long)fs.f_type ==
	    (unsigned long)RAMFS_MAGIC);
#else
	(void)path;
	return false;
#endif
}

int
viewer_dir(char *buf, size_t size, bool *ram, struct sh_err *err)
{
	const char *r = runtime_dir();

	if (r == NULL)
		return sh_errf(err, "no private place in memory for the "
		    "external viewer: XDG_RUNTIME_DIR is not set");
	if ((size_t)snprintf(buf, size, "%s/" VIEWER_PREFIX "%ld", r,
	    (long)getpid()) >= size)
		return sh_errf(err, "XDG_RUNTIME_DIR: path too long");
	*ram = in_ram(r);
	return 0;
}

/* Overwrites a file's bytes before it goes (cosmetic on tmpfs, where
 * unlink frees the pages, but not on a disk the reviewer agreed to). */
static void
wipe_unlink(int dfd, const char *name)
{
	struct stat	st;
	char		zero[4096];
	off_t		left;
	int		fd;

	memset(zero, 0, sizeof(zero));
	fd = openat(dfd, name, O_WRONLY | O_NOFOLLOW | O_CLOEXEC);
	if (fd != -1 && fstat(fd, &st) == 0 && S_ISREG(st.st_mode))
		for (left = st.st_size; left > 0; left -= (off_t)sizeof(zero))
			if (write(fd, zero, sizeof(zero)) == -1)
				break;
	if (fd != -1) {
		fsync(fd);
		close(fd);
	}
	unlinkat(dfd, name, 0);
}

static void
remove_dir(const char *path)
{
	DIR		*d;
	struct dirent	*de;

	if ((d = opendir(path)) == NULL)
		return;
	while ((de = readdir(d)) != NULL)
		if (strcmp(de->d_name, ".") != 0 &&
		    strcmp(de->d_name, "..") != 0)
			wipe_unlink(dirfd(d), de->d_name);
	closedir(d);
	rmdir(path);
}

void
viewer_cleanup(void)
{
	char	dir[4096];
	bool	ram;

	if (viewer_dir(dir, sizeof(dir), &ram, NULL) == 0)
		remove_dir(dir);
}

void
viewer_sweep(void)
{
	const char	*r = runtime_dir();
	DIR		*d;
	struct dirent	*de;
	char		 path[4096], *end;
	long		 pid;

	if (r == NULL || (d = opendir(r)) == NULL)
		return;
	while ((de = readdir(d)) != NULL) {
		if (strncmp(de->d_name, VIEWER_PREFIX,
		    strlen(VIEWER_PREFIX)) != 0)
			continue;
		pid = strtol(de->d_name + strlen(VIEWER_PREFIX), &end, 10);
		if (*end != '\0' || pid <= 0 || (pid != (long)getpid() &&
		    (kill((pid_t)pid, 0) == 0 || errno != ESRCH)))
			continue;	/* a running shinsa's */
		snprintf(path, sizeof(path), "%s/%s", r, de->d_name);
		remove_dir(path);
	}
	closedir(d);
}

int
viewer_open(const char *name, const void *data, size_t len, char **path,
    struct sh_err *err)
{
	char			 dir[4096], *file;
	const char		*prog = getenv("SHINSA_VIEWER");
	struct stat		 st;
	posix_spawn_file_actions_t fa;
	char			*argv[3];
	bool			 ram;
	pid_t			 pid;
	ssize_t			 w;
	size_t			 off;
	int			 fd, e;

	*path = NULL;
	if (viewer_dir(dir, sizeof(dir), &ram, err) != 0)
		return -1;
	if (mkdir(dir, 0700) == -1 && errno != EEXIST)
		return sh_errf(err, "%s: %s", dir, strerror(errno));
	/* Ours, private, and not a link someone put there. */
	if (lstat(dir, &st) == -1 || !S_ISDIR(st.st_mode) ||
	    st.st_uid != getuid() || (st.st_mode & 077) != 0)
		return sh_errf(err, "%s: not a private directory of yours",
		    dir);
	if (asprintf(&file, "%s/%s", dir, name) == -1)
		return sh_errf(err, "out of memory");
	unlink(file);
	fd = open(file, O_WRONLY | O_CREAT | O_EXCL | O_NOFOLLOW | O_CLOEXEC,
	    0600);
	if (fd == -1) {
		sh_errf(err, "%s: %s", file, strerror(errno));
		free(file);
		return -1;
	}
	for (off = 0; off < len; off += (size_t)w)
		if ((w = write(fd, (const char *)data + off, len - off)) <= 0) {
			e = errno;
			close(fd);
			unlink(file);
			sh_errf(err, "%s: %s", file, strerror(e));
			free(file);
			return -1;
		}
	close(fd);
	if (prog == NULL || *prog == '\0')
#ifdef __APPLE__
		prog = "open";
#else
		prog = "xdg-open";
#endif
	argv[0] = (char *)prog;
	argv[1] = file;
	argv[2] = NULL;
	/* The viewer's chatter would scribble over the screens. */
	posix_spawn_file_actions_init(&fa);
	posix_spawn_file_actions_addopen(&fa, 0, "/dev/null", O_RDONLY, 0);
	posix_spawn_file_actions_addopen(&fa, 1, "/dev/null", O_WRONLY, 0);
	posix_spawn_file_actions_addopen(&fa, 2, "/dev/null", O_WRONLY, 0);
	e = posix_spawnp(&pid, prog, &fa, NULL, argv, environ);
	posix_spawn_file_actions_destroy(&fa);
	if (e != 0) {
		sh_errf(err, "%s could not be started: %s", prog,
		    strerror(e));
		remove_dir(dir);
		free(file);
		return -1;
	}
	*path = file;
	return 0;
}
