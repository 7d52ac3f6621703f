/*
 * The display and the one input loop; see ui.h.
 */
#include <errno.h>
#include <signal.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include <wctype.h>

#include <sodium.h>

#include "base/text.h"
#include "crypto/minisign.h"
#include "draw.h"
#include "i18n.h"
#include "keymap.h"
#include "layout.h"
#include "ui.h"
#include "xmalloc.h"

#define UI_MAX_VIEWS	16
#define UI_MSG_MAX	512
#define UI_MSG_ROWS	4	/* a message wraps onto at most these */

struct ui {
	SCREEN		*screen;
	FILE		*in;
	FILE		*out;
	bool		 test;
	bool		 color;
	int		 attrs[UI_NROLES];
	void		*app;

	struct view	*views[UI_MAX_VIEWS];
	int		 depth;

	char		 msg[UI_MSG_MAX];
	bool		 msg_error;

	/* Test mode: the key script. */
	struct ui_key	*script;
	size_t		 nscript;
	size_t		 pos;
};

static struct ui		*die_ui;	/* to restore on die() */
static volatile sig_atomic_t	 ui_signalled;

/* die_callback: the terminal back as it was before a fatal error. */
static void
ui_restore(void)
{
	if (die_ui != NULL && !isendwin())
		endwin();
}

static void
on_signal(int sig)
{
	ui_signalled = sig;
}

static bool
no_color_wanted(void)
{
	const char *nc = getenv("NO_COLOR");

	/* https://no-color.org: present and not empty disables colour. */
	return nc != NULL && nc[0] != '\0';
}

static void
setup_attrs(struct ui *ui)
{
	int i;

	for (i = 0; i < UI_NROLES; i++)
		ui->attrs[i] = A_NORMAL;
	ui->color = !no_color_wanted() && has_colors();
	if (ui->color) {
		start_color();
		use_default_colors();
		init_pair(1, COLOR_WHITE, COLOR_BLUE);
		init_pair(2, COLOR_BLACK, COLOR_CYAN);
		init_pair(3, COLOR_RED, -1);
		init_pair(4, COLOR_GREEN, -1);
		init_pair(5, COLOR_YELLOW, -1);
		init_pair(6, COLOR_BLUE, -1);
		ui->attrs[UI_TITLE] = COLOR_PAIR(1) | A_BOLD;
		ui->attrs[UI_SELECTED] = COLOR_PAIR(2);
		ui->attrs[UI_ERROR] = COLOR_PAIR(3) | A_BOLD;
		ui->attrs[UI_GOOD] = COLOR_PAIR(4);
		ui->attrs[UI_WARN] = COLOR_PAIR(5) | A_BOLD;
		ui->attrs[UI_DIM] = A_DIM;
		ui->attrs[UI_HEADER] = COLOR_PAIR(6) | A_BOLD;
	} else {
		/* Without colour, meaning is carried by text and attributes. */
		ui->attrs[UI_TITLE] = A_REVERSE;
		ui->attrs[UI_SELECTED] = A_REVERSE;
		ui->attrs[UI_ERROR] = A_BOLD;
		ui->attrs[UI_WARN] = A_BOLD;
		ui->attrs[UI_HEADER] = A_BOLD;
		ui->attrs[UI_DIM] = A_DIM;
	}
}

static void
setup_curses(struct ui *ui)
{
	raw();
	noecho();
	nonl();
	keypad(stdscr, TRUE);
	set_escdelay(25);
	curs_set(0);
	setup_attrs(ui);
}

