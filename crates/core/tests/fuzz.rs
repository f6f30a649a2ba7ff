//! Property tests: arbitrary bytes, and bytes built from the pieces of the
//! format (`::`, line ends, digits, `M`/`F`, BOMs, Latin-1), as each of the
//! three files, fed in arbitrary chunks. Loading never panics, every file
//! keeps `lines == blank + accepted + rejected_total`, and the result does
//! not depend on the chunking.

mod common;

use common::{assert_invariants, assert_same, load_cut};
use movielens_core::ingest::lines::MAX_LINE_BYTES;
use movielens_core::{Cleaned, FileKind};
use proptest::collection::vec;
use proptest::prelude::*;

/// Pieces the format is made of, and a few that break it.
fn piece() -> impl Strategy<Value = Vec<u8>> {
    prop_oneof![
        4 => Just(b"::".to_vec()),
        3 => Just(b"\n".to_vec()),
        1 => Just(b"\r".to_vec()),
        2 => Just(b"\r\n".to_vec()),
        1 => Just(b":".to_vec()),
        1 => Just(b":::".to_vec()),
        1 => Just(b" ".to_vec()),
        1 => Just(b"\t".to_vec()),
        1 => Just(b"\xEF\xBB\xBF".to_vec()),
        1 => Just(b"\xE9".to_vec()),
        1 => Just(b"|".to_vec()),
        2 => prop_oneof![Just(b"M".to_vec()), Just(b"F".to_vec())],
        1 => Just(b"Toy Story (1995)".to_vec()),
        1 => Just(b"Drama|comedy|Space".to_vec()),
        1 => Just(b"(1999)".to_vec()),
        1 => Just(b"(no genres listed)".to_vec()),
        4 => (0u64..30).prop_map(|n| n.to_string().into_bytes()),
        1 => prop_oneof![Just(1u64), Just(18), Just(25), Just(56)].prop_map(|n| n.to_string().into_bytes()),
        1 => any::<u32>().prop_map(|n| n.to_string().into_bytes()),
        1 => Just(b"4294967296".to_vec()),
        2 => any::<u8>().prop_map(|b| vec![b]),
    ]
}

/// A field: mostly drawn from `valid`, sometimes a few pieces instead.
fn field(valid: impl Strategy<Value = String>) -> impl Strategy<Value = Vec<u8>> {
    prop_oneof![
        14 => valid.prop_map(String::into_bytes),
        1 => vec(piece(), 0..3).prop_map(|p| p.concat()),
    ]
}

fn id() -> impl Strategy<Value = String> {
    (1u32..8).prop_map(|n| n.to_string())
}

/// A record with the shape of a file of `kind` (sometimes of another),
/// mostly valid, with small ids so that ratings can refer to users and
/// movies.
fn record(kind: FileKind) -> impl Strategy<Value = Vec<Vec<u8>>> {
    let user = (
        field(id()),
        field(prop_oneof![Just("M".to_owned()), Just("F".to_owned())]),
        field(prop_oneof![
            Just("1".to_owned()),
            Just("25".to_owned()),
            Just("30".to_owned())
        ]),
        field((0u32..22).prop_map(|n| n.to_string())),
        field(prop_oneof![
            4 => Just("48067".to_owned()),
            1 => Just(String::new()),
        ]),
    )
        .prop_map(|(a, b, c, d, e)| vec![a, b, c, d, e]);
    let movie = (
        field(id()),
        field(prop_oneof![
            Just("Toy Story (1995)".to_owned()),
            Just("Matrix, The".to_owned()),
            Just("(1999)".to_owned()),
        ]),
        field(prop_oneof![
            Just("Drama|Comedy".to_owned()),
            Just("Space".to_owned()),
            Just(String::new()),
        ]),
    )
        .prop_map(|(a, b, c)| vec![a, b, c]);
    let rating = (
        field(id()),
        field(id()),
        field((0u32..7).prop_map(|n| n.to_string())),
        field(prop_oneof![
            (0u32..3).prop_map(|n| n.to_string()),
            any::<u32>().prop_map(|n| n.to_string()),
        ]),
    )
        .prop_map(|(a, b, c, d)| vec![a, b, c, d]);
    let w = |k: FileKind| if k == kind { 8 } else { 1 };
    prop_oneof![
        w(FileKind::Users) => user,
        w(FileKind::Movies) => movie,
        w(FileKind::Ratings) => rating,
    ]
}

