//! The charts drawn into SVG strings: every chart for a full, a filtered
//! and an empty dashboard, odd data, hit maps that point at the right
//! items, and hit rectangles that scale with the pixel density.

use std::sync::OnceLock;

use movielens_core::analytics::{dashboard, Dashboard, Filter, Frequency, Month};
use movielens_core::charts::{
    draw, draw_lineage, ChartKind, Hit, HitKey, HitMap, Style, NO_RATINGS,
};
use movielens_core::demo::{generate, DemoConfig};
use movielens_core::lineage::Lineage;
use movielens_core::load::load_bytes;
use movielens_core::model::{AgeGroup, Gender, Genre, Occupation, AGE_GROUPS, GENRES, OCCUPATIONS};
use movielens_core::table::Dataset;
use movielens_core::FileKind;
use plotters::prelude::*;
use plotters_backend::{
    BackendColor, BackendCoord, BackendStyle, BackendTextStyle, DrawingErrorKind,
};

const SIZE: (u32, u32) = (720, 420);

fn load(dirty: bool) -> movielens_core::Cleaned {
    let files = generate(&DemoConfig {
        ratings: 20_000,
        seed: 3,
        dirty,
    });
    let inputs: Vec<(&str, &[u8])> = [FileKind::Users, FileKind::Movies, FileKind::Ratings]
        .iter()
        .map(|k| (k.file_name(), files.file(*k)))
        .collect();
    load_bytes(&inputs).expect("demo data loads")
}

fn dataset() -> &'static Dataset {
    static DS: OnceLock<Dataset> = OnceLock::new();
    DS.get_or_init(|| Dataset::new(load(false)))
}

fn dash(filter: &Filter) -> Dashboard {
    dashboard(dataset(), filter, 20)
}

fn full() -> &'static Dashboard {
    static D: OnceLock<Dashboard> = OnceLock::new();
    D.get_or_init(|| dash(&Filter::default()))
}

/// A filter nothing passes: no movie has that many ratings, and no chart
/// ignores the minimum-ratings dimension.
fn nothing() -> Filter {
    Filter {
        min_ratings: u32::MAX,
        ..Filter::default()
    }
}

fn render(
    kind: ChartKind,
    d: &Dashboard,
    active: &Filter,
    size: (u32, u32),
    style: &Style,
) -> (HitMap, String) {
    let mut svg = String::new();
    let hits = {
        let area = SVGBackend::with_string(&mut svg, size).into_drawing_area();
        let hits = draw(kind, &area, d, active, style)
            .unwrap_or_else(|e| panic!("{} fails: {e}", kind.id()));
        area.present().expect("svg finishes");
        hits
    };
    (hits, svg)
}

fn check_svg(kind: ChartKind, svg: &str) {
    assert!(
        svg.starts_with("<svg") && svg.trim_end().ends_with("</svg>"),
        "{}",
        kind.id()
    );
    assert!(svg.contains("<rect"), "{}: no rect", kind.id());
    assert!(svg.contains("<text"), "{}: no text", kind.id());
}

fn check_inside(kind: ChartKind, hits: &HitMap, (w, h): (u32, u32), origin: (i32, i32)) {
    let (w, h) = (w as i32, h as i32);
    for hit in &hits.hits {
        assert!(
            hit.x0 >= origin.0
                && hit.y0 >= origin.1
                && hit.x1 <= origin.0 + w
                && hit.y1 <= origin.1 + h,
            "{}: {hit:?} outside {w}x{h} at {origin:?}",
            kind.id()
        );
        assert!(
            hit.x0 < hit.x1 && hit.y0 < hit.y1,
            "{}: empty {hit:?}",
            kind.id()
        );
        assert!(!hit.tip.is_empty(), "{}: no tip", kind.id());
    }
}

fn count(n: u64) -> String {
    let digits = n.to_string();
    let mut out = String::new();
    for (i, c) in digits.chars().enumerate() {
        if i > 0 && (digits.len() - i).is_multiple_of(3) {
            out.push(',');
        }
        out.push(c);
    }
    out
}

