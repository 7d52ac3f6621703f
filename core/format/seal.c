#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <sodium.h>

#include "crypto/age_header.h"
#include "crypto/agekey.h"
#include "crypto/sha256.h"
#include "format/json_util.h"
#include "format/seal.h"

/* ---- trusted comments ---- */

static void
sha256_hex(const void *data, size_t len, char out[65])
{
	unsigned char	h[SH_SHA256_BYTES];

	sh_sha256(data, len, h);
	sodium_bin2hex(out, 65, h, sizeof h);
}

int
sh_seal_tc_format(const struct sh_seal_tc *tc, struct sh_buf *out,
    struct sh_err *err)
{
	char	rev[32];
	size_t	orig = out->len;
	/* Designations are signed by the secretariat, as results are. */
	bool	results = strcmp(tc->kind, "results") == 0 ||
		    strcmp(tc->kind, "designations") == 0;

	snprintf(rev, sizeof rev, "%lld", tc->revision);
	if (sh_minisign_tc_add(out, "kind", tc->kind, err) != 0 ||
	    sh_minisign_tc_add(out, "round", tc->round, err) != 0 ||
	    (!results && sh_minisign_tc_add(out, "reviewer", tc->reviewer,
	    err) != 0) ||
	    (strcmp(tc->kind, "sheet") == 0 && sh_minisign_tc_add(out,
	    "revision", rev, err) != 0) ||
	    (!results && sh_minisign_tc_add(out, "recipient", tc->recipient,
	    err) != 0) ||
	    sh_minisign_tc_add(out, "sha256", tc->sha256, err) != 0) {
		out->len = orig;
		if (out->data != NULL)
			out->data[orig] = '\0';
		return -1;
	}
	return 0;
}

static int
tc_copy(const struct sh_minisign_tc *t, const char *key, char *dst,
    size_t dstlen, struct sh_err *err)
{
	const char	*v;

	if (sh_minisign_tc_require(t, key, &v, err) != 0)
		return -1;
	if (strlen(v) >= dstlen)
		return sh_errf(err, "trusted comment: field \"%s\" is too "
		    "long", key);
	memcpy(dst, v, strlen(v) + 1);
	return 0;
}

int
sh_seal_tc_parse(const char *text, size_t len, struct sh_seal_tc *out,
    struct sh_err *err)
{
	static const char *const known[] = { "kind", "round", "reviewer",
	    "revision", "recipient", "sha256", NULL };
	struct sh_minisign_tc	 t;
	struct sh_seal_tc	 tc;
	const char		*v, *key;
	char			*end;
	size_t			 i, k;
	bool			 sheet, results;

	memset(&tc, 0, sizeof tc);
	if (sh_minisign_tc_parse(text, len, &t, err) != 0)
		return -1;
	for (i = 0; i < t.nfields; i++) {
		key = t.text + t.key_off[i];
		for (k = 0; known[k] != NULL; k++)
			if (strcmp(key, known[k]) == 0)
				break;
		if (known[k] == NULL)
			return sh_errf(err, "trusted comment: unknown field "
			    "\"%s\"", key);
	}
	if (tc_copy(&t, "kind", tc.kind, sizeof tc.kind, err) != 0)
		return -1;
	sheet = strcmp(tc.kind, "sheet") == 0;
	results = strcmp(tc.kind, "results") == 0 ||
	    strcmp(tc.kind, "designations") == 0;
	if (!sheet && !results && strcmp(tc.kind, "package") != 0)
		return sh_errf(err, "trusted comment: unknown kind \"%s\"",
		    tc.kind);
	if (tc_copy(&t, "round", tc.round, sizeof tc.round, err) != 0)
		return -1;
	if (!sh_json_id_ok(tc.round))
		return sh_errf(err, "trusted comment: round is not an id");
	if (results) {
		if (sh_minisign_tc_get(&t, "reviewer") != NULL ||
		    sh_minisign_tc_get(&t, "recipient") != NULL)
			return sh_errf(err, "trusted comment: results name no "
			    "reviewer or recipient");
	} else {
		if (tc_copy(&t, "reviewer", tc.reviewer, sizeof tc.reviewer,
		    err) != 0 ||
		    tc_copy(&t, "recipient", tc.recipient, sizeof tc.recipient,
		    err) != 0)
			return -1;
		if (!sh_json_id_ok(tc.reviewer))
			return sh_errf(err, "trusted comment: reviewer is not "
			    "an id");
		if (!sh_json_recipient_ok(tc.recipient))
			return sh_errf(err, "trusted comment: recipient is not "
			    "an age recipient");
	}
	v = sh_minisign_tc_get(&t, "revision");
	if (sheet) {
		if (v == NULL)
			return sh_errf(err, "trusted comment: no \"revision\" "
			    "field");
		if (v[0] < '1' || v[0] > '9' || strlen(v) > 9)
			return sh_errf(err, "trusted comment: revision \"%.20s\" "
			    "is not a positive integer", v);
		tc.revision = strtoll(v, &end, 10);
		if (*end != '\0')
			return sh_errf(err, "trusted comment: revision \"%.20s\" "
			    "is not a positive integer", v);
	} else if (v != NULL)
		return sh_errf(err, "trusted comment: a %s has no revision",
		    tc.kind);
	if (tc_copy(&t, "sha256", tc.sha256, sizeof tc.sha256, err) != 0)
		return -1;
	if (!sh_json_sha256_ok(tc.sha256))
		return sh_errf(err, "trusted comment: sha256 is not 64 "
		    "lowercase hex digits");
	*out = tc;
	return 0;
}

