//! Claims: what a troop figure says, in the terms the checks compare.
//!
//! A figure is a claim about a quantity: whose forces (`force`), where
//! (`place`), and which of them (`counted`: a service, or the forces as a
//! whole), at a time. Sources name these many ways; a claim names each
//! one way, so that `U.S.`, `American`, `United States` and `United States
//! Armed Forces` are one force, `ROK` and `Republic of Korea` one place,
//! and a mission or command stands for the country it serves in (`MFO`
//! is in Egypt, `KFOR` in Kosovo, `USFK` in South Korea).
//!
//! Not every figure is a force level: casualties, a change (`an
//! additional 17,000`), civilians and civilian agencies' staff count
//! people, not the forces stationed somewhere.

use std::sync::LazyLock;

use regex::Regex;

use crate::gazetteer::{self, Form};
use crate::names::name_key;

/// `data/missions.csv`: missions and commands, and the country each
/// serves in (`MFO,Egypt`).
static MISSIONS: LazyLock<Vec<(&'static str, &'static str)>> = LazyLock::new(|| {
    include_str!("../data/missions.csv")
        .lines()
        .skip(1)
        .filter_map(|l| l.split_once(','))
        .collect()
});

/// The missions' names as one regex, whole words, longest first.
static MISSION_NAMES: LazyLock<Regex> = LazyLock::new(|| {
    let names: Vec<&str> = MISSIONS.iter().map(|m| m.0).collect();
    names_regex(&names)
});

pub use crate::gazetteer::names_regex;

/// The country a mission or command serves in, by its name (white space
/// folded).
pub fn mission_place(name: &str) -> Option<&'static str> {
    let name = name.split_whitespace().collect::<Vec<_>>().join(" ");
    MISSIONS.iter().find(|m| m.0 == name).map(|m| m.1)
}

/// The one country the missions named in `text` serve in (`the United
/// States contingent of the Multinational Force and Observers` is in
/// Egypt); None when `text` names none, or missions in two countries.
pub fn missions_place(text: &str) -> Option<&'static str> {
    let mut found = MISSION_NAMES
        .find_iter(text)
        .filter_map(|m| mission_place(m.as_str()));
    let first = found.next()?;
    found.all(|c| c == first).then_some(first)
}

/// Words for a whole military: `U.S. Armed Forces` is the U.S.
const WHOLE_MILITARY: &[&str] = &[
    " Self-Defense Forces",
    " Self-Defense Force",
    " Defence Forces",
    " Defence Force",
    " Defense Forces",
    " Defense Force",
    " Armed Forces",
    " armed forces",
    " Armed",
    " military",
    " Military",
    " forces",
    " Forces",
];

/// The services a figure may count, by the words that name them.
const SERVICES: &[(&str, &str)] = &[
    ("Air Force", "air force"),
    ("Army", "army"),
    ("Coast Guard", "coast guard"),
    ("Marine Corps", "marines"),
    ("Marines", "marines"),
    ("Navy", "navy"),
    ("Space Force", "space force"),
];

/// Whose forces, one name per state: `U.S.`, `US`, `American`, `United
/// States` and `United States Armed Forces` are `United States`; a
/// service of a state is the state (`ROK Army`: `South Korea`), its
/// service being what is [`counted`]. Other forces (`NATO`, `KFOR`) keep a
/// folded name.
pub fn force_key(force: &str) -> String {
    let force = force.trim();
    if force.is_empty() {
        return String::new();
    }
    let mut base = force;
    // `U.S. Forces Korea`: a command named for where it stands is its
    // state's.
    if let Some((owner, place)) = force.rsplit_once(" Forces ") {
        if gazetteer::state_of(place).is_some() || mission_place(force).is_some() {
            base = owner;
        }
    }
    for (word, _) in SERVICES {
        if let Some(b) = base.strip_suffix(word) {
            base = b.trim_end();
            break;
        }
    }
    for w in WHOLE_MILITARY {
        if let Some(b) = base.strip_suffix(w) {
            base = b.trim_end();
            break;
        }
    }
    if let Some(state) = gazetteer::state_of(base) {
        return state.to_string();
    }
    match name_key(base, false).as_str() {
        "us" | "american" | "us military" | "americans" => "United States".into(),
        _ if base.is_empty() => String::new(),
        k => k.to_string(),
    }
}

