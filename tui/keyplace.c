/* The reviewer's key in its default place; see keyplace.h. */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "keyplace.h"
#include "wstore.h"

static char *
join(const char *a, const char *b)
{
	size_t	 n = strlen(a) + strlen(b) + 2;
	char	*s;

	if ((s = malloc(n)) != NULL)
		snprintf(s, n, "%s/%s", a, b);
	return s;
}

char *
keyplace_dir(void)
{
	const char *e;

	/* XDG: a relative XDG_CONFIG_HOME is invalid and ignored. */
	if ((e = getenv("XDG_CONFIG_HOME")) != NULL && *e == '/')
		return join(e, "shinsa");
	if ((e = getenv("HOME")) == NULL || *e == '\0')
		return NULL;
	return join(e, ".config/shinsa");
}

char *
keyplace_path(bool public)
{
	char	*d, *p;

	if ((d = keyplace_dir()) == NULL)
		return NULL;
	p = join(d, public ? KEYPLACE_PUBLIC : KEYPLACE_SECRET);
	free(d);
	return p;
}

char *
keyplace_choose(const char *given)
{
	struct stat	 st;
	const char	*e;
	char		*p;

	if (given != NULL)
		return strdup(given);
	if ((e = getenv("SHINSA_SECRET_KEY")) != NULL && *e != '\0')
		return strdup(e);
	if ((p = keyplace_path(false)) == NULL)
		return NULL;
	/* lstat: whatever is there (even a broken link) is the reviewer's
	 * key to look at, never a reason to make a new one over it. */
	if (lstat(p, &st) == 0)
		return p;
	free(p);
	return NULL;
}

int
keyplace_make(const char *id, const unsigned char *pass, size_t passlen,
    struct sh_minisign_sk **out, struct sh_err *err)
{
	struct sh_minisign_sk	*sk = NULL;
	struct stat		 st;
	char			*dir = NULL, *sec = NULL, *pub = NULL;
	int			 r = -1;

	*out = NULL;
	if (!sh_minisign_id_valid(id))
		return sh_errf(err, "invalid id \"%s\": use 1 to %d of A-Z "
		    "a-z 0-9 . _ - @ +", id, SH_MINISIGN_ID_MAX);
	if (!sh_passphrase_long_enough(pass, passlen))
		return sh_errf(err, "the passphrase is too short: at least %d "
		    "characters", SH_PASSPHRASE_MIN);
	if ((dir = keyplace_dir()) == NULL)
		return sh_errf(err, "no place for your key: set HOME");
	if ((sec = join(dir, KEYPLACE_SECRET)) == NULL ||
	    (pub = join(dir, KEYPLACE_PUBLIC)) == NULL) {
		sh_errf(err, "out of memory");
		goto out;
	}
	/* The same 0700 directory rule as the store's. */
	if (wstore_make_dir(dir, err) != 0)
		goto out;
	if (lstat(sec, &st) == 0 || lstat(pub, &st) == 0) {
		sh_errf(err, "%s: a key is already there; it is never "
		    "replaced", lstat(sec, &st) == 0 ? sec : pub);
		goto out;
	}
	if ((sk = sh_minisign_keygen(id, err)) == NULL)
		goto out;
	/* The secret key first: a public key alone would be useless. */
	if (sh_minisign_sk_write_file(sec, sk, pass, passlen, err) != 0 ||
	    sh_minisign_pk_write_file(pub, &sk->pub, err) != 0)
		goto out;
	*out = sk;
	sk = NULL;
	r = 0;
out:
	if (sk != NULL)
		sh_minisign_sk_free(sk);
	free(dir);
	free(sec);
	free(pub);
	return r;
}
