//! Unit tests of the bodies extractor.

use super::*;

#[test]
fn heads_file_is_well_formed_sorted_and_compiled_as_written() {
    let data = include_str!("../../data/heads.csv");
    let mut lines = data.lines();
    assert_eq!(lines.next(), Some("head,type,context,previous"));
    let rank = |c: &str| match c {
        "after" | "after_forces_qualifier" => 0,
        "after_capitalized" => 1,
        "any" => 2,
        other => panic!("heads.csv: unknown context {other:?}"),
    };
    let rows: Vec<Vec<&str>> = lines.map(|l| l.split(',').collect()).collect();
    assert!(rows.len() > 50);
    for w in rows.windows(2) {
        assert!(
            (w[0][0], rank(w[0][2])) < (w[1][0], rank(w[1][2])),
            "heads.csv: sort by head, a head's conditional rows first: {:?} / {:?}",
            w[0],
            w[1]
        );
    }
    // The generated match holds every row, in order.
    for row in &rows {
        let [head, kind, context, previous] = row[..] else {
            panic!("four fields: {row:?}");
        };
        assert_eq!(context == "after", !previous.is_empty(), "{row:?}");
        let compiled: Vec<(BodyType, HeadContext)> = rows
            .iter()
            .filter(|r| r[0] == head)
            .map(|r| {
                let ctx = match r[2] {
                    "any" => HeadContext::Any,
                    "after_capitalized" => HeadContext::AfterCapitalized,
                    "after_forces_qualifier" => HeadContext::AfterForcesQualifier,
                    _ => HeadContext::After(Box::leak(
                        r[3].split(';').collect::<Vec<_>>().into_boxed_slice(),
                    )),
                };
                (BodyType::parse(r[1]).expect("type"), ctx)
            })
            .collect();
        assert_eq!(head_rules(head), &compiled[..], "{head}");
        assert!(BodyType::parse(kind).is_some());
    }
    assert!(head_rules("Tuesday").is_empty());
}

#[test]
fn head_nouns_and_their_contexts() {
    for (head, prev, want) in [
        ("Command", "Indo-Pacific", Some(BodyType::Military)),
        ("Staff", "Joint", Some(BodyType::Military)),
        ("Staff", "House", None),
        ("Group", "Strike", Some(BodyType::Military)),
        ("Group", "Planning", Some(BodyType::Group)),
        ("Board", "Defense", Some(BodyType::Group)),
        ("Board", "the", None),
        ("Forces", "Armed", Some(BodyType::Military)),
        ("Forces", "and", None),
        ("Press", "University", Some(BodyType::Org)),
        ("Press", "Associated", None),
        ("Treaty", "", Some(BodyType::Agreement)),
        ("Tuesday", "", None),
    ] {
        assert_eq!(head_word_type(head, prev), want, "{prev} {head}");
    }
}
use crate::acronyms::AcronymExtractor;
use proptest::prelude::*;

static TOKEN_REGEX: LazyLock<Regex> =
    LazyLock::new(|| Regex::new(r"[\p{L}\p{N}][\p{L}\p{N}.'&/-]*").unwrap());

proptest! {
    #![proptest_config(ProptestConfig::with_cases(512))]
    /// The scanner finds what the regex it replaced found.
    #[test]
    fn word_spans_match_the_token_regex(text in "[a-zA-Z0-9 .,'&/()\\-\n\u{2019}\u{e9}\u{4e2d}\u{663}\u{a0}]{0,60}") {
        let want: Vec<(usize, usize)> = TOKEN_REGEX.find_iter(&text).map(|m| (m.start(), m.end())).collect();
        let got: Vec<(usize, usize)> = word_spans(&text).collect();
        prop_assert_eq!(got, want);
    }
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(1000))]
    /// A banner line is found from the bytes of an ASCII line as from
    /// its chars.
    #[test]
    fn shouted_lines_read_from_bytes_as_from_chars(
        line in "(A|B|c|1|-|'| |  |\t|\x0b|\u{c9}|\u{e9}|\u{a0}){0,20}"
    ) {
        let by_chars = line
            .split_whitespace()
            .any(|w| w.chars().filter(|c| c.is_alphabetic()).count() >= 3)
            && !line.chars().any(char::is_lowercase);
        prop_assert_eq!(is_shouted(&line), by_chars);
    }
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(2000))]
    /// Jumping from capital to capital finds the capitalized tokens that
    /// cutting every token finds, with the same run ends.
    #[test]
    fn capital_search_finds_the_capitalized_tokens(
        text in "(Ab|aB|A|x|9|U\\.S\\.|\\.|-|'s|'|&|/| |\n|,|\u{c9}t|\u{e9}T|\u{2160}|\u{24b6}|\u{4e2d}|\u{a0}|\u{2019}){0,30}"
    ) {
        let want: Vec<(usize, usize, usize)> = token_iter_from(&text, 0)
            .filter(|(t, _)| is_cap(t.text))
            .map(|(t, end)| (t.span.0, t.span.1, end))
            .collect();
        let mut got = Vec::new();
        let mut cursor = 0;
        let all = crate::bytescan::capital_positions(text.as_bytes());
        let mut capitals = &all[..];
        while let Some((t, end)) = next_cap_token(&text, &mut capitals, cursor) {
            got.push((t.span.0, t.span.1, end));
            cursor = end;
        }
        prop_assert_eq!(got, want);
    }
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(3000))]
    /// Where the chunker stops a run from the first letter after a gap,
    /// the token there is neither a capital nor a connector, the only
    /// tokens a run takes in.
    #[test]
    fn a_run_ends_early_only_before_a_token_it_would_not_take(
        text in "(of|for|and|on|the|de|in|&|a|x|9|Of|A|\\.|-|'s|,| |  |\n|\u{e9}|\u{c9}|\u{2019}|\u{a0}|\u{4e2d}){0,12}"
    ) {
        if ends_run_at(text.as_bytes(), 0) {
            let next = token_iter_from(&text, 0).next();
            prop_assert!(next.is_some());
            let (t, _) = next.unwrap();
            prop_assert!(!is_cap(t.text) && !CONNECTORS.contains(&t.text), "{:?}", t.text);
        }
    }
}

