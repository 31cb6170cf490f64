//! Office text (placeholder until the extractor lands).

/// Text of a DOCX.
pub fn docx_text(_bytes: &[u8]) -> Result<String, String> {
    Err("DOCX text extraction is not built yet".into())
}

/// Text of an XLSX.
pub fn xlsx_text(_bytes: &[u8]) -> Result<String, String> {
    Err("XLSX text extraction is not built yet".into())
}
