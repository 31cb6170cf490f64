//! PDF text (placeholder until the extractor lands).

/// Text of each page.
pub fn pdf_pages(_bytes: &[u8]) -> Result<Vec<String>, String> {
    Err("PDF text extraction is not built yet".into())
}
