/*
 * The sheet reader as it was until 2026-11: jansson builds the tree,
 * then typed getters take each value from it. Kept here, unchanged but
 * for its name, as the reference that format/sheet_read.c must agree
 * with: tests/fuzz/fuzz_sheet_diff.c and test_fuzz_regress give both
 * the same bytes and require the same verdict and the same sheet.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "format/json_util.h"
#include "format/sheet.h"
#include "sheet_tree.h"

static const char *const root_keys[] = { "format", "round", "rubric",
	"reviewer", "secretariat_recipient", "revision", "submitted",
	"proposals", NULL };
static const char *const rubric_keys[] = { "id", "sha256", NULL };
static const char *const proposal_keys[] = { "id", "variant", "conflict",
	"entries", "remarks", "conditions", NULL };
static const char *const conflict_keys[] = { "declared", "action",
	"statement", NULL };
static const char *const entry_keys[] = { "item", "score", "value",
	"cannot_judge", "comment", NULL };

#define OOM(err)	sh_errf(err, "out of memory")

static int
parse_entry(const json_t *v, const char *path, struct sh_sheet_proposal *p,
    struct sh_err *err)
{
	struct sh_sheet_entry	*e;
	const char		*item, *comment;
	long long		 n;
	bool			 cj = false, has;

	if (sh_json_object(v, path, entry_keys, err) != 0 ||
	    sh_json_get_id(v, path, "item", true, &item, err) != 0 ||
	    sh_json_get_text(v, path, "comment", false, false,
	    SH_SHEET_MAX_COMMENT, SH_TEXT_MULTILINE, &comment, err) != 0 ||
	    sh_json_get_bool(v, path, "cannot_judge", &cj, NULL, err) != 0)
		return -1;
	if ((e = sh_sheet_add_entry(p, item)) == NULL ||
	    sh_strdup_opt(&e->comment, comment) != 0)
		return OOM(err);
	e->cannot_judge = cj;
	/* Ranges are checked (with the item's path) by validation. */
	if (sh_json_get_int(v, path, "score", false, -1000000, 1000000, &n,
	    &has, err) != 0)
		return -1;
	e->has_score = has;
	e->score = has ? (int)n : 0;
	if (sh_json_get_int(v, path, "value", false, -1000000, 1000000, &n,
	    &has, err) != 0)
		return -1;
	e->has_value = has;
	e->value = has ? (int)n : 0;
	return 0;
}

static int
parse_conflict(const json_t *v, const char *path, struct sh_sheet_proposal *p,
    struct sh_err *err)
{
	const json_t	*arr, *c;
	const char	*action, *statement;
	char		 cpath[SH_JSON_PATH_MAX], dpath[SH_JSON_PATH_MAX];
	size_t		 i;
	unsigned	 bit;

	sh_json_path_key(cpath, path, "conflict");
	if (sh_json_object(v, cpath, conflict_keys, err) != 0 ||
	    (arr = sh_json_get_array(v, cpath, "declared", true,
	    SH_DECLARE_NCODES, err)) == NULL ||
	    sh_json_get_id(v, cpath, "action", true, &action, err) != 0 ||
	    sh_json_get_text(v, cpath, "statement", false, false,
	    SH_SHEET_MAX_REMARKS, SH_TEXT_MULTILINE, &statement, err) != 0)
		return -1;
	if (sh_strdup_opt(&p->statement, statement) != 0)
		return OOM(err);
	sh_json_path_key(dpath, cpath, "declared");
	json_array_foreach(arr, i, c) {
		const char *code = json_string_value(c);

		if (code == NULL || strlen(code) != 1 || code[0] < 'a' ||
		    code[0] > 'g')
			return sh_errf(err, "%s[%zu]: expected one of the "
			    "codes \"a\" to \"g\"", dpath, i);
		bit = (unsigned)(code[0] - 'a');
		if (p->declared & (1u << bit))
			return sh_errf(err, "%s[%zu]: \"%s\" declared twice",
			    dpath, i, code);
		p->declared |= 1u << bit;
	}
	if (strcmp(action, "review") == 0)
		p->action = SH_ACTION_REVIEW;
	else if (strcmp(action, "withdraw") == 0)
		p->action = SH_ACTION_WITHDRAW;
	else
		return sh_errf(err, "%s.action: \"%s\" is not review or "
		    "withdraw", cpath, action);
	return 0;
}

static int
parse_proposal(const json_t *v, const char *path, struct sh_sheet *s,
    struct sh_err *err)
{
	struct sh_sheet_proposal	*p;
	const json_t			*conflict, *arr, *e;
	const char			*id, *variant, *remarks, *cond;
	char				 epath[SH_JSON_PATH_MAX];
	char				 apath[SH_JSON_PATH_MAX];
	size_t				 i;

