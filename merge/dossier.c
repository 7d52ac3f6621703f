/*
 * The committee's dossier (dossier.h): each proposal becomes one JSON
 * object (proposal_doc), which the three writers render, so that text,
 * HTML and JSON say the same things.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <jansson.h>

#include "base/text.h"
#include "format/json_util.h"
#include "format/sheet.h"
#include "merge.h"
#include "dossier.h"
#include "report.h"
#include "rlang.h"

struct dctx {
	struct sh_round		*r;
	const struct mround	*m;
	const struct mdset	*s;
	bool			 names;
	struct sh_sheet		*sheets;	/* [tally reviewer], current */
	bool			*have;
};

/* 委員A..委員Z, 委員AA.. by the reviewer's place in the round. */
static void
letter(size_t j, char *buf, size_t len)
{
	char	l[16];
	size_t	n = 0, k;

	j++;
	while (j > 0 && n < sizeof l - 1) {
		l[n++] = (char)('A' + (j - 1) % 26);
		j = (j - 1) / 26;
	}
	for (k = 0; k < n / 2; k++) {
		char c = l[k];
		l[k] = l[n - 1 - k];
		l[n - 1 - k] = c;
	}
	l[n] = '\0';
	snprintf(buf, len, _("Reviewer %s"), l);
}

static const char *
label(const struct dctx *d, size_t j, char *buf, size_t len)
{
	const char	*id = d->m->res.reviewers[j];
	size_t		 i;

	if (d->names)
		for (i = 0; i < d->m->nv; i++)
			if (strcmp(d->m->vs[i].id, id) == 0)
				return d->m->vs[i].name;
	letter(j, buf, len);
	return buf;
}

/* Reads and parses every current sheet once. */
static int
load_sheets(struct dctx *d)
{
	const struct mround	*m = d->m;
	struct sh_buf		 b;
	struct sh_err		 e;
	size_t			 i, j;
	int			 rc = 0;

	d->sheets = calloc(m->res.nreviewers + 1, sizeof *d->sheets);
	d->have = calloc(m->res.nreviewers + 1, sizeof *d->have);
	if (d->sheets == NULL || d->have == NULL)
		return merr("%s", _("out of memory")), -1;
	sh_buf_init(&b, true);
	for (j = 0; j < m->res.nreviewers && rc == 0; j++) {
		sh_sheet_init(&d->sheets[j]);
		for (i = 0; i < m->ns; i++)
			if (m->ss[i].current &&
			    strcmp(m->ss[i].reviewer, m->res.reviewers[j]) == 0)
				break;
		if (i == m->ns)
			continue;
		if (sh_round_sheet_json(d->r, m->ss[i].seq, &b, &e) == -1 ||
		    sh_sheet_parse(b.data, b.len, &d->sheets[j], &e) == -1) {
			merr(_("sheet of %s: %s"), m->res.reviewers[j],
			    sh_errstr(&e));
			rc = -1;
		} else
			d->have[j] = true;
	}
	sh_buf_free(&b);
	return rc;
}

static void
free_sheets(struct dctx *d)
{
	size_t j;

	for (j = 0; d->sheets != NULL && j < d->m->res.nreviewers; j++)
		sh_sheet_free(&d->sheets[j]);
	free(d->sheets);
	free(d->have);
}

static void
set_opt(json_t *o, const char *k, const char *v)
{
	json_object_set_new(o, k, v != NULL ? json_string(v) : json_null());
}

static const char *
ki_reason(const struct mround *m, const char *proposal, const char *reviewer)
{
	size_t i;

	for (i = 0; i < m->nd; i++)
		if (strcmp(m->ds[i].proposal, proposal) == 0 &&
		    strcmp(m->ds[i].reviewer, reviewer) == 0)
			return m->ds[i].reason;
	return NULL;
}

