//! Text alternatives of the charts: each canvas holds a table of the
//! numbers it draws as fallback content, read by screen readers (and kept
//! in the DOM as text, never as HTML).

use wasm_bindgen::JsValue;
use web_sys::Element;

use movielens_core::analytics::{Bar, Dashboard, Frequency, TopMovie};
use movielens_core::charts::ChartKind;

use crate::dom::{child, clear, mean, thousands};

type Rows = Vec<Vec<String>>;

fn bars<K>(b: &[Bar<K>]) -> Rows {
    b.iter()
        .map(|b| vec![b.label.clone(), thousands(b.ratings), mean(b.mean)])
        .collect()
}

fn movies(m: &[TopMovie]) -> Rows {
    m.iter()
        .map(|m| {
            vec![
                m.title.clone(),
                thousands(m.ratings),
                format!("{:.3}", m.mean),
                format!("{:.3}", m.damped),
            ]
        })
        .collect()
}

fn weekhour(d: &Dashboard) -> Rows {
    const DAYS: [&str; 7] = ["Mon", "Tue", "Wed", "Thu", "Fri", "Sat", "Sun"];
    DAYS.iter()
        .enumerate()
        .map(|(w, day)| {
            let hours: Vec<String> = d.weekhour[w * 24..w * 24 + 24]
                .iter()
                .map(|c| c.to_string())
                .collect();
            vec![(*day).to_owned(), hours.join(" ")]
        })
        .collect()
}

fn genre_age(d: &Dashboard) -> Rows {
    d.by_genre
        .iter()
        .zip(&d.genre_age)
        .map(|(g, row)| {
            let cells: Vec<String> = row.iter().map(|b| mean(b.mean)).collect();
            vec![g.label.clone(), cells.join(" ")]
        })
        .collect()
}

fn gender_gap(d: &Dashboard) -> Rows {
    d.gender_gap
        .iter()
        .map(|g| {
            vec![
                g.title.clone(),
                format!("{:.3} ({})", g.mean_f, thousands(g.ratings_f)),
                format!("{:.3} ({})", g.mean_m, thousands(g.ratings_m)),
                format!("{:+.3}", g.diff),
            ]
        })
        .collect()
}

fn tail(f: &[Frequency]) -> Rows {
    f.iter()
        .take(60)
        .map(|x| vec![thousands(x.ratings), thousands(x.count)])
        .collect()
}

fn years(d: &Dashboard) -> Rows {
    d.by_year
        .iter()
        .map(|y| {
            vec![
                y.year.to_string(),
                thousands(y.ratings),
                mean(y.mean),
                thousands(y.movies),
            ]
        })
        .collect()
}

/// Header and rows of the numbers behind a chart.
fn rows(kind: ChartKind, d: &Dashboard) -> (Vec<&'static str>, Rows) {
    const MOVIE: [&str; 4] = ["movie", "ratings", "mean", "damped mean"];
    match kind {
        ChartKind::Histogram => (
            vec!["stars", "ratings"],
            d.scale
                .halves()
                .map(|h| {
                    let c = d.histogram[usize::from(h) - 1];
                    vec![movielens_core::model::star_text(h), thousands(c)]
                })
                .collect(),
        ),
        ChartKind::Months => (
            vec!["month", "ratings", "mean"],
            d.by_month
                .iter()
                .map(|m| vec![m.key.clone(), thousands(m.ratings), mean(m.mean)])
                .collect(),
        ),
        ChartKind::Genres => (vec!["genre", "ratings", "mean"], bars(&d.by_genre)),
        ChartKind::Gender => (vec!["gender", "ratings", "mean"], bars(&d.by_gender)),
        ChartKind::Age => (vec!["age", "ratings", "mean"], bars(&d.by_age)),
        ChartKind::Occupation => (
            vec!["occupation", "ratings", "mean"],
            bars(&d.by_occupation),
        ),
        ChartKind::WeekHour => (vec!["weekday", "ratings per hour 0–23 (UTC)"], weekhour(d)),
        ChartKind::GenreAge => (
            vec!["genre", "mean by age group (Under 18 … 56+)"],
            genre_age(d),
        ),
        ChartKind::TopCount => (MOVIE.to_vec(), movies(&d.top_by_count)),
        ChartKind::TopDamped => (MOVIE.to_vec(), movies(&d.top_by_damped)),
        ChartKind::GenderGap => (vec!["movie", "women", "men", "difference"], gender_gap(d)),
        ChartKind::UserTail => (vec!["ratings", "how many"], tail(&d.ratings_per_user)),
        ChartKind::MovieTail => (vec!["ratings", "how many"], tail(&d.ratings_per_movie)),
        ChartKind::Years => (vec!["year", "ratings", "mean", "movies"], years(d)),
    }
}

/// Fills the canvas' fallback content with the chart's numbers.
pub fn fill(canvas: &Element, kind: ChartKind, d: &Dashboard) -> Result<(), JsValue> {
    clear(canvas);
    let (head, body) = rows(kind, d);
    let table = child(canvas, "table", "", "")?;
    child(&table, "caption", "", kind.title())?;
    let tr = child(&table, "tr", "", "")?;
    for h in head {
        child(&tr, "th", "", h)?;
    }
    for r in body {
        let tr = child(&table, "tr", "", "")?;
        for c in r {
            child(&tr, "td", "", &c)?;
        }
    }
    Ok(())
}
