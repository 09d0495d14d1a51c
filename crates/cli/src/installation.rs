//! `pathway councils add` and `pathway councils change`: the councils on a shared
//! installation, their regions and naming in benchmarks; and the demo councils' places.

use anyhow::bail;
use clap::{Args, Subcommand};
use pathway_app::Store;
use pathway_app::installation::{self, NewCouncil};
use pathway_domain::CouncilCode;
use pathway_domain::benchmarking::Region;

use crate::{DEMO_PASSWORD, actor, parse_council};

/// Arguments of `councils`: with no subcommand, the list.
#[derive(Debug, Args)]
pub struct CouncilsArgs {
    /// Add a council or change one; without a subcommand, list the councils.
    #[command(subcommand)]
    pub command: Option<CouncilsCommand>,
}

/// The `councils` subcommands.
#[derive(Debug, Subcommand)]
pub enum CouncilsCommand {
    /// Add a council with its first workforce lead, and print the lead's one-time
    /// password.
    Add(AddCouncilArgs),
    /// Change a council's name, region or naming in other councils' benchmarks.
    Change(ChangeCouncilArgs),
}

/// Arguments of `councils add`.
#[derive(Debug, Args)]
pub struct AddCouncilArgs {
    /// Its DfE local-authority code, such as 888.
    #[arg(long, value_parser = parse_council)]
    pub code: CouncilCode,
    /// Its name, such as "Lancashire County Council".
    #[arg(long)]
    pub name: String,
    /// Its region: north_east, north_west, yorkshire_and_the_humber, east_midlands,
    /// west_midlands, east_of_england, london, south_east, south_west or other.
    #[arg(long, value_parser = parse_region)]
    pub region: Region,
    /// The email address of its first workforce lead.
    #[arg(long, value_name = "EMAIL")]
    pub lead: String,
    /// Name the council in other councils' benchmarks (it is anonymous unless given).
    #[arg(long)]
    pub named: bool,
}

/// Arguments of `councils change`.
#[derive(Debug, Args)]
pub struct ChangeCouncilArgs {
    /// The council's code.
    #[arg(long, value_parser = parse_council)]
    pub code: CouncilCode,
    /// A new name.
    #[arg(long)]
    pub name: Option<String>,
    /// A new region.
    #[arg(long, value_parser = parse_region)]
    pub region: Option<Region>,
    /// Whether it is named in other councils' benchmarks: yes or no.
    #[arg(long, value_name = "yes|no", value_parser = parse_yes_no)]
    pub named: Option<bool>,
}

pub(crate) fn parse_region(text: &str) -> Result<Region, String> {
    Region::parse(text).map_err(|error| error.to_string())
}

fn parse_yes_no(text: &str) -> Result<bool, String> {
    match text.trim().to_ascii_lowercase().as_str() {
        "yes" => Ok(true),
        "no" => Ok(false),
        _ => Err(format!("expected yes or no, found {text:?}")),
    }
}

/// Runs a `councils` subcommand.
pub async fn run(store: &dyn Store, command: &CouncilsCommand) -> anyhow::Result<()> {
    match command {
        CouncilsCommand::Add(args) => {
            let new = NewCouncil {
                code: args.code,
                name: args.name.clone(),
                region: args.region,
                named_in_benchmarks: args.named,
                lead_email: args.lead.clone(),
            };
            let (lead, password) = installation::add_council(store, &actor(), &new).await?;
            println!(
                "Added council {} {} in {}.",
                args.code,
                args.name.trim(),
                args.region.label()
            );
            println!("Added {} as {}.", lead.email, lead.role.label());
            println!("One-time password: {password}");
            println!("Give it to them privately; it is not shown again.");
        }
        CouncilsCommand::Change(args) => {
            let Some(mut council) = store
                .installation_councils()
                .await?
                .into_iter()
                .find(|c| c.council.code == args.code)
            else {
                bail!("council {} is not on this installation", args.code);
            };
            if let Some(name) = &args.name {
                council.council.name = name.clone();
            }
            if let Some(region) = args.region {
                council.region = region;
            }
            if let Some(named) = args.named {
                council.named_in_benchmarks = named;
            }
            installation::change_council(store, &actor(), &council).await?;
            println!(
                "Council {} {}: {}, {} in other councils' benchmarks.",
                council.council.code,
                council.council.name,
                council.region.label(),
                if council.named_in_benchmarks {
                    "named"
                } else {
                    "not named"
                }
            );
        }
    }
    Ok(())
}

/// Adds a regional viewer who sees `councils` and prints their one-time password.
pub async fn add_regional_viewer(
    store: &dyn Store,
    email: &str,
    councils: &[CouncilCode],
) -> anyhow::Result<()> {
    let (user, password) =
        installation::add_regional_viewer(store, &actor(), email, councils).await?;
    let codes: Vec<String> = councils.iter().map(ToString::to_string).collect();
    println!(
        "Added {} as {}, seeing councils {}.",
        user.email,
        user.role.label(),
        codes.join(", ")
    );
    println!("One-time password: {password}");
    println!("Give it to them privately; it is not shown again.");
    Ok(())
}

/// The councils of a region, for `user add --role regional_viewer --region R`.
pub async fn councils_of_region(
    store: &dyn Store,
    region: Region,
) -> anyhow::Result<Vec<CouncilCode>> {
    Ok(store
        .installation_councils()
        .await?
        .into_iter()
        .filter(|c| c.region == region)
        .map(|c| c.council.code)
        .collect())
}

/// Places the demo councils in their regions (those not yet placed, so a second run
/// leaves an administrator's changes alone) and adds the demo regional viewer, who
/// sees every demo council.
pub async fn demo(store: &dyn Store, councils: &[pathway_domain::Council]) -> anyhow::Result<()> {
    let known = store.installation_councils().await?;
    for (index, council) in councils.iter().enumerate() {
        let unplaced = known.iter().any(|c| {
            c.council.code == council.code && c.region == Region::Other && !c.named_in_benchmarks
        });
        if unplaced {
            let placed = pathway_demo::installation_council(council, index);
            installation::change_council(store, &actor(), &placed).await?;
        }
    }
    let codes: Vec<CouncilCode> = councils.iter().map(|c| c.code).collect();
    let viewer = pathway_app::accounts::new_user(
        None,
        "regional@demo.pathway.example",
        pathway_domain::access::UserRole::RegionalViewer,
        None,
        Vec::new(),
        DEMO_PASSWORD,
    )?;
    let audit: Vec<pathway_app::AuditEntry> = Vec::new();
    match store.add_regional_viewer(&viewer, &codes, &audit).await {
        Ok(_) => println!(
            "Demo regional viewer: regional@demo.pathway.example, password {DEMO_PASSWORD}"
        ),
        Err(pathway_app::StoreError::Conflict(_)) => {}
        Err(error) => return Err(error.into()),
    }
    Ok(())
}
