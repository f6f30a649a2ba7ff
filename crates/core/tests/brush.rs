//! Issue 12's chart points, natively: the brushable axes of the month and
//! release-year charts agree with their hit maps, a brushed range is drawn
//! as a band and counts exactly the ratings of its months; the top lists
//! follow their minimum count; legends list only what is drawn.

use movielens_core::analytics::{dashboard, month_start, Filter};
use movielens_core::charts::{draw, month_of, Axis, ChartKind, HitKey, HitMap, Style, Unit};
use movielens_core::demo::{generate, DemoConfig};
use movielens_core::lineage::native_clock;
use movielens_core::table::Dataset;
use plotters::prelude::*;

fn dataset() -> Dataset {
    let files = generate(&DemoConfig {
        ratings: 20_000,
        seed: 11,
        dirty: false,
    });
    Dataset::new(files.load(native_clock))
}

fn render(kind: ChartKind, ds: &Dataset, filter: &Filter, top_min: u64) -> (HitMap, String) {
    let d = dashboard(ds, filter, top_min);
    let mut svg = String::new();
    let hits = {
        let area = SVGBackend::with_string(&mut svg, (900, 360)).into_drawing_area();
        draw(kind, &area, &d, filter, &Style::default()).expect("draws")
    };
    (hits, svg)
}

#[test]
fn the_month_axis_maps_every_bar_to_its_month() {
    let ds = dataset();
    let (hits, _) = render(ChartKind::Months, &ds, &Filter::default(), 20);
    let axis = hits.axis.expect("the month chart can be brushed");
    assert_eq!(axis.unit, Unit::Month);
    let months: Vec<(u32, u32)> = hits
        .hits
        .iter()
        .filter_map(|h| match h.key {
            Some(HitKey::Month { from, to }) => Some((from, to)),
            _ => None,
        })
        .collect();
    assert_eq!(months.len() as u32, axis.units());
    for (h, &(from, to)) in hits.hits.iter().zip(&months) {
        let unit = axis.unit_at(h.center().0);
        assert_eq!(unit, month_of(from), "bar of {from}");
        assert_eq!((month_start(unit), month_start(unit + 1)), (from, to));
    }
    assert!(axis.x0_px < axis.x1_px && axis.y0_px < axis.y1_px);
}

#[test]
fn a_brushed_month_range_counts_exactly_its_ratings_and_shows_a_band() {
    let ds = dataset();
    let (hits, plain) = render(ChartKind::Months, &ds, &Filter::default(), 20);
    let axis: Axis = hits.axis.expect("brushable");
    // A drag from the middle of the third month to the middle of the sixth.
    let centre = |u: u32| {
        let (l, r) = axis.slot(u);
        (l + r) / 2
    };
    let (lo, hi) = axis.range(centre(axis.first + 5), centre(axis.first + 2));
    assert_eq!((lo, hi), (axis.first + 2, axis.first + 5));
    let mut f = Filter::default();
    axis.select(&mut f, Some((lo, hi)));
    let (from, to) = f.time.expect("a time range");
    let expected = (0..ds.len())
        .filter(|&i| (from..to).contains(&ds.ratings.ts[i]))
        .count() as u64;
    assert!(expected > 0);
    assert_eq!(dashboard(&ds, &f, 20).kpis.ratings, expected);
    let (again, banded) = render(ChartKind::Months, &ds, &f, 20);
    assert_eq!(again.axis.and_then(|a| a.selected(&f)), Some((lo, hi)));
    assert_ne!(plain, banded, "the selected range is drawn");
}

#[test]
fn the_year_axis_spans_the_rated_years() {
    let ds = dataset();
    let (hits, _) = render(ChartKind::Years, &ds, &Filter::default(), 20);
    let axis = hits.axis.expect("the year chart can be brushed");
    assert_eq!(axis.unit, Unit::Year);
    for h in &hits.hits {
        if let Some(HitKey::Year(y)) = h.key {
            assert_eq!(axis.unit_at(h.center().0), u32::from(y));
        }
    }
    let mut f = Filter::default();
    axis.select(&mut f, Some((1990, 1995)));
    assert_eq!(f.years, Some((1990, 1995)));
    // Charts that cannot be brushed have no axis.
    let (genres, _) = render(ChartKind::Genres, &ds, &Filter::default(), 20);
    assert_eq!(genres.axis, None);
}

#[test]
fn the_best_rated_list_follows_the_minimum_count() {
    let ds = dataset();
    let few = dashboard(&ds, &Filter::default(), 1);
    // The fifth most rated movie's count: five movies at least qualify.
    let high = few.top_by_count[4].ratings;
    assert!(high > 2);
    for min in [1, 2, high] {
        let d = dashboard(&ds, &Filter::default(), min);
        assert!(!d.top_by_damped.is_empty(), "min {min}");
        for m in &d.top_by_damped {
            assert!(m.ratings >= min, "{} has {} < {min}", m.display, m.ratings);
        }
    }
    let many = dashboard(&ds, &Filter::default(), high);
    assert!(few.top_by_damped.iter().any(|m| m.ratings < high));
    assert_ne!(few.top_by_damped, many.top_by_damped);
    // And the chart's hit map with it.
    let (a, _) = render(ChartKind::TopDamped, &ds, &Filter::default(), 1);
    let (b, _) = render(ChartKind::TopDamped, &ds, &Filter::default(), high);
    assert_ne!(a.hits, b.hits);
}

#[test]
fn the_gender_gap_legend_names_only_the_sides_drawn() {
    let ds = dataset();
    let d = dashboard(&ds, &Filter::default(), 20);
    assert!(!d.gender_gap.is_empty());
    let (_, svg) = render(ChartKind::GenderGap, &ds, &Filter::default(), 20);
    let women = d.gender_gap.iter().any(|g| g.diff >= 0.0);
    let men = d.gender_gap.iter().any(|g| g.diff < 0.0);
    assert_eq!(svg.contains("women rate higher"), women);
    assert_eq!(svg.contains(">men rate higher"), men);
}
