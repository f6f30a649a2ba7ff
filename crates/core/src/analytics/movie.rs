//! One movie's detail: its ratings under the dashboard's filter (every
//! dimension but the movie one: the detail is about this movie whatever
//! movies the filter picks), who rated it, and the movies most rated by the
//! same people.

use serde::{Deserialize, Serialize};

use super::{Bar, Dimension, Filter, Month, MovieRef, Tally, DAMPING};
use crate::model::{AgeGroup, Gender, Genre, AGE_GROUPS};
use crate::table::Dataset;
use crate::time::month_key;

/// How many similar movies a detail lists.
pub const SIMILAR: usize = 10;

/// A movie rated by the same people as another.
///
/// Over the ratings that pass the filter (every dimension but the movie
/// one), with `N` the users who have at least one such rating, `A` the
/// users who rated the detail's movie and `B` those who rated this one:
/// `both = |A ∩ B|`, `raters = |B|` and
/// `lift = P(A and B) / (P(A) P(B)) = both · N / (|A| · |B|)`: how many
/// times more often the two are rated together than if people rated them
/// independently (1: no more than chance). A person rates a movie at most
/// once in a [`Dataset`] (duplicates are rejected), so ratings count users.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Similar {
    /// The other movie.
    pub movie: MovieRef,
    /// Users who rated both.
    pub both: u64,
    /// Users who rated the other movie.
    pub raters: u64,
    /// `both · N / (|A| · |B|)`.
    pub lift: f64,
}

/// What the movie view shows.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct MovieDetail {
    /// The movie.
    pub movie: MovieRef,
    /// Its title as given in movies.dat, e.g. `Matrix, The (1999)`.
    pub title: String,
    /// Its genres.
    pub genres: Vec<Genre>,
    /// Its ratings that pass the filter (every dimension but the movie one).
    pub ratings: u64,
    /// Those ratings per half star (`histogram[h - 1]` of `h` half stars).
    pub histogram: [u64; 10],
    /// The release's rating steps (not sent to the page, which knows them
    /// from the load: fewer bytes in its bundle).
    #[serde(skip)]
    pub scale: crate::model::Scale,
    /// Their mean (`None` without ratings).
    pub mean: Option<f64>,
    /// `(sum + DAMPING · overall) / (count + DAMPING)`, as the best-rated
    /// chart computes it ([`DAMPING`]; `overall` is [`overall_mean`](Self::overall_mean)).
    pub damped: f64,
    /// The mean of every rating that passes the filter but the movie
    /// dimension (all movies).
    pub overall_mean: Option<f64>,
    /// Its ratings per month, from the first month with one to the last.
    pub months: Vec<Month>,
    /// Who rated it: `[gender][age index]`, Female then Male.
    pub by_gender_age: Vec<Vec<Bar<AgeGroup>>>,
    /// Users with at least one rating that passes (`N` of [`Similar`]).
    pub users: u64,
    /// The movies most rated by the same users: most users in common first,
    /// then the higher lift, then the lower movie id; at most [`SIMILAR`].
    pub similar: Vec<Similar>,
}

