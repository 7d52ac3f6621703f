/*
 * A pull reader for JSON (RFC 8259) documents of a known shape.
 *
 * The merge reads every sheet it ingests and every sheet it tallies; a
 * jansson tree of a 100-proposal sheet cost more to build and free than
 * all the cryptography and SQL around it. A reader that knows which key
 * it expects next can take each value straight into its own structure,
 * refusing an unknown key or a value of the wrong type as soon as it
 * sees one, so it never needs a tree or a way to skip what it does not
 * know (and has no nesting of its own to bound: the caller's shape is
 * the depth).
 *
 * It accepts the documents jansson's json_loadb() accepts with
 * JSON_REJECT_DUPLICATES and no other flag (the caller tracks duplicate
 * keys, since it knows the keys): UTF-8 checked in every string, no raw
 * control characters, no \u0000, surrogates only in pairs, integers that
 * fit a long long, nothing but white space after the value. Numbers
 * with a fraction or exponent are read for their syntax and reported as
 * not integral; no reader here takes a real. The one difference:
 * jansson 2.14 takes a NUL byte right after a number ("7\0"), which RFC
 * 8259 does not, and neither does this (tests/fuzz/fuzz_jscan.c holds
 * it to jansson on everything else).
 *
 * Errors about the text name where it went wrong, "line 3 column 7:
 * unterminated string"; errors about the shape are the caller's, since
 * only it knows the path ("proposals[2].entries[0].score").
 *
 * Ownership: the scanner reads data[0..len) without copying it; the
 * caller keeps it alive. Strings are unescaped into the scanner's own
 * secret buffer (documents are confidential), short ones without an
 * escape copied into a small one, valid until the next string or key is
 * read; sh_jscan_free() wipes both. sh_jscan_text_to() unescapes into
 * the caller's memory instead, which the caller wipes.
 */
#ifndef SHINSA_FORMAT_JSCAN_H
#define SHINSA_FORMAT_JSCAN_H

#include <stdbool.h>
#include <stddef.h>

#include "base/buf.h"
#include "base/err.h"

enum sh_jtype {
	SH_JT_BAD,		/* not the start of any value */
	SH_JT_OBJECT,
	SH_JT_ARRAY,
	SH_JT_STRING,
	SH_JT_NUMBER,
	SH_JT_BOOL,		/* true or false */
	SH_JT_NULL
};

struct sh_jscan {
	const unsigned char	*start;
	const unsigned char	*p;
	const unsigned char	*end;
	struct sh_buf		 str;	/* the last string, unescaped */
	unsigned		 sflags;	/* SH_JSTR_*, of the last string */
	/*
	 * A short string without escapes (a key, an id, a time) is
	 * NUL-terminated here rather than in str: str is secret memory,
	 * whose every allocation is a mapping locked and filled, and cost
	 * more than the rest of reading a sheet. Wiped by sh_jscan_free().
	 */
	char			 small[128];
};

/* What the last string held, found while it was scanned. */
#define SH_JSTR_UNSAFE	0x1	/* a character sh_text_is_unsafe() names,
				   but for \n and \t */
#define SH_JSTR_BREAK	0x2	/* \n or \t (escaped: JSON has no raw ones) */

void	sh_jscan_init(struct sh_jscan *sc, const void *data, size_t len);
void	sh_jscan_free(struct sh_jscan *sc);

/*
 * Past white space. Inline, as sh_jscan_peek(), because a reader calls
 * them before every value, and the documents shinsa writes have no white
 * space: the first test (a byte above ' ') ends the loop almost always.
 */
static inline void
sh_jscan_space(struct sh_jscan *sc)
{
	const unsigned char	*p = sc->p;

	while (p < sc->end && *p <= ' ' &&
	    (*p == ' ' || *p == '\n' || *p == '\r' || *p == '\t'))
		p++;
	sc->p = p;
}

/* The type of the next value, after white space; consumes nothing. */
static inline enum sh_jtype
sh_jscan_peek(struct sh_jscan *sc)
{
	sh_jscan_space(sc);
	if (sc->p == sc->end)
		return SH_JT_BAD;
	switch (*sc->p) {
	case '{':
		return SH_JT_OBJECT;
	case '[':
		return SH_JT_ARRAY;
	case '"':
		return SH_JT_STRING;
	case 't':
	case 'f':
		return SH_JT_BOOL;
	case 'n':
		return SH_JT_NULL;
	case '-':
		return SH_JT_NUMBER;
	default:
		return *sc->p >= '0' && *sc->p <= '9' ? SH_JT_NUMBER :
		    SH_JT_BAD;
	}
}

