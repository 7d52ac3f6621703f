/*
 * Words for the model's states, translated: shared by the screens and
 * the non-interactive commands. No curses. Returned strings are
 * allocated (caller frees) unless said otherwise.
 */
#ifndef SHINSA_TUI_MSG_H
#define SHINSA_TUI_MSG_H

#include "model.h"

/* "not declared", "none", "(キ) committee", "withdrawn (イ)". */
char		*msg_conflict(const struct ws_proposal *);
/* One line for a problem, naming the proposal and item. */
char		*msg_problem(const struct ws *, const struct ws_problem *);
char		*msg_flag(const struct ws *, const struct ws_flag *);
/* "judged", "bonus", ... translated; static. */
const char	*msg_kind(enum sh_item_kind);
/* "12/27" */
char		*msg_progress(const struct ws_proposal *);
/* "230/375" */
char		*msg_total(const struct ws_proposal *);
/* "ready", "withdrawn", "incomplete"; static. */
const char	*msg_ready(const struct ws *, size_t prop);

/*
 * Core's messages in the reviewer's language: sh_err_tr()
 * (base/errmsg.h), which every program shares. msg_err() writes into
 * buf (truncated to size, always terminated); msg_err_dup() allocates.
 */
void		 msg_err(const struct sh_err *, char *buf, size_t size);
char		*msg_err_dup(const struct sh_err *);
/*
 * What a refused package means for the reviewer, in plain words, by the
 * error's kind (base/err.h), to say before msg_err()'s technical cause;
 * NULL when there are none. issued_to (may be NULL or "") is the
 * reviewer another reviewer's package was issued to. Into buf.
 */
const char	*msg_refusal(const struct sh_err *, const char *issued_to,
		    char *buf, size_t size);
/* One key and its arguments (as in struct sh_problem), translated; into
 * buf, always terminated. */
void		 msg_key(const char *key, const char *args, size_t nargs,
		    char *buf, size_t size);

#endif
