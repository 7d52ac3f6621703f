#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <sodium.h>

#include "base/text.h"
#include "format/json_util.h"

/* ---- writing ---- */

void
sh_jw_init_style(struct sh_jw *w, struct sh_buf *out, enum sh_jw_style style)
{
	w->out = out;
	w->sink = NULL;
	w->style = style;
	w->start = out->len;
	w->depth = 0;
	w->nth[0] = 0;
	w->key[0] = NULL;
	w->after_key = false;
	w->failed = NULL;
	w->bad_at[0] = '\0';
	w->bad_key = false;
}

void
sh_jw_init(struct sh_jw *w, struct sh_buf *out)
{
	sh_jw_init_style(w, out, SH_JW_SHINSA);
}

void
sh_jw_init_sink(struct sh_jw *w, struct sh_sink *s, enum sh_jw_style style)
{
	sh_jw_init_style(w, &s->buf, style);
	w->sink = s;
}

/* The first failure is kept, and is the sink's too. */
static void
jw_fail(struct sh_jw *w, const char *why)
{
	if (w->failed == NULL)
		w->failed = why;
	if (w->sink != NULL)
		sh_sink_fail(w->sink, why);
}

/* Why a string was refused: the key of its message, below. */
static const char jw_bad_utf8[] = "string is not valid UTF-8";

/*
 * Where the writer is, as the readers name a place (sh_json_path_key(),
 * sh_json_path_index()): the keys and indices of levels 1 to depth.
 * What does not fit ends in "…".
 */
static void
jw_path(const struct sh_jw *w, int depth, char *buf)
{
	size_t	n = 0;
	int	d, k;

	buf[0] = '\0';
	for (d = 1; d <= depth; d++) {
		if (w->key[d] != NULL)
			k = snprintf(buf + n, SH_JSON_PATH_MAX - n, "%s%s",
			    n > 0 ? "." : "", w->key[d]);
		else
			k = snprintf(buf + n, SH_JSON_PATH_MAX - n, "[%zu]",
			    w->nth[d] > 0 ? w->nth[d] - 1 : 0);
		if (k < 0 || (size_t)k >= SH_JSON_PATH_MAX - n) {
			/* Cut at the last whole component. */
			snprintf(buf + n, SH_JSON_PATH_MAX - n, "%s",
			    SH_JSON_PATH_MAX - n > sizeof "…" ? "…" : "");
			return;
		}
		n += (size_t)k;
	}
}

/* The writer's failure as an error: what, where and why. */
static int
jw_errf(const struct sh_jw *w, struct sh_err *err)
{
	if (w->failed != jw_bad_utf8)
		return sh_errf(err, "cannot write JSON: %s", w->failed);
	/* A key of the outermost object has no place above it. */
	if (w->bad_key && w->bad_at[0] == '\0')
		return sh_errf(err, "cannot write JSON: a key is not valid "
		    "UTF-8");
	if (w->bad_at[0] == '\0')
		return sh_errf(err, "cannot write JSON: string is not valid "
		    "UTF-8");
	if (w->bad_key)
		return sh_errf(err, "cannot write JSON: %s: a key is not "
		    "valid UTF-8", w->bad_at);
	return sh_errf(err, "cannot write JSON: %s: string is not valid "
	    "UTF-8", w->bad_at);
}

/* A string that is not valid UTF-8 (a key if key): said with its place. */
static void
jw_fail_utf8(struct sh_jw *w, bool key)
{
	struct sh_err	e;

	if (w->failed == NULL) {
		w->failed = jw_bad_utf8;
		w->bad_key = key;
		jw_path(w, key ? w->depth - 1 : w->depth, w->bad_at);
	}
	if (w->sink != NULL) {
		jw_errf(w, &e);
		sh_sink_fail_err(w->sink, &e);
	}
}

bool
sh_jw_failed(const struct sh_jw *w)
{
	return w->failed != NULL || (w->sink != NULL && w->sink->failed);
}

void
sh_jw_flush(struct sh_jw *w)
{
	if (w->sink != NULL)
		sh_sink_flush(w->sink, false);
}

static void
jw_raw(struct sh_jw *w, const char *s, size_t n)
{
	if (!sh_jw_failed(w) && sh_buf_append(w->out, s, n) != 0)
		jw_fail(w, "out of memory");
}

