/*
 * passphrase: changes a secret key's passphrase, or protects a key that
 * has none. The key material and keynum stay the same, so the public key,
 * fingerprint and age recipient do not change.
 */
#include <stdio.h>

#include "crypto/passphrase.h"
#include "keys.h"

static int	cmd_passphrase_exec(const struct cmd_entry *,
		    struct keys_opts *, int, char **);

const struct cmd_entry cmd_passphrase_entry = {
	.name = "passphrase",
	.usage = N_("[--passphrase-file path] [--new-passphrase-file path] "
	    "seckey"),
	.help =
	    N_("Sets a new passphrase on a secret key file: asks for the current\n"
	    "one (if the key has one), then for the new one twice, and rewrites\n"
	    "the file in place (atomically, mode 0600). An unprotected key\n"
	    "becomes protected. Removing protection is not offered."),
	.options =
	    N_("  --passphrase-file path      read the current passphrase from path\n"
	    "  --new-passphrase-file path  read the new passphrase from path\n"),
	.args = { KOPTS(KOPT_SECRET, KOPT_PASSPHRASE_FILE,
	    KOPT_NEW_PASSPHRASE_FILE),
	    0, 1 },
	.exec = cmd_passphrase_exec,
};

static int
cmd_passphrase_exec(const struct cmd_entry *c, struct keys_opts *o, int argc,
    char **argv)
{
	struct sh_minisign_sk	*sk = NULL;
	struct sh_buf		 pw;
	struct sh_err		 err;
	const char		*path;
	bool			 was;
	int			 rc = EXIT_FAIL;

	if ((argc == 1) == (o->sec != NULL)) {
		kerr(_("passphrase: give the secret key file once"));
		return kusage(c);
	}
	path = argc == 1 ? argv[0] : o->sec;
	sh_buf_init(&pw, true);
	if ((sk = kload_sk(path, o->passphrase_file, &err)) == NULL) {
		kerr("%s", sh_errstr(&err));
		goto out;
	}
	was = sk->was_protected;
	if (!was && o->passphrase_file != NULL) {
		kerr(_("%s: the key has no passphrase; give only "
		    "--new-passphrase-file"), path);
		goto out;
	}
	if (knew_passphrase(o->new_passphrase_file, &pw, &err) != 0) {
		kerr("%s", sh_errstr(&err));
		goto out;
	}
	fprintf(stderr, _("Deriving a key from the passphrase (scrypt, 1 GiB)...\n"));
	if (sh_minisign_sk_write_file(path, sk, pw.data, pw.len, &err) != 0) {
		kerr("%s", sh_errstr(&err));
		goto out;
	}
	printf("%s: %s\n", path, was ? _("passphrase changed") :
	    _("now protected by a passphrase"));
	rc = EXIT_OK;
out:
	sh_buf_free(&pw);
	sh_minisign_sk_free(sk);
	return rc;
}
