/* format/seal: sign-then-encrypt of sheets and packages, and every refusal. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <sodium.h>

#include "testutil.h"
#include "crypto/agekey.h"
#include "format/seal.h"

struct person {
	struct sh_minisign_sk	*sk;
	struct sh_age_identity	*id;		/* sodium_malloc */
	char			 rcpt[SH_AGE_RECIPIENT_SIZE];
};

static struct person	 reviewer, secretariat, stranger;
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

static void
free_person(struct person *p)
{
	sh_minisign_sk_free(p->sk);
	sodium_free(p->id);
}

static int
setup(void **state)
{
	struct sh_err	 err;
	char		*path = tu_src("data/rubrics/kakine-2024.json");

	make_person(&reviewer, "r01");
	make_person(&secretariat, "secretariat");
	make_person(&stranger, "mallory");
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
	free_person(&reviewer);
	free_person(&secretariat);
	free_person(&stranger);
	sh_rubric_free(rubric);
	free(rubric_bytes);
	return 0;
}

static const struct sh_assignment assigned[] = {
	{ "P001", "kakine" }, { "P002", "kakine" }
};

/* A complete kakine sheet: P001 reviewed, P002 withdrawn for (ウ). */
static void
build_sheet(struct sh_sheet *s, long long revision)
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
	s->revision = revision;
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
	sh_sheet_set(s, &p->remarks, "総合所見：良い");
	p = sh_sheet_add_proposal(s, "P002", "kakine");
	p->declared = 1u << 2;
	p->action = SH_ACTION_WITHDRAW;
}

static void
expect_of(struct sh_sheet_expect *x)
{
	x->round = "R2026-kakine";
	x->reviewer = "r01";
	x->reviewer_pk = &reviewer.sk->pub;
	x->recipient = secretariat.rcpt;
	x->min_revision = 1;
	x->rubric = rubric;
	x->assigned = assigned;
	x->nassigned = 2;
}

static void
seal(const struct sh_sheet *s, struct sh_buf *out)
{
	struct sh_err	err;

	sh_buf_init(out, false);
	if (sh_seal_sheet(s, rubric, assigned, 2, reviewer.sk, out, &err) != 0)
		fail_msg("%s", err.msg);
}

static void
refused(const struct sh_buf *file, const struct sh_age_identity *id,
    const struct sh_sheet_expect *x, const char *msg)
{
	struct sh_sheet	s;
	struct sh_buf	json;
	struct sh_err	err;

	sh_buf_init(&json, true);
	sh_sheet_init(&s);
	if (sh_open_sheet(file->data, file->len, id, x, &s, &json, NULL,
	    &err) == 0)
		fail_msg("opened; expected: %s", msg);
	if (msg[0] == '~' ? strstr(err.msg, msg + 1) == NULL :
	    strcmp(err.msg, msg) != 0)
		fail_msg("\n  got      %s\n  expected %s", err.msg, msg);
	if (getenv("SHINSA_TEST_VERBOSE") != NULL)
		fprintf(stderr, "refused: %s\n", err.msg);
	assert_null(s.proposals);
	assert_int_equal(json.len, 0);
	sh_buf_free(&json);
}

static void
sheet_round_trip(void **state)
{
	struct sh_sheet		 s, r;
	struct sh_sheet_expect	 x;
	struct sh_buf		 file, json, sig, canon;
	struct sh_err		 err;
	struct sh_seal_tc	 tc;
	struct sh_minisign_sig	 ms;
	char			 hex[65];
	unsigned char		 h[32];

	build_sheet(&s, 2);
	seal(&s, &file);
	assert_memory_equal(file.data, "age-encryption.org/v1\n", 22);
	expect_of(&x);
	sh_buf_init(&json, true);
	sh_buf_init(&sig, false);
	if (sh_open_sheet(file.data, file.len, secretariat.id, &x, &r, &json,
	    &sig, &err) != 0)
		fail_msg("%s", err.msg);
	assert_true(sh_sheet_equal(&s, &r));
	assert_true(json.secret);

	/* The signed bytes are the canonical JSON; the comment is the contract's. */
	sh_buf_init(&canon, true);
	assert_int_equal(sh_sheet_write(&s, &canon, &err), 0);
	assert_int_equal(canon.len, json.len);
	assert_memory_equal(canon.data, json.data, json.len);
	assert_int_equal(sh_minisign_sig_parse((char *)sig.data, sig.len, &ms,
	    &err), 0);
	crypto_hash_sha256(h, json.data, json.len);
	sodium_bin2hex(hex, sizeof hex, h, sizeof h);
	{
		char want[512];

		snprintf(want, sizeof want, "kind:sheet\tround:R2026-kakine\t"
		    "reviewer:r01\trevision:2\trecipient:%s\tsha256:%s",
		    secretariat.rcpt, hex);
		assert_string_equal(ms.trusted_comment, want);
	}
	assert_int_equal(sh_seal_tc_parse(ms.trusted_comment, ms.tc_len, &tc,
	    &err), 0);
	assert_int_equal(tc.revision, 2);
	/* Stock minisign -V would accept it: verify the detached pair. */
	assert_int_equal(sh_minisign_verify(&reviewer.sk->pub, 1, json.data,
	    json.len, (char *)sig.data, sig.len, NULL, &err), 0);

	sh_sheet_free(&r);
	sh_sheet_free(&s);
	sh_buf_free(&file);
	sh_buf_free(&json);
	sh_buf_free(&sig);
	sh_buf_free(&canon);
}

