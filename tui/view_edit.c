/*
 * The text editor for comments, remarks, conditions and the scratchpad:
 * Japanese input through get_wch, lines wrapped by display width, the
 * text held in locked memory and saved only through the model (which
 * writes it sealed). There is deliberately no $EDITOR: an external
 * editor needs the text in a file, and editors write swap and backup
 * files of their own, so the plaintext of a comment would reach the disk
 * where shinsa cannot wipe it (DESIGN.md §7). Reviewers who want their
 * own editor use `shinsa form export`, to a place they choose.
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

struct edit {
	struct edit_arg	 arg;
	char		*title;
	char		*help;
	struct sh_buf	 text;		/* secret */
	size_t		 cur;		/* byte offset */
	int		 first;		/* first screen line shown */
	bool		 modified;
	int		 cols;
};

struct wline {
	size_t	off;
	size_t	n;
};

/* The wrapped lines of the text; at least one. Caller frees. */
static struct wline *
wrap_lines(struct edit *e, int cols, size_t *count)
{
	struct sh_wrap	 w;
	struct wline	*l = NULL;
	size_t		 n = 0, off, len;
	const char	*s = e->text.data != NULL ? (char *)e->text.data : "";

	sh_wrap_init(&w, s, e->text.len, (size_t)cols);
	while (sh_wrap_next(&w, &off, &len)) {
		l = xreallocarray(l, n + 1, sizeof(*l));
		l[n].off = off;
		l[n++].n = len;
	}
	/* A text ending in a newline has an empty last line to type on. */
	if (n == 0 || (e->text.len > 0 && s[e->text.len - 1] == '\n')) {
		l = xreallocarray(l, n + 1, sizeof(*l));
		l[n].off = e->text.len;
		l[n++].n = 0;
	}
	*count = n;
	return l;
}

static size_t
line_of(const struct wline *l, size_t n, size_t cur)
{
	size_t i;

	for (i = 0; i + 1 < n; i++)
		if (cur < l[i + 1].off)
			return i;
	return n - 1;
}

static int
edit_open(struct view *v, void *argp)
{
	struct edit_arg	*a = argp;
	struct edit	*e;

	e = xcalloc(1, sizeof(*e));
	e->arg = *a;
	e->title = xstrdup(a->title);
	e->help = a->help != NULL ? xstrdup(a->help) : NULL;
	e->arg.title = e->title;
	e->arg.help = e->help;
	sh_buf_init(&e->text, true);
	if (a->text != NULL &&
	    sh_buf_append_str(&e->text, a->text) != 0)
		die("%s", _("out of memory"));
	e->cur = e->text.len;
	v->data = e;
	curs_set(1);
	return 0;
}

static void
edit_draw(struct view *v, int top, int rows, int cols)
{
	struct edit	*e = v->data;
	struct wline	*l;
	size_t		 n, cl, i;
	int		 r = top, textrows, cx;
	const char	*s;
	char		*hint;

	e->cols = cols;
	draw_text(v->ui, r++, 0, cols, e->title, UI_HEADER);
	if (e->help != NULL && rows > 4)
		draw_text(v->ui, r++, 0, cols, e->help, UI_DIM);
	textrows = top + rows - r - 1;
	if (textrows < 1)
		textrows = 1;
	l = wrap_lines(e, cols, &n);
	cl = line_of(l, n, e->cur);
	if ((int)cl < e->first)
		e->first = (int)cl;
	if ((int)cl >= e->first + textrows)
		e->first = (int)cl - textrows + 1;
	s = e->text.data != NULL ? (char *)e->text.data : "";
	for (i = (size_t)e->first; i < n && (int)(i - (size_t)e->first) <
	    textrows; i++) {
		draw_fill(v->ui, r + (int)(i - (size_t)e->first), 0, cols,
		    UI_NORMAL);
		if (l[i].n > 0)
			mvaddnstr(r + (int)(i - (size_t)e->first), 0,
			    s + l[i].off, (int)l[i].n);
	}
	hint = xasprintf(_("%zu characters%s  C-s save  Esc cancel"),
	    sh_text_chars(s, e->text.len), e->modified ? _(" (modified)") : "");
	draw_text(v->ui, top + rows - 1, 0, cols, hint, UI_DIM);
	free(hint);
	/* The cursor. */
	cx = (int)sh_text_width(s + l[cl].off,
	    e->cur > l[cl].off + l[cl].n ? l[cl].n : e->cur - l[cl].off);
	if (cx >= cols)
		cx = cols - 1;
	move(r + (int)cl - e->first, cx);
	free(l);
}

