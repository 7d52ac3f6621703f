/* Documents as text; see doc.h. */
#define _GNU_SOURCE
#include <errno.h>
#include <fcntl.h>
#include <iconv.h>
#include <poll.h>
#include <signal.h>
#include <spawn.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <sys/socket.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

#include "base/text.h"
#include "format/doc.h"

extern char **environ;

#define DOC_CHUNK	65536
#define DOC_ERRMAX	512	/* bytes of the extractor's stderr kept */

void
sh_doc_text_init(struct sh_doc_text *d)
{
	memset(d, 0, sizeof(*d));
	sh_buf_init(&d->text, true);
}

void
sh_doc_text_free(struct sh_doc_text *d)
{
	sh_buf_free(&d->text);
	free(d->page);
	sh_doc_text_init(d);
}

const char *
sh_doc_page(const struct sh_doc_text *d, size_t i, size_t *len)
{
	size_t end;

	if (i >= d->npages) {
		*len = 0;
		return "";
	}
	end = i + 1 < d->npages ? d->page[i + 1] : d->text.len;
	*len = end - d->page[i];
	return (const char *)d->text.data + d->page[i];
}

size_t
sh_doc_page_of(const struct sh_doc_text *d, size_t off)
{
	size_t lo = 0, hi = d->npages, mid;

	/* The last page starting at or before off. */
	while (hi - lo > 1) {
		mid = lo + (hi - lo) / 2;
		if (d->page[mid] <= off)
			lo = mid;
		else
			hi = mid;
	}
	return lo;
}

/* Type */

static bool
has(const unsigned char *d, size_t len, const char *magic, size_t n)
{
	return len >= n && memcmp(d, magic, n) == 0;
}

static bool
ext_is(const char *name, const char *ext)
{
	const char *dot = name != NULL ? strrchr(name, '.') : NULL;

	return dot != NULL && strcasecmp(dot + 1, ext) == 0;
}

static bool
ext_any(const char *name, const char *const *exts)
{
	for (; *exts != NULL; exts++)
		if (ext_is(name, *exts))
			return true;
	return false;
}

enum sh_doc_type
sh_doc_type(const char *name, const void *data, size_t len)
{
	static const char *const images[] = { "png", "jpg", "jpeg", "gif",
	    "tif", "tiff", "bmp", "heic", "webp", NULL };
	static const char *const ole[] = { "doc", "xls", "ppt", NULL };
	const unsigned char	*d = data;
	size_t			 head = len < 1024 ? len : 1024;
	size_t			 zhead = len < 65536 ? len : 65536;

	/* PDF readers accept the header anywhere in the first 1024 bytes. */
	if (memmem(d, head, "%PDF-", 5) != NULL)
		return SH_DOC_PDF;
	if (has(d, len, "PK\003\004", 4)) {
		/* The first members name the kind of OOXML file. */
		if (memmem(d, zhead, "word/", 5) != NULL)
			return SH_DOC_DOCX;
		if (memmem(d, zhead, "xl/", 3) != NULL)
			return SH_DOC_XLSX;
		if (memmem(d, zhead, "ppt/", 4) != NULL)
			return SH_DOC_PPTX;
		return ext_is(name, "docx") ? SH_DOC_DOCX :
		    ext_is(name, "xlsx") ? SH_DOC_XLSX :
		    ext_is(name, "pptx") ? SH_DOC_PPTX : SH_DOC_ZIP;
	}
	if (has(d, len, "\xD0\xCF\x11\xE0\xA1\xB1\x1A\xE1", 8))
		return SH_DOC_OLE;
	if (has(d, len, "\x89PNG\r\n\x1A\n", 8) ||
	    has(d, len, "\xFF\xD8\xFF", 3) || has(d, len, "GIF8", 4) ||
	    has(d, len, "II*\0", 4) || has(d, len, "MM\0*", 4))
		return SH_DOC_IMAGE;
	/* No magic: a damaged file is still of the type its name says, so
	 * that the message is about a damaged PDF, not about binary text. */
	if (ext_is(name, "pdf"))
		return SH_DOC_PDF;
	if (ext_is(name, "docx"))
		return SH_DOC_DOCX;
	if (ext_is(name, "xlsx"))
		return SH_DOC_XLSX;
	if (ext_is(name, "pptx"))
		return SH_DOC_PPTX;
	if (ext_any(name, ole))
		return SH_DOC_OLE;
	if (ext_any(name, images))
		return SH_DOC_IMAGE;
	if (memchr(d, '\0', len < 8192 ? len : 8192) != NULL)
		return SH_DOC_BINARY;
	return SH_DOC_TEXT;
}

