//! Numerals as English writes them: `28,500`, `28.5 thousand`, `1.2 million`,
//! `twenty-eight thousand five hundred`, and ordinals (`70th`, `seventieth`).
//! Shared by the dates extractor (relative expressions) and troop figures.

/// Regex fragment for one spelled-out number word (used inside larger
/// patterns): the words of [`NUMBER_WORDS`] (a test checks they agree).
pub const NUMBER_WORD: &str = "(?:zero|one|two|three|four|five|six|seven|eight|nine|ten|eleven|twelve|thirteen|fourteen|fifteen|sixteen|seventeen|eighteen|nineteen|twenty|thirty|forty|fifty|sixty|seventy|eighty|ninety|hundred|thousand|million|billion)";

/// The spelled-out number words [`NUMBER_WORD`] matches, for tests of a
/// word that need no regex.
pub const NUMBER_WORDS: &[&str] = &[
    "zero",
    "one",
    "two",
    "three",
    "four",
    "five",
    "six",
    "seven",
    "eight",
    "nine",
    "ten",
    "eleven",
    "twelve",
    "thirteen",
    "fourteen",
    "fifteen",
    "sixteen",
    "seventeen",
    "eighteen",
    "nineteen",
    "twenty",
    "thirty",
    "forty",
    "fifty",
    "sixty",
    "seventy",
    "eighty",
    "ninety",
    "hundred",
    "thousand",
    "million",
    "billion",
];

/// True when `word` is one of [`NUMBER_WORDS`] in any ASCII case.
pub fn is_number_word(word: &[u8]) -> bool {
    // Most words fail on their first letter or their length, before the
    // list is read.
    let Some(&first) = word.first() else {
        return false;
    };
    NUMBER_WORD_STARTS[usize::from(first.to_ascii_lowercase())]
        && (3..=9).contains(&word.len())
        && NUMBER_WORDS
            .iter()
            .any(|w| w.as_bytes().eq_ignore_ascii_case(word))
}

/// The first letters of [`NUMBER_WORDS`], by byte.
const NUMBER_WORD_STARTS: [bool; 256] = {
    let mut starts = [false; 256];
    let mut i = 0;
    while i < NUMBER_WORDS.len() {
        starts[NUMBER_WORDS[i].as_bytes()[0] as usize] = true;
        i += 1;
    }
    starts
};

fn small_word(w: &str) -> Option<u64> {
    Some(match w {
        "zero" => 0,
        "one" | "a" | "an" => 1,
        "two" => 2,
        "three" => 3,
        "four" => 4,
        "five" => 5,
        "six" => 6,
        "seven" => 7,
        "eight" => 8,
        "nine" => 9,
        "ten" => 10,
        "eleven" => 11,
        "twelve" => 12,
        "thirteen" => 13,
        "fourteen" => 14,
        "fifteen" => 15,
        "sixteen" => 16,
        "seventeen" => 17,
        "eighteen" => 18,
        "nineteen" => 19,
        "twenty" => 20,
        "thirty" => 30,
        "forty" => 40,
        "fifty" => 50,
        "sixty" => 60,
        "seventy" => 70,
        "eighty" => 80,
        "ninety" => 90,
        _ => return None,
    })
}

fn scale_word(w: &str) -> Option<u64> {
    Some(match w {
        "hundred" => 100,
        "thousand" => 1_000,
        "million" => 1_000_000,
        "billion" => 1_000_000_000,
        _ => return None,
    })
}

/// Parses spelled-out English numbers: `two thousand`, `twenty-eight
/// thousand five hundred`, `a hundred and ten`. None if any word is not a
/// number word.
pub fn parse_words(s: &str) -> Option<u64> {
    let lower = s.to_lowercase();
    let words: Vec<&str> = lower
        .split(|c: char| c.is_whitespace() || c == '-')
        .filter(|w| !w.is_empty() && *w != "and")
        .collect();
    if words.is_empty() {
        return None;
    }
    let (mut total, mut current) = (0u64, 0u64);
    let mut seen_any = false;
    for w in words {
        if let Some(v) = small_word(w) {
            current = current.checked_add(v)?;
            seen_any = true;
        } else if let Some(scale) = scale_word(w) {
            let base = if current == 0 { 1 } else { current };
            if scale == 100 {
                current = base.checked_mul(100)?;
            } else {
                total = total.checked_add(base.checked_mul(scale)?)?;
                current = 0;
            }
            seen_any = true;
        } else {
            return None;
        }
    }
    seen_any.then_some(total + current)
}