fn keys(hits: &HitMap) -> Vec<Option<HitKey>> {
    hits.hits.iter().map(|h| h.key.clone()).collect()
}

fn hit<'a>(hits: &'a HitMap, key: &HitKey) -> &'a Hit {
    hits.find(key)
        .unwrap_or_else(|| panic!("no hit for {key:?}"))
}

#[test]
fn every_chart_draws_the_full_dashboard() {
    let d = full();
    assert!(d.kpis.ratings > 0);
    for kind in ChartKind::ALL {
        let (hits, svg) = render(kind, d, &Filter::default(), SIZE, &Style::default());
        check_svg(kind, &svg);
        assert!(!hits.is_empty(), "{}: no hits", kind.id());
        check_inside(kind, &hits, SIZE, (0, 0));
        assert!(!svg.contains(NO_RATINGS), "{}", kind.id());
        // The centre of every hit finds that hit (bars do not overlap).
        // (Scatter points closer than a pixel share a centre: then the hit
        // found must at least sit at that same centre.)
        for h in &hits.hits {
            let (x, y) = h.center();
            let found = hits.at(x, y).expect("a hit at its own centre");
            if found.center() != h.center() {
                assert_eq!(found.tip, h.tip, "{}", kind.id());
            }
        }
    }
}

#[test]
fn genre_hits_name_the_genre_and_its_exact_count() {
    let d = full();
    let (hits, _) = render(
        ChartKind::Genres,
        d,
        &Filter::default(),
        SIZE,
        &Style::default(),
    );
    let expected: Vec<_> = (0..GENRES.len() as u8)
        .map(|g| Some(HitKey::Genre(genre(g))))
        .collect();
    assert_eq!(keys(&hits), expected);
    let drama = hit(&hits, &HitKey::Genre(genre(7)));
    let bar = &d.by_genre[7];
    assert_eq!(bar.label, "Drama");
    assert!(drama.tip.starts_with("Drama: "), "{}", drama.tip);
    assert!(
        drama
            .tip
            .contains(&format!("{} ratings", count(bar.ratings))),
        "{}",
        drama.tip
    );
    let mean = bar.mean.expect("drama has ratings");
    assert!(
        drama.tip.contains(&format!("mean {mean:.3}")),
        "{}",
        drama.tip
    );
    // Rows run down in genre order.
    let action = hit(&hits, &HitKey::Genre(genre(0)));
    assert!(action.y1 <= drama.y0);
    let (x, y) = drama.center();
    assert_eq!(
        hits.at(x, y).and_then(|h| h.key.clone()),
        Some(HitKey::Genre(genre(7)))
    );
    assert!(hits.at(-5, -5).is_none());
}

#[test]
fn breakdown_hits_carry_their_filter_keys() {
    let d = full();
    let style = Style::default();
    let none = Filter::default();

    let (hits, _) = render(ChartKind::Histogram, d, &none, SIZE, &style);
    let expected: Vec<_> = (1..=5u8).map(|s| Some(HitKey::Stars(2 * s))).collect();
    assert_eq!(keys(&hits), expected);
    for (s, h) in hits.hits.iter().enumerate() {
        assert!(h.tip.contains(&count(d.histogram[2 * s + 1])), "{}", h.tip);
        if s > 0 {
            assert!(hits.hits[s - 1].x1 <= h.x0, "stars left to right");
        }
    }

    let (hits, _) = render(ChartKind::Gender, d, &none, SIZE, &style);
    assert_eq!(
        keys(&hits),
        vec![
            Some(HitKey::Gender(Gender::F)),
            Some(HitKey::Gender(Gender::M))
        ]
    );
    assert!(hits.hits[0].tip.starts_with("Female: "));
    assert!(hits.hits[0].tip.contains(&count(d.by_gender[0].ratings)));

    let (hits, _) = render(ChartKind::Age, d, &none, SIZE, &style);
    let expected: Vec<_> = AGE_GROUPS
        .iter()
        .map(|a| Some(HitKey::Age(AgeGroup::from_code(a.0).unwrap())))
        .collect();
    assert_eq!(keys(&hits), expected);
    assert!(
        hits.hits[1].tip.starts_with("18-24: "),
        "{}",
        hits.hits[1].tip
    );

    let (hits, _) = render(ChartKind::Occupation, d, &none, SIZE, &style);
    let expected: Vec<_> = (0..OCCUPATIONS.len() as u8)
        .map(|o| Some(HitKey::Occupation(Occupation::from_code(o).unwrap())))
        .collect();
    assert_eq!(keys(&hits), expected);
    assert!(hits.hits[12].tip.starts_with("programmer: "));
    assert!(hits.hits[12]
        .tip
        .contains(&count(d.by_occupation[12].ratings)));
}

