//! The `call` example as a process against the mock: exit 0 with the typed response as JSON,
//! 1 with code, message and request id on a service error, 2 with nothing sent on a
//! validation error. Configuration only from the environment.

use docsdk_codegen::load::load_specs;
use docsdk_mock::{MockConfig, MockHandle, MockServer, TEST_ACCESS_KEY_ID, TEST_SECRET};
use serde_json::Value;
use std::path::{Path, PathBuf};
use std::process::{Command, Output};

/// target/<profile>/examples/call, built on demand when `cargo test` was not asked for
/// every target.
fn example_binary() -> PathBuf {
    let exe = std::env::current_exe().expect("test binary path");
    // target/<profile>/deps/call_example-<hash>
    let profile_dir = exe
        .parent()
        .and_then(Path::parent)
        .expect("target profile dir");
    let bin = profile_dir
        .join("examples")
        .join(format!("call{}", std::env::consts::EXE_SUFFIX));
    if !bin.exists() {
        let cargo = std::env::var("CARGO").unwrap_or_else(|_| "cargo".into());
        let status = Command::new(cargo)
            .args(["build", "-p", "docsdk-clients", "--example", "call"])
            .current_dir(env!("CARGO_MANIFEST_DIR"))
            .status()
            .expect("cargo runs");
        assert!(status.success(), "building the call example");
    }
    bin
}

fn run(m: &MockHandle, args: &[&str]) -> Output {
    let mut cmd = Command::new(example_binary());
    cmd.args(args);
    for (k, _) in std::env::vars() {
        if k.starts_with("TENCENTCLOUD_")
            || k.starts_with("VOLCENGINE_")
            || k.starts_with("ALIBABA_CLOUD_")
            || k.starts_with("DOCSDK_")
        {
            cmd.env_remove(k);
        }
    }
    cmd.env("DOCSDK_ENDPOINT_URL", m.url())
        .env("TENCENTCLOUD_SECRET_ID", TEST_ACCESS_KEY_ID)
        .env("TENCENTCLOUD_SECRET_KEY", TEST_SECRET)
        .env("TENCENTCLOUD_REGION", "ap-guangzhou")
        .env("VOLCENGINE_ACCESS_KEY", TEST_ACCESS_KEY_ID)
        .env("VOLCENGINE_SECRET_KEY", TEST_SECRET)
        .env("VOLCENGINE_REGION", "cn-beijing")
        .env("ALIBABA_CLOUD_ACCESS_KEY_ID", TEST_ACCESS_KEY_ID)
        .env("ALIBABA_CLOUD_ACCESS_KEY_SECRET", TEST_SECRET)
        .env("ALIBABA_CLOUD_REGION_ID", "cn-hangzhou");
    cmd.output().expect("the example runs")
}

fn text(b: &[u8]) -> String {
    String::from_utf8_lossy(b).into_owned()
}

#[test]
fn call_example_exit_codes_for_every_seed() {
    let dir = PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("../specs");
    let specs = load_specs(&dir, &dir.join("docs")).expect("specs").specs;
    let m = MockServer::start(MockConfig::new(specs)).expect("mock");

    let seeds = [
        (
            "tencent.cvm.DisassociateSecurityGroups",
            r#"{"SecurityGroupIds":["sg-1"],"InstanceIds":["ins-1"]}"#,
            r#"{"SecurityGroupIds":["sg-1"],"InstanceIds":["err:InvalidInstanceId.NotFound"]}"#,
            r#"{"SecurityGroupIds":["sg-1","sg-2"],"InstanceIds":["ins-1"]}"#,
            "InvalidInstanceId.NotFound",
        ),
        (
            "tencent.ecm.DisassociateInstancesKeyPairs",
            r#"{"InstanceIds":["ein-1"],"KeyIds":["skey-1"]}"#,
            r#"{"InstanceIds":["ein-1"],"KeyIds":["err:InvalidParameterValue.InvalidKeyPairId"]}"#,
            r#"{"InstanceIds":["ein-1"]}"#,
            "InvalidParameterValue.InvalidKeyPairId",
        ),
        (
            "tencent.vpc.2017-03-12.DisassociateNetworkInterfaceSecurityGroups",
            r#"{"NetworkInterfaceIds":["eni-1"],"SecurityGroupIds":["sg-1"]}"#,
            r#"{"NetworkInterfaceIds":["err:ResourceNotFound"],"SecurityGroupIds":["sg-1"]}"#,
            r#"{"NetworkInterfaceIds":["eni-1"]}"#,
            "ResourceNotFound",
        ),
        (
            "volcengine.ecs.DeleteKeyPairs",
            r#"{"KeyPairNames":["ssh_key_pair1","ssh_key_pair2"]}"#,
            r#"{"KeyPairNames":["err:InvalidArgument"]}"#,
            r#"{"KeyPairNames":[]}"#,
            "InvalidArgument",
        ),
        (
            "alibaba.ecs.DetachInstanceRamRole",
            r#"{"RegionId":"cn-hangzhou","InstanceIds":["i-1"]}"#,
            r#"{"RegionId":"cn-hangzhou","InstanceIds":["err:InvalidInstanceId.NotFound"]}"#,
            r#"{"InstanceIds":["i-1"]}"#,
            "InvalidInstanceId.NotFound",
        ),
    ];
    for (name, ok, err, invalid, code) in seeds {
        let action = name.rsplit('.').next().unwrap_or_default();

        m.clear_requests();
        let out = run(&m, &[name, ok]);
        assert_eq!(out.status.code(), Some(0), "{name}: {}", text(&out.stderr));
        let printed: Value = serde_json::from_slice(&out.stdout).expect("stdout is JSON");
        assert!(printed.is_object(), "{name}: {printed}");
        let log = m.requests_for(action);
        assert_eq!(log.len(), 1, "{name}");
        assert!(log[0].is_success());

        m.clear_requests();
        let out = run(&m, &[name, err]);
        assert_eq!(out.status.code(), Some(1), "{name}: {}", text(&out.stderr));
        let stderr = text(&out.stderr);
        let log = m.requests_for(action);
        assert_eq!(log.len(), 1, "{name}: a documented error is not retried");
        assert!(stderr.contains(&format!("code: {code}")), "{stderr}");
        assert!(stderr.contains("message: "), "{stderr}");
        assert!(
            stderr.contains(&format!("request id: {}", log[0].request_id)),
            "{stderr}"
        );
        assert!(stderr.contains("documented"), "{stderr}");

        m.clear_requests();
        let out = run(&m, &[name, invalid]);
        assert_eq!(out.status.code(), Some(2), "{name}: {}", text(&out.stderr));
        assert!(
            text(&out.stderr).contains("not sent"),
            "{}",
            text(&out.stderr)
        );
        assert!(m.requests().is_empty(), "{name}: nothing sent");
    }

    // Usage errors send nothing either.
    for args in [
        vec!["tencent.cvm.NoSuchAction", "{}"],
        vec!["tencent.cvm.DisassociateSecurityGroups", "not json"],
        vec!["tencent.cvm.DisassociateSecurityGroups", r#"{"Bogus":1}"#],
        vec![],
    ] {
        let out = run(&m, &args);
        assert_eq!(
            out.status.code(),
            Some(2),
            "{args:?}: {}",
            text(&out.stderr)
        );
    }
    assert!(m.requests().is_empty());
}
