"""Runs the Lua shim's tests with Debian's lua5.1 (package `lua5.1`; `lua-socket` for the LuaSocket
transport; `curl` for the other), each under both HTTP transports:
  lua/test_unit.lua   pure logic, plus the wire against a stand-in server recorded here;
  lua/test_agent.lua  against the real node and agent of tests/harness.py (shared with the Python tests)."""

import os
import shutil
import subprocess
import sys
import threading
import unittest
from http.server import HTTPServer

HERE = os.path.dirname(os.path.abspath(__file__))
sys.path.insert(0, HERE)

import harness  # noqa: E402
from test_python_unit import Recording  # noqa: E402

LUA = shutil.which("lua5.1")
MISSING = ("lua5.1 is not installed: the Lua shim's tests need Debian's lua5.1 and lua-socket packages and curl"
           " (apt-get install lua5.1 lua-socket curl)")


def lua(script, transport, env=None):
    if LUA is None:
        raise AssertionError(MISSING)
    full = dict(os.environ, GATEWAY_LUA_HTTP=transport, **(env or {}))
    p = subprocess.run([LUA, os.path.join(HERE, "lua", script)], capture_output=True, text=True, timeout=900, env=full)
    return p.returncode, p.stdout + p.stderr


class LuaUnitTest(unittest.TestCase):
    @classmethod
    def setUpClass(cls):
        cls.server = HTTPServer(("127.0.0.1", 0), Recording)
        threading.Thread(target=cls.server.serve_forever, daemon=True).start()

    @classmethod
    def tearDownClass(cls):
        cls.server.shutdown()
        cls.server.server_close()

    def check(self, transport):
        if transport == "socket":
            probe = subprocess.run([LUA or "lua5.1", "-e", "require('socket')"], capture_output=True) if LUA else None
            self.assertTrue(probe is not None and probe.returncode == 0,
                            MISSING if LUA is None else "lua-socket is not installed (apt-get install lua-socket)")
        Recording.seen.clear()
        Recording.answers = {
            "/v1/local": (202, b'{"job_id": "j1", "assets": []}'),
            "/v1/conform": (400, b'{"error": {"reason": "INVALID_ARGUMENT", "message": "cut.aaf: unknown format"}}'),
        }
        rc, out = lua("test_unit.lua", transport, {"STANDIN_PORT": str(self.server.server_address[1])})
        self.assertEqual(0, rc, out)
        self.assertIn(" passed, 0 failed", out)
        method, path, headers, body = Recording.seen[0]
        self.assertEqual(("POST", "/v1/local"), (method, path))
        self.assertEqual("Bearer s3cret", headers["Authorization"])
        self.assertEqual("127.0.0.1:%d" % self.server.server_address[1], headers["Host"])
        self.assertEqual('{"profile":"edit","project":"feature","query":"reel:A001"}', body.decode())

    def test_over_luasocket(self):
        self.check("socket")

    def test_over_curl(self):
        self.check("curl")


class LuaWithAgentTest(unittest.TestCase):
    @classmethod
    def setUpClass(cls):
        cls.h = harness.shared()

    def check(self, transport):
        rc, out = lua("test_agent.lua", transport, {"GATEWAY_AGENT_HOME": self.h.home, "E2E_PROJECT": self.h.project,
                                                    "E2E_EDL": self.h.edl, "E2E_DIR": self.h.dir})
        self.assertEqual(0, rc, out)
        self.assertIn(" passed, 0 failed", out)

    def test_over_luasocket(self):
        self.check("socket")

    def test_over_curl(self):
        self.check("curl")


if __name__ == "__main__":
    unittest.main()
