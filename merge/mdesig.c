/* Designations beside a tally (mdesig.h). */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "base/i18n.h"
#include "mdesig.h"

static int
by_id(const void *key, const void *elem)
{
	return strcmp(key, *(const char *const *)elem);
}

size_t
mdesig_find(const char *const *ids, size_t n, const char *id)
{
	const char *const *p = bsearch(id, ids, n, sizeof *ids, by_id);

	return p != NULL ? (size_t)(p - ids) : n;
}

int
mdesig_cands(const struct sh_tally *t, const char *const *ids,
    const struct mdesig *d, size_t nd, struct sh_desig_cand *c, size_t *bad)
{
	const struct sh_tally_proposal	*tp;
	size_t				 i, k;

	for (i = 0; i < t->nproposals; i++) {
		tp = sh_tally_proposal(t, i);
		memset(&c[i], 0, sizeof c[i]);
		c[i].tenths = tp->tenths;
		c[i].rank = tp->rank;
		c[i].flags = tp->flags;
	}
	for (i = 0; i < nd; i++) {
		if ((k = mdesig_find(ids, t->nproposals, d[i].proposal)) ==
		    t->nproposals) {
			if (bad != NULL)
				*bad = i;
			return -1;
		}
		c[k].designated = true;
		c[k].has_reason = d[i].balance != NULL;
		c[k].beyond = d[i].beyond;
	}
	return 0;
}

const char *
mdesig_words(const struct sh_desig_problem *p, const struct sh_desig_cand *c,
    const char *const *ids, char *buf, size_t size)
{
	char	a[24], b[24];

	switch (p->kind) {
	case SH_DESIG_UNSCORED:
		snprintf(buf, size, _("%s has no score (no review counts for "
		    "it), so it cannot be designated."), ids[p->cand]);
		break;
	case SH_DESIG_PENDING:
		snprintf(buf, size, _("%s has a (キ) conflict of interest "
		    "awaiting the committee's decision (shinsa-merge decide): it "
		    "cannot be designated until the decision is recorded."),
		    ids[p->cand]);
		break;
	case SH_DESIG_MANDATORY_ONE:
		snprintf(buf, size, _("%s had a mandatory item (1-5) scored 1, "
		    "which means non-adoption: it cannot be designated."),
		    ids[p->cand]);
		break;
	case SH_DESIG_MANY_LOW:
		snprintf(buf, size, _("%s has markedly many items scored 2 or "
		    "1, and such a proposal is not designated."), ids[p->cand]);
		break;
	case SH_DESIG_NEEDS_REASON:
		sh_tally_fmt_tenths(c[p->cand].tenths, a, sizeof a);
		sh_tally_fmt_tenths(c[p->above].tenths, b, sizeof b);
		snprintf(buf, size, _("%s (score %s) is designated ahead of "
		    "%s (score %s), which is not: a choice out of score order "
		    "for balance needs its reason (--balance REASON)."),
		    ids[p->cand], a, ids[p->above], b);
		break;
	case SH_DESIG_BEYOND_GUIDELINE:
		snprintf(buf, size, _("Choices for balance would be %zu of the "
		    "%zu designated, more than the guideline of one third: the "
		    "committee must acknowledge it (--beyond-guideline)."),
		    p->nbalance, p->ndesignated);
		break;
	default:
		snprintf(buf, size, "?");
	}
	return buf;
}

json_t *
mdesig_doc(const char *round, const char *results_sha256,
    const struct mdesig *d, size_t n)
{
	json_t	*doc, *arr, *o;
	size_t	 i;

	arr = json_array();
	for (i = 0; i < n; i++) {
		o = json_pack("{s:s, s:s?, s:s?, s:b}", "proposal",
		    d[i].proposal, "balance", d[i].balance, "condition",
		    d[i].condition, "beyond", d[i].beyond);
		if (o == NULL || json_array_append_new(arr, o) == -1) {
			json_decref(arr);
			return NULL;
		}
	}
	doc = json_pack("{s:s, s:s, s:s, s:o}", "format", MDESIG_FORMAT,
	    "round", round, "results_sha256", results_sha256,
	    "designations", arr);
	return doc;
}

static const char *
opt_str(const json_t *o, const char *k, bool *bad)
{
	const json_t *v = json_object_get(o, k);

	if (v == NULL || json_is_null(v))
		return NULL;
	if (!json_is_string(v) || json_string_length(v) == 0)
		*bad = true;
	return json_string_value(v);
}

int
mdesig_parse(const json_t *doc, struct mdesig **d, size_t *n,
    struct sh_err *err)
{
	const json_t	*arr, *o;
	size_t		 i;
	bool		 bad = false;

	*d = NULL;
	*n = 0;
	if (!json_is_object(doc) || !json_is_string(json_object_get(doc,
	    "format")) || strcmp(json_string_value(json_object_get(doc,
	    "format")), MDESIG_FORMAT) != 0)
		return sh_errf(err, "format is not %s", MDESIG_FORMAT);
	if (!json_is_string(json_object_get(doc, "round")) ||
	    !json_is_string(json_object_get(doc, "results_sha256")) ||
	    !json_is_array(arr = json_object_get(doc, "designations")))
		return sh_errf(err, "no round, results_sha256 or "
		    "designations");
	if ((*d = calloc(json_array_size(arr) + 1, sizeof **d)) == NULL)
		return sh_errf(err, "out of memory");
	json_array_foreach(arr, i, o) {
		if (!json_is_object(o) || !json_is_string(json_object_get(o,
		    "proposal")) || !json_is_boolean(json_object_get(o,
		    "beyond")))
			bad = true;
		(*d)[i].proposal = json_string_value(json_object_get(o,
		    "proposal"));
		(*d)[i].balance = opt_str(o, "balance", &bad);
		(*d)[i].condition = opt_str(o, "condition", &bad);
		(*d)[i].beyond = json_is_true(json_object_get(o, "beyond"));
		if (bad || (i > 0 && strcmp((*d)[i - 1].proposal,
		    (*d)[i].proposal) >= 0)) {
			free(*d);
			*d = NULL;
			return sh_errf(err, "designations[%zu]: not a "
			    "designation, or out of order", i);
		}
	}
	*n = json_array_size(arr);
	return 0;
}
