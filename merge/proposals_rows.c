/*
 * The row checks of `proposals import` (cmd-proposals.c says what the
 * columns hold), apart from the store and the file system, so that the
 * command and a fuzzer (tests/fuzz/fuzz_proposals_rows.c) run the same
 * code on the same CSV.
 */
#include <errno.h>
#include <limits.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <jansson.h>

#include "format/json_util.h"
#include "format/package.h"
#include "review/facts.h"
#include "review/prefecture.h"
#include "review/rubric.h"
#include "store/csv.h"
#include "proposals_rows.h"

/* Is `name` the fact of some indicator or certification item? */
static bool
rubric_fact(const struct sh_rubric *rb, const char *name, bool indicator)
{
	size_t i, j;

	for (i = 0; i < rb->nvariants; i++)
		for (j = 0; j < rb->variants[i].nitems; j++) {
			const struct sh_item *it = &rb->variants[i].items[j];

			if (it->fact == NULL || strcmp(it->fact, name) != 0)
				continue;
			if (indicator == (it->kind == SH_ITEM_INDICATOR))
				return true;
		}
	return false;
}

/* sh_csv_check_header's test for the FACT columns. */
static bool
indicator_fact(const char *name, const void *rb)
{
	return rubric_fact(rb, name, true);
}

/*
 * "students_per_pc, lan_rate": the indicator facts of the rubric, the
 * other columns a proposals list may have (empty if none). Ids only, so
 * that the message around them is the one that is translated.
 */
static void
fact_columns(const struct sh_rubric *rb, char *buf, size_t len)
{
	const char	*seen[32];
	size_t		 i, j, k, n = 0;

	buf[0] = '\0';
	for (i = 0; i < rb->nvariants; i++)
		for (j = 0; j < rb->variants[i].nitems; j++) {
			const struct sh_item *it = &rb->variants[i].items[j];

			if (it->kind != SH_ITEM_INDICATOR)
				continue;
			for (k = 0; k < n; k++)
				if (strcmp(seen[k], it->fact) == 0)
					break;
			if (k < n || n == sizeof seen / sizeof seen[0])
				continue;
			snprintf(buf + strlen(buf), len - strlen(buf), "%s%s",
			    n ? ", " : "", it->fact);
			seen[n++] = it->fact;
		}
}

/*
 * The valid ids an unknown one is refused with (`shinsa-merge rubric
 * show` explains them): "chiiki-miryoku (地域魅力化型), global (...)".
 */
static const char *
variant_ids(const struct sh_rubric *rb, char *buf, size_t len)
{
	size_t i;

	buf[0] = '\0';
	for (i = 0; i < rb->nvariants; i++)
		snprintf(buf + strlen(buf), len - strlen(buf), "%s%s (%s)",
		    i > 0 ? ", " : "", rb->variants[i].id,
		    rb->variants[i].name);
	return buf;
}

/* The variant's indicator facts, or its certification options. */
static const char *
variant_facts(const struct sh_variant *v, bool certs, char *buf, size_t len)
{
	const struct sh_item	*it;
	size_t			 k, o;

	buf[0] = '\0';
	for (k = 0; k < v->nitems; k++) {
		it = &v->items[k];
		if (!certs && it->kind == SH_ITEM_INDICATOR &&
		    strstr(buf, it->fact) == NULL)
			snprintf(buf + strlen(buf), len - strlen(buf), "%s%s",
			    buf[0] != '\0' ? ", " : "", it->fact);
		for (o = 0; certs && o < it->noptions; o++)
			snprintf(buf + strlen(buf), len - strlen(buf), "%s%s",
			    buf[0] != '\0' ? ", " : "", it->options[o].id);
	}
	if (buf[0] == '\0')
		snprintf(buf, len, "-");
	return buf;
}

static int
parse_number(const char *s, double *v)
{
	char *end;

	if (*s == '\0')
		return -1;
	errno = 0;
	*v = strtod(s, &end);
	if (*end != '\0' || errno != 0 || !isfinite(*v))
		return -1;
	return 0;
}

static json_t *
number(double v)
{
	if (v == floor(v) && fabs(v) < 1e15)
		return json_integer((json_int_t)v);
	return json_real(v);
}

/*
 * A proposal's facts as gathered from one row, with the column each came
 * from so that a later check can name the cell it is about.
 */
struct row_facts {
	struct sh_facts	f;
	int		numcol[SH_FACTS_MAX_NUMS];
	int		certcol;	/* -1: no certifications given */
};

