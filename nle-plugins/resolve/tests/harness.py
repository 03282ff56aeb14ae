"""One real gateway node and one real agent for the Resolve shim's tests (Python and Lua alike).

Started once per test process through the repository's own launcher, exactly as a user would:
  ./gateway project add / user add      (the node's store, before it runs)
  ./gateway serve --config <temp yaml>  (TLS with its self-signed certificate, ephemeral ports)
  ./gateway ingest <originals> --wait   (originals made by the node's own sample generator)
  ./gateway agent login ...             (a session in a temporary agent home)
  ./gateway agent serve --home <tmp>    (the localhost API v1; its discovery file <home>/agent.json)
Stopped at exit. A step that fails is remembered, and every test that needs the harness fails with
that step's message (what ran, its exit status, the end of its output)."""

import atexit
import json
import os
import queue
import shutil
import signal
import socket
import subprocess
import tempfile
import threading
import time

REPO = os.path.abspath(os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "..", ".."))
GATEWAY = os.path.join(REPO, "gateway")
PROJECT = "e2e"
USER, PASSWORD = "ana", "resolve-shim-e2e-pass"
SAMPLES = (("a001c003", "A001C003.mov"),)  # one 10 s 1080p ProRes original: minutes to make on 2 cores
JVM_FLAGS = ["--enable-native-access=ALL-UNNAMED", "--sun-misc-unsafe-memory-access=allow",
             "-Dhazelcast.phone.home.enabled=false", "-Dhazelcast.logging.type=jdk"]

# A one-event CMX 3600 EDL on the first sample (reel A001C003, which starts at 01:00:00:00).
EDL = ("TITLE: resolve shim e2e\n"
       "FCM: NON-DROP FRAME\n\n"
       "001  A001C003 V     C        01:00:01:00 01:00:03:00 01:00:00:00 01:00:02:00\n"
       "* FROM CLIP NAME: A001C003.mov\n")


class HarnessError(AssertionError):
    pass


def free_port():
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def run(args, what, timeout_s, stdin=None, env=None):
    try:
        p = subprocess.run(args, cwd=REPO, input=stdin, capture_output=True, text=True, timeout=timeout_s, env=env)
    except subprocess.TimeoutExpired:
        raise HarnessError("%s did not finish in %d s: %s" % (what, timeout_s, " ".join(args)))
    if p.returncode != 0:
        raise HarnessError("%s failed (exit %d): %s\n%s" % (what, p.returncode, " ".join(args),
                                                             (p.stderr or p.stdout)[-2000:]))
    return p.stdout


def run_as_worker(args, what, timeout_s, env=None):
    """Runs a worker task as the node runs it: its standard input stays open while it works (the
    task halts when its input ends: that is how it notices its parent is gone)."""
    p = subprocess.Popen(args, cwd=REPO, stdin=subprocess.PIPE, stdout=subprocess.PIPE,
                         stderr=subprocess.STDOUT, text=True, env=env)
    try:
        out = p.stdout.read()
        p.wait(timeout=timeout_s)
    except subprocess.TimeoutExpired:
        p.kill()
        raise HarnessError("%s did not finish in %d s: %s" % (what, timeout_s, " ".join(args)))
    finally:
        p.stdin.close()
    if p.returncode != 0:
        raise HarnessError("%s failed (exit %d): %s\n%s" % (what, p.returncode, " ".join(args), out[-2000:]))
    return out


class Process(object):
    """A long-running child whose output lines are collected on a thread."""

    def __init__(self, args, what):
        self.what = what
        self.lines = queue.Queue()
        self.tail = []
        self.proc = subprocess.Popen(args, cwd=REPO, stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True,
                                     start_new_session=True)
        threading.Thread(target=self._pump, daemon=True).start()

    def _pump(self):
        for line in self.proc.stdout:
            self.tail = (self.tail + [line.rstrip()])[-40:]
            self.lines.put(line)
        self.lines.put(None)

    def wait_for_line(self, text, timeout_s):
        deadline = time.monotonic() + timeout_s
        while True:
            left = deadline - time.monotonic()
            if left <= 0:
                raise HarnessError("%s printed no '%s' in %d s; last output:\n%s"
                                   % (self.what, text, timeout_s, "\n".join(self.tail)))
            try:
                line = self.lines.get(timeout=left)
            except queue.Empty:
                continue
            if line is None:
                raise HarnessError("%s ended (exit %s) before printing '%s'; last output:\n%s"
                                   % (self.what, self.proc.wait(), text, "\n".join(self.tail)))
            if text in line:
                return line

    def stop(self):
        if self.proc.poll() is None:
            os.killpg(self.proc.pid, signal.SIGTERM)
            try:
                self.proc.wait(timeout=30)
            except subprocess.TimeoutExpired:
                os.killpg(self.proc.pid, signal.SIGKILL)
                self.proc.wait(timeout=10)


