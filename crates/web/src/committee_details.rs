//! The committee report's own words as JSON, shared by the API
//! (`/api/v1/reports/committee/details`) and `pathway report details`.

use pathway_domain::committee::CommitteeDetails;
use pathway_domain::values::Date;
use serde::{Deserialize, Serialize};
use utoipa::ToSchema;

/// The committee report's own words, as the API and `pathway report details` read and
/// write them. Every field but `meeting_date` is required.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct CommitteeDetailsBody {
    /// The committee the paper goes to (at most 200 characters).
    pub meeting: String,
    /// The day it meets, when known.
    #[serde(default)]
    #[schema(value_type = Option<String>, format = Date)]
    pub meeting_date: Option<Date>,
    /// Whose report it is (at most 200 characters).
    pub report_of: String,
    /// Who to contact about it (at most 200 characters).
    pub contact_officer: String,
    /// What the committee is asked to do: one recommendation per line; at least one.
    pub recommendations: String,
    /// Why the report comes now: paragraphs split by a blank line.
    pub background: String,
    /// Financial implications.
    pub financial: String,
    /// Legal implications.
    pub legal: String,
    /// Equalities implications.
    pub equalities: String,
    /// Risks and how they are managed.
    pub risk: String,
}

impl From<CommitteeDetails> for CommitteeDetailsBody {
    fn from(details: CommitteeDetails) -> Self {
        Self {
            meeting: details.meeting,
            meeting_date: details.meeting_date,
            report_of: details.report_of,
            contact_officer: details.contact_officer,
            recommendations: details.recommendations,
            background: details.background,
            financial: details.financial,
            legal: details.legal,
            equalities: details.equalities,
            risk: details.risk,
        }
    }
}

impl From<CommitteeDetailsBody> for CommitteeDetails {
    fn from(body: CommitteeDetailsBody) -> Self {
        Self {
            meeting: body.meeting,
            meeting_date: body.meeting_date,
            report_of: body.report_of,
            contact_officer: body.contact_officer,
            recommendations: body.recommendations,
            background: body.background,
            financial: body.financial,
            legal: body.legal,
            equalities: body.equalities,
            risk: body.risk,
        }
    }
}