#[test]
fn time_hits_carry_months_and_years() {
    let d = full();
    let none = Filter::default();
    let (hits, _) = render(ChartKind::Months, d, &none, SIZE, &Style::default());
    let expected: Vec<_> = d
        .by_month
        .iter()
        .map(|m| {
            Some(HitKey::Month {
                from: m.from,
                to: m.to,
            })
        })
        .collect();
    assert_eq!(keys(&hits), expected);
    for (h, m) in hits.hits.iter().zip(&d.by_month) {
        assert!(h.tip.starts_with(&m.key));
        assert!(h.tip.contains(&count(m.ratings)));
    }

    let (hits, _) = render(ChartKind::Years, d, &none, SIZE, &Style::default());
    let years: Vec<_> = d
        .by_year
        .iter()
        .filter(|y| y.ratings > 0 && y.mean.is_some())
        .map(|y| Some(HitKey::Year(y.year)))
        .collect();
    assert!(!years.is_empty());
    assert_eq!(keys(&hits), years);
    let y = d.by_year.iter().max_by_key(|y| y.ratings).expect("years");
    let h = hit(&hits, &HitKey::Year(y.year));
    assert!(h.tip.contains(&count(y.ratings)), "{}", h.tip);
}

#[test]
fn as_of_an_instant_the_months_chart_ends_at_it() {
    let months = &full().by_month;
    // Mid-way through the dataset's fourth month.
    let t = months[3].from + (months[3].to - months[3].from) / 2;
    let filter = Filter {
        as_of: Some(t),
        ..Filter::default()
    };
    let d = dash(&filter);
    let (hits, _) = render(ChartKind::Months, &d, &filter, SIZE, &Style::default());
    let shown: Vec<_> = keys(&hits)
        .into_iter()
        .map(|k| match k {
            Some(HitKey::Month { from, .. }) => from,
            other => panic!("not a month: {other:?}"),
        })
        .collect();
    // Every month up to the one holding the instant, none after it.
    let want: Vec<u32> = d
        .by_month
        .iter()
        .filter(|m| m.from < t)
        .map(|m| m.from)
        .collect();
    assert_eq!(shown, want);
    assert_eq!(shown.last(), Some(&months[3].from));
    assert!(d.by_month.len() > shown.len());
}

