/*
 * Reports of a tallied round (DESIGN.md section 4, "Reports"): every
 * proposal's raw totals beside its deviation scores, which were dropped,
 * the score and rank, and every flag; conflicts awaiting the committee.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "base/i18n.h"
#include "base/text.h"
#include "review/rubric.h"
#include "store/csv.h"
#include "report.h"
#include "rlang.h"

static int
safe(struct sh_buf *out, const char *s)
{
	return sh_text_sanitize(out, s, strlen(s), false);
}

/* The proposal's score as the document writes it ("52.3"), or dflt. */
static const char *
score_or(const struct sh_tally_proposal *tp, const char *dflt, char buf[32])
{
	return tp->rank > 0 ? sh_tally_fmt_tenths(tp->tenths, buf, 32) : dflt;
}

/*
 * s and spaces to make it w columns wide on a terminal (at the left, or
 * at the right when right), sanitised: Japanese takes two columns a
 * character, so printf's byte widths would not line up.
 */
static void
pad(struct sh_buf *out, const char *s, size_t w, bool right)
{
	size_t n = sh_text_width(s, strlen(s));

	for (; right && n < w; n++)
		sh_buf_append_str(out, " ");
	safe(out, s);
	for (; !right && n < w; n++)
		sh_buf_append_str(out, " ");
}

static size_t
widest(size_t w, const char *s)
{
	size_t n = sh_text_width(s, strlen(s));

	return n > w ? n : w;
}

/*
 * Every report reads the tally itself, a proposal and a review at a time,
 * and hands its text to the sink row by row: at national scale (a
 * million reviews) the report is tens of megabytes and never held whole.
 */
