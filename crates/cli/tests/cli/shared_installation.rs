//! A shared installation: two `pathway serve` processes on one PostgreSQL database, as
//! behind a load balancer. Starting together they migrate the database once; a session
//! started on one server is valid on the other; both answer the health check.

use std::io::{Read, Write};
use std::net::{TcpListener, TcpStream};
use std::process::{Child, Command, Stdio};
use std::time::{Duration, Instant};

use pathway_store_conformance::fresh_postgres_database;

use crate::support::pathway_ok_on;

/// A `pathway serve` process, stopped when dropped.
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

fn free_port() -> u16 {
    TcpListener::bind("127.0.0.1:0")
        .unwrap()
        .local_addr()
        .unwrap()
        .port()
}

fn start_server(database: &str) -> Server {
    let port = free_port();
    let child = Command::new(env!("CARGO_BIN_EXE_pathway"))
        .args(["serve", "--addr", &format!("127.0.0.1:{port}")])
        .env("PATHWAY_DATABASE", database)
        .stdout(Stdio::null())
        .stderr(Stdio::inherit())
        .spawn()
        .expect("pathway serve starts");
    Server { child, port }
}

/// One HTTP/1.1 exchange: the status, the `Set-Cookie` values, and the body.
struct Answer {
    status: u16,
    cookies: Vec<String>,
    body: String,
}

fn http(port: u16, method: &str, path: &str, cookies: &[String], form: Option<&str>) -> Answer {
    let mut stream = TcpStream::connect(("127.0.0.1", port)).expect("the server listens");
    stream
        .set_read_timeout(Some(Duration::from_secs(30)))
        .unwrap();
    let mut request =
        format!("{method} {path} HTTP/1.1\r\nHost: 127.0.0.1:{port}\r\nConnection: close\r\n");
    if !cookies.is_empty() {
        request.push_str(&format!("Cookie: {}\r\n", cookies.join("; ")));
    }
    let body = form.unwrap_or("");
    if form.is_some() {
        request.push_str("Content-Type: application/x-www-form-urlencoded\r\n");
    }
    request.push_str(&format!("Content-Length: {}\r\n\r\n{body}", body.len()));
    stream.write_all(request.as_bytes()).unwrap();
    let mut response = Vec::new();
    stream.read_to_end(&mut response).unwrap();
    let response = String::from_utf8_lossy(&response).into_owned();
    let (head, body) = response.split_once("\r\n\r\n").unwrap_or((&response, ""));
    let status = head
        .split(' ')
        .nth(1)
        .and_then(|code| code.parse().ok())
        .unwrap_or(0);
    let cookies = head
        .lines()
        .filter_map(|line| {
            let (name, value) = line.split_once(':')?;
            name.eq_ignore_ascii_case("set-cookie")
                .then(|| value.trim().split(';').next().unwrap_or("").to_owned())
        })
        .collect();
    Answer {
        status,
        cookies,
        body: body.to_owned(),
    }
}

fn wait_until_healthy(server: &mut Server) {
    let started = Instant::now();
    loop {
        if let Some(status) = server.child.try_wait().unwrap() {
            panic!("the server on port {} stopped: {status}", server.port);
        }
        if TcpStream::connect(("127.0.0.1", server.port)).is_ok()
            && http(server.port, "GET", "/health", &[], None).status == 200
        {
            return;
        }
        assert!(
            started.elapsed() < Duration::from_secs(60),
            "the server on port {} did not become healthy",
            server.port
        );
        std::thread::sleep(Duration::from_millis(50));
    }
}

fn hidden_value(page: &str, name: &str) -> String {
    let marker = format!("name=\"{name}\" value=\"");
    let start = page.find(&marker).expect("the form carries the field") + marker.len();
    page[start..].split('"').next().unwrap().to_owned()
}

fn migrations_applied(database: &str) -> Vec<i64> {
    let runtime = tokio::runtime::Runtime::new().unwrap();
    runtime.block_on(async {
        let store = pathway_store_postgres::PostgresStore::open(database)
            .await
            .unwrap();
        let applied = store.applied_migrations().await.unwrap();
        store.close().await;
        applied
    })
}

fn migration_files() -> Vec<i64> {
    let folder = concat!(env!("CARGO_MANIFEST_DIR"), "/../store-postgres/migrations");
    let mut versions: Vec<i64> = std::fs::read_dir(folder)
        .unwrap()
        .map(|entry| {
            let name = entry.unwrap().file_name().into_string().unwrap();
            name.split('_').next().unwrap().parse().unwrap()
        })
        .collect();
    versions.sort_unstable();
    versions
}

#[test]
fn two_servers_on_one_postgresql_migrate_once_and_share_sessions() {
    let runtime = tokio::runtime::Runtime::new().unwrap();
    let database = runtime.block_on(fresh_postgres_database());
    drop(runtime);

    // Both servers start at the same moment on an empty database.
    let mut first = start_server(&database);
    let mut second = start_server(&database);
    wait_until_healthy(&mut first);
    wait_until_healthy(&mut second);
    assert_eq!(migrations_applied(&database), migration_files());

    pathway_ok_on(
        &database,
        &[
            "demo",
            "--councils",
            "1",
            "--seed",
            "3",
            "--until",
            "2024-09-30",
        ],
    );
    // Sign in on the first server.
    let form = http(first.port, "GET", "/sign-in", &[], None);
    assert_eq!(form.status, 200);
    let token = hidden_value(&form.body, "csrf_token");
    // The demo council's workforce lead (`pathway demo` adds its users).
    let body = format!(
        "email=lead%40demo.pathway.example&password=pathway-demo-password&csrf_token={token}"
    );
    let signed_in = http(first.port, "POST", "/sign-in", &form.cookies, Some(&body));
    assert_eq!(
        signed_in.status, 303,
        "sign-in redirects: {}",
        signed_in.body
    );
    let session: Vec<String> = signed_in
        .cookies
        .iter()
        .filter(|cookie| {
            cookie.starts_with("pathway_session=") && cookie.len() > "pathway_session=".len()
        })
        .cloned()
        .collect();
    assert_eq!(session.len(), 1, "a session cookie is set");

    // The second server knows the session: the dashboard, not the sign-in page.
    let dashboard = http(second.port, "GET", "/", &session, None);
    assert_eq!(dashboard.status, 200);
    assert!(
        dashboard.body.contains("Sign out"),
        "signed in on the second server"
    );
    // Without the cookie, the second server sends the visitor to sign in.
    assert_eq!(http(second.port, "GET", "/", &[], None).status, 303);
}
