#include <errno.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include <archive.h>
#include <archive_entry.h>
#include <sodium.h>

#include "base/text.h"
#include "format/tar.h"

void
sh_tar_init(struct sh_tar *t, bool secret)
{
	/* Secret members live in sodium_malloc memory, which needs this. */
	if (secret && sodium_init() < 0)
		secret = true;	/* sodium_malloc will then fail loudly */
	t->members = NULL;
	t->n = t->cap = t->kept = 0;
	t->secret = secret;
}

void
sh_tar_free(struct sh_tar *t)
{
	size_t	i;

	for (i = 0; i < t->n; i++)
		free(t->members[i].name);
	for (i = 0; i < t->kept; i++)
		sh_buf_free(&t->members[i].data);
	free(t->members);
	t->members = NULL;
	t->n = t->cap = t->kept = 0;
}

void
sh_tar_clear(struct sh_tar *t)
{
	struct sh_buf	*b;
	size_t		 i;

	for (i = 0; i < t->n; i++) {
		free(t->members[i].name);
		t->members[i].name = NULL;
		b = &t->members[i].data;
		if (b->data != NULL)
			sodium_memzero(b->data, b->len);
		b->len = 0;
	}
	t->n = 0;
}

bool
sh_tar_name_ok(const char *name, struct sh_err *err)
{
	const char	*p, *c;
	size_t		 len, n, clen;
	uint32_t	 cp;

	len = strlen(name);
	if (len == 0)
		return sh_errf(err, "empty name"), false;
	if (len > SH_TAR_MAX_NAME)
		return sh_errf(err, "name longer than %d bytes",
		    SH_TAR_MAX_NAME), false;
	if (!sh_utf8_valid(name, len))
		return sh_errf(err, "name is not valid UTF-8"), false;
	if (name[0] == '/')
		return sh_errf(err, "absolute path"), false;
	for (p = name; *p != '\0'; p += n) {
		n = sh_utf8_decode(p, len - (size_t)(p - name), &cp);
		if (cp == '\\')
			return sh_errf(err, "name has a backslash"), false;
		if (sh_text_is_unsafe(cp))
			return sh_errf(err, "name has a control character"),
			    false;
	}
	/* Every component must be a real name. */
	for (c = name;; c = p + 1) {
		p = strchr(c, '/');
		clen = p == NULL ? strlen(c) : (size_t)(p - c);
		if (clen == 0)
			return sh_errf(err, "name has an empty component"),
			    false;
		if (clen == 1 && c[0] == '.')
			return sh_errf(err, "name has a \".\" component"),
			    false;
		if (clen == 2 && c[0] == '.' && c[1] == '.')
			return sh_errf(err, "name has a \"..\" component"),
			    false;
		if (p == NULL)
			break;
	}
	return true;
}

const struct sh_tar_member *
sh_tar_find(const struct sh_tar *t, const char *name)
{
	size_t	i;

	for (i = 0; i < t->n; i++)
		if (strcmp(t->members[i].name, name) == 0)
			return &t->members[i];
	return NULL;
}

/* Adds an empty member; the caller fills its data. */
static struct sh_tar_member *
tar_push(struct sh_tar *t, const char *name, struct sh_err *err)
{
	struct sh_tar_member	*m;
	size_t			 cap;

	if (!sh_tar_name_ok(name, err))
		return NULL;
	if (sh_tar_find(t, name) != NULL) {
		sh_errf(err, "duplicate name");
		return NULL;
	}
	if (t->n >= SH_TAR_MAX_MEMBERS) {
		sh_errf(err, "more than %d members", SH_TAR_MAX_MEMBERS);
		return NULL;
	}
	if (t->n == t->cap) {
		cap = t->cap ? t->cap * 2 : 8;
		if ((m = reallocarray(t->members, cap, sizeof *m)) == NULL) {
			sh_errf(err, "out of memory");
			return NULL;
		}
		t->members = m;
		t->cap = cap;
	}
	m = &t->members[t->n];
	if ((m->name = strdup(name)) == NULL) {
		sh_errf(err, "out of memory");
		return NULL;
	}
	/* A slot sh_tar_clear() emptied keeps its buffer, wiped. */
	if (t->n == t->kept) {
		sh_buf_init(&m->data, t->secret);
		t->kept++;
	}
	t->n++;
	return m;
}

static void
tar_pop(struct sh_tar *t)
{
	struct sh_tar_member *m = &t->members[--t->n];

	free(m->name);
	sh_buf_free(&m->data);
}

int
sh_tar_add(struct sh_tar *t, const char *name, const void *data, size_t len,
    struct sh_err *err)
{
	struct sh_tar_member	*m;

