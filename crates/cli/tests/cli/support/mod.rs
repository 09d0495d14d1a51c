//! Running the `pathway` binary against throwaway databases and editable copies of
//! the fixtures.

#![allow(dead_code)]

use std::fs;
use std::path::{Path, PathBuf};
use std::process::{Command, Output};

use tempfile::TempDir;

/// A scratch folder holding a database and any files a test writes.
pub struct Scratch {
    pub dir: TempDir,
}

impl Scratch {
    pub fn new() -> Self {
        Self {
            dir: tempfile::tempdir().expect("a temporary folder"),
        }
    }

    pub fn path(&self, name: &str) -> PathBuf {
        self.dir.path().join(name)
    }

    pub fn database(&self) -> PathBuf {
        self.path("pathway.db")
    }

    /// Runs `pathway` on this scratch folder's database.
    pub fn pathway(&self, args: &[&str]) -> Output {
        Command::new(env!("CARGO_BIN_EXE_pathway"))
            .args(args)
            .env("PATHWAY_DATABASE", self.database())
            .current_dir(self.dir.path())
            .output()
            .expect("pathway runs")
    }

    /// Runs `pathway` and insists it succeeds; returns its standard output.
    pub fn pathway_ok(&self, args: &[&str]) -> String {
        succeeded(args, self.pathway(args))
    }

    /// Copies the small hand-written fixture council to a folder of this scratch.
    pub fn small_council(&self, name: &str) -> PathBuf {
        let target = self.path(name);
        copy_folder(&fixture("small"), &target);
        target
    }

    /// Writes national-shaped synthetic data from the shared generator.
    pub fn generated(&self, name: &str, authorities: u32) -> PathBuf {
        let target = self.path(name);
        let output = Command::new("python3")
            .arg(shared().join("bench/gen_workforce.py"))
            .args([
                "--out",
                target.to_str().unwrap(),
                "--authorities",
                &authorities.to_string(),
                "--seed",
                "1",
            ])
            .output()
            .expect("python3 is needed to run ../shared/bench/gen_workforce.py");
        assert!(
            output.status.success(),
            "{}",
            String::from_utf8_lossy(&output.stderr)
        );
        target
    }
}

pub fn fixture(name: &str) -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("tests/fixtures")
        .join(name)
}

/// `../shared` beside the project root.
pub fn shared() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("../../../shared")
}

pub fn copy_folder(from: &Path, to: &Path) {
    fs::create_dir_all(to).unwrap();
    for entry in fs::read_dir(from).unwrap() {
        let entry = entry.unwrap();
        fs::copy(entry.path(), to.join(entry.file_name())).unwrap();
    }
}

/// The records of a CSV file, header first.
pub fn read_csv(path: &Path) -> Vec<Vec<String>> {
    let mut reader = csv::ReaderBuilder::new()
        .has_headers(false)
        .from_path(path)
        .unwrap();
    reader
        .records()
        .map(|record| record.unwrap().iter().map(str::to_owned).collect())
        .collect()
}

pub fn write_csv(path: &Path, rows: &[Vec<String>]) {
    let mut writer = csv::Writer::from_path(path).unwrap();
    for row in rows {
        writer.write_record(row).unwrap();
    }
    writer.flush().unwrap();
}

/// Sets one cell, addressed as a spreadsheet user would: row 1 is the header.
pub fn set_cell(path: &Path, row: usize, column: &str, value: &str) {
    let mut rows = read_csv(path);
    let index = rows[0]
        .iter()
        .position(|name| name == column)
        .unwrap_or_else(|| panic!("no column {column}"));
    rows[row - 1][index] = value.to_owned();
    write_csv(path, &rows);
}

/// Appends a row given as `column=value` pairs; other cells are empty.
pub fn append_row(path: &Path, cells: &[(&str, &str)]) {
    let mut rows = read_csv(path);
    let mut row = vec![String::new(); rows[0].len()];
    for (column, value) in cells {
        let index = rows[0].iter().position(|name| name == column).unwrap();
        row[index] = (*value).to_owned();
    }
    rows.push(row);
    write_csv(path, &rows);
}

/// Removes a column.
pub fn drop_column(path: &Path, column: &str) {
    let mut rows = read_csv(path);
    let index = rows[0].iter().position(|name| name == column).unwrap();
    for row in &mut rows {
        row.remove(index);
    }
    write_csv(path, &rows);
}

/// Every data row of every CSV file in a folder, by file name.
pub fn data_rows(folder: &Path) -> Vec<(String, usize)> {
    let mut counts: Vec<(String, usize)> = fs::read_dir(folder)
        .unwrap()
        .map(|entry| entry.unwrap().path())
        .filter(|path| path.extension().is_some_and(|extension| extension == "csv"))
        .map(|path| {
            (
                path.file_name().unwrap().to_string_lossy().into_owned(),
                read_csv(&path).len() - 1,
            )
        })
        .collect();
    counts.sort();
    counts
}

/// The contents of every file of a folder, by name, for byte-for-byte comparison.
pub fn folder_contents(folder: &Path) -> Vec<(String, Vec<u8>)> {
    let mut files: Vec<(String, Vec<u8>)> = fs::read_dir(folder)
        .unwrap()
        .map(|entry| entry.unwrap())
        .map(|entry| {
            (
                entry.file_name().to_string_lossy().into_owned(),
                fs::read(entry.path()).unwrap(),
            )
        })
        .collect();
    files.sort();
    files
}
pub mod compare;
pub mod serve;

/// Runs `pathway` on the database `database` names: a SQLite file or a postgres:// URL.
pub fn pathway_on(database: &str, args: &[&str]) -> Output {
    Command::new(env!("CARGO_BIN_EXE_pathway"))
        .args(args)
        .env("PATHWAY_DATABASE", database)
        .output()
        .expect("pathway runs")
}

/// Runs `pathway` on `database` and insists it succeeds; returns its standard output.
pub fn pathway_ok_on(database: &str, args: &[&str]) -> String {
    succeeded(args, pathway_on(database, args))
}

/// The standard output of a `pathway` run that must have succeeded.
fn succeeded(args: &[&str], output: Output) -> String {
    assert!(
        output.status.success(),
        "pathway {args:?} failed:\n{}\n{}",
        String::from_utf8_lossy(&output.stdout),
        String::from_utf8_lossy(&output.stderr)
    );
    String::from_utf8(output.stdout).expect("UTF-8 output")
}
