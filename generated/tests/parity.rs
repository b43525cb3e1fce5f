//! Client and mock give the same verdict: one table of calls, each sent (a) through a client
//! that validates before sending and (b) with validation off to a real `docsdk mock` over
//! loopback, which validates what it receives. Both must accept, or both reject with the same
//! rules at the same parameters, and both must match the verdict the table states.
//!
//! Two kinds of action: the seed actions through their generated clients (their generated
//! `RULES`, typed requests), and an action written here (`Parity`, one per provider) that
//! carries every kind of rule, called through the runtime's generic path with the rule table
//! the generator would emit for it.

mod support;

use support::mock::seed_specs;

use docsdk_clients::runtime::{
    self as rt, credentials::Credentials, Check, OpMeta, OperationError, Registered, Rule,
    SdkError, ServiceError,
};
use docsdk_codegen::spec::rules::{json_array_params, kinds_for, rules_for};
use docsdk_codegen::spec::{Provider, Spec};
use docsdk_mock::{MockConfig, MockHandle, MockServer, TEST_ACCESS_KEY_ID, TEST_SECRET};
use serde_json::{json, Value};

/// An action with every kind of rule, for `provider`.
fn parity_spec(provider: Provider) -> Spec {
    let toml = format!(
        r#"
schema = 1

[action]
provider = "{provider}"
service = "parity"
version = "2024-01-01"
name = "Parity"
endpoint = "parity.example.com"
method = "POST"

[[request]]
name = "Name"
type = "string"
required = true
max_length = 8
min_length = 2
ascii_only = true
pattern = "^[a-z][a-z0-9-]*$"

[request.evidence]
max_length = "Up to 8 characters."
pattern = "Starts with a lower-case letter; lower-case letters, digits and hyphens."

[[request]]
name = "State"
type = "string"
required = false
enum = ["Running", "Stopped"]

[[request]]
name = "Limit"
type = "integer"
required = false
minimum = 1
maximum = 100

[[request]]
name = "Size"
type = "integer"
required = false
enum = ["1", "2", "4"]

[[request]]
name = "Ids"
type = "string"
array = true
required = false
min_items = 1
max_items = 3
max_length = 6

[[request]]
name = "Filters"
type = "object:Filter"
array = true
required = false

[[request]]
name = "Zones"
type = "string"
required = false
max_items = 2
encoding = "json-array"

[[request]]
name = "Force"
type = "boolean"
required = false

[[structs]]
name = "Filter"

[[structs.fields]]
name = "Name"
type = "string"
required = true
max_length = 5

[[structs.fields]]
name = "Values"
type = "string"
array = true
required = false
max_items = 2
"#
    );
    Spec::from_toml(&toml, "parity.toml").expect("the parity spec reads")
}

fn leak(s: &str) -> &'static str {
    Box::leak(s.to_owned().into_boxed_str())
}

/// A run-time rule as a generated table holds it.
fn static_rule(r: &Rule<String>) -> Rule {
    let check = match &r.check {
        Check::Required => Check::Required,
        Check::MaxItems(n) => Check::MaxItems(*n),
        Check::MinItems(n) => Check::MinItems(*n),
        Check::MaxLength(n) => Check::MaxLength(*n),
        Check::MinLength(n) => Check::MinLength(*n),
        Check::Minimum(n) => Check::Minimum(*n),
        Check::Maximum(n) => Check::Maximum(*n),
        Check::OneOf(values) => {
            let values: Vec<&'static str> = values.iter().map(|v| leak(v)).collect();
            let values: &'static [&'static str] = Box::leak(values.into_boxed_slice());
            Check::OneOf(values)
        }
        Check::Ascii => Check::Ascii,
        Check::JsonArray => Check::JsonArray,
        Check::Pattern(p) => Check::Pattern(leak(p)),
    };
    rt::rule(leak(&r.param), check, leak(&r.evidence))
}

