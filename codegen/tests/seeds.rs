//! The facts each seed page states, asserted one by one, plus golden specs (insta),
//! determinism and TOML round trips.

mod common;

use common::*;
use docsdk_codegen::scrape;
use docsdk_codegen::spec::{
    Encoding, ErrorScope, FieldType, HttpMethod, Per, Provider, RegionUse, Spec,
};

fn param<'a>(spec: &'a Spec, name: &str) -> &'a docsdk_codegen::spec::Field {
    spec.request
        .iter()
        .find(|f| f.name == name)
        .unwrap_or_else(|| panic!("{} has no request param {name}", spec.action.name))
}

fn names(fields: &[docsdk_codegen::spec::Field]) -> Vec<&str> {
    fields.iter().map(|f| f.name.as_str()).collect()
}

#[test]
fn seed_000_tencent_ecm() {
    let s = scrape_seed("000");
    let a = &s.action;
    assert_eq!(a.provider, Provider::Tencent);
    assert_eq!(
        (a.service.as_str(), a.version.as_str()),
        ("ecm", "2019-07-19")
    );
    assert_eq!(a.name, "DisassociateInstancesKeyPairs");
    assert_eq!(a.endpoint, "ecm.tencentcloudapi.com");
    assert_eq!(a.method, HttpMethod::Post);
    let rl = a.rate_limit.as_ref().expect("rate limit");
    assert_eq!((rl.requests, rl.per), (20, Per::Second));
    assert_ne!(a.region, RegionUse::Required);
    assert_eq!(names(&s.request), ["InstanceIds", "KeyIds", "ForceStop"]);
    let ids = param(&s, "InstanceIds");
    assert!(ids.array && ids.required && ids.ty == FieldType::STRING);
    let keys = param(&s, "KeyIds");
    assert!(keys.array && keys.required);
    assert_eq!(keys.constraints.max_items, Some(100));
    assert!(keys.constraints.evidence["max_items"].contains("up to 100"));
    let force = param(&s, "ForceStop");
    assert_eq!(
        (&force.ty, force.required, force.array),
        (&FieldType::BOOLEAN, false, false)
    );
    assert_eq!(force.constraints.default.as_deref(), Some("false"));
    assert_eq!(names(&s.response), ["RequestId"]);
    assert_eq!(s.errors.len(), 5);
    assert_eq!(s.examples.len(), 1);
    assert!(s.examples[0].request.contains("\"KeyIds\""));
    assert!(s.examples[0]
        .response
        .contains("d40cdb72-7bc0-4b48-b3aa-25e8401f6999"));
}

#[test]
fn seed_001_volcengine_ecs() {
    let s = scrape_seed("001");
    let a = &s.action;
    assert_eq!(a.provider, Provider::Volcengine);
    assert_eq!(
        (a.service.as_str(), a.version.as_str()),
        ("ecs", "2020-04-01")
    );
    assert_eq!(a.name, "DeleteKeyPairs");
    assert_eq!(a.endpoint, "open.volcengineapi.com");
    assert_eq!(a.method, HttpMethod::Get);
    assert_eq!(names(&s.request), ["KeyPairNames", "ClientToken"]);
    let k = param(&s, "KeyPairNames");
    assert!(k.array && k.required && k.ty == FieldType::STRING);
    assert!(k.constraints.evidence["required"].contains("MissingParameter.KeyPairNames"));
    assert_eq!(k.constraints.max_items, Some(100));
    let t = param(&s, "ClientToken");
    assert!(!t.required && !t.array);
    assert_eq!(t.constraints.max_length, Some(64));
    assert!(t.constraints.ascii_only);
    // OperationDetails: array of a struct holding KeyPairName and Error {Code, Message}.
    let od = &s.response[0];
    assert_eq!((od.name.as_str(), od.array), ("OperationDetails", true));
    let item = s
        .struct_named(od.struct_name().expect("struct type"))
        .expect("struct");
    assert_eq!(names(&item.fields), ["KeyPairName", "Error"]);
    let err = s
        .struct_named(item.fields[1].struct_name().expect("Error is a struct"))
        .expect("Error struct");
    assert_eq!(names(&err.fields), ["Code", "Message"]);
    let request_errors: Vec<_> = s.errors.iter().filter(|e| e.scope.is_none()).collect();
    let item_errors: Vec<_> = s
        .errors
        .iter()
        .filter(|e| e.scope == Some(ErrorScope::Item))
        .collect();
    assert_eq!(request_errors.len(), 7);
    assert_eq!(item_errors.len(), 4);
    let statuses: Vec<u16> = request_errors
        .iter()
        .filter_map(|e| e.http_status)
        .collect();
    assert_eq!(statuses, [400, 400, 400, 400, 400, 412, 500]);
    assert_eq!(s.examples.len(), 1);
    assert!(s.examples[0]
        .request
        .starts_with("GET /?Action=DeleteKeyPairs"));
    assert!(s.examples[0].response.contains("OperationDetails"));
}

