/*
 * JSON helpers shared by the package, sheet and results documents.
 *
 * Writing: struct sh_jw is the one JSON writer. It emits compact JSON
 * with keys in the order they are written, strings as UTF-8 (only '"',
 * '\\' and controls escaped, as the style says), into a growing buffer or
 * streamed through a struct sh_sink a record at a time. The same document
 * always gives the same bytes, which is what the signatures cover.
 *
 * Reading: jansson with duplicate keys refused, behind an explicit size
 * limit; typed getters whose errors name the path of the value
 * ("proposals[3].entries[2].score: expected an integer"). Every document
 * refuses keys it does not know, so nothing unsigned-for can ride along.
 */
#ifndef SHINSA_FORMAT_JSON_UTIL_H
#define SHINSA_FORMAT_JSON_UTIL_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include <jansson.h>

#include "base/buf.h"
#include "base/err.h"
#include "base/sink.h"

#define SH_JSON_MAX_BYTES	(16u * 1024 * 1024)	/* docs/files.md */
#define SH_JSON_MAX_ID		64
#define SH_JW_MAX_DEPTH		16
#define SH_JSON_PATH_MAX	160

/* ---- writing ---- */

/*
 * How strings and reals are written. Each document keeps the style its
 * bytes were first published in, since signatures and shinsa-verify
 * compare bytes.
 */
enum sh_jw_style {
	/* Packages, sheets: \n \t \r, other controls \u00xx; reals in the
	 * shortest form that reads back, integral ones as integers. */
	SH_JW_SHINSA,
	/* jansson's compact dump, which the results document and the
	 * published bundle were first written with: also \b \f, \u00XX in
	 * upper case; reals as "%.17g" with ".0" when integral. */
	SH_JW_JANSSON,
};

struct sh_jw {
	struct sh_buf	*out;
	struct sh_sink	*sink;		/* streaming into it, or NULL */
	enum sh_jw_style style;
	size_t		 start;		/* out->len at init, for rollback */
	int		 depth;
	/* Per level: values written, and in an object the key of the
	 * last; NULL in an array. For a message saying where it failed. */
	size_t		 nth[SH_JW_MAX_DEPTH];
	const char	*key[SH_JW_MAX_DEPTH];
	bool		 after_key;
	const char	*failed;	/* why, or NULL */
	/* A string that was not valid UTF-8: where ("reviews[3].comment",
	 * "" at the top; for a key, its object's), and whether a key. */
	char		 bad_at[SH_JSON_PATH_MAX];
	bool		 bad_key;
};

/* Appends to out (make it secret for secret documents). */
void	sh_jw_init(struct sh_jw *w, struct sh_buf *out);
void	sh_jw_init_style(struct sh_jw *w, struct sh_buf *out,
	    enum sh_jw_style style);
/*
 * Appends to s's buffer; sh_jw_flush() between records hands full chunks
 * on, so a document of any size costs one chunk of memory. A failure is
 * also the sink's (sh_sink_fail()), which sh_sink_finish() reports; what
 * was streamed cannot be taken back.
 */
void	sh_jw_init_sink(struct sh_jw *w, struct sh_sink *s,
	    enum sh_jw_style style);
void	sh_jw_flush(struct sh_jw *w);
/* True once anything failed: a streaming writer stops its loops. */
bool	sh_jw_failed(const struct sh_jw *w);
void	sh_jw_obj_begin(struct sh_jw *w);
void	sh_jw_obj_end(struct sh_jw *w);
void	sh_jw_arr_begin(struct sh_jw *w);
void	sh_jw_arr_end(struct sh_jw *w);
/*
 * key must live until its value is written: a failure inside the value
 * names it.
 */
void	sh_jw_key(struct sh_jw *w, const char *key);
/*
 * s must be valid UTF-8 without NUL; otherwise the writer fails, saying
 * where by the path of keys and indices to the string.
 */
void	sh_jw_str(struct sh_jw *w, const char *s);
void	sh_jw_int(struct sh_jw *w, long long v);
/* Finite only; integral values of magnitude below 2^53 print as integers. */
void	sh_jw_real(struct sh_jw *w, double v);
void	sh_jw_bool(struct sh_jw *w, bool v);
void	sh_jw_null(struct sh_jw *w);
/* A value already written as JSON by this writer's style (a cached id). */
void	sh_jw_raw(struct sh_jw *w, const char *json);
/* A jansson value, members in their order. */
void	sh_jw_json(struct sh_jw *w, const json_t *v);
/*
 * A (small) jansson document's bytes, as json_dumps(JSON_COMPACT |
 * JSON_PRESERVE_ORDER) gives them: round.json, roster.json and the other
 * documents published beside the results.
 */
int	sh_json_dump(const json_t *doc, struct sh_buf *out, struct sh_err *err);
/* key + value shorthands */
void	sh_jw_kstr(struct sh_jw *w, const char *key, const char *s);
void	sh_jw_kint(struct sh_jw *w, const char *key, long long v);
/*
 * 0 if everything written was well-formed and complete; otherwise -1,
 * err says why and out is back to its length at sh_jw_init() (wiped).
 */