int
report_text(const struct mround *m, struct sh_sink *s)
{
	const struct sh_tally		*t = m->res.tally;
	const struct sh_tally_entry	*es;
	struct sh_buf			*out = &s->buf;
	size_t				 i, j, n, ncur = 0, vw, iw, pw, rw, sw;
	char				 fl[512], num[32];
	bool				 ja = mr_lang_ja();

	for (i = 0; i < m->ns; i++)
		ncur += m->ss[i].current;
	safe(out, m->info.id);
	sh_buf_append_str(out, "  ");
	safe(out, m->info.title);
	sh_buf_append_str(out, "\n");
	sh_buf_printf(out, _("rubric %s (sha256 %.16s…), maximum %d; "
	    "%zu proposals, %zu reviewers, %zu current sheets (%zu kept)\n"),
	    m->rubric->id, m->rubric->hash_hex, m->rubric->maximum, m->np,
	    m->nv, ncur, m->ns);
	sh_buf_printf(out, _("tally: deviation scores per reviewer, %s; "
	    "score = mean, rounded half up to 0.1\n"), m->rubric->tally.trim ?
	    _("one highest and one lowest dropped when at least 3 remain") :
	    _("no trimming"));
	sh_buf_append_str(out, "\n");
	/* TRANSLATORS: column headings of the text report. */
	rw = widest(4, _("rank"));
	sw = widest(6, _("score"));
	vw = widest(0, _("type"));
	iw = widest(8, _("proposal"));
	pw = widest(0, _("pref"));
	for (i = 0; i < m->np; i++) {
		vw = widest(vw, mr_variant_label(m->rubric, m->ps[i].variant,
		    ja));
		iw = widest(iw, m->ps[i].id);
		pw = widest(pw, mr_pref_label(m->ps[i].prefecture, ja));
	}
	pad(out, _("rank"), rw, true);
	sh_buf_append_str(out, " ");
	pad(out, _("score"), sw, true);
	sh_buf_append_str(out, "  ");
	pad(out, _("proposal"), iw, false);
	sh_buf_append_str(out, " ");
	pad(out, _("type"), vw, false);
	sh_buf_append_str(out, " ");
	pad(out, _("pref"), pw, false);
	sh_buf_printf(out, " %s\n", _("title / applicant"));
	/* In ranking order, then the unranked. */
	for (i = 0; i < m->np; i++) {
		const struct sh_tally_proposal *tp = sh_tally_ranked(t, i);
		const struct sh_proposal_rec *pr = mround_proposal(m, tp->id);

		if (tp->rank > 0)
			snprintf(fl, sizeof fl, "%zu", tp->rank);
		pad(out, tp->rank > 0 ? fl : "-", rw, true);
		sh_buf_append_str(out, " ");
		pad(out, score_or(tp, "-", num), sw, true);
		sh_buf_append_str(out, "  ");
		pad(out, pr->id, iw, false);
		sh_buf_append_str(out, " ");
		pad(out, mr_variant_label(m->rubric, pr->variant, ja), vw,
		    false);
		sh_buf_append_str(out, " ");
		pad(out, mr_pref_label(pr->prefecture, ja), pw, false);
		sh_buf_append_str(out, " ");
		safe(out, pr->title);
		sh_buf_append_str(out, " / ");
		safe(out, pr->applicant);
		sh_buf_append_str(out, "\n");
		sh_buf_append_str(out, "     ");
		es = sh_tally_entries(t, tp->id, &n);
		for (j = 0; j < n; j++) {
			const struct sh_tally_entry *e = &es[j];

			/* No printf here: once per review, it was a good
			 * part of the tally's time. */
			sh_buf_append_str(out, " ");
			sh_buf_append_str(out, m->res.reviewers[e->reviewer]);
			sh_buf_append_str(out, " ");
			sh_buf_append_str(out, (e->flags & SH_TALLY_E_SCORED) ?
			    mr_int(e->total, num) : "-");
			sh_buf_append_str(out, "/");
			sh_buf_append_str(out, (e->flags & SH_TALLY_E_COUNTED) ?
			    mr_fixed1(sh_tally_entry_dev(t, e), num) : "-");
			if (e->flags & SH_TALLY_E_DROPPED_HIGH)
				sh_buf_append_str(out, _("(dropped↑)"));
			else if (e->flags & SH_TALLY_E_DROPPED_LOW)
				sh_buf_append_str(out, _("(dropped↓)"));
			if (e->conflict != SH_CONFLICT_NONE)
				sh_buf_printf(out, "[%s]",
				    mr_conflict_label((int)e->conflict));
			if (e->obs_flags != 0)
				sh_buf_printf(out, "{%s}", mr_flag_labels(
				    SH_RESULTS_FLAGS_REVIEW, e->obs_flags, fl,
				    sizeof fl));
			sh_sink_flush(s, false);
		}
		sh_buf_append_str(out, "\n");
		if (tp->flags != 0)
			sh_buf_printf(out, _("      flags: %s\n"), mr_flag_labels(
			    SH_RESULTS_FLAGS_PROPOSAL, tp->flags, fl,
			    sizeof fl));
	}
	sh_buf_printf(out, "\n%s\n",
	    _("reviewers (over their counted proposals)"));
	for (i = 0; i < m->res.nreviewers; i++) {
		const struct sh_tally_reviewer *r = sh_tally_reviewer(t, i);
		char sd[32];

		/* TRANSLATORS: a reviewer's id, how many proposals they
		 * scored, the mean and standard deviation of their totals. */
		sh_buf_printf(out, _("  %-10s n=%-3lld mean %s  sd %s"),
		    m->res.reviewers[i], (long long)r->n, mr_fixed1(r->mean,
		    num), mr_fixed1(r->sd, sd));
		if (r->flags != 0)
			sh_buf_printf(out, _("  flags: %s"), mr_flag_labels(
			    SH_RESULTS_FLAGS_REVIEWER, r->flags, fl, sizeof fl));
		sh_buf_append_str(out, "\n");
		sh_sink_flush(s, false);
	}
	if (m->res.npending > 0) {
		sh_buf_append_str(out, "\n");
		sh_buf_printf(out, _("(キ) conflicts awaiting the committee: "
		    "%zu (not counted until decided)\n"), m->res.npending);
		for (i = 0; i < m->np; i++) {
			es = sh_tally_entries(t, i, &n);
			for (j = 0; j < n; j++)
				if (es[j].conflict == SH_CONFLICT_KI_PENDING)
					sh_buf_printf(out, "  shinsa-merge "
					    "decide %s %s allow|refuse\n",
					    m->mp[i].id,
					    m->res.reviewers[es[j].reviewer]);
			sh_sink_flush(s, false);
		}
	}
	sh_buf_append_str(out, "\n");
	sh_buf_append_str(out, _("flags: sigma-zero = a reviewer gave every "
	    "proposal the same total (all deviation scores 50); too-few / "
	    "few-proposals = fewer proposals than the rubric's minimum for a "
	    "meaningful deviation score; no-trim = too few reviewers left to "
	    "trim; mandatory-one = a mandatory item scored 1; many-low = "
	    "markedly many 2s and 1s; pending = a (キ) conflict awaits the "
	    "committee.\nThe committee decides designation; this ranking "
	    "does not.\n"));
	return sh_buf_cstr(out) ? 0 : -1;
}

