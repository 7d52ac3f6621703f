/*
 * Proposal facts. Numbers are read and written in the C locale whatever
 * the process locale is, so that a CSV made on one machine reads the same
 * on another (the TUI calls setlocale(LC_ALL, "")).
 */
#include <locale.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "base/text.h"
#include "review/facts.h"

void
sh_facts_init(struct sh_facts *f)
{
	memset(f, 0, sizeof *f);
}

void
sh_facts_free(struct sh_facts *f)
{
	size_t	i;

	for (i = 0; i < f->nnums; i++)
		free(f->nums[i].name);
	for (i = 0; i < f->ncerts; i++)
		free(f->certs[i]);
	free(f->nums);
	free(f->certs);
	memset(f, 0, sizeof *f);
}

static int
check_name(const char *what, const char *s, size_t len, struct sh_err *err)
{
	if (len == 0 || len > SH_FACTS_MAX_NAME)
		return sh_errf(err, "%s must have 1-%d characters", what,
		    SH_FACTS_MAX_NAME);
	if (!sh_id_valid(s, len, SH_FACTS_MAX_NAME))
		return sh_errf(err, "%s \"%.*s\" may only have A-Z a-z "
		    "0-9 . _ -", what, (int)len, s);
	return 0;
}

int
sh_facts_set(struct sh_facts *f, const char *name, double value,
    struct sh_err *err)
{
	struct sh_fact	*n;
	char		*s;

	if (check_name("fact name", name, strlen(name), err) == -1)
		return -1;
	if (strcmp(name, SH_FACTS_CERTS) == 0)
		return sh_errf(err, "fact %s is a list of ids, not a number",
		    name);
	/*
	 * Bounded both ways so that every value has a plain decimal form
	 * of at most 30 decimals that reads back exactly.
	 */
	if (!isfinite(value) || fabs(value) > SH_FACTS_MAX_VALUE ||
	    (value != 0 && fabs(value) < 1 / SH_FACTS_MAX_VALUE))
		return sh_errf(err, "fact %s: not 0 or a number of magnitude "
		    "1e-9 to 1e9", name);
	if (sh_facts_get(f, name, NULL))
		return sh_errf(err, "fact %s given twice", name);
	if (f->nnums >= SH_FACTS_MAX_NUMS)
		return sh_errf(err, "more than %d facts", SH_FACTS_MAX_NUMS);
	if ((s = strdup(name)) == NULL)
		return sh_errf(err, "out of memory");
	if ((n = realloc(f->nums, (f->nnums + 1) * sizeof *n)) == NULL) {
		free(s);
		return sh_errf(err, "out of memory");
	}
	f->nums = n;
	n[f->nnums].name = s;
	n[f->nnums].value = value;
	f->nnums++;
	return 0;
}

int
sh_facts_add_cert(struct sh_facts *f, const char *id, struct sh_err *err)
{
	char	**c, *s;

	if (check_name("certification id", id, strlen(id), err) == -1)
		return -1;
	if (sh_facts_has_cert(f, id))
		return sh_errf(err, "certification %s given twice", id);
	if (f->ncerts >= SH_FACTS_MAX_CERTS)
		return sh_errf(err, "more than %d certifications",
		    SH_FACTS_MAX_CERTS);
	if ((s = strdup(id)) == NULL)
		return sh_errf(err, "out of memory");
	if ((c = realloc(f->certs, (f->ncerts + 1) * sizeof *c)) == NULL) {
		free(s);
		return sh_errf(err, "out of memory");
	}
	f->certs = c;
	c[f->ncerts++] = s;
	return 0;
}

bool
sh_facts_get(const struct sh_facts *f, const char *name, double *value)
{
	size_t	i;

	for (i = 0; i < f->nnums; i++)
		if (strcmp(f->nums[i].name, name) == 0) {
			if (value != NULL)
				*value = f->nums[i].value;
			return true;
		}
	return false;
}

