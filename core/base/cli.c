/*
 * The shared command-line parser and message printer (cli.h).
 */
#include <getopt.h>
#include <stdarg.h>
#include <stdio.h>
#include <string.h>

#include "base/buf.h"
#include "base/cli.h"
#include "base/text.h"

void	(*sh_cli_before_print)(void);

/* Long options without a short letter get values past any char. */
#define VAL_BASE	256
#define VAL_HELP	(VAL_BASE + SH_CLI_MAXOPTS)

/* Flags and stops take no argument. */
static bool
takes_arg(const struct sh_cli_opt *o)
{
	return o->kind == SH_CLI_STR || o->kind == SH_CLI_FN;
}

static bool
same_opt(const struct sh_cli_opt *a, const struct sh_cli_opt *b)
{
	return strcmp(a->name, b->name) == 0 && a->ch == b->ch;
}

/*
 * The program's options, each once, as getopt_long wants them; u[i] is
 * the template entry behind lo[i]. Returns how many.
 */
static size_t
union_opts(const void *const *table, size_t args_off,
    const struct sh_cli_opt **u, struct option *lo, char *shorts,
    size_t shortlen, bool getopt_says)
{
	const struct sh_cli_args	*a;
	const struct sh_cli_opt		*o;
	size_t				 i, k, n = 0, ns = 0;

	if (!getopt_says)
		shorts[ns++] = ':';
	for (i = 0; table[i] != NULL; i++) {
		a = (const struct sh_cli_args *)((const char *)table[i] +
		    args_off);
		for (o = a->opts; o != NULL && o->name != NULL; o++) {
			for (k = 0; k < n && !same_opt(u[k], o); k++)
				continue;
			if (k < n || n == SH_CLI_MAXOPTS)
				continue;
			u[n] = o;
			lo[n].name = o->name;
			lo[n].has_arg = takes_arg(o) ? required_argument :
			    no_argument;
			lo[n].flag = NULL;
			lo[n].val = o->ch != 0 ? o->ch : VAL_BASE + (int)n;
			if (o->ch != 0 && ns + 3 < shortlen) {
				shorts[ns++] = (char)o->ch;
				if (takes_arg(o))
					shorts[ns++] = ':';
			}
			n++;
		}
	}
	lo[n].name = "help";
	lo[n].has_arg = no_argument;
	lo[n].flag = NULL;
	lo[n].val = VAL_HELP;
	memset(&lo[n + 1], 0, sizeof lo[n + 1]);
	shorts[ns++] = 'h';
	shorts[ns] = '\0';
	return n;
}

enum sh_cli_status
sh_cli_parse(const void *const *table, size_t args_off,
    const struct sh_cli_args *mine, bool getopt_says, int argc, char **argv,
    void *opts, struct sh_cli_parsed *p)
{
	const struct sh_cli_opt	*u[SH_CLI_MAXOPTS], *o, *m;
	struct option		 lo[SH_CLI_MAXOPTS + 2];
	char			 shorts[2 * SH_CLI_MAXOPTS + 4];
	size_t			 n, i;
	int			 ch, nargs;

	memset(p, 0, sizeof *p);
	n = union_opts(table, args_off, u, lo, shorts, sizeof shorts, getopt_says);
	/*
	 * 0, not 1: getopt (glibc, musl) then starts afresh, even after a
	 * parse that stopped inside a bundle such as "-Vq" (the tests parse
	 * many lines in one process).
	 */
	optind = 0;
	opterr = getopt_says;
	while ((ch = getopt_long(argc, argv, shorts, lo, NULL)) != -1) {
		if (ch == '?' || ch == ':') {
			p->bad = argv[optind - 1];
			p->badch = optopt;
			return ch == ':' ? SH_CLI_NOARG : SH_CLI_UNKNOWN;
		}
		if (ch == 'h' || ch == VAL_HELP)
			return SH_CLI_HELP;
		for (i = 0; i < n && lo[i].val != ch; i++)
			continue;
		if (i == n) {
			p->bad = argv[optind - 1];
			return SH_CLI_UNKNOWN;
		}
		o = u[i];
		for (m = mine->opts; m != NULL && m->name != NULL; m++)
			if (same_opt(m, o))
				break;
		if (m == NULL || m->name == NULL) {
			p->bad = argv[optind - 1];
			p->opt = o;
			return SH_CLI_NOTHERE;
		}
		switch (m->kind) {
		case SH_CLI_FLAG:
			*(bool *)((char *)opts + m->off) = true;
			break;
		case SH_CLI_STR:
			*(const char **)((char *)opts + m->off) = optarg;
			break;
		case SH_CLI_FN:
			if (m->fn(opts, optarg) == -1)
				return SH_CLI_REFUSED;
			break;
		case SH_CLI_STOP:
			p->opt = m;
			return SH_CLI_HELP;
		}
	}
	p->argc = argc - optind;
	p->argv = argv + optind;
	nargs = p->argc;
	if (nargs < mine->lower || (mine->upper >= 0 && nargs > mine->upper))
		return SH_CLI_NARGS;
	return SH_CLI_OK;
}

