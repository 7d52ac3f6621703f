/*
 * demo: a complete kakine-2024 round to try shinsa with: 26 proposals
 * (invented titles, applicants and documents, real prefecture codes),
 * five reviewers, three reviewers per proposal, keys made UNPROTECTED
 * (demo only: never do this for a real round), one package per reviewer
 * in DIR/outbox and every key in DIR/keys. With --sheets it also plays
 * the five reviewers: one sealed sheet each in DIR/inbox, with a (キ)
 * declaration and an (ア) withdrawal among them, ready for ingest.
 *
 * It runs the same commands a secretariat would (init, proposals import,
 * reviewers import, assign import, issue) on CSV files it writes first,
 * so the demo goes through every check a real round does.
 */
#include <errno.h>
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#include <dirent.h>
#include <sodium.h>

#include "crypto/agekey.h"
#include "crypto/minisign.h"
#include "format/pdf.h"
#include "format/seal.h"
#include "format/sheet.h"
#include "review/rubric.h"
#include "merge.h"

#define DEMO_ROUND	"R2024-kakine"
#define DEMO_TITLE	"令和6年度 各学校・課程・学科の垣根を超える高等学校改革推進事業 書面審査（デモ）"
#define NREVIEWERS	5
#define NPROPOSALS	26

static const struct {
	const char	*pref, *applicant, *title, *certs;
	int		 quality;	/* 1..5, drives the demo scores */
} demo_proposals[NPROPOSALS] = {
	{ "01", "北海道教育委員会", "広域分散地域における遠隔授業配信センターの構築", "eruboshi-2", 5 },
	{ "02", "青森県教育委員会", "通信制課程を核とした県内全域の学びの保障ネットワーク", "", 4 },
	{ "05", "秋田県教育委員会", "小規模校間の合同授業による教科・科目の充実", "kurumin-2", 3 },
	{ "07", "福島県教育委員会", "不登校生徒の学びを支える遠隔・通信の併用モデル", "", 4 },
	{ "09", "栃木県教育委員会", "定時制・通信制・全日制の垣根を超える単位互換", "", 2 },
	{ "11", "埼玉県教育委員会", "配信センターと受信校をつなぐ教員配置の検証", "platinum-kurumin", 3 },
	{ "13", "学校法人 桜が丘学園", "私立通信制高校と公立校の連携による科目開設", "", 3 },
	{ "15", "新潟県教育委員会", "豪雪地域の冬期学習を支える遠隔教育基盤", "eruboshi-1", 4 },
	{ "17", "石川県教育委員会", "半島部の高校を結ぶ探究学習ネットワーク", "", 2 },
	{ "19", "山梨県教育委員会", "専門学科の実習を共有する遠隔協働授業", "", 3 },
	{ "20", "長野県教育委員会", "中山間地域における学校間連携と併修の仕組み", "eruboshi-3", 5 },
	{ "22", "静岡県教育委員会", "多様な学習ニーズに応える習熟度別遠隔授業", "", 3 },
	{ "24", "三重県教育委員会", "日本語指導が必要な生徒への遠隔支援体制", "youth-yell", 4 },
	{ "26", "京都府教育委員会", "教育センターを拠点とした科目配信の高度化", "", 3 },
	{ "28", "兵庫県教育委員会", "離島・山間部の生徒の進路実現を支える遠隔講座", "kurumin-1", 4 },
	{ "30", "和歌山県教育委員会", "通信教育と対面指導を組み合わせた単位認定", "", 2 },
	{ "32", "島根県教育委員会", "地域と学校を結ぶオンライン探究プラットフォーム", "eruboshi-2", 5 },
	{ "33", "岡山県教育委員会", "受信側補助スタッフの育成と配置の在り方", "", 3 },
	{ "35", "山口県教育委員会", "学期ごとの単位認定を活用した柔軟な教育課程", "", 2 },
	{ "37", "香川県教育委員会", "複数課程併修による多様な進路選択の支援", "eruboshi-plan", 3 },
	{ "39", "高知県教育委員会", "県域遠隔教育センターによる少人数校支援", "", 4 },
	{ "40", "学校法人 若松学院", "通信制高校のノウハウを活かした地域連携", "", 2 },
	{ "42", "長崎県教育委員会", "離島の高校をつなぐ遠隔授業の質の向上", "try-kurumin", 4 },
	{ "43", "熊本県教育委員会", "災害時にも途切れない学びの継続体制", "", 3 },
	{ "46", "鹿児島県教育委員会", "島嶼部を含む広域ネットワークの自走化", "kurumin-3", 4 },
	{ "47", "沖縄県教育委員会", "離島からの受信を支える校内体制の整備", "", 3 },
};

