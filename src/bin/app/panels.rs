//! The data quality and profile panels, and the KPI cards: tables of text
//! built from the worker's [`Loaded`] and [`Dashboard`], each made sortable
//! and searchable by [`crate::tables`].

use wasm_bindgen::prelude::*;
use web_sys::Element;

use movielens_core::analytics::Dashboard;
use movielens_core::clean::{RejectReason, Warning};
use movielens_core::expect::Outcome;
use movielens_core::profile::{Column, ColumnType, Profile, Role};
use movielens_core::time::format_utc;
use movielens_web::Loaded;

use crate::dom::{
    body_data, by_id, child, clear, failed, mean, or_failed, set_text, show, style, thousands,
};

/// A dataset is in the worker: its quality panel, lineage chart, source,
/// alerts and the bounds of the time filters; the profile follows.
pub fn show_loaded(l: &Loaded) {
    or_failed("the data quality panel", quality(l));
    pending();
    body_data("profiled", "0");
    crate::charts::draw_lineage(&l.lineage);
    // The status line says it is the demo: said once.
    show("demo-note", l.demo);
    show("source-line", !l.demo);
    set_text("source", &l.source);
    or_failed("the alerts", alerts(&l.alerts));
    body_data("source", if l.demo { "demo" } else { "files" });
    crate::exports::set_total(l.ratings());
    crate::filters::set_bounds(l.first_ts, l.last_ts, l.first_year, l.last_year);
}

/// The profile and expectations of the dataset shown, and their time.
pub fn show_profile(p: &Profile, outcomes: &[Outcome], ms: f64) {
    or_failed("the profile", profile(p));
    or_failed("the expectations", expectations(outcomes));
    let timing = by_id("timings").and_then(|tl| {
        child(
            &tl,
            "li",
            "",
            &format!("profile + expectations (after the first chart): {ms:.1} ms"),
        )
    });
    if let Err(e) = timing {
        failed("the profile's time", &e);
    }
    body_data("profiled", "1");
}

/// asof: says the profile is of the ratings as they stood at an instant
/// (the worker profiles the data as of the filter's instant).
pub fn profile_as_of(as_of: Option<u32>) {
    let note = by_id("profile-asof").and_then(|p| {
        let text = as_of.map(|t| {
            format!(
                "As of {} UTC: the ratings table and the findings count the ratings that stood then.",
                crate::filters::minutes(t, " ")
            )
        });
        p.set_text_content(text.as_deref());
        crate::dom::set_hidden(&p, as_of.is_none())
    });
    or_failed("the profile's instant", note);
}

/// The KPI cards.
pub fn kpis(d: &Dashboard) -> Result<(), JsValue> {
    let out = by_id("kpis")?;
    clear(&out);
    let k = &d.kpis;
    // (key for tests and tools, label, value): users and movies count
    // those with a rating that passes, not the files' rows.
    for (key, label, value) in [
        ("ratings", "ratings", thousands(k.ratings)),
        ("users", "users who rated", thousands(k.users)),
        ("movies", "rated movies", thousands(k.movies)),
        ("mean rating", "mean rating", mean(k.mean)),
        (
            "ratings per user",
            "ratings per user",
            k.ratings_per_user.map_or("–".into(), |v| format!("{v:.1}")),
        ),
    ] {
        let card = child(&out, "div", "kpi", "")?;
        card.set_attribute("data-kpi", key)?;
        child(&card, "span", "value", &value)?;
        child(&card, "span", "label", label)?;
    }
    crate::exports::set_shown(k.ratings);
    Ok(())
}

pub(crate) fn row(table: &Element, cells: &[String], header: bool) -> Result<Element, JsValue> {
    let tr = child(table, "tr", "", "")?;
    for c in cells {
        child(&tr, if header { "th" } else { "td" }, "", c)?;
    }
    Ok(tr)
}

/// The warnings about files that do not belong together, at the top of the
/// page (hidden when there are none).
fn alerts(alerts: &[String]) -> Result<(), JsValue> {
    let list = by_id("alerts")?;
    clear(&list);
    for a in alerts {
        child(&list, "li", "", &format!("Warning: {a}."))?;
    }
    crate::dom::show("alerts", !alerts.is_empty());
    Ok(())
}

