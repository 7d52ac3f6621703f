/* The workstation's views and how they are opened. */
#ifndef SHINSA_TUI_VIEWS_H
#define SHINSA_TUI_VIEWS_H

#include <stddef.h>

#include "ui.h"

extern const struct view_ops view_overview_ops;
extern const struct view_ops view_conflict_ops;
extern const struct view_ops view_score_ops;
extern const struct view_ops view_edit_ops;
extern const struct view_ops view_submit_ops;
extern const struct view_ops view_doclist_ops;
extern const struct view_ops view_doc_ops;

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

/* Opens the proposal's documents: the pager when it has one, else the
 * list of them; a message when it has none. */
int	open_documents(struct ui *, size_t prop);

/* Opens what the proposal needs next: the conflict declaration if not
 * made, else the scoring screen at `item`. */
int	open_proposal(struct ui *, size_t prop, size_t item);
/* Opens the editor for an item's comment, remarks, conditions or the
 * scratchpad of a proposal. */
enum edit_what { EDIT_COMMENT, EDIT_REMARKS, EDIT_CONDITIONS, EDIT_SCRATCH };
int	open_editor(struct ui *, size_t prop, enum edit_what, size_t item);

#endif
