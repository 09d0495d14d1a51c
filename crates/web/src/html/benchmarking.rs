//! Benchmarking: a council's measures beside the median and quartiles of its region
//! and of the whole installation, or a regional viewer's group of councils; and the
//! workforce lead's choice whether the council is named in other councils'
//! benchmarks. Other councils appear only as a distribution, or by name when they
//! chose to be (`docs/benchmarking.md`).

use askama::Template;
use askama_web::WebTemplate;
use axum::Form;
use axum::extract::{Query, State};
use axum::response::{IntoResponse, Redirect, Response};
use chrono::Utc;
use pathway_app::accounts::User;
use pathway_app::installation::{benchmark_councils, set_naming};
use pathway_domain::CouncilCode;
use pathway_domain::access::{Permission, UserRole};
use pathway_domain::benchmarking::{
    BenchmarkMeasure, CouncilBenchmark, CouncilFigures, Distribution, GroupBenchmark,
    InstallationCouncil, MIN_GROUP, MeasureKind, council_benchmark, group_benchmark,
};
use pathway_domain::values::Date;
use pathway_reports::charts::{self, Chart, Format, Series, Unit};
use serde::Deserialize;
use std::collections::HashMap;

use crate::AppState;
use crate::error::WebError;
use crate::html::dashboard::reference_date;
use crate::html::people::long_date;
use crate::page::Page;
use crate::session::{SignedIn, check_form_token};

/// The page's address.
pub const BENCHMARKING_HREF: &str = "/benchmarking";

/// What a user's benchmark is: their council's, or their group's (a regional viewer).
#[derive(Debug, Clone)]
pub enum Benchmark {
    /// A council beside its region and the installation.
    Council {
        /// The council, its region and naming.
        council: InstallationCouncil,
        /// Its comparison.
        benchmark: CouncilBenchmark,
    },
    /// A regional viewer's group of councils.
    Group(GroupBenchmark),
}

/// The figures at D of every council, or of `only` those: each council's measures
/// from the records cache, so only councils changed since they were last measured are
/// loaded (one at a time) and measured again.
async fn figures(
    state: &AppState,
    date: Date,
    only: Option<&[CouncilCode]>,
) -> Result<Vec<CouncilFigures>, WebError> {
    let store = state.store.as_ref();
    let councils = benchmark_councils(store, only).await?;
    let revisions: HashMap<CouncilCode, u64> =
        store.council_revisions().await?.into_iter().collect();
    let mut figures = Vec::with_capacity(councils.len());
    for council in councils {
        let code = council.council.code;
        let revision = revisions.get(&code).copied().unwrap_or(0);
        let measures = state
            .records
            .council_measures(store, code, revision, date)
            .await?;
        figures.push(CouncilFigures::from_scope(council, &measures, date));
    }
    Ok(figures)
}

/// The benchmark a user sees at D: their own council's, or their group's.
pub async fn benchmark_for(
    state: &AppState,
    user: &User,
    date: Date,
) -> Result<Benchmark, WebError> {
    match (user.council, user.role) {
        (Some(code), _) => {
            let figures = figures(state, date, None).await?;
            let council = figures
                .iter()
                .find(|f| f.council.council.code == code)
                .map(|f| f.council.clone())
                .ok_or(WebError::NotFound)?;
            let benchmark = council_benchmark(code, &figures).ok_or(WebError::NotFound)?;
            Ok(Benchmark::Council { council, benchmark })
        }
        (None, UserRole::RegionalViewer) => {
            let group = state.store.regional_viewer_councils(user.id).await?;
            let figures = figures(state, date, Some(&group)).await?;
            Ok(Benchmark::Group(group_benchmark(&figures)))
        }
        // An administrator belongs to no council and has no group.
        (None, _) => Err(WebError::NotFound),
    }
}

