//! `movielens`: the MovieLens core as a command, for batch reports, files
//! too large for a browser tab, and generating demo data.

// Shipped code does not unwrap (see the workspace lints in Cargo.toml).
#![cfg_attr(not(test), warn(clippy::unwrap_used))]

mod args;
mod export;
mod generate;
mod replay;
mod summary;

use std::fs::File;
use std::io::{BufWriter, Read, Write};
use std::path::{Path, PathBuf};
use std::process::ExitCode;

use movielens_core::clean::Cleaned;
use movielens_core::demo::{self, DemoConfig};
use movielens_core::expect::integrity_alerts;
use movielens_core::ingest::kind::{sniff, Sniffed};
use movielens_core::ingest::read_prefix;
use movielens_core::lineage::native_clock;
use movielens_core::load::{archive, Plan};
use movielens_core::numbers::thousands;
use movielens_core::report::{write_rejects_csv, Report, DEFAULT_MIN_RATINGS};
use movielens_core::table::Dataset;
use movielens_core::time::parse_instant;
use movielens_core::Error;

use crate::args::Args;

const HELP: &str = "\
movielens: MovieLens cleansing, profiling and reports (every release)

USAGE:
  movielens report PATH... [--min-ratings N] [--as-of WHEN] [--json FILE]
                   [--rejects FILE]
      PATH is a release's folder (ML-1M's users.dat, movies.dat and
      ratings.dat; a CSV release's ratings.csv and movies.csv; ML-100K's
      u.data, u.user and u.item: what is not a table is ignored), the zip
      GroupLens ships, or the tables themselves; a file may be a pipe
      (`<(zcat ratings.dat.gz)`), and `-` is standard input.
      --min-ratings N   minimum ratings for the top-by-mean and gender-gap
                        lists (default 250)
      --as-of WHEN      the data as it stood at WHEN (UTC; Unix seconds,
                        YYYY-MM-DD or YYYY-MM-DDTHH:MM:SSZ): the ratings made
                        before it, the latest per user and movie; lineage
                        and rejects still describe the files
      --json FILE       write the full report as JSON (- for stdout)
      --rejects FILE    write the rejected rows as CSV (- for stdout): the
                        first 1,000 of each file and reason (the lineage
                        counts all); formulas are neutralised
      --quiet           no human summary

  movielens generate --out DIR [--release R] [--ratings N] [--users N]
                    [--movies N] [--tags N] [--seed S] [--zip | --zip-only]
                    [--crlf] [--dirty]
      Writes synthetic data in the exact format, file names and folder
      layout of a MovieLens release, with its counts by default. R is one of
      ml-100k, ml-1m (default), ml-10m, ml-20m, ml-25m, ml-32m,
      ml-latest-small, ml-latest. It makes exactly the counts asked for, or
      fails saying why (more ratings than user x movie pairs, fewer than 20
      per user where the release promises it). --ratings alone scales the
      users (and tags) with it.
      ml-1m (6040 users, 3883 movies, 1,000,209 ratings) writes the three
      .dat files, README and expected-lineage.json into DIR itself, at most
      14,067,160 ratings; --dirty (ml-1m only) adds a known number of rows
      of every fault; --zip also writes DIR/ml-1m.zip.
      Other releases write DIR/<folder>/ (ml-25m/ratings.csv, ...; ML-10M's
      folder is ml-10M100K); --zip also writes DIR/<release>.zip laid out as
      GroupLens ships it, --zip-only only the zip; --crlf ends lines with
      CRLF (the releases use LF); with either, ml-1m is written like the
      others (DIR/ml-1m/). The genome files are not made.

  movielens bench [--ratings N] [--seed S] [--runs R]
      Generates data in memory and prints one line per pipeline stage with
      its time (best of R runs, default 5) and throughput.

  movielens replay PATH... --window SPEC [--order time|file] [--lateness DUR]
                  [--jitter DUR] [--seed S] [--json FILE]
      Replays the accepted ratings as an event stream through event-time
      windows (Flink semantics: aligned to the epoch, [start, end); the
      watermark is the largest timestamp seen minus the lateness; an event
      whose windows all ended at or before it is late and not counted).
      SPEC is tumbling:SIZE, sliding:SIZE/SLIDE or session:GAP; durations
      as 90s, 30m, 6h, 1d, 7d or plain seconds.
      --order time      by (timestamp + delay, file order) (default)
      --order file      the files' own order (grouped by user: mostly late)
      --lateness DUR    allowed lateness (default 0)
      --jitter DUR      time order: each event delayed by a seeded random
                        0..=DUR (default 0); --seed S for the delays
      --json FILE       NDJSON, one window per line as it closes, then a
                        summary line (- for stdout)

  movielens export PATH... --parquet OUT
      Writes the cleaned data as Parquet (Snappy) under the new folder OUT:
      OUT/ratings/year=YYYY/month=MM/part-0.parquet (the ratings of each UTC
      month, blended with their user and movie), OUT/users.parquet,
      OUT/movies.parquet, OUT/rejects.parquet and OUT/lineage.json.

  movielens sql --dialect duckdb|spark [--path DIR] [--min-ratings N]
      Prints the report as SQL over the files of `export --parquet` in DIR
      (default: the current folder), one query per report key.

  movielens --help | --version