/* "a string", "an object", ... for messages; "invalid JSON" for BAD. */
const char *sh_jscan_type_name(enum sh_jtype t);

/* Consumes '{' (the next value must be an object: check with peek). */
int	sh_jscan_object(struct sh_jscan *sc, struct sh_err *err);
/*
 * The next member of the current object: 1 with its key in *key (and
 * the ':' consumed), 0 at the closing '}' (consumed), -1 on bad syntax.
 * *n counts the members read so far (0 after sh_jscan_object()).
 */
int	sh_jscan_key(struct sh_jscan *sc, size_t *n, const char **key,
	    size_t *keylen, struct sh_err *err);

/*
 * The same, the key left where it lies when it has no escape, and not
 * NUL-terminated (as sh_jscan_text() leaves a string): for a reader
 * that compares keys by length and bytes, and copies none.
 */
int	sh_jscan_key_text(struct sh_jscan *sc, size_t *n, const char **key,
	    size_t *keylen, struct sh_err *err);

/* Consumes '['. */
int	sh_jscan_array(struct sh_jscan *sc, struct sh_err *err);
/* 1 when another element follows (*n is its index, then counts it), 0 at
   the closing ']' (consumed), -1 on bad syntax. */
int	sh_jscan_element(struct sh_jscan *sc, size_t *n, struct sh_err *err);

/*
 * A string value: *s is NUL-terminated UTF-8 without NUL, *len its
 * length; valid until the next string or key.
 */
int	sh_jscan_string(struct sh_jscan *sc, const char **s, size_t *len,
	    struct sh_err *err);
/*
 * A string value read for its text, without copying it: *s points into
 * the document where the string has no escape (else into the scanner's
 * buffer, as above), and is not NUL-terminated; valid until the next
 * string or key. *safe is what sh_text_safe(*s, *len, multiline) would
 * say, found in the same pass that checked the UTF-8, so the caller
 * need not look at the text again.
 */
int	sh_jscan_text(struct sh_jscan *sc, bool multiline, const char **s,
	    size_t *len, bool *safe, struct sh_err *err);
/*
 * The same, unescaped straight into the caller's memory: dst[0..*len)
 * and a NUL. cap must be at least what is left of the document from
 * the string's opening quote, which no string can outgrow (an escape
 * never stands for more bytes than it takes, and the quotes make room
 * for the NUL): a reader can give each string the room left in one
 * block as long as the document. On failure what was written to dst is
 * wiped.
 */
int	sh_jscan_text_to(struct sh_jscan *sc, bool multiline, char *dst,
	    size_t cap, size_t *len, bool *safe, struct sh_err *err);
/*
 * A number value. An integer is stored in *v with *integral true; a
 * number with a fraction or an exponent gives *integral false and *v 0.
 */
int	sh_jscan_number(struct sh_jscan *sc, long long *v, bool *integral,
	    struct sh_err *err);
int	sh_jscan_bool(struct sh_jscan *sc, bool *v, struct sh_err *err);

/* null (the next value must be null: check with peek). */
int	sh_jscan_null(struct sh_jscan *sc, struct sh_err *err);

/*
 * Reads past the next value, whatever it is, checking its syntax as
 * the readers above do (nested at most SH_JSCAN_SKIP_DEPTH deep). It
 * does not look for duplicate keys, and takes reals: it is for parts of
 * a document the caller checks some other way (shinsa-verify compares
 * them byte for byte).
 */
#define SH_JSCAN_SKIP_DEPTH	64
int	sh_jscan_skip(struct sh_jscan *sc, struct sh_err *err);

/* Only white space may follow the document. */
int	sh_jscan_end(struct sh_jscan *sc, struct sh_err *err);

/*
 * "line L column C: why" at the scanner's position, for the caller's own
 * syntax errors (a value where none can start). `why` is a message key
 * (a literal without conversions: po/xgettext.opts names this function).
 * Returns -1.
 */
int	sh_jscan_fail(struct sh_jscan *sc, const char *why, struct sh_err *err);

#endif
