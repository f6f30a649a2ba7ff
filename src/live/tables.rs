//! The speed layer's readouts as small tables of text, made by the live
//! worker (the page only lays them out).

use movielens_core::numbers::thousands;
use movielens_core::stream::{SpeedLayer, Trending, Window};
use movielens_core::table::Dataset;
use movielens_core::time::format_instant;

use super::LiveTable;

/// Closed hourly and daily windows shown, the newest.
const HOURS_SHOWN: usize = 12;
const DAYS_SHOWN: usize = 7;
/// Trending movies shown per list, and the ratings in the window a movie
/// needs to be ranked by lift.
const TRENDS: usize = 5;
const LIFT_MIN: u32 = 3;
/// Late events listed (the newest the side output kept).
const LATE_SHOWN: usize = 5;

/// The tables of the speed layer: sliding windows, tumbling windows,
/// sessions, trending movies, late events.
pub fn speed_tables(ds: &Dataset, speed: &SpeedLayer) -> Vec<LiveTable> {
    let sliding = [
        ("last 24 h", speed.last_day()),
        ("last 7 days", speed.last_week()),
    ];
    let mut tables = vec![
        table(
            "Sliding windows (slide 1 h; the latest closed)",
            &["window", "from", "to", "ratings", "mean", "active users"],
            sliding
                .iter()
                .map(|(name, w)| match w {
                    Some(w) => {
                        let mut row = vec![name.to_string(), at(w.start), at(w.end)];
                        row.extend(numbers(w));
                        row.truncate(6);
                        row
                    }
                    None => vec![name.to_string(), "–".into(), "–".into(), "0".into()],
                })
                .collect(),
        ),
        windows(
            "Tumbling: per hour (the latest closed)",
            speed.hourly(),
            HOURS_SHOWN,
        ),
        windows(
            "Tumbling: per day (the latest closed)",
            speed.daily(),
            DAYS_SHOWN,
        ),
        sessions(speed),
    ];
    for (name, week) in [("last 24 h", false), ("last 7 days", true)] {
        let t = speed.trending(ds, week, TRENDS, LIFT_MIN);
        tables.push(trending(ds, name, &t));
    }
    tables.push(late(ds, speed));
    tables
}

fn table(title: &str, head: &[&str], rows: Vec<Vec<String>>) -> LiveTable {
    LiveTable {
        title: title.to_owned(),
        head: head.iter().map(|h| h.to_string()).collect(),
        rows,
    }
}

/// `YYYY-MM-DD HH:MM` (UTC) of Unix seconds.
fn at(t: i64) -> String {
    let s = format_instant(t.clamp(0, i64::from(u32::MAX)) as u32);
    s[..16].replace('T', " ")
}

fn mean(m: Option<f64>) -> String {
    m.map_or("–".to_owned(), |v| format!("{v:.3}"))
}

/// Ratings, mean, users, movies of a window.
fn numbers(w: &Window) -> [String; 4] {
    [
        thousands(w.ratings),
        mean(w.mean()),
        thousands(w.users.into()),
        thousands(w.movies.into()),
    ]
}

/// The newest `n` closed windows of a tumbling kind, newest first.
fn windows(title: &str, closed: &[Window], n: usize) -> LiveTable {
    let rows = closed
        .iter()
        .rev()
        .take(n)
        .map(|w| {
            let mut row = vec![at(w.start)];
            row.extend(numbers(w));
            row
        })
        .collect();
    table(title, &["from", "ratings", "mean", "users", "movies"], rows)
}

/// A duration in seconds as minutes or hours.
fn duration(s: Option<f64>) -> String {
    match s {
        None => "–".to_owned(),
        Some(s) if s < 3600.0 => format!("{:.1} min", s / 60.0),
        Some(s) => format!("{:.1} h", s / 3600.0),
    }
}

fn sessions(speed: &SpeedLayer) -> LiveTable {
    let s = speed.sessions();
    let title = format!("Sessions per user (gap {} min)", s.gap / 60);
    let row = vec![
        thousands(s.closed),
        thousands(s.open),
        s.mean_ratings().map_or("–".into(), |m| format!("{m:.2}")),
        duration(s.mean_length()),
        duration((s.closed > 0).then_some(s.longest as f64)),
    ];
    table(
        &title,
        &[
            "closed",
            "open now",
            "ratings / session",
            "mean length",
            "longest",
        ],
        vec![row],
    )
}

fn trending(ds: &Dataset, name: &str, t: &Trending) -> LiveTable {
    let title = |m: u32| ds.movies.display[m as usize].clone();
    let rows = (0..t.by_count.len().max(t.by_lift.len()))
        .map(|i| {
            let (c, l) = (t.by_count.get(i), t.by_lift.get(i));
            vec![
                c.map_or(String::new(), |c| title(c.movie)),
                c.map_or(String::new(), |c| c.count.to_string()),
                l.map_or(String::new(), |l| title(l.movie)),
                l.map_or(String::new(), |l| format!("{:.1}× ({})", l.lift, l.count)),
            ]
        })
        .collect();
    table(
        &format!(
            "Trending, {name} ({} ratings in the window)",
            thousands(t.ratings)
        ),
        &["by ratings", "ratings", "by lift", "lift (ratings)"],
        rows,
    )
}

fn late(ds: &Dataset, speed: &SpeedLayer) -> LiveTable {
    let late = speed.late();
    let per: Vec<String> = SpeedLayer::KINDS
        .iter()
        .zip(late.per_window)
        .map(|(k, n)| format!("{k} {}", thousands(n)))
        .collect();
    let title = format!(
        "Late events: {} (per window: {}); the newest of the first {} kept",
        thousands(late.events),
        per.join(", "),
        speed.config().late_kept
    );
    let rows = late
        .first
        .iter()
        .rev()
        .take(LATE_SHOWN)
        .map(|l| {
            let e = l.event;
            let late_for: Vec<&str> = SpeedLayer::KINDS
                .iter()
                .enumerate()
                .filter(|(i, _)| l.late_for >> i & 1 == 1)
                .map(|(_, k)| *k)
                .collect();
            vec![
                at(e.ts.into()),
                ds.users.id[e.user as usize].to_string(),
                ds.movies.display[e.movie as usize].clone(),
                movielens_core::model::star_text(e.halves),
                at(l.watermark),
                late_for.join(", "),
            ]
        })
        .collect();
    table(
        &title,
        &[
            "rated at",
            "user",
            "movie",
            "stars",
            "watermark then",
            "late for",
        ],
        rows,
    )
}