const char *
sh_doc_type_name(enum sh_doc_type t)
{
	switch (t) {
	case SH_DOC_TEXT:	return "text";
	case SH_DOC_PDF:	return "PDF";
	case SH_DOC_DOCX:	return "Word (docx)";
	case SH_DOC_XLSX:	return "Excel (xlsx)";
	case SH_DOC_PPTX:	return "PowerPoint (pptx)";
	case SH_DOC_ZIP:	return "zip";
	case SH_DOC_OLE:	return "Office (doc/xls/ppt)";
	case SH_DOC_IMAGE:	return "image";
	case SH_DOC_BINARY:	return "binary";
	}
	return "?";
}

bool
sh_doc_type_readable(enum sh_doc_type t)
{
	return t == SH_DOC_TEXT || t == SH_DOC_PDF;
}

static int
not_readable(const char *name, enum sh_doc_type t, struct sh_err *err)
{
	switch (t) {
	case SH_DOC_DOCX:
		return sh_errf(err, "%s: a Word document (docx) cannot be "
		    "shown as text here", name);
	case SH_DOC_XLSX:
		return sh_errf(err, "%s: an Excel workbook (xlsx) cannot be "
		    "shown as text here", name);
	case SH_DOC_PPTX:
		return sh_errf(err, "%s: a PowerPoint file (pptx) cannot be "
		    "shown as text here", name);
	case SH_DOC_ZIP:
		return sh_errf(err, "%s: a zip archive cannot be shown as "
		    "text here", name);
	case SH_DOC_OLE:
		return sh_errf(err, "%s: an old Office file (doc, xls, ppt) "
		    "cannot be shown as text here", name);
	case SH_DOC_IMAGE:
		return sh_errf(err, "%s: an image cannot be shown as text "
		    "here", name);
	default:
		return sh_errf(err, "%s: a file of unknown type (not text) "
		    "cannot be shown here", name);
	}
}

/* Pages */

static int
add_page(struct sh_doc_text *out, const char *name, struct sh_err *err)
{
	size_t *p;

	if (out->npages >= SH_DOC_MAX_PAGES)
		return sh_errf(err, "%s: more than %d pages; not shown", name,
		    SH_DOC_MAX_PAGES);
	if ((p = reallocarray(out->page, out->npages + 1, sizeof(*p))) ==
	    NULL)
		return sh_errf(err, "out of memory");
	out->page = p;
	out->page[out->npages++] = out->text.len;
	return 0;
}

/*
 * Splits UTF-8 s at form feeds into sanitised pages. A form feed at the
 * very end (pdftotext ends every page with one) opens no empty page.
 */
static int
paginate(struct sh_doc_text *out, const char *name, const char *s,
    size_t len, struct sh_err *err)
{
	const char	*ff;
	size_t		 n;

	do {
		if (add_page(out, name, err) != 0)
			return -1;
		ff = memchr(s, '\f', len);
		n = ff != NULL ? (size_t)(ff - s) : len;
		if (sh_text_sanitize(&out->text, s, n, true) != 0)
			return sh_errf(err, "out of memory");
		if (ff != NULL)
			n++;
		s += n;
		len -= n;
	} while (len > 0);
	return 0;
}

/* Text */

static int
too_large(const char *name, size_t max, struct sh_err *err)
{
	return sh_errf(err, "%s: more than %zu bytes of text; not shown",
	    name, max);
}