#[test]
fn seed_002_tencent_cvm() {
    let s = scrape_seed("002");
    let a = &s.action;
    assert_eq!(a.provider, Provider::Tencent);
    assert_eq!(
        (a.service.as_str(), a.version.as_str()),
        ("cvm", "2017-03-12")
    );
    assert_eq!(a.name, "DisassociateSecurityGroups");
    assert_eq!(a.endpoint, "cvm.intl.tencentcloudapi.com");
    // Not the page's "this content is English-only" notice above it.
    assert_eq!(
        a.summary,
        "This API is used to disassociate security groups from instances."
    );
    let rl = a.rate_limit.as_ref().expect("rate limit");
    assert_eq!((rl.requests, rl.per), (10, Per::Second));
    assert_eq!(a.region, RegionUse::Required);
    assert_eq!(names(&s.request), ["SecurityGroupIds", "InstanceIds"]);
    let sg = param(&s, "SecurityGroupIds");
    assert!(sg.array && sg.required);
    assert_eq!(sg.constraints.max_items, Some(1));
    assert_eq!(
        sg.constraints.evidence["max_items"],
        "Only one security group can be disassociated."
    );
    assert!(param(&s, "InstanceIds").required);
    assert_eq!(s.errors.len(), 11);
    assert_eq!(s.examples.len(), 1);
    assert!(s.examples[0]
        .request
        .contains("&InstanceIds.0=ins-2zvpghhc"));
    assert_eq!(
        s.examples[0].title,
        "Example1 Disassociating instances from security groups"
    );
}

#[test]
fn seed_003_tencent_vpc() {
    let s = scrape_seed("003");
    let a = &s.action;
    assert_eq!(
        (a.service.as_str(), a.version.as_str()),
        ("vpc", "2017-03-12")
    );
    assert_eq!(a.name, "DisassociateNetworkInterfaceSecurityGroups");
    assert_eq!(a.endpoint, "vpc.tencentcloudapi.com");
    assert_eq!(a.rate_limit.as_ref().map(|r| r.requests), Some(20));
    for name in ["NetworkInterfaceIds", "SecurityGroupIds"] {
        let f = param(&s, name);
        assert!(f.array && f.required && f.ty == FieldType::STRING, "{name}");
        assert_eq!(f.constraints.max_items, Some(100), "{name}");
    }
    assert_eq!(s.errors.len(), 4);
    assert_eq!(s.examples.len(), 1);
}

#[test]
fn seed_004_alibaba_ecs() {
    let s = scrape_seed("004");
    let a = &s.action;
    assert_eq!(a.provider, Provider::Alibaba);
    assert_eq!(
        (a.service.as_str(), a.version.as_str()),
        ("ecs", "2014-05-26")
    );
    assert_eq!(a.name, "DetachInstanceRamRole");
    assert_eq!(a.endpoint, "ecs.aliyuncs.com");
    assert_eq!(
        a.regional_endpoint.as_deref(),
        Some("ecs.{region}.aliyuncs.com")
    );
    assert_eq!(a.region, RegionUse::Required);
    assert_eq!(
        names(&s.request),
        ["RegionId", "RamRoleName", "InstanceIds"]
    );
    assert!(param(&s, "RegionId").required);
    assert!(!param(&s, "RamRoleName").required);
    let ids = param(&s, "InstanceIds");
    assert!(ids.required && !ids.array && ids.ty == FieldType::STRING);
    assert_eq!(ids.constraints.encoding, Some(Encoding::JsonArray));
    assert_eq!(ids.constraints.max_items, Some(100));
    assert_eq!(
        names(&s.response),
        [
            "RamRoleName",
            "RequestId",
            "TotalCount",
            "FailCount",
            "DetachInstanceRamRoleResults"
        ]
    );
    let ty = |n: &str| {
        s.response
            .iter()
            .find(|f| f.name == n)
            .map(|f| f.ty.clone())
    };
    assert_eq!(ty("TotalCount"), Some(FieldType::INTEGER));
    assert_eq!(ty("FailCount"), Some(FieldType::INTEGER));
    // DetachInstanceRamRoleResults → DetachInstanceRamRoleResult → InstanceRamRoleSets → InstanceRamRoleSet
    let results = &s.response[4];
    assert!(results.array);
    assert_eq!(
        results.wrapper.as_deref(),
        Some("DetachInstanceRamRoleResult")
    );
    let result = s
        .struct_named("DetachInstanceRamRoleResult")
        .expect("result struct");
    assert_eq!(
        names(&result.fields),
        [
            "Code",
            "Message",
            "InstanceId",
            "Success",
            "InstanceRamRoleSets"
        ]
    );
    assert_eq!(result.fields[3].ty, FieldType::BOOLEAN);
    let sets = &result.fields[4];
    assert_eq!(sets.wrapper.as_deref(), Some("InstanceRamRoleSet"));
    let set = s.struct_named("InstanceRamRoleSet").expect("set struct");
    assert_eq!(names(&set.fields), ["RamRoleName", "InstanceId"]);
    let statuses: Vec<u16> = s.errors.iter().filter_map(|e| e.http_status).collect();
    assert_eq!(statuses, [400, 403, 403, 404]);
}

