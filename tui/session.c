/* A reviewer's session; see session.h. */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <time.h>

#include <sodium.h>

#include "base/buf.h"
#include "base/errmsg.h"
#include "crypto/agekey.h"
#include "crypto/passphrase.h"
#include "format/seal.h"
#include "format/sheet.h"
#include "i18n.h"
#include "session.h"

#define SESSION_PACKAGE_MAX	(256u * 1024 * 1024)

void
session_init(struct session *s)
{
	memset(s, 0, sizeof(*s));
}

void
session_free(struct session *s)
{
	ws_free(s->ws);
	wstore_close(s->st);
	wlock_release(s->lock);
	if (s->sk != NULL)
		sh_minisign_sk_free(s->sk);
	if (s->id != NULL)
		sodium_free(s->id);
	memset(s, 0, sizeof(*s));
}

/* dir, or the default when NULL; *d gets what to free. */
static const char *
store_dir(const char *dir, char **d, struct sh_err *err)
{
	*d = NULL;
	if (dir == NULL && (dir = *d = wstore_default_dir()) == NULL)
		sh_errf(err, "no place for the workstation store: set "
		    "HOME or XDG_DATA_HOME");
	return dir;
}

int
session_lock(struct session *s, const char *dir, enum wlock_use use,
    struct sh_err *err)
{
	char	*d;

	if ((dir = store_dir(dir, &d, err)) == NULL)
		return -1;
	if (wstore_make_dir(dir, err) == 0)
		s->lock = wlock_take(dir, use, err);
	free(d);
	return s->lock != NULL ? 0 : -1;
}

int
session_unlock_key(struct session *s, struct sh_minisign_sk *sk,
    const char *dir, struct sh_err *err)
{
	char	*d;

	s->sk = sk;
	if ((s->id = sodium_malloc(sizeof(*s->id))) == NULL)
		return sh_errf(err, "out of memory");
	if (sh_age_x25519_from_ed25519_sk(sk->sk, s->id->sk, err) != 0 ||
	    sh_age_recipient_from_ed25519_pk(sk->pub.pk, s->recipient,
	    sizeof(s->recipient), err) != 0)
		return -1;
	if ((dir = store_dir(dir, &d, err)) == NULL)
		return -1;
	s->st = wstore_open(dir, sk, err);
	free(d);
	return s->st != NULL ? 0 : -1;
}

int
session_unlock(struct session *s, const char *keyfile, const char *passfile,
    const char *dir, struct sh_err *err)
{
	struct sh_passphrase_ui	 ui = {
		.prompt = _("Passphrase for your secret key: "),
		.tr = sh_msg_tr,
	};
	struct sh_minisign_sk	*sk;

	if (keyfile == NULL)
		return sh_errf(err, "no secret key yet: run shinsa alone to "
		    "make one, or give -s KEYFILE");
	if ((sk = sh_passphrase_unlock(keyfile, passfile, &ui, err)) == NULL)
		return -1;
	return session_unlock_key(s, sk, dir, err);
}

static int
make_ws(struct session *s, struct sh_opened_package *o, struct sh_err *err)
{
	struct sh_rubric	*r = o->rubric;
	struct ws		*w;

	o->rubric = NULL;
	/* The new round whole before the old one goes: the screens may
	 * show the old one still (a package opened with o that fails). */
	if ((w = ws_new(&o->pkg, r, err)) == NULL)
		return -1;
	/* The documents stay in the secret memory they were opened in. */
	w->docs = o->tar;
	sh_tar_init(&o->tar, true);
	if (wstore_load(s->st, w, err) != 0 ||
	    wstore_revision(s->st, w->round_id, &w->revision, err) != 0) {
		ws_free(w);
		return -1;
	}
	w->save = wstore_save;
	w->save_arg = s->st;
	ws_free(s->ws);
	s->ws = w;
	return 0;
}

int
session_open_bytes(struct session *s, const unsigned char *file, size_t len,
    session_pin_fn pin, void *arg, struct sh_err *err)
{
	struct sh_package_expect	 x;
	struct sh_opened_package	 o;
	struct sh_minisign_pk		*pks = NULL;
	size_t				 npks;
	int				 r = -1;

	s->issued_to[0] = '\0';
	if (wstore_pins(s->st, &pks, &npks, err) != 0)
		return -1;
	memset(&x, 0, sizeof(x));
	x.secretariat_pks = pks;
	x.npks = npks;
	x.recipient = s->recipient;
	sh_opened_package_init(&o);
	if (sh_open_package(file, len, s->id, &x, &o, err) != 0) {
		free(pks);
		return -1;
	}
	free(pks);
	sh_minisign_pk_fingerprint(&o.signer, s->fpr);
	if (strcmp(o.pkg.reviewer_id, s->sk->pub.id) != 0 &&
	    s->sk->pub.id[0] != '\0') {
		sh_errf(err, "package: for reviewer %s, but your key is %s's",
		    o.pkg.reviewer_id, s->sk->pub.id);
		sh_err_set_kind(err, SH_ERR_OTHER_REVIEWER);
		snprintf(s->issued_to, sizeof s->issued_to, "%s",
		    o.pkg.reviewer_id);
		goto out;
	}
	if (o.first_use) {
		if (pin == NULL || !pin(s->fpr, o.pkg.round_id, arg)) {
			sh_errf(err, "package: the secretariat's key %s was not "
			    "pinned; nothing was opened", s->fpr);
			goto out;
		}
		if (wstore_pin(s->st, &o.signer, err) != 0)
			goto out;
		s->pinned_now = true;
	}
	if (wstore_put_package(s->st, o.pkg.round_id, o.pkg.reviewer_id,
	    file, len, err) != 0)
		goto out;
	r = make_ws(s, &o, err);
out:
	sh_opened_package_free(&o);
	return r;
}

