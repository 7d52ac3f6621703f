/*
 * shinsa: the reviewer workstation. With no command it opens the
 * screens for the round opened last; the other commands run without
 * them. See shinsa(1).
 */
#include <ctype.h>
#include <locale.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include <sodium.h>

#include "app.h"
#include "docs.h"
#include "form.h"
#include "base/buf.h"
#include "base/cli.h"
#include "base/text.h"
#include "i18n.h"
#include "keyplace.h"
#include "msg.h"
#include "pathin.h"
#include "session.h"
#include "ui.h"
#include "viewer.h"
#include "views.h"
#include "xmalloc.h"

#define EXIT_USAGE	2
#define EXIT_NOTREADY	3

struct opts {
	const char	*secret;
	const char	*passfile;
	const char	*round;
	const char	*output;
	const char	*pin;
	const char	*store;
	bool		 no_screens;
};

/*
 * shinsa's options, before its command or among its arguments: one
 * template for the parser shinsa-merge's commands use (base/cli.h).
 * getopt(3) says what was wrong, as it always did here.
 */
static const struct sh_cli_args shinsa_args = {
	(const struct sh_cli_opt[]){
		{ "secret", 's', SH_CLI_STR, offsetof(struct opts, secret),
		    NULL },
		{ "passphrase-file", 0, SH_CLI_STR, offsetof(struct opts,
		    passfile), NULL },
		{ "round", 'r', SH_CLI_STR, offsetof(struct opts, round),
		    NULL },
		{ "output", 'o', SH_CLI_STR, offsetof(struct opts, output),
		    NULL },
		{ "pin", 0, SH_CLI_STR, offsetof(struct opts, pin), NULL },
		{ "store", 0, SH_CLI_STR, offsetof(struct opts, store), NULL },
		{ "no-screens", 'n', SH_CLI_FLAG, offsetof(struct opts,
		    no_screens), NULL },
		{ "version", 'V', SH_CLI_STOP, 0, NULL },
		{ NULL, 0, 0, 0, NULL }
	}, 0, -1
};
/* The parser's table of commands: shinsa's options are one template. */
static const void *const shinsa_table[] = { &shinsa_args, NULL };

static void
usage(FILE *f)
{
	fprintf(f, "%s", _(
	    "usage: shinsa [-s secretkey] [--passphrase-file file] "
	    "[-r round] [command]\n"
	    "  shinsa                 the screens (the first time: make your "
	    "key)\n"
	    "  shinsa PACKAGE         the screens, opening a package\n"
	    "  shinsa open PACKAGE    open a package (pins the secretariat's "
	    "key on first use)\n"
	    "  shinsa status          progress and what blocks submission\n"
	    "  shinsa submit [-o file]  seal and write the sheet\n"
	    "  shinsa form export [-o file] | form import FILE\n"
	    "                         the plain-text review form\n"
	    "  shinsa docs [PROPOSAL]  list the proposals' documents\n"
	    "  shinsa docs PROPOSAL N  write document N's text\n"));
}

static void
print_clean(FILE *f, const char *s)
{
	struct sh_buf b;

	sh_buf_init(&b, false);
	if (s != NULL && sh_text_sanitize(&b, s, strlen(s), false) == 0)
		fputs((char *)b.data, f);
	sh_buf_free(&b);
}

/* Errors quote file names and ids that are someone else's text; core's
 * words are in the reviewer's language (msg_err()). A refusal the
 * reviewer has plain words for says them first, then the technical cause
 * on an indented line (issued_to: see msg_refusal()). */
static void
print_err(const struct sh_err *err, const char *issued_to)
{
	char		 why[2 * SH_ERR_MAX], words[1024];
	const char	*plain;

	msg_err(err, why, sizeof(why));
	fputs("shinsa: ", stderr);
	if ((plain = msg_refusal(err, issued_to, words,
	    sizeof(words))) != NULL) {
		print_clean(stderr, plain);
		fputs("\n    ", stderr);
	}
	print_clean(stderr, why);
	fputc('\n', stderr);
}

/* Compares fingerprints ignoring spaces and case. */
static bool
same_fpr(const char *a, const char *b)
{
	for (;;) {
		while (*a == ' ')
			a++;
		while (*b == ' ')
			b++;
		if (*a == '\0' || *b == '\0')
			return *a == *b;
		if (toupper((unsigned char)*a) != toupper((unsigned char)*b))
			return false;
		a++;
		b++;
	}
}

