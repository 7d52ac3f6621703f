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
 * Opening and storing a sheet is core's (store/ingest: every check, and
 * the batches); this file reads the files, words the outcome and keeps
 * the journal. The same file again is "already have"; a newer revision
 * becomes current, the older one is kept.
 */
#include <fcntl.h>
#ifdef __GLIBC__
#include <malloc.h>
#endif
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
#include "review/rubric.h"
#include "store/ingest.h"
#include "merge.h"
#include "progress.h"

/*
 * Accepted sheets reach the disk together, a batch at a time: a batch is
 * committed once it holds this many sheets or bytes, and at the end.
 * Between, an accepted sheet is reported only after its batch is on
 * disk, so that nothing reported accepted can be lost by a crash.
 */
#define INGEST_BATCH_SHEETS	256
#define INGEST_BATCH_BYTES	(64u * 1024 * 1024)

/*
 * Memory freed at the top of the heap is kept up to this much instead of
 * going back to the system. Each sheet passes through SQLite's buffers
 * (its 200 KiB record, 64 KiB pages) that are freed as soon as they are
 * written; with glibc's default (128 KiB) the heap shrank after every one
 * and the next sheet faulted the same pages in again, zeroed: about a
 * third of ingest's CPU (docs/benchmarks.md, run 15). Peak memory is
 * unchanged: what is kept is what the previous sheet used.
 */
#define INGEST_TRIM_THRESHOLD	(64 * 1024 * 1024)

struct pending {
	char			*shown;		/* sanitised file name */
	struct sh_ingest_outcome out;
};

struct ingest {
	struct sh_round_info	 info;
	struct sh_ingest	*in;
	const char		*db;
	size_t			 max_size;
	bool			 quiet;
	struct sh_buf		 file;		/* reused for every file */
	struct pending		*pending;	/* [INGEST_BATCH_SHEETS] */
	size_t			 npending;
	int			 naccepted, nrefused, nfailed;
};