static const char *const demo_names[NREVIEWERS] = {
	"山田 花子", "佐藤 健一", "鈴木 美咲", "高橋 誠", "田中 由紀",
};
/* Each reviewer's leaning: a harsh and a lenient one among them. */
static const int demo_bias[NREVIEWERS] = { 0, -1, 1, 0, 0 };

static int
write_text(const char *dir, const char *name, const char *text, int mode)
{
	char		path[PATH_MAX];
	struct sh_err	e;

	snprintf(path, sizeof path, "%s/%s", dir, name);
	if (sh_write_file_atomic(path, text, strlen(text), mode, &e) == -1)
		return merr("%s", sh_errstr(&e));
	return 0;
}

/*
 * A proposal's 構想調書 (invented) as a real PDF of three pages, so that
 * a reviewer of the demo reads it in the workstation: page 1 the
 * applicant, the title and the aims, page 2 the organisation and how
 * learning is assessed, page 3 the indicators and the budget.
 */
static const char demo_page1[] =
    "構想調書（デモ・架空）\n\n管理機関: %s\n構想名: %s\n\n"
    "1 目的・目標\n"
    "  域内の高等学校が課程・学科の垣根を超えて連携し、\n"
    "  遠隔授業と通信教育を活用して、生徒の多様な学習\n"
    "  ニーズに応える。小規模校でも選択科目を開設でき\n"
    "  るようにし、全日制・定時制・通信制の生徒が同じ\n"
    "  授業を受けられる体制を整える。\n\n"
    "  （1）遠隔授業により開設できる科目数を増やす。\n"
    "  （2）通信制課程の学習支援を全日制と共有する。\n"
    "  （3）地域の大学・企業と協働した探究学習を行う。\n";
static const char demo_page2[] =
    "2 実施体制\n"
    "  中心拠点に配信センターを置き、構成校に連絡調整\n"
    "  スタッフを配置する。教育委員会に運営協議会を設\n"
    "  け、学期ごとに進捗を確認する。\n\n"
    "3 学習評価の方法\n"
    "  探究学習の成果は、学校間で共通のルーブリックを\n"
    "  用いて評価する。評価の観点は「課題の設定」「情\n"
    "  報の収集」「整理・分析」「まとめ・表現」とし、\n"
    "  生徒の自己評価と教員の評価を突き合わせる。\n";
static const char demo_page3[] =
    "4 成果指標（KPI）\n"
    "  遠隔授業で開設する科目数: 初年度 6科目、3年目 15科目\n"
    "  探究学習の成果発表会への参加校: 全構成校\n\n"
    "5 経費の概要\n"
    "  配信設備、連絡調整スタッフの人件費、研修費。\n"
    "  詳細は別紙の経費明細による。\n";

