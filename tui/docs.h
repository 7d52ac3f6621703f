/*
 * `shinsa docs`: the proposal documents of the opened round without the
 * screens (shinsa(1)). No curses.
 *
 *   docs_list   one line a document, tab-separated: proposal, number
 *               (from 1), name, type, bytes, pages ("-" for a type that
 *               is not shown as text, "?" when its text could not be
 *               extracted)
 *   docs_write  the text of one document, pages separated by form
 *               feeds; never a PDF's bytes
 *
 * The text goes out sanitised (format/doc.h); names are sanitised too.
 */
#ifndef SHINSA_TUI_DOCS_H
#define SHINSA_TUI_DOCS_H

#include <stdio.h>

#include "base/err.h"
#include "model.h"

/* prop NULL: every proposal's documents. */
int	docs_list(const struct ws *, const char *prop, FILE *out,
	    struct sh_err *err);
/* n counts from 1. */
int	docs_write(const struct ws *, const char *prop, const char *n,
	    FILE *out, struct sh_err *err);

#endif
