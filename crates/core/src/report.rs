//! The batch report: the numbers of `movielens report --json` (and of the
//! page's "download report"), computed from the cleaned tables.

use std::collections::BTreeMap;

use serde::Serialize;

use crate::analytics::{dashboard, Bar, Filter, Gap, TopMovie, Year};
use crate::clean::RejectReason;
use crate::expect::{evaluate_all, Outcome};
use crate::lineage::Lineage;
use crate::model::{
    star_text, AgeGroup, Gender, Occupation, OccupationVocab, ReleaseKey, ALL_GENRES,
};
use crate::numbers::thousands;
use crate::profile::{profile, Profile};
use crate::table::Dataset;
use crate::vocab::FileKind;

/// Default minimum number of ratings for the "top by mean" and gender-gap
/// lists (the pandas book uses 250).
pub const DEFAULT_MIN_RATINGS: u64 = 250;

/// Counts and the rating-time span of the cleaned data.
#[derive(Debug, Clone, Serialize)]
pub struct Summary {
    /// Accepted users.
    pub users: u64,
    /// Accepted movies, rated or not.
    pub movies: u64,
    /// Accepted ratings.
    pub ratings: u64,
    /// Movies with at least one accepted rating.
    pub rated_movies: u64,
    /// The mean of all accepted ratings, in stars (`None` without ratings).
    pub mean_rating: Option<f64>,
    /// Unix seconds of the first accepted rating.
    pub first_ts: Option<u32>,
    /// Unix seconds of the last accepted rating.
    pub last_ts: Option<u32>,
    /// Rejected rows in all three files.
    pub rejected: u64,
    /// Rejected rows listed (in the rejects CSV and the page): the first
    /// [`crate::clean::MAX_KEPT_PER_REASON`] of each file and reason.
    pub rejects_listed: u64,
    /// Accepted rows carrying a warning, in all three files.
    pub warnings: u64,
}

/// Ratings of one genre (a rating counts once for each genre of its movie).
#[derive(Debug, Clone, Serialize)]
pub struct GenreRow {
    /// The genre's name, as the release writes it.
    pub key: &'static str,
    /// Accepted movies with the genre, rated or not.
    pub movies: u64,
    /// Ratings of movies with the genre.
    pub ratings: u64,
    /// Their mean, in stars (`None` without ratings).
    pub mean: Option<f64>,
}

/// Ratings of one UTC month.
#[derive(Debug, Clone, Serialize)]
pub struct MonthRow {
    /// `YYYY-MM`.
    pub key: String,
    /// Ratings made in the month.
    pub ratings: u64,
    /// Their mean, in stars.
    pub mean: Option<f64>,
}

/// A movie of the gender gap, as the report lists it: a [`Gap`] without
/// the release year (the report's format predates it; the title has it).
#[derive(Debug, Clone, Serialize)]
pub struct GapRow {
    /// The movie id of movies.dat.
    pub movie_id: u32,
    /// The title as given, e.g. `Matrix, The (1999)`.
    pub title: String,
    /// The title without the year, a trailing article moved to the front,
    /// e.g. `The Matrix`.
    pub display: String,
    /// Its accepted ratings by women (at least one).
    pub ratings_f: u64,
    /// Its accepted ratings by men (at least one).
    pub ratings_m: u64,
    /// The mean of the women's ratings, in stars.
    pub mean_f: f64,
    /// The mean of the men's ratings, in stars.
    pub mean_m: f64,
    /// `mean_f - mean_m`: positive when women rate it higher.
    pub diff: f64,
}

impl From<Gap> for GapRow {
    fn from(g: Gap) -> GapRow {
        GapRow {
            movie_id: g.movie_id,
            title: g.title,
            display: g.display,
            ratings_f: g.ratings_f,
            ratings_m: g.ratings_m,
            mean_f: g.mean_f,
            mean_m: g.mean_m,
            diff: g.diff,
        }
    }
}

