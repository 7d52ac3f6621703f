/*
 * Fault injection on sealed containers, in process: every single-byte
 * flip (XOR 0x01 and XOR 0x80), every truncation and a few extensions of
 * a sealed sheet and a sealed package are refused by sh_open_sheet() /
 * sh_open_package(), with a reason, and leave the caller's outputs
 * exactly as they were (the opener's promise: a failed open changes none
 * of its outputs).
 *
 *   sheet          every byte, both flips; every truncation length
 *   small package  (kakine rubric, one short document: one chunk)
 *   large package  (a 150 KiB document: three age STREAM chunks)
 *                  for both packages: every header and nonce byte, every
 *                  byte within 40 of a chunk boundary or of the end, and
 *                  every k-th byte so that at least 2,000 positions are
 *                  flipped; the same positions as truncation lengths.
 *                  (Every byte of a package costs 80,000 opens, over a
 *                  minute on two shared cores: the sample keeps the test
 *                  quick under ASan.)
 *
 * Deterministic: the document bytes come from a fixed-seed generator;
 * keys are fresh each run, so the ciphertexts differ between runs, but
 * the positions tried do not depend on them (only on the lengths, which
 * are fixed). Counts are printed for the record.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <sodium.h>

#include "testutil.h"
#include "crypto/agekey.h"
#include "format/seal.h"

#define AGE_CHUNK	65536
#define AGE_TAG		16
#define AGE_NONCE	16

struct person {
	struct sh_minisign_sk	*sk;
	struct sh_age_identity	*id;		/* sodium_malloc */
	char			 rcpt[SH_AGE_RECIPIENT_SIZE];
};

static struct person	 reviewer, secretariat;
static struct sh_rubric	*rubric;
static char		*rubric_bytes;
static size_t		 rubric_len;

static void
make_person(struct person *p, const char *name)
{
	struct sh_err	err;

	if ((p->sk = sh_minisign_keygen(name, &err)) == NULL)
		fail_msg("%s", err.msg);
	p->id = sodium_malloc(sizeof *p->id);
	assert_non_null(p->id);
	assert_int_equal(sh_age_x25519_from_ed25519_sk(p->sk->sk, p->id->sk,
	    &err), 0);
	assert_int_equal(sh_age_recipient_from_ed25519_pk(p->sk->pub.pk,
	    p->rcpt, sizeof p->rcpt, &err), 0);
}

static int
setup(void **state)
{
	struct sh_err	 err;
	char		*path = tu_src("data/rubrics/kakine-2024.json");

	make_person(&reviewer, "r01");
	make_person(&secretariat, "secretariat");
	rubric_bytes = tu_slurp(path, &rubric_len);
	if ((rubric = sh_rubric_load_buf(rubric_bytes, rubric_len,
	    "kakine-2024.json", &err)) == NULL)
		fail_msg("%s", err.msg);
	free(path);
	return 0;
}

static int
teardown(void **state)
{
	sh_minisign_sk_free(reviewer.sk);
	sodium_free(reviewer.id);
	sh_minisign_sk_free(secretariat.sk);
	sodium_free(secretariat.id);
	sh_rubric_free(rubric);
	free(rubric_bytes);
	return 0;
}

/* Where the age payload starts: after "\n--- <mac>\n" and the nonce. */
static size_t
age_payload_start(const unsigned char *f, size_t len)
{
	size_t	i;

	for (i = 0; i + 5 < len; i++)
		if (memcmp(f + i, "\n--- ", 5) == 0)
			break;
	assert_true(i + 5 < len);
	for (i += 5; i < len && f[i] != '\n'; i++)
		;
	assert_true(i < len);
	return i + 1 + AGE_NONCE;
}

/*
 * The positions to try on a file of len bytes: all of them when every
 * is set, else the header and nonce, 40 either side of every STREAM
 * chunk boundary and every k-th byte, at least `want` in all.
 */
