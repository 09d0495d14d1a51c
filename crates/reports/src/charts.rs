//! Charts drawn on the server as inline SVG: line charts and bar charts with axes,
//! gridlines, tick labels and a legend, and the sentences that say in words what a
//! chart shows.
//!
//! No script and no library: a chart is a string of SVG whose text is real text. Each
//! has `role="img"`, a `<title>` and a `<desc>`, and is meant to be followed on the
//! page by a table of the same figures, its accessible equivalent. Series are told
//! apart by colour (from GOV.UK's palette, each at least 3:1 against white) and also by
//! marker shape and dash (lines) or fill pattern (bars), so colour is never the only
//! cue. A value that is `None` is drawn as a gap (lines) or a `z` on the axis (bars),
//! never as 0.

use std::fmt::Write as _;

/// Colours of series in order: GOV.UK blue, pink, green and purple (contrast against
/// white 5.2:1, 4.4:1, 6.4:1 and 11.4:1).
const COLOURS: [&str; 4] = ["#1d70b8", "#d53880", "#00703c", "#4c2c92"];
/// GOV.UK black, for text and axes.
const TEXT: &str = "#0b0c0c";
/// GOV.UK mid-grey, for gridlines.
const GRID: &str = "#b1b4b6";
/// Dash patterns of line series in order: solid, dashed, dotted, dash-dot.
const DASHES: [&str; 4] = ["", "8 4", "2 4", "10 4 2 4"];
/// Marker shapes of line series in order.
const MARKERS: [Marker; 4] = [
    Marker::Circle,
    Marker::Square,
    Marker::Triangle,
    Marker::Diamond,
];

const WIDTH: f64 = 640.0;
const PLOT_HEIGHT: f64 = 240.0;
const LEFT: f64 = 72.0;
const RIGHT: f64 = 16.0;
const TOP_GAP: f64 = 36.0;
const BOTTOM: f64 = 40.0;
const FONT_SIZE: f64 = 16.0;
/// A rough width of one character at [`FONT_SIZE`] in Arial, for laying out the
/// legend.
const CHAR_WIDTH: f64 = 8.5;
const LEGEND_ROW: f64 = 24.0;

/// How a chart's values are written on its axis.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Unit {
    /// Percentages, given as percentages (15.2 for 15.2%).
    Percent,
    /// Plain numbers, such as FTE or counts.
    Number,
}

impl Unit {
    fn suffix(self) -> &'static str {
        match self {
            Self::Percent => "%",
            Self::Number => "",
        }
    }
}

/// One series of values, one per category (`None` where there is no value).
#[derive(Debug, Clone, PartialEq)]
pub struct Series {
    /// Its name, shown in the legend.
    pub name: String,
    /// Its values, in the order of the chart's categories.
    pub values: Vec<Option<f64>>,
    /// What a bar chart writes where a value is missing, by position: `c` where it is
    /// held back, `z` (the default, for positions not given) where it does not apply.
    pub missing: Vec<String>,
}

impl Series {
    /// A series named `name`.
    pub fn new(name: impl Into<String>, values: Vec<Option<f64>>) -> Self {
        Self {
            name: name.into(),
            values,
            missing: Vec::new(),
        }
    }

    /// The same series, saying by position what stands in for a missing value.
    pub fn with_missing(mut self, missing: Vec<String>) -> Self {
        self.missing = missing;
        self
    }
}