";

fn main() -> ExitCode {
    let args: Vec<String> = std::env::args().skip(1).collect();
    // `movielens report --help` and the like: the help, whatever else is given.
    if args.len() > 1 && args[1..].iter().any(|a| a == "--help" || a == "-h") {
        emit(HELP);
        return ExitCode::SUCCESS;
    }
    let result = match args.first().map(String::as_str) {
        Some("report") => report(&args[1..]),
        Some("generate") => generate::generate(&args[1..]),
        Some("bench") => bench(&args[1..]),
        Some("replay") => replay::replay(&args[1..]),
        Some("export") => export::export(&args[1..]),
        Some("sql") => export::sql(&args[1..]),
        Some("--help" | "-h" | "help") => {
            emit(HELP);
            Ok(())
        }
        Some("--version" | "-V") => {
            emit(&format!("movielens {}\n", env!("CARGO_PKG_VERSION")));
            Ok(())
        }
        Some(other) => Err(Failure::Usage(format!("unknown command `{other}`"))),
        None => Err(Failure::Usage("a command is needed".to_owned())),
    };
    match result {
        Ok(()) => ExitCode::SUCCESS,
        Err(Failure::Usage(msg)) => {
            eprintln!("movielens: {msg}\n\n{HELP}");
            ExitCode::from(2)
        }
        Err(Failure::Input(msg)) => {
            eprintln!("movielens: {msg}");
            ExitCode::from(1)
        }
    }
}

/// Writes to stdout. A closed pipe (`movielens report DIR | head`) ends the
/// program quietly instead of panicking as `print!` would.
fn emit(text: &str) {
    let mut out = std::io::stdout().lock();
    if let Err(e) = out.write_all(text.as_bytes()).and_then(|()| out.flush()) {
        if e.kind() == std::io::ErrorKind::BrokenPipe {
            std::process::exit(0);
        }
        eprintln!("movielens: could not write to standard output: {e}");
        std::process::exit(1);
    }
}

enum Failure {
    /// Bad command line: exit 2 with the help.
    Usage(String),
    /// Bad input or output file: exit 1 with one line.
    Input(String),
}

impl From<Error> for Failure {
    fn from(e: Error) -> Self {
        Failure::Input(e.to_string())
    }
}