/// What the generator emits for `spec` (metadata, kinds, JSON-array names, rules), as a
/// registered operation whose requests are plain JSON.
fn registered(spec: &Spec) -> &'static Registered {
    let a = &spec.action;
    let kinds: Vec<(&'static str, rt::Kind)> = kinds_for(spec)
        .into_iter()
        .map(|(p, k)| (leak(&p), k))
        .collect();
    let json_array: Vec<&'static str> = json_array_params(spec).into_iter().map(leak).collect();
    let meta = OpMeta::new(
        a.provider,
        leak(&a.service),
        leak(&a.version),
        leak(&a.name),
        a.method.as_str(),
        leak(&a.endpoint),
    )
    .kinds(Box::leak(kinds.into_boxed_slice()))
    .json_array(Box::leak(json_array.into_boxed_slice()));
    let rules: Vec<Rule> = rules_for(spec).iter().map(static_rule).collect();
    Box::leak(Box::new(Registered {
        meta: Box::leak(Box::new(meta)),
        rules: Box::leak(rules.into_boxed_slice()),
        parse: |v| Ok(rt::wire::params(&v)),
        response: Ok,
        error: ServiceError::from_raw,
    }))
}

fn region(p: Provider) -> &'static str {
    match p {
        Provider::Tencent => "ap-guangzhou",
        Provider::Volcengine => "cn-beijing",
        Provider::Alibaba => "cn-hangzhou",
    }
}

fn client(url: &str, provider: Provider, validation: bool) -> rt::Client {
    rt::Client::builder()
        .endpoint_url(url)
        .region(region(provider))
        .credentials(Credentials::new(TEST_ACCESS_KEY_ID, TEST_SECRET))
        .credentials_from_env(false)
        .region_from_env(false)
        .max_attempts(1)
        .validation(validation)
        .build()
        .expect("client")
}

/// Accepted (empty) or the rules broken, as `(param, rule)`, sorted.
type Verdict = Vec<(String, String)>;

fn sorted(mut v: Verdict) -> Verdict {
    v.sort();
    v
}

/// The client's verdict: its validation error, or none (the call was sent).
async fn client_verdict(m: &MockHandle, op: &Registered, params: &Value) -> Verdict {
    let c = client(&m.url(), op.meta.provider, true);
    match c.invoke(op, params.clone()).await {
        Err(SdkError::Validation(v)) => sorted(
            v.iter()
                .map(|e| (e.param.clone(), e.rule.to_string()))
                .collect(),
        ),
        _ => Vec::new(),
    }
}

/// The mock's verdict on the same call sent unvalidated: the rules it logged as broken. Its
/// answer must agree (an error when it found any, success otherwise).
async fn mock_verdict(m: &MockHandle, op: &Registered, params: &Value) -> Verdict {
    m.clear_requests();
    let c = client(&m.url(), op.meta.provider, false);
    let answer = c.invoke(op, params.clone()).await;
    let log = m.requests();
    let [logged] = log.as_slice() else {
        panic!("one request expected, the mock logged {}", log.len());
    };
    let verdict: Verdict = logged
        .violations
        .iter()
        .map(|v| (v.param.clone(), v.rule.clone()))
        .collect();
    assert_eq!(
        answer.is_ok(),
        verdict.is_empty(),
        "the mock's answer ({:?}) agrees with what it found ({verdict:?})",
        answer.err()
    );
    sorted(verdict)
}

/// One call of the table.
struct Case {
    name: &'static str,
    params: Value,
    /// The rules it breaks, `(param, rule)`; empty: valid.
    broken: &'static [(&'static str, &'static str)],
    /// Providers the case applies to.
    on: &'static [Provider],
}

const ALL: &[Provider] = &Provider::ALL;
/// Where parameters travel as query strings.
const QUERY: &[Provider] = &[Provider::Volcengine, Provider::Alibaba];

