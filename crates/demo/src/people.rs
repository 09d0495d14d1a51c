//! The people: their names, backgrounds, qualifications and registration numbers.

use chrono::Datelike;
use pathway_domain::codes::{Ethnicity, Gender, QualificationLevel, Route, StartOrigin};
use pathway_domain::ids::WorkerId;
use pathway_domain::records::Worker;
use pathway_domain::values::{Date, SweNumber};

use crate::calendar::{days_between, plus};
use crate::council::{Person, Story};
use crate::leaving;
use crate::names::{
    ETHNICITIES, FRONTLINE_INSTITUTION, Heritage, OVERSEAS_ETHNICITIES, OVERSEAS_INSTITUTIONS,
    STEP_UP_INSTITUTION, UNIVERSITIES,
};
use crate::random::Rng;

/// How a person comes to work for the council, which shapes their age and experience.
#[derive(Debug, Clone, Copy)]
pub(crate) enum Entry {
    /// Just qualified, starting their ASYE.
    NewlyQualified,
    /// An experienced social worker with at least `least` years since qualifying.
    Experienced { least: f64 },
    /// An agency social worker.
    Agency,
    /// Already in post when the history starts.
    InPost { age: f64, experience: f64 },
}

/// Languages that are not tied to a heritage, spoken by a few British-born workers.
const OTHER_LANGUAGES: [&str; 3] = ["Welsh", "French", "Spanish"];

/// A random person's name, for students who never became workers.
pub(crate) fn random_name(rng: &mut Rng) -> String {
    let ethnicity = rng.weighted(&ETHNICITIES);
    let heritage = rng.weighted(Heritage::for_ethnicity(Some(ethnicity)));
    let man = rng.chance(0.18);
    format!(
        "{} {}",
        rng.pick(heritage.given_names(man)),
        rng.pick(heritage.family_names())
    )
}

