//! Synthetic data in the shape and format of every MovieLens release, from
//! ML-100K to ML-32M: the real files' names, folder layout, headers,
//! separators, quoting and star scale, with each release's counts of
//! users, movies, ratings and tags by default, and exactly the counts asked
//! for (or an error saying why they cannot be met).
//!
//! The files stream through an [`Output`] (a folder, a zip laid out as
//! GroupLens ships it, memory): 32 M ratings never sit in memory. Only
//! ML-100K, whose `u.data` is in random order and whose split files
//! partition it, keeps its ratings (13 bytes each).
//!
//! ML-1M is the [`super::generate`] generator, unchanged (the page's demo).

mod catalog;
mod csv;
mod ml100k;
mod output;
mod rows;
mod shapes;

use std::fmt;
use std::io;

pub use output::{MemoryOutput, Output, ZipOutput};
pub use shapes::{Release, Shape};

/// What to generate: a release's shape, with any count overridden.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ReleaseConfig {
    /// The release whose format, layout and defaults are followed.
    pub release: Release,
    /// Ratings (default: the release's, or the users' share of it).
    pub ratings: Option<u64>,
    /// Users who rate (default: the release's, scaled to the ratings).
    pub users: Option<u64>,
    /// Movies in the movies file (default: the release's).
    pub movies: Option<u64>,
    /// Tag applications, where the release has tags (default: the
    /// release's, scaled to the ratings).
    pub tags: Option<u64>,
    /// The seed of every random draw.
    pub seed: u64,
    /// End lines with CRLF instead of the releases' LF.
    pub crlf: bool,
}

impl ReleaseConfig {
    /// The release's own shape and seed 1.
    pub fn new(release: Release) -> Self {
        ReleaseConfig {
            release,
            ratings: None,
            users: None,
            movies: None,
            tags: None,
            seed: 1,
            crlf: false,
        }
    }

    /// The counts that will be generated: defaults filled in and checked.
    ///
    /// ```
    /// use movielens_core::demo::releases::{Release, ReleaseConfig};
    /// let counts = ReleaseConfig::new(Release::Ml32m).resolve().unwrap();
    /// assert_eq!((counts.ratings, counts.users, counts.movies), (32_000_204, 200_948, 87_585));
    /// let mut config = ReleaseConfig::new(Release::Ml100k);
    /// config.ratings = Some(100_000);
    /// config.users = Some(10);
    /// let err = config.resolve().unwrap_err();
    /// assert!(err.to_string().contains("10 users × 1,682 movies"), "{err}");
    /// ```
    ///
    /// # Errors
    /// When the counts cannot all hold: more ratings than user × movie
    /// pairs, fewer than the release's minimum per user, no ratings.
    pub fn resolve(&self) -> Result<Counts, ShapeError> {
        shapes::resolve(self)
    }
}

/// The counts a configuration generates, exactly.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Counts {
    /// The release.
    pub release: Release,
    /// Ratings (lines of the ratings file, header aside).
    pub ratings: u64,
    /// Distinct users among the ratings (and lines of ML-100K's `u.user`).
    pub users: u64,
    /// Movies (lines of the movies file, header aside).
    pub movies: u64,
    /// Tag applications (0 where the release has no tags file).
    pub tags: u64,
}

/// Counts that cannot be generated, and why.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ShapeError(pub String);

impl fmt::Display for ShapeError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.0)
    }
}

impl std::error::Error for ShapeError {}

/// Why generating failed.
#[derive(Debug)]
#[non_exhaustive]
pub enum GenerateError {
    /// The counts asked for cannot be met.
    Shape(ShapeError),
    /// Writing a file failed.
    Io(io::Error),
}

impl fmt::Display for GenerateError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            GenerateError::Shape(e) => e.fmt(f),
            GenerateError::Io(e) => write!(f, "could not write: {e}"),
        }
    }
}

impl std::error::Error for GenerateError {}

impl From<io::Error> for GenerateError {
    fn from(e: io::Error) -> Self {
        GenerateError::Io(e)
    }
}

impl From<ShapeError> for GenerateError {
    fn from(e: ShapeError) -> Self {
        GenerateError::Shape(e)
    }
}

/// Writes the release's files to `out` under its folder (`ml-25m/...`,
/// ML-10M's `ml-10M100K/...`), and returns the counts written.
///
/// ```
/// use movielens_core::demo::releases::{write_release, MemoryOutput, Release, ReleaseConfig};
/// let mut config = ReleaseConfig::new(Release::MlLatestSmall);
/// config.ratings = Some(2_000);
/// let mut out = MemoryOutput::default();
/// let counts = write_release(&config, &mut out).unwrap();
/// let ratings = out.file("ml-latest-small/ratings.csv").unwrap();
/// assert!(ratings.starts_with(b"userId,movieId,rating,timestamp\n"));
/// assert_eq!(ratings.iter().filter(|&&b| b == b'\n').count() as u64, counts.ratings + 1);
/// ```
///
/// # Errors
/// When the counts cannot be met (nothing is written then) or the output
/// fails.
pub fn write_release(
    config: &ReleaseConfig,
    out: &mut dyn Output,
) -> Result<Counts, GenerateError> {
    let counts = config.resolve()?;
    let shape = config.release.shape();
    out.add_directory(&format!("{}/", shape.folder))?;
    match config.release {
        Release::Ml1m => write_ml1m(config, &counts, out)?,
        Release::Ml100k => ml100k::write(config, &counts, out)?,
        _ => csv::write(config, &counts, out)?,
    }
    out.finish()?;
    Ok(counts)
}

/// ML-1M through the page's generator (its bytes; CRLF if asked).
fn write_ml1m(config: &ReleaseConfig, counts: &Counts, out: &mut dyn Output) -> io::Result<()> {
    use crate::vocab::FileKind;
    let files = super::generate(&super::DemoConfig {
        ratings: counts.ratings,
        seed: config.seed,
        dirty: false,
    });
    let readme = super::README.as_bytes();
    let named = [
        ("movies.dat", files.file(FileKind::Movies)),
        ("ratings.dat", files.file(FileKind::Ratings)),
        ("README", readme),
        ("users.dat", files.file(FileKind::Users)),
    ];
    for (name, bytes) in named {
        let mut file = output::TextFile::start(out, &format!("ml-1m/{name}"), config.crlf)?;
        for line in bytes.split_inclusive(|&b| b == b'\n') {
            file.line()
                .extend_from_slice(line.strip_suffix(b"\n").unwrap_or(line));
            file.end_line()?;
        }
        file.close()?;
    }
    Ok(())
}

/// A README for generated files, saying what they are not.
fn readme(counts: &Counts, shape: &Shape, seed: u64) -> String {
    format!(
        "SYNTHETIC {name}-shaped data made by `movielens generate --release {name} --seed {seed}`.\n\
         It is not the GroupLens data set: every user, movie, rating and tag is invented.\n\
         {ratings} ratings by {users} users of {movies} movies, {tags} tag applications.\n\
         The real data and its README: {url}\n",
        name = shape.name,
        ratings = counts.ratings,
        users = counts.users,
        movies = counts.movies,
        tags = counts.tags,
        url = shape.url,
    )
}
