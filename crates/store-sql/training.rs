//! The training tables: courses, dates, bookings, completions without a date, and the
//! skills register's specialisms and other skills.
//!
//! Changes are few at a time (a register, a person's skills), so each is one statement
//! (or a delete and inserts) by the record's key, inside the caller's transaction.

use crate::db::DbRow;
use crate::db::{DbConnection, sql};
use pathway_app::StoreError;
use pathway_domain::CouncilCode;
use pathway_domain::ids::WorkerId;
use pathway_domain::training::{
    Booking, BookingStatus, Completion, Course, CourseDate, CourseId, CourseMode, PcfDomain, Skill,
    SkillKind, Training, TrainingChange, TrainingSettings,
};

use crate::query_failed;
use crate::tables::{
    checked, date, fetch, get, optional, optional_date, optional_small, required, small, time,
    time_text,
};

/// Loads one council's training, every table in key order.
pub(crate) async fn load(
    connection: &mut DbConnection,
    council: CouncilCode,
) -> Result<Training, StoreError> {
    let code = council.to_string();
    let code = code.as_str();
    let mut training = Training::default();
    if let Some(row) = fetch(
        connection,
        code,
        "select reminder_days from training_settings where council = ?",
    )
    .await?
    .first()
    {
        training.settings = TrainingSettings {
            reminder_days: small(row, "training_settings", "reminder_days")?,
        };
    }
    training.courses = fetch(
        connection,
        code,
        "select course_id, title, mode, provider, hours, description, mandatory, \
         valid_for_months, pcf_domains from courses where council = ? order by course_id",
    )
    .await?
    .iter()
    .map(read_course)
    .collect::<Result<_, _>>()?;
    training.dates = fetch(
        connection,
        code,
        "select course_id, number, date, starts_at, ends_at, place, capacity from course_dates \
         where council = ? order by course_id, number",
    )
    .await?
    .iter()
    .map(read_date)
    .collect::<Result<_, _>>()?;
    training.bookings = fetch(
        connection,
        code,
        "select course_id, number, worker_id, status, completed_on from course_bookings \
         where council = ? order by course_id, number, worker_id",
    )
    .await?
    .iter()
    .map(read_booking)
    .collect::<Result<_, _>>()?;
    training.completions = fetch(
        connection,
        code,
        "select course_id, worker_id, completed_on from training_completions \
         where council = ? order by course_id, worker_id, completed_on",
    )
    .await?
    .iter()
    .map(read_completion)
    .collect::<Result<_, _>>()?;
    training.skills = fetch(
        connection,
        code,
        "select worker_id, number, kind, name, level, recorded_on from skills \
         where council = ? order by worker_id, number",
    )
    .await?
    .iter()
    .map(read_skill)
    .collect::<Result<_, _>>()?;
    Ok(training)
}

fn read_course(row: &DbRow) -> Result<Course, StoreError> {
    let t = "courses";
    let domains: &str = get(row, t, "pcf_domains")?;
    let pcf_domains = domains
        .split(',')
        .filter(|d| !d.is_empty())
        .map(|d| checked(t, "pcf_domains", PcfDomain::parse(d)))
        .collect::<Result<_, _>>()?;
    Ok(Course {
        id: required(row, t, "course_id", CourseId::parse)?,
        title: get(row, t, "title")?,
        mode: required(row, t, "mode", CourseMode::parse)?,
        provider: get(row, t, "provider")?,
        hours: get(row, t, "hours")?,
        description: get(row, t, "description")?,
        mandatory: get(row, t, "mandatory")?,
        valid_for_months: optional_small(row, t, "valid_for_months")?,
        pcf_domains,
    })
}

fn read_date(row: &DbRow) -> Result<CourseDate, StoreError> {
    let t = "course_dates";
    Ok(CourseDate {
        course_id: required(row, t, "course_id", CourseId::parse)?,
        number: small(row, t, "number")?,
        date: date(row, t, "date")?,
        starts_at: time(row, t, "starts_at")?,
        ends_at: time(row, t, "ends_at")?,
        place: get(row, t, "place")?,
        capacity: small(row, t, "capacity")?,
    })
}

fn read_booking(row: &DbRow) -> Result<Booking, StoreError> {
    let t = "course_bookings";
    Ok(Booking {
        course_id: required(row, t, "course_id", CourseId::parse)?,
        number: small(row, t, "number")?,
        worker_id: required(row, t, "worker_id", WorkerId::parse)?,
        status: required(row, t, "status", BookingStatus::parse)?,
        completed_on: optional_date(row, t, "completed_on")?,
    })
}

fn read_completion(row: &DbRow) -> Result<Completion, StoreError> {
    let t = "training_completions";
    Ok(Completion {
        course_id: required(row, t, "course_id", CourseId::parse)?,
        worker_id: required(row, t, "worker_id", WorkerId::parse)?,
        completed_on: date(row, t, "completed_on")?,
    })
}

fn read_skill(row: &DbRow) -> Result<Skill, StoreError> {
    let t = "skills";
    Ok(Skill {
        worker_id: required(row, t, "worker_id", WorkerId::parse)?,
        number: small(row, t, "number")?,
        kind: required(row, t, "kind", SkillKind::parse)?,
        name: get(row, t, "name")?,
        level: optional(row, t, "level", |text| Ok::<_, String>(text.to_owned()))?,
        recorded_on: date(row, t, "recorded_on")?,
    })
}

