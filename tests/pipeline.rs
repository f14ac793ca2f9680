//! End-to-end tests of the `sourcefacts` binary: one test binary, modules
//! by area. Every test runs the real binary on a temporary folder.

mod util {
    use std::collections::HashMap;
    use std::path::{Path, PathBuf};
    use std::process::{Command, Output};

    pub fn bin() -> Command {
        Command::new(env!("CARGO_BIN_EXE_sourcefacts"))
    }

    pub fn repo_corpus() -> PathBuf {
        Path::new(env!("CARGO_MANIFEST_DIR")).join("corpus")
    }

    /// Runs `sourcefacts run CORPUS --out OUT EXTRA...`.
    pub fn run(corpus: &Path, out: &Path, extra: &[&str]) -> Output {
        bin()
            .arg("run")
            .arg(corpus)
            .arg("--out")
            .arg(out)
            .args(extra)
            .output()
            .expect("binary runs")
    }

    pub type Table = Vec<HashMap<String, String>>;

    pub fn read_table(out: &Path, name: &str) -> Table {
        let mut rdr = csv::Reader::from_path(out.join(name)).expect("table exists");
        let headers = rdr.headers().unwrap().clone();
        rdr.records()
            .map(|r| {
                let r = r.unwrap();
                headers
                    .iter()
                    .zip(r.iter())
                    .map(|(h, v)| (h.to_string(), v.to_string()))
                    .collect()
            })
            .collect()
    }

    /// A cell as the document has it: spreadsheet-safe output puts one
    /// apostrophe before text starting with =, +, -, @, tab or CR.
    pub fn unneutralized(cell: &str) -> &str {
        match cell.strip_prefix('\'') {
            Some(rest) if rest.starts_with(['=', '+', '-', '@', '\t', '\r']) => rest,
            _ => cell,
        }
    }

    pub fn stderr(o: &Output) -> String {
        String::from_utf8_lossy(&o.stderr).into_owned()
    }

    /// Asserts that every fact row's offsets select exactly its text in the
    /// original file, and that char offsets, line and column agree.
    pub fn assert_offsets_exact(corpus: &Path, out: &Path) -> usize {
        let docs = read_table(out, "documents.csv");
        let mut checked = 0;
        for (table, col) in [
            ("dates.csv", "text"),
            ("troops.csv", "text"),
            ("acronyms.csv", "short"),
            ("bodies.csv", "text"),
        ] {
            for row in read_table(out, table) {
                let d = docs
                    .iter()
                    .find(|d| d["doc"] == row["doc"])
                    .expect("doc listed");
                let bytes = std::fs::read(corpus.join(&row["doc"])).unwrap();
                let (s, e): (usize, usize) =
                    (row["start"].parse().unwrap(), row["end"].parse().unwrap());
                let text = if d["offsets"] == "file-bytes" {
                    String::from_utf8(bytes[s..e].to_vec()).expect("span on char boundaries")
                } else {
                    panic!("decoded-offset documents are checked in their own tests");
                };
                assert_eq!(
                    text,
                    unneutralized(&row[col]),
                    "{table} {} {s}..{e}",
                    row["doc"]
                );
                // char offsets index the decoded text without a BOM.
                let decoded = String::from_utf8(bytes.clone()).unwrap();
                let decoded = decoded.strip_prefix('\u{feff}').unwrap_or(&decoded);
                let cs: usize = row["char_start"].parse().unwrap();
                let ce: usize = row["char_end"].parse().unwrap();
                let by_chars: String = decoded.chars().skip(cs).take(ce - cs).collect();
                assert_eq!(
                    by_chars,
                    unneutralized(&row[col]),
                    "{table} chars {cs}..{ce}"
                );
                let line: usize = row["line"].parse().unwrap();
                let col_n: usize = row["col"].parse().unwrap();
                let line_text = decoded.split('\n').nth(line - 1).unwrap();
                let from_col: String = line_text.chars().skip(col_n - 1).collect();
                let first_line_of_text = unneutralized(&row[col]).split('\n').next().unwrap();
                assert!(
                    from_col.starts_with(first_line_of_text),
                    "{table} line/col {line}:{col_n}"
                );
                checked += 1;
            }
        }
        checked
    }
}

mod corpus {
    use super::util::*;

    /// Every state has a ministry of defense: the same name from documents
    /// about different states is different bodies, while a document's
    /// unqualified mention is the one its document qualified.
    #[test]
    fn same_name_of_different_states_is_different_entities() {
        let corpus = tempfile::tempdir().unwrap();
        let write =
            |name: &str, text: &str| std::fs::write(corpus.path().join(name), text).unwrap();
        write(
            "korea.txt",
            "South Korea's Ministry of National Defense (MND) reviewed the drills. \
             The Ministry of National Defense said the ROK Navy was ready.",
        );
        write(
            "taiwan.txt",
            "Taiwan's Ministry of National Defense counted 20 sorties. \
             The Ministry of National Defense (MND) said the ROC Navy was on alert.",
        );
        write(
            "seoul.txt",
            "The Ministry of National Defense (MND) in Seoul resumed live-fire drills.",
        );
        write(
            "mod.txt",
            "The Russian Ministry of Defense claimed gains. Japan's Ministry of Defense disagreed.",
        );
        let out = tempfile::tempdir().unwrap();
        let o = run(corpus.path(), out.path(), &[]);
        assert!(o.status.success(), "{}", stderr(&o));
        let bodies = read_table(out.path(), "bodies.csv");
        let entity = |doc: &str, text: &str| -> Vec<String> {
            bodies
                .iter()
                .filter(|b| b["doc"] == doc && b["text"] == text)
                .map(|b| b["entity_id"].clone())
                .collect()
        };
        let korea = entity("korea.txt", "Ministry of National Defense");
        let taiwan = entity("taiwan.txt", "Ministry of National Defense");
        assert_eq!(korea.len(), 2);
        assert_eq!(taiwan.len(), 2);
        assert!(
            korea.iter().all(|e| *e == korea[0]),
            "one entity in a document"
        );
        assert!(taiwan.iter().all(|e| *e == taiwan[0]));
        assert_ne!(korea[0], taiwan[0], "two states' ministries");
        assert_eq!(entity("korea.txt", "MND"), [korea[0].clone()]);
        assert_eq!(
            entity("seoul.txt", "Ministry of National Defense"),
            [korea[0].clone()]
        );
        let mods = entity("mod.txt", "Ministry of Defense");
        let russian = entity("mod.txt", "Russian Ministry of Defense");
        let all: Vec<&String> = mods.iter().chain(&russian).collect();
        assert_eq!(all.len(), 2);
        assert_ne!(all[0], all[1], "Russia's and Japan's ministries");
        let entities = read_table(out.path(), "entities.csv");
        let nation = |id: &str| {
            entities
                .iter()
                .find(|e| e["entity_id"] == id)
                .map(|e| e["nation"].clone())
                .unwrap()
        };
        assert_eq!(nation(&korea[0]), "South Korea");
        assert_eq!(nation(&taiwan[0]), "Taiwan");
        // Navies of two states.
        assert_ne!(
            entity("korea.txt", "ROK Navy"),
            entity("taiwan.txt", "ROC Navy")
        );
    }

    #[test]
    fn bundled_corpus_gives_all_tables_with_exact_offsets() {
        let out = tempfile::tempdir().unwrap();
        let o = run(&repo_corpus(), out.path(), &[]);
        assert!(o.status.success(), "{}", stderr(&o));
        let docs = read_table(out.path(), "documents.csv");
        let names: Vec<&str> = docs.iter().map(|d| d["doc"].as_str()).collect();
        assert_eq!(
            names,
            [
                "000_e81f729d105963f4.txt",
                "001_355e6170c30fd587.txt",
                "002_c9d284f965697f61.txt",
                "003_b8ba1fc15f473be7.txt",
                "004_8ac3c3ce1d3d03cb.txt"
            ]
        );
        assert!(docs
            .iter()
            .all(|d| d["status"] == "ok" && d["sha256"].len() == 64));
        for t in [
            "dates.csv",
            "troops.csv",
            "acronyms.csv",
            "bodies.csv",
            "entities.csv",
        ] {
            assert!(!read_table(out.path(), t).is_empty(), "{t} is empty");
        }
        let checked = assert_offsets_exact(&repo_corpus(), out.path());
        assert!(checked > 150, "only {checked} rows");
    }

    #[test]
    fn obvious_facts_of_the_samples_are_found() {
        let out = tempfile::tempdir().unwrap();
        assert!(run(&repo_corpus(), out.path(), &[]).status.success());
        let dates = read_table(out.path(), "dates.csv");
        assert!(dates
            .iter()
            .any(|d| d["text"] == "2025-08-22" && d["value"] == "2025-08-22"));
        assert!(dates
            .iter()
            .any(|d| d["text"] == "1950\u{2013}1953" && d["value"] == "1950/1953"));
        let troops = read_table(out.path(), "troops.csv");
        assert!(troops
            .iter()
            .any(|t| t["value"] == "28500" && t["qualifier"] == "approx"));
        let acr = read_table(out.path(), "acronyms.csv");
        assert!(acr
            .iter()
            .any(|a| a["short"] == "USFK" && a["long"] == "U.S. Forces Korea"));
        let bodies = read_table(out.path(), "bodies.csv");
        assert!(bodies
            .iter()
            .any(|b| b["text"] == "Camp Humphreys" && b["type"] == "installation"));
        let docs = read_table(out.path(), "documents.csv");
        let d002 = docs.iter().find(|d| d["doc"].starts_with("002")).unwrap();
        assert_eq!(d002["doc_date"], "2025-08-22");
    }

    #[test]
    fn output_is_identical_for_any_thread_count_and_rerun() {
        let a = tempfile::tempdir().unwrap();
        let b = tempfile::tempdir().unwrap();
        assert!(run(&repo_corpus(), a.path(), &["--threads", "1"])
            .status
            .success());
        assert!(run(&repo_corpus(), b.path(), &["--threads", "4"])
            .status
            .success());
        for t in [
            "documents.csv",
            "dates.csv",
            "troops.csv",
            "acronyms.csv",
            "bodies.csv",
            "entities.csv",
        ] {
            let x = std::fs::read(a.path().join(t)).unwrap();
            let y = std::fs::read(b.path().join(t)).unwrap();
            assert!(x == y, "{t} differs between --threads 1 and 4");
        }
        // documents.csv holds the corpus path, which differs; same corpus path
        // into the same out dir again must give the same bytes.
        let before = std::fs::read(a.path().join("bodies.csv")).unwrap();
        assert!(run(&repo_corpus(), a.path(), &["--threads", "2"])
            .status
            .success());
        assert_eq!(before, std::fs::read(a.path().join("bodies.csv")).unwrap());
    }