/// The whole report: the unfiltered dashboard of the analytics engine plus
/// lineage, profile and expectations. Deterministic: the same files give
/// the same JSON (stage timings are kept apart, in [`Lineage::stages`], and
/// not serialised).
#[derive(Debug, Clone, Serialize)]
pub struct Report {
    /// Only in the report of a filter's ratings ([`Report::filtered`]):
    /// which ratings it is about. Absent from the report of all data.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub filter: Option<FilterNote>,
    /// Only in the report as of an instant ([`Report::as_of`]): when, and
    /// how many ratings count then.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub as_of: Option<AsOfNote>,
    /// Which MovieLens release the files are (`ml-1m`, `ml-latest-small`,
    /// ... or `unknown`), from their content and counts.
    pub release: ReleaseKey,
    /// Ratings a movie needs to enter the top-by-mean, most-divisive and
    /// gender-gap lists.
    pub min_ratings: u64,
    /// What happened to every line of the three files.
    pub lineage: Lineage,
    /// Counts and the rating-time span.
    pub summary: Summary,
    /// Ratings per star value of the release, keyed as written shortest:
    /// `"1"` to `"5"`, or `"0.5"`, `"1"`, `"1.5"`, ... `"5"`.
    pub rating_histogram: BTreeMap<String, u64>,
    /// Ratings and mean per gender (absent without a users file).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub by_gender: Option<Vec<Bar<Gender>>>,
    /// Ratings and mean per age group (absent without a users file).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub by_age: Option<Vec<Bar<AgeGroup>>>,
    /// Ratings and mean per occupation, keyed by ML-1M's code or ML-100K's
    /// name (absent without a users file).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub by_occupation: Option<Vec<Bar<OccupationKey>>>,
    /// Movies, ratings and mean per genre of the release, in
    /// [`ALL_GENRES`](crate::model::ALL_GENRES) order.
    pub by_genre: Vec<GenreRow>,
    /// Months with ratings, ascending.
    pub by_month: Vec<MonthRow>,
    /// Ratings and mean per release year, ascending.
    pub by_year: Vec<Year>,
    /// The most rated movies.
    pub top_by_count: Vec<TopMovie>,
    /// The highest means among movies with `min_ratings` ratings.
    pub top_by_mean: Vec<TopMovie>,
    /// The highest damped means (the mean pulled towards the overall mean
    /// by a prior) among movies with `min_ratings` ratings.
    pub top_by_damped: Vec<TopMovie>,
    /// The largest standard deviations among movies with `min_ratings`
    /// ratings.
    pub most_divisive: Vec<TopMovie>,
    /// Movies with at least `min_ratings` ratings.
    pub movies_with_min_ratings: u64,
    /// Movies with `min_ratings` ratings that women rate highest relative
    /// to men (largest `mean_f - mean_m` first; absent without a users
    /// file).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub gender_gap: Option<Vec<GapRow>>,
    /// Ratings per `weekday * 24 + hour` (UTC, weekday 0 = Monday).
    pub weekhour: Vec<u64>,
    /// The data-quality expectations and their outcomes.
    pub expectations: Vec<Outcome>,
    /// Per-column profiles of the three tables and dataset findings.
    pub profile: Profile,
}

impl Report {
    /// Computes the report of a dataset: the analytics engine's dashboard
    /// with no filter, and `min_ratings` for the best-damped, top-by-mean,
    /// most-divisive and gender-gap lists.
    pub fn new(ds: &Dataset, min_ratings: u64) -> Report {
        Report::of(ds, ds, min_ratings)
    }

    /// The report of the ratings of `ds`, with the expectations evaluated
    /// on `files` (the whole dataset `ds` may be restricted from).
    fn of(ds: &Dataset, files: &Dataset, min_ratings: u64) -> Report {
        let d = dashboard(ds, &Filter::default(), min_ratings);
        let l = &ds.lineage;
        let demographics = ds.schema.demographics;
        Report {
            filter: None,
            as_of: None,
            release: ds.schema.release,
            min_ratings,
            lineage: ds.lineage.clone(),
            summary: Summary {
                users: ds.users.len() as u64,
                movies: ds.movies.len() as u64,
                ratings: ds.ratings.len() as u64,
                rated_movies: d.kpis.movies,
                mean_rating: d.kpis.mean,
                first_ts: ds.first_ts,
                last_ts: ds.last_ts,
                rejected: l.rejected_total(),
                rejects_listed: ds.rejects.len() as u64,
                warnings: ds.flags.len() as u64,
            },
            rating_histogram: ds
                .schema
                .scale
                .halves()
                .map(|h| (star_text(h), d.histogram[usize::from(h) - 1]))
                .collect(),
            by_gender: demographics.then_some(d.by_gender),
            by_age: demographics.then_some(d.by_age),
            by_occupation: demographics.then(|| occupations(ds, d.by_occupation)),
            by_genre: d
                .by_genre
                .iter()
                .map(|b| GenreRow {
                    key: ds.schema.genres.name(b.key),
                    movies: ds
                        .movies
                        .genres
                        .iter()
                        .filter(|&&g| g & (1 << b.key.index()) != 0)
                        .count() as u64,
                    ratings: b.ratings,
                    mean: b.mean,
                })
                .collect(),
            by_month: d
                .by_month
                .iter()
                .filter(|m| m.ratings > 0)
                .map(|m| MonthRow {
                    key: m.key.clone(),
                    ratings: m.ratings,
                    mean: m.mean,
                })
                .collect(),
            by_year: d.by_year,
            top_by_count: d.top_by_count,
            top_by_mean: d.top_by_mean,
            top_by_damped: d.top_by_damped,
            most_divisive: d.most_divisive,
            movies_with_min_ratings: d.movies_with_min_ratings,
            gender_gap: demographics.then(|| d.gender_gap.into_iter().map(GapRow::from).collect()),
            weekhour: d.weekhour,
            expectations: evaluate_all(files),
            profile: profile(ds),
        }
    }

