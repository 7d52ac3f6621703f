/*
 * floor: the raw libsodium cost of opening the benchmark's sheets, the
 * floor the merge's ingest is compared against (bench/run.sh).
 *
 *	floor SECRETKEY REVIEWERS.CSV SHEET...
 *
 * Untimed preparation: every file is read into memory; the age header is
 * parsed (the ephemeral share, the wrapped file key, the MAC) and the file
 * is opened once with core (format/seal's own pieces) to find the bytes
 * of sheet.json and its signature, and the reviewer's public key.
 *
 * Timed, per sheet, with libsodium alone, on those same bytes:
 *	X25519 (crypto_scalarmult) of the secretariat's key and the share;
 *	HKDF-SHA-256 (crypto_auth_hmacsha256) for the wrap key, the header
 *	MAC key and the payload key, and the header's HMAC;
 *	ChaCha20-Poly1305 (crypto_aead_chacha20poly1305_ietf_decrypt) of the
 *	file key and of the payload in 64 KiB chunks;
 *	BLAKE2b-512 over the sheet.json bytes (minisign's prehash);
 *	two Ed25519 verifies (crypto_sign_verify_detached): the signature
 *	and the global signature over it and the trusted comment.
 * Every step must succeed and the plaintext must equal core's, else the
 * floor would be measuring a short cut. No file reading, no parsing, no
 * SQLite: this is what the cryptography alone costs.
 *
 * Prints "floor: N sheets, T s (best of R), S sheets/s".
 *
 * Built with BENCH_FLOOR_JSON (bench-floor-json, only where simdjson is
 * installed: bench/CMakeLists.txt), it then measures, best of R each:
 *	json: simdjson's parse of every sheet.json and a walk over every
 *	value, checking every string for controls (jsonwalk.cc), beside
 *	shinsa's reader (sh_sheet_parse) on the same bytes;
 *	the practical floor: per sheet, the file read from disk, SHA-256 of
 *	it and of sheet.json, the cryptography above, simdjson's walk, and
 *	a row for the sheet and one per proposal inserted into SQLite (WAL,
 *	synchronous=FULL, as the round's store), all sheets in one
 *	transaction: what ingest must do, done the fastest way at hand.
 * and prints "json: ..., reader/simdjson speed X" and "practical floor:
 * N sheets, T s (best of R), S sheets/s".
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include <sodium.h>

#include "base/buf.h"
#include "crypto/age.h"
#include "crypto/age_header.h"
#include "crypto/agekey.h"
#include "crypto/minisign.h"
#include "format/seal.h"
#include "format/tar.h"

#ifdef BENCH_FLOOR_JSON
#include <sys/resource.h>

#include <unistd.h>

#include <sqlite3.h>

#include "base/buf.h"
#include "format/sheet.h"
#include "jsonwalk.h"
#endif

#define ROUNDS	3

struct sheet {
	struct sh_buf		 file;
	size_t			 hdrlen, maclen;
	unsigned char		 mac[32];
	unsigned char		 share[32];
	unsigned char		 wrapped[32];	/* file key + tag */
	struct sh_buf		 json;		/* sheet.json */
	char			*pjson;		/* a copy, padded for simdjson */
	struct sh_minisign_sig	 sig;
	struct sh_minisign_pk	 pk;
	size_t			 ptlen;
};

static void __attribute__((noreturn))
die(const char *what, const struct sh_err *e)
{
	fprintf(stderr, "floor: %s%s%s\n", what, e ? ": " : "",
	    e ? e->msg : "");
	exit(1);
}

static void
hkdf(unsigned char out[32], const unsigned char *salt, size_t saltlen,
    const unsigned char *ikm, size_t ikmlen, const char *info)
{
	crypto_auth_hmacsha256_state	st;
	unsigned char			prk[32], one = 1;

	crypto_auth_hmacsha256_init(&st, salt, saltlen);
	crypto_auth_hmacsha256_update(&st, ikm, ikmlen);
	crypto_auth_hmacsha256_final(&st, prk);
	crypto_auth_hmacsha256_init(&st, prk, sizeof prk);
	crypto_auth_hmacsha256_update(&st, (const unsigned char *)info,
	    strlen(info));
	crypto_auth_hmacsha256_update(&st, &one, 1);
	crypto_auth_hmacsha256_final(&st, out);
}

