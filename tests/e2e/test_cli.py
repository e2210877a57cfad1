#!/usr/bin/python3
"""The admin CLI and the daemon's start-up checks, driven as an admin would:
exit codes, the stable --json interface, log look-up, config and rule errors
that name file and line."""
import json
import os
import subprocess
import tempfile

import harness
from harness import CLI, MILTER, make_message


def run(*args, input=None):
    return subprocess.run(list(args), input=input, capture_output=True)


def write(path, text):
    with open(path, "w") as f:
        f.write(text)
    return path


def test_check_exit_codes_and_json():
    clean, _ = make_message()
    r = run(CLI, "check", "-", input=clean)
    assert r.returncode == 0, r
    out = r.stdout.decode()
    assert "Action:     accept" in out and "No rule hit." in out, out

    tagged, _ = make_message(omit=("Date", "Subject"))
    r = run(CLI, "check", "--json", "-", input=tagged)
    assert r.returncode == 1, r
    v = json.loads(r.stdout)
    assert v["action"] == "tag", v
    names = {h["name"]: h for h in v["rules"]}
    assert set(names) == {"MISSING_DATE", "MISSING_SUBJECT"}, v
    assert abs(v["score"] - sum(h["score"] for h in v["rules"])) < 0.01, v
    assert names["MISSING_DATE"]["score"] > 0 and "Date" in names["MISSING_DATE"]["description"], v

    held = b"no headers at all, only a body line\r\n"
    r = run(CLI, "check", "-", input=held)
    assert r.returncode == 2, r
    assert b"MISSING_FROM" in r.stdout and b"Action:     hold" in r.stdout, r.stdout

    r = run(CLI, "check", "/nonexistent/message.eml")
    assert r.returncode == 66 and b"/nonexistent/message.eml" in r.stderr, r


def test_check_uses_per_sender_overrides():
    with tempfile.TemporaryDirectory() as d:
        conf = write(os.path.join(d, "ohm.toml"),
                     '[[overrides]]\nmatch = "example.org"\ntag = 10.0\nhold = 20.0\nreject = 30.0\n')
        tagged, _ = make_message(omit=("Date", "Subject"))
        r = run(CLI, "check", "--config", conf, "--from", "news@lists.example.org", "--json", "-", input=tagged)
        assert r.returncode == 0 and json.loads(r.stdout)["action"] == "accept", r
        r = run(CLI, "check", "--config", conf, "--from", "bob@example.com", "--json", "-", input=tagged)
        assert r.returncode == 1, r


def test_log_find():
    with tempfile.TemporaryDirectory() as d:
        log = write(os.path.join(d, "messages.log"), "\n".join([
            json.dumps({"message_id": "<a1@example.com>", "queue_id": "AAA111", "action": "accept"}),
            "not json at all",
            json.dumps({"message_id": "<b2@example.com>", "queue_id": "BBB222", "action": "hold"}),
        ]) + "\n")
        r = run(CLI, "log", "find", "b2@example.com", "--log", log)
        assert r.returncode == 0, r
        lines = r.stdout.decode().splitlines()
        assert len(lines) == 1 and json.loads(lines[0])["action"] == "hold", lines
        r = run(CLI, "log", "find", "AAA111", "--log", log)
        assert r.returncode == 0 and b"<a1@example.com>" in r.stdout, r
        r = run(CLI, "log", "find", "<zz@example.com>", "--log", log)
        assert r.returncode == 1, r


def test_bad_config_names_file_and_line_and_nothing_starts():
    with tempfile.TemporaryDirectory() as d:
        conf = write(os.path.join(d, "bad.toml"),
                     '[milter]\nsocket = "inet:notaport@127.0.0.1"\n[actions]\ntag = "three"\n[nosuch]\nx = 1\n')
        r = run(MILTER, "--check-config", "--config", conf)
        assert r.returncode == 78, r
        err = r.stderr.decode()
        assert conf + ":2:" in err and conf + ":4:" in err and "nosuch" in err, err
        # Without --check-config the daemon refuses to start the same way.
        r = run(MILTER, "--config", conf)
        assert r.returncode == 78 and "nothing started" in r.stderr.decode(), r
        r = run(MILTER, "--check-config")
        assert r.returncode == 0 and b"OK" in r.stdout, r


