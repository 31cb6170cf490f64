//! Text extraction from documents (PDF, DOCX, XLSX) in a child process — `patuh extract-text`
//! — with a memory limit set by the child on itself and a time limit enforced here, so a
//! malformed or hostile document yields an error on that document, never a crash or a hang
//! of the crawl.

use std::process::Stdio;
use std::time::Duration;

use tokio::io::AsyncWriteExt;
use tokio::sync::Semaphore;

use crate::exit::Exit;
use crate::filetype::Kind;

/// mimalloc (the program's allocator) reserves address space 1 GiB at a time, and the child
/// reserves its first arena before it sets its limit: that reservation alone would pass the
/// limit, and the child would then crash at random on its next mapping. Steps of 32 MiB keep
/// the limit a measure of what the document needs.
const CHILD_ALLOCATOR: (&str, &str) = ("MIMALLOC_ARENA_RESERVE", "32MiB");

/// Limits of one extraction.
#[derive(Debug, Clone, Copy)]
pub struct ExtractLimits {
    /// Wall time before the child is killed.
    pub time: Duration,
    /// Address-space limit of the child, in bytes.
    pub memory: u64,
}

/// Runs extractions, at most one per core at a time.
#[derive(Debug)]
pub struct Extractor {
    limits: ExtractLimits,
    slots: Semaphore,
    /// This program, found at start: a binary replaced during a long run (an upgrade) shows
    /// up later as "… (deleted)".
    program: Result<std::path::PathBuf, String>,
}

impl Extractor {
    /// An extractor with these limits.
    pub fn new(limits: ExtractLimits) -> Extractor {
        let cores = std::thread::available_parallelism().map_or(2, |n| n.get());
        Extractor {
            limits,
            slots: Semaphore::new(cores),
            program: std::env::current_exe()
                .map_err(|err| format!("cannot find the patuh program to extract text: {err}")),
        }
    }

    /// The text of each page (one element for office documents).
    pub async fn extract(&self, kind: Kind, bytes: Vec<u8>) -> Result<Vec<String>, String> {
        let _slot = self.slots.acquire().await.map_err(|e| e.to_string())?;
        let program = self.program.as_ref().map_err(Clone::clone)?;
        let mut child = tokio::process::Command::new(program)
            .args(["extract-text", "--kind", kind.name(), "--max-memory"])
            .arg(self.limits.memory.to_string())
            .env(CHILD_ALLOCATOR.0, CHILD_ALLOCATOR.1)
            .stdin(Stdio::piped())
            .stdout(Stdio::piped())
            .stderr(Stdio::piped())
            .kill_on_drop(true)
            .spawn()
            .map_err(|err| format!("cannot start text extraction: {err}"))?;
        let mut stdin = child.stdin.take().ok_or("no stdin for the extractor")?;
        let feed = tokio::spawn(async move {
            // The child may stop reading early (a refused document); that is its answer.
            let _ = stdin.write_all(&bytes).await;
        });
        let output = tokio::time::timeout(self.limits.time, child.wait_with_output()).await;
        feed.abort();
        let output = match output {
            Ok(Ok(output)) => output,
            Ok(Err(err)) => return Err(format!("text extraction failed: {err}")),
            Err(_) => {
                return Err(format!(
                    "text extraction took longer than {} s and was stopped",
                    self.limits.time.as_secs_f32()
                ));
            }
        };
        if output.status.success() {
            return serde_json::from_slice(&output.stdout)
                .map_err(|err| format!("text extraction gave unreadable output: {err}"));
        }
        let said = String::from_utf8_lossy(&output.stderr).trim().to_string();
        Err(match output.status.code() {
            Some(_) if !said.is_empty() => said,
            _ => format!(
                "the document crashed text extraction or passed its {} MB memory limit",
                self.limits.memory / (1024 * 1024)
            ),
        })
    }
}

/// The child's side: limit its own memory, read the document on stdin, print the pages as a
/// JSON array of strings. Exit 1 when the document could not be read (the message on stderr),
/// 2 when the child could not even try.
pub fn extract_text_main(kind: &str, max_memory: u64) -> Exit {
    use std::io::{Read, Write};
    let Some(kind) = Kind::from_name(kind).filter(|k| k.is_document()) else {
        eprintln!("unknown document kind {kind:?}; expected pdf, docx, xlsx or odt");
        return Exit::Usage;
    };
    // Panics inside the PDF library are caught and become an error message; keep the
    // default hook from printing them as if the program had failed.
    std::panic::set_hook(Box::new(|_| {}));
    // A limit mostly taken before the document is read would make its failures random.
    if let Some(used) = address_space_in_use()
        && used > max_memory / 2
    {
        eprintln!(
            "the memory limit of {} MB leaves the document no room: {} MB of address space is in use at start",
            max_memory >> 20,
            used >> 20
        );
        return Exit::Usage;
    }
    if let Err(err) = rlimit::setrlimit(rlimit::Resource::AS, max_memory, max_memory) {
        eprintln!("cannot set the memory limit: {err}");
        return Exit::Usage;
    }
    let mut bytes = Vec::new();
    if let Err(err) = std::io::stdin().read_to_end(&mut bytes) {
        eprintln!("cannot read the document: {err}");
        return Exit::Usage;
    }
    match crate::document::extract_text(kind, &bytes) {
        Ok(pages) => {
            let json = serde_json::to_vec(&pages).expect("strings serialise");
            if std::io::stdout().write_all(&json).is_err() {
                return Exit::Usage;
            }
            Exit::Ok
        }
        Err(why) => {
            eprintln!("{why}");
            Exit::Failed
        }
    }
}

/// This process's address space in bytes (`VmSize`), where the system tells it.
fn address_space_in_use() -> Option<u64> {
    let status = std::fs::read_to_string("/proc/self/status").ok()?;
    let line = status.lines().find(|l| l.starts_with("VmSize:"))?;
    let kib: u64 = line.split_whitespace().nth(1)?.parse().ok()?;
    Some(kib * 1024)
}
