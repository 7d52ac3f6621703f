/*
 * gettext's _() and N_(), and the catalogue's binding, which every
 * program shares (base/i18n.h).
 */
#ifndef SHINSA_TUI_I18N_H
#define SHINSA_TUI_I18N_H

#include "base/i18n.h"

#endif
