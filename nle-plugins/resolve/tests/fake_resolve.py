"""A recording fake of DaVinci Resolve's scripting object model, at the `resolve` boundary only.

Every call is recorded as (Class.Method, args); `fail` makes any call return False or None instead of
doing its work, the way Resolve signals failure (it never raises)."""

import os


class Recorder(object):
    def __init__(self):
        self.calls = []
        self.failures = {}

    def fail(self, call, value=None):
        """Makes every later `call` ("MediaPool.ImportMedia") return `value` (None or False)."""
        self.failures[call] = value

    def record(self, call, args):
        self.calls.append((call, args))
        return call in self.failures

    def named(self, call):
        return [args for c, args in self.calls if c == call]


class _Fake(object):
    kind = "?"

    def __init__(self, rec):
        self._rec = rec

    def _call(self, method, args, work):
        call = "%s.%s" % (self.kind, method)
        if self._rec.record(call, args):
            return self._rec.failures[call]
        return work()


class MediaPoolItem(_Fake):
    kind = "MediaPoolItem"

    def __init__(self, rec, path):
        super().__init__(rec)
        self.properties = {"File Path": path, "Clip Name": os.path.basename(path)}
        self.third_party = {}

    def GetName(self):
        return self.properties["Clip Name"]

    def GetClipProperty(self, name=None):
        return self.properties.get(name) if name else dict(self.properties)

    def SetClipProperty(self, name, value):
        return self._call("SetClipProperty", (name, value), lambda: self.properties.__setitem__(name, value) or True)

    def SetThirdPartyMetadata(self, *args):
        def work():
            if len(args) == 1:
                self.third_party.update(args[0])
            else:
                self.third_party[args[0]] = args[1]
            return True
        return self._call("SetThirdPartyMetadata", args, work)


class Folder(_Fake):
    kind = "Folder"

    def __init__(self, rec, name):
        super().__init__(rec)
        self.name = name
        self.subfolders = []
        self.clips = []

    def GetName(self):
        return self._call("GetName", (), lambda: self.name)

    def GetSubFolderList(self):
        return self._call("GetSubFolderList", (), lambda: list(self.subfolders))

    def GetClipList(self):
        return self._call("GetClipList", (), lambda: list(self.clips))


class MediaPool(_Fake):
    kind = "MediaPool"

    def __init__(self, rec):
        super().__init__(rec)
        self.root = Folder(rec, "Master")
        self.current = self.root

    def GetRootFolder(self):
        return self._call("GetRootFolder", (), lambda: self.root)

    def AddSubFolder(self, parent, name):
        def work():
            f = Folder(self._rec, name)
            parent.subfolders.append(f)
            return f
        return self._call("AddSubFolder", (parent, name), work)

    def SetCurrentFolder(self, folder):
        return self._call("SetCurrentFolder", (folder,), lambda: setattr(self, "current", folder) or True)

    def GetCurrentFolder(self):
        return self._call("GetCurrentFolder", (), lambda: self.current)

    def ImportMedia(self, paths):
        def work():
            items = [MediaPoolItem(self._rec, p) for p in paths if os.path.isfile(p)]
            self.current.clips.extend(items)
            return items
        return self._call("ImportMedia", (list(paths),), work)


class Timeline(_Fake):
    kind = "Timeline"

    def __init__(self, rec, name, content):
        super().__init__(rec)
        self.name = name
        self.content = content

    def GetName(self):
        return self._call("GetName", (), lambda: self.name)

    def Export(self, path, kind, subtype=None):
        def work():
            with open(path, "w", encoding="utf-8") as f:
                f.write(self.content)
            return True
        args = (path, kind) if subtype is None else (path, kind, subtype)
        return self._call("Export", args, work)


class Project(_Fake):
    kind = "Project"

    def __init__(self, rec, name, timeline):
        super().__init__(rec)
        self.name = name
        self.pool = MediaPool(rec)
        self.timeline = timeline

    def GetName(self):
        return self._call("GetName", (), lambda: self.name)

    def GetMediaPool(self):
        return self._call("GetMediaPool", (), lambda: self.pool)

    def GetCurrentTimeline(self):
        return self._call("GetCurrentTimeline", (), lambda: self.timeline)


class ProjectManager(_Fake):
    kind = "ProjectManager"

    def __init__(self, rec, project):
        super().__init__(rec)
        self.project = project

    def GetCurrentProject(self):
        return self._call("GetCurrentProject", (), lambda: self.project)


class Resolve(_Fake):
    """`otio=False` plays a Resolve before 18.5 (no resolve.EXPORT_OTIO)."""

    kind = "Resolve"
    EXPORT_AAF = 0
    EXPORT_DRT = 1
    EXPORT_EDL = 2
    EXPORT_FCP_7_XML = 3
    EXPORT_NONE = 20
    EXPORT_CDL = 21
    EXPORT_SDL = 22
    EXPORT_MISSING_CLIPS = 23

    def __init__(self, project_name="feature", timeline_name="Reel 1 v3", timeline_content="", otio=True):
        super().__init__(Recorder())
        self.rec = self._rec
        if otio:
            self.EXPORT_OTIO = 14
        self.project = Project(self.rec, project_name, Timeline(self.rec, timeline_name, timeline_content))
        self.manager = ProjectManager(self.rec, self.project)

    def GetProjectManager(self):
        return self._call("GetProjectManager", (), lambda: self.manager)
