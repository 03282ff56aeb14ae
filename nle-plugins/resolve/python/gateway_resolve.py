"""The gateway's DaVinci Resolve shim (Python): talks to the local agent, drives Resolve's media pool.

Standard library only: Resolve's embedded Python has no pip. Every piece of logic (search, take-away
plans, downloads, conform) lives in the agent (`./gateway agent serve`); this module only
  * finds the agent (discovery file) and calls its localhost API v1 (nle-plugins/agent/API.md),
  * calls Resolve's scripting API and checks every return value (Resolve returns False/None on
    failure, it never raises), turning a failure into a message that says which call, on what,
    and what to do.

The menu scripts (`Gateway *.py`) are three lines each: they call `main(resolve, COMMAND)`.
"""

import json
import os
import re
import time
import urllib.error
import urllib.parse
import urllib.request

API_VERSION = 1
NOT_RUNNING = "the gateway agent is not running (start it with ./gateway agent serve)"
METADATA_ASSET_ID = "Gateway Asset ID"
METADATA_ORIGINAL_NAME = "Gateway Original Name"
METADATA_START_TC = "Gateway Start TC"


class GatewayError(Exception):
    """A failure whose message is meant for the editor (one line: what, where, what to do)."""


class AgentError(GatewayError):
    """The agent answered with an error (`{"error": {"reason", "message"}}`) or not at all."""

    def __init__(self, message, reason=None, status=None):
        super().__init__(message)
        self.reason = reason
        self.status = status


class ResolveCallFailed(GatewayError):
    """A Resolve API call returned False or None."""

    def __init__(self, call, target, returned, hint):
        super().__init__(
            "Resolve: %s on %s returned %s; %s" % (call, target, _shown(returned), hint))
        self.call = call


def _shown(value):
    return "None" if value is None else repr(value)


# ---------------------------------------------------------------------------------------------
# Finding the agent

def agent_home(environ=None):
    """`GATEWAY_AGENT_HOME`, else `~/.gateway-agent` (the agent's own rule)."""
    environ = os.environ if environ is None else environ
    home = environ.get("GATEWAY_AGENT_HOME")
    return home if home else os.path.join(os.path.expanduser("~"), ".gateway-agent")


class Discovery(object):
    def __init__(self, base_url, token, port, path):
        self.base_url = base_url
        self.token = token
        self.port = port
        self.path = path


def read_discovery(home):
    """Reads `<home>/agent.json`; a missing, unreadable or foreign file is a GatewayError."""
    path = os.path.join(home, "agent.json")
    try:
        with open(path, "r", encoding="utf-8") as f:
            text = f.read()
    except FileNotFoundError:
        raise GatewayError("%s: no discovery file at %s" % (NOT_RUNNING, path))
    except OSError as e:
        raise GatewayError("cannot read the agent's discovery file %s (%s); it must be readable by you"
                           % (path, e.strerror or e))
    try:
        doc = json.loads(text)
    except ValueError as e:
        raise GatewayError("the agent's discovery file %s is not JSON (%s); restart ./gateway agent serve"
                           % (path, e))
    if not isinstance(doc, dict):
        raise GatewayError("the agent's discovery file %s is not a JSON object; restart ./gateway agent serve"
                           % path)
    if doc.get("version") != API_VERSION:
        raise GatewayError("the agent's discovery file %s says API version %r; these scripts speak version %d:"
                           " install the scripts that came with your agent" % (path, doc.get("version"), API_VERSION))
    port, token = doc.get("port"), doc.get("token")
    if not isinstance(port, int) or isinstance(port, bool) or not 0 < port < 65536:
        raise GatewayError("the agent's discovery file %s has no valid port (%r); restart ./gateway agent serve"
                           % (path, port))
    if not isinstance(token, str) or not token:
        raise GatewayError("the agent's discovery file %s has no token; restart ./gateway agent serve" % path)
    # The API binds 127.0.0.1 only, and checks Host: never trust another host from the file.
    return Discovery("http://127.0.0.1:%d" % port, token, port, path)


