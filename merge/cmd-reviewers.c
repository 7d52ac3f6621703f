/*
 * reviewers add / reviewers import: registers reviewers with their
 * minisign public keys; each one's age recipient is derived from the key
 * (DESIGN.md section 4), so a package can only be opened by the holder
 * of the secret key whose signatures the round will accept. A registered
 * reviewer is never changed: registering one again is refused with what
 * differs (nothing, the key, the name) and what to do about it.
 *
 * An import checks every row against the registered reviewers and the
 * rows above it by sorting and searching, not pairwise: a national round
 * registers ten thousand reviewers.
 */
#define _GNU_SOURCE	/* qsort_r */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "crypto/agekey.h"
#include "crypto/minisign.h"
#include "format/json_util.h"
#include "format/package.h"
#include "store/csv.h"
#include "merge.h"

struct reviewer_keys {
	char	b64[SH_MINISIGN_PK_B64_LEN + 1];
	char	rcpt[SH_AGE_RECIPIENT_SIZE];
};

static int
derive(const struct sh_minisign_pk *pk, struct reviewer_keys *k,
    struct sh_err *e)
{
	sh_minisign_pk_base64(pk, k->b64);
	return sh_age_recipient_from_ed25519_pk(pk->pk, k->rcpt,
	    sizeof k->rcpt, e);
}

/* The field of a new reviewer that a refusal is about. */
enum clash_field { CLASH_ID, CLASH_NAME, CLASH_KEY };

/* The fingerprint of a base64 key line, as shinsa-keys show prints it. */
static const char *
fingerprint(const char *b64, char out[SH_MINISIGN_FPR_LEN + 1])
{
	struct sh_minisign_pk pk;

	if (sh_minisign_pk_parse(b64, strlen(b64), &pk, NULL) == -1)
		snprintf(out, SH_MINISIGN_FPR_LEN + 1, "?");
	else
		sh_minisign_pk_fingerprint(&pk, out);
	return out;
}

/*
 * The registered reviewers, found by id and by key. vs is borrowed, as
 * the store lists it: ORDER BY id, bytewise as strcmp. by_key (owned)
 * points into vs, sorted by public key. Ids and keys are each unique in
 * the store, so a search finds the one reviewer a scan would.
 */
struct registry {
	const struct sh_reviewer_rec	 *vs;
	size_t				  nv;
	const struct sh_reviewer_rec	**by_key;
};

static int
rec_by_id(const void *key, const void *elem)
{
	return strcmp(key, ((const struct sh_reviewer_rec *)elem)->id);
}

static int
recp_by_key(const void *a, const void *b)
{
	return strcmp((*(const struct sh_reviewer_rec *const *)a)->public_key,
	    (*(const struct sh_reviewer_rec *const *)b)->public_key);
}

static int
registry_init(struct registry *g, const struct sh_reviewer_rec *vs,
    size_t nv)
{
	size_t i;

	g->vs = vs;
	g->nv = nv;
	if ((g->by_key = calloc(nv + 1, sizeof *g->by_key)) == NULL)
		return merr("out of memory");
	for (i = 0; i < nv; i++)
		g->by_key[i] = &vs[i];
	qsort(g->by_key, nv, sizeof *g->by_key, recp_by_key);
	return 0;
}

static void
registry_free(struct registry *g)
{
	free(g->by_key);
	g->by_key = NULL;
}

/* Neither searches an empty round: its vs is NULL, which bsearch refuses. */
static const struct sh_reviewer_rec *
registry_id(const struct registry *g, const char *id)
{
	if (g->nv == 0)
		return NULL;
	return bsearch(id, g->vs, g->nv, sizeof *g->vs, rec_by_id);
}

static const struct sh_reviewer_rec *
registry_key(const struct registry *g, const char *b64)
{
	struct sh_reviewer_rec			  k = { .public_key = (char *)b64 };
	const struct sh_reviewer_rec		 *kp = &k;
	const struct sh_reviewer_rec *const	 *hit;

	if (g->nv == 0)
		return NULL;
	hit = bsearch(&kp, g->by_key, g->nv, sizeof *g->by_key, recp_by_key);
	return hit != NULL ? *hit : NULL;
}

/*
 * Can `v` join the registered reviewers? A registered reviewer is never
 * changed by registering again: packages were encrypted to their key and
 * sheets are verified against it, so a new key under the same id would
 * strand what was issued. -1 with what happened in e, the field it is
 * about in *field and what to do in *todo.
 */
