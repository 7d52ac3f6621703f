/*
 * A proposal's objective facts: the named numbers indicator items band
 * (students_per_pc, lan_rate) and the certification ids the applicant
 * holds. They come from the secretariat's proposal list and travel in the
 * package; the reviewer never enters them.
 *
 * Two spellings are parsed:
 *   JSON object   {"students_per_pc": 1.5, "lan_rate": 80,
 *                  "certifications": ["eruboshi-2", "platinum-kurumin"]}
 *   one text field (a CSV cell)
 *     students_per_pc=1.5;lan_rate=80;certifications=eruboshi-2 platinum-kurumin
 * In the text form numbers are plain decimals (no exponent, no locale:
 * always '.'), certification ids are separated by spaces, and an empty
 * field means no facts. "certifications" is the one list-valued name.
 *
 * Ownership: struct sh_facts is caller-allocated (sh_facts_init) and owns
 * its names and ids; sh_facts_free releases them. A failed parse leaves
 * the facts as they were.
 */
#ifndef SHINSA_REVIEW_FACTS_H
#define SHINSA_REVIEW_FACTS_H

#include <stdbool.h>
#include <stddef.h>

#include <jansson.h>

#include "base/buf.h"
#include "base/err.h"

#define SH_FACTS_MAX_NUMS	32
#define SH_FACTS_MAX_CERTS	32
#define SH_FACTS_MAX_NAME	64	/* bytes; [A-Za-z0-9._-] as rubric ids */
#define SH_FACTS_MAX_TEXT	4096	/* bytes of the text form */
#define SH_FACTS_MAX_VALUE	1e9	/* |value| is 0 or 1e-9..1e9 */
#define SH_FACTS_CERTS		"certifications"

struct sh_fact {
	char	*name;
	double	 value;		/* finite */
};

struct sh_facts {
	struct sh_fact	*nums;
	size_t		 nnums;
	char		**certs;	/* distinct ids */
	size_t		 ncerts;
};

void	sh_facts_init(struct sh_facts *);
void	sh_facts_free(struct sh_facts *);

/* Adds a number (refused if the name is already there) or an id. */
int	sh_facts_set(struct sh_facts *, const char *name, double value,
	    struct sh_err *);
int	sh_facts_add_cert(struct sh_facts *, const char *id, struct sh_err *);

/* True and *value if the proposal has the number. */
bool	sh_facts_get(const struct sh_facts *, const char *name, double *value);
bool	sh_facts_has_cert(const struct sh_facts *, const char *id);

/* Replaces the facts by those of a JSON object (the package form). */
int	sh_facts_from_json(struct sh_facts *, const json_t *obj,
	    struct sh_err *);
/* A new JSON object of the facts; NULL on no memory. */
json_t	*sh_facts_to_json(const struct sh_facts *);

/* Replaces the facts by those of the text form (the CSV cell). */
int	sh_facts_parse(struct sh_facts *, const char *s, size_t len,
	    struct sh_err *);
/*
 * Appends the text form: names in stored order, numbers in the shortest
 * plain decimal that reads back to the same double (%.17g gives 0.1 as
 * 0.10000000000000001), independent of the locale. -1 on no memory.
 */
int	sh_facts_format(const struct sh_facts *, struct sh_buf *out);

#endif
