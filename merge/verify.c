/*
 * shinsa-verify: the auditor's check of an audit bundle written by
 * `shinsa-merge publish`. It verifies the secretariat's signature on the
 * results (against a pinned key with -p, else the key in the bundle, and
 * says which); that round.json, roster.json and each key file in keys/
 * are byte for byte what publish derives from those signed results (on a
 * difference, it names the fields); that the rubric is the one the
 * results name; that the bundle holds no file it should not; every
 * sheet's signature against its reviewer's key with every trusted-comment
 * field, and that the sheets present are exactly the sheets the results
 * name; then it recomputes the results from the sheets with the same core
 * code and compares them byte for byte, printing what differs. Exit 0
 * only when all of it holds; 1 when anything does not; 2 for a wrong
 * command line.
 */
#include <dirent.h>
#include <errno.h>
#include <limits.h>
#include <stddef.h>
#include <locale.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include <jansson.h>
#include <sodium.h>

#include "base/cli.h"
#include "base/errmsg.h"
#include "base/i18n.h"
#include "base/text.h"
#include "crypto/minisign.h"
#include "format/results.h"
#include "format/seal.h"
#include "format/sheet.h"
#include "review/rubric.h"
#include "store/round.h"
#include "mdesig.h"
#include "progress.h"
#include "vresults.h"

#define JSON_LIMIT	(64u * 1024 * 1024)
/*
 * results.json grows with the reviews: 110 MB for 10,000 reviewers of
 * 100 proposals each. A national round must verify, so its limit is the
 * document's own, not the other files'.
 */
#define RESULTS_LIMIT	(1024u * 1024 * 1024)

#define NOT_BUNDLE	N_("not part of an audit bundle (not named by " \
			"the signed results)")

static int nproblems;

static void
problem(const char *fmt, ...) SH_PRINTF(1, 2);

static void
problem(const char *fmt, ...)
{
	va_list	ap;

	/* untranslated: FAIL and ok begin the lines an auditor's script
	 * greps, in every language; what follows them is translated. */
	va_start(ap, fmt);
	sh_cli_vsay(stdout, "FAIL  ", fmt, ap);
	va_end(ap);
	nproblems++;
}

static void
ok(const char *fmt, ...) SH_PRINTF(1, 2);

static void
ok(const char *fmt, ...)
{
	va_list ap;

	progress_clear();
	printf("ok    ");	/* untranslated: see FAIL above */
	va_start(ap, fmt);
	vprintf(fmt, ap);
	va_end(ap);
	printf("\n");
}

/* DIR/NAME into b (its contents replaced), at most limit bytes. */
static int
slurp_max(const char *dir, const char *name, size_t limit, struct sh_buf *b)
{
	char		path[PATH_MAX];
	struct sh_err	e;

	snprintf(path, sizeof path, "%s/%s", dir, name);
	b->len = 0;
	if (sh_read_file(path, limit, b, &e) == -1) {
		problem("%s", sh_errstr(&e));
		return -1;
	}
	sh_buf_cstr(b);
	return 0;
}

static int
slurp(const char *dir, const char *name, struct sh_buf *b)
{
	sh_buf_init(b, false);
	return slurp_max(dir, name, JSON_LIMIT, b);
}

static json_t *
load_results(const struct sh_buf *b)
{
	struct sh_err	 e;
	json_t		*res;

	if ((res = vr_parse(b, &e)) == NULL)
		problem(_("results.json: not a JSON object: %s"), sh_errstr(&e));
	return res;
}

/*
 * The recomputation reads each sheet again, one at a time, rather than
 * holding them all (2 GiB at 10,000 sheets): it must be the same bytes
 * whose signature step 3 checked, which their signed SHA-256 says.
 */
static int
load_sheet(void *arg, const struct sh_results_sheet *ms, struct sh_buf *out,
    struct sh_err *err)
{
	const char	*dir = arg;
	char		 path[PATH_MAX], sha[65];

	snprintf(path, sizeof path, "%s/sheets/%s.r%lld.json", dir,
	    ms->reviewer, ms->revision);
	out->len = 0;
	if (sh_read_file(path, SH_SHEET_JSON_MAX, out, err) == -1)
		return -1;
	sh_round_sha256_hex(out->data, out->len, sha);
	if (strcmp(sha, ms->sha256) != 0)
		return sh_errf(err, "%s: changed while it was being verified",
		    path);
	return 0;
}

static int
cmp_str(const void *a, const void *b)
{
	return strcmp(*(const char *const *)a, *(const char *const *)b);
}

static json_t *
load_json(const struct sh_buf *b, const char *name)
{
	json_t		*j;
	json_error_t	 je;

	if ((j = json_loadb((const char *)b->data, b->len,
	    JSON_REJECT_DUPLICATES, &je)) == NULL || !json_is_object(j)) {
		problem(_("%s: not a JSON object: line %d: %s"), name, je.line,
		    je.text);
		json_decref(j);
		return NULL;
	}
	return j;
}

static const char *
jstr(const json_t *o, const char *key)
{
	const char *s = json_string_value(json_object_get(o, key));

	return s ? s : "";
}

/*
 * The recomputed document, compared with the published bytes as it is
 * written, a chunk at a time: neither it nor a tree of it is held. The
 * published bytes are want[0..len) when results.json was read whole;
 * else they are read again from fd as they are needed, and hashed, so
 * that they are known to be the bytes whose signature was checked.
 */
struct cmp_out {
	const unsigned char	*want;
	size_t			 len;
	uint64_t		 off;		/* bytes written so far */
	bool			 differs;
	uint64_t		 first;		/* offset of the first difference */

	int			 fd;		/* -1: want[0..len) */
	const char		*path;
	unsigned char		 rbuf[SH_SINK_CHUNK];
	size_t			 rpos, rlen;
	uint64_t		 nread;
	crypto_hash_sha256_state sh;
	bool			 eof;
	bool			 rfailed;
	struct sh_err		 rerr;		/* why, when rfailed */
};

/* The next published bytes into rbuf; false at the end of them. */
static bool
cmp_fill(struct cmp_out *c)
{
	ssize_t	n;

	if (c->rpos < c->rlen)
		return true;
	if (c->eof)
		return false;
	if ((n = sh_read_fd(c->fd, c->rbuf, sizeof c->rbuf, c->path,
	    &c->rerr)) <= 0) {
		c->eof = true;
		c->rfailed = n < 0;
		return false;
	}
	crypto_hash_sha256_update(&c->sh, c->rbuf, (size_t)n);
	c->nread += (uint64_t)n;
	c->rpos = 0;
	c->rlen = (size_t)n;
	return true;
}