int
report_csv(const struct mround *m, bool bom, struct sh_sink *s)
{
	const struct sh_tally		*t = m->res.tally;
	const struct sh_tally_entry	*es;
	struct sh_buf			*out = &s->buf;
	const char			**cells;
	char				 (*num)[64], fl[512];
	bool				 ja = mr_lang_ja();
	size_t				 i, j, k, n, nr = m->res.nreviewers;
	size_t				 ncol = 8 + 3 * nr;
	int				 rc = -1;

	cells = calloc(ncol, sizeof *cells);
	num = calloc(ncol, sizeof *num);
	if (cells == NULL || num == NULL)
		goto out;
	if (bom && sh_csv_write_bom(out) != 0)
		goto out;
	/* TRANSLATORS: column headings of the CSV report. */
	cells[0] = _("rank"); cells[1] = _("score");
	cells[2] = _("proposal"); cells[3] = _("title");
	cells[4] = _("applicant"); cells[5] = _("variant");
	cells[6] = _("prefecture"); cells[7] = _("flags");
	for (k = 0; k < nr; k++) {
		/* TRANSLATORS: %.20s is a reviewer's id. */
		snprintf(num[8 + 3 * k], 64, _("%.20s total"),
		    m->res.reviewers[k]);
		snprintf(num[9 + 3 * k], 64, _("%.20s dev"),
		    m->res.reviewers[k]);
		snprintf(num[10 + 3 * k], 64, _("%.20s status"),
		    m->res.reviewers[k]);
		for (j = 0; j < 3; j++)
			cells[8 + 3 * k + j] = num[8 + 3 * k + j];
	}
	if (sh_csv_write_row(out, cells, ncol) != 0)
		goto out;
	sh_sink_flush(s, false);
	for (i = 0; i < m->np; i++) {
		const struct sh_tally_proposal *tp = sh_tally_ranked(t, i);
		const struct sh_proposal_rec *pr = mround_proposal(m, tp->id);

		for (k = 0; k < ncol; k++)
			cells[k] = "";
		snprintf(num[0], 64, "%zu", tp->rank);
		cells[0] = tp->rank ? num[0] : "";
		cells[1] = score_or(tp, "", num[1]);
		cells[2] = pr->id;
		cells[3] = pr->title;
		cells[4] = pr->applicant;
		cells[5] = mr_variant_label(m->rubric, pr->variant, ja);
		cells[6] = mr_pref_label(pr->prefecture, ja);
		cells[7] = mr_flag_labels(SH_RESULTS_FLAGS_PROPOSAL, tp->flags,
		    fl, sizeof fl);
		es = sh_tally_entries(t, tp->id, &n);
		for (j = 0; j < n; j++) {
			const struct sh_tally_entry *e = &es[j];

			k = e->reviewer;
			if (e->flags & SH_TALLY_E_SCORED) {
				snprintf(num[8 + 3 * k], 64, "%lld",
				    (long long)e->total);
				cells[8 + 3 * k] = num[8 + 3 * k];
			}
			if (e->flags & SH_TALLY_E_COUNTED)
				cells[9 + 3 * k] = mr_fixed1(
				    sh_tally_entry_dev(t, e), num[9 + 3 * k]);
			cells[10 + 3 * k] = e->conflict != SH_CONFLICT_NONE ?
			    mr_conflict_label((int)e->conflict) :
			    mr_status_label(e);
		}
		if (sh_csv_write_row(out, cells, ncol) != 0)
			goto out;
		sh_sink_flush(s, false);
	}
	rc = 0;
out:
	free(cells);
	free(num);
	return rc;
}