bool
sh_facts_has_cert(const struct sh_facts *f, const char *id)
{
	size_t	i;

	for (i = 0; i < f->ncerts; i++)
		if (strcmp(f->certs[i], id) == 0)
			return true;
	return false;
}

/* Parse into a fresh set, then swap: a failed parse changes nothing. */
static void
facts_replace(struct sh_facts *f, struct sh_facts *n)
{
	sh_facts_free(f);
	*f = *n;
}

int
sh_facts_from_json(struct sh_facts *f, const json_t *obj, struct sh_err *err)
{
	struct sh_facts	 n;
	const char	*key;
	json_t		*v, *c;
	size_t		 i;

	if (!json_is_object(obj))
		return sh_errf(err, "facts must be a JSON object");
	sh_facts_init(&n);
	json_object_foreach((json_t *)obj, key, v) {
		if (strcmp(key, SH_FACTS_CERTS) == 0) {
			if (!json_is_array(v)) {
				sh_errf(err, "facts: %s must be an array of "
				    "ids", key);
				goto fail;
			}
			json_array_foreach(v, i, c) {
				if (!json_is_string(c)) {
					sh_errf(err, "facts: %s must be an "
					    "array of ids", key);
					goto fail;
				}
				if (sh_facts_add_cert(&n, json_string_value(c),
				    err) == -1)
					goto fail;
			}
			continue;
		}
		if (!json_is_number(v)) {
			sh_errf(err, "facts: %.64s must be a number", key);
			goto fail;
		}
		if (sh_facts_set(&n, key, json_number_value(v), err) == -1)
			goto fail;
	}
	facts_replace(f, &n);
	return 0;
fail:
	sh_err_prefix(err, "facts");
	sh_facts_free(&n);
	return -1;
}

json_t *
sh_facts_to_json(const struct sh_facts *f)
{
	json_t	*o, *a;
	size_t	 i;

	if ((o = json_object()) == NULL)
		return NULL;
	for (i = 0; i < f->nnums; i++)
		if (json_object_set_new(o, f->nums[i].name,
		    json_real(f->nums[i].value)) == -1)
			goto fail;
	if ((a = json_array()) == NULL ||
	    json_object_set_new(o, SH_FACTS_CERTS, a) == -1)
		goto fail;
	for (i = 0; i < f->ncerts; i++)
		if (json_array_append_new(a, json_string(f->certs[i])) == -1)
			goto fail;
	return o;
fail:
	json_decref(o);
	return NULL;
}

static bool
is_space(char c)
{
	return c == ' ' || c == '\t';
}

/* A plain decimal, read in the C locale: -?digits[.digits]. */
static int
parse_number(const char *name, const char *s, size_t len, double *out,
    struct sh_err *err)
{
	char		 buf[64], *end;
	size_t		 i, digits = 0, dots = 0;
	locale_t	 c, old;

	if (len == 0 || len >= sizeof buf)
		return sh_errf(err, "fact %s: \"%.*s\" is not a number", name,
		    (int)(len > 32 ? 32 : len), s);
	for (i = 0; i < len; i++) {
		if (s[i] >= '0' && s[i] <= '9')
			digits++;
		else if (s[i] == '.')
			dots++;
		else if (!(s[i] == '-' && i == 0))
			break;
	}
	if (i != len || digits == 0 || dots > 1)
		return sh_errf(err, "fact %s: \"%.*s\" is not a plain decimal "
		    "number", name, (int)len, s);
	memcpy(buf, s, len);
	buf[len] = '\0';
	if ((c = newlocale(LC_NUMERIC_MASK, "C", (locale_t)0)) == (locale_t)0)
		return sh_errf(err, "cannot make the C locale");
	old = uselocale(c);
	*out = strtod(buf, &end);
	uselocale(old);
	freelocale(c);
	if (*end != '\0' || !isfinite(*out))
		return sh_errf(err, "fact %s: \"%s\" is not a number", name,
		    buf);
	return 0;
}

