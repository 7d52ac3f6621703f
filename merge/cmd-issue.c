/*
 * issue: one package per reviewer (or per reviewer named), signed by the
 * secretariat and encrypted to the reviewer (format/seal), written to
 * the outbox as <round>-<reviewer>.shinsa-package. Documents are re-read
 * and must still have the SHA-256 recorded at import.
 *
 * A package is recorded in the store before it appears under its name in
 * the outbox: it is written whole and synced under a hidden name
 * (.<name>.new), recorded, and only then renamed. A crash in between
 * leaves a package the store knows and the outbox lacks, which issuing
 * again puts right; never one in the outbox that the round does not know
 * it issued (tests/e2e/fault_kill_issue.sh). Issuing again also removes
 * the temporaries a kill left, so the outbox ends as one clean run leaves
 * it.
 */
#include <errno.h>
#include <fcntl.h>
#include <libgen.h>
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include <dirent.h>
#include <jansson.h>

#include "crypto/minisign.h"
#include "format/package.h"
#include "format/seal.h"
#include "format/tar.h"
#include "review/facts.h"
#include "review/rubric.h"
#include "merge.h"

static int
add_docs(struct sh_package_proposal *pp, const char *docs_json,
    struct sh_tar *tar, struct sh_err *e)
{
	json_t		*docs, *d;
	json_error_t	 je;
	size_t		 i;
	struct sh_buf	 b;
	char		 path[256], sha[65];
	const char	*name, *src, *want, *dot;
	int		 rc = -1;

	if ((docs = json_loads(docs_json, 0, &je)) == NULL)
		return sh_errf(e, "proposal %s: documents: %s", pp->id, je.text);
	json_array_foreach(docs, i, d) {
		name = json_string_value(json_object_get(d, "name"));
		src = json_string_value(json_object_get(d, "source"));
		want = json_string_value(json_object_get(d, "sha256"));
		if (name == NULL || src == NULL || want == NULL) {
			sh_errf(e, "proposal %s: documents[%zu] incomplete",
			    pp->id, i);
			goto out;
		}
		sh_buf_init(&b, true);
		if (sh_read_file(src, SH_PACKAGE_MAX_DOC_BYTES, &b, e) == -1)
			goto out;
		sh_round_sha256_hex(b.data ? b.data : (unsigned char *)"",
		    b.len, sha);
		if (strcmp(sha, want) != 0) {
			sh_buf_free(&b);
			sh_errf(e, "proposal %s: %s changed since it was "
			    "imported (sha256 %.12s…, was %.12s…)", pp->id, src,
			    sha, want);
			goto out;
		}
		dot = strrchr(name, '.');
		snprintf(path, sizeof path, "docs/%s/%zu%s", pp->id, i + 1,
		    dot != NULL && strlen(dot) <= 8 && sh_round_id_valid(dot) ?
		    dot : "");
		if (sh_package_add_doc(pp, name, path, (uint64_t)b.len, sha)
		    == NULL || sh_tar_add(tar, path, b.data ? (void *)b.data :
		    "", b.len, e) == -1) {
			sh_buf_free(&b);
			sh_errf(e, "proposal %s: cannot add %s", pp->id, path);
			goto out;
		}
		sh_buf_free(&b);
	}
	rc = 0;
out:
	json_decref(docs);
	return rc;
}

/* The rename into the outbox reaches the disk before we say "issued". */
/*
 * sh_write_file_atomic writes NAME through NAME.tmp-XXXXXX; a kill leaves
 * that behind. Removes this package's, before writing it again.
 */
static void
remove_stale(const char *outbox, const char *name)
{
	DIR		*d;
	struct dirent	*de;
	char		 path[PATH_MAX];
	size_t		 n = strlen(name);

	if ((d = opendir(outbox)) == NULL)
		return;
	while ((de = readdir(d)) != NULL)
		if (strncmp(de->d_name, name, n) == 0 &&
		    strncmp(de->d_name + n, ".tmp-", 5) == 0) {
			snprintf(path, sizeof path, "%s/%s", outbox,
			    de->d_name);
			unlink(path);
		}
	closedir(d);
}

static int
by_proposal_id(const void *key, const void *elem)
{
	return strcmp(key, ((const struct sh_proposal_rec *)elem)->id);
}

