//! [`DashboardState::finish`]: from the state's counts to the charts, the
//! KPIs and what depends on totals (top lists, thresholds, damped means,
//! the gender gap).

use std::collections::BTreeMap;

use super::state::GROUPS;
use super::{
    Bar, Dashboard, DashboardState, Dimension, Frequency, Gap, Kpis, Month, MovieRef, Stats, Tally,
    TopMovie, Year, DAMPING, TOP,
};
use crate::model::{AgeGroup, Gender, Occupation, AGE_GROUPS, ALL_GENRES, OCCUPATIONS};
use crate::table::Dataset;
use crate::time::month_key;

/// The user charts: users that fail nothing feed the KPIs; a chart takes
/// the users failing at most its own dimension.
struct UserSide {
    gender: [Tally; 2],
    age: [Tally; AGE_GROUPS.len()],
    occupation: [Tally; OCCUPATIONS.len()],
    active: u64,
    counts: Vec<u64>,
}

/// The movie charts, likewise, and the movies passing every dimension.
struct MovieSide {
    genre: [Tally; ALL_GENRES.len()],
    total: Tally,
    histogram: [u64; 10],
    years: BTreeMap<u16, (Tally, u64)>,
    genre_age: Vec<[Tally; AGE_GROUPS.len()]>,
    counts: Vec<u64>,
    /// Movies passing every dimension with at least one rating.
    candidates: Vec<usize>,
    /// Movies passing every dimension but the movie one with at least one
    /// rating: the movie lists' candidates (they ignore the movie filter).
    listed: Vec<usize>,
    /// The ratings of `listed`.
    listed_total: Tally,
}

/// The movies of each top list, ranked.
struct Ranked {
    by_count: Vec<usize>,
    by_mean: Vec<usize>,
    by_damped: Vec<usize>,
    divisive: Vec<usize>,
    /// Candidates with at least the minimum ratings.
    popular: Vec<usize>,
}

impl DashboardState {
    /// The dashboard of the ratings counted; `top_min_ratings` is the
    /// minimum count for the top lists ranked by a mean or a spread
    /// (best damped mean, mean, most divisive, gender gap). Does not change the state: a streaming load finishes it as
    /// often as it likes.
    ///
    /// # Panics
    /// When `ds` is not the dataset the state was made for.
    pub fn finish(&self, ds: &Dataset, top_min_ratings: u64) -> Dashboard {
        let movie_stats: Vec<Stats> = self
            .movie_hist
            .chunks_exact(10)
            .map(Stats::from_histogram)
            .collect();
        let users = self.user_side(ds);
        let movies = self.movie_side(ds, &movie_stats);
        let overall = movies.listed_total.mean().unwrap_or(0.0);
        let damped: Vec<f64> = movie_stats
            .iter()
            .map(|st| (st.stars() + DAMPING * overall) / (st.count as f64 + DAMPING))
            .collect();
        let ranked = rank(ds, &movie_stats, &damped, &movies.listed, top_min_ratings);
        let top = |list: &[usize]| -> Vec<TopMovie> {
            list.iter()
                .take(TOP)
                .map(|&m| top_movie(ds, m, &movie_stats[m], damped[m]))
                .collect()
        };
        let total = movies.total;
        Dashboard {
            kpis: Kpis {
                ratings: total.count,
                users: users.active,
                movies: movies.candidates.len() as u64,
                mean: total.mean(),
                ratings_per_user: (users.active > 0)
                    .then(|| total.count as f64 / users.active as f64),
            },
            histogram: movies.histogram,
            scale: ds.schema.scale,
            by_gender: Gender::ALL
                .iter()
                .map(|&g| Bar::new(g, g.label(), &users.gender[g as usize]))
                .collect(),
            by_age: AgeGroup::ALL
                .iter()
                .zip(&users.age)
                .map(|(&a, t)| Bar::new(a, a.label(), t))
                .collect(),
            by_occupation: Occupation::all()
                .zip(&users.occupation)
                .map(|(o, t)| Bar::new(o, ds.schema.occupations.label(o), t))
                .collect(),
            by_genre: ds
                .schema
                .genres
                .genres()
                .map(|g| {
                    let t = &movies.genre[usize::from(g.index())];
                    Bar::new(g, ds.schema.genres.name(g), t)
                })
                .collect(),
            by_month: self.by_month(ds),
            weekhour: self.weekhour.clone(),
            genre_age: genre_age_bars(&movies.genre_age),
            by_year: movies
                .years
                .into_iter()
                .map(|(year, (t, movies))| Year {
                    year,
                    ratings: t.count,
                    mean: t.mean(),
                    movies,
                })
                .collect(),
            top_by_count: top(&ranked.by_count),
            top_by_mean: top(&ranked.by_mean),
            top_by_damped: top(&ranked.by_damped),
            most_divisive: top(&ranked.divisive),
            gender_gap: self.gender_gap(ds, &ranked.popular),
            top_min_ratings,
            movies_with_min_ratings: ranked.popular.len() as u64,
            ratings_per_user: frequencies(users.counts),
            ratings_per_movie: frequencies(movies.counts),
            picked_movies: self
                .filter
                .movies
                .iter()
                .filter_map(|&id| ds.movies.id.iter().position(|&x| x == id))
                .map(|m| MovieRef::new(ds, m))
                .collect(),
        }
    }

