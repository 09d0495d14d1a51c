//! "Download the tables on this page (XLSX)", for every page that shows tables, by one
//! layer rather than a handler per page: a `GET` with `format=xlsx` runs the page as
//! usual (its own checks and view audit included), reads the GOV.UK tables out of the
//! HTML it renders and answers with them as a workbook. Pages that show tables get the
//! link, at a marker in the layout.
//!
//! Pages that show people's records need [`Permission::ExportPeople`] for their XLSX,
//! like the register's export: every page does, except the pages of figures only in
//! [`FIGURES_ONLY`]. Anyone else is answered 404, as for anything out of reach.

use axum::body::{Body, to_bytes};
use axum::extract::{Request, State};
use axum::http::{HeaderValue, Method, StatusCode, Uri, header};
use axum::middleware::Next;
use axum::response::{IntoResponse, Response};
use chrono::Utc;
use pathway_app::AuditEntry;
use pathway_domain::access::Permission;
use pathway_reports::model::{Cell, CellStyle, Row, Table};

use crate::AppState;
use crate::error::WebError;
use crate::session::SignedIn;

/// The comment in `layout.html` where the download link goes (after the content).
pub const LINK_MARKER: &str = "<!-- pathway:tables-download -->";

/// The link's words.
pub const LINK_TEXT: &str = "Download the tables on this page (XLSX)";

/// The query parameter and value that ask for the workbook.
const FORMAT: (&str, &str) = ("format", "xlsx");

/// The largest page read (a bigger body is passed on untouched, without a link).
const MAX_PAGE_BYTES: usize = 32 * 1024 * 1024;

/// Pages that show figures only, no one's record: their tables need only what the
/// page needs. `*` stands for one path segment.
pub const FIGURES_ONLY: [&str; 10] = [
    "/",
    "/profile",
    "/leavers/exit-interviews",
    "/caseloads",
    "/recruitment/vacancies/measures",
    "/career/measures",
    "/survey/*",
    "/academy/programmes/*",
    "/feedback/you-said-we-did",
    // [issue 9: benchmarking]
    "/benchmarking",
];

/// Whether the page at `path` may show people's records, so that downloading its
/// tables needs [`Permission::ExportPeople`]. Any page not known to show figures
/// only is taken to show people.
pub fn shows_people(path: &str) -> bool {
    let path = match path.trim_end_matches('/') {
        "" => "/",
        trimmed => trimmed,
    };
    !FIGURES_ONLY.iter().any(|pattern| {
        let mut given = path.split('/');
        let mut wanted = pattern.split('/');
        loop {
            match (given.next(), wanted.next()) {
                (None, None) => return true,
                (Some(segment), Some("*")) if !segment.is_empty() => {}
                (Some(segment), Some(expected)) if segment == expected => {}
                _ => return false,
            }
        }
    })
}

/// Whether the signed-in user may download the tables of the page at `path`.
fn may_download(signed_in: &SignedIn, path: &str) -> bool {
    !shows_people(path) || signed_in.user.role.allows(Permission::ExportPeople)
}

/// The query without `format=xlsx`, and whether it was there.
fn without_format(query: Option<&str>) -> (bool, String) {
    let mut asked = false;
    let kept: Vec<&str> = query
        .unwrap_or_default()
        .split('&')
        .filter(|pair| !pair.is_empty())
        .filter(|pair| {
            let (name, value) = pair.split_once('=').unwrap_or((pair, ""));
            let is_format = name == FORMAT.0 && value == FORMAT.1;
            asked |= is_format;
            !is_format
        })
        .collect();
    (asked, kept.join("&"))
}

/// The layer: answers `format=xlsx` with the page's tables, and adds the download link
/// to pages that show tables.
pub async fn offer(State(state): State<AppState>, request: Request, next: Next) -> Response {
    if request.method() != Method::GET {
        return next.run(request).await;
    }
    let (asked, query) = without_format(request.uri().query());
    let path = request.uri().path().to_owned();
    let signed_in = request.extensions().get::<SignedIn>().cloned();
    if asked {
        download(&state, request, signed_in, &path, &query, next).await
    } else {
        let response = next.run(request).await;
        match signed_in {
            Some(signed_in) if may_download(&signed_in, &path) => {
                with_link(response, &path, &query).await
            }
            _ => without_marker(response).await,
        }
    }
}

