//! The load plan: inputs in any order and under any names, fed in chunks of
//! any size, give what the bytes API gives, with progress along the way.

use movielens_core::demo::{generate, DemoConfig};
use movielens_core::ingest::kind::{Sniffed, SNIFF_BYTES};
use movielens_core::load::{load_bytes, Plan};
use movielens_core::{ErrorKind, FileKind};

#[test]
fn a_plan_fed_in_odd_chunks_equals_the_bytes_api() {
    let files = generate(&DemoConfig {
        ratings: 20_000,
        seed: 7,
        dirty: true,
    });
    // Given ratings first, under names that say nothing.
    let inputs: [(&str, &[u8]); 3] = [
        ("c", &files.ratings),
        ("a", &files.users),
        ("b", &files.movies),
    ];
    let whole = load_bytes(&inputs).unwrap();
    let mut plan = Plan::new(inputs.len());
    for (i, (name, bytes)) in inputs.iter().enumerate() {
        let prefix = &bytes[..bytes.len().min(SNIFF_BYTES)];
        assert!(matches!(plan.add(i, name, prefix), Ok(Sniffed::Table(..))));
    }
    let mut load = plan.start(|| 0.0).unwrap();
    let (mut order, mut lines, mut bytes) = (Vec::new(), 0, 0);
    while let Some((kind, i)) = load.next_table() {
        order.push((kind, i));
        assert_eq!(load.current(), Some(kind));
        assert_eq!(load.lines(), lines, "lines of the tables before");
        for chunk in inputs[i].1.chunks(7_919) {
            load.feed(chunk);
            bytes += chunk.len() as u64;
            assert_eq!(load.bytes(), bytes);
            assert!(load.lines() >= lines);
            lines = load.lines();
        }
        load.end_table();
        assert_eq!(load.current(), None);
        assert!(load.lines() >= lines, "the last line, if unterminated");
        lines = load.lines();
    }
    assert_eq!(
        order,
        [
            (FileKind::Users, 1),
            (FileKind::Movies, 2),
            (FileKind::Ratings, 0)
        ]
    );
    let fed = load.finish();
    let l = &whole.lineage;
    assert_eq!(lines, l.users.lines + l.movies.lines + l.ratings.lines);
    assert_eq!(bytes, l.users.bytes + l.movies.bytes + l.ratings.bytes);
    for kind in FileKind::ALL {
        assert_eq!(fed.lineage.file(kind), whole.lineage.file(kind));
    }
    assert_eq!(fed.users, whole.users);
    assert_eq!(fed.movies, whole.movies);
    assert_eq!(fed.ratings, whole.ratings);
    assert_eq!(fed.rejects, whole.rejects);
    let stages: Vec<&str> = fed
        .lineage
        .stages
        .iter()
        .map(|s| s.stage.as_str())
        .collect();
    assert_eq!(
        stages,
        [
            "read + clean users.dat",
            "read + clean movies.dat",
            "read + clean ratings.dat",
            "de-duplicate ratings"
        ]
    );
    assert_eq!(fed.lineage.users.name, "a");
}

#[test]
fn names_in_messages_and_in_the_lineage_can_differ() {
    let mut plan = Plan::new(3);
    let table = |kind| Sniffed::Table(kind, movielens_core::vocab::Format::Dat);
    plan.add_sniffed(0, "/data/u.dat", "u.dat", table(FileKind::Users))
        .unwrap();
    plan.add_sniffed(1, "/data/m.dat", "m.dat", table(FileKind::Movies))
        .unwrap();
    let e = plan
        .add_sniffed(2, "/data/again.dat", "again.dat", table(FileKind::Users))
        .unwrap_err();
    assert_eq!(
        e.kind(),
        &ErrorKind::DuplicateKind {
            kind: FileKind::Users,
            first: "/data/u.dat".to_owned()
        }
    );
    assert_eq!(e.file(), Some("/data/again.dat"));
    plan.add_sniffed(2, "/data/r.dat", "r.dat", table(FileKind::Ratings))
        .unwrap();
    let mut load = plan.start(|| 0.0).unwrap();
    while load.next_table().is_some() {}
    let cleaned = load.finish();
    assert_eq!(cleaned.lineage.users.name, "u.dat");
    assert_eq!(cleaned.lineage.ratings.name, "r.dat");
}

#[test]
fn a_zip_is_loaded_alone_or_refused() {
    let zip = b"PK\x03\x04 whatever follows";
    let mut alone = Plan::new(1);
    assert_eq!(alone.add(0, "ml-1m.zip", zip).unwrap(), Sniffed::Zip);
    let mut with_others = Plan::new(2);
    let e = with_others.add(0, "ml-1m.zip", zip).unwrap_err();
    assert!(matches!(e.kind(), ErrorKind::BadZip(_)), "{e}");
    assert_eq!(e.file(), Some("ml-1m.zip"));
}

#[test]
fn a_plan_without_a_table_does_not_start() {
    let mut plan = Plan::new(2);
    plan.add(0, "u", b"1::F::1::10::48067\n").unwrap();
    plan.add(1, "r", b"1::1::5::978300760\n").unwrap();
    let e = plan.start(|| 0.0).unwrap_err();
    assert_eq!(e.kind(), &ErrorKind::Missing(FileKind::Movies));
    assert_eq!(e.file(), None);
}
