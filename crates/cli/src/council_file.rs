//! A council's records as one JSON file, as `pathway academy` and `pathway recruitment`
//! export and import them: written in a fixed layout with a final newline; read with
//! any error named by the file and the line and column where the JSON reader stopped;
//! refused whole when the council it names is not on this installation.

use std::path::Path;

use anyhow::{Context, bail};
use pathway_app::Store;
use pathway_domain::CouncilCode;
use serde::Serialize;
use serde::de::DeserializeOwned;

/// Refuses a council this installation does not hold, saying how to add it.
pub(crate) async fn known_council(store: &dyn Store, council: CouncilCode) -> anyhow::Result<()> {
    if !store
        .councils()
        .await?
        .iter()
        .any(|known| known.code == council)
    {
        bail!(
            "council {council} is not on this installation: import its data or run `pathway demo` first"
        );
    }
    Ok(())
}

/// Writes a file as indented JSON ending in a newline.
pub(crate) fn write<T: Serialize>(path: &Path, file: &T) -> anyhow::Result<()> {
    let mut text = serde_json::to_string_pretty(file)?;
    text.push('\n');
    std::fs::write(path, text).with_context(|| format!("cannot write {}", path.display()))
}

/// A serde message without the position serde_json appends to it.
fn serde_message(error: &serde_json::Error) -> String {
    let text = error.to_string();
    let suffix = format!(" at line {} column {}", error.line(), error.column());
    text.strip_suffix(&suffix).unwrap_or(&text).to_owned()
}

/// Reads a file: JSON that does not parse, or does not have the file's shape, is
/// refused as `FILE: line L column C: serde's message`.
pub(crate) fn read<T: DeserializeOwned>(path: &Path) -> anyhow::Result<T> {
    let shown = path.display();
    let text = std::fs::read_to_string(path).with_context(|| format!("cannot read {shown}"))?;
    serde_json::from_str(&text).map_err(|error| {
        anyhow::anyhow!(
            "{shown}: line {} column {}: {}",
            error.line(),
            error.column(),
            serde_message(&error)
        )
    })
}

/// The council a file names: a DfE code of a council on this installation.
pub(crate) async fn council_of(
    store: &dyn Store,
    path: &Path,
    code: &str,
) -> anyhow::Result<CouncilCode> {
    let shown = path.display();
    let council =
        CouncilCode::parse(code).map_err(|error| anyhow::anyhow!("{shown}: council: {error}"))?;
    known_council(store, council)
        .await
        .with_context(|| format!("{shown}: nothing was imported"))?;
    Ok(council)
}
