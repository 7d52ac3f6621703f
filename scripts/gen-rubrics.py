#!/usr/bin/env python3
"""Generate data/rubrics/chiiki-2020.json and kakine-2024.json from the seeds.

Structure (ids, kinds, coefficients, labels) is written out here by hand;
every Japanese text is cut from the seed line named next to it, so the
transcription stays verbatim. Every number the seed prints next to an
item (coefficient, item maximum, band and option points) is checked
against the hand-written structure, and the script stops on a mismatch.

Usage: scripts/gen-rubrics.py [--check]
  Seeds are read from $SHINSA_SHARED_DIR/seeds (default ../shared/seeds
  next to the repository). --check compares instead of writing.
"""
import json
import os
import re
import sys

REPO = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
SHARED = os.environ.get("SHINSA_SHARED_DIR",
                        os.path.join(os.path.dirname(REPO), "shared"))
SEEDS = os.path.join(SHARED, "seeds")
CHIIKI_SEED = "003_4098140fe448eae6.txt"
KAKINE_SEED = "002_24a4f4ba8d55a4e7.txt"

TAG = re.compile(r"<[^>]*>")
ENUM = re.compile(r"^[①-⑳]\s*")
SECNUM = re.compile(r"^[（(]?[0-9０-９]+[）)]?\s*")
POINTS = re.compile(r"^(.*?)\s*[=＝]\s*([0-9]+)点$")


class Seed:
    def __init__(self, name):
        with open(os.path.join(SEEDS, name), encoding="utf-8") as f:
            self.lines = f.read().split("\n")
        self.name = name

    def raw(self, n):
        return self.lines[n - 1]

    def cells(self, n):
        """Table cells of line n: split on tabs and pipes, markup removed."""
        out = []
        for c in re.split(r"[\t|]", self.raw(n)):
            c = TAG.sub("", c).strip()
            if c:
                out.append(c)
        return out


def die(msg):
    sys.stderr.write("gen-rubrics: " + msg + "\n")
    sys.exit(1)


def expect(what, got, want):
    if got != want:
        die("%s: seed has %r, expected %r" % (what, got, want))


def strip_enum(s):
    return ENUM.sub("", s)


SCALE = {"5": "非常に優れている", "4": "優れている", "3": "妥当である",
         "2": "やや不十分である", "1": "不十分である"}
TALLY_DEFAULTS = {"min_reviewers_to_trim": 3, "min_proposals_per_reviewer": 5}


def judged(iid, text, coef, label, source):
    return {"id": iid, "kind": "judged", "criterion": text, "label": label,
            "source": source, "coefficient": coef}


# ---------------------------------------------------------------- chiiki

CHIIKI_TYPES = {
    # variant id: (table name, first line of the table's (1) header)
    "chiiki-miryoku": "地域魅力化型",
    "global": "グローバル型",
    "pro-single": "プロフェッショナル型",
    "pro-joint": "プロフェッショナル型",
}

# Sections (1)-(6), identical in layout in every table: header line offset
# from the (1) header, then items as (line offset, continuation offset or
# None, coefficient, label).
CHIIKI_HEAD = [
    ("1", 0, 15, [
        (1, None, 3, "Purpose and target regional talent")]),
    ("2", 2, 20, [
        (3, None, 2, "Quantitative targets"),
        (4, None, 2, "Qualitative targets")]),
    ("3", 5, 65, [
        (6, None, 2, "Managing body and consortium plan"),
        (7, None, 2, "Steering committee"),
        (8, None, 2, "Managing body's strategy"),
        (9, None, 2, "Scale of own initiatives"),
        (10, None, 3, "Continuation after the project"),
        (11, None, 2, "Agreement with the community")]),
    ("4", 12, 40, [
        (13, None, 2, "School-wide organisation, teachers' roles"),
        (14, None, 2, "Place of curriculum experts and coordinators"),
        (15, None, 2, "Progress management and improvement"),
        (16, None, 1, "External evaluation support"),
        (17, None, 1, "Track record of R&D organisation")]),
    ("5", 18, 75, [
        (19, None, 4, "Analysis and hypothesis"),
        (20, None, 2, "Target groups for verification"),
        (21, 23, 4, "Concrete, feasible three-year plan"),
        (24, None, 5, "Plan fits school goals; verifiable")]),
    ("6", 25, 105, [
        (26, None, 6, "Curriculum management system"),
        (27, None, 5, "Consortium activities fit the curriculum"),
        (28, None, 4, "Originality of the research"),
        (29, None, 6, "School-wide reform and career design")]),
]