static int
write_kousou(const char *dir, const char *name, size_t p)
{
	char		 page1[2048], path[PATH_MAX];
	const char	*pages[3] = { page1, demo_page2, demo_page3 };
	struct sh_buf	 pdf;
	struct sh_err	 e;
	int		 rc;

	snprintf(page1, sizeof page1, demo_page1,
	    demo_proposals[p].applicant, demo_proposals[p].title);
	snprintf(path, sizeof path, "%s/%s", dir, name);
	sh_buf_init(&pdf, false);
	rc = sh_pdf_write(pages, 3, demo_proposals[p].title, &pdf, &e) != 0 ||
	    sh_write_file_atomic(path, pdf.data, pdf.len, 0600, &e) != 0 ?
	    merr("%s", e.msg) : 0;
	sh_buf_free(&pdf);
	return rc;
}

static int
make_key(const char *dir, const char *id, char b64[SH_MINISIGN_PK_B64_LEN + 1])
{
	struct sh_minisign_sk	*sk;
	struct sh_err		 e;
	char			 path[PATH_MAX];

	if ((sk = sh_minisign_keygen(id, &e)) == NULL)
		return merr("%s", sh_errstr(&e));
	snprintf(path, sizeof path, "%s/keys/%s.key", dir, id);
	if (sh_minisign_sk_write_file(path, sk, NULL, 0, &e) == -1) {
		sh_minisign_sk_free(sk);
		return merr("%s", sh_errstr(&e));
	}
	snprintf(path, sizeof path, "%s/keys/%s.pub", dir, id);
	if (sh_minisign_pk_write_file(path, &sk->pub, &e) == -1) {
		sh_minisign_sk_free(sk);
		return merr("%s", sh_errstr(&e));
	}
	sh_minisign_pk_base64(&sk->pub, b64);
	sh_minisign_sk_free(sk);
	return 0;
}

static bool
assigned(size_t p, size_t r)
{
	/* Three reviewers per proposal, in turn. */
	return (p % NREVIEWERS) == r || ((p + 1) % NREVIEWERS) == r ||
	    ((p + 2) % NREVIEWERS) == r;
}

/* A deterministic demo score for reviewer r, proposal p, item j. */
static int
demo_score(size_t r, size_t p, size_t j)
{
	unsigned	h = (unsigned)(r * 7919 + p * 104729 + j * 1299709);
	int		s;

	h ^= h >> 13;
	h *= 0x5bd1e995u;
	h ^= h >> 15;
	s = demo_proposals[p].quality + demo_bias[r] + (int)(h % 3) - 1;
	return s < 1 ? 1 : s > 5 ? 5 : s;
}

