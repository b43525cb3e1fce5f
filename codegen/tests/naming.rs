//! Wire names that collide in Rust get distinct, stable, documented Rust names with a
//! warning, and keep their exact wire names; an action that cannot be generated is left out
//! and everything else is generated. (That the code compiles warning-free and clippy-clean is
//! checked by `generated/tests/catalogue.rs`, which builds these cases with the corpus.)

use docsdk_codegen::generate::{generate, generate_output, GenerateError, Output, Settings};
use docsdk_codegen::spec::{ErrorCode, ErrorScope, Field, Provider, Spec, Struct};

fn spec(provider: Provider, service: &str, version: &str, action: &str) -> Spec {
    let mut s = Spec::new(
        provider,
        service,
        version,
        action,
        &format!("{service}.example.com"),
    );
    s.action.summary = format!("{action} does something.");
    s
}

fn action(name: &str) -> Spec {
    spec(Provider::Alibaba, "slb", "2014-05-15", name)
}

fn field(name: &str, ty: &str) -> Field {
    Field {
        name: name.into(),
        ty: ty.parse().expect("a spec type"),
        description: format!("The {name}."),
        ..Field::default()
    }
}

fn code(c: &str) -> ErrorCode {
    ErrorCode {
        code: c.into(),
        http_status: Some(400),
        message: String::new(),
        description: format!("About {c}."),
        scope: None,
        line: None,
    }
}

fn out(specs: &[Spec]) -> Output {
    let out = generate_output(specs, &Settings::new()).expect("generates");
    assert!(out.left_out.is_empty(), "{:?}", out.left_out);
    for f in &out.files {
        syn::parse_file(&f.contents).unwrap_or_else(|e| panic!("{}: {e}", f.path.display()));
    }
    out
}

/// The file whose path ends with `suffix`.
fn file(out: &Output, suffix: &str) -> String {
    out.files
        .iter()
        .find(|f| f.path.to_string_lossy().ends_with(suffix))
        .unwrap_or_else(|| {
            let paths: Vec<_> = out.files.iter().map(|f| f.path.display()).collect();
            panic!("no {suffix} in {paths:?}")
        })
        .contents
        .clone()
}

/// Whitespace-free code, for matching tokens regardless of formatting.
fn squash(code: &str) -> String {
    code.split_whitespace().collect()
}

/// The `kind setter.field` entry of the builder setter documented as ``Sets `wire`.`` in squashed
/// code (a setter's doc is the one attribute before its entry in `rt::builder!`).
fn setter_of(flat: &str, wire: &str) -> Option<String> {
    let start = flat.find(&format!("#[doc=\"Sets`{wire}`."))?;
    let rest = &flat[start..];
    let rest = &rest[rest.find("\"]")? + 2..];
    rest.split([',', '}']).next().map(str::to_string)
}

fn warnings(out: &Output) -> Vec<String> {
    out.warnings.iter().map(|w| w.to_string()).collect()
}