static void
sheet_refusals(void **state)
{
	struct sh_sheet		 s;
	struct sh_sheet_expect	 x;
	struct sh_buf		 file;
	size_t			 i;

	build_sheet(&s, 2);
	seal(&s, &file);
	sh_sheet_free(&s);

	expect_of(&x);
	refused(&file, stranger.id, &x, "sheet: not encrypted to this "
	    "secretariat (no identity matches)");
	x.reviewer_pk = &stranger.sk->pub;
	refused(&file, secretariat.id, &x,
	    "~sheet: signature: signed by a different key");
	expect_of(&x);
	x.min_revision = 3;
	refused(&file, secretariat.id, &x, "sheet: revision 2 is stale: "
	    "revision 3 or later is expected");
	expect_of(&x);
	x.round = "R2027-kakine";
	refused(&file, secretariat.id, &x, "sheet: trusted comment says round "
	    "R2026-kakine but this round is R2027-kakine");
	expect_of(&x);
	x.reviewer = "r02";
	refused(&file, secretariat.id, &x, "sheet: trusted comment says "
	    "reviewer r01 but this sheet is expected from reviewer r02");
	expect_of(&x);
	x.recipient = stranger.rcpt;
	refused(&file, secretariat.id, &x, "~sheet: trusted comment says "
	    "recipient age1");
	expect_of(&x);
	x.nassigned = 1;
	refused(&file, secretariat.id, &x, "sheet: sheet.json: proposals[1]: "
	    "proposal P002 is not assigned to reviewer r01");

	/* Flip any byte, anywhere: refused. */
	expect_of(&x);
	for (i = 0; i < file.len; i += file.len / 7 + 1) {
		file.data[i] ^= 0x01;
		refused(&file, secretariat.id, &x, "~sheet: ");
		file.data[i] ^= 0x01;
	}
	/* And in the header: stanzas, MAC. */
	for (i = 1; i < 200 && i < file.len; i += 23) {
		file.data[i] ^= 0x01;
		refused(&file, secretariat.id, &x, "~sheet: ");
		file.data[i] ^= 0x01;
	}
	file.len--;
	refused(&file, secretariat.id, &x, "~sheet: ");
	file.len++;
	sh_buf_free(&file);
}

/*
 * Builds a sheet container by hand: JSON bytes `json`, signed by `sk`
 * with trusted comment `tc`, extra members optional, encrypted to the
 * secretariat. For documents the sealer would never produce.
 */
static void
forge(const char *json, const char *tc, const struct sh_minisign_sk *sk,
    const char *extra, struct sh_buf *out)
{
	struct sh_tar	t;
	struct sh_buf	sig, plain;
	struct sh_err	err;
	struct sh_age_recipient r;

	sh_tar_init(&t, true);
	sh_buf_init(&sig, false);
	sh_buf_init(&plain, true);
	if (sh_minisign_sign(sk, json, strlen(json), tc, NULL, &sig, &err) != 0)
		fail_msg("%s", err.msg);
	assert_int_equal(sh_tar_add(&t, "sheet.json", json, strlen(json),
	    &err), 0);
	assert_int_equal(sh_tar_add(&t, "sheet.json.minisig", sig.data,
	    sig.len, &err), 0);
	if (extra != NULL)
		assert_int_equal(sh_tar_add(&t, extra, "x", 1, &err), 0);
	assert_int_equal(sh_tar_write(&t, &plain, &err), 0);
	assert_int_equal(sh_age_recipient_parse(secretariat.rcpt, r.pk, &err),
	    0);
	sh_buf_init(out, false);
	assert_int_equal(sh_age_encrypt(&r, 1, plain.data, plain.len, out,
	    &err), 0);
	sh_tar_free(&t);
	sh_buf_free(&sig);
	sh_buf_free(&plain);
}