/// A measure's value as a table shows it: `None` when there is none.
pub fn write_value(measure: BenchmarkMeasure, value: Option<f64>) -> Option<String> {
    match measure.kind() {
        MeasureKind::Rate => Format::Percent.write(value),
        MeasureKind::Number => Format::Decimal("").write(value),
    }
}

/// What a table cell says where a group is too small to be shown.
const NOT_SHOWN: &str = "not shown";
/// What a table cell says where there is no value.
const NO_VALUE: &str = "no value";

fn cell(measure: BenchmarkMeasure, value: Option<f64>) -> String {
    write_value(measure, value).unwrap_or_else(|| NO_VALUE.to_owned())
}

/// The lower quartile, median and upper quartile cells of a distribution.
fn quartile_cells(measure: BenchmarkMeasure, distribution: &Distribution) -> [String; 3] {
    match distribution.quartiles {
        Some(q) => [
            cell(measure, Some(q.lower)),
            cell(measure, Some(q.median)),
            cell(measure, Some(q.upper)),
        ],
        None => [NOT_SHOWN, NOT_SHOWN, NOT_SHOWN].map(str::to_owned),
    }
}

/// One row of a table: its heading and cells.
#[derive(Debug)]
pub struct RowView {
    header: String,
    cells: Vec<String>,
}

/// The chart and its own data table.
#[derive(Debug)]
pub struct ChartView {
    svg: String,
    caption: String,
    columns: Vec<String>,
    rows: Vec<RowView>,
}

/// The benchmarking page.
#[derive(Template, WebTemplate)]
#[template(path = "benchmarking.html")]
pub struct BenchmarkingPage {
    page: Page,
    date: String,
    date_value: String,
    date_error: Option<String>,
    min_group: usize,
    /// Whether this is a council's benchmark (not a regional viewer's group).
    is_council: bool,
    council_name: String,
    region_name: String,
    region_councils: usize,
    installation_councils: usize,
    /// Whether any measure's distribution is held back.
    any_suppressed: bool,
    comparison_columns: Vec<String>,
    comparison: Vec<RowView>,
    chart: ChartView,
    /// The councils shown by name or number beside the distribution.
    member_caption: String,
    member_columns: Vec<String>,
    members: Vec<RowView>,
    /// Whether the user may choose whether the council is named, and whether it is.
    may_name: bool,
    named_now: bool,
    changed: bool,
}

/// `?date=` and whether the naming was just changed.
#[derive(Debug, Default, Deserialize)]
pub struct BenchmarkingQuery {
    date: Option<String>,
    changed: Option<String>,
}

fn measure_columns() -> Vec<String> {
    BenchmarkMeasure::ALL
        .iter()
        .map(|m| m.label().to_owned())
        .collect()
}

/// Percentage points of a rate for a chart, `None` for no value.
fn points(value: Option<f64>) -> Option<f64> {
    value.map(|v| v * 100.0)
}

/// The rate measures: the chart draws these (caseload per FTE is not a percentage,
/// and is in the table).
fn rate_measures() -> Vec<BenchmarkMeasure> {
    BenchmarkMeasure::ALL
        .into_iter()
        .filter(|m| m.kind() == MeasureKind::Rate)
        .collect()
}

fn chart_view(id: &str, title: String, series: Vec<(String, Vec<Option<f64>>)>) -> ChartView {
    let measures = rate_measures();
    let categories: Vec<String> = measures.iter().map(|m| m.label().to_owned()).collect();
    let description = format!(
        "{title}. A missing bar means there is no value, or fewer than {MIN_GROUP} councils to compare with."
    );
    let chart = Chart {
        id: id.to_owned(),
        title: title.clone(),
        description,
        categories: categories.clone(),
        series: series
            .iter()
            .map(|(name, values)| {
                Series::new(name.clone(), values.iter().map(|v| points(*v)).collect())
            })
            .collect(),
        unit: Unit::Percent,
        axis_label: "%".to_owned(),
    };
    ChartView {
        svg: charts::bar_chart(&chart),
        caption: format!("{title}: the figures of the chart"),
        columns: series.iter().map(|(name, _)| name.clone()).collect(),
        rows: measures
            .iter()
            .enumerate()
            .map(|(i, measure)| RowView {
                header: measure.label().to_owned(),
                cells: series
                    .iter()
                    .map(|(_, values)| match values[i] {
                        Some(value) => cell(*measure, Some(value)),
                        None => NOT_SHOWN.to_owned(),
                    })
                    .collect(),
            })
            .collect(),
    }
}

