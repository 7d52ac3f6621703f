/* format/tar: deterministic ustar containers and the refusals on read. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <archive.h>
#include <archive_entry.h>
#include <sodium.h>

#include "testutil.h"
#include "format/tar.h"

static const char *jp_name = "docs/P001/構想調書.pdf";

static void
make_sample(struct sh_tar *t, bool secret)
{
	struct sh_err	err;

	sh_tar_init(t, secret);
	assert_int_equal(sh_tar_add(t, "sheet.json", "{\"a\":1}", 7, &err), 0);
	assert_int_equal(sh_tar_add(t, "sheet.json.minisig", "sig\n", 4, &err),
	    0);
	assert_int_equal(sh_tar_add(t, "empty", "", 0, &err), 0);
	assert_int_equal(sh_tar_add(t, jp_name, "%PDF-1.4", 8, &err), 0);
}

static void
round_trip_is_exact_and_stable(void **state)
{
	struct sh_tar	t, r;
	struct sh_buf	a, b;
	struct sh_err	err;
	size_t		i;

	make_sample(&t, true);
	sh_buf_init(&a, true);
	sh_buf_init(&b, false);
	assert_int_equal(sh_tar_write(&t, &a, &err), 0);
	assert_int_equal(sh_tar_write(&t, &b, &err), 0);
	assert_int_equal(a.len, b.len);
	assert_memory_equal(a.data, b.data, a.len);
	/* 4 headers, 3 data blocks, 2 end blocks; no padding to 10240. */
	assert_int_equal(a.len, 512 * 9);

	/* Header of the first member: mode 0600, uid/gid 0, mtime 0. */
	assert_string_equal((char *)a.data, "sheet.json");
	assert_memory_equal(a.data + 100, "000600 ", 7);
	assert_memory_equal(a.data + 108, "000000 ", 7);
	assert_memory_equal(a.data + 116, "000000 ", 7);
	assert_memory_equal(a.data + 136, "00000000000", 11);
	assert_memory_equal(a.data + 257, "ustar", 6);

	sh_tar_init(&r, true);
	if (sh_tar_read(a.data, a.len, NULL, &r, &err) != 0)
		fail_msg("%s", err.msg);
	assert_int_equal(r.n, t.n);
	for (i = 0; i < r.n; i++) {
		assert_string_equal(r.members[i].name, t.members[i].name);
		assert_int_equal(r.members[i].data.len, t.members[i].data.len);
		assert_memory_equal(r.members[i].data.data,
		    t.members[i].data.data, t.members[i].data.len);
		assert_true(r.members[i].data.secret);
	}
	assert_non_null(sh_tar_find(&r, jp_name));
	assert_null(sh_tar_find(&r, "nope"));
	sh_tar_free(&r);
	sh_tar_free(&t);
	sh_buf_free(&a);
	sh_buf_free(&b);
}

static void
add_refuses_bad_names(void **state)
{
	struct sh_tar	 t;
	struct sh_err	 err;
	char		 longname[300];
	static const struct { const char *name, *why; } bad[] = {
		{ "", "empty name" },
		{ "/etc/passwd", "absolute path" },
		{ "../x", "\"..\" component" },
		{ "a/../../x", "\"..\" component" },
		{ "a/./b", "\".\" component" },
		{ "a//b", "empty component" },
		{ "a/", "empty component" },
		{ "a\\b", "backslash" },
		{ "a\nb", "control character" },
		{ "a\xff", "not valid UTF-8" },
	};
	size_t		 i;

	sh_tar_init(&t, false);
	for (i = 0; i < sizeof bad / sizeof bad[0]; i++) {
		assert_int_equal(sh_tar_add(&t, bad[i].name, "x", 1, &err), -1);
		if (strstr(err.msg, bad[i].why) == NULL)
			fail_msg("%s: %s", bad[i].name, err.msg);
	}
	assert_int_equal(sh_tar_add(&t, "a", "x", 1, &err), 0);
	assert_int_equal(sh_tar_add(&t, "a", "y", 1, &err), -1);
	assert_non_null(strstr(err.msg, "duplicate name"));
	memset(longname, 'n', sizeof longname - 1);
	longname[sizeof longname - 1] = '\0';
	assert_int_equal(sh_tar_add(&t, longname, "x", 1, &err), -1);
	assert_non_null(strstr(err.msg, "longer than 255"));
	assert_int_equal(t.n, 1);
	sh_tar_free(&t);
}

