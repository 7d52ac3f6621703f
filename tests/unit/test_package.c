/* format/package: the package document, round trip, refusals, rubric check. */
#include <stdlib.h>
#include <string.h>

#include <sodium.h>

#include "testutil.h"
#include "format/package.h"

#define H64 "0123456789abcdef0123456789abcdef0123456789abcdef0123456789abcdef"
#define RCPT "age1ql3z7hjy54pw3hyww5ayyfg7zqgvc7w3j2elw8zmrj2kg5sfn9aqmcac8p"
#define PK "RWQf6LRCGA9i53mlYecO4IzT51TGPpvWucNSCh1CBM0QTaLn73Y7GFO3"

static const char canonical[] =
    "{\"format\":\"shinsa-package/1\","
    "\"round\":{\"id\":\"R2020-chiiki\",\"title\":\"令和2年度 地域との協働\","
    "\"secretariat_key\":\"" PK "\",\"secretariat_recipient\":\"" RCPT "\"},"
    "\"rubric\":{\"id\":\"chiiki-2020\",\"sha256\":\"" H64 "\"},"
    "\"reviewer\":{\"id\":\"r01\",\"name\":\"山田 花子\",\"recipient\":\"" RCPT "\"},"
    "\"issued\":\"2026-06-28T09:00:00Z\","
    "\"proposals\":["
    "{\"id\":\"P001\",\"title\":\"島の高校\",\"applicant\":\"○○県教育委員会\","
    "\"variant\":\"chiiki-miryoku\",\"prefecture\":\"13\","
    "\"facts\":{\"students_per_pc\":1.5,\"lan_rate\":80,"
    "\"certifications\":[\"eruboshi-2\",\"youth-yell\"]},"
    "\"documents\":[{\"name\":\"構想調書.pdf\",\"path\":\"docs/P001/1.pdf\","
    "\"size\":12345,\"sha256\":\"" H64 "\"},"
    "{\"name\":\"別紙\",\"path\":\"docs/P001/2.pdf\",\"size\":0,"
    "\"sha256\":\"" H64 "\"}]},"
    "{\"id\":\"P002\",\"title\":\"山の高校\",\"applicant\":\"△△市\","
    "\"variant\":\"global\",\"prefecture\":\"47\","
    "\"facts\":{\"students_per_pc\":0.1,\"lan_rate\":33.333333333333336,"
    "\"certifications\":[]},\"documents\":[]}"
    "]}";

static void
build(struct sh_package *p)
{
	struct sh_package_proposal	*pp;
	struct sh_err			 err;

	sh_package_init(p);
	sh_package_set(&p->round_id, "R2020-chiiki");
	sh_package_set(&p->round_title, "令和2年度 地域との協働");
	sh_package_set(&p->secretariat_key, PK);
	sh_package_set(&p->secretariat_recipient, RCPT);
	sh_package_set(&p->rubric_id, "chiiki-2020");
	memcpy(p->rubric_sha256, H64, 65);
	sh_package_set(&p->reviewer_id, "r01");
	sh_package_set(&p->reviewer_name, "山田 花子");
	sh_package_set(&p->reviewer_recipient, RCPT);
	sh_package_set(&p->issued, "2026-06-28T09:00:00Z");

	pp = sh_package_add_proposal(p, "P001");
	sh_package_set(&pp->title, "島の高校");
	sh_package_set(&pp->applicant, "○○県教育委員会");
	sh_package_set(&pp->variant, "chiiki-miryoku");
	sh_package_set(&pp->prefecture, "13");
	assert_int_equal(sh_facts_set(&pp->facts, "students_per_pc", 1.5,
	    &err), 0);
	assert_int_equal(sh_facts_set(&pp->facts, "lan_rate", 80, &err), 0);
	assert_int_equal(sh_facts_add_cert(&pp->facts, "eruboshi-2", &err), 0);
	assert_int_equal(sh_facts_add_cert(&pp->facts, "youth-yell", &err), 0);
	sh_package_add_doc(pp, "構想調書.pdf", "docs/P001/1.pdf", 12345, H64);
	sh_package_add_doc(pp, "別紙", "docs/P001/2.pdf", 0, H64);

	pp = sh_package_add_proposal(p, "P002");
	sh_package_set(&pp->title, "山の高校");
	sh_package_set(&pp->applicant, "△△市");
	sh_package_set(&pp->variant, "global");
	sh_package_set(&pp->prefecture, "47");
	sh_facts_set(&pp->facts, "students_per_pc", 0.1, &err);
	sh_facts_set(&pp->facts, "lan_rate", 100.0 / 3, &err);
}

