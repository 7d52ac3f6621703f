/*
 * The tree-based sheet reader, kept as a reference for differential
 * tests of format/sheet_read.c (tests/ref/sheet_tree.c says why).
 */
#ifndef SHINSA_TESTS_REF_SHEET_TREE_H
#define SHINSA_TESTS_REF_SHEET_TREE_H

#include <stddef.h>

#include "base/err.h"
#include "format/sheet.h"

/* sh_sheet_parse() as it was: same contract. */
int	ref_sheet_parse_tree(const void *data, size_t len,
	    struct sh_sheet *out, struct sh_err *err);

#endif
