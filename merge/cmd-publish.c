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
 *
 * Each signature verifies with stock minisign:
 *	minisign -V -p keys/r01.pub -m sheets/r01.r2.json
 * and shinsa-verify(1) checks everything and recomputes the results.
 */
#include <errno.h>
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#include <dirent.h>
#include <jansson.h>

#include "crypto/minisign.h"
#include "format/seal.h"
#include "merge.h"
#include "mround.h"

static int
put(const char *dir, const char *name, const void *data, size_t len)
{
	char		path[PATH_MAX];
	struct sh_err	e;

	snprintf(path, sizeof path, "%s/%s", dir, name);
	if (sh_write_file_atomic(path, data, len, 0644, &e) == -1)
		return merr("%s", e.msg);
	return 0;
}

static int
put_json(const char *dir, const char *name, json_t *doc)
{
	char	*s;
	int	 rc;

	if (doc == NULL || (s = json_dumps(doc, JSON_COMPACT |
	    JSON_PRESERVE_ORDER)) == NULL) {
		json_decref(doc);
		return merr("%s: cannot write", name);
	}
	rc = put(dir, name, s, strlen(s));
	free(s);
	json_decref(doc);
	return rc;
}

static int
put_pub(const char *dir, const char *id, const char *b64)
{
	struct sh_buf		b;
	struct sh_err		e;
	char			name[128];
	int			rc;

	sh_buf_init(&b, false);
	if (mr_pub_file(b64, &b, &e) == -1) {
		sh_buf_free(&b);
		return merr("key of %s: %s", id, e.msg);
	}
	snprintf(name, sizeof name, "keys/%s.pub", id);
	rc = put(dir, name, b.data, b.len);
	sh_buf_free(&b);
	return rc;
}

static int
empty_dir(const char *dir)
{
	DIR		*d;
	struct dirent	*de;
	int		 n = 0;

	if ((d = opendir(dir)) == NULL)
		return mkdir(dir, 0755) == 0 ? 0 : -1;
	while ((de = readdir(d)) != NULL)
		if (strcmp(de->d_name, ".") != 0 && strcmp(de->d_name, "..") != 0)
			n++;
	closedir(d);
	return n == 0 ? 0 : -1;
}

static int
cmd_publish_exec(const struct cmd_entry *self, struct merge_opts *o, int argc,
    char **argv)
{
	const char		*dir = argv[0];
	struct sh_round		*r;
	struct mround		 m;
	struct sh_minisign_sk	*sk = NULL;
	struct sh_buf		 doc, tcb, sig;
	struct sh_seal_tc	 tc;
	struct sh_err		 e;
	char			 name[PATH_MAX], sub[PATH_MAX];
	size_t			 i;
	int			 rc = EXIT_FAIL;

	if (empty_dir(dir) == -1)
		return merr("publish: %s must be a new or empty directory",
		    dir);
	snprintf(sub, sizeof sub, "%s/sheets", dir);
	if (mkdir(sub, 0755) == -1 && errno != EEXIST)
		return merr("%s: %s", sub, strerror(errno));
	snprintf(sub, sizeof sub, "%s/keys", dir);
	if (mkdir(sub, 0755) == -1 && errno != EEXIST)
		return merr("%s: %s", sub, strerror(errno));
	if ((r = mopen_round(o)) == NULL)
		return EXIT_FAIL;
	if (mround_load_published(r, &m) == -1) {
		sh_round_close(r);
		return EXIT_FAIL;
	}
	sh_buf_init(&doc, false);
	sh_buf_init(&tcb, false);
	sh_buf_init(&sig, false);
	if ((sk = mload_secret(o, &m.info)) == NULL)
		goto out;
	for (i = 0; i < m.nv; i++)
		if (strcmp(m.vs[i].id, "secretariat") == 0) {
			merr("publish: a reviewer named secretariat would share "
			    "keys/secretariat.pub with the secretariat");
			goto out;
		}
	if (put_json(dir, "round.json", mr_round_doc(m.res.doc)) != 0 ||
	    put(dir, "rubric.json", m.info.rubric, m.info.rubric_len) != 0 ||
	    put_pub(dir, "secretariat", m.info.secretariat_key) != 0 ||
	    put_json(dir, "roster.json", mr_roster_doc(m.res.doc)) != 0)
		goto out;
	for (i = 0; i < m.nv; i++)
		if (put_pub(dir, m.vs[i].id, m.vs[i].public_key) != 0)
			goto out;
	for (i = 0; i < m.ns; i++) {
		snprintf(name, sizeof name, "sheets/%s.r%lld.json",
		    m.ss[i].reviewer, (long long)m.ss[i].revision);
		if (put(dir, name, m.ss[i].json.data, m.ss[i].json.len) != 0)
			goto out;
		snprintf(name, sizeof name, "sheets/%s.r%lld.json.minisig",
		    m.ss[i].reviewer, (long long)m.ss[i].revision);
		if (put(dir, name, m.ss[i].minisig.data, m.ss[i].minisig.len)
		    != 0)
			goto out;
	}
	if (mr_dump(m.res.doc, &doc, &e) == -1) {
		merr("%s", e.msg);
		goto out;
	}
	memset(&tc, 0, sizeof tc);
	snprintf(tc.kind, sizeof tc.kind, "results");
	snprintf(tc.round, sizeof tc.round, "%s", m.info.id);
	sh_round_sha256_hex(doc.data, doc.len, tc.sha256);
	if (sh_seal_tc_format(&tc, &tcb, &e) == -1 ||
	    sh_minisign_sign(sk, doc.data, doc.len, sh_buf_cstr(&tcb),
	    "shinsa results, signed by the secretariat", &sig, &e) == -1) {
		merr("results: %s", e.msg);
		goto out;
	}
	if (put(dir, "results.json", doc.data, doc.len) != 0 ||
	    put(dir, "results.json.minisig", sig.data, sig.len) != 0)
		goto out;
	if (m.res.npending > 0)
		fprintf(stderr, "shinsa-merge: warning: %zu (キ) conflict%s "
		    "await%s the committee; the published results say so and "
		    "do not count them\n", m.res.npending, m.res.npending == 1 ?
		    "" : "s", m.res.npending == 1 ? "s" : "");
	if (!o->quiet)
		printf("published %s: %zu sheets, results sha256 %s\n"
		    "check it with: shinsa-verify -p %s/keys/secretariat.pub "
		    "%s\n", dir, m.ns, tc.sha256, dir, dir);
	rc = EXIT_OK;
out:
	sh_minisign_sk_free(sk);
	sh_buf_free(&doc);
	sh_buf_free(&tcb);
	sh_buf_free(&sig);
	mround_free(&m);
	sh_round_close(r);
	return rc;
}

const struct cmd_entry cmd_publish_entry = {
	.name = "publish",
	.usage = "[--db FILE] -s SECRETKEY [--passphrase-file FILE] DIR",
	.help = "write the audit bundle: sheets, keys, rubric, signed results",
	.options = ",db,secret-key,passphrase-file,quiet,",
	.minargs = 1,
	.maxargs = 1,
	.exec = cmd_publish_exec,
};
