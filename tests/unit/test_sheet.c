/* format/sheet: the sheet document, its round trip and its refusals. */
#include <stdlib.h>
#include <string.h>

#include <sodium.h>

#include <jansson.h>

#include "testutil.h"
#include "format/json_util.h"
#include "format/sheet.h"
#include "review/rubric.h"

#define H64 "0123456789abcdef0123456789abcdef0123456789abcdef0123456789abcdef"
#define RCPT "age1ql3z7hjy54pw3hyww5ayyfg7zqgvc7w3j2elw8zmrj2kg5sfn9aqmcac8p"

/* The canonical bytes of a sheet: what sh_sheet_write() must produce. */
static const char canonical[] =
    "{\"format\":\"shinsa-sheet/1\",\"round\":\"R2026-kakine\","
    "\"rubric\":{\"id\":\"kakine-2024\",\"sha256\":\"" H64 "\"},"
    "\"reviewer\":\"r01\",\"secretariat_recipient\":\"" RCPT "\","
    "\"revision\":2,\"submitted\":\"2026-06-30T12:00:00Z\","
    "\"proposals\":["
    "{\"id\":\"P001\",\"variant\":\"kakine\","
    "\"conflict\":{\"declared\":[],\"action\":\"review\"},"
    "\"entries\":[{\"item\":\"1-1\",\"score\":4},"
    "{\"item\":\"1-2\",\"score\":5,\"comment\":\"具体的で\\\"優れて\\\"いる\\n二行目\\\\\"},"
    "{\"item\":\"2-1\",\"score\":1,\"cannot_judge\":true,\"comment\":\"記載なし\"},"
    "{\"item\":\"6-a\",\"value\":5}],"
    "\"remarks\":\"総合所見\",\"conditions\":\"計画の修正等の条件\"},"
    "{\"id\":\"P002\",\"variant\":\"kakine\","
    "\"conflict\":{\"declared\":[\"b\",\"g\"],\"action\":\"withdraw\"},"
    "\"entries\":[]},"
    "{\"id\":\"P003\",\"variant\":\"kakine\","
    "\"conflict\":{\"declared\":[\"g\"],\"action\":\"review\","
    "\"statement\":\"運営指導委員を務めています\"},"
    "\"entries\":[{\"item\":\"1-1\",\"score\":3}]}"
    "]}";

static void
build(struct sh_sheet *s)
{
	struct sh_sheet_proposal	*p;
	struct sh_sheet_entry		*e;

	sh_sheet_init(s);
	sh_sheet_set(s, &s->round, "R2026-kakine");
	sh_sheet_set(s, &s->rubric_id, "kakine-2024");
	memcpy(s->rubric_sha256, H64, 65);
	sh_sheet_set(s, &s->reviewer, "r01");
	sh_sheet_set(s, &s->secretariat_recipient, RCPT);
	s->revision = 2;
	sh_sheet_set(s, &s->submitted, "2026-06-30T12:00:00Z");

	p = sh_sheet_add_proposal(s, "P001", "kakine");
	e = sh_sheet_add_entry(p, "1-1");
	e->has_score = true, e->score = 4;
	e = sh_sheet_add_entry(p, "1-2");
	e->has_score = true, e->score = 5;
	sh_sheet_set(s, &e->comment, "具体的で\"優れて\"いる\n二行目\\");
	e = sh_sheet_add_entry(p, "2-1");
	e->has_score = true, e->score = 1, e->cannot_judge = true;
	sh_sheet_set(s, &e->comment, "記載なし");
	e = sh_sheet_add_entry(p, "6-a");
	e->has_value = true, e->value = 5;
	sh_sheet_set(s, &p->remarks, "総合所見");
	sh_sheet_set(s, &p->conditions, "計画の修正等の条件");

	p = sh_sheet_add_proposal(s, "P002", "kakine");
	p->declared = (1u << 1) | SH_DECLARE_G;
	p->action = SH_ACTION_WITHDRAW;

	p = sh_sheet_add_proposal(s, "P003", "kakine");
	p->declared = SH_DECLARE_G;
	sh_sheet_set(s, &p->statement, "運営指導委員を務めています");
	e = sh_sheet_add_entry(p, "1-1");
	e->has_score = true, e->score = 3;
}

