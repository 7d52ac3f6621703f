/* Every view, in the order the help screen lists their keys. */
#include <stddef.h>

#include "ui.h"
#include "views.h"

const struct view_ops *const ui_all_views[] = {
	&view_overview_ops,
	&view_conflict_ops,
	&view_score_ops,
	&view_edit_ops,
	&view_submit_ops,
	&view_doclist_ops,
	&view_doc_ops,
	&view_welcome_ops,
	&view_rounds_ops,
	&view_pin_ops,
	NULL
};
