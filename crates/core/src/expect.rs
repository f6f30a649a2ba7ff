//! Expectations: the facts the MovieLens 1M README states about its data,
//! each a rule (data) evaluated to an outcome with the number of unexpected
//! rows and a few examples. Evaluation is separate from rendering.
//!
//! Each expectation looks at the records of one file (accepted and
//! rejected, blank lines aside): a rejected row whose reason is the broken
//! fact is unexpected, and so is an accepted row that breaks it.

use serde::{Deserialize, Serialize};

use crate::clean::{RejectReason, Warning};
use crate::lineage::Lineage;
use crate::model::{GenreVocab, ReleaseKey, Scale, Schema};
use crate::numbers::thousands;
use crate::table::Dataset;
use crate::time::format_utc;
use crate::vocab::FileKind;

mod raw;

/// Most examples kept per outcome.
pub const MAX_EXAMPLES: usize = 20;

/// A fact about the data.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(tag = "rule", rename_all = "snake_case", try_from = "raw::Raw")]
#[non_exhaustive]
pub enum Expectation {
    /// UserIDs range between `min` and `max`.
    UserIdBetween {
        /// The smallest UserID allowed.
        min: u32,
        /// The largest UserID allowed.
        max: u32,
    },
    /// MovieIDs range between `min` and `max`.
    MovieIdBetween {
        /// The smallest MovieID allowed.
        min: u32,
        /// The largest MovieID allowed.
        max: u32,
    },
    /// Ratings are whole stars 1..=5.
    RatingsWholeStars,
    /// Ratings are half stars 0.5..=5.0 (ML-10M and later).
    RatingsHalfStars,
    /// Each user has at least `min` ratings.
    MinRatingsPerUser {
        /// The fewest accepted ratings a user may have.
        min: u64,
    },
    /// Every genre is one of the 18.
    GenresKnown,
    /// Gender is M or F.
    GenderMF,
    /// Age is one of the seven group codes.
    AgeCodes,
    /// Occupation is a code 0..=20.
    OccupationCodes,
    /// Ratings name users of the users file: at most `max_percent` % of
    /// the rating records are rejected as `unknown_user` (more means the
    /// files come from different data sets).
    KnownUsers {
        /// The largest share allowed, in percent.
        max_percent: u32,
    },
    /// Ratings name movies of the movies file: at most `max_percent` % are
    /// rejected as `unknown_movie`.
    KnownMovies {
        /// The largest share allowed, in percent.
        max_percent: u32,
    },
    /// Accepted ratings were made in `[from, to)` (Unix seconds): not
    /// before MovieLens existed, not after the data set was released.
    RatedBetween {
        /// The earliest time allowed (Unix seconds, included).
        from: u32,
        /// The end of the allowed times (Unix seconds, excluded).
        to: u32,
    },
}

/// The share of rating records, in percent, that may name unknown users or
/// movies before the files are taken to come from different data sets.
pub const MAX_UNKNOWN_PERCENT: u32 = 1;

/// 1995-01-01 00:00 UTC: no MovieLens rating is older.
pub const FIRST_PLAUSIBLE_TS: u32 = 788_918_400;

/// 2003-03-01 00:00 UTC: MovieLens 1M was released in February 2003.
pub const ML1M_RELEASED_TS: u32 = 1_046_476_800;

impl Expectation {
    /// The facts of the MovieLens 1M README.
    pub fn seed() -> Vec<Expectation> {
        vec![
            Expectation::UserIdBetween { min: 1, max: 6040 },
            Expectation::MovieIdBetween { min: 1, max: 3952 },
            Expectation::RatingsWholeStars,
            Expectation::MinRatingsPerUser { min: 20 },
            Expectation::GenresKnown,
            Expectation::GenderMF,
            Expectation::AgeCodes,
            Expectation::OccupationCodes,
            Expectation::KnownUsers {
                max_percent: MAX_UNKNOWN_PERCENT,
            },
            Expectation::KnownMovies {
                max_percent: MAX_UNKNOWN_PERCENT,
            },
            Expectation::RatedBetween {
                from: FIRST_PLAUSIBLE_TS,
                to: ML1M_RELEASED_TS,
            },
        ]
    }