static size_t
prev_cp(const char *s, size_t cur)
{
	if (cur == 0)
		return 0;
	cur--;
	while (cur > 0 && ((unsigned char)s[cur] & 0xC0) == 0x80)
		cur--;
	return cur;
}

static size_t
next_cp(const char *s, size_t len, size_t cur)
{
	uint32_t cp;

	if (cur >= len)
		return len;
	return cur + sh_utf8_decode(s + cur, len - cur, &cp);
}

static void
delete_range(struct edit *e, size_t a, size_t b)
{
	if (b <= a)
		return;
	memmove(e->text.data + a, e->text.data + b, e->text.len - b);
	e->text.len -= b - a;
	/* The bytes past the end are still secret: wipe them. */
	memset(e->text.data + e->text.len, 0, b - a);
	e->modified = true;
}

static void
insert(struct edit *e, const char *p, size_t n)
{
	if (e->text.len + n > e->arg.max)
		return;
	if (sh_buf_reserve(&e->text, n) != 0)
		die("%s", _("out of memory"));
	memmove(e->text.data + e->cur + n, e->text.data + e->cur,
	    e->text.len - e->cur);
	memcpy(e->text.data + e->cur, p, n);
	e->text.len += n;
	e->cur += n;
	e->modified = true;
}

/* Moves the cursor one wrapped line up or down, keeping its column. */
static void
vertical(struct edit *e, int dir)
{
	struct wline	*l;
	size_t		 n, cl, used, col;
	const char	*s = e->text.data != NULL ? (char *)e->text.data : "";

	l = wrap_lines(e, e->cols > 0 ? e->cols : 80, &n);
	cl = line_of(l, n, e->cur);
	col = sh_text_width(s + l[cl].off, e->cur - l[cl].off);
	if ((dir < 0 && cl == 0) || (dir > 0 && cl + 1 >= n)) {
		free(l);
		return;
	}
	cl = dir < 0 ? cl - 1 : cl + 1;
	e->cur = l[cl].off + sh_text_fit(s + l[cl].off, l[cl].n, col, &used);
	free(l);
}

static int
save(struct view *v)
{
	struct edit	*e = v->data;
	char		 errbuf[SH_ERR_MAX];

	if (sh_buf_cstr(&e->text) == NULL)
		die("%s", _("out of memory"));
	if (e->arg.save(&e->arg, (char *)e->text.data, errbuf,
	    sizeof(errbuf)) != 0) {
		ui_error(v->ui, "%s", errbuf);
		return UI_HANDLED | UI_REDRAW;
	}
	ui_message(v->ui, "%s", _("Saved."));
	return UI_BACK;
}

static int
edit_input(struct view *v, const struct ui_key *k)
{
	struct edit	*e = v->data;
	const char	*s = (char *)e->text.data;
	char		 enc[4];
	size_t		 a;

	if (km_is(k, KM_ED_SAVE))
		return save(v);
	if (km_is(k, KM_ED_CLOSE)) {
		if (e->modified && !ui_confirm(v->ui,
		    _("Discard the changes?")))
			return UI_HANDLED | UI_REDRAW;
		return UI_BACK;
	}
	if (km_is(k, KM_ED_NEWLINE)) {
		insert(e, "\n", 1);
	} else if (km_is(k, KM_ED_BACKSPACE)) {
		a = prev_cp(s, e->cur);
		delete_range(e, a, e->cur);
		e->cur = a;
	} else if (km_is(k, KM_ED_DELETE)) {
		delete_range(e, e->cur, next_cp(s, e->text.len, e->cur));
	} else if (km_is(k, KM_ED_LEFT)) {
		e->cur = prev_cp(s, e->cur);
	} else if (km_is(k, KM_ED_RIGHT)) {
		e->cur = next_cp(s, e->text.len, e->cur);
	} else if (km_is(k, KM_ED_UP)) {
		vertical(e, -1);
	} else if (km_is(k, KM_ED_DOWN)) {
		vertical(e, 1);
	} else if (km_is(k, KM_ED_HOME)) {
		while (e->cur > 0 && s[e->cur - 1] != '\n')
			e->cur--;
	} else if (km_is(k, KM_ED_END)) {
		while (e->cur < e->text.len && s[e->cur] != '\n')
			e->cur++;
	} else if (km_is(k, KM_ED_KILL)) {
		a = e->cur;
		while (a < e->text.len && s[a] != '\n')
			a++;
		if (a == e->cur && a < e->text.len)
			a++;
		delete_range(e, e->cur, a);
	} else if (km_is(k, KM_ED_TAB)) {
		insert(e, "  ", 2);
	} else if (!k->fn && k->ch >= 0x20 &&
	    !sh_text_is_unsafe((uint32_t)k->ch) && k->ch <= 0x10FFFF) {
		insert(e, enc, sh_utf8_encode((uint32_t)k->ch, enc));
	} else
		return UI_HANDLED;
	return UI_HANDLED | UI_REDRAW;
}