struct ui *
ui_new(void *app, const char **errstr)
{
	struct ui		*ui;
	struct sigaction	 sa;
	const char		*term = getenv("TERM");

	/*
	 * The screens read keys from a terminal and draw on one. From a
	 * file or a pipe there would be no key to wait for: refuse, and
	 * say how to start shinsa instead of drawing into the file.
	 */
	if (!isatty(STDIN_FILENO) || !isatty(STDOUT_FILENO)) {
		*errstr = _("the screens need a terminal: start shinsa in a "
		    "terminal window, without < or > (status, submit, form "
		    "and docs work without one)");
		return NULL;
	}
	ui = xcalloc(1, sizeof(*ui));
	ui->app = app;
	ui->screen = newterm(term != NULL && *term ? term : "vt100", stdout,
	    stdin);
	if (ui->screen == NULL) {
		free(ui);
		*errstr = _("cannot start the terminal (is TERM right?)");
		return NULL;
	}
	die_ui = ui;
	die_callback = ui_restore;
	setup_curses(ui);
	/* A signal only sets a flag; the loop ends cleanly on it. */
	memset(&sa, 0, sizeof(sa));
	sa.sa_handler = on_signal;
	sigemptyset(&sa.sa_mask);
	sigaction(SIGTERM, &sa, NULL);
	sigaction(SIGHUP, &sa, NULL);
	sigaction(SIGINT, &sa, NULL);
	return ui;
}

struct ui *
ui_new_test(void *app, int rows, int cols)
{
	struct ui *ui;

	ui = xcalloc(1, sizeof(*ui));
	ui->app = app;
	ui->test = true;
	if ((ui->out = fopen("/dev/null", "w")) == NULL ||
	    (ui->in = fopen("/dev/null", "r")) == NULL)
		die("/dev/null: %s", strerror(errno));
	ui->screen = newterm("dumb", ui->out, ui->in);
	if (ui->screen == NULL)
		/* untranslated: the in-process screen tests' harness */
		die("cannot start a dumb test terminal");
	die_ui = ui;
	die_callback = ui_restore;
	setup_curses(ui);
	resizeterm(rows, cols);
	return ui;
}

void
ui_free(struct ui *ui)
{
	if (ui == NULL)
		return;
	while (ui->depth > 0)
		ui_pop(ui);
	endwin();
	delscreen(ui->screen);
	if (ui->out != NULL)
		fclose(ui->out);
	if (ui->in != NULL)
		fclose(ui->in);
	free(ui->script);
	if (die_ui == ui)
		die_ui = NULL;
	free(ui);
}

void *
ui_app(struct ui *ui)
{
	return ui->app;
}

int
ui_rows(struct ui *ui)
{
	return LINES;
}

int
ui_cols(struct ui *ui)
{
	return COLS;
}

int
ui_attr(struct ui *ui, enum ui_role role)
{
	return ui->attrs[role];
}

bool
ui_has_color(struct ui *ui)
{
	return ui->color;
}

/* Views */

int
ui_push(struct ui *ui, const struct view_ops *ops, void *arg)
{
	struct view *v;

	if (ui->depth == UI_MAX_VIEWS) {
		ui_error(ui, "%s", _("too many screens open"));
		return -1;
	}
	v = xcalloc(1, sizeof(*v));
	v->ops = ops;
	v->ui = ui;
	if (ops->open != NULL && ops->open(v, arg) != 0) {
		free(v);
		return -1;
	}
	ui->views[ui->depth++] = v;
	return 0;
}

void
ui_pop(struct ui *ui)
{
	struct view *v;

	if (ui->depth == 0)
		return;
	v = ui->views[--ui->depth];
	if (v->ops->close != NULL)
		v->ops->close(v);
	free(v);
}

struct view *
ui_top(struct ui *ui)
{
	return ui->depth > 0 ? ui->views[ui->depth - 1] : NULL;
}

int
ui_depth(struct ui *ui)
{
	return ui->depth;
}

/* Status line */

static void set_msg(struct ui *, bool, const char *, va_list)
    SH_PRINTF(3, 0);

static void
set_msg(struct ui *ui, bool error, const char *fmt, va_list ap)
{
	vsnprintf(ui->msg, sizeof(ui->msg), fmt, ap);
	ui->msg_error = error;
}

void
ui_message(struct ui *ui, const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	set_msg(ui, false, fmt, ap);
	va_end(ap);
}

void
ui_error(struct ui *ui, const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	set_msg(ui, true, fmt, ap);
	va_end(ap);
	if (!ui->test)
		beep();
}

const char *
ui_last_message(struct ui *ui)
{
	return ui->msg;
}

/* Drawing */

