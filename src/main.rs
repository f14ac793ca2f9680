//! The `sourcefacts` binary: parse arguments, run the library, report, and
//! map the outcome to an exit code (0 done, 1 done but `--strict` and
//! something was skipped, 2 fatal, 130 interrupted).

use std::io::Write;
use std::process::ExitCode;

use clap::Parser;

mod cli;

/// Rows are built from many small strings; mimalloc serves them faster
/// than the system allocator (see Cargo.toml).
#[global_allocator]
static GLOBAL: mimalloc::MiMalloc = mimalloc::MiMalloc;

/// mimalloc's `purge_delay` option (its place in `mi_option_t`, the same
/// in mimalloc 2 and 3).
const MI_OPTION_PURGE_DELAY: libmimalloc_sys::mi_option_t = 15;

/// Keeps memory freed by one document for the next instead of handing it
/// back to the kernel 10 ms later. Every document allocates and frees its
/// text view and rows; with purging on, the kernel unmapped and zeroed
/// those pages again and again (`clear_page_erms`, about a tenth of the
/// CPU time of a run: 33,843 minor page faults on 20 MB, 322 without).
/// Off, a 1 GB run's system time halved and its wall time fell 6 to 16%,
/// for a peak RSS of 370 MB instead of 250 MB. `MIMALLOC_PURGE_DELAY` in
/// the environment still wins. The option is set whatever it reads: the
/// bundled mimalloc's default is 1000 ms, not the documented 10, and an
/// earlier guard on 10 left purging on.
#[allow(unsafe_code)]
fn keep_freed_memory() {
    if std::env::var_os("MIMALLOC_PURGE_DELAY").is_some() {
        return;
    }
    // SAFETY: one call into the allocator's option table with a valid
    // option index, made before any other thread exists.
    unsafe {
        libmimalloc_sys::mi_option_set(MI_OPTION_PURGE_DELAY, -1);
    }
}

/// Turns transparent huge pages off for this process. A run touches
/// about 250 MB once and keeps it (see [`keep_freed_memory`]); with huge
/// pages, each first touch of a 2 MB page made the kernel clear all of it,
/// which on the project's virtual machine cost 8% of a one-thread run's
/// CPU (`clear_page_erms`). With 4 KB pages the archive took 0.4 s less
/// CPU and 0.3 s less wall time (8 alternating runs) and 60 MB less peak
/// RSS, more TLB misses included. `MIMALLOC_ALLOW_THP` in the environment
/// still decides (mimalloc reads it at start-up). Best effort: a kernel
/// without the flag runs as before.
fn small_pages() {
    #[cfg(target_os = "linux")]
    if std::env::var_os("MIMALLOC_ALLOW_THP").is_none() {
        let _ = rustix::thread::disable_transparent_huge_pages(true);
    }
}

