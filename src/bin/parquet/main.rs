//! The Parquet worker (issue 9, point 4): a wasm module of its own, which
//! the page fetches and starts only when "Download as Parquet (zip)" is
//! pressed, so the Parquet writer costs the first view nothing. It reads
//! the data the page shows again (as the live worker does), writes the
//! layout of `movielens export --parquet` with `movielens-export` into one
//! zip, posts it (the buffer transferred) and is done. Nothing here
//! touches the DOM.
//!
//! Its messages are ones the page already knows, so the page's module
//! carries no new message code (the first view's budget is tight): the
//! request is Live mode's `LiveRequest::Start`, which describes the data
//! shown (its replay settings are ignored); the answer is the app
//! worker's `Response::Exported` (the zip) or `Response::Failed`; and the
//! worker announces that its handler is installed with the string
//! `"ready"` ([`READY`]).

#[cfg(target_arch = "wasm32")]
mod scope {
    use std::io::{Cursor, Write};

    use wasm_bindgen::prelude::*;
    use wasm_bindgen::JsCast;
    use web_sys::{DedicatedWorkerGlobalScope, MessageEvent};
    use zip::write::SimpleFileOptions;
    use zip::{CompressionMethod, ZipWriter};

    use movielens_core::table::Dataset;
    use movielens_web::live::{reread, LiveData, LiveRequest};
    use movielens_web::{Bytes, JsFile, Response};

    /// What the worker posts once its handler is installed (messages posted
    /// before would be lost).
    pub const READY: &str = "ready";

    /// The download's name; its entries are the layout under `movielens-parquet/`.
    const NAME: &str = "movielens-parquet.zip";
    const ROOT: &str = "movielens-parquet";

    fn scope() -> DedicatedWorkerGlobalScope {
        js_sys::global().unchecked_into()
    }

    fn now() -> f64 {
        scope().performance().map_or(0.0, |p| p.now())
    }

    fn post(response: &Response) {
        let posted = response
            .to_js()
            .map_err(|e| JsValue::from_str(&e))
            .and_then(|(v, transfer)| scope().post_message_with_transfer(&v, &transfer));
        if let Err(e) = posted {
            web_sys::console::error_2(&"the Parquet worker could not post:".into(), &e);
        }
    }

    /// The layout as one zip. The Parquet files are compressed already
    /// (Snappy): stored as they are.
    fn zip(ds: &Dataset) -> Result<Vec<u8>, String> {
        let mut zip = ZipWriter::new(Cursor::new(Vec::new()));
        let options = SimpleFileOptions::default().compression_method(CompressionMethod::Stored);
        let mut add = |path: &str, bytes: Vec<u8>| -> std::io::Result<()> {
            zip.start_file(format!("{ROOT}/{path}"), options)
                .map_err(std::io::Error::other)?;
            zip.write_all(&bytes)
        };
        movielens_export::write_parquet(ds, &mut add).map_err(|e| e.to_string())?;
        Ok(zip.finish().map_err(|e| e.to_string())?.into_inner())
    }

    fn failed(message: String) -> Response {
        Response::Failed {
            load: None,
            message,
        }
    }

    async fn export(data: LiveData<JsFile>, appended: Vec<JsFile>) {
        let response = match reread::dataset(data, appended, now).await {
            Err(e) => failed(e.to_string()),
            Ok(ds) => match zip(&ds) {
                Ok(bytes) => Response::Exported {
                    name: NAME.into(),
                    mime: "application/zip".into(),
                    bytes: Bytes(bytes),
                },
                Err(e) => failed(format!("{NAME} could not be made: {e}")),
            },
        };
        post(&response);
    }

    fn handle(ev: MessageEvent) {
        match LiveRequest::<JsFile>::from_js(ev.data()) {
            Ok(LiveRequest::Start { data, appended, .. }) => {
                wasm_bindgen_futures::spawn_local(export(data, appended));
            }
            Ok(_) => post(&failed("the Parquet worker only exports".into())),
            Err(e) => post(&failed(format!("an unreadable request: {e}"))),
        }
    }

    pub fn start_worker() {
        let on_message = Closure::<dyn FnMut(MessageEvent)>::new(handle);
        scope().set_onmessage(Some(on_message.as_ref().unchecked_ref()));
        on_message.forget();
        // Messages posted before the handler exists are lost: say it is
        // there.
        if let Err(e) = scope().post_message(&READY.into()) {
            web_sys::console::error_2(&"the Parquet worker could not post:".into(), &e);
        }
    }
}

/// The Parquet worker's entry point: its script (the page's
/// `parquet::start`) calls it once the module is instantiated.
#[cfg(target_arch = "wasm32")]
#[wasm_bindgen::prelude::wasm_bindgen]
pub fn parquet_start() {
    console_error_panic_hook::set_once();
    scope::start_worker();
}

#[cfg(target_arch = "wasm32")]
fn main() {}

#[cfg(not(target_arch = "wasm32"))]
fn main() {
    eprintln!("the Parquet worker runs in the browser: the page starts it from the Export tab");
}