static void
write_is_canonical_and_round_trips(void **state)
{
	struct sh_sheet	s, r;
	struct sh_buf	a, b;
	struct sh_err	err;

	build(&s);
	sh_buf_init(&a, true);
	if (sh_sheet_write(&s, &a, &err) != 0)
		fail_msg("%s", err.msg);
	assert_string_equal((char *)a.data, canonical);

	if (sh_sheet_parse(a.data, a.len, &r, &err) != 0)
		fail_msg("%s", err.msg);
	assert_true(sh_sheet_equal(&s, &r));
	sh_buf_init(&b, true);
	assert_int_equal(sh_sheet_write(&r, &b, &err), 0);
	assert_int_equal(a.len, b.len);
	assert_memory_equal(a.data, b.data, a.len);

	assert_non_null(sh_sheet_proposal(&r, "P003"));
	assert_null(sh_sheet_proposal(&r, "P999"));
	assert_int_equal(sh_sheet_entry(sh_sheet_proposal(&r, "P001"),
	    "6-a")->value, 5);
	/* A change anywhere is seen by sh_sheet_equal(). */
	r.proposals[0].entries[3].value = 3;
	assert_false(sh_sheet_equal(&s, &r));
	sh_sheet_free(&r);
	sh_sheet_free(&s);
	sh_buf_free(&a);
	sh_buf_free(&b);
}

/* Replaces the first occurrence of `from` in the canonical sheet. */
static char *
mutate(const char *from, const char *to)
{
	const char	*at = strstr(canonical, from);
	char		*out;
	size_t		 n;

	if (at == NULL)
		fail_msg("mutation \"%s\" not found", from);
	n = strlen(canonical) - strlen(from) + strlen(to);
	out = malloc(n + 1);
	memcpy(out, canonical, (size_t)(at - canonical));
	strcpy(out + (at - canonical), to);
	strcat(out, at + strlen(from));
	return out;
}

static void
expect(const char *from, const char *to, const char *msg)
{
	struct sh_sheet	 s;
	struct sh_err	 err;
	char		*doc = mutate(from, to);

	if (sh_sheet_parse(doc, strlen(doc), &s, &err) == 0)
		fail_msg("accepted: %s -> %s", from, to);
	/* A leading '~' asks only for a substring (of a line and column). */
	if (msg[0] == '~' ? strstr(err.msg, msg + 1) == NULL :
	    strcmp(err.msg, msg) != 0)
		fail_msg("%s -> %s:\n  got      %s\n  expected %s", from, to,
		    err.msg, msg);
	assert_null(s.proposals);
	assert_null(s.round);
	free(doc);
}

