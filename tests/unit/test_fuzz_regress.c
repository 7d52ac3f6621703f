/*
 * The fuzz targets' inputs replayed in the ordinary build, so that what
 * a fuzzer once found stays found under the CI's ASan+UBSan stage
 * without clang's libFuzzer.
 *
 * Each target's harness (tests/fuzz/fuzz_<name>.c) is compiled in here
 * under another name and run over every file of
 * tests/fuzz/regress/<name>/ and of its seed corpus
 * tests/fuzz/corpus/<name>/: the harness aborts when an invariant breaks,
 * and the sanitizers stop on any bad access, leak or undefined
 * behaviour. The files in regress/ are also given to the parser the
 * harness calls, and the result must be the one the file's name says:
 * "ok-*" must be accepted, anything else refused.
 *
 * tests/fuzz/regress/<name>/open/ holds inputs for bugs reported but not
 * yet fixed; they are listed, not run, so that the suite stays green
 * until the owner of the parser fixes it and moves the file up a level.
 *
 * A new fuzz target gets a line in targets[] below (and a parse function
 * if it has regress inputs); the harnesses' own static names must stay
 * distinct from each other's.
 *
 * shinsa-verify's results.json reader (merge/vresults.c) is linked and
 * SHINSA_FUZZ_VRESULTS defined by tests/CMakeLists.txt, as the imports'.
 *
 * The review form and workstation-draft targets need the workstation's
 * library (tui/): tests/CMakeLists.txt links it and defines
 * SHINSA_FUZZ_TUI when the workstation is built (it needs ncursesw).
 */
#define _GNU_SOURCE
#include <sys/types.h>
#include <dirent.h>
#include <errno.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <sodium.h>

#include "testutil.h"

#define LLVMFuzzerTestOneInput fz_age_decrypt
#include "../fuzz/fuzz_age_decrypt.c"
#undef LLVMFuzzerTestOneInput
#define LLVMFuzzerTestOneInput fz_age_header
#include "../fuzz/fuzz_age_header.c"
#undef LLVMFuzzerTestOneInput
#define LLVMFuzzerTestOneInput fz_csv
#include "../fuzz/fuzz_csv.c"
#undef LLVMFuzzerTestOneInput
#define LLVMFuzzerTestOneInput fz_facts
#include "../fuzz/fuzz_facts.c"
#undef LLVMFuzzerTestOneInput
#define LLVMFuzzerTestOneInput fz_jscan
#include "../fuzz/fuzz_jscan.c"
#undef LLVMFuzzerTestOneInput
#define LLVMFuzzerTestOneInput fz_minisign_pk
#include "../fuzz/fuzz_minisign_pk.c"
#undef LLVMFuzzerTestOneInput
#define LLVMFuzzerTestOneInput fz_minisign_sig
#include "../fuzz/fuzz_minisign_sig.c"
#undef LLVMFuzzerTestOneInput
#define LLVMFuzzerTestOneInput fz_minisign_sk
#include "../fuzz/fuzz_minisign_sk.c"
#undef LLVMFuzzerTestOneInput
#define LLVMFuzzerTestOneInput fz_package_json
#include "../fuzz/fuzz_package_json.c"
#undef LLVMFuzzerTestOneInput
#define LLVMFuzzerTestOneInput fz_rubric
#include "../fuzz/fuzz_rubric.c"
#undef LLVMFuzzerTestOneInput
#define LLVMFuzzerTestOneInput fz_sheet_json
#include "../fuzz/fuzz_sheet_json.c"
#undef LLVMFuzzerTestOneInput
#define LLVMFuzzerTestOneInput fz_sheet_diff
#include "../fuzz/fuzz_sheet_diff.c"
#undef LLVMFuzzerTestOneInput
#define LLVMFuzzerTestOneInput fz_tar
#include "../fuzz/fuzz_tar.c"
#undef LLVMFuzzerTestOneInput
#define LLVMFuzzerTestOneInput fz_seal_tc
#include "../fuzz/fuzz_seal_tc.c"
#undef LLVMFuzzerTestOneInput
#define LLVMFuzzerTestOneInput fz_age_key
#include "../fuzz/fuzz_age_key.c"
#undef LLVMFuzzerTestOneInput
#define LLVMFuzzerTestOneInput fz_passphrase
#include "../fuzz/fuzz_passphrase.c"
#undef LLVMFuzzerTestOneInput
#ifdef SHINSA_FUZZ_TUI
#define LLVMFuzzerTestOneInput fz_form
#include "../fuzz/fuzz_form.c"
#undef LLVMFuzzerTestOneInput
#define LLVMFuzzerTestOneInput fz_wstore_draft
#include "../fuzz/fuzz_wstore_draft.c"
#undef LLVMFuzzerTestOneInput
#endif
#ifdef SHINSA_FUZZ_IMPORT
#define LLVMFuzzerTestOneInput fz_proposals_rows
#include "../fuzz/fuzz_proposals_rows.c"
#undef LLVMFuzzerTestOneInput
#define LLVMFuzzerTestOneInput fz_reviewers_rows
#include "../fuzz/fuzz_reviewers_rows.c"
#undef LLVMFuzzerTestOneInput
#endif
#ifdef SHINSA_FUZZ_VRESULTS
#define LLVMFuzzerTestOneInput fz_verify_results
#include "../fuzz/fuzz_verify_results.c"
#undef LLVMFuzzerTestOneInput
#endif