	if (sh_json_object(v, path, proposal_keys, err) != 0 ||
	    sh_json_get_id(v, path, "id", true, &id, err) != 0 ||
	    sh_json_get_id(v, path, "variant", true, &variant, err) != 0 ||
	    sh_json_get_text(v, path, "remarks", false, false,
	    SH_SHEET_MAX_REMARKS, SH_TEXT_MULTILINE, &remarks, err) != 0 ||
	    sh_json_get_text(v, path, "conditions", false, false,
	    SH_SHEET_MAX_REMARKS, SH_TEXT_MULTILINE, &cond, err) != 0 ||
	    (conflict = sh_json_member(v, path, "conflict", true, err)) ==
	    NULL ||
	    (arr = sh_json_get_array(v, path, "entries", true,
	    SH_SHEET_MAX_ENTRIES, err)) == NULL)
		return -1;
	if ((p = sh_sheet_add_proposal(s, id, variant)) == NULL ||
	    sh_strdup_opt(&p->remarks, remarks) != 0 ||
	    sh_strdup_opt(&p->conditions, cond) != 0)
		return OOM(err);
	if (parse_conflict(conflict, path, p, err) != 0)
		return -1;
	sh_json_path_key(apath, path, "entries");
	json_array_foreach(arr, i, e) {
		sh_json_path_index(epath, apath, i);
		if (parse_entry(e, epath, p, err) != 0)
			return -1;
	}
	return 0;
}

static int
parse_root(const json_t *root, struct sh_sheet *s, struct sh_err *err)
{
	const json_t	*rubric, *arr, *v;
	const char	*format, *round, *rid, *reviewer, *rcpt, *submitted;
	char		 path[SH_JSON_PATH_MAX];
	size_t		 i;

	if (sh_json_object(root, "", root_keys, err) != 0 ||
	    sh_json_get_text(root, "", "format", true, true, 64, SH_TEXT_LINE,
	    &format, err) != 0)
		return -1;
	if (strcmp(format, SH_SHEET_FORMAT) != 0)
		return sh_errf(err, "format: \"%.64s\" is not %s", format,
		    SH_SHEET_FORMAT);
	if (sh_json_get_id(root, "", "round", true, &round, err) != 0 ||
	    (rubric = sh_json_member(root, "", "rubric", true, err)) == NULL ||
	    sh_json_object(rubric, "rubric", rubric_keys, err) != 0 ||
	    sh_json_get_id(rubric, "rubric", "id", true, &rid, err) != 0 ||
	    sh_json_get_sha256(rubric, "rubric", "sha256", s->rubric_sha256,
	    err) != 0 ||
	    sh_json_get_id(root, "", "reviewer", true, &reviewer, err) != 0 ||
	    sh_json_get_recipient(root, "", "secretariat_recipient", &rcpt,
	    err) != 0 ||
	    sh_json_get_int(root, "", "revision", true, 1,
	    SH_SHEET_MAX_REVISION, &s->revision, NULL, err) != 0 ||
	    sh_json_get_time(root, "", "submitted", &submitted, err) != 0 ||
	    (arr = sh_json_get_array(root, "", "proposals", true,
	    SH_SHEET_MAX_PROPOSALS, err)) == NULL)
		return -1;
	if (sh_strdup_opt(&s->round, round) != 0 ||
	    sh_strdup_opt(&s->rubric_id, rid) != 0 ||
	    sh_strdup_opt(&s->reviewer, reviewer) != 0 ||
	    sh_strdup_opt(&s->secretariat_recipient, rcpt) != 0 ||
	    sh_strdup_opt(&s->submitted, submitted) != 0)
		return OOM(err);
	json_array_foreach(arr, i, v) {
		sh_json_path_index(path, "proposals", i);
		if (parse_proposal(v, path, s, err) != 0)
			return -1;
	}
	/* Every text was checked by sh_json_get_text with the same limits. */
	return sh_sheet_validate_read(s, err);
}

int
ref_sheet_parse_tree(const void *data, size_t len, struct sh_sheet *out,
    struct sh_err *err)
{
	json_t	*root;
	int	 rc;

	sh_sheet_init(out);
	if (sh_json_load(data, len, SH_SHEET_JSON_MAX, &root, err) != 0)
		return sh_err_prefix(err, "sheet.json");
	rc = parse_root(root, out, err);
	json_decref(root);
	if (rc != 0) {
		sh_sheet_free(out);
		return sh_err_prefix(err, "sheet.json");
	}
	return 0;
}