static void
draw_title(struct ui *ui, struct view *v)
{
	char	*s;

	draw_fill(ui, 0, 0, COLS, UI_TITLE);
	s = xasprintf("shinsa: %s", _(v->ops->name));
	draw_text(ui, 0, 0, COLS, s, UI_TITLE);
	free(s);
}

/* The rows the message takes at the bottom: a message too long for one
 * line wraps upwards so that its end (what to do next) is seen, up to
 * UI_MSG_ROWS and leaving the screen two rows of its own. */
static int
status_rows(struct ui *ui)
{
	int max = LINES - 3 < UI_MSG_ROWS ? LINES - 3 : UI_MSG_ROWS;

	if (ui->msg[0] == '\0' || max < 1)
		return 1;
	max = draw_wrap_rows(ui->msg, COLS, max);
	return max < 1 ? 1 : max;
}

/* The status line: the message, else the keys that work on the top
 * screen, from the key table, fitted to the width. */
static void
draw_status(struct ui *ui, struct view *v, int rows)
{
	char	*s;
	int	 r;

	for (r = LINES - rows; r < LINES; r++)
		draw_fill(ui, r, 0, COLS, UI_NORMAL);
	if (ui->msg[0] != '\0')
		draw_wrap(ui, LINES - rows, 0, COLS, rows, ui->msg,
		    ui->msg_error ? UI_ERROR : UI_NORMAL);
	else if (v != NULL) {
		s = km_footer(v->ops->keyset, (size_t)COLS);
		draw_text(ui, LINES - 1, 0, COLS, s, UI_DIM);
		free(s);
	}
}

void
ui_redraw(struct ui *ui)
{
	struct view	*v = ui_top(ui);
	int		 rows;

	erase();
	if (LINES < UI_MIN_ROWS || COLS < UI_MIN_COLS) {
		draw_text(ui, 0, 0, COLS, _("Terminal too small"), UI_ERROR);
		wnoutrefresh(stdscr);
		doupdate();
		return;
	}
	rows = status_rows(ui);
	if (v != NULL) {
		draw_title(ui, v);
		v->rows = LINES - 1 - rows;
		v->ops->draw(v, 1, v->rows, COLS);
	}
	draw_status(ui, v, rows);
	wnoutrefresh(stdscr);
	doupdate();
}

void
ui_resize(struct ui *ui, int rows, int cols)
{
	if (rows > 0 && cols > 0)
		resizeterm(rows, cols);
	clearok(curscr, TRUE);
	ui_redraw(ui);
}

/* Keys */

bool
ui_key_is_enter(const struct ui_key *k)
{
	if (k->fn)
		return k->ch == KEY_ENTER;
	return k->ch == '\r' || k->ch == '\n';
}

bool
ui_key_is(const struct ui_key *k, wint_t ch)
{
	return !k->fn && k->ch == ch;
}

bool
ui_key_fn(const struct ui_key *k, int code)
{
	return k->fn && k->ch == (wint_t)code;
}

static bool
is_backspace(const struct ui_key *k)
{
	return ui_key_fn(k, KEY_BACKSPACE) || ui_key_is(k, 0x7f) ||
	    ui_key_is(k, 0x08);
}

/* Reads that fail in a row before the terminal is taken to be gone. */
#define UI_MAX_READ_ERRORS	100

/* One key: from the script in test mode, else from the terminal. False
 * when there are no more (script done, or a signal asked us to stop). */
static bool
get_key(struct ui *ui, struct ui_key *k)
{
	wint_t		wch;
	int		r;
	unsigned	nerr = 0;

	if (ui->test) {
		if (ui->pos >= ui->nscript)
			return false;
		*k = ui->script[ui->pos++];
		if (ui_key_fn(k, KEY_RESIZE))
			ui->pos++;	/* the size follows, see ui_test_keys */
		return true;
	}
	for (;;) {
		if (ui_signalled)
			return false;
		errno = 0;
		r = get_wch(&wch);
		if (r == ERR) {
			/* A signal, or bytes that are no character. */
			if (errno == EINTR || errno == EILSEQ)
				continue;
			/*
			 * Otherwise the terminal is gone (read() at its end
			 * or failing): ERR at once, every time. End cleanly
			 * rather than spin; every change is already saved.
			 */
			if (++nerr < UI_MAX_READ_ERRORS)
				continue;
			return false;
		}
		nerr = 0;
		k->fn = r == KEY_CODE_YES;
		k->ch = wch;
		return true;
	}
}