	if ((m = tar_push(t, name, err)) == NULL)
		return sh_err_prefix(err, "tar member \"%s\"", name);
	/* Reserve even for len 0 so that data is never NULL. */
	if (sh_buf_reserve(&m->data, len) != 0 ||
	    sh_buf_append(&m->data, data, len) != 0) {
		tar_pop(t);
		return sh_errf(err, "tar member \"%s\": out of memory", name);
	}
	return 0;
}

static la_ssize_t
tar_write_cb(struct archive *a, void *ctx, const void *p, size_t n)
{
	if (sh_buf_append(ctx, p, n) != 0) {
		archive_set_error(a, ENOMEM, "out of memory");
		return -1;
	}
	return (la_ssize_t)n;
}

int
sh_tar_write(const struct sh_tar *t, struct sh_buf *out, struct sh_err *err)
{
	struct archive		*a;
	struct archive_entry	*e = NULL;
	const struct sh_tar_member *m;
	size_t			 i, orig = out->len;

	if ((a = archive_write_new()) == NULL)
		return sh_errf(err, "tar: out of memory");
	/*
	 * No blocking: libarchive then hands member data straight to the
	 * callback instead of copying it through its own (unwiped) buffer.
	 */
	if (archive_write_set_format_ustar(a) != ARCHIVE_OK ||
	    archive_write_set_bytes_per_block(a, 0) != ARCHIVE_OK ||
	    archive_write_set_bytes_in_last_block(a, 1) != ARCHIVE_OK ||
	    archive_write_open(a, out, NULL, tar_write_cb, NULL) != ARCHIVE_OK)
		goto fail;
	for (i = 0; i < t->n; i++) {
		m = &t->members[i];
		if ((e = archive_entry_new()) == NULL)
			goto fail;
		archive_entry_set_pathname(e, m->name);
		archive_entry_set_filetype(e, AE_IFREG);
		archive_entry_set_perm(e, 0600);
		archive_entry_set_size(e, (la_int64_t)m->data.len);
		archive_entry_set_mtime(e, 0, 0);
		archive_entry_set_uid(e, 0);
		archive_entry_set_gid(e, 0);
		if (archive_write_header(a, e) != ARCHIVE_OK)
			goto fail_member;
		if (m->data.len > 0 && archive_write_data(a, m->data.data,
		    m->data.len) != (la_ssize_t)m->data.len)
			goto fail_member;
		archive_entry_free(e);
		e = NULL;
	}
	if (archive_write_close(a) != ARCHIVE_OK)
		goto fail;
	archive_write_free(a);
	return 0;

fail_member:
	sh_errf(err, "tar member \"%s\": %s", t->members[i].name,
	    archive_error_string(a) ? archive_error_string(a) : "write failed");
	goto out;
fail:
	sh_errf(err, "tar: %s", archive_error_string(a) ?
	    archive_error_string(a) : "write failed");
out:
	archive_entry_free(e);
	archive_write_free(a);
	if (out->len > orig) {
		sodium_memzero(out->data + orig, out->len - orig);
		out->len = orig;
		out->data[orig] = '\0';
	}
	return -1;
}

static const char *
tar_type_name(mode_t type)
{
	switch (type) {
	case AE_IFDIR:
		return "a directory";
	case AE_IFLNK:
		return "a symbolic link";
	case AE_IFCHR:
		return "a character device";
	case AE_IFBLK:
		return "a block device";
	case AE_IFIFO:
		return "a FIFO";
	case AE_IFSOCK:
		return "a socket";
	default:
		return "not a regular file";
	}
}

/*
 * A member name for a message: quoted, at most about 80 bytes, anything
 * unsafe for a terminal shown as '?'. Names are attacker-chosen.
 */
static void
tar_quote(const char *name, char *out, size_t outlen)
{
	size_t		 len = strlen(name), o = 0, n;
	uint32_t	 cp;
	const char	*p;

	out[o++] = '"';
	for (p = name; *p != '\0' && o + 8 < outlen; p += n) {
		n = sh_utf8_decode(p, len - (size_t)(p - name), &cp);
		if (cp == SH_REPLACEMENT || sh_text_is_unsafe(cp) || cp == '"') {
			out[o++] = '?';
			continue;
		}
		memcpy(out + o, p, n);
		o += n;
	}
	if (*p != '\0') {
		memcpy(out + o, "...", 3);
		o += 3;
	}
	out[o++] = '"';
	out[o] = '\0';
}

