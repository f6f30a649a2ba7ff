//! A deterministic generator of synthetic MovieLens 1M data, in the exact
//! `::` format and shape of the real files (the real ML-1M may not be
//! redistributed: tests, benchmarks and the page's demo use this).
//!
//! With `dirty`, it also injects a known number of rows of every fault the
//! cleaner knows, and returns the lineage the cleaner must report, worked out
//! by construction (not by running the cleaner).

use crate::clean::{RejectReason, Warning};
use crate::ingest::kind::Sniffed;
use crate::lineage::FileLineage;
use crate::load::Plan;
use crate::model::AGE_GROUPS;
use crate::vocab::FileKind;

use rng::Alias;
pub use rng::Rng;
use titles::{encode, make_title};

/// What to generate.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct DemoConfig {
    /// Accepted ratings to write (ML-1M: 1,000,209).
    pub ratings: u64,
    /// The seed of every random draw: the same configuration gives the
    /// same bytes on every platform.
    pub seed: u64,
    /// Inject faults of every kind (see the module docs).
    pub dirty: bool,
}

impl Default for DemoConfig {
    fn default() -> Self {
        DemoConfig {
            ratings: ML1M_RATINGS,
            seed: 1,
            dirty: false,
        }
    }
}

/// Ratings in MovieLens 1M.
pub const ML1M_RATINGS: u64 = 1_000_209;
/// Users in MovieLens 1M.
pub const ML1M_USERS: u32 = 6040;
/// Movies in MovieLens 1M (ids run to 3952, with gaps).
pub const ML1M_MOVIES: u32 = 3883;
const ML1M_MAX_MOVIE_ID: u32 = 3952;
/// Every user of MovieLens 1M has at least this many ratings.
pub const MIN_RATINGS_PER_USER: u64 = 20;

/// First and last rating time of MovieLens 1M (2000-04-25, 2003-02-28 UTC).
const FIRST_TS: u32 = 956_703_932;
const LAST_TS: u32 = 1_046_454_590;

/// Generated files and the lineage a correct cleaner reports for them.
#[derive(Debug, Clone)]
pub struct DemoFiles {
    /// users.dat: `UserID::Gender::Age::Occupation::Zip-code` lines.
    pub users: Vec<u8>,
    /// movies.dat: `MovieID::Title (Year)::Genres` lines, some in Latin-1.
    pub movies: Vec<u8>,
    /// ratings.dat: `UserID::MovieID::Rating::Timestamp` lines.
    pub ratings: Vec<u8>,
    /// Expected lineage of users, movies, ratings (names are the GroupLens
    /// file names).
    pub expected: [FileLineage; 3],
}

impl DemoFiles {
    /// The bytes of one file.
    pub fn file(&self, kind: FileKind) -> &[u8] {
        match kind {
            FileKind::Users => &self.users,
            FileKind::Movies => &self.movies,
            FileKind::Ratings => &self.ratings,
        }
    }

    /// The expected lineage of one file.
    pub fn expected(&self, kind: FileKind) -> &FileLineage {
        &self.expected[kind as usize]
    }

    /// Cleans the three files. Their kinds are known, so nothing is
    /// sniffed: each goes straight to the load, in chunks like a file.
    ///
    /// ```
    /// use movielens_core::demo::{generate, DemoConfig};
    /// use movielens_core::lineage::native_clock;
    /// let files = generate(&DemoConfig { ratings: 5_000, seed: 2, dirty: true });
    /// let cleaned = files.load(native_clock);
    /// assert_eq!(cleaned.lineage.ratings, files.expected[2]);
    /// ```
    pub fn load(&self, clock: crate::lineage::Clock) -> crate::clean::Cleaned {
        let mut plan = Plan::new(FileKind::ALL.len());
        for (i, kind) in FileKind::ALL.into_iter().enumerate() {
            let name = kind.file_name();
            plan.add_sniffed(
                i,
                name,
                name,
                Sniffed::Table(kind, crate::vocab::Format::Dat),
            )
            .expect("three kinds, once each, under their own names");
        }
        let mut load = plan.start(clock).expect("every kind is given");
        while let Some((kind, _)) = load.next_table() {
            load.feed_all(self.file(kind));
        }
        load.finish()
    }

