//! The workforce register: the people the user may see, searched, filtered, sorted
//! and paged, and the same list as a spreadsheet.

use std::cmp::Reverse;

use askama::Template;
use askama_web::WebTemplate;
use axum::extract::{Query, State};
use axum::http::header;
use axum::response::{IntoResponse, Response};
use chrono::{Datelike, Utc};
use pathway_app::AuditEntry;
use pathway_domain::access::{PeopleReach, Permission};
use pathway_domain::codes::{Contract, Role};
use pathway_domain::ids::TeamId;
use pathway_domain::records::Worker;
use rust_xlsxwriter::{ExcelDateTime, Format, Workbook, XlsxError};
use serde::Deserialize;

use crate::AppState;
use crate::error::WebError;
use crate::html::people::{
    self, Choice, People, Position, humanise, maybe_date, person_href, role_label,
};
use crate::page::Page;
use crate::session::SignedIn;

/// People per page.
pub const PAGE_SIZE: usize = 50;

/// The register's query parameters, as sent: anything not understood is ignored.
#[derive(Debug, Default, Deserialize)]
pub struct RegisterQuery {
    q: Option<String>,
    team: Option<String>,
    role: Option<String>,
    contract: Option<String>,
    status: Option<String>,
    sort: Option<String>,
    page: Option<String>,
}

/// Whether to list people in post, leavers or both.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Status {
    /// An employment covers today (the default).
    InPost,
    /// No employment covers today.
    Left,
    /// Everyone.
    All,
}

impl Status {
    fn as_str(self) -> &'static str {
        match self {
            Self::InPost => "in_post",
            Self::Left => "left",
            Self::All => "all",
        }
    }
}

/// The order of the register.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Sort {
    /// By family name, then given name (the default).
    Name,
    /// By the start of the latest employment, earliest first.
    Start,
    /// By the start of the latest employment, latest first.
    StartDescending,
}

impl Sort {
    fn as_str(self) -> &'static str {
        match self {
            Self::Name => "name",
            Self::Start => "start",
            Self::StartDescending => "-start",
        }
    }
}

/// The register's filters, understood.
#[derive(Debug, Clone)]
pub struct Filters {
    q: String,
    team: Option<TeamId>,
    role: Option<Role>,
    contract: Option<Contract>,
    status: Status,
    sort: Sort,
    page: usize,
}

impl Filters {
    fn from_query(query: RegisterQuery) -> Self {
        let given = |value: Option<String>| value.filter(|value| !value.trim().is_empty());
        Self {
            q: query.q.unwrap_or_default().trim().to_owned(),
            team: given(query.team).and_then(|team| TeamId::parse(&team).ok()),
            role: given(query.role).and_then(|role| Role::parse(&role).ok()),
            contract: given(query.contract).and_then(|contract| Contract::parse(&contract).ok()),
            status: match query.status.as_deref().map(str::trim) {
                Some("left") => Status::Left,
                Some("all") => Status::All,
                _ => Status::InPost,
            },
            sort: match query.sort.as_deref().map(str::trim) {
                Some("start") => Sort::Start,
                Some("-start") => Sort::StartDescending,
                _ => Sort::Name,
            },
            page: query
                .page
                .and_then(|page| page.trim().parse().ok())
                .filter(|page| *page >= 1)
                .unwrap_or(1),
        }
    }

    /// `path` with the query string for these filters with another sort and page;
    /// defaults are left out.
    fn link(&self, path: &str, sort: Sort, page: usize) -> String {
        let mut pairs: Vec<(&str, String)> = Vec::new();
        if !self.q.is_empty() {
            pairs.push(("q", self.q.clone()));
        }
        if let Some(team) = &self.team {
            pairs.push(("team", team.to_string()));
        }
        if let Some(role) = self.role {
            pairs.push(("role", role.as_str().to_owned()));
        }
        if let Some(contract) = self.contract {
            pairs.push(("contract", contract.as_str().to_owned()));
        }
        if self.status != Status::InPost {
            pairs.push(("status", self.status.as_str().to_owned()));
        }
        if sort != Sort::Name {
            pairs.push(("sort", sort.as_str().to_owned()));
        }
        if page > 1 {
            pairs.push(("page", page.to_string()));
        }
        if pairs.is_empty() {
            path.to_owned()
        } else {
            let query: Vec<String> = pairs
                .iter()
                .map(|(name, value)| format!("{name}={}", people::encode(value)))
                .collect();
            format!("{path}?{}", query.join("&"))
        }
    }