fn parity_cases() -> Vec<Case> {
    let case =
        |name: &'static str, params: Value, broken: &'static [(&'static str, &'static str)]| Case {
            name,
            params,
            broken,
            on: ALL,
        };
    vec![
        case(
            "valid, every parameter",
            json!({"Name": "web-1", "State": "Running", "Limit": 10, "Size": 4, "Ids": ["a"],
                "Filters": [{"Name": "zone", "Values": ["x"]}], "Zones": ["z1"], "Force": true}),
            &[],
        ),
        case("missing optionals", json!({"Name": "web-1"}), &[]),
        case("required missing", json!({}), &[("Name", "required")]),
        case(
            "too long",
            json!({"Name": "abcdefghi"}),
            &[("Name", "max_length")],
        ),
        case("too short", json!({"Name": "a"}), &[("Name", "min_length")]),
        case(
            "not ASCII (nor the pattern)",
            json!({"Name": "wéb"}),
            &[("Name", "ascii_only"), ("Name", "pattern")],
        ),
        case("pattern", json!({"Name": "Web_1"}), &[("Name", "pattern")]),
        case(
            "enum value",
            json!({"Name": "web", "State": "Stopped"}),
            &[],
        ),
        case(
            "mixed-case enum value",
            json!({"Name": "web", "State": "running"}),
            &[("State", "enum")],
        ),
        case(
            "integer enum",
            json!({"Name": "web", "Size": 3}),
            &[("Size", "enum")],
        ),
        case(
            "below the minimum",
            json!({"Name": "web", "Limit": 0}),
            &[("Limit", "minimum")],
        ),
        case(
            "above the maximum",
            json!({"Name": "web", "Limit": 101}),
            &[("Limit", "maximum")],
        ),
        case(
            "too many items",
            json!({"Name": "web", "Ids": ["a", "b", "c", "d"]}),
            &[("Ids", "max_items")],
        ),
        case(
            "an item too long",
            json!({"Name": "web", "Ids": ["a", "toolong7"]}),
            &[("Ids.2", "max_length")],
        ),
        // Clients leave empty lists out: absent, so `min_items` is not checked.
        case(
            "empty list with min_items",
            json!({"Name": "web", "Ids": []}),
            &[],
        ),
        case(
            "nested member missing",
            json!({"Name": "web", "Filters": [{"Name": "a"}, {"Values": ["x"]}]}),
            &[("Filters.2.Name", "required")],
        ),
        case(
            "nested member violations",
            json!({"Name": "web", "Filters": [{"Name": "toolong", "Values": ["x", "y", "z"]}]}),
            &[
                ("Filters.1.Name", "max_length"),
                ("Filters.1.Values", "max_items"),
            ],
        ),
        case(
            "JSON-array list too long",
            json!({"Name": "web", "Zones": ["a", "b", "c"]}),
            &[("Zones", "max_items")],
        ),
        case(
            "JSON-array string param",
            json!({"Name": "web", "Zones": "[\"a\",\"b\"]"}),
            &[],
        ),
        case(
            "JSON-array string holding no array",
            json!({"Name": "web", "Zones": "a,b"}),
            &[("Zones", "json_array")],
        ),
        case("boolean", json!({"Name": "web", "Force": false}), &[]),
        // On a query wire every value is text. (Tencent's body is JSON: a typed client sends
        // numbers there, and a string is a type error of the wire value, not a page rule.)
        Case {
            name: "number as string",
            params: json!({"Name": "web", "Limit": "7", "Size": "2"}),
            broken: &[],
            on: QUERY,
        },
        Case {
            name: "number as string above the maximum",
            params: json!({"Name": "web", "Limit": "101"}),
            broken: &[("Limit", "maximum")],
            on: QUERY,
        },
    ]
}

