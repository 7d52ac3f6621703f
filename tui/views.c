/* Every view, in the order the help screen lists their keys. */
#include <stddef.h>

#include "app.h"
#include "base/err.h"
#include "i18n.h"
#include "model.h"
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

int
view_undo(struct ui *ui, size_t prop)
{
	struct app		*app = ui_app(ui);
	struct ws_proposal	*p;
	struct sh_err		 err;

	if (app->ws == NULL || prop >= app->ws->nprops)
		return -1;
	p = &app->ws->props[prop];
	if (!ws_can_undo(p)) {
		ui_message(ui, "%s", _("Nothing to undo on this proposal."));
		return -1;
	}
	if (ws_undo(app->ws, p, &err) != 0) {
		view_error(ui, &err);
		return -1;
	}
	ui_message(ui, _("%s: the last change is undone."), p->id);
	return 0;
}