# Section (7) per variant: header line, sub-heading line (pro) and items
# as (absolute line, continuation line or None, coefficient, label).
CHIIKI_SEVEN = {
    "chiiki-miryoku": (164, None, [
        (165, None, 6, "Place in the curriculum"),
        (166, None, 6, "Cross-curricular learning"),
        (167, None, 3, "Contribution to regional revitalisation"),
        (168, None, 3, "Exchange with the local community")]),
    "global": (226, None, [
        (227, None, 6, "Place in the curriculum"),
        (228, None, 6, "Cross-curricular learning"),
        (229, None, 2, "Global vision and understanding of the region"),
        (230, None, 2, "Foreign-language education"),
        (231, None, 2, "International students, overseas exchange")]),
    "pro-single": (287, 288, [
        (289, None, 6, "Place in the curriculum or new subjects"),
        (290, None, 6, "Links with existing subjects"),
        (291, None, 3, "Regional issues and specialist learning"),
        (292, None, 3, "Target profile and training programme")]),
    "pro-joint": (287, 293, [
        (294, None, 6, "Place in the curriculum or new subjects"),
        (295, 297, 6, "Links with existing subjects"),
        (298, None, 2, "Regional issues and specialist learning"),
        (299, None, 2, "Target profile and training programme"),
        (300, None, 2, "Cooperation between departments")]),
}

# Sections (8)-(11): line of the (8) header; the rest by layout.
CHIIKI_TAIL = {"chiiki-miryoku": 169, "global": 232,
               "pro-single": 301, "pro-joint": 301}

SPC_BANDS = [
    ({"max": 1}, 5),
    ({"min": 1, "min_inclusive": False, "max": 2}, 4),
    ({"min": 2, "min_inclusive": False, "max": 3}, 3),
    ({"min": 3, "min_inclusive": False, "max": 4}, 2),
    ({"min": 4, "min_inclusive": False}, 1),
]
LAN_BANDS = [
    ({"min": 100, "max": 100}, 5),
    ({"min": 75, "max": 100, "max_inclusive": False}, 4),
    ({"min": 50, "max": 75, "max_inclusive": False}, 3),
    ({"min": 33, "max": 50, "max_inclusive": False}, 2),
    # Printed 「整備率が50％未満」: resolved as [0, 33), see notes.
    ({"min": 0, "max": 33, "max_inclusive": False}, 1),
]

# (id, group index, printed name prefix, points)
CHIIKI_CERTS = [
    ("eruboshi-1", 0, "認定段階1", 5),
    ("eruboshi-2", 0, "認定段階2", 10),
    ("eruboshi-3", 0, "認定段階3", 15),
    ("eruboshi-plan", 0, "行動計画策定済", 2),
    ("kurumin-old", 1, "旧くるみん認定", 5),
    ("kurumin-new", 1, "新くるみん認定", 7),
    ("platinum-kurumin", 1, "プラチナくるみん認定", 10),
    ("youth-yell", 2, "ユースエール認定", 10),
]


def conflict_clause(seed, chapter, clause):
    """The clause citing the rules on 利害関係, checked against the seed:
    chapter N is 審査委員の遵守事項 and its (2) is 利害関係者の審査."""
    text = [TAG.sub("", l).replace("*", "").strip("# ") for l in seed.lines]
    try:
        at = text.index("%s. 審査委員の遵守事項" % chapter)
    except ValueError:
        die("%s: chapter %s 審査委員の遵守事項 not found" % (seed.name, chapter))
    if "(2) 利害関係者の審査" not in text[at:at + 12]:
        die("%s: %s(2) 利害関係者の審査 not found" % (seed.name, chapter))
    return clause


def chiiki_section_header(seed, n, sid, maximum):
    c = seed.cells(n)
    num = re.match(r"^[（(]([0-9０-９]+)[）)]", c[0])
    if num is None:
        die("line %d: no section number in %r" % (n, c[0]))
    expect("line %d section number" % n,
           str(int(num.group(1).translate(str.maketrans("０１２３４５６７８９", "0123456789")))),
           sid)
    expect("line %d section maximum" % n, c[-1], str(maximum))
    return SECNUM.sub("", c[0])


