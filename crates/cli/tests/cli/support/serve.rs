//! A real `pathway serve` process, for the tests that need the server as a process (to
//! kill it, to run two at once, to read its log), and a plain HTTP/1.1 client for it:
//! one request per connection, so a test sees exactly what the server sent.

use std::io::{Read, Write};
use std::net::{TcpListener, TcpStream};
use std::path::Path;
use std::process::{Child, Command, Stdio};
use std::time::{Duration, Instant};

/// A `pathway serve` process; killed when dropped.
pub struct Server {
    child: Child,
    pub port: u16,
}

impl Drop for Server {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

impl Server {
    /// Starts a server on `database` (its log, warnings only, on the test's standard
    /// error) and waits until it answers its health check.
    pub fn start(database: &str) -> Server {
        let mut server = Server::spawn(database, &[("PATHWAY_LOG", "warn")], None);
        server.wait_until_healthy();
        server
    }

    /// Starts a server without waiting for it, so that several can start together;
    /// `log` takes its standard output and error, else they go to the test's.
    pub fn spawn(database: &str, env: &[(&str, &str)], log: Option<&Path>) -> Server {
        let port = TcpListener::bind("127.0.0.1:0")
            .unwrap()
            .local_addr()
            .unwrap()
            .port();
        let mut command = Command::new(env!("CARGO_BIN_EXE_pathway"));
        command
            .args(["serve", "--addr", &format!("127.0.0.1:{port}")])
            .env("PATHWAY_DATABASE", database)
            .envs(env.iter().copied());
        match log {
            Some(log) => command
                .stdout(std::fs::File::create(log).unwrap())
                .stderr(std::fs::File::options().append(true).open(log).unwrap()),
            None => command.stdout(Stdio::null()).stderr(Stdio::inherit()),
        };
        let child = command.spawn().expect("pathway serve starts");
        Server { child, port }
    }

    /// Waits until the server answers `/health`; fails the test if it stops first or
    /// takes over a minute.
    pub fn wait_until_healthy(&mut self) {
        let started = Instant::now();
        loop {
            if let Some(status) = self.child.try_wait().unwrap() {
                panic!("the server on port {} stopped: {status}", self.port);
            }
            if try_exchange(self.port, "GET", "/health", &[], None)
                .is_some_and(|answer| answer.status == 200)
            {
                return;
            }
            assert!(
                started.elapsed() < Duration::from_secs(60),
                "the server on port {} did not become healthy",
                self.port
            );
            std::thread::sleep(Duration::from_millis(20));
        }
    }