/* Where the row's cells are: the fact columns are found by name. */
struct fact_cols {
	int	certs;		/* "certifications", or -1 */
	int	facts;		/* "facts", or -1 */
};

/*
 * v as the facts cell would spell it (the shortest plain decimal that
 * reads back the same, review/facts.h), for messages.
 */
static const char *
shortest(double v, char *buf, size_t len)
{
	struct sh_facts	f;
	struct sh_buf	b;
	const char	*eq;

	sh_facts_init(&f);
	sh_buf_init(&b, false);
	if (sh_facts_set(&f, "v", v, NULL) == 0 &&
	    sh_facts_format(&f, &b) == 0 && b.data != NULL &&
	    (eq = strchr((char *)b.data, '=')) != NULL)
		snprintf(buf, len, "%s", eq + 1);
	else
		snprintf(buf, len, "%g", v);
	sh_buf_free(&b);
	sh_facts_free(&f);
	return buf;
}

/* Sets e to "file:line:col: what: <e's message>". */
static int
cell_err(struct sh_err *e, const struct sh_csv *c, size_t row, int col,
    const char *what)
{
	char why[SH_ERR_MAX];

	memcpy(why, e->msg, sizeof why);
	return sh_csv_errf(e, c, row, col, "%s: %s", what, why);
}

/* The facts cell of the row, parsed; empty when there is none. */
static int
facts_cell(const struct sh_csv *c, size_t row, int col, struct sh_facts *out,
    struct sh_err *e)
{
	const char *s;

	if (col == -1 || (s = c->rows[row].fields[col])[0] == '\0')
		return 0;
	if (sh_facts_parse(out, s, strlen(s), e) == -1)
		return cell_err(e, c, row, col, "facts");
	return 0;
}

/* Every non-empty fact column of the row into rf. */
static int
column_numbers(const struct sh_rubric *rb, const struct sh_csv *c, size_t row,
    struct row_facts *rf, struct sh_err *e)
{
	char	**hdr = c->rows[0].fields, **f = c->rows[row].fields;
	double	  x;
	size_t	  j;

	for (j = 0; j < c->rows[0].nfields; j++) {
		if (f[j][0] == '\0' || !rubric_fact(rb, hdr[j], true))
			continue;
		if (parse_number(f[j], &x) == -1)
			return sh_csv_errf(e, c, row, (int)j, "%s \"%s\" is not "
			    "a number", hdr[j], f[j]);
		if (sh_facts_set(&rf->f, hdr[j], x, e) == -1)
			return cell_err(e, c, row, (int)j, hdr[j]);
		rf->numcol[rf->f.nnums - 1] = (int)j;
	}
	return 0;
}

/*
 * The numbers of the facts cell join those of the columns. A number in
 * both places must be the same: when a list says lan_rate 80 in one
 * place and 75 in the other, no rule of precedence knows which one its
 * author meant, so the row is refused naming both cells.
 */
static int
cell_numbers(const struct sh_csv *c, size_t row, const struct fact_cols *fc,
    const struct sh_facts *cell, struct row_facts *rf, struct sh_err *e)
{
	const struct sh_fact	*n;
	double			 x;
	size_t			 k, at;
	char			 v[32];

	for (k = 0; k < cell->nnums; k++) {
		n = &cell->nums[k];
		if (!sh_facts_get(&rf->f, n->name, &x)) {
			if (sh_facts_set(&rf->f, n->name, n->value, e) == -1)
				return cell_err(e, c, row, fc->facts, "facts");
			rf->numcol[rf->f.nnums - 1] = fc->facts;
			continue;
		}
		if (x == n->value)
			continue;
		for (at = 0; strcmp(rf->f.nums[at].name, n->name) != 0; at++)
			;
		return sh_csv_errf(e, c, row, rf->numcol[at], "%s is %s in "
		    "this column but %s in the facts cell (column %d): give "
		    "it once, or the same in both", n->name,
		    c->rows[row].fields[rf->numcol[at]],
		    shortest(n->value, v, sizeof v), fc->facts + 1);
	}
	return 0;
}

/* Do the two lists hold the same ids, in any order? */
static bool
same_certs(const struct sh_facts *a, const struct sh_facts *b)
{
	size_t i;

	if (a->ncerts != b->ncerts)
		return false;
	for (i = 0; i < a->ncerts; i++)
		if (!sh_facts_has_cert(b, a->certs[i]))
			return false;
	return true;
}

/*
 * The certifications column and the facts cell's certifications: either
 * may give them, and when both do they must list the same ids.
 */