    /// The facts a release's README states: ML-1M's are [`Self::seed`];
    /// the others have their own counts, scale and period, and the
    /// demographic facts only with a users file (ML-100K's ages in years
    /// and occupations by name are checked by its reading rules, not as
    /// ML-1M's codes).
    ///
    /// ```
    /// use movielens_core::expect::Expectation;
    /// use movielens_core::model::Schema;
    /// assert_eq!(Expectation::of(&Schema::ML1M), Expectation::seed());
    /// assert!(Expectation::of(&Schema::MODERN).contains(&Expectation::RatingsHalfStars));
    /// ```
    pub fn of(schema: &Schema) -> Vec<Expectation> {
        use ReleaseKey as K;
        if schema.release == K::Ml1m {
            return Expectation::seed();
        }
        let mut out = Vec::new();
        if schema.release == K::Ml100k {
            out.push(Expectation::UserIdBetween { min: 1, max: 943 });
            out.push(Expectation::MovieIdBetween { min: 1, max: 1682 });
        }
        out.push(match schema.scale {
            Scale::Whole => Expectation::RatingsWholeStars,
            Scale::Half => Expectation::RatingsHalfStars,
        });
        // ml-latest (the full one) promises only one rating per user.
        if !matches!(schema.release, K::MlLatest | K::Unknown) {
            out.push(Expectation::MinRatingsPerUser { min: 20 });
        }
        if schema.genres == GenreVocab::Classic {
            out.push(Expectation::GenresKnown);
        }
        if schema.demographics {
            out.push(Expectation::GenderMF);
            out.push(Expectation::KnownUsers {
                max_percent: MAX_UNKNOWN_PERCENT,
            });
        }
        out.push(Expectation::KnownMovies {
            max_percent: MAX_UNKNOWN_PERCENT,
        });
        // The end of each release's rating period (its README), the first
        // instant after it.
        let end = match schema.release {
            K::Ml100k => Some(893_289_600),          // 1998-04-23
            K::Ml10m => Some(1_231_200_000),         // 2009-01-06
            K::Ml20m => Some(1_427_846_400),         // 2015-04-01
            K::Ml25m => Some(1_574_380_800),         // 2019-11-22
            K::Ml32m => Some(1_697_155_200),         // 2023-10-13
            K::MlLatestSmall => Some(1_537_833_600), // 2018-09-25
            _ => None,
        };
        if let Some(to) = end {
            out.push(Expectation::RatedBetween {
                from: FIRST_PLAUSIBLE_TS,
                to,
            });
        }
        out
    }

    /// A sentence saying the fact.
    pub fn describe(&self) -> String {
        match self {
            Expectation::UserIdBetween { min, max } => {
                format!("UserIDs range between {min} and {max}")
            }
            Expectation::MovieIdBetween { min, max } => {
                format!("MovieIDs range between {min} and {max}")
            }
            Expectation::RatingsWholeStars => {
                "Ratings are made on a 5-star scale (whole-star ratings only)".into()
            }
            Expectation::RatingsHalfStars => {
                "Ratings are made on a 5-star scale, with half-star increments (0.5 stars - 5.0 stars)".into()
            }
            Expectation::MinRatingsPerUser { min } => {
                format!("Each user has at least {min} ratings")
            }
            Expectation::GenresKnown => "Genres are among the 18 listed".into(),
            Expectation::GenderMF => "Gender is denoted by M for male and F for female".into(),
            Expectation::AgeCodes => "Age is one of the codes 1, 18, 25, 35, 45, 50, 56".into(),
            Expectation::OccupationCodes => "Occupation is one of the codes 0..20".into(),
            Expectation::KnownUsers { max_percent } => format!(
                "Ratings name users of the users file (at most {max_percent} % rejected as unknown users)"
            ),
            Expectation::KnownMovies { max_percent } => format!(
                "Ratings name movies of the movies file (at most {max_percent} % rejected as unknown movies)"
            ),
            Expectation::RatedBetween { from, to } => format!(
                "Ratings were made from {} to before {} (the data set's release)",
                &format_utc(*from)[..10],
                &format_utc(*to)[..10]
            ),
        }
    }

    /// The file the fact is about.
    pub fn file(&self) -> FileKind {
        match self {
            Expectation::UserIdBetween { .. }
            | Expectation::MinRatingsPerUser { .. }
            | Expectation::GenderMF
            | Expectation::AgeCodes
            | Expectation::OccupationCodes => FileKind::Users,
            Expectation::MovieIdBetween { .. } | Expectation::GenresKnown => FileKind::Movies,
            Expectation::RatingsWholeStars
            | Expectation::RatingsHalfStars
            | Expectation::KnownUsers { .. }
            | Expectation::KnownMovies { .. }
            | Expectation::RatedBetween { .. } => FileKind::Ratings,
        }
    }
}

