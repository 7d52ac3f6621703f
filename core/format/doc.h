/*
 * A proposal document as text a person reads inside the workstation
 * (DESIGN.md §2 rule 11: text extracted in memory, never a file).
 *
 *   text   UTF-8 (.txt, .md, anything without binary bytes) as it is;
 *          Shift_JIS/CP932 (not valid UTF-8, but valid CP932) converted
 *          with iconv(3); anything else shown with U+FFFD for the bytes
 *          that are neither
 *   PDF    poppler's pdftotext, given the bytes on a pipe and read back
 *          on a pipe (`pdftotext -layout -enc UTF-8 - -`), never a file;
 *          the child is killed past a time limit or an output limit
 *   other  docx, xlsx, pptx, legacy Office, images, unknown binary: not
 *          extracted; the error names the type, so the front end can
 *          offer an external viewer
 *
 * Pages are split at form feeds (pdftotext ends each PDF page with
 * one). Every page is sanitised (base/text.h): no control character or
 * escape sequence of a document reaches a terminal; '\n' is kept.
 *
 * Ownership: struct sh_doc_text owns its text, in a secret buffer
 * (proposals are confidential), and its page offsets.
 */
#ifndef SHINSA_FORMAT_DOC_H
#define SHINSA_FORMAT_DOC_H

#include <stdbool.h>
#include <stddef.h>

#include "base/buf.h"
#include "base/err.h"

#define SH_DOC_MAX_TEXT		(16u * 1024 * 1024)	/* bytes of text */
#define SH_DOC_MAX_PAGES	100000
#define SH_DOC_TIMEOUT_MS	30000
#define SH_DOC_PDFTOTEXT	"pdftotext"

enum sh_doc_type {
	SH_DOC_TEXT,
	SH_DOC_PDF,
	SH_DOC_DOCX,
	SH_DOC_XLSX,
	SH_DOC_PPTX,
	SH_DOC_ZIP,		/* another zip container (odt, ...) */
	SH_DOC_OLE,		/* legacy .doc, .xls, .ppt */
	SH_DOC_IMAGE,		/* PNG, JPEG, GIF, TIFF, BMP */
	SH_DOC_BINARY		/* none of those, not text */
};

/* Where the text came from, for the list of documents. */
enum sh_doc_encoding {
	SH_DOC_UTF8,
	SH_DOC_CP932,
	SH_DOC_LOSSY		/* neither: invalid bytes replaced */
};

struct sh_doc_opts {
	const char	*pdftotext;	/* NULL: SH_DOC_PDFTOTEXT on PATH */
	int		 timeout_ms;	/* 0: SH_DOC_TIMEOUT_MS */
	size_t		 max_text;	/* 0: SH_DOC_MAX_TEXT */
};

struct sh_doc_text {
	enum sh_doc_type	 type;
	enum sh_doc_encoding	 encoding;
	struct sh_buf		 text;	/* secret; every page, sanitised */
	size_t			*page;	/* page i is text[page[i]..page[i+1]) */
	size_t			 npages;	/* >= 1 after success */
};

void	sh_doc_text_init(struct sh_doc_text *);
void	sh_doc_text_free(struct sh_doc_text *);
/* Page i (0-based) and its length, without the form feed. */
const char *sh_doc_page(const struct sh_doc_text *, size_t i, size_t *len);
/* The page holding byte offset off of text. */
size_t	sh_doc_page_of(const struct sh_doc_text *, size_t off);

/* The type by magic bytes, then by the name's extension. */
enum sh_doc_type sh_doc_type(const char *name, const void *data, size_t len);
/* A short English name of a type ("PDF", "Word (docx)"); untranslated,
 * for the machine-readable list. */
const char *sh_doc_type_name(enum sh_doc_type);

/*
 * Extracts the text of document `name` (used in messages only) from
 * data[0..len) into out (initialised by the caller; left empty on
 * failure). opts may be NULL. Errors say which document and why:
 *	P01-kousou.pdf: pdftotext is not installed: install poppler-utils
 *	(sudo apt-get install poppler-utils)
 *	P01-plan.docx: a Word document (docx) cannot be shown as text
 * out->type is set in either case, so that a caller can tell a type
 * that is never extracted from a failure.
 */
int	sh_doc_extract(const char *name, const void *data, size_t len,
	    const struct sh_doc_opts *opts, struct sh_doc_text *out,
	    struct sh_err *err);
/* True for the types sh_doc_extract() reads. */
bool	sh_doc_type_readable(enum sh_doc_type);

#endif
