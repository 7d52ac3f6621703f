#include <errno.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

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
	t->slots = NULL;
	t->nslots = 0;
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
	free(t->slots);
	t->slots = NULL;
	t->nslots = 0;
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
	if (t->slots != NULL)
		memset(t->slots, 0, t->nslots * sizeof *t->slots);
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

static size_t
tar_hash(const struct sh_tar *t, const char *name)
{
	unsigned char	h[crypto_shorthash_BYTES];
	uint64_t	v;

	crypto_shorthash(h, (const unsigned char *)name, strlen(name),
	    t->hkey);
	memcpy(&v, h, sizeof v);
	return (size_t)v & (t->nslots - 1);
}

/* The slot holding name, or the empty slot where it would go. */
static size_t *
tar_slot(const struct sh_tar *t, const char *name)
{
	size_t	i;

	for (i = tar_hash(t, name);; i = (i + 1) & (t->nslots - 1))
		if (t->slots[i] == 0 ||
		    strcmp(t->members[t->slots[i] - 1].name, name) == 0)
			return &t->slots[i];
}

/* Puts members[0..n) into an emptied index. */
static void
tar_fill(struct sh_tar *t)
{
	size_t	i;

	memset(t->slots, 0, t->nslots * sizeof *t->slots);
	for (i = 0; i < t->n; i++)
		*tar_slot(t, t->members[i].name) = i + 1;
}

/* Makes room in the index for n members: at least 2n slots. */
static int
tar_index(struct sh_tar *t, size_t n)
{
	size_t	*slots, nslots = t->nslots;

	if (nslots >= 2 * n)
		return 0;
	if (nslots == 0) {
		nslots = 16;
		randombytes_buf(t->hkey, sizeof t->hkey);
	}
	while (nslots < 2 * n)
		nslots *= 2;
	if ((slots = calloc(nslots, sizeof *slots)) == NULL)
		return -1;
	free(t->slots);
	t->slots = slots;
	t->nslots = nslots;
	tar_fill(t);
	return 0;
}

