//! Caseloads: the children's cases each case-holding worker holds, counted at every
//! month end. Most hold under 20; a third 20 to 24; fewer 25 and more. Newly qualified
//! workers have protected (lower) caseloads, and new starters build theirs up.

use pathway_domain::codes::Role;
use pathway_domain::records::Caseload;

use crate::calendar::{days_between, month_ends};
use crate::council::Story;
use crate::random::Rng;

/// A worker's usual caseload in a role, full-time; `None` for roles without cases.
fn usual_caseload(rng: &mut Rng, role: Role) -> Option<f64> {
    match role {
        Role::Asye => Some(rng.uniform(9.0, 17.0)),
        Role::SocialWorker | Role::SeniorSocialWorker => {
            let (low, high) = rng.weighted(&[
                ((0.0, 8.0), 2.0),
                ((8.0, 19.5), 18.0),
                ((19.5, 24.5), 54.0),
                ((24.5, 29.5), 18.0),
                ((29.5, 36.0), 8.0),
            ]);
            Some(rng.uniform(low, high))
        }
        Role::AdvancedPractitioner | Role::PracticeSupervisor => Some(rng.uniform(5.0, 19.0)),
        _ => None,
    }
}

impl Story {
    /// Month-end counts for every case-holding assignment in a children's team (the odd
    /// month is missing, as in real returns).
    pub(crate) fn record_caseloads(&mut self) {
        let Story {
            jobs,
            people,
            rng,
            frontline,
            caseloads,
            from,
            until,
            ..
        } = self;
        for job in jobs.iter() {
            let worker_id = &people[job.person].worker.id;
            for segment in &job.segments {
                let in_children_team = segment.team.is_none_or(|team| frontline.contains(&team));
                if !in_children_team {
                    continue;
                }
                let Some(usual) = usual_caseload(rng, segment.role) else {
                    continue;
                };
                let usual = usual * segment.fte;
                let mut drift = 0.0_f64;
                for month_end in month_ends(segment.start.max(*from), segment.end.min(*until)) {
                    drift = (drift + rng.between(-1, 1) as f64).clamp(-2.0, 2.0);
                    if rng.chance(0.02) {
                        continue;
                    }
                    let months_in = days_between(job.start, month_end) / 30;
                    let build_up = match months_in {
                        0 => 0.35,
                        1 => 0.7,
                        _ => 1.0,
                    };
                    let away = job
                        .away
                        .iter()
                        .any(|(from, to)| *from <= month_end && month_end <= *to);
                    let cases = if away {
                        rng.between(0, 2) as u32
                    } else {
                        (usual * build_up + drift).round().max(0.0) as u32
                    };
                    caseloads.push(Caseload {
                        worker_id: worker_id.clone(),
                        as_of: month_end,
                        cases,
                    });
                }
            }
        }
    }
}
