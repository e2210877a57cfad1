#!/usr/bin/python3
"""Security: ohm-milter started as root binds its socket and then runs as
milter.user, refuses to run as root, creates its unix socket with
milter.socket_mode, refuses DKIM keys that others can read, and its
configuration cannot pull in other files."""
import os
import pwd
import socket
import stat
import subprocess
import time

import harness
from harness import Harness, CLI, MILTER

if os.geteuid() != 0:
    harness.skip("starting ohm-milter as root needs root")
try:
    OHM = pwd.getpwnam("ohm")
except KeyError:
    harness.skip("no user ohm (contrib/scripts/ohm-setup creates it)")


def proc_ids(pid):
    """(real, effective, saved, fs) uids and gids of a running process."""
    fields = {}
    with open("/proc/%d/status" % pid) as f:
        for line in f:
            key, _, value = line.partition(":")
            fields[key] = [int(x) for x in value.split()] if key in ("Uid", "Gid") else value.strip()
    return fields["Uid"], fields["Gid"]


def check_config(h, text):
    with open(h.config_path, "w") as f:
        f.write(text)
    return subprocess.run([MILTER, "--config", h.config_path, "--check-config"], capture_output=True, text=True)


def test_drops_to_its_user_after_binding():
    with Harness() as h:
        h.start_milter()
        # The port answers from the moment it is bound, while the daemon is
        # still root; it drops its privileges just after and says so in its
        # log. Under a loaded sanitizer build that gap can be seconds.
        deadline = time.time() + 15
        while time.time() < deadline and "as uid" not in (open(h.ops_log).read() if os.path.exists(h.ops_log) else ""):
            time.sleep(0.05)
        uids, gids = proc_ids(h.milter_proc.pid)
        assert uids == [OHM.pw_uid] * 4, uids  # real, effective, saved and fs uid
        assert gids == [OHM.pw_gid] * 4, gids
        # It still serves on the port it bound as root.
        with socket.create_connection(("127.0.0.1", h.milter_port), timeout=5):
            pass
        ops = open(h.ops_log).read()
        assert "as uid %d" % OHM.pw_uid in ops, ops


def test_refuses_to_run_as_root():
    with Harness() as h:
        for user, why in (("root", "refusing to run as root"), ("", "refusing to run as root")):
            h.write_config()
            text = open(h.config_path).read().replace('user = "ohm"', 'user = "%s"' % user)
            with open(h.config_path, "w") as f:
                f.write(text)
            r = subprocess.run([MILTER, "--config", h.config_path], capture_output=True, text=True, timeout=30)
            assert r.returncode != 0, (user, r)
            assert why in r.stdout + r.stderr, (user, r)


def test_unix_socket_has_the_configured_mode():
    for mode in (0o600, 0o660):
        with Harness() as h:
            path = os.path.join(h.dir, "ohm.sock")
            h.write_config()
            text = open(h.config_path).read().replace('socket = "inet:%d@127.0.0.1"' % h.milter_port,
                                                      'socket = "unix:%s"\nsocket_mode = "%04o"' % (path, mode))
            with open(h.config_path, "w") as f:
                f.write(text)
            proc = subprocess.Popen([MILTER, "--config", h.config_path], stdout=subprocess.PIPE,
                                    stderr=subprocess.STDOUT)
            try:
                deadline = time.time() + 60
                while not os.path.exists(path) and time.time() < deadline and proc.poll() is None:
                    time.sleep(0.05)
                st = os.stat(path)
                assert stat.S_ISSOCK(st.st_mode)
                assert stat.S_IMODE(st.st_mode) == mode, "%o != %o" % (stat.S_IMODE(st.st_mode), mode)
                assert st.st_uid == OHM.pw_uid, st
                with socket.socket(socket.AF_UNIX) as s:
                    s.connect(path)
            finally:
                proc.terminate()
                proc.wait(timeout=60)


def test_refuses_a_private_key_others_can_read():
    with Harness() as h:
        keys = os.path.join(h.dir, "keys")
        os.mkdir(keys)
        subprocess.run([CLI, "keygen", "--domain", "example.com", "--selector", "s1", "--out", keys],
                       check=True, capture_output=True)
        key = os.path.join(keys, "example.com.s1.key")
        os.chmod(key, 0o644)
        h.write_config('[dkim]\nenabled = true\n[[dkim.keys]]\nname = "k"\ndomain = "example.com"\n'
                       'selector = "s1"\nkey_file = "%s"\n[[dkim.signing]]\nmatch = "*"\nkeys = ["k"]\n' % key)
        for args in ([], ["--check-config"]):
            r = subprocess.run([MILTER, "--config", h.config_path] + args, capture_output=True, text=True, timeout=30)
            out = r.stdout + r.stderr
            assert r.returncode == 78, (args, r)
            assert key in out and "chmod" in out, out
        os.chmod(key, 0o600)
        r = subprocess.run([MILTER, "--config", h.config_path, "--check-config"], capture_output=True, text=True)
        assert r.returncode == 0, r


def test_config_cannot_include_files():
    with Harness() as h:
        h.write_config()
        base = open(h.config_path).read()
        # The harness's config already has a [rules] table (its prefilter cache).
        in_rules = lambda line: base.replace("[rules]\n", "[rules]\n" + line, 1)
        for config, needle in (('include = "/etc/passwd"\n' + base, "include"),
                               (in_rules('include = ["/etc/shadow"]\n'), "include")):
            r = check_config(h, config)
            assert r.returncode == 78, (config, r)
            assert needle in r.stdout + r.stderr and "ohm.toml:" in r.stdout + r.stderr, (config, r)
        # A local rule file that is a symlink out of the rule directory is refused.
        rules = os.path.join(h.dir, "rules")
        os.mkdir(rules)
        os.symlink("/etc/shadow", os.path.join(rules, "50_shadow.cf"))
        r = check_config(h, in_rules('local_dir = "%s"\n' % rules))
        assert r.returncode == 78, r
        assert "resolves outside" in r.stdout + r.stderr, r
        shadow_hashes = [l.split(":")[1] for l in open("/etc/shadow") if len(l.split(":")) > 1 and len(l.split(":")[1]) > 2]
        for secret in shadow_hashes:
            assert secret not in r.stdout + r.stderr


if __name__ == "__main__":
    harness.run([
        ("drops to milter.user after binding", test_drops_to_its_user_after_binding),
        ("refuses to run as root", test_refuses_to_run_as_root),
        ("unix socket mode", test_unix_socket_has_the_configured_mode),
        ("refuses a key others can read", test_refuses_a_private_key_others_can_read),
        ("config and rules cannot include files", test_config_cannot_include_files),
    ])
