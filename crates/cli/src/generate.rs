//! `movielens generate`: synthetic data in the shape and format of a
//! MovieLens release. ML-1M (the default) is the page's demo generator,
//! written into DIR itself as before; the other releases stream into
//! DIR/<folder>/ and, with --zip, DIR/<release>.zip as GroupLens ships it.

use std::fs::File;
use std::io::{self, BufWriter, Write};
use std::path::{Path, PathBuf};

use movielens_core::demo::releases::{write_release, Output, Release, ReleaseConfig, ZipOutput};
use movielens_core::demo::{self, DemoConfig};
use movielens_core::numbers::thousands;
use movielens_core::FileKind;

use super::{emit, Args, Failure};

/// `movielens generate`.
pub(crate) fn generate(args: &[String]) -> Result<(), Failure> {
    let args = Args::parse(
        args,
        &[
            "--out",
            "--release",
            "--ratings",
            "--users",
            "--movies",
            "--tags",
            "--seed",
        ],
        &["--dirty", "--zip", "--zip-only", "--crlf"],
    )?;
    if let Some(extra) = args.positional.first() {
        return Err(Failure::Usage(format!("unexpected argument `{extra}`")));
    }
    let out = args
        .value("--out")
        .ok_or_else(|| Failure::Usage("generate needs --out DIR".to_owned()))?;
    let release = match args.value("--release") {
        None => Release::Ml1m,
        Some(name) => Release::from_name(name).ok_or_else(|| {
            let names: Vec<&str> = Release::ALL.iter().map(|r| r.name()).collect();
            Failure::Usage(format!(
                "`--release {name}`: not a release; one of {}",
                names.join(", ")
            ))
        })?,
    };
    let dir = Path::new(out);
    let others = ["--users", "--movies", "--tags", "--crlf", "--zip-only"];
    if release == Release::Ml1m && !others.iter().any(|f| args.has(f)) {
        return generate_ml1m(&args, dir, out);
    }
    if args.has("--dirty") {
        return Err(Failure::Usage(
            "--dirty makes ML-1M data only (without --users, --movies, --tags, --crlf, --zip-only)"
                .to_owned(),
        ));
    }
    let config = ReleaseConfig {
        release,
        ratings: args.number("--ratings")?,
        users: args.number("--users")?,
        movies: args.number("--movies")?,
        tags: args.number("--tags")?,
        seed: args.number("--seed")?.unwrap_or(1),
        crlf: args.has("--crlf"),
    };
    let counts = config
        .resolve()
        .map_err(|e| Failure::Usage(e.to_string()))?;
    create_dir(dir, out)?;
    let zip_path = dir.join(release.zip_name());
    let open_zip = || -> io::Result<ZipOutput<BufWriter<File>>> {
        let file = BufWriter::with_capacity(1 << 20, File::create(&zip_path)?);
        // Zip64 when the ratings file may pass 4 GiB (about 150 M ratings).
        Ok(ZipOutput::new(file, counts.ratings > 100_000_000))
    };
    let zip_err = |e: io::Error| Failure::Input(format!("{}: {e}", zip_path.display()));
    let written = if args.has("--zip-only") {
        let mut zip = open_zip().map_err(zip_err)?;
        let written = write_release(&config, &mut zip);
        zip.close().and_then(|mut w| w.flush()).map_err(zip_err)?;
        written
    } else if args.has("--zip") {
        let mut both = (DirOutput::new(dir), open_zip().map_err(zip_err)?);
        let written = write_release(&config, &mut both);
        both.1
            .close()
            .and_then(|mut w| w.flush())
            .map_err(zip_err)?;
        written
    } else {
        write_release(&config, &mut DirOutput::new(dir))
    }
    .map_err(|e| Failure::Input(format!("{out}: {e}")))?;
    let place = if args.has("--zip-only") {
        zip_path.display().to_string()
    } else {
        dir.join(release.shape().folder).display().to_string()
    };
    emit(&format!(
        "wrote {place}: {} users, {} movies, {} ratings{}\n",
        thousands(written.users),
        thousands(written.movies),
        thousands(written.ratings),
        if release.shape().tags > 0 {
            format!(", {} tags", thousands(written.tags))
        } else {
            String::new()
        }
    ));
    Ok(())
}

