/* The plain-text review form; see form.h and shinsa-form(5). */
#include <stddef.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <sodium.h>

#include "base/i18n.h"
#include "base/text.h"
#include "form.h"
#include "wstore.h"

#define MARK	"==+== "
#define NOTE	"==-== "

/*
 * The form's words in each language. Export writes one language's; import
 * takes either's on any line, so a form exported under Japanese imports
 * under English and the other way round. The English words are the
 * form's first ones and stay as they were.
 */
struct form_words {
	const char	*magic;		/* after MARK */
	const char	*round, *reviewer, *version, *ready, *yes, *no;
	const char	*proposal, *conflict, *undeclared, *review, *withdraw;
	const char	*codes[SH_DECLARE_NCODES];	/* (ア)-(キ) */
	const char	*item, *comment, *cannot_judge, *bonus;
	const char	*remarks, *conditions, *statement, *scratchpad, *end;
	const char	*notes[5];
};

static const struct form_words form_en = {
	"shinsa review form 1",
	"Round", "Reviewer", "Version", "Ready", "yes", "no",
	"Proposal", "Conflict", "undeclared", "review", "withdraw",
	{ "a", "b", "c", "d", "e", "f", "g" },
	"Item", "Comment", "cannot judge", "bonus: ",
	"Remarks", "Conditions", "Statement", "Scratchpad", "End",
	{
		"Lines beginning \"==-== \" are notes and are ignored; "
		"\"==+== \" lines are fields.",
		"In text, a line beginning \"==\" is written with one more "
		"\"=\" (\"===\" stands for \"==\").",
		"Conflict: undeclared, review, review g, or withdraw with the "
		"codes a-g for (ア)-(キ), e.g. \"withdraw b\".",
		"Set \"Ready: yes\" only when everything is filled in; a draft "
		"may be incomplete. See shinsa-form(5).",
		"This file is plaintext: keep it private and delete it after "
		"import.",
	},
};

/* The seeds' words: 評点, 判断できない, 総合所見, 計画の修正等の条件. */
static const struct form_words form_ja = {
	"shinsa 評価票 1",
	"審査回", "審査委員", "版", "記入完了", "はい", "いいえ",
	"構想", "利害関係", "未申告", "審査", "辞退",
	{ "ア", "イ", "ウ", "エ", "オ", "カ", "キ" },
	"評点", "コメント", "判断できない", "加点: ",
	"総合所見", "計画の修正等の条件", "申出", "個人メモ", "終わり",
	{
		"「==-== 」で始まる行は注記で、読み込みでは無視されます。"
		"「==+== 」で始まる行は記入欄です。",
		"本文中で「==」で始まる行は「=」を一つ増やして書きます"
		"（「===」は「==」の意味です）。",
		"利害関係: 未申告、審査、審査 キ、又は 辞退 に続けて区分 ア～キ を"
		"書きます（例:「辞退 イ」）。",
		"「記入完了: はい」は全て記入したときだけにしてください。"
		"下書きは未完成でも構いません。shinsa-form(5) を参照。",
		"このファイルは暗号化されていません。他人に見せず、"
		"読み込んだ後は削除してください。",
	},
};

static const struct form_words *const form_langs[] = { &form_en, &form_ja };
#define NLANGS	(sizeof(form_langs) / sizeof(form_langs[0]))

enum form_lang
form_lang_locale(void)
{
	/* The catalogue in force's header, as merge/rlang.c reads it. */
	static const char	 header[] = "";
	const char		*h = gettext(header);

	return h != NULL && strstr(h, "\nLanguage: ja") != NULL ? FORM_JA :
	    FORM_EN;
}

static int
put(struct sh_buf *b, const char *s)
{
	return sh_buf_append_str(b, s);
}

/* A block of text: every line that begins with "==" gets one more "=",
 * so no text line can be taken for a marker. */
static int
put_block(struct sh_buf *b, const char *s)
{
	const char *nl;

	if (s == NULL)
		return 0;
	while (*s != '\0') {
		if (strncmp(s, "==", 2) == 0 && put(b, "=") != 0)
			return -1;
		nl = strchr(s, '\n');
		if (nl == NULL)
			return sh_buf_append(b, s, strlen(s)) != 0 ||
			    put(b, "\n") != 0 ? -1 : 0;
		if (sh_buf_append(b, s, (size_t)(nl - s) + 1) != 0)
			return -1;
		s = nl + 1;
	}
	return 0;
}

