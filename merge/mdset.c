/* The round's designations beside its tally (mdset.h). */
#include <stdlib.h>
#include <string.h>

#include "merge.h"
#include "mdset.h"


void
mdset_free(struct mdset *s)
{
	sh_designation_recs_free(s->d, s->nd);
	free(s->ids);
	free(s->before);
	free(s->after);
	memset(s, 0, sizeof *s);
}

/* Loads the designations and the candidates of the tallied round m. */
int
mdset_load(struct sh_round *r, const struct mround *m, struct mdset *s)
{
	struct mdesig	*md = NULL;
	struct sh_err	 e;
	size_t		 i, bad;
	int		 rc = -1;

	memset(s, 0, sizeof *s);
	if (sh_round_designations(r, &s->d, &s->nd, &e) == -1) {
		merr("%s", sh_errstr(&e));
		return -1;
	}
	s->n = m->np;
	s->ids = calloc(s->n + 1, sizeof *s->ids);
	s->before = calloc(s->n + 1, sizeof *s->before);
	s->after = calloc(s->n + 1, sizeof *s->after);
	md = calloc(s->nd + 1, sizeof *md);
	if (s->ids == NULL || s->before == NULL || s->after == NULL ||
	    md == NULL) {
		merr("%s", _("out of memory"));
		goto out;
	}
	for (i = 0; i < s->n; i++)
		s->ids[i] = m->ps[i].id;
	for (i = 0; i < s->nd; i++) {
		md[i].proposal = s->d[i].proposal;
		md[i].balance = s->d[i].balance;
		md[i].condition = s->d[i].condition;
		md[i].beyond = s->d[i].beyond;
	}
	if (mdesig_cands(m->res.tally, s->ids, md, s->nd, s->before,
	    &bad) == -1) {
		merr(_("designation of unknown proposal %s"),
		    md[bad].proposal);
		goto out;
	}
	memcpy(s->after, s->before, s->n * sizeof *s->after);
	rc = 0;
out:
	free(md);
	if (rc == -1)
		mdset_free(s);
	return rc;
}


const struct sh_designation_rec *
mdset_get(const struct mdset *s, const char *id)
{
	size_t i;

	for (i = 0; i < s->nd; i++)
		if (strcmp(s->d[i].proposal, id) == 0)
			return &s->d[i];
	return NULL;
}

int
mcommittee_open(const struct merge_opts *o, struct mcommittee *c)
{
	memset(c, 0, sizeof *c);
	if ((c->r = mopen_round(o)) == NULL)
		return -1;
	if (mround_load(c->r, &c->m) == -1) {
		sh_round_close(c->r);
		return -1;
	}
	if (mdset_load(c->r, &c->m, &c->s) == -1) {
		mround_free(&c->m);
		sh_round_close(c->r);
		return -1;
	}
	return 0;
}

void
mcommittee_close(struct mcommittee *c)
{
	mdset_free(&c->s);
	mround_free(&c->m);
	sh_round_close(c->r);
	memset(c, 0, sizeof *c);
}
