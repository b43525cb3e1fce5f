#!/usr/bin/env python3
"""Derive specs/service-defaults.toml from the official SDK packages' metadata.

What it reads (pip downloads into a temporary folder, nothing is installed or kept):

  Tencent     tccli (services/__init__.py SERVICE_VERSIONS, services/<svc>/<v>/api.json metadata:
              apiVersion, serviceNameCN) and tencentcloud-sdk-python (each
              tencentcloud/<pkg>/v<date>/<pkg>_client.py: _service, _endpoint, _apiVersion).
  Volcengine  volcengine-python-sdk, a meta package: its Requires-Dist names the volcenginesdk-*
              packages, one per service and API version. Each package's api/*.py calls
              call_api('/<Action>/<Version>/<Service>/...'); volcenginesdk-core's
              endpoint/providers/default_provider.py holds the endpoint table (is_global, maps).
  BytePlus    byteplus-python-sdk-v2 (one wheel, byteplussdk<svc> modules, same layout) and its
              byteplussdkcore endpoint table: <svc>.byteplusapi.com / <svc>.<region>.byteplusapi.com.
              BytePlus is Volcengine's international site, so its facts go in the volcengine tables
              as byteplus_endpoint / byteplus_regional_endpoint (and its versions into versions).
  Alibaba     per product, two packages: the legacy single-version SDK aliyun-python-sdk-<code>
              (request classes: RpcRequest.__init__(self, 'Cms', '2019-01-01', 'Action', 'cms'))
              and the current one alibabacloud-<code><yyyymmdd> for that version (client.py
              _endpoint_rule, _endpoint_map, get_endpoint('<code>', ...); the PyPI summary
              "Alibaba Cloud <Product Name> (<yyyymmdd>) SDK Library for Python").
              Only the products whose aliyun-python-sdk-<code> the file's header lists, plus those
              named with --add alibaba.<code>, are downloaded (downloading two packages for each
              of several hundred products is not done). Every other product comes from a local
              list of PyPI packages alone (--packages-list; nothing is downloaded or asked of the
              registry): each alibabacloud-<code><yyyymmdd> package is official SDK metadata,
              product code and API version in its name, English product name in its summary,
              package version and release month telling a maintained version from a placeholder.
              Only packages whose summary is the generator's "Alibaba Cloud <Name> (<yyyymmdd>)
              SDK Library for Python[2]" with the name's date count (test uploads with a time in
              the date, sdk-cs, a 7-digit cd2021127 do not); a -py2 twin only adds a version its
              Python 3 package lacks. Without the list file the tables these products got from an
              earlier run are kept as they are.

Default version (the `version` key), one rule per cloud, each the provider's own choice:
  Tencent     the version tccli uses when none is given: SERVICE_VERSIONS[service][0]
              (newest version if tccli does not know the service yet).
  Volcengine  the version of the service's unversioned package volcenginesdk<service> (the
              dated packages volcenginesdk<service><yyyymmdd> add other versions); the newest
              version when every package of the service is dated. A service only BytePlus has
              gets the same rule applied to the byteplussdk<service> modules.
  Alibaba     the version of the legacy single-version SDK aliyun-python-sdk-<code> (the newest of
              its versions if it carries several): the version the doc center's API reference
              documents (ess 2014-08-28 although ess 2022-02-22 exists, cms 2019-01-01 although
              cms 2024-03-30 exists).
  Alibaba     (from the package list) a rule that gives the same answer as the one above for
              every downloaded product (cms, ecs, ess, kms, ram, slb, vpc): of the product's
              versions whose package is not a 1.0.0 placeholder (all of them if each one is),
              those dated up to January 2022 when there are any (none of the legacy SDKs checked
              carries a later version: a later dated package is a parallel API set, as ess
              2022-02-22 and cms 2024-03-30 are), and of these the one whose package was
              released most recently (the one Alibaba still maintains; the newer version on a
              tie). Checked against the legacy SDKs' versions for 44 products with several
              versions: 36 agree; it differs for baas, cloudauth, domain, facebody, imagesearch,
              mpaas, nlp-automl, waf-openapi.
              ("The oldest maintained version" agrees for 14 of the 44; counting 1.0.x packages
              as placeholders gets ess wrong, whose 2014-08-28 package is 1.0.1.)
`versions` lists every version the SDKs know, oldest first, and is written only when there is
more than one.

Endpoints:
  Tencent     endpoint = the client's _endpoint (<svc>.tencentcloudapi.com), and no regional
              pattern: the SDK sends every request to that host whatever the region (the form
              <svc>.<region>.tencentcloudapi.com appears only as its circuit breaker's backup), and
              docsdk would otherwise route away from the host a page documents.
  Volcengine  endpoint = the SDK's fallback host open.volcengineapi.com; regional_endpoint =
              <svc>.{region}.volcengineapi.com for services the endpoint table marks regional.
  Alibaba     an SDK client has an endpoint rule and a map of exceptions: with rule 'regional'
              every region the map does not list goes to <code>.<region>.aliyuncs.com.
              regional_endpoint = <prefix>.{region}.aliyuncs.com when the rule is 'regional' (in
              both SDK generations, where both give one: legacy ram says 'central'); the prefix is
              the endpoint code, or that of the map's regional cn-hangzhou host (metrics for cms).
              endpoint = <code>.aliyuncs.com when the map routes any region to that central host,
              else the SDK's host for cn-hangzhou, the region the doc center, OpenAPI Explorer and
              the corpus use (from the map, else the regional rule).
              A product from the package list gets endpoint = <code>.aliyuncs.com, Alibaba's naming
              convention, not read from an SDK (the real host can be regional only, or another
              name: dds's SDK uses mongodb.aliyuncs.com); no regional_endpoint, since whether
              the product is regional is not in the list. --add alibaba.<code> replaces both
              with the SDK's.

Product code: Alibaba's from the legacy SDK's requests ('Cms'); for a product from the list, the
summary's spelling when the summary names the product by its code ("R-kvstore", "BssOpenApi"),
written when it differs from the table's key, else none.

Names: every name already in the file is kept (hand-added names are never lost), then the
metadata's names are appended: tccli serviceNameCN, Alibaba's product name from the package
summary ("Alibaba Cloud " and the date taken off; none when it only repeats the code, as "CDN" or
"Domains" would match any page mentioning the word). The other keys of a table the script
derives are replaced; tables (say a hand-added Alibaba product whose packages are missing) and
keys it does not derive are kept as they are.

Usage:
  python3 scripts/service_defaults.py              regenerate from the newest packages
  python3 scripts/service_defaults.py --pinned     regenerate from the package versions the
                                                   file's header lists
  python3 scripts/service_defaults.py --add alibaba.rds   derive an Alibaba product from its two
                                                          SDK packages rather than the list
  python3 scripts/service_defaults.py --packages-list PATH   the local PyPI package list
                                                   (default /work/.library/env/packages/pypi.tsv)
  python3 scripts/service_defaults.py --check      compare the file with the corpus truth
                                                   (../shared/corpus*/truth), exit 1 on mismatch
Python 3.11+, standard library only; needs pip and network access to PyPI (not for --check).
"""
from __future__ import annotations