def chiiki_row(seed, n, cont, coef):
    c = seed.cells(n)
    expect("line %d coefficient" % n, c[1], str(coef))
    expect("line %d item maximum" % n, c[2], str(5 * coef))
    text = strip_enum(c[0])
    if cont is not None:
        k = seed.cells(cont)
        if len(k) != 1:
            die("line %d: continuation has %d cells" % (cont, len(k)))
        text += k[0]
    return text


def enum_char(i):
    return chr(ord("①") + i)


def chiiki_bands(seed, first, spec):
    bands = []
    for i, (bounds, pts) in enumerate(spec):
        m = POINTS.match(" ".join(seed.cells(first + i)))
        if m is None:
            die("line %d: no band" % (first + i))
        expect("line %d band points" % (first + i), int(m.group(2)), pts)
        b = dict(bounds)
        b["points"] = pts
        b["text"] = m.group(1)
        bands.append(b)
    return bands


def first_p(raw):
    m = re.match(r"^<p>(.*?)</p>", raw)
    return TAG.sub("", m.group(1)).strip() if m else None


def chiiki_indicator_text(seed, n):
    t = first_p(seed.raw(n))
    if t is None:
        c = seed.cells(n)
        expect("line %d indicator maximum" % n, c[-1], "5")
        t = c[0]
    return strip_enum(t)


def chiiki_cert(seed, lines, vname, tail_label):
    cell = "".join("".join(seed.cells(n)) for n in lines)
    crit = cell[:cell.index("○")].rstrip()
    groups = re.findall(r"○(.*?)\s+・", cell)
    if len(groups) != 3:
        die("lines %s: %d certification groups" % (lines, len(groups)))
    opts = []
    for oid, g, prefix, pts in CHIIKI_CERTS:
        i = cell.find("・" + prefix)
        if i < 0:
            die("lines %s: no option %s" % (lines, prefix))
        m = re.compile(r"\s*[=＝]\s*([0-9]+)点").search(cell, i)
        expect("option %s points" % oid, int(m.group(1)), pts)
        opts.append({"id": oid, "group": groups[g],
                     "text": cell[i + 1:m.start()], "points": pts})
    return {"id": "11", "kind": "certification", "criterion": crit,
            "label": "Work-life balance certification",
            "source": "003 別紙 %s (11)" % tail_label,
            "fact": "certifications", "options": opts}


