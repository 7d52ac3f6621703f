/* minisign detached signatures: prehashed "ED" only. */
#include <errno.h>
#include <stdio.h>
#include <string.h>
#include <unistd.h>

#include <sodium.h>

#include "crypto/minisign.h"
#include "crypto/minisign_int.h"

#define SIG_BLOB	(2 + SH_MINISIGN_KEYNUMBYTES + SH_MINISIGN_SIGBYTES)
#define DEFAULT_UC	"signature from minisign secret key"

void
sh_minisign_hash_init(struct sh_minisign_hash *h)
{
	crypto_generichash_init(&h->st, NULL, 0, SH_MINISIGN_HASHBYTES);
}

void
sh_minisign_hash_update(struct sh_minisign_hash *h, const void *p, size_t n)
{
	crypto_generichash_update(&h->st, p, n);
}

void
sh_minisign_hash_final(struct sh_minisign_hash *h,
    unsigned char out[SH_MINISIGN_HASHBYTES])
{
	crypto_generichash_final(&h->st, out, SH_MINISIGN_HASHBYTES);
	sodium_memzero(&h->st, sizeof h->st);
}

/* Hashes a file in chunks, so a file of any size can be signed. */
static int
hash_file(const char *path, unsigned char out[SH_MINISIGN_HASHBYTES],
    struct sh_err *err)
{
	struct sh_minisign_hash	 h;
	unsigned char		 chunk[65536];
	ssize_t			 n;
	int			 fd;

	if ((fd = sh_open_regular(path, NULL, err)) == -1)
		return -1;
	sh_minisign_hash_init(&h);
	for (;;) {
		if ((n = sh_read_fd(fd, chunk, sizeof chunk, path, err)) == -1) {
			close(fd);
			sodium_memzero(chunk, sizeof chunk);
			return -1;
		}
		if (n == 0)
			break;
		sh_minisign_hash_update(&h, chunk, (size_t)n);
	}
	close(fd);
	sodium_memzero(chunk, sizeof chunk);
	sh_minisign_hash_final(&h, out);
	return 0;
}

/* Ed25519 over sig || trusted comment: the global signature. */
static int
global_message(const unsigned char sig[SH_MINISIGN_SIGBYTES], const char *tc,
    size_t tclen, struct sh_buf *m)
{
	sh_buf_init(m, false);
	if (sh_buf_append(m, sig, SH_MINISIGN_SIGBYTES) != 0 ||
	    sh_buf_append(m, tc, tclen) != 0) {
		sh_buf_free(m);
		return -1;
	}
	return 0;
}

int
sh_minisign_sign_prehashed(const struct sh_minisign_sk *sk,
    const unsigned char hash[SH_MINISIGN_HASHBYTES],
    const char *trusted_comment, const char *untrusted_comment,
    struct sh_buf *sigfile_out, struct sh_err *err)
{
	unsigned char	blob[SIG_BLOB], global[SH_MINISIGN_SIGBYTES];
	struct sh_buf	m;
	size_t		tclen, uclen, mark = sigfile_out->len;
	int		rc;

	if (sh_ms_init(err) != 0)
		return -1;
	if (untrusted_comment == NULL)
		untrusted_comment = DEFAULT_UC;
	tclen = strlen(trusted_comment);
	uclen = strlen(untrusted_comment);
	if (!sh_ms_one_line(trusted_comment, tclen))
		return sh_errf(err, "trusted comment must be one line");
	if (tclen > SH_MINISIGN_TC_MAX)
		return sh_errf(err, "trusted comment of %zu bytes is longer "
		    "than the limit of %d", tclen, SH_MINISIGN_TC_MAX);
	if (!sh_ms_one_line(untrusted_comment, uclen))
		return sh_errf(err, "untrusted comment must be one line");
	if (uclen > SH_MINISIGN_COMMENT_MAX)
		return sh_errf(err, "untrusted comment of %zu bytes is longer "
		    "than the limit of %d", uclen, SH_MINISIGN_COMMENT_MAX);

	memcpy(blob, "ED", 2);
	memcpy(blob + 2, sk->pub.keynum, SH_MINISIGN_KEYNUMBYTES);
	if (crypto_sign_detached(blob + 2 + SH_MINISIGN_KEYNUMBYTES, NULL,
	    hash, SH_MINISIGN_HASHBYTES, sk->sk) != 0)
		return sh_errf(err, "cannot sign");
	if (global_message(blob + 2 + SH_MINISIGN_KEYNUMBYTES, trusted_comment,
	    tclen, &m) != 0)
		return sh_errf(err, "out of memory");
	rc = crypto_sign_detached(global, NULL, m.data, m.len, sk->sk);
	/* Check with the public half, as minisign does: a bad key shows here. */
	if (rc == 0)
		rc = crypto_sign_verify_detached(global, m.data, m.len,
		    sk->pub.pk);
	sh_buf_free(&m);
	if (rc != 0)
		return sh_errf(err, "the signature does not verify with the "
		    "key's own public half; the key is damaged");