static void
cmp_bytes(struct cmp_out *c, const unsigned char *got,
    const unsigned char *want, size_t n)
{
	size_t	i;

	for (i = 0; i < n && !c->differs; i++)
		if (got[i] != want[i]) {
			c->differs = true;
			c->first = c->off + i;
		}
	c->off += n;
}

static int
cmp_write(void *arg, const void *p, size_t n, struct sh_err *err)
{
	struct cmp_out		*c = arg;
	const unsigned char	*got = p;
	size_t			 have;

	(void)err;
	if (c->fd == -1) {
		have = c->off < c->len ? c->len - (size_t)c->off : 0;
		if (have > n)
			have = n;
		cmp_bytes(c, got, c->want + c->off, have);
		if (have < n && !c->differs) {
			c->differs = true;
			c->first = c->off;
		}
		c->off += n - have;
		return 0;
	}
	while (n > 0) {
		if (!cmp_fill(c)) {
			/* The recomputation is longer. */
			if (!c->differs) {
				c->differs = true;
				c->first = c->off;
			}
			c->off += n;
			return 0;
		}
		have = c->rlen - c->rpos < n ? c->rlen - c->rpos : n;
		cmp_bytes(c, got, c->rbuf + c->rpos, have);
		c->rpos += have;
		got += have;
		n -= have;
	}
	return 0;
}

/*
 * After the last chunk: whether the published bytes went on past the
 * recomputation, and, reading them to the end (or just past the length
 * signed), whether they were those signed.
 */
static void
cmp_end(struct cmp_out *c, uint64_t signedlen, const char *signedsha,
    struct sh_err *e)
{
	unsigned char	sha[crypto_hash_sha256_BYTES];
	char		hex[65];
	bool		more;

	if (c->fd == -1) {
		if (!c->differs && c->off != c->len) {
			c->differs = true;
			c->first = c->off;
		}
		return;
	}
	if ((more = cmp_fill(c)) && !c->differs) {
		c->differs = true;
		c->first = c->off;
	}
	while (more && c->nread <= signedlen) {
		c->rpos = c->rlen;
		more = cmp_fill(c);
	}
	crypto_hash_sha256_final(&c->sh, sha);
	sodium_bin2hex(hex, sizeof hex, sha, sizeof sha);
	if (c->rfailed)
		*e = c->rerr;
	else if (c->nread != signedlen || strcmp(hex, signedsha) != 0)
		sh_errf(e, "%s: changed while it was being verified", c->path);
	else
		return;
	c->rfailed = true;
}

/*
 * One recomputed value, a top-level member or a proposal, as a tree to
 * compare with the published one: only one at a time is made, and only
 * when the documents differ.
 */
static json_t *
parsed(struct sh_sink *s)
{
	json_t		*j = NULL;
	json_error_t	 je;

	if (sh_sink_finish(s, NULL) == 0)
		j = json_loadb((const char *)s->buf.data, s->buf.len,
		    JSON_DECODE_ANY, &je);
	sh_sink_free(s);
	return j;
}

static json_t *
recomputed_member(struct sh_results_writer *w, size_t k)
{
	struct sh_sink s;

	sh_sink_init(&s, NULL, NULL, false);
	sh_results_write_member(w, k, &s);
	return parsed(&s);
}

static json_t *
recomputed_proposal(struct sh_results_writer *w, size_t i)
{
	struct sh_sink s;

	sh_sink_init(&s, NULL, NULL, false);
	sh_results_write_proposal(w, i, &s);
	return parsed(&s);
}

static size_t
member_index(const char *key)
{
	size_t k;

	for (k = 0; sh_results_member_name(k) != NULL; k++)
		if (strcmp(sh_results_member_name(k), key) == 0)
			return k;
	return SIZE_MAX;
}

/* What differs between the published proposals and the recomputed ones. */
static void
diff_proposals(const json_t *pv, struct sh_results_writer *w, size_t nre)
{
	json_t	*pp, *rp;
	size_t	 i, n = 0;

	json_array_foreach(pv, i, pp) {
		if (i >= nre) {
			problem(_("results: proposal %s is not in the "
			    "recomputation"), jstr(pp, "id"));
			continue;
		}
		rp = recomputed_proposal(w, i);
		if (json_equal(pp, rp) || ++n > 20) {
			json_decref(rp);
			continue;
		}
		problem(_("results: proposal %s: published score %s rank "
		    "%lld, recomputed score %s rank %lld%s"),
		    jstr(pp, "id"), json_is_string(json_object_get(pp,
		    "score")) ? jstr(pp, "score") : "-",
		    (long long)json_integer_value(json_object_get(pp,
		    "rank")), json_is_string(json_object_get(rp,
		    "score")) ? jstr(rp, "score") : "-",
		    (long long)json_integer_value(json_object_get(rp,
		    "rank")), json_equal(json_object_get(pp, "reviews"),
		    json_object_get(rp, "reviews")) ? "" :
		    _(" (totals or deviation scores differ)"));
		json_decref(rp);
	}
	if (nre > json_array_size(pv))
		problem(_("results: the recomputation has more proposals"));
}

/* What differs between the published and recomputed documents. */
static void
diff(const json_t *pub, const struct sh_results_input *in,
    const struct sh_results *re)
{
	struct sh_results_writer	*w;
	const char		*key;
	json_t			*pv, *rv;
	size_t			 k;

	if ((w = sh_results_writer_new(in, re, false)) == NULL) {
		problem(_("results: out of memory"));
		return;
	}
	json_object_foreach((json_t *)pub, key, pv) {
		if ((k = member_index(key)) == SIZE_MAX) {
			problem(_("results: \"%s\" differs from the recomputed "
			    "value"), key);
			continue;
		}
		if (strcmp(key, "proposals") == 0) {
			diff_proposals(pv, w, in->nproposals);
			continue;
		}
		rv = recomputed_member(w, k);
		if (!json_equal(pv, rv))
			problem(_("results: \"%s\" differs from the recomputed "
			    "value"), key);
		json_decref(rv);
	}
	for (k = 0; sh_results_member_name(k) != NULL; k++)
		if (json_object_get(pub, sh_results_member_name(k)) == NULL)
			problem(_("results: \"%s\" missing"),
			    sh_results_member_name(k));
	sh_results_writer_free(w);
}

/*
 * What differs, field by field, between a bundle file and what the signed
 * results say it must be; the number of problems reported.
 */