static void
parse_refuses_with_reasons(void **state)
{
	expect("\"score\":3}", "\"score\":7}",
	    "sheet.json: proposals[2].entries[0]: score 7 out of range 1–5");
	expect("\"score\":4}", "\"score\":4,\"value\":3}",
	    "sheet.json: proposals[0].entries[0]: item 1-1 needs exactly one "
	    "of score and value");
	expect(",\"score\":4}", "}",
	    "sheet.json: proposals[0].entries[0]: item 1-1 needs exactly one "
	    "of score and value");
	expect("\"score\":4}", "\"score\":\"4\"}",
	    "sheet.json: proposals[0].entries[0].score: expected an integer");
	expect("{\"item\":\"1-2\"", "{\"item\":\"1-1\"",
	    "sheet.json: proposals[0].entries[1]: item 1-1 appears twice");
	/* A key seen before the last one found, and the one after it. */
	expect("\"score\":4}", "\"score\":4,\"item\":\"1-9\"}",
	    "sheet.json: proposals[0].entries[0]: key \"item\" appears twice");
	expect("\"score\":4}", "\"score\":4,\"score\":4}",
	    "sheet.json: proposals[0].entries[0]: key \"score\" appears twice");
	expect("{\"item\":\"6-a\"", "{\"item\":\"1-1\"",
	    "sheet.json: proposals[0].entries[3]: item 1-1 appears twice");
	expect("\"value\":5}", "\"value\":5,\"cannot_judge\":true}",
	    "sheet.json: proposals[0].entries[3]: cannot_judge is only for "
	    "scored items");
	expect("\"value\":5}", "\"value\":-1}",
	    "sheet.json: proposals[0].entries[3]: value -1 out of range 0–1000");
	expect("\"value\":5}", "\"value\":5,\"points\":99}",
	    "sheet.json: proposals[0].entries[3]: unknown key \"points\"");
	expect("\"declared\":[\"b\",\"g\"],\"action\":\"withdraw\"",
	    "\"declared\":[\"b\",\"g\"],\"action\":\"review\"",
	    "sheet.json: proposals[1]: proposal P002: conflict (b) declared, "
	    "so the action must be withdraw");
	expect("\"action\":\"withdraw\"},\"entries\":[]",
	    "\"action\":\"withdraw\"},\"entries\":[{\"item\":\"1-1\",\"score\":3}]",
	    "sheet.json: proposals[1]: proposal P002 is withdrawn but has 1 "
	    "entries");
	expect("[\"b\",\"g\"]", "[\"b\",\"b\"]",
	    "sheet.json: proposals[1].conflict.declared[1]: \"b\" declared twice");
	expect("[\"b\",\"g\"]", "[\"h\"]",
	    "sheet.json: proposals[1].conflict.declared[0]: expected one of the "
	    "codes \"a\" to \"g\"");
	expect("\"action\":\"withdraw\"", "\"action\":\"abstain\"",
	    "sheet.json: proposals[1].conflict.action: \"abstain\" is not "
	    "review or withdraw");
	expect("{\"id\":\"P003\"", "{\"id\":\"P001\"",
	    "sheet.json: proposals[2]: proposal P001 appears twice");
	expect("{\"id\":\"P003\"", "{\"id\":\"P/3\"",
	    "sheet.json: proposals[2].id: \"P/3\" is not an id "
	    "([A-Za-z0-9._-], 1 to 64 characters)");
	expect("\"revision\":2", "\"revision\":0",
	    "sheet.json: revision: 0 out of range 1–1000000");
	expect("\"revision\":2", "\"revision\":2.0",
	    "sheet.json: revision: expected an integer");
	expect("shinsa-sheet/1", "shinsa-sheet/2",
	    "sheet.json: format: \"shinsa-sheet/2\" is not shinsa-sheet/1");
	expect("\"submitted\":\"2026-06-30T12:00:00Z\"",
	    "\"submitted\":\"2026-06-30 12:00\"",
	    "sheet.json: submitted: expected a UTC time like "
	    "2026-06-30T12:00:00Z");
	expect("\"reviewer\":\"r01\",", "",
	    "sheet.json: reviewer: missing");
	expect("\"reviewer\":\"r01\",", "\"reviewer\":\"r01\",\"reviewer\":\"r02\",",
	    "sheet.json: key \"reviewer\" appears twice");
	expect("\"reviewer\":\"r01\",", "\"scratchpad\":\"秘密\",",
	    "sheet.json: unknown key \"scratchpad\"");
	expect("\"sha256\":\"0123", "\"sha256\":\"A123",
	    "sheet.json: rubric.sha256: expected 64 lowercase hex digits "
	    "(SHA-256)");
	expect("\"secretariat_recipient\":\"age1", "\"secretariat_recipient\":\"age2",
	    "sheet.json: secretariat_recipient: expected an age recipient "
	    "(age1...)");
	expect("\"remarks\":\"総合所見\"", "\"remarks\":\"総合\\u001b[2J所見\"",
	    "sheet.json: proposals[0].remarks: contains a control character");
	expect("\"remarks\":\"総合所見\"", "\"remarks\":\"総合\\u0000所見\"",
	    "~\\u0000 is not allowed");
	expect("\"score\":3}]}]}", "\"score\":3}]}]} x",
	    "~: only white space may follow the document");
}

/*
 * The reader takes keys in any order and white space anywhere, as any
 * JSON reader would: the canonical sheet with every object's keys sorted
 * and pretty-printed reads as the same sheet.
 */
/*
 * A parsed sheet's strings lie in its arena: sh_sheet_set() replaces
 * them (wiping the old text where it lies) as it replaces a string of a
 * built sheet, and a caller's own malloc'd string is freed with the
 * sheet; ASan would see a free of an arena string or a leak.
 */