#[test]
fn a_run_ends_early_before_a_number_or_a_common_word_only() {
    assert!(ends_run_at(b" 1953", 0));
    assert!(ends_run_at(b" , met", 0));
    // A connector, a capital, a letter outside ASCII: the full test.
    for gap in [&b" of the"[..], b" Army", b" \xc3\xa9t", b" in", b"  "] {
        assert!(!ends_run_at(gap, 0), "{:?}", String::from_utf8_lossy(gap));
    }
}

fn run(text: &str) -> Vec<(String, &'static str)> {
    let view = TextView::new(text);
    let mut facts = DocFacts::default();
    AcronymExtractor.extract(&view, &mut facts);
    BodyExtractor::new(Default::default()).extract(&view, &mut facts);
    facts
        .bodies
        .iter()
        .map(|b| (view.raw_text(b.span.clone()).to_string(), b.kind.as_str()))
        .collect()
}

fn has(text: &str, name: &str, kind: &str) {
    let got = run(text);
    assert!(
        got.iter().any(|(n, k)| n == name && *k == kind),
        "{name:?}/{kind} not in {got:?}"
    );
}

#[test]
fn head_nouns_give_types() {
    has(
        "the revised Tailored Deterrence Strategy should",
        "Tailored Deterrence Strategy",
        "agreement",
    );
    has(
        "Established through the U.S.-ROK Mutual Defense Treaty, the",
        "U.S.-ROK Mutual Defense Treaty",
        "agreement",
    );
    has(
        "such as the Counter Missile Working Group to",
        "Counter Missile Working Group",
        "group",
    );
    has(
        "headquarters at Barksdale Air Force Base, Louisiana",
        "Barksdale Air Force Base",
        "installation",
    );
    has("the ROK Armed Forces.", "ROK Armed Forces", "military");
    has(
        "Assistant Professor, Incheon National University",
        "Incheon National University",
        "org",
    );
    has(
        "under the Ministry of National Defense of Korea",
        "Ministry of National Defense of Korea",
        "gov",
    );
    has(
        "the 2024 U.S. Strategic Command Deterrence Essay Award",
        "U.S. Strategic Command",
        "military",
    );
    has(
        "* Camp Humphreys (Pyeongtaek): Largest base",
        "Camp Humphreys",
        "installation",
    );
    has(
        "1 See Congressional Research Office, \"Forces,\" May 2023, p. 14.",
        "Congressional Research Office",
        "gov",
    );
    has(
        "a study by the Atlantic Policy Fund found",
        "Atlantic Policy Fund",
        "org",
    );
    has(
        "loans from the Asian Infrastructure Bank rose",
        "Asian Infrastructure Bank",
        "org",
    );
    has(
        "access to Basa Air Base and Camp Aguinaldo Del Pilar in the north",
        "Camp Aguinaldo Del Pilar",
        "installation",
    );
}

#[test]
fn a_defined_long_form_may_run_past_its_head_to_a_place() {
    has(
        "The Supreme Headquarters Allied Powers Europe (SHAPE) is in Mons.",
        "Supreme Headquarters Allied Powers Europe",
        "military",
    );
    let got = run("Nuclear Command, Control and Communications (NC3) were upgraded.");
    assert!(!got.iter().any(|(t, _)| t.contains("Command")), "{got:?}");
}

#[test]
fn a_head_with_a_complement_types_the_whole_name() {
    has(
        "Analysts at the Institute for National Security Strategy disagree.",
        "Institute for National Security Strategy",
        "org",
    );
    has(
        "The Ministry of National Defense spoke.",
        "Ministry of National Defense",
        "gov",
    );
    // A complement-less name keeps its last head.
    has(
        "The U.S.-ROK Nuclear Consultative Group met.",
        "U.S.-ROK Nuclear Consultative Group",
        "group",
    );
}

