//! Figures in tables whose header names personnel, two-column infoboxes,
//! labelled lines and columns aligned with spaces.

use super::*;

/// Header words that make a table column a count of personnel.
pub(super) static TABLE_UNITS: LazyLock<Vec<&str>> = LazyLock::new(|| {
    PERSONNEL_NOUNS
        .iter()
        .filter(|n| n.table)
        .map(|n| n.noun)
        .collect()
});

/// A count alone in a cell: `20,000`, `~2,500`, `about 37,000`. A
/// parenthesis may follow, dating or qualifying it: `59,095 (2022-23)`.
pub(super) static CELL_NUMBER: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"^(?:(?P<qual>(?i:about|approximately|approx\.|around|some|roughly|nearly|almost|over|more\s+than|at\s+least|up\s+to|fewer\s+than|less\s+than))\s+)?(?P<tilde>~\s*)?(?P<num>[0-9]{1,3}(?:,[0-9]{3})+|[0-9]+)(?:\s*\([^()]*\))?$")
        .expect("valid regex")
});

/// A table row: where its line starts, its cells' spans.
pub(super) type TableRow = (usize, Vec<std::ops::Range<usize>>);

/// Troop figures in tables and labelled lines. A table is a block of pipe
/// rows (`| Service | Personnel |`) or of columns aligned with runs of
/// spaces (PDF extractions); a header cell naming personnel makes its
/// column counts. A row's first cell is the force it counts, or its place
/// under a `Country` header; a date in the row, else in the line above the
/// table (`Troop strength, as of September 2024:`), else the document's
/// date dates it. A block with no such column may be an infobox (`| Active
/// personnel | 59,095 |`), as lone labelled lines are (`Troops: 28,500`).
pub(super) fn table_figures(view: &TextView<'_>, facts: &DocFacts) -> Vec<TroopFact> {
    let (blocks, labelled) = table_blocks(view);
    let mut out = Vec::new();
    for (caption_start, block) in blocks {
        out.extend(block_figures(view, facts, caption_start, &block));
    }
    out.extend(infobox_figures(view, facts, &labelled, &[]));
    out.sort_by_key(|f| f.span.start);
    out
}

/// Whether `table_figures` can find anything in the view: every figure it
/// gives stands under a header cell or beside a label that ends with a
/// personnel word ([`TABLE_UNITS`]), so the text must hold such a word
/// where a cell or label can end: before a pipe, a colon, a parenthesized
/// note, a line end, a tab or a gap of two spaces. Prose (`troops were`,
/// `personnel.`) has none, and most documents skip the table scan. Text
/// whose file had tabs is always scanned: the view folds a tab to one
/// space, which can end a cell too.
///
/// The unit words and `strength` are found from the troops lane's trigger
/// hits (every occurrence of `troop`, `soldier`, `personnel`, `service`,
/// `strength`): no pass of its own over the text.
pub(super) fn may_hold_table_figures(view: &TextView<'_>, scan: &Scan<'_>) -> bool {
    if memchr::memchr(b'\t', view.raw().as_bytes()).is_some() {
        return true;
    }
    let text = view.norm();
    let b = text.as_bytes();
    let at_cell_end = |end: usize| {
        let rest = &text[end..];
        let after = rest.trim_start_matches(' ');
        rest.len() - after.len() >= 2
            || after.is_empty()
            || after.starts_with(['|', ':', '('])
            || after.starts_with(char::is_whitespace)
    };
    // Where a unit word ends, from a trigger naming personnel.
    let unit_end = |r: &std::ops::Range<usize>| {
        let word = &b[r.clone()];
        let next_is = |tail: &[u8]| {
            b.get(r.end..r.end + tail.len())
                .is_some_and(|t| t.eq_ignore_ascii_case(tail))
        };
        if word.eq_ignore_ascii_case(b"personnel") {
            Some(r.end)
        } else if word.eq_ignore_ascii_case(b"troop") || word.eq_ignore_ascii_case(b"soldier") {
            next_is(b"s").then_some(r.end + 1)
        } else if word.eq_ignore_ascii_case(b"service") {
            next_is(b" members").then_some(r.end + 8)
        } else {
            None
        }
    };
    let named = scan
        .spans_of(PERSONNEL_WORD)
        .filter_map(unit_end)
        .any(at_cell_end);
    named || scan.spans_of(STRENGTH).any(|r| at_cell_end(r.end))
}

/// A block of table lines with its caption's start, one per table.
pub(super) type Block = (Option<usize>, Vec<TableRow>);