    /// The three files as a zip laid out like GroupLens' `ml-1m.zip`
    /// (`ml-1m/users.dat`, ... and a README).
    ///
    /// # Errors
    /// Only if the zip writer fails, which writing to memory does not.
    pub fn to_zip(&self) -> Result<Vec<u8>, zip::result::ZipError> {
        use std::io::Write;
        let mut zip = zip::ZipWriter::new(std::io::Cursor::new(Vec::new()));
        let options = zip::write::SimpleFileOptions::default()
            .compression_method(zip::CompressionMethod::Deflated);
        zip.add_directory("ml-1m/", options)?;
        zip.start_file("ml-1m/README", options)?;
        zip.write_all(README.as_bytes())?;
        for kind in [FileKind::Movies, FileKind::Ratings, FileKind::Users] {
            zip.start_file(format!("ml-1m/{}", kind.file_name()), options)?;
            zip.write_all(self.file(kind))?;
        }
        Ok(zip.finish()?.into_inner())
    }
}

/// The README written beside generated files.
pub const README: &str = "SYNTHETIC MovieLens-1M-shaped data made by `movielens generate`.\n\
It is not the GroupLens data set: every user, movie and rating is invented.\n\
The real MovieLens 1M can be downloaded from https://grouplens.org/datasets/movielens/1m/\n";

const AGE_WEIGHTS: [f64; 7] = [222.0, 1103.0, 2096.0, 1193.0, 550.0, 496.0, 380.0];
const OCCUPATION_WEIGHTS: [f64; 21] = [
    711.0, 528.0, 267.0, 173.0, 759.0, 112.0, 236.0, 679.0, 17.0, 92.0, 195.0, 129.0, 388.0, 142.0,
    302.0, 144.0, 241.0, 502.0, 70.0, 72.0, 281.0,
];
const GENRE_WEIGHTS: [f64; 18] = [
    503.0, 283.0, 105.0, 251.0, 1200.0, 211.0, 127.0, 1603.0, 68.0, 44.0, 343.0, 114.0, 106.0,
    471.0, 276.0, 492.0, 143.0, 68.0,
];
/// How much women (positive) or men (negative) like each genre more.
const GENRE_GENDER_TILT: [f64; 18] = [
    -0.12, -0.05, 0.08, 0.10, 0.03, -0.05, 0.05, 0.06, 0.02, -0.06, -0.12, 0.18, 0.0, 0.16, -0.10,
    -0.04, -0.14, -0.12,
];

/// A generated user.
struct User {
    id: u32,
    female: bool,
    age: u8,
    occupation: u8,
    zip: String,
}

/// A rating row: user, movie, stars, time.
type RatingRow = (u32, u32, u8, u32);

/// A generated movie, with what drives its ratings.
struct Movie {
    id: u32,
    /// Sum of the genres' gender tilts (worked out once per movie).
    tilt: f64,
    year: u16,
    genres: u32,
    quality: f64,
    gender_skew: f64,
    popularity: f64,
    /// The title without its year, and whether it is written in Latin-1.
    title: String,
    latin1: bool,
}

/// Generates the three files.
///
/// ```
/// use movielens_core::demo::{generate, DemoConfig};
/// let files = generate(&DemoConfig { ratings: 2_000, seed: 7, dirty: false });
/// let cleaned = movielens_core::load::load_bytes(&[
///     ("users.dat", &files.users[..]), ("movies.dat", &files.movies), ("ratings.dat", &files.ratings),
/// ]).unwrap();
/// assert_eq!(cleaned.ratings.len(), 2_000);
/// assert!(cleaned.rejects.is_empty());
/// ```
pub fn generate(config: &DemoConfig) -> DemoFiles {
    if config.dirty {
        generate_as::<true>(config)
    } else {
        generate_as::<false>(config)
    }
}

/// The page's demo: [`generate`] with [`DemoConfig::default`] (clean), in
/// a copy without the code that makes dirty data (smaller in wasm).
///
/// ```
/// use movielens_core::demo::{demo, generate, DemoConfig};
/// assert_eq!(demo().ratings, generate(&DemoConfig::default()).ratings);
/// ```
pub fn demo() -> DemoFiles {
    generate_as::<false>(&DemoConfig::default())
}