#[test]
fn two_names_joined_by_and_the_are_two() {
    let got = run(
        "Parties to the Treaty on the Non-Proliferation of Nuclear Weapons and the \
         Pelindaba Treaty met. The Ministry of Trade and Industry and the Department of \
         Health and Human Services spoke.",
    );
    let names: Vec<&str> = got.iter().map(|(n, _)| n.as_str()).collect();
    for name in [
        "Treaty on the Non-Proliferation of Nuclear Weapons",
        "Pelindaba Treaty",
        "Ministry of Trade and Industry",
        "Department of Health and Human Services",
    ] {
        assert!(names.contains(&name), "{name:?} not in {names:?}");
    }
}

#[test]
fn a_unit_on_a_place_is_the_numbered_unit() {
    has(
        "Vice Adm. John Wade, commander of the U.S. 3rd Fleet, led it.",
        "3rd Fleet",
        "military",
    );
    let got = run("The Fleet sailed. The 3rd Meeting was held.");
    assert!(got.is_empty(), "{got:?}");
    has(
        "The Marine Corps will stand up the 12th Marine Littoral Regiment on Okinawa.",
        "12th Marine Littoral Regiment",
        "military",
    );
    // A committee or task force `on` a subject keeps it.
    has(
        "He chairs the Senate Committee on Armed Services.",
        "Senate Committee on Armed Services",
        "group",
    );
    let got = run("the Financial Action Task Force on Money Laundering said");
    assert!(
        got.iter()
            .any(|(n, _)| n == "Financial Action Task Force on Money Laundering"),
        "{got:?}"
    );
}

#[test]
fn plural_possessives_end_a_name_and_defined_names_may_end_in_a_place() {
    has(
        "the International Institute for Strategic Studies' Military Balance report",
        "International Institute for Strategic Studies",
        "org",
    );
    has(
        "The American Institute in Taiwan (AIT) said so.",
        "American Institute in Taiwan",
        "org",
    );
}

#[test]
fn a_plural_topic_word_before_a_body_is_no_name() {
    let got = run("U.S. Forces in South Korea: Issues for Congress\n\nText.");
    assert!(!got.iter().any(|(t, _)| t.contains("Issues")), "{got:?}");
    has(
        "Under the Status of Forces Agreement, cases are tried.",
        "Status of Forces Agreement",
        "agreement",
    );
    has(
        "Establishment of the Japan Joint Operations Command\n\nText.",
        "Japan Joint Operations Command",
        "military",
    );
    has(
        "The Organization for Security and Co-operation in Europe met.",
        "Organization for Security and Co-operation in Europe",
        "org",
    );
}

#[test]
fn service_reserves_are_military() {
    has(
        "It is supported by the Army Reserve.",
        "Army Reserve",
        "military",
    );
    let got = run("The Federal Reserve raised rates.");
    assert!(!got.iter().any(|(_, k)| *k == "military"), "{got:?}");
}

#[test]
fn a_document_genre_after_a_name_is_not_part_of_it() {
    has(
        "Department of Defense Press Briefing by Pentagon Press Secretary\nTranscript",
        "Department of Defense",
        "gov",
    );
    has(
        "The Ministry of National Defense Press Release said so.",
        "Ministry of National Defense",
        "gov",
    );
}

#[test]
fn a_name_does_not_run_into_a_banner_line() {
    let got =
        run("U.S. Department of Defense\nIMMEDIATE RELEASE\n\nThe Ministry of Defence said so.");
    assert!(
        got.iter().any(|(t, _)| t == "U.S. Department of Defense"),
        "{got:?}"
    );
    assert!(!got.iter().any(|(t, _)| t.contains("RELEASE")), "{got:?}");
}

#[test]
fn title_case_headlines_need_more_than_a_head_noun() {
    let got =
        run("Secretary Meets Counterparts; Announces Force Posture Changes\n\nText follows here.");
    assert!(!got.iter().any(|(t, _)| t.contains("Announces")), "{got:?}");
    let got = run("Assistant Professor, Incheon National University US-ROK Policy Alignment");
    assert!(
        got.iter().any(|(t, _)| t == "Incheon National University"),
        "{got:?}"
    );
    // In prose the same capitals after a head are a name's place word.
    has(
        "The U.S. Forces Korea commander spoke.",
        "U.S. Forces Korea",
        "military",
    );
}

#[test]
fn installations_keep_their_own_names_and_arrangements_are_agreements() {
    has(
        "EDCA now covers Naval Base Camilo Osias in Cagayan.",
        "Naval Base Camilo Osias",
        "installation",
    );
    has(
        "Jets flew from Joint Base Pearl Harbor-Hickam today.",
        "Joint Base Pearl Harbor-Hickam",
        "installation",
    );
    has(
        "They moved to Marine Corps Air Station Futenma in 1996.",
        "Marine Corps Air Station Futenma",
        "installation",
    );
    has(
        "Both signed a Security of Supply Arrangement (SOSA) on Wednesday.",
        "Security of Supply Arrangement",
        "agreement",
    );
}