/// What the rejects table holds of all the rejected rows: every one is
/// counted, the first 1,000 of each file and reason are kept (the CSV), the
/// first [`movielens_web::REJECTS_SHOWN`] of those are shown.
fn rejects_count(l: &Loaded) -> String {
    let total = thousands(l.rejects_total);
    let shown = thousands(l.rejects.len() as u64);
    let kept = thousands(l.rejects_kept);
    let per = thousands(movielens_core::clean::MAX_KEPT_PER_REASON as u64);
    match (l.rejects_kept < l.rejects_total, l.rejects_kept > l.rejects.len() as u64) {
        (false, false) => format!("{total} rejected rows"),
        (false, true) => format!("{total} rejected rows: the first {shown} shown (the CSV has all)"),
        (true, false) => format!(
            "{shown} of {total} rejected rows shown: the first {per} of each file and reason are kept (the CSV has the same)"
        ),
        (true, true) => format!(
            "{shown} of {total} rejected rows shown: the first {per} of each file and reason are kept ({kept}, all in the CSV)"
        ),
    }
}

/// The data quality panel: lineage table, timings, expectations, rejects.
fn quality(l: &Loaded) -> Result<(), JsValue> {
    // Lineage table.
    let t = by_id("lineage-table")?;
    clear(&t);
    row(
        &t,
        &[
            "file", "bytes", "lines", "blank", "accepted", "rejected", "reasons", "warnings",
        ]
        .map(String::from),
        true,
    )?;
    let lineage = &l.lineage;
    let files = [&lineage.users, &lineage.movies, &lineage.ratings];
    // append: each ratings file added, after the one loaded.
    for (i, f) in files.into_iter().chain(&lineage.appended).enumerate() {
        let reasons: Vec<String> = RejectReason::ALL
            .iter()
            .filter(|r| f.rejected(**r) > 0)
            .map(|r| format!("{} {}", r.code(), thousands(f.rejected(*r))))
            .collect();
        let warnings: Vec<String> = Warning::ALL
            .iter()
            .filter(|w| f.warned(**w) > 0)
            .map(|w| format!("{} {}", w.code(), thousands(f.warned(*w))))
            .collect();
        let tr = row(
            &t,
            &[
                f.name.clone(),
                thousands(f.bytes),
                thousands(f.lines),
                thousands(f.blank),
                thousands(f.accepted),
                thousands(f.rejected_total()),
                reasons.join(", "),
                warnings.join(", "),
            ],
            false,
        )?;
        tr.set_attribute("data-file", f.kind.name())?;
        if i >= files.len() {
            tr.set_attribute("data-appended", "")?;
        }
    }
    crate::tables::enhance(&t, "files")?;
    warnings_explained(l)?;
    // Timings.
    let tl = by_id("timings")?;
    clear(&tl);
    for s in &l.timings {
        child(&tl, "li", "", &format!("{}: {:.1} ms", s.stage, s.ms))?;
    }
    child(&tl, "li", "total", &format!("total: {:.0} ms", l.ms))?;

    // Rejects.
    by_id("rejects-count")?.set_text_content(Some(&rejects_count(l)));
    let rt = by_id("rejects-table")?;
    clear(&rt);
    row(
        &rt,
        &["file", "line", "reason", "detail", "raw text"].map(String::from),
        true,
    )?;
    for r in &l.rejects {
        let tr = row(
            &rt,
            &[
                r.file.file_name().to_owned(),
                r.line.to_string(),
                r.reason.code().to_owned(),
                r.detail.clone(),
                r.raw.clone(),
            ],
            false,
        )?;
        tr.set_attribute("data-reason", r.reason.code())?;
    }
    crate::tables::enhance(&rt, "rejected rows")
}

