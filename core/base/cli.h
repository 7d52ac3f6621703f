/*
 * What the four programs share on their command line: one option
 * parser driven by each command's own template, and one printer for
 * "prog: message" lines. Front ends only (they print); the rest of the
 * library never does.
 *
 * A command's template lists the options it takes, each with where its
 * value goes in the program's options struct (offsetof), in the manner
 * of tmux's cmd entries (.args = { "t:", 0, 1 }): adding an option to a
 * command touches that command's entry, and its field if it needs one.
 * The parser knows every option of the program (the union of all
 * templates), so an option of another command is refused as one that
 * "does not apply" rather than as unknown, and long-option prefixes
 * resolve the same whichever command is run.
 */
#ifndef SHINSA_BASE_CLI_H
#define SHINSA_BASE_CLI_H

#include <stdarg.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdio.h>

#include "base/err.h"

enum sh_cli_kind {
	SH_CLI_FLAG,		/* no argument; sets a bool */
	SH_CLI_STR,		/* one argument; sets a const char * */
	SH_CLI_FN,		/* one argument, given to fn */
	SH_CLI_STOP		/* no argument; ends the parse at once, as -h
				   does: the run is this option's alone
				   (shinsa's -V, whatever follows it) */
};

struct sh_cli_opt {
	const char	*name;		/* long name; NULL ends a template */
	int		 ch;		/* short letter, or 0 */
	enum sh_cli_kind kind;
	size_t		 off;		/* offsetof the field it sets */
	/*
	 * SH_CLI_FN: checks and stores arg in opts; on a refusal it says
	 * why itself (it is the program's code) and returns -1.
	 */
	int		(*fn)(void *opts, const char *arg);
};

struct sh_cli_args {
	const struct sh_cli_opt	*opts;	/* ended by a NULL name; may be NULL */
	int			 lower;	/* arguments after the options */
	int			 upper;	/* -1: any number */
};

/* At most this many distinct options in one program. */
#define SH_CLI_MAXOPTS	48

enum sh_cli_status {
	SH_CLI_OK,		/* p->argc, p->argv are the arguments */
	SH_CLI_HELP,		/* -h or --help (p->opt NULL), or an
				   SH_CLI_STOP option (p->opt) */
	SH_CLI_UNKNOWN,		/* p->bad, p->badch (optopt, or 0) */
	SH_CLI_NOARG,		/* p->bad needs an argument */
	SH_CLI_NOTHERE,		/* p->opt, given as p->bad, is another command's */
	SH_CLI_REFUSED,		/* an fn refused its argument and said why */
	SH_CLI_NARGS		/* too few or too many arguments */
};

struct sh_cli_parsed {
	int			 argc;
	char			**argv;
	const char		*bad;
	int			 badch;
	const struct sh_cli_opt	*opt;
};

/*
 * Parses argv[1..argc) (argv[0] is the command's name) against mine,
 * setting fields of opts. table is the program's command table, ended
 * by NULL: each entry holds its template args_off bytes in.
 * Options may come between arguments and "--" ends them (getopt_long).
 * getopt_says: getopt(3) prints its own messages for unknown options and
 * missing arguments (shinsa-verify's habit); else nothing is printed.
 * Options are taken in order and the first problem stops the parse.
 */
enum sh_cli_status sh_cli_parse(const void *const *table, size_t args_off,
	    const struct sh_cli_args *mine, bool getopt_says,
	    int argc, char **argv, void *opts, struct sh_cli_parsed *p);

/*
 * The name of positional argument i (from 0) in a usage line such as
 * "[--db FILE] -s SECRETKEY DIR" ("DIR"): a word outside brackets that
 * is neither an option nor the value after one. A last name ending in
 * "..." names every later argument too. Copies it into buf (cut to len)
 * and returns true; false when the line has no such argument. So that
 * a refusal for too few arguments can say which one is missing.
 */
bool	sh_cli_argname(const char *usage, int i, char *buf, size_t len);
/*
 * What a line with nargs arguments (fewer than mine->lower) lacks, in
 * buf separated by sep: the options of usage outside brackets that are
 * mine's SH_CLI_STR options and are unset in opts ("-s SECRETKEY"),
 * then the names of the missing arguments ("DIR").
 */
void	sh_cli_missing(const char *usage, const struct sh_cli_args *mine,
	    const void *opts, int nargs, const char *sep, char *buf,
	    size_t len);

/*
 * Called before sh_cli_err() and sh_cli_say() print, so that a program
 * with a progress line on the terminal can erase it first.
 */
extern void	(*sh_cli_before_print)(void);

/*
 * Prints prefix, the message sanitised for the terminal (messages quote
 * what files said) and a newline to f. Messages longer than 4 KiB are
 * cut.
 */
void	sh_cli_vsay(FILE *f, const char *prefix, const char *fmt, va_list ap)
	    SH_PRINTF(3, 0);
/* "prog: message" on standard error, as sh_cli_vsay. */
void	sh_cli_err(const char *prog, const char *fmt, ...) SH_PRINTF(2, 3);

#endif