static int
issue_one(struct sh_round *r, const struct sh_round_info *info,
    const struct sh_rubric *rubric, const struct sh_reviewer_rec *v,
    const struct sh_proposal_rec *ps, size_t np,
    const struct sh_minisign_sk *sk, const char *outbox, bool quiet)
{
	struct sh_package		 pkg;
	struct sh_package_proposal	*pp;
	struct sh_round_assignment	*as = NULL;
	struct sh_tar			 tar;
	struct sh_buf			 out;
	struct sh_package_rec		 rec;
	struct sh_err			 e;
	json_t				*fj;
	json_error_t			 je;
	char				 now[21], path[PATH_MAX];
	char				 stage[PATH_MAX], name[192];
	size_t				 na = 0, i;
	int				 rc = EXIT_FAIL;

	sh_package_init(&pkg);
	sh_tar_init(&tar, true);
	sh_buf_init(&out, false);
	if (sh_round_assignments(r, v->id, &as, &na, &e) == -1) {
		merr("%s", sh_errstr(&e));
		goto out;
	}
	if (na == 0) {
		if (!quiet)
			printf(_("%s: nothing assigned, no package\n"), v->id);
		rc = EXIT_OK;
		goto out;
	}
	/*
	 * The package is renamed over this path, which would replace a
	 * link (leaving its target as it was) or a FIFO with a file no one
	 * looks for. Refused before it is sealed and recorded, so that the
	 * round never records a package the outbox does not get.
	 */
	snprintf(path, sizeof path, "%s/%s-%s.shinsa-package", outbox,
	    info->id, v->id);
	if (sh_write_file_check(path, &e) == -1) {
		merr(_("issue: %s; %s is not issued"), sh_errstr(&e), v->id);
		goto out;
	}
	sh_round_now(now);
	if (sh_package_set(&pkg.round_id, info->id) || sh_package_set(
	    &pkg.round_title, info->title) || sh_package_set(
	    &pkg.secretariat_key, info->secretariat_key) || sh_package_set(
	    &pkg.secretariat_recipient, info->secretariat_recipient) ||
	    sh_package_set(&pkg.rubric_id, rubric->id) || sh_package_set(
	    &pkg.reviewer_id, v->id) || sh_package_set(&pkg.reviewer_name,
	    v->name) || sh_package_set(&pkg.reviewer_recipient, v->recipient)
	    || sh_package_set(&pkg.issued, now) ||
	    sh_package_set(&pkg.deadline, info->deadline)) {
		merr(_("out of memory"));
		goto out;
	}
	memcpy(pkg.rubric_sha256, info->rubric_sha256, 65);
	for (i = 0; i < na; i++) {
		/* The store lists proposals sorted by id. */
		const struct sh_proposal_rec *p = bsearch(as[i].proposal, ps,
		    np, sizeof *ps, by_proposal_id);

		if (p == NULL || (pp = sh_package_add_proposal(&pkg, p->id)) ==
		    NULL || sh_package_set(&pp->title, p->title) ||
		    sh_package_set(&pp->applicant, p->applicant) ||
		    sh_package_set(&pp->variant, p->variant) ||
		    sh_package_set(&pp->prefecture, p->prefecture)) {
			merr(_("%s: proposal %s: out of memory"), v->id,
			    as[i].proposal);
			goto out;
		}
		if ((fj = json_loads(p->facts, 0, &je)) == NULL ||
		    sh_facts_from_json(&pp->facts, fj, &e) == -1) {
			json_decref(fj);
			merr(_("%s: proposal %s: facts: %s"), v->id, p->id,
			    fj ? sh_errstr(&e) : je.text);
			goto out;
		}
		json_decref(fj);
		if (add_docs(pp, p->documents, &tar, &e) == -1) {
			merr("%s", sh_errstr(&e));
			goto out;
		}
	}
	if (sh_seal_package(&pkg, info->rubric, info->rubric_len, &tar, sk,
	    &out, &e) == -1) {
		merr(_("package for %s: %s"), v->id, sh_errstr(&e));
		goto out;
	}
	snprintf(name, sizeof name, ".%s-%s.shinsa-package.new", info->id,
	    v->id);
	snprintf(stage, sizeof stage, "%s/%s", outbox, name);
	remove_stale(outbox, name);
	if (sh_write_file_atomic(stage, out.data, out.len, 0600, &e) == -1) {
		merr("%s", sh_errstr(&e));
		goto out;
	}
	rec.reviewer = v->id;
	rec.issued = now;
	rec.path = path;
	sh_round_sha256_hex(out.data, out.len, rec.sha256);
	if (sh_round_add_package(r, &rec, &e) == -1) {
		merr("%s", sh_errstr(&e));
		unlink(stage);
		goto out;
	}
	if (rename(stage, path) == -1 || sh_sync_dir(outbox) == -1) {
		merr(_("%s: %s (the package is recorded but not in the outbox: "
		    "issue it again)"), path, strerror(errno));
		goto out;
	}
	if (!quiet)
		printf(ngettext("%s: %zu proposal -> %s\n",
		    "%s: %zu proposals -> %s\n", na), v->id, na, path);
	rc = EXIT_OK;
out:
	sh_round_assignments_free(as, na);
	sh_package_free(&pkg);
	sh_tar_free(&tar);
	sh_buf_free(&out);
	return rc;
}

