/*
 * The row checks of `proposals import`: every row of a proposals CSV
 * checked against the round's rubric and made into a record, apart from
 * the store and the file system (the command adds the records in one
 * transaction; tests/fuzz/fuzz_proposals_rows.c drives this on any CSV).
 */
#ifndef SHINSA_MERGE_PROPOSALS_ROWS_H
#define SHINSA_MERGE_PROPOSALS_ROWS_H

#include <jansson.h>

#include "base/err.h"
#include "review/rubric.h"
#include "store/csv.h"
#include "store/round.h"

/*
 * One name from a documents cell (a path relative to the CSV): appends
 * its description to docs, or fails saying why (the caller adds the
 * line and column).
 */
typedef int mi_document_fn(void *arg, const char *name, json_t *docs,
	    struct sh_err *err);

/*
 * Checks the header and every row of c (its first row the header) and
 * makes c->nrows - 1 records into *out. Their id, title, applicant and
 * variant point into c (valid while it lives); facts and documents are
 * their own (mi_proposal_recs_free(*out, c->nrows)). On error *out is
 * NULL and err names the line and column.
 */
int	mi_proposals_rows(const struct sh_csv *c, const struct sh_rubric *rb,
	    mi_document_fn *doc, void *arg, struct sh_proposal_rec **out,
	    struct sh_err *err);
void	mi_proposal_recs_free(struct sh_proposal_rec *recs, size_t n);
/*
 * The Japanese column names a proposals file may use beside the English
 * ones, for sh_csv_alias(): 構想ID id, 構想名 title, 管理機関 applicant,
 * 類型 variant, 都道府県 prefecture, 認証 certifications, 客観的事実
 * facts, 構想調書 documents.
 */
extern const char *const mi_proposal_columns_ja[];

#endif
