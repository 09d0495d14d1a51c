//! Starters and leavers: where people come from, why they leave, where they go, and
//! what they say at their exit interview.

use pathway_domain::codes::{Destination, ExitReason, LeavingReason, StartOrigin, WouldReturn};
use pathway_domain::records::ExitInterview;

use crate::calendar::{back_to_friday, plus};
use crate::council::Story;
use crate::random::Rng;

/// Why a member of staff left, given their age on their last day: retirement becomes
/// likely from 60; otherwise mostly resignations, about one in ten moving to adult
/// services within the council.
pub(crate) fn reason(rng: &mut Rng, age: f64) -> LeavingReason {
    if age >= 60.0 && rng.chance(((age - 58.0) / 8.0).clamp(0.3, 0.95)) {
        return LeavingReason::Retired;
    }
    rng.weighted(&[
        (LeavingReason::Resignation, 72.0),
        (LeavingReason::MovedWithinCouncil, 11.5),
        (LeavingReason::Dismissed, 3.0),
        (LeavingReason::VoluntaryRedundancy, 1.0),
        (LeavingReason::CompulsoryRedundancy, 0.4),
        (LeavingReason::Deceased, 0.3),
        (LeavingReason::Other, 5.0),
        (LeavingReason::NotKnown, 5.0),
    ])
}

/// Where a leaver went, given why they left.
pub(crate) fn destination(rng: &mut Rng, reason: LeavingReason) -> Option<Destination> {
    match reason {
        LeavingReason::Retired => rng.weighted(&[
            (Some(Destination::LeftSocialCare), 80.0),
            (Some(Destination::NotKnown), 14.0),
            (Some(Destination::OtherSocialCare), 6.0),
        ]),
        LeavingReason::Deceased => {
            rng.weighted(&[(Some(Destination::NotKnown), 70.0), (None, 30.0)])
        }
        LeavingReason::MovedWithinCouncil => rng.weighted(&[
            (Some(Destination::Other), 50.0),
            (Some(Destination::OtherSocialWork), 20.0),
            (Some(Destination::NotKnown), 25.0),
            (None, 5.0),
        ]),
        _ => rng.weighted(&[
            (Some(Destination::OtherAuthority), 33.0),
            (Some(Destination::Agency), 22.0),
            (Some(Destination::OutsideEngland), 3.0),
            (Some(Destination::OtherSocialWork), 9.0),
            (Some(Destination::OtherSocialCare), 6.0),
            (Some(Destination::LeftSocialCare), 13.0),
            (Some(Destination::Other), 3.0),
            (Some(Destination::NotKnown), 9.0),
            (None, 2.0),
        ]),
    }
}

/// How an agency engagement ends: usually the contract simply ends and they move on to
/// another agency placement.
pub(crate) fn agency_leaving(rng: &mut Rng) -> (LeavingReason, Option<Destination>) {
    let reason = rng.weighted(&[
        (LeavingReason::Other, 80.0),
        (LeavingReason::Resignation, 15.0),
        (LeavingReason::NotKnown, 5.0),
    ]);
    let destination = rng.weighted(&[
        (Some(Destination::Agency), 80.0),
        (Some(Destination::NotKnown), 15.0),
        (None, 5.0),
    ]);
    (reason, destination)
}

/// Where an experienced starter came from (empty: not recorded).
pub(crate) fn experienced_origin(rng: &mut Rng) -> Option<StartOrigin> {
    rng.weighted(&[
        (Some(StartOrigin::OtherAuthority), 45.0),
        (Some(StartOrigin::Agency), 22.0),
        (Some(StartOrigin::OtherSocialWork), 8.0),
        (Some(StartOrigin::OtherSocialCare), 4.0),
        (Some(StartOrigin::OtherEmploymentOrNone), 3.0),
        (Some(StartOrigin::OutsideEngland), 1.0),
        (Some(StartOrigin::Other), 2.0),
        (Some(StartOrigin::NotKnown), 11.0),
        (None, 4.0),
    ])
}

/// Where a returner was in between: often agency work or another council.
pub(crate) fn returner_origin(rng: &mut Rng) -> Option<StartOrigin> {
    rng.weighted(&[
        (Some(StartOrigin::OtherAuthority), 35.0),
        (Some(StartOrigin::Agency), 30.0),
        (Some(StartOrigin::OtherSocialWork), 8.0),
        (Some(StartOrigin::OtherSocialCare), 7.0),
        (Some(StartOrigin::OtherEmploymentOrNone), 10.0),
        (Some(StartOrigin::NotKnown), 10.0),
    ])
}