/// Which of a force's people a figure counts: a service named in the
/// force (`ROK Army`) or by the figure's noun (`marines`, `sailors`,
/// `airmen`), else the forces as a whole (empty).
pub fn counted(force: &str, unit: &str) -> &'static str {
    if let Some((_, s)) = SERVICES.iter().find(|(w, _)| force.ends_with(w)) {
        return s;
    }
    match unit {
        "marines" => "marines",
        "sailors" => "navy",
        "airmen" => "air force",
        _ => "",
    }
}

/// Which part of a force a figure counts, from the figure as written and
/// the word after it in its sentence: `active`, `reserve` or
/// `paramilitary`, else the whole (empty). `599,000 active and 3,100,000
/// reserve` are two parts of one total.
pub fn component(text: &str, context: &str) -> &'static str {
    let at = context.find(text);
    let after = at
        .map_or("", |i| &context[i + text.len()..])
        .split_whitespace()
        .next()
        .unwrap_or("");
    // A table's or an infobox's label before the cell: `| Reserve
    // personnel | 29,560 |`.
    let label = at.map_or("", |i| &context[..i]);
    let label = label.rsplit(['\n', ';', '.']).next().unwrap_or("");
    let before: Vec<&str> = label
        .split(|c: char| c.is_whitespace() || c == '|' || c == ':')
        .filter(|w| !w.is_empty())
        .rev()
        .take(3)
        .collect();
    let words = text
        .split_whitespace()
        .chain(std::iter::once(after))
        .chain(before);
    for w in words {
        match w
            .trim_matches(|c: char| !c.is_alphabetic())
            .to_lowercase()
            .as_str()
        {
            "active" | "active-duty" => return "active",
            "reserve" | "reserves" | "reservists" | "reservist" => return "reserve",
            "paramilitary" => return "paramilitary",
            _ => {}
        }
    }
    ""
}

/// Where a figure with no place of its own stands, when its force is a
/// state's armed forces or one of its services (`the Harbor Army has
/// 90,000 soldiers`): at home, that is its strength. A bare demonym
/// (`500 U.S. troops`) says nothing of where.
pub fn home_place(force: &str, context: &str) -> Option<String> {
    // Forces sent, stationed or assigned somewhere are not at home, even
    // when the text does not say where.
    static AWAY: LazyLock<Regex> = LazyLock::new(|| {
        Regex::new(r"(?i)(?-u:\b)(?:deploy\w*|station\w*|assign\w*|based|rotat\w*|sen[dt]|surg\w*|abroad|overseas|pre-positioned)(?-u:\b)")
            .expect("valid regex")
    });
    if AWAY.is_match(context) {
        return None;
    }
    const WHOLE: &[&str] = &[
        "Armed Forces",
        "armed forces",
        "Self-Defense Forces",
        "Defence Force",
        "Defense Force",
        "military",
        "Military",
    ];
    let names_military = SERVICES.iter().any(|(w, _)| force.ends_with(w))
        || WHOLE.iter().any(|w| force.ends_with(w));
    let state = force_key(force);
    (names_military && gazetteer::state_of(&state).is_some()).then_some(state)
}

/// Where, one name per country: a state's name, short form or territory
/// is its state (`Okinawa` is `Japan`), a mission its country; a region
/// keeps its name.
pub fn place_key(location: &str) -> String {
    let loc = location.trim().trim_start_matches("the ");
    // A place is a name: `the` alone, or a lower-case word, is none.
    if !loc.starts_with(char::is_uppercase) {
        return String::new();
    }
    if let Some(state) = gazetteer::state_of(loc) {
        return state.to_string();
    }
    if let Some(c) = gazetteer::entries()
        .iter()
        .find(|e| e.form == Form::Territory && e.surface == loc)
        .map(|e| e.country)
    {
        return c.to_string();
    }
    if let Some(c) = mission_place(loc) {
        return c.to_string();
    }
    // A state's name inside the place (`Q Japan` from a transcript).
    if let Some(m) = STATE_NAMES.find(loc) {
        if let Some(state) = gazetteer::state_of(m.as_str()) {
            return state.to_string();
        }
    }
    loc.to_string()
}

/// States by name, as a regex.
static STATE_NAMES: LazyLock<Regex> =
    LazyLock::new(|| names_regex(&gazetteer::surfaces(&[Form::Name])));

