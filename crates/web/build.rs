//! Installs GOV.UK Frontend from npm (pinned in package-lock.json) and compiles
//! Pathway's stylesheet with it, so the binary embeds every asset it serves and
//! nothing is fetched at run time.

use std::path::{Path, PathBuf};
use std::process::Command;

fn run(command: &mut Command, what: &str) {
    let status = command.status().unwrap_or_else(|error| {
        panic!("{what} could not start ({error}); Node.js and npm are needed to build Pathway's web assets")
    });
    assert!(status.success(), "{what} failed with {status}");
}

fn main() {
    let here =
        PathBuf::from(std::env::var("CARGO_MANIFEST_DIR").expect("cargo sets CARGO_MANIFEST_DIR"));
    let out = PathBuf::from(std::env::var("OUT_DIR").expect("cargo sets OUT_DIR"));
    for watched in ["package.json", "package-lock.json", "styles", "build.rs"] {
        println!("cargo::rerun-if-changed={watched}");
    }

    let installed = here.join("node_modules/govuk-frontend/package.json");
    let lock = here.join("package-lock.json");
    if !installed.exists() || modified(&lock) > modified(&installed) {
        run(
            Command::new("npm")
                .args(["ci", "--no-audit", "--no-fund", "--ignore-scripts"])
                .current_dir(&here),
            "npm ci (GOV.UK Frontend and sass)",
        );
    }

    run(
        Command::new("node")
            .arg(here.join("node_modules/sass/sass.js"))
            .arg("--load-path=node_modules")
            .args([
                "--style=compressed",
                "--no-source-map",
                "styles/pathway.scss",
            ])
            .arg(out.join("pathway.css"))
            .current_dir(&here),
        "sass (compiling styles/pathway.scss)",
    );
    let govuk = here.join("node_modules/govuk-frontend/dist/govuk");
    std::fs::copy(
        govuk.join("govuk-frontend.min.js"),
        out.join("govuk-frontend.min.js"),
    )
    .expect("GOV.UK Frontend's JavaScript is in the npm package");
}

fn modified(path: &Path) -> std::time::SystemTime {
    std::fs::metadata(path)
        .and_then(|metadata| metadata.modified())
        .unwrap_or(std::time::UNIX_EPOCH)
}
