/* A sheet's reviews: see reviews.h. */
#define _GNU_SOURCE
#include <stdlib.h>
#include <string.h>

#include <jansson.h>

#include "format/reviews.h"
#include "review/rubric.h"
#include "review/tally.h"

int
sh_sheet_reviews(const struct sh_sheet *s, const struct sh_rubric *r,
    sh_reviews_facts_fn *facts, void *arg, struct sh_review *out,
    struct sh_err *err)
{
	struct sh_entry		*ents = NULL;
	size_t			 i, cap = 0;
	int			 rc = -1;

	for (i = 0; i < s->nproposals; i++) {
		const struct sh_sheet_proposal	*p = &s->proposals[i];
		const struct sh_variant		*v;
		const struct sh_facts		*f;
		struct sh_score			 score;
		struct sh_flags			 fl;

		memset(&out[i], 0, sizeof out[i]);
		out[i].proposal = p->id;
		out[i].declared = p->declared;
		out[i].withdrawn = p->action == SH_ACTION_WITHDRAW;
		if (out[i].withdrawn)
			continue;
		if ((v = sh_rubric_variant(r, p->variant)) == NULL) {
			sh_errf(err, "variant %s is not in the rubric",
			    p->variant);
			goto bad;
		}
		if (v->nitems + 1 > cap) {
			free(ents);
			cap = v->nitems + 1;
			if ((ents = calloc(cap, sizeof *ents)) == NULL) {
				sh_errf(err, "out of memory");
				goto out;
			}
		} else
			memset(ents, 0, cap * sizeof *ents);
		if (sh_sheet_entries(p, v, ents, err) == -1 ||
		    (f = facts(arg, p->id, err)) == NULL ||
		    sh_entries_score(r, v, ents, v->nitems, f, &score,
		    err) == -1)
			goto bad;
		if (!score.complete) {
			sh_errf(err, "not every item has points");
			goto bad;
		}
		sh_entries_flags(r, v, ents, v->nitems, &fl);
		out[i].total = score.points;
		out[i].flags = (fl.nmandatory > 0 ? SH_OBS_MANDATORY_ONE : 0) |
		    (fl.low ? SH_OBS_MANY_LOW : 0);
		continue;
bad:
		sh_err_prefix(err, "proposal %s", p->id);
		goto out;
	}
	rc = 0;
out:
	free(ents);
	return rc;
}

int
sh_facts_cache_init(struct sh_facts_cache *c, size_t n, struct sh_err *err)
{
	size_t i;

	memset(c, 0, sizeof *c);
	if ((c->facts = calloc(n + 1, sizeof *c->facts)) == NULL ||
	    (c->read = calloc(n + 1, sizeof *c->read)) == NULL) {
		free(c->facts);
		c->facts = NULL;
		return sh_errf(err, "out of memory");
	}
	c->n = n;
	for (i = 0; i < n; i++)
		sh_facts_init(&c->facts[i]);
	return 0;
}

const struct sh_facts *
sh_facts_cache_get(struct sh_facts_cache *c, size_t i, const char *text,
    struct sh_err *err)
{
	json_t		*fj;
	json_error_t	 je;
	int		 rc;

	if (c->read[i])
		return &c->facts[i];
	if ((fj = json_loads(text, 0, &je)) == NULL) {
		sh_errf(err, "facts: %s", je.text);
		return NULL;
	}
	rc = sh_facts_from_json(&c->facts[i], fj, err);
	json_decref(fj);
	if (rc == -1) {
		sh_facts_free(&c->facts[i]);
		sh_facts_init(&c->facts[i]);
		return NULL;
	}
	c->read[i] = true;
	return &c->facts[i];
}

void
sh_facts_cache_free(struct sh_facts_cache *c)
{
	size_t i;

	if (c->facts != NULL)
		for (i = 0; i < c->n; i++)
			sh_facts_free(&c->facts[i]);
	free(c->facts);
	free(c->read);
	memset(c, 0, sizeof *c);
}

void
sh_review_list_free(struct sh_review_list *l)
{
	free(l->v);
	free(l->ids);
	memset(l, 0, sizeof *l);
}

int
sh_review_list_reserve(struct sh_review_list *l, size_t n)
{
	void	*v, *ids;
	size_t	 cap;

	if (n <= l->cap)
		return 0;
	cap = l->cap ? l->cap : 128;
	while (cap < n)
		cap *= 2;
	if ((v = reallocarray(l->v, cap, sizeof *l->v)) == NULL)
		return -1;
	l->v = v;
	if ((ids = reallocarray(l->ids, cap, sizeof *l->ids)) == NULL)
		return -1;
	l->ids = ids;
	l->cap = cap;
	return 0;
}
