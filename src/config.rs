//! `Config::from_args`: everything a run needs, validated before the first request — sites from
//! URLs, selector files, a directory of them and a CSV list; limits; the address guard.

use std::collections::{BTreeMap, HashMap};
use std::path::{Path, PathBuf};
use std::sync::Arc;
use std::time::Duration;

use anyhow::{Context, Result, bail};
use url::Url;

use crate::ci::nightly::Nightly;
use crate::cli::CrawlArgs;
use crate::crawl::guard::{self, Guard};
use crate::crawl::{CrawlSettings, default_user_agent};
use crate::profile::{self, Profile, SiteFile};
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
    /// `--deadline`: time limit of the whole run.
    pub deadline: Option<Duration>,
    /// Baseline, shard and CI outputs.
    pub nightly: Nightly,
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
        let nightly = Nightly::new(
            args.baseline.as_deref(),
            args.shard,
            args.outputs.clone().into(),
        )?;
        let all_sites = collect_sites(&args)?;
        let total = all_sites.len();
        let sites = nightly.take_shard(all_sites);
        if let (Some((i, n)), true) = (args.shard, sites.is_empty() && total > 0) {
            // A CI matrix job whose share is empty still succeeds, with an empty summary.
            eprintln!("patuh: shard {i}/{n} holds none of the {total} sites");
        } else if sites.is_empty() {
            bail!(
                "no sites to crawl: name URLs or selector files, or use --selectors DIR or --sites FILE.csv"
            );
        }
        if let Some(mirror) = &args.mirror
            && !mirror.is_dir()
        {
            bail!("--mirror {}: not a directory", mirror.display());
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
            max_document_bytes: args.max_document_bytes,
            extract_timeout: args.extract_timeout,
            user_agent: args.user_agent.unwrap_or_else(default_user_agent),
            exhaustive: args.exhaustive,
            site_timeout: args.site_timeout,
            insecure: args.insecure,
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
            deadline: args.deadline,
            nightly,
        })
    }
}

/// Sites from the positional targets, `--selectors DIR` and `--sites FILE.csv`, ids unique.
fn collect_sites(args: &CrawlArgs) -> Result<Vec<Site>> {
    let mut sites = Vec::new();
    for target in &args.targets {
        let path = Path::new(target);
        if target.ends_with(".toml") || path.is_file() {
            let (file, profile) = load_selector_file(path)?;
            sites.push(site_from_file(file, profile, None)?);
        } else {
            let url = site::parse_start_url(target)
                .with_context(|| format!("{target:?} is neither a URL nor a selector file"))?;
            sites.push(Site::from_url(url)?);
        }
    }
    // Selector files of the directory, by site id: a CSV row of the same id uses its file.
    let mut files: BTreeMap<String, (SiteFile, Profile)> = BTreeMap::new();
    if let Some(dir) = &args.selectors {
        for path in selector_files(dir)? {
            let (file, profile) = load_selector_file(&path)?;
            files.insert(file.id.clone(), (file, profile));
        }
    }
    if let Some(csv) = &args.sites {
        for row in site::read_csv(csv)? {
            let name = (!row.name.is_empty()).then(|| row.name.clone());
            let site = match files.remove(&row.id) {
                Some((file, profile)) => site_from_file(file, profile, Some((&row.url, name))),
                None => Site::new(row.id.clone(), name, row.url.clone(), Vec::new(), &[]),
            }
            .with_context(|| format!("{}:{}", csv.display(), row.line))?;
            sites.push(Site {
                extra: row.extra,
                ..site
            });
        }
    }
    for (file, profile) in files.into_values() {
        sites.push(site_from_file(file, profile, None)?);
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
    let files = profile::list_selector_dir(dir)
        .with_context(|| format!("cannot read selector directory {}", dir.display()))?;
    Ok(files
        .into_iter()
        .filter(|path| !profile::is_default_file(path))
        .collect())
}

/// Reads and validates a selector file; every problem is listed, one `file:line: …` per line.
fn load_selector_file(path: &Path) -> Result<(SiteFile, Profile)> {
    profile::load_site_file(path).map_err(|problems| {
        let lines: Vec<String> = problems.iter().map(ToString::to_string).collect();
        anyhow::anyhow!(
            "{} problem(s) in selector files; `patuh selectors check` lists them too:\n{}",
            lines.len(),
            lines.join("\n")
        )
    })
}

/// A site from its selector file; a CSV row may supply the URL and name the file leaves out.
fn site_from_file(
    file: SiteFile,
    profile: Profile,
    row: Option<(&Url, Option<String>)>,
) -> Result<Site> {
    let (row_url, row_name) = match row {
        Some((url, name)) => (Some(url.clone()), name),
        None => (None, None),
    };
    let url = file.url.clone().or(row_url).with_context(|| {
        format!(
            "{}: no `url = \"https://…\"` line, and no CSV row gives one",
            file.path.display()
        )
    })?;
    let name = file.name.clone().or(row_name);
    let mut site = Site::new(file.id.clone(), name, url, file.seeds.clone(), &file.hosts)
        .with_context(|| file.path.display().to_string())?;
    site.selector_file = Some(file.path);
    site.profile = Arc::new(profile);
    Ok(site)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn selector_files_are_the_sites_of_a_directory() {
        let dir = std::env::temp_dir().join(format!("patuh-config-{}", std::process::id()));
        let _ = std::fs::remove_dir_all(&dir);
        std::fs::create_dir_all(&dir).expect("temp dir is creatable");
        for name in ["b.toml", "a.toml", "default.toml", "notes.txt"] {
            std::fs::write(dir.join(name), "").expect("temp file is writable");
        }
        let files = selector_files(&dir).expect("listable");
        assert_eq!(files, [dir.join("a.toml"), dir.join("b.toml")]);
        let missing = dir.join("nope");
        let err = selector_files(&missing).expect_err("no such directory");
        assert!(
            format!("{err:#}").starts_with(&format!(
                "cannot read selector directory {}: ",
                missing.display()
            )),
            "{err:#}"
        );
        let _ = std::fs::remove_dir_all(&dir);
    }
}
