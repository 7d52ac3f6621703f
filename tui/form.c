/* The plain-text review form; see form.h and shinsa-form(5). */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <sodium.h>

#include "base/text.h"
#include "form.h"
#include "wstore.h"

#define MARK	"==+== "
#define NOTE	"==-== "

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
codes(unsigned d, char *buf)
{
	unsigned	i;
	size_t		n = 0;

	for (i = 0; i < SH_DECLARE_NCODES; i++)
		if (d & (1u << i)) {
			if (n > 0)
				buf[n++] = ',';
			buf[n++] = (char)('a' + i);
		}
	buf[n] = '\0';
	return buf;
}

int
form_export(const struct ws *ws, long long version, struct sh_buf *out,
    struct sh_err *err)
{
	const struct ws_proposal	*p;
	const struct sh_item		*it;
	const struct ws_entry		*e;
	char				 c[32];
	size_t				 i, j;
	int				 r = 0;

	r |= put(out, MARK "shinsa review form 1\n");
	r |= put(out, NOTE "Lines beginning \"==-== \" are notes and are "
	    "ignored; \"==+== \" lines are fields.\n");
	r |= put(out, NOTE "In text, a line beginning \"==\" is written "
	    "with one more \"=\" (\"===\" stands for \"==\").\n");
	r |= put(out, NOTE "Conflict: undeclared, review, review g, or "
	    "withdraw with the codes a-g for (ア)-(キ), e.g. \"withdraw b\".\n");
	r |= put(out, NOTE "Set \"Ready: yes\" only when everything is "
	    "filled in; a draft may be incomplete. See shinsa-form(5).\n");
	r |= put(out, NOTE "This file is plaintext: keep it private and "
	    "delete it after import.\n");
	r |= sh_buf_printf(out, MARK "Round: %s\n", ws->round_id);
	r |= sh_buf_printf(out, MARK "Reviewer: %s\n", ws->reviewer_id);
	r |= sh_buf_printf(out, MARK "Version: %lld\n", version);
	r |= sh_buf_printf(out, MARK "Ready: %s\n",
	    ws_problems(ws, NULL, 0) == 0 ? "yes" : "no");
	for (i = 0; i < ws->nprops && r == 0; i++) {
		p = &ws->props[i];
		r |= sh_buf_printf(out, "\n" MARK "Proposal: %s\n", p->id);
		r |= put_note(out, "", p->title);
		r |= sh_buf_printf(out, MARK "Conflict: %s%s%s\n",
		    p->conflict == WS_CONFLICT_UNDECLARED ? "undeclared" :
		    p->conflict == WS_CONFLICT_REVIEW ? "review" : "withdraw",
		    p->declared != 0 ? " " : "", codes(p->declared, c));
		for (j = 0; j < p->variant->nitems; j++) {
			it = &p->variant->items[j];
			e = &p->entries[j];
			if (it->kind != SH_ITEM_JUDGED &&
			    it->kind != SH_ITEM_BONUS)
				continue;
			r |= put_note(out, it->kind == SH_ITEM_JUDGED ?
			    "" : "bonus: ", it->criterion);
			if (it->kind == SH_ITEM_JUDGED && e->cannot_judge)
				r |= sh_buf_printf(out, MARK "Item %s: cannot "
				    "judge\n", it->id);
			else if (e->set)
				r |= sh_buf_printf(out, MARK "Item %s: %d\n",
				    it->id, e->value);
			else
				r |= sh_buf_printf(out, MARK "Item %s:\n",
				    it->id);
			r |= sh_buf_printf(out, MARK "Comment %s:\n", it->id);
			r |= put_block(out, e->comment);
		}
		r |= put(out, MARK "Remarks:\n");
		r |= put_block(out, p->remarks);
		r |= put(out, MARK "Conditions:\n");
		r |= put_block(out, p->conditions);
		if ((p->declared & SH_DECLARE_G) || p->statement != NULL) {
			r |= put(out, MARK "Statement:\n");
			r |= put_block(out, p->statement);
		}
		r |= put(out, MARK "Scratchpad:\n");
		r |= put_block(out, p->scratch);
	}
	r |= put(out, "\n" MARK "End\n");
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

/* Field value after "==+== Key:" with spaces trimmed, into buf. */
static bool
field(const struct reader *r, const char *key, char *buf, size_t size)
{
	size_t	k = strlen(MARK), n = strlen(key), a, b;

	if (!is(r, MARK) || r->n < k + n + 1 ||
	    memcmp(r->line + k, key, n) != 0 || r->line[k + n] != ':')
		return false;
	a = k + n + 1;
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

static int
parse_conflict(const char *v, enum ws_conflict_state *st, unsigned *d)
{
	const char *p;

	*d = 0;
	if (strcmp(v, "undeclared") == 0) {
		*st = WS_CONFLICT_UNDECLARED;
		return 0;
	}
	if (strncmp(v, "review", 6) == 0) {
		*st = WS_CONFLICT_REVIEW;
		p = v + 6;
	} else if (strncmp(v, "withdraw", 8) == 0) {
		*st = WS_CONFLICT_WITHDRAW;
		p = v + 8;
	} else
		return -1;
	for (; *p != '\0'; p++) {
		if (*p == ' ' || *p == ',')
			continue;
		if (*p < 'a' || *p > 'g')
			return -1;
		*d |= 1u << (*p - 'a');
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
	size_t			 i, nprops = 0;
	int			 rc = -1, val;
	struct sh_problem	 pr;

	if (len > FORM_MAX)
		return sh_errf(err, "form: over %u bytes", FORM_MAX);
	if (!next_marker(&r) || !is(&r, MARK "shinsa review form 1"))
		return sh_errf(err, "form: line 1: not a shinsa review form");
	/* The header. */
	if (!next_marker(&r) || !field(&r, "Round", v, sizeof(v)))
		return sh_errf(err, "form: line %zu: Round expected",
		    r.lineno);
	if (strcmp(v, ws->round_id) != 0)
		return sh_errf(err, "form: for round %s, not %s", v,
		    ws->round_id);
	if (!next_marker(&r) || !field(&r, "Reviewer", v, sizeof(v)))
		return sh_errf(err, "form: line %zu: Reviewer expected",
		    r.lineno);
	if (strcmp(v, ws->reviewer_id) != 0)
		return sh_errf(err, "form: for reviewer %s, not %s", v,
		    ws->reviewer_id);
	if (!next_marker(&r) || !field(&r, "Version", v, sizeof(v)) ||
	    sscanf(v, "%lld", &fver) != 1)
		return sh_errf(err, "form: line %zu: Version expected",
		    r.lineno);
	if (fver != version)
		return sh_errf(err, "form: exported at version %lld but the "
		    "drafts are now at %lld: they changed since; export again "
		    "and redo your edits there", fver, version);
	if (!next_marker(&r) || !field(&r, "Ready", v, sizeof(v)) ||
	    (strcmp(v, "yes") != 0 && strcmp(v, "no") != 0))
		return sh_errf(err, "form: line %zu: Ready: yes or no "
		    "expected", r.lineno);
	ready = strcmp(v, "yes") == 0;

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
		if (is(&r, MARK "End") && r.n == strlen(MARK "End")) {
			seen_end = true;
			break;
		}
		if (field(&r, "Proposal", v, sizeof(v))) {
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
		if (field(&r, "Conflict", v, sizeof(v))) {
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
		if (is(&r, MARK "Item ") || is(&r, MARK "Comment ")) {
			bool		 comment = is(&r, MARK "Comment ");
			size_t		 k = strlen(comment ? MARK "Comment " :
					    MARK "Item "), e;

			for (e = k; e < r.n && r.line[e] != ':'; e++)
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
			snprintf(v, sizeof(v), "%.*s", (int)(r.n - e - 1),
			    r.line + e + 1);
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
				else if (strcmp(a, "cannot judge") == 0 &&
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
		if (field(&r, "Remarks", v, sizeof(v)) ||
		    field(&r, "Conditions", v, sizeof(v)) ||
		    field(&r, "Statement", v, sizeof(v)) ||
		    field(&r, "Scratchpad", v, sizeof(v))) {
			char **dst = is(&r, MARK "Remarks") ? &p->remarks :
			    is(&r, MARK "Conditions") ? &p->conditions :
			    is(&r, MARK "Statement") ? &p->statement :
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
		    first.kind == WS_P_UNDECLARED ? "conflicts not declared" :
		    first.kind == WS_P_UNSCORED ? "an item not scored" :
		    first.kind == WS_P_NEEDS_STATEMENT ? "no (キ) statement" :
		    "a comment missing");
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
