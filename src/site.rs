//! The sites of a run — from URLs on the command line, selector files and CSV rows — and each
//! site's scope: which hosts belong to it.

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};

use std::sync::Arc;

use anyhow::{Context, Result, bail};
use url::{Host, Url};

use crate::profile::Profile;

/// One site to assess.
#[derive(Debug, Clone)]
pub struct Site {
    /// Report file stem: the selector file's stem, the CSV id, or derived from the URL.
    pub id: String,
    /// Human name, when known.
    pub name: Option<String>,
    /// The start URL.
    pub url: Url,
    /// Extra start URLs.
    pub seeds: Vec<Url>,
    /// Which hosts are crawled.
    pub scope: Scope,
    /// The selector file the site came from, if any.
    pub selector_file: Option<PathBuf>,
    /// The rules: the embedded default, plus and minus the site file's.
    pub profile: Arc<Profile>,
    /// The site list's other columns for this site, by header name (`provinsi`, `jenis`).
    pub extra: BTreeMap<String, String>,
}

impl Site {
    /// A site from a bare URL, id derived from its host (and path, when not the root).
    pub fn from_url(url: Url) -> Result<Site> {
        let id = id_from_url(&url);
        Site::new(id, None, url, Vec::new(), &[])
    }

    /// A site with an explicit id, name, seeds and extra hosts.
    pub fn new(
        id: String,
        name: Option<String>,
        url: Url,
        seeds: Vec<Url>,
        extra_hosts: &[String],
    ) -> Result<Site> {
        check_id(&id)?;
        let scope = Scope::new(&url, extra_hosts)?;
        Ok(Site {
            id,
            name,
            url,
            seeds,
            scope,
            selector_file: None,
            profile: Profile::shared_default(),
            extra: BTreeMap::new(),
        })
    }
}

/// Parses a start URL typed by a user: `contohkab.go.id` is read as `https://contohkab.go.id/`.
pub fn parse_start_url(text: &str) -> Result<Url> {
    let text = text.trim();
    let with_scheme = if text.contains("://") {
        text.to_string()
    } else {
        format!("https://{text}")
    };
    let url = Url::parse(&with_scheme).with_context(|| format!("{text:?} is not a URL"))?;
    if !matches!(url.scheme(), "http" | "https") {
        bail!("{text:?}: only http and https URLs can be crawled");
    }
    if url.host().is_none() {
        bail!("{text:?}: the URL has no host");
    }
    Ok(url)
}

/// `https://www.contohkab.go.id/` -> `contohkab.go.id`; `http://127.0.0.1:8080/kab/` -> `127.0.0.1-8080-kab`.
pub fn id_from_url(url: &Url) -> String {
    let host = url.host_str().unwrap_or("site");
    let mut id = host.strip_prefix("www.").unwrap_or(host).to_string();
    if let Some(port) = url.port() {
        id.push_str(&format!("-{port}"));
    }
    for segment in url.path().split('/').filter(|s| !s.is_empty()) {
        id.push('-');
        id.push_str(segment);
    }
    id.chars()
        .map(|c| {
            if c.is_ascii_alphanumeric() || matches!(c, '.' | '-' | '_') {
                c
            } else {
                '-'
            }
        })
        .collect()
}

/// An id becomes a file name: keep it to characters that are safe everywhere.
pub(crate) fn check_id(id: &str) -> Result<()> {
    let safe = !id.is_empty()
        && !id.starts_with('.')
        && id
            .chars()
            .all(|c| c.is_ascii_alphanumeric() || matches!(c, '.' | '-' | '_'));
    if !safe {
        bail!(
            "site id {id:?} cannot name a report file; use letters, digits, '.', '-' and '_' only"
        );
    }
    if id == "summary" {
        bail!("site id \"summary\" is reserved for the run's summary.json; choose another id");
    }
    Ok(())
}

/// Which hosts belong to a site: its own host (without `www.`) and that host's subdomains, plus
/// hosts listed in its selector file. `dukcapil.contohkab.go.id` belongs to `contohkab.go.id`;
/// a public suffix such as `go.id` never widens the scope.
#[derive(Debug, Clone)]
pub struct Scope {
    bases: Vec<Base>,
}

