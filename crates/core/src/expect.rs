//! Expectations: the facts the MovieLens 1M README states about its data,
//! each a rule (data) evaluated to an outcome with the number of unexpected
//! rows and a few examples. Evaluation is separate from rendering.
//!
//! Each expectation looks at the records of one file (accepted and
//! rejected, blank lines aside): a rejected row whose reason is the broken
//! fact is unexpected, and so is an accepted row that breaks it.

use serde::{Deserialize, Serialize};

use crate::clean::{RejectReason, Warning};
use crate::ingest::kind::FileKind;
use crate::lineage::Lineage;
use crate::numbers::thousands;
use crate::table::Dataset;
use crate::time::format_utc;

/// Most examples kept per outcome.
pub const MAX_EXAMPLES: usize = 20;

/// A fact about the data.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(tag = "rule", rename_all = "snake_case")]
#[non_exhaustive]
pub enum Expectation {
    /// UserIDs range between `min` and `max`.
    UserIdBetween { min: u32, max: u32 },
    /// MovieIDs range between `min` and `max`.
    MovieIdBetween { min: u32, max: u32 },
    /// Ratings are whole stars 1..=5.
    RatingsWholeStars,
    /// Each user has at least `min` ratings.
    MinRatingsPerUser { min: u64 },
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
    KnownUsers { max_percent: u32 },
    /// Ratings name movies of the movies file: at most `max_percent` % are
    /// rejected as `unknown_movie`.
    KnownMovies { max_percent: u32 },
    /// Accepted ratings were made in `[from, to)` (Unix seconds): not
    /// before MovieLens existed, not after the data set was released.
    RatedBetween { from: u32, to: u32 },
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
            | Expectation::KnownUsers { .. }
            | Expectation::KnownMovies { .. }
            | Expectation::RatedBetween { .. } => FileKind::Ratings,
        }
    }
}

/// A row that breaks an expectation.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Example {
    pub file: FileKind,
    pub line: u64,
    /// What was found, e.g. `UserID 7001` or the raw line.
    pub value: String,
}

/// The result of evaluating one expectation.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Outcome {
    pub expectation: Expectation,
    pub description: String,
    pub success: bool,
    /// Records looked at.
    pub element_count: u64,
    pub unexpected_count: u64,
    /// Up to [`MAX_EXAMPLES`], in file order.
    pub unexpected: Vec<Example>,
}

/// Evaluates every expectation of [`Expectation::seed`].
pub fn evaluate_all(ds: &Dataset) -> Vec<Outcome> {
    Expectation::seed()
        .iter()
        .map(|e| evaluate(ds, e))
        .collect()
}

/// Evaluates one expectation.
pub fn evaluate(ds: &Dataset, e: &Expectation) -> Outcome {
    let file = e.file();
    let lineage = ds.lineage.file(file);
    let records = lineage.accepted + lineage.rejected_total();
    let mut found: Vec<Example> = Vec::new();
    // Rows rejected for the broken fact: the lineage counts them all, the
    // reject list keeps the first ones, enough for the examples.
    let mut rejected = 0;
    let mut rejected_for = |reason: RejectReason, found: &mut Vec<Example>| {
        rejected += lineage.rejected(reason);
        for r in ds
            .rejects
            .iter()
            .filter(|r| r.file == file && r.reason == reason)
        {
            found.push(Example {
                file,
                line: r.line,
                value: r.raw.clone(),
            });
        }
    };
    let listed = |found: &Vec<Example>| found.len() as u64;
    let mut listed_rejects = 0;
    // Unexpected accepted rows counted without an example.
    let mut not_listed = 0u64;
    let element_count = match e {
        Expectation::UserIdBetween { min, max } => {
            rejected_for(RejectReason::InvalidId, &mut found);
            listed_rejects = listed(&found);
            for (u, &id) in ds.users.id.iter().enumerate() {
                if id < *min || id > *max {
                    found.push(Example {
                        file,
                        line: ds.user_lines[u],
                        value: format!("UserID {id}"),
                    });
                }
            }
            records
        }
        Expectation::MovieIdBetween { min, max } => {
            rejected_for(RejectReason::InvalidId, &mut found);
            listed_rejects = listed(&found);
            for (m, &id) in ds.movies.id.iter().enumerate() {
                if id < *min || id > *max {
                    found.push(Example {
                        file,
                        line: ds.movie_lines[m],
                        value: format!("MovieID {id}"),
                    });
                }
            }
            records
        }
        Expectation::RatingsWholeStars => {
            rejected_for(RejectReason::InvalidRating, &mut found);
            listed_rejects = listed(&found);
            records
        }
        Expectation::MinRatingsPerUser { min } => {
            for (u, &n) in ds.user_ratings.iter().enumerate() {
                if u64::from(n) < *min {
                    found.push(Example {
                        file,
                        line: ds.user_lines[u],
                        value: format!("UserID {} has {n} ratings", ds.users.id[u]),
                    });
                }
            }
            ds.users.len() as u64
        }
        Expectation::GenresKnown => {
            for f in ds
                .flags
                .iter()
                .filter(|f| f.file == file && f.warning == Warning::UnknownGenre)
            {
                found.push(Example {
                    file,
                    line: f.line,
                    value: f.raw.clone(),
                });
            }
            ds.movies.len() as u64
        }
        Expectation::GenderMF => {
            rejected_for(RejectReason::InvalidGender, &mut found);
            listed_rejects = listed(&found);
            records
        }
        Expectation::AgeCodes => {
            rejected_for(RejectReason::InvalidAge, &mut found);
            listed_rejects = listed(&found);
            records
        }
        Expectation::OccupationCodes => {
            rejected_for(RejectReason::InvalidOccupation, &mut found);
            listed_rejects = listed(&found);
            records
        }
        Expectation::KnownUsers { .. } => {
            rejected_for(RejectReason::UnknownUser, &mut found);
            listed_rejects = listed(&found);
            records
        }
        Expectation::KnownMovies { .. } => {
            rejected_for(RejectReason::UnknownMovie, &mut found);
            listed_rejects = listed(&found);
            records
        }
        Expectation::RatedBetween { from, to } => {
            let r = &ds.ratings;
            // Rows are in line order: past the examples, only count.
            for (i, &ts) in r.ts.iter().enumerate() {
                if ts < *from || ts >= *to {
                    if found.len() >= MAX_EXAMPLES {
                        not_listed += 1;
                        continue;
                    }
                    found.push(Example {
                        file,
                        line: u64::from(ds.rating_lines.get(i).copied().unwrap_or(0)),
                        value: format!(
                            "UserID {} rated MovieID {} at {} (timestamp {ts})",
                            ds.users.id[r.user[i] as usize],
                            ds.movies.id[r.movie[i] as usize],
                            format_utc(ts)
                        ),
                    });
                }
            }
            ds.ratings.len() as u64
        }
    };
    found.sort_by_key(|x| x.line);
    let unexpected_count = found.len() as u64 - listed_rejects + rejected + not_listed;
    let success = match e {
        Expectation::KnownUsers { max_percent } | Expectation::KnownMovies { max_percent } => {
            unexpected_count * 100 <= element_count * u64::from(*max_percent)
        }
        _ => unexpected_count == 0,
    };
    found.truncate(MAX_EXAMPLES);
    Outcome {
        expectation: e.clone(),
        description: e.describe(),
        success,
        element_count,
        unexpected_count,
        unexpected: found,
    }
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
        if records == 0 || n * 100 <= records * u64::from(MAX_UNKNOWN_PERCENT) {
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