static size_t *
positions(const unsigned char *f, size_t len, bool every, size_t want,
    size_t *np)
{
	unsigned char	*mark;
	size_t		*pos, n = 0, i, start, b, k;

	assert_non_null(mark = calloc(len + 1, 1));
	if (every)
		memset(mark, 1, len);
	else {
		start = age_payload_start(f, len);
		for (i = 0; i < start + 40 && i < len; i++)
			mark[i] = 1;
		for (b = start; b < len; b += AGE_CHUNK + AGE_TAG)
			for (i = b > 40 ? b - 40 : 0; i < b + 40 && i < len; i++)
				mark[i] = 1;
		for (i = len > 40 ? len - 40 : 0; i < len; i++)
			mark[i] = 1;
		k = len / want;
		if (k == 0)
			k = 1;
		for (i = 0; i < len; i += k)
			mark[i] = 1;
	}
	assert_non_null(pos = calloc(len + 1, sizeof *pos));
	for (i = 0; i < len; i++)
		if (mark[i])
			pos[n++] = i;
	free(mark);
	*np = n;
	return pos;
}

/* ---- sheets ---- */

static const struct sh_assignment assigned[] = {
	{ "P001", "kakine" }, { "P002", "kakine" }
};

static void
build_sheet(struct sh_sheet *s)
{
	const struct sh_variant		*v = sh_rubric_variant(rubric, "kakine");
	struct sh_sheet_proposal	*p;
	struct sh_sheet_entry		*e;
	size_t				 i;

	sh_sheet_init(s);
	sh_sheet_set(s, &s->round, "R2026-kakine");
	sh_sheet_set(s, &s->rubric_id, rubric->id);
	memcpy(s->rubric_sha256, rubric->hash_hex, 65);
	sh_sheet_set(s, &s->reviewer, "r01");
	sh_sheet_set(s, &s->secretariat_recipient, secretariat.rcpt);
	s->revision = 1;
	sh_sheet_set(s, &s->submitted, "2026-06-30T12:00:00Z");
	p = sh_sheet_add_proposal(s, "P001", "kakine");
	for (i = 0; i < v->nitems; i++) {
		if (v->items[i].kind == SH_ITEM_JUDGED) {
			e = sh_sheet_add_entry(p, v->items[i].id);
			e->has_score = true;
			e->score = i % 2 ? 4 : 3;
		} else if (v->items[i].kind == SH_ITEM_BONUS) {
			e = sh_sheet_add_entry(p, v->items[i].id);
			e->has_value = true;
		}
	}
	sh_sheet_set(s, &p->remarks, "総合所見：計画は具体的である。");
	p = sh_sheet_add_proposal(s, "P002", "kakine");
	p->declared = 1u << 2;
	p->action = SH_ACTION_WITHDRAW;
}

static void
sheet_expect(struct sh_sheet_expect *x)
{
	memset(x, 0, sizeof *x);
	x->round = "R2026-kakine";
	x->reviewer = "r01";
	x->reviewer_pk = &reviewer.sk->pub;
	x->recipient = secretariat.rcpt;
	x->min_revision = 1;
	x->rubric = rubric;
	x->assigned = assigned;
	x->nassigned = 2;
}

/* 0 when opened; else checks the refusal left the outputs alone. */
static int
try_sheet(const unsigned char *f, size_t len)
{
	struct sh_sheet		s, sentinel;
	struct sh_sheet_expect	x;
	struct sh_buf		json, sig;
	struct sh_err		err;

	sheet_expect(&x);
	memset(&s, 0xa5, sizeof s);
	memcpy(&sentinel, &s, sizeof s);
	sh_buf_init(&json, true);
	sh_buf_init(&sig, false);
	err.msg[0] = '\0';
	if (sh_open_sheet(f, len, secretariat.id, &x, &s, &json, &sig,
	    &err) == 0) {
		sh_sheet_free(&s);
		sh_buf_free(&json);
		sh_buf_free(&sig);
		return 0;
	}
	if (strncmp(err.msg, "sheet: ", 7) != 0 || err.msg[7] == '\0')
		fail_msg("refused without a reason: \"%s\"", err.msg);
	assert_memory_equal(&s, &sentinel, sizeof s);
	assert_int_equal(json.len, 0);
	assert_int_equal(sig.len, 0);
	sh_buf_free(&json);
	sh_buf_free(&sig);
	return -1;
}

