//! The one error type of the core: a bad file or archive, never a bad row
//! (bad rows are rejects, counted in the lineage).

use std::fmt;
use std::sync::Arc;

use crate::vocab::{FileKind, Release};

/// What went wrong with a whole input.
#[derive(Debug, Clone, PartialEq, Eq)]
#[non_exhaustive]
pub enum ErrorKind {
    /// The file has no records at all.
    Empty,
    /// Binary content (NUL bytes, or a compressed or image format).
    Binary,
    /// Text in UTF-16 (a byte-order mark FF FE or FE FF), as some Windows
    /// editors save it.
    Utf16,
    /// A comma-separated file, such as the newer `ml-latest` releases.
    Csv,
    /// Text, but not in the shape of any MovieLens 1M `::` file.
    NotMovieLens,
    /// The file is of another kind than the one expected (e.g. a ratings
    /// file where users were wanted).
    WrongKind {
        /// The kind the file's name says (`users.dat`, ...).
        expected: FileKind,
        /// The kind its records have.
        found: FileKind,
    },
    /// Two inputs hold the same kind of table.
    DuplicateKind {
        /// The kind of table given twice.
        kind: FileKind,
        /// The input that holds it already, by the name it was given.
        first: String,
    },
    /// One of the three tables was not given.
    Missing(FileKind),
    /// The files are those of another MovieLens release than 1M (the one
    /// read): the message names it and says what to do.
    OtherRelease(Release),
    /// A zip that cannot be used: not a zip, a damaged one, or one given
    /// together with other files. The text says which.
    BadZip(String),
    /// An archive entry that expands far beyond its compressed size or
    /// beyond the size limit.
    ZipBomb {
        /// The most bytes any entry may expand to
        /// ([`MAX_ENTRY_BYTES`](crate::load::archive::MAX_ENTRY_BYTES));
        /// the message shows it in MB.
        limit: u64,
    },
    /// Reading failed.
    Io(String),
    /// The loader was used out of order: `kind` (users or movies) was
    /// begun after the ratings, which have already been checked against
    /// the users and movies accepted before them. A mistake of the program
    /// driving the loader, not of the file (the load plan never makes it).
    OutOfOrder {
        /// The table begun too late.
        kind: FileKind,
        /// The ratings file begun before it.
        ratings: String,
    },
}

/// The error below an [`Error`], shared so that errors stay cheap to clone.
type Source = Arc<dyn std::error::Error + Send + Sync + 'static>;

/// An error about one input, naming it when known, with the error it comes
/// from (an I/O or zip error) as its [`source`](std::error::Error::source).
///
/// Two errors are equal when their kind and file are: the source is a
/// detail of how it was found (`io::Error` is not comparable).
#[derive(Clone)]
pub struct Error {
    kind: ErrorKind,
    file: Option<String>,
    source: Option<Source>,
}

// By hand: the source shows by its message, so that the wasm bundles do not
// carry the `Debug` of every error that can be a source.
impl fmt::Debug for Error {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let source = self.source.as_ref().map(|s| s.to_string());
        f.debug_struct("Error")
            .field("kind", &self.kind)
            .field("file", &self.file)
            .field("source", &source)
            .finish()
    }
}

impl PartialEq for Error {
    fn eq(&self, other: &Self) -> bool {
        self.kind == other.kind && self.file == other.file
    }
}

impl Eq for Error {}

impl Error {
    /// An error of this kind, not yet tied to a file.
    pub fn new(kind: ErrorKind) -> Self {
        Error {
            kind,
            file: None,
            source: None,
        }
    }

    /// Reading failed with this I/O error ([`ErrorKind::Io`] with its text),
    /// kept as the source.
    pub fn io(e: std::io::Error) -> Self {
        Error::new(ErrorKind::Io(e.to_string())).caused_by(e)
    }

    /// Keeps `source` as the error this one comes from.
    pub fn caused_by(mut self, source: impl std::error::Error + Send + Sync + 'static) -> Self {
        self.source = Some(Arc::new(source));
        self
    }

    /// Names the file the error is about.
    pub fn in_file(mut self, name: &str) -> Self {
        self.file = Some(name.to_owned());
        self
    }

    /// What went wrong.
    pub fn kind(&self) -> &ErrorKind {
        &self.kind
    }

    /// The file it is about, if known.
    pub fn file(&self) -> Option<&str> {
        self.file.as_deref()
    }
}

impl fmt::Display for Error {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        if let Some(file) = &self.file {
            write!(f, "{file}: ")?;
        }
        match &self.kind {
            ErrorKind::Empty => f.write_str("the file is empty"),
            ErrorKind::Binary => f.write_str(
                "this is a binary file, not a MovieLens users.dat, movies.dat, ratings.dat or ml-1m.zip",
            ),
            ErrorKind::Utf16 => f.write_str(
                "this file is UTF-16 text; save it as UTF-8 (or Latin-1), as MovieLens distributes it",
            ),
            ErrorKind::Csv => f.write_str(
                "this comma-separated file is not a MovieLens table: a CSV release's tables begin with the header userId,movieId,rating,timestamp (ratings.csv) or movieId,title,genres (movies.csv)",
            ),
            ErrorKind::NotMovieLens => f.write_str(
                "not a MovieLens table: expected `::`-separated users (5 fields), movies (3) or ratings (4), a CSV release's ratings.csv or movies.csv, or ML-100K's u.data, u.user or u.item",
            ),
            ErrorKind::WrongKind { expected, found } => write!(
                f,
                "this holds {found}, not {expected} (its records have the shape of {})",
                found.file_name()
            ),
            ErrorKind::DuplicateKind { kind, first } => {
                write!(f, "holds {kind}, but {first} does already; give one {} only", kind.file_name())
            }
            ErrorKind::Missing(kind) => write!(
                f,
                "no {kind} file was given: MovieLens 1M needs users.dat, movies.dat and ratings.dat (missing {})",
                kind.file_name()
            ),
            ErrorKind::OtherRelease(release) => write!(
                f,
                "This looks like {} ({}), but a table it needs is missing: give all of its files, or the zip GroupLens ships",
                release.name(),
                release.files()
            ),
            ErrorKind::BadZip(why) => f.write_str(why),
            ErrorKind::ZipBomb { limit } => write!(
                f,
                "refused: an archive entry expands beyond the safety limit of {} MB or is compressed suspiciously well (a zip bomb?)",
                limit / 1_000_000
            ),
            ErrorKind::Io(why) => write!(f, "could not be read: {why}"),
            // Worded as when it was an I/O error, so messages stay the same.
            ErrorKind::OutOfOrder { kind, ratings } => write!(
                f,
                "could not be read: {kind} must be loaded before the ratings ({ratings})"
            ),
        }
    }
}

impl std::error::Error for Error {
    fn source(&self) -> Option<&(dyn std::error::Error + 'static)> {
        self.source
            .as_deref()
            .map(|e| e as &(dyn std::error::Error + 'static))
    }
}