void
ui_test_keys(struct ui *ui, const char *keys)
{
	static const struct {
		const char	*name;
		bool		 fn;
		wint_t		 ch;
	} named[] = {
		{ "Enter", false, '\r' }, { "Esc", false, 0x1b },
		{ "Tab", false, '\t' }, { "BS", true, KEY_BACKSPACE },
		{ "Up", true, KEY_UP }, { "Down", true, KEY_DOWN },
		{ "Left", true, KEY_LEFT }, { "Right", true, KEY_RIGHT },
		{ "PgUp", true, KEY_PPAGE }, { "PgDn", true, KEY_NPAGE },
		{ "Home", true, KEY_HOME }, { "End", true, KEY_END },
		{ "F1", true, KEY_F(1) }, { "Space", false, ' ' },
		{ "lt", false, '<' }, { "Del", true, KEY_DC },
	};
	const char	*p = keys, *end;
	size_t		 len = strlen(keys), i, n;
	uint32_t	 cp;
	struct ui_key	 k;
	unsigned	 rows, cols;

	/* Drop what was consumed so the script does not grow forever. */
	if (ui->pos > 0) {
		memmove(ui->script, ui->script + ui->pos,
		    (ui->nscript - ui->pos) * sizeof(*ui->script));
		ui->nscript -= ui->pos;
		ui->pos = 0;
	}
	while (*p != '\0') {
		k.fn = false;
		if (*p == '<' && (end = strchr(p, '>')) != NULL) {
			n = (size_t)(end - p - 1);
			if (n == 3 && p[1] == 'C' && p[2] == '-') {
				k.ch = (wint_t)UI_CTRL(p[3]);
				goto add;
			}
			if (sscanf(p, "<Resize %ux%u>", &cols, &rows) == 2) {
				/* Two entries: the key, then the size. */
				ui->script = xreallocarray(ui->script,
				    ui->nscript + 2, sizeof(*ui->script));
				ui->script[ui->nscript].fn = true;
				ui->script[ui->nscript++].ch = KEY_RESIZE;
				ui->script[ui->nscript].fn = false;
				ui->script[ui->nscript++].ch =
				    (wint_t)(rows << 16 | cols);
				p = end + 1;
				continue;
			}
			for (i = 0; i < sizeof(named) / sizeof(named[0]); i++)
				if (strlen(named[i].name) == n &&
				    strncmp(p + 1, named[i].name, n) == 0)
					break;
			if (i == sizeof(named) / sizeof(named[0]))
				/* untranslated: a test script's typo */
				die("test keys: unknown <%.*s>", (int)n,
				    p + 1);
			k.fn = named[i].fn;
			k.ch = named[i].ch;
			p = end + 1;
			goto push;
		}
		n = sh_utf8_decode(p, len - (size_t)(p - keys), &cp);
		k.ch = (wint_t)cp;
		p += n;
		goto push;
add:
		p = end + 1;
push:
		ui->script = xreallocarray(ui->script, ui->nscript + 1,
		    sizeof(*ui->script));
		ui->script[ui->nscript++] = k;
	}
}

void
ui_dump_row(struct ui *ui, int row, char *buf, size_t size)
{
	size_t n;

	buf[0] = '\0';
	if (size < 2)
		return;
	if (mvwinnstr(stdscr, row, 0, buf, (int)size - 1) == ERR)
		buf[0] = '\0';
	buf[size - 1] = '\0';
	n = strlen(buf);
	while (n > 0 && buf[n - 1] == ' ')
		buf[--n] = '\0';
}

