/*
 * RFC 4180 CSV reader and a spreadsheet-safe writer. See csv.h.
 */
#include <errno.h>
#include <iconv.h>
#include <stdarg.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "base/text.h"
#include "store/csv.h"

const struct sh_csv_limits sh_csv_default_limits = {
	.max_line = 64 * 1024,
	.max_fields = 256,
	.max_rows = 100000,
};

struct parser {
	const char			*name;
	const char			*p, *end;
	const struct sh_csv_limits	*lim;
	size_t				 line;		/* current line */
	const char			*line_start;
	struct sh_err			*err;
};

static int
perr(struct parser *ps, size_t line, size_t col, const char *what)
{
	if (col > 0)
		return sh_errf(ps->err, "%s:%zu:%zu: %s", ps->name, line, col,
		    what);
	return sh_errf(ps->err, "%s:%zu: %s", ps->name, line, what);
}

static void
row_free(struct sh_csv_row *r)
{
	size_t i;

	for (i = 0; i < r->nfields; i++)
		free(r->fields[i]);
	free(r->fields);
	r->fields = NULL;
	r->nfields = 0;
}

void
sh_csv_free(struct sh_csv *c)
{
	size_t i;

	for (i = 0; i < c->nrows; i++)
		row_free(&c->rows[i]);
	free(c->rows);
	free(c->name);
	c->rows = NULL;
	c->name = NULL;
	c->nrows = 0;
}

/* Starts a new physical line at p (just past its line break). */
static void
newline(struct parser *ps, const char *p)
{
	ps->line++;
	ps->line_start = p;
}

static int
check_line_length(struct parser *ps, const char *p, size_t col)
{
	if ((size_t)(p - ps->line_start) > ps->lim->max_line) {
		char msg[96];

		snprintf(msg, sizeof msg, "line longer than %zu bytes",
		    ps->lim->max_line);
		return perr(ps, ps->line, col, msg);
	}
	return 0;
}

static int
add_field(struct parser *ps, struct sh_csv_row *row, struct sh_buf *b,
    size_t line)
{
	char	**f;
	char	 *s;

	if (row->nfields >= ps->lim->max_fields) {
		char msg[96];

		snprintf(msg, sizeof msg, "more than %zu fields",
		    ps->lim->max_fields);
		return perr(ps, line, row->nfields + 1, msg);
	}
	if (!sh_utf8_valid((const char *)b->data, b->len))
		return perr(ps, line, row->nfields + 1, "not valid UTF-8");
	if ((s = malloc(b->len + 1)) == NULL)
		return sh_errf(ps->err, "out of memory");
	if (b->len > 0)
		memcpy(s, b->data, b->len);
	s[b->len] = '\0';
	if ((f = realloc(row->fields, (row->nfields + 1) * sizeof *f)) == NULL) {
		free(s);
		return sh_errf(ps->err, "out of memory");
	}
	row->fields = f;
	row->fields[row->nfields++] = s;
	b->len = 0;
	return 0;
}

/*
 * Parses one record starting at ps->p. Returns 1 for a record, 0 at the
 * end of input, -1 on error. A blank line yields a record of one empty
 * field, which the caller skips.
 */
static int
parse_record(struct parser *ps, struct sh_csv_row *row, struct sh_buf *b)
{
	const char	*p = ps->p;
	size_t		 qline;

	if (p >= ps->end)
		return 0;
	row->line = ps->line;
	for (;;) {
		/* One field. */
		b->len = 0;
		if (p < ps->end && *p == '"') {
			qline = ps->line;
			p++;
			for (;;) {
				if (p >= ps->end)
					return perr(ps, qline,
					    row->nfields + 1,
					    "quoted field not closed");
				if (*p == '"') {
					if (p + 1 < ps->end && p[1] == '"') {
						if (sh_buf_append(b, "\"", 1))
							goto oom;
						p += 2;
						continue;
					}
					p++;
					break;
				}
				if (*p == '\0')
					return perr(ps, ps->line,
					    row->nfields + 1, "NUL byte");
				if (*p == '\n') {
					if (sh_buf_append(b, p, 1))
						goto oom;
					p++;
					newline(ps, p);
					continue;
				}
				if (sh_buf_append(b, p, 1))
					goto oom;
				p++;
				if (check_line_length(ps, p, row->nfields + 1))
					return -1;
			}
		} else {
			while (p < ps->end && *p != ',' && *p != '\n' &&
			    *p != '\r') {
				if (*p == '"')
					return perr(ps, ps->line,
					    row->nfields + 1,
					    "quote inside an unquoted field");
				if (*p == '\0')
					return perr(ps, ps->line,
					    row->nfields + 1, "NUL byte");
				if (sh_buf_append(b, p, 1))
					goto oom;
				p++;
			}
		}
		if (check_line_length(ps, p, row->nfields + 1))
			return -1;
		if (add_field(ps, row, b, ps->line) == -1)
			return -1;
		/* What ends the field. */
		if (p >= ps->end) {
			ps->p = p;
			return 1;
		}
		if (*p == ',') {
			p++;
			continue;
		}
		if (*p == '\r') {
			if (p + 1 < ps->end && p[1] == '\n') {
				p += 2;
				newline(ps, p);
				ps->p = p;
				return 1;
			}
			return perr(ps, ps->line, row->nfields,
			    "bare CR (records end in CRLF or LF)");
		}
		if (*p == '\n') {
			p++;
			newline(ps, p);
			ps->p = p;
			return 1;
		}
		/* Only reachable after a closing quote. */
		return perr(ps, ps->line, row->nfields,
		    "text after a closing quote");
	}
oom:
	return sh_errf(ps->err, "out of memory");
}

