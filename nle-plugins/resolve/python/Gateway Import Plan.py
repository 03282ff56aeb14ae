# DaVinci Resolve menu script (Workspace > Scripts > Gateway Import Plan): see nle-plugins/resolve/README.md.
# Resolve Studio, or the free edition up to 21.0 (21.1+ free runs the .lua twin only).
import os, sys


def _resolve():
    g = globals()
    if g.get("resolve"):
        return g["resolve"]
    if g.get("app"):
        return g["app"].GetResolve()
    if g.get("bmd"):
        return g["bmd"].scriptapp("Resolve")
    return None


def _library_dirs():
    home = os.environ.get("GATEWAY_AGENT_HOME") or os.path.join(os.path.expanduser("~"), ".gateway-agent")
    dirs = [os.environ.get("GATEWAY_RESOLVE_LIB"), os.path.join(home, "resolve")]
    if "__file__" in globals():
        dirs.append(os.path.dirname(os.path.abspath(__file__)))
    return [d for d in dirs if d]


for _d in _library_dirs():
    if os.path.isfile(os.path.join(_d, "gateway_resolve.py")):
        sys.path.insert(0, _d)
        break
try:
    import gateway_resolve
except ImportError:
    print("Gateway: error: gateway_resolve.py not found in %s; copy it there (README: install)" % ", ".join(_library_dirs()))
else:
    gateway_resolve.main(_resolve(), "import-plan")
