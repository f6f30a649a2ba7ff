//! Helpers shared by the integration tests: loading files through the
//! chunked [`Loader`] and comparing two results.

#![allow(dead_code, reason = "each test binary uses a different subset")]

use movielens_core::clean::MAX_KEPT_PER_REASON;
use movielens_core::lineage::FileLineage;
use movielens_core::load::Loader;
use movielens_core::{Cleaned, FileKind, RejectReason, Warning};

/// Loads the files (users, movies, ratings order) through a [`Loader`], each
/// fed in one chunk and named by its GroupLens file name.
pub fn load(files: &[(FileKind, &[u8])]) -> Cleaned {
    let cut: Vec<(FileKind, &[u8], Vec<usize>)> =
        files.iter().map(|&(k, b)| (k, b, Vec::new())).collect();
    load_cut(&cut)
}

/// Loads the files, each cut into chunks at the given offsets (any order;
/// duplicates and out-of-range offsets give empty chunks, which must be
/// harmless too).
pub fn load_cut(files: &[(FileKind, &[u8], Vec<usize>)]) -> Cleaned {
    load_cut_compacting(files, None)
}

/// [`load_cut`], resolving duplicate ratings whenever `floor` provisional
/// ones piled up (the loader's default when `None`).
pub fn load_cut_compacting(
    files: &[(FileKind, &[u8], Vec<usize>)],
    floor: Option<usize>,
) -> Cleaned {
    let mut loader = Loader::new();
    if let Some(rows) = floor {
        loader = loader.with_compaction_floor(rows);
    }
    for (kind, bytes, cuts) in files {
        loader.begin(*kind, kind.file_name()).unwrap();
        let mut cuts: Vec<usize> = cuts.iter().map(|&c| c.min(bytes.len())).collect();
        cuts.sort_unstable();
        let mut from = 0;
        for c in cuts {
            loader.feed(&bytes[from..c]);
            from = c;
        }
        loader.feed(&bytes[from..]);
        loader.end();
    }
    loader.finish()
}

/// Asserts that two loads gave the same tables, rejects and lineage counts
/// (stage timings aside).
pub fn assert_same(a: &Cleaned, b: &Cleaned, context: &str) {
    assert_eq!(a.users, b.users, "users differ: {context}");
    assert_eq!(a.movies, b.movies, "movies differ: {context}");
    assert_eq!(a.ratings, b.ratings, "ratings differ: {context}");
    assert_eq!(a.rejects, b.rejects, "rejects differ: {context}");
    assert_eq!(a.flags, b.flags, "flags differ: {context}");
    for kind in FileKind::ALL {
        assert_eq!(
            a.lineage.file(kind),
            b.lineage.file(kind),
            "{kind} lineage differs: {context}"
        );
    }
}

/// Asserts `lines == blank + accepted + rejected_total` for every file, and
/// that the reject list agrees with the per-reason counts (it lists the
/// first [`MAX_KEPT_PER_REASON`] of each).
pub fn assert_invariants(c: &Cleaned) {
    for kind in FileKind::ALL {
        let f = c.lineage.file(kind);
        assert_eq!(
            f.lines,
            f.blank + f.accepted + f.rejected_total(),
            "{kind}: lines != blank + accepted + rejected: {f:?}"
        );
        for reason in RejectReason::ALL {
            let listed = c
                .rejects
                .iter()
                .filter(|r| r.file == kind && r.reason == reason)
                .count() as u64;
            // Every reject is counted; the first ones of each reason are listed.
            assert_eq!(
                f.rejected(reason).min(MAX_KEPT_PER_REASON as u64),
                listed,
                "{kind} {}",
                reason.code()
            );
            if !reason.applies_to(kind) {
                assert_eq!(listed, 0, "{kind} cannot have {}", reason.code());
            }
        }
        for warning in Warning::ALL {
            if !warning.applies_to(kind) {
                assert_eq!(
                    f.warned(warning),
                    0,
                    "{kind} cannot warn {}",
                    warning.code()
                );
            }
            assert!(f.warned(warning) <= f.accepted, "{kind} {}", warning.code());
        }
    }
    assert_eq!(c.lineage.users.accepted, c.users.len() as u64);
    assert_eq!(c.lineage.movies.accepted, c.movies.len() as u64);
    assert_eq!(c.lineage.ratings.accepted, c.ratings.len() as u64);
    // Rejects come in file order, then line order.
    let order: Vec<(usize, u64)> = c
        .rejects
        .iter()
        .map(|r| (r.file as usize, r.line))
        .collect();
    assert!(
        order.windows(2).all(|w| w[0] < w[1]),
        "rejects out of order"
    );
}

/// Lineage counts as a compact line: `lines 3 blank 1 accepted 1
/// wrong_field_count 1 latin1 1` (only non-zero reasons and warnings).
pub fn counts(f: &FileLineage) -> String {
    let mut s = format!(
        "lines {} blank {} accepted {}",
        f.lines, f.blank, f.accepted
    );
    for reason in RejectReason::ALL {
        if f.rejected(reason) > 0 {
            s += &format!(" {} {}", reason.code(), f.rejected(reason));
        }
    }
    for warning in Warning::ALL {
        if f.warned(warning) > 0 {
            s += &format!(" {} {}", warning.code(), f.warned(warning));
        }
    }
    s
}