# ---------------------------------------------------------------------------------------------
# The agent's API v1

_STATUS_HINTS = {
    401: "the agent refused our token (it was restarted?): run the script again",
    # A 401 the agent passes on from the gateway (it takes our token: GET /v1/status answers).
    "login": "the agent's login to the gateway has ended: log the agent in again"
             " (./gateway agent login --server HOST:PORT --user NAME), then run the script again",
    503: "the gateway is unreachable (offline): try again when the connection is back",
    504: "the gateway took too long to answer: try again",
}


def error_from_response(status, body, what, token_accepted=False):
    """The GatewayError for a non-2xx answer whose body is `body` (bytes). `token_accepted`: the agent
    answers GET /v1/status with our token, so a 401 is the gateway refusing the agent's own login."""
    reason, message = None, None
    try:
        doc = json.loads(body.decode("utf-8"))
        err = doc.get("error") if isinstance(doc, dict) else None
        if isinstance(err, dict):
            reason, message = err.get("reason"), err.get("message")
    except (ValueError, UnicodeDecodeError):
        pass
    text = "agent: %s failed: HTTP %d" % (what, status)
    if reason:
        text += " %s" % reason
    if message:
        text += ": %s" % message
    hint = _STATUS_HINTS["login"] if status == 401 and token_accepted else _STATUS_HINTS.get(status)
    if hint:
        text += " (%s)" % hint
    return AgentError(text, reason, status)


def parse_json_body(body, what):
    try:
        doc = json.loads(body.decode("utf-8"))
    except (ValueError, UnicodeDecodeError):
        raise AgentError("agent: %s answered with something that is not JSON (%d bytes): is another program"
                         " listening on the agent's port?" % (what, len(body)))
    if not isinstance(doc, dict):
        raise AgentError("agent: %s answered with JSON that is not an object" % what)
    return doc


class AgentClient(object):
    """Calls the agent's localhost API with `Authorization: Bearer <token>`."""

    def __init__(self, discovery, timeout_s=30.0):
        self.discovery = discovery
        self.timeout_s = timeout_s

    @classmethod
    def discover(cls, home=None):
        return cls(read_discovery(home or agent_home()))

    def call(self, method, path, body=None, what=None):
        what = what or "%s %s" % (method, path.split("?")[0])
        data = None
        headers = {"Authorization": "Bearer " + self.discovery.token, "Accept": "application/json"}
        if body is not None:
            data = json.dumps(body).encode("utf-8")
            headers["Content-Type"] = "application/json"
        request = urllib.request.Request(self.discovery.base_url + path, data=data, headers=headers, method=method)
        # No proxy may see the token or the request: the agent is on this machine.
        opener = urllib.request.build_opener(urllib.request.ProxyHandler({}))
        try:
            with opener.open(request, timeout=self.timeout_s) as response:
                return parse_json_body(response.read(), what)
        except urllib.error.HTTPError as e:
            body = e.read() or b""
            accepted = e.code == 401 and path != "/v1/status" and self._token_accepted()
            raise error_from_response(e.code, body, what, accepted)
        except urllib.error.URLError as e:
            raise AgentError("%s: the agent at %s does not answer (%s); the discovery file %s may be left over"
                             % (NOT_RUNNING, self.discovery.base_url, e.reason, self.discovery.path))
        except OSError as e:  # timeouts, resets
            raise AgentError("agent: %s at %s failed: %s" % (what, self.discovery.base_url, e))

    def _token_accepted(self):
        try:
            self.status()
            return True
        except GatewayError:
            return False

    def status(self):
        return self.call("GET", "/v1/status")

    def search(self, query, project, limit=200):
        q = urllib.parse.urlencode({"q": query, "project": project, "limit": limit})
        return self.call("GET", "/v1/search?" + q, what="search")

    def asset(self, asset_id):
        return self.call("GET", "/v1/assets/" + urllib.parse.quote(asset_id, safe=""), what="asset " + asset_id)

    def plan(self, selection):
        return self.call("POST", "/v1/plan", selection, what="take-away plan")

    def pin(self, plan_id):
        return self.call("POST", "/v1/plans/%s/pin" % urllib.parse.quote(plan_id, safe=""), {}, what="pin plan")

    def local(self, selection, profile):
        body = dict(selection)
        body["profile"] = profile
        return self.call("POST", "/v1/local", body, what="make local")

    def job(self, job_id):
        return self.call("GET", "/v1/jobs/" + urllib.parse.quote(job_id, safe=""), what="job " + job_id)

    def conform(self, edit_path, project, rate, handles):
        body = {"edit_path": edit_path, "project": project, "rate": rate, "handles": handles}
        return self.call("POST", "/v1/conform", body, what="conform")

    def conform_state(self, conform_id):
        return self.call("GET", "/v1/conforms/" + urllib.parse.quote(conform_id, safe=""),
                         what="conform " + conform_id)


