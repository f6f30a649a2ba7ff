//! The demo generator: clean data has the shape of MovieLens 1M and no
//! rejects; dirty data gives exactly the lineage the generator predicts;
//! the zip it writes loads like the three files.

mod common;

use std::collections::HashMap;

use common::{assert_invariants, counts};
use movielens_core::demo::{generate, DemoConfig, DemoFiles, ML1M_RATINGS};
use movielens_core::lineage::FileLineage;
use movielens_core::load::load_bytes;
use movielens_core::{Cleaned, FileKind};

fn load_files(files: &DemoFiles) -> Cleaned {
    load_bytes(&[
        ("users.dat", &files.users[..]),
        ("movies.dat", &files.movies[..]),
        ("ratings.dat", &files.ratings[..]),
    ])
    .unwrap()
}

/// Checks the shape of clean generated data: `users` users with ids
/// 1..=users, 3883 movies with ids up to 3952, every user with at least 20
/// ratings, no rejects, and the predicted lineage.
fn assert_clean(files: &DemoFiles, ratings: usize, users: usize) {
    let c = load_files(files);
    assert_invariants(&c);
    assert!(
        c.rejects.is_empty(),
        "first reject: {:?}",
        c.rejects.first()
    );
    for kind in FileKind::ALL {
        assert_eq!(c.lineage.file(kind), files.expected(kind), "{kind}");
    }
    assert_eq!(c.users.len(), users);
    assert_eq!(c.users.id, (1..=users as u32).collect::<Vec<_>>());
    assert_eq!(c.movies.len(), 3883);
    assert!(c.movies.id.iter().all(|&id| (1..=3952).contains(&id)));
    assert!(c.movies.id.windows(2).all(|w| w[0] < w[1]));
    assert_eq!(c.ratings.len(), ratings);
    let mut per_user = vec![0u32; users];
    for &u in &c.ratings.user {
        per_user[u as usize] += 1;
    }
    let least = per_user.iter().copied().min().unwrap();
    assert!(least >= 20, "a user has only {least} ratings");
    assert!(c
        .ratings
        .halves
        .iter()
        .all(|h| h % 2 == 0 && (2..=10).contains(h)));
    // 2000-04-25 .. 2003-02-28, as in ML-1M.
    assert!(c
        .ratings
        .ts
        .iter()
        .all(|t| (956_703_932..=1_046_454_590).contains(t)));
    assert!(c.movies.year.iter().all(|y| y.is_some()));
    let blank = FileKind::ALL
        .iter()
        .map(|&k| c.lineage.file(k).blank)
        .sum::<u64>();
    assert_eq!(blank, 0);
}

#[test]
fn clean_50k() {
    let files = generate(&DemoConfig {
        ratings: 50_000,
        seed: 7,
        dirty: false,
    });
    // ML-1M's ~166 ratings per user: 50,000 * 6,040 / 1,000,209 ≈ 302 users.
    assert_clean(&files, 50_000, 302);
}

#[test]
fn clean_default_is_ml1m_sized() {
    let config = DemoConfig::default();
    assert_eq!(config.ratings, ML1M_RATINGS);
    assert!(!config.dirty);
    let files = generate(&config);
    assert_clean(&files, 1_000_209, 6_040);
}

#[test]
fn same_seed_same_bytes() {
    let config = DemoConfig {
        ratings: 5_000,
        seed: 42,
        dirty: true,
    };
    let (a, b) = (generate(&config), generate(&config));
    assert_eq!(
        (&a.users, &a.movies, &a.ratings),
        (&b.users, &b.movies, &b.ratings)
    );
    let other = generate(&DemoConfig { seed: 43, ..config });
    assert_ne!(a.ratings, other.ratings);
}

/// Names aside (a zip's entries are named `ml-1m/users.dat`).
fn same_counts(a: &FileLineage, b: &FileLineage) -> bool {
    FileLineage {
        name: b.name.clone(),
        ..a.clone()
    } == *b
}

fn assert_dirty(config: &DemoConfig) {
    let files = generate(config);
    let c = load_files(&files);
    assert_invariants(&c);
    for kind in FileKind::ALL {
        assert_eq!(
            c.lineage.file(kind),
            files.expected(kind),
            "{kind}, {config:?}: got {}, expected {}",
            counts(c.lineage.file(kind)),
            counts(files.expected(kind))
        );
    }
    // Dirty data exercises every reason that applies to each file.
    for kind in FileKind::ALL {
        let f = c.lineage.file(kind);
        for reason in movielens_core::RejectReason::ALL {
            if reason.applies_to(kind) && reason != movielens_core::RejectReason::LineTooLong {
                assert!(f.rejected(reason) > 0, "{kind}: no {}", reason.code());
            }
        }
    }
    // No duplicate (user, movie) survives.
    let mut seen = HashMap::new();
    for i in 0..c.ratings.len() {
        let pair = (c.ratings.user[i], c.ratings.movie[i]);
        assert!(seen.insert(pair, i).is_none(), "{pair:?} kept twice");
    }
}

#[test]
fn dirty_lineage_is_as_predicted() {
    for seed in 1..=6 {
        assert_dirty(&DemoConfig {
            ratings: 2_000,
            seed,
            dirty: true,
        });
    }
    assert_dirty(&DemoConfig {
        ratings: 50_000,
        seed: 11,
        dirty: true,
    });
}

fn assert_zip_loads_like_files(config: &DemoConfig) {
    let files = generate(config);
    let zip = files.to_zip().unwrap();
    let from_files = load_files(&files);
    let from_zip = load_bytes(&[("ml-1m.zip", &zip[..])]).unwrap();
    assert_eq!(from_zip.users, from_files.users);
    assert_eq!(from_zip.movies, from_files.movies);
    assert_eq!(from_zip.ratings, from_files.ratings);
    assert_eq!(from_zip.rejects, from_files.rejects);
    for kind in FileKind::ALL {
        let (z, f) = (from_zip.lineage.file(kind), from_files.lineage.file(kind));
        assert!(same_counts(z, f), "{kind}: {z:?} vs {f:?}");
        assert_eq!(z.name, format!("ml-1m/{}", kind.file_name()));
    }
}

#[test]
fn zip_loads_like_the_three_files() {
    assert_zip_loads_like_files(&DemoConfig {
        ratings: 50_000,
        seed: 3,
        dirty: false,
    });
    assert_zip_loads_like_files(&DemoConfig {
        ratings: 5_000,
        seed: 4,
        dirty: true,
    });
}
