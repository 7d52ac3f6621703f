/*
 * The workstation model: one reviewer's assignment in a round and
 * everything they have entered so far. No curses here: the screens, the
 * non-interactive commands, the store and the tests all use it.
 *
 * A workstation holds the rubric (owned), the round and reviewer as the
 * package names them, and one struct ws_proposal per assigned proposal
 * in package order. Each proposal has one struct ws_entry per item of
 * its variant, indexed like variant->items (rubric.h); only judged and
 * bonus entries are ever set, indicator and certification items take
 * their points from the proposal's facts.
 *
 * Every change goes through a ws_set_*() function, which checks it
 * against the rubric, applies it, and then calls the save hook (the
 * workstation store) before returning; if saving fails the change is
 * undone and the error returned, so the screen never says "saved" for
 * something that is not on disk.
 *
 * Ownership: struct ws owns every string, proposal and entry, and the
 * rubric. Strings are UTF-8, kept as typed (sanitised only on display).
 * Comments, remarks and the scratchpad are confidential: ws_free() and
 * every replacement wipe them.
 */
#ifndef SHINSA_TUI_MODEL_H
#define SHINSA_TUI_MODEL_H

#include <stdbool.h>
#include <stddef.h>

#include "base/err.h"
#include "format/package.h"
#include "format/tar.h"
#include "review/facts.h"
#include "review/rubric.h"
#include "review/rules.h"

#define WS_MAX_COMMENT		(32 * 1024)	/* bytes */
#define WS_MAX_REMARKS		(64 * 1024)
#define WS_MAX_SCRATCH		(256 * 1024)
#define WS_MAX_PROPOSALS	10000
#define WS_PACKAGE_MAX		(16u * 1024 * 1024)

enum ws_conflict_state {
	WS_CONFLICT_UNDECLARED,	/* not yet declared: cannot score */
	WS_CONFLICT_REVIEW,	/* none, or (キ) continuing */
	WS_CONFLICT_WITHDRAW	/* will not review it */
};

/*
 * The last change made to a proposal, kept so that it can be undone
 * (ws_undo): a stray key must not destroy a score or a comment. One
 * level: undoing consumes it. `text` is the replaced text, owned and
 * wiped like the field it came from.
 */
enum ws_undo_kind {
	WS_UNDO_NONE,
	WS_UNDO_DECLARE,	/* declared, conflict */
	WS_UNDO_ENTRY,		/* entries[item]: set, value, cannot_judge */
	WS_UNDO_COMMENT,	/* entries[item].comment */
	WS_UNDO_REMARKS,
	WS_UNDO_CONDITIONS,
	WS_UNDO_STATEMENT,	/* the (キ) statement */
	WS_UNDO_SCRATCH
};

struct ws_undo {
	enum ws_undo_kind	 kind;
	size_t			 item;
	unsigned		 declared;
	int			 conflict;	/* enum ws_conflict_state */
	bool			 set;
	int			 value;
	bool			 cannot_judge;
	char			*text;
};

struct ws_entry {
	bool	 set;
	int	 value;		/* judged: score 1–5; bonus: points */
	bool	 cannot_judge;
	char	*comment;	/* NULL: none */
};

/* The strings and facts point into ws->pkg. */
struct ws_proposal {
	const char		*id;
	const char		*title;
	const char		*applicant;
	const char		*variant_id;
	const char		*prefecture;
	const struct sh_rubric	*rubric;	/* ws->rubric */
	const struct sh_variant	*variant;	/* in ws->rubric */
	const struct sh_facts	*facts;

	unsigned		 declared;	/* SH_DECLARE bits */
	enum ws_conflict_state	 conflict;

	struct ws_entry		*entries;	/* variant->nitems */
	char			*remarks;	/* 総合所見 */
	char			*conditions;	/* 計画の修正等の条件 */
	/* The (キ) statement (文書で申し出): kept when (キ) is unticked,
	 * as entries are on withdrawal, but submitted only beside (キ). */
	char			*statement;
	char			*scratch;	/* private, never submitted */
	struct ws_undo		 undo;		/* the last change */
};

struct ws;

