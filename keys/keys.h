/*
 * shinsa-keys, key generation and inspection: a table of subcommands, one
 * file each (cmd-*.c), in the manner of tmux's cmd-*.c. main.c finds the
 * command, parses the options it allows and calls its exec.
 *
 * Exit codes: 0 done; 1 failed or refused (the message says why); 2 the
 * command line was wrong.
 */
#ifndef SHINSA_KEYS_H
#define SHINSA_KEYS_H

#include <stdbool.h>
#include <stddef.h>

#include "base/buf.h"
#include "base/cli.h"
#include "base/err.h"
#include "base/errmsg.h"
#include "base/i18n.h"
#include "crypto/minisign.h"

#define EXIT_OK		0
#define EXIT_FAIL	1
#define EXIT_USAGE	2

struct keys_opts {
	const char	*id;			/* -i */
	const char	*pub;			/* -p */
	const char	*sec;			/* -s */
	const char	*output;		/* -o */
	const char	*passphrase_file;
	const char	*new_passphrase_file;
	bool		 unprotected;
	bool		 force;			/* -f */
};

/*
 * The options a command takes, for its entry's .args (cli.h):
 * KOPTS(KOPT_SECRET, KOPT_FORCE) and the argument counts.
 */
#define KOPT_STR(name, ch, field) \
	{ name, ch, SH_CLI_STR, offsetof(struct keys_opts, field), NULL }
#define KOPT_FLAG(name, ch, field) \
	{ name, ch, SH_CLI_FLAG, offsetof(struct keys_opts, field), NULL }
#define KOPTS(...) \
	((const struct sh_cli_opt[]){ __VA_ARGS__, { NULL, 0, 0, 0, NULL } })

#define KOPT_ID			KOPT_STR("id", 'i', id)
#define KOPT_PUBLIC		KOPT_STR("public", 'p', pub)
#define KOPT_SECRET		KOPT_STR("secret", 's', sec)
#define KOPT_OUTPUT		KOPT_STR("output", 'o', output)
#define KOPT_FORCE		KOPT_FLAG("force", 'f', force)
#define KOPT_UNPROTECTED	KOPT_FLAG("unprotected", 0, unprotected)
#define KOPT_PASSPHRASE_FILE	KOPT_STR("passphrase-file", 0, passphrase_file)
#define KOPT_NEW_PASSPHRASE_FILE \
	KOPT_STR("new-passphrase-file", 0, new_passphrase_file)

struct cmd_entry {
	const char	*name;
	const char	*usage;		/* arguments after the name */
	const char	*help;		/* what it does, a few lines */
	const char	*options;	/* option help, one per line */
	struct sh_cli_args args;	/* its options and argument counts */
	int		(*exec)(const struct cmd_entry *, struct keys_opts *,
			    int, char **);
};

extern const struct cmd_entry cmd_generate_entry;
extern const struct cmd_entry cmd_show_entry;
extern const struct cmd_entry cmd_export_age_identity_entry;
extern const struct cmd_entry cmd_passphrase_entry;

/* "shinsa-keys: message" on stderr, sanitised; returns EXIT_FAIL. */
int	kerr(const char *fmt, ...) SH_PRINTF(1, 2);
/*
 * One "label: value" line on stdout, the value aligned with every other
 * label's (klabels[] in main.c names them all); label is an N_() key,
 * translated here.
 */
void	kfield(const char *label, const char *fmt, ...) SH_PRINTF(2, 3);
/* The usage line of c on stderr; returns EXIT_USAGE. */
int	kusage(const struct cmd_entry *c);
/* True if something exists at path (file, link or directory). */
bool	kexists(const char *path);
/*
 * Loads a secret key file: the mode check, then the passphrase (from
 * passphrase_file or the terminal) only if the key is protected.
 */
struct sh_minisign_sk *kload_sk(const char *path, const char *passphrase_file,
	    struct sh_err *err);
/* Gets a new passphrase: from a file, or asked twice on the terminal. */
int	knew_passphrase(const char *path, struct sh_buf *out,
	    struct sh_err *err);

/*
 * Prints what identifies a public key: id, keynum, fingerprint, age
 * recipient and the -P string. Returns -1 (err set) if the age recipient
 * cannot be derived.
 */
int	kdescribe(const struct sh_minisign_pk *pk, struct sh_err *err);

#endif
