#!/usr/bin/env bash
# Builds sourcefacts with profile-guided optimization on top of the
# `release-lto` profile: an instrumented build runs over training text,
# then rustc lays out and inlines the code by the counts it recorded.
#
#   scripts/build-pgo.sh            # binary: target/pgo/release-lto/sourcefacts
#
# About 6 minutes on 2 cores (two fat-LTO builds and the training runs).
#
# Training uses only what the repository holds or makes, so that every
# machine builds the same binary from the same commit: the bundled corpus,
# the probes (real-world shapes: tables, transcripts, wiki markup) and a
# 40 MB generated corpus. The measured archive is not among them: a
# build trained on the text it is timed on would flatter itself.
# Output is the same bytes as any other build (scripts/same-output.sh
# with SOURCEFACTS_BIN=target/pgo/release-lto/sourcefacts checks it).
#
# Needs llvm-profdata of the toolchain's own LLVM, from rustup's
# llvm-tools component (installed here when missing).
set -euo pipefail
cd "$(dirname "$0")/.."
sysroot=$(rustc --print sysroot)
host=$(rustc -vV | sed -n 's/^host: //p')
profdata="$sysroot/lib/rustlib/$host/bin/llvm-profdata"
if [ ! -x "$profdata" ]; then
  rustup component add llvm-tools >&2
fi
work=target/pgo-work
rm -rf "$work"
mkdir -p "$work/profiles"
# The generator is deterministic: any build of it writes the same corpus.
cargo build --release -q --bin gen-corpus
target/release/gen-corpus --mb 40 "$work/gen" >/dev/null

echo "build-pgo: instrumented build" >&2
RUSTFLAGS="-Cprofile-generate=$PWD/$work/profiles" \
  cargo build --profile release-lto -q --bin sourcefacts --target-dir target/pgo-gen
for input in corpus tests/probes "$work/gen"; do
  rm -rf "$work/out"
  target/pgo-gen/release-lto/sourcefacts run "$input" --out "$work/out" \
    --full --no-cache --quiet --no-summary
done
"$profdata" merge -o "$work/merged.profdata" "$work/profiles"

echo "build-pgo: optimized build" >&2
RUSTFLAGS="-Cprofile-use=$PWD/$work/merged.profdata" \
  cargo build --profile release-lto -q --bin sourcefacts --target-dir target/pgo
rm -rf "$work/gen" "$work/out"
echo "build-pgo: target/pgo/release-lto/sourcefacts" >&2