static void
set_on_parsed_sheet(void **state)
{
	struct sh_sheet		 s, r;
	struct sh_sheet_proposal *p;
	struct sh_buf		 a;
	struct sh_err		 err;
	char			*old;

	(void)state;
	build(&s);
	sh_buf_init(&a, true);
	assert_int_equal(sh_sheet_write(&s, &a, &err), 0);
	assert_int_equal(sh_sheet_parse(a.data, a.len, &r, &err), 0);
	assert_true(sh_sheet_equal(&s, &r));
	assert_non_null(r.arena);
	assert_null(s.arena);
	p = &r.proposals[0];
	old = p->remarks;
	assert_true(old >= r.arena && old < r.arena + r.arenacap);
	assert_int_equal(sh_sheet_set(&r, &p->remarks, "別の所見"), 0);
	assert_string_equal(p->remarks, "別の所見");
	assert_int_equal(old[0], 0);	/* wiped where it lies */
	assert_int_equal(sh_sheet_set(&r, &p->entries[0].comment, NULL), 0);
	assert_null(p->entries[0].comment);
	assert_int_equal(sh_sheet_set(&r, &r.round, "R2026-other"), 0);
	assert_int_equal(sh_sheet_set(&r, &r.round, "R2026-kakine"), 0);
	/* A caller's own copy, as the tree reader makes: freed with r. */
	assert_int_equal(sh_sheet_set(&r, &p->variant, NULL), 0);
	assert_non_null(p->variant = strdup(s.proposals[0].variant));
	assert_non_null(sh_sheet_add_entry(p, "extra"));
	assert_int_equal(sh_sheet_set(&s, &s.proposals[0].remarks, "別の所見"),
	    0);
	assert_int_equal(sh_sheet_set(&s, &s.proposals[0].entries[0].comment,
	    NULL), 0);
	assert_non_null(sh_sheet_add_entry(&s.proposals[0], "extra"));
	assert_true(sh_sheet_equal(&s, &r));
	sh_sheet_free(&r);
	sh_sheet_free(&s);
	sh_buf_free(&a);
}

/*
 * A (キ) statement is optional (P002 of the canonical sheet has none, as
 * sheets made before it), differs in sh_sheet_equal(), and stands only
 * beside a (キ): writer and reader refuse it elsewhere.
 */
static void
ki_statement(void **state)
{
	struct sh_sheet	s, r;
	struct sh_buf	a;
	struct sh_err	err;

	build(&s);
	sh_buf_init(&a, true);
	assert_int_equal(sh_sheet_write(&s, &a, &err), 0);
	assert_int_equal(sh_sheet_parse(a.data, a.len, &r, &err), 0);
	assert_null(r.proposals[1].statement);
	assert_string_equal(r.proposals[2].statement,
	    "運営指導委員を務めています");
	sh_sheet_set(&r, &r.proposals[2].statement, "別の文");
	assert_false(sh_sheet_equal(&s, &r));
	sh_sheet_free(&r);
	sh_sheet_set(&s, &s.proposals[0].statement, "申し出");
	a.len = 0;
	assert_int_equal(sh_sheet_write(&s, &a, &err), -1);
	assert_non_null(strstr(err.msg, "only for a (キ) declaration"));
	/* The same in a file: P001 declares nothing. */
	{
		struct sh_buf	doc;
		const char	*p = strstr(canonical,
		    "\"declared\":[],\"action\":\"review\"}");
		size_t		 head = (size_t)(p - canonical) +
		    strlen("\"declared\":[],\"action\":\"review\"");

		sh_buf_init(&doc, false);
		sh_buf_append(&doc, canonical, head);
		sh_buf_append_str(&doc, ",\"statement\":\"x\"");
		sh_buf_append_str(&doc, canonical + head);
		assert_int_equal(sh_sheet_parse(doc.data, doc.len, &r, &err),
		    -1);
		assert_non_null(strstr(err.msg, "only for a (キ) declaration"));
		sh_buf_free(&doc);
	}
	sh_sheet_free(&s);
	sh_buf_free(&a);
}

