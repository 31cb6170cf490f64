//! Every subcommand's handler, in one place: `main` parses the arguments and calls [`run`].

use std::path::PathBuf;
use std::time::SystemTime;

use anyhow::{Context, Result};

use crate::ci::nightly::{Outputs, fails, write_outputs};
use crate::ci::{self, Summary, policy};
use crate::cli::{Command, MergeArgs, SchemaKind, SelectorsCommand};
use crate::config::Config;
use crate::exit::Exit;
use crate::profile::check_path;
use crate::report::timestamp;
use crate::report::write::write_json;

/// Runs a subcommand; an error is printed once, with its chain, and is exit code 2.
pub fn run(command: Command) -> Exit {
    let result = match command {
        Command::Crawl(crawl) => Config::from_args(*crawl).and_then(|config| {
            let runtime = tokio::runtime::Runtime::new()?;
            runtime.block_on(crate::run::crawl(config))
        }),
        Command::Selectors(SelectorsCommand::Check { paths }) => Ok(check_selectors(&paths)),
        Command::Merge(merge_args) => merge(&merge_args),
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
    Ok(fails(&merged, &policy))
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