/* Builds a hostile archive with libarchive directly. */
enum kind { REG, SYMLINK, HARDLINK, DIR, CHR, FIFO };
struct raw {
	const char	*name;
	enum kind	 kind;
	size_t		 size;
};

static la_ssize_t
raw_write_cb(struct archive *a, void *ctx, const void *p, size_t n)
{
	sh_buf_append(ctx, p, n);
	return (la_ssize_t)n;
}

static void
build_raw(struct sh_buf *out, const struct raw *m, size_t n, bool pax)
{
	struct archive		*a = archive_write_new();
	struct archive_entry	*e;
	char			*data;
	size_t			 i;

	sh_buf_init(out, false);
	if (pax)
		archive_write_set_format_pax(a);
	else
		archive_write_set_format_ustar(a);
	archive_write_set_bytes_per_block(a, 0);
	archive_write_open(a, out, NULL, raw_write_cb, NULL);
	for (i = 0; i < n; i++) {
		e = archive_entry_new();
		archive_entry_set_pathname(e, m[i].name);
		archive_entry_set_perm(e, 0600);
		switch (m[i].kind) {
		case REG:
			archive_entry_set_filetype(e, AE_IFREG);
			archive_entry_set_size(e, (la_int64_t)m[i].size);
			break;
		case SYMLINK:
			archive_entry_set_filetype(e, AE_IFLNK);
			archive_entry_set_symlink(e, "/etc/passwd");
			break;
		case HARDLINK:
			archive_entry_set_filetype(e, AE_IFREG);
			archive_entry_set_hardlink(e, "a");
			break;
		case DIR:
			archive_entry_set_filetype(e, AE_IFDIR);
			break;
		case CHR:
			archive_entry_set_filetype(e, AE_IFCHR);
			archive_entry_set_rdev(e, 0x0103);
			break;
		case FIFO:
			archive_entry_set_filetype(e, AE_IFIFO);
			break;
		}
		assert_int_equal(archive_write_header(a, e), ARCHIVE_OK);
		if (m[i].kind == REG && m[i].size > 0) {
			data = calloc(1, m[i].size);
			archive_write_data(a, data, m[i].size);
			free(data);
		}
		archive_entry_free(e);
	}
	archive_write_close(a);
	archive_write_free(a);
}

static void
expect_refusal(const struct raw *m, size_t n, bool pax,
    const struct sh_tar_limits *lim, const char *why)
{
	struct sh_buf	raw;
	struct sh_tar	t;
	struct sh_err	err;

	build_raw(&raw, m, n, pax);
	sh_tar_init(&t, false);
	assert_int_equal(sh_tar_read(raw.data, raw.len, lim, &t, &err), -1);
	if (strstr(err.msg, why) == NULL)
		fail_msg("expected \"%s\", got \"%s\"", why, err.msg);
	assert_int_equal(t.n, 0);
	assert_null(t.members);
	sh_buf_free(&raw);
}

static void
read_refuses_hostile_members(void **state)
{
	const struct raw abs[] = { { "a", REG, 1 }, { "/etc/passwd", REG, 1 } };
	const struct raw dots[] = { { "x/../../etc", REG, 1 } };
	const struct raw sym[] = { { "a", REG, 1 }, { "b", SYMLINK, 0 } };
	const struct raw hard[] = { { "a", REG, 1 }, { "b", HARDLINK, 0 } };
	const struct raw dir[] = { { "d", DIR, 0 } };
	const struct raw chr[] = { { "tty", CHR, 0 } };
	const struct raw fifo[] = { { "p", FIFO, 0 } };
	const struct raw dup[] = { { "a", REG, 1 }, { "a", REG, 2 } };

	expect_refusal(abs, 2, false, NULL, "tar: member 2: \"/etc/passwd\": absolute path");
	expect_refusal(dots, 1, false, NULL, "\"..\" component");
	expect_refusal(sym, 2, false, NULL, "member 2: \"b\": is a symbolic link");
	expect_refusal(hard, 2, false, NULL, "\"b\": is a hard link");
	expect_refusal(dir, 1, false, NULL, "\"d/\": is a directory");
	expect_refusal(chr, 1, false, NULL, "\"tty\": is a character device");
	expect_refusal(fifo, 1, false, NULL, "\"p\": is a FIFO");
	expect_refusal(dup, 2, false, NULL, "member 2: \"a\": duplicate name");
	/* Only the end-of-archive blocks. */
	expect_refusal(dots + 0, 0, false, NULL, "no members");
}

