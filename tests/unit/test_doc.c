/*
 * format/doc: a proposal document as text, in memory: UTF-8 and CP932
 * text, escapes neutralised, PDF through pdftotext on pipes with its
 * pages kept apart, and the limits on the extractor (time, output, a
 * missing one). format/pdf makes the PDFs.
 */
#define _GNU_SOURCE
#include <locale.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "testutil.h"
#include <sodium.h>

#include "base/text.h"
#include "format/doc.h"
#include "format/pdf.h"

static const char *const pdf_pages[] = {
	"構想調書\n広域分散地域における遠隔授業配信センターの構築\n",
	"第2頁\n探究学習の評価にはルーブリックを用います。\n",
	"第3頁\n成果指標 KPI\n",
};

static void
make_pdf(struct sh_buf *b)
{
	struct sh_err err;

	sh_buf_init(b, false);
	if (sh_pdf_write(pdf_pages, 3, "構想調書", b, &err) != 0)
		fail_msg("pdf: %s", err.msg);
}

static bool
page_has(const struct sh_doc_text *d, size_t i, const char *s)
{
	size_t		 len;
	const char	*p = sh_doc_page(d, i, &len);

	return memmem(p, len, s, strlen(s)) != NULL;
}

/* An executable script in the test's directory, for the extractor. */
static char *
script(const char *dir, const char *name, const char *body)
{
	char *path;

	if (asprintf(&path, "%s/%s", dir, name) == -1)
		fail_msg("out of memory");
	tu_write(path, body, strlen(body));
	chmod(path, 0700);
	return path;
}

static void
utf8_text_with_pages_and_escapes(void **state)
{
	const char	*t = "第一頁\x1b]0;pwned\x07 \x1b[2Jclear\r\n\f二頁目\n";
	struct sh_doc_text d;
	struct sh_err	 err;
	size_t		 len;
	const char	*p;

	sh_doc_text_init(&d);
	assert_int_equal(sh_doc_extract("a.txt", t, strlen(t), NULL, &d,
	    &err), 0);
	assert_int_equal(d.type, SH_DOC_TEXT);
	assert_int_equal(d.encoding, SH_DOC_UTF8);
	assert_int_equal(d.npages, 2);
	p = sh_doc_page(&d, 0, &len);
	assert_null(memchr(p, '\x1b', len));
	assert_null(memchr(p, '\x07', len));
	assert_null(memchr(p, '\r', len));
	assert_true(page_has(&d, 0, "第一頁"));
	assert_true(page_has(&d, 0, "clear\n"));
	assert_true(page_has(&d, 1, "二頁目"));
	assert_int_equal(sh_doc_page_of(&d, d.page[1] + 1), 1);
	assert_true(d.text.secret);
	sh_doc_text_free(&d);
}

static void
cp932_is_converted(void **state)
{
	/* 審査 ｶﾅ ① in CP932: ① (0x8740) is a NEC extension, not in
	 * plain Shift_JIS, and the half-width kana are one byte. */
	const char	*t = "\x90\x52\x8d\xb8 \xb6\xc5 \x87\x40\n";
	struct sh_doc_text d;
	struct sh_err	 err;

	sh_doc_text_init(&d);
	assert_int_equal(sh_doc_extract("b.txt", t, strlen(t), NULL, &d,
	    &err), 0);
	assert_int_equal(d.encoding, SH_DOC_CP932);
	assert_string_equal((char *)d.text.data, "審査 ｶﾅ ①\n");
	sh_doc_text_free(&d);

	/* Neither UTF-8 nor CP932: shown, the bad bytes replaced. */
	sh_doc_text_init(&d);
	assert_int_equal(sh_doc_extract("c.txt", "ok\x81\x7f", 4, NULL, &d,
	    &err), 0);
	assert_int_equal(d.encoding, SH_DOC_LOSSY);
	assert_true(sh_utf8_valid((char *)d.text.data, d.text.len));
	sh_doc_text_free(&d);
}

static void
types_by_magic_and_name(void **state)
{
	static const char docx[] = "PK\003\004....word/document.xml";
	struct sh_doc_text d;
	struct sh_err	 err;

	assert_int_equal(sh_doc_type("x.bin", "%PDF-1.4", 8), SH_DOC_PDF);
	assert_int_equal(sh_doc_type("x", docx, sizeof(docx) - 1),
	    SH_DOC_DOCX);
	assert_int_equal(sh_doc_type("x.xlsx", "PK\003\004", 4),
	    SH_DOC_XLSX);
	assert_int_equal(sh_doc_type("x", "\x89PNG\r\n\x1a\n", 8),
	    SH_DOC_IMAGE);
	assert_int_equal(sh_doc_type("x.doc", "hello", 5), SH_DOC_OLE);
	assert_int_equal(sh_doc_type("x", "a\0b", 3), SH_DOC_BINARY);
	assert_int_equal(sh_doc_type("x.md", "# 見出し", 10), SH_DOC_TEXT);

	sh_doc_text_init(&d);
	assert_int_equal(sh_doc_extract("計画.docx", "PK\003\004word/", 9,
	    NULL, &d, &err), -1);
	assert_int_equal(d.type, SH_DOC_DOCX);
	assert_int_equal(d.npages, 0);
	assert_non_null(strstr(err.msg, "計画.docx: a Word document (docx)"));
	sh_doc_text_free(&d);
}

