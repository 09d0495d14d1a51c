//! A career inside one employment: how long someone stays, and the assignments they
//! hold while there (ASYE to social worker, promotions, team moves, going part-time,
//! a short secondment to an adults team).

use pathway_domain::codes::{Contract, Role};
use pathway_domain::values::Date;

use crate::calendar::plus;
use crate::random::Rng;

/// The yearly leaving hazard of a worker in their fourth or fifth year; the other years
/// are multiples of it. Chosen so that a council's turnover comes out near 15%, as
/// English children's services' does.
const BASE_HAZARD: f64 = 0.17;
/// Academy members leave less often: the support of the first year keeps people.
const ACADEMY_FACTOR: f64 = 0.6;

/// Part of an employment with one team, role, contract and FTE. `end` is the planned
/// last day, which for the last part is the employment's.
#[derive(Debug, Clone, Copy)]
pub(crate) struct Segment {
    pub start: Date,
    pub end: Date,
    pub team: Option<usize>,
    pub role: Role,
    pub contract: Contract,
    pub fte: f64,
}

/// What an employment's career starts from.
#[derive(Debug, Clone, Copy)]
pub(crate) struct CareerPlan {
    pub start: Date,
    /// The employment's planned last day.
    pub end: Date,
    /// The last day of history: nothing changes after it.
    pub until: Date,
    /// The first day of history: the records show no changes before it.
    pub changes_from: Date,
    pub team: Option<usize>,
    pub role: Role,
    pub contract: Contract,
    pub fte: f64,
    /// The day an ASYE was passed, if it was.
    pub asye_done: Option<Date>,
}

/// Teams a worker may move to.
#[derive(Debug, Clone, Copy)]
pub(crate) struct TeamsToMoveTo<'a> {
    pub children: &'a [usize],
    pub adults: &'a [usize],
}

/// The least experience, in years, someone hired into a role has.
pub(crate) fn least_experience(role: Role) -> f64 {
    match role {
        Role::Asye | Role::SocialWorker | Role::Other => 0.0,
        Role::SeniorSocialWorker | Role::QualifiedNoCases => 3.0,
        Role::AdvancedPractitioner | Role::PracticeSupervisor => 5.0,
        Role::TeamManager => 6.0,
        Role::ServiceManager | Role::PrincipalSocialWorker => 10.0,
        Role::SeniorManager => 14.0,
    }
}

/// How the leaving hazard changes with years of service: people leave most in their
/// second and third years, least once settled.
fn tenure_factor(tenure: f64) -> f64 {
    match tenure {
        t if t < 1.0 => 1.0,
        t if t < 2.0 => 1.3,
        t if t < 3.0 => 1.2,
        t if t < 5.0 => 1.0,
        t if t < 8.0 => 0.85,
        _ => 0.75,
    }
}

/// Years until someone with `tenure` years of service, aged `age`, leaves: a hazard by
/// tenure, lower for academy members, rising from 58 with retirement, and nobody
/// working past 67.
pub(crate) fn years_until_leaving(rng: &mut Rng, tenure: f64, age: f64, academy: bool) -> f64 {
    const STEP: f64 = 0.25;
    let mut budget = rng.exponential(1.0);
    let mut elapsed = 0.0;
    loop {
        let age_now = age + elapsed;
        if age_now >= 67.0 {
            return elapsed;
        }
        let mut rate = BASE_HAZARD * tenure_factor(tenure + elapsed);
        if academy {
            rate *= ACADEMY_FACTOR;
        }
        if age_now >= 58.0 {
            rate += 0.06 * (age_now - 57.0);
        }
        if rate * STEP >= budget {
            return elapsed + budget / rate;
        }
        budget -= rate * STEP;
        elapsed += STEP;
    }
}

/// The assignments being built: the finished ones and the current one.
struct Builder {
    done: Vec<Segment>,
    current: Segment,
    last_day: Date,
}

impl Builder {
    /// Ends the current assignment the day before `on` and starts a changed one; does
    /// nothing (and says so) if `on` is not strictly inside the employment's known days.
    fn change(&mut self, on: Date, apply: impl FnOnce(&mut Segment)) -> bool {
        if on <= self.current.start || on > self.last_day {
            return false;
        }
        let mut closed = self.current;
        closed.end = plus(on, -1);
        self.done.push(closed);
        self.current.start = on;
        apply(&mut self.current);
        true
    }
}

/// A promotion at an anniversary, if one comes.
fn promotion(rng: &mut Rng, role: Role, years_in_role: u32) -> Option<Role> {
    let draw = rng.unit();
    match role {
        Role::SocialWorker if years_in_role >= 3 && draw < 0.1 => Some(Role::SeniorSocialWorker),
        Role::SocialWorker if draw > 0.996 => Some(Role::QualifiedNoCases),
        Role::SeniorSocialWorker if draw < 0.02 => Some(Role::AdvancedPractitioner),
        Role::SeniorSocialWorker if draw < 0.04 => Some(Role::PracticeSupervisor),
        Role::SeniorSocialWorker if draw < 0.05 => Some(Role::TeamManager),
        Role::AdvancedPractitioner if draw < 0.02 => Some(Role::PracticeSupervisor),
        Role::PracticeSupervisor if draw < 0.05 => Some(Role::TeamManager),
        Role::TeamManager if draw < 0.02 => Some(Role::ServiceManager),
        Role::ServiceManager if draw < 0.02 => Some(Role::SeniorManager),
        _ => None,
    }
}

