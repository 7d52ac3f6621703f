/*
 * agetool: drives crypto/age from the interop test against stock age.
 *
 *	agetool keygen DIR		Ed25519 key pair -> DIR/recipient
 *					(age1...) and DIR/identity (0600)
 *	agetool encrypt [-w] AGE1...	stdin -> stdout, to the recipients
 *	agetool decrypt [-w] IDFILE	stdin -> stdout
 *
 * -w uses the whole-buffer API instead of the streaming one.
 */
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include <sodium.h>

#include "base/buf.h"
#include "crypto/age.h"
#include "crypto/agekey.h"

#define MAX_RCPTS	16
#define WHOLE_LIMIT	((size_t)64 << 20)

static int
usage(void)
{
	fprintf(stderr, "usage: agetool keygen DIR\n"
	    "       agetool encrypt [-w] RECIPIENT...\n"
	    "       agetool decrypt [-w] IDENTITY-FILE\n");
	return 2;
}

static int
die(const char *what, const struct sh_err *err)
{
	fprintf(stderr, "agetool: %s: %s\n", what, err->msg);
	return 1;
}

static int
keygen(const char *dir)
{
	unsigned char	 pk[32], *sk;
	char		 r[SH_AGE_RECIPIENT_SIZE + 1], *id, path[4096];
	struct sh_err	 err;
	int		 rc = 1;

	sk = sodium_malloc(64);
	id = sodium_malloc(SH_AGE_IDENTITY_SIZE + 1);
	if (sk == NULL || id == NULL)
		return 1;
	crypto_sign_keypair(pk, sk);
	if (sh_age_recipient_from_ed25519_pk(pk, r, sizeof r, &err) != 0 ||
	    sh_age_identity_from_ed25519_sk(sk, id, SH_AGE_IDENTITY_SIZE,
	    &err) != 0) {
		die("keygen", &err);
		goto out;
	}
	strcat(r, "\n");
	snprintf(path, sizeof path, "%s/recipient", dir);
	if (sh_write_file_atomic(path, r, strlen(r), 0644, &err) != 0) {
		die("keygen", &err);
		goto out;
	}
	strcat(id, "\n");
	snprintf(path, sizeof path, "%s/identity", dir);
	if (sh_write_file_atomic(path, id, strlen(id), 0600, &err) != 0) {
		die("keygen", &err);
		goto out;
	}
	rc = 0;
out:
	sodium_free(sk);
	sodium_free(id);
	return rc;
}

static int
read_stdin(struct sh_buf *b)
{
	unsigned char	buf[65536];
	size_t		n;

	while ((n = fread(buf, 1, sizeof buf, stdin)) > 0)
		if (sh_buf_append(b, buf, n) != 0)
			return -1;
	return ferror(stdin) ? -1 : 0;
}

static int
encrypt(int argc, char **argv, int whole)
{
	struct sh_age_recipient	 rc[MAX_RCPTS];
	struct sh_age_source	 src;
	struct sh_age_sink	 snk;
	struct sh_buf		 in, out;
	struct sh_err		 err;
	int			 i;

	if (argc < 1 || argc > MAX_RCPTS)
		return usage();
	for (i = 0; i < argc; i++)
		if (sh_age_recipient_parse(argv[i], rc[i].pk, &err) != 0)
			return die(argv[i], &err);
	if (!whole) {
		sh_age_source_file(&src, stdin);
		sh_age_sink_file(&snk, stdout);
		if (sh_age_encrypt_stream(rc, (size_t)argc, &src, &snk,
		    &err) != 0)
			return die("encrypt", &err);
		return fflush(stdout) == 0 ? 0 : 1;
	}
	sh_buf_init(&in, true);
	sh_buf_init(&out, false);
	if (read_stdin(&in) != 0) {
		fprintf(stderr, "agetool: cannot read stdin\n");
		return 1;
	}
	if (sh_age_encrypt(rc, (size_t)argc, in.data, in.len, &out,
	    &err) != 0)
		return die("encrypt", &err);
	if (out.len > 0 && fwrite(out.data, 1, out.len, stdout) != out.len)
		return 1;
	sh_buf_free(&in);
	sh_buf_free(&out);
	return fflush(stdout) == 0 ? 0 : 1;
}

static int
decrypt(const char *idfile, int whole)
{
	struct sh_age_identity	*id;
	struct sh_age_source	 src;
	struct sh_age_sink	 snk;
	struct sh_buf		 f, in, out;
	struct sh_err		 err;
	char			*line, *nl;
	int			 rc = 1;

	id = sodium_malloc(sizeof *id);
	sh_buf_init(&f, true);
	if (id == NULL || sh_read_file(idfile, 4096, &f, &err) != 0)
		return die(idfile, &err);
	/* The first AGE-SECRET-KEY- line, as age-keygen writes them. */
	line = sh_buf_cstr(&f);
	while (line != NULL && strncmp(line, "AGE-SECRET-KEY-1", 16) != 0)
		line = (nl = strchr(line, '\n')) ? nl + 1 : NULL;
	if (line == NULL) {
		fprintf(stderr, "agetool: %s: no identity\n", idfile);
		return 1;
	}
	if ((nl = strchr(line, '\n')) != NULL)
		*nl = '\0';
	if (sh_age_identity_parse(line, id->sk, &err) != 0)
		return die(idfile, &err);
	sh_buf_free(&f);

	if (!whole) {
		sh_age_source_file(&src, stdin);
		sh_age_sink_file(&snk, stdout);
		if (sh_age_decrypt_stream(id, 1, &src, &snk, NULL, &err) != 0)
			die("decrypt", &err);
		else
			rc = fflush(stdout) == 0 ? 0 : 1;
		sodium_free(id);
		return rc;
	}
	sh_buf_init(&in, false);
	sh_buf_init(&out, true);
	if (read_stdin(&in) != 0) {
		fprintf(stderr, "agetool: cannot read stdin\n");
	} else if (sh_age_decrypt(id, 1, in.data, in.len, WHOLE_LIMIT, &out,
	    &err) != 0) {
		die("decrypt", &err);
	} else if (out.len == 0 || fwrite(out.data, 1, out.len, stdout) ==
	    out.len)
		rc = fflush(stdout) == 0 ? 0 : 1;
	sh_buf_free(&in);
	sh_buf_free(&out);
	sodium_free(id);
	return rc;
}

int
main(int argc, char **argv)
{
	int whole = 0;

	if (sodium_init() < 0)
		return 1;
	if (argc < 3)
		return usage();
	if (strcmp(argv[1], "keygen") == 0 && argc == 3)
		return keygen(argv[2]);
	if (argc > 3 && strcmp(argv[2], "-w") == 0)
		whole = 1;
	if (strcmp(argv[1], "encrypt") == 0)
		return encrypt(argc - 2 - whole, argv + 2 + whole, whole);
	if (strcmp(argv[1], "decrypt") == 0 && argc == 3 + whole)
		return decrypt(argv[2 + whole], whole);
	return usage();
}
