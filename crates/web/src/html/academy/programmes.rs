//! A programme's page: its template of days, and the form that changes them, adds
//! a day or removes one. A cohort's sessions are laid out from the template when the
//! cohort is created, so a change applies to cohorts created afterwards.

use askama::Template;
use askama_web::WebTemplate;
use axum::Form;
use axum::extract::{Path, Query, State};
use axum::response::{IntoResponse, Redirect, Response};
use pathway_app::change_academy;
use pathway_domain::academy::{AcademyChange, Delivery, ProgrammeDay, SessionKind};
use pathway_domain::access::Permission;
use pathway_domain::codes::Programme;
use serde::Deserialize;

use super::{
    FormFields, HOME_HREF, SummaryError, delivery_label, kind_label, load, parse_time,
    programme_href, programme_label, refusal, request, time_text,
};
use crate::AppState;
use crate::error::WebError;
use crate::html::people::Choice;
use crate::html::person::home_href;
use crate::page::Page;
use crate::session::{SignedIn, check_form_token};

/// The most days a programme may have: a year of recall days and a long induction.
const MOST_DAYS: usize = 60;

/// One day of the template, for the table.
#[derive(Debug)]
struct DayView {
    number: u16,
    kind: &'static str,
    when: String,
    time: String,
    topic: String,
    delivery: &'static str,
    venue: String,
    facilitator: String,
    required: &'static str,
}

/// One text box of a day's fieldset.
#[derive(Debug, Clone)]
struct TextField {
    id: String,
    label: &'static str,
    hint: &'static str,
    value: String,
    error: Option<String>,
    width: &'static str,
}

/// One select of a day's fieldset.
#[derive(Debug, Clone)]
struct SelectField {
    id: String,
    label: &'static str,
    choices: Vec<Choice>,
    error: Option<String>,
}

/// One day of the form, as typed, with what is wrong with it.
#[derive(Debug, Clone)]
struct DayForm {
    /// The fieldset's legend.
    legend: String,
    /// The prefix of its fields' names and ids: `day-3`.
    prefix: String,
    kind: SelectField,
    delivery: SelectField,
    texts: Vec<TextField>,
    required: bool,
    remove: bool,
}

/// The text boxes of a day, in the form's order: (name, label, hint, width).
const TEXTS: [(&str, &str, &str, &str); 7] = [
    ("topic", "Topic", "", ""),
    (
        "venue",
        "Venue",
        "Where it is held, or the name of the online meeting",
        "",
    ),
    ("facilitator", "Facilitator", "", ""),
    (
        "after_months",
        "Months after the start",
        "When its block begins: 0 for the induction, 3 for a recall day three months in",
        "govuk-input--width-3",
    ),
    (
        "working_day",
        "Working day of its block",
        "1 for the block's first working day (Monday to Friday), 2 for the next, and so on",
        "govuk-input--width-3",
    ),
    (
        "starts_at",
        "Start time",
        "For example, 09:30",
        "govuk-input--width-5",
    ),
    (
        "ends_at",
        "End time",
        "For example, 16:30",
        "govuk-input--width-5",
    ),
];

fn kind_choices(current: &str) -> Vec<Choice> {
    [SessionKind::Induction, SessionKind::Recall]
        .into_iter()
        .map(|kind| Choice::new(kind.as_str(), kind_label(kind), current))
        .collect()
}

fn delivery_choices(current: &str) -> Vec<Choice> {
    Delivery::ALL
        .iter()
        .map(|delivery| Choice::new(delivery.as_str(), delivery_label(*delivery), current))
        .collect()
}