/*
 * The parser each harness calls, on its own: 0 if it accepts the input,
 * -1 if it refuses it. What it returns is freed here.
 */

static int
p_age_decrypt(const unsigned char *d, size_t n)
{
	struct sh_age_identity	*id;
	struct sh_buf		 pt;
	struct sh_err		 e;
	enum sh_age_fail	 why;
	int			 r;

	if ((id = sodium_malloc(sizeof *id)) == NULL)
		fail_msg("out of memory");
	assert_int_equal(sh_age_identity_parse(IDENTITY, id->sk, NULL), 0);
	sh_buf_init(&pt, true);
	r = sh_age_decrypt_why(id, 1, d, n, (size_t)1 << 24, &pt, &why, &e);
	sh_buf_free(&pt);
	sodium_free(id);
	return r;
}

static int
p_jscan(const unsigned char *d, size_t n)
{
	struct sh_jscan	sc;
	int		r;

	sh_jscan_init(&sc, d, n);
	r = jscan_walk(&sc, NULL, 1);
	if (r == 0)
		r = sh_jscan_end(&sc, NULL);
	sh_jscan_free(&sc);
	return r;
}

static int
p_age_header(const unsigned char *d, size_t n)
{
	struct sh_age_header	h;
	struct sh_err		e;

	if (sh_age_header_parse(&h, d, n, &e) != 0)
		return -1;
	sh_age_header_free(&h);
	return 0;
}

static int
p_csv(const unsigned char *d, size_t n)
{
	static const struct sh_csv_limits lim = { 4096, 64, 1000 };
	struct sh_csv	c;
	struct sh_err	e;

	if (sh_csv_parse("regress.csv", (const char *)d, n, &lim, &c, &e) != 0)
		return -1;
	sh_csv_free(&c);
	return 0;
}

static int
p_facts(const unsigned char *d, size_t n)
{
	struct sh_facts	f;
	int		r;

	sh_facts_init(&f);
	r = sh_facts_parse(&f, (const char *)d, n, NULL);
	sh_facts_free(&f);
	return r;
}

static int
p_minisign_pk(const unsigned char *d, size_t n)
{
	struct sh_minisign_pk	pk;
	struct sh_err		e;

	return sh_minisign_pk_parse((const char *)d, n, &pk, &e);
}

static int
p_minisign_sig(const unsigned char *d, size_t n)
{
	static struct sh_minisign_sig	sig;
	static struct sh_minisign_tc	tc;
	struct sh_err			e;

	if (n > 0 && d[0] == 0)
		return sh_minisign_tc_parse((const char *)d + 1, n - 1, &tc,
		    &e);
	return sh_minisign_sig_parse((const char *)d, n, &sig, &e);
}

static int
p_minisign_sk(const unsigned char *d, size_t n)
{
	struct sh_minisign_sk	*sk;
	struct sh_err		 e;

	if ((sk = sh_minisign_sk_parse((const char *)d, n, NULL, 0,
	    &e)) == NULL)
		return -1;
	sh_minisign_sk_free(sk);
	return 0;
}

static int
p_package_json(const unsigned char *d, size_t n)
{
	struct sh_package	p;
	struct sh_err		e;

	if (sh_package_parse(d, n, &p, &e) != 0)
		return -1;
	sh_package_free(&p);
	return 0;
}

