/*
 * proposals import: reads proposals from CSV, checks every row against
 * the round's rubric (variant, prefecture, the facts its indicator and
 * certification items need) and adds them all in one transaction, or
 * none. Columns:
 *
 *	id,title,applicant,variant,prefecture[,FACT...][,certifications]
 *	[,facts][,documents]
 *
 * FACT columns are named after the rubric's indicator facts
 * (students_per_pc, lan_rate); certifications are option ids separated
 * by ';'; facts is review/facts.h's text form
 * (students_per_pc=1.5;lan_rate=80;certifications=eruboshi-2), an
 * alternative to the separate columns; documents are paths relative to
 * the CSV, separated by ';'. Every row's facts then pass the package's
 * own check (format/package.h), so whatever imports can be issued.
 */
#include <errno.h>
#include <limits.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <jansson.h>
#include <sodium.h>

#include "format/json_util.h"
#include "format/package.h"
#include "review/facts.h"
#include "review/rubric.h"
#include "store/csv.h"
#include "merge.h"

#define MAX_DOCUMENT_BYTES	(256u * 1024 * 1024)

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

static int
add_document(json_t *docs, const char *csvdir, const char *rel,
    const struct sh_csv *c, size_t row, int col)
{
	struct sh_buf	 b;
	struct sh_err	 e;
	char		 path[PATH_MAX], abs[PATH_MAX], sha[65];
	const char	*base;
	json_t		*d;

	if (rel[0] == '/')
		snprintf(path, sizeof path, "%s", rel);
	else
		snprintf(path, sizeof path, "%s/%s", csvdir, rel);
	sh_buf_init(&b, false);
	if (sh_read_file(path, MAX_DOCUMENT_BYTES, &b, &e) == -1)
		return sh_csv_errf(&e, c, row, col, "document %s", e.msg),
		    merr("%s", e.msg);
	if (realpath(path, abs) == NULL)
		snprintf(abs, sizeof abs, "%s", path);
	sh_round_sha256_hex(b.data ? b.data : (unsigned char *)"", b.len, sha);
	base = strrchr(rel, '/');
	d = json_pack("{s:s, s:s, s:I, s:s}", "name", base ? base + 1 : rel,
	    "source", abs, "size", (json_int_t)b.len, "sha256", sha);
	sh_buf_free(&b);
	if (d == NULL || json_array_append_new(docs, d) == -1)
		return merr("out of memory");
	return 0;
}

static void
free_recs(struct sh_proposal_rec *p, size_t n)
{
	size_t i;

	for (i = 0; i < n; i++) {
		free(p[i].facts);
		free(p[i].documents);
	}
	free(p);
}