impl DayForm {
    /// A day's fields filled in from what `value` gives for each name.
    fn build(index: usize, value: impl Fn(&str) -> String, required: bool, remove: bool) -> Self {
        let prefix = format!("day-{index}");
        let texts = TEXTS
            .iter()
            .map(|(name, label, hint, width)| TextField {
                id: format!("{prefix}-{name}"),
                label,
                hint,
                value: value(name),
                error: None,
                width,
            })
            .collect();
        Self {
            legend: format!("Day {index}"),
            kind: SelectField {
                id: format!("{prefix}-kind"),
                label: "Kind",
                choices: kind_choices(&value("kind")),
                error: None,
            },
            delivery: SelectField {
                id: format!("{prefix}-delivery"),
                label: "Delivery",
                choices: delivery_choices(&value("delivery")),
                error: None,
            },
            prefix,
            texts,
            required,
            remove,
        }
    }

    fn of(index: usize, day: &ProgrammeDay) -> Self {
        Self::build(
            index,
            |name| match name {
                "kind" => day.kind.as_str().to_owned(),
                "delivery" => day.delivery.as_str().to_owned(),
                "topic" => day.topic.clone(),
                "venue" => day.venue.clone(),
                "facilitator" => day.facilitator.clone(),
                "after_months" => day.after_months.to_string(),
                "working_day" => day.working_day.to_string(),
                "starts_at" => time_text(day.starts_at),
                "ends_at" => time_text(day.ends_at),
                _ => String::new(),
            },
            day.required,
            false,
        )
    }

    fn blank(index: usize) -> Self {
        Self::build(
            index,
            |name| match name {
                "kind" => SessionKind::Recall.as_str().to_owned(),
                "delivery" => Delivery::FaceToFace.as_str().to_owned(),
                "working_day" => "1".to_owned(),
                "starts_at" => "09:30".to_owned(),
                "ends_at" => "16:00".to_owned(),
                _ => String::new(),
            },
            true,
            false,
        )
    }

    fn read(index: usize, fields: &FormFields) -> Self {
        let prefix = format!("day-{index}");
        Self::build(
            index,
            |name| fields.get(&format!("{prefix}-{name}")),
            fields.ticked(&format!("{prefix}-required")),
            fields.ticked(&format!("{prefix}-remove")),
        )
    }

    fn text(&self, name: &str) -> &str {
        self.texts
            .iter()
            .find(|field| field.id.ends_with(&format!("-{name}")))
            .map_or("", |field| field.value.as_str())
    }

    fn fail(&mut self, name: &str, message: impl Into<String>) {
        let message = Some(message.into());
        match name {
            "kind" => self.kind.error = message,
            "delivery" => self.delivery.error = message,
            _ => {
                if let Some(field) = self
                    .texts
                    .iter_mut()
                    .find(|field| field.id.ends_with(&format!("-{name}")))
                {
                    field.error = message;
                }
            }
        }
    }

    fn errors(&self) -> Vec<SummaryError> {
        let selects = [&self.kind, &self.delivery];
        let mut list: Vec<(String, String)> = Vec::new();
        list.extend(
            selects
                .iter()
                .filter_map(|field| Some((field.id.clone(), field.error.clone()?))),
        );
        list.extend(
            self.texts
                .iter()
                .filter_map(|field| Some((field.id.clone(), field.error.clone()?))),
        );
        list.into_iter()
            .map(|(field, message)| SummaryError {
                field,
                message: format!("{}: {message}", self.legend),
            })
            .collect()
    }

