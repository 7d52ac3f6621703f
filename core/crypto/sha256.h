/*
 * SHA-256 of a buffer in memory, with the x86 SHA extensions when the
 * processor has them and libsodium's portable code otherwise.
 *
 * Why: the merge hashes every sheet twice (the file as received, and the
 * signed JSON its trusted comment names), 400 KiB per sheet at national
 * scale, and libsodium's SHA-256 is portable C at about 55 instructions a
 * byte: a fifth of ingest. The SHA extensions do the same in a few
 * cycles a byte. Both give the same digest; tests/unit/test_sha256.c
 * checks the published vectors and compares the two over every length
 * across the block boundaries.
 */
#ifndef SHINSA_CRYPTO_SHA256_H
#define SHINSA_CRYPTO_SHA256_H

#include <stdbool.h>
#include <stddef.h>

#define SH_SHA256_BYTES	32

void	sh_sha256(const void *p, size_t len, unsigned char out[SH_SHA256_BYTES]);
/* Whether sh_sha256() uses the SHA extensions on this machine. */
bool	sh_sha256_accelerated(void);

/*
 * A test hook, in the manner of SQLite's sqlite3_test_control(): forces
 * the path sh_sha256() takes, so that a test can run the portable code on
 * a machine that has the extensions and compare the two. Returns false
 * (and changes nothing) when the path is not on this machine. Not for
 * the programs; not thread-safe.
 */
enum sh_sha256_path {
	SH_SHA256_AUTO,		/* the extensions when CPUID has them */
	SH_SHA256_PORTABLE,	/* libsodium's portable code */
	SH_SHA256_EXTENSIONS	/* the x86 SHA extensions */
};
bool	sh_sha256_test_force(enum sh_sha256_path);

#endif
