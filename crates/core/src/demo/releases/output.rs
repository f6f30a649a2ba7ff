//! Where generated files go: an [`Output`] takes one file after another
//! (a folder, a zip as GroupLens ships it, memory, or two at once), and a
//! [`TextFile`] buffers the lines of one of them, so that a 880 MB
//! `ratings.csv` streams through a fixed buffer instead of being built
//! whole.

use std::io::{self, Seek, Write};

/// A sink for generated files, written one after another, each whole
/// before the next starts.
pub trait Output {
    /// Starts the file at `path` (`ml-25m/ratings.csv`: `/`-separated,
    /// relative); later writes go to it.
    ///
    /// # Errors
    /// When the file cannot be created.
    fn start_file(&mut self, path: &str) -> io::Result<()>;

    /// Appends bytes to the file started last.
    ///
    /// # Errors
    /// When writing fails.
    fn write_bytes(&mut self, bytes: &[u8]) -> io::Result<()>;

    /// Declares a folder (`ml-25m/`): a zip gets an entry for it, as
    /// GroupLens' zips have; elsewhere nothing happens.
    ///
    /// # Errors
    /// When the entry cannot be written.
    fn add_directory(&mut self, _path: &str) -> io::Result<()> {
        Ok(())
    }

    /// Ends the last file (flushes).
    ///
    /// # Errors
    /// When flushing fails.
    fn finish(&mut self) -> io::Result<()> {
        Ok(())
    }
}

/// Files kept in memory, in the order written (for tests and small data).
#[derive(Debug, Default, Clone)]
pub struct MemoryOutput {
    /// `(path, bytes)` of every file.
    pub files: Vec<(String, Vec<u8>)>,
}

impl MemoryOutput {
    /// The bytes of the file at `path`, if one was written.
    pub fn file(&self, path: &str) -> Option<&[u8]> {
        self.files
            .iter()
            .find(|(p, _)| p == path)
            .map(|(_, b)| &b[..])
    }
}

impl Output for MemoryOutput {
    fn start_file(&mut self, path: &str) -> io::Result<()> {
        self.files.push((path.to_owned(), Vec::new()));
        Ok(())
    }

    fn write_bytes(&mut self, bytes: &[u8]) -> io::Result<()> {
        match self.files.last_mut() {
            Some((_, file)) => {
                file.extend_from_slice(bytes);
                Ok(())
            }
            None => Err(io::Error::other("no file started")),
        }
    }
}

/// A zip archive (deflated entries), written as the files come.
pub struct ZipOutput<W: Write + Seek> {
    zip: zip::ZipWriter<W>,
    /// Zip64 entries, for files that may pass 4 GiB.
    large: bool,
}

impl<W: Write + Seek> ZipOutput<W> {
    /// A zip written to `writer`; `large` when an entry may pass 4 GiB
    /// (zip64).
    pub fn new(writer: W, large: bool) -> Self {
        ZipOutput {
            zip: zip::ZipWriter::new(writer),
            large,
        }
    }

    fn options(&self) -> zip::write::SimpleFileOptions {
        // Deflate's fastest level: about 5× faster than the default (a
        // 32 M-rating zip in about 20 s of CPU instead of 80) for a zip
        // about a fifth larger; these are test data, made often.
        zip::write::SimpleFileOptions::default()
            .compression_method(zip::CompressionMethod::Deflated)
            .compression_level(Some(1))
            .large_file(self.large)
    }

    /// Writes the central directory and gives the writer back.
    ///
    /// # Errors
    /// When writing fails.
    pub fn close(self) -> io::Result<W> {
        self.zip.finish().map_err(io::Error::other)
    }
}

impl<W: Write + Seek> Output for ZipOutput<W> {
    fn start_file(&mut self, path: &str) -> io::Result<()> {
        let options = self.options();
        self.zip.start_file(path, options).map_err(io::Error::other)
    }

    fn write_bytes(&mut self, bytes: &[u8]) -> io::Result<()> {
        self.zip.write_all(bytes)
    }

    fn add_directory(&mut self, path: &str) -> io::Result<()> {
        let options = self.options();
        self.zip
            .add_directory(path, options)
            .map_err(io::Error::other)
    }
}

/// Both outputs at once (a folder and its zip from one pass).
impl<A: Output, B: Output> Output for (A, B) {
    fn start_file(&mut self, path: &str) -> io::Result<()> {
        self.0.start_file(path)?;
        self.1.start_file(path)
    }

    fn write_bytes(&mut self, bytes: &[u8]) -> io::Result<()> {
        self.0.write_bytes(bytes)?;
        self.1.write_bytes(bytes)
    }

    fn add_directory(&mut self, path: &str) -> io::Result<()> {
        self.0.add_directory(path)?;
        self.1.add_directory(path)
    }

    fn finish(&mut self) -> io::Result<()> {
        self.0.finish()?;
        self.1.finish()
    }
}

/// How much a [`TextFile`] buffers before it hands bytes to the output.
const CHUNK: usize = 1 << 18;

