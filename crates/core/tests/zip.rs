//! Archives and inputs that are not MovieLens: zip bombs, damaged or
//! truncated zips, random bytes, images and CSV files are refused with a
//! clear error, never a panic.

use std::io::{Cursor, Write};

use movielens_core::demo::{generate, DemoConfig, Rng};
use movielens_core::ingest::CHUNK_BYTES;
use movielens_core::load::archive::{load_zip, Archive, Unpacking, PAUSE_BYTES};
use movielens_core::load::load_bytes;
use movielens_core::{Cleaned, Error, ErrorKind, FileKind};
use zip::write::SimpleFileOptions;
use zip::{CompressionMethod, ZipWriter};

const USERS: &[u8] = b"1::F::1::10::48067\n2::M::56::16::70072\n";
const MOVIES: &[u8] = b"1::Toy Story (1995)::Animation|Children's|Comedy\n";
const RATINGS: &[u8] = b"1::1::5::978300760\n2::1::3::978300761\n";

fn zip_of(entries: &[(&str, &[u8])]) -> Vec<u8> {
    let mut zip = ZipWriter::new(Cursor::new(Vec::new()));
    let options = SimpleFileOptions::default().compression_method(CompressionMethod::Deflated);
    for (name, bytes) in entries {
        zip.start_file(*name, options).unwrap();
        zip.write_all(bytes).unwrap();
    }
    zip.finish().unwrap().into_inner()
}

fn load_one(name: &str, bytes: &[u8]) -> Result<Cleaned, Error> {
    load_bytes(&[(name, bytes)])
}

#[test]
fn a_small_zip_loads() {
    let zip = zip_of(&[
        ("ml-1m/README", b"not a table"),
        ("ml-1m/ratings.dat", RATINGS),
        ("ml-1m/users.dat", USERS),
        (
            "__MACOSX/ml-1m/._users.dat",
            b"\0\x05\x16\x07 resource fork",
        ),
        ("ml-1m/movies.dat", MOVIES),
    ]);
    let c = load_one("ml-1m.zip", &zip).unwrap();
    assert_eq!((c.users.len(), c.movies.len(), c.ratings.len()), (2, 1, 2));
}

#[test]
fn zip_bomb_is_refused() {
    // 50 MB of one byte deflates to about 50 kB: a ratio near 1000.
    let bomb = vec![b'1'; 50_000_000];
    for name in ["ml-1m/ratings.dat", "ml-1m/README"] {
        let mut entries: Vec<(&str, &[u8])> =
            vec![("ml-1m/users.dat", USERS), ("ml-1m/movies.dat", MOVIES)];
        if name != "ml-1m/ratings.dat" {
            entries.push(("ml-1m/ratings.dat", RATINGS));
        }
        entries.push((name, &bomb));
        let zip = zip_of(&entries);
        assert!(zip.len() < 1_000_000, "{}", zip.len());
        let err = load_one("bomb.zip", &zip).unwrap_err();
        assert!(
            matches!(err.kind(), ErrorKind::ZipBomb { .. }),
            "{name}: {err}"
        );
        assert_eq!(err.file(), Some(format!("bomb.zip/{name}").as_str()));
    }
}

/// Rewrites the uncompressed size of every entry in the local headers and
/// the central directory, so that the headers lie about the expansion.
fn lie_about_sizes(zip: &mut [u8], size: u32) {
    let mut i = 0;
    while i + 46 <= zip.len() {
        match &zip[i..i + 4] {
            b"PK\x03\x04" => zip[i + 22..i + 26].copy_from_slice(&size.to_le_bytes()),
            b"PK\x01\x02" => zip[i + 24..i + 28].copy_from_slice(&size.to_le_bytes()),
            _ => {}
        }
        i += 1;
    }
}

#[test]
fn zip_bomb_with_lying_headers_is_refused() {
    let bomb = vec![b'1'; 50_000_000];
    let mut zip = zip_of(&[
        ("ml-1m/users.dat", USERS),
        ("ml-1m/movies.dat", MOVIES),
        ("ml-1m/ratings.dat", &bomb),
    ]);
    lie_about_sizes(&mut zip, 1_000);
    // Whatever the zip reader makes of it, the 50 MB must not get through.
    match load_one("liar.zip", &zip) {
        Ok(c) => panic!(
            "loaded {} ratings bytes from a lying bomb",
            c.lineage.ratings.bytes
        ),
        // The zip reader notices the lie itself ("larger than its declared
        // uncompressed size"), an I/O error.
        Err(e) => assert!(
            matches!(
                e.kind(),
                ErrorKind::ZipBomb { .. } | ErrorKind::BadZip(_) | ErrorKind::Io(_)
            ),
            "{e}"
        ),
    }
}

