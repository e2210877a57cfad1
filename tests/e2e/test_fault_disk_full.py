#!/usr/bin/python3
"""Fault: the filesystem of the message log fills up (a 256 KB tmpfs) while
mail flows through the real Postfix harness. Every message is still
delivered, the failure is reported once on the operational log, the log file
keeps only whole JSON lines, and logging resumes by itself when space
returns. Skipped where tmpfs cannot be mounted (no root, a container without
CAP_SYS_ADMIN)."""
import os
import shutil
import subprocess
import time

import harness
from harness import Harness, make_message, send_concurrently

harness.require_postfix()


def fill(path):
    """Writes zeros to `path` until the filesystem refuses more."""
    with open(path, "wb", buffering=0) as f:
        chunk = b"\0" * 4096
        try:
            while True:
                f.write(chunk)
        except OSError:
            pass
        try:
            while True:
                f.write(b"\0")
        except OSError:
            pass


def messages(tag, n):
    return [make_message(subject="%s %d" % (tag, i), msgid="<%s-%d.%d@disk.example.com>" % (tag, i, time.time_ns()))
            for i in range(n)]


def test_message_log_disk_full():
    with Harness() as h:
        logs = os.path.join(h.dir, "logs")
        os.mkdir(logs)
        r = subprocess.run(["mount", "-t", "tmpfs", "-o", "size=256k,mode=0755", "tmpfs", logs], capture_output=True)
        if r.returncode != 0:
            harness.skip("cannot mount a tmpfs: %s" % r.stderr.decode().strip())
        try:
            shutil.chown(logs, "ohm", "ohm")
            h.message_log = os.path.join(logs, "messages.log")
            h.write_config()
            h.start_milter()
            h.start_postfix()
            before = messages("before", 3)
            results, _ = send_concurrently(h.smtp_port, before)
            for _, mid in before:
                h.wait_log_record(mid)

            filler = os.path.join(logs, "filler")
            fill(filler)
            full = messages("full", 40)
            results_full, _ = send_concurrently(h.smtp_port, full, threads=4)
            results.update(results_full)
            assert all(r is None for r in results_full.values()), results_full
            h.wait_delivered(len(before) + len(full))
            assert h.milter_proc.poll() is None, "ohm-milter died on a full disk"

            os.remove(filler)
            after = messages("after", 5)
            results_after, _ = send_concurrently(h.smtp_port, after)
            results.update(results_after)
            for _, mid in after:
                h.wait_log_record(mid)  # logging resumed by itself
            count = h.account(results, {m: r for m, r in results.items() if r})
            print("FIGURE disk full: %s" % {k: v for k, v in count.items() if k != "lost"})
            assert not count["lost"] and count["delivered"] == len(results), count

            ops = open(h.ops_log, errors="replace").read()
            assert ops.count("write failed") == 1, ops
            assert ops.count("writing again") == 1, ops
            records = h.log_records()  # json.loads of every line: a torn line fails here
            logged = {r["message_id"] for r in records}
            lost_records = sum(1 for _, mid in full if mid not in logged)
            print("FIGURE disk full: %d of %d records written while full, %d lines, all whole JSON"
                  % (len(full) - lost_records, len(full), len(records)))
        finally:
            h.stop_postfix()
            h.stop_milter()
            subprocess.run(["umount", "-l", logs], check=False)


if __name__ == "__main__":
    harness.run([("message log disk full: mail flows, reported once, logging resumes", test_message_log_disk_full)])
