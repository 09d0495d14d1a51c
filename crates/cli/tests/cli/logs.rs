//! No personal data in logs: `pathway serve` at the most verbose level it allows
//! (`PATHWAY_LOG=trace`) is signed in to, shows a named worker, refuses an import whose
//! bad row names a worker, and answers an API call made with a token, and its log holds
//! none of the worker's details, the password, the token or the session.

use crate::support::serve::{Answer, Server, api_token, hidden_value, sign_in, try_exchange};
use crate::support::{Scratch, read_csv};

/// One request with raw headers and body (its `Content-Type` among the headers).
fn http(port: u16, method: &str, path: &str, headers: &[(&str, String)], body: &[u8]) -> Answer {
    try_exchange(port, method, path, headers, Some(("", body))).expect("the server answers")
}

/// The server at its most verbose, its standard output and error in `log`.
fn start(scratch: &Scratch, log: &std::path::Path) -> Server {
    let database = scratch.database();
    let mut server = Server::spawn(
        database.to_str().unwrap(),
        &[("PATHWAY_LOG", "trace"), ("NO_COLOR", "1")],
        Some(log),
    );
    server.wait_until_healthy();
    server
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
    let session = sign_in(port, email, password);
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
    let token = api_token(port, &session, "log test");
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