/* A note: one line, no control characters. */
static int
put_note(struct sh_buf *b, const char *label, const char *s)
{
	struct sh_buf	t;
	int		r;

	sh_buf_init(&t, true);
	if (sh_text_sanitize(&t, s != NULL ? s : "", s != NULL ? strlen(s) : 0,
	    false) != 0)
		return -1;
	r = sh_buf_printf(b, NOTE "%s%s\n", label, (char *)t.data);
	sh_buf_free(&t);
	return r;
}

static const char *
codes(const struct form_words *w, unsigned d, char *buf, size_t len)
{
	unsigned	i;
	size_t		n = 0;

	buf[0] = '\0';
	for (i = 0; i < SH_DECLARE_NCODES; i++)
		if (d & (1u << i))
			n += snprintf(buf + n, len - n, "%s%s", n > 0 ? "," :
			    "", w->codes[i]);
	return buf;
}

int
form_export(const struct ws *ws, long long version, enum form_lang lang,
    struct sh_buf *out, struct sh_err *err)
{
	const struct form_words		*w = form_langs[lang];
	const struct ws_proposal	*p;
	const struct sh_item		*it;
	const struct ws_entry		*e;
	char				 c[64];
	size_t				 i, j;
	int				 r = 0;

	r |= sh_buf_printf(out, MARK "%s\n", w->magic);
	for (i = 0; i < sizeof(w->notes) / sizeof(w->notes[0]); i++)
		r |= sh_buf_printf(out, NOTE "%s\n", w->notes[i]);
	r |= sh_buf_printf(out, MARK "%s: %s\n", w->round, ws->round_id);
	r |= sh_buf_printf(out, MARK "%s: %s\n", w->reviewer,
	    ws->reviewer_id);
	r |= sh_buf_printf(out, MARK "%s: %lld\n", w->version, version);
	r |= sh_buf_printf(out, MARK "%s: %s\n", w->ready,
	    ws_problems(ws, NULL, 0) == 0 ? w->yes : w->no);
	for (i = 0; i < ws->nprops && r == 0; i++) {
		p = &ws->props[i];
		r |= sh_buf_printf(out, "\n" MARK "%s: %s\n", w->proposal,
		    p->id);
		r |= put_note(out, "", p->title);
		r |= sh_buf_printf(out, MARK "%s: %s%s%s\n", w->conflict,
		    p->conflict == WS_CONFLICT_UNDECLARED ? w->undeclared :
		    p->conflict == WS_CONFLICT_REVIEW ? w->review : w->withdraw,
		    p->declared != 0 ? " " : "", codes(w, p->declared, c,
		    sizeof(c)));
		for (j = 0; j < p->variant->nitems; j++) {
			it = &p->variant->items[j];
			e = &p->entries[j];
			if (it->kind != SH_ITEM_JUDGED &&
			    it->kind != SH_ITEM_BONUS)
				continue;
			r |= put_note(out, it->kind == SH_ITEM_JUDGED ?
			    "" : w->bonus, it->criterion);
			if (it->kind == SH_ITEM_JUDGED && e->cannot_judge)
				r |= sh_buf_printf(out, MARK "%s %s: %s\n",
				    w->item, it->id, w->cannot_judge);
			else if (e->set)
				r |= sh_buf_printf(out, MARK "%s %s: %d\n",
				    w->item, it->id, e->value);
			else
				r |= sh_buf_printf(out, MARK "%s %s:\n",
				    w->item, it->id);
			r |= sh_buf_printf(out, MARK "%s %s:\n", w->comment,
			    it->id);
			r |= put_block(out, e->comment);
		}
		r |= sh_buf_printf(out, MARK "%s:\n", w->remarks);
		r |= put_block(out, p->remarks);
		r |= sh_buf_printf(out, MARK "%s:\n", w->conditions);
		r |= put_block(out, p->conditions);
		/* A (キ) is declared in writing (申出): its statement. */
		if ((p->declared & SH_DECLARE_G) || p->statement != NULL) {
			r |= sh_buf_printf(out, MARK "%s:\n", w->statement);
			r |= put_block(out, p->statement);
		}
		r |= sh_buf_printf(out, MARK "%s:\n", w->scratchpad);
		r |= put_block(out, p->scratch);
	}
	r |= sh_buf_printf(out, "\n" MARK "%s\n", w->end);
	return r == 0 ? 0 : sh_errf(err, "out of memory");
}

