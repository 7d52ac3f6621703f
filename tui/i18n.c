#include <stdlib.h>

#include "i18n.h"

#ifndef SHINSA_LOCALEDIR
#define SHINSA_LOCALEDIR "/usr/local/share/locale"
#endif

void
sh_i18n_init(const char *localedir)
{
	const char *dir = getenv("SHINSA_LOCALEDIR");

	if (dir == NULL || *dir == '\0')
		dir = localedir != NULL ? localedir : SHINSA_LOCALEDIR;
	bindtextdomain("shinsa", dir);
	bind_textdomain_codeset("shinsa", "UTF-8");
	textdomain("shinsa");
}
