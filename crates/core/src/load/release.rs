//! Recognising the MovieLens release a set of files comes from, and the
//! files a load does not need: from their content (headers, separators)
//! first, from their names where the content cannot tell (`u.info`, a
//! folder `ml-25m/`). A [`Plan`](super::Plan) gathers the [`Evidence`] of
//! every input; it decides only when tables are missing, to name the
//! release given instead of a file it lacks.

use serde::{Deserialize, Serialize};

use crate::ingest::kind::{sniff, Sniffed};
use crate::ingest::lines::split_fields;
use crate::lineage::Lineage;
use crate::model::ReleaseKey;
use crate::vocab::{Format, Release};

/// Nonblank lines sampled for a vote on the shape of a file.
const SAMPLE_LINES: usize = 50;

/// Lines with half stars (`3.5`) that make `::` ratings those of ML-10M.
/// One would be a dirty ML-1M line (it is rejected as `invalid_rating`).
const HALF_STARS: usize = 3;

/// An input the load does not need, and why.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Ignored {
    /// As the input was named in the lineage (its file or entry name).
    pub name: String,
    /// Why it is not read.
    pub why: Unneeded,
}

/// Why an input is not read.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Unneeded {
    /// Not one of the three tables: a README, `links.csv`, `.DS_Store`, ...
    NotATable,
    /// A zip given beside the tables themselves: the tables are read.
    ZipBesideTables,
    /// One of ML-100K's training and test splits (`u1.base` ..
    /// `ub.test`): its ratings are those of `u.data`, which is read.
    Split,
}

impl Unneeded {
    /// In a sentence: `not needed`.
    pub fn text(self) -> &'static str {
        match self {
            Unneeded::NotATable => "not needed",
            Unneeded::ZipBesideTables => "a zip beside the tables",
            Unneeded::Split => "a split of u.data, whose ratings are read",
        }
    }
}

/// What the inputs of a load say about their release.
#[derive(Debug, Default, Clone)]
pub struct Evidence {
    /// Inputs whose content has the shape of ML-100K, ML-10M, a CSV release.
    content: [usize; 3],
    /// The release the first telling file or folder name says.
    named: Option<Release>,
}

impl Evidence {
    /// Notes what input `name`, starting with `prefix`, says.
    pub fn add(&mut self, name: &str, prefix: &[u8]) {
        self.note(name, from_content(prefix));
    }

    /// Notes what input `name` says, its content's release already known
    /// ([`from_sniffed`]).
    pub fn note(&mut self, name: &str, content: Option<Release>) {
        match content {
            Some(Release::Ml100k) => self.content[0] += 1,
            Some(Release::Ml10m) => self.content[1] += 1,
            Some(Release::Csv(_)) => self.content[2] += 1,
            Some(Release::Ml1m) | None => {}
        }
        if self.named.is_none() {
            self.named = from_name(name);
        }
    }

    /// The release the first telling file or folder name says.
    pub fn named(&self) -> Option<Release> {
        self.named
    }

    /// The release the inputs are from, if they say: what most contents
    /// say, else what a name says. A CSV release takes its number from a
    /// name (`ml-25m.zip`).
    pub fn release(&self) -> Option<Release> {
        let (best, &votes) = self
            .content
            .iter()
            .enumerate()
            .max_by_key(|&(i, v)| (*v, std::cmp::Reverse(i)))
            .expect("three candidates");
        if votes == 0 {
            return self.named;
        }
        Some(match best {
            0 => Release::Ml100k,
            1 => Release::Ml10m,
            _ => match self.named {
                Some(csv @ Release::Csv(_)) => csv,
                _ => Release::Csv(None),
            },
        })
    }
}

