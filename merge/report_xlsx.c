/*
 * The report as an Excel workbook (libxlsxwriter): a ranking sheet, a
 * sheet of every review's raw total and deviation score, and the flags;
 * in the reader's language (rlang.h). Numbers are numbers (a score or a
 * deviation score shown to one decimal, held to the JSON's six places);
 * text from files is written as strings only, never as a formula, so a
 * title that starts with = + - @ stays text. Each sheet's header row is
 * frozen and its columns sized.
 */
#include <libgen.h>
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <xlsxwriter.h>

#include "base/i18n.h"
#include "base/text.h"
#include "report.h"
#include "rlang.h"

struct xw {
	lxw_workbook	*wb;
	lxw_format	*head;
	lxw_format	*one;		/* 0.0 */
	lxw_error	 error;		/* the first */
	struct sh_buf	 clean;
};

static void
check(struct xw *x, lxw_error e)
{
	if (x->error == LXW_NO_ERROR)
		x->error = e;
}

/* A cell of text: sanitised (no control or bidi characters), a string. */
static void
text(struct xw *x, lxw_worksheet *ws, lxw_row_t r, lxw_col_t c,
    const char *s, lxw_format *f)
{
	if (s == NULL || *s == '\0')
		return;
	x->clean.len = 0;
	if (sh_text_sanitize(&x->clean, s, strlen(s), false) != 0 ||
	    sh_buf_cstr(&x->clean) == NULL) {
		check(x, LXW_ERROR_MEMORY_MALLOC_FAILED);
		return;
	}
	check(x, worksheet_write_string(ws, r, c, (char *)x->clean.data, f));
}

static void
number(struct xw *x, lxw_worksheet *ws, lxw_row_t r, lxw_col_t c, double v,
    lxw_format *f)
{
	check(x, worksheet_write_number(ws, r, c, v, f));
}

/* A deviation score as the JSON writes it, six places. */
static double
six(double v)
{
	char buf[32];

	return strtod(sh_results_fixed6(v, buf), NULL);
}

/* A sheet with its header row (frozen) and column widths. */
static lxw_worksheet *
sheet(struct xw *x, const char *name, const char *const *heads,
    const double *widths, size_t n)
{
	lxw_worksheet	*ws;
	size_t		 i;

	if ((ws = workbook_add_worksheet(x->wb, name)) == NULL) {
		check(x, LXW_ERROR_MEMORY_MALLOC_FAILED);
		return NULL;
	}
	for (i = 0; i < n; i++) {
		check(x, worksheet_set_column(ws, (lxw_col_t)i, (lxw_col_t)i,
		    widths[i], NULL));
		text(x, ws, 0, (lxw_col_t)i, heads[i], x->head);
	}
	worksheet_freeze_panes(ws, 1, 0);
	return ws;
}

static void
ranking(struct xw *x, const struct mround *m, bool ja)
{
	const char *const heads[] = { _("rank"), _("score"), _("proposal"),
	    _("title"), _("applicant"), _("variant"), _("prefecture"),
	    _("flags") };
	const double	 widths[] = { 6, 8, 12, 48, 28, 24, 10, 24 };
	lxw_worksheet	*ws;
	char		 fl[512];
	size_t		 i;

	if ((ws = sheet(x, _("Ranking"), heads, widths, 8)) == NULL)
		return;
	for (i = 0; i < m->np; i++) {
		const struct sh_tally_proposal *tp = sh_tally_ranked(
		    m->res.tally, i);
		const struct sh_proposal_rec *pr = mround_proposal(m, tp->id);
		lxw_row_t r = (lxw_row_t)i + 1;

		if (tp->rank > 0) {
			number(x, ws, r, 0, (double)tp->rank, NULL);
			number(x, ws, r, 1, (double)tp->tenths / 10.0, x->one);
		}
		text(x, ws, r, 2, pr->id, NULL);
		text(x, ws, r, 3, pr->title, NULL);
		text(x, ws, r, 4, pr->applicant, NULL);
		text(x, ws, r, 5, mr_variant_label(m->rubric, pr->variant, ja),
		    NULL);
		text(x, ws, r, 6, mr_pref_label(pr->prefecture, ja), NULL);
		text(x, ws, r, 7, mr_flag_labels(SH_RESULTS_FLAGS_PROPOSAL,
		    tp->flags, fl, sizeof fl), NULL);
	}
}

