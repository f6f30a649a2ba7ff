//! Recognising which MovieLens file a byte stream is, from its content.

use super::lines::{decode, split_fields, LineSplitter};
use crate::error::{Error, ErrorKind};
use crate::vocab::{FileKind, Format};

/// What the first bytes of an input are.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Sniffed {
    /// One of the three tables, written in a release's format: `::`
    /// (ML-1M, ML-10M), CSV with a header (ML-20M and later), ML-100K's
    /// tab-separated `u.data` or `|`-separated `u.user` and `u.item`.
    Table(FileKind, Format),
    /// A zip archive (local file header magic).
    Zip,
}

/// How many bytes [`sniff`] wants to see; fewer are fine for a short file.
pub const SNIFF_BYTES: usize = 64 * 1024;

const SNIFF_LINES: usize = 50;

/// Decides from the first bytes of a file (up to [`SNIFF_BYTES`]) whether it
/// is a zip or which MovieLens table it holds. `name` is only used in
/// messages. Dirty files are recognised as long as most sampled records have
/// the table's shape.
///
/// ```
/// use movielens_core::ingest::kind::{sniff, Sniffed};
/// use movielens_core::FileKind;
/// use movielens_core::vocab::Format;
/// assert_eq!(sniff(b"1::1193::5::978300760\n", "x").unwrap(), Sniffed::Table(FileKind::Ratings, Format::Dat));
/// assert_eq!(sniff(b"userId,movieId,rating,timestamp\n", "r.csv").unwrap(), Sniffed::Table(FileKind::Ratings, Format::Csv));
/// assert_eq!(sniff(b"196\t242\t3\t881250949\n", "u.data").unwrap(), Sniffed::Table(FileKind::Ratings, Format::Tab));
/// assert!(sniff(b"movieId,imdbId,tmdbId\n1,0114709,862\n", "links.csv").is_err());
/// ```
///
/// # Errors
/// [`ErrorKind::Empty`], [`ErrorKind::Binary`], [`ErrorKind::Utf16`],
/// [`ErrorKind::Csv`] or [`ErrorKind::NotMovieLens`], each naming the file.
pub fn sniff(prefix: &[u8], name: &str) -> Result<Sniffed, Error> {
    if prefix.starts_with(b"PK\x03\x04") || prefix.starts_with(b"PK\x05\x06") {
        return Ok(Sniffed::Zip);
    }
    let head = &prefix[..prefix.len().min(SNIFF_BYTES)];
    if head.starts_with(b"\xFF\xFE") || head.starts_with(b"\xFE\xFF") {
        return Err(Error::new(ErrorKind::Utf16).in_file(name));
    }
    if looks_compressed(head) {
        return Err(Error::new(ErrorKind::Binary).in_file(name));
    }
    // A NUL byte is judged the same wherever it is: the line holding it is
    // rejected (`nul_byte`) and does not vote here; a file refused as not
    // MovieLens is called binary when it holds one.
    let binary = head.contains(&0);
    // Only whole lines count, unless the prefix is all there is.
    let mut lines: Vec<String> = Vec::new();
    let mut split = LineSplitter::new();
    let mut take = |bytes: &[u8]| {
        let (text, _) = decode(bytes);
        let text = text.trim();
        if !text.is_empty() && lines.len() < SNIFF_LINES {
            // A line with a NUL stays in the sample but cannot vote.
            lines.push(if bytes.contains(&0) {
                "\0".to_owned()
            } else {
                text.to_owned()
            });
        }
    };
    split.feed(head, |line| take(line.bytes));
    if head.len() < SNIFF_BYTES {
        split.finish(|line| take(line.bytes));
    }
    if lines.is_empty() {
        // A full prefix without one whole line: its first line is over 64 KiB.
        let kind = if binary {
            ErrorKind::Binary
        } else if head.len() >= SNIFF_BYTES && !head.contains(&b'\n') {
            ErrorKind::NotMovieLens
        } else {
            ErrorKind::Empty
        };
        return Err(Error::new(kind).in_file(name));
    }
    if let Some(kind) = csv_header(&lines[0]) {
        return Ok(Sniffed::Table(kind, Format::Csv));
    }
    let mut votes = [0usize; SHAPES.len()];
    let mut csv = 0;
    for line in &lines {
        match shape(line) {
            Some(i) => votes[i] += 1,
            None if line.matches(',').count() >= 2 => csv += 1,
            None => {}
        }
    }
    let (best, &count) = votes
        .iter()
        .enumerate()
        .max_by_key(|&(i, v)| (*v, std::cmp::Reverse(i)))
        .expect("six candidates");
    if count * 2 >= lines.len() && count > 0 {
        let (kind, format) = SHAPES[best];
        return Ok(Sniffed::Table(kind, format));
    }
    if binary {
        return Err(Error::new(ErrorKind::Binary).in_file(name));
    }
    if csv * 2 >= lines.len() {
        return Err(Error::new(ErrorKind::Csv).in_file(name));
    }
    Err(Error::new(ErrorKind::NotMovieLens).in_file(name))
}