/// What to draw.
#[derive(Debug, Clone, PartialEq)]
pub struct Chart {
    /// Unique on the page: the SVG's `<title>`, `<desc>` and patterns are named from it.
    pub id: String,
    /// The chart's title (its `<title>`).
    pub title: String,
    /// What it shows, in words (its `<desc>`).
    pub description: String,
    /// The labels along the horizontal axis.
    pub categories: Vec<String>,
    /// The series; a legend is drawn when there are two or more.
    pub series: Vec<Series>,
    /// How values are written.
    pub unit: Unit,
    /// What the vertical axis measures, written above it ("%", "FTE").
    pub axis_label: String,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Marker {
    Circle,
    Square,
    Triangle,
    Diamond,
}

/// The vertical scale: from 0 to `top`, with gridlines every `step`.
#[derive(Debug, Clone, Copy, PartialEq)]
struct Scale {
    top: f64,
    step: f64,
}

impl Scale {
    /// A scale from 0 that holds every finite value, with about four to six steps of
    /// 1, 2, 2.5 or 5 times a power of ten. With no positive value it runs 0 to 1.
    fn for_values<'a>(values: impl Iterator<Item = &'a Option<f64>>) -> Self {
        let largest = values
            .filter_map(|value| *value)
            .filter(|value| value.is_finite())
            .fold(0.0_f64, f64::max);
        let largest = if largest > 0.0 { largest } else { 1.0 };
        let rough = largest / 5.0;
        let power = 10f64.powf(rough.log10().floor());
        let step = [1.0, 2.0, 2.5, 5.0, 10.0]
            .iter()
            .map(|factor| factor * power)
            .find(|step| *step >= rough * (1.0 - 1e-9))
            .unwrap_or(10.0 * power);
        let top = (largest / step - 1e-9).ceil().max(1.0) * step;
        Self { top, step }
    }

    fn ticks(self) -> Vec<f64> {
        let count = (self.top / self.step).round() as usize;
        (0..=count).map(|i| i as f64 * self.step).collect()
    }

    /// The vertical position of `value` in a plot from `top_y` down to `bottom_y`.
    fn y(self, value: f64, top_y: f64, bottom_y: f64) -> f64 {
        bottom_y - (value / self.top) * (bottom_y - top_y)
    }
}

/// Writes a number for an axis: as few decimals as the step needs, at most two.
fn tick_label(value: f64, step: f64, unit: Unit) -> String {
    let decimals = if (step - step.round()).abs() < 1e-9 {
        0
    } else if ((step * 10.0) - (step * 10.0).round()).abs() < 1e-9 {
        1
    } else {
        2
    };
    format!("{value:.decimals$}{}", unit.suffix())
}

