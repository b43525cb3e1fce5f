//! The HTTP side: a hyper HTTP/1.1 server on its own thread and runtime, so the mock works
//! the same from synchronous code, from any async runtime, and from the command line.

use super::handler::State;
use super::route::Incoming;
use super::Fault;
use super::{LoggedRequest, MockConfig, MockError};
use http_body_util::{BodyExt, Limited};
use hyper::body::Bytes;
use hyper::server::conn::http1;
use hyper::service::service_fn;
use hyper::{Request, Response, StatusCode};
use hyper_util::rt::{TokioIo, TokioTimer};
use std::collections::BTreeMap;
use std::net::SocketAddr;
use std::sync::atomic::Ordering;
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
        // Bound but never listening: connections to it are refused (RST), for clients that
        // want "connection refused" from a known address.
        let refusing = refusing::Bound::new(local.ip());
        let state = Arc::new(State::new(config));
        let (stop_tx, stop_rx) = tokio::sync::oneshot::channel::<()>();
        let serve_state = Arc::clone(&state);
        let thread = std::thread::Builder::new()
            .name(format!("docsdk-mock-{}", local.port()))
            .spawn(move || runtime.block_on(serve(listener, serve_state, stop_rx)))
            .map_err(MockError::Runtime)?;
        Ok(MockHandle {
            addr: local,
            refusing,
            state,
            stop: Some(stop_tx),
            thread: Some(thread),
        })
    }
}

/// A TCP socket bound to a free port without listening (tokio's `TcpSocket` can bind and
/// stop there): the port stays reserved and connections to it are refused. `None` where that
/// cannot be done (only [`MockHandle::refusing_addr`] is then unavailable).
mod refusing {
    use std::net::{IpAddr, SocketAddr};

    pub struct Bound {
        pub addr: SocketAddr,
        _socket: tokio::net::TcpSocket,
    }

