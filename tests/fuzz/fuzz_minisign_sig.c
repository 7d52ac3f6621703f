/*
 * libFuzzer target for minisign signature files and trusted comments
 * (crypto/minisign). An input starting with a NUL byte feeds the rest to
 * the trusted-comment parser; anything else is a signature file.
 *
 * A signature file either fails and leaves the output untouched, or
 * parses into an "ED" signature whose comments are single lines within
 * their limits, and which verification against a fixed key (the
 * rust-minisign-verify test key) can judge without crashing. A trusted
 * comment that parses into fields is rebuilt from them with
 * sh_minisign_tc_add and must parse back to the same fields.
 */
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "crypto/minisign.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

static const char kat_pk[] =
    "RWQf6LRCGA9i53mlYecO4IzT51TGPpvWucNSCh1CBM0QTaLn73Y7GFO3";

static void
check_tc(const char *text, size_t len)
{
	static struct sh_minisign_tc	tc, tc2;
	struct sh_err			e;
	struct sh_buf			b;
	size_t				i;

	if (sh_minisign_tc_parse(text, len, &tc, &e) != 0)
		return;
	if (tc.nfields == 0 || tc.nfields > SH_MINISIGN_TC_FIELDS_MAX)
		abort();
	sh_buf_init(&b, false);
	for (i = 0; i < tc.nfields; i++) {
		const char *k = tc.text + tc.key_off[i];

		if (sh_minisign_tc_get(&tc, k) != tc.text + tc.value_off[i])
			abort();
		if (sh_minisign_tc_add(&b, k, tc.text + tc.value_off[i],
		    &e) != 0)
			abort();
	}
	if (b.len != len || memcmp(b.data, text, len) != 0)
		abort();
	if (sh_minisign_tc_parse((char *)b.data, b.len, &tc2, &e) != 0 ||
	    tc2.nfields != tc.nfields)
		abort();
	sh_buf_free(&b);
}

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	static struct sh_minisign_sig	sig, sentinel;
	struct sh_minisign_verified	v;
	struct sh_minisign_pk		pk;
	struct sh_err			e;

	if (size > 0 && data[0] == 0) {
		check_tc((const char *)data + 1, size - 1);
		return 0;
	}
	memset(&sentinel, 0xa5, sizeof sentinel);
	memcpy(&sig, &sentinel, sizeof sig);
	if (sh_minisign_sig_parse((const char *)data, size, &sig, &e) != 0) {
		if (memcmp(&sig, &sentinel, sizeof sig) != 0 || e.msg[0] == '\0')
			abort();
		return 0;
	}
	if (memcmp(sig.alg, "ED", 2) != 0 || sig.tc_len > SH_MINISIGN_TC_MAX ||
	    strlen(sig.trusted_comment) != sig.tc_len ||
	    strlen(sig.untrusted_comment) > SH_MINISIGN_COMMENT_MAX ||
	    memchr(sig.trusted_comment, '\n', sig.tc_len) != NULL ||
	    memchr(sig.trusted_comment, '\r', sig.tc_len) != NULL)
		abort();
	check_tc(sig.trusted_comment, sig.tc_len);
	if (sh_minisign_pk_parse(kat_pk, sizeof kat_pk - 1, &pk, &e) != 0)
		abort();
	if (sh_minisign_verify(&pk, 1, "test", 4, (const char *)data, size,
	    &v, &e) == 0 && (v.key_index != 0 || v.tc_len != sig.tc_len))
		abort();
	return 0;
}