static void
tc_of(char *buf, size_t n, const char *json, const char *round,
    long long rev, const char *kind)
{
	unsigned char	h[32];
	char		hex[65];

	crypto_hash_sha256(h, (const unsigned char *)json, strlen(json));
	sodium_bin2hex(hex, sizeof hex, h, sizeof h);
	snprintf(buf, n, "kind:%s\tround:%s\treviewer:r01\trevision:%lld\t"
	    "recipient:%s\tsha256:%s", kind, round, rev, secretariat.rcpt, hex);
}

static void
sheet_mismatches_between_comment_and_document(void **state)
{
	struct sh_sheet		 s;
	struct sh_sheet_expect	 x;
	struct sh_buf		 json, file;
	struct sh_err		 err;
	char			 tc[1024];
	const char		*doc;

	build_sheet(&s, 2);
	sh_buf_init(&json, true);
	assert_int_equal(sh_sheet_write(&s, &json, &err), 0);
	sh_sheet_free(&s);
	doc = (const char *)json.data;
	expect_of(&x);

	/* A control: the forger's container opens when it is honest. */
	tc_of(tc, sizeof tc, doc, "R2026-kakine", 2, "sheet");
	forge(doc, tc, reviewer.sk, NULL, &file);
	{
		struct sh_sheet r;

		if (sh_open_sheet(file.data, file.len, secretariat.id, &x, &r,
		    NULL, NULL, &err) != 0)
			fail_msg("%s", err.msg);
		sh_sheet_free(&r);
	}
	sh_buf_free(&file);

	tc_of(tc, sizeof tc, doc, "R2026-kakine", 3, "sheet");
	forge(doc, tc, reviewer.sk, NULL, &file);
	refused(&file, secretariat.id, &x, "sheet: sheet.json says revision 2 "
	    "but its trusted comment says 3");
	sh_buf_free(&file);

	tc_of(tc, sizeof tc, doc, "R2026-kakine", 2, "package");
	forge(doc, tc, reviewer.sk, NULL, &file);
	refused(&file, secretariat.id, &x, "sheet: trusted comment: a package "
	    "has no revision");
	sh_buf_free(&file);

	tc_of(tc, sizeof tc, "{}", "R2026-kakine", 2, "sheet");
	forge(doc, tc, reviewer.sk, NULL, &file);
	refused(&file, secretariat.id, &x, "~sheet: trusted comment says "
	    "sha256 ");
	sh_buf_free(&file);

	tc_of(tc, sizeof tc, doc, "R2026-kakine", 2, "sheet");
	forge(doc, tc, reviewer.sk, "extra.txt", &file);
	refused(&file, secretariat.id, &x, "sheet: tar: member 3: more than 2 "
	    "members");
	sh_buf_free(&file);

	/* An unknown field in the comment is refused, not ignored. */
	strcat(tc, "\tnote:hello");
	forge(doc, tc, reviewer.sk, NULL, &file);
	refused(&file, secretariat.id, &x, "sheet: trusted comment: unknown "
	    "field \"note\"");
	sh_buf_free(&file);
	sh_buf_free(&json);
}

static int
lookup_r01(void *arg, const char *who, struct sh_sheet_expect *x,
    struct sh_err *err)
{
	if (strcmp(who, "r01") != 0)
		return sh_errf(err, "reviewer %s is not registered", who);
	expect_of(x);
	x->min_revision = *(long long *)arg;
	return 0;
}

