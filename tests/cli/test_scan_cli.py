#!/usr/bin/env python3
"""End-to-end checks of the `vigil scan` output contract, run as a user would: the binary, real files.

Usage: test_scan_cli.py VIGIL_BINARY SOURCE_DIR
Each check prints PASS/FAIL; the last line is 'N passed, M failed'; exit status 1 on any failure.
"""
import json
import os
import subprocess
import sys
import tempfile

VIGIL, SRC = sys.argv[1], sys.argv[2]
LEX = os.path.join(SRC, "lexicons")
results = []


def check(name, cond, detail=""):
    results.append(bool(cond))
    print(("PASS " if cond else "FAIL ") + name + ("" if cond else ": " + detail))


def scan(args, stdin=None):
    p = subprocess.run([VIGIL, "scan", "--lexicons", LEX] + args, input=stdin, capture_output=True, timeout=300)
    return p.returncode, p.stdout.decode("utf-8"), p.stderr.decode("utf-8", "replace")


def scan_messages(messages, args=()):
    """Scans the message dicts as JSON lines on stdin, one verdict each (--all)."""
    return scan(["--all", *args, "-"], "\n".join(json.dumps(m, ensure_ascii=False) for m in messages).encode("utf-8"))


def verify_offsets(lines, source_texts):
    """Every match's [start,end) must slice the original text's UTF-8 bytes to exactly match['text'].
    `source_texts` lists the input texts in input order (one verdict per message with --all)."""
    bad = []
    for line, original in zip(lines, source_texts):
        alert = json.loads(line)
        text = original.encode("utf-8")
        for m in alert["matches"]:
            if text[m["start"]:m["end"]].decode("utf-8") != m["text"]:
                bad.append((alert["message_id"], m))
    return bad


REQUIRED = ["schema_version", "alert_id", "message_id", "severity", "score", "indicators", "target_groups",
            "matches", "explanation", "lexicon_version", "processed_at"]

# 1. The bundled sample feed: alerts, contract fields, exact byte offsets.
feed = os.path.join(SRC, "deploy", "sample", "feed.jsonl")
rc, out, err = scan(["--all", feed])
lines = [l for l in out.splitlines() if l.strip()]
texts = []
with open(feed, encoding="utf-8") as f:
    for l in f:
        if l.strip():
            texts.append(json.loads(l)["text"])
check("sample feed scans with exit 0", rc == 0, err[-500:])
check("one verdict per message with --all", len(lines) == len(texts), f"{len(lines)} lines for {len(texts)} messages")
feed_alerts = [json.loads(l) for l in lines]
check("every verdict has the contract fields", all(all(k in a for k in REQUIRED) for a in feed_alerts))
check("sample feed yields alerts", sum(a["severity"] != "none" for a in feed_alerts) >= 5)
check("byte offsets slice the original text (sample feed)", not verify_offsets(lines, texts),
      str(verify_offsets(lines, texts)[:3]))
check("severities are from the closed set",
      all(a["severity"] in ("none", "offensive", "moderately_dangerous", "extremely_dangerous") for a in feed_alerts))
check("summary on stderr", "messages" in err and "MB/s" in err, err[-300:])

# 2. Multi-byte scripts and obfuscation: offsets must still be exact.
multi = [
    {"id": "m1", "lang": "en", "text": "Ｍｕｓｌｉｍｓ are ｖｅｒｍｉｎ and must be exterminated"},
    {"id": "m2", "lang": "rw", "text": "Inyenzi zose zigomba gupfa"},
    {"id": "m3", "lang": "en", "text": "🙂🙂 Immigrants are vermin 🙂 we must kill them"},
    {"id": "m4", "lang": "ar", "text": "اليهود خنازير"},
    {"id": "m5", "lang": "en", "text": "Ver\u200bmin: that is what the Roma are"},
]
rc, out, err = scan_messages(multi)
lines = [l for l in out.splitlines() if l.strip()]
check("multi-byte input scans", rc == 0 and len(lines) == len(multi), err[-300:])
check("byte offsets slice the original text (multi-byte)", not verify_offsets(lines, [m["text"] for m in multi]),
      str(verify_offsets(lines, [m["text"] for m in multi])[:3]))
check("fullwidth obfuscated dehumanisation is flagged", json.loads(lines[0])["severity"] != "none", lines[0][:300])

