//! The page's entry point: shows the report of a generated demo dataset and
//! of files the person picks or drops. Every number comes from
//! `movielens-core`; this file only moves bytes in and text out.
//!
//! (A first, single-threaded shell: the Web Worker, the charts and the
//! cross-filtered dashboard come next.)

#[cfg(target_arch = "wasm32")]
mod page {
    use movielens_core::demo::{generate, DemoConfig};
    use movielens_core::ingest::load_bytes_with_clock;
    use movielens_core::report::Report;
    use movielens_core::table::Dataset;
    use movielens_core::time::format_utc;
    use wasm_bindgen::prelude::*;
    use wasm_bindgen::JsCast;
    use wasm_bindgen_futures::JsFuture;
    use web_sys::{Document, Element, HtmlInputElement};

    fn now() -> f64 {
        web_sys::window()
            .and_then(|w| w.performance())
            .map_or(0.0, |p| p.now())
    }

    fn document() -> Document {
        web_sys::window()
            .and_then(|w| w.document())
            .expect("the app runs in a page")
    }

    /// An element with text content (never parsed as HTML).
    fn el(doc: &Document, tag: &str, class: &str, text: &str) -> Result<Element, JsValue> {
        let e = doc.create_element(tag)?;
        if !class.is_empty() {
            e.set_class_name(class);
        }
        if !text.is_empty() {
            e.set_text_content(Some(text));
        }
        Ok(e)
    }

    /// Appends a new element with text to `parent`.
    fn child(parent: &Element, tag: &str, class: &str, text: &str) -> Result<Element, JsValue> {
        let doc = parent.owner_document().ok_or("detached element")?;
        let e = el(&doc, tag, class, text)?;
        parent.append_child(&e)?;
        Ok(e)
    }

    fn show_report(report: &Report, source: &str, ms: f64) -> Result<(), JsValue> {
        let doc = document();
        let out = doc.get_element_by_id("report").ok_or("no #report")?;
        out.set_text_content(None);
        child(&out, "h2", "", source)?;
        let s = &report.summary;
        let mean = s.mean_rating.map_or("-".to_owned(), |m| format!("{m:.3}"));
        let kpis = el(&doc, "div", "kpis", "")?;
        for (label, value) in [
            ("ratings", s.ratings.to_string()),
            ("users", s.users.to_string()),
            ("movies", s.movies.to_string()),
            ("mean rating", mean),
            ("rejected rows", s.rejected.to_string()),
            ("load + clean + report", format!("{ms:.0} ms")),
        ] {
            let k = el(&doc, "div", "kpi", "")?;
            child(&k, "span", "value", &value)?;
            child(&k, "span", "label", label)?;
            kpis.append_child(&k)?;
        }
        out.append_child(&kpis)?;
        if let (Some(a), Some(b)) = (s.first_ts, s.last_ts) {
            let span = format!("Rated from {} to {}", format_utc(a), format_utc(b));
            child(&out, "p", "", &span)?;
        }
        let table = el(&doc, "table", "lineage", "")?;
        let head = el(&doc, "tr", "", "")?;
        for h in ["file", "lines", "blank", "accepted", "rejected"] {
            child(&head, "th", "", h)?;
        }
        table.append_child(&head)?;
        let l = &report.lineage;
        for f in [&l.users, &l.movies, &l.ratings] {
            let row = el(&doc, "tr", "", "")?;
            for v in [
                f.name.clone(),
                f.lines.to_string(),
                f.blank.to_string(),
                f.accepted.to_string(),
                f.rejected_total().to_string(),
            ] {
                child(&row, "td", "", &v)?;
            }
            table.append_child(&row)?;
        }
        out.append_child(&table)?;
        child(&out, "h3", "", "Most rated movies")?;
        let list = el(&doc, "ol", "", "")?;
        for m in &report.top_by_count {
            let mean = format!("{:.2}", m.mean);
            let text = format!("{} ({} ratings, mean {mean})", m.title, m.ratings);
            child(&list, "li", "", &text)?;
        }
        out.append_child(&list)?;
        Ok(())
    }

    fn set_status(text: &str, error: bool) {
        if let Some(s) = document().get_element_by_id("status") {
            s.set_text_content(Some(text));
            s.set_class_name(if error { "error" } else { "" });
        }
    }

    async fn load_files(input: HtmlInputElement) -> Result<(), JsValue> {
        let Some(files) = input.files() else {
            return Ok(());
        };
        let t0 = now();
        let mut named: Vec<(String, Vec<u8>)> = Vec::new();
        for i in 0..files.length() {
            let Some(file) = files.get(i) else { continue };
            set_status(&format!("Reading {}…", file.name()), false);
            let buf = JsFuture::from(file.array_buffer()).await?;
            named.push((file.name(), js_sys::Uint8Array::new(&buf).to_vec()));
        }
        let inputs: Vec<(&str, &[u8])> = named
            .iter()
            .map(|(n, b)| (n.as_str(), b.as_slice()))
            .collect();
        match load_bytes_with_clock(&inputs, now) {
            Ok(cleaned) => {
                let ds = Dataset::timed(cleaned, now);
                let report = Report::new(&ds, movielens_core::report::DEFAULT_MIN_RATINGS);
                let names: Vec<&str> = named.iter().map(|(n, _)| n.as_str()).collect();
                show_report(
                    &report,
                    &format!("Your files: {}", names.join(", ")),
                    now() - t0,
                )?;
                set_status("", false);
            }
            // The dataset shown before stays; the message names the file.
            Err(e) => set_status(&e.to_string(), true),
        }
        Ok(())
    }

    pub fn start() -> Result<(), JsValue> {
        let t0 = now();
        let demo = generate(&DemoConfig::default());
        let inputs = [
            ("users.dat", &demo.users[..]),
            ("movies.dat", &demo.movies[..]),
            ("ratings.dat", &demo.ratings[..]),
        ];
        let cleaned = load_bytes_with_clock(&inputs, now).map_err(|e| e.to_string())?;
        let ds = Dataset::timed(cleaned, now);
        let report = Report::new(&ds, movielens_core::report::DEFAULT_MIN_RATINGS);
        show_report(
            &report,
            "Demo data (synthetic, generated in your browser)",
            now() - t0,
        )?;
        set_status("", false);

        let doc = document();
        let input: HtmlInputElement = doc
            .get_element_by_id("files")
            .ok_or("no #files")?
            .dyn_into()?;
        let handler = Closure::<dyn FnMut()>::new({
            let input = input.clone();
            move || {
                let input = input.clone();
                wasm_bindgen_futures::spawn_local(async move {
                    if let Err(e) = load_files(input).await {
                        set_status(&format!("{e:?}"), true);
                    }
                });
            }
        });
        input.set_onchange(Some(handler.as_ref().unchecked_ref()));
        // The page lives as long as the tab: keep the handler.
        handler.forget();
        Ok(())
    }
}

#[cfg(target_arch = "wasm32")]
fn main() {
    console_error_panic_hook::set_once();
    if let Err(e) = page::start() {
        web_sys::console::error_1(&e);
    }
}

#[cfg(not(target_arch = "wasm32"))]
fn main() {
    eprintln!("the app runs in the browser: scripts/serve.sh builds and serves it");
}
