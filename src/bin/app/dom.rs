//! Small DOM helpers. Text from files is only ever set with
//! `set_text_content`, never parsed as HTML.

use wasm_bindgen::prelude::*;
use wasm_bindgen::JsCast;
use web_sys::{Document, Element, HtmlElement, Window};

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

pub fn set_text(id: &str, text: &str) {
    if let Ok(e) = by_id(id) {
        e.set_text_content(Some(text));
    }
}

pub fn show(id: &str, visible: bool) {
    if let Ok(e) = by_id(id) {
        let _ = if visible {
            e.remove_attribute("hidden")
        } else {
            e.set_attribute("hidden", "")
        };
    }
}

/// Sets a CSS property through the CSSOM (allowed by the page's CSP, unlike
/// inline style attributes).
pub fn style(e: &Element, prop: &str, value: &str) {
    if let Some(h) = e.dyn_ref::<HtmlElement>() {
        let _ = h.style().set_property(prop, value);
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
    let _ = target
        .as_ref()
        .add_event_listener_with_callback(event, closure.as_ref().unchecked_ref());
    // Page-lifetime listener: the closure must outlive this call.
    closure.forget();
}

/// Offers `bytes` (or text) as a download named `name`.
pub fn download(name: &str, mime: &str, text: &str) -> Result<(), JsValue> {
    let parts = js_sys::Array::new();
    parts.push(&JsValue::from_str(text));
    let bag = web_sys::BlobPropertyBag::new();
    bag.set_type(mime);
    let blob = web_sys::Blob::new_with_str_sequence_and_options(&parts, &bag)?;
    let url = web_sys::Url::create_object_url_with_blob(&blob)?;
    download_url(name, &url)?;
    // Revoke later: the download starts asynchronously after the click.
    let revoke = Closure::once_into_js(move || {
        let _ = web_sys::Url::revoke_object_url(&url);
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
