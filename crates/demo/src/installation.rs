//! Where the demo councils sit on a shared installation: their regions and which of
//! them chose to be named in other councils' benchmarks.

use pathway_domain::Council;
use pathway_domain::benchmarking::{InstallationCouncil, Region};

/// The regions the demo councils are placed in, six councils to a region, so that a
/// demo of five or more councils has a region large enough to show a benchmark.
const DEMO_REGIONS: [Region; 3] = [
    Region::NorthWest,
    Region::YorkshireAndTheHumber,
    Region::SouthWest,
];

/// The demo council `council`, the `index`-th generated: its region, and named in
/// benchmarks when its index is odd, so the first (the demo users') council is
/// anonymous and about half the others are named.
pub fn installation_council(council: &Council, index: usize) -> InstallationCouncil {
    InstallationCouncil {
        council: council.clone(),
        region: DEMO_REGIONS[(index / 6) % DEMO_REGIONS.len()],
        named_in_benchmarks: index % 2 == 1,
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use pathway_domain::CouncilCode;

    #[test]
    fn the_first_six_demo_councils_share_a_region_and_every_other_one_is_named() {
        let council = Council::unnamed(CouncilCode::parse("990").unwrap());
        let placed: Vec<_> = (0..7).map(|i| installation_council(&council, i)).collect();
        assert!(placed[..6].iter().all(|c| c.region == Region::NorthWest));
        assert_eq!(placed[6].region, Region::YorkshireAndTheHumber);
        assert!(!placed[0].named_in_benchmarks);
        assert!(placed[1].named_in_benchmarks);
    }
}