static int
p_rubric(const unsigned char *d, size_t n)
{
	struct sh_rubric	*r;
	struct sh_err		 e;

	if ((r = sh_rubric_load_buf(d, n, "regress.json", &e)) == NULL)
		return -1;
	sh_rubric_free(r);
	return 0;
}

static int
p_sheet_json(const unsigned char *d, size_t n)
{
	struct sh_sheet	s;
	struct sh_err	e;

	if (sh_sheet_parse(d, n, &s, &e) != 0)
		return -1;
	sh_sheet_free(&s);
	return 0;
}

static int
p_tar(const unsigned char *d, size_t n)
{
	struct sh_tar_limits	lim = { 16, 1 << 16, 1 << 18 };
	struct sh_tar		t;
	struct sh_err		e;

	sh_tar_init(&t, false);
	if (sh_tar_read(d, n, &lim, &t, &e) != 0)
		return -1;
	sh_tar_free(&t);
	return 0;
}

static int
p_seal_tc(const unsigned char *d, size_t n)
{
	struct sh_seal_tc	tc;
	struct sh_err		e;

	return sh_seal_tc_parse((const char *)d, n, &tc, &e);
}

/* As the harness does: an input starting with NUL is an identity. */
static int
p_age_key(const unsigned char *d, size_t n)
{
	unsigned char	key[32];
	char		s[FZ_AGE_KEY_MAX + 1];
	struct sh_err	e;
	bool		identity = n > 0 && d[0] == 0;

	if (identity) {
		d++;
		n--;
	}
	if (n > FZ_AGE_KEY_MAX)
		return -1;
	memcpy(s, d, n);
	s[n] = '\0';
	return identity ? sh_age_identity_parse(s, key, &e) :
	    sh_age_recipient_parse(s, key, &e);
}

static int
p_passphrase(const unsigned char *d, size_t n)
{
	struct sh_buf	b;
	struct sh_err	e;
	char		path[64];
	int		fd, r;

	fd = fz_pass_file(path, sizeof path);
	if (ftruncate(fd, 0) == -1 ||
	    (n > 0 && pwrite(fd, d, n, 0) != (ssize_t)n))
		fail_msg("memfd: %s", strerror(errno));
	r = sh_passphrase_read_file(path, &b, &e);
	sh_buf_free(&b);
	return r;
}

#ifdef SHINSA_FUZZ_VRESULTS
/* The stream, in the chunks the input's first byte says, as the harness. */
static int
p_verify_results(const unsigned char *d, size_t n)
{
	json_t	*res;

	if (n < 1)
		return -1;
	res = vr_stream_buf(d + 1, n - 1, d[0] & 0x80 ? 64 * 1024 :
	    (size_t)(d[0] & 0x7f) + 1);
	json_decref(res);
	return res != NULL ? 0 : -1;
}
#endif

#ifdef SHINSA_FUZZ_TUI
/* The form into a fresh workstation, as the harness's clean one. */
static int
p_form(const unsigned char *d, size_t n)
{
	struct ws	*ws = tw_load("kakine-2024", "R1");
	struct sh_err	 e;
	int		 r;

	r = form_import(ws, 0, (const char *)d, n, &e);
	ws_free(ws);
	return r;
}

static int
p_wstore_draft(const unsigned char *d, size_t n)
{
	struct ws	*ws = tw_load("kakine-2024", "R1");
	struct sh_err	 e;
	int		 r;

	r = ws_prop_from_json(&ws->props[0], d, n, &e);
	ws_free(ws);
	return r;
}
#endif

struct target {
	const char	*name;
	int		(*harness)(const uint8_t *, size_t);
	int		(*parse)(const unsigned char *, size_t);
};