/* Reads one member's header checks and data into t. */
static int
tar_read_member(struct archive *a, struct archive_entry *e,
    const struct sh_tar_limits *lim, size_t *total, struct sh_tar *t,
    struct sh_err *err)
{
	struct sh_tar_member	*m;
	const char		*name;
	la_int64_t		 size;
	la_ssize_t		 r;
	size_t			 got;
	char			 q[96];

	if ((name = archive_entry_pathname(e)) == NULL)
		return sh_errf(err, "unreadable name");
	tar_quote(name, q, sizeof q);
	if (archive_format(a) != ARCHIVE_FORMAT_TAR_USTAR)
		return sh_errf(err, "%s: not a plain ustar header (%s)", q,
		    archive_format_name(a));
	if (archive_entry_hardlink(e) != NULL)
		return sh_errf(err, "%s: is a hard link", q);
	if (archive_entry_symlink(e) != NULL)
		return sh_errf(err, "%s: is a symbolic link", q);
	if (archive_entry_filetype(e) != AE_IFREG)
		return sh_errf(err, "%s: is %s", q,
		    tar_type_name(archive_entry_filetype(e)));
	if (archive_entry_sparse_count(e) > 0)
		return sh_errf(err, "%s: is a sparse file", q);
	if (!sh_tar_name_ok(name, err))
		return sh_err_prefix(err, "%s", q);
	if (!archive_entry_size_is_set(e) || archive_entry_size(e) < 0)
		return sh_errf(err, "%s: no size", q);
	size = archive_entry_size(e);
	if ((uint64_t)size > lim->max_member_bytes)
		return sh_errf(err, "%s: %lld bytes, over the limit of %zu",
		    q, (long long)size, lim->max_member_bytes);
	if ((uint64_t)size > lim->max_total_bytes - *total)
		return sh_errf(err, "%s: the members add up to more "
		    "than the limit of %zu bytes", q, lim->max_total_bytes);
	if (t->n >= lim->max_members)
		return sh_errf(err, "more than %zu members", lim->max_members);
	if ((m = tar_push(t, name, err)) == NULL)
		return sh_err_prefix(err, "%s", q);
	if (sh_buf_reserve(&m->data, (size_t)size) != 0) {
		tar_pop(t);
		return sh_errf(err, "%s: out of memory", q);
	}
	for (got = 0; got < (size_t)size; got += (size_t)r) {
		r = archive_read_data(a, m->data.data + got, (size_t)size - got);
		if (r <= 0) {
			sh_errf(err, "%s: %s", q, r == 0 ?
			    "truncated" : archive_error_string(a));
			tar_pop(t);
			return -1;
		}
	}
	m->data.len = got;
	m->data.data[got] = '\0';
	*total += got;
	return 0;
}

int
sh_tar_read(const void *data, size_t len, const struct sh_tar_limits *limp,
    struct sh_tar *out, struct sh_err *err)
{
	struct sh_tar_limits	 lim = { 0, 0, 0 };
	struct archive		*a;
	struct archive_entry	*e;
	size_t			 total = 0;
	int			 r;

	if (limp != NULL)
		lim = *limp;
	if (lim.max_members == 0 || lim.max_members > SH_TAR_MAX_MEMBERS)
		lim.max_members = SH_TAR_MAX_MEMBERS;
	if (lim.max_total_bytes == 0)
		lim.max_total_bytes = SH_PACKAGE_MAX_BYTES;
	if (lim.max_member_bytes == 0 ||
	    lim.max_member_bytes > lim.max_total_bytes)
		lim.max_member_bytes = lim.max_total_bytes;

	if (len == 0)
		return sh_errf(err, "tar: empty container");
	if ((a = archive_read_new()) == NULL)
		return sh_errf(err, "tar: out of memory");
	if (archive_read_support_format_tar(a) != ARCHIVE_OK ||
	    archive_read_open_memory(a, data, len) != ARCHIVE_OK) {
		sh_errf(err, "tar: %s", archive_error_string(a));
		goto fail;
	}
	for (;;) {
		r = archive_read_next_header(a, &e);
		if (r == ARCHIVE_EOF)
			break;
		if (r != ARCHIVE_OK) {
			sh_errf(err, "tar: member %zu: %s", out->n + 1,
			    archive_error_string(a) ? archive_error_string(a) :
			    "bad header");
			goto fail;
		}
		if (tar_read_member(a, e, &lim, &total, out, err) != 0) {
			sh_err_prefix(err, "tar: member %zu", out->n + 1);
			goto fail;
		}
	}
	if (out->n == 0) {
		sh_errf(err, "tar: no members");
		goto fail;
	}
	archive_read_free(a);
	return 0;
fail:
	archive_read_free(a);
	sh_tar_free(out);
	return -1;
}
