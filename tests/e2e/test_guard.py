#!/usr/bin/python3
"""The volume guard end to end through a real Postfix: SASL-authenticated
senders (Cyrus sasldb), ohm-milter with [guard] on its SQLite store, and
`ohm guard` working on the same store while the daemon runs.

- a burst of held messages from one authenticated sender trips its breaker:
  an alert names it and the Message-IDs; its later clean mail sits in the hold
  queue; another sender's mail still arrives; `ohm guard release` lets its new
  mail flow;
- a rate limit answers 451 4.7.1 naming the limit, and the counters and a
  tripped breaker survive a restart of ohm-milter."""
import base64
import json
import os
import smtplib
import socketserver
import subprocess
import threading
import time

import harness
from harness import Harness, make_message

harness.require_postfix()

PASSWORD = "s3cret-pw"

LOCAL_RULES = r"""
body     OHM_TEST_HOLD    /\bhold-this-message\b/
score    OHM_TEST_HOLD    9
describe OHM_TEST_HOLD    Test rule: the body asks to be held
"""


class FakeDovecotAuth:
    """A Dovecot auth server (the text protocol Postfix's smtpd_sasl_type =
    dovecot speaks) on a unix socket in the test directory, knowing `users`
    with PASSWORD. Debian's Postfix reads Cyrus SASL configuration only from
    /etc/postfix/sasl, so this keeps the test off the system configuration."""

    def __init__(self, path, users):
        self.users = set(users)
        self.server = socketserver.ThreadingUnixStreamServer(path, self._handler())
        self.server.daemon_threads = True
        os.chmod(path, 0o666)  # smtpd connects as user postfix
        threading.Thread(target=self.server.serve_forever, daemon=True).start()

    def close(self):
        self.server.shutdown()
        self.server.server_close()

    def _handler(self):
        users = self.users

        class Handler(socketserver.StreamRequestHandler):
            def handle(self):
                self.wfile.write(("VERSION\t1\t2\nMECH\tPLAIN\tplaintext\nSPID\t%d\nCUID\t1\n"
                                  "COOKIE\t%s\nDONE\n" % (os.getpid(), "0" * 32)).encode())
                for raw in self.rfile:
                    fields = raw.decode().rstrip("\n").split("\t")
                    if fields[0] == "AUTH":
                        resp = [f[5:] for f in fields[3:] if f.startswith("resp=")]
                        if not resp:
                            self.wfile.write(("CONT\t%s\t\n" % fields[1]).encode())
                            continue
                        self.answer(fields[1], resp[0])
                    elif fields[0] == "CONT":
                        self.answer(fields[1], fields[2] if len(fields) > 2 else "")

            def answer(self, request_id, response):
                try:
                    _, user, password = base64.b64decode(response).decode().split("\0")
                except ValueError:
                    user, password = "", ""
                ok = user in users and password == PASSWORD
                self.wfile.write(("%s\t%s\tuser=%s\n" % ("OK" if ok else "FAIL", request_id, user)).encode())
                self.wfile.flush()

        return Handler


def sasl_setup(h, users):
    """Starts a fake Dovecot auth server knowing `users`; returns the main.cf lines for it."""
    h.auth = FakeDovecotAuth(os.path.join(h.dir, "auth.sock"), users)
    return ["smtpd_sasl_auth_enable = yes", "smtpd_sasl_type = dovecot",
            "smtpd_sasl_path = " + os.path.join(h.dir, "auth.sock"),
            "smtpd_sasl_security_options = noanonymous"]


def send_as(h, user, message, rcpts=("anna@example.net",)):
    """Sends `message` over SMTP after SASL AUTH as `user` (MAIL FROM user@example.com)."""
    with smtplib.SMTP("127.0.0.1", h.smtp_port, timeout=60) as s:
        s.ehlo("client.example.com")
        s.login(user, PASSWORD)
        s.sendmail(user + "@example.com", list(rcpts), harness.crlf(message))


def guard_config(h, extra=""):
    rules = os.path.join(h.dir, "local-rules")
    os.makedirs(rules, exist_ok=True)
    os.chmod(rules, 0o755)
    with open(os.path.join(rules, "50_test.cf"), "w") as f:
        f.write(LOCAL_RULES)
    state = os.path.join(h.dir, "state")  # created by ohm-milter for its user
    h.state_path = os.path.join(state, "guard.sqlite")
    h.alert_file = os.path.join(state, "alerts.jsonl")
    h.write_config('[rules]\nlocal_dir = "%s"\n[guard]\nenabled = true\nstate_path = "%s"\nalert_file = "%s"\n%s'
                   % (rules, h.state_path, h.alert_file, extra))


def ohm_guard(h, *args):
    r = subprocess.run([harness.CLI, "--config", h.config_path, "guard"] + list(args), capture_output=True, text=True)
    assert r.returncode == 0, (args, r.stdout, r.stderr)
    return r.stdout


def held_ids(h, timeout=15, want=None):
    """Message-IDs in the hold queue (waiting until `want` is among them)."""
    deadline = time.time() + timeout
    while True:
        ids = []
        for q in h.queue():
            if q["queue_name"] == "hold":
                content = h.postcat(q["queue_id"]).decode("utf-8", "replace")
                ids += [line.split(":", 1)[1].strip() for line in content.splitlines()
                        if line.lower().startswith("message-id:")]
        if want is None or want in ids or time.time() > deadline:
            return ids
        time.sleep(0.2)


def rule_names(record):
    return [r["name"] for r in record["rules"]]


