/*
 * shinsa-merge: finds the subcommand, parses the options it allows and
 * runs it. See shinsa-merge(1).
 */
#include <dirent.h>
#include <locale.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#include <sodium.h>

#include "base/i18n.h"
#include "base/text.h"
#include "crypto/minisign.h"
#include "crypto/passphrase.h"
#include "review/rubric.h"
#include "store/csv.h"
#include "merge.h"
#include "base/sink.h"
#include "progress.h"
#include "rlang.h"

static const struct cmd_entry *const cmd_table[] = {
	&cmd_init_entry,
	&cmd_proposals_import_entry,
	&cmd_reviewers_add_entry,
	&cmd_reviewers_import_entry,
	&cmd_assign_import_entry,
	&cmd_issue_entry,
	&cmd_ingest_entry,
	&cmd_decide_entry,
	&cmd_designate_entry,
	&cmd_undesignate_entry,
	&cmd_designations_entry,
	&cmd_comments_entry,
	&cmd_announce_entry,
	&cmd_tally_entry,
	&cmd_report_entry,
	&cmd_publish_entry,
	&cmd_status_entry,
	&cmd_rubric_show_entry,
	&cmd_deadline_entry,
	&cmd_demo_entry,
	NULL
};

int
merr(const char *fmt, ...)
{
	va_list	ap;

	va_start(ap, fmt);
	sh_cli_vsay(stderr, "shinsa-merge: ", fmt, ap);
	va_end(ap);
	return EXIT_FAIL;
}

int
musage(const struct cmd_entry *c)
{
	fprintf(stderr, _("usage: shinsa-merge %s %s\n"), c->name, _(c->usage));
	return EXIT_USAGE;
}

void
mprint_text(const char *s)
{
	struct sh_buf b;

	sh_buf_init(&b, false);
	if (sh_text_sanitize(&b, s, strlen(s), false) == 0)
		fputs((char *)b.data, stdout);
	sh_buf_free(&b);
}

int
mafile_end(struct sh_afile *f, int rc)
{
	struct sh_err	e;

	if (rc != EXIT_OK) {
		sh_afile_abort(f);
		return rc;
	}
	if (sh_afile_commit(f, &e) == -1)
		return merr("%s", sh_errstr(&e));
	return rc;
}

struct sh_round *
mopen_round(const struct merge_opts *o)
{
	struct sh_round	*r;
	struct sh_err	 e;
	const char	*db = o->db;

	if (db == NULL)
		db = getenv("SHINSA_DB");
	if (db == NULL) {
		merr(_("no round: give --db FILE or set SHINSA_DB"));
		return NULL;
	}
	if ((r = sh_round_open(db, &e)) == NULL)
		merr("%s", sh_errstr(&e));
	return r;
}

struct sh_rubric *
mload_rubric(struct sh_round *r, struct sh_round_info *info)
{
	struct sh_rubric	*rubric;
	struct sh_err		 e;

	if (sh_round_get_info(r, info, &e) == -1) {
		merr("%s", sh_errstr(&e));
		return NULL;
	}
	if ((rubric = sh_rubric_load_buf(info->rubric, info->rubric_len,
	    "round rubric", &e)) == NULL) {
		merr("%s", sh_errstr(&e));
		sh_round_info_free(info);
	}
	return rubric;
}

int
mread_csv(const char *path, struct sh_csv *out)
{
	struct sh_buf	b;
	struct sh_err	e;
	const char	*base = strrchr(path, '/');
	int		rc;

	sh_buf_init(&b, false);
	if (sh_read_file(path, 64u * 1024 * 1024, &b, &e) == -1)
		return merr("%s", sh_errstr(&e));
	rc = sh_csv_parse(base ? base + 1 : path, b.data ? (char *)b.data :
	    "", b.len, NULL, out, &e);
	sh_buf_free(&b);
	if (rc == -1)
		return merr("%s", sh_errstr(&e));
	return 0;
}

/* Where the bundled rubrics may be, most particular first. */
static size_t
rubric_dirs(const char **dirs)
{
	size_t	n = 0;

	if (getenv("SHINSA_RUBRICS") != NULL)
		dirs[n++] = getenv("SHINSA_RUBRICS");
	dirs[n++] = SHINSA_DATADIR "/rubrics";
	dirs[n++] = SHINSA_SOURCE_RUBRICS;
	return n;
}

