//! Selector files: criteria, site files, validation with `file:line` problems, and the
//! compiled detection profile (the embedded Indonesian default plus a site's own rules).

mod index;
mod literals;
mod parse;
mod rule;
mod suggest;

use std::fmt;
use std::path::{Path, PathBuf};
use std::sync::{Arc, LazyLock};

use serde::{Deserialize, Serialize};
use url::Url;

pub use rule::{Rule, Source};

use index::ElementIndex;

/// The embedded default profile's source, compiled into the binary.
const DEFAULT_SOURCE: &str = include_str!("../../selectors/default.toml");
/// Where the embedded default lives in the source tree; used in its problems.
const DEFAULT_PATH: &str = "selectors/default.toml";

/// One thing the report says about a site: is this part of the service standard published?
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Criterion {
    /// A standard for at least one service ("standar pelayanan") with its components.
    ServiceStandard,
    /// The fee of a service ("biaya/tarif"), including an explicit zero fee.
    Fees,
    /// How long a service takes ("jangka waktu penyelesaian").
    Timelines,
    /// A way to complain ("pengaduan, saran dan masukan"): LAPOR!, a form, a number.
    ComplaintChannels,
    /// The documents a citizen must bring ("persyaratan").
    Requirements,
    /// The system, mechanism and procedure ("sistem, mekanisme dan prosedur", "alur").
    Procedure,
    /// What the service delivers ("produk pelayanan").
    ServiceProducts,
    /// The public service pledge ("maklumat pelayanan").
    ServicePledge,
}

impl Criterion {
    /// The criteria every site must meet (missing one makes the run exit with 1).
    pub const REQUIRED: [Criterion; 4] = [
        Criterion::ServiceStandard,
        Criterion::Fees,
        Criterion::Timelines,
        Criterion::ComplaintChannels,
    ];

    /// Every criterion, required ones first, in report order.
    pub const ALL: [Criterion; 8] = [
        Criterion::ServiceStandard,
        Criterion::Fees,
        Criterion::Timelines,
        Criterion::ComplaintChannels,
        Criterion::Requirements,
        Criterion::Procedure,
        Criterion::ServiceProducts,
        Criterion::ServicePledge,
    ];

    /// The report key, e.g. `complaint_channels`.
    pub fn key(self) -> &'static str {
        match self {
            Criterion::ServiceStandard => "service_standard",
            Criterion::Fees => "fees",
            Criterion::Timelines => "timelines",
            Criterion::ComplaintChannels => "complaint_channels",
            Criterion::Requirements => "requirements",
            Criterion::Procedure => "procedure",
            Criterion::ServiceProducts => "service_products",
            Criterion::ServicePledge => "service_pledge",
        }
    }

    /// The criterion with this report key, if any.
    pub fn from_key(key: &str) -> Option<Criterion> {
        Criterion::ALL.into_iter().find(|c| c.key() == key)
    }

    /// Whether a site must meet this criterion.
    pub fn is_required(self) -> bool {
        Criterion::REQUIRED.contains(&self)
    }
}

impl fmt::Display for Criterion {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.key())
    }
}

/// How much a piece of evidence proves on its own.
///
/// `Strong`: the evidence sits inside a standard table or section, under a component label
/// ("Biaya / Tarif: Rp 0"), on a dedicated page (a complaints form), or is an actionable
/// channel (a link to lapor.go.id, SMS 1708). `Weak`: a lone mention, a heading or a link that
/// only points at where the standard may be, or an image poster. Only strong evidence makes
/// a criterion `found` (see `detect::verdict`); weak evidence alone never does: it is listed
/// for a human to check and the criterion is `not_found`, or `inconclusive` when something
/// could not be checked. An image never counts as strong: with no strong evidence, an image
/// among the findings makes the criterion `inconclusive` (its content cannot be read).
#[derive(
    Clone,
    Copy,
    Debug,
    PartialEq,
    Eq,
    PartialOrd,
    Ord,
    Hash,
    Serialize,
    Deserialize,
    schemars::JsonSchema,
)]
#[serde(rename_all = "snake_case")]
pub enum Strength {
    /// Structural evidence an assessor can stand behind.
    Strong,
    /// A hint: a mention, a heading, a link or an image.
    Weak,
}

/// One thing wrong with a selector file, located by 1-based line.
#[derive(Clone, Debug, PartialEq, Eq, PartialOrd, Ord)]
pub struct Problem {
    /// The file the problem is in.
    pub path: PathBuf,
    /// 1-based line; 0 when the problem is about the whole file (e.g. it cannot be read).
    pub line: usize,
    /// What is wrong and what to do about it.
    pub message: String,
}

impl fmt::Display for Problem {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        if self.line == 0 {
            write!(f, "{}: {}", self.path.display(), self.message)
        } else {
            write!(f, "{}:{}: {}", self.path.display(), self.line, self.message)
        }
    }
}