    fn user_side(&self, ds: &Dataset) -> UserSide {
        let mut side = UserSide {
            gender: Default::default(),
            age: Default::default(),
            occupation: Default::default(),
            active: 0,
            counts: Vec::new(),
        };
        for (u, t) in self.per_user.iter().enumerate() {
            let f = self.ufail[u];
            if f & !Dimension::Gender.bit() == 0 {
                side.gender[ds.users.gender[u] as usize].merge(t);
            }
            if f & !Dimension::Age.bit() == 0 {
                side.age[usize::from(ds.user_age[u])].merge(t);
            }
            if f & !Dimension::Occupation.bit() == 0 {
                side.occupation[usize::from(ds.users.occupation[u])].merge(t);
            }
            if f == 0 && t.count > 0 {
                side.active += 1;
                side.counts.push(t.count);
            }
        }
        side
    }

    fn movie_side(&self, ds: &Dataset, movie_stats: &[Stats]) -> MovieSide {
        let mut side = MovieSide {
            genre: Default::default(),
            total: Tally::default(),
            histogram: [0; 10],
            years: BTreeMap::new(),
            genre_age: vec![Default::default(); ds.schema.genres.genres().count()],
            counts: Vec::new(),
            candidates: Vec::new(),
            listed: Vec::new(),
            listed_total: Tally::default(),
        };
        for (m, st) in movie_stats.iter().enumerate() {
            let f = self.mfail[m];
            let genres = ds.movies.genres[m];
            let t = st.tally();
            if f & !Dimension::Genre.bit() == 0 {
                for (g, acc) in side.genre.iter_mut().enumerate() {
                    if genres & (1 << g) != 0 {
                        acc.merge(&t);
                    }
                }
            }
            if f & !Dimension::Years.bit() == 0 && st.count > 0 {
                if let Some(y) = ds.movies.year[m] {
                    let e = side.years.entry(y).or_default();
                    e.0.merge(&t);
                    e.1 += 1;
                }
            }
            if f & !Dimension::Movie.bit() == 0 && st.count > 0 {
                side.listed_total.merge(&t);
                side.listed.push(m);
            }
            if f != 0 || st.count == 0 {
                continue;
            }
            side.total.merge(&t);
            for (h, c) in side
                .histogram
                .iter_mut()
                .zip(&self.movie_hist[m * 10..m * 10 + 10])
            {
                *h += u64::from(*c);
            }
            side.counts.push(st.count);
            side.candidates.push(m);
            self.add_genre_age(&mut side.genre_age, m, genres);
        }
        side
    }

    /// Adds a movie's cells to the genre × age-group means of its genres
    /// (both genders).
    fn add_genre_age(&self, genre_age: &mut [[Tally; AGE_GROUPS.len()]], m: usize, genres: u32) {
        let cell = &self.cells[m * GROUPS..(m + 1) * GROUPS];
        for (g, row) in genre_age.iter_mut().enumerate() {
            if genres & (1 << g) == 0 {
                continue;
            }
            for (a, acc) in row.iter_mut().enumerate() {
                for gender in 0..2 {
                    let [c, s] = cell[gender * AGE_GROUPS.len() + a];
                    acc.count += u64::from(c);
                    acc.sum += u64::from(s);
                }
            }
        }
    }

    fn by_month(&self, ds: &Dataset) -> Vec<Month> {
        self.months
            .iter()
            .enumerate()
            .map(|(i, t)| {
                let index = ds.first_month + i as u32 - u32::from(self.month_lead);
                Month {
                    key: month_key(index),
                    from: super::month_start(index),
                    to: super::month_start(index + 1),
                    ratings: t.count,
                    mean: t.mean(),
                }
            })
            .collect()
    }

