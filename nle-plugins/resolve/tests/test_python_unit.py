"""Pure logic of the Python shim: discovery file, response parsing, the wire (against a stand-in HTTP
server that records what it got), and the messages when a Resolve call returns False or None."""

import json
import os
import sys
import tempfile
import threading
import unittest
from http.server import BaseHTTPRequestHandler, HTTPServer

HERE = os.path.dirname(os.path.abspath(__file__))
sys.path.insert(0, os.path.join(HERE, "..", "python"))
sys.path.insert(0, HERE)

import fake_resolve  # noqa: E402
import gateway_resolve as gr  # noqa: E402


def write_discovery(home, doc):
    os.makedirs(home, exist_ok=True)
    with open(os.path.join(home, "agent.json"), "w") as f:
        f.write(doc if isinstance(doc, str) else json.dumps(doc))


class DiscoveryTest(unittest.TestCase):
    def setUp(self):
        self.home = tempfile.mkdtemp(prefix="resolve-home-")

    def test_missing_file_says_agent_not_running(self):
        with self.assertRaises(gr.GatewayError) as c:
            gr.read_discovery(self.home)
        self.assertIn("the gateway agent is not running (start it with ./gateway agent serve)", str(c.exception))
        self.assertIn(os.path.join(self.home, "agent.json"), str(c.exception))

    def test_not_json(self):
        write_discovery(self.home, "{port: 1")
        with self.assertRaisesRegex(gr.GatewayError, "is not JSON"):
            gr.read_discovery(self.home)

    def test_other_version(self):
        write_discovery(self.home, {"version": 2, "port": 1, "token": "t"})
        with self.assertRaisesRegex(gr.GatewayError, "API version 2; these scripts speak version 1"):
            gr.read_discovery(self.home)

    def test_bad_port_and_missing_token(self):
        write_discovery(self.home, {"version": 1, "port": "47474", "token": "t"})
        with self.assertRaisesRegex(gr.GatewayError, "no valid port"):
            gr.read_discovery(self.home)
        write_discovery(self.home, {"version": 1, "port": 47474})
        with self.assertRaisesRegex(gr.GatewayError, "no token"):
            gr.read_discovery(self.home)

    def test_loopback_only_whatever_base_url_says(self):
        write_discovery(self.home, {"version": 1, "port": 47474, "token": "tok",
                                    "base_url": "http://evil.example:80"})
        d = gr.read_discovery(self.home)
        self.assertEqual("http://127.0.0.1:47474", d.base_url)
        self.assertEqual("tok", d.token)

    def test_home_from_environment(self):
        self.assertEqual("/x/y", gr.agent_home({"GATEWAY_AGENT_HOME": "/x/y"}))
        self.assertTrue(gr.agent_home({}).endswith(".gateway-agent"))


class ResponseParsingTest(unittest.TestCase):
    def test_error_body_gives_reason_and_message(self):
        body = json.dumps({"error": {"reason": "NOT_FOUND", "message": "asset 42 is not in project feature"}})
        e = gr.error_from_response(404, body.encode(), "asset 42")
        self.assertEqual("agent: asset 42 failed: HTTP 404 NOT_FOUND: asset 42 is not in project feature", str(e))
        self.assertEqual("NOT_FOUND", e.reason)

    def test_unauthenticated_and_offline_hints(self):
        self.assertIn("refused our token", str(gr.error_from_response(401, b"", "search")))
        self.assertIn("offline", str(gr.error_from_response(503, b"{}", "search")))

    def test_not_json_answer(self):
        with self.assertRaisesRegex(gr.AgentError, "not JSON"):
            gr.parse_json_body(b"<html>", "status")

    def test_missing_field_names_it(self):
        with self.assertRaisesRegex(gr.AgentError, '"job_id"'):
            gr.require({"assets": []}, "job_id", str, "make local")

    def test_formats(self):
        self.assertEqual("1.5 MB", gr.format_bytes(1500000))
        self.assertEqual("1 h 01 min", gr.format_seconds(3660))
        self.assertIn("unknown", gr.format_seconds(None))


class Recording(BaseHTTPRequestHandler):
    """Answers from `answers` (path -> (status, body)) and records each request."""
    answers = {}
    seen = []

    def _answer(self):
        length = int(self.headers.get("Content-Length") or 0)
        body = self.rfile.read(length) if length else b""
        Recording.seen.append((self.command, self.path, dict(self.headers), body))
        status, payload = Recording.answers.get(self.path.split("?")[0], (404, b'{"error": {"reason": "NOT_FOUND"}}'))
        self.send_response(status)
        self.send_header("Content-Type", "application/json")
        self.send_header("Content-Length", str(len(payload)))
        self.end_headers()
        self.wfile.write(payload)

    do_GET = _answer
    do_POST = _answer

    def log_message(self, *args):
        pass


