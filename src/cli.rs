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
    /// Extract facts from every .txt and .md file under CORPUS_DIR
    #[command(after_help = EXAMPLES)]
    Run(RunArgs),
    /// List the files of a corpus as `run` walks it, one JSON object per
    /// line (doc, path, bytes, problem): the input `extract` reads on stdin
    List(ListArgs),
    /// The map alone, for one shard: extract FILES (or the `list` lines on
    /// stdin) and write their rows and cross-document state to a part
    /// folder (PART/units.parquet) for `reduce`
    #[command(after_help = SCALE_EXAMPLES)]
    Extract(ExtractArgs),
    /// The reduce alone: merge the parts of every shard and write the same
    /// output set as `run` on the whole corpus
    #[command(after_help = SCALE_EXAMPLES)]
    Reduce(ReduceArgs),
}

const SCALE_EXAMPLES: &str = "Examples:
  sourcefacts list corpus > files.jsonl
  head -n 3 files.jsonl | sourcefacts extract --corpus-root corpus --out parts/0
  tail -n +4 files.jsonl | sourcefacts extract --corpus-root corpus --out parts/1
  sourcefacts reduce parts/0 parts/1 --out output     same tables as `run corpus`
  scripts/spark-run corpus output --partitions 8      the same on Apache Spark";

/// Options of `sourcefacts list`.
#[derive(Debug, Args)]
pub struct ListArgs {
    /// Folder of documents, walked as `run` walks it.
    #[arg(default_value = "corpus")]
    corpus_dir: PathBuf,
}

/// Options of `sourcefacts extract`.
#[derive(Debug, Args)]
pub struct ExtractArgs {
    /// Files to extract, under --corpus-root; none: read the list from
    /// stdin, one `sourcefacts list` line (or one path) per line.
    files: Vec<PathBuf>,
    /// The corpus folder the files are in: document names are relative
    /// to it, as in `run`.
    #[arg(long, value_name = "DIR")]
    corpus_root: PathBuf,
    /// The part folder to write (PART/units.parquet).
    #[arg(long, short, value_name = "PART")]
    out: PathBuf,
    #[command(flatten)]
    map: MapOpts,
    /// Show no progress bar.
    #[arg(long, short)]
    quiet: bool,
    /// Print no summary at the end.
    #[arg(long)]
    no_summary: bool,
}

/// Options of `sourcefacts reduce`.
#[derive(Debug, Args)]
pub struct ReduceArgs {
    /// Part folders written by `sourcefacts extract`, in any order.
    #[arg(required = true, value_name = "PART")]
    parts: Vec<PathBuf>,
    #[command(flatten)]
    output: OutputOpts,
}

fn parse_formats(list: &str) -> std::result::Result<sourcefacts::formats::Formats, String> {
    sourcefacts::formats::Formats::parse(list)
}

/// The arguments with `run` put in where it is meant: `sourcefacts DIR`
/// and `sourcefacts --out X` are `sourcefacts run ...` (only `help`, `-h`,
/// `--help`, `-V` and `--version` stand alone).
pub fn with_run_implied(args: Vec<std::ffi::OsString>) -> Vec<std::ffi::OsString> {
    let standalone = [
        "run",
        "list",
        "extract",
        "reduce",
        "help",
        "-h",
        "--help",
        "-V",
        "--version",
    ];
    match args.get(1).and_then(|a| a.to_str()) {
        Some(first) if !standalone.contains(&first) => {
            let mut out = args;
            out.insert(1, "run".into());
            out
        }
        _ => args,
    }
}

/// What changes extraction: shared by `run` and `extract`.
#[derive(Debug, Args, Default)]
pub struct MapOpts {
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
    /// Write text cells verbatim. By default a cell starting with =, +, -, @,
    /// tab or CR gets a leading apostrophe so spreadsheets do not run it as a
    /// formula (OWASP CSV-injection guidance).
    #[arg(long)]
    raw_csv: bool,
}

/// Options of `sourcefacts run`.
#[derive(Debug, Args)]
pub struct RunArgs {
    /// Folder of documents to read, walked recursively (.txt and .md).
    #[arg(default_value = "corpus")]
    corpus_dir: PathBuf,
    #[command(flatten)]
    output: OutputOpts,
    #[command(flatten)]
    map: MapOpts,
    /// Extract every document again, ignoring the facts cached by the
    /// previous run in OUT_DIR (by default unchanged documents are reused).
    #[arg(long)]
    full: bool,
    /// Write no fact cache into OUT_DIR: a one-off run over a large corpus
    /// writes about half the bytes, and the next run extracts everything.
    #[arg(long)]
    no_cache: bool,
}

