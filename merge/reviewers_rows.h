/*
 * Registering reviewers: the registry of those a round has, what may
 * join it (mi_clash), and the row checks of `reviewers import`, apart
 * from the store (reviewers_rows.c; cmd-reviewers.c runs them against
 * the round, tests/fuzz/fuzz_reviewers_rows.c against a fixed registry).
 */
#ifndef SHINSA_MERGE_REVIEWERS_ROWS_H
#define SHINSA_MERGE_REVIEWERS_ROWS_H

#include "base/err.h"
#include "crypto/agekey.h"
#include "crypto/minisign.h"
#include "store/csv.h"
#include "store/round.h"

/* A reviewer's key as the store keeps it, and the recipient it gives. */
struct mi_reviewer_keys {
	char	b64[SH_MINISIGN_PK_B64_LEN + 1];
	char	rcpt[SH_AGE_RECIPIENT_SIZE];
};

int	mi_reviewer_derive(const struct sh_minisign_pk *pk,
	    struct mi_reviewer_keys *k, struct sh_err *e);

/*
 * The registered reviewers, found by id and by key. vs is borrowed, as
 * the store lists it: sorted by id (bytewise, as strcmp).
 */
struct mi_registry {
	const struct sh_reviewer_rec	 *vs;
	size_t				  nv;
	const struct sh_reviewer_rec	**by_key;	/* owned */
	/*
	 * The round's own key (base64 line, borrowed; NULL if not known),
	 * which no reviewer may have: it opens every sheet, and a sheet
	 * it signed would pass for one of the secretariat's own documents.
	 */
	const char			 *secretariat_key;
};

/* -1 only when out of memory. */
int	mi_registry_init(struct mi_registry *g,
	    const struct sh_reviewer_rec *vs, size_t nv);
void	mi_registry_free(struct mi_registry *g);

/* The field of a new reviewer that a refusal is about. */
enum mi_clash_field { MI_CLASH_ID, MI_CLASH_NAME, MI_CLASH_KEY };

/*
 * Can v join the registered reviewers? -1 with what happened in e, the
 * field it is about in *field and what to do in *todo (a literal).
 */
int	mi_clash(const struct sh_reviewer_rec *v, const struct mi_registry *g,
	    enum mi_clash_field *field, const char **todo, struct sh_err *e);

/*
 * The header and every row of a reviewers CSV on their own and against
 * the rows above them: c->nrows - 1 records into *recs, whose strings
 * point into c and into *keys (both the caller's to free). On error
 * both are NULL and e names the line and column.
 */
/* Japanese column names beside the English ones (sh_csv_alias()):
 * 審査委員ID id, 氏名 name, 公開鍵 public_key. */
extern const char *const mi_reviewer_columns_ja[];
int	mi_reviewer_rows_read(const struct sh_csv *c,
	    struct sh_reviewer_rec **recs, struct mi_reviewer_keys **keys,
	    struct sh_err *e);
/* Those records against the registered reviewers: the first clash. */
int	mi_reviewer_rows_check(const struct sh_csv *c,
	    const struct sh_reviewer_rec *recs, const struct mi_registry *g,
	    struct sh_err *e);

#endif