int	sh_jw_finish(struct sh_jw *w, struct sh_err *err);

/* ---- reading ---- */

/*
 * Parses data[0..len) (at most `limit` bytes) as one JSON object; duplicate
 * keys, NUL in strings and trailing data are refused. Errors read
 * "line 3 column 7: ...". The caller json_decref()s *out.
 */
int	sh_json_load(const void *data, size_t len, size_t limit, json_t **out,
	    struct sh_err *err);

/* "parent.key" or "key" when parent is "". */
void	sh_json_path_key(char *buf, const char *parent, const char *key);
/* "parent[i]". */
void	sh_json_path_index(char *buf, const char *parent, size_t i);

/*
 * Refuses an object with a key not in `allowed` (NULL-terminated) and
 * a value that is not an object: "proposals[0]: unknown key \"x\"".
 */
int	sh_json_object(const json_t *v, const char *path,
	    const char *const *allowed, struct sh_err *err);

/* Member getters. A missing required member is "path.key: missing". */
const json_t *sh_json_member(const json_t *obj, const char *path,
	    const char *key, bool required, struct sh_err *err);

enum sh_json_text {
	SH_TEXT_LINE,		/* one line: no control characters at all */
	SH_TEXT_MULTILINE,	/* newlines and tabs allowed */
};

/*
 * A string member of 0..maxlen bytes (1..maxlen if nonempty) with no
 * terminal-unsafe characters (base/text.h). *out points into the JSON
 * value, or is NULL when the member is optional and absent.
 */
int	sh_json_get_text(const json_t *obj, const char *path, const char *key,
	    bool required, bool nonempty, size_t maxlen, enum sh_json_text kind,
	    const char **out, struct sh_err *err);
/* An id: [A-Za-z0-9._-]{1,64}. */
int	sh_json_get_id(const json_t *obj, const char *path, const char *key,
	    bool required, const char **out, struct sh_err *err);
/*
 * The refusals of an id, one wording each wherever it is checked: v at
 * path is not one (the value shown quoted and sanitised, for a value read
 * from a file); the field what at path is missing or not an id.
 */
int	sh_json_bad_id(const char *path, const char *v, struct sh_err *err);
int	sh_json_check_id(const char *path, const char *what, const char *v,
	    struct sh_err *err);
/* Lowercase hex SHA-256. */
int	sh_json_get_sha256(const json_t *obj, const char *path,
	    const char *key, char out[65], struct sh_err *err);
/* UTC RFC 3339 "YYYY-MM-DDTHH:MM:SSZ". */
int	sh_json_get_time(const json_t *obj, const char *path, const char *key,
	    const char **out, struct sh_err *err);
/* An age recipient "age1" + bech32 characters (checked fully by crypto). */
int	sh_json_get_recipient(const json_t *obj, const char *path,
	    const char *key, const char **out, struct sh_err *err);
/* An integer in [min, max]; *present (may be NULL) says if it was there. */
int	sh_json_get_int(const json_t *obj, const char *path, const char *key,
	    bool required, long long min, long long max, long long *out,
	    bool *present, struct sh_err *err);
int	sh_json_get_bool(const json_t *obj, const char *path, const char *key,
	    bool *out, bool *present, struct sh_err *err);
/* An array of at most maxn elements; NULL on error or optional absent. */
const json_t *sh_json_get_array(const json_t *obj, const char *path,
	    const char *key, bool required, size_t maxn, struct sh_err *err);

bool	sh_json_id_ok(const char *s);
bool	sh_json_time_ok(const char *s);
bool	sh_json_sha256_ok(const char *s);
bool	sh_json_recipient_ok(const char *s);
/* Text rules of sh_json_get_text() for strings built in memory. */
bool	sh_json_text_ok(const char *s, size_t maxlen, enum sh_json_text kind);

/*
 * Makes jansson wipe every block it frees (its parse trees hold the
 * plaintext of sheets and packages). Process-wide: call it once at the
 * start of main(), before anything uses jansson, since blocks allocated
 * before the switch must not be freed after it.
 */
void	sh_json_wipe_on_free(void);

/* strdup() that takes NULL; returns -1 only when out of memory. */
int	sh_strdup_opt(char **dst, const char *src);
/* Wipes and frees a string (documents hold confidential text). */
void	sh_str_wipe_free(char *s);
/*
 * arr, of n elements of size bytes with room for *cap, with room for one
 * more (doubling, from first) and element n zeroed; the documents' lists
 * grow through it. NULL when out of memory: arr is then unchanged.
 */
void	*sh_array_grow(void *arr, size_t n, size_t *cap, size_t size,
	    size_t first);
/* Replaces *field (wiping the old string) by a copy of value (may be NULL). */
int	sh_str_set(char **field, const char *value);

#endif
