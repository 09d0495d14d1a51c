//! A subject access response as a report: the same [`SubjectAccess`] document that
//! is given as JSON, laid out as numbered sections of tables and lists, so the page
//! (the report's HTML fragment), the standalone HTML and the PDF show the same
//! records. Empty areas say "None held" rather than disappearing, so the reader sees
//! what was looked for.
// [issue 11: subject access]

use chrono::{DateTime, Utc};
use pathway_domain::subject_access::SubjectAccess;
use pathway_domain::values::Date;

use crate::model::{Audience, Block, Cell, CoverLine, Report, Row, Section, Table};
use crate::pdf::PdfError;

/// The response as a report: the cover names the person and who produced it.
pub fn report(access: &SubjectAccess) -> Report {
    let mut sections = Sections::default();
    sections.about(access);
    sections.worker(access);
    sections.employment(access);
    sections.absences_and_caseloads(access);
    sections.academy(access);
    sections.career(access);
    sections.training(access);
    sections.recruitment(access);
    sections.leaving_and_feedback(access);
    sections.accounts(access);
    sections.audit(access);
    sections.not_linkable(access);
    Report {
        title: format!("Subject access response: {}", access.name()),
        language: "en-GB".to_owned(),
        council: access.council.name.clone(),
        audience: Audience::Internal,
        cover: vec![
            line("Person", access.name()),
            line("Worker ID", access.worker.worker_id.clone()),
            line("Produced", time(access.produced_at)),
            line("Produced by", access.produced_by.clone()),
            line("Request", "Right of access (UK GDPR Article 15)".to_owned()),
        ],
        sections: sections.done,
        glossary: Vec::new(),
    }
}

/// The response as a standalone HTML document, with print styles.
pub fn html(access: &SubjectAccess) -> String {
    crate::html::document(&report(access))
}

/// The response as a tagged PDF, stamped as created when the response was produced
/// (the same response gives the same bytes).
pub fn pdf(access: &SubjectAccess) -> Result<Vec<u8>, PdfError> {
    crate::pdf::render_created(&report(access), access.produced_at)
}

fn line(label: &str, value: String) -> CoverLine {
    CoverLine {
        label: label.to_owned(),
        value,
    }
}

/// A date as the pages write it: `4 March 2024`.
fn date(date: Date) -> String {
    date.format("%-d %B %Y").to_string()
}

fn maybe_date(value: Option<Date>, none: &str) -> String {
    value.map_or_else(|| none.to_owned(), date)
}

fn time(at: DateTime<Utc>) -> String {
    at.format("%-d %B %Y %H:%M:%S UTC").to_string()
}

/// A code as words: `social_worker` is "Social worker".
fn words(code: &str) -> String {
    let text = code.replace('_', " ");
    let mut characters = text.chars();
    match characters.next() {
        Some(first) => first.to_uppercase().chain(characters).collect(),
        None => text,
    }
}

fn maybe_words(code: &Option<String>, none: &str) -> String {
    code.as_deref().map_or_else(|| none.to_owned(), words)
}

fn or(value: &Option<String>, none: &str) -> String {
    value.clone().unwrap_or_else(|| none.to_owned())
}

fn text_row(header: String, cells: Vec<String>) -> Row {
    Row {
        header,
        cells: cells.into_iter().map(Cell::text).collect(),
    }
}

/// The sections made so far, and the tables' ids, unique in the report.
#[derive(Default)]
struct Sections {
    done: Vec<Section>,
    tables: usize,
}

impl Sections {
    fn section(&mut self, id: &str, heading: &str, blocks: Vec<Block>) {
        self.done.push(Section {
            id: id.to_owned(),
            heading: heading.to_owned(),
            blocks,
        });
    }

    /// A table, or "None held." under the subheading when there are no rows.
    fn table(
        &mut self,
        blocks: &mut Vec<Block>,
        caption: &str,
        corner: &str,
        columns: &[&str],
        rows: Vec<Row>,
    ) {
        if rows.is_empty() {
            blocks.push(Block::Paragraph {
                text: format!("{caption}: none held."),
            });
            return;
        }
        self.tables += 1;
        blocks.push(Block::Table(Table {
            id: format!("subject-access-table-{}", self.tables),
            caption: caption.to_owned(),
            corner: corner.to_owned(),
            columns: columns.iter().map(|&column| column.to_owned()).collect(),
            rows,
            note: String::new(),
        }));
    }

