#!/usr/bin/python3
"""Fault: a local rule with a catastrophically backtracking regex, against a
message crafted to trigger it, through the real Postfix harness. The PCRE2
match budget (limits.regex_match_limit) stops the match: the message is
delivered, its verdict notes the rule as aborted, the other rules still run,
and the time ohm spent on it stays bounded."""
import os
import time

import harness
from harness import Harness, make_message, send_one

harness.require_postfix()

# (a+)+b against "aaaa...a!b": each way of splitting the a's is tried before
# the '!' fails it, 2^40 paths without a budget. The message ends with a real
# "ab", as an attacker's would: the rules' prefilter cannot rule the rule out
# (without it, it would skip the regex, since nothing else could match), so
# PCRE2 runs it and meets the trap lines first.
LOCAL_RULES = r"""
body     OHM_TEST_BACKTRACK  /(?:a+)+b/
score    OHM_TEST_BACKTRACK  5
describe OHM_TEST_BACKTRACK  Test rule: catastrophic backtracking

body     OHM_TEST_PLAIN      /\bplain-marker\b/
score    OHM_TEST_PLAIN      1
describe OHM_TEST_PLAIN      Test rule: an ordinary rule next to it
"""
LATENCY_BOUND_MS = 3000  # under ASan; the plain build takes a few ms


def test_pathological_regex_is_stopped_by_the_budget():
    with Harness() as h:
        rules = os.path.join(h.dir, "local-rules")
        os.makedirs(rules)
        os.chmod(rules, 0o755)
        with open(os.path.join(rules, "50_backtrack.cf"), "w") as f:
            f.write(LOCAL_RULES)
        h.write_config('[rules]\nlocal_dir = "%s"\n' % rules)
        h.start_milter()
        h.start_postfix(main_extra=["local_header_rewrite_clients ="])

        crafted, mid = make_message(body="plain-marker\n" + ("a" * 40 + "!b\n") * 20 + "ab\n")
        started = time.time()
        assert send_one(h.smtp_port, crafted) is None
        smtp_seconds = time.time() - started
        got = h.delivered_with(mid)
        rec = h.wait_log_record(mid)
        assert "rule OHM_TEST_BACKTRACK aborted: regex match limit" in rec["notes"], rec
        names = {r["name"] for r in rec["rules"]}
        assert "OHM_TEST_BACKTRACK" not in names and "OHM_TEST_PLAIN" in names, rec
        assert rec["action"] in ("accept", "tag"), rec
        assert b"X-Ohm-Verdict:" in got
        assert rec["elapsed_ms"] < LATENCY_BOUND_MS, rec
        print("FIGURE regex budget: elapsed_ms %.1f in ohm, %.2f s SMTP round trip, verdict %s"
              % (rec["elapsed_ms"], smtp_seconds, rec["action"]))

        # The same message without the trap: the rule is judged (no abort note).
        benign, mid2 = make_message(body="plain-marker\n" + "a" * 40 + "b\n")
        assert send_one(h.smtp_port, benign) is None
        rec2 = h.wait_log_record(mid2)
        assert not any("aborted" in n for n in rec2["notes"]), rec2
        assert "OHM_TEST_BACKTRACK" in {r["name"] for r in rec2["rules"]}, rec2


if __name__ == "__main__":
    harness.run([("pathological regex stopped by the match budget", test_pathological_regex_is_stopped_by_the_budget)])
