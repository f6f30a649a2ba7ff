//! Splitting a record into fields, for each way a release writes them
//! ([`Format`]): `::`, commas with quotes, tabs, `|`.

use super::lines::split_fields;
use crate::vocab::Format;

/// Splits `record` into at most `N` fields (the rest are counted, not
/// kept) and returns how many there are, or `None` for a CSV record with
/// an unbalanced quote. Fields are trimmed of spaces and tabs, except on
/// tabs; a quoted CSV field is returned without its quotes, a doubled
/// quote inside it still doubled (see [`unquote`]).
///
/// ```
/// use movielens_core::ingest::fields::split;
/// use movielens_core::vocab::Format;
/// let mut f = [""; 3];
/// assert_eq!(split(Format::Csv, r#"11,"American President, The (1995)",Comedy|Drama"#, &mut f), Some(3));
/// assert_eq!(f[1], "American President, The (1995)");
/// assert_eq!(split(Format::Csv, r#"1,"open,2"#, &mut f), None);
/// assert_eq!(split(Format::Tab, "196\t242\t3\t881250949", &mut [""; 4]), Some(4));
/// ```
pub fn split<'a, const N: usize>(
    format: Format,
    record: &'a str,
    out: &mut [&'a str; N],
) -> Option<usize> {
    match format {
        Format::Dat => Some(split_fields(record, out)),
        // One copy of each splitter, whatever `N` (the wasm bundle counts).
        Format::Csv => split_csv(record, &mut out[..]),
        Format::Tab => Some(split_on(record, b'\t', &mut out[..])),
        Format::Pipe => Some(split_on(record, b'|', &mut out[..])),
    }
}

/// Splits on `|` (ML-100K's `u.user` and `u.item`), trimmed, as [`split`].
pub fn split_pipes<'a>(record: &'a str, out: &mut [&'a str]) -> usize {
    split_on(record, b'|', out)
}

/// A quoted CSV field's text: doubled quotes made single.
///
/// ```
/// assert_eq!(movielens_core::ingest::fields::unquote(r#"Say ""Hi"""#), r#"Say "Hi""#);
/// ```
pub fn unquote(field: &str) -> std::borrow::Cow<'_, str> {
    if field.contains("\"\"") {
        field.replace("\"\"", "\"").into()
    } else {
        field.into()
    }
}

#[inline(never)]
fn split_on<'a>(record: &'a str, sep: u8, out: &mut [&'a str]) -> usize {
    let mut count = 0;
    for field in record.split(char::from(sep)) {
        if count < out.len() {
            out[count] = if sep == b'\t' { field } else { trim(field) };
        }
        count += 1;
    }
    count
}

#[inline(never)]
fn split_csv<'a>(record: &'a str, out: &mut [&'a str]) -> Option<usize> {
    let bytes = record.as_bytes();
    let mut count = 0;
    let mut at = 0;
    loop {
        // Spaces before an opening quote are allowed, as pandas allows them.
        let lead = bytes[at..]
            .iter()
            .take_while(|b| **b == b' ' || **b == b'\t')
            .count();
        let field;
        if bytes.get(at + lead) == Some(&b'"') {
            let open = at + lead + 1;
            let mut end = open;
            loop {
                let q = memchr::memchr(b'"', &bytes[end..])? + end;
                if bytes.get(q + 1) == Some(&b'"') {
                    end = q + 2;
                } else {
                    end = q;
                    break;
                }
            }
            field = &record[open..end];
            let rest = end + 1;
            let pad = bytes[rest..]
                .iter()
                .take_while(|b| **b == b' ' || **b == b'\t')
                .count();
            at = rest + pad;
            if at < bytes.len() && bytes[at] != b',' {
                return None;
            }
        } else {
            let end = memchr::memchr(b',', &bytes[at..]).map_or(bytes.len(), |p| p + at);
            let raw = &record[at..end];
            if raw.contains('"') {
                return None;
            }
            field = trim(raw);
            at = end;
        }
        if count < out.len() {
            out[count] = field;
        }
        count += 1;
        if at >= bytes.len() {
            return Some(count);
        }
        at += 1; // the comma
    }
}

fn trim(field: &str) -> &str {
    field.trim_matches(|c| c == ' ' || c == '\t')
}

#[cfg(test)]
mod tests {
    use super::*;

    fn csv(record: &str) -> Option<Vec<String>> {
        let mut f = [""; 8];
        let n = split(Format::Csv, record, &mut f)?;
        Some(
            f[..n.min(8)]
                .iter()
                .map(|s| unquote(s).into_owned())
                .collect(),
        )
    }

    #[test]
    fn csv_quotes_commas_and_doubled_quotes() {
        assert_eq!(csv("1,2,3.5,4").unwrap(), ["1", "2", "3.5", "4"]);
        assert_eq!(
            csv(r#"5,"Father of the Bride Part II (1995)",Comedy"#).unwrap(),
            ["5", "Father of the Bride Part II (1995)", "Comedy"]
        );
        assert_eq!(
            csv(r#"7,"Sabrina, ""The"" (1995)",Comedy|Romance"#).unwrap(),
            ["7", r#"Sabrina, "The" (1995)"#, "Comedy|Romance"]
        );
        assert_eq!(csv("1,,3").unwrap(), ["1", "", "3"]);
        assert_eq!(csv("1,2,").unwrap(), ["1", "2", ""]);
        assert_eq!(csv(r#""""#).unwrap(), [""]);
    }

    #[test]
    fn csv_refuses_unbalanced_quotes() {
        assert_eq!(csv(r#"1,"open,Comedy"#), None);
        assert_eq!(csv(r#"1,"closed"x,Comedy"#), None);
        assert_eq!(csv(r#"1,mid"quote,Comedy"#), None);
    }

    #[test]
    fn tabs_and_pipes() {
        let mut f = [""; 5];
        assert_eq!(
            split(Format::Pipe, "1|24|M|technician|85711", &mut f),
            Some(5)
        );
        assert_eq!(f[3], "technician");
        assert_eq!(split(Format::Tab, "1\t2", &mut f), Some(2));
        assert_eq!(split(Format::Pipe, "a|b|c|d|e|f|g", &mut f), Some(7));
    }
}