#[test]
fn administrations_are_government_bodies() {
    has(
        "The Defense Acquisition Program Administration (DAPA) signed it.",
        "Defense Acquisition Program Administration",
        "gov",
    );
    assert!(run("the administration said").is_empty());
}

#[test]
fn a_name_does_not_run_out_of_a_heading() {
    let got = run("Key Installations\nKadena Air Base, Okinawa: home of the 18th Wing, the largest combat wing.");
    assert!(
        got.contains(&("Kadena Air Base".into(), "installation")),
        "{got:?}"
    );
    let got =
        run("Issues for Congress\nCongress may consider whether the new headquarters needs more.");
    assert!(got.iter().all(|(n, _)| !n.contains('\n')), "{got:?}");
    // A hard-wrapped line runs on into the next one.
    let got = run("The government has announced plans to expand the size of the Polish\nArmed Forces to 300,000.");
    assert!(
        got.contains(&("Polish\nArmed Forces".into(), "military")),
        "{got:?}"
    );
}

#[test]
fn naval_and_army_groups_are_formations() {
    has(
        "the USS Abraham Lincoln Carrier Strike Group arrived",
        "USS Abraham Lincoln Carrier Strike Group",
        "military",
    );
    has(
        "the Iwo Jima Amphibious Ready Group sailed",
        "Iwo Jima Amphibious Ready Group",
        "military",
    );
    has(
        "the Nuclear Consultative Group met",
        "Nuclear Consultative Group",
        "group",
    );
}

#[test]
fn an_installation_in_a_place_stops_at_the_place() {
    // A generic base is named by its place; a named one by its name.
    has(
        "The exercise took place at the Naval Base in Busan in October 2023.",
        "Naval Base in Busan",
        "installation",
    );
    has(
        "The exercise took place at Rota Naval Base in Spain in October 2023.",
        "Rota Naval Base",
        "installation",
    );
    has(
        "CENTCOM, headquartered at MacDill Air Force Base in Tampa, Florida, leads.",
        "MacDill Air Force Base",
        "installation",
    );
    has(
        "It builds on the EU Battlegroups, on standby since 2007.",
        "EU Battlegroups",
        "military",
    );
    has(
        "Command rests within the EU Military Staff (EUMS).",
        "EU Military Staff",
        "military",
    );
    let got = run("The White House Staff met.");
    assert!(!got.iter().any(|(t, _)| t.contains("Staff")), "{got:?}");
}

#[test]
fn a_head_noun_modifying_a_plan_or_model_names_no_body() {
    for text in [
        "The NATO Force Model promises 300,000 troops.",
        "See NATO's New Force Model, a factsheet.",
        "The Army Modernization Plan was revised.",
        "The Air Force Budget grew.",
    ] {
        let got = run(text);
        assert!(
            !got.iter()
                .any(|(t, _)| t.contains("Force") || t.contains("Army")),
            "{text}: {got:?}"
        );
    }
    // Titles after a body leave it whole.
    has(
        "Air Force Secretary Frank Kendall spoke.",
        "Air Force",
        "military",
    );
}

#[test]
fn hyphenated_heads_and_exercise_prefixes() {
    has(
        "Marines of the Marine Rotational Force-Darwin arrived.",
        "Marine Rotational Force-Darwin",
        "military",
    );
    has(
        "Both navies joined Exercise Southern Jackaroo in May.",
        "Exercise Southern Jackaroo",
        "exercise",
    );
    // A hyphen into a lower-case word is no place: `Self-Defense` heads nothing.
    let got = run("The Self-Defense posture changed.");
    assert!(got.is_empty(), "{got:?}");
}

#[test]
fn a_title_does_not_run_into_a_label_line() {
    let got = run("Joint Statement of the Defense Ministers' Meeting\nRelease Date: May 3, 2024\n");
    assert!(got.iter().all(|(n, _)| !n.contains("Release")), "{got:?}");
}

#[test]
fn acronyms_are_mentions_with_their_long_forms() {
    let t = "the U.S. Forces Korea (USFK) grew; USFK and USFKs headquarters and USFK's role";
    let got = run(t);
    let shorts = got.iter().filter(|(n, _)| n == "USFK").count();
    assert_eq!(shorts, 4, "{got:?}");
    assert!(got.contains(&("U.S. Forces Korea".into(), "military")));
}

#[test]
fn country_prefix_joins_long_form() {
    has(
        "between the US Cybersecurity and Infrastructure Security Agency (CISA) and",
        "US Cybersecurity and Infrastructure Security Agency",
        "gov",
    );
}

