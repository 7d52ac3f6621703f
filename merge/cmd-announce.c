/*
 * announce: once the designations are final, writes what is made public
 * (seed 003 開示・公開等: the designated proposals are published, and the
 * reviewers' names after designation) and what each applicant is told:
 *
 *	DIR/designated.csv, designated.html
 *	                      指定構想一覧: id, applicant, title, type and
 *	                      prefecture of each designated proposal, by id;
 *	                      no scores
 *	DIR/reviewers.html    the reviewers' names (審査委員), by id
 *	DIR/notices/ID.txt, ID.html
 *	                      to each applicant: designated, with the
 *	                      committee's conditions, or not designated
 *
 * Final means: at least one designation, every (キ) decided, the set
 * keeps every rule of review/designate.h, and publish has signed it
 * (no designation changed since the last publish, so the announcement
 * agrees with designations.json); otherwise nothing is written.
 * The files are public (0644) and written atomically, one by one.
 */
#include <errno.h>
#include <stdio.h>
#include <string.h>
#include <sys/stat.h>

#include "review/rubric.h"
#include "store/csv.h"
#include "merge.h"
#include "dossier.h"
#include "mdset.h"
#include "report.h"

static void
page_begin(struct sh_buf *b, const char *title)
{
	sh_buf_append_str(b, "<!DOCTYPE html>\n<html lang=\"");
	report_html_esc(b, dossier_html_lang());
	sh_buf_append_str(b, "\"><head><meta charset=\"utf-8\"><title>");
	report_html_esc(b, title);
	sh_buf_append_str(b, "</title><meta http-equiv=\"Content-Security-"
	    "Policy\" content=\"default-src 'none'; style-src 'unsafe-inline'"
	    "\"><style>body{font-family:serif;margin:2em}table{border-"
	    "collapse:collapse}td,th{border:1px solid #888;padding:2px 6px}"
	    "</style></head><body>\n<h1>");
	report_html_esc(b, title);
	sh_buf_append_str(b, "</h1>\n");
}

static int
put(const char *dir, const char *name, struct sh_buf *b)
{
	struct sh_err	e;
	char		path[4096];

	snprintf(path, sizeof path, "%s/%s", dir, name);
	if (sh_write_file_atomic(path, b->data ? b->data : (void *)"",
	    b->len, 0644, &e) == -1)
		return merr("%s", sh_errstr(&e));
	b->len = 0;
	return 0;
}

static const char *
type_name(const struct mround *m, const char *variant)
{
	const struct sh_variant *v = sh_rubric_variant(m->rubric, variant);

	return v != NULL && v->name != NULL ? v->name : variant;
}

static int
notice(const char *dir, const struct mround *m,
    const struct sh_proposal_rec *p, const struct sh_designation_rec *d,
    struct sh_buf *b)
{
	char	name[128], line[1024];

	snprintf(line, sizeof line, _("Proposal %s (%s), %s"), p->id,
	    p->title, p->applicant);
	page_begin(b, _("Notice of the result of the review"));
	sh_buf_append_str(b, "<p>");
	report_html_esc(b, line);
	sh_buf_append_str(b, "</p>\n<p>");
	report_html_esc(b, d != NULL ? _("After the review, the committee "
	    "has decided to designate this proposal.") : _("After the "
	    "review, the committee has decided not to designate this "
	    "proposal."));
	sh_buf_append_str(b, "</p>\n");
	if (d != NULL && d->condition != NULL) {
		sh_buf_append_str(b, "<p>");
		report_html_esc(b, _("Conditions for revising the plan: "));
		report_html_esc(b, d->condition);
		sh_buf_append_str(b, "</p>\n");
	}
	sh_buf_append_str(b, "</body></html>\n");
	snprintf(name, sizeof name, "notices/%s.html", p->id);
	if (put(dir, name, b) == -1)
		return -1;
	sh_buf_printf(b, "%s\n\n%s\n%s\n", _("Notice of the result of the "
	    "review"), line, d != NULL ? _("After the review, the committee "
	    "has decided to designate this proposal.") : _("After the "
	    "review, the committee has decided not to designate this "
	    "proposal."));
	if (d != NULL && d->condition != NULL)
		sh_buf_printf(b, "%s%s\n", _("Conditions for revising the "
		    "plan: "), d->condition);
	snprintf(name, sizeof name, "notices/%s.txt", p->id);
	return put(dir, name, b);
}

