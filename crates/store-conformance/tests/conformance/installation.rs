//! Councils on one installation: each council's region and naming, its first lead,
//! and the group of councils a regional viewer sees.

use pathway_app::StoreError;
use pathway_app::accounts::NewUser;
use pathway_domain::access::UserRole;
use pathway_domain::benchmarking::{InstallationCouncil, Region};
use pathway_domain::{Council, CouncilCode};
use pathway_store_conformance::{on_both_backends, open_store};

use crate::store::entry;

fn council(code: &str, region: Region, named: bool) -> InstallationCouncil {
    InstallationCouncil {
        council: Council {
            code: CouncilCode::parse(code).unwrap(),
            name: format!("Council {code}"),
        },
        region,
        named_in_benchmarks: named,
    }
}

fn user(council: Option<&str>, email: &str, role: UserRole) -> NewUser {
    NewUser {
        council: council.map(|code| CouncilCode::parse(code).unwrap()),
        email: email.to_owned(),
        role,
        worker_id: None,
        teams: Vec::new(),
        password_hash: "hash".to_owned(),
    }
}

on_both_backends! {
    async fn councils_are_added_with_their_lead_changed_and_grouped_for_a_regional_viewer() {
        let store = open_store().await;
        let north = council("821", Region::NorthEast, false);
        let lead = store
            .add_council(
                &north,
                &user(Some("821"), "lead@821.example", UserRole::WorkforceLead),
                &[entry("821", "council added")],
            )
            .await
            .unwrap();
        assert_eq!(lead.role, UserRole::WorkforceLead);
        store
            .add_council(
                &council("822", Region::London, true),
                &user(Some("822"), "lead@822.example", UserRole::WorkforceLead),
                &[entry("822", "council added")],
            )
            .await
            .unwrap();
        // A code already in use is refused, and its would-be lead is not added.
        let again = store
            .add_council(
                &council("821", Region::London, true),
                &user(Some("821"), "second@821.example", UserRole::WorkforceLead),
                &[],
            )
            .await;
        assert!(matches!(again, Err(StoreError::Conflict(_))), "{again:?}");
        assert!(store.user_with_password("second@821.example").await.unwrap().is_none());

        let named = council("821", Region::NorthWest, true);
        store
            .change_council(&named, &[entry("821", "council changed")])
            .await
            .unwrap();
        assert_eq!(
            store.installation_councils().await.unwrap(),
            [named, council("822", Region::London, true)]
        );

        let viewer = store
            .add_regional_viewer(
                &user(None, "regional@example.gov.uk", UserRole::RegionalViewer),
                &[CouncilCode::parse("822").unwrap(), CouncilCode::parse("821").unwrap()],
                &[],
            )
            .await
            .unwrap();
        assert_eq!(
            store.regional_viewer_councils(viewer.id).await.unwrap(),
            [CouncilCode::parse("821").unwrap(), CouncilCode::parse("822").unwrap()]
        );
        assert!(store.regional_viewer_councils(lead.id).await.unwrap().is_empty());
        assert_eq!(store.audit_trail(CouncilCode::parse("821").unwrap(), 10).await.unwrap().len(), 2);
    }
}
