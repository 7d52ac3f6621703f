/*
 * Reports of a tallied round (DESIGN.md section 4, "Reports"): every
 * proposal's raw totals beside its deviation scores, which were dropped,
 * the score and rank, and every flag; conflicts awaiting the committee.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "base/text.h"
#include "review/rubric.h"
#include "store/csv.h"
#include "report.h"

static const char *
flag_words(const json_t *flags, char *buf, size_t len)
{
	size_t	 i;
	json_t	*f;

	buf[0] = '\0';
	json_array_foreach(flags, i, f) {
		if (i > 0)
			strncat(buf, " ", len - strlen(buf) - 1);
		strncat(buf, json_string_value(f), len - strlen(buf) - 1);
	}
	return buf;
}

static const char *
str_or(const json_t *o, const char *key, const char *dflt)
{
	const char *s = json_string_value(json_object_get(o, key));

	return s ? s : dflt;
}

static int
safe(struct sh_buf *out, const char *s)
{
	return sh_text_sanitize(out, s, strlen(s), false);
}

int
report_text(const struct mround *m, struct sh_buf *out)
{
	const json_t	*doc = m->res.doc, *ps, *p, *rv, *r;
	size_t		 i, j, ncur = 0, vw = 4, iw = 8;
	char		 fl[512];

	for (i = 0; i < m->ns; i++)
		ncur += m->ss[i].current;
	safe(out, m->info.id);
	sh_buf_append_str(out, "  ");
	safe(out, m->info.title);
	sh_buf_printf(out, "\nrubric %s (sha256 %.16s…), maximum %d; "
	    "%zu proposals, %zu reviewers, %zu current sheets (%zu kept)\n"
	    "tally: deviation scores per reviewer, %s; score = mean, "
	    "rounded half up to 0.1\n\n", m->rubric->id,
	    m->rubric->hash_hex, m->rubric->maximum, m->np, m->nv, ncur,
	    m->ns, m->rubric->tally.trim ? "one highest and one lowest "
	    "dropped when at least 3 remain" : "no trimming");
	for (i = 0; i < m->np; i++) {
		if (strlen(m->ps[i].variant) > vw)
			vw = strlen(m->ps[i].variant);
		if (strlen(m->ps[i].id) > iw)
			iw = strlen(m->ps[i].id);
	}
	sh_buf_printf(out, "%4s %6s  %-*s %-*s %-4s %s\n", "rank", "score",
	    (int)iw, "proposal", (int)vw, "type", "pref", "title / applicant");
	ps = json_object_get(doc, "proposals");
	/* In ranking order, then the unranked. */
	for (i = 0; i < m->np; i++) {
		const struct sh_tally_proposal *tp = sh_tally_ranked(m->res.tally,
		    i);
		const struct sh_proposal_rec *pr = mround_proposal(m, tp->id);

		p = json_array_get(ps, tp->id);
		if (tp->rank > 0)
			sh_buf_printf(out, "%4zu %6s  ", tp->rank,
			    str_or(p, "score", "-"));
		else
			sh_buf_printf(out, "%4s %6s  ", "-", "-");
		sh_buf_printf(out, "%-*s %-*s %-4s ", (int)iw, pr->id, (int)vw,
		    pr->variant, pr->prefecture);
		safe(out, pr->title);
		sh_buf_append_str(out, " / ");
		safe(out, pr->applicant);
		sh_buf_append_str(out, "\n");
		rv = json_object_get(p, "reviews");
		sh_buf_append_str(out, "     ");
		json_array_foreach(rv, j, r) {
			const char *st = str_or(r, "status", "");
			const char *cf = str_or(r, "conflict", "none");

			sh_buf_printf(out, " %s ", str_or(r, "reviewer", "?"));
			if (json_is_integer(json_object_get(r, "total")))
				sh_buf_printf(out, "%lld", (long long)
				    json_integer_value(json_object_get(r,
				    "total")));
			else
				sh_buf_append_str(out, "-");
			sh_buf_printf(out, "/%s", str_or(r, "dev", "-"));
			if (strcmp(st, "dropped-high") == 0)
				sh_buf_append_str(out, "(dropped↑)");
			else if (strcmp(st, "dropped-low") == 0)
				sh_buf_append_str(out, "(dropped↓)");
			if (strcmp(cf, "none") != 0)
				sh_buf_printf(out, "[%s]", cf);
			if (json_array_size(json_object_get(r, "flags")) > 0)
				sh_buf_printf(out, "{%s}", flag_words(
				    json_object_get(r, "flags"), fl, sizeof fl));
		}
		sh_buf_append_str(out, "\n");
		if (json_array_size(json_object_get(p, "flags")) > 0)
			sh_buf_printf(out, "      flags: %s\n", flag_words(
			    json_object_get(p, "flags"), fl, sizeof fl));
	}
	sh_buf_append_str(out, "\nreviewers (over their counted proposals)\n");
	json_array_foreach(json_object_get(doc, "reviewers"), i, r) {
		sh_buf_printf(out, "  %-10s n=%-3lld mean %s  sd %s", str_or(r,
		    "id", "?"), (long long)json_integer_value(
		    json_object_get(r, "counted")), str_or(r, "mean", "-"),
		    str_or(r, "sd", "-"));
		if (json_array_size(json_object_get(r, "flags")) > 0)
			sh_buf_printf(out, "  flags: %s", flag_words(
			    json_object_get(r, "flags"), fl, sizeof fl));
		sh_buf_append_str(out, "\n");
	}
	if (m->res.npending > 0) {
		sh_buf_printf(out, "\n(キ) conflicts awaiting the committee: "
		    "%zu (not counted until decided)\n", m->res.npending);
		json_array_foreach(ps, i, p)
			json_array_foreach(json_object_get(p, "reviews"), j, r)
				if (strcmp(str_or(r, "conflict", ""),
				    "ki-pending") == 0)
					sh_buf_printf(out, "  shinsa-merge "
					    "decide %s %s allow|refuse\n",
					    str_or(p, "id", "?"),
					    str_or(r, "reviewer", "?"));
	}
	sh_buf_append_str(out, "\nflags: sigma-zero = a reviewer gave every "
	    "proposal the same total (all deviation scores 50); too-few / "
	    "few-proposals = fewer proposals than the rubric's minimum for a "
	    "meaningful deviation score; no-trim = too few reviewers left to "
	    "trim; mandatory-one = a mandatory item scored 1; many-low = "
	    "markedly many 2s and 1s; pending = a (キ) conflict awaits the "
	    "committee.\nThe committee decides designation; this ranking "
	    "does not.\n");
	return sh_buf_cstr(out) ? 0 : -1;
}

