//! Parser edge cases, one line each: line endings, byte-order marks, blank
//! lines, encodings, `::` splitting and over-long lines. Every case is also
//! fed in two chunks split at every byte offset (three chunks and one byte at
//! a time for short inputs): the result must not depend on the chunking.

mod common;

use common::{assert_invariants, assert_same, counts, load, load_cut};
use movielens_core::ingest::lines::MAX_LINE_BYTES;
use movielens_core::model::genre_names;
use movielens_core::{Cleaned, FileKind};

const CONTEXT_USERS: &[u8] = b"1::F::1::10::48067\n2::M::56::16::70072\n";
const CONTEXT_MOVIES: &[u8] = b"1::Toy Story (1995)::Animation|Children's|Comedy\n\
2::Jumanji (1995)::Adventure|Children's|Fantasy\n";

/// The files of a case: the input as `kind`, after the context a ratings
/// file needs (two users, two movies).
fn files(kind: FileKind, input: &[u8]) -> Vec<(FileKind, &[u8])> {
    match kind {
        FileKind::Ratings => vec![
            (FileKind::Users, CONTEXT_USERS),
            (FileKind::Movies, CONTEXT_MOVIES),
            (FileKind::Ratings, input),
        ],
        _ => vec![(kind, input)],
    }
}

/// Long strings are shown by their start and their length.
fn short(s: &str) -> String {
    if s.len() <= 60 {
        format!("{s:?}")
    } else {
        let head: String = s.chars().take(24).collect();
        format!("{head:?}..({} bytes)", s.len())
    }
}

/// What a load of `kind` gave: accepted rows, rejects, then the counts.
fn describe(c: &Cleaned, kind: FileKind) -> Vec<String> {
    let mut out = Vec::new();
    match kind {
        FileKind::Users => {
            let u = &c.users;
            for i in 0..u.len() {
                out.push(format!(
                    "user {} {} {} {} {}",
                    u.id[i],
                    u.gender[i].code(),
                    u.age[i],
                    u.occupation[i],
                    short(&u.zip[i])
                ));
            }
        }
        FileKind::Movies => {
            let m = &c.movies;
            for i in 0..m.len() {
                let genres: Vec<&str> = genre_names(m.genres[i]).collect();
                out.push(format!(
                    "movie {} {} {} {} {}",
                    m.id[i],
                    short(&m.title[i]),
                    short(&m.display[i]),
                    m.year[i].map_or("-".to_owned(), |y| y.to_string()),
                    if genres.is_empty() {
                        "-".to_owned()
                    } else {
                        genres.join("|")
                    }
                ));
            }
        }
        FileKind::Ratings => {
            let r = &c.ratings;
            for i in 0..r.len() {
                out.push(format!(
                    "rating {} {} {} {}",
                    c.users.id[r.user[i] as usize],
                    c.movies.id[r.movie[i] as usize],
                    r.halves[i] / 2,
                    r.ts[i]
                ));
            }
        }
    }
    for r in c.rejects.iter().filter(|r| r.file == kind) {
        out.push(format!(
            "reject {} {} {}",
            r.line,
            r.reason.code(),
            short(&r.raw)
        ));
    }
    out.push(counts(c.lineage.file(kind)));
    out
}

/// Offsets to split an input at: all of them for short inputs, else the
/// start, the end, both sides of the line cap and a spread in between.
fn offsets(len: usize) -> Vec<usize> {
    if len <= 4096 {
        return (0..=len).collect();
    }
    let mut v: Vec<usize> = (0..=200).chain(len - 200..=len).collect();
    v.extend((0..len).step_by(997));
    for around in [MAX_LINE_BYTES, MAX_LINE_BYTES + 13] {
        v.extend(around.saturating_sub(20)..=(around + 20).min(len));
    }
    v.sort_unstable();
    v.dedup();
    v
}

