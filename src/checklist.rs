//! The checklist after a load of files: what was recognised and what it
//! means, each item leading to its place ("✓ users ✓ movies ✓ ratings ·
//! ML-1M · 51 rows rejected → review · 2 expectations failed → review ·
//! ignored: README (not needed)"). The expectations' outcomes come after
//! the load, so the list is made again when they arrive. Apart from the
//! DOM, so it is tested natively; `bin/app/checklist.rs` draws it.

use movielens_core::expect::Outcome;
use movielens_core::load::release::Ignored;
use movielens_core::numbers::thousands;

use crate::Loaded;

/// Ignored files named at most; the others are counted.
const NAMED: usize = 4;

/// Where an item leads: a tab and the element in it (the shared contract
/// `data-open-tab` / `data-focus`).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Place {
    pub tab: &'static str,
    pub focus: &'static str,
}

/// How an item reads.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Tone {
    Good,
    Review,
    Note,
}

impl Tone {
    pub fn class(self) -> &'static str {
        match self {
            Tone::Good => "good",
            Tone::Review => "review",
            Tone::Note => "note",
        }
    }
}

/// One item of the checklist.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Item {
    pub text: String,
    /// Said on hover and to screen readers beside the text.
    pub detail: String,
    pub place: Option<Place>,
    pub tone: Tone,
}

const LINEAGE: Place = Place {
    tab: "quality",
    focus: "lineage-table",
};
const REJECTS: Place = Place {
    tab: "quality",
    focus: "rejects-table",
};
const EXPECTATIONS: Place = Place {
    tab: "quality",
    focus: "expectations",
};
const ABOUT: Place = Place {
    tab: "profile",
    focus: "findings",
};

/// The checklist of a load of files (none for the demo), with the
/// expectations' outcomes once they are known.
pub fn checklist(l: &Loaded, outcomes: Option<&[Outcome]>) -> Vec<Item> {
    if l.demo {
        return Vec::new();
    }
    let item = |text: String, detail: String, place, tone| Item {
        text,
        detail,
        place: Some(place),
        tone,
    };
    let mut items = Vec::new();
    let tables = [&l.lineage.users, &l.lineage.movies, &l.lineage.ratings];
    for f in tables.into_iter().filter(|f| !f.absent()) {
        let (mark, tone) = if f.accepted > 0 {
            ("✓", Tone::Good)
        } else {
            ("✗", Tone::Review)
        };
        let detail = format!("{}: {} rows accepted", f.name, thousands(f.accepted));
        items.push(item(format!("{mark} {}", f.kind), detail, LINEAGE, tone));
    }
    items.push(item(
        l.schema.release.label().into(),
        l.schema.release.described(),
        ABOUT,
        Tone::Note,
    ));
    items.push(match l.rejects_total {
        0 => item(
            "no rows rejected".into(),
            "every line was accepted or blank".into(),
            LINEAGE,
            Tone::Good,
        ),
        n => item(
            format!("{} {} rejected → review", thousands(n), rows(n)),
            "the rejected rows and why".into(),
            REJECTS,
            Tone::Review,
        ),
    });
    items.push(expectations(outcomes));
    if let Some(ignored) = ignored(&l.ignored) {
        items.push(ignored);
    }
    items
}

fn rows(n: u64) -> &'static str {
    if n == 1 {
        "row"
    } else {
        "rows"
    }
}

fn expectations(outcomes: Option<&[Outcome]>) -> Item {
    let Some(outcomes) = outcomes else {
        return Item {
            text: "checking expectations…".into(),
            detail: "the facts the MovieLens 1M README states".into(),
            place: None,
            tone: Tone::Note,
        };
    };
    let failed = outcomes.iter().filter(|o| !o.success).count();
    let (text, tone) = match failed {
        0 => (
            format!("all {} expectations met", outcomes.len()),
            Tone::Good,
        ),
        1 => ("1 expectation failed → review".into(), Tone::Review),
        n => (format!("{n} expectations failed → review"), Tone::Review),
    };
    Item {
        text,
        detail: "the facts the MovieLens 1M README states, checked".into(),
        place: Some(EXPECTATIONS),
        tone,
    }
}

