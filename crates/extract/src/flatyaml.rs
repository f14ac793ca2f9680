//! The common shape of YAML front matter, read without the YAML crate:
//! one `key: value` line per field at the left margin, each value a plain
//! scalar or a quoted one (a double-quoted one may run over lines). An
//! archive's headers are nearly all of this shape, and the general
//! parser cost about 2% of a run on them (one event, one allocation and a
//! hash insert per token).
//!
//! [`fields`] answers only when it is sure to read the block as
//! yaml-rust2 does: anything else (comments, nesting, lists, anchors,
//! tags, tabs, block scalars, a duplicated key, an unknown escape, blank
//! lines) gives None, and the caller asks the crate. The crate is the test
//! oracle: a property test compares the two on generated blocks, and
//! a test compares them on every file of the White House archive when
//! ../shared holds it.

use yaml_rust2::Yaml;

/// The top-level scalar fields of `block` (whole lines, each ending in
/// `\n`) as yaml-rust2 reads them, in order, when the block has the flat
/// shape; None when it has not or is not valid YAML.
pub(crate) fn fields(block: &str) -> Option<Vec<(String, String)>> {
    if block.is_empty() || !block.ends_with('\n') || !plain_text(block) {
        return None;
    }
    let mut out: Vec<(String, String)> = Vec::new();
    let mut keys: Vec<&str> = Vec::new();
    let mut rest = block;
    while !rest.is_empty() {
        let (key, after) = rest.split_once(": ")?;
        if !simple_key(key) || keys.contains(&key) {
            return None;
        }
        keys.push(key);
        let (value, next) = match after.as_bytes().first()? {
            b'"' => quoted(&after[1..], b'"')?,
            b'\'' => quoted(&after[1..], b'\'')?,
            _ => plain(after)?,
        };
        if let Some(value) = value {
            out.push((key.to_string(), value));
        }
        rest = next;
    }
    Some(out)
}

/// Whether every character of `block` is a [`plain_char`]: a byte test
/// first, as headers are mostly ASCII.
fn plain_text(block: &str) -> bool {
    let ascii = |b: u8| b == b'\n' || (b' '..=b'~').contains(&b);
    block.bytes().all(ascii) || block.chars().all(plain_char)
}

/// Characters the flat shape allows anywhere: printable, no tab, no
/// carriage return, none YAML counts as a line break (next line, line
/// and paragraph separators) and no byte-order mark.
fn plain_char(c: char) -> bool {
    matches!(c, '\n' | ' '..='~' | '\u{a0}'..='\u{d7ff}' | '\u{e000}'..='\u{fffd}' | '\u{10000}'..)
        && c != '\u{feff}'
        && !matches!(c, '\u{2028}' | '\u{2029}')
}

/// A key yaml-rust2 reads as a string: a word at the left margin that is
/// no null or boolean.
fn simple_key(key: &str) -> bool {
    let mut bytes = key.bytes();
    bytes.next().is_some_and(|b| b.is_ascii_alphabetic())
        && bytes.all(|b| b.is_ascii_alphanumeric() || b == b'_' || b == b'-')
        && key.len() <= 64
        && matches!(Yaml::from_str(key), Yaml::String(_))
}

/// A plain value to the end of its line, typed as yaml-rust2 types it:
/// strings and reals as written, integers in decimal, nulls and
/// booleans dropped (as the caller drops them). None unless it starts
/// with a letter or digit and holds no comment, no mapping indicator
/// and no trailing blank.
fn plain(after: &str) -> Option<(Option<String>, &str)> {
    let (value, next) = after.split_once('\n')?;
    let indicator = |w: &[u8]| w == b": " || w == b" #";
    let ok = value.starts_with(char::is_alphanumeric)
        && !value.as_bytes().windows(2).any(indicator)
        && !value.ends_with([':', ' ']);
    if !ok {
        return None;
    }
    let typed = match Yaml::from_str(value) {
        Yaml::String(s) | Yaml::Real(s) => Some(s),
        Yaml::Integer(i) => Some(i.to_string()),
        _ => None,
    };
    Some((typed, next))
}

