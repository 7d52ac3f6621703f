#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/types.h>

#include "base/err.h"

/*
 * One conversion specification, parsed: where it ends, its positional
 * index (0: none), how many '*' it takes, its length modifier and its
 * conversion character.
 */
struct spec {
	size_t		len;		/* bytes after the '%' */
	unsigned	pos;
	int		stars;
	char		lenmod[3];
	char		conv;
	/* The flags, width and precision as written (stars kept). */
	char		body[32];
};

/* Past a width or precision: a '*' (counted) or digits. */
static const char *
skip_count(const char *p, struct spec *sp)
{
	if (*p == '*') {
		sp->stars++;
		return p + 1;
	}
	while (*p >= '0' && *p <= '9')
		p++;
	return p;
}

static bool
parse_spec(const char *s, struct spec *sp)
{
	const char	*p = s, *b;
	unsigned	 n = 0;
	size_t		 bl;

	memset(sp, 0, sizeof *sp);
	/* %n$ */
	for (b = p; *b >= '0' && *b <= '9'; b++)
		n = n * 10 + (unsigned)(*b - '0');
	if (b > p && *b == '$') {
		if (n == 0 || n > SH_MSG_MAXARGS)
			return false;
		sp->pos = n;
		p = b + 1;
	}
	b = p;
	while (*p != '\0' && strchr("-+ #0'", *p) != NULL)
		p++;
	p = skip_count(p, sp);
	if (*p == '.')
		p = skip_count(p + 1, sp);
	bl = (size_t)(p - b);
	if (bl >= sizeof sp->body)
		return false;
	memcpy(sp->body, b, bl);
	sp->body[bl] = '\0';
	if ((p[0] == 'h' && p[1] == 'h') || (p[0] == 'l' && p[1] == 'l')) {
		memcpy(sp->lenmod, p, 2);
		p += 2;
	} else if (*p != '\0' && strchr("hljztL", *p) != NULL)
		sp->lenmod[0] = *p++;
	if (*p == '\0' || strchr("diouxXeEfFgGaAcsp", *p) == NULL)
		return false;
	sp->conv = *p++;
	sp->len = (size_t)(p - s);
	return true;
}

/* The spec with stars resolved and the given length modifier. */
static void
make_fmt(char *out, size_t size, const struct spec *sp, int w, int pr,
    const char *lenmod)
{
	char		 body[64];
	const char	*b;
	size_t		 n = 0;
	bool		 dot = false;

	for (b = sp->body; *b != '\0' && n + 12 < sizeof body; b++) {
		if (*b == '.')
			dot = true;
		if (*b != '*')
			body[n++] = *b;
		else
			n += (size_t)snprintf(body + n, sizeof body - n, "%d",
			    dot ? pr : w);
	}
	body[n] = '\0';
	snprintf(out, size, "%%%s%s%c", body, lenmod, sp->conv);
}

