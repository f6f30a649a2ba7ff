//! The core's error: its source is the I/O or zip error underneath, and a
//! misuse of the loader has a kind of its own; messages read as before.

use std::error::Error as _;
use std::io::{Cursor, Read};

use movielens_core::ingest::read_prefix;
use movielens_core::load::archive::load_zip;
use movielens_core::load::{load_bytes, Loader, Plan};
use movielens_core::{Error, ErrorKind, FileKind};

/// A reader that gives `good` bytes, then fails.
struct Failing {
    good: Cursor<Vec<u8>>,
}

impl Read for Failing {
    fn read(&mut self, buf: &mut [u8]) -> std::io::Result<usize> {
        match self.good.read(buf)? {
            0 => Err(std::io::Error::new(
                std::io::ErrorKind::PermissionDenied,
                "the disk said no",
            )),
            n => Ok(n),
        }
    }
}

fn io_source(e: &Error) -> &std::io::Error {
    e.source()
        .and_then(|s| s.downcast_ref::<std::io::Error>())
        .unwrap_or_else(|| panic!("no io::Error below {e}"))
}

#[test]
fn a_read_that_fails_keeps_the_io_error_as_its_source() {
    let mut reader = Failing {
        good: Cursor::new(Vec::new()),
    };
    let e = read_prefix(&mut reader, "users.dat").unwrap_err();
    assert_eq!(
        e.to_string(),
        "users.dat: could not be read: the disk said no"
    );
    assert_eq!(e.kind(), &ErrorKind::Io("the disk said no".to_owned()));
    assert_eq!(io_source(&e).kind(), std::io::ErrorKind::PermissionDenied);
    let debug = format!("{e:?}");
    assert!(
        debug.contains("source: Some(\"the disk said no\")"),
        "{debug}"
    );

    // Failing half-way through a table, after its first bytes were sniffed.
    let users = b"1::F::1::10::48067\n".to_vec();
    let mut plan = Plan::new(3);
    plan.add(0, "users.dat", &users).unwrap();
    plan.add(1, "movies.dat", b"1::Toy Story (1995)::Comedy\n")
        .unwrap();
    plan.add(2, "ratings.dat", b"1::1::5::978300760\n").unwrap();
    let mut load = plan.start(|| 0.0).unwrap();
    let (kind, _) = load.next_table().unwrap();
    assert_eq!(kind, FileKind::Users);
    let mut reader = Failing {
        good: Cursor::new(users),
    };
    let e = load.feed_reader(&mut reader, "users.dat").unwrap_err();
    assert_eq!(
        e.to_string(),
        "users.dat: could not be read: the disk said no"
    );
    assert_eq!(io_source(&e).to_string(), "the disk said no");
    assert_eq!(load.bytes(), 19, "what was read before the failure is fed");
}

#[test]
fn a_zip_the_zip_reader_refuses_keeps_the_zip_error_as_its_source() {
    let e = load_zip(Cursor::new(b"PK\x03\x04 not a zip"), "x.zip", || 0.0).unwrap_err();
    assert!(matches!(e.kind(), ErrorKind::BadZip(_)), "{e}");
    let source = e
        .source()
        .and_then(|s| s.downcast_ref::<zip::result::ZipError>())
        .expect("the zip error below");
    // The message carries the source's text, as it always did.
    assert_eq!(
        e.to_string(),
        format!("x.zip: not a readable zip archive ({source})")
    );
    // The same through the bytes API.
    let e = load_bytes(&[("x.zip", b"PK\x03\x04 not a zip")]).unwrap_err();
    assert!(e.source().is_some(), "{e}");
}

#[test]
fn errors_about_the_content_have_no_source() {
    let e = load_bytes(&[("users.dat", b"")]).unwrap_err();
    assert_eq!(e.kind(), &ErrorKind::Empty);
    assert!(e.source().is_none());
    let e = load_bytes(&[("users.dat", b"1::F::1::10::48067\n")]).unwrap_err();
    assert_eq!(e.kind(), &ErrorKind::Missing(FileKind::Movies));
    assert!(e.source().is_none());
}

#[test]
fn errors_compare_by_kind_and_file_and_clone_with_their_source() {
    let io = || Error::io(std::io::Error::other("gone")).in_file("r.dat");
    let plain = Error::new(ErrorKind::Io("gone".to_owned())).in_file("r.dat");
    assert_eq!(io(), plain, "the source is not compared");
    assert_ne!(io(), plain.clone().in_file("u.dat"));
    let copy = io().clone();
    assert_eq!(io_source(&copy).to_string(), "gone");
}

#[test]
fn tables_out_of_order_are_a_misuse_of_the_loader_with_a_kind_of_its_own() {
    for late in [FileKind::Users, FileKind::Movies] {
        let mut loader = Loader::new();
        loader.begin(FileKind::Ratings, "r.dat").unwrap();
        loader.feed(b"1::1::5::978300760\n");
        let e = loader.begin(late, "late.dat").unwrap_err();
        assert_eq!(
            e.kind(),
            &ErrorKind::OutOfOrder {
                kind: late,
                ratings: "r.dat".to_owned()
            }
        );
        assert_eq!(e.file(), Some("late.dat"));
        // Worded as it was when it was an I/O error.
        assert_eq!(
            e.to_string(),
            format!(
                "late.dat: could not be read: {late} must be loaded before the ratings (r.dat)"
            )
        );
        assert!(e.source().is_none());
    }
    // A kind given twice stays a duplicate, whatever the order.
    let mut loader = Loader::new();
    loader.begin(FileKind::Ratings, "r.dat").unwrap();
    let e = loader.begin(FileKind::Ratings, "r2.dat").unwrap_err();
    assert!(matches!(e.kind(), ErrorKind::DuplicateKind { .. }), "{e}");
}
