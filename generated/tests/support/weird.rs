//! Hand-written specs with everything that used to break generation or produce warnings: names
//! that collide in Rust, keywords and prelude names, non-ASCII names, empty, recursive and
//! undefined structs, huge enums, doc text rustdoc would misread. The catalogue test builds
//! them with the corpus; each must generate, compile warning-free and pass clippy.

use docsdk_codegen::spec::{
    Encoding, ErrorCode, ErrorScope, Example, Field, Per, Provider, RateLimit, Spec, Struct,
};

/// Doc text with markdown, HTML and code fences.
pub const NASTY: &str = "Quotes \" and ' */ /* # heading \\ back\\slash `tick` ``double`` [link](http://x) [^1] <b>tag</b> <script>x</script> http://example.com 中文 ✓ \u{7f}\n    indented\n```\ncode\n```\n~~~\nmore\n~~~\n- item\n  lazy\n1. one\n> quote\n| a | b |";

fn spec(provider: Provider, service: &str, version: &str, action: &str) -> Spec {
    let host = format!("{}.example.com", service.to_ascii_lowercase());
    let mut s = Spec::new(provider, service, version, action, &host);
    s.action.summary = NASTY.into();
    s
}

fn alibaba(action: &str) -> Spec {
    spec(Provider::Alibaba, "weird", "2020-01-01", action)
}

fn field(name: &str, ty: &str) -> Field {
    Field {
        name: name.into(),
        ty: ty.parse().expect("a spec type"),
        description: NASTY.into(),
        ..Field::default()
    }
}

fn list(name: &str, ty: &str) -> Field {
    Field {
        array: true,
        ..field(name, ty)
    }
}

fn structure(name: &str, fields: Vec<Field>) -> Struct {
    Struct {
        name: name.into(),
        description: NASTY.into(),
        fields,
    }
}

fn code(c: &str, item: bool) -> ErrorCode {
    ErrorCode {
        code: c.into(),
        http_status: Some(400),
        message: NASTY.into(),
        description: String::new(),
        scope: item.then_some(ErrorScope::Item),
        line: None,
    }
}

fn example(request: &str, response: &str) -> Example {
    Example {
        title: NASTY.into(),
        request: request.into(),
        response: response.into(),
        line: None,
    }
}