static void
reviews(struct xw *x, const struct mround *m)
{
	const struct sh_tally		*t = m->res.tally;
	const struct sh_tally_entry	*e;
	const char *const heads[] = { _("reviewer"), _("proposal"),
	    _("raw total"), _("deviation score"), _("status"), _("flags") };
	const double	 widths[] = { 12, 12, 10, 12, 18, 24 };
	lxw_worksheet	*ws;
	lxw_row_t	 r = 1;
	char		 fl[512];
	size_t		 i, k;

	if ((ws = sheet(x, _("Reviewers"), heads, widths, 6)) == NULL)
		return;
	/* By reviewer, then proposal: each reviewer's spread together. */
	for (k = 0; k < m->res.nreviewers; k++) {
		for (i = 0; i < m->np; i++) {
			if ((e = sh_tally_entry(t, k, i)) == NULL)
				continue;
			text(x, ws, r, 0, m->res.reviewers[k], NULL);
			text(x, ws, r, 1, m->mp[i].id, NULL);
			if (e->flags & SH_TALLY_E_SCORED)
				number(x, ws, r, 2, (double)e->total, NULL);
			if (e->flags & SH_TALLY_E_COUNTED)
				number(x, ws, r, 3, six(sh_tally_entry_dev(t,
				    e)), x->one);
			text(x, ws, r, 4, e->conflict != SH_CONFLICT_NONE ?
			    mr_conflict_label((int)e->conflict) :
			    mr_status_label(e), NULL);
			text(x, ws, r, 5, mr_flag_labels(SH_RESULTS_FLAGS_REVIEW,
			    e->obs_flags, fl, sizeof fl), NULL);
			r++;
		}
	}
}

static void
flags(struct xw *x, const struct mround *m)
{
	const struct sh_tally *t = m->res.tally;
	const char *const heads[] = { _("reviewer"), _("proposal"),
	    _("flags") };
	const double	 widths[] = { 12, 12, 40 };
	lxw_worksheet	*ws;
	lxw_row_t	 r = 1;
	char		 fl[512];
	size_t		 i, k;

	if ((ws = sheet(x, _("Flags"), heads, widths, 3)) == NULL)
		return;
	for (k = 0; k < m->res.nreviewers; k++) {
		const struct sh_tally_reviewer *rv = sh_tally_reviewer(t, k);

		if (rv->flags == 0)
			continue;
		text(x, ws, r, 0, m->res.reviewers[k], NULL);
		text(x, ws, r++, 2, mr_flag_labels(SH_RESULTS_FLAGS_REVIEWER,
		    rv->flags, fl, sizeof fl), NULL);
	}
	for (i = 0; i < m->np; i++) {
		const struct sh_tally_proposal *tp = sh_tally_ranked(t, i);

		if (tp->flags == 0)
			continue;
		text(x, ws, r, 1, m->mp[tp->id].id, NULL);
		text(x, ws, r++, 2, mr_flag_labels(SH_RESULTS_FLAGS_PROPOSAL,
		    tp->flags, fl, sizeof fl), NULL);
	}
}

int
report_xlsx(const struct mround *m, const char *path, const char *near,
    struct sh_err *err)
{
	lxw_workbook_options	 opts;
	struct xw		 x;
	char			 dir[PATH_MAX];
	lxw_error		 e;

	/*
	 * Rows go to temporary files as they are written (constant
	 * memory: a national round does not fit in memory as cells), made
	 * beside the report and unlinked at once, not in a shared /tmp.
	 */
	if (strlen(near) >= sizeof dir)
		return sh_errf(err, "%s: path too long", near);
	memcpy(dir, near, strlen(near) + 1);
	memset(&opts, 0, sizeof opts);
	opts.constant_memory = LXW_TRUE;
	opts.tmpdir = dirname(dir);
	memset(&x, 0, sizeof x);
	sh_buf_init(&x.clean, false);
	if ((x.wb = workbook_new_opt(path, &opts)) == NULL) {
		sh_buf_free(&x.clean);
		return sh_errf(err, "%s: cannot make the workbook", near);
	}
	x.head = workbook_add_format(x.wb);
	format_set_bold(x.head);
	format_set_bottom(x.head, LXW_BORDER_THIN);
	x.one = workbook_add_format(x.wb);
	format_set_num_format(x.one, "0.0");
	ranking(&x, m, mr_lang_ja());
	reviews(&x, m);
	flags(&x, m);
	e = workbook_close(x.wb);
	sh_buf_free(&x.clean);
	if (x.error != LXW_NO_ERROR)
		e = x.error;
	if (e != LXW_NO_ERROR)
		return sh_errf(err, "%s: cannot write the workbook: %s", near,
		    lxw_strerror(e));
	return 0;
}
