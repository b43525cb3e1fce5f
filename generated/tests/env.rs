//! Configuration from the environment: `DOCSDK_ENDPOINT_URL`, and each cloud's credential and
//! region variables. One test in its own binary, because it sets process environment variables.

use docsdk_clients::alibaba::ecs::v20140526 as ali;
use docsdk_clients::runtime::{self, ErrorKind, OperationError, SdkError};
use docsdk_clients::tencent::{
    cvm::v20170312 as cvm, ecm::v20190719 as ecm, vpc::v20170312 as vpc,
};
use docsdk_clients::volcengine::ecs::v20200401 as volc;
use docsdk_codegen::load::load_specs;
use docsdk_mock::{MockConfig, MockServer, TEST_ACCESS_KEY_ID, TEST_SECRET};
use std::path::PathBuf;

#[tokio::test]
async fn endpoint_credentials_and_region_from_the_environment() {
    let dir = PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("../specs");
    let specs = load_specs(&dir, &dir.join("docs")).expect("specs").specs;
    let m = MockServer::start(MockConfig::new(specs.clone())).expect("mock");
    let other = MockServer::start(MockConfig::new(specs)).expect("mock");
    for (name, value) in [
        (runtime::ENDPOINT_ENV, m.url()),
        ("TENCENTCLOUD_SECRET_ID", TEST_ACCESS_KEY_ID.to_string()),
        ("TENCENTCLOUD_SECRET_KEY", TEST_SECRET.to_string()),
        ("TENCENTCLOUD_REGION", "ap-shanghai".to_string()),
        ("VOLCENGINE_ACCESS_KEY", TEST_ACCESS_KEY_ID.to_string()),
        ("VOLCENGINE_SECRET_KEY", TEST_SECRET.to_string()),
        ("VOLCENGINE_REGION", "cn-shanghai".to_string()),
        (
            "ALIBABA_CLOUD_ACCESS_KEY_ID",
            TEST_ACCESS_KEY_ID.to_string(),
        ),
        ("ALIBABA_CLOUD_ACCESS_KEY_SECRET", TEST_SECRET.to_string()),
        ("ALIBABA_CLOUD_REGION_ID", "cn-hangzhou".to_string()),
    ] {
        std::env::set_var(name, value);
    }
    for name in [
        "TENCENTCLOUD_SESSION_TOKEN",
        "TENCENTCLOUD_TOKEN",
        "TENCENTCLOUD_SECURITY_TOKEN",
        "VOLCENGINE_SESSION_TOKEN",
        "ALIBABA_CLOUD_SECURITY_TOKEN",
    ] {
        std::env::remove_var(name);
    }

    // Nothing configured in code: every provider goes to DOCSDK_ENDPOINT_URL (plain http on
    // loopback), signed with its own variables, in its own region.
    let rt = runtime::Client::builder().build().expect("client");
    assert_eq!(
        rt.region_for(runtime::Provider::Tencent),
        Some("ap-shanghai")
    );
    call_cvm_volcengine_alibaba(&rt, "from the variables").await;
    ecm::Client::new(rt.clone())
        .disassociate_instances_key_pairs()
        .instance_ids(["ein-1"])
        .key_ids(["skey-1"])
        .send()
        .await
        .expect("ecm");
    vpc::Client::new(rt.clone())
        .disassociate_network_interface_security_groups()
        .network_interface_ids(["eni-1"])
        .security_group_ids(["sg-1"])
        .send()
        .await
        .expect("vpc");
    let log = m.requests();
    assert_eq!(log.len(), 5);
    assert!(log.iter().all(|r| r.is_success()), "{log:?}");
    let region_of = |action: &str| {
        log.iter()
            .find(|r| r.action.as_deref() == Some(action))
            .and_then(|r| r.region.clone())
    };
    assert_eq!(
        region_of("DisassociateSecurityGroups").as_deref(),
        Some("ap-shanghai")
    );
    assert_eq!(region_of("DeleteKeyPairs").as_deref(), Some("cn-shanghai"));

    // The builder's endpoint and region win over the environment.
    m.clear_requests();
    let rt = runtime::Client::builder()
        .endpoint_url(other.url())
        .region("ap-beijing")
        .build()
        .expect("client");
    cvm::Client::new(rt)
        .disassociate_security_groups()
        .security_group_ids(["sg-1"])
        .instance_ids(["ins-1"])
        .send()
        .await
        .expect("cvm via the builder's endpoint");
    assert!(m.requests().is_empty());
    let log = other.requests();
    assert_eq!(log.len(), 1);
    assert_eq!(log[0].region.as_deref(), Some("ap-beijing"));

    // Environment reading switched off: no region → a configuration error before any I/O.
    let rt = runtime::Client::builder()
        .region_from_env(false)
        .build()
        .expect("client");
    let r = cvm::Client::new(rt)
        .disassociate_security_groups()
        .security_group_ids(["sg-1"])
        .instance_ids(["ins-1"])
        .send()
        .await;
    match r {
        Err(SdkError::Config(m)) => assert!(m.contains("TENCENTCLOUD_REGION"), "{m}"),
        other => panic!("expected a configuration error, got {:?}", other.err()),
    }
    // No credentials: the request goes unsigned and the provider refuses it.
    let rt = runtime::Client::builder()
        .credentials_from_env(false)
        .max_attempts(1)
        .build()
        .expect("client");
    let r = volc::Client::new(rt)
        .delete_key_pairs()
        .key_pair_names(["k"])
        .send()
        .await;
    match r {
        Err(SdkError::Service(e)) => {
            assert_ne!(e.kind(), ErrorKind::Documented, "{e:?}");
            assert!(e.code().contains("Signature"), "{e:?}");
            assert!(e.http_status() >= 400, "{e:?}");
        }
        other => panic!("expected an auth error, got {:?}", other.err()),
    }
    assert!(m.requests().iter().all(|r| !r.is_success()));

    // The chain's second step: no credential variables, each cloud's shared credentials file
    // under a temporary $HOME (never the real one).
    let home = tempfile::tempdir().expect("temp home");
    let write = |rel: &str, text: String| {
        let path = home.path().join(rel);
        std::fs::create_dir_all(path.parent().expect("parent")).expect("mkdir");
        std::fs::write(path, text).expect("write");
    };
    write(
        ".tencentcloud/credentials",
        format!("[default]\nsecret_id = {TEST_ACCESS_KEY_ID}\nsecret_key = {TEST_SECRET}\n"),
    );
    write(
        ".volc/config",
        format!(r#"{{"ak": "{TEST_ACCESS_KEY_ID}", "sk": "{TEST_SECRET}"}}"#),
    );
    write(
        ".aliyun/config.json",
        format!(
            r#"{{"current": "sts", "profiles": [{{"name": "sts", "mode": "StsToken",
            "access_key_id": "{TEST_ACCESS_KEY_ID}", "access_key_secret": "{TEST_SECRET}",
            "sts_token": "file-sts-token"}}]}}"#
        ),
    );
    for name in [
        "TENCENTCLOUD_SECRET_ID",
        "TENCENTCLOUD_SECRET_KEY",
        "VOLCENGINE_ACCESS_KEY",
        "VOLCENGINE_SECRET_KEY",
        "ALIBABA_CLOUD_ACCESS_KEY_ID",
        "ALIBABA_CLOUD_ACCESS_KEY_SECRET",
        "ALIBABA_CLOUD_PROFILE",
    ] {
        std::env::remove_var(name);
    }
    std::env::set_var("HOME", home.path());
    m.clear_requests();
    let rt = runtime::Client::builder().build().expect("client");
    call_cvm_volcengine_alibaba(&rt, "signed with the shared files' keys").await;
    let log = m.requests();
    assert_eq!(log.len(), 3);
    assert!(log.iter().all(|r| r.is_success()), "{log:?}");
    assert_eq!(
        log[2].header("x-acs-security-token"),
        Some("file-sts-token")
    );
    // Files switched off: unsigned again.
    let rt = runtime::Client::builder()
        .credentials_from_files(false)
        .build()
        .expect("client");
    assert!(rt.credentials_for(runtime::Provider::Tencent).is_none());
}

/// One call of each cloud (Tencent CVM, Volcengine ECS, Alibaba ECS), each expected to succeed.
async fn call_cvm_volcengine_alibaba(rt: &runtime::Client, how: &str) {
    cvm::Client::new(rt.clone())
        .disassociate_security_groups()
        .security_group_ids(["sg-1"])
        .instance_ids(["ins-1"])
        .send()
        .await
        .unwrap_or_else(|e| panic!("cvm {how}: {e}"));
    volc::Client::new(rt.clone())
        .delete_key_pairs()
        .key_pair_names(["k"])
        .send()
        .await
        .unwrap_or_else(|e| panic!("volcengine {how}: {e}"));
    ali::Client::new(rt.clone())
        .detach_instance_ram_role()
        .region_id("cn-hangzhou")
        .instance_ids(["i-1"])
        .send()
        .await
        .unwrap_or_else(|e| panic!("alibaba {how}: {e}"));
}
