/*
 * Reading sheet.json (shinsa-sheet/1) straight into struct sh_sheet.
 *
 * The merge reads every sheet at ingest and again at every tally, a
 * hundred proposals of twenty entries each; building a jansson tree of
 * it and freeing it again cost more than the decryption, the signatures
 * and the SQL together (docs/benchmarks.md, run 4). So this reader
 * takes the document in one pass with format/jscan.h, knowing at each
 * point which keys may come, and refuses the first thing that is wrong.
 *
 * It accepts what the earlier tree reader accepted, and gives the same
 * sheet, with one exception: jansson let a NUL byte through right after
 * a number, which JSON does not allow and this reader refuses.
 * tests/fuzz/fuzz_sheet_diff.c compares the two on arbitrary bytes (the
 * tree reader is kept under tests/ for that), and test_fuzz_regress
 * replays that corpus in every build. Messages about the shape are the
 * tree reader's, but for a repeated key (now named with its path);
 * messages about the JSON text name the line and column, as before, in
 * this reader's own words.
 *
 * Paths like "proposals[3].entries[2]" are formatted only when there is
 * something to say: most sheets have nothing wrong with them.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "base/text.h"
#include "format/jscan.h"
#include "format/json_util.h"
#include "format/sheet.h"

/* Where a value is: enough to format its path for a message. */
enum place { AT_ROOT, AT_RUBRIC, AT_PROPOSAL, AT_CONFLICT, AT_ENTRY };

struct at {
	enum place	place;
	size_t		i;	/* proposal */
	size_t		j;	/* entry */
};

struct reader {
	struct sh_jscan	 sc;
	struct sh_sheet	*s;
	struct sh_err	*err;
};

/*
 * The keys each object may hold, in the order shinsa writes them, with
 * their lengths: next_key() tries the one after the last it found first,
 * and compares lengths before bytes.
 */
struct key {
	const char	*name;
	size_t		 len;
};
#define KEY(s)	{ s, sizeof s - 1 }

static const struct key root_keys[] = { KEY("format"), KEY("round"),
	KEY("rubric"), KEY("reviewer"), KEY("secretariat_recipient"),
	KEY("revision"), KEY("submitted"), KEY("proposals"), { NULL, 0 } };
enum { R_FORMAT, R_ROUND, R_RUBRIC, R_REVIEWER, R_RECIPIENT, R_REVISION,
	R_SUBMITTED, R_PROPOSALS };
static const struct key rubric_keys[] = { KEY("id"), KEY("sha256"),
	{ NULL, 0 } };
enum { RB_ID, RB_SHA256 };
static const struct key proposal_keys[] = { KEY("id"), KEY("variant"),
	KEY("conflict"), KEY("entries"), KEY("remarks"), KEY("conditions"),
	{ NULL, 0 } };
enum { P_ID, P_VARIANT, P_CONFLICT, P_ENTRIES, P_REMARKS, P_CONDITIONS };
static const struct key conflict_keys[] = { KEY("declared"),
	KEY("action"), KEY("statement"), { NULL, 0 } };
enum { C_DECLARED, C_ACTION, C_STATEMENT };
static const struct key entry_keys[] = { KEY("item"), KEY("score"),
	KEY("value"), KEY("cannot_judge"), KEY("comment"), { NULL, 0 } };
enum { E_ITEM, E_SCORE, E_VALUE, E_CANNOT_JUDGE, E_COMMENT };

#define OOM(err)	sh_errf(err, "out of memory")

static void
at_path(char buf[SH_JSON_PATH_MAX], const struct at *at)
{
	switch (at->place) {
	case AT_ROOT:
		buf[0] = '\0';
		break;
	case AT_RUBRIC:
		snprintf(buf, SH_JSON_PATH_MAX, "rubric");
		break;
	case AT_PROPOSAL:
		snprintf(buf, SH_JSON_PATH_MAX, "proposals[%zu]", at->i);
		break;
	case AT_CONFLICT:
		snprintf(buf, SH_JSON_PATH_MAX, "proposals[%zu].conflict",
		    at->i);
		break;
	case AT_ENTRY:
		snprintf(buf, SH_JSON_PATH_MAX, "proposals[%zu].entries[%zu]",
		    at->i, at->j);
		break;
	}
}