static int
compare_json(const char *file, const char *path, const json_t *got,
    const json_t *want)
{
	const char	*key;
	const json_t	*gv, *wv;
	char		 sub[512];
	size_t		 i;
	int		 n = 0;

	if (json_is_object(got) && json_is_object(want)) {
		json_object_foreach((json_t *)want, key, wv) {
			snprintf(sub, sizeof sub, "%s%s%s", path, *path ? "." :
			    "", key);
			if ((gv = json_object_get(got, key)) == NULL) {
				problem(_("%s: %s is missing"), file, sub);
				n++;
			} else
				n += compare_json(file, sub, gv, wv);
		}
		json_object_foreach((json_t *)got, key, gv)
			if (json_object_get(want, key) == NULL) {
				problem(_("%s: %s%s%s is not in the signed "
				    "results"), file, path, *path ? "." : "",
				    key);
				n++;
			}
		return n;
	}
	if (json_is_array(got) && json_is_array(want)) {
		for (i = 0; i < json_array_size(got) ||
		    i < json_array_size(want); i++) {
			gv = json_array_get(got, i);
			wv = json_array_get(want, i);
			if (json_is_string(json_object_get(wv ? wv : gv, "id")))
				snprintf(sub, sizeof sub, "%s[%s]", path,
				    jstr(wv ? wv : gv, "id"));
			else
				snprintf(sub, sizeof sub, "%s[%zu]", path, i);
			if (gv == NULL) {
				problem(_("%s: %s is missing"), file, sub);
				n++;
			} else if (wv == NULL) {
				problem(_("%s: %s is not in the signed results"),
				    file, sub);
				n++;
			} else
				n += compare_json(file, sub, gv, wv);
		}
		return n;
	}
	if (!json_equal(got, want)) {
		problem(_("%s: %s differs from the signed results"), file,
		    *path ? path : _("the document"));
		n++;
	}
	return n;
}

/*
 * A bundle file that publish derives from the signed results: it must be
 * exactly those bytes; else say which fields differ.
 */
static void
check_derived(const char *file, const struct sh_buf *b, const json_t *got,
    json_t *want)
{
	struct sh_buf	 exp;
	struct sh_err	 e;

	if (want == NULL) {
		problem(_("%s cannot be checked: the signed results lack a field "
		    "it needs (published by an older shinsa-merge?)"), file);
		return;
	}
	sh_buf_init(&exp, false);
	if (sh_json_dump(want, &exp, &e) == -1)
		problem("%s: %s", file, sh_errstr(&e));
	else if (exp.len == b->len && memcmp(exp.data, b->data, b->len) == 0)
		ok(_("%s agrees with the signed results, field by field"), file);
	else if (got == NULL || compare_json(file, "", got, want) == 0)
		problem(_("%s: not byte for byte what the signed results make it "
		    "(same values, different bytes)"), file);
	sh_buf_free(&exp);
	json_decref(want);
}

/* keys/<id>.pub: exactly the file publish writes for the key named. */
static void
check_pub(const char *dir, const char *id, const char *b64)
{
	struct sh_buf		 exp, got;
	struct sh_minisign_pk	 a, b;
	struct sh_err		 e;
	char			 name[PATH_MAX];

	snprintf(name, sizeof name, "keys/%s.pub", id);
	sh_buf_init(&exp, false);
	if (sh_results_pub_file(b64, &exp, &e) == -1) {
		problem(_("results.json: key of %s: %s"), id, sh_errstr(&e));
		sh_buf_free(&exp);
		return;
	}
	if (slurp(dir, name, &got) == -1) {
		sh_buf_free(&exp);
		return;
	}
	if (exp.len == got.len && memcmp(exp.data, got.data, got.len) == 0)
		;
	else if (sh_minisign_pk_parse((const char *)got.data, got.len, &b,
	    &e) == -1)
		problem("%s: %s", name, sh_errstr(&e));
	else if (sh_minisign_pk_parse(b64, strlen(b64), &a, &e) == 0 &&
	    (memcmp(a.keynum, b.keynum, sizeof a.keynum) != 0 ||
	    memcmp(a.pk, b.pk, sizeof a.pk) != 0))
		problem(_("%s: the key differs from the one the signed results "
		    "name for %s"), name, id);
	else
		problem(_("%s: the key is %s's, but the file is not the one "
		    "publish writes (its untrusted comment or layout differs)"),
		    name, id);
	sh_buf_free(&exp);
	sh_buf_free(&got);
}

/*
 * Every entry of DIR/SUB must be one of names[0..n) (sorted here: a
 * national bundle has 20,000 sheet files); each other one "is why".
 */
static void
check_listing(const char *dir, const char *sub, const char **names,
    size_t n, const char *why)
{
	DIR		*d;
	struct dirent	*de;
	char		 path[PATH_MAX];
	const char	*key;

	qsort(names, n, sizeof *names, cmp_str);
	snprintf(path, sizeof path, "%s%s%s", dir, sub ? "/" : "",
	    sub ? sub : "");
	if ((d = opendir(path)) == NULL) {
		problem(_("%s: cannot be read as a directory"), path);
		return;
	}
	while ((de = readdir(d)) != NULL) {
		if (strcmp(de->d_name, ".") == 0 ||
		    strcmp(de->d_name, "..") == 0)
			continue;
		key = de->d_name;
		if (bsearch(&key, names, n, sizeof *names, cmp_str) == NULL)
			/* TRANSLATORS: a file in the bundle, then why it
			 * should not be there. */
			problem(_("%s%s%s is %s"), sub ? sub : "",
			    sub ? "/" : "", de->d_name, _(why));
	}
	closedir(d);
}

/* The roster sorted by id, for roster_find(). */
struct roster_key {
	const char	*id;
	size_t		 k;		/* index in the roster */
};

static int
cmp_roster_key(const void *a, const void *b)
{
	return strcmp(((const struct roster_key *)a)->id,
	    ((const struct roster_key *)b)->id);
}

static int
roster_index(const struct sh_results_roster *mv, size_t n,
    struct roster_key **out)
{
	size_t	i;

	if ((*out = calloc(n + 1, sizeof **out)) == NULL) {
		problem(_("roster: out of memory"));
		return -1;
	}
	for (i = 0; i < n; i++) {
		(*out)[i].id = mv[i].id;
		(*out)[i].k = i;
	}
	qsort(*out, n, sizeof **out, cmp_roster_key);
	return 0;
}

/* The roster index of id, or n when it is not in the roster. */
static size_t
roster_find(const struct roster_key *byid, size_t n, const char *id)
{
	const struct roster_key	key = { id, 0 }, *hit;

	hit = bsearch(&key, byid, n, sizeof *byid, cmp_roster_key);
	return hit != NULL ? hit->k : n;
}

