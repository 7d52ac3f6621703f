/*
 * report: the ranking with raw totals, deviation scores, what was
 * dropped and every flag, as text, CSV (optionally with a BOM for
 * spreadsheets), JSON or a self-contained HTML page; to stdout or, with
 * -o, to a file made 0600 (reports are confidential until designation),
 * which may replace a regular file but nothing else.
 */
#include <stdio.h>
#include <string.h>

#include "merge.h"
#include "mround.h"
#include "report.h"

int
mreport(struct merge_opts *o, const char *format)
{
	struct sh_round	*r;
	struct mround	 m;
	struct sh_buf	 out;
	struct sh_err	 e;
	int		 rc;

	if (strcmp(format, "text") != 0 && strcmp(format, "csv") != 0 &&
	    strcmp(format, "json") != 0 && strcmp(format, "html") != 0) {
		merr("report: format \"%s\" is not text, csv, json or html",
		    format);
		return EXIT_USAGE;
	}
	if (o->bom && strcmp(format, "csv") != 0)
		return merr("report: --bom is for --format csv"), EXIT_USAGE;
	/*
	 * -o replaces a regular file by rename; anything else there (a
	 * link, /dev/stdout, a FIFO) is refused before the tally is worked
	 * out. Standard output is what leaving out -o is for.
	 */
	if (o->output != NULL && sh_write_file_check(o->output, &e) == -1)
		return merr("report: %s (without -o the report goes to "
		    "standard output)", e.msg);
	if ((r = mopen_round(o)) == NULL)
		return EXIT_FAIL;
	if (mround_load(r, &m) == -1) {
		sh_round_close(r);
		return EXIT_FAIL;
	}
	sh_buf_init(&out, false);
	if (strcmp(format, "text") == 0)
		rc = report_text(&m, &out);
	else if (strcmp(format, "csv") == 0)
		rc = report_csv(&m, o->bom, &out);
	else if (strcmp(format, "json") == 0)
		rc = report_json(&m, &out);
	else
		rc = report_html(&m, &out);
	if (rc != 0)
		rc = merr("report: out of memory");
	else if (o->output != NULL) {
		if (sh_write_file_atomic(o->output, out.data, out.len, 0600,
		    &e) == -1)
			rc = merr("%s", e.msg);
	} else if (fwrite(out.data, 1, out.len, stdout) != out.len ||
	    fflush(stdout) != 0)
		rc = merr("report: cannot write to standard output");
	sh_buf_free(&out);
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
	.usage = "[--db FILE] [--format text|csv|json|html] [--bom] "
	    "[-o FILE]",
	.help = "write the ranking, raw totals, deviation scores and flags",
	.options = ",db,format,bom,output,",
	.minargs = 0,
	.maxargs = 0,
	.exec = cmd_report_exec,
};