static int
cmd_issue_exec(const struct cmd_entry *self, struct merge_opts *o, int argc,
    char **argv)
{
	struct sh_round		*r;
	struct sh_round_info	 info;
	struct sh_rubric	*rubric;
	struct sh_minisign_sk	*sk = NULL;
	struct sh_proposal_rec	*ps = NULL;
	struct sh_reviewer_rec	*vs = NULL;
	struct sh_err		 e;
	struct stat		 sb;
	char			 parent[PATH_MAX];
	size_t			 np = 0, nv = 0, i;
	int			 k, rc = EXIT_FAIL, found;

	if (o->outbox == NULL) {
		merr(_("issue: --outbox DIR is required"));
		return musage(self);
	}
	if (stat(o->outbox, &sb) == -1) {
		/* A new outbox's own name reaches the disk too. */
		if (mkdir(o->outbox, 0700) == -1 ||
		    snprintf(parent, sizeof parent, "%s", o->outbox) >=
		    (int)sizeof parent || sh_sync_dir(dirname(parent)) == -1)
			return merr(_("%s: cannot create the outbox: %s"),
			    o->outbox, strerror(errno));
	}
	if ((r = mopen_round(o)) == NULL)
		return EXIT_FAIL;
	if ((rubric = mload_rubric(r, &info)) == NULL) {
		sh_round_close(r);
		return EXIT_FAIL;
	}
	if ((sk = mload_secret(o, &info)) == NULL)
		goto out;
	if (sh_round_proposals(r, &ps, &np, &e) == -1 ||
	    sh_round_reviewers(r, &vs, &nv, &e) == -1) {
		merr("%s", sh_errstr(&e));
		goto out;
	}
	for (k = 0; k < argc; k++) {
		for (found = 0, i = 0; i < nv; i++)
			found |= strcmp(vs[i].id, argv[k]) == 0;
		if (!found) {
			merr(_("issue: %s is not a reviewer of this round"),
			    argv[k]);
			goto out;
		}
	}
	rc = EXIT_OK;
	for (i = 0; i < nv; i++) {
		if (argc > 0) {
			for (found = 0, k = 0; k < argc; k++)
				found |= strcmp(vs[i].id, argv[k]) == 0;
			if (!found)
				continue;
		}
		if (issue_one(r, &info, rubric, &vs[i], ps, np, sk, o->outbox,
		    o->quiet) != EXIT_OK)
			rc = EXIT_FAIL;
	}
out:
	sh_minisign_sk_free(sk);
	sh_proposal_recs_free(ps, np);
	sh_reviewer_recs_free(vs, nv);
	sh_rubric_free(rubric);
	sh_round_info_free(&info);
	sh_round_close(r);
	return rc;
}

const struct cmd_entry cmd_issue_entry = {
	.name = "issue",
	.usage = N_("[--db FILE] -s SECRETKEY [--passphrase-file FILE] "
	    "--outbox DIR [REVIEWER...]"),
	.help = N_("write one signed, encrypted package per reviewer"),
	.args = { MOPTS(MOPT_DB, MOPT_SECRET_KEY, MOPT_PASSPHRASE_FILE,
	    MOPT_OUTBOX, MOPT_QUIET),
	    0, -1 },
	.exec = cmd_issue_exec,
};