/// Writes one council's training changes inside the caller's transaction.
pub(crate) async fn write(
    connection: &mut DbConnection,
    council: CouncilCode,
    changes: &[TrainingChange],
) -> Result<(), StoreError> {
    let council = council.to_string();
    for change in changes {
        write_change(connection, &council, change)
            .await
            .map_err(query_failed)?;
    }
    Ok(())
}

async fn write_change(
    connection: &mut DbConnection,
    council: &str,
    change: &TrainingChange,
) -> Result<(), sqlx::Error> {
    match change {
        TrainingChange::PutSettings(settings) => {
            sqlx::query(sql(
                "insert into training_settings (council, reminder_days) values (?, ?) \
                 on conflict (council) do update set reminder_days = excluded.reminder_days",
            ))
            .bind(council)
            .bind(i64::from(settings.reminder_days))
            .execute(&mut *connection)
            .await?;
        }
        TrainingChange::PutCourse(course) => {
            let domains: Vec<&str> = course.pcf_domains.iter().map(|d| d.as_str()).collect();
            sqlx::query(sql(
                "insert into courses (council, course_id, title, mode, provider, hours, \
                 description, mandatory, valid_for_months, pcf_domains) \
                 values (?, ?, ?, ?, ?, ?, ?, ?, ?, ?) \
                 on conflict (council, course_id) do update set title = excluded.title, \
                 mode = excluded.mode, provider = excluded.provider, hours = excluded.hours, \
                 description = excluded.description, mandatory = excluded.mandatory, \
                 valid_for_months = excluded.valid_for_months, \
                 pcf_domains = excluded.pcf_domains",
            ))
            .bind(council)
            .bind(course.id.as_str())
            .bind(course.title.as_str())
            .bind(course.mode.as_str())
            .bind(course.provider.as_str())
            .bind(course.hours)
            .bind(course.description.as_str())
            .bind(course.mandatory)
            .bind(course.valid_for_months.map(i64::from))
            .bind(domains.join(","))
            .execute(&mut *connection)
            .await?;
        }
        TrainingChange::PutDate(date) => {
            sqlx::query(sql(
                "insert into course_dates (council, course_id, number, date, starts_at, ends_at, \
                 place, capacity) values (?, ?, ?, ?, ?, ?, ?, ?) \
                 on conflict (council, course_id, number) do update set date = excluded.date, \
                 starts_at = excluded.starts_at, ends_at = excluded.ends_at, \
                 place = excluded.place, capacity = excluded.capacity",
            ))
            .bind(council)
            .bind(date.course_id.as_str())
            .bind(i64::from(date.number))
            .bind(date.date)
            .bind(time_text(date.starts_at))
            .bind(time_text(date.ends_at))
            .bind(date.place.as_str())
            .bind(i64::from(date.capacity))
            .execute(&mut *connection)
            .await?;
        }
        TrainingChange::PutBooking(booking) => {
            sqlx::query(sql(
                "insert into course_bookings (council, course_id, number, worker_id, status, \
                 completed_on) values (?, ?, ?, ?, ?, ?) \
                 on conflict (council, course_id, number, worker_id) do update set \
                 status = excluded.status, completed_on = excluded.completed_on",
            ))
            .bind(council)
            .bind(booking.course_id.as_str())
            .bind(i64::from(booking.number))
            .bind(booking.worker_id.as_str())
            .bind(booking.status.as_str())
            .bind(booking.completed_on)
            .execute(&mut *connection)
            .await?;
        }
        TrainingChange::PutCompletion(completion) => {
            sqlx::query(sql(
                "insert into training_completions (council, course_id, worker_id, completed_on) \
                 values (?, ?, ?, ?) on conflict do nothing",
            ))
            .bind(council)
            .bind(completion.course_id.as_str())
            .bind(completion.worker_id.as_str())
            .bind(completion.completed_on)
            .execute(&mut *connection)
            .await?;
        }
        TrainingChange::RemoveCompletion(completion) => {
            sqlx::query(sql(
                "delete from training_completions where council = ? and course_id = ? \
                 and worker_id = ? and completed_on = ?",
            ))
            .bind(council)
            .bind(completion.course_id.as_str())
            .bind(completion.worker_id.as_str())
            .bind(completion.completed_on)
            .execute(&mut *connection)
            .await?;
        }
        TrainingChange::ReplaceSkills { worker_id, skills } => {
            sqlx::query(sql(
                "delete from skills where council = ? and worker_id = ?",
            ))
            .bind(council)
            .bind(worker_id.as_str())
            .execute(&mut *connection)
            .await?;
            for skill in skills {
                sqlx::query(sql(
                    "insert into skills (council, worker_id, number, kind, name, level, \
                     recorded_on) values (?, ?, ?, ?, ?, ?, ?)",
                ))
                .bind(council)
                .bind(skill.worker_id.as_str())
                .bind(i64::from(skill.number))
                .bind(skill.kind.as_str())
                .bind(skill.name.as_str())
                .bind(skill.level.as_deref())
                .bind(skill.recorded_on)
                .execute(&mut *connection)
                .await?;
            }
        }
    }
    Ok(())
}
