//! "Download the tables on this page (XLSX)": every page with tables offers its tables
//! as a workbook holding the same cells; pages of people's records only to those who
//! may export people.

use crate::support;

use std::io::Cursor;

use axum::body::Body;
use axum::http::{Request, StatusCode, header};
use calamine::{Data, Reader, Xlsx};
use http_body_util::BodyExt;
use pathway_app::Store;
use pathway_domain::access::UserRole;
use pathway_reports::model::{CellStyle, Table};
use pathway_web::tables_xlsx::{LINK_TEXT, tables};
use support::{Client, TestApp};
use tower::ServiceExt;

/// The header row of every table sheet (0-based), under the caption.
const HEADER_ROW: usize = 2;

/// `GET path` as `client`, the body as bytes.
async fn get_bytes(
    app: &TestApp,
    client: &Client,
    path: &str,
) -> (StatusCode, axum::http::HeaderMap, Vec<u8>) {
    let request = Request::get(path)
        .header(header::HOST, "pathway.test")
        .header(header::COOKIE, client.cookie_header())
        .body(Body::empty())
        .unwrap();
    let response = app.router.clone().oneshot(request).await.unwrap();
    let status = response.status();
    let headers = response.headers().clone();
    let bytes = response.into_body().collect().await.unwrap().to_bytes();
    (status, headers, bytes.to_vec())
}

/// The first link on a page whose address starts with `prefix` and has one more
/// path segment.
fn link_under(body: &str, prefix: &str) -> String {
    body.match_indices(&format!("href=\"{prefix}"))
        .map(|(at, _)| {
            let start = at + "href=\"".len();
            body[start..].split('"').next().unwrap().to_owned()
        })
        .find(|href| {
            let rest = &href[prefix.len()..];
            !rest.is_empty() && rest != "new" && !rest.contains(['/', '?', '#', '.'])
        })
        .unwrap_or_else(|| panic!("a link under {prefix}"))
}

/// A page's cell as the workbook should hold it.
fn expected(text: &str, number: Option<f64>, style: CellStyle) -> Data {
    match number {
        Some(number) if style != CellStyle::Text => Data::Float(number),
        _ if text.is_empty() => Data::Empty,
        _ => Data::String(text.to_owned()),
    }
}

fn text(value: &str) -> Data {
    if value.is_empty() {
        Data::Empty
    } else {
        Data::String(value.to_owned())
    }
}

/// Checks that the workbook holds one sheet per table of the page, with the same
/// caption, headings and cells.
fn assert_same_cells(path: &str, page_tables: &[Table], workbook: Vec<u8>) {
    let mut book = Xlsx::new(Cursor::new(workbook)).unwrap();
    let names = book.sheet_names();
    assert_eq!(names[0], "Contents", "{path}");
    assert_eq!(names.len(), page_tables.len() + 1, "{path}: {names:?}");
    let contents = book.worksheet_range("Contents").unwrap();
    for (index, (name, table)) in names[1..].iter().zip(page_tables).enumerate() {
        let row = 3 + index as u32;
        assert_eq!(contents.get_value((row, 0)), Some(&text(name)), "{path}");
        assert_eq!(
            contents.get_value((row, 1)),
            Some(&text(&table.caption)),
            "{path}"
        );
        let sheet = book.worksheet_range(name).unwrap();
        let at = |row: usize, column: usize| {
            sheet
                .get_value((row as u32, column as u32))
                .cloned()
                .unwrap_or(Data::Empty)
        };
        assert_eq!(at(0, 0), text(&table.caption), "{path} {name}");
        assert_eq!(at(HEADER_ROW, 0), text(&table.corner), "{path} {name}");
        for (column, heading) in table.columns.iter().enumerate() {
            assert_eq!(at(HEADER_ROW, column + 1), text(heading), "{path} {name}");
        }
        for (offset, row) in table.rows.iter().enumerate() {
            let row_number = HEADER_ROW + 1 + offset;
            assert_eq!(at(row_number, 0), text(&row.header), "{path} {name}");
            for (column, cell) in row.cells.iter().enumerate() {
                assert_eq!(
                    at(row_number, column + 1),
                    expected(&cell.text, cell.number, cell.style),
                    "{path} {name} row {offset} column {column}: {:?}",
                    cell.text
                );
            }
        }
    }
}

