//! The data the page shows, read again in a worker of its own (the live
//! worker, the Parquet worker): the demo generated again with the same
//! seed, or the page's files (the same `File` handles) read whole and
//! cleaned by the same rules, then each appended file appended again.

use js_sys::Uint8Array;
use wasm_bindgen_futures::JsFuture;

use movielens_core::demo::demo;
use movielens_core::table::Dataset;
use movielens_core::Error;

use super::{read_whole, LiveData};
use crate::JsFile;

/// A file's name (as the page gives it) and bytes, read whole.
async fn bytes(JsFile(file): JsFile) -> Result<(String, Vec<u8>), Error> {
    let buf = JsFuture::from(file.array_buffer()).await.map_err(|e| {
        let why = format!("{e:?}");
        Error::new(movielens_core::ErrorKind::Io(why)).in_file(&file.name())
    })?;
    Ok((file.name(), Uint8Array::new(&buf).to_vec()))
}

/// The page's files, read whole and cleaned.
async fn read(files: Vec<JsFile>, now: fn() -> f64) -> Result<Dataset, Error> {
    let mut read = Vec::with_capacity(files.len());
    for file in files {
        read.push(bytes(file).await?);
    }
    let inputs: Vec<(&str, &[u8])> = read.iter().map(|(n, b)| (n.as_str(), &b[..])).collect();
    Ok(Dataset::timed(read_whole(&inputs, now)?, now))
}

/// The data shown: what was loaded, then each file added to it, as the
/// app worker appended them. `now` times the stages (milliseconds).
///
/// # Errors
/// When a file cannot be read or is not MovieLens data.
pub async fn dataset(
    data: LiveData<JsFile>,
    appended: Vec<JsFile>,
    now: fn() -> f64,
) -> Result<Dataset, Error> {
    let mut ds = match data {
        LiveData::Demo => Dataset::timed(demo().load(now), now),
        LiveData::Files(files) => read(files, now).await?,
    };
    for file in appended {
        let (path, bytes) = bytes(file).await?;
        let name = path.rsplit('/').next().unwrap_or(&path);
        ds.append(name, &bytes, None);
    }
    Ok(ds)
}