/* The published document plus what only the committee sees, and a
 * newline. */
int
report_json(const struct mround *m, struct sh_sink *s)
{
	sh_results_write(&m->in, &m->res, true, s);
	return sh_buf_append_str(&s->buf, "\n");
}

void
report_html_esc(struct sh_buf *out, const char *s)
{
	struct sh_buf clean;

	sh_buf_init(&clean, false);
	sh_text_sanitize(&clean, s, strlen(s), false);
	for (s = clean.data ? (char *)clean.data : ""; *s != '\0'; s++) {
		switch (*s) {
		case '<': sh_buf_append_str(out, "&lt;"); break;
		case '>': sh_buf_append_str(out, "&gt;"); break;
		case '&': sh_buf_append_str(out, "&amp;"); break;
		case '"': sh_buf_append_str(out, "&quot;"); break;
		case '\'': sh_buf_append_str(out, "&#39;"); break;
		default: sh_buf_append(out, s, 1);
		}
	}
	sh_buf_free(&clean);
}

/* A step between labelled ticks that gives at most six of them. */
static int
tick_step(int range)
{
	static const int steps[] = { 1, 2, 5, 10, 20, 25, 50, 100, 200, 250,
	    500, 1000, 2000, 2500, 5000, 10000 };
	size_t i;

	for (i = 0; i < sizeof steps / sizeof steps[0]; i++)
		if (range / steps[i] <= 6)
			return steps[i];
	return range / 5 + 1;
}

/*
 * A horizontal axis at height y for values lo..hi drawn from x0 to x1: the
 * line, a tick and its number at every multiple of `step` (and at hi,
 * where it is not one, if there is room for its number), and the title
 * centred under it. Without the scale a bar or a dot says only "more" or
 * "less"; with it the reader can see that a score is 62, not 6.2.
 */
static void
svg_axis(struct sh_buf *out, double x0, double x1, double y, int lo, int hi,
    int step, const char *title)
{
	double	x;
	int	v;

	sh_buf_printf(out, "<g class=\"axis\" font-size=\"10\" "
	    "fill=\"#333\" text-anchor=\"middle\"><line x1=\"%.1f\" "
	    "y1=\"%.1f\" x2=\"%.1f\" y2=\"%.1f\" stroke=\"#333\"/>",
	    x0, y, x1, y);
	for (v = lo; v <= hi; v += step) {
		x = x0 + (x1 - x0) * (v - lo) / (hi > lo ? hi - lo : 1);
		sh_buf_printf(out, "<line x1=\"%.1f\" y1=\"%.1f\" x2=\"%.1f\" "
		    "y2=\"%.1f\" stroke=\"#333\"/><text x=\"%.1f\" "
		    "y=\"%.1f\">%d</text>", x, y, x, y + 4, x, y + 14, v);
		if (v + step > hi && v != hi) {
			sh_buf_printf(out, "<line x1=\"%.1f\" y1=\"%.1f\" "
			    "x2=\"%.1f\" y2=\"%.1f\" stroke=\"#333\"/>", x1, y,
			    x1, y + 4);
			if (2 * (hi - v) >= step)
				sh_buf_printf(out, "<text x=\"%.1f\" y=\"%.1f\">"
				    "%d</text>", x1, y + 14, hi);
		}
	}
	sh_buf_printf(out, "<text class=\"axis-title\" x=\"%.1f\" "
	    "y=\"%.1f\" font-size=\"11\">", (x0 + x1) / 2, y + 28);
	report_html_esc(out, title);
	sh_buf_append_str(out, "</text></g>\n");
}

