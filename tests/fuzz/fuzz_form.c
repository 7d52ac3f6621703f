/*
 * The review form parser (tui/form.c, shinsa-form(5)): any bytes given to
 * form_import() are refused or applied whole, and a form that is applied
 * exports to a form that imports again to the same export.
 *
 * Building a workstation (loading and hashing the 93 KiB rubric, checking
 * the package) cost ten times the import itself, so two workstations are
 * built once and kept: one as tw_load() makes it ("clean") and one with
 * drafts already in it ("dirty"). That makes two more promises testable:
 *  - a refused form changes nothing: every proposal's draft (the store's
 *    JSON of it, ws_prop_to_json) is what it was, byte for byte;
 *  - an applied form is "the whole truth": importing it into the clean
 *    and into the dirty workstation must leave the same drafts.
 * The drafts are compared as JSON, not as exported forms: an export
 * sanitises every item's title into secret memory and costs twenty
 * imports, so it is kept for the round trip of forms that apply.
 * After an applied form each workstation is put back by importing its
 * own starting export, and must hold exactly its starting drafts again,
 * so every input starts from the same state and a crash replays alone.
 * The clean workstation's form is English, the dirty one's Japanese, and
 * an applied form round-trips in the language the input's length picks,
 * so both languages' keywords are read and written.
 */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "form.h"
#include "testing.h"
#include "wstore.h"

int LLVMFuzzerTestOneInput(const uint8_t *, size_t);

/* The two workstations, the forms and the drafts they start from. */
struct fz_form_fixture {
	struct ws	*ws[2];
	struct sh_buf	 start[2];
	struct sh_buf	 drafts[2];
};

static void
fz_form_export(const struct ws *ws, enum form_lang lang, struct sh_buf *out)
{
	struct sh_err e;

	sh_buf_init(out, false);
	if (form_export(ws, 0, lang, out, &e) != 0)
		abort();
}

/* Every proposal's draft as the store keeps it. */
static void
fz_form_drafts(const struct ws *ws, struct sh_buf *out)
{
	size_t i;

	sh_buf_init(out, false);
	for (i = 0; i < ws->nprops; i++)
		if (ws_prop_to_json(&ws->props[i], out, NULL) != 0)
			abort();
}

static bool
fz_form_same(const struct sh_buf *a, const struct sh_buf *b)
{
	return a->len == b->len && memcmp(a->data, b->data, a->len) == 0;
}

/* Drafts on both proposals: a score, a comment, remarks, a withdrawal. */
static void
fz_form_dirty(struct ws *ws)
{
	struct ws_proposal	*p = &ws->props[0];
	struct sh_err		 e;
	size_t			 i;

	if (ws_declare(ws, p, 0, WS_CONFLICT_REVIEW, &e) != 0)
		abort();
	for (i = 0; i < ws_nitems(p); i++)
		if (ws_item(p, i)->kind == SH_ITEM_JUDGED) {
			if (ws_set_value(ws, p, i, 3, &e) != 0 ||
			    ws_set_comment(ws, p, i, "下書き", &e) != 0)
				abort();
			break;
		}
	if (ws_set_text(ws, p, WS_TEXT_REMARKS, "所見", &e) != 0 ||
	    ws_set_text(ws, p, WS_TEXT_SCRATCH, "メモ", &e) != 0 ||
	    ws_declare(ws, &ws->props[1], 0x42, WS_CONFLICT_WITHDRAW,
	    &e) != 0)
		abort();
}

static struct fz_form_fixture *
fz_form_fixture(void)
{
	static struct fz_form_fixture	f;
	int				i;

	if (f.ws[0] != NULL)
		return &f;
	for (i = 0; i < 2; i++)
		f.ws[i] = tw_load("kakine-2024", "R1");
	fz_form_dirty(f.ws[1]);
	for (i = 0; i < 2; i++) {
		fz_form_export(f.ws[i], i == 0 ? FORM_EN : FORM_JA,
		    &f.start[i]);
		fz_form_drafts(f.ws[i], &f.drafts[i]);
	}
	return &f;
}

/* Does ws hold exactly the drafts it started from? */
static bool
fz_form_unchanged(const struct ws *ws, const struct sh_buf *drafts)
{
	struct sh_buf	now;
	bool		same;

	fz_form_drafts(ws, &now);
	same = fz_form_same(&now, drafts);
	sh_buf_free(&now);
	return same;
}

/* Puts ws back to its starting drafts by importing its starting form. */
static void
fz_form_reset(struct ws *ws, const struct sh_buf *start,
    const struct sh_buf *drafts)
{
	struct sh_err e;

	if (form_import(ws, 0, (const char *)start->data, start->len,
	    &e) != 0 || !fz_form_unchanged(ws, drafts))
		abort();
}

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct fz_form_fixture	*f = fz_form_fixture();
	struct sh_buf		 once, twice, other;
	struct sh_err		 e;
	int			 r[2], i;
	/* Either language's export must round-trip. */
	enum form_lang		 lang = size % 2 == 0 ? FORM_EN : FORM_JA;

	for (i = 0; i < 2; i++)
		r[i] = form_import(f->ws[i], 0, (const char *)data, size, &e);
	if (r[0] != r[1])
		abort();	/* refusal cannot depend on the drafts */
	if (r[0] != 0) {
		for (i = 0; i < 2; i++)
			if (!fz_form_unchanged(f->ws[i], &f->drafts[i]))
				abort();	/* refused, yet changed */
		return 0;
	}
	fz_form_drafts(f->ws[0], &once);
	fz_form_drafts(f->ws[1], &other);
	if (!fz_form_same(&once, &other))
		abort();	/* some of the old drafts survived */
	sh_buf_free(&once);
	sh_buf_free(&other);
	fz_form_export(f->ws[0], lang, &once);
	if (form_import(f->ws[0], 0, (const char *)once.data, once.len,
	    &e) != 0)
		abort();	/* our own export must import */
	fz_form_export(f->ws[0], lang, &twice);
	if (!fz_form_same(&once, &twice))
		abort();	/* and round-trip exactly */
	sh_buf_free(&once);
	sh_buf_free(&twice);
	for (i = 0; i < 2; i++)
		fz_form_reset(f->ws[i], &f->start[i], &f->drafts[i]);
	return 0;
}