    #[test]
    fn no_temp_files_are_left_behind() {
        let out = tempfile::tempdir().unwrap();
        assert!(run(&repo_corpus(), out.path(), &[]).status.success());
        for e in std::fs::read_dir(out.path()).unwrap() {
            let name = e.unwrap().file_name().to_string_lossy().into_owned();
            assert!(
                name.ends_with(".csv")
                    || name.starts_with("report.")
                    || name == "report"
                    || name == sourcefacts::cache::CACHE_FILE,
                "left behind: {name}"
            );
        }
        for dir in ["report", "report/docs"] {
            for e in std::fs::read_dir(out.path().join(dir)).unwrap() {
                let name = e.unwrap().file_name().to_string_lossy().into_owned();
                assert!(
                    name.ends_with(".html") || name == "docs",
                    "left behind: {dir}/{name}"
                );
            }
        }
    }

    /// The text inside the `<mark>` that carries `id` on an HTML page, tags
    /// removed and entities decoded.
    fn marked(page: &str, id: &str) -> Option<String> {
        let at = page.find(&format!("id=\"{id}\""))?;
        let open = at + page[at..].find('>')? + 1;
        // Marks nest: count them until this one closes.
        let (mut depth, mut i, mut text) = (1, open, String::new());
        while depth > 0 {
            let next = page[i..].find('<')? + i;
            text.push_str(&page[i..next]);
            let close = page[next..].find('>')? + next;
            match &page[next..=close] {
                t if t.starts_with("</mark") => depth -= 1,
                t if t.starts_with("<mark") => depth += 1,
                _ => {}
            }
            i = close + 1;
        }
        Some(
            text.replace("&lt;", "<")
                .replace("&gt;", ">")
                .replace("&quot;", "\"")
                .replace("&#39;", "'")
                .replace("&amp;", "&"),
        )
    }

    /// Every conflict of the bundled corpus links both statements to
    /// document pages, and every date and troop row of a paged document is
    /// marked there over exactly its own text.
    #[test]
    fn document_pages_mark_each_fact_over_its_own_bytes() {
        let out = tempfile::tempdir().unwrap();
        assert!(run(&repo_corpus(), out.path(), &[]).status.success());
        let entry = std::fs::read_to_string(out.path().join("report.html")).unwrap();
        let conflicts = read_table(out.path(), "conflicts.csv");
        assert_eq!(conflicts.len(), 2);
        let links: Vec<&str> = entry
            .split("href=\"")
            .skip(1)
            .filter_map(|s| s.split('"').next())
            .filter(|h| h.starts_with("report/docs/"))
            .collect();
        assert!(links.len() >= 4, "both sides of both conflicts: {links:?}");
        let mut checked = 0;
        for link in links {
            let (page, anchor) = link.split_once('#').unwrap();
            let html = std::fs::read_to_string(out.path().join(page)).unwrap();
            assert!(html.contains(&format!("id=\"{anchor}\"")), "{link}");
            let doc = html
                .split("<p class=\"prov\">")
                .nth(1)
                .and_then(|s| s.split(" · ").next())
                .unwrap()
                .to_string();
            for table in ["dates.csv", "troops.csv"] {
                for row in read_table(out.path(), table) {
                    if row["doc"] == doc {
                        let id = format!("fact-{}", row["fact_id"]);
                        assert_eq!(
                            marked(&html, &id).as_deref(),
                            Some(row["text"].as_str()),
                            "{id}"
                        );
                        checked += 1;
                    }
                }
            }
        }
        assert!(checked > 10, "{checked} facts checked");
    }
}

mod bad_input {
    use super::util::*;
    use std::fs;

    fn corpus_with(files: &[(&str, &[u8])]) -> tempfile::TempDir {
        let dir = tempfile::tempdir().unwrap();
        for (name, bytes) in files {
            let p = dir.path().join(name);
            fs::create_dir_all(p.parent().unwrap()).unwrap();
            fs::write(p, bytes).unwrap();
        }
        dir
    }

    fn doc_row(out: &std::path::Path, doc: &str) -> std::collections::HashMap<String, String> {
        read_table(out, "documents.csv")
            .into_iter()
            .find(|d| d["doc"] == doc)
            .unwrap_or_else(|| panic!("{doc} missing from documents.csv"))
    }

    #[test]
    fn bom_is_stripped_and_offsets_count_file_bytes() {
        let c = corpus_with(&[(
            "bom.txt",
            "\u{feff}Signed in 1953 by the United Nations Command (UNC).".as_bytes(),
        )]);
        let out = tempfile::tempdir().unwrap();
        assert!(run(c.path(), out.path(), &[]).status.success());
        let d = doc_row(out.path(), "bom.txt");
        assert_eq!(
            (d["encoding"].as_str(), d["offsets"].as_str()),
            ("utf-8 (BOM)", "file-bytes")
        );
        let dates = read_table(out.path(), "dates.csv");
        assert_eq!(dates[0]["start"], "13");
        assert_offsets_exact(c.path(), out.path());
    }

    #[test]
    fn crlf_is_accepted_with_exact_offsets() {
        let c = corpus_with(&[(
            "crlf.txt",
            b"Title\r\n\r\nIn April 2023 the Nuclear Consultative Group (NCG) met.\r\nSome 28,500 troops stay.\r\n",
        )]);
        let out = tempfile::tempdir().unwrap();
        assert!(run(c.path(), out.path(), &[]).status.success());
        assert_eq!(doc_row(out.path(), "crlf.txt")["line_endings"], "crlf");
        assert_eq!(read_table(out.path(), "troops.csv").len(), 1);
        assert_eq!(read_table(out.path(), "troops.csv")[0]["line"], "4");
        assert!(assert_offsets_exact(c.path(), out.path()) >= 4);
    }

    #[test]
    fn windows_1252_is_decoded_and_offsets_refer_to_decoded_text() {
        let c = corpus_with(&[("cp1252.txt", b"Korea\x92s war (1950\x961953) ended.")]);
        let out = tempfile::tempdir().unwrap();
        assert!(run(c.path(), out.path(), &[]).status.success());
        let d = doc_row(out.path(), "cp1252.txt");
        assert_eq!(
            (d["encoding"].as_str(), d["offsets"].as_str()),
            ("windows-1252", "decoded-utf8")
        );
        let dates = read_table(out.path(), "dates.csv");
        let decoded = "Korea\u{2019}s war (1950\u{2013}1953) ended.";
        let (s, e): (usize, usize) = (
            dates[0]["start"].parse().unwrap(),
            dates[0]["end"].parse().unwrap(),
        );
        assert_eq!(&decoded[s..e], dates[0]["text"]);
        assert_eq!(dates[0]["value"], "1950/1953");
    }

    #[test]
    fn binary_empty_and_other_files_are_listed_not_lost() {
        let c = corpus_with(&[
            ("a.txt", b"In 1953 the treaty was signed."),
            ("bin.txt", b"\x89PNG\r\n\x1a\n\x00\x00\x00"),
            ("empty.md", b""),
            ("blank.txt", b"  \n\n "),
            ("notes.pdf", b"%PDF"),
            ("sub/dir/deep.md", b"In 2015 it met."),
        ]);
        let out = tempfile::tempdir().unwrap();
        let o = run(c.path(), out.path(), &[]);
        assert!(o.status.success(), "{}", stderr(&o));
        assert_eq!(doc_row(out.path(), "bin.txt")["status"], "skipped");
        assert!(doc_row(out.path(), "bin.txt")["reason"].contains("binary"));
        assert_eq!(doc_row(out.path(), "empty.md")["status"], "empty");
        assert_eq!(doc_row(out.path(), "blank.txt")["status"], "empty");
        assert_eq!(doc_row(out.path(), "notes.pdf")["status"], "ignored");
        assert_eq!(doc_row(out.path(), "sub/dir/deep.md")["status"], "ok");
        assert_eq!(read_table(out.path(), "documents.csv").len(), 6);
        assert!(
            stderr(&o).contains("bin.txt: skipped: binary"),
            "{}",
            stderr(&o)
        );
        // --strict turns a skipped document into exit code 1.
        let o = run(c.path(), out.path(), &["--strict"]);
        assert_eq!(o.status.code(), Some(1));
    }

    #[cfg(unix)]
    #[test]
    fn unreadable_files_and_links_are_skipped_with_a_reason() {
        use std::os::unix::fs::{symlink, PermissionsExt};
        let c = corpus_with(&[
            ("ok.txt", b"In 1953 it began."),
            ("locked.txt", b"In 1999."),
        ]);
        symlink(c.path().join("missing.txt"), c.path().join("broken.txt")).unwrap();
        symlink(c.path().join("loop.txt"), c.path().join("loop.txt")).unwrap();
        let locked = c.path().join("locked.txt");
        fs::set_permissions(&locked, fs::Permissions::from_mode(0o000)).unwrap();
        let root_can_read = fs::read(&locked).is_ok();
        let out = tempfile::tempdir().unwrap();
        let o = run(c.path(), out.path(), &[]);
        assert!(o.status.success(), "{}", stderr(&o));
        let broken = doc_row(out.path(), "broken.txt");
        assert_eq!(broken["status"], "skipped");
        assert!(
            broken["reason"].contains("broken symbolic link"),
            "{broken:?}"
        );
        let looped = doc_row(out.path(), "loop.txt");
        assert_eq!(looped["status"], "skipped", "{looped:?}");
        let l = doc_row(out.path(), "locked.txt");
        if root_can_read {
            // Running as root: permissions do not stop reads; the file is read.
            // The permission-denied path is tested below as another user.
            assert_eq!(l["status"], "ok");
        } else {
            assert_eq!(l["status"], "skipped");
            assert!(l["reason"].contains("cannot read"), "{l:?}");
        }
        assert_eq!(doc_row(out.path(), "ok.txt")["status"], "ok");
    }

