/*
 * The words of the documents a person reads, in the reader's language.
 */
#include <math.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "base/i18n.h"
#include "review/prefecture.h"
#include "rlang.h"

/*
 * The words of the flags, conflicts and statuses as the documents name
 * them, for xgettext: the msgid is the document's own word, so under
 * English the reports say exactly what the JSON says.
 */
static const char *const words[] = {
	/* TRANSLATORS: flag: a reviewer gave every proposal the same
	 * total, so all their deviation scores are 50. */
	N_("sigma-zero"),
	/* TRANSLATORS: flag: a reviewer scored fewer proposals than the
	 * rubric's minimum for a meaningful deviation score. */
	N_("too-few"),
	/* TRANSLATORS: flag: a mandatory item (必須項目) scored 1. */
	N_("mandatory-one"),
	/* TRANSLATORS: flag: markedly many 2s and 1s. */
	N_("many-low"),
	/* TRANSLATORS: flag: a proposal nobody scored. */
	N_("no-reviewers"),
	/* TRANSLATORS: flag: too few reviewers left to drop the highest
	 * and the lowest deviation score. */
	N_("no-trim"),
	/* TRANSLATORS: flag: the highest and lowest were dropped. */
	N_("trimmed"),
	/* TRANSLATORS: flag: a (キ) conflict awaits the committee. */
	N_("pending"),
	/* TRANSLATORS: flag: a reviewer of this proposal has fewer
	 * proposals than the minimum for a meaningful deviation score. */
	N_("few-proposals"),
	N_("none"),
	N_("withdrawn"),
	/* TRANSLATORS: a (キ) conflict awaiting the committee. */
	N_("ki-pending"),
	/* TRANSLATORS: the committee allowed a (キ) review. */
	N_("ki-allowed"),
	/* TRANSLATORS: the committee refused a (キ) review. */
	N_("ki-refused"),
	/* TRANSLATORS: a review's status: not in the proposal's score. */
	N_("not-counted"),
	/* TRANSLATORS: dropped as the highest deviation score. */
	N_("dropped-high"),
	/* TRANSLATORS: dropped as the lowest deviation score. */
	N_("dropped-low"),
	/* TRANSLATORS: a review's status: counted in the score. */
	N_("kept"),
};

bool
mr_lang_ja(void)
{
	/*
	 * The translation of "" is the header of the catalogue in force
	 * (through a variable, or xgettext would take it for a message).
	 */
	static const char	 header[] = "";
	const char		*h = gettext(header);

	return h != NULL && strstr(h, "\nLanguage: ja") != NULL;
}

int
mr_lang_set(const char *lang)
{
	if (strcmp(lang, "ja") != 0 && strcmp(lang, "en") != 0)
		return -1;
	/*
	 * gettext takes LANGUAGE before the locale's own language (the
	 * locale is never plain C here: sh_i18n_init() made it C.UTF-8),
	 * and reads it at each call; set before any message is looked up,
	 * no translation of another language is cached.
	 */
	return setenv("LANGUAGE", lang, 1);
}

const char *
mr_variant_label(const struct sh_rubric *r, const char *id, bool ja)
{
	const struct sh_variant *v;

	if (!ja || r == NULL || (v = sh_rubric_variant(r, id)) == NULL ||
	    v->name == NULL || *v->name == '\0')
		return id;
	return v->name;
}

const char *
mr_pref_label(const char *code, bool ja)
{
	const char *n = sh_prefecture_name(code, ja);

	return n != NULL ? n : code;
}

/* A document's word in the reader's language; a word not in the table
 * is shown as it is. */
static const char *
word(const char *w)
{
	size_t i;

	for (i = 0; i < sizeof words / sizeof words[0]; i++)
		if (strcmp(words[i], w) == 0)
			return _(words[i]);
	return w;
}

const char *
mr_conflict_label(int c)
{
	return word(sh_results_conflict_name(c));
}

const char *
mr_status_label(const struct sh_tally_entry *e)
{
	return word(sh_results_status_name(e));
}

const char *
mr_flag_labels(enum sh_results_flag_kind kind, unsigned flags, char *buf,
    size_t len)
{
	char	 ids[512], *w, *save = NULL;
	size_t	 used = 0;
	int	 n;

	sh_results_flag_words(kind, flags, ids, sizeof ids);
	buf[0] = '\0';
	for (w = strtok_r(ids, " ", &save); w != NULL;
	    w = strtok_r(NULL, " ", &save)) {
		n = snprintf(buf + used, len - used, "%s%s", used ? " " : "",
		    word(w));
		if (n < 0 || (size_t)n >= len - used) {
			buf[used] = '\0';	/* whole words only */
			break;
		}
		used += (size_t)n;
	}
	return buf;
}

/*
 * v as the document writes it to six decimals, then to one: "%.1f" of
 * strtod("%.6f" of v). A report prints one per review, a million in a
 * national round, and three conversions each were most of the tally's
 * time; so where v is more than 1e-6 from a tie (x.x5) both roundings
 * agree with rounding v itself to tenths, which is done here in
 * integers. Near a tie, and for values this does not cover, the
 * conversions decide as before.
 */
/* The decimal digits of u ending at end, which the caller terminates. */
static char *
digits(uint64_t u, char *end)
{
	do {
		*--end = (char)('0' + u % 10);
		u /= 10;
	} while (u > 0);
	return end;
}

const char *
mr_int(long long v, char buf[32])
{
	char *p;

	buf[31] = '\0';
	p = digits(v < 0 ? -(uint64_t)v : (uint64_t)v, buf + 31);
	if (v < 0)
		*--p = '-';
	return memmove(buf, p, (size_t)(buf + 32 - p));
}

const char *
mr_fixed1(double v, char buf[32])
{
	char		 six[32], *p = buf + 31;
	double		 t = v * 10.0, fl, fr;
	uint64_t	 tenths;

	if (!signbit(v) && v < 1e9) {	/* -0.0 keeps printf's "-0.0" */
		fl = floor(t);
		fr = t - fl;
		if (fabs(fr - 0.5) > 1e-5) {
			tenths = (uint64_t)fl + (fr > 0.5);
			*p = '\0';
			*--p = (char)('0' + tenths % 10);
			*--p = '.';
			p = digits(tenths / 10, p);
			return memmove(buf, p, (size_t)(buf + 32 - p));
		}
	}
	snprintf(buf, 32, "%.1f", strtod(sh_results_fixed6(v, six), NULL));
	return buf;
}