static void
sheet_open_with_lookup(void **state)
{
	struct sh_sheet	 s, r;
	struct sh_buf	 file, json;
	struct sh_err	 err;
	long long	 min = 1;
	char		 tc[1024];

	build_sheet(&s, 2);
	seal(&s, &file);
	assert_int_equal(sh_open_sheet_lookup(file.data, file.len,
	    secretariat.id, lookup_r01, &min, &r, NULL, NULL, &err), 0);
	assert_true(sh_sheet_equal(&s, &r));
	sh_sheet_free(&r);
	min = 5;
	assert_int_equal(sh_open_sheet_lookup(file.data, file.len,
	    secretariat.id, lookup_r01, &min, &r, NULL, NULL, &err), -1);
	assert_string_equal(err.msg, "sheet: revision 2 is stale: revision 5 "
	    "or later is expected");
	sh_buf_free(&file);

	/* A comment naming someone else only picks a key that fails. */
	sh_buf_init(&json, true);
	assert_int_equal(sh_sheet_write(&s, &json, &err), 0);
	tc_of(tc, sizeof tc, (char *)json.data, "R2026-kakine", 2, "sheet");
	forge((char *)json.data, tc, stranger.sk, NULL, &file);
	min = 1;
	assert_int_equal(sh_open_sheet_lookup(file.data, file.len,
	    secretariat.id, lookup_r01, &min, &r, NULL, NULL, &err), -1);
	assert_non_null(strstr(err.msg, "sheet: signature: signed by a "
	    "different key"));
	sh_buf_free(&file);
	{
		char *p = strstr(tc, "reviewer:r01");

		p[strlen("reviewer:r0")] = '9';
	}
	forge((char *)json.data, tc, reviewer.sk, NULL, &file);
	assert_int_equal(sh_open_sheet_lookup(file.data, file.len,
	    secretariat.id, lookup_r01, &min, &r, NULL, NULL, &err), -1);
	assert_string_equal(err.msg, "sheet: reviewer r09 is not registered");
	sh_buf_free(&file);
	sh_buf_free(&json);
	sh_sheet_free(&s);
}

static void
seal_refuses_a_sheet_that_breaks_a_rule(void **state)
{
	struct sh_sheet	s;
	struct sh_buf	out;
	struct sh_err	err;

	build_sheet(&s, 1);
	s.proposals[0].entries[0].score = 5;	/* 1-1: 5 needs a comment */
	sh_buf_init(&out, false);
	assert_int_equal(sh_seal_sheet(&s, rubric, assigned, 2, reviewer.sk,
	    &out, &err), -1);
	assert_non_null(strstr(err.msg, "sheet: sheet.json: proposals[0] "
	    "(P001): item 1-1: "));
	assert_int_equal(out.len, 0);
	sh_sheet_free(&s);
}

/* ---- packages ---- */

static void
build_package(struct sh_package *p, struct sh_tar *docs)
{
	struct sh_package_proposal	*pp;
	struct sh_err			 err;
	char				 b64[SH_MINISIGN_PK_B64_LEN + 1];
	char				 hex[65];
	unsigned char			 h[32];
	static const char		 pdf[] = "%PDF-1.4 構想調書";

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
	pp = sh_package_add_proposal(p, "P002");
	sh_package_set(&pp->title, "二つ目");
	sh_package_set(&pp->applicant, "△△市");
	sh_package_set(&pp->variant, "kakine");
	sh_package_set(&pp->prefecture, "01");
	sh_tar_init(docs, true);
	assert_int_equal(sh_tar_add(docs, "docs/P001/1.pdf", pdf, strlen(pdf),
	    &err), 0);
}

