//! The columnar dataset: cleaned users and movies, and the rating fact
//! table blended with their dimensions (derived per-rating columns), so that
//! a dashboard query is one tight pass with no hashing.

use crate::clean::{Cleaned, Flag, History, Reject};
use crate::lineage::Lineage;
use crate::model::{age_index, Movies, Ratings, Schema, Users, AGE_GROUPS};
use crate::time::month_index;

/// Cleaned data ready for queries. Ratings keep the order of the file.
#[derive(Debug, Clone, Default)]
pub struct Dataset {
    /// The accepted users; a user's row is its dense index.
    pub users: Users,
    /// The accepted movies; a movie's row is its dense index.
    pub movies: Movies,
    /// The accepted ratings, pointing at user and movie rows.
    pub ratings: Ratings,
    /// Per user: index of the age group in [`AGE_GROUPS`] (0..7).
    pub user_age: Vec<u8>,
    /// Per user: `gender * 7 + age index` (0..14), a dense user group.
    pub user_group: Vec<u8>,
    /// The superseded ratings (losers of de-duplication that counted for a
    /// while), for time travel: see [`History`] and
    /// [`Filter::as_of`](crate::analytics::Filter::as_of).
    pub history: History,
    /// Per rating: UTC month as months since [`Dataset::first_month`].
    pub month: Vec<u16>,
    /// Per rating: `weekday * 24 + hour` (UTC; weekday 0 = Monday).
    pub weekhour: Vec<u8>,
    /// The month index (months since 1970-01) of month 0.
    pub first_month: u32,
    /// Unix seconds of the first rating (`None` without ratings).
    pub first_ts: Option<u32>,
    /// Unix seconds of the last rating (`None` without ratings).
    pub last_ts: Option<u32>,
    /// Months spanned (`month` values are below this).
    pub months: usize,
    /// Per movie: accepted ratings (unfiltered).
    pub movie_ratings: Vec<u32>,
    /// Per user: accepted ratings (unfiltered).
    pub user_ratings: Vec<u32>,
    /// Rejected rows, in file and line order.
    pub rejects: Vec<Reject>,
    /// Warnings on accepted rows, in file and line order.
    pub flags: Vec<Flag>,
    /// Line of each user in users.dat.
    pub user_lines: Vec<u64>,
    /// Line of each movie in movies.dat.
    pub movie_lines: Vec<u64>,
    /// Line of each rating in its file.
    pub rating_lines: Vec<u32>,
    /// What happened to every line of the three files.
    pub lineage: Lineage,
    /// The first row of each ratings file appended
    /// ([`Dataset::append`]); empty when there is none.
    pub appended_from: Vec<usize>,
    /// The release's scale, genres, occupations, and whether users have
    /// demographics.
    pub schema: Schema,
}

impl Dataset {
    /// Builds the dataset from cleaned tables (moves them).
    pub fn new(cleaned: Cleaned) -> Dataset {
        let Cleaned {
            users,
            movies,
            ratings,
            rejects,
            lineage,
            flags,
            user_lines,
            movie_lines,
            rating_lines,
            mut history,
            schema,
        } = cleaned;
        let user_age: Vec<u8> = users
            .age
            .iter()
            .map(|a| age_index(u32::from(*a)).expect("accepted ages are valid codes") as u8)
            .collect();
        let user_group = users
            .gender
            .iter()
            .zip(&user_age)
            .map(|(g, a)| *g as u8 * AGE_GROUPS.len() as u8 + a)
            .collect();
        // One pass for both ends of the rating-time span.
        let span = ratings
            .ts
            .iter()
            .fold(None, |span: Option<(u32, u32)>, &t| match span {
                Some((lo, hi)) => Some((lo.min(t), hi.max(t))),
                None => Some((t, t)),
            });
        let (first_ts, last_ts) = (span.map(|s| s.0), span.map(|s| s.1));
        let first_month = first_ts.map_or(0, month_index);
        let (month, weekhour) = calendar(&ratings.ts, first_month);
        let months = month
            .iter()
            .copied()
            .max()
            .map_or(0, |m| usize::from(m) + 1);
        // Superseded ratings can be older than every current one: their
        // months count from their own first month.
        history.first_month = history
            .ts
            .first()
            .map_or(first_month, |&t| month_index(t).min(first_month));
        (history.month, history.weekhour) = calendar(&history.ts, history.first_month);
        let mut movie_ratings = vec![0u32; movies.len()];
        let mut user_ratings = vec![0u32; users.len()];
        for (&u, &m) in ratings.user.iter().zip(&ratings.movie) {
            user_ratings[u as usize] += 1;
            movie_ratings[m as usize] += 1;
        }
        Dataset {
            users,
            movies,
            ratings,
            user_age,
            user_group,
            month,
            weekhour,
            first_month,
            first_ts,
            last_ts,
            months,
            movie_ratings,
            user_ratings,
            rejects,
            flags,
            user_lines,
            movie_lines,
            rating_lines,
            history,
            lineage,
            appended_from: Vec::new(),
            schema,
        }
    }

