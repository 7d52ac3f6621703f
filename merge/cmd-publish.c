/*
 * publish: writes the audit bundle to a new directory:
 *
 *	round.json            the round, rubric hash, secretariat's keys
 *	rubric.json           the rubric file, byte for byte
 *	roster.json           every reviewer's id and public key (no names:
 *	                      those are published only after designation)
 *	keys/<id>.pub         the same keys as minisign .pub files, and
 *	keys/secretariat.pub
 *	sheets/<id>.r<rev>.json (+ .minisig)
 *	                      every accepted sheet, every revision, exactly
 *	                      as signed by its reviewer
 *	results.json (+ .minisig)
 *	                      the tally, naming every sheet's SHA-256, signed
 *	                      by the secretariat
 *	designations.json (+ .minisig)
 *	                      the committee's designations with their reasons
 *	                      and conditions, naming results.json's SHA-256,
 *	                      signed by the secretariat; only once there are
 *	                      designations, and only a set that keeps the
 *	                      rules (review/designate.h)
 *
 * Each signature verifies with stock minisign:
 *	minisign -V -p keys/r01.pub -m sheets/r01.r2.json
 * and shinsa-verify(1) checks everything and recomputes the results.
 *
 * A kill at any point leaves DIR absent (or as empty as it was) or whole,
 * and publishing again succeeds with the same bytes
 * (tests/e2e/fault_kill_publish.sh): see struct bundle_path.
 */
#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include <dirent.h>
#include <jansson.h>
#include <sodium.h>

#include "crypto/minisign.h"
#include "format/seal.h"
#include "merge.h"
#include "mdset.h"
#include "mround.h"
#include "progress.h"

/*
 * Where the bundle goes. It is built whole in a temporary directory
 * beside DIR, in the same parent so that one rename(2) puts it in place:
 * a crash leaves either no DIR or the whole bundle, never half of one,
 * and at worst a temporary that the next publish of DIR removes.
 */
struct bundle_path {
	const char	*dir;			/* as given */
	char		 parent[PATH_MAX];
	char		 base[NAME_MAX + 1];
	char		 tmp[PATH_MAX];		/* parent/.base.tmp-XXXXXX */
};

/* The suffix mkdtemp(3) fills in: six of [A-Za-z0-9]. */
#define TMP_SUFFIX	"XXXXXX"
#define TMP_SUFFIX_LEN	(sizeof TMP_SUFFIX - 1)

/*
 * Splits DIR into parent and last name ("a/b/" is "a" and "b"). "." and
 * ".." cannot be renamed onto, and "/" has no parent: refused by name
 * rather than by a rename's EBUSY after all the work.
 */
static int
bundle_path(struct bundle_path *bp, const char *dir)
{
	char	 copy[PATH_MAX];
	char	*slash;
	size_t	 n;

	bp->dir = dir;
	if ((n = strlen(dir)) == 0 || n >= sizeof copy)
		return merr(_("publish: %s: not a usable directory name"), dir);
	memcpy(copy, dir, n + 1);
	while (n > 1 && copy[n - 1] == '/')
		copy[--n] = '\0';
	if ((slash = strrchr(copy, '/')) == NULL)
		snprintf(bp->parent, sizeof bp->parent, ".");
	else if (slash == copy)
		snprintf(bp->parent, sizeof bp->parent, "/");
	else {
		*slash = '\0';
		snprintf(bp->parent, sizeof bp->parent, "%s", copy);
	}
	if (slash != NULL)
		memmove(copy, slash + 1, strlen(slash + 1) + 1);
	if (*copy == '\0' || strcmp(copy, ".") == 0 ||
	    strcmp(copy, "..") == 0)
		return merr(_("publish: %s: name a new directory, not . or .. "
		    "or /"), dir);
	if (strlen(copy) >= sizeof bp->base || snprintf(bp->tmp,
	    sizeof bp->tmp, "%s/.%s.tmp-" TMP_SUFFIX, bp->parent, copy) >=
	    (int)sizeof bp->tmp)
		return merr(_("publish: %s: path too long"), dir);
	snprintf(bp->base, sizeof bp->base, "%s", copy);
	return 0;
}

/*
 * The rule publish has always had: DIR is new, or an empty directory
 * (not a link to one). Checked before any work; the rename at the end
 * checks again, since it fails on anything but nothing or an empty
 * directory.
 */