const struct sh_tar_member *
sh_tar_find(const struct sh_tar *t, const char *name)
{
	size_t	*slot;

	if (t->n == 0 || t->nslots == 0)
		return NULL;
	slot = tar_slot(t, name);
	return *slot != 0 ? &t->members[*slot - 1] : NULL;
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
	if (tar_index(t, t->n + 1) != 0) {
		sh_errf(err, "out of memory");
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
	*tar_slot(t, name) = ++t->n;
	return m;
}

static void
tar_pop(struct sh_tar *t)
{
	struct sh_tar_member *m = &t->members[--t->n];

	/* Only on a failure: filling the index again is simpler than
	   deleting from open addressing. */
	tar_fill(t);
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

/* ustar header fields (POSIX.1-2001, pax "ustar Interchange Format"). */
#define TAR_BLOCK	512
#define TAR_NAME	0	/* 100 bytes */
#define TAR_NAME_LEN	100
#define TAR_MODE	100
#define TAR_UID		108
#define TAR_GID		116
#define TAR_SIZE	124	/* 12 bytes: 11 octal digits */
#define TAR_MTIME	136
#define TAR_CHKSUM	148	/* 8 bytes */
#define TAR_TYPE	156
#define TAR_LINKNAME	157	/* 100 bytes */
#define TAR_MAGIC	257	/* "ustar\0" then version "00" */
#define TAR_DEVMAJOR	329
#define TAR_DEVMINOR	337
#define TAR_PREFIX	345	/* 155 bytes */
#define TAR_PREFIX_LEN	155
#define TAR_SIZE_MAX	077777777777ull

/* Writes v as `digits` octal digits at p, zero-padded. */
static void
tar_octal(unsigned char *p, size_t digits, unsigned long long v)
{
	while (digits-- > 0) {
		p[digits] = (unsigned char)('0' + (v & 7));
		v >>= 3;
	}
}

static unsigned long
tar_sum(const unsigned char *h)
{
	unsigned long	sum = 0;
	size_t		i;

	for (i = 0; i < TAR_BLOCK; i++)
		sum += (i >= TAR_CHKSUM && i < TAR_CHKSUM + 8) ? ' ' : h[i];
	return sum;
}

/*
 * One member's header, byte for byte what libarchive's ustar writer
 * made before (so a sheet written again has the same bytes): numbers
 * zero-padded octal with its terminators ("000600 \0", size and mtime
 * ending in a space, the checksum in "%06o\0 "), empty owner names, and
 * a name over 100 bytes split at the first '/' that leaves at most 100
 * for the name, the rest (at most 155) as the prefix.
 */
static int
tar_header(unsigned char *h, const char *name, size_t size)
{
	size_t		 len = strlen(name);
	const char	*p;

	memset(h, 0, TAR_BLOCK);
	if (len <= TAR_NAME_LEN)
		memcpy(h + TAR_NAME, name, len);
	else {
		p = strchr(name + len - TAR_NAME_LEN - 1, '/');
		if (p == name && p != NULL)
			p = strchr(p + 1, '/');
		if (p == NULL || p[1] == '\0' ||
		    (size_t)(p - name) > TAR_PREFIX_LEN)
			return -1;
		memcpy(h + TAR_PREFIX, name, (size_t)(p - name));
		memcpy(h + TAR_NAME, p + 1, len - (size_t)(p - name) - 1);
	}
	memcpy(h + TAR_MODE, "000600 ", 7);
	memcpy(h + TAR_UID, "000000 ", 7);
	memcpy(h + TAR_GID, "000000 ", 7);
	tar_octal(h + TAR_SIZE, 11, size);
	h[TAR_SIZE + 11] = ' ';
	memcpy(h + TAR_MTIME, "00000000000 ", 12);
	h[TAR_TYPE] = '0';
	memcpy(h + TAR_MAGIC, "ustar\0" "00", 8);
	memcpy(h + TAR_DEVMAJOR, "000000 ", 7);
	memcpy(h + TAR_DEVMINOR, "000000 ", 7);
	tar_octal(h + TAR_CHKSUM, 6, tar_sum(h));
	h[TAR_CHKSUM + 6] = '\0';
	h[TAR_CHKSUM + 7] = ' ';
	return 0;
}

int
sh_tar_write(const struct sh_tar *t, struct sh_buf *out, struct sh_err *err)
{
	static const unsigned char	 zero[2 * TAR_BLOCK];
	unsigned char			 h[TAR_BLOCK];
	const struct sh_tar_member	*m;
	size_t				 i, pad, need = sizeof zero,
					 orig = out->len;

	for (i = 0; i < t->n; i++) {
		m = &t->members[i];
		if (tar_header(h, m->name, m->data.len) != 0)
			return sh_errf(err, "tar member \"%s\": name too long "
			    "for a ustar header", m->name);
		if (m->data.len > TAR_SIZE_MAX)
			return sh_errf(err, "tar member \"%s\": too large "
			    "for a ustar header", m->name);
		pad = (TAR_BLOCK - m->data.len % TAR_BLOCK) % TAR_BLOCK;
		if (need > SIZE_MAX - TAR_BLOCK - m->data.len - pad)
			return sh_errf(err, "tar: out of memory");
		need += TAR_BLOCK + m->data.len + pad;
	}
	/* One allocation: a secret `out` never leaves a copy behind. */
	if (sh_buf_reserve(out, need) != 0)
		return sh_errf(err, "tar: out of memory");
	for (i = 0; i < t->n; i++) {
		m = &t->members[i];
		tar_header(h, m->name, m->data.len);
		pad = (TAR_BLOCK - m->data.len % TAR_BLOCK) % TAR_BLOCK;
		if (sh_buf_append(out, h, sizeof h) != 0 ||
		    sh_buf_append(out, m->data.data, m->data.len) != 0 ||
		    sh_buf_append(out, zero, pad) != 0)
			goto fail;
	}
	/* The end of the archive: two zero blocks. */
	if (sh_buf_append(out, zero, sizeof zero) != 0)
		goto fail;
	return 0;
fail:
	sodium_memzero(out->data + orig, out->len - orig);
	out->len = orig;
	out->data[orig] = '\0';
	return sh_errf(err, "tar: out of memory");
}

/* What a typeflag other than a regular file's is, for a refusal. */
static const char *
tar_type_name(unsigned char type)
{
	switch (type) {
	case '3':
		return "a character device";
	case '4':
		return "a block device";
	case '5':
		return "a directory";
	case '6':
		return "a FIFO";
	default:
		return "not a regular file";
	}
}

/*
 * Which extension of ustar a header uses, or NULL for plain ustar:
 * pax headers could rename the next member or set its size, GNU ones
 * carry long names and sparse maps, and old tar has no prefix. The
 * names are those libarchive gave.
 */
static const char *
tar_extension(const unsigned char *h)
{
	if (memcmp(h + TAR_MAGIC, "ustar  \0", 8) == 0 ||
	    (h[TAR_TYPE] != '\0' && strchr("LKSDMNVAEI", h[TAR_TYPE]) != NULL))
		return memcmp(h + TAR_MAGIC, "ustar", 5) == 0 ?
		    "GNU tar format" : "tar (non-POSIX)";
	if (memcmp(h + TAR_MAGIC, "ustar\0" "00", 8) != 0)
		return "tar (non-POSIX)";
	if (h[TAR_TYPE] == 'x' || h[TAR_TYPE] == 'g' || h[TAR_TYPE] == 'X')
		return "POSIX pax interchange format";
	return NULL;
}

/* A NUL-terminated copy of a header field of up to len bytes. */
static size_t
tar_field(char *out, const unsigned char *f, size_t len)
{
	size_t	n = strnlen((const char *)f, len);

	memcpy(out, f, n);
	out[n] = '\0';
	return n;
}

/* An octal field: leading spaces, digits, then space or NUL; or -1. */
static long long
tar_number(const unsigned char *f, size_t len)
{
	const unsigned char	*p = f, *end = f + len;
	unsigned long long	 v = 0;

	while (p < end && *p == ' ')
		p++;
	if (p == end || *p < '0' || *p > '7')
		return -1;
	for (; p < end && *p >= '0' && *p <= '7'; p++)
		v = v << 3 | (unsigned)(*p - '0');
	/* Then only spaces and NULs to the field's end, as libarchive read it. */
	for (; p < end; p++)
		if (*p != ' ' && *p != '\0')
			return -1;
	return (long long)v;
}

/* A field left empty (NULs and spaces), as some writers leave devices'. */
static bool
tar_blank(const unsigned char *f, size_t len)
{
	size_t	i;

	for (i = 0; i < len; i++)
		if (f[i] != ' ' && f[i] != '\0')
			return false;
	return true;
}

/*
 * The numeric fields shinsa does not use must still be numbers: a header
 * with junk in them is damaged or not a tar header, whatever its checksum.
 */
static const char *
tar_bad_number(const unsigned char *h)
{
	static const struct {
		const char	*name;
		size_t		 off, len;
		bool		 blank_ok;
	} fields[] = {
		{ "mode", TAR_MODE, 8, false },
		{ "uid", TAR_UID, 8, false },
		{ "gid", TAR_GID, 8, false },
		{ "mtime", TAR_MTIME, 12, false },
		{ "devmajor", TAR_DEVMAJOR, 8, true },
		{ "devminor", TAR_DEVMINOR, 8, true },
	};
	size_t	i;

	for (i = 0; i < sizeof fields / sizeof fields[0]; i++) {
		if (fields[i].blank_ok && tar_blank(h + fields[i].off,
		    fields[i].len))
			continue;
		/* GNU tar's base-256 for a large uid, gid or time. */
		if (h[fields[i].off] & 0x80)
			continue;
		if (tar_number(h + fields[i].off, fields[i].len) < 0)
			return fields[i].name;
	}
	return NULL;
}

/* The checksum matches, summed unsigned or (old writers) signed. */
static bool
tar_sum_ok(const unsigned char *h)
{
	long long	v = tar_number(h + TAR_CHKSUM, 8);
	long		ssum = 0;
	size_t		i;

	for (i = 0; i < TAR_BLOCK; i++)
		ssum += (i >= TAR_CHKSUM && i < TAR_CHKSUM + 8) ? ' ' :
		    (signed char)h[i];
	return v >= 0 && ((unsigned long)v == tar_sum(h) || v == ssum);
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

/*
 * Checks one member's header h and reads its data, the avail bytes that
 * follow the header, into t; *used is what it took with the padding.
 */
static int
tar_read_member(const unsigned char *h, const unsigned char *data,
    size_t avail, const struct sh_tar_limits *lim, size_t *total,
    size_t *used, struct sh_tar *t, struct sh_err *err)
{
	struct sh_tar_member	*m;
	const char		*ext, *bad;
	char			 name[TAR_PREFIX_LEN + 1 + TAR_NAME_LEN + 1];
	long long		 size;
	size_t			 n;
	char			 q[96];

	n = tar_field(name, h + TAR_PREFIX, TAR_PREFIX_LEN);
	if (n > 0 && memcmp(h + TAR_MAGIC, "ustar\0" "00", 8) == 0)
		name[n++] = '/';
	else
		n = 0;
	tar_field(name + n, h + TAR_NAME, TAR_NAME_LEN);
	tar_quote(name, q, sizeof q);
	if ((ext = tar_extension(h)) != NULL)
		return sh_errf(err, "%s: not a plain ustar header (%s)", q,
		    ext);
	if (h[TAR_TYPE] == '1')
		return sh_errf(err, "%s: is a hard link", q);
	if (h[TAR_TYPE] == '2')
		return sh_errf(err, "%s: is a symbolic link", q);
	if (h[TAR_TYPE] != '0' && h[TAR_TYPE] != '\0' && h[TAR_TYPE] != '7')
		return sh_errf(err, "%s: is %s", q,
		    tar_type_name(h[TAR_TYPE]));
	if (!sh_tar_name_ok(name, err))
		return sh_err_prefix(err, "%s", q);
	if ((size = tar_number(h + TAR_SIZE, 12)) < 0)
		return sh_errf(err, "%s: no size", q);
	if ((bad = tar_bad_number(h)) != NULL)
		return sh_errf(err, "%s: the header's %s field is not a number",
		    q, bad);
	if ((uint64_t)size > lim->max_member_bytes)
		return sh_errf(err, "%s: %lld bytes, over the limit of %zu",
		    q, size, lim->max_member_bytes);
	if ((uint64_t)size > lim->max_total_bytes - *total)
		return sh_errf(err, "%s: the members add up to more "
		    "than the limit of %zu bytes", q, lim->max_total_bytes);
	if (t->n >= lim->max_members)
		return sh_errf(err, "more than %zu members", lim->max_members);
	if ((m = tar_push(t, name, err)) == NULL)
		return sh_err_prefix(err, "%s", q);
	if ((size_t)size + (TAR_BLOCK - (size_t)size % TAR_BLOCK) %
	    TAR_BLOCK > avail) {
		tar_pop(t);
		return sh_errf(err, "%s: the data is cut short", q);
	}
	if (sh_buf_reserve(&m->data, (size_t)size) != 0) {
		tar_pop(t);
		return sh_errf(err, "%s: out of memory", q);
	}
	memcpy(m->data.data, data, (size_t)size);
	m->data.len = (size_t)size;
	m->data.data[size] = '\0';
	*total += (size_t)size;
	/* The padding to a block, whole, as libarchive and GNU tar want. */
	n = (size_t)size + (TAR_BLOCK - (size_t)size % TAR_BLOCK) % TAR_BLOCK;
	*used = n;
	return 0;
}

static bool
tar_zero(const unsigned char *h)
{
	size_t	i;

	for (i = 0; i < TAR_BLOCK; i++)
		if (h[i] != 0)
			return false;
	return true;
}

int
sh_tar_read(const void *data, size_t len, const struct sh_tar_limits *limp,
    struct sh_tar *out, struct sh_err *err)
{
	struct sh_tar_limits	 lim = { 0, 0, 0 };
	const unsigned char	*p = data;
	size_t			 total = 0, off = 0, used = 0;

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
	/*
	 * Ends at a zero block (the first of the two end blocks), or where
	 * the bytes end on a block boundary, as libarchive's reader did.
	 */
	while (off < len) {
		if (len - off < TAR_BLOCK) {
			sh_errf(err, "tar: member %zu: the header is cut "
			    "short", out->n + 1);
			goto fail;
		}
		if (tar_zero(p + off))
			break;
		if (!tar_sum_ok(p + off)) {
			sh_errf(err, "tar: member %zu: the header's checksum "
			    "does not match (damaged, or not a tar container)",
			    out->n + 1);
			goto fail;
		}
		if (tar_read_member(p + off, p + off + TAR_BLOCK,
		    len - off - TAR_BLOCK, &lim, &total, &used, out,
		    err) != 0) {
			sh_err_prefix(err, "tar: member %zu", out->n + 1);
			goto fail;
		}
		off += TAR_BLOCK + used;
	}
	if (out->n == 0) {
		sh_errf(err, "tar: no members");
		goto fail;
	}
	return 0;
fail:
	sh_tar_free(out);
	return -1;
}