impl Story {
    /// A new person, with a worker record, as of the day `at` they start.
    pub(crate) fn new_person(&mut self, at: Date, entry: Entry) -> usize {
        let agency = matches!(entry, Entry::Agency);
        let rng = &mut self.rng;
        let (age, experience) = match entry {
            Entry::NewlyQualified => (
                21.6 + rng.exponential(6.0).min(30.0),
                rng.uniform(0.05, 0.5),
            ),
            Entry::Experienced { least } => {
                let age = rng.triangular(25.0, 34.0, 60.0).max(23.0 + least);
                (age, (least + 0.5 + rng.exponential(6.0)).min(age - 22.0))
            }
            Entry::Agency => {
                let age = rng.triangular(26.0, 38.0, 63.0);
                (age, (2.0 + rng.exponential(8.0)).min(age - 22.5))
            }
            Entry::InPost { age, experience } => (age, experience),
        };
        let qualified = plus(at, -((experience * 365.25) as i64) - rng.between(0, 40));
        let year = qualified.year();
        let overseas_share = match year {
            y if y >= 2020 => 0.10,
            y if y >= 2016 => 0.05,
            _ => 0.02,
        } * if agency { 1.8 } else { 1.0 };
        let overseas = !matches!(entry, Entry::NewlyQualified) && rng.chance(overseas_share);
        let route = if overseas {
            Some(Route::Overseas)
        } else if year < 2010 && rng.chance(0.15) {
            None // a legacy record from before routes were captured
        } else {
            Some(rng.weighted(&[
                (Route::University, 72.0),
                (Route::StepUp, if year >= 2011 { 7.0 } else { 0.0 }),
                (Route::Frontline, if year >= 2015 { 9.0 } else { 0.0 }),
                (Route::Apprenticeship, if year >= 2019 { 6.0 } else { 0.0 }),
                (Route::Other, 3.0),
                (Route::Unknown, 3.0),
            ]))
        };
        let ethnicity = if rng.chance(0.03) {
            None
        } else if overseas {
            Some(rng.weighted(&OVERSEAS_ETHNICITIES))
        } else {
            Some(rng.weighted(&ETHNICITIES))
        };
        let mut heritage = rng.weighted(Heritage::for_ethnicity(ethnicity));
        if overseas && ethnicity == Some(Ethnicity::Bafr) && rng.chance(0.3) {
            heritage = Heritage::SouthernAfrican; // recent international recruitment
        }
        let gender = rng.weighted(&[
            (Some(Gender::Female), 81.0),
            (Some(Gender::Male), 16.0),
            (Some(Gender::NotSpecified), 0.7),
            (Some(Gender::NotKnown), 1.3),
            (None, 1.0),
        ]);
        let man =
            gender == Some(Gender::Male) || (gender != Some(Gender::Female) && rng.chance(0.3));
        let given_name = (*rng.pick(heritage.given_names(man))).to_owned();
        let family_name = (*rng.pick(heritage.family_names())).to_owned();
        let mut languages = Vec::new();
        if !rng.chance(0.06) {
            languages.push("English".to_owned());
            if heritage != Heritage::British && rng.chance(if overseas { 0.8 } else { 0.5 }) {
                languages.push((*rng.pick(heritage.languages())).to_owned());
            } else if heritage == Heritage::British && rng.chance(0.04) {
                languages.push((*rng.pick(&OTHER_LANGUAGES)).to_owned());
            }
        }
        let bsl = if rng.chance(0.015) {
            Some(true)
        } else if rng.chance(0.1) {
            None
        } else {
            Some(false)
        };
        let institution = match route {
            Some(Route::University | Route::Apprenticeship) => Some(if rng.chance(0.65) {
                *rng.pick(&self.local_universities)
            } else {
                *rng.pick(&UNIVERSITIES)
            }),
            Some(Route::StepUp) => Some(STEP_UP_INSTITUTION),
            Some(Route::Frontline) => Some(FRONTLINE_INSTITUTION),
            Some(Route::Overseas) => Some(*rng.pick(&OVERSEAS_INSTITUTIONS)),
            Some(Route::Other) => rng.chance(0.4).then(|| *rng.pick(&UNIVERSITIES)),
            _ => None,
        }
        .filter(|_| !rng.chance(0.04));
        let level = match route {
            Some(Route::University) => Some(if rng.chance(0.6) {
                QualificationLevel::Undergraduate
            } else {
                QualificationLevel::Postgraduate
            }),
            Some(Route::StepUp | Route::Frontline) => Some(QualificationLevel::Postgraduate),
            Some(Route::Apprenticeship) => Some(QualificationLevel::Undergraduate),
            Some(Route::Overseas) => Some(rng.weighted(&[
                (QualificationLevel::Undergraduate, 70.0),
                (QualificationLevel::Postgraduate, 20.0),
                (QualificationLevel::Other, 10.0),
            ])),
            Some(Route::Other) => rng.chance(0.5).then_some(QualificationLevel::Other),
            _ => None,
        };
        let born = plus(at, -((age * 365.25) as i64) - rng.between(0, 364));
        let date_of_birth = (!rng.chance(0.01)).then_some(born);
        let qualified_on = (!rng.chance(0.03)).then_some(qualified);
        let registered = !rng.chance(0.02);
        let female = gender == Some(Gender::Female);

        let id = if agency {
            self.agency_count += 1;
            format!("AG{:05}", self.agency_count)
        } else {
            self.staff_count += 1;
            format!("W{:05}", self.staff_count)
        };
        let swe_number = registered.then(|| self.swe_number());
        let worker = Worker {
            id: WorkerId::parse(&id).expect("demo worker IDs are well formed"),
            given_name,
            family_name,
            swe_number,
            gender,
            date_of_birth,
            ethnicity,
            qualified_on,
            qualification_institution: institution.map(str::to_owned),
            qualification_level: level,
            route,
            bsl,
            languages,
        };
        self.people.push(Person {
            worker,
            born,
            female,
            returned: false,
        });
        self.people.len() - 1
    }

    /// The next registration number: `SW`, the council's code, and five digits in a
    /// scrambled order, so numbers never repeat within a council (nor across demo
    /// councils) and never start with 0.
    fn swe_number(&mut self) -> SweNumber {
        let serial = (self.people.len() as u64) % 90_000;
        // 7919 is prime and does not divide 90 000, so this is a permutation.
        let scrambled = (serial * 7919 + u64::from(self.swe_offset)) % 90_000 + 10_000;
        SweNumber::parse(&format!("SW{}{scrambled:05}", self.council.code))
            .expect("demo registration numbers are well formed")
    }

    /// Where an experienced starter came from: overseas recruits from outside England,
    /// the rest mostly from other councils and agency work.
    pub(crate) fn experienced_origin(&mut self, person: usize, start: Date) -> Option<StartOrigin> {
        let worker = &self.people[person].worker;
        let recent_overseas = worker.route == Some(Route::Overseas)
            && worker
                .qualified_on
                .is_some_and(|on| days_between(on, start) < 3 * 365);
        if recent_overseas {
            Some(StartOrigin::OutsideEngland)
        } else {
            leaving::experienced_origin(&mut self.rng)
        }
    }
}