    fn about(&mut self, access: &SubjectAccess) {
        self.section(
            "about",
            "About this response",
            vec![
                Block::Paragraph {
                    text: format!(
                        "This is everything {} holds in Pathway about {} (worker ID {}), \
                         gathered on {} to answer a request under the right of access.",
                        access.council.name,
                        access.name(),
                        access.worker.worker_id,
                        time(access.produced_at)
                    ),
                },
                Block::Paragraph {
                    text: "It covers the worker record, employment, absences, caseloads, \
                           the academy and the ASYE, the career pathway, training and skills, \
                           recruitment, exit interviews, feedback actions, sign-in accounts and \
                           the audit trail of who saw or changed these records. The last \
                           section says what Pathway holds that cannot be linked to one person."
                        .to_owned(),
                },
            ],
        );
    }

    fn worker(&mut self, access: &SubjectAccess) {
        let worker = &access.worker;
        let not = "Not recorded";
        let rows = vec![
            ("Given name", worker.given_name.clone()),
            ("Family name", worker.family_name.clone()),
            ("Worker ID", worker.worker_id.clone()),
            ("Social Work England number", or(&worker.swe_number, not)),
            ("Gender", maybe_words(&worker.gender, not)),
            ("Date of birth", maybe_date(worker.date_of_birth, not)),
            ("Ethnicity", maybe_words(&worker.ethnicity, not)),
            ("Qualified", maybe_date(worker.qualified_on, not)),
            ("Qualified at", or(&worker.qualification_institution, not)),
            (
                "Qualification level",
                maybe_words(&worker.qualification_level, not),
            ),
            ("Route into social work", maybe_words(&worker.route, not)),
            (
                "British Sign Language",
                match worker.bsl {
                    Some(true) => "Yes".to_owned(),
                    Some(false) => "No".to_owned(),
                    None => "Not known".to_owned(),
                },
            ),
            (
                "Languages",
                if worker.languages.is_empty() {
                    not.to_owned()
                } else {
                    worker.languages.join(", ")
                },
            ),
        ]
        .into_iter()
        .map(|(label, value)| text_row(label.to_owned(), vec![value]))
        .collect();
        let mut blocks = Vec::new();
        self.table(&mut blocks, "Worker record", "Item", &["Recorded"], rows);
        self.section("worker", "Worker record", blocks);
    }

    fn employment(&mut self, access: &SubjectAccess) {
        let mut blocks = Vec::new();
        let rows = access
            .employments
            .iter()
            .map(|e| {
                text_row(
                    e.employment_id.clone(),
                    vec![
                        date(e.start_date),
                        maybe_date(e.end_date, "Still employed"),
                        maybe_words(&e.start_origin, "Not known"),
                        maybe_words(&e.leaving_reason, ""),
                        maybe_words(&e.destination, ""),
                    ],
                )
            })
            .collect();
        self.table(
            &mut blocks,
            "Employments",
            "Employment ID",
            &["Started", "Ended", "Came from", "Leaving reason", "Went to"],
            rows,
        );
        let rows = access
            .employments
            .iter()
            .flat_map(|e| {
                e.assignments.iter().map(|a| {
                    text_row(
                        date(a.start_date),
                        vec![
                            maybe_date(a.end_date, "Now"),
                            e.employment_id.clone(),
                            a.team_name
                                .clone()
                                .or_else(|| a.team_id.clone())
                                .unwrap_or_else(|| "No team".to_owned()),
                            words(&a.role),
                            words(&a.contract),
                            format!("{}", a.fte),
                        ],
                    )
                })
            })
            .collect();
        self.table(
            &mut blocks,
            "Assignments",
            "From",
            &["To", "Employment", "Team", "Role", "Contract", "FTE"],
            rows,
        );
        self.section("employment", "Employment", blocks);
    }

    fn absences_and_caseloads(&mut self, access: &SubjectAccess) {
        let mut blocks = Vec::new();
        let rows = access
            .absences
            .iter()
            .map(|a| {
                text_row(
                    date(a.start_date),
                    vec![
                        maybe_date(a.end_date, "Still absent"),
                        words(&a.reason),
                        format!("{}", a.working_days_lost),
                    ],
                )
            })
            .collect();
        self.table(
            &mut blocks,
            "Absences",
            "From",
            &["To", "Reason", "Working days lost"],
            rows,
        );
        let rows = access
            .caseloads
            .iter()
            .map(|c| Row {
                header: date(c.as_of),
                cells: vec![Cell::whole(u64::from(c.cases))],
            })
            .collect();
        self.table(
            &mut blocks,
            "Caseload counts",
            "Date",
            &["Children's cases"],
            rows,
        );
        self.section("absences-caseloads", "Absences and caseloads", blocks);
    }

