//! Command-line arguments (clap derive). Only parsing and help text live here; `config.rs`
//! turns these into a validated [`crate::config::Config`].

use std::path::PathBuf;
use std::time::Duration;

use clap::{Args as ClapArgs, Parser, Subcommand, ValueEnum};

use crate::ci::FailOn;

/// patuh — checks whether Indonesian government websites publish their public-service standard.
#[derive(Debug, Parser)]
#[command(name = "patuh", version, about, long_about = None)]
pub struct Args {
    /// What to do.
    #[command(subcommand)]
    pub command: Command,
}

/// The subcommands.
#[derive(Debug, Subcommand)]
pub enum Command {
    /// Crawl sites and write one JSON evidence report per site.
    Crawl(Box<CrawlArgs>),
    /// Work with selector files.
    #[command(subcommand)]
    Selectors(SelectorsCommand),
    /// Combine the outputs of shards (`--shard I/N` runs) into one summary.
    Merge(MergeArgs),
    /// Render the reports of a directory as HTML: a brief per site and the run's overview.
    Report(ReportArgs),
    /// Print the JSON Schema of a report (or of summary.json).
    Schema {
        /// Which contract.
        #[arg(value_enum, default_value = "report")]
        what: SchemaKind,
    },
    /// Internal: extract a document's text from stdin in an isolated child process.
    #[command(hide = true)]
    ExtractText {
        /// pdf, docx or xlsx.
        #[arg(long)]
        kind: String,
        /// Address-space limit in bytes.
        #[arg(long)]
        max_memory: u64,
    },
}

/// Which JSON Schema `patuh schema` prints.
#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum SchemaKind {
    /// `<site-id>.json`.
    Report,
    /// `summary.json`.
    Summary,
}

/// Where a run's CI outputs go (shared by `crawl` and `merge`).
#[derive(Debug, Clone, Default, ClapArgs)]
pub struct OutputArgs {
    /// Write a JUnit XML file: one test suite per site, one test case per criterion.
    #[arg(long, value_name = "FILE")]
    pub junit: Option<PathBuf>,

    /// Write a Markdown summary (for a CI job summary or merge-request note).
    #[arg(long, value_name = "FILE")]
    pub markdown: Option<PathBuf>,

    /// Write a CSV table: one row per site, one column per criterion.
    #[arg(long, value_name = "FILE")]
    pub csv: Option<PathBuf>,

    /// What makes the exit code 1 (repeatable): `regression` (default with --baseline),
    /// `missing`, `inconclusive`. Without a baseline or this flag, the exit codes of
    /// the README apply.
    #[arg(long, value_enum, value_name = "WHAT", value_delimiter = ',')]
    pub fail_on: Vec<FailOn>,
}

impl From<OutputArgs> for crate::ci::nightly::Outputs {
    fn from(args: OutputArgs) -> Self {
        crate::ci::nightly::Outputs {
            junit: args.junit,
            markdown: args.markdown,
            csv: args.csv,
            fail_on: args.fail_on,
        }
    }
}

/// `patuh report …`
#[derive(Debug, ClapArgs)]
pub struct ReportArgs {
    /// A directory of reports (`patuh crawl --out`), with its summary.json when there.
    pub dir: PathBuf,

    /// Directory for `index.html` and `<site-id>.html` (default: DIR/html).
    #[arg(long, value_name = "HTML_DIR")]
    pub out: Option<PathBuf>,

    /// Language of the pages.
    #[arg(long, value_enum, default_value = "id")]
    pub lang: crate::html::Lang,

    /// A directory whose brief.html, index.html or style.css replace the built-in templates
    /// (a regional office's letterhead).
    #[arg(long, value_name = "DIR")]
    pub template_dir: Option<PathBuf>,
}

/// `patuh merge …`
#[derive(Debug, ClapArgs)]
pub struct MergeArgs {
    /// The `--out` directories of the shards (each with its summary.json and reports).
    #[arg(required = true)]
    pub dirs: Vec<PathBuf>,

    /// Directory for the merged summary.json (created if missing).
    #[arg(long, value_name = "DIR")]
    pub out: PathBuf,

