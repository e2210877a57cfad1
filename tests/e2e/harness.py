"""Real-Postfix test harness: a throwaway Postfix instance on loopback with
ohm-milter as its milter, relaying to smtp-sink. Nothing here touches the
system Postfix: every directory, port and process belongs to the test and is
removed or stopped when the harness closes.

Used as a context manager:

    with Harness() as h:
        h.start_milter()
        h.start_postfix()
        h.send(message_bytes)           # raises smtplib errors on 4xx/5xx
        h.wait_delivered(1)             # messages as the sink received them

Tests exit 77 (ctest's "skipped") when Postfix or root is not available.
"""
import json
import os
import pwd
import shutil
import signal
import smtplib
import socket
import subprocess
import sys
import tempfile
import time

BUILD = os.environ.get("OHM_BUILD_DIR", os.path.join(os.path.dirname(__file__), "..", "..", "build"))
SOURCE = os.environ.get("OHM_SOURCE_DIR", os.path.join(os.path.dirname(__file__), "..", ".."))
MILTER = os.path.join(BUILD, "ohm-milter")
CLI = os.path.join(BUILD, "ohm")
# The rules' compiled prefilter, shared by the daemons of every e2e test (the
# daemon creates it for milter.user), so that only the first compiles it:
# seconds in a release build, tens of seconds under the sanitizers. Under /tmp
# because milter.user must reach it and may not enter the build tree's parents.
PREFILTER_CACHE = os.path.join(tempfile.gettempdir(), "ohm-e2e-prefilter-cache-%d" % os.geteuid())


def with_prefilter_cache(toml, cache=PREFILTER_CACHE):
    """`toml` with rules.prefilter_cache set to `cache` (in its [rules] table when it has one)."""
    line = 'prefilter_cache = "%s"\n' % cache
    if "[rules]\n" in toml:
        return toml.replace("[rules]\n", "[rules]\n" + line, 1)
    return toml + "[rules]\n" + line
SKIP = 77


def skip(why):
    print("SKIP: " + why)
    sys.exit(SKIP)


def require_postfix():
    if os.geteuid() != 0:
        skip("the Postfix harness needs root (Postfix runs its own queue as user postfix)")
    for tool in ("/usr/sbin/postfix", "/usr/sbin/smtp-sink", "/usr/sbin/postqueue"):
        if not os.path.exists(tool):
            skip(tool + " is not installed (apt-get install postfix)")
    try:
        pwd.getpwnam("postfix")
    except KeyError:
        skip("no postfix user")


def free_port():
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


# Bounds, not delays: each wait ends as soon as its condition holds. They are
# wide because the same tests run on the ASan + UBSan build, where the daemon
# starts and stops several times slower than in the release build.
def wait_port(port, timeout=60, proc=None):
    deadline = time.time() + timeout
    while time.time() < deadline:
        if proc is not None and proc.poll() is not None:
            raise RuntimeError("process exited with %s before listening on %d" % (proc.returncode, port))
        try:
            with socket.create_connection(("127.0.0.1", port), timeout=1):
                return
        except OSError:
            time.sleep(0.05)
    raise RuntimeError("nothing listens on port %d after %ds" % (port, timeout))


def wait_port_free(port, timeout=15):
    deadline = time.time() + timeout
    while time.time() < deadline:
        try:
            with socket.create_connection(("127.0.0.1", port), timeout=1):
                time.sleep(0.1)
        except OSError:
            return
    raise RuntimeError("port %d still in use" % port)


def crlf(data):
    """Returns `data` (bytes) with every line ending CRLF, as SMTP requires."""
    return data.replace(b"\r\n", b"\n").replace(b"\n", b"\r\n")


def make_message(subject="Quarterly report", body="Hello Anna,\n\nthe figures are attached.\n\nBest,\nBob\n",
                 headers=None, omit=(), msgid=None, sender="bob@example.com"):
    """Builds a plain RFC 5322 message. `omit` names standard headers to leave out."""
    msgid = msgid or "<%d.%d@test.example.com>" % (os.getpid(), int(time.time() * 1e6))
    std = [("From", "Bob Sender <%s>" % sender), ("To", "Anna <anna@example.net>"),
           ("Subject", subject), ("Date", "Mon, 23 Nov 2026 10:00:00 +0000"),
           ("Message-ID", msgid), ("MIME-Version", "1.0"),
           ("Content-Type", "text/plain; charset=utf-8")]
    lines = ["%s: %s" % (k, v) for k, v in std if k not in omit]
    lines += ["%s: %s" % (k, v) for k, v in (headers or [])]
    return ("\r\n".join(lines) + "\r\n\r\n" + body.replace("\n", "\r\n")).encode("utf-8"), msgid