#[test]
fn movie_and_heatmap_hits_point_at_their_items() {
    let d = full();
    let none = Filter::default();
    let style = Style::default();
    for (kind, list) in [
        (ChartKind::TopCount, &d.top_by_count),
        (ChartKind::TopDamped, &d.top_by_damped),
    ] {
        let (hits, _) = render(kind, d, &none, SIZE, &style);
        assert_eq!(hits.len(), list.len());
        for (h, m) in hits.hits.iter().zip(list) {
            assert_eq!(h.key, Some(HitKey::Movie(m.movie_id)));
            assert!(h.tip.starts_with(&m.display), "{}", h.tip);
            assert!(h.tip.contains(&count(m.ratings)), "{}", h.tip);
        }
    }
    let (hits, _) = render(ChartKind::GenderGap, d, &none, SIZE, &style);
    assert!(!d.gender_gap.is_empty());
    for (h, g) in hits.hits.iter().zip(&d.gender_gap) {
        assert_eq!(h.key, Some(HitKey::Movie(g.movie_id)));
        assert!(
            h.tip.contains(&format!("women {:.3}", g.mean_f)),
            "{}",
            h.tip
        );
    }

    let (hits, _) = render(ChartKind::WeekHour, d, &none, SIZE, &style);
    assert_eq!(hits.len(), 7 * 24);
    let h = hit(&hits, &HitKey::Cell { row: 2, col: 14 });
    assert!(h.tip.starts_with("Wed 14:00"), "{}", h.tip);
    assert!(h.tip.contains(&count(d.weekhour[2 * 24 + 14])), "{}", h.tip);
    let mon0 = hit(&hits, &HitKey::Cell { row: 0, col: 0 });
    assert!(
        mon0.x1 <= h.x0 && mon0.y1 <= h.y0,
        "Monday on top, hours left to right"
    );

    let (hits, _) = render(ChartKind::GenreAge, d, &none, SIZE, &style);
    assert_eq!(hits.len(), GENRES.len() * AGE_GROUPS.len());
    let h = hit(&hits, &HitKey::Cell { row: 7, col: 2 });
    let cell = &d.genre_age[7][2];
    assert!(h.tip.starts_with("Drama, 25-34: "), "{}", h.tip);
    assert!(h.tip.contains(&count(cell.ratings)), "{}", h.tip);

    for (kind, table, unit) in [
        (ChartKind::UserTail, &d.ratings_per_user, "user"),
        (ChartKind::MovieTail, &d.ratings_per_movie, "movie"),
    ] {
        let (hits, svg) = render(kind, d, &none, SIZE, &style);
        assert_eq!(hits.len(), table.len());
        assert!(hits.hits.iter().all(|h| h.key.is_none()));
        let f = table[table.len() / 2];
        let expected = format!("exactly {} ratings", count(f.ratings));
        assert!(hits
            .hits
            .iter()
            .any(|h| h.tip.contains(&expected) && h.tip.contains(unit)));
        assert!(svg.contains("log scale"));
    }
}

#[test]
fn filtered_dashboard_highlights_the_selection() {
    let filter = Filter {
        genres: vec![7],
        ages: vec![25],
        genders: vec![Gender::F],
        years: Some((1990, 1999)),
        time: d_month_range(),
        ..Filter::default()
    };
    let d = dash(&filter);
    assert!(d.kpis.ratings > 0 && d.kpis.ratings < full().kpis.ratings);
    let accent = "#F58518";
    let muted = "#CDD5DE";
    for kind in ChartKind::ALL {
        let (hits, svg) = render(kind, &d, &filter, SIZE, &Style::default());
        check_svg(kind, &svg);
        check_inside(kind, &hits, SIZE, (0, 0));
        let filtered_dim = matches!(
            kind,
            ChartKind::Genres
                | ChartKind::Age
                | ChartKind::Gender
                | ChartKind::Years
                | ChartKind::Months
        );
        if filtered_dim {
            assert!(svg.contains(accent), "{}: no accent", kind.id());
            assert!(svg.contains(muted), "{}: nothing muted", kind.id());
        }
    }
    // The genre chart ignores the genre filter but honours the others.
    let (hits, _) = render(ChartKind::Genres, &d, &filter, SIZE, &Style::default());
    let comedy = hit(&hits, &HitKey::Genre(genre(4)));
    assert!(comedy.tip.contains(&count(d.by_genre[4].ratings)));
    assert!(d.by_genre[4].ratings > 0);
}

/// A time filter over the dataset's second and third months.
fn d_month_range() -> Option<(u32, u32)> {
    let months: &[Month] = &full().by_month;
    Some((months[1].from, months[2].to))
}

