//! Reconciliation cost by number of mentions: 100k and 1M generated
//! mentions of ~N/20 entities, with national prefixes, typos, acronyms and
//! bare short forms, spread over N/100 documents. Near-linear cost shows as
//! roughly 10x time for 10x mentions. Run: `cargo bench --bench reconcile`.

use std::hint::black_box;

use criterion::{criterion_group, criterion_main, BenchmarkId, Criterion, Throughput};
use sourcefacts::reconcile::{reconcile, MentionKey, MentionSig};
use sourcefacts_extract::model::BodyType;

/// A small deterministic generator (64-bit LCG), so runs are comparable.
struct Lcg(u64);

impl Lcg {
    fn next(&mut self) -> usize {
        self.0 = self
            .0
            .wrapping_mul(6_364_136_223_846_793_005)
            .wrapping_add(1_442_695_040_888_963_407);
        (self.0 >> 33) as usize
    }
    fn pick<'a>(&mut self, items: &[&'a str]) -> &'a str {
        items[self.next() % items.len()]
    }
}

const WORDS: &[&str] = &[
    "Strategic",
    "Nuclear",
    "Regional",
    "Cyber",
    "Maritime",
    "Joint",
    "Combined",
    "Pacific",
    "Northern",
    "Southern",
    "Advanced",
    "Defense",
    "Security",
    "Intelligence",
    "Logistics",
    "Space",
    "Missile",
    "Air",
    "Naval",
    "Ground",
    "Special",
    "Planning",
    "Research",
    "Policy",
    "Deterrence",
    "Consultative",
    "Cooperation",
    "Technology",
    "Training",
    "Readiness",
];
const HEADS: &[(&str, BodyType)] = &[
    ("Command", BodyType::Military),
    ("Group", BodyType::Group),
    ("Committee", BodyType::Group),
    ("Agency", BodyType::Gov),
    ("Institute", BodyType::Org),
    ("Treaty", BodyType::Agreement),
    ("Base", BodyType::Installation),
];

fn mentions(n: usize) -> (Vec<MentionKey>, Vec<(String, String)>) {
    let mut rng = Lcg(42);
    let entities = (n / 20).max(1);
    let names: Vec<(String, BodyType)> = (0..entities)
        .map(|e| {
            let words = 2 + e % 3;
            let mut name: Vec<String> = (0..words).map(|_| rng.pick(WORDS).to_string()).collect();
            let (head, kind) = HEADS[rng.next() % HEADS.len()];
            name.push(head.to_string());
            name.push(format!("{}", e % 997)); // keeps generated names distinct
            (name.join(" "), kind)
        })
        .collect();
    let mut defs = Vec::new();
    let mut out = Vec::with_capacity(n);
    for i in 0..n {
        let (name, kind) = &names[rng.next() % entities];
        let doc = format!("doc{:06}.txt", i / 100);
        let short: String = name.split(' ').filter_map(|w| w.chars().next()).collect();
        let (text, resolved, is_short) = match rng.next() % 5 {
            0 => (format!("U.S. {name}"), format!("U.S. {name}"), false),
            1 => {
                // A typo: two letters swapped in the middle.
                let mut b = name.clone().into_bytes();
                let k = 2 + rng.next() % (b.len() - 4);
                b.swap(k, k + 1);
                let t = String::from_utf8(b).expect("ascii");
                (t.clone(), t, false)
            }
            2 => {
                defs.push((short.clone(), name.clone()));
                (short.clone(), name.clone(), true)
            }
            3 => (short.clone(), short.clone(), true),
            _ => (name.clone(), name.clone(), false),
        };
        out.push(MentionKey {
            doc,
            sig: MentionSig {
                text,
                resolved,
                is_short,
                kind: *kind,
                rule: if is_short {
                    sourcefacts_extract::model::Rule::BodyAcronymShort
                } else {
                    sourcefacts_extract::model::Rule::BodyHeadNoun
                },
                nation: String::new(),
                scope: None,
            },
        });
    }
    (out, defs)
}

fn benches(c: &mut Criterion) {
    let mut g = c.benchmark_group("reconcile");
    g.sample_size(10);
    for n in [100_000usize, 1_000_000] {
        let (m, d) = mentions(n);
        g.throughput(Throughput::Elements(n as u64));
        g.bench_with_input(BenchmarkId::from_parameter(n), &(m, d), |b, (m, d)| {
            b.iter(|| black_box(reconcile(m, d)))
        });
    }
    g.finish();
}

criterion_group!(reconcile_benches, benches);
criterion_main!(reconcile_benches);
