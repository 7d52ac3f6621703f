/*
 * The documents of one proposal, when it has more than one: name, type
 * and size; Enter reads the selected one in the pager (view_doc.c).
 */
#include <inttypes.h>
#include <stdlib.h>

#include "app.h"
#include "draw.h"
#include "format/doc.h"
#include "i18n.h"
#include "keymap.h"
#include "views.h"
#include "xmalloc.h"

struct doclist {
	size_t		prop;
	struct ui_page	page;
	int		first;
};

static int
doclist_open(struct view *v, void *arg)
{
	struct doclist *dl = xcalloc(1, sizeof(*dl));

	dl->prop = ((struct doc_arg *)arg)->prop;
	v->data = dl;
	return 0;
}

static void
doclist_draw(struct view *v, int top, int rows, int cols)
{
	struct doclist			*dl = v->data;
	struct app			*app = ui_app(v->ui);
	const struct sh_package_doc	*d;
	const struct sh_buf		*b;
	size_t				 i, n;

	d = ws_docs(app->ws, dl->prop, &n);
	page_free(&dl->page);
	page_init(&dl->page, cols);
	page_addf(&dl->page, UI_HEADER, -1, 0, _("%s: %zu documents"),
	    app->ws->props[dl->prop].id, n);
	for (i = 0; i < n; i++) {
		b = ws_doc_bytes(app->ws, &d[i]);
		page_addf(&dl->page, UI_NORMAL, (int)i, 2,
		    "%zu. %s  (%s, %" PRIu64 " KB)", i + 1, d[i].name,
		    sh_doc_type_name(b != NULL ? sh_doc_type(d[i].name, b->data,
		    b->len) : sh_doc_type(d[i].name, "", 0)),
		    (d[i].size + 1023) / 1024);
	}
	v->nlines = (int)n;
	dl->first = page_scroll(&dl->page, rows, dl->first, v->sel);
	page_draw(v->ui, &dl->page, top, rows, dl->first, v->sel);
}

static int
doclist_input(struct view *v, const struct ui_key *k)
{
	struct doclist	*dl = v->data;
	struct doc_arg	 a = { dl->prop, (size_t)v->sel };
	int		 r;

	if ((r = ui_list_input(v, k)) != UI_UNHANDLED)
		return r;
	if (km_is(k, KM_ENTER)) {
		ui_push(v->ui, &view_doc_ops, &a);
		return UI_REDRAW;
	}
	return UI_UNHANDLED;
}

static void
doclist_close(struct view *v)
{
	struct doclist *dl = v->data;

	page_free(&dl->page);
	free(dl);
}

const struct view_ops view_doclist_ops = {
	.name = N_("Documents"),
	.open = doclist_open,
	.draw = doclist_draw,
	.input = doclist_input,
	.close = doclist_close,
	.keyset = KM_V_DOCLIST,
};

int
open_documents(struct ui *ui, size_t prop)
{
	struct app	*app = ui_app(ui);
	struct doc_arg	 a = { prop, 0 };
	size_t		 n;

	ws_docs(app->ws, prop, &n);
	if (n == 0) {
		ui_message(ui, _("%s has no documents in the package."),
		    app->ws->props[prop].id);
		return -1;
	}
	return ui_push(ui, n == 1 ? &view_doc_ops : &view_doclist_ops, &a);
}
