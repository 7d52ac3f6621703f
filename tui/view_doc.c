/*
 * The document pager: one proposal document's text (format/doc.h),
 * extracted in memory when the view opens and wrapped to the screen's
 * width on every draw. Scroll, page, search with every match
 * highlighted, go to a page. A document that cannot be shown (a Word
 * file, a damaged PDF, no pdftotext) shows why instead, so the
 * workstation goes on working.
 */
#define _GNU_SOURCE
#include <stdlib.h>
#include <string.h>

#include "app.h"
#include "base/text.h"
#include "draw.h"
#include "format/doc.h"
#include "i18n.h"
#include "keymap.h"
#include "layout.h"
#include "msg.h"
#include "viewer.h"
#include "views.h"
#include "xmalloc.h"

#define DOC_MAX_MATCHES	100000

/* One screen line: text[off..off+n) of page `page`, or the rule that
 * opens a page. */
struct dline {
	size_t	off;
	size_t	n;
	size_t	page;
	bool	rule;
};

struct pager {
	const struct sh_package_doc *d;
	const char		*prop;		/* its proposal's id */
	size_t			 index;		/* and its index */
	size_t			 ndoc;		/* the document's index */
	char			*title;		/* proposal id and name */
	struct sh_doc_text	 doc;
	char			*why;		/* not shown: the reason */
	struct dline		*lines;
	size_t			 nlines;
	int			 cols;		/* lines wrapped for */
	int			 first;
	char			*pat;		/* search, or NULL */
	size_t			*match;		/* offsets of pat in text */
	size_t			 nmatch;
	size_t			 cur;		/* current match */
};

static void
push_line(struct pager *pg, size_t off, size_t n, size_t page, bool rule)
{
	struct dline *l;

	if (pg->nlines % 256 == 0)
		pg->lines = xreallocarray(pg->lines, pg->nlines + 256,
		    sizeof(*pg->lines));
	l = &pg->lines[pg->nlines++];
	l->off = off;
	l->n = n;
	l->page = page;
	l->rule = rule;
}

/* Wraps every page to cols columns; keeps the top line's place. */
static void
layout(struct pager *pg, int cols)
{
	struct sh_wrap	 w;
	const char	*p, *base = (const char *)pg->doc.text.data;
	size_t		 i, len, off, n, keep = 0, before;

	if (pg->cols == cols)
		return;
	if (pg->first >= 0 && (size_t)pg->first < pg->nlines)
		keep = pg->lines[pg->first].off;
	pg->nlines = 0;
	pg->cols = cols;
	for (i = 0; i < pg->doc.npages; i++) {
		if (i > 0)
			push_line(pg, pg->doc.page[i], 0, i, true);
		p = sh_doc_page(&pg->doc, i, &len);
		before = pg->nlines;
		sh_wrap_init(&w, p, len, (size_t)(cols < 1 ? 1 : cols));
		while (sh_wrap_next(&w, &off, &n))
			push_line(pg, (size_t)(p - base) + off, n, i, false);
		if (pg->nlines == before)
			push_line(pg, (size_t)(p - base), 0, i, false);
	}
	pg->first = 0;
	for (i = 0; i < pg->nlines; i++)
		if (pg->lines[i].off <= keep && !pg->lines[i].rule)
			pg->first = (int)i;
}

static int
line_of(const struct pager *pg, size_t off)
{
	size_t i;

	for (i = 0; i < pg->nlines; i++)
		if (!pg->lines[i].rule && pg->lines[i].off + pg->lines[i].n >
		    off && pg->lines[i].off <= off)
			return (int)i;
	return 0;
}

struct pager *
pager_new(struct app *app, size_t prop, size_t doc)
{
	const struct sh_package_doc	*docs, *d;
	const struct sh_buf		*bytes;
	struct sh_doc_opts		 o;
	struct pager			*pg;
	struct sh_err			 err;
	size_t				 n;

	docs = ws_docs(app->ws, prop, &n);
	if (doc >= n)
		return NULL;
	d = &docs[doc];
	pg = xcalloc(1, sizeof(*pg));
	pg->d = d;
	pg->prop = app->ws->props[prop].id;
	pg->index = prop;
	pg->ndoc = doc;
	sh_doc_text_init(&pg->doc);
	pg->title = xasprintf("%s  %s", app->ws->props[prop].id, d->name);
	memset(&o, 0, sizeof(o));
	o.pdftotext = getenv("SHINSA_PDFTOTEXT");
	if ((bytes = ws_doc_bytes(app->ws, d)) == NULL)
		pg->why = xasprintf(_("%s: the package holds no copy of this "
		    "document"), d->name);
	else if (sh_doc_extract(d->name, bytes->data, bytes->len, &o,
	    &pg->doc, &err) != 0)
		pg->why = msg_err_dup(&err);
	pg->cols = -1;
	return pg;
}

