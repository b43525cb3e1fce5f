//! The runtime's tracing output, captured: a span per call, an event per attempt (outcome,
//! retry reason, delay), rate-limit waits; and no secret, security token, signature or
//! parameter value in any of it. Its own test binary: tracing caches per callsite whether
//! anyone listens, so a capturing subscriber must not share a process with other tests'
//! calls.

mod support;

use support::mock::unsigned_builder as builder;

use docsdk_clients::alibaba::ecs::v20140526 as ali;
use docsdk_clients::runtime::{credentials::Credentials, RateLimits};
use docsdk_clients::tencent::cvm::v20170312 as cvm;
use docsdk_codegen::load::load_specs;
use docsdk_mock::{MockConfig, MockServer, FAIL_FIRST_HEADER};
use std::path::PathBuf;
use std::time::Duration;

/// A `MakeWriter` into a shared buffer.
#[derive(Clone, Default)]
struct Captured(std::sync::Arc<std::sync::Mutex<Vec<u8>>>);

impl std::io::Write for Captured {
    fn write(&mut self, buf: &[u8]) -> std::io::Result<usize> {
        self.0
            .lock()
            .unwrap_or_else(|e| e.into_inner())
            .extend_from_slice(buf);
        Ok(buf.len())
    }
    fn flush(&mut self) -> std::io::Result<()> {
        Ok(())
    }
}

impl<'a> tracing_subscriber::fmt::MakeWriter<'a> for Captured {
    type Writer = Captured;
    fn make_writer(&'a self) -> Self::Writer {
        self.clone()
    }
}

impl Captured {
    fn text(&self) -> String {
        String::from_utf8_lossy(&self.0.lock().unwrap_or_else(|e| e.into_inner())).into_owned()
    }
}

/// Spans and events for calls, attempts, retries and rate-limit waits; no secret, security
/// token, signature or parameter value in any of it (everything is captured, at every level,
/// from every crate).
#[tokio::test]
async fn tracing_shows_calls_attempts_and_waits_but_no_secrets() {
    const SECRET: &str = "tracing-secret-key-5f2a";
    const TOKEN: &str = "tracing-sts-token-91c7";
    const VALUE: &str = "ins-parameter-value-33d1";
    let key = Credentials::new("AKIDtracing", SECRET);
    let dir = PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("../specs");
    let specs = load_specs(&dir, &dir.join("docs")).expect("specs").specs;
    let m = MockServer::start(
        MockConfig::new(specs)
            .with_credentials(key.clone())
            .with_retry_after(Duration::from_millis(20)),
    )
    .expect("mock");
    let out = Captured::default();
    let subscriber = tracing_subscriber::fmt()
        .with_writer(out.clone())
        .with_max_level(tracing::Level::TRACE)
        .with_span_events(tracing_subscriber::fmt::format::FmtSpan::CLOSE)
        .with_ansi(false)
        .finish();
    let _guard = tracing::subscriber::set_default(subscriber);

    let c = builder(&m.url(), "ap-guangzhou")
        .credentials(key.with_security_token(TOKEN))
        .rate_limits(RateLimits::documented())
        .header(FAIL_FIRST_HEADER, "1")
        .build()
        .expect("client");
    for _ in 0..2 {
        cvm::Client::new(c.clone())
            .disassociate_security_groups()
            .security_group_ids(["sg-1"])
            .instance_ids([VALUE])
            .send()
            .await
            .expect("retried to success");
    }
    // Alibaba: the token travels as a header (ACS3) too.
    let a = builder(&m.url(), "cn-hangzhou")
        .credentials(Credentials::new("AKIDtracing", SECRET).with_security_token(TOKEN))
        .build()
        .expect("client");
    ali::Client::new(a)
        .detach_instance_ram_role()
        .region_id("cn-hangzhou")
        .instance_ids(["i-1"])
        .send()
        .await
        .expect("success");
    drop(_guard);

    let text = out.text();
    let log = m.requests();
    assert!(log.iter().any(|r| r.header("x-tc-token") == Some(TOKEN)));
    for needle in [SECRET, TOKEN, VALUE] {
        assert!(!text.contains(needle), "{needle} in the trace:\n{text}");
    }
    for r in &log {
        let auth = r.header("authorization").expect("signed");
        let signature = auth.rsplit("Signature=").next().expect("a signature");
        assert!(signature.len() >= 40, "{auth}");
        assert!(!text.contains(signature), "signature in the trace:\n{text}");
    }
    for needle in [
        "docsdk.call",
        "action=\"DisassociateSecurityGroups\"",
        "provider=\"tencent\"",
        "service=\"cvm\"",
        "attempt failed; retrying",
        "retry=\"throttling\"",
        "code=\"RequestLimitExceeded\"",
        "delay_ms=",
        "retry_after_ms=1000",
        "attempt ended the call",
        "outcome=\"success\"",
        "attempts=2",
        "request_id=",
        "rate limit wait",
        "action=\"DetachInstanceRamRole\"",
    ] {
        assert!(
            text.contains(needle),
            "`{needle}` missing from the trace:\n{text}"
        );
    }
}