	rc = sh_buf_printf(sigfile_out, SH_MS_UC_PREFIX "%s\n",
	    untrusted_comment);
	if (rc == 0)
		rc = sh_ms_b64_append_line(sigfile_out, blob, sizeof blob);
	if (rc == 0)
		rc = sh_buf_printf(sigfile_out, SH_MS_TC_PREFIX "%s\n",
		    trusted_comment);
	if (rc == 0)
		rc = sh_ms_b64_append_line(sigfile_out, global, sizeof global);
	if (rc != 0) {
		sigfile_out->len = mark;
		return sh_errf(err, "out of memory");
	}
	return 0;
}

int
sh_minisign_sign(const struct sh_minisign_sk *sk, const void *msg, size_t len,
    const char *trusted_comment, const char *untrusted_comment,
    struct sh_buf *sigfile_out, struct sh_err *err)
{
	struct sh_minisign_hash	h;
	unsigned char		hash[SH_MINISIGN_HASHBYTES];

	if (sh_ms_init(err) != 0)
		return -1;
	sh_minisign_hash_init(&h);
	sh_minisign_hash_update(&h, msg, len);
	sh_minisign_hash_final(&h, hash);
	return sh_minisign_sign_prehashed(sk, hash, trusted_comment,
	    untrusted_comment, sigfile_out, err);
}

int
sh_minisign_sign_file(const struct sh_minisign_sk *sk, const char *path,
    const char *trusted_comment, const char *untrusted_comment,
    struct sh_buf *sigfile_out, struct sh_err *err)
{
	unsigned char	hash[SH_MINISIGN_HASHBYTES];

	if (sh_ms_init(err) != 0 || hash_file(path, hash, err) != 0)
		return -1;
	return sh_minisign_sign_prehashed(sk, hash, trusted_comment,
	    untrusted_comment, sigfile_out, err);
}

int
sh_minisign_sig_parse(const char *text, size_t len, struct sh_minisign_sig *out,
    struct sh_err *err)
{
	struct sh_minisign_sig	 s;
	unsigned char		 blob[SIG_BLOB];
	const char		*p = text, *end = text + len, *l;
	size_t			 n;
	size_t			 ucp = strlen(SH_MS_UC_PREFIX);
	size_t			 tcp = strlen(SH_MS_TC_PREFIX);
	int			 rc;

	if (len > SH_MINISIGN_SIGFILE_MAX)
		return sh_errf(err, "signature: larger than %d bytes",
		    SH_MINISIGN_SIGFILE_MAX);
	memset(&s, 0, sizeof s);

	rc = sh_ms_next_line(&p, end, &l, &n, ucp + SH_MINISIGN_COMMENT_MAX);
	if (rc != 1)
		return sh_errf(err, "signature: %s", rc == 0 ? "empty" :
		    "untrusted comment too long or not text");
	if (n < ucp || memcmp(l, SH_MS_UC_PREFIX, ucp) != 0)
		return sh_errf(err, "signature: first line does not start "
		    "with \"untrusted comment: \"");
	memcpy(s.untrusted_comment, l + ucp, n - ucp);

	if (sh_ms_next_line(&p, end, &l, &n, 512) != 1)
		return sh_errf(err, "signature: signature line missing");
	if (sh_ms_b64_decode(l, n, blob, sizeof blob, "signature", err) != 0)
		return -1;

	rc = sh_ms_next_line(&p, end, &l, &n, tcp + SH_MINISIGN_TC_MAX);
	if (rc == 0)
		return sh_errf(err, "signature: trusted comment missing");
	if (rc < 0)
		return sh_errf(err, "signature: trusted comment longer than "
		    "the limit of %d bytes, or not text", SH_MINISIGN_TC_MAX);
	if (n < tcp || memcmp(l, SH_MS_TC_PREFIX, tcp) != 0)
		return sh_errf(err, "signature: third line does not start "
		    "with \"trusted comment: \"");
	s.tc_len = n - tcp;
	if (memchr(l + tcp, '\r', s.tc_len) != NULL)
		return sh_errf(err, "signature: trusted comment is not one "
		    "line");
	memcpy(s.trusted_comment, l + tcp, s.tc_len);

	if (sh_ms_next_line(&p, end, &l, &n, 512) != 1)
		return sh_errf(err, "signature: global signature missing");
	if (sh_ms_b64_decode(l, n, s.global_sig, sizeof s.global_sig,
	    "global signature", err) != 0)
		return -1;
	if (p != end)
		return sh_errf(err, "signature: trailing data after the "
		    "global signature");

