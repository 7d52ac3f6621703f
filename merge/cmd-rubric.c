/*
 * rubric show: the ids a clerk writes in a proposals list, with what
 * they mean: a round's (or a rubric file's) variants, each variant's
 * items, the facts its indicator and certification items read, and the
 * certification options. The labels are the rubric's own, in the
 * reader's language where the rubric has them in both (items: the
 * seed's criterion under Japanese, the short English label otherwise);
 * variant names and certification texts are Japanese only, as the
 * seeds print them.
 */
/* wcswidth(3) */
#define _XOPEN_SOURCE 700

#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <wchar.h>

#include "review/rubric.h"
#include "merge.h"
#include "rlang.h"

/* "judged (coefficient 3)", "bonus (0/3/5/10)", ... */
static void
item_kind(const struct sh_item *it, struct sh_buf *b)
{
	char	v[SH_RUBRIC_MAX_VALUES * 12];
	size_t	i, n = 0;

	switch (it->kind) {
	case SH_ITEM_JUDGED:
		sh_buf_printf(b, _("judged (coefficient %d)"), it->coefficient);
		break;
	case SH_ITEM_INDICATOR:
		sh_buf_printf(b, _("indicator (coefficient %d)"),
		    it->coefficient);
		break;
	case SH_ITEM_BONUS:
		for (i = 0; i < it->nvalues; i++)
			n += snprintf(v + n, sizeof v - n, "%s%d", i > 0 ?
			    "/" : "", it->values[i]);
		sh_buf_printf(b, _("bonus (%s)"), v);
		break;
	case SH_ITEM_CERTIFICATION:
		sh_buf_printf(b, "%s", _("certification"));
		break;
	}
}

/* The spaces that pad s to cols columns on a terminal (漢字 take two). */
static int
pad(const char *s, int cols)
{
	wchar_t	w[128];
	size_t	n = mbstowcs(w, s, sizeof w / sizeof w[0] - 1);
	int	width;

	if (n == (size_t)-1)
		return 0;
	w[n] = L'\0';
	width = wcswidth(w, n);
	return width >= 0 && width < cols ? cols - width : 0;
}

/* Has an earlier variant or item of rb already named this fact/option? */
static bool
seen_before(const struct sh_rubric *rb, size_t vi, size_t ii,
    const char *fact, const char *option)
{
	const struct sh_item	*it;
	size_t			 i, j, k;

	for (i = 0; i <= vi; i++)
		for (j = 0; j < rb->variants[i].nitems; j++) {
			if (i == vi && j == ii)
				return false;
			it = &rb->variants[i].items[j];
			if (fact != NULL && it->fact != NULL &&
			    strcmp(it->fact, fact) == 0)
				return true;
			for (k = 0; option != NULL && k < it->noptions; k++)
				if (strcmp(it->options[k].id, option) == 0)
					return true;
		}
	return false;
}

static void
show_facts(const struct sh_rubric *rb, bool ja, struct sh_buf *b)
{
	const struct sh_item	*it;
	size_t			 i, j;

	sh_buf_printf(b, "\n%s\n", _("Facts (columns of the proposals "
	    "list):"));
	for (i = 0; i < rb->nvariants; i++)
		for (j = 0; j < rb->variants[i].nitems; j++) {
			it = &rb->variants[i].items[j];
			if (it->fact == NULL ||
			    seen_before(rb, i, j, it->fact, NULL))
				continue;
			if (it->kind == SH_ITEM_CERTIFICATION)
				sh_buf_printf(b, "  %-16s %s\n", it->fact,
				    _("the ids of the certifications held, "
				    "separated by spaces (see below)"));
			else
				sh_buf_printf(b, "  %-16s %s  %s\n", it->fact,
				    it->unit != NULL ? it->unit : "-",
				    ja ? it->criterion : it->label);
		}
}