fn is_html(response: &Response) -> bool {
    response.status() == StatusCode::OK
        && response
            .headers()
            .get(header::CONTENT_TYPE)
            .and_then(|value| value.to_str().ok())
            .is_some_and(|value| value.starts_with("text/html"))
}

/// The page's HTML, or the response untouched when it is not an HTML page.
async fn page_html(response: Response) -> Result<(axum::http::response::Parts, String), Response> {
    if !is_html(&response) {
        return Err(response);
    }
    let (parts, body) = response.into_parts();
    match to_bytes(body, MAX_PAGE_BYTES).await {
        Ok(bytes) => match String::from_utf8(bytes.to_vec()) {
            Ok(html) => Ok((parts, html)),
            Err(error) => Err(Response::from_parts(parts, Body::from(error.into_bytes()))),
        },
        Err(_) => Err(WebError::Internal("the page was too large to read".into()).into_response()),
    }
}

fn rebuilt(mut parts: axum::http::response::Parts, html: String) -> Response {
    parts.headers.remove(header::CONTENT_LENGTH);
    Response::from_parts(parts, Body::from(html))
}

async fn with_link(response: Response, path: &str, query: &str) -> Response {
    let (parts, html) = match page_html(response).await {
        Ok(page) => page,
        Err(response) => return response,
    };
    if !html.contains(LINK_MARKER) {
        return rebuilt(parts, html);
    }
    let link = if !has_table(&html) {
        String::new()
    } else {
        let href = if query.is_empty() {
            format!("{path}?{}={}", FORMAT.0, FORMAT.1)
        } else {
            format!("{path}?{query}&{}={}", FORMAT.0, FORMAT.1)
        };
        format!(
            "<p class=\"govuk-body pathway-tables-download\"><a class=\"govuk-link\" href=\"{}\" download>{LINK_TEXT}</a></p>",
            escape_attribute(&href)
        )
    };
    rebuilt(parts, html.replacen(LINK_MARKER, &link, 1))
}

async fn without_marker(response: Response) -> Response {
    match page_html(response).await {
        Ok((parts, html)) => rebuilt(parts, html.replacen(LINK_MARKER, "", 1)),
        Err(response) => response,
    }
}

fn escape_attribute(text: &str) -> String {
    text.replace('&', "&amp;")
        .replace('"', "&quot;")
        .replace('<', "&lt;")
        .replace('>', "&gt;")
        .replace('\'', "&#39;")
}

async fn download(
    state: &AppState,
    mut request: Request,
    signed_in: Option<SignedIn>,
    path: &str,
    query: &str,
    next: Next,
) -> Response {
    if let Some(signed_in) = &signed_in
        && !may_download(signed_in, path)
    {
        return WebError::NotFound.into_response();
    }
    let uri = if query.is_empty() {
        path.to_owned()
    } else {
        format!("{path}?{query}")
    };
    match uri.parse::<Uri>() {
        Ok(uri) => *request.uri_mut() = uri,
        Err(_) => return WebError::NotFound.into_response(),
    }
    let response = next.run(request).await;
    // Not signed in: the page sends them to sign in; refused or missing: as it says.
    let Some(signed_in) = signed_in else {
        return response;
    };
    let html = match page_html(response).await {
        Ok((_, html)) => html,
        Err(response) if response.status() == StatusCode::OK => {
            return WebError::NotFound.into_response();
        }
        Err(response) => return response,
    };
    let tables = tables(&html);
    if tables.is_empty() {
        return WebError::NotFound.into_response();
    }
    let bytes = match pathway_reports::xlsx::workbook(&tables.iter().collect::<Vec<_>>()) {
        Ok(bytes) => bytes,
        Err(error) => return WebError::Internal(error.to_string()).into_response(),
    };
    if let Some(council) = signed_in.user.council {
        let recorded = state
            .store
            .record_audit(&[AuditEntry {
                council,
                actor: signed_in.user.email.clone(),
                action: "download tables".into(),
                detail: format!("{} tables; {uri}", tables.len()),
            }])
            .await;
        if let Err(error) = recorded {
            return WebError::from(error).into_response();
        }
    }
    let disposition = format!(
        "attachment; filename=\"{}\"",
        file_name(path, Utc::now().date_naive())
    );
    let mut response = (
        [
            (
                header::CONTENT_TYPE,
                HeaderValue::from_static(
                    "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
                ),
            ),
            (header::CACHE_CONTROL, HeaderValue::from_static("no-store")),
        ],
        bytes,
    )
        .into_response();
    if let Ok(value) = HeaderValue::from_str(&disposition) {
        response
            .headers_mut()
            .insert(header::CONTENT_DISPOSITION, value);
    }
    response
}