    /// A named pipe with a document's name is a row of its own, skipped,
    /// and the run does not wait for a writer to open it.
    #[cfg(target_os = "linux")]
    #[test]
    fn a_named_pipe_is_skipped_not_waited_on() {
        use std::time::{Duration, Instant};
        let c = corpus_with(&[("ok.txt", b"In 1953 it began.")]);
        let made = std::process::Command::new("mkfifo")
            .arg(c.path().join("pipe.txt"))
            .status();
        if !made.is_ok_and(|s| s.success()) {
            // No mkfifo on this machine (coreutils has it everywhere CI runs).
            return;
        }
        let out = tempfile::tempdir().unwrap();
        let mut child = bin()
            .arg("run")
            .arg(c.path())
            .arg("--out")
            .arg(out.path())
            .stdout(std::process::Stdio::null())
            .stderr(std::process::Stdio::null())
            .spawn()
            .expect("binary runs");
        let started = Instant::now();
        let status = loop {
            if let Some(s) = child.try_wait().unwrap() {
                break s;
            }
            if started.elapsed() > Duration::from_secs(120) {
                let _ = child.kill();
                panic!("the run is waiting on the named pipe");
            }
            std::thread::sleep(Duration::from_millis(20));
        };
        assert!(status.success());
        let p = doc_row(out.path(), "pipe.txt");
        assert_eq!(p["status"], "skipped", "{p:?}");
        assert!(p["reason"].contains("not a regular file"), "{p:?}");
        assert_eq!(doc_row(out.path(), "ok.txt")["status"], "ok");
    }

    /// As root, permissions do not stop reads, so the permission-denied
    /// path runs the binary as `nobody` (util-linux `setpriv`), when this
    /// machine has it.
    #[cfg(unix)]
    #[test]
    fn permission_denied_as_an_unprivileged_user() {
        use std::os::unix::fs::PermissionsExt;
        let root_can_read = {
            let f = tempfile::NamedTempFile::new().unwrap();
            fs::set_permissions(f.path(), fs::Permissions::from_mode(0o000)).unwrap();
            fs::read(f.path()).is_ok()
        };
        let setpriv = std::path::Path::new("/usr/bin/setpriv");
        if !root_can_read || !setpriv.exists() {
            // Not root (the other test covers the path) or no setpriv here.
            return;
        }
        let c = corpus_with(&[
            ("ok.txt", b"In 1953 it began."),
            ("locked.txt", b"In 1999."),
        ]);
        let out_root = tempfile::tempdir().unwrap();
        for d in [c.path(), out_root.path()] {
            fs::set_permissions(d, fs::Permissions::from_mode(0o777)).unwrap();
        }
        fs::set_permissions(c.path().join("ok.txt"), fs::Permissions::from_mode(0o644)).unwrap();
        fs::set_permissions(
            c.path().join("locked.txt"),
            fs::Permissions::from_mode(0o000),
        )
        .unwrap();
        // The binary must be reachable by `nobody`: copy it next to the data.
        let exe = out_root.path().join("sourcefacts");
        fs::copy(env!("CARGO_BIN_EXE_sourcefacts"), &exe).unwrap();
        fs::set_permissions(&exe, fs::Permissions::from_mode(0o755)).unwrap();
        let out = out_root.path().join("out");
        let o = std::process::Command::new(setpriv)
            .args(["--reuid=65534", "--regid=65534", "--clear-groups"])
            .arg(&exe)
            .arg("run")
            .arg(c.path())
            .arg("--out")
            .arg(&out)
            .output()
            .unwrap();
        assert!(o.status.success(), "{}", stderr(&o));
        let l = doc_row(&out, "locked.txt");
        assert_eq!(l["status"], "skipped");
        assert!(
            l["reason"].contains("cannot read") && l["reason"].contains("ermission"),
            "{l:?}"
        );
        assert!(stderr(&o).contains("locked.txt: skipped"), "{}", stderr(&o));
        assert_eq!(doc_row(&out, "ok.txt")["status"], "ok");
    }

    #[test]
    fn hostile_text_gives_rows_not_panics() {
        let nested = format!("{}The Treaty (1953) {}", "(".repeat(5000), ")".repeat(4000));
        let garbage = "cli9nTEMCe91 (en t)11 (o the succe)3 (s)23.1 (sfui) 1.1 (. SgGS0 ge.BDC BT10 0 0 10 72 677 Tm{(and impd17Ped lw i72 63\n".repeat(200);
        let digits = "0123456789".repeat(100_000);
        let mut mixed = "Korea\u{2019}s war ".as_bytes().to_vec();
        mixed.extend_from_slice(b"\x93ended\x94 in 1953.");
        let c = corpus_with(&[
            ("nested.txt", nested.as_bytes()),
            ("garbage.txt", garbage.as_bytes()),
            ("digits.txt", digits.as_bytes()),
            ("mixed.txt", &mixed),
            (
                "unbalanced.md",
                b"((((( [[[ ]] ) The Nuclear Consultative Group (NCG met in (2023",
            ),
        ]);
        let out = tempfile::tempdir().unwrap();
        let o = run(c.path(), out.path(), &[]);
        assert!(o.status.success(), "{}", stderr(&o));
        for d in [
            "nested.txt",
            "garbage.txt",
            "digits.txt",
            "mixed.txt",
            "unbalanced.md",
        ] {
            assert_eq!(doc_row(out.path(), d)["status"], "ok", "{d}");
        }
        assert_eq!(
            doc_row(out.path(), "mixed.txt")["encoding"],
            "utf-8 + windows-1252 (mixed)"
        );
        let dates = read_table(out.path(), "dates.csv");
        assert!(!dates
            .iter()
            .any(|r| r["doc"] == "garbage.txt" || r["doc"] == "digits.txt"));
        assert!(dates
            .iter()
            .any(|r| r["doc"] == "mixed.txt" && r["value"] == "1953"));
    }

    #[cfg(unix)]
    #[test]
    fn non_utf8_file_name_is_listed_with_a_note() {
        use std::os::unix::ffi::OsStrExt;
        let c = tempfile::tempdir().unwrap();
        let name = std::ffi::OsStr::from_bytes(b"caf\xe9.txt");
        fs::write(c.path().join(name), "In 1953 it began.").unwrap();
        let out = tempfile::tempdir().unwrap();
        let o = run(c.path(), out.path(), &[]);
        assert!(o.status.success(), "{}", stderr(&o));
        let docs = read_table(out.path(), "documents.csv");
        assert_eq!(docs.len(), 1);
        assert_eq!(docs[0]["status"], "ok");
        assert!(docs[0]["doc"].starts_with("caf"));
        assert!(
            docs[0]["reason"].contains("not valid UTF-8"),
            "{:?}",
            docs[0]
        );
    }

    #[test]
    fn spreadsheet_formulas_are_neutralized_unless_raw() {
        let c = corpus_with(&[("f.txt", b"- In 1953 the =Treaty was signed.\n")]);
        let out = tempfile::tempdir().unwrap();
        assert!(run(c.path(), out.path(), &[]).status.success());
        let d = read_table(out.path(), "dates.csv");
        assert_eq!(d[0]["context"], "'- In 1953 the =Treaty was signed.");
        assert!(run(c.path(), out.path(), &["--raw-csv"]).status.success());
        let d = read_table(out.path(), "dates.csv");
        assert_eq!(d[0]["context"], "- In 1953 the =Treaty was signed.");
    }

    /// A single 100 MB line (slow in debug builds: run with
    /// `cargo test --release -- --ignored`).
    #[test]
    #[ignore]
    fn a_single_100_mb_line() {
        let line = "The U.S. maintains approximately 28,500 troops in South Korea since 1953; "
            .repeat(1_400_000);
        let c = corpus_with(&[("line.txt", line.as_bytes())]);
        let out = tempfile::tempdir().unwrap();
        let o = run(c.path(), out.path(), &[]);
        assert!(o.status.success(), "{}", stderr(&o));
        assert_eq!(doc_row(out.path(), "line.txt")["status"], "ok");
        assert!(read_table(out.path(), "troops.csv").len() >= 1_000_000);
    }

    #[test]
    fn missing_corpus_is_a_clear_fatal_error() {
        let out = tempfile::tempdir().unwrap();
        let o = run(std::path::Path::new("/no/such/folder"), out.path(), &[]);
        assert_eq!(o.status.code(), Some(2));
        let err = stderr(&o);
        assert!(
            err.starts_with("sourcefacts: /no/such/folder: cannot read corpus folder"),
            "{err}"
        );
        assert_eq!(err.lines().count(), 1);
    }

    #[test]
    fn corpus_without_documents_is_fatal_but_lists_what_it_skipped() {
        let c = corpus_with(&[
            ("image.png", b"\x89PNG"),
            ("a.pdf", b"%PDF"),
            ("b.PDF", b"%PDF"),
        ]);
        let out = tempfile::tempdir().unwrap();
        let o = run(c.path(), out.path(), &[]);
        assert_eq!(o.status.code(), Some(2));
        let err = stderr(&o);
        assert!(
            err.contains("no readable documents: 3 files, 0 skipped, 3 ignored"),
            "{err}"
        );
        assert!(err.contains("2 .pdf") && err.contains("1 .png"), "{err}");
        let docs = read_table(out.path(), "documents.csv");
        assert_eq!(docs.len(), 3);
        assert!(docs.iter().all(|d| d["status"] == "ignored"));
    }

    #[test]
    fn unwritable_output_is_fatal() {
        let c = corpus_with(&[("a.txt", b"In 1953.")]);
        let file = tempfile::NamedTempFile::new().unwrap();
        let o = run(c.path(), &file.path().join("sub"), &[]);
        assert_eq!(o.status.code(), Some(2));
        assert!(stderr(&o).contains("cannot write output"), "{}", stderr(&o));
    }

    #[test]
    fn bad_option_files_are_fatal() {
        let c = corpus_with(&[("a.txt", b"In 1953.")]);
        let out = tempfile::tempdir().unwrap();
        let o = run(c.path(), out.path(), &["--doc-dates", "/no/such.csv"]);
        assert_eq!(o.status.code(), Some(2));
        let o = run(c.path(), out.path(), &["--lexicon", "/no/such.csv"]);
        assert_eq!(o.status.code(), Some(2));
    }
}

mod interrupt {
    use super::util::*;
    use std::collections::BTreeMap;
    use std::fs;
    use std::path::Path;
    use std::time::{Duration, Instant};

    use sourcefacts::pipeline::PRODUCED;

    fn snapshot(dir: &Path) -> BTreeMap<String, Vec<u8>> {
        PRODUCED
            .iter()
            .map(|n| (n.to_string(), fs::read(dir.join(n)).unwrap_or_default()))
            .collect()
    }

    fn copies(n: usize) -> tempfile::TempDir {
        let dir = tempfile::tempdir().unwrap();
        for e in fs::read_dir(repo_corpus()).unwrap() {
            let p = e.unwrap().path();
            let text = fs::read(&p).unwrap();
            for i in 0..n {
                let name = format!("{}_{i}.txt", p.file_stem().unwrap().to_string_lossy());
                fs::write(dir.path().join(name), &text).unwrap();
            }
        }
        dir
    }