    /// SIGKILL: `Child::kill` sends SIGKILL on Unix, so the server gets no chance to
    /// finish anything.
    pub fn kill(mut self) {
        self.child.kill().unwrap();
        let status = self.child.wait().unwrap();
        #[cfg(unix)]
        {
            use std::os::unix::process::ExitStatusExt;
            assert_eq!(status.signal(), Some(9), "killed by SIGKILL");
        }
    }
}

/// One HTTP/1.1 answer: its status, the `Set-Cookie` values (name=value) and the body.
pub struct Answer {
    pub status: u16,
    pub cookies: Vec<String>,
    pub body: String,
}

/// Sends one request with `body` as `(content type, bytes)` (an empty type sends no
/// `Content-Type`); `None` when the connection failed or was cut (the server died).
pub fn try_exchange(
    port: u16,
    method: &str,
    path: &str,
    headers: &[(&str, String)],
    body: Option<(&str, &[u8])>,
) -> Option<Answer> {
    let mut stream = TcpStream::connect(("127.0.0.1", port)).ok()?;
    stream
        .set_read_timeout(Some(Duration::from_secs(120)))
        .unwrap();
    let mut request =
        format!("{method} {path} HTTP/1.1\r\nHost: 127.0.0.1:{port}\r\nConnection: close\r\n");
    for (name, value) in headers {
        request.push_str(&format!("{name}: {value}\r\n"));
    }
    let (kind, bytes) = body.unwrap_or(("", b""));
    if !kind.is_empty() {
        request.push_str(&format!("Content-Type: {kind}\r\n"));
    }
    request.push_str(&format!("Content-Length: {}\r\n\r\n", bytes.len()));
    let mut message = request.into_bytes();
    message.extend_from_slice(bytes);
    stream.write_all(&message).ok()?;
    let mut response = Vec::new();
    stream.read_to_end(&mut response).ok()?;
    let response = String::from_utf8_lossy(&response).into_owned();
    let (head, body) = response.split_once("\r\n\r\n")?;
    let status = head.split(' ').nth(1)?.parse().ok()?;
    let cookies = head
        .lines()
        .filter_map(|line| {
            let (name, value) = line.split_once(':')?;
            name.eq_ignore_ascii_case("set-cookie")
                .then(|| value.trim().split(';').next().unwrap_or("").to_owned())
        })
        .collect();
    Some(Answer {
        status,
        cookies,
        body: body.to_owned(),
    })
}

/// One request carrying `cookies` and, if given, a url-encoded `form`; fails the test
/// if the server does not answer.
pub fn http(port: u16, method: &str, path: &str, cookies: &[String], form: Option<&str>) -> Answer {
    let mut headers = Vec::new();
    if !cookies.is_empty() {
        headers.push(("Cookie", cookies.join("; ")));
    }
    let body = form.map(|form| ("application/x-www-form-urlencoded", form.as_bytes()));
    try_exchange(port, method, path, &headers, body).expect("the server answers")
}

/// The value of a form's hidden field, such as `csrf_token`.
pub fn hidden_value(page: &str, name: &str) -> String {
    let marker = format!("name=\"{name}\" value=\"");
    let start = page
        .find(&marker)
        .unwrap_or_else(|| panic!("no {name} on the page: {page}"))
        + marker.len();
    page[start..].split('"').next().unwrap().to_owned()
}

/// A value percent-encoded for a url-encoded form.
pub fn form_value(text: &str) -> String {
    text.bytes()
        .map(|byte| match byte {
            b'A'..=b'Z' | b'a'..=b'z' | b'0'..=b'9' | b'-' | b'.' | b'_' | b'~' => {
                char::from(byte).to_string()
            }
            _ => format!("%{byte:02X}"),
        })
        .collect()
}

/// Signs in on the sign-in form and returns the session cookie.
pub fn sign_in(port: u16, email: &str, password: &str) -> Vec<String> {
    let form = http(port, "GET", "/sign-in", &[], None);
    assert_eq!(form.status, 200);
    let body = format!(
        "email={}&password={}&csrf_token={}",
        form_value(email),
        form_value(password),
        hidden_value(&form.body, "csrf_token")
    );
    let signed_in = http(port, "POST", "/sign-in", &form.cookies, Some(&body));
    assert_eq!(signed_in.status, 303, "signed in: {}", signed_in.body);
    let session: Vec<String> = signed_in
        .cookies
        .into_iter()
        .filter(|cookie| cookie.starts_with("pathway_session=") && !cookie.ends_with('='))
        .collect();
    assert_eq!(session.len(), 1, "a session cookie is set");
    session
}

/// Makes an API token called `name` on the tokens page, as a user does, and returns it.
pub fn api_token(port: u16, session: &[String], name: &str) -> String {
    let form = http(port, "GET", "/account/tokens", session, None);
    let body = format!(
        "name={}&csrf_token={}",
        form_value(name),
        hidden_value(&form.body, "csrf_token")
    );
    let page = http(port, "POST", "/account/tokens", session, Some(&body));
    let marker = "id=\"new-token\">";
    let start = page.body.find(marker).expect("the new token on the page") + marker.len();
    page.body[start..]
        .split('<')
        .next()
        .unwrap()
        .trim()
        .to_owned()
}