/// The text's tables (blocks of `|`-separated or aligned lines, each with
/// the start of the line before it, its caption) and its labelled lines
/// (`- Troops: 28,500`).
pub(super) fn table_blocks(view: &TextView<'_>) -> (Vec<Block>, Vec<TableRow>) {
    let text = view.norm();
    // Each block of table lines with the start of the line before it (its
    // caption); labelled lines apart.
    // Tab-separated columns: the view folds tabs to spaces, so where the
    // file had a tab is looked up once (only when it has tabs at all).
    let tabs = if memchr::memchr(b'\t', view.raw().as_bytes()).is_some() {
        view.replaced_bytes(b'\t')
    } else {
        Vec::new()
    };
    // Where a line can be a row or a labelled line at all: a pipe, a tab
    // (in the view or folded from the file), a colon or two spaces. Most
    // lines of prose have none, and skip the per-line tests below.
    let bytes = text.as_bytes();
    let mut marks: Vec<usize> = memchr::memchr3_iter(b'|', b'\t', b':', bytes).collect();
    marks.extend(memchr::memmem::find_iter(bytes, b"  "));
    marks.extend(&tabs);
    marks.sort_unstable();
    let mut marks = marks.into_iter().peekable();
    let mut blocks: Vec<Block> = Vec::new();
    let mut labelled: Vec<TableRow> = Vec::new();
    // The caption is the last text line before the table, one blank line
    // between them at most.
    let (mut pos, mut prev_line, mut in_block, mut blanks) = (0, None, false, 0);
    for line in text.split_inclusive('\n') {
        let l = line.trim_end_matches(['\n', '\r']);
        while marks.next_if(|&m| m < pos).is_some() {}
        let marked = marks.peek().is_some_and(|&m| m < pos + line.len());
        let blank = l.starts_with(char::is_whitespace) && l.trim().is_empty() || l.is_empty();
        if blank && !in_block {
            blanks += 1;
            if blanks > 1 {
                prev_line = None;
            }
            pos += line.len();
            continue;
        }
        let row = if !marked {
            None
        } else if l.trim_start().starts_with('|') {
            Some(cells(l, pos))
        } else {
            aligned_cells(l, pos, &tabs)
        };
        match row {
            // A rule line (`|---|---|`) is no row.
            Some(r)
                if r.iter()
                    .all(|c| text[c.clone()].trim_matches(['-', ':', ' ']).is_empty()) => {}
            Some(r) => {
                if !in_block {
                    blocks.push((prev_line, Vec::new()));
                    in_block = true;
                }
                if let Some((_, rows)) = blocks.last_mut() {
                    rows.push((pos, r));
                }
            }
            None => {
                in_block = false;
                prev_line = Some(pos);
                blanks = 0;
                if marked {
                    labelled.extend(label_cells(l, pos).map(|r| (pos, r)));
                }
            }
        }
        pos += line.len();
    }
    (blocks, labelled)
}

/// The date of the last date fact inside `r`.
fn dated_within(facts: &DocFacts, r: std::ops::Range<usize>) -> Option<String> {
    facts
        .dates
        .iter()
        .rfind(|d| r.start <= d.span.start && d.span.end <= r.end)
        .map(|d| d.value.clone())
}

/// What a table's header and caption say of all its rows.
struct Table<'t> {
    /// The column of the figures, and the personnel noun its header names.
    col: usize,
    unit: &'static str,
    /// A column naming where each figure stands (`| Host nation |`).
    place_col: Option<usize>,
    /// A column of the date each row's figure is for (`| As of |`).
    date_col: Option<usize>,
    /// Whose personnel and where, from the caption.
    caption_force: Option<&'t str>,
    caption_place: Option<&'t str>,
    /// The caption's date, else the document's.
    table_date: Option<String>,
}

