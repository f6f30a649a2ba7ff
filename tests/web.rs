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
use movielens_web::{Bytes, JsFile, Request, Response};

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

/// Posts `value` (transferring `transfer`) through a MessageChannel and
/// returns what arrives: a structured clone, as `postMessage` to a worker
/// makes.
async fn round_trip(value: JsValue, transfer: &js_sys::Array) -> JsValue {
    let channel = MessageChannel::new().unwrap();
    let got: Rc<RefCell<Option<JsValue>>> = Rc::default();
    let (tx, rx) = futures_channel();
    let on_message = Closure::<dyn FnMut(MessageEvent)>::new({
        let got = got.clone();
        let tx = tx.clone();
        move |ev: MessageEvent| {
            *got.borrow_mut() = Some(ev.data());
            tx.call0(&JsValue::NULL).unwrap();
        }
    });
    channel
        .port2()
        .set_onmessage(Some(on_message.as_ref().unchecked_ref()));
    channel
        .port1()
        .post_message_with_transferable(&value, transfer)
        .unwrap();
    wasm_bindgen_futures::JsFuture::from(rx).await.unwrap();
    drop(on_message);
    let out = got.borrow_mut().take().expect("a message arrived");
    out
}

async fn request_back(request: &Request<JsFile>) -> Request<JsFile> {
    let value = request.to_js().unwrap();
    Request::from_js(round_trip(value, &js_sys::Array::new()).await).unwrap()
}

async fn response_back(response: &Response) -> Response {
    let (value, transfer) = response.to_js().unwrap();
    Response::from_js(round_trip(value, &transfer).await).unwrap()
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
        movies: vec![1, 2],
        as_of: Some(978_300_000),
    };
    let request = Request::Query {
        seq: 7,
        filter: filter.clone(),
        top_min_ratings: 30,
    };
    assert_eq!(request_back(&request).await, request);

    let d = dashboard(&ds, &filter, 30);
    let response = Response::Dashboard {
        seq: 7,
        dashboard: Box::new(d),
        ms: 1.5,
    };
    assert_eq!(response_back(&response).await, response);

    let lineage = Response::Failed {
        load: Some(3),
        message: "users.dat: <b>not</b> a MovieLens file".into(),
    };
    assert_eq!(response_back(&lineage).await, lineage);

    // Every answer about a load carries the load's number.
    for request in [
        Request::Cancel { load: 4 },
        Request::LoadDemo { load: u64::MAX },
    ] {
        assert_eq!(request_back(&request).await, request);
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
        assert_eq!(response_back(&response).await, response);
    }
}

#[wasm_bindgen_test]
async fn a_loads_files_travel_inside_its_request() {
    let file = |name: &str, text: &str| {
        let parts = js_sys::Array::of1(&JsValue::from_str(text));
        JsFile(web_sys::File::new_with_str_sequence(&parts, name).unwrap())
    };
    let request = Request::LoadFiles {
        load: 4,
        files: vec![
            file("u.dat", "1::F::1::10::48067\n"),
            file("ml-1m.zip", "PK"),
        ],
    };
    let Request::LoadFiles { load, files } = request_back(&request).await else {
        panic!("not a load of files");
    };
    assert_eq!(load, 4);
    let got: Vec<(String, f64)> = files.iter().map(|f| (f.0.name(), f.0.size())).collect();
    assert_eq!(
        got,
        [("u.dat".to_owned(), 19.0), ("ml-1m.zip".to_owned(), 2.0)]
    );
}