/* A format made at run time from a literal's own specification. */
#if defined(__GNUC__)
#pragma GCC diagnostic push
#pragma GCC diagnostic ignored "-Wformat-nonliteral"
#endif
int
sh_msg_args(char *buf, size_t size, size_t *nargs, const char *fmt,
    va_list ap)
{
	struct spec	 sp;
	char		 f[80];
	const char	*p;
	size_t		 used = 0, k = 0;
	int		 w = 0, pr = -1, n;

	*nargs = 0;
	for (p = fmt; (p = strchr(p, '%')) != NULL; ) {
		p++;
		if (*p == '%') {
			p++;
			continue;
		}
		if (!parse_spec(p, &sp) || sp.pos != 0 || k == SH_MSG_MAXARGS)
			return -1;
		p += sp.len;
		/* Width before precision, as printf takes them. */
		if (sp.stars > 0) {
			const char *dot = strchr(sp.body, '.');
			const char *star = strchr(sp.body, '*');

			if (dot == NULL || star < dot)
				w = va_arg(ap, int);
			if (dot != NULL && strchr(dot, '*') != NULL)
				pr = va_arg(ap, int);
		}
		if (size - used == 0)
			return -1;
		switch (sp.conv) {
		case 'd':
		case 'i': {
			long long v;

			if (strcmp(sp.lenmod, "ll") == 0)
				v = va_arg(ap, long long);
			else if (strcmp(sp.lenmod, "l") == 0)
				v = va_arg(ap, long);
			else if (strcmp(sp.lenmod, "j") == 0)
				v = va_arg(ap, intmax_t);
			else if (strcmp(sp.lenmod, "z") == 0)
				v = va_arg(ap, ssize_t);
			else if (strcmp(sp.lenmod, "t") == 0)
				v = va_arg(ap, ptrdiff_t);
			else if (strcmp(sp.lenmod, "hh") == 0)
				v = (signed char)va_arg(ap, int);
			else if (strcmp(sp.lenmod, "h") == 0)
				v = (short)va_arg(ap, int);
			else
				v = va_arg(ap, int);
			make_fmt(f, sizeof f, &sp, w, pr, "ll");
			n = snprintf(buf + used, size - used, f, v);
			break;
		}
		case 'o':
		case 'u':
		case 'x':
		case 'X': {
			unsigned long long v;

			if (strcmp(sp.lenmod, "ll") == 0)
				v = va_arg(ap, unsigned long long);
			else if (strcmp(sp.lenmod, "l") == 0)
				v = va_arg(ap, unsigned long);
			else if (strcmp(sp.lenmod, "j") == 0)
				v = va_arg(ap, uintmax_t);
			else if (strcmp(sp.lenmod, "z") == 0)
				v = va_arg(ap, size_t);
			else if (strcmp(sp.lenmod, "t") == 0)
				v = (unsigned long long)va_arg(ap, ptrdiff_t);
			else if (strcmp(sp.lenmod, "hh") == 0)
				v = (unsigned char)va_arg(ap, unsigned);
			else if (strcmp(sp.lenmod, "h") == 0)
				v = (unsigned short)va_arg(ap, unsigned);
			else
				v = va_arg(ap, unsigned);
			make_fmt(f, sizeof f, &sp, w, pr, "ll");
			n = snprintf(buf + used, size - used, f, v);
			break;
		}
		case 'c':
			make_fmt(f, sizeof f, &sp, w, pr, "");
			n = snprintf(buf + used, size - used, f, va_arg(ap, int));
			break;
		case 's': {
			const char *s = va_arg(ap, const char *);

			make_fmt(f, sizeof f, &sp, w, pr, "");
			n = snprintf(buf + used, size - used, f,
			    s != NULL ? s : "(null)");
			break;
		}
		case 'p':
			make_fmt(f, sizeof f, &sp, w, pr, "");
			n = snprintf(buf + used, size - used, f,
			    va_arg(ap, void *));
			break;
		default:	/* floating point */
			if (strcmp(sp.lenmod, "L") == 0) {
				make_fmt(f, sizeof f, &sp, w, pr, "L");
				n = snprintf(buf + used, size - used, f,
				    va_arg(ap, long double));
			} else {
				make_fmt(f, sizeof f, &sp, w, pr, "");
				n = snprintf(buf + used, size - used, f,
				    va_arg(ap, double));
			}
			break;
		}
		if (n < 0 || (size_t)n >= size - used)
			return -1;
		used += (size_t)n + 1;
		k++;
		w = 0;
		pr = -1;
	}
	*nargs = k;
	return (int)used;
}
#if defined(__GNUC__)
#pragma GCC diagnostic pop
#endif

int
sh_msg_render(char *out, size_t size, const char *fmt, const char *args,
    size_t nargs)
{
	const char	*p, *a, *dot;
	struct spec	 sp;
	size_t		 n = 0, k = 0, i, want, l;
	int		 rc = 0;

	if (size == 0)
		return -1;
	for (p = fmt; *p != '\0'; ) {
		if (*p != '%' || p[1] == '%') {
			if (n + 1 >= size) {
				rc = -1;
				break;
			}
			out[n++] = *p;
			p += *p == '%' ? 2 : 1;
			continue;
		}
		if (!parse_spec(p + 1, &sp)) {
			rc = -1;
			break;
		}
		p += 1 + sp.len;
		want = sp.pos != 0 ? sp.pos - 1 : k++;
		if (want >= nargs) {
			rc = -1;
			break;
		}
		for (a = args, i = 0; i < want; i++)
			a += strlen(a) + 1;
		l = strlen(a);
		/* A translation may drop a text it has no word for (an
		 * English article) with "%n$.0s"; a precision on %s cuts. */
		if (sp.conv == 's' && (dot = strchr(sp.body, '.')) != NULL &&
		    dot[1] != '*') {
			size_t prec = (size_t)strtoul(dot + 1, NULL, 10);

			if (prec < l)
				l = prec;
		}
		if (n + l >= size) {
			rc = -1;
			break;
		}
		memcpy(out + n, a, l);
		n += l;
	}
	out[n] = '\0';
	return rc;
}

/* FNV-1a over the message, so that frames belong to this msg. */
static unsigned int
seal_of(const struct sh_err *err)
{
	const unsigned char	*p = (const unsigned char *)err->msg;
	uint32_t		 h = 2166136261u;

	for (; *p != '\0'; p++)
		h = (h ^ *p) * 16777619u;
	h ^= err->nframes;
	h ^= (uint32_t)err->kind << 8;
	return h;
}

