/*
 * CSV in and out, for the secretariat's imports (proposals, reviewers,
 * assignments) and reports.
 *
 * Reading: RFC 4180 — comma separated, fields optionally in double
 * quotes with "" for a quote, quoted fields may hold commas and line
 * breaks; records end in CRLF or LF. Input must be UTF-8 (an optional
 * BOM is skipped); NUL, a bare CR outside quotes, a quote inside an
 * unquoted field, text after a closing quote and an unterminated quote
 * are refused. Blank lines are skipped. The first record is the header;
 * every record must have as many fields as the header. Limits on line
 * length, fields per record and records are explicit, and every error
 * names the file, line and column (1-based field number):
 *
 *	proposals.csv:14:3: prefecture 48 not in 01–47
 *
 * A failed parse returns -1 and leaves *out empty.
 *
 * Writing: fields are quoted when they hold a comma, quote, CR or LF;
 * records end in CRLF (what spreadsheets expect). A cell that a
 * spreadsheet would run as a formula — one starting with = + - @ TAB or
 * CR — gets a leading apostrophe, except a plain decimal number such as
 * -3.5, which a spreadsheet reads as a number.
 *
 * Ownership: struct sh_csv owns all its rows and fields; sh_csv_free
 * releases them.
 */
#ifndef SHINSA_STORE_CSV_H
#define SHINSA_STORE_CSV_H

#include <stdbool.h>
#include <stddef.h>

#include "base/buf.h"
#include "base/err.h"

struct sh_csv_limits {
	size_t	max_line;	/* bytes in one physical line */
	size_t	max_fields;	/* fields in one record */
	size_t	max_rows;	/* records, header included */
};
/* 64 KiB lines, 256 fields, 100,000 records. */
extern const struct sh_csv_limits sh_csv_default_limits;

struct sh_csv_row {
	char	**fields;	/* NUL-terminated UTF-8 */
	size_t	  nfields;
	size_t	  line;		/* line where the record starts */
};

struct sh_csv {
	char			*name;	/* for messages */
	struct sh_csv_row	*rows;	/* rows[0] is the header */
	size_t			 nrows;
};

int	sh_csv_parse(const char *name, const char *data, size_t len,
	    const struct sh_csv_limits *lim, struct sh_csv *out,
	    struct sh_err *err);
void	sh_csv_free(struct sh_csv *);

/*
 * Renames header columns from another name to the one the import reads:
 * pairs is { "構想ID", "id", "構想名", "title", ..., NULL }, so a
 * header in Japanese reads as the English one, and messages name the
 * English column. -1 when out of memory.
 */
int	sh_csv_alias(struct sh_csv *, const char *const *pairs);

/* Index of the header column `name`, or -1. */
int	sh_csv_column(const struct sh_csv *, const char *name);
/*
 * The one rule every import applies to its header: each column must be
 * one it reads, either named in `known` (NULL-terminated) or accepted by
 * extra(name, arg) when extra is not NULL (described in messages as
 * extra_what, e.g. "a fact of rubric kakine-2024"), and appear once. An
 * unknown column is refused rather than ignored, because a misspelt
 * optional one ("certification") would otherwise drop its data without
 * a word; a column given twice is refused because only one would count.
 * Errors name line 1 and the column:
 *
 *	r.csv:1:4: column "note" is not one of id, name, public_key: remove
 *	it, or correct its name
 */
int	sh_csv_check_header(const struct sh_csv *, const char *const *known,
	    bool (*extra)(const char *, const void *), const void *arg,
	    const char *extra_what, struct sh_err *err);
/*
 * Sets err to "name:line:column: message" for field `col` (0-based) of
 * record `row`; col < 0 leaves out the column. Returns -1.
 */
int	sh_csv_errf(struct sh_err *err, const struct sh_csv *, size_t row,
	    int col, const char *fmt, ...) SH_PRINTF(5, 6);

/* Appends the UTF-8 byte order mark (for spreadsheets that need it). */
int	sh_csv_write_bom(struct sh_buf *out);
/* Appends one record of n cells and CRLF. */
int	sh_csv_write_row(struct sh_buf *out, const char *const *cells,
	    size_t n);
/* True when a cell would be neutralised (starts a formula). */
bool	sh_csv_needs_neutralising(const char *cell);

#endif
