/*
 * The JSON pull reader (format/jscan.h) against jansson on arbitrary
 * bytes. A walker reads any document with the pull API and compares it,
 * value by value, with jansson's tree of the same bytes; both must
 * accept or both refuse. Since no reader of ours takes a real, the
 * walker refuses a number that is not an integer, and jansson's verdict
 * counts a document with a real in it as refused too. Duplicate keys
 * are the caller's to find (the sheet reader knows its keys); the walker
 * finds them with a list, as JSON_REJECT_DUPLICATES does.
 *
 * One difference is intended: jansson 2.14 takes a NUL byte right after
 * a number ("7\0", "{\"a\":1\0}"), which RFC 8259 does not allow and
 * this reader refuses; an input with a NUL byte anywhere must be refused
 * here, whatever jansson says.
 */
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <jansson.h>
#include <sodium.h>

#include "format/jscan.h"

int	LLVMFuzzerTestOneInput(const uint8_t *, size_t);

/* jansson's JSON_PARSER_MAX_DEPTH: deeper documents it refuses. */
#define JSCAN_JANSSON_MAX_DEPTH	2048

static bool
jscan_has_real(const json_t *v)
{
	const char	*k;
	json_t		*m;
	size_t		 i;

	if (json_is_real(v))
		return true;
	if (json_is_array(v)) {
		json_array_foreach(v, i, m)
			if (jscan_has_real(m))
				return true;
	}
	if (json_is_object(v)) {
		json_object_foreach((json_t *)v, k, m)
			if (jscan_has_real(m))
				return true;
	}
	return false;
}

/*
 * Reads one value and, when `want` is not NULL, checks it equals the
 * tree's. Returns 0 when it read a value the sheet reader could take,
 * -1 when it refused. depth counts the containers the value is in,
 * itself included if it is one, as jansson counts them.
 */
static int
jscan_walk(struct sh_jscan *sc, const json_t *want, int depth)
{
	const char	*s, *key;
	char		**keys = NULL;
	size_t		 len, n = 0, nkeys = 0, i;
	long long	 v;
	bool		 b, integral;
	int		 rc = -1;

	switch (sh_jscan_peek(sc)) {
	case SH_JT_BAD:
		return -1;
	case SH_JT_NULL:
		/* The pull API has no null reader: no document takes one. */
		if ((size_t)(sc->end - sc->p) < 4 ||
		    memcmp(sc->p, "null", 4) != 0)
			return -1;
		sc->p += 4;
		if (want != NULL && !json_is_null(want))
			abort();
		return 0;
	case SH_JT_BOOL:
		if (sh_jscan_bool(sc, &b, NULL) != 0)
			return -1;
		if (want != NULL && (!json_is_boolean(want) ||
		    json_is_true(want) != b))
			abort();
		return 0;
	case SH_JT_NUMBER:
		if (sh_jscan_number(sc, &v, &integral, NULL) != 0 ||
		    !integral)
			return -1;
		if (want != NULL && (!json_is_integer(want) ||
		    json_integer_value(want) != v))
			abort();
		return 0;
	case SH_JT_STRING:
		if (sh_jscan_string(sc, &s, &len, NULL) != 0)
			return -1;
		if (want != NULL && (!json_is_string(want) ||
		    json_string_length(want) != len ||
		    memcmp(json_string_value(want), s, len) != 0))
			abort();
		return 0;
	case SH_JT_ARRAY:
		if (depth > JSCAN_JANSSON_MAX_DEPTH || sh_jscan_array(sc, NULL) != 0)
			return -1;
		if (want != NULL && !json_is_array(want))
			abort();
		while ((rc = sh_jscan_element(sc, &n, NULL)) == 1)
			if (jscan_walk(sc, want ? json_array_get(want, n - 1) : NULL,
			    depth + 1) != 0)
				return -1;
		if (rc == 0 && want != NULL && json_array_size(want) != n)
			abort();
		return rc;
	case SH_JT_OBJECT:
		if (depth > JSCAN_JANSSON_MAX_DEPTH || sh_jscan_object(sc, NULL) != 0)
			return -1;
		if (want != NULL && !json_is_object(want))
			abort();
		while ((rc = sh_jscan_key(sc, &n, &key, &len, NULL)) == 1) {
			const json_t *m = NULL;

			for (i = 0; i < nkeys; i++)
				if (strcmp(keys[i], key) == 0)
					break;
			if (i < nkeys) {
				rc = -1;	/* a duplicate key */
				break;
			}
			if ((keys = realloc(keys, (nkeys + 1) *
			    sizeof *keys)) == NULL ||
			    (keys[nkeys] = strdup(key)) == NULL)
				abort();
			nkeys++;
			if (want != NULL &&
			    (m = json_object_get(want, key)) == NULL)
				abort();
			if (jscan_walk(sc, m, depth + 1) != 0) {
				rc = -1;
				break;
			}
		}
		if (rc == 0 && want != NULL && json_object_size(want) != n)
			abort();
		for (i = 0; i < nkeys; i++)
			free(keys[i]);
		free(keys);
		return rc;
	}
	return -1;
}