impl std::error::Error for Problem {}

/// The site-level part of a selector file.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct SiteFile {
    /// The file it was read from.
    pub path: PathBuf,
    /// Site id: the `id` key, else the file stem; names the report file.
    pub id: String,
    /// Human name of the site (`name`).
    pub name: Option<String>,
    /// Home page (`url`).
    pub url: Option<Url>,
    /// Extra start URLs (`seeds`).
    pub seeds: Vec<Url>,
    /// Extra host names in scope (`hosts`), lower-case.
    pub hosts: Vec<String>,
    /// Ids of default rules this site switches off (`disable`).
    pub disable: Vec<String>,
}

/// A compiled set of rules; `Send + Sync`, clone it or share it behind an `Arc`.
#[derive(Clone, Debug, Default)]
pub struct Profile {
    rules: Vec<Arc<Rule>>,
    /// First 12 hex digits of the sha256 of the sources the rules came from.
    hash: String,
    /// The element rules by the tag they select, with the words their text regexes need.
    index: ElementIndex,
}

static DEFAULT_PROFILE: LazyLock<Arc<Profile>> = LazyLock::new(|| {
    let parsed = parse::parse_source(DEFAULT_SOURCE, Path::new(DEFAULT_PATH), "default", None);
    assert!(
        parsed.problems.is_empty(),
        "the embedded default profile must validate (checked by its tests): {:?}",
        parsed.problems
    );
    let mut profile = Profile::from_rules(parsed.rules.into_iter().map(Arc::new).collect());
    profile.hash = source_hash(&[DEFAULT_SOURCE]);
    Arc::new(profile)
});

/// The profile's fingerprint: sha256 over its sources (each followed by a NUL), 12 hex digits.
fn source_hash(sources: &[&str]) -> String {
    use sha2::{Digest, Sha256};
    let mut hasher = Sha256::new();
    for source in sources {
        hasher.update(source.as_bytes());
        hasher.update([0]);
    }
    let mut hex = hex::encode(hasher.finalize());
    hex.truncate(12);
    hex
}

impl Profile {
    fn from_rules(rules: Vec<Arc<Rule>>) -> Profile {
        let index = ElementIndex::new(&rules);
        Profile {
            rules,
            hash: String::new(),
            index,
        }
    }

    /// The fingerprint of the rules' sources (the default profile and the site's selector
    /// file): two reports with the same one were judged by the same rules.
    pub fn hash(&self) -> &str {
        &self.hash
    }

    /// The element rules (with `select`) indexed by the tag or class they select and the
    /// words their text regexes need: see [`ElementIndex::candidates`].
    pub(crate) fn element_index(&self) -> &ElementIndex {
        &self.index
    }

    /// The embedded Indonesian default profile (`selectors/default.toml`).
    pub fn default_profile() -> &'static Profile {
        &DEFAULT_PROFILE
    }

    /// The embedded default profile, shared: every site without a selector file holds this
    /// one rather than a copy (thousands of copies of its compiled rules add up).
    pub fn shared_default() -> Arc<Profile> {
        Arc::clone(&DEFAULT_PROFILE)
    }

    /// The rules, in the order they are applied.
    pub fn rules(&self) -> impl Iterator<Item = &Rule> {
        self.rules.iter().map(|r| r.as_ref())
    }

    /// The rule with this id, if any.
    pub fn rule(&self, id: &str) -> Option<&Rule> {
        self.rules().find(|r| r.id() == id)
    }

    /// Number of rules.
    pub fn len(&self) -> usize {
        self.rules.len()
    }

    /// Whether the profile has no rules at all.
    pub fn is_empty(&self) -> bool {
        self.rules.is_empty()
    }

    /// A profile of only the rules in `source` (a selector file's text), for tests.
    #[cfg(test)]
    pub(crate) fn from_test_rules(source: &str) -> Profile {
        let parsed = parse::parse_source(
            source,
            Path::new("test.toml"),
            "test",
            Some(Profile::default_profile()),
        );
        assert!(parsed.problems.is_empty(), "{:?}", parsed.problems);
        Profile::from_rules(parsed.rules.into_iter().map(Arc::new).collect())
    }
}