#[test]
fn lexicon_names_and_exercises() {
    has(
        "an invited observer to NATO and, potentially, AUKUS could",
        "NATO",
        "group",
    );
    has(
        "an invited observer to NATO and, potentially, AUKUS could",
        "AUKUS",
        "group",
    );
    has(
        "* Foal Eagle and Key Resolve: drills",
        "Foal Eagle",
        "exercise",
    );
    has(
        "* Foal Eagle and Key Resolve: drills",
        "Key Resolve",
        "exercise",
    );
    has("UN peacekeeping", "UN", "org");
    has(
        "alongside the United Nations Command, which",
        "United Nations Command",
        "military",
    );
}

#[test]
fn installations_named_after_a_short_form_or_listed_with_and() {
    let got = run("The Royal Australian Air Force (RAAF) flies from RAAF Base Tindal.");
    assert!(
        got.contains(&("RAAF Base Tindal".into(), "installation")),
        "{got:?}"
    );
    let got = run(
        "Major bases include Lavarack Barracks in Townsville and Robertson Barracks in Darwin.",
    );
    for want in ["Lavarack Barracks", "Robertson Barracks"] {
        assert!(got.contains(&(want.into(), "installation")), "{got:?}");
    }
    // One name whose second half has no head stays whole.
    has(
        "the Ministry of Trade and Industry said",
        "Ministry of Trade and Industry",
        "gov",
    );
    has(
        "Oxford University Press published it",
        "Oxford University Press",
        "org",
    );
    has(
        "The Mutual Defense Board met.",
        "Mutual Defense Board",
        "group",
    );
    let got = run("Then the Board approved it.");
    assert!(got.is_empty(), "{got:?}");
}

#[test]
fn a_defined_name_takes_in_its_country_or_its_number() {
    let got =
        run("The Eastern Theater Command of the Chinese People's Liberation Army (PLA) drilled.");
    assert!(
        got.contains(&("Eastern Theater Command".into(), "military")),
        "{got:?}"
    );
    assert!(
        got.contains(&("Chinese People's Liberation Army".into(), "military")),
        "{got:?}"
    );
    // A numbered unit is its own body.
    let view = TextView::new("Elements of the 58th Combined Arms Army (CAA) advanced.");
    let set = crate::ExtractorSet::new(&Default::default());
    let facts = set.run(&view, None);
    let b = facts
        .bodies
        .iter()
        .find(|b| !b.is_short)
        .expect("the long form is a body");
    assert_eq!(
        (&view.norm()[b.span.clone()], b.resolved.as_str()),
        ("58th Combined Arms Army", "58th Combined Arms Army")
    );
}

#[test]
fn a_post_in_a_body_is_not_the_body() {
    has(
        "I call the Chair of the Defence Committee.",
        "Defence Committee",
        "group",
    );
    has(
        "the President of the European Commission spoke",
        "European Commission",
        "gov",
    );
    let got = run("The Head of Mission and Force Commander reports.");
    assert!(got.is_empty(), "{got:?}");
}

#[test]
fn a_defined_mission_or_force_may_end_in_any_place() {
    let got = run(
        "The United Nations Interim Force in Lebanon (UNIFIL) and the United Nations Mission in the Republic of South Sudan (UNMISS) grew. UNIFIL stayed.",
    );
    for want in [
        ("United Nations Interim Force in Lebanon", "military"),
        ("UNIFIL", "military"),
        (
            "United Nations Mission in the Republic of South Sudan",
            "org",
        ),
        ("UNMISS", "org"),
    ] {
        assert!(
            got.iter().any(|(n, t)| (n.as_str(), *t) == want),
            "{want:?} not in {got:?}"
        );
    }
    // Undefined, a name stops before its `in` (the extent is unknown).
    has(
        "the Training Mission in Somalia began",
        "Training Mission",
        "org",
    );
}

#[test]
fn nested_name_is_cut_before_non_body_long_form() {
    let got = run("the Air Force Nuclear Command, Control and Communications (NC3) systems");
    assert!(got.contains(&("Air Force".into(), "military")), "{got:?}");
}

#[test]
fn not_bodies() {
    for t in [
        "South Korea and the Korean Peninsula matter to Washington and Seoul.",
        "Secretary Austin and Minister Shin met.",
        "Key Military Installations and Forces\n\nText here.",
        "The 2023 Biden-Yoon Summit proclaimed. The Korean War ended.",
        "The Trump administration acted.",
        "Strategic Significance\n\nKey Takeaways:",
        "a Free and Open Indo-Pacific and a Global Pivotal State",
        "the Camp David Summit was held",
    ] {
        assert!(run(t).is_empty(), "{t:?} gave {:?}", run(t));
    }
}

