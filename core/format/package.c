#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "format/json_util.h"
#include "base/text.h"
#include "format/package.h"
#include "format/tar.h"

void
sh_package_init(struct sh_package *p)
{
	memset(p, 0, sizeof *p);
}

static void
doc_free(struct sh_package_doc *d)
{
	sh_str_wipe_free(d->name);
	sh_str_wipe_free(d->path);
}

static void
proposal_free(struct sh_package_proposal *pp)
{
	size_t	i;

	for (i = 0; i < pp->ndocs; i++)
		doc_free(&pp->docs[i]);
	free(pp->docs);
	sh_facts_free(&pp->facts);
	sh_str_wipe_free(pp->id);
	sh_str_wipe_free(pp->title);
	sh_str_wipe_free(pp->applicant);
	sh_str_wipe_free(pp->variant);
	sh_str_wipe_free(pp->prefecture);
}

void
sh_package_free(struct sh_package *p)
{
	size_t	i;

	for (i = 0; i < p->nproposals; i++)
		proposal_free(&p->proposals[i]);
	free(p->proposals);
	sh_str_wipe_free(p->round_id);
	sh_str_wipe_free(p->round_title);
	sh_str_wipe_free(p->secretariat_key);
	sh_str_wipe_free(p->secretariat_recipient);
	sh_str_wipe_free(p->deadline);
	sh_str_wipe_free(p->rubric_id);
	sh_str_wipe_free(p->reviewer_id);
	sh_str_wipe_free(p->reviewer_name);
	sh_str_wipe_free(p->reviewer_recipient);
	sh_str_wipe_free(p->issued);
	sh_package_init(p);
}

struct sh_package_proposal *
sh_package_add_proposal(struct sh_package *p, const char *id)
{
	struct sh_package_proposal	*pp;

	if ((pp = sh_array_grow(p->proposals, p->nproposals, &p->capproposals,
	    sizeof *pp, 8)) == NULL)
		return NULL;
	p->proposals = pp;
	pp = &p->proposals[p->nproposals];
	sh_facts_init(&pp->facts);
	if (sh_strdup_opt(&pp->id, id) != 0)
		return NULL;
	p->nproposals++;
	return pp;
}

struct sh_package_doc *
sh_package_add_doc(struct sh_package_proposal *pp, const char *name,
    const char *path, uint64_t size, const char sha256[65])
{
	struct sh_package_doc	*d;

	if ((d = sh_array_grow(pp->docs, pp->ndocs, &pp->capdocs, sizeof *d,
	    4)) == NULL)
		return NULL;
	pp->docs = d;
	d = &pp->docs[pp->ndocs];
	if (sh_strdup_opt(&d->name, name) != 0 ||
	    sh_strdup_opt(&d->path, path) != 0) {
		doc_free(d);
		return NULL;
	}
	d->size = size;
	snprintf(d->sha256, sizeof d->sha256, "%s", sha256 ? sha256 : "");
	pp->ndocs++;
	return d;
}

int
sh_package_set(char **field, const char *value)
{
	return sh_str_set(field, value);
}

const struct sh_package_proposal *
sh_package_proposal(const struct sh_package *p, const char *id)
{
	size_t	i;

	for (i = 0; i < p->nproposals; i++)
		if (p->proposals[i].id != NULL &&
		    strcmp(p->proposals[i].id, id) == 0)
			return &p->proposals[i];
	return NULL;
}

/* ---- validation ---- */

static int
check_line(const char *path, const char *what, const char *v,
    struct sh_err *err)
{
	if (v == NULL || v[0] == '\0')
		return sh_errf(err, "%s: no %s", path, what);
	if (strlen(v) > SH_PACKAGE_MAX_TEXT)
		return sh_errf(err, "%s: %s longer than %d bytes", path, what,
		    SH_PACKAGE_MAX_TEXT);
	if (!sh_json_text_ok(v, SH_PACKAGE_MAX_TEXT, SH_TEXT_LINE))
		return sh_errf(err, "%s: %s is not valid UTF-8 or contains a "
		    "control character", path, what);
	return 0;
}