static int
cmp_sheet(const void *a, const void *b)
{
	const struct sh_results_sheet	*x =
	    *(const struct sh_results_sheet *const *)a;
	const struct sh_results_sheet	*y =
	    *(const struct sh_results_sheet *const *)b;
	int			 c;

	if ((c = strcmp(x->reviewer, y->reviewer)) != 0)
		return c;
	return (x->revision > y->revision) - (x->revision < y->revision);
}

/*
 * Each reviewer's current sheet is their latest revision, and the only
 * current one: an older revision may not stand in for it. Sheets are
 * taken reviewer by reviewer (sorted), not each against all.
 */
static void
check_current(const struct sh_results_sheet *ms, size_t n)
{
	const struct sh_results_sheet	**by;
	size_t			  i, j, k, ncur;

	if (n == 0)
		return;
	if ((by = calloc(n, sizeof *by)) == NULL) {
		problem(_("sheets: out of memory"));
		return;
	}
	for (i = 0; i < n; i++)
		by[i] = &ms[i];
	qsort(by, n, sizeof *by, cmp_sheet);
	for (i = 0; i < n; i = j) {
		ncur = 0;
		for (j = i; j < n && strcmp(by[j]->reviewer,
		    by[i]->reviewer) == 0; j++)
			ncur += by[j]->current;
		for (k = i; k < j; k++) {
			if (by[k]->revision == by[j - 1]->revision &&
			    !by[k]->current)
				problem(_("results: %s's latest sheet, revision "
				    "%lld, is not the one counted"),
				    by[k]->reviewer, by[k]->revision);
			if (by[k]->current && ncur != 1)
				problem(_("results: %s has %zu current sheets"),
				    by[k]->reviewer, ncur);
		}
	}
	free(by);
}

/*
 * The bundle must be a directory; anything else is said for what it is
 * (its files are then read through sh_read_file, which refuses a named
 * pipe or device among them rather than blocking on it).
 */
/*
 * designations.json, when the bundle has one: signed by the secretariat
 * (kind designations, this round, its bytes), naming these results, and
 * a set the committee's rules allow on the ranking recomputed from the
 * sheets (review/designate.h): no proposal that may not be designated,
 * every choice out of score order with its reason, the one-third
 * guideline kept or acknowledged.
 */
static void
check_designations(const char *dir, const struct sh_minisign_pk *spk,
    const char *round, const char *results_sha,
    const struct sh_results_input *in, const struct sh_results *out)
{
	struct sh_buf			 b, sig;
	struct sh_minisign_verified	 vf;
	struct sh_seal_tc		 tc;
	struct sh_desig_problem		 p[16];
	struct sh_desig_cand		*c = NULL;
	struct mdesig			*d = NULL;
	struct sh_err			 e;
	json_t				*doc = NULL;
	const char			**ids = NULL;
	char				 sha[65], msg[1024];
	size_t				 i, n = 0, np, bad, nbal;

	sh_buf_init(&b, false);
	sh_buf_init(&sig, false);
	if (slurp(dir, "designations.json", &b) == -1 ||
	    slurp(dir, "designations.json.minisig", &sig) == -1)
		goto out;
	if (sh_minisign_verify(spk, 1, b.data, b.len, (const char *)sig.data,
	    sig.len, &vf, &e) == -1) {
		problem(_("designations.json: signature: %s"),
		    sh_errstr(&e));
		goto out;
	}
	sh_round_sha256_hex(b.data, b.len, sha);
	if (sh_seal_tc_parse(vf.trusted_comment, vf.tc_len, &tc, &e) == -1 ||
	    strcmp(tc.kind, "designations") != 0 ||
	    strcmp(tc.round, round) != 0 || strcmp(tc.sha256, sha) != 0) {
		problem(_("designations.json: the trusted comment does not "
		    "name these designations (kind designations, round %s, "
		    "sha256 %s)"), round, sha);
		goto out;
	}
	if ((doc = load_json(&b, "designations.json")) == NULL)
		goto out;
	if (mdesig_parse(doc, &d, &n, &e) == -1) {
		problem(_("designations.json: %s"), sh_errstr(&e));
		goto out;
	}
	if (strcmp(jstr(doc, "round"), round) != 0 ||
	    strcmp(jstr(doc, "results_sha256"), results_sha) != 0) {
		problem(_("designations.json does not name these results "
		    "(round %s, sha256 %s)"), round, results_sha);
		goto out;
	}
	ids = calloc(in->nproposals + 1, sizeof *ids);
	c = calloc(in->nproposals + 1, sizeof *c);
	if (ids == NULL || c == NULL) {
		problem("%s", _("out of memory"));
		goto out;
	}
	for (i = 0; i < in->nproposals; i++)
		ids[i] = in->proposals[i].id;
	if (mdesig_cands(out->tally, ids, d, n, c, &bad) == -1) {
		problem(_("designations.json: %s is not a proposal of the "
		    "round"), d[bad].proposal);
		goto out;
	}
	np = sh_desig_check(c, in->nproposals, p, 16, &nbal);
	for (i = 0; i < np && i < 16; i++)
		problem(_("designations.json: %s"), mdesig_words(&p[i], c,
		    ids, msg, sizeof msg));
	if (np == 0)
		ok(_("designations.json signed by the secretariat: %zu "
		    "designated (%zu for balance), every one allowed by the "
		    "rules on the recomputed ranking"), n, nbal);
out:
	free(ids);
	free(c);
	free(d);
	json_decref(doc);
	sh_buf_free(&b);
	sh_buf_free(&sig);
}

static int
bundle_dir(const char *dir)
{
	struct stat	st;

	if (stat(dir, &st) == -1) {
		problem("%s: %s", dir, strerror(errno));
		return -1;
	}
	if (S_ISDIR(st.st_mode))
		return 0;
	if (S_ISREG(st.st_mode))
		problem(_("%s: not a bundle: it is a file, and a bundle is the "
		    "directory shinsa-merge publish writes"), dir);
	else if (S_ISFIFO(st.st_mode))
		problem(_("%s: not a bundle: it is a named pipe, and a bundle is "
		    "the directory shinsa-merge publish writes"), dir);
	else if (S_ISCHR(st.st_mode) || S_ISBLK(st.st_mode))
		problem(_("%s: not a bundle: it is a device, and a bundle is the "
		    "directory shinsa-merge publish writes"), dir);
	else
		problem(_("%s: not a bundle: it is not a directory, and a bundle "
		    "is the directory shinsa-merge publish writes"), dir);
	return -1;
}

