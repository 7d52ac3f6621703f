/*
 * What the screens share: the workstation and how to submit. The
 * program (main.c) fills it in; tests fill it with stubs.
 */
#ifndef SHINSA_TUI_APP_H
#define SHINSA_TUI_APP_H

#include "base/err.h"
#include "model.h"

struct app {
	struct ws	*ws;
	/*
	 * Seals and writes the sheet; on success *where gets a message
	 * naming the file (caller frees). NULL when this session cannot
	 * submit (the screen says why).
	 */
	int		(*submit)(struct app *, char **where, struct sh_err *);
	void		*submit_arg;
};

#endif