static void
package_round_trip_and_refusals(void **state)
{
	struct sh_package		 p;
	struct sh_tar			 docs;
	struct sh_buf			 file;
	struct sh_err			 err;
	struct sh_opened_package	 o;
	struct sh_package_expect	 x = { NULL, 0, "R2026-kakine", "r01",
	    NULL };
	const struct sh_buf		*doc;

	build_package(&p, &docs);
	sh_buf_init(&file, false);
	if (sh_seal_package(&p, rubric_bytes, rubric_len, &docs, secretariat.sk,
	    &file, &err) != 0)
		fail_msg("%s", err.msg);

	/* First use: verified by the key it names, reported for pinning. */
	x.recipient = reviewer.rcpt;
	if (sh_open_package(file.data, file.len, reviewer.id, &x, &o, &err)
	    != 0)
		fail_msg("%s", err.msg);
	assert_true(o.first_use);
	assert_true(sh_minisign_pk_equal(&o.signer, &secretariat.sk->pub) ||
	    memcmp(o.signer.pk, secretariat.sk->pub.pk, 32) == 0);
	assert_true(sh_package_equal(&p, &o.pkg));
	assert_string_equal(o.rubric->hash_hex, rubric->hash_hex);
	doc = sh_opened_package_doc(&o, &o.pkg.proposals[0].docs[0]);
	assert_non_null(doc);
	assert_true(doc->secret);
	assert_memory_equal(doc->data, "%PDF-1.4", 8);
	sh_opened_package_free(&o);

	/* Pinned: the right key opens it, another is refused. */
	x.secretariat_pks = &secretariat.sk->pub;
	x.npks = 1;
	assert_int_equal(sh_open_package(file.data, file.len, reviewer.id, &x,
	    &o, &err), 0);
	assert_false(o.first_use);
	sh_opened_package_free(&o);
	x.secretariat_pks = &stranger.sk->pub;
	assert_int_equal(sh_open_package(file.data, file.len, reviewer.id, &x,
	    &o, &err), -1);
	assert_non_null(strstr(err.msg, "package: signature: signed by a "
	    "different key"));
	assert_null(o.pkg.proposals);
	x.secretariat_pks = &secretariat.sk->pub;

	/* Not ours, not our round, not for this reviewer, tampered. */
	assert_int_equal(sh_open_package(file.data, file.len, stranger.id, &x,
	    &o, &err), -1);
	assert_string_equal(err.msg, "package: not encrypted to you (no "
	    "identity matches)");
	x.round = "R2020-chiiki";
	assert_int_equal(sh_open_package(file.data, file.len, reviewer.id, &x,
	    &o, &err), -1);
	assert_string_equal(err.msg, "package: trusted comment says round "
	    "R2026-kakine but this round is R2020-chiiki");
	x.round = NULL;
	x.reviewer = "r02";
	assert_int_equal(sh_open_package(file.data, file.len, reviewer.id, &x,
	    &o, &err), -1);
	assert_string_equal(err.msg, "package: trusted comment says reviewer "
	    "r01 but you are reviewer r02");
	x.reviewer = NULL;
	file.data[file.len / 2] ^= 0x80;
	assert_int_equal(sh_open_package(file.data, file.len, reviewer.id, &x,
	    &o, &err), -1);
	sh_buf_free(&file);

	/* The sealer refuses a package that does not match its parts. */
	sh_buf_init(&file, false);
	assert_int_equal(sh_seal_package(&p, rubric_bytes, rubric_len - 1,
	    &docs, secretariat.sk, &file, &err), -1);
	assert_string_equal(err.msg, "package: rubric.json does not match the "
	    "package's rubric.sha256");
	assert_int_equal(sh_seal_package(&p, rubric_bytes, rubric_len, &docs,
	    stranger.sk, &file, &err), -1);
	assert_string_equal(err.msg, "package: the signing key is not the "
	    "package's round.secretariat_key");
	assert_int_equal(sh_tar_add(&docs, "docs/extra.pdf", "x", 1, &err), 0);
	assert_int_equal(sh_seal_package(&p, rubric_bytes, rubric_len, &docs,
	    secretariat.sk, &file, &err), -1);
	assert_string_equal(err.msg, "package: docs/extra.pdf is not listed in "
	    "package.json");
	p.proposals[0].docs[0].size++;
	assert_int_equal(sh_seal_package(&p, rubric_bytes, rubric_len, &docs,
	    secretariat.sk, &file, &err), -1);
	assert_non_null(strstr(err.msg, "package: document docs/P001/1.pdf of "
	    "proposal P001 has "));
	p.proposals[0].docs[0].size--;
	sh_facts_add_cert(&p.proposals[1].facts, "no-such-cert", &err);
	assert_int_equal(sh_seal_package(&p, rubric_bytes, rubric_len, &docs,
	    secretariat.sk, &file, &err), -1);
	assert_string_equal(err.msg, "package: package.json: proposals[1]: "
	    "proposal P002: facts: item 12: certification no-such-cert is not "
	    "one of its options");
	assert_int_equal(file.len, 0);
	sh_buf_free(&file);
	sh_package_free(&p);
	sh_tar_free(&docs);
}

/* kind_of: the refusal's kind, as sh_open_sheet() gave it. */
static enum sh_err_kind
kind_of(const struct sh_buf *file, const struct sh_age_identity *id,
    const struct sh_sheet_expect *x)
{
	struct sh_sheet	s;
	struct sh_err	err;

	sh_sheet_init(&s);
	assert_int_equal(sh_open_sheet(file->data, file->len, id, x, &s, NULL,
	    NULL, &err), -1);
	return sh_err_kind(&err);
}

/*
 * A sheet's container encrypted to the secretariat and to a second
 * recipient is refused, and says so; to the secretariat alone, the same
 * bytes open. The kinds the front ends word refusals by.
 */