	if (memcmp(blob, "Ed", 2) == 0)
		return sh_errf(err, "signature: legacy (non-prehashed, \"Ed\") "
		    "minisign signature; only prehashed \"ED\" signatures "
		    "are accepted (re-sign without minisign -l)");
	if (memcmp(blob, "ED", 2) != 0)
		return sh_errf(err, "signature: unsupported signature "
		    "algorithm 0x%02x%02x (only prehashed Ed25519, \"ED\")",
		    blob[0], blob[1]);
	memcpy(s.alg, blob, 2);
	memcpy(s.keynum, blob + 2, SH_MINISIGN_KEYNUMBYTES);
	memcpy(s.sig, blob + 2 + SH_MINISIGN_KEYNUMBYTES, SH_MINISIGN_SIGBYTES);
	*out = s;
	return 0;
}

int
sh_minisign_verify_prehashed(const struct sh_minisign_pk *pks, size_t npks,
    const struct sh_minisign_sig *sig,
    const unsigned char hash[SH_MINISIGN_HASHBYTES],
    struct sh_minisign_verified *out, struct sh_err *err)
{
	const struct sh_minisign_pk	*pk = NULL;
	struct sh_buf			 m;
	char				 want[17], got[17];
	size_t				 i, which = 0, matches = 0;
	int				 rc;

	if (sh_ms_init(err) != 0)
		return -1;
	if (memcmp(sig->alg, "ED", 2) != 0)
		return sh_errf(err, "signature: not a prehashed \"ED\" "
		    "signature");
	if (sig->tc_len > SH_MINISIGN_TC_MAX)
		return sh_errf(err, "signature: trusted comment too long");
	for (i = 0; i < npks; i++) {
		if (memcmp(pks[i].keynum, sig->keynum,
		    SH_MINISIGN_KEYNUMBYTES) == 0) {
			if (matches++ == 0) {
				pk = &pks[i];
				which = i;
			}
		}
	}
	sh_minisign_keynum_hex(sig->keynum, got);
	if (matches == 0) {
		if (npks == 1) {
			sh_minisign_keynum_hex(pks[0].keynum, want);
			sh_errf(err, "signed by a different key (key id %s, "
			    "expected %s)", got, want);
		} else
			sh_errf(err, "signed by a different key (key id %s, "
			    "none of the %zu keys given)", got, npks);
		return sh_err_set_kind(err, SH_ERR_OTHER_KEY);
	}
	if (matches > 1)
		return sh_errf(err, "%zu of the keys given share key id %s; "
		    "cannot tell which signed", matches, got);
	if (crypto_sign_verify_detached(sig->sig, hash, SH_MINISIGN_HASHBYTES,
	    pk->pk) != 0)
		return sh_errf(err, "signature verification failed: the file "
		    "is not what key %s signed", got);
	if (global_message(sig->sig, sig->trusted_comment, sig->tc_len, &m) != 0)
		return sh_errf(err, "out of memory");
	rc = crypto_sign_verify_detached(sig->global_sig, m.data, m.len,
	    pk->pk);
	sh_buf_free(&m);
	if (rc != 0)
		return sh_errf(err, "trusted comment signature verification "
		    "failed: the trusted comment was altered");
	if (out != NULL) {
		out->key_index = which;
		memcpy(out->trusted_comment, sig->trusted_comment, sig->tc_len);
		out->trusted_comment[sig->tc_len] = '\0';
		out->tc_len = sig->tc_len;
	}
	return 0;
}

int
sh_minisign_verify(const struct sh_minisign_pk *pks, size_t npks,
    const void *msg, size_t len, const char *sigfile, size_t siglen,
    struct sh_minisign_verified *out, struct sh_err *err)
{
	struct sh_minisign_sig	sig;
	struct sh_minisign_hash	h;
	unsigned char		hash[SH_MINISIGN_HASHBYTES];

	if (sh_ms_init(err) != 0 ||
	    sh_minisign_sig_parse(sigfile, siglen, &sig, err) != 0)
		return -1;
	sh_minisign_hash_init(&h);
	sh_minisign_hash_update(&h, msg, len);
	sh_minisign_hash_final(&h, hash);
	return sh_minisign_verify_prehashed(pks, npks, &sig, hash, out, err);
}

int
sh_minisign_verify_file(const struct sh_minisign_pk *pks, size_t npks,
    const char *path, const char *sigfile, size_t siglen,
    struct sh_minisign_verified *out, struct sh_err *err)
{
	struct sh_minisign_sig	sig;
	unsigned char		hash[SH_MINISIGN_HASHBYTES];

	if (sh_ms_init(err) != 0 ||
	    sh_minisign_sig_parse(sigfile, siglen, &sig, err) != 0)
		return -1;
	if (hash_file(path, hash, err) != 0)
		return -1;
	if (sh_minisign_verify_prehashed(pks, npks, &sig, hash, out, err) != 0)
		return sh_err_prefix(err, "%s", path);
	return 0;
}