/// What a warning means, for the person reading the lineage table.
fn warning_meaning(w: Warning) -> &'static str {
    match w {
        Warning::MissingYear => {
            "no (YYYY) at the end of the title: the release year is unknown, so the movie fails every release-year filter"
        }
        Warning::UnknownGenre => "a genre that is not one of the 18 of the README was dropped",
        Warning::NoGenres => "the movie has no known genre",
        Warning::Latin1 => {
            "decoded as Latin-1: the line was not valid UTF-8 (MovieLens 1M files are Latin-1, so accented titles arrive this way; the row is kept)"
        }
        _ => "a value was normalised; the row is kept",
    }
}

/// Under the lineage table: each warning that occurs, with where and what
/// it means.
fn warnings_explained(l: &Loaded) -> Result<(), JsValue> {
    let list = by_id("warnings-explained")?;
    clear(&list);
    let files = [&l.lineage.users, &l.lineage.movies, &l.lineage.ratings];
    for w in Warning::ALL {
        let where_: Vec<String> = files
            .into_iter()
            .chain(&l.lineage.appended)
            .filter(|f| f.warned(w) > 0)
            .map(|f| format!("{} in {}", thousands(f.warned(w)), f.name))
            .collect();
        if where_.is_empty() {
            continue;
        }
        let item = child(&list, "li", "", "")?;
        item.set_attribute("data-warning", w.code())?;
        child(&item, "code", "", w.code())?;
        child(
            &item,
            "span",
            "",
            &format!(" ({}): {}.", where_.join(", "), warning_meaning(w)),
        )?;
    }
    crate::dom::set_hidden(&list, list.child_element_count() == 0)
}

/// Placeholders while the worker profiles the new dataset.
fn pending() {
    for id in ["expectations", "profile-tables", "findings"] {
        let shown = by_id(id).and_then(|e| {
            clear(&e);
            child(&e, "p", "note", "Profiling…")
        });
        if let Err(e) = shown {
            failed(&format!("#{id}"), &e);
        }
    }
}

/// The expectations with pass/fail, counts and examples.
fn expectations(outcomes: &[Outcome]) -> Result<(), JsValue> {
    let ex = by_id("expectations")?;
    clear(&ex);
    for o in outcomes {
        let item = child(&ex, "li", if o.success { "pass" } else { "fail" }, "")?;
        child(
            &item,
            "span",
            "badge",
            if o.success { "pass" } else { "fail" },
        )?;
        child(&item, "span", "what", &o.description)?;
        child(
            &item,
            "span",
            "count",
            &format!(
                "{} unexpected of {}",
                thousands(o.unexpected_count),
                thousands(o.element_count)
            ),
        )?;
        if !o.unexpected.is_empty() {
            let table = child(&item, "table", "data examples", "")?;
            row(&table, &["file", "line", "found"].map(String::from), true)?;
            for e in &o.unexpected {
                row(
                    &table,
                    &[
                        e.file.file_name().to_owned(),
                        thousands(e.line),
                        e.value.clone(),
                    ],
                    false,
                )?;
            }
            crate::tables::enhance(&table, "examples")?;
        }
    }
    Ok(())
}

/// The profile panel: one table per data table, a row per column.
fn profile(p: &Profile) -> Result<(), JsValue> {
    let out = by_id("profile-tables")?;
    clear(&out);
    for t in &p.tables {
        let section = child(&out, "div", "profile-table", "")?;
        child(
            &section,
            "h3",
            "",
            &format!("{} — {} rows", t.name, thousands(t.rows)),
        )?;
        let table = child(&section, "table", "data", "")?;
        let header = row(
            &table,
            &[
                "column",
                "type",
                "count",
                "missing",
                "distinct",
                "measure",
                "min",
                "max",
                "mean",
                "std",
                "top values",
                "histogram",
            ]
            .map(String::from),
            true,
        )?;
        if let Some(h) = header.last_element_child() {
            h.set_attribute("data-nosort", "")?;
        }
        for c in &t.columns {
            column_row(&table, c)?;
        }
        crate::tables::enhance(&table, &format!("{} columns", t.name))?;
    }
    let f = &p.dataset;
    let list = by_id("findings")?;
    clear(&list);
    let ids = |v: &[u32]| v.iter().map(u32::to_string).collect::<Vec<_>>().join(", ");
    for (label, finding) in [
        ("MovieIDs without a movie (gaps)", &f.movie_id_gaps),
        ("UserIDs without a user (gaps)", &f.user_id_gaps),
        ("Movies nobody rated", &f.unrated_movies),
        ("Users with fewer than 20 ratings", &f.users_below_20),
    ] {
        let more = if finding.count as usize > finding.examples.len() {
            ", …"
        } else {
            ""
        };
        let text = if finding.count == 0 {
            format!("{label}: none")
        } else {
            format!(
                "{label}: {} ({}{more})",
                thousands(finding.count),
                ids(&finding.examples)
            )
        };
        child(&list, "li", "", &text)?;
    }
    for (label, d) in [
        ("Ratings per user", &f.ratings_per_user),
        ("Ratings per movie", &f.ratings_per_movie),
    ] {
        child(
            &list,
            "li",
            "",
            &format!(
                "{label}: min {}, median {}, mean {:.1}, max {}",
                thousands(d.min),
                d.median,
                d.mean,
                thousands(d.max)
            ),
        )?;
    }
    Ok(())
}