#[test]
fn user_lexicon_rows_override_and_bad_rows_are_errors() {
    let lex =
        Lexicon::with_user_csv(b"name,type,canonical\nBlue Falcon,exercise,Blue Falcon\n").unwrap();
    assert!(lex.get("Blue Falcon").is_some());
    assert!(lex.get("NATO").is_some());
    let err = Lexicon::with_user_csv(b"name,type,canonical\nX,planet,X\n").unwrap_err();
    assert!(
        err.contains("planet") && err.contains("agreement, exercise, gov"),
        "{err}"
    );
    // Spreadsheet exports: a byte-order mark, `;` separators, capitalized
    // headers, no canonical column.
    let lex =
        Lexicon::with_user_csv("\u{feff}Name;Type\nHarbor Patrol;military\n".as_bytes()).unwrap();
    let (entry, kind) = lex.get("Harbor Patrol").expect("read");
    assert_eq!(
        (entry.canonical.as_str(), kind),
        ("Harbor Patrol", BodyType::Military)
    );
    let lex =
        Lexicon::with_user_csv(b"NAME\tTYPE\tCANONICAL\nHP\tmilitary\tHarbor Patrol\n").unwrap();
    assert_eq!(
        lex.get("HP").map(|(e, _)| e.canonical.as_str()),
        Some("Harbor Patrol")
    );
    assert!(Lexicon::with_user_csv(b"label,kind\nX,org\n")
        .unwrap_err()
        .contains("columns name,type"));
}

/// Named cases: a text and every body mention it must give, exactly, as
/// (text, type).
/// (name, text, every pair the text must give).
type Case = (
    &'static str,
    &'static str,
    &'static [(&'static str, &'static str)],
);

#[rustfmt::skip]
const CASES: &[Case] = &[
    ("head_nouns", "The Pacific Fleet Command and the Defense Logistics Agency met.", &[("Pacific Fleet Command", "military"), ("Defense Logistics Agency", "gov")]),
    ("camp_prefix", "Soldiers trained at Camp Redwood before leaving.", &[("Camp Redwood", "installation")]),
    ("treaty", "Both sides ratified the Harbor Access Treaty in the spring.", &[("Harbor Access Treaty", "agreement")]),
    ("lexicon", "NATO and the European Union issued a joint note.", &[("NATO", "group"), ("European Union", "org")]),
    ("a_title_is_no_body", "Secretary of Defense Jane Roe spoke to reporters.", &[]),
    ("a_file_name_is_no_name", "Harbor_Fleet_Command_2019.jpg Although the Naval Forces Act applies, it lapsed.", &[("Naval Forces Act", "agreement")]),
    ("operation", "Troops rotate under Operation Northern Shield this year.", &[("Operation Northern Shield", "exercise")]),
    ("a_class_designator_is_no_body", "The Harbor Access Treaty (HAT) named the SSK-HAT boats.", &[("Harbor Access Treaty", "agreement"), ("HAT", "agreement")]),
    ("two_bodies_joined", "The Harbor Access Treaty (HAT) and NATO signed the HAT-NATO note.", &[("Harbor Access Treaty", "agreement"), ("HAT", "agreement"), ("NATO", "group"), ("HAT", "agreement"), ("NATO", "group")]),
    ("indented_hard_wrap", "- The ships joined the Royal Harbor\n    Navy in May.", &[("Royal Harbor\n    Navy", "military")]),
    ("pledge_and_yard", "Members kept the Harbor Investment Pledge at the Coastal Submarine Yard.", &[("Harbor Investment Pledge", "agreement"), ("Coastal Submarine Yard", "installation")]),
    ("reserve_forces", "The ROK Reserve Forces trained.", &[("ROK Reserve Forces", "military")]),
    ("service_academy_is_military", "Cadets of the Coastal Naval Academy met students of the Harbor Academy of Arts.", &[("Coastal Naval Academy", "military"), ("Harbor Academy of Arts", "org")]),
    ("intergovernmental_agency_is_gov", "Inspectors of the International Atomic Energy Agency (IAEA) came.", &[("International Atomic Energy Agency", "gov"), ("IAEA", "gov")]),
    ("a_party_is_no_government", "The Chinese Communist Party (CCP) met.", &[("Chinese Communist Party", "org"), ("CCP", "org")]),
    ("a_post_of_a_body_is_no_body", "The Co-Chairs of the Harbor Safety Board met.", &[("Harbor Safety Board", "group")]),
    ("a_date_after_a_name_is_no_part_of_it", "Rockets hit Harbor Air Base on May 3.", &[("Harbor Air Base", "installation")]),
    ("a_two_word_post_of_a_body_is_no_body", "The General Counsel of the Harbor Safety Board spoke.", &[("Harbor Safety Board", "group")]),
    ("a_post_and_a_body_are_no_body", "The President and Congress agreed.", &[("Congress", "gov")]),
    ("a_three_word_post_of_a_body_is_no_body", "The Executive Vice President of the Harbor Safety Board spoke.", &[("Harbor Safety Board", "group")]),
    ("a_post_in_a_body_is_no_body", "She was a Trial Attorney in the Harbor Safety Board.", &[("Harbor Safety Board", "group")]),
    ("a_post_and_its_holder_after_a_body", "Harbor Safety Board Secretary Jane Doe spoke.", &[("Harbor Safety Board", "group")]),
    ("and_the_joins_two_names", "The HSB and the Harbor Department of Labor met.", &[("Harbor Department of Labor", "gov")]),
    ("members_in_a_body_are_no_body", "Democrats in the Harbor Assembly voted.", &[("Harbor Assembly", "gov")]),
    ("a_speaker_on_a_law_is_no_part_of_it", "Senator on the Harbor Safety Act", &[("Harbor Safety Act", "agreement")]),
    ("and_the_short_form", "The Harbor Department of Labor and the HSB met.", &[("Harbor Department of Labor", "gov")]),
    ("a_one_word_body_after_and", "The Harbor Palace and Congress agreed.", &[("Congress", "gov")]),
    ("a_state_before_and", "The United States and Harbor Commission agreed.", &[("Harbor Commission", "gov")]),
    ("a_lone_head_is_no_body", "The Command said the Treaty stands.", &[]),
];