import argparse
import ast
import csv
import email.parser
import json
import re
import subprocess
import sys
import tarfile
import tempfile
import tomllib
import zipfile
from collections import Counter, defaultdict
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
OUT = REPO / "specs" / "service-defaults.toml"
SHARED = REPO.parent / "shared"
TRUTH_DIRS = [SHARED / "corpus", SHARED / "corpus-wide"]
# A local list of PyPI packages (no registry is asked): every alibabacloud-<code><yyyymmdd>.
PACKAGES_LIST = Path("/work/.library/env/packages/pypi.tsv")

# Key order inside a table; keys the script does not know follow, sorted.
KEY_ORDER = [
    "version", "versions", "product", "endpoint", "regional_endpoint",
    "byteplus_endpoint", "byteplus_regional_endpoint", "names",
]
DERIVED = [k for k in KEY_ORDER if k != "names"]
# Alibaba's doc center and OpenAPI Explorer default region.
ALIBABA_DOC_REGION = "cn-hangzhou"

HEADER = """\
# Facts about services that their doc pages leave out. Page facts win; these fill gaps.
# [<provider>.<service>]: version (the API version pages document by default), versions (every
# version the SDKs know, oldest first, when more than one), product (the provider's product
# code), endpoint (global host), regional_endpoint (host pattern with {region}),
# byteplus_endpoint / byteplus_regional_endpoint (BytePlus hosts), names (product names pages use).
#
# Generated by scripts/service_defaults.py from the official SDK packages below (see its
# docstring for the rules); names already here are kept and the metadata's are added.
# Alibaba products whose aliyun-python-sdk-<code> is not listed below come from the names of
# their alibabacloud-<code><yyyymmdd> packages in a list of PyPI packages, without a download:
# versions from the package names, version by the docstring's list rule, product and names from
# the package summary, and endpoint <code>.aliyuncs.com by Alibaba's naming convention only (no
# SDK read; the real host can differ: --add alibaba.<code> derives it from the SDK).
# Regenerate: python3 scripts/service_defaults.py [--pinned] [--add alibaba.<code>]
# Check:      python3 scripts/service_defaults.py --check
"""


