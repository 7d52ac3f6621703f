/*
 * The key table; see keymap.h. Rows are in the help screen's order.
 */
#include <stdlib.h>
#include <string.h>

#include "base/text.h"
#include "i18n.h"
#include "keymap.h"
#include "ui.h"
#include "xmalloc.h"

#define K(c)		{ false, (wint_t)(c), 0 }
#define F(c)		{ true, (wint_t)(c), 0 }
#define R(a, b)		{ false, (wint_t)(a), (wint_t)(b) }
#define ALL		KM_V_SCREENS
#define LISTS		KM_V_LISTS
#define PROP		(KM_V_OVERVIEW | KM_V_SCORE)
#define G		KM_F_GLOBAL
#define T		KM_F_TEXT

const struct km_row km_table[] = {
	/* Every screen. */
	{ KM_HELP, ALL, G, N_("?, F1"), "?", N_("help"),
	  N_("this help: every key of every screen"),
	  { K('?'), F(KEY_F(1)) } },
	{ KM_BACK, ALL, G, N_("q, Esc"), "q", N_("back"),
	  N_("back to the previous screen (quit from the first)"),
	  { K('q'), K(0x1b) } },
	{ KM_QUIT, ALL, G, N_("Q"), "Q", N_("quit"),
	  N_("quit; everything is already saved"),
	  { K('Q') } },
	{ KM_REDRAW, ALL, G, N_("C-l"), NULL, NULL,
	  N_("redraw the screen"),
	  { K(UI_CTRL('l')) } },
	{ KM_DOWN, LISTS, G, N_("j, Down"), NULL, NULL,
	  N_("move down"),
	  { K('j'), F(KEY_DOWN) } },
	{ KM_UP, LISTS, G, N_("k, Up"), NULL, NULL,
	  N_("move up"),
	  { K('k'), F(KEY_UP) } },
	{ KM_FIRST, LISTS, G, N_("g, Home"), NULL, NULL,
	  N_("to the first line"),
	  { K('g'), F(KEY_HOME) } },
	{ KM_LAST, LISTS, G, N_("G, End"), NULL, NULL,
	  N_("to the last line"),
	  { K('G'), F(KEY_END) } },
	{ KM_PAGE_DOWN, LISTS, G, N_("PgDn, C-f"), NULL, NULL,
	  N_("page down"),
	  { F(KEY_NPAGE), K(UI_CTRL('f')) } },
	{ KM_PAGE_UP, LISTS, G, N_("PgUp, C-b"), NULL, NULL,
	  N_("page up"),
	  { F(KEY_PPAGE), K(UI_CTRL('b')) } },
	{ KM_HALF_DOWN, LISTS, G, N_("C-d"), NULL, NULL,
	  N_("half a page down"),
	  { K(UI_CTRL('d')) } },
	{ KM_HALF_UP, LISTS, G, N_("C-u"), NULL, NULL,
	  N_("half a page up"),
	  { K(UI_CTRL('u')) } },

	/* The selected line. */
	{ KM_ENTER, KM_V_OVERVIEW | KM_V_CONFLICT | KM_V_SCORE | KM_V_SUBMIT |
	  KM_V_DOCLIST | KM_V_WELCOME | KM_V_ROUNDS, 0,
	  N_("Enter"), N_("Enter"), N_("choose"),
	  N_("take the selected line: open the proposal, document or round, "
	  "edit the item's comment, tick the relationship or take the "
	  "decision, go to the problem; on the first start, make your key"),
	  { K('\r'), K('\n'), F(KEY_ENTER) } },

	/* A proposal. */
	{ KM_CONFLICT, PROP, 0, N_("c"), "c", N_("conflicts"),
	  N_("declare conflicts of interest for the proposal"),
	  { K('c') } },
	{ KM_DOCS, PROP, 0, N_("d"), "d", N_("documents"),
	  N_("read the proposal's documents"),
	  { K('d') } },
	{ KM_REMARKS, PROP, 0, N_("r"), NULL, NULL,
	  N_("overall remarks (総合所見)"),
	  { K('r') } },
	{ KM_CONDITIONS, PROP, 0, N_("a"), NULL, NULL,
	  N_("conditions for adoption (計画の修正等の条件)"),
	  { K('a') } },
	{ KM_SCRATCH, PROP | KM_V_DOC, 0, N_("p"), NULL, NULL,
	  N_("private scratchpad (kept sealed, never submitted)"),
	  { K('p') } },
	{ KM_UNDO, PROP | KM_V_CONFLICT, 0, N_("u"), "u", N_("undo"),
	  N_("undo the last change to the proposal (a score, a cannot-judge "
	  "mark, a text, the conflict declaration)"),
	  { K('u') } },
	{ KM_SUBMIT, KM_V_OVERVIEW, 0, N_("s"), "s", N_("submit"),
	  N_("submit: what still blocks it, then seal and write the sheet"),
	  { K('s') } },
	{ KM_PACKAGE, KM_V_OVERVIEW | KM_V_WELCOME | KM_V_ROUNDS, 0, N_("o"),
	  "o", N_("open package"),
	  N_("open a package the secretariat sent (Tab completes the path)"),
	  { K('o') } },

	/* Scoring. */
	{ KM_DIGIT, KM_V_SCORE, 0, N_("1-5, 0-9"), "1-5", NC_("footer", "score"),
	  N_("score the selected judged item, then go to the next; on a "
	  "bonus item, the allowed value starting with that digit"),
	  { R('0', '9') } },
	{ KM_VALUE_UP, KM_V_SCORE, 0, N_("l, Right"), NULL, NULL,
	  N_("score or bonus value up"),
	  { K('l'), F(KEY_RIGHT) } },
	{ KM_VALUE_DOWN, KM_V_SCORE, 0, N_("h, Left"), NULL, NULL,
	  N_("score or bonus value down"),
	  { K('h'), F(KEY_LEFT) } },
	{ KM_EDIT, KM_V_SCORE | KM_V_CONFLICT, 0, N_("e"), "e", N_("write"),
	  N_("write: the item's comment (or the remarks, conditions, "
	  "scratchpad); on the conflict screen, the (キ) statement"),
	  { K('e') } },
	{ KM_CANNOT_JUDGE, KM_V_SCORE, 0, N_("x"), "x", N_("cannot judge"),
	  N_("cannot judge: score 1 and write the reason"),
	  { K('x') } },
	{ KM_CLEAR, KM_V_SCORE, 0, N_("-, Del"), NULL, NULL,
	  N_("clear the selected score"),
	  { K('-'), F(KEY_DC) } },
	{ KM_NEXT, KM_V_SCORE | KM_V_DOC, 0, N_("Tab"), N_("Tab"), N_("next"),
	  N_("next: the item that still blocks submission; in a document, "
	  "the next match"),
	  { K('\t') } },
	{ KM_PREV, KM_V_SCORE | KM_V_DOC, 0, N_("Shift+Tab"), NULL, NULL,
	  N_("previous: the item that still blocks submission; in a "
	  "document, the previous match"),
	  { F(KEY_BTAB) } },
	{ KM_NEXT_PROP, KM_V_SCORE, 0, N_("]"), NULL, NULL,
	  N_("next proposal"),
	  { K(']') } },
	{ KM_PREV_PROP, KM_V_SCORE, 0, N_("["), NULL, NULL,
	  N_("previous proposal"),
	  { K('[') } },
	{ KM_BESIDE, KM_V_SCORE, 0, N_("D"), NULL, NULL,
	  N_("the first document beside the items, at the page read last "
	  "(a window of 160 columns or more); again: the items alone"),
	  { K('D') } },

	/* Conflicts and questions. */
	{ KM_TICK, KM_V_CONFLICT, 0, N_("Space"), N_("Space"), N_("tick"),
	  N_("tick or untick the selected relationship"),
	  { K(' ') } },
	{ KM_NO, KM_V_CONFLICT | KM_V_PIN, 0, N_("n"), "n", N_("no"),
	  N_("no: no conflict of interest, review the proposal; on the "
	  "fingerprint check, they differ or you cannot check now: open "
	  "nothing"),
	  { K('n'), K('N') } },
	{ KM_YES, KM_V_PIN, 0, N_("y"), "y", N_("yes"),
	  N_("yes: the fingerprints are the same: trust the key and open"),
	  { K('y'), K('Y') } },
	{ KM_WITHDRAW, KM_V_CONFLICT, 0, N_("w"), "w", N_("withdraw"),
	  N_("withdraw from reviewing the proposal"),
	  { K('w') } },
	{ KM_CONTINUE, KM_V_CONFLICT, 0, N_("K"), NULL, NULL,
	  N_("(キ) only: continue reviewing pending the committee"),
	  { K('K') } },

	/* Submission. */
	{ KM_SEAL, KM_V_SUBMIT, 0, N_("S"), "S", N_("seal"),
	  N_("seal and write the sheet (only when nothing blocks)"),
	  { K('S') } },
	{ KM_COPY, KM_V_SUBMIT, 0, N_("C"), "C", N_("copy"),
	  N_("copy the sealed sheet to a folder (USB stick, desktop)"),
	  { K('C') } },

	/* Documents. */
	{ KM_SEARCH, KM_V_DOC, 0, N_("/"), "/", N_("search"),
	  N_("search; every match is highlighted"),
	  { K('/') } },
	{ KM_GOTO_PAGE, KM_V_DOC, 0, N_(":"), ":", N_("page"),
	  N_("go to a page of the document"),
	  { K(':') } },
	{ KM_VIEWER, KM_V_DOC, 0, N_("v"), "v", N_("viewer"),
	  N_("open in an external viewer (asks first; a copy in memory "
	  "until shinsa ends)"),
	  { K('v') } },

	/* The editor: every other key types. */
	{ KM_ED_SAVE, KM_V_EDIT, T, N_("C-s, F2"), N_("C-s"), N_("save"),
	  N_("save and close the editor"),
	  { K(UI_CTRL('s')), F(KEY_F(2)) } },
	{ KM_ED_CLOSE, KM_V_EDIT, T, N_("Esc"), N_("Esc"), N_("close"),
	  N_("close without saving (asks if changed)"),
	  { K(0x1b) } },
	{ KM_ED_NEWLINE, KM_V_EDIT, T, N_("Enter"), NULL, NULL,
	  N_("new line"),
	  { K('\r'), K('\n'), F(KEY_ENTER) } },
	{ KM_ED_LEFT, KM_V_EDIT, T, N_("Left, C-b"), NULL, NULL,
	  N_("cursor left"),
	  { F(KEY_LEFT), K(UI_CTRL('b')) } },
	{ KM_ED_RIGHT, KM_V_EDIT, T, N_("Right, C-f"), NULL, NULL,
	  N_("cursor right"),
	  { F(KEY_RIGHT), K(UI_CTRL('f')) } },
	{ KM_ED_UP, KM_V_EDIT, T, N_("Up, C-p"), NULL, NULL,
	  N_("cursor up a line"),
	  { F(KEY_UP), K(UI_CTRL('p')) } },
	{ KM_ED_DOWN, KM_V_EDIT, T, N_("Down, C-n"), NULL, NULL,
	  N_("cursor down a line"),
	  { F(KEY_DOWN), K(UI_CTRL('n')) } },
	{ KM_ED_HOME, KM_V_EDIT, T, N_("Home, C-a"), NULL, NULL,
	  N_("beginning of the line"),
	  { F(KEY_HOME), K(UI_CTRL('a')) } },
	{ KM_ED_END, KM_V_EDIT, T, N_("End, C-e"), NULL, NULL,
	  N_("end of the line"),
	  { F(KEY_END), K(UI_CTRL('e')) } },
	{ KM_ED_BACKSPACE, KM_V_EDIT, T, N_("BS"), NULL, NULL,
	  N_("delete before the cursor"),
	  { F(KEY_BACKSPACE), K(0x7f), K(0x08) } },
	{ KM_ED_DELETE, KM_V_EDIT, T, N_("Del, C-d"), NULL, NULL,
	  N_("delete at the cursor"),
	  { F(KEY_DC), K(UI_CTRL('d')) } },
	{ KM_ED_KILL, KM_V_EDIT, T, N_("C-k"), NULL, NULL,
	  N_("delete to the end of the line"),
	  { K(UI_CTRL('k')) } },
	{ KM_ED_TAB, KM_V_EDIT, T, N_("Tab"), NULL, NULL,
	  N_("two spaces"),
	  { K('\t') } },

	{ KM_NONE, 0, 0, NULL, NULL, NULL, NULL, { { false, 0, 0 } } }
};

