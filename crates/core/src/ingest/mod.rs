//! Ingestion: bytes in chunks → lines → fields, and recognising which
//! table a file holds from its first bytes. It knows nothing of the rules
//! (see `clean`) nor of the order tables are loaded in (see `load`).

pub mod fields;
pub mod kind;
pub mod lines;

use std::io::Read;

use crate::error::Error;
use kind::SNIFF_BYTES;
use lines::LineSplitter;

/// Bytes read at a time by the helpers that pull from a reader.
pub const CHUNK_BYTES: usize = 256 * 1024;

/// Reads up to [`SNIFF_BYTES`] from `reader` (fewer only at its end).
///
/// # Errors
/// [`ErrorKind::Io`](crate::error::ErrorKind::Io) when reading fails.
pub fn read_prefix(reader: &mut dyn Read, name: &str) -> Result<Vec<u8>, Error> {
    let mut prefix = Vec::with_capacity(SNIFF_BYTES);
    reader
        .take(SNIFF_BYTES as u64)
        .read_to_end(&mut prefix)
        .map_err(|e| Error::io(e).in_file(name))?;
    Ok(prefix)
}

/// The parsing half of ingest alone, for benchmarks: split into lines,
/// decode, split on `::`, no rules. Returns the number of fields seen.
pub fn parse_only(inputs: &[(&str, &[u8])]) -> usize {
    let mut fields = 0;
    for (_, bytes) in inputs {
        let mut split = LineSplitter::new();
        let mut count = |line: lines::Line<'_>| {
            let (text, _) = lines::decode(line.bytes);
            let mut f = [""; 5];
            fields += lines::split_fields(&text, &mut f);
        };
        for chunk in bytes.chunks(CHUNK_BYTES) {
            split.feed(chunk, &mut count);
        }
        split.finish(&mut count);
    }
    fields
}
