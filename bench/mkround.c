/*
 * mkround: makes the inputs of the merge benchmark (bench/run.sh).
 *
 *	mkround RUBRIC DIR NREVIEWERS PERREVIEWER POOL [SEED]
 *
 * writes into DIR (which must exist):
 *	sec.key, sec.pub	the secretariat's minisign key (unprotected:
 *				benchmark data only)
 *	proposals.csv		POOL kakine proposals
 *	reviewers.csv		NREVIEWERS reviewers, each with a fresh key
 *	assign-NNN.csv		PERREVIEWER proposals each, a sliding window
 *				over the pool; 50,000 rows a file, as
 *				shinsa-merge reads at most 100,000 records
 *				of CSV at a time
 *	sheets/rNNNNN.shinsa-sheet
 *				one sealed sheet per reviewer, revision 1,
 *				made by format/seal (sh_seal_sheet), so every
 *				one is valid: scores 1-5 (mostly 3-4), a
 *				comment wherever the rubric demands one and on
 *				about one judged item in six besides, a bonus
 *				value on some items, remarks on every proposal
 *				and conditions on some.
 * The round itself is set up by shinsa-merge (init, proposals import,
 * reviewers import, assign import) from these files, as a secretariat
 * would. Generation is not part of any measured figure.
 *
 * Built with BENCH_MKTALLY this is mktally, for the tally alone (run.sh
 * --tally-only), where sealing and ingesting N sheets is what is slow:
 *
 *	mktally RUBRIC DIR NREVIEWERS PERREVIEWER POOL [SEED]
 *	mktally --fill DB RUBRIC DIR NREVIEWERS PERREVIEWER POOL [SEED]
 *
 * The first writes the same files as mkround, but keys/rNNNNN.key (each
 * reviewer's secret key, unprotected: benchmark data only) instead of
 * sheets/. After shinsa-merge has set the round up from them, --fill
 * makes the same sheets (the same generator and seed: the same scores)
 * and stores each as ingest does, through sh_round_add_sheet() in
 * batches: sheet.json as sh_sheet_write() writes it, its minisign
 * signature with the sheet's trusted comment, and its reviews from
 * sh_sheet_reviews(). Only the age file is never made: sealed_sha256
 * holds the hash of the signature instead, which no tally reads.
 */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#include <sodium.h>

#include "base/buf.h"
#include "crypto/agekey.h"
#include "crypto/minisign.h"
#include "format/seal.h"
#include "format/sheet.h"
#include "review/rubric.h"
#ifdef BENCH_MKTALLY
#include "crypto/sha256.h"
#include "format/reviews.h"
#include "store/round.h"
#endif

#define ASSIGN_PER_FILE	50000
#ifdef BENCH_MKTALLY
#define BENCH_NAME	"mktally [--fill DB]"
#define BENCH_KEYS	1	/* keys/ instead of sheets/ */
#else
#define BENCH_NAME	"mkround"
#define BENCH_KEYS	0
#endif

static unsigned long long rng_state = 88172645463325252ULL;

static unsigned
rnd(unsigned n)
{
	rng_state ^= rng_state << 13;
	rng_state ^= rng_state >> 7;
	rng_state ^= rng_state << 17;
	return (unsigned)(rng_state % n);
}

static void __attribute__((noreturn))
die(const char *what, const struct sh_err *e)
{
	fprintf(stderr, "mkround: %s%s%s\n", what, e ? ": " : "",
	    e ? e->msg : "");
	exit(1);
}

/*
 * A file of the round's set-up; with db (mktally --fill), which makes the
 * same round again to store its sheets, the files exist and are left
 * alone.
 */
static FILE *
create(const char *db, const char *dir, const char *name)
{
	char	 path[4096];
	FILE	*f;

	if (db != NULL)
		snprintf(path, sizeof path, "/dev/null");
	else
		snprintf(path, sizeof path, "%s/%s", dir, name);
	if ((f = fopen(path, "w")) == NULL) {
		fprintf(stderr, "mkround: %s: %s\n", path, strerror(errno));
		exit(1);
	}
	return f;
}

static const char *const comments[] = {
	"域内の高等学校の状況分析が具体的であり、ネットワークの構成に"
	"十分に反映されている。",
	"成果目標は示されているが、活動指標との対応が不明確である。"
	"進捗確認の方法についても記述が不足している。",
	"中心拠点の体制と役割が明確に示されており、遠隔授業のノウハウ"
	"蓄積の計画も具体的で実現可能性が高い。",
	"計画の一部に具体性を欠く点があり、実施体制の記述が抽象的である。",
};