static int
dest_ok(const char *dir)
{
	struct stat	 st;
	DIR		*d;
	struct dirent	*de;
	int		 n = 0;

	if (lstat(dir, &st) == -1)
		return errno == ENOENT ? 0 : -1;
	if (!S_ISDIR(st.st_mode) || (d = opendir(dir)) == NULL)
		return -1;
	while ((de = readdir(d)) != NULL)
		if (strcmp(de->d_name, ".") != 0 && strcmp(de->d_name, "..") != 0)
			n++;
	closedir(d);
	return n == 0 ? 0 : -1;
}

/* ".BASE.tmp-" and six of mkdtemp's letters: a temporary of this DIR. */
static int
is_stale_name(const char *name, const char *base)
{
	size_t	n = strlen(base), i;

	if (name[0] != '.' || strncmp(name + 1, base, n) != 0 ||
	    strncmp(name + 1 + n, ".tmp-", 5) != 0 ||
	    strlen(name + 1 + n + 5) != TMP_SUFFIX_LEN)
		return 0;
	for (i = 1 + n + 5; name[i] != '\0'; i++)
		if (!((name[i] >= 'A' && name[i] <= 'Z') ||
		    (name[i] >= 'a' && name[i] <= 'z') ||
		    (name[i] >= '0' && name[i] <= '9')))
			return 0;
	return 1;
}

/*
 * Removes the directory name under dirfd, shaped as publish builds one:
 * files, and directories of files (keys/, sheets/) down to `depth`
 * levels. A directory deeper than that stops the removal with errno
 * ENOTEMPTY, since publish deletes only what it could have made. Links
 * are never followed: a link is removed, not what it points to.
 */
static int
remove_tree(int dirfd, const char *name, int depth)
{
	DIR		*d;
	struct dirent	*de;
	struct stat	 st;
	int		 fd, rc = 0;

	if ((fd = openat(dirfd, name, O_RDONLY | O_DIRECTORY | O_NOFOLLOW |
	    O_CLOEXEC)) == -1)
		return -1;
	if ((d = fdopendir(fd)) == NULL) {
		close(fd);
		return -1;
	}
	while (rc == 0 && (de = readdir(d)) != NULL) {
		if (strcmp(de->d_name, ".") == 0 || strcmp(de->d_name, "..") == 0)
			continue;
		if (fstatat(fd, de->d_name, &st, AT_SYMLINK_NOFOLLOW) == -1)
			rc = -1;
		else if (!S_ISDIR(st.st_mode))
			rc = unlinkat(fd, de->d_name, 0);
		else if (depth > 0)
			rc = remove_tree(fd, de->d_name, depth - 1);
		else {
			errno = ENOTEMPTY;
			rc = -1;
		}
	}
	closedir(d);
	if (rc == 0)
		rc = unlinkat(dirfd, name, AT_REMOVEDIR);
	return rc;
}

/*
 * Removes the temporaries of this DIR that a crashed publish left (and
 * only those: the exact name mkdtemp gave, a directory), so that
 * publishing again leaves the parent as one clean run does. Two
 * publishes of the same DIR at once would remove each other's; the
 * secretariat publishes a round once, from one place.
 */
static int
remove_stale(const struct bundle_path *bp)
{
	DIR		*d;
	struct dirent	*de;
	struct stat	 st;
	int		 fd, rc = 0;

	if ((d = opendir(bp->parent)) == NULL)
		return merr(_("publish: %s: its parent %s: %s"), bp->dir,
		    bp->parent, strerror(errno));
	fd = dirfd(d);
	while (rc == 0 && (de = readdir(d)) != NULL) {
		if (!is_stale_name(de->d_name, bp->base) ||
		    fstatat(fd, de->d_name, &st, AT_SYMLINK_NOFOLLOW) == -1 ||
		    !S_ISDIR(st.st_mode))
			continue;
		if (remove_tree(fd, de->d_name, 1) == -1)
			rc = merr(_("publish: %s/%s: cannot remove this temporary "
			    "bundle a crash left: %s"), bp->parent, de->d_name,
			    strerror(errno));
	}
	closedir(d);
	return rc;
}

/*
 * One bundle file, written whole and synced. No rename of its own: the
 * temporary directory is new and ours (0700), and the bundle's one
 * rename comes at the end. O_EXCL: two files of one name would be a bug.
 * put_open(), put_write() and put_close() make one file in pieces (the
 * results, written as they are made); put() makes one from bytes held.
 */