#[test]
fn struct_members_differing_in_case_keep_both_wire_names() {
    // Alibaba documents both Tag.N.Key and the older Tag.N.key.
    let mut s = action("TagResources");
    let mut tag = field("Tag", "object:Tag");
    tag.array = true;
    s.request.push(tag);
    s.structs.push(Struct {
        name: "Tag".into(),
        description: "A tag.".into(),
        fields: vec![
            field("key", "string"),
            field("Key", "string"),
            field("Value", "string"),
        ],
    });
    let o = out(&[s]);
    let code = file(&o, "tag_resources.rs");
    // The faithful spelling keeps the plain name, whatever the row order.
    assert!(code.contains("pub key: Option<String>"), "{code}");
    assert!(code.contains("pub key_2: Option<String>"), "{code}");
    let flat = squash(&code);
    assert!(
        flat.contains(r#"key_2="key",key="Key",value="Value""#),
        "{code}"
    );
    assert!(
        code.contains("Wire name `key`: named `key_2` because member of struct Tag `Key` already has the Rust name `key`."),
        "{code}"
    );
    assert_eq!(
        warnings(&o),
        ["alibaba.slb.TagResources: member of struct Tag `key` is named `key_2` in Rust: `Key` already has the Rust name `key`"]
    );
}

#[test]
fn request_fields_with_one_snake_case_name() {
    let mut s = action("CreateListener");
    s.request.push(field("XForwardedFor_SLBID", "string"));
    s.request.push(field("XForwardedForSlbid", "string"));
    s.request.push(field("Send", "string"));
    s.request.push(field("SetSend", "string"));
    s.request.push(field("Type", "string"));
    s.request.push(field("type", "string"));
    let o = out(&[s]);
    let flat = squash(&file(&o, "create_listener.rs"));
    assert!(
        flat.contains(r#"x_forwarded_for_slbid_2="XForwardedFor_SLBID""#),
        "{flat}"
    );
    assert!(flat.contains(r#"x_forwarded_for_slbid="XForwardedForSlbid""#));
    // `Type` keeps the raw identifier; `type` is numbered without it.
    assert!(flat.contains(r#"r#type="Type""#) && flat.contains(r#"type_2="type""#));
    // Builder setters: `send` is a builder method, so `set_send`; the field `SetSend`
    // already has that name, so the setter of `Send` is numbered.
    assert_eq!(
        setter_of(&flat, "Send").as_deref(),
        Some("stringset_send_2.send"),
        "{flat}"
    );
    assert_eq!(
        setter_of(&flat, "SetSend").as_deref(),
        Some("stringset_send.set_send"),
        "{flat}"
    );
    assert_eq!(o.warnings.len(), 3, "{:?}", warnings(&o));
}

#[test]
fn names_do_not_depend_on_order_or_unrelated_entries() {
    let make = |names: &[&str]| {
        let mut s = action("Describe");
        for n in names {
            s.response.push(field(n, "string"));
        }
        let o = out(&[s]);
        squash(&file(&o, "describe.rs"))
    };
    let a = make(&["key", "Key"]);
    let b = make(&["Key", "key"]);
    let c = make(&["Alpha", "key", "Zulu", "Key", "Beta"]);
    for code in [&a, &b, &c] {
        assert!(code.contains(r#"key="Key""#) && code.contains(r#"key_2="key""#));
    }
    // Three in one group: PascalCase first, then snake_case, then case changed.
    let d = make(&["KEY", "key", "Key"]);
    assert!(
        d.contains(r#"key="Key""#) && d.contains(r#"key_2="key""#) && d.contains(r#"key_3="KEY""#)
    );
}

#[test]
fn struct_type_names_collide_with_each_other_and_with_the_action() {
    let mut s = action("Run");
    s.request.push(field("Tags", "object:Tag"));
    s.request.push(field("TagsOld", "object:tag"));
    s.request.push(field("Req", "object:RunRequest"));
    s.request.push(field("Opt", "object:Option"));
    s.request.push(field("Res", "object:Result"));
    for name in ["Tag", "tag", "RunRequest", "Option", "Result"] {
        s.structs.push(Struct {
            name: name.into(),
            description: String::new(),
            fields: vec![field("Key", "string")],
        });
    }
    let o = out(&[s]);
    let code = file(&o, "run.rs");
    let flat = squash(&code);
    assert!(
        flat.contains("pubstructTag{") && flat.contains("pubstructTag2{"),
        "{code}"
    );
    assert!(flat.contains("pubtags:Option<Tag>,") && flat.contains("pubtags_old:Option<Tag2>,"));
    // Named like the action's own request type, or like a prelude type: action prefix.
    assert!(flat.contains("pubstructRunRunRequest{"));
    assert!(flat.contains("pubstructRunOption{") && flat.contains("pubstructRunResult{"));
    assert!(code.contains(
        "Wire name `tag`: named `Tag2` because struct `Tag` already has the Rust name `Tag`."
    ));
    assert_eq!(o.warnings.len(), 1, "{:?}", warnings(&o));
}

#[test]
fn error_codes_differing_in_case_punctuation_or_starting_with_digits() {
    let mut s = action("DescribeInstance");
    for c in [
        "InvalidInstanceId.NOT_FOUND",
        "InvalidInstanceId.NotFound",
        "Invalid.InstanceId.NotFound",
        "404",
        "404.NotFound",
        "Unknown",
        "Common",
        "4xx",
    ] {
        s.errors.push(code(c));
    }
    s.errors.push(code("InvalidInstanceId.NotFound")); // exact repeat: kept once
    let o = out(&[s]);
    let code = file(&o, "describe_instance.rs");
    let flat = squash(&code);
    for (variant, wire) in [
        ("InvalidInstanceIdNotFound", "InvalidInstanceId.NotFound"),
        // One dropped mark is closer than two; changed case is farthest.
        ("InvalidInstanceIdNotFound2", "Invalid.InstanceId.NotFound"),
        ("InvalidInstanceIdNotFound3", "InvalidInstanceId.NOT_FOUND"),
        ("V404", "404"),
        ("V404NotFound", "404.NotFound"),
        ("Unknown2", "Unknown"),
        ("Common2", "Common"),
        ("V4xx", "4xx"),
    ] {
        assert!(
            flat.contains(&format!(r#"{variant}="{wire}""#)),
            "{variant} = {wire}: {code}"
        );
        assert!(flat.contains(&format!("{variant}(rt::ErrorMeta)")));
    }
    assert_eq!(flat.matches(r#"="InvalidInstanceId.NotFound""#).count(), 1);
    assert!(code.contains("because `Unknown` is a name the generated code uses itself"));
    let w = warnings(&o);
    assert!(w.iter().any(|w| w.contains("documented twice")), "{w:?}");
    assert!(w.iter().any(|w| w.contains(
        "error code `InvalidInstanceId.NOT_FOUND` is named `InvalidInstanceIdNotFound3` in Rust: `InvalidInstanceId.NotFound` already has the Rust name `InvalidInstanceIdNotFound`"
    )), "{w:?}");
}

#[test]
fn item_error_codes_and_enum_values_are_numbered_too() {
    let mut s = action("DeleteThings");
    let mut state = field("State", "string");
    state.constraints.enum_values = ["on", "ON", "On", "Unknown", "1", "-1", "中文", "on"]
        .map(String::from)
        .to_vec();
    s.request.push(state);
    let mut results = field("Results", "object:Result");
    results.array = true;
    s.response.push(results);
    s.structs.push(Struct {
        name: "Result".into(),
        description: String::new(),
        fields: vec![field("Code", "string")],
    });
    let mut e = code("Item.NotFound");
    e.scope = Some(ErrorScope::Item);
    let mut e2 = code("Item.NOT_FOUND");
    e2.scope = Some(ErrorScope::Item);
    s.errors.extend([e, e2]);
    let o = out(&[s]);
    let flat = squash(&file(&o, "delete_things.rs"));
    for entry in [
        r#"On="On""#,
        r#"On2="ON""#,
        r#"On3="on""#,
        r#"Unknown2="Unknown""#,
        r#"V1="1""#,
        r#"V1_2="-1""#,
        r#"U4e2dU6587="中文""#,
        r#"ItemNotFound="Item.NotFound""#,
        r#"ItemNotFound2="Item.NOT_FOUND""#,
    ] {
        assert!(flat.contains(entry), "{entry}: {flat}");
    }
    assert_eq!(
        flat.matches(r#"="on""#).count(),
        1,
        "exact repeats kept once"
    );
}

#[test]
fn actions_differing_in_case_in_one_module() {
    let specs = [
        action("DescribeVpcs"),
        action("describeVpcs"),
        action("New"),
        action("Rt"),
    ];
    let o = out(&specs);
    let m = squash(&file(&o, "alibaba/slb/v20140515/mod.rs"));
    assert!(
        m.contains("pubusedescribe_vpcs::{DescribeVpcsRequest,"),
        "{m}"
    );
    assert!(
        m.contains("pubusedescribe_vpcs_2::{DescribeVpcs2Request,"),
        "{m}"
    );
    // `new` is the client's constructor and `rt` the runtime alias.
    assert!(m.contains("pubusenew_2::{New2Request,") && m.contains("pubusert_2::{Rt2Request,"));
    assert!(m.contains("pubfnnew(client:rt::Client)->Self"));
    assert!(file(&o, "describe_vpcs_2.rs").contains("pub struct DescribeVpcs2Request"));
    let w = warnings(&o);
    assert!(w.contains(&"alibaba.slb.describeVpcs: action `describeVpcs` is named `describe_vpcs_2` in Rust: `DescribeVpcs` already has the Rust name `describe_vpcs`".to_string()), "{w:?}");
}

#[test]
fn service_and_version_modules_differing_in_spelling() {
    let specs = [
        spec(Provider::Tencent, "cbs", "2017-03-12", "A"),
        spec(Provider::Tencent, "CBS", "2017-03-12", "B"),
        spec(Provider::Tencent, "cbs", "20170312", "C"),
    ];
    let o = out(&specs);
    let p = squash(&file(&o, "tencent/mod.rs"));
    assert!(
        p.contains("pubmodcbs{") && p.contains("pubmodcbs_2{"),
        "{p}"
    );
    let s = squash(&file(&o, "tencent/cbs/mod.rs"));
    assert!(
        s.contains("pubmodv20170312{") && s.contains("pubmodv20170312_2{"),
        "{s}"
    );
    assert!(o
        .files
        .iter()
        .any(|f| f.path.ends_with("tencent/cbs_2/v20170312/b.rs")));
    assert_eq!(o.warnings.len(), 2, "{:?}", warnings(&o));

    // A module named like its parent (clippy::module_inception) is numbered.
    let specs = [
        spec(Provider::Tencent, "tencent", "2017-03-12", "A"),
        spec(Provider::Tencent, "cvm", "2017-03-12", "V20170312"),
        spec(Provider::Tencent, "cvm", "2017-03-12", "Clone"),
    ];
    let o = out(&specs);
    assert!(squash(&file(&o, "tencent/mod.rs")).contains("pubmodtencent_2{"));
    let m = squash(&file(&o, "tencent/cvm/v20170312/mod.rs"));
    assert!(m.contains("pubusev20170312_2::{V20170312_2Request,"), "{m}");
    // Client methods never shadow trait methods (`client.clone()` stays `Clone::clone`).
    assert!(
        m.contains("pubfnclone_2(&self)->clone_2::Clone2Builder"),
        "{m}"
    );
}

#[test]
fn setters_never_shadow_builder_or_trait_methods() {
    let mut s = action("Ports");
    for n in ["Clone", "Add", "ToPort", "set_clone"] {
        s.request.push(field(n, "string"));
    }
    let o = out(&[s]);
    let flat = squash(&file(&o, "ports.rs"));
    assert_eq!(
        setter_of(&flat, "Clone").as_deref(),
        Some("stringset_clone_2.clone"),
        "{flat}"
    );
    assert_eq!(
        setter_of(&flat, "set_clone").as_deref(),
        Some("stringset_clone.set_clone"),
        "{flat}"
    );
    assert_eq!(
        setter_of(&flat, "Add").as_deref(),
        Some("stringset_add.add")
    );
    assert_eq!(
        setter_of(&flat, "ToPort").as_deref(),
        Some("stringto_port.to_port")
    );
    let w = warnings(&o);
    assert!(
        w.iter()
            .any(|w| w.contains("builder setter for `Clone` is named `set_clone_2`")),
        "{w:?}"
    );
}

#[test]
fn non_ascii_and_keyword_names_become_ascii_identifiers() {
    let mut s = action("Query");
    for n in [
        "名称", "Option", "Result", "Box", "String", "Vec", "Self", "self", "crate",
    ] {
        s.response.push(field(n, "string"));
    }
    let o = out(&[s]);
    let flat = squash(&file(&o, "query.rs"));
    for entry in [
        r#"u540d_u79f0="名称""#,
        r#"option="Option""#,
        r#"r#box="Box""#,
        r#"self_="Self""#,
        r#"self_2="self""#,
        r#"crate_="crate""#,
    ] {
        assert!(flat.contains(entry), "{entry}: {flat}");
    }
}

#[test]
fn recursive_structs_are_boxed_and_undefined_ones_are_json_values() {
    let mut s = action("GetTree");
    s.response.push(field("Root", "object:Node"));
    s.response.push(field("Other", "object:Undocumented"));
    let mut children = field("Children", "object:Node");
    children.array = true;
    s.structs.push(Struct {
        name: "Node".into(),
        description: String::new(),
        fields: vec![
            field("Parent", "object:Node"),
            children,
            field("Link", "object:Link"),
        ],
    });
    s.structs.push(Struct {
        name: "Link".into(),
        description: String::new(),
        fields: vec![field("Target", "object:Node")],
    });
    let o = out(&[s]);
    let flat = squash(&file(&o, "get_tree.rs"));
    assert!(flat.contains("pubparent:Option<Box<Node>>,"), "{flat}");
    assert!(flat.contains("pubchildren:Vec<Node>,"));
    assert!(flat.contains("publink:Option<Box<Link>>,"));
    assert!(flat.contains("pubtarget:Option<Box<Node>>,"));
    // The response itself is not part of the cycle.
    assert!(flat.contains("pubroot:Option<Node>,"));
    assert!(flat.contains("pubother:rt::Value,"));
}

#[test]
fn an_action_that_cannot_be_generated_is_left_out_and_the_rest_builds() {
    let specs = [action("Good"), action("Bad"), action("AlsoGood")];
    let settings = Settings::new().with_fault("Bad");
    let o = generate_output(&specs, &settings).expect("the rest generates");
    assert_eq!(o.left_out.len(), 1);
    assert_eq!(o.left_out[0].action, "alibaba.slb.Bad");
    assert!(
        o.left_out[0].reason.contains("injected fault"),
        "{:?}",
        o.left_out
    );
    assert!(o.left_out[0]
        .to_string()
        .starts_with("left out alibaba.slb.Bad: "));
    let m = squash(&file(&o, "alibaba/slb/v20140515/mod.rs"));
    assert!(m.contains("pubusegood::") && m.contains("pubusealso_good::"));
    assert!(!m.contains("pubusebad::") && !m.contains("BadRequest"));
    assert!(!o.files.iter().any(|f| f.path.ends_with("bad.rs")));
    // The only action of its service: the service module goes too.
    let lone = [
        spec(Provider::Tencent, "tia", "2018-02-26", "Bad"),
        action("Good"),
    ];
    let o = generate_output(&lone, &settings).expect("generates");
    assert!(!o.files.iter().any(|f| f.path.starts_with("tencent")));
    assert!(!squash(&file(&o, "lib.rs")).contains("tencent"));
    // The plain entry point cannot report it: an error.
    assert!(matches!(
        generate(&specs, &settings),
        Err(GenerateError::LeftOut { .. })
    ));
}

#[test]
fn builder_reports_left_out_actions_and_strict_fails() {
    use docsdk_codegen::builder::{BuildError, Builder};
    let dir = tempfile::tempdir().expect("tempdir");
    let specs_dir = dir.path().join("specs");
    for name in ["Good", "Bad"] {
        let s = action(name);
        let path = specs_dir.join(s.relative_path());
        std::fs::create_dir_all(path.parent().expect("parent")).expect("mkdir");
        std::fs::write(&path, s.to_toml()).expect("spec");
    }
    let settings = Settings::new().with_fault("Bad");
    let builder = Builder::new()
        .specs_dir(&specs_dir)
        .out_dir(dir.path().join("out"))
        .settings(settings)
        .emit_rerun_if_changed(false)
        .emit_cargo_warnings(false);
    let report = builder.clone().generate().expect("builds without Bad");
    assert_eq!(report.left_out.len(), 1);
    assert_eq!(report.left_out[0].action, "alibaba.slb.Bad");
    assert!(dir
        .path()
        .join("out/alibaba/slb/v20140515/good.rs")
        .is_file());
    match builder.strict(true).cache(false).generate() {
        Err(BuildError::LeftOut(l)) => assert_eq!(l[0].action, "alibaba.slb.Bad"),
        other => panic!("strict must fail: {other:?}"),
    }
}

#[test]
fn warnings_survive_an_incremental_build_that_reuses_the_file() {
    use docsdk_codegen::builder::Builder;
    let dir = tempfile::tempdir().expect("tempdir");
    let specs_dir = dir.path().join("specs");
    let mut s = action("Tagged");
    s.response.push(field("Key", "string"));
    s.response.push(field("key", "string"));
    let other = action("Other");
    for s in [&s, &other] {
        let path = specs_dir.join(s.relative_path());
        std::fs::create_dir_all(path.parent().expect("parent")).expect("mkdir");
        std::fs::write(&path, s.to_toml()).expect("spec");
    }
    let builder = Builder::new()
        .specs_dir(&specs_dir)
        .out_dir(dir.path().join("out"))
        .emit_rerun_if_changed(false)
        .emit_cargo_warnings(false);
    let first = builder.generate().expect("builds");
    assert_eq!(first.warnings.len(), 1, "{:?}", first.warnings);
    // Another spec changes: Tagged's file is reused, its warning still reported.
    let mut other = other;
    other.response.push(field("Added", "string"));
    std::fs::write(specs_dir.join(other.relative_path()), other.to_toml()).expect("spec");
    let second = builder.generate().expect("builds again");
    assert_eq!(second.rendered, 1);
    assert_eq!(second.warnings, first.warnings);
}
