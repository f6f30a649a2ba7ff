//! ML-100K: `u.data` (`user\titem\trating\ttimestamp`, in random order),
//! `u.user` (`id|age|gender|occupation|zip`, occupations by name),
//! `u.item` (`id|title|release date|video release date|IMDb URL|` and 19
//! genre flags, `unknown` first; Latin-1), `u.genre`, `u.occupation`,
//! `u.info`, and the splits in u.data's format: `u1..u5.base/test` (five
//! folds, each rating in exactly one test set) and `ua/ub.base/test` (10
//! ratings per user in each test set, the two test sets disjoint), sorted
//! by user then item like the real ones.

use std::io;

use super::super::rng::Rng;
use super::super::titles::encode;
use super::catalog::{Catalog, GENRES_100K};
use super::output::{push_number, Output, TextFile};
use super::rows::{each_user, ratings_per_user};
use super::{readme, Counts, ReleaseConfig};
use crate::model::OCCUPATIONS_100K;

/// Users per occupation in ML-100K, as weights.
const OCCUPATION_WEIGHTS: [f64; 21] = [
    79.0, 28.0, 7.0, 95.0, 67.0, 18.0, 32.0, 16.0, 7.0, 12.0, 51.0, 26.0, 9.0, 105.0, 66.0, 14.0,
    12.0, 31.0, 196.0, 27.0, 45.0,
];
const MONTHS: [&str; 12] = [
    "Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec",
];

/// A rating of u.data: user, item, stars, time.
type Row = (u32, u32, u8, u32);

/// Writes `ml-100k/...`.
pub(super) fn write(
    config: &ReleaseConfig,
    counts: &Counts,
    out: &mut dyn Output,
) -> io::Result<()> {
    let shape = config.release.shape();
    let mut rng = Rng::new(config.seed);
    let catalog = Catalog::new(&mut rng, shape, counts);
    let per_user = ratings_per_user(&mut rng, shape, &catalog, counts.ratings);
    let mut rows: Vec<Row> = Vec::with_capacity(counts.ratings as usize);
    each_user(&mut rng, shape, &catalog, &per_user, |user, rated| {
        let id = |m: u32| catalog.movies[m as usize].id;
        rows.extend(rated.iter().map(|r| (user, id(r.movie), r.half / 2, r.ts)));
        Ok(())
    })?;
    // u.data is in random order; the k-th of that order is in fold k % 5.
    let mut order: Vec<u32> = (0..rows.len() as u32).collect();
    shuffle(&mut rng, &mut order);
    let mut fold = vec![0u8; rows.len()];
    for (k, &i) in order.iter().enumerate() {
        fold[i as usize] = (k % 5) as u8;
    }
    let held_out = ua_ub(&mut rng, &rows);
    let crlf = config.crlf;
    let file = |out: &mut dyn Output, name: &str, text: &str| -> io::Result<()> {
        let mut file = TextFile::start(out, &format!("ml-100k/{name}"), crlf)?;
        for line in text.lines() {
            file.text(line).end_line()?;
        }
        file.close().map(|_| ())
    };
    file(out, "README", &readme(counts, shape, config.seed))?;
    write_rows(out, "u.data", crlf, order.iter().map(|&i| rows[i as usize]))?;
    let genres: String = GENRES_100K
        .iter()
        .enumerate()
        .map(|(i, g)| format!("{g}|{i}\n"))
        .collect();
    file(out, "u.genre", &genres)?;
    let info = format!(
        "{} users\n{} items\n{} ratings\n",
        counts.users, counts.movies, counts.ratings
    );
    file(out, "u.info", &info)?;
    write_items(out, crlf, &mut rng, &catalog)?;
    file(out, "u.occupation", &OCCUPATIONS_100K.join("\n"))?;
    write_users(out, crlf, &mut rng, &catalog)?;
    for k in 0..5u8 {
        let base = rows.iter().zip(&fold).filter(|(_, &f)| f != k);
        write_rows(
            out,
            &format!("u{}.base", k + 1),
            crlf,
            base.map(|(r, _)| *r),
        )?;
        let test = rows.iter().zip(&fold).filter(|(_, &f)| f == k);
        write_rows(
            out,
            &format!("u{}.test", k + 1),
            crlf,
            test.map(|(r, _)| *r),
        )?;
    }
    for (set, name) in [(1u8, "ua"), (2, "ub")] {
        let base = rows.iter().zip(&held_out).filter(|(_, &h)| h != set);
        write_rows(out, &format!("{name}.base"), crlf, base.map(|(r, _)| *r))?;
        let test = rows.iter().zip(&held_out).filter(|(_, &h)| h == set);
        write_rows(out, &format!("{name}.test"), crlf, test.map(|(r, _)| *r))?;
    }
    Ok(())
}