/* Called after each change with the proposal changed (NULL: the
 * workstation as a whole). Returns -1 with err set to refuse. */
typedef int (*ws_save_fn)(struct ws *, const struct ws_proposal *,
    void *arg, struct sh_err *);

struct ws {
	struct sh_rubric	*rubric;
	struct sh_package	 pkg;
	/* Shortcuts into pkg. */
	const char		*round_id;
	const char		*round_title;
	const char		*reviewer_id;
	const char		*reviewer_name;

	struct ws_proposal	*props;
	size_t			 nprops;
	/* props sorted by id, for ws_proposal(): the drafts are loaded by
	 * id, one lookup a proposal, and a scan each would grow as P². */
	struct ws_proposal	**byid;

	long long		 revision;	/* last submitted; 0: none */

	/* The opened package's members (secret memory), so that the
	 * reviewer reads the documents without a copy on disk (DESIGN.md
	 * rule 11); empty for a workstation built from files. */
	struct sh_tar		 docs;

	ws_save_fn		 save;
	void			*save_arg;
};

/*
 * Builds a workstation from a package (moved in: *pkg is left empty)
 * and the rubric it names (owned), both also on failure. The package
 * must pass sh_package_check() against the rubric.
 */
struct ws	*ws_new(struct sh_package *pkg, struct sh_rubric *rubric,
		    struct sh_err *err);
/* The same from package.json bytes. */
struct ws	*ws_from_package(const void *json, size_t len,
		    struct sh_rubric *rubric, struct sh_err *err);
/* The same, reading both from files (tests, and unpacked packages). */
struct ws	*ws_load_files(const char *package_json, const char *rubric,
		    struct sh_err *err);
void		 ws_free(struct ws *);

struct ws_proposal *ws_proposal(struct ws *, const char *id);
/* The documents the package lists for proposal prop (*n of them), and
 * the bytes of one, NULL when the workstation does not hold them. */
const struct sh_package_doc *ws_docs(const struct ws *, size_t prop,
		    size_t *n);
const struct sh_buf *ws_doc_bytes(const struct ws *,
		    const struct sh_package_doc *);
const struct sh_item *ws_item(const struct ws_proposal *, size_t i);
size_t		 ws_nitems(const struct ws_proposal *);

/* Sets the conflict declaration. (ア)–(カ) force withdraw; (キ) alone
 * allows review (pending the committee) or withdraw; none means review.
 * Withdrawing keeps the entries (so a mistaken withdrawal loses nothing)
 * but a withdrawn proposal's entries are never submitted. */
int	ws_declare(struct ws *, struct ws_proposal *, unsigned declared,
	    enum ws_conflict_state, struct sh_err *);
/* A judged item's score 1–5 (clears cannot-judge if the score is not
 * the cannot-judge score), or a bonus item's value (must be one of the
 * item's values). */
int	ws_set_value(struct ws *, struct ws_proposal *, size_t item, int value,
	    struct sh_err *);
/* Unsets an entry's score or value (the comment stays). */
int	ws_clear_value(struct ws *, struct ws_proposal *, size_t item,
	    struct sh_err *);
/* Cannot judge (判定不能): sets the score to the rubric's
 * cannot_judge_score; a reason must then be written in the comment. */
int	ws_set_cannot_judge(struct ws *, struct ws_proposal *, size_t item,
	    bool on, struct sh_err *);
/* A proposal's texts beside its items' comments. */
enum ws_text {
	WS_TEXT_REMARKS,	/* 総合所見 */
	WS_TEXT_CONDITIONS,	/* 計画の修正等の条件 */
	WS_TEXT_STATEMENT,	/* the (キ) statement */
	WS_TEXT_SCRATCH		/* the reviewer's own notes */
};

/* An item's comment, or one of the proposal's texts; NULL or "" clears. */
int	ws_set_comment(struct ws *, struct ws_proposal *, size_t item,
	    const char *text, struct sh_err *);
int	ws_set_text(struct ws *, struct ws_proposal *, enum ws_text,
	    const char *text, struct sh_err *);

/* Undoes the proposal's last change (a declaration, a score or
 * cannot-judge mark, a text), saved like any change; -1 with err when
 * there is nothing to undo or saving fails (then nothing changes).
 * ws_can_undo says whether there is something. */
