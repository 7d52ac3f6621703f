/*
 * SHA-256 (FIPS 180-4) with the x86 SHA extensions; see sha256.h.
 *
 * The extensions keep the eight working variables as two vectors,
 * ABEF and CDGH; sha256rnds2 does two rounds, sha256msg1/msg2 the two
 * halves of the message schedule, four words at a time. Everything else
 * here is the standard padding, done on a copy of the last block or two.
 */
#include <stdint.h>
#include <string.h>

#include <sodium.h>

#include "crypto/sha256.h"

#if defined(__x86_64__) && (defined(__GNUC__) || defined(__clang__))
#define SH_SHA_NI 1
#include <cpuid.h>
#include <immintrin.h>
#endif

#ifdef SH_SHA_NI

static const uint32_t K[64] = {
	0x428a2f98, 0x71374491, 0xb5c0fbcf, 0xe9b5dba5, 0x3956c25b, 0x59f111f1,
	0x923f82a4, 0xab1c5ed5, 0xd807aa98, 0x12835b01, 0x243185be, 0x550c7dc3,
	0x72be5d74, 0x80deb1fe, 0x9bdc06a7, 0xc19bf174, 0xe49b69c1, 0xefbe4786,
	0x0fc19dc6, 0x240ca1cc, 0x2de92c6f, 0x4a7484aa, 0x5cb0a9dc, 0x76f988da,
	0x983e5152, 0xa831c66d, 0xb00327c8, 0xbf597fc7, 0xc6e00bf3, 0xd5a79147,
	0x06ca6351, 0x14292967, 0x27b70a85, 0x2e1b2138, 0x4d2c6dfc, 0x53380d13,
	0x650a7354, 0x766a0abb, 0x81c2c92e, 0x92722c85, 0xa2bfe8a1, 0xa81a664b,
	0xc24b8b70, 0xc76c51a3, 0xd192e819, 0xd6990624, 0xf40e3585, 0x106aa070,
	0x19a4c116, 0x1e376c08, 0x2748774c, 0x34b0bcb5, 0x391c0cb3, 0x4ed8aa4a,
	0x5b9cca4f, 0x682e6ff3, 0x748f82ee, 0x78a5636f, 0x84c87814, 0x8cc70208,
	0x90befffa, 0xa4506ceb, 0xbef9a3f7, 0xc67178f2
};

static bool
have_sha_ni(void)
{
	unsigned a, b, c, d;

	if (!__get_cpuid(1, &a, &b, &c, &d) ||
	    !(c & (1u << 9)) || !(c & (1u << 19)))	/* SSSE3, SSE4.1 */
		return false;
	if (!__get_cpuid_count(7, 0, &a, &b, &c, &d))
		return false;
	return (b & (1u << 29)) != 0;			/* SHA */
}

