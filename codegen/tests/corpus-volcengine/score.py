#!/usr/bin/env python3
"""Score scraped API specs against corpus-volcengine (our own Volcengine/BytePlus pages).

A copy of shared/corpus-wide/score.py: same reader, matching and metrics (param P/R/F1, required
acc, array acc, type acc, resp F1, and the `stated:` recall line), reading the INDEX.tsv, pages/
and truth/ beside this file. One more grouping: `volcengine/family:<f>`, the page family from
the INDEX.tsv source column (`own:<f>`).


    python3 corpus/score.py SCRAPED_DIR [--per-page] [--json OUT] [--include-undocumented]
                            [--against truth|page_view]

SCRAPED_DIR is searched recursively for *.json and *.toml files. Each file may
hold one action spec, a list of specs, or a table whose values are specs. The
reader is tolerant: it looks for

  action name : action | name | action_name | operation | api
  version     : version | api_version | apiVersion
  provider    : provider | vendor | cloud            (optional)
  request     : request | params | parameters | request_params | inputs |
                input | request_parameters (a list, or a table keyed by name;
                may also be nested one level, e.g. request.params)
  param       : name | param | key | parameter ; type | data_type | kind ;
                required | is_required | mandatory ; array | is_array | repeated | list
  response    : response | response_params | outputs | output | response_fields

Parameter names are normalised by stripping a trailing ".N" (and "[]", ".n").
Array-ness is taken from an explicit flag when present, else from the type
("Array of X", "list[...]", "X[]", "Vec<..>", "RepeatList") or a ".N" suffix.

Pages are the rows of INDEX.tsv; the truth of a page is
truth/<provider>/<action>.json. Matching a page to a scraped spec, in order:
  1. a scraped file whose stem equals the page's file stem (e.g. "CreateKeyPair"
     for pages/alibaba/CreateKeyPair.md), or whose source/doc/file field ends with
     the page path ("alibaba/CreateKeyPair.md") or its file name; when several
     match (ModifyImageSharePermission exists for Alibaba AND Tencent), the one
     whose provider field, folder ("/alibaba/") or version fits the page wins;
  2. a spec with the same action name and the same version;
  3. a spec with the same action name and the same provider, or the only spec
     with that action name.
Common parameters (Action, Version, Region for Tencent; Action, Version for
Volcengine; Action for Alibaba) are ignored on both sides. Truth parameters
marked "documented": false (Alibaba OwnerId & co, Tencent disabled params) are
not required for recall; finding them is not penalised either.

Metrics (micro-averaged over parameters of all pages in a group):
  param P/R/F1  request parameter names
  required_acc  share of matched params whose required flag equals the truth
                (params whose truth flag is unknown/null are skipped; a missing
                scraped flag counts as wrong)
  array_acc     share of matched params with the right array-ness
  type_acc      share of matched params with the right base type
                (string, integer, boolean, float, binary, object)
  action/version: share of pages whose action / version string matches
  resp F1       response field names (top level), for information

Groups: provider, provider/format, provider/language, ALL.
With --against page_view the expected values are page_view/<provider>/<action>.json,
a hand-checked transcription of what each page literally says (NOT truth): use it
to test the reader alone, without penalties for stale pages.
Self-checks: `score.py truth` prints 1.000 everywhere; `score.py page_view`
prints the ceiling a perfect page reader reaches against the SDK truth (see
KNOWN-DIFFERENCES.md); `score.py page_view --against page_view` prints 1.000.
Needs Python 3.11+ for TOML (tomllib); no other dependencies.
"""
import argparse
import csv
import json
import os
import re
import sys
from collections import defaultdict

try:
    import tomllib
except ImportError:  # Python < 3.11
    tomllib = None

HERE = os.path.dirname(os.path.abspath(__file__))
COMMON = {
    "tencent": {"Action", "Version", "Region"},
    "volcengine": {"Action", "Version"},
    "alibaba": {"Action"},
}
ACTION_KEYS = ("action", "name", "action_name", "actionName", "operation", "api", "Action")
VERSION_KEYS = ("version", "api_version", "apiVersion", "Version")
PROVIDER_KEYS = ("provider", "vendor", "cloud")
REQ_KEYS = ("request", "params", "parameters", "request_params", "requestParams", "inputs", "input",
            "request_parameters", "requestParameters", "request_fields")
