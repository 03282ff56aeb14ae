"""The Python shim against a real node and a real agent (tests/harness.py), Resolve replaced by the
recording fake: import of a query and of a take-away plan, send to conform, a refused import."""

import os
import sys
import unittest

HERE = os.path.dirname(os.path.abspath(__file__))
sys.path.insert(0, os.path.join(HERE, "..", "python"))
sys.path.insert(0, HERE)

import fake_resolve  # noqa: E402
import gateway_resolve as gr  # noqa: E402
import harness  # noqa: E402


class WithAgentTest(unittest.TestCase):
    @classmethod
    def setUpClass(cls):
        cls.h = harness.shared()

    def setUp(self):
        self.lines = []
        self.client = gr.AgentClient.discover(self.h.home)
        self.settings = gr.load_settings(self.h.home)
        self.settings.update({"project": self.h.project, "timeout_s": 300})

    def assert_a001_imported(self, resolve):
        rec = resolve.rec
        self.assertEqual(self.h.project, rec.named("MediaPool.AddSubFolder")[0][1])
        self.assertEqual(self.h.project, rec.named("MediaPool.SetCurrentFolder")[0][0].name)
        (paths,), = rec.named("MediaPool.ImportMedia")
        self.assertEqual(1, len(paths), paths)
        self.assertTrue(paths[0].startswith(os.path.join(self.h.home, "cache")), paths[0])
        self.assertTrue(os.path.getsize(paths[0]) > 0)
        self.assertFalse(os.path.exists(paths[0] + ".part"))
        self.assertEqual([("Reel Name", "A001C003")], rec.named("MediaPoolItem.SetClipProperty"))
        (meta,), = rec.named("MediaPoolItem.SetThirdPartyMetadata")
        hits = self.client.search("A001C003", self.h.project)["hits"]
        self.assertEqual(hits[0]["asset_id"], meta["Gateway Asset ID"])
        self.assertEqual("A001C003.mov", meta["Gateway Original Name"])
        self.assertEqual("01:00:00:00", meta["Gateway Start TC"])

    def test_import_query(self):
        resolve = fake_resolve.Resolve(project_name="Resolve project")
        self.settings["query"] = "A001C003"
        self.assertEqual(1, gr.run_import_query(resolve, self.client, self.settings, self.lines.append))
        self.assert_a001_imported(resolve)

    def test_import_plan_of_a_timeline(self):
        resolve = fake_resolve.Resolve()
        self.settings.update({"timeline_path": self.h.edl, "rate": "25"})
        self.assertEqual(1, gr.run_import_plan(resolve, self.client, self.settings, self.lines.append))
        self.assertTrue(any(l.startswith("take-away plan ") for l in self.lines), self.lines)
        self.assert_a001_imported(resolve)

    def test_send_to_conform(self):
        resolve = fake_resolve.Resolve(timeline_content=self.h.edl_text)
        self.settings.update({"export_format": "edl", "edl_subtype": "none", "rate": "25",
                              "export_dir": os.path.join(self.h.dir, "exports")})
        done = gr.run_send_to_conform(resolve, self.client, self.settings, self.lines.append, stamp="t1")
        (path, kind, sub), = resolve.rec.named("Timeline.Export")
        self.assertEqual((resolve.EXPORT_EDL, resolve.EXPORT_NONE), (kind, sub))
        self.assertEqual({"events": 1, "matched": 1, "unmatched": 0, "ambiguous": 0},
                         {k: done["totals"][k] for k in ("events", "matched", "unmatched", "ambiguous")})
        self.assertEqual(path + ".conform-report.html", done["report_html"])
        self.assertTrue(os.path.isfile(done["report_html"]))
        self.assertIn("report: " + done["report_html"], self.lines)

    def test_refused_import_is_reported(self):
        resolve = fake_resolve.Resolve()
        resolve.rec.fail("MediaPool.ImportMedia", None)
        with open(os.path.join(self.h.home, "resolve.json"), "w") as f:
            f.write('{"project": "%s", "query": "A001C003"}' % self.h.project)
        try:
            rc = gr.main(resolve, "import-query", out=self.lines.append, home=self.h.home)
        finally:
            os.remove(os.path.join(self.h.home, "resolve.json"))
        self.assertEqual(1, rc)
        self.assertIn("Gateway: error: Resolve: ImportMedia([1 items]) on media-pool folder '%s' returned None" % self.h.project,
                      self.lines[-1])

    def test_every_refused_call_is_reported_by_the_script(self):
        """SetClipProperty, SetThirdPartyMetadata and Export answering False, each through the menu
        script's entry point (settings from resolve.json) against the real agent: one error line, exit 1."""
        export_dir = os.path.join(self.h.dir, "refused-exports")
        cases = [
            ("MediaPoolItem.SetClipProperty", "import-query",
             "Gateway: error: 1 clip(s) need attention:\n  Resolve: SetClipProperty('Reel Name', 'A001C003') on clip"
             " 'A001C003__"),
            ("MediaPoolItem.SetThirdPartyMetadata", "import-query",
             "Gateway: error: 1 clip(s) need attention:\n  Resolve: SetThirdPartyMetadata({Gateway Asset ID, Gateway"
             " Original Name, Gateway Start TC}) on clip 'A001C003__"),
            ("Timeline.Export", "send-to-conform",
             "Gateway: error: Resolve: Export('" + export_dir + "/"),
        ]
        settings = os.path.join(self.h.home, "resolve.json")
        for api, command, start in cases:
            with self.subTest(api=api):
                resolve = fake_resolve.Resolve(timeline_content=self.h.edl_text)
                resolve.rec.fail(api, False)
                with open(settings, "w") as f:
                    f.write('{"project": "%s", "query": "A001C003", "export_format": "edl", "edl_subtype": "none",'
                            ' "rate": "25", "export_dir": "%s"}' % (self.h.project, export_dir))
                lines = []
                try:
                    rc = gr.main(resolve, command, out=lines.append, home=self.h.home)
                finally:
                    os.remove(settings)
                self.assertEqual(1, rc, lines)
                said = "\n".join(lines[lines.index(next(l for l in lines if l.startswith("Gateway: error: "))):])
                self.assertTrue(said.startswith(start), said)
                self.assertIn(" returned False", said)
                self.assertEqual(1, len(resolve.rec.named(api)), "the refused call was made once")
        self.assertFalse(os.path.exists(export_dir) and any(n.endswith(".conform-report.html")
                                                            for n in os.listdir(export_dir)),
                         "no conform after a refused export")


if __name__ == "__main__":
    unittest.main()