static json_t *
review_doc(const struct dctx *d, const struct sh_tally_entry *en,
    const char *pid)
{
	const struct sh_sheet_proposal	*sp;
	const struct sh_sheet_entry	*se;
	json_t				*o, *items, *it;
	char				 lb[64], num[32];
	size_t				 k;

	o = json_object();
	json_object_set_new(o, "reviewer", json_string(label(d, en->reviewer,
	    lb, sizeof lb)));
	json_object_set_new(o, "status",
	    json_string(sh_results_status_name(en)));
	json_object_set_new(o, "conflict",
	    json_string(sh_results_conflict_name(en->conflict)));
	sp = d->have[en->reviewer] ? sh_sheet_proposal(
	    &d->sheets[en->reviewer], pid) : NULL;
	/* The reviewer's (キ) statement is what the committee decides on. */
	set_opt(o, "ki_statement", sp ? sp->statement : NULL);
	set_opt(o, "ki_reason", ki_reason(d->m, pid,
	    d->m->res.reviewers[en->reviewer]));
	if ((en->flags & SH_TALLY_E_COUNTED) == 0)
		return o;
	json_object_set_new(o, "total", json_integer(en->total));
	snprintf(num, sizeof num, "%.1f", sh_tally_entry_dev(d->m->res.tally,
	    en));
	json_object_set_new(o, "dev", json_string(num));
	if (sp == NULL)
		return o;
	items = json_array();
	for (k = 0; k < sp->nentries; k++) {
		se = &sp->entries[k];
		it = json_object();
		json_object_set_new(it, "item", json_string(se->item));
		if (se->has_score)
			json_object_set_new(it, "score", json_integer(se->score));
		if (se->has_value)
			json_object_set_new(it, "value", json_integer(se->value));
		json_object_set_new(it, "cannot_judge",
		    json_boolean(se->cannot_judge));
		set_opt(it, "comment", se->comment);
		json_array_append_new(items, it);
	}
	json_object_set_new(o, "items", items);
	set_opt(o, "remarks", sp->remarks);
	set_opt(o, "conditions", sp->conditions);
	return o;
}

static json_t *
proposal_doc(const struct dctx *d, const struct sh_tally_proposal *tp)
{
	const struct sh_proposal_rec	*pr = mround_proposal(d->m, tp->id);
	const struct sh_designation_rec	*dr = mdset_get(d->s, pr->id);
	const struct sh_tally_entry	*es;
	json_t				*o, *rv;
	char				 fl[512], num[32];
	size_t				 n, k;

	o = json_object();
	json_object_set_new(o, "id", json_string(pr->id));
	json_object_set_new(o, "title", json_string(pr->title));
	json_object_set_new(o, "applicant", json_string(pr->applicant));
	json_object_set_new(o, "variant", json_string(pr->variant));
	json_object_set_new(o, "prefecture", json_string(pr->prefecture));
	json_object_set_new(o, "rank", tp->rank ? json_integer(
	    (json_int_t)tp->rank) : json_null());
	set_opt(o, "score", tp->rank ? sh_tally_fmt_tenths(tp->tenths, num,
	    sizeof num) : NULL);
	json_object_set_new(o, "flags", json_string(sh_results_flag_words(
	    SH_RESULTS_FLAGS_PROPOSAL, tp->flags, fl, sizeof fl)));
	json_object_set_new(o, "designated", json_boolean(dr != NULL));
	set_opt(o, "balance", dr ? dr->balance : NULL);
	set_opt(o, "condition", dr ? dr->condition : NULL);
	rv = json_array();
	es = sh_tally_entries(d->m->res.tally, tp->id, &n);
	for (k = 0; k < n; k++)
		json_array_append_new(rv, review_doc(d, &es[k], pr->id));
	json_object_set_new(o, "reviews", rv);
	return o;
}

static const char *
str(const json_t *o, const char *k)
{
	return json_string_value(json_object_get(o, k));
}