class Harness(object):
    def __init__(self):
        self.dir = tempfile.mkdtemp(prefix="resolve-shim-e2e-")
        self.store = os.path.join(self.dir, "data")
        self.home = os.path.join(self.dir, "agent-home")
        self.originals = os.path.join(self.dir, "originals")
        self.node = None
        self.agent = None
        self.grpc = None
        self.edl = os.path.join(self.dir, "cut.edl")

    # -- steps -------------------------------------------------------------------------------

    def start(self):
        self.grpc, http, cluster = free_port(), free_port(), free_port()
        config = os.path.join(self.dir, "node.yaml")
        with open(config, "w") as f:
            f.write("server:\n  host: 127.0.0.1\n  http-port: %d\n  grpc-port: %d\n"
                    "store:\n  dir: %s\ncluster:\n  name: resolve-e2e-%d\n  port: %d\n  members: [127.0.0.1]\n"
                    "ingest:\n  local-workers: 1\n  poll-ms: 200\n" % (http, self.grpc, self.store, cluster, cluster,))
        run([GATEWAY, "serve", "--help"], "building the gateway", 1800)  # builds when sources changed
        run([GATEWAY, "user", "add", USER, "--password", PASSWORD, "--store", self.store],
            "adding the test user", 300)
        run([GATEWAY, "project", "add", PROJECT, "--admin", USER, "--store", self.store],
            "adding the project", 300)
        self.generate_originals()
        self.node = Process([GATEWAY, "serve", "--config", config], "the node (./gateway serve)")
        self.node.wait_for_line("gateway ready", 300)
        cert = os.path.join(self.store, "security", "tls", "cert.pem")
        server = ["--server", "127.0.0.1:%d" % self.grpc, "--ca", cert]
        run([GATEWAY, "ingest", self.originals, "--project", PROJECT, "--wait", "--user", USER, "--password",
             PASSWORD] + server, "ingesting the originals", 900)
        run([GATEWAY, "agent", "login", "--home", self.home, "--user", USER, "--password-stdin"] + server,
            "agent login", 120, stdin=PASSWORD + "\n")
        with open(self.edl, "w") as f:
            f.write(EDL)
        port = free_port()
        self.agent = Process([GATEWAY, "agent", "serve", "--home", self.home, "--port", str(port)] + server,
                             "the agent (./gateway agent serve)")
        self.wait_for_discovery(60)

    def generate_originals(self):
        """The node's own sample generator (the one `./gateway demo` uses): reel and timecode included."""
        os.makedirs(self.originals, exist_ok=True)
        for preset, name in SAMPLES:
            self.node_java(["gateway.ingest.task.MediaTaskMain", "generate", preset,
                            os.path.join(self.originals, name)], "generating %s" % name)

    def node_java(self, main_and_args, what):
        """Runs a main class of the launcher's current build (the CLI's class path), with its JVM flags."""
        lib = os.path.join(REPO, ".gateway", "run", "current", "gateway-cli")
        jars = [os.path.join(lib, j) for j in os.listdir(lib) if j.endswith(".jar")]
        java = os.path.join(os.environ["JAVA_HOME"], "bin", "java") if os.environ.get("JAVA_HOME") else None
        java = java if java and os.path.exists(java) and self.major(java) >= 21 else self.launcher_java()
        env = dict(os.environ, GST_REGISTRY=os.path.join(REPO, ".gateway", "gst-registry.bin"))
        return run_as_worker([java] + JVM_FLAGS + ["-Dgateway.home=" + REPO, "-cp",
                    ":".join(jars + [os.path.join(lib, "lib", "*")])] + main_and_args, what, 600, env=env)

    @staticmethod
    def major(java):
        p = subprocess.run([java, "-XshowSettings:properties", "-version"], capture_output=True, text=True)
        for line in p.stderr.splitlines():
            if "java.specification.version" in line:
                return int(line.split("=")[1].strip().split(".")[0])
        return 0

    @classmethod
    def launcher_java(cls):
        """The newest JDK >= 21 under /usr/lib/jvm, as the launcher chooses."""
        best, best_major = None, 0
        for d in sorted(os.listdir("/usr/lib/jvm")) if os.path.isdir("/usr/lib/jvm") else []:
            java = os.path.join("/usr/lib/jvm", d, "bin", "java")
            if os.path.exists(java) and not os.path.islink(os.path.join("/usr/lib/jvm", d)):
                m = cls.major(java)
                if m >= 21 and m > best_major:
                    best, best_major = java, m
        if best is None:
            raise HarnessError("no JDK >= 21 under /usr/lib/jvm to run the gateway's CLI; set JAVA_HOME")
        return best

    def wait_for_discovery(self, timeout_s):
        path = os.path.join(self.home, "agent.json")
        deadline = time.monotonic() + timeout_s
        while not os.path.exists(path):
            if self.agent.proc.poll() is not None:
                raise HarnessError("the agent (./gateway agent serve --home %s) exited with %s without writing its"
                                   " discovery file %s (API v1, nle-plugins/agent/API.md); its output:\n%s"
                                   % (self.home, self.agent.proc.returncode, path, "\n".join(self.agent.tail)))
            if time.monotonic() > deadline:
                raise HarnessError("the agent wrote no discovery file %s in %d s (API v1, nle-plugins/agent/API.md);"
                                   " its output:\n%s" % (path, timeout_s, "\n".join(self.agent.tail)))
            time.sleep(0.2)  # another process writes the file: nothing to wait on but the file itself
        with open(path) as f:
            json.load(f)  # complete (the agent writes it with temp + rename)

    def stop(self):
        for p in (self.agent, self.node):
            if p is not None:
                p.stop()
        shutil.rmtree(self.dir, ignore_errors=True)


_shared = {"harness": None, "error": None}


def shared():
    """The process's one harness, started on first use; raises the first start failure every time."""
    if _shared["error"] is not None:
        raise HarnessError(_shared["error"])
    if _shared["harness"] is None:
        h = Harness()
        atexit.register(h.stop)
        try:
            h.start()
        except HarnessError as e:
            _shared["error"] = "the test node and agent could not be started: %s" % e
            raise HarnessError(_shared["error"])
        _shared["harness"] = h
    return _shared["harness"]
