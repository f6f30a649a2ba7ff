//! Splitting a byte stream, fed in chunks of any size, into numbered lines.
//!
//! The splitter knows nothing about MovieLens: it finds `\n`, strips a UTF-8
//! byte-order mark at the very start, carries a line that straddles two
//! chunks, and caps the bytes kept of a single line so that a file with no
//! newline cannot exhaust memory.

use std::borrow::Cow;

/// The most bytes kept of one line; the rest of a longer line is dropped and
/// the line is marked [`Line::truncated`]. The `\r` of a `\r\n` ending is not
/// part of the line and does not count, so CRLF never changes the outcome.
pub const MAX_LINE_BYTES: usize = 64 * 1024;

const BOM: [u8; 3] = [0xEF, 0xBB, 0xBF];

/// One line of input, without its `\n` (a `\r` before it is still there).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Line<'a> {
    /// 1-based line number in the file.
    pub number: u64,
    /// The line's bytes, at most [`MAX_LINE_BYTES`] of them (plus the `\r` of
    /// a `\r\n` ending).
    pub bytes: &'a [u8],
    /// The line was longer than [`MAX_LINE_BYTES`] and was cut.
    pub truncated: bool,
}

/// A push parser from chunks to [`Line`]s.
///
/// ```
/// use movielens_core::ingest::lines::LineSplitter;
/// let mut split = LineSplitter::new();
/// let mut got = Vec::new();
/// for chunk in [&b"1::F::1::10::4"[..], b"8067\r\n2::M", b"::56::16::70072"] {
///     split.feed(chunk, |line| got.push(String::from_utf8_lossy(line.bytes).into_owned()));
/// }
/// split.finish(|line| got.push(String::from_utf8_lossy(line.bytes).into_owned()));
/// assert_eq!(got, ["1::F::1::10::48067\r", "2::M::56::16::70072"]);
/// ```
#[derive(Debug)]
pub struct LineSplitter {
    carry: Vec<u8>,
    /// Lines emitted so far.
    lines: u64,
    /// Bytes of the BOM matched so far while still at the start of the file;
    /// `None` once the start has been decided.
    bom_matched: Option<usize>,
    /// The line in `carry` went past [`MAX_LINE_BYTES`] + 1 (room for the
    /// `\r` of a `\r\n` ending).
    overflow: bool,
    bytes: u64,
}

impl Default for LineSplitter {
    fn default() -> Self {
        Self::new()
    }
}

impl LineSplitter {
    /// A splitter at the start of a file.
    pub fn new() -> Self {
        LineSplitter {
            carry: Vec::new(),
            lines: 0,
            bom_matched: Some(0),
            overflow: false,
            bytes: 0,
        }
    }

    /// Lines emitted so far.
    pub fn lines(&self) -> u64 {
        self.lines
    }

    /// Bytes fed so far.
    pub fn bytes(&self) -> u64 {
        self.bytes
    }

