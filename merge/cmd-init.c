/*
 * init: creates a round file from a rubric and the secretariat's public
 * key. The rubric is checked by the loader and kept byte for byte; the
 * secretariat's age recipient is derived from its minisign key.
 */
#include <limits.h>
#include <stdio.h>
#include <string.h>

#include "crypto/agekey.h"
#include "crypto/minisign.h"
#include "format/json_util.h"
#include "format/package.h"
#include "review/rubric.h"
#include "base/text.h"
#include "merge.h"

static int
cmd_init_exec(const struct cmd_entry *self, struct merge_opts *o, int argc,
    char **argv)
{
	struct sh_round_info	 info;
	struct sh_round		*r;
	struct sh_rubric	*rubric;
	struct sh_minisign_pk	 pk;
	struct sh_buf		 bytes;
	struct sh_err		 e;
	char			 b64[SH_MINISIGN_PK_B64_LEN + 1];
	char			 rcpt[SH_AGE_RECIPIENT_SIZE];
	char			 pathbuf[PATH_MAX];
	const char		*path;

	if (o->round == NULL || o->title == NULL || o->rubric == NULL ||
	    o->secretariat_key == NULL || o->db == NULL) {
		merr(_("init: --round, --title, --rubric, --secretariat-key and "
		    "--db are all required"));
		return musage(self);
	}
	if (!sh_round_id_valid(o->round))
		return merr(_("init: round id \"%s\" is not [A-Za-z0-9._-]{1,64}"),
		    o->round);
	if (o->deadline != NULL && !sh_date_valid(o->deadline))
		return merr(_("deadline: \"%s\" is not a date like "
		    "2026-06-30"), o->deadline);
	/* Every package carries the title: refuse now what issue could not
	 * put in one, rather than leave a round that can never be issued. */
	if (o->title[0] == '\0' || !sh_json_text_ok(o->title,
	    SH_PACKAGE_MAX_TEXT, SH_TEXT_LINE))
		return merr(_("init: the title is empty, has a control character "
		    "or a bidirectional override, or is too long"));
	if ((path = mfind_rubric(o->rubric, pathbuf, sizeof pathbuf)) == NULL)
		return mrubric_missing("init", o->rubric);
	sh_buf_init(&bytes, false);
	if (sh_read_file(path, SH_RUBRIC_MAX_BYTES, &bytes, &e) == -1)
		return merr("%s", sh_errstr(&e));
	if ((rubric = sh_rubric_load_buf(bytes.data, bytes.len, path,
	    &e)) == NULL) {
		sh_buf_free(&bytes);
		return merr("%s", sh_errstr(&e));
	}
	sh_rubric_free(rubric);
	if (sh_minisign_pk_read_file(o->secretariat_key, &pk, &e) == -1 ||
	    sh_age_recipient_from_ed25519_pk(pk.pk, rcpt, sizeof rcpt,
	    &e) == -1) {
		sh_buf_free(&bytes);
		return merr("%s", sh_errstr(&e));
	}
	sh_minisign_pk_base64(&pk, b64);
	memset(&info, 0, sizeof info);
	info.id = (char *)o->round;
	info.title = (char *)o->title;
	info.rubric = bytes.data;
	info.rubric_len = bytes.len;
	info.secretariat_key = b64;
	info.secretariat_recipient = rcpt;
	info.deadline = (char *)o->deadline;
	r = sh_round_create(o->db, &info, &e);
	sh_buf_free(&bytes);
	if (r == NULL)
		return merr("%s", sh_errstr(&e));
	sh_round_close(r);
	if (!o->quiet) {
		printf(_("round %s created in %s\n"), o->round, o->db);
		printf(_("secretariat recipient %s\n"), rcpt);
	}
	return EXIT_OK;
}

const struct cmd_entry cmd_init_entry = {
	.name = "init",
	.usage = N_("--round ID --title TITLE --rubric FILE --secretariat-key "
	    "PUB [--deadline YYYY-MM-DD] --db FILE"),
	.help = N_("create a round: its rubric and the secretariat's public key"),
	.args = { MOPTS(MOPT_ROUND, MOPT_TITLE, MOPT_RUBRIC,
	    MOPT_SECRETARIAT_KEY, MOPT_DEADLINE, MOPT_DB, MOPT_QUIET),
	    0, 0 },
	.exec = cmd_init_exec,
};
