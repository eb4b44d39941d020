#!/usr/bin/env python3
"""Two words a reader remembers: for every link document whose description has enough words,
pick two of the editor's words (seeded, not stop words, not words of the URL) and query them;
count the links found in the top 10. A measure of descriptions and ranking together, on any
folder of issues.

    bench/remembered_words.py BINARY FOLDER... [--seed N] [--tries K]

Prints the share found, per newsletter and overall. Builds its own index in a temp folder."""
import json
import random
import re
import subprocess
import sys
import tempfile
from collections import defaultdict

STOP = set("""a an and are as at be but by for from has have how in into is it its of on or
our that the their this to was we what when where which who why will with you your not
can more new one all out about than also just one two using use used via this these those
""".split())


def words(text):
    return [w for w in re.findall(r"[A-Za-z][A-Za-z0-9'-]{2,}", text) if w.lower() not in STOP]


def main():
    args = sys.argv[1:]
    seed, tries = 1, 1
    if "--seed" in args:
        at = args.index("--seed")
        seed = int(args[at + 1])
        del args[at:at + 2]
    if "--tries" in args:
        at = args.index("--tries")
        tries = int(args[at + 1])
        del args[at:at + 2]
    binary, folders = args[0], args[1:]
    rng = random.Random(seed)
    with tempfile.TemporaryDirectory() as tmp:
        index = f"{tmp}/index"
        subprocess.run([binary, "--index", index, "ingest", *folders], check=True,
                       stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
        out = subprocess.run([binary, "--index", index, "export"], check=True,
                             capture_output=True, text=True).stdout
        docs = [json.loads(line) for line in out.splitlines() if line.strip()]
        found, asked = defaultdict(int), defaultdict(int)
        for doc in docs:
            url_words = set(w.lower() for w in re.findall(r"[A-Za-z0-9]+", doc["url"]))
            pool = [w for w in words(doc.get("description") or "") if w.lower() not in url_words]
            pool = list(dict.fromkeys(w.lower() for w in pool))
            if len(pool) < 4:
                continue
            for _ in range(tries):
                pair = rng.sample(pool, 2)
                result = subprocess.run(
                    [binary, "--index", index, "query", *pair, "--limit", "10", "--format", "jsonl"],
                    capture_output=True, text=True)
                urls = [json.loads(line)["url"] for line in result.stdout.splitlines() if line.strip()]
                name = doc.get("newsletter", "")
                asked[name] += 1
                found[name] += doc["url"] in urls
        total_found, total_asked = sum(found.values()), sum(asked.values())
        for name in sorted(asked):
            print(f"{name:30} {found[name]:5} / {asked[name]:5} = {100 * found[name] / asked[name]:5.1f}%")
        print(f"{'all':30} {total_found:5} / {total_asked:5} = {100 * total_found / max(total_asked, 1):5.1f}%")


if __name__ == "__main__":
    main()