/// What leavers say, by main reason, in their own words: commas, quotes and the odd
/// line break, as free text in a real export has.
fn comments(reason: ExitReason) -> &'static [&'static str] {
    match reason {
        ExitReason::Caseload => &[
            "Caseload went over 30, and there was no time to actually see the children",
            "I was \"holding\" cases, not working with families",
            "Too many cases, too much court work.\nI need a break from the front line",
        ],
        ExitReason::Pay => &[
            "Better pay next door, \"same job, more money\"",
            "Pay hasn't kept up with the cost of living, sadly",
        ],
        ExitReason::ManagementSupport => &[
            "My manager was great, but we had four managers in two years",
            "Supervision kept being cancelled, \"no capacity\" every time",
        ],
        ExitReason::CareerProgression => &[
            "Wanted to progress, but no senior posts came up",
            "Going for a team manager role elsewhere, with thanks to the team",
        ],
        ExitReason::Relocation => &[
            "Moving closer to family, up north",
            "Partner's job is moving, so we are too",
        ],
        ExitReason::AgencyWork => &[
            "Agency rates, \"flexibility\", and no duty rota",
            "Going agency for a while, might come back",
        ],
        ExitReason::Wellbeing => &[
            "Stress; signed off twice this year",
            "Need to look after myself, for now, the work can wait",
        ],
        ExitReason::Travel => &[
            "Travel across the county, two hours a day",
            "Parking, mileage, and the A-road traffic",
        ],
        ExitReason::Retirement => &[
            "Retiring after 30 years, it's been a privilege",
            "Time for the grandchildren",
        ],
        ExitReason::Other => &[
            "Moving to adult services for a change",
            "Starting a PhD, \"social work and the family courts\"",
            "Caring for a parent, so stepping back",
        ],
    }
}

impl Story {
    /// Exit interviews for about half of the council's own leavers.
    pub(crate) fn record_exit_interviews(&mut self) {
        for index in 0..self.jobs.len() {
            let job = &self.jobs[index];
            if job.agency || job.end > self.until || job.reason == LeavingReason::Deceased {
                continue;
            }
            let (start, end, reason, destination, person) =
                (job.start, job.end, job.reason, job.destination, job.person);
            let rng = &mut self.rng;
            if !rng.chance(0.5) {
                continue;
            }
            let held_on = back_to_friday(plus(end, -rng.between(0, 10))).max(start);
            let primary_reason = match (reason, destination) {
                (LeavingReason::Retired, _) => ExitReason::Retirement,
                (_, Some(Destination::Agency)) if rng.chance(0.7) => ExitReason::AgencyWork,
                (LeavingReason::MovedWithinCouncil, _) => rng.weighted(&[
                    (ExitReason::CareerProgression, 40.0),
                    (ExitReason::Other, 40.0),
                    (ExitReason::Caseload, 20.0),
                ]),
                (_, Some(Destination::OutsideEngland)) => ExitReason::Relocation,
                _ => rng.weighted(&[
                    (ExitReason::Caseload, 24.0),
                    (ExitReason::Pay, 14.0),
                    (ExitReason::ManagementSupport, 13.0),
                    (ExitReason::CareerProgression, 14.0),
                    (ExitReason::Relocation, 9.0),
                    (ExitReason::AgencyWork, 5.0),
                    (ExitReason::Wellbeing, 10.0),
                    (ExitReason::Travel, 5.0),
                    (ExitReason::Other, 6.0),
                ]),
            };
            let would_return = rng.weighted(&[
                (Some(WouldReturn::Yes), 30.0),
                (Some(WouldReturn::Maybe), 35.0),
                (Some(WouldReturn::No), 25.0),
                (None, 10.0),
            ]);
            let comments = rng
                .chance(0.8)
                .then(|| (*rng.pick(comments(primary_reason))).to_owned());
            self.exit_interviews.push(ExitInterview {
                worker_id: self.people[person].worker.id.clone(),
                held_on,
                primary_reason,
                would_return,
                comments,
            });
        }
    }
}
