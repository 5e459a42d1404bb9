#!/usr/bin/env python3
"""Write the machine's package documentation as a benign English JSONL corpus for `vigil scan`.

Every paragraph (40 to 2,000 characters) of /usr/share/doc's changelogs, NEWS, READMEs and
copyright files becomes {"id", "lang": "en", "text"}. Technical prose names people ("Christian
Franke"), tools ("gyp", "jq"), versions ("0.88", "Fri Sep 19 13:53") and everyday verbs ("fix bug",
"sped up", "replaced tabs"): a lexicon entry that fires on them will fire on news and posts too.

  scripts/doc-corpus.py > /tmp/docs.jsonl
  vigil scan --lexicons lexicons /tmp/docs.jsonl | wc -l    # paragraphs flagged
"""
import gzip
import json
import os
import re
import sys

NAMES = {"copyright", "README", "NEWS", "README.md", "changelog", "NEWS.md"}


def read(path, name):
    if name.endswith(".gz"):
        with gzip.open(path, "rt", errors="ignore") as f:
            return f.read(200000)
    if name in NAMES or name.endswith(".txt"):
        with open(path, errors="ignore") as f:
            return f.read(200000)
    return None


def main():
    n = 0
    for root, _, files in sorted(os.walk("/usr/share/doc")):
        for name in sorted(files):
            try:
                text = read(os.path.join(root, name), name)
            except OSError:
                continue
            if not text:
                continue
            for para in re.split(r"\n\s*\n", text):
                para = para.strip()
                if 40 < len(para) < 2000:
                    sys.stdout.write(json.dumps({"id": f"d{n}", "lang": "en", "text": para}) + "\n")
                    n += 1
    print(f"{n} paragraphs", file=sys.stderr)


if __name__ == "__main__":
    main()