static void
sheet_every_flip_and_truncation(void **state)
{
	struct sh_sheet	 s;
	struct sh_buf	 file;
	struct sh_err	 err;
	unsigned char	*f, *g;
	size_t		 i, len, flips = 0, truncs = 0;
	static const unsigned char xors[] = { 0x01, 0x80 };
	size_t		 k;

	build_sheet(&s);
	sh_buf_init(&file, false);
	if (sh_seal_sheet(&s, rubric, assigned, 2, reviewer.sk, &file,
	    &err) != 0)
		fail_msg("%s", err.msg);
	sh_sheet_free(&s);
	f = file.data;
	len = file.len;
	assert_int_equal(try_sheet(f, len), 0);
	assert_non_null(g = malloc(len + AGE_CHUNK + 64));
	memcpy(g, f, len);

	for (k = 0; k < sizeof xors; k++)
		for (i = 0; i < len; i++) {
			g[i] ^= xors[k];
			if (try_sheet(g, len) == 0)
				fail_msg("sheet opened with byte %zu of %zu "
				    "XOR 0x%02x", i, len, xors[k]);
			g[i] ^= xors[k];
			flips++;
		}
	for (i = 0; i < len; i++) {
		if (try_sheet(g, i) == 0)
			fail_msg("sheet opened truncated to %zu of %zu", i, len);
		truncs++;
	}
	/* Trailing bytes: one, a tag's worth, a whole chunk's worth. */
	memset(g + len, 0, AGE_CHUNK + 64);
	assert_int_equal(try_sheet(g, len + 1), -1);
	assert_int_equal(try_sheet(g, len + AGE_TAG), -1);
	assert_int_equal(try_sheet(g, len + AGE_CHUNK + AGE_TAG), -1);
	assert_memory_equal(g, f, len);
	print_message("sheet: %zu bytes, %zu flips and %zu truncations "
	    "refused\n", len, flips, truncs);
	free(g);
	sh_buf_free(&file);
}

/* ---- packages ---- */

static void
build_package(struct sh_package *p, struct sh_tar *docs, size_t biglen)
{
	struct sh_package_proposal	*pp;
	struct sh_err			 err;
	char				 b64[SH_MINISIGN_PK_B64_LEN + 1];
	char				 hex[65];
	unsigned char			 h[32], *big;
	static const char		 pdf[] = "%PDF-1.4 構想調書";
	uint32_t			 x = 20261122;
	size_t				 i;

	sh_package_init(p);
	sh_minisign_pk_base64(&secretariat.sk->pub, b64);
	sh_package_set(&p->round_id, "R2026-kakine");
	sh_package_set(&p->round_title, "令和6年度 垣根");
	sh_package_set(&p->secretariat_key, b64);
	sh_package_set(&p->secretariat_recipient, secretariat.rcpt);
	sh_package_set(&p->rubric_id, rubric->id);
	memcpy(p->rubric_sha256, rubric->hash_hex, 65);
	sh_package_set(&p->reviewer_id, "r01");
	sh_package_set(&p->reviewer_name, "山田 花子");
	sh_package_set(&p->reviewer_recipient, reviewer.rcpt);
	sh_package_set(&p->issued, "2026-06-28T09:00:00Z");
	sh_tar_init(docs, true);
	crypto_hash_sha256(h, (const unsigned char *)pdf, strlen(pdf));
	sodium_bin2hex(hex, sizeof hex, h, sizeof h);
	pp = sh_package_add_proposal(p, "P001");
	sh_package_set(&pp->title, "垣根を超える");
	sh_package_set(&pp->applicant, "○○県");
	sh_package_set(&pp->variant, "kakine");
	sh_package_set(&pp->prefecture, "13");
	sh_facts_add_cert(&pp->facts, "eruboshi-2", &err);
	sh_package_add_doc(pp, "構想調書.pdf", "docs/P001/1.pdf", strlen(pdf),
	    hex);
	assert_int_equal(sh_tar_add(docs, "docs/P001/1.pdf", pdf, strlen(pdf),
	    &err), 0);
	pp = sh_package_add_proposal(p, "P002");
	sh_package_set(&pp->title, "二つ目");
	sh_package_set(&pp->applicant, "△△市");
	sh_package_set(&pp->variant, "kakine");
	sh_package_set(&pp->prefecture, "01");
	if (biglen == 0)
		return;
	/* A document spanning several STREAM chunks, fixed-seed bytes. */
	assert_non_null(big = malloc(biglen));
	for (i = 0; i < biglen; i++) {
		x = x * 1103515245u + 12345u;
		big[i] = (unsigned char)(x >> 16);
	}
	crypto_hash_sha256(h, big, biglen);
	sodium_bin2hex(hex, sizeof hex, h, sizeof h);
	sh_package_add_doc(pp, "添付資料.bin", "docs/P002/big.bin", biglen,
	    hex);
	assert_int_equal(sh_tar_add(docs, "docs/P002/big.bin", big, biglen,
	    &err), 0);
	free(big);
}