/// A quoted value from just after its opening `quote` to the end of the
/// line that closes it, folded and unescaped as yaml-rust2's
/// `scan_flow_scalar` does: within a line blanks are kept; a line break
/// drops the blanks around it and becomes a space; an escaped line break
/// (double quotes) joins the lines. None for what the flat shape leaves
/// to the crate: blank lines inside, a line at the left margin, content
/// after the closing quote, an unknown escape.
fn quoted(body: &str, quote: u8) -> Option<(Option<String>, &str)> {
    let bytes = body.as_bytes();
    let mut out = String::new();
    let mut i = 0;
    // Blanks seen since the last character, kept if the line goes on.
    let mut blanks = 0;
    loop {
        let b = *bytes.get(i)?;
        match b {
            b'\'' if quote == b'\'' && bytes.get(i + 1) == Some(&b'\'') => {
                push_blanks(&mut out, &mut blanks);
                out.push('\'');
                i += 2;
            }
            _ if b == quote => {
                push_blanks(&mut out, &mut blanks);
                // Nothing may follow the closing quote on its line.
                return (bytes.get(i + 1) == Some(&b'\n')).then(|| (Some(out), &body[i + 2..]));
            }
            b'\\' if quote == b'"' => {
                push_blanks(&mut out, &mut blanks);
                if bytes.get(i + 1) == Some(&b'\n') {
                    // An escaped break: the next line's indentation goes
                    // too, and nothing stands between the two lines.
                    i = next_line(body, i + 2)?;
                } else {
                    let (c, len) = escape(&body[i + 1..])?;
                    out.push(c);
                    i += 1 + len;
                }
            }
            b' ' => {
                blanks += 1;
                i += 1;
            }
            b'\n' => {
                // A break folds into one space; the blanks before it and
                // the indentation after it are dropped.
                blanks = 0;
                out.push(' ');
                i = next_line(body, i + 1)?;
            }
            _ => {
                // A run of plain characters up to the next byte one of
                // the arms above may take, copied at once (every byte of
                // those is ASCII, so the run ends on a char boundary).
                push_blanks(&mut out, &mut blanks);
                let takes =
                    |c: u8| c == quote || c == b' ' || c == b'\n' || (quote == b'"' && c == b'\\');
                let end = (bytes[i + 1..].iter().position(|&c| takes(c)))
                    .map_or(bytes.len(), |k| i + 1 + k);
                out.push_str(&body[i..end]);
                i = end;
            }
        }
    }
}

fn push_blanks(out: &mut String, blanks: &mut usize) {
    out.extend(std::iter::repeat_n(' ', *blanks));
    *blanks = 0;
}

/// Where the text of the line starting at `at` begins, past its
/// indentation; None for a blank line (folded differently) or one at the
/// left margin (which the crate may read as a key or a document marker).
fn next_line(body: &str, at: usize) -> Option<usize> {
    let line = &body[at..];
    let start = at + line.len() - line.trim_start_matches(' ').len();
    match body.as_bytes().get(start) {
        _ if start == at => None,
        None | Some(b'\n') => None,
        Some(_) => Some(start),
    }
}

/// A double-quoted escape after its backslash: the character and how
/// many bytes it took. None for an escape yaml-rust2 rejects, and for a
/// tab, which the flat shape does not take.
fn escape(s: &str) -> Option<(char, usize)> {
    let simple = match s.as_bytes().first()? {
        b'0' => '\0',
        b'a' => '\x07',
        b'b' => '\x08',
        b't' => '\t',
        b'n' => '\n',
        b'v' => '\x0b',
        b'f' => '\x0c',
        b'r' => '\r',
        b'e' => '\x1b',
        b' ' => ' ',
        b'"' => '"',
        b'/' => '/',
        b'\\' => '\\',
        b'N' => '\u{85}',
        b'_' => '\u{a0}',
        b'L' => '\u{2028}',
        b'P' => '\u{2029}',
        b'x' => return hex_escape(s, 2),
        b'u' => return hex_escape(s, 4),
        b'U' => return hex_escape(s, 8),
        _ => return None,
    };
    Some((simple, 1))
}

fn hex_escape(s: &str, digits: usize) -> Option<(char, usize)> {
    let hex = s.get(1..1 + digits)?;
    if !hex.bytes().all(|b| b.is_ascii_hexdigit()) {
        return None;
    }
    let c = char::from_u32(u32::from_str_radix(hex, 16).ok()?)?;
    Some((c, 1 + digits))
}

#[cfg(test)]
mod tests {
    use super::*;

    /// What the YAML crate reads: the oracle.
    fn by_crate(block: &str) -> Option<Vec<(String, String)>> {
        crate::metadata::yaml_fields_by_crate(block)
    }

    fn agree(block: &str) -> Option<Vec<(String, String)>> {
        let fast = fields(block);
        if fast.is_some() {
            assert_eq!(fast, by_crate(block), "{block:?}");
        }
        fast
    }

    #[test]
    fn flat_headers_are_read_as_the_crate_reads_them() {
        let block = "date: '2024-10-29'\nmodified_time: 2024-10-31 14:03:42-04:00\nsource_url: https://example.org/a/b/\ntags: statements-releases\ntitle: \"A Note on\\_Harbor\\_Access and the\\\n  \\ Port's Future\"\n";
        let got = agree(block).expect("flat");
        assert_eq!(got[0], ("date".into(), "2024-10-29".into()));
        assert_eq!(
            got[4].1,
            "A Note on\u{a0}Harbor\u{a0}Access and the Port's Future"
        );
        // Folded lines, quotes doubled, numbers typed, nulls dropped.
        let got = agree("title: \"one\n  two  \"\nn: 0042\nx: 'it''s'\ny: true\nz: 1.5e3\n")
            .expect("flat");
        assert_eq!(
            got,
            [
                ("title".into(), "one two  ".into()),
                ("n".into(), "42".into()),
                ("x".into(), "it's".into()),
                ("z".into(), "1.5e3".into())
            ]
        );
    }

