//! The HTML pages for people: a brief per site (`<site-id>.html`, for the assessor's visit)
//! and the run's overview (`index.html`), rendered from reports with no network. Pages are
//! self-contained (CSS, script and QR codes inline) and print on A4.
//!
//! Views (`view.rs`, `overview.rs`) hold every string a page shows, built before a template
//! sees them; the templates (`templates/`, embedded, overridable with `--template-dir`) are
//! rendered by minijinja with HTML auto-escaping and strict undefined values, so a site's text
//! cannot become markup and a template naming a missing field is an error.

pub mod i18n;
mod overview;
mod qr;
mod view;
pub mod zone;

use std::path::{Path, PathBuf};

use anyhow::{Context, Result};
use minijinja::{Environment, UndefinedBehavior};

pub use i18n::Lang;
pub use overview::Overview;
pub use view::Brief;

use crate::ci::baseline::{json_files, read_report};
use crate::ci::{Change, Summary};
use crate::report::write::write_atomically;
use crate::report::{Report, SCHEMA_VERSION};

/// The templates compiled into the binary, by the name `--template-dir` overrides them with.
const TEMPLATES: [(&str, &str); 3] = [
    ("brief.html", include_str!("templates/brief.html")),
    ("index.html", include_str!("templates/index.html")),
    ("style.css", include_str!("templates/style.css")),
];

/// How to render.
#[derive(Debug, Clone)]
pub struct Options {
    /// Directory the pages are written to (created if missing).
    pub out: PathBuf,
    /// Language of the pages.
    pub lang: Lang,
    /// A directory whose `brief.html`, `index.html` or `style.css` replace the embedded ones.
    pub template_dir: Option<PathBuf>,
}

/// A file that could not be read, and why.
#[derive(Debug, Clone)]
pub struct Failure {
    /// The file.
    pub path: PathBuf,
    /// Why, for a human.
    pub reason: String,
}

/// What is rendered: the reports, the run's summary when there is one, and the files that
/// could not be read.
#[derive(Debug, Default)]
pub struct Input {
    /// The reports, sorted by site id.
    pub reports: Vec<Report>,
    /// The run's `summary.json`.
    pub summary: Option<Summary>,
    /// Reports (or a summary) that could not be read.
    pub failed: Vec<Failure>,
}

impl Input {
    /// Reads every report of `dir`, and `dir/summary.json` when there. A report that does not
    /// parse, has another schema version or repeats a site is a [`Failure`], and the others
    /// are still read; only a directory that cannot be listed is an error.
    pub fn read_dir(dir: &Path) -> Result<Input> {
        let mut input = Input::default();
        for path in json_files(dir)? {
            if path.file_name().is_some_and(|name| name == "summary.json") {
                continue;
            }
            match read_report(&path) {
                Ok(Some(report)) => input.add(path, report),
                Ok(None) => {}
                Err(err) => input.failed.push(Failure {
                    path,
                    reason: format!("{err:#}"),
                }),
            }
        }
        let summary_path = dir.join("summary.json");
        if summary_path.is_file() {
            match read_summary(&summary_path) {
                Ok(summary) => input.summary = Some(summary),
                Err(err) => input.failed.push(Failure {
                    path: summary_path,
                    reason: format!("{err:#}"),
                }),
            }
        }
        input.reports.sort_by(|a, b| a.site.id.cmp(&b.site.id));
        Ok(input)
    }

    /// Adds the reports and failures of `other` (another shard's directory).
    pub fn extend(&mut self, other: Input) {
        for report in other.reports {
            self.add(PathBuf::from(format!("{}.json", report.site.id)), report);
        }
        self.failed.extend(other.failed);
        self.reports.sort_by(|a, b| a.site.id.cmp(&b.site.id));
    }

    fn add(&mut self, path: PathBuf, report: Report) {
        // The id names the brief's file: a report from elsewhere must not write outside
        // the output directory or over the overview.
        let unsafe_id = crate::site::check_id(&report.site.id)
            .err()
            .map(|err| format!("{}: {err}", path.display()))
            .or_else(|| {
                (report.site.id == "index").then(|| {
                    format!(
                        "{}: site id \"index\" would overwrite the overview index.html",
                        path.display()
                    )
                })
            });
        if let Some(reason) = unsafe_id {
            self.failed.push(Failure { path, reason });
        } else if report.schema_version != SCHEMA_VERSION {
            let reason = format!(
                "{} has report schema version {}; this patuh renders version {SCHEMA_VERSION}",
                path.display(),
                report.schema_version
            );
            self.failed.push(Failure { path, reason });
        } else if self.reports.iter().any(|r| r.site.id == report.site.id) {
            let reason = format!(
                "{} is a second report of site {}; it was not rendered",
                path.display(),
                report.site.id
            );
            self.failed.push(Failure { path, reason });
        } else {
            self.reports.push(report);
        }
    }
}