/* The words for a review's place in the tally. */
static const char *
status_words(const json_t *rv)
{
	const char *c = str(rv, "conflict"), *s = str(rv, "status");

	if (strcmp(c, "withdrawn") == 0)
		return _("withdrawn for a conflict of interest");
	if (strcmp(c, "ki-pending") == 0)
		return _("(キ) awaiting the committee's decision: not counted");
	if (strcmp(c, "ki-refused") == 0)
		return _("(キ) refused by the committee: not counted");
	if (strcmp(s, "dropped-high") == 0)
		return _("counted; dropped as the highest");
	if (strcmp(s, "dropped-low") == 0)
		return _("counted; dropped as the lowest");
	if (strcmp(s, "kept") == 0)
		return strcmp(c, "ki-allowed") == 0 ?
		    _("counted ((キ) allowed by the committee)") : _("counted");
	return _("not counted");
}

static void
text_line(struct sh_buf *out, const char *indent, const char *head,
    const char *s)
{
	sh_buf_printf(out, "%s%s", indent, head);
	sh_text_sanitize(out, s, strlen(s), false);
	sh_buf_append_str(out, "\n");
}

static void
text_proposal(const struct mround *m, const json_t *p, struct sh_buf *out)
{
	const json_t	*rv, *it;
	size_t		 i, k;
	json_int_t	 rank = json_integer_value(json_object_get(p, "rank"));
	bool		 ja = mr_lang_ja();

	sh_buf_append_str(out, "======================================\n");
	if (rank > 0)
		sh_buf_printf(out, _("Rank %lld, score %s: "), (long long)rank,
		    str(p, "score"));
	else
		sh_buf_append_str(out, _("No score: "));
	text_line(out, "", "", str(p, "id"));
	text_line(out, "  ", "", str(p, "title"));
	text_line(out, "  ", _("applicant: "), str(p, "applicant"));
	text_line(out, "  ", _("type: "), mr_variant_label(m->rubric,
	    str(p, "variant"), ja));
	text_line(out, "  ", _("prefecture: "), mr_pref_label(str(p,
	    "prefecture"), ja));
	if (*str(p, "flags") != '\0')
		text_line(out, "  ", _("flags: "), str(p, "flags"));
	if (json_is_true(json_object_get(p, "designated"))) {
		sh_buf_printf(out, "  %s\n", _("Designated."));
		if (str(p, "balance"))
			text_line(out, "  ", _("chosen for balance: "),
			    str(p, "balance"));
		if (str(p, "condition"))
			text_line(out, "  ", _("conditions: "),
			    str(p, "condition"));
	}
	json_array_foreach(json_object_get(p, "reviews"), i, rv) {
		sh_buf_append_str(out, "\n");
		text_line(out, "  ", "", str(rv, "reviewer"));
		text_line(out, "    ", "", status_words(rv));
		if (str(rv, "ki_statement"))
			text_line(out, "    ", _("(キ) statement: "),
			    str(rv, "ki_statement"));
		if (str(rv, "ki_reason"))
			text_line(out, "    ", _("the committee's reason: "),
			    str(rv, "ki_reason"));
		if (str(rv, "dev"))
			sh_buf_printf(out, _("    total %lld, deviation score "
			    "%s\n"), (long long)json_integer_value(
			    json_object_get(rv, "total")), str(rv, "dev"));
		json_array_foreach(json_object_get(rv, "items"), k, it) {
			json_t *sc = json_object_get(it, "score");

			sh_buf_append_str(out, "    ");
			sh_text_sanitize(out, str(it, "item"),
			    strlen(str(it, "item")), false);
			if (sc != NULL)
				sh_buf_printf(out, " %lld",
				    (long long)json_integer_value(sc));
			else
				sh_buf_printf(out, " +%lld", (long long)
				    json_integer_value(json_object_get(it,
				    "value")));
			if (json_is_true(json_object_get(it, "cannot_judge")))
				sh_buf_printf(out, " %s", _("(cannot judge)"));
			if (str(it, "comment"))
				text_line(out, "  ", "", str(it, "comment"));
			else
				sh_buf_append_str(out, "\n");
		}
		if (str(rv, "remarks"))
			text_line(out, "    ", _("overall remarks: "),
			    str(rv, "remarks"));
		if (str(rv, "conditions"))
			text_line(out, "    ", _("conditions: "),
			    str(rv, "conditions"));
	}
	sh_buf_append_str(out, "\n");
}