int
session_open_file(struct session *s, const char *path, session_pin_fn pin,
    void *arg, struct sh_err *err)
{
	struct sh_buf	b;
	int		r;

	sh_buf_init(&b, false);
	if (sh_read_file(path, SESSION_PACKAGE_MAX, &b, err) != 0)
		return -1;
	r = session_open_bytes(s, b.data, b.len, pin, arg, err);
	sh_buf_free(&b);
	if (r != 0)
		sh_err_prefix(err, "%s", path);
	return r;
}

int
session_open_round(struct session *s, const char *round, struct sh_err *err)
{
	struct sh_buf	 b;
	char		*last = NULL;
	int		 r;

	if (round == NULL && (round = last = wstore_last_round(s->st, err)) ==
	    NULL)
		return -1;
	sh_buf_init(&b, false);
	r = wstore_get_package(s->st, round, &b, err);
	free(last);
	if (r != 0)
		return -1;
	/* Never pins: a kept package was verified when it came in, and is
	 * verified again here against the pinned key. */
	r = session_open_bytes(s, b.data, b.len, NULL, NULL, err);
	sh_buf_free(&b);
	return r;
}

/* Submission */

static int
build_sheet(struct session *s, long long revision, struct sh_sheet *sh,
    struct sh_err *err)
{
	struct ws			*ws = s->ws;
	struct ws_proposal		*p;
	struct sh_sheet_proposal	*sp;
	struct sh_sheet_entry		*se;
	const struct sh_item		*it;
	char				 now[32];
	time_t				 t = time(NULL);
	struct tm			 tm;
	size_t				 i, j;

	gmtime_r(&t, &tm);
	strftime(now, sizeof(now), "%Y-%m-%dT%H:%M:%SZ", &tm);
	sh_sheet_init(sh);
	if (sh_sheet_set(sh, &sh->round, ws->round_id) != 0 ||
	    sh_sheet_set(sh, &sh->rubric_id, ws->rubric->id) != 0 ||
	    sh_sheet_set(sh, &sh->reviewer, ws->reviewer_id) != 0 ||
	    sh_sheet_set(sh, &sh->secretariat_recipient,
	    ws->pkg.secretariat_recipient) != 0 ||
	    sh_sheet_set(sh, &sh->submitted, now) != 0)
		return sh_errf(err, "out of memory");
	memcpy(sh->rubric_sha256, ws->rubric->hash_hex,
	    sizeof(sh->rubric_sha256));
	sh->revision = revision;
	for (i = 0; i < ws->nprops; i++) {
		p = &ws->props[i];
		if ((sp = sh_sheet_add_proposal(sh, p->id, p->variant_id)) ==
		    NULL)
			return sh_errf(err, "out of memory");
		sp->declared = p->declared;
		/* The workstation writes no (キ) review without its
		 * statement, whatever the caller checked before. */
		if (sh_conflict_statement_missing(p->declared,
		    p->conflict == WS_CONFLICT_WITHDRAW, p->statement))
			return sh_errf(err, "proposal %s: (キ) declared "
			    "without a statement", p->id);
		if ((p->declared & SH_DECLARE_G) &&
		    sh_sheet_set(sh, &sp->statement, p->statement) != 0)
			return sh_errf(err, "out of memory");
		if (p->conflict == WS_CONFLICT_WITHDRAW) {
			sp->action = SH_ACTION_WITHDRAW;
			continue;
		}
		sp->action = SH_ACTION_REVIEW;
		for (j = 0; j < p->variant->nitems; j++) {
			it = &p->variant->items[j];
			if (it->kind != SH_ITEM_JUDGED &&
			    it->kind != SH_ITEM_BONUS)
				continue;
			if ((se = sh_sheet_add_entry(sp, it->id)) == NULL)
				return sh_errf(err, "out of memory");
			if (it->kind == SH_ITEM_JUDGED) {
				se->has_score = p->entries[j].set;
				se->score = p->entries[j].value;
				se->cannot_judge = p->entries[j].cannot_judge;
			} else {
				se->has_value = p->entries[j].set;
				se->value = p->entries[j].value;
			}
			if (sh_sheet_set(sh, &se->comment,
			    p->entries[j].comment) != 0)
				return sh_errf(err, "out of memory");
		}
		if (sh_sheet_set(sh, &sp->remarks, p->remarks) != 0 ||
		    sh_sheet_set(sh, &sp->conditions, p->conditions) != 0)
			return sh_errf(err, "out of memory");
	}
	return 0;
}

