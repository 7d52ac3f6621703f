/* Every view, in the order the help screen lists their keys. */
#include <stddef.h>

#include "ui.h"

const struct view_ops *const ui_all_views[] = {
	&view_help_ops,
	NULL
};