static int
cmd_proposals_import_exec(const struct cmd_entry *self, struct merge_opts *o,
    int argc, char **argv)
{
	struct sh_round		*r;
	struct sh_round_info	 info;
	struct sh_rubric	*rb;
	struct sh_csv		 c;
	struct sh_proposal_rec	*recs = NULL;
	struct sh_err		 e;
	const struct sh_variant	*v;
	char			 csvdir[PATH_MAX], *slash, *list, *tok, *save;
	int			 col[5], ccert, cdocs, cfacts, rc = EXIT_FAIL;
	size_t			 i, j, k;
	static const char *const need[] = { "id", "title", "applicant",
	    "variant", "prefecture" };

	memset(&c, 0, sizeof c);
	if ((r = mopen_round(o)) == NULL)
		return EXIT_FAIL;
	if ((rb = mload_rubric(r, &info)) == NULL) {
		sh_round_close(r);
		return EXIT_FAIL;
	}
	if (mread_csv(argv[0], &c) != 0)
		goto out_rubric;
	snprintf(csvdir, sizeof csvdir, "%s", argv[0]);
	if ((slash = strrchr(csvdir, '/')) != NULL)
		*slash = '\0';
	else
		snprintf(csvdir, sizeof csvdir, ".");

	for (k = 0; k < 5; k++)
		if ((col[k] = sh_csv_column(&c, need[k])) == -1) {
			sh_csv_errf(&e, &c, 0, -1, "no column \"%s\"", need[k]);
			merr("%s", e.msg);
			goto out;
		}
	ccert = sh_csv_column(&c, "certifications");
	cdocs = sh_csv_column(&c, "documents");
	cfacts = sh_csv_column(&c, "facts");
	for (j = 0; j < c.rows[0].nfields; j++) {
		const char *h = c.rows[0].fields[j];

		if ((int)j == ccert || (int)j == cdocs || (int)j == cfacts)
			continue;
		for (k = 0; k < 5; k++)
			if ((int)j == col[k])
				break;
		if (k < 5)
			continue;
		if (!rubric_fact(rb, h, true)) {
			sh_csv_errf(&e, &c, 0, (int)j, "column \"%s\" is not a "
			    "fact of rubric %s", h, rb->id);
			merr("%s", e.msg);
			goto out;
		}
	}
	if ((recs = calloc(c.nrows, sizeof *recs)) == NULL) {
		merr("out of memory");
		goto out;
	}
	for (i = 1; i < c.nrows; i++) {
		struct sh_proposal_rec	*p = &recs[i - 1];
		char			**f = c.rows[i].fields;
		const char		*pref = f[col[4]];
		json_t			*facts, *certs, *docs;

		if (!sh_round_id_valid(f[col[0]])) {
			sh_csv_errf(&e, &c, i, col[0], "id \"%s\" is not "
			    "[A-Za-z0-9._-]{1,64}", f[col[0]]);
			goto bad;
		}
		for (k = 1; k < i; k++)
			if (strcmp(recs[k - 1].id, f[col[0]]) == 0) {
				sh_csv_errf(&e, &c, i, col[0], "proposal %s "
				    "appears twice", f[col[0]]);
				goto bad;
			}
		if (f[col[1]][0] == '\0' || f[col[2]][0] == '\0') {
			sh_csv_errf(&e, &c, i, f[col[1]][0] ? col[2] : col[1],
			    "empty title or applicant");
			goto bad;
		}
		/* What a package may carry (format/package.h), refused here
		 * where the line can be named rather than at issue. */
		for (k = 1; k <= 2; k++)
			if (!sh_json_text_ok(f[col[k]], SH_PACKAGE_MAX_TEXT,
			    SH_TEXT_LINE)) {
				sh_csv_errf(&e, &c, i, col[k], "%s has a control "
				    "character, a bidirectional override or is "
				    "longer than %d bytes", need[k],
				    SH_PACKAGE_MAX_TEXT);
				goto bad;
			}
		if ((v = sh_rubric_variant(rb, f[col[3]])) == NULL) {
			sh_csv_errf(&e, &c, i, col[3], "variant \"%s\" is not "
			    "in rubric %s", f[col[3]], rb->id);
			goto bad;
		}
		if (strlen(pref) == 1 && pref[0] >= '1' && pref[0] <= '9')
			snprintf(p->prefecture, sizeof p->prefecture, "0%s",
			    pref);
		else
			snprintf(p->prefecture, sizeof p->prefecture, "%.2s",
			    pref);
		if (strlen(pref) > 2 || !sh_round_prefecture_valid(p->prefecture)) {
			sh_csv_errf(&e, &c, i, col[4], "prefecture %s not in "
			    "01–47", pref);
			goto bad;
		}
		p->id = f[col[0]];
		p->title = f[col[1]];
		p->applicant = f[col[2]];
		p->variant = f[col[3]];
		facts = json_object();
		certs = json_array();
		docs = json_array();
		for (k = 0; k < v->nitems; k++) {
			const struct sh_item	*it = &v->items[k];
			int			 fc;
			double			 x;

			if (it->kind != SH_ITEM_INDICATOR ||
			    json_object_get(facts, it->fact) != NULL)
				continue;
			if ((fc = sh_csv_column(&c, it->fact)) == -1 &&
			    cfacts != -1) {
				struct sh_facts	tf;
				double		tx;

				/* The fact may be in the text-form column. */
				sh_facts_init(&tf);
				if (sh_facts_parse(&tf, f[cfacts],
				    strlen(f[cfacts]), &e) == -1) {
					char why[SH_ERR_MAX];

					memcpy(why, e.msg, sizeof why);
					sh_facts_free(&tf);
					sh_csv_errf(&e, &c, i, cfacts, "facts: %s",
					    why);
					goto bad_json;
				}
				if (!sh_facts_get(&tf, it->fact, &tx)) {
					sh_facts_free(&tf);
					sh_csv_errf(&e, &c, i, cfacts, "no fact %s "
					    "(variant %s item %s needs it)",
					    it->fact, v->id, it->id);
					goto bad_json;
				}
				sh_facts_free(&tf);
				if (sh_item_band(it, tx) == NULL) {
					sh_csv_errf(&e, &c, i, cfacts, "%s %g is "
					    "outside item %s's domain", it->fact,
					    tx, it->id);
					goto bad_json;
				}
				json_object_set_new(facts, it->fact, number(tx));
				continue;
			}
			if (fc == -1) {
				sh_csv_errf(&e, &c, 0, -1, "no column \"%s\" "
				    "(variant %s item %s needs it)", it->fact,
				    v->id, it->id);
				goto bad_json;
			}
			if (parse_number(f[fc], &x) == -1) {
				sh_csv_errf(&e, &c, i, fc, "%s \"%s\" is not "
				    "a number", it->fact, f[fc]);
				goto bad_json;
			}
			if (sh_item_band(it, x) == NULL) {
				sh_csv_errf(&e, &c, i, fc, "%s %s is outside "
				    "item %s's domain", it->fact, f[fc],
				    it->id);
				goto bad_json;
			}
			json_object_set_new(facts, it->fact, number(x));
		}
		/* A fact given that no item of the variant uses is a mistake. */
		for (j = 0; j < c.rows[0].nfields; j++) {
			const char *h = c.rows[0].fields[j];

			if (f[j][0] == '\0' || !rubric_fact(rb, h, true) ||
			    json_object_get(facts, h) != NULL)
				continue;
			sh_csv_errf(&e, &c, i, (int)j, "%s given, but no item "
			    "of variant %s uses it", h, v->id);
			goto bad_json;
		}
		if (cfacts != -1 && f[cfacts][0] != '\0') {
			struct sh_facts tf;

			sh_facts_init(&tf);
			if (sh_facts_parse(&tf, f[cfacts], strlen(f[cfacts]),
			    &e) == -1) {
				char why[SH_ERR_MAX];

				memcpy(why, e.msg, sizeof why);
				sh_facts_free(&tf);
				sh_csv_errf(&e, &c, i, cfacts, "facts: %s", why);
				goto bad_json;
			}
			for (k = 0; k < tf.nnums; k++)
				if (json_object_get(facts, tf.nums[k].name) ==
				    NULL) {
					sh_csv_errf(&e, &c, i, cfacts, "%s given, "
					    "but no item of variant %s uses it",
					    tf.nums[k].name, v->id);
					sh_facts_free(&tf);
					goto bad_json;
				}
			sh_facts_free(&tf);
		}
		if (ccert != -1 && f[ccert][0] != '\0') {
			if ((list = strdup(f[ccert])) == NULL)
				goto bad_json;
			for (tok = strtok_r(list, "; ", &save); tok != NULL;
			    tok = strtok_r(NULL, "; ", &save)) {
				bool found = false;

				for (k = 0; k < v->nitems; k++)
					if (v->items[k].kind ==
					    SH_ITEM_CERTIFICATION &&
					    sh_item_option(&v->items[k], tok))
						found = true;
				if (!found) {
					sh_csv_errf(&e, &c, i, ccert,
					    "certification \"%s\" is not an "
					    "option of variant %s", tok, v->id);
					free(list);
					goto bad_json;
				}
				json_array_append_new(certs, json_string(tok));
			}
			free(list);
		}
		if (cfacts != -1 && f[cfacts][0] != '\0') {
			struct sh_facts tf;

			sh_facts_init(&tf);
			if (sh_facts_parse(&tf, f[cfacts], strlen(f[cfacts]),
			    &e) == 0)
				for (k = 0; k < tf.ncerts; k++)
					json_array_append_new(certs,
					    json_string(tf.certs[k]));
			sh_facts_free(&tf);
		}
		for (k = 0; k < v->nitems; k++)
			if (v->items[k].kind == SH_ITEM_CERTIFICATION) {
				json_object_set(facts, v->items[k].fact, certs);
				break;
			}
		{
			/* The package's own check, so that what imports issues. */
			struct sh_facts	tf;
			char		why[SH_ERR_MAX];

			sh_facts_init(&tf);
			if (sh_facts_from_json(&tf, facts, &e) == -1 ||
			    sh_package_facts_check(&tf, v, &e) == -1) {
				memcpy(why, e.msg, sizeof why);
				sh_facts_free(&tf);
				sh_csv_errf(&e, &c, i, -1, "%s", why);
				goto bad_json;
			}
			sh_facts_free(&tf);
		}
		if (cdocs != -1 && f[cdocs][0] != '\0') {
			if ((list = strdup(f[cdocs])) == NULL)
				goto bad_json;
			for (tok = strtok_r(list, ";", &save); tok != NULL;
			    tok = strtok_r(NULL, ";", &save))
				if (add_document(docs, csvdir, tok, &c, i,
				    cdocs) != 0) {
					free(list);
					json_decref(facts);
					json_decref(certs);
					json_decref(docs);
					goto out;
				}
			free(list);
		}
		p->facts = json_dumps(facts, JSON_COMPACT | JSON_PRESERVE_ORDER);
		p->documents = json_dumps(docs, JSON_COMPACT |
		    JSON_PRESERVE_ORDER);
		json_decref(facts);
		json_decref(certs);
		json_decref(docs);
		if (p->facts == NULL || p->documents == NULL) {
			merr("out of memory");
			goto out;
		}
		continue;
bad_json:
		json_decref(facts);
		json_decref(certs);
		json_decref(docs);
bad:
		merr("%s", e.msg);
		goto out;
	}
	if (sh_round_add_proposals(r, recs, c.nrows - 1, &e) == -1) {
		merr("%s: %s", argv[0], e.msg);
		goto out;
	}
	if (!o->quiet)
		printf("%zu proposals imported\n", c.nrows - 1);
	rc = EXIT_OK;
out:
	if (recs != NULL)
		free_recs(recs, c.nrows);
	sh_csv_free(&c);
out_rubric:
	sh_rubric_free(rb);
	sh_round_info_free(&info);
	sh_round_close(r);
	return rc;
}

const struct cmd_entry cmd_proposals_import_entry = {
	.name = "proposals import",
	.usage = "[--db FILE] CSV",
	.help = "import proposals (id, title, applicant, variant, "
	    "prefecture, facts, documents) from CSV",
	.options = ",db,quiet,",
	.minargs = 1,
	.maxargs = 1,
	.exec = cmd_proposals_import_exec,
};
