/*
 * A sheet against its rubric and its assignment. Every scoring rule comes
 * from review/rules.h, so that the workstation refuses to write, and the
 * merge refuses to take, exactly the same sheets.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "format/sheet.h"
#include "review/rubric.h"
#include "review/rules.h"

/*
 * sh_variant_item(), looking from *next on first: sheets list their
 * entries in the rubric's order, so the item is almost always there
 * (the merge looks up every entry of every sheet it reads).
 */
static const struct sh_item *
find_item(const struct sh_variant *v, const char *id, size_t *next)
{
	const struct sh_item	*it;
	size_t			 k;

	for (k = *next; k < v->nitems; k++)
		if (strcmp(v->items[k].id, id) == 0)
			break;
	if (k < v->nitems)
		it = &v->items[k];
	else if ((it = sh_variant_item(v, id)) == NULL)
		return NULL;
	*next = (size_t)(it - v->items) + 1;
	return it;
}

int
sh_sheet_entries(const struct sh_sheet_proposal *p, const struct sh_variant *v,
    struct sh_entry *out, struct sh_err *err)
{
	const struct sh_sheet_entry	*e;
	const struct sh_item		*it;
	size_t				 j, next = 0;

	memset(out, 0, v->nitems * sizeof *out);
	for (j = 0; j < p->nentries; j++) {
		e = &p->entries[j];
		if ((it = find_item(v, e->item, &next)) == NULL)
			return sh_errf(err, "entries[%zu]: variant %s has no "
			    "item %s", j, v->id, e->item);
		switch (it->kind) {
		case SH_ITEM_JUDGED:
			if (!e->has_score)
				return sh_errf(err, "entries[%zu]: item %s is "
				    "judged: it takes a score, not a value", j,
				    it->id);
			out[it->index].value = e->score;
			break;
		case SH_ITEM_BONUS:
			if (!e->has_value)
				return sh_errf(err, "entries[%zu]: item %s is "
				    "a bonus item: it takes a value, not a "
				    "score", j, it->id);
			out[it->index].value = e->value;
			break;
		default:
			return sh_errf(err, "entries[%zu]: item %s is %s %s "
			    "item: its points come from the proposal's facts, "
			    "never from a sheet", j, it->id,
			    it->kind == SH_ITEM_INDICATOR ? "an" : "a",
			    sh_item_kind_name(it->kind));
		}
		out[it->index].set = true;
		out[it->index].cannot_judge = e->cannot_judge;
		out[it->index].comment = e->comment;
	}
	return 0;
}

static int
check_proposal(const struct sh_sheet *s, size_t i, const struct sh_rubric *r,
    const struct sh_assignment *a, struct sh_err *err)
{
	const struct sh_sheet_proposal	*p = &s->proposals[i];
	const struct sh_variant		*v;
	struct sh_entry			*ents;
	int				 rc;

	if (strcmp(p->variant, a->variant) != 0)
		return sh_errf(err, "variant %s, but the proposal was assigned "
		    "as variant %s", p->variant, a->variant);
	if ((v = sh_rubric_variant(r, p->variant)) == NULL)
		return sh_errf(err, "rubric %s has no variant %s", r->id,
		    p->variant);
	if (p->action == SH_ACTION_WITHDRAW)
		return p->nentries == 0 ? 0 :
		    sh_errf(err, "withdrawn, but has entries");
	if ((ents = calloc(v->nitems ? v->nitems : 1, sizeof *ents)) == NULL)
		return sh_errf(err, "out of memory");
	rc = sh_sheet_entries(p, v, ents, err);
	if (rc == 0)
		rc = sh_entries_validate(r, v, ents, v->nitems, true, err);
	free(ents);
	return rc;
}

int
sh_sheet_check(const struct sh_sheet *s, const struct sh_rubric *r,
    const struct sh_assignment *assigned, size_t n, struct sh_err *err)
{
	if (sh_sheet_validate(s, err) != 0)
		return sh_err_prefix(err, "sheet.json");
	return sh_sheet_check_parsed(s, r, assigned, n, err);
}

/* Whether the sheet's proposal at position i has this id. */
static bool
same_id(const struct sh_sheet *s, size_t i, const char *id)
{
	return i < s->nproposals && s->proposals[i].id != NULL &&
	    strcmp(s->proposals[i].id, id) == 0;
}

int
sh_sheet_check_parsed(const struct sh_sheet *s, const struct sh_rubric *r,
    const struct sh_assignment *assigned, size_t n, struct sh_err *err)
{
	const struct sh_sheet_proposal	*p;
	size_t				 i, j;

	if (strcmp(s->rubric_id, r->id) != 0)
		return sh_errf(err, "sheet.json: rubric %s, but the round's "
		    "rubric is %s", s->rubric_id, r->id);
	if (strcmp(s->rubric_sha256, r->hash_hex) != 0)
		return sh_errf(err, "sheet.json: rubric %s has hash %.12s..., "
		    "but the round's rubric has %.12s...", s->rubric_id,
		    s->rubric_sha256, r->hash_hex);
	/*
	 * Proposal ids are unique in a valid sheet: "exactly once" follows.
	 * Sheets list their proposals in the assignment's order, so the
	 * same position is tried first: searching each list for every
	 * proposal was 10,000 comparisons for a sheet of 100.
	 */
	for (j = 0; j < n; j++)
		if (!same_id(s, j, assigned[j].proposal) &&
		    sh_sheet_proposal(s, assigned[j].proposal) == NULL)
			return sh_errf(err, "sheet.json: proposal %s is assigned "
			    "to reviewer %s but is not in the sheet",
			    assigned[j].proposal, s->reviewer);
	for (i = 0; i < s->nproposals; i++) {
		p = &s->proposals[i];
		if (i < n && same_id(s, i, assigned[i].proposal))
			j = i;
		else
			for (j = 0; j < n; j++)
				if (strcmp(assigned[j].proposal, p->id) == 0)
					break;
		if (j == n)
			return sh_errf(err, "sheet.json: proposals[%zu]: "
			    "proposal %s is not assigned to reviewer %s", i,
			    p->id, s->reviewer);
		if (check_proposal(s, i, r, &assigned[j], err) != 0)
			return sh_err_prefix(err, "sheet.json: proposals[%zu] "
			    "(%s)", i, p->id);
	}
	return 0;
}
