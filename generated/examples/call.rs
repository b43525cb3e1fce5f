//! Calls any generated action by name with plain JSON parameters:
//!
//! ```sh
//! cargo run -p docsdk-clients --example call -- tencent.cvm.DisassociateSecurityGroups \
//!     '{"SecurityGroupIds":["sg-9id3l839"],"InstanceIds":["ins-2zvpghhc"]}'
//! ```
//!
//! The name is `provider.service.Action` (newest version) or `provider.service.version.Action`.
//! The parameters are read into the action's typed request (unknown names and wrong types are
//! rejected), validated against the page's rules, signed and sent; the result is read into the
//! typed response and printed as JSON.
//!
//! Configuration comes from the environment: credentials and region with each cloud's names
//! (`TENCENTCLOUD_SECRET_ID`/`_SECRET_KEY`/`_REGION`, `VOLCENGINE_ACCESS_KEY`/`_SECRET_KEY`/
//! `_REGION`, `ALIBABA_CLOUD_ACCESS_KEY_ID`/`_ACCESS_KEY_SECRET`/`_REGION_ID`) and
//! `DOCSDK_ENDPOINT_URL` to send to another endpoint (e.g. `docsdk mock`).
//!
//! Exit status: 0 success; 1 the call failed (service error: code, message and request id
//! are printed; or a transport / response error); 2 nothing was sent (usage, parameters that
//! do not fit the typed request, validation errors).

use docsdk_clients::runtime::{Client, Registered, SdkError};
use docsdk_clients::OPERATIONS;
use std::process::ExitCode;

const USAGE: &str = "usage: call <provider>.<service>.<Action> ['<params JSON>']";

fn usage(message: &str) -> ExitCode {
    eprintln!("{message}\n{USAGE}");
    ExitCode::from(2)
}

#[tokio::main(flavor = "current_thread")]
async fn main() -> ExitCode {
    let args: Vec<String> = std::env::args().skip(1).collect();
    let (name, params) = match args.as_slice() {
        [name] => (name.as_str(), "{}"),
        [name, params] => (name.as_str(), params.as_str()),
        _ => return usage("expected an action name and optional JSON parameters"),
    };
    let Some(op) = Registered::find(OPERATIONS, name) else {
        let known = Registered::names(OPERATIONS).join("\n  ");
        return usage(&format!(
            "unknown action {name:?}; known actions:\n  {known}"
        ));
    };
    let params: serde_json::Value = match serde_json::from_str(params) {
        Ok(v @ serde_json::Value::Object(_)) => v,
        Ok(_) => return usage("the parameters must be a JSON object"),
        Err(e) => return usage(&format!("the parameters are not JSON: {e}")),
    };
    let client = match Client::builder().build() {
        Ok(c) => c,
        Err(e) => return usage(&format!("client: {e}")),
    };
    match client.invoke(op, params).await {
        Ok(result) => match serde_json::to_string_pretty(&result) {
            Ok(text) => {
                println!("{text}");
                ExitCode::SUCCESS
            }
            Err(e) => {
                eprintln!("cannot print the response: {e}");
                ExitCode::from(1)
            }
        },
        Err(SdkError::Validation(errors)) => {
            eprintln!("not sent: {errors}");
            ExitCode::from(2)
        }
        Err(SdkError::Service(e)) => {
            eprintln!("service error ({} code)", e.kind.as_str());
            eprintln!("code: {}", e.code);
            eprintln!("message: {}", e.meta.message);
            eprintln!("request id: {}", e.request_id().unwrap_or("-"));
            eprintln!("http status: {}", e.meta.http_status);
            ExitCode::from(1)
        }
        Err(SdkError::Config(m)) => usage(&format!("configuration: {m}")),
        Err(other) => {
            eprintln!("call failed: {other}");
            ExitCode::from(1)
        }
    }
}