static void
usage(void)
{
	fprintf(stderr, _("usage: shinsa-verify [-p SECRETARIAT.pub] "
	    "BUNDLE_DIR\n"));
}

/*
 * What the checks learn and hand on, in the order main runs them: each
 * check_* fills its part, says what holds (ok) or does not (problem)
 * and returns -1 when the checks after it cannot run.
 */
struct vctx {
	const char		*dir;
	const char		*pinned;	/* -p, or NULL: the bundle's key */
	struct sh_buf		 resb, sigb, rubb, rosb, roundb, sj, sg;
	struct sh_minisign_pk	 spk, *rpks;
	struct sh_rubric	*rubric;
	json_t			*res, *roster, *round;
	struct sh_results_input		 in;
	struct sh_results_proposal	*mp;
	struct sh_results_sheet		*ms;
	struct sh_results_decision	*md;
	struct sh_results_roster	*mv;
	struct roster_key	*byid;
	char			**sn, **facts;
	struct sh_results	 out;
	char			 results_sha[65];
	size_t			 nsheets, nrev, nprop;
	/* results.json read as a stream, not held in resb: */
	bool			 streamed;
	uint64_t		 reslen;
	unsigned char		 resblake[SH_MINISIGN_HASHBYTES];
};

/*
 * Reads DIR/results.json into vc->res, its length, BLAKE2b and SHA-256,
 * once, a chunk at a time, rather than held whole: it is 110 MB at
 * 10,000 reviewers, and an auditor's laptop should not need memory that
 * grows with it. The chunks are hashed for the signature and the
 * trusted comment and parsed as they pass (struct vr_stream). 0, or -1
 * (having said nothing) when it must be read whole: anything the stream
 * cannot take (a read error, bad syntax, a file over the limit) is left
 * to that, which then says what is wrong in the words it always used.
 */
static int
stream_results(struct vctx *vc)
{
	struct vr_stream	 rs;
	struct sh_minisign_hash	 bh;
	crypto_hash_sha256_state sh;
	struct sh_err		 e;
	unsigned char		 chunk[SH_SINK_CHUNK];
	unsigned char		 sha[crypto_hash_sha256_BYTES];
	char			 path[PATH_MAX];
	json_t			*res;
	uint64_t		 len = 0;
	ssize_t			 n = 0;
	int			 fd = -1;

	vr_stream_init(&rs);
	sh_minisign_hash_init(&bh);
	crypto_hash_sha256_init(&sh);
	snprintf(path, sizeof path, "%s/results.json", vc->dir);
	if (rs.failed || (fd = sh_open_regular(path, NULL, &e)) == -1)
		rs.failed = true;
	else {
		while (!rs.failed && (n = sh_read_fd(fd, chunk, sizeof chunk,
		    path, &e)) > 0) {
			if ((uint64_t)n > RESULTS_LIMIT - len)
				rs.failed = true;
			len += (uint64_t)n;
			sh_minisign_hash_update(&bh, chunk, (size_t)n);
			crypto_hash_sha256_update(&sh, chunk, (size_t)n);
			vr_stream_feed(&rs, chunk, (size_t)n);
		}
		if (n < 0)
			rs.failed = true;
		close(fd);
	}
	if ((res = vr_stream_end(&rs)) == NULL)
		return -1;
	vc->res = res;
	vc->reslen = len;
	sh_minisign_hash_final(&bh, vc->resblake);
	crypto_hash_sha256_final(&sh, sha);
	sodium_bin2hex(vc->results_sha, sizeof vc->results_sha, sha,
	    sizeof sha);
	return 0;
}

/* 1. The results and the secretariat's signature on them. */
static int
check_signature(struct vctx *vc)
{
	struct sh_minisign_verified	 vf;
	struct sh_seal_tc		 tc;
	struct sh_err			 e;
	char				 sha[65];

	struct sh_minisign_sig		 sig;

	if (bundle_dir(vc->dir) == -1)
		return -1;
	vc->streamed = stream_results(vc) == 0;
	if ((!vc->streamed && slurp_max(vc->dir, "results.json",
	    RESULTS_LIMIT, &vc->resb) == -1) ||
	    slurp(vc->dir, "results.json.minisig", &vc->sigb) == -1 ||
	    slurp(vc->dir, "round.json", &vc->roundb) == -1)
		return -1;
	if ((!vc->streamed && (vc->res = load_results(&vc->resb)) == NULL) ||
	    (vc->round = load_json(&vc->roundb, "round.json")) == NULL)
		return -1;
	if (strcmp(jstr(vc->res, "format"), SH_RESULTS_FORMAT) != 0) {
		problem(_("results.json: format is not %s"), SH_RESULTS_FORMAT);
		return -1;
	}
	if (vc->pinned != NULL) {
		if (sh_minisign_pk_read_file(vc->pinned, &vc->spk, &e) == -1) {
			problem("%s", sh_errstr(&e));
			return -1;
		}
	} else if (sh_minisign_pk_parse(jstr(vc->round, "secretariat_key"),
	    strlen(jstr(vc->round, "secretariat_key")), &vc->spk, &e) == -1) {
		problem(_("round.json: secretariat_key: %s"), sh_errstr(&e));
		return -1;
	}
	/* What sh_minisign_verify() does, on the hash of the stream. */
	if (vc->streamed ? sh_minisign_sig_parse((const char *)vc->sigb.data,
	    vc->sigb.len, &sig, &e) == -1 || sh_minisign_verify_prehashed(
	    &vc->spk, 1, &sig, vc->resblake, &vf, &e) == -1 :
	    sh_minisign_verify(&vc->spk, 1, vc->resb.data, vc->resb.len,
	    (const char *)vc->sigb.data, vc->sigb.len, &vf, &e) == -1) {
		problem(_("results.json: signature: %s%s"), sh_errstr(&e),
		    vc->pinned ? "" : _(" (key from the bundle's round.json)"));
		return -1;
	}
	if (!vc->streamed)
		sh_round_sha256_hex(vc->resb.data, vc->resb.len,
		    vc->results_sha);
	memcpy(sha, vc->results_sha, sizeof sha);
	if (sh_seal_tc_parse(vf.trusted_comment, vf.tc_len, &tc, &e) == -1 ||
	    strcmp(tc.kind, "results") != 0 ||
	    strcmp(tc.round, jstr(json_object_get(vc->res, "round"),
	    "id")) != 0 ||
	    strcmp(tc.sha256, sha) != 0) {
		problem(_("results.json: the trusted comment does not name these "
		    "results (kind results, round %s, sha256 %s)"),
		    jstr(json_object_get(vc->res, "round"), "id"), sha);
		return -1;
	}
	{
		char b64[SH_MINISIGN_PK_B64_LEN + 1];

		sh_minisign_pk_base64(&vc->spk, b64);
		if (strcmp(b64, jstr(vc->res, "secretariat_key")) != 0)
			problem(_("results.json names a secretariat key other "
			    "than the one that signed it"));
		ok(_("results.json signed by the secretariat (%s key %s)"),
		    vc->pinned ? _("pinned") : _("bundle's, not pinned:"), b64);
	}
	return 0;
}

