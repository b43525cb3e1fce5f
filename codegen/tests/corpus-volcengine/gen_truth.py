#!/usr/bin/env python3
"""Ground truth for the Volcengine pages of corpus-volcengine, from the official Python SDK.

    python3 gen_truth.py                 download the pinned SDK into a temp dir, write truth/volcengine/*.json
    python3 gen_truth.py --check         same, but only compare with the files on disk (exit 1 on a difference)
    python3 gen_truth.py --sdk DIR       use wheels (or unpacked packages) already in DIR instead of downloading
    python3 gen_truth.py --show ACTION   print one action's truth (for writing a page)

The SDK is `volcengine-python-sdk` SDK_VERSION, a meta package that pins one `volcenginesdk-<service>`
package per product at the same version; only the split packages named in ACTIONS are downloaded
(`pip download --no-deps`, nothing is kept). For each action:

  service, version, method  from the api module's call_api path '/<Action>/<Version>/<service>/<method>/<type>/'
  request                   from models/<snake_action>_request.py: swagger_types (type, list[...] = array),
                            attribute_map (wire name) and the setters' client-side `is None` check (= required)
  response                  the top-level fields of models/<snake_action>_response.py (same reading)
  endpoint                  what volcenginesdkcore's default endpoint provider resolves for region cn-beijing

Types: str -> string, int/long -> integer, bool -> boolean, float/double -> float, object/dict(...) -> object,
any other model class C -> object:C. Stdlib only (Python 3.11).
"""
import argparse
import ast
import csv
import json
import os
import re
import subprocess
import sys
import tempfile
import zipfile

HERE = os.path.dirname(os.path.abspath(__file__))
TRUTH_DIR = os.path.join(HERE, "truth", "volcengine")
SDK_VERSION = "5.0.54"
META = "volcengine-python-sdk"

# (split package suffix, Action): volcenginesdk<suffix>
ACTIONS = [
    ("ecs", "RunInstances"),
    ("ecs", "StartInstance"),
    ("ecs", "ModifyInstanceAttribute"),
    ("ecs", "ImportKeyPair"),
    ("ecs", "ReplaceSystemVolume"),
    ("ecs", "DescribeImages"),
    ("vpc", "CreateVpc"),
    ("vpc", "AllocateEipAddress"),
    ("vpc", "AuthorizeSecurityGroupIngress"),
    ("vpc", "CreateSubnet"),
    ("clb", "CreateLoadBalancer"),
    ("clb", "CreateServerGroup"),
    ("clb", "AddServerGroupBackendServers"),
    ("iam", "CreateUser"),
    ("iam", "CreateRole"),
    ("rdsmysqlv2", "CreateDBInstance"),
    ("rdsmysqlv2", "CreateDatabase"),
    ("rdsmysqlv2", "DescribeDBInstances"),
    ("storageebs", "CreateVolume"),
    ("storageebs", "CreateSnapshot"),
    ("storageebs", "ExtendVolume"),
    ("veenedge", "GetInstance"),
    ("veenedge", "ListInstances"),
    ("billing", "ListBill"),
    ("billing", "ListAmortizedCostBillDetail"),
    ("filenas", "CreateFileSystem"),
    ("vepfs", "DescribeFileSystems"),
]

SCALARS = {"str": "string", "int": "integer", "long": "integer", "bool": "boolean", "float": "float",
           "double": "float", "object": "object", "datetime": "string", "date": "string"}


# ----------------------------------------------------------------------------- SDK files
def fetch_sdk(dest):
    """pip download the meta package and the split packages it pins; unpack every wheel into dest/x."""
    pkgs = sorted({f"volcenginesdk-{m}=={SDK_VERSION}" for m, _ in ACTIONS})
    subprocess.run([sys.executable, "-m", "pip", "download", "--no-deps", "-q", "-d", dest,
                    f"{META}=={SDK_VERSION}", f"volcenginesdk-core=={SDK_VERSION}", *pkgs], check=True)
    return unpack(dest)


def unpack(src):
    out = os.path.join(src, "x")
    os.makedirs(out, exist_ok=True)
    for fn in sorted(os.listdir(src)):
        if fn.endswith(".whl"):
            with zipfile.ZipFile(os.path.join(src, fn)) as z:
                z.extractall(out)
    return out