/* A vertical axis line at x from y0 to y1, titled at its top. */
static void
svg_yaxis(struct sh_buf *out, double x, double y0, double y1,
    const char *title)
{
	sh_buf_printf(out, "<g class=\"axis\" font-size=\"11\" "
	    "fill=\"#333\"><line x1=\"%.1f\" y1=\"%.1f\" x2=\"%.1f\" "
	    "y2=\"%.1f\" stroke=\"#333\"/><text class=\"axis-title\" "
	    "x=\"0\" y=\"%.1f\">", x, y0, x, y1, y0 - 4);
	report_html_esc(out, title);
	sh_buf_append_str(out, "</text></g>\n");
}

/*
 * Ranking chart: one bar per ranked proposal, best first, on a score
 * axis of 0–100 (the score is a mean of deviation scores, 50 on average).
 */
static void
html_ranking_chart(const struct mround *m, struct sh_sink *s)
{
	struct sh_buf	*out = &s->buf;
	const size_t	 top = 18;
	size_t		 i, yb = top + m->np * 18 + 4;
	double		 x;
	char		 num[32];

	sh_buf_printf(out, "<h2>%s</h2>\n<svg xmlns=\"http://www.w3.org/"
	    "2000/svg\" width=\"640\" height=\"%zu\" role=\"img\">\n",
	    _("Ranking"), yb + 40);
	for (i = 0; i < m->np; i++) {
		const struct sh_tally_proposal *tp = sh_tally_ranked(m->res.tally,
		    i);

		if (tp->rank == 0)
			continue;
		x = (double)tp->tenths / 10.0;
		sh_buf_printf(out, "<text x=\"0\" y=\"%zu\" font-size=\"12\">",
		    top + i * 18 + 14);
		report_html_esc(out, m->ps[tp->id].id);
		sh_buf_printf(out, "</text><rect x=\"90\" y=\"%zu\" width=\"%.1f\""
		    " height=\"14\" fill=\"#4a7\"/><text x=\"%.1f\" y=\"%zu\" "
		    "font-size=\"12\">%s</text>\n", top + i * 18 + 3,
		    x > 0 ? x * 4.5 : 0, (x > 0 ? x * 4.5 : 0) + 95,
		    top + i * 18 + 14, score_or(tp, "", num));
	}
	svg_yaxis(out, 90, (double)top, (double)yb, _("proposal"));
	svg_axis(out, 90, 540, (double)yb, 0, 100, 10, m->rubric->tally.trim ?
	    _("score: trimmed mean of deviation scores") :
	    _("score: mean of deviation scores"));
	sh_buf_append_str(out, "</svg>\n");
}

/*
 * Each reviewer's spread: raw totals on a 0–maximum axis at the left,
 * deviation scores on a 20–80 axis at the right (clamped to it), one row
 * per reviewer; a gap between the two keeps their end numbers apart.
 */