/// The release a file's first bytes have the shape of (ML-1M tables say
/// nothing: they are what is read).
///
/// ```
/// use movielens_core::load::release::from_content;
/// use movielens_core::vocab::Release;
/// assert_eq!(from_content(b"196\t242\t3\t881250949\n"), Some(Release::Ml100k));
/// assert_eq!(from_content(b"userId,movieId,rating,timestamp\n1,1,4.0,964982703\n"), Some(Release::Csv(None)));
/// assert_eq!(from_content(b"1::1193::5::978300760\n"), None);
/// ```
pub fn from_content(prefix: &[u8]) -> Option<Release> {
    from_sniffed(prefix, sniff(prefix, "").ok())
}

/// [`from_content`] of a prefix already [sniffed](sniff): what `sniff`
/// made of it, its error as `None`.
pub fn from_sniffed(prefix: &[u8], sniffed: Option<Sniffed>) -> Option<Release> {
    let text = String::from_utf8_lossy(prefix);
    let text = text.strip_prefix('\u{feff}').unwrap_or(&text);
    let mut lines = text.lines().map(str::trim).filter(|l| !l.is_empty());
    let first = lines.next()?;
    if is_csv_header(first) {
        return Some(Release::Csv(None));
    }
    let sample: Vec<&str> = std::iter::once(first)
        .chain(lines.clone().take(SAMPLE_LINES - 1))
        .collect();
    let most =
        |shape: fn(&str) -> bool| 2 * sample.iter().filter(|l| shape(l)).count() > sample.len();
    // ML-100K's tables are recognised as tables (the same votes as `sniff`).
    if let Some(Sniffed::Table(_, Format::Tab | Format::Pipe)) = sniffed {
        return Some(Release::Ml100k);
    }
    let half_stars = std::iter::once(first)
        .chain(lines)
        .filter(|l| half_star(l))
        .count();
    if most(tag_10m) || half_stars >= HALF_STARS {
        return Some(Release::Ml10m);
    }
    None
}

/// The release a path names: a folder or zip (`ml-100k/`, `ml-25m.zip`)
/// or a file only one release has (`u.info`, `tags.dat`).
///
/// ```
/// use movielens_core::load::release::from_name;
/// use movielens_core::vocab::Release;
/// assert_eq!(from_name("ml-25m.zip/ml-25m/links.csv"), Some(Release::Csv(Some("25M"))));
/// assert_eq!(from_name("u.info"), Some(Release::Ml100k));
/// assert_eq!(from_name("README.txt"), None);
/// ```
pub fn from_name(path: &str) -> Option<Release> {
    const FOLDERS: [(&str, Release); 8] = [
        ("ml-100k", Release::Ml100k),
        ("ml-10m", Release::Ml10m),
        ("ml-1m", Release::Ml1m),
        ("ml-20m", Release::Csv(Some("20M"))),
        ("ml-25m", Release::Csv(Some("25M"))),
        ("ml-32m", Release::Csv(Some("32M"))),
        ("ml-latest-small", Release::Csv(Some("latest-small"))),
        ("ml-latest", Release::Csv(Some("latest"))),
    ];
    let parts: Vec<String> = path
        .split(['/', '\\'])
        .map(|p| p.to_ascii_lowercase())
        .collect();
    for part in &parts {
        if let Some((_, release)) = FOLDERS.iter().find(|(f, _)| part.starts_with(f)) {
            return Some(*release);
        }
    }
    let base = parts.last().map_or("", String::as_str);
    let u_file = base.strip_prefix('u').is_some_and(|rest| {
        let (split, ext) = rest.split_once('.').unwrap_or((rest, ""));
        split.len() <= 1
            && matches!(
                ext,
                "data" | "user" | "item" | "info" | "genre" | "occupation" | "base" | "test"
            )
    });
    match base {
        _ if u_file => Some(Release::Ml100k),
        "tags.dat" => Some(Release::Ml10m),
        _ => None,
    }
}