/// The figures of one table: one per row under a header that names
/// personnel, else the table read as an infobox.
fn block_figures(
    view: &TextView<'_>,
    facts: &DocFacts,
    caption_start: Option<usize>,
    block: &[TableRow],
) -> Vec<TroopFact> {
    let text = view.norm();
    let (hpos, header) = &block[0];
    // The header names the count itself (`Uniformed personnel`, `Troops
    // (2024)`), not something of it (`Personnel costs`).
    let unit_in = |c: &std::ops::Range<usize>| {
        let h = text[c.clone()].to_ascii_lowercase();
        let h = h
            .rsplit_once(" (")
            .filter(|(_, note)| note.ends_with(')'))
            .map_or(h.as_str(), |(head, _)| head);
        TABLE_UNITS.iter().find(|u| h.ends_with(*u)).copied()
    };
    let Some((col, unit)) = header
        .iter()
        .enumerate()
        .skip(1)
        .find_map(|(j, c)| unit_in(c).map(|u| (j, u)))
    else {
        return infobox_figures(view, facts, &block[1..], &header[..]);
    };
    let is_place_header = |c: &std::ops::Range<usize>| {
        let h = text[c.clone()].to_ascii_lowercase();
        PLACE_HEADERS
            .iter()
            .any(|p| h == *p || h.starts_with(&format!("{p} ")))
    };
    let header_end = header.last().map_or(*hpos, |c| c.end);
    let caption = caption_start.map_or(*hpos..*hpos, |start| start..header_end);
    let (caption_force, caption_place) = caption_scope(&text[caption.start..*hpos]);
    // A date in another column than `As of` or `Year` dates something else
    // (`| Established |`).
    let date_col = header.iter().position(|c| {
        matches!(
            text[c.clone()].to_ascii_lowercase().as_str(),
            "year" | "as of" | "as at" | "date" | "updated"
        )
    });
    let table = Table {
        col,
        unit,
        place_col: header.iter().position(is_place_header),
        date_col,
        caption_force,
        caption_place,
        table_date: dated_within(facts, caption).or_else(|| facts.doc_date.clone()),
    };
    block[1..]
        .iter()
        .filter_map(|(_, row)| row_figure(view, facts, &table, row))
        .collect()
}

/// The figure of one table row, with its force (the row label, or the
/// caption's), place and as-of date.
fn row_figure(
    view: &TextView<'_>,
    facts: &DocFacts,
    t: &Table<'_>,
    row: &[std::ops::Range<usize>],
) -> Option<TroopFact> {
    let text = view.norm();
    let (first, cell) = (row.first()?, row.get(t.col)?);
    let (value, span, qualifier) = cell_figure(text, cell)?;
    if view.in_noise(&span) {
        return None;
    }
    let (label, label_place) = split_row_label(&text[first.clone()]);
    let total = ["total", "totals", "all", "sum"].contains(&label.to_ascii_lowercase().as_str());
    // Under a `Country` header the label is the place when the caption
    // names whose personnel the table counts (`U.S. military personnel
    // stationed abroad`); else it is the force.
    let (force, label_place) = if t.place_col == Some(0) && t.caption_force.is_some() {
        ("", Some(label).filter(|_| !total))
    } else if total
        || label.starts_with(char::is_lowercase)
        || !label.chars().any(char::is_uppercase)
    {
        ("", label_place)
    } else {
        // A name, maybe numbered (`173rd Airborne Brigade`).
        (label, label_place)
    };
    let force = Some(force)
        .filter(|f| !f.is_empty())
        .or(t.caption_force)
        .unwrap_or_default();
    let location = t
        .place_col
        .filter(|&j| j != 0 && j != t.col)
        .and_then(|j| row.get(j))
        .map(|c| &text[c.clone()])
        .filter(|p| p.starts_with(char::is_uppercase))
        .or(label_place)
        .or(t.caption_place)
        .unwrap_or_default();
    let row_date = t
        .date_col
        .filter(|&j| j != 0)
        .and_then(|j| row.get(j))
        .and_then(|c| dated_within(facts, c.clone()));
    // As the first column (`| Year | Troops |`), a date column's bare years
    // are the rows' labels.
    let label_year = Some(label)
        .filter(|l| t.date_col == Some(0) && l.len() == 4 && l.bytes().all(|b| b.is_ascii_digit()))
        .map(str::to_string);
    Some(TroopFact {
        span,
        value,
        value_high: None,
        qualifier,
        unit: t.unit.to_string(),
        force: force.to_string(),
        location: location.to_string(),
        as_of: row_date
            .or(label_year)
            .or_else(|| t.table_date.clone())
            .unwrap_or_default(),
        rule: Rule::TroopsTable,
    })
}