static void
read_refuses_pax_and_limits(void **state)
{
	const struct raw one[] = { { "a", REG, 10 } };
	const struct raw lng[] = { { "aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa"
	    "aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa", REG, 1 } };
	const struct raw three[] = { { "a", REG, 10 }, { "b", REG, 10 },
	    { "c", REG, 10 } };
	struct sh_tar_limits lim = { 2, 0, 0 };

	/* pax extended headers could rename members: not accepted. */
	expect_refusal(lng, 1, true, NULL, "not a plain ustar header");
	expect_refusal(three, 3, false, &lim, "member 3: more than 2 members");
	lim = (struct sh_tar_limits){ 0, 9, 100 };
	expect_refusal(one, 1, false, &lim, "10 bytes, over the limit of 9");
	lim = (struct sh_tar_limits){ 0, 0, 25 };
	expect_refusal(three, 3, false, &lim, "member 3: \"c\": the members "
	    "add up to more than the limit of 25 bytes");
}

static void
read_refuses_garbage_and_truncation(void **state)
{
	struct sh_tar	t;
	struct sh_buf	a;
	struct sh_err	err;
	unsigned char	junk[1024];

	sh_tar_init(&t, false);
	assert_int_equal(sh_tar_read("", 0, NULL, &t, &err), -1);
	assert_string_equal(err.msg, "tar: empty container");
	memset(junk, 'x', sizeof junk);
	assert_int_equal(sh_tar_read(junk, sizeof junk, NULL, &t, &err), -1);
	assert_non_null(strstr(err.msg, "tar: "));

	make_sample(&t, false);
	sh_buf_init(&a, false);
	assert_int_equal(sh_tar_write(&t, &a, &err), 0);
	sh_tar_free(&t);
	/* Cut inside the last member's data. */
	sh_tar_init(&t, false);
	assert_int_equal(sh_tar_read(a.data, 512 * 6 + 4, NULL, &t, &err), -1);
	assert_int_equal(t.n, 0);
	/* A flipped header byte breaks the checksum. */
	a.data[512 * 2 + 5] ^= 1;
	assert_int_equal(sh_tar_read(a.data, a.len, NULL, &t, &err), -1);
	assert_non_null(strstr(err.msg, "member 2"));
	assert_int_equal(t.n, 0);
	sh_buf_free(&a);
}

static void
long_names_split_or_refuse(void **state)
{
	struct sh_tar	 t, r;
	struct sh_buf	 a;
	struct sh_err	 err;
	/* 10 + 120 bytes: only fits ustar as prefix "docs/P001" + name. */
	const char	*jp = "docs/P001/令和6年度_構想調書_別紙_追加資料_"
	    "最終版_提出用_第二版_確認済み.pdf";
	char		 flat[201];

	assert_true(strlen(jp) > 100);
	sh_tar_init(&t, false);
	assert_int_equal(sh_tar_add(&t, jp, "x", 1, &err), 0);
	sh_buf_init(&a, false);
	if (sh_tar_write(&t, &a, &err) != 0)
		fail_msg("%s", err.msg);
	sh_tar_init(&r, false);
	if (sh_tar_read(a.data, a.len, NULL, &r, &err) != 0)
		fail_msg("%s", err.msg);
	assert_string_equal(r.members[0].name, jp);
	sh_tar_free(&r);
	sh_tar_free(&t);
	sh_buf_free(&a);

	/* 200 bytes with no '/': no ustar header can hold it. */
	memset(flat, 'f', 200);
	flat[200] = '\0';
	sh_tar_init(&t, false);
	assert_int_equal(sh_tar_add(&t, flat, "x", 1, &err), 0);
	sh_buf_init(&a, false);
	assert_int_equal(sh_tar_write(&t, &a, &err), -1);
	assert_non_null(strstr(err.msg, "tar member \"ffff"));
	assert_int_equal(a.len, 0);
	sh_tar_free(&t);
	sh_buf_free(&a);
}

