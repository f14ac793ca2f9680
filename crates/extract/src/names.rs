//! Name folding: the key under which two spellings of a body's name are
//! one name (case, punctuation, `United States` = `U.S.` = `US`, national
//! and bilateral prefixes, descriptors). Used by the date subjects here and
//! by reconciliation and the checks in the application.

/// Folds a name to its matching key (see [`name_key`]), dropping national
/// prefixes too: `U.S. Forces Korea` and `United States Forces Korea`
/// collide, and so do `ROK Armed Forces` and `Republic of Korea Armed Forces`.
pub fn fingerprint(name: &str) -> String {
    name_key(name, true)
}

/// Folds a name: case, punctuation, `United States` = `U.S.` = `US`,
/// `Republic of Korea` = `ROK`, and leading descriptors (`the`,
/// `Bilateral`) and bilateral prefixes (`U.S.-ROK`). A single national
/// prefix (`ROK Indo-Pacific Strategy`) is dropped only when
/// `drop_national` is set: whose strategy it is can matter.
pub fn name_key(name: &str, drop_national: bool) -> String {
    let joined = crate::nations::fold(name);
    let mut words: Vec<&str> = joined.split_whitespace().collect();
    const DESCRIPTORS: &[&str] = &["the", "bilateral", "trilateral"];
    const NATIONAL: &[&str] = &["us", "rok", "japan", "korea", "uk", "american", "korean"];
    loop {
        let first = words.first().copied().unwrap_or("");
        if DESCRIPTORS.contains(&first) && words.len() > 1 {
            words.remove(0);
            continue;
        }
        // A national prefix goes only if two words stay: `ROK Navy` is not
        // `U.S. Navy`.
        let pair = words.len() > 3 && NATIONAL.contains(&first) && NATIONAL.contains(&words[1]);
        if NATIONAL.contains(&first) && words.len() > 2 && (drop_national || pair) {
            words.remove(0);
            if pair && !drop_national {
                words.remove(0);
            }
            continue;
        }
        break;
    }
    words.join(" ")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn fingerprints_fold_prefixes_and_spelling() {
        assert_eq!(
            fingerprint("U.S.-ROK Mutual Defense Treaty"),
            "mutual defense treaty"
        );
        assert_eq!(
            fingerprint("Mutual Defense Treaty"),
            "mutual defense treaty"
        );
        assert_eq!(
            fingerprint("ROK-U.S. Security Consultative Meeting"),
            "security consultative meeting"
        );
        assert_eq!(
            fingerprint("United States Forces Korea"),
            fingerprint("U.S. Forces Korea")
        );
        assert_eq!(
            fingerprint("Bilateral Extended Deterrence Strategy and Consultation Group"),
            fingerprint("Extended Deterrence Strategy and Consultation Group")
        );
        assert_eq!(
            fingerprint("Republic of Korea Armed Forces"),
            fingerprint("ROK Armed Forces")
        );
    }
}
