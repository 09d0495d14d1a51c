//! The import page: upload, check, confirm; all or nothing; only the user's council.

use crate::support;

use std::io::Write as _;
use std::path::Path;

use axum::body::Body;
use axum::http::{Request, StatusCode, header};
use http_body_util::BodyExt;
use pathway_app::Store as _;
use pathway_domain::access::UserRole;
use pathway_domain::ids::WorkerId;
use pathway_domain::{CouncilCode, Workforce};
use support::{Client, TestApp};
use tower::ServiceExt;

/// `POST path` as a browser sends a file upload form: the form token first, then each
/// file in a `file` field.
async fn post_multipart(
    app: &TestApp,
    client: &Client,
    path: &str,
    token: &str,
    files: &[(&str, Vec<u8>)],
) -> support::Page {
    let boundary = "----pathway-test-boundary-7MA4YWxkTrZu0gW";
    let mut body = Vec::new();
    write!(
        body,
        "--{boundary}\r\nContent-Disposition: form-data; name=\"csrf_token\"\r\n\r\n{token}\r\n"
    )
    .unwrap();
    for (name, bytes) in files {
        write!(
            body,
            "--{boundary}\r\nContent-Disposition: form-data; name=\"file\"; filename=\"{name}\"\r\nContent-Type: application/octet-stream\r\n\r\n"
        )
        .unwrap();
        body.extend_from_slice(bytes);
        body.extend_from_slice(b"\r\n");
    }
    write!(body, "--{boundary}--\r\n").unwrap();
    let request = Request::post(path)
        .header(header::HOST, "pathway.test")
        .header(header::ORIGIN, "http://pathway.test")
        .header(header::COOKIE, client.cookie_header())
        .header(
            header::CONTENT_TYPE,
            format!("multipart/form-data; boundary={boundary}"),
        )
        .body(Body::from(body))
        .unwrap();
    let response = app.router.clone().oneshot(request).await.unwrap();
    let status = response.status();
    let headers = response.headers().clone();
    let location = headers
        .get(header::LOCATION)
        .map(|value| value.to_str().unwrap().to_owned());
    let bytes = response.into_body().collect().await.unwrap().to_bytes();
    support::Page {
        status,
        location,
        body: String::from_utf8_lossy(&bytes).into_owned(),
        headers,
    }
}

/// Uploads files from the import page's own form, as a signed-in user would.
async fn upload(app: &TestApp, client: &mut Client, files: &[(&str, Vec<u8>)]) -> support::Page {
    let form = client.get("/import").await;
    assert_eq!(form.status, StatusCode::OK, "{}", form.body);
    let token = form.form_token();
    post_multipart(app, client, "/import", &token, files).await
}

/// A `.zip` of `workforce` in the bulk format, as `pathway export` writes it.
fn zip_of(workforce: &Workforce) -> Vec<u8> {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("extract.zip");
    pathway_bulk::write(&path, std::slice::from_ref(workforce)).unwrap();
    std::fs::read(path).unwrap()
}

/// A `.zip` of the CSV files in `folder`, at the top of the archive.
fn zip_folder(folder: &Path) -> Vec<u8> {
    let mut archive = zip::ZipWriter::new(std::io::Cursor::new(Vec::new()));
    let mut names: Vec<_> = std::fs::read_dir(folder)
        .unwrap()
        .map(|entry| entry.unwrap().file_name().into_string().unwrap())
        .collect();
    names.sort();
    for name in names {
        archive
            .start_file(name.as_str(), zip::write::SimpleFileOptions::default())
            .unwrap();
        archive
            .write_all(&std::fs::read(folder.join(&name)).unwrap())
            .unwrap();
    }
    archive.finish().unwrap().into_inner()
}

/// The added, updated and unchanged counts of a file in the summary table.
fn summary_of(body: &str, file: &str) -> Vec<String> {
    let header = format!(">{file}</th>");
    let start = body.find(&header).expect("the file in the summary") + header.len();
    let row = &body[start..start + body[start..].find("</tr>").unwrap()];
    row.split("</td>")
        .filter_map(|cell| cell.rsplit('>').next())
        .map(str::trim)
        .filter(|text| !text.is_empty())
        .map(str::to_owned)
        .collect()
}

/// The hidden upload id of the confirmation form.
fn upload_id(page: &support::Page) -> String {
    let marker = "name=\"upload\" value=\"";
    let start = page.body.find(marker).expect("an upload id on the page") + marker.len();
    page.body[start..].split('"').next().unwrap().to_owned()
}

async fn imports(app: &TestApp, council: CouncilCode) -> usize {
    app.store
        .audit_trail(council, 10_000)
        .await
        .unwrap()
        .iter()
        .filter(|event| event.entry.action == "import")
        .count()
}

