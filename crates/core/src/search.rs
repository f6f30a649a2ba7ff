//! Finding a movie by its title as a person types it: accents folded
//! ("Amelie" finds "Amélie"), case and punctuation ignored, and MovieLens's
//! moved articles understood ("the matrix" and "matrix" both find
//! "Matrix, The (1999)", "la haine" finds "Haine, La (1995)").

use crate::analytics::MovieRef;
use crate::table::Dataset;

/// Leading articles (folded) that a title may or may not be typed with.
const ARTICLES: [&str; 21] = [
    "the", "a", "an", "l", "le", "la", "les", "lo", "gli", "il", "i", "das", "der", "die", "den",
    "det", "el", "los", "las", "un", "une",
];

/// A title as search compares it: lower case, Latin-1 and Windows-1252
/// letters folded to ASCII (`é` → `e`, `ß` → `ss`, `œ` → `oe`), letters
/// past Latin-1 kept as they are (no Unicode case tables: they would weigh
/// more in the worker's wasm than all of search), every run of other
/// characters one space. An apostrophe after a single letter
/// separates words (`L'Homme` → `l homme`), elsewhere it is dropped
/// (`Schindler's` → `schindlers`).
///
/// ```
/// use movielens_core::search::fold;
/// assert_eq!(fold("Amélie (Fabuleux destin d'Amélie Poulain, Le)"),
///            "amelie fabuleux destin d amelie poulain le");
/// assert_eq!(fold("  SCHINDLER'S  List!"), "schindlers list");
/// assert_eq!(fold("Æon Flux: Straße"), "aeon flux strasse");
/// ```
pub fn fold(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    // Letters since the last space.
    let mut word = 0usize;
    for c in text.chars() {
        // Latin-1's upper-case letters are 0x20 below their lower case.
        let c = match c {
            'A'..='Z' | 'À'..='Ö' | 'Ø'..='Þ' => char::from(c as u8 + 0x20),
            'Š' => 'š',
            'Ž' => 'ž',
            'Œ' => 'œ',
            'Ÿ' => 'ÿ',
            c => c,
        };
        let folded: &str = match c {
            'a'..='z' | '0'..='9' => {
                out.push(c);
                word += 1;
                continue;
            }
            '\'' | '’' | '`' => {
                if word == 1 {
                    " "
                } else {
                    ""
                }
            }
            'à'..='å' => "a",
            'æ' => "ae",
            'ç' => "c",
            'è'..='ë' => "e",
            'ì'..='ï' => "i",
            'ð' => "d",
            'ñ' => "n",
            'ò'..='ö' | 'ø' => "o",
            'ù'..='ü' => "u",
            'ý' | 'ÿ' => "y",
            'þ' => "th",
            'ß' => "ss",
            'š' => "s",
            'ž' => "z",
            'œ' => "oe",
            c if u32::from(c) >= 0x100 => {
                out.push(c);
                word += 1;
                continue;
            }
            _ => " ",
        };
        if folded == " " {
            if !out.is_empty() && !out.ends_with(' ') {
                out.push(' ');
            }
            word = 0;
        } else {
            out.push_str(folded);
            word += folded.len();
        }
    }
    if out.ends_with(' ') {
        out.pop();
    }
    out
}

/// A folded title without its leading article (`the matrix` → `matrix`).
fn bare(folded: &str) -> &str {
    match folded.split_once(' ') {
        Some((first, rest)) if ARTICLES.contains(&first) => rest,
        _ => folded,
    }
}

/// The folded titles of a dataset's movies, built once per load.
#[derive(Debug, Clone, Default)]
pub struct TitleIndex {
    /// Per movie row: the display title folded (`the matrix`), and the
    /// title as given folded (`matrix the 1999`).
    keys: Vec<(String, String)>,
}

impl TitleIndex {
    /// Folds every title of `ds`.
    pub fn new(ds: &Dataset) -> TitleIndex {
        TitleIndex {
            keys: ds
                .movies
                .display
                .iter()
                .zip(&ds.movies.title)
                .map(|(d, t)| (fold(d), fold(t)))
                .collect(),
        }
    }