static int
pager_open(struct view *v, void *arg)
{
	struct doc_arg	*a = arg;

	if ((v->data = pager_new(ui_app(v->ui), a->prop, a->doc)) == NULL)
		return -1;
	return 0;
}

/* Draws line l, the matches in it reversed. */
static void
draw_line(struct ui *ui, struct pager *pg, const struct dline *l, int y,
    int x0, int cols)
{
	const char	*base = (const char *)pg->doc.text.data;
	size_t		 at = l->off, end = l->off + l->n, i, s, e;
	char		*seg;
	int		 x = 0;

	draw_fill(ui, y, x0, cols, UI_NORMAL);
	if (l->rule) {
		seg = xasprintf(_("── page %zu of %zu ──"), l->page + 1,
		    pg->doc.npages);
		draw_text(ui, y, x0, cols, seg, UI_DIM);
		free(seg);
		return;
	}
	for (i = 0; i <= pg->nmatch && at < end; i++) {
		/* Past the last match: the rest of the line, plain. */
		s = i < pg->nmatch ? pg->match[i] : end;
		e = i < pg->nmatch ? s + strlen(pg->pat) : end;
		if (e <= at)
			continue;
		if (s > end)
			s = e = end;
		if (s > at) {
			seg = xasprintf("%.*s", (int)(s - at), base + at);
			x += draw_text(ui, y, x0 + x, cols - x, seg,
			    UI_NORMAL);
			free(seg);
			at = s;
		}
		if (e > end)
			e = end;
		if (e > at) {
			seg = xasprintf("%.*s", (int)(e - at), base + at);
			x += draw_text(ui, y, x0 + x, cols - x, seg,
			    i == pg->cur ? UI_SELECTED : UI_WARN);
			free(seg);
			at = e;
		}
	}
}

/* Lays the text out for cols columns and draws rows lines of it from
 * pg->first at (top, x): the pager's body, and the document beside the
 * items on a wide scoring screen. */
static void
draw_body(struct ui *ui, struct pager *pg, int top, int rows, int x,
    int cols)
{
	int	r, maxfirst;
	size_t	i;

	layout(pg, cols);
	maxfirst = (int)pg->nlines - rows;
	if (pg->first > maxfirst)
		pg->first = maxfirst;
	if (pg->first < 0)
		pg->first = 0;
	for (r = 0; r < rows; r++) {
		i = (size_t)pg->first + (size_t)r;
		if (i < pg->nlines)
			draw_line(ui, pg, &pg->lines[i], top + r, x, cols);
		else
			draw_fill(ui, top + r, x, cols, UI_NORMAL);
	}
}

static void
pager_draw(struct view *v, int top, int rows, int cols)
{
	struct pager	*pg = v->data;
	struct ui_page	 p;
	char		*s;
	int		 r, body = rows - 2;
	size_t		 i;

	draw_fill(v->ui, top, 0, cols, UI_HEADER);
	draw_text(v->ui, top, 0, cols, pg->title, UI_HEADER);
	if (pg->why != NULL) {
		for (r = 1; r < rows; r++)
			draw_fill(v->ui, top + r, 0, cols, UI_NORMAL);
		page_init(&p, cols);
		page_add(&p, UI_ERROR, -1, 0, pg->why);
		page_add(&p, UI_NORMAL, -1, 0, "");
		page_add(&p, UI_DIM, -1, 0, _("Ask the secretariat for this "
		    "document as PDF or text."));
		page_add(&p, UI_DIM, -1, 0, _("v: open it in an external "
		    "viewer (a copy in memory until shinsa ends)"));
		page_draw(v->ui, &p, top + 1, rows - 1, 0, -1);
		page_free(&p);
		return;
	}
	if (body < 1)
		body = 1;
	if (body > rows - 1)
		body = rows - 1;
	draw_body(v->ui, pg, top + 1, body, 0, cols);
	v->rows = body;
	i = pg->nlines > 0 ? pg->lines[pg->first].page : 0;
	if (rows < 2)
		return;
	/* Where the reader is; the keys are in the footer below. */
	if (pg->pat != NULL)
		s = xasprintf(_("page %zu of %zu  \"%s\": %zu matches"),
		    i + 1, pg->doc.npages, pg->pat, pg->nmatch);
	else
		s = xasprintf(_("page %zu of %zu"), i + 1, pg->doc.npages);
	draw_fill(v->ui, top + rows - 1, 0, cols, UI_DIM);
	draw_text(v->ui, top + rows - 1, 0, cols, s, UI_DIM);
	free(s);
}