static bool
bind_matches(const struct km_bind *b, const struct ui_key *k)
{
	if (b->fn != k->fn)
		return false;
	if (b->hi == 0)
		return b->lo != 0 && k->ch == b->lo;
	return k->ch >= b->lo && k->ch <= b->hi;
}

bool
km_is(const struct ui_key *k, enum km_req req)
{
	const struct km_row	*r;
	size_t			 i;

	for (r = km_table; r->req != KM_NONE; r++) {
		if (r->req != req)
			continue;
		for (i = 0; i < KM_MAXBIND; i++)
			if (bind_matches(&r->bind[i], k))
				return true;
	}
	return false;
}

/*
 * A footer word: in the "footer" context where the bare word means
 * something else elsewhere (NC_ in the table), else as it is.
 */
static const char *
footer_word(const char *w)
{
	const char *t = sh_pgettext("footer", w);

	return t != w ? t : _(w);
}

/* The footer's pair "key word" of a row, translated. Caller frees. */
static char *
footer_pair(const struct km_row *r)
{
	return xasprintf("%s %s", _(r->fkey), footer_word(r->foot));
}

static bool
footer_row(const struct km_row *r, unsigned views, bool global)
{
	return (r->views & views) != 0 && r->fkey != NULL &&
	    ((r->flags & KM_F_GLOBAL) != 0) == global;
}