    /// Kills runs at spread-out moments (SIGKILL and SIGINT alternately) and
    /// checks that the output folder always holds exactly the previous set
    /// or exactly the new one, never a mix and never a partial table.
    #[test]
    fn killed_runs_leave_the_old_set_or_the_new_set() {
        let old_corpus = copies(1);
        let new_corpus = copies(30);
        let out_root = tempfile::tempdir().unwrap();
        let out = out_root.path().join("out");
        let reference = tempfile::tempdir().unwrap();
        let started = Instant::now();
        assert!(run(new_corpus.path(), reference.path(), &[])
            .status
            .success());
        let full = started.elapsed();
        let new_set = snapshot(reference.path());
        let mut seen = (0, 0);
        let mut interrupted = 0;
        let mut seed: u64 = 7;
        for round in 0..12 {
            assert!(run(old_corpus.path(), &out, &[]).status.success());
            let old_set = snapshot(&out);
            seed = seed.wrapping_mul(6_364_136_223_846_793_005).wrapping_add(1);
            let frac = (seed >> 33) as f64 / (1u64 << 31) as f64;
            // Kill points spread from 5% to 150% of a full run, with jitter.
            let delay = full.mul_f64((0.05 + 1.45 * round as f64 / 11.0) * (0.9 + 0.2 * frac));
            let mut child = bin()
                .arg("run")
                .arg(new_corpus.path())
                .arg("--out")
                .arg(&out)
                .arg("--quiet")
                .spawn()
                .unwrap();
            std::thread::sleep(delay.min(Duration::from_secs(20)));
            if round % 2 == 0 {
                let _ = child.kill(); // SIGKILL
            } else {
                // SIGINT, as Ctrl-C sends it.
                let _ = std::process::Command::new("kill")
                    .args(["-s", "INT", &child.id().to_string()])
                    .status();
            }
            let status = child.wait().unwrap();
            if round % 2 == 1 {
                // Ctrl-C ends a run cleanly: exit 130 and no staging folder
                // left, unless the run had already finished.
                assert!(matches!(status.code(), Some(130) | Some(0)), "{status:?}");
                if status.code() == Some(130) {
                    interrupted += 1;
                    let strays = fs::read_dir(out_root.path()).unwrap().count();
                    assert_eq!(strays, 1, "round {round}: staging left after SIGINT");
                }
            }
            let now = snapshot(&out);
            if now == old_set {
                seen.0 += 1;
            } else if now == new_set {
                seen.1 += 1;
            } else {
                let differing: Vec<&String> = now
                    .keys()
                    .filter(|k| now[*k] != old_set[*k] && now[*k] != new_set[*k])
                    .collect();
                panic!("round {round}: output is a mix after a kill at {delay:?}: {differing:?}");
            }
            let strays: Vec<String> = fs::read_dir(out_root.path())
                .unwrap()
                .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
                .filter(|n| n != "out")
                .collect();
            // A killed run may leave its staging folder; the next run removes it.
            assert!(strays.len() <= 1, "{strays:?}");
        }
        // Make sure both outcomes were exercised, or the test proves little.
        assert!(seen.0 > 0 && seen.1 > 0, "old/new outcomes seen: {seen:?}");
        assert!(interrupted > 0, "no SIGINT landed before a run finished");
    }
}

mod incremental {
    use super::util::*;
    use sourcefacts::pipeline::PRODUCED;
    use std::fs;

    fn files(dir: &std::path::Path) -> Vec<(String, Vec<u8>)> {
        PRODUCED
            .iter()
            .map(|n| (n.to_string(), fs::read(dir.join(n)).unwrap_or_default()))
            .collect()
    }

    fn summary(o: &std::process::Output) -> String {
        String::from_utf8_lossy(&o.stdout).into_owned()
    }

    /// Documents added, changed and removed between runs: the incremental
    /// run reuses the unchanged ones and writes exactly what a full run
    /// writes.
    #[test]
    fn incremental_run_equals_full_run() {
        let corpus = tempfile::tempdir().unwrap();
        for e in fs::read_dir(repo_corpus()).unwrap() {
            let p = e.unwrap().path();
            fs::copy(&p, corpus.path().join(p.file_name().unwrap())).unwrap();
        }
        let out = tempfile::tempdir().unwrap();
        let o = run(corpus.path(), out.path(), &[]);
        assert!(summary(&o).contains("0 reused"), "{}", summary(&o));
        let o = run(corpus.path(), out.path(), &[]);
        assert!(summary(&o).contains("5 reused"), "{}", summary(&o));

        // Change one, remove one, add one.
        let changed = corpus.path().join("000_e81f729d105963f4.txt");
        let mut text = fs::read_to_string(&changed).unwrap();
        text.push_str("\nIn 2031 some 30,000 U.S. troops were stationed in South Korea.\n");
        fs::write(&changed, text).unwrap();
        fs::remove_file(corpus.path().join("004_8ac3c3ce1d3d03cb.txt")).unwrap();
        fs::write(
            corpus.path().join("new.txt"),
            "The Nuclear Consultative Group (NCG) met in July 2024.",
        )
        .unwrap();

        let o = run(corpus.path(), out.path(), &[]);
        assert!(o.status.success(), "{}", stderr(&o));
        assert!(summary(&o).contains("3 reused"), "{}", summary(&o));
        let full = tempfile::tempdir().unwrap();
        let o = run(corpus.path(), full.path(), &["--full"]);
        assert!(summary(&o).contains("0 reused"), "{}", summary(&o));
        assert_eq!(files(out.path()), files(full.path()));
        // The removed document is gone from every table.
        let docs = read_table(out.path(), "documents.csv");
        assert!(!docs.iter().any(|d| d["doc"].starts_with("004")));
        assert!(read_table(out.path(), "troops.csv")
            .iter()
            .any(|t| t["value"] == "30000"));
    }

    /// `--no-cache` writes the same tables and no cache; the next run
    /// then extracts everything.
    #[test]
    fn no_cache_writes_the_same_tables_and_no_cache() {
        let out = tempfile::tempdir().unwrap();
        let plain = tempfile::tempdir().unwrap();
        let o = run(&repo_corpus(), out.path(), &[]);
        assert!(o.status.success(), "{}", stderr(&o));
        let o = run(&repo_corpus(), out.path(), &["--no-cache"]);
        assert!(summary(&o).contains("5 reused"), "{}", summary(&o));
        assert!(!out.path().join(sourcefacts::cache::CACHE_FILE).exists());
        let o = run(&repo_corpus(), plain.path(), &["--full"]);
        assert!(o.status.success(), "{}", stderr(&o));
        let tables = |d: &std::path::Path| {
            let mut f = files(d);
            f.retain(|(n, _)| n != sourcefacts::cache::CACHE_FILE);
            f
        };
        assert_eq!(tables(out.path()), tables(plain.path()));
        let o = run(&repo_corpus(), out.path(), &[]);
        assert!(summary(&o).contains("0 reused"), "{}", summary(&o));
    }

    #[test]
    fn changed_options_invalidate_the_cache() {
        let out = tempfile::tempdir().unwrap();
        assert!(run(&repo_corpus(), out.path(), &[]).status.success());
        let o = run(&repo_corpus(), out.path(), &["--vague"]);
        assert!(summary(&o).contains("0 reused"), "{}", summary(&o));
        let o = run(&repo_corpus(), out.path(), &["--vague"]);
        assert!(summary(&o).contains("5 reused"), "{}", summary(&o));
    }
}

mod metadata {
    use super::util::*;

    /// One publisher's successive reports read as a series in figures.csv
    /// (changes, no conflict); another publisher stating the present
    /// within the window conflicts.
    #[test]
    fn figures_read_as_series_and_publishers_are_compared() {
        let dir = tempfile::tempdir().unwrap();
        let c = dir.path().join("c");
        std::fs::create_dir_all(&c).unwrap();
        let report = |date: &str, n: &str| {
            format!("---\ndate: {date}\nsource_url: https://letters.example.gov/{date}\n---\nApproximately {n} United States military personnel are deployed to Jordan.\n")
        };
        std::fs::write(c.join("r1.md"), report("2021-06-08", "2,976")).unwrap();
        std::fs::write(c.join("r2.md"), report("2021-12-07", "3,147")).unwrap();
        std::fs::write(
            c.join("wire.md"),
            "---\ndate: 2022-01-10\nsource_url: https://wire.example.com/jordan\n---\nSome 4,600 U.S. troops are deployed to Jordan.\n",
        )
        .unwrap();
        let out = dir.path().join("out");
        assert!(run(&c, &out, &[]).status.success());
        let figures = read_table(&out, "figures.csv");
        let series: Vec<(&str, &str, &str)> = figures
            .iter()
            .map(|r| {
                (
                    r["publisher"].as_str(),
                    r["value"].as_str(),
                    r["change"].as_str(),
                )
            })
            .collect();
        assert_eq!(
            series,
            [
                ("letters.example.gov", "2976", ""),
                ("letters.example.gov", "3147", "up 171 since 2021-06-08"),
                ("wire.example.com", "4600", ""),
            ]
        );
        assert!(figures
            .iter()
            .all(|r| r["place"] == "Jordan" && r["force"] == "United States"));
        let conflicts = read_table(&out, "conflicts.csv");
        let docs: Vec<(&str, &str)> = conflicts
            .iter()
            .map(|r| (r["doc_a"].as_str(), r["doc_b"].as_str()))
            .collect();
        assert_eq!(docs, [("r2.md", "wire.md")], "{conflicts:?}");
    }

