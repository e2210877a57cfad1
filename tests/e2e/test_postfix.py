#!/usr/bin/python3
"""End to end through a real Postfix: ohm-milter as smtpd_milters and
non_smtpd_milters of a throwaway Postfix on loopback that relays to smtp-sink.
Each case asserts what reaches the sink, the hold queue, the SMTP client and
the milter's own log."""
import os
import shutil
import signal
import smtplib
import time

import harness
from harness import Harness, expected_verdict_header, make_message

harness.require_postfix()

# Test-only rules, loaded as the local rule directory next to the defaults:
# they make the hold and reject paths reachable with one word in the body.
LOCAL_RULES = r"""
body     OHM_TEST_HOLD    /\bhold-this-message\b/
score    OHM_TEST_HOLD    9
describe OHM_TEST_HOLD    Test rule: the body asks to be held

body     OHM_TEST_REJECT  /\breject-this-message\b/
score    OHM_TEST_REJECT  20
describe OHM_TEST_REJECT  Test rule: the body asks to be rejected
"""


def header_block(delivered):
    """The message's header section as text (smtp-sink's X-Client lines included)."""
    return delivered.split(b"\r\n\r\n", 1)[0].decode("utf-8", "replace")


def unfold(text):
    return text.replace("\r\n\t", " ").replace("\r\n ", " ").replace("\n\t", " ")


def with_local_rules(h, extra=""):
    rules = os.path.join(h.dir, "local-rules")
    os.makedirs(rules, exist_ok=True)
    os.chmod(rules, 0o755)
    with open(os.path.join(rules, "50_test.cf"), "w") as f:
        f.write(LOCAL_RULES)
    h.write_config('[rules]\nlocal_dir = "%s"\n' % rules + extra)
    return rules


def test_clean_tag_hold_reject_and_forged_headers():
    with Harness() as h:
        with_local_rules(h)
        h.start_milter()
        h.start_postfix(main_extra=["local_header_rewrite_clients ="])

        # A clean message arrives with the verdict headers and is logged by Message-ID.
        msg, clean_id = make_message()
        h.send(msg)
        got = header_block(h.delivered_with(clean_id))
        assert "X-Ohm-Score: 0 (tag at 3, hold at 8, reject at 15)" in got, got
        assert "X-Ohm-Verdict: accept" in got, got
        rec = h.wait_log_record(clean_id)
        assert rec["action"] == "accept" and rec["score"] == 0, rec
        assert rec["client_addr"] == "127.0.0.1" and rec["mail_from"] == "bob@example.com", rec
        assert rec["rcpt_count"] == 1 and rec["size"] > len(msg) // 2 and rec["queue_id"], rec
        assert rec["in_scope"] is True, rec

        # Missing Date, Subject and Message-ID: tagged, each rule named with its
        # score, exactly as `ohm check` scores the same bytes.
        msg, tag_id = make_message(omit=("Date", "Subject"), headers=[("X-Tracking", "tag-case")])
        msg = msg.replace(b"Message-ID: " + tag_id.encode() + b"\r\n", b"")
        want = expected_verdict_header(msg)
        assert want.startswith("tag; ") and "MISSING_DATE=" in want and "MISSING_SUBJECT=" in want, want
        h.send(msg)
        got = [unfold(header_block(h.delivered_with("tag-case")))]
        assert got and "X-Ohm-Verdict: " + want in got[0], (want, got)

        # Over the hold threshold: the message sits in Postfix's hold queue with our headers.
        msg, hold_id = make_message(body="Please hold-this-message for review.\n")
        h.send(msg)
        rec = h.wait_log_record(hold_id)
        assert rec["action"] == "hold", rec
        assert "OHM_TEST_HOLD" in rec["reason"], rec
        deadline = time.time() + 15
        held = []
        while time.time() < deadline and not held:
            held = [q for q in h.queue() if q["queue_name"] == "hold"]
            time.sleep(0.2)
        assert len(held) == 1, h.queue()
        content = h.postcat(held[0]["queue_id"]).decode("utf-8", "replace")
        assert hold_id in content and "OHM_TEST_HOLD=9" in content, content
        assert "milter triggers HOLD action" in h.maillog()
        assert not any(hold_id.encode() in m for m in h.delivered())

        # Over the reject threshold: 550 5.7.1 at the SMTP client, with the rule named.
        msg, reject_id = make_message(body="Please reject-this-message now.\n")
        try:
            h.send(msg)
            raise AssertionError("reject-worthy message was accepted")
        except smtplib.SMTPDataError as e:
            assert e.smtp_code == 550, e
            text = e.smtp_error.decode()
            assert text.startswith("5.7.1") and "OHM_TEST_REJECT" in text, text
        assert h.wait_log_record(reject_id)["action"] == "reject"

        # A verdict header forged by the client is removed; only ohm's own stays.
        msg, forged_id = make_message(headers=[("X-Ohm-Verdict", "accept; forged"), ("X-Ohm-Score", "-100")])
        h.send(msg)
        got = header_block(h.delivered_with(forged_id))
        assert "forged" not in got and "-100" not in got, got
        assert got.count("X-Ohm-Verdict:") == 1, got

        # Local submission through sendmail(1) runs through non_smtpd_milters.
        msg, local_id = make_message(subject="Local submission")
        h.sendmail(msg)
        got = header_block(h.delivered_with(local_id))
        assert "X-Ohm-Verdict: accept" in got, got
        assert h.wait_log_record(local_id)["in_scope"] is True


