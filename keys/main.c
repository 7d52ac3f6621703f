/*
 * shinsa-keys: finds the subcommand, parses the options it allows and
 * runs it. See shinsa-keys(1).
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
#include "crypto/passphrase.h"
#include "keys.h"

static const struct cmd_entry *const cmd_table[] = {
	&cmd_generate_entry,
	&cmd_show_entry,
	&cmd_export_age_identity_entry,
	&cmd_passphrase_entry,
	NULL
};

enum {
	OPT_UNPROTECTED = 256, OPT_PASSPHRASE_FILE, OPT_NEW_PASSPHRASE_FILE,
	OPT_HELP
};

static const struct option long_options[] = {
	{ "id",			 required_argument, NULL, 'i' },
	{ "public",		 required_argument, NULL, 'p' },
	{ "secret",		 required_argument, NULL, 's' },
	{ "output",		 required_argument, NULL, 'o' },
	{ "force",		 no_argument,	    NULL, 'f' },
	{ "unprotected",	 no_argument,	    NULL, OPT_UNPROTECTED },
	{ "passphrase-file",	 required_argument, NULL, OPT_PASSPHRASE_FILE },
	{ "new-passphrase-file", required_argument, NULL,
	    OPT_NEW_PASSPHRASE_FILE },
	{ "help",		 no_argument,	    NULL, 'h' },
	{ NULL, 0, NULL, 0 }
};

int
kerr(const char *fmt, ...)
{
	struct sh_buf	clean;
	char		msg[2048];
	va_list		ap;

	va_start(ap, fmt);
	vsnprintf(msg, sizeof msg, fmt, ap);
	va_end(ap);
	/* Messages may quote file names and bytes from files. */
	sh_buf_init(&clean, false);
	if (sh_text_sanitize(&clean, msg, strlen(msg), false) == 0 &&
	    clean.len > 0)
		fprintf(stderr, "shinsa-keys: %s\n", sh_buf_cstr(&clean));
	else
		fprintf(stderr, _("shinsa-keys: error\n"));
	sh_buf_free(&clean);
	return EXIT_FAIL;
}

int
kusage(const struct cmd_entry *c)
{
	fprintf(stderr, _("usage: shinsa-keys %s %s\n"
	    "Try 'shinsa-keys %s --help'.\n"), c->name, _(c->usage), c->name);
	return EXIT_USAGE;
}

bool
kexists(const char *path)
{
	struct stat	st;

	return lstat(path, &st) == 0;
}

struct sh_minisign_sk *
kload_sk(const char *path, const char *passphrase_file, struct sh_err *err)
{
	struct sh_passphrase_ui	 ui = { 0 };
	char			 prompt[512];

	snprintf(prompt, sizeof prompt, _("Passphrase for %s: "), path);
	ui.prompt = prompt;
	return sh_passphrase_unlock(path, passphrase_file, &ui, err);
}

int
knew_passphrase(const char *path, struct sh_buf *out, struct sh_err *err)
{
	if (sh_passphrase_get(path, "New passphrase: ", true, out, err) != 0)
		return -1;
	if (out->len == 0) {
		sh_buf_free(out);
		return sh_errf(err, "empty passphrase; a key without one is "
		    "made only with --unprotected");
	}
	return 0;
}

static void
usage(FILE *f)
{
	const struct cmd_entry *const	*c;

	fputs(_("usage: shinsa-keys command [options] [arguments]\n\n"
	    "Commands:\n"), f);
	for (c = cmd_table; *c != NULL; c++)
		fprintf(f, "  %s %s\n", (*c)->name, _((*c)->usage));
	fputs(_("\n'shinsa-keys COMMAND --help' explains one command; "
	    "see also shinsa-keys(1).\n"), f);
}

static int
cmd_help(const struct cmd_entry *c)
{
	printf(_("usage: shinsa-keys %s %s\n\n%s\n"), c->name, _(c->usage),
	    _(c->help));
	if (c->options != NULL && c->options[0] != '\0')
		printf(_("\nOptions:\n%s"), _(c->options));
	return EXIT_OK;
}