    /// The movies whose title matches `query`, best first, at most `limit`.
    /// Better: the whole title (with or without its article), then the
    /// title's start, then a word's start, then every typed word starting
    /// a word of the title; within a rank, the most rated first, then the
    /// lower movie id. An empty query matches nothing.
    ///
    /// ```
    /// use movielens_core::search::TitleIndex;
    /// use movielens_core::{load::load_bytes, table::Dataset};
    /// let ds = Dataset::new(load_bytes(&[
    ///     ("users.dat", &b"1::F::1::10::48067\n"[..]),
    ///     ("movies.dat", "1::Matrix, The (1999)::Action\n2::Amélie (2001)::Comedy\n\
    ///                     3::Haine, La (1995)::Drama\n4::Animatrix (2003)::Action\n".as_bytes()),
    ///     ("ratings.dat", b"1::1::5::978300760\n"),
    /// ]).unwrap());
    /// let index = TitleIndex::new(&ds);
    /// let ids = |q: &str| -> Vec<u32> { index.search(&ds, q, 5).iter().map(|m| m.movie_id).collect() };
    /// assert_eq!(ids("the matrix"), [1]);
    /// assert_eq!(ids("MATRIX"), [1]);
    /// assert_eq!(ids("Matrix, The"), [1]);
    /// assert_eq!(ids("amelie"), [2]);
    /// assert_eq!(ids("la haine"), [3]);
    /// assert_eq!(ids("haine"), [3]);
    /// assert_eq!(ids("  "), Vec::<u32>::new());
    /// ```
    pub fn search(&self, ds: &Dataset, query: &str, limit: usize) -> Vec<MovieRef> {
        let q = fold(query);
        if q.is_empty() {
            return Vec::new();
        }
        let at_word = format!(" {q}");
        let tokens: Vec<&str> = q.split(' ').collect();
        // The best `limit`, kept in order as they come (no sort: a few
        // lines instead of a sort's code in the wasm).
        let mut found: Vec<(u8, std::cmp::Reverse<u32>, u32, usize)> = Vec::new();
        for (m, (display, title)) in self.keys.iter().enumerate() {
            let rank = if display == &q || bare(display) == q || bare(&q) == bare(display) {
                0
            } else if display.starts_with(&q) || bare(display).starts_with(&q) {
                1
            } else if display.contains(&at_word)
                || title.starts_with(&q)
                || title.contains(&at_word)
            {
                2
            } else if tokens.iter().all(|t| {
                display
                    .split(' ')
                    .chain(title.split(' '))
                    .any(|w| w.starts_with(t))
            }) {
                3
            } else {
                continue;
            };
            let key = (
                rank,
                std::cmp::Reverse(ds.movie_ratings[m]),
                ds.movies.id[m],
                m,
            );
            let at = found.iter().position(|f| key < *f).unwrap_or(found.len());
            if at < limit {
                found.insert(at, key);
                found.truncate(limit);
            }
        }
        found.iter().map(|&(.., m)| MovieRef::new(ds, m)).collect()
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::load::load_bytes;

    /// Table-driven: (query, the titles it must find first).
    #[test]
    fn titles_as_people_type_them() {
        // movies.dat in Latin-1 bytes, as ML-1M writes it.
        let mut movies: Vec<u8> = Vec::new();
        for line in [
            "1::Matrix, The (1999)::Action|Sci-Fi",
            "2::Amélie (Fabuleux destin d'Amélie Poulain, Le) (2001)::Comedy",
            "3::Haine, La (1995)::Drama",
            "4::Homme d'à côté, L' (1990)::Drama",
            "5::Schindler's List (1993)::Drama",
            "6::Blechtrommel, Die (1979)::Drama",
            "7::Matrix Reloaded, The (2003)::Action",
            "8::Boot, Das (1981)::War",
            "9::Postino, Il (1994)::Drama",
            "10::Mariachi, El (1992)::Action",
            "11::Man and a Woman, A (1966)::Romance",
            "12::American in Paris, An (1951)::Musical",
        ] {
            movies.extend(line.chars().map(|c| u8::try_from(c).expect("Latin-1")));
            movies.push(b'\n');
        }
        let ds = Dataset::new(
            load_bytes(&[
                ("users.dat", &b"1::F::1::10::48067\n"[..]),
                ("movies.dat", &movies[..]),
                ("ratings.dat", b"1::7::5::978300760\n"),
            ])
            .unwrap(),
        );
        assert_eq!(
            ds.movies.title[1],
            "Amélie (Fabuleux destin d'Amélie Poulain, Le) (2001)"
        );
        let index = TitleIndex::new(&ds);
        let cases: &[(&str, &[u32])] = &[
            ("the matrix", &[1, 7]),
            ("matrix", &[1, 7]),
            ("Matrix, The", &[1, 7]),
            ("matrix reloaded", &[7]),
            ("amelie", &[2]),
            ("AMÉLIE", &[2]),
            ("amelie poulain", &[2]),
            ("haine", &[3]),
            ("la haine", &[3]),
            ("l'homme", &[4]),
            ("homme d a cote", &[4]),
            ("schindlers", &[5]),
            ("schindler's list", &[5]),
            ("die blechtrommel", &[6]),
            ("das boot", &[8]),
            ("il postino", &[9]),
            ("el mariachi", &[10]),
            ("a man and a woman", &[11]),
            ("an american in paris", &[12]),
            ("reloaded 2003", &[7]),
            ("xyzzy", &[]),
            ("", &[]),
            ("'", &[]),
        ];
        for (query, want) in cases {
            let got: Vec<u32> = index
                .search(&ds, query, 10)
                .iter()
                .map(|m| m.movie_id)
                .take(want.len().max(1))
                .collect();
            let want: Vec<u32> = want.to_vec();
            if want.is_empty() {
                assert!(index.search(&ds, query, 10).is_empty(), "{query}");
            } else {
                assert_eq!(got, want, "{query}");
            }
        }
        // The more rated of two equal matches first: 7 has the rating.
        assert_eq!(index.search(&ds, "matr", 10)[0].movie_id, 7);
        assert_eq!(index.search(&ds, "matr", 1).len(), 1);
    }
}
