/* base/cli: one option parser over each command's own template, and the
 * sanitising "prog: message" printer the programs share. */
#include <stdio.h>
#include <string.h>
#include <unistd.h>

#include "testutil.h"
#include "base/cli.h"

struct topts {
	const char	*db;
	const char	*round;
	const char	*rubric;
	const char	*num;
	bool		 quiet;
};

static int nfn;

static int
set_num(void *opts, const char *arg)
{
	nfn++;
	if (strcmp(arg, "bad") == 0)
		return -1;
	((struct topts *)opts)->num = arg;
	return 0;
}

#define T_DB	{ "db", 0, SH_CLI_STR, offsetof(struct topts, db), NULL }
#define T_QUIET	{ "quiet", 'q', SH_CLI_FLAG, offsetof(struct topts, quiet), NULL }
#define T_END	{ NULL, 0, 0, 0, NULL }

/* Three commands: "a" takes --db, -q, --round, --num; "b" --db, --rubric;
 * "c" -q and -V, a stop. */
struct tcmd {
	const char		*name;
	struct sh_cli_args	 args;
};
static const struct tcmd cmd_a = { "a", {
	(const struct sh_cli_opt[]){ T_DB, T_QUIET,
	    { "round", 0, SH_CLI_STR, offsetof(struct topts, round), NULL },
	    { "num", 0, SH_CLI_FN, 0, set_num }, T_END }, 1, 2 } };
static const struct tcmd cmd_b = { "b", {
	(const struct sh_cli_opt[]){ T_DB,
	    { "rubric", 0, SH_CLI_STR, offsetof(struct topts, rubric), NULL },
	    T_END }, 0, 0 } };
static const struct tcmd cmd_c = { "c", {
	(const struct sh_cli_opt[]){ T_QUIET,
	    { "version", 'V', SH_CLI_STOP, 0, NULL }, T_END }, 0, -1 } };
static const struct tcmd *const table[] = { &cmd_a, &cmd_b, &cmd_c, NULL };

static enum sh_cli_status
parse(const struct tcmd *c, struct topts *o, struct sh_cli_parsed *p,
    char **argv)
{
	int	argc = 0;

	while (argv[argc] != NULL)
		argc++;
	memset(o, 0, sizeof *o);
	return sh_cli_parse((const void *const *)table,
	    offsetof(struct tcmd, args), &c->args, false, argc, argv, o, p);
}

static void
sets_the_fields_its_template_names(void **state)
{
	char			*argv[] = { "a", "X", "--db", "f.db", "-q",
	    "--round=R1", "--num", "7", "Y", NULL };
	struct topts		 o;
	struct sh_cli_parsed	 p;

	(void)state;
	nfn = 0;
	assert_int_equal(parse(&cmd_a, &o, &p, argv), SH_CLI_OK);
	assert_string_equal(o.db, "f.db");
	assert_string_equal(o.round, "R1");
	assert_string_equal(o.num, "7");
	assert_true(o.quiet);
	assert_int_equal(nfn, 1);
	/* Arguments between options are kept, in order. */
	assert_int_equal(p.argc, 2);
	assert_string_equal(p.argv[0], "X");
	assert_string_equal(p.argv[1], "Y");
}

static void
another_commands_option_does_not_apply(void **state)
{
	char			*argv[] = { "b", "-q", NULL };
	char			*argv2[] = { "a", "x", "--rubric", "r", NULL };
	struct topts		 o;
	struct sh_cli_parsed	 p;

	(void)state;
	assert_int_equal(parse(&cmd_b, &o, &p, argv), SH_CLI_NOTHERE);
	assert_string_equal(p.bad, "-q");
	assert_string_equal(p.opt->name, "quiet");
	assert_int_equal(parse(&cmd_a, &o, &p, argv2), SH_CLI_NOTHERE);
	assert_string_equal(p.opt->name, "rubric");
	assert_null(o.rubric);
}

static void
refuses_unknown_missing_and_counts(void **state)
{
	char			*unknown[] = { "a", "x", "--bogus", NULL };
	char			*letter[] = { "a", "x", "-z", NULL };
	char			*noarg[] = { "a", "x", "--db", NULL };
	char			*few[] = { "a", NULL };
	char			*many[] = { "b", "x", NULL };
	char			*refused[] = { "a", "x", "--num", "bad", NULL };
	struct topts		 o;
	struct sh_cli_parsed	 p;

	(void)state;
	assert_int_equal(parse(&cmd_a, &o, &p, unknown), SH_CLI_UNKNOWN);
	assert_string_equal(p.bad, "--bogus");
	assert_int_equal(parse(&cmd_a, &o, &p, letter), SH_CLI_UNKNOWN);
	assert_int_equal(p.badch, 'z');
	assert_int_equal(parse(&cmd_a, &o, &p, noarg), SH_CLI_NOARG);
	assert_string_equal(p.bad, "--db");
	assert_int_equal(parse(&cmd_a, &o, &p, few), SH_CLI_NARGS);
	assert_int_equal(parse(&cmd_b, &o, &p, many), SH_CLI_NARGS);
	assert_int_equal(parse(&cmd_a, &o, &p, refused), SH_CLI_REFUSED);
}

