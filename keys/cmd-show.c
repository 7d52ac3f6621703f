/*
 * show: what identifies a key, for checking it by voice or on paper, and
 * the age recipient it gives. Works on a public or a secret key file.
 */
#include <stdio.h>
#include <string.h>

#include "crypto/agekey.h"
#include "keys.h"

static int	cmd_show_exec(const struct cmd_entry *, struct keys_opts *,
		    int, char **);

const struct cmd_entry cmd_show_entry = {
	.name = "show",
	.usage = N_("[--passphrase-file path] keyfile"),
	.help =
	    N_("Shows the id, key number, fingerprint and age recipient of a\n"
	    "minisign public or secret key file (keys made by stock minisign\n"
	    "too). The fingerprint is BLAKE2b-128 of the public key, in groups\n"
	    "of four hex digits to read aloud. A protected secret key needs its\n"
	    "passphrase, since minisign encrypts the key number with the key."),
	.options =
	    N_("  --passphrase-file path  read the passphrase from path, not the terminal\n"),
	.args = { KOPTS(KOPT_PASSPHRASE_FILE),
	    1, 1 },
	.exec = cmd_show_exec,
};

int
kdescribe(const struct sh_minisign_pk *pk, struct sh_err *err)
{
	char	hex[17], fpr[SH_MINISIGN_FPR_LEN + 1];
	char	b64[SH_MINISIGN_PK_B64_LEN + 1], rcpt[SH_AGE_RECIPIENT_SIZE];

	if (sh_age_recipient_from_ed25519_pk(pk->pk, rcpt, sizeof rcpt,
	    err) != 0)
		return sh_err_prefix(err, "age recipient");
	sh_minisign_keynum_hex(pk->keynum, hex);
	sh_minisign_pk_fingerprint(pk, fpr);
	sh_minisign_pk_base64(pk, b64);
	/* ids are checked to be plain ASCII when parsed. The values are
	 * what a person types or reads aloud, the same in every language;
	 * their labels are translated. */
	kfield(N_("id:"), "%s", pk->id[0] != '\0' ? pk->id : _("(none)"));
	kfield(N_("keynum:"), "%s", hex);
	kfield(N_("fingerprint:"), _("%s (BLAKE2b-128 of the public key)"),
	    fpr);
	kfield(N_("age:"), "%s", rcpt);
	kfield(N_("minisign -P:"), "%s", b64);
	return 0;
}

static int
cmd_show_exec(const struct cmd_entry *c, struct keys_opts *o, int argc,
    char **argv)
{
	struct sh_minisign_sk	*sk;
	struct sh_minisign_pk	 pk;
	enum sh_minisign_kind	 kind;
	struct sh_err		 err;
	const char		*path = argv[0];
	bool			 protected;
	int			 rc;

	if (sh_minisign_key_file_kind(path, &kind, &protected, &err) != 0)
		return kerr("%s", sh_errstr(&err));
	if (kind == SH_MINISIGN_PUBLIC) {
		if (o->passphrase_file != NULL)
			return kerr(_("%s: a public key needs no passphrase"),
			    path);
		if (sh_minisign_pk_read_file(path, &pk, &err) != 0)
			return kerr("%s", sh_errstr(&err));
		kfield(N_("file:"), _("%s (public key)"), path);
		if (kdescribe(&pk, &err) != 0)
			return kerr("%s", sh_errstr(&err));
		return EXIT_OK;
	}
	if ((sk = kload_sk(path, o->passphrase_file, &err)) == NULL)
		return kerr("%s", sh_errstr(&err));
	kfield(N_("file:"), _("%s (secret key, %s)"), path,
	    sk->was_protected ? _("protected by a passphrase") : _("UNPROTECTED"));
	rc = kdescribe(&sk->pub, &err);
	sh_minisign_sk_free(sk);
	if (rc != 0)
		return kerr("%s", sh_errstr(&err));
	return EXIT_OK;
}