/* The path of member `key` of the object at `at`. */
static void
key_path(char buf[SH_JSON_PATH_MAX], const struct at *at, const char *key)
{
	char	base[SH_JSON_PATH_MAX];

	at_path(base, at);
	sh_json_path_key(buf, base, key);
}

static int
expected(struct reader *r, const struct at *at, const char *key,
    const char *what)
{
	char	p[SH_JSON_PATH_MAX];

	key_path(p, at, key);
	return sh_errf(r->err, "%s: expected %s", p, what);
}

/*
 * The next value must be of type t. A value of another type is a
 * mistake in the shape, said with its path; no value at all is a
 * mistake in the JSON, said with its line and column.
 */
static int
want_as(struct reader *r, const struct at *at, const char *key,
    enum sh_jtype t, const char *what)
{
	enum sh_jtype	got = sh_jscan_peek(&r->sc);

	if (got == t)
		return 0;
	if (got == SH_JT_BAD)
		return sh_jscan_fail(&r->sc, "expected a value", r->err);
	return expected(r, at, key, what);
}

static int
want(struct reader *r, const struct at *at, const char *key,
    enum sh_jtype t)
{
	return want_as(r, at, key, t, sh_jscan_type_name(t));
}

static int
want_object(struct reader *r, const struct at *at)
{
	char		p[SH_JSON_PATH_MAX];
	enum sh_jtype	got = sh_jscan_peek(&r->sc);

	if (got == SH_JT_OBJECT)
		return sh_jscan_object(&r->sc, r->err);
	if (got == SH_JT_BAD)
		return sh_jscan_fail(&r->sc, "expected a value", r->err);
	at_path(p, at);
	return sh_errf(r->err, "%s: expected an object",
	    p[0] == '\0' ? "document" : p);
}

static inline bool
key_is(const struct key *k, const char *key, size_t len)
{
	return k->len == len && memcmp(k->name, key, len) == 0;
}

/* A key next_key() refuses: unknown, or seen twice (`twice`). */
static int
bad_key(struct reader *r, const struct at *at, const char *key, size_t len,
    bool twice)
{
	struct sh_buf	 b;
	char		 p[SH_JSON_PATH_MAX], q[80];

	/* Keys are the sender's text: sanitise, and keep short. */
	sh_buf_init(&b, false);
	sh_text_sanitize(&b, key, len < 60 ? len : 60, false);
	snprintf(q, sizeof q, "%s", b.data ? (char *)b.data : "?");
	sh_buf_free(&b);
	at_path(p, at);
	if (twice) {
		if (p[0] == '\0')
			return sh_errf(r->err, "key \"%s\" appears twice", q);
		return sh_errf(r->err, "%s: key \"%s\" appears twice", p, q);
	}
	if (p[0] == '\0')
		return sh_errf(r->err, "unknown key \"%s\"", q);
	return sh_errf(r->err, "%s: unknown key \"%s\"", p, q);
}

/*
 * The next key of the object at `at`, as its index in `keys`: refuses
 * a key not in the list and one seen before in this object (`seen`).
 * Returns 1 with *k set, 0 at the end of the object, -1 on error. *k
 * is the last key found (-1 before the first): the search starts after
 * it, where the next key almost always is.
 */
static int
next_key(struct reader *r, const struct at *at, const struct key *keys,
    size_t *n, unsigned *seen, int *k)
{
	const char	*key;
	size_t		 len;
	int		 i, rc;

	/* Compared where it lies: a key is not NUL-terminated here. */
	if ((rc = sh_jscan_key_text(&r->sc, n, &key, &len, r->err)) != 1)
		return rc;
	for (i = *k + 1; keys[i].name != NULL; i++)
		if (key_is(&keys[i], key, len))
			goto found;
	for (i = 0; i <= *k; i++)
		if (key_is(&keys[i], key, len))
			goto found;
	return bad_key(r, at, key, len, false);
found:
	if (*seen & 1u << i)
		return bad_key(r, at, key, len, true);
	*seen |= 1u << i;
	*k = i;
	return 1;
}

/* The first of `required` (bits of keys) not in `seen`: "path: missing". */
static int
check_missing(struct reader *r, const struct at *at, const struct key *keys,
    unsigned required, unsigned seen)
{
	char	p[SH_JSON_PATH_MAX];
	int	i;

	if ((seen & required) == required)
		return 0;
	for (i = 0; keys[i].name != NULL; i++)
		if ((required & 1u << i) && !(seen & 1u << i)) {
			key_path(p, at, keys[i].name);
			return sh_errf(r->err, "%s: missing", p);
		}
	return 0;
}