/// Escapes text for SVG (XML) content and attribute values.
pub fn escape(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    for character in text.chars() {
        match character {
            '&' => out.push_str("&amp;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '"' => out.push_str("&quot;"),
            '\'' => out.push_str("&#39;"),
            other => out.push(other),
        }
    }
    out
}

/// A coordinate, rounded to a tenth so the SVG stays short.
fn c(value: f64) -> String {
    let rounded = (value * 10.0).round() / 10.0;
    if rounded == rounded.trunc() {
        format!("{rounded:.0}")
    } else {
        format!("{rounded:.1}")
    }
}

/// Where the plot is, below the legend.
struct Frame {
    plot_top: f64,
    plot_bottom: f64,
    plot_left: f64,
    plot_right: f64,
    height: f64,
}

impl Frame {
    fn new(chart: &Chart) -> Self {
        let legend_rows = legend_layout(chart).last().map_or(0, |item| item.row + 1);
        let plot_top = legend_rows as f64 * LEGEND_ROW + TOP_GAP;
        let plot_bottom = plot_top + PLOT_HEIGHT;
        Self {
            plot_top,
            plot_bottom,
            plot_left: LEFT,
            plot_right: WIDTH - RIGHT,
            height: plot_bottom + BOTTOM,
        }
    }

    fn band_width(&self, categories: usize) -> f64 {
        (self.plot_right - self.plot_left) / categories.max(1) as f64
    }

    fn centre(&self, categories: usize, index: usize) -> f64 {
        self.plot_left + self.band_width(categories) * (index as f64 + 0.5)
    }
}

/// Where one legend entry goes.
struct LegendItem {
    row: usize,
    x: f64,
}

/// Lays the legend out in rows across the chart's width; empty for fewer than two
/// series.
fn legend_layout(chart: &Chart) -> Vec<LegendItem> {
    if chart.series.len() < 2 {
        return Vec::new();
    }
    let mut items = Vec::new();
    let (mut row, mut x) = (0, LEFT);
    for series in &chart.series {
        let width = 32.0 + series.name.chars().count() as f64 * CHAR_WIDTH + 24.0;
        if x + width > WIDTH - RIGHT && x > LEFT {
            row += 1;
            x = LEFT;
        }
        items.push(LegendItem { row, x });
        x += width;
    }
    items
}

fn open(out: &mut String, chart: &Chart, frame: &Frame, kind: &str) {
    let id = escape(&chart.id);
    let _ = write!(
        out,
        r#"<svg xmlns="http://www.w3.org/2000/svg" class="pathway-chart pathway-chart--{kind}" id="{id}" viewBox="0 0 {w} {h}" width="{w}" height="{h}" role="img" aria-labelledby="{id}-title {id}-desc" font-family="arial, sans-serif" font-size="{FONT_SIZE}">"#,
        w = c(WIDTH),
        h = c(frame.height),
    );
    let _ = write!(
        out,
        r#"<title id="{id}-title">{}</title><desc id="{id}-desc">{}</desc>"#,
        escape(&chart.title),
        escape(&chart.description),
    );
}

/// Gridlines, the vertical axis with its tick labels and label, the horizontal axis
/// with its category labels.
fn axes(out: &mut String, chart: &Chart, frame: &Frame, scale: Scale) {
    out.push_str(r#"<g class="pathway-chart__axes">"#);
    for tick in scale.ticks() {
        let y = c(scale.y(tick, frame.plot_top, frame.plot_bottom));
        let _ = write!(
            out,
            r#"<line x1="{}" x2="{}" y1="{y}" y2="{y}" stroke="{GRID}" stroke-width="1"/>"#,
            c(frame.plot_left),
            c(frame.plot_right),
        );
        let _ = write!(
            out,
            r#"<text x="{}" y="{y}" dy="0.35em" text-anchor="end" fill="{TEXT}">{}</text>"#,
            c(frame.plot_left - 8.0),
            escape(&tick_label(tick, scale.step, chart.unit)),
        );
    }
    if !chart.axis_label.is_empty() {
        let _ = write!(
            out,
            r#"<text x="4" y="{}" text-anchor="start" fill="{TEXT}">{}</text>"#,
            c(frame.plot_top - 12.0),
            escape(&chart.axis_label),
        );
    }
    let _ = write!(
        out,
        r#"<line x1="{l}" x2="{l}" y1="{t}" y2="{b}" stroke="{TEXT}" stroke-width="1"/><line x1="{l}" x2="{r}" y1="{b}" y2="{b}" stroke="{TEXT}" stroke-width="2"/>"#,
        l = c(frame.plot_left),
        r = c(frame.plot_right),
        t = c(frame.plot_top),
        b = c(frame.plot_bottom),
    );
    let count = chart.categories.len();
    for (index, category) in chart.categories.iter().enumerate() {
        let _ = write!(
            out,
            r#"<text x="{}" y="{}" text-anchor="middle" fill="{TEXT}">{}</text>"#,
            c(frame.centre(count, index)),
            c(frame.plot_bottom + 24.0),
            escape(category),
        );
    }
    out.push_str("</g>");
}

fn marker(out: &mut String, shape: Marker, x: f64, y: f64, colour: &str) {
    let r = 5.0;
    let _ = match shape {
        Marker::Circle => write!(
            out,
            r#"<circle cx="{}" cy="{}" r="{}" fill="{colour}"/>"#,
            c(x),
            c(y),
            c(r)
        ),
        Marker::Square => write!(
            out,
            r#"<rect x="{}" y="{}" width="{}" height="{}" fill="{colour}"/>"#,
            c(x - r),
            c(y - r),
            c(2.0 * r),
            c(2.0 * r)
        ),
        Marker::Triangle => write!(
            out,
            r#"<path d="M{} {}L{} {}L{} {}Z" fill="{colour}"/>"#,
            c(x),
            c(y - r - 1.0),
            c(x + r + 1.0),
            c(y + r),
            c(x - r - 1.0),
            c(y + r)
        ),
        Marker::Diamond => write!(
            out,
            r#"<path d="M{} {}L{} {}L{} {}L{} {}Z" fill="{colour}"/>"#,
            c(x),
            c(y - r - 1.0),
            c(x + r + 1.0),
            c(y),
            c(x),
            c(y + r + 1.0),
            c(x - r - 1.0),
            c(y)
        ),
    };
}

fn dash_attribute(index: usize) -> String {
    let dash = DASHES[index % DASHES.len()];
    if dash.is_empty() {
        String::new()
    } else {
        format!(r#" stroke-dasharray="{dash}""#)
    }
}

/// What a bar series is filled with: solid colour for the first, then hatched,
/// dotted and cross-hatched patterns, each in the series' colour.
fn bar_fill(chart: &Chart, index: usize) -> String {
    if index.is_multiple_of(4) {
        COLOURS[0].to_owned()
    } else {
        format!("url(#{}-pattern-{index})", escape(&chart.id))
    }
}

fn bar_patterns(out: &mut String, chart: &Chart) {
    if chart.series.len() < 2 {
        return;
    }
    out.push_str("<defs>");
    for index in 1..chart.series.len() {
        let colour = COLOURS[index % COLOURS.len()];
        let id = format!("{}-pattern-{index}", escape(&chart.id));
        let body = match index % 4 {
            1 => format!(
                r#"<rect width="8" height="8" fill="white"/><path d="M-2 2L2 -2M0 8L8 0M6 10L10 6" stroke="{colour}" stroke-width="3"/>"#
            ),
            2 => format!(
                r#"<rect width="8" height="8" fill="white"/><circle cx="4" cy="4" r="2.5" fill="{colour}"/>"#
            ),
            3 => format!(
                r#"<rect width="8" height="8" fill="white"/><path d="M0 4H8M4 0V8" stroke="{colour}" stroke-width="2"/>"#
            ),
            _ => format!(r#"<rect width="8" height="8" fill="{colour}"/>"#),
        };
        let _ = write!(
            out,
            r#"<pattern id="{id}" width="8" height="8" patternUnits="userSpaceOnUse">{body}</pattern>"#
        );
    }
    out.push_str("</defs>");
}

/// The legend: a sample of each series' line and marker (or bar fill) and its name.
fn legend(out: &mut String, chart: &Chart, bars: bool) {
    let items = legend_layout(chart);
    if items.is_empty() {
        return;
    }
    out.push_str(r#"<g class="pathway-chart__legend">"#);
    for (index, (item, series)) in items.iter().zip(&chart.series).enumerate() {
        let colour = COLOURS[index % COLOURS.len()];
        let y = 8.0 + item.row as f64 * LEGEND_ROW;
        if bars {
            let _ = write!(
                out,
                r#"<rect x="{}" y="{}" width="24" height="16" fill="{}" stroke="{colour}" stroke-width="2"/>"#,
                c(item.x),
                c(y),
                bar_fill(chart, index),
            );
        } else {
            let _ = write!(
                out,
                r#"<line x1="{}" x2="{}" y1="{m}" y2="{m}" stroke="{colour}" stroke-width="3"{}/>"#,
                c(item.x),
                c(item.x + 24.0),
                dash_attribute(index),
                m = c(y + 8.0),
            );
            marker(
                out,
                MARKERS[index % MARKERS.len()],
                item.x + 12.0,
                y + 8.0,
                colour,
            );
        }
        let _ = write!(
            out,
            r#"<text x="{}" y="{}" dy="0.35em" fill="{TEXT}">{}</text>"#,
            c(item.x + 32.0),
            c(y + 8.0),
            escape(&series.name),
        );
    }
    out.push_str("</g>");
}

fn all_values(chart: &Chart) -> impl Iterator<Item = &Option<f64>> {
    chart.series.iter().flat_map(|series| series.values.iter())
}

/// Draws `chart` as a line chart: one line per series, broken where a value is
/// missing, with a marker at every value.
pub fn line_chart(chart: &Chart) -> String {
    let frame = Frame::new(chart);
    let scale = Scale::for_values(all_values(chart));
    let count = chart.categories.len();
    let mut out = String::new();
    open(&mut out, chart, &frame, "line");
    axes(&mut out, chart, &frame, scale);
    legend(&mut out, chart, false);
    for (index, series) in chart.series.iter().enumerate() {
        let colour = COLOURS[index % COLOURS.len()];
        let points: Vec<Option<(f64, f64)>> = series
            .values
            .iter()
            .take(count)
            .enumerate()
            .map(|(i, value)| {
                value.filter(|value| value.is_finite()).map(|value| {
                    (
                        frame.centre(count, i),
                        scale.y(value, frame.plot_top, frame.plot_bottom),
                    )
                })
            })
            .collect();
        out.push_str(r#"<g class="pathway-chart__series">"#);
        let mut path = String::new();
        let mut pen_down = false;
        for point in &points {
            match point {
                Some((x, y)) => {
                    let command = if pen_down { 'L' } else { 'M' };
                    let _ = write!(path, "{command}{} {}", c(*x), c(*y));
                    pen_down = true;
                }
                None => pen_down = false,
            }
        }
        if !path.is_empty() {
            let _ = write!(
                out,
                r#"<path d="{path}" fill="none" stroke="{colour}" stroke-width="3"{}/>"#,
                dash_attribute(index),
            );
        }
        for (x, y) in points.iter().flatten() {
            marker(&mut out, MARKERS[index % MARKERS.len()], *x, *y, colour);
        }
        out.push_str("</g>");
    }
    out.push_str("</svg>");
    out
}

/// Draws `chart` as a bar chart: for each category a group of bars, one per series;
/// a missing value is a `z` on the axis.
pub fn bar_chart(chart: &Chart) -> String {
    let frame = Frame::new(chart);
    let scale = Scale::for_values(all_values(chart));
    let count = chart.categories.len();
    let series_count = chart.series.len().max(1);
    let group = frame.band_width(count) * 0.7;
    let bar = group / series_count as f64;
    let mut out = String::new();
    open(&mut out, chart, &frame, "bar");
    bar_patterns(&mut out, chart);
    axes(&mut out, chart, &frame, scale);
    legend(&mut out, chart, true);
    for (index, series) in chart.series.iter().enumerate() {
        let colour = COLOURS[index % COLOURS.len()];
        let fill = bar_fill(chart, index);
        out.push_str(r#"<g class="pathway-chart__series">"#);
        for (i, value) in series.values.iter().take(count).enumerate() {
            let x = frame.centre(count, i) - group / 2.0 + bar * index as f64;
            match value.filter(|value| value.is_finite()) {
                Some(value) => {
                    let y = scale.y(value.max(0.0), frame.plot_top, frame.plot_bottom);
                    let _ = write!(
                        out,
                        r#"<rect x="{}" y="{}" width="{}" height="{}" fill="{fill}" stroke="{colour}" stroke-width="2"/>"#,
                        c(x + 1.0),
                        c(y),
                        c((bar - 2.0).max(1.0)),
                        c(frame.plot_bottom - y),
                    );
                }
                None => {
                    let symbol = series.missing.get(i).map_or("z", String::as_str);
                    let _ = write!(
                        out,
                        r#"<text x="{}" y="{}" text-anchor="middle" fill="{TEXT}">{}</text>"#,
                        c(x + bar / 2.0),
                        c(frame.plot_bottom - 6.0),
                        escape(symbol),
                    );
                }
            }
        }
        out.push_str("</g>");
    }
    out.push_str("</svg>");
    out
}

/// How a figure is written in a sentence or a table.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Format {
    /// A fraction written as a percentage with one decimal: 0.152 is "15.2%".
    Percent,
    /// One decimal, and a unit after a space if given: "35.6 FTE".
    Decimal(&'static str),
    /// A whole number, and a unit after a space if given: "120 people".
    Whole(&'static str),
}

impl Format {
    /// Writes `value`, or `None` when it has no value.
    pub fn write(self, value: Option<f64>) -> Option<String> {
        let value = value.filter(|value| value.is_finite())?;
        Some(match self {
            Self::Percent => format!("{:.1}%", value * 100.0),
            Self::Decimal("") => format!("{value:.1}"),
            Self::Decimal(unit) => format!("{value:.1} {unit}"),
            Self::Whole("") => format!("{value:.0}"),
            Self::Whole(unit) => format!("{value:.0} {unit}"),
        })
    }
}

/// Says how a figure moved between two dates: "Vacancies fell from 41.8 FTE at 30
/// September 2020 to 35.6 FTE at 30 September 2024." `subject` starts the sentence
/// ("Vacancies", "The vacancy rate"). Values are compared as written, so a change
/// too small to show is "stayed at". A date with no value is said to have no figure.
pub fn trend_sentence(
    subject: &str,
    format: Format,
    from: (&str, Option<f64>),
    to: (&str, Option<f64>),
) -> String {
    let (from_date, from_value) = from;
    let (to_date, to_value) = to;
    match (format.write(from_value), format.write(to_value)) {
        (Some(first), Some(last)) => {
            if first == last {
                format!("{subject} stayed at {first} from {from_date} to {to_date}.")
            } else {
                let rose = to_value.unwrap_or(0.0) > from_value.unwrap_or(0.0);
                let verb = if rose { "rose" } else { "fell" };
                format!("{subject} {verb} from {first} at {from_date} to {last} at {to_date}.")
            }
        }
        (None, Some(last)) => {
            format!("{subject}: no figure at {from_date}; {last} at {to_date}.")
        }
        (Some(first), None) => {
            format!("{subject}: {first} at {from_date}; no figure at {to_date}.")
        }
        (None, None) => format!("{subject}: no figure at {from_date} or at {to_date}."),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn chart(series: Vec<Series>) -> Chart {
        Chart {
            id: "test-chart".to_owned(),
            title: "Rates over five years".to_owned(),
            description: "The vacancy rate rose.".to_owned(),
            categories: ["2020", "2021", "2022", "2023", "2024"]
                .map(str::to_owned)
                .to_vec(),
            series,
            unit: Unit::Percent,
            axis_label: "%".to_owned(),
        }
    }

    fn some(values: &[f64]) -> Vec<Option<f64>> {
        values.iter().copied().map(Some).collect()
    }

    #[test]
    fn scales_start_at_zero_and_end_on_a_round_step_above_the_largest_value() {
        let scale = Scale::for_values(some(&[3.0, 17.3, 12.0]).iter());
        assert_eq!(
            scale,
            Scale {
                top: 20.0,
                step: 5.0
            }
        );
        assert_eq!(scale.ticks(), vec![0.0, 5.0, 10.0, 15.0, 20.0]);

        let scale = Scale::for_values(some(&[0.42]).iter());
        assert!((scale.step - 0.1).abs() < 1e-12);
        assert!((scale.top - 0.5).abs() < 1e-12);

        let scale = Scale::for_values(some(&[100.0]).iter());
        assert_eq!(
            scale,
            Scale {
                top: 100.0,
                step: 20.0
            }
        );

        let scale = Scale::for_values(some(&[11.0]).iter());
        assert_eq!(
            scale,
            Scale {
                top: 12.5,
                step: 2.5
            }
        );
        assert_eq!(tick_label(12.5, 2.5, Unit::Percent), "12.5%");
        assert_eq!(tick_label(10.0, 2.5, Unit::Number), "10.0");
        assert_eq!(tick_label(20.0, 5.0, Unit::Number), "20");
    }

    #[test]
    fn a_scale_with_no_positive_value_runs_from_zero_to_one() {
        let scale = Scale::for_values([None, Some(0.0), Some(f64::NAN)].iter());
        assert_eq!(scale.ticks().first(), Some(&0.0));
        assert_eq!(scale.top, 1.0);
        assert!(scale.ticks().iter().all(|tick| tick.is_finite()));
    }

    #[test]
    fn values_map_to_heights_inside_the_plot() {
        let scale = Scale {
            top: 20.0,
            step: 5.0,
        };
        assert_eq!(scale.y(0.0, 10.0, 110.0), 110.0);
        assert_eq!(scale.y(20.0, 10.0, 110.0), 10.0);
        assert_eq!(scale.y(5.0, 10.0, 110.0), 85.0);
    }

    #[test]
    fn a_line_chart_is_an_image_with_a_title_a_description_and_real_text() {
        let svg = line_chart(&chart(vec![Series::new(
            "Vacancy rate",
            some(&[10.0, 12.0, 14.0, 13.0, 15.2]),
        )]));
        assert!(svg.starts_with("<svg "));
        assert!(svg.ends_with("</svg>"));
        assert!(svg.contains(r#"role="img""#));
        assert!(svg.contains(r#"aria-labelledby="test-chart-title test-chart-desc""#));
        assert!(svg.contains(r#"<title id="test-chart-title">Rates over five years</title>"#));
        assert!(svg.contains(r#"<desc id="test-chart-desc">The vacancy rate rose.</desc>"#));
        assert!(svg.contains(">2022</text>"), "category labels are text");
        assert!(svg.contains(">15%</text>"), "tick labels are text: {svg}");
        assert_eq!(svg.matches("<circle").count(), 5, "a marker per value");
        assert!(
            !svg.contains("pathway-chart__legend"),
            "no legend for one series"
        );
    }

    #[test]
    fn two_or_more_series_get_a_legend_and_differ_by_marker_and_dash() {
        let svg = line_chart(&chart(vec![
            Series::new("Vacancy rate", some(&[10.0, 12.0, 14.0, 13.0, 15.0])),
            Series::new("Turnover rate", some(&[15.0, 16.0, 14.0, 13.0, 12.0])),
            Series::new("Agency rate", some(&[8.0, 9.0, 10.0, 11.0, 12.0])),
        ]));
        assert!(svg.contains("pathway-chart__legend"));
        for name in ["Vacancy rate", "Turnover rate", "Agency rate"] {
            assert!(
                svg.contains(&format!(">{name}</text>")),
                "{name} in the legend"
            );
        }
        assert!(svg.contains("stroke-dasharray=\"8 4\""));
        assert!(svg.contains("stroke-dasharray=\"2 4\""));
        // Five values and one legend sample each: circles, squares and triangles.
        assert_eq!(svg.matches("<circle").count(), 6);
        assert_eq!(svg.matches("width=\"10\" height=\"10\"").count(), 6);
        assert_eq!(svg.matches("Z\" fill=").count(), 6);
        for colour in &COLOURS[..3] {
            assert!(svg.contains(colour));
        }
    }

    #[test]
    fn text_is_escaped() {
        let mut hostile = chart(vec![
            Series::new("<script>alert(1)</script>", some(&[1.0; 5])),
            Series::new("Tom & Jerry's \"team\"", some(&[2.0; 5])),
        ]);
        hostile.title = "A < B & C".to_owned();
        hostile.description = "</desc><script>".to_owned();
        hostile.categories[0] = "<b>".to_owned();
        hostile.id = "x\" onload=\"alert(1)".to_owned();
        for svg in [bar_chart(&hostile), line_chart(&hostile)] {
            assert!(!svg.contains("<script>"));
            assert!(!svg.contains("<b>"));
            assert!(!svg.contains("onload=\"alert"));
            assert!(svg.contains("A &lt; B &amp; C"));
            assert!(svg.contains("Tom &amp; Jerry&#39;s &quot;team&quot;"));
            assert!(svg.contains("&lt;/desc&gt;&lt;script&gt;"));
        }
    }

    #[test]
    fn all_missing_series_draw_no_nan_and_no_line() {
        let series = vec![
            Series::new("Vacancy rate", vec![None; 5]),
            Series::new("Agency rate", vec![None; 5]),
        ];
        for svg in [
            line_chart(&chart(series.clone())),
            bar_chart(&chart(series)),
        ] {
            assert!(!svg.contains("NaN"), "{svg}");
            assert!(!svg.contains("inf"), "{svg}");
        }
        let svg = line_chart(&chart(vec![Series::new("Vacancy rate", vec![None; 5])]));
        assert!(!svg.contains("fill=\"none\""), "no line is drawn: {svg}");
        assert!(!svg.contains("<circle"), "no marker is drawn: {svg}");
        let svg = bar_chart(&chart(vec![Series::new("Vacancy rate", vec![None; 5])]));
        assert_eq!(
            svg.matches(">z</text>").count(),
            5,
            "each missing bar says z"
        );
    }

    #[test]
    fn a_missing_value_breaks_the_line() {
        let svg = line_chart(&chart(vec![Series::new(
            "Vacancy rate",
            vec![Some(1.0), Some(2.0), None, Some(3.0), Some(4.0)],
        )]));
        let path = svg
            .split("<path d=\"")
            .nth(1)
            .and_then(|rest| rest.split('"').next())
            .unwrap();
        assert_eq!(path.matches('M').count(), 2, "{path}");
        assert_eq!(path.matches('L').count(), 2, "{path}");
    }

    #[test]
    fn bars_of_later_series_are_patterned_and_reach_their_values() {
        let mut bars = chart(vec![
            Series::new("All", some(&[0.0, 25.0, 50.0, 75.0, 100.0])),
            Series::new("Academy", some(&[10.0; 5])),
        ]);
        bars.id = "survival".to_owned();
        let svg = bar_chart(&bars);
        assert!(svg.contains("<pattern id=\"survival-pattern-1\""));
        assert!(svg.contains("fill=\"url(#survival-pattern-1)\""));
        assert!(svg.contains(">100%</text>"));
        // The tallest bar fills the plot's 240 units of height.
        assert!(svg.contains("height=\"240\" fill=\"#1d70b8\""), "{svg}");
    }

    #[test]
    fn trend_sentences_say_rise_fall_unchanged_and_no_value() {
        let from = "30 September 2020";
        let to = "30 September 2024";
        assert_eq!(
            trend_sentence(
                "Vacancies",
                Format::Decimal("FTE"),
                (from, Some(41.8)),
                (to, Some(35.6))
            ),
            "Vacancies fell from 41.8 FTE at 30 September 2020 to 35.6 FTE at 30 September 2024."
        );
        assert_eq!(
            trend_sentence(
                "The vacancy rate",
                Format::Percent,
                (from, Some(0.1)),
                (to, Some(0.152))
            ),
            "The vacancy rate rose from 10.0% at 30 September 2020 to 15.2% at 30 September 2024."
        );
        assert_eq!(
            trend_sentence(
                "The agency rate",
                Format::Percent,
                (from, Some(0.1201)),
                (to, Some(0.1199))
            ),
            "The agency rate stayed at 12.0% from 30 September 2020 to 30 September 2024."
        );
        assert_eq!(
            trend_sentence(
                "The turnover rate",
                Format::Percent,
                (from, None),
                (to, Some(0.15))
            ),
            "The turnover rate: no figure at 30 September 2020; 15.0% at 30 September 2024."
        );
        assert_eq!(
            trend_sentence(
                "The turnover rate",
                Format::Percent,
                (from, Some(0.15)),
                (to, None)
            ),
            "The turnover rate: 15.0% at 30 September 2020; no figure at 30 September 2024."
        );
        assert_eq!(
            trend_sentence(
                "The turnover rate",
                Format::Percent,
                (from, None),
                (to, Some(f64::NAN))
            ),
            "The turnover rate: no figure at 30 September 2020 or at 30 September 2024."
        );
    }

    #[test]
    fn formats_write_one_decimal_or_whole_numbers() {
        assert_eq!(
            Format::Percent.write(Some(0.15249)).as_deref(),
            Some("15.2%")
        );
        assert_eq!(
            Format::Decimal("").write(Some(3.04)).as_deref(),
            Some("3.0")
        );
        assert_eq!(
            Format::Whole("people").write(Some(12.0)).as_deref(),
            Some("12 people")
        );
        assert_eq!(Format::Percent.write(None), None);
        assert_eq!(Format::Percent.write(Some(f64::INFINITY)), None);
    }
}
