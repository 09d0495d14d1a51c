//! The career pathway's tables: the framework document, assessments with their
//! ratings, and development plans' actions.
//!
//! Changes are few at a time (one assessment, one action), so each is written by
//! its key inside the caller's transaction.

use crate::db::DbRow;
use crate::db::{DbConnection, sql};
use pathway_app::StoreError;
use pathway_domain::CouncilCode;
use pathway_domain::career::{
    ActionStatus, Area, Assessment, Career, CareerChange, CriterionRating, Decision, Framework,
    PlanAction, Rating, Review,
};
use pathway_domain::ids::WorkerId;

use crate::query_failed;
use crate::tables::{checked, date, fetch, get, optional, optional_date, required, small};

/// Loads one council's career pathway records in key order.
pub(crate) async fn load(
    connection: &mut DbConnection,
    council: CouncilCode,
) -> Result<Career, StoreError> {
    let code = council.to_string();
    let code = code.as_str();
    let mut career = Career::default();
    if let Some(row) = fetch(
        connection,
        code,
        "select document from career_frameworks where council = ?",
    )
    .await?
    .first()
    {
        let text: &str = get(row, "career_frameworks", "document")?;
        career.framework = Some(checked(
            "career_frameworks",
            "document",
            serde_json::from_str::<Framework>(text),
        )?);
    }
    let mut assessments: Vec<Assessment> = fetch(
        connection,
        code,
        "select worker_id, number, level, started_on, submitted_on, reviewed_by, reviewed_on, \
         decision, comments from career_assessments where council = ? \
         order by worker_id, number",
    )
    .await?
    .iter()
    .map(read_assessment)
    .collect::<Result<_, _>>()?;
    let ratings = fetch(
        connection,
        code,
        "select worker_id, number, criterion_id, area, wording, rating, evidence \
         from career_ratings where council = ? order by worker_id, number, position",
    )
    .await?;
    for row in &ratings {
        let t = "career_ratings";
        let worker = required(row, t, "worker_id", WorkerId::parse)?;
        let number: u32 = small(row, t, "number")?;
        let rating = CriterionRating {
            criterion_id: get::<String>(row, t, "criterion_id")?,
            area: required(row, t, "area", Area::parse)?,
            wording: get::<String>(row, t, "wording")?,
            rating: optional(row, t, "rating", Rating::parse)?,
            evidence: get::<String>(row, t, "evidence")?,
        };
        if let Some(assessment) = assessments
            .iter_mut()
            .find(|a| a.worker_id == worker && a.number == number)
        {
            assessment.ratings.push(rating);
        }
    }
    career.assessments = std::mem::take(&mut assessments);
    career.actions = fetch(
        connection,
        code,
        "select worker_id, number, description, due_on, status, done_on from career_actions \
         where council = ? order by worker_id, number",
    )
    .await?
    .iter()
    .map(read_action)
    .collect::<Result<_, _>>()?;
    Ok(career)
}

fn read_assessment(row: &DbRow) -> Result<Assessment, StoreError> {
    let t = "career_assessments";
    let decision = optional(row, t, "decision", Decision::parse)?;
    let review = match decision {
        Some(decision) => Some(Review {
            by: get::<String>(row, t, "reviewed_by")?,
            on: date(row, t, "reviewed_on")?,
            decision,
            comments: get::<String>(row, t, "comments")?,
        }),
        None => None,
    };
    Ok(Assessment {
        worker_id: required(row, t, "worker_id", WorkerId::parse)?,
        number: small(row, t, "number")?,
        level: get::<String>(row, t, "level")?,
        started_on: date(row, t, "started_on")?,
        submitted_on: optional_date(row, t, "submitted_on")?,
        ratings: Vec::new(),
        review,
    })
}

fn read_action(row: &DbRow) -> Result<PlanAction, StoreError> {
    let t = "career_actions";
    Ok(PlanAction {
        worker_id: required(row, t, "worker_id", WorkerId::parse)?,
        number: small(row, t, "number")?,
        description: get::<String>(row, t, "description")?,
        due_on: optional_date(row, t, "due_on")?,
        status: required(row, t, "status", ActionStatus::parse)?,
        done_on: optional_date(row, t, "done_on")?,
    })
}

