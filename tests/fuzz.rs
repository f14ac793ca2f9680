//! Fuzzing with proptest: arbitrary bytes through the decoder, the text
//! view and every extractor, many cases. No panic; every fact span maps to
//! char boundaries of the decoded text; every output offset selects text.
//! Case count: FUZZ_CASES (default 3000; CI runs the default).

use proptest::prelude::*;
use sourcefacts::ingest::decode;
use sourcefacts_extract::textview::TextView;
use sourcefacts_extract::{ExtractOptions, ExtractorSet};

fn cases() -> u32 {
    std::env::var("FUZZ_CASES")
        .ok()
        .and_then(|v| v.parse().ok())
        .unwrap_or(3000)
}

/// Bytes biased toward what the extractors react to, plus raw noise.
fn input() -> impl Strategy<Value = Vec<u8>> {
    let piece = prop_oneof![
        prop::collection::vec(any::<u8>(), 0..16),
        Just(b"(".to_vec()),
        Just(b")".to_vec()),
        Just(b"1953".to_vec()),
        Just(b" 28,500 troops".to_vec()),
        Just(b" United Nations Command (UNC)".to_vec()),
        Just(b"\xE2\x80\x93".to_vec()),
        Just(b"\x92".to_vec()),
        Just(b"\xEF\xBB\xBF".to_vec()),
        Just(b"\r\n".to_vec()),
        Just(b"[a](#)".to_vec()),
        Just(b"https://x.org/2023/04/26/".to_vec()),
        Just(b" April 2023".to_vec()),
        Just(b" Friday".to_vec()),
        Just(b"\n| Service | Personnel |\n".to_vec()),
        Just(b"| Army | ~2,500 |".to_vec()),
        Just(b" (hereafter ROK) ".to_vec()),
        "[A-Za-z0-9 .,;:()'-]{0,24}".prop_map(String::into_bytes),
    ];
    prop::collection::vec(piece, 0..64).prop_map(|v| v.concat())
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(cases()))]

    #[test]
    fn decode_view_extract_never_panic(bytes in input()) {
        let set = ExtractorSet::new(&ExtractOptions { vague_dates: true, ..Default::default() });
        let Ok((doc, _, _)) = decode(bytes) else { return Ok(()); };
        let view = TextView::new(&doc.text);
        for date in [None, Some("2024-01-12")] {
            let facts = set.run(&view, date);
            let spans = facts.dates.iter().map(|d| d.span.clone())
                .chain(facts.troops.iter().map(|t| t.span.clone()))
                .chain(facts.acronyms.iter().flat_map(|a| [a.short_span.clone(), a.long_span.clone()]))
                .chain(facts.bodies.iter().map(|b| b.span.clone()))
                .chain(facts.identifiers.iter().map(|i| i.span.clone()));
            for s in spans {
                let r = view.to_raw(s);
                prop_assert!(r.start <= r.end && r.end <= doc.text.len());
                prop_assert!(doc.text.is_char_boundary(r.start) && doc.text.is_char_boundary(r.end));
                let (line, col) = view.line_col(r.start);
                prop_assert!(line >= 1 && col >= 1);
            }
        }
    }
}
