//! Synthesizes varied action specs for the benchmarks (deterministic, no I/O).

use docsdk_codegen::spec::*;

struct Lcg(u64);
impl Lcg {
    fn next(&mut self) -> u64 {
        self.0 = self
            .0
            .wrapping_mul(6364136223846793005)
            .wrapping_add(1442695040888963407);
        self.0 >> 33
    }
    fn below(&mut self, n: u64) -> u64 {
        self.next() % n
    }
}

const WORDS: &[&str] = &[
    "Instance", "Volume", "Snapshot", "Image", "Network", "Subnet", "Route", "Gateway", "Policy",
    "Role", "Key", "Pair", "Group", "Zone", "Tag", "Disk", "Address", "Listener", "Rule", "Bucket",
];
const VERBS: &[&str] = &[
    "Describe",
    "Create",
    "Delete",
    "Modify",
    "Attach",
    "Detach",
    "Associate",
    "Disassociate",
    "Start",
    "Stop",
    "Reset",
    "Query",
];

fn word(r: &mut Lcg) -> &'static str {
    WORDS[r.below(WORDS.len() as u64) as usize]
}

fn field(r: &mut Lcg, name: String, structs: &mut Vec<Struct>, depth: u32, request: bool) -> Field {
    let mut f = Field {
        name,
        description: "A parameter the page describes in one or two sentences of prose.".into(),
        ..Field::default()
    };
    match r.below(10) {
        0..=3 => f.ty = FieldType::STRING,
        4 => f.ty = FieldType::INTEGER,
        5 => f.ty = FieldType::BOOLEAN,
        6 => {
            f.ty = FieldType::STRING;
            f.constraints.enum_values = vec!["ALPHA".into(), "BETA".into(), "GAMMA".into()];
            f.constraints
                .evidence
                .insert("enum".into(), "Valid values: ALPHA, BETA, GAMMA.".into());
        }
        7 if depth == 0 || r.below(3) == 0 => {
            let sname = format!("{}{}Info{}", word(r), word(r), structs.len());
            let n = 2 + r.below(3);
            let mut fields = Vec::new();
            for i in 0..n {
                let fname = format!("{}{i}", word(r));
                fields.push(field(r, fname, structs, depth + 1, request));
            }
            structs.push(Struct {
                name: sname.clone(),
                description: String::new(),
                fields,
            });
            f.ty = FieldType::named(sname);
        }
        _ => f.ty = FieldType::STRING,
    }
    if r.below(3) == 0 || f.ty.struct_name().is_some() {
        f.array = true;
        if request && r.below(2) == 0 {
            f.constraints.max_items = Some(100);
            f.constraints
                .evidence
                .insert("max_items".into(), "You can enter up to 100 items.".into());
        }
    }
    if request {
        f.required = r.below(3) == 0;
        if f.ty.is_string() && !f.array && r.below(3) == 0 {
            f.constraints.max_length = Some(64);
            f.constraints.evidence.insert(
                "max_length".into(),
                "It cannot exceed 64 characters.".into(),
            );
        }
    }
    f
}

/// `n` varied specs across the three providers and 20 services.
pub fn specs(n: usize) -> Vec<Spec> {
    let mut r = Lcg(42);
    let mut out = Vec::new();
    for i in 0..n {
        let provider = Provider::ALL[i % 3];
        let service = format!("svc{}", i % 20);
        let name = format!(
            "{}{}{}{i}",
            VERBS[r.below(VERBS.len() as u64) as usize],
            word(&mut r),
            word(&mut r)
        );
        let mut structs = Vec::new();
        let req_n = 1 + r.below(7);
        let mut request = Vec::new();
        for k in 0..req_n {
            let fname = format!("{}{}{k}", word(&mut r), word(&mut r));
            request.push(field(&mut r, fname, &mut structs, 0, true));
        }
        let resp_n = 1 + r.below(6);
        let mut response = Vec::new();
        for k in 0..resp_n {
            let fname = format!("{}Out{k}", word(&mut r));
            response.push(field(&mut r, fname, &mut structs, 0, false));
        }
        response.push(Field {
            name: "RequestId".into(),
            ty: FieldType::STRING,
            ..Field::default()
        });
        let errors = (0..2 + r.below(8))
            .map(|k| ErrorCode {
                code: format!("InvalidParameterValue.{}{k}", word(&mut r)),
                http_status: Some(400),
                message: "The parameter value is invalid.".into(),
                description: "The parameter value is invalid.".into(),
                scope: None,
                line: None,
            })
            .collect();
        let mut spec = Spec::new(provider, &service, "2020-01-01", &name, "example.invalid");
        spec.action.summary = "This API is used to do one thing to some resources.".into();
        spec.action.rate_limit = Some(RateLimit {
            requests: 20,
            per: Per::Second,
            evidence: None,
        });
        spec.action.region = RegionUse::Required;
        spec.request = request;
        spec.response = response;
        spec.structs = structs;
        spec.errors = errors;
        out.push(spec);
    }
    out
}
