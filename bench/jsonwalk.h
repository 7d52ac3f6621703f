/* simdjson's parse-and-walk, for bench-floor-json (jsonwalk.cc). */
#ifndef SHINSA_BENCH_JSONWALK_H
#define SHINSA_BENCH_JSONWALK_H

#include <stddef.h>

#ifdef __cplusplus
extern "C" {
#endif

struct jw_stats {
	size_t	values;
	size_t	strings;
};

/*
 * Parses json[0..len) (followed by 64 readable bytes: simdjson's
 * padding, so that it need not copy) and visits every value, checking every string for
 * control characters; then, if proposal is not NULL, calls it with each
 * proposal's id and the sum of its scores. 0, or -1 if refused.
 */
int	jw_walk(const char *json, size_t len, struct jw_stats *st,
	    void (*proposal)(void *, const char *, size_t, long long),
	    void *arg);

#ifdef __cplusplus
}
#endif

#endif