int
report_csv(const struct mround *m, bool bom, struct sh_buf *out)
{
	const json_t	*ps = json_object_get(m->res.doc, "proposals"), *p, *r;
	const char	**cells;
	char		 (*num)[32], fl[512];
	size_t		 i, j, k, nr = m->res.nreviewers, ncol = 8 + 3 * nr;
	int		 rc = -1;

	cells = calloc(ncol, sizeof *cells);
	num = calloc(ncol, sizeof *num);
	if (cells == NULL || num == NULL)
		goto out;
	if (bom && sh_csv_write_bom(out) != 0)
		goto out;
	cells[0] = "rank"; cells[1] = "score"; cells[2] = "proposal";
	cells[3] = "title"; cells[4] = "applicant"; cells[5] = "variant";
	cells[6] = "prefecture"; cells[7] = "flags";
	for (k = 0; k < nr; k++) {
		snprintf(num[8 + 3 * k], 32, "%.20s total", m->res.reviewers[k]);
		snprintf(num[9 + 3 * k], 32, "%.20s dev", m->res.reviewers[k]);
		snprintf(num[10 + 3 * k], 32, "%.20s status",
		    m->res.reviewers[k]);
		for (j = 0; j < 3; j++)
			cells[8 + 3 * k + j] = num[8 + 3 * k + j];
	}
	if (sh_csv_write_row(out, cells, ncol) != 0)
		goto out;
	for (i = 0; i < m->np; i++) {
		const struct sh_tally_proposal *tp = sh_tally_ranked(m->res.tally,
		    i);
		const struct sh_proposal_rec *pr = mround_proposal(m, tp->id);

		p = json_array_get(ps, tp->id);
		for (k = 0; k < ncol; k++)
			cells[k] = "";
		snprintf(num[0], 32, "%zu", tp->rank);
		cells[0] = tp->rank ? num[0] : "";
		cells[1] = str_or(p, "score", "");
		cells[2] = pr->id;
		cells[3] = pr->title;
		cells[4] = pr->applicant;
		cells[5] = pr->variant;
		cells[6] = pr->prefecture;
		cells[7] = flag_words(json_object_get(p, "flags"), fl, sizeof fl);
		json_array_foreach(json_object_get(p, "reviews"), j, r) {
			for (k = 0; k < nr; k++)
				if (strcmp(m->res.reviewers[k], str_or(r,
				    "reviewer", "")) == 0)
					break;
			if (k == nr)
				continue;
			if (json_is_integer(json_object_get(r, "total"))) {
				snprintf(num[8 + 3 * k], 32, "%lld", (long long)
				    json_integer_value(json_object_get(r,
				    "total")));
				cells[8 + 3 * k] = num[8 + 3 * k];
			}
			cells[9 + 3 * k] = str_or(r, "dev", "");
			cells[10 + 3 * k] = strcmp(str_or(r, "conflict",
			    "none"), "none") != 0 ? str_or(r, "conflict", "") :
			    str_or(r, "status", "");
		}
		if (sh_csv_write_row(out, cells, ncol) != 0)
			goto out;
	}
	rc = 0;
out:
	free(cells);
	free(num);
	return rc;
}

