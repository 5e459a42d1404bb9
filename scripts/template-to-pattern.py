#!/usr/bin/env python3
"""Rewrite lexicon entries whose term templates expand too far as one RE2 pattern each.

Compile time and memory grow with the expanded terms (docs/lexicon-authoring.md, "What a lexicon
costs"); `vigil lexicon stats` lists the entries over 1,000. A template such as

  terms: ["{passing|passed} {our|white} {young |}{girls|13-year-olds} {around|between them}"]

becomes

  pattern: '(?:passing|passed) (?:our|white) (?:young )?(?:girls|13 year olds) (?:around|between them)'

Patterns run on canonical text, so every literal goes through Vigil's own normaliser first
(`vigil explain`): case folded, Latin diacritics folded (Polish "siłą" -> "sila"), the Hindi nukta
folded, punctuation dropped ("13-year-olds" -> "13 year olds", "i'm" -> "i m"). Several templates of
one entry become alternatives of one pattern; the entry keeps its id and every other field. An
entry that mixes plain terms with templates, or whose optional group is not followed by its own
space, is left alone with a message.

After rewriting, check that nothing changed: `vigil lexicon check`, `vigil lexicon stats` (no new
pattern scanned everywhere or tried at a one- or two-letter word) and every case's predicted
severity before and after (`vigil scan -a` over tests/functional/cases).

  scripts/template-to-pattern.py lexicons/en/sweep-women41.yaml en.sweep-women41.right-to-beat-wives
"""
import functools
import os
import re
import subprocess
import sys
import tempfile

import yaml

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
VIGIL = os.environ.get("VIGIL", os.path.join(ROOT, "build/release/vigil"))
_TINY = tempfile.TemporaryDirectory(prefix="vigil-tiny-")  # a one-entry lexicon: explain starts fast


@functools.lru_cache(maxsize=None)
def tiny_lexicon():
    path = os.path.join(_TINY.name, "tiny.yaml")
    with open(path, "w", encoding="utf-8") as f:
        f.write("language: en\nentries:\n  - id: en.tiny\n    indicator: contempt\n    terms: [zzzq]\n"
                "    weight: 0.5\n    note: x\n    sources: [x]\n")
    return path


@functools.lru_cache(maxsize=None)
def canonical(text, lang):
    """`text` as the normaliser writes it for `lang`, its own leading and trailing space kept."""
    if not text.strip():
        return text
    out = subprocess.run([VIGIL, "explain", "--lang", lang, "-l", tiny_lexicon(), text],
                         capture_output=True, text=True, check=True).stdout
    c = re.search(r"canonical:[ \t]*(.*)", out).group(1).strip()  # empty for punctuation alone
    return (" " if text[0] == " " else "") + c + (" " if text[-1] == " " and c else "")


def escape(s):
    return re.sub(r"([.^$*+?()\[\]{}|\\])", r"\\\1", s)


def template_to_pattern(template, lang, slots):
    out = []
    for part in re.split(r"(\{[^}]*\})", template):
        if part.startswith("{"):
            alts = part[1:-1].split("|")
            if len(alts) == 1 and alts[0].startswith("$"):
                alts = slots[alts[0][1:]]
            words = [canonical(a, lang) for a in alts]
            optional = any(not w.strip() for w in words)  # "{,|}": punctuation is no token
            words = [w for w in words if w.strip()]
            if not words:
                continue
            if optional and any(not w.endswith(" ") for w in words):
                raise ValueError(f"optional group without its own trailing space in {template!r}")
            out.append(("(?:%s)?" if optional else "(?:%s)") % "|".join(escape(w) for w in words))
        else:
            out.append(escape(canonical(part, lang)) if part.strip() else part)
    return "".join(out)


def rewrite(path, ids):
    text = open(path, encoding="utf-8").read()
    doc = yaml.safe_load(text)
    lang, slots = doc.get("language"), doc.get("slots") or {}
    lines = text.split("\n")
    for eid in ids:
        entry = next((e for e in doc["entries"] if e["id"] == eid), None)
        if entry is None or not entry.get("terms"):
            print(f"{eid}: no such entry with terms in {path}", file=sys.stderr)
            continue
        if not all("{" in t for t in entry["terms"]):
            print(f"{eid}: mixes plain terms with templates; split it first", file=sys.stderr)
            continue
        entry_slots = dict(slots, **(entry.get("slots") or {}))
        try:
            pattern = "|".join(template_to_pattern(t, lang, entry_slots) for t in entry["terms"])
        except ValueError as err:
            print(f"{eid}: {err}", file=sys.stderr)
            continue
        start = next(i for i, l in enumerate(lines) if re.match(r"\s*- id: " + re.escape(eid) + r"\s*$", l))
        end = next((i for i in range(start + 1, len(lines))
                    if re.match(r"\s*- id: ", lines[i]) or re.match(r"^\S", lines[i])), len(lines))
        ti = next(i for i in range(start, end) if re.match(r"\s+terms:", lines[i]))
        indent = len(lines[ti]) - len(lines[ti].lstrip())
        tj = ti + 1
        if lines[ti].strip() == "terms:":  # a block list: its items are indented deeper, or as deep with "- "
            while tj < end and lines[tj].strip().startswith("- ") and len(lines[tj]) - len(lines[tj].lstrip()) >= indent:
                tj += 1
        else:  # a flow list, maybe over several lines
            while "]" not in "".join(lines[ti:tj]):
                tj += 1
        lines[ti:tj] = [" " * indent + "pattern: '" + pattern.replace("'", "''") + "'"]
        print(f"{eid}: {len(entry['terms'])} template(s) -> one pattern of {len(pattern)} characters")
    with open(path, "w", encoding="utf-8") as f:
        f.write("\n".join(lines))


if __name__ == "__main__":
    if len(sys.argv) < 3:
        sys.exit(__doc__)
    rewrite(sys.argv[1], sys.argv[2:])
