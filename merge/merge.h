/*
 * shinsa-merge, the secretariat's tool: a table of subcommands, one file
 * each (cmd-*.c), in the manner of tmux's cmd-*.c. main.c finds the
 * command, parses the options it allows and calls its exec.
 *
 * Exit codes: 0 done; 1 failed or refused (the message says why); 2 the
 * command line was wrong.
 */
#ifndef SHINSA_MERGE_H
#define SHINSA_MERGE_H

#include <stdbool.h>
#include <stddef.h>

#include "base/buf.h"
#include "base/cli.h"
#include "base/err.h"
#include "base/errmsg.h"
#include "base/i18n.h"
#include "store/round.h"

/*
 * Messages are in the locale's language through the shinsa catalogue:
 * _() from base/i18n.h (N_() in tables), bound by sh_i18n_init() in
 * main(), and core's errors through sh_errstr() (base/errmsg.h), never
 * their English msg. What stays English in every language is marked
 * "untranslated:" (tests/e2e/msg_lint.sh), as is the refusal journal.
 */
#define EXIT_OK		0
#define EXIT_FAIL	1
#define EXIT_USAGE	2

struct merge_opts {
	const char	*db;
	const char	*round;
	const char	*title;
	const char	*rubric;
	const char	*secretariat_key;	/* public key file */
	const char	*secret_key;		/* -s: secret key file */
	const char	*passphrase_file;
	const char	*outbox;
	const char	*format;
	const char	*output;
	size_t		 max_size;
	bool		 bom;
	bool		 quiet;
	bool		 sheets;	/* demo: play the reviewers too */
	const char	*balance;	/* designate: the balance reason */
	const char	*condition;	/* designate: 計画の修正等の条件 */
	const char	*reason;	/* decide: the committee's reason */
	bool		 beyond;	/* --beyond-guideline */
	bool		 names;		/* comments: reviewers by name */
	const char	*deadline;	/* init: 締切 YYYY-MM-DD */
};

/*
 * The options a command takes, for its entry's .args: MOPTS(MOPT_DB,
 * MOPT_QUIET) and the argument counts. An option only one command takes
 * may be written out in that entry: MOPT_STR("name", 0, field).
 */
#define MOPT_STR(name, ch, field) \
	{ name, ch, SH_CLI_STR, offsetof(struct merge_opts, field), NULL }
#define MOPT_FLAG(name, ch, field) \
	{ name, ch, SH_CLI_FLAG, offsetof(struct merge_opts, field), NULL }
#define MOPT_FN(name, fn)	{ name, 0, SH_CLI_FN, 0, fn }
#define MOPTS(...) \
	((const struct sh_cli_opt[]){ __VA_ARGS__, { NULL, 0, 0, 0, NULL } })

#define MOPT_DB			MOPT_STR("db", 0, db)
#define MOPT_ROUND		MOPT_STR("round", 0, round)
#define MOPT_TITLE		MOPT_STR("title", 0, title)
#define MOPT_RUBRIC		MOPT_STR("rubric", 0, rubric)
#define MOPT_SECRETARIAT_KEY	MOPT_STR("secretariat-key", 0, secretariat_key)
#define MOPT_SECRET_KEY		MOPT_STR("secret-key", 's', secret_key)
#define MOPT_PASSPHRASE_FILE	MOPT_STR("passphrase-file", 0, passphrase_file)
#define MOPT_OUTBOX		MOPT_STR("outbox", 0, outbox)
#define MOPT_FORMAT		MOPT_STR("format", 0, format)
#define MOPT_OUTPUT		MOPT_STR("output", 'o', output)
#define MOPT_BOM		MOPT_FLAG("bom", 0, bom)
#define MOPT_MAX_SIZE		MOPT_FN("max-size", mopt_max_size)
#define MOPT_QUIET		MOPT_FLAG("quiet", 'q', quiet)
#define MOPT_SHEETS		MOPT_FLAG("sheets", 0, sheets)
#define MOPT_LANG		MOPT_FN("lang", mopt_lang)
#define MOPT_BALANCE		MOPT_STR("balance", 0, balance)
#define MOPT_CONDITION		MOPT_STR("condition", 0, condition)
#define MOPT_REASON		MOPT_STR("reason", 0, reason)
#define MOPT_BEYOND		MOPT_FLAG("beyond-guideline", 0, beyond)
#define MOPT_NAMES		MOPT_FLAG("names", 0, names)
#define MOPT_DEADLINE		MOPT_STR("deadline", 0, deadline)