    /// Outputs and exit-code policy.
    #[command(flatten)]
    pub outputs: OutputArgs,

    /// HTML pages of the merged run.
    #[command(flatten)]
    pub html: HtmlArgs,
}

/// `--html` and its options (shared by `crawl` and `merge`).
#[derive(Debug, Clone, Default, ClapArgs)]
pub struct HtmlArgs {
    /// Also render the reports as HTML into OUT/html when the run ends (as `patuh report`).
    #[arg(long)]
    pub html: bool,

    /// Language of those pages.
    #[arg(
        long,
        value_enum,
        default_value = "id",
        value_name = "LANG",
        requires = "html"
    )]
    pub html_lang: crate::html::Lang,

    /// Templates replacing the built-in ones for those pages (as `patuh report --template-dir`).
    #[arg(long, value_name = "DIR", requires = "html")]
    pub html_template_dir: Option<PathBuf>,
}

/// `patuh selectors …`
#[derive(Debug, Subcommand)]
pub enum SelectorsCommand {
    /// Validate selector files; prints `file:line: problem` for each and exits 2 on any.
    Check {
        /// Selector files or directories of them (default: `selectors`).
        paths: Vec<PathBuf>,
    },
}

/// `patuh crawl …`
#[derive(Debug, ClapArgs)]
pub struct CrawlArgs {
    /// Sites to crawl: start URLs (https://contohkab.go.id/) or selector files (selectors/x.toml).
    pub targets: Vec<String>,

    /// Crawl every selector file (*.toml) in this directory; CSV rows whose id has a file here use it.
    #[arg(long, value_name = "DIR")]
    pub selectors: Option<PathBuf>,

    /// A CSV list of sites with the header `id,name,url`.
    #[arg(long, value_name = "FILE.csv")]
    pub sites: Option<PathBuf>,

    /// Directory for the reports (`DIR/<site-id>.json`); created if missing.
    #[arg(long, value_name = "DIR")]
    pub out: PathBuf,

    /// Most pages fetched per site.
    #[arg(long, default_value_t = 300, value_name = "N")]
    pub max_pages: usize,

    /// Most links followed from a start URL.
    #[arg(long, default_value_t = 6, value_name = "N")]
    pub max_depth: u32,

    /// Most requests in flight over the whole run.
    #[arg(long, default_value_t = 64, value_name = "N")]
    pub concurrency: usize,

    /// Most requests in flight to one host.
    #[arg(long, default_value_t = 2, value_name = "N")]
    pub per_host: usize,

    /// Least time between the starts of two requests to one host (robots.txt Crawl-delay wins when longer).
    #[arg(long, default_value = "200ms", value_parser = parse_duration, value_name = "DURATION")]
    pub delay: Duration,

    /// Time limit for one request, body included.
    #[arg(long, default_value = "30s", value_parser = parse_duration, value_name = "DURATION")]
    pub timeout: Duration,

    /// Time limit for opening a connection.
    #[arg(long, default_value = "10s", value_parser = parse_duration, value_name = "DURATION")]
    pub connect_timeout: Duration,

    /// Retries after a timeout, a connection failure, 429 or 5xx (with backoff, honouring Retry-After).
    #[arg(long, default_value_t = 2, value_name = "N")]
    pub retries: u32,

    /// Largest response body read, in bytes; larger pages are judged on their first part.
    #[arg(long, default_value_t = 5 * 1024 * 1024, value_name = "BYTES")]
    pub max_bytes: u64,

    /// Largest document (PDF, DOCX, XLSX) read, in bytes; larger ones are not read.
    #[arg(long, default_value_t = 20 * 1024 * 1024, value_name = "BYTES")]
    pub max_document_bytes: u64,

    /// Time limit for reading the text of one document.
    #[arg(long, default_value = "20s", value_parser = parse_duration, value_name = "DURATION")]
    pub extract_timeout: Duration,

    /// Most sites crawled at the same time (default: --concurrency).
    #[arg(long, value_name = "N")]
    pub parallel_sites: Option<usize>,