char *
ui_dump(struct ui *ui)
{
	char	*out, *row;
	size_t	 size, rowsize, len = 0, n;
	int	 r;

	rowsize = (size_t)COLS * 4 + 8;
	size = (size_t)LINES * (rowsize + 1) + 1;
	out = xcalloc(1, size);
	row = xcalloc(1, rowsize);
	for (r = 0; r < LINES; r++) {
		ui_dump_row(ui, r, row, rowsize);
		n = strlen(row);
		memcpy(out + len, row, n);
		len += n;
		if (r + 1 < LINES)
			out[len++] = '\n';
	}
	out[len] = '\0';
	free(row);
	return out;
}

/* Lists */

void
ui_list_scroll(struct view *v, int rows)
{
	if (v->nlines <= 0) {
		v->sel = v->top = 0;
		return;
	}
	if (v->sel >= v->nlines)
		v->sel = v->nlines - 1;
	if (v->sel < 0)
		v->sel = 0;
	if (rows < 1)
		rows = 1;
	if (v->sel < v->top)
		v->top = v->sel;
	if (v->sel >= v->top + rows)
		v->top = v->sel - rows + 1;
	if (v->top > v->nlines - rows)
		v->top = v->nlines - rows;
	if (v->top < 0)
		v->top = 0;
}

int
ui_list_input(struct view *v, const struct ui_key *k)
{
	int page = v->rows > 2 ? v->rows - 1 : 1, old = v->sel;

	if (km_is(k, KM_DOWN))
		v->sel++;
	else if (km_is(k, KM_UP))
		v->sel--;
	else if (km_is(k, KM_FIRST))
		v->sel = 0;
	else if (km_is(k, KM_LAST))
		v->sel = v->nlines - 1;
	else if (km_is(k, KM_PAGE_DOWN))
		v->sel += page;
	else if (km_is(k, KM_PAGE_UP))
		v->sel -= page;
	else if (km_is(k, KM_HALF_DOWN))
		v->sel += page / 2;
	else if (km_is(k, KM_HALF_UP))
		v->sel -= page / 2;
	else
		return UI_UNHANDLED;
	if (v->sel >= v->nlines)
		v->sel = v->nlines - 1;
	if (v->sel < 0)
		v->sel = 0;
	return v->sel != old ? UI_HANDLED | UI_REDRAW : UI_HANDLED;
}

/* The loop */

static int
global_input(struct ui *ui, const struct ui_key *k)
{
	struct view *v = ui_top(ui);

	if (km_is(k, KM_HELP)) {
		if (v != NULL && v->ops == &view_help_ops)
			return UI_HANDLED;
		ui_push(ui, &view_help_ops, NULL);
		return UI_REDRAW;
	}
	if (km_is(k, KM_BACK))
		return UI_BACK;
	if (km_is(k, KM_QUIT))
		return UI_QUIT;
	if (km_is(k, KM_REDRAW)) {
		clearok(curscr, TRUE);
		return UI_REDRAW;
	}
	return UI_UNHANDLED;
}

static int
dispatch(struct ui *ui, const struct ui_key *k)
{
	struct view	*v = ui_top(ui);
	int		 flags = UI_UNHANDLED;

	if (ui_key_fn(k, KEY_RESIZE))
		return UI_REDRAW;
	if (v != NULL && v->ops->input != NULL)
		flags = v->ops->input(v, k);
	if (flags == UI_UNHANDLED)
		flags = global_input(ui, k);
	if (flags == UI_UNHANDLED)
		return UI_HANDLED;
	return flags;
}

int
ui_run(struct ui *ui)
{
	return ui_run_above(ui, 0);
}

int
ui_run_above(struct ui *ui, int depth)
{
	struct ui_key	k;
	int		flags;
	unsigned	size;

	ui_redraw(ui);
	while (ui->depth > depth && get_key(ui, &k)) {
		/* A message lasts until the next key. */
		ui->msg[0] = '\0';
		if (ui_key_fn(&k, KEY_RESIZE)) {
			if (ui->test) {
				size = (unsigned)ui->script[ui->pos - 1].ch;
				resizeterm((int)(size >> 16),
				    (int)(size & 0xffff));
			}
			ui_resize(ui, 0, 0);
			continue;
		}
		flags = dispatch(ui, &k);
		if (flags & UI_QUIT) {
			while (ui->depth > 0)
				ui_pop(ui);
			break;
		}
		if (flags & UI_BACK)
			ui_pop(ui);
		if (ui->depth > depth)
			ui_redraw(ui);
	}
	return 0;
}

