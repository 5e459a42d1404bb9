#!/usr/bin/env python3
"""Write the machine's gettext catalogs as a benign JSONL corpus for `vigil scan` / `vigil eval`.

Every translated string of every /usr/share/locale/<locale>/LC_MESSAGES/*.mo in one of Vigil's
lexicon languages becomes {"id", "lang", "text"}, once per (language, text). Software messages
name countries, languages, peoples and everyday actions ("delete", "clean", "eliminate") in
every language: a lexicon entry that fires on them fires on news too.

  scripts/gettext-corpus.py > /tmp/gettext.jsonl
  vigil scan --lexicons lexicons /tmp/gettext.jsonl | wc -l    # messages flagged
"""
import gettext
import glob
import json
import os
import sys

LANGS = set("en fr es pt it de nl pl ru uk ar am ha hi my rw sr sw tr zh".split())


def main():
    seen = set()
    out = sys.stdout
    root = sys.argv[1] if len(sys.argv) > 1 else "/usr/share/locale"
    for mo in sorted(glob.glob(os.path.join(root, "*", "LC_MESSAGES", "*.mo"))):
        locale = mo[len(root):].strip("/").split("/")[0]
        lang = locale.split("_")[0].split("@")[0].split(".")[0]
        if lang not in LANGS:
            continue
        try:
            with open(mo, "rb") as f:
                catalog = gettext.GNUTranslations(f)._catalog
        except Exception:  # a catalog Python's reader cannot parse: skipped
            continue
        for value in catalog.values():
            if not isinstance(value, str) or not value.strip() or (lang, value) in seen:
                continue
            seen.add((lang, value))
            out.write(json.dumps({"id": f"gt-{len(seen)}", "lang": lang, "text": value}, ensure_ascii=False) + "\n")
    print(f"{len(seen)} messages", file=sys.stderr)


if __name__ == "__main__":
    main()