    fn matches(&self, worker: &Worker, position: &Position<'_>) -> bool {
        let status = match self.status {
            Status::InPost => position.in_post,
            Status::Left => !position.in_post,
            Status::All => true,
        };
        let assignment = position.assignment;
        status
            && self.team.as_ref().is_none_or(|team| {
                assignment.is_some_and(|assignment| assignment.team_id.as_ref() == Some(team))
            })
            && self
                .role
                .is_none_or(|role| assignment.is_some_and(|assignment| assignment.role == role))
            && self.contract.is_none_or(|contract| {
                assignment.is_some_and(|assignment| assignment.contract == contract)
            })
            && self.search_matches(worker)
    }

    fn search_matches(&self, worker: &Worker) -> bool {
        if self.q.is_empty() {
            return true;
        }
        let wanted = self.q.to_lowercase();
        let full_name = format!("{} {}", worker.given_name, worker.family_name).to_lowercase();
        full_name.contains(&wanted)
            || worker.family_name.to_lowercase().contains(&wanted)
            || worker.id.as_str().eq_ignore_ascii_case(&self.q)
            || worker.swe_number.as_ref().is_some_and(|number| {
                number
                    .as_str()
                    .to_lowercase()
                    .contains(&wanted.replace(' ', ""))
            })
    }
}

/// The people the filters select, in the order asked for.
pub fn select<'w>(people: &People<'w>, filters: &Filters) -> Vec<(&'w Worker, Position<'w>)> {
    let mut selected: Vec<(&Worker, Position)> = people
        .visible()
        .map(|worker| (worker, people.position(&worker.id)))
        .filter(|(worker, position)| filters.matches(worker, position))
        .collect();
    // Each row's key is worked out once: lower-casing names inside the comparison
    // made sorting a few thousand people most of the page's time.
    selected.sort_by_cached_key(|(worker, position)| {
        let name = (
            worker.family_name.to_lowercase(),
            worker.given_name.to_lowercase(),
            worker.id.clone(),
        );
        match filters.sort {
            Sort::Name => (None, Reverse(None), name),
            Sort::Start => (position.latest_start, Reverse(None), name),
            Sort::StartDescending => (None, Reverse(position.latest_start), name),
        }
    });
    selected
}

/// One row of the register's table.
#[derive(Debug)]
struct Row {
    href: String,
    name: String,
    worker_id: String,
    swe_number: String,
    team: String,
    role: String,
    contract: String,
    fte: String,
    start: String,
}

/// One sortable column header.
#[derive(Debug)]
struct SortHeader {
    label: &'static str,
    href: String,
    /// `ascending` or `descending` on the sorted column.
    aria_sort: Option<&'static str>,
}

/// One item of the pagination list: a page number, or a gap.
#[derive(Debug)]
struct PageItem {
    number: usize,
    href: String,
    current: bool,
    ellipsis: bool,
}

#[derive(Template, WebTemplate)]
#[template(path = "register.html")]
/// The register page.
pub struct RegisterPage {
    page: Page,
    q: String,
    teams: Vec<Choice>,
    roles: Vec<Choice>,
    contracts: Vec<Choice>,
    statuses: Vec<Choice>,
    sort: String,
    name_header: SortHeader,
    start_header: SortHeader,
    rows: Vec<Row>,
    count: usize,
    first: usize,
    last: usize,
    previous: Option<String>,
    next: Option<String>,
    pages: Vec<PageItem>,
    export_href: Option<String>,
}

fn sort_header(filters: &Filters, label: &'static str, column: Sort) -> SortHeader {
    let (next, aria_sort) = match (column, filters.sort) {
        (Sort::Name, Sort::Name) => (Sort::Name, Some("ascending")),
        (Sort::Name, _) => (Sort::Name, None),
        (_, Sort::Start) => (Sort::StartDescending, Some("ascending")),
        (_, Sort::StartDescending) => (Sort::Start, Some("descending")),
        (_, Sort::Name) => (Sort::Start, None),
    };
    SortHeader {
        label,
        href: filters.link("/workers", next, 1),
        aria_sort,
    }
}

/// The page numbers to show: the first, the last, and those next to the current one.
fn page_items(filters: &Filters, current: usize, pages: usize) -> Vec<PageItem> {
    let mut items = Vec::new();
    let mut gap = false;
    for number in 1..=pages {
        let shown = number == 1 || number == pages || number.abs_diff(current) <= 1;
        if shown {
            items.push(PageItem {
                number,
                href: filters.link("/workers", filters.sort, number),
                current: number == current,
                ellipsis: false,
            });
            gap = false;
        } else if !gap {
            items.push(PageItem {
                number,
                href: String::new(),
                current: false,
                ellipsis: true,
            });
            gap = true;
        }
    }
    items
}

fn team_label(people: &People<'_>, position: &Position<'_>) -> String {
    position.assignment.map_or_else(String::new, |assignment| {
        people.team_name(assignment.team_id.as_ref())
    })
}

