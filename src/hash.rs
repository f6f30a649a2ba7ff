//! The filter state in the URL hash, so a reload or a shared link restores
//! it: `#g=F&a=18,25&o=4&genre=7,13&t=957000000-960000000&y=1990-1999&min=50&top=250`.

use movielens_core::analytics::{Dimension, Filter};
use movielens_core::model::{Gender, GENRES, OCCUPATIONS};

/// Default minimum ratings of the top-by-mean lists.
pub const DEFAULT_TOP_MIN: u64 = 250;

/// The hash (without `#`) for a filter; empty for no filter and defaults.
///
/// ```
/// use movielens_core::{analytics::Filter, model::Gender};
/// use movielens_web::hash::{to_hash, from_hash};
/// let f = Filter { genders: vec![Gender::F], genres: vec![7], ..Filter::default() };
/// assert_eq!(to_hash(&f, 250), "g=F&genre=7");
/// assert_eq!(from_hash("#g=F&genre=7"), (f, 250));
/// ```
pub fn to_hash(filter: &Filter, top_min: u64) -> String {
    let mut parts: Vec<String> = Vec::new();
    let join = |v: &[u8]| v.iter().map(u8::to_string).collect::<Vec<_>>().join(",");
    if !filter.genders.is_empty() {
        let g: Vec<&str> = filter.genders.iter().map(|g| g.code()).collect();
        parts.push(format!("{}={}", Dimension::Gender.hash_key(), g.join(",")));
    }
    if !filter.ages.is_empty() {
        parts.push(format!(
            "{}={}",
            Dimension::Age.hash_key(),
            join(&filter.ages)
        ));
    }
    if !filter.occupations.is_empty() {
        parts.push(format!(
            "{}={}",
            Dimension::Occupation.hash_key(),
            join(&filter.occupations)
        ));
    }
    if !filter.genres.is_empty() {
        parts.push(format!(
            "{}={}",
            Dimension::Genre.hash_key(),
            join(&filter.genres)
        ));
    }
    if let Some((from, to)) = filter.time {
        parts.push(format!("{}={from}-{to}", Dimension::Time.hash_key()));
    }
    if let Some((from, to)) = filter.years {
        parts.push(format!("{}={from}-{to}", Dimension::Years.hash_key()));
    }
    if filter.min_ratings > 0 {
        parts.push(format!(
            "{}={}",
            Dimension::MinRatings.hash_key(),
            filter.min_ratings
        ));
    }
    if !filter.movies.is_empty() {
        let ids: Vec<String> = filter.movies.iter().map(u32::to_string).collect();
        parts.push(format!("{}={}", Dimension::Movie.hash_key(), ids.join(",")));
    }
    if top_min != DEFAULT_TOP_MIN {
        parts.push(format!("top={top_min}"));
    }
    parts.join("&")
}

/// The filter of a hash (with or without `#`). Unknown keys and bad values
/// are ignored: a mangled link gives a smaller filter, never an error.
///
/// ```
/// use movielens_web::hash::from_hash;
/// // Some mail clients and chat apps percent-encode the commas of a link.
/// assert_eq!(from_hash("#a=18%2C25").0.ages, vec![18, 25]);
/// ```
pub fn from_hash(hash: &str) -> (Filter, u64) {
    let mut f = Filter::default();
    let mut top = DEFAULT_TOP_MIN;
    let hash = hash.replace("%2C", ",").replace("%2c", ",");
    for part in hash.trim_start_matches('#').split('&') {
        let Some((key, value)) = part.split_once('=') else {
            continue;
        };
        let list = |max: usize| -> Vec<u8> {
            let mut v: Vec<u8> = value
                .split(',')
                .filter_map(|x| x.parse::<u8>().ok())
                .filter(|x| usize::from(*x) < max)
                .collect();
            v.sort_unstable();
            v.dedup();
            v
        };
        let range = || -> Option<(u64, u64)> {
            let (a, b) = value.split_once('-')?;
            let (a, b) = (a.parse().ok()?, b.parse().ok()?);
            (a <= b).then_some((a, b))
        };
        if key == "top" {
            top = value.parse().unwrap_or(DEFAULT_TOP_MIN);
            continue;
        }
        let Some(dim) = Dimension::from_hash_key(key) else {
            continue;
        };
        match dim {
            Dimension::Gender => {
                let mut g: Vec<Gender> = value
                    .split(',')
                    .filter_map(|x| match x {
                        "F" => Some(Gender::F),
                        "M" => Some(Gender::M),
                        _ => None,
                    })
                    .collect();
                g.sort();
                g.dedup();
                f.genders = g;
            }
            Dimension::Age => {
                f.ages = list(256)
                    .into_iter()
                    .filter(|a| movielens_core::model::age_index(u32::from(*a)).is_some())
                    .collect();
            }
            Dimension::Occupation => f.occupations = list(OCCUPATIONS.len()),
            Dimension::Genre => f.genres = list(GENRES.len()),
            Dimension::Time => {
                f.time = range()
                    .and_then(|(a, b)| Some((u32::try_from(a).ok()?, u32::try_from(b).ok()?)))
            }
            Dimension::Years => {
                f.years = range()
                    .and_then(|(a, b)| Some((u16::try_from(a).ok()?, u16::try_from(b).ok()?)))
            }
            Dimension::MinRatings => f.min_ratings = value.parse().unwrap_or(0),
            Dimension::Movie => {
                // Sorted by insertion (a few ids; a sort of u32 would add
                // its own code to the page).
                f.movies.clear();
                for id in value.split(',').filter_map(|x| x.parse::<u32>().ok()) {
                    if let Err(at) = f.movies.binary_search(&id) {
                        f.movies.insert(at, id);
                    }
                }
            }
        }
    }
    (f, top)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_field_round_trips() {
        let f = Filter {
            genders: vec![Gender::F, Gender::M],
            ages: vec![1, 25, 56],
            occupations: vec![0, 12, 20],
            genres: vec![0, 7, 17],
            time: Some((956_703_932, 978_307_200)),
            years: Some((1990, 1999)),
            min_ratings: 50,
            movies: vec![1, 2571],
        };
        for top in [1, 100, DEFAULT_TOP_MIN, 10_000] {
            assert_eq!(from_hash(&to_hash(&f, top)), (f.clone(), top));
        }
        assert_eq!(to_hash(&Filter::default(), DEFAULT_TOP_MIN), "");
        assert_eq!(from_hash(""), (Filter::default(), DEFAULT_TOP_MIN));
    }

    #[test]
    fn a_mangled_link_gives_a_smaller_filter_never_an_error() {
        let (f, top) = from_hash(
            "#g=X,F,F&a=30,18,abc&o=99,3&genre=18,2&t=9-1&y=x-1999&min=-1&top=z&what=ever&&=&movie=x,5,5",
        );
        assert_eq!(f.genders, vec![Gender::F]);
        assert_eq!(f.ages, vec![18]);
        assert_eq!(f.occupations, vec![3]);
        assert_eq!(f.genres, vec![2]);
        assert_eq!((f.time, f.years, f.min_ratings), (None, None, 0));
        assert_eq!(f.movies, vec![5]);
        assert_eq!(top, DEFAULT_TOP_MIN);
    }
}
