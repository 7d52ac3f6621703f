/*
 * A minimal PDF writer, for the demo round's proposal documents and for
 * tests of the reader (format/doc.h): pages of plain lines, Japanese
 * included, in no new dependency.
 *
 * The text is set in the standard Adobe-Japan1 CIDFont HeiseiMin-W3 with
 * the UniJIS-UCS2-H CMap, not embedded (every PDF viewer in Japan
 * substitutes a Mincho), and carries a ToUnicode CMap, so that text
 * extraction (pdftotext) gives back exactly the characters written.
 * Characters outside the Basic Multilingual Plane become U+3013 (〓).
 * Streams are not compressed; lines are not wrapped (the caller keeps
 * them short: about 40 full-width characters fit an A4 line).
 */
#ifndef SHINSA_FORMAT_PDF_H
#define SHINSA_FORMAT_PDF_H

#include <stddef.h>

#include "base/buf.h"
#include "base/err.h"

#define SH_PDF_LINES_PER_PAGE	48

/*
 * Appends a PDF of npages A4 pages to out. Page i is the UTF-8 text
 * pages[i], one line per '\n'; more than SH_PDF_LINES_PER_PAGE lines
 * are cut. title goes in the document information (may be NULL).
 */
int	sh_pdf_write(const char *const *pages, size_t npages,
	    const char *title, struct sh_buf *out, struct sh_err *err);

#endif