static bool
ask_pin(const char *fpr, const char *round, void *arg)
{
	const struct opts	*o = arg;
	FILE			*tty;
	char			 line[64];
	bool			 yes;

	fprintf(stderr, _("The secretariat's key for round %s is not yet "
	    "pinned on this machine.\nIts fingerprint is:\n\n    %s\n\n"),
	    round, fpr);
	if (o->pin != NULL) {
		if (same_fpr(o->pin, fpr))
			return true;
		fprintf(stderr, "%s\n", _("It does not match the fingerprint "
		    "given with --pin."));
		return false;
	}
	if ((tty = fopen("/dev/tty", "r+")) == NULL) {
		fprintf(stderr, "%s\n", _("No terminal to ask on: give the "
		    "fingerprint with --pin."));
		return false;
	}
	fprintf(tty, "%s", _("Compare it with the fingerprint the "
	    "secretariat gave you by voice or on paper.\nPin this key? "
	    "[y/N] "));
	fflush(tty);
	yes = fgets(line, sizeof(line), tty) != NULL &&
	    (line[0] == 'y' || line[0] == 'Y');
	fclose(tty);
	return yes;
}

static int
unlock(struct session *s, const char *key, const struct opts *o)
{
	struct sh_err	 err;

	if (session_unlock(s, key, o->passfile, o->store, &err) != 0) {
		print_err(&err, NULL);
		return -1;
	}
	return 0;
}

/* The lock a command takes (wlock.h): every one that writes drafts or
 * the revision; -1 for the read-only ones (status, form export). */
static int
lock_use(const char *cmd, char **argv, const struct opts *o)
{
	if (cmd == NULL)
		return WLOCK_SCREENS;
	if (strcmp(cmd, "open") == 0)
		return o->no_screens ? WLOCK_OPEN : WLOCK_SCREENS;
	if (strcmp(cmd, "submit") == 0)
		return WLOCK_SUBMIT;
	if (strcmp(cmd, "form") == 0 && strcmp(argv[1], "import") == 0)
		return WLOCK_IMPORT;
	return -1;
}

static int
screen_submit(struct app *app, char **where, struct sh_err *err)
{
	struct session	*s = app->submit_arg;
	char		*path;
	long long	 rev;
	size_t		 n;

	if (session_submit(s, NULL, &path, &rev, err) != 0)
		return -1;
	n = strlen(path) + 128;
	if ((*where = malloc(n)) != NULL)
		snprintf(*where, n, _("Submitted revision %lld: %s"), rev,
		    path);
	free(path);
	return 0;
}

/* What the screens' callbacks need besides the app. */
struct scr {
	struct app		 app;
	struct session		*s;
	const struct opts	*o;
	struct ui		*ui;
};

static void
app_key(struct scr *c, const char *keyfile)
{
	char *def = keyplace_path(false);

	c->app.key_ready = c->s->sk != NULL;
	if (c->s->sk != NULL)
		sh_minisign_pk_fingerprint(&c->s->sk->pub, c->app.fpr);
	/* The public key file is named only where we know it: beside the
	 * key in its default place. */
	free(c->app.pubpath);
	c->app.pubpath = NULL;
	if (c->s->sk != NULL && def != NULL && keyfile != NULL &&
	    strcmp(def, keyfile) == 0)
		c->app.pubpath = keyplace_path(true);
	free(def);
}

static int
screen_make_key(struct app *app, const char *id, const struct sh_buf *pass,
    struct sh_err *err)
{
	struct scr		*c = app->arg;
	struct sh_minisign_sk	*sk;
	char			*path;

	if (keyplace_make(id, pass->data, pass->len, &sk, err) != 0)
		return -1;
	/* The key is in memory already: no passphrase asked again. */
	if (session_unlock_key(c->s, sk, c->o->store, err) != 0)
		return -1;
	path = keyplace_path(false);
	app_key(c, path);
	free(path);
	return 0;
}

static bool
screen_pin(const char *fpr, const char *round, void *arg)
{
	struct scr *c = arg;

	/* --pin answers for the reviewer, as without the screens. */
	if (c->o->pin != NULL)
		return same_fpr(c->o->pin, fpr);
	return view_pin_ask(c->ui, fpr, round);
}