static int
jscan_depth(const json_t *v)
{
	const char	*k;
	json_t		*m;
	size_t		 i;
	int		 d = 0, x;

	if (json_is_array(v)) {
		json_array_foreach(v, i, m)
			if ((x = jscan_depth(m)) > d)
				d = x;
		return d + 1;
	}
	if (json_is_object(v)) {
		json_object_foreach((json_t *)v, k, m)
			if ((x = jscan_depth(m)) > d)
				d = x;
		return d + 1;
	}
	return 0;
}

/*
 * sh_jscan_skip() takes what jansson takes without the duplicate check
 * (up to its depth limit), and nothing jansson refuses but a real out of
 * range (which it reads only for its syntax).
 */
static void
jscan_check_skip(const uint8_t *data, size_t size)
{
	struct sh_jscan	 sc;
	json_error_t	 je;
	json_t		*any;
	int		 rc;

	any = json_loadb((const char *)data, size, JSON_DECODE_ANY, &je);
	sh_jscan_init(&sc, data, size);
	rc = sh_jscan_skip(&sc, NULL);
	if (rc == 0)
		rc = sh_jscan_end(&sc, NULL);
	sh_jscan_free(&sc);
	if (memchr(data, '\0', size) != NULL) {
		if (rc == 0)
			abort();
	} else if (any != NULL && jscan_depth(any) <= SH_JSCAN_SKIP_DEPTH) {
		if (rc != 0)
			abort();
	} else if (any == NULL && rc == 0 &&
	    strstr(je.text, "real number overflow") == NULL)
		abort();
	json_decref(any);
}

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct sh_jscan	 sc;
	json_error_t	 je;
	json_t		*tree;
	bool		 tree_ok;
	int		 ours;

	if (sodium_init() < 0)
		abort();
	tree = json_loadb((const char *)data, size,
	    JSON_REJECT_DUPLICATES | JSON_DECODE_ANY, &je);
	tree_ok = tree != NULL && !jscan_has_real(tree) &&
	    memchr(data, '\0', size) == NULL;
	sh_jscan_init(&sc, data, size);
	/* Compare values only when jansson took the document. */
	ours = jscan_walk(&sc, tree_ok ? tree : NULL, 1);
	if (ours == 0)
		ours = sh_jscan_end(&sc, NULL);
	sh_jscan_free(&sc);
	jscan_check_skip(data, size);
	if ((ours == 0) != tree_ok) {
		fprintf(stderr, "jscan %s, jansson %s: %s\n",
		    ours == 0 ? "accepted" : "refused",
		    tree_ok ? "accepted" : "refused",
		    tree != NULL ? "(has a real)" : je.text);
		abort();
	}
	json_decref(tree);
	return 0;
}