#[test]
fn an_empty_dashboard_says_so_everywhere() {
    let filter = nothing();
    let d = dash(&filter);
    assert_eq!(d.kpis.ratings, 0);
    for kind in ChartKind::ALL {
        let (hits, svg) = render(kind, &d, &filter, SIZE, &Style::default());
        assert!(hits.is_empty(), "{}: {:?}", kind.id(), hits.hits.first());
        assert!(svg.contains(NO_RATINGS), "{}: no message", kind.id());
        assert!(svg.contains("<text") && svg.contains("<rect"));
    }
}

#[test]
fn odd_data_never_fails() {
    let base = full().clone();
    let mut cases: Vec<(&str, Dashboard)> = Vec::new();
    let mut one_month = base.clone();
    one_month.by_month.truncate(1);
    one_month.by_year.truncate(1);
    one_month.ratings_per_user.truncate(1);
    one_month.ratings_per_movie.truncate(1);
    one_month.top_by_count.truncate(1);
    one_month.top_by_damped.truncate(1);
    one_month.gender_gap.truncate(1);
    cases.push(("one of each", one_month));
    let mut no_means = base.clone();
    no_means.by_genre.iter_mut().for_each(|b| b.mean = None);
    no_means.by_gender.iter_mut().for_each(|b| b.mean = None);
    no_means.by_age.iter_mut().for_each(|b| b.mean = None);
    no_means
        .by_occupation
        .iter_mut()
        .for_each(|b| b.mean = None);
    for m in &mut no_means.by_month {
        m.mean = None;
    }
    for y in &mut no_means.by_year {
        y.mean = None;
    }
    for row in &mut no_means.genre_age {
        for c in row {
            c.mean = None;
        }
    }
    no_means.kpis.mean = None;
    cases.push(("all means None", no_means));
    let mut huge = base.clone();
    let big = u64::MAX / 4;
    huge.histogram = [0, big, 0, 0, 0, 1, 0, big, 0, u64::MAX];
    for b in huge.by_genre.iter_mut() {
        b.ratings = big;
    }
    for m in &mut huge.by_month {
        m.ratings = u64::MAX;
    }
    huge.weekhour = vec![u64::MAX; 168];
    huge.ratings_per_user = vec![
        Frequency {
            ratings: u64::MAX,
            count: u64::MAX,
        },
        Frequency {
            ratings: 1,
            count: 1,
        },
    ];
    huge.ratings_per_movie = vec![Frequency {
        ratings: 0,
        count: 0,
    }];
    for y in &mut huge.by_year {
        y.ratings = u64::MAX;
        y.mean = Some(f64::NAN);
    }
    cases.push(("huge counts, NaN", huge));
    let mut ragged = base.clone();
    ragged.weekhour.truncate(5);
    ragged.genre_age.truncate(3);
    ragged.genre_age[0].clear();
    ragged.by_genre.truncate(2);
    for g in &mut ragged.gender_gap {
        g.diff = -g.diff;
    }
    for m in &mut ragged.top_by_damped {
        m.damped = f64::INFINITY;
        m.mean = -3.0;
    }
    ragged.kpis.mean = Some(f64::NAN);
    cases.push(("ragged", ragged));
    let mut long = base.clone();
    for m in &mut long.top_by_count {
        m.display = "A Very Long Title That Goes On and On (Un titre tr\u{e8}s long, Le)".repeat(3);
    }
    cases.push(("long titles", long));

    for (name, d) in &cases {
        for kind in ChartKind::ALL {
            for size in [SIZE, (160, 90), (90, 60), (30, 20), (1, 1)] {
                let mut svg = String::new();
                let area = SVGBackend::with_string(&mut svg, size).into_drawing_area();
                let hits = draw(kind, &area, d, &Filter::default(), &Style::default())
                    .unwrap_or_else(|e| panic!("{name}: {} fails: {e}", kind.id()));
                check_inside(kind, &hits, size, (0, 0));
            }
        }
    }
}

