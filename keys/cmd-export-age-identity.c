/*
 * export-age-identity: the age X25519 identity derived from a secret key,
 * as an identity file stock `age -d -i` reads.
 */
#include <stdio.h>
#include <string.h>

#include <sodium.h>

#include "crypto/agekey.h"
#include "keys.h"

static int	cmd_export_age_identity_exec(const struct cmd_entry *,
		    struct keys_opts *, int, char **);

const struct cmd_entry cmd_export_age_identity_entry = {
	.name = "export-age-identity",
	.usage = N_("[-f] [-o file] [--passphrase-file path] seckey"),
	.help =
	    N_("Prints the age identity (AGE-SECRET-KEY-1...) derived from the\n"
	    "secret key, after a comment line naming its recipient, so that\n"
	    "stock `age -d -i FILE` opens what was encrypted to that person.\n"
	    "With -o the identity goes to a new file created mode 0600.\n"
	    "The identity is as secret as the key itself."),
	.options =
	    N_("  -o, --output file       write to file (mode 0600), not stdout\n"
	    "  -f, --force             replace an existing output file\n"
	    "  --passphrase-file path  read the passphrase from path, not the terminal\n"),
	.args = { KOPTS(KOPT_OUTPUT, KOPT_FORCE, KOPT_SECRET,
	    KOPT_PASSPHRASE_FILE),
	    0, 1 },
	.exec = cmd_export_age_identity_exec,
};

static int
cmd_export_age_identity_exec(const struct cmd_entry *c, struct keys_opts *o,
    int argc, char **argv)
{
	struct sh_minisign_sk	*sk = NULL;
	struct sh_buf		 text;
	struct sh_err		 err;
	const char		*path;
	char			*id = NULL, rcpt[SH_AGE_RECIPIENT_SIZE];
	int			 rc = EXIT_FAIL;

	if ((argc == 1) == (o->sec != NULL)) {
		kerr(_("export-age-identity: give the secret key file once"));
		return kusage(c);
	}
	path = argc == 1 ? argv[0] : o->sec;
	if (o->output != NULL && !o->force && kexists(o->output))
		return kerr(_("%s: already exists; -f replaces it"), o->output);
	sh_buf_init(&text, true);
	if ((sk = kload_sk(path, o->passphrase_file, &err)) == NULL) {
		kerr("%s", sh_errstr(&err));
		goto out;
	}
	if ((id = sodium_malloc(SH_AGE_IDENTITY_SIZE)) == NULL) {
		kerr(_("out of memory"));
		goto out;
	}
	if (sh_age_identity_from_ed25519_sk(sk->sk, id, SH_AGE_IDENTITY_SIZE,
	    &err) != 0 ||
	    sh_age_recipient_from_ed25519_pk(sk->pub.pk, rcpt, sizeof rcpt,
	    &err) != 0) {
		kerr("%s: %s", path, sh_errstr(&err));
		goto out;
	}
	if (sh_buf_printf(&text, "# public key: %s\n%s\n", rcpt, id) != 0) {
		kerr(_("out of memory"));
		goto out;
	}
	if (o->output != NULL) {
		if (sh_write_file_atomic(o->output, text.data, text.len, 0600,
		    &err) != 0) {
			kerr("%s", sh_errstr(&err));
			goto out;
		}
	} else if (fwrite(text.data, 1, text.len, stdout) != text.len ||
	    fflush(stdout) != 0) {
		kerr(_("stdout: write failed"));
		goto out;
	}
	rc = EXIT_OK;
out:
	if (id != NULL)
		sodium_free(id);
	sh_buf_free(&text);
	sh_minisign_sk_free(sk);
	return rc;
}