fn read_summary(path: &Path) -> Result<Summary> {
    let text =
        std::fs::read_to_string(path).with_context(|| format!("cannot read {}", path.display()))?;
    serde_json::from_str(&text).with_context(|| {
        format!(
            "{} is not a patuh summary; its changes are not shown",
            path.display()
        )
    })
}

/// The template environment: the embedded templates, each replaced by the file of the same
/// name in `template_dir` when there is one.
pub fn environment(template_dir: Option<&Path>) -> Result<Environment<'static>> {
    let mut env = Environment::new();
    env.set_undefined_behavior(UndefinedBehavior::Strict);
    // Auto-escaping follows the template name: `.html` escapes, `style.css` does not.
    for (name, embedded) in TEMPLATES {
        let source = match template_dir.map(|dir| dir.join(name)) {
            Some(path) if path.is_file() => std::fs::read_to_string(&path)
                .with_context(|| format!("cannot read template {}", path.display()))?,
            _ => embedded.to_string(),
        };
        env.add_template_owned(name, source)
            .with_context(|| format!("template {name} does not compile"))?;
    }
    Ok(env)
}

/// Renders one page with the template `name`.
fn render_page<S: serde::Serialize>(env: &Environment, name: &str, view: &S) -> Result<String> {
    let template = env.get_template(name)?;
    template
        .render(minijinja::Value::from(minijinja::value::Serde(view)))
        .map_err(|err| anyhow::anyhow!("template {name}: {err:#}"))
}

/// The brief of one report.
pub fn render_brief(
    env: &Environment,
    input: &Input,
    report: &Report,
    lang: Lang,
) -> Result<String> {
    let changes = input
        .summary
        .as_ref()
        .filter(|s| s.baseline.is_some())
        .map(|s| {
            s.changes
                .iter()
                .filter(|c| c.site == report.site.id)
                .collect::<Vec<&Change>>()
        });
    render_page(env, "brief.html", &Brief::new(report, changes, lang))
        .with_context(|| format!("cannot render the brief of {}", report.site.id))
}

/// The overview of every report.
pub fn render_overview(env: &Environment, input: &Input, lang: Lang) -> Result<String> {
    let (changes, baseline, generated) = match &input.summary {
        Some(summary) => (
            &summary.changes[..],
            summary.baseline.clone(),
            Some(summary.generated_at.clone()),
        ),
        None => (&[][..], None, None),
    };
    let view = Overview::new(
        &input.reports,
        changes,
        baseline,
        generated,
        &input.failed,
        lang,
    );
    render_page(env, "index.html", &view).context("cannot render the overview")
}

/// Renders `index.html` and a brief per report into `options.out`, each written atomically;
/// returns how many files were written.
pub fn render(input: &Input, options: &Options) -> Result<usize> {
    let env = environment(options.template_dir.as_deref())?;
    std::fs::create_dir_all(&options.out)
        .with_context(|| format!("cannot create {}", options.out.display()))?;
    let workers = std::thread::available_parallelism().map_or(1, |n| n.get());
    let chunk = input.reports.len().div_ceil(workers).max(1);
    std::thread::scope(|scope| {
        let tasks: Vec<_> = input
            .reports
            .chunks(chunk)
            .map(|reports| {
                let env = &env;
                scope.spawn(move || -> Result<()> {
                    for report in reports {
                        let html = render_brief(env, input, report, options.lang)?;
                        let path = options.out.join(format!("{}.html", report.site.id));
                        write_atomically(&path, html.as_bytes())?;
                    }
                    Ok(())
                })
            })
            .collect();
        tasks
            .into_iter()
            .try_for_each(|task| task.join().expect("a render thread does not panic"))
    })?;
    let html = render_overview(&env, input, options.lang)?;
    write_atomically(&options.out.join("index.html"), html.as_bytes())?;
    Ok(input.reports.len() + 1)
}

#[cfg(test)]
mod tests;
