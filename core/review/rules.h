/*
 * The scoring rules of DESIGN.md section 2, each in one function, used by
 * the TUI (to guide the reviewer), the sheet writer (to refuse) and the
 * merge (to reject), so that a sheet that breaks a rule is refused at
 * every door with the same words.
 *
 * A reviewer's entries for one proposal are an array with one struct
 * sh_entry per item of the variant, indexed like variant->items:
 *   judged         set, value = score 1–5, cannot_judge, comment
 *   bonus          set, value = the chosen bonus value (0 = not awarded)
 *   indicator,
 *   certification  nothing: their points come only from the proposal's
 *                  facts; set or cannot_judge there is an error. A
 *                  comment is allowed.
 * The entries do not own `comment`; the rules only read it.
 *
 * Problems are of two severities. Incomplete: something the reviewer has
 * still to fill in (a score, a required comment, a reason); a draft may
 * have these. Invalid: something entered that no sheet may contain (a
 * score of 6, a bonus of 4, cannot-judge with a 3); refused even in a
 * draft.
 */
#ifndef SHINSA_REVIEW_RULES_H
#define SHINSA_REVIEW_RULES_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "base/err.h"
#include "review/facts.h"
#include "review/rubric.h"
#include "review/tally.h"

struct sh_entry {
	bool		 set;
	int		 value;
	bool		 cannot_judge;
	const char	*comment;	/* may be NULL; not owned */
};

enum sh_problem_kind {
	SH_PROBLEM_MISSING,		/* incomplete: no score / bonus yet */
	SH_PROBLEM_SCORE_RANGE,		/* invalid: score outside 1–5 */
	SH_PROBLEM_BONUS_VALUE,		/* invalid: value not in the set */
	SH_PROBLEM_COMMENT_REQUIRED,	/* incomplete: score needs comment */
	SH_PROBLEM_CANNOT_JUDGE_SCORE,	/* invalid: not the forced score */
	SH_PROBLEM_CANNOT_JUDGE_REASON,	/* incomplete: reason missing */
	SH_PROBLEM_REVIEWER_VALUE,	/* invalid: value for a fact item */
	SH_PROBLEM_ENTRIES		/* invalid: entries ≠ variant items */
};

#define SH_NO_ITEM	SIZE_MAX
#define SH_PROBLEM_MSG	256
#define SH_PROBLEM_ARGS	192

/*
 * The reasons the rules give, as message keys (base/err.h): each id is
 * its English text in printf form, and a front end that speaks another
 * language renders its translation of the id with the problem's args.
 * SH_MSG() only marks them for xgettext. sh_rule_msgs lists every one,
 * so that a test can hold each to having a translation.
 */
#define SH_MSG(s)	s
/* (no arguments) */
#define SH_RULE_NO_SCORE	SH_MSG("no score yet")
#define SH_RULE_NO_BONUS	SH_MSG("no bonus chosen yet (0 if not awarded)")
/* score, lowest, highest */
#define SH_RULE_SCORE_RANGE	SH_MSG("score %d outside %d-%d")
/* value, the allowed values "0,3,5,10" */
#define SH_RULE_BONUS_VALUE	SH_MSG("bonus value %d not in {%s}")
/* score */
#define SH_RULE_COMMENT_REQUIRED \
	SH_MSG("score %d needs a comment (判断根拠・理由)")
#define SH_RULE_CANNOT_JUDGE_BONUS SH_MSG("cannot judge is only for " \
	"scored items (a bonus not awarded is 0)")
/* the forced score, the score entered */
#define SH_RULE_CANNOT_JUDGE_SCORE \
	SH_MSG("cannot judge means score %d, not %d")
#define SH_RULE_CANNOT_JUDGE_REASON SH_MSG("cannot judge needs the reason " \
	"in the comment (具体的な理由)")
/* the kind ("indicator", "certification"), the fact */
#define SH_RULE_REVIEWER_VALUE	SH_MSG("%s item: points come from the " \
	"proposal's %s, not from the reviewer")
/* variant, entries, items */
#define SH_RULE_ENTRIES		SH_MSG("variant %s: %zu entries for %zu items")

extern const char *const	sh_rule_msgs[];
extern const size_t		sh_nrule_msgs;

