/*
 * ingest: takes sealed sheets into the round. Each file is accepted or
 * refused on its own, with its reason; a refused file changes nothing in
 * the store (not one byte: everything is checked before the write
 * transaction, and the store's own checks roll back). Refusals are
 * reported on standard error and appended to a journal beside the store,
 * `<db>.refusals` (time, file, SHA-256 of the file, reason, one line
 * each), so that the secretariat has a record of what it turned away
 * without the round file changing.
 *
 * A sheet is opened with the secretariat's identity (format/seal):
 * decrypted as a whole, its signature verified against the key
 * registered for the reviewer it names, its trusted comment checked
 * against the round, the reviewer, this secretariat's recipient and the
 * next revision, and the sheet checked against the rubric and that
 * reviewer's assignment. The same file again is "already have"; a newer
 * revision becomes current, the older one is kept.
 */
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

#include <sodium.h>

#include "base/text.h"
#include "crypto/age.h"
#include "crypto/agekey.h"
#include "crypto/minisign.h"
#include "format/seal.h"
#include "format/sheet.h"
#include "format/tar.h"
#include "review/rubric.h"
#include "merge.h"

struct ingest {
	struct sh_round		*r;
	struct sh_round_info	 info;
	struct sh_rubric	*rubric;
	struct sh_age_identity	*id;
	const char		*db;
	size_t			 max_size;
	bool			 quiet;
};

static void
journal(const struct ingest *in, const char *file, const char *sha,
    const char *why)
{
	char	 path[4096], now[21];
	FILE	*f;
	int	 fd;
	const char *p;

	snprintf(path, sizeof path, "%s.refusals", in->db);
	if ((fd = open(path, O_WRONLY | O_APPEND | O_CREAT | O_CLOEXEC,
	    0600)) == -1)
		return;
	if ((f = fdopen(fd, "a")) == NULL) {
		close(fd);
		return;
	}
	sh_round_now(now);
	fprintf(f, "%s\t", now);
	/* file and why arrive sanitised (no C0, C1 or bidi controls). */
	for (p = file; *p; p++)
		fputc((unsigned char)*p < 0x20 ? '?' : *p, f);
	fprintf(f, "\t%s\t", sha);
	for (p = why; *p; p++)
		fputc((unsigned char)*p < 0x20 ? ' ' : *p, f);
	fputc('\n', f);
	fclose(f);
}

static int
refuse(const struct ingest *in, const char *file, const char *sha,
    const char *why)
{
	struct sh_buf	b;

	sh_buf_init(&b, false);
	sh_text_sanitize(&b, why, strlen(why), false);
	fprintf(stderr, "%s: refused: %s\n", file, b.data ? (char *)b.data :
	    "");
	journal(in, file, sha, b.data ? (char *)b.data : "");
	sh_buf_free(&b);
	return -1;
}

/*
 * Reads, without trusting it, which reviewer the sheet says it is from,
 * so that the full open can verify against that reviewer's key.
 */
static int
peek_reviewer(const struct ingest *in, const struct sh_buf *file,
    char reviewer[65], struct sh_err *e)
{
	struct sh_buf			 pt;
	struct sh_tar			 t;
	struct sh_tar_limits		 lim = { 2, SH_SHEET_MAX_BYTES,
					     SH_SHEET_MAX_BYTES };
	const struct sh_tar_member	*m;
	struct sh_minisign_sig		 sig;
	struct sh_seal_tc		 tc;
	enum sh_age_fail		 why;
	int				 rc = -1;

	sh_buf_init(&pt, true);
	sh_tar_init(&t, true);
	if (sh_age_decrypt_why(in->id, 1, file->data, file->len,
	    SH_SHEET_MAX_BYTES, &pt, &why, e) == -1) {
		if (why == SH_AGE_FAIL_NO_MATCH)
			sh_errf(e, "not encrypted to this round's secretariat "
			    "(%s)", in->info.secretariat_recipient);
		else
			sh_err_prefix(e, "cannot decrypt");
		goto out;
	}
	if (sh_tar_read(pt.data, pt.len, &lim, &t, e) == -1) {
		sh_err_prefix(e, "sheet container");
		goto out;
	}
	if ((m = sh_tar_find(&t, SH_SHEET_SIG_NAME)) == NULL) {
		sh_errf(e, "sheet container has no %s", SH_SHEET_SIG_NAME);
		goto out;
	}
	if (sh_minisign_sig_parse((const char *)m->data.data, m->data.len,
	    &sig, e) == -1 || sh_seal_tc_parse(sig.trusted_comment,
	    sig.tc_len, &tc, e) == -1) {
		sh_err_prefix(e, "signature");
		goto out;
	}
	if (strcmp(tc.kind, "sheet") != 0) {
		sh_errf(e, "a %s, not a sheet", tc.kind);
		goto out;
	}
	memcpy(reviewer, tc.reviewer, 65);
	rc = 0;
out:
	sh_tar_free(&t);
	sh_buf_free(&pt);
	return rc;
}