/*
 * Excel in a Japanese office saves CSV as CP932 (Shift_JIS with
 * Microsoft's extensions). A file that is not UTF-8 but converts whole
 * from CP932 is read as that; one that is neither is left as it is, for
 * the parser to refuse at the first bad field with its line. CP932
 * never uses a byte below 0x40 as a second byte, so quotes, commas and
 * line ends stay where they were and messages keep their line numbers.
 * Returns 1 with the text in *u8, 0 when data is to be read as it is,
 * -1 when out of memory.
 */
static int
from_cp932(const char *data, size_t len, struct sh_buf *u8)
{
	iconv_t	 cd;
	char	*in = (char *)data, *o;
	size_t	 inleft = len, outleft, r;

	if (sh_utf8_valid(data, len))
		return 0;
	/* One byte (a half-width katakana) becomes at most three. */
	if (len > (SIZE_MAX - 1) / 3 || sh_buf_reserve(u8, 3 * len + 1) != 0)
		return -1;
	if ((cd = iconv_open("UTF-8", "CP932")) == (iconv_t)-1)
		return 0;
	o = (char *)u8->data;
	outleft = u8->cap;
	r = iconv(cd, &in, &inleft, &o, &outleft);
	iconv_close(cd);
	if (r == (size_t)-1 || inleft != 0)
		return 0;
	u8->len = (size_t)(o - (char *)u8->data);
	return 1;
}

int
sh_csv_parse(const char *name, const char *data, size_t len,
    const struct sh_csv_limits *lim, struct sh_csv *out, struct sh_err *err)
{
	struct parser		 ps;
	struct sh_buf		 b, u8;
	struct sh_csv_row	 row, *rows;
	int			 rc;

	memset(out, 0, sizeof *out);
	if (lim == NULL)
		lim = &sh_csv_default_limits;
	sh_buf_init(&u8, false);
	switch (from_cp932(data, len, &u8)) {
	case -1:
		sh_buf_free(&u8);
		return sh_errf(err, "out of memory");
	case 1:
		data = (const char *)u8.data;
		len = u8.len;
		break;
	}
	if ((out->name = strdup(name)) == NULL) {
		sh_buf_free(&u8);
		return sh_errf(err, "out of memory");
	}
	ps.name = name;
	ps.p = data;
	ps.end = data + len;
	ps.lim = lim;
	ps.line = 1;
	ps.err = err;
	if (len >= 3 && memcmp(data, "\xef\xbb\xbf", 3) == 0)
		ps.p += 3;
	ps.line_start = ps.p;
	sh_buf_init(&b, false);
	for (;;) {
		memset(&row, 0, sizeof row);
		if ((rc = parse_record(&ps, &row, &b)) <= 0) {
			row_free(&row);
			break;
		}
		if (row.nfields == 1 && row.fields[0][0] == '\0') {
			row_free(&row);	/* blank line */
			continue;
		}
		if (out->nrows > 0 && row.nfields != out->rows[0].nfields) {
			char msg[128];

			snprintf(msg, sizeof msg, "%zu fields where the header "
			    "has %zu", row.nfields, out->rows[0].nfields);
			perr(&ps, row.line, 0, msg);
			row_free(&row);
			rc = -1;
			break;
		}
		if (out->nrows >= lim->max_rows) {
			char msg[96];

			snprintf(msg, sizeof msg, "more than %zu records",
			    lim->max_rows);
			perr(&ps, row.line, 0, msg);
			row_free(&row);
			rc = -1;
			break;
		}
		if ((rows = realloc(out->rows, (out->nrows + 1) *
		    sizeof *rows)) == NULL) {
			row_free(&row);
			sh_errf(err, "out of memory");
			rc = -1;
			break;
		}
		out->rows = rows;
		out->rows[out->nrows++] = row;
	}
	sh_buf_free(&b);
	sh_buf_free(&u8);
	if (rc == 0 && out->nrows == 0) {
		sh_errf(err, "%s: empty (no header)", name);
		rc = -1;
	}
	if (rc == -1) {
		sh_csv_free(out);
		return -1;
	}
	return 0;
}