/// The detail of the movie with this id over the ratings that pass
/// `filter` (its movie dimension aside), or `None` when the dataset has no
/// such movie. With [`Filter::as_of`], over the ratings as they stood then
/// ([`Dataset::as_of`]; its months span those ratings).
///
/// ```
/// use movielens_core::analytics::{movie_detail, Filter};
/// use movielens_core::{load::load_bytes, table::Dataset};
/// let ds = Dataset::new(load_bytes(&[
///     ("users.dat", &b"1::F::1::10::48067\n2::M::56::16::70072\n"[..]),
///     ("movies.dat", b"1::Toy Story (1995)::Comedy\n2::Heat (1995)::Action\n"),
///     ("ratings.dat", b"1::1::5::978300760\n2::1::3::978302109\n2::2::4::978302109\n"),
/// ]).unwrap());
/// let d = movie_detail(&ds, &Filter::default(), 1).unwrap();
/// assert_eq!((d.ratings, d.histogram, d.mean), (2, [0, 0, 0, 0, 0, 1, 0, 0, 0, 1], Some(4.0)));
/// assert_eq!((d.similar[0].movie.movie_id, d.similar[0].both), (2, 1));
/// // Lift: 1 user of 2 rated both; 2 rated Toy Story, 1 rated Heat.
/// assert_eq!(d.similar[0].lift, 1.0 * 2.0 / (2.0 * 1.0));
/// assert!(movie_detail(&ds, &Filter::default(), 3).is_none());
/// ```
pub fn movie_detail(ds: &Dataset, filter: &Filter, movie_id: u32) -> Option<MovieDetail> {
    if let Some(t) = filter.as_of {
        // The ratings as they stood then, as a dataset of their own.
        let now = Filter {
            as_of: None,
            ..filter.clone()
        };
        return movie_detail(&ds.as_of(t), &now, movie_id);
    }
    let a = ds.movies.id.iter().position(|&id| id == movie_id)?;
    let ufail = filter.user_fails(ds);
    let mfail = filter.movie_fails(ds);
    let time = filter.time;
    let r = &ds.ratings;
    let passes = |i: usize| {
        let (u, m) = (r.user[i] as usize, r.movie[i] as usize);
        ufail[u] == 0
            && mfail[m] & !Dimension::Movie.bit() == 0
            && time.is_none_or(|(from, to)| from <= r.ts[i] && r.ts[i] < to)
    };
    let mut active = vec![false; ds.users.len()];
    let mut rated_a = vec![false; ds.users.len()];
    let mut per_movie = vec![0u64; ds.movies.len()];
    let mut overall = Tally::default();
    let mut months = vec![Tally::default(); ds.months];
    let mut groups = [[Tally::default(); AGE_GROUPS.len()]; 2];
    let mut histogram = [0u64; 10];
    for i in (0..ds.len()).filter(|&i| passes(i)) {
        let (u, m, s) = (r.user[i] as usize, r.movie[i] as usize, r.halves[i]);
        overall.add(s);
        active[u] = true;
        per_movie[m] += 1;
        if m == a {
            rated_a[u] = true;
            histogram[usize::from(s) - 1] += 1;
            months[usize::from(ds.month[i])].add(s);
            groups[ds.users.gender[u] as usize][usize::from(ds.user_age[u])].add(s);
        }
    }
    let mut both = vec![0u64; ds.movies.len()];
    for i in (0..ds.len()).filter(|&i| rated_a[r.user[i] as usize] && passes(i)) {
        both[r.movie[i] as usize] += 1;
    }
    let users = active.iter().filter(|&&x| x).count() as u64;
    let mine = Tally {
        count: per_movie[a],
        sum: histogram.iter().zip(1..).map(|(c, s)| c * s).sum(),
    };
    let overall_mean = overall.mean();
    Some(MovieDetail {
        movie: MovieRef::new(ds, a),
        title: ds.movies.title[a].clone(),
        genres: Genre::all()
            .filter(|g| ds.movies.genres[a] & (1 << g.index()) != 0)
            .collect(),
        ratings: mine.count,
        histogram,
        scale: ds.schema.scale,
        mean: mine.mean(),
        damped: (mine.stars() + DAMPING * overall_mean.unwrap_or(0.0))
            / (mine.count as f64 + DAMPING),
        overall_mean,
        months: month_span(ds, &months),
        by_gender_age: Gender::ALL
            .iter()
            .map(|&g| {
                AgeGroup::ALL
                    .iter()
                    .zip(&groups[g as usize])
                    .map(|(&age, t)| Bar::new(age, age.label(), t))
                    .collect()
            })
            .collect(),
        users,
        similar: similar(ds, a, &both, &per_movie, users),
    })
}

