/*
 * libFuzzer target for the trusted comment of a sealed document
 * (format/seal: sh_seal_tc_parse), the line the merge's ingest and
 * shinsa-verify read from every sheet, package and results signature
 * before they trust anything else in it.
 *
 * A refused comment leaves the output untouched and says why. An
 * accepted one keeps the promises seal.h makes (a known kind; ids and a
 * recipient for sheets and packages, none for results; a positive
 * revision only for sheets; 64 lowercase hex digits), and formats with
 * sh_seal_tc_format() into a comment that parses back to the same
 * fields and formats to the same bytes.
 */
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "format/json_util.h"
#include "format/seal.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

static void
fz_seal_tc_check(const struct sh_seal_tc *tc)
{
	bool sheet = strcmp(tc->kind, "sheet") == 0;
	bool results = strcmp(tc->kind, "results") == 0;

	if (!sheet && !results && strcmp(tc->kind, "package") != 0)
		abort();
	if (!sh_json_id_ok(tc->round) || !sh_json_sha256_ok(tc->sha256))
		abort();
	if (results ? tc->reviewer[0] != '\0' || tc->recipient[0] != '\0' :
	    !sh_json_id_ok(tc->reviewer) ||
	    !sh_json_recipient_ok(tc->recipient))
		abort();
	if (sheet ? tc->revision < 1 : tc->revision != 0)
		abort();
}

/* Field by field: the struct has padding after reviewer. */
static bool
fz_seal_tc_equal(const struct sh_seal_tc *a, const struct sh_seal_tc *b)
{
	return strcmp(a->kind, b->kind) == 0 &&
	    strcmp(a->round, b->round) == 0 &&
	    strcmp(a->reviewer, b->reviewer) == 0 &&
	    a->revision == b->revision &&
	    strcmp(a->recipient, b->recipient) == 0 &&
	    strcmp(a->sha256, b->sha256) == 0;
}

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct sh_seal_tc	tc, tc2, sentinel;
	struct sh_err		e;
	struct sh_buf		b, b2;

	memset(&sentinel, 0xa5, sizeof sentinel);
	memcpy(&tc, &sentinel, sizeof tc);
	e.msg[0] = '\0';
	if (sh_seal_tc_parse((const char *)data, size, &tc, &e) != 0) {
		if (memcmp(&tc, &sentinel, sizeof tc) != 0 || e.msg[0] == '\0')
			abort();
		return 0;
	}
	fz_seal_tc_check(&tc);
	sh_buf_init(&b, false);
	sh_buf_init(&b2, false);
	if (sh_seal_tc_format(&tc, &b, &e) != 0 ||
	    sh_seal_tc_parse((const char *)b.data, b.len, &tc2, &e) != 0 ||
	    !fz_seal_tc_equal(&tc, &tc2) ||
	    sh_seal_tc_format(&tc2, &b2, &e) != 0 ||
	    b.len != b2.len || memcmp(b.data, b2.data, b.len) != 0)
		abort();
	sh_buf_free(&b);
	sh_buf_free(&b2);
	return 0;
}