int
sh_csv_alias(struct sh_csv *c, const char *const *pairs)
{
	char	**h;
	char	 *en;
	size_t	  i, k;

	if (c->nrows == 0)
		return 0;
	h = c->rows[0].fields;
	for (i = 0; i < c->rows[0].nfields; i++)
		for (k = 0; pairs[k] != NULL && pairs[k + 1] != NULL; k += 2) {
			if (strcmp(h[i], pairs[k]) != 0)
				continue;
			if ((en = strdup(pairs[k + 1])) == NULL)
				return -1;
			free(h[i]);
			h[i] = en;
			break;
		}
	return 0;
}

int
sh_csv_column(const struct sh_csv *c, const char *name)
{
	size_t i;

	if (c->nrows == 0)
		return -1;
	for (i = 0; i < c->rows[0].nfields; i++)
		if (strcmp(c->rows[0].fields[i], name) == 0)
			return (int)i;
	return -1;
}

/* Is name one of the NULL-terminated list, or accepted by extra? */
static bool
header_known(const char *name, const char *const *known,
    bool (*extra)(const char *, const void *), const void *arg)
{
	for (; *known != NULL; known++)
		if (strcmp(*known, name) == 0)
			return true;
	return extra != NULL && extra(name, arg);
}

int
sh_csv_check_header(const struct sh_csv *c, const char *const *known,
    bool (*extra)(const char *, const void *), const void *arg,
    const char *extra_what, struct sh_err *err)
{
	char		 list[512];
	const char	*const *k;
	char		**h;
	size_t		 i, j, n;

	if (c->nrows == 0)
		return sh_errf(err, "%s: empty (no header)", c->name);
	h = c->rows[0].fields;
	n = c->rows[0].nfields;
	list[0] = '\0';
	for (k = known; *k != NULL; k++)
		snprintf(list + strlen(list), sizeof list - strlen(list),
		    "%s%s", k == known ? "" : ", ", *k);
	if (extra_what != NULL)
		snprintf(list + strlen(list), sizeof list - strlen(list),
		    ", or %s", extra_what);
	for (i = 0; i < n; i++) {
		if (h[i][0] == '\0')
			return sh_csv_errf(err, c, 0, (int)i, "a column with no "
			    "name: every column must be one of %s", list);
		for (j = 0; j < i; j++)
			if (strcmp(h[j], h[i]) == 0)
				return sh_csv_errf(err, c, 0, (int)i, "column "
				    "\"%s\" appears twice (also column %zu): "
				    "which one would count is not clear", h[i],
				    j + 1);
		if (!header_known(h[i], known, extra, arg))
			return sh_csv_errf(err, c, 0, (int)i, "column \"%s\" is "
			    "not one of %s: remove it, or correct its name",
			    h[i], list);
	}
	return 0;
}

int
sh_csv_errf(struct sh_err *err, const struct sh_csv *c, size_t row, int col,
    const char *fmt, ...)
{
	va_list	ap;
	size_t	line = row < c->nrows ? c->rows[row].line : 0;

	/* The format stays the message's key (base/err.h), so that the
	 * programs can say it in the user's language; where is a prefix. */
	va_start(ap, fmt);
	sh_verrf(err, fmt, ap);
	va_end(ap);
	if (col >= 0)
		return sh_err_prefix(err, "%s:%zu:%d", c->name, line, col + 1);
	return sh_err_prefix(err, "%s:%zu", c->name, line);
}

int
sh_csv_write_bom(struct sh_buf *out)
{
	return sh_buf_append(out, "\xef\xbb\xbf", 3);
}

static bool
plain_number(const char *s)
{
	size_t i = 0, digits = 0;

	if (s[i] == '-')
		i++;
	for (; s[i] >= '0' && s[i] <= '9'; i++)
		digits++;
	if (digits == 0)
		return false;
	if (s[i] == '.') {
		i++;
		digits = 0;
		for (; s[i] >= '0' && s[i] <= '9'; i++)
			digits++;
		if (digits == 0)
			return false;
	}
	return s[i] == '\0';
}

bool
sh_csv_needs_neutralising(const char *s)
{
	if (strchr("=+-@\t\r", s[0]) == NULL || s[0] == '\0')
		return false;
	return !plain_number(s);
}

int
sh_csv_write_row(struct sh_buf *out, const char *const *cells, size_t n)
{
	const char	*s;
	size_t		 i;
	bool		 quote;

	for (i = 0; i < n; i++) {
		s = cells[i] ? cells[i] : "";
		if (i > 0 && sh_buf_append(out, ",", 1) != 0)
			return -1;
		quote = strpbrk(s, ",\"\r\n") != NULL;
		if (quote && sh_buf_append(out, "\"", 1) != 0)
			return -1;
		if (sh_csv_needs_neutralising(s) &&
		    sh_buf_append(out, "'", 1) != 0)
			return -1;
		for (; *s != '\0'; s++) {
			if (*s == '"' && sh_buf_append(out, "\"", 1) != 0)
				return -1;
			if (sh_buf_append(out, s, 1) != 0)
				return -1;
		}
		if (quote && sh_buf_append(out, "\"", 1) != 0)
			return -1;
	}
	return sh_buf_append(out, "\r\n", 2);
}
