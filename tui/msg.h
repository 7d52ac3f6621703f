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

#endif