static int
put_open(const struct bundle_path *bp, const char *name)
{
	char	path[PATH_MAX];
	int	fd;

	if (snprintf(path, sizeof path, "%s/%s", bp->tmp, name) >=
	    (int)sizeof path)
		return merr(_("%s: cannot write %s: path too long"), bp->dir,
		    name), -1;
	if ((fd = open(path, O_WRONLY | O_CREAT | O_EXCL | O_NOFOLLOW |
	    O_CLOEXEC, 0644)) == -1)
		return merr(_("%s: cannot write %s: %s"), bp->dir, name,
		    strerror(errno)), -1;
	/* 0644 whatever the umask, as the bundle is for publishing. */
	if (fchmod(fd, 0644) == -1) {
		merr(_("%s: cannot write %s: %s"), bp->dir, name, strerror(errno));
		close(fd);
		return -1;
	}
	return fd;
}

/* -1 with errno set. */
static int
put_write(int fd, const void *data, size_t len)
{
	const char	*p = data;
	ssize_t		 n;

	while (len > 0) {
		if ((n = write(fd, p, len)) == -1 && errno == EINTR)
			continue;
		if (n == -1)
			return -1;
		p += n;
		len -= (size_t)n;
	}
	return 0;
}

/* Syncs and closes fd (also when ok is 0, after a failed write). */
static int
put_close(const struct bundle_path *bp, const char *name, int fd, int ok)
{
	if (!ok) {
		merr(_("%s: cannot write %s: %s"), bp->dir, name, strerror(errno));
		close(fd);
		return -1;
	}
	if (fsync(fd) == -1) {
		merr(_("%s: cannot write %s: %s"), bp->dir, name, strerror(errno));
		close(fd);
		return -1;
	}
	if (close(fd) == -1)
		return merr(_("%s: cannot write %s: %s"), bp->dir, name,
		    strerror(errno));
	return 0;
}

static int
put(const struct bundle_path *bp, const char *name, const void *data,
    size_t len)
{
	int fd;

	if ((fd = put_open(bp, name)) == -1)
		return -1;
	return put_close(bp, name, fd, put_write(fd, data, len) == 0);
}

static int
put_json(const struct bundle_path *bp, const char *name, json_t *doc)
{
	struct sh_buf	b;
	int		rc;

	sh_buf_init(&b, false);
	if (doc == NULL || sh_json_dump(doc, &b, NULL) == -1)
		rc = merr(_("%s: cannot write"), name);
	else
		rc = put(bp, name, b.data, b.len);
	sh_buf_free(&b);
	json_decref(doc);
	return rc;
}

static int
put_pub(const struct bundle_path *bp, const char *id, const char *b64)
{
	struct sh_buf		b;
	struct sh_err		e;
	char			name[128];
	int			rc;

	sh_buf_init(&b, false);
	if (sh_results_pub_file(b64, &b, &e) == -1) {
		sh_buf_free(&b);
		return merr(_("key of %s: %s"), id, e.msg);
	}
	snprintf(name, sizeof name, "keys/%s.pub", id);
	rc = put(bp, name, b.data, b.len);
	sh_buf_free(&b);
	return rc;
}

/*
 * Every sheet of every revision, as its reviewer signed it, read from
 * the store one at a time (m holds only their heads).
 */
static int
put_sheets(const struct bundle_path *bp, struct sh_round *r,
    const struct mround *m)
{
	struct sh_buf	json, sig;
	struct sh_err	e;
	char		name[PATH_MAX];
	size_t		i;
	int		rc = 0;

	sh_buf_init(&json, true);
	sh_buf_init(&sig, false);
	for (i = 0; i < m->ns && rc == 0; i++) {
		progress_step(_("writing sheet %zu of %zu..."), i + 1, m->ns);
		if (sh_round_sheet_signed(r, m->ss[i].seq, &json, &sig,
		    &e) != 0) {
			rc = merr("%s", e.msg);
			break;
		}
		snprintf(name, sizeof name, "sheets/%s.r%lld.json",
		    m->ss[i].reviewer, (long long)m->ss[i].revision);
		if ((rc = put(bp, name, json.data, json.len)) != 0)
			break;
		snprintf(name, sizeof name, "sheets/%s.r%lld.json.minisig",
		    m->ss[i].reviewer, (long long)m->ss[i].revision);
		rc = put(bp, name, sig.data, sig.len);
	}
	progress_clear();
	sh_buf_free(&json);
	sh_buf_free(&sig);
	return rc;
}