/// The assignments of one employment, from its start to its last day or the last day
/// of history, whichever comes first. They never overlap, the first starts with the
/// employment and the last ends with it.
pub(crate) fn career(rng: &mut Rng, plan: &CareerPlan, teams: &TeamsToMoveTo<'_>) -> Vec<Segment> {
    let last_day = plan.end.min(plan.until);
    let mut builder = Builder {
        done: Vec::new(),
        current: Segment {
            start: plan.start,
            end: plan.end,
            team: plan.team,
            role: plan.role,
            contract: plan.contract,
            fte: plan.fte,
        },
        last_day,
    };
    if let Some(done) = plan.asye_done {
        builder.change(plus(done, 1), |segment| segment.role = Role::SocialWorker);
    }
    let mut years_in_role = 0;
    // A secondment under way: the day it ends and the team to go back to.
    let mut back: Option<(Date, Option<usize>)> = None;
    for year in 1.. {
        let anniversary = plus(
            plan.start,
            (f64::from(year) * 365.25) as i64 + rng.between(-20, 40),
        );
        if anniversary > last_day {
            break;
        }
        if let Some((on, team)) = back {
            if on > anniversary {
                continue;
            }
            builder.change(on, |segment| segment.team = team);
            back = None;
        }
        years_in_role += 1;
        if anniversary < plan.changes_from || anniversary <= builder.current.start {
            continue;
        }
        let role = if builder.current.role == Role::Asye {
            None
        } else {
            promotion(rng, builder.current.role, years_in_role)
        };
        let in_children_team = builder
            .current
            .team
            .is_some_and(|team| teams.children.contains(&team));
        let team = (in_children_team && rng.chance(0.04)).then(|| *rng.pick(teams.children));
        let fte = if builder.current.fte >= 1.0 && rng.chance(0.025) {
            Some(*rng.pick(&[0.6, 0.8, 0.8, 0.81]))
        } else if builder.current.fte < 1.0 && rng.chance(0.12) {
            Some(1.0)
        } else {
            None
        };
        if (role.is_some() || team.is_some() || fte.is_some())
            && builder.change(anniversary, |segment| {
                if let Some(role) = role {
                    segment.role = role;
                }
                if let Some(team) = team {
                    segment.team = Some(team);
                }
                if let Some(fte) = fte {
                    segment.fte = fte;
                }
            })
            && role.is_some()
        {
            years_in_role = 0;
        }
        // Practitioners go on secondment; managers and ASYEs stay with their teams.
        let may_second = matches!(
            builder.current.role,
            Role::SocialWorker | Role::SeniorSocialWorker | Role::AdvancedPractitioner
        );
        if may_second && in_children_team && !teams.adults.is_empty() && rng.chance(0.01) {
            let starts = plus(anniversary, rng.between(30, 120));
            let adults = *rng.pick(teams.adults);
            let home = builder.current.team;
            if builder.change(starts, |segment| segment.team = Some(adults)) {
                back = Some((plus(starts, rng.between(90, 270)), home));
            }
        }
    }
    if let Some((on, team)) = back {
        builder.change(on, |segment| segment.team = team);
    }
    let mut segments = builder.done;
    segments.push(builder.current);
    segments
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::calendar::{days_between, years_before};
    use pathway_domain::values::parse_date;

    #[test]
    fn assignments_tile_the_employment_without_gaps_or_overlaps() {
        let until = parse_date("2024-09-30").unwrap();
        let mut rng = Rng::for_stream(3, 0);
        let children = [0, 1, 2];
        let adults = [3];
        let teams = TeamsToMoveTo {
            children: &children,
            adults: &adults,
        };
        for case in 0..2000 {
            let start = plus(years_before(until, 12), rng.between(0, 4000));
            let end = plus(start, rng.between(0, 5000));
            let plan = CareerPlan {
                start,
                end,
                until,
                changes_from: years_before(until, 10),
                team: Some(case % 3),
                role: if case % 2 == 0 {
                    Role::Asye
                } else {
                    Role::SocialWorker
                },
                contract: Contract::Permanent,
                fte: 1.0,
                asye_done: (case % 2 == 0).then(|| plus(start, 370)),
            };
            let segments = career(&mut rng, &plan, &teams);
            assert_eq!(segments[0].start, start);
            assert_eq!(segments.last().unwrap().end, end);
            for pair in segments.windows(2) {
                assert_eq!(days_between(pair[0].end, pair[1].start), 1);
                assert!(pair[0].start <= pair[0].end);
            }
            assert!(segments.iter().all(|segment| segment.start <= until));
        }
    }

    #[test]
    fn academy_members_stay_longer() {
        let mut rng = Rng::for_stream(5, 0);
        let mean = |rng: &mut Rng, academy| {
            (0..4000)
                .map(|_| years_until_leaving(rng, 0.0, 25.0, academy))
                .sum::<f64>()
                / 4000.0
        };
        let members = mean(&mut rng, true);
        let others = mean(&mut rng, false);
        assert!(
            members > others * 1.3,
            "members {members:.2} years, others {others:.2}"
        );
    }
}
