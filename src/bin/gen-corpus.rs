//! Deterministic corpus generator for scale tests.
//!
//! `cargo run --release --bin gen-corpus -- --mb 1000 DIR` writes about
//! 1000 MB of documents into DIR: sentences of the bundled corpus recombined,
//! with their numbers, years and months varied, some PDF-extraction noise
//! lines, and file sizes spread log-uniformly from 1 KB to 5 MB. Every file
//! differs (each starts with its own id and date), so nothing can be skipped
//! by hash. The same arguments always give the same bytes.

use std::io::Write;
use std::path::PathBuf;

use clap::Parser;
use regex::Regex;
use sourcefacts_extract::dates::MONTH_NAMES;
use sourcefacts_extract::textview::TextView;

/// Write a realistic corpus of a given size.
#[derive(Parser)]
#[command(name = "gen-corpus")]
struct Args {
    /// Total size to write, in megabytes (10^6 bytes).
    #[arg(long, default_value_t = 100)]
    mb: u64,
    /// Seed of the generator; the same seed gives the same corpus.
    #[arg(long, default_value_t = 1)]
    seed: u64,
    /// Folder to write into (created; files go into sub-folders of 1000).
    dir: PathBuf,
}

/// 64-bit LCG: small, fast and reproducible across platforms.
struct Rng(u64);

impl Rng {
    fn next(&mut self) -> u64 {
        self.0 = self
            .0
            .wrapping_mul(6_364_136_223_846_793_005)
            .wrapping_add(1_442_695_040_888_963_407);
        self.0 >> 11
    }
    fn below(&mut self, n: u64) -> u64 {
        self.next() % n.max(1)
    }
    fn unit(&mut self) -> f64 {
        (self.next() % (1 << 40)) as f64 / (1u64 << 40) as f64
    }
}

const SOURCES: [&str; 5] = [
    include_str!("../../corpus/000_e81f729d105963f4.txt"),
    include_str!("../../corpus/001_355e6170c30fd587.txt"),
    include_str!("../../corpus/002_c9d284f965697f61.txt"),
    include_str!("../../corpus/003_b8ba1fc15f473be7.txt"),
    include_str!("../../corpus/004_8ac3c3ce1d3d03cb.txt"),
];

fn main() -> anyhow::Result<()> {
    let args = Args::parse();
    let sentences: Vec<String> = SOURCES
        .iter()
        .flat_map(|text| {
            let view = TextView::new(text);
            view.sentences()
                .iter()
                .map(|s| view.raw_text(s.clone()).to_string())
                .filter(|s| s.len() > 20)
                .collect::<Vec<_>>()
        })
        .collect();
    let count = Regex::new(r"\b\d{1,3}(?:,\d{3})+\b")?;
    let year = Regex::new(r"\b(?:19[5-9]\d|20[0-3]\d)\b")?;
    let month = Regex::new(
        r"\b(?:January|February|March|April|June|July|August|September|October|November|December)\b",
    )?;
    let mut rng = Rng(args.seed.wrapping_mul(0x9E37_79B9_7F4A_7C15) | 1);
    let target = args.mb * 1_000_000;
    let mut written = 0u64;
    let mut n = 0u64;
    let (min, max) = (1_000f64.ln(), 5_000_000f64.ln());
    while written < target {
        let size = (min + (max - min) * rng.unit()).exp() as u64;
        let size = size.min(target - written).max(200);
        let sub = args.dir.join(format!("{:04}", n / 1000));
        std::fs::create_dir_all(&sub)?;
        let path = sub.join(format!("doc_{n:07}.txt"));
        let mut out = std::io::BufWriter::new(std::fs::File::create(&path)?);
        let mut doc = String::with_capacity(size as usize + 1024);
        let y = 1990 + rng.below(36);
        doc.push_str(&format!(
            "Generated brief {n}\n{} {}, {y}\n\n",
            MONTH_NAMES[rng.below(12) as usize],
            1 + rng.below(28)
        ));
        while (doc.len() as u64) < size {
            if rng.below(200) == 0 {
                doc.push_str("cli9nTEMCe91 (en t)11 (o the succe)3 (s)23.1 (sfui) 1.1 (. SgGS0 ge.BDC BT10 0 0 10 72 677 Tm{(and\n");
            }
            let s = &sentences[rng.below(sentences.len() as u64) as usize];
            let s = count.replace_all(s, |_: &regex::Captures<'_>| {
                let v = 1_000 + rng.below(99_000);
                format!("{},{:03}", v / 1000, v % 1000)
            });
            let s = year.replace_all(&s, |_: &regex::Captures<'_>| {
                (1950 + rng.below(80)).to_string()
            });
            let s = month.replace_all(&s, |_: &regex::Captures<'_>| {
                MONTH_NAMES[rng.below(12) as usize].to_string()
            });
            doc.push_str(&s);
            doc.push_str(if rng.below(4) == 0 { "\n\n" } else { " " });
        }
        out.write_all(doc.as_bytes())?;
        out.flush()?;
        written += doc.len() as u64;
        n += 1;
    }
    writeln!(
        std::io::stdout(),
        "gen-corpus: {n} files, {:.1} MB in {}",
        written as f64 / 1e6,
        args.dir.display()
    )?;
    Ok(())
}