/// The first council's stored records with one worker added and one renamed.
fn changed_workforce(app: &TestApp) -> Workforce {
    let mut workforce = app.councils[0].1.clone();
    let mut added = workforce.workers[0].clone();
    added.id = WorkerId::parse("UPLOADED-1").unwrap();
    added.swe_number = None;
    added.given_name = "Uploaded".to_owned();
    workforce.workers[1].given_name = "Renamed".to_owned();
    workforce.workers.push(added);
    workforce
}

#[tokio::test]
async fn the_import_page_offers_a_labelled_file_upload_form() {
    let app = TestApp::new().await;
    let mut lead = app.signed_in(UserRole::WorkforceLead).await;
    let page = lead.get("/import").await;
    assert_eq!(page.status, StatusCode::OK);
    assert!(page.body.contains("enctype=\"multipart/form-data\""));
    assert!(
        page.body
            .contains("<input class=\"govuk-file-upload\" id=\"file\" name=\"file\" type=\"file\"")
    );
    assert!(page.body.contains(
        "<label class=\"govuk-label govuk-label--m\" for=\"file\">Upload a CSV file, a .zip of CSV files or an .xlsx workbook</label>"
    ));
    assert!(page.body.contains("Check file"));
    assert!(page.body.contains("href=\"/import/format\""));
    assert_eq!(lead.get("/import/format").await.status, StatusCode::OK);
}

#[tokio::test]
async fn a_zip_with_a_spoiled_cell_lists_each_problem_and_writes_nothing() {
    let app = TestApp::new().await;
    let council = app.council();
    let dir = tempfile::tempdir().unwrap();
    pathway_bulk::write(dir.path(), std::slice::from_ref(&app.councils[0].1)).unwrap();
    // Row 3 of employments.csv gets a start date that is not a date.
    let employments = dir.path().join("employments.csv");
    let text = std::fs::read_to_string(&employments).unwrap();
    let mut lines: Vec<String> = text.lines().map(str::to_owned).collect();
    let header: Vec<&str> = lines[0].split(',').collect();
    let column = header
        .iter()
        .position(|name| *name == "start_date")
        .unwrap();
    let mut cells: Vec<String> = lines[2].split(',').map(str::to_owned).collect();
    cells[column] = "not a date".to_owned();
    lines[2] = cells.join(",");
    std::fs::write(&employments, lines.join("\n") + "\n").unwrap();
    let before = app.store.workforce(council).await.unwrap();
    let audit_before = app.store.audit_trail(council, 10_000).await.unwrap().len();

    let mut lead = app.signed_in(UserRole::WorkforceLead).await;
    let page = upload(&app, &mut lead, &[("extract.zip", zip_folder(dir.path()))]).await;

    assert_eq!(page.status, StatusCode::OK);
    assert!(
        page.body
            .contains("The file has 1 problem; nothing was imported"),
        "{}",
        page.body
    );
    assert!(page.body.contains("href=\"#file\""));
    let row = |cells: &[&str]| {
        cells
            .iter()
            .map(|cell| format!("{cell}</td>"))
            .collect::<Vec<_>>()
    };
    for cell in row(&["employments.csv", "3", "start_date"]) {
        assert!(page.body.contains(&cell), "no {cell} in {}", page.body);
    }
    assert!(page.body.contains("Fix the file and upload it again"));
    assert!(!page.body.contains("action=\"/import/confirm\""));
    assert_eq!(app.store.workforce(council).await.unwrap(), before);
    assert_eq!(
        app.store.audit_trail(council, 10_000).await.unwrap().len(),
        audit_before
    );
}

