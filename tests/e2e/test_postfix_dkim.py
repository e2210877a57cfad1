#!/usr/bin/python3
"""DKIM signing end to end through a real Postfix: ohm-milter signs what
Postfix accepts, the sink receives it, and every signature verifies with
python3-dkim and Perl Mail::DKIM (stub DNS answering the records `ohm keygen`
printed). RSA, Ed25519 and dual; relaxed and simple canonicalization (the
latter proves the header bytes survive the milter protocol); LF line ends
through sendmail(1); an 8-bit body; a 20 MB body (beyond limits.max_body_bytes,
still signed whole); List-Unsubscribe-Post; rejected mail and unkeyed From
domains left unsigned and said so in the log; a body changed after delivery
fails verification."""
import os
import re
import shutil
import signal
import smtplib
import subprocess
import sys
import time

import harness
from harness import Harness, make_message

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import dkim_verifiers as dv  # noqa: E402

harness.require_postfix()
try:
    import dkim  # noqa: F401
except ImportError:
    harness.skip("python3-dkim is not installed")

REJECT_RULE = r"""
body     OHM_TEST_REJECT  /\breject-this-message\b/
score    OHM_TEST_REJECT  20
describe OHM_TEST_REJECT  Test rule: the body asks to be rejected
"""
UNSUB = [("List-Unsubscribe", "<https://example.com/unsub/7>"),
         ("List-Unsubscribe-Post", "List-Unsubscribe=One-Click")]


def setup_keys(h):
    """Generates an RSA and an Ed25519 key owned by the milter's user; returns the DNS records."""
    out = ""
    for selector, algorithm in (("r1", "rsa"), ("e1", "ed25519")):
        r = subprocess.run([harness.CLI, "keygen", "--domain", "example.com", "--selector", selector,
                            "--algorithm", algorithm, "--out", h.dir], capture_output=True, text=True, check=True)
        out += r.stdout
        shutil.chown(os.path.join(h.dir, "example.com.%s.key" % selector), "ohm", "ohm")
    return dv.parse_keygen_output(out)


def dkim_config(h, canonicalization, keys):
    rules = os.path.join(h.dir, "local-rules")
    os.makedirs(rules, exist_ok=True)
    os.chmod(rules, 0o755)
    with open(os.path.join(rules, "50_test.cf"), "w") as f:
        f.write(REJECT_RULE)
    lines = ['[rules]', 'local_dir = "%s"' % rules,
             '[dkim]', 'enabled = true', 'canonicalization = "%s"' % canonicalization]
    for name, selector in (("rsa", "r1"), ("ed", "e1")):
        lines += ['[[dkim.keys]]', 'name = "%s"' % name, 'domain = "example.com"', 'selector = "%s"' % selector,
                  'key_file = "%s/example.com.%s.key"' % (h.dir, selector)]
    lines += ['[[dkim.signing]]', 'match = "example.com"', 'keys = [%s]' % ", ".join('"%s"' % k for k in keys)]
    h.write_config("\n".join(lines) + "\n")


def without_sink_lines(delivered):
    """The message as relayed (CRLF), without what smtp-sink writes above it:
    its X-Client/Helo/Mail/Rcpt lines and its own Received field."""
    lines = harness.crlf(delivered).split(b"\r\n")
    i = 0
    while i < len(lines) and re.match(rb"X-(Client|Helo|Mail|Rcpt)[-A-Za-z]*: ", lines[i]):
        i += 1
    if i < len(lines) and lines[i].startswith(b"Received: "):
        j = i + 1
        while j < len(lines) and lines[j][:1] in (b" ", b"\t"):
            j += 1
        if b"by smtp-sink" in b" ".join(lines[i:j]):
            i = j
    return b"\r\n".join(lines[i:])


def verify_both(message, records, count, what):
    py = dv.verify_python(message, records)
    assert py == ["pass"] * count, "%s: python3-dkim %s" % (what, py)
    if dv.perl_available():
        pl = dv.verify_perl(message, records)
        # Debian 12's Mail::DKIM predates Ed25519 support; it must pass the RSA ones.
        checked = [r for r in pl if "unsupported algorithm ed25519-sha256" not in r]
        assert len(pl) == count and checked == ["pass"] * len(checked), "%s: Mail::DKIM %s" % (what, pl)


def delivered_whole(h, msgid, size):
    """The delivered message once smtp-sink has written all of it (>= `size` bytes, size stable)."""
    deadline = time.time() + 60
    last = None
    while time.time() < deadline:
        got = h.delivered_with(msgid, timeout=60)
        if len(got) >= size and last is not None and len(got) == len(last):
            return got
        last = got
        time.sleep(0.5)
    raise AssertionError("%s: sink file incomplete (%d bytes)" % (msgid, len(last or b"")))


