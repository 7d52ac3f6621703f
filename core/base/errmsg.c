/*
 * Core's message keys translated, for all four programs (base/errmsg.h).
 * It was the workstation's alone; shinsa-merge, shinsa-verify and
 * shinsa-keys print the same errors and so say them the same way.
 */
#include <stdbool.h>
#include <stdio.h>
#include <string.h>

#include "base/errmsg.h"
#include "base/i18n.h"

void
sh_msg_tr(const char *key, const char *args, size_t nargs, char *buf,
    size_t size)
{
	const char *t;

	if (size == 0)
		return;
	if (key == NULL || *key == '\0') {
		buf[0] = '\0';
		return;
	}
	/* A translation that does not fit its arguments (msgfmt --check
	 * should have refused it) falls back to the English. */
	t = gettext(key);
	if (sh_msg_render(buf, size, t, args, nargs) != 0 && t != key)
		sh_msg_render(buf, size, key, args, nargs);
}

/* The arguments of frame f, if they lie within the record. */
static bool
frame_ok(const struct sh_err *err, const struct sh_err_frame *f)
{
	size_t i, off = f->off;

	if (f->fmt == NULL || f->nargs > SH_MSG_MAXARGS)
		return false;
	for (i = 0; i < f->nargs; i++) {
		const char *nul;

		if (off >= err->argslen || (nul = memchr(err->args + off,
		    '\0', err->argslen - off)) == NULL)
			return false;
		off = (size_t)(nul - err->args) + 1;
	}
	return true;
}

/* A cut never leaves half a character: drop a lead byte whose
 * continuation bytes did not fit. */
static void
cut_whole(char *buf, size_t n)
{
	size_t		k = n, need;
	unsigned char	c;

	while (k > 0 && n - k < 4 &&
	    ((unsigned char)buf[k - 1] & 0xc0) == 0x80)
		k--;
	if (k == 0)
		return;
	c = (unsigned char)buf[k - 1];
	need = c >= 0xf0 ? 4 : c >= 0xe0 ? 3 : c >= 0xc0 ? 2 : 1;
	if (n - (k - 1) < need)
		buf[k - 1] = '\0';
}

const char *
sh_err_tr(const struct sh_err *err, char *buf, size_t size)
{
	const struct sh_err_frame	*f;
	size_t				 i, n = 0;
	char				 part[SH_ERR_MAX];

	if (size == 0)
		return buf;
	buf[0] = '\0';
	if (err == NULL)
		return buf;
	if (!sh_err_keyed(err)) {
		snprintf(buf, size, "%s", err->msg);
		return buf;
	}
	for (i = 0; i < err->nframes; i++)
		if (!frame_ok(err, &err->frame[i])) {
			snprintf(buf, size, "%s", err->msg);
			return buf;
		}
	/* Outermost first: where, then what. */
	for (i = err->nframes; i-- > 0 && n + 1 < size; ) {
		f = &err->frame[i];
		sh_msg_tr(f->fmt, err->args + f->off, f->nargs, part,
		    sizeof(part));
		n += (size_t)snprintf(buf + n, size - n, "%s%s",
		    i + 1 < err->nframes ? ": " : "", part);
		if (n >= size)
			n = size - 1;
	}
	if (n + 1 >= size)
		cut_whole(buf, n);
	return buf;
}
