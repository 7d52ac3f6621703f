/*
 * The help screen: every key of every screen, generated from the key
 * table (keymap.c): the keys that work everywhere first, then each
 * screen's own, so that nothing a key does is undocumented and the help
 * cannot say what the keys do not do.
 */
#include <stdlib.h>

#include "draw.h"
#include "i18n.h"
#include "keymap.h"
#include "ui.h"
#include "views.h"

struct help {
	struct ui_page	page;
};

static void
add_row(struct ui_page *p, const struct km_row *r)
{
	page_addf(p, UI_NORMAL, -1, 2, "%-22s %s", _(r->keys), _(r->what));
}

void
help_build(struct ui_page *p, int cols)
{
	const struct view_ops *const	*vp;
	const struct km_row		*r;

	page_init(p, cols);
	page_add(p, UI_HEADER, -1, 0, _("Keys on every screen"));
	for (r = km_table; r->req != KM_NONE; r++)
		if (r->flags & KM_F_GLOBAL)
			add_row(p, r);
	for (vp = ui_all_views; *vp != NULL; vp++) {
		page_add(p, UI_NORMAL, -1, 0, "");
		page_add(p, UI_HEADER, -1, 0, _((*vp)->name));
		for (r = km_table; r->req != KM_NONE; r++)
			if ((r->views & (*vp)->keyset) &&
			    !(r->flags & KM_F_GLOBAL))
				add_row(p, r);
	}
}

static int
help_open(struct view *v, void *arg)
{
	v->data = calloc(1, sizeof(struct help));
	return v->data == NULL ? -1 : 0;
}

static void
help_draw(struct view *v, int top, int rows, int cols)
{
	struct help *h = v->data;

	page_free(&h->page);
	help_build(&h->page, cols);
	/* The help scrolls by lines: sel is the first line shown. */
	v->nlines = (int)h->page.n - rows + 1;
	if (v->nlines < 1)
		v->nlines = 1;
	if (v->sel >= v->nlines)
		v->sel = v->nlines - 1;
	page_draw(v->ui, &h->page, top, rows, v->sel, -2);
}

static int
help_input(struct view *v, const struct ui_key *k)
{
	return ui_list_input(v, k);
}

static void
help_close(struct view *v)
{
	struct help *h = v->data;

	page_free(&h->page);
	free(h);
}

const struct view_ops view_help_ops = {
	.name = N_("Help"),
	.open = help_open,
	.draw = help_draw,
	.input = help_input,
	.close = help_close,
	.keyset = KM_V_HELP,
};
