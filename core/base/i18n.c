#include <dirent.h>
#include <iconv.h>
#include <langinfo.h>
#include <limits.h>
#include <locale.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "base/i18n.h"

/* Set by CMake (core/CMakeLists.txt); these defaults keep a bare compile working. */
#ifndef SHINSA_LOCALEDIR
#define SHINSA_LOCALEDIR "/usr/local/share/locale"
#endif
#ifndef SHINSA_LOCALEDIR_REL
#define SHINSA_LOCALEDIR_REL "../share/locale"
#endif

static char	refusal[2048];

enum sh_locale_plan
sh_locale_plan(bool set, const char *codeset)
{
	if (!set || codeset == NULL)
		return SH_LOCALE_C_UTF8;
	if (strcmp(codeset, "UTF-8") == 0 || strcmp(codeset, "utf8") == 0)
		return SH_LOCALE_KEEP;
	/*
	 * The C and POSIX locales say ASCII, which is what a terminal gets
	 * when nobody set a locale, not a choice of encoding: a UTF-8
	 * C.UTF-8 serves it. Any other encoding was chosen, and the
	 * terminal most likely speaks it.
	 */
	if (strcmp(codeset, "ANSI_X3.4-1968") == 0 ||
	    strcmp(codeset, "ASCII") == 0 || strcmp(codeset, "US-ASCII") == 0)
		return SH_LOCALE_C_UTF8;
	return SH_LOCALE_REFUSE;
}

/* The first of the variables that is set, as setlocale() reads them. */
static const char *
locale_env(const char *category)
{
	const char	*names[] = { "LC_ALL", category, "LANG" };
	const char	*v;
	size_t		 i;

	for (i = 0; i < sizeof names / sizeof names[0]; i++)
		if ((v = getenv(names[i])) != NULL && *v != '\0')
			return v;
	return NULL;
}

const char *
sh_locale_language(void)
{
	const char	*v = locale_env("LC_MESSAGES");

	if (v == NULL || strcmp(v, "C") == 0 || strcmp(v, "POSIX") == 0 ||
	    strncmp(v, "C.", 2) == 0)
		return NULL;
	return v;
}

bool
sh_i18n_holds(const char *dir, void *arg)
{
	DIR		*d;
	struct dirent	*e;
	char		 mo[PATH_MAX];
	bool		 found = false;

	if ((d = opendir(dir)) == NULL)
		return false;
	while (!found && (e = readdir(d)) != NULL) {
		if (e->d_name[0] == '.')
			continue;
		if ((size_t)snprintf(mo, sizeof mo, "%s/%s/LC_MESSAGES/shinsa.mo",
		    dir, e->d_name) >= sizeof mo)
			continue;
		found = access(mo, R_OK) == 0;
	}
	closedir(d);
	return found;
}

static bool
put(char *out, size_t len, const char *a, const char *b)
{
	return (size_t)snprintf(out, len, "%s%s", a, b) < len;
}

int
sh_i18n_find(char *out, size_t len, const char *override, const char *exe,
    const char *rel, const char *abs,
    bool (*holds)(const char *dir, void *arg), void *arg)
{
	const char	*beside[] = { "locale", "../locale", rel };
	char		 dir[PATH_MAX];
	const char	*slash;
	size_t		 i, n;

	if (override != NULL && *override != '\0')
		return put(out, len, override, "") ? 0 : -1;
	if (exe != NULL && (slash = strrchr(exe, '/')) != NULL &&
	    (n = slash - exe + 1) < sizeof dir) {
		memcpy(dir, exe, n);	/* keeps the slash */
		for (i = 0; i < sizeof beside / sizeof beside[0]; i++) {
			if (beside[i] == NULL || *beside[i] == '\0')
				continue;
			dir[n] = '\0';
			if (!put(dir + n, sizeof dir - n, beside[i], ""))
				continue;
			if (holds(dir, arg))
				return put(out, len, dir, "") ? 0 : -1;
		}
	}
	if (!put(out, len, abs, ""))
		return -1;
	return holds(abs, arg) ? 0 : -1;
}

/*
 * The running executable's path: /proc/self/exe (Linux), else argv0 when
 * it names a file by a path. NULL when neither says.
 */
static const char *
exe_path(char *buf, size_t len, const char *argv0)
{
	ssize_t	n;

	if ((n = readlink("/proc/self/exe", buf, len - 1)) > 0 &&
	    (size_t)n < len - 1) {
		buf[n] = '\0';
		return buf;
	}
	if (argv0 != NULL && strchr(argv0, '/') != NULL && len >= PATH_MAX &&
	    realpath(argv0, buf) != NULL)
		return buf;
	return NULL;
}