/// Profile numbers are never negative (ids, years, lengths, timestamps).
fn num(v: f64) -> String {
    if v.fract() == 0.0 && (0.0..1e15).contains(&v) {
        thousands(v as u64)
    } else {
        format!("{v:.3}")
    }
}

/// A column type as the report JSON names it.
fn column_type(kind: ColumnType) -> &'static str {
    match kind {
        ColumnType::Integer => "integer",
        ColumnType::Categorical => "categorical",
        ColumnType::Text => "text",
        ColumnType::Timestamp => "timestamp",
        ColumnType::GenreSet => "genre_set",
    }
}

/// What a profile row's min, max, mean and std are of.
fn measure(kind: ColumnType) -> &'static str {
    match kind {
        ColumnType::Integer => "value",
        ColumnType::Text => "length (characters)",
        ColumnType::Timestamp => "time (UTC)",
        ColumnType::Categorical | ColumnType::GenreSet => "–",
    }
}

fn column_row(table: &Element, c: &Column) -> Result<(), JsValue> {
    let kind = match c.role {
        Role::Key => "id, one per row".to_owned(),
        Role::Reference => "id of another table".to_owned(),
        Role::Value => column_type(c.kind).to_owned(),
    };
    let (min, max, mean, std) = match &c.numeric {
        Some(n) if c.kind == ColumnType::Timestamp => (
            format_utc(n.min as u32),
            format_utc(n.max as u32),
            format_utc(n.mean as u32),
            format!("{:.1} days", n.std / 86_400.0),
        ),
        Some(n) => (
            num(n.min),
            num(n.max),
            format!("{:.3}", n.mean),
            format!("{:.3}", n.std),
        ),
        None => Default::default(),
    };
    // Every value once (a key, unique titles): listing "1 (1), 2 (1)" says
    // nothing.
    let top = if c.count > 0 && c.distinct == c.count {
        "all distinct".to_owned()
    } else {
        let top: Vec<String> = c
            .top
            .iter()
            .take(3)
            .map(|v| format!("{} ({})", v.value, thousands(v.count)))
            .collect();
        top.join(", ")
    };
    let tr = child(table, "tr", "", "")?;
    tr.set_attribute("data-column", &c.name)?;
    for cell in [
        c.name.clone(),
        kind,
        thousands(c.count),
        thousands(c.missing),
        thousands(c.distinct),
        measure(c.kind).to_owned(),
        min,
        max,
        mean,
        std,
        top,
    ] {
        child(&tr, "td", "", &cell)?;
    }
    // A small histogram of DOM bars (heights set through the CSSOM).
    let td = child(&tr, "td", "", "")?;
    let spark = child(&td, "div", "spark", "")?;
    let max_count = c
        .histogram
        .iter()
        .map(|b| b.count)
        .max()
        .unwrap_or(0)
        .max(1);
    for b in &c.histogram {
        let bar = child(&spark, "span", "", "")?;
        bar.set_attribute("title", &format!("{}: {}", b.label, thousands(b.count)))?;
        style(
            &bar,
            "height",
            &format!("{:.0}%", 100.0 * b.count as f64 / max_count as f64),
        );
    }
    Ok(())
}