# 3. Bad input: reported with line numbers, skipped, run continues, exit 0.
bad_lines = [
    b'{"id":"ok1","text":"Immigrants are vermin","lang":"en"}',
    b'{"id": "broken", "text": ',                         # malformed JSON
    b'{"id":"nt"}',                                       # missing text
    b'{"id":"u","text":"bad \xc3\x28 utf8"}',              # invalid UTF-8
    b'{"id":"big","text":"' + b"a" * (10 * 1024 * 1024) + b'"}',  # 10 MB line
    b'{"id":"empty","text":"   "}',                       # empty text
    b'{"id":"ok2","text":"Jews are rats and must be exterminated","lang":"en"}',
]
with tempfile.NamedTemporaryFile(suffix=".jsonl", delete=False) as tmp:
    tmp.write(b"\n".join(bad_lines) + b"\n")
rc, out, err = scan([tmp.name])
ids = [json.loads(l)["message_id"] for l in out.splitlines() if l.strip()]
check("bad lines do not stop the run (exit 0)", rc == 0, err[-300:])
check("good messages around bad ones are processed", ids == ["ok1", "ok2"], str(ids))
for line_no, reason in [(2, "invalid_json"), (3, "missing_text"), (4, "invalid_utf8"), (5, "oversize"), (6, "empty")]:
    check(f"line {line_no} reported as {reason}", f":{line_no}: skipped ({reason})" in err, err[-600:])
# The same bad file and the sample feed repeated past one batch, on 1 and 3 threads: identical
# output and skip reports, in input order (processed_at aside).
import re
rc1, out1, err1 = scan(["--threads", "1", tmp.name])
rc3, out3, err3 = scan(["--threads", "3", tmp.name])
strip = lambda s: re.sub(r'"processed_at":"[^"]*"', "", s)
summary = lambda e: [l for l in e.splitlines() if not l.startswith("vigil scan:")]
check("threads: bad-input reports identical and in order", rc3 == 0 and summary(err1) == summary(err3), err3[-400:])
with tempfile.NamedTemporaryFile(suffix=".jsonl", delete=False) as many:
    with open(feed, "rb") as f:
        feed_bytes = f.read()
    for _ in range(40):
        many.write(feed_bytes)
rc1, out1, err1 = scan(["--all", "--threads", "1", many.name])
rc3, out3, err3 = scan(["--all", "--threads", "3", many.name])
check("threads: output identical to one thread, in input order",
      rc1 == 0 and rc3 == 0 and len(out1.splitlines()) == 40 * len(texts) and strip(out1) == strip(out3),
      f"{len(out1.splitlines())} vs {len(out3.splitlines())} lines")
os.unlink(many.name)
os.unlink(tmp.name)

# 4. Usage errors exit non-zero with a clear message.
rc, out, err = scan(["/nonexistent/file.jsonl"])
check("unreadable file exits non-zero", rc != 0 and "cannot read" in err, err)
rc, out, err = scan(["--format", "xml", feed])
check("bad --format exits non-zero", rc != 0 and "--format" in err, err)
p = subprocess.run([VIGIL, "scan", "--lexicons", "/nonexistent-lexicons", feed], capture_output=True)
check("missing lexicon path exits non-zero", p.returncode != 0 and b"no such file" in p.stderr, p.stderr.decode()[-300:])

# 5. Plain text input and the text format.
rc, out, err = scan(["--all", "--format", "text", "--input", "text", "-"], "Tutsi are cockroaches\nI love my cat\n".encode())
check("plain text lines, text format", rc == 0 and len(out.splitlines()) == 2 and out.startswith("["), out + err)

# 6. Every subcommand has --help; version works.
for sub in (["scan"], ["explain"], ["lexicon", "check"], ["lexicon", "stats"], ["eval"], ["version"]):
    p = subprocess.run([VIGIL] + sub + ["--help"], capture_output=True)
    check("help for " + " ".join(sub), p.returncode == 0 and len(p.stdout) > 50)
p = subprocess.run([VIGIL, "version"], capture_output=True)
check("vigil version", p.returncode == 0 and p.stdout.startswith(b"vigil "))

# 7. explain shows normalisation steps, matches with positions and the severity.
p = subprocess.run([VIGIL, "explain", "--lexicons", LEX, "--lang", "en", "Immigrants are vermin"], capture_output=True)
o = p.stdout.decode()
check("explain shows steps, matches, severity", p.returncode == 0 and "Normalisation" in o and "[15,21)" in o and "Severity:" in o, o)

