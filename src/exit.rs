//! The exit codes of every `patuh` command, in one type (the README's table).

use std::process::ExitCode;

/// How a command ended, as the process exit code says it.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Exit {
    /// 0: every site assessed and nothing required missing; or the `--fail-on` policy does
    /// not hold; or a command other than a crawl did its work.
    Ok,
    /// 1: a required criterion is `not_found` on some site, or the `--fail-on` policy holds.
    Failed,
    /// 2: a usage, configuration or selector-file error (nothing was fetched), or a document
    /// the text extractor could not read.
    Usage,
    /// 3: some site could not be assessed (unreachable, or a criterion `inconclusive`) and
    /// nothing is missing.
    NotAssessed,
    /// 130: stopped by Ctrl-C or SIGTERM, as shells report it.
    Interrupted,
}

impl Exit {
    /// The number the process exits with.
    pub fn code(self) -> u8 {
        match self {
            Exit::Ok => 0,
            Exit::Failed => 1,
            Exit::Usage => 2,
            Exit::NotAssessed => 3,
            Exit::Interrupted => 130,
        }
    }
}

impl From<Exit> for ExitCode {
    fn from(exit: Exit) -> ExitCode {
        ExitCode::from(exit.code())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_readme_lists_every_exit_code() {
        let readme = include_str!("../README.md");
        let all = [
            Exit::Ok,
            Exit::Failed,
            Exit::Usage,
            Exit::NotAssessed,
            Exit::Interrupted,
        ];
        for exit in all {
            let row = format!("\n| {} | ", exit.code());
            assert!(readme.contains(&row), "{exit:?}: no `{}` row", row.trim());
        }
    }
}