static int
ingest_one(struct ingest *in, const char *raw_path)
{
	struct sh_buf		 shown;
	const char		*path;
	struct sh_buf		 file, json, sig;
	struct sh_sheet		 s;
	struct sh_sheet_expect	 x;
	struct sh_sheet_rec	 rec;
	struct sh_reviewer_rec	*vs = NULL;
	struct sh_round_assignment *as = NULL;
	struct sh_proposal_rec	*ps = NULL;
	struct sh_assignment	*assigned = NULL;
	struct sh_minisign_pk	 pk;
	struct sh_err		 e;
	struct stat		 sb;
	char			 sha[65] = "-", reviewer[65], why[SH_ERR_MAX + 64];
	size_t			 nv = 0, na = 0, np = 0, i, j;
	int64_t			 maxrev = 0, have_rev = 0;
	char			 have_who[65];
	const struct sh_reviewer_rec *v = NULL;
	int			 rc = -1;

	/*
	 * Sheets arrive as attachments: their names are someone else's
	 * text. Every message and the journal use the sanitised name; only
	 * the file system sees the raw one.
	 */
	sh_buf_init(&shown, false);
	if (sh_text_sanitize(&shown, raw_path, strlen(raw_path), false) == -1) {
		sh_buf_free(&shown);
		merr("out of memory");
		return -1;
	}
	path = (const char *)shown.data;
	sh_buf_init(&file, false);
	sh_buf_init(&json, true);
	sh_buf_init(&sig, false);
	sh_sheet_init(&s);
	sh_sheet_rec_init(&rec);
	if (stat(raw_path, &sb) == 0 && (size_t)sb.st_size > in->max_size) {
		snprintf(why, sizeof why, "%lld bytes, larger than --max-size "
		    "%zu", (long long)sb.st_size, in->max_size);
		refuse(in, path, sha, why);
		goto out;
	}
	if (sh_read_file(raw_path, in->max_size, &file, &e) == -1) {
		refuse(in, path, sha, e.msg);
		goto out;
	}
	sh_round_sha256_hex(file.data ? file.data : (unsigned char *)"",
	    file.len, sha);
	switch (sh_round_sheet_by_sealed(in->r, sha, have_who, &have_rev,
	    &e)) {
	case -1:
		merr("%s: not stored: %s", path, e.msg);
		rc = -2;
		goto out;
	case 1:
		if (!in->quiet)
			printf("%s: already have (%s revision %lld)\n", path,
			    have_who, (long long)have_rev);
		rc = 0;
		goto out;
	}
	if (peek_reviewer(in, &file, reviewer, &e) == -1) {
		refuse(in, path, sha, e.msg);
		goto out;
	}
	if (sh_round_reviewers(in->r, &vs, &nv, &e) == -1 ||
	    sh_round_assignments(in->r, reviewer, &as, &na, &e) == -1 ||
	    sh_round_proposals(in->r, &ps, &np, &e) == -1) {
		refuse(in, path, sha, e.msg);
		goto out;
	}
	for (i = 0; i < nv; i++)
		if (strcmp(vs[i].id, reviewer) == 0)
			v = &vs[i];
	if (v == NULL) {
		snprintf(why, sizeof why, "from \"%.64s\", who is not a "
		    "reviewer of round %s", reviewer, in->info.id);
		refuse(in, path, sha, why);
		goto out;
	}
	if (na == 0) {
		snprintf(why, sizeof why, "from %s, who has no proposals "
		    "assigned in round %s", reviewer, in->info.id);
		refuse(in, path, sha, why);
		goto out;
	}
	if (sh_minisign_pk_parse(v->public_key, strlen(v->public_key), &pk,
	    &e) == -1) {
		refuse(in, path, sha, e.msg);
		goto out;
	}
	if ((assigned = calloc(na, sizeof *assigned)) == NULL) {
		refuse(in, path, sha, "out of memory");
		goto out;
	}
	for (i = 0; i < na; i++) {
		assigned[i].proposal = as[i].proposal;
		for (j = 0; j < np; j++)
			if (strcmp(ps[j].id, as[i].proposal) == 0)
				assigned[i].variant = ps[j].variant;
	}
	if (sh_round_max_revision(in->r, reviewer, &maxrev, &e) == -1) {
		merr("%s: not stored: %s", path, e.msg);
		rc = -2;
		goto out;
	}
	memset(&x, 0, sizeof x);
	x.round = in->info.id;
	x.reviewer = reviewer;
	x.reviewer_pk = &pk;
	x.recipient = in->info.secretariat_recipient;
	x.min_revision = maxrev + 1;
	x.rubric = in->rubric;
	x.assigned = assigned;
	x.nassigned = na;
	if (sh_open_sheet(file.data, file.len, in->id, &x, &s, &json, &sig,
	    &e) == -1) {
		refuse(in, path, sha, e.msg);
		goto out;
	}
	rec.reviewer = strdup(reviewer);
	rec.revision = s.revision;
	if (rec.reviewer == NULL ||
	    sh_buf_append(&rec.sealed, file.data, file.len) != 0 ||
	    sh_buf_append(&rec.json, json.data, json.len) != 0 ||
	    sh_buf_append(&rec.minisig, sig.data, sig.len) != 0) {
		refuse(in, path, sha, "out of memory");
		goto out;
	}
	sh_round_sha256_hex(json.data, json.len, rec.sha256);
	memcpy(rec.sealed_sha256, sha, 65);
	switch (sh_round_add_sheet(in->r, &rec, &e)) {
	case SH_INGEST_ACCEPTED:
		if (!in->quiet) {
			printf("%s: accepted: %s revision %lld", path, reviewer,
			    s.revision);
			if (maxrev > 0)
				printf(" (replaces revision %lld, kept)",
				    (long long)maxrev);
			printf("\n");
		}
		rc = 0;
		break;
	case SH_INGEST_ALREADY:
		if (!in->quiet)
			printf("%s: already have\n", path);
		rc = 0;
		break;
	case SH_INGEST_REFUSED:
		refuse(in, path, sha, e.msg);
		break;
	case SH_INGEST_FAILED:
		/*
		 * The sheet was good; the store could not take it (a full
		 * disk, a size limit). Not a refusal: no journal line, and the
		 * secretariat ingests it again once there is room.
		 */
		merr("%s: not stored: %s", path, e.msg);
		rc = -2;
	}
out:
	free(assigned);
	sh_reviewer_recs_free(vs, nv);
	sh_round_assignments_free(as, na);
	sh_proposal_recs_free(ps, np);
	sh_sheet_rec_free(&rec);
	sh_sheet_free(&s);
	sh_buf_free(&file);
	sh_buf_free(&json);
	sh_buf_free(&sig);
	sh_buf_free(&shown);
	return rc;
}

