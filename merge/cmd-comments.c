/*
 * comments: the committee's dossier (dossier.h) as text, printable HTML
 * or JSON; to stdout or, with -o, to a file made 0600 (the dossier is
 * confidential: 秘密の保持), which replaces a regular file only when
 * whole.
 */
#include <stdio.h>
#include <string.h>

#include "merge.h"
#include "dossier.h"

static int
cmd_comments_exec(const struct cmd_entry *self, struct merge_opts *o,
    int argc, char **argv)
{
	const char		*format = o->format ? o->format : "text";
	enum dossier_format	 fmt;
	struct mcommittee		 c;
	struct sh_sink		 out;
	struct sh_afile		 f;
	struct sh_err		 e;
	int			 rc = EXIT_FAIL;

	if (strcmp(format, "text") == 0)
		fmt = DOSSIER_TEXT;
	else if (strcmp(format, "html") == 0)
		fmt = DOSSIER_HTML;
	else if (strcmp(format, "json") == 0)
		fmt = DOSSIER_JSON;
	else {
		merr(_("comments: format \"%s\" is not text, html or json"),
		    format);
		return EXIT_USAGE;
	}
	if (o->output != NULL && sh_write_file_check(o->output, &e) == -1)
		return merr("comments: %s", sh_errstr(&e));
	if (mcommittee_open(o, &c) == -1)
		return EXIT_FAIL;
	if (o->output != NULL) {
		if (sh_afile_open(&f, o->output, 0600, &e) == -1) {
			merr("%s", sh_errstr(&e));
			goto out;
		}
		sh_sink_init(&out, sh_afile_write, &f, true);
	} else
		sh_sink_init(&out, sh_sink_stdio, stdout, true);
	if (dossier_write(c.r, &c.m, &c.s, fmt, o->names, &out) == 0 &&
	    sh_sink_finish(&out, &e) == 0)
		rc = EXIT_OK;
	else if (out.failed)
		merr("comments: %s", sh_errstr(&out.err));
	if (o->output != NULL)
		rc = mafile_end(&f, rc);
	sh_sink_free(&out);
out:
	mcommittee_close(&c);
	return rc;
}

const struct cmd_entry cmd_comments_entry = {
	.name = "comments",
	.usage = N_("[--db FILE] [--format text|html|json] [--names] "
	    "[--lang ja|en] [-o FILE]"),
	.help = N_("write the committee's dossier: scores, comments, remarks "
	    "and conditions per proposal"),
	.args = { MOPTS(MOPT_DB, MOPT_FORMAT, MOPT_NAMES, MOPT_OUTPUT,
	    MOPT_LANG),
	    0, 0 },
	.exec = cmd_comments_exec,
};