    fn academy(&mut self, access: &SubjectAccess) {
        let academy = &access.academy;
        let mut blocks = Vec::new();
        let rows = academy
            .memberships
            .iter()
            .map(|m| {
                text_row(
                    or(&m.cohort_name, &m.cohort_id),
                    vec![
                        maybe_words(&m.programme, ""),
                        date(m.joined_on),
                        maybe_date(m.completed_on, "Not yet"),
                        maybe_words(&m.asye_outcome, "Not recorded"),
                    ],
                )
            })
            .collect();
        self.table(
            &mut blocks,
            "Academy cohorts",
            "Cohort",
            &["Programme", "Joined", "Completed", "ASYE outcome"],
            rows,
        );
        let rows = academy
            .attendance
            .iter()
            .map(|a| {
                text_row(
                    format!("{} session {}", a.cohort_id, a.session),
                    vec![
                        maybe_date(a.date, ""),
                        or(&a.topic, ""),
                        words(&a.mark),
                        a.recorded_by.clone(),
                    ],
                )
            })
            .collect();
        self.table(
            &mut blocks,
            "Academy attendance",
            "Session",
            &["Date", "Topic", "Mark", "Recorded by"],
            rows,
        );
        let rows = academy
            .checklist
            .iter()
            .map(|c| {
                text_row(
                    or(&c.item, &c.item_id),
                    vec![date(c.done_on), c.done_by.clone()],
                )
            })
            .collect();
        self.table(
            &mut blocks,
            "Induction checklist",
            "Item",
            &["Done", "Ticked by"],
            rows,
        );
        let rows = academy
            .asye
            .iter()
            .map(|r| {
                text_row(
                    r.cohort_id.clone(),
                    vec![
                        date(r.starts_on),
                        r.assessor.clone(),
                        maybe_date(r.registered_on, "Not recorded"),
                        maybe_date(r.agreement_on, "Not recorded"),
                        maybe_date(r.extended_to, "Not extended"),
                        match (&r.moderation, r.moderated_on) {
                            (Some(decision), Some(on)) => {
                                format!("{}, {}", words(decision), date(on))
                            }
                            (Some(decision), None) => words(decision),
                            _ => "Not yet".to_owned(),
                        },
                    ],
                )
            })
            .collect();
        self.table(
            &mut blocks,
            "ASYE record",
            "Cohort",
            &[
                "Started",
                "Assessor",
                "Registered",
                "Learning agreement",
                "Extended to",
                "Moderation",
            ],
            rows,
        );
        blocks.push(Block::Subheading {
            text: "ASYE reviews".to_owned(),
        });
        blocks.push(list(
            academy
                .reviews
                .iter()
                .map(|r| {
                    format!(
                        "{}, {} with {}: {}",
                        words(&r.kind),
                        date(r.held_on),
                        r.assessor,
                        r.notes
                    )
                })
                .collect(),
        ));
        blocks.push(Block::Subheading {
            text: "ASYE log: supervision, observations, feedback, reflections and development time"
                .to_owned(),
        });
        blocks.push(list(
            academy
                .log
                .iter()
                .map(|l| {
                    let hours = l.hours.map(|h| format!(" ({h} hours)")).unwrap_or_default();
                    format!(
                        "{}, {}, recorded by {}{hours}: {}",
                        words(&l.kind),
                        date(l.on),
                        l.by,
                        l.notes
                    )
                })
                .collect(),
        ));
        self.section("academy", "Academy and ASYE", blocks);
    }

    fn career(&mut self, access: &SubjectAccess) {
        let career = &access.career;
        let mut blocks = Vec::new();
        if career.assessments.is_empty() {
            blocks.push(Block::Paragraph {
                text: "Self-assessments: none held.".to_owned(),
            });
        }
        for a in &career.assessments {
            blocks.push(Block::Subheading {
                text: format!("Self-assessment {} against {}", a.number, a.level),
            });
            let mut facts = vec![
                format!("Started {}", date(a.started_on)),
                format!("Submitted: {}", maybe_date(a.submitted_on, "not yet")),
                format!("Status: {}", a.status),
            ];
            if let Some(review) = &a.review {
                facts.push(format!(
                    "Review by {} on {}: {}. {}",
                    review.by,
                    date(review.on),
                    words(&review.decision),
                    review.comments
                ));
            }
            blocks.push(Block::Bullets { items: facts });
            blocks.push(list(
                a.ratings
                    .iter()
                    .map(|r| {
                        let evidence = if r.evidence.is_empty() {
                            String::new()
                        } else {
                            format!(" Evidence: {}", r.evidence)
                        };
                        format!(
                            "{}: {}.{evidence}",
                            r.wording,
                            maybe_words(&r.rating, "Not rated")
                        )
                    })
                    .collect(),
            ));
        }
        let rows = career
            .development_plan
            .iter()
            .map(|p| {
                text_row(
                    p.description.clone(),
                    vec![
                        maybe_date(p.due_on, ""),
                        words(&p.status),
                        maybe_date(p.done_on, ""),
                    ],
                )
            })
            .collect();
        self.table(
            &mut blocks,
            "Development plan",
            "Action",
            &["Due", "Status", "Done"],
            rows,
        );
        self.section("career", "Career pathway", blocks);
    }