fn create_dir(dir: &Path, out: &str) -> Result<(), Failure> {
    std::fs::create_dir_all(dir)
        .map_err(|e| Failure::Input(format!("{out}: could not be created: {e}")))
}

/// ML-1M as before: DIR/users.dat, movies.dat, ratings.dat, README,
/// expected-lineage.json and, with --zip, DIR/ml-1m.zip.
fn generate_ml1m(args: &Args, dir: &Path, out: &str) -> Result<(), Failure> {
    let config = DemoConfig {
        ratings: args.number("--ratings")?.unwrap_or(demo::ML1M_RATINGS),
        seed: args.number("--seed")?.unwrap_or(1),
        dirty: args.has("--dirty"),
    };
    config.check().map_err(|e| Failure::Usage(e.to_string()))?;
    let files = demo::generate(&config);
    create_dir(dir, out)?;
    let write = |name: &str, bytes: &[u8]| {
        let path = dir.join(name);
        std::fs::write(&path, bytes)
            .map_err(|e| Failure::Input(format!("{}: could not be written: {e}", path.display())))
    };
    for kind in FileKind::ALL {
        write(kind.file_name(), files.file(kind))?;
    }
    write("README", demo::README.as_bytes())?;
    let expected = serde_json::json!({
        "users": files.expected(FileKind::Users),
        "movies": files.expected(FileKind::Movies),
        "ratings": files.expected(FileKind::Ratings),
    });
    write(
        "expected-lineage.json",
        serde_json::to_string_pretty(&expected)
            .expect("lineage serialises")
            .as_bytes(),
    )?;
    if args.has("--zip") {
        let zip = files
            .to_zip()
            .map_err(|e| Failure::Input(format!("{out}/ml-1m.zip: could not be made: {e}")))?;
        write("ml-1m.zip", &zip)?;
    }
    let e = &files.expected;
    emit(&format!(
        "wrote {out}: {} users, {} movies, {} ratings{}\n",
        e[0].accepted,
        e[1].accepted,
        e[2].accepted,
        if config.dirty {
            format!(
                " (+ {} rejected rows and {} blank lines injected)",
                e.iter().map(|f| f.rejected_total()).sum::<u64>(),
                e.iter().map(|f| f.blank).sum::<u64>()
            )
        } else {
            String::new()
        }
    ));
    Ok(())
}

/// Files under a folder, each through a buffered writer.
struct DirOutput {
    root: PathBuf,
    file: Option<BufWriter<File>>,
}

impl DirOutput {
    fn new(root: &Path) -> Self {
        DirOutput {
            root: root.to_owned(),
            file: None,
        }
    }
}

impl Output for DirOutput {
    fn start_file(&mut self, path: &str) -> io::Result<()> {
        self.finish()?;
        let path = self.root.join(path);
        if let Some(parent) = path.parent() {
            std::fs::create_dir_all(parent)?;
        }
        let file = File::create(&path)
            .map_err(|e| io::Error::new(e.kind(), format!("{}: {e}", path.display())))?;
        self.file = Some(BufWriter::with_capacity(1 << 20, file));
        Ok(())
    }

    fn write_bytes(&mut self, bytes: &[u8]) -> io::Result<()> {
        match &mut self.file {
            Some(file) => file.write_all(bytes),
            None => Err(io::Error::other("no file started")),
        }
    }

    fn finish(&mut self) -> io::Result<()> {
        match self.file.take() {
            Some(mut file) => file.flush(),
            None => Ok(()),
        }
    }
}