RESP_KEYS = ("response", "response_params", "responseParams", "outputs", "output", "response_fields",
             "response_parameters", "responseFields")
PNAME_KEYS = ("name", "param", "key", "parameter", "field", "Name")
PTYPE_KEYS = ("type", "data_type", "dataType", "kind", "Type", "ty")
PREQ_KEYS = ("required", "is_required", "isRequired", "mandatory", "Required")
PARR_KEYS = ("array", "is_array", "isArray", "repeated", "list", "multiple")
SRC_KEYS = ("source", "doc", "file", "source_file", "path", "url", "page")


# ----------------------------------------------------------------------------- normalisation
def norm_name(n):
    n = str(n).strip().strip("`").strip()
    n = re.sub(r"\[\]$", "", n)
    n = re.sub(r"\.[Nn]$", "", n)
    return n


def name_is_array(n):
    n = str(n).strip()
    return bool(re.search(r"(\.[Nn]|\[\])$", n))


def norm_type(t):
    """-> (base, array_or_None)"""
    if t is None:
        return None, None
    if isinstance(t, dict):  # e.g. {"kind": "array", "of": "string"}
        inner = t.get("of") or t.get("items") or t.get("element") or t.get("member")
        k = str(t.get("kind") or t.get("type") or "").lower()
        if k in ("array", "list", "vec"):
            return norm_type(inner)[0], True
        return norm_type(k or inner)
    s = str(t).strip()
    s = re.sub(r"\[([^\]]+)\]\([^)]*\)", r"\1", s)  # markdown links
    arr = None
    m = (re.fullmatch(r"(?i)array\s+of\s+(.+)", s) or re.fullmatch(r"(?i)(?:list|array|vec|set)\s*[<\[(](.+)[>\])]", s)
         or re.fullmatch(r"(.+)\[\]", s))
    if m:
        arr, s = True, m.group(1).strip()
    elif s.lower() in ("repeatlist",):
        return "string", True
    elif s.lower() in ("array", "list", "vec"):
        return None, True
    low = s.lower()
    if low.startswith("object:") or low.startswith("struct:"):
        return "object", arr
    base = {
        "string": "string", "str": "string", "text": "string", "date": "string", "datetime": "string",
        "timestamp": "string", "char": "string",
        "integer": "integer", "int": "integer", "int32": "integer", "int64": "integer", "uint64": "integer",
        "uint32": "integer", "long": "integer", "i32": "integer", "i64": "integer", "u64": "integer", "u32": "integer",
        "boolean": "boolean", "bool": "boolean",
        "float": "float", "double": "float", "float64": "float", "float32": "float", "number": "float",
        "f64": "float", "f32": "float", "decimal": "float",
        "binary": "binary", "bytes": "binary",
        "object": "object", "struct": "object", "map": "object", "dict": "object", "json": "object",
    }.get(low)
    if base is None:
        base = "object" if re.match(r"^[A-Za-z_][A-Za-z0-9_]*$", s) or low.startswith(("map", "dict")) else low
    return base, arr


def norm_required(v):
    if v is None:
        return None
    if isinstance(v, bool):
        return v
    if isinstance(v, (int, float)):
        return bool(v)
    s = str(v).strip().lower()
    if s in ("yes", "y", "true", "required", "是", "必选", "必填", "1", "mandatory"):
        return True
    if s in ("no", "n", "false", "optional", "否", "可选", "0", "not required"):
        return False
    return None


def first(d, keys):
    for k in keys:
        if isinstance(d, dict) and k in d and d[k] is not None:
            return d[k]
    return None


def param_list(v):
    """Accept a list of param dicts, a dict keyed by name, or a dict wrapping one of those."""
    if v is None:
        return []
    if isinstance(v, dict):
        inner = first(v, ("params", "parameters", "fields", "members", "items", "list"))
        if isinstance(inner, (list, dict)) and not first(v, PNAME_KEYS):
            return param_list(inner)
        out = []
        for k, pv in v.items():
            if isinstance(pv, dict):
                d = dict(pv)
                d.setdefault("name", k)
                out.append(d)
            else:
                out.append({"name": k, "type": pv})
        return out
    if isinstance(v, list):
        return [p if isinstance(p, dict) else {"name": p} for p in v]
    return []


