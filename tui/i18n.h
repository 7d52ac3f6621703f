/*
 * Messages go through gettext: _("...") for text shown now, N_("...")
 * for text in tables that is translated where it is shown. The
 * catalogue is "shinsa"; the language follows the locale (LANGUAGE,
 * LC_ALL, LC_MESSAGES, LANG).
 */
#ifndef SHINSA_TUI_I18N_H
#define SHINSA_TUI_I18N_H

#include <libintl.h>

#define _(s)	gettext(s)
#define N_(s)	(s)

/*
 * Binds the catalogue: from $SHINSA_LOCALEDIR if set (tests and runs
 * from the build tree), else from `localedir` (may be NULL: the
 * installed one). Call after setlocale(LC_ALL, "").
 */
void	sh_i18n_init(const char *localedir);

#endif