/// The workbook's file name: the page's path in words and the day,
/// `recruitment-vacancies-measures-2024-10-01.xlsx` (`dashboard-…` for `/`).
pub fn file_name(path: &str, day: chrono::NaiveDate) -> String {
    let mut words = String::new();
    for c in path.chars() {
        if c.is_ascii_alphanumeric() {
            words.push(c.to_ascii_lowercase());
        } else if !words.is_empty() && !words.ends_with('-') {
            words.push('-');
        }
    }
    let words = words.trim_end_matches('-');
    let words = if words.is_empty() { "dashboard" } else { words };
    format!("{words}-{}.xlsx", day.format("%Y-%m-%d"))
}

// ---------------------------------------------------------------------------------
// Reading Pathway's own table markup. Small and tolerant: it knows the tags a GOV.UK
// table uses and ignores the rest; it does not have to read anyone else's HTML.

/// A tag as met in the page.
struct Tag<'h> {
    name: String,
    closing: bool,
    attributes: &'h str,
}

/// A table row being read.
struct RowReader {
    cells: Vec<String>,
    in_head: bool,
    all_headings: bool,
}

/// A table being read.
#[derive(Default)]
struct TableReader {
    caption: Option<String>,
    in_caption: bool,
    in_head: bool,
    head: Vec<Vec<String>>,
    body: Vec<Vec<String>>,
    row: Option<RowReader>,
    cell: Option<String>,
    depth: usize,
}

impl TableReader {
    fn text(&mut self, text: &str) {
        if let Some(cell) = &mut self.cell {
            cell.push_str(text);
        } else if self.in_caption {
            self.caption.get_or_insert_with(String::new).push_str(text);
        }
    }

    fn end_cell(&mut self) {
        if let Some(cell) = self.cell.take() {
            let text = clean_text(&cell);
            self.row_reader().cells.push(text);
        }
    }

    fn end_row(&mut self) {
        self.end_cell();
        if let Some(row) = self.row.take() {
            // A table without a `thead` whose first row is all headings has that row
            // as its head.
            let first = self.head.is_empty() && self.body.is_empty();
            if row.in_head || (first && row.all_headings && !row.cells.is_empty()) {
                self.head.push(row.cells);
            } else {
                self.body.push(row.cells);
            }
        }
    }

    fn row_reader(&mut self) -> &mut RowReader {
        let in_head = self.in_head;
        self.row.get_or_insert_with(|| RowReader {
            cells: Vec::new(),
            in_head,
            all_headings: true,
        })
    }

    fn tag(&mut self, tag: &Tag<'_>) {
        match (tag.name.as_str(), tag.closing) {
            ("caption", false) => self.in_caption = true,
            ("caption", true) => self.in_caption = false,
            ("thead", closing) => {
                self.end_row();
                self.in_head = !closing;
            }
            ("tbody" | "tfoot", _) => {
                self.end_row();
                self.in_head = false;
            }
            ("tr", false) => {
                self.end_row();
                self.row_reader();
            }
            ("tr", true) => self.end_row(),
            ("th" | "td", false) => {
                self.end_cell();
                let heading = tag.name == "th";
                let row = self.row_reader();
                row.all_headings &= heading;
                self.cell = Some(String::new());
            }
            ("th" | "td", true) => self.end_cell(),
            ("br" | "p" | "div" | "li", _) => self.text(" "),
            _ => {}
        }
    }