    /// The report as pretty JSON.
    pub fn to_json(&self) -> String {
        serde_json::to_string_pretty(self).expect("a report always serialises")
    }
}

/// An occupation as a report keys it: ML-1M's code (`12`), ML-100K's
/// name (`"programmer"`).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct OccupationKey(pub Occupation, pub OccupationVocab);

impl Serialize for OccupationKey {
    fn serialize<S: serde::Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        match self.1 {
            OccupationVocab::Codes => s.serialize_u8(self.0.code()),
            OccupationVocab::Names => s.serialize_str(&self.1.key(self.0)),
        }
    }
}

fn occupations(ds: &Dataset, bars: Vec<Bar<Occupation>>) -> Vec<Bar<OccupationKey>> {
    let vocab = ds.schema.occupations;
    bars.into_iter()
        .map(|b| Bar {
            key: OccupationKey(b.key, vocab),
            label: b.label,
            ratings: b.ratings,
            mean: b.mean,
        })
        .collect()
}

/// When a report as of an instant ([`Report::as_of`]) stands.
#[derive(Debug, Clone, Serialize)]
pub struct AsOfNote {
    /// The instant, ISO 8601 in UTC (`2000-12-01T00:00:00Z`).
    pub when: String,
    /// The instant, Unix seconds (exclusive: ratings made before it count).
    pub unix: u32,
    /// Ratings as they stood then (the report's `summary.ratings`).
    pub ratings: u64,
    /// Accepted ratings now (the lineage's `ratings.accepted`).
    pub ratings_now: u64,
    /// Superseded ratings among `ratings`: re-rated after the instant.
    pub superseded: u64,
    /// What the instant changes ([`AS_OF_SCOPE`]).
    pub scope: &'static str,
}

/// What [`AsOfNote::scope`] says.
pub const AS_OF_SCOPE: &str = "the ratings as they stood at the instant: those made before it \
that pass every rule, the latest before it per user and movie (a tie: the later line); users and \
movies stay whole; lineage and rejects describe the files; every other key counts these ratings";

impl Report {
    /// The report of the ratings as they stood at `t` (Unix seconds,
    /// exclusive; [`Dataset::as_of`]), with an `as_of` object first saying
    /// when and how many. `lineage` (and the rejects) still describe the
    /// files; every other key is computed over the ratings as of `t`.
    ///
    /// ```
    /// use movielens_core::report::Report;
    /// use movielens_core::{load::load_bytes, table::Dataset};
    /// let ds = Dataset::new(load_bytes(&[
    ///     ("users.dat", &b"1::F::1::10::48067\n"[..]),
    ///     ("movies.dat", b"1::Toy Story (1995)::Comedy\n2::Heat (1995)::Action\n"),
    ///     ("ratings.dat", b"1::1::2::100\n1::1::5::200\n1::2::4::300\n"),
    /// ]).unwrap());
    /// let r = Report::as_of(&ds, 250, 1);
    /// let note = r.as_of.as_ref().unwrap();
    /// assert_eq!((note.ratings, note.ratings_now, note.superseded), (1, 2, 0));
    /// assert_eq!(Report::as_of(&ds, 150, 1).summary.mean_rating, Some(2.0));
    /// assert_eq!(r.lineage.ratings.accepted, 2);
    /// ```
    pub fn as_of(ds: &Dataset, t: u32, min_ratings: u64) -> Report {
        let then = ds.as_of(t);
        let mut report = Report::of(&then, &then, min_ratings);
        report.as_of = Some(AsOfNote {
            when: crate::time::format_instant(t),
            unix: t,
            ratings: then.len() as u64,
            ratings_now: ds.len() as u64,
            superseded: ds.history.stood_at(t).count() as u64,
            scope: AS_OF_SCOPE,
        });
        report
    }
}

