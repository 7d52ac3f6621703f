/*
 * The overview: every assigned proposal with its type, conflict status,
 * progress (items done / items), running weighted total / maximum and
 * whether it is ready to submit.
 */
#include <stdlib.h>
#include <string.h>

#include "app.h"
#include "base/buf.h"
#include "base/text.h"
#include "draw.h"
#include "i18n.h"
#include "keymap.h"
#include "layout.h"
#include "msg.h"
#include "views.h"
#include "xmalloc.h"

struct overview {
	struct ui_page	page;
	int		first;
};

static void
cell(struct sh_buf *b, const char *s, int w, bool right)
{
	struct sh_buf t;

	sh_buf_init(&t, false);
	if (sh_text_sanitize(&t, s, strlen(s), false) != 0 ||
	    sh_cell(b, (char *)t.data, w < 0 ? 0 : (size_t)w, right) != 0 ||
	    sh_buf_append(b, " ", 1) != 0)
		die("%s", _("out of memory"));
	sh_buf_free(&t);
}

static void
build(struct view *v, struct ui_page *pg, int cols)
{
	struct app		*app = ui_app(v->ui);
	struct ws		*ws = app->ws;
	struct ws_proposal	*p;
	struct sh_buf		 b;
	char			*conf, *prog, *tot;
	size_t			 i, ready = 0;
	int			 wid = 5, wty = 10, wco = 14, wpr = 5, wto = 7,
				 wst = 10, wti;
	bool			 narrow = cols < 64;

	page_init(pg, cols);
	page_addf(pg, UI_HEADER, -1, 0, "%s  %s", ws->round_id,
	    ws->round_title);
	page_addf(pg, UI_DIM, -1, 0, _("Reviewer %s (%s), rubric %s"),
	    ws->reviewer_name, ws->reviewer_id, ws->rubric->id);
	if (ws->pkg.deadline != NULL)
		page_addf(pg, UI_WARN, -1, 0, _("Deadline for your sheet: %s"),
		    ws->pkg.deadline);
	if (ws->revision > 0)
		page_addf(pg, UI_DIM, -1, 0,
		    _("Last submitted: revision %lld"), ws->revision);
	page_add(pg, UI_NORMAL, -1, 0, "");
	wti = cols - (wid + wty + wco + wpr + wto + wst + 7);
	sh_buf_init(&b, false);
	if (!narrow) {
		cell(&b, _("ID"), wid, false);
		cell(&b, _("Title"), wti, false);
		cell(&b, _("Type"), wty, false);
		cell(&b, _("Conflict"), wco, false);
		cell(&b, _("Items"), wpr, true);
		cell(&b, _("Points"), wto, true);
		cell(&b, _("Status"), wst, false);
		page_add(pg, UI_HEADER, -1, 0, (char *)b.data);
	}
	for (i = 0; i < ws->nprops; i++) {
		p = &ws->props[i];
		conf = msg_conflict(p);
		prog = msg_progress(p);
		tot = msg_total(p);
		b.len = 0;
		if (narrow) {
			cell(&b, p->id, wid, false);
			cell(&b, p->title, cols - wid - 1, false);
			page_add(pg, UI_NORMAL, (int)i, 0, (char *)b.data);
			b.len = 0;
			cell(&b, conf, wco, false);
			cell(&b, prog, wpr, true);
			cell(&b, tot, wto, true);
			cell(&b, msg_ready(ws, i), cols - wco - wpr - wto - 6,
			    false);
			page_add(pg, UI_NORMAL, (int)i, 2, (char *)b.data);
		} else {
			cell(&b, p->id, wid, false);
			cell(&b, p->title, wti, false);
			cell(&b, p->variant->name != NULL ? p->variant->name :
			    p->variant_id, wty, false);
			cell(&b, conf, wco, false);
			cell(&b, prog, wpr, true);
			cell(&b, tot, wto, true);
			cell(&b, msg_ready(ws, i), wst, false);
			page_add(pg, UI_NORMAL, (int)i, 0, (char *)b.data);
		}
		if (ws_prop_ready(ws, i))
			ready++;
		free(conf);
		free(prog);
		free(tot);
	}
	sh_buf_free(&b);
	page_add(pg, UI_NORMAL, -1, 0, "");
	page_addf(pg, UI_DIM, -1, 0,
	    _("%zu of %zu proposals ready. Enter: open  s: submit  ?: help"),
	    ready, ws->nprops);
}

static int
overview_open(struct view *v, void *arg)
{
	v->data = xcalloc(1, sizeof(struct overview));
	return 0;
}

static void
overview_draw(struct view *v, int top, int rows, int cols)
{
	struct overview	*o = v->data;
	struct app	*app = ui_app(v->ui);

	page_free(&o->page);
	build(v, &o->page, cols);
	v->nlines = (int)app->ws->nprops;
	if (v->sel >= v->nlines)
		v->sel = v->nlines - 1;
	o->first = page_scroll(&o->page, rows, o->first, v->sel);
	page_draw(v->ui, &o->page, top, rows, o->first, v->sel);
}

static int
overview_input(struct view *v, const struct ui_key *k)
{
	struct ui	*ui = v->ui;
	size_t		 prop = (size_t)v->sel;
	int		 r;

	if ((r = ui_list_input(v, k)) != UI_UNHANDLED)
		return r;
	if (km_is(k, KM_ENTER)) {
		open_proposal(ui, prop, 0);
		return UI_REDRAW;
	}
	if (km_is(k, KM_CONFLICT)) {
		struct conflict_arg a = { prop, 0 };

		ui_push(ui, &view_conflict_ops, &a);
		return UI_REDRAW;
	}
	if (km_is(k, KM_DOCS)) {
		open_documents(ui, prop);
		return UI_REDRAW;
	}
	if (km_is(k, KM_REMARKS)) {
		open_editor(ui, prop, EDIT_REMARKS, 0);
		return UI_REDRAW;
	}
	if (km_is(k, KM_CONDITIONS)) {
		open_editor(ui, prop, EDIT_CONDITIONS, 0);
		return UI_REDRAW;
	}
	if (km_is(k, KM_SCRATCH)) {
		open_editor(ui, prop, EDIT_SCRATCH, 0);
		return UI_REDRAW;
	}
	if (km_is(k, KM_SUBMIT)) {
		ui_push(ui, &view_submit_ops, NULL);
		return UI_REDRAW;
	}
	if (km_is(k, KM_PACKAGE)) {
		view_open_prompt(ui);
		return UI_REDRAW;
	}
	if (km_is(k, KM_UNDO)) {
		view_undo(ui, prop);
		return UI_REDRAW;
	}
	return UI_UNHANDLED;
}

static void
overview_close(struct view *v)
{
	struct overview *o = v->data;

	page_free(&o->page);
	free(o);
}

const struct view_ops view_overview_ops = {
	.name = N_("Proposals"),
	.open = overview_open,
	.draw = overview_draw,
	.input = overview_input,
	.close = overview_close,
	.keyset = KM_V_OVERVIEW,
};