def test_out_of_scope_passes_untouched():
    with Harness() as h:
        h.write_config('[scope]\nauthenticated = true\nlocal_submission = false\ninternal_networks = []\n')
        h.start_milter()
        h.start_postfix()
        msg, mid = make_message(omit=("Date",))
        h.send(msg)
        got = header_block(h.delivered_with(mid))
        assert "X-Ohm-" not in got, got
        rec = h.wait_log_record(mid)
        assert rec["in_scope"] is False and rec["action"] == "accept", rec
        assert rec["rules"] == [] and "not authenticated" in rec["scope"], rec
        # With local_submission off, sendmail(1) mail is out of scope too.
        msg, local_id = make_message(omit=("Date",))
        h.sendmail(msg)
        assert "X-Ohm-" not in header_block(h.delivered_with(local_id))
        assert h.wait_log_record(local_id)["in_scope"] is False


def test_local_submission_in_scope_without_internal_networks():
    with Harness() as h:
        h.write_config('[scope]\nlocal_submission = true\ninternal_networks = []\n')
        h.start_milter()
        h.start_postfix()
        # sendmail(1) adds a missing Date, but not a missing Subject.
        msg, mid = make_message(omit=("Subject",))
        h.sendmail(msg)
        got = header_block(h.delivered_with(mid))
        want = expected_verdict_header(msg)
        assert "MISSING_SUBJECT=" in want and "X-Ohm-Verdict: " + want in unfold(got), (want, got)
        rec = h.wait_log_record(mid)
        assert rec["in_scope"] is True and rec["scope"] == "local submission", rec
        # The same message over SMTP from loopback is not local submission.
        msg, smtp_id = make_message(omit=("Date",))
        h.send(msg)
        assert h.wait_log_record(smtp_id)["in_scope"] is False


def test_milter_down_tempfails_and_nothing_is_lost():
    with Harness() as h:
        h.start_milter()
        h.start_postfix(default_action="tempfail")
        h.stop_milter(signal.SIGKILL)
        msg, mid = make_message()
        refused = None
        try:
            h.send(msg)
        except (smtplib.SMTPDataError, smtplib.SMTPRecipientsRefused, smtplib.SMTPSenderRefused) as e:
            refused = e
        assert refused is not None, "Postfix accepted mail with its milter down and default action tempfail"
        assert "451" in str(refused) or "4.7.1" in str(refused), refused
        # The client still holds the message (4xx); once ohm is back it goes through.
        h.start_milter()
        h.send(msg)
        got = header_block(h.delivered_with(mid))
        assert "X-Ohm-Verdict: accept" in got, got


def test_milter_down_accept_policy_delivers_unchecked():
    with Harness() as h:
        h.start_milter()
        h.start_postfix(default_action="accept")
        h.stop_milter()
        msg, mid = make_message()
        h.send(msg)
        got = header_block(h.delivered_with(mid))
        assert "X-Ohm-" not in got, got


