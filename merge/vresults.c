/*
 * shinsa-verify's reader of results.json, whole and as a stream
 * (vresults.h): apart from verify.c so that tests/fuzz drives the very
 * code the auditor runs, on any bytes.
 */
#include <stdlib.h>
#include <string.h>

#include <jansson.h>

#include "format/jscan.h"
#include "vresults.h"

/*
 * The scanner on b's bytes. A buffer that never held a byte has no data,
 * and the scanner's arithmetic on a null pointer is undefined: it gets
 * "" then (an empty results.json, regress/verify_results/empty-file).
 */
static void
scan_buf(struct sh_jscan *sc, const struct sh_buf *b)
{
	sh_jscan_init(sc, b->data != NULL ? (const void *)b->data : "",
	    b->len);
}

/* The value at the scanner, parsed by jansson from its own bytes. */
static json_t *
span_value(struct sh_jscan *sc, struct sh_err *e)
{
	const unsigned char	*start;
	json_error_t		 je;
	json_t			*v;

	sh_jscan_peek(sc);
	start = sc->p;
	if (sh_jscan_skip(sc, e) != 0)
		return NULL;
	if ((v = json_loadb((const char *)start, (size_t)(sc->p - start),
	    JSON_REJECT_DUPLICATES | JSON_DECODE_ANY, &je)) == NULL)
		sh_errf(e, "%s", je.text);
	return v;
}

/* Member key of obj, refused when obj has it already. */
static int
set_once(json_t *obj, const char *key, json_t *v, struct sh_err *e)
{
	if (v == NULL)
		return -1;
	if (json_object_get(obj, key) != NULL) {
		json_decref(v);
		return sh_errf(e, "key \"%.60s\" appears twice", key);
	}
	return json_object_set_new(obj, key, v) == 0 ? 0 :
	    sh_errf(e, "out of memory");
}

/* One element of proposals: every member but its reviews. */
static json_t *
proposal_inputs(struct sh_jscan *sc, struct sh_err *e)
{
	const char	*k;
	char		*key;
	json_t		*p;
	size_t		 n = 0, len;
	int		 rc;

	if (sh_jscan_peek(sc) != SH_JT_OBJECT)
		return span_value(sc, e);
	if (sh_jscan_object(sc, e) != 0 || (p = json_object()) == NULL)
		return NULL;
	while ((rc = sh_jscan_key(sc, &n, &k, &len, e)) == 1) {
		if ((key = strdup(k)) == NULL) {
			rc = sh_errf(e, "out of memory");
			break;
		}
		if (strcmp(key, "reviews") == 0)
			rc = sh_jscan_skip(sc, e);
		else
			rc = set_once(p, key, span_value(sc, e), e);
		free(key);
		if (rc != 0)
			break;
	}
	if (rc != 0) {
		json_decref(p);
		return NULL;
	}
	return p;
}

/*
 * results.json as a tree of what verify takes from it: every member but
 * each proposal's reviews, a million objects at 10,000 reviewers (1.4
 * GiB as a tree). Those are only compared byte for byte with the
 * recomputation, which reads them from the file's bytes; a difference
 * loads the whole tree for diff(). Every member taken is parsed by
 * jansson with duplicates refused; the reviews pass the pull reader's
 * syntax check.
 */
json_t *
vr_parse(const struct sh_buf *b, struct sh_err *ep)
{
	struct sh_jscan	 sc;
	struct sh_err	 e;
	const char	*k;
	char		*key;
	json_t		*res, *ps, *p;
	size_t		 n = 0, m, len;
	int		 rc = -1;

	scan_buf(&sc, b);
	if ((res = json_object()) == NULL) {
		sh_errf(&e, "out of memory");
		goto out;
	}
	if (sh_jscan_peek(&sc) != SH_JT_OBJECT) {
		sh_errf(&e, "not a JSON object");
		goto out;
	}
	if (sh_jscan_object(&sc, &e) != 0)
		goto out;
	while ((rc = sh_jscan_key(&sc, &n, &k, &len, &e)) == 1) {
		if ((key = strdup(k)) == NULL) {
			rc = sh_errf(&e, "out of memory");
			break;
		}
		if (strcmp(key, "proposals") != 0 ||
		    sh_jscan_peek(&sc) != SH_JT_ARRAY)
			rc = set_once(res, key, span_value(&sc, &e), &e);
		else if ((ps = json_array()) == NULL)
			rc = sh_errf(&e, "out of memory");
		else {
			m = 0;
			rc = set_once(res, key, ps, &e);
			if (rc == 0)
				rc = sh_jscan_array(&sc, &e);
			while (rc == 0 && (rc = sh_jscan_element(&sc, &m,
			    &e)) == 1)
				rc = (p = proposal_inputs(&sc, &e)) == NULL ||
				    json_array_append_new(ps, p) != 0 ? -1 : 0;
		}
		free(key);
		if (rc != 0)
			break;
	}
	if (rc == 0)
		rc = sh_jscan_end(&sc, &e);
out:
	sh_jscan_free(&sc);
	if (rc != 0) {
		*ep = e;
		json_decref(res);
		return NULL;
	}
	return res;
}