/* ---- common steps ---- */

/* Signs json with the trusted comment and builds the first two members. */
static int
sign_into(struct sh_tar *t, const char *name, const char *signame,
    const struct sh_buf *json, const struct sh_seal_tc *tc,
    const struct sh_minisign_sk *sk, struct sh_err *err)
{
	struct sh_buf	tcb, sig;
	int		rc = -1;

	sh_buf_init(&tcb, false);
	sh_buf_init(&sig, false);
	if (sh_seal_tc_format(tc, &tcb, err) != 0 ||
	    sh_minisign_sign(sk, json->data, json->len, sh_buf_cstr(&tcb),
	    NULL, &sig, err) != 0 ||
	    sh_tar_add(t, name, json->data, json->len, err) != 0 ||
	    sh_tar_add(t, signame, sig.data, sig.len, err) != 0)
		goto out;
	rc = 0;
out:
	sh_buf_free(&tcb);
	sh_buf_free(&sig);
	return rc;
}

static int
encrypt_to(const struct sh_tar *t, const char *recipient, struct sh_buf *out,
    struct sh_err *err)
{
	struct sh_age_recipient	 r;
	struct sh_buf		 plain;
	int			 rc = -1;

	sh_buf_init(&plain, true);
	if (sh_age_recipient_parse(recipient, r.pk, err) != 0)
		goto out;
	if (sh_tar_write(t, &plain, err) != 0 ||
	    sh_age_encrypt(&r, 1, plain.data, plain.len, out, err) != 0)
		goto out;
	rc = 0;
out:
	sh_buf_free(&plain);
	return rc;
}

/* Done with the decrypted bytes: a scratch buffer is wiped and kept. */
static void
plain_done(struct sh_buf *plain, bool kept)
{
	if (!kept) {
		sh_buf_free(plain);
		return;
	}
	if (plain->data != NULL)
		sodium_memzero(plain->data, plain->len);
	plain->len = 0;
}

/*
 * Shinsa writes each file to exactly one recipient: one with more could be
 * read by someone else as well, however well it authenticates. Counted
 * once the file has decrypted, when its header is known to be the one its
 * sender wrote.
 */
static int
one_recipient(const unsigned char *file, size_t len, struct sh_err *err)
{
	struct sh_age_header	h;
	size_t			i, n = 0;

	sh_age_header_init(&h);
	if (sh_age_header_parse(&h, file, len, err) != 0)
		return -1;
	for (i = 0; i < h.nstanzas; i++)
		if (strcmp(h.stanzas[i].args[0], "X25519") == 0)
			n++;
	sh_age_header_free(&h);
	if (n != 1) {
		sh_errf(err, "encrypted to %zu recipients: it must be "
		    "encrypted to one alone (a third party could read it)", n);
		return sh_err_set_kind(err, SH_ERR_RECIPIENTS);
	}
	return 0;
}

/*
 * The other sealed document's first member, when the container starts
 * with it: a package given where a sheet is expected, or the reverse.
 * Read from the first ustar header's name field, before the container
 * is read, so that a container refused for its shape still says so.
 */