struct sh_problem {
	enum sh_problem_kind	 kind;
	bool			 invalid;	/* false: incomplete */
	size_t			 item;		/* index, or SH_NO_ITEM */
	/* The item's id ("" for SH_NO_ITEM), the reason's key (one of
	 * sh_rule_msgs) and the text of each of its conversions, each
	 * NUL-terminated (sh_msg_render() puts them in). */
	char			 item_id[SH_RUBRIC_MAX_ID + 1];
	const char		*key;
	char			 args[SH_PROBLEM_ARGS];
	size_t			 nargs;
	/* English: "item 7-1: score 5 needs a comment (判断根拠・理由)" */
	char			 msg[SH_PROBLEM_MSG];
};

/*
 * Sets err to the problem, as a keyed message (base/err.h): the reason,
 * prefixed by "item ID" when it concerns an item. Returns -1.
 */
int	sh_problem_err(const struct sh_problem *, struct sh_err *);

/*
 * One rule on one item's entry. True if the entry keeps the rule;
 * otherwise false, with *p (may be NULL) filled in. Rules that do not
 * concern the item's kind hold.
 */
typedef bool sh_rule_fn(const struct sh_rubric *, const struct sh_item *,
    const struct sh_entry *, struct sh_problem *);

/* A judged or bonus item has a value. */
sh_rule_fn	sh_rule_score_present;
/* A judged score is 1–5. */
sh_rule_fn	sh_rule_score_range;
/* A bonus value is one of the item's values. */
sh_rule_fn	sh_rule_bonus_value;
/* A judged score in comment_required_scores has a non-blank comment. */
sh_rule_fn	sh_rule_comment_required;
/* Cannot-judge is only for judged items and forces cannot_judge_score. */
sh_rule_fn	sh_rule_cannot_judge_score;
/* Cannot-judge gives its reason in the comment. */
sh_rule_fn	sh_rule_cannot_judge_reason;
/* Indicator and certification items take no value from the reviewer. */
sh_rule_fn	sh_rule_reviewer_value;

struct sh_rule {
	const char	*name;
	sh_rule_fn	*check;
};

/* Every rule above, in the order problems are listed. */
extern const struct sh_rule	sh_rules[];
extern const size_t		sh_nrules;

/*
 * True if the comment is blank: empty or only ASCII white space and
 * U+3000 ideographic spaces. NULL is blank.
 */
bool	sh_comment_blank(const char *);

/* Marks an entry cannot-judge with the rubric's forced score. */
void	sh_entry_set_cannot_judge(const struct sh_rubric *, struct sh_entry *);

/* A growable list of problems; the list owns its array. */
struct sh_problems {
	struct sh_problem	*v;
	size_t			 n;
	size_t			 cap;
};

void	sh_problems_init(struct sh_problems *);
void	sh_problems_free(struct sh_problems *);

/*
 * Replaces *out by every problem of the entries (n of them; they must be
 * one per variant item, else one SH_PROBLEM_ENTRIES), by item, then in
 * sh_rules order. Returns the number of problems, -1 on no memory.
 */
int	sh_rules_check(const struct sh_rubric *, const struct sh_variant *,
	    const struct sh_entry *, size_t n, struct sh_problems *out,
	    struct sh_err *);

enum sh_entries_state {
	SH_ENTRIES_COMPLETE,	/* every rule holds: may be submitted */
	SH_ENTRIES_INCOMPLETE,	/* nothing invalid, something missing */
	SH_ENTRIES_INVALID	/* at least one invalid entry */
};

enum sh_entries_state sh_entries_state(const struct sh_rubric *,
	    const struct sh_variant *, const struct sh_entry *, size_t n);

/* True if the entries are complete and valid. */
bool	sh_entries_complete(const struct sh_rubric *,
	    const struct sh_variant *, const struct sh_entry *, size_t n);

/*
 * 0 if the entries have no invalid problem and, when `final`, no
 * incomplete one either; else -1 with the first problem's message in
 * err. For the sheet writer (final) and draft saving (not final).
 */
int	sh_entries_validate(const struct sh_rubric *,
	    const struct sh_variant *, const struct sh_entry *, size_t n,
	    bool final, struct sh_err *);

/*
 * Points of one item: judged score × coefficient; the bonus value; an
 * indicator's band points × coefficient from the fact; the highest
 * option among the certifications held, 0 if none. Returns 1 with
 * *points, 0 if a judged or bonus item has no value yet (a draft), or
 * -1 with a message: an invalid entry, a missing fact, a fact outside
 * the domain, a certification id the item does not list. `e` is not
 * read for indicator and certification items beyond the rules, and
 * `f` (may be NULL: no facts) only for them.
 */
int	sh_item_points(const struct sh_rubric *, const struct sh_item *,
	    const struct sh_entry *e, const struct sh_facts *f, int *points,
	    struct sh_err *);

