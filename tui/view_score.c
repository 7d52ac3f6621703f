/*
 * Scoring one proposal item by item. Every item of the variant is
 * listed under its section; the selected one opens up to show its
 * criterion in full, the five labels of the scale and its comment.
 * Judged items take 1–5 (the labels come from the rubric), bonus items
 * only their listed values, and indicator and certification items are
 * read-only, showing the facts their points come from. The overall
 * remarks, the conditions and the private scratchpad follow the items.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "app.h"
#include "base/buf.h"
#include "base/text.h"
#include "draw.h"
#include "i18n.h"
#include "keymap.h"
#include "msg.h"
#include "views.h"
#include "xmalloc.h"

/* The document beside the items: from this width, the items keep
 * SCORE_ITEMS_COLS and the rest, past a rule, is the document's. */
#define SCORE_BESIDE_COLS	160
#define SCORE_ITEMS_COLS	80

struct score {
	size_t		prop;
	struct pager	*doc;	/* beside the items, made when first shown */
	struct ui_page	head;	/* fixed at the top */
	struct ui_page	page;	/* scrolls */
	int		first;
};

static struct ws_proposal *
prop_of(struct view *v)
{
	struct score	*s = v->data;
	struct app	*app = ui_app(v->ui);

	return &app->ws->props[s->prop];
}

static const char *
scale_label(const struct ws *ws, int score)
{
	if (score < SH_SCORE_MIN || score > SH_SCORE_MAX ||
	    ws->rubric->scale[score] == NULL)
		return "";
	return ws->rubric->scale[score];
}

static void
values_list(const struct sh_item *it, char *buf, size_t size)
{
	size_t	i, n = 0;

	buf[0] = '\0';
	for (i = 0; i < it->nvalues && n < size; i++)
		n += (size_t)snprintf(buf + n, size - n, "%s%d",
		    i > 0 ? ", " : "", it->values[i]);
}

