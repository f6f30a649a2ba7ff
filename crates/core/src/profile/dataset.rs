//! Findings about the dataset as a whole, which no single table shows: id
//! gaps, unrated movies, light users, and how ratings spread over users and
//! movies.

use serde::{Deserialize, Serialize};

use super::{Bin, MAX_EXAMPLES};
use crate::table::Dataset;

/// A count and a few examples.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Finding {
    /// How many there are.
    pub count: u64,
    /// The first few ids, at most [`MAX_EXAMPLES`]: increasing for gaps,
    /// in file order otherwise.
    pub examples: Vec<u32>,
}

/// Summary of a long-tailed count distribution.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Distribution {
    /// The smallest count.
    pub min: u64,
    /// The middle count (the mean of the two middle ones for an even
    /// number of counts).
    pub median: f64,
    /// The mean count.
    pub mean: f64,
    /// The largest count.
    pub max: u64,
    /// Bins of doubling width: `[1,2)`, `[2,4)`, `[4,8)`, ...
    pub log2_bins: Vec<Bin>,
}

/// Findings about the dataset as a whole.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct DatasetFindings {
    /// MovieIDs between 1 and the largest MovieID without a movie.
    pub movie_id_gaps: Finding,
    /// UserIDs between 1 and the largest UserID without a user.
    pub user_id_gaps: Finding,
    /// MovieIDs of movies with no accepted rating.
    pub unrated_movies: Finding,
    /// UserIDs of users with fewer than 20 accepted ratings.
    pub users_below_20: Finding,
    /// Accepted ratings per user, over the users.
    pub ratings_per_user: Distribution,
    /// Accepted ratings per movie, over the movies (unrated ones included).
    pub ratings_per_movie: Distribution,
}

/// The ids missing between 1 and the largest id.
fn gaps(ids: &[u32]) -> Finding {
    let sorted = crate::sorting::sorted_u32(ids.iter().copied());
    let mut count = 0u64;
    let mut examples = Vec::new();
    let mut next = 1u32;
    for &id in &sorted {
        if id > next {
            count += u64::from(id - next);
            for missing in next..id {
                if examples.len() >= MAX_EXAMPLES {
                    break;
                }
                examples.push(missing);
            }
        }
        next = id.saturating_add(1);
    }
    Finding { count, examples }
}

/// The summary of some counts, with doubling bins from 1.
fn distribution(mut counts: Vec<u64>) -> Distribution {
    counts.sort_unstable();
    let n = counts.len();
    if n == 0 {
        return Distribution {
            min: 0,
            median: 0.0,
            mean: 0.0,
            max: 0,
            log2_bins: Vec::new(),
        };
    }
    let median = if n % 2 == 1 {
        counts[n / 2] as f64
    } else {
        (counts[n / 2 - 1] + counts[n / 2]) as f64 / 2.0
    };
    let mean = counts.iter().sum::<u64>() as f64 / n as f64;
    let max = counts[n - 1];
    let mut bins: Vec<Bin> = Vec::new();
    let mut from = 1u64;
    while from <= max.max(1) {
        let to = from * 2;
        let count = counts.iter().filter(|&&c| c >= from && c < to).count() as u64;
        bins.push(Bin {
            label: format!("{from}–{}", to - 1),
            from: from as f64,
            to: (to - 1) as f64,
            count,
        });
        from = to;
    }
    Distribution {
        min: counts[0],
        median,
        mean,
        max,
        log2_bins: bins,
    }
}

/// The findings about a dataset.
pub(super) fn findings(ds: &Dataset) -> DatasetFindings {
    let unrated: Vec<u32> = (0..ds.movies.len())
        .filter(|&m| ds.movie_ratings[m] == 0)
        .map(|m| ds.movies.id[m])
        .collect();
    let light: Vec<u32> = (0..ds.users.len())
        .filter(|&u| ds.user_ratings[u] < 20)
        .map(|u| ds.users.id[u])
        .collect();
    let finding = |v: Vec<u32>| Finding {
        count: v.len() as u64,
        examples: v.into_iter().take(MAX_EXAMPLES).collect(),
    };
    DatasetFindings {
        movie_id_gaps: gaps(&ds.movies.id),
        user_id_gaps: gaps(&ds.users.id),
        unrated_movies: finding(unrated),
        users_below_20: finding(light),
        ratings_per_user: distribution(ds.user_ratings.iter().map(|&c| u64::from(c)).collect()),
        ratings_per_movie: distribution(ds.movie_ratings.iter().map(|&c| u64::from(c)).collect()),
    }
}