static bool
prefecture_ok(const char *s)
{
	return s != NULL && s[0] >= '0' && s[0] <= '4' && s[1] >= '0' &&
	    s[1] <= '9' && s[2] == '\0' && strcmp(s, "00") != 0 &&
	    strcmp(s, "47") <= 0;
}

/* A minisign public key line: base64 of 42 bytes, 56 characters. */
static bool
minisign_pk_ok(const char *s)
{
	size_t	i;

	for (i = 0; s[i] != '\0'; i++)
		if (!((s[i] >= 'A' && s[i] <= 'Z') ||
		    (s[i] >= 'a' && s[i] <= 'z') ||
		    (s[i] >= '0' && s[i] <= '9') || s[i] == '+' ||
		    s[i] == '/' || s[i] == '='))
			return false;
	return i == 56;
}

static bool
reserved_path(const char *path)
{
	return strcmp(path, SH_PACKAGE_JSON) == 0 ||
	    strcmp(path, SH_PACKAGE_SIG) == 0 ||
	    strcmp(path, SH_PACKAGE_RUBRIC) == 0;
}

/*
 * Every proposal id, or every document path, with where it is, sorted by
 * key then place: a repeat is then found by a binary search instead of
 * a scan of everything before it, which at 10,000 proposals would be 50
 * million comparisons on every package opened.
 */
struct seen {
	const char	*key;		/* NULL: refused before any lookup */
	size_t		 i, j;
};

static int
seen_cmp(const void *a, const void *b)
{
	const struct seen	*x = a, *y = b;
	int			 c;

	if (x->key == NULL || y->key == NULL)
		c = (x->key != NULL) - (y->key != NULL);
	else
		c = strcmp(x->key, y->key);
	if (c != 0)
		return c;
	if (x->i != y->i)
		return x->i < y->i ? -1 : 1;
	return x->j < y->j ? -1 : x->j > y->j;
}

/* Where key first appears in package order; key is one of v's. */
static const struct seen *
seen_first(const struct seen *v, size_t n, const char *key)
{
	size_t	lo = 0, hi = n, mid;

	while (lo < hi) {
		mid = lo + (hi - lo) / 2;
		if (v[mid].key == NULL || strcmp(v[mid].key, key) < 0)
			lo = mid + 1;
		else
			hi = mid;
	}
	return &v[lo];
}

struct package_index {
	struct seen	*ids;		/* nproposals of them */
	struct seen	*paths;
	size_t		 npaths;
};

static int
index_build(const struct sh_package *p, struct package_index *x,
    struct sh_err *err)
{
	size_t	i, j, n = 0;

	memset(x, 0, sizeof *x);
	for (i = 0; i < p->nproposals; i++)
		n += p->proposals[i].ndocs;
	if ((p->nproposals > 0 && (x->ids = calloc(p->nproposals,
	    sizeof *x->ids)) == NULL) ||
	    (n > 0 && (x->paths = calloc(n, sizeof *x->paths)) == NULL)) {
		free(x->ids);
		return sh_errf(err, "out of memory");
	}
	for (i = 0; i < p->nproposals; i++) {
		x->ids[i] = (struct seen){ p->proposals[i].id, i, 0 };
		for (j = 0; j < p->proposals[i].ndocs; j++)
			x->paths[x->npaths++] = (struct seen){
			    p->proposals[i].docs[j].path, i, j };
	}
	if (x->ids != NULL)
		qsort(x->ids, p->nproposals, sizeof *x->ids, seen_cmp);
	if (x->paths != NULL)
		qsort(x->paths, x->npaths, sizeof *x->paths, seen_cmp);
	return 0;
}

static void
index_free(struct package_index *x)
{
	free(x->ids);
	free(x->paths);
}