static int
try_package(const unsigned char *f, size_t len)
{
	struct sh_opened_package	o, sentinel;
	struct sh_package_expect	x;
	struct sh_err			err;

	memset(&x, 0, sizeof x);
	x.secretariat_pks = &secretariat.sk->pub;
	x.npks = 1;
	x.round = "R2026-kakine";
	x.reviewer = "r01";
	x.recipient = reviewer.rcpt;
	memset(&o, 0x5a, sizeof o);
	memcpy(&sentinel, &o, sizeof o);
	err.msg[0] = '\0';
	if (sh_open_package(f, len, reviewer.id, &x, &o, &err) == 0) {
		sh_opened_package_free(&o);
		return 0;
	}
	if (strncmp(err.msg, "package: ", 9) != 0 || err.msg[9] == '\0')
		fail_msg("refused without a reason: \"%s\"", err.msg);
	assert_memory_equal(&o, &sentinel, sizeof o);
	return -1;
}

static void
package_faults(size_t biglen, bool every, size_t want)
{
	struct sh_package	 p;
	struct sh_tar		 docs;
	struct sh_buf		 file;
	struct sh_err		 err;
	unsigned char		*f, *g;
	size_t			 i, len, np, *pos, flips = 0, truncs = 0;
	size_t			 k, hdr;
	static const unsigned char xors[] = { 0x01, 0x80 };

	build_package(&p, &docs, biglen);
	sh_buf_init(&file, false);
	if (sh_seal_package(&p, rubric_bytes, rubric_len, &docs,
	    secretariat.sk, &file, &err) != 0)
		fail_msg("%s", err.msg);
	sh_package_free(&p);
	sh_tar_free(&docs);
	f = file.data;
	len = file.len;
	hdr = age_payload_start(f, len);
	assert_int_equal(try_package(f, len), 0);
	pos = positions(f, len, every, want, &np);
	if (!every) {
		assert_true(np >= want);
		/* The large one must span several chunks to mean anything. */
		assert_true(biglen == 0 ||
		    len - hdr > 2 * (AGE_CHUNK + AGE_TAG));
	}
	assert_non_null(g = malloc(len + AGE_CHUNK + 64));
	memcpy(g, f, len);
	for (k = 0; k < sizeof xors; k++)
		for (i = 0; i < np; i++) {
			g[pos[i]] ^= xors[k];
			if (try_package(g, len) == 0)
				fail_msg("package opened with byte %zu of %zu "
				    "XOR 0x%02x", pos[i], len, xors[k]);
			g[pos[i]] ^= xors[k];
			flips++;
		}
	for (i = 0; i < np; i++) {
		if (try_package(g, pos[i]) == 0)
			fail_msg("package opened truncated to %zu of %zu",
			    pos[i], len);
		truncs++;
	}
	memset(g + len, 0, AGE_CHUNK + 64);
	assert_int_equal(try_package(g, len + 1), -1);
	assert_int_equal(try_package(g, len + AGE_TAG), -1);
	assert_int_equal(try_package(g, len + AGE_CHUNK + AGE_TAG), -1);
	/* The last chunk replayed after itself. */
	memcpy(g + len, f + hdr + ((len - hdr - 1) / (AGE_CHUNK + AGE_TAG)) *
	    (AGE_CHUNK + AGE_TAG), (len - hdr) % (AGE_CHUNK + AGE_TAG));
	assert_int_equal(try_package(g, len + (len - hdr) %
	    (AGE_CHUNK + AGE_TAG)), -1);
	assert_memory_equal(g, f, len);
	print_message("package: %zu bytes (header+nonce %zu), %zu positions: "
	    "%zu flips and %zu truncations refused\n", len, hdr, np, flips,
	    truncs);
	free(pos);
	free(g);
	sh_buf_free(&file);
}

static void
small_package_sampled_flips_and_truncations(void **state)
{
	package_faults(0, false, 2000);
}

static void
large_package_sampled_flips_and_truncations(void **state)
{
	package_faults(150 * 1024, false, 2000);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(sheet_every_flip_and_truncation),
		cmocka_unit_test(small_package_sampled_flips_and_truncations),
		cmocka_unit_test(large_package_sampled_flips_and_truncations),
	};

	if (sodium_init() < 0)
		return 1;
	return cmocka_run_group_tests(tests, setup, teardown);
}