static void
write_is_canonical_and_round_trips(void **state)
{
	struct sh_package	p, r;
	struct sh_buf		a, b;
	struct sh_err		err;

	build(&p);
	sh_buf_init(&a, true);
	if (sh_package_write(&p, &a, &err) != 0)
		fail_msg("%s", err.msg);
	assert_string_equal((char *)a.data, canonical);
	if (sh_package_parse(a.data, a.len, &r, &err) != 0)
		fail_msg("%s", err.msg);
	assert_true(sh_package_equal(&p, &r));
	/* Shortest round-tripping reals: 100/3 comes back exactly. */
	assert_true(r.proposals[1].facts.nums[1].value == 100.0 / 3);
	sh_buf_init(&b, false);
	assert_int_equal(sh_package_write(&r, &b, &err), 0);
	assert_int_equal(a.len, b.len);
	assert_memory_equal(a.data, b.data, a.len);
	assert_non_null(sh_package_proposal(&r, "P002"));
	r.proposals[0].docs[1].size = 1;
	assert_false(sh_package_equal(&p, &r));
	sh_package_free(&p);
	sh_package_free(&r);
	sh_buf_free(&a);
	sh_buf_free(&b);
}

static char *
mutate(const char *from, const char *to)
{
	const char	*at = strstr(canonical, from);
	char		*out;

	if (at == NULL)
		fail_msg("mutation \"%s\" not found", from);
	out = malloc(strlen(canonical) - strlen(from) + strlen(to) + 1);
	memcpy(out, canonical, (size_t)(at - canonical));
	strcpy(out + (at - canonical), to);
	strcat(out, at + strlen(from));
	return out;
}

static void
expect(const char *from, const char *to, const char *msg)
{
	struct sh_package	 p;
	struct sh_err		 err;
	char			*doc = mutate(from, to);

	if (sh_package_parse(doc, strlen(doc), &p, &err) == 0)
		fail_msg("accepted: %s -> %s", from, to);
	if (msg[0] == '~' ? strstr(err.msg, msg + 1) == NULL :
	    strcmp(err.msg, msg) != 0)
		fail_msg("%s -> %s:\n  got      %s\n  expected %s", from, to,
		    err.msg, msg);
	assert_null(p.proposals);
	assert_null(p.round_id);
	free(doc);
}

/* The deadline (締切) is optional: absent in the canonical package above
 * (as in every package issued before it), kept when present. */
static void
deadline_round_trips(void **state)
{
	struct sh_package	 p, r;
	struct sh_buf		 a;
	struct sh_err		 err;
	char			*doc = mutate(RCPT "\"},",
				    RCPT "\",\"deadline\":\"2026-07-31\"},");

	build(&p);
	sh_package_set(&p.deadline, "2026-07-31");
	sh_buf_init(&a, false);
	if (sh_package_write(&p, &a, &err) != 0)
		fail_msg("%s", err.msg);
	assert_string_equal((char *)a.data, doc);
	if (sh_package_parse(a.data, a.len, &r, &err) != 0)
		fail_msg("%s", err.msg);
	assert_string_equal(r.deadline, "2026-07-31");
	assert_true(sh_package_equal(&p, &r));
	sh_package_free(&p);
	sh_package_free(&r);
	sh_buf_free(&a);
	free(doc);
	expect(RCPT "\"},", RCPT "\",\"deadline\":\"2026-02-30\"},",
	    "~round.deadline: not a date");
}