/* Prompts */

static bool
prompt_key(struct ui *ui, struct ui_key *k)
{
	if (!get_key(ui, k)) {
		/* No more keys: the same as Esc. */
		k->fn = false;
		k->ch = 0x1b;
		return false;
	}
	return true;
}

/* The text of the line, from buf[0..len), as UTF-8 into out. */
static int
prompt_text(const wchar_t *buf, size_t len, struct sh_buf *out)
{
	char	enc[4];
	size_t	i;

	for (i = 0; i < len; i++)
		if (sh_buf_append(out, enc,
		    sh_utf8_encode((uint32_t)buf[i], enc)) != 0)
			return -1;
	sodium_memzero(enc, sizeof(enc));
	return sh_buf_cstr(out) == NULL ? -1 : 0;
}

/* Replaces the line with text (a completion), cursor at its end. */
static void
prompt_set(wchar_t **buf, size_t *cap, size_t *len, size_t *cur,
    const char *text)
{
	size_t		n, left = strlen(text);
	uint32_t	cp;

	*len = 0;
	while (left > 0) {
		if (*len + 1 >= *cap) {
			*cap *= 2;
			*buf = xreallocarray(*buf, *cap, sizeof(**buf));
		}
		n = sh_utf8_decode(text, left, &cp);
		(*buf)[(*len)++] = (wchar_t)cp;
		text += n;
		left -= n;
	}
	*cur = *len;
}