/// The movies most co-rated with row `a`, ranked (see [`Similar`]).
fn similar(ds: &Dataset, a: usize, both: &[u64], raters: &[u64], users: u64) -> Vec<Similar> {
    // The best SIMILAR kept in order as they come: (both, lift, row).
    let mut best: Vec<(u64, f64, usize)> = Vec::with_capacity(SIMILAR + 1);
    for b in (0..ds.movies.len()).filter(|&b| b != a && both[b] > 0) {
        let l = lift(both[b], raters[a], raters[b], users);
        let before = |&(c, l2, m): &(u64, f64, usize)| {
            both[b]
                .cmp(&c)
                .then(l.total_cmp(&l2))
                .then(ds.movies.id[m].cmp(&ds.movies.id[b]))
                .is_gt()
        };
        let at = best.iter().position(before).unwrap_or(best.len());
        if at < SIMILAR {
            best.insert(at, (both[b], l, b));
            best.truncate(SIMILAR);
        }
    }
    best.into_iter()
        .map(|(both, lift, b)| Similar {
            movie: MovieRef::new(ds, b),
            both,
            raters: raters[b],
            lift,
        })
        .collect()
}

/// `both · users / (a · b)`; 0 when a count is 0.
fn lift(both: u64, a: u64, b: u64, users: u64) -> f64 {
    if a == 0 || b == 0 {
        return 0.0;
    }
    both as f64 * users as f64 / (a as f64 * b as f64)
}

