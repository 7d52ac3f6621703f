/*
 * Opening a package from the screens, shared by the welcome screen and
 * the overview (key o): a path asked with Tab completion and `~`, or
 * dropped on the terminal (pathin.h cleans what the terminal pastes); a
 * line saying the package is being opened; the fingerprint screen on
 * first use (view_pin.c, through app->open); then the proposals.
 */
#include <stdlib.h>
#include <string.h>

#include "app.h"
#include "base/buf.h"
#include "draw.h"
#include "i18n.h"
#include "msg.h"
#include "pathin.h"
#include "views.h"
#include "xmalloc.h"

char *
view_complete_path(struct ui *ui, const char *text, void *arg)
{
	char	*done, *choices;
	size_t	 n;

	done = pathin_complete(text, &choices, &n);
	if (done == NULL)
		ui_message(ui, "%s", _("No file or folder starts so."));
	else if (choices != NULL)
		ui_message(ui, "%s", choices);
	free(choices);
	/* Nothing to add: leave the line as it is. */
	if (done != NULL && strcmp(done, text) == 0) {
		free(done);
		return NULL;
	}
	return done;
}

char *
view_ask_path(struct ui *ui, const char *question)
{
	struct ui_prompt_opts	 o = { question, NULL, false,
		view_complete_path, NULL };
	struct sh_buf		 b;
	char			*p;

	if (ui_prompt_ex(ui, &o, &b) != 0)
		return NULL;
	p = pathin_clean((char *)b.data);
	sh_buf_free(&b);
	if (p != NULL && p[0] == '\0') {
		free(p);
		return NULL;
	}
	return p;
}

void
view_error(struct ui *ui, const struct sh_err *err)
{
	char		 why[2 * SH_ERR_MAX], words[1024];
	const char	*plain;

	msg_err(err, why, sizeof(why));
	if ((plain = msg_refusal(err, NULL, words, sizeof(words))) != NULL)
		ui_error(ui, "%s %s", plain, why);
	else
		ui_error(ui, "%s", why);
}

/* The proposals of the round now open: on top, unless they are there. */
static void
show_proposals(struct ui *ui)
{
	struct view *v = ui_top(ui);

	if (v != NULL && v->ops == &view_overview_ops)
		return;
	ui_push(ui, &view_overview_ops, NULL);
}

int
view_open_package(struct ui *ui, const char *path)
{
	struct app	*app = ui_app(ui);
	struct sh_err	 err;

	if (app->open == NULL) {
		ui_error(ui, "%s", _("This session cannot open a package."));
		return -1;
	}
	/* Decrypting and checking a large package takes a moment. */
	ui_message(ui, "%s", _("Opening the package… (decrypting and "
	    "checking the secretariat's signature)"));
	ui_redraw(ui);
	if (app->open(app, ui, path, &err) != 0) {
		view_error(ui, &err);
		return -1;
	}
	ui_message(ui, _("Opened round %s: %zu proposals."),
	    app->ws->round_id, app->ws->nprops);
	show_proposals(ui);
	return 0;
}

int
view_open_prompt(struct ui *ui)
{
	char	*path;
	int	 r;

	if ((path = view_ask_path(ui, _("Package file (Tab completes):"))) ==
	    NULL)
		return -1;
	r = view_open_package(ui, path);
	free(path);
	return r;
}

int
view_open_round(struct ui *ui, const char *round)
{
	struct app	*app = ui_app(ui);
	struct sh_err	 err;

	ui_message(ui, "%s", _("Opening the package… (decrypting and "
	    "checking the secretariat's signature)"));
	ui_redraw(ui);
	if (app->open_round == NULL || app->open_round(app, round, &err) !=
	    0) {
		if (app->open_round == NULL)
			sh_errf(&err, "round %s: not opened on this machine "
			    "(shinsa open PACKAGE)", round);
		view_error(ui, &err);
		return -1;
	}
	ui_message(ui, "%s", "");
	show_proposals(ui);
	return 0;
}

void
view_draw_lines(struct view *v, const struct ui_page *pg, int top, int rows)
{
	v->nlines = (int)pg->n - rows + 1;
	if (v->nlines < 1)
		v->nlines = 1;
	if (v->sel >= v->nlines)
		v->sel = v->nlines - 1;
	page_draw(v->ui, pg, top, rows, v->sel, -2);
}
