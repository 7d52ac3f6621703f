/*
 * Core's messages in the user's language, for every program's error
 * printer. An error keeps the key (the English printf format) and the
 * arguments of each part (base/err.h); each key is looked up in the
 * "shinsa" catalogue (base/i18n.h) and its translation filled with the
 * same arguments, the parts joined outermost first. A part without a
 * translation stays English, and an error whose parts were not kept
 * gives its English msg, so under an English locale the text is msg
 * exactly.
 *
 * Only the programs call these: the library itself keeps keys and never
 * looks one up.
 */
#ifndef SHINSA_BASE_ERRMSG_H
#define SHINSA_BASE_ERRMSG_H

#include <stddef.h>

#include "base/err.h"

/* Room for any translated error: a translation may be longer. */
#define SH_ERRSTR_MAX	(2 * SH_ERR_MAX)

/*
 * One key and its arguments (as sh_msg_args() makes them), translated,
 * into buf (always terminated when size > 0). A translation that does
 * not fit its arguments falls back to the key.
 */
void		 sh_msg_tr(const char *key, const char *args, size_t nargs,
		    char *buf, size_t size);

/*
 * The error err holds, translated, into buf (truncated to size, never in
 * the middle of a character, always terminated when size > 0); returns
 * buf. "" for NULL.
 */
const char	*sh_err_tr(const struct sh_err *err, char *buf, size_t size);

/*
 * sh_err_tr() into a buffer that lives until the end of the enclosing
 * block, for an argument: merr("%s", sh_errstr(&e)).
 */
#define sh_errstr(e) \
	sh_err_tr((e), (char [SH_ERRSTR_MAX]){ 0 }, SH_ERRSTR_MAX)

#endif
