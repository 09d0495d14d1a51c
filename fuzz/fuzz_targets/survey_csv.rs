//! A staff survey's responses as a CSV file, read as the survey import page reads it.
#![no_main]

use libfuzzer_sys::fuzz_target;
use pathway_domain::ids::TeamId;
use pathway_domain::survey::ResponseId;

fuzz_target!(|input: &[u8]| {
    let teams = [TeamId::parse("T1").unwrap(), TeamId::parse("T2").unwrap()];
    let mut next = 0u128;
    let new_id = || {
        next += 1;
        ResponseId::from_random(next)
    };
    if let Err(problems) =
        pathway_bulk::survey::read_responses("survey.csv", input, 2025, &teams, new_id)
    {
        for problem in &problems {
            let _ = problem.to_string();
        }
    }
});