static void
html_spread_chart(const struct mround *m, struct sh_sink *s)
{
	struct sh_buf			*out = &s->buf;
	const struct sh_tally		*t = m->res.tally;
	const struct sh_tally_entry	*e;
	size_t				 i, k, nr = m->res.nreviewers;
	size_t				 yb = nr * 40 + 6;
	int				 max = m->rubric->maximum;
	char				 title[128];
	double				 x, dev;

	sh_buf_append_str(out, "<h2>");
	sh_buf_printf(out, _("Reviewers: raw totals (0–%d) and deviation "
	    "scores (20–80)"), max);
	sh_buf_printf(out, "</h2>\n<svg xmlns=\"http://www.w3.org/2000/svg\" "
	    "width=\"740\" height=\"%zu\" role=\"img\">\n", yb + 40);
	for (k = 0; k < nr; k++) {
		sh_buf_printf(out, "<text x=\"0\" y=\"%zu\" font-size=\"12\">",
		    k * 40 + 22);
		report_html_esc(out, m->res.reviewers[k]);
		sh_buf_printf(out, "</text><line x1=\"80\" x2=\"380\" y1=\"%zu\" "
		    "y2=\"%zu\" stroke=\"#ccc\"/><line x1=\"420\" x2=\"720\" "
		    "y1=\"%zu\" y2=\"%zu\" stroke=\"#ccc\"/>\n", k * 40 + 18,
		    k * 40 + 18, k * 40 + 18, k * 40 + 18);
		/* A reviewer has at most one entry per proposal. */
		for (i = 0; i < m->np; i++) {
			if ((e = sh_tally_entry(t, k, i)) == NULL ||
			    !(e->flags & SH_TALLY_E_SCORED))
				continue;
			x = 80 + 300.0 * (double)e->total / (max ? max : 1);
			sh_buf_printf(out, "<circle cx=\"%.1f\" cy=\"%zu\" "
			    "r=\"3\" fill=\"#36c\"/>", x, k * 40 + 18);
			if (!(e->flags & SH_TALLY_E_COUNTED))
				continue;
			dev = sh_tally_entry_dev(t, e);
			x = dev < 20 ? 20 : dev > 80 ? 80 : dev;
			sh_buf_printf(out, "<circle cx=\"%.1f\" cy=\"%zu\" "
			    "r=\"3\" fill=\"#c63\"/>", 420 + (x - 20) * 5,
			    k * 40 + 18);
		}
		sh_buf_append_str(out, "\n");
		sh_sink_flush(s, false);
	}
	snprintf(title, sizeof title, _("raw total (0–%d)"), max);
	svg_yaxis(out, 80, 12, (double)yb, _("reviewer"));
	svg_axis(out, 80, 380, (double)yb, 0, max, tick_step(max), title);
	svg_axis(out, 420, 720, (double)yb, 20, 80, 10, _("deviation score"));
	sh_buf_append_str(out, "</svg>\n");
}

