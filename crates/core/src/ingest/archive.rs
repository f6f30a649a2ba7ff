//! Reading the three tables straight out of the `ml-1m.zip` GroupLens
//! distributes (entries `ml-1m/users.dat` and so on), with limits that
//! refuse zip bombs.

use std::io::{Read, Seek};

use super::kind::{sniff, FileKind, Sniffed};
use super::{feed_reader, read_prefix, InputSet, Loader};
use crate::clean::Cleaned;
use crate::error::{Error, ErrorKind};
use crate::lineage::Clock;

/// The most bytes one entry may expand to (ML-1M's ratings.dat is 24 MB;
/// the page could not hold much more than this anyway).
pub const MAX_ENTRY_BYTES: u64 = 2_000_000_000;

/// The largest expansion ratio accepted for entries over 1 MB. MovieLens
/// text compresses about 4:1; zip bombs reach 1000:1 and more.
pub const MAX_RATIO: u64 = 100;

/// Loads users, movies and ratings from a zip archive. Entries are found by
/// content; entries that are not MovieLens tables (the README) are skipped,
/// but an entry named like a table must hold that table.
///
/// # Errors
/// [`ErrorKind::BadZip`] for bytes that are not a readable zip,
/// [`ErrorKind::ZipBomb`] for an entry over the limits, and the errors of
/// [`super::load_bytes`] for the tables in it.
pub fn load_zip<R: Read + Seek>(reader: R, name: &str, clock: Clock) -> Result<Cleaned, Error> {
    let mut zip = zip::ZipArchive::new(reader).map_err(|e| unreadable(&e, name))?;
    let mut set = InputSet::new(zip.len());
    let mut tables: Vec<(usize, String)> = Vec::new();
    for i in 0..zip.len() {
        let mut entry = zip.by_index(i).map_err(|e| unreadable(&e, name))?;
        let entry_name = entry.name().map_err(|e| unreadable(&e, name))?.into_owned();
        let base = entry_name.rsplit('/').next().unwrap_or(&entry_name);
        if entry.is_dir() || entry_name.starts_with("__MACOSX/") || base.starts_with('.') {
            continue;
        }
        check_size(entry.size(), entry.compressed_size(), name, &entry_name)?;
        let label = format!("{name}/{entry_name}");
        let limit = expansion_limit(entry.compressed_size());
        let mut limited = LimitedRead::new(&mut entry, limit);
        let prefix = read_prefix(&mut limited, &label).map_err(|e| bomb_or(e, &limited, &label))?;
        match sniff(&prefix, &label) {
            Ok(sniffed @ Sniffed::Table(_)) => {
                set.add(i, &label, sniffed)?;
                tables.push((i, entry_name));
            }
            // A zip in the zip, a README, a licence: not ours, skip.
            Ok(Sniffed::Zip) => {}
            Err(e) if FileKind::from_file_name(&entry_name).is_some() => return Err(e),
            Err(_) => {}
        }
    }
    let order = set.in_load_order().map_err(|e| e.in_file(name))?;
    let mut loader = Loader::with_clock(clock);
    for (kind, i) in order {
        let entry_name = tables
            .iter()
            .find(|(j, _)| *j == i)
            .map(|(_, n)| n.as_str())
            .unwrap_or_default();
        let mut entry = zip.by_index(i).map_err(|e| unreadable(&e, name))?;
        loader.begin(kind, entry_name)?;
        let limit = expansion_limit(entry.compressed_size());
        let mut limited = LimitedRead::new(&mut entry, limit);
        let label = format!("{name}/{entry_name}");
        feed_reader(&mut loader, &[], &mut limited, &label)
            .map_err(|e| bomb_or(e, &limited, &label))?;
    }
    Ok(loader.finish())
}

/// A zip the `zip` crate cannot read (not a zip, truncated, damaged).
fn unreadable(e: &zip::result::ZipError, zip: &str) -> Error {
    Error::new(ErrorKind::BadZip(format!(
        "not a readable zip archive ({e})"
    )))
    .in_file(zip)
}

fn check_size(size: u64, compressed: u64, zip: &str, entry: &str) -> Result<(), Error> {
    let bomb = size > expansion_limit(compressed);
    if bomb {
        return Err(Error::new(ErrorKind::ZipBomb {
            limit: MAX_ENTRY_BYTES,
        })
        .in_file(&format!("{zip}/{entry}")));
    }
    Ok(())
}

fn bomb_or<R: Read>(e: Error, limited: &LimitedRead<'_, R>, label: &str) -> Error {
    if limited.exceeded {
        Error::new(ErrorKind::ZipBomb {
            limit: MAX_ENTRY_BYTES,
        })
        .in_file(label)
    } else {
        e
    }
}

/// The most bytes an entry of this compressed size may expand to.
fn expansion_limit(compressed: u64) -> u64 {
    compressed
        .saturating_mul(MAX_RATIO)
        .clamp(1_000_000, MAX_ENTRY_BYTES)
}

/// Reads an entry but fails once it yields more than its limit: the sizes in
/// a zip's headers can lie.
struct LimitedRead<'a, R: Read> {
    inner: &'a mut R,
    left: u64,
    exceeded: bool,
}

impl<'a, R: Read> LimitedRead<'a, R> {
    fn new(inner: &'a mut R, limit: u64) -> Self {
        LimitedRead {
            inner,
            left: limit,
            exceeded: false,
        }
    }
}

impl<R: Read> Read for LimitedRead<'_, R> {
    fn read(&mut self, buf: &mut [u8]) -> std::io::Result<usize> {
        let n = self.inner.read(buf)?;
        if n as u64 > self.left {
            self.exceeded = true;
            return Err(std::io::Error::other(
                "entry expands beyond the safety limit (a zip bomb?)",
            ));
        }
        self.left -= n as u64;
        Ok(n)
    }
}
