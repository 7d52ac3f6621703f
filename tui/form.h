/*
 * The plain-text review form (shinsa-form(5)): the whole workstation of
 * a round as text, for reviewers who prefer their own editor and for
 * scripts. No curses.
 *
 * Export writes every proposal's declaration, entries, comments,
 * remarks, conditions and scratchpad with the round, reviewer and the
 * store's version. Import parses the whole form first and refuses it,
 * changing nothing, if it is from another round or reviewer, if the
 * drafts changed since it was exported (the version guard), if any line
 * is malformed or any value breaks a rule, or if it says "Ready: yes"
 * and something is still missing. A draft form may be incomplete.
 */
#ifndef SHINSA_TUI_FORM_H
#define SHINSA_TUI_FORM_H

#include "base/buf.h"
#include "base/err.h"
#include "model.h"

#define FORM_MAX	(16u * 1024 * 1024)

/* The form's language: its keywords and notes (shinsa-form(5)). */
enum form_lang {
	FORM_EN,
	FORM_JA
};

/* Japanese when the catalogue in force is (a Japanese locale). */
enum form_lang	 form_lang_locale(void);

/* Appends the form in lang (plaintext: use a secret buffer); import
 * takes either language. */
int	form_export(const struct ws *, long long version, enum form_lang,
	    struct sh_buf *out, struct sh_err *err);

/*
 * Applies a form to the workstation. On success every proposal has been
 * replaced by the form's content (save hooks are not called: the caller
 * saves, see wstore_save_all()); on failure nothing changed.
 */
int	form_import(struct ws *, long long version, const char *text,
	    size_t len, struct sh_err *err);

#endif