/// What a table's caption says of all its rows: whose personnel it counts
/// (`U.S. military personnel stationed abroad`, `U.S. troop levels`) and
/// where (`... in Korea`).
pub(super) fn caption_scope(caption: &str) -> (Option<&str>, Option<&str>) {
    static FORCE: LazyLock<Regex> = LazyLock::new(|| {
        Regex::new(r"(?:^|[\s:.])(?P<f>U\.S\.|U\.K\.|[A-Z][A-Za-z]+(?:\s+[A-Z][A-Za-z]+)?)\s+(?:(?:military|armed\s+forces|active-duty|service)\s+)?(?i:troop|troops|personnel|forces|soldiers|service\s+members)(?-u:\b)")
            .expect("valid regex")
    });
    static PLACE: LazyLock<Regex> = LazyLock::new(|| {
        Regex::new(r"(?-u:\b)in\s+(?:the\s+)?(?P<l>[A-Z][A-Za-z.'-]*(?:\s+[A-Z][A-Za-z.'-]*){0,2})")
            .expect("valid regex")
    });
    let force = FORCE
        .captures(caption)
        .and_then(|c| c.name("f"))
        .map(|m| m.as_str())
        // A state or force the text names elsewhere too, not a caption's
        // capitalized word (`Deployed forces by country`).
        .filter(|f| {
            PATTERNS
                .sentence_owner
                .find(f)
                .is_some_and(|m| m.range() == (0..f.len()))
        });
    let place = PLACE
        .captures(caption)
        .and_then(|c| c.name("l"))
        .map(|m| m.as_str());
    (force, place)
}

/// The count in a table cell: its value, the span of the number (a
/// qualifier word before it kept, a note in parentheses after it left
/// out), and its qualifier.
pub(super) fn cell_figure(
    text: &str,
    cell: &std::ops::Range<usize>,
) -> Option<(u64, std::ops::Range<usize>, Qualifier)> {
    let c = CELL_NUMBER.captures(&text[cell.clone()])?;
    let value = parse_any(&c["num"])?;
    let num = c.name("num")?;
    let start = cell.start + c.get(0)?.start();
    let qual = c.name("qual").map_or("", |q| q.as_str());
    let qualifier = qualifier_of(qual, false, c.name("tilde").is_some(), false);
    Some((value, start..cell.start + num.end(), qualifier))
}

/// The cells of a line whose columns are aligned with runs of spaces or
/// tabs (`Japan            53,246      Sept. 2024`): two cells at least,
/// else None.
/// `tabs` holds the normalized offsets, sorted, of the spaces that were
/// tabs in the file (the view folds tabs to spaces): a tab alone
/// separates columns.
pub(super) fn aligned_cells(
    line: &str,
    at: usize,
    tabs: &[usize],
) -> Option<Vec<std::ops::Range<usize>>> {
    let bytes = line.as_bytes();
    // The spaces of this line that were tabs in the file.
    let first_tab = tabs.partition_point(|&t| t < at);
    let line_tabs =
        &tabs[first_tab..first_tab + tabs[first_tab..].partition_point(|&t| t < at + bytes.len())];
    // Columns need a gap between two cells: two spaces inside the line
    // (trailing or leading ones separate nothing) or a tab. Most lines
    // have neither, and are rejected without a look at each byte.
    let has_tab = memchr::memchr(b'\t', bytes).is_some() || !line_tabs.is_empty();
    if !(has_tab || line.trim_matches(' ').contains("  ")) {
        return None;
    }
    // The next gap at or after `i`: two spaces, a tab, or a space that
    // was a tab. Cells run from the first non-space after a gap to the
    // next gap, found by search rather than byte by byte.
    let next_gap = |i: usize| {
        let spaces = memchr::memmem::find(&bytes[i..], b"  ").map(|k| i + k);
        let tab = memchr::memchr(b'\t', &bytes[i..]).map(|k| i + k);
        let folded = line_tabs[line_tabs.partition_point(|&t| t < at + i)..]
            .first()
            .map(|&t| t - at);
        [spaces, tab, folded].into_iter().flatten().min()
    };
    let mut out = Vec::new();
    let mut i = 0;
    loop {
        let gap = next_gap(i);
        let end = gap.unwrap_or(bytes.len());
        if let Some(k) = bytes[i..end].iter().position(|&b| b != b' ') {
            let cell_end = line[..end].trim_end().len();
            out.push(at + i + k..at + cell_end);
        }
        let Some(g) = gap else { break };
        i = g;
        while i < bytes.len() && (bytes[i] == b' ' || bytes[i] == b'\t') {
            i += 1;
        }
    }
    (out.len() >= 2).then_some(out)
}