/* One sheet, the primitives only: 0, or -(the step that failed). */
static int
open_raw(const struct sheet *s, const unsigned char idsk[32],
    const unsigned char idpk[32], unsigned char *pt)
{
	crypto_auth_hmacsha256_state	 st;
	unsigned char			 shared[32], salt[64], key[32];
	unsigned char			 filekey[16], mac[32], nonce[12];
	unsigned char			 h[64], gm[64 + SH_MINISIGN_TC_MAX];
	const unsigned char		*p = s->file.data + s->hdrlen + 16;
	size_t				 left, n, out = 0;
	unsigned long long		 ctr = 0;
	int				 i;

	if (crypto_scalarmult(shared, idsk, s->share) != 0)
		return -1;
	memcpy(salt, s->share, 32);
	memcpy(salt + 32, idpk, 32);
	hkdf(key, salt, 64, shared, 32, "age-encryption.org/v1/X25519");
	memset(nonce, 0, sizeof nonce);
	if (crypto_aead_chacha20poly1305_ietf_decrypt(filekey, NULL, NULL,
	    s->wrapped, 32, NULL, 0, nonce, key) != 0)
		return -2;
	hkdf(key, (const unsigned char *)"", 0, filekey, 16, "header");
	crypto_auth_hmacsha256_init(&st, key, 32);
	crypto_auth_hmacsha256_update(&st, s->file.data, s->maclen);
	crypto_auth_hmacsha256_final(&st, mac);
	if (sodium_memcmp(mac, s->mac, 32) != 0)
		return -3;
	hkdf(key, s->file.data + s->hdrlen, 16, filekey, 16, "payload");
	left = s->file.len - s->hdrlen - 16;
	while (left > 0) {
		n = left < SH_AGE_CHUNK + SH_AGE_TAG ? left :
		    SH_AGE_CHUNK + SH_AGE_TAG;
		memset(nonce, 0, 3);
		for (i = 3; i < 11; i++)
			nonce[i] = (unsigned char)(ctr >> (8 * (10 - i)));
		nonce[11] = n == left;
		if (n < SH_AGE_TAG || crypto_aead_chacha20poly1305_ietf_decrypt(
		    pt + out, NULL, NULL, p, n, NULL, 0, nonce, key) != 0)
			return -4;
		out += n - SH_AGE_TAG;
		p += n;
		left -= n;
		ctr++;
	}
	if (out != s->ptlen)
		return -5;
	crypto_generichash(h, sizeof h, s->json.data, s->json.len, NULL, 0);
	if (crypto_sign_verify_detached(s->sig.sig, h, sizeof h,
	    s->pk.pk) != 0)
		return -6;
	memcpy(gm, s->sig.sig, 64);
	memcpy(gm + 64, s->sig.trusted_comment, s->sig.tc_len);
	if (crypto_sign_verify_detached(s->sig.global_sig, gm,
	    64 + s->sig.tc_len, s->pk.pk) != 0)
		return -7;
	return 0;
}

#ifdef BENCH_FLOOR_JSON
/* The practical floor's statements, and where the rows of a sheet go. */
struct ins {
	sqlite3		*db;
	sqlite3_stmt	*sheet, *review;
	sqlite3_int64	 seq;
	int		 ord;
};

static double now(void);
#ifdef BENCH_FLOOR_JSON
static double cpu(void);
#endif

static void
db_exec(sqlite3 *db, const char *sql)
{
	if (sqlite3_exec(db, sql, NULL, NULL, NULL) != SQLITE_OK)
		die(sqlite3_errmsg(db), NULL);
}

static void
put_review(void *arg, const char *id, size_t len, long long total)
{
	struct ins	*in = arg;

	sqlite3_bind_int64(in->review, 1, in->seq);
	sqlite3_bind_int(in->review, 2, in->ord++);
	sqlite3_bind_text(in->review, 3, id, (int)len, SQLITE_TRANSIENT);
	sqlite3_bind_int64(in->review, 4, total);
	if (sqlite3_step(in->review) != SQLITE_DONE)
		die(sqlite3_errmsg(in->db), NULL);
	sqlite3_reset(in->review);
}

/* simdjson's parse-and-walk and shinsa's reader, each on every sheet. */
static void
json_compare(const struct sheet *ss, size_t ns)
{
	struct jw_stats	 st = { 0, 0 };
	struct sh_sheet	 sh;
	struct sh_err	 e;
	double		 t0, dt, bw = 0, br = 0;
	size_t		 i;
	int		 r;

	for (r = 0; r < ROUNDS; r++) {
		t0 = now();
		for (i = 0; i < ns; i++)
			if (jw_walk(ss[i].pjson, ss[i].json.len, &st, NULL,
			    NULL) != 0)
				die("simdjson refused a sheet.json", NULL);
		dt = now() - t0;
		if (r == 0 || dt < bw)
			bw = dt;
		t0 = now();
		for (i = 0; i < ns; i++) {
			if (sh_sheet_parse(ss[i].json.data, ss[i].json.len,
			    &sh, &e) != 0)
				die("sheet.json", &e);
			sh_sheet_free(&sh);
		}
		dt = now() - t0;
		if (r == 0 || dt < br)
			br = dt;
	}
	printf("json: %zu sheets, simdjson walk %.3f s, shinsa reader %.3f s "
	    "(best of %d), reader/simdjson speed %.2f\n", ns, bw, br, ROUNDS,
	    bw / br);
}

