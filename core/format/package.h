/*
 * The package (`package.json`, format shinsa-package/1, docs/files.md):
 * what the secretariat sends one reviewer: the round, the rubric's id and
 * hash, the reviewer, and the assigned proposals with their facts and
 * documents (each with size and SHA-256; the bytes travel beside
 * package.json in the same container).
 *
 * sh_package_parse() checks shape and everything that needs no rubric:
 * ids, times, recipients, prefecture codes, document paths (safe tar
 * member names, unique across the package, none of the reserved names),
 * duplicate proposals. sh_package_check() then checks it against the
 * rubric: id and hash, every proposal's variant, and every proposal's
 * facts against the variant's indicator and certification items (each
 * indicator's fact present and inside its domain, every certification a
 * known option, no fact that no item uses).
 *
 * Ownership: struct sh_package owns every string, array and facts set
 * reachable from it; sh_package_free() wipes strings before freeing them
 * (titles and applicants are confidential too).
 */
#ifndef SHINSA_FORMAT_PACKAGE_H
#define SHINSA_FORMAT_PACKAGE_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "base/buf.h"
#include "base/err.h"
#include "review/facts.h"
#include "review/rubric.h"

#define SH_PACKAGE_FORMAT	"shinsa-package/1"
#define SH_PACKAGE_JSON_MAX	(16u * 1024 * 1024)
#define SH_PACKAGE_MAX_PROPOSALS 10000
#define SH_PACKAGE_MAX_DOCS	100		/* per proposal */
#define SH_PACKAGE_MAX_TEXT	4096		/* titles, names (bytes) */
#define SH_PACKAGE_MAX_DOC_BYTES (256ull * 1024 * 1024)

/* Members every package has; no document may use these paths. */
#define SH_PACKAGE_JSON		"package.json"
#define SH_PACKAGE_SIG		"package.json.minisig"
#define SH_PACKAGE_RUBRIC	"rubric.json"

struct sh_package_doc {
	char		*name;		/* shown to the reviewer */
	char		*path;		/* tar member name */
	uint64_t	 size;
	char		 sha256[65];	/* lowercase hex of the bytes */
};

struct sh_package_proposal {
	char			*id;
	char			*title;
	char			*applicant;
	char			*variant;
	char			*prefecture;	/* "01".."47" */
	struct sh_facts		 facts;
	struct sh_package_doc	*docs;
	size_t			 ndocs;
	size_t			 capdocs;
};

struct sh_package {
	char			*round_id;
	char			*round_title;
	char			*secretariat_key;	/* minisign pk, base64 */
	char			*secretariat_recipient;	/* age1... */
	/* The round's deadline (締切), round.deadline YYYY-MM-DD; NULL:
	 * none. Optional, so that packages issued before it stay valid. */
	char			*deadline;
	char			*rubric_id;
	char			 rubric_sha256[65];
	char			*reviewer_id;
	char			*reviewer_name;
	char			*reviewer_recipient;	/* age1... */
	char			*issued;		/* RFC 3339 UTC */
	struct sh_package_proposal *proposals;
	size_t			 nproposals;
	size_t			 capproposals;
};

void	sh_package_init(struct sh_package *p);
void	sh_package_free(struct sh_package *p);

/* Building; strings are copied. NULL only when out of memory. */
struct sh_package_proposal *sh_package_add_proposal(struct sh_package *p,
	    const char *id);
struct sh_package_doc *sh_package_add_doc(struct sh_package_proposal *pp,
	    const char *name, const char *path, uint64_t size,
	    const char sha256[65]);
/* Replaces *field (wiping the old one) by a copy of value (may be NULL). */
int	sh_package_set(char **field, const char *value);

const struct sh_package_proposal *sh_package_proposal(
	    const struct sh_package *p, const char *id);

/* Parses package.json; "package.json: proposals[2].documents[0].path: ...". */
int	sh_package_parse(const void *data, size_t len, struct sh_package *out,
	    struct sh_err *err);
/* What parse checks, for a package built in memory. */
int	sh_package_validate(const struct sh_package *p, struct sh_err *err);
/* Validates, then appends the canonical JSON (use a secret buffer). */
int	sh_package_write(const struct sh_package *p, struct sh_buf *out,
	    struct sh_err *err);
/* Against the rubric (see above). */
int	sh_package_check(const struct sh_package *p,
	    const struct sh_rubric *rubric, struct sh_err *err);
/* The facts of one proposal against one variant (also for merge's CSV). */
int	sh_package_facts_check(const struct sh_facts *facts,
	    const struct sh_variant *v, struct sh_err *err);

bool	sh_package_equal(const struct sh_package *a,
	    const struct sh_package *b);

#endif