/// A labelled line (`- Troops: 28,500`, `Total strength: about 37,000`):
/// its label and its value as two cells.
pub(super) fn label_cells(line: &str, at: usize) -> Option<Vec<std::ops::Range<usize>>> {
    static LABEL: LazyLock<Regex> = LazyLock::new(|| {
        Regex::new(r"^\s*(?:[-*]\s+)?(?P<label>[A-Za-z][A-Za-z -]{0,40}):\s+(?P<value>\S.*?)\s*$")
            .expect("valid regex")
    });
    // Only a label naming personnel is worth the regex.
    let colon = memchr::memchr(b':', line.as_bytes())?;
    let label = &line.as_bytes()[..colon];
    let names_personnel = TABLE_UNITS.iter().any(|u| {
        label.len() >= u.len() && label[label.len() - u.len()..].eq_ignore_ascii_case(u.as_bytes())
    });
    if !names_personnel {
        return None;
    }
    let c = LABEL.captures(line)?;
    let (l, v) = (c.name("label")?, c.name("value")?);
    Some(vec![
        at + l.start()..at + l.end(),
        at + v.start()..at + v.end(),
    ])
}

/// Figures in a two-column infobox (`| Active personnel | 59,095 (2022-23)
/// |`) or labelled lines: a row whose label names personnel counts the
/// force the box is about, its title in the header (`| Australian Defence
/// Force | |`). A date in the row dates it, else the document's date.
pub(super) fn infobox_figures(
    view: &TextView<'_>,
    facts: &DocFacts,
    rows: &[TableRow],
    header: &[std::ops::Range<usize>],
) -> Vec<TroopFact> {
    let text = view.norm();
    let title = header
        .first()
        .map(|c| text[c.clone()].trim_matches('*'))
        .filter(|t| t.starts_with(char::is_uppercase) && header.len() <= 2)
        .unwrap_or_default();
    let mut out = Vec::new();
    for (_, row) in rows {
        let [label, cell] = row.as_slice() else {
            continue;
        };
        let l = text[label.clone()].to_ascii_lowercase();
        // `Active personnel`, `Reserve personnel`, `Troops`; not `Personnel
        // costs` or `Budget`.
        let Some(unit) = TABLE_UNITS.iter().find(|u| l.ends_with(*u)) else {
            continue;
        };
        let Some((value, span, qualifier)) = cell_figure(text, cell) else {
            continue;
        };
        if view.in_noise(&span) {
            continue;
        }
        let as_of = facts
            .dates
            .iter()
            .find(|d| cell.start <= d.span.start && d.span.end <= cell.end)
            .map(|d| d.value.clone())
            .or_else(|| facts.doc_date.clone())
            .unwrap_or_default();
        out.push(TroopFact {
            span,
            value,
            value_high: None,
            qualifier,
            unit: unit.to_string(),
            force: title.to_string(),
            location: String::new(),
            as_of,
            rule: Rule::TroopsTable,
        });
    }
    out
}

/// Header cells of a column that says where a row's figure stands.
pub(super) const PLACE_HEADERS: &[&str] = &[
    "location",
    "country",
    "host",
    "host nation",
    "host country",
    "place",
    "deployed to",
    "region",
];

/// A row label with a parenthesis: `UNIFIL (Lebanon)` is a force and its
/// place; `Interim Force in Lebanon (UNIFIL)` is a name and its acronym,
/// so the force is the name.
pub(super) fn split_row_label(label: &str) -> (&str, Option<&str>) {
    let Some(inner) = label
        .strip_suffix(')')
        .and_then(|l| l.rsplit_once('('))
        .filter(|(name, _)| !name.trim().is_empty())
    else {
        return (label, None);
    };
    let (name, inside) = (inner.0.trim_end(), inner.1.trim());
    let is_place = inside.starts_with(char::is_uppercase)
        && inside.chars().any(char::is_lowercase)
        && inside
            .split_whitespace()
            .all(|w| w.starts_with(char::is_uppercase) || matches!(w, "of" | "and" | "the"));
    (name, is_place.then_some(inside))
}

/// The cells of a pipe-table row at byte `at`, trimmed, without the empty
/// edges outside the first and last pipes.
pub(super) fn cells(line: &str, at: usize) -> Vec<std::ops::Range<usize>> {
    let mut out: Vec<std::ops::Range<usize>> = Vec::new();
    let mut start = 0;
    for (i, _) in line.match_indices('|').chain([(line.len(), "")]) {
        let raw = &line[start..i];
        let lead = raw.len() - raw.trim_start().len();
        let core = raw.trim();
        out.push(at + start + lead..at + start + lead + core.len());
        start = i + 1;
    }
    if out.first().is_some_and(|c| c.is_empty()) {
        out.remove(0);
    }
    if out.last().is_some_and(|c| c.is_empty()) {
        out.pop();
    }
    out
}