#[test]
fn golden_specs() {
    for prefix in ["000", "001", "002", "003", "004"] {
        let spec = scrape_seed(prefix);
        insta::assert_snapshot!(format!("seed_{prefix}"), spec.to_toml());
    }
}

#[test]
fn scraping_is_deterministic_and_round_trips() {
    for prefix in ["000", "001", "002", "003", "004"] {
        let a = scrape_seed(prefix);
        let b = scrape_seed(prefix);
        let text = a.to_toml();
        assert_eq!(text, b.to_toml(), "{prefix}: two scrapes differ");
        let back = Spec::from_toml(&text, prefix).unwrap_or_else(|e| panic!("{e}"));
        assert_eq!(back, a, "{prefix}: TOML → Spec changed the spec");
        assert_eq!(
            back.to_toml(),
            text,
            "{prefix}: Spec → TOML changed the text"
        );
    }
}

#[test]
fn checked_in_specs_match_the_pages() {
    for prefix in ["000", "001", "002", "003", "004"] {
        let spec = scrape_seed(prefix);
        let path = specs_dir().join(spec.relative_path());
        let on_disk = std::fs::read_to_string(&path).unwrap_or_else(|e| {
            panic!("{}: {e} (run the README's scrape command)", path.display())
        });
        assert_eq!(
            on_disk,
            scrape::spec_file_text(&spec),
            "{} is stale: run `cargo run -p docsdk-codegen -- scrape specs/docs --out specs`",
            path.display()
        );
    }
}

#[test]
fn load_specs_derives_from_pages_and_applies_overrides() {
    let tmp = tempfile::tempdir().unwrap();
    let docs = tmp.path().join("docs");
    std::fs::create_dir_all(&docs).unwrap();
    std::fs::copy(seed("002"), docs.join("page.txt")).unwrap();
    // A hand-written spec with no page, and an override for the scraped one.
    let hand = tmp.path().join("tencent/cvm/2017-03-12");
    std::fs::create_dir_all(&hand).unwrap();
    std::fs::write(
        hand.join("HandWritten.toml"),
        "schema = 1\n[action]\nprovider = \"tencent\"\nservice = \"cvm\"\nversion = \"2017-03-12\"\nname = \"HandWritten\"\nendpoint = \"cvm.tencentcloudapi.com\"\nmethod = \"POST\"\n",
    )
    .unwrap();
    std::fs::write(
        hand.join("DisassociateSecurityGroups.override.toml"),
        "[[request]]\nname = \"SecurityGroupIds\"\nmax_items = 3\n",
    )
    .unwrap();
    let loaded = docsdk_codegen::load::load_specs(tmp.path(), &docs).unwrap();
    let names: Vec<&str> = loaded
        .specs
        .iter()
        .map(|s| s.action.name.as_str())
        .collect();
    assert_eq!(names, ["DisassociateSecurityGroups", "HandWritten"]);
    assert_eq!(loaded.specs[0].request[0].constraints.max_items, Some(3));
    assert!(loaded
        .inputs
        .iter()
        .any(|p| p.ends_with("DisassociateSecurityGroups.override.toml")));
    assert!(loaded.inputs.iter().any(|p| p.ends_with("page.txt")));
}