fn report(args: &[String]) -> Result<(), Failure> {
    let args = Args::parse(
        args,
        &["--min-ratings", "--as-of", "--json", "--rejects"],
        &["--quiet"],
    )?;
    if args.positional.is_empty() {
        return Err(Failure::Usage("report needs a PATH".to_owned()));
    }
    let min_ratings = args.number("--min-ratings")?.unwrap_or(DEFAULT_MIN_RATINGS);
    let as_of = match args.value("--as-of") {
        Some(when) => Some(parse_instant(when).ok_or_else(|| {
            Failure::Usage(format!(
                "`--as-of` wants Unix seconds, YYYY-MM-DD or YYYY-MM-DDTHH:MM:SSZ (UTC), not `{when}`"
            ))
        })?),
        None => None,
    };
    let t0 = native_clock();
    let cleaned = load(&args.positional)?;
    let ds = Dataset::timed(cleaned, native_clock);
    let t1 = native_clock();
    let mut report = match as_of {
        Some(t) => Report::as_of(&ds, t, min_ratings),
        None => Report::new(&ds, min_ratings),
    };
    report.lineage.time("report", native_clock() - t1);
    let total_ms = native_clock() - t0;

    if let Some(path) = args.value("--json") {
        write_to(path, |out| {
            out.write_all(report.to_json().as_bytes())?;
            out.write_all(b"\n")
        })?;
    }
    if let Some(path) = args.value("--rejects") {
        write_to(path, |out| write_rejects_csv(&ds.rejects, &ds.lineage, out))?;
    }
    let alerts = integrity_alerts(&ds.lineage);
    if args.has("--quiet") {
        for alert in &alerts {
            eprintln!("movielens: warning: {alert}");
        }
    } else {
        let to_stdout = [args.value("--json"), args.value("--rejects")].contains(&Some("-"));
        let text = summary::summary(&args.positional, &report, &alerts, total_ms);
        if to_stdout {
            eprint!("{text}");
        } else {
            emit(&text);
        }
    }
    Ok(())
}

fn write_to(
    path: &str,
    body: impl FnOnce(&mut dyn Write) -> std::io::Result<()>,
) -> Result<(), Failure> {
    let fail = |e: std::io::Error| {
        if path == "-" && e.kind() == std::io::ErrorKind::BrokenPipe {
            // The reader went away (`| head`): nothing more to say.
            std::process::exit(0);
        }
        Failure::Input(format!("{path}: could not be written: {e}"))
    };
    if path == "-" {
        let stdout = std::io::stdout();
        let mut lock = stdout.lock();
        body(&mut lock).map_err(fail)?;
        return lock.flush().map_err(fail);
    }
    let mut out = BufWriter::new(File::create(path).map_err(fail)?);
    body(&mut out).map_err(fail)?;
    out.flush().map_err(fail)
}

/// One input as given: its name, the open stream and the first bytes read
/// from it to recognise it.
struct Input {
    name: String,
    stream: Box<dyn Read>,
    prefix: Vec<u8>,
}

/// Finds the inputs among the paths, sniffs them and loads them in order.
/// Each input is read exactly once, from start to end: the bytes read to
/// recognise it are fed first and reading goes on from the same stream, so
/// pipes (`<(cat ratings.dat)`, `/dev/stdin`, `-`) lose nothing. A file
/// named on the command line must be a table (or the one zip); a folder's
/// files are offered, as the page offers a folder's: what is not a table
/// (a README, `links.csv`, ML-100K's splits) is ignored.
fn load(paths: &[String]) -> Result<Cleaned, Failure> {
    let mut files: Vec<(PathBuf, bool)> = Vec::new();
    for p in paths {
        let path = Path::new(p);
        if p == "-" || !path.is_dir() && path.exists() {
            files.push((path.to_path_buf(), false));
        } else if path.is_dir() {
            files.extend(files_in_dir(path)?.into_iter().map(|f| (f, true)));
        } else {
            return Err(Failure::Input(format!("{p}: no such file or folder")));
        }
    }
    let mut plan = Plan::new(files.len());
    let mut inputs: Vec<Input> = Vec::with_capacity(files.len());
    for (i, (path, in_folder)) in files.iter().enumerate() {
        let name = if path.as_os_str() == "-" {
            "standard input".to_owned()
        } else {
            path.display().to_string()
        };
        let mut stream = open(path)?;
        let prefix = read_prefix(&mut stream, &name)?;
        if *in_folder {
            plan.offer(i, &name, file_label(path), &prefix)?;
        } else if plan.add_sniffed(i, &name, file_label(path), sniff(&prefix, &name)?)?
            == Sniffed::Zip
        {
            return load_zip_path(path, prefix, stream, &name);
        }
        inputs.push(Input {
            name,
            stream,
            prefix,
        });
    }
    if let Some(i) = plan.zip_alone() {
        let input = inputs.swap_remove(i);
        return load_zip_path(&files[i].0, input.prefix, input.stream, &input.name);
    }
    let mut load = plan.start(native_clock).map_err(|e| match paths {
        [only] => e.in_file(only),
        _ => e,
    })?;
    while let Some((_, i)) = load.next_table() {
        let input = &mut inputs[i];
        // The bytes read to recognise it first, then the rest of the stream.
        load.feed(&input.prefix);
        load.feed_reader(&mut input.stream, &input.name)?;
    }
    Ok(load.finish())
}