static int
screen_open(struct app *app, struct ui *ui, const char *path,
    struct sh_err *err)
{
	struct scr *c = app->arg;

	if (session_open_file(c->s, path, screen_pin, c, err) != 0)
		return -1;
	app->ws = c->s->ws;
	return 0;
}

static int
screen_open_round(struct app *app, const char *round, struct sh_err *err)
{
	struct scr *c = app->arg;

	if (session_open_round(c->s, round, err) != 0)
		return -1;
	app->ws = c->s->ws;
	return 0;
}

static char *
screen_last_sheet(struct app *app)
{
	struct scr	*c = app->arg;
	struct stat	 st;
	char		*p;

	if (c->s->ws == NULL || c->s->ws->revision <= 0 ||
	    (p = session_sheet_path(c->s, c->s->ws->revision)) == NULL)
		return NULL;
	/* Written elsewhere with submit -o: not ours to point at. */
	if (stat(p, &st) != 0 || !S_ISREG(st.st_mode)) {
		free(p);
		return NULL;
	}
	return p;
}

static int
screen_copy_sheet(struct app *app, const char *sheet, const char *dir,
    bool replace, char **dest, struct sh_err *err)
{
	return session_copy_sheet(sheet, dir, replace, dest, err);
}

/* The first view: the proposals of the round asked for or the only one
 * kept, the list of rounds when several, else the welcome screen. A
 * package named on the command line opens from the screens, so that its
 * fingerprint check is a screen. -1 (printed) if the round cannot be
 * opened. */
static int
first_view(struct scr *c, const char *package)
{
	struct app	*app = &c->app;
	struct sh_err	 err;

	if (!app->key_ready)
		return ui_push(c->ui, &view_welcome_ops, NULL);
	if (package != NULL) {
		if (view_open_package(c->ui, package) != 0)
			ui_push(c->ui, &view_welcome_ops, NULL);
		return 0;
	}
	if (c->o->round == NULL && wstore_rounds(c->s->st, &app->rounds,
	    &app->nrounds, &err) != 0)
		goto fail;
	if (c->o->round == NULL && app->nrounds == 0)
		return ui_push(c->ui, &view_welcome_ops, NULL);
	if (c->o->round == NULL && app->nrounds > 1)
		return ui_push(c->ui, &view_rounds_ops, NULL);
	if (session_open_round(c->s, c->o->round, &err) != 0)
		goto fail;
	app->ws = c->s->ws;
	return ui_push(c->ui, &view_overview_ops, NULL);
fail:
	ui_free(c->ui);
	c->ui = NULL;
	print_err(&err, NULL);
	return -1;
}

static int
screens(struct session *s, const struct opts *o, const char *keyfile,
    const char *package)
{
	struct scr	 c;
	const char	*errstr;
	int		 rc = 0;

	memset(&c, 0, sizeof(c));
	c.s = s;
	c.o = o;
	c.app.ws = s->ws;
	c.app.submit = screen_submit;
	c.app.submit_arg = s;
	c.app.make_key = screen_make_key;
	c.app.open = screen_open;
	c.app.open_round = screen_open_round;
	c.app.last_sheet = screen_last_sheet;
	c.app.copy_sheet = screen_copy_sheet;
	c.app.arg = &c;
	app_key(&c, keyfile);
	if ((c.ui = ui_new(&c.app, &errstr)) == NULL) {
		sh_cli_err("shinsa", "%s", errstr);
		rc = 1;
		goto out;
	}
	if (first_view(&c, package) != 0) {
		rc = 1;
		goto out;
	}
	if (ui_depth(c.ui) == 0)
		die("%s", ui_last_message(c.ui));
	ui_run(c.ui);
	ui_free(c.ui);
out:
	wstore_rounds_free(c.app.rounds, c.app.nrounds);
	free(c.app.pubpath);
	return rc;
}