fn generate_as<const DIRTY: bool>(config: &DemoConfig) -> DemoFiles {
    let mut rng = Rng::new(config.seed);
    // Dirty data refers to users 3 and 5 and needs a few hundred rows.
    let n_ratings = if DIRTY {
        config.ratings.max(1_000)
    } else {
        config.ratings.max(1)
    };
    let n_users = ml1m_users(n_ratings);
    let users = make_users(&mut rng, n_users);
    let movies = make_movies(&mut rng, ML1M_MOVIES);
    // Ratings per user: 20 each plus a long-tailed share of the rest.
    let counts = split_counts(&mut rng, n_ratings, n_users as usize, ML1M_USER_CAP);
    let (ratings, rating_rows) = make_ratings(&mut rng, &users, &movies, &counts, DIRTY);
    let (movies_out, latin1_titles) = write_movies(&movies);

    let mut expected = [
        FileLineage::new(FileKind::Users),
        FileLineage::new(FileKind::Movies),
        FileLineage::new(FileKind::Ratings),
    ];
    expected[0].accepted = users.len() as u64;
    expected[1].accepted = movies.len() as u64;
    expected[1].warnings[Warning::Latin1.index()] = latin1_titles;
    expected[2].accepted = n_ratings;
    let mut files = DemoFiles {
        users: write_users(&users),
        movies: movies_out,
        ratings,
        expected,
    };
    if DIRTY {
        let last_user = users.last().map_or(0, |u| u.id);
        let ids: Vec<u32> = movies.iter().map(|m| m.id).collect();
        dirty::inject(&mut rng, &mut files, last_user, &ids, &rating_rows);
    }
    for exp in files.expected.iter_mut() {
        exp.lines = exp.blank + exp.accepted + exp.rejected_total();
    }
    let sizes = [files.users.len(), files.movies.len(), files.ratings.len()];
    for (exp, size) in files.expected.iter_mut().zip(sizes) {
        exp.bytes = size as u64;
    }
    files
}

/// The most movies one user rates in the ML-1M generator (60 % of them).
const ML1M_USER_CAP: u64 = ML1M_MOVIES as u64 * 6 / 10;

/// Users for `n_ratings` ratings: as many as keep ML-1M's mean of ~166
/// ratings per user (all 6,040 at full size), and never so many that 20
/// each would not fit.
fn ml1m_users(n_ratings: u64) -> u32 {
    ((n_ratings * u64::from(ML1M_USERS) + ML1M_RATINGS / 2) / ML1M_RATINGS)
        .min(n_ratings / MIN_RATINGS_PER_USER)
        .clamp(1, u64::from(ML1M_USERS)) as u32
}

/// The most ratings the ML-1M generator makes exactly (14,067,160: 6,040
/// users rating at most 2,329 movies each); [`generate`] makes fewer than
/// asked beyond it, so callers check with [`DemoConfig::check`].
pub fn ml1m_capacity() -> u64 {
    u64::from(ML1M_USERS) * ML1M_USER_CAP
}

impl DemoConfig {
    /// Whether [`generate`] makes exactly `ratings` accepted ratings.
    ///
    /// ```
    /// use movielens_core::demo::DemoConfig;
    /// assert!(DemoConfig::default().check().is_ok());
    /// let big = DemoConfig { ratings: 25_000_000, ..DemoConfig::default() };
    /// assert!(big.check().unwrap_err().to_string().contains("14,067,160"));
    /// ```
    ///
    /// # Errors
    /// No ratings, more than [`ml1m_capacity`], or dirty data with fewer
    /// than 1,000 ratings (its faults refer to a few hundred rows).
    pub fn check(&self) -> Result<(), releases::ShapeError> {
        if self.dirty && self.ratings < 1_000 {
            return Err(releases::ShapeError(format!(
                "ml-1m: dirty data needs at least 1,000 ratings, not {}",
                self.ratings
            )));
        }
        let mut config = releases::ReleaseConfig::new(releases::Release::Ml1m);
        config.ratings = Some(self.ratings);
        config.resolve().map(|_| ())
    }
}

/// Users 1..=n with ML-1M's shares of women, age groups and occupations.
fn make_users(rng: &mut Rng, n: u32) -> Vec<User> {
    let mut users = Vec::with_capacity(n as usize);
    for id in 1..=n {
        let female = rng.unit() < 0.283;
        let age = AGE_GROUPS[rng.weighted(&AGE_WEIGHTS)].0;
        let occupation = rng.weighted(&OCCUPATION_WEIGHTS) as u8;
        let zip = if rng.unit() < 0.03 {
            format!("{:05}-{:04}", rng.below(100_000), rng.below(10_000))
        } else {
            format!("{:05}", rng.below(100_000))
        };
        users.push(User {
            id,
            female,
            age,
            occupation,
            zip,
        });
    }
    users
}