/// Where a figure is: its location (see [`place_key`]), else the country
/// its force serves in (`KFOR`: Kosovo; `U.S. Forces Korea`: South
/// Korea), else a state's own service at home ([`home_place`]).
pub fn place_of(force: &str, location: &str, context: &str) -> String {
    let place = place_key(location);
    if !place.is_empty() {
        return place;
    }
    if let Some(c) = mission_place(force.trim()) {
        return c.to_string();
    }
    force
        .rsplit_once(" Forces ")
        .and_then(|(_, p)| gazetteer::state_of(p))
        .map(str::to_string)
        .or_else(|| home_place(force, context))
        .unwrap_or_default()
}

/// Why a figure is no force level, if it is not: it counts casualties, a
/// change, civilians or a civilian agency's staff.
pub fn not_a_level(value: u64, text: &str, context: &str, force: &str) -> Option<&'static str> {
    // `an increase of 250 personnel` is a change; `an additional 4,000
    // troops` is one when they are sent, not when they are stationed
    // beside others (`600,000 troops, with an additional 50,000 allied
    // personnel stationed in the country`).
    static DELTA: LazyLock<Regex> = LazyLock::new(|| {
        Regex::new(r"(?i)(?-u:\b)(?:increase|decrease|reduction|cut|drawdown|surge|rise|drop)\s+of\s+(?:(?:about|approximately|around|some|roughly|nearly|almost|up\s+to|over|more\s+than)\s+)?$")
            .expect("valid regex")
    });
    static ADDED: LazyLock<Regex> = LazyLock::new(|| {
        Regex::new(r"(?i)(?-u:\b)(?:additional|another|more|fewer|extra)\s+(?:(?:about|approximately|around|some|roughly|nearly|almost|up\s+to|over|more\s+than)\s+)?$")
            .expect("valid regex")
    });
    static SENT: LazyLock<Regex> = LazyLock::new(|| {
        Regex::new(r"(?i)(?-u:\b)(?:deploy(?:s|ed|ing)?|sen[dt]s?|sending|dispatch(?:es|ed)?|order(?:s|ed)?|surg(?:e|es|ed)|add(?:s|ed)?|withdr[ae]w(?:s|n)?|pull(?:s|ed)?\s+out|brought|bring(?:s|ing)?)(?-u:\b)")
            .expect("valid regex")
    });
    static HARM: LazyLock<Regex> = LazyLock::new(|| {
        Regex::new(r"(?i)(?-u:\b)(?:kill(?:ed|s|ing)?|wound(?:ed|s|ing)?|injur(?:ed|es|ies|ing)|died|dies|dead|deaths?|casualt(?:y|ies)|missing\s+in\s+action|taken\s+hostage|captured|lost\s+their\s+lives|perished|fallen|Medal\s+of\s+Honor)(?-u:\b)")
            .expect("valid regex")
    });
    static CIVIL: LazyLock<Regex> = LazyLock::new(|| {
        Regex::new(r"(?-u:\b)(?:Agency|Administration|Department|FEMA|Service|Bureau|Office|Corps\s+of\s+Engineers|[Ff]ederal|[Cc]ivilian|[Cc]ontractors?)$")
            .expect("valid regex")
    });
    let at = context.find(text);
    let before = at.map_or("", |i| &context[..i]);
    let added = ADDED.is_match(before) || text.to_ascii_lowercase().contains("additional");
    if DELTA.is_match(before) || (added && SENT.is_match(context)) {
        return Some("a change in numbers, not a level");
    }
    if HARM.is_match(context) {
        return Some("casualties, not a force level");
    }
    if CIVIL.is_match(force.trim()) {
        return Some("a civilian agency's staff");
    }
    // A handful of people (`four soldiers received the medal`) is an
    // anecdote, not a force level.
    if value < MIN_LEVEL {
        return Some("a handful of people, not a force level");
    }
    None
}