static int
validate_doc(const struct sh_package *p, const struct package_index *x,
    size_t i, size_t j, struct sh_err *err)
{
	const struct sh_package_doc	*d = &p->proposals[i].docs[j];
	const struct seen		*first;
	char				 path[SH_JSON_PATH_MAX];

	snprintf(path, sizeof path, "proposals[%zu].documents[%zu]", i, j);
	if (check_line(path, "name", d->name, err) != 0)
		return -1;
	if (d->path == NULL)
		return sh_errf(err, "%s: no path", path);
	if (!sh_tar_name_ok(d->path, err))
		return sh_err_prefix(err, "%s.path", path);
	if (reserved_path(d->path))
		return sh_errf(err, "%s.path: %s is reserved", path, d->path);
	if (d->size > SH_PACKAGE_MAX_DOC_BYTES)
		return sh_errf(err, "%s: size %llu over the limit of %llu",
		    path, (unsigned long long)d->size,
		    (unsigned long long)SH_PACKAGE_MAX_DOC_BYTES);
	if (!sh_json_sha256_ok(d->sha256))
		return sh_errf(err, "%s: sha256 is not 64 lowercase hex digits",
		    path);
	/* Paths are unique across the whole package (one container). */
	first = seen_first(x->paths, x->npaths, d->path);
	if (first->i < i || (first->i == i && first->j < j))
		return sh_errf(err, "%s.path: %s is also "
		    "proposals[%zu].documents[%zu]", path, d->path, first->i,
		    first->j);
	return 0;
}

static int
validate_proposal(const struct sh_package *p, const struct package_index *x,
    size_t i, struct sh_err *err)
{
	const struct sh_package_proposal	*pp = &p->proposals[i];
	char					 path[SH_JSON_PATH_MAX];
	size_t					 j;

	snprintf(path, sizeof path, "proposals[%zu]", i);
	if (sh_json_check_id(path, "id", pp->id, err) != 0 ||
	    check_line(path, "title", pp->title, err) != 0 ||
	    check_line(path, "applicant", pp->applicant, err) != 0 ||
	    sh_json_check_id(path, "variant", pp->variant, err) != 0)
		return -1;
	if (!prefecture_ok(pp->prefecture))
		return sh_errf(err, "%s: prefecture is not a code 01–47", path);
	if (seen_first(x->ids, p->nproposals, pp->id)->i < i)
		return sh_errf(err, "%s: proposal %s appears twice",
		    path, pp->id);
	if (pp->ndocs > SH_PACKAGE_MAX_DOCS)
		return sh_errf(err, "%s: more than %d documents", path,
		    SH_PACKAGE_MAX_DOCS);
	for (j = 0; j < pp->ndocs; j++)
		if (validate_doc(p, x, i, j, err) != 0)
			return -1;
	return 0;
}

int
sh_package_validate(const struct sh_package *p, struct sh_err *err)
{
	struct package_index	x;
	size_t			i, ndocs = 0;
	int			r = 0;

	if (sh_json_check_id("round", "id", p->round_id, err) != 0 ||
	    check_line("round", "title", p->round_title, err) != 0)
		return -1;
	if (p->secretariat_key == NULL || !minisign_pk_ok(p->secretariat_key))
		return sh_errf(err, "round.secretariat_key: not a minisign "
		    "public key");
	if (p->secretariat_recipient == NULL ||
	    !sh_json_recipient_ok(p->secretariat_recipient))
		return sh_errf(err, "round.secretariat_recipient: not an age "
		    "recipient");
	if (p->deadline != NULL && !sh_date_valid(p->deadline))
		return sh_errf(err, "round.deadline: not a date like "
		    "2026-06-30");
	if (sh_json_check_id("rubric", "id", p->rubric_id, err) != 0)
		return -1;
	if (!sh_json_sha256_ok(p->rubric_sha256))
		return sh_errf(err, "rubric.sha256: not 64 lowercase hex digits");
	if (sh_json_check_id("reviewer", "id", p->reviewer_id, err) != 0 ||
	    check_line("reviewer", "name", p->reviewer_name, err) != 0)
		return -1;
	if (p->reviewer_recipient == NULL ||
	    !sh_json_recipient_ok(p->reviewer_recipient))
		return sh_errf(err, "reviewer.recipient: not an age recipient");
	if (p->issued == NULL || !sh_json_time_ok(p->issued))
		return sh_errf(err, "issued: not a UTC time like "
		    "2026-06-28T09:00:00Z");
	if (p->nproposals > SH_PACKAGE_MAX_PROPOSALS)
		return sh_errf(err, "proposals: more than %d",
		    SH_PACKAGE_MAX_PROPOSALS);
	if (index_build(p, &x, err) != 0)
		return -1;
	for (i = 0; i < p->nproposals && r == 0; i++) {
		r = validate_proposal(p, &x, i, err);
		ndocs += p->proposals[i].ndocs;
	}
	index_free(&x);
	if (r != 0)
		return -1;
	/* The container holds them all beside the three fixed members. */
	if (ndocs > SH_TAR_MAX_MEMBERS - 3)
		return sh_errf(err, "proposals: %zu documents, more than a "
		    "container holds (%d)", ndocs, SH_TAR_MAX_MEMBERS - 3);
	return 0;
}

