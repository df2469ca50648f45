//! `postil serve`: the app, built into this binary, served on 127.0.0.1 to this machine's
//! browser, for people who would rather not put it on a web host.
//!
//! A small HTTP/1.1 server over `std::net`: GET and HEAD of the embedded files only (nothing is
//! read from disk, so no request can reach another file), one thread per connection, each
//! answer closing its connection. It listens on 127.0.0.1 alone and answers only requests
//! addressed to it (the Host header), so a web page elsewhere cannot reach it under another
//! name (DNS rebinding).
//!
//! The browser keeps Postil's work per address, port included: the same port each time keeps
//! the same documents. So the port is fixed ([`DEFAULT_PORT`]) unless `--port` says otherwise;
//! when it is taken, a free one is used and the person is told their work there is separate.

use std::io::{BufRead, BufReader, Read, Write};
use std::net::{Ipv4Addr, TcpListener, TcpStream};
use std::time::Duration;

include!(concat!(env!("OUT_DIR"), "/app_files.rs"));

/// The port `postil serve` uses unless told otherwise.
pub const DEFAULT_PORT: u16 = 8717;
/// What `postil serve` says when this binary has no app in it.
pub const NO_APP: &str =
    "this postil was built without the app; build it with `make dist` (target/release/postil)";
/// The longest request head read (request line and headers).
const MAX_HEAD: usize = 16 * 1024;
/// How long a connection may take to send its request.
const READ_TIMEOUT: Duration = Duration::from_secs(10);
/// How long a whole request head may take, however slowly its bytes come.
const HEAD_DEADLINE: Duration = Duration::from_secs(20);
/// How long an answer may wait on a client that does not read it.
const WRITE_TIMEOUT: Duration = Duration::from_secs(30);

/// An answer to one request.
#[derive(Debug, PartialEq, Eq)]
pub struct Reply {
    pub status: u16,
    pub content_type: &'static str,
    pub body: &'static [u8],
    /// HEAD: the headers only.
    pub head_only: bool,
}

impl Reply {
    fn status(status: u16) -> Reply {
        let body: &'static [u8] = match status {
            400 => b"Bad request\n",
            404 => b"Not found\n",
            405 => b"Only GET and HEAD\n",
            421 => b"Not this server's address\n",
            _ => b"",
        };
        Reply {
            status,
            content_type: "text/plain; charset=utf-8",
            body,
            head_only: false,
        }
    }

    /// The bytes sent back: status line, headers, then the body unless HEAD.
    pub fn to_bytes(&self) -> Vec<u8> {
        let reason = match self.status {
            200 => "OK",
            400 => "Bad Request",
            404 => "Not Found",
            405 => "Method Not Allowed",
            421 => "Misdirected Request",
            _ => "Error",
        };
        let mut out = format!(
            "HTTP/1.1 {} {reason}\r\nContent-Type: {}\r\nContent-Length: {}\r\n\
             Cache-Control: no-cache\r\nX-Content-Type-Options: nosniff\r\nConnection: close\r\n",
            self.status,
            self.content_type,
            self.body.len()
        );
        if self.status == 405 {
            out.push_str("Allow: GET, HEAD\r\n");
        }
        out.push_str("\r\n");
        let mut bytes = out.into_bytes();
        if !self.head_only {
            bytes.extend_from_slice(self.body);
        }
        bytes
    }
}

/// The media type of a file, by its name's ending. Browsers compile wasm only when it comes
/// as `application/wasm`, and run a service worker only when it comes as JavaScript.
pub fn media_type(name: &str) -> &'static str {
    match name.rsplit_once('.').map(|(_, ext)| ext) {
        Some("html") => "text/html; charset=utf-8",
        Some("js") => "text/javascript; charset=utf-8",
        Some("wasm") => "application/wasm",
        Some("css") => "text/css; charset=utf-8",
        Some("json") => "application/json",
        Some("webmanifest") => "application/manifest+json",
        Some("svg") => "image/svg+xml",
        Some("png") => "image/png",
        _ => "application/octet-stream",
    }
}