class WireTest(unittest.TestCase):
    @classmethod
    def setUpClass(cls):
        cls.server = HTTPServer(("127.0.0.1", 0), Recording)
        threading.Thread(target=cls.server.serve_forever, daemon=True).start()

    @classmethod
    def tearDownClass(cls):
        cls.server.shutdown()
        cls.server.server_close()

    def setUp(self):
        Recording.seen.clear()
        port = self.server.server_address[1]
        self.client = gr.AgentClient(gr.Discovery("http://127.0.0.1:%d" % port, "s3cret", port, "agent.json"))

    def test_bearer_token_host_and_json_body(self):
        Recording.answers = {"/v1/local": (202, b'{"job_id": "j1", "assets": []}')}
        answer = self.client.local({"query": "reel:A001", "project": "feature"}, "edit")
        self.assertEqual("j1", answer["job_id"])
        method, path, headers, body = Recording.seen[0]
        self.assertEqual(("POST", "/v1/local"), (method, path))
        self.assertEqual("Bearer s3cret", headers["Authorization"])
        self.assertEqual("127.0.0.1:%d" % self.client.discovery.port, headers["Host"])
        self.assertEqual("application/json", headers["Content-Type"])
        self.assertEqual({"query": "reel:A001", "project": "feature", "profile": "edit"}, json.loads(body))

    def test_error_answer_becomes_agent_error(self):
        Recording.answers = {"/v1/conform": (400, b'{"error": {"reason": "INVALID_ARGUMENT", "message": "cut.aaf: unknown format"}}')}
        with self.assertRaises(gr.AgentError) as c:
            self.client.conform("/tmp/cut.aaf", "feature", None, 0)
        self.assertIn("INVALID_ARGUMENT: cut.aaf: unknown format", str(c.exception))

    def test_expired_agent_login_is_not_a_refused_token(self):
        expired = b'{"error": {"reason": "UNAUTHENTICATED", "message": "the session of ana expired at 2026-12-07T01:00:00Z: log in again"}}'
        Recording.answers = {"/v1/local": (401, expired), "/v1/status": (200, b'{"agent": {}}')}
        with self.assertRaises(gr.AgentError) as c:
            self.client.local({"query": "A001", "project": "feature"}, "edit")
        self.assertEqual("agent: make local failed: HTTP 401 UNAUTHENTICATED: the session of ana expired at"
                         " 2026-12-07T01:00:00Z: log in again (the agent's login to the gateway has ended: log the"
                         " agent in again (./gateway agent login --server HOST:PORT --user NAME), then run the script"
                         " again)", str(c.exception))
        self.assertEqual(["/v1/local", "/v1/status"], [p for _, p, _, _ in Recording.seen])

    def test_missing_or_wrong_token_says_so(self):
        refused = b'{"error": {"reason": "UNAUTHENTICATED", "message": "a wrong agent token"}}'
        Recording.answers = {"/v1/local": (401, refused), "/v1/status": (401, refused)}
        with self.assertRaises(gr.AgentError) as c:
            self.client.local({"query": "A001", "project": "feature"}, "edit")
        self.assertIn("a wrong agent token (the agent refused our token (it was restarted?): run the script again)",
                      str(c.exception))

    def test_search_query_is_encoded(self):
        Recording.answers = {"/v1/search": (200, b'{"total": 0, "offline": false, "hits": []}')}
        self.client.search("reel:A001 night", "feature")
        self.assertIn("q=reel%3AA001+night", Recording.seen[0][1])

    def test_nobody_listening(self):
        dead = gr.AgentClient(gr.Discovery("http://127.0.0.1:1", "t", 1, "/h/agent.json"))
        with self.assertRaisesRegex(gr.AgentError, "the gateway agent is not running"):
            dead.status()


class FakeClock(object):
    def __init__(self):
        self.now = 0.0

    def __call__(self):
        return self.now

    def sleep(self, s):
        self.now += s


class ScriptedClient(object):
    """Answers job polls from a list (the wire is tested above; this is the polling logic)."""

    def __init__(self, jobs):
        self.jobs = list(jobs)

    def job(self, job_id):
        return self.jobs.pop(0)