void
pager_draw_page(struct ui *ui, struct pager *pg, size_t page, int top,
    int rows, int x, int cols)
{
	char	*s;
	size_t	 i;
	int	 r;

	if (rows < 1 || cols < 1)
		return;
	draw_fill(ui, top, x, cols, UI_HEADER);
	if (pg->why != NULL) {
		draw_text(ui, top, x, cols, pg->title, UI_HEADER);
		for (r = 1; r < rows; r++)
			draw_fill(ui, top + r, x, cols, UI_NORMAL);
		if (rows > 1)
			draw_text(ui, top + 1, x, cols, pg->why, UI_ERROR);
		return;
	}
	if (page >= pg->doc.npages)
		page = 0;
	s = xasprintf(_("%s  page %zu of %zu"), pg->title, page + 1,
	    pg->doc.npages);
	draw_text(ui, top, x, cols, s, UI_HEADER);
	free(s);
	layout(pg, cols);
	for (i = 0; i < pg->nlines; i++)
		if (pg->lines[i].page == page && !pg->lines[i].rule) {
			pg->first = (int)i;
			break;
		}
	draw_body(ui, pg, top + 1, rows - 1, x, cols);
}

static void
show_match(struct view *v, struct pager *pg)
{
	int l = line_of(pg, pg->match[pg->cur]);

	/* A line of context above the match. */
	pg->first = l > 0 ? l - 1 : 0;
	ui_message(v->ui, _("Match %zu of %zu, page %zu."), pg->cur + 1,
	    pg->nmatch, sh_doc_page_of(&pg->doc, pg->match[pg->cur]) + 1);
}

static void
search(struct view *v, struct pager *pg)
{
	const char	*t = (const char *)pg->doc.text.data, *m;
	char		*pat;
	size_t		 len = pg->doc.text.len, plen, from;

	if ((pat = ui_prompt(v->ui, _("Search:"), NULL)) == NULL)
		return;
	free(pg->pat);
	free(pg->match);
	pg->pat = NULL;
	pg->match = NULL;
	pg->nmatch = pg->cur = 0;
	if ((plen = strlen(pat)) == 0) {
		free(pat);
		return;
	}
	pg->pat = pat;
	for (m = t; m != NULL && pg->nmatch < DOC_MAX_MATCHES; m += plen) {
		if ((m = memmem(m, len - (size_t)(m - t), pat, plen)) == NULL)
			break;
		if (pg->nmatch % 256 == 0)
			pg->match = xreallocarray(pg->match, pg->nmatch + 256,
			    sizeof(*pg->match));
		pg->match[pg->nmatch++] = (size_t)(m - t);
	}
	if (pg->nmatch == 0) {
		ui_error(v->ui, _("\"%s\" is not in this document."), pat);
		free(pg->pat);
		pg->pat = NULL;
		return;
	}
	/* The first match from the line shown at the top. */
	from = pg->nlines > 0 ? pg->lines[pg->first].off : 0;
	for (pg->cur = 0; pg->cur + 1 < pg->nmatch; pg->cur++)
		if (pg->match[pg->cur] >= from)
			break;
	show_match(v, pg);
}

static void
go_page(struct view *v, struct pager *pg)
{
	char		*s, *end;
	unsigned long	 n;
	size_t		 i;

	if ((s = ui_prompt(v->ui, _("Go to page:"), NULL)) == NULL)
		return;
	n = strtoul(s, &end, 10);
	if (*s == '\0' || *end != '\0' || n < 1 || n > pg->doc.npages) {
		ui_error(v->ui, _("No page %s: this document has pages 1 to "
		    "%zu."), s, pg->doc.npages);
		free(s);
		return;
	}
	free(s);
	for (i = 0; i < pg->nlines; i++)
		if (pg->lines[i].page == n - 1 && !pg->lines[i].rule) {
			pg->first = (int)i;
			break;
		}
}

