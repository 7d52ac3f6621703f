/*
 * Submission: every problem that blocks it, from the same checks the
 * sheet writer makes; each line jumps to its item (or declaration).
 * With none left, S seals and writes the sheet. Advisory flags (a
 * mandatory item scored 1, many low scores, a (キ) pending the
 * committee) are shown but do not block. Once a sheet is sealed, its
 * full path (wrapped, never cut), one sentence on sending it, and c to
 * copy that file alone to a folder the reviewer types (a USB stick,
 * the desktop), never replacing a file there without asking.
 */
#include <stdlib.h>
#include <string.h>

#include "app.h"
#include "draw.h"
#include "i18n.h"
#include "keymap.h"
#include "msg.h"
#include "views.h"
#include "xmalloc.h"

#define SUBMIT_MAX_SHOWN	1000

struct submit {
	struct ui_page		 page;
	int			 first;
	struct ws_problem	*problems;
	size_t			 nproblems;
	char			*copied;	/* the last copy made */
};

static void
build(struct view *v, struct submit *s, int cols)
{
	struct app	*app = ui_app(v->ui);
	struct ws	*ws = app->ws;
	struct ws_flag	 flags[64];
	size_t		 i, nf;
	char		*m;

	page_init(&s->page, cols);
	free(s->problems);
	s->nproblems = ws_problems(ws, NULL, 0);
	if (s->nproblems > SUBMIT_MAX_SHOWN)
		s->nproblems = SUBMIT_MAX_SHOWN;
	s->problems = xcalloc(s->nproblems + 1, sizeof(*s->problems));
	ws_problems(ws, s->problems, s->nproblems);
	if (s->nproblems == 0) {
		page_add(&s->page, UI_GOOD, -1, 0, _("Nothing blocks "
		    "submission."));
		if (app->submit != NULL)
			page_add(&s->page, UI_NORMAL, -1, 0, _("Press S to "
			    "sign, encrypt to the secretariat and write the "
			    "sheet."));
		else
			page_add(&s->page, UI_WARN, -1, 0, _("This session "
			    "cannot submit: open the package with `shinsa "
			    "open` first."));
	} else
		page_addf(&s->page, UI_ERROR, -1, 0,
		    _("%zu problems block submission. Enter: go to one."),
		    s->nproblems);
	for (i = 0; i < s->nproblems; i++) {
		m = msg_problem(ws, &s->problems[i]);
		page_add(&s->page, UI_NORMAL, (int)i, 2, m);
		free(m);
	}
	nf = ws_flags(ws, flags, 64);
	if (nf > 0) {
		page_add(&s->page, UI_NORMAL, -1, 0, "");
		page_add(&s->page, UI_HEADER, -1, 0, _("Flags for the "
		    "secretariat (they do not block):"));
	}
	for (i = 0; i < nf && i < 64; i++) {
		m = msg_flag(ws, &flags[i]);
		page_add(&s->page, UI_WARN, -1, 2, m);
		free(m);
	}
	if ((m = app->last_sheet != NULL ? app->last_sheet(app) : NULL) !=
	    NULL) {
		page_add(&s->page, UI_NORMAL, -1, 0, "");
		page_addf(&s->page, UI_HEADER, -1, 0, _("Your sealed sheet, "
		    "revision %lld, is this file:"), ws->revision);
		page_add(&s->page, UI_NORMAL, -1, 2, m);
		page_add(&s->page, UI_NORMAL, -1, 0, _("Send this file, and "
		    "only this file, to the secretariat by the channel they "
		    "agreed with you. It is signed and encrypted: only the "
		    "secretariat can open it."));
		page_add(&s->page, UI_GOOD, -1, 0, _("Press C to copy it to a "
		    "folder, such as a USB stick or the desktop."));
		free(m);
	}
	if (s->copied != NULL) {
		page_add(&s->page, UI_NORMAL, -1, 0, _("Copied to:"));
		page_add(&s->page, UI_NORMAL, -1, 2, s->copied);
	}
	v->nlines = (int)s->nproblems;
}