/* 2. The rubric is the one the results name. */
static int
check_rubric(struct vctx *vc)
{
	struct sh_err	e;

	if (slurp(vc->dir, "rubric.json", &vc->rubb) == -1)
		return -1;
	if ((vc->rubric = sh_rubric_load_buf(vc->rubb.data, vc->rubb.len,
	    "rubric.json", &e)) == NULL) {
		problem("%s", sh_errstr(&e));
		return -1;
	}
	if (strcmp(vc->rubric->hash_hex, jstr(json_object_get(vc->res,
	    "rubric"), "sha256")) != 0) {
		problem(_("rubric.json is not the rubric the results name"));
		return -1;
	}
	ok(_("rubric.json is %s, sha256 %s"), vc->rubric->id,
	    vc->rubric->hash_hex);
	return 0;
}

/*
 * The roster is the one the results name, and round.json and
 * roster.json are what publish derives from them.
 */
static int
check_roster(struct vctx *vc)
{
	struct sh_err	 e;
	json_t		*reviewers, *v;
	size_t		 i;

	if (slurp(vc->dir, "roster.json", &vc->rosb) == -1 ||
	    (vc->roster = load_json(&vc->rosb, "roster.json")) == NULL)
		return -1;
	reviewers = json_object_get(vc->res, "roster");
	vc->nrev = json_array_size(reviewers);
	vc->rpks = calloc(vc->nrev + 1, sizeof *vc->rpks);
	vc->mv = calloc(vc->nrev + 1, sizeof *vc->mv);
	if (vc->rpks == NULL || vc->mv == NULL)
		return -1;
	json_array_foreach(reviewers, i, v) {
		vc->mv[i].id = jstr(v, "id");
		vc->mv[i].public_key = jstr(v, "public_key");
		vc->mv[i].recipient = json_string_value(json_object_get(v,
		    "recipient"));
		if (sh_minisign_pk_parse(vc->mv[i].public_key,
		    strlen(vc->mv[i].public_key), &vc->rpks[i], &e) == -1)
			problem(_("results.json: key of %s: %s"),
			    vc->mv[i].id, sh_errstr(&e));
		if (!sh_round_id_valid(vc->mv[i].id) ||
		    strcmp(vc->mv[i].id, "secretariat") == 0)
			problem(_("results.json: roster: %s is not a reviewer id "
			    "a bundle can hold"), vc->mv[i].id);
	}

	/*
	 * round.json, roster.json and keys/: not signed themselves, so each
	 * must be exactly what publish derives from the signed results.
	 */
	check_derived("round.json", &vc->roundb, vc->round,
	    sh_results_round_doc(vc->res));
	check_derived("roster.json", &vc->rosb, vc->roster,
	    sh_results_roster_doc(vc->res));
	return 0;
}

/*
 * keys/ holds exactly the keys the results name, each what publish
 * derives from them; the bundle holds no file it should not.
 */
static int
check_keys(struct vctx *vc)
{
	const char	*top[] = { "round.json", "rubric.json",
	    "roster.json", "results.json", "results.json.minisig",
	    "keys", "sheets", "designations.json",
	    "designations.json.minisig" };
	char		**kn, name[PATH_MAX];
	size_t		  i, k;

	check_pub(vc->dir, "secretariat", jstr(vc->res, "secretariat_key"));
	for (i = 0; i < vc->nrev; i++)
		if (sh_round_id_valid(vc->mv[i].id))
			check_pub(vc->dir, vc->mv[i].id, vc->mv[i].public_key);
	check_listing(vc->dir, NULL, top, sizeof top / sizeof top[0],
	    NOT_BUNDLE);
	if ((kn = calloc(vc->nrev + 1, sizeof *kn)) == NULL)
		return -1;
	for (k = 0; k < vc->nrev; k++) {
		snprintf(name, sizeof name, "%s.pub", vc->mv[k].id);
		if ((kn[k] = strdup(name)) == NULL)
			break;
	}
	if (k == vc->nrev && (kn[k] = strdup("secretariat.pub")) != NULL)
		check_listing(vc->dir, "keys", (const char **)kn,
		    vc->nrev + 1, NOT_BUNDLE);
	else
		problem(_("keys: out of memory"));
	for (k = 0; k <= vc->nrev; k++)
		free(kn[k]);
	free(kn);
	return 0;
}