def format_score(x):
    """A score as ohm writes it: at most two decimals, no trailing zeros."""
    return ("%.2f" % x).rstrip("0").rstrip(".")


def cli_verdict(message, *args):
    """`ohm check --json` of `message` (bytes) with the default configuration:
    the offline twin of what the milter should decide."""
    r = subprocess.run([CLI, "check", "--json"] + list(args) + ["-"], input=message, capture_output=True)
    assert r.returncode in (0, 1, 2, 3, 4), r
    return json.loads(r.stdout)


def expected_verdict_header(message, *args):
    """The unfolded X-Ohm-Verdict value the milter must add for `message`,
    computed through the CLI, so that tests follow the default rules' scores."""
    v = cli_verdict(message, *args)
    hits = ", ".join("%s=%s" % (h["name"], format_score(h["score"])) for h in v["rules"])
    return v["action"] + ("; " + hits if hits else "")


def send_one(port, message, mail_from="bob@example.com", rcpts=("anna@example.net",)):
    """Sends one message to 127.0.0.1:`port`. Returns None when accepted, else the
    SMTP reply that refused it ("451 4.7.1 ...") or the connection error."""
    try:
        with smtplib.SMTP("127.0.0.1", port, timeout=60) as s:
            s.ehlo("client.example.com")
            s.sendmail(mail_from, list(rcpts), crlf(message))
        return None
    except smtplib.SMTPRecipientsRefused as e:
        code, text = list(e.recipients.values())[0]
        return "%d %s" % (code, text.decode("utf-8", "replace"))
    except smtplib.SMTPResponseException as e:
        return "%d %s" % (e.smtp_code, e.smtp_error.decode("utf-8", "replace"))
    except (smtplib.SMTPException, OSError) as e:
        return "connection: %s" % e


def send_concurrently(port, messages, threads=4):
    """Sends `messages` [(bytes, Message-ID)] over `threads` SMTP clients.
    Returns ({Message-ID: None or refusal}, seconds)."""
    import concurrent.futures
    started = time.time()
    with concurrent.futures.ThreadPoolExecutor(max_workers=threads) as pool:
        results = list(pool.map(lambda m: (m[1], send_one(port, m[0])), messages))
    return dict(results), time.time() - started


class Load:
    """Background SMTP load: `threads` clients send messages from `factory(n)`
    -> (bytes, Message-ID) until stop(), or until `count` messages were sent.
    results maps each Message-ID to None (accepted) or the refusal."""

    def __init__(self, port, factory, threads=4, count=None):
        import threading
        self.port, self.factory, self.count = port, factory, count
        self.results = {}
        self.messages = {}  # Message-ID -> bytes, for a client's resend
        self.lock = threading.Lock()
        self.next = 0
        self.stopping = threading.Event()
        self.workers = [threading.Thread(target=self._run) for _ in range(threads)]
        for w in self.workers:
            w.start()

    def _run(self):
        while not self.stopping.is_set():
            with self.lock:
                n = self.next
                if self.count is not None and n >= self.count:
                    return
                self.next += 1
            message, mid = self.factory(n)
            outcome = send_one(self.port, message)
            with self.lock:
                self.results[mid] = outcome
                self.messages[mid] = message

    def sent(self):
        with self.lock:
            return len(self.results)

    def wait_sent(self, n, timeout=120):
        deadline = time.time() + timeout
        while self.sent() < n and time.time() < deadline:
            time.sleep(0.05)
        return self.sent()

    def stop(self):
        self.stopping.set()
        for w in self.workers:
            w.join()
        return self.results

    def refused(self):
        with self.lock:
            return {m: r for m, r in self.results.items() if r is not None}