/* Import */

static void
wipe(char *s)
{
	if (s != NULL) {
		sodium_memzero(s, strlen(s));
		free(s);
	}
}

struct reader {
	const char	*s;
	size_t		 len;
	size_t		 pos;
	size_t		 lineno;
	const char	*line;		/* current line, not NUL-terminated */
	size_t		 n;
};

static bool
next_line(struct reader *r)
{
	const char *nl;

	if (r->pos >= r->len)
		return false;
	r->line = r->s + r->pos;
	nl = memchr(r->line, '\n', r->len - r->pos);
	r->n = nl != NULL ? (size_t)(nl - r->line) : r->len - r->pos;
	r->pos += r->n + (nl != NULL ? 1 : 0);
	if (r->n > 0 && r->line[r->n - 1] == '\r')
		r->n--;
	r->lineno++;
	return true;
}

static bool
is(const struct reader *r, const char *prefix)
{
	size_t n = strlen(prefix);

	return r->n >= n && memcmp(r->line, prefix, n) == 0;
}

/* The length of a colon at line[at], ASCII or full-width (an IME's). */
static size_t
colon(const struct reader *r, size_t at)
{
	if (at < r->n && r->line[at] == ':')
		return 1;
	if (at + 3 <= r->n && memcmp(r->line + at, "\xef\xbc\x9a", 3) == 0)
		return 3;
	return 0;
}

/* The word at offset off of struct form_words in language i. */
#define WORD(i, off)	(*(const char *const *)(const void *)		\
	((const char *)form_langs[i] + (off)))

/* Whether the line is MARK followed by the word in either language, and
 * then by what ends it (a space, a colon or the line's end). */
static bool
marker(const struct reader *r, size_t off, size_t *after)
{
	size_t	k = strlen(MARK), i, n;

	if (!is(r, MARK))
		return false;
	for (i = 0; i < NLANGS; i++) {
		n = strlen(WORD(i, off));
		if (r->n >= k + n && memcmp(r->line + k, WORD(i, off), n) == 0 &&
		    (k + n == r->n || r->line[k + n] == ' ' ||
		    colon(r, k + n) > 0)) {
			*after = k + n;
			return true;
		}
	}
	return false;
}

/* Field value after "==+== Key:" with spaces trimmed, into buf; the
 * key in either language. */
static bool
field(const struct reader *r, size_t off, char *buf, size_t size)
{
	size_t	a, b, c;

	if (!marker(r, off, &a) || (c = colon(r, a)) == 0)
		return false;
	a += c;
	b = r->n;
	while (a < b && r->line[a] == ' ')
		a++;
	while (b > a && r->line[b - 1] == ' ')
		b--;
	if (b - a >= size)
		b = a + size - 1;
	memcpy(buf, r->line + a, b - a);
	buf[b - a] = '\0';
	return true;
}

/* Whether v is the word at off in either language. */
static bool
word(const char *v, size_t off)
{
	size_t i;

	for (i = 0; i < NLANGS; i++)
		if (strcmp(v, WORD(i, off)) == 0)
			return true;
	return false;
}

#define W(m)	offsetof(struct form_words, m)

/* Reads text lines up to the next marker into *out (NULL if empty).
 * Leaves the reader on the marker line (or at the end). */
