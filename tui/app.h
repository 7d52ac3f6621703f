/*
 * What the screens share: the workstation and what the program does for
 * them (make the key, open a package or a round, submit, find the
 * sealed sheet). The program (main.c) fills it in; tests fill it with
 * stubs. A callback left NULL is a thing this session cannot do (the
 * screen says so). `arg` is the program's, for every callback.
 */
#ifndef SHINSA_TUI_APP_H
#define SHINSA_TUI_APP_H

#include <stddef.h>

#include "base/buf.h"
#include "base/err.h"
#include "crypto/minisign.h"
#include "model.h"

struct ui;

struct app {
	struct ws	*ws;		/* NULL: no package opened yet */
	/*
	 * Seals and writes the sheet; on success *where gets a message
	 * naming the file (caller frees).
	 */
	int		(*submit)(struct app *, char **where, struct sh_err *);
	void		*submit_arg;

	/* The reviewer's key. key_ready false: the first start, and
	 * make_key makes it (the passphrase in a secret buffer). pubpath
	 * and fpr say what to send the secretariat (pubpath NULL when the
	 * key is not in the default place). */
	bool		 key_ready;
	int		(*make_key)(struct app *, const char *id,
			    const struct sh_buf *pass, struct sh_err *);
	char		*pubpath;	/* owned by the program */
	char		 fpr[SH_MINISIGN_FPR_LEN + 1];

	/* Opens a package file typed in the screens; on first use asks
	 * through the fingerprint screen (view_pin_ask). Sets ws. */
	int		(*open)(struct app *, struct ui *, const char *path,
			    struct sh_err *);
	/* The rounds kept on this machine, most recent first (owned by
	 * the program), and how to open one. */
	char		**rounds;
	size_t		 nrounds;
	int		(*open_round)(struct app *, const char *round,
			    struct sh_err *);
	/* The last sealed sheet of the round, if it is still where it was
	 * written; NULL if none (caller frees). */
	char		*(*last_sheet)(struct app *);
	/* Copies a sealed sheet into a folder; *dest gets the new file's
	 * path (caller frees). 1 when a file of its name is there and
	 * replace is false (nothing copied). */
	int		(*copy_sheet)(struct app *, const char *sheet,
			    const char *dir, bool replace, char **dest,
			    struct sh_err *);
	void		*arg;

	/* The scoring screen shows the proposal's first document beside
	 * the items (a toggle, kept across proposals); it follows the page
	 * the pager last showed (doc_seen: of doc_index of doc_prop). */
	bool		 doc_beside;
	bool		 doc_seen;
	size_t		 doc_prop;
	size_t		 doc_index;
	size_t		 doc_page;
};

#endif