def test_burst_trips_breaker_release_lets_mail_flow():
    with Harness() as h:
        guard_config(h, "[guard.breaker]\nbad_count = 5\nbad_window = 600\ncool_down = 0\n")
        h.start_milter()
        h.start_postfix(main_extra=sasl_setup(h, ["mallory", "alice"]))

        # The burst: five messages that ohm holds by their content.
        burst = []
        for i in range(5):
            msg, mid = make_message(subject="Offer %d" % i, body="Buy now hold-this-message %d\n" % i,
                                    sender="mallory@example.com")
            send_as(h, "mallory", msg)
            burst.append(mid)
        records = [h.wait_log_record(mid) for mid in burst]
        assert all(r["auth_user"] == "mallory" and r["action"] == "hold" for r in records), records
        assert all("GUARD_BREAKER_SENDER" not in rule_names(r) for r in records[:4]), records
        assert "GUARD_BREAKER_SENDER" in rule_names(records[4]), records[4]

        # The alert: the operational log and the alert file name the sender, the reason and the Message-IDs.
        ops = open(h.ops_log).read()
        alert = [line for line in ops.splitlines() if "ALERT" in line]
        assert alert and "mallory" in alert[0] and "5 held or rejected messages in 600s" in alert[0], ops
        assert all(mid in alert[0] for mid in burst), alert
        with open(h.alert_file) as f:
            alerts = [json.loads(line) for line in f]
        assert len(alerts) == 1 and alerts[0]["sender"] == "mallory", alerts
        assert sorted(alerts[0]["message_ids"]) == sorted(burst), alerts

        # Mallory's later, clean mail sits in the hold queue; Alice's arrives.
        msg, later = make_message(subject="Hello", sender="mallory@example.com")
        send_as(h, "mallory", msg)
        rec = h.wait_log_record(later)
        assert rec["action"] == "hold" and "GUARD_BREAKER_SENDER" in rule_names(rec), rec
        assert "breaker tripped for mallory" in rec["reason"], rec
        assert later in held_ids(h, want=later), h.queue()
        msg, alice_id = make_message(subject="Minutes", sender="alice@example.com")
        send_as(h, "alice", msg)
        h.delivered_with(alice_id)
        assert h.wait_log_record(alice_id)["action"] == "accept"
        assert not any(later.encode() in m for m in h.delivered())

        # `ohm guard status` shows the tripped sender and the volumes, as the daemon sees them.
        status = json.loads(ohm_guard(h, "status", "--json"))
        tripped = [b for b in status["breakers"] if b["tripped"]]
        assert [b["sender"] for b in tripped] == ["mallory"], status
        assert tripped[0]["until"] == 0 and sorted(tripped[0]["message_ids"]) == sorted(burst), status
        volume = {v["sender"]: v["messages"] for v in status["top_volume"]}
        assert volume.get("mallory") == 6 and volume.get("alice") == 1, status
        text = ohm_guard(h, "status")
        assert "mallory" in text and "5 held or rejected" in text, text

        # Released: Mallory's next message flows, without a restart or SIGHUP.
        assert "released" in ohm_guard(h, "release", "Mallory")
        msg, after = make_message(subject="Sorry about that", sender="mallory@example.com")
        send_as(h, "mallory", msg)
        h.delivered_with(after)
        rec = h.wait_log_record(after)
        assert rec["action"] == "accept" and not any(n.startswith("GUARD_") for n in rule_names(rec)), rec

        # A manual trip holds again at once.
        ohm_guard(h, "trip", "alice")
        msg, alice_held = make_message(subject="More minutes", sender="alice@example.com")
        send_as(h, "alice", msg)
        assert alice_held in held_ids(h, want=alice_held), h.queue()


def test_rate_limit_tempfails_and_state_survives_restart():
    with Harness() as h:
        guard_config(h, "[[guard.limit]]\nclass = \"user\"\nwindow = 3600\nmessages = 2\n")
        h.start_milter()
        h.start_postfix(main_extra=sasl_setup(h, ["bob", "carol"]))
        for i in range(2):
            msg, mid = make_message(subject="Note %d" % i, sender="bob@example.com")
            send_as(h, "bob", msg)
            h.delivered_with(mid)

        # Restarted: the counters are still there, the third message is deferred.
        h.stop_milter()
        h.start_milter()
        msg, third = make_message(subject="Note 2", sender="bob@example.com")
        try:
            send_as(h, "bob", msg)
            raise AssertionError("the message over the limit was accepted")
        except smtplib.SMTPDataError as e:
            assert e.smtp_code == 451, e
            text = e.smtp_error.decode()
            assert text.startswith("4.7.1") and "GUARD_RATE_USER_HOUR" in text and "2 messages per 3600s" in text, text
        rec = h.wait_log_record(third)
        assert rec["action"] == "tempfail" and "GUARD_RATE_USER_HOUR" in rule_names(rec), rec
        detail = [r for r in rec["rules"] if r["name"] == "GUARD_RATE_USER_HOUR"][0]["detail"]
        assert detail == "2 + 1 messages in the window, limit 2", detail
        # Carol has her own count.
        msg, carol = make_message(subject="Hi", sender="carol@example.com")
        send_as(h, "carol", msg)
        h.delivered_with(carol)

        # A tripped breaker survives a restart too.
        ohm_guard(h, "trip", "carol")
        h.stop_milter()
        h.start_milter()
        msg, carol_held = make_message(subject="Hi again", sender="carol@example.com")
        send_as(h, "carol", msg)
        assert carol_held in held_ids(h, want=carol_held), h.queue()
        assert os.stat(h.state_path).st_uid == os.stat(os.path.dirname(h.state_path)).st_uid != 0


if __name__ == "__main__":
    harness.run([
        ("burst trips breaker, release lets mail flow", test_burst_trips_breaker_release_lets_mail_flow),
        ("rate limit tempfails, state survives restart", test_rate_limit_tempfails_and_state_survives_restart),
    ])