def test_bad_input_is_scored_and_passed_on():
    with Harness() as h:
        h.write_config("[limits]\nmax_body_bytes = 20000\n")
        h.start_milter()
        h.start_postfix(main_extra=["local_header_rewrite_clients =", "header_size_limit = 102400"])
        cases = []
        # 8-bit garbage in headers and body.
        m, mid = make_message(subject="caf\xe9", body="\xff\xfe\x00 garbage \x80\x81\n")
        cases.append(("8bit", m.replace("caf\xc3\xa9".encode(), b"caf\xe9"), mid))
        # A 2000-character header line.
        m, mid = make_message(headers=[("X-Long", "x" * 2000)])
        cases.append(("long header", m, mid))
        # A multipart whose closing boundary never comes.
        body = ("--b1\nContent-Type: text/plain\n\nfirst part\n--b1\nContent-Type: text/html\n\n<p>second"
                " part, no closing boundary\n")
        m, mid = make_message(body=body)
        m = m.replace(b"Content-Type: text/plain; charset=utf-8", b'Content-Type: multipart/alternative; boundary="b1"')
        cases.append(("broken boundary", m, mid))
        # A body over the scan limit: passed on, scanned in its first bytes, and said so.
        m, mid = make_message(body=("All work and no play. " * 40 + "\n") * 60)
        cases.append(("over size", m, mid))
        for name, m, mid in cases:
            h.send(m)
        for name, m, mid in cases:
            h.delivered_with(mid)
            rec = h.wait_log_record(mid)
            assert rec["in_scope"] is True, (name, rec)
            if name == "over size":
                assert any("body over scan limit" in n and "bytes scanned" in n for n in rec["notes"]), rec
        # A message with no header section at all misses From, Subject, Date and
        # Message-ID (10.5 points): it is held, not lost, and logged without a Message-ID.
        before = len(h.log_records())
        h.send(b"just a line of text and nothing else\r\n")
        deadline = time.time() + 10
        while len(h.log_records()) == before and time.time() < deadline:
            time.sleep(0.1)
        rec = h.log_records()[-1]
        assert rec["message_id"] == "" and rec["action"] == "hold", rec
        assert {"MISSING_FROM", "MISSING_DATE"} <= {r["name"] for r in rec["rules"]}, rec
        deadline = time.time() + 10
        while time.time() < deadline and not [q for q in h.queue() if q["queue_name"] == "hold"]:
            time.sleep(0.2)
        assert [q for q in h.queue() if q["queue_name"] == "hold"], h.queue()
        assert h.milter_proc.poll() is None, "ohm-milter died"


def test_reload_keeps_running_config_on_bad_rules():
    with Harness() as h:
        rules = with_local_rules(h)
        h.start_milter()
        h.start_postfix(main_extra=["local_header_rewrite_clients ="])
        with open(os.path.join(rules, "60_broken.cf"), "w") as f:
            f.write("body BROKEN_RULE /unclosed(/\nscore BROKEN_RULE 1\n")
        h.milter_proc.send_signal(signal.SIGHUP)
        deadline = time.time() + 10
        ops = ""
        while time.time() < deadline and "60_broken.cf:1" not in ops:
            time.sleep(0.1)
            ops = open(h.ops_log, errors="replace").read()
        assert "60_broken.cf:1" in ops, ops
        assert h.milter_proc.poll() is None, "ohm-milter stopped on a bad reload"
        # The old rules still apply.
        msg, mid = make_message(body="Please hold-this-message.\n")
        h.send(msg)
        assert h.wait_log_record(mid)["action"] == "hold"
        # A good reload takes effect.
        os.remove(os.path.join(rules, "60_broken.cf"))
        with open(os.path.join(rules, "50_test.cf"), "a") as f:
            f.write("score OHM_TEST_HOLD 0\n")
        h.milter_proc.send_signal(signal.SIGHUP)
        # Rules load in the background (Hyperscan's compile takes a while): wait for the switch.
        deadline = time.time() + 60
        while time.time() < deadline and "reload: configuration" not in open(h.ops_log, errors="replace").read():
            time.sleep(0.1)
        assert "reload: configuration" in open(h.ops_log, errors="replace").read()
        msg, mid = make_message(body="Please hold-this-message.\n")
        h.send(msg)
        assert h.wait_log_record(mid)["action"] == "accept"


def test_sighup_follows_log_rotation():
    with Harness() as h:
        # The log directory belongs to the milter's user, as /var/log/ohm would.
        logs = os.path.join(h.dir, "logs")
        os.mkdir(logs)
        shutil.chown(logs, "ohm", "ohm")
        h.message_log = os.path.join(logs, "messages.log")
        h.write_config()
        h.start_milter()
        h.start_postfix()
        msg, first = make_message()
        h.send(msg)
        h.wait_log_record(first)
        os.rename(h.message_log, h.message_log + ".1")
        h.milter_proc.send_signal(signal.SIGHUP)
        deadline = time.time() + 10
        while not os.path.exists(h.message_log) and time.time() < deadline:
            time.sleep(0.1)
        msg, second = make_message()
        h.send(msg)
        rec = h.wait_log_record(second)
        assert rec["action"] == "accept", rec
        assert first not in open(h.message_log).read()
        assert first in open(h.message_log + ".1").read()


if __name__ == "__main__":
    harness.run([
        ("clean, tag, hold, reject, forged headers, local submission", test_clean_tag_hold_reject_and_forged_headers),
        ("out of scope passes untouched", test_out_of_scope_passes_untouched),
        ("local submission in scope", test_local_submission_in_scope_without_internal_networks),
        ("milter down: tempfail, nothing lost", test_milter_down_tempfails_and_nothing_is_lost),
        ("milter down: accept policy", test_milter_down_accept_policy_delivers_unchecked),
        ("bad input scored and passed on", test_bad_input_is_scored_and_passed_on),
        ("bad reload keeps running config", test_reload_keeps_running_config_on_bad_rules),
        ("SIGHUP follows log rotation", test_sighup_follows_log_rotation),
    ])
