#!/usr/bin/python3
"""Fault: the volume guard's Redis stopped and started under load, through the
real Postfix harness, with the nothing-lost count.

ohm runs with guard.store = "redis" (a real redis-server on a loopback port,
200 ms connect and command timeouts) and a server-wide limit high enough never
to trip, so every message asks Redis. Four SMTP clients send while Redis is
killed and, some seconds later, started again.

- fail open (on_store_error = "accept"), Redis frozen: every message is delivered; those
  scored while Redis was down carry GUARD_STORE_FAILED in the log; after the
  restart the guard counts again without restarting ohm;
- fail closed (on_store_error = "tempfail"), Redis killed: messages scored while Redis was
  down are refused with 451 (still with their client), nothing else is; the
  refused ones, resent after recovery, are delivered;
- the fail-open case freezes Redis (SIGSTOP: connected, silent) instead of
  killing it, so the 200 ms timeouts, not a refused connection, end each
  wait; in both no message costs ohm more than a bounded time, and nothing is
  lost."""
import os
import subprocess
import time

import harness
from harness import Harness, Load, RedisServer, make_message

harness.require_postfix()
RedisServer.require()


def guard_toml(redis, on_error):
    return ('[guard]\nenabled = true\nstore = "redis"\non_store_error = "%s"\n'
            '[guard.redis]\nendpoints = ["127.0.0.1:%d"]\nconnect_timeout_ms = 200\ncommand_timeout_ms = 200\n'
            '[[guard.limit]]\nclass = "server"\nwindow = 3600\nmessages = 1000000\n'
            # Hundreds of messages from one sender within seconds is a volume
            # rise the breaker would hold; this test is about the store.
            '[guard.breaker]\nrise_min_messages = 1000000\n' % (on_error, redis.port))


def run_outage(on_error, how):
    """Load through Postfix, Redis killed (or frozen) mid-load and restarted
    (or thawed); returns what the test checks."""
    with Harness() as h:
        redis = RedisServer(h.dir)
        try:
            redis.start()
            h.start_milter(guard_toml(redis, on_error))
            h.start_postfix(default_action="tempfail", main_extra=["local_header_rewrite_clients ="])
            tag = "redis-" + on_error

            def message(n):
                return make_message(subject="%s %d" % (tag, n), msgid="<%s-%d.%d@redis.example.com>"
                                    % (tag, n, time.time_ns()))

            load = Load(h.smtp_port, message, threads=4)
            assert load.wait_sent(30) >= 30, "the load did not get going"
            redis.freeze() if how == "freeze" else redis.kill()
            down_from = load.sent()
            assert load.wait_sent(down_from + 30, timeout=60) >= down_from + 30, "mail stopped with Redis down"
            redis.thaw() if how == "freeze" else redis.start()
            time.sleep(1.5)  # past the guard's reconnect hold-off
            up_from = load.sent()
            assert load.wait_sent(up_from + 30, timeout=60) >= up_from + 30, "mail did not flow after Redis came back"
            results = load.stop()
            refused = {mid: r for mid, r in results.items() if r is not None}
            h.wait_queue_empty(timeout=60)
            count = h.account(set(results), refused)
            records = {}
            for rec in h.log_records():
                if rec.get("message_id"):
                    records[rec["message_id"]] = rec
            # A client resends what was refused: with Redis back, it passes.
            again, _ = harness.send_concurrently(h.smtp_port, [(load.messages[mid], mid) for mid in refused], threads=4)
            h.wait_queue_empty(timeout=60)
            after = h.account(set(results), {})
            return results, refused, count, records, again, after
        finally:
            redis.kill()


def marked(rec):
    return any(r["name"] == "GUARD_STORE_FAILED" for r in rec.get("rules", []))


def test_redis_outage_fail_open_nothing_lost():
    results, refused, count, records, _, _ = run_outage("accept", "freeze")
    print("FIGURE redis fail-open: %s" % {k: v for k, v in count.items() if k != "lost"})
    assert not count["lost"], count
    assert not refused, refused
    assert count["delivered"] == count["sent"], count
    failed = [r for r in records.values() if marked(r)]
    counted = [r for r in records.values() if not marked(r)]
    assert failed, "no message was scored while Redis was down"
    assert counted, "no message was counted by the guard"
    assert all(r["action"] != "tempfail" for r in records.values())
    # The outage is a window, not the rest of the run: the last messages were counted again.
    last = sorted(records.values(), key=lambda r: r.get("time", ""))[-5:]
    assert not any(marked(r) for r in last), last
    slowest = max(r.get("elapsed_ms", 0) for r in records.values())
    print("FIGURE redis fail-open: %d scored while down, slowest %.0f ms in ohm" % (len(failed), slowest))
    assert slowest < 2000, slowest


def test_redis_outage_fail_closed_refuses_then_recovers():
    results, refused, count, records, again, after = run_outage("tempfail", "kill")
    print("FIGURE redis fail-closed: %s" % {k: v for k, v in count.items() if k != "lost"})
    assert not count["lost"], count
    assert refused, "nothing was refused while Redis was down"
    for mid, r in refused.items():
        assert r.startswith("451"), (mid, r)
    # The last messages, sent after Redis came back, were accepted.
    assert all(results[mid] is None for mid in list(results)[-5:]), list(results.items())[-5:]
    assert count["delivered"] + count["queued"] + count["refused"] == count["sent"], count
    assert all(r is None for r in again.values()), [r for r in again.values() if r]
    print("FIGURE redis fail-closed after resending the refused: %s" % {k: v for k, v in after.items() if k != "lost"})
    assert not after["lost"] and after["delivered"] == after["sent"], after
    slowest = max(r.get("elapsed_ms", 0) for r in records.values())
    print("FIGURE redis fail-closed: %d refused while down, slowest %.0f ms in ohm" % (len(refused), slowest))
    assert slowest < 2000, slowest


if __name__ == "__main__":
    harness.run([("Redis frozen under load, fail open: nothing lost", test_redis_outage_fail_open_nothing_lost),
                 ("Redis killed under load, fail closed: 451, nothing lost",
                  test_redis_outage_fail_closed_refuses_then_recovers)])