static void
edit_close(struct view *v)
{
	struct edit *e = v->data;

	curs_set(0);
	sh_buf_free(&e->text);
	free(e->title);
	free(e->help);
	free(e);
}

const struct view_ops view_edit_ops = {
	.name = N_("Editor"),
	.open = edit_open,
	.draw = edit_draw,
	.input = edit_input,
	.close = edit_close,
	.keyset = KM_V_EDIT,
};

/* Saving through the model. */

static int
save_to_model(void *ctx, const char *text, char *errbuf, size_t size)
{
	struct edit_arg		*a = ctx;
	struct app		*app = a->ctx;
	struct ws_proposal	*p = &app->ws->props[a->ctx_prop];
	struct sh_err		 err;
	int			 r = -1;

	switch ((enum edit_what)a->ctx_what) {
	case EDIT_COMMENT:
		r = ws_set_comment(app->ws, p, (size_t)a->ctx_item, text,
		    &err);
		break;
	case EDIT_REMARKS:
		r = ws_set_text(app->ws, p, WS_TEXT_REMARKS, text, &err);
		break;
	case EDIT_CONDITIONS:
		r = ws_set_text(app->ws, p, WS_TEXT_CONDITIONS, text, &err);
		break;
	case EDIT_STATEMENT:
		r = ws_set_text(app->ws, p, WS_TEXT_STATEMENT, text, &err);
		break;
	case EDIT_SCRATCH:
		r = ws_set_text(app->ws, p, WS_TEXT_SCRATCH, text, &err);
		break;
	}
	if (r != 0)
		msg_err(&err, errbuf, size);
	return r;
}

int
open_editor(struct ui *ui, size_t prop, enum edit_what what, size_t item)
{
	struct app		*app = ui_app(ui);
	struct ws_proposal	*p = &app->ws->props[prop];
	const struct sh_item	*it = ws_item(p, item);
	struct edit_arg		 a;
	char			*title, *help = NULL;
	int			 r;

	memset(&a, 0, sizeof(a));
	a.save = save_to_model;
	a.ctx = app;
	a.ctx_prop = (int)prop;
	a.ctx_item = (int)item;
	a.ctx_what = (int)what;
	switch (what) {
	case EDIT_COMMENT:
		title = xasprintf(_("%s item %s: comment"), p->id, it->id);
		if (p->entries[item].cannot_judge)
			help = xstrdup(_("Cannot judge: write why the item "
			    "cannot be judged from the application."));
		else if (ws_comment_required(app->ws, p, item))
			help = xasprintf(_("Score %d: say concretely why "
			    "(判断根拠・理由)."), p->entries[item].value);
		else
			help = xstrdup(it->criterion);
		a.text = p->entries[item].comment;
		a.max = WS_MAX_COMMENT;
		break;
	case EDIT_REMARKS:
		title = xasprintf(_("%s: overall remarks (総合所見)"), p->id);
		a.text = p->remarks;
		a.max = WS_MAX_REMARKS;
		break;
	case EDIT_CONDITIONS:
		title = xasprintf(_("%s: conditions for adoption "
		    "(計画の修正等の条件)"), p->id);
		a.text = p->conditions;
		a.max = WS_MAX_REMARKS;
		break;
	case EDIT_STATEMENT:
		title = xasprintf(_("%s: (キ) statement for the committee"),
		    p->id);
		help = xstrdup(_("(キ) is declared in writing: say what the "
		    "relationship is; the committee decides whether your "
		    "review counts."));
		a.text = p->statement;
		a.max = WS_MAX_REMARKS;
		break;
	default:
		title = xasprintf(_("%s: private scratchpad"), p->id);
		help = xstrdup(_("Kept sealed on this machine; never part of "
		    "the sheet."));
		a.text = p->scratch;
		a.max = WS_MAX_SCRATCH;
		break;
	}
	a.title = title;
	a.help = help;
	r = ui_push(ui, &view_edit_ops, &a);
	free(title);
	free(help);
	return r;
}