/// `n` movies with ids 1..=3952 and gaps (69 at ML-1M's 3,883 movies), their
/// years, genres, titles and what drives their ratings.
fn make_movies(rng: &mut Rng, n: u32) -> Vec<Movie> {
    let max_id = ML1M_MAX_MOVIE_ID.max(n);
    let mut ids: Vec<u32> = (1..=max_id).collect();
    for _ in 0..(max_id - n) {
        let at = rng.below(ids.len() as u64) as usize;
        ids.remove(at);
    }
    let mut movies: Vec<Movie> = Vec::with_capacity(n as usize);
    for &id in &ids {
        let year = match rng.unit() {
            u if u < 0.6 => 1990 + rng.below(11) as u16,
            u if u < 0.85 => 1970 + rng.below(20) as u16,
            _ => 1919 + rng.below(51) as u16,
        };
        let mut genres = 1u32 << rng.weighted(&GENRE_WEIGHTS);
        let extra = rng.weighted(&[0.45, 0.4, 0.15]);
        for _ in 0..extra {
            genres |= 1 << rng.weighted(&GENRE_WEIGHTS);
        }
        let rank_noise = rng.unit();
        let recent = if year >= 1995 { 1.6 } else { 1.0 };
        let mut movie = Movie {
            id,
            tilt: genre_tilt(genres),
            year,
            genres,
            quality: rng.normal() * 0.42,
            gender_skew: rng.normal() * 0.15,
            // About 4.5% of movies are never rated, as in ML-1M.
            popularity: if rng.unit() < 0.045 {
                0.0
            } else {
                recent * (0.05 + rank_noise.powf(6.0)) * (1.0 + rng.normal().abs())
            },
            title: String::new(),
            latin1: false,
        };
        (movie.title, movie.latin1) = make_title(rng, year);
        movies.push(movie);
    }
    movies
}

/// The ratings file: `counts[u]` distinct movies for user `u`, drawn by
/// popularity, with stars and times. With `keep_rows`, also the rows, for
/// the dirty faults to refer to.
fn make_ratings(
    rng: &mut Rng,
    users: &[User],
    movies: &[Movie],
    counts: &[u64],
    keep_rows: bool,
) -> (Vec<u8>, Vec<RatingRow>) {
    let popularity: Vec<f64> = movies.iter().map(|m| m.popularity).collect();
    let alias = Alias::new(&popularity);
    // The last user to draw each movie: a user rates a movie once.
    let mut stamp = vec![u32::MAX; movies.len()];
    let total: u64 = counts.iter().sum();
    let mut ratings = Vec::with_capacity(total as usize * 26);
    let mut rating_rows: Vec<RatingRow> = Vec::new();
    for (u, &count) in counts.iter().enumerate() {
        let user = &users[u];
        let bias = rng.normal() * 0.35;
        let start = user_start(rng);
        let mut chosen = 0;
        let mut tries = 0u64;
        let mut next_fill = rng.below(movies.len() as u64) as usize;
        while chosen < count {
            // Popular movies first; when they run out, the next unrated ones.
            let m = if tries < count * 40 {
                tries += 1;
                alias.draw(rng)
            } else {
                next_fill = (next_fill + 1) % movies.len();
                next_fill
            };
            if stamp[m] == u as u32 {
                continue;
            }
            stamp[m] = u as u32;
            chosen += 1;
            let movie = &movies[m];
            let stars = stars_for(rng, movie, user.female, bias);
            let ts = rating_time(rng, start);
            if keep_rows {
                rating_rows.push((user.id, movie.id, stars, ts));
            }
            push_rating(&mut ratings, user.id, movie.id, stars, ts);
        }
    }
    (ratings, rating_rows)
}

/// The users file.
fn write_users(users: &[User]) -> Vec<u8> {
    let mut out = Vec::with_capacity(users.len() * 24);
    for u in users {
        let g = if u.female { 'F' } else { 'M' };
        let (id, age, occ, zip) = (u.id, u.age, u.occupation, &u.zip);
        out.extend_from_slice(format!("{id}::{g}::{age}::{occ}::{zip}\n").as_bytes());
    }
    out
}

/// The movies file, and how many of its titles are written in Latin-1.
fn write_movies(movies: &[Movie]) -> (Vec<u8>, u64) {
    let mut out = Vec::with_capacity(movies.len() * 48);
    let mut latin1_titles = 0;
    for movie in movies {
        let genres: Vec<&str> = crate::model::genre_names(movie.genres).collect();
        let line = format!(
            "{}::{} ({})::{}\n",
            movie.id,
            movie.title,
            movie.year,
            genres.join("|")
        );
        out.extend_from_slice(&encode(&line, movie.latin1));
        latin1_titles += u64::from(movie.latin1);
    }
    (out, latin1_titles)
}

/// Appends `user::movie::stars::ts\n` (by hand: `write!` is slow enough
/// to matter for a million lines in the browser).
fn push_rating(out: &mut Vec<u8>, user: u32, movie: u32, stars: u8, ts: u32) {
    push_number(out, user);
    out.extend_from_slice(b"::");
    push_number(out, movie);
    out.extend_from_slice(b"::");
    out.push(b'0' + stars);
    out.extend_from_slice(b"::");
    push_number(out, ts);
    out.push(b'\n');
}