/*
 * results.json as it is written: to its file, and through SHA-256 (for
 * the trusted comment) and BLAKE2b (minisign's prehash), so that it is
 * signed without ever being held.
 */
struct results_out {
	int				 fd;
	crypto_hash_sha256_state	 sha;
	struct sh_minisign_hash		 b2;
};

static int
results_write(void *arg, const void *p, size_t n, struct sh_err *err)
{
	struct results_out *ro = arg;

	if (put_write(ro->fd, p, n) == -1)
		return sh_errf(err, "%s", strerror(errno));
	crypto_hash_sha256_update(&ro->sha, p, n);
	sh_minisign_hash_update(&ro->b2, p, n);
	return 0;
}

/* results.json and the secretariat's signature of it; sha256 its hash. */
/* NAME.json.minisig: the secretariat's signature of a document. */
static int
put_sig(const struct bundle_path *bp, const struct sh_minisign_sk *sk,
    const char *kind, const char *round, const char *sha256,
    const unsigned char hash[SH_MINISIGN_HASHBYTES])
{
	struct sh_buf		 tcb, sig;
	struct sh_seal_tc	 tc;
	struct sh_err		 e;
	char			 name[64], untrusted[64];
	int			 rc = -1;

	sh_buf_init(&tcb, false);
	sh_buf_init(&sig, false);
	memset(&tc, 0, sizeof tc);
	snprintf(tc.kind, sizeof tc.kind, "%s", kind);
	snprintf(tc.round, sizeof tc.round, "%s", round);
	snprintf(tc.sha256, sizeof tc.sha256, "%s", sha256);
	snprintf(name, sizeof name, "%s.json.minisig", kind);
	/* untranslated: a line of the bundle's .minisig files, the same in
	 * every language */
	snprintf(untrusted, sizeof untrusted, "shinsa %s, signed by the "
	    "secretariat", kind);
	if (sh_seal_tc_format(&tc, &tcb, &e) == -1 ||
	    sh_minisign_sign_prehashed(sk, hash, sh_buf_cstr(&tcb),
	    untrusted, &sig, &e) == -1) {
		merr("%s: %s", kind, e.msg);
		goto out;
	}
	if (put(bp, name, sig.data, sig.len) != 0)
		goto out;
	rc = 0;
out:
	sh_buf_free(&tcb);
	sh_buf_free(&sig);
	return rc;
}

static int
put_results(const struct bundle_path *bp, const struct mround *m,
    const struct sh_minisign_sk *sk, char sha256[65])
{
	struct results_out	 ro;
	struct sh_sink		 out;
	struct sh_err		 e;
	unsigned char		 sha[crypto_hash_sha256_BYTES];
	unsigned char		 hash[SH_MINISIGN_HASHBYTES];
	int			 rc = -1;

	if ((ro.fd = put_open(bp, "results.json")) == -1)
		return -1;
	crypto_hash_sha256_init(&ro.sha);
	sh_minisign_hash_init(&ro.b2);
	sh_sink_init(&out, results_write, &ro, false);
	sh_results_write(&m->in, &m->res, false, &out);
	rc = sh_sink_finish(&out, &e);
	sh_sink_free(&out);
	if (rc == -1) {
		close(ro.fd);
		if (out.write_failed)
			return merr(_("%s: cannot write results.json: %s"),
			    bp->dir, e.msg);
		return merr("results: %s", e.msg);
	}
	rc = -1;
	if (put_close(bp, "results.json", ro.fd, 1) == -1)
		return -1;
	crypto_hash_sha256_final(&ro.sha, sha);
	sh_minisign_hash_final(&ro.b2, hash);
	sodium_bin2hex(sha256, 65, sha, sizeof sha);
	return put_sig(bp, sk, "results", m->info.id, sha256, hash);
}

/*
 * designations.json, naming the results it follows from, and its
 * signature: only when the committee has designated something, and only
 * a set that keeps the rules (cmd_publish_exec checked it).
 */