#[test]
fn random_bytes_are_refused() {
    let mut rng = Rng::new(99);
    for round in 0..300 {
        let len = rng.below(3_000) as usize;
        let mut bytes: Vec<u8> = (0..len).map(|_| rng.next_u64() as u8).collect();
        if round % 2 == 1 {
            // Looks like a zip from its first bytes only.
            bytes.splice(0..0, *b"PK\x03\x04");
        }
        let err = match load_one("upload.zip", &bytes) {
            Ok(_) => panic!("random bytes loaded (round {round})"),
            Err(e) => e,
        };
        if round % 2 == 1 {
            assert!(matches!(err.kind(), ErrorKind::BadZip(_)), "{err}");
        } else {
            assert!(
                matches!(
                    err.kind(),
                    ErrorKind::Binary
                        | ErrorKind::Utf16
                        | ErrorKind::Empty
                        | ErrorKind::NotMovieLens
                        | ErrorKind::Csv
                ),
                "{err}"
            );
        }
        assert_eq!(err.file(), Some("upload.zip"));
        assert!(!err.to_string().is_empty());
    }
}

#[test]
fn truncated_and_damaged_zips_are_refused_without_panic() {
    let files = generate(&DemoConfig {
        ratings: 3_000,
        seed: 5,
        dirty: false,
    });
    let zip = files.to_zip().unwrap();
    assert!(load_one("ml-1m.zip", &zip).is_ok());
    let mut cuts: Vec<usize> = (4..zip.len()).step_by(211).collect();
    cuts.extend(zip.len() - 100..zip.len());
    for cut in cuts {
        let err = load_one("ml-1m.zip", &zip[..cut]).unwrap_err();
        assert!(
            matches!(err.kind(), ErrorKind::BadZip(_) | ErrorKind::Io(_)),
            "cut at {cut}: {err}"
        );
    }
    // Damaged bytes: any outcome but a panic; an error must say something.
    let mut rng = Rng::new(5);
    for _ in 0..300 {
        let mut bad = zip.clone();
        for _ in 0..1 + rng.below(4) {
            let at = rng.below(bad.len() as u64) as usize;
            bad[at] ^= 1 << rng.below(8);
        }
        if let Err(e) = load_one("ml-1m.zip", &bad) {
            assert!(!e.to_string().is_empty());
        }
    }
}

#[test]
fn images_and_compressed_files_are_binary() {
    let png = b"\x89PNG\r\n\x1a\n\0\0\0\rIHDR\0\0\x01\0\0\0\x01\0\x08\x06\0\0\0";
    let png_no_nul = b"\x89PNG\r\n\x1a\nIHDR";
    let gzip = b"\x1f\x8b\x08\x08not really";
    for (name, bytes) in [
        ("poster.png", &png[..]),
        ("poster.png", &png_no_nul[..]),
        ("ratings.dat.gz", &gzip[..]),
    ] {
        let err = load_one(name, bytes).unwrap_err();
        assert_eq!(err.kind(), &ErrorKind::Binary, "{name}: {err}");
        assert_eq!(err.file(), Some(name));
    }
}

#[test]
fn utf16_text_gets_its_own_message() {
    // "1::F::1::10::48067\n" as UTF-16LE with a byte-order mark.
    let mut le = vec![0xFF, 0xFE];
    for b in b"1::F::1::10::48067\n" {
        le.extend_from_slice(&[*b, 0]);
    }
    let mut be = vec![0xFE, 0xFF];
    for b in b"1::F::1::10::48067\n" {
        be.extend_from_slice(&[0, *b]);
    }
    for bytes in [le, be] {
        let err = load_one("users.dat", &bytes).unwrap_err();
        assert_eq!(err.kind(), &ErrorKind::Utf16, "{err}");
        assert!(err.to_string().starts_with("users.dat: "), "{err}");
        assert!(err.to_string().contains("UTF-8"), "{err}");
    }
}