static int
clash(const struct sh_reviewer_rec *v, const struct registry *g,
    enum clash_field *field, const char **todo, struct sh_err *e)
{
	const struct sh_reviewer_rec	*reg;
	char				 fr[SH_MINISIGN_FPR_LEN + 1];
	char				 fv[SH_MINISIGN_FPR_LEN + 1];

	if ((reg = registry_id(g, v->id)) != NULL) {
		if (strcmp(reg->public_key, v->public_key) != 0) {
			*field = CLASH_KEY;
			*todo = "A registered key is not replaced: packages "
			    "were encrypted to it and sheets are verified "
			    "against it. Check with the reviewer which key is "
			    "theirs (shinsa-keys show prints the fingerprint); "
			    "if it really is the new one, register it under a "
			    "new reviewer id and assign their proposals to "
			    "that id.";
			return sh_errf(e, "reviewer %s is already registered "
			    "with another public key (fingerprint %s, where "
			    "this key's is %s)", v->id,
			    fingerprint(reg->public_key, fr),
			    fingerprint(v->public_key, fv));
		}
		if (strcmp(reg->name, v->name) != 0) {
			*field = CLASH_NAME;
			*todo = "A registered reviewer is not changed: give the "
			    "registered name, or leave the reviewer out.";
			return sh_errf(e, "reviewer %s is already registered, "
			    "with this key but the name \"%s\"", v->id,
			    reg->name);
		}
		*field = CLASH_ID;
		*todo = "Register only the reviewers not registered yet "
		    "(shinsa-merge status lists those that are).";
		return sh_errf(e, "reviewer %s is already registered, with "
		    "this name and key", v->id);
	}
	if ((reg = registry_key(g, v->public_key)) != NULL) {
		*field = CLASH_KEY;
		*todo = "Each reviewer signs with their own key: check "
		    "whose key this is.";
		return sh_errf(e, "the public key given for %s is "
		    "registered already, for reviewer %s", v->id, reg->id);
	}
	return 0;
}

/* The round's registered reviewers; NULL/0 and a message on failure. */
static int
registered(struct sh_round *r, struct sh_reviewer_rec **vs, size_t *nv)
{
	struct sh_err e;

	if (sh_round_reviewers(r, vs, nv, &e) == -1)
		return merr("%s", e.msg);
	return 0;
}

static int
cmd_reviewers_add_exec(const struct cmd_entry *self, struct merge_opts *o,
    int argc, char **argv)
{
	struct sh_round		*r;
	struct sh_minisign_pk	 pk;
	struct sh_reviewer_rec	 rec, *vs = NULL;
	struct registry		 g;
	struct reviewer_keys	 k;
	struct sh_err		 e;
	enum clash_field	 field;
	const char		*todo;
	size_t			 nv = 0;
	int			 rc = EXIT_OK;

	if (!sh_round_id_valid(argv[0]))
		return merr("reviewer id \"%s\" is not [A-Za-z0-9._-]{1,64}",
		    argv[0]);
	if (argv[1][0] == '\0' || !sh_json_text_ok(argv[1],
	    SH_PACKAGE_MAX_TEXT, SH_TEXT_LINE))
		return merr("reviewer %s: the name is empty, has a control "
		    "character or a bidirectional override, or is too long",
		    argv[0]);
	if (sh_minisign_pk_read_file(argv[2], &pk, &e) == -1 ||
	    derive(&pk, &k, &e) == -1)
		return merr("%s", e.msg);
	if ((r = mopen_round(o)) == NULL)
		return EXIT_FAIL;
	rec.id = argv[0];
	rec.name = argv[1];
	rec.public_key = k.b64;
	rec.recipient = k.rcpt;
	memset(&g, 0, sizeof g);
	if (registered(r, &vs, &nv) != 0 || registry_init(&g, vs, nv) != 0)
		rc = EXIT_FAIL;
	else if (clash(&rec, &g, &field, &todo, &e) == -1)
		rc = merr("%s; not added. %s", e.msg, todo);
	else if (sh_round_add_reviewers(r, &rec, 1, &e) == -1)
		rc = merr("%s", e.msg);
	else if (!o->quiet)
		printf("reviewer %s added, recipient %s\n", argv[0], k.rcpt);
	registry_free(&g);
	sh_reviewer_recs_free(vs, nv);
	sh_round_close(r);
	return rc;
}

const struct cmd_entry cmd_reviewers_add_entry = {
	.name = "reviewers add",
	.usage = "[--db FILE] ID NAME PUBKEYFILE",
	.help = "register a reviewer and their minisign public key",
	.options = ",db,quiet,",
	.minargs = 3,
	.maxargs = 3,
	.exec = cmd_reviewers_add_exec,
};