fn main() -> ExitCode {
    small_pages();
    keep_freed_memory();
    let cli = cli::Cli::parse_from(cli::with_run_implied(std::env::args_os().collect()));
    let settings = match cli.into_settings() {
        Ok(s) => s,
        Err(e) => return fatal(&e),
    };
    let cli::Settings {
        config,
        job,
        strict,
        quiet,
        no_summary,
    } = settings;
    if let cli::Job::List = job {
        return list(&config);
    }
    // Ctrl-C or SIGTERM: the run stops before publishing, the staging
    // folder is removed and the previous output stays as it was.
    let cancel = config.cancel.clone();
    let _ = ctrlc::set_handler(move || {
        cancel.store(true, std::sync::atomic::Ordering::Relaxed);
    });
    let bar = progress_bar(quiet);
    let on_progress = |p: sourcefacts::pipeline::Progress| {
        bar.set_length(p.total_bytes.max(p.bytes).max(1));
        bar.set_position(p.bytes);
        match p.phase {
            Some(phase) => bar.set_message(phase),
            None if p.total == 0 => bar.set_message(format!("{} documents", p.done)),
            None => bar.set_message(format!("{}/{} documents", p.done, p.total)),
        }
    };
    let extracting = matches!(job, cli::Job::Extract(_));
    let reducing = matches!(job, cli::Job::Reduce(_));
    let result = match job {
        cli::Job::Extract(files) => sourcefacts::pipeline::extract(&config, files, &on_progress),
        cli::Job::Reduce(parts) => {
            sourcefacts::pipeline::reduce_parts(&config, &parts, &on_progress)
        }
        _ => sourcefacts::pipeline::run_with_progress(&config, &on_progress),
    };
    bar.finish_and_clear();
    let summary = match result {
        Ok(s) => s,
        Err(e @ sourcefacts::Error::Interrupted { .. }) => {
            let _ = writeln!(std::io::stderr(), "sourcefacts: {e}");
            return ExitCode::from(130);
        }
        Err(e) => return fatal(&e),
    };
    if extracting {
        if !no_summary {
            let _ = writeln!(
                std::io::stdout(),
                "sourcefacts extract: {} files ({:.2} MB) in {:.2}s -> {}",
                summary.files,
                summary.bytes as f64 / 1e6,
                summary.seconds,
                config.out.join(sourcefacts::parts::UNITS_FILE).display()
            );
        }
        return ExitCode::SUCCESS;
    }
    let mut err = std::io::stderr().lock();
    if !summary.output_sets.is_empty() {
        let _ = writeln!(
            err,
            "sourcefacts: not read (they hold a sourcefacts output set): {}",
            summary.output_sets.join(", ")
        );
    }
    if !summary.unused_doc_dates.is_empty() {
        let n = summary.unused_doc_dates.len();
        let _ = writeln!(
            err,
            "sourcefacts: --doc-dates: {n} row{} name no document: {}",
            if n == 1 { "" } else { "s" },
            summary.unused_doc_dates.join(", ")
        );
    }
    for (doc, reason) in &summary.skipped {
        let _ = writeln!(err, "sourcefacts: {doc}: skipped: {reason}");
    }
    for problem in &summary.invalid_rows {
        let _ = writeln!(err, "sourcefacts: {problem}");
    }
    if !no_summary {
        let out = config.out.display();
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
        if reducing {
            let _ = writeln!(
                std::io::stdout(),
                "  reduced {} distinct names",
                summary.distinct_names
            );
        }
    }
    if summary.read == 0 {
        let kinds: Vec<String> = summary
            .ignored_kinds
            .iter()
            .map(|(ext, n)| format!("{n} {ext}"))
            .collect();
        let _ = writeln!(
            err,
            "sourcefacts: {}: no readable documents: {} files, {} skipped, {} ignored as not .txt or .md{}; documents.csv in {} lists them",
            config.corpus.display(),
            summary.files,
            summary.skipped.len(),
            summary.ignored,
            if kinds.is_empty() { String::new() } else { format!(" ({})", kinds.join(", ")) },
            config.out.display(),
        );
        return ExitCode::from(2);
    }
    if strict && !summary.skipped.is_empty() {
        ExitCode::from(1)
    } else {
        ExitCode::SUCCESS
    }
}

/// MB done of MB total, MB/s and time left from bytes, documents done,
/// then the step after the documents, on stderr. indicatif hides it when
/// stderr is not a terminal; `--quiet` hides it always.
fn progress_bar(quiet: bool) -> indicatif::ProgressBar {
    if quiet {
        return indicatif::ProgressBar::hidden();
    }
    let bar = indicatif::ProgressBar::new(0);
    let style = indicatif::ProgressStyle::with_template(
        "{spinner} {decimal_bytes}/{decimal_total_bytes} [{elapsed_precise}, {decimal_bytes_per_sec}, eta {eta}] {msg}",
    )
    .unwrap_or_else(|_| indicatif::ProgressStyle::default_bar());
    bar.set_style(style);
    bar
}

/// `sourcefacts list`: the corpus walk as JSON lines on stdout.
fn list(config: &sourcefacts::Config) -> ExitCode {
    let listing = match sourcefacts::pipeline::list_corpus(config) {
        Ok(l) => l,
        Err(e) => return fatal(&e),
    };
    let mut out = std::io::BufWriter::new(std::io::stdout().lock());
    for f in &listing.files {
        let line = serde_json::to_string(&sourcefacts::ingest::ListedFile::of(f))
            .unwrap_or_else(|e| format!("{{\"error\":\"{e}\"}}"));
        if writeln!(out, "{line}").is_err() {
            return ExitCode::from(2);
        }
    }
    if out.flush().is_err() {
        return ExitCode::from(2);
    }
    ExitCode::SUCCESS
}

fn fatal(e: &sourcefacts::Error) -> ExitCode {
    let _ = writeln!(std::io::stderr(), "sourcefacts: {e}");
    ExitCode::from(2)
}
