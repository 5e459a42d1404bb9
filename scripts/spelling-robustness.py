#!/usr/bin/env python3
"""How much of Vigil's detection survives a misspelling: a HateCheck-style spelling probe.

Takes the hateful cases of tests/functional/cases that Vigil flags (gold moderately or extremely
dangerous), a sample per language, and rewrites one word of each the way the spelling tests of
HateCheck and Multilingual HateCheck do, then scans them again:

  swap       two adjacent letters after the first swapped     ("exterminate" -> "extreminate")
  del        one inner letter dropped                         ("exterminate" -> "extermiate")
  space_add  a space between every letter                     ("e x t e r m i n a t e")
  space_del  the space after (or before) the word dropped     ("exterminatethem")
  leet       a e i o s written 4 3 1 0 5 (Latin words only)    ("3xt3rm1n4t3")
  mid_space  the word cut in two by one space                 ("exter minate")

--word evidence (default) rewrites the longest word (5+ letters) of the verdict's first indicator's
evidence, the harm word; --word group rewrites the group name the verdict targets (4+ letters).
Prints, per kind and per language, how many rewritten posts are still flagged (and at the same
severity). Pure measurement: nothing is asserted, and the sample is fixed by --seed.

  scripts/spelling-robustness.py                       # harm words, 60 posts per language
  scripts/spelling-robustness.py --word group --lost /tmp/lost.json
"""
import argparse
import collections
import glob
import json
import os
import random
import subprocess
import unicodedata

KINDS = ["swap", "del", "space_add", "space_del", "leet", "mid_space"]
LEET = {"a": "4", "e": "3", "i": "1", "o": "0", "s": "5"}


def scan(vigil, lexicons, msgs):
    """Verdicts by message id for `msgs` ({"id", "lang", "text"}), every severity included."""
    data = "".join(json.dumps(m, ensure_ascii=False) + "\n" for m in msgs).encode()
    out = subprocess.run([vigil, "scan", "-a", "-l", lexicons], input=data, capture_output=True, check=True).stdout
    verdicts = (json.loads(line) for line in out.decode().splitlines())
    return {v["message_id"]: v for v in verdicts}


def is_word(w):
    return all(unicodedata.category(c)[0] in "LM" for c in w)


def key_word(text, verdict, which):
    """(byte offset, word) of the word to rewrite, or None."""
    raw = text.encode()
    if which == "group":
        spans = [(m["start"], m["end"]) for m in verdict.get("matches", []) if m["indicator"] == "identity_term"]
        min_len = 4
    else:
        first = (verdict.get("indicators") or [{}])[0]
        spans = [(e["start"], e["end"]) for e in first.get("evidence", [])]
        min_len = 5
    best = None
    for start, end in spans:
        pos = start
        for w in raw[start:end].decode("utf-8", "replace").split(" "):
            if len(w) >= min_len and is_word(w) and (best is None or len(w) > len(best[1])):
                best = (pos, w)
            pos += len(w.encode()) + 1
    return best


def rewrite(kind, text, pos, word, rng):
    """`text` with `word` (at byte `pos`) rewritten by `kind`; None when the kind does not apply."""
    raw = text.encode()
    pre, post = raw[:pos].decode(), raw[pos + len(word.encode()):].decode()
    n = len(word)
    if kind == "swap":
        i = rng.randint(1, n - 3)
        new = word[:i] + word[i + 1] + word[i] + word[i + 2:]
    elif kind == "del":
        i = rng.randint(1, n - 2)
        new = word[:i] + word[i + 1:]
    elif kind == "space_add":
        new = " ".join(word)
    elif kind == "space_del":
        if post.startswith(" "):
            return pre + word + post[1:]
        if pre.endswith(" "):
            return pre[:-1] + word + post
        return None
    elif kind == "leet":
        new = "".join(LEET.get(c, c) for c in word)
        if new == word:
            return None
    else:  # mid_space
        new = word[: n // 2] + " " + word[n // 2:]
    return pre + new + post


def main():
    root = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--vigil", default=os.path.join(root, "build/release/vigil"))
    ap.add_argument("--lexicons", default=os.path.join(root, "lexicons"))
    ap.add_argument("--cases", default=os.path.join(root, "tests/functional/cases"))
    ap.add_argument("--word", choices=["evidence", "group"], default="evidence")
    ap.add_argument("--per-lang", type=int, default=60)
    ap.add_argument("--seed", type=int, default=41)
    ap.add_argument("--lost", help="write the rewritten posts no longer flagged here (JSON)")
    args = ap.parse_args()
    rng = random.Random(args.seed)

    by_lang = collections.defaultdict(list)
    for path in sorted(glob.glob(os.path.join(args.cases, "*.jsonl"))):
        with open(path, encoding="utf-8") as f:
            for line in f:
                if not line.strip():
                    continue
                c = json.loads(line)
                if c.get("lang") and c.get("label") == "hateful" and \
                        c.get("severity") in ("moderately_dangerous", "extremely_dangerous"):
                    by_lang[c["lang"]].append(c)
    sample = []
    for lang in sorted(by_lang):
        cases = by_lang[lang]
        rng.shuffle(cases)
        sample += cases[: args.per_lang]
    base = scan(args.vigil, args.lexicons, [{"id": c["id"], "lang": c["lang"], "text": c["text"]} for c in sample])

    probes, meta = [], {}
    for c in sample:
        v = base.get(c["id"])
        if not v or v["severity"] == "none":
            continue
        k = key_word(c["text"], v, args.word)
        if not k:
            continue
        for kind in KINDS:
            text = rewrite(kind, c["text"], k[0], k[1], rng)
            if text is None or text == c["text"]:
                continue
            pid = c["id"] + "|" + kind
            probes.append({"id": pid, "lang": c["lang"], "text": text})
            meta[pid] = (c, kind, v["severity"], k[1])
    got = scan(args.vigil, args.lexicons, probes)

    total, flagged, same = collections.Counter(), collections.Counter(), collections.Counter()
    lang_total, lang_flagged = collections.Counter(), collections.Counter()
    lost = []
    for pid, (c, kind, before, word) in meta.items():
        after = got[pid]["severity"] if pid in got else "none"
        total[kind] += 1
        lang_total[c["lang"], kind] += 1
        if after != "none":
            flagged[kind] += 1
            lang_flagged[c["lang"], kind] += 1
        else:
            lost.append({"id": c["id"], "lang": c["lang"], "kind": kind, "word": word})
        same[kind] += after == before
    print(f"{len(meta)} rewritten posts from {len(sample)} hateful cases; word: {args.word}")
    print(f"{'kind':10s} {'posts':>6s} {'flagged':>8s} {'same severity':>14s}")
    for kind in KINDS:
        n = max(1, total[kind])
        print(f"{kind:10s} {total[kind]:6d} {flagged[kind] / n:8.1%} {same[kind] / n:14.1%}")
    print("\nflagged / posts per language")
    print("lang " + " ".join(f"{k:>10s}" for k in KINDS))
    for lang in sorted({l for l, _ in lang_total}):
        print(f"{lang:4s} " + " ".join(f"{lang_flagged[lang, k]:>5d}/{lang_total[lang, k]:<4d}" for k in KINDS))
    if args.lost:
        with open(args.lost, "w", encoding="utf-8") as f:
            json.dump(lost, f, ensure_ascii=False, indent=0)


if __name__ == "__main__":
    main()
