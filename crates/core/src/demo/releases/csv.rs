//! The CSV releases (ML-20M, 25M, 32M, ml-latest, ml-latest-small) and
//! ML-10M's `::` files: the same data, two spellings.
//!
//! CSV: `ratings.csv` (`userId,movieId,rating,timestamp`, stars as `4.0`
//! and `3.5`), `movies.csv` (`movieId,title,genres`, fields quoted only
//! when they hold a comma or a quote, a quote inside doubled), `tags.csv`
//! (`userId,movieId,tag,timestamp`), `links.csv` (`movieId,imdbId,tmdbId`,
//! IMDb ids zero-padded to 7 digits, a TMDB id sometimes missing), UTF-8,
//! each sorted by user then movie. The genome files are left out.
//!
//! ML-10M: `ratings.dat` (`UserID::MovieID::Rating::Timestamp`, stars as
//! `4` and `3.5`), `movies.dat` (`MovieID::Title (Year)::Genre|Genre`),
//! `tags.dat` (`UserID::MovieID::Tag::Timestamp`), no users file.

use std::io;

use super::super::rng::Rng;
use super::catalog::{Catalog, Movie, GENRES};
use super::output::{push_csv_field, push_half_stars, push_number, Output, TextFile};
use super::rows::{each_tagger, each_user, ratings_per_user, TAGS};
use super::shapes::Format;
use super::{readme, Counts, ReleaseConfig};

/// Writes the release's files under its folder.
pub(super) fn write(
    config: &ReleaseConfig,
    counts: &Counts,
    out: &mut dyn Output,
) -> io::Result<()> {
    let shape = config.release.shape();
    let csv = shape.format == Format::Csv;
    let mut rng = Rng::new(config.seed);
    let catalog = Catalog::new(&mut rng, shape, counts);
    let path = |name: &str| format!("{}/{name}", shape.folder);
    let ext = if csv { "csv" } else { "dat" };
    // GroupLens' zips list the files in name order.
    if csv {
        write_links(out, &path("links.csv"), config.crlf, &catalog)?;
    }
    write_movies(
        out,
        &path(&format!("movies.{ext}")),
        config.crlf,
        csv,
        &catalog,
    )?;
    let per_user = ratings_per_user(&mut rng, shape, &catalog, counts.ratings);
    let mut file = TextFile::start(out, &path(&format!("ratings.{ext}")), config.crlf)?;
    if csv {
        file.text("userId,movieId,rating,timestamp").end_line()?;
    }
    let sep = if csv { "," } else { "::" };
    each_user(&mut rng, shape, &catalog, &per_user, |user, rows| {
        for r in rows {
            let line = file.line();
            push_number(line, user);
            line.extend_from_slice(sep.as_bytes());
            push_number(line, catalog.movies[r.movie as usize].id);
            line.extend_from_slice(sep.as_bytes());
            push_half_stars(line, r.half, csv);
            line.extend_from_slice(sep.as_bytes());
            push_number(line, r.ts);
            file.end_line()?;
        }
        Ok(())
    })?;
    file.close()?;
    let readme_name = if csv { "README.txt" } else { "README.html" };
    let mut file = TextFile::start(out, &path(readme_name), config.crlf)?;
    for line in readme(counts, shape, config.seed).lines() {
        file.text(line).end_line()?;
    }
    file.close()?;
    let mut file = TextFile::start(out, &path(&format!("tags.{ext}")), config.crlf)?;
    if csv {
        file.text("userId,movieId,tag,timestamp").end_line()?;
    }
    each_tagger(&mut rng, shape, &catalog, counts.tags, |user, rows| {
        for &(movie, tag, ts) in rows {
            let line = file.line();
            push_number(line, user);
            line.extend_from_slice(sep.as_bytes());
            push_number(line, catalog.movies[movie as usize].id);
            line.extend_from_slice(sep.as_bytes());
            if csv {
                push_csv_field(line, TAGS[tag as usize]);
            } else {
                line.extend_from_slice(TAGS[tag as usize].as_bytes());
            }
            line.extend_from_slice(sep.as_bytes());
            push_number(line, ts);
            file.end_line()?;
        }
        Ok(())
    })?;
    file.close()?;
    Ok(())
}

/// `Action|Adventure`, or `(no genres listed)`.
fn push_genres(line: &mut Vec<u8>, movie: &Movie) {
    if movie.genres == 0 {
        line.extend_from_slice(b"(no genres listed)");
        return;
    }
    let mut first = true;
    for (g, name) in GENRES.iter().enumerate() {
        if movie.genres & (1 << g) != 0 {
            if !first {
                line.push(b'|');
            }
            line.extend_from_slice(name.as_bytes());
            first = false;
        }
    }
}

fn write_movies(
    out: &mut dyn Output,
    path: &str,
    crlf: bool,
    csv: bool,
    catalog: &Catalog,
) -> io::Result<()> {
    let mut file = TextFile::start(out, path, crlf)?;
    if csv {
        file.text("movieId,title,genres").end_line()?;
    }
    for movie in &catalog.movies {
        let line = file.line();
        push_number(line, movie.id);
        if csv {
            line.push(b',');
            push_csv_field(line, &movie.title);
            line.push(b',');
        } else {
            line.extend_from_slice(b"::");
            line.extend_from_slice(movie.title.as_bytes());
            line.extend_from_slice(b"::");
        }
        push_genres(line, movie);
        file.end_line()?;
    }
    file.close()?;
    Ok(())
}

fn write_links(out: &mut dyn Output, path: &str, crlf: bool, catalog: &Catalog) -> io::Result<()> {
    let mut file = TextFile::start(out, path, crlf)?;
    file.text("movieId,imdbId,tmdbId").end_line()?;
    for movie in &catalog.movies {
        let line = file.line();
        push_number(line, movie.id);
        line.extend_from_slice(format!(",{:07},", movie.imdb).as_bytes());
        if let Some(tmdb) = movie.tmdb {
            push_number(line, tmdb);
        }
        file.end_line()?;
    }
    file.close()?;
    Ok(())
}
