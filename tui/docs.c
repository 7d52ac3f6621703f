/* The docs command; see docs.h. */
#include <inttypes.h>
#include <stdlib.h>
#include <string.h>

#include "base/text.h"
#include "docs.h"
#include "format/doc.h"

static int
find_prop(const struct ws *ws, const char *id, size_t *i, struct sh_err *err)
{
	for (*i = 0; *i < ws->nprops; (*i)++)
		if (strcmp(ws->props[*i].id, id) == 0)
			return 0;
	return sh_errf(err, "no proposal %s in round %s", id, ws->round_id);
}

/* The document's text; -1 with err when it is not shown as text. */
static int
extract(const struct ws *ws, const struct sh_package_doc *d,
    struct sh_doc_text *t, struct sh_err *err)
{
	const struct sh_buf	*b = ws_doc_bytes(ws, d);
	struct sh_doc_opts	 o;

	memset(&o, 0, sizeof(o));
	o.pdftotext = getenv("SHINSA_PDFTOTEXT");
	sh_doc_text_init(t);
	if (b == NULL)
		return sh_errf(err, "%s: the package holds no copy of this "
		    "document", d->name);
	return sh_doc_extract(d->name, b->data, b->len, &o, t, err);
}

static void
put_clean(FILE *out, const char *s)
{
	struct sh_buf b;

	/* One line, tabs made spaces: a name cannot shift the columns. */
	sh_buf_init(&b, false);
	if (sh_text_sanitize(&b, s, strlen(s), false) == 0)
		fputs((char *)b.data, out);
	sh_buf_free(&b);
}

int
docs_list(const struct ws *ws, const char *prop, FILE *out,
    struct sh_err *err)
{
	const struct sh_package_doc	*d;
	struct sh_doc_text		 t;
	struct sh_err			 e2;
	size_t				 i, j, n, from = 0, to = ws->nprops;

	if (prop != NULL) {
		if (find_prop(ws, prop, &from, err) != 0)
			return -1;
		to = from + 1;
	}
	for (i = from; i < to; i++) {
		d = ws_docs(ws, i, &n);
		for (j = 0; j < n; j++) {
			put_clean(out, ws->props[i].id);
			fprintf(out, "\t%zu\t", j + 1);
			put_clean(out, d[j].name);
			if (extract(ws, &d[j], &t, &e2) == 0)
				fprintf(out, "\t%s\t%" PRIu64 "\t%zu\n",
				    sh_doc_type_name(t.type), d[j].size,
				    t.npages);
			else
				fprintf(out, "\t%s\t%" PRIu64 "\t%s\n",
				    sh_doc_type_name(t.type), d[j].size,
				    sh_doc_type_readable(t.type) ? "?" : "-");
			sh_doc_text_free(&t);
		}
	}
	if (fflush(out) != 0 || ferror(out))
		return sh_errf(err, "stdout: write failed");
	return 0;
}

int
docs_write(const struct ws *ws, const char *prop, const char *num,
    FILE *out, struct sh_err *err)
{
	const struct sh_package_doc	*d;
	struct sh_doc_text		 t;
	const char			*p;
	char				*end;
	unsigned long			 k;
	size_t				 i, n, len;
	int				 r = 0;

	if (find_prop(ws, prop, &i, err) != 0)
		return -1;
	d = ws_docs(ws, i, &n);
	k = strtoul(num, &end, 10);
	if (*num == '\0' || *end != '\0' || k < 1 || k > n)
		return sh_errf(err, "%s: no document %s: it has %zu", prop,
		    num, n);
	if (extract(ws, &d[k - 1], &t, err) != 0) {
		sh_doc_text_free(&t);
		return -1;
	}
	for (i = 0; i < t.npages; i++) {
		p = sh_doc_page(&t, i, &len);
		if ((i > 0 && fputc('\f', out) == EOF) ||
		    fwrite(p, 1, len, out) != len)
			break;
	}
	if (fflush(out) != 0 || ferror(out))
		r = sh_errf(err, "stdout: write failed");
	sh_doc_text_free(&t);
	return r;
}
