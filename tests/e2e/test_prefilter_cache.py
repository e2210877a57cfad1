#!/usr/bin/python3
"""The rules' prefilter cache (rules.prefilter_cache) through the daemon: the
first start creates the directory for milter.user, compiles the passes and
stores them; a restart and a reload load them instead; a directory others
may write is not used (a warning says why) and the prefilter is compiled and
in force all the same. ohm-milter --check-config says each of these ahead."""
import os
import pwd
import re
import signal
import stat
import subprocess
import time

import harness
from harness import Harness

IN_FORCE = re.compile(r"rules prefilter in force \(built in ([0-9.]+) s; (\d+) of (\d+) passes loaded from (\S+), "
                      r"(\d+) compiled and stored\)")


def wait_in_force(h, count, timeout=300):
    """The `count`th 'prefilter in force' line of the operational log: (seconds, loaded, of, stored)."""
    deadline = time.time() + timeout
    while time.time() < deadline:
        found = IN_FORCE.findall(open(h.ops_log, errors="replace").read())
        if len(found) >= count:
            seconds, loaded, of, directory, stored = found[count - 1]
            return float(seconds), int(loaded), int(of), directory, int(stored)
        assert h.milter_proc.poll() is None, "ohm-milter stopped:\n" + open(h.ops_log, errors="replace").read()
        time.sleep(0.1)
    raise AssertionError("no 'prefilter in force' line %d:\n%s" % (count, open(h.ops_log, errors="replace").read()))


def check_config_line(h):
    """The 'prefilter cache:' line of ohm-milter --check-config on the harness's configuration."""
    r = subprocess.run([harness.MILTER, "--check-config", "--config", h.config_path], capture_output=True, text=True)
    assert r.returncode == 0, r.stderr
    lines = [line for line in r.stdout.splitlines() if line.startswith("prefilter cache: ")]
    assert len(lines) == 1, r.stdout
    return lines[0]


def milter_user():
    """How --check-config names the user the daemon will run as."""
    return "ohm" if os.geteuid() == 0 else "uid %d" % os.geteuid()


def restart(h):
    h.stop_milter()
    h.start_milter()


def test_stored_then_loaded():
    with Harness() as h:
        cache = os.path.join(h.dir, "cache")
        h.write_config(harness.with_prefilter_cache("", cache))
        assert check_config_line(h) == "prefilter cache: %s does not exist yet; ohm-milter creates it for %s at start" % (
            cache, milter_user())
        h.start_milter()
        compile_seconds, loaded, of, directory, stored = wait_in_force(h, 1)
        if of == 0:
            harness.skip("built without Hyperscan: no prefilter to cache")
        assert directory == cache
        assert (loaded, stored) == (0, of), (loaded, of, stored)
        st = os.stat(cache)
        assert stat.S_IMODE(st.st_mode) == 0o750, oct(st.st_mode)
        if os.geteuid() == 0:
            assert st.st_uid == pwd.getpwnam("ohm").pw_uid, "cache directory not handed to milter.user"
        files = sorted(f for f in os.listdir(cache) if f.endswith(".hsdb"))
        assert len(files) == of, files
        # What --check-config now says the next start will find.
        line = check_config_line(h)
        assert re.fullmatch(r"prefilter cache: %s \(%d files?, [0-9.]+ MB; read and written by %s\)" % (
            re.escape(cache), of, re.escape(milter_user())), line), line

        restart(h)  # the operational log goes on in the same file
        load_seconds, loaded, of2, _, stored = wait_in_force(h, 2)
        assert (loaded, of2, stored) == (of, of, 0), (loaded, of2, stored)
        assert load_seconds < compile_seconds, (load_seconds, compile_seconds)
        assert "prefilter cache refused" not in open(h.ops_log).read()

        # A reload with the same rules finds the same passes.
        h.milter_proc.send_signal(signal.SIGHUP)
        _, loaded, of3, _, stored = wait_in_force(h, 3)
        assert (loaded, of3, stored) == (of, of, 0), (loaded, of3, stored)
        assert sorted(f for f in os.listdir(cache) if f.endswith(".hsdb")) == files


def test_untrusted_directory_not_used():
    with Harness() as h:
        cache = os.path.join(h.dir, "cache")
        os.mkdir(cache)
        os.chmod(cache, 0o777)  # anyone could plant a database there
        h.write_config(harness.with_prefilter_cache("", cache))
        line = check_config_line(h)
        assert line.startswith("prefilter cache: warning: not used: %s: writable by group or others; "
                               "each start compiles" % cache), line
        h.start_milter()
        _, loaded, of, _, stored = wait_in_force(h, 1)
        if of == 0:
            harness.skip("built without Hyperscan: no prefilter to cache")
        assert (loaded, stored) == (0, 0), (loaded, stored)
        log = open(h.ops_log).read()
        assert "rules prefilter cache refused" in log and cache + ": writable by group or others" in log, log
        assert os.listdir(cache) == []


if __name__ == "__main__":
    harness.run([("prefilter passes stored, then loaded at restart and reload", test_stored_then_loaded),
                 ("a directory others may write is not used", test_untrusted_directory_not_used)])