void
sh_i18n_bind(const char *dir)
{
	bindtextdomain("shinsa", dir);
	bind_textdomain_codeset("shinsa", "UTF-8");
	textdomain("shinsa");
}

const char *
sh_pgettext(const char *ctx, const char *s)
{
	char		 key[256];
	const char	*t;
	int		 n;

	/* gettext's own encoding of a context: "ctx\004msgid". */
	n = snprintf(key, sizeof key, "%s\004%s", ctx, s);
	if (n < 0 || (size_t)n >= sizeof key)
		return s;
	t = gettext(key);
	return t == key ? s : t;
}

/* A locale name from the environment, safe to print: names are ASCII. */
static void
safe_name(char *out, size_t len, const char *v)
{
	size_t	i;

	if (v == NULL)
		v = "";
	for (i = 0; i + 1 < len && v[i] != '\0'; i++)
		out[i] = (v[i] >= 0x21 && v[i] < 0x7f && v[i] != '\\') ?
		    v[i] : '?';
	out[i] = '\0';
}

/*
 * The Japanese half in the locale's encoding when iconv converts it (an
 * EUC-JP terminal reads it), else as UTF-8.
 */
static void
append_local(char *out, size_t len, const char *utf8, const char *codeset)
{
	size_t	 used = strlen(out), inleft = strlen(utf8), outleft;
	char	*in = (char *)utf8, *o = out + used;
	iconv_t	 cd;

	outleft = len - used - 1;
	if (codeset != NULL && (cd = iconv_open(codeset, "UTF-8")) !=
	    (iconv_t)-1) {
		if (iconv(cd, &in, &inleft, &o, &outleft) != (size_t)-1 &&
		    inleft == 0) {
			*o = '\0';
			iconv_close(cd);
			return;
		}
		iconv_close(cd);
		out[used] = '\0';
	}
	snprintf(out + used, len - used, "%s", utf8);
}

static void
make_refusal(bool set, bool c_utf8)
{
	char	name[64];

	safe_name(name, sizeof name, locale_env("LC_CTYPE"));
	snprintf(refusal, sizeof refusal,
	    "shinsa needs a UTF-8 locale, and the locale \"%s\" is %s%s.\n"
	    "Run it with LANG=ja_JP.UTF-8 (Japanese) or LANG=C.UTF-8; to make\n"
	    "ja_JP.UTF-8, an administrator runs: dpkg-reconfigure locales\n"
	    "(Debian) or locale-gen ja_JP.UTF-8 (Ubuntu).\n",
	    name, set ? "not UTF-8" : "not installed here",
	    c_utf8 ? "" : " (nor is C.UTF-8)");
	append_local(refusal, sizeof refusal,
	    "shinsa を使うには UTF-8 のロケールが必要です。"
	    "いまのロケールでは日本語が正しく表示されません。\n"
	    "LANG=ja_JP.UTF-8 (日本語) か LANG=C.UTF-8 を指定して起動して"
	    "ください。\nja_JP.UTF-8 がない場合は、管理者が "
	    "dpkg-reconfigure locales (Debian) または\n"
	    "locale-gen ja_JP.UTF-8 (Ubuntu) を実行して作成してください。\n",
	    set ? nl_langinfo(CODESET) : NULL);
}

const char *
sh_i18n_refusal(void)
{
	return refusal;
}

int
sh_i18n_init(const char *argv0)
{
	char		 exe[PATH_MAX], dir[PATH_MAX];
	const char	*lang;
	bool		 set;

	set = setlocale(LC_ALL, "") != NULL;
	switch (sh_locale_plan(set, set ? nl_langinfo(CODESET) : NULL)) {
	case SH_LOCALE_KEEP:
		break;
	case SH_LOCALE_C_UTF8:
		/*
		 * gettext takes the language from the locale now in force
		 * (or LANGUAGE, unless that locale is C): under C.UTF-8 the
		 * language the user named survives only as LANGUAGE.
		 */
		lang = sh_locale_language();
		if (setlocale(LC_ALL, "C.UTF-8") == NULL) {
			make_refusal(set, false);
			return -1;
		}
		if (lang != NULL && (getenv("LANGUAGE") == NULL ||
		    *getenv("LANGUAGE") == '\0'))
			setenv("LANGUAGE", lang, 1);
		break;
	case SH_LOCALE_REFUSE:
		make_refusal(true, true);
		return -1;
	}
	sh_i18n_find(dir, sizeof dir, getenv("SHINSA_LOCALEDIR"),
	    exe_path(exe, sizeof exe, argv0), SHINSA_LOCALEDIR_REL,
	    SHINSA_LOCALEDIR, sh_i18n_holds, NULL);
	sh_i18n_bind(dir);
	return 0;
}