    fn finish(mut self, index: usize) -> Table {
        self.end_row();
        let header = self.head.pop().unwrap_or_default();
        let mut header = header.into_iter();
        let corner = header.next().unwrap_or_default();
        let columns: Vec<String> = header.collect();
        let caption = self
            .caption
            .map(|caption| clean_text(&caption))
            .filter(|caption| !caption.is_empty())
            .unwrap_or_else(|| format!("Table {}", index + 1));
        let rows = self
            .body
            .into_iter()
            .filter(|cells| !cells.is_empty())
            .map(|cells| {
                let mut cells = cells.into_iter();
                Row {
                    header: cells.next().unwrap_or_default(),
                    cells: cells.map(|text| parse_cell(&text)).collect(),
                }
            })
            .collect();
        Table {
            id: String::new(),
            caption,
            corner,
            columns,
            rows,
            note: String::new(),
        }
    }
}

/// Reads the next tag at `html[start..]` (which begins with `<`): the tag and where
/// the text after it starts. Comments and doctype come back without a name.
fn read_tag(html: &str, start: usize) -> (Option<Tag<'_>>, usize) {
    let rest = &html[start..];
    if rest.starts_with("<!--") {
        let end = rest.find("-->").map_or(html.len(), |end| start + end + 3);
        return (None, end);
    }
    let bytes = rest.as_bytes();
    let mut quote: Option<u8> = None;
    let mut end = None;
    for (offset, &byte) in bytes.iter().enumerate().skip(1) {
        match quote {
            Some(open) if byte == open => quote = None,
            Some(_) => {}
            None if byte == b'"' || byte == b'\'' => quote = Some(byte),
            None if byte == b'>' => {
                end = Some(offset);
                break;
            }
            None => {}
        }
    }
    let Some(end) = end else {
        return (None, html.len());
    };
    let inside = &rest[1..end];
    let (closing, inside) = match inside.strip_prefix('/') {
        Some(inside) => (true, inside),
        None => (false, inside),
    };
    let name_end = inside
        .find(|c: char| c.is_whitespace() || c == '/')
        .unwrap_or(inside.len());
    let name = inside[..name_end].to_ascii_lowercase();
    let tag = (!name.is_empty() && name.chars().all(|c| c.is_ascii_alphanumeric())).then(|| Tag {
        name,
        closing,
        attributes: &inside[name_end..],
    });
    (tag, start + end + 1)
}

/// Whether a tag's `class` attribute holds `class_name`.
fn has_class(attributes: &str, class_name: &str) -> bool {
    let lower = attributes.to_ascii_lowercase();
    let Some(at) = lower.find("class") else {
        return false;
    };
    let rest = attributes[at + 5..].trim_start();
    let Some(rest) = rest.strip_prefix('=') else {
        return false;
    };
    let rest = rest.trim_start();
    let value = match rest.chars().next() {
        Some(quote @ ('"' | '\'')) => rest[1..].split(quote).next().unwrap_or_default(),
        _ => rest
            .split(|c: char| c.is_whitespace())
            .next()
            .unwrap_or_default(),
    };
    value.split_whitespace().any(|name| name == class_name)
}

/// Whether [`tables`] would find a table on the page: the same scan of its tags, but
/// stopping at the first table instead of reading them all, as every page with a
/// download link asks it.
fn has_table(html: &str) -> bool {
    let mut skipping: Option<&'static str> = None;
    let mut at = 0;
    while let Some(offset) = html[at..].find('<') {
        let (tag, next) = read_tag(html, at + offset);
        at = next;
        let Some(tag) = tag else { continue };
        if let Some(skipped) = skipping {
            if tag.closing && tag.name == skipped {
                skipping = None;
            }
            continue;
        }
        if tag.closing {
            continue;
        }
        match tag.name.as_str() {
            "script" => skipping = Some("script"),
            "style" => skipping = Some("style"),
            "svg" => skipping = Some("svg"),
            "table" if has_class(tag.attributes, "govuk-table") => return true,
            _ => {}
        }
    }
    false
}