    /// Checks the day: the template day (numbered later), or the errors marked on it.
    fn check(&mut self, programme: Programme) -> Option<ProgrammeDay> {
        let kind = SessionKind::parse(&self.kind_value())
            .ok()
            .filter(|kind| *kind != SessionKind::CatchUp);
        if kind.is_none() {
            self.fail("kind", "Select induction or recall day");
        }
        let delivery = Delivery::parse(&self.delivery_value()).ok();
        if delivery.is_none() {
            self.fail("delivery", "Select face to face or online");
        }
        let topic = self.text("topic").trim().to_owned();
        if topic.is_empty() {
            self.fail("topic", "Enter the topic");
        }
        let after_months = self
            .text("after_months")
            .trim()
            .parse::<u8>()
            .ok()
            .filter(|m| *m <= 36);
        if after_months.is_none() {
            self.fail(
                "after_months",
                "Enter the months after the start as a whole number from 0 to 36",
            );
        }
        let working_day = self
            .text("working_day")
            .trim()
            .parse::<u8>()
            .ok()
            .filter(|d| (1..=60).contains(d));
        if working_day.is_none() {
            self.fail(
                "working_day",
                "Enter the working day of its block as a whole number from 1 to 60",
            );
        }
        let starts_at = parse_time(self.text("starts_at"));
        if starts_at.is_none() {
            self.fail(
                "starts_at",
                "Enter the start time as hours and minutes, like 09:30",
            );
        }
        let ends_at = parse_time(self.text("ends_at"));
        if ends_at.is_none() {
            self.fail(
                "ends_at",
                "Enter the end time as hours and minutes, like 16:30",
            );
        }
        if let (Some(starts), Some(ends)) = (starts_at, ends_at)
            && ends <= starts
        {
            self.fail("ends_at", "The end time must be after the start time");
        }
        let venue = self.text("venue").trim().to_owned();
        let facilitator = self.text("facilitator").trim().to_owned();
        if !self.errors().is_empty() {
            return None;
        }
        Some(ProgrammeDay {
            programme,
            number: 0,
            kind: kind?,
            after_months: after_months?,
            working_day: working_day?,
            starts_at: starts_at?,
            ends_at: ends_at?,
            topic,
            delivery: delivery?,
            venue,
            facilitator,
            required: self.required,
        })
    }

    fn kind_value(&self) -> String {
        selected(&self.kind.choices)
    }

    fn delivery_value(&self) -> String {
        selected(&self.delivery.choices)
    }
}

fn selected(choices: &[Choice]) -> String {
    choices
        .iter()
        .find(|choice| choice.selected)
        .map(|choice| choice.value.clone())
        .unwrap_or_default()
}

#[derive(Template, WebTemplate)]
#[template(path = "academy_programme.html")]
/// A programme's page.
pub struct ProgrammePage {
    page: Page,
    home_href: &'static str,
    name: &'static str,
    action: String,
    saved: bool,
    errors: Vec<SummaryError>,
    days: Vec<DayView>,
    may_change: bool,
    form: Vec<DayForm>,
    form_error: Option<String>,
}

/// What the page's address may say after a change.
#[derive(Debug, Deserialize)]
pub struct ProgrammeQuery {
    saved: Option<String>,
}

fn day_view(day: &ProgrammeDay) -> DayView {
    let when = if day.after_months == 0 {
        format!("Working day {} from the start", day.working_day)
    } else {
        format!(
            "{} month{} after the start, working day {}",
            day.after_months,
            if day.after_months == 1 { "" } else { "s" },
            day.working_day
        )
    };
    DayView {
        number: day.number,
        kind: kind_label(day.kind),
        when,
        time: format!("{} to {}", time_text(day.starts_at), time_text(day.ends_at)),
        topic: day.topic.clone(),
        delivery: delivery_label(day.delivery),
        venue: day.venue.clone(),
        facilitator: day.facilitator.clone(),
        required: if day.required { "Yes" } else { "No" },
    }
}

fn programme_of(text: &str) -> Result<Programme, WebError> {
    Programme::parse(text).map_err(|_| WebError::NotFound)
}

fn programme_page(
    signed_in: &SignedIn,
    programme: Programme,
    days: &[ProgrammeDay],
    form: Option<Vec<DayForm>>,
    form_error: Option<String>,
    saved: bool,
) -> ProgrammePage {
    let form = form.unwrap_or_else(|| {
        days.iter()
            .enumerate()
            .map(|(index, day)| DayForm::of(index + 1, day))
            .collect()
    });
    let mut errors: Vec<SummaryError> = form.iter().flat_map(DayForm::errors).collect();
    if let Some(message) = &form_error {
        errors.insert(
            0,
            SummaryError {
                field: "day-1-topic".to_owned(),
                message: message.clone(),
            },
        );
    }
    ProgrammePage {
        page: Page::for_user(signed_in, HOME_HREF),
        home_href: home_href(signed_in),
        name: programme_label(programme),
        action: programme_href(programme),
        saved,
        errors,
        days: days.iter().map(day_view).collect(),
        may_change: signed_in.user.role.allows(Permission::RunAcademy),
        form,
        form_error,
    }
}