/// Whether a path names one of ML-100K's splits of `u.data` (`u1.base`,
/// `u5.test`, `ua.base`, `ub.test`).
///
/// ```
/// use movielens_core::load::release::is_split;
/// assert!(is_split("ml-100k/u1.base") && is_split("ub.test"));
/// assert!(!is_split("u.data") && !is_split("u1.data"));
/// ```
pub fn is_split(path: &str) -> bool {
    let base = path.rsplit(['/', '\\']).next().unwrap_or(path);
    let Some((stem, ext)) = base.split_once('.') else {
        return false;
    };
    matches!(ext, "base" | "test")
        && stem.len() == 2
        && stem.starts_with('u')
        && matches!(stem.as_bytes()[1], b'1'..=b'5' | b'a' | b'b')
}

/// The release key of a load: ML-1M, ML-100K and ML-10M from the files'
/// formats (`decided`); a CSV release from a name (`ml-25m.zip`) or, when
/// no name tells, from the count of rating records, which is exact for
/// each fixed release (ml-latest changes with every issue: only its name
/// tells).
pub fn key(decided: ReleaseKey, named: Option<Release>, lineage: &Lineage) -> ReleaseKey {
    if decided != ReleaseKey::Unknown {
        return decided;
    }
    let by_name = match named {
        Some(Release::Csv(Some(which))) => match which {
            "20M" => Some(ReleaseKey::Ml20m),
            "25M" => Some(ReleaseKey::Ml25m),
            "32M" => Some(ReleaseKey::Ml32m),
            "latest-small" => Some(ReleaseKey::MlLatestSmall),
            "latest" => Some(ReleaseKey::MlLatest),
            _ => None,
        },
        _ => None,
    };
    let r = &lineage.ratings;
    let records = r.lines - r.blank - r.header;
    by_name.unwrap_or(match records {
        20_000_263 => ReleaseKey::Ml20m,
        25_000_095 => ReleaseKey::Ml25m,
        32_000_204 => ReleaseKey::Ml32m,
        100_836 => ReleaseKey::MlLatestSmall,
        _ => ReleaseKey::Unknown,
    })
}

fn digits(s: &str) -> bool {
    !s.is_empty() && s.bytes().all(|b| b.is_ascii_digit())
}

/// The header of a file of a CSV release (ratings, movies, tags, links,
/// genome scores and tags).
fn is_csv_header(line: &str) -> bool {
    const HEADERS: [&str; 6] = [
        "userid,movieid,rating,timestamp",
        "movieid,title,genres",
        "userid,movieid,tag,timestamp",
        "movieid,imdbid,tmdbid",
        "movieid,tagid,relevance",
        "tagid,tag",
    ];
    let line = line.replace('"', "").to_ascii_lowercase();
    HEADERS.contains(&line.as_str())
}

/// Splits a `::` record of exactly four fields (with the splitter the
/// tables use: no second string searcher in the wasm bundle).
fn four_fields(line: &str) -> Option<[&str; 4]> {
    let mut fields = [""; 5];
    (split_fields(line, &mut fields) == 4).then(|| [fields[0], fields[1], fields[2], fields[3]])
}

/// ML-10M's `tags.dat`: `user::movie::tag::timestamp`.
fn tag_10m(line: &str) -> bool {
    four_fields(line).is_some_and(|[u, m, tag, ts]| {
        digits(u)
            && digits(m)
            && digits(ts)
            && tag.bytes().any(|b| !b.is_ascii_digit() && b != b'.')
    })
}

