/*
 * The rounds kept on this machine, when more than one is open: a
 * reviewer on two panels, or in two years, chooses which to work on.
 * Enter opens the selected one; o opens another package.
 */
#include <stdlib.h>

#include "app.h"
#include "draw.h"
#include "i18n.h"
#include "keymap.h"
#include "views.h"
#include "xmalloc.h"

struct rounds {
	struct ui_page	page;
	int		first;
};

static int
rounds_open(struct view *v, void *arg)
{
	v->data = xcalloc(1, sizeof(struct rounds));
	return 0;
}

static void
rounds_draw(struct view *v, int top, int rows, int cols)
{
	struct rounds	*r = v->data;
	struct app	*app = ui_app(v->ui);
	size_t		 i;

	page_free(&r->page);
	page_init(&r->page, cols);
	page_add(&r->page, UI_NORMAL, -1, 0, _("Several rounds are open on "
	    "this computer. Choose one with the arrows and press Enter:"));
	page_add(&r->page, UI_NORMAL, -1, 0, "");
	for (i = 0; i < app->nrounds; i++)
		page_add1(&r->page, UI_NORMAL, (int)i, 2, app->rounds[i]);
	page_add(&r->page, UI_NORMAL, -1, 0, "");
	page_add(&r->page, UI_DIM, -1, 0, _("The most recently opened is "
	    "first. o: open another package."));
	v->nlines = (int)app->nrounds;
	if (v->sel >= v->nlines)
		v->sel = v->nlines - 1;
	r->first = page_scroll(&r->page, rows, r->first, v->sel);
	page_draw(v->ui, &r->page, top, rows, r->first, v->sel);
}

static int
rounds_input(struct view *v, const struct ui_key *k)
{
	struct app	*app = ui_app(v->ui);
	int		 r;

	if ((r = ui_list_input(v, k)) != UI_UNHANDLED)
		return r;
	if (km_is(k, KM_ENTER) && v->sel >= 0 &&
	    (size_t)v->sel < app->nrounds) {
		view_open_round(v->ui, app->rounds[v->sel]);
		return UI_HANDLED | UI_REDRAW;
	}
	if (km_is(k, KM_PACKAGE)) {
		view_open_prompt(v->ui);
		return UI_HANDLED | UI_REDRAW;
	}
	return UI_UNHANDLED;
}

static void
rounds_close(struct view *v)
{
	struct rounds *r = v->data;

	page_free(&r->page);
	free(r);
}

const struct view_ops view_rounds_ops = {
	.name = N_("Rounds"),
	.open = rounds_open,
	.draw = rounds_draw,
	.input = rounds_input,
	.close = rounds_close,
	.keyset = KM_V_ROUNDS,
};