def chiiki_variant(seed, vid, start):
    tname = CHIIKI_TYPES[vid]
    sections = []

    def src(sec, rest):
        return "003 別紙 %s (%s)%s" % (tname, sec, rest)

    for sid, hoff, smax, items in CHIIKI_HEAD:
        title = chiiki_section_header(seed, start + hoff, sid, smax)
        its = []
        for k, (off, coff, coef, label) in enumerate(items):
            text = chiiki_row(seed, start + off,
                              None if coff is None else start + coff, coef)
            its.append(judged("%s-%d" % (sid, k + 1), text, coef, label,
                              src(sid, enum_char(k))))
        sections.append({"id": sid, "title": title, "items": its})

    head, sub, items = CHIIKI_SEVEN[vid]
    title = chiiki_section_header(seed, head, "7", 90)
    subname = ""
    if sub is not None:
        subname = seed.cells(sub)[0]
    its = []
    for k, (n, cont, coef, label) in enumerate(items):
        its.append(judged("7-%d" % (k + 1), chiiki_row(seed, n, cont, coef),
                          coef, label, src("7", subname + enum_char(k))))
    sections.append({"id": "7", "title": title, "items": its})

    t = CHIIKI_TAIL[vid]
    for sid, hoff, smax, rows in (
            ("8", 0, 15, [(1, 3, "Dissemination of results")]),
            ("9", 2, 20, [(3, 2, "Appropriate budget"),
                          (4, 2, "Funding beyond national support")])):
        title = chiiki_section_header(seed, t + hoff, sid, smax)
        its = [judged("%s-%d" % (sid, k + 1),
                      chiiki_row(seed, t + off, None, coef), coef, label,
                      src(sid, enum_char(k)))
               for k, (off, coef, label) in enumerate(rows)]
        sections.append({"id": sid, "title": title, "items": its})

    # (10): header at t+5; the HTML tables (miryoku, global) sit one line
    # further down and repeat their bands as tab rows.
    title = chiiki_section_header(seed, t + 5, "10", 10)
    html = seed.raw(t + 6) == "" or seed.raw(t + 6).startswith("<p>")
    spc = t + 7 if html else t + 6
    lan = spc + 6
    its = [
        {"id": "10-1", "kind": "indicator",
         "criterion": chiiki_indicator_text(seed, spc),
         "label": "Students per learner PC",
         "source": src("10", "①"),
         "fact": "students_per_pc", "unit": "人/台", "coefficient": 1,
         "domain": {"min": 0},
         "bands": chiiki_bands(seed, spc + 1, SPC_BANDS)},
        {"id": "10-2", "kind": "indicator",
         "criterion": chiiki_indicator_text(seed, lan),
         "label": "Wireless LAN rate of ordinary classrooms",
         "source": src("10", "②"),
         "fact": "lan_rate", "unit": "%", "coefficient": 1,
         "domain": {"min": 0, "max": 100},
         "bands": chiiki_bands(seed, lan + 1, LAN_BANDS)},
    ]
    sections.append({"id": "10", "title": title, "items": its})

    h11 = lan + 6
    title = chiiki_section_header(seed, h11, "11", 15)
    cert_lines = [h11 + 1] if html else [h11 + 1, h11 + 3]
    sections.append({"id": "11", "title": title,
                     "items": [chiiki_cert(seed, cert_lines, tname, tname)]})
    return sections


def chiiki():
    seed = Seed(CHIIKI_SEED)
    for n, name in ((131, "地域魅力化型"), (193, "グローバル型"),
                    (254, "プロフェッショナル型")):
        if name not in seed.raw(n):
            die("line %d: expected table %s" % (n, name))
    variants = []
    for vid, start, vname in (
            ("chiiki-miryoku", 134, "地域魅力化型"),
            ("global", 196, "グローバル型"),
            ("pro-single", 257, "プロフェッショナル型【一学科単独実施の場合】"),
            ("pro-joint", 257, "プロフェッショナル型【学科連携による実施の場合】")):
        variants.append({"id": vid, "name": vname,
                         "sections": chiiki_variant(seed, vid, start)})
    low = ("書面審査の評点に「2（やや不十分である）」又は「1（不十分である）」の"
           "項目が著しく多い構想は指定しないこととする。")
    if low not in "".join(seed.lines):
        die("low-score rule not found")
    return {
        "format": "shinsa-rubric/1",
        "id": "chiiki-2020",
        "title": "令和2年度 地域との協働による高等学校教育改革推進事業（高等学校等における研究開発） 書面審査",
        "source": "seeds/003_4098140fe448eae6.txt: 審査要項, 審査基準, 【別紙】書面審査係数一覧",
        "conflict_clause": conflict_clause(seed, "4", "審査要項 4(2)"),
        "maximum": 470,
        "scale": SCALE,
        "comment_required_scores": [5, 2, 1],
        "cannot_judge_score": 1,
        "mandatory": None,
        "low_scores": {
            "scores": [2, 1], "threshold": 10,
            "note": low + " The seed gives no number: shinsa flags a "
                    "reviewer's sheet with 10 or more judged items scored "
                    "2 or 1 (about a third of the 29-30 judged items of a "
                    "variant). The threshold 10 is shinsa's stated choice, "
                    "not the seed's."},
        "tally": dict({"trim": True}, **TALLY_DEFAULTS),
        "notes": [
            "(10)② 普通教室の無線LAN整備率: every table prints the last band as "
            "「整備率が50％未満 = 1点」 (グローバル型: 「50%未満」), which overlaps "
            "the bands 「33％以上50％未満 = 2点」 and 「50％以上75％未満 = 3点」 and "
            "leaves 0-33% unscored. 「33％未満」 is meant: the band is encoded as "
            "[0, 33) while its text keeps the printed wording.",
            "low_scores.threshold 10 is shinsa's choice; the seed says only "
            "「著しく多い」 (審査基準 3. 指定の決定).",
            "tally: trim is the seed's (審査基準 2: the largest and the smallest "
            "deviation score are each dropped once); min_reviewers_to_trim 3 "
            "and min_proposals_per_reviewer 5 are shinsa's defaults, the seed "
            "gives no number.",
            "Variants: one per printed table. プロフェッショナル型 prints two "
            "versions of (7) (【一学科単独実施の場合】, 【学科連携による実施の場合】) "
            "under one table: pro-single and pro-joint repeat its sections "
            "(1)-(6) and (8)-(11) and differ only in (7).",
            "Texts are as printed in each table, typos and punctuation "
            "included: 地域魅力化型 (4)① 「構築されとともに」 (the other tables: "
            "「構築されるとともに」); プロフェッショナル型【一学科単独実施の場合】"
            "(7)② ends without 「。」; full-width ％ except in the グローバル型 "
            "LAN bands (%); (11) in 地域魅力化型 and グローバル型 has two spaces "
            "before 「※」.",
            "Item numbers (①...) and section numbers ((1)...) are dropped from "
            "texts; the ids and sources carry them. (5)③ in every table, "
            "pro-joint (7)② and the プロフェッショナル型 (11) 行動計画策定済 "
            "option are joined across the page break.",
            "(10): the tables print a maximum of 5 for each indicator, so each "
            "has coefficient 1 over 1-5 band points. students_per_pc has "
            "domain [0, ∞); lan_rate has domain [0, 100].",
            "(11): option text is the printed name with its conditions; the "
            "printed 「＝N点」 is in points. 「○上記に該当する認定等を有しない"
            "＝0点」 is the certification rule's 0 when no option is held; "
            "「最も配点の高いものについてのみ加点する」 is its highest-option rule.",
        ],
        "variants": variants,
    }