# ---------------------------------------------------------------------------------------------
# Packages


class Archive:
    """A downloaded wheel (zip) or sdist (tar.gz): names and file contents."""

    def __init__(self, path: Path):
        self.path = path
        if path.suffix in (".whl", ".zip"):
            self._zip = zipfile.ZipFile(path)
            self._tar = None
            self._names = self._zip.namelist()
        else:
            self._zip = None
            self._tar = tarfile.open(path)
            self._names = [m.name for m in self._tar.getmembers() if m.isfile()]

    def names(self) -> list[str]:
        return self._names

    def read(self, name: str) -> str:
        if self._zip is not None:
            return self._zip.read(name).decode("utf-8", "replace")
        f = self._tar.extractfile(name)
        return f.read().decode("utf-8", "replace") if f else ""

    def metadata(self) -> dict[str, list[str]]:
        """METADATA (wheel) or PKG-INFO (sdist) headers, each as a list of values."""
        name = next((n for n in self._names if n.endswith(".dist-info/METADATA")), None)
        name = name or next(n for n in self._names if n.endswith("PKG-INFO"))
        msg = email.parser.Parser().parsestr(self.read(name), headersonly=True)
        out: dict[str, list[str]] = defaultdict(list)
        for k, v in msg.items():
            out[k].append(v)
        return out

    def pin(self) -> str:
        md = self.metadata()
        return f"{md['Name'][0]}=={md['Version'][0]}"