/* ---- checks against the rubric ---- */

int
sh_package_facts_check(const struct sh_facts *f, const struct sh_variant *v,
    struct sh_err *err)
{
	const struct sh_item	*it, *cert = NULL;
	double			 x;
	size_t			 i, j;
	bool			 used;

	for (i = 0; i < v->nitems; i++) {
		it = &v->items[i];
		if (it->kind == SH_ITEM_CERTIFICATION)
			cert = it;
		if (it->kind != SH_ITEM_INDICATOR)
			continue;
		if (!sh_facts_get(f, it->fact, &x))
			return sh_errf(err, "item %s: fact %s missing", it->id,
			    it->fact);
		if (sh_item_band(it, x) == NULL)
			return sh_errf(err, "item %s: fact %s = %g is outside "
			    "its domain", it->id, it->fact, x);
	}
	for (j = 0; j < f->nnums; j++) {
		used = false;
		for (i = 0; i < v->nitems && !used; i++)
			used = v->items[i].kind == SH_ITEM_INDICATOR &&
			    strcmp(v->items[i].fact, f->nums[j].name) == 0;
		if (!used)
			return sh_errf(err, "fact %s is used by no item of "
			    "variant %s", f->nums[j].name, v->id);
	}
	for (j = 0; j < f->ncerts; j++) {
		if (cert == NULL)
			return sh_errf(err, "certification %s, but variant %s "
			    "has no certification item", f->certs[j], v->id);
		if (sh_item_option(cert, f->certs[j]) == NULL)
			return sh_errf(err, "item %s: certification %s is not "
			    "one of its options", cert->id, f->certs[j]);
	}
	return 0;
}

int
sh_package_check(const struct sh_package *p, const struct sh_rubric *r,
    struct sh_err *err)
{
	const struct sh_package_proposal	*pp;
	const struct sh_variant			*v;
	size_t					 i;

	if (strcmp(p->rubric_id, r->id) != 0)
		return sh_errf(err, "package.json: rubric %s, but the rubric "
		    "given is %s", p->rubric_id, r->id);
	if (strcmp(p->rubric_sha256, r->hash_hex) != 0)
		return sh_errf(err, "package.json: rubric %s has hash %.12s..., "
		    "but the rubric given has %.12s...", p->rubric_id,
		    p->rubric_sha256, r->hash_hex);
	for (i = 0; i < p->nproposals; i++) {
		pp = &p->proposals[i];
		if ((v = sh_rubric_variant(r, pp->variant)) == NULL)
			return sh_errf(err, "package.json: proposals[%zu]: "
			    "proposal %s: rubric %s has no variant %s", i,
			    pp->id, r->id, pp->variant);
		if (sh_package_facts_check(&pp->facts, v, err) != 0)
			return sh_err_prefix(err, "package.json: "
			    "proposals[%zu]: proposal %s: facts", i, pp->id);
	}
	return 0;
}

/* ---- writing ---- */

int
sh_package_write(const struct sh_package *p, struct sh_buf *out,
    struct sh_err *err)
{
	const struct sh_package_proposal	*pp;
	const struct sh_package_doc		*d;
	struct sh_jw				 w;
	size_t					 i, j;