static void
html_row(struct sh_buf *out, const char *head, const char *s)
{
	sh_buf_append_str(out, "<tr><th>");
	report_html_esc(out, head);
	sh_buf_append_str(out, "</th><td>");
	report_html_esc(out, s);
	sh_buf_append_str(out, "</td></tr>\n");
}

static void
html_proposal(const struct mround *m, const json_t *p, struct sh_buf *out)
{
	const json_t	*rv, *it;
	size_t		 i, k;
	json_int_t	 rank = json_integer_value(json_object_get(p, "rank"));
	char		 num[64];
	bool		 ja = mr_lang_ja();

	sh_buf_append_str(out, "<section>\n<p class=\"conf\">");
	report_html_esc(out, _("Confidential: committee use only"));
	sh_buf_append_str(out, "</p>\n<h2>");
	report_html_esc(out, str(p, "id"));
	sh_buf_append_str(out, " ");
	report_html_esc(out, str(p, "title"));
	sh_buf_append_str(out, "</h2>\n<table>\n");
	snprintf(num, sizeof num, "%lld", (long long)rank);
	html_row(out, _("rank"), rank > 0 ? num : "-");
	html_row(out, _("score"), str(p, "score") ? str(p, "score") : "-");
	html_row(out, _("applicant: "), str(p, "applicant"));
	html_row(out, _("type: "), mr_variant_label(m->rubric, str(p,
	    "variant"), ja));
	html_row(out, _("prefecture: "), mr_pref_label(str(p, "prefecture"),
	    ja));
	html_row(out, _("flags: "), str(p, "flags"));
	if (json_is_true(json_object_get(p, "designated"))) {
		html_row(out, _("Designated."), "");
		if (str(p, "balance"))
			html_row(out, _("chosen for balance: "),
			    str(p, "balance"));
		if (str(p, "condition"))
			html_row(out, _("conditions: "), str(p, "condition"));
	}
	sh_buf_append_str(out, "</table>\n");
	json_array_foreach(json_object_get(p, "reviews"), i, rv) {
		sh_buf_append_str(out, "<h3>");
		report_html_esc(out, str(rv, "reviewer"));
		sh_buf_append_str(out, "</h3>\n<p>");
		report_html_esc(out, status_words(rv));
		if (str(rv, "dev")) {
			snprintf(num, sizeof num, " (%lld / %s)", (long long)
			    json_integer_value(json_object_get(rv, "total")),
			    str(rv, "dev"));
			report_html_esc(out, num);
		}
		sh_buf_append_str(out, "</p>\n");
		if (str(rv, "ki_statement")) {
			sh_buf_append_str(out, "<p>");
			report_html_esc(out, _("(キ) statement: "));
			report_html_esc(out, str(rv, "ki_statement"));
			sh_buf_append_str(out, "</p>\n");
		}
		if (str(rv, "ki_reason")) {
			sh_buf_append_str(out, "<p>");
			report_html_esc(out, _("the committee's reason: "));
			report_html_esc(out, str(rv, "ki_reason"));
			sh_buf_append_str(out, "</p>\n");
		}
		if (json_array_size(json_object_get(rv, "items")) > 0)
			sh_buf_append_str(out, "<table class=\"items\">\n");
		json_array_foreach(json_object_get(rv, "items"), k, it) {
			json_t *sc = json_object_get(it, "score");

			sh_buf_append_str(out, "<tr><th>");
			report_html_esc(out, str(it, "item"));
			sh_buf_printf(out, "</th><td class=\"n\">%s%lld",
			    sc ? "" : "+", (long long)json_integer_value(sc ?
			    sc : json_object_get(it, "value")));
			if (json_is_true(json_object_get(it, "cannot_judge"))) {
				sh_buf_append_str(out, " ");
				report_html_esc(out, _("(cannot judge)"));
			}
			sh_buf_append_str(out, "</td><td>");
			if (str(it, "comment"))
				report_html_esc(out, str(it, "comment"));
			sh_buf_append_str(out, "</td></tr>\n");
		}
		if (json_array_size(json_object_get(rv, "items")) > 0)
			sh_buf_append_str(out, "</table>\n");
		sh_buf_append_str(out, "<table>\n");
		if (str(rv, "remarks"))
			html_row(out, _("overall remarks: "), str(rv, "remarks"));
		if (str(rv, "conditions"))
			html_row(out, _("conditions: "), str(rv, "conditions"));
		sh_buf_append_str(out, "</table>\n");
	}
	sh_buf_append_str(out, "</section>\n");
}