static int
read_block(struct reader *r, char **out, struct sh_err *err)
{
	struct sh_buf	b;
	size_t		save_pos, save_line;
	const char	*t;
	size_t		n;

	*out = NULL;
	sh_buf_init(&b, true);
	for (;;) {
		save_pos = r->pos;
		save_line = r->lineno;
		if (!next_line(r))
			break;
		if (is(r, MARK) || is(r, "==+==")) {
			r->pos = save_pos;
			r->lineno = save_line;
			break;
		}
		if (is(r, NOTE) || (r->n == 5 && is(r, "==-==")))
			continue;
		t = r->line;
		n = r->n;
		if (n >= 3 && memcmp(t, "===", 3) == 0) {
			t++;
			n--;
		} else if (n >= 2 && memcmp(t, "==", 2) == 0) {
			sh_buf_free(&b);
			return sh_errf(err, "line %zu: begins with \"==\" but "
			    "is no marker: write \"===\" for \"==\" in text",
			    r->lineno);
		}
		/* What the model would refuse, said with its line. */
		if (!sh_text_safe(t, n, true)) {
			sh_buf_free(&b);
			if (!sh_utf8_valid(t, n))
				return sh_errf(err, "line %zu: text is not "
				    "UTF-8", r->lineno);
			return sh_errf(err, "line %zu: text has a control or "
			    "direction-override character (only tabs may be "
			    "in a line)", r->lineno);
		}
		if (sh_buf_append(&b, t, n) != 0 ||
		    sh_buf_append(&b, "\n", 1) != 0) {
			sh_buf_free(&b);
			return sh_errf(err, "out of memory");
		}
	}
	/* Trailing blank lines separate sections; they are not text. */
	while (b.len > 0 && b.data[b.len - 1] == '\n')
		b.len--;
	if (b.len == 0) {
		sh_buf_free(&b);
		return 0;
	}
	*out = strndup((char *)b.data, b.len);
	sh_buf_free(&b);
	return *out != NULL ? 0 : sh_errf(err, "out of memory");
}

/* Skips blank and note lines; false at the end. */
static bool
next_marker(struct reader *r)
{
	while (next_line(r)) {
		if (r->n == 0 || is(r, NOTE) || (r->n == 5 && is(r, "==-==")))
			continue;
		return true;
	}
	return false;
}

/* v begins with the word at off in either language: its length. */
static size_t
starts(const char *v, size_t off)
{
	size_t i, n;

	for (i = 0; i < NLANGS; i++) {
		n = strlen(WORD(i, off));
		if (strncmp(v, WORD(i, off), n) == 0)
			return n;
	}
	return 0;
}

static int
parse_conflict(const char *v, enum ws_conflict_state *st, unsigned *d)
{
	const char	*p;
	size_t		 n, i, l;

	*d = 0;
	if (word(v, W(undeclared))) {
		*st = WS_CONFLICT_UNDECLARED;
		return 0;
	}
	if ((n = starts(v, W(review))) > 0)
		*st = WS_CONFLICT_REVIEW;
	else if ((n = starts(v, W(withdraw))) > 0)
		*st = WS_CONFLICT_WITHDRAW;
	else
		return -1;
	/* The codes, a-g or ア-キ, apart by spaces, commas or 、. */
	for (p = v + n; *p != '\0'; p += n) {
		if (*p == ' ' || *p == ',') {
			n = 1;
			continue;
		}
		if (strncmp(p, "、", strlen("、")) == 0) {
			n = strlen("、");
			continue;
		}
		for (i = 0, n = 0; n == 0 && i < SH_DECLARE_NCODES; i++)
			for (l = 0; n == 0 && l < NLANGS; l++)
				if (strncmp(p, form_langs[l]->codes[i],
				    strlen(form_langs[l]->codes[i])) == 0) {
					n = strlen(form_langs[l]->codes[i]);
					*d |= 1u << i;
				}
		if (n == 0)
			return -1;
	}
	return 0;
}

int
form_import(struct ws *ws, long long version, const char *text, size_t len,
    struct sh_err *err)
{
	struct reader		 r = { text, len, 0, 0, NULL, 0 };
	struct ws_proposal	*p = NULL;
	struct sh_buf		*saved = NULL;
	bool			*seen = NULL;
	const struct sh_item	*it;
	char			 v[256], key[128], *block;
	long long		 fver;
	bool			 ready = false, seen_end = false;
	size_t			 i, at, nprops = 0;
	int			 rc = -1, val;
	struct sh_problem	 pr;