	if (sh_package_validate(p, err) != 0)
		return sh_err_prefix(err, "package.json");
	sh_jw_init(&w, out);
	sh_jw_obj_begin(&w);
	sh_jw_kstr(&w, "format", SH_PACKAGE_FORMAT);
	sh_jw_key(&w, "round");
	sh_jw_obj_begin(&w);
	sh_jw_kstr(&w, "id", p->round_id);
	sh_jw_kstr(&w, "title", p->round_title);
	sh_jw_kstr(&w, "secretariat_key", p->secretariat_key);
	sh_jw_kstr(&w, "secretariat_recipient", p->secretariat_recipient);
	if (p->deadline != NULL)
		sh_jw_kstr(&w, "deadline", p->deadline);
	sh_jw_obj_end(&w);
	sh_jw_key(&w, "rubric");
	sh_jw_obj_begin(&w);
	sh_jw_kstr(&w, "id", p->rubric_id);
	sh_jw_kstr(&w, "sha256", p->rubric_sha256);
	sh_jw_obj_end(&w);
	sh_jw_key(&w, "reviewer");
	sh_jw_obj_begin(&w);
	sh_jw_kstr(&w, "id", p->reviewer_id);
	sh_jw_kstr(&w, "name", p->reviewer_name);
	sh_jw_kstr(&w, "recipient", p->reviewer_recipient);
	sh_jw_obj_end(&w);
	sh_jw_kstr(&w, "issued", p->issued);
	sh_jw_key(&w, "proposals");
	sh_jw_arr_begin(&w);
	for (i = 0; i < p->nproposals; i++) {
		pp = &p->proposals[i];
		sh_jw_obj_begin(&w);
		sh_jw_kstr(&w, "id", pp->id);
		sh_jw_kstr(&w, "title", pp->title);
		sh_jw_kstr(&w, "applicant", pp->applicant);
		sh_jw_kstr(&w, "variant", pp->variant);
		sh_jw_kstr(&w, "prefecture", pp->prefecture);
		sh_jw_key(&w, "facts");
		sh_jw_obj_begin(&w);
		for (j = 0; j < pp->facts.nnums; j++) {
			sh_jw_key(&w, pp->facts.nums[j].name);
			sh_jw_real(&w, pp->facts.nums[j].value);
		}
		sh_jw_key(&w, SH_FACTS_CERTS);
		sh_jw_arr_begin(&w);
		for (j = 0; j < pp->facts.ncerts; j++)
			sh_jw_str(&w, pp->facts.certs[j]);
		sh_jw_arr_end(&w);
		sh_jw_obj_end(&w);
		sh_jw_key(&w, "documents");
		sh_jw_arr_begin(&w);
		for (j = 0; j < pp->ndocs; j++) {
			d = &pp->docs[j];
			sh_jw_obj_begin(&w);
			sh_jw_kstr(&w, "name", d->name);
			sh_jw_kstr(&w, "path", d->path);
			sh_jw_kint(&w, "size", (long long)d->size);
			sh_jw_kstr(&w, "sha256", d->sha256);
			sh_jw_obj_end(&w);
		}
		sh_jw_arr_end(&w);
		sh_jw_obj_end(&w);
	}
	sh_jw_arr_end(&w);
	sh_jw_obj_end(&w);
	if (sh_jw_finish(&w, err) != 0)
		return sh_err_prefix(err, "package.json");
	return 0;
}

/* ---- parsing ---- */

static const char *const root_keys[] = { "format", "round", "rubric",
	"reviewer", "issued", "proposals", NULL };
static const char *const round_keys[] = { "id", "title", "secretariat_key",
	"secretariat_recipient", "deadline", NULL };
static const char *const rubric_keys[] = { "id", "sha256", NULL };
static const char *const reviewer_keys[] = { "id", "name", "recipient",
	NULL };
static const char *const proposal_keys[] = { "id", "title", "applicant",
	"variant", "prefecture", "facts", "documents", NULL };
static const char *const doc_keys[] = { "name", "path", "size", "sha256",
	NULL };

#define OOM(err)	sh_errf(err, "out of memory")
#define LINE(o, path, key, out) sh_json_get_text(o, path, key, true, true, \
	SH_PACKAGE_MAX_TEXT, SH_TEXT_LINE, out, err)

static int
parse_doc(const json_t *v, const char *path, struct sh_package_proposal *pp,
    struct sh_err *err)
{
	const char	*name, *dpath;
	char		 sha[65];
	long long	 size;

	if (sh_json_object(v, path, doc_keys, err) != 0 ||
	    LINE(v, path, "name", &name) != 0 ||
	    LINE(v, path, "path", &dpath) != 0 ||
	    sh_json_get_int(v, path, "size", true, 0,
	    (long long)SH_PACKAGE_MAX_DOC_BYTES, &size, NULL, err) != 0 ||
	    sh_json_get_sha256(v, path, "sha256", sha, err) != 0)
		return -1;
	if (sh_package_add_doc(pp, name, dpath, (uint64_t)size, sha) == NULL)
		return OOM(err);
	return 0;
}