    /// Front matter dates its document and gives its title and address;
    /// a header date comes next, a date in the path last.
    #[test]
    fn document_dates_by_precedence_with_title_and_address() {
        let dir = tempfile::tempdir().unwrap();
        let c = dir.path().join("c");
        std::fs::create_dir_all(c.join("posts")).unwrap();
        std::fs::write(
            c.join("posts/2019-03-01-visit.md"),
            "---\ntitle: Port Visit\ndate: 2020-05-06\nsource_url: https://example.org/port-visit\n---\nThe frigate left last year.\n",
        )
        .unwrap();
        std::fs::write(
            c.join("2021-06-08-letter.md"),
            "A letter\n\nThe envoy arrived last year.\n",
        )
        .unwrap();
        std::fs::write(
            c.join("2021-06-08-note.md"),
            "Published: 3 May 2022\n\nThe envoy arrived last year.\n",
        )
        .unwrap();
        let out = dir.path().join("out");
        assert!(run(&c, &out, &[]).status.success());
        let docs = read_table(&out, "documents.csv");
        let row = |doc: &str| docs.iter().find(|r| r["doc"] == doc).unwrap().clone();
        let visit = row("posts/2019-03-01-visit.md");
        assert_eq!(
            (
                visit["doc_date"].as_str(),
                visit["doc_date_source"].as_str()
            ),
            ("2020-05-06", "front_matter")
        );
        assert_eq!(visit["title"], "Port Visit");
        assert_eq!(visit["source_url"], "https://example.org/port-visit");
        let letter = row("2021-06-08-letter.md");
        assert_eq!(
            (
                letter["doc_date"].as_str(),
                letter["doc_date_source"].as_str()
            ),
            ("2021-06-08", "path")
        );
        let note = row("2021-06-08-note.md");
        assert_eq!(
            (note["doc_date"].as_str(), note["doc_date_source"].as_str()),
            ("2022-05-03", "header")
        );
        // Relative dates resolve against the chosen date.
        let dates = read_table(&out, "dates.csv");
        let last_year = |doc: &str| {
            dates
                .iter()
                .find(|r| r["doc"] == doc && r["text"] == "last year")
                .map(|r| r["value"].clone())
        };
        assert_eq!(
            last_year("posts/2019-03-01-visit.md").as_deref(),
            Some("2019")
        );
        assert_eq!(last_year("2021-06-08-letter.md").as_deref(), Some("2020"));
        assert_eq!(last_year("2021-06-08-note.md").as_deref(), Some("2021"));
    }
}

mod cli {
    use super::util::*;

    #[test]
    fn help_documents_every_option() {
        let o = bin().args(["run", "--help"]).output().unwrap();
        let help = String::from_utf8_lossy(&o.stdout);
        for opt in [
            "--raw-csv",
            "--full",
            "--out",
            "--strict",
            "--threads",
            "--vague",
            "--doc-dates",
            "--lexicon",
            "--quiet",
        ] {
            assert!(help.contains(opt), "{opt} missing from --help");
        }
    }

    #[test]
    fn doc_dates_override_and_resolve_relative_dates() {
        let dir = tempfile::tempdir().unwrap();
        std::fs::write(dir.path().join("a.txt"), "Last year the budget grew.").unwrap();
        let dates = dir.path().join("dd.csv");
        std::fs::write(&dates, "doc,date\na.txt,2025-11-19\n").unwrap();
        let out = tempfile::tempdir().unwrap();
        let corpus = dir.path();
        let o = run(
            corpus,
            out.path(),
            &["--doc-dates", dates.to_str().unwrap()],
        );
        assert!(o.status.success(), "{}", stderr(&o));
        let d = read_table(out.path(), "dates.csv");
        assert_eq!(d.len(), 1);
        assert_eq!(
            (d[0]["text"].as_str(), d[0]["value"].as_str()),
            ("Last year", "2024")
        );
        let docs = read_table(out.path(), "documents.csv");
        let a = docs.iter().find(|r| r["doc"] == "a.txt").unwrap();
        assert_eq!(
            (a["doc_date"].as_str(), a["doc_date_source"].as_str()),
            ("2025-11-19", "user")
        );
    }
}

/// Documents of our own in styles the sample corpus lacks (a joint
/// statement, a wire story, an encyclopedia page, a think-tank brief). Each
/// once exposed general failures; these checks keep them fixed.
mod probes {
    use super::util::*;
    use std::path::Path;