fn check(kind: FileKind, input: &[u8], want: &[String]) {
    let whole = load(&files(kind, input));
    assert_invariants(&whole);
    assert_eq!(describe(&whole, kind), want);
    // The context must be untouched.
    if kind == FileKind::Ratings {
        assert_eq!((whole.users.len(), whole.movies.len()), (2, 2));
    }
    let fed = |cuts: Vec<usize>| {
        let cut: Vec<(FileKind, &[u8], Vec<usize>)> = files(kind, input)
            .into_iter()
            .map(|(k, b)| (k, b, if k == kind { cuts.clone() } else { Vec::new() }))
            .collect();
        load_cut(&cut)
    };
    for k in offsets(input.len()) {
        assert_same(&whole, &fed(vec![k]), &format!("split at byte {k}"));
    }
    if input.len() <= 4096 {
        let every: Vec<usize> = (0..input.len()).collect();
        assert_same(&whole, &fed(every), "one byte at a time");
    }
    if input.len() <= 48 {
        for i in 0..=input.len() {
            for j in i..=input.len() {
                assert_same(&whole, &fed(vec![i, j]), &format!("split at {i} and {j}"));
            }
        }
    }
}

/// `name: Kind, input => [expected lines];`, one case a line: each becomes
/// a `#[test]` that runs [`check`].
macro_rules! parses_to {
    ($($name:ident: $kind:ident, $input:expr => [$($want:expr),* $(,)?];)*) => {
        $(
            #[test]
            fn $name() {
                check(FileKind::$kind, &$input[..], &[$(String::from($want)),*]);
            }
        )*
    };
}

/// `head`, then `fill` repeated up to `len` bytes in all, then `tail`.
fn line_of(head: &str, fill: u8, len: usize, tail: &str) -> Vec<u8> {
    let mut v = head.as_bytes().to_vec();
    v.resize(len, fill);
    v.extend_from_slice(tail.as_bytes());
    v
}

const U1: &str = r#"user 1 F 1 10 "48067""#;
const U2: &str = r#"user 2 M 56 16 "70072""#;