static int
get_string(struct reader *r, const struct at *at, const char *key,
    const char **s, size_t *len)
{
	if (want(r, at, key, SH_JT_STRING) != 0)
		return -1;
	return sh_jscan_string(&r->sc, s, len, r->err);
}

/*
 * The next value, a string, unescaped into the sheet's arena and kept
 * there even when the caller refuses it (the arena is wiped whole): no
 * allocation, and a text with an escape never passes through a buffer of
 * its own.
 */
static int
arena_text(struct reader *r, const struct at *at, const char *key,
    bool multiline, char **s, size_t *len, bool *safe)
{
	struct sh_sheet	*sh = r->s;

	if (want(r, at, key, SH_JT_STRING) != 0)
		return -1;
	*s = sh->arena + sh->arenalen;
	if (sh_jscan_text_to(&r->sc, multiline, *s,
	    sh->arenacap - sh->arenalen, len, safe, r->err) != 0)
		return -1;
	sh->arenalen += *len + 1;
	return 0;
}

/* An id ([A-Za-z0-9._-]{1,64}) into *out (in the arena). */
static int
get_id(struct reader *r, const struct at *at, const char *key, char **out)
{
	struct sh_buf	 b;
	char		*s;
	char		 p[SH_JSON_PATH_MAX];
	size_t		 len;
	bool		 safe;
	int		 rc;

	if (arena_text(r, at, key, false, &s, &len, &safe) != 0)
		return -1;
	/* sh_json_id_ok(s), without finding the length again. */
	if (sh_id_valid(s, len, SH_JSON_MAX_ID)) {
		*out = s;
		return 0;
	}
	key_path(p, at, key);
	sh_buf_init(&b, false);
	sh_text_sanitize(&b, s, strnlen(s, 70), false);
	rc = sh_errf(r->err, "%s: \"%s\" is not an id ([A-Za-z0-9._-], 1 to "
	    "%d characters)", p, b.data ? (char *)b.data : "",
	    SH_JSON_MAX_ID);
	sh_buf_free(&b);
	return rc;
}

/* Text of at most max bytes with no terminal-unsafe character. */
static int
get_text(struct reader *r, const struct at *at, const char *key,
    bool nonempty, size_t max, enum sh_json_text kind, char **out)
{
	char	*s;
	char	 p[SH_JSON_PATH_MAX];
	size_t	 len;
	bool	 safe;

	/* Checked in the pass that scanned it, where it now lies. */
	if (arena_text(r, at, key, kind == SH_TEXT_MULTILINE, &s, &len,
	    &safe) != 0)
		return -1;
	if ((nonempty && len == 0) || len > max || !safe) {
		key_path(p, at, key);
		if (nonempty && len == 0)
			return sh_errf(r->err, "%s: empty", p);
		if (len > max)
			return sh_errf(r->err, "%s: longer than %zu bytes", p,
			    max);
		return sh_errf(r->err, "%s: contains a control character", p);
	}
	/* No NUL inside: JSON refuses a raw one and \u0000 alike. */
	*out = s;
	return 0;
}

static int
get_int(struct reader *r, const struct at *at, const char *key,
    long long min, long long max, long long *out)
{
	char		p[SH_JSON_PATH_MAX];
	long long	v;
	bool		integral;

	if (want_as(r, at, key, SH_JT_NUMBER, "an integer") != 0 ||
	    sh_jscan_number(&r->sc, &v, &integral, r->err) != 0)
		return -1;
	if (!integral)
		return expected(r, at, key, "an integer");
	if (v < min || v > max) {
		key_path(p, at, key);
		return sh_errf(r->err, "%s: %lld out of range %lld–%lld", p, v,
		    min, max);
	}
	*out = v;
	return 0;
}

/* Before element *n of an array of at most max: 1, 0 at its end, -1. */
static int
next_element(struct reader *r, const struct at *at, const char *key,
    size_t *n, size_t max)
{
	char	p[SH_JSON_PATH_MAX];
	int	rc;

	if ((rc = sh_jscan_element(&r->sc, n, r->err)) == 1 && *n > max) {
		key_path(p, at, key);
		return sh_errf(r->err, "%s: more than %zu elements", p, max);
	}
	return rc;
}

