//! wasm-bindgen tests in headless Chromium: every chart drawn by plotters
//! onto a real canvas, and the page ⇄ worker messages through a real
//! MessageChannel (structured clone, as postMessage does).
//!
//! `CHROMEDRIVER=/usr/bin/chromedriver cargo test --target wasm32-unknown-unknown -p movielens-web --test web`
#![cfg(target_arch = "wasm32")]

use std::cell::RefCell;
use std::rc::Rc;

use movielens_web::canvas::Canvas;
use plotters::prelude::*;
use wasm_bindgen::prelude::*;
use wasm_bindgen::JsCast;
use wasm_bindgen_test::*;
use web_sys::{CanvasRenderingContext2d, HtmlCanvasElement, MessageChannel, MessageEvent};

use movielens_core::analytics::{dashboard, Filter};
use movielens_core::charts::{self, ChartKind, Style};
use movielens_core::demo::{generate, DemoConfig};
use movielens_core::load::load_bytes;
use movielens_core::model::Gender;
use movielens_core::table::Dataset;
use movielens_web::{Request, Response};

wasm_bindgen_test_configure!(run_in_browser);

fn dataset() -> Dataset {
    let files = generate(&DemoConfig {
        ratings: 20_000,
        seed: 11,
        dirty: true,
    });
    let cleaned = load_bytes(&[
        ("users.dat", &files.users[..]),
        ("movies.dat", &files.movies[..]),
        ("ratings.dat", &files.ratings[..]),
    ])
    .expect("generated data loads");
    Dataset::new(cleaned)
}

fn canvas(w: u32, h: u32) -> HtmlCanvasElement {
    let doc = web_sys::window().unwrap().document().unwrap();
    let c: HtmlCanvasElement = doc.create_element("canvas").unwrap().dyn_into().unwrap();
    c.set_width(w);
    c.set_height(h);
    doc.body().unwrap().append_child(&c).unwrap();
    c
}

/// Share of pixels that are drawn (not transparent and not near-white).
fn ink(c: &HtmlCanvasElement) -> f64 {
    let ctx: CanvasRenderingContext2d = c.get_context("2d").unwrap().unwrap().dyn_into().unwrap();
    let data = ctx
        .get_image_data(0.0, 0.0, f64::from(c.width()), f64::from(c.height()))
        .unwrap()
        .data();
    let inked = data
        .chunks_exact(4)
        .filter(|p| p[3] > 0 && (p[0] < 235 || p[1] < 235 || p[2] < 235))
        .count();
    inked as f64 / (data.len() / 4) as f64
}

#[wasm_bindgen_test]
fn every_chart_draws_onto_a_canvas() {
    let ds = dataset();
    for filter in [
        Filter::default(),
        Filter {
            ages: vec![25, 35],
            genres: vec![7],
            ..Filter::default()
        },
    ] {
        let d = dashboard(&ds, &filter, 10);
        for kind in ChartKind::ALL {
            let c = canvas(640, 360);
            let area = Canvas::new(&c).expect("a 2d context").into_drawing_area();
            let hits = charts::draw(
                kind,
                &area,
                &d,
                &filter,
                &Style {
                    scale: 1.0,
                    dark: false,
                },
            )
            .unwrap_or_else(|e| panic!("{kind:?}: {e}"));
            area.present().unwrap();
            assert!(ink(&c) > 0.01, "{kind:?} left the canvas blank");
            assert!(!hits.hits.is_empty(), "{kind:?} has no hit regions");
            for h in &hits.hits {
                assert!(
                    h.x0 >= 0 && h.y0 >= 0 && h.x1 <= 640 && h.y1 <= 360,
                    "{kind:?}: {h:?}"
                );
            }
        }
    }
    let c = canvas(800, 200);
    let area = Canvas::new(&c).unwrap().into_drawing_area();
    charts::draw_lineage(
        &area,
        &ds.lineage,
        &Style {
            scale: 1.0,
            dark: false,
        },
    )
    .unwrap();
    area.present().unwrap();
    assert!(ink(&c) > 0.01, "the lineage chart is blank");
}

