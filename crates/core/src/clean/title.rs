//! Movie titles: the release year from a trailing `(YYYY)`, and a display
//! form with a trailing article moved to the front.

/// Articles that MovieLens moves behind a comma ("Matrix, The").
const ARTICLES: [&str; 22] = [
    "The", "A", "An", "Les", "La", "Le", "L'", "Il", "Lo", "Gli", "I", "Das", "Der", "Die", "Den",
    "Det", "El", "Los", "Las", "Un", "Une", "Una",
];

/// Splits a trailing `(YYYY)` off a title.
///
/// ```
/// use movielens_core::clean::title::split_year;
/// assert_eq!(split_year("Toy Story (1995)"), ("Toy Story", Some(1995)));
/// assert_eq!(split_year("Shanghai Triad (Yao a yao yao dao waipo qiao) (1995)"),
///            ("Shanghai Triad (Yao a yao yao dao waipo qiao)", Some(1995)));
/// assert_eq!(split_year("1900 (Novecento)"), ("1900 (Novecento)", None));
/// ```
pub fn split_year(title: &str) -> (&str, Option<u16>) {
    let t = title.trim_end();
    let b = t.as_bytes();
    if b.len() >= 6 {
        let tail = &b[b.len() - 6..];
        if tail[0] == b'(' && tail[5] == b')' && tail[1..5].iter().all(u8::is_ascii_digit) {
            let year = tail[1..5]
                .iter()
                .fold(0u16, |y, d| y * 10 + u16::from(d - b'0'));
            // `(` is ASCII, so this is a char boundary.
            return (t[..t.len() - 6].trim_end(), Some(year));
        }
    }
    (t, None)
}

/// The display form of a title without its year: a trailing article of the
/// main title moves to the front; alternate titles in parentheses stay.
///
/// ```
/// use movielens_core::clean::title::display_title;
/// assert_eq!(display_title("Matrix, The"), "The Matrix");
/// assert_eq!(display_title("City of Lost Children, The (Cité des enfants perdus, La)"),
///            "The City of Lost Children (Cité des enfants perdus, La)");
/// assert_eq!(display_title("Homme d'à côté, L'"), "L'Homme d'à côté");
/// assert_eq!(display_title("Crying Game, Them"), "Crying Game, Them");
/// ```
pub fn display_title(name: &str) -> String {
    let (main, rest) = match name.find(" (") {
        Some(i) => name.split_at(i),
        None => (name, ""),
    };
    if let Some(comma) = main.rfind(", ") {
        let article = &main[comma + 2..];
        if ARTICLES.contains(&article) {
            let head = &main[..comma];
            return if article.ends_with('\'') {
                format!("{article}{head}{rest}")
            } else {
                format!("{article} {head}{rest}")
            };
        }
    }
    name.to_owned()
}