/// Every GOV.UK table (`<table class="govuk-table …">`) of a page, in order.
pub fn tables(html: &str) -> Vec<Table> {
    let mut tables = Vec::new();
    let mut reader: Option<TableReader> = None;
    let mut skipping: Option<&'static str> = None;
    let mut at = 0;
    while at < html.len() {
        let Some(offset) = html[at..].find('<') else {
            if let Some(reader) = &mut reader {
                reader.text(&html[at..]);
            }
            break;
        };
        if offset > 0
            && skipping.is_none()
            && let Some(reader) = &mut reader
        {
            reader.text(&html[at..at + offset]);
        }
        let (tag, next) = read_tag(html, at + offset);
        at = next;
        let Some(tag) = tag else { continue };
        if let Some(skipped) = skipping {
            if tag.closing && tag.name == skipped {
                skipping = None;
            }
            continue;
        }
        match tag.name.as_str() {
            "script" if !tag.closing => skipping = Some("script"),
            "style" if !tag.closing => skipping = Some("style"),
            "svg" if !tag.closing => skipping = Some("svg"),
            "table" if !tag.closing => match &mut reader {
                Some(reader) => reader.depth += 1,
                None if has_class(tag.attributes, "govuk-table") => {
                    reader = Some(TableReader {
                        depth: 1,
                        ..TableReader::default()
                    });
                }
                None => {}
            },
            "table" => {
                if let Some(open) = &mut reader {
                    open.depth -= 1;
                    if open.depth == 0
                        && let Some(done) = reader.take()
                    {
                        tables.push(done.finish(tables.len()));
                    }
                }
            }
            _ => {
                if let Some(reader) = &mut reader
                    && reader.depth == 1
                {
                    reader.tag(&tag);
                }
            }
        }
    }
    if let Some(unclosed) = reader {
        tables.push(unclosed.finish(tables.len()));
    }
    tables
}

/// A cell's or caption's text: entities decoded, whitespace collapsed.
fn clean_text(raw: &str) -> String {
    decode_entities(raw)
        .split(|c: char| c.is_whitespace())
        .filter(|word| !word.is_empty())
        .collect::<Vec<_>>()
        .join(" ")
}

fn decode_entities(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    let mut rest = text;
    while let Some(at) = rest.find('&') {
        out.push_str(&rest[..at]);
        rest = &rest[at..];
        let decoded = rest.find(';').filter(|end| *end <= 10).and_then(|end| {
            let entity = &rest[1..end];
            let character = match entity {
                "amp" => Some('&'),
                "lt" => Some('<'),
                "gt" => Some('>'),
                "quot" => Some('"'),
                "apos" => Some('\''),
                "nbsp" => Some(' '),
                "ndash" => Some('–'),
                "mdash" => Some('—'),
                "pound" => Some('£'),
                _ => {
                    let number = entity.strip_prefix('#')?;
                    let code = match number.strip_prefix(['x', 'X']) {
                        Some(hex) => u32::from_str_radix(hex, 16).ok()?,
                        None => number.parse().ok()?,
                    };
                    char::from_u32(code)
                }
            }?;
            Some((character, end + 1))
        });
        match decoded {
            Some((character, length)) => {
                out.push(character);
                rest = &rest[length..];
            }
            None => {
                out.push('&');
                rest = &rest[1..];
            }
        }
    }
    out.push_str(rest);
    out
}

/// A cell's text as a spreadsheet cell: "15.2%" is 0.152 as a percentage, "1,234" the
/// whole number 1234, "35.6" a number with one decimal; `c`, `z`, `x` and anything
/// else stay text.
pub fn parse_cell(text: &str) -> Cell {
    let text_cell = || Cell::text(text);
    if let Some(percent) = text.strip_suffix('%') {
        return match plain_number(percent.trim_end()) {
            Some((digits, _)) => match shift_two_places_left(&digits).parse::<f64>() {
                Ok(fraction) => Cell {
                    text: text.to_owned(),
                    number: Some(fraction),
                    style: CellStyle::Percent,
                },
                Err(_) => text_cell(),
            },
            None => text_cell(),
        };
    }
    match plain_number(text) {
        Some((digits, decimals)) => match digits.parse::<f64>() {
            Ok(number) => Cell {
                text: text.to_owned(),
                number: Some(number),
                style: match decimals {
                    0 => CellStyle::Whole,
                    1 => CellStyle::Decimal,
                    _ => CellStyle::Decimal2,
                },
            },
            Err(_) => text_cell(),
        },
        None => text_cell(),
    }
}

