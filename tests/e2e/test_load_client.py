#!/usr/bin/python3
"""The benchmark's load generator against a running ohm-milter: it speaks the
protocol well enough that ohm answers every message, its --expect-header check
really fails when the header is absent, and ohm logs exactly one line per
message it was sent."""
import json
import os
import subprocess

import harness
from harness import BUILD, Harness, make_message

LOAD = os.path.join(BUILD, "ohm-milter-load")


def load(h, msgdir, *extra):
    r = subprocess.run([LOAD, "--socket", "inet:%d@127.0.0.1" % h.milter_port, "--dir", msgdir] + list(extra),
                       capture_output=True, text=True, timeout=120)
    return r.returncode, json.loads(r.stdout) if r.stdout.strip() else {}, r.stderr


def test_load_client():
    with Harness() as h:
        msgdir = os.path.join(h.dir, "messages")
        os.mkdir(msgdir)
        clean, _ = make_message(body="Hello Anna,\n\n" + "the figures are in the report.\n" * 50)
        held, _ = make_message(omit=("From", "Date", "Subject", "Message-ID"))
        for name, data in (("a.eml", clean), ("b.eml", clean), ("c.eml", held)):
            with open(os.path.join(msgdir, name), "wb") as f:
                f.write(data)
        h.start_milter()
        rc, out, err = load(h, msgdir, "--concurrency", "4", "--count", "600", "--expect-header", "X-Ohm-Verdict")
        assert rc == 0, (rc, out, err)
        assert out["messages"] == 600 and out["failures"] == 0, out
        assert out["actions"] == {"accept": 400, "hold": 200}, out
        assert 0 < out["p50_ms"] <= out["p99_ms"] <= out["max_ms"], out
        # One log line per message, each in scope through {auth_authen}.
        recs = h.log_records()
        assert len(recs) == 600, len(recs)
        assert all(r["auth_user"] == "bench" and r["in_scope"] for r in recs), recs[0]
        # A missing expected header is a failure, not a fast answer.
        rc, out, err = load(h, msgdir, "--count", "10", "--expect-header", "DKIM-Signature")
        assert rc == 1 and out["failures"] == 10 and "DKIM-Signature" in err, (rc, out, err)
        assert h.milter_proc.poll() is None


if __name__ == "__main__":
    harness.run([("load client against ohm-milter", test_load_client)])
