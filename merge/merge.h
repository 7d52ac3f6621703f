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

struct cmd_entry {
	const char	*name;		/* one or two words */
	const char	*usage;		/* arguments after the name */
	const char	*help;		/* one line */
	const char	*options;	/* long options allowed, ",a,b," */
	int		 minargs;
	int		 maxargs;	/* -1: any number */
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
/* Reads a whole file, refusing more than limit bytes. */
int	mread(const char *path, size_t limit, struct sh_buf *out,
	    struct sh_err *err);

#endif