#[tokio::test]
async fn pages_with_tables_offer_them_as_a_workbook_of_the_same_cells() {
    let app = TestApp::new().await;
    let mut lead = app.signed_in(UserRole::WorkforceLead).await;

    // Pages reached through links, so the test follows whatever the demo holds.
    let academy = lead.get("/academy").await;
    let cohort = link_under(&academy.body, "/academy/cohorts/");
    let register = lead.get("/workers").await;
    let person = link_under(&register.body, "/workers/");
    let survey = lead.get("/survey").await;
    let survey_year = link_under(&survey.body, "/survey/");
    let paths = [
        "/?date=2024-09-30".to_owned(),
        "/leavers?date=2024-09-30".to_owned(),
        "/leavers/exit-interviews".to_owned(),
        "/profile".to_owned(),
        "/caseloads".to_owned(),
        cohort,
        "/recruitment/vacancies/measures".to_owned(),
        survey_year,
        "/training/mandatory".to_owned(),
        "/workers".to_owned(),
        "/teams".to_owned(),
        person,
    ];
    let mut percentages = 0;
    for path in &paths {
        let page = lead.get(path).await;
        assert_eq!(page.status, StatusCode::OK, "{path}");
        let page_tables = tables(&page.body);
        assert!(!page_tables.is_empty(), "{path} shows tables");
        assert_eq!(
            page_tables.len(),
            page.body.matches("<table class=\"govuk-table").count(),
            "{path}: every GOV.UK table is read"
        );
        assert!(page.body.contains(LINK_TEXT), "{path} offers the download");
        let separator = if path.contains('?') { "&amp;" } else { "?" };
        let href = format!(
            "href=\"{}{separator}format=xlsx\"",
            path.replace('&', "&amp;")
        );
        assert!(page.body.contains(&href), "{path}: {href}");

        let xlsx_path = if path.contains('?') {
            format!("{path}&format=xlsx")
        } else {
            format!("{path}?format=xlsx")
        };
        let (status, headers, bytes) = get_bytes(&app, &lead, &xlsx_path).await;
        assert_eq!(status, StatusCode::OK, "{xlsx_path}");
        assert_eq!(
            headers[header::CONTENT_TYPE],
            "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
        );
        let disposition = headers[header::CONTENT_DISPOSITION].to_str().unwrap();
        assert!(
            disposition.starts_with("attachment; filename=\"") && disposition.ends_with(".xlsx\""),
            "{disposition}"
        );
        percentages += page_tables
            .iter()
            .flat_map(|table| &table.rows)
            .flat_map(|row| &row.cells)
            .filter(|cell| cell.style == CellStyle::Percent)
            .count();
        assert_same_cells(path, &page_tables, bytes);
    }
    assert!(percentages > 0, "some percentages were checked as numbers");

    // Each download is in the audit trail, after the page's own view.
    let trail = app.store.audit_trail(app.council(), 1000).await.unwrap();
    let downloads: Vec<_> = trail
        .iter()
        .filter(|event| event.entry.action == "download tables")
        .collect();
    assert_eq!(downloads.len(), paths.len());
    assert!(
        downloads
            .iter()
            .any(|event| event.entry.detail.ends_with("/teams"))
    );

    // A page without tables has no link, and no workbook.
    let form = lead.get("/recruitment/vacancies/new").await;
    assert_eq!(form.status, StatusCode::OK);
    assert!(!form.body.contains("<table"));
    assert!(!form.body.contains(LINK_TEXT));
    let settings = lead.get("/academy/settings").await;
    if !settings.body.contains("<table class=\"govuk-table") {
        assert!(!settings.body.contains(LINK_TEXT));
        let (status, _, _) = get_bytes(&app, &lead, "/academy/settings?format=xlsx").await;
        assert_eq!(status, StatusCode::NOT_FOUND);
    }
    let (status, _, _) = get_bytes(&app, &lead, "/recruitment/vacancies/new?format=xlsx").await;
    assert_eq!(status, StatusCode::NOT_FOUND);

    // A team manager may see the register but not export people: no link, and 404;
    // the dashboard's figures are theirs to download.
    let manager = app.signed_in(UserRole::TeamManager).await;
    let mut manager_pages = manager;
    let register = manager_pages.get("/workers").await;
    assert_eq!(register.status, StatusCode::OK);
    assert!(!register.body.contains(LINK_TEXT));
    let (status, _, _) = get_bytes(&app, &manager_pages, "/workers?format=xlsx").await;
    assert_eq!(status, StatusCode::NOT_FOUND);
    let dashboard = manager_pages.get("/").await;
    assert!(dashboard.body.contains(LINK_TEXT));
    let (status, _, bytes) = get_bytes(&app, &manager_pages, "/?format=xlsx").await;
    assert_eq!(status, StatusCode::OK);
    assert_same_cells("/", &tables(&dashboard.body), bytes);

    // Not signed in: sent to sign in, no workbook.
    let stranger = app.client();
    let (status, _, _) = get_bytes(&app, &stranger, "/?format=xlsx").await;
    assert!(status.is_redirection(), "{status}");
}
