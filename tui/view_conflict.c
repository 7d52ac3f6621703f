/*
 * Conflict of interest declaration (利害関係), per proposal and before
 * any scoring: (ア)–(キ) in the seed's words, each to tick, then one
 * decision. (ア)–(カ) leave only withdrawal; (キ) alone allows review
 * to continue pending the committee's decision, or withdrawal; nothing
 * ticked means no conflict. Ticks are only saved with the decision.
 * (キ) is declared in writing (DESIGN.md rule 12): continuing with (キ)
 * opens the editor for the statement the committee reads.
 */
#include <stdlib.h>

#include "app.h"
#include "draw.h"
#include "i18n.h"
#include "keymap.h"
#include "msg.h"
#include "views.h"
#include "xmalloc.h"

enum {
	TAG_NONE = SH_DECLARE_NCODES,	/* no conflict: review */
	TAG_CONTINUE,			/* (キ) only: review pending */
	TAG_WITHDRAW
};

struct conflict {
	size_t		prop;
	int		then_score;
	unsigned	ticks;
	struct ui_page	page;
	int		first;
};

static bool
tag_enabled(const struct conflict *c, int tag)
{
	switch (tag) {
	case TAG_NONE:
		return c->ticks == 0;
	case TAG_CONTINUE:
		return c->ticks == SH_DECLARE_G;
	case TAG_WITHDRAW:
		return true;
	}
	return tag >= 0 && tag < SH_DECLARE_NCODES;
}

static void
build(struct view *v, struct conflict *c, int cols)
{
	struct app		*app = ui_app(v->ui);
	struct ws_proposal	*p = &app->ws->props[c->prop];
	char			*st;
	unsigned		 i;

	page_init(&c->page, cols);
	page_addf(&c->page, UI_HEADER, -1, 0, "%s  %s", p->id, p->title);
	if (p->applicant != NULL)
		page_addf(&c->page, UI_DIM, -1, 0, _("Applicant: %s"),
		    p->applicant);
	st = msg_conflict(p);
	page_addf(&c->page, UI_DIM, -1, 0, _("Declared now: %s"), st);
	free(st);
	/* Each scheme numbers its clause on conflicts differently
	 * (chiiki 4(2), kakine 5(2)): the rubric says which. */
	if (app->ws->rubric->conflict_clause != NULL)
		page_addf(&c->page, UI_NORMAL, -1, 0,
		    _("Tick every relationship you have with this applicant "
		    "(%s):"), app->ws->rubric->conflict_clause);
	else
		page_add(&c->page, UI_NORMAL, -1, 0,
		    _("Tick every relationship you have with this "
		    "applicant:"));
	for (i = 0; i < SH_DECLARE_NCODES; i++)
		page_addf(&c->page, UI_NORMAL, (int)i, 0, "[%s] %s %s",
		    c->ticks & (1u << i) ? "x" : " ", ws_conflict_label(i),
		    ws_conflict_text(i));
	if (c->ticks & SH_DECLARE_G) {
		if (p->statement != NULL)
			page_addf(&c->page, UI_NORMAL, -1, 0,
			    _("(キ) statement: %s"), p->statement);
		else
			page_add(&c->page, UI_WARN, -1, 0,
			    _("(キ) statement: not written yet (e to write "
			    "it)"));
	}
	page_add(&c->page, UI_NORMAL, -1, 0, "");
	page_add(&c->page, tag_enabled(c, TAG_NONE) ? UI_GOOD : UI_DIM,
	    TAG_NONE, 2, _("-> No conflict: review this proposal"));
	page_add(&c->page, tag_enabled(c, TAG_CONTINUE) ? UI_WARN : UI_DIM,
	    TAG_CONTINUE, 2, _("-> (キ) only: continue reviewing; the "
	    "committee decides whether the review counts"));
	page_add(&c->page, UI_WARN, TAG_WITHDRAW, 2,
	    _("-> Withdraw: do not review this proposal"));
	if (sh_conflict_must_withdraw(c->ticks, NULL))
		page_add(&c->page, UI_ERROR, -1, 0,
		    _("(ア)–(カ): you must not review this proposal; only "
		    "withdrawal is possible."));
}

static int
conflict_open(struct view *v, void *arg)
{
	struct conflict_arg	*a = arg;
	struct app		*app = ui_app(v->ui);
	struct conflict		*c;

	c = xcalloc(1, sizeof(*c));
	c->prop = a->prop;
	c->then_score = a->then_score;
	c->ticks = app->ws->props[a->prop].declared;
	v->data = c;
	v->nlines = TAG_WITHDRAW + 1;
	return 0;
}