parses_to! {
    // Line endings.
    lf: Users, b"1::F::1::10::48067\n" => [U1, "lines 1 blank 0 accepted 1"];
    crlf: Users, b"1::F::1::10::48067\r\n2::M::56::16::70072\r\n" => [U1, U2, "lines 2 blank 0 accepted 2"];
    crlf_ratings: Ratings, b"1::1::5::978300760\r\n2::2::3::978300761\r\n" => ["rating 1 1 5 978300760", "rating 2 2 3 978300761", "lines 2 blank 0 accepted 2"];
    mixed_endings: Users, b"1::F::1::10::48067\r\n2::M::56::16::70072\n" => [U1, U2, "lines 2 blank 0 accepted 2"];
    no_final_newline: Users, b"1::F::1::10::48067\n2::M::56::16::70072" => [U1, U2, "lines 2 blank 0 accepted 2"];
    no_final_newline_cr: Users, b"1::F::1::10::48067\r" => [U1, "lines 1 blank 0 accepted 1"];
    no_final_newline_ratings: Ratings, b"1::1::5::978300760" => ["rating 1 1 5 978300760", "lines 1 blank 0 accepted 1"];
    empty_file: Users, b"" => ["lines 0 blank 0 accepted 0"];
    // Byte-order marks.
    bom: Users, b"\xEF\xBB\xBF1::F::1::10::48067\n" => [U1, "lines 1 blank 0 accepted 1"];
    bom_crlf_no_final_newline: Ratings, b"\xEF\xBB\xBF1::1::5::978300760\r\n2::2::3::978300761" => ["rating 1 1 5 978300760", "rating 2 2 3 978300761", "lines 2 blank 0 accepted 2"];
    bom_then_blank_line: Users, b"\xEF\xBB\xBF\n1::F::1::10::48067\n" => [U1, "lines 2 blank 1 accepted 1"];
    bom_alone: Movies, b"\xEF\xBB\xBF" => ["lines 0 blank 0 accepted 0"];
    bom_only_at_file_start: Users, b"1::F::1::10::48067\n\xEF\xBB\xBF2::M::56::16::70072\n" => [U1, r#"reject 2 invalid_id "\u{feff}2::M::56::16::70072""#, "lines 2 blank 0 accepted 1 invalid_id 1"];
    partial_bom_is_latin1_data: Users, b"\xEF\xBB1::F::1::10::48067\n" => ["reject 1 invalid_id \"\u{ef}\u{bb}1::F::1::10::48067\"", "lines 1 blank 0 accepted 0 invalid_id 1"];
    partial_bom_at_eof: Users, b"\xEF\xBB" => ["reject 1 wrong_field_count \"\u{ef}\u{bb}\"", "lines 1 blank 0 accepted 0 wrong_field_count 1"];
    // Whitespace.
    trailing_spaces: Users, b"1::F::1::10::48067   \n" => [U1, "lines 1 blank 0 accepted 1"];
    trailing_tabs_spaces_cr: Users, b"1::F::1::10::48067 \t \r\n" => [U1, "lines 1 blank 0 accepted 1"];
    spaces_around_fields: Users, b" 1 ::\tF\t:: 1 :: 10 :: 48067 \n" => [U1, "lines 1 blank 0 accepted 1"];
    spaces_inside_a_field_kept: Users, b"1::F::1::10::480 67\n" => [r#"user 1 F 1 10 "480 67""#, "lines 1 blank 0 accepted 1"];
    spaces_around_rating_fields: Ratings, b" 1 :: 2 ::\t4\t:: 978300760 \r\n" => ["rating 1 2 4 978300760", "lines 1 blank 0 accepted 1"];
    leading_zeros: Ratings, b"01::002::5::0978300760\n" => ["rating 1 2 5 978300760", "lines 1 blank 0 accepted 1"];
    reject_raw_keeps_trailing_spaces: Users, b"x::F::1::10::48067  \r\n" => [r#"reject 1 invalid_id "x::F::1::10::48067  ""#, "lines 1 blank 0 accepted 0 invalid_id 1"];
    reject_raw_keeps_leading_spaces: Ratings, b"  1::1::9::1\n" => [r#"reject 1 invalid_rating "  1::1::9::1""#, "lines 1 blank 0 accepted 0 invalid_rating 1"];
    // Blank lines.
    blank_empty: Users, b"\n" => ["lines 1 blank 1 accepted 0"];
    blank_spaces: Users, b"   \n" => ["lines 1 blank 1 accepted 0"];
    blank_tab: Movies, b"\t\n" => ["lines 1 blank 1 accepted 0"];
    blank_lone_cr: Ratings, b"\r\n" => ["lines 1 blank 1 accepted 0"];
    blank_lone_cr_at_eof: Users, b"1::F::1::10::48067\n\r" => [U1, "lines 2 blank 1 accepted 1"];
    blank_mixture: Users, b"\n   \n\t\n\r\n1::F::1::10::48067\n \t \r\n" => [U1, "lines 6 blank 5 accepted 1"];
    blank_lines_count_in_numbering: Users, b"\n \n\t\r\nx::F::1::10::48067\n" => [r#"reject 4 invalid_id "x::F::1::10::48067""#, "lines 4 blank 3 accepted 0 invalid_id 1"];
    // Encodings.
    latin1_title: Movies, b"1::Caf\xE9 Society (2016)::Comedy\n" => [r#"movie 1 "Café Society (2016)" "Café Society" 2016 Comedy"#, "lines 1 blank 0 accepted 1 latin1 1"];
    utf8_title_is_not_latin1: Movies, "1::Café Society (2016)::Comedy\n".as_bytes() => [r#"movie 1 "Café Society (2016)" "Café Society" 2016 Comedy"#, "lines 1 blank 0 accepted 1"];
    latin1_zip: Users, b"1::F::1::10::4806\xE9\n" => [r#"user 1 F 1 10 "4806é""#, "lines 1 blank 0 accepted 1 latin1 1"];
    latin1_rejected_row_has_no_warning: Movies, b"x::Caf\xE9 (2016)::Comedy\n" => [r#"reject 1 invalid_id "x::Café (2016)::Comedy""#, "lines 1 blank 0 accepted 0 invalid_id 1"];
    latin1_counted_once_per_row: Movies, b"1::\xC0 la Caf\xE9 (2016)::Comedy\n2::Plain (2016)::Drama\n" => [r#"movie 1 "À la Café (2016)" "À la Café" 2016 Comedy"#, r#"movie 2 "Plain (2016)" "Plain" 2016 Drama"#, "lines 2 blank 0 accepted 2 latin1 1"];
    windows_1252_smart_quotes: Movies, b"1::\x93Smart\x94 \x96 Quotes (1999)::Comedy\n" => ["movie 1 \"\u{201c}Smart\u{201d} \u{2013} Quotes (1999)\" \"\u{201c}Smart\u{201d} \u{2013} Quotes\" 1999 Comedy", "lines 1 blank 0 accepted 1 latin1 1"];
    windows_1252_undefined_bytes_stay: Movies, b"1::Odd \x81\x8D\x8F\x90\x9D (1999)::Comedy\n" => [r#"movie 1 "Odd \u{81}\u{8d}\u{8f}\u{90}\u{9d} (1999)" "Odd \u{81}\u{8d}\u{8f}\u{90}\u{9d}" 1999 Comedy"#, "lines 1 blank 0 accepted 1 latin1 1"];
    // NUL bytes: the line is rejected, wherever it is.
    nul_in_title: Movies, b"1::Toy\0 Story (1995)::Comedy\n2::Jumanji (1995)::Adventure\n" => [r#"movie 2 "Jumanji (1995)" "Jumanji" 1995 Adventure"#, "reject 1 nul_byte \"1::Toy\u{2400} Story (1995)::Comedy\"", "lines 2 blank 0 accepted 1 nul_byte 1"];
    nul_in_rating: Ratings, b"1::1::5::978300760\n2::2::3::9783\x0000761\n" => ["rating 1 1 5 978300760", "reject 2 nul_byte \"2::2::3::9783\u{2400}00761\"", "lines 2 blank 0 accepted 1 nul_byte 1"];
    nul_line_is_not_blank: Users, b"1::F::1::10::48067\n\0\n" => [U1, "reject 2 nul_byte \"\u{2400}\"", "lines 2 blank 0 accepted 1 nul_byte 1"];
    // `::` splitting.
    single_colon_in_title: Movies, b"260::Star Wars: Episode IV - A New Hope (1977)::Action|Adventure|Fantasy|Sci-Fi\n" => [r#"movie 260 "Star Wars: Episode IV - A New Hope (1977)" "Star Wars: Episode IV - A New Hope" 1977 Action|Adventure|Fantasy|Sci-Fi"#, "lines 1 blank 0 accepted 1"];
    triple_colon_before_title: Movies, b"1:::Colon (1999)::Drama\n" => [r#"movie 1 ":Colon (1999)" ":Colon" 1999 Drama"#, "lines 1 blank 0 accepted 1"];
    triple_colon_before_genres: Movies, b"1::Colon (1999):::Drama\n" => [r#"movie 1 "Colon (1999)" "Colon" 1999 -"#, "lines 1 blank 0 accepted 1 unknown_genre 1 no_genres 1"];
    quadruple_colon_is_an_empty_field: Movies, b"1::::Colon (1999)::Drama\n" => [r#"reject 1 wrong_field_count "1::::Colon (1999)::Drama""#, "lines 1 blank 0 accepted 0 wrong_field_count 1"];
    triple_colon_in_zip: Users, b"1::F::1::10:::48067\n" => [r#"user 1 F 1 10 ":48067""#, "lines 1 blank 0 accepted 1"];
    triple_colon_in_ratings: Ratings, b"1::1::5:::978300760\n" => [r#"reject 1 invalid_timestamp "1::1::5:::978300760""#, "lines 1 blank 0 accepted 0 invalid_timestamp 1"];
    colon_at_end: Ratings, b"1::1::5::978300760:\n" => [r#"reject 1 invalid_timestamp "1::1::5::978300760:""#, "lines 1 blank 0 accepted 0 invalid_timestamp 1"];
    separator_at_end: Users, b"1::F::1::10::48067::\n" => [r#"reject 1 wrong_field_count "1::F::1::10::48067::""#, "lines 1 blank 0 accepted 0 wrong_field_count 1"];
    single_colons_only: Ratings, b"1:1:5:978300760\n" => [r#"reject 1 wrong_field_count "1:1:5:978300760""#, "lines 1 blank 0 accepted 0 wrong_field_count 1"];
    // Titles.
    year_from_last_parentheses: Movies, b"1::1900 (Novecento) (1976)::Drama\n" => [r#"movie 1 "1900 (Novecento) (1976)" "1900 (Novecento)" 1976 Drama"#, "lines 1 blank 0 accepted 1"];
    year_not_trailing: Movies, b"1::Foo (1999) (Director's Cut)::Drama\n" => [r#"movie 1 "Foo (1999) (Director's Cut)" "Foo (1999) (Director's Cut)" - Drama"#, "lines 1 blank 0 accepted 1 missing_year 1"];
    title_only_a_year: Movies, b"1::(1999)::Drama\n" => [r#"reject 1 invalid_title "1::(1999)::Drama""#, "lines 1 blank 0 accepted 0 invalid_title 1"];
    no_genres_listed: Movies, b"1::Newer (2015)::(no genres listed)\n" => [r#"movie 1 "Newer (2015)" "Newer" 2015 -"#, "lines 1 blank 0 accepted 1 no_genres 1"];
    // Over-long lines.
    line_too_long: Users, [&line_of("1::F::1::10::", b'9', 70_000, "\n")[..], b"2::M::56::16::70072\n"].concat() => [U2, r#"reject 1 line_too_long "1::F::1::10::99999999999"..(4096 bytes)"#, "lines 2 blank 0 accepted 1 line_too_long 1"];
    line_too_long_crlf_in_middle: Ratings, [&b"1::1::5::978300760\r\n"[..], &line_of("2::2::3::", b' ', 100_000, "978300761\r\n"), b"2::1::4::978300762\r\n"].concat() => ["rating 1 1 5 978300760", "rating 2 1 4 978300762", r#"reject 2 line_too_long "2::2::3::               "..(4096 bytes)"#, "lines 3 blank 0 accepted 2 line_too_long 1"];
    line_too_long_at_eof: Movies, line_of("1::", b'x', 200_000, "") => [r#"reject 1 line_too_long "1::xxxxxxxxxxxxxxxxxxxxx"..(4096 bytes)"#, "lines 1 blank 0 accepted 0 line_too_long 1"];
    line_of_exactly_64_kib: Users, line_of("1::F::1::10::", b'7', MAX_LINE_BYTES, "\n") => [r#"user 1 F 1 10 "777777777777777777777777"..(65523 bytes)"#, "lines 1 blank 0 accepted 1"];
    line_one_byte_over_64_kib: Users, line_of("1::F::1::10::", b'7', MAX_LINE_BYTES + 1, "\n") => [r#"reject 1 line_too_long "1::F::1::10::77777777777"..(4096 bytes)"#, "lines 1 blank 0 accepted 0 line_too_long 1"];
    line_one_byte_over_64_kib_crlf: Users, line_of("1::F::1::10::", b'7', MAX_LINE_BYTES + 1, "\r\n") => [r#"reject 1 line_too_long "1::F::1::10::77777777777"..(4096 bytes)"#, "lines 1 blank 0 accepted 0 line_too_long 1"];
    line_of_exactly_64_kib_crlf: Users, line_of("1::F::1::10::", b'7', MAX_LINE_BYTES, "\r\n") => [r#"user 1 F 1 10 "777777777777777777777777"..(65523 bytes)"#, "lines 1 blank 0 accepted 1"];
    line_of_exactly_64_kib_at_eof: Users, line_of("1::F::1::10::", b'7', MAX_LINE_BYTES, "") => [r#"user 1 F 1 10 "777777777777777777777777"..(65523 bytes)"#, "lines 1 blank 0 accepted 1"];
}

/// Three small files, each split in two at every byte offset in turn.
#[test]
fn records_split_at_every_offset_of_every_file() {
    let users: &[u8] = b"\xEF\xBB\xBF1::F::1::10::48067\r\n2::M::56::16::7007\xE9\n\nx::F::1::1::1\n3::F::25::0::02139";
    let movies: &[u8] = b"1::Toy Story (1995)::Animation|Children's|Comedy\r\n2::Caf\xE9 (1999)::drama| |Space\n   \n3::(1999)::Drama\n";
    let ratings: &[u8] = b"1::1::5::978300760\r\n1::1::4::978300760\n \t\n2::2::3::1\r\n9::1::1::1\n3::2::5::4294967295";
    let all = [
        (FileKind::Users, users),
        (FileKind::Movies, movies),
        (FileKind::Ratings, ratings),
    ];
    let whole = load(&all);
    assert_invariants(&whole);
    assert_eq!(
        (whole.users.len(), whole.movies.len(), whole.ratings.len()),
        (3, 2, 3)
    );
    for (i, (kind, bytes)) in all.iter().enumerate() {
        for k in 0..=bytes.len() {
            let cut: Vec<(FileKind, &[u8], Vec<usize>)> = all
                .iter()
                .enumerate()
                .map(|(j, &(kd, b))| (kd, b, if i == j { vec![k] } else { Vec::new() }))
                .collect();
            assert_same(&whole, &load_cut(&cut), &format!("{kind} split at {k}"));
        }
    }
}

/// A byte-order mark cut into one-byte chunks, with empty chunks between.
#[test]
fn bom_split_across_chunks_with_empty_chunks() {
    let input: &[u8] = b"\xEF\xBB\xBF1::F::1::10::48067\n";
    let whole = load(&[(FileKind::Users, input)]);
    assert_eq!(whole.users.id, [1]);
    let cut = vec![(FileKind::Users, input, vec![0, 0, 1, 1, 2, 2, 3, 3, 4, 4])];
    assert_same(&whole, &load_cut(&cut), "empty chunks around the BOM");
}

/// A NUL byte is judged the same in the first 64 KiB (the part read to
/// recognise the file) as after it: the line is rejected, the file loads.
#[test]
fn nul_bytes_do_not_depend_on_position() {
    use movielens_core::load::load_bytes;
    let good: String = (0..20_000)
        .map(|i| {
            format!(
                "{}::{}::{}::978300760\n",
                1 + i % 2,
                1 + i / 2 % 2,
                1 + i % 5
            )
        })
        .collect();
    for at in [3usize, 100, 10_000, 19_000] {
        let mut lines: Vec<String> = good.lines().map(str::to_owned).collect();
        lines[at - 1].insert(2, '\0');
        let ratings = lines.join("\n");
        let c = load_bytes(&[
            ("users.dat", CONTEXT_USERS),
            ("movies.dat", CONTEXT_MOVIES),
            ("ratings.dat", ratings.as_bytes()),
        ])
        .unwrap_or_else(|e| panic!("NUL on line {at}: {e}"));
        let nul: Vec<_> = c
            .rejects
            .iter()
            .filter(|r| r.reason.code() == "nul_byte")
            .collect();
        assert_eq!(nul.len(), 1, "NUL on line {at}");
        assert_eq!(nul[0].line, at as u64);
        assert!(nul[0].detail.contains("NUL byte"), "{}", nul[0].detail);
    }
    // A file that is binary through and through is still refused as binary.
    let mut png = b"\x89PNG\r\n\x1a\n\0\0\0\rIHDR".to_vec();
    png.extend((0u32..4000).map(|i| (i * 7 % 251) as u8));
    let e = movielens_core::ingest::kind::sniff(&png, "poster.png").unwrap_err();
    assert!(e.to_string().contains("binary"), "{e}");
    let nuls = b"\0\0\0\n\0\n".repeat(1000);
    let e = movielens_core::ingest::kind::sniff(&nuls, "zeros.dat").unwrap_err();
    assert!(e.to_string().contains("binary"), "{e}");
}

/// A byte-order mark inside a file is named in the message, not left
/// invisible.
#[test]
fn bom_inside_a_file_is_named() {
    let c = load(&files(
        FileKind::Ratings,
        b"1::1::5::978300760\n\xEF\xBB\xBF2::2::3::978300761\n",
    ));
    let r = &c.rejects[0];
    assert_eq!(r.reason.code(), "invalid_id");
    assert!(
        r.detail.starts_with("UserID `<U+FEFF>2` is not"),
        "{}",
        r.detail
    );
    assert!(r.detail.contains("byte-order mark"), "{}", r.detail);
    assert!(!r.detail.contains('\u{FEFF}'), "{}", r.detail);
}