def run_case(canonicalization, keys):
    with Harness() as h:
        records = setup_keys(h)
        dkim_config(h, canonicalization, keys)
        h.start_milter()
        h.start_postfix(main_extra=["local_header_rewrite_clients =", "message_size_limit = 40000000"])
        want = "signed " + ", ".join({"rsa": "example.com r1 rsa-sha256", "ed": "example.com e1 ed25519-sha256"}[k]
                                     for k in keys)
        cases = [
            ("List-Unsubscribe-Post, folded Subject, 8-bit body",
             make_message(subject="Quarterly  report,\r\n\t folded", body="Grüße aus Köln,\n\tcafé  au lait \n\n",
                          headers=UNSUB), "smtp"),
            ("LF line ends through sendmail(1)", make_message(subject="Local  submission\t here"), "sendmail"),
            ("20 MB body", make_message(body=("y" * 70 + "\n") * (20 * 1024 * 1024 // 71)), "smtp"),
        ]
        for what, (msg, msgid), path in cases:
            what = "%s %s: %s" % (canonicalization, "+".join(keys), what)
            if path == "smtp":
                h.send(msg)
            else:
                h.sendmail(msg)
            got = without_sink_lines(delivered_whole(h, msgid, len(msg.replace(b"\r\n", b"\n"))))
            first = got.split(b"\r\n", 1)[0]
            assert first.startswith(b"DKIM-Signature: v=1; a="), "%s: first header is %r" % (what, first[:60])
            assert dv.signature_count(got) == len(keys), what
            verify_both(got, records, len(keys), what)
            rec = h.wait_log_record(msgid)
            assert rec.get("dkim") == want, "%s: log %s" % (what, rec.get("dkim"))
            if "List-Unsubscribe" in what:
                head = re.sub(rb"\r\n[ \t]+", b" ", got.split(b"\r\n\r\n", 1)[0])
                for hl in re.findall(rb"[; ]h=([^;]*);", head):
                    names = [n.strip().lower() for n in hl.split(b":")]
                    assert b"list-unsubscribe-post" in names and b"list-unsubscribe" in names, hl
                    assert not any(n.startswith(b"x-ohm-") for n in names), hl
                # The verifiers check: the same message with its body changed fails.
                tampered = got.replace("Köln".encode(), b"Koeln")
                assert all(r != "pass" for r in dv.verify_python(tampered, records)), "tampered body verified"

        # A From domain without key: delivered unsigned, the log says why, the rule hits.
        msg, msgid = make_message(sender="carol@example.org")
        h.send(msg, mail_from="carol@example.org")
        got = without_sink_lines(h.delivered_with(msgid))
        assert b"DKIM-Signature" not in got
        rec = h.wait_log_record(msgid)
        assert rec.get("dkim") == "not signed: no key for example.org", rec
        assert any(r["name"] == "DKIM_NO_KEY_FOR_FROM" for r in rec["rules"]), rec

        # Rejected mail is not signed, and the log says so.
        msg, msgid = make_message(body="Please reject-this-message now.\n")
        try:
            h.send(msg)
            raise AssertionError("the reject rule did not reject")
        except smtplib.SMTPDataError as e:
            assert e.smtp_code == 550, e
        rec = h.wait_log_record(msgid)
        assert rec["action"] == "reject" and rec.get("dkim") == "not signed: rejected", rec
        assert "self-check" not in h.stop_milter(), "self-check failure in the milter's output"


def test_dual_relaxed():
    run_case("relaxed/relaxed", ["rsa", "ed"])


def test_rsa_simple():
    run_case("simple/simple", ["rsa"])


def test_ed25519_simple():
    run_case("simple/simple", ["ed"])


def test_keys_reload_on_sighup():
    """SIGHUP loads the new key table; an unsafe key on reload keeps the running one, naming the file."""
    with Harness() as h:
        records = setup_keys(h)
        dkim_config(h, "relaxed/relaxed", ["rsa"])
        h.start_milter()
        h.start_postfix(main_extra=["local_header_rewrite_clients ="])
        msg, msgid = make_message()
        h.send(msg)
        assert h.wait_log_record(msgid).get("dkim") == "signed example.com r1 rsa-sha256"
        ops = open(h.ops_log).read()
        assert "r1._domainkey.example.com IN TXT \"%s\"" % records["r1._domainkey.example.com"] in ops, ops[-2000:]

        dkim_config(h, "relaxed/relaxed", ["ed"])
        h.milter_proc.send_signal(signal.SIGHUP)
        wait_for(lambda: open(h.ops_log).read().count("reload: configuration") >= 1, "reload")
        msg, msgid = make_message()
        h.send(msg)
        assert h.wait_log_record(msgid).get("dkim") == "signed example.com e1 ed25519-sha256"
        verify_both(without_sink_lines(h.delivered_with(msgid)), records, 1, "after reload")

        key = os.path.join(h.dir, "example.com.r1.key")
        os.chmod(key, 0o640)
        dkim_config(h, "relaxed/relaxed", ["rsa"])
        h.milter_proc.send_signal(signal.SIGHUP)
        wait_for(lambda: "reload failed" in open(h.ops_log).read(), "failed reload")
        ops = open(h.ops_log).read()
        assert "chmod 600 " + key in ops, ops[-2000:]
        msg, msgid = make_message()
        h.send(msg)
        assert h.wait_log_record(msgid).get("dkim") == "signed example.com e1 ed25519-sha256", "running keys kept"


def wait_for(predicate, what, timeout=15):
    deadline = time.time() + timeout
    while time.time() < deadline:
        if predicate():
            return
        time.sleep(0.1)
    raise AssertionError("timed out waiting for " + what)


if __name__ == "__main__":
    harness.run([
        ("keys reload on SIGHUP; an unsafe key keeps the running ones", test_keys_reload_on_sighup),
        ("dual RSA + Ed25519, relaxed/relaxed", test_dual_relaxed),
        ("RSA, simple/simple", test_rsa_simple),
        ("Ed25519, simple/simple", test_ed25519_simple),
    ])