/// The smallest count read as a force level.
pub const MIN_LEVEL: u64 = 10;

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_missions_file_is_well_formed_sorted_and_names_states() {
        let data = include_str!("../data/missions.csv");
        let mut lines = data.lines();
        assert_eq!(lines.next(), Some("name,country"));
        let rows: Vec<&str> = lines.collect();
        assert!(
            rows.windows(2).all(|w| w[0] < w[1]),
            "sorted, no duplicates"
        );
        for r in &rows {
            let (name, country) = r.split_once(',').expect("two fields");
            assert!(!name.is_empty(), "{r}");
            assert_eq!(gazetteer::state_of(country), Some(country), "{r}");
        }
    }

    #[test]
    fn one_name_per_force_place_and_service() {
        for f in [
            "U.S.",
            "US",
            "American",
            "United States",
            "United States Armed Forces",
            "U.S. military",
        ] {
            assert_eq!(force_key(f), "United States", "{f}");
        }
        assert_eq!(force_key("ROK Army"), "South Korea");
        assert_eq!(force_key("U.S. Forces Korea"), "United States");
        assert_eq!(counted("ROK Army", "personnel"), "army");
        assert_eq!(counted("U.S.", "marines"), "marines");
        assert_eq!(counted("U.S.", "troops"), "");
        assert_eq!(force_key("KFOR"), "kfor");
        assert_eq!(place_key("the Republic of Korea"), "South Korea");
        assert_eq!(place_key("Okinawa"), "Japan");
        assert_eq!(place_key("Kingdom of Saudi Arabia"), "Saudi Arabia");
        assert_eq!(place_key("MFO"), "Egypt");
        assert_eq!(place_key("Eastern Europe"), "Eastern Europe");
        assert_eq!(place_of("KFOR", "", ""), "Kosovo");
        assert_eq!(place_of("U.S. Forces Korea", "", ""), "South Korea");
        assert_eq!(place_of("U.S.", "Poland", ""), "Poland");
        assert_eq!(place_of("U.S.", "", ""), "");
        assert_eq!(
            place_of("ROK Army", "", "It has 90,000 soldiers."),
            "South Korea"
        );
        assert_eq!(place_of("Japan Self-Defense Forces", "", ""), "Japan");
        assert_eq!(
            place_of("U.S. Army", "", "90,000 soldiers are deployed to allies."),
            ""
        );
        assert_eq!(place_key("the"), "");
        assert_eq!(place_key("Q Japan"), "Japan");
        assert_eq!(
            component(
                "599,000",
                "strength of 700,000 (599,000 active and 101,000 reserve)"
            ),
            "active"
        );
        assert_eq!(
            component(
                "101,000",
                "strength of 700,000 (599,000 active and 101,000 reserve)"
            ),
            "reserve"
        );
        assert_eq!(
            component(
                "1.5 million active personnel",
                "It has 1.5 million active personnel."
            ),
            "active"
        );
        assert_eq!(
            component("700,000", "strength of 700,000 (599,000 active)"),
            ""
        );
    }

    #[test]
    fn a_mission_stands_for_its_country() {
        let s = "About 400 U.S. personnel serve with the Multinational Force and Observers.";
        assert_eq!(missions_place(s), Some("Egypt"));
        assert_eq!(
            missions_place("Some 500 are among KFOR's 4,000 personnel."),
            Some("Kosovo")
        );
        assert_eq!(missions_place("UNIFIL and KFOR met."), None);
        assert_eq!(
            missions_place("the Multinational Force and\nObservers"),
            Some("Egypt")
        );
        assert_eq!(missions_place("No mission here."), None);
    }

    #[test]
    fn casualties_changes_and_civilians_are_no_levels() {
        let why = |t: &str, c: &str, f: &str| {
            let value = t
                .split_whitespace()
                .find_map(crate::numbers::parse_any)
                .unwrap_or(0);
            not_a_level(value, t, c, f)
        };
        assert!(why("12 troops", "Rockets wounded 12 troops at the base.", "").is_some());
        assert!(why(
            "two soldiers",
            "A drone attack would kill two soldiers.",
            ""
        )
        .is_some());
        assert!(why(
            "4,000 troops",
            "The Navy sent an additional 4,000 troops.",
            ""
        )
        .is_some());
        let beside =
            "It has 90,000 troops, with an additional 5,000 allied troops stationed there.";
        assert!(why("5,000 allied troops", beside, "").is_none());
        assert!(why(
            "250 personnel",
            "An increase of 250 personnel followed.",
            ""
        )
        .is_some());
        assert!(why("300 personnel", "FEMA sent 300 personnel.", "FEMA").is_some());
        assert!(why(
            "28,500 troops",
            "Some 28,500 troops are stationed there.",
            "U.S."
        )
        .is_none());
    }
}