static const char *
other_document(const struct sh_buf *plain, const char *expected)
{
	static const char *const firsts[] = { SH_SHEET_JSON_NAME,
	    SH_PACKAGE_JSON };
	size_t	i, n;

	for (i = 0; i < sizeof firsts / sizeof firsts[0]; i++) {
		n = strlen(firsts[i]);
		if (strcmp(firsts[i], expected) != 0 && plain->len >= 512 &&
		    memcmp(plain->data, firsts[i], n + 1) == 0)
			return firsts[i];
	}
	return NULL;
}

/*
 * Decrypts and reads the container; refuses members beyond `names`.
 * *why (may be NULL) says how the age layer failed, SH_AGE_OK when the
 * file decrypted and what failed is its container. The plaintext goes
 * to scratch (a secret buffer the caller keeps from file to file, left
 * empty and wiped) or, if NULL, to one of its own.
 */
static int
decrypt_container(const unsigned char *file, size_t len,
    const struct sh_age_identity *id, size_t limit,
    const char *const *names, size_t nfixed, bool more_allowed,
    const char *to_whom, struct sh_tar *t, enum sh_age_fail *why_out,
    struct sh_buf *scratch, struct sh_err *err)
{
	struct sh_tar_limits	lim = { 0, 0, 0 };
	struct sh_buf		own, *plain = scratch != NULL ? scratch : &own;
	enum sh_age_fail	why = SH_AGE_OK;
	const char		*other;
	size_t			i;

	if (why_out != NULL)
		*why_out = SH_AGE_OK;
	if (scratch != NULL && (!scratch->secret || scratch->len != 0))
		return sh_errf(err, "decrypt: the scratch buffer is not an "
		    "empty secret one");
	if (scratch == NULL)
		sh_buf_init(&own, true);
	/* Damage on the way leaves the first line as it was: a file that
	 * does not start as age does was given by mistake, and saying it
	 * was altered would send a person looking for an attacker. */
	if (!sh_age_looks_like(file, len)) {
		plain_done(plain, scratch != NULL);
		if (why_out != NULL)
			*why_out = SH_AGE_FAIL_HEADER;
		sh_errf(err, "not an encrypted file: it does not start as an "
		    "age file does");
		return sh_err_set_kind(err, SH_ERR_NOT_AGE);
	}
	if (sh_age_decrypt_why(id, 1, file, len, limit, plain, &why,
	    err) != 0) {
		plain_done(plain, scratch != NULL);
		if (why_out != NULL)
			*why_out = why;
		if (why == SH_AGE_FAIL_NO_MATCH) {
			sh_errf(err, "not encrypted to %s (no identity "
			    "matches)", to_whom);
			return sh_err_set_kind(err, SH_ERR_NOT_OURS);
		}
		if (why != SH_AGE_FAIL_IO)
			sh_err_set_kind(err, SH_ERR_DAMAGED);
		return -1;
	}
	if (one_recipient(file, len, err) != 0) {
		plain_done(plain, scratch != NULL);
		return -1;
	}
	other = other_document(plain, names[0]);
	lim.max_total_bytes = limit;
	if (!more_allowed)
		lim.max_members = nfixed;
	if (sh_tar_read(plain->data, plain->len, &lim, t, err) != 0)
		goto bad;
	for (i = 0; i < nfixed; i++)
		if (t->n <= i || strcmp(t->members[i].name, names[i]) != 0) {
			sh_tar_free(t);
			sh_errf(err, "container: member %zu is not %s", i + 1,
			    names[i]);
			goto bad;
		}
	plain_done(plain, scratch != NULL);
	return 0;
bad:
	plain_done(plain, scratch != NULL);
	if (other != NULL) {
		sh_errf(err, "container: it holds %s, not %s", other,
		    names[0]);
		return sh_err_set_kind(err, SH_ERR_WRONG_DOC);
	}
	return -1;
}

/* Verifies the signature member over the JSON member; fills tc. */
static int
verify_signed(const struct sh_tar *t, const struct sh_minisign_pk *pks,
    size_t npks, struct sh_seal_tc *tc, size_t *key_index,
    struct sh_err *err)
{
	struct sh_minisign_verified	 v;
	const struct sh_tar_member	*json = &t->members[0];
	const struct sh_tar_member	*sig = &t->members[1];
	char				 hex[65];