/* Separator before a value (or a key) at the current level. */
static void
jw_sep(struct sh_jw *w)
{
	if (w->after_key) {
		w->after_key = false;
		return;
	}
	if (w->nth[w->depth]++ > 0)
		jw_raw(w, ",", 1);
}

static void
jw_open(struct sh_jw *w, const char *c)
{
	jw_sep(w);
	jw_raw(w, c, 1);
	if (w->depth + 1 >= SH_JW_MAX_DEPTH) {
		jw_fail(w, "nested too deeply");
		return;
	}
	w->depth++;
	w->nth[w->depth] = 0;
	w->key[w->depth] = NULL;
}

static void
jw_close(struct sh_jw *w, const char *c)
{
	if (w->depth == 0 || w->after_key) {
		jw_fail(w, "unbalanced");
		return;
	}
	w->depth--;
	jw_raw(w, c, 1);
}

void
sh_jw_obj_begin(struct sh_jw *w)
{
	jw_open(w, "{");
}

void
sh_jw_obj_end(struct sh_jw *w)
{
	jw_close(w, "}");
}

void
sh_jw_arr_begin(struct sh_jw *w)
{
	jw_open(w, "[");
}

void
sh_jw_arr_end(struct sh_jw *w)
{
	jw_close(w, "]");
}

/*
 * A string in the writer's style, copied in runs between the bytes
 * escaped: the results document is mostly strings.
 */
static void
jw_string(struct sh_jw *w, const char *s, bool key)
{
	const unsigned char	*p, *run;
	bool			 jansson = w->style == SH_JW_JANSSON;
	char			 esc[8];

	if (s == NULL || !sh_utf8_valid(s, strlen(s))) {
		jw_fail_utf8(w, key);
		return;
	}
	jw_raw(w, "\"", 1);
	for (p = run = (const unsigned char *)s; *p != '\0'; p++) {
		if (*p >= 0x20 && *p != '"' && *p != '\\')
			continue;
		jw_raw(w, (const char *)run, (size_t)(p - run));
		run = p + 1;
		switch (*p) {
		case '"':
			jw_raw(w, "\\\"", 2);
			continue;
		case '\\':
			jw_raw(w, "\\\\", 2);
			continue;
		case '\n':
			jw_raw(w, "\\n", 2);
			continue;
		case '\t':
			jw_raw(w, "\\t", 2);
			continue;
		case '\r':
			jw_raw(w, "\\r", 2);
			continue;
		case '\b':
			if (jansson) {
				jw_raw(w, "\\b", 2);
				continue;
			}
			break;
		case '\f':
			if (jansson) {
				jw_raw(w, "\\f", 2);
				continue;
			}
			break;
		}
		snprintf(esc, sizeof esc, jansson ? "\\u%04X" : "\\u%04x", *p);
		jw_raw(w, esc, 6);
	}
	jw_raw(w, (const char *)run, (size_t)(p - run));
	jw_raw(w, "\"", 1);
}

void
sh_jw_key(struct sh_jw *w, const char *key)
{
	if (w->after_key || w->depth == 0) {
		jw_fail(w, "key outside an object");
		return;
	}
	jw_sep(w);
	jw_string(w, key, true);
	jw_raw(w, ":", 1);
	w->key[w->depth] = key;
	w->after_key = true;
}

void
sh_jw_str(struct sh_jw *w, const char *s)
{
	jw_sep(w);
	jw_string(w, s, false);
}

void
sh_jw_int(struct sh_jw *w, long long v)
{
	char	b[32];
	int	n;

	jw_sep(w);
	n = snprintf(b, sizeof b, "%lld", v);
	jw_raw(w, b, (size_t)n);
}

/* A locale with a decimal comma must not leak into the document. */
static void
jw_decimal_point(char *b)
{
	for (; *b != '\0'; b++)
		if (*b == ',')
			*b = '.';
}

/*
 * A real as jansson 2.14 dumps one (jsonp_dtostr): "%.17g", ".0" added
 * when that reads as an integer, the exponent without '+' or leading
 * zeros.
 */