def read_params(raw, with_required=True):
    out = {}
    for p in param_list(raw):
        nm = first(p, PNAME_KEYS)
        if nm is None:
            continue
        base, t_arr = norm_type(first(p, PTYPE_KEYS))
        arr = first(p, PARR_KEYS)
        if isinstance(arr, str):
            arr = norm_required(arr)
        if arr is None:
            arr = t_arr if t_arr is not None else name_is_array(nm)
        e = {"type": base, "array": bool(arr)}
        if with_required:
            e["required"] = norm_required(first(p, PREQ_KEYS))
        if "documented" in p:
            e["documented"] = p["documented"]
        out.setdefault(norm_name(nm), e)
    return out


def specs_in(obj):
    """Yield spec dicts found in a parsed file."""
    if isinstance(obj, list):
        for x in obj:
            yield from specs_in(x)
        return
    if not isinstance(obj, dict):
        return
    if first(obj, REQ_KEYS) is not None or (first(obj, ACTION_KEYS) and isinstance(first(obj, ACTION_KEYS), str)
                                             and first(obj, VERSION_KEYS)):
        yield obj
        return
    for k in ("spec", "api", "action", "actions", "specs", "operations"):
        if k in obj and isinstance(obj[k], (dict, list)):
            yield from specs_in(obj[k])
            return
    for v in obj.values():  # table of specs keyed by action name
        if isinstance(v, dict):
            yield from specs_in(v)


def load_dir(d):
    specs = []
    for root, _, files in os.walk(d):
        for fn in sorted(files):
            path = os.path.join(root, fn)
            stem, ext = os.path.splitext(fn)
            try:
                if ext == ".json":
                    obj = json.load(open(path, encoding="utf-8"))
                elif ext == ".toml":
                    if tomllib is None:
                        print(f"warning: cannot read {path}: tomllib needs Python 3.11+", file=sys.stderr)
                        continue
                    obj = tomllib.load(open(path, "rb"))
                else:
                    continue
            except Exception as e:  # noqa: BLE001
                print(f"warning: cannot parse {path}: {e}", file=sys.stderr)
                continue
            for s in specs_in(obj):
                act = first(s, ACTION_KEYS)
                if isinstance(act, dict):  # spec schema 1: [action] table holds name/version/provider
                    s = {**{k: v for k, v in act.items() if k not in ("name",)}, **s}
                    act = first(act, ("name", "value"))
                src = first(s, ("source",))
                if isinstance(src, dict):  # spec schema 1: [source] path = ...
                    s = {**s, "source": first(src, ("path", "file", "url"))}
                specs.append({
                    "file": path, "stem": stem,
                    "action": str(act).strip() if act is not None else None,
                    "version": str(first(s, VERSION_KEYS)).strip() if first(s, VERSION_KEYS) is not None else None,
                    "provider": str(first(s, PROVIDER_KEYS)).strip().lower() if first(s, PROVIDER_KEYS) else None,
                    "src": [str(first(s, (k,))) for k in SRC_KEYS if first(s, (k,))],
                    "request": read_params(first(s, REQ_KEYS)),
                    "response": read_params(first(s, RESP_KEYS), with_required=False),
                })
    return specs


# ----------------------------------------------------------------------------- truth
def load_pages(against="truth"):
    pages = []
    truth_cache = {}
    with open(os.path.join(HERE, "INDEX.tsv"), encoding="utf-8") as f:
        for r in csv.DictReader(f, delimiter="\t"):
            pages.append({"doc": r["file"], "provider": r["provider"], "format": r["format"],
                          "language": r["language"], "family": r["source"].split(":", 1)[-1],
                          "truth_path": os.path.join(HERE, against, r["provider"], r["action"] + ".json")})
    for p in pages:
        if p["truth_path"] not in truth_cache:
            truth_cache[p["truth_path"]] = json.load(open(p["truth_path"], encoding="utf-8"))
        p["truth"] = truth_cache[p["truth_path"]]
    return pages


def prefer(page, cands):
    """Among several candidate specs, keep those that fit the page's provider, then version."""
    t = page["truth"]
    if len(cands) <= 1:
        return cands
    sep = os.sep
    fit = [s for s in cands if s["provider"] == t["provider"]
           or (s["provider"] is None and (sep + t["provider"] + sep) in s["file"])]
    cands = fit or cands
    fit = [s for s in cands if s["version"] == t["version"]]
    return fit or cands


