#!/usr/bin/python3
"""Fault: ohm-milter killed with SIGKILL in the middle of a load, through the
real Postfix harness. With milter_default_action = tempfail, Postfix answers
4xx while ohm is gone, so every message is delivered, queued, or still with
its client (refused with 4xx): nothing is lost. After a restart, the local
submissions waiting in the queue drain through ohm, and the refused messages
resent by their client pass through ohm too."""
import signal
import time

import harness
from harness import Harness, Load, make_message, send_one

harness.require_postfix()


def message(n, tag="load"):
    return make_message(subject="%s %d" % (tag, n), msgid="<%s-%d.%d@kill.example.com>" % (tag, n, time.time_ns()))


def test_kill_9_mid_load_nothing_lost():
    with Harness() as h:
        h.start_milter()
        h.start_postfix(default_action="tempfail", main_extra=["local_header_rewrite_clients ="])
        load = Load(h.smtp_port, message, threads=4)
        assert load.wait_sent(60) >= 60, "the load did not get going"
        h.milter_proc.kill()  # SIGKILL: no cleanup, connections cut mid-message
        h.milter_proc.wait()
        h.milter_proc = None
        results = load.stop()  # the transactions in flight at the kill end now, with 4xx
        # While ohm is down: SMTP clients get 4xx, local submissions wait in the queue.
        down = [message(n, "down") for n in range(10)]
        down_refusals = {mid: send_one(h.smtp_port, m) for m, mid in down}
        local = [message(n, "local") for n in range(10)]
        for m, _ in local:
            h.sendmail(m)
        results.update(down_refusals)
        sent = set(results) | {mid for _, mid in local}
        refused = {mid: r for mid, r in results.items() if r is not None}

        for mid, r in down_refusals.items():
            assert r is not None and r.startswith("451"), "sent with ohm down: %s -> %s" % (mid, r)
        for mid, r in refused.items():
            assert r.startswith("4"), "a refusal that is not temporary: %s -> %s" % (mid, r)
        during = h.account(sent, refused)
        print("FIGURE kill-9 while down: %s" % {k: v for k, v in during.items() if k != "lost"})
        assert not during["lost"], during
        assert during["queued"] >= len(local), during  # the local submissions wait for ohm

        # Restart: the queue drains through ohm, and the clients resend what was refused.
        h.start_milter()
        left = h.wait_queue_empty(timeout=120)
        assert not left, left
        resend = dict(load.messages)
        resend.update({mid: m for m, mid in down})
        again, _ = harness.send_concurrently(h.smtp_port, [(resend[mid], mid) for mid in refused], threads=4)
        assert all(r is None for r in again.values()), [r for r in again.values() if r]
        after = h.account(sent, {})
        print("FIGURE kill-9 after restart: %s" % {k: v for k, v in after.items() if k != "lost"})
        assert not after["lost"] and after["delivered"] == len(sent), after
        # Every message delivered went through ohm (its verdict header is on it).
        for blob in h.delivered():
            assert b"X-Ohm-Verdict:" in blob, blob[:800]
        for _, mid in local:
            h.wait_log_record(mid)


if __name__ == "__main__":
    harness.run([("kill -9 mid-load: tempfail, nothing lost, queue drains through ohm",
                  test_kill_9_mid_load_nothing_lost)])
