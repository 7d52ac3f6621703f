/*
 * libFuzzer target for age decryption (crypto/age) with a fixed X25519
 * identity, the one the C2SP CCTV vectors in the seed corpus use. The
 * whole-file and streaming APIs must agree on success and on the kind of
 * failure; the whole-file API must release nothing on failure, and on
 * success exactly what the streaming API released.
 */
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include <sodium.h>

#include "crypto/age.h"
#include "crypto/agekey.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

#define IDENTITY "AGE-SECRET-KEY-1EGTZVFFV20835NWYV6270LXYVK2VKNX2MMDKWYK" \
	"LMGR48UAWX40Q2P2LM0"

struct mem {
	const unsigned char	*p;
	size_t			 len, off;
};

static ssize_t
mem_read(void *arg, unsigned char *buf, size_t len, struct sh_err *err)
{
	struct mem	*m = arg;
	size_t		 k;

	/* Small, uneven reads exercise the reader's buffering. */
	k = m->len - m->off;
	if (k > len)
		k = len;
	if (k > 1000)
		k = 1000;
	memcpy(buf, m->p + m->off, k);
	m->off += k;
	return (ssize_t)k;
}

struct hsink {
	crypto_hash_sha256_state	st;
	size_t				n;
};

static int
hwrite(void *arg, const unsigned char *p, size_t len, struct sh_err *err)
{
	struct hsink *h = arg;

	crypto_hash_sha256_update(&h->st, p, len);
	h->n += len;
	return 0;
}

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	static struct sh_age_identity	*id;
	struct mem			 m = { data, size, 0 };
	struct sh_age_source		 src = { mem_read, &m };
	struct hsink			 hs;
	struct sh_age_sink		 snk = { hwrite, &hs };
	struct sh_buf			 pt;
	struct sh_err			 e;
	enum sh_age_fail		 w1, w2;
	unsigned char			 h1[32], h2[32];
	int				 r1, r2;

	if (id == NULL) {
		if (sodium_init() < 0 ||
		    (id = sodium_malloc(sizeof *id)) == NULL ||
		    sh_age_identity_parse(IDENTITY, id->sk, NULL) != 0)
			abort();
	}
	crypto_hash_sha256_init(&hs.st);
	hs.n = 0;
	r1 = sh_age_decrypt_stream(id, 1, &src, &snk, &w1, &e);
	crypto_hash_sha256_final(&hs.st, h1);
	if ((r1 == 0) != (w1 == SH_AGE_OK) || (r1 != 0 && e.msg[0] == '\0'))
		abort();

	/*
	 * Not a secret buffer: it holds only "keep", and each sodium_malloc
	 * is a guarded mapping (mmap, two mprotect, munmap) that cost more
	 * than parsing most inputs. On success the API frees it and hands
	 * back its own secret buffer, as it does for the callers' buffers.
	 */
	sh_buf_init(&pt, false);
	if (sh_buf_append_str(&pt, "keep") != 0)
		abort();
	r2 = sh_age_decrypt_why(id, 1, data, size, (size_t)1 << 24, &pt, &w2,
	    &e);
	if (r1 != r2 || w1 != w2)
		abort();
	if (r2 != 0) {
		if (pt.len != 4 || memcmp(pt.data, "keep", 4) != 0)
			abort();
	} else {
		crypto_hash_sha256(h2, pt.data, pt.len);
		if (pt.len != hs.n || memcmp(h1, h2, 32) != 0)
			abort();
	}
	sh_buf_free(&pt);
	return 0;
}