/*
 * sh_tar_clear() empties a container for the next read and keeps its
 * buffers, wiped: the next container of the same shape is read into the
 * same memory (ingest maps no guarded pages per sheet), a larger one
 * gets what it needs, and sh_tar_free() releases everything (ASan's
 * leak check in CI).
 */
static void
clear_keeps_buffers_wiped(void **state)
{
	struct sh_tar		 t, r;
	struct sh_buf		 a, two;
	struct sh_err		 err;
	const unsigned char	*p0;
	size_t			 i, len0;

	(void)state;
	make_sample(&t, true);
	sh_buf_init(&a, true);
	assert_int_equal(sh_tar_write(&t, &a, &err), 0);
	sh_tar_free(&t);
	sh_tar_init(&t, true);
	assert_int_equal(sh_tar_add(&t, "sheet.json", "{}", 2, &err), 0);
	assert_int_equal(sh_tar_add(&t, "sheet.json.minisig", "s", 1, &err), 0);
	sh_buf_init(&two, true);
	assert_int_equal(sh_tar_write(&t, &two, &err), 0);
	sh_tar_free(&t);

	sh_tar_init(&r, true);
	assert_int_equal(sh_tar_read(a.data, a.len, NULL, &r, &err), 0);
	p0 = r.members[0].data.data;
	len0 = r.members[0].data.len;
	sh_tar_clear(&r);
	assert_int_equal(r.n, 0);
	assert_int_equal(r.kept, 4);
	for (i = 0; i < len0; i++)
		assert_int_equal(p0[i], 0);
	/* Fewer members: the first two slots' buffers again. */
	assert_int_equal(sh_tar_read(two.data, two.len, NULL, &r, &err), 0);
	assert_int_equal(r.n, 2);
	assert_ptr_equal(r.members[0].data.data, p0);
	assert_string_equal((char *)r.members[0].data.data, "{}");
	assert_string_equal(r.members[1].name, "sheet.json.minisig");
	assert_int_equal(r.kept, 4);
	sh_tar_clear(&r);
	/* More again: the kept ones, and the names are the new ones. */
	assert_int_equal(sh_tar_read(a.data, a.len, NULL, &r, &err), 0);
	assert_int_equal(r.n, 4);
	assert_string_equal(r.members[3].name, jp_name);
	assert_memory_equal(r.members[3].data.data, "%PDF-1.4", 8);
	assert_null(sh_tar_find(&r, "nope"));
	/* A read refused halfway leaves nothing to read, only to free. */
	sh_tar_clear(&r);
	assert_int_equal(sh_tar_read(a.data, 512 * 6 + 4, NULL, &r, &err), -1);
	sh_tar_clear(&r);
	assert_int_equal(r.n, 0);
	sh_tar_free(&r);
	assert_int_equal(r.kept, 0);
	sh_buf_free(&a);
	sh_buf_free(&two);
}

static la_ssize_t
la_write_cb(struct archive *a, void *ctx, const void *p, size_t n)
{
	sh_buf_append(ctx, p, n);
	return (la_ssize_t)n;
}

/*
 * core's writer gives, byte for byte, what libarchive's ustar writer gave
 * with the settings core used before it had its own (no blocking, mode
 * 0600, mtime and ids 0): a sheet or package written again is the same.
 */