/// Which ratings a filtered report ([`Report::filtered`]) is about.
#[derive(Debug, Clone, Serialize)]
pub struct FilterNote {
    /// The dashboard's filter, as the page and the worker exchange it
    /// (genres as indices into [`ALL_GENRES`], times in Unix seconds,
    /// `[from, to)`).
    pub criteria: Filter,
    /// The names of the genres in `criteria.genres`.
    pub genre_names: Vec<&'static str>,
    /// Ratings that pass the filter (the report's `summary.ratings`).
    pub ratings: u64,
    /// Accepted ratings, filtered or not (now, whatever the filter's
    /// `as_of`).
    pub ratings_all: u64,
    /// What the filter restricts ([`FILTERED_SCOPE`]).
    pub scope: &'static str,
}

/// What [`FilterNote::scope`] says.
pub const FILTERED_SCOPE: &str = "summary ratings, histograms, breakdowns, top lists, \
weekhour and profile count only the ratings that pass the filter; users and movies are all \
accepted ones; lineage, rejects and expectations describe the whole files; with a movie \
filter the top lists hold only the picked movies (the dashboard's top lists ignore that filter); \
with as_of, the ratings filtered are those as they stood then (made before it, the latest per \
user and movie)";

impl Report {
    /// The report of the ratings of `ds` that pass `filter`: the report of
    /// the dataset restricted to them ([`Dataset::restricted`]), with a
    /// `filter` object first saying which. Its `summary` (ratings, rated
    /// movies, mean, time span), histograms, breakdowns, top lists and
    /// `profile` count only those ratings; `summary.users` and
    /// `summary.movies` are still every accepted user and movie;
    /// `lineage`, the rejects counts and the `expectations` describe the
    /// files, as in the report of all data. With [`Filter::as_of`] the
    /// ratings filtered are those as they stood then ([`Dataset::as_of`]).
    ///
    /// ```
    /// use movielens_core::analytics::Filter;
    /// use movielens_core::model::Gender;
    /// use movielens_core::report::Report;
    /// use movielens_core::{load::load_bytes, table::Dataset};
    /// let ds = Dataset::new(load_bytes(&[
    ///     ("users.dat", &b"1::F::1::10::48067\n2::M::56::16::70072\n"[..]),
    ///     ("movies.dat", b"1::Toy Story (1995)::Animation|Children's|Comedy\n"),
    ///     ("ratings.dat", b"1::1::5::978300760\n2::1::3::978302109\n"),
    /// ]).unwrap());
    /// let women = Filter { genders: vec![Gender::F], ..Filter::default() };
    /// let r = Report::filtered(&ds, &women, 1);
    /// let note = r.filter.as_ref().unwrap();
    /// assert_eq!((note.ratings, note.ratings_all), (1, 2));
    /// assert_eq!(r.summary.mean_rating, Some(5.0));
    /// assert_eq!(r.lineage.ratings.accepted, 2);
    /// assert!(r.to_json().starts_with("{\n  \"filter\": {"));
    /// ```
    pub fn filtered(ds: &Dataset, filter: &Filter, min_ratings: u64) -> Report {
        // As of an instant: the other dimensions restrict the ratings as
        // they stood then, superseded ones included.
        let then = filter.as_of.map(|t| ds.as_of(t));
        let base = then.as_ref().unwrap_or(ds);
        let others = Filter {
            as_of: None,
            ..filter.clone()
        };
        let mask = others.mask(base);
        let restricted = base.restricted(&mask);
        // The rules look at the files' records: those are not filtered.
        let mut report = Report::of(&restricted, ds, min_ratings);
        report.filter = Some(FilterNote {
            criteria: filter.clone(),
            genre_names: filter
                .genres
                .iter()
                .filter_map(|&g| ALL_GENRES.get(usize::from(g)).copied())
                .collect(),
            ratings: restricted.len() as u64,
            ratings_all: ds.len() as u64,
            scope: FILTERED_SCOPE,
        });
        report
    }
}