#[test]
fn hits_scale_with_the_pixel_density() {
    let d = full();
    let none = Filter::default();
    let (w, h) = SIZE;
    for kind in ChartKind::ALL {
        let (one, _) = render(kind, d, &none, (w, h), &Style::default());
        let style = Style {
            scale: 2.0,
            dark: false,
        };
        let (two, _) = render(kind, d, &none, (2 * w, 2 * h), &style);
        assert_eq!(one.len(), two.len(), "{}", kind.id());
        let tolerance = 6;
        for (a, b) in one.hits.iter().zip(&two.hits) {
            assert_eq!(a.key, b.key);
            for (u, v) in [(a.x0, b.x0), (a.y0, b.y0), (a.x1, b.x1), (a.y1, b.y1)] {
                assert!(
                    (2 * u - v).abs() <= tolerance,
                    "{}: {a:?} at 1x vs {b:?} at 2x",
                    kind.id()
                );
            }
        }
    }
}

#[test]
fn hits_are_in_backend_pixels_of_a_sub_area() {
    let d = full();
    let mut svg = String::new();
    let root = SVGBackend::with_string(&mut svg, (800, 900)).into_drawing_area();
    let (_, lower) = root.split_vertically(450);
    let hits = draw(
        ChartKind::Genres,
        &lower,
        d,
        &Filter::default(),
        &Style::default(),
    )
    .expect("draws");
    check_inside(ChartKind::Genres, &hits, (800, 450), (0, 450));
    drop(lower);
    drop(root);
    assert!(svg.contains("<rect"));
}

#[test]
fn dark_style_draws_on_a_dark_background() {
    let style = Style {
        scale: 1.5,
        dark: true,
    };
    let (hits, svg) = render(ChartKind::Months, full(), &Filter::default(), SIZE, &style);
    assert!(!hits.is_empty());
    assert!(svg.contains("#181A1F"));
    assert!(!svg.contains("fill=\"#FFFFFF\""));
}

#[test]
fn lineage_shows_rejects_however_few() {
    let cleaned = load(true);
    let lineage = cleaned.lineage.clone();
    assert!(lineage.ratings.rejected_total() > 0);
    let mut svg = String::new();
    let hits = {
        let area = SVGBackend::with_string(&mut svg, SIZE).into_drawing_area();
        draw_lineage(&area, &lineage, &Style::default()).expect("draws")
    };
    check_inside(ChartKind::Histogram, &hits, SIZE, (0, 0));
    let rejected = hits
        .hits
        .iter()
        .find(|h| h.tip.starts_with("ratings.dat: ") && h.tip.contains("rejected"))
        .expect("a rejected part for ratings");
    assert!(rejected.x1 - rejected.x0 >= 3, "{rejected:?}");
    assert!(rejected
        .tip
        .contains(&count(lineage.ratings.rejected_total())));
    assert!(svg.contains("users.dat") && svg.contains("ratings.dat"));

    let mut svg = String::new();
    let hits = {
        let area = SVGBackend::with_string(&mut svg, SIZE).into_drawing_area();
        draw_lineage(&area, &Lineage::default(), &Style::default()).expect("draws")
    };
    assert!(hits.is_empty());
    assert!(svg.contains("No files loaded"));
}

/// The genre at a position of `GENRES`.
fn genre(index: u8) -> Genre {
    Genre::from_index(index).expect("a genre index")
}