	if (sh_minisign_verify(pks, npks, json->data.data, json->data.len,
	    (const char *)sig->data.data, sig->data.len, &v, err) != 0)
		return sh_err_prefix(err, "signature");
	if (sh_seal_tc_parse(v.trusted_comment, v.tc_len, tc, err) != 0)
		return -1;
	sha256_hex(json->data.data, json->data.len, hex);
	if (strcmp(hex, tc->sha256) != 0)
		return sh_errf(err, "trusted comment says sha256 %.12s... but "
		    "%s has %.12s...", tc->sha256, json->name, hex);
	if (key_index != NULL)
		*key_index = v.key_index;
	return 0;
}

/* ---- sheets ---- */

void
sh_sheet_tc(const struct sh_sheet *s, const void *json, size_t len,
    struct sh_seal_tc *tc)
{
	memset(tc, 0, sizeof *tc);
	snprintf(tc->kind, sizeof tc->kind, "sheet");
	snprintf(tc->round, sizeof tc->round, "%s", s->round);
	snprintf(tc->reviewer, sizeof tc->reviewer, "%s", s->reviewer);
	tc->revision = s->revision;
	snprintf(tc->recipient, sizeof tc->recipient, "%s",
	    s->secretariat_recipient);
	sha256_hex(json, len, tc->sha256);
}

int
sh_seal_sheet(const struct sh_sheet *s, const struct sh_rubric *r,
    const struct sh_assignment *assigned, size_t nassigned,
    const struct sh_minisign_sk *sk, struct sh_buf *out, struct sh_err *err)
{
	struct sh_seal_tc	tc;
	struct sh_buf		json;
	struct sh_tar		t;
	int			rc = -1;

	if (sh_sheet_check(s, r, assigned, nassigned, err) != 0)
		return sh_err_prefix(err, "sheet");
	sh_buf_init(&json, true);
	sh_tar_init(&t, true);
	if (sh_sheet_write(s, &json, err) != 0)
		goto out;
	sh_sheet_tc(s, json.data, json.len, &tc);
	if (sign_into(&t, SH_SHEET_JSON_NAME, SH_SHEET_SIG_NAME, &json, &tc,
	    sk, err) != 0 ||
	    encrypt_to(&t, s->secretariat_recipient, out, err) != 0)
		goto out;
	rc = 0;
out:
	sh_buf_free(&json);
	sh_tar_free(&t);
	if (rc != 0)
		sh_err_prefix(err, "sheet");
	return rc;
}

int
sh_sheet_tc_check(const struct sh_seal_tc *tc, const struct sh_sheet_expect *x,
    struct sh_err *err)
{
	if (strcmp(tc->kind, "sheet") != 0) {
		sh_errf(err, "trusted comment says this is a %s, not a "
		    "sheet", tc->kind);
		return sh_err_set_kind(err, SH_ERR_WRONG_DOC);
	}
	if (strcmp(tc->round, x->round) != 0) {
		sh_errf(err, "trusted comment says round %s but this "
		    "round is %s", tc->round, x->round);
		return sh_err_set_kind(err, SH_ERR_ELSEWHERE);
	}
	if (strcmp(tc->reviewer, x->reviewer) != 0)
		return sh_errf(err, "trusted comment says reviewer %s but this "
		    "sheet is expected from reviewer %s", tc->reviewer,
		    x->reviewer);
	if (strcmp(tc->recipient, x->recipient) != 0) {
		sh_errf(err, "trusted comment says recipient %.16s... "
		    "but this secretariat is %.16s...", tc->recipient,
		    x->recipient);
		return sh_err_set_kind(err, SH_ERR_ELSEWHERE);
	}
	if (tc->revision < x->min_revision)
		return sh_errf(err, "revision %lld is stale: revision %lld or "
		    "later is expected", tc->revision, x->min_revision);
	return 0;
}

