/*
 * shinsa-merge: finds the subcommand, parses the options it allows and
 * runs it. See shinsa-merge(1).
 */
#include <getopt.h>
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
#include "sink.h"
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

enum {
	OPT_DB = 256, OPT_ROUND, OPT_TITLE, OPT_RUBRIC, OPT_SECRETARIAT_KEY,
	OPT_PASSPHRASE_FILE, OPT_OUTBOX, OPT_FORMAT, OPT_BOM, OPT_MAX_SIZE,
	OPT_HELP, OPT_SHEETS, OPT_LANG, OPT_BALANCE, OPT_CONDITION, OPT_REASON,
	OPT_BEYOND, OPT_NAMES, OPT_DEADLINE
};

static const struct option long_options[] = {
	{ "db",			required_argument, NULL, OPT_DB },
	{ "round",		required_argument, NULL, OPT_ROUND },
	{ "title",		required_argument, NULL, OPT_TITLE },
	{ "rubric",		required_argument, NULL, OPT_RUBRIC },
	{ "secretariat-key",	required_argument, NULL, OPT_SECRETARIAT_KEY },
	{ "secret-key",		required_argument, NULL, 's' },
	{ "passphrase-file",	required_argument, NULL, OPT_PASSPHRASE_FILE },
	{ "outbox",		required_argument, NULL, OPT_OUTBOX },
	{ "format",		required_argument, NULL, OPT_FORMAT },
	{ "output",		required_argument, NULL, 'o' },
	{ "bom",		no_argument,	   NULL, OPT_BOM },
	{ "max-size",		required_argument, NULL, OPT_MAX_SIZE },
	{ "quiet",		no_argument,	   NULL, 'q' },
	{ "help",		no_argument,	   NULL, OPT_HELP },
	{ "sheets",		no_argument,	   NULL, OPT_SHEETS },
	{ "lang",		required_argument, NULL, OPT_LANG },
	{ "balance",		required_argument, NULL, OPT_BALANCE },
	{ "condition",		required_argument, NULL, OPT_CONDITION },
	{ "reason",		required_argument, NULL, OPT_REASON },
	{ "beyond-guideline",	no_argument,	   NULL, OPT_BEYOND },
	{ "names",		no_argument,	   NULL, OPT_NAMES },
	{ "deadline",		required_argument, NULL, OPT_DEADLINE },
	{ NULL, 0, NULL, 0 }
};

int
merr(const char *fmt, ...)
{
	va_list	ap;

	char		msg[4096];
	struct sh_buf	b;

	progress_clear();
	/* Messages may quote what a file said: never let it reach the
	 * terminal raw. */
	va_start(ap, fmt);
	vsnprintf(msg, sizeof msg, fmt, ap);
	va_end(ap);
	sh_buf_init(&b, false);
	sh_text_sanitize(&b, msg, strlen(msg), false);
	fprintf(stderr, "shinsa-merge: %s\n", b.data ? (char *)b.data : "");
	sh_buf_free(&b);
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
mafile_end(struct mr_afile *f, int rc)
{
	struct sh_err	e;

	if (rc != EXIT_OK) {
		mr_afile_abort(f);
		return rc;
	}
	if (mr_afile_commit(f, &e) == -1)
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

int
mread(const char *path, size_t limit, struct sh_buf *out, struct sh_err *err)
{
	return sh_read_file(path, limit, out, err);
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
	if (mread(path, 64u * 1024 * 1024, &b, &e) == -1)
		return merr("%s", sh_errstr(&e));
	rc = sh_csv_parse(base ? base + 1 : path, b.data ? (char *)b.data :
	    "", b.len, NULL, out, &e);
	sh_buf_free(&b);
	if (rc == -1)
		return merr("%s", sh_errstr(&e));
	return 0;
}

struct sh_minisign_sk *
mload_secret(const struct merge_opts *o, const struct sh_round_info *info)
{
	struct sh_passphrase_ui	 ui = {
		.prompt = _("passphrase for the secretariat's key: "),
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

static bool
allowed(const struct cmd_entry *c, const char *opt)
{
	char key[64];

	snprintf(key, sizeof key, ",%s,", opt);
	return strstr(c->options, key) != NULL;
}

int
main(int argc, char **argv)
{
	const struct cmd_entry	*c;
	struct merge_opts	 o;
	char			*end;
	int			 used, ch, idx, nargs, rc;
	unsigned long long	 v;

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
	optind = 1;
	opterr = 0;
	while ((ch = getopt_long(argc, argv, "s:o:qh", long_options, &idx))
	    != -1) {
		const char *name = NULL;

		if (ch == '?' || ch == ':') {
			merr(_("%s: bad option \"%s\""), c->name,
			    argv[optind - 1]);
			return musage(c);
		}
		if (ch == OPT_HELP || ch == 'h') {
			usage_cmd(c, stdout);
			return EXIT_OK;
		}
		for (idx = 0; long_options[idx].name != NULL; idx++)
			if (long_options[idx].val == ch)
				name = long_options[idx].name;
		if (name == NULL || !allowed(c, name)) {
			merr(_("%s: option \"%s\" does not apply"), c->name,
			    argv[optind - 1]);
			return musage(c);
		}
		switch (ch) {
		case OPT_DB:		o.db = optarg; break;
		case OPT_ROUND:		o.round = optarg; break;
		case OPT_TITLE:		o.title = optarg; break;
		case OPT_RUBRIC:	o.rubric = optarg; break;
		case OPT_SECRETARIAT_KEY: o.secretariat_key = optarg; break;
		case 's':		o.secret_key = optarg; break;
		case OPT_PASSPHRASE_FILE: o.passphrase_file = optarg; break;
		case OPT_OUTBOX:	o.outbox = optarg; break;
		case OPT_FORMAT:	o.format = optarg; break;
		case 'o':		o.output = optarg; break;
		case OPT_BOM:		o.bom = true; break;
		case OPT_SHEETS:	o.sheets = true; break;
		case OPT_BALANCE:	o.balance = optarg; break;
		case OPT_CONDITION:	o.condition = optarg; break;
		case OPT_REASON:	o.reason = optarg; break;
		case OPT_BEYOND:	o.beyond = true; break;
		case OPT_NAMES:		o.names = true; break;
		case OPT_DEADLINE:	o.deadline = optarg; break;
		case 'q':		o.quiet = true; break;
		case OPT_LANG:
			/* Before any message is looked up (rlang.h). */
			if (mr_lang_set(optarg) == -1) {
				merr(_("--lang %s: not ja or en"), optarg);
				return EXIT_USAGE;
			}
			break;
		case OPT_MAX_SIZE:
			v = strtoull(optarg, &end, 10);
			if (end == optarg || *end != '\0' || v == 0 ||
			    v > 256ull * 1024 * 1024) {
				merr(_("--max-size %s: not a number of bytes "
				    "from 1 to 268435456"), optarg);
				return EXIT_USAGE;
			}
			o.max_size = (size_t)v;
			break;
		}
	}
	nargs = argc - optind;
	if (nargs < c->minargs || (c->maxargs >= 0 && nargs > c->maxargs))
		return musage(c);
	rc = c->exec(c, &o, nargs, argv + optind);
	/* Output that was lost (a full disk, a closed pipe) is a failure. */
	if ((fflush(stdout) != 0 || ferror(stdout)) && rc == EXIT_OK)
		rc = merr(_("%s: cannot write to standard output"), c->name);
	return rc;
}