/// Writes a council's career changes in order.
pub(crate) async fn write(
    connection: &mut DbConnection,
    council: CouncilCode,
    changes: &[CareerChange],
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
    change: &CareerChange,
) -> Result<(), sqlx::Error> {
    match change {
        CareerChange::PutFramework(framework) => {
            let document = serde_json::to_string(framework)
                .map_err(|error| sqlx::Error::Encode(Box::new(error)))?;
            sqlx::query(sql(
                "insert into career_frameworks (council, document) values (?, ?) \
                 on conflict (council) do update set document = excluded.document",
            ))
            .bind(council)
            .bind(document)
            .execute(&mut *connection)
            .await?;
        }
        CareerChange::PutAssessment(assessment) => {
            let review = assessment.review.as_ref();
            sqlx::query(sql(
                "insert into career_assessments (council, worker_id, number, level, started_on, \
                 submitted_on, reviewed_by, reviewed_on, decision, comments) \
                 values (?, ?, ?, ?, ?, ?, ?, ?, ?, ?) \
                 on conflict (council, worker_id, number) do update set \
                 level = excluded.level, started_on = excluded.started_on, \
                 submitted_on = excluded.submitted_on, reviewed_by = excluded.reviewed_by, \
                 reviewed_on = excluded.reviewed_on, decision = excluded.decision, \
                 comments = excluded.comments",
            ))
            .bind(council)
            .bind(assessment.worker_id.as_str())
            .bind(i64::from(assessment.number))
            .bind(assessment.level.as_str())
            .bind(assessment.started_on)
            .bind(assessment.submitted_on)
            .bind(review.map(|r| r.by.clone()))
            .bind(review.map(|r| r.on))
            .bind(review.map(|r| r.decision.as_str()))
            .bind(review.map_or("", |r| r.comments.as_str()))
            .execute(&mut *connection)
            .await?;
            sqlx::query(sql(
                "delete from career_ratings where council = ? and worker_id = ? and number = ?",
            ))
            .bind(council)
            .bind(assessment.worker_id.as_str())
            .bind(i64::from(assessment.number))
            .execute(&mut *connection)
            .await?;
            for (index, rating) in assessment.ratings.iter().enumerate() {
                sqlx::query(sql(
                    "insert into career_ratings (council, worker_id, number, position, \
                     criterion_id, area, wording, rating, evidence) \
                     values (?, ?, ?, ?, ?, ?, ?, ?, ?)",
                ))
                .bind(council)
                .bind(assessment.worker_id.as_str())
                .bind(i64::from(assessment.number))
                .bind(index as i64 + 1)
                .bind(rating.criterion_id.as_str())
                .bind(rating.area.as_str())
                .bind(rating.wording.as_str())
                .bind(rating.rating.map(Rating::as_str))
                .bind(rating.evidence.as_str())
                .execute(&mut *connection)
                .await?;
            }
        }
        CareerChange::Review {
            worker_id,
            number,
            review,
        } => {
            // Returning reopens the assessment, as the domain's apply does.
            sqlx::query(sql(
                "update career_assessments set reviewed_by = ?, reviewed_on = ?, decision = ?, \
                 comments = ?, submitted_on = case when ? = 'returned' then null \
                 else submitted_on end where council = ? and worker_id = ? and number = ?",
            ))
            .bind(review.by.as_str())
            .bind(review.on)
            .bind(review.decision.as_str())
            .bind(review.comments.as_str())
            .bind(review.decision.as_str())
            .bind(council)
            .bind(worker_id.as_str())
            .bind(i64::from(*number))
            .execute(&mut *connection)
            .await?;
        }
        CareerChange::PutAction(action) => {
            sqlx::query(sql(
                "insert into career_actions (council, worker_id, number, description, due_on, \
                 status, done_on) values (?, ?, ?, ?, ?, ?, ?) \
                 on conflict (council, worker_id, number) do update set \
                 description = excluded.description, due_on = excluded.due_on, \
                 status = excluded.status, done_on = excluded.done_on",
            ))
            .bind(council)
            .bind(action.worker_id.as_str())
            .bind(i64::from(action.number))
            .bind(action.description.as_str())
            .bind(action.due_on)
            .bind(action.status.as_str())
            .bind(action.done_on)
            .execute(&mut *connection)
            .await?;
        }
    }
    Ok(())
}