static int
sheet_doc_check(const struct sh_seal_tc *tc, const struct sh_sheet *s,
    struct sh_err *err)
{
	if (strcmp(s->round, tc->round) != 0)
		return sh_errf(err, "sheet.json says round %s but its trusted "
		    "comment says %s", s->round, tc->round);
	if (strcmp(s->reviewer, tc->reviewer) != 0)
		return sh_errf(err, "sheet.json says reviewer %s but its "
		    "trusted comment says %s", s->reviewer, tc->reviewer);
	if (s->revision != tc->revision)
		return sh_errf(err, "sheet.json says revision %lld but its "
		    "trusted comment says %lld", s->revision, tc->revision);
	if (strcmp(s->secretariat_recipient, tc->recipient) != 0)
		return sh_errf(err, "sheet.json names recipient %.16s... but "
		    "its trusted comment says %.16s...",
		    s->secretariat_recipient, tc->recipient);
	return 0;
}

static const char *const sheet_names[] = { SH_SHEET_JSON_NAME,
    SH_SHEET_SIG_NAME };

/*
 * Everything after decryption; t is the container, freed by the caller.
 * tc_out (may be NULL) receives the verified trusted comment.
 */
static int
open_sheet_tar(const struct sh_tar *t, const struct sh_sheet_expect *x,
    struct sh_sheet *out, struct sh_buf *json_out, struct sh_buf *sig_out,
    struct sh_seal_tc *tc_out, struct sh_err *err)
{
	struct sh_seal_tc	 tc;
	struct sh_sheet		 s;
	const struct sh_buf	*json;

	sh_sheet_init(&s);
	if (x->round == NULL || x->reviewer == NULL || x->reviewer_pk == NULL ||
	    x->recipient == NULL || x->rubric == NULL)
		return sh_errf(err, "incomplete expectations");
	if (verify_signed(t, x->reviewer_pk, 1, &tc, NULL, err) != 0 ||
	    sh_sheet_tc_check(&tc, x, err) != 0)
		return -1;
	json = &t->members[0].data;
	if (sh_sheet_parse(json->data, json->len, &s, err) != 0 ||
	    sheet_doc_check(&tc, &s, err) != 0 ||
	    sh_sheet_check_parsed(&s, x->rubric, x->assigned, x->nassigned,
	    err) != 0)
		goto fail;
	if (json_out != NULL) {
		json_out->len = 0;
		if (sh_buf_append(json_out, json->data, json->len) != 0)
			goto oom;
	}
	if (sig_out != NULL) {
		sig_out->len = 0;
		if (sh_buf_append(sig_out, t->members[1].data.data,
		    t->members[1].data.len) != 0)
			goto oom;
	}
	*out = s;
	if (tc_out != NULL)
		*tc_out = tc;
	return 0;
oom:
	sh_errf(err, "out of memory");
	if (json_out != NULL)
		sh_buf_free(json_out);
fail:
	sh_sheet_free(&s);
	return -1;
}

int
sh_open_sheet(const unsigned char *file, size_t len,
    const struct sh_age_identity *id, const struct sh_sheet_expect *x,
    struct sh_sheet *out, struct sh_buf *json_out, struct sh_buf *sig_out,
    struct sh_err *err)
{
	struct sh_tar	t;
	int		rc;

	sh_tar_init(&t, true);
	if (decrypt_container(file, len, id, SH_SHEET_MAX_BYTES, sheet_names,
	    2, false, "this secretariat", &t, NULL, NULL, err) != 0)
		return sh_err_prefix(err, "sheet");
	rc = open_sheet_tar(&t, x, out, json_out, sig_out, NULL, err);
	sh_tar_free(&t);
	if (rc != 0)
		return sh_err_prefix(err, "sheet");
	return 0;
}

int
sh_sheet_decrypt(const unsigned char *file, size_t len,
    const struct sh_age_identity *id, struct sh_tar *t,
    enum sh_age_fail *why, struct sh_buf *scratch, struct sh_err *err)
{
	return decrypt_container(file, len, id, SH_SHEET_MAX_BYTES,
	    sheet_names, 2, false, "this secretariat", t, why, scratch,
	    err);
}

int
sh_open_sheet_container(const struct sh_tar *t, sh_sheet_lookup_fn *lookup,
    void *arg, struct sh_sheet *out, struct sh_seal_tc *tc_out,
    struct sh_err *err)
{
	struct sh_minisign_sig	*sig = NULL;
	struct sh_seal_tc	 tc;
	struct sh_sheet_expect	 x;
	int			 rc = -1;