static void
hex_sha256(char hex[65], const unsigned char *p, size_t len)
{
	unsigned char	h[32];

	crypto_hash_sha256(h, p, len);
	sodium_bin2hex(hex, 65, h, sizeof h);
}

static void
practical(const struct sheet *ss, size_t ns, char **paths,
    const unsigned char idsk[32], const unsigned char idpk[32],
    unsigned char *raw)
{
	static const char *const db_files[] = { "floor-json.db",
	    "floor-json.db-wal", "floor-json.db-shm" };
	struct ins	 in;
	struct jw_stats	 st = { 0, 0 };
	struct sh_buf	 f;
	struct sh_err	 e;
	char		 hf[65], hj[65];
	double		 t0, c0, dt, best = 0, bestcpu = 0;
	size_t		 i, k;
	int		 r;

	for (r = 0; r < ROUNDS; r++) {
		for (k = 0; k < 3; k++)
			unlink(db_files[k]);
		if (sqlite3_open(db_files[0], &in.db) != SQLITE_OK)
			die(db_files[0], NULL);
		db_exec(in.db, "PRAGMA journal_mode = WAL;"
		    "PRAGMA synchronous = FULL;"
		    "CREATE TABLE sheets (seq INTEGER PRIMARY KEY,"
		    " reviewer TEXT NOT NULL, sheet_json BLOB NOT NULL,"
		    " minisig BLOB NOT NULL, sha256 TEXT NOT NULL,"
		    " sealed_sha256 TEXT NOT NULL);"
		    "CREATE TABLE reviews (sheet INTEGER NOT NULL,"
		    " ord INTEGER NOT NULL, proposal TEXT NOT NULL,"
		    " total INTEGER NOT NULL, PRIMARY KEY (sheet, ord))"
		    " WITHOUT ROWID;");
		if (sqlite3_prepare_v2(in.db, "INSERT INTO sheets (reviewer,"
		    " sheet_json, minisig, sha256, sealed_sha256)"
		    " VALUES (?, ?, ?, ?, ?)", -1, &in.sheet, NULL) !=
		    SQLITE_OK || sqlite3_prepare_v2(in.db, "INSERT INTO"
		    " reviews VALUES (?, ?, ?, ?)", -1, &in.review, NULL) !=
		    SQLITE_OK)
			die(sqlite3_errmsg(in.db), NULL);
		t0 = now();
		c0 = cpu();
		db_exec(in.db, "BEGIN");
		for (i = 0; i < ns; i++) {
			sh_buf_init(&f, false);
			if (sh_read_file(paths[i], SH_SHEET_MAX_BYTES, &f,
			    &e) == -1)
				die(paths[i], &e);
			hex_sha256(hf, f.data, f.len);
			if (open_raw(&ss[i], idsk, idpk, raw) != 0)
				die(paths[i], NULL);
			hex_sha256(hj, ss[i].json.data, ss[i].json.len);
			sqlite3_bind_text(in.sheet, 1, paths[i], -1,
			    SQLITE_STATIC);
			/*
			 * What ingest stores: sheet.json and the signature
			 * (its trusted comment standing in for the few hundred
			 * bytes of .minisig), not the sealed file (gone from
			 * the round since schema 3), which would double the
			 * bytes written and flatter ingest's ratio.
			 */
			sqlite3_bind_blob(in.sheet, 2, ss[i].json.data,
			    (int)ss[i].json.len, SQLITE_STATIC);
			sqlite3_bind_blob(in.sheet, 3, ss[i].sig.trusted_comment,
			    (int)ss[i].sig.tc_len, SQLITE_STATIC);
			sqlite3_bind_text(in.sheet, 4, hj, 64, SQLITE_STATIC);
			sqlite3_bind_text(in.sheet, 5, hf, 64, SQLITE_STATIC);
			if (sqlite3_step(in.sheet) != SQLITE_DONE)
				die(sqlite3_errmsg(in.db), NULL);
			sqlite3_reset(in.sheet);
			in.seq = sqlite3_last_insert_rowid(in.db);
			in.ord = 0;
			if (jw_walk(ss[i].pjson, ss[i].json.len, &st,
			    put_review, &in) != 0)
				die("simdjson refused a sheet.json", NULL);
			sh_buf_free(&f);
		}
		db_exec(in.db, "COMMIT");
		dt = now() - t0;
		if (r == 0 || dt < best) {
			best = dt;
			bestcpu = cpu() - c0;
		}
		sqlite3_finalize(in.sheet);
		sqlite3_finalize(in.review);
		sqlite3_close(in.db);
	}
	for (k = 0; k < 3; k++)
		unlink(db_files[k]);
	printf("practical floor: %zu sheets, %.3f s (best of %d), %.1f "
	    "sheets/s\n", ns, best, ROUNDS, (double)ns / best);
	/*
	 * On shared cores wall time moves with the load; the CPU time of
	 * the same round can be set beside ingest's user + sys.
	 */
	printf("practical floor CPU: %.3f s user + sys in that round, "
	    "%.3f ms/sheet\n", bestcpu, bestcpu * 1e3 / (double)ns);
}
#endif