int
report_json(const struct mround *m, struct sh_buf *out)
{
	json_t		*doc, *p;
	size_t		 i;
	struct sh_err	 e;
	int		 rc;

	/* The published document plus what only the committee sees. */
	if ((doc = json_deep_copy(m->res.doc)) == NULL)
		return -1;
	json_array_foreach(json_object_get(doc, "proposals"), i, p) {
		json_object_set_new(p, "title", json_string(m->ps[i].title));
		json_object_set_new(p, "applicant",
		    json_string(m->ps[i].applicant));
	}
	rc = mr_dump(doc, out, &e);
	json_decref(doc);
	if (rc == 0)
		rc = sh_buf_append_str(out, "\n");
	return rc;
}

static void
html_esc(struct sh_buf *out, const char *s)
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
	html_esc(out, title);
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
	html_esc(out, title);
	sh_buf_append_str(out, "</text></g>\n");
}

/*
 * Ranking chart: one bar per ranked proposal, best first, on a score
 * axis of 0–100 (the score is a mean of deviation scores, 50 on average).
 */
static void
html_ranking_chart(const struct mround *m, struct sh_buf *out)
{
	const json_t	*ps = json_object_get(m->res.doc, "proposals");
	const size_t	 top = 18;
	size_t		 i, yb = top + m->np * 18 + 4;
	double		 x;

	sh_buf_printf(out, "<h2>Ranking</h2>\n<svg xmlns=\"http://www.w3.org/"
	    "2000/svg\" width=\"640\" height=\"%zu\" role=\"img\">\n",
	    yb + 40);
	for (i = 0; i < m->np; i++) {
		const struct sh_tally_proposal *tp = sh_tally_ranked(m->res.tally,
		    i);

		if (tp->rank == 0)
			continue;
		x = (double)tp->tenths / 10.0;
		sh_buf_printf(out, "<text x=\"0\" y=\"%zu\" font-size=\"12\">",
		    top + i * 18 + 14);
		html_esc(out, m->ps[tp->id].id);
		sh_buf_printf(out, "</text><rect x=\"90\" y=\"%zu\" width=\"%.1f\""
		    " height=\"14\" fill=\"#4a7\"/><text x=\"%.1f\" y=\"%zu\" "
		    "font-size=\"12\">%s</text>\n", top + i * 18 + 3,
		    x > 0 ? x * 4.5 : 0, (x > 0 ? x * 4.5 : 0) + 95,
		    top + i * 18 + 14, str_or(json_array_get(ps, tp->id),
		    "score", ""));
	}
	svg_yaxis(out, 90, (double)top, (double)yb, "proposal");
	svg_axis(out, 90, 540, (double)yb, 0, 100, 10, m->rubric->tally.trim ?
	    "score: trimmed mean of deviation scores" :
	    "score: mean of deviation scores");
	sh_buf_append_str(out, "</svg>\n");
}

