/*
 * The display: one stack of views, one input loop, a title bar, a status
 * line and the help screen. Curses calls live here, in draw.c and in the
 * view_*.c files; the model (model.h) and the store know nothing of them.
 *
 * A view is a table of operations (struct view_ops), one file per view.
 * Its input handler changes the model and returns what to do next as
 * UI_* flags; the loop redraws. KEY_RESIZE is handled in the loop, so
 * views only ever draw into the size they are given.
 *
 * Test mode (ui_new_test): the screen is a curses "dumb" terminal
 * writing to /dev/null, resized to a fixed size; keys come from a script
 * (ui_test_keys) and the screen is read back with ui_dump(). ui_run()
 * returns when the script runs out, so a test can look at the screen,
 * add keys and run again.
 */
#ifndef SHINSA_TUI_UI_H
#define SHINSA_TUI_UI_H

#include <stdbool.h>
#include <stddef.h>

#include "tcurses.h"

/* What an input handler did. */
#define UI_UNHANDLED	0x00	/* not mine: try the global keys */
#define UI_HANDLED	0x01
#define UI_REDRAW	0x02	/* the screen must be drawn again */
#define UI_BACK		0x04	/* close this view */
#define UI_QUIT		0x08	/* leave the program */

/* Smallest screen the views are laid out for. */
#define UI_MIN_COLS	20
#define UI_MIN_ROWS	6

struct ui;
struct view;

/* One key: a character (fn false) or a curses KEY_* code (fn true). */
struct ui_key {
	bool	fn;
	wint_t	ch;
};

#define UI_CTRL(c)	((c) & 0x1f)

struct view_ops {
	const char		*name;	/* N_(), shown in the title bar */
	/* Sets up view->data from arg; -1 (with ui_message set) refuses. */
	int			(*open)(struct view *, void *arg);
	/* Draws rows top..top+rows-1 of stdscr, all columns. */
	void			(*draw)(struct view *, int top, int rows,
				    int cols);
	int			(*input)(struct view *, const struct ui_key *);
	void			(*close)(struct view *);
	unsigned		 keyset;	/* KM_V_* (keymap.h): its keys
					   in the table, help and footer */
};

struct view {
	const struct view_ops	*ops;
	struct ui		*ui;
	void			*data;
	/* A cursor over lines for list-like views (ui_list_input). */
	int			 sel;
	int			 top;
	int			 nlines;
	int			 rows;	/* body rows at the last draw */
};

/* Colour pairs / attributes by role. */
enum ui_role {
	UI_NORMAL,
	UI_TITLE,
	UI_SELECTED,
	UI_ERROR,
	UI_GOOD,
	UI_WARN,
	UI_DIM,
	UI_HEADER,
	UI_NROLES
};

/* Starts curses on the terminal; NULL with *errstr on failure. */
struct ui	*ui_new(void *app, const char **errstr);
/* Starts a test screen of rows×cols (see above). */
struct ui	*ui_new_test(void *app, int rows, int cols);
/* Ends curses and frees every view and the ui. */
void		 ui_free(struct ui *);

void		*ui_app(struct ui *);
int		 ui_rows(struct ui *);
int		 ui_cols(struct ui *);
int		 ui_attr(struct ui *, enum ui_role);
bool		 ui_has_color(struct ui *);

/* Opens a view on top; -1 if its open refused (the message says why). */
int		 ui_push(struct ui *, const struct view_ops *, void *arg);
/* Closes the top view. */
void		 ui_pop(struct ui *);
struct view	*ui_top(struct ui *);
int		 ui_depth(struct ui *);

/* The loop: reads keys and dispatches them until quit (or, in test mode,
 * until the script runs out). Returns 0. */
int		 ui_run(struct ui *);
/* The same until fewer than depth + 1 views are open: a screen pushed
 * on top of the others answers a question before the caller goes on
 * (the fingerprint check while opening a package). */
int		 ui_run_above(struct ui *, int depth);
void		 ui_redraw(struct ui *);
/* Lays out again for the terminal's current size and redraws. */
void		 ui_resize(struct ui *, int rows, int cols);

/* The status line: a message shown until the next key. */
void		 ui_message(struct ui *, const char *fmt, ...)
		     __attribute__((format(printf, 2, 3)));
void		 ui_error(struct ui *, const char *fmt, ...)
		     __attribute__((format(printf, 2, 3)));
const char	*ui_last_message(struct ui *);

/* Generic cursor movement over view->nlines lines: j/k, arrows, g/G,
 * Home/End, PgUp/PgDn, Ctrl-F/B/D/U. */
int		 ui_list_input(struct view *, const struct ui_key *);
/* Keeps view->sel in view->top..top+rows-1. */
void		 ui_list_scroll(struct view *, int rows);
/* True for Enter. */
bool		 ui_key_is_enter(const struct ui_key *);
bool		 ui_key_is(const struct ui_key *, wint_t ch);
bool		 ui_key_fn(const struct ui_key *, int code);

/* Reads one line of text at the bottom of the screen (wide characters,
 * Japanese input); NULL if cancelled with Esc. Caller frees. `init`
 * may be NULL. */
char		*ui_prompt(struct ui *, const char *question, const char *init);
/* The same with choices: hidden shows a star per character and keeps
 * the text in a secret buffer (a passphrase); complete, when set, is
 * called on Tab with the text so far and returns the text to put in its
 * place (caller frees) or NULL, and may say something with ui_message
 * (shown above the line). out is initialised here; -1 if cancelled
 * (out then empty). */
struct ui_prompt_opts {
	const char	*question;
	const char	*init;
	bool		 hidden;
	char		*(*complete)(struct ui *, const char *text, void *arg);
	void		*arg;
};
struct sh_buf;
int		 ui_prompt_ex(struct ui *, const struct ui_prompt_opts *,
		     struct sh_buf *out);
/* Asks y/n at the bottom of the screen. */
bool		 ui_confirm(struct ui *, const char *question);

/* Test mode. Keys in a small notation: UTF-8 characters as typed, and
 * <Enter> <Esc> <Tab> <BS> <Up> <Down> <Left> <Right> <PgUp> <PgDn>
 * <Home> <End> <F1> <Space> <lt> <C-x>. */
void		 ui_test_keys(struct ui *, const char *keys);
/* The screen as text: rows joined by '\n', trailing spaces removed.
 * Caller frees. */
char		*ui_dump(struct ui *);
/* One row of the screen, trailing spaces removed, into buf. */
void		 ui_dump_row(struct ui *, int row, char *buf, size_t size);

/* All views, for the help screen; ends with NULL (views.c). */
extern const struct view_ops	*const ui_all_views[];

extern const struct view_ops	view_help_ops;

#endif