const char *
mfind_rubric(const char *name, char *buf, size_t len)
{
	const char	*dirs[3];
	struct stat	 sb;
	size_t		 i, n;

	/* A file the user names wins, and a path is only ever a path. */
	if (stat(name, &sb) == 0 || strchr(name, '/') != NULL)
		return name;
	n = rubric_dirs(dirs);
	for (i = 0; i < n; i++) {
		snprintf(buf, len, "%s/%s", dirs[i], name);
		if (stat(buf, &sb) == 0 && S_ISREG(sb.st_mode))
			return buf;
		snprintf(buf, len, "%s/%s.json", dirs[i], name);
		if (stat(buf, &sb) == 0 && S_ISREG(sb.st_mode))
			return buf;
	}
	return NULL;
}

int
mrubric_missing(const char *cmd, const char *name)
{
	const char	*dirs[3];
	struct dirent	*de;
	DIR		*d = NULL;
	char		 ids[256];
	size_t		 i, n, k = 0, l;

	n = rubric_dirs(dirs);
	for (i = 0; i < n && (d = opendir(dirs[i])) == NULL; i++)
		continue;
	ids[0] = '\0';
	while (d != NULL && (de = readdir(d)) != NULL && k < sizeof ids) {
		l = strlen(de->d_name);
		if (l > 5 && strcmp(de->d_name + l - 5, ".json") == 0)
			k += snprintf(ids + k, sizeof ids - k, "%s%.*s",
			    k > 0 ? _(", ") : "", (int)(l - 5), de->d_name);
	}
	if (d == NULL)
		return merr(_("%s: rubric %s: no such file, and no directory "
		    "of bundled rubrics was found; give the rubric file's "
		    "path or set SHINSA_RUBRICS"), cmd, name);
	closedir(d);
	return merr(_("%s: rubric %s: no such file; give the rubric file's "
	    "path, or the name of a bundled rubric (%s, in %s)"), cmd, name,
	    ids, dirs[i]);
}

struct sh_minisign_sk *
mload_secret(const struct merge_opts *o, const struct sh_round_info *info)
{
	struct sh_passphrase_ui	 ui = {
		.prompt = _("passphrase for the secretariat's key: "),
		.tr = sh_msg_tr,
	};
	struct sh_minisign_sk	*sk;
	struct sh_err		 e;
	char			 b64[SH_MINISIGN_PK_B64_LEN + 1];

	if (o->secret_key == NULL) {
		merr(_("the secretariat's secret key is needed: -s FILE"));
		return NULL;
	}
	if ((sk = sh_passphrase_unlock(o->secret_key, o->passphrase_file, &ui,
	    &e)) == NULL) {
		merr("%s", sh_errstr(&e));
		return NULL;
	}
	sh_minisign_pk_base64(&sk->pub, b64);
	if (strcmp(b64, info->secretariat_key) != 0) {
		merr(_("%s: not the secretariat key of round %s"), o->secret_key,
		    info->id);
		sh_minisign_sk_free(sk);
		return NULL;
	}
	return sk;
}

static void
usage_all(FILE *f)
{
	size_t i;

	fprintf(f, _("usage: shinsa-merge COMMAND [options] [arguments]\n\n"
	    "The secretariat's tool: set up a round, issue packages, ingest\n"
	    "signed sheets, tally, report and publish an audit bundle.\n\n"
	    "commands:\n"));
	for (i = 0; cmd_table[i] != NULL; i++)
		fprintf(f, "  %-18s %s\n", cmd_table[i]->name,
		    _(cmd_table[i]->help));
	fprintf(f, _("\n'shinsa-merge COMMAND --help' for a command's usage; "
	    "shinsa-merge(1) for everything.\n"));
}

static void
usage_cmd(const struct cmd_entry *c, FILE *f)
{
	fprintf(f, _("usage: shinsa-merge %s %s\n\n%s\n"), c->name, _(c->usage),
	    _(c->help));
}

static const struct cmd_entry *
find_cmd(int argc, char **argv, int *used)
{
	char	name[64];
	size_t	i;

	for (i = 0; cmd_table[i] != NULL; i++) {
		if (argc >= 2) {
			snprintf(name, sizeof name, "%s %s", argv[0], argv[1]);
			if (strcmp(cmd_table[i]->name, name) == 0) {
				*used = 2;
				return cmd_table[i];
			}
		}
		if (strcmp(cmd_table[i]->name, argv[0]) == 0) {
			*used = 1;
			return cmd_table[i];
		}
	}
	return NULL;
}

int
mopt_lang(void *opts, const char *arg)
{
	(void)opts;
	/* Before any message is looked up (rlang.h). */
	if (mr_lang_set(arg) == -1) {
		merr(_("--lang %s: not ja or en"), arg);
		return -1;
	}
	return 0;
}

