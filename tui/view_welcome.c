/*
 * The first screen when there is nothing to review yet. On the first
 * start (no key) it says what will happen in three steps and, on Enter,
 * makes the reviewer's key on the spot: the reviewer id, a passphrase
 * typed twice without showing it (at least SH_PASSPHRASE_MIN
 * characters), and a line saying the key is being made while scrypt
 * works. Then, and on every start until a package is opened, it shows
 * what to send the secretariat: the public key file's full path
 * (wrapped, never cut) and the fingerprint grouped for reading aloud.
 * o opens the package the secretariat sends.
 */
#include <stdlib.h>
#include <string.h>

#include <sodium.h>

#include "app.h"
#include "draw.h"
#include "i18n.h"
#include "keymap.h"
#include "keyplace.h"
#include "views.h"
#include "xmalloc.h"

struct welcome {
	struct ui_page	page;
};

static void
build_first(struct ui_page *pg)
{
	page_add(pg, UI_HEADER, -1, 0, _("Welcome to shinsa, the workstation "
	    "for written review (書面審査)."));
	page_add(pg, UI_NORMAL, -1, 0, "");
	page_add(pg, UI_NORMAL, -1, 0, _("Three steps before you review:"));
	page_add(pg, UI_NORMAL, -1, 2, _("1. Make your key, here and now: "
	    "type your reviewer id (from the secretariat's letter) and a "
	    "passphrase of your own, twice. Remember the passphrase: nobody "
	    "can recover it."));
	page_add(pg, UI_NORMAL, -1, 2, _("2. Send the secretariat your public "
	    "key file (this screen will show where it is) and read them its "
	    "fingerprint by telephone."));
	page_add(pg, UI_NORMAL, -1, 2, _("3. When the secretariat sends you a "
	    "package, press o here and type its path (or drag the file onto "
	    "this window)."));
	page_add(pg, UI_NORMAL, -1, 0, "");
	page_add(pg, UI_GOOD, -1, 0, _("Press Enter to make your key."));
}

static void
build_ready(struct app *app, struct ui_page *pg)
{
	page_add(pg, UI_HEADER, -1, 0, _("Your key is ready."));
	page_add(pg, UI_NORMAL, -1, 0, "");
	if (app->pubpath != NULL) {
		page_add(pg, UI_NORMAL, -1, 0, _("Send the secretariat this "
		    "file, your public key, by the channel they asked for:"));
		page_add(pg, UI_HEADER, -1, 2, app->pubpath);
		page_add(pg, UI_NORMAL, -1, 0, "");
	}
	page_add(pg, UI_NORMAL, -1, 0, _("Then read them its fingerprint by "
	    "telephone, so they know the file is yours:"));
	page_add(pg, UI_HEADER, -1, 4, app->fpr);
	page_add(pg, UI_NORMAL, -1, 0, "");
	page_add(pg, UI_DIM, -1, 0, _("Your secret key stays on this "
	    "computer, protected by your passphrase. Never send it."));
	page_add(pg, UI_NORMAL, -1, 0, "");
	page_add(pg, UI_GOOD, -1, 0, _("When the package arrives, press o and "
	    "type its path."));
}

static int
welcome_open(struct view *v, void *arg)
{
	v->data = xcalloc(1, sizeof(struct welcome));
	return 0;
}

static void
welcome_draw(struct view *v, int top, int rows, int cols)
{
	struct welcome	*w = v->data;
	struct app	*app = ui_app(v->ui);

	page_free(&w->page);
	page_init(&w->page, cols);
	if (app->key_ready)
		build_ready(app, &w->page);
	else
		build_first(&w->page);
	view_draw_lines(v, &w->page, top, rows);
}

/* The passphrase, twice; 0 with it in pass (a secret buffer). */
static int
ask_passphrase(struct ui *ui, struct sh_buf *pass)
{
	struct ui_prompt_opts	 o = { NULL, NULL, true, NULL, NULL };
	struct sh_buf		 again;
	bool			 same;

	for (;;) {
		o.question = _("New passphrase:");
		if (ui_prompt_ex(ui, &o, pass) != 0)
			return -1;
		if (!sh_passphrase_long_enough(pass->data, pass->len)) {
			sh_buf_free(pass);
			ui_error(ui, _("Too short: at least %d characters. "
			    "Try again."), SH_PASSPHRASE_MIN);
			ui_redraw(ui);
			continue;
		}
		ui_message(ui, "%s", "");
		o.question = _("The same passphrase again:");
		if (ui_prompt_ex(ui, &o, &again) != 0) {
			sh_buf_free(pass);
			return -1;
		}
		same = again.len == pass->len && sodium_memcmp(again.data,
		    pass->data, pass->len) == 0;
		sh_buf_free(&again);
		if (same)
			return 0;
		sh_buf_free(pass);
		ui_error(ui, "%s", _("The two passphrases differ. Try again."));
		ui_redraw(ui);
	}
}

static void
make_key(struct ui *ui)
{
	struct app	*app = ui_app(ui);
	struct sh_buf	 pass;
	struct sh_err	 err;
	char		*id;

	if (app->make_key == NULL) {
		ui_error(ui, "%s", _("This session cannot make a key."));
		return;
	}
	for (;;) {
		if ((id = ui_prompt(ui, _("Your reviewer id:"), NULL)) == NULL)
			return;
		if (sh_minisign_id_valid(id)) {
			ui_message(ui, "%s", "");
			break;
		}
		ui_error(ui, "%s", _("An id is 1 to 64 of A-Z a-z 0-9 . _ - "
		    "@ +, as in the secretariat's letter. Try again."));
		ui_redraw(ui);
		free(id);
	}
	if (ask_passphrase(ui, &pass) != 0) {
		free(id);
		return;
	}
	/* scrypt at minisign's limits: seconds, and a gigabyte. */
	ui_message(ui, "%s", _("Making your key… (this takes a few seconds)"));
	ui_redraw(ui);
	if (app->make_key(app, id, &pass, &err) != 0)
		view_error(ui, &err);
	else
		ui_message(ui, "%s", _("Your key is made."));
	sh_buf_free(&pass);
	free(id);
}

static int
welcome_input(struct view *v, const struct ui_key *k)
{
	struct app *app = ui_app(v->ui);

	if (km_is(k, KM_ENTER) && !app->key_ready) {
		make_key(v->ui);
		return UI_HANDLED | UI_REDRAW;
	}
	if (km_is(k, KM_PACKAGE)) {
		if (!app->key_ready)
			ui_error(v->ui, "%s", _("First make your key: press "
			    "Enter."));
		else
			view_open_prompt(v->ui);
		return UI_HANDLED | UI_REDRAW;
	}
	return ui_list_input(v, k);
}

static void
welcome_close(struct view *v)
{
	struct welcome *w = v->data;

	page_free(&w->page);
	free(w);
}

const struct view_ops view_welcome_ops = {
	.name = N_("Welcome"),
	.open = welcome_open,
	.draw = welcome_draw,
	.input = welcome_input,
	.close = welcome_close,
	.keyset = KM_V_WELCOME,
};
