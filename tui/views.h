/* The workstation's views and how they are opened. */
#ifndef SHINSA_TUI_VIEWS_H
#define SHINSA_TUI_VIEWS_H

#include <stdbool.h>
#include <stddef.h>

#include "ui.h"

extern const struct view_ops view_overview_ops;
extern const struct view_ops view_conflict_ops;
extern const struct view_ops view_score_ops;
extern const struct view_ops view_edit_ops;
extern const struct view_ops view_submit_ops;
extern const struct view_ops view_doclist_ops;
extern const struct view_ops view_doc_ops;
extern const struct view_ops view_welcome_ops;
extern const struct view_ops view_rounds_ops;
extern const struct view_ops view_pin_ops;

/* Arguments to open. */
struct conflict_arg {
	size_t	prop;
	int	then_score;	/* open the scoring screen after "review" */
};

struct score_arg {
	size_t	prop;
	size_t	item;		/* selected at first */
};

/* The editor: edits a copy of `text`; save() is called on C-s and may
 * refuse (the editor stays open with the message). */
struct edit_arg {
	const char	*title;		/* shown translated as given */
	const char	*help;		/* a line under the title, or NULL */
	const char	*text;		/* initial, may be NULL */
	size_t		 max;		/* bytes */
	int		(*save)(void *ctx, const char *text, char *errbuf,
			    size_t errsize);
	void		*ctx;
	int		 ctx_prop;
	int		 ctx_item;
	int		 ctx_what;
};

/* A proposal's document (view_doc, view_doclist). */
struct doc_arg {
	size_t	prop;
	size_t	doc;
};

/* A document's text, extracted in memory and wrapped by display width
 * (view_doc.c): the pager's, and the one beside the items on a wide
 * scoring screen. NULL when the proposal has no document `doc`; a
 * document that cannot be shown keeps the reason and draws it. */
struct app;
struct pager;
struct pager	*pager_new(struct app *, size_t prop, size_t doc);
void		 pager_free(struct pager *);
/* Draws a header line, then the text from the top of page `page`
 * (0-based; a page it does not have: the first) in rows top.. and
 * columns x..x+cols-1. */
void		 pager_draw_page(struct ui *, struct pager *, size_t page,
		    int top, int rows, int x, int cols);

/* Opens the proposal's documents: the pager when it has one, else the
 * list of them; a message when it has none. */
int	open_documents(struct ui *, size_t prop);

/* Opens what the proposal needs next: the conflict declaration if not
 * made, else the scoring screen at `item`. */
int	open_proposal(struct ui *, size_t prop, size_t item);
/* Undoes the proposal's last change (ws_undo) and says so on the
 * status line; -1 if there was nothing to undo or it was refused. */
int	view_undo(struct ui *, size_t prop);
/* Opens the editor for an item's comment, remarks, conditions or the
 * scratchpad of a proposal. */
enum edit_what {
	EDIT_COMMENT, EDIT_REMARKS, EDIT_CONDITIONS, EDIT_STATEMENT, EDIT_SCRATCH
};
int	open_editor(struct ui *, size_t prop, enum edit_what, size_t item);

/* The fingerprint screen (view_pin.c): its argument, and the question
 * asked over the other screens; true to pin. */
struct pin_arg {
	const char	*fpr;
	const char	*round;
	bool		 yes;
};
bool	view_pin_ask(struct ui *, const char *fpr, const char *round);

/* Opening from the screens (view_open.c). A path asked at the bottom
 * with Tab completion, cleaned of what a terminal adds to a dropped
 * file (NULL if cancelled or empty; caller frees); the path completer
 * for ui_prompt_ex; an error in the reviewer's words on the status
 * line; a package opened (the proposals then on top), by path or
 * asked for; a kept round opened. -1 when refused (the status line
 * says why). */
char	*view_ask_path(struct ui *, const char *question);
char	*view_complete_path(struct ui *, const char *text, void *arg);
struct sh_err;
void	view_error(struct ui *, const struct sh_err *);
int	view_open_package(struct ui *, const char *path);
int	view_open_prompt(struct ui *);
int	view_open_round(struct ui *, const char *round);
/* Draws a page of text scrolled by lines (sel is the first line shown),
 * for screens with nothing to select. */
struct ui_page;
void	view_draw_lines(struct view *, const struct ui_page *, int top,
	    int rows);
/* The help screen's text (view_help.c), generated from the key table. */
void	help_build(struct ui_page *, int cols);

#endif
