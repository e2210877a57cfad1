#!/usr/bin/python3
"""Fault: SIGHUP with a broken rule file, then with a broken configuration,
while Postfix feeds ohm a steady load. The running configuration stays in
force (the hold rule keeps holding), no SMTP transaction fails, the milter
keeps its pid, the operational log names the file and line at fault, and
every message sent is delivered or held: nothing is lost."""
import os
import signal
import time

import harness
from harness import Harness, Load, make_message

harness.require_postfix()

LOCAL_RULES = r"""
body     OHM_TEST_HOLD    /\bhold-this-message\b/
score    OHM_TEST_HOLD    9
describe OHM_TEST_HOLD    Test rule: the body asks to be held
"""


def message(n):
    body = "Please hold-this-message.\n" if n % 10 == 0 else "Hello, message %d.\n" % n
    return make_message(subject="reload %d" % n, body=body, msgid="<reload-%d.%d@example.com>" % (n, time.time_ns()))


def wait_ops(h, needle, timeout=30):
    deadline = time.time() + timeout
    while time.time() < deadline:
        text = open(h.ops_log, errors="replace").read()
        if needle in text:
            return text
        time.sleep(0.1)
    raise AssertionError("%r never in the operational log:\n%s" % (needle, open(h.ops_log, errors="replace").read()))


def test_sighup_with_broken_rules_and_config_under_load():
    with Harness() as h:
        rules = os.path.join(h.dir, "local-rules")
        os.makedirs(rules)
        os.chmod(rules, 0o755)
        with open(os.path.join(rules, "50_test.cf"), "w") as f:
            f.write(LOCAL_RULES)
        h.write_config('[rules]\nlocal_dir = "%s"\n' % rules)
        good_config = open(h.config_path).read()
        h.start_milter()
        pid = h.milter_proc.pid
        h.start_postfix(main_extra=["local_header_rewrite_clients ="])
        load = Load(h.smtp_port, message, threads=4)
        load.wait_sent(20)

        # A rule file with a regex that does not compile, on its line 2.
        broken_rules = os.path.join(rules, "60_broken.cf")
        with open(broken_rules, "w") as f:
            f.write("# broken on purpose\nbody BROKEN_RULE /unclosed(/\nscore BROKEN_RULE 1\n")
        h.milter_proc.send_signal(signal.SIGHUP)
        wait_ops(h, "60_broken.cf:2")
        wait_ops(h, "reload failed: keeping the running configuration")
        load.wait_sent(load.sent() + 20)
        os.remove(broken_rules)

        # A configuration whose [limits] table has a value of the wrong type, on its last line.
        with open(h.config_path, "w") as f:
            f.write(good_config + "[limits]\nmax_body_bytes = \"a lot\"\n")
        bad_line = (good_config + "[limits]\n").count("\n") + 1
        h.milter_proc.send_signal(signal.SIGHUP)
        wait_ops(h, "ohm.toml:%d" % bad_line)
        load.wait_sent(load.sent() + 20)
        with open(h.config_path, "w") as f:
            f.write(good_config)

        results = load.stop()
        assert h.milter_proc.poll() is None and h.milter_proc.pid == pid, "ohm-milter restarted or died"
        refused = {m: r for m, r in results.items() if r is not None}
        assert not refused, "transactions failed during the reloads: %s" % refused
        h.wait_queue_empty()
        deadline = time.time() + 60
        while time.time() < deadline:
            count = h.account(results, refused)
            if count["delivered"] + count["queues"].get("hold", 0) == len(results):
                break
            time.sleep(0.5)
        print("FIGURE reload under load: %s" % {k: v for k, v in count.items() if k != "lost"})
        assert not count["lost"], count
        # The running rules stayed in force all along: every hold-word message was held.
        holds = sum(1 for m in results if "hold-this-message".encode() in load.messages[m])
        assert count["queues"].get("hold", 0) == holds, (count, holds)
        assert count["delivered"] == len(results) - holds, count
        ops = open(h.ops_log, errors="replace").read()
        assert ops.count("reload failed: keeping the running configuration") == 2, ops

        # A good reload is in force at once; the rules' Hyperscan prefilter is
        # built after it in the background. A build still running when the
        # reload comes (the one after start, under a slow sanitizer build) is
        # dropped, never swapped over the newer rules.
        h.milter_proc.send_signal(signal.SIGHUP)
        wait_ops(h, "reload: configuration")
        deadline = time.time() + 120
        def prefilter_after_reload():
            ops = open(h.ops_log, errors="replace").read()
            return ops.find("rules prefilter in force", ops.index("reload: configuration")) >= 0
        while time.time() < deadline and not prefilter_after_reload():
            time.sleep(0.2)
        ops = open(h.ops_log, errors="replace").read()
        assert prefilter_after_reload(), ops
        assert ops.count("rules prefilter in force") + ops.count("no longer in force; dropped") == 2, ops


if __name__ == "__main__":
    harness.run([("SIGHUP with broken rules and config under load", test_sighup_with_broken_rules_and_config_under_load)])