/* Appends a pair, two spaces after what is there. */
static void
footer_append(char **s, const char *pair)
{
	char *n;

	n = xasprintf("%s%s%s", *s, **s != '\0' ? "  " : "", pair);
	free(*s);
	*s = n;
}

static size_t
width(const char *s)
{
	return sh_text_width(s, strlen(s));
}

char *
km_footer(unsigned views, size_t cols)
{
	const struct km_row	*r;
	char			*own = xstrdup(""), *global = xstrdup(""), *p;
	size_t			 gw;

	for (r = km_table; r->req != KM_NONE; r++) {
		if (!footer_row(r, views, true))
			continue;
		p = footer_pair(r);
		footer_append(&global, p);
		free(p);
	}
	/*
	 * Help, back and quit close the line and are always there: a
	 * reviewer who is lost needs them most. The screen's own keys
	 * come first, in the table's order, as many whole pairs as leave
	 * room for them; the rest are in the help.
	 */
	gw = width(global);
	for (r = km_table; r->req != KM_NONE; r++) {
		if (!footer_row(r, views, false))
			continue;
		p = footer_pair(r);
		if (width(own) + (*own != '\0' ? 2 : 0) + width(p) + 2 + gw >
		    cols) {
			free(p);
			break;
		}
		footer_append(&own, p);
		free(p);
	}
	footer_append(&own, global);
	free(global);
	return own;
}