static void
sheet_recipients_and_kinds(void **state)
{
	struct sh_sheet		 s;
	struct sh_sheet_expect	 x;
	struct sh_age_recipient	 r[2];
	struct sh_buf		 file, plain, two, one;
	struct sh_err		 err;

	(void)state;
	build_sheet(&s, 2);
	seal(&s, &file);
	sh_sheet_free(&s);
	sh_buf_init(&plain, true);
	sh_buf_init(&two, false);
	sh_buf_init(&one, false);
	assert_int_equal(sh_age_decrypt(secretariat.id, 1, file.data,
	    file.len, 1 << 20, &plain, &err), 0);
	assert_int_equal(sh_age_recipient_parse(secretariat.rcpt, r[0].pk,
	    &err), 0);
	assert_int_equal(sh_age_recipient_parse(stranger.rcpt, r[1].pk,
	    &err), 0);
	assert_int_equal(sh_age_encrypt(r, 2, plain.data, plain.len, &two,
	    &err), 0);
	assert_int_equal(sh_age_encrypt(r, 1, plain.data, plain.len, &one,
	    &err), 0);
	expect_of(&x);
	refused(&two, secretariat.id, &x, "sheet: encrypted to 2 recipients: "
	    "it must be encrypted to one alone (a third party could read it)");
	assert_int_equal(kind_of(&two, secretariat.id, &x), SH_ERR_RECIPIENTS);
	sh_sheet_init(&s);
	if (sh_open_sheet(one.data, one.len, secretariat.id, &x, &s, NULL,
	    NULL, &err) != 0)
		fail_msg("%s", err.msg);
	sh_sheet_free(&s);

	assert_int_equal(kind_of(&file, stranger.id, &x), SH_ERR_NOT_OURS);
	file.data[file.len - 5] ^= 1;
	assert_int_equal(kind_of(&file, secretariat.id, &x), SH_ERR_DAMAGED);
	file.data[file.len - 5] ^= 1;
	x.round = "R2099-other";
	assert_int_equal(kind_of(&file, secretariat.id, &x), SH_ERR_ELSEWHERE);
	expect_of(&x);
	x.reviewer_pk = &stranger.sk->pub;
	assert_int_equal(kind_of(&file, secretariat.id, &x), SH_ERR_OTHER_KEY);
	sh_buf_free(&plain);
	sh_buf_free(&two);
	sh_buf_free(&one);
	sh_buf_free(&file);
}

static void
trusted_comment_shapes(void **state)
{
	struct sh_seal_tc	tc;
	struct sh_err		err;
	char			buf[512];
	const char		*h = "0123456789abcdef0123456789abcdef"
	    "0123456789abcdef0123456789abcdef";

	snprintf(buf, sizeof buf, "kind:results\tround:R1\tsha256:%s", h);
	assert_int_equal(sh_seal_tc_parse(buf, strlen(buf), &tc, &err), 0);
	assert_string_equal(tc.kind, "results");
	assert_int_equal(tc.revision, 0);
	snprintf(buf, sizeof buf, "kind:sheet\tround:R1\treviewer:r01\t"
	    "revision:0\trecipient:%s\tsha256:%s", secretariat.rcpt, h);
	assert_int_equal(sh_seal_tc_parse(buf, strlen(buf), &tc, &err), -1);
	assert_string_equal(err.msg, "trusted comment: revision \"0\" is not a "
	    "positive integer");
	snprintf(buf, sizeof buf, "kind:sheet\tround:R1\treviewer:r01\t"
	    "recipient:%s\tsha256:%s", secretariat.rcpt, h);
	assert_int_equal(sh_seal_tc_parse(buf, strlen(buf), &tc, &err), -1);
	assert_string_equal(err.msg, "trusted comment: no \"revision\" field");
	snprintf(buf, sizeof buf, "kind:form\tround:R1\tsha256:%s", h);
	assert_int_equal(sh_seal_tc_parse(buf, strlen(buf), &tc, &err), -1);
	assert_string_equal(err.msg, "trusted comment: unknown kind \"form\"");
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(sheet_round_trip),
		cmocka_unit_test(sheet_refusals),
		cmocka_unit_test(sheet_mismatches_between_comment_and_document),
		cmocka_unit_test(sheet_open_with_lookup),
		cmocka_unit_test(seal_refuses_a_sheet_that_breaks_a_rule),
		cmocka_unit_test(package_round_trip_and_refusals),
		cmocka_unit_test(trusted_comment_shapes),
		cmocka_unit_test(sheet_recipients_and_kinds),
	};

	if (sodium_init() < 0)
		return 1;
	return cmocka_run_group_tests(tests, setup, teardown);
}
