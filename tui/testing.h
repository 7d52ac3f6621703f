/*
 * Fixtures for the workstation's tests (included by tests only): a
 * package.json for each scheme, built around the transcribed rubric so
 * that its sha256 matches, and a loaded workstation.
 */
#ifndef SHINSA_TUI_TESTING_H
#define SHINSA_TUI_TESTING_H

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "base/err.h"
#include "review/rubric.h"
#include "model.h"

#ifndef SHINSA_SOURCE_DIR
#error "tests define SHINSA_SOURCE_DIR"
#endif

/* kakine: two proposals; chiiki: a 地域魅力化型 and a プロフェッショナル型. */
static const char *const tw_kakine_props =
    "{\"id\":\"K001\",\"title\":\"中山間地域の小規模校をつなぐ遠隔授業"
    "ネットワークの構築\",\"applicant\":\"北海道教育委員会\","
    "\"variant\":\"kakine\",\"prefecture\":\"01\",\"facts\":"
    "{\"certifications\":[\"eruboshi-2\",\"kurumin-1\"]},\"documents\":[]},"
    "{\"id\":\"K002\",\"title\":\"島嶼部の高校における通信教育の充実\","
    "\"applicant\":\"沖縄県教育委員会\",\"variant\":\"kakine\","
    "\"prefecture\":\"47\",\"facts\":{},\"documents\":[]}";

static const char *const tw_chiiki_props =
    "{\"id\":\"C001\",\"title\":\"地域と協働した探究学習による魅力ある"
    "学校づくり\",\"applicant\":\"島根県教育委員会\","
    "\"variant\":\"chiiki-miryoku\",\"prefecture\":\"32\",\"facts\":"
    "{\"students_per_pc\":1.5,\"lan_rate\":80,"
    "\"certifications\":[\"eruboshi-3\"]},\"documents\":[]},"
    "{\"id\":\"C002\",\"title\":\"地元産業界と連携した専門人材育成\","
    "\"applicant\":\"新潟県教育委員会\",\"variant\":\"pro-single\","
    "\"prefecture\":\"15\",\"facts\":{\"students_per_pc\":3,"
    "\"lan_rate\":40},\"documents\":[]}";

/* A workstation for rubric `scheme` ("kakine-2024" or "chiiki-2020");
 * fails the test on error. */
static inline struct ws *
tw_load(const char *scheme, const char *round)
{
	struct sh_err		 err;
	struct sh_rubric	*r;
	struct ws		*ws;
	char			 path[4096], *json;
	size_t			 n;

	snprintf(path, sizeof(path), "%s/data/rubrics/%s.json",
	    SHINSA_SOURCE_DIR, scheme);
	if ((r = sh_rubric_load_file(path, &err)) == NULL) {
		fprintf(stderr, "%s\n", err.msg);
		abort();
	}
	n = 4096 + strlen(tw_kakine_props) + strlen(tw_chiiki_props);
	json = calloc(1, n);
	snprintf(json, n,
	    "{\"format\":\"shinsa-package/1\",\"round\":{\"id\":\"%s\","
	    "\"title\":\"令和6年度 書面審査\",\"secretariat_key\":"
	    "\"RWQf6LRCGA9i53mlYecO4IzT51TGPpvWucNSCh1CBM0QTaLn73Y7GFO3\","
	    "\"secretariat_recipient\":\"age1secretariat\"},"
	    "\"rubric\":{\"id\":\"%s\",\"sha256\":\"%s\"},"
	    "\"reviewer\":{\"id\":\"r01\",\"name\":\"山田 花子\","
	    "\"recipient\":\"age1reviewer\"},\"issued\":"
	    "\"2026-06-28T09:00:00Z\",\"proposals\":[%s]}",
	    round, r->id, r->hash_hex,
	    strcmp(scheme, "kakine-2024") == 0 ? tw_kakine_props :
	    tw_chiiki_props);
	ws = ws_from_package(json, strlen(json), r, &err);
	free(json);
	if (ws == NULL) {
		fprintf(stderr, "%s\n", err.msg);
		abort();
	}
	return ws;
}

#endif