static void
too_much_text_is_refused(void **state)
{
	struct sh_doc_opts	 o = { .max_text = 100 };
	struct sh_doc_text	 d;
	struct sh_err		 err;
	char			 big[101];

	memset(big, 'a', sizeof(big));
	sh_doc_text_init(&d);
	assert_int_equal(sh_doc_extract("big.txt", big, sizeof(big), &o, &d,
	    &err), -1);
	assert_non_null(strstr(err.msg, "big.txt: more than 100 bytes"));
	assert_int_equal(d.npages, 0);
	sh_doc_text_free(&d);
}

static void
pdf_pages_come_back(void **state)
{
	struct sh_doc_text	 d;
	struct sh_buf		 pdf;
	struct sh_err		 err;

	make_pdf(&pdf);
	sh_doc_text_init(&d);
	if (sh_doc_extract("P01.pdf", pdf.data, pdf.len, NULL, &d, &err) != 0)
		fail_msg("%s", err.msg);
	assert_int_equal(d.type, SH_DOC_PDF);
	assert_int_equal(d.npages, 3);
	assert_true(page_has(&d, 0, "遠隔授業配信センター"));
	assert_true(page_has(&d, 1, "ルーブリック"));
	assert_false(page_has(&d, 0, "ルーブリック"));
	assert_true(page_has(&d, 2, "KPI"));
	sh_doc_text_free(&d);

	/* A damaged PDF: pdftotext's refusal, and nothing shown. */
	pdf.len /= 3;
	sh_doc_text_init(&d);
	assert_int_equal(sh_doc_extract("bad.pdf", pdf.data, pdf.len, NULL,
	    &d, &err), -1);
	assert_non_null(strstr(err.msg, "bad.pdf: pdftotext could not read"));
	sh_doc_text_free(&d);
	sh_buf_free(&pdf);
}

static void
extractor_limits(void **state)
{
	char			*dir = tu_tmpdir("test_doc");
	char			*hang, *flood;
	struct sh_doc_opts	 o = { 0 };
	struct sh_doc_text	 d;
	struct sh_buf		 pdf;
	struct sh_err		 err;

	make_pdf(&pdf);
	/* Hangs without reading, in a child of its own: the group dies. */
	hang = script(dir, "hang", "#!/bin/sh\nsleep 1000\n");
	o.pdftotext = hang;
	o.timeout_ms = 200;
	sh_doc_text_init(&d);
	assert_int_equal(sh_doc_extract("h.pdf", pdf.data, pdf.len, &o, &d,
	    &err), -1);
	assert_non_null(strstr(err.msg, "h.pdf: reading the PDF took longer "
	    "than 1 seconds; pdftotext was stopped"));
	sh_doc_text_free(&d);

	/* Writes without end: stopped at the output limit. */
	flood = script(dir, "flood", "#!/bin/sh\ncat >/dev/null\n"
	    "exec yes 構想調書\n");
	o.pdftotext = flood;
	o.timeout_ms = 60000;
	o.max_text = 100000;
	sh_doc_text_init(&d);
	assert_int_equal(sh_doc_extract("f.pdf", pdf.data, pdf.len, &o, &d,
	    &err), -1);
	assert_non_null(strstr(err.msg, "f.pdf: more than 100000 bytes"));
	sh_doc_text_free(&d);

	/* Missing: how to install it. */
	o.pdftotext = "/nonexistent/pdftotext";
	sh_doc_text_init(&d);
	assert_int_equal(sh_doc_extract("m.pdf", pdf.data, pdf.len, &o, &d,
	    &err), -1);
	assert_non_null(strstr(err.msg, "m.pdf: pdftotext is not installed: "
	    "install poppler-utils (sudo apt-get install poppler-utils)"));
	sh_doc_text_free(&d);
	o.pdftotext = "shinsa-no-such-pdftotext";
	sh_doc_text_init(&d);
	assert_int_equal(sh_doc_extract("m.pdf", pdf.data, pdf.len, &o, &d,
	    &err), -1);
	assert_non_null(strstr(err.msg, "poppler-utils"));
	sh_doc_text_free(&d);

	sh_buf_free(&pdf);
	free(hang);
	free(flood);
	free(dir);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(utf8_text_with_pages_and_escapes),
		cmocka_unit_test(cp932_is_converted),
		cmocka_unit_test(types_by_magic_and_name),
		cmocka_unit_test(too_much_text_is_refused),
		cmocka_unit_test(pdf_pages_come_back),
		cmocka_unit_test(extractor_limits),
	};

	setlocale(LC_ALL, "C.UTF-8");
	if (sodium_init() < 0)
		return 1;
	return cmocka_run_group_tests(tests, NULL, NULL);
}