    /// Feeds the next chunk; calls `sink` for every line it completes.
    pub fn feed(&mut self, mut chunk: &[u8], mut sink: impl FnMut(Line<'_>)) {
        self.bytes += chunk.len() as u64;
        if let Some(matched) = self.bom_matched {
            // The BOM itself may straddle chunks: match it byte by byte.
            let mut matched = matched;
            while matched < BOM.len() {
                match chunk.first() {
                    None => {
                        self.bom_matched = Some(matched);
                        return;
                    }
                    Some(&b) if b == BOM[matched] => {
                        matched += 1;
                        chunk = &chunk[1..];
                    }
                    Some(_) => {
                        // Not a BOM after all: the bytes matched so far are data.
                        self.carry.extend_from_slice(&BOM[..matched]);
                        break;
                    }
                }
            }
            self.bom_matched = None;
        }
        while let Some(pos) = memchr::memchr(b'\n', chunk) {
            let part = &chunk[..pos];
            chunk = &chunk[pos + 1..];
            self.lines += 1;
            if self.carry.is_empty() && !self.overflow {
                let truncated = too_long(part);
                let bytes = if truncated {
                    &part[..MAX_LINE_BYTES]
                } else {
                    part
                };
                sink(Line {
                    number: self.lines,
                    bytes,
                    truncated,
                });
            } else {
                self.append(part);
                let truncated = self.overflow || too_long(&self.carry);
                let keep = if truncated {
                    MAX_LINE_BYTES
                } else {
                    self.carry.len()
                };
                sink(Line {
                    number: self.lines,
                    bytes: &self.carry[..keep],
                    truncated,
                });
                self.carry.clear();
                self.overflow = false;
            }
        }
        self.append(chunk);
    }

    /// Ends the file; emits a last line that had no `\n`.
    pub fn finish(&mut self, mut sink: impl FnMut(Line<'_>)) {
        if let Some(matched) = self.bom_matched.take() {
            self.carry.extend_from_slice(&BOM[..matched]);
        }
        if !self.carry.is_empty() || self.overflow {
            self.lines += 1;
            // No `\n`: a last `\r` is not a line ending here.
            let truncated = self.overflow || self.carry.len() > MAX_LINE_BYTES;
            let keep = self.carry.len().min(MAX_LINE_BYTES);
            sink(Line {
                number: self.lines,
                bytes: &self.carry[..keep],
                truncated,
            });
            self.carry.clear();
            self.overflow = false;
        }
    }

    fn append(&mut self, part: &[u8]) {
        let room = MAX_LINE_BYTES + 1 - self.carry.len();
        if part.len() > room {
            self.carry.extend_from_slice(&part[..room]);
            self.overflow = true;
        } else {
            self.carry.extend_from_slice(part);
        }
    }
}

/// Whether a line (without its `\n`) is over the cap, not counting the `\r`
/// of a `\r\n` ending.
fn too_long(line: &[u8]) -> bool {
    line.strip_suffix(b"\r").unwrap_or(line).len() > MAX_LINE_BYTES
}

/// Decodes a line as UTF-8, or as Windows-1252 when it is not valid UTF-8
/// (the flag says so). Windows-1252 is Latin-1 with printable characters
/// (smart quotes, dashes, the euro sign) where Latin-1 has C1 control codes
/// in 0x80..=0x9F; the five bytes it leaves undefined keep their Latin-1
/// meaning, as the WHATWG encoding standard decodes them. The real
/// `movies.dat` needs this for its accented titles.
///
/// ```
/// use movielens_core::ingest::lines::decode;
/// assert_eq!(decode(b"Caf\xC3\xA9"), ("Café".into(), false));
/// assert_eq!(decode(b"Caf\xE9"), ("Café".into(), true));
/// assert_eq!(decode(b"\x93Quoted\x94 \x96 \x80"), ("\u{201C}Quoted\u{201D} \u{2013} \u{20AC}".into(), true));
/// ```
pub fn decode(bytes: &[u8]) -> (Cow<'_, str>, bool) {
    match std::str::from_utf8(bytes) {
        Ok(text) => (Cow::Borrowed(text), false),
        Err(_) => (
            Cow::Owned(bytes.iter().map(|&b| windows_1252(b)).collect()),
            true,
        ),
    }
}

/// The character of one Windows-1252 byte.
pub fn windows_1252(b: u8) -> char {
    const C1: [char; 32] = [
        '\u{20AC}', '\u{81}', '\u{201A}', '\u{192}', '\u{201E}', '\u{2026}', '\u{2020}',
        '\u{2021}', '\u{2C6}', '\u{2030}', '\u{160}', '\u{2039}', '\u{152}', '\u{8D}', '\u{17D}',
        '\u{8F}', '\u{90}', '\u{2018}', '\u{2019}', '\u{201C}', '\u{201D}', '\u{2022}', '\u{2013}',
        '\u{2014}', '\u{2DC}', '\u{2122}', '\u{161}', '\u{203A}', '\u{153}', '\u{9D}', '\u{17E}',
        '\u{178}',
    ];
    match b {
        0x80..=0x9F => C1[usize::from(b - 0x80)],
        _ => char::from(b),
    }
}

/// Splits a record on `::` into at most `N` fields, each trimmed of ASCII
/// spaces and tabs. Returns the number of fields the record has (which may be
/// more than `N`; only the first `N` are stored).
///
/// ```
/// use movielens_core::ingest::lines::split_fields;
/// let mut f = [""; 4];
/// assert_eq!(split_fields("1:: 2::3:x::4", &mut f), 4);
/// assert_eq!(f, ["1", "2", "3:x", "4"]);
/// ```
pub fn split_fields<'a, const N: usize>(record: &'a str, out: &mut [&'a str; N]) -> usize {
    let bytes = record.as_bytes();
    let mut count = 0;
    let mut start = 0;
    let mut at = 0;
    while let Some(pos) = memchr::memchr(b':', &bytes[at..]) {
        let colon = at + pos;
        if bytes.get(colon + 1) == Some(&b':') {
            if count < N {
                out[count] = trim(&record[start..colon]);
            }
            count += 1;
            start = colon + 2;
            at = start;
        } else {
            at = colon + 1;
        }
    }
    if count < N {
        out[count] = trim(&record[start..]);
    }
    count + 1
}

fn trim(field: &str) -> &str {
    field.trim_matches(|c| c == ' ' || c == '\t')
}