static void
show_options(const struct sh_rubric *rb, struct sh_buf *b)
{
	const struct sh_item		*it;
	const struct sh_cert_option	*op;
	size_t				 i, j, k;
	bool				 any = false;

	for (i = 0; i < rb->nvariants; i++)
		for (j = 0; j < rb->variants[i].nitems; j++) {
			it = &rb->variants[i].items[j];
			for (k = 0; k < it->noptions; k++) {
				op = &it->options[k];
				if (seen_before(rb, i, j, NULL, op->id))
					continue;
				if (!any)
					sh_buf_printf(b, "\n%s\n",
					    _("Certifications:"));
				any = true;
				sh_buf_printf(b, "  %-22s ", op->id);
				sh_buf_printf(b, _("%d points"), op->points);
				sh_buf_printf(b, "  %s%s%s\n",
				    op->group != NULL ? op->group : "",
				    op->group != NULL ? " " : "", op->text);
			}
		}
}

static void
show(const struct sh_rubric *rb, struct sh_buf *b)
{
	const struct sh_variant	*v;
	const struct sh_item	*it;
	struct sh_buf		 k;
	size_t			 i, j;
	bool			 ja = mr_lang_ja();

	sh_buf_printf(b, _("Rubric %s: %s\n"), rb->id, rb->title);
	sh_buf_printf(b, _("Maximum: %d points\n"), rb->maximum);
	sh_buf_printf(b, "\n%s\n", _("Variants (the variant column):"));
	for (i = 0; i < rb->nvariants; i++)
		sh_buf_printf(b, "  %-24s %s\n", rb->variants[i].id,
		    rb->variants[i].name);
	for (i = 0; i < rb->nvariants; i++) {
		v = &rb->variants[i];
		sh_buf_printf(b, "\n");
		sh_buf_printf(b, _("Items of %s (%s):\n"), v->id, v->name);
		for (j = 0; j < v->nitems; j++) {
			it = &v->items[j];
			sh_buf_init(&k, false);
			item_kind(it, &k);
			sh_buf_printf(b, "  %-6s %s%*s %s\n", it->id,
			    sh_buf_cstr(&k), pad(sh_buf_cstr(&k), 26), "",
			    ja ? it->criterion : it->label);
			sh_buf_free(&k);
		}
	}
	show_facts(rb, ja, b);
	show_options(rb, b);
}

/* The text line by line, each sanitised: the rubric is a file's. */
static void
print_lines(char *s)
{
	char *nl;

	for (; (nl = strchr(s, '\n')) != NULL; s = nl + 1) {
		*nl = '\0';
		mprint_text(s);
		putchar('\n');
	}
	mprint_text(s);
}

static int
cmd_rubric_show_exec(const struct cmd_entry *self, struct merge_opts *o,
    int argc, char **argv)
{
	struct sh_round		*r = NULL;
	struct sh_round_info	 info;
	struct sh_rubric	*rb;
	struct sh_err		 e;
	struct sh_buf		 b;
	char			 pathbuf[PATH_MAX];
	const char		*path;

	memset(&info, 0, sizeof info);
	if (argc == 1 && o->db != NULL)
		return merr(_("rubric show: give --db ROUND or a rubric FILE, "
		    "not both"));
	if (argc == 1) {
		if ((path = mfind_rubric(argv[0], pathbuf,
		    sizeof pathbuf)) == NULL)
			return mrubric_missing("rubric show", argv[0]);
		if ((rb = sh_rubric_load_file(path, &e)) == NULL)
			return merr("%s", sh_errstr(&e));
	} else {
		if ((r = mopen_round(o)) == NULL)
			return EXIT_FAIL;
		if ((rb = mload_rubric(r, &info)) == NULL) {
			sh_round_close(r);
			return EXIT_FAIL;
		}
		sh_round_info_free(&info);
		sh_round_close(r);
	}
	sh_buf_init(&b, false);
	show(rb, &b);
	print_lines(sh_buf_cstr(&b));
	sh_buf_free(&b);
	sh_rubric_free(rb);
	return EXIT_OK;
}

const struct cmd_entry cmd_rubric_show_entry = {
	.name = "rubric show",
	.usage = N_("[--db FILE | RUBRIC] [--lang ja|en]"),
	.help = N_("show a rubric's variants, items, facts and certification "
	    "ids"),
	.args = { MOPTS(MOPT_DB, MOPT_LANG),
	    0, 1 },
	.exec = cmd_rubric_show_exec,
};