    fn training(&mut self, access: &SubjectAccess) {
        let training = &access.training;
        let mut blocks = Vec::new();
        let rows = training
            .bookings
            .iter()
            .map(|b| {
                text_row(
                    or(&b.course_title, &b.course_id),
                    vec![
                        maybe_date(b.date, ""),
                        words(&b.status),
                        maybe_date(b.completed_on, ""),
                    ],
                )
            })
            .collect();
        self.table(
            &mut blocks,
            "Course bookings and attendance",
            "Course",
            &["Date", "Status", "Completed"],
            rows,
        );
        let rows = training
            .completions
            .iter()
            .map(|c| {
                text_row(
                    or(&c.course_title, &c.course_id),
                    vec![date(c.completed_on)],
                )
            })
            .collect();
        self.table(
            &mut blocks,
            "Courses completed at their own pace",
            "Course",
            &["Completed"],
            rows,
        );
        let rows = training
            .skills
            .iter()
            .map(|s| {
                text_row(
                    s.name.clone(),
                    vec![words(&s.kind), or(&s.level, ""), date(s.recorded_on)],
                )
            })
            .collect();
        self.table(
            &mut blocks,
            "Skills",
            "Skill",
            &["Kind", "Level", "Recorded"],
            rows,
        );
        self.section("training", "Training and skills", blocks);
    }

    fn recruitment(&mut self, access: &SubjectAccess) {
        let recruitment = &access.recruitment;
        let mut blocks = Vec::new();
        if recruitment.candidates.is_empty() {
            blocks.push(Block::Paragraph {
                text: "Candidate records: none linked to this worker.".to_owned(),
            });
        }
        for c in &recruitment.candidates {
            blocks.push(Block::Subheading {
                text: format!("Candidate {}", c.candidate_id),
            });
            let mut facts = vec![
                format!("Name: {} {}", c.given_name, c.family_name),
                format!("Email: {}", c.email),
                format!("Phone: {}", c.phone),
                format!(
                    "Applied {} through {}",
                    date(c.applied_on),
                    words(&c.source)
                ),
                format!("Stage: {}", words(&c.stage)),
            ];
            if let Some(anonymised) = c.anonymised_on {
                facts.push(format!("Anonymised {}", date(anonymised)));
            }
            facts.extend(
                c.stage_history
                    .iter()
                    .map(|s| format!("Moved to {} on {} by {}", words(&s.stage), date(s.on), s.by)),
            );
            facts.extend(c.events_attended.iter().map(|a| {
                format!(
                    "Recorded at event {} as {} ({}), interested in {}",
                    a.event_id, a.name, a.email, a.interested_in
                )
            }));
            blocks.push(Block::Bullets { items: facts });
        }
        let rows = recruitment
            .placements
            .iter()
            .map(|p| {
                text_row(
                    p.placement_id.clone(),
                    vec![
                        p.university.clone(),
                        words(&p.number),
                        date(p.start_date),
                        maybe_date(p.end_date, ""),
                        or(&p.practice_educator, ""),
                    ],
                )
            })
            .collect();
        self.table(
            &mut blocks,
            "Student placements that led to their job",
            "Placement",
            &["University", "Placement", "From", "To", "Practice educator"],
            rows,
        );
        match &recruitment.international {
            None => blocks.push(Block::Paragraph {
                text: "International recruitment: none held.".to_owned(),
            }),
            Some(i) => {
                blocks.push(Block::Subheading {
                    text: "International recruitment".to_owned(),
                });
                let mut facts = vec![
                    format!("Recruited from {}", i.country),
                    format!("Visa: {}", words(&i.visa_type)),
                    format!(
                        "Right to work until: {}",
                        maybe_date(i.right_to_work_expires, "not recorded")
                    ),
                    format!("Social Work England status: {}", words(&i.swe_status)),
                    format!("Arrived: {}", maybe_date(i.arrived_on, "not recorded")),
                    format!("Relocation support: {}", i.relocation_support),
                ];
                if let Some(buddy) = &i.buddy_worker_id {
                    facts.push(format!("Buddy: worker {buddy}"));
                }
                facts.extend(i.check_ins.iter().map(|c| {
                    format!(
                        "Check-in {} by {}: {}. {}",
                        date(c.on),
                        c.by,
                        words(&c.settling),
                        c.notes
                    )
                }));
                blocks.push(Block::Bullets { items: facts });
            }
        }
        if !recruitment.buddy_of.is_empty() {
            blocks.push(Block::Paragraph {
                text: format!(
                    "Buddy of international recruits: {}.",
                    recruitment.buddy_of.join(", ")
                ),
            });
        }
        self.section("recruitment", "Recruitment", blocks);
    }