/// The tables a line can have the shape of, in vote order.
const SHAPES: [(FileKind, Format); 6] = [
    (FileKind::Users, Format::Dat),
    (FileKind::Movies, Format::Dat),
    (FileKind::Ratings, Format::Dat),
    (FileKind::Ratings, Format::Tab),
    (FileKind::Users, Format::Pipe),
    (FileKind::Movies, Format::Pipe),
];

/// Which of [`SHAPES`] a line has, if any.
fn shape(line: &str) -> Option<usize> {
    let mut fields = [""; 6];
    let n = split_fields(line, &mut fields);
    if n == 5 && matches!(fields[1], "M" | "F") {
        return Some(0);
    }
    if n == 3 && is_digits(fields[0]) {
        return Some(1);
    }
    if n == 4 && [0, 1, 3].iter().all(|&i| is_digits(fields[i])) && is_stars(fields[2]) {
        return Some(2);
    }
    if n > 1 {
        return None;
    }
    let tabs: Vec<&str> = line.split('\t').collect();
    if tabs.len() == 4 && tabs.iter().all(|f| is_digits(f.trim())) {
        return Some(3);
    }
    let pipes: Vec<&str> = line.split('|').collect();
    if pipes.len() == 5 && is_digits(pipes[0]) && matches!(pipes[2], "M" | "F") {
        return Some(4);
    }
    if pipes.len() >= 20 && is_digits(pipes[0]) {
        return Some(5);
    }
    None
}

/// A rating as `::` files write it: `4`, or ML-10M's `3.5`.
fn is_stars(s: &str) -> bool {
    is_digits(s)
        || s.split_once('.')
            .is_some_and(|(w, f)| is_digits(w) && is_digits(f))
}

/// The table a CSV release's header line names (`userId,movieId,rating,timestamp`,
/// `movieId,title,genres`), a byte-order mark and quotes allowed.
///
/// ```
/// use movielens_core::ingest::kind::csv_header;
/// use movielens_core::FileKind;
/// assert_eq!(csv_header("\u{feff}\"userId\",movieId,rating,timestamp"), Some(FileKind::Ratings));
/// assert_eq!(csv_header("movieId,imdbId,tmdbId"), None);
/// ```
pub fn csv_header(line: &str) -> Option<FileKind> {
    let text = line
        .trim_start_matches('\u{feff}')
        .replace(['"', ' '], "")
        .to_ascii_lowercase();
    match text.as_str() {
        "userid,movieid,rating,timestamp" => Some(FileKind::Ratings),
        "movieid,title,genres" => Some(FileKind::Movies),
        _ => None,
    }
}

fn is_digits(s: &str) -> bool {
    !s.is_empty() && s.bytes().all(|b| b.is_ascii_digit())
}

/// gzip, bzip2, xz, 7z, zstd, PDF, PNG, JPEG: common things dropped by mistake
/// that have no NUL in their first bytes.
fn looks_compressed(head: &[u8]) -> bool {
    const MAGIC: [&[u8]; 8] = [
        b"\x1f\x8b",
        b"BZh",
        b"\xFD7zXZ",
        b"7z\xBC\xAF",
        b"\x28\xB5\x2F\xFD",
        b"%PDF",
        b"\x89PNG",
        b"\xFF\xD8\xFF",
    ];
    MAGIC.iter().any(|m| head.starts_with(m))
}
