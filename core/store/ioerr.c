/* Why a SQLite store could not be written; see ioerr.h. */
#include <errno.h>
#include <stdio.h>
#include <string.h>
#include <sys/resource.h>
#include <sys/stat.h>
#include <sys/statvfs.h>

#include "store/ioerr.h"

/* The file is within 64 KiB of the limit: the next page may not fit. */
static int
near_limit(const char *path, rlim_t limit)
{
	struct stat sb;

	return stat(path, &sb) == 0 && (rlim_t)sb.st_size + 65536 >= limit;
}

const char *
sh_store_io_cause(sqlite3 *db, const char *path, char *buf, size_t len)
{
	struct rlimit	 rl;
	struct statvfs	 vfs;
	char		 wal[4096];
	int		 code = sqlite3_extended_errcode(db) & 0xff;
	int		 sys = sqlite3_system_errno(db);

	if (code != SQLITE_IOERR && code != SQLITE_FULL)
		return NULL;
	if (sys != 0) {
		snprintf(buf, len, "%s", strerror(sys));
		return buf;
	}
	snprintf(wal, sizeof wal, "%s-wal", path);
	if (getrlimit(RLIMIT_FSIZE, &rl) == 0 && rl.rlim_cur != RLIM_INFINITY &&
	    (near_limit(path, rl.rlim_cur) || near_limit(wal, rl.rlim_cur))) {
		snprintf(buf, len, "%s: the file-size limit of %llu bytes is "
		    "reached", strerror(EFBIG), (unsigned long long)rl.rlim_cur);
		return buf;
	}
	if (statvfs(path, &vfs) == 0 &&
	    (unsigned long long)vfs.f_bavail * vfs.f_frsize < 1048576) {
		snprintf(buf, len, "%s", strerror(ENOSPC));
		return buf;
	}
	return NULL;
}
