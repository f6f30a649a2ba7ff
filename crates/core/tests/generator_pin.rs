//! The ML-1M generator's bytes are pinned: the page's demo, the CLI's
//! `generate` (its default `--release ml-1m`) and many tests depend on
//! them, so a change to the generator that moves a single byte of ML-1M
//! output fails here. (Pinned before the generator learned the other
//! releases, from the output of commit 1a7c6fe.)

use movielens_core::demo::{demo, generate, DemoConfig, DemoFiles};

/// FNV-1a, 64 bits: small, stable, and enough to tell files apart.
fn fnv1a(bytes: &[u8]) -> u64 {
    let mut h: u64 = 0xcbf2_9ce4_8422_2325;
    for &b in bytes {
        h ^= u64::from(b);
        h = h.wrapping_mul(0x0000_0100_0000_01b3);
    }
    h
}

/// `(bytes, hash)` of users, movies and ratings.
fn fingerprint(files: &DemoFiles) -> [(usize, u64); 3] {
    [&files.users, &files.movies, &files.ratings].map(|f| (f.len(), fnv1a(f)))
}

#[test]
fn the_page_demo_bytes_are_pinned() {
    let got = fingerprint(&demo());
    assert_eq!(got, DEMO);
}

#[test]
fn the_default_cli_output_is_the_demo() {
    assert_eq!(fingerprint(&generate(&DemoConfig::default())), DEMO);
}

#[test]
fn dirty_and_small_outputs_are_pinned() {
    let dirty = generate(&DemoConfig {
        dirty: true,
        ..DemoConfig::default()
    });
    let small = generate(&DemoConfig {
        ratings: 5_000,
        seed: 2,
        dirty: false,
    });
    let got = (fingerprint(&dirty), fingerprint(&small));
    assert_eq!(got, (DIRTY, SMALL));
}

const DEMO: [(usize, u64); 3] = [
    (134_857, 955_520_488_398_737_508),
    (165_536, 16_507_230_272_773_390_803),
    (24_632_096, 10_840_759_394_962_275_524),
];
const DIRTY: [(usize, u64); 3] = [
    (138_728, 5_774_137_457_440_833_627),
    (165_803, 14_104_640_800_187_314_807),
    (24_752_309, 18_397_680_817_011_905_821),
];
const SMALL: [(usize, u64); 3] = [
    (608, 6_128_803_815_861_627_572),
    (164_882, 14_892_062_139_758_100_551),
    (112_168, 1_984_945_922_496_111_846),
];
