//! What a dropped or picked folder holds: its files, found recursively,
//! each named by its path (`ml-1m/README`), so that the worker can tell
//! a release by its folder (`ml-25m/`) and say which files it ignored.

use js_sys::{Array, Promise};
use wasm_bindgen::prelude::*;
use wasm_bindgen::JsCast;
use wasm_bindgen_futures::JsFuture;
use web_sys::{
    DataTransfer, File, FileSystemDirectoryEntry, FileSystemDirectoryReader, FileSystemEntry,
    FileSystemFileEntry,
};

/// Folders deeper than this are not walked (a whole disk dropped by
/// mistake).
const MAX_DEPTH: usize = 6;

/// Files gathered at most.
const MAX_FILES: usize = 5_000;

/// A file named by its path in the folder given: the worker sees the
/// folder's name (a `File`'s own path does not survive `postMessage`).
/// The bytes are not copied: the new `File` refers to the same data.
pub fn named(file: &File, path: &str) -> File {
    if path.is_empty() || path == file.name() {
        return file.clone();
    }
    File::new_with_blob_sequence(&Array::of1(file), path).unwrap_or_else(|_| file.clone())
}

/// The files of a folder picked with `webkitdirectory`, named by their
/// path in it.
pub fn picked(files: Vec<File>) -> Vec<File> {
    files
        .iter()
        .map(|f| {
            // Not in web-sys's `File` (a Blink and WebKit extension).
            let path = js_sys::Reflect::get(f, &"webkitRelativePath".into())
                .ok()
                .and_then(|p| p.as_string())
                .unwrap_or_default();
            named(f, &path)
        })
        .collect()
}

/// The entries of a drop that holds a folder, taken during the drop event
/// (its data is gone after it); `None` when it holds files only (read
/// them from `DataTransfer.files`, as before).
pub fn dropped_folders(dt: &DataTransfer) -> Option<Vec<FileSystemEntry>> {
    let items = dt.items();
    let entries: Vec<FileSystemEntry> = (0..items.length())
        .filter_map(|i| items.get(i))
        .filter(|item| item.kind() == "file")
        .filter_map(|item| item.webkit_get_as_entry().ok().flatten())
        .collect();
    entries
        .iter()
        .any(FileSystemEntry::is_directory)
        .then_some(entries)
}

/// The files under `entries`, folders walked recursively (in the order the
/// browser lists them: the load orders the tables itself).
///
/// # Errors
/// When the browser cannot list a folder or open a file.
pub async fn walk(entries: Vec<FileSystemEntry>) -> Result<Vec<File>, JsValue> {
    let mut stack: Vec<(FileSystemEntry, usize)> = entries.into_iter().map(|e| (e, 0)).collect();
    let mut files: Vec<File> = Vec::new();
    while let Some((entry, depth)) = stack.pop() {
        if files.len() >= MAX_FILES {
            break;
        }
        let path = entry.full_path().trim_start_matches('/').to_owned();
        if entry.is_file() {
            let file = file_of(entry.unchecked_ref()).await?;
            files.push(named(&file, &path));
        } else if entry.is_directory() && depth < MAX_DEPTH {
            let dir: &FileSystemDirectoryEntry = entry.unchecked_ref();
            let reader = dir.create_reader();
            // readEntries gives a batch at a time (100 in Chromium) until
            // an empty one.
            loop {
                let batch = read_batch(&reader).await?;
                if batch.length() == 0 {
                    break;
                }
                for e in batch.iter() {
                    stack.push((e.unchecked_into(), depth + 1));
                }
            }
        }
    }
    Ok(files)
}

async fn read_batch(reader: &FileSystemDirectoryReader) -> Result<Array, JsValue> {
    let promise = Promise::new(&mut |resolve, reject| {
        if let Err(e) = reader.read_entries_with_callback_and_callback(&resolve, &reject) {
            let _ = reject.call1(&JsValue::NULL, &e);
        }
    });
    Ok(JsFuture::from(promise).await?.unchecked_into())
}

async fn file_of(entry: &FileSystemFileEntry) -> Result<File, JsValue> {
    let promise = Promise::new(&mut |resolve, reject| {
        entry.file_with_callback_and_callback(&resolve, &reject);
    });
    Ok(JsFuture::from(promise).await?.unchecked_into())
}