static void
vs_add(struct vr_stream *rs, struct sh_buf *b, const void *p, size_t n)
{
	if (sh_buf_append(b, p, n) != 0)
		rs->failed = true;
}

/* One element of proposals, ended by a ',' or the array's ']'. */
static void
vs_element(struct vr_stream *rs)
{
	struct sh_jscan	 sc;
	struct sh_err	 e;
	json_t		*p;
	size_t		 i;

	/* White space alone before the ']' of the first: "[ ]", no element. */
	for (i = 0; i < rs->piece.len; i++)
		if (strchr(" \t\r\n", rs->piece.data[i]) == NULL)
			break;
	if (rs->depth == 1 && json_array_size(rs->props) == 0 &&
	    i == rs->piece.len) {
		vs_add(rs, &rs->skel, rs->piece.data, rs->piece.len);
		rs->piece.len = 0;
		return;
	}
	scan_buf(&sc, &rs->piece);
	if ((p = proposal_inputs(&sc, &e)) == NULL ||
	    sh_jscan_end(&sc, &e) != 0 ||
	    json_array_append_new(rs->props, p) != 0)
		rs->failed = true;
	else
		p = NULL;
	json_decref(p);
	sh_jscan_free(&sc);
	rs->piece.len = 0;
	vs_add(rs, &rs->skel, "0", 1);
}

/* The next n bytes of the document. */
void
vr_stream_feed(struct vr_stream *rs, const unsigned char *p, size_t n)
{
	size_t	i, from = 0;

	for (i = 0; i < n; i++) {
		if (rs->instr) {
			if (rs->esc)
				rs->esc = false;
			else if (p[i] == '\\')
				rs->esc = true;
			else if (p[i] == '"')
				rs->instr = false;
			if (!rs->inkey)
				continue;
			if (!rs->instr) {
				rs->inkey = false;
				rs->isprops = rs->keylen == 9 &&
				    memcmp(rs->key, "proposals", 9) == 0;
			} else if (rs->keylen < sizeof rs->key)
				rs->key[rs->keylen++] = p[i];
			continue;
		}
		switch (p[i]) {
		case '"':
			rs->instr = true;
			if (rs->depth == 1 && rs->wantkey) {
				rs->wantkey = false;
				rs->inkey = true;
				rs->keylen = 0;
			}
			continue;
		case '{':
		case '[':
			if (++rs->depth == 1)
				rs->wantkey = p[i] == '{';
			if (rs->depth == 2 && p[i] == '[' && rs->isprops) {
				/* The elements begin after the '['. */
				vs_add(rs, &rs->skel, p + from,
				    i + 1 - from);
				from = i + 1;
				rs->split = rs->didsplit = true;
			}
			rs->isprops = false;
			continue;
		case ',':
			if (rs->depth == 1)
				rs->wantkey = true;
			if (!rs->split || rs->depth != 2)
				continue;
			break;
		case '}':
		case ']':
			if (--rs->depth != 1 || !rs->split)
				continue;
			rs->split = false;
			break;
		default:
			continue;
		}
		/* An element ends here: its bytes, then the ',' or ']'. */
		vs_add(rs, &rs->piece, p + from, i - from);
		vs_element(rs);
		vs_add(rs, &rs->skel, p + i, 1);
		from = i + 1;
	}
	vs_add(rs, rs->split ? &rs->piece : &rs->skel, p + from,
	    n - from);
}

void
vr_stream_init(struct vr_stream *rs)
{
	memset(rs, 0, sizeof *rs);
	sh_buf_init(&rs->skel, false);
	sh_buf_init(&rs->piece, false);
	if ((rs->props = json_array()) == NULL)
		rs->failed = true;
}

/*
 * Skeleton and elements parse only if the document does, and to the
 * same tree: where the skeleton has a whole value 0, the document has a
 * whole value.
 */
json_t *
vr_stream_end(struct vr_stream *rs)
{
	struct sh_err	 e;
	json_t		*res = NULL, *ps;

	if (!rs->failed && (res = vr_parse(&rs->skel, &e)) != NULL &&
	    rs->didsplit) {
		ps = json_object_get(res, "proposals");
		if (!json_is_array(ps) ||
		    json_array_size(ps) != json_array_size(rs->props) ||
		    json_object_set(res, "proposals", rs->props) != 0)
			rs->failed = true;
	}
	if (rs->failed) {
		json_decref(res);
		res = NULL;
	}
	json_decref(rs->props);
	rs->props = NULL;
	sh_buf_free(&rs->skel);
	sh_buf_free(&rs->piece);
	return res;
}

json_t *
vr_stream_buf(const void *p, size_t len, size_t chunk)
{
	struct vr_stream	 rs;
	const unsigned char	*b = p;
	size_t			 n;

	vr_stream_init(&rs);
	while (len > 0 && !rs.failed) {
		n = len < chunk ? len : chunk;
		vr_stream_feed(&rs, b, n);
		b += n;
		len -= n;
	}
	return vr_stream_end(&rs);
}