/// The answer to a request whose head (request line and headers, without the blank line) is
/// `head`, from `files`, for a server at `hosts` (the Host values it answers to).
pub fn answer(head: &str, files: &[(&'static str, &'static [u8])], hosts: &[String]) -> Reply {
    let mut lines = head.split("\r\n");
    let mut parts = lines.next().unwrap_or("").split(' ');
    let (Some(method), Some(target), Some(version), None) =
        (parts.next(), parts.next(), parts.next(), parts.next())
    else {
        return Reply::status(400);
    };
    if !version.starts_with("HTTP/1.") || !target.starts_with('/') {
        return Reply::status(400);
    }
    let host = lines.find_map(|l| {
        let (name, value) = l.split_once(':')?;
        name.trim()
            .eq_ignore_ascii_case("host")
            .then(|| value.trim())
    });
    if !host.is_some_and(|h| hosts.iter().any(|ok| ok.eq_ignore_ascii_case(h))) {
        return Reply::status(421);
    }
    let head_only = match method {
        "GET" => false,
        "HEAD" => true,
        _ => return Reply::status(405),
    };
    let path = target.split(['?', '#']).next().unwrap_or("");
    let Some(path) = percent_decode(&path[1..]) else {
        return Reply::status(400);
    };
    let name = if path.is_empty() || path.ends_with('/') {
        format!("{path}index.html")
    } else {
        path
    };
    match files.iter().find(|(n, _)| *n == name) {
        Some((n, body)) => Reply {
            status: 200,
            content_type: media_type(n),
            body,
            head_only,
        },
        None => Reply {
            head_only,
            ..Reply::status(404)
        },
    }
}

/// `%XX` escapes decoded; `None` for a broken escape or bytes that are not UTF-8.
fn percent_decode(s: &str) -> Option<String> {
    let bytes = s.as_bytes();
    let mut out = Vec::with_capacity(bytes.len());
    let mut i = 0;
    while i < bytes.len() {
        if bytes[i] == b'%' {
            let hex = bytes.get(i + 1..i + 3)?;
            // Two hex digits exactly (`from_str_radix` alone would take "+1").
            if !hex.iter().all(u8::is_ascii_hexdigit) {
                return None;
            }
            out.push(u8::from_str_radix(std::str::from_utf8(hex).ok()?, 16).ok()?);
            i += 3;
        } else {
            out.push(bytes[i]);
            i += 1;
        }
    }
    String::from_utf8(out).ok()
}

/// `postil serve [--port N]`: serves until stopped. `Err` with a sentence when it cannot.
pub fn run(port: Option<u16>) -> Result<(), String> {
    if APP_FILES.is_empty() {
        return Err(NO_APP.to_string());
    }
    let listener = match port {
        Some(p) => TcpListener::bind((Ipv4Addr::LOCALHOST, p))
            .map_err(|e| format!("cannot listen on 127.0.0.1:{p}: {e}"))?,
        None => match TcpListener::bind((Ipv4Addr::LOCALHOST, DEFAULT_PORT)) {
            Ok(l) => l,
            Err(_) => {
                let l = TcpListener::bind((Ipv4Addr::LOCALHOST, 0))
                    .map_err(|e| format!("cannot listen on 127.0.0.1: {e}"))?;
                eprintln!(
                    "postil: port {DEFAULT_PORT} is taken, so another one is used: the browser keeps work per address, so documents saved at http://127.0.0.1:{DEFAULT_PORT}/ are not shown here (stop what uses {DEFAULT_PORT}, or pass --port N to choose)"
                );
                l
            }
        },
    };
    let port = listener
        .local_addr()
        .map_err(|e| format!("cannot read the address listened on: {e}"))?
        .port();
    let hosts: Vec<String> = vec![format!("127.0.0.1:{port}"), format!("localhost:{port}")];
    println!("Postil is at http://127.0.0.1:{port}/ (Ctrl+C stops it)");
    // A pipe (a test, a script) reads the address at once.
    std::io::stdout().flush().ok();
    let hosts = std::sync::Arc::new(hosts);
    for stream in listener.incoming() {
        let Ok(stream) = stream else {
            // Out of file descriptors, say: wait a moment rather than spin.
            std::thread::sleep(Duration::from_millis(50));
            continue;
        };
        let hosts = hosts.clone();
        std::thread::spawn(move || {
            // A connection that breaks off is that browser's business, not the server's.
            let _ = serve_one(stream, &hosts);
        });
    }
    Ok(())
}

/// Reads one request head and answers it.
fn serve_one(mut stream: TcpStream, hosts: &[String]) -> std::io::Result<()> {
    stream.set_read_timeout(Some(READ_TIMEOUT))?;
    stream.set_write_timeout(Some(WRITE_TIMEOUT))?;
    let started = std::time::Instant::now();
    let mut reader = BufReader::new((&stream).take(MAX_HEAD as u64));
    let mut head = String::new();
    // Byte by byte rather than `read_line`, so a head that is not UTF-8 is answered (400)
    // rather than dropped.
    let complete = loop {
        if started.elapsed() > HEAD_DEADLINE {
            break false;
        }
        let mut line = Vec::new();
        if reader.read_until(b'\n', &mut line)? == 0 || !line.ends_with(b"\n") {
            break false;
        }
        let Ok(line) = std::str::from_utf8(&line) else {
            break false;
        };
        if line == "\r\n" || line == "\n" {
            break true;
        }
        head.push_str(line.trim_end_matches(['\r', '\n']));
        head.push_str("\r\n");
    };
    let reply = if complete {
        answer(head.trim_end(), APP_FILES, hosts)
    } else {
        Reply::status(400)
    };
    stream.write_all(&reply.to_bytes())?;
    stream.flush()
}