/// A row that breaks an expectation.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Example {
    /// The file the row is in.
    pub file: FileKind,
    /// 1-based line number in that file.
    pub line: u64,
    /// What was found, e.g. `UserID 7001` or the raw line.
    pub value: String,
}

/// The result of evaluating one expectation.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Outcome {
    /// The expectation evaluated.
    pub expectation: Expectation,
    /// The fact it states, as a sentence ([`Expectation::describe`]).
    pub description: String,
    /// Whether the data meets it: no unexpected record, or for the
    /// known-users and known-movies rules, a share within the limit.
    pub success: bool,
    /// Records looked at.
    pub element_count: u64,
    /// Records that break it.
    pub unexpected_count: u64,
    /// Up to [`MAX_EXAMPLES`], in file order.
    pub unexpected: Vec<Example>,
}

/// Evaluates every expectation of the dataset's release
/// ([`Expectation::of`]).
pub fn evaluate_all(ds: &Dataset) -> Vec<Outcome> {
    Expectation::of(&ds.schema)
        .iter()
        .map(|e| evaluate(ds, e))
        .collect()
}

/// Rows that break an expectation: all counted, the first
/// [`MAX_EXAMPLES`] of each source kept. Every source is read in line
/// order, so the first examples of the union are among those kept.
struct Found {
    count: u64,
    examples: Vec<Example>,
    /// Examples kept at most: [`MAX_EXAMPLES`] from each source.
    cap: usize,
}

impl Default for Found {
    fn default() -> Self {
        Found {
            count: 0,
            examples: Vec::new(),
            cap: MAX_EXAMPLES,
        }
    }
}

impl Found {
    /// The rows rejected for `reason`: counted by the lineage, examples
    /// from the reject list (which keeps the first rows of each reason).
    fn rejected(ds: &Dataset, file: FileKind, reason: RejectReason) -> Found {
        let examples: Vec<Example> = ds
            .rejects
            .iter()
            .filter(|r| r.file == file && r.reason == reason)
            .take(MAX_EXAMPLES)
            .map(|r| Example {
                file,
                line: r.line,
                value: r.raw.clone(),
            })
            .collect();
        Found {
            count: ds.lineage.file(file).rejected(reason),
            cap: examples.len() + MAX_EXAMPLES,
            examples,
        }
    }

    /// Counts one more row; `example` is only made while examples are due.
    fn push(&mut self, file: FileKind, line: u64, example: impl FnOnce() -> String) {
        self.count += 1;
        if self.examples.len() < self.cap {
            self.examples.push(Example {
                file,
                line,
                value: example(),
            });
        }
    }
}

/// Whether `n` of `records` is more than `max_percent` %.
fn over_share(n: u64, records: u64, max_percent: u32) -> bool {
    n * 100 > records * u64::from(max_percent)
}

