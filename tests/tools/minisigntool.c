/*
 * minisigntool: drives crypto/minisign from the interop test against
 * stock minisign.
 *
 *	minisigntool sign [-w] [-P PASSFILE] SECKEY FILE TRUSTED-COMMENT SIGFILE
 *	minisigntool verify [-w] FILE SIGFILE PUBKEY...
 *		prints the trusted comment and which key (0-based) signed
 *	minisigntool tc SIGFILE KEY
 *		prints one field of the (unverified) trusted comment
 *	minisigntool protect SECKEY PASSFILE OUTKEY
 *		writes the unprotected SECKEY protected by the passphrase in
 *		PASSFILE at scrypt's smallest limits, so that a test can try
 *		passphrases on the terminal without seconds of scrypt each
 *		(the programs take any limits up to minisign's)
 *
 * -w uses the whole-buffer API instead of streaming the file. "\t" in the
 * trusted comment argument becomes a tab.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include <sodium.h>

#include "base/buf.h"
#include "crypto/minisign.h"
#include "crypto/passphrase.h"

#define MAX_KEYS	16
#define WHOLE_LIMIT	((size_t)64 << 20)

static int
usage(void)
{
	fprintf(stderr, "usage: minisigntool sign [-w] [-P passfile] SECKEY "
	    "FILE TRUSTED-COMMENT SIGFILE\n"
	    "       minisigntool verify [-w] FILE SIGFILE PUBKEY...\n"
	    "       minisigntool tc SIGFILE KEY\n"
	    "       minisigntool protect SECKEY PASSFILE OUTKEY\n");
	return 2;
}

static int
die(const char *what, const struct sh_err *err)
{
	fprintf(stderr, "minisigntool: %s: %s\n", what, err->msg);
	return 1;
}

static char *
unescape_tabs(const char *s)
{
	char	*out = strdup(s), *o = out;

	if (out == NULL)
		return NULL;
	for (; *s != '\0'; s++) {
		if (s[0] == '\\' && s[1] == 't') {
			*o++ = '\t';
			s++;
		} else
			*o++ = *s;
	}
	*o = '\0';
	return out;
}

static int
do_sign(int argc, char **argv)
{
	struct sh_minisign_sk	*sk;
	struct sh_buf		 pw, sig, msg;
	struct sh_err		 err;
	const char		*passfile = NULL;
	char			*tc;
	int			 ch, whole = 0, rc;

	optind = 1;
	while ((ch = getopt(argc, argv, "wP:")) != -1) {
		if (ch == 'w')
			whole = 1;
		else if (ch == 'P')
			passfile = optarg;
		else
			return usage();
	}
	argc -= optind;
	argv += optind;
	if (argc != 4)
		return usage();
	sh_buf_init(&pw, true);
	if (passfile != NULL &&
	    sh_passphrase_read_file(passfile, &pw, &err) != 0)
		return die(passfile, &err);
	sk = sh_minisign_sk_read_file(argv[0], passfile ? pw.data : NULL,
	    pw.len, &err);
	sh_buf_free(&pw);
	if (sk == NULL)
		return die(argv[0], &err);
	if ((tc = unescape_tabs(argv[2])) == NULL)
		return 1;
	sh_buf_init(&sig, false);
	if (whole) {
		sh_buf_init(&msg, false);
		if (sh_read_file(argv[1], WHOLE_LIMIT, &msg, &err) != 0)
			return die(argv[1], &err);
		rc = sh_minisign_sign(sk, msg.data, msg.len, tc, NULL, &sig,
		    &err);
		sh_buf_free(&msg);
	} else
		rc = sh_minisign_sign_file(sk, argv[1], tc, NULL, &sig, &err);
	sh_minisign_sk_free(sk);
	free(tc);
	if (rc != 0)
		return die("sign", &err);
	if (sh_write_file_atomic(argv[3], sig.data, sig.len, 0644, &err) != 0)
		return die(argv[3], &err);
	sh_buf_free(&sig);
	return 0;
}

static int
do_verify(int argc, char **argv)
{
	struct sh_minisign_pk		pks[MAX_KEYS];
	struct sh_minisign_verified	v;
	struct sh_buf			sig, msg;
	struct sh_err			err;
	int				ch, whole = 0, i, n, rc;

	optind = 1;
	while ((ch = getopt(argc, argv, "w")) != -1) {
		if (ch == 'w')
			whole = 1;
		else
			return usage();
	}
	argc -= optind;
	argv += optind;
	if (argc < 3 || argc - 2 > MAX_KEYS)
		return usage();
	n = argc - 2;
	for (i = 0; i < n; i++)
		if (sh_minisign_pk_read_file(argv[2 + i], &pks[i], &err) != 0)
			return die(argv[2 + i], &err);
	sh_buf_init(&sig, false);
	if (sh_read_file(argv[1], SH_MINISIGN_SIGFILE_MAX, &sig, &err) != 0)
		return die(argv[1], &err);
	if (whole) {
		sh_buf_init(&msg, false);
		if (sh_read_file(argv[0], WHOLE_LIMIT, &msg, &err) != 0)
			return die(argv[0], &err);
		rc = sh_minisign_verify(pks, (size_t)n, msg.data, msg.len,
		    (char *)sig.data, sig.len, &v, &err);
		sh_buf_free(&msg);
	} else
		rc = sh_minisign_verify_file(pks, (size_t)n, argv[0],
		    (char *)sig.data, sig.len, &v, &err);
	sh_buf_free(&sig);
	if (rc != 0)
		return die("verify", &err);
	printf("key %zu\ntrusted comment: %s\n", v.key_index,
	    v.trusted_comment);
	return 0;
}

static int
do_tc(int argc, char **argv)
{
	struct sh_minisign_sig	sig;
	struct sh_minisign_tc	tc;
	struct sh_buf		b;
	struct sh_err		err;
	const char		*v;

	if (argc != 3)
		return usage();
	sh_buf_init(&b, false);
	if (sh_read_file(argv[1], SH_MINISIGN_SIGFILE_MAX, &b, &err) != 0)
		return die(argv[1], &err);
	if (sh_minisign_sig_parse((char *)b.data, b.len, &sig, &err) != 0)
		return die(argv[1], &err);
	sh_buf_free(&b);
	if (sh_minisign_tc_parse(sig.trusted_comment, sig.tc_len, &tc,
	    &err) != 0)
		return die(argv[1], &err);
	if ((v = sh_minisign_tc_get(&tc, argv[2])) == NULL) {
		fprintf(stderr, "minisigntool: no field %s\n", argv[2]);
		return 1;
	}
	printf("%s\n", v);
	return 0;
}

static int
do_protect(int argc, char **argv)
{
	static const struct sh_minisign_kdf fast = {
		crypto_pwhash_scryptsalsa208sha256_OPSLIMIT_MIN,
		crypto_pwhash_scryptsalsa208sha256_MEMLIMIT_MIN,
	};
	struct sh_minisign_sk	*sk;
	struct sh_buf		 pw, out;
	struct sh_err		 err;
	int			 rc;

	if (argc != 4)
		return usage();
	if ((sk = sh_minisign_sk_read_file(argv[1], NULL, 0, &err)) == NULL)
		return die(argv[1], &err);
	if (sh_passphrase_read_file(argv[2], &pw, &err) != 0) {
		sh_minisign_sk_free(sk);
		return die(argv[2], &err);
	}
	sh_buf_init(&out, true);
	rc = sh_minisign_sk_format(sk, pw.data, pw.len, &fast, &out, &err);
	if (rc == 0)
		rc = sh_write_file_atomic(argv[3], out.data, out.len, 0600,
		    &err);
	sh_buf_free(&out);
	sh_buf_free(&pw);
	sh_minisign_sk_free(sk);
	return rc != 0 ? die(argv[3], &err) : 0;
}

int
main(int argc, char **argv)
{
	if (sodium_init() < 0 || argc < 2)
		return usage();
	if (strcmp(argv[1], "sign") == 0)
		return do_sign(argc - 1, argv + 1);
	if (strcmp(argv[1], "verify") == 0)
		return do_verify(argc - 1, argv + 1);
	if (strcmp(argv[1], "tc") == 0)
		return do_tc(argc - 1, argv + 1);
	if (strcmp(argv[1], "protect") == 0)
		return do_protect(argc - 1, argv + 1);
	return usage();
}