    /// Builds the dataset and times the build in its lineage.
    pub fn timed(cleaned: Cleaned, clock: crate::lineage::Clock) -> Dataset {
        let t0 = clock();
        let mut ds = Dataset::new(cleaned);
        ds.lineage.time("build dataset", clock() - t0);
        ds
    }

    /// The same dataset with only the ratings where `keep` is true (in file
    /// order): users, movies, rejects, warnings and the lineage of the files
    /// stay whole; everything per rating is derived again from the ratings
    /// kept (a filtered export's report). The restricted dataset has no
    /// history: it is the ratings kept, not the files' past.
    ///
    /// # Panics
    /// When `keep` does not have one entry per rating.
    pub fn restricted(&self, keep: &[bool]) -> Dataset {
        assert_eq!(keep.len(), self.len(), "one keep flag per rating");
        fn pick<T: Copy>(column: &[T], keep: &[bool]) -> Vec<T> {
            column
                .iter()
                .zip(keep)
                .filter(|(_, k)| **k)
                .map(|(v, _)| *v)
                .collect()
        }
        let r = &self.ratings;
        Dataset::new(Cleaned {
            users: self.users.clone(),
            movies: self.movies.clone(),
            ratings: Ratings {
                user: pick(&r.user, keep),
                movie: pick(&r.movie, keep),
                halves: pick(&r.halves, keep),
                ts: pick(&r.ts, keep),
            },
            rejects: self.rejects.clone(),
            flags: self.flags.clone(),
            user_lines: self.user_lines.clone(),
            movie_lines: self.movie_lines.clone(),
            rating_lines: pick(&self.rating_lines, keep),
            history: History::default(),
            lineage: self.lineage.clone(),
            schema: self.schema,
        })
    }

    /// Number of ratings.
    pub fn len(&self) -> usize {
        self.ratings.len()
    }

    /// Whether there are no ratings.
    pub fn is_empty(&self) -> bool {
        self.ratings.is_empty()
    }
}

/// Per timestamp: the UTC month as months since `first_month`, and
/// `weekday * 24 + hour`.
pub(crate) fn calendar(ts: &[u32], first_month: u32) -> (Vec<u16>, Vec<u8>) {
    let mut month = Vec::with_capacity(ts.len());
    let mut weekhour = Vec::with_capacity(ts.len());
    // Ratings of one user often share a day: memoise the calendar by day.
    let mut last_day = u32::MAX;
    let mut day_month = 0u16;
    let mut day_weekday = 0u8;
    for &ts in ts {
        let day = ts / 86_400;
        if day != last_day {
            last_day = day;
            day_month = (month_index(ts) - first_month) as u16;
            // 1970-01-01 was a Thursday (weekday 3 with Monday = 0).
            day_weekday = ((day + 3) % 7) as u8;
        }
        month.push(day_month);
        weekhour.push(day_weekday * 24 + ((ts % 86_400) / 3600) as u8);
    }
    (month, weekhour)
}