static int
row_certs(const struct sh_csv *c, size_t row, const struct fact_cols *fc,
    const struct sh_facts *cell, struct row_facts *rf, struct sh_err *e)
{
	char	*list, *tok, *save;
	size_t	 k;
	int	 rc = 0;

	if (fc->certs != -1 && c->rows[row].fields[fc->certs][0] != '\0') {
		if ((list = strdup(c->rows[row].fields[fc->certs])) == NULL)
			return sh_errf(e, "out of memory");
		for (tok = strtok_r(list, "; ", &save); tok != NULL && rc == 0;
		    tok = strtok_r(NULL, "; ", &save))
			if ((rc = sh_facts_add_cert(&rf->f, tok, e)) == -1)
				cell_err(e, c, row, fc->certs, "certifications");
		free(list);
		if (rc == -1)
			return -1;
		rf->certcol = fc->certs;
	}
	if (cell->ncerts == 0)
		return 0;
	if (rf->certcol != -1) {
		if (same_certs(&rf->f, cell))
			return 0;
		return sh_csv_errf(e, c, row, fc->certs, "certifications "
		    "\"%s\" here but other ones in the facts cell (column %d): "
		    "give them once, or the same in both",
		    c->rows[row].fields[fc->certs], fc->facts + 1);
	}
	for (k = 0; k < cell->ncerts; k++)
		if (sh_facts_add_cert(&rf->f, cell->certs[k], e) == -1)
			return cell_err(e, c, row, fc->facts, "facts");
	rf->certcol = fc->facts;
	return 0;
}

/*
 * Checks the gathered facts against the row's variant, naming the cell
 * each is from: every indicator item's fact present and in its domain,
 * no number the variant does not use, every certification an option.
 */
static int
check_facts(const struct sh_csv *c, size_t row, const struct sh_variant *v,
    const struct row_facts *rf, struct sh_err *e)
{
	const struct sh_item	*it;
	double			 x;
	size_t			 k, n;
	int			 fc;
	bool			 found;

	for (k = 0; k < v->nitems; k++) {
		it = &v->items[k];
		if (it->kind != SH_ITEM_INDICATOR || sh_facts_get(&rf->f,
		    it->fact, &x))
			continue;
		if ((fc = sh_csv_column(c, it->fact)) == -1 &&
		    sh_csv_column(c, "facts") == -1)
			return sh_csv_errf(e, c, 0, -1, "no column \"%s\" "
			    "(variant %s item %s needs it)", it->fact, v->id,
			    it->id);
		return sh_csv_errf(e, c, row, fc != -1 ? fc :
		    sh_csv_column(c, "facts"), "no %s: variant %s item %s needs "
		    "it, in column %s or in the facts cell", it->fact, v->id,
		    it->id, it->fact);
	}
	for (n = 0; n < rf->f.nnums; n++) {
		const struct sh_fact *f = &rf->f.nums[n];

		for (found = false, k = 0; k < v->nitems && !found; k++) {
			it = &v->items[k];
			found = it->kind == SH_ITEM_INDICATOR &&
			    strcmp(it->fact, f->name) == 0;
		}
		if (!found) {
			char ids[512];

			return sh_csv_errf(e, c, row, rf->numcol[n], "%s given, "
			    "but no item of variant %s uses it; its facts are: "
			    "%s", f->name, v->id, variant_facts(v, false, ids,
			    sizeof ids));
		}
		if (sh_item_band(it, f->value) == NULL) {
			char b[32];

			return sh_csv_errf(e, c, row, rf->numcol[n], "%s %s is "
			    "outside item %s's domain", f->name,
			    shortest(f->value, b, sizeof b), it->id);
		}
	}
	for (n = 0; n < rf->f.ncerts; n++) {
		for (found = false, k = 0; k < v->nitems; k++)
			if (v->items[k].kind == SH_ITEM_CERTIFICATION &&
			    sh_item_option(&v->items[k], rf->f.certs[n]))
				found = true;
		if (!found) {
			char ids[1024];

			return sh_csv_errf(e, c, row, rf->certcol,
			    "certification \"%s\" is not an option of variant "
			    "%s; its options are: %s", rf->f.certs[n], v->id,
			    variant_facts(v, true, ids, sizeof ids));
		}
	}
	return 0;
}

/*
 * The facts JSON of the row as the package carries it: the variant's
 * numbers in item order, then its certifications (always, when it has a
 * certification item). NULL with e set.
 */