static int
parse_proposal(const json_t *v, const char *path, struct sh_package *p,
    struct sh_err *err)
{
	struct sh_package_proposal	*pp;
	const json_t			*facts, *docs, *d;
	const char			*id, *title, *applicant, *variant, *pref;
	char				 apath[SH_JSON_PATH_MAX];
	char				 dpath[SH_JSON_PATH_MAX];
	size_t				 i;

	if (sh_json_object(v, path, proposal_keys, err) != 0 ||
	    sh_json_get_id(v, path, "id", true, &id, err) != 0 ||
	    LINE(v, path, "title", &title) != 0 ||
	    LINE(v, path, "applicant", &applicant) != 0 ||
	    sh_json_get_id(v, path, "variant", true, &variant, err) != 0 ||
	    LINE(v, path, "prefecture", &pref) != 0 ||
	    (facts = sh_json_member(v, path, "facts", true, err)) == NULL ||
	    (docs = sh_json_get_array(v, path, "documents", true,
	    SH_PACKAGE_MAX_DOCS, err)) == NULL)
		return -1;
	if ((pp = sh_package_add_proposal(p, id)) == NULL ||
	    sh_strdup_opt(&pp->title, title) != 0 ||
	    sh_strdup_opt(&pp->applicant, applicant) != 0 ||
	    sh_strdup_opt(&pp->variant, variant) != 0 ||
	    sh_strdup_opt(&pp->prefecture, pref) != 0)
		return OOM(err);
	if (sh_facts_from_json(&pp->facts, facts, err) != 0)
		return sh_err_prefix(err, "%s", path);
	sh_json_path_key(apath, path, "documents");
	json_array_foreach(docs, i, d) {
		sh_json_path_index(dpath, apath, i);
		if (parse_doc(d, dpath, pp, err) != 0)
			return -1;
	}
	return 0;
}

static int
parse_root(const json_t *root, struct sh_package *p, struct sh_err *err)
{
	const json_t	*round, *rubric, *rev, *arr, *v;
	const char	*format, *s;
	char		 path[SH_JSON_PATH_MAX];
	size_t		 i;

	if (sh_json_object(root, "", root_keys, err) != 0 ||
	    sh_json_get_text(root, "", "format", true, true, 64, SH_TEXT_LINE,
	    &format, err) != 0)
		return -1;
	if (strcmp(format, SH_PACKAGE_FORMAT) != 0)
		return sh_errf(err, "format: \"%.64s\" is not %s", format,
		    SH_PACKAGE_FORMAT);
	if ((round = sh_json_member(root, "", "round", true, err)) == NULL ||
	    sh_json_object(round, "round", round_keys, err) != 0 ||
	    (rubric = sh_json_member(root, "", "rubric", true, err)) == NULL ||
	    sh_json_object(rubric, "rubric", rubric_keys, err) != 0 ||
	    (rev = sh_json_member(root, "", "reviewer", true, err)) == NULL ||
	    sh_json_object(rev, "reviewer", reviewer_keys, err) != 0)
		return -1;
#define TAKE(get, field) do {						\
	if ((get) != 0)							\
		return -1;						\
	if (sh_strdup_opt(&(field), s) != 0)				\
		return OOM(err);					\
} while (0)
	TAKE(sh_json_get_id(round, "round", "id", true, &s, err), p->round_id);
	TAKE(LINE(round, "round", "title", &s), p->round_title);
	TAKE(LINE(round, "round", "secretariat_key", &s), p->secretariat_key);
	TAKE(sh_json_get_recipient(round, "round", "secretariat_recipient", &s,
	    err), p->secretariat_recipient);
	TAKE(sh_json_get_text(round, "round", "deadline", false, true, 10,
	    SH_TEXT_LINE, &s, err), p->deadline);
	if (p->deadline != NULL && !sh_date_valid(p->deadline))
		return sh_errf(err, "round.deadline: not a date like "
		    "2026-06-30");
	TAKE(sh_json_get_id(rubric, "rubric", "id", true, &s, err),
	    p->rubric_id);
	if (sh_json_get_sha256(rubric, "rubric", "sha256", p->rubric_sha256,
	    err) != 0)
		return -1;
	TAKE(sh_json_get_id(rev, "reviewer", "id", true, &s, err),
	    p->reviewer_id);
	TAKE(LINE(rev, "reviewer", "name", &s), p->reviewer_name);
	TAKE(sh_json_get_recipient(rev, "reviewer", "recipient", &s, err),
	    p->reviewer_recipient);
	TAKE(sh_json_get_time(root, "", "issued", &s, err), p->issued);
