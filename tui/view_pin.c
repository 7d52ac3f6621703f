/*
 * The first-use check of the secretariat's key, as a screen: the
 * fingerprint of the key that signed the package, large (bold, its
 * groups spaced for reading aloud), and what to do if it differs from
 * the one the secretariat gave by telephone or on paper. y pins the
 * key; n (or q, Esc) opens nothing.
 *
 * view_pin_ask() shows it over the other screens and waits for the
 * answer (ui_run_above), for session_open_file's pin callback.
 */
#include <stdlib.h>
#include <string.h>

#include "draw.h"
#include "i18n.h"
#include "keymap.h"
#include "views.h"
#include "xmalloc.h"

struct pin {
	struct ui_page	 page;
	struct pin_arg	*arg;
};

/* "ABCD EF01 …" as "ABCD  EF01  …": groups apart, to read one by one. */
static char *
spaced(const char *fpr)
{
	char	*s = xcalloc(1, 2 * strlen(fpr) + 1), *o = s;

	for (; *fpr != '\0'; fpr++) {
		*o++ = *fpr;
		if (*fpr == ' ')
			*o++ = ' ';
	}
	return s;
}

static void
build(struct pin *p, int cols)
{
	char	*f = spaced(p->arg->fpr);

	page_init(&p->page, cols);
	page_addf(&p->page, UI_HEADER, -1, 0, _("The package for round %s is "
	    "signed by the secretariat's key, which this computer does not "
	    "know yet."), p->arg->round);
	page_add(&p->page, UI_NORMAL, -1, 0, "");
	page_add(&p->page, UI_NORMAL, -1, 0, _("Compare its fingerprint, "
	    "group by group, with the one the secretariat gave you by "
	    "telephone or on paper:"));
	page_add(&p->page, UI_NORMAL, -1, 0, "");
	page_add(&p->page, UI_HEADER, -1, 4, f);
	page_add(&p->page, UI_NORMAL, -1, 0, "");
	page_add(&p->page, UI_GOOD, -1, 0, _("The same, every group: press y. "
	    "This key is then trusted for this and later packages."));
	page_add(&p->page, UI_NORMAL, -1, 0, "");
	page_add(&p->page, UI_WARN, -1, 0, _("Any group different: press n. "
	    "Nothing is opened. Do not use this file; telephone the "
	    "secretariat at the number in their letter (not one given in an "
	    "email) and tell them the fingerprints differ."));
	free(f);
}

static int
pin_open(struct view *v, void *arg)
{
	struct pin *p = xcalloc(1, sizeof(*p));

	p->arg = arg;
	p->arg->yes = false;
	v->data = p;
	return 0;
}

static void
pin_draw(struct view *v, int top, int rows, int cols)
{
	struct pin *p = v->data;

	page_free(&p->page);
	build(p, cols);
	view_draw_lines(v, &p->page, top, rows);
}

static int
pin_input(struct view *v, const struct ui_key *k)
{
	struct pin *p = v->data;

	if (km_is(k, KM_YES)) {
		p->arg->yes = true;
		return UI_BACK;
	}
	/* Q too: quitting here must not mean yes, and the screens below
	 * stay. */
	if (km_is(k, KM_NO) || km_is(k, KM_BACK) || km_is(k, KM_QUIT))
		return UI_BACK;
	return ui_list_input(v, k);
}

static void
pin_close(struct view *v)
{
	struct pin *p = v->data;

	page_free(&p->page);
	free(p);
}

const struct view_ops view_pin_ops = {
	.name = N_("Check the secretariat's key"),
	.open = pin_open,
	.draw = pin_draw,
	.input = pin_input,
	.close = pin_close,
	.keyset = KM_V_PIN,
};

bool
view_pin_ask(struct ui *ui, const char *fpr, const char *round)
{
	struct pin_arg	a;
	struct view	*v;
	int		depth = ui_depth(ui);

	memset(&a, 0, sizeof(a));
	a.fpr = fpr;
	a.round = round;
	if (ui_push(ui, &view_pin_ops, &a) != 0)
		return false;
	v = ui_top(ui);
	ui_run_above(ui, depth);
	/* The keys ran out (a test) or a signal came: no answer is no. */
	if (ui_depth(ui) > depth && ui_top(ui) == v) {
		ui_pop(ui);
		return false;
	}
	return a.yes;
}