/// The weird specs, each with its action key (`<provider>.<service>.<Action>`).
pub fn specs() -> Vec<Spec> {
    let mut out = Vec::new();

    // Tag.N.Key and Tag.N.key; snake_case twins; keywords, prelude and builder-method names.
    let mut s = alibaba("TagResources");
    s.request.push(list("Tag", "object:Tag"));
    for n in [
        "XForwardedFor_SLBID",
        "XForwardedForSlbid",
        "Option",
        "Result",
        "Box",
        "String",
        "Vec",
        "Self",
        "self",
        "type",
        "Type",
        "crate",
        "super",
        "async",
        "fn",
        "Default",
        "Some",
        "None",
        "",
        "名称",
        "new",
        "send",
        "build",
        "set_send",
        "builder",
        "_",
        "123",
        // Setters named like conversions and operators (`to_*` by value, `from_*` with self…).
        "ToPort",
        "FromPort",
        "IsDefault",
        "AsPath",
        "IntoRegion",
        "Add",
        "Sub",
        "Next",
        "Eq",
        "Hash",
        "Clone",
    ] {
        s.request.push(field(n, "string"));
    }
    s.structs.push(structure(
        "Tag",
        vec![field("Key", "string"), field("key", "string")],
    ));
    s.examples.push(example(
        "https://weird.example.com/?Action=TagResources&Tag.1.Key=a&Tag.1.key=b&XForwardedFor_SLBID=on&Type=x&type=y",
        r#"{"RequestId": "r"}"#,
    ));
    out.push(s);

    // Struct names: twins, the action's own type names, prelude names; empty and undefined
    // structs; recursion directly, mutually and through lists.
    let mut s = alibaba("Describe");
    for (f, st) in [
        ("A", "Tag"),
        ("B", "tag"),
        ("C", "DescribeRequest"),
        ("D", "DescribeResponse"),
        ("E", "Option"),
        ("F", "Client"),
        ("G", "Into"),
        ("H", "Empty"),
        ("I", "Undefined"),
        ("J", "Node"),
    ] {
        s.request.push(field(f, &format!("object:{st}")));
        s.response.push(list(f, &format!("object:{st}")));
    }
    for st in [
        "Tag",
        "tag",
        "DescribeRequest",
        "DescribeResponse",
        "Option",
        "Client",
        "Into",
    ] {
        s.structs
            .push(structure(st, vec![field("Value", "integer")]));
    }
    s.structs.push(structure("Empty", Vec::new()));
    s.structs.push(structure(
        "Node",
        vec![
            field("Parent", "object:Node"),
            list("Children", "object:Node"),
            field("Peer", "object:Peer"),
            field("Any", "object:map"),
            // Type words outside schema 1 ("Array of Something", "") no longer load; what a
            // page saying them gives is a list of an undocumented struct and a plain string.
            list("Odd", "object:Something"),
            Field {
                name: "Blank".into(),
                ..Field::default()
            },
        ],
    ));
    s.structs
        .push(structure("Peer", vec![field("Back", "object:Node")]));
    s.examples.push(example(
        r#"{"A": {"Value": 1}, "J": {"Parent": {"Children": [{}]}, "Peer": {"Back": {}}}}"#,
        r#"{"RequestId": "r", "J": [{"Parent": {"Children": [{"Any": {"x": 1}}]}}], "H": [{}]}"#,
    ));
    out.push(s);

    // Error codes and enum values that differ in case or punctuation or start with digits;
    // a huge enum; batch-item codes; constraints of every kind.
    let mut s = alibaba("DeleteThings");
    for c in [
        "InvalidInstanceId.NotFound",
        "InvalidInstanceId.NOT_FOUND",
        "Invalid.InstanceId.NotFound",
        "404",
        "404.NotFound",
        "Unknown",
        "Common",
        "中文错误",
        "InvalidInstanceId.NotFound",
    ] {
        s.errors.push(code(c, false));
    }
    for c in ["Item.NotFound", "Item.NOT_FOUND", "Unknown"] {
        s.errors.push(code(c, true));
    }
    // Variants named like their enum, or all with one prefix or suffix.
    for c in ["DeleteThingsError.Busy", "DeleteThingsErrorQuota"] {
        s.errors.push(code(c, false));
    }
    let mut mode = field("Mode", "string");
    mode.constraints.enum_values = ["AutoMode", "ManualMode", "ModeX"]
        .map(String::from)
        .to_vec();
    s.request.push(mode);
    let mut same = field("Prefix", "string");
    same.constraints.enum_values = ["UnknownA", "UnknownB", "UnknownC"]
        .map(String::from)
        .to_vec();
    s.request.push(same);
    let mut state = field("State", "string");
    state.constraints.enum_values = ["on", "ON", "On", "Unknown", "1", "-1", "中文", "on", "*"]
        .map(String::from)
        .to_vec();
    s.request.push(state.clone());
    let mut result = field("Result", "string");
    result.constraints.enum_values = (0..400).map(|i| format!("value-{i}")).collect();
    result.constraints.enum_values.push("VALUE_0".into());
    s.request.push(result);
    let mut limited = field("Count", "integer");
    limited.required = true;
    limited.constraints.minimum = Some(-5);
    limited.constraints.maximum = Some(5);
    s.request.push(limited);
    let mut ids = list("InstanceIds", "string");
    ids.constraints.encoding = Some(Encoding::JsonArray);
    ids.constraints.max_items = Some(3);
    s.request.push(ids);
    s.request.push(field("ClientToken", "string"));
    s.response.push(list("Results", "object:Item"));
    s.structs.push(structure(
        "Item",
        vec![field("Code", "string"), state, field("Ok", "boolean")],
    ));
    s.action.rate_limit = Some(RateLimit {
        requests: 10,
        per: Per::Second,
        evidence: None,
    });
    out.push(s);

    // Action names differing in case in one module, names the module needs itself, names of
    // its parent modules, and client methods named like conversions.
    for a in [
        "DescribeThings",
        "describeThings",
        "New",
        "Rt",
        "Examples",
        "查询",
        "V20200101",
        "FromTemplate",
        "IntoGroup",
        "ToJson",
        "Add",
        "Clone",
    ] {
        let mut s = alibaba(a);
        s.request.push(field("Id", "string"));
        s.examples
            .push(example(r#"{"Id": "x"}"#, r#"{"RequestId": "r"}"#));
        out.push(s);
    }

    // Service and version modules differing in spelling; a Tencent action whose response
    // struct is named like a prelude type and an empty response.
    out.push(spec(Provider::Alibaba, "Weird", "2020-01-01", "Other"));
    out.push(spec(Provider::Alibaba, "alibaba", "2020-01-01", "Alibaba"));
    out.push(spec(Provider::Alibaba, "weird", "20200101", "Other"));
    let mut s = spec(Provider::Tencent, "weird", "2020-01-01", "Describe");
    s.response.push(list("Set", "object:Result"));
    s.structs
        .push(structure("Result", vec![field("Name", "string")]));
    s.examples.push(example(
        r#"{}"#,
        r#"{"Response": {"Set": [{"Name": "n"}], "RequestId": "r"}}"#,
    ));
    out.push(s);
    out
}