static void
item_lines(struct view *v, struct ui_page *pg, size_t i, bool sel)
{
	struct app			*app = ui_app(v->ui);
	struct ws			*ws = app->ws;
	struct ws_proposal		*p = prop_of(v);
	const struct sh_item		*it = ws_item(p, i);
	const struct ws_entry		*e = &p->entries[i];
	const struct sh_band		*band;
	const struct sh_cert_option	*opt;
	char				 vals[128], *line = NULL;
	const char			*mark = "";
	double				 fact;
	int				 pts, s;
	enum ui_role			 role = UI_NORMAL;

	if (ws_comment_missing(ws, p, i)) {
		mark = _(" ! comment required");
		role = UI_ERROR;
	} else if (ws_comment_required(ws, p, i))
		mark = _(" * comment required");
	switch (it->kind) {
	case SH_ITEM_JUDGED:
		if (!e->set)
			line = xasprintf(_("%-5s  -  (not scored)    x%d"),
			    it->id, it->coefficient);
		else
			line = xasprintf(_("%-5s  %d %s  x%d = %d%s%s"), it->id,
			    e->value, scale_label(ws, e->value),
			    it->coefficient, e->value * it->coefficient,
			    e->cannot_judge ? _("  [cannot judge]") : "",
			    mark);
		break;
	case SH_ITEM_BONUS:
		values_list(it, vals, sizeof(vals));
		if (!e->set)
			line = xasprintf(_("%-5s  bonus {%s}: - (not chosen)"),
			    it->id, vals);
		else
			line = xasprintf(_("%-5s  bonus {%s}: %d%s"), it->id,
			    vals, e->value, mark);
		break;
	case SH_ITEM_INDICATOR:
		band = ws_item_band(p, i, &fact);
		if (band == NULL) {
			line = xasprintf(_("%-5s  indicator %s: no fact in the "
			    "package"), it->id, it->fact);
			role = UI_ERROR;
		} else
			line = xasprintf(_("%-5s  indicator %s = %g%s: %d x%d "
			    "= %d"), it->id, it->fact, fact,
			    it->unit != NULL ? it->unit : "", band->points,
			    it->coefficient, band->points * it->coefficient);
		break;
	case SH_ITEM_CERTIFICATION:
		opt = ws_item_cert(p, i);
		if (opt == NULL)
			line = xasprintf(_("%-5s  certification: none held = "
			    "0"), it->id);
		else
			line = xasprintf(_("%-5s  certification: %s %s = %d"),
			    it->id, opt->group, opt->text, opt->points);
		break;
	}
	page_add1(pg, role, (int)i, 1, line);
	free(line);
	if (!sel) {
		if (e->comment != NULL)
			page_add1(pg, UI_DIM, (int)i, 8, e->comment);
		return;
	}
	page_add(pg, UI_NORMAL, (int)i, 4, it->criterion);
	if (it->kind == SH_ITEM_JUDGED) {
		struct sh_buf	b;
		char		lab[256];
		size_t		w, lw, room = (size_t)(pg->cols > 5 ?
				    pg->cols - 4 : 1);

		/* The five labels, never cut inside one. */
		sh_buf_init(&b, false);
		w = 0;
		for (s = SH_SCORE_MAX; s >= SH_SCORE_MIN; s--) {
			snprintf(lab, sizeof(lab), "%d %s%s", s,
			    scale_label(ws, s),
			    ws->rubric->comment_required[s] ? "*" : "");
			lw = sh_text_width(lab, strlen(lab));
			if (w > 0 && w + 2 + lw > room) {
				page_add(pg, UI_DIM, (int)i, 4,
				    sh_buf_cstr(&b));
				b.len = 0;
				w = 0;
			}
			if (w > 0) {
				sh_buf_append_str(&b, "  ");
				w += 2;
			}
			sh_buf_append_str(&b, lab);
			w += lw;
		}
		page_add(pg, UI_DIM, (int)i, 4, sh_buf_cstr(&b));
		if (ws->rubric->cannot_judge_score > 0)
			page_add(pg, UI_DIM, (int)i, 4, _("* needs a comment "
			    "giving the reason"));
		sh_buf_free(&b);
	}
	if (it->kind == SH_ITEM_INDICATOR) {
		size_t k;

		for (k = 0; k < it->nbands; k++)
			page_addf(pg, ws_item_band(p, i, NULL) ==
			    &it->bands[k] ? UI_GOOD : UI_DIM, (int)i, 4,
			    "%d: %s", it->bands[k].points, it->bands[k].text);
	}
	if (it->kind == SH_ITEM_CERTIFICATION) {
		size_t k;

		for (k = 0; k < it->noptions; k++)
			page_addf(pg, ws_item_cert(p, i) == &it->options[k] ?
			    UI_GOOD : UI_DIM, (int)i, 4, "%d: %s %s",
			    it->options[k].points, it->options[k].group,
			    it->options[k].text);
		page_add(pg, UI_DIM, (int)i, 4, _("Only the single "
		    "highest-scoring certification counts."));
	}
	if (it->kind == SH_ITEM_JUDGED || it->kind == SH_ITEM_BONUS) {
		if (e->comment != NULL)
			page_addf(pg, UI_NORMAL, (int)i, 4, _("Comment: %s"),
			    e->comment);
		else
			page_add(pg, UI_DIM, (int)i, 4,
			    _("No comment. Enter: write one."));
	}
	(void)pts;
}

static void
build(struct view *v, struct score *sc, int cols)
{
	struct app		*app = ui_app(v->ui);
	struct ws_proposal	*p = prop_of(v);
	const struct sh_section	*sec;
	size_t			 i, j, n = ws_nitems(p);
	char			*conf, *prog, *tot;
	int			 tag;

	page_init(&sc->head, cols);
	page_init(&sc->page, cols);
	conf = xasprintf("%s  %s", p->id, p->title);
	page_add1(&sc->head, UI_HEADER, -1, 0, conf);
	free(conf);
	conf = msg_conflict(p);
	prog = msg_progress(p);
	tot = msg_total(p);
	page_addf(&sc->head, UI_NORMAL, -1, 0,
	    _("Points %s  Items %s  Conflict: %s  %s"), tot, prog, conf,
	    msg_ready(app->ws, sc->prop));
	free(conf);
	free(prog);
	free(tot);
	for (i = 0; i < p->variant->nsections; i++) {
		sec = &p->variant->sections[i];
		page_addf(&sc->page, UI_HEADER, -1, 0, "(%s) %s", sec->id,
		    sec->title);
		for (j = 0; j < sec->nitems; j++)
			item_lines(v, &sc->page, sec->first + j,
			    v->sel == (int)(sec->first + j));
	}
	page_add(&sc->page, UI_HEADER, -1, 0, _("Remarks and notes"));
	tag = (int)n;
	page_add1(&sc->page, UI_NORMAL, tag, 1, _("Overall remarks (総合所見)"));
	if (p->remarks != NULL)
		page_add(&sc->page, UI_DIM, tag, 4, p->remarks);
	tag++;
	page_add1(&sc->page, UI_NORMAL, tag, 1,
	    _("Conditions for adoption (計画の修正等の条件)"));
	if (p->conditions != NULL)
		page_add(&sc->page, UI_DIM, tag, 4, p->conditions);
	tag++;
	page_add1(&sc->page, UI_NORMAL, tag, 1,
	    _("Private scratchpad (never submitted)"));
	if (p->scratch != NULL)
		page_add(&sc->page, UI_DIM, tag, 4, p->scratch);
}