static int
jw_real_jansson(double v, char *b, size_t size)
{
	char	*e, *d;
	int	 n;

	n = snprintf(b, size, "%.17g", v);
	jw_decimal_point(b);
	if (strchr(b, '.') == NULL && strchr(b, 'e') == NULL) {
		memcpy(b + n, ".0", 3);
		n += 2;
	}
	if ((e = strchr(b, 'e')) != NULL) {
		e++;
		if (*e == '+')
			memmove(e, e + 1, strlen(e));
		else if (*e == '-')
			e++;
		for (d = e; *d == '0' && d[1] != '\0'; d++)
			;
		memmove(e, d, strlen(d) + 1);
		n = (int)strlen(b);
	}
	return n;
}

void
sh_jw_real(struct sh_jw *w, double v)
{
	char	b[40];
	int	prec, n = 0;

	if (!isfinite(v)) {
		jw_fail(w, "number is not finite");
		return;
	}
	if (w->style == SH_JW_JANSSON) {
		jw_sep(w);
		n = jw_real_jansson(v, b, sizeof b);
		jw_raw(w, b, (size_t)n);
		return;
	}
	if (v == floor(v) && fabs(v) < 9007199254740992.0) {
		sh_jw_int(w, (long long)v);
		return;
	}
	/* The shortest form that reads back as the same double. */
	for (prec = 1; prec <= 17; prec++) {
		n = snprintf(b, sizeof b, "%.*g", prec, v);
		if (strtod(b, NULL) == v)
			break;
	}
	jw_decimal_point(b);
	jw_sep(w);
	jw_raw(w, b, (size_t)n);
}

void
sh_jw_bool(struct sh_jw *w, bool v)
{
	jw_sep(w);
	jw_raw(w, v ? "true" : "false", v ? 4 : 5);
}

void
sh_jw_null(struct sh_jw *w)
{
	jw_sep(w);
	jw_raw(w, "null", 4);
}

void
sh_jw_raw(struct sh_jw *w, const char *json)
{
	jw_sep(w);
	jw_raw(w, json, strlen(json));
}

void
sh_jw_json(struct sh_jw *w, const json_t *v)
{
	const char	*k;
	json_t		*m;
	size_t		 i;

	switch (json_typeof(v)) {
	case JSON_OBJECT:
		sh_jw_obj_begin(w);
		json_object_foreach((json_t *)v, k, m) {
			sh_jw_key(w, k);
			sh_jw_json(w, m);
		}
		sh_jw_obj_end(w);
		break;
	case JSON_ARRAY:
		sh_jw_arr_begin(w);
		json_array_foreach(v, i, m)
			sh_jw_json(w, m);
		sh_jw_arr_end(w);
		break;
	case JSON_STRING:
		sh_jw_str(w, json_string_value(v));
		break;
	case JSON_INTEGER:
		sh_jw_int(w, (long long)json_integer_value(v));
		break;
	case JSON_REAL:
		sh_jw_real(w, json_real_value(v));
		break;
	case JSON_TRUE:
	case JSON_FALSE:
		sh_jw_bool(w, json_is_true(v));
		break;
	case JSON_NULL:
		sh_jw_null(w);
		break;
	}
}

void
sh_jw_kstr(struct sh_jw *w, const char *key, const char *s)
{
	sh_jw_key(w, key);
	sh_jw_str(w, s);
}

void
sh_jw_kint(struct sh_jw *w, const char *key, long long v)
{
	sh_jw_key(w, key);
	sh_jw_int(w, v);
}

int
sh_json_dump(const json_t *doc, struct sh_buf *out, struct sh_err *err)
{
	struct sh_jw w;

	sh_jw_init_style(&w, out, SH_JW_JANSSON);
	sh_jw_json(&w, doc);
	return sh_jw_finish(&w, err);
}

int
sh_jw_finish(struct sh_jw *w, struct sh_err *err)
{
	if (w->failed == NULL && (w->depth != 0 || w->after_key))
		w->failed = "unbalanced";
	if (w->sink != NULL) {
		/* Streamed bytes are gone: the sink says what failed. */
		if (w->failed != NULL)
			jw_fail(w, w->failed);
		if (!sh_jw_failed(w))
			return 0;
		if (w->failed == NULL)
			return sh_errf(err, "cannot write JSON: %s",
			    "the output failed");
		return jw_errf(w, err);
	}
	if (w->failed == NULL)
		return 0;
	if (w->out->len > w->start) {
		sodium_memzero(w->out->data + w->start, w->out->len - w->start);
		w->out->len = w->start;
		w->out->data[w->start] = '\0';
	}
	return jw_errf(w, err);
}