/* A refusal for too few arguments names the missing one from the usage. */
static void
names_a_positional_argument_from_the_usage(void **state)
{
	char	b[16];

	(void)state;
	assert_true(sh_cli_argname("[--db FILE] -s SECRETKEY "
	    "[--passphrase-file FILE] DIR", 0, b, sizeof b));
	assert_string_equal(b, "DIR");
	assert_false(sh_cli_argname("[--db FILE] -s KEY DIR", 1, b, sizeof b));
	assert_true(sh_cli_argname("[--db FILE] PROPOSAL REVIEWER "
	    "allow|refuse", 2, b, sizeof b));
	assert_string_equal(b, "allow|refuse");
	assert_true(sh_cli_argname("[--db FILE] PROPOSAL...", 3, b, sizeof b));
	assert_string_equal(b, "PROPOSAL...");
	assert_false(sh_cli_argname("[--db FILE | RUBRIC] [--lang ja|en]", 0,
	    b, sizeof b));
	assert_true(sh_cli_argname("[-f] [-o file] seckey", 0, b, 4));
	assert_string_equal(b, "sec");
}

/* Unbracketed options not given come first, then the missing arguments. */
static void
says_what_a_short_line_lacks(void **state)
{
	const struct sh_cli_args mine = {
	    (const struct sh_cli_opt[]){ T_DB,
	    { "round", 's', SH_CLI_STR, offsetof(struct topts, round), NULL },
	    { "rubric", 0, SH_CLI_STR, offsetof(struct topts, rubric), NULL },
	    T_END }, 2, 2 };
	const char	*usage = "[--db FILE] -s KEY --rubric FILE [-q] A B";
	struct topts	 o;
	char		 b[64];

	(void)state;
	memset(&o, 0, sizeof o);
	sh_cli_missing(usage, &mine, &o, 0, ", ", b, sizeof b);
	assert_string_equal(b, "-s KEY, --rubric FILE, A, B");
	o.round = "x";
	o.rubric = "y";
	sh_cli_missing(usage, &mine, &o, 1, ", ", b, sizeof b);
	assert_string_equal(b, "B");
}

static void
prefixes_resolve_over_the_whole_program(void **state)
{
	char			*amb[] = { "a", "x", "--r", "v", NULL };
	char			*uniq[] = { "a", "x", "--ro", "v", NULL };
	char			*help[] = { "b", "--help", "--bogus", NULL };
	struct topts		 o;
	struct sh_cli_parsed	 p;

	(void)state;
	/* "a" alone has only --round, but the program has --rubric too. */
	assert_int_equal(parse(&cmd_a, &o, &p, amb), SH_CLI_UNKNOWN);
	assert_int_equal(parse(&cmd_a, &o, &p, uniq), SH_CLI_OK);
	assert_string_equal(o.round, "v");
	/* Help for every command, taken in order. */
	assert_int_equal(parse(&cmd_b, &o, &p, help), SH_CLI_HELP);
	assert_null(p.opt);
}

/*
 * A stop (shinsa's -V) ends the parse where it stands, as -h does: what
 * follows it, a bad option or a missing argument, is never read.
 */
static void
a_stop_ends_the_parse_at_once(void **state)
{
	char			*bad[] = { "c", "-V", "--bogus", NULL };
	char			*noarg[] = { "c", "-q", "--version", "--db",
	    NULL };
	char			*bundled[] = { "c", "-Vq", NULL };
	char			*witharg[] = { "c", "--version=1", NULL };
	char			*before[] = { "c", "-z", "-V", NULL };
	char			*other[] = { "a", "x", "-V", NULL };
	struct topts		 o;
	struct sh_cli_parsed	 p;

	(void)state;
	assert_int_equal(parse(&cmd_c, &o, &p, bad), SH_CLI_HELP);
	assert_non_null(p.opt);
	assert_string_equal(p.opt->name, "version");
	assert_int_equal(parse(&cmd_c, &o, &p, noarg), SH_CLI_HELP);
	assert_string_equal(p.opt->name, "version");
	assert_true(o.quiet);
	assert_int_equal(parse(&cmd_c, &o, &p, bundled), SH_CLI_HELP);
	assert_false(o.quiet);
	/* It takes no argument, and a problem before it stops first. */
	assert_int_equal(parse(&cmd_c, &o, &p, witharg), SH_CLI_UNKNOWN);
	assert_int_equal(parse(&cmd_c, &o, &p, before), SH_CLI_UNKNOWN);
	/* Another command's stop does not apply. */
	assert_int_equal(parse(&cmd_a, &o, &p, other), SH_CLI_NOTHERE);
	assert_string_equal(p.opt->name, "version");
}

static int nbefore;

static void
before(void)
{
	nbefore++;
}

static void
err_sanitises_and_clears_first(void **state)
{
	char	 out[256];
	FILE	*f;
	size_t	 n;
	int	 saved;

	(void)state;
	assert_non_null(f = tmpfile());
	fflush(stderr);
	saved = dup(fileno(stderr));
	assert_true(dup2(fileno(f), fileno(stderr)) != -1);
	sh_cli_before_print = before;
	nbefore = 0;
	sh_cli_err("prog", "%s: 審査\033[2J", "file");
	fflush(stderr);
	dup2(saved, fileno(stderr));
	close(saved);
	sh_cli_before_print = NULL;
	rewind(f);
	n = fread(out, 1, sizeof out - 1, f);
	out[n] = '\0';
	fclose(f);
	assert_int_equal(nbefore, 1);
	assert_true(strncmp(out, "prog: file: 審査", strlen("prog: file: 審査"))
	    == 0);
	assert_null(strchr(out, '\033'));
	assert_int_equal(out[n - 1], '\n');
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(sets_the_fields_its_template_names),
		cmocka_unit_test(another_commands_option_does_not_apply),
		cmocka_unit_test(refuses_unknown_missing_and_counts),
		cmocka_unit_test(names_a_positional_argument_from_the_usage),
		cmocka_unit_test(says_what_a_short_line_lacks),
		cmocka_unit_test(prefixes_resolve_over_the_whole_program),
		cmocka_unit_test(a_stop_ends_the_parse_at_once),
		cmocka_unit_test(err_sanitises_and_clears_first),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
