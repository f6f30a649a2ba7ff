//! The human summary `movielens report` prints: warnings first, then
//! lineage, the summary, the top lists and the stage timings.

use movielens_core::clean::MAX_KEPT_PER_REASON;
use movielens_core::lineage::Lineage;
use movielens_core::numbers::thousands;
use movielens_core::report::Report;
use movielens_core::time::format_utc;
use movielens_core::{RejectReason, Warning};

fn mean(m: Option<f64>) -> String {
    m.map_or("-".to_owned(), |m| format!("{m:.4}"))
}

/// The whole summary of a report of `paths`.
pub fn summary(paths: &[String], report: &Report, alerts: &[String], total_ms: f64) -> String {
    let mut s = format!("MovieLens report: {}\n", paths.join(" "));
    for alert in alerts {
        s += &format!("\n  WARNING: {alert}\n");
    }
    s += "\nLineage\n";
    s += &lineage(&report.lineage);
    s += &overview(report);
    s += &tops(report);
    s += "\nTimings\n";
    for t in &report.lineage.stages {
        s += &format!("  {:<28} {:>8.1} ms\n", t.stage, t.ms);
    }
    s += &format!("  {:<28} {:>8.1} ms\n", "total", total_ms);
    s
}

/// Lines, accepted, rejected and blank per file, with reasons and warnings.
fn lineage(l: &Lineage) -> String {
    let mut s = String::new();
    for f in [&l.users, &l.movies, &l.ratings] {
        s += &format!(
            "  {:<12} {:>11} lines  {:>11} accepted  {:>7} rejected  {:>5} blank  ({:.1} MB)\n",
            f.name,
            thousands(f.lines),
            thousands(f.accepted),
            thousands(f.rejected_total()),
            thousands(f.blank),
            f.bytes as f64 / 1e6
        );
        let reasons: Vec<String> = RejectReason::ALL
            .iter()
            .filter(|r| f.rejected(**r) > 0)
            .map(|r| format!("{} {}", r.code(), thousands(f.rejected(*r))))
            .collect();
        if !reasons.is_empty() {
            s += &format!("               rejected: {}\n", reasons.join(", "));
        }
        if RejectReason::ALL
            .iter()
            .any(|r| f.rejected(*r) > MAX_KEPT_PER_REASON as u64)
        {
            s += &format!(
                "               (--rejects lists the first {} rows of each reason)\n",
                thousands(MAX_KEPT_PER_REASON as u64)
            );
        }
        let warnings: Vec<String> = Warning::ALL
            .iter()
            .filter(|w| f.warned(**w) > 0)
            .map(|w| format!("{} {}", w.code(), thousands(f.warned(*w))))
            .collect();
        if !warnings.is_empty() {
            s += &format!("               warnings: {}\n", warnings.join(", "));
        }
    }
    s
}

/// Counts, the rating-time span and the star histogram.
fn overview(report: &Report) -> String {
    let mut s = String::new();
    let sm = &report.summary;
    if let Some(a) = &report.as_of {
        s += &format!(
            "\nAs of {}: {} of {} accepted ratings had been made ({} since re-rated)\n",
            format_utc(a.unix),
            thousands(a.ratings),
            thousands(a.ratings_now),
            thousands(a.superseded)
        );
    }
    s += &format!(
        "\nSummary\n  {} users, {} movies ({} rated), {} ratings, mean rating {}\n",
        thousands(sm.users),
        thousands(sm.movies),
        thousands(sm.rated_movies),
        thousands(sm.ratings),
        mean(sm.mean_rating)
    );
    if let (Some(a), Some(b)) = (sm.first_ts, sm.last_ts) {
        s += &format!("  rated from {} to {}\n", format_utc(a), format_utc(b));
    }
    let total: u64 = report.rating_histogram.values().sum();
    s += "  stars:";
    for (k, v) in &report.rating_histogram {
        let pct = if total > 0 {
            *v as f64 * 100.0 / total as f64
        } else {
            0.0
        };
        s += &format!("  {k}: {} ({pct:.1}%)", thousands(*v));
    }
    s
}

/// The most rated, highest-mean and women-vs-men lists.
fn tops(report: &Report) -> String {
    let mut s = String::new();
    s += "\n\nMost rated\n";
    for m in &report.top_by_count {
        s += &format!(
            "  {:>7}  {}  {}\n",
            thousands(m.ratings),
            mean(Some(m.mean)),
            m.title
        );
    }
    s += &format!(
        "\nHighest mean (at least {} ratings; {} movies qualify)\n",
        report.min_ratings,
        thousands(report.movies_with_min_ratings)
    );
    for m in &report.top_by_mean {
        s += &format!(
            "  {}  {:>7}  {}\n",
            mean(Some(m.mean)),
            thousands(m.ratings),
            m.title
        );
    }
    s += "\nWomen rate higher than men\n";
    for g in report.gender_gap.iter().flatten() {
        s += &format!(
            "  {:+.3}  F {:.3} M {:.3}  {}\n",
            g.diff, g.mean_f, g.mean_m, g.title
        );
    }
    s
}