/// One text file being written: lines are built in `line`, ended with
/// [`TextFile::end_line`] (LF, or CRLF when asked), and passed on to the
/// output in chunks.
pub(super) struct TextFile<'a> {
    out: &'a mut dyn Output,
    buf: Vec<u8>,
    crlf: bool,
    /// Lines written so far.
    pub(super) lines: u64,
}

impl<'a> TextFile<'a> {
    /// Starts the file `path` on `out`.
    pub(super) fn start(out: &'a mut dyn Output, path: &str, crlf: bool) -> io::Result<Self> {
        out.start_file(path)?;
        Ok(TextFile {
            out,
            buf: Vec::with_capacity(CHUNK + 4096),
            crlf,
            lines: 0,
        })
    }

    /// The buffer the current line is appended to.
    pub(super) fn line(&mut self) -> &mut Vec<u8> {
        &mut self.buf
    }

    /// Appends `text` to the current line.
    pub(super) fn text(&mut self, text: &str) -> &mut Self {
        self.buf.extend_from_slice(text.as_bytes());
        self
    }

    /// Appends a number to the current line.
    pub(super) fn number(&mut self, v: u32) -> &mut Self {
        push_number(&mut self.buf, v);
        self
    }

    /// Ends the current line.
    pub(super) fn end_line(&mut self) -> io::Result<()> {
        if self.crlf {
            self.buf.push(b'\r');
        }
        self.buf.push(b'\n');
        self.lines += 1;
        if self.buf.len() >= CHUNK {
            self.out.write_bytes(&self.buf)?;
            self.buf.clear();
        }
        Ok(())
    }

    /// Writes what is buffered; returns the lines written.
    pub(super) fn close(mut self) -> io::Result<u64> {
        self.out.write_bytes(&self.buf)?;
        self.buf.clear();
        Ok(self.lines)
    }
}

/// Appends `v` in decimal (by hand: `write!` is several times slower, and
/// 32 M lines make it count).
pub(super) fn push_number(out: &mut Vec<u8>, mut v: u32) {
    let mut digits = [0u8; 10];
    let mut i = digits.len();
    loop {
        i -= 1;
        digits[i] = b'0' + (v % 10) as u8;
        v /= 10;
        if v == 0 {
            break;
        }
    }
    out.extend_from_slice(&digits[i..]);
}

/// Appends a CSV field as the MovieLens CSV files write it: quoted with
/// `"` only when it holds a comma, a quote or a line break, a quote inside
/// doubled (`"Great Performances" Cats (1998)` →
/// `"""Great Performances"" Cats (1998)"`).
pub(super) fn push_csv_field(out: &mut Vec<u8>, field: &str) {
    if field.contains([',', '"', '\n', '\r']) {
        out.push(b'"');
        for b in field.bytes() {
            if b == b'"' {
                out.push(b'"');
            }
            out.push(b);
        }
        out.push(b'"');
    } else {
        out.extend_from_slice(field.as_bytes());
    }
}

/// Appends a rating given in half stars (1..=10) as the release writes it:
/// `4.0` and `3.5` in the CSV releases (`decimals`), `4` and `3.5` in
/// ML-10M's `ratings.dat`.
pub(super) fn push_half_stars(out: &mut Vec<u8>, half: u8, decimals: bool) {
    out.push(b'0' + half / 2);
    if half % 2 == 1 {
        out.extend_from_slice(b".5");
    } else if decimals {
        out.extend_from_slice(b".0");
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn csv_fields_are_quoted_only_when_needed() {
        let cases = [
            ("Toy Story (1995)", "Toy Story (1995)"),
            (
                "American President, The (1995)",
                "\"American President, The (1995)\"",
            ),
            (
                "\"Great Performances\" Cats (1998)",
                "\"\"\"Great Performances\"\" Cats (1998)\"",
            ),
        ];
        for (field, written) in cases {
            let mut out = Vec::new();
            push_csv_field(&mut out, field);
            assert_eq!(String::from_utf8(out).unwrap(), written);
        }
    }

    #[test]
    fn half_stars_are_written_like_the_releases() {
        let write = |half, decimals| {
            let mut out = Vec::new();
            push_half_stars(&mut out, half, decimals);
            String::from_utf8(out).unwrap()
        };
        assert_eq!(write(1, true), "0.5");
        assert_eq!(write(8, true), "4.0");
        assert_eq!(write(7, true), "3.5");
        assert_eq!(write(10, false), "5");
        assert_eq!(write(7, false), "3.5");
    }

    #[test]
    fn text_files_end_lines_with_lf_or_crlf_and_stream_in_chunks() {
        for crlf in [false, true] {
            let mut out = MemoryOutput::default();
            let mut file = TextFile::start(&mut out, "a/b.csv", crlf).unwrap();
            for i in 0..100_000 {
                file.number(i);
                file.end_line().unwrap();
            }
            assert_eq!(file.close().unwrap(), 100_000);
            let bytes = out.file("a/b.csv").unwrap();
            let end: &[u8] = if crlf { b"\r\n" } else { b"\n" };
            assert!(bytes.ends_with(&[b"99999", end].concat()));
            let crs = bytes.iter().filter(|&&b| b == b'\r').count();
            assert_eq!(crs, if crlf { 100_000 } else { 0 });
        }
    }
}