	if (len > FORM_MAX)
		return sh_errf(err, "form: over %u bytes", FORM_MAX);
	if (!next_marker(&r) || !marker(&r, W(magic), &at))
		return sh_errf(err, "form: line 1: not a shinsa review form");
	/* The header. */
	if (!next_marker(&r) || !field(&r, W(round), v, sizeof(v)))
		return sh_errf(err, "form: line %zu: Round expected",
		    r.lineno);
	if (strcmp(v, ws->round_id) != 0)
		return sh_errf(err, "form: for round %s, not %s", v,
		    ws->round_id);
	if (!next_marker(&r) || !field(&r, W(reviewer), v, sizeof(v)))
		return sh_errf(err, "form: line %zu: Reviewer expected",
		    r.lineno);
	if (strcmp(v, ws->reviewer_id) != 0)
		return sh_errf(err, "form: for reviewer %s, not %s", v,
		    ws->reviewer_id);
	if (!next_marker(&r) || !field(&r, W(version), v, sizeof(v)) ||
	    sscanf(v, "%lld", &fver) != 1)
		return sh_errf(err, "form: line %zu: Version expected",
		    r.lineno);
	if (fver != version)
		return sh_errf(err, "form: exported at version %lld but the "
		    "drafts are now at %lld: they changed since; export again "
		    "and redo your edits there", fver, version);
	if (!next_marker(&r) || !field(&r, W(ready), v, sizeof(v)) ||
	    (!word(v, W(yes)) && !word(v, W(no))))
		return sh_errf(err, "form: line %zu: Ready: yes or no "
		    "expected", r.lineno);
	ready = word(v, W(yes));