static int
score_open(struct view *v, void *arg)
{
	struct score_arg	*a = arg;
	struct app		*app = ui_app(v->ui);
	struct ws_proposal	*p = &app->ws->props[a->prop];
	struct score		*sc;

	if (p->conflict == WS_CONFLICT_UNDECLARED) {
		ui_error(v->ui, _("%s: declare conflicts of interest first."),
		    p->id);
		return -1;
	}
	if (p->conflict == WS_CONFLICT_WITHDRAW) {
		ui_error(v->ui, _("%s: withdrawn for a conflict of interest; "
		    "nothing to score (c: change the declaration)."), p->id);
		return -1;
	}
	sc = xcalloc(1, sizeof(*sc));
	sc->prop = a->prop;
	v->data = sc;
	v->sel = (int)a->item;
	v->nlines = (int)ws_nitems(p) + 3;
	return 0;
}

/* The proposal's first document right of column x, at the page the
 * pager last showed of it. */
static void
draw_beside(struct view *v, struct score *sc, int top, int rows, int x,
    int cols)
{
	struct app	*app = ui_app(v->ui);
	size_t		 page = 0;
	char		*s;
	int		 r;

	for (r = 0; r < rows; r++)
		draw_text(v->ui, top + r, x, 1, "│", UI_DIM);
	x += 2;
	cols -= 2;
	if (sc->doc == NULL)
		sc->doc = pager_new(app, sc->prop, 0);
	if (sc->doc == NULL) {
		for (r = 0; r < rows; r++)
			draw_fill(v->ui, top + r, x, cols, UI_NORMAL);
		s = xasprintf(_("%s has no documents."), prop_of(v)->id);
		draw_text(v->ui, top, x, cols, s, UI_DIM);
		free(s);
		return;
	}
	if (app->doc_seen && app->doc_prop == sc->prop && app->doc_index == 0)
		page = app->doc_page;
	pager_draw_page(v->ui, sc->doc, page, top, rows, x, cols);
}

static void
score_draw(struct view *v, int top, int rows, int cols)
{
	struct score	*sc = v->data;
	struct app	*app = ui_app(v->ui);
	int		 nh;

	if (app->doc_beside && cols >= SCORE_BESIDE_COLS) {
		draw_beside(v, sc, top, rows, SCORE_ITEMS_COLS,
		    cols - SCORE_ITEMS_COLS);
		cols = SCORE_ITEMS_COLS;
	}
	page_free(&sc->head);
	page_free(&sc->page);
	build(v, sc, cols);
	nh = (int)sc->head.n;
	if (nh > rows / 2)
		nh = rows / 2;
	page_draw(v->ui, &sc->head, top, nh, 0, -1);
	rows -= nh;
	sc->first = page_scroll(&sc->page, rows, sc->first, v->sel);
	/* Keep the section heading above the first item in view. */
	if (v->sel == 0)
		sc->first = 0;
	page_draw(v->ui, &sc->page, top + nh, rows, sc->first, v->sel);
}

static bool
reviewer_item(const struct sh_item *it)
{
	return it != NULL &&
	    (it->kind == SH_ITEM_JUDGED || it->kind == SH_ITEM_BONUS);
}

static void
next_item(struct view *v)
{
	struct ws_proposal	*p = prop_of(v);
	size_t			 i;

	for (i = (size_t)v->sel + 1; i < ws_nitems(p); i++)
		if (reviewer_item(ws_item(p, i))) {
			v->sel = (int)i;
			return;
		}
}

static int
report(struct view *v, int r, struct sh_err *err)
{
	char why[2 * SH_ERR_MAX];

	if (r != 0) {
		msg_err(err, why, sizeof(why));
		ui_error(v->ui, "%s", why);
	} else
		ui_message(v->ui, "%s", _("Saved."));
	return r;
}

static int
set_value(struct view *v, int value, bool advance)
{
	struct app		*app = ui_app(v->ui);
	struct ws_proposal	*p = prop_of(v);
	struct sh_err		 err;
	size_t			 item = (size_t)v->sel;

	if (report(v, ws_set_value(app->ws, p, item, value, &err), &err) != 0)
		return UI_HANDLED | UI_REDRAW;
	if (ws_comment_missing(app->ws, p, item))
		ui_message(v->ui, _("Saved. Score %d needs a comment: press "
		    "Enter to write it."), value);
	else if (advance)
		next_item(v);
	return UI_HANDLED | UI_REDRAW;
}

