//! A small HTTP/1.1 server on loopback, written on raw TCP so tests can misbehave exactly:
//! cut a body short, stall, loop redirects, stream without end. Routes can be replaced
//! between runs; every request is recorded. Shared by the tests and the bench.

#![allow(dead_code)]

use std::collections::HashMap;
use std::hash::{Hash, Hasher};
use std::net::SocketAddr;
use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::{Arc, Mutex};
use std::time::Duration;
use tokio::io::{AsyncReadExt, AsyncWriteExt};
use tokio::net::{TcpListener, TcpStream};

/// A request as the server saw it (header names lower-cased).
#[derive(Debug, Clone)]
pub struct Req {
    pub path: String,
    pub headers: HashMap<String, String>,
}

impl Req {
    pub fn header(&self, name: &str) -> Option<&str> {
        self.headers.get(name).map(|s| s.as_str())
    }
}

/// What the server sends.
#[derive(Debug, Clone)]
pub enum Reply {
    /// A complete response with a Content-Length.
    Full {
        status: u16,
        headers: Vec<(String, String)>,
        body: Vec<u8>,
    },
    /// The reply, after a pause.
    Delay(Duration, Box<Reply>),
    /// Announces `declared` bytes, sends `body`, closes.
    Cut { declared: usize, body: Vec<u8> },
    /// Announces `declared` bytes, sends `body`, then stalls for `pause` before closing.
    Stall {
        declared: usize,
        body: Vec<u8>,
        pause: Duration,
    },
    /// A chunked body of `count` chunks of `chunk`, without a Content-Length.
    Chunked { chunk: Vec<u8>, count: usize },
}

impl Reply {
    pub fn status(status: u16, body: &str) -> Reply {
        Reply::Full {
            status,
            headers: vec![("Content-Type".into(), "text/html; charset=utf-8".into())],
            body: body.as_bytes().to_vec(),
        }
    }

    pub fn ok(body: &str) -> Reply {
        Reply::status(200, body)
    }

    pub fn with_header(mut self, name: &str, value: &str) -> Reply {
        if let Reply::Full { headers, .. } = &mut self {
            headers.push((name.into(), value.into()));
        }
        self
    }

    pub fn redirect(status: u16, to: &str) -> Reply {
        Reply::status(status, "").with_header("Location", to)
    }
}

/// Answers a request; the second argument is how many requests this path had before.
pub type Route = Arc<dyn Fn(&Req, usize) -> Reply + Send + Sync>;

/// A page with an ETag that answers 304 to a request that has it.
pub fn page(body: &str) -> Route {
    page_typed(body, "text/html; charset=utf-8")
}

pub fn page_typed(body: &str, content_type: &str) -> Route {
    let body = body.to_string();
    let ct = content_type.to_string();
    let mut h = std::collections::hash_map::DefaultHasher::new();
    body.hash(&mut h);
    let etag = format!("\"{:x}\"", h.finish());
    Arc::new(move |req: &Req, _| {
        if req.header("if-none-match") == Some(etag.as_str()) {
            return Reply::Full {
                status: 304,
                headers: vec![("ETag".into(), etag.clone())],
                body: Vec::new(),
            };
        }
        Reply::Full {
            status: 200,
            headers: vec![
                ("Content-Type".into(), ct.clone()),
                ("ETag".into(), etag.clone()),
            ],
            body: body.as_bytes().to_vec(),
        }
    })
}

/// A page with only a Last-Modified date, answering 304 to a request that sends it back.
pub fn page_dated(body: &str, last_modified: &str) -> Route {
    let body = body.to_string();
    let date = last_modified.to_string();
    Arc::new(move |req: &Req, _| {
        if req.header("if-modified-since") == Some(date.as_str()) {
            return Reply::Full {
                status: 304,
                headers: Vec::new(),
                body: Vec::new(),
            };
        }
        Reply::ok(&body).with_header("Last-Modified", &date)
    })
}

/// The same reply to every request.
pub fn always(reply: Reply) -> Route {
    Arc::new(move |_, _| reply.clone())
}

/// `first` replies in turn, then `then` answers.
pub fn seq(first: Vec<Reply>, then: Route) -> Route {
    Arc::new(move |req, n| match first.get(n) {
        Some(r) => r.clone(),
        None => then(req, n - first.len()),
    })
}

#[derive(Clone)]
pub struct Server {
    pub addr: SocketAddr,
    routes: Arc<Mutex<HashMap<String, Route>>>,
    log: Arc<Mutex<Vec<Req>>>,
    in_flight: Arc<AtomicUsize>,
    max_in_flight: Arc<AtomicUsize>,
}

impl Server {
    /// Starts on 127.0.0.1 with an OS-chosen port, on the current tokio runtime.
    pub async fn start() -> Server {
        let listener = TcpListener::bind("127.0.0.1:0")
            .await
            .expect("bind loopback");
        let server = Server {
            addr: listener.local_addr().expect("addr"),
            routes: Arc::default(),
            log: Arc::default(),
            in_flight: Arc::default(),
            max_in_flight: Arc::default(),
        };
        let s = server.clone();
        tokio::spawn(async move {
            while let Ok((sock, _)) = listener.accept().await {
                let s = s.clone();
                tokio::spawn(async move { s.serve(sock).await });
            }
        });
        server
    }