/// Reads, validates and compiles a site's selector file into its site data and its profile:
/// the default rules, minus those it disables, followed by its own rules.
pub fn load_site_file(path: &Path) -> Result<(SiteFile, Profile), Vec<Problem>> {
    let source = std::fs::read_to_string(path).map_err(|err| {
        vec![Problem {
            path: path.to_path_buf(),
            line: 0,
            message: format!("cannot read selector file: {err}; check the path and permissions"),
        }]
    })?;
    let stem = path
        .file_stem()
        .map(|s| s.to_string_lossy().into_owned())
        .unwrap_or_default();
    let default = Profile::default_profile();
    let parsed = parse::parse_source(&source, path, &stem, Some(default));
    if !parsed.problems.is_empty() {
        return Err(parsed.problems);
    }
    let site = parsed.site;
    let mut rules: Vec<Arc<Rule>> = default
        .rules
        .iter()
        .filter(|r| !site.disable.iter().any(|d| d == r.id()))
        .cloned()
        .collect();
    rules.extend(parsed.rules.into_iter().map(Arc::new));
    let mut profile = Profile::from_rules(rules);
    profile.hash = source_hash(&[DEFAULT_SOURCE, &source]);
    Ok((site, profile))
}

/// The selector files directly inside a directory, sorted: regular files (or links to them)
/// named `*.toml`, `default.toml` among them. Subdirectories and other files are not
/// selector files. `patuh crawl --selectors` and `patuh selectors check` both list a
/// directory with this, so check validates exactly the files a crawl loads.
pub fn list_selector_dir(dir: &Path) -> std::io::Result<Vec<PathBuf>> {
    let mut files = Vec::new();
    for entry in std::fs::read_dir(dir)? {
        let path = entry?.path();
        if path.extension().is_some_and(|e| e == "toml") && path.is_file() {
            files.push(path);
        }
    }
    files.sort();
    Ok(files)
}

/// `default.toml` holds the profile every site inherits, not a site.
pub fn is_default_file(path: &Path) -> bool {
    path.file_name().is_some_and(|name| name == "default.toml")
}

/// Validates an edited default profile as the default (its rules may not clash with itself).
fn check_default_file(path: &Path) -> Vec<Problem> {
    match std::fs::read_to_string(path) {
        Ok(source) => parse::parse_source(&source, path, "default", None).problems,
        Err(err) => vec![Problem {
            path: path.to_path_buf(),
            line: 0,
            message: format!("cannot read: {err}"),
        }],
    }
}

/// Validates a selector file, or every selector file of a directory (see
/// [`list_selector_dir`]), and returns every problem found, sorted by file and line.
pub fn check_path(path: &Path) -> Vec<Problem> {
    if !path.is_dir() {
        if !path.exists() {
            return vec![Problem {
                path: path.to_path_buf(),
                line: 0,
                message:
                    "no such file or directory; give a selector file or a directory of *.toml files"
                        .into(),
            }];
        }
        if is_default_file(path) {
            return check_default_file(path);
        }
        return load_site_file(path).err().unwrap_or_default();
    }
    let files = match list_selector_dir(path) {
        Ok(files) => files,
        Err(err) => {
            return vec![Problem {
                path: path.to_path_buf(),
                line: 0,
                message: format!("cannot list directory: {err}"),
            }];
        }
    };
    let mut problems = Vec::new();
    let mut seen: Vec<(String, PathBuf)> = Vec::new();
    for file in files {
        if is_default_file(&file) {
            problems.extend(check_default_file(&file));
            continue;
        }
        match load_site_file(&file) {
            Ok((site, _)) => {
                if let Some((_, first)) = seen.iter().find(|(id, _)| *id == site.id) {
                    problems.push(Problem {
                        path: file.clone(),
                        line: 0,
                        message: format!(
                            "site id \"{}\" is also used by {}; give one of them another `id`",
                            site.id,
                            first.display()
                        ),
                    });
                } else {
                    seen.push((site.id, file));
                }
            }
            Err(mut found) => problems.append(&mut found),
        }
    }
    problems.sort();
    problems
}

#[cfg(test)]
mod tests {
    use super::*;

    fn write(dir: &Path, name: &str, body: &str) -> PathBuf {
        let path = dir.join(name);
        std::fs::write(&path, body).expect("temp file is writable");
        path
    }

    fn temp_dir(tag: &str) -> PathBuf {
        let dir = std::env::temp_dir().join(format!("patuh-profile-{tag}-{}", std::process::id()));
        let _ = std::fs::remove_dir_all(&dir);
        std::fs::create_dir_all(&dir).expect("temp dir is creatable");
        dir
    }

    #[test]
    fn embedded_default_validates() {
        let parsed = parse::parse_source(DEFAULT_SOURCE, Path::new(DEFAULT_PATH), "default", None);
        let shown: Vec<String> = parsed.problems.iter().map(|p| p.to_string()).collect();
        assert!(shown.is_empty(), "{shown:#?}");
        assert!(Profile::default_profile().len() >= 30);
        for criterion in Criterion::ALL {
            assert!(
                Profile::default_profile()
                    .rules()
                    .any(|r| r.criterion() == criterion),
                "no default rule for {criterion}"
            );
        }
    }

