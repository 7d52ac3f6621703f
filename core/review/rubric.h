/*
 * A rubric (審査基準): one scheme's items, coefficients, bands and rules,
 * loaded from a `shinsa-rubric/1` file (docs/rubric-format.md).
 *
 * Ownership: sh_rubric_load_*() returns a rubric that owns everything
 * reachable from it: variants, sections, items, bands, options and every
 * string. All those pointers stay valid, and never change, until
 * sh_rubric_free(). Front ends walk the structs below read-only:
 *
 *	for (i = 0; i < v->nsections; i++)
 *		for (j = 0; j < v->sections[i].nitems; j++)
 *			draw(&v->sections[i].items[j]);
 *
 * Items are stored once per variant, in printed order, in v->items; a
 * section's `items` is a slice of that array, and an item's `index` is
 * its position in it. Per-proposal entries (rules.h) are indexed the
 * same way.
 *
 * A rubric that loads is consistent: every check of the contract (ids
 * unique, coefficients 1–10, bonus sets with 0, bands covering the
 * domain exactly, each variant adding up to `maximum`, ...) has passed,
 * so users need not re-check any of it.
 */
#ifndef SHINSA_REVIEW_RUBRIC_H
#define SHINSA_REVIEW_RUBRIC_H

#include <stdbool.h>
#include <stddef.h>

#include "base/err.h"

#define SH_RUBRIC_FORMAT	"shinsa-rubric/1"
#define SH_RUBRIC_MAX_BYTES	(1024 * 1024)
#define SH_RUBRIC_HASH_BYTES	32	/* SHA-256 */

/* Limits beyond which a rubric is refused (no real scheme comes close). */
#define SH_RUBRIC_MAX_VARIANTS	32
#define SH_RUBRIC_MAX_SECTIONS	64	/* per variant */
#define SH_RUBRIC_MAX_ITEMS	256	/* per variant */
#define SH_RUBRIC_MAX_BANDS	32
#define SH_RUBRIC_MAX_OPTIONS	64
#define SH_RUBRIC_MAX_VALUES	16
#define SH_RUBRIC_MAX_NOTES	256
#define SH_RUBRIC_MAX_POINTS	1000	/* band, bonus, option points */
#define SH_RUBRIC_MAX_ID	64	/* bytes; ids are [A-Za-z0-9._-] */
#define SH_RUBRIC_MAX_TEXT	8192	/* bytes of any other string */

#define SH_SCORE_MIN	1
#define SH_SCORE_MAX	5

enum sh_item_kind {
	SH_ITEM_JUDGED,		/* reviewer scores 1–5; points = score × coef */
	SH_ITEM_BONUS,		/* reviewer picks one of `values` */
	SH_ITEM_INDICATOR,	/* band over a numeric fact × coef */
	SH_ITEM_CERTIFICATION	/* highest-scoring certification held */
};

/* "judged", "bonus", "indicator", "certification". */
const char	*sh_item_kind_name(enum sh_item_kind);

/*
 * One band of an indicator. A missing bound is unbounded on that side
 * (and so ends at the domain's bound). Bands of one item cover its
 * domain exactly, so a value in the domain falls in exactly one band.
 */
struct sh_band {
	bool		 has_min;
	double		 min;
	bool		 min_inclusive;
	bool		 has_max;
	double		 max;
	bool		 max_inclusive;
	int		 points;
	const char	*text;
};

struct sh_cert_option {
	const char	*id;
	const char	*group;		/* e.g. 女性活躍推進法 */
	const char	*text;
	int		 points;
};

struct sh_section;

struct sh_item {
	const char		*id;		/* unique within the variant */
	enum sh_item_kind	 kind;
	const char		*criterion;	/* Japanese, verbatim */
	const char		*label;		/* short English */
	const char		*source;
	size_t			 index;		/* in variant->items */
	size_t			 section;	/* in variant->sections */

	/* judged and indicator: 1–10; 0 for bonus and certification. */
	int			 coefficient;

	/* bonus: the allowed values, ascending, distinct, values[0] == 0. */
	const int		*values;
	size_t			 nvalues;

	/* indicator and certification: the fact's name. */
	const char		*fact;