def test_rule_errors_name_file_and_line():
    with tempfile.TemporaryDirectory() as d:
        rules = os.path.join(d, "rules")
        os.mkdir(rules)
        write(os.path.join(rules, "20_bad.cf"), "\n".join([
            "body   BAD_REGEX   /unclosed(/",
            "meta   BAD_META    NO_SUCH_RULE && BAD_REGEX",
            "score  BAD_META    2",
            "",
        ]))
        r = run(CLI, "rules", "lint", rules)
        assert r.returncode != 0, r
        err = (r.stdout + r.stderr).decode()
        assert "20_bad.cf:1:" in err and "20_bad.cf:2:" in err and "NO_SUCH_RULE" in err, err
        conf = write(os.path.join(d, "ohm.toml"), '[rules]\nlocal_dir = "%s"\n' % rules)
        r = run(MILTER, "--check-config", "--config", conf)
        assert r.returncode == 78 and b"20_bad.cf:1:" in r.stderr, r


def test_rules_list_shows_every_rule():
    r = run(CLI, "rules", "list")
    assert r.returncode == 0, r
    out = r.stdout.decode()
    for name in ("MISSING_FROM", "MISSING_SUBJECT", "MISSING_DATE", "MISSING_MESSAGE_ID"):
        assert name in out, out
    assert "10_required_headers.cf" in out, out


def test_rules_profile_finds_the_slow_local_rule():
    with tempfile.TemporaryDirectory() as d:
        rules = os.path.join(d, "rules")
        os.mkdir(rules)
        # A local rule that is slow on purpose (it tries every position with a
        # long lookahead), the way an admin's careless rule would be.
        write(os.path.join(rules, "50_slow.cf"),
              "body LOCAL_SLOW /(?=(?:\\w+\\W+){0,40}zzzq)\\w/\nscore LOCAL_SLOW 0.1\ndescribe LOCAL_SLOW slow\n")
        conf = write(os.path.join(d, "ohm.toml"), '[rules]\nlocal_dir = "%s"\n' % rules)
        msgs = os.path.join(d, "msgs")
        os.mkdir(msgs)
        for i in range(3):
            m, _ = make_message(body=("Some ordinary words of a message, number %d. " % i) * 80)
            with open(os.path.join(msgs, "m%d.eml" % i), "wb") as f:
                f.write(m)
        r = run(CLI, "--config", conf, "rules", "profile", "--rounds", "3", "--top", "5", msgs)
        assert r.returncode == 0, r
        out = r.stdout.decode()
        assert "3 messages" in out and "3 rounds" in out, out
        for stage in ("parse", "features", "rules"):
            assert "\n" + stage in out, out
        table = out.split("share   hit%")[1].strip().split("\n\n")[0].splitlines()
        assert table[0].split()[0] == "LOCAL_SLOW", out  # the slowest rule comes first
        assert len(table) == 5, out
        r = run(CLI, "rules", "profile", os.path.join(d, "none"))
        assert r.returncode == 66, r


if __name__ == "__main__":
    harness.run([
        ("check: exit codes and JSON", test_check_exit_codes_and_json),
        ("check: per-sender overrides", test_check_uses_per_sender_overrides),
        ("log find", test_log_find),
        ("bad config: file and line, exit 78", test_bad_config_names_file_and_line_and_nothing_starts),
        ("bad rules: file and line", test_rule_errors_name_file_and_line),
        ("rules list", test_rules_list_shows_every_rule),
        ("rules profile: the slow local rule first", test_rules_profile_finds_the_slow_local_rule),
    ])