static void
parse_takes_any_key_order(void **state)
{
	struct sh_sheet	 a, b;
	struct sh_err	 err;
	json_t		*j;
	char		*sorted;
	json_malloc_t	 jmalloc;
	json_free_t	 jfree;

	j = json_loads(canonical, JSON_REJECT_DUPLICATES, NULL);
	assert_non_null(j);
	sorted = json_dumps(j, JSON_SORT_KEYS | JSON_INDENT(3));
	assert_non_null(sorted);
	/* "conflict" now comes before "id", "comment" before "item". */
	assert_true(strstr(sorted, "\"conflict\"") <
	    strstr(sorted, "\"variant\""));
	if (sh_sheet_parse(canonical, strlen(canonical), &a, &err) != 0 ||
	    sh_sheet_parse(sorted, strlen(sorted), &b, &err) != 0)
		fail_msg("%s", err.msg);
	assert_true(sh_sheet_equal(&a, &b));
	sh_sheet_free(&a);
	sh_sheet_free(&b);
	/* json_dumps() allocated it with jansson's (wiping) allocator. */
	json_get_alloc_funcs(&jmalloc, &jfree);
	jfree(sorted);
	json_decref(j);
}

static void
parse_refuses_oversize(void **state)
{
	struct sh_sheet	 s;
	struct sh_err	 err;
	size_t		 n = SH_SHEET_JSON_MAX + 1;
	char		*big = malloc(n);
	char		*doc;
	size_t		 i;

	memset(big, ' ', n);
	assert_int_equal(sh_sheet_parse(big, n, &s, &err), -1);
	assert_string_equal(err.msg, "sheet.json: 16777217 bytes, over the "
	    "limit of 16777216");
	free(big);

	/* A comment one byte over its limit. */
	big = malloc(SH_SHEET_MAX_COMMENT + 2);
	for (i = 0; i < SH_SHEET_MAX_COMMENT + 1; i++)
		big[i] = 'x';
	big[i] = '\0';
	doc = malloc(SH_SHEET_MAX_COMMENT + 64);
	snprintf(doc, SH_SHEET_MAX_COMMENT + 64, "\"comment\":\"%s\"}", big);
	free(big);
	{
		char *m = mutate("\"comment\":\"記載なし\"}", doc);

		assert_int_equal(sh_sheet_parse(m, strlen(m), &s, &err), -1);
		assert_string_equal(err.msg, "sheet.json: proposals[0]."
		    "entries[2].comment: longer than 32768 bytes");
		free(m);
	}
	free(doc);
}

static void
writer_refuses_what_reader_refuses(void **state)
{
	struct sh_sheet	s;
	struct sh_buf	b;
	struct sh_err	err;

	build(&s);
	sh_buf_init(&b, true);
	s.proposals[0].entries[0].score = 0;
	assert_int_equal(sh_sheet_write(&s, &b, &err), -1);
	assert_string_equal(err.msg, "sheet.json: proposals[0].entries[0]: "
	    "score 0 out of range 1–5");
	assert_int_equal(b.len, 0);
	s.proposals[0].entries[0].score = 4;
	s.proposals[0].declared = 1u;	/* (ア) with action review */
	assert_int_equal(sh_sheet_write(&s, &b, &err), -1);
	assert_string_equal(err.msg, "sheet.json: proposals[0]: proposal "
	    "P001: conflict (a) declared, so the action must be withdraw");
	s.proposals[0].declared = 0;
	sh_sheet_set(&s, &s.proposals[0].remarks, "bad\xff");
	assert_int_equal(sh_sheet_write(&s, &b, &err), -1);
	assert_string_equal(err.msg, "sheet.json: proposals[0]: remarks is "
	    "not valid UTF-8 or contains a control character");
	sh_sheet_set(&s, &s.round, NULL);
	assert_int_equal(sh_sheet_write(&s, &b, &err), -1);
	assert_string_equal(err.msg, "sheet.json: round: no round");
	assert_int_equal(b.len, 0);
	sh_sheet_free(&s);
	sh_buf_free(&b);
}

