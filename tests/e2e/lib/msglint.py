#!/usr/bin/env python3
"""Finds user-facing text that does not go through gettext.

A heuristic over the front ends' C sources: in a call of a function that
prints or words a message (printf, fprintf, merr, kerr, problem, ...),
a string literal of two or more English words that is not inside _(),
N_(), gettext() or ngettext() is reported as FILE:LINE: "text". So is a
literal of one English word alone ("allow") given to such a call as its
own argument (not to a call inside it, where a single word is a key:
jstr(v, "score")), and the .usage string of a command table, whose
placeholders (FILE, DIR) a Japanese user reads.

A deliberate exception (machine-readable output an auditor's script
greps, a file format, text that is bilingual on purpose) carries the
comment /* untranslated: why */ on the literal's line or the line before
it, or on the line where the call starts or the line before that.

Usage: msglint.py [--fix] FILE...   (exit 1 if anything is reported;
--fix wraps each reported literal in _() instead, for a person to review)
"""
import re
import sys

CALLS = {
    "printf", "fprintf", "puts", "fputs", "snprintf", "xasprintf",
    "asprintf", "merr", "kerr", "problem", "ok", "refuse", "warn",
    "warnx", "err", "errx", "die", "mprint_text", "perror",
}
WRAPPERS = {"_", "N_", "gettext", "ngettext", "dgettext"}
MARKER = "untranslated:"

TOKEN = re.compile(r'''
    (?P<comment>/\*.*?\*/|//[^\n]*)
  | (?P<string>"(?:\\.|[^"\\\n])*")
  | (?P<char>'(?:\\.|[^'\\\n])*')
  | (?P<pre>^[ \t]*\#[^\n]*(?:\\\n[^\n]*)*)
  | (?P<ident>[A-Za-z_][A-Za-z0-9_]*)
  | (?P<nl>\n)
  | (?P<space>[ \t\r\f\v]+)
  | (?P<punct>.)
''', re.S | re.M | re.X)

CONV = re.compile(r'%(?:\d+\$)?[-+ #0\']*(?:\*|\d+)?(?:\.(?:\*|\d+))?'
                  r'(?:hh|h|ll|l|L|q|j|z|Z|t)?[diouxXeEfFgGaAcspn%]')
ESC = re.compile(r'\\(?:[0-7]{1,3}|x[0-9a-fA-F]+|.)')
WORDS = re.compile(r"[A-Za-z]{2,}[ ,;:!?()]+[A-Za-z]{2,}")
WORD = re.compile(r"\s*[A-Za-z]{2,}\s*")
USAGE = re.compile(r'\.usage\s*=\s*(?:"(?:\\.|[^"\\\n])*"\s*)+')


def tokens(src):
    line = 1
    for m in TOKEN.finditer(src):
        kind = m.lastgroup
        text = m.group()
        yield kind, text, line, m.start(), m.end()
        line += text.count("\n")


def english(lits, alone=False):
    text = "".join(s[1:-1] for s in lits)
    text = ESC.sub(" ", CONV.sub(" ", text))
    if alone and WORD.fullmatch(text):
        return True
    return WORDS.search(text) is not None


def lint(path, fix):
    src = open(path, encoding="utf-8").read()
    toks = [t for t in tokens(src) if t[0] not in ("space", "nl")]
    marks = set()
    for kind, text, line, _s, _e in toks:
        if kind == "comment" and MARKER in text:
            marks.update({line + text.count("\n"), line + text.count("\n") + 1})
    toks = [t for t in toks if t[0] not in ("comment", "pre")]
    found = []
    i = 0
    while i < len(toks):
        kind, text, line, _s, _e = toks[i]
        if not (kind == "ident" and text in CALLS and i + 1 < len(toks)
                and toks[i + 1][1] == "(" and
                (i == 0 or toks[i - 1][1] not in ("->", "."))):
            i += 1
            continue
        start = line
        # Walk the argument list: a stack of the calls we are inside.
        stack = [text]
        j = i + 2
        prev = None
        while j < len(toks) and stack:
            k, t, ln, s, e = toks[j]
            if t == "(":
                stack.append(prev[1] if prev else "")
            elif t == ")":
                stack.pop()
            elif k == "string":
                group = [toks[j]]
                while j + 1 < len(toks) and toks[j + 1][0] == "string":
                    j += 1
                    group.append(toks[j])
                wrapped = any(c in WRAPPERS for c in stack)
                if not wrapped and english([g[1] for g in group],
                                           stack[-1] in CALLS):
                    lines = {g[2] for g in group}
                    if not (lines | {start}) & marks:
                        found.append(group)
            prev = (k, t) if k == "ident" else None
            j += 1
        i = j
    # A command table's usage, shown as it is: its words need _() where
    # it is printed and N_() here.
    for m in USAGE.finditer(src):
        line = src.count("\n", 0, m.start()) + 1
        if not {line, line - 1} & marks:
            lits = re.findall(r'"(?:\\.|[^"\\\n])*"', m.group())
            a = m.start() + m.group().index('"')
            found.append([("string", " ".join(lits), line, a, m.end())])
    for group in found:
        print("%s:%d: %s" % (path, group[0][2],
                             " ".join(g[1] for g in group)[:100]))
    if fix and found:
        out = src
        for group in sorted(found, key=lambda g: -g[0][3]):
            a, b = group[0][3], group[-1][4]
            out = out[:a] + "_(" + out[a:b] + ")" + out[b:]
        open(path, "w", encoding="utf-8").write(out)
    return len(found)


def main(argv):
    fix = "--fix" in argv
    files = [a for a in argv if a != "--fix"]
    n = sum(lint(f, fix) for f in files)
    return 1 if n and not fix else 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
