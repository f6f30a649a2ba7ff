//! The crate's one error type.

use std::fmt;

/// What went wrong while exporting.
#[derive(Debug)]
pub struct Error {
    /// The file of the layout being written, e.g. `ratings/year=2000/month=11/part-0.parquet`.
    pub file: String,
    /// What failed.
    pub kind: ErrorKind,
}

/// The kinds of [`Error`].
#[derive(Debug)]
#[non_exhaustive]
pub enum ErrorKind {
    /// The Parquet writer refused (a schema or encoding problem: a bug here,
    /// not bad input).
    Parquet(parquet::errors::ParquetError),
    /// The sink the files go to failed (a full disk, a closed stream).
    Sink(std::io::Error),
}

impl fmt::Display for Error {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match &self.kind {
            ErrorKind::Parquet(e) => {
                write!(f, "{}: could not be encoded as Parquet: {e}", self.file)
            }
            ErrorKind::Sink(e) => write!(f, "{}: could not be written: {e}", self.file),
        }
    }
}

impl std::error::Error for Error {
    fn source(&self) -> Option<&(dyn std::error::Error + 'static)> {
        match &self.kind {
            ErrorKind::Parquet(e) => Some(e),
            ErrorKind::Sink(e) => Some(e),
        }
    }
}

/// Names the file a Parquet error happened in.
pub(crate) fn in_file(file: &str) -> impl Fn(parquet::errors::ParquetError) -> Error + '_ {
    move |e| Error {
        file: file.to_owned(),
        kind: ErrorKind::Parquet(e),
    }
}
