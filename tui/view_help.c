/*
 * The help screen: every key of every screen, the global keys first and
 * then each view's table, so that nothing a key does is undocumented.
 */
#include <stdlib.h>

#include "draw.h"
#include "i18n.h"
#include "ui.h"

struct help {
	struct ui_page	page;
};

static const struct ui_keyhelp help_keys[] = {
	{ NULL, NULL }
};

static void
add_keys(struct ui_page *p, const struct ui_keyhelp *k)
{
	for (; k->keys != NULL; k++)
		page_addf(p, UI_NORMAL, -1, 2, "%-22s %s", k->keys,
		    _(k->what));
}

static void
help_build(struct ui_page *p, int cols)
{
	const struct view_ops *const *vp;

	page_init(p, cols);
	page_add(p, UI_HEADER, -1, 0, _("Keys on every screen"));
	add_keys(p, ui_global_keys());
	for (vp = ui_all_views; *vp != NULL; vp++) {
		if ((*vp)->keys == NULL || (*vp)->keys[0].keys == NULL)
			continue;
		page_add(p, UI_NORMAL, -1, 0, "");
		page_add(p, UI_HEADER, -1, 0, _((*vp)->name));
		add_keys(p, (*vp)->keys);
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
	.keys = help_keys,
};
