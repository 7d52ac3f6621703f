/*
 * flipfile: writes damaged copies of an age file (a sealed sheet or
 * package) for the fault-injection tests (tests/e2e/fault_flip.sh).
 *
 *	flipfile [-n N] [-s STEP] IN OUTDIR
 *
 * For each chosen position p it writes OUTDIR/x01-p and OUTDIR/x80-p (the
 * byte at p XOR 0x01 and XOR 0x80) and OUTDIR/t-p (the first p bytes).
 * Positions: with -n 0, every byte; else every byte of the age header and
 * payload nonce, every byte within 40 of a STREAM chunk boundary or of
 * the end, and every k-th byte, k chosen so that there are at least N;
 * -s STEP thins that to every STEP-th chosen position (a smaller sample,
 * spread over the same places). Prints the number of files written. The
 * choice depends only on the file's length and header length: the same
 * every run.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "base/buf.h"

#define AGE_CHUNK	65536
#define AGE_TAG		16
#define AGE_NONCE	16

static void
die(const char *what, const char *why)
{
	fprintf(stderr, "flipfile: %s%s%s\n", what, why ? ": " : "",
	    why ? why : "");
	exit(1);
}

static void
put(const char *dir, const char *name, size_t p, const unsigned char *d,
    size_t len)
{
	char	 path[4096];
	FILE	*f;

	snprintf(path, sizeof path, "%s/%s-%zu", dir, name, p);
	if ((f = fopen(path, "wb")) == NULL ||
	    (len > 0 && fwrite(d, 1, len, f) != len) || fclose(f) != 0)
		die(path, "cannot write");
}

int
main(int argc, char **argv)
{
	struct sh_buf	 in;
	struct sh_err	 e;
	unsigned char	*f, *mark;
	size_t		 len, start = 0, i, b, k, want = 0, step = 1, n = 0;
	size_t		 chosen = 0;
	int		 ch;

	while ((ch = getopt(argc, argv, "n:s:")) != -1) {
		switch (ch) {
		case 'n': want = strtoul(optarg, NULL, 10); break;
		case 's': step = strtoul(optarg, NULL, 10); break;
		default: die("usage: flipfile [-n N] [-s STEP] IN OUTDIR", NULL);
		}
	}
	if (argc - optind != 2 || step == 0)
		die("usage: flipfile [-n N] [-s STEP] IN OUTDIR", NULL);
	sh_buf_init(&in, false);
	if (sh_read_file(argv[optind], 1u << 30, &in, &e) == -1)
		die(argv[optind], e.msg);
	f = in.data;
	len = in.len;
	if (len == 0)
		die(argv[optind], "empty");
	if ((mark = calloc(len, 1)) == NULL)
		die("out of memory", NULL);
	if (want == 0)
		memset(mark, 1, len);
	else {
		for (i = 0; i + 5 < len; i++)
			if (memcmp(f + i, "\n--- ", 5) == 0)
				break;
		for (i += 5; i < len && f[i] != '\n'; i++)
			;
		start = i + 1 + AGE_NONCE;
		for (i = 0; i < start + 40 && i < len; i++)
			mark[i] = 1;
		for (b = start; b < len; b += AGE_CHUNK + AGE_TAG)
			for (i = b > 40 ? b - 40 : 0; i < b + 40 && i < len; i++)
				mark[i] = 1;
		for (i = len > 40 ? len - 40 : 0; i < len; i++)
			mark[i] = 1;
		k = len / want ? len / want : 1;
		for (i = 0; i < len; i += k)
			mark[i] = 1;
	}
	for (i = 0; i < len; i++) {
		if (!mark[i] || chosen++ % step != 0)
			continue;
		f[i] ^= 0x01;
		put(argv[optind + 1], "x01", i, f, len);
		f[i] ^= 0x01 ^ 0x80;
		put(argv[optind + 1], "x80", i, f, len);
		f[i] ^= 0x80;
		put(argv[optind + 1], "t", i, f, i);
		n += 3;
	}
	printf("%zu\n", n);
	free(mark);
	sh_buf_free(&in);
	return 0;
}
