/* Reading passphrases from the terminal or from a file. */
#include <errno.h>
#include <fcntl.h>
#include <signal.h>
#include <stdarg.h>
#include <stdio.h>
#include <string.h>
#include <sys/select.h>
#include <termios.h>
#include <unistd.h>

#include <sodium.h>

#include "crypto/minisign.h"
#include "crypto/minisign_int.h"
#include "crypto/passphrase.h"

static volatile sig_atomic_t	caught;

static void
on_signal(int sig)
{
	caught = sig;
}

static const int tty_signals[] = { SIGINT, SIGTERM, SIGQUIT, SIGHUP, SIGTSTP,
    SIGTTIN, SIGTTOU };
#define NSIGNALS (sizeof tty_signals / sizeof tty_signals[0])

/*
 * Reads one line from the tty with echo off. The signals that would end
 * or stop the process are caught, so that the terminal gets its echo back
 * before they act: they are blocked except while waiting in pselect, so
 * one arriving between a check and a read cannot leave the read waiting
 * for a line nobody will type.
 */
static int
tty_line(int fd, const char *prompt, struct sh_buf *out, struct sh_err *err)
{
	struct termios		 saved, quiet;
	struct sigaction	 sa, old[NSIGNALS];
	sigset_t		 block, oldmask, waitmask;
	fd_set			 rfds;
	char			 c;
	ssize_t			 n;
	size_t			 i;
	int			 rc = -1, sig;

	if (tcgetattr(fd, &saved) == -1)
		return sh_errf(err, "/dev/tty: %s", strerror(errno));
	sigemptyset(&block);
	for (i = 0; i < NSIGNALS; i++)
		sigaddset(&block, tty_signals[i]);
	sigprocmask(SIG_BLOCK, &block, &oldmask);
	waitmask = oldmask;
	for (i = 0; i < NSIGNALS; i++)
		sigdelset(&waitmask, tty_signals[i]);
	memset(&sa, 0, sizeof sa);
	sa.sa_handler = on_signal;
	sigemptyset(&sa.sa_mask);
	caught = 0;
	for (i = 0; i < NSIGNALS; i++)
		sigaction(tty_signals[i], &sa, &old[i]);
	quiet = saved;
	quiet.c_lflag &= ~(tcflag_t)(ECHO | ECHONL);
	quiet.c_lflag |= ICANON;
	if (tcsetattr(fd, TCSAFLUSH, &quiet) == -1) {
		sh_errf(err, "/dev/tty: %s", strerror(errno));
		goto restore;
	}
	if (write(fd, prompt, strlen(prompt)) == -1) {
		sh_errf(err, "/dev/tty: %s", strerror(errno));
		goto restore;
	}
	for (;;) {
		FD_ZERO(&rfds);
		FD_SET(fd, &rfds);
		n = pselect(fd + 1, &rfds, NULL, NULL, NULL, &waitmask);
		if (caught != 0) {
			sh_errf(err, "interrupted");
			break;
		}
		if (n == -1 && errno == EINTR)
			continue;
		if (n == -1) {
			sh_errf(err, "/dev/tty: %s", strerror(errno));
			break;
		}
		/* Canonical mode: readable means a whole line is there. */
		n = read(fd, &c, 1);
		if (n == -1 && errno == EINTR)
			continue;
		if (n == -1) {
			sh_errf(err, "/dev/tty: %s", strerror(errno));
			break;
		}
		if (n == 0 || c == '\n') {
			rc = 0;
			break;
		}
		if (out->len >= SH_MINISIGN_PASS_MAX) {
			sh_errf(err, "passphrase longer than %d bytes",
			    SH_MINISIGN_PASS_MAX);
			break;
		}
		if (sh_buf_append(out, &c, 1) != 0) {
			sh_errf(err, "out of memory");
			break;
		}
	}
	c = 0;
	if (write(fd, "\n", 1) == -1) {
		/* the newline is cosmetic */
	}
restore:
	tcsetattr(fd, TCSAFLUSH, &saved);
	for (i = 0; i < NSIGNALS; i++)
		sigaction(tty_signals[i], &old[i], NULL);
	sig = caught;
	caught = 0;
	if (sig != 0) {
		sh_buf_free(out);
		/*
		 * Raised while still blocked, it acts with its old disposition
		 * as the mask is restored, now that echo is back.
		 */
		raise(sig);
	}
	sigprocmask(SIG_SETMASK, &oldmask, NULL);
	if (sig != 0)
		return -1;
	if (rc != 0)
		sh_buf_free(out);
	return rc;
}