#[test]
fn a_csv_that_is_no_table_is_refused_as_csv() {
    let csv = b"movieId,imdbId,tmdbId\n1,0114709,862\n2,0113497,8844\n";
    let err = load_bytes(&[
        ("links.csv", &csv[..]),
        ("users.dat", USERS),
        ("movies.dat", MOVIES),
    ])
    .unwrap_err();
    assert_eq!(err.kind(), &ErrorKind::Csv, "{err}");
    assert_eq!(err.file(), Some("links.csv"));
}

#[test]
fn other_bad_inputs_get_their_own_errors() {
    let kind = |inputs: &[(&str, &[u8])]| load_bytes(inputs).unwrap_err().kind().clone();
    assert_eq!(kind(&[("users.dat", b"")]), ErrorKind::Empty);
    assert_eq!(kind(&[("users.dat", b"\n \n\r\n")]), ErrorKind::Empty);
    assert_eq!(
        kind(&[("notes.txt", b"hello world\nsecond line\n")]),
        ErrorKind::NotMovieLens
    );
    assert_eq!(
        kind(&[("users.dat", USERS), ("movies.dat", MOVIES)]),
        ErrorKind::Missing(FileKind::Ratings)
    );
    assert_eq!(
        kind(&[
            ("users.dat", RATINGS),
            ("movies.dat", MOVIES),
            ("r", RATINGS)
        ]),
        ErrorKind::WrongKind {
            expected: FileKind::Users,
            found: FileKind::Ratings
        }
    );
    assert_eq!(
        kind(&[
            ("a", USERS),
            ("b", USERS),
            ("movies.dat", MOVIES),
            ("ratings.dat", RATINGS)
        ]),
        ErrorKind::DuplicateKind {
            kind: FileKind::Users,
            first: "a".to_owned()
        }
    );
    let zip = zip_of(&[("users.dat", USERS), ("movies.dat", MOVIES)]);
    assert!(matches!(
        kind(&[("x.zip", &zip[..]), ("ratings.dat", RATINGS)]),
        ErrorKind::BadZip(_)
    ));
    assert_eq!(
        kind(&[("x.zip", &zip[..])]),
        ErrorKind::Missing(FileKind::Ratings)
    );
    let mislabelled = zip_of(&[
        ("users.dat", RATINGS),
        ("movies.dat", MOVIES),
        ("ratings.dat", RATINGS),
    ]);
    assert!(matches!(
        kind(&[("x.zip", &mislabelled[..])]),
        ErrorKind::WrongKind { .. }
    ));
}

#[test]
fn windows_path_separators_in_entry_names() {
    // Zips made on Windows may name entries `.\users.dat`: the base name is
    // `users.dat` (not a hidden file), and `__MACOSX\..\._x` is still skipped.
    let zip = zip_of(&[
        (".\\users.dat", USERS),
        (".\\movies.dat", MOVIES),
        ("ml-1m\\ratings.dat", RATINGS),
        (
            "__MACOSX\\ml-1m\\._users.dat",
            b"\0\x05\x16\x07 resource fork",
        ),
        ("ml-1m\\.hidden", b"\0\0 not ours"),
    ]);
    let c = load_one("windows.zip", &zip).unwrap();
    assert_eq!((c.users.len(), c.movies.len(), c.ratings.len()), (2, 1, 2));
    assert_eq!(c.lineage.users.name, ".\\users.dat");
}

/// The web worker's unpacking loop, natively: steps through the zip's
/// entries, handing each stop to `go_on` (the worker reports progress and
/// yields to the event loop there); `Ok(None)` when it said stop.
fn unpack(
    zip: &[u8],
    name: &str,
    mut go_on: impl FnMut(Unpacking) -> bool,
) -> Result<Option<Cleaned>, Error> {
    let (mut archive, mut load) = Archive::open(Cursor::new(zip), name, || 0.0)?;
    while let Some(mut entry) = archive.next_entry(&mut load)? {
        while let Some(at) = entry.step()? {
            if !go_on(at) {
                return Ok(None);
            }
        }
    }
    Ok(Some(load.finish()))
}

fn big_zip() -> Vec<u8> {
    let files = generate(&DemoConfig {
        ratings: 600_000,
        seed: 3,
        dirty: true,
    });
    files.to_zip().unwrap()
}

