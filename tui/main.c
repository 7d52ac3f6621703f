/*
 * shinsa: the reviewer workstation. With no command it opens the
 * interactive screens; the other commands run without a terminal.
 */
#include <locale.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "i18n.h"
#include "ui.h"

static void
usage(FILE *f)
{
	fprintf(f, "%s", _("usage: shinsa [-V] [command [args]]\n"
	    "  shinsa              open the workstation screens\n"));
}

static int
interactive(void)
{
	struct ui	*ui;
	const char	*errstr;

	if ((ui = ui_new(NULL, &errstr)) == NULL) {
		fprintf(stderr, "shinsa: %s\n", errstr);
		return 1;
	}
	if (ui_push(ui, &view_help_ops, NULL) != 0)
		ui_die("%s", ui_last_message(ui));
	ui_run(ui);
	ui_free(ui);
	return 0;
}

int
main(int argc, char **argv)
{
	setlocale(LC_ALL, "");
	sh_i18n_init(NULL);
	if (argc > 1 && strcmp(argv[1], "-V") == 0) {
		printf("shinsa %s\n", SHINSA_VERSION);
		return 0;
	}
	if (argc > 1 && (strcmp(argv[1], "-h") == 0 ||
	    strcmp(argv[1], "--help") == 0)) {
		usage(stdout);
		return 0;
	}
	if (argc > 1) {
		usage(stderr);
		return 2;
	}
	return interactive();
}