	if (t->n != 2 || strcmp(t->members[0].name, sheet_names[0]) != 0 ||
	    strcmp(t->members[1].name, sheet_names[1]) != 0)
		return sh_errf(err, "container: not a sheet container");
	/* Unverified: it only chooses whose key must verify. */
	if ((sig = malloc(sizeof *sig)) == NULL)
		return sh_errf(err, "out of memory");
	if (sh_minisign_sig_parse((const char *)t->members[1].data.data,
	    t->members[1].data.len, sig, err) != 0 ||
	    sh_seal_tc_parse(sig->trusted_comment, sig->tc_len, &tc, err) != 0)
		goto out;
	if (strcmp(tc.kind, "sheet") != 0) {
		sh_errf(err, "trusted comment says this is a %s, not a sheet",
		    tc.kind);
		sh_err_set_kind(err, SH_ERR_WRONG_DOC);
		goto out;
	}
	memset(&x, 0, sizeof x);
	if (lookup(arg, tc.reviewer, &x, err) != 0)
		goto out;
	rc = open_sheet_tar(t, &x, out, NULL, NULL, tc_out, err);
out:
	free(sig);
	return rc;
}

int
sh_open_sheet_lookup(const unsigned char *file, size_t len,
    const struct sh_age_identity *id, sh_sheet_lookup_fn *lookup, void *arg,
    struct sh_sheet *out, struct sh_buf *json_out, struct sh_buf *sig_out,
    struct sh_err *err)
{
	struct sh_sheet		 s;
	struct sh_tar		 t;
	int			 rc = -1;

	sh_tar_init(&t, true);
	sh_sheet_init(&s);
	if (sh_sheet_decrypt(file, len, id, &t, NULL, NULL, err) != 0 ||
	    sh_open_sheet_container(&t, lookup, arg, &s, NULL, err) != 0)
		goto out;
	if (json_out != NULL) {
		json_out->len = 0;
		if (sh_buf_append(json_out, t.members[0].data.data,
		    t.members[0].data.len) != 0)
			goto oom;
	}
	if (sig_out != NULL) {
		sig_out->len = 0;
		if (sh_buf_append(sig_out, t.members[1].data.data,
		    t.members[1].data.len) != 0)
			goto oom;
	}
	*out = s;
	sh_sheet_init(&s);
	rc = 0;
	goto out;
oom:
	sh_errf(err, "out of memory");
out:
	sh_sheet_free(&s);
	sh_tar_free(&t);
	if (rc != 0)
		sh_err_prefix(err, "sheet");
	return rc;
}

/* ---- packages ---- */

void
sh_opened_package_init(struct sh_opened_package *o)
{
	memset(o, 0, sizeof *o);
	sh_package_init(&o->pkg);
	sh_tar_init(&o->tar, true);
}

void
sh_opened_package_free(struct sh_opened_package *o)
{
	sh_package_free(&o->pkg);
	sh_rubric_free(o->rubric);
	sh_tar_free(&o->tar);
	sh_opened_package_init(o);
}

const struct sh_buf *
sh_opened_package_doc(const struct sh_opened_package *o,
    const struct sh_package_doc *d)
{
	const struct sh_tar_member *m = sh_tar_find(&o->tar, d->path);

	return m != NULL ? &m->data : NULL;
}

static bool
doc_listed(const struct sh_package *p, const char *path)
{
	size_t	i, j;

	for (i = 0; i < p->nproposals; i++)
		for (j = 0; j < p->proposals[i].ndocs; j++)
			if (strcmp(p->proposals[i].docs[j].path, path) == 0)
				return true;
	return false;
}

/* Every document member matches its listing; nothing else is there. */
static int
docs_match(const struct sh_package *p, const struct sh_tar *t, size_t skip,
    struct sh_err *err)
{
	const struct sh_package_doc	*d;
	const struct sh_tar_member	*m;
	char				 hex[65];
	size_t				 i, j, ndocs = 0;

	for (i = 0; i < p->nproposals; i++)
		for (j = 0; j < p->proposals[i].ndocs; j++) {
			d = &p->proposals[i].docs[j];
			ndocs++;
			if ((m = sh_tar_find(t, d->path)) == NULL)
				return sh_errf(err, "document %s of proposal "
				    "%s is missing", d->path,
				    p->proposals[i].id);
			if (m->data.len != d->size)
				return sh_errf(err, "document %s of proposal "
				    "%s has %zu bytes, not %llu", d->path,
				    p->proposals[i].id, m->data.len,
				    (unsigned long long)d->size);
			sha256_hex(m->data.data, m->data.len, hex);
			if (strcmp(hex, d->sha256) != 0)
				return sh_errf(err, "document %s of proposal "
				    "%s does not match its sha256", d->path,
				    p->proposals[i].id);
		}
	if (t->n - skip != ndocs) {
		for (i = skip; i < t->n; i++)
			if (!doc_listed(p, t->members[i].name))
				return sh_errf(err, "%s is not listed in "
				    "package.json", t->members[i].name);
		return sh_errf(err, "the documents do not match package.json");
	}
	return 0;
}