#[cfg(test)]
mod tests {
    use super::*;

    const FILES: &[(&str, &[u8])] = &[
        ("index.html", b"<!doctype html>"),
        ("app_bg.wasm", b"\0asm"),
        ("sw.js", b"// sw"),
        ("a b.css", b"p{}"),
    ];

    fn hosts() -> Vec<String> {
        vec!["127.0.0.1:8717".into(), "localhost:8717".into()]
    }

    fn get(target: &str) -> Reply {
        answer(
            &format!("GET {target} HTTP/1.1\r\nHost: 127.0.0.1:8717"),
            FILES,
            &hosts(),
        )
    }

    #[test]
    fn answers_each_request_as_it_should() {
        // (request target, status, media type)
        let cases: &[(&str, u16, &str)] = &[
            ("/", 200, "text/html; charset=utf-8"),
            ("/?panic-test", 200, "text/html; charset=utf-8"),
            ("/index.html#x", 200, "text/html; charset=utf-8"),
            ("/app_bg.wasm", 200, "application/wasm"),
            ("/sw.js", 200, "text/javascript; charset=utf-8"),
            ("/a%20b.css", 200, "text/css; charset=utf-8"),
            ("/missing.js", 404, "text/plain; charset=utf-8"),
            ("/../Cargo.toml", 404, "text/plain; charset=utf-8"),
            ("/%2e%2e/etc/passwd", 404, "text/plain; charset=utf-8"),
            ("/sub/", 404, "text/plain; charset=utf-8"),
            ("/%zz", 400, "text/plain; charset=utf-8"),
            ("/%ff", 400, "text/plain; charset=utf-8"),
            ("index.html", 400, "text/plain; charset=utf-8"),
        ];
        for (target, status, media) in cases {
            let r = get(target);
            assert_eq!((r.status, r.content_type), (*status, *media), "{target}");
        }
        assert_eq!(get("/app_bg.wasm").body, b"\0asm");
    }

    #[test]
    fn refuses_other_methods_hosts_and_malformed_heads() {
        let h = hosts();
        let cases: &[(&str, u16)] = &[
            ("GET /%+1 HTTP/1.1\r\nHost: 127.0.0.1:8717", 400),
            ("POST / HTTP/1.1\r\nHost: 127.0.0.1:8717", 405),
            ("GET / HTTP/1.1\r\nHost: localhost:8717", 200),
            ("GET / HTTP/1.1\r\nhost:  LOCALHOST:8717 ", 200),
            ("GET / HTTP/1.1\r\nHost: evil.example:8717", 421),
            ("GET / HTTP/1.1\r\nHost: 127.0.0.1:9999", 421),
            ("GET / HTTP/1.1", 421),
            ("GET / HTTP/2\r\nHost: 127.0.0.1:8717", 400),
            ("GET /  HTTP/1.1\r\nHost: 127.0.0.1:8717", 400),
            ("", 400),
        ];
        for (head, status) in cases {
            assert_eq!(answer(head, FILES, &h).status, *status, "{head:?}");
        }
    }

    #[test]
    fn head_sends_headers_only_and_every_answer_closes() {
        let r = answer(
            "HEAD /sw.js HTTP/1.1\r\nHost: 127.0.0.1:8717",
            FILES,
            &hosts(),
        );
        let text = String::from_utf8(r.to_bytes()).expect("ascii");
        assert!(text.starts_with("HTTP/1.1 200 OK\r\n"), "{text}");
        assert!(text.contains("\r\nContent-Length: 5\r\n"), "{text}");
        assert!(text.contains("\r\nConnection: close\r\n"), "{text}");
        assert!(
            text.ends_with("\r\n\r\n"),
            "no body after the headers: {text}"
        );
        let full = get("/sw.js").to_bytes();
        assert!(full.ends_with(b"\r\n\r\n// sw"));
        let refused = answer("PUT / HTTP/1.1\r\nHost: 127.0.0.1:8717", FILES, &hosts());
        assert!(String::from_utf8(refused.to_bytes())
            .expect("ascii")
            .contains("\r\nAllow: GET, HEAD\r\n"));
    }
}