/* --lang and --max-size: check and store their argument (cli.h). */
int	mopt_lang(void *, const char *);
int	mopt_max_size(void *, const char *);

struct cmd_entry {
	const char	*name;		/* one or two words */
	const char	*usage;		/* arguments after the name */
	const char	*help;		/* one line */
	struct sh_cli_args args;	/* its options and argument counts */
	int		(*exec)(const struct cmd_entry *, struct merge_opts *,
			    int, char **);
};

extern const struct cmd_entry cmd_init_entry;
extern const struct cmd_entry cmd_proposals_import_entry;
extern const struct cmd_entry cmd_reviewers_add_entry;
extern const struct cmd_entry cmd_reviewers_import_entry;
extern const struct cmd_entry cmd_assign_import_entry;
extern const struct cmd_entry cmd_issue_entry;
extern const struct cmd_entry cmd_ingest_entry;
extern const struct cmd_entry cmd_decide_entry;
extern const struct cmd_entry cmd_designate_entry;
extern const struct cmd_entry cmd_undesignate_entry;
extern const struct cmd_entry cmd_designations_entry;
extern const struct cmd_entry cmd_comments_entry;
extern const struct cmd_entry cmd_announce_entry;
extern const struct cmd_entry cmd_tally_entry;
extern const struct cmd_entry cmd_report_entry;
extern const struct cmd_entry cmd_publish_entry;
extern const struct cmd_entry cmd_status_entry;
extern const struct cmd_entry cmd_rubric_show_entry;
extern const struct cmd_entry cmd_deadline_entry;
extern const struct cmd_entry cmd_demo_entry;

/* "shinsa-merge: <message>" on stderr; returns EXIT_FAIL. */
int	merr(const char *fmt, ...) SH_PRINTF(1, 2);
/* The usage line of a command on stderr; returns EXIT_USAGE. */
int	musage(const struct cmd_entry *);
/* Prints file-derived text to stdout, sanitised for the terminal. */
void	mprint_text(const char *s);
/*
 * Ends a document written with -o into a temporary (sink.h): replaces
 * the file if rc is EXIT_OK, else leaves it as it was. Returns rc, or
 * EXIT_FAIL with a message if the replacing fails.
 */
struct sh_afile;
int	mafile_end(struct sh_afile *, int rc);
/* Opens the round named by --db (or $SHINSA_DB); message on failure. */
struct sh_round	*mopen_round(const struct merge_opts *);
struct sh_rubric;
/* The round's rubric, loaded from the bytes in the store. */
struct sh_rubric *mload_rubric(struct sh_round *, struct sh_round_info *info);
/* Reads and parses a CSV file (default limits, at most 64 MiB). */
struct sh_csv;
int	mread_csv(const char *path, struct sh_csv *out);
/*
 * The rubric a --rubric names: the file name, else a bundled rubric of
 * that name or id (kakine-2024) in $SHINSA_RUBRICS, the installed
 * rubrics or the source tree's data/rubrics; buf holds the path. NULL
 * when none is; mrubric_missing then says so, naming the bundled ones.
 */
const char *mfind_rubric(const char *name, char *buf, size_t len);
int	mrubric_missing(const char *cmd, const char *name);
struct sh_minisign_sk;
/*
 * The secretariat's secret key from -s (asking for its passphrase, or
 * reading --passphrase-file, when it is protected), refused unless it is
 * the round's secretariat key. NULL with a message on failure.
 */
struct sh_minisign_sk *mload_secret(const struct merge_opts *,
	    const struct sh_round_info *);
/* Renders the report in format (report, tally). */
int	mreport(struct merge_opts *, const char *format);

#endif
