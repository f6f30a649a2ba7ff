//! How the page's tables sort their rows by a column's text: numbers as
//! numbers (as the page writes them: "1,234", "36.2 %", "12.5 days"), text
//! ignoring ASCII case, and empty cells or a dash last in both directions.

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
    /// assert_eq!(Key::of("-3"), Some(Key::Number(-3.0)));
    /// assert_eq!(Key::of("Zip"), Some(Key::Text("zip".into())));
    /// assert_eq!(Key::of("2000-12-31 22:00"), Some(Key::Text("2000-12-31 22:00".into())));
    /// assert_eq!(Key::of(" – "), None);
    /// ```
    pub fn of(text: &str) -> Option<Key> {
        let t = text.trim();
        if matches!(t, "" | "–" | "-" | "—") {
            return None;
        }
        let first = t.split_whitespace().next().unwrap_or("");
        Some(number(first).map_or_else(|| Key::Text(t.to_ascii_lowercase()), Key::Number))
    }
}

/// A number as the page writes it: digits with `,` between thousands, an
/// optional sign and fraction. By hand: `str::parse::<f64>` would link the
/// float parser's tables into the page (20 KB of wasm).
fn number(s: &str) -> Option<f64> {
    let (negative, s) = match s.strip_prefix('-') {
        Some(rest) => (true, rest),
        None => (false, s),
    };
    let (whole, fraction) = match s.split_once('.') {
        // "1." is not a number the page writes.
        Some((_, "")) => return None,
        Some(parts) => parts,
        None => (s, ""),
    };
    let digits =
        |part: &str| !part.is_empty() && part.bytes().all(|b| b.is_ascii_digit() || b == b',');
    if !digits(whole) || whole.starts_with(',') || !(fraction.is_empty() || digits(fraction)) {
        return None;
    }
    let mut value = 0.0;
    for b in whole.bytes().filter(u8::is_ascii_digit) {
        value = value * 10.0 + f64::from(b - b'0');
    }
    let mut scale = 1.0;
    for b in fraction.bytes().filter(u8::is_ascii_digit) {
        scale /= 10.0;
        value += f64::from(b - b'0') * scale;
    }
    Some(if negative { -value } else { value })
}

/// The rows' order for `keys` (indices into it): stable, so rows with equal
/// keys keep their order. Binary insertion: the rows of a table are few
/// (a few thousand at most), and it is less code in the page than a
/// general sort instantiated for keys.
pub fn order(keys: &[Option<Key>], descending: bool) -> Vec<usize> {
    let mut order: Vec<usize> = Vec::with_capacity(keys.len());
    for (i, k) in keys.iter().enumerate() {
        let at = order.partition_point(|&j| compare(&keys[j], k, descending) != Ordering::Greater);
        order.insert(at, i);
    }
    order
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
        let keys: Vec<Option<Key>> = cells.iter().map(|c| Key::of(c)).collect();
        let order = order(&keys, descending);
        // The same as the standard library's stable sort.
        let mut std: Vec<(Option<Key>, &str)> = cells.iter().map(|c| (Key::of(c), *c)).collect();
        std.sort_by(|a, b| compare(&a.0, &b.0, descending));
        let std: Vec<String> = std.into_iter().map(|(_, c)| c.to_owned()).collect();
        let ours: Vec<String> = order.into_iter().map(|i| cells[i].to_owned()).collect();
        assert_eq!(ours, std);
        ours
    }

    #[test]
    fn numbers_parse_as_the_page_writes_them() {
        for (text, want) in [
            ("0", Some(0.0)),
            ("1,234", Some(1234.0)),
            ("36.25", Some(36.25)),
            ("-0.5", Some(-0.5)),
            ("1.", None),
            (".5", None),
            ("1a", None),
            (",1", None),
            ("users.dat", None),
            ("1::F::1", None),
        ] {
            assert_eq!(number(text), want, "{text}");
        }
    }

    #[test]
    fn numbers_sort_as_numbers_and_dashes_go_last() {
        let cells = [
            "1,234",
            "–",
            "99",
            "ratings.dat",
            "",
            "1,000,209",
            "2.5",
            "Movies.dat",
            "99",
        ];
        assert_eq!(
            sorted(&cells, false),
            [
                "2.5",
                "99",
                "99",
                "1,234",
                "1,000,209",
                "Movies.dat",
                "ratings.dat",
                "–",
                ""
            ]
        );
        assert_eq!(
            sorted(&cells, true),
            [
                "ratings.dat",
                "Movies.dat",
                "1,000,209",
                "1,234",
                "99",
                "99",
                "2.5",
                "–",
                ""
            ]
        );
    }

    #[test]
    fn equal_keys_keep_their_order() {
        assert_eq!(sorted(&["b 1", "a", "B 1"], false), ["a", "b 1", "B 1"]);
    }
}