#[derive(Debug, Clone)]
struct Base {
    host: String,
    port: Option<u16>,
    subdomains: bool,
}

impl Scope {
    fn new(url: &Url, extra_hosts: &[String]) -> Result<Scope> {
        let mut bases = vec![Base::of(url)?];
        for host in extra_hosts {
            let url = parse_start_url(host)
                .with_context(|| format!("extra host {host:?} is not a host name"))?;
            bases.push(Base::of(&url)?);
        }
        Ok(Scope { bases })
    }

    /// Adds the host of `url` (a start URL that redirected elsewhere) to the scope.
    pub fn widen_to(&mut self, url: &Url) {
        if !self.contains(url)
            && let Ok(base) = Base::of(url)
        {
            self.bases.push(base);
        }
    }

    /// Whether `url` is on one of the site's hosts.
    pub fn contains(&self, url: &Url) -> bool {
        let Some(host) = url.host_str() else {
            return false;
        };
        self.bases.iter().any(|base| {
            let host_matches = host == base.host
                || (base.subdomains
                    && host.len() > base.host.len()
                    && host.ends_with(&base.host)
                    && host.as_bytes()[host.len() - base.host.len() - 1] == b'.');
            host_matches && (base.port.is_none() || base.port == url.port_or_known_default())
        })
    }
}

impl Base {
    fn of(url: &Url) -> Result<Base> {
        match url.host() {
            Some(Host::Domain(domain)) => {
                let host = domain.strip_prefix("www.").unwrap_or(domain).to_string();
                // A public suffix (go.id, co.id) would take in every government site.
                let subdomains = psl::suffix_str(&host) != Some(host.as_str());
                Ok(Base {
                    host,
                    port: None,
                    subdomains,
                })
            }
            // An address names one server; the port tells fixture servers apart.
            Some(_) => Ok(Base {
                host: url.host_str().unwrap_or_default().to_string(),
                port: url.port_or_known_default(),
                subdomains: false,
            }),
            None => bail!("{url} has no host"),
        }
    }
}

/// A CSV row `id,name,url` as read from a site list.
#[derive(Debug, Clone)]
pub struct CsvRow {
    /// The site id.
    pub id: String,
    /// The site name.
    pub name: String,
    /// The start URL.
    pub url: Url,
    /// Line in the CSV file, for messages.
    pub line: u64,
    /// The other columns, by header name; empty cells left out.
    pub extra: BTreeMap<String, String>,
}