/// Calls of the seed actions, through their generated clients.
fn seed_cases() -> Vec<(&'static str, Case)> {
    let case =
        |name: &'static str, params: Value, broken: &'static [(&'static str, &'static str)]| Case {
            name,
            params,
            broken,
            on: ALL,
        };
    let ids: Vec<String> = (0..101).map(|i| format!("i-{i}")).collect();
    vec![
        (
            "tencent.cvm.DisassociateSecurityGroups",
            case(
                "valid",
                json!({"SecurityGroupIds": ["sg-1"], "InstanceIds": ["ins-1"]}),
                &[],
            ),
        ),
        (
            "tencent.cvm.DisassociateSecurityGroups",
            case(
                "too many groups, instances missing",
                json!({"SecurityGroupIds": ["sg-1", "sg-2"]}),
                &[
                    ("InstanceIds", "required"),
                    ("SecurityGroupIds", "max_items"),
                ],
            ),
        ),
        (
            "volcengine.ecs.DeleteKeyPairs",
            case(
                "required list empty",
                json!({"KeyPairNames": []}),
                &[("KeyPairNames", "required")],
            ),
        ),
        (
            "volcengine.ecs.DeleteKeyPairs",
            case(
                "token too long and not ASCII",
                json!({"KeyPairNames": ["k"], "ClientToken": "é".repeat(65)}),
                &[("ClientToken", "ascii_only"), ("ClientToken", "max_length")],
            ),
        ),
        (
            "alibaba.ecs.DetachInstanceRamRole",
            case(
                "valid JSON-array list",
                json!({"RegionId": "cn-hangzhou", "InstanceIds": ["i-1", "i-2"]}),
                &[],
            ),
        ),
        (
            "alibaba.ecs.DetachInstanceRamRole",
            case(
                "JSON-array list too long",
                json!({"RegionId": "cn-hangzhou", "InstanceIds": ids}),
                &[("InstanceIds", "max_items")],
            ),
        ),
    ]
}

/// Runs one case through both sides; the mismatch, if any, as a line.
async fn run(m: &MockHandle, op: &Registered, case: &Case) -> Option<String> {
    let want = sorted(
        case.broken
            .iter()
            .map(|(p, r)| (p.to_string(), r.to_string()))
            .collect(),
    );
    let client = client_verdict(m, op, &case.params).await;
    let mock = mock_verdict(m, op, &case.params).await;
    (client != want || mock != want).then(|| {
        format!(
            "{} {}: want {want:?}, client {client:?}, mock {mock:?}",
            op.meta.qualified_name(),
            case.name
        )
    })
}

#[tokio::test]
async fn client_and_mock_give_the_same_verdict_on_every_call() {
    let seeds = seed_specs();
    let parity: Vec<Spec> = Provider::ALL.into_iter().map(parity_spec).collect();
    let mut specs = seeds.clone();
    specs.extend(parity.iter().cloned());
    let m = MockServer::start(MockConfig::new(specs)).expect("mock starts");

    let mut mismatches = Vec::new();
    let mut runs = 0;
    for spec in &parity {
        let op = registered(spec);
        for case in parity_cases() {
            if case.on.contains(&spec.action.provider) {
                runs += 1;
                mismatches.extend(run(&m, op, &case).await);
            }
        }
    }
    for (name, case) in seed_cases() {
        let op = Registered::find(docsdk_clients::OPERATIONS, name).expect("seed registered");
        runs += 1;
        mismatches.extend(run(&m, op, &case).await);
    }
    assert!(runs > 70, "{runs} calls");
    assert!(mismatches.is_empty(), "{}", mismatches.join("\n"));
}

/// The generated tables are the one spec → rule mapping the mock checks with.
#[test]
fn generated_rule_tables_are_the_mocks_rules() {
    for spec in seed_specs() {
        let a = &spec.action;
        let name = format!("{}.{}.{}", a.provider, a.service, a.name);
        let op = Registered::find(docsdk_clients::OPERATIONS, &name).expect("seed registered");
        let mocks: Vec<Rule> = rules_for(&spec).iter().map(static_rule).collect();
        assert_eq!(op.rules, mocks.as_slice(), "{name}");
    }
}
