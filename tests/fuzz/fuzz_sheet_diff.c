/*
 * The sheet reader (format/sheet_read.c) against the tree reader it
 * replaced (tests/ref/sheet_tree.c) on arbitrary bytes: both must accept
 * or both refuse, and what both accept must be the same sheet. A reader
 * that took one document more or less than the other would let a sheet
 * through that an auditor's older shinsa-verify refuses, or the reverse.
 */
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <sodium.h>

#include "format/sheet.h"
#include "sheet_tree.h"

int	LLVMFuzzerTestOneInput(const uint8_t *, size_t);

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct sh_sheet	fast, tree;
	struct sh_err	efast, etree;
	int		rfast, rtree;

	if (sodium_init() < 0)
		abort();
	rfast = sh_sheet_parse(data, size, &fast, &efast);
	rtree = ref_sheet_parse_tree(data, size, &tree, &etree);
	if (memchr(data, '\0', size) != NULL) {
		if (rfast == 0)
			abort();
		if (rtree == 0)
			sh_sheet_free(&tree);
		rtree = -1;
	}
	if (rfast != rtree) {
		fprintf(stderr, "sheet readers disagree:\n  reader: %s\n"
		    "  tree:   %s\n", rfast == 0 ? "accepted" : efast.msg,
		    rtree == 0 ? "accepted" : etree.msg);
		abort();
	}
	if (rfast == 0 && !sh_sheet_equal(&fast, &tree)) {
		fprintf(stderr, "sheet readers read different sheets\n");
		abort();
	}
	if (rfast != 0 && (fast.proposals != NULL || fast.round != NULL))
		abort();	/* a failed parse leaves nothing */
	sh_sheet_free(&fast);
	sh_sheet_free(&tree);
	return 0;
}