static int
tty_open(struct sh_err *err)
{
	int	fd;

	if ((fd = open("/dev/tty", O_RDWR | O_CLOEXEC | O_NOCTTY)) == -1)
		return sh_errf(err, "no terminal to ask for the passphrase "
		    "(/dev/tty: %s); use --passphrase-file", strerror(errno));
	return fd;
}

/*
 * One of this module's messages (a key, base/err.h) in the caller's
 * language: rendered with its arguments by ui->tr, or in English. The
 * wording lives here once, for every program that asks.
 */
static void pp_text(const struct sh_passphrase_ui *, char *, size_t,
    const char *, ...) SH_PRINTF(4, 5);

static void
pp_text(const struct sh_passphrase_ui *ui, char *buf, size_t size,
    const char *fmt, ...)
{
	va_list	ap;
	char	args[256];
	size_t	nargs;
	int	rc;

	va_start(ap, fmt);
	rc = sh_msg_args(args, sizeof args, &nargs, fmt, ap);
	va_end(ap);
	if (rc == -1)
		snprintf(buf, size, "%s", fmt);
	else if (ui != NULL && ui->tr != NULL)
		ui->tr(fmt, args, nargs, buf, size);
	else if (sh_msg_render(buf, size, fmt, args, nargs) != 0)
		snprintf(buf, size, "%s", fmt);
}

bool
sh_passphrase_long_enough(const unsigned char *p, size_t len)
{
	size_t	i, n = 0;

	/* Characters, as the message says: UTF-8 continuation bytes
	 * (10xxxxxx) do not start one. */
	for (i = 0; i < len; i++)
		if ((p[i] & 0xc0) != 0x80)
			n++;
	return n >= SH_PASSPHRASE_MIN;
}

static bool
same(const struct sh_buf *a, const struct sh_buf *b)
{
	return a->len == b->len && (a->len == 0 ||
	    sodium_memcmp(a->data, b->data, a->len) == 0);
}

/*
 * A new passphrase typed twice, asked again (up to SH_PASSPHRASE_TRIES
 * times in all) when it is too short or the two differ, as the
 * workstation's first start does.
 */
static int
new_tty(const struct sh_passphrase_ui *ui, struct sh_buf *out,
    struct sh_err *err)
{
	struct sh_buf	again;
	char		prompt[1024], ask[512], line[512];
	bool		shorty = false;
	int		fd, n, rc = -1;

	if ((fd = tty_open(err)) == -1)
		return -1;
	pp_text(ui, ask, sizeof ask, "New passphrase (at least %d "
	    "characters): ", SH_PASSPHRASE_MIN);
	for (n = 1; n <= SH_PASSPHRASE_TRIES; n++) {
		if (n == 1)
			snprintf(prompt, sizeof prompt, "%s", ask);
		else {
			if (shorty)
				pp_text(ui, line, sizeof line, "Too short: at "
				    "least %d characters. Try again.",
				    SH_PASSPHRASE_MIN);
			else
				pp_text(ui, line, sizeof line, "The two "
				    "passphrases differ. Try again.");
			snprintf(prompt, sizeof prompt, "%s\n%s", line, ask);
		}
		sh_buf_init(out, true);
		if (tty_line(fd, prompt, out, err) != 0)
			break;
		if (!sh_passphrase_long_enough(out->data, out->len)) {
			sh_buf_free(out);
			shorty = true;
			continue;
		}
		shorty = false;
		pp_text(ui, line, sizeof line, "Same passphrase again: ");
		sh_buf_init(&again, true);
		if (tty_line(fd, line, &again, err) != 0) {
			sh_buf_free(out);
			break;
		}
		rc = same(out, &again) ? 0 : -1;
		sh_buf_free(&again);
		if (rc == 0)
			break;
		sh_buf_free(out);
	}
	close(fd);
	if (rc != 0 && n > SH_PASSPHRASE_TRIES) {
		if (shorty)
			sh_errf(err, "the passphrase is too short: at least %d "
			    "characters", SH_PASSPHRASE_MIN);
		else
			sh_errf(err, "the passphrases do not match");
	}
	if (rc == 0 && sh_buf_cstr(out) == NULL) {
		sh_buf_free(out);
		return sh_errf(err, "out of memory");
	}
	return rc;
}

int
sh_passphrase_read_file(const char *path, struct sh_buf *out,
    struct sh_err *err)
{
	struct sh_buf	 b;
	const char	*p, *end, *l;
	size_t		 n;
	int		 rc;

