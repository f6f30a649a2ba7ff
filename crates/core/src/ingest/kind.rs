//! Recognising which MovieLens file a byte stream is, from its content.

use super::lines::{decode, split_fields, LineSplitter};
use crate::error::{Error, ErrorKind};
use crate::vocab::FileKind;

/// What the first bytes of an input are.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Sniffed {
    /// One of the three `.dat` files.
    Table(FileKind),
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
/// assert_eq!(sniff(b"1::1193::5::978300760\n", "x").unwrap(), Sniffed::Table(FileKind::Ratings));
/// assert!(sniff(b"userId,movieId,rating,timestamp\n", "ratings.csv").is_err());
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
    let mut votes = [0usize; 3];
    let mut csv = 0;
    for line in &lines {
        let mut fields = [""; 6];
        let n = split_fields(line, &mut fields);
        if n == 5 && matches!(fields[1], "M" | "F") {
            votes[0] += 1;
        } else if n == 3 && is_digits(fields[0]) {
            votes[1] += 1;
        } else if n == 4 && fields.iter().take(4).all(|f| is_digits(f)) {
            votes[2] += 1;
        } else if n == 1 && line.matches(',').count() >= 2 {
            csv += 1;
        }
    }
    let (best, &count) = votes
        .iter()
        .enumerate()
        .max_by_key(|&(i, v)| (*v, std::cmp::Reverse(i)))
        .expect("three candidates");
    if count * 2 >= lines.len() && count > 0 {
        return Ok(Sniffed::Table(FileKind::ALL[best]));
    }
    if binary {
        return Err(Error::new(ErrorKind::Binary).in_file(name));
    }
    if csv * 2 >= lines.len() {
        return Err(Error::new(ErrorKind::Csv).in_file(name));
    }
    Err(Error::new(ErrorKind::NotMovieLens).in_file(name))
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