/// Parses a digit numeral with optional thousands separators and decimals,
/// and an optional scale word: `28,500`, `28500`, `28.5 thousand`, `1.2 million`.
/// Returns None for malformed grouping such as `28,50`.
pub fn parse_numeral(s: &str) -> Option<u64> {
    let s = s.trim();
    let (num, scale) = match s.rsplit_once(char::is_whitespace) {
        Some((n, w)) if scale_word(&w.to_lowercase()).is_some() => {
            (n.trim(), scale_word(&w.to_lowercase())?)
        }
        _ => (s, 1),
    };
    let (int_part, frac_part) = match num.split_once('.') {
        Some((i, f)) => (i, f),
        None => (num, ""),
    };
    if int_part.contains(',') {
        let groups: Vec<&str> = int_part.split(',').collect();
        let first_ok = (1..=3).contains(&groups[0].len());
        if !first_ok || groups[1..].iter().any(|g| g.len() != 3) {
            return None;
        }
    }
    let digits: String = int_part.chars().filter(char::is_ascii_digit).collect();
    if digits.is_empty() || !frac_part.bytes().all(|b| b.is_ascii_digit()) {
        return None;
    }
    let int: u64 = digits.parse().ok()?;
    let mut value = int.checked_mul(scale)?;
    if !frac_part.is_empty() {
        let frac: f64 = format!("0.{frac_part}").parse().ok()?;
        value = value.checked_add((frac * scale as f64).round() as u64)?;
    }
    Some(value)
}

/// Parses any number the extractors accept: digits or words.
pub fn parse_any(s: &str) -> Option<u64> {
    parse_numeral(s).or_else(|| parse_words(s))
}

/// Parses an ordinal: `70th`, `1st`, `seventieth`, `hundredth`, `first`.
pub fn parse_ordinal(s: &str) -> Option<u64> {
    let lower = s.trim().to_lowercase();
    for suf in ["st", "nd", "rd", "th"] {
        if let Some(d) = lower.strip_suffix(suf) {
            if !d.is_empty() && d.bytes().all(|b| b.is_ascii_digit()) {
                return d.parse().ok();
            }
        }
    }
    let irregular = [
        ("first", "one"),
        ("second", "two"),
        ("third", "three"),
        ("fifth", "five"),
        ("eighth", "eight"),
        ("ninth", "nine"),
        ("twelfth", "twelve"),
    ];
    let (head, last) = match lower.rfind([' ', '-']) {
        Some(i) => (&lower[..=i], &lower[i + 1..]),
        None => ("", lower.as_str()),
    };
    let cardinal_last = if let Some((_, c)) = irregular.iter().find(|(o, _)| *o == last) {
        (*c).to_string()
    } else if let Some(stem) = last.strip_suffix("ieth") {
        format!("{stem}y")
    } else if let Some(stem) = last.strip_suffix("th") {
        stem.to_string()
    } else {
        return None;
    };
    parse_words(&format!("{head}{cardinal_last}"))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn number_word_lists_agree() {
        assert_eq!(NUMBER_WORD, format!("(?:{})", NUMBER_WORDS.join("|")));
        assert!(is_number_word(b"Thousand") && is_number_word(b"SIX"));
        assert!(!is_number_word(b"someone") && !is_number_word(b""));
        let lengths = NUMBER_WORDS.iter().map(|w| w.len());
        assert_eq!((lengths.clone().min(), lengths.max()), (Some(3), Some(9)));
        assert!(NUMBER_WORDS
            .iter()
            .all(|w| is_number_word(w.to_uppercase().as_bytes())));
    }

    #[test]
    fn numerals() {
        assert_eq!(parse_numeral("28,500"), Some(28_500));
        assert_eq!(parse_numeral("28500"), Some(28_500));
        assert_eq!(parse_numeral("28.5 thousand"), Some(28_500));
        assert_eq!(parse_numeral("1.2 million"), Some(1_200_000));
        assert_eq!(parse_numeral("28,50"), None);
        assert_eq!(parse_numeral("1,2345"), None);
        assert_eq!(parse_numeral("abc"), None);
    }

    #[test]
    fn words() {
        assert_eq!(parse_words("two thousand"), Some(2_000));
        assert_eq!(
            parse_words("twenty-eight thousand five hundred"),
            Some(28_500)
        );
        assert_eq!(parse_words("Seventy"), Some(70));
        assert_eq!(parse_words("a hundred and ten"), Some(110));
        assert_eq!(parse_words("many"), None);
        assert_eq!(parse_words(""), None);
    }

    #[test]
    fn ordinals() {
        assert_eq!(parse_ordinal("70th"), Some(70));
        assert_eq!(parse_ordinal("1st"), Some(1));
        assert_eq!(parse_ordinal("seventieth"), Some(70));
        assert_eq!(parse_ordinal("twenty-first"), Some(21));
        assert_eq!(parse_ordinal("hundredth"), Some(100));
        assert_eq!(parse_ordinal("fifth"), Some(5));
        assert_eq!(parse_ordinal("month"), None);
    }
}
