/*
 * report: the ranking with raw totals, deviation scores, what was
 * dropped and every flag, as text, CSV (optionally with a BOM for
 * spreadsheets), JSON, a self-contained HTML page or an Excel workbook
 * (which needs -o); to stdout or, with
 * -o, to a file made 0600 (reports are confidential until designation),
 * which may replace a regular file but nothing else.
 */
#include <stdio.h>
#include <string.h>

#include "base/buf.h"
#include "base/errmsg.h"

#include "merge.h"
#include "mround.h"
#include "report.h"

static int
render(const struct mround *m, const char *format, bool bom,
    struct sh_sink *s)
{
	if (strcmp(format, "text") == 0)
		return report_text(m, s);
	if (strcmp(format, "csv") == 0)
		return report_csv(m, bom, s);
	if (strcmp(format, "json") == 0)
		return report_json(m, s);
	return report_html(m, s);
}

/*
 * The workbook into a temporary beside path, made 0600 before anything
 * is in it (libxlsxwriter truncates it and keeps its mode), that
 * replaces path only when whole.
 */
static int
workbook(const struct mround *m, const char *path)
{
	struct sh_afile	f;
	struct sh_err	e;

	if (sh_afile_open(&f, path, 0600, &e) == -1)
		return merr("%s", sh_errstr(&e));
	if (report_xlsx(m, f.tmp, path, &e) == -1) {
		sh_afile_abort(&f);
		return merr(_("report: %s"), sh_errstr(&e));
	}
	if (sh_afile_commit(&f, &e) == -1)
		return merr("%s", sh_errstr(&e));
	return EXIT_OK;
}

int
mreport(struct merge_opts *o, const char *format)
{
	struct sh_round	*r;
	struct mround	 m;
	struct sh_sink	 out;
	struct sh_afile	 f;
	struct sh_err	 e;
	int		 rc;

	if (strcmp(format, "text") != 0 && strcmp(format, "csv") != 0 &&
	    strcmp(format, "json") != 0 && strcmp(format, "html") != 0 &&
	    strcmp(format, "xlsx") != 0) {
		merr(_("report: format \"%s\" is not text, csv, json, html or "
		    "xlsx"), format);
		return EXIT_USAGE;
	}
	/* A workbook is a zip file: no use on a terminal or in a pipe. */
	if (strcmp(format, "xlsx") == 0 && o->output == NULL)
		return merr("%s", _("report: --format xlsx needs -o FILE")), EXIT_USAGE;
	if (o->bom && strcmp(format, "csv") != 0)
		return merr("%s", _("report: --bom is for --format csv")), EXIT_USAGE;
	/*
	 * -o replaces a regular file by rename; anything else there (a
	 * link, /dev/stdout, a FIFO) is refused before the tally is worked
	 * out. Standard output is what leaving out -o is for.
	 */
	if (o->output != NULL && sh_write_file_check(o->output, &e) == -1)
		return merr(_("report: %s (without -o the report goes to "
		    "standard output)"), sh_errstr(&e));
	if ((r = mopen_round(o)) == NULL)
		return EXIT_FAIL;
	if (mround_load(r, &m) == -1) {
		sh_round_close(r);
		return EXIT_FAIL;
	}
	if (strcmp(format, "xlsx") == 0) {
		rc = workbook(&m, o->output);
		goto done;
	}
	/*
	 * The report goes out as it is made, a chunk at a time: with -o
	 * into a temporary that replaces the file only when whole.
	 */
	if (o->output != NULL) {
		if (sh_afile_open(&f, o->output, 0600, &e) == -1) {
			rc = merr("%s", sh_errstr(&e));
			goto done;
		}
		sh_sink_init(&out, sh_afile_write, &f, false);
	} else
		sh_sink_init(&out, sh_sink_stdio, stdout, false);
	if (render(&m, format, o->bom, &out) != 0)
		sh_sink_fail(&out, _("out of memory"));
	rc = EXIT_OK;
	if (sh_sink_finish(&out, &e) == -1) {
		if (!out.write_failed)
			rc = merr(_("report: %s"), sh_errstr(&e));
		else if (o->output != NULL)
			rc = merr("%s", sh_errstr(&e));
		else
			rc = merr("%s",
			    _("report: cannot write to standard output"));
	}
	if (o->output != NULL)
		rc = mafile_end(&f, rc);
	sh_sink_free(&out);
done:
	mround_free(&m);
	sh_round_close(r);
	return rc;
}

static int
cmd_report_exec(const struct cmd_entry *self, struct merge_opts *o, int argc,
    char **argv)
{
	return mreport(o, o->format ? o->format : "text");
}

const struct cmd_entry cmd_report_entry = {
	.name = "report",
	.usage = N_("[--db FILE] [--format text|csv|json|html|xlsx] [--bom] "
	    "[--lang ja|en] [-o FILE]"),
	.help = N_("write the ranking, raw totals, deviation scores and flags"),
	.args = { MOPTS(MOPT_DB, MOPT_FORMAT, MOPT_BOM, MOPT_OUTPUT, MOPT_LANG),
	    0, 0 },
	.exec = cmd_report_exec,
};
