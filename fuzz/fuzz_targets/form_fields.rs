//! A submitted HTML form: the input is the request body as a browser sends it
//! (`application/x-www-form-urlencoded`), read into the fields the pages read, then
//! given to every field reader and to each check of a whole form that needs no stored
//! records (`pathway_web::forms`).
#![no_main]

use libfuzzer_sys::fuzz_target;
use pathway_domain::CouncilCode;
use pathway_domain::career::Framework;
use pathway_domain::ids::UniversityId;
use pathway_domain::recruitment::University;
use pathway_domain::training::CourseId;
use pathway_web::forms;

fuzz_target!(|body: &[u8]| {
    let pairs: Vec<(String, String)> = form_urlencoded::parse(body).into_owned().collect();
    for (_, value) in &pairs {
        let _ = forms::read_hours(value);
        let _ = forms::parse_time(value);
        let _ = forms::read_cases(value);
        let _ = forms::read_count_date(value);
        let _ = forms::parse_event_cost(value);
        let _ = forms::parse_pounds(value);
    }
    for boxes in pairs.windows(3) {
        let _ = forms::date_input("Start date", &boxes[0].1, &boxes[1].1, &boxes[2].1);
    }
    let fields = forms::FormFields::new(pairs);
    let _ = forms::edit_framework(&Framework::pathway_default(), &fields);
    let taken = CourseId::parse("C1").unwrap();
    let _ = forms::check_new_course(&fields, &[&taken]);
    let _ = forms::check_recruitment_settings(&fields, CouncilCode::parse("888").unwrap());
    let other = University {
        id: UniversityId::parse("U1").unwrap(),
        name: "University of Example".into(),
        contact: String::new(),
        partner_since: None,
    };
    let _ = forms::check_university(&fields, UniversityId::parse("U2").unwrap(), &[other]);
});