/* Is option (short letter or long name) in c's ",a,b," list? */
static bool
allowed(const struct cmd_entry *c, const char *name)
{
	char	key[64];

	snprintf(key, sizeof key, ",%s,", name);
	return strstr(c->allowed, key) != NULL;
}

static const char *
opt_name(int ch, char *buf, size_t len)
{
	const struct option	*o;

	for (o = long_options; o->name != NULL; o++) {
		if (o->val == ch) {
			if (ch < 256)
				snprintf(buf, len, "%c", ch);
			else
				snprintf(buf, len, "%s", o->name);
			return buf;
		}
	}
	snprintf(buf, len, "?");
	return buf;
}

int
main(int argc, char **argv)
{
	const struct cmd_entry *const	*cp, *c = NULL;
	struct keys_opts		 o;
	char				 name[64];
	int				 ch, nargs;

	if (sh_i18n_init(argv[0]) == -1) {
		fputs(sh_i18n_refusal(), stderr);
		return 1;
	}
	if (sodium_init() < 0) {
		kerr(_("libsodium cannot be initialised"));
		return EXIT_FAIL;
	}
	if (argc < 2) {
		usage(stderr);
		return EXIT_USAGE;
	}
	if (strcmp(argv[1], "-h") == 0 || strcmp(argv[1], "--help") == 0 ||
	    strcmp(argv[1], "help") == 0) {
		if (argc > 2) {
			for (cp = cmd_table; *cp != NULL; cp++)
				if (strcmp((*cp)->name, argv[2]) == 0)
					return cmd_help(*cp);
			kerr(_("unknown command \"%s\""), argv[2]);
			return EXIT_USAGE;
		}
		usage(stdout);
		return EXIT_OK;
	}
	for (cp = cmd_table; *cp != NULL; cp++)
		if (strcmp((*cp)->name, argv[1]) == 0)
			c = *cp;
	if (c == NULL) {
		kerr(_("unknown command \"%s\""), argv[1]);
		usage(stderr);
		return EXIT_USAGE;
	}

	memset(&o, 0, sizeof o);
	argc--;
	argv++;
	optind = 1;
	opterr = 0;
	while ((ch = getopt_long(argc, argv, ":i:p:s:o:fh", long_options,
	    NULL)) != -1) {
		if (ch == '?') {
			if (optopt != 0)
				kerr(_("%s: unknown option -%c"), c->name, optopt);
			else
				kerr(_("%s: unknown option %s"), c->name,
				    argv[optind - 1]);
			return kusage(c);
		}
		if (ch == ':') {
			kerr(_("%s: option %s needs an argument"), c->name,
			    argv[optind - 1]);
			return kusage(c);
		}
		if (ch == 'h')
			return cmd_help(c);
		if (!allowed(c, opt_name(ch, name, sizeof name))) {
			kerr(_("%s: option %s%s does not apply"), c->name,
			    ch < 256 ? "-" : "--", name);
			return kusage(c);
		}
		switch (ch) {
		case 'i':
			o.id = optarg;
			break;
		case 'p':
			o.pub = optarg;
			break;
		case 's':
			o.sec = optarg;
			break;
		case 'o':
			o.output = optarg;
			break;
		case 'f':
			o.force = true;
			break;
		case OPT_UNPROTECTED:
			o.unprotected = true;
			break;
		case OPT_PASSPHRASE_FILE:
			o.passphrase_file = optarg;
			break;
		case OPT_NEW_PASSPHRASE_FILE:
			o.new_passphrase_file = optarg;
			break;
		}
	}
	argc -= optind;
	argv += optind;
	nargs = argc;
	if (nargs < c->minargs || (c->maxargs >= 0 && nargs > c->maxargs)) {
		kerr(_("%s: wrong number of arguments"), c->name);
		return kusage(c);
	}
	return c->exec(c, &o, argc, argv);
}