#[tokio::test]
async fn a_good_file_shows_what_it_would_change_and_is_stored_only_once_confirmed() {
    let app = TestApp::new().await;
    let council = app.council();
    let workforce = changed_workforce(&app);
    let before = app.store.workforce(council).await.unwrap();
    let imports_before = imports(&app, council).await;
    let mut lead = app.signed_in(UserRole::WorkforceLead).await;

    let page = upload(&app, &mut lead, &[("extract.zip", zip_of(&workforce))]).await;
    assert_eq!(page.status, StatusCode::OK, "{}", page.body);
    assert_eq!(
        summary_of(&page.body, "workers.csv"),
        ["1", "1", &(before.workers.len() - 1).to_string()],
        "{}",
        page.body
    );
    assert!(page.body.contains(">Import</button>"));
    assert_eq!(
        app.store.workforce(council).await.unwrap(),
        before,
        "checking wrote nothing"
    );

    let done = lead
        .post_form(
            "/import/confirm",
            &[
                ("upload", &upload_id(&page)),
                ("csrf_token", &page.form_token()),
            ],
        )
        .await;
    assert_eq!(done.status, StatusCode::OK, "{}", done.body);
    assert!(done.body.contains("govuk-notification-banner--success"));
    assert!(done.body.contains("Import complete"));
    let after = app.store.workforce(council).await.unwrap();
    assert_eq!(after.workers.len(), before.workers.len() + 1);
    assert!(after.workers.iter().any(|w| w.id.as_str() == "UPLOADED-1"));
    assert!(after.workers.iter().any(|w| w.given_name == "Renamed"));
    assert_eq!(imports(&app, council).await, imports_before + 1);
    let trail = app.store.audit_trail(council, 1).await.unwrap();
    assert_eq!(trail[0].entry.actor, "workforce_lead@test.example");
    assert!(
        trail[0].entry.detail.starts_with("from extract.zip:"),
        "{}",
        trail[0].entry.detail
    );
}

#[tokio::test]
async fn an_upload_can_be_confirmed_only_once() {
    let app = TestApp::new().await;
    let council = app.council();
    let mut lead = app.signed_in(UserRole::WorkforceLead).await;
    let page = upload(
        &app,
        &mut lead,
        &[("extract.zip", zip_of(&changed_workforce(&app)))],
    )
    .await;
    let fields = [
        ("upload", upload_id(&page)),
        ("csrf_token", page.form_token()),
    ];
    let fields: Vec<(&str, &str)> = fields.iter().map(|(k, v)| (*k, v.as_str())).collect();
    let imports_before = imports(&app, council).await;
    assert_eq!(
        lead.post_form("/import/confirm", &fields).await.status,
        StatusCode::OK
    );
    assert_eq!(
        lead.post_form("/import/confirm", &fields).await.status,
        StatusCode::NOT_FOUND
    );
    assert_eq!(imports(&app, council).await, imports_before + 1);
}

#[tokio::test]
async fn another_user_cannot_confirm_someone_elses_upload() {
    let app = TestApp::new().await;
    let council = app.council();
    let mut lead = app.signed_in(UserRole::WorkforceLead).await;
    let page = upload(
        &app,
        &mut lead,
        &[("extract.zip", zip_of(&changed_workforce(&app)))],
    )
    .await;
    let id = upload_id(&page);
    pathway_app::accounts::add_user_with_password(
        app.store.as_ref(),
        Some(council),
        "other.lead@test.example",
        UserRole::WorkforceLead,
        None,
        Vec::new(),
        support::PASSWORD,
    )
    .await
    .unwrap();
    let mut other = app.client();
    other
        .sign_in("other.lead@test.example", support::PASSWORD)
        .await;
    let token = other.get("/import").await.form_token();
    let before = app.store.workforce(council).await.unwrap();

    let refused = other
        .post_form(
            "/import/confirm",
            &[("upload", &id), ("csrf_token", &token)],
        )
        .await;

    assert_eq!(refused.status, StatusCode::NOT_FOUND);
    assert_eq!(app.store.workforce(council).await.unwrap(), before);
    // The owner still can.
    let done = lead
        .post_form(
            "/import/confirm",
            &[("upload", &id), ("csrf_token", &page.form_token())],
        )
        .await;
    assert_eq!(done.status, StatusCode::OK, "{}", done.body);
}

#[tokio::test]
async fn a_made_up_upload_id_is_not_found() {
    let app = TestApp::new().await;
    let mut lead = app.signed_in(UserRole::WorkforceLead).await;
    let token = lead.get("/import").await.form_token();
    for id in ["0123456789abcdef0123456789abcdef", "../../etc/passwd", ""] {
        let page = lead
            .post_form("/import/confirm", &[("upload", id), ("csrf_token", &token)])
            .await;
        assert_eq!(page.status, StatusCode::NOT_FOUND, "{id}");
    }
}

#[tokio::test]
async fn a_file_holding_another_councils_rows_is_refused() {
    let app = TestApp::new().await;
    let council = app.council();
    let other = app.other_council();
    let before = app.store.workforce(other).await.unwrap();
    let mut lead = app.signed_in(UserRole::WorkforceLead).await;

    let page = upload(
        &app,
        &mut lead,
        &[("theirs.zip", zip_of(&app.councils[1].1))],
    )
    .await;

    assert_eq!(page.status, StatusCode::OK);
    assert!(page.body.contains("nothing was imported"), "{}", page.body);
    assert!(page.body.contains(&format!(
        "this file holds council {other}&#39;s records; you can import only your council&#39;s ({council})"
    )) || page.body.contains(&format!(
        "this file holds council {other}&#x27;s records; you can import only your council&#x27;s ({council})"
    )), "{}", page.body);
    assert!(page.body.contains("authority</td>"));
    assert!(!page.body.contains("action=\"/import/confirm\""));
    assert_eq!(app.store.workforce(other).await.unwrap(), before);
}

