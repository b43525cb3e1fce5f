//! The HTTP side: a hyper HTTP/1.1 server on its own thread and runtime, so the mock works
//! the same from synchronous code, from any async runtime, and from the command line.

use super::handler::State;
use super::route::Incoming;
use super::{LoggedRequest, MockConfig, MockError};
use http_body_util::{BodyExt, Full, Limited};
use hyper::body::Bytes;
use hyper::server::conn::http1;
use hyper::service::service_fn;
use hyper::{Request, Response, StatusCode};
use hyper_util::rt::{TokioIo, TokioTimer};
use std::collections::BTreeMap;
use std::convert::Infallible;
use std::net::SocketAddr;
use std::sync::Arc;
use std::thread::JoinHandle;

/// Starts mocks.
pub struct MockServer;

impl MockServer {
    /// Binds `config.addr` and serves until the handle is shut down or dropped.
    pub fn start(config: MockConfig) -> Result<MockHandle, MockError> {
        check_specs(&config)?;
        let addr = config.addr;
        let listener =
            std::net::TcpListener::bind(addr).map_err(|source| MockError::Bind { addr, source })?;
        let local = listener
            .local_addr()
            .map_err(|source| MockError::Bind { addr, source })?;
        listener
            .set_nonblocking(true)
            .map_err(|source| MockError::Bind { addr, source })?;
        let runtime = tokio::runtime::Builder::new_current_thread()
            .enable_io()
            .enable_time()
            .build()
            .map_err(MockError::Runtime)?;
        let state = Arc::new(State::new(config));
        let (stop_tx, stop_rx) = tokio::sync::oneshot::channel::<()>();
        let serve_state = Arc::clone(&state);
        let thread = std::thread::Builder::new()
            .name(format!("docsdk-mock-{}", local.port()))
            .spawn(move || runtime.block_on(serve(listener, serve_state, stop_rx)))
            .map_err(MockError::Runtime)?;
        Ok(MockHandle {
            addr: local,
            state,
            stop: Some(stop_tx),
            thread: Some(thread),
        })
    }
}

fn check_specs(config: &MockConfig) -> Result<(), MockError> {
    if config.specs.is_empty() {
        return Err(MockError::NoSpecs);
    }
    let mut seen: BTreeMap<(String, String, String, String), String> = BTreeMap::new();
    for spec in &config.specs {
        let a = &spec.action;
        let key = (
            a.provider.as_str().to_string(),
            a.service.clone(),
            a.name.clone(),
            a.version.clone(),
        );
        let here = spec.relative_path().display().to_string();
        if let Some(first) = seen.insert(key, here.clone()) {
            return Err(MockError::DuplicateAction {
                provider: a.provider,
                service: a.service.clone(),
                action: a.name.clone(),
                version: a.version.clone(),
                first,
                second: here,
            });
        }
    }
    Ok(())
}

async fn serve(
    listener: std::net::TcpListener,
    state: Arc<State>,
    mut stop: tokio::sync::oneshot::Receiver<()>,
) {
    let listener = match tokio::net::TcpListener::from_std(listener) {
        Ok(l) => l,
        Err(e) => {
            eprintln!("docsdk mock: cannot use the listening socket: {e}");
            return;
        }
    };
    loop {
        tokio::select! {
            _ = &mut stop => return,
            accepted = listener.accept() => {
                let stream = match accepted {
                    Ok((stream, _)) => stream,
                    // Out of file descriptors and similar: keep serving the others.
                    Err(_) => continue,
                };
                let state = Arc::clone(&state);
                tokio::spawn(async move {
                    let service = service_fn(move |req| {
                        let state = Arc::clone(&state);
                        async move { Ok::<_, Infallible>(answer(&state, req).await) }
                    });
                    // A client that hangs up mid-request is its own problem.
                    let _ = http1::Builder::new()
                        .timer(TokioTimer::new())
                        .serve_connection(TokioIo::new(stream), service)
                        .await;
                });
            }
        }
    }
}