/* Reviewer id -> public key, from reviewers.csv (id,name,public_key). */
static struct sh_minisign_pk *
read_roster(const char *path, char (**ids)[65], size_t *n)
{
	FILE			*f;
	char			 line[1024], *c1, *c2;
	struct sh_minisign_pk	*pks = NULL;
	struct sh_err		 e;
	size_t			 cap = 0;

	*n = 0;
	*ids = NULL;
	if ((f = fopen(path, "r")) == NULL)
		die(path, NULL);
	while (fgets(line, sizeof line, f) != NULL) {
		line[strcspn(line, "\r\n")] = '\0';
		if ((c1 = strchr(line, ',')) == NULL ||
		    (c2 = strrchr(line, ',')) == c1 ||
		    strncmp(line, "id,", 3) == 0)
			continue;
		if (*n == cap) {
			cap = cap ? 2 * cap : 1024;
			pks = realloc(pks, cap * sizeof *pks);
			*ids = realloc(*ids, cap * sizeof **ids);
			if (pks == NULL || *ids == NULL)
				die("out of memory", NULL);
		}
		*c1 = '\0';
		snprintf((*ids)[*n], 65, "%s", line);
		if (sh_minisign_pk_parse(c2 + 1, strlen(c2 + 1), &pks[*n],
		    &e) == -1)
			die(path, &e);
		(*n)++;
	}
	fclose(f);
	return pks;
}

static double
now(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (double)ts.tv_sec + (double)ts.tv_nsec / 1e9;
}

#ifdef BENCH_FLOOR_JSON
/* User + system time of this process, in seconds. */
static double
cpu(void)
{
	struct rusage	ru;

	getrusage(RUSAGE_SELF, &ru);
	return (double)ru.ru_utime.tv_sec + (double)ru.ru_utime.tv_usec / 1e6 +
	    (double)ru.ru_stime.tv_sec + (double)ru.ru_stime.tv_usec / 1e6;
}
#endif

