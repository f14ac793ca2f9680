//! Command line: raw arguments (clap) to a validated [`Config`].

use std::path::PathBuf;
use std::sync::Arc;

use clap::{Args, Parser, Subcommand};

use sourcefacts::inputs::{load_doc_dates, load_lexicon};
use sourcefacts::{Config, Result};

/// Turn a folder of policy documents into CSV fact tables (dates, troop
/// figures, named bodies, acronyms) with byte-exact provenance.
///
/// With no arguments, runs on ./corpus and writes ./output.
#[derive(Debug, Parser)]
#[command(name = "sourcefacts", version, about, long_about = None, after_help = EXAMPLES)]
pub struct Cli {
    #[command(subcommand)]
    command: Option<Command>,
}

/// Examples and exit codes, after the options in `--help`.
const EXAMPLES: &str = "Examples:
  sourcefacts                                  read ./corpus, write ./output
  sourcefacts reports/ --out reports-facts     same as `sourcefacts run reports/ ...`
  sourcefacts run archive/ --out out --full --threads 4 --doc-dates dates.csv

Exit codes:
  0  done
  1  done, but --strict and a document was skipped
  2  fatal: bad arguments or input files, unreadable corpus, no readable
     document, unwritable output (the previous output is left intact)
  130  interrupted (Ctrl-C, SIGTERM): the previous output is left intact";

#[derive(Debug, Subcommand)]
enum Command {
    /// Extract facts from every .txt and .md file under CORPUS_DIR.
    #[command(after_help = EXAMPLES)]
    Run(RunArgs),
}

fn parse_formats(list: &str) -> std::result::Result<sourcefacts::formats::Formats, String> {
    sourcefacts::formats::Formats::parse(list)
}

/// The arguments with `run` put in where it is meant: `sourcefacts DIR`
/// and `sourcefacts --out X` are `sourcefacts run ...` (only `help`, `-h`,
/// `--help`, `-V` and `--version` stand alone).
pub fn with_run_implied(args: Vec<std::ffi::OsString>) -> Vec<std::ffi::OsString> {
    let standalone = ["run", "help", "-h", "--help", "-V", "--version"];
    match args.get(1).and_then(|a| a.to_str()) {
        Some(first) if !standalone.contains(&first) => {
            let mut out = args;
            out.insert(1, "run".into());
            out
        }
        _ => args,
    }
}

/// Options of `sourcefacts run`.
#[derive(Debug, Args)]
pub struct RunArgs {
    /// Folder of documents to read, walked recursively (.txt and .md).
    #[arg(default_value = "corpus")]
    corpus_dir: PathBuf,
    /// Folder to write the CSV tables to (created if missing).
    #[arg(
        long,
        short,
        visible_alias = "output",
        default_value = "output",
        value_name = "OUT_DIR"
    )]
    out: PathBuf,
    /// Exit with status 1 when any document was skipped.
    #[arg(long)]
    strict: bool,
    /// Worker threads (default: all cores). Output is identical for any value.
    #[arg(long, value_name = "N", value_parser = clap::value_parser!(u16).range(1..))]
    threads: Option<u16>,
    /// Also report vague temporal references (now, recently, in the past)
    /// as PRESENT_REF, PAST_REF, FUTURE_REF.
    #[arg(long)]
    vague: bool,
    /// CSV with columns doc,date (or doc,value) giving each document's own
    /// date; overrides the date detected from its dateline or byline.
    #[arg(long, value_name = "FILE.csv")]
    doc_dates: Option<PathBuf>,
    /// Extra lexicon of named bodies, CSV with columns name,type,canonical;
    /// its rows are added to the built-in lexicon (and override same names).
    #[arg(long, value_name = "FILE.csv")]
    lexicon: Option<PathBuf>,
    /// Extract every document again, ignoring the facts cached by the
    /// previous run in OUT_DIR (by default unchanged documents are reused).
    #[arg(long)]
    full: bool,
    /// Write no fact cache into OUT_DIR: a one-off run over a large corpus
    /// writes about half the bytes, and the next run extracts everything.
    #[arg(long)]
    no_cache: bool,
    /// Write text cells verbatim. By default a cell starting with =, +, -, @,
    /// tab or CR gets a leading apostrophe so spreadsheets do not run it as a
    /// formula (OWASP CSV-injection guidance).
    #[arg(long)]
    raw_csv: bool,
    /// Start every CSV table with a UTF-8 byte-order mark, which Excel
    /// needs to read UTF-8 text (the XLSX workbook needs none).
    #[arg(long)]
    bom: bool,
    /// Output formats, comma-separated: csv (always written), jsonl
    /// (OUT/jsonl/TABLE.jsonl, one object per row, list cells whole), xlsx
    /// (OUT/sourcefacts.xlsx, a sheet per table, no formulas), parquet
    /// (OUT/parquet/TABLE.parquet, typed columns).
    #[arg(long, value_name = "LIST", default_value = "csv", value_parser = parse_formats)]
    format: sourcefacts::formats::Formats,
    /// Show no progress bar (the summary still prints).
    #[arg(long, short)]
    quiet: bool,
    /// Print no summary at the end (warnings and errors still print).
    #[arg(long)]
    no_summary: bool,
}