    fn rows_of<'t>(t: &'t Table, doc: &str) -> Vec<&'t std::collections::HashMap<String, String>> {
        t.iter().filter(|r| r["doc"] == doc).collect()
    }

    /// Asserts a document has each (text, value) among its dates.
    fn has_dates(dates: &Table, doc: &str, want: &[(&str, &str)]) {
        let d = rows_of(dates, doc);
        for (text, value) in want {
            assert!(
                d.iter().any(|r| r["text"] == *text && r["value"] == *value),
                "{doc}: {text} = {value}"
            );
        }
    }

    /// The `text` cells of a document's rows.
    fn texts_of<'t>(t: &'t Table, doc: &str) -> Vec<&'t str> {
        rows_of(t, doc)
            .into_iter()
            .map(|r| r["text"].as_str())
            .collect()
    }

    #[test]
    fn probe_documents_give_the_facts_a_reader_sees() {
        let corpus = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/probes");
        let out = tempfile::tempdir().unwrap();
        let o = run(&corpus, out.path(), &["--quiet"]);
        assert!(o.status.success(), "{}", stderr(&o));
        let docs = read_table(out.path(), "documents.csv");
        let date_of = |d: &str| {
            docs.iter()
                .find(|r| r["doc"] == d)
                .map(|r| r["doc_date"].clone())
                .unwrap()
        };
        // Dateline and byline dates.
        assert_eq!(date_of("joint_statement.txt"), "2024-05-03");
        assert_eq!(date_of("wire_story.txt"), "2023-06-26");

        let dates = read_table(out.path(), "dates.csv");
        let wire = rows_of(&dates, "wire_story.txt");
        let has = |rows: &[&std::collections::HashMap<String, String>], text: &str, value: &str| {
            rows.iter()
                .any(|r| r["text"] == text && r["value"] == value)
        };
        assert!(has(&wire, "last year", "2022"));
        assert!(has(&wire, "2026", "2026"), "mid-2026");
        let brief = rows_of(&dates, "think_tank_brief.txt");
        assert!(!brief.iter().any(|r| r["text"].contains("year on")));

        let troops = read_table(out.path(), "troops.csv");
        let t = rows_of(&troops, "wire_story.txt");
        assert!(t
            .iter()
            .any(|r| r["value"] == "4000" && r["force"] == "Germany"));
        assert!(t.iter().any(|r| r["value"] == "183000"));
        let t = rows_of(&troops, "encyclopedia.md");
        assert!(t
            .iter()
            .all(|r| !r["location"].contains("War") && !r["location"].contains("Today")));

        let acronyms = read_table(out.path(), "acronyms.csv");
        assert!(acronyms.iter().any(|r| r["short"] == "ANZUS"
            && r["long"] == "Australia, New Zealand and United States Security Treaty"));

        let bodies = read_table(out.path(), "bodies.csv");
        let named = |text: &str| bodies.iter().any(|r| r["text"] == text);
        assert!(named("Camp Melchor Dela Cruz"));
        assert!(named("German Marshall Fund"));
        assert!(named("Congressional Budget Office"));
        assert!(!bodies.iter().any(|r| r["text"].contains("Release Date")));
        let entity = |text: &str| {
            bodies
                .iter()
                .find(|r| r["text"] == text)
                .map(|r| r["entity_id"].clone())
                .unwrap()
        };
        assert_ne!(
            entity("Wellington Declaration"),
            entity("Washington Declaration")
        );

        // A press release: a banner line, a title-case headline, a
        // hyphenated unit name, a prefixed exercise, a contributing force.
        let release: Vec<&str> = texts_of(&bodies, "press_release.txt");
        assert!(
            release.contains(&"U.S. Department of Defense"),
            "{release:?}"
        );
        assert!(!release
            .iter()
            .any(|b| b.contains("RELEASE") || b.contains("Announces")));
        assert!(release.contains(&"Marine Rotational Force-Darwin"));
        assert!(release.contains(&"Exercise Southern Jackaroo"));
        let t = rows_of(&troops, "press_release.txt");
        assert!(t
            .iter()
            .any(|r| r["value"] == "1200" && r["force"] == "Japan Ground Self-Defense Force"));
        assert!(t
            .iter()
            .any(|r| r["value"] == "2500" && r["as_of"] == "2026"));

        // A news story in markdown: an italic byline with place and date,
        // a day range, a long form that runs past its head to a place.
        assert_eq!(date_of("nato_news.md"), "2025-06-26");
        let news = rows_of(&dates, "nato_news.md");
        assert!(has(&news, "this month", "2025-06"));
        assert!(has(
            &news,
            "11\u{2013}12 July 2023",
            "2023-07-11/2023-07-12"
        ));
        assert!(rows_of(&bodies, "nato_news.md")
            .iter()
            .any(|r| r["text"] == "Supreme Headquarters Allied Powers Europe"
                && r["type"] == "military"));

        // A briefing transcript: speaker labels, questions, a title line
        // naming the genre after the body.
        assert_eq!(date_of("briefing_transcript.txt"), "2024-05-14");
        let brief = rows_of(&dates, "briefing_transcript.txt");
        assert!(has(&brief, "last Friday", "2024-05-10"));
        assert!(has(&brief, "May 20", "2024-05-20"));
        let b = rows_of(&bodies, "briefing_transcript.txt");
        assert!(b.iter().any(|r| r["text"] == "Department of Defense"));
        assert!(!b
            .iter()
            .any(|r| r["text"].contains("Briefing") || r["text"].contains("SECRETARY")));
        let t = rows_of(&troops, "briefing_transcript.txt");
        assert!(t.iter().any(|r| r["value"] == "100000"
            && r["qualifier"] == "approx"
            && r["location"] == "Europe"));

        // A policy analysis: a header line of fields ending in the date, a
        // treaty named with its year, a head with a complement.
        assert_eq!(date_of("policy_analysis.txt"), "2024-12-12");
        let pa = rows_of(&dates, "policy_analysis.txt");
        assert!(has(&pa, "14 December", "2024-12-14"));
        assert!(pa
            .iter()
            .any(|r| r["text"] == "1953" && r["subject"] == "Mutual Defense Treaty"));
        let t = rows_of(&troops, "policy_analysis.txt");
        assert!(t
            .iter()
            .any(|r| r["value"] == "28500" && r["as_of"] != "1953"));
        assert!(
            rows_of(&bodies, "policy_analysis.txt")
                .iter()
                .any(|r| r["text"] == "Institute for National Security Strategy"
                    && r["type"] == "org")
        );

        // A fact sheet: label lines and a personnel table.
        let t = rows_of(&troops, "fact_sheet.txt");
        assert!(t
            .iter()
            .any(|r| r["text"] == "20,000" && r["force"] == "Navy" && r["as_of"] == "2024-09"));
        assert!(t
            .iter()
            .any(|r| r["value"] == "54000" && r["qualifier"] == "approx"));

        // A British speech: a `Delivered on` line, relative dates against
        // it, a financial year.
        assert_eq!(date_of("speech_uk.txt"), "2024-06-18");
        let sp = rows_of(&dates, "speech_uk.txt");
        assert!(has(&sp, "two years ago", "2022"));
        assert!(has(&sp, "Last month", "2024-05"));
        assert!(has(&sp, "2023/24", "2023/2024"));

        // A wire story whose dateline names its agency.
        assert_eq!(date_of("wire_taiwan.txt"), "2025-04-02");
        let wt = rows_of(&dates, "wire_taiwan.txt");
        assert!(has(&wt, "last October", "2024-10"));
        let b = rows_of(&bodies, "wire_taiwan.txt");
        assert!(b
            .iter()
            .any(|r| r["text"] == "American Institute in Taiwan"));
        assert!(b
            .iter()
            .any(|r| r["text"] == "International Institute for Strategic Studies"));

        // A timeline: a month-day takes the year that opens its line; a
        // scale word alone is no troop count.
        let tl = rows_of(&dates, "timeline.md");
        assert!(has(&tl, "August 30", "1951-08-30"));
        assert!(!rows_of(&troops, "timeline.md")
            .iter()
            .any(|r| r["text"].contains("hundred")));

        // A legislative research note: a title ending `Issues for Congress`.
        let crs = rows_of(&bodies, "crs_insight.txt");
        assert!(!crs.iter().any(|r| r["text"].contains("Issues")));
        assert!(crs
            .iter()
            .any(|r| r["text"] == "House Armed Services Committee"));

        // A ministry release: slash ISO date header, an action noun before
        // a body's name.
        assert_eq!(date_of("japan_mod.txt"), "2025-03-24");
        let jm = rows_of(&bodies, "japan_mod.txt");
        assert!(jm
            .iter()
            .any(|r| r["text"] == "Japan Joint Operations Command"));
        assert!(!jm.iter().any(|r| r["text"].starts_with("Establishment")));

        // Counts of people who are not troops stay out; troops stay in.
        let nt: Vec<&str> = rows_of(&troops, "numbers_not_troops.txt")
            .iter()
            .map(|r| r["value"].as_str())
            .collect();
        for not_troops in [
            "12000", "3000", "1500", "300", "150", "400", "5000", "2300", "40",
        ] {
            assert!(!nt.contains(&not_troops), "{not_troops} in {nt:?}");
        }
        for troops in ["3500", "2000", "15000", "7000"] {
            assert!(nt.contains(&troops), "{troops} not in {nt:?}");
        }

        // Definition forms of legal and arms-control texts.
        let has_def = |short: &str, long: &str| {
            acronyms.iter().any(|r| {
                r["doc"] == "acronym_forms.txt" && r["short"] == short && r["long"] == long
            })
        };
        assert!(has_def("ROK", "Republic of Korea"));
        assert!(has_def(
            "NPT",
            "Treaty on the Non-Proliferation of Nuclear Weapons"
        ));
        assert!(has_def("THAAD", "Terminal High Altitude Area Defense"));

        // A government media release: its date sits between two header
        // fields; months count back from it; two treaties joined by `and
        // the` are two.
        assert_eq!(date_of("aukus_statement.txt"), "2023-03-14");
        let aukus = rows_of(&dates, "aukus_statement.txt");
        assert!(has(&aukus, "Eighteen months ago", "2021-09"));
        assert!(has(&aukus, "next year", "2024"));
        let aukus_bodies: Vec<&str> = texts_of(&bodies, "aukus_statement.txt");
        assert!(aukus_bodies.contains(&"South Pacific Nuclear Free Zone Treaty"));
        assert!(!aukus_bodies.iter().any(|b| b.contains("Weapons and")));
        // Congressional posture testimony: a numbered unit stationed `on` a
        // place keeps its number and drops the place.
        assert_eq!(date_of("posture_testimony.txt"), "2024-03-20");
        let posture: Vec<&str> = texts_of(&bodies, "posture_testimony.txt");
        assert!(
            posture.contains(&"12th Marine Littoral Regiment"),
            "{posture:?}"
        );
        let t = rows_of(&troops, "posture_testimony.txt");
        assert!(t
            .iter()
            .any(|r| r["value"] == "28500" && r["force"] == "United States Forces Korea"));
        // `In Japan, USFJ comprises about 54,000 ...`: the opening place.
        assert!(t
            .iter()
            .any(|r| r["value"] == "54000" && r["location"] == "Japan"));
        // The division is the sentence's subject, across an appositive.
        assert!(rows_of(&troops, "think_tank_brief.txt")
            .iter()
            .any(|r| r["value"] == "15000" && r["force"] == "2nd Infantry Division"));

        // A summit declaration: the date ends an `Issued by ...` line, and
        // an anniversary with no founding year in the text is the one being
        // marked, in the declaration's year (never a guess such as 2099).
        assert_eq!(date_of("nato_declaration.txt"), "2024-07-10");
        let nato = rows_of(&dates, "nato_declaration.txt");
        let anniversary = nato
            .iter()
            .find(|r| r["text"] == "75th anniversary")
            .expect("the anniversary is read");
        assert_eq!(anniversary["value"], "2024");
        // An encyclopedia page: a numbered fleet after a country prefix.
        let wiki: Vec<&str> = texts_of(&bodies, "rimpac_wiki.md");
        assert!(wiki.contains(&"3rd Fleet"), "{wiki:?}");
        assert!(wiki.contains(&"Rim of the Pacific Exercise"), "{wiki:?}");

        // A research paper as PDF extraction gives it: hard-wrapped lines,
        // footnote marks glued to years, a running page header.
        let t = rows_of(&troops, "pdf_research_paper.txt");
        let figure = |value: &str| t.iter().find(|r| r["value"] == value).copied();
        assert!(figure("2022").is_none(), "a year with its footnote mark");
        assert_eq!(figure("10000").unwrap()["location"], "Poland");
        assert_eq!(figure("4800").unwrap()["force"], "45th Panzer Brigade");
        assert!(t.iter().all(|r| !r["force"].contains('\n')));
        let paper: Vec<&str> = texts_of(&bodies, "pdf_research_paper.txt");
        assert!(!paper.iter().any(|b| b.contains("New Force")), "{paper:?}");
        // A news page in markdown: an `Updated:` line with a time of day
        // dates the story, so `on Wednesday` resolves.
        assert_eq!(date_of("india_news.md"), "2023-11-08");
        assert!(has(
            &rows_of(&dates, "india_news.md"),
            "Wednesday",
            "2023-11-08"
        ));
        let india: Vec<&str> = texts_of(&bodies, "india_news.md");
        assert!(india.contains(&"Naval Base Camilo Osias"), "{india:?}");
        assert!(
            india.contains(&"Security of Supply Arrangement"),
            "{india:?}"
        );
        // An EU question-and-answer page: a named installation (without
        // the place it is in), a staff named by its acronym, an operation
        // owning its troops.
        let eu: Vec<&str> = texts_of(&bodies, "eu_faq.md");
        assert!(eu.contains(&"Rota Naval Base"), "{eu:?}");
        assert!(eu.contains(&"EUMS"), "{eu:?}");
        assert!(rows_of(&troops, "eu_faq.md")
            .iter()
            .any(|r| r["value"] == "1100" && r["force"] == "EUFOR"));
        let t = rows_of(&troops, "india_news.md");
        assert!(t
            .iter()
            .any(|r| r["value"] == "17600" && r["force"].is_empty()));
        // A UN fact sheet: a table row's force and place, a data date in
        // its header and a dotted date, a count of countries that is no
        // troop figure, defined missions that end in a place.
        let t = rows_of(&troops, "un_peacekeeping.md");
        assert!(t.iter().any(|r| r["text"] == "10,058"
            && r["force"] == "UNIFIL"
            && r["location"] == "Lebanon"
            && r["as_of"] == "2024-03-31"));
        assert!(t
            .iter()
            .any(|r| r["value"] == "3000" && r["force"] == "FIB"));
        assert!(!t.iter().any(|r| r["value"] == "49"));
        let d = rows_of(&dates, "un_peacekeeping.md");
        assert!(d
            .iter()
            .any(|r| r["text"] == "31.03.2024" && r["value"] == "2024-03-31"));
        assert!(d
            .iter()
            .any(|r| r["text"] == "Last year" && r["value"] == "2023"));
        let un: Vec<&str> = texts_of(&bodies, "un_peacekeeping.md");
        assert!(
            un.contains(&"United Nations Interim Force in Lebanon"),
            "{un:?}"
        );
        assert!(un.contains(&"UNMISS"), "{un:?}");
        assert!(!un.iter().any(|b| b.contains("Head of")), "{un:?}");
        // A parliamentary debate: the sitting's date dates the document,
        // so `last week` and `this spring` resolve; modifiers before a noun.
        has_dates(
            &dates,
            "hansard_debate.txt",
            &[
                ("last week", "2024-W10"),
                ("this spring", "2024-SP"),
                ("4 February", "2024-02-04"),
            ],
        );
        assert!(rows_of(&troops, "hansard_debate.txt")
            .iter()
            .any(|r| r["value"] == "75983" && r["force"] == "Regular Army"));
        assert!(rows_of(&bodies, "hansard_debate.txt")
            .iter()
            .any(|r| r["text"] == "Defence Committee"));
        // A wire story with a reference list: a host country is the place,
        // a deadline is no as-of date, a lexicon name with its country
        // prefix keeps its canonical name through the definition.
        let t = rows_of(&troops, "news_drawdown.txt");
        assert!(t
            .iter()
            .any(|r| r["value"] == "35000" && r["location"] == "Germany"));
        assert!(t
            .iter()
            .any(|r| r["value"] == "4800" && r["as_of"] == "2025-02-14"));
        assert!(t.iter().any(|r| r["value"] == "3000"
            && r["value_high"] == "5000"
            && r["qualifier"] == "range"));
        assert!(rows_of(&bodies, "news_drawdown.txt")
            .iter()
            .any(|r| r["text"] == "EUCOM" && r["canonical"] == "United States European Command"));
        // An encyclopedia page with an infobox: its personnel rows count
        // the force it is about; a fiscal year across two years; bases
        // listed with `and`, one named after a short form.
        let t = rows_of(&troops, "adf_wiki.md");
        assert!(t.iter().any(|r| r["text"] == "59,095"
            && r["force"] == "Australian Defence Force"
            && r["as_of"] == "2022/2023"));
        assert!(t
            .iter()
            .any(|r| r["value"] == "2500" && r["location"] == "Darwin"));
        assert!(rows_of(&dates, "adf_wiki.md")
            .iter()
            .any(|r| r["text"] == "FY2023\u{2013}24" && r["value"] == "2023/2024"));
        let b: Vec<&str> = texts_of(&bodies, "adf_wiki.md");
        for want in [
            "RAAF Base Tindal",
            "Lavarack Barracks",
            "Robertson Barracks",
        ] {
            assert!(b.contains(&want), "{want} not in {b:?}");
        }
        // State media: a header field with a time dates the story, so the
        // dateline's `April 2` and `last year` resolve; `its armed forces`
        // are the subject's; a defined name takes in its demonym.
        has_dates(
            &dates,
            "pla_drills.txt",
            &[("April 2", "2025-04-02"), ("last year", "2024")],
        );
        assert!(rows_of(&troops, "pla_drills.txt")
            .iter()
            .any(|r| r["value"] == "21000" && r["force"] == "Taiwan"));
        let b: Vec<&str> = texts_of(&bodies, "pla_drills.txt");
        assert!(b.contains(&"Chinese People's Liberation Army"), "{b:?}");
        assert!(b.contains(&"Eastern Theater Command"), "{b:?}");
        // A conflict update: a state between a body and the figure owns it;
        // a numbered army is its own body.
        assert!(rows_of(&troops, "isw_update.md")
            .iter()
            .any(|r| r["value"] == "1500000" && r["force"] == "Russia"));
        assert!(rows_of(&bodies, "isw_update.md")
            .iter()
            .any(|r| r["text"] == "58th Combined Arms Army"));
        // A translated Korean release: a year-first dotted date dates it,
        // so the days of its month named by ordinal (`on the 19th`) resolve.
        has_dates(
            &dates,
            "mnd_release.txt",
            &[
                ("2024. 8. 19.", "2024-08-19"),
                ("29th", "2024-08-29"),
                ("last year", "2023"),
            ],
        );
        // A PDF-extracted table aligned with spaces, its caption naming
        // whose personnel; labelled lines of a fact list.
        let t = rows_of(&troops, "table_text.txt");
        assert!(t.iter().any(|r| r["text"] == "53,246"
            && r["force"] == "U.S."
            && r["location"] == "Japan"
            && r["as_of"] == "2024-09"));
        assert!(t
            .iter()
            .any(|r| r["text"] == "28,500" && r["unit"] == "troops"));
        // A contracts page: a shouted dated title dates it; companies and
        // an arsenal are bodies, no figure comes from dollar amounts.
        let d = rows_of(&dates, "dod_contracts.txt");
        assert!(d
            .iter()
            .any(|r| r["text"] == "JAN. 17, 2025" && r["value"] == "2025-01-17"));
        let b = texts_of(&bodies, "dod_contracts.txt");
        for want in [
            "Lockheed Martin Corp.",
            "Redstone Arsenal",
            "Naval Sea Systems Command",
        ] {
            assert!(b.contains(&want), "{want} not in {b:?}");
        }
        assert!(rows_of(&troops, "dod_contracts.txt").is_empty());
        // A joint statement whose place line dates it: a future `April`
        // resolves; a board is a body.
        has_dates(&dates, "ph_statement.txt", &[("April", "2025-04")]);
        let b = texts_of(&bodies, "ph_statement.txt");
        assert!(
            b.contains(&"Mutual Defense Board-Security Engagement Board"),
            "{b:?}"
        );
        // A think-tank paper on an allied brigade: list items labelled with
        // countries place their figures; a state after `led by` owns
        // nothing; a month paired with a dated one takes its year.
        let t = rows_of(&troops, "baltic_brigade.md");
        let figure = |value: &str| t.iter().find(|r| r["value"] == value).unwrap();
        assert_eq!(figure("900")["location"], "Estonia");
        assert_eq!(
            (
                figure("2200")["force"].as_str(),
                figure("2200")["location"].as_str()
            ),
            ("Canada", "Latvia")
        );
        assert_eq!(figure("1000")["force"], "NATO");
        has_dates(&dates, "baltic_brigade.md", &[("January", "2024-01")]);
        let b = texts_of(&bodies, "baltic_brigade.md");
        for want in [
            "Seimas",
            "Bundestag",
            "Baltic Defence College",
            "Steadfast Defender",
        ] {
            assert!(b.contains(&want), "{want} not in {b:?}");
        }
        // A wire story: counts without their noun, a base that stops at
        // its name, a strike group as a formation.
        let t = rows_of(&troops, "centcom_news.txt");
        let at = |value: &str| {
            t.iter()
                .find(|r| r["value"] == value)
                .map(|r| (r["force"].as_str(), r["location"].as_str()))
        };
        assert_eq!(at("43000"), Some(("U.S.", "Middle East")));
        assert_eq!(at("900"), Some(("U.S.", "Syria")));
        let b = rows_of(&bodies, "centcom_news.txt");
        let kind = |text: &str| {
            b.iter()
                .find(|r| r["text"] == text)
                .map(|r| r["type"].as_str())
        };
        assert_eq!(kind("MacDill Air Force Base"), Some("installation"));
        assert_eq!(
            kind("USS Abraham Lincoln Carrier Strike Group"),
            Some("military")
        );
        assert_eq!(kind("Hezbollah"), Some("military"));
        // A report with plain-text headings: no name runs out of one; a
        // plan's year and a month are neither as-of date nor place.
        let b = texts_of(&bodies, "crs_infocus.txt");
        assert!(b.iter().all(|n| !n.contains('\n')), "{b:?}");
        for want in [
            "Kadena Air Base",
            "U.S.-Japan Security Consultative Committee",
        ] {
            assert!(b.contains(&want), "{want} not in {b:?}");
        }
        let t = rows_of(&troops, "crs_infocus.txt");
        let marines = t.iter().find(|r| r["value"] == "100").unwrap();
        assert_eq!(
            (marines["location"].as_str(), marines["as_of"].as_str()),
            ("", "2024-12")
        );
        assert!(t.iter().all(|r| r["as_of"] != "2012"), "{t:?}");
        // An official release: a capitals month in its `Posted On` header
        // dates it, and an ordinal day range is one range.
        assert_eq!(date_of("pib_release.txt"), "2024-09-09");
        has_dates(
            &dates,
            "pib_release.txt",
            &[
                ("09th to 22nd September 2024", "2024-09-09/2024-09-22"),
                ("Last year", "2023"),
            ],
        );
    }
}