static int
status(struct session *s)
{
	struct ws		*ws = s->ws;
	struct ws_problem	*pr;
	struct ws_flag		 fl[256];
	size_t			 i, n, nf;
	char			*c, *g, *t;

	printf(_("Round %s ("), ws->round_id);
	print_clean(stdout, ws->round_title);
	printf(_("), reviewer %s, rubric %s\n"), ws->reviewer_id,
	    ws->rubric->id);
	if (ws->pkg.deadline != NULL)
		printf(_("Deadline for your sheet: %s\n"), ws->pkg.deadline);
	for (i = 0; i < ws->nprops; i++) {
		c = msg_conflict(&ws->props[i]);
		g = msg_progress(&ws->props[i]);
		t = msg_total(&ws->props[i]);
		printf("%-8s %-16s %7s %9s  %s\n", ws->props[i].id, c, g, t,
		    msg_ready(ws, i));
		free(c);
		free(g);
		free(t);
	}
	n = ws_problems(ws, NULL, 0);
	pr = calloc(n + 1, sizeof(*pr));
	if (pr == NULL)
		return 1;
	ws_problems(ws, pr, n);
	if (n > 0)
		printf(_("%zu problems block submission:\n"), n);
	for (i = 0; i < n; i++) {
		c = msg_problem(ws, &pr[i]);
		printf("  %s\n", c);
		free(c);
	}
	free(pr);
	nf = ws_flags(ws, fl, 256);
	if (nf > 0)
		printf("%s\n", _("Flags for the secretariat (they do not "
		    "block):"));
	for (i = 0; i < nf && i < 256; i++) {
		c = msg_flag(ws, &fl[i]);
		printf("  %s\n", c);
		free(c);
	}
	if (ws->revision > 0)
		printf(_("Last submitted: revision %lld\n"), ws->revision);
	else
		printf("%s\n", _("Not submitted yet."));
	if (n == 0)
		printf("%s\n", _("Ready to submit."));
	return n == 0 ? 0 : EXIT_NOTREADY;
}

static int
form_cmd(struct session *s, const struct opts *o, int argc, char **argv)
{
	struct sh_buf	 b;
	struct sh_err	 err;
	long long	 version;
	int		 rc = 1;

	if (wstore_version(s->st, s->ws->round_id, &version, &err) != 0)
		goto fail;
	sh_buf_init(&b, true);
	if (strcmp(argv[1], "export") == 0 && argc == 2) {
		if (form_export(s->ws, version, form_lang_locale(), &b,
		    &err) != 0)
			goto fail;
		if (o->output != NULL) {
			if (sh_write_file_atomic(o->output, b.data, b.len,
			    0600, &err) != 0)
				goto fail;
		} else if (fwrite(b.data, 1, b.len, stdout) != b.len ||
		    fflush(stdout) != 0) {
			sh_errf(&err, "stdout: write failed");
			goto fail;
		}
		fprintf(stderr, "%s\n", _("The form is plaintext: keep it "
		    "private and delete it after import."));
		rc = 0;
	} else if (strcmp(argv[1], "import") == 0 && argc == 3) {
		if (sh_read_file(argv[2], FORM_MAX, &b, &err) != 0 ||
		    form_import(s->ws, version, (char *)b.data, b.len,
		    &err) != 0 || wstore_save_all(s->st, s->ws, &err) != 0)
			goto fail;
		printf(_("Imported %s: %zu proposals saved.\n"), argv[2],
		    s->ws->nprops);
		rc = 0;
	} else {
		usage(stderr);
		rc = EXIT_USAGE;
	}
	sh_buf_free(&b);
	return rc;
fail:
	print_err(&err, NULL);
	sh_buf_free(&b);
	return 1;
}