static int
play_reviewer(const char *dir, size_t r, const char *id)
{
	struct sh_minisign_sk	*sk;
	struct sh_age_identity	*ident;
	struct sh_opened_package op;
	struct sh_package_expect x;
	struct sh_sheet		 s;
	struct sh_assignment	*as = NULL;
	struct sh_buf		 file, out;
	struct sh_err		 e;
	char			 path[PATH_MAX], rcpt[SH_AGE_RECIPIENT_SIZE];
	size_t			 i, j, k, p;
	int			 rc = -1;

	snprintf(path, sizeof path, "%s/keys/%s.key", dir, id);
	if ((sk = sh_minisign_sk_read_file(path, NULL, 0, &e)) == NULL)
		return merr("%s", sh_errstr(&e));
	sh_buf_init(&file, false);
	sh_buf_init(&out, false);
	sh_sheet_init(&s);
	sh_opened_package_init(&op);
	if ((ident = sodium_malloc(sizeof *ident)) == NULL ||
	    sh_age_x25519_from_ed25519_sk(sk->sk, ident->sk, &e) == -1 ||
	    sh_age_recipient_from_ed25519_pk(sk->pub.pk, rcpt, sizeof rcpt,
	    &e) == -1) {
		merr("%s", ident ? sh_errstr(&e) : _("out of memory"));
		goto out;
	}
	snprintf(path, sizeof path, "%s/outbox/%s-%s.shinsa-package", dir,
	    DEMO_ROUND, id);
	memset(&x, 0, sizeof x);
	x.recipient = rcpt;
	x.round = DEMO_ROUND;
	x.reviewer = id;
	if (sh_read_file(path, SH_PACKAGE_MAX_BYTES, &file, &e) == -1 ||
	    sh_open_package(file.data, file.len, ident, &x, &op, &e) == -1) {
		merr("%s", sh_errstr(&e));
		goto out;
	}
	if (sh_sheet_set(&s, &s.round, op.pkg.round_id) ||
	    sh_sheet_set(&s, &s.rubric_id, op.pkg.rubric_id) ||
	    sh_sheet_set(&s, &s.reviewer, id) ||
	    sh_sheet_set(&s, &s.secretariat_recipient,
	    op.pkg.secretariat_recipient) ||
	    sh_sheet_set(&s, &s.submitted, "2024-07-10T09:00:00Z") ||
	    (as = calloc(op.pkg.nproposals + 1, sizeof *as)) == NULL) {
		merr(_("out of memory"));
		goto out;
	}
	memcpy(s.rubric_sha256, op.pkg.rubric_sha256, 65);
	s.revision = 1;
	for (i = 0; i < op.pkg.nproposals; i++) {
		const struct sh_package_proposal *pp = &op.pkg.proposals[i];
		const struct sh_variant *v = sh_rubric_variant(op.rubric,
		    pp->variant);
		struct sh_sheet_proposal *sp;

		as[i].proposal = pp->id;
		as[i].variant = pp->variant;
		p = (size_t)atoi(pp->id + 1) - 1;
		if ((sp = sh_sheet_add_proposal(&s, pp->id, pp->variant)) ==
		    NULL)
			goto oom;
		sp->action = SH_ACTION_REVIEW;
		/* 鈴木 (r03) and P07's applicant: (キ), left to the committee;
		 * 高橋 (r04) once taught at P14's applicant: (ア), withdrawn. */
		if (r == 2 && p == 6)
			sp->declared = SH_DECLARE_G;
		if (r == 3 && p == 13) {
			sp->declared = 0x01;
			sp->action = SH_ACTION_WITHDRAW;
			continue;
		}
		for (j = 0; j < v->nitems; j++) {
			const struct sh_item	*it = &v->items[j];
			struct sh_sheet_entry	*en;
			int			 sc;

			if (it->kind != SH_ITEM_JUDGED &&
			    it->kind != SH_ITEM_BONUS)
				continue;
			if ((en = sh_sheet_add_entry(sp, it->id)) == NULL)
				goto oom;
			sc = demo_score(r, p, j);
			if (it->kind == SH_ITEM_BONUS) {
				en->has_value = true;
				/* Better proposals earn more of the bonus. */
				k = (size_t)(sc >= 4 ? sc - 3 : 0);
				if (k >= it->nvalues)
					k = it->nvalues - 1;
				en->value = it->values[k];
				continue;
			}
			en->has_score = true;
			en->score = sc;
			if (op.rubric->comment_required[sc] &&
			    sh_sheet_set(&s, &en->comment, sc == 5 ?
			    "目標・指標が具体的で、実施体制も明確に計画されている。" :
			    "計画の具体性に乏しく、実施体制が不明確である。"))
				goto oom;
		}
		if (sh_sheet_set(&s, &sp->remarks,
		    demo_proposals[p].quality >= 4 ?
		    "構想は具体的で、ネットワークの自走に向けた道筋も示されている。" :
		    "構想の趣旨は妥当だが、連携校間の役割分担をより明確にされたい。"))
			goto oom;
		if (demo_proposals[p].quality <= 2 && sh_sheet_set(&s,
		    &sp->conditions, "受信側の体制について計画を修正すること。"))
			goto oom;
	}
	if (sh_seal_sheet(&s, op.rubric, as, op.pkg.nproposals, sk, &out,
	    &e) == -1) {
		merr(_("sheet of %s: %s"), id, sh_errstr(&e));
		goto out;
	}
	snprintf(path, sizeof path, "%s/inbox/%s.shinsa-sheet", dir, id);
	if (sh_write_file_atomic(path, out.data, out.len, 0600, &e) == -1) {
		merr("%s", sh_errstr(&e));
		goto out;
	}
	rc = 0;
	goto out;
oom:
	merr(_("out of memory"));
out:
	free(as);
	sh_sheet_free(&s);
	sh_opened_package_free(&op);
	sh_buf_free(&file);
	sh_buf_free(&out);
	if (ident != NULL)
		sodium_free(ident);
	sh_minisign_sk_free(sk);
	return rc;
}

