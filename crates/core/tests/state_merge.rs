//! The dashboard is a function of mergeable state: on random datasets and
//! random filters, the ratings split into k random disjoint parts, given in
//! random order, merge into exactly the state (and the dashboard) of the
//! whole; adding a part and retracting it gives back the state before.

use proptest::prelude::*;

use movielens_core::analytics::{dashboard, DashboardState, Filter};
use movielens_core::demo::{generate, DemoConfig, Rng};
use movielens_core::lineage::native_clock;
use movielens_core::model::{Gender, AGE_GROUPS};
use movielens_core::table::Dataset;

/// A filter as proptest draws it: each dimension on or off, with bits or
/// fractions that [`make_filter`] maps onto the dataset.
#[derive(Debug, Clone)]
struct FilterDraw {
    genders: Option<u8>,
    ages: Option<u8>,
    occupations: Option<u32>,
    genres: Option<u32>,
    time: Option<(f64, f64)>,
    years: Option<(u16, u16)>,
    min_ratings: Option<u32>,
}

fn filter_draw() -> impl Strategy<Value = FilterDraw> {
    let p = 0.35;
    (
        prop::option::weighted(p, 1u8..4),
        prop::option::weighted(p, 1u8..=255),
        prop::option::weighted(p, 1u32..(1 << 22)),
        prop::option::weighted(p, 1u32..(1 << 19)),
        prop::option::weighted(p, (0.0f64..1.1, 0.0f64..1.1)),
        prop::option::weighted(p, (1915u16..2005, 1915u16..2005)),
        prop::option::weighted(p, 0u32..30),
    )
        .prop_map(
            |(genders, ages, occupations, genres, time, years, min_ratings)| FilterDraw {
                genders,
                ages,
                occupations,
                genres,
                time,
                years,
                min_ratings,
            },
        )
}

/// The filter a draw means on `ds`; bits past the valid codes give invalid
/// ones (an age code 30, an occupation 21, a genre 18), which must be
/// harmless too.
fn make_filter(d: &FilterDraw, ds: &Dataset) -> Filter {
    let bits = |mask: u32, n: u32| (0..n).filter(move |i| mask & (1 << i) != 0);
    let mut f = Filter::default();
    if let Some(g) = d.genders {
        f.genders = bits(u32::from(g), 2)
            .map(|i| Gender::ALL[i as usize])
            .collect();
    }
    if let Some(a) = d.ages {
        f.ages = bits(u32::from(a), 8)
            .map(|i| AGE_GROUPS.get(i as usize).map_or(30, |g| g.0))
            .collect();
    }
    if let Some(o) = d.occupations {
        f.occupations = bits(o, 22).map(|i| i as u8).collect();
    }
    if let Some(g) = d.genres {
        f.genres = bits(g, 19).map(|i| i as u8).collect();
    }
    if let (Some((a, b)), Some(first), Some(last)) = (d.time, ds.first_ts, ds.last_ts) {
        let at = |x: f64| first + (f64::from(last - first) * x) as u32;
        f.time = Some((at(a), at(b)));
    }
    f.years = d.years;
    f.min_ratings = d.min_ratings.unwrap_or(0);
    f
}

/// How the rows are cut: contiguous ranges, or rows dealt at random.
#[derive(Debug, Clone)]
enum Part {
    Range(std::ops::Range<usize>),
    Rows(Vec<u32>),
}

fn cut(n: usize, k: usize, contiguous: bool, rng: &mut Rng) -> Vec<Part> {
    let mut parts = if contiguous {
        let mut ends: Vec<usize> = (1..k).map(|_| rng.below(n as u64 + 1) as usize).collect();
        ends.push(0);
        ends.push(n);
        ends.sort_unstable();
        ends.windows(2).map(|w| Part::Range(w[0]..w[1])).collect()
    } else {
        let mut lists = vec![Vec::new(); k];
        for row in 0..n as u32 {
            lists[rng.below(k as u64) as usize].push(row);
        }
        for list in &mut lists {
            shuffle(list, rng);
        }
        lists.into_iter().map(Part::Rows).collect::<Vec<_>>()
    };
    shuffle(&mut parts, rng);
    parts
}

fn shuffle<T>(v: &mut [T], rng: &mut Rng) {
    for i in (1..v.len()).rev() {
        v.swap(i, rng.below(i as u64 + 1) as usize);
    }
}

fn add(state: &mut DashboardState, ds: &Dataset, part: &Part) {
    match part {
        Part::Range(r) => state.update(ds, r.clone()),
        Part::Rows(rows) => state.update_rows(ds, rows),
    }
}

fn retract(state: &mut DashboardState, ds: &Dataset, part: &Part) {
    match part {
        Part::Range(r) => state.retract(ds, r.clone()),
        Part::Rows(rows) => state.retract_rows(ds, rows),
    }
}

fn dataset(seed: u64, ratings: u64, dirty: bool) -> Dataset {
    let files = generate(&DemoConfig {
        ratings,
        seed,
        dirty,
    });
    Dataset::new(files.load(native_clock))
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(96))]

    #[test]
    fn parts_merge_into_the_whole_and_retract_exactly(
        seed in any::<u64>(),
        ratings in 1u64..3_000,
        dirty in any::<bool>(),
        draw in filter_draw(),
        top_min in 0u64..30,
        k in 1usize..7,
        contiguous in any::<bool>(),
        deal in any::<u64>(),
    ) {
        let ds = dataset(seed, ratings, dirty);
        let filter = make_filter(&draw, &ds);
        let mut rng = Rng::new(deal);
        let parts = cut(ds.len(), k, contiguous, &mut rng);

        let mut whole = DashboardState::new(&ds, &filter);
        whole.update(&ds, 0..ds.len());
        let expected = dashboard(&ds, &filter, top_min);
        prop_assert_eq!(&whole.finish(&ds, top_min), &expected);
        prop_assert_eq!(whole.rows(), ds.len() as u64);

        // Each part in its own state, merged in the (random) order given.
        let mut merged = DashboardState::new(&ds, &filter);
        for part in &parts {
            let mut state = DashboardState::new(&ds, &filter);
            add(&mut state, &ds, part);
            merged.merge(&state);
        }
        prop_assert_eq!(&merged, &whole);
        prop_assert_eq!(&merged.finish(&ds, top_min), &expected);

        // One state updated part by part.
        let mut one = DashboardState::new(&ds, &filter);
        for part in &parts {
            add(&mut one, &ds, part);
        }
        prop_assert_eq!(&one, &whole);

        // Adding a part and retracting it, row by row or as a state.
        let (last, rest) = parts.split_last().expect("k >= 1");
        let mut before = DashboardState::new(&ds, &filter);
        for part in rest {
            add(&mut before, &ds, part);
        }
        let mut again = before.clone();
        add(&mut again, &ds, last);
        prop_assert_eq!(&again, &whole);
        retract(&mut again, &ds, last);
        prop_assert_eq!(&again, &before);
        let mut slide = DashboardState::new(&ds, &filter);
        add(&mut slide, &ds, last);
        let mut again = whole.clone();
        again.retract_state(&slide);
        prop_assert_eq!(&again, &before);
        prop_assert_eq!(again.finish(&ds, top_min), before.finish(&ds, top_min));
    }
}

#[test]
#[should_panic(expected = "do not combine")]
fn states_of_different_filters_do_not_merge() {
    let ds = dataset(3, 500, false);
    let mut a = DashboardState::new(&ds, &Filter::default());
    let b = DashboardState::new(
        &ds,
        &Filter {
            genders: vec![Gender::F],
            ..Filter::default()
        },
    );
    a.merge(&b);
}