    /// The movies women rate highest against men, among `popular` ones
    /// rated by both.
    fn gender_gap(&self, ds: &Dataset, popular: &[usize]) -> Vec<Gap> {
        let mut gaps: Vec<Gap> = popular
            .iter()
            .filter_map(|&m| {
                let cell = &self.cells[m * GROUPS..(m + 1) * GROUPS];
                let side = |g: Gender| {
                    let g = g as usize;
                    cell[g * AGE_GROUPS.len()..(g + 1) * AGE_GROUPS.len()]
                        .iter()
                        .fold(Tally::default(), |t, &[c, s]| Tally {
                            count: t.count + u64::from(c),
                            sum: t.sum + u64::from(s),
                        })
                };
                let (women, men) = (side(Gender::F), side(Gender::M));
                let (Some(mean_f), Some(mean_m)) = (women.mean(), men.mean()) else {
                    return None;
                };
                let (cf, cm) = (women.count, men.count);
                Some(Gap {
                    movie_id: ds.movies.id[m],
                    title: ds.movies.title[m].clone(),
                    display: ds.movies.display[m].clone(),
                    year: ds.movies.year[m],
                    ratings_f: cf,
                    ratings_m: cm,
                    mean_f,
                    mean_m,
                    diff: mean_f - mean_m,
                })
            })
            .collect();
        crate::sorting::sort_by(&mut gaps, |a, b| {
            b.diff.total_cmp(&a.diff).then(a.movie_id.cmp(&b.movie_id))
        });
        gaps.truncate(TOP);
        gaps
    }
}

/// Ranks the candidate movies (`listed`: the movie filter aside) for each
/// top list; ties go to more ratings,
/// then the lower movie id.
fn rank(
    ds: &Dataset,
    stats: &[Stats],
    damped: &[f64],
    candidates: &[usize],
    top_min_ratings: u64,
) -> Ranked {
    let id = |m: usize| ds.movies.id[m];
    let count = |m: usize| stats[m].count;
    let popular: Vec<usize> = candidates
        .iter()
        .copied()
        .filter(|&m| count(m) >= top_min_ratings.max(1))
        .collect();
    // Keys worked out once per movie: sorting calls them O(n log n) times.
    let by = |list: &[usize], key: &[f64]| -> Vec<usize> {
        let mut list = list.to_vec();
        crate::sorting::sort_by(&mut list, |&a, &b| {
            key[b]
                .total_cmp(&key[a])
                .then(count(b).cmp(&count(a)))
                .then(id(a).cmp(&id(b)))
        });
        list
    };
    let mean: Vec<f64> = stats.iter().map(|st| st.mean().unwrap_or(0.0)).collect();
    let std: Vec<f64> = stats.iter().map(|st| st.std().unwrap_or(0.0)).collect();
    let mut by_count = candidates.to_vec();
    crate::sorting::sort_by(&mut by_count, |&a, &b| {
        count(b).cmp(&count(a)).then(id(a).cmp(&id(b)))
    });
    Ranked {
        by_count,
        by_mean: by(&popular, &mean),
        // The page's "at least N ratings" control is about this list too:
        // damping alone lets a movie with a handful of ratings in.
        by_damped: by(&popular, damped),
        divisive: by(&popular, &std),
        popular,
    }
}

fn top_movie(ds: &Dataset, m: usize, st: &Stats, damped: f64) -> TopMovie {
    TopMovie {
        movie_id: ds.movies.id[m],
        title: ds.movies.title[m].clone(),
        display: ds.movies.display[m].clone(),
        year: ds.movies.year[m],
        ratings: st.count,
        mean: st.mean().unwrap_or(0.0),
        std: st.std(),
        damped,
    }
}

fn genre_age_bars(genre_age: &[[Tally; AGE_GROUPS.len()]]) -> Vec<Vec<Bar<AgeGroup>>> {
    genre_age
        .iter()
        .map(|row| {
            AgeGroup::ALL
                .iter()
                .zip(row)
                .map(|(&a, t)| Bar::new(a, a.label(), t))
                .collect()
        })
        .collect()
}

/// How many users (or movies) have each count of ratings, ascending.
fn frequencies(mut counts: Vec<u64>) -> Vec<Frequency> {
    counts.sort_unstable();
    let mut out: Vec<Frequency> = Vec::new();
    for c in counts {
        match out.last_mut() {
            Some(f) if f.ratings == c => f.count += 1,
            _ => out.push(Frequency {
                ratings: c,
                count: 1,
            }),
        }
    }
    out
}