/// The months from the first with ratings to the last.
fn month_span(ds: &Dataset, months: &[Tally]) -> Vec<Month> {
    let first = months.iter().position(|t| t.count > 0);
    let last = months.iter().rposition(|t| t.count > 0);
    let (Some(first), Some(last)) = (first, last) else {
        return Vec::new();
    };
    (first..=last)
        .map(|i| {
            let index = ds.first_month + i as u32;
            Month {
                key: month_key(index),
                from: super::month_start(index),
                to: super::month_start(index + 1),
                ratings: months[i].count,
                mean: months[i].mean(),
            }
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::load::load_bytes;
    use std::collections::{BTreeMap, BTreeSet};

    /// A small world: 8 users, 6 movies, ratings from a fixed pattern.
    fn fixture() -> Dataset {
        let mut users = String::new();
        for u in 1..=8 {
            let (g, age) = (if u % 3 == 0 { "F" } else { "M" }, [1, 18, 25, 35][u % 4]);
            users += &format!("{u}::{g}::{age}::{}::12345\n", u % 21);
        }
        let movies = "1::Matrix, The (1999)::Action|Sci-Fi\n2::Heat (1995)::Action\n\
                      3::Amélie (2001)::Comedy|Romance\n4::Haine, La (1995)::Drama\n\
                      5::Toy Story (1995)::Comedy\n6::Unrated (1990)::Drama\n";
        let mut ratings = String::new();
        for u in 1..=8u32 {
            for m in 1..=5u32 {
                if (u * 7 + m * 3) % 5 < 3 || (m == 1 && u < 7) {
                    let stars = 1 + (u + m) % 5;
                    let ts = 956_703_932 + (u * 13 + m) * 86_400 * 11;
                    ratings += &format!("{u}::{m}::{stars}::{ts}\n");
                }
            }
        }
        Dataset::new(
            load_bytes(&[
                ("users.dat", users.as_bytes()),
                ("movies.dat", movies.as_bytes()),
                ("ratings.dat", ratings.as_bytes()),
            ])
            .unwrap(),
        )
    }

    /// The reference: sets of users, straight from the definitions.
    fn brute(ds: &Dataset, f: &Filter, id: u32) -> (u64, [u64; 10], Vec<(u32, u64, f64)>) {
        let mut rated: BTreeMap<u32, BTreeSet<u32>> = BTreeMap::new();
        let mut hist = [0u64; 10];
        let mut all_users = BTreeSet::new();
        for i in 0..ds.len() {
            let (u, m) = (ds.ratings.user[i] as usize, ds.ratings.movie[i] as usize);
            let gender_ok = f.genders.is_empty() || f.genders.contains(&ds.users.gender[u]);
            let age_ok = f.ages.is_empty() || f.ages.contains(&ds.users.age[u]);
            let time_ok = f
                .time
                .is_none_or(|(a, b)| a <= ds.ratings.ts[i] && ds.ratings.ts[i] < b);
            if !(gender_ok && age_ok && time_ok) {
                continue;
            }
            let (uid, mid) = (ds.users.id[u], ds.movies.id[m]);
            all_users.insert(uid);
            rated.entry(mid).or_default().insert(uid);
            if mid == id {
                hist[usize::from(ds.ratings.halves[i]) - 1] += 1;
            }
        }
        let mine = rated.get(&id).cloned().unwrap_or_default();
        let n = all_users.len() as f64;
        let mut sim: Vec<(u32, u64, f64)> = rated
            .iter()
            .filter(|(&m, _)| m != id)
            .map(|(&m, set)| {
                let both = set.intersection(&mine).count() as u64;
                let lift = (both as f64 / n) / ((mine.len() as f64 / n) * (set.len() as f64 / n));
                (m, both, lift)
            })
            .filter(|s| s.1 > 0)
            .collect();
        crate::sorting::sort_by(&mut sim, |x, y| {
            y.1.cmp(&x.1).then(y.2.total_cmp(&x.2)).then(x.0.cmp(&y.0))
        });
        sim.truncate(SIMILAR);
        (mine.len() as u64, hist, sim)
    }

    #[test]
    fn detail_matches_a_brute_force_reference() {
        let ds = fixture();
        let filters = [
            Filter::default(),
            Filter {
                genders: vec![Gender::M],
                ..Filter::default()
            },
            Filter {
                ages: vec![18, 25],
                movies: vec![5],
                ..Filter::default()
            },
            Filter {
                time: Some((957_000_000, 962_000_000)),
                ..Filter::default()
            },
        ];
        let mut checked = 0;
        for f in &filters {
            for id in 1..=6 {
                let d = movie_detail(&ds, f, id).unwrap();
                let (count, hist, sim) = brute(&ds, f, id);
                assert_eq!(d.ratings, count, "{id} {f:?}");
                assert_eq!(d.histogram, hist, "{id} {f:?}");
                let got: Vec<(u32, u64)> = d
                    .similar
                    .iter()
                    .map(|s| (s.movie.movie_id, s.both))
                    .collect();
                let want: Vec<(u32, u64)> = sim.iter().map(|s| (s.0, s.1)).collect();
                assert_eq!(got, want, "{id} {f:?}");
                for (s, w) in d.similar.iter().zip(&sim) {
                    assert!((s.lift - w.2).abs() < 1e-12, "{} vs {}", s.lift, w.2);
                }
                let by_group: u64 = d.by_gender_age.iter().flatten().map(|b| b.ratings).sum();
                let by_month: u64 = d.months.iter().map(|m| m.ratings).sum();
                assert_eq!((by_group, by_month), (count, count));
                checked += d.similar.len();
            }
        }
        assert!(checked > 20, "the fixture has co-ratings ({checked})");
        assert!(movie_detail(&ds, &Filter::default(), 99).is_none());
    }

    #[test]
    fn the_damped_mean_is_the_best_rated_charts() {
        let ds = fixture();
        let f = Filter {
            genders: vec![Gender::M],
            movies: vec![2],
            ..Filter::default()
        };
        let dash = super::super::dashboard(&ds, &f, 1);
        let d = movie_detail(&ds, &f, 1).unwrap();
        let top = dash
            .top_by_damped
            .iter()
            .find(|t| t.movie_id == 1)
            .expect("the movie lists ignore the movie filter");
        assert_eq!(d.damped, top.damped);
        assert_eq!(Some(top.mean), d.mean);
        // A movie nobody rated under the filter: the overall mean.
        let none = movie_detail(&ds, &f, 6).unwrap();
        assert_eq!((none.ratings, none.mean), (0, None));
        assert_eq!(Some(none.damped), none.overall_mean);
        assert!(none.months.is_empty() && none.similar.is_empty());
    }
}