/// A number as written on the pages (`-1,234.5`): its digits without commas and how
/// many decimals it has. A whole number with a leading zero (`00123`, a code) is not
/// a number.
fn plain_number(text: &str) -> Option<(String, usize)> {
    let (sign, unsigned) = match text.strip_prefix(['-', '−']) {
        Some(rest) => ("-", rest),
        None => ("", text),
    };
    let (whole, fraction) = match unsigned.split_once('.') {
        Some((whole, fraction)) => (whole, Some(fraction)),
        None => (unsigned, None),
    };
    let groups: Vec<&str> = whole.split(',').collect();
    let grouped_well = groups.len() == 1
        || (!groups[0].is_empty()
            && groups[0].len() <= 3
            && groups[1..].iter().all(|group| group.len() == 3));
    let whole_digits: String = groups.concat();
    if whole_digits.is_empty()
        || !grouped_well
        || !whole_digits.bytes().all(|b| b.is_ascii_digit())
        || (whole_digits.len() > 1 && whole_digits.starts_with('0') && fraction.is_none())
    {
        return None;
    }
    match fraction {
        Some(fraction) if fraction.is_empty() || !fraction.bytes().all(|b| b.is_ascii_digit()) => {
            None
        }
        Some(fraction) => Some((format!("{sign}{whole_digits}.{fraction}"), fraction.len())),
        None => Some((format!("{sign}{whole_digits}"), 0)),
    }
}