/// The teams a user may filter by: all the council's for those who see everyone,
/// their own for team managers.
fn team_choices(
    people: &People<'_>,
    signed_in: &SignedIn,
    selected: Option<&TeamId>,
) -> Vec<Choice> {
    let current = selected.map(ToString::to_string).unwrap_or_default();
    let mut choices = vec![Choice::new("", "All teams", &current)];
    let mut teams: Vec<_> = people
        .workforce
        .teams
        .iter()
        .filter(|team| match signed_in.user.role.reach() {
            PeopleReach::Council => true,
            PeopleReach::OwnTeams => signed_in.user.teams.contains(&team.id),
            PeopleReach::Themselves | PeopleReach::Nobody => Some(&team.id) == selected,
        })
        .collect();
    teams.sort_by_cached_key(|team| (team.name.to_lowercase(), team.id.clone()));
    choices.extend(
        teams
            .into_iter()
            .map(|team| Choice::new(team.id.to_string(), team.name.clone(), &current)),
    );
    choices
}

/// `GET /workers`: the workforce register.
pub async fn show(
    State(state): State<AppState>,
    signed_in: SignedIn,
    Query(query): Query<RegisterQuery>,
) -> Result<RegisterPage, WebError> {
    let filters = Filters::from_query(query);
    let (_, workforce) = people::load(&state, &signed_in).await?;
    let people = People::new(&workforce, &signed_in.user, Utc::now().date_naive());
    let selected = select(&people, &filters);
    let count = selected.len();
    let pages = count.div_ceil(PAGE_SIZE).max(1);
    let current = filters.page.min(pages);
    let start = (current - 1) * PAGE_SIZE;
    let rows = selected
        .iter()
        .skip(start)
        .take(PAGE_SIZE)
        .map(|(worker, position)| Row {
            href: person_href(&worker.id),
            name: format!("{} {}", worker.given_name, worker.family_name),
            worker_id: worker.id.to_string(),
            swe_number: worker
                .swe_number
                .as_ref()
                .map(ToString::to_string)
                .unwrap_or_default(),
            team: team_label(&people, position),
            role: position
                .assignment
                .map(|assignment| role_label(assignment.role))
                .unwrap_or_default(),
            contract: position
                .assignment
                .map(|assignment| humanise(assignment.contract.as_str()))
                .unwrap_or_default(),
            fte: position
                .assignment
                .map(|assignment| assignment.fte.to_string())
                .unwrap_or_default(),
            start: maybe_date(position.latest_start, ""),
        })
        .collect::<Vec<_>>();
    let role_current = filters.role.map(Role::as_str).unwrap_or_default();
    let contract_current = filters.contract.map(Contract::as_str).unwrap_or_default();
    let mut roles = vec![Choice::new("", "All roles", role_current)];
    roles.extend(
        Role::ALL
            .iter()
            .map(|role| Choice::new(role.as_str(), role_label(*role), role_current)),
    );
    let mut contracts = vec![Choice::new("", "All contracts", contract_current)];
    contracts.extend(Contract::ALL.iter().map(|contract| {
        Choice::new(
            contract.as_str(),
            humanise(contract.as_str()),
            contract_current,
        )
    }));
    let status = filters.status.as_str();
    let statuses = vec![
        Choice::new("in_post", "In post", status),
        Choice::new("left", "Left", status),
        Choice::new("all", "Everyone", status),
    ];
    Ok(RegisterPage {
        page: Page::for_user(&signed_in, "/workers"),
        q: filters.q.clone(),
        teams: team_choices(&people, &signed_in, filters.team.as_ref()),
        roles,
        contracts,
        statuses,
        sort: filters.sort.as_str().to_owned(),
        name_header: sort_header(&filters, "Name", Sort::Name),
        start_header: sort_header(&filters, "Start date", Sort::Start),
        count,
        first: if count == 0 { 0 } else { start + 1 },
        last: start + rows.len(),
        rows,
        previous: (current > 1).then(|| filters.link("/workers", filters.sort, current - 1)),
        next: (current < pages).then(|| filters.link("/workers", filters.sort, current + 1)),
        pages: if pages > 1 {
            page_items(&filters, current, pages)
        } else {
            Vec::new()
        },
        export_href: signed_in
            .user
            .role
            .allows(Permission::ExportPeople)
            .then(|| filters.link("/workers/export.xlsx", filters.sort, 1)),
    })
}