static const struct target targets[] = {
	{ "age_decrypt",	fz_age_decrypt,		p_age_decrypt },
	{ "age_header",		fz_age_header,		p_age_header },
	{ "csv",		fz_csv,			p_csv },
	{ "facts",		fz_facts,		p_facts },
	{ "jscan",		fz_jscan,		p_jscan },
	{ "minisign_pk",	fz_minisign_pk,		p_minisign_pk },
	{ "minisign_sig",	fz_minisign_sig,	p_minisign_sig },
	{ "minisign_sk",	fz_minisign_sk,		p_minisign_sk },
	{ "package_json",	fz_package_json,	p_package_json },
	{ "rubric",		fz_rubric,		p_rubric },
	{ "sheet_json",		fz_sheet_json,		p_sheet_json },
	{ "sheet_diff",		fz_sheet_diff,		p_sheet_json },
	{ "tar",		fz_tar,			p_tar },
	{ "seal_tc",		fz_seal_tc,		p_seal_tc },
	{ "age_key",		fz_age_key,		p_age_key },
	{ "passphrase",		fz_passphrase,		p_passphrase },
#ifdef SHINSA_FUZZ_IMPORT
	{ "proposals_rows",	fz_proposals_rows,	NULL },
	{ "reviewers_rows",	fz_reviewers_rows,	NULL },
#endif
#ifdef SHINSA_FUZZ_VRESULTS
	{ "verify_results",	fz_verify_results,	p_verify_results },
#endif
#ifdef SHINSA_FUZZ_TUI
	{ "form",		fz_form,		p_form },
	{ "wstore_draft",	fz_wstore_draft,	p_wstore_draft },
#endif
};

static int
cmp_names(const void *a, const void *b)
{
	return strcmp(*(char *const *)a, *(char *const *)b);
}

/* The regular files of dir, sorted; NULL if there is no such dir. */
static char **
list_dir(const char *dir, size_t *np)
{
	DIR		 *d;
	struct dirent	 *de;
	char		**v = NULL, *path;
	size_t		  n = 0;

	*np = 0;
	if ((d = opendir(dir)) == NULL)
		return NULL;
	while ((de = readdir(d)) != NULL) {
		if (de->d_name[0] == '.')
			continue;
		if (asprintf(&path, "%s/%s", dir, de->d_name) == -1 ||
		    (v = realloc(v, (n + 1) * sizeof *v)) == NULL)
			fail_msg("out of memory");
		v[n++] = path;
	}
	closedir(d);
	if (n > 0)
		qsort(v, n, sizeof *v, cmp_names);
	*np = n;
	return v;
}

static bool
is_dir(const char *path)
{
	DIR *d;

	if ((d = opendir(path)) == NULL)
		return false;
	closedir(d);
	return true;
}

/* Runs the harness (and, for regress inputs, the parser) over dir. */
static size_t
replay(const struct target *t, const char *dir, bool regress)
{
	char		**files;
	unsigned char	 *data;
	const char	 *base;
	size_t		  nfiles, i, len, ran = 0;
	int		  r;

	if ((files = list_dir(dir, &nfiles)) == NULL)
		return 0;
	for (i = 0; i < nfiles; i++) {
		if (is_dir(files[i])) {
			if (regress)
				printf("# %s: not run (open bug, see its "
				    "README)\n", files[i]);
			free(files[i]);
			continue;
		}
		data = (unsigned char *)tu_slurp(files[i], &len);
		t->harness(data, len);
		if (regress && t->parse != NULL) {
			base = strrchr(files[i], '/') + 1;
			r = t->parse(data, len);
			if (strncmp(base, "ok-", 3) == 0 ? r != 0 : r == 0)
				fail_msg("%s: parser %s it", files[i],
				    r == 0 ? "accepted" : "refused");
		}
		free(data);
		free(files[i]);
		ran++;
	}
	free(files);
	return ran;
}

static void
replay_target(void **state)
{
	const struct target	*t = *state;
	char			*dir;
	size_t			 nreg, ncorp;

	if (asprintf(&dir, "%s/tests/fuzz/regress/%s", SHINSA_SOURCE_DIR,
	    t->name) == -1)
		fail_msg("out of memory");
	nreg = replay(t, dir, true);
	free(dir);
	if (asprintf(&dir, "%s/tests/fuzz/corpus/%s", SHINSA_SOURCE_DIR,
	    t->name) == -1)
		fail_msg("out of memory");
	ncorp = replay(t, dir, false);
	free(dir);
	/* Every target has seeds: an empty run means a wrong path. */
	assert_true(ncorp > 0);
	printf("# %s: %zu regress, %zu corpus inputs\n", t->name, nreg, ncorp);
}

int
main(void)
{
	struct CMUnitTest	tests[sizeof targets / sizeof targets[0]];
	size_t			i;

	if (sodium_init() < 0)
		return 1;
	for (i = 0; i < sizeof targets / sizeof targets[0]; i++) {
		memset(&tests[i], 0, sizeof tests[i]);
		tests[i].name = targets[i].name;
		tests[i].test_func = replay_target;
		tests[i].initial_state = (void *)&targets[i];
	}
	return cmocka_run_group_tests(tests, NULL, NULL);
}