int
sh_facts_parse(struct sh_facts *f, const char *s, size_t len,
    struct sh_err *err)
{
	struct sh_facts	 n;
	const char	*p, *end, *seg, *eq, *k, *ke, *v, *ve, *w;
	char		 name[SH_FACTS_MAX_NAME + 1], id[SH_FACTS_MAX_NAME + 1];
	double		 x = 0;

	if (len == 0) {
		sh_facts_free(f);	/* s may be NULL */
		return 0;
	}
	if (len > SH_FACTS_MAX_TEXT)
		return sh_errf(err, "facts: longer than %d bytes",
		    SH_FACTS_MAX_TEXT);
	if (memchr(s, '\0', len) != NULL)
		return sh_errf(err, "facts: contains NUL");
	sh_facts_init(&n);
	p = s;
	end = s + len;
	while (p < end) {
		seg = p;
		while (p < end && *p != ';')
			p++;
		k = seg;
		ve = p;
		if (p < end)
			p++;
		while (k < ve && is_space(*k))
			k++;
		while (ve > k && is_space(ve[-1]))
			ve--;
		if (k == ve)
			continue;	/* empty segment, "a=1;" */
		if ((eq = memchr(k, '=', (size_t)(ve - k))) == NULL) {
			sh_errf(err, "facts: \"%.*s\" is not name=value",
			    (int)(ve - k > 64 ? 64 : ve - k), k);
			goto fail;
		}
		ke = eq;
		while (ke > k && is_space(ke[-1]))
			ke--;
		v = eq + 1;
		while (v < ve && is_space(*v))
			v++;
		if (check_name("facts: name", k, (size_t)(ke - k), err) == -1)
			goto fail;
		memcpy(name, k, (size_t)(ke - k));
		name[ke - k] = '\0';
		if (strcmp(name, SH_FACTS_CERTS) == 0) {
			while (v < ve) {
				w = v;
				while (w < ve && !is_space(*w))
					w++;
				if (check_name("facts: certification id", v,
				    (size_t)(w - v), err) == -1)
					goto fail;
				memcpy(id, v, (size_t)(w - v));
				id[w - v] = '\0';
				if (sh_facts_add_cert(&n, id, err) == -1)
					goto fail;
				v = w;
				while (v < ve && is_space(*v))
					v++;
			}
			continue;
		}
		if (parse_number(name, v, (size_t)(ve - v), &x, err) == -1 ||
		    sh_facts_set(&n, name, x, err) == -1)
			goto fail;
	}
	facts_replace(f, &n);
	return 0;
fail:
	sh_facts_free(&n);
	return -1;
}

int
sh_facts_format(const struct sh_facts *f, struct sh_buf *out)
{
	char		 num[64];
	size_t		 i;
	int		 prec;
	double		 back;
	locale_t	 c, old;

	if ((c = newlocale(LC_NUMERIC_MASK, "C", (locale_t)0)) == (locale_t)0)
		return -1;
	old = uselocale(c);
	for (i = 0; i < f->nnums; i++) {
		/* Plain decimals (the parser takes no exponent), shortest. */
		for (prec = 0; prec <= 30; prec++) {
			snprintf(num, sizeof num, "%.*f", prec,
			    f->nums[i].value);
			back = strtod(num, NULL);
			if (back == f->nums[i].value)
				break;
		}
		if (sh_buf_printf(out, "%s%s=%s", i > 0 ? ";" : "",
		    f->nums[i].name, num) == -1)
			goto fail;
	}
	if (f->ncerts > 0 && sh_buf_printf(out, "%s%s=", f->nnums > 0 ?
	    ";" : "", SH_FACTS_CERTS) == -1)
		goto fail;
	for (i = 0; i < f->ncerts; i++)
		if (sh_buf_printf(out, "%s%s", i > 0 ? " " : "",
		    f->certs[i]) == -1)
			goto fail;
	uselocale(old);
	freelocale(c);
	return 0;
fail:
	uselocale(old);
	freelocale(c);
	return -1;
}
