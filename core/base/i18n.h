/*
 * The programs' language: the locale and the "shinsa" message catalogue.
 *
 * Messages go through gettext: _("...") for text shown now, N_("...")
 * for text in tables that is translated where it is shown. The language
 * follows the environment (LANGUAGE, LC_ALL, LC_MESSAGES, LANG).
 *
 * Every program starts with sh_i18n_init(argv[0]): it sets a UTF-8
 * locale and binds the catalogue it finds beside its own executable, so
 * that the build tree and any install prefix speak the user's language
 * with nothing else set. The library itself never calls gettext: it
 * keeps message keys (base/err.h) that the programs translate, all
 * through the one sh_err_tr() (base/errmsg.h).
 */
#ifndef SHINSA_BASE_I18N_H
#define SHINSA_BASE_I18N_H

#include <libintl.h>
#include <stdbool.h>
#include <stddef.h>

#define _(s)	gettext(s)
#define N_(s)	(s)

/*
 * A message in a context, for one English word that two places say
 * differently in Japanese (the footer's "score" is 評点, the report's
 * heading 得点): NC_("footer", "score") marks it in a table (xgettext
 * --keyword=NC_:1c,2), sh_pgettext("footer", s) translates it where it
 * is shown, and gives s itself when the catalogue has no such entry.
 */
#define NC_(c, s)	(s)
const char	*sh_pgettext(const char *ctx, const char *s);

/*
 * Sets the locale from the environment and binds the catalogue (see
 * sh_i18n_find()). Screens and files are UTF-8, so a locale that cannot
 * be loaded (not generated) or is plain ASCII is replaced by C.UTF-8,
 * keeping the language the user asked for; a locale in another encoding
 * (EUC-JP, Shift_JIS) would show UTF-8 as garbage, so it is refused, as
 * is any locale when C.UTF-8 itself is missing. Returns 0, or -1 when
 * refused: the caller prints sh_i18n_refusal() and exits. argv0 may be
 * NULL; it is used only where /proc/self/exe is not.
 */
int		 sh_i18n_init(const char *argv0);

/*
 * What to tell the user when sh_i18n_init() refused: that shinsa needs a
 * UTF-8 locale and how to get one, in English and in Japanese (in the
 * locale's own encoding when it can be converted, so that it reads on
 * that terminal). Static storage; ends in a newline.
 */
const char	*sh_i18n_refusal(void);

/* Binds the catalogue in dir (tests, after their own setlocale()). */
void		 sh_i18n_bind(const char *dir);

/* What the locale calls for, given what setlocale(LC_ALL, "") did. */
enum sh_locale_plan {
	SH_LOCALE_KEEP,		/* set, and UTF-8 */
	SH_LOCALE_C_UTF8,	/* not loadable, or ASCII: use C.UTF-8 */
	SH_LOCALE_REFUSE	/* another encoding: refuse */
};
enum sh_locale_plan sh_locale_plan(bool set, const char *codeset);

/*
 * The language the environment asks for (LC_ALL, LC_MESSAGES, LANG, the
 * first set), for gettext to keep after a switch to C.UTF-8; NULL when
 * it is C or POSIX or nothing is set.
 */
const char	*sh_locale_language(void);

/*
 * Chooses the catalogue directory into out (len bytes): `override` if
 * not NULL or empty ($SHINSA_LOCALEDIR), else the first that holds() of
 * <exe dir>/locale, <exe dir>/../locale (the build tree: build/tui/shinsa
 * beside build/locale), <exe dir>/<rel> (installed under any prefix:
 * rel is LOCALEDIR relative to BINDIR) and `abs` (the configured install
 * path). exe may be NULL (unknown). Returns 0, or -1 when none holds the
 * catalogue or a path does not fit; out is then `abs`, where gettext
 * finds nothing and the programs speak English.
 */
int		 sh_i18n_find(char *out, size_t len, const char *override,
		    const char *exe, const char *rel, const char *abs,
		    bool (*holds)(const char *dir, void *arg), void *arg);

/* Whether dir holds a shinsa catalogue: dir/LANG/LC_MESSAGES/shinsa.mo. */
bool		 sh_i18n_holds(const char *dir, void *arg);

#endif