/// `GET /academy/programmes/{programme}`: the programme's days and, for those who
/// run the academy, the form that changes them.
pub async fn show(
    State(state): State<AppState>,
    signed_in: SignedIn,
    Path(programme): Path<String>,
    Query(query): Query<ProgrammeQuery>,
) -> Result<ProgrammePage, WebError> {
    let programme = programme_of(&programme)?;
    let loaded = load(&state, &signed_in).await?;
    let days = loaded.academy.days(programme);
    Ok(programme_page(
        &signed_in,
        programme,
        &days,
        None,
        None,
        query.saved.as_deref() == Some("1"),
    ))
}

/// `POST /academy/programmes/{programme}`: "Add a day" shows the form again with a
/// new day at the end; "Save programme" checks every day and replaces the template,
/// days numbered in the order they fall (by months after the start, then working
/// day, then start time).
pub async fn save(
    State(state): State<AppState>,
    signed_in: SignedIn,
    Path(programme): Path<String>,
    Form(pairs): Form<Vec<(String, String)>>,
) -> Result<Response, WebError> {
    let fields = FormFields::new(pairs);
    check_form_token(&signed_in, &fields.get("csrf_token"))?;
    let programme = programme_of(&programme)?;
    let loaded = load(&state, &signed_in).await?;
    let stored = loaded.academy.days(programme);
    let count = fields
        .get("day_count")
        .parse::<usize>()
        .map_err(|_| WebError::NotFound)?
        .min(MOST_DAYS);
    let mut form: Vec<DayForm> = (1..=count).map(|i| DayForm::read(i, &fields)).collect();
    if fields.get("intent") == "add" {
        if form.len() < MOST_DAYS {
            form.push(DayForm::blank(form.len() + 1));
        }
        return Ok(
            programme_page(&signed_in, programme, &stored, Some(form), None, false).into_response(),
        );
    }
    let mut days: Vec<(usize, ProgrammeDay)> = Vec::new();
    for (index, day) in form.iter_mut().enumerate() {
        if day.remove {
            continue;
        }
        if let Some(checked) = day.check(programme) {
            days.push((index, checked));
        }
    }
    let invalid = form.iter().any(|day| !day.errors().is_empty());
    if invalid || days.is_empty() {
        let message = (!invalid).then(|| "A programme needs at least one day: keep one".to_owned());
        return Ok(
            programme_page(&signed_in, programme, &stored, Some(form), message, false)
                .into_response(),
        );
    }
    days.sort_by_key(|(index, day)| (day.after_months, day.working_day, day.starts_at, *index));
    let days: Vec<ProgrammeDay> = days
        .into_iter()
        .zip(1..)
        .map(|((_, day), number)| ProgrammeDay { number, ..day })
        .collect();
    let description = format!("{} programme: {} days", programme.as_str(), days.len());
    match change_academy(
        state.store.as_ref(),
        loaded.council,
        request(&signed_in, &description),
        None,
        vec![AcademyChange::ReplaceProgramme { programme, days }],
    )
    .await
    {
        Ok(_) => {
            Ok(Redirect::to(&format!("{}?saved=1", programme_href(programme))).into_response())
        }
        Err(error) => {
            let message = refusal(error)?.messages().join(" ");
            Ok(programme_page(
                &signed_in,
                programme,
                &stored,
                Some(form),
                Some(message),
                false,
            )
            .into_response())
        }
    }
}