#[wasm_bindgen_test]
fn an_empty_dashboard_draws_a_message_not_an_error() {
    let ds = dataset();
    let none = Filter {
        years: Some((1800, 1801)),
        ..Filter::default()
    };
    let d = dashboard(&ds, &none, 50);
    assert_eq!(d.kpis.ratings, 0);
    for kind in ChartKind::ALL {
        let c = canvas(400, 240);
        let area = Canvas::new(&c).unwrap().into_drawing_area();
        charts::draw(
            kind,
            &area,
            &d,
            &none,
            &Style {
                scale: 2.0,
                dark: false,
            },
        )
        .unwrap_or_else(|e| panic!("{kind:?}: {e}"));
        area.present().unwrap();
        assert!(ink(&c) > 0.0005, "{kind:?} drew nothing at all");
    }
}

/// Posts `text` through a MessageChannel and returns what arrives.
async fn round_trip(text: String) -> String {
    let channel = MessageChannel::new().unwrap();
    let got: Rc<RefCell<Option<String>>> = Rc::default();
    let (tx, rx) = futures_channel();
    let on_message = Closure::<dyn FnMut(MessageEvent)>::new({
        let got = got.clone();
        let tx = tx.clone();
        move |ev: MessageEvent| {
            *got.borrow_mut() = ev.data().as_string();
            let _ = tx.call0(&JsValue::NULL);
        }
    });
    channel
        .port2()
        .set_onmessage(Some(on_message.as_ref().unchecked_ref()));
    channel
        .port1()
        .post_message(&JsValue::from_str(&text))
        .unwrap();
    wasm_bindgen_futures::JsFuture::from(rx).await.unwrap();
    drop(on_message);
    let out = got.borrow_mut().take().expect("a message arrived");
    out
}

/// A promise and its resolve function.
fn futures_channel() -> (js_sys::Function, js_sys::Promise) {
    let mut resolve = None;
    let promise = js_sys::Promise::new(&mut |ok, _| resolve = Some(ok));
    (resolve.expect("the executor runs at once"), promise)
}

#[wasm_bindgen_test]
async fn requests_and_responses_survive_postmessage() {
    let ds = dataset();
    let filter = Filter {
        genders: vec![Gender::M],
        ages: vec![25, 35],
        occupations: vec![4, 12],
        genres: vec![0, 14],
        time: Some((956_703_932, 1_000_000_000)),
        years: Some((1980, 1999)),
        min_ratings: 10,
    };
    let request = Request::Query {
        seq: 7,
        filter: filter.clone(),
        top_min_ratings: 30,
    };
    let back = Request::from_json(&round_trip(request.to_json()).await).unwrap();
    assert_eq!(back, request);

    let d = dashboard(&ds, &filter, 30);
    let response = Response::Dashboard {
        seq: 7,
        dashboard: Box::new(d),
        ms: 1.5,
    };
    let back = Response::from_json(&round_trip(response.to_json()).await).unwrap();
    assert_eq!(back, response);

    let lineage = Response::Failed {
        load: Some(3),
        message: "users.dat: <b>not</b> a MovieLens file".into(),
    };
    let back = Response::from_json(&round_trip(lineage.to_json()).await).unwrap();
    assert_eq!(back, lineage);

    // Every answer about a load carries the load's number.
    for request in [
        Request::LoadFiles { load: 4 },
        Request::Cancel { load: 4 },
        Request::LoadDemo { load: u64::MAX },
    ] {
        let back = Request::from_json(&round_trip(request.to_json()).await).unwrap();
        assert_eq!(back, request);
    }
    for response in [
        Response::Cancelled { load: 4 },
        Response::Progress {
            load: 5,
            progress: movielens_web::Progress {
                stage: "unpacking and cleaning ml-1m/ratings.dat".into(),
                file: "ml-1m.zip".into(),
                bytes_read: 4 << 20,
                bytes_total: 24_594_131,
                rows: 171_000,
            },
        },
    ] {
        let back = Response::from_json(&round_trip(response.to_json()).await).unwrap();
        assert_eq!(back, response);
    }
}