/*
 * Each reviewer's spread: raw totals on a 0–maximum axis at the left,
 * deviation scores on a 20–80 axis at the right (clamped to it), one row
 * per reviewer; a gap between the two keeps their end numbers apart.
 */
static void
html_spread_chart(const struct mround *m, struct sh_buf *out)
{
	size_t				 i, j, k, ne, nr = m->res.nreviewers;
	size_t				 yb = nr * 40 + 6;
	int				 max = m->rubric->maximum;
	const struct sh_tally_entry	*es;
	char				 title[64];
	double				 x;

	sh_buf_printf(out, "<h2>Reviewers: raw totals (0–%d) and deviation "
	    "scores (20–80)</h2>\n<svg xmlns=\"http://www.w3.org/2000/svg\" "
	    "width=\"740\" height=\"%zu\" role=\"img\">\n", max, yb + 40);
	for (k = 0; k < nr; k++) {
		sh_buf_printf(out, "<text x=\"0\" y=\"%zu\" font-size=\"12\">",
		    k * 40 + 22);
		html_esc(out, m->res.reviewers[k]);
		sh_buf_printf(out, "</text><line x1=\"80\" x2=\"380\" y1=\"%zu\" "
		    "y2=\"%zu\" stroke=\"#ccc\"/><line x1=\"420\" x2=\"720\" "
		    "y1=\"%zu\" y2=\"%zu\" stroke=\"#ccc\"/>\n", k * 40 + 18,
		    k * 40 + 18, k * 40 + 18, k * 40 + 18);
		for (i = 0; i < m->np; i++) {
			es = sh_tally_entries(m->res.tally, i, &ne);
			for (j = 0; j < ne; j++) {
				if (es[j].reviewer != k ||
				    !(es[j].flags & SH_TALLY_E_SCORED))
					continue;
				x = 80 + 300.0 * (double)es[j].total /
				    (max ? max : 1);
				sh_buf_printf(out, "<circle cx=\"%.1f\" cy=\"%zu\" "
				    "r=\"3\" fill=\"#36c\"/>", x, k * 40 + 18);
				if (!(es[j].flags & SH_TALLY_E_COUNTED))
					continue;
				x = es[j].dev < 20 ? 20 : es[j].dev > 80 ? 80 :
				    es[j].dev;
				sh_buf_printf(out, "<circle cx=\"%.1f\" cy=\"%zu\" "
				    "r=\"3\" fill=\"#c63\"/>", 420 + (x - 20) *
				    5, k * 40 + 18);
			}
		}
		sh_buf_append_str(out, "\n");
	}
	snprintf(title, sizeof title, "raw total (0–%d)", max);
	svg_yaxis(out, 80, 12, (double)yb, "reviewer");
	svg_axis(out, 80, 380, (double)yb, 0, max, tick_step(max), title);
	svg_axis(out, 420, 720, (double)yb, 20, 80, 10, "deviation score");
	sh_buf_append_str(out, "</svg>\n");
}