static int
read_entry(struct reader *r, struct sh_sheet_proposal *p, size_t i,
    size_t j)
{
	const struct at		 at = { AT_ENTRY, i, j };
	struct sh_sheet_entry	*e;
	long long		 v;
	size_t			 n = 0;
	unsigned		 seen = 0;
	int			 k = -1, rc;

	if (want_object(r, &at) != 0)
		return -1;
	if ((e = sh_sheet_add_entry(p, NULL)) == NULL)
		return OOM(r->err);
	while ((rc = next_key(r, &at, entry_keys, &n, &seen, &k)) == 1) {
		switch (k) {
		case E_ITEM:
			rc = get_id(r, &at, "item", &e->item);
			break;
		case E_SCORE:
		case E_VALUE:
			/* Ranges are checked (with the item) by validation. */
			if ((rc = get_int(r, &at, entry_keys[k].name, -1000000,
			    1000000, &v)) != 0)
				break;
			if (k == E_SCORE) {
				e->has_score = true;
				e->score = (int)v;
			} else {
				e->has_value = true;
				e->value = (int)v;
			}
			break;
		case E_CANNOT_JUDGE:
			if ((rc = want(r, &at, "cannot_judge",
			    SH_JT_BOOL)) == 0)
				rc = sh_jscan_bool(&r->sc, &e->cannot_judge,
				    r->err);
			break;
		case E_COMMENT:
			rc = get_text(r, &at, "comment", false,
			    SH_SHEET_MAX_COMMENT, SH_TEXT_MULTILINE,
			    &e->comment);
			break;
		}
		if (rc != 0)
			return -1;
	}
	if (rc != 0)
		return -1;
	return check_missing(r, &at, entry_keys, 1u << E_ITEM, seen);
}

static int
read_declared(struct reader *r, struct sh_sheet_proposal *p, size_t i)
{
	const struct at	 at = { AT_CONFLICT, i, 0 };
	const char	*code;
	char		 dpath[SH_JSON_PATH_MAX];
	size_t		 n = 0, len;
	unsigned	 bit;
	int		 rc;

	if (want(r, &at, "declared", SH_JT_ARRAY) != 0 ||
	    sh_jscan_array(&r->sc, r->err) != 0)
		return -1;
	while ((rc = next_element(r, &at, "declared", &n,
	    SH_DECLARE_NCODES)) == 1) {
		switch (sh_jscan_peek(&r->sc)) {
		case SH_JT_BAD:
			return sh_jscan_fail(&r->sc, "expected a value",
			    r->err);
		case SH_JT_STRING:
			if (sh_jscan_string(&r->sc, &code, &len, r->err) != 0)
				return -1;
			if (len == 1 && code[0] >= 'a' && code[0] <= 'g')
				break;
			/* FALLTHROUGH */
		default:
			key_path(dpath, &at, "declared");
			return sh_errf(r->err, "%s[%zu]: expected one of the "
			    "codes \"a\" to \"g\"", dpath, n - 1);
		}
		bit = (unsigned)(code[0] - 'a');
		if (p->declared & (1u << bit)) {
			key_path(dpath, &at, "declared");
			return sh_errf(r->err, "%s[%zu]: \"%s\" declared twice",
			    dpath, n - 1, code);
		}
		p->declared |= 1u << bit;
	}
	return rc;
}

static int
read_conflict(struct reader *r, struct sh_sheet_proposal *p, size_t i)
{
	const struct at	 at = { AT_CONFLICT, i, 0 };
	char		*action = NULL;
	char		 cpath[SH_JSON_PATH_MAX];
	size_t		 n = 0;
	unsigned	 seen = 0;
	int		 k = -1, rc;

	if (want_object(r, &at) != 0)
		return -1;
	while ((rc = next_key(r, &at, conflict_keys, &n, &seen, &k)) == 1) {
		if (k == C_DECLARED)
			rc = read_declared(r, p, i);
		else if (k == C_STATEMENT)
			rc = get_text(r, &at, "statement", false,
			    SH_SHEET_MAX_REMARKS, SH_TEXT_MULTILINE,
			    &p->statement);
		else
			rc = get_id(r, &at, "action", &action);
		if (rc != 0)
			break;
	}
	if (rc == 0)
		rc = check_missing(r, &at, conflict_keys,
		    1u << C_DECLARED | 1u << C_ACTION, seen);
	if (rc == 0) {
		if (strcmp(action, "review") == 0)
			p->action = SH_ACTION_REVIEW;
		else if (strcmp(action, "withdraw") == 0)
			p->action = SH_ACTION_WITHDRAW;
		else {
			at_path(cpath, &at);
			rc = sh_errf(r->err, "%s.action: \"%s\" is not review "
			    "or withdraw", cpath, action);
		}
	}
	return rc == 0 ? 0 : -1;
}

