//! Small DOM helpers, the status line, and how the page reports what it
//! could not do. Text from files is only ever set with `set_text_content`,
//! never parsed as HTML.
//!
//! No DOM error is dropped silently: [`log`] puts it in the console with
//! what failed; [`failed`] also says on the page (`#page-error`, which
//! stays while the status line goes on) that part of it could not be
//! shown.

use wasm_bindgen::prelude::*;
use wasm_bindgen::JsCast;
use web_sys::{Document, Element, HtmlElement, Window};

use movielens_web::page::Status;

pub fn window() -> Window {
    web_sys::window().expect("the app runs in a page")
}

pub fn document() -> Document {
    window().document().expect("a page has a document")
}

pub fn now() -> f64 {
    window().performance().map_or(0.0, |p| p.now())
}

/// The element with this id (the page's skeleton is in index.html).
pub fn by_id(id: &str) -> Result<Element, JsValue> {
    document()
        .get_element_by_id(id)
        .ok_or_else(|| JsValue::from_str(&format!("no #{id} in the page")))
}

pub fn by_id_as<T: JsCast>(id: &str) -> Result<T, JsValue> {
    by_id(id)?
        .dyn_into::<T>()
        .map_err(|_| JsValue::from_str(&format!("#{id} is not the expected element")))
}

/// A new element with a class and text.
pub fn el(tag: &str, class: &str, text: &str) -> Result<Element, JsValue> {
    let e = document().create_element(tag)?;
    if !class.is_empty() {
        e.set_class_name(class);
    }
    if !text.is_empty() {
        e.set_text_content(Some(text));
    }
    Ok(e)
}

/// Appends a new element with a class and text to `parent`.
pub fn child(parent: &Element, tag: &str, class: &str, text: &str) -> Result<Element, JsValue> {
    let e = el(tag, class, text)?;
    parent.append_child(&e)?;
    Ok(e)
}

/// Removes every child.
pub fn clear(e: &Element) {
    e.set_text_content(None);
}

/// Logs `error` in the console, saying what failed.
pub fn log(what: &str, error: &JsValue) {
    web_sys::console::error_2(&JsValue::from_str(&format!("{what}:")), error);
}

/// Part of the page could not be shown: logs why, and says so on the
/// page.
pub fn failed(what: &str, error: &JsValue) {
    log(&format!("could not show {what}"), error);
    let message = format!("Internal error: could not show {what}; please reload the page.");
    let said = by_id("page-error").and_then(|p| {
        p.set_text_content(Some(&message));
        set_hidden(&p, false)
    });
    if let Err(e) = said {
        log("could not show #page-error", &e);
        set_status(&message, Status::Error);
    }
}

/// Shows `what` with `show`, or says that it could not.
pub fn or_failed(what: &str, shown: Result<(), JsValue>) {
    if let Err(e) = shown {
        failed(what, &e);
    }
}

/// The status line, and the body's `data-status` (tests and tools wait
/// for it).
pub fn set_status(text: &str, kind: Status) {
    match by_id("status") {
        Ok(s) => {
            s.set_text_content(Some(text));
            s.set_class_name(kind.class());
        }
        // Nowhere to say it: the console is all there is.
        Err(e) => log(&format!("could not show the status “{text}”"), &e),
    }
    body_data("status", kind.class());
}

/// A `data-` attribute of the body: what the page did, for tests and the
/// benchmarks.
pub fn body_data(key: &str, value: &str) {
    let set = document()
        .body()
        .ok_or_else(|| JsValue::from_str("the page has no body"))
        .and_then(|b| b.set_attribute(&format!("data-{key}"), value));
    if let Err(e) = set {
        log(&format!("could not set the body's data-{key}"), &e);
    }
}

pub fn set_text(id: &str, text: &str) {
    match by_id(id) {
        Ok(e) => e.set_text_content(Some(text)),
        Err(e) => failed(&format!("#{id}"), &e),
    }
}

pub fn show(id: &str, visible: bool) {
    let shown = by_id(id).and_then(|e| set_hidden(&e, !visible));
    if let Err(e) = shown {
        failed(&format!("#{id}"), &e);
    }
}

/// Sets or removes the `hidden` attribute.
pub fn set_hidden(e: &Element, hidden: bool) -> Result<(), JsValue> {
    if hidden {
        e.set_attribute("hidden", "")
    } else {
        e.remove_attribute("hidden")
    }
}

/// Sets a CSS property through the CSSOM (allowed by the page's CSP, unlike
/// inline style attributes).
pub fn style(e: &Element, prop: &str, value: &str) {
    if let Some(h) = e.dyn_ref::<HtmlElement>() {
        if let Err(err) = h.style().set_property(prop, value) {
            log(&format!("could not set the style {prop}: {value}"), &err);
        }
    }
}

pub use movielens_core::numbers::thousands;

/// Mean with 3 decimals, or a dash.
pub fn mean(m: Option<f64>) -> String {
    m.map_or("–".to_owned(), |v| format!("{v:.3}"))
}

/// Adds an event listener for the page's lifetime.
pub fn on<E: JsCast + 'static>(
    target: &impl AsRef<web_sys::EventTarget>,
    event: &str,
    handler: impl FnMut(E) + 'static,
) {
    let mut handler = handler;
    let closure = Closure::<dyn FnMut(web_sys::Event)>::new(move |e: web_sys::Event| {
        if let Ok(e) = e.dyn_into::<E>() {
            handler(e);
        }
    });
    if let Err(e) = target
        .as_ref()
        .add_event_listener_with_callback(event, closure.as_ref().unchecked_ref())
    {
        log(&format!("could not listen to {event}"), &e);
    }
    // Page-lifetime listener: the closure must outlive this call.
    closure.forget();
}

/// Offers `bytes` as a download named `name`.
pub fn download(name: &str, mime: &str, bytes: &[u8]) -> Result<(), JsValue> {
    let parts = js_sys::Array::of1(&js_sys::Uint8Array::from(bytes));
    let bag = web_sys::BlobPropertyBag::new();
    bag.set_type(mime);
    let blob = web_sys::Blob::new_with_u8_array_sequence_and_options(&parts, &bag)?;
    let url = web_sys::Url::create_object_url_with_blob(&blob)?;
    download_url(name, &url)?;
    // Revoke later: the download starts asynchronously after the click.
    let revoke = Closure::once_into_js(move || {
        if let Err(e) = web_sys::Url::revoke_object_url(&url) {
            log("could not revoke a download's URL", &e);
        }
    });
    window()
        .set_timeout_with_callback_and_timeout_and_arguments_0(revoke.unchecked_ref(), 60_000)?;
    Ok(())
}

/// Clicks a temporary download link.
pub fn download_url(name: &str, url: &str) -> Result<(), JsValue> {
    let a: web_sys::HtmlAnchorElement = el("a", "", "")?.dyn_into()?;
    a.set_href(url);
    a.set_download(name);
    let body = document().body().ok_or("no body")?;
    body.append_child(&a)?;
    a.click();
    body.remove_child(&a)?;
    Ok(())
}
