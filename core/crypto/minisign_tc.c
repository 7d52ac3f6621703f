/* Trusted comments as tab-separated key:value fields. */
#include <string.h>

#include "base/text.h"
#include "crypto/minisign.h"
#include "crypto/minisign_int.h"

/* UTF-8 with no control characters (C0, DEL, C1); tabs are separators. */
static bool
tc_value_valid(const char *v, size_t n)
{
	size_t		i, used;
	uint32_t	cp;

	if (!sh_utf8_valid(v, n))
		return false;
	for (i = 0; i < n; i += used) {
		used = sh_utf8_decode(v + i, n - i, &cp);
		if (cp < 0x20 || cp == 0x7f || (cp >= 0x80 && cp <= 0x9f))
			return false;
	}
	return true;
}

int
sh_minisign_tc_parse(const char *tc, size_t len, struct sh_minisign_tc *out,
    struct sh_err *err)
{
	struct sh_minisign_tc	 t;
	char			*p, *end, *f, *tab, *colon;
	size_t			 i, klen;

	if (len > SH_MINISIGN_TC_MAX)
		return sh_errf(err, "trusted comment: longer than %d bytes",
		    SH_MINISIGN_TC_MAX);
	if (len == 0)
		return sh_errf(err, "trusted comment: empty");
	memset(&t, 0, sizeof t);
	memcpy(t.text, tc, len);
	t.text[len] = '\0';
	p = t.text;
	end = t.text + len;
	while (p <= end) {
		f = p;
		tab = memchr(f, '\t', (size_t)(end - f));
		if (tab == NULL)
			tab = end;
		colon = memchr(f, ':', (size_t)(tab - f));
		if (colon == NULL)
			return sh_errf(err, "trusted comment: field %zu "
			    "\"%.*s\" is not key:value", t.nfields + 1,
			    (int)((size_t)(tab - f) > 40 ? 40 : tab - f), f);
		klen = (size_t)(colon - f);
		if (!sh_id_valid(f, klen, SH_MINISIGN_TC_KEY_MAX))
			return sh_errf(err, "trusted comment: field %zu: "
			    "invalid key", t.nfields + 1);
		if (!tc_value_valid(colon + 1, (size_t)(tab - colon - 1)))
			return sh_errf(err, "trusted comment: field \"%.*s\": "
			    "value is not text", (int)klen, f);
		if (t.nfields == SH_MINISIGN_TC_FIELDS_MAX)
			return sh_errf(err, "trusted comment: more than %d "
			    "fields", SH_MINISIGN_TC_FIELDS_MAX);
		*colon = '\0';
		*tab = '\0';
		for (i = 0; i < t.nfields; i++) {
			if (strcmp(t.text + t.key_off[i], f) == 0)
				return sh_errf(err, "trusted comment: field "
				    "\"%s\" appears twice", f);
		}
		t.key_off[t.nfields] = (uint16_t)(f - t.text);
		t.value_off[t.nfields] = (uint16_t)(colon + 1 - t.text);
		t.nfields++;
		p = tab + 1;
	}
	*out = t;
	return 0;
}

const char *
sh_minisign_tc_get(const struct sh_minisign_tc *tc, const char *key)
{
	size_t	i;

	for (i = 0; i < tc->nfields; i++) {
		if (strcmp(tc->text + tc->key_off[i], key) == 0)
			return tc->text + tc->value_off[i];
	}
	return NULL;
}

int
sh_minisign_tc_require(const struct sh_minisign_tc *tc, const char *key,
    const char **value, struct sh_err *err)
{
	const char	*v;

	if ((v = sh_minisign_tc_get(tc, key)) == NULL)
		return sh_errf(err, "trusted comment: no \"%s\" field", key);
	*value = v;
	return 0;
}

int
sh_minisign_tc_add(struct sh_buf *b, const char *key, const char *value,
    struct sh_err *err)
{
	size_t	klen = strlen(key), vlen = strlen(value);
	size_t	mark = b->len, i;

	if (!sh_id_valid(key, klen, SH_MINISIGN_TC_KEY_MAX))
		return sh_errf(err, "trusted comment: invalid key \"%.40s\"",
		    key);
	if (!tc_value_valid(value, vlen) || memchr(value, '\t', vlen) != NULL)
		return sh_errf(err, "trusted comment: field \"%s\": value is "
		    "not one line of text", key);
	/* Refuse a key already present, so the result always parses. */
	for (i = 0; i < b->len; ) {
		const unsigned char *f = b->data + i, *t, *c;

		t = memchr(f, '\t', b->len - i);
		c = memchr(f, ':', (size_t)((t ? t : b->data + b->len) - f));
		if (c != NULL && (size_t)(c - f) == klen &&
		    memcmp(f, key, klen) == 0)
			return sh_errf(err, "trusted comment: field \"%s\" "
			    "given twice", key);
		if (t == NULL)
			break;
		i = (size_t)(t - b->data) + 1;
	}
	if ((b->len > 0 && sh_buf_append(b, "\t", 1) != 0) ||
	    sh_buf_printf(b, "%s:%s", key, value) != 0) {
		b->len = mark;
		return sh_errf(err, "out of memory");
	}
	if (b->len > SH_MINISIGN_TC_MAX) {
		b->len = mark;
		if (b->data != NULL)
			b->data[mark] = '\0';
		return sh_errf(err, "trusted comment: longer than %d bytes",
		    SH_MINISIGN_TC_MAX);
	}
	return 0;
}