char *
session_sheet_path(struct session *s, long long rev)
{
	const char	*d = wstore_dir(s->st);
	size_t		 len;
	char		*p;

	len = strlen(d) + strlen(s->ws->round_id) +
	    strlen(s->ws->reviewer_id) + 64;
	if ((p = malloc(len)) != NULL)
		snprintf(p, len, "%s/outbox/%s-%s-r%lld.shinsa-sheet", d,
		    s->ws->round_id, s->ws->reviewer_id, rev);
	return p;
}

/* <store>/outbox, made if needed; caller frees. */
static char *
outbox(struct session *s, struct sh_err *err)
{
	size_t	 len = strlen(wstore_dir(s->st)) + 16;
	char	*dir;

	if ((dir = malloc(len)) == NULL) {
		sh_errf(err, "out of memory");
		return NULL;
	}
	snprintf(dir, len, "%s/outbox", wstore_dir(s->st));
	if (mkdir(dir, 0700) != 0 && errno != EEXIST) {
		sh_errf(err, "%s: %s", dir, strerror(errno));
		free(dir);
		return NULL;
	}
	return dir;
}

int
session_copy_sheet(const char *sheet, const char *dir, bool replace,
    char **dest, struct sh_err *err)
{
	struct sh_buf	 b;
	struct stat	 st;
	const char	*base;
	size_t		 len;
	char		*p;
	int		 r = -1;

	*dest = NULL;
	if (stat(dir, &st) != 0)
		return sh_errf(err, "%s: %s", dir, strerror(errno));
	if (!S_ISDIR(st.st_mode))
		return sh_errf(err, "%s: not a folder", dir);
	base = strrchr(sheet, '/') != NULL ? strrchr(sheet, '/') + 1 : sheet;
	len = strlen(dir) + strlen(base) + 2;
	if ((p = malloc(len)) == NULL)
		return sh_errf(err, "out of memory");
	snprintf(p, len, "%s%s%s", dir, dir[strlen(dir) - 1] == '/' ? "" :
	    "/", base);
	if (!replace && lstat(p, &st) == 0) {
		*dest = p;
		return 1;
	}
	sh_buf_init(&b, false);
	/* Only the sealed file: it is encrypted to the secretariat. */
	if (sh_read_file(sheet, SESSION_PACKAGE_MAX, &b, err) == 0 &&
	    sh_write_file_atomic(p, b.data, b.len, 0600, err) == 0) {
		*dest = p;
		p = NULL;
		r = 0;
	}
	sh_buf_free(&b);
	free(p);
	return r;
}

int
session_submit(struct session *s, const char *outpath, char **path,
    long long *revision, struct sh_err *err)
{
	struct ws		*ws = s->ws;
	struct sh_sheet		 sh;
	struct sh_assignment	*as = NULL;
	struct sh_buf		 out;
	struct ws_problem	 pr;
	char			*dir = NULL, *p = NULL;
	long long		 rev;
	size_t			 i, n;
	int			 r = -1;

	*path = NULL;
	/* Two messages, not a plural "s": each is a message key
	 * (base/err.h), translated whole. */
	if ((n = ws_problems(ws, &pr, 1)) == 1)
		return sh_errf(err, "1 problem blocks submission: proposal %s",
		    ws->props[pr.prop].id);
	if (n > 1)
		return sh_errf(err, "%zu problems block submission, the "
		    "first: proposal %s", n, ws->props[pr.prop].id);
	if (wstore_revision(s->st, ws->round_id, &rev, err) != 0)
		return -1;
	rev++;
	sh_buf_init(&out, false);
	if (build_sheet(s, rev, &sh, err) != 0)
		goto out;
	if ((as = calloc(ws->nprops, sizeof(*as))) == NULL) {
		sh_errf(err, "out of memory");
		goto out;
	}
	for (i = 0; i < ws->nprops; i++) {
		as[i].proposal = ws->props[i].id;
		as[i].variant = ws->props[i].variant_id;
	}
	if (sh_seal_sheet(&sh, ws->rubric, as, ws->nprops, s->sk, &out,
	    err) != 0)
		goto out;
	if (outpath == NULL) {
		if ((dir = outbox(s, err)) == NULL)
			goto out;
		if ((p = session_sheet_path(s, rev)) == NULL) {
			sh_errf(err, "out of memory");
			goto out;
		}
	} else if ((p = strdup(outpath)) == NULL) {
		sh_errf(err, "out of memory");
		goto out;
	}
	/* The sheet first, then the revision: a crash between the two
	 * leaves a sheet that the next submit overwrites, never a gap. */
	if (sh_write_file_atomic(p, out.data, out.len, 0600, err) != 0 ||
	    wstore_set_revision(s->st, ws->round_id, rev, err) != 0)
		goto out;
	ws->revision = rev;
	if (revision != NULL)
		*revision = rev;
	*path = p;
	p = NULL;
	r = 0;
out:
	sh_sheet_free(&sh);
	sh_buf_free(&out);
	free(as);
	free(dir);
	free(p);
	return r;
}
