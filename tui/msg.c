#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "base/errmsg.h"
#include "base/text.h"
#include "i18n.h"
#include "msg.h"
#include "xmalloc.h"

static void
codes(const struct ws_proposal *p, char *buf, size_t size)
{
	unsigned i;

	buf[0] = '\0';
	for (i = 0; i < SH_DECLARE_NCODES; i++)
		if (p->declared & (1u << i))
			strncat(buf, ws_conflict_label(i),
			    size - strlen(buf) - 1);
}

char *
msg_conflict(const struct ws_proposal *p)
{
	char c[64];

	codes(p, c, sizeof(c));
	switch (p->conflict) {
	case WS_CONFLICT_UNDECLARED:
		return xstrdup(_("not declared"));
	case WS_CONFLICT_REVIEW:
		if (p->declared == 0)
			return xstrdup(_("none"));
		/* TRANSLATORS: %s is (キ); review continues until the
		 * committee decides. */
		return xasprintf(_("%s committee"), c);
	case WS_CONFLICT_WITHDRAW:
		if (p->declared == 0)
			return xstrdup(_("withdrawn"));
		return xasprintf(_("withdrawn %s"), c);
	}
	return xstrdup("?");
}

const char *
msg_kind(enum sh_item_kind k)
{
	switch (k) {
	case SH_ITEM_JUDGED:
		return _("judged");
	case SH_ITEM_BONUS:
		return _("bonus");
	case SH_ITEM_INDICATOR:
		return _("indicator");
	case SH_ITEM_CERTIFICATION:
		return _("certification");
	}
	return "?";
}

char *
msg_problem(const struct ws *ws, const struct ws_problem *pr)
{
	const struct ws_proposal	*p = &ws->props[pr->prop];
	const struct sh_item		*it = ws_item(p, pr->item);
	const char			*id = it != NULL ? it->id : "?";
	char				 why[SH_ERR_MAX];

	switch (pr->kind) {
	case WS_P_UNDECLARED:
		return xasprintf(_("%s: conflicts of interest not declared"),
		    p->id);
	case WS_P_NEEDS_STATEMENT:
		return xasprintf(_("%s: (キ) declared: write your statement "
		    "for the committee"), p->id);
	case WS_P_UNSCORED:
		return xasprintf(_("%s: item %s: not scored"), p->id, id);
	case WS_P_NEEDS_COMMENT:
		return xasprintf(_("%s: item %s: score %d needs a comment "
		    "giving the reason"), p->id, id, pr->score);
	case WS_P_NEEDS_REASON:
		return xasprintf(_("%s: item %s: cannot judge: write why in "
		    "the comment"), p->id, id);
	case WS_P_NO_FACT:
		return xasprintf(_("%s: item %s: the package lacks the fact "
		    "it is scored from; ask the secretariat"), p->id, id);
	case WS_P_INVALID:
		msg_key(pr->key, pr->args, pr->nargs, why, sizeof(why));
		if (pr->whole)
			return xasprintf("%s: %s", p->id, why);
		/* TRANSLATORS: proposal, item, then why the entry is
		 * refused. */
		return xasprintf(_("%s: item %s: %s"), p->id, id, why);
	}
	return xstrdup("?");
}

char *
msg_flag(const struct ws *ws, const struct ws_flag *f)
{
	const struct ws_proposal	*p = &ws->props[f->prop];
	const struct sh_item		*it = ws_item(p, f->item);

	switch (f->kind) {
	case WS_F_MANDATORY_LOW:
		return xasprintf(_("%s: mandatory item %s scored %d: grounds "
		    "for non-adoption"), p->id, it != NULL ? it->id : "?",
		    ws->rubric->mandatory_score);
	case WS_F_MANY_LOW:
		return xasprintf(_("%s: %d items scored 2 or 1 (threshold "
		    "%d)"), p->id, f->count, ws->rubric->low_scores_threshold);
	case WS_F_COMMITTEE:
		return xasprintf(_("%s: (キ) declared: the committee decides "
		    "whether this review counts"), p->id);
	}
	return xstrdup("?");
}

char *
msg_progress(const struct ws_proposal *p)
{
	size_t done, total;

	ws_progress(p, &done, &total);
	return xasprintf("%zu/%zu", done, total);
}

char *
msg_total(const struct ws_proposal *p)
{
	int total, max;

	total = ws_total(p, &max);
	return xasprintf("%d/%d", total, max);
}

const char *
msg_ready(const struct ws *ws, size_t prop)
{
	if (ws->props[prop].conflict == WS_CONFLICT_WITHDRAW)
		return _("withdrawn");
	return ws_prop_ready(ws, prop) ? _("ready") : _("incomplete");
}

void
msg_key(const char *key, const char *args, size_t nargs, char *buf,
    size_t size)
{
	sh_msg_tr(key, args, nargs, buf, size);
}

void
msg_err(const struct sh_err *err, char *buf, size_t size)
{
	sh_err_tr(err, buf, size);
}

char *
msg_err_dup(const struct sh_err *err)
{
	char buf[2 * SH_ERR_MAX];

	msg_err(err, buf, sizeof(buf));
	return xstrdup(buf);
}

const char *
msg_refusal(const struct sh_err *err, const char *issued_to, char *buf,
    size_t size)
{
	switch (sh_err_kind(err)) {
	case SH_ERR_DAMAGED:
		return _("The package was damaged or altered on its way to "
		    "you. Ask the secretariat to send it again.");
	case SH_ERR_NOT_OURS:
		return _("The package is not encrypted to your key: it was "
		    "issued to another reviewer. Ask the secretariat for "
		    "your own package.");
	case SH_ERR_OTHER_REVIEWER:
		if (issued_to == NULL || *issued_to == '\0')
			return _("The package was issued to another reviewer, "
			    "not to you. Ask the secretariat for your own "
			    "package.");
		snprintf(buf, size, _("The package was issued to reviewer %s, "
		    "not to you. Ask the secretariat for your own package."),
		    issued_to);
		return buf;
	case SH_ERR_ELSEWHERE:
		return _("The package was made for another round or another "
		    "key than yours. Ask the secretariat for your package of "
		    "this round.");
	case SH_ERR_OTHER_KEY:
		return _("The package is not signed with the secretariat's "
		    "key you accepted before. Do not use it: ask the "
		    "secretariat, by telephone, whether its key has changed.");
	case SH_ERR_NOT_AGE:
		return _("This is not a package (a .shinsa-package file): it "
		    "is not even encrypted. Open the package file the "
		    "secretariat sent you.");
	case SH_ERR_WRONG_DOC:
		return _("This is not a package from the secretariat (it may "
		    "be a reviewer's sheet). Open the package the secretariat "
		    "sent you.");
	case SH_ERR_RECIPIENTS:
		return _("The package was encrypted to someone besides you, "
		    "who could read it too. Do not use it: tell the "
		    "secretariat.");
	default:
		return NULL;
	}
}
