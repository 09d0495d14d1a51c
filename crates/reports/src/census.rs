//! The DfE children's social work workforce census return as XML: a `Message` with
//! its `Header`, one `LALevelVacancies` and one `CSWWWorker` per worker, elements in
//! the DfE's order and empty items left out. The layout is checked against the XSD
//! Pathway keeps in `tests/census/csww.xsd`; the items and codes come from
//! [`pathway_domain::census`].

use std::fmt::Write as _;

use chrono::NaiveDateTime;
use pathway_domain::CouncilCode;
use pathway_domain::census::{CensusReturn, two_places};

/// The census's collection name.
pub const COLLECTION: &str = "CSWW";

/// Who sent the return and when: the header's `Source`.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Source {
    /// The council's DfE code (`LEA`).
    pub council: CouncilCode,
    /// The return's serial number (`SerialNo`).
    pub serial_no: u32,
    /// When it was made (`DateTime`), passed in so the same data gives the same file.
    pub made_at: NaiveDateTime,
}

/// Escapes text for an XML element, dropping the control characters XML 1.0 cannot
/// hold (a stray one in a pasted institution name must not break the file).
pub fn escape(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    for c in text.chars() {
        match c {
            '&' => out.push_str("&amp;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '"' => out.push_str("&quot;"),
            '\'' => out.push_str("&apos;"),
            '\t' | '\n' | '\r' => out.push(c),
            c if (c as u32) < 0x20 || c == '\u{FFFE}' || c == '\u{FFFF}' => {}
            c => out.push(c),
        }
    }
    out
}

fn element(out: &mut String, depth: usize, name: &str, text: &str) {
    let _ = writeln!(
        out,
        "{:indent$}<{name}>{}</{name}>",
        "",
        escape(text),
        indent = depth * 2
    );
}

/// Writes the return as UTF-8 XML, indented, in the DfE's element order.
pub fn census_xml(census: &CensusReturn, source: &Source) -> String {
    let mut out = String::from("<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<Message>\n");
    out.push_str("  <Header>\n    <CollectionDetails>\n");
    element(&mut out, 3, "Collection", COLLECTION);
    element(&mut out, 3, "Year", &census.year.to_string());
    element(
        &mut out,
        3,
        "ReferenceDate",
        &census.reference_date.to_string(),
    );
    out.push_str("    </CollectionDetails>\n    <Source>\n");
    element(&mut out, 3, "SourceLevel", "L");
    element(&mut out, 3, "LEA", &source.council.to_string());
    element(&mut out, 3, "SoftwareCode", "Pathway");
    element(&mut out, 3, "Release", env!("CARGO_PKG_VERSION"));
    element(&mut out, 3, "SerialNo", &source.serial_no.to_string());
    element(
        &mut out,
        3,
        "DateTime",
        &source.made_at.format("%Y-%m-%dT%H:%M:%S").to_string(),
    );
    out.push_str("    </Source>\n  </Header>\n  <LALevelVacancies>\n");
    let vacancies = &census.vacancies;
    element(
        &mut out,
        2,
        "NumberOfVacancies",
        &two_places(vacancies.number_of_vacancies),
    );
    element(
        &mut out,
        2,
        "NoAgencyFTE",
        &two_places(vacancies.no_agency_fte),
    );
    element(
        &mut out,
        2,
        "NoAgencyHeadcount",
        &two_places(vacancies.no_agency_headcount as f64),
    );
    out.push_str("  </LALevelVacancies>\n");
    for worker in &census.workers {
        out.push_str("  <CSWWWorker>\n");
        for (item, text) in worker.items() {
            element(&mut out, 2, item.name(), &text);
        }
        out.push_str("  </CSWWWorker>\n");
    }
    out.push_str("</Message>\n");
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use pathway_domain::census::{CensusWorker, LaLevelVacancies};
    use pathway_domain::codes::Ethnicity;
    use pathway_domain::ids::WorkerId;
    use pathway_domain::values::parse_date;

    fn worker(id: &str) -> CensusWorker {
        CensusWorker {
            worker_id: WorkerId::parse(id).unwrap(),
            agency_worker: false,
            swe_no: Some("SW1".into()),
            fte: Some(1.0),
            person_birth_date: None,
            gender_current: Some(1),
            ethnicity: Some(Ethnicity::Wbri),
            qual_inst: Some("Queen's <\"Arts\"> & Sciences\u{1}".into()),
            qual_level: None,
            step_up_grad: None,
            org_role: Some(5),
            role_start_date: Some(parse_date("2020-01-06").unwrap()),
            start_origin: None,
            role_end_date: None,
            leaver_destination: None,
            reason_leave: None,
            fte30: Some(0.5),
            cases30: None,
            working_days_lost: Some(0.0),
            frontline_grad: None,
            absent_at_30_sept: false,
            reason_absence: None,
            cfkss_status: None,
        }
    }

    fn sample() -> (CensusReturn, Source) {
        let census = CensusReturn {
            year: 2024,
            reference_date: parse_date("2024-09-30").unwrap(),
            vacancies: LaLevelVacancies {
                number_of_vacancies: 12.5,
                no_agency_fte: 3.0,
                no_agency_headcount: 4,
            },
            workers: vec![worker("W1")],
        };
        let source = Source {
            council: CouncilCode::parse("888").unwrap(),
            serial_no: 1,
            made_at: parse_date("2024-10-15")
                .unwrap()
                .and_hms_opt(9, 30, 0)
                .unwrap(),
        };
        (census, source)
    }

    #[test]
    fn the_header_names_the_collection_the_council_and_the_time_given() {
        let (census, source) = sample();
        let xml = census_xml(&census, &source);
        assert!(
            xml.starts_with("<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<Message>\n  <Header>")
        );
        for line in [
            "<Collection>CSWW</Collection>",
            "<Year>2024</Year>",
            "<ReferenceDate>2024-09-30</ReferenceDate>",
            "<SourceLevel>L</SourceLevel>",
            "<LEA>888</LEA>",
            "<SoftwareCode>Pathway</SoftwareCode>",
            "<DateTime>2024-10-15T09:30:00</DateTime>",
            "<NumberOfVacancies>12.50</NumberOfVacancies>",
            "<NoAgencyFTE>3.00</NoAgencyFTE>",
            "<NoAgencyHeadcount>4.00</NoAgencyHeadcount>",
        ] {
            assert!(xml.contains(line), "{line} missing from\n{xml}");
        }
        assert_eq!(xml, census_xml(&census, &source), "deterministic");
    }

    #[test]
    fn a_workers_items_are_escaped_in_order_and_empty_ones_left_out() {
        let (census, source) = sample();
        let xml = census_xml(&census, &source);
        let start = xml.find("<CSWWWorker>").unwrap();
        let names: Vec<&str> = xml[start..]
            .lines()
            .skip(1)
            .take_while(|line| !line.contains("</CSWWWorker>"))
            .map(|line| {
                line.trim()
                    .trim_start_matches('<')
                    .split('>')
                    .next()
                    .unwrap()
            })
            .collect();
        assert_eq!(
            names,
            [
                "AgencyWorker",
                "SWENo",
                "FTE",
                "GenderCurrent",
                "Ethnicity",
                "QualInst",
                "OrgRole",
                "RoleStartDate",
                "FTE30",
                "WorkingDaysLost",
                "Absat30Sept"
            ]
        );
        assert!(
            xml.contains(
                "<QualInst>Queen&apos;s &lt;&quot;Arts&quot;&gt; &amp; Sciences</QualInst>"
            )
        );
    }
}