	sh_buf_init(out, true);
	sh_buf_init(&b, true);
	if (sh_ms_read_file(path, SH_MINISIGN_PASS_MAX + 2, true, &b,
	    err) != 0)
		return -1;
	p = (const char *)b.data;
	end = p + b.len;
	rc = sh_ms_next_line(&p, end, &l, &n, SH_MINISIGN_PASS_MAX);
	if (rc == 0)
		rc = sh_errf(err, "%s: empty", path);
	else if (rc < 0)
		rc = sh_errf(err, "%s: passphrase longer than %d bytes or "
		    "holding a NUL byte", path, SH_MINISIGN_PASS_MAX);
	else if (p != end)
		rc = sh_errf(err, "%s: more than one line; a passphrase file "
		    "holds the passphrase alone", path);
	else if (sh_buf_append(out, l, n) != 0 || sh_buf_cstr(out) == NULL)
		rc = sh_errf(err, "out of memory");
	else
		rc = 0;
	sh_buf_free(&b);
	if (rc != 0)
		sh_buf_free(out);
	return rc;
}

int
sh_passphrase_new(const char *path, const struct sh_passphrase_ui *ui,
    struct sh_buf *out, struct sh_err *err)
{
	if (path == NULL)
		return new_tty(ui, out, err);
	if (sh_passphrase_read_file(path, out, err) != 0)
		return -1;
	if (!sh_passphrase_long_enough(out->data, out->len)) {
		sh_buf_free(out);
		return sh_errf(err, "%s: the passphrase is too short: at "
		    "least %d characters", path, SH_PASSPHRASE_MIN);
	}
	return 0;
}

/* A courtesy line on the terminal: nothing depends on its being seen. */
static void
tty_say(int fd, const char *s)
{
	if (write(fd, s, strlen(s)) == -1) {
		/* the prompt that follows will fail as clearly */
	}
}

/*
 * Asks until the key opens, another error, or SH_PASSPHRASE_TRIES wrong
 * passphrases. scrypt takes seconds at minisign's limits: the working
 * line says the program is not hung, and is erased (CR, erase to end of
 * line) so that the next prompt or screen starts clean.
 */
static struct sh_minisign_sk *
unlock_tty(const char *keyfile, const struct sh_passphrase_ui *ui,
    struct sh_err *err)
{
	struct sh_minisign_sk	*sk = NULL;
	struct sh_buf		 pw;
	char			 prompt[1024], line[512];
	bool			 wrong = false;
	int			 fd, n;

	if ((fd = tty_open(err)) == -1) {
		sh_err_prefix(err, "%s", keyfile);
		return NULL;
	}
	for (n = 1; n <= SH_PASSPHRASE_TRIES; n++) {
		if (n == 1)
			snprintf(prompt, sizeof prompt, "%s", ui->prompt);
		else {
			pp_text(ui, line, sizeof line, "Wrong passphrase, try "
			    "again (%d of %d).", n, SH_PASSPHRASE_TRIES);
			snprintf(prompt, sizeof prompt, "%s\n%s", line,
			    ui->prompt);
		}
		sh_buf_init(&pw, true);
		if (tty_line(fd, prompt, &pw, err) != 0)
			break;
		if (sh_buf_cstr(&pw) == NULL) {
			sh_buf_free(&pw);
			sh_errf(err, "out of memory");
			break;
		}
		pp_text(ui, line, sizeof line, "Unlocking the key… (a few "
		    "seconds)");
		tty_say(fd, line);
		sk = sh_ms_sk_read_file(keyfile, pw.data, pw.len, &wrong, err);
		tty_say(fd, "\r\033[K");
		sh_buf_free(&pw);
		if (sk != NULL || !wrong)
			break;
	}
	close(fd);
	if (sk == NULL && wrong)
		sh_errf(err, "%s: wrong passphrase %d times; the key stays "
		    "locked", keyfile, SH_PASSPHRASE_TRIES);
	return sk;
}

struct sh_minisign_sk *
sh_passphrase_unlock(const char *keyfile, const char *passfile,
    const struct sh_passphrase_ui *ui, struct sh_err *err)
{
	struct sh_minisign_sk	*sk;
	enum sh_minisign_kind	 kind;
	struct sh_buf		 pw;
	bool			 prot, wrong;

	if (sh_minisign_key_file_kind(keyfile, &kind, &prot, err) != 0)
		return NULL;
	if (kind != SH_MINISIGN_SECRET) {
		sh_errf(err, "%s: a public key, not a secret key", keyfile);
		return NULL;
	}
	if (!prot)
		return sh_minisign_sk_read_file(keyfile, NULL, 0, err);
	if (passfile == NULL)
		return unlock_tty(keyfile, ui, err);
	if (sh_passphrase_read_file(passfile, &pw, err) != 0)
		return NULL;
	sk = sh_ms_sk_read_file(keyfile, pw.data, pw.len, &wrong, err);
	sh_buf_free(&pw);
	if (sk == NULL && wrong)
		sh_errf(err, "%s: wrong passphrase for %s", passfile, keyfile);
	return sk;
}