/* What a row is compared on with the rows above it. */
enum rec_value { BY_ID, BY_KEY };

struct rows_by {
	const struct sh_reviewer_rec	*recs;
	enum rec_value			 by;
};

static const char *
rec_value(const struct rows_by *k, size_t i)
{
	return k->by == BY_ID ? k->recs[i].id : k->recs[i].public_key;
}

/* Rows by value, then by position: a repeat sorts after its first. */
static int
by_value_then_row(const void *a, const void *b, void *arg)
{
	const struct rows_by	*k = arg;
	size_t			 x = *(const size_t *)a, y = *(const size_t *)b;
	int			 d;

	if ((d = strcmp(rec_value(k, x), rec_value(k, y))) != 0)
		return d;
	return x < y ? -1 : x > y;
}

/*
 * For each of recs[0..n), the first of them with the same value (itself
 * when none above has it): first[i] < i marks a repeat of row first[i].
 */
static int
first_same(const struct sh_reviewer_rec *recs, size_t n, enum rec_value by,
    size_t *first)
{
	struct rows_by	 k = { recs, by };
	size_t		*idx, i, g = 0;

	if ((idx = calloc(n + 1, sizeof *idx)) == NULL)
		return -1;
	for (i = 0; i < n; i++)
		idx[i] = i;
	qsort_r(idx, n, sizeof *idx, by_value_then_row, &k);
	for (i = 0; i < n; i++) {
		if (i > 0 && strcmp(rec_value(&k, idx[i]),
		    rec_value(&k, idx[g])) != 0)
			g = i;
		first[idx[i]] = idx[g];
	}
	free(idx);
	return 0;
}

/*
 * recs[0..n) (rows 1..n of the file) against the rows above each: the
 * first row, in file order, that repeats an earlier row's id or key is
 * refused, naming the earliest such row; where that one row has both the
 * same id and the same key, the id is what is said.
 */
static int
twice(const struct sh_csv *c, const struct sh_reviewer_rec *recs, size_t n,
    int ci, int ck, struct sh_err *e)
{
	size_t	*fid, *fkey, i, k;
	int	 rc = 0;

	fid = calloc(n + 1, sizeof *fid);
	fkey = calloc(n + 1, sizeof *fkey);
	if (fid == NULL || fkey == NULL || first_same(recs, n, BY_ID, fid)
	    == -1 || first_same(recs, n, BY_KEY, fkey) == -1) {
		rc = sh_errf(e, "%s: out of memory", c->name);
		goto out;
	}
	for (i = 0; i < n && rc == 0; i++) {
		if (fid[i] < i && fid[i] <= fkey[i]) {
			k = fid[i];
			rc = sh_csv_errf(e, c, i + 1, ci, "reviewer %s appears "
			    "twice (also line %zu)", recs[i].id,
			    c->rows[k + 1].line);
		} else if (fkey[i] < i) {
			k = fkey[i];
			rc = sh_csv_errf(e, c, i + 1, ck, "the public key given "
			    "for %s is also given for %s (line %zu): each "
			    "reviewer signs with their own key", recs[i].id,
			    recs[k].id, c->rows[k + 1].line);
		}
	}
out:
	free(fid);
	free(fkey);
	return rc;
}

/*
 * Every row against the reviewers registered already. The import is all
 * or nothing, so the first clash refuses the file; when it is a reviewer
 * registered with the same name and key, the message counts how many
 * such rows there are, since a whole file imported twice is the usual
 * cause.
 */
static int
check_registered(const struct sh_csv *c, const struct sh_reviewer_rec *recs,
    const struct registry *g, int ci, int cn, int ck, struct sh_err *e)
{
	enum clash_field	 field, f2;
	struct sh_err		 e2;
	const char		*todo, *todo2;
	char			 why[SH_ERR_MAX];
	size_t			 i, k, same = 0, n = c->nrows - 1;
	const int		 col[] = { ci, cn, ck };

	for (i = 0; i < n; i++)
		if (clash(&recs[i], g, &field, &todo, e) == -1)
			break;
	if (i == n)
		return 0;
	if (field == CLASH_ID)
		for (k = 0; k < n; k++)
			if (clash(&recs[k], g, &f2, &todo2, &e2) == -1 &&
			    f2 == CLASH_ID)
				same++;
	memcpy(why, e->msg, sizeof why);
	if (field == CLASH_ID && same > 1)
		return sh_csv_errf(e, c, i + 1, col[field], "%s; nothing was "
		    "imported (%zu of the %zu reviewers in this file are "
		    "registered already). %s", why, same, n, todo);
	return sh_csv_errf(e, c, i + 1, col[field], "%s; nothing was "
	    "imported. %s", why, todo);
}