/*
 * Word i (from 0) of a usage line outside its brackets: a positional
 * argument's name or, with opt, an option with its value ("-s KEY").
 */
static bool
usage_word(const char *usage, int i, bool opt, char *buf, size_t len)
{
	const char	*s = usage, *w, *last = NULL, *o = NULL;
	size_t		 lastl = 0;
	int		 depth = 0, n = 0;

	while (*s != '\0') {
		if (*s == ' ') {
			s++;
			continue;
		}
		w = s;
		while (*s != '\0' && *s != ' ')
			s++;
		/* Brackets may sit on a word: "[-o", "FILE]", "[--db". */
		if (depth > 0 || w[0] == '[') {
			for (; w < s; w++)
				depth += *w == '[' ? 1 : *w == ']' ? -1 : 0;
			o = NULL;
			continue;
		}
		if (w[0] == '-') {
			o = w;	/* unbracketed options all take a value */
			continue;
		}
		if (o != NULL && !opt) {
			o = NULL;
			continue;
		}
		if (o == NULL && opt)
			continue;
		last = o != NULL ? o : w;
		lastl = s - last;
		o = NULL;
		if (n++ == i)
			break;
	}
	if (last == NULL || (n <= i && (opt || lastl < 3 ||
	    strncmp(last + lastl - 3, "...", 3) != 0)))
		return false;
	snprintf(buf, len, "%.*s", (int)lastl, last);
	return true;
}

bool
sh_cli_argname(const char *usage, int i, char *buf, size_t len)
{
	return usage_word(usage, i, false, buf, len);
}

/*
 * The i-th (from 0) option of usage outside brackets ("-s KEY") that is
 * one of mine's SH_CLI_STR options and was not given.
 */
static bool
missing_opt(const char *usage, const struct sh_cli_args *mine,
    const void *opts, int i, char *buf, size_t len)
{
	const struct sh_cli_opt	*m;
	char			 w[64];
	int			 k, n = 0;
	size_t			 nl;

	for (k = 0; usage_word(usage, k, true, w, sizeof w); k++) {
		nl = strcspn(w, " ");
		for (m = mine->opts; m != NULL && m->name != NULL; m++)
			if (m->kind == SH_CLI_STR && (w[1] == '-' ?
			    strlen(m->name) == nl - 2 &&
			    strncmp(m->name, w + 2, nl - 2) == 0 :
			    nl == 2 && m->ch == w[1]))
				break;
		if (m == NULL || m->name == NULL ||
		    *(const char *const *)((const char *)opts + m->off) !=
		    NULL)
			continue;
		if (n++ == i) {
			snprintf(buf, len, "%s", w);
			return true;
		}
	}
	return false;
}

void
sh_cli_missing(const char *usage, const struct sh_cli_args *mine,
    const void *opts, int nargs, const char *sep, char *buf, size_t len)
{
	char	w[64];
	size_t	n = 0;
	int	i;

	buf[0] = '\0';
	for (i = 0; n < len && missing_opt(usage, mine, opts, i, w, sizeof w);
	    i++)
		n += snprintf(buf + n, len - n, "%s%s", n > 0 ? sep : "", w);
	for (i = nargs; i < mine->lower && n < len &&
	    usage_word(usage, i, false, w, sizeof w); i++)
		n += snprintf(buf + n, len - n, "%s%s", n > 0 ? sep : "", w);
}

void
sh_cli_vsay(FILE *f, const char *prefix, const char *fmt, va_list ap)
{
	struct sh_buf	b;
	char		msg[4096];

	if (sh_cli_before_print != NULL)
		sh_cli_before_print();
	vsnprintf(msg, sizeof msg, fmt, ap);
	sh_buf_init(&b, false);
	sh_text_sanitize(&b, msg, strlen(msg), false);
	fprintf(f, "%s%s\n", prefix, b.data != NULL ? (char *)b.data : "");
	sh_buf_free(&b);
}

void
sh_cli_err(const char *prog, const char *fmt, ...)
{
	char	prefix[128];
	va_list	ap;

	snprintf(prefix, sizeof prefix, "%s: ", prog);
	va_start(ap, fmt);
	sh_cli_vsay(stderr, prefix, fmt, ap);
	va_end(ap);
}