static int
put_designations(const struct bundle_path *bp, const struct mround *m,
    const struct mdset *s, const struct sh_minisign_sk *sk,
    const char *results_sha256)
{
	struct mdesig		*md;
	struct sh_minisign_hash	 b2;
	struct sh_buf		 b;
	struct sh_err		 e;
	json_t			*doc;
	unsigned char		 hash[SH_MINISIGN_HASHBYTES];
	char			 sha[65];
	size_t			 i;
	int			 rc = -1;

	if (s->nd == 0)
		return 0;
	if ((md = calloc(s->nd, sizeof *md)) == NULL)
		return merr(_("out of memory"));
	for (i = 0; i < s->nd; i++) {
		md[i].proposal = s->d[i].proposal;
		md[i].balance = s->d[i].balance;
		md[i].condition = s->d[i].condition;
		md[i].beyond = s->d[i].beyond;
	}
	doc = mdesig_doc(m->info.id, results_sha256, md, s->nd);
	free(md);
	sh_buf_init(&b, false);
	if (doc == NULL || sh_json_dump(doc, &b, &e) == -1) {
		merr(_("designations: out of memory"));
		goto out;
	}
	sh_round_sha256_hex(b.data, b.len, sha);
	sh_minisign_hash_init(&b2);
	sh_minisign_hash_update(&b2, b.data, b.len);
	sh_minisign_hash_final(&b2, hash);
	if (put(bp, "designations.json", b.data, b.len) != 0 ||
	    put_sig(bp, sk, "designations", m->info.id, sha, hash) != 0)
		goto out;
	rc = 0;
out:
	json_decref(doc);
	sh_buf_free(&b);
	return rc;
}

/* The whole bundle into bp->tmp, which exists and is empty. */
static int
write_bundle(const struct bundle_path *bp, struct sh_round *r,
    const struct mround *m, const struct mdset *ds,
    const struct sh_minisign_sk *sk, char sha256[65])
{
	char	 sub[PATH_MAX];
	size_t	 i;
	json_t	*head;
	int	 rc;
	struct sh_err e;

	snprintf(sub, sizeof sub, "%s/sheets", bp->tmp);
	if (mkdir(sub, 0755) == -1)
		return merr(_("%s: cannot write sheets/: %s"), bp->dir,
		    strerror(errno));
	snprintf(sub, sizeof sub, "%s/keys", bp->tmp);
	if (mkdir(sub, 0755) == -1)
		return merr(_("%s: cannot write keys/: %s"), bp->dir,
		    strerror(errno));
	/* round.json and roster.json say what the results say, from them. */
	if ((head = sh_results_head_doc(&m->in, &m->res, &e)) == NULL)
		return merr("results: %s", e.msg);
	rc = put_json(bp, "round.json", sh_results_round_doc(head)) != 0 ||
	    put(bp, "rubric.json", m->info.rubric, m->info.rubric_len) != 0 ||
	    put_pub(bp, "secretariat", m->info.secretariat_key) != 0 ||
	    put_json(bp, "roster.json", sh_results_roster_doc(head)) != 0;
	json_decref(head);
	if (rc)
		return -1;
	for (i = 0; i < m->nv; i++)
		if (put_pub(bp, m->vs[i].id, m->vs[i].public_key) != 0)
			return -1;
	if (put_sheets(bp, r, m) != 0)
		return -1;
	if (put_results(bp, m, sk, sha256) != 0)
		return -1;
	return put_designations(bp, m, ds, sk, sha256);
}

/*
 * Puts the finished bundle in place: its directories' entries synced
 * (each file was synced as written), then one rename, then the parent
 * synced so the new name survives a power loss. rename(2) replaces an
 * empty directory at DIR in the same step, so an empty DIR needs no
 * rmdir first and there is no moment with neither; anything else there,
 * made since the check, fails the rename and is left as it is.
 */
static int
install(struct bundle_path *bp)
{
	char	sub[PATH_MAX];
	mode_t	mask;

	/* Built private (mkdtemp's 0700); published as mkdir would make it. */
	mask = umask(0);
	umask(mask);
	if (chmod(bp->tmp, 0755 & ~mask) == -1)
		return merr("%s: %s", bp->tmp, strerror(errno));
	snprintf(sub, sizeof sub, "%s/keys", bp->tmp);
	if (sh_sync_dir(sub) == -1)
		return merr(_("%s: cannot sync: %s"), sub, strerror(errno));
	snprintf(sub, sizeof sub, "%s/sheets", bp->tmp);
	if (sh_sync_dir(sub) == -1)
		return merr(_("%s: cannot sync: %s"), sub, strerror(errno));
	if (sh_sync_dir(bp->tmp) == -1)
		return merr(_("%s: cannot sync: %s"), bp->tmp, strerror(errno));
	if (rename(bp->tmp, bp->dir) == -1) {
		if (errno == ENOTEMPTY || errno == EEXIST || errno == ENOTDIR)
			return merr(_("publish: %s must be a new or empty "
			    "directory"), bp->dir);
		return merr("publish: %s: %s", bp->dir, strerror(errno));
	}
	bp->tmp[0] = '\0';	/* it is the bundle now */
	if (sh_sync_dir(bp->parent) == -1)
		return merr(_("%s: cannot sync: %s"), bp->parent, strerror(errno));
	return 0;
}