/*
 * Row i of the file, checked on its own, into *rec (whose strings point
 * into the row and into *k).
 */
static int
read_row(const struct sh_csv *c, size_t i, int ci, int cn, int ck,
    struct sh_reviewer_rec *rec, struct reviewer_keys *k, struct sh_err *e)
{
	char			**f = c->rows[i].fields;
	char			  why[SH_ERR_MAX];
	struct sh_minisign_pk	  pk;

	if (!sh_round_id_valid(f[ci]))
		return sh_csv_errf(e, c, i, ci, "id \"%s\" is not "
		    "[A-Za-z0-9._-]{1,64}", f[ci]);
	if (f[cn][0] == '\0' || !sh_json_text_ok(f[cn], SH_PACKAGE_MAX_TEXT,
	    SH_TEXT_LINE))
		return sh_csv_errf(e, c, i, cn, "the name is empty, has a "
		    "control character or a bidirectional override, or is too "
		    "long");
	if (sh_minisign_pk_parse(f[ck], strlen(f[ck]), &pk, e) == -1 ||
	    derive(&pk, k, e) == -1) {
		/* The message says "public key: ..." itself. */
		memcpy(why, e->msg, sizeof why);
		return sh_csv_errf(e, c, i, ck, "%s", why);
	}
	rec->id = f[ci];
	rec->name = f[cn];
	rec->public_key = k->b64;
	rec->recipient = k->rcpt;
	return 0;
}

static int
cmd_reviewers_import_exec(const struct cmd_entry *self, struct merge_opts *o,
    int argc, char **argv)
{
	struct sh_round		*r = NULL;
	struct sh_csv		 c;
	struct sh_reviewer_rec	*recs = NULL, *vs = NULL;
	struct reviewer_keys	*keys = NULL;
	struct registry		 g = { NULL, 0, NULL };
	struct sh_err		 e, ve;
	int			 ci, cn, ck, rc = EXIT_FAIL;
	size_t			 i, nv = 0;
	static const char *const columns[] = { "id", "name", "public_key",
	    NULL };

	if (mread_csv(argv[0], &c) != 0)
		return EXIT_FAIL;
	if (sh_csv_check_header(&c, columns, NULL, NULL, NULL, &e) == -1) {
		merr("%s", e.msg);
		goto out;
	}
	if ((ci = sh_csv_column(&c, "id")) == -1 ||
	    (cn = sh_csv_column(&c, "name")) == -1 ||
	    (ck = sh_csv_column(&c, "public_key")) == -1) {
		sh_csv_errf(&e, &c, 0, -1, "columns id, name and public_key "
		    "are required");
		merr("%s", e.msg);
		goto out;
	}
	recs = calloc(c.nrows, sizeof *recs);
	keys = calloc(c.nrows, sizeof *keys);
	if (recs == NULL || keys == NULL) {
		merr("out of memory");
		goto out;
	}
	for (i = 1; i < c.nrows; i++)
		if (read_row(&c, i, ci, cn, ck, &recs[i - 1], &keys[i], &ve) == -1)
			break;
	/*
	 * Refused at the first row, in file order, that is wrong: a repeat
	 * above the first row that does not read is said first, and a
	 * repeat in that row or below it is never reached.
	 */
	if (twice(&c, recs, i - 1, ci, ck, &e) == -1)
		goto bad;
	if (i < c.nrows) {
		e = ve;
		goto bad;
	}
	if ((r = mopen_round(o)) == NULL || registered(r, &vs, &nv) != 0 ||
	    registry_init(&g, vs, nv) != 0)
		goto out;
	if (check_registered(&c, recs, &g, ci, cn, ck, &e) == -1)
		goto bad;
	if (sh_round_add_reviewers(r, recs, c.nrows - 1, &e) == -1) {
		merr("%s: %s", argv[0], e.msg);
		goto out;
	}
	if (!o->quiet)
		printf("%zu reviewers imported\n", c.nrows - 1);
	rc = EXIT_OK;
	goto out;
bad:
	merr("%s", e.msg);
out:
	free(recs);
	free(keys);
	registry_free(&g);
	sh_reviewer_recs_free(vs, nv);
	sh_csv_free(&c);
	sh_round_close(r);
	return rc;
}

const struct cmd_entry cmd_reviewers_import_entry = {
	.name = "reviewers import",
	.usage = "[--db FILE] CSV",
	.help = "register reviewers from CSV (id, name, public_key)",
	.options = ",db,quiet,",
	.minargs = 1,
	.maxargs = 1,
	.exec = cmd_reviewers_import_exec,
};