/* CP932 to UTF-8 into out (secret); -1 if s is not CP932. */
static int
from_cp932(const char *s, size_t len, size_t max, struct sh_buf *out)
{
	iconv_t	 cd;
	char	*in = (char *)s, *o;
	size_t	 inleft = len, oleft, r;
	int	 ret = -1;

	if ((cd = iconv_open("UTF-8", "CP932")) == (iconv_t)-1)
		return -1;
	for (;;) {
		if (sh_buf_reserve(out, DOC_CHUNK) != 0)
			break;
		o = (char *)out->data + out->len;
		oleft = out->cap - out->len;
		r = iconv(cd, &in, &inleft, &o, &oleft);
		out->len = (size_t)(o - (char *)out->data);
		if (out->len > max)
			break;
		if (r != (size_t)-1) {
			ret = 0;
			break;
		}
		if (errno != E2BIG)
			break;	/* EILSEQ, EINVAL: not CP932 */
	}
	iconv_close(cd);
	return ret;
}

static int
extract_text(const char *name, const char *s, size_t len, size_t max,
    struct sh_doc_text *out, struct sh_err *err)
{
	struct sh_buf	conv;
	int		r;

	if (len >= 3 && memcmp(s, "\xEF\xBB\xBF", 3) == 0) {
		s += 3;
		len -= 3;
	}
	if (len > max)
		return too_large(name, max, err);
	if (sh_utf8_valid(s, len)) {
		out->encoding = SH_DOC_UTF8;
		return paginate(out, name, s, len, err);
	}
	sh_buf_init(&conv, true);
	if (from_cp932(s, len, max, &conv) == 0) {
		out->encoding = SH_DOC_CP932;
		r = paginate(out, name, (char *)conv.data, conv.len, err);
	} else if (conv.len > max) {
		r = too_large(name, max, err);
	} else {
		out->encoding = SH_DOC_LOSSY;
		r = paginate(out, name, s, len, err);
	}
	sh_buf_free(&conv);
	return r;
}

/* PDF */

static long long
now_ms(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (long long)ts.tv_sec * 1000 + ts.tv_nsec / 1000000;
}

static void
close_fd(int *fd)
{
	if (*fd != -1) {
		close(*fd);
		*fd = -1;
	}
}

/* The extractor and any child it made are in their own process group. */
static void
kill_child(pid_t pid)
{
	int st;

	kill(-pid, SIGKILL);
	kill(pid, SIGKILL);
	while (waitpid(pid, &st, 0) == -1 && errno == EINTR)
		;
}

static pid_t
spawn(const char *prog, int fd_in, int fd_out, int fd_err, int *errnum)
{
	char *const		 argv[] = { (char *)prog, "-layout", "-enc",
				    "UTF-8", "-", "-", NULL };
	posix_spawn_file_actions_t fa;
	posix_spawnattr_t	 at;
	sigset_t		 none, dfl;
	pid_t			 pid = -1;

	sigemptyset(&none);
	sigemptyset(&dfl);
	sigaddset(&dfl, SIGPIPE);
	sigaddset(&dfl, SIGINT);
	sigaddset(&dfl, SIGTERM);
	sigaddset(&dfl, SIGCHLD);
	posix_spawn_file_actions_init(&fa);
	posix_spawn_file_actions_adddup2(&fa, fd_in, 0);
	posix_spawn_file_actions_adddup2(&fa, fd_out, 1);
	posix_spawn_file_actions_adddup2(&fa, fd_err, 2);
	posix_spawnattr_init(&at);
	posix_spawnattr_setflags(&at, POSIX_SPAWN_SETPGROUP |
	    POSIX_SPAWN_SETSIGMASK | POSIX_SPAWN_SETSIGDEF);
	posix_spawnattr_setpgroup(&at, 0);
	posix_spawnattr_setsigmask(&at, &none);
	posix_spawnattr_setsigdefault(&at, &dfl);
	*errnum = posix_spawnp(&pid, prog, &fa, &at, argv, environ);
	posix_spawn_file_actions_destroy(&fa);
	posix_spawnattr_destroy(&at);
	return *errnum == 0 ? pid : -1;
}