/* Rewrites a header's checksum after a test has changed the header. */
static void
fix_checksum(unsigned char *h)
{
	unsigned long	sum = 0;
	size_t		i;

	memset(h + 148, ' ', 8);
	for (i = 0; i < 512; i++)
		sum += h[i];
	snprintf((char *)h + 148, 8, "%06lo", sum);
	h[155] = ' ';
}

/*
 * What libarchive and GNU tar refused, core's reader refuses too: a
 * last member whose padding is cut short, and numbers full of junk in
 * the fields shinsa does not use, whatever the checksum says.
 */
static void
read_refuses_what_libarchive_refused(void **state)
{
	struct sh_tar	t;
	struct sh_buf	a;
	struct sh_err	err;
	char		data[100];

	(void)state;
	sh_tar_init(&t, false);
	memset(data, 'a', sizeof data);
	assert_int_equal(sh_tar_add(&t, "sheet.json", data, sizeof data,
	    &err), 0);
	sh_buf_init(&a, false);
	assert_int_equal(sh_tar_write(&t, &a, &err), 0);
	sh_tar_free(&t);

	sh_tar_init(&t, false);
	assert_int_equal(sh_tar_read(a.data, 512 + 100, NULL, &t, &err), -1);
	assert_non_null(strstr(err.msg, "cut short"));
	/* Whole padding and no end blocks: a block boundary, still read. */
	assert_int_equal(sh_tar_read(a.data, 1024, NULL, &t, &err), 0);
	assert_int_equal(t.n, 1);
	sh_tar_free(&t);

	memcpy(a.data + 108, "xyz     ", 8);		/* uid */
	fix_checksum(a.data);
	sh_tar_init(&t, false);
	assert_int_equal(sh_tar_read(a.data, a.len, NULL, &t, &err), -1);
	assert_non_null(strstr(err.msg, "uid field is not a number"));
	/* GNU tar's base-256 for a uid too large for octal is a number. */
	memcpy(a.data + 108, "\x80\0\0\0\x3b\x9a\xca\0", 8);
	fix_checksum(a.data);
	assert_int_equal(sh_tar_read(a.data, a.len, NULL, &t, &err), 0);
	sh_tar_free(&t);
	sh_tar_init(&t, false);
	memcpy(a.data + 108, "000000 ", 8);
	memcpy(a.data + 124, " 0000144\0garb", 12);	/* size, then junk */
	fix_checksum(a.data);
	assert_int_equal(sh_tar_read(a.data, a.len, NULL, &t, &err), -1);
	assert_non_null(strstr(err.msg, "no size"));
	sh_buf_free(&a);
}

static void
write_matches_libarchive(void **state)
{
	struct sh_tar		 t;
	struct sh_buf		 ours, la;
	struct sh_err		 err;
	struct archive		*a;
	struct archive_entry	*e;
	char			 n100[101], big[1025];
	size_t			 i;

	(void)state;
	make_sample(&t, false);
	memset(n100, 'c', 100);
	n100[100] = '\0';
	memset(big, 'b', sizeof big);
	assert_int_equal(sh_tar_add(&t, n100, big, 512, &err), 0);
	assert_int_equal(sh_tar_add(&t, "docs/P002/別紙/令和6年度_構想調書_"
	    "追加資料_最終版_提出用_第二版_確認済み.pdf", big, 513,
	    &err), 0);
	assert_int_equal(sh_tar_add(&t, "x/y", big, sizeof big, &err), 0);
	sh_buf_init(&ours, false);
	assert_int_equal(sh_tar_write(&t, &ours, &err), 0);

	sh_buf_init(&la, false);
	a = archive_write_new();
	archive_write_set_format_ustar(a);
	archive_write_set_bytes_per_block(a, 0);
	archive_write_set_bytes_in_last_block(a, 1);
	archive_write_open(a, &la, NULL, la_write_cb, NULL);
	for (i = 0; i < t.n; i++) {
		e = archive_entry_new();
		archive_entry_set_pathname(e, t.members[i].name);
		archive_entry_set_filetype(e, AE_IFREG);
		archive_entry_set_perm(e, 0600);
		archive_entry_set_size(e, (la_int64_t)t.members[i].data.len);
		archive_entry_set_mtime(e, 0, 0);
		archive_entry_set_uid(e, 0);
		archive_entry_set_gid(e, 0);
		assert_int_equal(archive_write_header(a, e), ARCHIVE_OK);
		if (t.members[i].data.len > 0)
			archive_write_data(a, t.members[i].data.data,
			    t.members[i].data.len);
		archive_entry_free(e);
	}
	assert_int_equal(archive_write_close(a), ARCHIVE_OK);
	archive_write_free(a);

	assert_int_equal(ours.len, la.len);
	assert_memory_equal(ours.data, la.data, la.len);
	sh_buf_free(&ours);
	sh_buf_free(&la);
	sh_tar_free(&t);
}