    pub fn url(&self, path: &str) -> String {
        format!("http://{}{path}", self.addr)
    }

    pub fn set(&self, path: &str, route: Route) {
        self.routes
            .lock()
            .expect("routes")
            .insert(path.to_string(), route);
    }

    /// Requests made for `path`, in order.
    pub fn requests(&self, path: &str) -> Vec<Req> {
        let log = self.log.lock().expect("log");
        log.iter().filter(|r| r.path == path).cloned().collect()
    }

    pub fn total_requests(&self) -> usize {
        self.log.lock().expect("log").len()
    }

    pub fn max_in_flight(&self) -> usize {
        self.max_in_flight.load(Ordering::SeqCst)
    }

    async fn serve(&self, mut sock: TcpStream) {
        let mut buf = Vec::new();
        loop {
            let Some(req) = read_head(&mut sock, &mut buf).await else {
                return;
            };
            let (route, n) = {
                let mut log = self.log.lock().expect("log");
                let n = log.iter().filter(|r| r.path == req.path).count();
                log.push(req.clone());
                (
                    self.routes.lock().expect("routes").get(&req.path).cloned(),
                    n,
                )
            };
            let reply = match route {
                Some(r) => r(&req, n),
                None => Reply::status(404, "<html><body>no such page</body></html>"),
            };
            let now = self.in_flight.fetch_add(1, Ordering::SeqCst) + 1;
            self.max_in_flight.fetch_max(now, Ordering::SeqCst);
            let keep = write_reply(&mut sock, reply).await;
            self.in_flight.fetch_sub(1, Ordering::SeqCst);
            if !keep {
                return;
            }
        }
    }
}

/// Reads one request head (GET: no body). `None` on EOF or garbage.
async fn read_head(sock: &mut TcpStream, buf: &mut Vec<u8>) -> Option<Req> {
    loop {
        if let Some(end) = buf.windows(4).position(|w| w == b"\r\n\r\n") {
            let head = String::from_utf8_lossy(&buf[..end]).to_string();
            buf.drain(..end + 4);
            let mut lines = head.split("\r\n");
            let path = lines.next()?.split(' ').nth(1)?.to_string();
            let headers = lines
                .filter_map(|l| l.split_once(':'))
                .map(|(k, v)| (k.trim().to_ascii_lowercase(), v.trim().to_string()))
                .collect();
            return Some(Req { path, headers });
        }
        if buf.len() > 64 * 1024 {
            return None;
        }
        let mut chunk = [0u8; 4096];
        let n = sock.read(&mut chunk).await.ok()?;
        if n == 0 {
            return None;
        }
        buf.extend_from_slice(&chunk[..n]);
    }
}

/// Writes a reply; whether the connection can serve another request.
async fn write_reply(sock: &mut TcpStream, mut reply: Reply) -> bool {
    while let Reply::Delay(d, inner) = reply {
        tokio::time::sleep(d).await;
        reply = *inner;
    }
    match reply {
        Reply::Full {
            status,
            headers,
            body,
        } => {
            let mut head = format!("HTTP/1.1 {status} X\r\nContent-Length: {}\r\n", body.len());
            for (k, v) in headers {
                head.push_str(&format!("{k}: {v}\r\n"));
            }
            head.push_str("\r\n");
            let mut out = head.into_bytes();
            out.extend_from_slice(&body);
            sock.write_all(&out).await.is_ok()
        }
        Reply::Cut { declared, body } => {
            let head = format!(
                "HTTP/1.1 200 OK\r\nContent-Type: text/html\r\nContent-Length: {declared}\r\n\r\n"
            );
            let _ = sock.write_all(head.as_bytes()).await;
            let _ = sock.write_all(&body).await;
            let _ = sock.flush().await;
            let _ = sock.shutdown().await;
            false
        }
        Reply::Stall {
            declared,
            body,
            pause,
        } => {
            let head = format!(
                "HTTP/1.1 200 OK\r\nContent-Type: text/html\r\nContent-Length: {declared}\r\n\r\n"
            );
            let _ = sock.write_all(head.as_bytes()).await;
            let _ = sock.write_all(&body).await;
            let _ = sock.flush().await;
            tokio::time::sleep(pause).await;
            false
        }
        Reply::Chunked { chunk, count } => {
            let head =
                "HTTP/1.1 200 OK\r\nContent-Type: text/html\r\nTransfer-Encoding: chunked\r\n\r\n";
            if sock.write_all(head.as_bytes()).await.is_err() {
                return false;
            }
            for _ in 0..count {
                let mut c = format!("{:x}\r\n", chunk.len()).into_bytes();
                c.extend_from_slice(&chunk);
                c.extend_from_slice(b"\r\n");
                if sock.write_all(&c).await.is_err() {
                    return false;
                }
            }
            sock.write_all(b"0\r\n\r\n").await.is_ok()
        }
        Reply::Delay(..) => false,
    }
}
