#!/usr/bin/python3
"""The volume guard on a shared Redis: a real redis-server on a loopback port
started by the test, two ohm-milter processes driven by the benchmark's load
generator (the milter protocol as Postfix speaks it, SASL user "bench").

- the two milters enforce one limit together (10 messages an hour for the
  user, 8 + 8 sent: 10 accepted, 6 tempfailed);
- Redis killed: the fail-open milter accepts and marks the verdict
  (GUARD_STORE_FAILED), the fail-closed one tempfails; neither hangs;
- Redis back: both enforce the limit again without a restart;
- a breaker tripped with `ohm guard trip` on the shared store holds that
  user's mail on both milters, and only that user's."""
import json
import os
import subprocess
import time

import harness
from harness import BUILD, Harness, RedisServer, make_message

LOAD = os.path.join(BUILD, "ohm-milter-load")
RedisServer.require()


def guard_toml(redis, fail):
    return ('[guard]\nenabled = true\nstore = "redis"\non_store_error = "%s"\n'
            '[guard.redis]\nendpoints = ["127.0.0.1:%d"]\nconnect_timeout_ms = 200\ncommand_timeout_ms = 200\n'
            '[[guard.limit]]\nclass = "user"\nwindow = 3600\nmessages = 10\n' % (fail, redis.port))


def load(h, msgdir, count, auth="bench"):
    r = subprocess.run([LOAD, "--socket", "inet:%d@127.0.0.1" % h.milter_port, "--dir", msgdir, "--count", str(count),
                        "--auth", auth], capture_output=True, text=True, timeout=120)
    assert r.stdout.strip(), r
    return json.loads(r.stdout)


def test_two_milters_share_one_limit_and_survive_redis_loss():
    with Harness() as a, Harness() as b:
        redis = RedisServer(a.dir)
        try:
            redis.start()
            msgdir = os.path.join(a.dir, "messages")
            os.mkdir(msgdir)
            msg, _ = make_message()
            with open(os.path.join(msgdir, "clean.eml"), "wb") as f:
                f.write(msg)
            a.start_milter(guard_toml(redis, "accept"))
            b.start_milter(guard_toml(redis, "tempfail"))

            out_a = load(a, msgdir, 8)
            out_b = load(b, msgdir, 8)
            assert out_a["actions"] == {"accept": 8}, out_a
            assert out_b["actions"] == {"accept": 2, "tempfail": 6}, out_b
            rec = b.log_records()[-1]
            assert rec["action"] == "tempfail" and rec["rules"][0]["name"] == "GUARD_RATE_USER_HOUR", rec
            assert rec["rules"][0]["detail"] == "10 + 1 messages in the window, limit 10", rec

            # Redis gone: fail open on A (marked), fail closed on B; bounded time.
            redis.kill()
            started = time.time()
            out_a = load(a, msgdir, 5)
            out_b = load(b, msgdir, 5)
            assert time.time() - started < 20, "a dead Redis must not stall mail"
            assert out_a["actions"] == {"accept": 5}, out_a
            assert out_b["actions"] == {"tempfail": 5}, out_b
            rec = a.log_records()[-1]
            assert [r["name"] for r in rec["rules"]] == ["GUARD_STORE_FAILED"], rec
            assert any("state store failed" in n for n in rec["notes"]), rec
            assert "redis unavailable" in open(a.ops_log).read()

            # Redis back (empty: no persistence in this test): both enforce the limit again.
            redis.start()
            time.sleep(1.2)  # past the reconnect hold-off
            out_a = load(a, msgdir, 6)
            out_b = load(b, msgdir, 6)
            assert out_a["actions"] == {"accept": 6}, out_a
            assert out_b["actions"] == {"accept": 4, "tempfail": 2}, out_b

            # A manual trip on the shared store holds the user's mail on both milters.
            r = subprocess.run([harness.CLI, "--config", a.config_path, "guard", "trip", "carol"],
                               capture_output=True, text=True)
            assert r.returncode == 0, r
            status = subprocess.run([harness.CLI, "--config", a.config_path, "guard", "status", "--json"],
                                    capture_output=True, text=True)
            st = json.loads(status.stdout)
            assert [x["sender"] for x in st["breakers"] if x["tripped"]] == ["carol"], st
            assert st["top_volume"][0] == {"sender": "bench", "messages": 10}, st
            assert load(a, msgdir, 1, "carol")["actions"] == {"hold": 1}
            assert load(b, msgdir, 1, "carol")["actions"] == {"hold": 1}
            assert load(b, msgdir, 1, "dave")["actions"] == {"accept": 1}
        finally:
            redis.kill()


if __name__ == "__main__":
    harness.run([("two milters share one Redis limit, fail open/closed, recover",
                  test_two_milters_share_one_limit_and_survive_redis_loss)])