#undef TAKE
	if ((arr = sh_json_get_array(root, "", "proposals", true,
	    SH_PACKAGE_MAX_PROPOSALS, err)) == NULL)
		return -1;
	json_array_foreach(arr, i, v) {
		sh_json_path_index(path, "proposals", i);
		if (parse_proposal(v, path, p, err) != 0)
			return -1;
	}
	return sh_package_validate(p, err);
}

int
sh_package_parse(const void *data, size_t len, struct sh_package *out,
    struct sh_err *err)
{
	json_t	*root;
	int	 rc;

	sh_package_init(out);
	if (sh_json_load(data, len, SH_PACKAGE_JSON_MAX, &root, err) != 0)
		return sh_err_prefix(err, "package.json");
	rc = parse_root(root, out, err);
	json_decref(root);
	if (rc != 0) {
		sh_package_free(out);
		return sh_err_prefix(err, "package.json");
	}
	return 0;
}

/* ---- equality ---- */

static bool
str_eq(const char *a, const char *b)
{
	if (a == NULL || b == NULL)
		return a == b;
	return strcmp(a, b) == 0;
}

static bool
facts_eq(const struct sh_facts *a, const struct sh_facts *b)
{
	size_t	i;

	if (a->nnums != b->nnums || a->ncerts != b->ncerts)
		return false;
	for (i = 0; i < a->nnums; i++)
		if (!str_eq(a->nums[i].name, b->nums[i].name) ||
		    a->nums[i].value != b->nums[i].value)
			return false;
	for (i = 0; i < a->ncerts; i++)
		if (!str_eq(a->certs[i], b->certs[i]))
			return false;
	return true;
}

static bool
proposal_eq(const struct sh_package_proposal *a,
    const struct sh_package_proposal *b)
{
	size_t	i;

	if (!str_eq(a->id, b->id) || !str_eq(a->title, b->title) ||
	    !str_eq(a->applicant, b->applicant) ||
	    !str_eq(a->variant, b->variant) ||
	    !str_eq(a->prefecture, b->prefecture) ||
	    !facts_eq(&a->facts, &b->facts) || a->ndocs != b->ndocs)
		return false;
	for (i = 0; i < a->ndocs; i++)
		if (!str_eq(a->docs[i].name, b->docs[i].name) ||
		    !str_eq(a->docs[i].path, b->docs[i].path) ||
		    a->docs[i].size != b->docs[i].size ||
		    strcmp(a->docs[i].sha256, b->docs[i].sha256) != 0)
			return false;
	return true;
}

bool
sh_package_equal(const struct sh_package *a, const struct sh_package *b)
{
	size_t	i;

	if (!str_eq(a->round_id, b->round_id) ||
	    !str_eq(a->round_title, b->round_title) ||
	    !str_eq(a->secretariat_key, b->secretariat_key) ||
	    !str_eq(a->secretariat_recipient, b->secretariat_recipient) ||
	    !str_eq(a->deadline, b->deadline) ||
	    !str_eq(a->rubric_id, b->rubric_id) ||
	    strcmp(a->rubric_sha256, b->rubric_sha256) != 0 ||
	    !str_eq(a->reviewer_id, b->reviewer_id) ||
	    !str_eq(a->reviewer_name, b->reviewer_name) ||
	    !str_eq(a->reviewer_recipient, b->reviewer_recipient) ||
	    !str_eq(a->issued, b->issued) || a->nproposals != b->nproposals)
		return false;
	for (i = 0; i < a->nproposals; i++)
		if (!proposal_eq(&a->proposals[i], &b->proposals[i]))
			return false;
	return true;
}
