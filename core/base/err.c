#include <stdio.h>
#include <string.h>

#include "base/err.h"

int
sh_verrf(struct sh_err *err, const char *fmt, va_list ap)
{
	if (err != NULL)
		vsnprintf(err->msg, sizeof err->msg, fmt, ap);
	return -1;
}

int
sh_errf(struct sh_err *err, const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	sh_verrf(err, fmt, ap);
	va_end(ap);
	return -1;
}

int
sh_err_prefix(struct sh_err *err, const char *fmt, ...)
{
	char	ctx[SH_ERR_MAX], old[SH_ERR_MAX];
	va_list	ap;

	if (err == NULL)
		return -1;
	va_start(ap, fmt);
	vsnprintf(ctx, sizeof ctx, fmt, ap);
	va_end(ap);
	memcpy(old, err->msg, sizeof old);
	old[sizeof old - 1] = '\0';
	/* Truncation keeps the front: where it happened, then what. */
	if (snprintf(err->msg, sizeof err->msg, "%s: %s", ctx, old) < 0)
		err->msg[0] = '\0';
	return -1;
}

void
sh_err_clear(struct sh_err *err)
{
	if (err != NULL)
		err->msg[0] = '\0';
}