    /// Time limit for one site; a site still crawling then gets a `partial` report.
    #[arg(long, default_value = "30m", value_parser = parse_duration, value_name = "DURATION")]
    pub site_timeout: Duration,

    /// Time limit for the whole run: sites in flight then get `partial` reports, sites not
    /// started get `partial` reports saying so, and the run ends.
    #[arg(long, value_parser = parse_duration, value_name = "DURATION")]
    pub deadline: Option<Duration>,

    /// Accept invalid TLS certificates (self-signed, expired, wrong host); by default such a
    /// site is reported unreachable with the certificate problem named.
    #[arg(long)]
    pub insecure: bool,

    /// Allow loopback and private addresses (refused by default, also after DNS and redirects).
    #[arg(long)]
    pub allow_private: bool,

    /// Pin a host name to an address, as curl's --resolve (repeatable).
    #[arg(long, value_name = "HOST:PORT:ADDR")]
    pub resolve: Vec<String>,

    /// Crawl offline from a local copy: DIR/<host>/<path> (as `wget --mirror` writes) is served
    /// on loopback and every host found there is pinned to it; other hosts are not contacted.
    #[arg(long, value_name = "DIR")]
    pub mirror: Option<PathBuf>,

    /// User-Agent header (the default names patuh, its version and a page for site owners).
    #[arg(long, value_name = "STRING")]
    pub user_agent: Option<String>,

    /// Crawl every page within the limits, even after every required criterion has strong
    /// evidence (by default a site's crawl stops there).
    #[arg(long)]
    pub exhaustive: bool,

    /// A previous run's report directory: print and record in summary.json what regressed,
    /// improved, became inconclusive, or whose fee/timeline evidence changed.
    #[arg(long, value_name = "DIR")]
    pub baseline: Option<PathBuf>,

    /// Crawl only shard I of N (1-based): a stable split of the sites by id, for CI matrices.
    #[arg(long, value_name = "I/N", value_parser = parse_shard)]
    pub shard: Option<(u32, u32)>,

    /// Outputs and exit-code policy.
    #[command(flatten)]
    pub outputs: OutputArgs,

    /// HTML pages of the run.
    #[command(flatten)]
    pub html: HtmlArgs,

    /// No progress display.
    #[arg(long, short)]
    pub quiet: bool,
}

/// Parses `I/N` with 1 <= I <= N.
fn parse_shard(text: &str) -> Result<(u32, u32), String> {
    let usage = || format!("{text:?}: write the shard as I/N, e.g. 2/4 (1 <= I <= N)");
    let (i, n) = text.split_once('/').ok_or_else(usage)?;
    let (i, n): (u32, u32) = (
        i.trim().parse().map_err(|_| usage())?,
        n.trim().parse().map_err(|_| usage())?,
    );
    if i == 0 || n == 0 || i > n {
        return Err(usage());
    }
    Ok((i, n))
}

/// Parses "250ms", "2s", "1m", or a bare number of seconds.
fn parse_duration(text: &str) -> Result<Duration, String> {
    if let Ok(seconds) = text.parse::<f64>()
        && seconds.is_finite()
        && seconds >= 0.0
    {
        return Ok(Duration::from_secs_f64(seconds));
    }
    humantime::parse_duration(text)
        .map_err(|err| format!("{err}; write a duration such as 250ms, 2s or 1m"))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn shards_parse_as_i_of_n() {
        assert_eq!(parse_shard("2/4"), Ok((2, 4)));
        assert_eq!(parse_shard(" 1 / 1 "), Ok((1, 1)));
        for bad in ["0/4", "5/4", "2", "a/b", "1/0"] {
            assert!(parse_shard(bad).is_err(), "{bad}");
        }
    }

    #[test]
    fn durations_parse_in_the_forms_users_write() {
        let cases = [
            ("250ms", Some(Duration::from_millis(250))),
            ("2s", Some(Duration::from_secs(2))),
            ("1.5", Some(Duration::from_millis(1500))),
            ("0", Some(Duration::ZERO)),
            ("-1", None),
            ("soon", None),
        ];
        for (text, want) in cases {
            assert_eq!(parse_duration(text).ok(), want, "{text}");
        }
    }
}