int
mopt_max_size(void *opts, const char *arg)
{
	struct merge_opts	*o = opts;
	char			*end;
	unsigned long long	 v;

	v = strtoull(arg, &end, 10);
	if (end == arg || *end != '\0' || v == 0 ||
	    v > 256ull * 1024 * 1024) {
		merr(_("--max-size %s: not a number of bytes from 1 to "
		    "268435456"), arg);
		return -1;
	}
	o->max_size = (size_t)v;
	return 0;
}

/*
 * The option as typed, for a refusal. getopt's last argv element is not
 * always it: inside a cluster such as -qZ it is the command's name, and
 * after an option that took its argument it is the argument.
 */
static const char *
opt_typed(const struct sh_cli_parsed *p, char *buf, size_t len)
{
	const char	*bad = p->bad != NULL ? p->bad : "";

	if (strncmp(bad, "--", 2) == 0)
		return bad;
	if (p->opt == NULL) {
		if (p->badch > ' ' && p->badch < 0x7f && p->badch != '?') {
			snprintf(buf, len, "-%c", p->badch);
			return buf;
		}
		return bad;
	}
	/* An option taken with its argument: bad is the argument. */
	if (bad[0] == '-' && bad[1] != '\0' && p->opt->ch != 0)
		snprintf(buf, len, "-%c", p->opt->ch);
	else
		snprintf(buf, len, "--%s", p->opt->name);
	return buf;
}

/*
 * Too few or too many arguments: says which, and for too few what the
 * usage line shows is missing, options included (a line short of its
 * arguments often lacks them too).
 */
static int
nargs_refusal(const struct cmd_entry *c, const struct merge_opts *o,
    const struct sh_cli_parsed *p)
{
	char	list[512];

	if (p->argc > c->args.lower) {
		merr(_("%s: too many arguments, from \"%s\" on"), c->name,
		    p->argv[c->args.upper]);
		return musage(c);
	}
	sh_cli_missing(_(c->usage), &c->args, o, p->argc, _(", "), list,
	    sizeof list);
	merr(_("%s: not given: %s"), c->name, list);
	return musage(c);
}

int
main(int argc, char **argv)
{
	const struct cmd_entry	*c;
	struct sh_cli_parsed	 p;
	struct merge_opts	 o;
	char			 badopt[64];
	int			 used, rc;

	sh_cli_before_print = progress_clear;
	if (sh_i18n_init(argv[0]) == -1) {
		fputs(sh_i18n_refusal(), stderr);
		return 1;
	}
	/* Everything the secretariat writes is confidential until published. */
	umask(077);
	if (sodium_init() < 0)
		return merr(_("libsodium cannot be initialised"));
	if (argc < 2) {
		usage_all(stderr);
		return EXIT_USAGE;
	}
	if (strcmp(argv[1], "--help") == 0 || strcmp(argv[1], "-h") == 0 ||
	    strcmp(argv[1], "help") == 0) {
		usage_all(stdout);
		return EXIT_OK;
	}
	if ((c = find_cmd(argc - 1, argv + 1, &used)) == NULL) {
		merr(_("unknown command \"%s\" ('shinsa-merge --help' lists "
		    "them)"), argv[1]);
		return EXIT_USAGE;
	}
	memset(&o, 0, sizeof o);
	o.max_size = 16u * 1024 * 1024;
	argc -= used;
	argv += used;
	switch (sh_cli_parse((const void *const *)cmd_table,
	    offsetof(struct cmd_entry, args), &c->args, false, argc, argv, &o,
	    &p)) {
	case SH_CLI_OK:
		break;
	case SH_CLI_HELP:
		usage_cmd(c, stdout);
		return EXIT_OK;
	case SH_CLI_UNKNOWN:
	case SH_CLI_NOARG:
		merr(_("%s: bad option \"%s\""), c->name,
		    opt_typed(&p, badopt, sizeof badopt));
		return musage(c);
	case SH_CLI_NOTHERE:
		merr(_("%s: option \"%s\" does not apply"), c->name,
		    opt_typed(&p, badopt, sizeof badopt));
		return musage(c);
	case SH_CLI_REFUSED:
		return EXIT_USAGE;
	case SH_CLI_NARGS:
		return nargs_refusal(c, &o, &p);
	}
	rc = c->exec(c, &o, p.argc, p.argv);
	/* Output that was lost (a full disk, a closed pipe) is a failure. */
	if ((fflush(stdout) != 0 || ferror(stdout)) && rc == EXIT_OK)
		rc = merr(_("%s: cannot write to standard output"), c->name);
	return rc;
}
