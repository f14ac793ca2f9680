//! The `sourcefacts` binary: parse arguments, run the library, report, and
//! map the outcome to an exit code (0 done, 1 done but `--strict` and
//! something was skipped, 2 fatal).

use std::io::Write;
use std::process::ExitCode;

use clap::Parser;

mod cli;

fn main() -> ExitCode {
    let cli = cli::Cli::parse();
    let settings = match cli.into_settings() {
        Ok(s) => s,
        Err(e) => return fatal(&e),
    };
    let summary = match sourcefacts::run(&settings.config) {
        Ok(s) => s,
        Err(e) => return fatal(&e),
    };
    let mut err = std::io::stderr().lock();
    for (doc, reason) in &summary.skipped {
        let _ = writeln!(err, "sourcefacts: {doc}: skipped: {reason}");
    }
    for problem in &summary.invalid_rows {
        let _ = writeln!(err, "sourcefacts: {problem}");
    }
    if !settings.quiet {
        let out = settings.config.out.display();
        let mb = summary.bytes as f64 / 1e6;
        let _ = writeln!(
            std::io::stdout(),
            "sourcefacts: {} files ({} read, {} reused unchanged, {} skipped, {} ignored, {mb:.2} MB) in {:.2}s -> {out}\n  dates {}  troops {}  acronyms {}  bodies {}  entities {}  conflicts {}  agreements {}",
            summary.files,
            summary.read,
            summary.reused,
            summary.skipped.len(),
            summary.ignored,
            summary.seconds,
            summary.dates,
            summary.troops,
            summary.acronyms,
            summary.bodies,
            summary.entities,
            summary.conflicts,
            summary.agreements,
        );
    }
    if settings.strict && !summary.skipped.is_empty() {
        ExitCode::from(1)
    } else {
        ExitCode::SUCCESS
    }
}

fn fatal(e: &sourcefacts::Error) -> ExitCode {
    let _ = writeln!(std::io::stderr(), "sourcefacts: {e}");
    ExitCode::from(2)
}