static int
run(const struct cmd_entry *c, struct merge_opts *o, int argc, char **argv)
{
	return c->exec(c, o, argc, argv);
}

static int
cmd_demo_exec(const struct cmd_entry *self, struct merge_opts *o, int argc,
    char **argv)
{
	const char		*dir = argv[0], *rubric;
	char			 path[PATH_MAX], sub[PATH_MAX], db[PATH_MAX];
	char			 rubbuf[PATH_MAX], sec[PATH_MAX], outbox[PATH_MAX];
	char			 csv[PATH_MAX], b64[SH_MINISIGN_PK_B64_LEN + 1];
	char			 id[8], *args[1];
	struct sh_buf		 b;
	struct merge_opts	 so;
	DIR			*d;
	struct dirent		*de;
	size_t			 p, r, n = 0;
	const char		*subs[] = { "keys", "docs", "outbox", "inbox" };

	if ((rubric = mfind_rubric(o->rubric != NULL ? o->rubric :
	    "kakine-2024", rubbuf, sizeof rubbuf)) == NULL)
		return mrubric_missing("demo", o->rubric != NULL ? o->rubric :
		    "kakine-2024");
	if ((d = opendir(dir)) != NULL) {
		while ((de = readdir(d)) != NULL)
			n += de->d_name[0] != '.';
		closedir(d);
		if (n > 0)
			return merr(_("demo: %s is not empty"), dir);
	} else if (mkdir(dir, 0700) == -1)
		return merr("demo: %s: %s", dir, strerror(errno));
	for (p = 0; p < sizeof subs / sizeof subs[0]; p++) {
		snprintf(sub, sizeof sub, "%s/%s", dir, subs[p]);
		if (mkdir(sub, 0700) == -1)
			return merr("demo: %s: %s", sub, strerror(errno));
	}

	/* Keys: the secretariat and five reviewers, unprotected. */
	sh_buf_init(&b, false);
	if (make_key(dir, "secretariat", b64) != 0)
		return EXIT_FAIL;
	sh_buf_append_str(&b, "id,name,public_key\n");
	for (r = 0; r < NREVIEWERS; r++) {
		snprintf(id, sizeof id, "r%02zu", r + 1);
		if (make_key(dir, id, b64) != 0)
			goto fail;
		sh_buf_printf(&b, "%s,%s,%s\n", id, demo_names[r], b64);
	}
	if (write_text(dir, "reviewers.csv", sh_buf_cstr(&b), 0600) != 0)
		goto fail;

	/* Proposals, each with a three-page 構想調書 in PDF. */
	b.len = 0;
	sh_buf_append_str(&b, "id,title,applicant,variant,prefecture,"
	    "certifications,documents\n");
	for (p = 0; p < NPROPOSALS; p++) {
		char name[64];

		snprintf(name, sizeof name, "docs/P%02zu-kousou.pdf", p + 1);
		if (write_kousou(dir, name, p) != 0)
			goto fail;
		sh_buf_printf(&b, "P%02zu,%s,%s,kakine,%s,%s,%s\n", p + 1,
		    demo_proposals[p].title, demo_proposals[p].applicant,
		    demo_proposals[p].pref, demo_proposals[p].certs, name);
	}
	if (write_text(dir, "proposals.csv", sh_buf_cstr(&b), 0600) != 0)
		goto fail;
	b.len = 0;
	sh_buf_append_str(&b, "reviewer,proposal\n");
	for (r = 0; r < NREVIEWERS; r++)
		for (p = 0; p < NPROPOSALS; p++)
			if (assigned(p, r))
				sh_buf_printf(&b, "r%02zu,P%02zu\n", r + 1, p + 1);
	if (write_text(dir, "assignments.csv", sh_buf_cstr(&b), 0600) != 0)
		goto fail;
	sh_buf_free(&b);

	/* The secretariat's commands, as a person would run them. */
	snprintf(db, sizeof db, "%s/round.db", dir);
	snprintf(sec, sizeof sec, "%s/keys/secretariat.key", dir);
	snprintf(outbox, sizeof outbox, "%s/outbox", dir);
	snprintf(path, sizeof path, "%s/keys/secretariat.pub", dir);
	memset(&so, 0, sizeof so);
	so.db = db;
	so.round = DEMO_ROUND;
	so.title = DEMO_TITLE;
	so.rubric = rubric;
	so.secretariat_key = path;
	so.secret_key = sec;
	so.outbox = outbox;
	so.quiet = true;
	so.max_size = 16u * 1024 * 1024;
	args[0] = csv;
	if (run(&cmd_init_entry, &so, 0, NULL) != EXIT_OK)
		return EXIT_FAIL;
	snprintf(csv, sizeof csv, "%s/proposals.csv", dir);
	if (run(&cmd_proposals_import_entry, &so, 1, args) != EXIT_OK)
		return EXIT_FAIL;
	snprintf(csv, sizeof csv, "%s/reviewers.csv", dir);
	if (run(&cmd_reviewers_import_entry, &so, 1, args) != EXIT_OK)
		return EXIT_FAIL;
	snprintf(csv, sizeof csv, "%s/assignments.csv", dir);
	if (run(&cmd_assign_import_entry, &so, 1, args) != EXIT_OK)
		return EXIT_FAIL;
	if (run(&cmd_issue_entry, &so, 0, NULL) != EXIT_OK)
		return EXIT_FAIL;
	if (o->sheets)
		for (r = 0; r < NREVIEWERS; r++) {
			snprintf(id, sizeof id, "r%02zu", r + 1);
			if (play_reviewer(dir, r, id) != 0)
				return EXIT_FAIL;
		}

	printf(_("demo round %s in %s: %d proposals, %d reviewers, packages in "
	    "%s\n"), DEMO_ROUND, dir, NPROPOSALS, NREVIEWERS, outbox);
	printf(_("keys in %s/keys are UNPROTECTED: for this demo only.\n\n"), dir);
	/* A command that works as printed: without -s, shinsa would offer
	 * to make a new key instead of using r01's. */
	printf(_("a reviewer opens a package:\n  shinsa -s %s/keys/r01.key "
	    "%s/%s-r01.shinsa-package\n"), dir, outbox, DEMO_ROUND);
	if (o->sheets)
		printf(_("\nsheets from all five reviewers are in %s/inbox:\n"
		    "  shinsa-merge ingest --db %s -s %s %s/inbox/*.shinsa-sheet\n"
		    "  shinsa-merge decide --db %s P07 r03 allow\n"
		    "  shinsa-merge tally --db %s\n"
		    "  shinsa-merge publish --db %s -s %s %s/bundle\n"
		    "  shinsa-verify -p %s/keys/secretariat.pub %s/bundle\n"),
		    dir, db, sec, dir, db, db, db, sec, dir, dir, dir);
	return EXIT_OK;
fail:
	sh_buf_free(&b);
	return EXIT_FAIL;
}

const struct cmd_entry cmd_demo_entry = {
	.name = "demo",
	.usage = N_("[--sheets] [--rubric FILE] DIR"),
	.help = N_("make a complete demo kakine-2024 round in a new directory"),
	.args = { MOPTS(MOPT_SHEETS, MOPT_RUBRIC),
	    1, 1 },
	.exec = cmd_demo_exec,
};