    impl Bound {
        pub fn new(ip: IpAddr) -> Option<Bound> {
            let socket = match ip {
                IpAddr::V4(_) => tokio::net::TcpSocket::new_v4(),
                IpAddr::V6(_) => tokio::net::TcpSocket::new_v6(),
            }
            .ok()?;
            socket.bind(SocketAddr::new(ip, 0)).ok()?;
            let addr = socket.local_addr().ok()?;
            Some(Bound {
                addr,
                _socket: socket,
            })
        }
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
                if let Some(f) = &state.config.faults {
                    let n = state.fault_connections.fetch_add(1, Ordering::Relaxed);
                    if f.reset_connection(n) {
                        // RST on close: the client sees a reset before anything is read.
                        let _ = stream.set_zero_linger();
                        drop(stream);
                        continue;
                    }
                }
                let state = Arc::clone(&state);
                tokio::spawn(async move {
                    let service = service_fn(move |req| {
                        let state = Arc::clone(&state);
                        async move { answer(&state, req).await }
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

async fn answer(
    state: &State,
    req: Request<hyper::body::Incoming>,
) -> Result<Response<Body>, std::io::Error> {
    let fault = state.config.faults.as_ref().and_then(|f| {
        let n = state.fault_requests.fetch_add(1, Ordering::Relaxed);
        f.for_request(n)
    });
    let (parts, body) = req.into_parts();
    let body = match Limited::new(body, state.config.max_body_bytes)
        .collect()
        .await
    {
        Ok(b) => b.to_bytes().to_vec(),
        Err(e) => {
            return Ok(plain(
                StatusCode::PAYLOAD_TOO_LARGE,
                format!(
                    "{{\"Error\":{{\"Code\":\"RequestTooLarge\",\"Message\":{}}}}}",
                    serde_json::Value::String(format!(
                        "the body could not be read or exceeds {} bytes: {e}",
                        state.config.max_body_bytes
                    ))
                ),
            ))
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
    let a = state.handle_with(&inc, fault);
    let status = StatusCode::from_u16(a.status).unwrap_or(StatusCode::BAD_REQUEST);
    let mut resp = match fault {
        Some(Fault::ResetAfterRead) => {
            return Err(std::io::Error::other("injected fault: reset after read"))
        }
        Some(Fault::Delay) => {
            let delay = state
                .config
                .faults
                .as_ref()
                .map(|f| f.delay)
                .unwrap_or_default();
            tokio::time::sleep(delay).await;
            plain(status, a.body)
        }
        Some(Fault::Malformed) => {
            plain(status, "<html>502 Bad Gateway</html>{\"Response\":".into())
        }
        Some(Fault::Truncated) => {
            let full = Bytes::from(a.body);
            let half = full.slice(..full.len() / 2);
            with_body(
                status,
                Body::Cut {
                    part: Some(half),
                    declared: full.len() as u64,
                },
            )
        }
        Some(Fault::Oversized) => {
            let size = state
                .config
                .faults
                .as_ref()
                .map(|f| f.oversized_bytes)
                .unwrap_or(0);
            with_body(
                status,
                Body::Repeat {
                    chunk: Bytes::from_static(&[b' '; 64 << 10]),
                    left: size,
                },
            )
        }
        _ => plain(status, a.body),
    };
    for (name, value) in a.headers {
        let name = hyper::header::HeaderName::from_bytes(name.as_bytes());
        if let (Ok(n), Ok(v)) = (name, hyper::header::HeaderValue::from_str(&value)) {
            resp.headers_mut().insert(n, v);
        }
    }
    Ok(resp)
}

fn plain(status: StatusCode, body: String) -> Response<Body> {
    with_body(status, Body::Full(Some(Bytes::from(body))))
}

fn with_body(status: StatusCode, body: Body) -> Response<Body> {
    let mut resp = Response::new(body);
    *resp.status_mut() = status;
    resp.headers_mut().insert(
        hyper::header::CONTENT_TYPE,
        hyper::header::HeaderValue::from_static("application/json; charset=utf-8"),
    );
    resp
}

/// A response body: whole, a chunk repeated (oversized answers without holding them), or
/// cut short of its declared length (truncated answers).
enum Body {
    Full(Option<Bytes>),
    Repeat { chunk: Bytes, left: usize },
    Cut { part: Option<Bytes>, declared: u64 },
}

impl hyper::body::Body for Body {
    type Data = Bytes;
    type Error = std::io::Error;

    fn poll_frame(
        self: std::pin::Pin<&mut Self>,
        _cx: &mut std::task::Context<'_>,
    ) -> std::task::Poll<Option<Result<hyper::body::Frame<Bytes>, std::io::Error>>> {
        use hyper::body::Frame;
        std::task::Poll::Ready(match self.get_mut() {
            Body::Full(b) => b.take().map(|b| Ok(Frame::data(b))),
            Body::Repeat { chunk, left } => {
                if *left == 0 {
                    None
                } else {
                    let n = (*left).min(chunk.len());
                    *left -= n;
                    Some(Ok(Frame::data(chunk.slice(..n))))
                }
            }
            Body::Cut { part, .. } => match part.take() {
                Some(p) => Some(Ok(Frame::data(p))),
                None => Some(Err(std::io::Error::other("injected fault: body cut short"))),
            },
        })
    }

    fn size_hint(&self) -> hyper::body::SizeHint {
        match self {
            Body::Full(b) => {
                hyper::body::SizeHint::with_exact(b.as_ref().map_or(0, |b| b.len() as u64))
            }
            Body::Repeat { left, .. } => hyper::body::SizeHint::with_exact(*left as u64),
            Body::Cut { declared, .. } => hyper::body::SizeHint::with_exact(*declared),
        }
    }
}

/// A running mock. Dropping it (or [`MockHandle::shutdown`]) stops the server.
pub struct MockHandle {
    addr: SocketAddr,
    refusing: Option<refusing::Bound>,
    state: Arc<State>,
    stop: Option<tokio::sync::oneshot::Sender<()>>,
    thread: Option<JoinHandle<()>>,
}

impl MockHandle {
    /// The address the mock listens on (with the port chosen for port 0).
    pub fn addr(&self) -> SocketAddr {
        self.addr
    }

    /// An address on the mock's interface where nothing listens while the mock runs:
    /// connecting to it is refused. For clients that inject "connection refused".
    pub fn refusing_addr(&self) -> Option<SocketAddr> {
        self.refusing.as_ref().map(|b| b.addr)
    }

    /// Connections accepted so far (counted while faults are configured).
    pub fn connections_accepted(&self) -> u64 {
        self.state.fault_connections.load(Ordering::Relaxed)
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

    /// Every request logged since the last call, removing them from the log (long runs
    /// drain it so it does not grow).
    pub fn take_requests(&self) -> Vec<LoggedRequest> {
        self.state.take_requests()
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