# ---------------------------------------------------------------- kakine

# Sections: (id, header line, maximum, items). Items:
#   ("j", line, id, coefficient, label)
#   ("b", line, id, values, label, source suffix)
KAKINE = [
    ("1", 780, 20, [("j", 781, "1-1", 2, "Network and goals fit the project"),
                    ("j", 782, "1-2", 2, "Network built on analysis of the area")]),
    ("2", 783, 30, [("j", 784, "2-1", 2, "Outcome targets"),
                    ("j", 785, "2-2", 2, "Output indicators"),
                    ("j", 786, "2-3", 2, "Progress checks and improvement")]),
    ("3", 787, 20, [("j", 788, "3-1", 2, "Implementation and management"),
                    ("j", 789, "3-2", 2, "Hub school's structure and role")]),
    ("4", 790, 20, [("j", 791, "4-1", 2, "Hub's know-how for remote teaching"),
                    ("j", 792, "4-2", 2, "Sustaining the network")]),
    ("5", 793, 20, [("j", 794, "5-1", 2, "Remote and correspondence plans"),
                    ("j", 795, "5-2", 2, "Inter-school operation")]),
    ("6", 796, 30, [
        ("b", 797, "6-a", [0, 3, 5, 10],
         "Bonus: effective remote lessons", " 加点1"),
        ("b", 798, "6-b", [0, 3, 5, 10],
         "Bonus: motivation in remote lessons", " 加点2"),
        ("b", 799, "6-c", [0, 3, 5, 10],
         "Bonus: systems and apps for learning", " 加点3")]),
    ("7", 800, 90, [("j", 801, "7-1", 6, "Three-year research plan"),
                    ("j", 802, "7-2", 6, "Courses and curriculum in the network"),
                    ("j", 803, "7-3", 6, "Hypotheses and verification")]),
    ("8", 804, 20, [("j", 805, "8-1", 2, "Dissemination of results"),
                    ("j", 806, "8-2", 2, "Continuation after the research")]),
    ("9", 807, 85, [
        ("j", 813, "9-1", 5, "Coordination workflow and rules"),
        ("b", 814, "9-1a", [0, 5],
         "Bonus: non-teachers in receiving rooms", "① 加点1"),
        ("b", 815, "9-1b", [0, 10],
         "Bonus: roving staff for receiving rooms", "① 加点2"),
        ("j", 816, "9-2", 5, "Tracking students' learning needs"),
        ("b", 817, "9-2a", [0, 10],
         "Bonus: publicising the scheme", "② 加点1"),
        ("b", 818, "9-2b", [0, 10],
         "Bonus: learning at home", "② 加点2")]),
    ("10", 819, 5, [("j", 820, "10", 1, "Appropriate budget")]),
    ("11", 821, 5, [("j", 822, "11", 1, "Remote-lesson connection and network")]),
]

