/*
 * The row checks of `reviewers import` and the registry both reviewer
 * commands check against (cmd-reviewers.c says what they refuse and
 * why), apart from the store, so that the commands and a fuzzer
 * (tests/fuzz/fuzz_reviewers_rows.c) run the same code.
 */
#define _GNU_SOURCE	/* qsort_r */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "base/errmsg.h"
#include "base/i18n.h"
#include "crypto/agekey.h"
#include "crypto/minisign.h"
#include "format/json_util.h"
#include "format/package.h"
#include "store/csv.h"
#include "reviewers_rows.h"

int
mi_reviewer_derive(const struct sh_minisign_pk *pk, struct mi_reviewer_keys *k,
    struct sh_err *e)
{
	sh_minisign_pk_base64(pk, k->b64);
	return sh_age_recipient_from_ed25519_pk(pk->pk, k->rcpt,
	    sizeof k->rcpt, e);
}

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

int
mi_registry_init(struct mi_registry *g, const struct sh_reviewer_rec *vs,
    size_t nv)
{
	size_t i;

	g->vs = vs;
	g->nv = nv;
	g->secretariat_key = NULL;
	if ((g->by_key = calloc(nv + 1, sizeof *g->by_key)) == NULL)
		return -1;
	for (i = 0; i < nv; i++)
		g->by_key[i] = &vs[i];
	qsort(g->by_key, nv, sizeof *g->by_key, recp_by_key);
	return 0;
}

void
mi_registry_free(struct mi_registry *g)
{
	free(g->by_key);
	g->by_key = NULL;
}

/* Neither searches an empty round: its vs is NULL, which bsearch refuses. */
static const struct sh_reviewer_rec *
registry_id(const struct mi_registry *g, const char *id)
{
	if (g->nv == 0)
		return NULL;
	return bsearch(id, g->vs, g->nv, sizeof *g->vs, rec_by_id);
}

static const struct sh_reviewer_rec *
registry_key(const struct mi_registry *g, const char *b64)
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
int
mi_clash(const struct sh_reviewer_rec *v, const struct mi_registry *g,
    enum mi_clash_field *field, const char **todo, struct sh_err *e)
{
	const struct sh_reviewer_rec	*reg;
	char				 fr[SH_MINISIGN_FPR_LEN + 1];
	char				 fv[SH_MINISIGN_FPR_LEN + 1];

	if (g->secretariat_key != NULL &&
	    strcmp(g->secretariat_key, v->public_key) == 0) {
		*field = MI_CLASH_KEY;
		*todo = _("The secretariat's key opens every sheet and signs "
		    "every package: a reviewer needs a key of their own "
		    "(shinsa-keys generate).");
		return sh_errf(e, "the public key given for %s is the "
		    "secretariat's own key (fingerprint %s)", v->id,
		    fingerprint(v->public_key, fv));
	}
	if ((reg = registry_id(g, v->id)) != NULL) {
		if (strcmp(reg->public_key, v->public_key) != 0) {
			*field = MI_CLASH_KEY;
			*todo = _("A registered key is not replaced: packages "
			    "were encrypted to it and sheets are verified "
			    "against it. Check with the reviewer which key is "
			    "theirs (shinsa-keys show prints the fingerprint); "
			    "if it really is the new one, register it under a "
			    "new reviewer id and assign their proposals to "
			    "that id.");
			return sh_errf(e, "reviewer %s is already registered "
			    "with another public key (fingerprint %s, where "
			    "this key's is %s)", v->id,
			    fingerprint(reg->public_key, fr),
			    fingerprint(v->public_key, fv));
		}
		if (strcmp(reg->name, v->name) != 0) {
			*field = MI_CLASH_NAME;
			*todo = _("A registered reviewer is not changed: give the "
			    "registered name, or leave the reviewer out.");
			return sh_errf(e, "reviewer %s is already registered, "
			    "with this key but the name \"%s\"", v->id,
			    reg->name);
		}
		*field = MI_CLASH_ID;
		*todo = _("Register only the reviewers not registered yet "
		    "(shinsa-merge status lists those that are).");
		return sh_errf(e, "reviewer %s is already registered, with "
		    "this name and key", v->id);
	}
	if ((reg = registry_key(g, v->public_key)) != NULL) {
		*field = MI_CLASH_KEY;
		*todo = _("Each reviewer signs with their own key: check "
		    "whose key this is.");
		return sh_errf(e, "the public key given for %s is "
		    "registered already, for reviewer %s", v->id, reg->id);
	}
	return 0;
}

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
    const struct mi_registry *g, int ci, int cn, int ck, struct sh_err *e)
{
	enum mi_clash_field	 field, f2;
	struct sh_err		 e2;
	const char		*todo, *todo2;
	char			 why[SH_ERR_MAX];
	size_t			 i, k, same = 0, n = c->nrows - 1;
	const int		 col[] = { ci, cn, ck };

	for (i = 0; i < n; i++)
		if (mi_clash(&recs[i], g, &field, &todo, e) == -1)
			break;
	if (i == n)
		return 0;
	if (field == MI_CLASH_ID)
		for (k = 0; k < n; k++)
			if (mi_clash(&recs[k], g, &f2, &todo2, &e2) == -1 &&
			    f2 == MI_CLASH_ID)
				same++;
	/* Said in the user's language, as the message around it is. */
	sh_err_tr(e, why, sizeof why);
	if (field == MI_CLASH_ID && same > 1)
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
    struct sh_reviewer_rec *rec, struct mi_reviewer_keys *k, struct sh_err *e)
{
	char			**f = c->rows[i].fields;
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
	    mi_reviewer_derive(&pk, k, e) == -1) {
		/* The message says "public key: ..." itself; where, as
		 * sh_csv_errf() says it, goes in front. */
		return sh_err_prefix(e, "%s:%zu:%d", c->name, c->rows[i].line,
		    ck + 1);
	}
	rec->id = f[ci];
	rec->name = f[cn];
	rec->public_key = k->b64;
	rec->recipient = k->rcpt;
	return 0;
}

