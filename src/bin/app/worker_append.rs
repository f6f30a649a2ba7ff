//! append (issue 8) in the worker: a ratings file added to the dataset it
//! holds. The file is read whole into memory (in chunks, with progress,
//! cancellable between them), then [`Dataset::append`] cleans it against
//! the dataset's users and movies and resolves re-ratings across the
//! files; the answer is a finished load's (`Loaded`), so the page draws
//! every view again. The dashboard state of the filter shown, which the
//! worker keeps, follows the append incrementally: the page's next query
//! finishes it without a pass over the ratings.

#[cfg(target_arch = "wasm32")]
pub(crate) mod scope {
    use std::cell::RefCell;
    use std::rc::Rc;

    use web_sys::File;

    use crate::worker::scope::{base, failed, loaded, now, post, put, read_whole, State};
    use movielens_core::ingest::kind::{sniff, Sniffed};
    use movielens_core::vocab::Format;
    use movielens_core::FileKind;
    use movielens_web::Response;

    /// Appends `file` (load `load`); answers `Loaded`, `Cancelled` or
    /// `Failed` (the dataset unchanged).
    pub(crate) async fn append(state: Rc<RefCell<State>>, file: File, load: u64) {
        match add(&state, &file, load).await {
            Ok(true) => {}
            Ok(false) => post(&Response::Cancelled { load }),
            Err(message) => failed(&state, load, message),
        }
    }

    /// `Ok(false)`: cancelled or superseded.
    async fn add(state: &Rc<RefCell<State>>, file: &File, load: u64) -> Result<bool, String> {
        let t0 = now();
        let cancelled = || state.borrow().running != Some(load);
        let path = file.name();
        let name = base(&path);
        let stage = format!("reading {name} to add it");
        let read = read_whole(file, &stage, load, &cancelled).await;
        let Some(bytes) = read.map_err(|e| e.to_string())? else {
            return Ok(false);
        };
        match sniff(&bytes, name) {
            Ok(Sniffed::Table(FileKind::Ratings, Format::Dat)) => {}
            Ok(_) => {
                return Err(format!(
                    "{name} is not a ratings file, so it cannot be added"
                ))
            }
            Err(e) => return Err(e.to_string()),
        }
        let Some(mut ds) = state.borrow_mut().dataset.take() else {
            return Err("no data is loaded to add the ratings to".into());
        };
        // The dashboard state of the filter shown follows the append
        // (the superseded rows retracted, the new ones added).
        let mut view = state.borrow_mut().view.take();
        let t1 = now();
        ds.append(name, &bytes, view.as_mut());
        ds.lineage.time(&format!("append {name}"), now() - t1);
        let ((source, demo), ignored) = {
            let s = state.borrow();
            (s.source.clone(), s.ignored.clone())
        };
        let info = loaded(&ds, format!("{source} + {name}"), demo, now() - t0, ignored);
        put(state, load, ds, info);
        state.borrow_mut().view = view;
        Ok(true)
    }
}
