/*
 * Sealed containers (docs/files.md "Signing and encryption"): sign, then
 * encrypt.
 *
 *   seal: document JSON (canonical bytes) -> minisign signature whose
 *         trusted comment says what it is about (kind, round, reviewer,
 *         revision, recipient, sha256 of the JSON) -> ustar container
 *         -> age, to the one recipient the document names.
 *   open: age decrypt of the whole file (authenticated before anything
 *         is released) -> tar read (only the expected members, in order)
 *         -> signature verified against the expected key(s) -> trusted
 *         comment parsed and every field checked against the document
 *         and against what the caller expected -> document parsed and
 *         checked against the rubric (and, for a sheet, the assignment).
 *
 * A file written to more than one recipient is refused: shinsa writes
 * one, and another could be read by a third party.
 *
 * Each refusal says exactly why, in front of which door:
 *	sheet: trusted comment says round R1 but this round is R2
 *	sheet: revision 2 is stale: revision 3 or later is expected
 *	package: signature: signed by a different key (key id ...)
 * and the error's kind (base/err.h) says what it amounts to for the
 * person at that door (damaged on the way, for another round, signed
 * by another key, a package not a sheet, ...). A failed open changes
 * none of its outputs.
 *
 * Ownership: plaintext (JSON bytes, documents) is only ever held in
 * secret buffers. Keys are the caller's: the secret signing key comes
 * from crypto/minisign.h (sodium_malloc), the age identity should be in
 * sodium_malloc memory too.
 */
#ifndef SHINSA_FORMAT_SEAL_H
#define SHINSA_FORMAT_SEAL_H

#include <stdbool.h>
#include <stddef.h>

#include "base/buf.h"
#include "base/err.h"
#include "crypto/age.h"
#include "crypto/minisign.h"
#include "format/package.h"
#include "format/sheet.h"
#include "format/tar.h"
#include "review/rubric.h"

#define SH_SHEET_JSON_NAME	"sheet.json"
#define SH_SHEET_SIG_NAME	"sheet.json.minisig"

/* What a trusted comment carries, as sealed and as opened. */
struct sh_seal_tc {
	char		kind[16];		/* package, sheet, results,
						   designations */
	char		round[65];
	char		reviewer[65];		/* "" for results and
						   designations */
	long long	revision;		/* sheets; 0 when absent */
	char		recipient[128];		/* "" for results */
	char		sha256[65];		/* hex of the signed JSON */
};

/*
 * Formats a trusted comment (fields in the contract's order, absent ones
 * left out) into out, or parses one, checking only its shape (known
 * kind, ids, an integer revision for sheets, a hex sha256).
 */
int	sh_seal_tc_format(const struct sh_seal_tc *tc, struct sh_buf *out,
	    struct sh_err *err);
int	sh_seal_tc_parse(const char *text, size_t len, struct sh_seal_tc *out,
	    struct sh_err *err);

/* ---- sheets: reviewer -> secretariat ---- */

/* The trusted comment a sheet is signed with, json its sheet.json. */
void	sh_sheet_tc(const struct sh_sheet *s, const void *json, size_t len,
	    struct sh_seal_tc *tc);

/*
 * Seals a sheet, signed with the reviewer's key and encrypted to the
 * sheet's secretariat_recipient. The sheet must pass sh_sheet_check()
 * against the rubric and the reviewer's assignment: a sheet that breaks a
 * rule is never written. The age file is appended to out.
 */
int	sh_seal_sheet(const struct sh_sheet *s, const struct sh_rubric *r,
	    const struct sh_assignment *assigned, size_t nassigned,
	    const struct sh_minisign_sk *reviewer_sk, struct sh_buf *out,
	    struct sh_err *err);

/* What the secretariat expects of a sheet it ingests. */
struct sh_sheet_expect {
	const char			*round;
	const char			*reviewer;
	const struct sh_minisign_pk	*reviewer_pk;	/* registered key */
	const char			*recipient;	/* own age1... */
	long long			 min_revision;	/* older refused */
	const struct sh_rubric		*rubric;
	const struct sh_assignment	*assigned;
	size_t				 nassigned;
};

/*
 * A sheet's verified trusted comment against what the caller expects of
 * it: kind sheet, x->round, x->reviewer, x->recipient, a revision no
 * older than x->min_revision (only those fields of x are read). -1 with
 * a message saying which differs. Opening a sheet checks it; so does the
 * auditor, on each sheet of a bundle.
 */
int	sh_sheet_tc_check(const struct sh_seal_tc *tc,
	    const struct sh_sheet_expect *x, struct sh_err *err);

/*
 * Opens a sealed sheet with the secretariat's identity. On success `out`
 * (initialised, empty) holds the sheet, and json_out / sig_out (may be
 * NULL; initialised by the caller, json_out secret) receive the signed
 * bytes and the .minisig text for the audit bundle.
 */