def match(page, specs):
    t = page["truth"]
    doc_file = os.path.basename(page["doc"])
    doc_stem = os.path.splitext(doc_file)[0]
    c = [s for s in specs if any(x.endswith(page["doc"]) for x in s["src"])]
    c = c or [s for s in specs if s["stem"] == doc_stem or any(x.endswith(doc_file) for x in s["src"])]
    c = prefer(page, c)
    if c:
        return c[0], "doc"
    same = [s for s in specs if s["action"] == t["action"]]
    c = [s for s in same if s["version"] == t["version"]]
    if len({(s["provider"] or t["provider"]) for s in c}) > 1:
        c = [s for s in c if s["provider"] in (None, t["provider"])]
    if c:
        return c[0], "action+version"
    c = [s for s in same if s["provider"] == t["provider"]]
    if c:
        return c[0], "action+provider"
    if len(same) == 1:
        return same[0], "action"
    return None, None


# ----------------------------------------------------------------------------- scoring
class Acc:
    def __init__(self):
        self.c = defaultdict(int)

    def add(self, k, v=1):
        self.c[k] += v

    def ratio(self, a, b):
        return self.c[a] / self.c[b] if self.c[b] else float("nan")

    def f1(self, tp, fp, fn):
        p = self.c[tp] / (self.c[tp] + self.c[fp]) if (self.c[tp] + self.c[fp]) else float("nan")
        r = self.c[tp] / (self.c[tp] + self.c[fn]) if (self.c[tp] + self.c[fn]) else float("nan")
        f = 2 * p * r / (p + r) if (p == p and r == r and p + r) else (0.0 if p == p and r == r else float("nan"))
        return p, r, f


def score_page(page, spec, include_undoc):
    t = page["truth"]
    common = COMMON.get(t["provider"], set())
    res = Acc()
    res.add("pages")
    truth_req = {norm_name(p["name"]): p for p in t["request"] if norm_name(p["name"]) not in common}
    must = {n for n, p in truth_req.items() if include_undoc or p.get("documented", True)}
    detail = {"doc": page["doc"], "matched_by": None, "missing": [], "extra": [], "wrong": []}
    if spec is None:
        res.add("fn", len(must))
        res.add("resp_fn", len(t["response"]))
        detail["missing"] = sorted(must)
        return res, detail
    detail["matched_by"] = spec[1]
    spec = spec[0]
    res.add("found")
    res.add("action_ok", int(spec["action"] == t["action"]))
    res.add("version_ok", int(spec["version"] == t["version"]))
    got = {n: p for n, p in spec["request"].items() if n not in common}
    for n, g in got.items():
        if n in truth_req:
            tp = truth_req[n]
            if n not in must:
                continue  # undocumented truth param found: neither TP nor FP
            res.add("tp")
            if tp["required"] is not None:
                res.add("req_n")
                ok = g["required"] is not None and g["required"] == tp["required"]
                res.add("req_ok", int(ok))
                if not ok:
                    detail["wrong"].append(f"{n}.required={g['required']} (truth {tp['required']})")
            res.add("arr_n")
            ok = bool(g["array"]) == bool(tp["array"])
            res.add("arr_ok", int(ok))
            if not ok:
                detail["wrong"].append(f"{n}.array={g['array']} (truth {tp['array']})")
            tb = norm_type(tp["type"])[0]
            res.add("type_n")
            ok = g["type"] == tb
            res.add("type_ok", int(ok))
            if not ok:
                detail["wrong"].append(f"{n}.type={g['type']} (truth {tb})")
        else:
            res.add("fp")
            detail["extra"].append(n)
    for n in must:
        if n not in got:
            res.add("fn")
            detail["missing"].append(n)
    t_resp = {norm_name(p["name"]) for p in t["response"]}
    g_resp = set(spec["response"])
    res.add("resp_tp", len(t_resp & g_resp))
    res.add("resp_fp", len(g_resp - t_resp))
    res.add("resp_fn", len(t_resp - g_resp))
    return res, detail


def fmt(x):
    return "  -  " if x != x else f"{x:5.3f}"