/// Writes the rejects kept as CSV (`file,line,reason,detail,raw`), each cell
/// through [`csv_field`] (RFC 4180 quoting; formulas neutralised). Where a
/// file and reason had more rejects than the list keeps, a last row for it,
/// with an empty line, says how many of how many are listed.
///
/// # Errors
/// Whatever the writer returns.
pub fn write_rejects_csv(
    rejects: &[crate::clean::Reject],
    lineage: &Lineage,
    out: &mut dyn std::io::Write,
) -> std::io::Result<()> {
    writeln!(out, "file,line,reason,detail,raw")?;
    for r in rejects {
        writeln!(
            out,
            "{},{},{},{},{}",
            r.file.file_name(),
            r.line,
            r.reason.code(),
            csv_field(&r.detail),
            csv_field(&r.raw)
        )?;
    }
    for (kind, reason, listed, total) in unlisted(rejects, lineage) {
        writeln!(
            out,
            "{},,{},{},",
            kind.file_name(),
            reason.code(),
            csv_field(&format!(
                "only the first {} of {} rows rejected for this reason are listed",
                thousands(listed),
                thousands(total)
            ))
        )?;
    }
    Ok(())
}

/// Files and reasons with more rejects than are listed: `(file, reason,
/// listed, counted)`.
pub fn unlisted(
    rejects: &[crate::clean::Reject],
    lineage: &Lineage,
) -> Vec<(FileKind, RejectReason, u64, u64)> {
    let mut listed = [[0u64; RejectReason::COUNT]; 3];
    let slot = |k: FileKind| FileKind::ALL.iter().position(|x| *x == k).unwrap_or(0);
    for r in rejects {
        listed[slot(r.file)][r.reason.index()] += 1;
    }
    let mut out = Vec::new();
    for kind in FileKind::ALL {
        for reason in RejectReason::ALL {
            let total = lineage.file(kind).rejected(reason);
            let shown = listed[slot(kind)][reason.index()];
            if shown < total {
                out.push((kind, reason, shown, total));
            }
        }
    }
    out
}

/// One CSV cell, quoted as RFC 4180 does, and neutralised against formula
/// injection (OWASP's rule): a cell that starts with `=`, `+`, `-`, `@`, a
/// tab or a carriage return would run as a formula in a spreadsheet, so it
/// gets a leading single quote and is quoted. Every CSV the project writes
/// goes through this.
///
/// ```
/// use movielens_core::report::csv_field;
/// assert_eq!(csv_field("plain"), "plain");
/// assert_eq!(csv_field("a,b"), "\"a,b\"");
/// assert_eq!(csv_field("=HYPERLINK(\"http://x\",\"y\")::1::5::978300760"),
///            "\"'=HYPERLINK(\"\"http://x\"\",\"\"y\"\")::1::5::978300760\"");
/// assert_eq!(csv_field("@SUM(1+1)"), "\"'@SUM(1+1)\"");
/// ```
pub fn csv_field(s: &str) -> std::borrow::Cow<'_, str> {
    let formula = s.starts_with(['=', '+', '-', '@', '\t', '\r']);
    if formula {
        format!("\"'{}\"", s.replace('"', "\"\"")).into()
    } else if s.contains([',', '"', '\n', '\r']) || s.starts_with(' ') || s.ends_with(' ') {
        format!("\"{}\"", s.replace('"', "\"\"")).into()
    } else {
        s.into()
    }
}

/// Writes the cleaned ratings as CSV (`user_id,movie_id,rating,timestamp`,
/// raw ids, in the order of the ratings file).
///
/// # Errors
/// Whatever the writer returns.
pub fn write_ratings_csv(ds: &Dataset, out: &mut dyn std::io::Write) -> std::io::Result<()> {
    write_ratings_csv_where(ds, None, out)
}

/// Writes the cleaned ratings as [`write_ratings_csv`] does, only those
/// where `keep` is true when it is given (a filter's
/// [`mask`](Filter::mask)): the same header, the same order.
///
/// # Errors
/// Whatever the writer returns.
///
/// # Panics
/// When `keep` does not have one entry per rating.
pub fn write_ratings_csv_where(
    ds: &Dataset,
    keep: Option<&[bool]>,
    out: &mut dyn std::io::Write,
) -> std::io::Result<()> {
    writeln!(out, "user_id,movie_id,rating,timestamp")?;
    let r = &ds.ratings;
    if let Some(keep) = keep {
        assert_eq!(keep.len(), r.len(), "one keep flag per rating");
    }
    for i in 0..r.len() {
        if keep.is_some_and(|k| !k[i]) {
            continue;
        }
        writeln!(
            out,
            "{},{},{},{}",
            ds.users.id[r.user[i] as usize],
            ds.movies.id[r.movie[i] as usize],
            star_text(r.halves[i]),
            r.ts[i]
        )?;
    }
    Ok(())
}