async fn answer(state: &State, req: Request<hyper::body::Incoming>) -> Response<Full<Bytes>> {
    let (parts, body) = req.into_parts();
    let body = match Limited::new(body, state.config.max_body_bytes)
        .collect()
        .await
    {
        Ok(b) => b.to_bytes().to_vec(),
        Err(e) => {
            return plain(
                StatusCode::PAYLOAD_TOO_LARGE,
                format!(
                    "{{\"Error\":{{\"Code\":\"RequestTooLarge\",\"Message\":{}}}}}",
                    serde_json::Value::String(format!(
                        "the body could not be read or exceeds {} bytes: {e}",
                        state.config.max_body_bytes
                    ))
                ),
            )
        }
    };
    let mut headers: Vec<(String, String)> = parts
        .headers
        .iter()
        .map(|(n, v)| {
            (
                n.as_str().to_ascii_lowercase(),
                String::from_utf8_lossy(v.as_bytes()).into_owned(),
            )
        })
        .collect();
    // HTTP/1.1 requests carry Host as a header; an absolute-form target may not.
    if !headers.iter().any(|(n, _)| n == "host") {
        if let Some(authority) = parts.uri.authority() {
            headers.push(("host".into(), authority.to_string()));
        }
    }
    let inc = Incoming {
        method: parts.method.as_str().to_string(),
        path: parts.uri.path().to_string(),
        raw_query: parts.uri.query().unwrap_or("").to_string(),
        headers,
        body,
    };
    let a = state.handle(&inc);
    let mut resp = plain(
        StatusCode::from_u16(a.status).unwrap_or(StatusCode::BAD_REQUEST),
        a.body,
    );
    for (name, value) in a.headers {
        let name = hyper::header::HeaderName::from_bytes(name.as_bytes());
        if let (Ok(n), Ok(v)) = (name, hyper::header::HeaderValue::from_str(&value)) {
            resp.headers_mut().insert(n, v);
        }
    }
    resp
}

fn plain(status: StatusCode, body: String) -> Response<Full<Bytes>> {
    let mut resp = Response::new(Full::new(Bytes::from(body)));
    *resp.status_mut() = status;
    resp.headers_mut().insert(
        hyper::header::CONTENT_TYPE,
        hyper::header::HeaderValue::from_static("application/json; charset=utf-8"),
    );
    resp
}

/// A running mock. Dropping it (or [`MockHandle::shutdown`]) stops the server.
pub struct MockHandle {
    addr: SocketAddr,
    state: Arc<State>,
    stop: Option<tokio::sync::oneshot::Sender<()>>,
    thread: Option<JoinHandle<()>>,
}

impl MockHandle {
    /// The address the mock listens on (with the port chosen for port 0).
    pub fn addr(&self) -> SocketAddr {
        self.addr
    }

    /// `http://host:port`, the endpoint URL to give a client.
    pub fn url(&self) -> String {
        format!("http://{}", self.addr)
    }

    /// Every request so far, in arrival order.
    pub fn requests(&self) -> Vec<LoggedRequest> {
        self.state.requests()
    }

    /// The requests for one action, in arrival order.
    pub fn requests_for(&self, action: &str) -> Vec<LoggedRequest> {
        self.state
            .requests()
            .into_iter()
            .filter(|r| r.action.as_deref() == Some(action))
            .collect()
    }

    pub fn clear_requests(&self) {
        self.state.clear_requests();
    }

    /// Stops accepting, drops open connections and waits for the server thread.
    pub fn shutdown(mut self) {
        self.stop_and_join();
    }

    /// Blocks until the server stops (it only stops when its thread fails); for the CLI.
    pub fn wait(mut self) {
        if let Some(t) = self.thread.take() {
            let _ = t.join();
        }
    }

    fn stop_and_join(&mut self) {
        if let Some(tx) = self.stop.take() {
            let _ = tx.send(());
        }
        if let Some(t) = self.thread.take() {
            let _ = t.join();
        }
    }
}

impl Drop for MockHandle {
    fn drop(&mut self) {
        self.stop_and_join();
    }
}

impl std::fmt::Debug for MockHandle {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("MockHandle")
            .field("addr", &self.addr)
            .finish()
    }
}