int
report_html(const struct mround *m, struct sh_sink *s)
{
	const struct sh_tally		*t = m->res.tally;
	const struct sh_tally_entry	*es;
	struct sh_buf			*out = &s->buf;
	size_t				 i, j, k, n, nr = m->res.nreviewers;
	char				 fl[512], num[32];
	bool				 ja = mr_lang_ja();

	sh_buf_printf(out, "<!DOCTYPE html>\n<html lang=\"%s\"><head>"
	    "<meta charset=\"utf-8\"><title>", ja ? "ja" : "en");
	report_html_esc(out, m->info.id);
	sh_buf_append_str(out, "</title><meta http-equiv=\"Content-Security-"
	    "Policy\" content=\"default-src 'none'; style-src 'unsafe-inline'"
	    "\"><style>body{font-family:sans-serif;margin:2em}"
	    "table{border-collapse:collapse}td,th{border:1px solid #ccc;"
	    "padding:2px 6px;font-size:90%}td.n{text-align:right}"
	    ".drop{color:#999;text-decoration:line-through}.flag{color:#b00}"
	    "</style></head><body>\n<h1>");
	report_html_esc(out, m->info.title);
	sh_buf_printf(out, "</h1>\n<p>%s ", _("round"));
	report_html_esc(out, m->info.id);
	sh_buf_printf(out, _(" · rubric %s (sha256 %s) · %s"),
	    m->rubric->id, m->rubric->hash_hex, m->rubric->tally.trim ?
	    _("trimmed mean of deviation scores") :
	    _("mean of deviation scores"));
	sh_buf_append_str(out, "</p>\n");

	html_ranking_chart(m, s);

	sh_buf_printf(out, "<h2>%s</h2>\n<table><tr><th>%s<th>%s<th>%s<th>%s"
	    "<th>%s<th>%s<th>%s", _("Proposals"), _("rank"), _("score"),
	    _("proposal"), _("title"), _("applicant"), _("type"), _("pref"));
	for (k = 0; k < nr; k++) {
		sh_buf_append_str(out, "<th>");
		report_html_esc(out, m->res.reviewers[k]);
		sh_buf_printf(out, "<br>%s", _("total / dev"));
	}
	sh_buf_printf(out, "<th>%s</tr>\n", _("flags"));
	sh_sink_flush(s, false);
	for (i = 0; i < m->np; i++) {
		const struct sh_tally_proposal *tp = sh_tally_ranked(t, i);
		const struct sh_proposal_rec *pr = mround_proposal(m, tp->id);

		if (tp->rank)
			sh_buf_printf(out, "<tr><td class=n>%zu<td class=n>%s",
			    tp->rank, score_or(tp, "", num));
		else
			sh_buf_append_str(out, "<tr><td><td>");
		sh_buf_append_str(out, "<td>");
		report_html_esc(out, pr->id);
		sh_buf_append_str(out, "<td>");
		report_html_esc(out, pr->title);
		sh_buf_append_str(out, "<td>");
		report_html_esc(out, pr->applicant);
		sh_buf_append_str(out, "<td>");
		report_html_esc(out, mr_variant_label(m->rubric, pr->variant, ja));
		sh_buf_append_str(out, "<td>");
		report_html_esc(out, mr_pref_label(pr->prefecture, ja));
		/* Entries are by reviewer: one walk beside the columns. */
		es = sh_tally_entries(t, tp->id, &n);
		for (k = j = 0; k < nr; k++) {
			const struct sh_tally_entry *e;

			while (j < n && es[j].reviewer < k)
				j++;
			if (j == n || es[j].reviewer != k) {
				sh_buf_append_str(out, "<td>");
				continue;
			}
			e = &es[j];
			sh_buf_printf(out, "<td class=\"n%s\">", (e->flags &
			    (SH_TALLY_E_DROPPED_HIGH | SH_TALLY_E_DROPPED_LOW)) ?
			    " drop" : "");
			/*
			 * Raw total / deviation score, the score to one
			 * decimal so the table stays readable; the exact
			 * value is in the tooltip and in the JSON and CSV.
			 * Both are printed from the JSON's six places, so
			 * that the table agrees with it to the last digit.
			 */
			if (e->flags & SH_TALLY_E_SCORED) {
				sh_buf_printf(out, "%lld", (long long)e->total);
				if (e->flags & SH_TALLY_E_COUNTED) {
					double d = strtod(sh_results_fixed6(
					    sh_tally_entry_dev(t, e), num), NULL);

					sh_buf_printf(out, " / <span title="
					    "\"%.6f\">%.1f</span>", d, d);
				}
			}
			if (e->conflict != SH_CONFLICT_NONE)
				sh_buf_printf(out, " <span class=flag>%s</span>",
				    mr_conflict_label((int)e->conflict));
			sh_sink_flush(s, false);
		}
		sh_buf_printf(out, "<td class=flag>%s</tr>\n", mr_flag_labels(
		    SH_RESULTS_FLAGS_PROPOSAL, tp->flags, fl,
		    sizeof fl));
		sh_sink_flush(s, false);
	}
	sh_buf_append_str(out, "</table>\n");

	html_spread_chart(m, s);
	sh_buf_printf(out, "<p>%s</p>\n</body></html>\n", _("The committee "
	    "decides designation from this ranking; it does not decide by "
	    "itself."));
	return sh_buf_cstr(out) ? 0 : -1;
}