static int
read_entries(struct reader *r, struct sh_sheet_proposal *p, size_t i)
{
	const struct at	at = { AT_PROPOSAL, i, 0 };
	size_t		n = 0;
	int		rc;

	if (want(r, &at, "entries", SH_JT_ARRAY) != 0 ||
	    sh_jscan_array(&r->sc, r->err) != 0)
		return -1;
	while ((rc = next_element(r, &at, "entries", &n,
	    SH_SHEET_MAX_ENTRIES)) == 1)
		if (read_entry(r, p, i, n - 1) != 0)
			return -1;
	return rc;
}

static int
read_proposal(struct reader *r, size_t i)
{
	const struct at			 at = { AT_PROPOSAL, i, 0 };
	struct sh_sheet_proposal	*p;
	size_t				 n = 0;
	unsigned			 seen = 0;
	int				 k = -1, rc;

	if (want_object(r, &at) != 0)
		return -1;
	if ((p = sh_sheet_add_proposal(r->s, NULL, NULL)) == NULL)
		return OOM(r->err);
	while ((rc = next_key(r, &at, proposal_keys, &n, &seen, &k)) == 1) {
		switch (k) {
		case P_ID:
			rc = get_id(r, &at, "id", &p->id);
			break;
		case P_VARIANT:
			rc = get_id(r, &at, "variant", &p->variant);
			break;
		case P_CONFLICT:
			rc = read_conflict(r, p, i);
			break;
		case P_ENTRIES:
			rc = read_entries(r, p, i);
			break;
		case P_REMARKS:
			rc = get_text(r, &at, "remarks", false,
			    SH_SHEET_MAX_REMARKS, SH_TEXT_MULTILINE,
			    &p->remarks);
			break;
		case P_CONDITIONS:
			rc = get_text(r, &at, "conditions", false,
			    SH_SHEET_MAX_REMARKS, SH_TEXT_MULTILINE,
			    &p->conditions);
			break;
		}
		if (rc != 0)
			return -1;
	}
	if (rc != 0)
		return -1;
	return check_missing(r, &at, proposal_keys, 1u << P_ID |
	    1u << P_VARIANT | 1u << P_CONFLICT | 1u << P_ENTRIES, seen);
}

static int
read_rubric(struct reader *r)
{
	const struct at	 at = { AT_RUBRIC, 0, 0 };
	const char	*hex;
	size_t		 n = 0, len;
	unsigned	 seen = 0;
	int		 k = -1, rc;

	if (want_object(r, &at) != 0)
		return -1;
	while ((rc = next_key(r, &at, rubric_keys, &n, &seen, &k)) == 1) {
		if (k == RB_ID)
			rc = get_id(r, &at, "id", &r->s->rubric_id);
		else if ((rc = get_string(r, &at, "sha256", &hex, &len)) ==
		    0) {
			if (!sh_json_sha256_ok(hex))
				return expected(r, &at, "sha256",
				    "64 lowercase hex digits (SHA-256)");
			memcpy(r->s->rubric_sha256, hex, 65);
		}
		if (rc != 0)
			return -1;
	}
	if (rc != 0)
		return -1;
	return check_missing(r, &at, rubric_keys,
	    1u << RB_ID | 1u << RB_SHA256, seen);
}

static int
read_proposals(struct reader *r)
{
	const struct at	at = { AT_ROOT, 0, 0 };
	size_t		n = 0;
	int		rc;

	if (want(r, &at, "proposals", SH_JT_ARRAY) != 0 ||
	    sh_jscan_array(&r->sc, r->err) != 0)
		return -1;
	while ((rc = next_element(r, &at, "proposals", &n,
	    SH_SHEET_MAX_PROPOSALS)) == 1)
		if (read_proposal(r, n - 1) != 0)
			return -1;
	return rc;
}