/* A complete, valid kakine sheet for P001 (review) and P002 (withdrawn). */
static void
build_full(struct sh_sheet *s, const struct sh_rubric *r)
{
	const struct sh_variant		*v = sh_rubric_variant(r, "kakine");
	struct sh_sheet_proposal	*p;
	struct sh_sheet_entry		*e;
	size_t				 i;

	assert_non_null(v);
	build(s);
	memcpy(s->rubric_sha256, r->hash_hex, 65);
	while (s->nproposals > 0) {
		/* Start over with no proposals, keeping the header. */
		struct sh_sheet_proposal *q = &s->proposals[--s->nproposals];
		size_t j;

		for (j = 0; j < q->nentries; j++) {
			free(q->entries[j].item);
			free(q->entries[j].comment);
		}
		free(q->entries);
		free(q->id);
		free(q->variant);
		free(q->remarks);
		free(q->conditions);
		free(q->statement);
	}
	p = sh_sheet_add_proposal(s, "P001", "kakine");
	for (i = 0; i < v->nitems; i++) {
		if (v->items[i].kind == SH_ITEM_JUDGED) {
			e = sh_sheet_add_entry(p, v->items[i].id);
			e->has_score = true;
			e->score = 3;
		} else if (v->items[i].kind == SH_ITEM_BONUS) {
			e = sh_sheet_add_entry(p, v->items[i].id);
			e->has_value = true;
			e->value = 0;
		}
	}
	p = sh_sheet_add_proposal(s, "P002", "kakine");
	p->declared = 1u << 2;
	p->action = SH_ACTION_WITHDRAW;
}

static const struct sh_assignment assigned[] = {
	{ "P001", "kakine" }, { "P002", "kakine" }
};

static void
refused_by_check(const struct sh_sheet *s, const struct sh_rubric *r,
    const struct sh_assignment *a, size_t n, const char *msg)
{
	struct sh_err	err;

	if (sh_sheet_check(s, r, a, n, &err) == 0)
		fail_msg("accepted, expected: %s", msg);
	if (strcmp(err.msg, msg) != 0)
		fail_msg("\n  got      %s\n  expected %s", err.msg, msg);
}