/// `GET /workers/export.xlsx`: the register's filtered list (every page) as a
/// spreadsheet, recorded in the audit trail.
pub async fn export(
    State(state): State<AppState>,
    signed_in: SignedIn,
    Query(query): Query<RegisterQuery>,
) -> Result<Response, WebError> {
    let filters = Filters::from_query(query);
    let (council, workforce) = people::load(&state, &signed_in).await?;
    let people = People::new(&workforce, &signed_in.user, Utc::now().date_naive());
    let selected = select(&people, &filters);
    let bytes = workbook(&people, &selected)
        .map_err(|error| WebError::Internal(format!("writing the register: {error}")))?;
    state
        .store
        .record_audit(&[AuditEntry {
            council,
            actor: signed_in.user.email.clone(),
            action: "export register".into(),
            detail: format!(
                "{} people; {}",
                selected.len(),
                filters.link("/workers", filters.sort, 1)
            ),
        }])
        .await?;
    let filename = format!(
        "attachment; filename=\"workforce-register-{council}-{}.xlsx\"",
        people.today.format("%Y-%m-%d")
    );
    Ok((
        [
            (
                header::CONTENT_TYPE,
                "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet".to_owned(),
            ),
            (header::CONTENT_DISPOSITION, filename),
            (header::CACHE_CONTROL, "no-store".to_owned()),
        ],
        bytes,
    )
        .into_response())
}

const COLUMNS: [&str; 11] = [
    "Worker ID",
    "Given name",
    "Family name",
    "SWE number",
    "Team",
    "Role",
    "Contract",
    "FTE",
    "Latest start date",
    "In post",
    "Person page",
];

fn workbook(
    people: &People<'_>,
    selected: &[(&Worker, Position<'_>)],
) -> Result<Vec<u8>, XlsxError> {
    let mut workbook = Workbook::new();
    let bold = Format::new().set_bold();
    let date_format = Format::new().set_num_format("yyyy-mm-dd");
    let sheet = workbook.add_worksheet();
    sheet.set_name("Workforce register")?;
    for (column, title) in (0u16..).zip(COLUMNS) {
        sheet.write_string_with_format(0, column, title, &bold)?;
    }
    for (row, (worker, position)) in (1u32..).zip(selected) {
        sheet.write_string(row, 0, worker.id.as_str())?;
        sheet.write_string(row, 1, &worker.given_name)?;
        sheet.write_string(row, 2, &worker.family_name)?;
        if let Some(number) = &worker.swe_number {
            sheet.write_string(row, 3, number.as_str())?;
        }
        sheet.write_string(row, 4, team_label(people, position))?;
        if let Some(assignment) = position.assignment {
            sheet.write_string(row, 5, role_label(assignment.role))?;
            sheet.write_string(row, 6, humanise(assignment.contract.as_str()))?;
            sheet.write_number(row, 7, assignment.fte.value())?;
        }
        if let Some(start) = position.latest_start {
            let year = u16::try_from(start.year()).unwrap_or(1900);
            let month = u8::try_from(start.month()).unwrap_or(1);
            let day = u8::try_from(start.day()).unwrap_or(1);
            let date = ExcelDateTime::from_ymd(year, month, day)?;
            sheet.write_datetime_with_format(row, 8, &date, &date_format)?;
        }
        sheet.write_string(row, 9, if position.in_post { "Yes" } else { "No" })?;
        sheet.write_string(row, 10, person_href(&worker.id))?;
    }
    sheet.set_freeze_panes(1, 0)?;
    sheet.autofit();
    workbook.save_to_buffer()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn links_keep_the_filters_and_leave_out_defaults() {
        let filters = Filters::from_query(RegisterQuery {
            q: Some(" Ann Lee ".into()),
            team: Some("T1".into()),
            status: Some("all".into()),
            page: Some("3".into()),
            ..RegisterQuery::default()
        });
        assert_eq!(
            filters.link("/workers", Sort::StartDescending, 2),
            "/workers?q=Ann%20Lee&team=T1&status=all&sort=-start&page=2"
        );
        let plain = Filters::from_query(RegisterQuery::default());
        assert_eq!(plain.link("/workers", Sort::Name, 1), "/workers");
    }

    #[test]
    fn nonsense_parameters_fall_back_to_the_defaults() {
        let filters = Filters::from_query(RegisterQuery {
            role: Some("wizard".into()),
            status: Some("gone".into()),
            sort: Some("shoe size".into()),
            page: Some("-4".into()),
            ..RegisterQuery::default()
        });
        assert_eq!(filters.role, None);
        assert_eq!(filters.status, Status::InPost);
        assert_eq!(filters.sort, Sort::Name);
        assert_eq!(filters.page, 1);
    }

    #[test]
    fn pagination_shows_the_ends_and_the_neighbours_with_gaps_between() {
        let filters = Filters::from_query(RegisterQuery::default());
        let items = page_items(&filters, 5, 9);
        let shown: Vec<String> = items
            .iter()
            .map(|item| {
                if item.ellipsis {
                    "…".to_owned()
                } else {
                    item.number.to_string()
                }
            })
            .collect();
        assert_eq!(shown, ["1", "…", "4", "5", "6", "…", "9"]);
        assert!(items.iter().any(|item| item.current && item.number == 5));
    }
}