    fn leaving_and_feedback(&mut self, access: &SubjectAccess) {
        let mut blocks = vec![Block::Subheading {
            text: "Exit interviews".to_owned(),
        }];
        blocks.push(list(
            access
                .exit_interviews
                .iter()
                .map(|x| {
                    format!(
                        "{}: main reason {}; would return: {}. {}",
                        date(x.held_on),
                        words(&x.primary_reason),
                        maybe_words(&x.would_return, "not known"),
                        x.comments.clone().unwrap_or_default()
                    )
                })
                .collect(),
        ));
        let rows = access
            .feedback_actions
            .iter()
            .map(|f| {
                text_row(
                    f.description.clone(),
                    vec![
                        format!("{}, {}", f.session, date(f.held_on)),
                        words(&f.status),
                        maybe_date(f.due_on, ""),
                    ],
                )
            })
            .collect();
        self.table(
            &mut blocks,
            "Feedback actions they own",
            "Action",
            &["Session", "Status", "Due"],
            rows,
        );
        self.section("leaving-feedback", "Exit interviews and feedback", blocks);
    }

    fn accounts(&mut self, access: &SubjectAccess) {
        let mut blocks = Vec::new();
        let rows = access
            .accounts
            .iter()
            .map(|a| {
                let surveys = if a.staff_surveys_answered.is_empty() {
                    "None".to_owned()
                } else {
                    a.staff_surveys_answered
                        .iter()
                        .map(u16::to_string)
                        .collect::<Vec<_>>()
                        .join(", ")
                };
                text_row(
                    a.email.clone(),
                    vec![words(&a.role), time(a.created_at), surveys],
                )
            })
            .collect();
        self.table(
            &mut blocks,
            "Sign-in accounts",
            "Email address",
            &["Role", "Created", "Staff surveys answered"],
            rows,
        );
        let rows = access
            .accounts
            .iter()
            .flat_map(|a| {
                a.api_tokens.iter().map(|t| {
                    text_row(
                        t.name.clone(),
                        vec![
                            a.email.clone(),
                            time(t.created_at),
                            t.last_used_at.map_or_else(|| "Never".to_owned(), time),
                            t.revoked_at.map_or_else(String::new, time),
                        ],
                    )
                })
            })
            .collect();
        self.table(
            &mut blocks,
            "API tokens (names and dates only)",
            "Name",
            &["Account", "Created", "Last used", "Revoked"],
            rows,
        );
        self.section("accounts", "Sign-in accounts", blocks);
    }

    fn audit(&mut self, access: &SubjectAccess) {
        let mut blocks = vec![Block::Paragraph {
            text: "Who saw or changed these records, and what the person's own accounts did, \
                   oldest first."
                .to_owned(),
        }];
        let rows = access
            .audit_trail
            .iter()
            .map(|e| {
                text_row(
                    time(e.at),
                    vec![e.actor.clone(), e.action.clone(), e.detail.clone()],
                )
            })
            .collect();
        self.table(
            &mut blocks,
            "Audit trail",
            "When",
            &["Who", "What", "Detail"],
            rows,
        );
        self.section("audit", "Audit trail", blocks);
    }

    fn not_linkable(&mut self, access: &SubjectAccess) {
        self.section(
            "not-linkable",
            "Held but not linkable to this person",
            vec![Block::Bullets {
                items: access.not_linkable.clone(),
            }],
        );
    }
}

/// A bulleted list, or "None held." for none.
fn list(items: Vec<String>) -> Block {
    if items.is_empty() {
        Block::Paragraph {
            text: "None held.".to_owned(),
        }
    } else {
        Block::Bullets { items }
    }
}