const char *const mi_reviewer_columns_ja[] = {
	"審査委員ID", "id", "氏名", "name", "公開鍵", "public_key", NULL
};

int
mi_reviewer_rows_read(const struct sh_csv *c, struct sh_reviewer_rec **recsp,
    struct mi_reviewer_keys **keysp, struct sh_err *e)
{
	struct sh_reviewer_rec	*recs;
	struct mi_reviewer_keys	*keys;
	struct sh_err		 ve;
	int			 ci, cn, ck;
	size_t			 i;
	static const char *const columns[] = { "id", "name", "public_key",
	    NULL };

	*recsp = NULL;
	*keysp = NULL;
	if (sh_csv_check_header(c, columns, NULL, NULL, NULL, e) == -1)
		return -1;
	if ((ci = sh_csv_column(c, "id")) == -1 ||
	    (cn = sh_csv_column(c, "name")) == -1 ||
	    (ck = sh_csv_column(c, "public_key")) == -1)
		return sh_csv_errf(e, c, 0, -1, "columns id, name and "
		    "public_key are required");
	recs = calloc(c->nrows, sizeof *recs);
	keys = calloc(c->nrows, sizeof *keys);
	if (recs == NULL || keys == NULL) {
		free(recs);
		free(keys);
		return sh_errf(e, "out of memory");
	}
	for (i = 1; i < c->nrows; i++)
		if (read_row(c, i, ci, cn, ck, &recs[i - 1], &keys[i], &ve) ==
		    -1)
			break;
	/*
	 * Refused at the first row, in file order, that is wrong: a repeat
	 * above the first row that does not read is said first, and a
	 * repeat in that row or below it is never reached.
	 */
	if (twice(c, recs, i - 1, ci, ck, e) == -1) {
		free(recs);
		free(keys);
		return -1;
	}
	if (i < c->nrows) {
		if (e != NULL)
			*e = ve;
		free(recs);
		free(keys);
		return -1;
	}
	*recsp = recs;
	*keysp = keys;
	return 0;
}

int
mi_reviewer_rows_check(const struct sh_csv *c,
    const struct sh_reviewer_rec *recs, const struct mi_registry *g,
    struct sh_err *e)
{
	return check_registered(c, recs, g, sh_csv_column(c, "id"),
	    sh_csv_column(c, "name"), sh_csv_column(c, "public_key"), e);
}
