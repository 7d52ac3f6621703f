/*
 * ustar containers built and read in memory, by core's own ustar reader
 * and writer: the workstation reads a package and writes a sheet with
 * them, and linking libarchive for that brought twenty shared libraries
 * (ICU, libxml2, nettle, ...) into every program's start-up.
 *
 * A container is a list of regular files, in order. Written members are
 * deterministic (mode 0600, mtime 0, uid/gid 0, no owner names), so the
 * same members always give the same bytes. Reading refuses anything that
 * is not a plain ustar regular file with a safe relative name: absolute
 * paths, `..`, `.` or empty components, links, directories, devices,
 * FIFOs, pax/GNU extension headers, duplicate names, and more members or
 * bytes than the caller's limits allow. Nothing is ever extracted to disk.
 *
 * Ownership: a struct sh_tar owns its members, their names and their data.
 * A container made with secret=true keeps every member's data in secret
 * buffers (sodium_malloc, wiped on free); use it for the plaintext of
 * packages and sheets. Member data is copied only into `out` on write
 * and straight into the member's buffer on read, never through a buffer
 * of the tar code's own.
 *
 * Members are found by name through a hash index built as they are
 * added, so a package of D documents is read and checked in O(D), not
 * O(D²): every member added is checked for a duplicate name, and every
 * document listed is looked up.
 */
#ifndef SHINSA_FORMAT_TAR_H
#define SHINSA_FORMAT_TAR_H

#include <stdbool.h>
#include <stddef.h>

#include "base/buf.h"
#include "base/err.h"

/* From docs/files.md. */
#define SH_TAR_MAX_MEMBERS	10000
#define SH_TAR_MAX_NAME		255		/* bytes, ustar prefix + name */
#define SH_SHEET_MAX_BYTES	(16u * 1024 * 1024)
#define SH_PACKAGE_MAX_BYTES	(256u * 1024 * 1024)

struct sh_tar_member {
	char		*name;		/* NUL-terminated, validated */
	struct sh_buf	 data;
};

struct sh_tar {
	struct sh_tar_member	*members;
	size_t			 n;
	size_t			 cap;
	size_t			 kept;		/* members[n..kept) keep an empty
						   buffer for reuse: sh_tar_clear() */
	bool			 secret;
	/*
	 * Open addressing over members[0..n): slot holds index + 1, 0 is
	 * empty; nslots is 0 or a power of two at least twice n. Keyed
	 * SipHash (a random key per container), so names chosen to
	 * collide cannot make lookups linear.
	 */
	size_t			*slots;
	size_t			 nslots;
	unsigned char		 hkey[16];
};

/* Limits for sh_tar_read(); a 0 field means the default given. */
struct sh_tar_limits {
	size_t	max_members;		/* default SH_TAR_MAX_MEMBERS */
	size_t	max_member_bytes;	/* default max_total_bytes */
	size_t	max_total_bytes;	/* default SH_PACKAGE_MAX_BYTES */
};

void	sh_tar_init(struct sh_tar *t, bool secret);
void	sh_tar_free(struct sh_tar *t);
/*
 * Empties t for the next container and keeps what it allocated: every
 * member's data is wiped and its buffer kept for the member that comes
 * next in its place. Reading one container after another of the same
 * shape (ingest's sheets) then maps no new memory: a secret buffer is
 * guarded pages, mapped, locked, wiped, unlocked and unmapped each time
 * otherwise, which was most of ingest's system time.
 */
void	sh_tar_clear(struct sh_tar *t);

/*
 * True if `name` is acceptable as a member name: 1..SH_TAR_MAX_NAME bytes
 * of valid UTF-8 with no control characters or backslash, relative, with
 * no empty, `.` or `..` components. On false, err says why.
 */
bool	sh_tar_name_ok(const char *name, struct sh_err *err);

/* Appends a copy of data as member `name`; refuses bad or duplicate names. */
int	sh_tar_add(struct sh_tar *t, const char *name, const void *data,
	    size_t len, struct sh_err *err);
/* The member called `name`, or NULL. O(1) on average. */
const struct sh_tar_member *sh_tar_find(const struct sh_tar *t,
	    const char *name);

/*
 * Writes the members in order as a ustar archive appended to `out` (make
 * it secret for secret content). On failure `out` is left as it was.
 */
int	sh_tar_write(const struct sh_tar *t, struct sh_buf *out,
	    struct sh_err *err);

/*
 * Reads a ustar archive from memory into `out`, which must be freshly
 * initialised (its secret flag decides where member data goes). `lim` may
 * be NULL for the defaults. On failure `out` is emptied and err says which
 * member and why ("member 3 \"../x\": name has a \"..\" component").
 */
int	sh_tar_read(const void *data, size_t len,
	    const struct sh_tar_limits *lim, struct sh_tar *out,
	    struct sh_err *err);

#endif