/// Evaluates one expectation.
pub fn evaluate(ds: &Dataset, e: &Expectation) -> Outcome {
    use RejectReason as R;
    let file = e.file();
    let lineage = ds.lineage.file(file);
    let records = lineage.accepted + lineage.rejected_total();
    let rejected = |reason| (records, Found::rejected(ds, file, reason));
    let (element_count, found) = match e {
        Expectation::UserIdBetween { min, max } => {
            let mut f = Found::rejected(ds, file, R::InvalidId);
            for (u, &id) in ds.users.id.iter().enumerate() {
                if id < *min || id > *max {
                    f.push(file, ds.user_lines[u], || format!("UserID {id}"));
                }
            }
            (records, f)
        }
        Expectation::MovieIdBetween { min, max } => {
            let mut f = Found::rejected(ds, file, R::InvalidId);
            for (m, &id) in ds.movies.id.iter().enumerate() {
                if id < *min || id > *max {
                    f.push(file, ds.movie_lines[m], || format!("MovieID {id}"));
                }
            }
            (records, f)
        }
        Expectation::RatingsWholeStars | Expectation::RatingsHalfStars => {
            rejected(R::InvalidRating)
        }
        Expectation::MinRatingsPerUser { min } => {
            let mut f = Found::default();
            // Without a users file, a user is first seen on a ratings line.
            let at = if ds.lineage.users.absent() {
                FileKind::Ratings
            } else {
                file
            };
            for (u, &n) in ds.user_ratings.iter().enumerate() {
                if u64::from(n) < *min {
                    f.push(at, ds.user_lines[u], || {
                        format!("UserID {} has {n} ratings", ds.users.id[u])
                    });
                }
            }
            (ds.users.len() as u64, f)
        }
        Expectation::GenresKnown => {
            let mut f = Found::default();
            for flag in ds
                .flags
                .iter()
                .filter(|x| x.file == file && x.warning == Warning::UnknownGenre)
            {
                f.push(file, flag.line, || flag.raw.clone());
            }
            (ds.movies.len() as u64, f)
        }
        Expectation::GenderMF => rejected(R::InvalidGender),
        Expectation::AgeCodes => rejected(R::InvalidAge),
        Expectation::OccupationCodes => rejected(R::InvalidOccupation),
        Expectation::KnownUsers { .. } => rejected(R::UnknownUser),
        Expectation::KnownMovies { .. } => rejected(R::UnknownMovie),
        Expectation::RatedBetween { from, to } => (ds.len() as u64, rated_outside(ds, *from, *to)),
    };
    let Found {
        count: unexpected_count,
        examples: mut unexpected,
        ..
    } = found;
    crate::sorting::sort_by_key(&mut unexpected, |x| x.line);
    unexpected.truncate(MAX_EXAMPLES);
    let success = match e {
        Expectation::KnownUsers { max_percent } | Expectation::KnownMovies { max_percent } => {
            !over_share(unexpected_count, element_count, *max_percent)
        }
        _ => unexpected_count == 0,
    };
    Outcome {
        expectation: e.clone(),
        description: e.describe(),
        success,
        element_count,
        unexpected_count,
        unexpected,
    }
}

/// Accepted ratings made outside `[from, to)`. The dataset knows its
/// rating-time span, so data within the range costs no pass.
fn rated_outside(ds: &Dataset, from: u32, to: u32) -> Found {
    let mut f = Found::default();
    let within = |t: Option<u32>| t.is_none_or(|t| t >= from && t < to);
    if within(ds.first_ts) && within(ds.last_ts) {
        return f;
    }
    let r = &ds.ratings;
    for (i, &ts) in r.ts.iter().enumerate() {
        if ts < from || ts >= to {
            let line = u64::from(ds.rating_lines.get(i).copied().unwrap_or(0));
            f.push(FileKind::Ratings, line, || {
                format!(
                    "UserID {} rated MovieID {} at {} (timestamp {ts})",
                    ds.users.id[r.user[i] as usize],
                    ds.movies.id[r.movie[i] as usize],
                    format_utc(ts)
                )
            });
        }
    }
    f
}

/// Sentences for the files that do not belong together: when more than
/// [`MAX_UNKNOWN_PERCENT`] % of the rating records name users or movies
/// that the users or movies file lacks (a users file of one data set with
/// the ratings of another). Shown prominently by the page and the CLI.
///
/// ```
/// use movielens_core::expect::integrity_alerts;
/// use movielens_core::lineage::Lineage;
/// use movielens_core::RejectReason;
/// let mut l = Lineage::default();
/// l.ratings.accepted = 17_779;
/// l.ratings.rejected[RejectReason::UnknownUser.index()] = 982_430;
/// let alerts = integrity_alerts(&l);
/// assert_eq!(alerts.len(), 1);
/// assert!(alerts[0].starts_with("98.2 % of the ratings (982,430 of 1,000,209)"), "{}", alerts[0]);
/// ```
pub fn integrity_alerts(lineage: &Lineage) -> Vec<String> {
    let r = &lineage.ratings;
    let records = r.accepted + r.rejected_total();
    let mut alerts = Vec::new();
    for (reason, table, file) in [
        (RejectReason::UnknownUser, "users", &lineage.users),
        (RejectReason::UnknownMovie, "movies", &lineage.movies),
    ] {
        let n = r.rejected(reason);
        if records == 0 || !over_share(n, records, MAX_UNKNOWN_PERCENT) {
            continue;
        }
        // Tenths of a percent, rounded, in integers (no float formatting in
        // the worker's bundle).
        let tenths = (n * 1000 + records / 2) / records;
        alerts.push(format!(
            "{}.{} % of the ratings ({} of {}) name {table} that {} does not hold ({}): \
             {} and {} may come from different data sets",
            tenths / 10,
            tenths % 10,
            thousands(n),
            thousands(records),
            file.name,
            reason.code(),
            file.name,
            r.name
        ));
    }
    alerts
}
