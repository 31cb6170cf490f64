//! `Config::from_args`: everything a run needs, validated before the first request — sites from
//! URLs, selector files, a directory of them and a CSV list; limits; the address guard.

use std::collections::{BTreeMap, HashMap};
use std::path::{Path, PathBuf};
use std::time::Duration;

use anyhow::{Context, Result, bail};

use crate::cli::CrawlArgs;
use crate::crawl::guard::{self, Guard};
use crate::crawl::{CrawlSettings, default_user_agent};
use crate::site::{self, Site};

/// A validated crawl run.
#[derive(Debug)]
pub struct Config {
    /// The sites, in the order given, ids unique.
    pub sites: Vec<Site>,
    /// Report directory.
    pub out: PathBuf,
    /// Limits and politeness.
    pub crawl: CrawlSettings,
    /// Address policy and pins (mirror pins are added when the mirror starts).
    pub guard: Guard,
    /// `--mirror DIR`.
    pub mirror: Option<PathBuf>,
    /// Most sites in flight.
    pub parallel_sites: usize,
    /// Show progress.
    pub progress: bool,
}

impl Config {
    /// Validates the arguments of `patuh crawl`.
    pub fn from_args(args: CrawlArgs) -> Result<Config> {
        for (name, value) in [
            ("--max-pages", args.max_pages),
            ("--concurrency", args.concurrency),
            ("--per-host", args.per_host),
            ("--parallel-sites", args.parallel_sites.unwrap_or(1)),
        ] {
            if value == 0 {
                bail!("{name} must be at least 1");
            }
        }
        if args.timeout.is_zero() {
            bail!("--timeout must be longer than zero");
        }
        let mut pins = HashMap::new();
        for text in &args.resolve {
            let (host, pin) = guard::parse_resolve(text)?;
            pins.insert(host, pin);
        }
        let sites = collect_sites(&args)?;
        if sites.is_empty() {
            bail!(
                "no sites to crawl: name URLs or selector files, or use --selectors DIR or --sites FILE.csv"
            );
        }
        if let Some(mirror) = &args.mirror {
            if !mirror.is_dir() {
                bail!("--mirror {}: not a directory", mirror.display());
            }
        }
        std::fs::create_dir_all(&args.out).with_context(|| {
            format!("cannot create the report directory {}", args.out.display())
        })?;
        let crawl = CrawlSettings {
            max_pages: args.max_pages,
            max_depth: args.max_depth,
            concurrency: args.concurrency,
            per_host: args.per_host,
            delay: args.delay,
            timeout: args.timeout,
            connect_timeout: args.connect_timeout,
            retries: args.retries,
            backoff: Duration::from_millis(500),
            max_bytes: args.max_bytes,
            user_agent: args.user_agent.unwrap_or_else(default_user_agent),
        };
        Ok(Config {
            parallel_sites: args.parallel_sites.unwrap_or(args.concurrency),
            sites,
            out: args.out,
            crawl,
            guard: Guard {
                allow_private: args.allow_private,
                pins,
                offline: args.mirror.is_some(),
            },
            mirror: args.mirror,
            progress: !args.quiet,
        })
    }
}

/// Sites from the positional targets, `--selectors DIR` and `--sites FILE.csv`, ids unique.
fn collect_sites(args: &CrawlArgs) -> Result<Vec<Site>> {
    let mut sites = Vec::new();
    for target in &args.targets {
        let path = Path::new(target);
        if target.ends_with(".toml") || path.is_file() {
            sites.push(site_from_selector_file(path)?);
        } else {
            let url = site::parse_start_url(target)
                .with_context(|| format!("{target:?} is neither a URL nor a selector file"))?;
            sites.push(Site::from_url(url)?);
        }
    }
    let mut by_id: BTreeMap<String, PathBuf> = BTreeMap::new();
    if let Some(dir) = &args.selectors {
        for path in selector_files(dir)? {
            let site = site_from_selector_file(&path)?;
            by_id.insert(site.id.clone(), path);
            sites.push(site);
        }
    }
    if let Some(csv) = &args.sites {
        for row in site::read_csv(csv)? {
            if by_id.contains_key(&row.id) {
                continue; // the selector file of that id is already in the run
            }
            let name = (!row.name.is_empty()).then(|| row.name.clone());
            let site = Site::new(row.id.clone(), name, row.url.clone(), Vec::new(), &[])
                .with_context(|| format!("{}:{}", csv.display(), row.line))?;
            sites.push(site);
        }
    }
    let mut seen = BTreeMap::new();
    for site in &sites {
        if let Some(url) = seen.insert(site.id.clone(), site.url.clone()) {
            bail!(
                "two sites have the id {:?} ({url} and {}); give one of them another id",
                site.id,
                site.url
            );
        }
    }
    Ok(sites)
}

/// The selector files of a directory (`default.toml` is the embedded profile, not a site).
pub fn selector_files(dir: &Path) -> Result<Vec<PathBuf>> {
    let entries = std::fs::read_dir(dir)
        .with_context(|| format!("cannot read selector directory {}", dir.display()))?;
    let mut files = Vec::new();
    for entry in entries {
        let path = entry
            .with_context(|| format!("cannot list {}", dir.display()))?
            .path();
        let is_toml = path.extension().is_some_and(|e| e == "toml");
        let is_default = path.file_stem().is_some_and(|s| s == "default");
        if is_toml && !is_default && path.is_file() {
            files.push(path);
        }
    }
    files.sort();
    Ok(files)
}

/// A site from its selector file: `url`, `name`, `seeds`, `hosts`; the file stem is the id.
fn site_from_selector_file(path: &Path) -> Result<Site> {
    let text = std::fs::read_to_string(path)
        .with_context(|| format!("cannot read selector file {}", path.display()))?;
    let table: toml::Table =
        toml::from_str(&text).with_context(|| format!("{}: not valid TOML", path.display()))?;
    let get_str = |key: &str| table.get(key).and_then(|v| v.as_str()).map(str::to_string);
    let get_list = |key: &str| -> Vec<String> {
        table
            .get(key)
            .and_then(|v| v.as_array())
            .map(|a| {
                a.iter()
                    .filter_map(|v| v.as_str().map(str::to_string))
                    .collect()
            })
            .unwrap_or_default()
    };
    let id = path
        .file_stem()
        .and_then(|s| s.to_str())
        .unwrap_or_default()
        .to_string();
    let url = get_str("url")
        .with_context(|| format!("{}: no `url = \"https://…\"` line", path.display()))?;
    let url = site::parse_start_url(&url).with_context(|| format!("{}: url", path.display()))?;
    let seeds = get_list("seeds")
        .iter()
        .map(|s| site::parse_start_url(s))
        .collect::<Result<Vec<_>>>()
        .with_context(|| format!("{}: seeds", path.display()))?;
    let mut site = Site::new(id, get_str("name"), url, seeds, &get_list("hosts"))
        .with_context(|| format!("{}", path.display()))?;
    site.selector_file = Some(path.to_path_buf());
    Ok(site)
}
