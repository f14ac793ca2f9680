//! Trigger words as data: per extractor, the words its gated patterns
//! cannot match without (see `gate`), each with the family bits of the
//! patterns it serves. `gate` builds one automaton from all of them; the
//! extractors name the families when they declare their patterns. Kept
//! apart from both so neither depends on the other.

/// The `dates` lane.
pub mod dates {
    pub const YEAR: u16 = 1;
    pub const MONTH_WORD: u16 = 1 << 1;
    pub const DECADE: u16 = 1 << 2;
    pub const CENTURY: u16 = 1 << 3;
    pub const DAY_WORD: u16 = 1 << 4;
    pub const SEASON: u16 = 1 << 5;
    pub const WEEK: u16 = 1 << 6;
    pub const ANNIVERSARY: u16 = 1 << 7;
    pub const QUARTER: u16 = 1 << 8;
    pub const MONTH_NAME: u16 = 1 << 9;
    /// A run of exactly four ASCII digits, found by the dates scan itself
    /// (`patterns::scan_with`), not by the trigger pass: every numeric
    /// date and year holds one.
    pub const FOUR_DIGITS: u16 = 1 << 10;
    pub const DAY_NAME: u16 = 1 << 11;
    /// `FY` and `fiscal`: a fiscal year.
    pub const FISCAL: u16 = 1 << 12;

    /// Trigger words, matched ASCII-case-insensitively anywhere (`centur` in
    /// `twenty-first-century`, `year` in `years`), with their families.
    pub const WORDS: &[(&str, u16)] = &[
        ("year", YEAR),
        ("month", MONTH_WORD),
        ("decade", DECADE),
        ("centur", CENTURY),
        ("yesterday", DAY_WORD),
        ("tomorrow", DAY_WORD),
        ("spring", SEASON),
        ("summer", SEASON),
        ("fall", SEASON),
        ("autumn", SEASON),
        ("winter", SEASON),
        ("week", WEEK),
        ("anniversar", ANNIVERSARY),
        ("centennial", ANNIVERSARY),
        ("centenar", ANNIVERSARY),
        ("quarter", QUARTER),
        ("q1", QUARTER),
        ("q2", QUARTER),
        ("q3", QUARTER),
        ("q4", QUARTER),
        ("half", QUARTER),
        ("h1", QUARTER),
        ("h2", QUARTER),
        ("1h", QUARTER),
        ("2h", QUARTER),
        ("monday", DAY_NAME),
        ("tuesday", DAY_NAME),
        ("wednesday", DAY_NAME),
        ("thursday", DAY_NAME),
        ("friday", DAY_NAME),
        ("saturday", DAY_NAME),
        ("sunday", DAY_NAME),
        ("fy", FISCAL),
        ("fiscal", FISCAL),
    ];
}

/// The `troops` lane.
pub mod troops {
    pub const PERSONNEL_WORD: u16 = 1;
    pub const NUMBERING: u16 = 1 << 1;
    pub const FORCE_OF: u16 = 1 << 2;
    pub const STRONG: u16 = 1 << 3;
    /// `troop levels`, `troop numbers`: the level frame's noun.
    pub const TROOP: u16 = 1 << 4;
    /// `strength`: a strength frame, or a table's header cell.
    pub const STRENGTH: u16 = 1 << 5;
    /// `active`: a split into active and reserve personnel.
    pub const ACTIVE: u16 = 1 << 6;

    /// Trigger words (ASCII case-insensitive, anywhere in a word) covering
    /// every alternative of [`PERSONNEL`] and of the frames.
    pub const WORDS: &[(&str, u16)] = &[
        ("service", PERSONNEL_WORD),
        ("personnel", PERSONNEL_WORD),
        ("troop", PERSONNEL_WORD | STRONG | TROOP),
        ("soldier", PERSONNEL_WORD | STRONG),
        ("marine", PERSONNEL_WORD),
        ("sailor", PERSONNEL_WORD),
        ("airmen", PERSONNEL_WORD),
        ("guardsmen", PERSONNEL_WORD),
        ("reservist", PERSONNEL_WORD),
        ("commando", PERSONNEL_WORD),
        ("peacekeeper", PERSONNEL_WORD),
        ("infantrymen", PERSONNEL_WORD),
        ("conscript", PERSONNEL_WORD),
        ("force", PERSONNEL_WORD | FORCE_OF),
        ("number", NUMBERING),
        ("total", NUMBERING),
        ("contingent", FORCE_OF),
        ("garrison", FORCE_OF),
        ("army", FORCE_OF),
        ("deployment", FORCE_OF),
        ("-strong", STRONG),
        ("-person", STRONG),
        ("-man", STRONG),
        ("-member", STRONG),
        ("strength", STRENGTH),
        ("active", ACTIVE),
    ];
}

/// The `identifiers` lane.
pub mod identifiers {
    pub const WORDS: &[(&str, u16)] = &[("19", 1), ("20", 1)];
}