def check_meta_pins(root):
    """The meta package must pin each split package used here at SDK_VERSION."""
    metas = [d for d in os.listdir(root) if d.startswith("volcengine_python_sdk-") and d.endswith(".dist-info")]
    if not metas:
        print(f"note: {META} metadata not found in {root}; cannot check its pins", file=sys.stderr)
        return
    text = open(os.path.join(root, metas[0], "METADATA"), encoding="utf-8").read()
    for m in sorted({m for m, _ in ACTIONS}):
        if not re.search(rf"^Requires-Dist: volcenginesdk-{m}=={re.escape(SDK_VERSION)}\b", text, re.M):
            sys.exit(f"{META} {SDK_VERSION} does not pin volcenginesdk-{m}=={SDK_VERSION}")


def read(path):
    return open(path, encoding="utf-8").read()


def model_index(pkg_dir):
    """class name -> model file, from models/__init__.py imports."""
    idx = {}
    for mod, cls in re.findall(r"^from \S+\.models\.(\w+) import (\w+)", read(os.path.join(pkg_dir, "models", "__init__.py")), re.M):
        idx[cls] = os.path.join(pkg_dir, "models", mod + ".py")
    return idx


def api_call(pkg_dir, action):
    """-> (version, service, method, request class, response class, api file) of one action."""
    api_dir = os.path.join(pkg_dir, "api")
    for fn in sorted(os.listdir(api_dir)):
        if not fn.endswith(".py") or fn == "__init__.py":
            continue
        text = read(os.path.join(api_dir, fn))
        for m in re.finditer(r"def (\w+)_with_http_info\(self, body, \*\*kwargs\):(.*?)(?=\n    def |\Z)", text, re.S):
            body = m.group(2)
            p = re.search(r"call_api\(\s*'/" + re.escape(action) + r"/([^/]+)/([^/]+)/([^/]+)/", body)
            if not p:
                continue
            req = re.search(r":param (\w+) body:", body).group(1)
            resp = re.search(r"response_type='(\w+)'", body).group(1)
            return p.group(1), p.group(2), p.group(3).upper(), req, resp, os.path.join("api", fn)
    raise SystemExit(f"{action}: no call_api path in {api_dir}")


def class_fields(path, cls):
    """-> [(attr, swagger type, wire name, required)] of one model class."""
    tree = ast.parse(read(path))
    node = next(n for n in tree.body if isinstance(n, ast.ClassDef) and n.name == cls)
    types, wire = {}, {}
    for st in node.body:
        if isinstance(st, ast.Assign) and isinstance(st.targets[0], ast.Name):
            if st.targets[0].id == "swagger_types":
                types = ast.literal_eval(st.value)
            elif st.targets[0].id == "attribute_map":
                wire = ast.literal_eval(st.value)
    required = set()
    src = read(path)
    for st in node.body:
        if isinstance(st, ast.FunctionDef) and any(
                isinstance(d, ast.Attribute) and d.attr == "setter" for d in st.decorator_list):
            seg = ast.get_source_segment(src, st)
            if re.search(r"client_side_validation and " + re.escape(st.name) + r" is None:\s*\n\s*raise ValueError", seg):
                required.add(st.name)
    return [(a, t, wire[a], a in required) for a, t in types.items()]


def norm_type(t):
    """swagger type -> (truth type, array)"""
    m = re.fullmatch(r"list\[(.+)\]", t)
    if m:
        inner, _ = norm_type(m.group(1))
        return inner, True
    if t.startswith("dict("):
        return "object", False
    if t in SCALARS:
        return SCALARS[t], False
    return "object:" + t, False


def endpoint_for(root, service):
    path = os.path.join(root, "volcenginesdkcore", "endpoint", "providers", "default_provider.py")
    if not os.path.exists(path):
        return "open.volcengineapi.com"
    text = read(path)
    m = re.search(r"'" + re.escape(service) + r"': ServiceEndpointInfo\((.*?)\)", text, re.S)
    if not m:
        return "open.volcengineapi.com"  # fallback_endpoint
    info = m.group(1)
    std = service.lower().replace("_", "-")
    if "is_global=True" in info:
        g = re.search(r"global_endpoint='([^']*)'", info).group(1)
        return g or std + ".volcengineapi.com"
    rm = re.search(r"'cn-beijing':\s*'([^']+)'", info)
    return rm.group(1) if rm else f"{std}.cn-beijing.volcengineapi.com"