__attribute__((target("sha,sse4.1,ssse3")))
static void
blocks_ni(uint32_t state[8], const unsigned char *p, size_t n)
{
	const __m128i	 bswap = _mm_set_epi64x(0x0c0d0e0f08090a0bULL,
			     0x0405060700010203ULL);
	__m128i		 s0, s1, t, abef, cdgh, w[4], wi;
	int		 g;

	/* state words a..h into ABEF and CDGH. */
	t = _mm_shuffle_epi32(_mm_loadu_si128((const __m128i *)&state[0]),
	    0xB1);
	s1 = _mm_shuffle_epi32(_mm_loadu_si128((const __m128i *)&state[4]),
	    0x1B);
	s0 = _mm_alignr_epi8(t, s1, 8);
	s1 = _mm_blend_epi16(s1, t, 0xF0);
	for (; n > 0; n--, p += 64) {
		abef = s0;
		cdgh = s1;
		for (g = 0; g < 16; g++) {
			if (g < 4)
				wi = w[g] = _mm_shuffle_epi8(_mm_loadu_si128(
				    (const __m128i *)(p + 16 * g)), bswap);
			else {
				/* W[g-4] + s0(W[g-3..]) + W[g-2..g-1] + s1 */
				wi = _mm_sha256msg1_epu32(w[g & 3],
				    w[(g - 3) & 3]);
				wi = _mm_add_epi32(wi, _mm_alignr_epi8(
				    w[(g - 1) & 3], w[(g - 2) & 3], 4));
				wi = w[g & 3] = _mm_sha256msg2_epu32(wi,
				    w[(g - 1) & 3]);
			}
			t = _mm_add_epi32(wi, _mm_loadu_si128(
			    (const __m128i *)&K[4 * g]));
			s1 = _mm_sha256rnds2_epu32(s1, s0, t);
			t = _mm_shuffle_epi32(t, 0x0E);
			s0 = _mm_sha256rnds2_epu32(s0, s1, t);
		}
		s0 = _mm_add_epi32(s0, abef);
		s1 = _mm_add_epi32(s1, cdgh);
	}
	/* Back to a..h. */
	t = _mm_shuffle_epi32(s0, 0x1B);
	s1 = _mm_shuffle_epi32(s1, 0xB1);
	s0 = _mm_blend_epi16(t, s1, 0xF0);
	s1 = _mm_alignr_epi8(s1, t, 8);
	_mm_storeu_si128((__m128i *)&state[0], s0);
	_mm_storeu_si128((__m128i *)&state[4], s1);
}

static void
sha256_ni(const unsigned char *p, size_t len, unsigned char out[32])
{
	uint32_t	 state[8] = { 0x6a09e667, 0xbb67ae85, 0x3c6ef372,
			     0xa54ff53a, 0x510e527f, 0x9b05688c, 0x1f83d9ab,
			     0x5be0cd19 };
	unsigned char	 last[128];
	size_t		 full = len / 64, rest = len % 64, nlast, i;
	uint64_t	 bits = (uint64_t)len * 8;

	blocks_ni(state, p, full);
	/* 0x80, zeros, and the length in bits: one block or two. */
	memset(last, 0, sizeof last);
	if (rest > 0)
		memcpy(last, p + full * 64, rest);
	last[rest] = 0x80;
	nlast = rest < 56 ? 64 : 128;
	for (i = 0; i < 8; i++)
		last[nlast - 1 - i] = (unsigned char)(bits >> (8 * i));
	blocks_ni(state, last, nlast / 64);
	for (i = 0; i < 8; i++) {
		out[4 * i] = (unsigned char)(state[i] >> 24);
		out[4 * i + 1] = (unsigned char)(state[i] >> 16);
		out[4 * i + 2] = (unsigned char)(state[i] >> 8);
		out[4 * i + 3] = (unsigned char)state[i];
	}
	/* The tail may be a sheet's plaintext. */
	sodium_memzero(last, sizeof last);
}

static enum sh_sha256_path forced;	/* sh_sha256_test_force() */

/* Decided once; reading it again gives the same answer from any thread. */
static int
accel(void)
{
	static int known;	/* 0 unknown, 1 yes, 2 no */

	if (known == 0)
		known = have_sha_ni() ? 1 : 2;
	if (forced == SH_SHA256_PORTABLE)
		return 0;
	return known == 1;
}

#endif /* SH_SHA_NI */

bool
sh_sha256_test_force(enum sh_sha256_path path)
{
	switch (path) {
	case SH_SHA256_AUTO:
	case SH_SHA256_PORTABLE:
		break;
	case SH_SHA256_EXTENSIONS:
#ifdef SH_SHA_NI
		if (have_sha_ni())
			break;
#endif
		return false;
	default:
		return false;
	}
#ifdef SH_SHA_NI
	forced = path;
#endif
	return true;
}

bool
sh_sha256_accelerated(void)
{
#ifdef SH_SHA_NI
	return accel();
#else
	return false;
#endif
}

void
sh_sha256(const void *p, size_t len, unsigned char out[SH_SHA256_BYTES])
{
#ifdef SH_SHA_NI
	if (accel()) {
		sha256_ni(p, len, out);
		return;
	}
#endif
	crypto_hash_sha256(out, p, len);
}
