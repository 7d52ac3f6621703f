/*
 * The row checks of `proposals import` (merge/proposals_rows.c) on any
 * CSV, against each of the two rubrics in data/rubrics/. What they accept must be what a
 * package can carry and a round can store: every id valid and unique,
 * a variant of the rubric, a prefecture 01-47, a title and applicant
 * safe to show, facts that pass the package's own check again when read
 * back from the stored JSON. What they refuse leaves no records and a
 * message that names the file. Documents are named, never read: the
 * harness describes each name without touching the file system.
 */
#include <stddef.h>
#include <stdint.h>
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
#include "store/round.h"
#include "proposals_rows.h"

int	LLVMFuzzerTestOneInput(const uint8_t *, size_t);

static int
fz_rows_doc(void *arg, const char *name, json_t *docs, struct sh_err *err)
{
	(void)arg;
	if (strlen(name) > 64)
		return sh_errf(err, "%s: name too long for this harness",
		    "document");
	return json_array_append_new(docs, json_pack("{s:s}", "name",
	    name)) == 0 ? 0 : sh_errf(err, "out of memory");
}

/* The stored facts JSON read back and checked as a package would. */
static void
fz_rows_facts_hold(const struct sh_proposal_rec *p, const struct sh_rubric *rb)
{
	const struct sh_variant	*v = sh_rubric_variant(rb, p->variant);
	struct sh_facts		 f;
	struct sh_err		 e;
	json_t			*j, *d;

	if (v == NULL || (j = json_loads(p->facts, 0, NULL)) == NULL ||
	    (d = json_loads(p->documents, 0, NULL)) == NULL ||
	    !json_is_array(d))
		abort();
	sh_facts_init(&f);
	if (sh_facts_from_json(&f, j, &e) != 0 ||
	    sh_package_facts_check(&f, v, &e) != 0)
		abort();
	sh_facts_free(&f);
	json_decref(j);
	json_decref(d);
}

/* One rubric's verdict on the CSV. */
static void
fz_rows_check(const struct sh_csv *c, const struct sh_rubric *rb)
{
	struct sh_proposal_rec	*recs;
	struct sh_err		 e;
	size_t			 i, k;

	if (mi_proposals_rows(c, rb, fz_rows_doc, NULL, &recs, &e) != 0) {
		if (recs != NULL || (strncmp(e.msg, "p.csv", 5) != 0 &&
		    strcmp(e.msg, "out of memory") != 0))
			abort();
		return;
	}
	for (i = 0; i + 1 < c->nrows; i++) {
		const struct sh_proposal_rec *p = &recs[i];

		if (!sh_round_id_valid(p->id) ||
		    !sh_round_prefecture_valid(p->prefecture) ||
		    p->title[0] == '\0' || p->applicant[0] == '\0' ||
		    !sh_json_text_ok(p->title, SH_PACKAGE_MAX_TEXT,
		    SH_TEXT_LINE) ||
		    !sh_json_text_ok(p->applicant, SH_PACKAGE_MAX_TEXT,
		    SH_TEXT_LINE))
			abort();
		for (k = 0; k < i; k++)
			if (strcmp(recs[k].id, p->id) == 0)
				abort();
		fz_rows_facts_hold(p, rb);
	}
	mi_proposal_recs_free(recs, c->nrows);
}

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	static const char *const names[] = { "kakine-2024", "chiiki-2020" };
	static struct sh_rubric	*rb[2];
	struct sh_csv		 c;
	struct sh_err		 e;
	char			 path[4096];
	size_t			 i;

	for (i = 0; i < 2 && rb[1] == NULL; i++) {
		snprintf(path, sizeof path, "%s/data/rubrics/%s.json",
		    SHINSA_SOURCE_DIR, names[i]);
		if (sodium_init() < 0 ||
		    (rb[i] = sh_rubric_load_file(path, &e)) == NULL)
			abort();
	}
	if (sh_csv_parse("p.csv", (const char *)data, size, NULL, &c, &e) != 0)
		return 0;
	if (sh_csv_alias(&c, mi_proposal_columns_ja) != 0)
		abort();
	for (i = 0; i < 2; i++)
		fz_rows_check(&c, rb[i]);
	sh_csv_free(&c);
	return 0;
}
