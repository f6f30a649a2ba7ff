//! The page's files, read whole by the live worker and cleaned as the app
//! worker cleans them: the same numbers.

use movielens_core::ingest::kind::SNIFF_BYTES;
use movielens_core::lineage::Clock;
use movielens_core::load::archive::load_zip;
use movielens_core::load::Plan;
use movielens_core::{Cleaned, Error};

/// Cleans the tables among `inputs` (path, bytes), or the one zip among
/// them, as the app worker does with the page's files: a name's folder is
/// left out of the lineage, hidden files (`.DS_Store`) and files that are
/// not tables (a README, `links.csv`) are not read.
///
/// ```
/// use movielens_web::live::read_whole;
/// let cleaned = read_whole(&[
///     ("ml-1m/README", &b"SUMMARY\n"[..]),
///     ("ml-1m/.DS_Store", b"\0\0"),
///     ("ml-1m/ratings.dat", b"1::1::5::978300760\n"),
///     ("ml-1m/users.dat", b"1::F::1::10::48067\n"),
///     ("ml-1m/movies.dat", b"1::Toy Story (1995)::Comedy\n"),
/// ], || 0.0).unwrap();
/// assert_eq!(cleaned.ratings.len(), 1);
/// ```
///
/// # Errors
/// As the app worker's load: a broken or missing table, a bad zip.
pub fn read_whole(inputs: &[(&str, &[u8])], clock: Clock) -> Result<Cleaned, Error> {
    let mut plan = Plan::new(inputs.len());
    for (i, (path, bytes)) in inputs.iter().enumerate() {
        let name = path.rsplit('/').next().unwrap_or(path);
        if name.starts_with('.') {
            plan.ignore(name);
            continue;
        }
        let prefix = &bytes[..bytes.len().min(SNIFF_BYTES)];
        plan.offer(i, path, name, prefix)?;
    }
    if let Some(i) = plan.zip_alone() {
        let (path, bytes) = inputs[i];
        let name = path.rsplit('/').next().unwrap_or(path);
        return load_zip(std::io::Cursor::new(bytes), name, clock);
    }
    let mut load = plan.start(clock)?;
    while let Some((_, i)) = load.next_table() {
        load.feed_all(inputs[i].1);
    }
    Ok(load.finish())
}