/* ---- reading ---- */

int
sh_json_load(const void *data, size_t len, size_t limit, json_t **out,
    struct sh_err *err)
{
	json_error_t	 je;
	json_t		*v;

	if (len > limit)
		return sh_errf(err, "%zu bytes, over the limit of %zu", len,
		    limit);
	if ((v = json_loadb(data, len, JSON_REJECT_DUPLICATES, &je)) == NULL)
		return sh_errf(err, "line %d column %d: %s", je.line,
		    je.column, je.text);
	if (!json_is_object(v)) {
		json_decref(v);
		return sh_errf(err, "not a JSON object");
	}
	*out = v;
	return 0;
}

void
sh_json_path_key(char *buf, const char *parent, const char *key)
{
	if (parent[0] == '\0')
		snprintf(buf, SH_JSON_PATH_MAX, "%s", key);
	else
		snprintf(buf, SH_JSON_PATH_MAX, "%s.%s", parent, key);
}

void
sh_json_path_index(char *buf, const char *parent, size_t i)
{
	snprintf(buf, SH_JSON_PATH_MAX, "%s[%zu]", parent, i);
}

/* The name of a path for messages; the root has none. */
#define PATHNAME(p) ((p)[0] == '\0' ? "document" : (p))

int
sh_json_object(const json_t *v, const char *path, const char *const *allowed,
    struct sh_err *err)
{
	const char	*key;
	json_t		*val;
	size_t		 i;
	char		 q[80];

	if (!json_is_object(v))
		return sh_errf(err, "%s: expected an object", PATHNAME(path));
	json_object_foreach((json_t *)v, key, val) {
		for (i = 0; allowed[i] != NULL; i++)
			if (strcmp(key, allowed[i]) == 0)
				break;
		if (allowed[i] == NULL) {
			struct sh_buf	 b;

			/* Keys are attacker text: sanitise, and keep short. */
			sh_buf_init(&b, false);
			sh_text_sanitize(&b, key, strnlen(key, 60), false);
			snprintf(q, sizeof q, "%s", b.data ? (char *)b.data :
			    "?");
			sh_buf_free(&b);
			if (path[0] == '\0')
				return sh_errf(err, "unknown key \"%s\"", q);
			return sh_errf(err, "%s: unknown key \"%s\"", path,
			    q);
		}
	}
	return 0;
}

const json_t *
sh_json_member(const json_t *obj, const char *path, const char *key,
    bool required, struct sh_err *err)
{
	const json_t	*v;
	char		 p[SH_JSON_PATH_MAX];

	v = json_object_get(obj, key);
	if (v == NULL && required) {
		sh_json_path_key(p, path, key);
		sh_errf(err, "%s: missing", p);
	}
	return v;
}

static int
expected(const char *path, const char *key, const char *what,
    struct sh_err *err)
{
	char	p[SH_JSON_PATH_MAX];

	sh_json_path_key(p, path, key);
	return sh_errf(err, "%s: expected %s", p, what);
}

bool
sh_json_text_ok(const char *s, size_t maxlen, enum sh_json_text kind)
{
	size_t	len = strlen(s);

	return len <= maxlen &&
	    sh_text_safe(s, len, kind == SH_TEXT_MULTILINE);
}

/* A string member, raw; NUL inside is refused. */
static int
get_string(const json_t *obj, const char *path, const char *key,
    bool required, const char **out, struct sh_err *err)
{
	const json_t	*v;

	*out = NULL;
	if ((v = sh_json_member(obj, path, key, required, err)) == NULL)
		return required ? -1 : 0;
	if (!json_is_string(v))
		return expected(path, key, "a string", err);
	if (strlen(json_string_value(v)) != json_string_length(v))
		return expected(path, key, "a string without NUL", err);
	*out = json_string_value(v);
	return 0;
}

