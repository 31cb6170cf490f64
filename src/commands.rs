//! Every subcommand's handler, in one place: `main` parses the arguments and calls [`run`].

use std::path::{Path, PathBuf};
use std::time::SystemTime;

use anyhow::{Context, Result};

use crate::ci::nightly::{Outputs, fails, write_outputs};
use crate::ci::{self, Summary, policy};
use crate::cli::{Command, HtmlArgs, MergeArgs, ReportArgs, SchemaKind, SelectorsCommand};
use crate::config::Config;
use crate::exit::Exit;
use crate::html;
use crate::profile::check_path;
use crate::report::timestamp;
use crate::report::write::write_json;

/// Runs a subcommand; an error is printed once, with its chain, and is exit code 2.
pub fn run(command: Command) -> Exit {
    let result = match command {
        Command::Crawl(crawl) => {
            let (html, out) = (crawl.html.clone(), crawl.out.clone());
            check_template_dir(html.html_template_dir.as_deref())
                .and_then(|()| Config::from_args(*crawl))
                .and_then(|config| {
                    let runtime = tokio::runtime::Runtime::new()?;
                    runtime.block_on(crate::run::crawl(config))
                })
                .map(|exit| {
                    if html.html {
                        html_after_run(&out, &html, html::Input::read_dir(&out), exit)
                    } else {
                        exit
                    }
                })
        }
        Command::Selectors(SelectorsCommand::Check { paths }) => Ok(check_selectors(&paths)),
        Command::Merge(merge_args) => merge(&merge_args),
        Command::Report(report_args) => report(&report_args),
        Command::Schema { what } => schema(what),
        Command::ExtractText { kind, max_memory } => {
            Ok(crate::crawl::isolate::extract_text_main(&kind, max_memory))
        }
    };
    result.unwrap_or_else(|err| {
        eprintln!("patuh: error: {err:#}");
        Exit::Usage
    })
}

/// `patuh selectors check PATH…`: prints every problem as `file:line: message`; exit 0
/// when clean, 2 on problems.
fn check_selectors(paths: &[PathBuf]) -> Exit {
    let default_dir = [PathBuf::from("selectors")];
    let paths = if paths.is_empty() {
        &default_dir[..]
    } else {
        paths
    };
    let problems: Vec<_> = paths.iter().flat_map(|p| check_path(p)).collect();
    for problem in &problems {
        println!("{problem}");
    }
    if problems.is_empty() {
        eprintln!("patuh: selector files are valid");
        Exit::Ok
    } else {
        eprintln!("patuh: {} problem(s) in selector files", problems.len());
        Exit::Usage
    }
}

/// `patuh merge DIR... --out DIR`: combines shard summaries; fails as `--fail-on` says.
fn merge(args: &MergeArgs) -> Result<Exit> {
    let mut summaries = Vec::new();
    let mut reports = Vec::new();
    for dir in &args.dirs {
        let path = dir.join("summary.json");
        let text = std::fs::read_to_string(&path).with_context(|| {
            format!(
                "cannot read {}; is {} the --out of a patuh crawl?",
                path.display(),
                dir.display()
            )
        })?;
        let summary: Summary = serde_json::from_str(&text)
            .with_context(|| format!("{} is not a patuh summary", path.display()))?;
        summaries.push(summary);
        reports.extend(ci::load_reports(dir)?);
    }
    let merged = ci::merge(summaries, timestamp(SystemTime::now()))
        .map_err(|why| anyhow::anyhow!("cannot merge: {why}"))?;
    std::fs::create_dir_all(&args.out)
        .with_context(|| format!("cannot create {}", args.out.display()))?;
    write_json(&args.out.join("summary.json"), &merged)?;
    let outputs = Outputs::from(args.outputs.clone());
    write_outputs(&outputs, &merged, &reports)?;
    let totals = &merged.totals;
    println!(
        "{} sites merged: {} complete, {} partial, {} unreachable; {} regressed, {} improved -> {}",
        totals.sites,
        totals.complete,
        totals.partial,
        totals.unreachable,
        totals.regressions,
        totals.improvements,
        args.out.join("summary.json").display()
    );
    let policy = policy(&outputs.fail_on, merged.baseline.is_some());
    let exit = fails(&merged, &policy);
    if !args.html.html {
        return Ok(exit);
    }
    let input = args
        .dirs
        .iter()
        .try_fold(html::Input::default(), |mut all, dir| {
            all.extend(html::Input::read_dir(dir)?);
            anyhow::Ok(all)
        });
    let input = input.map(|mut input| {
        input.summary = Some(merged);
        input
    });
    Ok(html_after_run(&args.out, &args.html, input, exit))
}

/// `patuh report DIR`: renders the reports of DIR as HTML. Exit 1 when some report could not
/// be read (each is named on stderr; the others are rendered), 2 when DIR cannot be read.
fn report(args: &ReportArgs) -> Result<Exit> {
    if !args.dir.is_dir() {
        anyhow::bail!(
            "{} is not a directory of reports; give the --out directory of a patuh crawl",
            args.dir.display()
        );
    }
    check_template_dir(args.template_dir.as_deref())?;
    let input = html::Input::read_dir(&args.dir)?;
    let options = html::Options {
        out: args.out.clone().unwrap_or_else(|| args.dir.join("html")),
        lang: args.lang,
        template_dir: args.template_dir.clone(),
    };
    let written = html::render(&input, &options)?;
    print_failures(&input);
    println!(
        "{} site briefs and index.html -> {}",
        written - 1,
        options.out.display()
    );
    if input.failed.is_empty() {
        Ok(Exit::Ok)
    } else {
        eprintln!(
            "patuh: {} file(s) could not be read; the other reports were rendered",
            input.failed.len()
        );
        Ok(Exit::Failed)
    }
}

/// A template directory given must be one, before any work is done.
fn check_template_dir(dir: Option<&Path>) -> Result<()> {
    match dir {
        Some(dir) if !dir.is_dir() => anyhow::bail!(
            "template directory {} is not a directory; give one holding brief.html, index.html or style.css",
            dir.display()
        ),
        _ => Ok(()),
    }
}

/// `--html` at the end of a crawl or merge: renders into OUT/html. The reports are already
/// written, so a failure here is printed and the run keeps its own exit code.
fn html_after_run(out: &Path, args: &HtmlArgs, input: Result<html::Input>, exit: Exit) -> Exit {
    let options = html::Options {
        out: out.join("html"),
        lang: args.html_lang,
        template_dir: args.html_template_dir.clone(),
    };
    match input.and_then(|input| {
        print_failures(&input);
        html::render(&input, &options)
    }) {
        Ok(_) => eprintln!(
            "patuh: HTML briefs -> {}",
            options.out.join("index.html").display()
        ),
        Err(err) => eprintln!(
            "patuh: error: the reports are written, but the HTML could not be: {err:#}; \
             run `patuh report {}` to retry (the exit code is the run's)",
            out.display()
        ),
    }
    exit
}

/// Names on stderr each file that could not be read, and why.
fn print_failures(input: &html::Input) {
    for failure in &input.failed {
        eprintln!(
            "patuh: cannot render {}: {}",
            failure.path.display(),
            failure.reason
        );
    }
}

/// `patuh schema`: prints the JSON Schema.
fn schema(kind: SchemaKind) -> Result<Exit> {
    let schema = match kind {
        SchemaKind::Report => ci::schema::report_schema(),
        SchemaKind::Summary => ci::schema::summary_schema(),
    };
    println!(
        "{}",
        serde_json::to_string_pretty(&schema).context("cannot print the schema")?
    );
    Ok(Exit::Ok)
}