#[wasm_bindgen_test]
async fn an_exports_bytes_are_transferred_exactly() {
    // Every byte value, and text that is not UTF-8: no text detour.
    let bytes: Vec<u8> = (0..=255).chain([0xff, 0xfe, 0x00]).collect();
    let response = Response::Exported {
        name: "movielens-ratings-clean.csv".into(),
        mime: "text/csv".into(),
        bytes: Bytes(bytes),
    };
    let (value, transfer) = response.to_js().unwrap();
    assert_eq!(transfer.length(), 1, "the buffer is transferred");
    let back = Response::from_js(round_trip(value, &transfer).await).unwrap();
    assert_eq!(back, response);
    // Moved, not copied: the sender's buffer is detached.
    let sent: js_sys::ArrayBuffer = transfer.get(0).unchecked_into();
    assert_eq!(sent.byte_length(), 0);
}

/// Numbers cross exactly: floats bit for bit (no decimal text between),
/// 64-bit integers beyond a JS number's 53 bits.
#[wasm_bindgen_test]
async fn numbers_cross_exactly() {
    for ms in [
        0.1 + 0.2,
        1.0 / 3.0,
        f64::MIN_POSITIVE,
        5e-324,
        1.7976931348623157e308,
    ] {
        let response = Response::Dashboard {
            seq: u64::MAX - 1,
            dashboard: Box::new(dashboard(&dataset(), &Filter::default(), 10)),
            ms,
        };
        let Response::Dashboard { seq, ms: back, .. } = response_back(&response).await else {
            panic!("not a dashboard");
        };
        assert_eq!((seq, back.to_bits()), (u64::MAX - 1, ms.to_bits()));
    }
}

// ---- live (issue 8, point 2) ----
/// Live mode's messages cross `postMessage` whole: a start with the
/// page's files, every control, and a frame with its dashboard and tables.
#[wasm_bindgen_test]
async fn live_messages_survive_postmessage() {
    use movielens_web::live::{Engine, LiveData, LiveRequest, LiveResponse, LiveSettings};
    let file = |name: &str| {
        let parts = js_sys::Array::of1(&JsValue::from_str("1::F::1::10::48067\n"));
        JsFile(web_sys::File::new_with_str_sequence(&parts, name).unwrap())
    };
    let settings = LiveSettings {
        file_order: true,
        jitter: 600,
        lateness: 60,
        weekly: true,
        seed: u64::MAX,
    };
    let start = LiveRequest::Start {
        data: LiveData::Files(vec![file("u.dat")]),
        appended: vec![file("r2.dat")],
        settings,
        filter: Filter {
            genders: vec![Gender::F],
            ..Filter::default()
        },
        top_min_ratings: 7,
    };
    let value = start.to_js().unwrap();
    let back = LiveRequest::<JsFile>::from_js(round_trip(value, &js_sys::Array::new()).await);
    let Ok(LiveRequest::Start {
        data: LiveData::Files(files),
        appended,
        settings: s,
        ..
    }) = back
    else {
        panic!("not a start with files");
    };
    assert_eq!((files[0].0.name(), s), ("u.dat".to_owned(), settings));
    assert_eq!(appended[0].0.name(), "r2.dat");
    for request in [
        LiveRequest::<JsFile>::Settings(settings),
        LiveRequest::Play { speed: 2_592_000 },
        LiveRequest::Pause,
        LiveRequest::Step { seconds: 86_400 },
        LiveRequest::Seek { unix: 975_000_000 },
        LiveRequest::Verify,
    ] {
        let value = request.to_js().unwrap();
        let back = LiveRequest::from_js(round_trip(value, &js_sys::Array::new()).await).unwrap();
        assert_eq!(back, request);
    }
    let mut engine = Engine::new(dataset(), settings, &Filter::default(), 10);
    engine.seek(975_000_000, || 0.0);
    let frame = LiveResponse::Frame(Box::new(engine.frame(0.0, || 0.0)));
    for response in [
        frame,
        LiveResponse::Verified {
            equal: true,
            detail: "20,000 ratings".into(),
        },
    ] {
        let value = response.to_js().unwrap();
        let back = LiveResponse::from_js(round_trip(value, &js_sys::Array::new()).await).unwrap();
        assert_eq!(back, response);
    }
}