/* A bonus value from one digit: the smallest allowed value whose
 * decimal form begins with it (so 1 picks 10 from {0,3,5,10}). */
static int
bonus_from_digit(const struct sh_item *it, int digit, int *value)
{
	char	buf[16];
	size_t	i;

	for (i = 0; i < it->nvalues; i++) {
		snprintf(buf, sizeof(buf), "%d", it->values[i]);
		if (buf[0] == '0' + digit) {
			*value = it->values[i];
			return 0;
		}
	}
	return -1;
}

static int
step_value(struct view *v, const struct sh_item *it, int dir)
{
	struct ws_proposal	*p = prop_of(v);
	const struct ws_entry	*e = &p->entries[it->index];
	size_t			 i;

	if (it->kind == SH_ITEM_JUDGED) {
		int s = e->set ? e->value + dir : (dir > 0 ? 1 : 5);

		if (s < SH_SCORE_MIN || s > SH_SCORE_MAX)
			return UI_HANDLED;
		return set_value(v, s, false);
	}
	for (i = 0; i < it->nvalues; i++)
		if (e->set && it->values[i] == e->value)
			break;
	if (i == it->nvalues)
		i = dir > 0 ? 0 : it->nvalues - 1;
	else if (dir > 0 && i + 1 < it->nvalues)
		i++;
	else if (dir < 0 && i > 0)
		i--;
	else
		return UI_HANDLED;
	return set_value(v, it->values[i], false);
}

