/*
 * shinsa-keys: finds the subcommand, parses the options it allows and
 * runs it. See shinsa-keys(1).
 */
#include <locale.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#include <sodium.h>

#include "base/errmsg.h"
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

int
kerr(const char *fmt, ...)
{
	va_list	ap;

	/* Messages may quote file names and bytes from files. */
	va_start(ap, fmt);
	sh_cli_vsay(stderr, "shinsa-keys: ", fmt, ap);
	va_end(ap);
	return EXIT_FAIL;
}

/*
 * Every label shinsa-keys prints before a value. The values start one
 * column after the widest label in the reader's language, measured in
 * display columns: a Japanese label is two columns a character, and
 * "minisign -P:" must still line up under "秘密鍵:".
 */
static const char *const klabels[] = {
	N_("file:"), N_("secret key:"), N_("public key:"), N_("id:"),
	N_("keynum:"), N_("fingerprint:"), N_("age:"), N_("minisign -P:"),
};

void
kfield(const char *label, const char *fmt, ...)
{
	va_list	ap;
	size_t	i, w, most = 0;

	for (i = 0; i < sizeof klabels / sizeof klabels[0]; i++) {
		w = sh_text_width(_(klabels[i]), strlen(_(klabels[i])));
		if (w > most)
			most = w;
	}
	w = sh_text_width(_(label), strlen(_(label)));
	printf("%s%*s", _(label), (int)(most - w + 1), "");
	va_start(ap, fmt);
	vprintf(fmt, ap);
	va_end(ap);
	putchar('\n');
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
	struct sh_passphrase_ui	 ui = { NULL, sh_msg_tr };
	char			 prompt[512];

	snprintf(prompt, sizeof prompt, _("Passphrase for %s: "), path);
	ui.prompt = prompt;
	return sh_passphrase_unlock(path, passphrase_file, &ui, err);
}

int
knew_passphrase(const char *path, struct sh_buf *out, struct sh_err *err)
{
	struct sh_passphrase_ui	 ui = { NULL, sh_msg_tr };

	return sh_passphrase_new(path, &ui, out, err);
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

int
main(int argc, char **argv)
{
	const struct cmd_entry *const	*cp, *c = NULL;
	struct sh_cli_parsed		 p;
	enum sh_cli_status		 st;
	struct keys_opts		 o;
	char				 name[8], list[512];

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
	st = sh_cli_parse((const void *const *)cmd_table,
	    offsetof(struct cmd_entry, args), &c->args, false, argc - 1,
	    argv + 1, &o, &p);
	if (st == SH_CLI_OK)
		return c->exec(c, &o, p.argc, p.argv);
	if (st == SH_CLI_HELP)
		return cmd_help(c);
	/* What was wrong, then the usage line. */
	if (st == SH_CLI_UNKNOWN && p.badch != 0)
		kerr(_("%s: unknown option -%c"), c->name, p.badch);
	else if (st == SH_CLI_UNKNOWN)
		kerr(_("%s: unknown option %s"), c->name, p.bad);
	else if (st == SH_CLI_NOARG)
		kerr(_("%s: option %s needs an argument"), c->name, p.bad);
	else if (st == SH_CLI_NOTHERE) {
		/* Named as the entry names it, whatever was typed. */
		snprintf(name, sizeof name, "%c", p.opt->ch);
		kerr(_("%s: option %s%s does not apply"), c->name,
		    p.opt->ch != 0 ? "-" : "--",
		    p.opt->ch != 0 ? name : p.opt->name);
	} else if (p.argc > c->args.lower)
		kerr(_("%s: too many arguments, from \"%s\" on"), c->name,
		    p.argv[c->args.upper]);
	else {
		sh_cli_missing(_(c->usage), &c->args, &o, p.argc, _(", "),
		    list, sizeof list);
		kerr(_("%s: not given: %s"), c->name, list);
	}
	return kusage(c);
}