static void add_frame(struct sh_err *, const char *, va_list)
    SH_PRINTF(2, 0);

/* Adds a frame for fmt, or marks the record lost. */
static void
add_frame(struct sh_err *err, const char *fmt, va_list ap)
{
	struct sh_err_frame	*f;
	size_t			 nargs;
	int			 n;

	if (err->lost || err->nframes >= SH_ERR_FRAMES) {
		err->lost = true;
		return;
	}
	n = sh_msg_args(err->args + err->argslen,
	    sizeof err->args - err->argslen, &nargs, fmt, ap);
	if (n < 0) {
		err->lost = true;
		return;
	}
	f = &err->frame[err->nframes++];
	f->fmt = fmt;
	f->off = err->argslen;
	f->nargs = (unsigned char)nargs;
	err->argslen += (unsigned short)n;
}

int
sh_verrf(struct sh_err *err, const char *fmt, va_list ap)
{
	va_list	aq;

	if (err == NULL)
		return -1;
	va_copy(aq, ap);
	vsnprintf(err->msg, sizeof err->msg, fmt, ap);
	err->kind = SH_ERR_PLAIN;
	err->nframes = 0;
	err->lost = false;
	err->argslen = 0;
	add_frame(err, fmt, aq);
	va_end(aq);
	err->seal = seal_of(err);
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
	bool	keyed;
	enum sh_err_kind kind;

	if (err == NULL)
		return -1;
	keyed = sh_err_keyed(err);
	kind = sh_err_kind(err);
	va_start(ap, fmt);
	vsnprintf(ctx, sizeof ctx, fmt, ap);
	va_end(ap);
	memcpy(old, err->msg, sizeof old);
	old[sizeof old - 1] = '\0';
	/* Truncation keeps the front: where it happened, then what. */
	if (snprintf(err->msg, sizeof err->msg, "%s: %s", ctx, old) < 0)
		err->msg[0] = '\0';
	if (!keyed) {
		/* A message not made here: there is nothing to translate. */
		err->nframes = 0;
		err->argslen = 0;
		err->lost = true;
	} else {
		va_start(ap, fmt);
		add_frame(err, fmt, ap);
		va_end(ap);
	}
	err->kind = (unsigned char)kind;
	err->seal = seal_of(err);
	return -1;
}

int
sh_err_set(struct sh_err *err, const char *fmt, const char *args,
    size_t nargs)
{
	const char	*a = args;
	size_t		 i, len;

	if (err == NULL)
		return -1;
	err->kind = SH_ERR_PLAIN;
	err->nframes = 0;
	err->argslen = 0;
	err->lost = false;
	if (sh_msg_render(err->msg, sizeof err->msg, fmt, args, nargs) != 0)
		err->lost = true;
	for (i = 0; i < nargs; i++)
		a += strlen(a) + 1;
	len = (size_t)(a - args);
	if (nargs > SH_MSG_MAXARGS || len > sizeof err->args)
		err->lost = true;
	else {
		memcpy(err->args, args, len);
		err->argslen = (unsigned short)len;
		err->frame[0].fmt = fmt;
		err->frame[0].off = 0;
		err->frame[0].nargs = (unsigned char)nargs;
		err->nframes = 1;
	}
	err->seal = seal_of(err);
	return -1;
}

void
sh_err_clear(struct sh_err *err)
{
	if (err == NULL)
		return;
	err->msg[0] = '\0';
	err->kind = SH_ERR_PLAIN;
	err->nframes = 0;
	err->lost = false;
	err->argslen = 0;
	err->seal = seal_of(err);
}

int
sh_err_set_kind(struct sh_err *err, enum sh_err_kind kind)
{
	if (err == NULL)
		return -1;
	/* Only over a record made here: a stale seal stays stale. */
	if (memchr(err->msg, '\0', sizeof err->msg) != NULL &&
	    err->seal == seal_of(err)) {
		err->kind = (unsigned char)kind;
		err->seal = seal_of(err);
	}
	return -1;
}

enum sh_err_kind
sh_err_kind(const struct sh_err *err)
{
	if (err == NULL || memchr(err->msg, '\0', sizeof err->msg) == NULL ||
	    err->seal != seal_of(err))
		return SH_ERR_PLAIN;
	return (enum sh_err_kind)err->kind;
}

bool
sh_err_keyed(const struct sh_err *err)
{
	if (err == NULL || err->lost || err->nframes == 0 ||
	    err->nframes > SH_ERR_FRAMES || err->argslen > sizeof err->args)
		return false;
	if (memchr(err->msg, '\0', sizeof err->msg) == NULL)
		return false;
	return err->seal == seal_of(err);
}