mod ergonomics {
    use super::util::*;

    /// Tables and reports are created with the user's umask (0644, 0755
    /// for the folder, under the usual 022), not a temporary file's 0600.
    #[cfg(unix)]
    #[test]
    fn outputs_are_readable_by_colleagues() {
        use std::os::unix::fs::PermissionsExt;
        let out = tempfile::tempdir().unwrap();
        let out = out.path().join("o");
        assert!(run(&repo_corpus(), &out, &["--no-cache"]).status.success());
        let mode = |p: &std::path::Path| std::fs::metadata(p).unwrap().permissions().mode() & 0o777;
        // The umask is the process's: read it the portable way, from a
        // file created plainly beside the outputs.
        let probe = out.join("probe");
        std::fs::write(&probe, "x").unwrap();
        let plain = mode(&probe);
        for name in ["dates.csv", "figures.csv", "report.html", "documents.csv"] {
            assert_eq!(mode(&out.join(name)), plain, "{name}");
        }
        assert_eq!(
            mode(&out) & 0o044,
            plain & 0o044,
            "the folder is readable as files are"
        );
    }

    /// A run writing its output inside the corpus does not read it back
    /// on the next run, and says so.
    #[test]
    fn an_output_set_inside_the_corpus_is_not_input() {
        let c = tempfile::tempdir().unwrap();
        std::fs::write(
            c.path().join("a.txt"),
            "About 2,500 U.S. troops remain in Iraq.\n",
        )
        .unwrap();
        let out = c.path().join("out");
        assert!(run(c.path(), &out, &[]).status.success());
        let o = run(c.path(), &out, &[]);
        assert!(o.status.success());
        assert!(
            stderr(&o).contains("not read (they hold a sourcefacts output set): out"),
            "{}",
            stderr(&o)
        );
        let docs = read_table(&out, "documents.csv");
        assert_eq!(
            docs.iter().map(|d| d["doc"].as_str()).collect::<Vec<_>>(),
            ["a.txt"]
        );
        assert_eq!(read_table(&out, "troops.csv").len(), 1);
    }

    /// `sourcefacts DIR` runs DIR; the summary can be silenced apart from
    /// the progress bar.
    #[test]
    fn a_folder_alone_is_run_and_the_summary_can_be_silenced() {
        let out = tempfile::tempdir().unwrap();
        let o = bin()
            .arg(repo_corpus())
            .arg("--out")
            .arg(out.path())
            .arg("--no-summary")
            .output()
            .unwrap();
        assert!(o.status.success(), "{}", stderr(&o));
        assert!(o.stdout.is_empty());
        assert!(out.path().join("dates.csv").is_file());
        let o = bin()
            .arg(repo_corpus())
            .arg("--out")
            .arg(out.path())
            .arg("--quiet")
            .output()
            .unwrap();
        assert!(String::from_utf8_lossy(&o.stdout).contains("sourcefacts: 5 files"));
    }

    /// `--bom` starts every CSV table with a UTF-8 byte-order mark for
    /// Excel; by default none does.
    #[test]
    fn a_byte_order_mark_on_request() {
        let out = tempfile::tempdir().unwrap();
        let starts = |name: &str| std::fs::read(out.path().join(name)).unwrap()[..3].to_vec();
        assert!(run(&repo_corpus(), out.path(), &["--no-cache"])
            .status
            .success());
        assert_ne!(starts("dates.csv"), b"\xEF\xBB\xBF");
        assert!(run(&repo_corpus(), out.path(), &["--no-cache", "--bom"])
            .status
            .success());
        for name in sourcefacts::pipeline::PRODUCED
            .iter()
            .filter(|n| n.ends_with(".csv"))
        {
            assert_eq!(starts(name), b"\xEF\xBB\xBF", "{name}");
        }
    }

    fn doc_dates(rows: &str) -> (tempfile::TempDir, std::process::Output) {
        let dir = tempfile::tempdir().unwrap();
        let csv = dir.path().join("dates.csv");
        std::fs::write(&csv, rows).unwrap();
        let out = dir.path().join("o");
        let o = run(
            &repo_corpus(),
            &out,
            &["--doc-dates", csv.to_str().unwrap()],
        );
        (dir, o)
    }

    /// `--doc-dates` rejects impossible dates and a document dated twice,
    /// with the row, and warns once about rows naming no document.
    #[test]
    fn doc_dates_are_checked_strictly() {
        for (rows, says) in [
            (
                "doc,date\na.txt,2024-13-45\n",
                "row 2: \"2024-13-45\" is not a date",
            ),
            ("doc,date\na.txt,2024-02-30\n", "row 2: \"2024-02-30\""),
            (
                "doc,date\na.txt,2024-02-20\na.txt,2024-02-21\n",
                "row 3: \"a.txt\" is dated twice",
            ),
        ] {
            let (_d, o) = doc_dates(rows);
            assert_eq!(o.status.code(), Some(2), "{rows}");
            assert!(stderr(&o).contains(says), "{rows}: {}", stderr(&o));
        }
        let (_d, o) = doc_dates("doc,date\nnowhere.txt,2024-02-29\nelsewhere.md,2024\n");
        assert!(o.status.success());
        let err = stderr(&o);
        assert_eq!(err.matches("--doc-dates").count(), 1, "{err}");
        assert!(
            err.contains("2 rows name no document: elsewhere.md, nowhere.txt"),
            "{err}"
        );
    }
}