/// Loads the zip at `path` (read from its start through `stream` when it
/// is not a regular file).
fn load_zip_path(
    path: &Path,
    prefix: Vec<u8>,
    stream: Box<dyn Read>,
    name: &str,
) -> Result<Cleaned, Failure> {
    if is_regular_file(path) {
        // A file on disk can be read from its end directly.
        return archive::load_zip(
            File::open(path)
                .map_err(|e| Failure::Input(format!("{name}: could not be opened: {e}")))?,
            name,
            native_clock,
        )
        .map_err(|e| in_zip(e, name).into());
    }
    load_zip_stream(prefix, stream, name)
}

/// A zip is read from its end (the central directory): one that comes
/// through a pipe is read whole into memory, once.
fn load_zip_stream(
    mut bytes: Vec<u8>,
    mut rest: Box<dyn Read>,
    name: &str,
) -> Result<Cleaned, Failure> {
    rest.read_to_end(&mut bytes)
        .map_err(|e| Failure::Input(format!("{name}: could not be read: {e}")))?;
    archive::load_zip(std::io::Cursor::new(bytes), name, native_clock)
        .map_err(|e| in_zip(e, name).into())
}

/// An error about an entry of the zip names the zip too (the core names
/// some read errors after the entry alone, e.g. `ml-1m/ratings.dat`).
fn in_zip(e: Error, zip: &str) -> Error {
    match e.file() {
        Some(file) if !file.starts_with(zip) => {
            let file = format!("{zip}/{file}");
            e.in_file(&file)
        }
        _ => e,
    }
}

fn file_label(path: &Path) -> &str {
    if path.as_os_str() == "-" {
        return "stdin";
    }
    path.file_name().and_then(|n| n.to_str()).unwrap_or("?")
}

fn is_regular_file(path: &Path) -> bool {
    path.as_os_str() != "-" && std::fs::metadata(path).is_ok_and(|m| m.is_file())
}

/// Opens a path for reading; `-` is standard input.
fn open(path: &Path) -> Result<Box<dyn Read>, Failure> {
    if path.as_os_str() == "-" {
        return Ok(Box::new(std::io::stdin().lock()));
    }
    let file = File::open(path)
        .map_err(|e| Failure::Input(format!("{}: could not be opened: {e}", path.display())))?;
    Ok(Box::new(file))
}

/// The files of a folder, by name, hidden ones left out.
fn files_in_dir(dir: &Path) -> Result<Vec<PathBuf>, Failure> {
    let entries = std::fs::read_dir(dir)
        .map_err(|e| Failure::Input(format!("{}: could not be listed: {e}", dir.display())))?;
    let mut files: Vec<PathBuf> = entries
        .flatten()
        .map(|e| e.path())
        .filter(|p| p.is_file() && !file_label(p).starts_with('.'))
        .collect();
    files.sort();
    if files.is_empty() {
        return Err(Failure::Input(format!("{}: holds no files", dir.display())));
    }
    Ok(files)
}