# 8. lexicon stats counts the patterns without a literal start word (scanned in every message), and
#    names those tried at every occurrence of a one- or two-letter word, the entries whose
#    templates expand to more than 1,000 terms, and the terms that normalise like another term of
#    their entry.
with tempfile.TemporaryDirectory() as d:
    with open(os.path.join(d, "p.yaml"), "w", encoding="utf-8") as f:
        f.write("language: en\nentries:\n"
                "  - id: en.t.gated\n    indicator: call_to_violence\n    pattern: '(kill|burn) (them|all)'\n"
                "    note: n\n    sources: [s]\n"
                "  - id: en.t.scanned\n    indicator: call_to_violence\n    pattern: '\\S+ must die'\n"
                "    note: n\n    sources: [s]\n"
                # Tried at every "is" and "be": no two-word check, and its later word "so" is as short.
                "  - id: en.t.common\n    indicator: dehumanisation\n    pattern: '(is|be)( [^ ]+)? so'\n"
                "    note: n\n    sources: [s]\n"
                # Starts with "is" too, but only runs in a message that holds "vermin".
                "  - id: en.t.later\n    indicator: dehumanisation\n    pattern: '(is|are)( [^ ]+)? vermin'\n"
                "    note: n\n    sources: [s]\n"
                # 11 x 11 x 11 = 1,331 terms; the next one 11 x 11 x 8 = 968 stays under the line.
                "  - id: en.t.large\n    indicator: call_to_violence\n"
                "    terms: ['{a|b|c|d|e|f|g|h|i|j|k} {l|m|n|o|p|q|r|s|t|u|v} {w|x|y|z|aa|bb|cc|dd|ee|ff|gg}']\n"
                "    note: n\n    sources: [s]\n"
                "  - id: en.t.medium\n    indicator: call_to_violence\n"
                "    terms: ['{a|b|c|d|e|f|g|h|i|j|k} {l|m|n|o|p|q|r|s|t|u|v} {hh|ii|jj|kk|ll|mm|nn|oo}']\n"
                "    note: n\n    sources: [s]\n"
                # "hâte them" and the second "hate them" normalise like the first "hate them".
                "  - id: en.t.dup\n    indicator: contempt\n"
                "    terms: ['{hate|hâte|despise} them', 'hate them']\n"
                "    note: n\n    sources: [s]\n")
    # Gated as the matcher compiles it: the vowel marks of "هُمْ" (they) fold away with the text's,
    # leaving a two-letter start word.
    with open(os.path.join(d, "ar.yaml"), "w", encoding="utf-8") as f:
        f.write("language: ar\nentries:\n"
                "  - id: ar.t.vocalised\n    indicator: dehumanisation\n    pattern: '\u0647\u064f\u0645\u0652( [^ ]+)? (\u0644\u0627|\u0645\u0627)'\n"
                "    note: n\n    sources: [s]\n")
    p = subprocess.run([VIGIL, "lexicon", "stats", "--json", d], capture_output=True)
    stats = json.loads(p.stdout) if p.returncode == 0 else {}
    check("stats counts scanned and common-word patterns", stats.get("patterns") == 5 and stats.get("patterns_scanned") == 1
          and stats.get("patterns_common_start") == 2, p.stdout.decode() + p.stderr.decode())
    check("stats counts the entries over 1,000 expanded terms", stats.get("entries_over_1000_terms") == 1,
          p.stdout.decode() + p.stderr.decode())
    check("stats counts the terms that normalise like another of their entry", stats.get("redundant_terms") == 2,
          p.stdout.decode() + p.stderr.decode())
    p = subprocess.run([VIGIL, "lexicon", "stats", d], capture_output=True)
    check("stats names the languages with scanned patterns", p.returncode == 0 and b"1 of 5 patterns" in p.stdout
          and b"en:1" in p.stdout, p.stdout.decode())
    check("stats names the entries tried at a common word", b"en.t.common" in p.stdout and b"en.t.later" not in p.stdout
          and b"ar.t.vocalised" in p.stdout,
          p.stdout.decode())
    check("stats names the largest expansions", b"1331  en.t.large" in p.stdout and b"en.t.medium" not in p.stdout,
          p.stdout.decode())
    check("stats names the entries with redundant terms", "2  en.t.dup  (e.g. 'hâte them' = 'hate them')".encode() in p.stdout
          and b"en.t.large  (" not in p.stdout, p.stdout.decode())