int
sh_json_get_text(const json_t *obj, const char *path, const char *key,
    bool required, bool nonempty, size_t maxlen, enum sh_json_text kind,
    const char **out, struct sh_err *err)
{
	char	p[SH_JSON_PATH_MAX];

	if (get_string(obj, path, key, required, out, err) != 0)
		return -1;
	if (*out == NULL)
		return 0;
	/* The path is formatted only for a message: most texts are fine. */
	if (nonempty && (*out)[0] == '\0') {
		sh_json_path_key(p, path, key);
		return sh_errf(err, "%s: empty", p);
	}
	if (strlen(*out) > maxlen) {
		sh_json_path_key(p, path, key);
		return sh_errf(err, "%s: longer than %zu bytes", p, maxlen);
	}
	if (!sh_json_text_ok(*out, maxlen, kind)) {
		sh_json_path_key(p, path, key);
		return sh_errf(err, "%s: contains a control character", p);
	}
	return 0;
}

bool
sh_json_id_ok(const char *s)
{
	return sh_id_valid(s, strnlen(s, SH_JSON_MAX_ID + 1), SH_JSON_MAX_ID);
}

int
sh_json_get_id(const json_t *obj, const char *path, const char *key,
    bool required, const char **out, struct sh_err *err)
{
	char	p[SH_JSON_PATH_MAX];
	int	rc;

	if (get_string(obj, path, key, required, out, err) != 0)
		return -1;
	if (*out == NULL || sh_json_id_ok(*out))
		return 0;
	sh_json_path_key(p, path, key);
	rc = sh_json_bad_id(p, *out, err);
	*out = NULL;
	return rc;
}

int
sh_json_bad_id(const char *path, const char *v, struct sh_err *err)
{
	struct sh_buf	b;
	int		rc;

	sh_buf_init(&b, false);
	sh_text_sanitize(&b, v, strnlen(v, 70), false);
	rc = sh_errf(err, "%s: \"%s\" is not an id ([A-Za-z0-9._-], 1 to "
	    "%d characters)", path, b.data ? (char *)b.data : "",
	    SH_JSON_MAX_ID);
	sh_buf_free(&b);
	return rc;
}

int
sh_json_check_id(const char *path, const char *what, const char *v,
    struct sh_err *err)
{
	if (v == NULL)
		return sh_errf(err, "%s: no %s", path, what);
	if (!sh_json_id_ok(v))
		return sh_errf(err, "%s: %s is not an id ([A-Za-z0-9._-], "
		    "1 to %d characters)", path, what, SH_JSON_MAX_ID);
	return 0;
}

bool
sh_json_sha256_ok(const char *s)
{
	size_t	i;

	for (i = 0; i < 64; i++)
		if (!((s[i] >= '0' && s[i] <= '9') ||
		    (s[i] >= 'a' && s[i] <= 'f')))
			return false;
	return s[64] == '\0';
}

int
sh_json_get_sha256(const json_t *obj, const char *path, const char *key,
    char out[65], struct sh_err *err)
{
	const char	*s;

	if (get_string(obj, path, key, true, &s, err) != 0)
		return -1;
	if (!sh_json_sha256_ok(s))
		return expected(path, key, "64 lowercase hex digits (SHA-256)",
		    err);
	memcpy(out, s, 65);
	return 0;
}

static bool
digits(const char *s, size_t n, int min, int max)
{
	int	v = 0;
	size_t	i;

	for (i = 0; i < n; i++) {
		if (s[i] < '0' || s[i] > '9')
			return false;
		v = v * 10 + (s[i] - '0');
	}
	return v >= min && v <= max;
}

bool
sh_json_time_ok(const char *s)
{
	/* YYYY-MM-DDTHH:MM:SSZ */
	if (strlen(s) != 20 || s[4] != '-' || s[7] != '-' || s[10] != 'T' ||
	    s[13] != ':' || s[16] != ':' || s[19] != 'Z')
		return false;
	return digits(s, 4, 1970, 9999) && digits(s + 5, 2, 1, 12) &&
	    digits(s + 8, 2, 1, 31) && digits(s + 11, 2, 0, 23) &&
	    digits(s + 14, 2, 0, 59) && digits(s + 17, 2, 0, 60);
}

int
sh_json_get_time(const json_t *obj, const char *path, const char *key,
    const char **out, struct sh_err *err)
{
	if (get_string(obj, path, key, true, out, err) != 0)
		return -1;
	if (!sh_json_time_ok(*out)) {
		*out = NULL;
		return expected(path, key, "a UTC time like "
		    "2026-06-30T12:00:00Z", err);
	}
	return 0;
}

