//! Which kind of container a path is: a folder, a `.zip` or an `.xlsx` workbook.

use std::path::Path;

use crate::BulkError;

/// The three containers of the bulk format.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Container {
    /// A folder of CSV files.
    Folder,
    /// A `.zip` of such a folder.
    Zip,
    /// An `.xlsx` workbook with one sheet per file.
    Xlsx,
}

impl Container {
    /// The container an existing path is: a folder, or a file named `*.zip` or
    /// `*.xlsx` (any case).
    pub fn of(path: &Path) -> Result<Container, BulkError> {
        let metadata = std::fs::metadata(path).map_err(|source| BulkError::CannotOpen {
            path: path.to_owned(),
            source,
        })?;
        if metadata.is_dir() {
            return Ok(Self::Folder);
        }
        Self::by_extension(path).ok_or_else(|| BulkError::NotAContainer {
            path: path.to_owned(),
        })
    }

    /// The container to export to: `*.zip` and `*.xlsx` files, otherwise a folder
    /// (existing, or new when the path has no extension).
    pub fn for_writing(path: &Path) -> Result<Container, BulkError> {
        if path.is_dir() {
            return Ok(Self::Folder);
        }
        if let Some(container) = Self::by_extension(path) {
            return Ok(container);
        }
        if !path.exists() && path.extension().is_none() {
            return Ok(Self::Folder);
        }
        Err(BulkError::NotAContainer {
            path: path.to_owned(),
        })
    }

    fn by_extension(path: &Path) -> Option<Container> {
        let extension = path.extension()?.to_str()?;
        if extension.eq_ignore_ascii_case("zip") {
            Some(Self::Zip)
        } else if extension.eq_ignore_ascii_case("xlsx") {
            Some(Self::Xlsx)
        } else {
            None
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn containers_are_told_apart_by_folder_or_extension() {
        let dir = tempfile::tempdir().unwrap();
        assert_eq!(Container::of(dir.path()).unwrap(), Container::Folder);
        for (name, container) in [("a.zip", Container::Zip), ("b.XLSX", Container::Xlsx)] {
            let path = dir.path().join(name);
            std::fs::write(&path, b"").unwrap();
            assert_eq!(Container::of(&path).unwrap(), container);
        }
        let other = dir.path().join("c.csv");
        std::fs::write(&other, b"").unwrap();
        let error = Container::of(&other).unwrap_err();
        assert!(
            error
                .to_string()
                .contains("expected a folder of CSV files, a .zip of one, or an .xlsx workbook")
        );
    }

    #[test]
    fn a_missing_path_cannot_be_opened() {
        let dir = tempfile::tempdir().unwrap();
        let missing = dir.path().join("nowhere.zip");
        let error = Container::of(&missing).unwrap_err();
        assert!(matches!(error, BulkError::CannotOpen { .. }));
        assert!(
            error
                .to_string()
                .starts_with(&format!("cannot open {}", missing.display()))
        );
    }

    #[test]
    fn exports_go_to_a_folder_unless_named_zip_or_xlsx() {
        let dir = tempfile::tempdir().unwrap();
        assert_eq!(
            Container::for_writing(&dir.path().join("new")).unwrap(),
            Container::Folder
        );
        assert_eq!(
            Container::for_writing(dir.path()).unwrap(),
            Container::Folder
        );
        assert_eq!(
            Container::for_writing(&dir.path().join("x.zip")).unwrap(),
            Container::Zip
        );
        assert_eq!(
            Container::for_writing(&dir.path().join("x.xlsx")).unwrap(),
            Container::Xlsx
        );
        assert!(Container::for_writing(&dir.path().join("x.csv")).is_err());
    }
}