	/* indicator. domain_min is inclusive; so is domain_max if any. */
	const char		*unit;
	double			 domain_min;
	bool			 has_domain_max;
	double			 domain_max;
	const struct sh_band	*bands;		/* printed order */
	size_t			 nbands;

	/* certification. */
	const struct sh_cert_option *options;	/* printed order */
	size_t			 noptions;

	/* Points this item can give: 5×coef / max value / ... and 1×coef / 0. */
	int			 max_points;
	int			 min_points;

	/* A judged item in one of the rubric's mandatory sections. */
	bool			 mandatory;
};

struct sh_section {
	const char		*id;
	const char		*title;
	const struct sh_item	*items;		/* slice of variant->items */
	size_t			 nitems;
	size_t			 first;		/* items[0]'s index */
	int			 max_points;
	int			 min_points;
	bool			 mandatory;
};

struct sh_variant {
	const char		*id;
	const char		*name;
	const struct sh_section	*sections;
	size_t			 nsections;
	const struct sh_item	*items;		/* all items, printed order */
	size_t			 nitems;
	size_t			 nreviewer_items; /* judged + bonus */
	int			 max_points;	/* == rubric maximum */
	int			 min_points;
};

struct sh_rubric_tally {
	bool		 trim;
	int		 min_reviewers_to_trim;
	int		 min_proposals_per_reviewer;
};

struct sh_rubric {
	const char	*name;		/* file name as loaded, for messages */
	const char	*id;
	const char	*title;
	const char	*source;
	/* Where the scheme's rules on conflicts of interest (利害関係,
	 * (ア)–(キ)) stand, e.g. "審査要項 4(2)"; NULL if the file names
	 * none. Screens cite it; schemes number it differently. */
	const char	*conflict_clause;
	int		 maximum;

	/* scale[1..5]: 不十分である ... 非常に優れている; scale[0] NULL. */
	const char	*scale[SH_SCORE_MAX + 1];

	/* comment_required[s]: a judged score s needs a comment. */
	bool		 comment_required[SH_SCORE_MAX + 1];
	int		 cannot_judge_score;

	/* Mandatory sections (kakine 1–5): a judged item scored `score`. */
	bool		 has_mandatory;
	const char *const *mandatory_sections;
	size_t		 nmandatory_sections;
	int		 mandatory_score;
	const char	*mandatory_note;

	/* Markedly many low scores (chiiki): low_score[s] for s in scores. */
	bool		 has_low_scores;
	bool		 low_score[SH_SCORE_MAX + 1];
	int		 low_scores_threshold;
	const char	*low_scores_note;

	struct sh_rubric_tally tally;

	const char *const *notes;
	size_t		 nnotes;

	const struct sh_variant *variants;
	size_t		 nvariants;

	/* SHA-256 of the file's bytes, raw and as lowercase hex. */
	unsigned char	 hash[SH_RUBRIC_HASH_BYTES];
	char		 hash_hex[2 * SH_RUBRIC_HASH_BYTES + 1];

	void		*priv;		/* the loader's; do not touch */
};

/*
 * Loads and checks a rubric file of at most SH_RUBRIC_MAX_BYTES. Errors
 * name the file, variant, item and reason:
 *	kakine-2024.json: variant kakine: item 6-a: bonus values must include 0
 */
struct sh_rubric	*sh_rubric_load_file(const char *path, struct sh_err *err);

/*
 * The same from bytes in memory; `name` (may be NULL: "rubric") is used
 * in messages and kept as rubric->name. The bytes are not kept.
 */
struct sh_rubric	*sh_rubric_load_buf(const void *data, size_t len,
			    const char *name, struct sh_err *err);

void			 sh_rubric_free(struct sh_rubric *);

/* Lookups by id; NULL if there is none. */
const struct sh_variant	*sh_rubric_variant(const struct sh_rubric *,
			    const char *id);
const struct sh_item	*sh_variant_item(const struct sh_variant *,
			    const char *id);
const struct sh_section	*sh_variant_section(const struct sh_variant *,
			    const char *id);
const struct sh_cert_option *sh_item_option(const struct sh_item *,
			    const char *id);

/*
 * The band of an indicator item that `value` falls in; NULL if the value
 * is outside the item's domain (or not a number), which is an error for
 * the caller to report, never 0 points.
 */
const struct sh_band	*sh_item_band(const struct sh_item *, double value);

#endif
