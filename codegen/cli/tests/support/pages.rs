//! A doc site on loopback for `docsdk fetch` / `docsdk sync` tests: pages served by path with
//! an ETag (a 304 to a matching `If-None-Match`), their bodies and statuses changeable between
//! runs, and a log of the requests.

use std::collections::HashMap;
use std::io::{BufRead, BufReader, Write};
use std::net::{SocketAddr, TcpListener, TcpStream};
use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::{Arc, Mutex};

/// What the site answers for one path.
#[derive(Clone)]
pub struct Served {
    pub status: u16,
    pub body: String,
    pub content_type: &'static str,
}

#[derive(Default)]
struct Site {
    pages: HashMap<String, Served>,
    /// (path, If-None-Match) per request.
    log: Vec<(String, Option<String>)>,
}

pub struct PageServer {
    addr: SocketAddr,
    site: Arc<Mutex<Site>>,
    stop: Arc<AtomicBool>,
}

impl PageServer {
    pub fn start() -> PageServer {
        let listener = TcpListener::bind("127.0.0.1:0").expect("bind loopback");
        let addr = listener.local_addr().expect("address");
        let site = Arc::new(Mutex::new(Site::default()));
        let stop = Arc::new(AtomicBool::new(false));
        let (site_ref, stop_ref) = (site.clone(), stop.clone());
        std::thread::spawn(move || {
            for stream in listener.incoming() {
                if stop_ref.load(Ordering::SeqCst) {
                    break;
                }
                if let Ok(stream) = stream {
                    let site = site_ref.clone();
                    std::thread::spawn(move || answer(stream, &site));
                }
            }
        });
        PageServer { addr, site, stop }
    }

    pub fn url(&self, path: &str) -> String {
        format!("http://{}{path}", self.addr)
    }

    /// Serves `body` at `path` with status 200.
    pub fn page(&self, path: &str, body: &str, content_type: &'static str) {
        self.serve(
            path,
            Served {
                status: 200,
                body: body.to_string(),
                content_type,
            },
        );
    }

    pub fn serve(&self, path: &str, served: Served) {
        let mut site = self.site.lock().expect("site");
        site.pages.insert(path.to_string(), served);
    }

    /// The requests so far: (path, If-None-Match).
    pub fn log(&self) -> Vec<(String, Option<String>)> {
        self.site.lock().expect("site").log.clone()
    }
}

impl Drop for PageServer {
    fn drop(&mut self) {
        self.stop.store(true, Ordering::SeqCst);
        // Wake the accept loop so it sees the flag.
        let _ = TcpStream::connect(self.addr);
    }
}

/// A strong ETag of the body (FNV-1a), so an unchanged body keeps its tag.
fn etag(body: &str) -> String {
    let hash = body.bytes().fold(0xcbf2_9ce4_8422_2325_u64, |h, b| {
        (h ^ u64::from(b)).wrapping_mul(0x100_0000_01b3)
    });
    format!("\"{hash:016x}\"")
}

fn answer(stream: TcpStream, site: &Mutex<Site>) {
    let mut reader = BufReader::new(match stream.try_clone() {
        Ok(s) => s,
        Err(_) => return,
    });
    let mut request_line = String::new();
    if reader.read_line(&mut request_line).is_err() {
        return;
    }
    let path = request_line
        .split_whitespace()
        .nth(1)
        .unwrap_or("/")
        .to_string();
    let mut if_none_match = None;
    loop {
        let mut line = String::new();
        if reader.read_line(&mut line).map_or(true, |n| n == 0) || line.trim().is_empty() {
            break;
        }
        if let Some((name, value)) = line.split_once(':') {
            if name.trim().eq_ignore_ascii_case("if-none-match") {
                if_none_match = Some(value.trim().to_string());
            }
        }
    }
    let served = {
        let mut site = site.lock().expect("site");
        site.log.push((path.clone(), if_none_match.clone()));
        site.pages.get(&path).cloned()
    };
    let response = match served {
        None => "HTTP/1.1 404 Not Found\r\nContent-Length: 0\r\nConnection: close\r\n\r\n".to_string(),
        Some(s) if s.status == 200 && if_none_match.as_deref() == Some(etag(&s.body).as_str()) => {
            format!(
                "HTTP/1.1 304 Not Modified\r\nETag: {}\r\nConnection: close\r\n\r\n",
                etag(&s.body)
            )
        }
        Some(s) => format!(
            "HTTP/1.1 {} X\r\nContent-Type: {}\r\nContent-Length: {}\r\nETag: {}\r\nConnection: close\r\n\r\n{}",
            s.status,
            s.content_type,
            s.body.len(),
            etag(&s.body),
            s.body
        ),
    };
    let mut stream = stream;
    let _ = stream.write_all(response.as_bytes());
}