# (id, group index, printed name, points)
KAKINE_CERTS = [
    ("eruboshi-1", 0, "認定段階1", 10),
    ("eruboshi-2", 0, "認定段階2", 15),
    ("eruboshi-3", 0, "認定段階3", 20),
    ("platinum-eruboshi", 0, "プラチナえるぼし認定企業", 30),
    ("eruboshi-plan", 0, "行動計画策定済", 5),
    ("kurumin-1", 1, "くるみん認定①（平成29年3月31日までの基準）", 10),
    ("try-kurumin", 1, "トライくるみん認定", 15),
    ("kurumin-2", 1, "くるみん認定②（平成29年4月1日~令和4年3月31日までの基準）", 15),
    ("kurumin-3", 1, "くるみん認定③（令和4年4月1日以降の基準）", 15),
    ("platinum-kurumin", 1, "プラチナくるみん認定", 20),
    ("youth-yell", 2, "ユースエール認定", 20),
]


def kakine_cert(seed):
    expect("line 823", seed.cells(823)[0], "12 ワーク・ライフ・バランス等の推進に関する指標")
    c = seed.cells(824)
    expect("line 824 maximum", c[-1], "30")
    crit = c[0]
    groups, opts = [], []
    for gi, n in enumerate((825, 826, 827)):
        cell = re.split(r"\|", seed.raw(n))[1]
        parts = [p.strip() for p in cell.split("<br>")]
        parts = [p for p in parts if p]
        groups.append(strip_enum(parts[0]))
        for p in parts[1:]:
            if p.startswith("※"):
                if not opts or opts[-1][1]:
                    die("line %d: stray condition %r" % (n, p))
                opts[-1][0]["text"] += " " + p
                opts[-1][1] = True
                continue
            m = POINTS.match(p)
            if m is None:
                die("line %d: not an option: %r" % (n, p))
            opts.append([{"group": groups[gi], "text": m.group(1),
                          "points": int(m.group(2))}, False])
    expect("item 12 option count", len(opts), len(KAKINE_CERTS))
    out = []
    for (o, _), (oid, g, name, pts) in zip(opts, KAKINE_CERTS):
        expect("option %s name" % oid, o["text"].split(" ※")[0], name)
        expect("option %s points" % oid, o["points"], pts)
        expect("option %s group" % oid, o["group"], groups[g])
        out.append({"id": oid, "group": o["group"], "text": o["text"],
                    "points": pts})
    return {"id": "12", "kind": "certification", "criterion": crit,
            "label": "Work-life balance certification",
            "source": "002 参考2 12", "fact": "certifications",
            "options": out}


