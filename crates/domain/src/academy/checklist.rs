//! The induction checklist: what each new member needs in their first weeks.

use serde::{Deserialize, Serialize};

use crate::ids::{ChecklistItemId, CohortId, WorkerId};
use crate::values::Date;

/// One item of the council's induction checklist.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct ChecklistItem {
    /// A short code such as `laptop`.
    pub id: ChecklistItemId,
    /// What is to be done, as the member reads it.
    pub label: String,
    /// Its place in the list.
    pub position: u16,
}

/// One item ticked off for one member.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct ChecklistTick {
    /// The cohort.
    pub cohort_id: CohortId,
    /// The member.
    pub worker_id: WorkerId,
    /// The item.
    pub item_id: ChecklistItemId,
    /// The day it was done.
    pub done_on: Date,
    /// Who ticked it off.
    pub done_by: String,
}

/// The checklist Pathway ships, for a council to edit.
pub fn default_items() -> Vec<ChecklistItem> {
    [
        ("laptop", "Laptop issued and working"),
        ("phone", "Work mobile phone issued"),
        ("id_badge", "ID badge issued"),
        (
            "system_accounts",
            "Accounts for email and the case management system",
        ),
        ("policies", "Policies and procedures read"),
        (
            "team_introductions",
            "Introduced to the team and the team manager",
        ),
        (
            "partner_introductions",
            "Introduced to partners: health, police, schools",
        ),
    ]
    .into_iter()
    .zip(1..)
    .map(|((id, label), position)| ChecklistItem {
        id: ChecklistItemId::parse(id).expect("the shipped item IDs are valid"),
        label: label.to_owned(),
        position,
    })
    .collect()
}