bool
sh_json_recipient_ok(const char *s)
{
	static const char	 b32[] = "qpzry9x8gf2tvdw0s3jn54khce6mua7l";
	size_t			 i;

	if (strncmp(s, "age1", 4) != 0)
		return false;
	for (i = 4; s[i] != '\0'; i++)
		if (i >= 200 || strchr(b32, s[i]) == NULL)
			return false;
	return i > 4 + 6;
}

int
sh_json_get_recipient(const json_t *obj, const char *path, const char *key,
    const char **out, struct sh_err *err)
{
	if (get_string(obj, path, key, true, out, err) != 0)
		return -1;
	if (!sh_json_recipient_ok(*out)) {
		*out = NULL;
		return expected(path, key, "an age recipient (age1...)", err);
	}
	return 0;
}

int
sh_json_get_int(const json_t *obj, const char *path, const char *key,
    bool required, long long min, long long max, long long *out,
    bool *present, struct sh_err *err)
{
	const json_t	*v;
	json_int_t	 n;
	char		 p[SH_JSON_PATH_MAX];

	if (present != NULL)
		*present = false;
	if ((v = sh_json_member(obj, path, key, required, err)) == NULL)
		return required ? -1 : 0;
	if (!json_is_integer(v))
		return expected(path, key, "an integer", err);
	n = json_integer_value(v);
	if (n < min || n > max) {
		sh_json_path_key(p, path, key);
		return sh_errf(err, "%s: %lld out of range %lld–%lld", p,
		    (long long)n, min, max);
	}
	*out = n;
	if (present != NULL)
		*present = true;
	return 0;
}

int
sh_json_get_bool(const json_t *obj, const char *path, const char *key,
    bool *out, bool *present, struct sh_err *err)
{
	const json_t	*v;

	if (present != NULL)
		*present = false;
	if ((v = json_object_get(obj, key)) == NULL)
		return 0;
	if (!json_is_boolean(v))
		return expected(path, key, "true or false", err);
	*out = json_is_true(v);
	if (present != NULL)
		*present = true;
	return 0;
}

const json_t *
sh_json_get_array(const json_t *obj, const char *path, const char *key,
    bool required, size_t maxn, struct sh_err *err)
{
	const json_t	*v;
	char		 p[SH_JSON_PATH_MAX];

	if ((v = sh_json_member(obj, path, key, required, err)) == NULL)
		return NULL;
	if (!json_is_array(v)) {
		expected(path, key, "an array", err);
		return NULL;
	}
	if (json_array_size(v) > maxn) {
		sh_json_path_key(p, path, key);
		sh_errf(err, "%s: more than %zu elements", p, maxn);
		return NULL;
	}
	return v;
}

/* A size header in front of each block, so that free knows what to wipe. */
#define WIPE_HDR	16

static void *
wipe_malloc(size_t n)
{
	unsigned char	*p;

	if (n > SIZE_MAX - WIPE_HDR || (p = malloc(n + WIPE_HDR)) == NULL)
		return NULL;
	memcpy(p, &n, sizeof n);
	return p + WIPE_HDR;
}

static void
wipe_free(void *q)
{
	unsigned char	*p;
	size_t		 n;

	if (q == NULL)
		return;
	p = (unsigned char *)q - WIPE_HDR;
	memcpy(&n, p, sizeof n);
	sodium_memzero(q, n);
	free(p);
}

void
sh_json_wipe_on_free(void)
{
	json_set_alloc_funcs(wipe_malloc, wipe_free);
}

int
sh_strdup_opt(char **dst, const char *src)
{
	*dst = NULL;
	if (src == NULL)
		return 0;
	if ((*dst = strdup(src)) == NULL)
		return -1;
	return 0;
}

void
sh_str_wipe_free(char *s)
{
	if (s == NULL)
		return;
	sodium_memzero(s, strlen(s));
	free(s);
}

void *
sh_array_grow(void *arr, size_t n, size_t *cap, size_t size, size_t first)
{
	size_t	c = *cap;

	if (n == c) {
		c = c != 0 ? c * 2 : first;
		if ((arr = reallocarray(arr, c, size)) == NULL)
			return NULL;
		*cap = c;
	}
	memset((char *)arr + n * size, 0, size);
	return arr;
}

int
sh_str_set(char **field, const char *value)
{
	char	*copy;

	if (sh_strdup_opt(&copy, value) != 0)
		return -1;
	sh_str_wipe_free(*field);
	*field = copy;
	return 0;
}