static int
score_input(struct view *v, const struct ui_key *k)
{
	struct score		*sc = v->data;
	struct app		*app = ui_app(v->ui);
	struct ws_proposal	*p = prop_of(v);
	const struct sh_item	*it = ws_item(p, (size_t)v->sel);
	struct ws_problem	 pr[1];
	struct sh_err		 err;
	size_t			 n = ws_nitems(p), i;
	int			 r, value;

	if ((r = ui_list_input(v, k)) != UI_UNHANDLED)
		return r;
	if (km_is(k, KM_DIGIT)) {
		if (it == NULL || !reviewer_item(it)) {
			ui_error(v->ui, "%s", _("This item is not scored by "
			    "the reviewer."));
			return UI_HANDLED | UI_REDRAW;
		}
		if (it->kind == SH_ITEM_JUDGED) {
			if (k->ch < '1' || k->ch > '5') {
				ui_error(v->ui, "%s",
				    _("Scores are 1 to 5."));
				return UI_HANDLED | UI_REDRAW;
			}
			return set_value(v, (int)(k->ch - '0'), true);
		}
		if (bonus_from_digit(it, (int)(k->ch - '0'), &value) != 0) {
			char vals[128];

			values_list(it, vals, sizeof(vals));
			ui_error(v->ui, _("Item %s allows only %s."), it->id,
			    vals);
			return UI_HANDLED | UI_REDRAW;
		}
		return set_value(v, value, true);
	}
	if (km_is(k, KM_VALUE_DOWN) || km_is(k, KM_VALUE_UP)) {
		if (!reviewer_item(it))
			return UI_HANDLED;
		return step_value(v, it, km_is(k, KM_VALUE_UP) ? 1 : -1);
	}
	if (km_is(k, KM_CLEAR)) {
		if (reviewer_item(it))
			report(v, ws_clear_value(app->ws, p, it->index, &err),
			    &err);
		return UI_HANDLED | UI_REDRAW;
	}
	if (km_is(k, KM_CANNOT_JUDGE)) {
		bool on;

		if (it == NULL || it->kind != SH_ITEM_JUDGED) {
			ui_error(v->ui, "%s", _("Only judged items can be "
			    "marked cannot judge."));
			return UI_HANDLED | UI_REDRAW;
		}
		on = !p->entries[it->index].cannot_judge;
		if (report(v, ws_set_cannot_judge(app->ws, p, it->index, on,
		    &err), &err) == 0 && on &&
		    ws_comment_missing(app->ws, p, it->index))
			open_editor(v->ui, sc->prop, EDIT_COMMENT, it->index);
		return UI_HANDLED | UI_REDRAW;
	}
	if (km_is(k, KM_ENTER) || km_is(k, KM_EDIT)) {
		if (v->sel == (int)n)
			open_editor(v->ui, sc->prop, EDIT_REMARKS, 0);
		else if (v->sel == (int)n + 1)
			open_editor(v->ui, sc->prop, EDIT_CONDITIONS, 0);
		else if (v->sel == (int)n + 2)
			open_editor(v->ui, sc->prop, EDIT_SCRATCH, 0);
		else if (reviewer_item(it))
			open_editor(v->ui, sc->prop, EDIT_COMMENT, it->index);
		else
			ui_error(v->ui, "%s", _("This item comes from the "
			    "proposal's facts; it takes no comment."));
		return UI_HANDLED | UI_REDRAW;
	}
	if (km_is(k, KM_REMARKS) || km_is(k, KM_CONDITIONS) ||
	    km_is(k, KM_SCRATCH)) {
		open_editor(v->ui, sc->prop, km_is(k, KM_REMARKS) ?
		    EDIT_REMARKS : km_is(k, KM_CONDITIONS) ? EDIT_CONDITIONS :
		    EDIT_SCRATCH, 0);
		return UI_HANDLED | UI_REDRAW;
	}
	if (km_is(k, KM_UNDO)) {
		view_undo(v->ui, sc->prop);
		return UI_HANDLED | UI_REDRAW;
	}
	if ((km_is(k, KM_NEXT) || km_is(k, KM_PREV)) && n > 0) {
		bool back = km_is(k, KM_PREV);

		for (i = 0; i < n; i++) {
			size_t j = back ?
			    ((size_t)v->sel + 2 * n - 1 - i) % n :
			    ((size_t)v->sel + 1 + i) % n;
			struct ws_problem all[256];
			size_t m, q;

			m = ws_prop_problems(app->ws, sc->prop, all, 256);
			for (q = 0; q < m && q < 256; q++)
				if (all[q].where == WS_AT_ITEM &&
				    all[q].item == j) {
					v->sel = (int)j;
					return UI_HANDLED | UI_REDRAW;
				}
		}
		(void)pr;
		ui_message(v->ui, "%s", _("Nothing on this proposal blocks "
		    "submission."));
		return UI_HANDLED | UI_REDRAW;
	}
	if (km_is(k, KM_NEXT_PROP) || km_is(k, KM_PREV_PROP)) {
		struct ui	*ui = v->ui;
		size_t		 np = app->ws->nprops, next = sc->prop;

		next = km_is(k, KM_NEXT_PROP) ? (next + 1) % np :
		    (next + np - 1) % np;
		ui_pop(ui);
		open_proposal(ui, next, 0);
		return UI_HANDLED | UI_REDRAW;
	}
	if (km_is(k, KM_CONFLICT)) {
		struct conflict_arg a = { sc->prop, 0 };
		struct ui *ui = v->ui;

		ui_pop(ui);
		ui_push(ui, &view_conflict_ops, &a);
		return UI_HANDLED | UI_REDRAW;
	}
	if (km_is(k, KM_BESIDE)) {
		if (ui_cols(v->ui) < SCORE_BESIDE_COLS) {
			ui_error(v->ui, _("The document beside the items needs "
			    "a window of %d columns or more."),
			    SCORE_BESIDE_COLS);
			return UI_HANDLED | UI_REDRAW;
		}
		app->doc_beside = !app->doc_beside;
		return UI_HANDLED | UI_REDRAW;
	}
	if (km_is(k, KM_DOCS)) {
		/* On top: q comes back to this item. */
		open_documents(v->ui, sc->prop);
		return UI_HANDLED | UI_REDRAW;
	}
	return UI_UNHANDLED;
}

static void
score_close(struct view *v)
{
	struct score *sc = v->data;

	page_free(&sc->head);
	page_free(&sc->page);
	pager_free(sc->doc);
	free(sc);
}

const struct view_ops view_score_ops = {
	.name = N_("Scoring"),
	.open = score_open,
	.draw = score_draw,
	.input = score_input,
	.close = score_close,
	.keyset = KM_V_SCORE,
};

int
open_proposal(struct ui *ui, size_t prop, size_t item)
{
	struct app		*app = ui_app(ui);
	struct ws_proposal	*p = &app->ws->props[prop];

	if (p->conflict == WS_CONFLICT_UNDECLARED) {
		struct conflict_arg a = { prop, 1 };

		return ui_push(ui, &view_conflict_ops, &a);
	}
	if (p->conflict == WS_CONFLICT_WITHDRAW) {
		struct conflict_arg a = { prop, 1 };

		ui_message(ui, _("%s is withdrawn; change the declaration "
		    "to score it."), p->id);
		return ui_push(ui, &view_conflict_ops, &a);
	}
	{
		struct score_arg a = { prop, item };

		return ui_push(ui, &view_score_ops, &a);
	}
}
