/*
 * The committee's dossier (shinsa-merge comments; DESIGN.md section 5
 * step 6): per proposal in rank order its score, rank, flags and
 * designation, and each counted review's scores with its comments (the
 * reasons for extreme scores and for items that could not be judged),
 * 総合所見 and 計画の修正等の条件, with the committee's reasons for (キ)
 * decisions. A review not counted (withdrawn, (キ) awaiting or refused)
 * appears as such without its scores: the committee deciding a (キ) is
 * not to be swayed by the scores it would let in.
 *
 * Reviewers appear as 委員A, 委員B, ... (by id across the round, so the
 * same letter is the same reviewer on every page) unless names is set.
 * Every proposal is built as one JSON object, then written as JSON, as
 * text for the terminal (sanitised) or as a printable HTML page (A4, one
 * proposal a page, marked confidential, everything escaped). The sheets
 * are read from the store one at a time.
 */
#ifndef SHINSA_MERGE_DOSSIER_H
#define SHINSA_MERGE_DOSSIER_H

#include <stdbool.h>

#include "mdset.h"
#include "mround.h"
#include "base/sink.h"

enum dossier_format { DOSSIER_TEXT, DOSSIER_HTML, DOSSIER_JSON };

/* 0, or -1 with a message printed ("shinsa-merge: ..."). */
int	dossier_write(struct sh_round *, const struct mround *,
	    const struct mdset *, enum dossier_format, bool names,
	    struct sh_sink *);
/* The lang attribute of the pages shinsa-merge writes ("ja", "en"). */
const char *dossier_html_lang(void);

#endif