static const char *const remarks[] = {
	"総合所見：ネットワークの構想は事業趣旨に沿っており、域内の状況"
	"分析を踏まえた計画となっている。遠隔授業と通信教育の組み合わせ"
	"に工夫が見られる一方、成果目標の測定方法に改善の余地がある。",
	"総合所見：中心拠点の役割が明確で、構成校との連携体制も整理されて"
	"いる。持続可能性の観点から、事業終了後の運営計画をより具体的に"
	"示すことが望まれる。",
	"総合所見：全体として妥当な計画である。",
};

static int
pick_score(void)
{
	static const int dist[] = { 1, 2, 3, 3, 3, 3, 4, 4, 4, 4, 4, 5, 5 };

	return dist[rnd(sizeof dist / sizeof dist[0])];
}

#ifdef BENCH_MKTALLY
/* Stores reviewer sk's sheet s as ingest does (see the top). */
static void
store(struct sh_round *r, struct sh_round_facts *f, const struct sh_sheet *s,
    const struct sh_rubric *rub, const struct sh_assignment *as, size_t n,
    const struct sh_minisign_sk *sk)
{
	struct sh_sheet_rec	 rec;
	struct sh_seal_tc	 tc;
	struct sh_buf		 tcb;
	struct sh_review	*rv;
	struct sh_err		 e;
	unsigned char		 h[SH_SHA256_BYTES];

	sh_sheet_rec_init(&rec);
	sh_buf_init(&tcb, false);
	if ((rv = calloc(s->nproposals + 1, sizeof *rv)) == NULL)
		die("out of memory", NULL);
	if (sh_sheet_check(s, rub, as, n, &e) == -1 ||
	    sh_sheet_write(s, &rec.json, &e) == -1)
		die("sheet", &e);
	sh_sheet_tc(s, rec.json.data, rec.json.len, &tc);
	memcpy(rec.sha256, tc.sha256, sizeof rec.sha256);
	if (sh_seal_tc_format(&tc, &tcb, &e) == -1 ||
	    sh_minisign_sign(sk, rec.json.data, rec.json.len,
	    sh_buf_cstr(&tcb), NULL, &rec.minisig, &e) == -1)
		die("sign", &e);
	sh_sha256(rec.minisig.data, rec.minisig.len, h);
	sodium_bin2hex(rec.sealed_sha256, sizeof rec.sealed_sha256, h,
	    sizeof h);
	if (sh_sheet_reviews(s, rub, sh_round_facts, f, rv, &e) == -1)
		die("reviews", &e);
	if ((rec.reviewer = strdup(s->reviewer)) == NULL)
		die("out of memory", NULL);
	rec.revision = s->revision;
	rec.reviews = rv;
	rec.nreviews = s->nproposals;
	if (sh_round_add_sheet(r, &rec, &e) != SH_INGEST_ACCEPTED)
		die(s->reviewer, &e);
	free(rv);
	sh_buf_free(&tcb);
	sh_sheet_rec_free(&rec);
}
#endif