static void
parse_refuses_with_reasons(void **state)
{
	expect("docs/P001/1.pdf", "../../etc/passwd",
	    "package.json: proposals[0].documents[0].path: name has a \"..\" "
	    "component");
	expect("docs/P001/1.pdf", "/etc/passwd",
	    "package.json: proposals[0].documents[0].path: absolute path");
	expect("docs/P001/2.pdf", "docs/P001/1.pdf",
	    "package.json: proposals[0].documents[1].path: docs/P001/1.pdf is "
	    "also proposals[0].documents[0]");
	expect("docs/P001/2.pdf", "package.json.minisig",
	    "package.json: proposals[0].documents[1].path: package.json.minisig "
	    "is reserved");
	expect("\"size\":12345", "\"size\":-1",
	    "package.json: proposals[0].documents[0].size: -1 out of range "
	    "0–268435456");
	expect("\"size\":12345", "\"size\":268435457",
	    "package.json: proposals[0].documents[0].size: 268435457 out of "
	    "range 0–268435456");
	expect("\"prefecture\":\"13\"", "\"prefecture\":\"48\"",
	    "package.json: proposals[0]: prefecture is not a code 01–47");
	expect("\"lan_rate\":80", "\"lan_rate\":\"80\"",
	    "~package.json: proposals[0]: facts: ");
	expect("{\"id\":\"P002\"", "{\"id\":\"P001\"",
	    "package.json: proposals[1]: proposal P001 appears twice");
	expect("\"title\":\"島の高校\"", "\"title\":\"島の\\u001b]0;x\\u0007高校\"",
	    "package.json: proposals[0].title: contains a control character");
	expect("\"title\":\"島の高校\"", "\"title\":\"\"",
	    "package.json: proposals[0].title: empty");
	expect("\"secretariat_key\":\"RWQ", "\"secretariat_key\":\"RW",
	    "package.json: round.secretariat_key: not a minisign public key");
	expect("\"issued\":\"2026-06-28T09:00:00Z\"", "\"issued\":\"yesterday\"",
	    "package.json: issued: expected a UTC time like 2026-06-30T12:00:00Z");
	expect("\"size\":0,", "\"size\":0,\"mode\":493,",
	    "package.json: proposals[0].documents[1]: unknown key \"mode\"");
	expect("\"recipient\":\"age1", "\"recipient\":\"AGE1",
	    "package.json: reviewer.recipient: expected an age recipient "
	    "(age1...)");
	expect("shinsa-package/1", "shinsa-sheet/1",
	    "package.json: format: \"shinsa-sheet/1\" is not shinsa-package/1");
}

/* Repeats are told against the first place in package order, whatever
 * the order of the ids and paths themselves. */
static void
repeats_told_in_package_order(void **state)
{
	struct sh_package		 p;
	struct sh_package_proposal	*pp;
	struct sh_err			 err;
	const char			*ids[] = { "P000", "P002", "P000" };
	size_t				 i;

	build(&p);
	for (i = 0; i < 3; i++) {
		pp = sh_package_add_proposal(&p, ids[i]);
		sh_package_set(&pp->title, "川の高校");
		sh_package_set(&pp->applicant, "□□町");
		sh_package_set(&pp->variant, "global");
		sh_package_set(&pp->prefecture, "01");
	}
	assert_int_equal(sh_package_validate(&p, &err), -1);
	assert_string_equal(err.msg,
	    "proposals[3]: proposal P002 appears twice");
	sh_package_set(&p.proposals[3].id, "P003");
	assert_int_equal(sh_package_validate(&p, &err), -1);
	assert_string_equal(err.msg,
	    "proposals[4]: proposal P000 appears twice");
	sh_package_set(&p.proposals[4].id, "P004");
	assert_int_equal(sh_package_validate(&p, &err), 0);

	sh_package_add_doc(&p.proposals[3], "a", "docs/P000/1.pdf", 1, H64);
	sh_package_add_doc(&p.proposals[4], "b", "docs/P001/2.pdf", 1, H64);
	sh_package_add_doc(&p.proposals[4], "c", "docs/P000/1.pdf", 1, H64);
	sh_package_add_doc(&p.proposals[1], "d", "docs/P001/2.pdf", 1, H64);
	assert_int_equal(sh_package_validate(&p, &err), -1);
	assert_string_equal(err.msg, "proposals[1].documents[0].path: "
	    "docs/P001/2.pdf is also proposals[0].documents[1]");
	sh_package_set(&p.proposals[1].docs[0].path, "docs/P002/1.pdf");
	assert_int_equal(sh_package_validate(&p, &err), -1);
	assert_string_equal(err.msg, "proposals[4].documents[0].path: "
	    "docs/P001/2.pdf is also proposals[0].documents[1]");
	sh_package_set(&p.proposals[4].docs[0].path, "docs/P004/1.pdf");
	assert_int_equal(sh_package_validate(&p, &err), -1);
	assert_string_equal(err.msg, "proposals[4].documents[1].path: "
	    "docs/P000/1.pdf is also proposals[3].documents[0]");
	sh_package_set(&p.proposals[4].docs[1].path, "docs/P004/2.pdf");
	if (sh_package_validate(&p, &err) != 0)
		fail_msg("%s", err.msg);
	sh_package_free(&p);
}