/// An ML-10M rating with half a star: `user::movie::3.5::timestamp`.
fn half_star(line: &str) -> bool {
    four_fields(line).is_some_and(|[u, m, r, ts]| {
        digits(u) && digits(m) && digits(ts) && r.len() == 3 && r.ends_with(".5") && digits(&r[..1])
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    macro_rules! shapes {
        ($($case:ident: $bytes:expr => $release:expr;)*) => {$(
            #[test]
            fn $case() {
                assert_eq!(from_content($bytes), $release);
            }
        )*};
    }

    shapes! {
        u_data_is_100k: b"196\t242\t3\t881250949\n186\t302\t3\t891717742\n" => Some(Release::Ml100k);
        u_user_is_100k: b"1|24|M|technician|85711\n2|53|F|other|94043\n" => Some(Release::Ml100k);
        u_item_is_100k: b"1|Toy Story (1995)|01-Jan-1995||http://us.imdb.com/M/title-exact?Toy%20Story%20(1995)|0|0|0|1|1|1|0|0|0|0|0|0|0|0|0|0|0|0|0\n" => Some(Release::Ml100k);
        tags_are_10m: b"15::4973::excellent!::1215184630\n20::1747::politics::1188263867\n" => Some(Release::Ml10m);
        half_stars_are_10m: b"1::122::5::838985046\n1::185::3.5::838983525\n1::231::4.5::838983392\n1::292::2.5::838983421\n" => Some(Release::Ml10m);
        one_half_star_is_a_dirty_1m_line: b"1::122::5::978300760\n1::185::4.5::978300760\n1::231::4::978300760\n" => None;
        csv_ratings: b"userId,movieId,rating,timestamp\n1,1,4.0,964982703\n" => Some(Release::Csv(None));
        csv_movies_with_bom: b"\xEF\xBB\xBFmovieId,title,genres\n1,Toy Story (1995),Adventure\n" => Some(Release::Csv(None));
        csv_links: b"movieId,imdbId,tmdbId\n1,0114709,862\n" => Some(Release::Csv(None));
        csv_genome: b"movieId,tagId,relevance\n1,1,0.029\n" => Some(Release::Csv(None));
        headerless_csv_says_nothing: b"1,1,4.0,964982703\n1,3,4.0,964981247\n" => None;
        ml1m_ratings_say_nothing: b"1::1193::5::978300760\n" => None;
        ml1m_users_say_nothing: b"1::F::1::10::48067\n" => None;
        a_readme_says_nothing: b"SUMMARY\n=======\nThis dataset (ml-latest-small) describes...\n" => None;
        empty_says_nothing: b"" => None;
        binary_says_nothing: b"\0\0\0\x01Bud1\0\0\0" => None;
    }

    #[test]
    fn names_tell_where_content_cannot() {
        for (path, release) in [
            ("ml-100k/u.info", Some(Release::Ml100k)),
            ("u.genre", Some(Release::Ml100k)),
            ("u1.base", Some(Release::Ml100k)),
            ("ua.test", Some(Release::Ml100k)),
            ("users.dat", None),
            ("ml-10M100K/README.html", Some(Release::Ml10m)),
            ("tags.dat", Some(Release::Ml10m)),
            ("ml-1m.zip/ml-1m/README", Some(Release::Ml1m)),
            ("ML-20M\\links.csv", Some(Release::Csv(Some("20M")))),
            ("ml-32m.zip", Some(Release::Csv(Some("32M")))),
            (
                "ml-latest-small/links.csv",
                Some(Release::Csv(Some("latest-small"))),
            ),
            ("ml-latest/README.txt", Some(Release::Csv(Some("latest")))),
            ("README.txt", None),
            (".DS_Store", None),
        ] {
            assert_eq!(from_name(path), release, "{path}");
        }
    }

    #[test]
    fn evidence_prefers_content_and_takes_the_csv_number_from_a_name() {
        let mut e = Evidence::default();
        assert_eq!(e.release(), None);
        e.add("README.txt", b"MovieLens\n");
        assert_eq!(e.release(), None);
        e.add("ml-25m/links.csv", b"movieId,imdbId,tmdbId\n");
        assert_eq!(e.release(), Some(Release::Csv(Some("25M"))));
        let mut e = Evidence::default();
        e.add("u.info", b"943 users\n1682 items\n100000 ratings\n");
        assert_eq!(e.release(), Some(Release::Ml100k), "by name alone");
        e.add("ratings.csv", b"userId,movieId,rating,timestamp\n");
        e.add("movies.csv", b"movieId,title,genres\n");
        assert_eq!(
            e.release(),
            Some(Release::Csv(None)),
            "two contents over a name"
        );
    }
}
