"""`gateway agent watch-exports DIR` (the Media Composer path: Avid exports an EDL into DIR) against the
live stack's real node and agent (nle-plugins/resolve/tests/harness.py): an EDL dropped into the folder
is conformed on the node and its reports land beside it; an exported file that is not an edit fails
with one line naming it and leaves no report. Run by nle-plugins/live/run.sh (./gateway test)."""

import json
import os
import queue
import shutil
import signal
import subprocess
import sys
import tempfile
import threading
import unittest

HERE = os.path.dirname(os.path.abspath(__file__))
sys.path.insert(0, os.path.join(HERE, "..", "..", "resolve", "tests"))

import harness  # noqa: E402

WAIT_S = 180  # one conform on a busy 2-core machine, with the watcher's JVM starting first


class WatchExportsTest(unittest.TestCase):
    def setUp(self):
        self.h = harness.shared()
        with open(os.path.join(self.h.dir, "stack.json")) as f:
            stack = json.load(f)
        self.dir = tempfile.mkdtemp(prefix="avid-exports-", dir=self.h.dir)
        self.lines = queue.Queue()
        self.proc = subprocess.Popen(
            [harness.GATEWAY, "agent", "watch-exports", self.dir, "--project", self.h.project, "--rate", "25",
             "--every", "1", "--home", self.h.home, "--server", "127.0.0.1:%d" % stack["grpc_port"],
             "--ca", stack["ca"]],
            stdout=subprocess.PIPE, stderr=subprocess.PIPE, stdin=subprocess.DEVNULL, text=True,
            start_new_session=True)
        for name, stream in (("out", self.proc.stdout), ("err", self.proc.stderr)):
            threading.Thread(target=self._pump, args=(name, stream), daemon=True).start()
        self.seen = []

    def _pump(self, name, stream):
        for line in stream:
            self.lines.put((name, line.rstrip("\n")))
        self.lines.put((name, None))

    def next_line(self, wanted):
        """The next line (stream, text) for which wanted(stream, text) holds; fails after WAIT_S."""
        while True:
            try:
                name, line = self.lines.get(timeout=WAIT_S)
            except queue.Empty:
                self.fail("no such line from watch-exports in %d s; it said: %s" % (WAIT_S, self.seen))
            if line is None:
                self.fail("watch-exports ended (exit %s); it said: %s" % (self.proc.poll(), self.seen))
            self.seen.append((name, line))
            if wanted(name, line):
                return line

    def tearDown(self):
        if self.proc.poll() is None:
            os.killpg(self.proc.pid, signal.SIGTERM)
            try:
                self.proc.wait(timeout=30)
            except subprocess.TimeoutExpired:
                os.killpg(self.proc.pid, signal.SIGKILL)
                self.proc.wait(timeout=30)
        self.proc.stdout.close()
        self.proc.stderr.close()
        shutil.rmtree(self.dir, ignore_errors=True)

    def test_an_edl_dropped_in_is_conformed_and_its_reports_land_beside_it(self):
        self.next_line(lambda s, l: l.startswith("watching "))
        edl = os.path.join(self.dir, "AVID_CUT_R1.edl")
        with open(edl + ".tmp", "w") as f:
            f.write(self.h.edl_text)
        os.rename(edl + ".tmp", edl)
        done = self.next_line(lambda s, l: l.startswith("AVID_CUT_R1.edl: "))
        self.assertEqual("AVID_CUT_R1.edl: 1 of 1 events matched, 0 unmatched, 0 ambiguous; report "
                         + edl + ".conform-report.html", done)
        self.assertTrue(os.path.getsize(edl + ".conform-report.html") > 0)
        with open(edl + ".conform-report.json") as f:
            report = json.load(f)
        self.assertIn("totals", json.dumps(report))
        self.assertEqual([], [n for n in os.listdir(self.dir) if n.endswith(".part") or n.endswith(".tmp")],
                         "no half-written file beside the edit")

    def test_an_export_that_is_not_an_edit_fails_with_one_line_and_no_report(self):
        self.next_line(lambda s, l: l.startswith("watching "))
        bad = os.path.join(self.dir, "notes.edl")
        with open(bad, "w") as f:
            f.write("just words, not a timeline\n")
        line = self.next_line(lambda s, l: l.startswith("notes.edl: "))
        self.assertEqual("notes.edl: FAILED " + bad + " is not an edit we recognise (CMX 3600 EDL, OTIO JSON, FCP 7 XML,"
                         " FCPXML, ALE or AAF)", line)
        self.assertFalse(os.path.exists(bad + ".conform-report.html"))
        self.assertEqual(["notes.edl"], os.listdir(self.dir))


if __name__ == "__main__":
    unittest.main()