int
ui_prompt_ex(struct ui *ui, const struct ui_prompt_opts *o, struct sh_buf *out)
{
	wchar_t		*buf;
	size_t		 len = 0, cap = 256, cur, i, qw;
	struct ui_key	 k;
	struct sh_buf	 text;
	char		*done;
	int		 y = LINES - 1, x, w, start, used, r = -1;
	bool		 hidden = o->hidden;

	/* A hidden line (a passphrase) never grows: realloc would leave
	 * copies of it behind. */
	if (hidden)
		cap = SH_MINISIGN_PASS_MAX + 1;
	buf = xcalloc(cap, sizeof(*buf));
	sh_buf_init(out, hidden);
	if (o->init != NULL && !hidden)
		prompt_set(&buf, &cap, &len, &cur, o->init);
	cur = len;
	curs_set(1);
	/* What was just said (a refused try) stays above the line. */
	if (ui->msg[0] != '\0' && y > 0) {
		draw_fill(ui, y - 1, 0, COLS, UI_NORMAL);
		draw_text(ui, y - 1, 0, COLS, ui->msg,
		    ui->msg_error ? UI_ERROR : UI_DIM);
	}
	for (;;) {
		draw_fill(ui, y, 0, COLS, UI_NORMAL);
		qw = (size_t)draw_text(ui, y, 0, COLS / 2, o->question,
		    UI_HEADER);
		x = (int)qw + 1;
		/* Show the end of the text around the cursor if too long. */
		start = 0;
		for (;;) {
			used = 0;
			for (i = (size_t)start; i < cur; i++)
				used += hidden ? 1 :
				    sh_cp_width((uint32_t)buf[i]);
			if (x + used < COLS - 1 || start >= (int)cur)
				break;
			start++;
		}
		move(y, x);
		w = x;
		for (i = (size_t)start; i < len; i++) {
			int cw = hidden ? 1 : sh_cp_width((uint32_t)buf[i]);

			if (w + cw > COLS - 1)
				break;
			if (hidden)
				addch('*');
			else if (sh_text_is_unsafe((uint32_t)buf[i]) ||
			    !iswprint((wint_t)buf[i]))
				addstr("\xef\xbf\xbd");
			else
				addnwstr(&buf[i], 1);
			w += cw;
		}
		w = x;
		for (i = (size_t)start; i < cur; i++)
			w += hidden ? 1 : sh_cp_width((uint32_t)buf[i]);
		move(y, w);
		refresh();
		prompt_key(ui, &k);
		if (ui_key_is(&k, 0x1b) || ui_key_is(&k, UI_CTRL('g')) ||
		    ui_key_is(&k, UI_CTRL('c')))
			goto out;
		if (ui_key_is_enter(&k))
			break;
		if (ui_key_is(&k, '\t') && o->complete != NULL) {
			sh_buf_init(&text, false);
			if (prompt_text(buf, len, &text) != 0)
				die("%s", _("out of memory"));
			if ((done = o->complete(ui, (char *)text.data,
			    o->arg)) != NULL) {
				prompt_set(&buf, &cap, &len, &cur, done);
				free(done);
			}
			sh_buf_free(&text);
			/* The completion may have said something (the
			 * choices): show it above the line. */
			if (ui->msg[0] != '\0' && y > 0) {
				draw_fill(ui, y - 1, 0, COLS, UI_NORMAL);
				draw_text(ui, y - 1, 0, COLS, ui->msg, UI_DIM);
				ui->msg[0] = '\0';
			}
			continue;
		}
		if (is_backspace(&k)) {
			if (cur > 0) {
				memmove(&buf[cur - 1], &buf[cur],
				    (len - cur) * sizeof(*buf));
				cur--;
				len--;
			}
		} else if (ui_key_fn(&k, KEY_DC)) {
			if (cur < len) {
				memmove(&buf[cur], &buf[cur + 1],
				    (len - cur - 1) * sizeof(*buf));
				len--;
			}
		} else if (ui_key_fn(&k, KEY_LEFT) || ui_key_is(&k, UI_CTRL('b'))) {
			if (cur > 0)
				cur--;
		} else if (ui_key_fn(&k, KEY_RIGHT) || ui_key_is(&k, UI_CTRL('f'))) {
			if (cur < len)
				cur++;
		} else if (ui_key_fn(&k, KEY_HOME) || ui_key_is(&k, UI_CTRL('a')))
			cur = 0;
		else if (ui_key_fn(&k, KEY_END) || ui_key_is(&k, UI_CTRL('e')))
			cur = len;
		else if (ui_key_is(&k, UI_CTRL('u'))) {
			memmove(buf, &buf[cur], (len - cur) * sizeof(*buf));
			len -= cur;
			cur = 0;
		} else if (!k.fn && k.ch >= 0x20 &&
		    !sh_text_is_unsafe((uint32_t)k.ch)) {
			if (len + 1 >= cap) {
				if (hidden)
					continue;
				cap *= 2;
				buf = xreallocarray(buf, cap, sizeof(*buf));
			}
			memmove(&buf[cur + 1], &buf[cur],
			    (len - cur) * sizeof(*buf));
			buf[cur++] = (wchar_t)k.ch;
			len++;
		}
	}
	if (prompt_text(buf, len, out) != 0)
		die("%s", _("out of memory"));
	r = 0;
out:
	curs_set(0);
	sodium_memzero(buf, cap * sizeof(*buf));
	free(buf);
	if (r != 0)
		sh_buf_free(out);
	return r;
}

char *
ui_prompt(struct ui *ui, const char *question, const char *init)
{
	struct ui_prompt_opts	o = { question, init, false, NULL, NULL };
	struct sh_buf		out;

	if (ui_prompt_ex(ui, &o, &out) != 0)
		return NULL;
	return (char *)out.data;
}

bool
ui_confirm(struct ui *ui, const char *question)
{
	struct ui_key	k;
	char		*s;

	s = xasprintf("%s %s", question, _("(y/n)"));
	draw_fill(ui, LINES - 1, 0, COLS, UI_NORMAL);
	draw_text(ui, LINES - 1, 0, COLS, s, UI_WARN);
	free(s);
	refresh();
	for (;;) {
		if (!prompt_key(ui, &k))
			return false;
		if (km_is(&k, KM_YES))
			return true;
		if (km_is(&k, KM_NO) || ui_key_is(&k, 0x1b))
			return false;
	}
}