class WaitJobTest(unittest.TestCase):
    def test_done_after_progress(self):
        lines = []
        clock = FakeClock()
        job = gr.wait_job(ScriptedClient([{"state": "running", "bytes_done": 10, "bytes_total": 20},
                                          {"state": "done", "bytes_done": 20, "bytes_total": 20}]),
                          "j", lines.append, 60, clock=clock, sleep=clock.sleep)
        self.assertEqual("done", job["state"])
        self.assertEqual(["  running: 10 B of 20 B"], lines)

    def test_failed_asset_is_reported(self):
        client = ScriptedClient([{"state": "failed", "assets": [
            {"asset_id": "a1", "state": "failed", "error": {"reason": "RESOURCE_EXHAUSTED", "message": "cache disk full"}}]}])
        with self.assertRaisesRegex(gr.GatewayError, "a1: RESOURCE_EXHAUSTED: cache disk full"):
            gr.wait_job(client, "j", lambda l: None, 60)

    def test_full_cache_disk_and_gateway_gone_say_what_to_do(self):
        full = {"asset_id": "a1", "path": "/h/cache/demo/A001C003__ca38b1d4.mov", "state": "failed", "error": {
            "reason": "IO", "message": "cannot write to /h/cache/demo/A001C003__ca38b1d4.mov.part: No space left on device"}}
        with self.assertRaises(gr.GatewayError) as c:
            gr.wait_job(ScriptedClient([{"state": "failed", "assets": [full]}]), "j", lambda l: None, 60)
        self.assertEqual("agent: making the media local failed (job j): A001C003__ca38b1d4.mov: IO: cannot write to"
                         " /h/cache/demo/A001C003__ca38b1d4.mov.part: No space left on device; the agent's cache disk"
                         " is full: free space there (or start the agent with --max-cache-bytes) and run the script"
                         " again", str(c.exception))
        # The agent's own words for a full disk (AgentEventsIT): recognised by its reason alone too.
        self.assertEqual(gr.download_hint(full["error"]), gr.download_hint(
            {"reason": "STORAGE_FULL", "message": "the disk is full at /h/cache/demo/A.mov.part"}))
        self.assertIsNone(gr.download_hint({"reason": "IO", "message": "the disk is full at /h/cache/demo/A.mov.part"}))
        gone = dict(full, error={"reason": "UNAVAILABLE", "message": "the node closed the stream at byte 1048576"})
        with self.assertRaisesRegex(gr.GatewayError, "UNAVAILABLE: the node closed the stream at byte 1048576; the"
                                    " gateway went away during the download: run the script again once it is back"):
            gr.wait_job(ScriptedClient([{"state": "failed", "assets": [gone]}]), "j", lambda l: None, 60)

    def test_timeout(self):
        clock = FakeClock()
        client = ScriptedClient([{"state": "running"}] * 10)
        with self.assertRaisesRegex(gr.GatewayError, "still running after 1 s"):
            gr.wait_job(client, "j", lambda l: None, 1, clock=clock, sleep=clock.sleep)


ASSET = {"asset_id": "a1", "path": None, "reel": "A001C003", "original_name": "A001C003.mov",
         "start_timecode": "01:00:00:00"}


class ResolveFailureTest(unittest.TestCase):
    """Each Resolve call that returns False/None ends in a message naming the call, its target and a fix."""

    def setUp(self):
        self.dir = tempfile.mkdtemp(prefix="resolve-media-")
        self.media = os.path.join(self.dir, "A001C003__a1.mov")
        open(self.media, "wb").close()
        self.asset = dict(ASSET, path=self.media)
        self.resolve = fake_resolve.Resolve(timeline_content="TITLE: x\n")

    def import_(self):
        project = gr.current_project(self.resolve)
        return gr.import_into_folder(project, "feature", [self.asset], lambda l: None)

    def test_happy_path_records_calls(self):
        imported, problems = self.import_()
        self.assertEqual([], problems)
        rec = self.resolve.rec
        self.assertEqual("feature", rec.named("MediaPool.AddSubFolder")[0][1])
        self.assertEqual("feature", rec.named("MediaPool.SetCurrentFolder")[0][0].name)
        self.assertEqual([([self.media],)], rec.named("MediaPool.ImportMedia"))
        self.assertEqual([("Reel Name", "A001C003")], rec.named("MediaPoolItem.SetClipProperty"))
        self.assertEqual([({"Gateway Asset ID": "a1", "Gateway Original Name": "A001C003.mov",
                            "Gateway Start TC": "01:00:00:00"},)], rec.named("MediaPoolItem.SetThirdPartyMetadata"))

    def test_existing_folder_is_reused(self):
        self.import_()
        self.import_()
        self.assertEqual(1, len(self.resolve.rec.named("MediaPool.AddSubFolder")))

    def assert_message(self, call, value, *parts):
        self.resolve.rec.fail(call, value)
        with self.assertRaises(gr.GatewayError) as c:
            imported, problems = self.import_()
            raise gr.GatewayError("\n".join(problems))
        for p in parts:
            self.assertIn(p, str(c.exception))

    def test_no_project(self):
        self.assert_message("ProjectManager.GetCurrentProject", None,
                            "Resolve: GetCurrentProject() on the project manager returned None; open a project first")

    def test_no_media_pool(self):
        self.assert_message("Project.GetMediaPool", None, "GetMediaPool() on project 'feature' returned None")

    def test_folder_not_made(self):
        self.assert_message("MediaPool.AddSubFolder", None,
                            "AddSubFolder(<Master>, 'feature') on the media pool's root folder returned None",
                            "read-only")

    def test_folder_not_selected(self):
        self.assert_message("MediaPool.SetCurrentFolder", False,
                            "SetCurrentFolder(<feature>) on media-pool folder 'feature' returned False")

    def test_import_refused(self):
        self.assert_message("MediaPool.ImportMedia", None,
                            "ImportMedia([1 items]) on media-pool folder 'feature' returned None", self.media)

    def test_reel_refused(self):
        self.assert_message("MediaPoolItem.SetClipProperty", False,
                            "SetClipProperty('Reel Name', 'A001C003') on clip 'A001C003__a1.mov' returned False",
                            "Conform Options")

    def test_metadata_refused(self):
        self.assert_message("MediaPoolItem.SetThirdPartyMetadata", False,
                            "SetThirdPartyMetadata({Gateway Asset ID, Gateway Original Name, Gateway Start TC})"
                            " on clip 'A001C003__a1.mov' returned False")

    def test_import_that_skips_a_file(self):
        os.remove(self.media)
        imported, problems = self.import_()
        self.assertEqual([], imported)
        self.assertIn("gave no clip for " + self.media, problems[0])


