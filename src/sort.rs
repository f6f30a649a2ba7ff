//! How the page's tables sort their rows by a column's text: numbers as
//! numbers (as the page writes them: "1,234", "36.2 %", "12.5 days"), text
//! case-insensitively, and empty cells or a dash last in both directions.

use std::cmp::Ordering;

/// A cell's sort key.
#[derive(Debug, Clone, PartialEq)]
pub enum Key {
    /// The cell's leading number, thousands separators dropped.
    Number(f64),
    /// The cell's text in lower case.
    Text(String),
}

impl Key {
    /// The key of a cell's text; `None` for an empty cell or a dash.
    ///
    /// ```
    /// use movielens_web::sort::Key;
    /// assert_eq!(Key::of("1,000,209"), Some(Key::Number(1_000_209.0)));
    /// assert_eq!(Key::of("12.5 days"), Some(Key::Number(12.5)));
    /// assert_eq!(Key::of("Zip"), Some(Key::Text("zip".into())));
    /// assert_eq!(Key::of(" – "), None);
    /// ```
    pub fn of(text: &str) -> Option<Key> {
        let t = text.trim();
        if matches!(t, "" | "–" | "-" | "—") {
            return None;
        }
        let first = t.split_whitespace().next().unwrap_or("");
        let digits: String = first.chars().filter(|c| *c != ',').collect();
        match digits.parse::<f64>() {
            Ok(v) if v.is_finite() => Some(Key::Number(v)),
            _ => Some(Key::Text(t.to_lowercase())),
        }
    }
}

/// The order of two cells: numbers before text, missing keys last
/// whatever the direction.
pub fn compare(a: &Option<Key>, b: &Option<Key>, descending: bool) -> Ordering {
    let order = |x: &Key, y: &Key| match (x, y) {
        (Key::Number(p), Key::Number(q)) => p.total_cmp(q),
        (Key::Number(_), Key::Text(_)) => Ordering::Less,
        (Key::Text(_), Key::Number(_)) => Ordering::Greater,
        (Key::Text(p), Key::Text(q)) => p.cmp(q),
    };
    match (a, b) {
        (None, None) => Ordering::Equal,
        (None, Some(_)) => Ordering::Greater,
        (Some(_), None) => Ordering::Less,
        (Some(x), Some(y)) if descending => order(y, x),
        (Some(x), Some(y)) => order(x, y),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn sorted(cells: &[&str], descending: bool) -> Vec<String> {
        let mut v: Vec<(Option<Key>, &str)> = cells.iter().map(|c| (Key::of(c), *c)).collect();
        v.sort_by(|a, b| compare(&a.0, &b.0, descending));
        v.into_iter().map(|(_, c)| c.to_owned()).collect()
    }

    #[test]
    fn numbers_sort_as_numbers_and_dashes_go_last() {
        let cells = ["1,234", "–", "99", "ratings.dat", "", "1,000,209", "2.5", "Movies.dat"];
        assert_eq!(
            sorted(&cells, false),
            ["2.5", "99", "1,234", "1,000,209", "Movies.dat", "ratings.dat", "–", ""]
        );
        assert_eq!(
            sorted(&cells, true),
            ["ratings.dat", "Movies.dat", "1,000,209", "1,234", "99", "2.5", "–", ""]
        );
    }

    #[test]
    fn equal_keys_keep_their_order() {
        assert_eq!(sorted(&["b 1", "a", "B 1"], false), ["a", "b 1", "B 1"]);
    }
}