int
sh_seal_package(const struct sh_package *p, const void *rubric,
    size_t rubric_len, const struct sh_tar *docs,
    const struct sh_minisign_sk *sk, struct sh_buf *out, struct sh_err *err)
{
	struct sh_rubric	*r = NULL;
	struct sh_seal_tc	 tc;
	struct sh_buf		 json;
	struct sh_tar		 t;
	const struct sh_package_doc *d;
	char			 hex[65], b64[SH_MINISIGN_PK_B64_LEN + 1];
	size_t			 i, j;
	int			 rc = -1;

	sh_buf_init(&json, true);
	sh_tar_init(&t, true);
	if (sh_package_write(p, &json, err) != 0)
		goto out;
	sh_minisign_pk_base64(&sk->pub, b64);
	if (strcmp(b64, p->secretariat_key) != 0) {
		sh_errf(err, "the signing key is not the package's "
		    "round.secretariat_key");
		goto out;
	}
	sha256_hex(rubric, rubric_len, hex);
	if (strcmp(hex, p->rubric_sha256) != 0) {
		sh_errf(err, "rubric.json does not match the package's "
		    "rubric.sha256");
		goto out;
	}
	if ((r = sh_rubric_load_buf(rubric, rubric_len, SH_PACKAGE_RUBRIC,
	    err)) == NULL || sh_package_check(p, r, err) != 0 ||
	    docs_match(p, docs, 0, err) != 0)
		goto out;
	memset(&tc, 0, sizeof tc);
	snprintf(tc.kind, sizeof tc.kind, "package");
	snprintf(tc.round, sizeof tc.round, "%s", p->round_id);
	snprintf(tc.reviewer, sizeof tc.reviewer, "%s", p->reviewer_id);
	snprintf(tc.recipient, sizeof tc.recipient, "%s",
	    p->reviewer_recipient);
	sha256_hex(json.data, json.len, tc.sha256);
	if (sign_into(&t, SH_PACKAGE_JSON, SH_PACKAGE_SIG, &json, &tc, sk,
	    err) != 0 ||
	    sh_tar_add(&t, SH_PACKAGE_RUBRIC, rubric, rubric_len, err) != 0)
		goto out;
	for (i = 0; i < p->nproposals; i++)
		for (j = 0; j < p->proposals[i].ndocs; j++) {
			d = &p->proposals[i].docs[j];
			const struct sh_tar_member *m = sh_tar_find(docs,
			    d->path);

			if (sh_tar_add(&t, d->path, m->data.data, m->data.len,
			    err) != 0)
				goto out;
		}
	if (encrypt_to(&t, p->reviewer_recipient, out, err) != 0)
		goto out;
	rc = 0;
out:
	sh_rubric_free(r);
	sh_buf_free(&json);
	sh_tar_free(&t);
	if (rc != 0)
		sh_err_prefix(err, "package");
	return rc;
}