/// Where and how the output set is written: shared by `run` and `reduce`.
#[derive(Debug, Args)]
pub struct OutputOpts {
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

impl Default for OutputOpts {
    fn default() -> Self {
        OutputOpts {
            out: PathBuf::from("output"),
            strict: false,
            bom: false,
            format: sourcefacts::formats::Formats::default(),
            quiet: false,
            no_summary: false,
        }
    }
}

impl OutputOpts {
    /// The settings of a job writing an output set.
    fn settings(self, mut config: Config, job: Job) -> Settings {
        config.out = self.out;
        config.bom = self.bom;
        config.formats = self.format;
        Settings {
            config,
            job,
            strict: self.strict,
            quiet: self.quiet,
            no_summary: self.no_summary,
        }
    }
}

impl Default for RunArgs {
    fn default() -> Self {
        RunArgs {
            corpus_dir: PathBuf::from("corpus"),
            output: OutputOpts::default(),
            map: MapOpts::default(),
            full: false,
            no_cache: false,
        }
    }
}

/// What main needs besides the library config.
pub struct Settings {
    pub config: Config,
    pub job: Job,
    pub strict: bool,
    pub quiet: bool,
    pub no_summary: bool,
}

/// What the binary is asked to do.
pub enum Job {
    /// Map and reduce a corpus (`run`).
    Run,
    /// Print the corpus listing (`list`).
    List,
    /// Map these files into the part `config.out` (`extract`).
    Extract(Vec<sourcefacts::ingest::SourceFile>),
    /// Reduce these parts into `config.out` (`reduce`).
    Reduce(Vec<PathBuf>),
}

impl MapOpts {
    /// Sets the extraction options of `config`, reading the user's files.
    fn apply(&self, config: &mut Config) -> Result<()> {
        config.threads = self.threads.map(usize::from);
        config.extract.vague_dates = self.vague;
        config.raw_csv = self.raw_csv;
        if let Some(p) = &self.lexicon {
            config.extract.lexicon = Arc::new(load_lexicon(p)?);
        }
        if let Some(p) = &self.doc_dates {
            config.doc_dates = load_doc_dates(p)?;
        }
        Ok(())
    }
}

/// The files `extract` is given: its arguments, or stdin's lines (a
/// `sourcefacts list` line, or a path).
fn extract_files(args: &ExtractArgs) -> Result<Vec<sourcefacts::ingest::SourceFile>> {
    use sourcefacts::ingest::{named_file, ListedFile};
    if !args.files.is_empty() {
        return args
            .files
            .iter()
            .map(|p| named_file(&args.corpus_root, p))
            .collect();
    }
    let mut files = Vec::new();
    for (n, line) in std::io::stdin().lines().enumerate() {
        let line = line.map_err(|e| sourcefacts::Error::Config {
            path: PathBuf::from("stdin"),
            cause: e.to_string(),
        })?;
        if line.trim().is_empty() {
            continue;
        }
        if line.starts_with('{') {
            let listed: ListedFile =
                serde_json::from_str(&line).map_err(|e| sourcefacts::Error::Config {
                    path: PathBuf::from("stdin"),
                    cause: format!("line {}: not a `sourcefacts list` line: {e}", n + 1),
                })?;
            files.push(listed.into_source());
        } else {
            files.push(named_file(&args.corpus_root, std::path::Path::new(&line))?);
        }
    }
    Ok(files)
}

impl Cli {
    pub fn into_settings(self) -> Result<Settings> {
        let settings = |config, job, strict, quiet, no_summary| Settings {
            config,
            job,
            strict,
            quiet,
            no_summary,
        };
        match self.command {
            Some(Command::List(a)) => Ok(settings(
                Config::new(a.corpus_dir, PathBuf::new()),
                Job::List,
                false,
                true,
                true,
            )),
            Some(Command::Extract(a)) => {
                let mut config = Config::new(a.corpus_root.clone(), a.out.clone());
                a.map.apply(&mut config)?;
                config.full = true;
                let files = extract_files(&a)?;
                Ok(settings(
                    config,
                    Job::Extract(files),
                    false,
                    a.quiet,
                    a.no_summary,
                ))
            }
            Some(Command::Reduce(a)) => {
                let mut config = Config::new(PathBuf::new(), PathBuf::new());
                config.no_cache = true;
                Ok(a.output.settings(config, Job::Reduce(a.parts)))
            }
            Some(Command::Run(a)) => run_settings(a),
            None => run_settings(RunArgs::default()),
        }
    }
}

fn run_settings(args: RunArgs) -> Result<Settings> {
    let mut config = Config::new(args.corpus_dir, PathBuf::new());
    args.map.apply(&mut config)?;
    config.full = args.full;
    config.no_cache = args.no_cache;
    Ok(args.output.settings(config, Job::Run))
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
        let s = Cli::parse_from(["sourcefacts", "run", "docs", "--vague", "--raw-csv"])
            .into_settings()
            .unwrap();
        assert!(s.config.extract.vague_dates && s.config.raw_csv);
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
    fn extract_takes_files_under_the_root_and_reduce_takes_parts() {
        let dir = tempfile::tempdir().unwrap();
        let root = dir.path().join("c");
        std::fs::create_dir_all(root.join("a")).unwrap();
        std::fs::write(root.join("a/x.md"), "text").unwrap();
        std::fs::write(root.join("y.pdf"), "pdf").unwrap();
        let arg = |p: &std::path::Path| p.to_string_lossy().into_owned();
        let (x, y, r) = (
            arg(&root.join("a/x.md")),
            arg(&root.join("y.pdf")),
            arg(&root),
        );
        let s = Cli::parse_from([
            "sourcefacts",
            "extract",
            &x,
            &y,
            "--corpus-root",
            &r,
            "--out",
            "p",
        ])
        .into_settings()
        .unwrap();
        let Job::Extract(files) = s.job else {
            panic!("an extract job")
        };
        assert_eq!(files[0].doc, "a/x.md");
        assert!(files[0].walk_problem.is_none());
        assert_eq!(
            files[1].walk_problem.as_ref().unwrap().1,
            "not a .txt or .md file"
        );
        let elsewhere = arg(&dir.path().join("z.md"));
        assert!(Cli::parse_from([
            "sourcefacts",
            "extract",
            &elsewhere,
            "--corpus-root",
            &r,
            "--out",
            "p"
        ])
        .into_settings()
        .is_err());
        let s = Cli::parse_from(["sourcefacts", "reduce", "p0", "p1", "--out", "o"])
            .into_settings()
            .unwrap();
        assert!(matches!(s.job, Job::Reduce(ref p) if p.len() == 2));
        assert!(
            Cli::try_parse_from(["sourcefacts", "reduce"]).is_err(),
            "a part is required"
        );
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