int
main(int argc, char **argv)
{
	struct sh_minisign_sk	*sk;
	struct sh_age_identity	*id;
	struct sh_age_header	 h;
	struct sh_tar		 t;
	struct sh_tar_limits	 lim = { 2, SH_SHEET_MAX_BYTES,
				     SH_SHEET_MAX_BYTES };
	const struct sh_tar_member *m;
	struct sh_seal_tc	 tc;
	struct sh_minisign_pk	*pks;
	char			(*ids)[65];
	struct sheet		*ss;
	struct sh_err		 e;
	unsigned char		 idpk[32], *raw = NULL;
	struct sh_buf		 pt;
	size_t			 ns, npks, i, j, maxpt = 0;
	double			 t0, best = 0;
	int			 r;

	if (argc < 4) {
		fprintf(stderr, "usage: floor SECRETKEY REVIEWERS.CSV "
		    "SHEET...\n");
		return 2;
	}
	if (sodium_init() < 0)
		die("sodium_init", NULL);
	if ((sk = sh_minisign_sk_read_file(argv[1], NULL, 0, &e)) == NULL)
		die(argv[1], &e);
	if ((id = sodium_malloc(sizeof *id)) == NULL ||
	    sh_age_x25519_from_ed25519_sk(sk->sk, id->sk, &e) == -1 ||
	    sh_age_x25519_public(id->sk, idpk, &e) == -1)
		die("secretariat key", &e);
	sh_minisign_sk_free(sk);
	pks = read_roster(argv[2], &ids, &npks);

	ns = (size_t)(argc - 3);
	if ((ss = calloc(ns, sizeof *ss)) == NULL)
		die("out of memory", NULL);
	for (i = 0; i < ns; i++) {
		struct sheet	*s = &ss[i];
		const char	*path = argv[3 + i];
		size_t		 sl;

		sh_buf_init(&s->file, false);
		sh_buf_init(&s->json, true);
		sh_buf_init(&pt, true);
		if (sh_read_file(path, SH_SHEET_MAX_BYTES, &s->file, &e) == -1)
			die(path, &e);
		sh_age_header_init(&h);
		if (sh_age_header_parse(&h, s->file.data, s->file.len, &e)
		    == -1)
			die(path, &e);
		if (h.nstanzas != 1 || h.stanzas[0].nargs != 2 ||
		    strcmp(h.stanzas[0].args[0], "X25519") != 0 ||
		    h.stanzas[0].bodylen != 32 ||
		    sodium_base642bin(s->share, 32, h.stanzas[0].args[1],
		    strlen(h.stanzas[0].args[1]), NULL, &sl, NULL,
		    sodium_base64_VARIANT_ORIGINAL_NO_PADDING) != 0 || sl != 32)
			die(path, &(struct sh_err){ .msg = "not one X25519 "
			    "stanza" });
		memcpy(s->wrapped, h.stanzas[0].body, 32);
		memcpy(s->mac, h.mac, 32);
		s->maclen = h.maclen;
		s->hdrlen = h.len;
		sh_age_header_free(&h);

		sh_tar_init(&t, true);
		if (sh_age_decrypt(id, 1, s->file.data, s->file.len,
		    SH_SHEET_MAX_BYTES, &pt, &e) == -1 ||
		    sh_tar_read(pt.data, pt.len, &lim, &t, &e) == -1)
			die(path, &e);
		s->ptlen = pt.len;
		if ((m = sh_tar_find(&t, SH_SHEET_JSON_NAME)) == NULL ||
		    sh_buf_append(&s->json, m->data.data, m->data.len) != 0 ||
		    (m = sh_tar_find(&t, SH_SHEET_SIG_NAME)) == NULL ||
		    sh_minisign_sig_parse((const char *)m->data.data,
		    m->data.len, &s->sig, &e) == -1 ||
		    sh_seal_tc_parse(s->sig.trusted_comment, s->sig.tc_len,
		    &tc, &e) == -1)
			die(path, &e);
		sh_tar_free(&t);
		for (j = 0; j < npks; j++)
			if (strcmp(ids[j], tc.reviewer) == 0)
				break;
		if (j == npks)
			die(tc.reviewer, NULL);
		s->pk = pks[j];
		/* The raw path must do all the work and get core's bytes. */
		if (s->ptlen > maxpt) {
			free(raw);
			maxpt = s->ptlen;
			if ((raw = malloc(maxpt + SH_AGE_CHUNK)) == NULL)
				die("out of memory", NULL);
		}
		if ((r = open_raw(s, id->sk, idpk, raw)) != 0 ||
		    memcmp(raw, pt.data, s->ptlen) != 0) {
			fprintf(stderr, "floor: %s: raw open step %d\n", path,
			    r);
			return 1;
		}
		sh_buf_free(&pt);
		/* simdjson reads up to 64 bytes past the end (its padding). */
		if ((s->pjson = calloc(1, s->json.len + 64)) == NULL)
			die("out of memory", NULL);
		memcpy(s->pjson, s->json.data, s->json.len);
	}
	for (r = 0; r < ROUNDS; r++) {
		double dt;

		t0 = now();
		for (i = 0; i < ns; i++)
			if (open_raw(&ss[i], id->sk, idpk, raw) != 0)
				die(argv[3 + i], NULL);
		dt = now() - t0;
		if (r == 0 || dt < best)
			best = dt;
	}
	printf("floor: %zu sheets, %.3f s (best of %d), %.1f sheets/s\n",
	    ns, best, ROUNDS, (double)ns / best);
#ifdef BENCH_FLOOR_JSON
	json_compare(ss, ns);
	practical(ss, ns, argv + 3, id->sk, idpk, raw);
#endif

	for (i = 0; i < ns; i++) {
		sh_buf_free(&ss[i].file);
		sh_buf_free(&ss[i].json);
		free(ss[i].pjson);
	}
	free(ss);
	free(raw);
	free(pks);
	free(ids);
	sodium_free(id);
	return 0;
}