static int
missing(const char *name, struct sh_err *err)
{
	return sh_errf(err, "%s: pdftotext is not installed: install "
	    "poppler-utils (sudo apt-get install poppler-utils)", name);
}

/* The first line of what the extractor said, for the message. */
static void
first_line(char *s)
{
	char *nl = strchr(s, '\n');

	if (nl != NULL)
		*nl = '\0';
	for (; *s != '\0'; s++)
		if ((unsigned char)*s < 0x20 || *s == 0x7f)
			*s = ' ';
}

/*
 * Runs the extractor on data and appends what it writes to raw (secret),
 * within the time and size limits. The bytes go to its stdin on a socket
 * (send() with MSG_NOSIGNAL: a child that stops reading cannot kill us
 * with SIGPIPE) and come back on a pipe: no file is ever written.
 */
static int
run_pdftotext(const char *name, const char *prog, const unsigned char *data,
    size_t len, int timeout_ms, size_t max, struct sh_buf *raw,
    struct sh_err *err)
{
	int		 sv[2] = { -1, -1 }, po[2] = { -1, -1 },
			 pe[2] = { -1, -1 };
	int		 fin, fout, ferr, errnum, st, n;
	char		 ebuf[DOC_ERRMAX + 1];
	size_t		 off = 0, elen = 0;
	long long	 deadline = now_ms() + timeout_ms, left;
	struct pollfd	 pf[3];
	ssize_t		 r;
	pid_t		 pid;
	int		 secs = (timeout_ms + 999) / 1000;

	if (socketpair(AF_UNIX, SOCK_STREAM | SOCK_CLOEXEC, 0, sv) != 0 ||
	    pipe2(po, O_CLOEXEC) != 0 || pipe2(pe, O_CLOEXEC) != 0) {
		errnum = errno;
		close_fd(&sv[0]); close_fd(&sv[1]);
		close_fd(&po[0]); close_fd(&po[1]);
		return sh_errf(err, "%s: no pipe for pdftotext: %s", name,
		    strerror(errnum));
	}
	pid = spawn(prog, sv[1], po[1], pe[1], &errnum);
	close_fd(&sv[1]);
	close_fd(&po[1]);
	close_fd(&pe[1]);
	fin = sv[0];
	fout = po[0];
	ferr = pe[0];
	if (pid == -1) {
		close_fd(&fin); close_fd(&fout); close_fd(&ferr);
		if (errnum == ENOENT)
			return missing(name, err);
		return sh_errf(err, "%s: %s could not be started: %s", name,
		    prog, strerror(errnum));
	}
	fcntl(fin, F_SETFL, fcntl(fin, F_GETFL) | O_NONBLOCK);
	fcntl(fout, F_SETFL, fcntl(fout, F_GETFL) | O_NONBLOCK);
	fcntl(ferr, F_SETFL, fcntl(ferr, F_GETFL) | O_NONBLOCK);
	if (len == 0)
		close_fd(&fin);
	while (fout != -1 || ferr != -1) {
		if ((left = deadline - now_ms()) <= 0)
			goto timeout;
		n = 0;
		pf[n].fd = fout; pf[n++].events = POLLIN;
		pf[n].fd = ferr; pf[n++].events = POLLIN;
		pf[n].fd = fin; pf[n++].events = POLLOUT;
		if (poll(pf, n, left > INT32_MAX ? INT32_MAX : (int)left) ==
		    -1) {
			if (errno == EINTR)
				continue;
			errnum = errno;
			goto fail_errno;
		}
		if (fin != -1 && pf[2].revents != 0) {
			r = send(fin, data + off, len - off < DOC_CHUNK ?
			    len - off : DOC_CHUNK, MSG_NOSIGNAL | MSG_DONTWAIT);
			if (r > 0)
				off += (size_t)r;
			/* A child that stopped reading (a damaged PDF)
			 * will say why on stderr. */
			if (off == len || (r == -1 && errno != EAGAIN &&
			    errno != EINTR))
				close_fd(&fin);
		}
		if (fout != -1 && pf[0].revents != 0) {
			if (sh_buf_reserve(raw, DOC_CHUNK) != 0) {
				kill_child(pid);
				close_fd(&fin); close_fd(&fout);
				close_fd(&ferr);
				return sh_errf(err, "out of memory");
			}
			r = read(fout, raw->data + raw->len, DOC_CHUNK);
			if (r > 0)
				raw->len += (size_t)r;
			else if (r == 0 || (errno != EAGAIN && errno != EINTR))
				close_fd(&fout);
			if (raw->len > max) {
				kill_child(pid);
				close_fd(&fin); close_fd(&fout);
				close_fd(&ferr);
				return too_large(name, max, err);
			}
		}
		if (ferr != -1 && pf[1].revents != 0) {
			char junk[4096];

			r = read(ferr, junk, sizeof(junk));
			if (r > 0 && elen < DOC_ERRMAX) {
				size_t k = (size_t)r < DOC_ERRMAX - elen ?
				    (size_t)r : DOC_ERRMAX - elen;

				memcpy(ebuf + elen, junk, k);
				elen += k;
			} else if (r == 0 || (r == -1 && errno != EAGAIN &&
			    errno != EINTR))
				close_fd(&ferr);
		}
	}
	close_fd(&fin);
	/* Both outputs closed; the child may still be on its way out. */
	while ((r = waitpid(pid, &st, WNOHANG)) != pid) {
		if (r == -1 && errno != EINTR) {
			errnum = errno;
			goto fail_errno;
		}
		if (now_ms() >= deadline)
			goto timeout;
		poll(NULL, 0, 5);
	}
	ebuf[elen] = '\0';
	first_line(ebuf);
	if (WIFSIGNALED(st))
		return sh_errf(err, "%s: pdftotext was stopped by signal %d",
		    name, WTERMSIG(st));
	if (WEXITSTATUS(st) == 127)	/* a wrapper that found none */
		return missing(name, err);
	if (WEXITSTATUS(st) != 0)
		return sh_errf(err, "%s: pdftotext could not read the PDF "
		    "(exit status %d): %s", name, WEXITSTATUS(st), ebuf);
	return 0;

timeout:
	kill_child(pid);
	close_fd(&fin); close_fd(&fout); close_fd(&ferr);
	return sh_errf(err, "%s: reading the PDF took longer than %d "
	    "seconds; pdftotext was stopped", name, secs);
fail_errno:
	kill_child(pid);
	close_fd(&fin); close_fd(&fout); close_fd(&ferr);
	return sh_errf(err, "%s: reading pdftotext's output: %s", name,
	    strerror(errnum));
}