/* 3. Every sheet: present, named, signed by its reviewer. */
static int
check_sheets(struct vctx *vc)
{
	struct sh_minisign_verified	 vf;
	struct sh_seal_tc		 tc;
	struct sh_err			 e;
	json_t				*sheets, *v;
	char				 sha[65], name[PATH_MAX];
	size_t				 i;

	sheets = json_object_get(vc->res, "sheets");
	vc->nsheets = json_array_size(sheets);
	vc->ms = calloc(vc->nsheets + 1, sizeof *vc->ms);
	vc->sn = calloc(2 * vc->nsheets + 1, sizeof *vc->sn);
	if (vc->ms == NULL || vc->sn == NULL ||
	    roster_index(vc->mv, vc->nrev, &vc->byid) == -1)
		return -1;
	json_array_foreach(sheets, i, v) {
		const char	*rid = jstr(v, "reviewer");
		long long	 rev = json_integer_value(json_object_get(v,
				    "revision"));
		struct sh_sheet_expect x = { 0 };
		size_t		 k;

		/* Each signature is checked: hundreds take a while. */
		progress_step(_("checking sheet %zu of %zu..."), i + 1,
		    vc->nsheets);
		vc->ms[i].reviewer = rid;
		vc->ms[i].revision = rev;
		vc->ms[i].sha256 = jstr(v, "sha256");
		vc->ms[i].current = json_is_true(json_object_get(v, "current"));
		snprintf(name, sizeof name, "%s.r%lld.json", rid, rev);
		vc->sn[2 * i] = strdup(name);
		snprintf(name, sizeof name, "%s.r%lld.json.minisig", rid, rev);
		if (vc->sn[2 * i] == NULL ||
		    (vc->sn[2 * i + 1] = strdup(name)) == NULL) {
			problem(_("sheets: out of memory"));
			return -1;
		}
		snprintf(name, sizeof name, "sheets/%s.r%lld.json", rid, rev);
		if (!sh_round_id_valid(rid) ||
		    slurp_max(vc->dir, name, SH_SHEET_JSON_MAX,
		    &vc->sj) == -1) {
			problem(_("sheet %s revision %lld named by the results "
			    "is missing"), rid, rev);
			continue;
		}
		sh_round_sha256_hex(vc->sj.data, vc->sj.len, sha);
		if (strcmp(sha, vc->ms[i].sha256) != 0)
			problem(_("%s: sha256 %s, but the results name %s"), name,
			    sha, vc->ms[i].sha256);
		snprintf(name, sizeof name, "sheets/%s.r%lld.json.minisig",
		    rid, rev);
		if (slurp_max(vc->dir, name, JSON_LIMIT, &vc->sg) == -1)
			continue;
		if ((k = roster_find(vc->byid, vc->nrev, rid)) == vc->nrev) {
			problem(_("%s: reviewer %s is not in the roster"), name,
			    rid);
			continue;
		}
		if (sh_minisign_verify(&vc->rpks[k], 1, vc->sj.data, vc->sj.len,
		    (const char *)vc->sg.data, vc->sg.len, &vf, &e) == -1) {
			problem("%s: %s", name, sh_errstr(&e));
			continue;
		}
		x.round = jstr(json_object_get(vc->res, "round"), "id");
		x.reviewer = rid;
		x.recipient = jstr(vc->res, "secretariat_recipient");
		x.min_revision = rev;
		if (sh_seal_tc_parse(vf.trusted_comment, vf.tc_len, &tc,
		    &e) == -1 || sh_sheet_tc_check(&tc, &x, &e) == -1 ||
		    tc.revision != rev ||
		    strcmp(tc.sha256, vc->ms[i].sha256) != 0) {
			problem(_("%s: the trusted comment does not say sheet, "
			    "round, reviewer %s, revision %lld, this "
			    "secretariat and this sha256"), name, rid, rev);
			continue;
		}
		ok(_("sheets/%s.r%lld.json signed by %s%s"), rid, rev, rid,
		    vc->ms[i].current ? _(" (current)") : _(" (superseded)"));
	}
	progress_clear();
	check_current(vc->ms, vc->nsheets);
	/* Sheets in the bundle that the results do not name. */
	check_listing(vc->dir, "sheets", (const char **)vc->sn, 2 * vc->nsheets,
	    N_("not named by the signed results"));
	if (nproblems > 0)
		return -1;
	return 0;
}

/* 4. Recompute from the sheets and compare. */
static int
check_recompute(struct vctx *vc)
{
	struct sh_err	 e;
	struct sh_sink	 cmp;
	struct cmp_out	*co;
	json_t		*ps, *ds, *v;
	uint64_t	 first;
	size_t		 i;
	char		 path[PATH_MAX], sha[65];
	bool		 differs;
	int		 rc;

	ps = json_object_get(vc->res, "proposals");
	ds = json_object_get(vc->res, "decisions");
	vc->nprop = json_array_size(ps);
	vc->mp = calloc(vc->nprop + 1, sizeof *vc->mp);
	vc->facts = calloc(vc->nprop + 1, sizeof *vc->facts);
	vc->md = calloc(json_array_size(ds) + 1, sizeof *vc->md);
	if (vc->mp == NULL || vc->facts == NULL || vc->md == NULL)
		return -1;
	json_array_foreach(ps, i, v) {
		vc->mp[i].id = jstr(v, "id");
		vc->mp[i].variant = jstr(v, "variant");
		vc->mp[i].prefecture = jstr(v, "prefecture");
		vc->facts[i] = json_dumps(json_object_get(v, "facts"),
		    JSON_COMPACT | JSON_PRESERVE_ORDER);
		vc->mp[i].facts = vc->facts[i] ? vc->facts[i] : "{}";
	}
	json_array_foreach(ds, i, v) {
		vc->md[i].proposal = jstr(v, "proposal");
		vc->md[i].reviewer = jstr(v, "reviewer");
		vc->md[i].allow = strcmp(jstr(v, "decision"), "allow") == 0;
	}
	memset(&vc->in, 0, sizeof vc->in);
	vc->in.rubric = vc->rubric;
	vc->in.round_id = jstr(json_object_get(vc->res, "round"), "id");
	vc->in.round_title = jstr(json_object_get(vc->res, "round"), "title");
	vc->in.round_created = json_string_value(json_object_get(
	    json_object_get(vc->res, "round"), "created"));
	vc->in.secretariat_key = jstr(vc->res, "secretariat_key");
	vc->in.secretariat_recipient = jstr(vc->res, "secretariat_recipient");
	vc->in.published = jstr(vc->res, "published");
	vc->in.proposals = vc->mp;
	vc->in.nproposals = vc->nprop;
	vc->in.sheets = vc->ms;
	vc->in.nsheets = vc->nsheets;
	vc->in.load = load_sheet;
	vc->in.load_arg = (void *)vc->dir;
	vc->in.decisions = vc->md;
	vc->in.ndecisions = json_array_size(ds);
	vc->in.roster = vc->mv;
	vc->in.nroster = vc->nrev;
	if (sh_results_compute(&vc->in, &vc->out, &e) == -1) {
		problem(_("recomputation: %s"), sh_errstr(&e));
		return -1;
	}
	if ((co = calloc(1, sizeof *co)) == NULL) {
		problem(_("results: out of memory"));
		return -1;
	}
	co->fd = -1;
	co->want = vc->resb.data;
	co->len = vc->resb.len;
	snprintf(path, sizeof path, "%s/results.json", vc->dir);
	co->path = path;
	crypto_hash_sha256_init(&co->sh);
	if (vc->streamed && (co->fd = sh_open_regular(path, NULL, &e)) == -1) {
		free(co);
		problem(_("recomputation: %s"), sh_errstr(&e));
		return -1;
	}
	sh_sink_init(&cmp, cmp_write, co, false);
	sh_results_write(&vc->in, &vc->out, false, &cmp);
	rc = sh_sink_finish(&cmp, &e);
	sh_sink_free(&cmp);
	if (rc == 0) {
		cmp_end(co, vc->reslen, vc->results_sha, &e);
		rc = co->rfailed ? -1 : 0;
	}
	if (co->fd != -1)
		close(co->fd);
	differs = co->differs;
	first = co->first;
	free(co);
	if (rc == -1) {
		problem(_("recomputation: %s"), sh_errstr(&e));
		return -1;
	}
	if (!differs)
		ok(_("results recomputed from the %zu sheets: identical "
		    "(%zu proposals ranked)"), vc->nsheets,
		    json_array_size(json_object_get(vc->res, "ranking")));
	else {
		json_t *full;

		/*
		 * Reviews too, now that something differs: the whole file,
		 * still the bytes signed.
		 */
		if (vc->streamed && slurp_max(vc->dir, "results.json",
		    RESULTS_LIMIT, &vc->resb) == -1)
			return -1;
		sh_round_sha256_hex(vc->resb.data, vc->resb.len, sha);
		if (strcmp(sha, vc->results_sha) != 0) {
			sh_errf(&e, "%s: changed while it was being verified",
			    path);
			problem(_("recomputation: %s"), sh_errstr(&e));
			return -1;
		}
		if ((full = load_json(&vc->resb, "results.json")) != NULL) {
			diff(full, &vc->in, &vc->out);
			json_decref(full);
		}
		if (nproblems == 0)
			problem(_("results.json is not in canonical form "
			    "(same values, different bytes from byte "
			    "%llu)"), (unsigned long long)first);
	}
	return 0;
}