bool	ws_can_undo(const struct ws_proposal *);
int	ws_undo(struct ws *, struct ws_proposal *, struct sh_err *);
/* Points of one item now: judged score × coefficient, bonus value,
 * indicator band × coefficient, certification best option; false if the
 * item has no points yet (not scored, or the fact is missing). */
bool	ws_item_points(const struct ws_proposal *, size_t item, int *points);
/* The band or option that gives an objective item its points, for
 * showing the facts; NULL if none. */
const struct sh_band *ws_item_band(const struct ws_proposal *, size_t item,
	    double *fact);
const struct sh_cert_option *ws_item_cert(const struct ws_proposal *,
	    size_t item);
/* The entries as review/rules.h wants them (out: ws_nitems() long;
 * comments point into the proposal). */
void	ws_entries(const struct ws_proposal *, struct sh_entry *out);

/* Reviewer items (judged and bonus) entered / all of them. */
void	ws_progress(const struct ws_proposal *, size_t *done, size_t *total);
/* The running total of points so far, and the variant's maximum. */
int	ws_total(const struct ws_proposal *, int *maximum);
/* Does the item's current score need a comment, and is it missing? */
bool	ws_comment_required(const struct ws *, const struct ws_proposal *,
	    size_t item);
bool	ws_comment_missing(const struct ws *, const struct ws_proposal *,
	    size_t item);

/* Something that blocks submission, and where it is. */
enum ws_where {
	WS_AT_CONFLICT,		/* the conflict declaration */
	WS_AT_ITEM,		/* entries[item] */
	WS_AT_REMARKS
};

enum ws_problem_kind {
	WS_P_UNDECLARED,	/* conflicts not declared */
	WS_P_NEEDS_STATEMENT,	/* (キ) continuing without its statement */
	WS_P_UNSCORED,		/* a judged or bonus item has no value */
	WS_P_NEEDS_COMMENT,	/* score `score` needs a comment */
	WS_P_NEEDS_REASON,	/* cannot judge needs the reason */
	WS_P_NO_FACT,		/* an objective item's fact is missing or
				   outside its domain: tell the secretariat */
	WS_P_INVALID		/* an entry no sheet may hold: msg says */
};

struct ws_problem {
	size_t			 prop;	/* index in ws->props */
	enum ws_where		 where;
	size_t			 item;
	enum ws_problem_kind	 kind;
	int			 score;
	/* WS_P_INVALID: core's reason as a message key and its
	 * arguments (review/rules.h), which msg_problem() translates;
	 * `whole` if it concerns the proposal, not `item`. */
	bool			 whole;
	const char		*key;
	char			 args[SH_PROBLEM_ARGS];
	size_t			 nargs;
};

enum ws_flag_kind {
	WS_F_MANDATORY_LOW,	/* a mandatory item scored the flag score */
	WS_F_MANY_LOW,		/* at least threshold judged items low */
	WS_F_COMMITTEE		/* (キ) declared, continuing: committee decides */
};

/* Advisory flags (the secretariat sees them; they do not block). */
struct ws_flag {
	size_t			 prop;
	enum ws_flag_kind	 kind;
	size_t			 item;	/* WS_F_MANDATORY_LOW */
	int			 count;	/* WS_F_MANY_LOW */
};

/*
 * Every problem that blocks submission, in proposal and item order;
 * returns the count (0: ready), storing at most max in out (may be
 * NULL to count).
 */
size_t	ws_problems(const struct ws *, struct ws_problem *out, size_t max);
size_t	ws_prop_problems(const struct ws *, size_t prop,
	    struct ws_problem *out, size_t max);
size_t	ws_flags(const struct ws *, struct ws_flag *out, size_t max);
bool	ws_prop_ready(const struct ws *, size_t prop);

/* The codes, labels and full texts of (ア)–(キ), from seed 003 §4(2)①;
 * the text is Japanese (the rule as written; never translated). */
const char	*ws_conflict_label(unsigned i);	/* "(ア)" */
const char	*ws_conflict_text(unsigned i);

#endif