def require(doc, key, kind, what):
    """`doc[key]` when it is a `kind`, else an AgentError naming the field."""
    value = doc.get(key) if isinstance(doc, dict) else None
    if not isinstance(value, kind) or (kind is int and isinstance(value, bool)):
        raise AgentError("agent: %s: the answer has no valid \"%s\" (got %r); agent and scripts disagree on API v1"
                         % (what, key, value))
    return value


def format_bytes(n):
    if n is None:
        return "?"
    for unit, size in (("GB", 10 ** 9), ("MB", 10 ** 6), ("kB", 10 ** 3)):
        if n >= size:
            return "%.1f %s" % (n / float(size), unit)
    return "%d B" % n


def format_seconds(s):
    if s is None:
        return "unknown (no transfer measured yet)"
    s = int(round(s))
    if s >= 3600:
        return "%d h %02d min" % (s // 3600, s % 3600 // 60)
    if s >= 60:
        return "%d min %02d s" % (s // 60, s % 60)
    return "%d s" % s


def error_text(err):
    if isinstance(err, dict):
        return "%s: %s" % (err.get("reason", "?"), err.get("message", ""))
    return str(err)


def download_hint(err):
    """What to do about a failed download an editor can fix (disk full, gateway gone); None otherwise."""
    if not isinstance(err, dict):
        return None
    message = str(err.get("message", "")).lower()
    if (err.get("reason") == "STORAGE_FULL" or "no space left on device" in message
            or "not enough space on the disk" in message):
        return ("the agent's cache disk is full: free space there (or start the agent with --max-cache-bytes)"
                " and run the script again")
    if err.get("reason") == "UNAVAILABLE":
        return ("the gateway went away during the download: run the script again once it is back (the download"
                " resumes where it stopped)")
    return None


def wait_job(client, job_id, out, timeout_s, poll_s=0.5, clock=time.monotonic, sleep=time.sleep):
    """Polls `/v1/jobs/{id}` until done; returns the job. A failed job or asset is a GatewayError."""
    deadline = clock() + timeout_s
    last = None
    while True:
        job = client.job(job_id)
        state = require(job, "state", str, "job " + job_id)
        progress = (job.get("bytes_done"), job.get("bytes_total"))
        if progress != last and state in ("queued", "running"):
            out("  %s: %s of %s" % (state, format_bytes(progress[0]), format_bytes(progress[1])))
            last = progress
        if state == "done":
            return job
        if state == "failed":
            failed = [a for a in job.get("assets") or [] if a.get("state") == "failed" or a.get("error")]
            failures = ["%s: %s" % (os.path.basename(a["path"]) if a.get("path") else a.get("asset_id"),
                                    error_text(a.get("error"))) for a in failed]
            hints = [h for h in (download_hint(e) for e in [a.get("error") for a in failed] + [job.get("error")]) if h]
            raise GatewayError("agent: making the media local failed (job %s): %s%s"
                               % (job_id, "; ".join(failures) or error_text(job.get("error")),
                                  "; " + hints[0] if hints else ""))
        if clock() >= deadline:
            raise GatewayError("agent: job %s is still %s after %d s; it goes on in the agent: run the script"
                               " again later to import what has arrived" % (job_id, state, timeout_s))
        sleep(poll_s)


def wait_conform(client, conform_id, timeout_s, poll_s=0.5, clock=time.monotonic, sleep=time.sleep):
    deadline = clock() + timeout_s
    while True:
        c = client.conform_state(conform_id)
        state = require(c, "state", str, "conform " + conform_id)
        if state == "done":
            return c
        if state == "failed":
            raise GatewayError("agent: conform %s failed: %s" % (conform_id, error_text(c.get("error"))))
        if clock() >= deadline:
            raise GatewayError("agent: conform %s is still %s after %d s; the node goes on with it"
                               % (conform_id, state, timeout_s))
        sleep(poll_s)


# ---------------------------------------------------------------------------------------------
# Resolve: every call checked

def checked(value, call, target, hint):
    """`value` unless Resolve signalled failure with False or None."""
    if value is None or value is False:
        raise ResolveCallFailed(call, target, value, hint)
    return value


def resolve_call(obj, method, args, target, hint):
    """Calls `obj.method(*args)`; a missing method (older Resolve) is reported like a failed call."""
    call = "%s(%s)" % (method, ", ".join(_arg(a) for a in args))
    fn = getattr(obj, method, None)
    if not callable(fn):
        raise GatewayError("Resolve: %s is not available on %s in this Resolve version; %s" % (method, target, hint))
    return checked(fn(*args), call, target, hint)


def _arg(a):
    if isinstance(a, (list, tuple)):
        return "[%d items]" % len(a)
    if isinstance(a, dict):
        return "{%s}" % ", ".join(sorted(a))
    if isinstance(a, str):
        return repr(a)
    if isinstance(a, (int, float)):
        return str(a)
    # A Resolve object: shown by its name when it has one.
    try:
        name = a.GetName()
    except Exception:  # any proxy object may refuse; the message must still come out
        name = None
    return "<%s>" % name if isinstance(name, str) else "<object>"


def current_project(resolve):
    checked(resolve, "the resolve object", "this script", "run the script from Workspace > Scripts inside Resolve")
    pm = resolve_call(resolve, "GetProjectManager", (), "Resolve", "restart Resolve")
    project = resolve_call(pm, "GetCurrentProject", (), "the project manager", "open a project first")
    return project


def project_name(project):
    return resolve_call(project, "GetName", (), "the current project", "save the project first")


def media_pool_folder(project, name):
    """The root's sub-folder `name` (made when missing), made the current folder."""
    pool = resolve_call(project, "GetMediaPool", (), "project '%s'" % project_name(project),
                        "open the project's media page once, then run the script again")
    root = resolve_call(pool, "GetRootFolder", (), "the media pool", "open the media pool, then run again")
    folder = None
    subs = resolve_call(root, "GetSubFolderList", (), "the media pool's root folder", "restart Resolve")
    for sub in subs:
        if sub.GetName() == name:
            folder = sub
            break
    if folder is None:
        folder = resolve_call(pool, "AddSubFolder", (root, name), "the media pool's root folder",
                              "check that the project is not read-only (a shared project locked by someone?)")
    resolve_call(pool, "SetCurrentFolder", (folder,), "media-pool folder '%s'" % name,
                 "select the folder by hand and run again")
    return pool, folder


def _norm(path):
    return os.path.normcase(os.path.normpath(path)) if path else path


def import_into_folder(project, folder_name, assets, out):
    """Imports each asset's local `path` into `folder_name` and tags the clip.

    `assets`: dicts with path, asset_id, reel, original_name, start_timecode. Returns (imported,
    problems): the clips tagged, and one message per clip call that failed (import goes on)."""
    pool, folder = media_pool_folder(project, folder_name)
    paths = [a["path"] for a in assets]
    items = resolve_call(pool, "ImportMedia", (paths,), "media-pool folder '%s'" % folder_name,
                         "check that the files exist and that Resolve can read them (%s)" % ", ".join(paths))
    by_path = {}
    for item in list(items) + list(folder.GetClipList() or []):
        p = item.GetClipProperty("File Path")
        if p and _norm(p) not in by_path:
            by_path[_norm(p)] = item
    imported, problems = [], []
    for a in assets:
        item = by_path.get(_norm(a["path"]))
        if item is None:
            problems.append("Resolve: ImportMedia into '%s' gave no clip for %s; import it by hand (File > Import"
                            " Media) and run the script again to tag it" % (folder_name, a["path"]))
            continue
        clip = "clip '%s'" % os.path.basename(a["path"])
        try:
            if a.get("reel"):
                resolve_call(item, "SetClipProperty", ("Reel Name", a["reel"]), clip,
                             "Resolve may refuse a reel name it is told to take from elsewhere: check Project"
                             " Settings > General Options > Conform Options ('Assist using reel names"
                             " from the'), then run again")
            resolve_call(item, "SetThirdPartyMetadata", (clip_metadata(a),), clip,
                         "third-party metadata needs a Resolve whose scripting API has SetThirdPartyMetadata (19 or later)")
            imported.append(a)
            out("  %s  reel %s  %s  %s" % (os.path.basename(a["path"]), a.get("reel") or "-",
                                           a.get("start_timecode") or "-", a["asset_id"]))
        except GatewayError as e:
            problems.append(str(e))
    return imported, problems


def clip_metadata(asset):
    return {METADATA_ASSET_ID: asset["asset_id"],
            METADATA_ORIGINAL_NAME: asset.get("original_name") or "",
            METADATA_START_TC: asset.get("start_timecode") or ""}


EXPORT_FORMATS = ("otio", "fcp7xml", "edl")
EDL_SUBTYPES = {"none": "EXPORT_NONE", "cdl": "EXPORT_CDL", "sdl": "EXPORT_SDL",
                "missing_clips": "EXPORT_MISSING_CLIPS"}
_EXTENSIONS = {"otio": ".otio", "fcp7xml": ".xml", "edl": ".edl"}


def export_choice(resolve, wanted, edl_subtype="none"):
    """(format, type constant, subtype constant or None). `wanted` None: OTIO where this Resolve has
    `EXPORT_OTIO` (18.5+), else FCP 7 XML. An EDL always gets its subtype (Resolve requires one)."""
    if wanted is not None and wanted not in EXPORT_FORMATS:
        raise GatewayError("settings: export_format '%s' is not one of %s" % (wanted, ", ".join(EXPORT_FORMATS)))
    fmt = wanted
    if fmt is None:
        fmt = "otio" if getattr(resolve, "EXPORT_OTIO", None) is not None else "fcp7xml"
    name = {"otio": "EXPORT_OTIO", "fcp7xml": "EXPORT_FCP_7_XML", "edl": "EXPORT_EDL"}[fmt]
    kind = getattr(resolve, name, None)
    if kind is None:
        raise GatewayError("Resolve: resolve.%s is not defined in this Resolve version; choose another"
                           " export_format (%s)" % (name, ", ".join(f for f in EXPORT_FORMATS if f != fmt)))
    sub = None
    if fmt == "edl":
        if edl_subtype not in EDL_SUBTYPES:
            raise GatewayError("settings: edl_subtype '%s' is not one of %s" % (edl_subtype, ", ".join(EDL_SUBTYPES)))
        sub = getattr(resolve, EDL_SUBTYPES[edl_subtype], None)
        if sub is None:
            raise GatewayError("Resolve: resolve.%s is not defined in this Resolve version" % EDL_SUBTYPES[edl_subtype])
    return fmt, kind, sub


def safe_file_name(name):
    cleaned = re.sub(r"[^A-Za-z0-9 ._-]", "_", name or "timeline").strip(" .")
    return cleaned[:120] or "timeline"


def export_timeline(resolve, project, export_dir, wanted, edl_subtype, stamp):
    timeline = resolve_call(project, "GetCurrentTimeline", (), "project '%s'" % project_name(project),
                            "open the timeline to conform (double-click it in the media pool)")
    name = resolve_call(timeline, "GetName", (), "the current timeline", "restart Resolve")
    fmt, kind, sub = export_choice(resolve, wanted, edl_subtype)
    try:
        os.makedirs(export_dir, exist_ok=True)
    except OSError as e:
        raise GatewayError("cannot make the export folder %s (%s); set export_dir in the settings" % (export_dir, e))
    path = os.path.join(export_dir, "%s.%s%s" % (safe_file_name(name), stamp, _EXTENSIONS[fmt]))
    args = (path, kind) if sub is None else (path, kind, sub)
    resolve_call(timeline, "Export", args, "timeline '%s'" % name,
                 "check that %s is writable and has free space, or choose another export_format" % export_dir)
    if not os.path.isfile(path):
        raise GatewayError("Resolve: Export of timeline '%s' reported success but %s does not exist; check"
                           " the folder's permissions" % (name, path))
    return path, fmt, name


# ---------------------------------------------------------------------------------------------
# Settings and the three commands

DEFAULTS = {"profile": "edit", "export_format": None, "edl_subtype": "none", "rate": None, "handles": 0,
            "timeout_s": 6 * 3600, "pin_plan": True}


def load_settings(home):
    """`<home>/resolve.json` over DEFAULTS; a missing file means the defaults."""
    path = os.path.join(home, "resolve.json")
    settings = dict(DEFAULTS)
    settings["export_dir"] = os.path.join(home, "exports")
    settings["_path"] = path
    try:
        with open(path, "r", encoding="utf-8") as f:
            doc = json.load(f)
    except FileNotFoundError:
        return settings
    except (OSError, ValueError) as e:
        raise GatewayError("settings file %s cannot be read (%s); fix or delete it" % (path, e))
    if not isinstance(doc, dict):
        raise GatewayError("settings file %s must hold a JSON object" % path)
    settings.update(doc)
    return settings


def gateway_project(settings, project):
    return settings.get("project") or project_name(project)


def selection_for(settings, project, kind):
    gproject = gateway_project(settings, project)
    if kind == "plan" and settings.get("timeline_path"):
        sel = {"timeline_path": settings["timeline_path"], "project": gproject}
        if settings.get("rate"):
            sel["rate"] = settings["rate"]
        return sel, gproject
    if not settings.get("query"):
        raise GatewayError("no query: set \"query\" (e.g. \"reel:A001C003\")%s in %s"
                           % (" or \"timeline_path\"" if kind == "plan" else "", settings["_path"]))
    return {"query": settings["query"], "project": gproject}, gproject


def make_local_and_import(resolve, client, settings, selection, gproject, out):
    project = current_project(resolve)
    answer = client.local(selection, settings["profile"])
    job_id = require(answer, "job_id", str, "make local")
    listed = require(answer, "assets", list, "make local")
    if not listed:
        out("nothing to import: the selection matches no asset in project '%s'" % gproject)
        return 0
    out("making %d asset(s) local (job %s)" % (len(listed), job_id))
    job = wait_job(client, job_id, out, settings["timeout_s"])
    done = {a.get("asset_id"): a for a in job.get("assets") or []}
    assets = []
    for entry in sorted(listed, key=lambda a: a.get("order", 0)):
        asset_id = require(entry, "asset_id", str, "make local")
        info = client.asset(asset_id)
        path = (done.get(asset_id) or {}).get("path") or entry.get("path")
        assets.append({"asset_id": asset_id, "path": path, "reel": info.get("reel"),
                       "original_name": info.get("original_name"), "start_timecode": info.get("start_timecode")})
    out("importing into media-pool folder '%s'" % gproject)
    imported, problems = import_into_folder(project, gproject, assets, out)
    out("imported and tagged %d of %d clip(s)" % (len(imported), len(assets)))
    if problems:
        raise GatewayError("%d clip(s) need attention:\n  %s" % (len(problems), "\n  ".join(problems)))
    return len(imported)


def run_import_query(resolve, client, settings, out):
    project = current_project(resolve)
    selection, gproject = selection_for(settings, project, "query")
    out("gateway: query '%s' in project '%s'" % (selection["query"], gproject))
    return make_local_and_import(resolve, client, settings, selection, gproject, out)


def run_import_plan(resolve, client, settings, out):
    project = current_project(resolve)
    selection, gproject = selection_for(settings, project, "plan")
    plan = client.plan(selection)
    plan_id = require(plan, "plan_id", str, "take-away plan")
    assets = require(plan, "assets", list, "take-away plan")
    totals = (require(plan, "totals", dict, "take-away plan").get(settings["profile"]) or {})
    out("take-away plan %s: %d asset(s), %s (%s cached), %s to fetch, about %s"
        % (plan_id, len(assets), format_bytes(totals.get("bytes")), format_bytes(totals.get("cached_bytes")),
           format_bytes(totals.get("to_fetch_bytes")), format_seconds(totals.get("seconds"))))
    if settings.get("pin_plan"):
        client.pin(plan_id)
        out("plan pinned: its files stay in the cache")
    ids = [require(a, "asset_id", str, "take-away plan") for a in sorted(assets, key=lambda a: a.get("order", 0))]
    if not ids:
        out("nothing to import: the plan has no asset")
        return 0
    return make_local_and_import(resolve, client, settings, {"asset_ids": ids}, gproject, out)


def run_send_to_conform(resolve, client, settings, out, stamp=None):
    project = current_project(resolve)
    gproject = gateway_project(settings, project)
    stamp = stamp or time.strftime("%Y%m%d-%H%M%S")
    path, fmt, name = export_timeline(resolve, project, settings["export_dir"], settings.get("export_format"),
                                      settings.get("edl_subtype", "none"), stamp)
    out("exported timeline '%s' as %s: %s" % (name, fmt, path))
    answer = client.conform(os.path.abspath(path), gproject, settings.get("rate"), int(settings.get("handles") or 0))
    conform_id = require(answer, "conform_id", str, "conform")
    out("conforming in project '%s' (conform %s)" % (gproject, conform_id))
    done = wait_conform(client, conform_id, settings["timeout_s"])
    totals = done.get("totals") or {}
    out("conform: %s event(s), %s matched, %s unmatched, %s ambiguous"
        % (totals.get("events", "?"), totals.get("matched", "?"), totals.get("unmatched", "?"),
           totals.get("ambiguous", "?")))
    out("report: %s" % done.get("report_html"))
    return done


COMMANDS = {"import-query": run_import_query, "import-plan": run_import_plan, "send-to-conform": run_send_to_conform}


def main(resolve, command, out=None, home=None):
    """What a menu script runs. Prints to Resolve's console; returns 0 on success, 1 on failure."""
    out = out or (lambda line: print(line))
    try:
        home = home or agent_home()
        settings = load_settings(home)
        client = AgentClient(read_discovery(home))
        COMMANDS[command](resolve, client, settings, out)
        return 0
    except GatewayError as e:
        out("Gateway: error: %s" % e)
        return 1