static int
cmd_announce_exec(const struct cmd_entry *self, struct merge_opts *o,
    int argc, char **argv)
{
	struct mcommittee		 c;
	struct sh_desig_problem		 p[1];
	const struct sh_designation_rec	*d;
	const struct sh_proposal_rec	*pr;
	struct sh_buf			 b, csv;
	struct sh_err			 e;
	const char			*hdr[5], *row[5];
	char				 sub[4096], msg[1024];
	size_t				 i, np;
	bool				 published;
	int				 rc = EXIT_FAIL;

	if (mcommittee_open(o, &c) == -1)
		return EXIT_FAIL;
	sh_buf_init(&b, false);
	sh_buf_init(&csv, false);
	if (c.s.nd == 0) {
		merr(_("announce: nothing is designated yet (shinsa-merge "
		    "designate); nothing was written."));
		goto out;
	}
	if (c.m.res.npending > 0) {
		merr(_("announce: %zu (キ) conflicts still await the "
		    "committee's decision; the designations are not final and "
		    "nothing was written."), c.m.res.npending);
		goto out;
	}
	if ((np = sh_desig_check(c.s.before, c.s.n, p, 1, NULL)) > 0) {
		merr(_("announce: the designations break a rule (%zu "
		    "problems), for example: %s Nothing was written."), np,
		    mdesig_words(&p[0], c.s.before, c.s.ids, msg, sizeof msg));
		goto out;
	}
	if (sh_round_designations_published(c.r, &published, &e) == -1) {
		merr("%s", sh_errstr(&e));
		goto out;
	}
	if (!published) {
		merr(_("announce: the designations were changed after the last "
		    "publish, so the signed designations.json does not show "
		    "them; run shinsa-merge publish first. Nothing was "
		    "written."));
		goto out;
	}
	snprintf(sub, sizeof sub, "%s/notices", argv[0]);
	if ((mkdir(argv[0], 0755) == -1 && errno != EEXIST) ||
	    (mkdir(sub, 0755) == -1 && errno != EEXIST)) {
		merr("%s: %s", sub, strerror(errno));
		goto out;
	}
	page_begin(&b, _("List of designated proposals"));
	sh_buf_printf(&b, "<table>\n<tr><th>%s</th><th>%s</th><th>%s</th>"
	    "<th>%s</th><th>%s</th></tr>\n", _("ID"), _("Managing body"),
	    _("Title"), _("Type"), _("Prefecture"));
	hdr[0] = _("ID");
	hdr[1] = _("Managing body");
	hdr[2] = _("Title");
	hdr[3] = _("Type");
	hdr[4] = _("Prefecture");
	if (sh_csv_write_bom(&csv) != 0 || sh_csv_write_row(&csv, hdr, 5) != 0)
		goto oom;
	for (i = 0; i < c.m.np; i++) {
		pr = &c.m.ps[i];
		if (mdset_get(&c.s, pr->id) == NULL)
			continue;
		sh_buf_append_str(&b, "<tr><td>");
		report_html_esc(&b, pr->id);
		sh_buf_append_str(&b, "</td><td>");
		report_html_esc(&b, pr->applicant);
		sh_buf_append_str(&b, "</td><td>");
		report_html_esc(&b, pr->title);
		sh_buf_append_str(&b, "</td><td>");
		report_html_esc(&b, type_name(&c.m, pr->variant));
		sh_buf_append_str(&b, "</td><td>");
		report_html_esc(&b, pr->prefecture);
		sh_buf_append_str(&b, "</td></tr>\n");
		row[0] = pr->id;
		row[1] = pr->applicant;
		row[2] = pr->title;
		row[3] = type_name(&c.m, pr->variant);
		row[4] = pr->prefecture;
		if (sh_csv_write_row(&csv, row, 5) != 0)
			goto oom;
	}
	sh_buf_append_str(&b, "</table>\n</body></html>\n");
	if (put(argv[0], "designated.html", &b) == -1 ||
	    put(argv[0], "designated.csv", &csv) == -1)
		goto out;
	page_begin(&b, _("List of reviewers"));
	sh_buf_append_str(&b, "<ul>\n");
	for (i = 0; i < c.m.nv; i++) {
		sh_buf_append_str(&b, "<li>");
		report_html_esc(&b, c.m.vs[i].name);
		sh_buf_append_str(&b, "</li>\n");
	}
	sh_buf_append_str(&b, "</ul>\n</body></html>\n");
	if (put(argv[0], "reviewers.html", &b) == -1)
		goto out;
	for (i = 0; i < c.m.np; i++) {
		d = mdset_get(&c.s, c.m.ps[i].id);
		if (notice(argv[0], &c.m, &c.m.ps[i], d, &b) == -1)
			goto out;
	}
	if (!o->quiet)
		printf(_("announced: %zu designated of %zu proposals, in %s\n"),
		    c.s.nd, c.m.np, argv[0]);
	rc = EXIT_OK;
	goto out;
oom:
	merr("%s", _("out of memory"));
out:
	sh_buf_free(&b);
	sh_buf_free(&csv);
	mcommittee_close(&c);
	return rc;
}

const struct cmd_entry cmd_announce_entry = {
	.name = "announce",
	.usage = N_("[--db FILE] [--lang ja|en] DIR"),
	.help = N_("write the public list of designated proposals, the "
	    "reviewers' names and a notice to each applicant"),
	.args = { MOPTS(MOPT_DB, MOPT_QUIET, MOPT_LANG),
	    1, 1 },
	.exec = cmd_announce_exec,
};
