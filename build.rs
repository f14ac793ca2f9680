//! Computes a build id from the sources and the rule data of both crates, so the
//! fact cache of incremental runs is reused only by the very same code.
use std::hash::Hasher;
use std::path::Path;

fn visit(dir: &Path, files: &mut Vec<std::path::PathBuf>) {
    if let Ok(entries) = std::fs::read_dir(dir) {
        for e in entries.flatten() {
            let p = e.path();
            if p.is_dir() {
                visit(&p, files);
            } else {
                files.push(p);
            }
        }
    }
}

fn main() {
    let mut files = Vec::new();
    visit(Path::new("src"), &mut files);
    visit(Path::new("crates/extract/src"), &mut files);
    visit(Path::new("crates/extract/data"), &mut files);
    files.push("Cargo.toml".into());
    files.push("crates/extract/Cargo.toml".into());
    files.sort();
    // FNV-1a: stable across Rust versions, unlike DefaultHasher.
    struct Fnv(u64);
    impl Hasher for Fnv {
        fn finish(&self) -> u64 {
            self.0
        }
        fn write(&mut self, bytes: &[u8]) {
            for b in bytes {
                self.0 = (self.0 ^ u64::from(*b)).wrapping_mul(0x100_0000_01b3);
            }
        }
    }
    let mut h = Fnv(0xcbf2_9ce4_8422_2325);
    for f in &files {
        h.write(f.to_string_lossy().as_bytes());
        h.write(&std::fs::read(f).unwrap_or_default());
        println!("cargo:rerun-if-changed={}", f.display());
    }
    println!("cargo:rerun-if-changed=src");
    println!("cargo:rerun-if-changed=crates/extract/src");
    println!("cargo:rerun-if-changed=crates/extract/data");
    println!("cargo:rustc-env=SOURCEFACTS_BUILD_ID={:016x}", h.finish());
}