int
main(int argc, char **argv)
{
	const char		*rubpath, *dir, *db = NULL;
	unsigned long		 nrev, per, pool, i, j, k;
	struct sh_rubric	*rub;
	const struct sh_variant	*var;
	struct sh_minisign_sk	*sec, *sk;
	struct sh_buf		 b;
	struct sh_err		 e;
	char			 rcpt[SH_AGE_RECIPIENT_SIZE + 1];
	char			 b64[SH_MINISIGN_PK_B64_LEN + 1];
	char			 path[4096], id[32];
	struct sh_assignment	*as;
	char			(*pids)[16];
	FILE			*f, *fa;
	size_t			 nassign = 0;
	bool			 sheets = true;
#ifdef BENCH_MKTALLY
	struct sh_round		*round = NULL;
	struct sh_round_facts	 facts;
	struct sh_proposal_rec	*ps = NULL;
#else
	size_t			 total = 0;
#endif
#ifdef BENCH_MKTALLY
	/* mktally makes keys, not sheets; --fill stores the sheets. */
	sheets = false;
	if (argc > 2 && strcmp(argv[1], "--fill") == 0) {
		db = argv[2];
		sheets = true;
		argc -= 2;
		argv += 2;
	}
#endif
	if (argc < 6 || argc > 7) {
		fprintf(stderr, "usage: %s RUBRIC DIR NREVIEWERS "
		    "PERREVIEWER POOL [SEED]\n", BENCH_NAME);
		return 2;
	}
	rubpath = argv[1];
	dir = argv[2];
	nrev = strtoul(argv[3], NULL, 10);
	per = strtoul(argv[4], NULL, 10);
	pool = strtoul(argv[5], NULL, 10);
	if (argc == 7)
		rng_state ^= strtoull(argv[6], NULL, 10) * 2654435761ULL;
	if (nrev == 0 || nrev > 99999 || per == 0 || pool < per ||
	    pool > 99999)
		die("need 1 <= NREVIEWERS <= 99999, 1 <= PERREVIEWER <= POOL "
		    "<= 99999", NULL);
	if (sodium_init() < 0)
		die("sodium_init", NULL);
	if ((rub = sh_rubric_load_file(rubpath, &e)) == NULL)
		die(rubpath, &e);
	if (rub->nvariants != 1)
		die("the rubric must have one variant (kakine-2024)", NULL);
	var = &rub->variants[0];

	/* The secretariat. */
	snprintf(path, sizeof path, "%s/sec.pub", dir);
	if (db != NULL) {
		struct sh_minisign_pk pk;

		if (sh_minisign_pk_read_file(path, &pk, &e) == -1 ||
		    sh_age_recipient_from_ed25519_pk(pk.pk, rcpt, sizeof rcpt,
		    &e) == -1)
			die(path, &e);
	} else {
		if ((sec = sh_minisign_keygen("secretariat", &e)) == NULL ||
		    sh_age_recipient_from_ed25519_pk(sec->pub.pk, rcpt,
		    sizeof rcpt, &e) == -1)
			die("secretariat key", &e);
		if (sh_minisign_pk_write_file(path, &sec->pub, &e) == -1)
			die(path, &e);
		snprintf(path, sizeof path, "%s/sec.key", dir);
		sh_buf_init(&b, true);
		if (sh_minisign_sk_format(sec, NULL, 0, NULL, &b, &e) == -1 ||
		    sh_write_file_atomic(path, b.data, b.len, 0600, &e) == -1)
			die(path, &e);
		sh_buf_free(&b);
		sh_minisign_sk_free(sec);
	}

	/* The pool of proposals. */
	f = create(db, dir, "proposals.csv");
	fprintf(f, "id,title,applicant,variant,prefecture,certifications\n");
	if ((pids = calloc(pool, sizeof *pids)) == NULL)
		die("out of memory", NULL);
	for (i = 0; i < pool; i++) {
		snprintf(pids[i], sizeof pids[i], "P%05lu", i + 1);
		fprintf(f, "%s,遠隔授業ネットワークの構築 第%lu号,"
		    "第%lu教育委員会,%s,%02lu,%s\n", pids[i], i + 1, i % 47 + 1,
		    var->id, i % 47 + 1, i % 3 == 0 ? "eruboshi-2" :
		    i % 3 == 1 ? "kurumin-1" : "");
	}
	fclose(f);

	f = create(db, dir, "reviewers.csv");
	fa = NULL;
	fprintf(f, "id,name,public_key\n");
	snprintf(path, sizeof path, "%s/%s", dir, BENCH_KEYS ? "keys" :
	    "sheets");
	if (db == NULL && mkdir(path, 0700) == -1 && errno != EEXIST)
		die(path, NULL);
#ifdef BENCH_MKTALLY
	if (db != NULL) {
		if ((round = sh_round_open(db, &e)) == NULL ||
		    sh_round_proposals(round, &ps, &facts.n, &e) == -1 ||
		    sh_facts_cache_init(&facts.cache, facts.n, &e) == -1 ||
		    sh_round_batch_begin(round, &e) == -1)
			die(db, &e);
		facts.ps = ps;
	}
#endif
	if ((as = calloc(per, sizeof *as)) == NULL)
		die("out of memory", NULL);
	for (i = 0; i < nrev; i++) {
		struct sh_sheet	s;

		snprintf(id, sizeof id, "r%05lu", i + 1);
		snprintf(path, sizeof path, "%s/keys/%s.key", dir, id);
		if (db != NULL)
			sk = sh_minisign_sk_read_file(path, NULL, 0, &e);
		else
			sk = sh_minisign_keygen(id, &e);
		if (sk == NULL)
			die("key", &e);
		if (BENCH_KEYS && db == NULL &&
		    sh_minisign_sk_write_file(path, sk, NULL, 0, &e) == -1)
			die(path, &e);
		sh_minisign_pk_base64(&sk->pub, b64);
		fprintf(f, "%s,審査委員%lu,%s\n", id, i + 1, b64);

		sh_sheet_init(&s);
		if (sh_sheet_set(&s, &s.round, "R2024-kakine-bench") ||
		    sh_sheet_set(&s, &s.rubric_id, rub->id) ||
		    sh_sheet_set(&s, &s.reviewer, id) ||
		    sh_sheet_set(&s, &s.secretariat_recipient, rcpt) ||
		    sh_sheet_set(&s, &s.submitted, "2024-06-30T12:00:00Z"))
			die("out of memory", NULL);
		memcpy(s.rubric_sha256, rub->hash_hex, 65);
		s.revision = 1;
		for (j = 0; j < per; j++) {
			struct sh_sheet_proposal *sp;
			unsigned long	 p = (i * per + j) % pool;

			/* Sheets list proposals in package (assignment) order. */
			as[j].proposal = pids[p];
			as[j].variant = var->id;
			if (nassign++ % ASSIGN_PER_FILE == 0) {
				char name[32];

				if (fa != NULL)
					fclose(fa);
				snprintf(name, sizeof name, "assign-%03zu.csv",
				    nassign / ASSIGN_PER_FILE);
				fa = create(db, dir, name);
				fprintf(fa, "reviewer,proposal\n");
			}
			fprintf(fa, "%s,%s\n", id, pids[p]);
			if (!sheets)
				continue;
			if ((sp = sh_sheet_add_proposal(&s, pids[p], var->id))
			    == NULL)
				die("out of memory", NULL);
			sp->action = SH_ACTION_REVIEW;
			for (k = 0; k < var->nitems; k++) {
				const struct sh_item	*it = &var->items[k];
				struct sh_sheet_entry	*en;
				int			 sc;

				if (it->kind != SH_ITEM_JUDGED &&
				    it->kind != SH_ITEM_BONUS)
					continue;
				if ((en = sh_sheet_add_entry(sp, it->id)) ==
				    NULL)
					die("out of memory", NULL);
				if (it->kind == SH_ITEM_BONUS) {
					en->has_value = true;
					en->value = it->values[rnd(4) == 0 ?
					    rnd((unsigned)it->nvalues) : 0];
					continue;
				}
				en->has_score = true;
				en->score = sc = pick_score();
				if (rub->comment_required[sc] || rnd(6) == 0)
					sh_sheet_set(&s, &en->comment,
					    comments[rnd(4)]);
			}
			sh_sheet_set(&s, &sp->remarks, remarks[rnd(3)]);
			if (rnd(4) == 0)
				sh_sheet_set(&s, &sp->conditions, "計画の修正等の"
				    "条件：成果指標の測定方法を明確にすること。");
		}
#ifdef BENCH_MKTALLY
		if (db != NULL) {
			store(round, &facts, &s, rub, as, per, sk);
			/* Ingest's batches are of 1,000 sheets too. */
			if ((i + 1) % 1000 == 0 &&
			    (sh_round_batch_commit(round, &e) == -1 ||
			    sh_round_batch_begin(round, &e) == -1))
				die(db, &e);
		}
#else
		sh_buf_init(&b, false);
		if (sh_seal_sheet(&s, rub, as, per, sk, &b, &e) == -1)
			die("seal", &e);
		snprintf(path, sizeof path, "%s/sheets/%s.shinsa-sheet", dir,
		    id);
		{
			FILE *o = fopen(path, "w");

			if (o == NULL || fwrite(b.data, 1, b.len, o) != b.len ||
			    fclose(o) != 0)
				die(path, NULL);
		}
		total += b.len;
		sh_buf_free(&b);
#endif
		sh_sheet_free(&s);
		sh_minisign_sk_free(sk);
	}
	fclose(f);
	if (fa != NULL)
		fclose(fa);
#ifdef BENCH_MKTALLY
	if (db != NULL) {
		if (sh_round_batch_commit(round, &e) == -1)
			die(db, &e);
		sh_facts_cache_free(&facts.cache);
		sh_proposal_recs_free(ps, facts.n);
		sh_round_close(round);
		printf("%lu sheets stored, %lu proposals each\n", nrev, per);
	} else
		printf("%lu reviewers' keys, %lu proposals each, pool %lu\n",
		    nrev, per, pool);
#else
	printf("%lu sheets, %lu proposals each, pool %lu, %.1f KiB per sheet "
	    "on average\n", nrev, per, pool, (double)total / nrev / 1024);
#endif
	free(as);
	free(pids);
	sh_rubric_free(rub);
	return 0;
}