# 9. eval writes every misclassified case even when its reader stops after the first report line
#    ("vigil eval ... -m misses.jsonl | head -1"): the file is complete before the report is printed.
with tempfile.TemporaryDirectory() as d:
    gold, misses = os.path.join(d, "gold.jsonl"), os.path.join(d, "misses.jsonl")
    with open(gold, "w", encoding="utf-8") as f:
        for i in range(300):
            # (A phenomenon per case makes the report longer than a pipe buffer.)
            f.write(json.dumps({"id": f"c{i}", "lang": "en", "text": f"I love my cat number {i}, she sleeps all day.",
                                "label": "hateful", "phenomenon": f"cat_{i}"}) + "\n")
    p = subprocess.Popen([VIGIL, "eval", "--lexicons", LEX, "--gold", gold, "-m", misses], stdout=subprocess.PIPE,
                         stderr=subprocess.DEVNULL)
    p.stdout.readline()
    p.stdout.close()
    p.wait(timeout=300)
    with open(misses, encoding="utf-8") as f:
        n = sum(1 for _ in f)
    check("eval -m is complete when the report's reader stops early", n == 300, f"{n} of 300 lines")
    # Severity agreement counts the cases with a gold severity other than none predicted at exactly it.
    with open(gold, "w", encoding="utf-8") as f:
        for i, (text, sev) in enumerate([("Immigrants are vermin", "moderately_dangerous"),
                                         ("Immigrants are vermin", "extremely_dangerous"),
                                         ("I love my cat", "none")]):
            f.write(json.dumps({"id": f"s{i}", "lang": "en", "text": text, "label": "hateful" if sev != "none" else
                                "non-hateful", "severity": sev}) + "\n")
    p = subprocess.run([VIGIL, "eval", "--lexicons", LEX, "--gold", gold], capture_output=True, text=True)
    check("eval reports severity agreement", "severity agreement: 1 of 2 cases" in p.stdout, p.stdout)
    p = subprocess.run([VIGIL, "eval", "--json", "--lexicons", LEX, "--gold", gold], capture_output=True, text=True)
    check("eval --json reports severity agreement",
          json.loads(p.stdout).get("severity_agreement") == {"n": 2, "exact": 1}, p.stdout)
    # A case id given twice is named with both places; a gated run fails on it, a plain report does not.
    with open(gold, "a", encoding="utf-8") as f:
        f.write(json.dumps({"id": "s1", "lang": "en", "text": "I love my dog", "label": "non-hateful"}) + "\n")
    p = subprocess.run([VIGIL, "eval", "--lexicons", LEX, "--gold", gold], capture_output=True, text=True)
    check("eval names a duplicate case id", p.returncode == 0 and "duplicate ids 1" in p.stdout and
          "gold.jsonl:4: duplicate id 's1' (first at " in p.stderr and "gold.jsonl:2)" in p.stderr, p.stdout + p.stderr)
    p = subprocess.run([VIGIL, "eval", "--lexicons", LEX, "--gold", gold, "--min-accuracy", "0.1"], capture_output=True,
                       text=True)
    check("a gated eval fails on a duplicate case id", p.returncode == 1 and "1 duplicate case ids" in p.stderr, p.stderr)
    p = subprocess.run([VIGIL, "eval", "--json", "--lexicons", LEX, "--gold", gold], capture_output=True, text=True)
    check("eval --json counts duplicate ids", json.loads(p.stdout).get("duplicate_ids") == 1, p.stdout)

# 10. Messages without `lang`: their language is guessed, so a word of one language does not fire in
# another (news in English, Portuguese and Russian that the Bosnian, Italian and Ukrainian lexicons
# would flag); --no-guess-language matches them against every lexicon, as before.
nolang = [
    {"id": "n-en", "text": "Museum returns looted bronze statues to Nigeria."},
    {"id": "n-pt", "text": "O Dia da Consciência Negra é feriado em várias cidades."},
    {"id": "n-ru", "text": "Саранча уничтожила посевы в Казахстане."},
    {"id": "n-hate", "text": "Immigrants are vermin and must be exterminated"},
]
rc, out, err = scan_messages(nolang)
guessed = {a["message_id"]: a for a in map(json.loads, out.splitlines())}
rc2, out2, err2 = scan_messages(nolang, ["--no-guess-language"])
unguessed = {a["message_id"]: a for a in map(json.loads, out2.splitlines())}
check("messages without lang scan, with and without guessing", rc == 0 and rc2 == 0 and len(guessed) == 4
      and len(unguessed) == 4, err[-300:] + err2[-300:])