/// One line: a record, loose fields, or a soup of pieces; with an ending.
fn line(kind: FileKind) -> impl Strategy<Value = Vec<u8>> {
    let loose = vec(vec(piece(), 0..3).prop_map(|p| p.concat()), 1..6);
    let body = prop_oneof![
        6 => record(kind).prop_map(|f| f.join(&b"::"[..])),
        1 => loose.prop_map(|f| f.join(&b"::"[..])),
        1 => vec(piece(), 0..8).prop_map(|p| p.concat()),
    ];
    let end = prop_oneof![
        6 => Just("\n"),
        2 => Just("\r\n"),
        1 => Just(" \n"),
        1 => Just(""),
    ];
    (body, end).prop_map(|(mut l, end)| {
        l.extend_from_slice(end.as_bytes());
        l
    })
}

/// The contents of a file of `kind`.
fn input(kind: FileKind) -> impl Strategy<Value = Vec<u8>> {
    prop_oneof![
        1 => vec(any::<u8>(), 0..400),
        1 => vec(piece(), 0..150).prop_map(|p| p.concat()),
        6 => vec(line(kind), 0..40).prop_map(|l| l.concat()),
    ]
}

/// Three files with cut points for each.
type Files = Vec<(Vec<u8>, Vec<usize>)>;

fn files() -> impl Strategy<Value = Files> {
    let cuts = || vec(any::<usize>(), 0..8);
    (
        (input(FileKind::Users), cuts()),
        (input(FileKind::Movies), cuts()),
        (input(FileKind::Ratings), cuts()),
    )
        .prop_map(|(u, m, r)| vec![u, m, r])
}

/// Loads the files; cut points are taken modulo each file's length + 1.
fn load(files: &Files, chunked: bool) -> Cleaned {
    let cut: Vec<(FileKind, &[u8], Vec<usize>)> = FileKind::ALL
        .iter()
        .zip(files)
        .map(|(&kind, (bytes, cuts))| {
            let cuts = if chunked {
                cuts.iter().map(|c| c % (bytes.len() + 1)).collect()
            } else {
                Vec::new()
            };
            (kind, &bytes[..], cuts)
        })
        .collect();
    load_cut(&cut)
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(512))]

    #[test]
    fn any_input_in_any_chunks(files in files()) {
        let whole = load(&files, false);
        assert_invariants(&whole);
        let chunked = load(&files, true);
        assert_invariants(&chunked);
        assert_same(&whole, &chunked, "chunked");
        for (kind, (bytes, _)) in FileKind::ALL.iter().zip(&files) {
            prop_assert_eq!(whole.lineage.file(*kind).bytes, bytes.len() as u64);
        }
    }

    #[test]
    fn one_byte_chunks(files in files()) {
        let whole = load(&files, false);
        let every: Files = files
            .iter()
            .map(|(b, _)| (b.clone(), (0..b.len()).collect()))
            .collect();
        assert_same(&whole, &load(&every, true), "one byte at a time");
    }
}

/// The strategy is only useful if it gets rows accepted, ratings included.
#[test]
fn inputs_reach_accepted_ratings() {
    use proptest::strategy::ValueTree;
    let mut runner = proptest::test_runner::TestRunner::deterministic();
    let strategy = files();
    let mut with_ratings = 0;
    for _ in 0..400 {
        let files = strategy.new_tree(&mut runner).unwrap().current();
        if !load(&files, false).ratings.is_empty() {
            with_ratings += 1;
        }
    }
    assert!(
        with_ratings >= 60,
        "only {with_ratings} of 400 accept a rating"
    );
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(48))]

    /// Lines around the 64 KiB cap, any ending, any chunking: too long
    /// exactly when the line (without `\n` or `\r\n`) is over the cap.
    #[test]
    fn lines_around_the_cap(
        len in (MAX_LINE_BYTES - 3)..(MAX_LINE_BYTES + 4),
        end in prop_oneof![Just(""), Just("\n"), Just("\r\n")],
        then in prop_oneof![Just(""), Just("2::M::56::16::70072\n")],
        cuts in vec(0usize..(MAX_LINE_BYTES + 80), 0..4),
    ) {
        let mut users = b"1::F::25::1::".to_vec();
        users.resize(len, b'9');
        users.extend_from_slice(end.as_bytes());
        let users = if end.is_empty() { users } else { [&users[..], then.as_bytes()].concat() };
        let files: Files = vec![(users, cuts), (Vec::new(), Vec::new()), (Vec::new(), Vec::new())];
        let whole = load(&files, false);
        assert_invariants(&whole);
        assert_same(&whole, &load(&files, true), "chunked");
        let too_long = whole.lineage.users.rejected(movielens_core::RejectReason::LineTooLong);
        prop_assert_eq!(too_long, u64::from(len > MAX_LINE_BYTES));
        prop_assert_eq!(whole.users.len(), usize::from(len <= MAX_LINE_BYTES) + usize::from(!end.is_empty() && !then.is_empty()));
    }
}