static int
cmd_ingest_exec(const struct cmd_entry *self, struct merge_opts *o, int argc,
    char **argv)
{
	struct ingest		 in;
	struct sh_minisign_sk	*sk;
	struct sh_err		 e;
	int			 i, nrefused = 0, naccepted = 0, nfailed = 0;
	struct timespec		 t0, t1;

	memset(&in, 0, sizeof in);
	in.db = o->db ? o->db : getenv("SHINSA_DB");
	in.max_size = o->max_size;
	in.quiet = o->quiet;
	if ((in.r = mopen_round(o)) == NULL)
		return EXIT_FAIL;
	if ((in.rubric = mload_rubric(in.r, &in.info)) == NULL) {
		sh_round_close(in.r);
		return EXIT_FAIL;
	}
	if ((sk = mload_secret(o, &in.info)) == NULL)
		goto out;
	if ((in.id = sodium_malloc(sizeof *in.id)) == NULL ||
	    sh_age_x25519_from_ed25519_sk(sk->sk, in.id->sk, &e) == -1) {
		sh_minisign_sk_free(sk);
		merr("%s", in.id ? e.msg : "out of memory");
		goto out;
	}
	sh_minisign_sk_free(sk);
	clock_gettime(CLOCK_MONOTONIC, &t0);
	for (i = 0; i < argc; i++) {
		switch (ingest_one(&in, argv[i])) {
		case 0:
			naccepted++;
			break;
		case -2:
			nfailed++;
			break;
		default:
			nrefused++;
		}
	}
	clock_gettime(CLOCK_MONOTONIC, &t1);
	if (!o->quiet)
		printf("%d accepted or already had, %d refused, %d not stored "
		    "(%.3f s)\n", naccepted, nrefused, nfailed,
		    (double)(t1.tv_sec - t0.tv_sec) +
		    (double)(t1.tv_nsec - t0.tv_nsec) / 1e9);
out:
	if (in.id != NULL)
		sodium_free(in.id);
	sh_rubric_free(in.rubric);
	sh_round_info_free(&in.info);
	sh_round_close(in.r);
	return in.id == NULL || nrefused > 0 || nfailed > 0 ? EXIT_FAIL :
	    EXIT_OK;
}

const struct cmd_entry cmd_ingest_entry = {
	.name = "ingest",
	.usage = "[--db FILE] -s SECRETKEY [--passphrase-file FILE] "
	    "[--max-size BYTES] FILE...",
	.help = "take in sealed sheets; each is accepted or refused with why",
	.options = ",db,secret-key,passphrase-file,max-size,quiet,",
	.minargs = 1,
	.maxargs = -1,
	.exec = cmd_ingest_exec,
};
