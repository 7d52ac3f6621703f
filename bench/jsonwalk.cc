/*
 * jsonwalk: simdjson's parse of a sheet.json and a walk over every value
 * of it, checking every string for control characters, for
 * bench-floor-json (floor.c built with BENCH_FLOOR_JSON). The fastest
 * JSON parse at hand, doing at least what a reader must do with each
 * value: what shinsa's own reader is measured against. Bench only:
 * nothing in the programs links it or needs simdjson.
 */
#include <cstddef>
#include <cstdint>

#include <simdjson.h>

#include "jsonwalk.h"

using namespace simdjson;

static dom::parser *parser;

/* Every value under e; false on a string with a control character. */
static bool
walk(dom::element e, struct jw_stats *st)
{
	switch (e.type()) {
	case dom::element_type::OBJECT:
		for (dom::key_value_pair kv : dom::object(e)) {
			st->values++;
			if (!walk(kv.value, st))
				return false;
		}
		return true;
	case dom::element_type::ARRAY:
		for (dom::element v : dom::array(e)) {
			st->values++;
			if (!walk(v, st))
				return false;
		}
		return true;
	case dom::element_type::STRING: {
		std::string_view s = std::string_view(e);

		/* What sh_text_safe() refuses first: C0 controls and DEL. */
		for (unsigned char c : s)
			if (c < 0x20 || c == 0x7f)
				return false;
		st->strings++;
		return true;
	}
	default:
		st->values++;
		return true;
	}
}

extern "C" int
jw_walk(const char *json, size_t len, struct jw_stats *st,
    void (*proposal)(void *, const char *, size_t, long long), void *arg)
{
	dom::element	root;

	if (parser == nullptr)
		parser = new dom::parser();
	if (parser->parse(json, len, false).get(root) != SUCCESS || !walk(root, st))
		return -1;
	if (proposal == nullptr)
		return 0;
	/* What a store row needs: each proposal's id and its total. */
	for (dom::element p : root["proposals"].get_array()) {
		std::string_view	id = p["id"].get_string().value();
		long long		total = 0;
		int64_t			v;

		for (dom::element en : p["entries"].get_array())
			if (en["score"].get_int64().get(v) == SUCCESS)
				total += v;
		proposal(arg, id.data(), id.size(), total);
	}
	return 0;
}