/*
 * Lookups by name go through the index: every one of SH_TAR_MAX_MEMBERS
 * members is found, read back too, after a refused duplicate (which
 * takes its member out again) and after sh_tar_clear().
 */
static void
find_through_the_index(void **state)
{
	struct sh_tar			 t, r;
	struct sh_buf			 a;
	struct sh_err			 err;
	const struct sh_tar_member	*m;
	char				 name[32];
	size_t				 i;

	(void)state;
	sh_tar_init(&t, false);
	assert_null(sh_tar_find(&t, "a"));
	for (i = 0; i < SH_TAR_MAX_MEMBERS; i++) {
		snprintf(name, sizeof name, "docs/P%05zu/1.pdf", i);
		assert_int_equal(sh_tar_add(&t, name, name, strlen(name),
		    &err), 0);
	}
	assert_int_equal(sh_tar_add(&t, "one/more", "x", 1, &err), -1);
	assert_non_null(strstr(err.msg, "more than 10000 members"));
	assert_int_equal(sh_tar_add(&t, "docs/P00007/1.pdf", "x", 1, &err),
	    -1);
	assert_non_null(strstr(err.msg, "duplicate name"));
	sh_buf_init(&a, false);
	assert_int_equal(sh_tar_write(&t, &a, &err), 0);
	sh_tar_init(&r, false);
	if (sh_tar_read(a.data, a.len, NULL, &r, &err) != 0)
		fail_msg("%s", err.msg);
	assert_int_equal(r.n, SH_TAR_MAX_MEMBERS);
	for (i = 0; i < SH_TAR_MAX_MEMBERS; i++) {
		snprintf(name, sizeof name, "docs/P%05zu/1.pdf", i);
		assert_non_null(m = sh_tar_find(&t, name));
		assert_ptr_equal(m, &t.members[i]);
		assert_non_null(m = sh_tar_find(&r, name));
		assert_ptr_equal(m, &r.members[i]);
		assert_string_equal((char *)m->data.data, name);
	}
	assert_null(sh_tar_find(&r, "docs/P10000/1.pdf"));
	assert_null(sh_tar_find(&r, "docs/P00001"));
	sh_tar_clear(&r);
	assert_null(sh_tar_find(&r, "docs/P00001/1.pdf"));
	assert_int_equal(sh_tar_add(&r, "docs/P00001/1.pdf", "y", 1, &err),
	    0);
	assert_ptr_equal(sh_tar_find(&r, "docs/P00001/1.pdf"), &r.members[0]);
	assert_null(sh_tar_find(&r, "docs/P00002/1.pdf"));
	sh_tar_free(&r);
	sh_tar_free(&t);
	sh_buf_free(&a);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(round_trip_is_exact_and_stable),
		cmocka_unit_test(clear_keeps_buffers_wiped),
		cmocka_unit_test(add_refuses_bad_names),
		cmocka_unit_test(read_refuses_hostile_members),
		cmocka_unit_test(read_refuses_pax_and_limits),
		cmocka_unit_test(read_refuses_garbage_and_truncation),
		cmocka_unit_test(long_names_split_or_refuse),
		cmocka_unit_test(read_refuses_what_libarchive_refused),
		cmocka_unit_test(write_matches_libarchive),
		cmocka_unit_test(find_through_the_index),
	};

	if (sodium_init() < 0)
		return 1;
	return cmocka_run_group_tests(tests, NULL, NULL);
}