#[test]
fn a_paused_zip_load_inflates_in_steps_and_equals_the_one_step_load() {
    let zip = big_zip();
    let mut seen: Vec<Unpacking> = Vec::new();
    let paused = unpack(&zip, "ml-1m.zip", |at| {
        seen.push(at);
        true
    });
    let paused = paused.unwrap().expect("nothing said stop");
    let whole = load_zip(Cursor::new(&zip), "ml-1m.zip", || 0.0).unwrap();
    assert_eq!(paused.lineage.ratings, whole.lineage.ratings);
    assert_eq!(paused.rejects, whole.rejects);
    assert_eq!(paused.ratings.len(), whole.ratings.len());
    // Ratings (about 15 MB) pause every PAUSE_BYTES, from 0 to its size.
    let ratings: Vec<&Unpacking> = seen
        .iter()
        .filter(|u| u.entry.ends_with("ratings.dat"))
        .collect();
    let size = whole.lineage.ratings.bytes;
    assert!(size > 3 * PAUSE_BYTES, "{size}");
    assert_eq!(ratings.len() as u64, size.div_ceil(PAUSE_BYTES) + 1);
    assert_eq!(ratings[0].inflated, 0);
    for pair in ratings.windows(2) {
        assert!(pair[1].inflated > pair[0].inflated);
        assert!(pair[1].lines >= pair[0].lines);
        assert!(pair[1].inflated - pair[0].inflated <= PAUSE_BYTES + 256 * 1024);
    }
    let last = ratings.last().unwrap();
    assert_eq!((last.inflated, last.expected), (size, size));
    let lineage = &whole.lineage;
    assert_eq!(
        last.lines,
        lineage.users.lines + lineage.movies.lines + lineage.ratings.lines
    );
}

#[test]
fn a_pause_that_says_stop_ends_the_load_without_tables() {
    let zip = big_zip();
    for stop_at in [0, 1, 3, 5] {
        let mut calls = 0;
        let out = unpack(&zip, "ml-1m.zip", |_| {
            calls += 1;
            calls <= stop_at
        });
        assert_eq!(
            out.unwrap().map(|c| c.ratings.len()),
            None,
            "stop at {stop_at}"
        );
        assert_eq!(calls, stop_at + 1, "no pause after the one that said stop");
    }
}

#[test]
fn a_paused_load_of_a_bomb_or_a_bad_zip_fails_like_the_one_step_load() {
    let bomb = vec![b'1'; 50_000_000];
    let zip = zip_of(&[
        ("ml-1m/users.dat", USERS),
        ("ml-1m/movies.dat", MOVIES),
        ("ml-1m/ratings.dat", &bomb),
    ]);
    let out = unpack(&zip, "bomb.zip", |_| true);
    assert!(matches!(out.unwrap_err().kind(), ErrorKind::ZipBomb { .. }));
    let out = unpack(b"PK\x03\x04 no zip", "x.zip", |_| true);
    assert!(matches!(out.unwrap_err().kind(), ErrorKind::BadZip(_)));
}

#[test]
fn between_stops_every_read_is_reported_with_the_load_that_took_it() {
    let zip = big_zip();
    let (mut archive, mut load) =
        Archive::open(Cursor::new(&zip[..]), "ml-1m.zip", || 0.0).unwrap();
    let (mut reads, mut stops) = (Vec::new(), 0);
    while let Some(mut entry) = archive.next_entry(&mut load).unwrap() {
        while let Some(at) = entry
            .step_with(|plan, at| {
                if plan.current() == Some(FileKind::Ratings) {
                    reads.push((at.inflated, plan.bytes()));
                }
            })
            .unwrap()
        {
            stops += u64::from(at.entry.ends_with("ratings.dat"));
        }
    }
    let whole = load.finish();
    let size = whole.lineage.ratings.bytes;
    // Many more reads than stops, each at most a chunk past the one
    // before, the last at the end of the entry.
    assert!(
        reads.len() as u64 >= size / CHUNK_BYTES as u64,
        "{} reads",
        reads.len()
    );
    assert!(
        reads.len() as u64 > 4 * stops,
        "{} reads, {stops} stops",
        reads.len()
    );
    let mut at = 0;
    for &(inflated, _) in &reads {
        assert!(
            inflated > at && inflated - at <= CHUNK_BYTES as u64,
            "{at} → {inflated}"
        );
        at = inflated;
    }
    assert_eq!(at, size);
}
