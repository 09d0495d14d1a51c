//! No personal data in logs: `pathway serve` at the most verbose level it allows
//! (`PATHWAY_LOG=trace`) is signed in to, shows a named worker, refuses an import whose
//! bad row names a worker, and answers an API call made with a token, and its log holds
//! none of the worker's details, the password, the token or the session.

use std::io::{Read, Write};
use std::net::{TcpListener, TcpStream};
use std::process::{Child, Command};
use std::time::{Duration, Instant};

use crate::support::{Scratch, read_csv};

/// A `pathway serve` process writing its log to a file, stopped when dropped.
struct Server {
    child: Child,
    port: u16,
}

impl Drop for Server {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

/// One HTTP/1.1 answer: the status, the `Set-Cookie` values and the body.
struct Answer {
    status: u16,
    cookies: Vec<String>,
    body: String,
}

fn http(port: u16, method: &str, path: &str, headers: &[(&str, String)], body: &[u8]) -> Answer {
    let mut stream = TcpStream::connect(("127.0.0.1", port)).expect("the server listens");
    stream
        .set_read_timeout(Some(Duration::from_secs(60)))
        .unwrap();
    let mut request =
        format!("{method} {path} HTTP/1.1\r\nHost: 127.0.0.1:{port}\r\nConnection: close\r\n");
    for (name, value) in headers {
        request.push_str(&format!("{name}: {value}\r\n"));
    }
    request.push_str(&format!("Content-Length: {}\r\n\r\n", body.len()));
    let mut bytes = request.into_bytes();
    bytes.extend_from_slice(body);
    stream.write_all(&bytes).unwrap();
    let mut response = Vec::new();
    stream.read_to_end(&mut response).unwrap();
    let response = String::from_utf8_lossy(&response).into_owned();
    let (head, body) = response.split_once("\r\n\r\n").unwrap_or((&response, ""));
    Answer {
        status: head
            .split(' ')
            .nth(1)
            .and_then(|code| code.parse().ok())
            .unwrap_or(0),
        cookies: head
            .lines()
            .filter_map(|line| {
                let (name, value) = line.split_once(':')?;
                name.eq_ignore_ascii_case("set-cookie")
                    .then(|| value.trim().split(';').next().unwrap_or("").to_owned())
            })
            .collect(),
        body: body.to_owned(),
    }
}

fn hidden_value(page: &str, name: &str) -> String {
    let marker = format!("name=\"{name}\" value=\"");
    let start = page.find(&marker).expect("the form carries the field") + marker.len();
    page[start..].split('"').next().unwrap().to_owned()
}

fn start(scratch: &Scratch, log: &std::path::Path) -> Server {
    let port = TcpListener::bind("127.0.0.1:0")
        .unwrap()
        .local_addr()
        .unwrap()
        .port();
    let child = Command::new(env!("CARGO_BIN_EXE_pathway"))
        .args(["serve", "--addr", &format!("127.0.0.1:{port}")])
        .env("PATHWAY_DATABASE", scratch.database())
        .env("PATHWAY_LOG", "trace")
        .env("NO_COLOR", "1")
        .stdout(std::fs::File::create(log).unwrap())
        .stderr(std::fs::File::options().append(true).open(log).unwrap())
        .spawn()
        .expect("pathway serve starts");
    let mut server = Server { child, port };
    let started = Instant::now();
    loop {
        if let Some(status) = server.child.try_wait().unwrap() {
            panic!("the server stopped: {status}");
        }
        if TcpStream::connect(("127.0.0.1", port)).is_ok()
            && http(port, "GET", "/health", &[], b"").status == 200
        {
            return server;
        }
        assert!(
            started.elapsed() < Duration::from_secs(60),
            "the server did not start"
        );
        std::thread::sleep(Duration::from_millis(50));
    }
}

fn cookie_header(cookies: &[String]) -> (&'static str, String) {
    ("Cookie", cookies.join("; "))
}

#[test]
fn the_server_log_at_its_most_verbose_holds_no_personal_data_password_token_or_session() {
    let scratch = Scratch::new();
    scratch.pathway_ok(&[
        "demo",
        "--seed",
        "5",
        "--years",
        "1",
        "--until",
        "2024-09-30",
    ]);
    // One worker's details, from the export.
    let export = scratch.path("export");
    scratch.pathway_ok(&["export", export.to_str().unwrap()]);
    let workers = read_csv(&export.join("workers.csv"));
    let column = |name: &str| workers[0].iter().position(|c| c == name).unwrap();
    // A worker whose names are long enough not to turn up by chance inside other words.
    let worker = workers[1..]
        .iter()
        .find(|row| row[column("given_name")].len() >= 4 && row[column("family_name")].len() >= 6)
        .expect("a worker with longer names");
    let (id, given, family, swe, born) = (
        worker[column("worker_id")].clone(),
        worker[column("given_name")].clone(),
        worker[column("family_name")].clone(),
        worker[column("swe_number")].clone(),
        worker[column("date_of_birth")].clone(),
    );
    let email = "lead@demo.pathway.example";
    let password = "pathway-demo-password";

    let log = scratch.path("server.log");
    let server = start(&scratch, &log);
    let port = server.port;

    // Sign in.
    let form = http(port, "GET", "/sign-in", &[], b"");
    let csrf = hidden_value(&form.body, "csrf_token");
    let body = format!("email=lead%40demo.pathway.example&password={password}&csrf_token={csrf}");
    let form_type = (
        "Content-Type",
        "application/x-www-form-urlencoded".to_owned(),
    );
    let signed_in = http(
        port,
        "POST",
        "/sign-in",
        &[cookie_header(&form.cookies), form_type.clone()],
        body.as_bytes(),
    );
    assert_eq!(signed_in.status, 303, "{}", signed_in.body);
    let session: Vec<String> = signed_in
        .cookies
        .iter()
        .filter(|cookie| cookie.starts_with("pathway_session=") && cookie.len() > 16)
        .cloned()
        .collect();
    assert_eq!(session.len(), 1);
    let session_id = session[0].trim_start_matches("pathway_session=").to_owned();

    // The worker's page, and a list asked for with their name in the query string.
    let page = http(
        port,
        "GET",
        &format!("/workers/{id}"),
        &[cookie_header(&session)],
        b"",
    );
    assert_eq!(page.status, 200);
    assert!(page.body.contains(&family), "the page shows the worker");
    let query = format!(
        "/workers?search={given}+{family}&email={}",
        email.replace('@', "%40")
    );
    http(port, "GET", &query, &[cookie_header(&session)], b"");

    // An import refused because of a bad row naming the worker.
    let import_form = http(port, "GET", "/import", &[cookie_header(&session)], b"");
    let csrf = hidden_value(&import_form.body, "csrf_token");
    let header = workers[0].join(",");
    let mut bad = worker.clone();
    bad[column("date_of_birth")] = format!("born {born}");
    let csv = format!("{header}\n{}\n", bad.join(","));
    // Every upload needs employments.csv too: the worker's own.
    let employments: Vec<String> = read_csv(&export.join("employments.csv"))
        .iter()
        .enumerate()
        .filter(|(number, row)| *number == 0 || row.contains(&id))
        .map(|(_, row)| row.join(","))
        .collect();
    let employments = employments.join("\n") + "\n";
    let boundary = "pathway-log-test-boundary";
    let file = |name: &str, content: &str| {
        format!(
            "--{boundary}\r\nContent-Disposition: form-data; name=\"file\"; filename=\"{name}\"\r\n\
             Content-Type: text/csv\r\n\r\n{content}\r\n"
        )
    };
    let multipart = format!(
        "--{boundary}\r\nContent-Disposition: form-data; name=\"csrf_token\"\r\n\r\n{csrf}\r\n\
         {}{}--{boundary}--\r\n",
        file("workers.csv", &csv),
        file("employments.csv", &employments)
    );
    let refused = http(
        port,
        "POST",
        "/import",
        &[
            cookie_header(&session),
            (
                "Content-Type",
                format!("multipart/form-data; boundary={boundary}"),
            ),
        ],
        multipart.as_bytes(),
    );
    assert!(
        refused.body.contains("date_of_birth") || refused.body.contains("date of birth"),
        "the import is refused for the date of birth: {} {}",
        refused.status,
        refused.body
    );

    // An API call with a token.
    let tokens = http(
        port,
        "GET",
        "/account/tokens",
        &[cookie_header(&session)],
        b"",
    );
    let csrf = hidden_value(&tokens.body, "csrf_token");
    let made = http(
        port,
        "POST",
        "/account/tokens",
        &[cookie_header(&session), form_type],
        format!("name=log+test&csrf_token={csrf}").as_bytes(),
    );
    let start = made
        .body
        .find("id=\"new-token\">")
        .expect("the new token is shown")
        + 15;
    let token = made.body[start..].split('<').next().unwrap().to_owned();
    let api = http(
        port,
        "GET",
        &format!("/api/v1/workers/{id}"),
        &[("Authorization", format!("Bearer {token}"))],
        b"",
    );
    assert_eq!(api.status, 200, "{}", api.body);
    assert!(api.body.contains(&swe), "the API gives the worker's record");

    drop(server);
    let logged = std::fs::read_to_string(&log).unwrap();
    assert!(
        !logged.is_empty(),
        "the server logged something at trace level"
    );
    let full_name = format!("{given} {family}");
    for (what, secret) in [
        ("name", full_name.as_str()),
        ("given name", given.as_str()),
        ("family name", family.as_str()),
        ("SWE number", swe.as_str()),
        ("date of birth", born.as_str()),
        ("email address", email),
        ("password", password),
        ("API token", token.as_str()),
        ("session id", session_id.as_str()),
        ("CSRF token", csrf.as_str()),
    ] {
        assert!(
            !logged.contains(secret),
            "the log holds the {what} {secret:?}:\n{logged}"
        );
    }
    assert!(!logged.contains("search="), "the log holds a query string");
}
