//! `movielens replay`: the accepted ratings replayed as an event stream
//! through one window spec; NDJSON of the windows as they close.

use movielens_core::lineage::native_clock;
use movielens_core::numbers::thousands;
use movielens_core::stream::{
    arrivals, parse_duration, Event, Order, Window, WindowSpec, Windower,
};
use movielens_core::table::Dataset;
use movielens_core::time::format_utc;

use super::{emit, load, write_to, Args, Failure};

/// `movielens replay`.
pub(crate) fn replay(args: &[String]) -> Result<(), Failure> {
    let args = Args::parse(
        args,
        &[
            "--window",
            "--order",
            "--lateness",
            "--jitter",
            "--seed",
            "--json",
        ],
        &[],
    )?;
    if args.positional.is_empty() {
        return Err(Failure::Usage("replay needs a PATH".to_owned()));
    }
    let spec = args
        .value("--window")
        .ok_or_else(|| Failure::Usage("replay needs --window SPEC".to_owned()))?;
    let spec = WindowSpec::parse(spec).map_err(Failure::Usage)?;
    let duration = |flag: &str| {
        args.value(flag)
            .map(|v| parse_duration(v).map_err(|e| Failure::Usage(format!("{flag}: {e}"))))
            .transpose()
            .map(Option::unwrap_or_default)
    };
    let (lateness, jitter) = (duration("--lateness")?, duration("--jitter")?);
    let order = match args.value("--order").unwrap_or("time") {
        "time" => Order::Time {
            jitter,
            seed: args.number("--seed")?.unwrap_or(1),
        },
        "file" if jitter == 0 => Order::File,
        "file" => {
            return Err(Failure::Usage(
                "--jitter applies to --order time only".to_owned(),
            ))
        }
        other => {
            return Err(Failure::Usage(format!(
                "--order wants time or file, not `{other}`"
            )));
        }
    };
    let ds = Dataset::timed(load(&args.positional)?, native_clock);
    let t0 = native_clock();
    let json = args.value("--json");
    let mut result = None;
    match json {
        Some(path) => write_to(path, |out| {
            // Each window is written as it closes; the first write error
            // stops the writing and is reported.
            let mut written = Ok(());
            let mut sink = |line: String| {
                if written.is_ok() {
                    written = writeln!(out, "{line}");
                }
            };
            result = Some(run(&ds, spec, lateness, order, true, &mut sink));
            written
        })?,
        None => result = Some(run(&ds, spec, lateness, order, false, &mut |_| {})),
    }
    let ms = native_clock() - t0;
    let (windower, stats) = result.expect("the replay ran");
    let text = summary(&windower, &stats, spec, lateness, order, ms);
    if json == Some("-") {
        eprint!("{text}");
    } else {
        emit(&text);
    }
    Ok(())
}

/// What the human summary tells beyond the totals.
#[derive(Default)]
struct Stats {
    busiest: Option<Window>,
}

/// Replays the dataset through one windower; each closed window (then the
/// summary line) goes to `sink` as NDJSON when `json`.
fn run(
    ds: &Dataset,
    spec: WindowSpec,
    lateness: u32,
    order: Order,
    json: bool,
    sink: &mut dyn FnMut(String),
) -> (Windower, Stats) {
    let mut w = Windower::new(spec, lateness, ds.users.len(), ds.movies.len());
    let mut stats = Stats::default();
    let mut take = |w: &mut Windower, stats: &mut Stats| {
        for window in w.drain() {
            if stats.busiest.is_none_or(|b| window.ratings > b.ratings) {
                stats.busiest = Some(window);
            }
            if json {
                sink(window_line(ds, &window));
            }
        }
    };
    for row in arrivals(ds, order).rows {
        w.push(Event::of_row(ds, row));
        if !w.closed().is_empty() {
            take(&mut w, &mut stats);
        }
    }
    let watermark = w.watermark();
    w.flush();
    take(&mut w, &mut stats);
    let t = w.totals();
    if json {
        sink(format!(
            "{{\"events\":{},\"late\":{},\"windows\":{},\"watermark\":{}}}",
            t.events,
            t.late,
            t.windows,
            watermark.map_or("null".to_owned(), |w| w.to_string())
        ));
    }
    (w, stats)
}

/// One closed window as a JSON line, keys in a fixed order.
fn window_line(ds: &Dataset, w: &Window) -> String {
    let mean = serde_json::to_string(&w.mean()).expect("a float serialises");
    let user = w
        .user
        .map(|u| format!(",\"user\":{}", ds.users.id[u as usize]))
        .unwrap_or_default();
    format!(
        "{{\"kind\":\"{}\",\"start\":{},\"end\":{},\"ratings\":{},\"mean\":{mean},\"users\":{},\"movies\":{}{user}}}",
        w.kind.name(),
        w.start,
        w.end,
        w.ratings,
        w.users,
        w.movies
    )
}

fn summary(
    w: &Windower,
    stats: &Stats,
    spec: WindowSpec,
    lateness: u32,
    order: Order,
    ms: f64,
) -> String {
    let t = w.totals();
    let order = match order {
        Order::Time { jitter: 0, .. } => "time order".to_owned(),
        Order::Time { jitter, .. } => format!("time order, delays 0..={jitter} s"),
        Order::File => "file order".to_owned(),
    };
    let mut out = format!(
        "replay: {} events ({order}), {}, lateness {lateness} s, {:.0} ms\n\
         windows closed: {}\nlate events: {} ({:.1} %)\n",
        thousands(t.events),
        spec_text(spec),
        ms,
        thousands(t.windows),
        thousands(t.late),
        100.0 * t.late as f64 / t.events.max(1) as f64,
    );
    if let Some(b) = stats.busiest {
        out += &format!(
            "busiest window: {} to {}, {} ratings, mean {:.2}\n",
            stamp(b.start),
            stamp(b.end),
            thousands(b.ratings),
            b.mean().unwrap_or(0.0)
        );
    }
    if let Some(wm) = w.watermark() {
        out += &format!("final watermark: {}\n", stamp(wm));
    }
    out
}

/// A time as UTC text, or plain seconds outside the u32 range.
fn stamp(t: i64) -> String {
    u32::try_from(t).map_or_else(|_| format!("{t} s"), format_utc)
}

fn spec_text(spec: WindowSpec) -> String {
    match spec {
        WindowSpec::Tumbling { size } => format!("tumbling {size} s"),
        WindowSpec::Sliding { size, slide } => format!("sliding {size} s every {slide} s"),
        WindowSpec::Session { gap } => format!("sessions, gap {gap} s"),
    }
}
