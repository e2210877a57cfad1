#!/usr/bin/python3
"""Every message of ../shared/corpus (real mail written by others: ham, spam,
newsletters, bounces, DKIM samples and 196 malformed messages) goes through
`ohm check` without a crash: the exit code is an action (0-4) and the JSON
verdict parses. Run in the sanitizer build too, where any memory error or
undefined behaviour aborts the check. Skips when the corpus is absent."""
import glob
import json
import os
import subprocess
from concurrent.futures import ThreadPoolExecutor

import harness
from harness import CLI, SOURCE

CORPUS = os.environ.get("OHM_CORPUS", os.path.join(SOURCE, "..", "shared", "corpus"))


def check(path):
    r = subprocess.run([CLI, "check", "--json", path], capture_output=True, timeout=120)
    return path, r


def test_corpus():
    files = sorted(glob.glob(os.path.join(CORPUS, "*", "*.eml")))
    if not files:
        harness.skip("no corpus at " + CORPUS)
    bad = []
    actions = {}
    with ThreadPoolExecutor(max_workers=os.cpu_count() or 2) as pool:
        for path, r in pool.map(check, files):
            if r.returncode not in (0, 1, 2, 3, 4):
                bad.append("%s: exit %d %s" % (path, r.returncode, r.stderr.decode("utf-8", "replace")[-500:]))
                continue
            v = json.loads(r.stdout)
            assert v["action"] in ("accept", "tag", "hold", "reject", "tempfail"), (path, v)
            cat = os.path.basename(os.path.dirname(path))
            actions.setdefault(cat, {}).setdefault(v["action"], 0)
            actions[cat][v["action"]] += 1
    for cat in sorted(actions):
        print("%-12s %s" % (cat, actions[cat]))
    assert not bad, "\n".join(bad[:10])
    assert sum(sum(a.values()) for a in actions.values()) == len(files)


if __name__ == "__main__":
    harness.run([("corpus scored without a crash", test_corpus)])