#[test]
fn named_cases() {
    let mut failed = Vec::new();
    for (name, text, want) in CASES {
        let got = run(text);
        let want: Vec<(String, &str)> = want.iter().map(|(t, k)| (t.to_string(), *k)).collect();
        if got != want {
            failed.push(format!("{name}: {text:?}\n  want {want:?}\n  got  {got:?}"));
        }
    }
    crate::testutil::assert_cases_pass(&failed);
}

/// The set lookup answers as the regex it replaced: every demonym alone,
/// after `North`/`South` and any whitespace, and near misses.
#[test]
fn demonym_lookup_matches_the_regex() {
    let mut words = crate::gazetteer::surfaces(&[crate::gazetteer::Form::Demonym]);
    words.extend(["Korean", "African"]);
    words.retain(|w| !w.contains(' '));
    let re = Regex::new(&format!(
        r"^(?:(?:North|South)\s+)?(?:{})$",
        crate::gazetteer::alternation(&words)
    ))
    .unwrap();
    let mut probes: Vec<String> = Vec::new();
    for w in &words {
        for p in [
            "",
            "North ",
            "South  ",
            "North\t",
            "North",
            "Northern ",
            "south ",
            " ",
        ] {
            probes.push(format!("{p}{w}"));
        }
        probes.push(format!("{w}s"));
        probes.push(w.to_lowercase());
    }
    probes.extend(["", "North", "North ", "South\u{a0}Korean", "X"].map(String::from));
    for p in &probes {
        assert_eq!(chunk::is_demonym(p), re.is_match(p), "{p:?}");
    }
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(1000))]
    /// Searching each short form on its own, or the places where one
    /// starts, finds what one overlapping automaton finds: every
    /// occurrence, self-overlapping ones included.
    #[test]
    fn short_forms_one_by_one_match_the_automaton(
        text in "(A|B|AA|AB|US|USFK|\u{c9}U| |\n|xyz){0,80}",
        shorts in proptest::collection::vec("(A|B|AA|ABA|US|USFK|\u{c9}U|AAA)", 0..14),
    ) {
        let shorts: Vec<DefinedShort> = shorts
            .into_iter()
            .map(|short| DefinedShort {
                short,
                kind: BodyType::Org,
                resolved: String::new(),
            })
            .collect();
        let automaton = occurrences_by_automaton(&text, &shorts);
        prop_assert_eq!(&occurrences_one_by_one(&text, &shorts), &automaton);
        prop_assert_eq!(&occurrences_at_starts(&text, &shorts), &automaton);
    }
}

/// What [`short_form_occurrences`] promises, by one overlapping automaton
/// search.
fn occurrences_by_automaton(text: &str, shorts: &[DefinedShort]) -> Vec<(usize, usize, usize)> {
    let ac = aho_corasick::AhoCorasick::new(shorts.iter().map(|d| &d.short))
        .expect("short forms compile");
    let mut by_short: Vec<Vec<(usize, usize, usize)>> = vec![Vec::new(); shorts.len()];
    for m in ac.find_overlapping_iter(text) {
        let k = m.pattern().as_usize();
        by_short[k].push((k, m.start(), m.len()));
    }
    by_short.into_iter().flatten().collect()
}

proptest::proptest! {
    /// The allocation-free test answers as the word list it replaced.
    #[test]
    fn generic_names_as_the_collected_words_say(
        words in proptest::collection::vec(proptest::sample::select(&[
            "National", "national", "JOINT", "Command", "command", "Agency", "of", "the", "and",
            "Korea", "Defense", "\u{c9}cole", "Forces", "Ministry", "U.S.", "-", " ", "Office",
        ][..]), 0..6)
    ) {
        let name = words.join(" ");
        let collected: Vec<&str> = name
            .split(|c: char| !c.is_alphabetic())
            .filter(|w| !w.is_empty() && !CONNECTORS.contains(w))
            .collect();
        let want = collected.len() >= 2
            && collected.iter().all(|w| {
                GENERIC_MODIFIERS.contains(&w.to_lowercase().as_str()) || head_noun_type(w).is_some()
            });
        proptest::prop_assert_eq!(is_generic_name(&name), want);
    }
}