const char *
dossier_html_lang(void)
{
	return mr_lang_ja() ? "ja" : "en";
}

static void
html_head(const struct mround *m, struct sh_buf *out)
{
	sh_buf_append_str(out, "<!DOCTYPE html>\n<html lang=\"");
	report_html_esc(out, dossier_html_lang());
	sh_buf_append_str(out, "\"><head><meta charset=\"utf-8\">\n<title>");
	report_html_esc(out, _("Committee dossier"));
	sh_buf_append_str(out, " ");
	report_html_esc(out, m->info.id);
	/* Nothing is fetched or run: the page stands alone. */
	sh_buf_append_str(out, "</title>\n<meta http-equiv=\"Content-Security-"
	    "Policy\" content=\"default-src 'none'; style-src 'unsafe-inline'"
	    "\">\n<style>\n"
	    "@page { size: A4; margin: 15mm; }\n"
	    "body { font-family: serif; font-size: 10.5pt; }\n"
	    "section { break-after: page; page-break-after: always; }\n"
	    ".conf { color: #a00; font-weight: bold; text-align: right; }\n"
	    "table { border-collapse: collapse; margin: 0.5em 0; }\n"
	    "th, td { border: 1px solid #888; padding: 2px 6px; "
	    "vertical-align: top; text-align: left; }\n"
	    "td.n { text-align: right; white-space: nowrap; }\n"
	    "</style></head><body>\n<header><p class=\"conf\">");
	report_html_esc(out, _("Confidential: committee use only"));
	sh_buf_append_str(out, "</p><h1>");
	report_html_esc(out, _("Committee dossier"));
	sh_buf_append_str(out, ": ");
	report_html_esc(out, m->info.title);
	sh_buf_append_str(out, "</h1></header>\n");
}

int
dossier_write(struct sh_round *r, const struct mround *m,
    const struct mdset *s, enum dossier_format fmt, bool names,
    struct sh_sink *sink)
{
	struct dctx			 d = { r, m, s, names, NULL, NULL };
	const struct sh_tally_proposal	*tp;
	json_t				*p;
	struct sh_jw			 jw;
	size_t				 i;
	int				 rc = -1;

	if (load_sheets(&d) == -1)
		goto out;
	if (fmt == DOSSIER_HTML)
		html_head(m, &sink->buf);
	else if (fmt == DOSSIER_JSON)
		sh_buf_append_str(&sink->buf, "[");
	else {
		text_line(&sink->buf, "", _("Committee dossier: "),
		    m->info.title);
		sh_buf_printf(&sink->buf, "%s\n\n", _("Confidential: "
		    "committee use only"));
	}
	for (i = 0; i < m->np; i++) {
		tp = sh_tally_ranked(m->res.tally, i);
		if ((p = proposal_doc(&d, tp)) == NULL) {
			sh_sink_fail(sink, "out of memory");
			goto out;
		}
		if (fmt == DOSSIER_HTML)
			html_proposal(m, p, &sink->buf);
		else if (fmt == DOSSIER_TEXT)
			text_proposal(m, p, &sink->buf);
		else {
			if (i > 0)
				sh_buf_append_str(&sink->buf, ",\n");
			sh_jw_init_sink(&jw, sink, SH_JW_JANSSON);
			sh_jw_json(&jw, p);
		}
		json_decref(p);
		sh_sink_flush(sink, false);
	}
	if (fmt == DOSSIER_HTML)
		sh_buf_append_str(&sink->buf, "</body></html>\n");
	else if (fmt == DOSSIER_JSON)
		sh_buf_append_str(&sink->buf, "]\n");
	rc = 0;
out:
	free_sheets(&d);
	return rc;
}