static void
conflict_draw(struct view *v, int top, int rows, int cols)
{
	struct conflict *c = v->data;

	page_free(&c->page);
	build(v, c, cols);
	c->first = page_scroll(&c->page, rows, c->first, v->sel);
	page_draw(v->ui, &c->page, top, rows, c->first, v->sel);
}

static int
decide(struct view *v, int tag)
{
	struct conflict		*c = v->data;
	struct app		*app = ui_app(v->ui);
	struct ws_proposal	*p = &app->ws->props[c->prop];
	struct sh_err		 err;
	char			 why[2 * SH_ERR_MAX];
	enum ws_conflict_state	 st;
	struct ui		*ui = v->ui;
	size_t			 prop = c->prop;
	int			 then = c->then_score;

	if (!tag_enabled(c, tag)) {
		if (tag == TAG_NONE)
			ui_error(v->ui, "%s", _("Untick every relationship "
			    "to declare no conflict."));
		else
			ui_error(v->ui, "%s", _("Continuing is possible only "
			    "when (キ) alone is ticked."));
		return UI_HANDLED | UI_REDRAW;
	}
	st = tag == TAG_WITHDRAW ? WS_CONFLICT_WITHDRAW : WS_CONFLICT_REVIEW;
	if (ws_declare(app->ws, p, c->ticks, st, &err) != 0) {
		msg_err(&err, why, sizeof(why));
		ui_error(v->ui, "%s", why);
		return UI_HANDLED | UI_REDRAW;
	}
	if (st == WS_CONFLICT_WITHDRAW)
		ui_message(v->ui, _("%s: withdrawn; saved."), p->id);
	else
		ui_message(v->ui, _("%s: declaration saved."), p->id);
	ui_pop(ui);		/* frees v and c */
	if (then && st == WS_CONFLICT_REVIEW)
		open_proposal(ui, prop, 0);
	/* On top, so that the statement is written before scoring. */
	if (sh_conflict_statement_missing(p->declared,
	    st == WS_CONFLICT_WITHDRAW, p->statement))
		open_editor(ui, prop, EDIT_STATEMENT, 0);
	return UI_HANDLED | UI_REDRAW;
}

static int
conflict_input(struct view *v, const struct ui_key *k)
{
	struct conflict	*c = v->data;
	int		 r;

	if ((r = ui_list_input(v, k)) != UI_UNHANDLED)
		return r;
	if (km_is(k, KM_TICK) ||
	    (km_is(k, KM_ENTER) && v->sel < SH_DECLARE_NCODES)) {
		if (v->sel < SH_DECLARE_NCODES)
			c->ticks ^= 1u << v->sel;
		return UI_HANDLED | UI_REDRAW;
	}
	if (km_is(k, KM_ENTER))
		return decide(v, v->sel);
	if (km_is(k, KM_NO))
		return decide(v, TAG_NONE);
	if (km_is(k, KM_WITHDRAW))
		return decide(v, TAG_WITHDRAW);
	if (km_is(k, KM_CONTINUE))
		return decide(v, TAG_CONTINUE);
	if (km_is(k, KM_UNDO)) {
		struct app *app = ui_app(v->ui);

		/* The ticks show the declaration as it now is. */
		if (view_undo(v->ui, c->prop) == 0)
			c->ticks = app->ws->props[c->prop].declared;
		return UI_HANDLED | UI_REDRAW;
	}
	if (km_is(k, KM_EDIT)) {
		if (!(c->ticks & SH_DECLARE_G)) {
			ui_error(v->ui, "%s", _("The statement is for (キ): "
			    "tick (キ) first."));
			return UI_HANDLED | UI_REDRAW;
		}
		open_editor(v->ui, c->prop, EDIT_STATEMENT, 0);
		return UI_HANDLED | UI_REDRAW;
	}
	return UI_UNHANDLED;
}

static void
conflict_close(struct view *v)
{
	struct conflict *c = v->data;

	page_free(&c->page);
	free(c);
}

const struct view_ops view_conflict_ops = {
	.name = N_("Conflict of interest"),
	.open = conflict_open,
	.draw = conflict_draw,
	.input = conflict_input,
	.close = conflict_close,
	.keyset = KM_V_CONFLICT,
};