fn bench(args: &[String]) -> Result<(), Failure> {
    use movielens_core::analytics::{dashboard, Filter};
    use movielens_core::load::load_bytes;
    use movielens_core::model::Gender;

    let args = Args::parse(args, &["--ratings", "--seed", "--runs"], &[])?;
    let config = DemoConfig {
        ratings: args.number("--ratings")?.unwrap_or(demo::ML1M_RATINGS),
        seed: args.number("--seed")?.unwrap_or(1),
        dirty: false,
    };
    let runs = args.number("--runs")?.unwrap_or(5).max(1);
    config.check().map_err(|e| Failure::Usage(e.to_string()))?;
    let files = demo::generate(&config);
    let bytes = (files.users.len() + files.movies.len() + files.ratings.len()) as f64;
    let inputs = [
        ("users.dat", &files.users[..]),
        ("movies.dat", &files.movies[..]),
        ("ratings.dat", &files.ratings[..]),
    ];
    let n = config.ratings as f64;
    let best = |f: &mut dyn FnMut()| {
        (0..runs)
            .map(|_| {
                let t = native_clock();
                f();
                native_clock() - t
            })
            .fold(f64::INFINITY, f64::min)
    };
    let line = |stage: &str, ms: f64, what: &str| {
        let rate = if what == "MB" {
            format!("{:>8.1} MB/s", bytes / 1e6 / (ms / 1e3))
        } else {
            format!("{:>8.1} M ratings/s", n / 1e6 / (ms / 1e3))
        };
        emit(&format!("{stage:<34} {ms:>9.2} ms  {rate}\n"));
    };
    emit(&format!(
        "movielens bench: {} ratings, {:.1} MB, best of {runs} runs\n",
        thousands(config.ratings),
        bytes / 1e6
    ));
    let ms = best(&mut || {
        std::hint::black_box(movielens_core::ingest::parse_only(&inputs));
    });
    line("parse (lines, decoding, fields)", ms, "MB");
    let mut cleaned = None;
    let ms = best(&mut || cleaned = Some(load_bytes(&inputs).expect("generated data loads")));
    line("read + clean (bytes -> tables)", ms, "MB");
    let cleaned = cleaned.expect("ran at least once");
    let mut ds = None;
    let ms = best(&mut || ds = Some(Dataset::new(cleaned.clone())));
    line("build dataset", ms, "ratings");
    let ds = ds.expect("ran at least once");
    let empty = Filter::default();
    let ms = best(&mut || {
        std::hint::black_box(dashboard(&ds, &empty, DEFAULT_MIN_RATINGS));
    });
    line("dashboard, no filter", ms, "ratings");
    let three = Filter {
        genders: vec![Gender::F],
        ages: vec![18, 25],
        genres: vec![7, 13],
        ..Filter::default()
    };
    let ms = best(&mut || {
        std::hint::black_box(dashboard(&ds, &three, DEFAULT_MIN_RATINGS));
    });
    line("dashboard, three filters", ms, "ratings");
    let ms = best(&mut || {
        std::hint::black_box(movielens_core::profile::profile(&ds));
    });
    line("profile", ms, "ratings");
    let ms = best(&mut || {
        std::hint::black_box(movielens_core::expect::evaluate_all(&ds));
    });
    line("expectations", ms, "ratings");
    let ms = best(&mut || {
        std::hint::black_box(Report::new(&ds, DEFAULT_MIN_RATINGS));
    });
    line("report (dashboard + profile + expectations)", ms, "ratings");
    let ms = best(&mut || {
        let c = load_bytes(&inputs).expect("generated data loads");
        let ds = Dataset::new(c);
        std::hint::black_box(dashboard(&ds, &empty, DEFAULT_MIN_RATINGS));
    });
    line("whole pipeline: bytes -> dashboard", ms, "MB");
    let ms = best(&mut || {
        let c = load_bytes(&inputs).expect("generated data loads");
        let ds = Dataset::new(c);
        std::hint::black_box(Report::new(&ds, DEFAULT_MIN_RATINGS));
    });
    line("whole pipeline: bytes -> report", ms, "MB");
    Ok(())
}
