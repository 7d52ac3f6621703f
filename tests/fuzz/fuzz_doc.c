/*
 * The document reader's text path (format/doc) on arbitrary bytes:
 * encoding detection (UTF-8, CP932 through iconv, neither), form feeds
 * into pages, sanitising, the size limit. Whatever it accepts is pages
 * of well-formed UTF-8 with no control character but '\n', in order,
 * covering the text; whatever it refuses leaves nothing and names the
 * document. Inputs that look like a PDF are left out: those go to an
 * external program, which a fuzzer must not start by the thousand.
 */
#include <locale.h>
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include <sodium.h>

#include "base/text.h"
#include "format/doc.h"

int	LLVMFuzzerTestOneInput(const uint8_t *, size_t);

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	static const struct sh_doc_opts o = { .pdftotext = "/nonexistent",
	    .max_text = 1 << 16 };
	struct sh_doc_text	 d;
	struct sh_err		 err;
	const char		*p;
	size_t			 i, j, len;

	if (sodium_init() < 0)
		abort();
	setlocale(LC_CTYPE, "C.UTF-8");
	if (sh_doc_type("f.txt", data, size) != SH_DOC_TEXT)
		return 0;
	sh_doc_text_init(&d);
	if (sh_doc_extract("f.txt", data, size, &o, &d, &err) != 0) {
		if (d.npages != 0 || d.text.len != 0 ||
		    strncmp(err.msg, "f.txt: ", 7) != 0)
			abort();
		return 0;
	}
	if (d.npages == 0 || d.page[0] != 0 || d.type != SH_DOC_TEXT)
		abort();
	for (i = 0; i < d.npages; i++) {
		if (i > 0 && d.page[i] < d.page[i - 1])
			abort();
		p = sh_doc_page(&d, i, &len);
		if (!sh_text_safe(p, len, true) || memchr(p, '\t', len) != NULL)
			abort();
		/* Empty pages share an offset: the last of them holds it. */
		j = sh_doc_page_of(&d, d.page[i]);
		if (j < i || d.page[j] != d.page[i])
			abort();
	}
	/* No form feed in any encoding's bytes, no second page. */
	if (memchr(data, '\f', size) == NULL && d.npages != 1)
		abort();
	sh_doc_text_free(&d);
	return 0;
}