    #[test]
    fn default_rule_ids_are_explicit_and_unique() {
        let ids: Vec<&str> = Profile::default_profile().rules().map(|r| r.id()).collect();
        let mut sorted = ids.clone();
        sorted.sort();
        sorted.dedup();
        assert_eq!(sorted.len(), ids.len());
        assert!(ids.iter().all(|id| !id.contains('#')), "{ids:?}");
    }

    #[test]
    fn profile_is_send_and_sync() {
        fn assert_send_sync<T: Send + Sync>() {}
        assert_send_sync::<Profile>();
        assert_send_sync::<Arc<Profile>>();
    }

    #[test]
    fn criterion_keys_round_trip() {
        for c in Criterion::ALL {
            assert_eq!(Criterion::from_key(c.key()), Some(c));
        }
        assert_eq!(Criterion::from_key("fee"), None);
        assert!(Criterion::Fees.is_required());
        assert!(!Criterion::ServicePledge.is_required());
    }

    #[test]
    fn load_site_file_merges_default_and_site_rules() {
        let dir = temp_dir("load");
        let path = write(
            &dir,
            "kab-contoh.toml",
            r##"name = "Pemerintah Kabupaten Contoh"
url = "https://contohkab.go.id/"
seeds = ["https://contohkab.go.id/layanan/standar-pelayanan"]
hosts = ["Dukcapil.ContohKab.go.id"]
disable = ["fees-free-phrase"]

[[rule]]
criterion = "fees"
select = "#standar table tr"
text = "(?i)biaya|tarif"
url = "/layanan/**"
"##,
        );
        let (site, profile) = load_site_file(&path).expect("valid file");
        assert_eq!(site.id, "kab-contoh");
        assert_eq!(site.name.as_deref(), Some("Pemerintah Kabupaten Contoh"));
        assert_eq!(site.hosts, vec!["dukcapil.contohkab.go.id".to_string()]);
        assert_eq!(site.seeds.len(), 1);
        assert!(profile.rule("fees-free-phrase").is_none());
        assert!(profile.rule("fees-row").is_some());
        let own = profile
            .rule("kab-contoh#1")
            .expect("default id for the first site rule");
        assert_eq!(own.criterion(), Criterion::Fees);
        assert_eq!(profile.len(), Profile::default_profile().len());
        let _ = std::fs::remove_dir_all(&dir);
    }

    #[test]
    fn check_path_reads_only_toml_and_reports_every_file() {
        let dir = temp_dir("check");
        write(&dir, "a.toml", "name = \"A\"\n");
        write(&dir, "b.toml", "name = \"B\"\nbogus = 1\n");
        write(
            &dir,
            "c.toml",
            "[[rule]]\ncriterion = \"fee\"\ntext = \"x\"\n",
        );
        write(&dir, "notes.txt", "not toml = = =\n");
        let shown: Vec<String> = check_path(&dir).iter().map(|p| p.to_string()).collect();
        assert_eq!(shown.len(), 2, "{shown:#?}");
        assert!(shown[0].ends_with("b.toml:2: unknown key \"bogus\"; expected one of: id, name, url, seeds, hosts, disable, rule"), "{}", shown[0]);
        assert!(
            shown[1].contains("c.toml:2: unknown criterion \"fee\""),
            "{}",
            shown[1]
        );
    }

    #[test]
    fn a_selector_directory_lists_its_toml_files_in_order() {
        let dir = temp_dir("list");
        for name in [
            "b.toml",
            "a.toml",
            "default.toml",
            "UPPER.TOML",
            "notes.txt",
            "toml",
        ] {
            write(&dir, name, "");
        }
        std::fs::create_dir(dir.join("sub.toml")).expect("temp dir is creatable");
        let names: Vec<String> = list_selector_dir(&dir)
            .expect("listable")
            .iter()
            .map(|p| {
                p.file_name()
                    .expect("a name")
                    .to_string_lossy()
                    .into_owned()
            })
            .collect();
        assert_eq!(names, ["a.toml", "b.toml", "default.toml"]);
        assert!(list_selector_dir(&dir.join("nope")).is_err());
        let _ = std::fs::remove_dir_all(&dir);
    }

    #[test]
    fn check_path_reports_missing_path_and_duplicate_ids() {
        let dir = temp_dir("dup");
        write(&dir, "one.toml", "id = \"same\"\n");
        write(&dir, "two.toml", "id = \"same\"\n");
        let problems = check_path(&dir);
        assert_eq!(problems.len(), 1);
        assert!(
            problems[0]
                .message
                .contains("site id \"same\" is also used by")
        );
        let missing = check_path(&dir.join("nope.toml"));
        assert_eq!(missing.len(), 1);
        assert_eq!(missing[0].line, 0);
        assert!(missing[0].to_string().ends_with("nope.toml: no such file or directory; give a selector file or a directory of *.toml files"));
        let _ = std::fs::remove_dir_all(&dir);
    }
}