/// `GET /benchmarking`: the signed-in user's benchmark at D (the latest 30 September
/// unless asked).
pub async fn show(
    State(state): State<AppState>,
    signed_in: SignedIn,
    Query(query): Query<BenchmarkingQuery>,
) -> Result<BenchmarkingPage, WebError> {
    let (date, date_error) = reference_date(query.date.as_deref(), Utc::now().date_naive());
    let benchmark = benchmark_for(&state, &signed_in.user, date).await?;
    let long = long_date(date);
    let may_name = signed_in
        .user
        .role
        .allows(Permission::NameCouncilInBenchmarks);
    let mut page = BenchmarkingPage {
        page: Page::for_user(&signed_in, BENCHMARKING_HREF),
        date: long.clone(),
        date_value: query
            .date
            .clone()
            .filter(|_| date_error.is_some())
            .unwrap_or_else(|| date.to_string()),
        date_error,
        min_group: MIN_GROUP,
        is_council: false,
        council_name: String::new(),
        region_name: String::new(),
        region_councils: 0,
        installation_councils: 0,
        any_suppressed: false,
        comparison_columns: Vec::new(),
        comparison: Vec::new(),
        chart: chart_view("chart-benchmark", String::new(), Vec::new()),
        member_caption: String::new(),
        member_columns: Vec::new(),
        members: Vec::new(),
        may_name: false,
        named_now: false,
        changed: query.changed.is_some(),
    };
    match benchmark {
        Benchmark::Council { council, benchmark } => {
            page.is_council = true;
            page.council_name = council.council.name.clone();
            page.region_name = benchmark.region.label().to_owned();
            page.region_councils = benchmark.region_councils;
            page.installation_councils = benchmark.installation_councils;
            page.may_name = may_name;
            page.named_now = council.named_in_benchmarks;
            page.comparison_columns = [
                "Your council",
                "Region: lower quartile",
                "Region: median",
                "Region: upper quartile",
                "Installation: lower quartile",
                "Installation: median",
                "Installation: upper quartile",
            ]
            .map(str::to_owned)
            .to_vec();
            page.any_suppressed = benchmark
                .measures
                .iter()
                .any(|m| m.region.quartiles.is_none() || m.installation.quartiles.is_none());
            page.comparison = benchmark
                .measures
                .iter()
                .map(|m| {
                    let mut cells = vec![cell(m.measure, m.own)];
                    cells.extend(quartile_cells(m.measure, &m.region));
                    cells.extend(quartile_cells(m.measure, &m.installation));
                    RowView {
                        header: m.measure.label().to_owned(),
                        cells,
                    }
                })
                .collect();
            let rates: Vec<_> = benchmark
                .measures
                .iter()
                .filter(|m| m.measure.kind() == MeasureKind::Rate)
                .collect();
            page.chart = chart_view(
                "chart-benchmark",
                format!("Your council's rates beside the medians, {long}"),
                vec![
                    (
                        "Your council".to_owned(),
                        rates.iter().map(|m| m.own).collect(),
                    ),
                    (
                        "Region median".to_owned(),
                        rates
                            .iter()
                            .map(|m| m.region.quartiles.map(|q| q.median))
                            .collect(),
                    ),
                    (
                        "Installation median".to_owned(),
                        rates
                            .iter()
                            .map(|m| m.installation.quartiles.map(|q| q.median))
                            .collect(),
                    ),
                ],
            );
            page.member_caption = format!("Councils that chose to be named in benchmarks, {long}");
            page.member_columns = std::iter::once("Region".to_owned())
                .chain(measure_columns())
                .collect();
            page.members = benchmark
                .named
                .iter()
                .map(|named| RowView {
                    header: named.name.clone(),
                    cells: std::iter::once(named.region.label().to_owned())
                        .chain(
                            BenchmarkMeasure::ALL
                                .iter()
                                .zip(&named.values)
                                .map(|(m, v)| cell(*m, *v)),
                        )
                        .collect(),
                })
                .collect();
        }
        Benchmark::Group(group) => {
            page.comparison_columns = [
                "Councils with a value",
                "Lower quartile",
                "Median",
                "Upper quartile",
            ]
            .map(str::to_owned)
            .to_vec();
            page.any_suppressed = group.measures.iter().any(|(_, d)| d.quartiles.is_none());
            page.comparison = group
                .measures
                .iter()
                .map(|(measure, distribution)| {
                    let mut cells = vec![distribution.councils.to_string()];
                    cells.extend(quartile_cells(*measure, distribution));
                    RowView {
                        header: measure.label().to_owned(),
                        cells,
                    }
                })
                .collect();
            let rates: Vec<_> = group
                .measures
                .iter()
                .filter(|(m, _)| m.kind() == MeasureKind::Rate)
                .collect();
            let series = |name: &str, pick: fn(&pathway_domain::benchmarking::Quartiles) -> f64| {
                (
                    name.to_owned(),
                    rates
                        .iter()
                        .map(|(_, d)| d.quartiles.as_ref().map(pick))
                        .collect(),
                )
            };
            page.chart = chart_view(
                "chart-benchmark",
                format!("Your group's rates, {long}"),
                vec![
                    series("Lower quartile", |q| q.lower),
                    series("Median", |q| q.median),
                    series("Upper quartile", |q| q.upper),
                ],
            );
            page.member_caption = format!(
                "Each council of your group, {long}: named if it chose to be, otherwise by number"
            );
            page.member_columns = measure_columns();
            page.members = group
                .members
                .iter()
                .map(|member| RowView {
                    header: member.label.clone(),
                    cells: BenchmarkMeasure::ALL
                        .iter()
                        .zip(&member.values)
                        .map(|(m, v)| cell(*m, *v))
                        .collect(),
                })
                .collect();
            page.member_caption = if group.councils < MIN_GROUP {
                String::new()
            } else {
                page.member_caption
            };
        }
    }
    Ok(page)
}

