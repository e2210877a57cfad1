#!/usr/bin/python3
"""Milter protocol test: Debian's miltertest drives a running ohm-milter through
tests/e2e/miltertest/*.lua (SASL macro, abort between messages, quarantine)."""
import glob
import os
import subprocess

import harness
from harness import Harness, expected_verdict_header

if not os.path.exists("/usr/bin/miltertest"):
    harness.skip("miltertest is not installed (apt-get install miltertest)")


def test_scripts():
    scripts = sorted(glob.glob(os.path.join(os.path.dirname(os.path.abspath(__file__)), "miltertest", "*.lua")))
    assert scripts, "no miltertest scripts"
    with Harness() as h:
        h.write_config('[scope]\ninternal_networks = ["127.0.0.0/8"]\n')
        h.start_milter()
        # The first message of protocol.lua, as bytes, scored offline.
        first = (b"From: Alice <alice@example.com>\r\nTo: bob@example.net\r\nMessage-ID: <mt1@example.com>\r\n\r\n"
                 b"Hello Bob,\r\nminutes attached.\r\n")
        want = expected_verdict_header(first, "--auth", "alice", "--client", "198.51.100.7")
        assert want.startswith("tag; "), want
        env = dict(os.environ, OHM_MILTER_SOCKET="inet:%d@127.0.0.1" % h.milter_port, OHM_EXPECT_VERDICT=want)
        for script in scripts:
            r = subprocess.run(["/usr/bin/miltertest", "-s", script], env=env, capture_output=True, text=True,
                               timeout=60)
            assert r.returncode == 0, "%s failed:\n%s\n%s" % (script, r.stdout, r.stderr)
        recs = {r["message_id"]: r for r in h.log_records()}
        assert recs["<mt1@example.com>"]["action"] == "tag", recs
        assert recs["<mt1@example.com>"]["auth_user"] == "alice", recs
        assert recs["<mt1@example.com>"]["client_addr"] == "198.51.100.7", recs
        assert recs["<mt2@example.com>"]["in_scope"] is False, recs
        assert [r for r in h.log_records() if r["action"] == "hold"], h.log_records()


if __name__ == "__main__":
    harness.run([("miltertest protocol scripts", test_scripts)])