def docs_by_action():
    out = {}
    idx = os.path.join(HERE, "INDEX.tsv")
    if os.path.exists(idx):
        with open(idx, encoding="utf-8") as f:
            for r in csv.DictReader(f, delimiter="\t"):
                out.setdefault(r["action"], []).append(r["file"])
    return out


def build(root):
    docs = docs_by_action()
    out = {}
    for mod, action in ACTIONS:
        pkg = f"volcenginesdk{mod}"
        pkg_dir = os.path.join(root, pkg)
        version, service, method, req_cls, resp_cls, api_file = api_call(pkg_dir, action)
        idx = model_index(pkg_dir)
        req_path, resp_path = idx[req_cls], idx[resp_cls]
        request = []
        for _, t, wire, req in class_fields(req_path, req_cls):
            ty, arr = norm_type(t)
            request.append({"name": wire, "type": ty, "array": arr, "required": req})
        response = []
        for _, t, wire, _ in class_fields(resp_path, resp_cls):
            ty, arr = norm_type(t)
            response.append({"name": wire, "type": ty, "array": arr})
        rel = lambda p: os.path.relpath(p, root).replace(os.sep, "/")  # noqa: E731
        out[action] = {
            "provider": "volcengine",
            "service": service,
            "version": version,
            "action": action,
            "endpoint": endpoint_for(root, service),
            "request": request,
            "response": response,
            "source": (f"{META} {SDK_VERSION} (volcenginesdk-{mod} {SDK_VERSION}): {rel(req_path)}, {rel(resp_path)}, "
                       f"{pkg}/{api_file} ({method} '/{action}/{version}/{service}/...'); required = the setter's "
                       f"client-side `is None` check"),
            "docs": sorted(docs.get(action, [])),
        }
    return out


def dump(obj):
    return json.dumps(obj, indent=1, ensure_ascii=False) + "\n"


def main():
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--check", action="store_true", help="compare with truth/ on disk, write nothing")
    ap.add_argument("--sdk", metavar="DIR", help="directory with the wheels (or an unpacked tree) to use")
    ap.add_argument("--show", metavar="ACTION", nargs="+", help="print these actions' truth and exit")
    args = ap.parse_args()

    with tempfile.TemporaryDirectory() as tmp:
        if args.sdk:
            root = args.sdk if os.path.isdir(os.path.join(args.sdk, "volcenginesdkcore")) else unpack(args.sdk)
        else:
            root = fetch_sdk(tmp)
        check_meta_pins(root)
        truth = build(root)

    if args.show:
        for a in args.show:
            t = truth[a]
            print(f"== {a}  {t['service']} {t['version']}  {t['endpoint']}")
            for p in t["request"]:
                print(f"   {p['name']:32s} {p['type']:45s} array={p['array']!s:5s} required={p['required']}")
            print("   -- response:", ", ".join(p["name"] + ("[]" if p["array"] else "") + ":" + p["type"] for p in t["response"]))
        return 0

    os.makedirs(TRUTH_DIR, exist_ok=True)
    bad = 0
    want = {f"{a}.json" for a in truth}
    for a, t in sorted(truth.items()):
        path = os.path.join(TRUTH_DIR, f"{a}.json")
        text = dump(t)
        if args.check:
            if not os.path.exists(path) or read(path) != text:
                print(f"differs: truth/volcengine/{a}.json")
                bad += 1
        else:
            with open(path, "w", encoding="utf-8") as f:
                f.write(text)
    for fn in sorted(os.listdir(TRUTH_DIR)):
        if fn.endswith(".json") and fn not in want:
            print(f"stale: truth/volcengine/{fn} (not in ACTIONS)")
            bad += 1
    if args.check:
        print(f"{len(truth) - bad if bad <= len(truth) else 0}/{len(truth)} truth files match")
    return 1 if bad else 0


if __name__ == "__main__":
    sys.exit(main())