/// The naming form.
#[derive(Debug, Deserialize)]
pub struct NamingForm {
    csrf_token: String,
    #[serde(default)]
    named: String,
}

/// `POST /benchmarking/naming`: the workforce lead chooses whether their council is
/// named in other councils' benchmarks.
pub async fn save_naming(
    State(state): State<AppState>,
    signed_in: SignedIn,
    Form(form): Form<NamingForm>,
) -> Result<Response, WebError> {
    check_form_token(&signed_in, &form.csrf_token)?;
    let code = signed_in.user.council.ok_or(WebError::NotFound)?;
    let named = match form.named.as_str() {
        "yes" => true,
        "no" => false,
        // Only the two radios can send anything else; show the page again unchanged.
        _ => return Ok(Redirect::to(BENCHMARKING_HREF).into_response()),
    };
    set_naming(state.store.as_ref(), &signed_in.user.email, code, named)
        .await
        .map_err(|error| match error {
            pathway_app::installation::InstallationError::Store(error) => WebError::Store(error),
            other => WebError::Internal(other.to_string()),
        })?;
    Ok(Redirect::to(&format!("{BENCHMARKING_HREF}?changed=naming")).into_response())
}

/// The measures' values by key, for JSON.
pub fn values_by_key(values: &[Option<f64>]) -> HashMap<String, Option<f64>> {
    BenchmarkMeasure::ALL
        .iter()
        .zip(values)
        .map(|(m, v)| (m.key().to_owned(), *v))
        .collect()
}
