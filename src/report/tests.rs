use super::*;
use crate::check::Severity;

fn conflict() -> ConflictRow {
    ConflictRow {
        severity: Severity::Medium,
        kind: "acronym_expansion",
        key: "DPRK".into(),
        doc_a: "a.txt".into(),
        start_a: 1,
        end_a: 5,
        value_a: "Democratic People's Republic of Korea".into(),
        context_a: "the <b>DPRK</b> | threat".into(),
        doc_b: "b.txt".into(),
        start_b: 7,
        end_b: 11,
        value_b: "Democratic Republic People's of Korea".into(),
        context_b: "ctx b".into(),
        note: "same words in a different order".into(),
        reason: "one source garbles the name".into(),
    }
}

fn no_links() -> Links {
    Links {
        page: HashMap::new(),
        fact: HashMap::new(),
        shown: HashMap::new(),
    }
}

fn data<'a>(conflicts: &'a [ConflictRow]) -> ReportData<'a> {
    ReportData {
        documents: &[],
        entities: &[],
        conflicts,
        agreements: &[],
        figures: &[],
        fact_ranges: &[],
        memo: Default::default(),
    }
}

#[test]
fn html_escapes_and_makes_no_request() {
    let c = [conflict()];
    let h = entry_page(&data(&c), &no_links());
    assert!(h.contains("the &lt;b&gt;DPRK&lt;/b&gt;"));
    assert!(!h.contains("http"), "no network address in the page");
    assert!(h.contains("a.txt <span class=\"prov\">bytes 1–5</span>"));
    for id in [
        "summary",
        "conflicts",
        "figures",
        "agreements",
        "entities",
        "sources",
    ] {
        assert!(h.contains(&format!("id=\"{id}\"")), "{id}");
    }
}

#[test]
fn conflict_sides_link_to_their_fact_on_the_document_page() {
    let c = [conflict()];
    let links = Links {
        page: [("a.txt".to_string(), "00000-a.html".to_string())]
            .into_iter()
            .collect(),
        fact: [(("a.txt".to_string(), 1, 5), "F1".to_string())]
            .into_iter()
            .collect(),
        shown: HashMap::new(),
    };
    let h = entry_page(&data(&c), &links);
    assert!(h.contains("href=\"report/docs/00000-a.html#fact-F1\""));
    // b.txt has no page: its name is plain text.
    assert!(h.contains("<strong>Democratic Republic People&#39;s of Korea</strong> b.txt"));
    let full = html::conflicts_page(&data(&c), &links);
    assert!(full.contains("href=\"../report/docs/00000-a.html#fact-F1\""));
}

#[test]
fn the_entry_page_shows_the_first_conflicts_in_full_and_links_the_rest() {
    let many: Vec<ConflictRow> = (0..CONFLICTS_IN_FULL + 5).map(|_| conflict()).collect();
    let h = entry_page(&data(&many), &no_links());
    assert_eq!(
        h.matches("class=\"conflict item").count(),
        CONFLICTS_IN_FULL
    );
    assert!(h.contains("report/conflicts.html"));
    let full = html::conflicts_page(&data(&many), &no_links());
    assert_eq!(full.matches("class=\"conflict item").count(), many.len());
}

/// A large document's page shows excerpts around its linked passages,
/// and the links of the other pages go to marks the page has.
#[test]
fn a_large_document_gets_excerpts_and_links_still_resolve() {
    let dir = tempfile::tempdir().unwrap();
    let filler = "Nothing of note is said on this line of the long brief.\n";
    let mut big = filler.repeat(20_000);
    let at = big.len() / 2;
    big.insert_str(at, "The DPRK said so.\n");
    let (start, end) = (at + 4, at + 8);
    std::fs::write(dir.path().join("b.txt"), &big).unwrap();
    std::fs::write(dir.path().join("a.txt"), "the DPRK said\n").unwrap();
    let doc = |name: &str, bytes: usize| DocumentRow {
        doc: name.into(),
        path: dir.path().join(name).to_string_lossy().into_owned(),
        bytes: bytes as u64,
        ..DocumentRow::default()
    };
    let documents = [doc("a.txt", 14), doc("b.txt", big.len())];
    let mut c = conflict();
    (c.start_b, c.end_b) = (start, end);
    let conflicts = [c];
    let [small, page, entry] = report_pages(&documents, &conflicts);
    assert!(page.contains("Excerpts:"), "a large document is excerpted");
    assert!(page.len() < 20_000, "{} bytes", page.len());
    assert!(page.contains(&format!("id=\"at-{start}-{end}\"")));
    assert!(page.contains("bytes left out"));
    assert!(entry.contains(&format!("report/docs/00001-b.html#at-{start}-{end}")));
    // The small document is shown whole.
    assert!(!small.contains("Excerpts:") && small.contains("id=\"at-1-5\""));
    // A document the run cut into sections is not read whole for a page,
    // and no link points into it.
    let documents = [
        doc("a.txt", 14),
        DocumentRow {
            dates: 3,
            ..doc("b.txt", 40 << 20)
        },
    ];
    let [_, page, entry] = report_pages(&documents, &conflicts);
    assert!(page.contains("The text is not shown: the document is 41 MB"));
    // Its facts are counted from documents.csv, not read back.
    assert!(page.contains("<mark class=\"k-date\">date 3</mark>"));
    assert!(entry.contains("href=\"report/docs/00001-b.html\""));
}