static json_t *
row_facts_json(const struct sh_csv *c, size_t row, const struct fact_cols *fc,
    const struct sh_rubric *rb, const struct sh_variant *v, struct sh_err *e)
{
	struct row_facts	 rf;
	struct sh_facts		 cell;
	json_t			*facts = NULL, *certs;
	double			 x;
	size_t			 k;

	sh_facts_init(&rf.f);
	sh_facts_init(&cell);
	rf.certcol = -1;
	if (facts_cell(c, row, fc->facts, &cell, e) == -1 ||
	    column_numbers(rb, c, row, &rf, e) == -1 ||
	    cell_numbers(c, row, fc, &cell, &rf, e) == -1 ||
	    row_certs(c, row, fc, &cell, &rf, e) == -1 ||
	    check_facts(c, row, v, &rf, e) == -1)
		goto out;
	if ((facts = json_object()) == NULL || (certs = json_array()) == NULL)
		goto nomem;
	for (k = 0; k < v->nitems; k++)
		if (v->items[k].kind == SH_ITEM_INDICATOR &&
		    json_object_get(facts, v->items[k].fact) == NULL &&
		    sh_facts_get(&rf.f, v->items[k].fact, &x) &&
		    json_object_set_new(facts, v->items[k].fact, number(x)) == -1)
			goto nomem;
	for (k = 0; k < rf.f.ncerts; k++)
		if (json_array_append_new(certs, json_string(rf.f.certs[k])) == -1)
			goto nomem;
	for (k = 0; k < v->nitems; k++)
		if (v->items[k].kind == SH_ITEM_CERTIFICATION) {
			if (json_object_set(facts, v->items[k].fact, certs) == -1)
				goto nomem;
			break;
		}
	json_decref(certs);
	goto out;
nomem:
	json_decref(facts);
	facts = NULL;
	sh_errf(e, "out of memory");
out:
	sh_facts_free(&rf.f);
	sh_facts_free(&cell);
	return facts;
}

void
mi_proposal_recs_free(struct sh_proposal_rec *p, size_t n)
{
	size_t i;

	if (p == NULL)
		return;
	for (i = 0; i < n; i++) {
		free(p[i].facts);
		free(p[i].documents);
	}
	free(p);
}

/* The documents cell of row i: each name through doc, into docs. */
static int
row_documents(const struct sh_csv *c, size_t i, int cdocs,
    mi_document_fn *doc, void *arg, json_t *docs, struct sh_err *e)
{
	char	*list, *tok, *save, why[SH_ERR_MAX];
	int	 rc = 0;

	if ((list = strdup(c->rows[i].fields[cdocs])) == NULL)
		return sh_errf(e, "out of memory");
	for (tok = strtok_r(list, ";", &save); tok != NULL && rc == 0;
	    tok = strtok_r(NULL, ";", &save))
		if (doc(arg, tok, docs, e) != 0) {
			memcpy(why, e->msg, sizeof why);
			rc = sh_csv_errf(e, c, i, cdocs, "document %s", why);
		}
	free(list);
	return rc;
}

/* Row i into p: its cells checked, its facts and documents as JSON. */
static int
proposal_row(const struct sh_csv *c, size_t i, const int col[5],
    const struct fact_cols *fcols, int cdocs, const struct sh_rubric *rb,
    mi_document_fn *doc, void *arg, struct sh_proposal_rec *recs,
    struct sh_err *e)
{
	static const char *const what[] = { "id", "title", "applicant" };
	struct sh_proposal_rec	*p = &recs[i - 1];
	const struct sh_variant	*v;
	char			**f = c->rows[i].fields;
	const char		*pref = f[col[4]];
	json_t			*facts, *docs;
	size_t			 k;
	int			 rc;