/* Only on request, after a warning (DESIGN.md rule 11; viewer.h). */
static void
external(struct view *v, struct pager *pg)
{
	struct app		*app = ui_app(v->ui);
	const struct sh_buf	*b = ws_doc_bytes(app->ws, pg->d);
	const char		*base = strrchr(pg->d->path, '/');
	char			 dir[4096], *name, *path, *why;
	struct sh_err		 err;
	bool			 ram;

	if (b == NULL)
		return;
	if (viewer_dir(dir, sizeof(dir), &ram, &err) != 0)
		goto fail;
	if (!ui_confirm(v->ui, _("Open in an external viewer? A copy is "
	    "kept in memory until shinsa ends.")))
		return;
	/* Short: the question and its (y/n) fit 80 columns. */
	if (!ram && !ui_confirm(v->ui, _("Not in memory (tmpfs): the copy "
	    "would be on disk. Write it anyway?")))
		return;
	name = xasprintf("%s-%s", pg->prop, base != NULL ? base + 1 :
	    pg->d->path);
	if (viewer_open(name, b->data, b->len, &path, &err) != 0) {
		free(name);
		goto fail;
	}
	ui_message(v->ui, _("Opened in the external viewer; %s is removed "
	    "when shinsa ends."), path);
	free(name);
	free(path);
	return;
fail:
	why = msg_err_dup(&err);
	ui_error(v->ui, "%s", why);
	free(why);
}

static int
pager_input(struct view *v, const struct ui_key *k)
{
	struct pager	*pg = v->data;
	int		 page = v->rows > 1 ? v->rows - 1 : 1;

	if (km_is(k, KM_VIEWER)) {
		external(v, pg);
		return UI_HANDLED | UI_REDRAW;
	}
	if (km_is(k, KM_SCRATCH)) {
		open_editor(v->ui, pg->index, EDIT_SCRATCH, 0);
		return UI_HANDLED | UI_REDRAW;
	}
	if (pg->why != NULL)
		return UI_UNHANDLED;
	if (km_is(k, KM_DOWN))
		pg->first++;
	else if (km_is(k, KM_UP))
		pg->first--;
	else if (km_is(k, KM_PAGE_DOWN))
		pg->first += page;
	else if (km_is(k, KM_PAGE_UP))
		pg->first -= page;
	else if (km_is(k, KM_HALF_DOWN))
		pg->first += page / 2;
	else if (km_is(k, KM_HALF_UP))
		pg->first -= page / 2;
	else if (km_is(k, KM_FIRST))
		pg->first = 0;
	else if (km_is(k, KM_LAST))
		pg->first = (int)pg->nlines;
	else if (km_is(k, KM_SEARCH))
		search(v, pg);
	else if ((km_is(k, KM_NEXT) || km_is(k, KM_PREV)) && pg->nmatch > 0) {
		if (km_is(k, KM_NEXT))
			pg->cur = (pg->cur + 1) % pg->nmatch;
		else
			pg->cur = (pg->cur + pg->nmatch - 1) % pg->nmatch;
		show_match(v, pg);
	} else if (km_is(k, KM_NEXT) || km_is(k, KM_PREV))
		ui_message(v->ui, "%s", _("Search first with /."));
	else if (km_is(k, KM_GOTO_PAGE))
		go_page(v, pg);
	else
		return UI_UNHANDLED;
	if (pg->first < 0)
		pg->first = 0;
	return UI_HANDLED | UI_REDRAW;
}

void
pager_free(struct pager *pg)
{
	if (pg == NULL)
		return;
	sh_doc_text_free(&pg->doc);
	free(pg->title);
	free(pg->why);
	free(pg->lines);
	free(pg->pat);
	free(pg->match);
	free(pg);
}

static void
pager_close(struct view *v)
{
	struct pager	*pg = v->data;
	struct app	*app = ui_app(v->ui);

	/* The document beside the items follows the page read last. */
	if (pg->nlines > 0 && pg->first >= 0 &&
	    (size_t)pg->first < pg->nlines) {
		app->doc_seen = true;
		app->doc_prop = pg->index;
		app->doc_index = pg->ndoc;
		app->doc_page = pg->lines[pg->first].page;
	}
	pager_free(pg);
}

const struct view_ops view_doc_ops = {
	.name = N_("Document"),
	.open = pager_open,
	.draw = pager_draw,
	.input = pager_input,
	.close = pager_close,
	.keyset = KM_V_DOC,
};