int
main(int argc, char **argv)
{
	struct opts	 o;
	struct sh_cli_parsed	 p;
	struct session	 s;
	struct sh_err	 err;
	const char	*cmd;
	char		*path, *keyfile = NULL, *package = NULL;
	struct stat	 st;
	long long	 rev;
	int		 use, rc = 1;

	if (sh_i18n_init(argv[0]) == -1) {
		fputs(sh_i18n_refusal(), stderr);
		return 1;
	}
	if (sodium_init() < 0) {
		sh_cli_err("shinsa", "%s", _("libsodium failed to start"));
		return 1;
	}
	/* Documents a killed shinsa left for the external viewer go now;
	 * this run's go at exit. */
	viewer_sweep();
	atexit(viewer_cleanup);
	memset(&o, 0, sizeof(o));
	switch (sh_cli_parse(shinsa_table, 0, &shinsa_args, true, argc, argv,
	    &o, &p)) {
	case SH_CLI_OK:
		break;
	case SH_CLI_HELP:
		if (p.opt == NULL)
			usage(stdout);
		else	/* untranslated: a name and a version number */
			printf("shinsa %s\n", SHINSA_VERSION);
		return 0;
	default:
		usage(stderr);
		return EXIT_USAGE;
	}
	argc = p.argc;
	argv = p.argv;
	cmd = argc > 0 ? argv[0] : NULL;
	if (cmd != NULL && strcmp(cmd, "open") != 0 &&
	    strcmp(cmd, "status") != 0 && strcmp(cmd, "submit") != 0 &&
	    strcmp(cmd, "form") != 0 && strcmp(cmd, "docs") != 0) {
		/* A path alone, as a terminal pastes a dropped file: open
		 * it in the screens. */
		if (argc == 1 && (package = pathin_clean(cmd)) != NULL &&
		    stat(package, &st) == 0 && !S_ISDIR(st.st_mode))
			cmd = NULL;
		else {
			fputs(_("shinsa: unknown command "), stderr);
			print_clean(stderr, cmd);
			fputc('\n', stderr);
			usage(stderr);
			free(package);
			return EXIT_USAGE;
		}
	}
	if ((cmd != NULL && strcmp(cmd, "open") == 0 && argc != 2) ||
	    (cmd != NULL && strcmp(cmd, "form") == 0 && argc < 2) ||
	    (cmd != NULL && strcmp(cmd, "docs") == 0 && argc > 3) ||
	    (cmd != NULL && strcmp(cmd, "open") != 0 &&
	    strcmp(cmd, "form") != 0 && strcmp(cmd, "docs") != 0 &&
	    argc != 1)) {
		usage(stderr);
		return EXIT_USAGE;
	}
	if (cmd != NULL && strcmp(cmd, "open") == 0 && !o.no_screens) {
		package = pathin_clean(argv[1]);
		cmd = NULL;
	}
	session_init(&s);
	/* The lock before the passphrase and the drafts: a second window
	 * is refused at once, and never holds drafts it could save over. */
	if ((use = lock_use(cmd, argv, &o)) != -1 &&
	    session_lock(&s, o.store, (enum wlock_use)use, &err) != 0)
		goto fail;
	keyfile = keyplace_choose(o.secret);
	/* No key at all: the screens make one (the welcome screen). */
	if (cmd == NULL && keyfile == NULL) {
		rc = screens(&s, &o, NULL, NULL);
		goto out;
	}
	if (unlock(&s, keyfile, &o) != 0)
		goto out;
	if (cmd == NULL) {
		rc = screens(&s, &o, keyfile, package);
		goto out;
	}
	if (strcmp(cmd, "open") == 0) {
		if (session_open_file(&s, argv[1], ask_pin, &o, &err) != 0)
			goto fail;
		if (s.pinned_now)
			fprintf(stderr, _("Pinned the secretariat's key %s.\n"),
			    s.fpr);
		fprintf(stderr, _("Opened round %s: %zu proposals.\n"),
		    s.ws->round_id, s.ws->nprops);
		rc = 0;
		goto out;
	}
	if (session_open_round(&s, o.round, &err) != 0)
		goto fail;
	if (strcmp(cmd, "status") == 0)
		rc = status(&s);
	else if (strcmp(cmd, "form") == 0)
		rc = form_cmd(&s, &o, argc, argv);
	else if (strcmp(cmd, "docs") == 0) {
		/* Read-only: no lock (lock_use). */
		if ((argc == 3 ? docs_write(s.ws, argv[1], argv[2], stdout,
		    &err) : docs_list(s.ws, argc == 2 ? argv[1] : NULL,
		    stdout, &err)) != 0)
			goto fail;
		rc = 0;
	}
	else {
		if (session_submit(&s, o.output, &path, &rev, &err) != 0)
			goto fail;
		printf(_("Submitted revision %lld: %s\n"), rev, path);
		free(path);
		rc = 0;
	}
	goto out;
fail:
	print_err(&err, s.issued_to);
	rc = 1;
out:
	session_free(&s);
	free(keyfile);
	free(package);
	return rc;
}