int	sh_open_sheet(const unsigned char *file, size_t len,
	    const struct sh_age_identity *id, const struct sh_sheet_expect *x,
	    struct sh_sheet *out, struct sh_buf *json_out,
	    struct sh_buf *sig_out, struct sh_err *err);

/*
 * The same for a secretariat that does not know yet whose sheet a file
 * is: once the file is decrypted and its container read, `lookup` is
 * called with the reviewer the (not yet verified) trusted comment names,
 * and fills *x for that reviewer (key, assignment, lowest revision) or
 * returns -1 with a reason ("reviewer r09 is not registered"). The
 * signature is then verified against x->reviewer_pk and every check of
 * sh_open_sheet() applies, so a lying comment only picks a key that will
 * not verify. Decrypts once.
 */
typedef int sh_sheet_lookup_fn(void *arg, const char *reviewer,
	    struct sh_sheet_expect *x, struct sh_err *err);

int	sh_open_sheet_lookup(const unsigned char *file, size_t len,
	    const struct sh_age_identity *id, sh_sheet_lookup_fn *lookup,
	    void *arg, struct sh_sheet *out, struct sh_buf *json_out,
	    struct sh_buf *sig_out, struct sh_err *err);

/*
 * The two halves of sh_open_sheet_lookup(), for a caller that keeps the
 * container (the merge stores the signed JSON and .minisig as they came
 * without copying them, and words its own refusals). sh_sheet_decrypt()
 * decrypts the whole file and reads its container into t (initialised
 * secret by the caller, freed or sh_tar_clear()ed by the caller);
 * *why (may be NULL) says how the age layer failed (SH_AGE_FAIL_NO_MATCH:
 * no stanza is for this identity, as against a damaged file), or
 * SH_AGE_OK when the file decrypted and its container was refused. The plaintext goes through scratch if not NULL: an empty
 * secret buffer the caller keeps from file to file, returned empty and
 * wiped, so that reading many sheets maps no new guarded memory.
 * sh_open_sheet_container() then does every check of sh_open_sheet()
 * with the expectations `lookup` gives, and copies the verified trusted
 * comment to tc_out (may be NULL). Its errors carry no "sheet: " prefix.
 */
int	sh_sheet_decrypt(const unsigned char *file, size_t len,
	    const struct sh_age_identity *id, struct sh_tar *t,
	    enum sh_age_fail *why, struct sh_buf *scratch, struct sh_err *err);
int	sh_open_sheet_container(const struct sh_tar *t,
	    sh_sheet_lookup_fn *lookup, void *arg, struct sh_sheet *out,
	    struct sh_seal_tc *tc_out, struct sh_err *err);

/* ---- packages: secretariat -> reviewer ---- */

/*
 * Seals a package, signed with the secretariat's key (which must be the
 * package's round.secretariat_key) and encrypted to the reviewer's
 * recipient. `rubric` is the rubric file's bytes (their SHA-256 must be
 * the package's rubric.sha256; the rubric must load and the package
 * must pass sh_package_check()). `docs` holds every document named by
 * the package, as a member named by its path, with the listed size and
 * SHA-256, and nothing else.
 */
int	sh_seal_package(const struct sh_package *p, const void *rubric,
	    size_t rubric_len, const struct sh_tar *docs,
	    const struct sh_minisign_sk *secretariat_sk, struct sh_buf *out,
	    struct sh_err *err);

/* What the reviewer expects of a package. */
struct sh_package_expect {
	/*
	 * The pinned secretariat key(s). With none (first use), the key the
	 * package itself names verifies it and is reported in `signer` for
	 * the caller to pin after the person has checked its fingerprint.
	 * With some, the package must name and be signed by one of them.
	 */
	const struct sh_minisign_pk	*secretariat_pks;
	size_t				 npks;
	const char			*round;		/* NULL: any */
	const char			*reviewer;	/* NULL: any */
	const char			*recipient;	/* own age1..., required */
};

struct sh_opened_package {
	struct sh_package	 pkg;
	struct sh_rubric	*rubric;	/* loaded from rubric.json */
	struct sh_tar		 tar;		/* every member (secret) */
	struct sh_minisign_pk	 signer;
	bool			 first_use;	/* signer was not pinned */
};

void	sh_opened_package_init(struct sh_opened_package *o);
void	sh_opened_package_free(struct sh_opened_package *o);
/* The bytes of a document of the package, or NULL. */
const struct sh_buf *sh_opened_package_doc(const struct sh_opened_package *o,
	    const struct sh_package_doc *d);

int	sh_open_package(const unsigned char *file, size_t len,
	    const struct sh_age_identity *id, const struct sh_package_expect *x,
	    struct sh_opened_package *out, struct sh_err *err);

#endif
