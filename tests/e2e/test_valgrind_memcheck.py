#!/usr/bin/python3
"""Valgrind memcheck of the e2e path: ohm-milter under valgrind serves the
benchmark's load generator (the milter protocol as Postfix speaks it) over
every fixture message (clean, spammy, malformed, MIME, HTML), with DKIM
signing on, and must finish with no memory error and no definite leak.
Only in the plain build: the sanitizer build has its own checks, and
valgrind cannot run ASan binaries. Skipped when valgrind is not installed."""
import glob
import os
import re
import shutil
import subprocess
import sys
import time

import harness
from harness import BUILD, CLI, MILTER, SOURCE, Harness

LOAD = os.path.join(BUILD, "ohm-milter-load")


def sanitized_build():
    cache = os.path.join(BUILD, "CMakeCache.txt")
    return os.path.exists(cache) and "OHM_SANITIZE:BOOL=ON" in open(cache).read()


def test_milter_session_is_memcheck_clean():
    if not shutil.which("valgrind"):
        harness.skip("valgrind is not installed")
    if sanitized_build():
        harness.skip("an ASan build cannot run under valgrind; the plain build runs this test")
    with Harness() as h:
        messages = os.path.join(h.dir, "messages")
        os.mkdir(messages)
        for path in glob.glob(os.path.join(SOURCE, "tests", "fixtures", "*", "*.eml")):
            shutil.copy(path, os.path.join(messages, os.path.basename(os.path.dirname(path)) + "-" + os.path.basename(path)))
        keys = os.path.join(h.dir, "keys")
        os.mkdir(keys)
        subprocess.run([CLI, "keygen", "--domain", "example.com", "--selector", "s1", "--out", keys],
                       check=True, capture_output=True)
        shutil.chown(os.path.join(keys, "example.com.s1.key"), "ohm")
        h.write_config('[dkim]\nenabled = true\n[[dkim.keys]]\nname = "k"\ndomain = "example.com"\nselector = "s1"\n'
                       'key_file = "%s/example.com.s1.key"\n[[dkim.signing]]\nmatch = "*"\nkeys = ["k"]\n' % keys)
        report = os.path.join(h.dir, "valgrind.log")
        # PCRE2's JIT code is opaque to memcheck (no symbols, 16-byte reads past
        # the subject's end): the regexes run in the interpreter for this test.
        env = dict(os.environ, OHM_REGEX_NO_JIT="1")
        proc = subprocess.Popen(["valgrind", "--tool=memcheck", "--leak-check=full", "--errors-for-leak-kinds=definite",
                                 "--error-exitcode=99", "--log-file=" + report, MILTER, "--config", h.config_path], env=env)
        try:
            harness.wait_port(h.milter_port, timeout=120, proc=proc)
            count = len(os.listdir(messages)) * 3
            r = subprocess.run([LOAD, "--socket", "inet:%d@127.0.0.1" % h.milter_port, "--dir", messages,
                                "--concurrency", "4", "--count", str(count)], capture_output=True, text=True, timeout=900)
            assert r.returncode == 0, r
            print("FIGURE memcheck load: %s" % r.stdout.strip())
        finally:
            proc.terminate()
            rc = proc.wait(timeout=300)
        text = open(report).read()
        summary = re.findall(r"ERROR SUMMARY: (\d+) errors", text)
        definite = re.findall(r"definitely lost: ([\d,]+) bytes", text)
        print("FIGURE memcheck: ERROR SUMMARY %s, definitely lost %s bytes" % (summary[-1:] or "?", definite[-1:] or "0"))
        assert summary and summary[-1] == "0", text[-6000:]
        assert rc != 99, text[-6000:]
        assert len(h.log_records()) == count, (len(h.log_records()), count)


if __name__ == "__main__":
    harness.run([("ohm-milter under valgrind memcheck: no errors, no definite leaks", test_milter_session_is_memcheck_clean)])