static void
check_against_rubric(void **state)
{
	struct sh_package	 p;
	struct sh_rubric	*r;
	struct sh_err		 err;
	char			*path = tu_src("data/rubrics/chiiki-2020.json");
	struct sh_facts		*f;

	if ((r = sh_rubric_load_file(path, &err)) == NULL)
		fail_msg("%s", err.msg);
	free(path);
	build(&p);
	assert_int_equal(sh_package_check(&p, r, &err), -1);
	assert_non_null(strstr(err.msg, "package.json: rubric chiiki-2020 has "
	    "hash 0123456789ab..., but the rubric given has "));
	memcpy(p.rubric_sha256, r->hash_hex, 65);
	if (sh_package_check(&p, r, &err) != 0)
		fail_msg("%s", err.msg);

	sh_package_set(&p.proposals[1].variant, "pro");
	assert_int_equal(sh_package_check(&p, r, &err), -1);
	assert_string_equal(err.msg, "package.json: proposals[1]: proposal "
	    "P002: rubric chiiki-2020 has no variant pro");
	sh_package_set(&p.proposals[1].variant, "global");

	f = &p.proposals[0].facts;
	f->nums[1].value = 101;		/* lan_rate domain is 0–100 */
	assert_int_equal(sh_package_check(&p, r, &err), -1);
	assert_string_equal(err.msg, "package.json: proposals[0]: proposal "
	    "P001: facts: item 10-2: fact lan_rate = 101 is outside its domain");
	f->nums[1].value = 100;
	assert_int_equal(sh_facts_add_cert(f, "kurumin-2", &err), 0);
	assert_int_equal(sh_package_check(&p, r, &err), -1);
	assert_string_equal(err.msg, "package.json: proposals[0]: proposal "
	    "P001: facts: item 11: certification kurumin-2 is not one of its "
	    "options");
	sh_facts_free(f);
	sh_facts_init(f);
	assert_int_equal(sh_facts_set(f, "students_per_pc", 2, &err), 0);
	assert_int_equal(sh_package_check(&p, r, &err), -1);
	assert_string_equal(err.msg, "package.json: proposals[0]: proposal "
	    "P001: facts: item 10-2: fact lan_rate missing");
	assert_int_equal(sh_facts_set(f, "lan_rate", 50, &err), 0);
	assert_int_equal(sh_facts_set(f, "teachers", 5, &err), 0);
	assert_int_equal(sh_package_check(&p, r, &err), -1);
	assert_string_equal(err.msg, "package.json: proposals[0]: proposal "
	    "P001: facts: fact teachers is used by no item of variant "
	    "chiiki-miryoku");
	sh_package_free(&p);
	sh_rubric_free(r);
}

static void
writer_refuses_what_reader_refuses(void **state)
{
	struct sh_package	p;
	struct sh_buf		b;
	struct sh_err		err;

	build(&p);
	sh_buf_init(&b, false);
	sh_package_set(&p.proposals[0].docs[0].path, "a/../b");
	assert_int_equal(sh_package_write(&p, &b, &err), -1);
	assert_string_equal(err.msg, "package.json: proposals[0].documents[0]"
	    ".path: name has a \"..\" component");
	assert_int_equal(b.len, 0);
	sh_package_set(&p.proposals[0].docs[0].path, "rubric.json");
	assert_int_equal(sh_package_write(&p, &b, &err), -1);
	assert_string_equal(err.msg, "package.json: proposals[0].documents[0]"
	    ".path: rubric.json is reserved");
	sh_package_free(&p);
	sh_buf_free(&b);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(write_is_canonical_and_round_trips),
		cmocka_unit_test(parse_refuses_with_reasons),
		cmocka_unit_test(repeats_told_in_package_order),
		cmocka_unit_test(deadline_round_trips),
		cmocka_unit_test(check_against_rubric),
		cmocka_unit_test(writer_refuses_what_reader_refuses),
	};

	if (sodium_init() < 0)
		return 1;
	return cmocka_run_group_tests(tests, NULL, NULL);
}