static void
journal(const struct ingest *g, const char *file, const char *sha,
    const char *why)
{
	char		 path[4096], now[21];
	FILE		*f;
	struct stat	 st;
	int		 fd;
	const char	*p;

	snprintf(path, sizeof path, "%s.refusals", g->db);
	/*
	 * O_NONBLOCK: a FIFO put at the journal's name would otherwise hold
	 * ingest in open() until something read it.
	 */
	if ((fd = open(path, O_WRONLY | O_APPEND | O_CREAT | O_NONBLOCK |
	    O_NOCTTY | O_CLOEXEC, 0600)) == -1)
		return;
	if (fstat(fd, &st) == -1 || !S_ISREG(st.st_mode) ||
	    fcntl(fd, F_SETFL, O_APPEND) == -1) {
		close(fd);
		return;
	}
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

/*
 * A refusal: what it means for the clerk first, when there are plain
 * words for it (clerk, may be NULL), then the technical cause (why, in
 * the clerk's language) indented on a line of its own. The journal
 * keeps the cause in English (logged): one record whatever the locale
 * each ingest ran under.
 */
static void
refuse(struct ingest *g, const char *file, const char *sha, const char *clerk,
    const char *why, const char *logged)
{
	struct sh_buf	b, c;
	const char	*w;

	progress_clear();
	sh_buf_init(&b, false);
	sh_buf_init(&c, false);
	sh_text_sanitize(&b, why, strlen(why), false);
	w = b.data ? (char *)b.data : "";
	if (clerk != NULL) {
		sh_text_sanitize(&c, clerk, strlen(clerk), false);
		fprintf(stderr, _("%s: refused: %s\n    %s\n"), file,
		    c.data ? (char *)c.data : "", w);
	} else
		fprintf(stderr, _("%s: refused: %s\n"), file, w);
	b.len = 0;
	sh_text_sanitize(&b, logged, strlen(logged), false);
	journal(g, file, sha, b.data ? (char *)b.data : "");
	sh_buf_free(&b);
	sh_buf_free(&c);
	g->nrefused++;
}

/*
 * The clerk's words for a refusal of the kind core gave it, into buf;
 * NULL when the technical cause is all there is to say.
 */
static const char *
clerk_words(const struct ingest *g, const struct sh_ingest_outcome *o,
    const struct sh_err *e, char *buf, size_t size)
{
	const struct sh_reviewer_rec *v = o->signer;

	switch (sh_err_kind(e)) {
	case SH_ERR_DAMAGED:
		return _("The sheet was damaged or altered on its way here. "
		    "Ask the reviewer to send it again.");
	case SH_ERR_NOT_OURS:
		return _("The file cannot be opened with this secretariat's "
		    "key: it is a sheet sent to another secretariat or round, "
		    "not a reviewer's sheet at all (an assignment package, for "
		    "instance), or it was damaged on its way here.");
	case SH_ERR_ELSEWHERE:
		snprintf(buf, size, _("The sheet was made for another "
		    "secretariat or another round, not for round %s. Ask the "
		    "reviewer to send the sheet of this round."), g->info.id);
		return buf;
	case SH_ERR_NOT_AGE:
		return _("This is not a sheet (a .shinsa-sheet file): it is "
		    "not even encrypted. Give the sheet file the reviewer "
		    "sent, not another file.");
	case SH_ERR_WRONG_DOC:
		return _("This is a package (an assignment package from the "
		    "secretariat to a reviewer), not a reviewer's sheet.");
	case SH_ERR_RECIPIENTS:
		return _("The sheet was encrypted to someone besides the "
		    "secretariat, who could read it too. It is not taken in: "
		    "ask the reviewer to submit it again from shinsa.");
	case SH_ERR_OTHER_KEY:
		if (o->reviewer[0] == '\0')
			return NULL;
		if (v != NULL)
			snprintf(buf, size, _("The sheet says it is from "
			    "reviewer %s, but it was signed with the key of "
			    "another registered reviewer, %s (%s). Key "
			    "fingerprints: %s %s; %s %s."), o->reviewer, v->id,
			    v->name, o->reviewer, o->expected_fpr, v->id,
			    o->signer_fpr);
		else
			snprintf(buf, size, _("The sheet says it is from "
			    "reviewer %s, but it was signed with a key that is "
			    "registered to no reviewer of this round (key id "
			    "%s). The key registered for %s has the "
			    "fingerprint %s."), o->reviewer, o->signer_keyid,
			    o->reviewer, o->expected_fpr);
		return buf;
	default:
		return NULL;
	}
}

/* The sheets of the open batch are not stored: say so for each. */
static void
pending_lost(struct ingest *g, const char *why)
{
	size_t i;

	for (i = 0; i < g->npending; i++) {
		merr(_("%s: not stored: %s"), g->pending[i].shown, why);
		free(g->pending[i].shown);
	}
	g->nfailed += (int)g->npending;
	g->npending = 0;
}

/* Commits the open batch, then reports its sheets as accepted. */
static void
flush(struct ingest *g)
{
	struct sh_err	 e;
	size_t		 i;
	const struct sh_ingest_outcome *o;

	progress_clear();
	if (sh_ingest_commit(g->in, &e) == -1) {
		pending_lost(g, sh_errstr(&e));
		return;
	}
	for (i = 0; i < g->npending; i++) {
		o = &g->pending[i].out;
		if (o->result == SH_INGEST_ALREADY) {
			if (!g->quiet)
				printf(_("%s: already have (%s revision %lld)\n"),
				    g->pending[i].shown, o->reviewer,
				    (long long)o->revision);
		} else if (!g->quiet) {
			printf(_("%s: accepted: %s revision %lld"),
			    g->pending[i].shown, o->reviewer,
			    (long long)o->revision);
			if (o->replaces > 0)
				printf(_(" (replaces revision %lld, kept)"),
				    (long long)o->replaces);
			printf("\n");
		}
		free(g->pending[i].shown);
	}
	g->naccepted += (int)g->npending;
	g->npending = 0;
	/* Out now, not at exit: a log the output goes to shows what is on
	 * disk even if this process is killed before it ends. */
	fflush(stdout);
}

static void
ingest_one(struct ingest *g, const char *raw_path)
{
	struct sh_buf		 shown;
	const char		*path;
	struct sh_ingest_outcome out;
	struct sh_err		 e;
	struct stat		 sb;
	char			 why[SH_ERR_MAX + 64], logged[SH_ERR_MAX + 64];
	char			 clerk[2048];

	/*
	 * Sheets arrive as attachments: their names are someone else's
	 * text. Every message and the journal use the sanitised name; only
	 * the file system sees the raw one.
	 */
	sh_buf_init(&shown, false);
	if (sh_text_sanitize(&shown, raw_path, strlen(raw_path), false) == -1) {
		sh_buf_free(&shown);
		merr(_("out of memory"));
		g->nfailed++;
		return;
	}
	/* An empty argument sanitises to nothing: still print a string. */
	path = shown.data != NULL ? (const char *)shown.data : "";
	g->file.len = 0;
	if (stat(raw_path, &sb) == 0 && (size_t)sb.st_size > g->max_size) {
		snprintf(why, sizeof why, _("%lld bytes, larger than --max-size "
		    "%zu"), (long long)sb.st_size, g->max_size);
		/* untranslated: the journal's English record */
		snprintf(logged, sizeof logged, "%lld bytes, larger than "
		    "--max-size %zu", (long long)sb.st_size, g->max_size);
		refuse(g, path, "-", NULL, why, logged);
		goto out;
	}
	if (sh_read_file(raw_path, g->max_size, &g->file, &e) == -1) {
		refuse(g, path, "-", NULL, sh_errstr(&e), e.msg);
		goto out;
	}
	switch (sh_ingest_file(g->in, g->file.data, g->file.len, &out, &e)) {
	case SH_INGEST_ALREADY:
		if (!out.in_batch) {
			progress_clear();
			if (!g->quiet)
				printf(_("%s: already have (%s revision %lld)\n"),
				    path, out.reviewer, (long long)out.revision);
			g->naccepted++;
			break;
		}
		/* The same bytes as a sheet not yet on disk: said with it. */
		/* FALLTHROUGH */
	case SH_INGEST_ACCEPTED:
		if ((g->pending[g->npending].shown = strdup(path)) == NULL) {
			/* It is in the batch all the same: say so now. */
			merr(_("%s: out of memory; the sheet goes in with the "
			    "batch being written"), path);
			g->naccepted++;
			break;
		}
		g->pending[g->npending].out = out;
		g->npending++;
		if (g->npending == INGEST_BATCH_SHEETS ||
		    sh_ingest_pending_bytes(g->in) >= INGEST_BATCH_BYTES)
			flush(g);
		break;
	case SH_INGEST_REFUSED:
		refuse(g, path, out.sealed_sha256, clerk_words(g, &out, &e,
		    clerk, sizeof clerk), sh_errstr(&e), e.msg);
		break;
	case SH_INGEST_FAILED:
		/*
		 * The sheet was good; the store could not take it (a full
		 * disk, a size limit), and the open batch went with it. Not
		 * a refusal: no journal line, and the secretariat ingests
		 * them again once there is room.
		 */
		pending_lost(g, sh_errstr(&e));
		merr(_("%s: not stored: %s"), path, sh_errstr(&e));
		g->nfailed++;
	}
out:
	sh_buf_free(&shown);
}

static int
cmd_ingest_exec(const struct cmd_entry *self, struct merge_opts *o, int argc,
    char **argv)
{
	struct ingest		 g;
	struct sh_round		*r;
	struct sh_rubric	*rubric = NULL;
	struct sh_minisign_sk	*sk;
	struct sh_age_identity	*id = NULL;
	struct sh_err		 e;
	int			 i, rc = EXIT_FAIL;
	struct timespec		 t0, t1;

	(void)self;
#ifdef M_TRIM_THRESHOLD
	mallopt(M_TRIM_THRESHOLD, INGEST_TRIM_THRESHOLD);
#endif
	memset(&g, 0, sizeof g);
	g.db = o->db ? o->db : getenv("SHINSA_DB");
	g.max_size = o->max_size;
	g.quiet = o->quiet;
	sh_buf_init(&g.file, false);
	if ((r = mopen_round(o)) == NULL)
		return EXIT_FAIL;
	if ((rubric = mload_rubric(r, &g.info)) == NULL)
		goto out;
	if ((sk = mload_secret(o, &g.info)) == NULL)
		goto out;
	if ((id = sodium_malloc(sizeof *id)) == NULL ||
	    sh_age_x25519_from_ed25519_sk(sk->sk, id->sk, &e) == -1) {
		sh_minisign_sk_free(sk);
		merr("%s", id ? sh_errstr(&e) : _("out of memory"));
		goto out;
	}
	sh_minisign_sk_free(sk);
	if ((g.pending = calloc(INGEST_BATCH_SHEETS, sizeof *g.pending)) ==
	    NULL) {
		merr(_("out of memory"));
		goto out;
	}
	if ((g.in = sh_ingest_new(r, &g.info, rubric, id, &e)) == NULL) {
		merr("%s", sh_errstr(&e));
		goto out;
	}
	clock_gettime(CLOCK_MONOTONIC, &t0);
	for (i = 0; i < argc; i++) {
		/* Each file is decrypted and checked: hundreds take a while. */
		progress_step(_("taking in file %d of %d..."), i + 1, argc);
		ingest_one(&g, argv[i]);
	}
	flush(&g);
	clock_gettime(CLOCK_MONOTONIC, &t1);
	if (!o->quiet)
		printf(_("%d accepted or already had, %d refused, %d not stored "
		    "(%.3f s)\n"), g.naccepted, g.nrefused, g.nfailed,
		    (double)(t1.tv_sec - t0.tv_sec) +
		    (double)(t1.tv_nsec - t0.tv_nsec) / 1e9);
	rc = g.nrefused > 0 || g.nfailed > 0 ? EXIT_FAIL : EXIT_OK;
out:
	sh_ingest_free(g.in);
	free(g.pending);
	sh_buf_free(&g.file);
	if (id != NULL)
		sodium_free(id);
	sh_rubric_free(rubric);
	sh_round_info_free(&g.info);
	sh_round_close(r);
	return rc;
}

const struct cmd_entry cmd_ingest_entry = {
	.name = "ingest",
	.usage = N_("[--db FILE] -s SECRETKEY [--passphrase-file FILE] "
	    "[--max-size BYTES] FILE..."),
	.help = N_("take in sealed sheets; each is accepted or refused with why"),
	.args = { MOPTS(MOPT_DB, MOPT_SECRET_KEY, MOPT_PASSPHRASE_FILE,
	    MOPT_MAX_SIZE, MOPT_QUIET),
	    1, -1 },
	.exec = cmd_ingest_exec,
};
