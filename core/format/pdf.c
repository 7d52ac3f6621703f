/* A minimal PDF writer; see pdf.h. */
#include <stdarg.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "base/text.h"
#include "format/pdf.h"

#define PDF_MAX_PAGES	1000
/* Objects: 1 catalog, 2 pages, 3 font, 4 CIDFont, 5 descriptor,
 * 6 ToUnicode, 7 info, then a page and its contents for each page. */
#define PDF_FIXED	7

struct pdfw {
	struct sh_buf	*out;
	size_t		 base;		/* where the PDF starts in out */
	size_t		*off;		/* offset of each object */
	size_t		 nobj;
	int		 failed;
};

static void
w(struct pdfw *p, const char *fmt, ...) SH_PRINTF(2, 3);

static void
w(struct pdfw *p, const char *fmt, ...)
{
	va_list	ap;
	char	buf[512];
	int	n;

	va_start(ap, fmt);
	n = vsnprintf(buf, sizeof(buf), fmt, ap);
	va_end(ap);
	if (n < 0 || (size_t)n >= sizeof(buf) ||
	    sh_buf_append(p->out, buf, (size_t)n) != 0)
		p->failed = 1;
}

static void
obj(struct pdfw *p, size_t n)
{
	p->off[n] = p->out->len - p->base;
	w(p, "%zu 0 obj\n", n);
}

/* Text as UTF-16BE hex (the UniJIS-UCS2-H codes). */
static void
hex_line(struct sh_buf *s, const char *t, size_t len)
{
	uint32_t	cp;
	size_t		n;
	char		h[8];

	sh_buf_append(s, "<", 1);
	while (len > 0) {
		n = sh_utf8_decode(t, len, &cp);
		t += n;
		len -= n;
		if (cp > 0xFFFF || (cp < 0x20 && cp != '\t'))
			cp = 0x3013;
		if (cp == '\t')
			cp = ' ';
		snprintf(h, sizeof(h), "%04X", (unsigned)cp);
		sh_buf_append(s, h, 4);
	}
	sh_buf_append(s, "> Tj T*\n", 8);
}

static int
contents(const char *page, struct sh_buf *s)
{
	const char	*nl;
	size_t		 n;
	int		 lines = 0;

	sh_buf_append_str(s, "BT\n/F1 11 Tf\n15 TL\n1 0 0 1 60 780 Tm\n");
	while (*page != '\0' && lines < SH_PDF_LINES_PER_PAGE) {
		nl = strchr(page, '\n');
		n = nl != NULL ? (size_t)(nl - page) : strlen(page);
		hex_line(s, page, n);
		page += n + (nl != NULL);
		lines++;
	}
	return sh_buf_append_str(s, "ET\n");
}

static void
tounicode(struct pdfw *p)
{
	struct sh_buf	s;
	unsigned	h;

	/* The codes are UCS-2: each maps to itself. A bfrange may not
	 * cross a change in its first byte, hence one per first byte. */
	sh_buf_init(&s, false);
	sh_buf_append_str(&s, "/CIDInit /ProcSet findresource begin\n"
	    "12 dict begin\nbegincmap\n"
	    "/CIDSystemInfo << /Registry (Adobe) /Ordering (UCS) "
	    "/Supplement 0 >> def\n/CMapName /Adobe-Identity-UCS def\n"
	    "/CMapType 2 def\n1 begincodespacerange\n<0000> <FFFF>\n"
	    "endcodespacerange\n");
	for (h = 0; h < 256; h++) {
		if (h % 100 == 0)
			sh_buf_printf(&s, "%u beginbfrange\n",
			    256 - h < 100 ? 256 - h : 100);
		sh_buf_printf(&s, "<%02X00> <%02XFF> <%02X00>\n", h, h, h);
		if (h % 100 == 99 || h == 255)
			sh_buf_append_str(&s, "endbfrange\n");
	}
	sh_buf_append_str(&s, "endcmap\nCMapName currentdict /CMap "
	    "defineresource pop\nend\nend\n");
	obj(p, 6);
	w(p, "<< /Length %zu >>\nstream\n", s.len);
	sh_buf_append(p->out, s.data, s.len);
	w(p, "endstream\nendobj\n");
	sh_buf_free(&s);
}