struct sh_score {
	int	points;		/* sum over the items whose points are known */
	int	maximum;	/* the variant's maximum */
	size_t	known;		/* items whose points are known */
	size_t	nitems;
	bool	complete;	/* known == nitems */
};

/* Points of every item; -1 at the first item that gives -1. */
int	sh_entries_score(const struct sh_rubric *, const struct sh_variant *,
	    const struct sh_entry *, size_t n, const struct sh_facts *,
	    struct sh_score *, struct sh_err *);

/*
 * Progress for the reviewer: *todo is the number of items the reviewer
 * must fill (judged and bonus), *done how many of those keep every rule.
 */
void	sh_entries_progress(const struct sh_rubric *,
	    const struct sh_variant *, const struct sh_entry *, size_t n,
	    size_t *done, size_t *todo);

/* A mandatory item (kakine 1–5) scored the rubric's mandatory score. */
bool	sh_flag_mandatory_item(const struct sh_rubric *,
	    const struct sh_item *, const struct sh_entry *);
/* A judged item scored one of low_scores.scores (chiiki 2 and 1). */
bool	sh_flag_low_item(const struct sh_rubric *, const struct sh_item *,
	    const struct sh_entry *);

struct sh_flags {
	size_t	nmandatory;			/* mandatory items at 1 */
	size_t	mandatory[SH_RUBRIC_MAX_ITEMS];	/* their indices */
	size_t	nlow;				/* judged items at 2 or 1 */
	bool	low;				/* nlow >= threshold */
};

void	sh_entries_flags(const struct sh_rubric *, const struct sh_variant *,
	    const struct sh_entry *, size_t n, struct sh_flags *);

/*
 * Conflicts of interest (利害関係, DESIGN.md 2.10), declared by the
 * reviewer per proposal: the codes (ア)–(キ) as bits, (ア) = bit 0, which
 * the sheet writes "a"–"g". (ア)–(カ): the reviewer must not review the
 * proposal. (キ): the committee decides; the reviewer may also withdraw.
 * The workstation (to guide), the review form and the drafts (to
 * refuse), the sheet (to refuse) and the merge (to tally) ask these.
 */
#define SH_DECLARE_NCODES	7
#define SH_DECLARE_ALL		0x7fu	/* (ア)–(キ) */
#define SH_DECLARE_A_TO_F	0x3fu	/* (ア)–(カ): must withdraw */
#define SH_DECLARE_G		0x40u	/* (キ): the committee decides */

/* True if `declared` holds no bit beyond (キ). */
bool	sh_conflict_known(unsigned declared);

/*
 * True if `declared` holds one of (ア)–(カ), so that the reviewer must
 * withdraw; *code (may be NULL) is then the first one's bit.
 */
bool	sh_conflict_must_withdraw(unsigned declared, unsigned *code);

/*
 * True if the committee has to decide on this review: (キ) declared and
 * the reviewer not withdrawn.
 */
bool	sh_conflict_committee(unsigned declared, bool withdrawn);

/*
 * Whether the committee may record a decision on this review: only on a
 * (キ) the reviewer declared in writing (DESIGN.md rules 10 and 12), which
 * travels in the sheet, so a decision comes after the sheet and never
 * stands for a review the current sheet declares no (キ) on (a clerk's
 * typo of a proposal or reviewer would otherwise enter the record).
 * assigned: the proposal is assigned to the reviewer; have_sheet: the
 * reviewer's current sheet holds it, and declared is then its
 * declaration. Returns 0, or -1 with err saying what to check.
 */
int	sh_conflict_decidable(const char *proposal, const char *reviewer,
	    bool assigned, bool have_sheet, unsigned declared,
	    struct sh_err *err);

/*
 * Where one reviewer's declaration on one proposal leaves the review,
 * for the tally: withdrawn (whatever was declared); (キ) pending until
 * the committee has `decided`, then allowed or refused as it `allow`ed;
 * else none.
 */
enum sh_conflict sh_conflict_state(unsigned declared, bool withdrawn,
	    bool decided, bool allow);

/*
 * True if the review still lacks the reviewer's written statement: (キ)
 * is declared in writing (文書で申し出, DESIGN.md rule 12), so a review
 * the committee has to decide on needs one, not empty. A withdrawn
 * review needs none: nothing is left for the committee to decide. The
 * workstation lists it as a problem and refuses to write the sheet.
 */
bool	sh_conflict_statement_missing(unsigned declared, bool withdrawn,
	    const char *statement);

#endif
