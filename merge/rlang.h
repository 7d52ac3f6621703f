/*
 * The reader's language in the documents a person reads (report, the
 * human documents of publish): whether the catalogue in force is
 * Japanese, and the words of a report in it. The JSON documents keep
 * their ids ("sigma-zero", "chiiki-miryoku", "13") and full precision;
 * these are only for display.
 */
#ifndef SHINSA_MERGE_RLANG_H
#define SHINSA_MERGE_RLANG_H

#include <stdbool.h>
#include <stddef.h>

#include "review/rubric.h"
#include "format/results.h"

/*
 * Whether messages are coming out in Japanese: the catalogue gettext
 * found for this process says "Language: ja". --lang sets LANGUAGE
 * before the first message, so this follows it, and follows the locale
 * otherwise; without a catalogue (an English locale, or none found) the
 * report is English throughout, never half.
 */
bool		 mr_lang_ja(void);

/* Sets the language for the process (--lang ja|en); -1 if neither. */
int		 mr_lang_set(const char *lang);

/* A variant's label: the rubric's name (地域魅力化型) under Japanese,
 * else its id; the id itself when the rubric has no such variant. */
const char	*mr_variant_label(const struct sh_rubric *, const char *id,
		    bool ja);

/* A prefecture's name from its code (東京都, Tokyo), or the code. */
const char	*mr_pref_label(const char *code, bool ja);

/*
 * The translated words of sh_results_conflict_name() and
 * sh_results_status_name().
 */
const char	*mr_conflict_label(int);
const char	*mr_status_label(const struct sh_tally_entry *);

/* sh_results_flag_words() with each word in the reader's language. */
const char	*mr_flag_labels(enum sh_results_flag_kind, unsigned flags,
		    char *buf, size_t len);

/* A deviation score, mean or σ to one decimal, rounded from the JSON's
 * six places, so that every document agrees with it. */
const char	*mr_fixed1(double v, char buf[32]);
/* v in decimal, as "%lld" prints it. */
const char	*mr_int(long long v, char buf[32]);

#endif