#[test]
fn clicks_toggle_the_filter() {
    let mut f = Filter::default();
    assert_eq!(HitKey::Genre(genre(7)).selected(&f), None);
    assert!(HitKey::Genre(genre(7)).toggle(&mut f));
    assert_eq!(f.genres, vec![7]);
    assert_eq!(HitKey::Genre(genre(7)).selected(&f), Some(true));
    assert_eq!(HitKey::Genre(genre(3)).selected(&f), Some(false));
    assert!(HitKey::Genre(genre(7)).toggle(&mut f));
    assert!(f.genres.is_empty());
    assert!(HitKey::Gender(Gender::F).toggle(&mut f));
    assert_eq!(f.genders, vec![Gender::F]);
    // (A gender key that is neither F nor M, refused here before, can no
    // longer be made: keys are typed.)
    let month = HitKey::Month { from: 10, to: 20 };
    assert!(month.toggle(&mut f));
    assert_eq!(f.time, Some((10, 20)));
    assert_eq!(HitKey::Month { from: 20, to: 30 }.selected(&f), Some(false));
    assert!(month.toggle(&mut f));
    assert_eq!(f.time, None);
    assert!(HitKey::Year(1995).toggle(&mut f));
    assert_eq!(f.years, Some((1995, 1995)));
    assert!(!HitKey::Movie(1).toggle(&mut f));
    assert!(!HitKey::Cell { row: 0, col: 0 }.toggle(&mut f));
    for kind in ChartKind::ALL {
        assert_eq!(ChartKind::from_id(kind.id()), Some(kind));
        assert!(!kind.title().is_empty());
    }
}

/// A named rendering: dashboard, active filter, size and style.
type Case<'a> = (&'a str, &'a Dashboard, &'a Filter, (u32, u32), &'a Style);

/// With `MOVIELENS_CHARTS_DUMP=dir`, writes every chart (full, filtered,
/// empty, dark, 2x) and the lineage as SVG files into `dir` to look at.
#[test]
fn dump_svgs_when_asked() {
    let Some(dir) = std::env::var_os("MOVIELENS_CHARTS_DUMP") else {
        return;
    };
    let dir = std::path::PathBuf::from(dir);
    std::fs::create_dir_all(&dir).expect("dump dir");
    let filter = Filter {
        genres: vec![7],
        ages: vec![25],
        genders: vec![Gender::F],
        years: Some((1990, 1999)),
        time: d_month_range(),
        ..Filter::default()
    };
    let filtered = dash(&filter);
    let empty = dash(&nothing());
    let dark = Style {
        scale: 1.0,
        dark: true,
    };
    let double = Style {
        scale: 2.0,
        dark: false,
    };
    for kind in ChartKind::ALL {
        let cases: [Case; 5] = [
            ("full", full(), &Filter::default(), SIZE, &Style::default()),
            ("filtered", &filtered, &filter, SIZE, &Style::default()),
            ("empty", &empty, &nothing(), SIZE, &Style::default()),
            ("dark", full(), &Filter::default(), SIZE, &dark),
            (
                "2x",
                full(),
                &Filter::default(),
                (2 * SIZE.0, 2 * SIZE.1),
                &double,
            ),
        ];
        for (name, d, f, size, style) in cases {
            let (_, svg) = render(kind, d, f, size, style);
            std::fs::write(dir.join(format!("{}-{name}.svg", kind.id())), svg).expect("write");
        }
    }
    let lineage = load(true).lineage;
    let mut svg = String::new();
    {
        let area = SVGBackend::with_string(&mut svg, SIZE).into_drawing_area();
        draw_lineage(&area, &lineage, &Style::default()).expect("draws");
    }
    std::fs::write(dir.join("lineage.svg"), svg).expect("write");
}

/// Texts drawn and where they are anchored.
type Anchors = std::rc::Rc<std::cell::RefCell<Vec<(String, (i32, i32))>>>;

/// An SVG backend that counts text measurements (each one is a DOM layout
/// in the browser) and records where texts are anchored.
struct Counting<'a> {
    inner: SVGBackend<'a>,
    measured: std::rc::Rc<std::cell::Cell<usize>>,
    anchors: Anchors,
}

