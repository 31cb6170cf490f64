//! The zip container of an office document, and the one budget of inflated bytes that every
//! part read draws on.
//!
//! The budget is checked against the size the archive declares before anything is inflated
//! and again while inflating (the declaration can lie), so a zip bomb is refused without being
//! expanded.

use std::io::{Cursor, Read};

use zip::ZipArchive;
use zip::result::ZipError;

/// The most uncompressed XML read from one document, all parts together.
pub const MAX_XML_BYTES: u64 = 50 * 1024 * 1024;

/// A zip archive and what is left of its inflation budget.
pub(super) struct Package<'a> {
    archive: ZipArchive<Cursor<&'a [u8]>>,
    budget: u64,
}

impl<'a> Package<'a> {
    /// `kind` names the expected format with its article, for messages: "a DOCX".
    pub(super) fn open(bytes: &'a [u8], kind: &str) -> Result<Self, String> {
        let archive = ZipArchive::new(Cursor::new(bytes))
            .map_err(|err| format!("not {kind} (not a readable zip archive: {err})"))?;
        Ok(Package {
            archive,
            budget: MAX_XML_BYTES,
        })
    }

    /// The inflated part, or `None` when the archive has no such part.
    pub(super) fn read(&mut self, name: &str) -> Result<Option<Vec<u8>>, String> {
        let too_big = || {
            format!(
                "refused: the document's XML inflates to more than {} MiB ({name})",
                MAX_XML_BYTES >> 20
            )
        };
        let file = match self.archive.by_name(name) {
            Ok(file) => file,
            Err(ZipError::FileNotFound) => return Ok(None),
            Err(err) => return Err(format!("cannot open {name} in the archive: {err}")),
        };
        if file.size() > self.budget {
            return Err(too_big());
        }
        // The declared size may be a lie in either direction: trust it only for a modest
        // first allocation, and count what actually comes out.
        let capacity = usize::try_from(file.size().min(1 << 22)).unwrap_or(0);
        let mut data = Vec::with_capacity(capacity);
        file.take(self.budget + 1)
            .read_to_end(&mut data)
            .map_err(|err| format!("cannot inflate {name}: {err}"))?;
        let used = u64::try_from(data.len()).unwrap_or(u64::MAX);
        if used > self.budget {
            return Err(too_big());
        }
        self.budget -= used;
        Ok(Some(data))
    }
}

#[cfg(test)]
mod tests {
    use std::time::{Duration, Instant};

    use crate::document::office::docx_text;
    use crate::document::office::tests::fixture;

    #[test]
    fn zip_bombs_are_refused_quickly() {
        for name in ["bomb.docx", "bomb-lying.docx"] {
            let started = Instant::now();
            let err = docx_text(&fixture(name)).expect_err(name);
            assert!(
                started.elapsed() < Duration::from_secs(1),
                "{name} took {:?}",
                started.elapsed()
            );
            assert!(err.contains("word/document.xml"), "{name}: {err}");
        }
        let err = docx_text(&fixture("bomb.docx")).expect_err("bomb");
        assert_eq!(
            err,
            "refused: the document's XML inflates to more than 50 MiB (word/document.xml)"
        );
    }
}
