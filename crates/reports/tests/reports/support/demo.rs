//! The committee report of the demo council (seed 1, records to 30 September 2024),
//! built as Pathway builds it, with the words a council starts from.

use pathway_demo::{DemoOptions, generate, generate_academy};
use pathway_domain::committee::CommitteeDetails;
use pathway_reports::committee::{CommitteeInputs, build};
use pathway_reports::model::{Audience, Report};

pub fn committee_report(audience: Audience) -> Report {
    let options = DemoOptions::default();
    let (council, workforce) = generate(&options).remove(0);
    let academy = generate_academy(&workforce, &options);
    let details = CommitteeDetails::starting_point();
    build(&CommitteeInputs {
        council: &council,
        workforce: &workforce,
        academy: &academy,
        details: &details,
        date: options.until,
        audience,
    })
}