/* A PDF string of UTF-16BE with a BOM: any title. */
static void
pdf_text_string(struct pdfw *p, const char *t)
{
	struct sh_buf	s;

	sh_buf_init(&s, false);
	hex_line(&s, t, strlen(t));
	/* hex_line ends with the Tj operator: keep the string only. */
	s.len -= 8;
	w(p, "<FEFF%.*s>", (int)(s.len - 1), (char *)s.data + 1);
	sh_buf_free(&s);
}

int
sh_pdf_write(const char *const *pages, size_t npages, const char *title,
    struct sh_buf *out, struct sh_err *err)
{
	struct pdfw	 p;
	struct sh_buf	 s;
	size_t		 i, xref;

	if (npages == 0 || npages > PDF_MAX_PAGES)
		return sh_errf(err, "PDF: %zu pages: between 1 and %d",
		    npages, PDF_MAX_PAGES);
	memset(&p, 0, sizeof(p));
	p.out = out;
	p.base = out->len;
	p.nobj = PDF_FIXED + 2 * npages + 1;
	if ((p.off = calloc(p.nobj, sizeof(*p.off))) == NULL)
		return sh_errf(err, "out of memory");
	/* A binary comment line tells transfer tools it is not text. */
	w(&p, "%%PDF-1.4\n%%\xE2\xE3\xCF\xD3\n");
	obj(&p, 1);
	w(&p, "<< /Type /Catalog /Pages 2 0 R >>\nendobj\n");
	obj(&p, 2);
	w(&p, "<< /Type /Pages /Count %zu /Kids [", npages);
	for (i = 0; i < npages; i++)
		w(&p, " %zu 0 R", PDF_FIXED + 1 + 2 * i);
	w(&p, " ] >>\nendobj\n");
	obj(&p, 3);
	w(&p, "<< /Type /Font /Subtype /Type0 /BaseFont /HeiseiMin-W3 "
	    "/Encoding /UniJIS-UCS2-H /DescendantFonts [4 0 R] "
	    "/ToUnicode 6 0 R >>\nendobj\n");
	obj(&p, 4);
	/* CIDs 1-95 (ASCII under UniJIS-UCS2-H) are proportional Latin. */
	w(&p, "<< /Type /Font /Subtype /CIDFontType0 /BaseFont "
	    "/HeiseiMin-W3 /CIDSystemInfo << /Registry (Adobe) /Ordering "
	    "(Japan1) /Supplement 2 >> /FontDescriptor 5 0 R /DW 1000 "
	    "/W [1 95 500] >>\nendobj\n");
	obj(&p, 5);
	w(&p, "<< /Type /FontDescriptor /FontName /HeiseiMin-W3 /Flags 6 "
	    "/FontBBox [-123 -257 1001 910] /ItalicAngle 0 /Ascent 880 "
	    "/Descent -120 /CapHeight 700 /StemV 69 >>\nendobj\n");
	tounicode(&p);
	obj(&p, 7);
	w(&p, "<< /Producer (shinsa) /Title ");
	pdf_text_string(&p, title != NULL ? title : "");
	w(&p, " >>\nendobj\n");
	for (i = 0; i < npages; i++) {
		obj(&p, PDF_FIXED + 1 + 2 * i);
		w(&p, "<< /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842] "
		    "/Resources << /Font << /F1 3 0 R >> >> /Contents "
		    "%zu 0 R >>\nendobj\n", PDF_FIXED + 2 + 2 * i);
		sh_buf_init(&s, out->secret);
		if (contents(pages[i], &s) != 0)
			p.failed = 1;
		obj(&p, PDF_FIXED + 2 + 2 * i);
		w(&p, "<< /Length %zu >>\nstream\n", s.len);
		if (sh_buf_append(out, s.data, s.len) != 0)
			p.failed = 1;
		w(&p, "endstream\nendobj\n");
		sh_buf_free(&s);
	}
	xref = out->len - p.base;
	w(&p, "xref\n0 %zu\n0000000000 65535 f \n", p.nobj);
	for (i = 1; i < p.nobj; i++)
		w(&p, "%010zu 00000 n \n", p.off[i]);
	w(&p, "trailer\n<< /Size %zu /Root 1 0 R /Info 7 0 R >>\n"
	    "startxref\n%zu\n%%%%EOF\n", p.nobj, xref);
	free(p.off);
	if (p.failed) {
		out->len = p.base;
		return sh_errf(err, "out of memory");
	}
	return 0;
}
