/* Typed and dropped paths; see pathin.h. */
#include <ctype.h>
#include <dirent.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#include "pathin.h"

#define PATHIN_CHOICES_MAX	64

char *
pathin_expand(const char *text)
{
	const char	*home = getenv("HOME");
	size_t		 n;
	char		*s;

	if (text[0] != '~' || (text[1] != '\0' && text[1] != '/') ||
	    home == NULL || *home == '\0')
		return strdup(text);
	n = strlen(home) + strlen(text);
	if ((s = malloc(n)) != NULL)
		snprintf(s, n, "%s%s", home, text + 1);
	return s;
}

static int
hexval(int c)
{
	if (c >= '0' && c <= '9')
		return c - '0';
	c = tolower(c);
	return c >= 'a' && c <= 'f' ? c - 'a' + 10 : -1;
}

char *
pathin_clean(const char *text)
{
	const char	*p = text, *end;
	char		*s, *o, *r;
	bool		 quoted = false;

	while (isspace((unsigned char)*p))
		p++;
	end = p + strlen(p);
	while (end > p && isspace((unsigned char)end[-1]))
		end--;
	if (end - p >= 2 && (*p == '\'' || *p == '"') && end[-1] == *p) {
		p++;
		end--;
		quoted = true;
	}
	if ((s = o = malloc((size_t)(end - p) + 1)) == NULL)
		return NULL;
	if (!quoted && end - p > 7 && strncmp(p, "file://", 7) == 0) {
		/* A URL: %XX escapes, nothing else. */
		for (p += 7; p < end; p++) {
			if (*p == '%' && end - p >= 3 && hexval(p[1]) >= 0 &&
			    hexval(p[2]) >= 0) {
				*o++ = (char)(hexval(p[1]) << 4 | hexval(p[2]));
				p += 2;
			} else
				*o++ = *p;
		}
	} else {
		for (; p < end; p++) {
			/* A shell-style escape (/my\ file) outside quotes. */
			if (!quoted && *p == '\\' && p + 1 < end)
				p++;
			*o++ = *p;
		}
	}
	*o = '\0';
	r = pathin_expand(s);
	free(s);
	return r;
}

static int
cmp_str(const void *a, const void *b)
{
	return strcmp(*(char *const *)a, *(char *const *)b);
}

char *
pathin_complete(const char *text, char **choices, size_t *nchoices)
{
	DIR		*d;
	struct dirent	*de;
	struct stat	 st;
	const char	*slash, *prefix;
	char		*dir, *real, *common = NULL, *full, *out = NULL;
	char		*names[PATHIN_CHOICES_MAX];
	size_t		 dlen, plen, n = 0, total = 0, i, len;

	if (choices != NULL)
		*choices = NULL;
	if (nchoices != NULL)
		*nchoices = 0;
	if (strcmp(text, "~") == 0)
		return strdup("~/");
	slash = strrchr(text, '/');
	dlen = slash != NULL ? (size_t)(slash - text) + 1 : 0;
	prefix = text + dlen;
	plen = strlen(prefix);
	if ((dir = strndup(text, dlen)) == NULL)
		return NULL;
	real = pathin_expand(dlen > 0 ? dir : ".");
	if (real == NULL || (d = opendir(real)) == NULL)
		goto out;
	while ((de = readdir(d)) != NULL) {
		if (strcmp(de->d_name, ".") == 0 ||
		    strcmp(de->d_name, "..") == 0 ||
		    strncmp(de->d_name, prefix, plen) != 0 ||
		    (de->d_name[0] == '.' && prefix[0] != '.'))
			continue;
		total++;
		if (common == NULL)
			common = strdup(de->d_name);
		else if (common != NULL) {
			for (i = 0; common[i] != '\0' &&
			    common[i] == de->d_name[i]; i++)
				;
			common[i] = '\0';
		}
		if (n < PATHIN_CHOICES_MAX &&
		    (names[n] = strdup(de->d_name)) != NULL)
			n++;
	}
	closedir(d);
	if (common == NULL)
		goto out;
	len = dlen + strlen(common) + 2;
	if ((out = malloc(len)) == NULL)
		goto out;
	snprintf(out, len, "%s%s", dir, common);
	if (total == 1) {
		len = strlen(real) + strlen(common) + 2;
		if ((full = malloc(len)) != NULL) {
			snprintf(full, len, "%s/%s", real, common);
			if (stat(full, &st) == 0 && S_ISDIR(st.st_mode))
				strcat(out, "/");
			free(full);
		}
	} else if (choices != NULL) {
		qsort(names, n, sizeof(names[0]), cmp_str);
		for (len = 1, i = 0; i < n; i++)
			len += strlen(names[i]) + 2;
		if ((*choices = calloc(1, len)) != NULL)
			for (i = 0; i < n; i++) {
				if (i > 0)
					strcat(*choices, "  ");
				strcat(*choices, names[i]);
			}
	}
	if (nchoices != NULL)
		*nchoices = total;
out:
	for (i = 0; i < n; i++)
		free(names[i]);
	free(common);
	free(real);
	free(dir);
	return out;
}
