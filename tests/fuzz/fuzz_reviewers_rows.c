/*
 * The row checks of `reviewers import` (merge/reviewers_rows.c) on any
 * CSV: read on their own, then against a round that has registered
 * three reviewers (r00001-r00003 with the benchmark's keys, which the
 * seed corpus uses too, so that repeats and clashes are reached). What
 * is accepted must be registrable: ids valid and unique, names safe,
 * each key given once with the age recipient derived from it, and no id
 * or key of a registered reviewer. What is refused leaves no records and
 * names the file.
 */
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include <sodium.h>

#include "format/json_util.h"
#include "format/package.h"
#include "store/csv.h"
#include "store/round.h"
#include "reviewers_rows.h"

int	LLVMFuzzerTestOneInput(const uint8_t *, size_t);

static const char *const fz_rev_keys[3] = {
	"RWQYIagZH4Ks3pIcZT76yLDrzRjwP0Olcx0+P5CEzTPHuZr94BezvvFU",
	"RWRPmf+sR4VMbeCiOy7fzUwH3Z57m53MOv22YLJgk9EJ2gTL7n+EtBaX",
	"RWTuB58w1S8q0VU/UMPR90gCJvZGa25Gl+oVnV/RDFyGU+LPUHToJzKP",
};

/* The accepted records keep every promise of reviewers_rows.h. */
static void
fz_rev_hold(const struct sh_csv *c, const struct sh_reviewer_rec *recs,
    const struct mi_registry *g, bool checked)
{
	struct sh_minisign_pk	pk;
	struct mi_reviewer_keys	k;
	size_t			i, j, n = c->nrows - 1;

	for (i = 0; i < n; i++) {
		if (!sh_round_id_valid(recs[i].id) || recs[i].name[0] == '\0' ||
		    !sh_json_text_ok(recs[i].name, SH_PACKAGE_MAX_TEXT,
		    SH_TEXT_LINE) ||
		    sh_minisign_pk_parse(recs[i].public_key,
		    strlen(recs[i].public_key), &pk, NULL) != 0 ||
		    mi_reviewer_derive(&pk, &k, NULL) != 0 ||
		    strcmp(k.rcpt, recs[i].recipient) != 0)
			abort();
		for (j = 0; j < i; j++)
			if (strcmp(recs[i].id, recs[j].id) == 0 ||
			    strcmp(recs[i].public_key, recs[j].public_key) == 0)
				abort();
		for (j = 0; checked && j < g->nv; j++)
			if (strcmp(recs[i].id, g->vs[j].id) == 0 ||
			    strcmp(recs[i].public_key, g->vs[j].public_key) ==
			    0)
				abort();
	}
}

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	static struct sh_reviewer_rec	 vs[3];
	static struct mi_reviewer_keys	 vk[3];
	static struct mi_registry	 g;
	static const char *const	 ids[3] = { "r00001", "r00002",
					    "r00003" };
	struct sh_reviewer_rec		*recs;
	struct mi_reviewer_keys		*keys;
	struct sh_minisign_pk		 pk;
	struct sh_csv			 c;
	struct sh_err			 e;
	size_t				 i;

	if (g.by_key == NULL) {
		if (sodium_init() < 0)
			abort();
		for (i = 0; i < 3; i++) {
			if (sh_minisign_pk_parse(fz_rev_keys[i],
			    strlen(fz_rev_keys[i]), &pk, NULL) != 0 ||
			    mi_reviewer_derive(&pk, &vk[i], NULL) != 0)
				abort();
			vs[i].id = (char *)ids[i];
			vs[i].name = (char *)"審査委員";
			vs[i].public_key = vk[i].b64;
			vs[i].recipient = vk[i].rcpt;
		}
		if (mi_registry_init(&g, vs, 3) != 0)
			abort();
	}
	if (sh_csv_parse("r.csv", (const char *)data, size, NULL, &c, &e) != 0)
		return 0;
	if (mi_reviewer_rows_read(&c, &recs, &keys, &e) != 0) {
		if (recs != NULL || keys != NULL ||
		    (strncmp(e.msg, "r.csv", 5) != 0 &&
		    strcmp(e.msg, "out of memory") != 0))
			abort();
		sh_csv_free(&c);
		return 0;
	}
	fz_rev_hold(&c, recs, &g, false);
	if (mi_reviewer_rows_check(&c, recs, &g, &e) == 0)
		fz_rev_hold(&c, recs, &g, true);
	else if (strncmp(e.msg, "r.csv", 5) != 0)
		abort();
	free(recs);
	free(keys);
	sh_csv_free(&c);
	return 0;
}