/// "ignored: README, links.csv (not needed)": the first few by name.
fn ignored(ignored: &[Ignored]) -> Option<Item> {
    if ignored.is_empty() {
        return None;
    }
    let base = |i: &Ignored| {
        i.name
            .rsplit(['/', '\\'])
            .next()
            .unwrap_or(&i.name)
            .to_owned()
    };
    let mut names: Vec<String> = ignored.iter().take(NAMED).map(base).collect();
    if ignored.len() > NAMED {
        names.push(format!("{} more", ignored.len() - NAMED));
    }
    // Each reason once (no sort: it would add a sort to the page's wasm).
    let mut whys: Vec<&str> = Vec::new();
    for why in ignored.iter().map(|i| i.why.text()) {
        if !whys.contains(&why) {
            whys.push(why);
        }
    }
    let detail = ignored
        .iter()
        .map(|i| format!("{} ({})", i.name, i.why.text()))
        .collect::<Vec<_>>()
        .join(", ");
    Some(Item {
        text: format!("ignored: {} ({})", names.join(", "), whys.join("; ")),
        detail,
        place: None,
        tone: Tone::Note,
    })
}

#[cfg(test)]
mod tests {
    use super::*;
    use movielens_core::load::release::Unneeded;

    fn loaded(rejects: u64, ignored: &[&str]) -> Loaded {
        let mut l = Loaded {
            source: "users.dat, movies.dat, ratings.dat".into(),
            demo: false,
            lineage: movielens_core::Lineage::default(),
            timings: Vec::new(),
            rejects: Vec::new(),
            rejects_total: rejects,
            rejects_kept: rejects,
            alerts: Vec::new(),
            flags: Vec::new(),
            first_ts: 0,
            last_ts: 0,
            first_year: 1919,
            last_year: 2000,
            ms: 1.0,
            ignored: Vec::new(),
            schema: Default::default(),
        };
        l.lineage.users.accepted = 6040;
        l.lineage.movies.accepted = 3883;
        l.lineage.ratings.accepted = 1000;
        l.ignored = ignored
            .iter()
            .map(|n| Ignored {
                name: (*n).to_owned(),
                why: Unneeded::NotATable,
            })
            .collect();
        l
    }

    fn texts(items: &[Item]) -> Vec<&str> {
        items.iter().map(|i| i.text.as_str()).collect()
    }

    #[test]
    fn says_what_was_recognised_and_where_to_review() {
        let l = loaded(51, &["ml-1m/README", "links.csv"]);
        let items = checklist(&l, None);
        assert_eq!(
            texts(&items),
            [
                "✓ users",
                "✓ movies",
                "✓ ratings",
                "ML-1M",
                "51 rows rejected → review",
                "checking expectations…",
                "ignored: README, links.csv (not needed)"
            ]
        );
        assert_eq!(items[4].place, Some(REJECTS));
        assert_eq!(items[5].place, None);
    }

    #[test]
    fn expectations_update_the_list() {
        let l = loaded(0, &[]);
        let outcome = |success| Outcome {
            expectation: movielens_core::expect::Expectation::seed()[0].clone(),
            description: String::new(),
            success,
            element_count: 1,
            unexpected_count: u64::from(!success),
            unexpected: Vec::new(),
        };
        let two_failed = [outcome(false), outcome(true), outcome(false)];
        let items = checklist(&l, Some(&two_failed));
        assert_eq!(items[4].text, "no rows rejected");
        assert_eq!(items[5].text, "2 expectations failed → review");
        assert_eq!(items[5].place, Some(EXPECTATIONS));
        assert_eq!(items.len(), 6, "nothing ignored, nothing said");
        let met = checklist(&l, Some(&two_failed[1..2]));
        assert_eq!(met[5].text, "all 1 expectations met");
    }

    #[test]
    fn many_ignored_files_are_counted_and_the_demo_has_no_list() {
        let l = loaded(1, &["a", "b", "c", "d", "e", "f"]);
        let items = checklist(&l, None);
        assert_eq!(items[4].text, "1 row rejected → review");
        assert_eq!(items[6].text, "ignored: a, b, c, d, 2 more (not needed)");
        assert!(items[6].detail.contains("f (not needed)"));
        let mut demo = l;
        demo.demo = true;
        assert!(checklist(&demo, None).is_empty());
    }
}