def main():
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("scraped_dir")
    ap.add_argument("--per-page", action="store_true", help="list every page with its misses")
    ap.add_argument("--json", metavar="OUT", help="also write the numbers as JSON")
    ap.add_argument("--against", choices=("truth", "page_view"), default="truth",
                    help="expected values: SDK ground truth (default) or page_view/, the literal "
                         "transcription of what each page says (stale pages and wrong flags included)")
    ap.add_argument("--include-undocumented", action="store_true",
                    help="require truth params marked documented=false (hidden SDK params) too")
    args = ap.parse_args()

    specs = load_dir(args.scraped_dir)
    pages = load_pages(args.against)
    groups = defaultdict(Acc)
    details = []
    for page in pages:
        s, how = match(page, specs)
        res, det = score_page(page, (s, how) if s else None, args.include_undocumented)
        details.append(det)
        for g in (page["provider"], f"{page['provider']}/{page['format']}",
                  f"{page['provider']}/lang:{page['language']}", f"{page['provider']}/family:{page['family']}", "ALL"):
            for k, v in res.c.items():
                groups[g].add(k, v)

    order = sorted(k for k in groups if k != "ALL" and "/" not in k)
    rows = []
    for g in order + sorted(k for k in groups if "/" in k) + ["ALL"]:
        a = groups[g]
        p, r, f = a.f1("tp", "fp", "fn")
        _, _, rf = a.f1("resp_tp", "resp_fp", "resp_fn")
        rows.append({"group": g, "pages": a.c["pages"], "found": a.c["found"],
                     "action_acc": a.ratio("action_ok", "found"), "version_acc": a.ratio("version_ok", "found"),
                     "param_p": p, "param_r": r, "param_f1": f,
                     "required_acc": a.ratio("req_ok", "req_n"), "array_acc": a.ratio("arr_ok", "arr_n"),
                     "type_acc": a.ratio("type_ok", "type_n"), "resp_f1": rf})
    hdr = f"{'group':34s} {'pages':>5s} {'found':>5s} {'action':>6s} {'vers':>6s} {'P':>6s} {'R':>6s} {'F1':>6s} {'req':>6s} {'array':>6s} {'type':>6s} {'respF1':>6s}"
    print(hdr)
    print("-" * len(hdr))
    for r in rows:
        if r["group"] == "ALL":
            print("-" * len(hdr))
        print(f"{r['group']:34s} {r['pages']:5d} {r['found']:5d} {fmt(r['action_acc']):>6s} {fmt(r['version_acc']):>6s} "
              f"{fmt(r['param_p']):>6s} {fmt(r['param_r']):>6s} {fmt(r['param_f1']):>6s} {fmt(r['required_acc']):>6s} "
              f"{fmt(r['array_acc']):>6s} {fmt(r['type_acc']):>6s} {fmt(r['resp_f1']):>6s}")
    if args.per_page:
        print()
        for d in details:
            flag = "NOT FOUND" if d["matched_by"] is None else f"matched by {d['matched_by']}"
            print(f"{d['doc']}: {flag}")
            for k in ("missing", "extra", "wrong"):
                if d[k]:
                    print(f"    {k}: {', '.join(d[k])}")
    allr = rows[-1]
    if args.json:
        clean = [{k: (None if isinstance(v, float) and v != v else v) for k, v in r.items()} for r in rows]
        json.dump({"groups": clean, "pages": details}, open(args.json, "w", encoding="utf-8"), indent=1,
                  ensure_ascii=False)
    stated_t = stated_f = 0
    for page, d in zip(pages, details):
        text = open(os.path.join(HERE, "pages", page["doc"]), encoding="utf-8", errors="replace").read()
        missing = set(d["missing"]) if d["matched_by"] is not None else None
        common = COMMON.get(page["truth"]["provider"], set())
        for tp in page["truth"]["request"]:
            n = norm_name(tp["name"])
            if n in common or not tp.get("documented", True):
                continue
            if re.search(r"(?<![A-Za-z0-9_])" + re.escape(n) + r"(?:\.N|\.n|\.\d+)?(?![A-Za-z0-9_])", text):
                stated_t += 1
                if missing is not None and n not in missing:
                    stated_f += 1
    print(f"stated: recall={stated_f / max(stated_t, 1):.3f} ({stated_f}/{stated_t} parameters the pages name)")
    n_pages = allr["pages"]
    label = "corpus-volcengine" if args.against == "truth" else "corpus(page_view)"
    print(f"{label}: param_f1={allr['param_f1']:.3f} required_acc={allr['required_acc']:.3f} "
          f"type_acc={allr['type_acc']:.3f} ({n_pages} pages)")
    return 0


if __name__ == "__main__":
    sys.exit(main())