class Downloader:
    def __init__(self, folder: Path, pins: dict[str, str]):
        self.folder = folder
        self.pins = pins
        self.used: list[str] = []

    def spec(self, name: str) -> str:
        v = self.pins.get(norm(name))
        return f"{name}=={v}" if v and "=" not in name else name

    def get(self, *names: str, record: bool = True) -> list[Archive]:
        """pip download --no-deps; raises CalledProcessError when a package is missing."""
        dest = self.folder / f"d{len(list(self.folder.iterdir()))}"
        dest.mkdir()
        cmd = [sys.executable, "-m", "pip", "download", "--no-deps", "--disable-pip-version-check",
               "-q", "-d", str(dest), *[self.spec(n) for n in names]]
        subprocess.run(cmd, check=True, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
        archives = [Archive(p) for p in sorted(dest.iterdir())]
        if record:
            self.used += [a.pin() for a in archives]
        return archives


def norm(name: str) -> str:
    return re.sub(r"[-_.]+", "-", name).lower()


def literal_assignments(source: str) -> dict[str, object]:
    """Every `name = <literal>` and `self.name = <literal>` in a module, by name."""
    out: dict[str, object] = {}
    for node in ast.walk(ast.parse(source)):
        if isinstance(node, ast.Assign) and len(node.targets) == 1:
            t = node.targets[0]
            key = t.id if isinstance(t, ast.Name) else t.attr if isinstance(t, ast.Attribute) else None
            if key is None:
                continue
            try:
                out[key] = ast.literal_eval(node.value)
            except ValueError:
                pass
    return out


def string_constants(source: str) -> dict[str, str]:
    """Module-level string constants, with `a + b` of known constants resolved."""
    out: dict[str, str] = {}
    for node in ast.parse(source).body:
        if isinstance(node, ast.Assign) and len(node.targets) == 1 and isinstance(node.targets[0], ast.Name):
            v = node.value
            if isinstance(v, ast.Constant) and isinstance(v.value, str):
                out[node.targets[0].id] = v.value
            elif isinstance(v, ast.BinOp) and isinstance(v.op, ast.Add):
                parts = [v.left, v.right]
                vals = [p.value if isinstance(p, ast.Constant) else out.get(getattr(p, "id", "")) for p in parts]
                if all(isinstance(x, str) for x in vals):
                    out[node.targets[0].id] = "".join(vals)
    return out


def endpoint_table(source: str) -> dict[str, dict]:
    """`default_endpoint = {'svc': ServiceEndpointInfo(...)}` of a Volcengine/BytePlus core, as
    {service: {is_global, global_endpoint, region_endpoint_map}} (keyword or positional args)."""
    positional = ["service", "is_global", "go_china_enabled", "global_endpoint", "region_endpoint_map"]
    if "go_china_enabled" not in source:
        positional = ["service", "is_global", "global_endpoint", "region_endpoint_map"]
    for node in ast.parse(source).body:
        if (isinstance(node, ast.Assign) and isinstance(node.targets[0], ast.Name)
                and node.targets[0].id == "default_endpoint" and isinstance(node.value, ast.Dict)):
            table = {}
            for k, call in zip(node.value.keys, node.value.values):
                args = {positional[i]: ast.literal_eval(a) for i, a in enumerate(call.args)}
                args.update({kw.arg: ast.literal_eval(kw.value) for kw in call.keywords})
                table[ast.literal_eval(k)] = args
            return table
    raise SystemExit("no default_endpoint table in the SDK core")


def call_api_services(archive: Archive, prefix: str) -> dict[str, Counter]:
    """{module: Counter((service, version))} from call_api('/<Action>/<Version>/<Service>/...')."""
    pat = re.compile(r"call_api\(\s*'/[^/']+/(\d{4}-\d{2}-\d{2})/([^/']+)/")
    out: dict[str, Counter] = defaultdict(Counter)
    for n in archive.names():
        top = n.split("/")[0]
        if top.startswith(prefix) and "/api/" in n and n.endswith(".py"):
            for m in pat.finditer(archive.read(n)):
                out[top][(m.group(2), m.group(1))] += 1
    return out


def newest(versions) -> str:
    return max(versions)


# ---------------------------------------------------------------------------------------------
# Tencent


def tencent(dl: Downloader) -> dict[str, dict]:
    arcs = {norm(a.metadata()["Name"][0]): a for a in dl.get("tccli", "tencentcloud-sdk-python")}
    cli, sdk = arcs["tccli"], arcs["tencentcloud-sdk-python"]
    service_versions = literal_assignments(cli.read("tccli/services/__init__.py"))["SERVICE_VERSIONS"]
    names_cn: dict[tuple[str, str], str] = {}
    for n in cli.names():
        m = re.match(r"tccli/services/([a-z0-9_]+)/v\d{8}/api\.json$", n)
        if m:
            meta = json.loads(cli.read(n)).get("metadata", {})
            if meta.get("serviceNameCN"):
                names_cn[(m.group(1), meta["apiVersion"])] = meta["serviceNameCN"].strip()
    clients: dict[str, dict[str, dict]] = defaultdict(dict)   # package dir -> version -> client facts
    for n in sdk.names():
        m = re.match(r"tencentcloud/([a-z0-9_]+)/v\d{8}/[a-z0-9_]+_client\.py$", n)
        if m:
            facts = literal_assignments(sdk.read(n))
            if {"_service", "_endpoint", "_apiVersion"} <= facts.keys():
                clients[m.group(1)][facts["_apiVersion"]] = facts
    out = {}
    for pkg, by_version in sorted(clients.items()):
        versions = sorted(by_version)
        cli_versions = service_versions.get(pkg) or []
        default = cli_versions[0] if cli_versions and cli_versions[0] in by_version else newest(versions)
        facts = by_version[default]
        service, endpoint = facts["_service"], facts["_endpoint"]
        names = [names_cn[(pkg, v)] for v in [default] + versions[::-1] if (pkg, v) in names_cn]
        out[service] = {
            "version": default,
            "versions": sorted(set(versions) | set(cli_versions)),
            "endpoint": endpoint,
            "names": dedup(names),
        }
    return out


# ---------------------------------------------------------------------------------------------
# Volcengine and BytePlus


def volcengine(dl: Downloader) -> dict[str, dict]:
    (meta,) = dl.get("volcengine-python-sdk")
    reqs = [r.split(";")[0].strip() for r in meta.metadata().get("Requires-Dist", [])]
    reqs = [r for r in reqs if norm(r).startswith("volcenginesdk-")]
    packages = dl.get(*reqs, record=False)
    core = next(a for a in packages if norm(a.metadata()["Name"][0]) == "volcenginesdk-core")
    provider_src = core.read("volcenginesdkcore/endpoint/providers/default_provider.py")
    consts = string_constants(provider_src)
    table = endpoint_table(provider_src)
    found = defaultdict(dict)   # service -> version -> module
    for a in packages:
        for module, pairs in call_api_services(a, "volcenginesdk").items():
            (service, version), _ = pairs.most_common(1)[0]
            found[service][version] = module
    out = {}
    for service, by_version in sorted(found.items()):
        main = "volcenginesdk" + service.replace("_", "")
        default = next((v for v, m in by_version.items() if m == main), None) or newest(by_version)
        entry = {"version": default, "versions": sorted(by_version),
                 "endpoint": consts["fallback_endpoint"]}
        info = table.get(service)
        if info and not info.get("is_global") and not info.get("region_endpoint_map"):
            entry["regional_endpoint"] = (
                f"{service.lower().replace('_', '-')}.{{region}}{consts['endpoint_suffix']}")
        out[service] = entry
    return out


def byteplus(dl: Downloader) -> dict[str, dict]:
    (sdk,) = dl.get("byteplus-python-sdk-v2")
    provider_src = sdk.read("byteplussdkcore/endpoint/providers/default_provider.py")
    suffix = string_constants(provider_src)["endpoint_suffix"]
    table = endpoint_table(provider_src)
    found = defaultdict(dict)   # service -> version -> module
    for module, pairs in call_api_services(sdk, "byteplussdk").items():
        (service, version), _ = pairs.most_common(1)[0]
        found[service][version] = module
    out = {}
    for service, by_version in sorted(found.items()):
        main = "byteplussdk" + service.replace("_", "")
        default = next((v for v, m in by_version.items() if m == main), None) or newest(by_version)
        entry = {"version": default, "versions": sorted(by_version)}
        info = table.get(service)
        host = service.lower().replace("_", "-")
        if info and info.get("is_global"):
            entry["byteplus_endpoint"] = info.get("global_endpoint") or f"{host}{suffix}"
        elif info and not info.get("region_endpoint_map"):
            entry["byteplus_regional_endpoint"] = f"{host}.{{region}}{suffix}"
        out[service] = entry
    return out


# ---------------------------------------------------------------------------------------------
# Alibaba

RPC_INIT = re.compile(
    r"\.__init__\(\s*self\s*,\s*['\"]([^'\"]+)['\"]\s*,\s*['\"](\d{4}-\d{2}-\d{2})['\"]\s*,"
    r"\s*['\"][^'\"]+['\"]\s*(?:,\s*['\"]([^'\"]*)['\"])?")
SUMMARY = re.compile(r"^Alibaba Cloud (.+?) \(\d{8}\) SDK Library for Python$")


def alibaba_endpoints(code: str, regional: bool, emap: dict[str, str]) -> dict[str, str]:
    """`regional`: the SDK's endpoint rule is 'regional', so every region its map does not list
    is sent to <code>.<region>.aliyuncs.com (the map lists the exceptions)."""
    central = f"{code}.aliyuncs.com"
    here = emap.get(ALIBABA_DOC_REGION)
    prefix = None
    if regional:
        prefix = code
        if here and here == f"{here.split('.')[0]}.{ALIBABA_DOC_REGION}.aliyuncs.com":
            prefix = here.split(".")[0]
    if central in emap.values():
        endpoint = central
    elif here:
        endpoint = here
    elif prefix:
        endpoint = f"{prefix}.{ALIBABA_DOC_REGION}.aliyuncs.com"
    else:
        endpoint = central
    out = {"endpoint": endpoint}
    if prefix:
        out["regional_endpoint"] = f"{prefix}.{{region}}.aliyuncs.com"
    return out


def alibaba_product(dl: Downloader, code: str) -> dict:
    (legacy,) = dl.get(f"aliyun-python-sdk-{code}")
    inits = Counter()
    endpoint_py = None
    for n in legacy.names():
        if n.endswith("Request.py"):
            for m in RPC_INIT.finditer(legacy.read(n)):
                inits[(m.group(1), m.group(2), m.group(3) or "")] += 1
        elif n.endswith("/endpoint.py"):
            endpoint_py = literal_assignments(legacy.read(n))
    if not inits:
        raise ValueError(f"aliyun-python-sdk-{code}: no request classes found")
    versions = sorted({v for _, v, _ in inits})
    version = newest(versions)
    product = Counter({p: c for (p, v, _), c in inits.items() if v == version}).most_common(1)[0][0]
    location = Counter({loc: c for (_, v, loc), c in inits.items() if v == version and loc}).most_common(1)
    entry = {"version": version, "versions": versions, "product": product}
    ep_code, rules, emap, names = (location[0][0] if location else code), set(), {}, []
    if endpoint_py:
        rules.add(endpoint_py.get("endpoint_regional"))
        emap = endpoint_py.get("endpoint_map") or {}
    try:
        (current,) = dl.get(f"alibabacloud-{code}{version.replace('-', '')}")
        client = next(n for n in current.names() if n.endswith("/client.py"))
        src = current.read(client)
        facts = literal_assignments(src)
        rules.add(facts.get("_endpoint_rule"))
        emap = facts.get("_endpoint_map") or emap
        m = re.search(r"get_endpoint\(\s*'([^']+)'", src)
        ep_code = m.group(1) if m else ep_code
        m = SUMMARY.match(current.metadata().get("Summary", [""])[0].strip())
        names = [m.group(1)] if m else []
    except subprocess.CalledProcessError:
        print(f"  alibabacloud-{code}{version.replace('-', '')} not found; using the legacy "
              "package's endpoint data", file=sys.stderr)
    rules.discard(None)
    entry.update(alibaba_endpoints(ep_code.lower(), rules == {"regional"}, emap))
    entry["names"] = names
    return entry


def alibaba(dl: Downloader, codes: list[str]) -> dict[str, dict]:
    out = {}
    for code in sorted(set(codes)):
        try:
            out[code] = alibaba_product(dl, code)
        except (subprocess.CalledProcessError, ValueError) as e:
            detail = e.stderr.decode().strip().splitlines()[-1] if isinstance(e, subprocess.CalledProcessError) else e
            print(f"  alibaba.{code}: skipped ({detail}); its table is kept as it is", file=sys.stderr)
    return out


# Alibaba products from the package list alone (no download).

LIST_PACKAGE = re.compile(r"alibabacloud-([a-z][a-z0-9-]*[a-z0-9])(\d{8})(-py2)?")
LIST_SUMMARY = re.compile(r"Alibaba Cloud (.+?) \((\d{8})\) SDK Library for Python2?")
# A dated package left at exactly 1.0.0 beside a maintained one is a placeholder for a retired
# (or never used) version: cms 2015-04-20/2017-08-24/2018-03-08, slb 2013-02-21, ecs 2016-03-14.
PLACEHOLDER = "1.0.0"
# None of the legacy single-version SDKs checked (aliyun-python-sdk-<code>, whose version the
# download rule takes) carries an API version dated after January 2022 (paistudio 2022-01-12 is
# in, ess 2022-02-22, green 2022-03-02, chatbot 2022-04-08 are not): a later dated package is a
# parallel API set the doc center does not make the default (ess 2022-02-22, cms 2024-03-30).
LEGACY_LAST_VERSION = "2022-01-31"


def list_default(packages: dict[str, tuple[str, str]]) -> str:
    """The default version from {version: (package version, release month)}: among the versions
    whose package is not a 1.0.0 placeholder (all of them if every one is), those dated up to
    LEGACY_LAST_VERSION if any, and of these the one whose package was released most recently
    (the newer version on a tie)."""
    real = [v for v, (pv, _) in packages.items() if pv != PLACEHOLDER] or list(packages)
    pool = [v for v in real if v <= LEGACY_LAST_VERSION] or real
    return max(pool, key=lambda v: (packages[v][1], v))


def list_name(summary_name: str) -> str:
    while summary_name.startswith("Alibaba Cloud "):
        summary_name = summary_name[len("Alibaba Cloud "):]
    return summary_name.strip()


def alibaba_list(path: Path, skip: set[str]) -> dict[str, dict]:
    """Every Alibaba product with a dated SDK package alibabacloud-<code><yyyymmdd> in a local
    list of PyPI packages (name, version, month, rank, summary; tab-separated), except `skip`.
    Only packages whose summary is the generator's own "Alibaba Cloud <Name> (<yyyymmdd>) SDK
    Library for Python" with the same date count (test uploads and stray packages do not); a
    -py2 twin only adds a version its Python 3 package lacks."""
    found: dict[str, dict[str, tuple[str, str, str]]] = defaultdict(dict)
    twins: dict[tuple[str, str], tuple[str, str, str]] = {}
    with open(path, encoding="utf-8", errors="replace") as f:
        for line in f:
            if not line.startswith("alibabacloud-"):
                continue
            cols = line.rstrip("\n").split("\t")
            if len(cols) < 5:
                continue
            name, pversion, month, summary = cols[0], cols[1], cols[2], cols[4].strip()
            m, s = LIST_PACKAGE.fullmatch(name), LIST_SUMMARY.fullmatch(summary)
            if not m or not s or s.group(2) != m.group(2):
                continue
            code, date = m.group(1), m.group(2)
            version = f"{date[:4]}-{date[4:6]}-{date[6:]}"
            if m.group(3):
                twins[(code, version)] = (pversion, month, s.group(1))
            else:
                found[code][version] = (pversion, month, s.group(1))
    for (code, version), facts in twins.items():
        found[code].setdefault(version, facts)
    out = {}
    for code in sorted(set(found) - skip):
        packages = found[code]
        version = list_default({v: (pv, mo) for v, (pv, mo, _) in packages.items()})
        entry = {"version": version, "versions": sorted(packages), "endpoint": f"{code}.aliyuncs.com"}
        said = packages[version][2]
        if said.lower() == code and said != code:
            # A product without an English name is named by its code, as Alibaba spells it.
            entry["product"] = said
        name = list_name(said)
        # A name that only repeats the code ("CDN", "Domains") would match any page that
        # mentions the word.
        squashed = re.sub(r"[-_ ]", "", name).lower()
        entry["names"] = [] if squashed in (code.replace("-", ""), code.replace("-", "") + "s") else [name]
        out[code] = entry
    return out


def precise_alibaba_codes(text: str) -> set[str]:
    """The Alibaba products the file's header lists a legacy SDK package for: those derived from
    downloads (the rest of the [alibaba.*] tables come from the package list or by hand)."""
    return {norm(n).removeprefix("aliyun-python-sdk-") for n in header_pins(text)
            if norm(n).startswith("aliyun-python-sdk-")}


# ---------------------------------------------------------------------------------------------
# Merge and write


def dedup(items):
    seen, out = set(), []
    for x in items:
        if x and x not in seen:
            seen.add(x)
            out.append(x)
    return out


def merge(existing: dict, derived: dict) -> dict:
    """Derived facts replace existing ones (a derived key the metadata no longer gives is dropped);
    names are the union (existing first); tables and keys the script does not derive are kept."""
    out = {p: {s: dict(t) for s, t in tables.items()} for p, tables in existing.items()}
    for provider, tables in derived.items():
        for service, facts in tables.items():
            table = out.setdefault(provider, {}).setdefault(service, {})
            names = dedup(list(table.get("names", [])) + list(facts.get("names", [])))
            for k in DERIVED:
                table.pop(k, None)
            table.update({k: v for k, v in facts.items() if k != "names"})
            if len(table.get("versions", [])) < 2:
                table.pop("versions", None)
            if names:
                table["names"] = names
            else:
                table.pop("names", None)
    return out


def toml_key(k: str) -> str:
    return k if re.fullmatch(r"[A-Za-z0-9_-]+", k) else json.dumps(k, ensure_ascii=False)


def toml_value(v) -> str:
    if isinstance(v, str):
        return json.dumps(v, ensure_ascii=False)
    if isinstance(v, bool):
        return "true" if v else "false"
    if isinstance(v, (int, float)):
        return str(v)
    if isinstance(v, list):
        return "[" + ", ".join(toml_value(x) for x in v) + "]"
    if isinstance(v, dict):
        return "{ " + ", ".join(f"{toml_key(k)} = {toml_value(x)}" for k, x in sorted(v.items())) + " }"
    raise TypeError(v)


def render(data: dict, packages: list[str]) -> str:
    lines = HEADER.rstrip("\n").split("\n")
    lines.append("# Packages:")
    line = "#  "
    for p in sorted(set(packages), key=str.lower):
        if len(line) + len(p) + 1 > 96:
            lines.append(line)
            line = "#  "
        line += " " + p
    lines.append(line)
    for provider in sorted(data):
        for service in sorted(data[provider]):
            table = data[provider][service]
            lines += ["", f"[{toml_key(provider)}.{toml_key(service)}]"]
            keys = [k for k in KEY_ORDER if k in table] + sorted(k for k in table if k not in KEY_ORDER)
            lines += [f"{toml_key(k)} = {toml_value(table[k])}" for k in keys]
    return "\n".join(lines) + "\n"


def header_pins(text: str) -> dict[str, str]:
    pins, on = {}, False
    for line in text.splitlines():
        if not line.startswith("#"):
            break
        on = on or line.startswith("# Packages:")
        if on:
            for name, ver in re.findall(r"([A-Za-z0-9_.-]+)==([^\s,]+)", line):
                pins[norm(name)] = ver
    return pins


def generate(args) -> int:
    text = OUT.read_text(encoding="utf-8") if OUT.exists() else ""
    existing = tomllib.loads(text) if text else {}
    pins = header_pins(text) if args.pinned else {}
    codes = sorted(precise_alibaba_codes(text) | {a.split(".", 1)[1] for a in args.add})
    with tempfile.TemporaryDirectory(prefix="service-defaults-") as tmp:
        dl = Downloader(Path(tmp), pins)
        print("tencent: tccli, tencentcloud-sdk-python", file=sys.stderr)
        tc = tencent(dl)
        print("volcengine: volcengine-python-sdk and its volcenginesdk-* packages", file=sys.stderr)
        volc = volcengine(dl)
        print("byteplus: byteplus-python-sdk-v2", file=sys.stderr)
        for service, facts in byteplus(dl).items():
            entry = volc.setdefault(service, {"version": facts["version"]})
            entry["versions"] = sorted(set(entry.get("versions", [])) | set(facts.pop("versions")))
            facts.pop("version")
            entry.update(facts)
        print(f"alibaba: {', '.join(codes)}", file=sys.stderr)
        ali = alibaba(dl, codes)
        packages = dl.used
    if args.packages_list.is_file():
        listed = alibaba_list(args.packages_list, set(codes))
        print(f"alibaba: {len(listed)} more products from {args.packages_list}", file=sys.stderr)
        ali.update(listed)
    else:
        print(f"alibaba: no package list at {args.packages_list}; the tables of products not "
              "downloaded are kept as they are", file=sys.stderr)
    data = merge(existing, {"tencent": tc, "volcengine": volc, "alibaba": ali})
    out = render(data, packages)
    OUT.write_text(out, encoding="utf-8")
    tomllib.loads(out)
    counts = ", ".join(f"{p} {len(data[p])}" for p in sorted(data))
    print(f"wrote {OUT.relative_to(REPO)}: {counts} services, {len(out.encode())} bytes", file=sys.stderr)
    return 0


# ---------------------------------------------------------------------------------------------
# Check against the corpus truth


def check(args) -> int:
    data = tomllib.loads(OUT.read_text(encoding="utf-8"))
    problems, notes, seen, files = [], set(), set(), 0
    for corpus in args.truth:
        pages = defaultdict(list)   # (provider, action) -> page texts
        index = corpus / "INDEX.tsv"
        if index.exists():
            with open(index, encoding="utf-8") as f:
                for row in csv.DictReader(f, delimiter="\t"):
                    page = corpus / "pages" / row["file"]
                    if page.exists():
                        pages[(row["provider"], row["action"])].append(page.read_text(encoding="utf-8"))
        for path in sorted((corpus / "truth").glob("*/*.json")):
            t = json.loads(path.read_text(encoding="utf-8"))
            provider, service, version, endpoint = t["provider"], t["service"], t["version"], t["endpoint"]
            files += 1
            seen.add((provider, service))
            where = f"{path.relative_to(corpus.parent)}: {provider}.{service}"
            d = data.get(provider, {}).get(service)
            if d is None:
                problems.append(f"{where}: no table")
                continue
            # Alibaba pages state no version (at most in an example URL): the default must be
            # theirs. A Tencent/Volcengine page that states its version needs only that the SDK
            # knows it.
            states = pages.get((provider, t["action"])) and all(version in p for p in pages[(provider, t["action"])])
            known = d.get("versions", [d.get("version")])
            if d.get("version") != version:
                if provider != "alibaba" and states and version in known:
                    notes.add(f"{provider}.{service}: pages of {version} (not the default "
                              f"{d.get('version')}) state their version, which versions lists")
                else:
                    problems.append(f"{where}: version {d.get('version')!r}, the truth says {version!r}")
            # docsdk uses an Alibaba table's endpoint instead of the page's.
            pattern = d.get("regional_endpoint")
            regional = pattern and re.fullmatch(re.escape(pattern).replace(r"\{region\}", r"[a-z0-9-]+"), endpoint)
            if d.get("endpoint") != endpoint and not (provider != "alibaba" and regional):
                problems.append(f"{where}: endpoint {d.get('endpoint')!r}, the truth says {endpoint!r}")
    for n in sorted(notes):
        print(f"note: {n}")
    for p in dedup(problems):
        print(p)
    print(f"{files} truth files, {len(seen)} services, {len(dedup(problems))} mismatches")
    return 1 if problems or not files else 0


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--check", action="store_true", help="compare the file with the corpus truth")
    ap.add_argument("--truth", type=Path, action="append",
                    help="a corpus folder with truth/ and INDEX.tsv (default: ../shared/corpus*)")
    ap.add_argument("--pinned", action="store_true",
                    help="download the package versions the file's header lists")
    ap.add_argument("--add", action="append", default=[], metavar="alibaba.CODE",
                    help="also derive this Alibaba product from its two SDK packages (its "
                         "product code, lowercase) instead of from the package list")
    ap.add_argument("--packages-list", type=Path, default=PACKAGES_LIST, metavar="PATH",
                    help="local list of PyPI packages (name, version, month, rank, summary; "
                         f"tab-separated) the other Alibaba products come from (default: {PACKAGES_LIST})")
    args = ap.parse_args()
    for a in args.add:
        if not re.fullmatch(r"alibaba\.[a-z0-9-]+", a):
            ap.error(f"--add {a}: expected alibaba.<code>; Tencent and Volcengine are covered whole")
    if args.check:
        args.truth = args.truth or [d for d in TRUTH_DIRS if d.exists()]
        return check(args)
    return generate(args)


if __name__ == "__main__":
    sys.exit(main())