static int
cmd_publish_exec(const struct cmd_entry *self, struct merge_opts *o, int argc,
    char **argv)
{
	struct bundle_path	 bp;
	struct sh_round		*r;
	struct mround		 m;
	struct sh_minisign_sk	*sk = NULL;
	struct mdset		 ds;
	struct sh_desig_problem	 pb[1];
	struct sh_err		 e;
	char			 sha256[65], msg[1024];
	size_t			 i, np;
	int			 made = 0, loaded = 0, rc = EXIT_FAIL;

	if (bundle_path(&bp, argv[0]) != 0)
		return EXIT_FAIL;
	if (dest_ok(bp.dir) == -1)
		return merr(_("publish: %s must be a new or empty directory"),
		    bp.dir);
	if ((r = mopen_round(o)) == NULL)
		return EXIT_FAIL;
	if (mround_load_published(r, &m) == -1) {
		sh_round_close(r);
		return EXIT_FAIL;
	}
	if (mdset_load(r, &m, &ds) == -1)
		goto out;
	loaded = 1;
	/* Designations that break a rule are not signed into a bundle. */
	if (ds.nd > 0 && (np = sh_desig_check(ds.before, ds.n, pb, 1, NULL))
	    > 0) {
		merr(_("publish: the designations break a rule (%zu problems; "
		    "shinsa-merge designations lists them), for example: %s"),
		    np, mdesig_words(&pb[0], ds.before, ds.ids, msg,
		    sizeof msg));
		goto out;
	}
	if ((sk = mload_secret(o, &m.info)) == NULL)
		goto out;
	for (i = 0; i < m.nv; i++)
		if (strcmp(m.vs[i].id, "secretariat") == 0) {
			merr(_("publish: a reviewer named secretariat would share "
			    "keys/secretariat.pub with the secretariat"));
			goto out;
		}
	if (remove_stale(&bp) != 0)
		goto out;
	if (mkdtemp(bp.tmp) == NULL) {
		merr(_("publish: %s: cannot create a temporary directory beside "
		    "it: %s"), bp.dir, strerror(errno));
		goto out;
	}
	made = 1;
	if (write_bundle(&bp, r, &m, &ds, sk, sha256) != 0 ||
	    install(&bp) != 0)
		goto out;
	/*
	 * announce goes by this: it refuses unless the set in force is the
	 * one signed here (ds, as loaded above, not as it may be now).
	 */
	if (sh_round_log_published(r, sha256, ds.d, ds.nd, &e) == -1) {
		merr(_("publish: %s was written, but the round could not "
		    "record it: %s"), bp.dir, sh_errstr(&e));
		goto out;
	}
	if (m.res.npending > 0)
		fprintf(stderr, ngettext("shinsa-merge: warning: %zu (キ) "
		    "conflict awaits the committee; the published results say "
		    "so and do not count it\n", "shinsa-merge: warning: %zu "
		    "(キ) conflicts await the committee; the published results "
		    "say so and do not count them\n", m.res.npending),
		    m.res.npending);
	if (!o->quiet)
		printf(_("published %s: %zu sheets, results sha256 %s\n"
		    "check it with: shinsa-verify -p %s/keys/secretariat.pub "
		    "%s\n"), bp.dir, m.ns, sha256, bp.dir, bp.dir);
	rc = EXIT_OK;
out:
	/* A failure leaves nothing behind: no DIR, no temporary. */
	if (rc != EXIT_OK && made && bp.tmp[0] != '\0')
		(void)remove_tree(AT_FDCWD, bp.tmp, 1);
	sh_minisign_sk_free(sk);
	if (loaded)
		mdset_free(&ds);
	mround_free(&m);
	sh_round_close(r);
	return rc;
}

const struct cmd_entry cmd_publish_entry = {
	.name = "publish",
	.usage = N_("[--db FILE] -s SECRETKEY [--passphrase-file FILE] DIR"),
	.help = N_("write the audit bundle: sheets, keys, rubric, signed results"),
	.args = { MOPTS(MOPT_DB, MOPT_SECRET_KEY, MOPT_PASSPHRASE_FILE,
	    MOPT_QUIET),
	    1, 1 },
	.exec = cmd_publish_exec,
};