proptest::proptest! {
    /// A head noun's type from the word capitalized on the stack, as from
    /// the capitalized copy.
    #[test]
    fn head_noun_types_as_the_capitalized_copy_says(
        word in proptest::sample::select(&[
            "agency", "Agency", "AGENCY", "command", "act", "forces", "x", "", "\u{e9}cole",
            "ministry", "treaty", "group",
        ][..])
    ) {
        let mut chars = word.chars();
        let want = chars.next().and_then(|first| {
            let title: String = first.to_uppercase().chain(chars).collect();
            head_word_type(&title, "X")
        });
        proptest::prop_assert_eq!(head_noun_type(word), want);
    }
}

proptest::proptest! {
    #![proptest_config(ProptestConfig::with_cases(3000))]
    /// A one-token chunk the chunker skips yields nothing from the tests
    /// it skips: whatever the word, its place and what stands before it
    /// (an ordinal, a prefix head, a long form starting there).
    #[test]
    fn a_lone_word_the_chunker_skips_names_nothing(
        before in proptest::sample::select(&[
            "", "the ", "3rd ", "the 58th ", "U.S. ", "ROK ", "Chinese ", "in ", "(", "\n", "7 ",
        ][..]),
        word in proptest::sample::select(&[
            "Fleet", "Division", "Wing", "Army", "Command", "Agency", "Camp", "Fort", "Exercise",
            "Summit", "Conference", "Force-Darwin", "Forces", "The", "President", "Secretary",
            "Korea", "NATO", "USFK", "Biden", "Treaty", "Ministry", "Board", "Staff", "Studies",
            "Marines", "Navy", "Corps", "Group", "Operation", "Pentagon", "U.S.", "\u{c9}cole",
        ][..]),
        after in proptest::sample::select(&["", ".", " said", "'s troops", ", and", "\n"][..]),
        long_form in proptest::bool::ANY,
    ) {
        let text = format!("{before}{word}{after}");
        let at = before.len();
        let tok = token_iter_from(&text, at).next().unwrap().0;
        proptest::prop_assert_eq!(tok.span.0, at);
        // A long form spanning the word and what follows it, or none.
        let long_forms: Vec<Range<usize>> =
            std::iter::once(at..text.len()).filter(|_| long_form).collect();
        let (mut out, mut events) = (Vec::new(), Vec::new());
        emit_chunk(&text, &[tok], &long_forms, &mut out, &mut events);
        if !lone_word_may_name(&tok) {
            proptest::prop_assert!(out.is_empty() && events.is_empty(), "{text:?}: {out:?}");
        }
    }
}

#[test]
fn a_lone_unit_word_after_its_ordinal_is_still_a_name() {
    // The case the skip must leave to `emit_chunk`.
    let text = "the 3rd Fleet sailed";
    let tok = token_iter_from(text, 8).next().unwrap().0;
    assert!(lone_word_may_name(&tok));
    let (mut out, mut events) = (Vec::new(), Vec::new());
    emit_chunk(text, &[tok], &[], &mut out, &mut events);
    assert_eq!(out.len(), 1);
    assert_eq!(&text[out[0].span.clone()], "3rd Fleet");
}

proptest::proptest! {
    #![proptest_config(ProptestConfig::with_cases(2000))]
    /// The chunker reads the next token only when the byte after the
    /// current one is a space or a line break: every gap a name runs on
    /// over (one or two spaces, a line break and indentation) starts
    /// there, right after the token, whatever it trimmed (`Korea.`,
    /// `USFK's`, `U.S.-`).
    #[test]
    fn a_gap_a_name_runs_over_starts_at_the_token_end(
        words in proptest::collection::vec(proptest::sample::select(&[
            "Korea", "Korea.", "U.S.", "U.S.-", "USFK's", "Studies'", "of", "and", "\u{c9}cole",
            "3rd", "a/b", "R&D", "--", "(", ")", ",", "\u{2014}", "x-",
        ][..]), 1..8),
        gaps in proptest::collection::vec(proptest::sample::select(&[
            " ", "  ", "\n", "\n    ", "\t", ", ", "\u{a0}", "", ". ", "\n\n",
        ][..]), 8),
    ) {
        let mut text = String::new();
        for (w, g) in words.iter().zip(&gaps) {
            text.push_str(w);
            text.push_str(g);
        }
        let toks: Vec<_> = token_iter_from(&text, 0).map(|(t, _)| t).collect();
        for pair in toks.windows(2) {
            let (a, b) = (pair[0], pair[1]);
            proptest::prop_assert!(b.span.0 > a.span.1, "{text:?}");
            let gap = &text[a.span.1..b.span.0];
            let runs_over = gap == " " || gap == "  " || gap.starts_with('\n');
            if runs_over {
                proptest::prop_assert!(matches!(text.as_bytes()[a.span.1], b' ' | b'\n'));
            }
        }
    }
}