/* One root member; the format is checked apart (see read_root). */
static int
read_root_member(struct reader *r, int k, char **format)
{
	const struct at	 at = { AT_ROOT, 0, 0 };
	struct sh_sheet	*s = r->s;
	char		*str;
	size_t		 len;
	bool		 safe;

	switch (k) {
	case R_FORMAT:
		return get_text(r, &at, "format", true, 64, SH_TEXT_LINE,
		    format);
	case R_ROUND:
		return get_id(r, &at, "round", &s->round);
	case R_RUBRIC:
		return read_rubric(r);
	case R_REVIEWER:
		return get_id(r, &at, "reviewer", &s->reviewer);
	case R_RECIPIENT:
		if (arena_text(r, &at, "secretariat_recipient", false, &str,
		    &len, &safe) != 0)
			return -1;
		if (!sh_json_recipient_ok(str))
			return expected(r, &at, "secretariat_recipient",
			    "an age recipient (age1...)");
		s->secretariat_recipient = str;
		return 0;
	case R_REVISION:
		return get_int(r, &at, "revision", 1, SH_SHEET_MAX_REVISION,
		    &s->revision);
	case R_SUBMITTED:
		if (arena_text(r, &at, "submitted", false, &str, &len,
		    &safe) != 0)
			return -1;
		if (!sh_json_time_ok(str))
			return expected(r, &at, "submitted",
			    "a UTC time like 2026-06-30T12:00:00Z");
		s->submitted = str;
		return 0;
	case R_PROPOSALS:
		return read_proposals(r);
	}
	return -1;
}

static int
read_root(struct reader *r)
{
	const struct at	 at = { AT_ROOT, 0, 0 };
	char		*format = NULL;
	size_t		 n = 0;
	unsigned	 seen = 0;
	int		 k = -1, rc;

	if (sh_jscan_peek(&r->sc) != SH_JT_OBJECT) {
		if (sh_jscan_peek(&r->sc) == SH_JT_BAD)
			return sh_jscan_fail(&r->sc, "expected '{'", r->err);
		return sh_errf(r->err, "not a JSON object");
	}
	if (sh_jscan_object(&r->sc, r->err) != 0)
		return -1;
	while ((rc = next_key(r, &at, root_keys, &n, &seen, &k)) == 1)
		if ((rc = read_root_member(r, k, &format)) != 0)
			break;
	/*
	 * The format is checked once the object is read, as the tree reader
	 * did, so that a sheet of another format is named as such whatever
	 * order its keys come in.
	 */
	if (rc == 0 && format != NULL && strcmp(format, SH_SHEET_FORMAT) != 0)
		rc = sh_errf(r->err, "format: \"%.64s\" is not %s", format,
		    SH_SHEET_FORMAT);
	if (rc == 0)
		rc = check_missing(r, &at, root_keys,
		    (1u << (R_PROPOSALS + 1)) - 1, seen);
	if (rc != 0)
		return -1;
	return sh_jscan_end(&r->sc, r->err);
}

int
sh_sheet_parse(const void *data, size_t len, struct sh_sheet *out,
    struct sh_err *err)
{
	struct reader	r;
	int		rc;

	sh_sheet_init(out);
	if (len > SH_SHEET_JSON_MAX) {
		sh_errf(err, "%zu bytes, over the limit of %zu", len,
		    (size_t)SH_SHEET_JSON_MAX);
		return sh_err_prefix(err, "sheet.json");
	}
	/* Room for every string of the document (sh_jscan_text_to()). */
	if ((out->arena = malloc(len + 1)) == NULL) {
		OOM(err);
		return sh_err_prefix(err, "sheet.json");
	}
	out->arenacap = len + 1;
	r.s = out;
	r.err = err;
	sh_jscan_init(&r.sc, data, len);
	rc = read_root(&r);
	sh_jscan_free(&r.sc);
	/* Every text was checked as it was read, with the same limits. */
	if (rc != 0 || sh_sheet_validate_read(out, err) != 0) {
		sh_sheet_free(out);
		return sh_err_prefix(err, "sheet.json");
	}
	return 0;
}