int
sh_doc_extract(const char *name, const void *data, size_t len,
    const struct sh_doc_opts *opts, struct sh_doc_text *out,
    struct sh_err *err)
{
	struct sh_buf	raw;
	const char	*prog = SH_DOC_PDFTOTEXT;
	size_t		 max = SH_DOC_MAX_TEXT;
	int		 timeout = SH_DOC_TIMEOUT_MS, r;

	if (opts != NULL) {
		if (opts->pdftotext != NULL)
			prog = opts->pdftotext;
		if (opts->max_text != 0)
			max = opts->max_text;
		if (opts->timeout_ms > 0)
			timeout = opts->timeout_ms;
	}
	if (data == NULL)
		data = "";
	out->type = sh_doc_type(name, data, len);
	switch (out->type) {
	case SH_DOC_TEXT:
		r = extract_text(name, data, len, max, out, err);
		break;
	case SH_DOC_PDF:
		sh_buf_init(&raw, true);
		r = run_pdftotext(name, prog, data, len, timeout, max, &raw,
		    err);
		if (r == 0) {
			out->encoding = SH_DOC_UTF8;
			r = sh_buf_cstr(&raw) == NULL ? sh_errf(err,
			    "out of memory") : paginate(out, name,
			    (char *)raw.data, raw.len, err);
		}
		sh_buf_free(&raw);
		break;
	default:
		r = not_readable(name, out->type, err);
		break;
	}
	if (r != 0) {
		enum sh_doc_type t = out->type;

		sh_doc_text_free(out);
		out->type = t;
	}
	return r;
}