/* c: the sheet into a folder the reviewer types. */
static void
copy_sheet(struct ui *ui, struct submit *s)
{
	struct app	*app = ui_app(ui);
	struct sh_err	 err;
	char		*sheet, *dir, *dest = NULL;
	int		 r;

	if (app->last_sheet == NULL || app->copy_sheet == NULL ||
	    (sheet = app->last_sheet(app)) == NULL) {
		ui_error(ui, "%s", _("No sealed sheet yet: submit first (S)."));
		return;
	}
	if ((dir = view_ask_path(ui, _("Copy to the folder (Tab "
	    "completes):"))) == NULL) {
		free(sheet);
		return;
	}
	r = app->copy_sheet(app, sheet, dir, false, &dest, &err);
	if (r == 1) {
		if (ui_confirm(ui, _("A file of that name is there. Replace "
		    "it?")))
			r = app->copy_sheet(app, sheet, dir, true, &dest, &err);
		else {
			ui_message(ui, "%s", _("Not copied."));
		}
	}
	if (r == 0) {
		ui_message(ui, _("Copied to %s"), dest);
		free(s->copied);
		s->copied = dest;
		dest = NULL;
	} else if (r == -1)
		view_error(ui, &err);
	free(dest);
	free(dir);
	free(sheet);
}

static int
submit_open(struct view *v, void *arg)
{
	v->data = xcalloc(1, sizeof(struct submit));
	return 0;
}

static void
submit_draw(struct view *v, int top, int rows, int cols)
{
	struct submit *s = v->data;

	page_free(&s->page);
	build(v, s, cols);
	if (v->sel >= v->nlines)
		v->sel = v->nlines > 0 ? v->nlines - 1 : 0;
	s->first = page_scroll(&s->page, rows, s->first,
	    s->nproblems > 0 ? v->sel : -1);
	page_draw(v->ui, &s->page, top, rows, s->first,
	    s->nproblems > 0 ? v->sel : -1);
}

static int
submit_input(struct view *v, const struct ui_key *k)
{
	struct submit		*s = v->data;
	struct app		*app = ui_app(v->ui);
	const struct ws_problem	*pr;
	struct sh_err		 err;
	char			*where = NULL, why[2 * SH_ERR_MAX];
	int			 r;

	if ((r = ui_list_input(v, k)) != UI_UNHANDLED)
		return r;
	if (km_is(k, KM_ENTER) && s->nproblems > 0 &&
	    (size_t)v->sel < s->nproblems) {
		pr = &s->problems[v->sel];
		if (pr->kind == WS_P_NEEDS_STATEMENT)
			open_editor(v->ui, pr->prop, EDIT_STATEMENT, 0);
		else if (pr->where == WS_AT_CONFLICT) {
			struct conflict_arg a = { pr->prop, 0 };

			ui_push(v->ui, &view_conflict_ops, &a);
		} else
			open_proposal(v->ui, pr->prop, pr->item);
		return UI_HANDLED | UI_REDRAW;
	}
	if (km_is(k, KM_SEAL)) {
		if (ws_problems(app->ws, NULL, 0) != 0) {
			ui_error(v->ui, "%s", _("Not yet: fix the problems "
			    "listed first."));
			return UI_HANDLED | UI_REDRAW;
		}
		if (app->submit == NULL) {
			ui_error(v->ui, "%s", _("This session cannot submit."));
			return UI_HANDLED | UI_REDRAW;
		}
		if (!ui_confirm(v->ui, _("Submit the sheet now?")))
			return UI_HANDLED | UI_REDRAW;
		if (app->submit(app, &where, &err) != 0) {
			msg_err(&err, why, sizeof(why));
			ui_error(v->ui, _("Not submitted: %s"), why);
		} else
			ui_message(v->ui, "%s", where);
		free(where);
		return UI_HANDLED | UI_REDRAW;
	}
	if (km_is(k, KM_COPY)) {
		copy_sheet(v->ui, s);
		return UI_HANDLED | UI_REDRAW;
	}
	return UI_UNHANDLED;
}

static void
submit_close(struct view *v)
{
	struct submit *s = v->data;

	page_free(&s->page);
	free(s->problems);
	free(s->copied);
	free(s);
}

const struct view_ops view_submit_ops = {
	.name = N_("Submit"),
	.open = submit_open,
	.draw = submit_draw,
	.input = submit_input,
	.close = submit_close,
	.keyset = KM_V_SUBMIT,
};
