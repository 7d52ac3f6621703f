/*
 * The workstation's keys: one table (keymap.c), one row per request,
 * in the manner of tig's request table. A row names the request, the
 * screens it works on, the keys bound to it, how the help screen and
 * the footer name them, and what it does. Views ask km_is(key, KM_…)
 * instead of testing characters, the help screen (view_help.c) and the
 * footer (ui.c) are generated from the same rows, so help, footer and
 * behaviour cannot drift apart.
 *
 * A key means the same on every screen: apart from the editor's rows
 * (KM_F_TEXT: the editor types text, so its keys are a mode of their
 * own), no key is bound to two requests; test_screen_core checks it.
 */
#ifndef SHINSA_TUI_KEYMAP_H
#define SHINSA_TUI_KEYMAP_H

#include <stdbool.h>
#include <stddef.h>

#include "tcurses.h"

struct ui_key;

/* Screens, as bits of view_ops.keyset and of a row's views. */
#define KM_V_OVERVIEW	0x0001
#define KM_V_CONFLICT	0x0002
#define KM_V_SCORE	0x0004
#define KM_V_EDIT	0x0008
#define KM_V_SUBMIT	0x0010
#define KM_V_DOCLIST	0x0020
#define KM_V_DOC	0x0040
#define KM_V_WELCOME	0x0080
#define KM_V_ROUNDS	0x0100
#define KM_V_PIN	0x0200
#define KM_V_HELP	0x0400
/* Every screen but the editor, which types what is pressed. */
#define KM_V_SCREENS	(0x07ff & ~KM_V_EDIT)
/* Screens with a cursor over lines (ui_list_input, or the pager's own
 * scrolling). */
#define KM_V_LISTS	(KM_V_OVERVIEW | KM_V_CONFLICT | KM_V_SCORE | \
			 KM_V_SUBMIT | KM_V_DOCLIST | KM_V_DOC | \
			 KM_V_ROUNDS | KM_V_HELP | KM_V_WELCOME | \
			 KM_V_PIN)

enum km_req {
	KM_NONE,
	/* every screen */
	KM_HELP,
	KM_BACK,
	KM_QUIT,
	KM_REDRAW,
	KM_DOWN,
	KM_UP,
	KM_FIRST,
	KM_LAST,
	KM_PAGE_DOWN,
	KM_PAGE_UP,
	KM_HALF_DOWN,
	KM_HALF_UP,
	/* the selected line */
	KM_ENTER,
	/* a proposal */
	KM_CONFLICT,
	KM_DOCS,
	KM_REMARKS,
	KM_CONDITIONS,
	KM_SCRATCH,
	KM_UNDO,
	KM_SUBMIT,
	KM_PACKAGE,
	/* scoring */
	KM_DIGIT,
	KM_VALUE_UP,
	KM_VALUE_DOWN,
	KM_EDIT,
	KM_CANNOT_JUDGE,
	KM_CLEAR,
	KM_NEXT,
	KM_PREV,
	KM_NEXT_PROP,
	KM_PREV_PROP,
	KM_BESIDE,
	/* conflicts, questions */
	KM_TICK,
	KM_NO,
	KM_YES,
	KM_WITHDRAW,
	KM_CONTINUE,
	/* submission */
	KM_SEAL,
	KM_COPY,
	/* documents */
	KM_SEARCH,
	KM_GOTO_PAGE,
	KM_VIEWER,
	/* the editor (KM_F_TEXT) */
	KM_ED_SAVE,
	KM_ED_CLOSE,
	KM_ED_NEWLINE,
	KM_ED_LEFT,
	KM_ED_RIGHT,
	KM_ED_UP,
	KM_ED_DOWN,
	KM_ED_HOME,
	KM_ED_END,
	KM_ED_BACKSPACE,
	KM_ED_DELETE,
	KM_ED_KILL,
	KM_ED_TAB,
	KM_NREQS
};

#define KM_MAXBIND	4
#define KM_F_GLOBAL	0x01	/* listed once, under "every screen" */
#define KM_F_TEXT	0x02	/* the editor's: a mode of its own */

/* A key, or a range of characters (lo..hi; hi 0: lo alone). */
struct km_bind {
	bool	fn;		/* lo is a curses KEY_* code */
	wint_t	lo;
	wint_t	hi;
};

struct km_row {
	enum km_req	 req;
	unsigned	 views;		/* KM_V_* where it works */
	int		 flags;		/* KM_F_* */
	const char	*keys;		/* N_(): the keys as the help names them */
	const char	*fkey;		/* N_(): in the footer, NULL: not there */
	const char	*foot;		/* N_(): the footer's word for it */
	const char	*what;		/* N_(): the help's sentence */
	struct km_bind	 bind[KM_MAXBIND];
};

/* The table, in the help screen's order; ends with req KM_NONE. */
extern const struct km_row	km_table[];

/* Is the key bound to the request? */
bool	km_is(const struct ui_key *, enum km_req);
/* The footer of a screen (views: its keyset): the keys that work there,
 * translated, "key word" pairs two spaces apart, in at most cols display
 * columns: help, back and quit always, then as many of the screen's own
 * keys, in the table's order, as fit whole (SIZE_MAX: all of them).
 * Longer than cols only if help, back and quit alone are. Caller frees. */
char	*km_footer(unsigned views, size_t cols);

#endif