impl Default for RunArgs {
    fn default() -> Self {
        RunArgs {
            corpus_dir: PathBuf::from("corpus"),
            out: PathBuf::from("output"),
            strict: false,
            threads: None,
            vague: false,
            doc_dates: None,
            lexicon: None,
            raw_csv: false,
            bom: false,
            full: false,
            no_cache: false,
            quiet: false,
            no_summary: false,
            format: sourcefacts::formats::Formats::default(),
        }
    }
}

/// What main needs besides the library config.
pub struct Settings {
    /// The library configuration.
    pub config: Config,
    /// Skipped documents make the exit code 1.
    pub strict: bool,
    /// Hide the progress bar.
    pub quiet: bool,
    /// Silence the summary.
    pub no_summary: bool,
}

impl Cli {
    /// Validates the arguments and builds everything the run needs.
    pub fn into_settings(self) -> Result<Settings> {
        let args = match self.command {
            Some(Command::Run(a)) => a,
            None => RunArgs::default(),
        };
        let mut config = Config::new(args.corpus_dir, args.out);
        config.threads = args.threads.map(usize::from);
        config.extract.vague_dates = args.vague;
        config.raw_csv = args.raw_csv;
        config.bom = args.bom;
        config.full = args.full;
        config.no_cache = args.no_cache;
        config.formats = args.format;
        if let Some(p) = &args.lexicon {
            config.extract.lexicon = Arc::new(load_lexicon(p)?);
        }
        if let Some(p) = &args.doc_dates {
            config.doc_dates = load_doc_dates(p)?;
        }
        Ok(Settings {
            config,
            strict: args.strict,
            quiet: args.quiet,
            no_summary: args.no_summary,
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use clap::CommandFactory;

    #[test]
    fn clap_definition_is_consistent() {
        Cli::command().debug_assert();
    }

    #[test]
    fn no_arguments_means_run_on_corpus_into_output() {
        let s = Cli::parse_from(["sourcefacts"]).into_settings().unwrap();
        assert_eq!(s.config.corpus, PathBuf::from("corpus"));
        assert_eq!(s.config.out, PathBuf::from("output"));
        let s = Cli::parse_from(["sourcefacts", "run", "docs", "--out", "o", "--threads", "2"])
            .into_settings()
            .unwrap();
        assert_eq!(s.config.corpus, PathBuf::from("docs"));
        assert_eq!(s.config.threads, Some(2));
    }

    #[test]
    fn a_folder_alone_means_run_it() {
        let args = |v: &[&str]| with_run_implied(v.iter().map(Into::into).collect());
        let s = Cli::parse_from(args(&["sourcefacts", "docs", "--out", "o"]))
            .into_settings()
            .unwrap();
        assert_eq!((s.config.corpus, s.config.out), ("docs".into(), "o".into()));
        let help = args(&["sourcefacts", "--help"]);
        assert_eq!(help.len(), 2);
        // A mistyped option is answered with the one meant.
        let err = Cli::try_parse_from(args(&["sourcefacts", "docs", "--ouput", "o"])).unwrap_err();
        assert!(err.to_string().contains("--out"), "{err}");
    }

    #[test]
    fn help_gives_examples_and_exit_codes() {
        let help = Cli::command().render_long_help().to_string();
        assert!(
            help.contains("Examples:") && help.contains("Exit codes:"),
            "{help}"
        );
    }
}