    /// Quoted values copy runs of plain characters at once: the blanks
    /// before a break still go, those within a line stay.
    #[test]
    fn quoted_runs_fold_as_the_crate_folds_them() {
        for (block, want) in [
            ("t: \"one  \n  two\"\n", "one two"),
            ("t: 'one  \n  two'\n", "one two"),
            ("t: \"a b  c\\\\d\"\n", "a b  c\\d"),
            ("t: 'it''s  a\\b'\n", "it's  a\\b"),
            ("t: \"é\u{a0}x  \n y z \"\n", "é\u{a0}x y z "),
        ] {
            let got = agree(block).expect("flat");
            assert_eq!(got, [("t".to_string(), want.to_string())], "{block:?}");
        }
    }

    #[test]
    fn other_shapes_are_left_to_the_crate() {
        for block in [
            "a: b\na: c\n",
            "a: b # note\n",
            "a:\n  - x\n",
            "a: [x, y]\n",
            "a: |\n  x\n",
            "a: \"x\" # c\n",
            "a: \"x\n\n  y\"\n",
            "a: \"\\q\"\n",
            "a: \"x\n--- y\"\n",
            "a: b\n  c\n",
            "a: b\tc\n",
            "true: x\n",
            "a: &r x\n",
            "",
            "a: b",
        ] {
            assert_eq!(agree(block), None, "{block:?}");
        }
    }

    proptest::proptest! {
        #![proptest_config(proptest::prelude::ProptestConfig::with_cases(20000))]
        /// Whatever the fast reader answers, the crate answers too.
        #[test]
        fn the_fast_reader_agrees_with_the_crate(
            lines in proptest::collection::vec(
                (
                    proptest::sample::select(&["title", "date", "url", "a-b", "x_1", "true", "null", "Tags", "e1"][..]),
                    proptest::collection::vec(
                        proptest::sample::select(&[
                            "\"", "'", "''", "a", "Z", "1", "0x1F", "+5", "-3", ".inf", "~", "null", "true",
                            " ", "  ", "\n", "\n  ", "\\", "\\_", "\\\n", "\\x41", "\\u00e9", "\\U0001F600",
                            "\\q", "\\x4", ":", ": ", " #", "#", "-", "---", "...", "é", "\u{a0}", "\u{85}",
                            "\u{2028}", "[", "{", "&", "*", "!", "|", ">", "%", "@", "`", "2024-10-29", "\t",
                        ][..]),
                        0..8,
                    ),
                ),
                0..5,
            )
        ) {
            let block: String = lines
                .iter()
                .map(|(k, v)| format!("{k}: {}\n", v.concat()))
                .collect();
            agree(&block);
            // The same values quoted, which random openings seldom are.
            for q in ["\"", "'"] {
                let block: String = lines
                    .iter()
                    .map(|(k, v)| format!("{k}: {q}{}{q}\n", v.concat()))
                    .collect();
                agree(&block);
            }
        }
    }

    /// Every header of the White House archive, when ../shared holds it:
    /// the fast reader agrees with the crate, and reads most of them.
    #[test]
    #[allow(clippy::print_stderr)] // says when the archive is absent, and how much was read
    fn the_archive_headers_agree_with_the_crate() {
        let root = std::path::Path::new(env!("CARGO_MANIFEST_DIR"))
            .join("../../../shared/corpora/whitehouse");
        let Ok(entries) = std::fs::read_dir(&root) else {
            eprintln!("skipped: {} is absent", root.display());
            return;
        };
        let mut stack: Vec<std::path::PathBuf> = entries.flatten().map(|e| e.path()).collect();
        let (mut seen, mut fast) = (0, 0);
        while let Some(path) = stack.pop() {
            if path.is_dir() {
                stack.extend(
                    std::fs::read_dir(&path)
                        .into_iter()
                        .flatten()
                        .flatten()
                        .map(|e| e.path()),
                );
                continue;
            }
            let Ok(text) = std::fs::read_to_string(&path) else {
                continue;
            };
            let Some(block) = crate::metadata::yaml_block(&text) else {
                continue;
            };
            seen += 1;
            fast += usize::from(agree(block).is_some());
        }
        eprintln!("{fast} of {seen} headers read without the crate");
        assert!(fast * 2 > seen, "{fast} of {seen}");
    }
}