def kakine():
    seed = Seed(KAKINE_SEED)
    expect("line 774 (満点)", seed.raw(774), "375")
    sections = []
    for sid, hline, smax, items in KAKINE:
        c = seed.cells(hline)
        expect("line %d section" % hline, c[0].split(" ")[0], sid)
        expect("line %d section maximum" % hline, c[-1], str(smax))
        title = c[0][len(sid):].strip()
        its = []
        for it in items:
            n = it[1]
            c = seed.cells(n)
            if it[0] == "j":
                _, _, iid, coef, label = it
                expect("line %d coefficient" % n, c[1], str(coef))
                expect("line %d item maximum" % n, c[-1], str(5 * coef))
                m = ENUM.match(c[0])
                if "-" in iid:
                    src = "002 参考2 %s%s" % (sid, m.group(0).strip())
                else:
                    if m is not None:
                        die("line %d: unexpected item number" % n)
                    src = "002 参考2 %s" % sid
                its.append(judged(iid, strip_enum(c[0]), coef, label, src))
            else:
                _, _, iid, values, label, suffix = it
                expect("line %d bonus maximum" % n, c[-1], str(values[-1]))
                if not re.match(r"^加点?\s", c[0]):
                    die("line %d: no 加点 marker" % n)
                text = re.sub(r"^加点?\s+", "", c[0])
                for v in values[1:]:
                    if "%d点" % v not in text:
                        die("line %d: value %d not printed" % (n, v))
                its.append({"id": iid, "kind": "bonus", "criterion": text,
                            "label": label,
                            "source": "002 参考2 %s%s" % (sid, suffix),
                            "values": values})
        sections.append({"id": sid, "title": title, "items": its})
    sections.append({"id": "12", "title": "ワーク・ライフ・バランス等の推進に関する指標",
                     "items": [kakine_cert(seed)]})
    mand = "必須項目である審査項目（1）～（5）において1点が付いた場合には、採択しないこととできる。"
    mand2 = "※審査項目のうち、1～5を必須項目とし、1点があった場合は不採択"
    text = "\n".join(seed.lines)
    if mand not in text or mand2 not in text:
        die("mandatory rule not found")
    return {
        "format": "shinsa-rubric/1",
        "id": "kakine-2024",
        "title": "令和6年度 各学校・課程・学科の垣根を超える高等学校改革推進事業 書面審査",
        "source": "seeds/002_24a4f4ba8d55a4e7.txt: 参考1 審査要項, 参考2 審査項目及び配点",
        "conflict_clause": conflict_clause(seed, "5", "審査要項 5(2)"),
        "maximum": 375,
        "scale": SCALE,
        "comment_required_scores": [5, 1],
        "cannot_judge_score": 1,
        "mandatory": {"sections": ["1", "2", "3", "4", "5"], "score": 1,
                      "note": mand + "（参考1 審査要項 3(1)①） " + mand2
                              + "（参考2）"},
        "low_scores": None,
        "tally": dict({"trim": False}, **TALLY_DEFAULTS),
        "notes": [
            "tally: trim false, the seed's 評価方法 (参考1 3(2)) takes the plain "
            "mean of the deviation scores; min_reviewers_to_trim 3 and "
            "min_proposals_per_reviewer 5 are shinsa's defaults, the seed "
            "gives no number.",
            "6: the three 加点 items each take 0 or one of 3, 5, 10 "
            "(「工夫が優れている程度に応じて、3点、5点、10点のいずれかの点数を加点する」); "
            "the table prints 最大10 for each and 30 for the section.",
            "9: the 加点 items take 0 or the printed value "
            "(「加点が妥当な場合は5点とする」 / 「10点とする」); they are listed "
            "in printed order after ① and ② respectively (9-1a, 9-1b, 9-2a, 9-2b).",
            "10 and 11 are judged items with 計数 1 (the table prints 1~5 "
            "points); 11 is not an objective indicator despite its name.",
            "12: option text is the printed name, then a space and its "
            "「※」 condition where the seed prints one on the next line; the "
            "printed 「= N点」 is in points. Only the single highest-scoring "
            "certification counts (「最も配点の高いものについてのみ加点する」). "
            "The table prints 30 for ①, 20 for ② and 20 for ③; the item's "
            "maximum is 30 (プラチナえるぼし認定企業).",
            "The 加点 marker column (「加<br>点」, 「加」) and item numbers "
            "(①...) are dropped from texts; the ids and sources carry them. "
            "Table markup (|, <b>, <br>) is removed; nothing else is changed.",
        ],
        "variants": [{"id": "kakine", "name": "学びの機会の充実ネットワークの構築",
                      "sections": sections}],
    }


def dump(obj):
    return json.dumps(obj, ensure_ascii=False, indent=2) + "\n"


def main():
    check = "--check" in sys.argv[1:]
    bad = False
    for name, obj in (("chiiki-2020.json", chiiki()),
                      ("kakine-2024.json", kakine())):
        path = os.path.join(REPO, "data", "rubrics", name)
        data = dump(obj)
        if check:
            try:
                with open(path, encoding="utf-8") as f:
                    old = f.read()
            except OSError:
                old = None
            if old != data:
                sys.stderr.write("gen-rubrics: %s differs\n" % name)
                bad = True
            continue
        tmp = path + ".tmp"
        with open(tmp, "w", encoding="utf-8") as f:
            f.write(data)
        os.replace(tmp, path)
    sys.exit(1 if bad else 0)


if __name__ == "__main__":
    main()