	/* Keep every proposal as it was, to put back on any failure. */
	if ((saved = calloc(ws->nprops, sizeof(*saved))) == NULL ||
	    (seen = calloc(ws->nprops, sizeof(*seen))) == NULL) {
		free(saved);
		return sh_errf(err, "out of memory");
	}
	for (i = 0; i < ws->nprops; i++) {
		sh_buf_init(&saved[i], true);
		if (ws_prop_to_json(&ws->props[i], &saved[i], err) != 0)
			goto restore;
	}
	while (next_marker(&r)) {
		if (marker(&r, W(end), &at) && at == r.n) {
			seen_end = true;
			break;
		}
		if (field(&r, W(proposal), v, sizeof(v))) {
			if ((p = ws_proposal(ws, v)) == NULL) {
				sh_errf(err, "form: line %zu: proposal %s is "
				    "not assigned to you", r.lineno, v);
				goto restore;
			}
			/* Counting it twice would let another proposal go
			 * unreplaced, keeping its old drafts. */
			if (seen[p - ws->props]) {
				sh_errf(err, "form: line %zu: proposal %s is "
				    "in the form twice", r.lineno, v);
				goto restore;
			}
			seen[p - ws->props] = true;
			/* Start from nothing: the form is the whole truth. */
			{
				struct sh_buf b;

				sh_buf_init(&b, true);
				if (sh_buf_printf(&b, "{\"proposal\":\"%s\","
				    "\"conflict\":\"undeclared\","
				    "\"declared\":0,\"entries\":[]}",
				    p->id) != 0 ||
				    ws_prop_from_json(p, b.data, b.len,
				    err) != 0) {
					sh_buf_free(&b);
					goto restore;
				}
				sh_buf_free(&b);
			}
			nprops++;
			continue;
		}
		if (p == NULL) {
			sh_errf(err, "form: line %zu: Proposal expected",
			    r.lineno);
			goto restore;
		}
		if (field(&r, W(conflict), v, sizeof(v))) {
			enum ws_conflict_state	st;
			unsigned		d;

			if (parse_conflict(v, &st, &d) != 0 ||
			    (sh_conflict_must_withdraw(d, NULL) &&
			    st != WS_CONFLICT_WITHDRAW)) {
				sh_errf(err, "form: line %zu: proposal %s: "
				    "conflict \"%s\": (a)-(f) must withdraw; "
				    "write undeclared, review, review g or "
				    "withdraw CODES", r.lineno, p->id, v);
				goto restore;
			}
			p->conflict = st;
			p->declared = d;
			continue;
		}
		if ((marker(&r, W(item), &at) || marker(&r, W(comment), &at)) &&
		    at < r.n && r.line[at] == ' ') {
			bool		 comment = !marker(&r, W(item), &at);
			size_t		 k = at + 1, e, c = 0;

			for (e = k; e < r.n && (c = colon(&r, e)) == 0; e++)
				;
			if (e == r.n || e - k >= sizeof(key)) {
				sh_errf(err, "form: line %zu: malformed",
				    r.lineno);
				goto restore;
			}
			memcpy(key, r.line + k, e - k);
			key[e - k] = '\0';
			it = sh_variant_item(p->variant, key);
			if (it == NULL || (it->kind != SH_ITEM_JUDGED &&
			    it->kind != SH_ITEM_BONUS)) {
				sh_errf(err, "form: line %zu: proposal %s has "
				    "no item %s for the reviewer", r.lineno,
				    p->id, key);
				goto restore;
			}
			if (comment) {
				if (read_block(&r, &block, err) != 0)
					goto restore;
				wipe(p->entries[it->index].comment);
				p->entries[it->index].comment = block;
				continue;
			}
			snprintf(v, sizeof(v), "%.*s", (int)(r.n - e - c),
			    r.line + e + c);
			{
				char *a = v, *b = v + strlen(v);
				struct ws_entry *en = &p->entries[it->index];
				struct sh_entry se;

				while (*a == ' ')
					a++;
				while (b > a && b[-1] == ' ')
					*--b = '\0';
				en->cannot_judge = false;
				if (*a == '\0')
					en->set = false;
				else if (word(a, W(cannot_judge)) &&
				    it->kind == SH_ITEM_JUDGED) {
					en->set = true;
					en->value = ws->rubric->
					    cannot_judge_score;
					en->cannot_judge = true;
				} else if (sscanf(a, "%d", &val) == 1 &&
				    strspn(a, "0123456789") == strlen(a)) {
					en->set = true;
					en->value = val;
				} else {
					sh_errf(err, "form: line %zu: item %s: "
					    "\"%s\" is not a score", r.lineno,
					    key, a);
					goto restore;
				}
				se.set = en->set;
				se.value = en->value;
				se.cannot_judge = en->cannot_judge;
				se.comment = NULL;
				if (!sh_rule_score_range(ws->rubric, it, &se,
				    &pr) || !sh_rule_bonus_value(ws->rubric,
				    it, &se, &pr)) {
					sh_problem_err(&pr, err);
					sh_err_prefix(err, "form: line %zu: "
					    "proposal %s", r.lineno, p->id);
					goto restore;
				}
			}
			continue;
		}
		if (field(&r, W(remarks), v, sizeof(v)) ||
		    field(&r, W(conditions), v, sizeof(v)) ||
		    field(&r, W(statement), v, sizeof(v)) ||
		    field(&r, W(scratchpad), v, sizeof(v))) {
			char **dst = field(&r, W(remarks), v, sizeof(v)) ?
			    &p->remarks : field(&r, W(conditions), v,
			    sizeof(v)) ? &p->conditions : field(&r,
			    W(statement), v, sizeof(v)) ? &p->statement :
			    &p->scratch;

			if (read_block(&r, &block, err) != 0)
				goto restore;
			wipe(*dst);
			*dst = block;
			continue;
		}
		sh_errf(err, "form: line %zu: unknown field", r.lineno);
		goto restore;
	}
	if (!seen_end) {
		sh_errf(err, "form: no \"==+== End\" line: the form is cut "
		    "short");
		goto restore;
	}
	if (nprops != ws->nprops) {
		sh_errf(err, "form: has %zu of the %zu proposals assigned",
		    nprops, ws->nprops);
		goto restore;
	}
	if (ready && ws_problems(ws, NULL, 0) != 0) {
		struct ws_problem first;

		ws_problems(ws, &first, 1);
		sh_errf(err, "form: says \"Ready: yes\" but proposal %s is "
		    "not complete (%s); set \"Ready: no\" to import a draft",
		    ws->props[first.prop].id,
		    first.kind == WS_P_UNDECLARED ? _("conflicts not declared") :
		    first.kind == WS_P_UNSCORED ? _("an item not scored") :
		    first.kind == WS_P_NEEDS_STATEMENT ?
		    _("no (キ) statement") : _("a comment missing"));
		goto restore;
	}
	rc = 0;
	goto out;
restore:
	for (i = 0; i < ws->nprops; i++)
		if (saved[i].len > 0)
			ws_prop_from_json(&ws->props[i], saved[i].data,
			    saved[i].len, NULL);
out:
	for (i = 0; i < ws->nprops; i++)
		sh_buf_free(&saved[i]);
	free(saved);
	free(seen);
	return rc;
}