/// The pages of `a.txt` and `b.txt` and the entry page of a report on
/// `documents` and `conflicts`.
fn report_pages(documents: &[DocumentRow], conflicts: &[ConflictRow]) -> [String; 3] {
    let d = ReportData {
        documents,
        conflicts,
        ..data(&[])
    };
    let out = tempfile::tempdir().unwrap();
    write_reports(out.path(), &d).unwrap();
    [
        "report/docs/00000-a.html",
        "report/docs/00001-b.html",
        "report.html",
    ]
    .map(|f| std::fs::read_to_string(out.path().join(f)).unwrap())
}

#[test]
fn markdown_quotes_both_statements_and_escapes_pipes() {
    let c = [conflict()];
    let m = markdown(&data(&c));
    assert!(m.contains("### 1. medium: acronym_expansion — DPRK"));
    assert!(
        m.contains("one source garbles the name"),
        "the reason is shown"
    );
    assert!(m.contains("> the <b>DPRK</b> \\| threat"));
    assert!(m.contains("`b.txt` bytes 7–11"));
}

#[test]
fn list_cells_show_their_first_items() {
    assert_eq!(first_items("a | b | c", " | ", 2), "a, b … (+1 more)");
    assert_eq!(first_items("a;b", ";", 5), "a, b");
}

#[test]
fn folders_are_the_first_path_component() {
    assert_eq!(folder_of("articles/2025-02/x.md"), "articles");
    assert_eq!(folder_of("x.md"), ".");
}

proptest::proptest! {
    /// The run-copying escape gives what escaping char by char gives.
    #[test]
    fn escaping_copies_runs_and_replaces_the_five(s in "[a<>&\"' é\u{2019}\n]{0,40}") {
        let by_char: String = s
            .chars()
            .map(|c| match c {
                '&' => "&amp;".to_string(),
                '<' => "&lt;".to_string(),
                '>' => "&gt;".to_string(),
                '"' => "&quot;".to_string(),
                '\'' => "&#39;".to_string(),
                c => c.to_string(),
            })
            .collect();
        proptest::prop_assert_eq!(super::html::esc(&s), by_char);
    }
}

/// An entity named by more documents than a list cell shows counts them
/// all, in both reports and in their ranking (its cell is capped).
#[test]
fn shared_entities_count_every_document_past_the_cell_cap() {
    let entity = |name: &str, docs: usize| {
        let mut list = (0..docs)
            .map(|i| format!("d{i:03}.md"))
            .collect::<Vec<_>>()
            .join(";");
        crate::write::cap_list(&mut list, ";");
        EntityRow {
            entity_id: format!("E{name}"),
            kind: "gov",
            canonical: name.into(),
            short: String::new(),
            variants: name.into(),
            docs: list,
            mentions: 1,
            method: "lexicon".into(),
            nation: String::new(),
        }
    };
    let entities = [entity("Fewer", 60), entity("Most", 120)];
    let d = ReportData {
        entities: &entities,
        ..data(&[])
    };
    let m = markdown(&d);
    let most = m.find("| Most | gov |  | 120 |").expect("the full count");
    let fewer = m.find("| Fewer | gov |  | 60 |").expect("the full count");
    assert!(most < fewer, "ranked by the full counts");
    let h = entry_page(&d, &no_links());
    assert!(h.contains("<td class=\"n\">120</td>"));
}