class ExportTest(unittest.TestCase):
    def setUp(self):
        self.dir = tempfile.mkdtemp(prefix="resolve-export-")

    def export(self, resolve, fmt=None, sub="none"):
        project = gr.current_project(resolve)
        return gr.export_timeline(resolve, project, self.dir, fmt, sub, "20261201-120000")

    def test_otio_where_resolve_has_it(self):
        r = fake_resolve.Resolve(timeline_content="{}")
        path, fmt, name = self.export(r)
        self.assertEqual("otio", fmt)
        self.assertEqual([(path, 14)], r.rec.named("Timeline.Export"))
        self.assertTrue(path.endswith("Reel 1 v3.20261201-120000.otio"))

    def test_fcp7_xml_before_18_5(self):
        r = fake_resolve.Resolve(otio=False, timeline_content="<xmeml/>")
        path, fmt, _ = self.export(r)
        self.assertEqual("fcp7xml", fmt)
        self.assertEqual([(path, r.EXPORT_FCP_7_XML)], r.rec.named("Timeline.Export"))

    def test_edl_gets_its_subtype(self):
        r = fake_resolve.Resolve(timeline_content="TITLE: x\n")
        path, fmt, _ = self.export(r, "edl", "cdl")
        self.assertEqual([(path, r.EXPORT_EDL, r.EXPORT_CDL)], r.rec.named("Timeline.Export"))
        with self.assertRaisesRegex(gr.GatewayError, "edl_subtype 'aaf'"):
            self.export(r, "edl", "aaf")

    def test_otio_asked_of_an_old_resolve(self):
        with self.assertRaisesRegex(gr.GatewayError, "resolve.EXPORT_OTIO is not defined"):
            self.export(fake_resolve.Resolve(otio=False), "otio")

    def test_no_timeline(self):
        r = fake_resolve.Resolve()
        r.rec.fail("Project.GetCurrentTimeline", None)
        with self.assertRaisesRegex(gr.GatewayError, "GetCurrentTimeline\\(\\) on project 'feature' returned None;"
                                                     " open the timeline"):
            self.export(r)

    def test_export_refused(self):
        r = fake_resolve.Resolve()
        r.rec.fail("Timeline.Export", False)
        with self.assertRaisesRegex(gr.GatewayError, "Resolve: Export\\('.*', 14\\) on timeline 'Reel 1 v3'"
                                                     " returned False; check that .* is writable"):
            self.export(r)


class MainTest(unittest.TestCase):
    def test_main_prints_one_error_line_without_agent(self):
        home = tempfile.mkdtemp(prefix="resolve-home-")
        lines = []
        rc = gr.main(fake_resolve.Resolve(), "import-query", out=lines.append, home=home)
        self.assertEqual(1, rc)
        self.assertEqual(1, len(lines))
        self.assertTrue(lines[0].startswith("Gateway: error: the gateway agent is not running"))

    def test_settings_that_are_not_json(self):
        home = tempfile.mkdtemp(prefix="resolve-home-")
        with open(os.path.join(home, "resolve.json"), "w") as f:
            f.write("{")
        with self.assertRaisesRegex(gr.GatewayError, "resolve.json cannot be read"):
            gr.load_settings(home)

    def test_query_missing(self):
        settings = gr.load_settings(tempfile.mkdtemp())
        project = gr.current_project(fake_resolve.Resolve())
        with self.assertRaisesRegex(gr.GatewayError, 'no query: set "query"'):
            gr.selection_for(settings, project, "query")


if __name__ == "__main__":
    unittest.main()
