/*
 * generate: a new Ed25519 key pair in minisign's formats, named by a
 * person or role id. The secret key is protected by a passphrase (scrypt
 * with minisign's limits) unless --unprotected says otherwise.
 */
#define _GNU_SOURCE	/* asprintf */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "crypto/passphrase.h"
#include "keys.h"

static int	cmd_generate_exec(const struct cmd_entry *, struct keys_opts *,
		    int, char **);

const struct cmd_entry cmd_generate_entry = {
	.name = "generate",
	.usage = N_("-i id [-p pubkey] [-s seckey] [-f] "
	    "[--unprotected | --passphrase-file path]"),
	.help =
	    N_("Makes a new key pair for the person or role id: a public key file\n"
	    "(ID.pub unless -p) to give to others, and a secret key file (ID.sec\n"
	    "unless -s) created mode 0600 and protected by a passphrase asked\n"
	    "twice on the terminal. The id is written in the keys' untrusted\n"
	    "comments. Existing files are kept unless -f is given."),
	.options =
	    N_("  -i, --id id             person or role id (A-Z a-z 0-9 . _ - @ +)\n"
	    "  -p, --public path       public key file\n"
	    "  -s, --secret path       secret key file\n"
	    "  -f, --force             replace existing key files\n"
	    "  --passphrase-file path  read the new passphrase from path\n"
	    "  --unprotected           store the secret key without a passphrase\n"
	    "                          (demonstrations and tests only)\n"),
	.args = { KOPTS(KOPT_ID, KOPT_PUBLIC, KOPT_SECRET, KOPT_FORCE,
	    KOPT_PASSPHRASE_FILE, KOPT_UNPROTECTED),
	    0, 0 },
	.exec = cmd_generate_exec,
};

static int
cmd_generate_exec(const struct cmd_entry *c, struct keys_opts *o, int argc,
    char **argv)
{
	struct sh_minisign_sk	*sk = NULL;
	struct sh_buf		 pw;
	struct sh_err		 err;
	char			*pub = NULL, *sec = NULL;
	int			 rc = EXIT_FAIL;

	sh_buf_init(&pw, true);
	if (o->id == NULL) {
		kerr(_("generate: -i id is required"));
		return kusage(c);
	}
	if (!sh_minisign_id_valid(o->id)) {
		kerr(_("generate: invalid id \"%s\": use 1 to %d of "
		    "A-Z a-z 0-9 . _ - @ +"), o->id, SH_MINISIGN_ID_MAX);
		return EXIT_USAGE;
	}
	if (o->unprotected && o->passphrase_file != NULL) {
		kerr(_("generate: --unprotected and --passphrase-file "
		    "contradict each other"));
		return kusage(c);
	}
	if ((o->pub == NULL && asprintf(&pub, "%s.pub", o->id) == -1) ||
	    (o->sec == NULL && asprintf(&sec, "%s.sec", o->id) == -1))
		return kerr(_("out of memory"));
	if (o->pub != NULL)
		pub = strdup(o->pub);
	if (o->sec != NULL)
		sec = strdup(o->sec);
	if (pub == NULL || sec == NULL) {
		kerr(_("out of memory"));
		goto out;
	}
	if (strcmp(pub, sec) == 0) {
		kerr(_("generate: the public and secret key files are both %s"),
		    pub);
		rc = EXIT_USAGE;
		goto out;
	}
	if (!o->force && kexists(sec)) {
		kerr(_("%s: already exists; -f replaces it"), sec);
		goto out;
	}
	if (!o->force && kexists(pub)) {
		kerr(_("%s: already exists; -f replaces it"), pub);
		goto out;
	}
	if (!o->unprotected &&
	    knew_passphrase(o->passphrase_file, &pw, &err) != 0) {
		kerr("%s", sh_errstr(&err));
		goto out;
	}
	if ((sk = sh_minisign_keygen(o->id, &err)) == NULL) {
		kerr("%s", sh_errstr(&err));
		goto out;
	}
	/* Asking took a while: check again, as minisign does. */
	if (!o->force && (kexists(sec) || kexists(pub))) {
		kerr(_("%s: appeared meanwhile; -f replaces it"),
		    kexists(sec) ? sec : pub);
		goto out;
	}
	if (!o->unprotected)
		fprintf(stderr, _("Deriving a key from the passphrase "
		    "(scrypt, 1 GiB)...\n"));
	/* The secret key first: a public key alone would be useless. */
	if (sh_minisign_sk_write_file(sec, sk, o->unprotected ? NULL : pw.data,
	    pw.len, &err) != 0) {
		kerr("%s", sh_errstr(&err));
		goto out;
	}
	if (sh_minisign_pk_write_file(pub, &sk->pub, &err) != 0) {
		kerr("%s", sh_errstr(&err));
		goto out;
	}
	/* TRANSLATORS: a file name and how its key is kept */
	kfield(N_("secret key:"), _("%s (%s)"), sec, o->unprotected ?
	    _("UNPROTECTED, mode 0600") : _("passphrase, mode 0600"));
	kfield(N_("public key:"), "%s", pub);
	if (kdescribe(&sk->pub, &err) != 0) {
		kerr("%s", sh_errstr(&err));
		goto out;
	}
	rc = EXIT_OK;
out:
	sh_buf_free(&pw);
	sh_minisign_sk_free(sk);
	free(pub);
	free(sec);
	return rc;
}