/// Fisher-Yates.
fn shuffle(rng: &mut Rng, items: &mut [u32]) {
    for i in (1..items.len()).rev() {
        let j = rng.below(i as u64 + 1) as usize;
        items.swap(i, j);
    }
}

/// For each rating, 1 if in ua.test, 2 if in ub.test, else 0: ten random
/// ratings of each user in each (as many as there are, for a user with
/// fewer than 20). `rows` are grouped by user.
fn ua_ub(rng: &mut Rng, rows: &[Row]) -> Vec<u8> {
    let mut held = vec![0u8; rows.len()];
    let mut start = 0;
    while start < rows.len() {
        let user = rows[start].0;
        let end = start + rows[start..].iter().take_while(|r| r.0 == user).count();
        let mut idx: Vec<u32> = (start as u32..end as u32).collect();
        shuffle(rng, &mut idx);
        for (k, &i) in idx.iter().take(20).enumerate() {
            held[i as usize] = if k < 10 { 1 } else { 2 };
        }
        start = end;
    }
    held
}

fn write_rows(
    out: &mut dyn Output,
    name: &str,
    crlf: bool,
    rows: impl Iterator<Item = Row>,
) -> io::Result<()> {
    let mut file = TextFile::start(out, &format!("ml-100k/{name}"), crlf)?;
    for (user, item, stars, ts) in rows {
        let line = file.line();
        push_number(line, user);
        line.push(b'\t');
        push_number(line, item);
        line.push(b'\t');
        line.push(b'0' + stars);
        line.push(b'\t');
        push_number(line, ts);
        file.end_line()?;
    }
    file.close().map(|_| ())
}

/// `1|Toy Story (1995)|01-Jan-1995||http://us.imdb.com/M/title-exact?Toy%20Story%20(1995)|0|0|...`
fn write_items(
    out: &mut dyn Output,
    crlf: bool,
    rng: &mut Rng,
    catalog: &Catalog,
) -> io::Result<()> {
    let mut file = TextFile::start(out, "ml-100k/u.item", crlf)?;
    for movie in &catalog.movies {
        let year = movie.year.unwrap_or(1995);
        let day = 1 + rng.below(28);
        let month = MONTHS[rng.below(12) as usize];
        let url = movie.title.replace(' ', "%20");
        let mut text = format!(
            "{}|{}|{day:02}-{month}-{year}||http://us.imdb.com/M/title-exact?{url}",
            movie.id, movie.title
        );
        for g in 0..GENRES_100K.len() {
            text.push_str(if movie.genres & (1 << g) != 0 {
                "|1"
            } else {
                "|0"
            });
        }
        // Titles with accents are Latin-1 bytes, as in the real u.item.
        file.line().extend_from_slice(&encode(&text, movie.latin1));
        file.end_line()?;
    }
    file.close().map(|_| ())
}

/// `1|24|M|technician|85711`: ages 7 to 73, about 71 % men, a few Canadian
/// postal codes among the zip codes.
fn write_users(
    out: &mut dyn Output,
    crlf: bool,
    rng: &mut Rng,
    catalog: &Catalog,
) -> io::Result<()> {
    let mut file = TextFile::start(out, "ml-100k/u.user", crlf)?;
    for &id in &catalog.users {
        let age = (34.0 + rng.normal() * 12.0).round().clamp(7.0, 73.0) as u32;
        let gender = if rng.unit() < 0.71 { "M" } else { "F" };
        let occupation = OCCUPATIONS_100K[rng.weighted(&OCCUPATION_WEIGHTS)];
        let zip = if rng.unit() < 0.02 {
            let letter = |rng: &mut Rng| char::from(b'A' + rng.below(26) as u8);
            format!(
                "{}{}{}{}{}",
                letter(rng),
                rng.below(10),
                letter(rng),
                rng.below(10),
                letter(rng)
            )
        } else {
            format!("{:05}", rng.below(100_000))
        };
        file.number(id);
        file.text(&format!("|{age}|{gender}|{occupation}|{zip}"))
            .end_line()?;
    }
    file.close().map(|_| ())
}