/// Reads a CSV with the header `id,name,url`; other columns are kept in [`CsvRow::extra`].
pub fn read_csv(path: &Path) -> Result<Vec<CsvRow>> {
    let mut reader = csv::ReaderBuilder::new()
        .trim(csv::Trim::All)
        .flexible(true)
        .from_path(path)
        .with_context(|| format!("cannot read site list {}", path.display()))?;
    let headers = reader
        .headers()
        .with_context(|| format!("{}: cannot read the header line", path.display()))?
        .clone();
    let column = |name: &str| -> Result<usize> {
        headers
            .iter()
            .position(|h| h.trim_start_matches('\u{feff}').eq_ignore_ascii_case(name))
            .with_context(|| {
                format!(
                    "{}:1: no {name:?} column; the header must be id,name,url",
                    path.display()
                )
            })
    };
    let (id_col, name_col, url_col) = (column("id")?, column("name")?, column("url")?);
    let mut rows = Vec::new();
    let mut seen = BTreeMap::new();
    for record in reader.records() {
        let record = record.with_context(|| format!("{}: malformed CSV", path.display()))?;
        let line = record.position().map_or(0, |p| p.line());
        let field = |i: usize| record.get(i).unwrap_or("").to_string();
        let (id, name, url) = (field(id_col), field(name_col), field(url_col));
        if id.is_empty() && url.is_empty() {
            continue;
        }
        let url = parse_start_url(&url).with_context(|| format!("{}:{line}", path.display()))?;
        check_id(&id).with_context(|| format!("{}:{line}", path.display()))?;
        if let Some(first) = seen.insert(id.clone(), line) {
            bail!(
                "{}:{line}: site id {id:?} is already used on line {first}; ids must be unique",
                path.display()
            );
        }
        let extra = headers
            .iter()
            .enumerate()
            .filter(|(i, _)| ![id_col, name_col, url_col].contains(i))
            .map(|(i, header)| (header.trim_start_matches('\u{feff}').to_string(), field(i)))
            .filter(|(header, value)| !header.is_empty() && !value.is_empty())
            .collect();
        rows.push(CsvRow {
            id,
            name,
            url,
            line,
            extra,
        });
    }
    Ok(rows)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn url(text: &str) -> Url {
        Url::parse(text).expect("test URL")
    }

    #[test]
    fn sites_without_a_selector_file_share_one_default_profile() {
        let a = Site::from_url(url("https://contohkab.go.id/")).expect("site");
        let b = Site::from_url(url("https://lainkab.go.id/")).expect("site");
        assert!(Arc::ptr_eq(&a.profile, &b.profile));
        assert_eq!(a.profile.len(), Profile::default_profile().len());
    }

    #[test]
    fn scope_takes_subdomains_but_not_siblings_or_suffixes() {
        let site = Site::from_url(url("https://www.contohkab.go.id/")).expect("site");
        let cases = [
            ("https://contohkab.go.id/a", true),
            ("http://www.contohkab.go.id/", true),
            ("https://dukcapil.contohkab.go.id/", true),
            ("https://a.b.contohkab.go.id/", true),
            ("https://xcontohkab.go.id/", false),
            ("https://lainkab.go.id/", false),
            ("https://go.id/", false),
        ];
        for (link, want) in cases {
            assert_eq!(site.scope.contains(&url(link)), want, "{link}");
        }
    }

    #[test]
    fn an_opd_site_does_not_take_in_its_parent_portal() {
        let site = Site::from_url(url("https://dukcapil.contohkab.go.id/")).expect("site");
        assert!(!site.scope.contains(&url("https://contohkab.go.id/")));
        assert!(
            site.scope
                .contains(&url("https://dukcapil.contohkab.go.id/x"))
        );
    }

    #[test]
    fn a_public_suffix_never_widens_the_scope() {
        let site = Site::from_url(url("https://go.id/")).expect("site");
        assert!(site.scope.contains(&url("https://go.id/x")));
        assert!(!site.scope.contains(&url("https://contohkab.go.id/")));
    }

    #[test]
    fn address_sites_are_scoped_by_port() {
        let site = Site::from_url(url("http://127.0.0.1:8080/")).expect("site");
        assert!(site.scope.contains(&url("http://127.0.0.1:8080/a")));
        assert!(!site.scope.contains(&url("http://127.0.0.1:9090/a")));
    }

    #[test]
    fn ids_derive_from_host_port_and_path() {
        let cases = [
            ("https://www.contohkab.go.id/", "contohkab.go.id"),
            ("http://127.0.0.1:8080/", "127.0.0.1-8080"),
            ("https://a.go.id/kab/x?y", "a.go.id-kab-x"),
        ];
        for (link, want) in cases {
            assert_eq!(id_from_url(&url(link)), want);
        }
    }

    #[test]
    fn csv_columns_beyond_id_name_url_are_kept_by_header() {
        let dir = tempfile::tempdir().expect("tempdir");
        let path = dir.path().join("sites.csv");
        let text = "id,Provinsi,name,url,jenis\nkab-a,Bali,Kab A,a.go.id,\n";
        std::fs::write(&path, text).expect("write");
        let rows = read_csv(&path).expect("reads");
        let extra: Vec<(&str, &str)> = rows[0]
            .extra
            .iter()
            .map(|(k, v)| (k.as_str(), v.as_str()))
            .collect();
        assert_eq!(extra, [("Provinsi", "Bali")], "empty cells are left out");
    }

    #[test]
    fn start_urls_without_scheme_default_to_https() {
        assert_eq!(
            parse_start_url("contohkab.go.id").expect("url").as_str(),
            "https://contohkab.go.id/"
        );
        assert!(parse_start_url("ftp://x.go.id/").is_err());
    }
}