mod formats {
    use super::util::*;
    use sourcefacts::formats::TABLES;

    /// `--format csv,jsonl` writes every table twice with the same rows:
    /// the JSONL rows hold the CSV's cells (unguarded), offsets as numbers.
    #[test]
    fn jsonl_tables_hold_the_csv_rows() {
        let out = tempfile::tempdir().unwrap();
        let o = run(
            &repo_corpus(),
            out.path(),
            &["--format", "csv,jsonl", "--no-cache"],
        );
        assert!(o.status.success(), "{}", stderr(&o));
        for table in TABLES {
            let csv_rows = read_table(out.path(), &format!("{table}.csv"));
            let text =
                std::fs::read_to_string(out.path().join(format!("jsonl/{table}.jsonl"))).unwrap();
            let json_rows: Vec<serde_json::Map<String, serde_json::Value>> = text
                .lines()
                .map(|l| serde_json::from_str(l).unwrap())
                .collect();
            assert_eq!(csv_rows.len(), json_rows.len(), "{table}");
            for (c, j) in csv_rows.iter().zip(&json_rows) {
                for (k, v) in c {
                    let cell = match &j[k] {
                        serde_json::Value::String(s) => s.clone(),
                        serde_json::Value::Null => String::new(),
                        other => other.to_string(),
                    };
                    assert_eq!(unneutralized(v), cell, "{table}.{k}");
                }
            }
            if let Some(first) = json_rows.first() {
                if first.contains_key("start") {
                    assert!(first["start"].is_u64(), "{table}: offsets are numbers");
                }
            }
        }
        // The workbook: one sheet per table, each with the CSV's rows (its
        // header and data rows), no formula anywhere, fact ids as text.
        let o = run(
            &repo_corpus(),
            out.path(),
            &["--format", "xlsx", "--no-cache"],
        );
        assert!(o.status.success(), "{}", stderr(&o));
        let book = std::fs::File::open(out.path().join("sourcefacts.xlsx")).unwrap();
        let mut zip = zip::ZipArchive::new(book).unwrap();
        let mut read = |name: &str| {
            let mut s = String::new();
            std::io::Read::read_to_string(&mut zip.by_name(name).unwrap(), &mut s).unwrap();
            s
        };
        let workbook = read("xl/workbook.xml");
        for (i, table) in TABLES.iter().enumerate() {
            assert!(workbook.contains(&format!("name=\"{table}\"")), "{table}");
            let sheet = read(&format!("xl/worksheets/sheet{}.xml", i + 1));
            let rows = read_table(out.path(), &format!("{table}.csv"));
            assert_eq!(sheet.matches("<row ").count(), rows.len() + 1, "{table}");
            assert!(!sheet.contains("<f>"), "{table}: no formula");
            if let Some(id) = rows.first().and_then(|r| r.get("fact_id")) {
                assert!(
                    sheet.contains(&format!("<t>{id}</t>")),
                    "{table}: ids are text"
                );
            }
        }
        // Parquet: every table with the CSV's rows and cells, offsets as
        // 64-bit integers.
        let o = run(
            &repo_corpus(),
            out.path(),
            &["--format", "parquet", "--no-cache"],
        );
        assert!(o.status.success(), "{}", stderr(&o));
        for table in TABLES {
            use parquet::file::reader::{FileReader, SerializedFileReader};
            let path = out.path().join(format!("parquet/{table}.parquet"));
            let reader = SerializedFileReader::new(std::fs::File::open(&path).unwrap()).unwrap();
            let csv_rows = read_table(out.path(), &format!("{table}.csv"));
            let rows: Vec<parquet::record::Row> = reader
                .get_row_iter(None)
                .unwrap()
                .map(Result::unwrap)
                .collect();
            assert_eq!(rows.len(), csv_rows.len(), "{table}");
            for (p, c) in rows.iter().zip(&csv_rows) {
                for (name, field) in p.get_column_iter() {
                    let cell = match field {
                        parquet::record::Field::Str(s) => s.clone(),
                        parquet::record::Field::Long(n) => n.to_string(),
                        parquet::record::Field::Null => String::new(),
                        other => panic!("{table}.{name}: unexpected {other:?}"),
                    };
                    assert_eq!(unneutralized(&c[name]), cell, "{table}.{name}");
                }
            }
            let schema = reader.metadata().file_metadata().schema_descr();
            if let Some(col) = schema.columns().iter().find(|c| c.name() == "start") {
                assert_eq!(col.physical_type(), parquet::basic::Type::INT64, "{table}");
            }
        }
        // The set's own jsonl folder is replaced with it: a second run
        // works, and one without jsonl leaves none behind.
        assert!(run(&repo_corpus(), out.path(), &["--format", "jsonl"])
            .status
            .success());
        assert!(run(&repo_corpus(), out.path(), &[]).status.success());
        assert!(!out.path().join("jsonl").exists());
        let err = run(&repo_corpus(), out.path(), &["--format", "csv,pdf"]);
        assert_eq!(err.status.code(), Some(2));
        assert!(
            stderr(&err).contains("the formats are csv, jsonl"),
            "{}",
            stderr(&err)
        );
    }
}

/// `extract` on shards and `reduce` of their parts write the set `run`
/// writes: the map and the reduce apart, as Spark runs them.
mod shards {
    use super::util::*;
    use std::path::Path;

    fn tool(args: &[&str], stdin: Option<&str>) -> std::process::Output {
        use std::io::Write;
        let mut child = bin()
            .args(args)
            .stdin(std::process::Stdio::piped())
            .stdout(std::process::Stdio::piped())
            .stderr(std::process::Stdio::piped())
            .spawn()
            .expect("binary runs");
        let mut input = child.stdin.take().unwrap();
        input.write_all(stdin.unwrap_or("").as_bytes()).unwrap();
        drop(input);
        child.wait_with_output().unwrap()
    }

    fn s(p: &Path) -> String {
        p.to_string_lossy().into_owned()
    }

    /// Every file of `a` is in `b` with the same bytes, and no other.
    fn same_sets(a: &Path, b: &Path) {
        let files = |d: &Path| {
            let mut v: Vec<String> = walkdir::WalkDir::new(d)
                .into_iter()
                .filter_map(Result::ok)
                .filter(|e| e.file_type().is_file())
                .map(|e| s(e.path().strip_prefix(d).unwrap()))
                .collect();
            v.sort();
            v
        };
        assert_eq!(files(a), files(b));
        for f in files(a) {
            assert!(
                std::fs::read(a.join(&f)).unwrap() == std::fs::read(b.join(&f)).unwrap(),
                "{f} differs"
            );
        }
    }

    #[test]
    fn reduce_of_shard_parts_is_the_run() {
        let corpus = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/probes");
        let tmp = tempfile::tempdir().unwrap();
        let listing = tool(&["list", &s(&corpus)], None);
        assert!(listing.status.success());
        let lines: Vec<&str> = std::str::from_utf8(&listing.stdout)
            .unwrap()
            .lines()
            .collect();
        assert!(lines.len() > 30);
        // Three shards dealt round-robin: each part is sorted by the extract.
        let mut parts = Vec::new();
        for k in 0..3 {
            let shard: String = lines
                .iter()
                .skip(k)
                .step_by(3)
                .map(|l| format!("{l}\n"))
                .collect();
            let part = tmp.path().join(format!("part-{k}"));
            let out = tool(
                &[
                    "extract",
                    "--corpus-root",
                    &s(&corpus),
                    "--out",
                    &s(&part),
                    "--no-summary",
                ],
                Some(&shard),
            );
            assert!(
                out.status.success(),
                "{}",
                String::from_utf8_lossy(&out.stderr)
            );
            parts.push(s(&part));
        }
        let reduced = tmp.path().join("reduced");
        let mut args = vec!["reduce"];
        args.extend(parts.iter().rev().map(String::as_str));
        args.extend(["--out", reduced.to_str().unwrap(), "--quiet"]);
        let out = tool(&args, None);
        assert!(
            out.status.success(),
            "{}",
            String::from_utf8_lossy(&out.stderr)
        );
        let whole = tmp.path().join("whole");
        assert!(run(&corpus, &whole, &["--no-cache", "--quiet"])
            .status
            .success());
        same_sets(&reduced, &whole);
        // Files named on the command line are mapped like listed ones.
        let one = corpus.join("adf_wiki.md");
        let part = tmp.path().join("named");
        let out = tool(
            &[
                "extract",
                &s(&one),
                "--corpus-root",
                &s(&corpus),
                "--out",
                &s(&part),
            ],
            None,
        );
        assert!(
            out.status.success(),
            "{}",
            String::from_utf8_lossy(&out.stderr)
        );
    }

    #[test]
    fn reduce_refuses_overlapping_or_mismatched_parts() {
        let corpus = repo_corpus();
        let tmp = tempfile::tempdir().unwrap();
        let listing = tool(&["list", &s(&corpus)], None);
        let all = String::from_utf8(listing.stdout).unwrap();
        let extract = |name: &str, extra: &[&str]| {
            let part = tmp.path().join(name);
            let mut args = vec!["extract", "--corpus-root"];
            let root = s(&corpus);
            let out = s(&part);
            args.extend([root.as_str(), "--out", out.as_str(), "--no-summary"]);
            args.extend(extra);
            assert!(tool(&args, Some(&all)).status.success());
            out
        };
        let (a, b, vague) = (
            extract("a", &[]),
            extract("b", &[]),
            extract("v", &["--vague"]),
        );
        let out_dir = s(&tmp.path().join("out"));
        let twice = tool(&["reduce", &a, &b, "--out", &out_dir], None);
        assert_eq!(twice.status.code(), Some(2));
        assert!(String::from_utf8_lossy(&twice.stderr).contains("is in two parts"));
        let mixed = tool(&["reduce", &a, &vague, "--out", &out_dir], None);
        assert_eq!(mixed.status.code(), Some(2));
        assert!(String::from_utf8_lossy(&mixed.stderr).contains("other options"));
        assert!(!tmp.path().join("out").exists(), "nothing is published");
        let not_a_part = tool(&["reduce", &out_dir, "--out", &out_dir], None);
        assert_eq!(not_a_part.status.code(), Some(2));
    }
}