#[tokio::test]
async fn one_csv_file_alone_is_refused_without_showing_where_it_was_kept() {
    let app = TestApp::new().await;
    let mut lead = app.signed_in(UserRole::WorkforceLead).await;
    let page = upload(
        &app,
        &mut lead,
        &[(
            "workers.csv",
            b"authority,worker_id,given_name,family_name\n".to_vec(),
        )],
    )
    .await;
    assert_eq!(page.status, StatusCode::OK);
    assert!(
        page.body.contains("missing required file employments.csv"),
        "{}",
        page.body
    );
    assert!(!page.body.contains("pathway-upload-"), "{}", page.body);
    assert!(
        !page
            .body
            .contains(&std::env::temp_dir().display().to_string())
    );
}

#[tokio::test]
async fn several_csv_files_selected_together_are_one_upload() {
    let app = TestApp::new().await;
    let dir = tempfile::tempdir().unwrap();
    pathway_bulk::write(dir.path(), std::slice::from_ref(&changed_workforce(&app))).unwrap();
    let files: Vec<(&str, Vec<u8>)> = ["workers.csv", "employments.csv"]
        .into_iter()
        .map(|name| (name, std::fs::read(dir.path().join(name)).unwrap()))
        .collect();
    let mut lead = app.signed_in(UserRole::WorkforceLead).await;
    let page = upload(&app, &mut lead, &files).await;
    assert_eq!(page.status, StatusCode::OK);
    assert!(page.body.contains(">Import</button>"), "{}", page.body);
    assert!(page.body.contains("workers.csv, employments.csv"));
    let done = lead
        .post_form(
            "/import/confirm",
            &[
                ("upload", &upload_id(&page)),
                ("csrf_token", &page.form_token()),
            ],
        )
        .await;
    assert!(done.body.contains("Import complete"), "{}", done.body);
    let stored = app.store.workforce(app.council()).await.unwrap();
    assert!(stored.workers.iter().any(|w| w.id.as_str() == "UPLOADED-1"));
}

#[tokio::test]
async fn a_file_of_another_type_or_no_file_is_named_in_the_error_summary() {
    let app = TestApp::new().await;
    let mut lead = app.signed_in(UserRole::WorkforceLead).await;
    let page = upload(&app, &mut lead, &[("notes.txt", b"hello".to_vec())]).await;
    assert!(
        page.body
            .contains("The selected file must be a CSV file, a .zip or an .xlsx workbook"),
        "{}",
        page.body
    );
    assert!(page.body.contains("href=\"#file\""));
    let page = upload(&app, &mut lead, &[]).await;
    assert!(
        page.body
            .contains("Select a CSV file, a .zip of CSV files or an .xlsx workbook")
    );
}

#[tokio::test]
async fn an_upload_without_the_form_token_is_refused() {
    let app = TestApp::new().await;
    let council = app.council();
    let lead = app.signed_in(UserRole::WorkforceLead).await;
    let before = app.store.workforce(council).await.unwrap();
    let page = post_multipart(
        &app,
        &lead,
        "/import",
        "forged",
        &[("extract.zip", zip_of(&changed_workforce(&app)))],
    )
    .await;
    assert_eq!(page.status, StatusCode::FORBIDDEN);
    assert_eq!(app.store.workforce(council).await.unwrap(), before);
}

#[tokio::test]
async fn only_the_workforce_lead_may_import() {
    let app = TestApp::new().await;
    for role in [
        UserRole::Viewer,
        UserRole::Practitioner,
        UserRole::TeamManager,
        UserRole::AcademyCoordinator,
        UserRole::RecruitmentOfficer,
        UserRole::Admin,
    ] {
        let mut client = app.signed_in(role).await;
        assert_eq!(
            client.get("/import").await.status,
            StatusCode::FORBIDDEN,
            "{role}"
        );
        // The guard refuses before the form token is even looked at.
        let token = "not needed";
        let page = client
            .post_form(
                "/import/confirm",
                &[
                    ("upload", "0123456789abcdef0123456789abcdef"),
                    ("csrf_token", token),
                ],
            )
            .await;
        assert_eq!(page.status, StatusCode::FORBIDDEN, "{role}");
        let page = post_multipart(&app, &client, "/import", token, &[]).await;
        assert_eq!(page.status, StatusCode::FORBIDDEN, "{role}");
    }
}
