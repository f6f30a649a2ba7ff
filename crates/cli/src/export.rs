//! `movielens export --parquet` and `movielens sql`: the cleaned data as
//! partitioned Parquet, and the report as SQL over it (movielens-export).

use std::path::{Path, PathBuf};

use movielens_core::lineage::native_clock;
use movielens_core::numbers::thousands;
use movielens_core::report::DEFAULT_MIN_RATINGS;
use movielens_core::table::Dataset;
use movielens_export::{report_sql, write_parquet, Dialect};

use super::{emit, load, Args, Failure};

pub(crate) fn export(args: &[String]) -> Result<(), Failure> {
    let args = Args::parse(args, &["--parquet"], &[])?;
    if args.positional.is_empty() {
        return Err(Failure::Usage("export needs a PATH".to_owned()));
    }
    let out = args
        .value("--parquet")
        .ok_or_else(|| Failure::Usage("export needs --parquet OUT".to_owned()))?;
    let out = Path::new(out);
    // Checked before the data is read: a wrong OUT fails at once.
    let staging = Staging::new(out)?;
    let t0 = native_clock();
    let ds = Dataset::new(load(&args.positional)?);
    let written = write_parquet(&ds, &mut |rel, bytes| staging.put(rel, &bytes))
        .map_err(|e| Failure::Input(format!("{}/{e}", out.display())))?;
    staging.publish()?;
    let rows: u64 = written.partitions.iter().map(|p| p.rows).sum();
    emit(&format!(
        "wrote {}: {} ratings in {} monthly partitions, {} users, {} movies, {} rejects listed, \
         lineage.json ({:.1} MB in {} files, {:.2} s)\n",
        out.display(),
        thousands(rows),
        written.partitions.len(),
        thousands(ds.users.len() as u64),
        thousands(ds.movies.len() as u64),
        thousands(ds.rejects.len() as u64),
        written.bytes() as f64 / 1e6,
        written.files.len(),
        (native_clock() - t0) / 1e3
    ));
    Ok(())
}

/// The folder the files are written into before they become OUT: a new
/// sibling of OUT, renamed to OUT once every file is written, so OUT is
/// never there half-written. Dropped before that (an error), it is removed.
struct Staging {
    out: PathBuf,
    dir: PathBuf,
    published: bool,
}

impl Staging {
    fn new(out: &Path) -> Result<Staging, Failure> {
        let fail = |what: String| Failure::Input(format!("{}: {what}", out.display()));
        if out.is_dir() {
            let mut entries =
                std::fs::read_dir(out).map_err(|e| fail(format!("could not be read: {e}")))?;
            if entries.next().is_some() {
                return Err(fail(
                    "already exists and is not empty; export writes a new folder (remove it or choose another)".to_owned(),
                ));
            }
        } else if out.exists() {
            return Err(fail("already exists and is not a folder".to_owned()));
        }
        let name = out
            .file_name()
            .ok_or_else(|| fail("names no folder".to_owned()))?
            .to_string_lossy();
        let dir = out.with_file_name(format!(".{name}.partial-{}", std::process::id()));
        std::fs::create_dir_all(&dir).map_err(|e| fail(format!("could not be created: {e}")))?;
        Ok(Staging {
            out: out.to_path_buf(),
            dir,
            published: false,
        })
    }

    /// Writes one file of the layout (`rel` is `/`-separated).
    fn put(&self, rel: &str, bytes: &[u8]) -> std::io::Result<()> {
        let path = rel
            .split('/')
            .fold(self.dir.clone(), |p, part| p.join(part));
        if let Some(parent) = path.parent() {
            std::fs::create_dir_all(parent)?;
        }
        std::fs::write(path, bytes)
    }

    /// Renames the staging folder to OUT.
    fn publish(mut self) -> Result<(), Failure> {
        // An empty OUT is replaced (rename does not replace a folder everywhere).
        if self.out.is_dir() {
            let _ = std::fs::remove_dir(&self.out);
        }
        std::fs::rename(&self.dir, &self.out).map_err(|e| {
            Failure::Input(format!("{}: could not be created: {e}", self.out.display()))
        })?;
        self.published = true;
        Ok(())
    }
}

impl Drop for Staging {
    fn drop(&mut self) {
        if !self.published {
            let _ = std::fs::remove_dir_all(&self.dir);
        }
    }
}

pub(crate) fn sql(args: &[String]) -> Result<(), Failure> {
    let args = Args::parse(args, &["--dialect", "--path", "--min-ratings"], &[])?;
    if let Some(extra) = args.positional.first() {
        return Err(Failure::Usage(format!("unexpected argument `{extra}`")));
    }
    let dialect = args
        .value("--dialect")
        .ok_or_else(|| Failure::Usage("sql needs --dialect duckdb|spark".to_owned()))?;
    let dialect = Dialect::from_name(dialect).ok_or_else(|| {
        Failure::Usage(format!(
            "`--dialect` wants duckdb or spark, not `{dialect}`"
        ))
    })?;
    let min_ratings = args.number("--min-ratings")?.unwrap_or(DEFAULT_MIN_RATINGS);
    emit(&report_sql(
        dialect,
        args.value("--path").unwrap_or(""),
        min_ratings,
    ));
    Ok(())
}
