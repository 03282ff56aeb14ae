"""One real gateway node and one real agent for the Resolve shim's live tests (Python and Lua alike):
the shared live stack of nle-plugins/live/start.sh (a node with the demo's three originals ingested
into project "demo", an agent logged in to it serving the localhost API v1).

`./gateway test` starts one stack for every shim and names it in GATEWAY_LIVE_STACK (its stack.json);
without it, the first test that needs one starts a stack of its own in a temporary folder (start.sh,
every step under a time limit) and stops it at exit (stop.sh). A start that fails is remembered, and
every test that needs the stack fails with start.sh's message (the failing step and its log)."""

import atexit
import json
import os
import shutil
import subprocess
import tempfile

REPO = os.path.abspath(os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "..", ".."))
LIVE = os.path.join(REPO, "nle-plugins", "live")
GATEWAY = os.path.join(REPO, "gateway")


class HarnessError(AssertionError):
    pass


class Harness(object):
    """The stack as stack.json describes it: dir, store, project, user, home (the agent's), edl, ..."""

    def __init__(self, stack_file, own_dir=None):
        with open(stack_file) as f:
            s = json.load(f)
        self.own_dir = own_dir
        self.dir = s["dir"]
        self.store = s["store"]
        self.project = s["project"]
        self.user = s["user"]
        self.home = s["agent_home"]
        self.edl = s["edl"]
        with open(self.edl) as f:
            self.edl_text = f.read()

    @classmethod
    def start_own(cls):
        d = tempfile.mkdtemp(prefix="resolve-shim-live-")
        try:
            # The launcher builds first when the sources changed (minutes, once); start.sh limits each step.
            p = subprocess.run([os.path.join(LIVE, "start.sh"), d], cwd=REPO, capture_output=True, text=True,
                               timeout=2400)
        except subprocess.TimeoutExpired:
            subprocess.run([os.path.join(LIVE, "stop.sh"), d], timeout=120)
            shutil.rmtree(d, ignore_errors=True)
            raise HarnessError("nle-plugins/live/start.sh %s did not finish in 40 min" % d)
        if p.returncode != 0:
            shutil.rmtree(d, ignore_errors=True)
            raise HarnessError("nle-plugins/live/start.sh failed (exit %d):\n%s" % (p.returncode, p.stderr[-3000:]))
        return cls(os.path.join(d, "stack.json"), own_dir=d)

    def stop(self):
        if self.own_dir is not None:
            subprocess.run([os.path.join(LIVE, "stop.sh"), self.own_dir], timeout=120)
            shutil.rmtree(self.own_dir, ignore_errors=True)


_shared = {"harness": None, "error": None}


def shared():
    """The process's one stack (the shared one, or its own started on first use); raises the first
    start failure every time."""
    if _shared["error"] is not None:
        raise HarnessError(_shared["error"])
    if _shared["harness"] is None:
        try:
            stack = os.environ.get("GATEWAY_LIVE_STACK")
            if stack:
                if not os.path.isfile(stack):
                    raise HarnessError("GATEWAY_LIVE_STACK=%s is not a file (start.sh writes DIR/stack.json)" % stack)
                h = Harness(stack)
            else:
                h = Harness.start_own()
                atexit.register(h.stop)
        except HarnessError as e:
            _shared["error"] = "the test node and agent could not be started: %s" % e
            raise HarnessError(_shared["error"])
        _shared["harness"] = h
    return _shared["harness"]
