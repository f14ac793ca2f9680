//! Head nouns and the body types they give (`... Command` military,
//! `... Agency` gov), and the word lists that stop or type a name.

use super::*;

/// Plural nouns for people, which lead a sentence (`Members of the
/// National Assembly`) but never a name.
pub(super) static PEOPLE: LazyLock<Vec<&str>> =
    LazyLock::new(|| wordlists::parse(include_str!("../../data/words/people.csv")));

pub(super) const CONNECTORS: &[&str] = &["of", "for", "and", "on", "the", "&", "de", "in"];

/// Leading words that are not part of a name (`The`, `Bilateral`, `In`).
pub(super) static LEADING_STOP: LazyLock<Vec<&str>> =
    LazyLock::new(|| wordlists::parse(include_str!("../../data/words/leading_stop.csv")));

/// Words that end an event's name: a chunk ending in one is no body.
pub(super) static EVENT_NOUNS: LazyLock<Vec<&str>> =
    LazyLock::new(|| wordlists::parse(include_str!("../../data/words/event_nouns.csv")));

/// Tokens that make a following `Forces` a named force (`Armed Forces`,
/// `U.S. Forces Korea`), not a list word (`Installations and Forces`).
pub(super) static FORCES_QUALIFIERS: LazyLock<Vec<&str>> =
    LazyLock::new(|| wordlists::parse(include_str!("../../data/words/forces_qualifiers.csv")));

/// Head noun of a name and the type it gives, or None.
pub(super) fn head_type(tokens: &[Token<'_>], i: usize) -> Option<BodyType> {
    let t = tokens[i].text;
    let prev = i.checked_sub(1).map(|j| tokens[j].text).unwrap_or("");
    // A head joined to a place by a hyphen: `Marine Rotational Force-Darwin`.
    if let Some((head, place)) = t.split_once('-') {
        if is_cap(place) && !head.is_empty() {
            return head_word_type(head, prev);
        }
    }
    head_word_type(t, prev)
}

pub(super) fn head_word_type(t: &str, prev: &str) -> Option<BodyType> {
    use BodyType::*;
    Some(match t {
        "Command" | "Army" | "Navy" | "Corps" | "Fleet" | "Division" | "Brigade" | "Regiment"
        | "Battalion" | "Squadron" | "Wing" | "Guard" | "Force" | "Marines" | "Headquarters"
        | "Battlegroup" | "Battlegroups" => Military,
        // `EU Military Staff`, `Joint Staff`; not `White House Staff`.
        "Staff" if matches!(prev, "Military" | "Joint" | "General" | "Naval" | "Air") => Military,
        "Forces" if FORCES_QUALIFIERS.contains(&prev) => Military,
        // `Army Reserve`, `Air Force Reserve`; not `Federal Reserve`.
        "Reserve"
            if matches!(
                prev,
                "Army" | "Navy" | "Naval" | "Force" | "Corps" | "Marine"
            ) =>
        {
            Military
        }
        "Agency" | "Department" | "Ministry" | "Office" | "Bureau" | "Service" | "Congress"
        | "Parliament" | "Assembly" | "Senate" | "Cabinet" | "Commission" | "Secretariat" => Gov,
        // `Carrier Strike Group`, `Amphibious Ready Group`, `Standing NATO
        // Maritime Group`, `10th Special Forces Group` are formations.
        "Group"
            if matches!(
                prev,
                "Strike" | "Battle" | "Ready" | "Task" | "Army" | "Forces" | "Maritime"
            ) =>
        {
            Military
        }
        "Group" | "Committee" | "Dialogue" | "Forum" | "Council" | "Coalition" => Group,
        // `Mutual Defense Board`; `the Board` alone names nothing.
        "Board" if is_cap(prev) => Group,
        // `Defense Acquisition Program Administration`, `Federal Aviation
        // Administration`.
        "Administration" if is_cap(prev) => Gov,
        "Meeting" if matches!(prev, "Consultative" | "Group" | "Committee" | "Ministerial") => {
            Group
        }
        "Organization" | "Organisation" | "Foundation" | "Institute" | "Institution" | "Center"
        | "Centre" | "University" | "College" | "Corporation" | "Company" | "Association"
        | "Society" | "Endowment" | "Laboratory" | "Laboratories" | "Academy" | "Inc."
        | "Corp." | "Ltd." => Org,
        // `United Nations Mission in South Sudan`, `EU Training Mission`.
        "Fund" | "Bank" | "Mission" if is_cap(prev) => Org,
        "Base" | "Garrison" | "Airfield" | "Station" | "Barracks" | "Arsenal" | "Depot"
            if is_cap(prev) =>
        {
            Installation
        }
        // `Oxford University Press`: a publisher; `the press` is no body.
        "Press" if prev == "University" => Org,
        "Treaty" | "Act" | "Declaration" | "Agreement" | "Arrangement" | "Accord" | "Accords"
        | "Protocol" | "Convention" | "Charter" | "Law" | "Statement" | "Communique"
        | "Strategy" | "Framework" | "Principles" | "Doctrine" | "Guidelines" | "Review"
        | "Resolution" => Agreement,
        "Exercise" => Exercise,
        _ => return None,
    })
}