static void
check_enforces_rules_and_assignment(void **state)
{
	struct sh_rubric		*r;
	struct sh_sheet			 s;
	struct sh_sheet_entry		*e;
	struct sh_err			 err;
	char				*path = tu_src("data/rubrics/kakine-2024.json");
	char				*saved;

	if ((r = sh_rubric_load_file(path, &err)) == NULL)
		fail_msg("%s", err.msg);
	free(path);
	build_full(&s, r);
	if (sh_sheet_check(&s, r, assigned, 2, &err) != 0)
		fail_msg("%s", err.msg);

	/* Assignment: missing, extra, wrong variant. */
	refused_by_check(&s, r, assigned, 1, "sheet.json: proposals[1]: proposal "
	    "P002 is not assigned to reviewer r01");
	{
		const struct sh_assignment three[] = { { "P001", "kakine" },
		    { "P002", "kakine" }, { "P003", "kakine" } };
		const struct sh_assignment other[] = { { "P001", "other" },
		    { "P002", "kakine" } };

		refused_by_check(&s, r, three, 3, "sheet.json: proposal P003 is "
		    "assigned to reviewer r01 but is not in the sheet");
		refused_by_check(&s, r, other, 2, "sheet.json: proposals[0] (P001): "
		    "variant kakine, but the proposal was assigned as variant "
		    "other");
	}
	{
		/*
		 * The check tries the same position first; an assignment in
		 * another order than the sheet's is matched all the same.
		 */
		const struct sh_assignment rev[] = { { "P002", "kakine" },
		    { "P001", "kakine" } };
		const struct sh_assignment rev_other[] = { { "P002", "kakine" },
		    { "P001", "other" } };
		const struct sh_assignment rev_three[] = { { "P003", "kakine" },
		    { "P002", "kakine" }, { "P001", "kakine" } };

		if (sh_sheet_check(&s, r, rev, 2, &err) != 0)
			fail_msg("%s", err.msg);
		refused_by_check(&s, r, rev_other, 2, "sheet.json: proposals[0] "
		    "(P001): variant kakine, but the proposal was assigned as "
		    "variant other");
		refused_by_check(&s, r, rev_three, 3, "sheet.json: proposal P003 "
		    "is assigned to reviewer r01 but is not in the sheet");
		refused_by_check(&s, r, rev + 1, 1, "sheet.json: proposals[1]: "
		    "proposal P002 is not assigned to reviewer r01");
	}

	/* Rubric id and hash. */
	s.rubric_sha256[0] = s.rubric_sha256[0] == '0' ? '1' : '0';
	assert_int_equal(sh_sheet_check(&s, r, assigned, 2, &err), -1);
	assert_non_null(strstr(err.msg, "sheet.json: rubric kakine-2024 has "
	    "hash "));
	memcpy(s.rubric_sha256, r->hash_hex, 65);
	sh_sheet_set(&s, &s.rubric_id, "chiiki-2020");
	refused_by_check(&s, r, assigned, 2, "sheet.json: rubric chiiki-2020, but "
	    "the round's rubric is kakine-2024");
	sh_sheet_set(&s, &s.rubric_id, "kakine-2024");

	/* Scoring rules, through review/rules.h. */
	e = &s.proposals[0].entries[1];		/* 1-2 */
	e->score = 5;
	assert_int_equal(sh_sheet_check(&s, r, assigned, 2, &err), -1);
	assert_non_null(strstr(err.msg, "sheet.json: proposals[0] (P001): "
	    "item 1-2: "));
	sh_sheet_set(&s, &e->comment, "具体的な根拠");
	if (sh_sheet_check(&s, r, assigned, 2, &err) != 0)
		fail_msg("%s", err.msg);
	e->cannot_judge = true;		/* with score 5, not 1 */
	assert_int_equal(sh_sheet_check(&s, r, assigned, 2, &err), -1);
	assert_non_null(strstr(err.msg, "(P001): item 1-2: "));
	e->cannot_judge = false;

	e = &s.proposals[0].entries[11];	/* 6-a, a bonus */
	assert_string_equal(e->item, "6-a");
	e->value = 4;
	assert_int_equal(sh_sheet_check(&s, r, assigned, 2, &err), -1);
	assert_non_null(strstr(err.msg, "(P001): item 6-a: "));
	e->has_value = false, e->has_score = true, e->score = 3;
	refused_by_check(&s, r, assigned, 2, "sheet.json: proposals[0] (P001): "
	    "entries[11]: item 6-a is a bonus item: it takes a value, not a "
	    "score");
	e->has_value = true, e->has_score = false, e->value = 0;

	/* An item the reviewer never scores. */
	saved = e->item;
	e->item = strdup("12");
	e->has_value = false, e->has_score = true, e->score = 3;
	refused_by_check(&s, r, assigned, 2, "sheet.json: proposals[0] (P001): "
	    "entries[11]: item 12 is a certification item: its points come "
	    "from the proposal's facts, never from a sheet");
	free(e->item);
	e->item = strdup("99-z");
	refused_by_check(&s, r, assigned, 2, "sheet.json: proposals[0] (P001): "
	    "entries[11]: variant kakine has no item 99-z");
	free(e->item);
	e->item = saved;
	e->has_value = true, e->has_score = false, e->value = 0;

	/* A missing item is incomplete, and a sheet must be complete. */
	s.proposals[0].nentries--;
	assert_int_equal(sh_sheet_check(&s, r, assigned, 2, &err), -1);
	assert_non_null(strstr(err.msg, "sheet.json: proposals[0] (P001): "
	    "item "));
	s.proposals[0].nentries++;
	if (sh_sheet_check(&s, r, assigned, 2, &err) != 0)
		fail_msg("%s", err.msg);

	/* Conflicts: (ウ) under review is refused by the shape check too. */
	s.proposals[1].action = SH_ACTION_REVIEW;
	refused_by_check(&s, r, assigned, 2, "sheet.json: proposals[1]: proposal "
	    "P002: conflict (c) declared, so the action must be withdraw");
	sh_sheet_free(&s);
	sh_rubric_free(r);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(write_is_canonical_and_round_trips),
		cmocka_unit_test(parse_refuses_with_reasons),
		cmocka_unit_test(parse_takes_any_key_order),
		cmocka_unit_test(set_on_parsed_sheet),
		cmocka_unit_test(ki_statement),
		cmocka_unit_test(parse_refuses_oversize),
		cmocka_unit_test(writer_refuses_what_reader_refuses),
		cmocka_unit_test(check_enforces_rules_and_assignment),
	};

	if (sodium_init() < 0)
		return 1;
	/* As programs do: jansson's parse trees hold plaintext. */
	sh_json_wipe_on_free();
	return cmocka_run_group_tests(tests, NULL, NULL);
}