int
report_html(const struct mround *m, struct sh_buf *out)
{
	const json_t	*doc = m->res.doc, *ps, *p, *r;
	size_t		 i, j, k, nr = m->res.nreviewers;
	char		 fl[512];

	ps = json_object_get(doc, "proposals");
	sh_buf_append_str(out, "<!DOCTYPE html>\n<html lang=\"ja\"><head>"
	    "<meta charset=\"utf-8\"><title>");
	html_esc(out, m->info.id);
	sh_buf_append_str(out, "</title><meta http-equiv=\"Content-Security-"
	    "Policy\" content=\"default-src 'none'; style-src 'unsafe-inline'"
	    "\"><style>body{font-family:sans-serif;margin:2em}"
	    "table{border-collapse:collapse}td,th{border:1px solid #ccc;"
	    "padding:2px 6px;font-size:90%}td.n{text-align:right}"
	    ".drop{color:#999;text-decoration:line-through}.flag{color:#b00}"
	    "</style></head><body>\n<h1>");
	html_esc(out, m->info.title);
	sh_buf_append_str(out, "</h1>\n<p>round ");
	html_esc(out, m->info.id);
	sh_buf_printf(out, " · rubric %s (sha256 %s) · %s</p>\n",
	    m->rubric->id, m->rubric->hash_hex, m->rubric->tally.trim ?
	    "trimmed mean of deviation scores" : "mean of deviation scores");

	html_ranking_chart(m, out);

	sh_buf_append_str(out, "<h2>Proposals</h2>\n<table><tr><th>rank<th>"
	    "score<th>proposal<th>title<th>applicant<th>type<th>pref");
	for (k = 0; k < nr; k++) {
		sh_buf_append_str(out, "<th>");
		html_esc(out, m->res.reviewers[k]);
		sh_buf_append_str(out, "<br>total / dev");
	}
	sh_buf_append_str(out, "<th>flags</tr>\n");
	for (i = 0; i < m->np; i++) {
		const struct sh_tally_proposal *tp = sh_tally_ranked(m->res.tally,
		    i);
		const struct sh_proposal_rec *pr = mround_proposal(m, tp->id);

		p = json_array_get(ps, tp->id);
		if (tp->rank)
			sh_buf_printf(out, "<tr><td class=n>%zu<td class=n>%s",
			    tp->rank, str_or(p, "score", ""));
		else
			sh_buf_append_str(out, "<tr><td><td>");
		sh_buf_append_str(out, "<td>");
		html_esc(out, pr->id);
		sh_buf_append_str(out, "<td>");
		html_esc(out, pr->title);
		sh_buf_append_str(out, "<td>");
		html_esc(out, pr->applicant);
		sh_buf_append_str(out, "<td>");
		html_esc(out, pr->variant);
		sh_buf_printf(out, "<td>%s", pr->prefecture);
		for (k = 0; k < nr; k++) {
			const json_t *found = NULL;

			json_array_foreach(json_object_get(p, "reviews"), j, r)
				if (strcmp(str_or(r, "reviewer", ""),
				    m->res.reviewers[k]) == 0)
					found = r;
			if (found == NULL) {
				sh_buf_append_str(out, "<td>");
				continue;
			}
			sh_buf_printf(out, "<td class=\"n%s\">",
			    strncmp(str_or(found, "status", ""), "dropped", 7)
			    == 0 ? " drop" : "");
			/*
			 * Raw total / deviation score, the score to one
			 * decimal so the table stays readable; the exact
			 * value is in the tooltip and in the JSON and CSV.
			 */
			if (json_is_integer(json_object_get(found, "total"))) {
				const char	*dev = str_or(found, "dev", NULL);

				sh_buf_printf(out, "%lld", (long long)
				    json_integer_value(json_object_get(found,
				    "total")));
				if (dev != NULL) {
					double d = strtod(dev, NULL);

					sh_buf_printf(out, " / <span title="
					    "\"%.6f\">%.1f</span>", d, d);
				}
			}
			if (strcmp(str_or(found, "conflict", "none"), "none"))
				sh_buf_printf(out, " <span class=flag>%s</span>",
				    str_or(found, "conflict", ""));
		}
		sh_buf_printf(out, "<td class=flag>%s</tr>\n", flag_words(
		    json_object_get(p, "flags"), fl, sizeof fl));
	}
	sh_buf_append_str(out, "</table>\n");

	html_spread_chart(m, out);
	sh_buf_append_str(out, "<p>The committee decides designation "
	    "from this ranking; it does not decide by itself.</p>\n"
	    "</body></html>\n");
	return sh_buf_cstr(out) ? 0 : -1;
}