/// "15.2" is "0.152": a percentage's digits as the fraction's, without a rounding
/// step in floating point.
fn shift_two_places_left(digits: &str) -> String {
    let (sign, digits) = match digits.strip_prefix('-') {
        Some(rest) => ("-", rest),
        None => ("", digits),
    };
    let (whole, fraction) = digits.split_once('.').unwrap_or((digits, ""));
    let padded = format!("{whole:0>3}");
    let split = padded.len() - 2;
    format!("{sign}{}.{}{fraction}", &padded[..split], &padded[split..])
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_page_has_a_table_exactly_when_its_tables_are_read() {
        let pages = [
            "<p>No tables</p>",
            "<table class=\"govuk-table\"><tr><td>1</td></tr></table>",
            "<table class=\"other\"><tr><td>1</td></tr></table>",
            "<script>let t = '<table class=\"govuk-table\">';</script><p>x</p>",
            "<svg><table class=\"govuk-table\"></table></svg><p>x</p>",
            "<!-- <table class=\"govuk-table\"> --><p>x</p>",
            "<div><table class='govuk-table govuk-table--small'><caption>c</caption>",
            "<table class=\"other\"><tr><td><table class=\"govuk-table\"></table></td></tr></table>",
        ];
        for page in pages {
            assert_eq!(has_table(page), !tables(page).is_empty(), "{page}");
        }
    }

    #[test]
    fn cells_become_numbers_where_they_are_one() {
        let percent = parse_cell("15.2%");
        assert_eq!(percent.number, Some(0.152));
        assert_eq!(percent.style, CellStyle::Percent);
        assert_eq!(percent.text, "15.2%");
        assert_eq!(parse_cell("100.0%").number, Some(1.0));
        assert_eq!(parse_cell("0.5%").number, Some(0.005));
        let whole = parse_cell("1,234");
        assert_eq!(
            (whole.number, whole.style),
            (Some(1234.0), CellStyle::Whole)
        );
        let decimal = parse_cell("35.6");
        assert_eq!(
            (decimal.number, decimal.style),
            (Some(35.6), CellStyle::Decimal)
        );
        assert_eq!(parse_cell("-2.25").style, CellStyle::Decimal2);
        assert_eq!(parse_cell("-2.25").number, Some(-2.25));
        for symbol in ["c", "z", "x"] {
            let cell = parse_cell(symbol);
            assert!(cell.is_symbol(), "{symbol}");
        }
        for text in [
            "00123",
            "1,23",
            "12 FTE",
            "30 September 2024",
            "",
            "1.",
            "W1",
            ",",
        ] {
            let cell = parse_cell(text);
            assert_eq!((cell.number, cell.style), (None, CellStyle::Text), "{text}");
        }
    }

    #[test]
    fn govuk_tables_are_read_with_caption_headings_and_rows() {
        let html = r#"<html><body>
        <table class="other"><tr><td>not this</td></tr></table>
        <table class="govuk-table pathway-data-table">
          <caption class="govuk-table__caption">Vacancies &#38; agency <span class="govuk-visually-hidden">(FTE)</span></caption>
          <thead class="govuk-table__head"><tr class="govuk-table__row">
            <th scope="col" class="govuk-table__header">Date</th>
            <th scope="col" class="govuk-table__header">Vacancy
                rate</th>
            <th scope="col">Team</th>
          </tr></thead>
          <tbody>
            <tr><th scope="row"><a class="govuk-link" href="/x?a=1&amp;b=2">30 September 2024</a></th>
                <td class="govuk-table__cell--numeric">15.2%</td><td>Children&#39;s &lt;East&gt;</td></tr>
            <tr><th scope="row">2023</th><td>c</td><td><svg><text>12</text></svg>z</td></tr>
          </tbody>
        </table>
        <!-- <table class="govuk-table"> in a comment -->
        <table class='govuk-table'><tr><th>Name</th><th>Cases</th></tr><tr><td>Sam</td><td>1,234</td></tr></table>
        </body></html>"#;
        let tables = tables(html);
        assert_eq!(tables.len(), 2);
        let first = &tables[0];
        assert_eq!(first.caption, "Vacancies & agency (FTE)");
        assert_eq!(first.corner, "Date");
        assert_eq!(first.columns, ["Vacancy rate", "Team"]);
        assert_eq!(first.rows.len(), 2);
        assert_eq!(first.rows[0].header, "30 September 2024");
        assert_eq!(first.rows[0].cells[0].number, Some(0.152));
        assert_eq!(first.rows[0].cells[1].text, "Children's <East>");
        assert_eq!(first.rows[1].cells[0].text, "c");
        assert_eq!(first.rows[1].cells[1].text, "z");
        let second = &tables[1];
        assert_eq!(second.caption, "Table 2");
        assert_eq!(second.corner, "Name");
        assert_eq!(second.columns, ["Cases"]);
        assert_eq!(second.rows[0].header, "Sam");
        assert_eq!(second.rows[0].cells[0].number, Some(1234.0));
    }

    #[test]
    fn pages_of_figures_only_need_no_export_permission() {
        for path in [
            "/",
            "/profile",
            "/survey/2024",
            "/academy/programmes/full",
            "/caseloads/",
        ] {
            assert!(!shows_people(path), "{path}");
        }
        for path in [
            "/workers",
            "/workers/W1",
            "/teams",
            "/survey/2024/answer",
            "/academy/cohorts/C1",
            "/recruitment/candidates",
            "/caseloads/teams/T1",
            "/anything-new",
        ] {
            assert!(shows_people(path), "{path}");
        }
    }

    #[test]
    fn the_format_parameter_is_taken_out_and_the_rest_kept() {
        assert_eq!(without_format(Some("format=xlsx")), (true, String::new()));
        assert_eq!(
            without_format(Some("team=T1&format=xlsx&sort=name")),
            (true, "team=T1&sort=name".to_owned())
        );
        assert_eq!(
            without_format(Some("format=csv")),
            (false, "format=csv".to_owned())
        );
        assert_eq!(without_format(None), (false, String::new()));
    }

    #[test]
    fn file_names_come_from_the_path_and_the_day() {
        let day = chrono::NaiveDate::from_ymd_opt(2024, 10, 1).unwrap();
        assert_eq!(file_name("/", day), "dashboard-2024-10-01.xlsx");
        assert_eq!(
            file_name("/recruitment/vacancies/measures", day),
            "recruitment-vacancies-measures-2024-10-01.xlsx"
        );
        assert_eq!(
            file_name("/survey/2024", day),
            "survey-2024-2024-10-01.xlsx"
        );
    }
}