for mid, lang in [("n-en", "en"), ("n-pt", "pt"), ("n-ru", "ru")]:
    check(f"{mid}: guessed as {lang}, not flagged", guessed.get(mid, {}).get("detected_lang") == lang
          and guessed[mid].get("detected_lang_source") == "guessed" and guessed[mid]["severity"] == "none",
          json.dumps(guessed.get(mid))[:400])
    check(f"{mid}: flagged by another language's lexicon without the guess",
          unguessed.get(mid, {}).get("severity") != "none" and "detected_lang" not in unguessed[mid],
          json.dumps(unguessed.get(mid))[:400])
check("a hateful message without lang is still flagged when its language is guessed",
      guessed.get("n-hate", {}).get("severity") in ("moderately_dangerous", "extremely_dangerous"),
      json.dumps(guessed.get("n-hate"))[:400])

# 11. Every verdict conforms to docs/schemas/alert.schema.json (which downstream consumers validate
# against): the sample feed (its context factors) and messages chosen so that every discount reason
# the schema names occurs, and a word read with corrected spelling. A reason the scorer emits but the
# schema does not list fails here ("reclaimed" did until session 51).
try:
    import jsonschema
except ImportError:
    jsonschema = None
check("python3-jsonschema is installed (scripts/install-deps.sh)", jsonschema is not None)
if jsonschema is not None:
    with open(os.path.join(SRC, "docs", "schemas", "alert.schema.json"), encoding="utf-8") as f:
        alert_schema = json.load(f)
    validator = jsonschema.Draft202012Validator(alert_schema)
    by_reason = [
        {"id": "r-no-target", "lang": "ar", "text": "كبار المصرفيين طفيليات تعيش على ضرائبنا."},
        {"id": "r-harmless", "lang": "en", "text": "The rat race in the city wears everyone out."},
        {"id": "r-reported", "lang": "ar", "text": "قالت النيابة إن المتهم نشر أن «كل الروهينغا يجب أن يُقتلوا»."},
        {"id": "r-counter", "lang": "ru", "text": "Это ложь, что мигранты привозят болезни."},
        {"id": "r-negated", "lang": "en", "text": "Immigrants are not disgusting."},
        {"id": "r-watchlist", "lang": "en", "text": "Our new neighbours are Jewish. We invited them for dinner on Sunday."},
        {"id": "r-quoted", "lang": "zh", "text": "这帮“和平宗教”的信徒又炸了一座教堂。"},
        {"id": "r-reclaimed", "lang": "sr", "text": "Na ulici su mi vikali peder i pljuvali me, i dalje se tresem."},
        {"id": "r-spelling", "lang": "sr", "text": "Sve migrante trebadeportovati odmah."},
    ]
    rc, out, err = scan_messages(by_reason)
    verdicts = [json.loads(l) for l in out.splitlines() if l.strip()] + feed_alerts  # feed_alerts: section 1
    check("schema check inputs scan", rc == 0 and len(verdicts) == len(by_reason) + len(texts), err[-300:])
    invalid = [(v["message_id"], e.message[:200]) for v in verdicts for e in validator.iter_errors(v)]
    check("every verdict conforms to alert.schema.json", not invalid, str(invalid[:5]))
    listed = set(alert_schema["properties"]["discounted"]["items"]["properties"]["reason"]["enum"])
    seen = {d["reason"] for v in verdicts for d in v.get("discounted", [])}
    check("the schema-check messages exercise every discount reason the schema lists", listed <= seen,
          f"not seen: {sorted(listed - seen)}")
    check("the schema-check messages exercise a spelling correction and context factors",
          any(v.get("corrections") for v in verdicts) and any(v.get("context") for v in verdicts))

passed, failed = results.count(True), results.count(False)
print(f"{passed} passed, {failed} failed")
sys.exit(1 if failed else 0)