impl DrawingBackend for Counting<'_> {
    type ErrorType = <SVGBackend<'static> as DrawingBackend>::ErrorType;

    fn get_size(&self) -> (u32, u32) {
        self.inner.get_size()
    }
    fn ensure_prepared(&mut self) -> Result<(), DrawingErrorKind<Self::ErrorType>> {
        self.inner.ensure_prepared()
    }
    fn present(&mut self) -> Result<(), DrawingErrorKind<Self::ErrorType>> {
        self.inner.present()
    }
    fn draw_pixel(
        &mut self,
        point: BackendCoord,
        color: BackendColor,
    ) -> Result<(), DrawingErrorKind<Self::ErrorType>> {
        self.inner.draw_pixel(point, color)
    }
    fn draw_line<S: BackendStyle>(
        &mut self,
        from: BackendCoord,
        to: BackendCoord,
        style: &S,
    ) -> Result<(), DrawingErrorKind<Self::ErrorType>> {
        self.inner.draw_line(from, to, style)
    }
    fn draw_rect<S: BackendStyle>(
        &mut self,
        upper_left: BackendCoord,
        bottom_right: BackendCoord,
        style: &S,
        fill: bool,
    ) -> Result<(), DrawingErrorKind<Self::ErrorType>> {
        self.inner.draw_rect(upper_left, bottom_right, style, fill)
    }
    fn draw_path<S: BackendStyle, I: IntoIterator<Item = BackendCoord>>(
        &mut self,
        path: I,
        style: &S,
    ) -> Result<(), DrawingErrorKind<Self::ErrorType>> {
        self.inner.draw_path(path, style)
    }
    fn draw_circle<S: BackendStyle>(
        &mut self,
        center: BackendCoord,
        radius: u32,
        style: &S,
        fill: bool,
    ) -> Result<(), DrawingErrorKind<Self::ErrorType>> {
        self.inner.draw_circle(center, radius, style, fill)
    }
    fn fill_polygon<S: BackendStyle, I: IntoIterator<Item = BackendCoord>>(
        &mut self,
        vert: I,
        style: &S,
    ) -> Result<(), DrawingErrorKind<Self::ErrorType>> {
        self.inner.fill_polygon(vert, style)
    }
    fn draw_text<T: BackendTextStyle>(
        &mut self,
        text: &str,
        style: &T,
        pos: BackendCoord,
    ) -> Result<(), DrawingErrorKind<Self::ErrorType>> {
        self.anchors.borrow_mut().push((text.to_owned(), pos));
        self.inner.draw_text(text, style, pos)
    }
    fn estimate_text_size<T: BackendTextStyle>(
        &self,
        text: &str,
        style: &T,
    ) -> Result<(u32, u32), DrawingErrorKind<Self::ErrorType>> {
        self.measured.set(self.measured.get() + 1);
        self.inner.estimate_text_size(text, style)
    }
}

#[test]
fn charts_measure_few_texts_and_draw_them_inside() {
    let filter = Filter {
        genres: vec![7],
        ..Filter::default()
    };
    let d = dash(&filter);
    let mut total = 0;
    for kind in ChartKind::ALL {
        let measured = std::rc::Rc::new(std::cell::Cell::new(0));
        let anchors = std::rc::Rc::new(std::cell::RefCell::new(Vec::new()));
        let mut svg = String::new();
        {
            let backend = Counting {
                inner: SVGBackend::with_string(&mut svg, SIZE),
                measured: measured.clone(),
                anchors: anchors.clone(),
            };
            let area = backend.into_drawing_area();
            draw(kind, &area, &d, &filter, &Style::default()).expect("draws");
        }
        let n = measured.get();
        eprintln!("{}: {n} text measurements", kind.id());
        assert!(n <= 60, "{}: {n} text measurements", kind.id());
        total += n;
        let (w, h) = (SIZE.0 as i32, SIZE.1 as i32);
        for (text, (x, y)) in anchors.borrow().iter() {
            assert!(
                (0..=w).contains(x) && (0..=h).contains(y),
                "{}: {text:?} anchored at ({x}, {y})",
                kind.id()
            );
        }
    }
    assert!(total <= 350, "{total} text measurements for the dashboard");
}
