/*
 * The sheet (`sheet.json`, format shinsa-sheet/1, docs/files.md): one
 * reviewer's scores, comments and conflict declarations for every
 * proposal assigned to them in a round.
 *
 * sh_sheet_parse() (sheet_read.c) checks the document's shape and
 * everything that can be checked without the rubric (ids, times, score
 * 1–5, conflict codes, a–f forcing withdraw, a withdrawn proposal having
 * no entries, no duplicate proposals or items). sh_sheet_check() (sheet_check.c) then
 * checks it against the rubric and the assignment with the scoring rules
 * of review/rules.h; a sheet is good only when both pass, and both the
 * writer (workstation) and the reader (merge) call both.
 *
 * Ownership: struct sh_sheet owns every string and array reachable from
 * it. The strings sh_sheet_parse() reads lie in one block of the sheet
 * (its arena, as long as the document, which no string outgrows): one
 * allocation and one wipe a sheet instead of one a string. Any other
 * string (sh_sheet_set(), sh_sheet_add_*(), or a caller's own malloc'd
 * copy) is allocated by itself. sh_sheet_free() tells them apart by
 * address, frees the strings outside the arena and the arena itself, and
 * wipes them all first: the contents are confidential. Strings are
 * NUL-terminated UTF-8; optional ones are NULL when absent.
 */
#ifndef SHINSA_FORMAT_SHEET_H
#define SHINSA_FORMAT_SHEET_H

#include <stdbool.h>
#include <stddef.h>

#include "base/buf.h"
#include "base/err.h"
#include "review/rules.h"	/* the conflict codes, SH_DECLARE_* */

#define SH_SHEET_FORMAT		"shinsa-sheet/1"
#define SH_SHEET_JSON_MAX	(16u * 1024 * 1024)
#define SH_SHEET_MAX_PROPOSALS	10000
#define SH_SHEET_MAX_ENTRIES	256		/* per proposal */
#define SH_SHEET_MAX_COMMENT	(32 * 1024)	/* bytes */
#define SH_SHEET_MAX_REMARKS	(64 * 1024)	/* remarks, conditions */
#define SH_SHEET_MAX_REVISION	1000000
#define SH_SHEET_MAX_VALUE	1000		/* bonus value */

enum sh_conflict_action {
	SH_ACTION_REVIEW,	/* "review" */
	SH_ACTION_WITHDRAW	/* "withdraw" */
};

struct sh_sheet_entry {
	char	*item;		/* rubric item id */
	bool	 has_score;	/* judged item: score 1–5 */
	int	 score;
	bool	 has_value;	/* bonus item: one of the item's values */
	int	 value;
	bool	 cannot_judge;	/* written only when true */
	char	*comment;	/* NULL: absent */
};

struct sh_sheet_proposal {
	char			*id;
	char			*variant;
	unsigned		 declared;	/* SH_DECLARE bits, a = bit 0 */
	enum sh_conflict_action	 action;
	struct sh_sheet_entry	*entries;
	size_t			 nentries;
	size_t			 capentries;
	char			*remarks;	/* 総合所見; NULL: absent */
	char			*conditions;	/* 計画の修正等の条件; NULL: absent */
	/*
	 * (キ) declared in writing (文書で申し出, DESIGN.md rule 12): the
	 * reviewer's statement, in conflict.statement, only beside a (キ).
	 * Optional in the format, so that sheets made before it stay
	 * readable; the workstation asks for it before submitting.
	 */
	char			*statement;	/* NULL: absent */
};

struct sh_sheet {
	char			*round;
	char			*rubric_id;
	char			 rubric_sha256[65];	/* lowercase hex */
	char			*reviewer;
	char			*secretariat_recipient;	/* age1... */
	long long		 revision;		/* 1.. */
	char			*submitted;		/* RFC 3339 UTC */
	struct sh_sheet_proposal *proposals;
	size_t			 nproposals;
	size_t			 capproposals;
	char			*arena;		/* the reader's strings */
	size_t			 arenalen;	/* bytes used */
	size_t			 arenacap;
};

void	sh_sheet_init(struct sh_sheet *s);
void	sh_sheet_free(struct sh_sheet *s);

/*
 * Building in memory. The strings are copied. Returns NULL only when out
 * of memory; nothing is validated here (sh_sheet_write() and
 * sh_sheet_check() do that). The returned pointer is valid until the
 * next add to the same parent.
 */