fn push_number(out: &mut Vec<u8>, mut v: u32) {
    let mut digits = [0u8; 10];
    let mut i = digits.len();
    loop {
        i -= 1;
        digits[i] = b'0' + (v % 10) as u8;
        v /= 10;
        if v == 0 {
            break;
        }
    }
    out.extend_from_slice(&digits[i..]);
}

/// Splits `total` into `n` counts, each at least [`MIN_RATINGS_PER_USER`]
/// and at most `cap`, long-tailed like ML-1M's ratings per user.
fn split_counts(rng: &mut Rng, total: u64, n: usize, cap: u64) -> Vec<u64> {
    let floor = MIN_RATINGS_PER_USER.min(total / n as u64);
    let weights: Vec<f64> = (0..n).map(|_| (rng.normal() * 1.15).exp()).collect();
    let mut counts = vec![floor; n];
    let mut left = total - floor * n as u64;
    // Largest-remainder apportionment, repeated while caps bind.
    while left > 0 {
        let open: Vec<usize> = (0..n).filter(|&i| counts[i] < cap).collect();
        if open.is_empty() {
            break;
        }
        let wsum: f64 = open.iter().map(|&i| weights[i]).sum();
        let mut given = 0;
        let mut rema: Vec<(f64, usize)> = Vec::with_capacity(open.len());
        for &i in &open {
            let share = left as f64 * weights[i] / wsum;
            let whole = (share.floor() as u64).min(cap - counts[i]);
            counts[i] += whole;
            given += whole;
            rema.push((share - share.floor(), i));
        }
        left -= given;
        if given == 0 {
            crate::sorting::sort_by(&mut rema, |a, b| b.0.total_cmp(&a.0).then(a.1.cmp(&b.1)));
            for &(_, i) in rema.iter().cycle().take(left as usize * 2) {
                if left == 0 {
                    break;
                }
                if counts[i] < cap {
                    counts[i] += 1;
                    left -= 1;
                }
            }
        }
    }
    counts
}

fn user_start(rng: &mut Rng) -> u32 {
    let span = f64::from(LAST_TS - FIRST_TS);
    // Most of ML-1M was rated in the second half of 2000.
    let offset = if rng.unit() < 0.85 {
        rng.unit().powf(0.7) * 250.0 * 86_400.0
    } else {
        rng.unit() * span
    };
    let t = FIRST_TS + offset.min(span) as u32;
    // Sessions start at a plausible hour (UTC; most raters were in the
    // Americas): few at 9-13 UTC, many in the US evening.
    let day = t - t % 86_400;
    let hour = rng.weighted(&HOUR_WEIGHTS) as u32;
    (day + hour * 3600 + rng.below(3600) as u32).clamp(FIRST_TS, LAST_TS)
}

/// Relative share of rating sessions starting at each UTC hour.
const HOUR_WEIGHTS: [f64; 24] = [
    9.0, 8.5, 7.5, 6.0, 4.5, 3.2, 2.2, 1.6, 1.3, 1.2, 1.3, 1.6, 2.0, 2.6, 3.4, 4.3, 5.0, 5.6, 6.2,
    6.8, 7.4, 8.0, 8.6, 9.0,
];

fn rating_time(rng: &mut Rng, start: u32) -> u32 {
    let offset = if rng.unit() < 0.85 {
        -(rng.unit().max(1e-12)).ln() * 3_600.0 * 4.0
    } else {
        -(rng.unit().max(1e-12)).ln() * 86_400.0 * 60.0
    };
    (f64::from(start) + offset).min(f64::from(LAST_TS)) as u32
}

fn genre_tilt(genres: u32) -> f64 {
    let mut tilt = 0.0;
    for (g, t) in GENRE_GENDER_TILT.iter().enumerate() {
        if genres & (1 << g) != 0 {
            tilt += t;
        }
    }
    tilt
}

fn stars_for(rng: &mut Rng, movie: &Movie, female: bool, bias: f64) -> u8 {
    let tilt = movie.tilt;
    let sign = if female { 1.0 } else { -0.4 };
    let latent =
        3.68 + movie.quality + bias + sign * (tilt + movie.gender_skew) + rng.normal() * 0.95;
    match latent {
        x if x < 1.9 => 1,
        x if x < 2.62 => 2,
        x if x < 3.47 => 3,
        x if x < 4.55 => 4,
        _ => 5,
    }
}

mod dirty;
pub mod releases;
mod rng;
mod titles;