static int
package_tc_check(const struct sh_seal_tc *tc, const struct sh_package *p,
    const struct sh_package_expect *x, struct sh_err *err)
{
	if (strcmp(tc->kind, "package") != 0) {
		sh_errf(err, "trusted comment says this is a %s, not a "
		    "package", tc->kind);
		return sh_err_set_kind(err, SH_ERR_WRONG_DOC);
	}
	if (x->round != NULL && strcmp(tc->round, x->round) != 0) {
		sh_errf(err, "trusted comment says round %s but this "
		    "round is %s", tc->round, x->round);
		return sh_err_set_kind(err, SH_ERR_ELSEWHERE);
	}
	if (x->reviewer != NULL && strcmp(tc->reviewer, x->reviewer) != 0) {
		sh_errf(err, "trusted comment says reviewer %s but you "
		    "are reviewer %s", tc->reviewer, x->reviewer);
		return sh_err_set_kind(err, SH_ERR_OTHER_REVIEWER);
	}
	if (strcmp(tc->recipient, x->recipient) != 0) {
		sh_errf(err, "trusted comment says recipient %.16s... "
		    "but yours is %.16s...", tc->recipient, x->recipient);
		return sh_err_set_kind(err, SH_ERR_ELSEWHERE);
	}
	if (strcmp(p->round_id, tc->round) != 0)
		return sh_errf(err, "package.json says round %s but its "
		    "trusted comment says %s", p->round_id, tc->round);
	if (strcmp(p->reviewer_id, tc->reviewer) != 0)
		return sh_errf(err, "package.json says reviewer %s but its "
		    "trusted comment says %s", p->reviewer_id, tc->reviewer);
	if (strcmp(p->reviewer_recipient, tc->recipient) != 0)
		return sh_errf(err, "package.json names recipient %.16s... but "
		    "its trusted comment says %.16s...", p->reviewer_recipient,
		    tc->recipient);
	return 0;
}

int
sh_open_package(const unsigned char *file, size_t len,
    const struct sh_age_identity *id, const struct sh_package_expect *x,
    struct sh_opened_package *out, struct sh_err *err)
{
	static const char *const names[] = { SH_PACKAGE_JSON, SH_PACKAGE_SIG,
	    SH_PACKAGE_RUBRIC };
	struct sh_opened_package o;
	struct sh_minisign_pk	 named;
	struct sh_seal_tc	 tc;
	struct sh_package	 pre;
	const struct sh_buf	*json, *rub;
	size_t			 idx = 0;
	char			 hex[65];
	int			 rc;

	sh_opened_package_init(&o);
	if (x->recipient == NULL)
		return sh_errf(err, "package: no recipient expected");
	if (decrypt_container(file, len, id, SH_PACKAGE_MAX_BYTES, names, 3,
	    true, "you", &o.tar, NULL, NULL, err) != 0)
		return sh_err_prefix(err, "package");
	json = &o.tar.members[0].data;
	if (x->npks > 0) {
		if (verify_signed(&o.tar, x->secretariat_pks, x->npks, &tc,
		    &idx, err) != 0)
			goto fail;
		o.signer = x->secretariat_pks[idx];
	} else {
		/*
		 * First use: nothing is pinned yet, so the key the package
		 * names must have signed it; the caller shows its fingerprint
		 * and pins it. Only that one field is read before the
		 * signature is verified, and the whole document is parsed
		 * again afterwards.
		 */
		if (sh_package_parse(json->data, json->len, &pre, err) != 0)
			goto fail;
		rc = sh_minisign_pk_parse(pre.secretariat_key,
		    strlen(pre.secretariat_key), &named, err);
		sh_package_free(&pre);
		if (rc != 0)
			goto fail;
		if (verify_signed(&o.tar, &named, 1, &tc, NULL, err) != 0)
			goto fail;
		o.signer = named;
		o.first_use = true;
	}
	if (sh_package_parse(json->data, json->len, &o.pkg, err) != 0 ||
	    package_tc_check(&tc, &o.pkg, x, err) != 0)
		goto fail;
	/* The key the package names must be the one that signed it. */
	if (sh_minisign_pk_parse(o.pkg.secretariat_key,
	    strlen(o.pkg.secretariat_key), &named, err) != 0)
		goto fail;
	if (memcmp(named.pk, o.signer.pk, sizeof named.pk) != 0) {
		sh_errf(err, "package.json names a secretariat key other than "
		    "the one that signed it");
		goto fail;
	}
	rub = &o.tar.members[2].data;
	sha256_hex(rub->data, rub->len, hex);
	if (strcmp(hex, o.pkg.rubric_sha256) != 0) {
		sh_errf(err, "rubric.json does not match package.json's "
		    "rubric.sha256");
		goto fail;
	}
	if ((o.rubric = sh_rubric_load_buf(rub->data, rub->len,
	    SH_PACKAGE_RUBRIC, err)) == NULL ||
	    sh_package_check(&o.pkg, o.rubric, err) != 0 ||
	    docs_match(&o.pkg, &o.tar, 3, err) != 0)
		goto fail;
	*out = o;
	return 0;
fail:
	sh_opened_package_free(&o);
	return sh_err_prefix(err, "package");
}