class RedisServer:
    """A throwaway redis-server on a loopback port of its own, no persistence:
    started, killed, frozen (SIGSTOP: connected but silent) and thawed by the
    guard's tests."""

    BIN = shutil.which("redis-server") or "/usr/bin/redis-server"

    def __init__(self, workdir):
        self.port = free_port()
        self.workdir = workdir
        self.proc = None

    @classmethod
    def require(cls):
        if not os.path.exists(cls.BIN):
            skip("redis-server is not installed (apt-get install redis-server)")

    def start(self):
        self.proc = subprocess.Popen([self.BIN, "--port", str(self.port), "--bind", "127.0.0.1", "--save", "",
                                      "--appendonly", "no", "--dir", self.workdir],
                                     stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
        wait_port(self.port, proc=self.proc)

    def kill(self):
        if self.proc and self.proc.poll() is None:
            self.proc.send_signal(signal.SIGCONT)
            self.proc.kill()
            self.proc.wait()

    def freeze(self):
        self.proc.send_signal(signal.SIGSTOP)

    def thaw(self):
        self.proc.send_signal(signal.SIGCONT)


class Harness:
    def __init__(self):
        self.dir = tempfile.mkdtemp(prefix="ohm-e2e-")
        os.chmod(self.dir, 0o755)  # the postfix and ohm users must traverse it
        self.milter_proc = None
        self.sink_proc = None
        self.postfix_dir = os.path.join(self.dir, "postfix")
        self.sink_dir = os.path.join(self.dir, "sink")
        self.postfix_started = False
        self.milter_port = free_port()
        self.smtp_port = free_port()
        self.sink_port = free_port()
        self.message_log = os.path.join(self.dir, "messages.log")
        self.ops_log = os.path.join(self.dir, "ohm.log")
        self.config_path = os.path.join(self.dir, "ohm.toml")

    # --- the milter ---------------------------------------------------------

    def write_config(self, extra=""):
        """Writes the milter's config: the defaults with this test's socket and logs, plus `extra` TOML."""
        with open(self.config_path, "w") as f:
            f.write('[milter]\nsocket = "inet:%d@127.0.0.1"\nuser = "ohm"\n' % self.milter_port)
            f.write('[log]\nmessages = "%s"\noperational = "%s"\nlevel = "debug"\n' % (self.message_log, self.ops_log))
            f.write(extra if "prefilter_cache" in extra else with_prefilter_cache(extra))

    def start_milter(self, extra_config=""):
        if not os.path.exists(self.config_path) or extra_config:
            self.write_config(extra_config)
        wait_port_free(self.milter_port)
        self.milter_proc = subprocess.Popen([MILTER, "--config", self.config_path],
                                            stdout=subprocess.PIPE, stderr=subprocess.STDOUT)
        wait_port(self.milter_port, proc=self.milter_proc)

    def stop_milter(self, sig=signal.SIGTERM):
        if self.milter_proc and self.milter_proc.poll() is None:
            self.milter_proc.send_signal(sig)
            try:
                self.milter_proc.wait(timeout=60)
            except subprocess.TimeoutExpired:
                self.milter_proc.kill()
                self.milter_proc.wait()
        out = self.milter_proc.stdout.read().decode("utf-8", "replace") if self.milter_proc else ""
        self.milter_proc = None
        return out

    def log_records(self):
        """Every JSON line of the milter's message log."""
        if not os.path.exists(self.message_log):
            return []
        with open(self.message_log, encoding="utf-8") as f:
            return [json.loads(line) for line in f if line.strip()]

    def wait_log_record(self, message_id, timeout=60):
        deadline = time.time() + timeout
        while time.time() < deadline:
            for r in self.log_records():
                if r.get("message_id") == message_id:
                    return r
            time.sleep(0.1)
        raise AssertionError("no log record for %s in %s" % (message_id, self.message_log))

    # --- Postfix and the sink -----------------------------------------------

    def postconf(self, *args):
        subprocess.run(["/usr/sbin/postconf", "-c", self.postfix_dir] + list(args), check=True,
                       stdout=subprocess.DEVNULL)

    def start_postfix(self, default_action="tempfail", main_extra=()):
        os.makedirs(self.sink_dir)
        os.chmod(self.sink_dir, 0o777)
        self.sink_proc = subprocess.Popen(["/usr/sbin/smtp-sink", "-u", "nobody", "-d", self.sink_dir + "/%H%M%S.",
                                           "127.0.0.1:%d" % self.sink_port, "64"])
        wait_port(self.sink_port, proc=self.sink_proc)

        os.makedirs(self.postfix_dir)
        shutil.copy("/etc/postfix/master.cf", self.postfix_dir)
        queue = os.path.join(self.dir, "queue")
        data = os.path.join(self.dir, "data")
        for d in (queue, data):
            os.makedirs(d)
            shutil.chown(d, "postfix")
        with open(os.path.join(self.postfix_dir, "main.cf"), "w") as f:
            f.write("\n".join([
                "compatibility_level = 3.6",
                "queue_directory = " + queue,
                "data_directory = " + data,
                "mail_owner = postfix",
                "setgid_group = postdrop",
                "myhostname = ohm-test.example.com",
                "mydomain = example.com",
                "myorigin = example.com",
                "mydestination =",
                "inet_interfaces = 127.0.0.1",
                "inet_protocols = ipv4",
                "mynetworks = 127.0.0.0/8",
                "relayhost = [127.0.0.1]:%d" % self.sink_port,
                "smtpd_relay_restrictions = permit_mynetworks, reject",
                "smtp_host_lookup = native",
                "disable_dns_lookups = yes",
                "maillog_file = " + os.path.join(self.postfix_dir, "maillog"),
                "maillog_file_prefixes = /var, /dev/stdout, " + self.dir,
                "smtpd_milters = inet:127.0.0.1:%d" % self.milter_port,
                "non_smtpd_milters = inet:127.0.0.1:%d" % self.milter_port,
                "milter_default_action = " + default_action,
                "milter_protocol = 6",
                "alias_maps =",
                "alias_database =",
                "biff = no",
                "smtputf8_enable = no",
            ] + list(main_extra)) + "\n")
        self.postconf("-F", "*/*/chroot = n")
        self.postconf("-M#", "smtp/inet")
        subprocess.run(["/usr/sbin/postfix", "-c", self.postfix_dir, "check"], check=False)
        # A port found free can be taken by another process before master binds
        # it (master then dies with "mail system startup failed"): another port.
        for attempt in range(3):
            self.postconf("-M", "127.0.0.1:%d/inet=127.0.0.1:%d inet n - n - - smtpd" % (self.smtp_port, self.smtp_port))
            r = subprocess.run(["/usr/sbin/postfix", "-c", self.postfix_dir, "start"], capture_output=True, text=True)
            if r.returncode == 0:
                break
            if attempt == 2:
                raise RuntimeError("postfix start failed: %s %s %s" % (r.stdout, r.stderr, self.maillog()))
            self.postconf("-MX", "127.0.0.1:%d/inet" % self.smtp_port)
            self.smtp_port = free_port()
        self.postfix_started = True
        wait_port(self.smtp_port)

    def maillog(self):
        p = os.path.join(self.postfix_dir, "maillog")
        return open(p, errors="replace").read() if os.path.exists(p) else ""

    def send(self, message, mail_from="bob@example.com", rcpts=("anna@example.net",)):
        """Sends over SMTP to the test Postfix; raises smtplib's exceptions on a refusal."""
        with smtplib.SMTP("127.0.0.1", self.smtp_port, timeout=60) as s:
            s.ehlo("client.example.com")
            s.sendmail(mail_from, list(rcpts), crlf(message))

    def sendmail(self, message, mail_from="bob@example.com", rcpts=("anna@example.net",)):
        """Submits through Postfix's sendmail(1), the non_smtpd_milters path."""
        subprocess.run(["/usr/sbin/sendmail", "-C", self.postfix_dir, "-f", mail_from, "--"] + list(rcpts),
                       input=message.replace(b"\r\n", b"\n"), check=True)

    def delivered(self):
        """Messages the sink has received, as bytes (smtp-sink's own X- lines included)."""
        if not os.path.isdir(self.sink_dir):
            return []
        out = []
        for name in sorted(os.listdir(self.sink_dir)):
            with open(os.path.join(self.sink_dir, name), "rb") as f:
                out.append(f.read())
        return out

    def wait_delivered(self, count, timeout=30):
        deadline = time.time() + timeout
        while time.time() < deadline:
            got = self.delivered()
            if len(got) >= count:
                return got
            self.flush()
            time.sleep(0.2)
        raise AssertionError("sink has %d messages, want %d\n%s" % (len(self.delivered()), count, self.maillog()[-3000:]))

    def delivered_with(self, message_id, timeout=30):
        """The first sink message holding `message_id` (any marker) whose header
        section is complete: smtp-sink creates its file before the data is in."""
        deadline = time.time() + timeout
        while time.time() < deadline:
            for m in self.delivered():
                if message_id.encode() in m and (b"\r\n\r\n" in m or b"\n\n" in m):
                    return m
            time.sleep(0.2)
        raise AssertionError("%s never reached the sink\n%s" % (message_id, self.maillog()[-3000:]))

    def flush(self):
        subprocess.run(["/usr/sbin/postqueue", "-c", self.postfix_dir, "-f"], check=False,
                       stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)

    def queue(self):
        """The instance's queue as postqueue -j reports it: a list of dicts (queue_name, queue_id, ...)."""
        r = subprocess.run(["/usr/sbin/postqueue", "-c", self.postfix_dir, "-j"], capture_output=True, text=True)
        return [json.loads(line) for line in r.stdout.splitlines() if line.strip()]

    def queued_message_ids(self):
        """{Message-ID: queue_name} of every message in the instance's queue (maildrop,
        incoming, active, deferred, hold), read from the queue files themselves."""
        out = {}
        for q in self.queue():
            r = subprocess.run(["/usr/sbin/postcat", "-c", self.postfix_dir, "-h", "-q", q["queue_id"]],
                               capture_output=True)
            for line in r.stdout.decode("utf-8", "replace").splitlines():
                if line.lower().startswith("message-id:"):
                    out[line.split(":", 1)[1].strip()] = q["queue_name"]
                    break
            else:
                out["(no Message-ID, queue id %s)" % q["queue_id"]] = q["queue_name"]
        return out

    def delivered_message_ids(self, candidates):
        """Which of `candidates` (Message-IDs) the sink received."""
        blob = b"\n".join(self.delivered())
        return {m for m in candidates if m.encode() in blob}

    def account(self, sent, refused):
        """The nothing-lost count: every Message-ID in `sent` is delivered (sink),
        queued (any Postfix queue) or in `refused` (4xx/5xx at SMTP, still with the client).
        Returns a dict of the counts and the lost Message-IDs."""
        sent = set(sent)
        # The queue first, then the sink: a message leaving the queue in between
        # is then found in the sink, never in neither.
        in_queue = self.queued_message_ids()
        delivered = self.delivered_message_ids(sent)
        queued = {m: q for m, q in in_queue.items() if m in sent and m not in delivered}
        refused = set(refused) - delivered - set(queued)
        lost = sent - delivered - set(queued) - refused
        by_queue = {}
        for q in queued.values():
            by_queue[q] = by_queue.get(q, 0) + 1
        return {"sent": len(sent), "delivered": len(delivered), "queued": len(queued), "queues": by_queue,
                "refused": len(refused), "lost": sorted(lost)}

    def wait_queue_empty(self, timeout=60):
        """Kicks pickup and the queue manager until the queue is empty; returns what is left."""
        deadline = time.time() + timeout
        while time.time() < deadline:
            left = [q for q in self.queue() if q["queue_name"] != "hold"]
            if not left:
                return []
            subprocess.run(["/usr/sbin/postkick", "-c", self.postfix_dir, "public", "pickup", "W"], check=False,
                           stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
            self.flush()
            time.sleep(0.5)
        return [q for q in self.queue() if q["queue_name"] != "hold"]

    def postcat(self, queue_id):
        r = subprocess.run(["/usr/sbin/postcat", "-c", self.postfix_dir, "-q", queue_id], capture_output=True)
        return r.stdout

    def stop_postfix(self):
        if self.postfix_started:
            subprocess.run(["/usr/sbin/postfix", "-c", self.postfix_dir, "stop"], check=False,
                           stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
            self.postfix_started = False

    # --- lifetime ------------------------------------------------------------

    def __enter__(self):
        return self

    def __exit__(self, *exc):
        self.close()
        return False

    def close(self):
        self.stop_postfix()
        self.stop_milter()
        if self.sink_proc and self.sink_proc.poll() is None:
            self.sink_proc.terminate()
            self.sink_proc.wait()
        # Postfix's master may take a moment to stop its children.
        time.sleep(0.2)
        if os.environ.get("OHM_KEEP_E2E") != "1":
            shutil.rmtree(self.dir, ignore_errors=True)


def run(tests):
    """Runs each (name, function) and prints a closing 'N passed, N failed' line; exits non-zero on failure."""
    passed = failed = 0
    for name, fn in tests:
        try:
            fn()
            print("PASS " + name)
            passed += 1
        except Exception as e:  # a test's failure, reported with its message
            import traceback
            traceback.print_exc()
            print("FAIL %s: %s" % (name, e))
            failed += 1
    print("%d passed, %d failed" % (passed, failed))
    sys.exit(1 if failed else 0)