struct sh_sheet_proposal *sh_sheet_add_proposal(struct sh_sheet *s,
	    const char *id, const char *variant);
struct sh_sheet_entry *sh_sheet_add_entry(struct sh_sheet_proposal *p,
	    const char *item);
/*
 * Replaces *field, a string of s, by a copy of value (may be NULL). The
 * old string is wiped; freed if it was allocated by itself, left where
 * it is in the arena (which is freed with the sheet).
 */
int	sh_sheet_set(struct sh_sheet *s, char **field, const char *value);

const struct sh_sheet_proposal *sh_sheet_proposal(const struct sh_sheet *s,
	    const char *id);
const struct sh_sheet_entry *sh_sheet_entry(const struct sh_sheet_proposal *p,
	    const char *item);

/* "a".."g" for bit i; "review"/"withdraw". */
const char *sh_conflict_code(unsigned bit);
const char *sh_conflict_action_name(enum sh_conflict_action a);

/*
 * Parses sheet.json bytes into `out` (initialised, empty). Errors are
 * "sheet.json: proposals[3].entries[2]: score 7 out of range 1–5". On
 * failure `out` is left empty.
 */
int	sh_sheet_parse(const void *data, size_t len, struct sh_sheet *out,
	    struct sh_err *err);

/*
 * Checks everything sh_sheet_parse() checks on a sheet built in memory,
 * so that the writer refuses what the reader would refuse.
 */
int	sh_sheet_validate(const struct sh_sheet *s, struct sh_err *err);
/*
 * The same without the texts' and the ids' checks, for a reader that
 * has checked every text and id as it read it, with the same limits
 * (sheet_read.c).
 */
int	sh_sheet_validate_read(const struct sh_sheet *s, struct sh_err *err);

/*
 * Validates, then appends the canonical JSON to `out` (use a secret
 * buffer): compact, keys in the contract's order, the same bytes for
 * the same sheet. parse(write(s)) equals s.
 */
int	sh_sheet_write(const struct sh_sheet *s, struct sh_buf *out,
	    struct sh_err *err);

/*
 * One assigned proposal: the caller's record of what this reviewer was
 * given (the merge's assignments, or the package's proposals).
 */
struct sh_assignment {
	const char	*proposal;
	const char	*variant;
};

struct sh_rubric;
struct sh_variant;
struct sh_entry;

/*
 * Checks a parsed (or built) sheet against the rubric and the assignment
 * with every scoring rule of review/rules.h, as a submitted sheet: the
 * rubric id and hash match; every assigned proposal appears exactly once
 * with its assigned variant and no other proposal appears; each entry
 * names an item of the variant, judged items with a score and bonus
 * items with a value; indicator and certification items never appear; a
 * proposal under review has every judged and bonus item and keeps every
 * rule (comments where required, cannot-judge with its score and
 * reason); a withdrawn one has no entries. Errors name the proposal:
 *	sheet.json: proposals[0] (P001): item 1-2: score 5 needs a comment
 */
int	sh_sheet_check(const struct sh_sheet *s, const struct sh_rubric *r,
	    const struct sh_assignment *assigned, size_t nassigned,
	    struct sh_err *err);
/*
 * The same for a sheet exactly as sh_sheet_parse() returned it: the
 * structural validation the parser has just done is not repeated (the
 * merge checks every sheet it reads). Any other sheet goes through
 * sh_sheet_check().
 */
int	sh_sheet_check_parsed(const struct sh_sheet *s,
	    const struct sh_rubric *r, const struct sh_assignment *assigned,
	    size_t nassigned, struct sh_err *err);

/*
 * The entries of one proposal as review/rules.h wants them: out has
 * v->nitems elements, indexed like v->items; comments point into the
 * sheet (valid while it lives). Refuses unknown items, indicator and
 * certification items, and score/value on the wrong kind of item.
 */
int	sh_sheet_entries(const struct sh_sheet_proposal *p,
	    const struct sh_variant *v, struct sh_entry *out,
	    struct sh_err *err);

/* Field-by-field equality (for tests and for comparing revisions). */
bool	sh_sheet_equal(const struct sh_sheet *a, const struct sh_sheet *b);

#endif