	if (!sh_round_id_valid(f[col[0]]))
		return sh_csv_errf(e, c, i, col[0], "id \"%s\" is not "
		    "[A-Za-z0-9._-]{1,64}", f[col[0]]);
	for (k = 1; k < i; k++)
		if (strcmp(recs[k - 1].id, f[col[0]]) == 0)
			return sh_csv_errf(e, c, i, col[0], "proposal %s "
			    "appears twice", f[col[0]]);
	if (f[col[1]][0] == '\0' || f[col[2]][0] == '\0')
		return sh_csv_errf(e, c, i, f[col[1]][0] ? col[2] : col[1],
		    "empty title or applicant");
	/* What a package may carry (format/package.h), refused here
	 * where the line can be named rather than at issue. */
	for (k = 1; k <= 2; k++)
		if (!sh_json_text_ok(f[col[k]], SH_PACKAGE_MAX_TEXT,
		    SH_TEXT_LINE))
			return sh_csv_errf(e, c, i, col[k], "%s has a control "
			    "character, a bidirectional override or is "
			    "longer than %d bytes", what[k],
			    SH_PACKAGE_MAX_TEXT);
	if ((v = sh_rubric_variant(rb, f[col[3]])) == NULL) {
		char ids[1024];

		return sh_csv_errf(e, c, i, col[3], "variant \"%s\" is not "
		    "in rubric %s; its variants are: %s", f[col[3]], rb->id,
		    variant_ids(rb, ids, sizeof ids));
	}
	if (sh_prefecture_code(pref) != NULL)	/* 北海道, Hokkaido */
		pref = sh_prefecture_code(pref);
	if (strlen(pref) == 1 && pref[0] >= '1' && pref[0] <= '9')
		snprintf(p->prefecture, sizeof p->prefecture, "0%s", pref);
	else
		snprintf(p->prefecture, sizeof p->prefecture, "%.2s", pref);
	if (strlen(pref) > 2 || !sh_round_prefecture_valid(p->prefecture))
		return sh_csv_errf(e, c, i, col[4], "prefecture %s not in "
		    "01–47", pref);
	p->id = f[col[0]];
	p->title = f[col[1]];
	p->applicant = f[col[2]];
	p->variant = f[col[3]];
	if ((facts = row_facts_json(c, i, fcols, rb, v, e)) == NULL)
		return -1;
	if ((docs = json_array()) == NULL) {
		json_decref(facts);
		return sh_errf(e, "out of memory");
	}
	rc = 0;
	{
		/* The package's own check, so that what imports issues. */
		struct sh_facts	tf;
		char		why[SH_ERR_MAX];

		sh_facts_init(&tf);
		if (sh_facts_from_json(&tf, facts, e) == -1 ||
		    sh_package_facts_check(&tf, v, e) == -1) {
			memcpy(why, e->msg, sizeof why);
			rc = sh_csv_errf(e, c, i, -1, "%s", why);
		}
		sh_facts_free(&tf);
	}
	if (rc == 0 && cdocs != -1 && f[cdocs][0] != '\0')
		rc = row_documents(c, i, cdocs, doc, arg, docs, e);
	if (rc == 0) {
		p->facts = json_dumps(facts, JSON_COMPACT |
		    JSON_PRESERVE_ORDER);
		p->documents = json_dumps(docs, JSON_COMPACT |
		    JSON_PRESERVE_ORDER);
		if (p->facts == NULL || p->documents == NULL)
			rc = sh_errf(e, "out of memory");
	}
	json_decref(facts);
	json_decref(docs);
	return rc;
}

const char *const mi_proposal_columns_ja[] = {
	"構想ID", "id", "構想名", "title", "管理機関", "applicant",
	"類型", "variant", "都道府県", "prefecture", "認証", "certifications",
	"客観的事実", "facts", "構想調書", "documents", NULL
};

int
mi_proposals_rows(const struct sh_csv *c, const struct sh_rubric *rb,
    mi_document_fn *doc, void *arg, struct sh_proposal_rec **out,
    struct sh_err *e)
{
	struct sh_proposal_rec	*recs;
	struct fact_cols	 fcols;
	char			 facts_what[256];
	int			 col[5], cdocs;
	size_t			 i, k;
	static const char *const need[] = { "id", "title", "applicant",
	    "variant", "prefecture" };
	static const char *const columns[] = { "id", "title", "applicant",
	    "variant", "prefecture", "certifications", "facts", "documents",
	    NULL };

	*out = NULL;
	fact_columns(rb, facts_what, sizeof facts_what);
	if (sh_csv_check_header(c, columns, indicator_fact, rb,
	    facts_what[0] != '\0' ? facts_what : NULL, e) == -1)
		return -1;
	for (k = 0; k < 5; k++)
		if ((col[k] = sh_csv_column(c, need[k])) == -1)
			return sh_csv_errf(e, c, 0, -1, "no column \"%s\"",
			    need[k]);
	fcols.certs = sh_csv_column(c, "certifications");
	fcols.facts = sh_csv_column(c, "facts");
	cdocs = sh_csv_column(c, "documents");
	if ((recs = calloc(c->nrows, sizeof *recs)) == NULL)
		return sh_errf(e, "out of memory");
	for (i = 1; i < c->nrows; i++)
		if (proposal_row(c, i, col, &fcols, cdocs, rb, doc, arg, recs,
		    e) != 0) {
			mi_proposal_recs_free(recs, c->nrows);
			return -1;
		}
	*out = recs;
	return 0;
}
