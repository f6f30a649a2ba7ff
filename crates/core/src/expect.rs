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
use crate::table::Dataset;

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
}

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
            Expectation::RatingsWholeStars => FileKind::Ratings,
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
    let rejected_for = |reason: RejectReason, found: &mut Vec<Example>| {
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
    let element_count = match e {
        Expectation::UserIdBetween { min, max } => {
            rejected_for(RejectReason::InvalidId, &mut found);
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
            records
        }
        Expectation::AgeCodes => {
            rejected_for(RejectReason::InvalidAge, &mut found);
            records
        }
        Expectation::OccupationCodes => {
            rejected_for(RejectReason::InvalidOccupation, &mut found);
            records
        }
    };
    found.sort_by_key(|x| x.line);
    let unexpected_count = found.len() as u64;
    found.truncate(MAX_EXAMPLES);
    Outcome {
        expectation: e.clone(),
        description: e.describe(),
        success: unexpected_count == 0,
        element_count,
        unexpected_count,
        unexpected: found,
    }
}