/* The designations, if the bundle has them, against the recomputed ranking. */
static void
check_designations_file(struct vctx *vc)
{
	char	name[PATH_MAX];

	snprintf(name, sizeof name, "%s/designations.json", vc->dir);
	if (access(name, F_OK) == 0 || errno != ENOENT)
		check_designations(vc->dir, &vc->spk, jstr(json_object_get(
		    vc->res, "round"), "id"), vc->results_sha, &vc->in,
		    &vc->out);
}

static void
vctx_free(struct vctx *vc)
{
	size_t	i;

	for (i = 0; i < vc->nprop && vc->facts != NULL; i++)
		free(vc->facts[i]);
	free(vc->facts);
	for (i = 0; i < 2 * vc->nsheets && vc->sn != NULL; i++)
		free(vc->sn[i]);
	free(vc->sn);
	free(vc->byid);
	free(vc->mp);
	free(vc->ms);
	free(vc->md);
	free(vc->mv);
	free(vc->rpks);
	sh_results_free(&vc->out);
	json_decref(vc->res);
	json_decref(vc->roster);
	json_decref(vc->round);
	sh_rubric_free(vc->rubric);
	sh_buf_free(&vc->resb);
	sh_buf_free(&vc->sigb);
	sh_buf_free(&vc->rubb);
	sh_buf_free(&vc->rosb);
	sh_buf_free(&vc->roundb);
	sh_buf_free(&vc->sj);
	sh_buf_free(&vc->sg);
}

static void
verdict(const struct vctx *vc)
{
	/* The verdict's word, VERIFIED or NOT VERIFIED, is the same in
	 * every language (auditors' scripts grep it); what follows it is
	 * translated. */
	if (nproblems == 0) {
		fputs("\nVERIFIED: ", stdout);	/* untranslated: the word */
		printf(_("every signature holds and the results follow from "
		    "the sheets%s\n"), vc->pinned ? "" : _(" (the secretariat "
		    "key was not pinned: compare its fingerprint or use -p)"));
	} else {
		fputs("\nNOT VERIFIED: ", stdout); /* untranslated: the word */
		printf(ngettext("%d problem\n", "%d problems\n", nproblems),
		    nproblems);
	}
}

struct verify_opts {
	const char	*pinned;
};

static const struct sh_cli_args verify_args = {
	(const struct sh_cli_opt[]){
		{ "secretariat-key", 'p', SH_CLI_STR,
		    offsetof(struct verify_opts, pinned), NULL },
		{ NULL, 0, 0, 0, NULL }
	}, 1, 1
};
/* The parser's table of commands: shinsa-verify is one. */
static const void *const verify_table[] = { &verify_args, NULL };

int
main(int argc, char **argv)
{
	struct verify_opts	o = { NULL };
	struct sh_cli_parsed	p;
	struct vctx		vc;

	sh_cli_before_print = progress_clear;
	if (sh_i18n_init(argv[0]) == -1) {
		fputs(sh_i18n_refusal(), stderr);
		return 1;
	}
	if (sodium_init() < 0)
		return 1;
	/* getopt(3) itself says what was wrong, then the usage line. */
	switch (sh_cli_parse(verify_table, 0, &verify_args, true, argc, argv,
	    &o, &p)) {
	case SH_CLI_OK:
		break;
	case SH_CLI_HELP:
		printf(_("usage: shinsa-verify [-p SECRETARIAT.pub] "
		    "BUNDLE_DIR\n\nVerifies every signature of an "
		    "audit bundle and recomputes its results.\n"));
		return 0;
	case SH_CLI_NARGS:
		/* getopt said nothing: it knows options, not arguments. */
		if (p.argc == 0)
			sh_cli_err("shinsa-verify", _("not given: the "
			    "bundle's directory (BUNDLE_DIR)"));
		else
			sh_cli_err("shinsa-verify", _("too many arguments, "
			    "from \"%s\" on"), p.argv[1]);
		usage();
		return 2;
	default:
		usage();
		return 2;
	}
	memset(&vc, 0, sizeof vc);
	vc.dir = p.argv[0];
	vc.pinned = o.pinned;
	sh_buf_init(&vc.resb, false);
	sh_buf_init(&vc.sigb, false);
	sh_buf_init(&vc.rubb, false);
	sh_buf_init(&vc.rosb, false);
	sh_buf_init(&vc.roundb, false);
	sh_buf_init(&vc.sj, true);
	sh_buf_init(&vc.sg, false);

	/* Each check needs what the ones before it established. */
	if (check_signature(&vc) == 0 && check_rubric(&vc) == 0 &&
	    check_roster(&vc) == 0 && check_keys(&vc) == 0 &&
	    check_sheets(&vc) == 0 && check_recompute(&vc) == 0)
		check_designations_file(&vc);
	verdict(&vc);
	vctx_free(&vc);
	/*
	 * The verdict is the point: if it could not be written, say so
	 * and fail rather than exit 0 with nothing to show.
	 */
	if (fflush(stdout) != 0 || ferror(stdout)) {
		fprintf(stderr, _("shinsa-verify: cannot write to standard "
		    "output: the verdict was lost\n"));
		return 1;
	}
	return nproblems == 0 ? 0 : 1;
}
