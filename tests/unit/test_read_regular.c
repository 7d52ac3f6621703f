/* base/buf: sh_open_regular and every reader on it (sh_read_file, the
 * minisign key and passphrase files, a file hashed for signing) read a
 * regular file, or a symbolic link to one, and refuse a named pipe, a
 * directory, a device or a socket at once, saying which, where open()
 * would block on the pipe forever and read /dev/zero without end. An
 * alarm turns a hang into a failure. */
#include <fcntl.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <sys/stat.h>
#include <sys/un.h>
#include <unistd.h>

#include "testutil.h"
#include "base/buf.h"
#include "crypto/minisign.h"
#include "crypto/passphrase.h"

static void
reads_a_regular_file_and_a_link_to_one(void **state)
{
	char		*d = tu_tmpdir("read_regular_reg"), path[512], link[512];
	struct sh_buf	 b;
	struct sh_err	 e;
	struct stat	 st;
	int		 fd, fl;

	snprintf(path, sizeof path, "%s/file.txt", d);
	snprintf(link, sizeof link, "%s/link.txt", d);
	tu_write(path, "hello", 5);
	assert_int_equal(symlink("file.txt", link), 0);

	assert_true((fd = sh_open_regular(path, &st, &e)) >= 0);
	assert_true(S_ISREG(st.st_mode));
	assert_int_equal(st.st_size, 5);
	/* Handed back blocking and close-on-exec. */
	assert_true((fl = fcntl(fd, F_GETFL)) != -1);
	assert_int_equal(fl & O_NONBLOCK, 0);
	assert_true(fcntl(fd, F_GETFD) & FD_CLOEXEC);
	close(fd);

	sh_buf_init(&b, false);
	assert_int_equal(sh_read_file(link, 100, &b, &e), 0);
	assert_int_equal(b.len, 5);
	assert_memory_equal(b.data, "hello", 5);
	sh_buf_free(&b);
	free(d);
}

/* path is refused by sh_read_file with "PATH: not read: it is KIND, ...". */
static void
refused_as(const char *path, const char *kind)
{
	char		want[1024];
	struct sh_buf	b;
	struct sh_err	e;

	snprintf(want, sizeof want, "%s: not read: it is %s, and only a "
	    "regular file can be read", path, kind);
	assert_int_equal(sh_open_regular(path, NULL, &e), -1);
	assert_string_equal(e.msg, want);
	sh_buf_init(&b, false);
	assert_int_equal(sh_read_file(path, 1024, &b, &e), -1);
	assert_string_equal(e.msg, want);
	assert_null(b.data);
}

static void
refuses_special_files(void **state)
{
	char			*d = tu_tmpdir("read_regular_special");
	char			 fifo[512], dir[512], sock[512], link[512];
	struct sockaddr_un	 sa;
	int			 s;

	snprintf(fifo, sizeof fifo, "%s/zz.shinsa-sheet", d);
	assert_int_equal(mkfifo(fifo, 0600), 0);
	refused_as(fifo, "a named pipe");
	/* A link to a pipe is the pipe. */
	snprintf(link, sizeof link, "%s/link", d);
	assert_int_equal(symlink("zz.shinsa-sheet", link), 0);
	refused_as(link, "a named pipe");

	snprintf(dir, sizeof dir, "%s/inbox", d);
	assert_int_equal(mkdir(dir, 0700), 0);
	refused_as(dir, "a directory");

	refused_as("/dev/null", "a device");
	refused_as("/dev/zero", "a device");

	snprintf(sock, sizeof sock, "%s/s", d);
	if (strlen(sock) < sizeof sa.sun_path &&
	    (s = socket(AF_UNIX, SOCK_STREAM, 0)) != -1) {
		memset(&sa, 0, sizeof sa);
		sa.sun_family = AF_UNIX;
		strcpy(sa.sun_path, sock);
		assert_int_equal(bind(s, (struct sockaddr *)&sa, sizeof sa), 0);
		refused_as(sock, "a socket");
		close(s);
	}
	free(d);
}

/* The readers in crypto go through the same door. */
static void
keys_passphrases_and_signed_files_refuse_a_pipe(void **state)
{
	char			*d = tu_tmpdir("read_regular_crypto");
	char			 fifo[512], want[1024];
	struct sh_minisign_pk	 pk;
	struct sh_minisign_sk	*sk;
	enum sh_minisign_kind	 kind;
	struct sh_buf		 b;
	struct sh_err		 e;
	bool			 prot;

	snprintf(fifo, sizeof fifo, "%s/key", d);
	assert_int_equal(mkfifo(fifo, 0600), 0);
	snprintf(want, sizeof want, "%s: not read: it is a named pipe, and "
	    "only a regular file can be read", fifo);

	assert_int_equal(sh_minisign_pk_read_file(fifo, &pk, &e), -1);
	assert_non_null(strstr(e.msg, want));
	assert_int_equal(sh_minisign_key_file_kind(fifo, &kind, &prot, &e),
	    -1);
	assert_non_null(strstr(e.msg, want));
	assert_null(sh_minisign_sk_read_file(fifo, NULL, 0, &e));
	assert_non_null(strstr(e.msg, want));
	sh_buf_init(&b, true);
	assert_int_equal(sh_passphrase_read_file(fifo, &b, &e), -1);
	assert_non_null(strstr(e.msg, want));
	sh_buf_free(&b);

	/* Signing a file hashes it from the same kind of open. */
	assert_non_null(sk = sh_minisign_keygen(NULL, &e));
	sh_buf_init(&b, false);
	assert_int_equal(sh_minisign_sign_file(sk, fifo, "t", NULL, &b, &e),
	    -1);
	assert_non_null(strstr(e.msg, want));
	assert_int_equal(sh_minisign_sign_file(sk, "/dev/zero", "t", NULL, &b,
	    &e), -1);
	assert_non_null(strstr(e.msg, "/dev/zero: not read: it is a device"));
	sh_buf_free(&b);
	sh_minisign_sk_free(sk);
	free(d);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(reads_a_regular_file_and_a_link_to_one),
		cmocka_unit_test(refuses_special_files),
		cmocka_unit_test(keys_passphrases_and_signed_files_refuse_a_pipe),
	};

	/* A reader that blocks on the pipe fails here, not at ctest's
	 * timeout: SIGALRM ends the process with a failure. */
	alarm(20);
	return cmocka_run_group_tests(tests, NULL, NULL);
}
