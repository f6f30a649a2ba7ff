//! Numbers as people read them, shared by the CLI, the charts and the page.

/// An integer with thousands separators.
///
/// ```
/// use movielens_core::numbers::thousands;
/// assert_eq!(thousands(1_000_209), "1,000,209");
/// assert_eq!(thousands(999), "999");
/// ```
pub fn thousands(n: u64) -> String {
    let digits = n.to_string();
    let mut out = String::with_capacity(digits.len() + digits.len() / 3);
    for (i, c) in digits.chars().enumerate() {
        if i > 0 && (digits.len() - i).is_multiple_of(3) {
            out.push(',');
        }
        out.push(c);
    }
    out
}
