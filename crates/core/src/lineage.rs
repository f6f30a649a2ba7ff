//! Lineage: what each file and stage read, kept, dropped and why, and how
//! long each stage took.

use std::collections::BTreeMap;

use serde::ser::{SerializeMap, SerializeStruct};
use serde::{Deserialize, Deserializer, Serialize, Serializer};

use crate::vocab::{FileKind, RejectReason, Warning};

/// Counts for one input file. Invariant, checked by tests on arbitrary input:
/// `lines == header + blank + accepted + rejected_total()`.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct FileLineage {
    /// Which of the three tables the file holds.
    pub kind: FileKind,
    /// The name the file goes by in the lineage and the report (its file
    /// name; the CLI names the whole path in messages).
    pub name: String,
    /// Bytes read, as given to the line splitter: a zip entry's inflated
    /// size, a byte-order mark included.
    pub bytes: u64,
    /// Lines read, blank and rejected ones included (a last line without a
    /// final newline counts).
    pub lines: u64,
    /// Lines with nothing but spaces, tabs and carriage returns, or
    /// nothing at all: skipped, neither accepted nor rejected.
    pub blank: u64,
    /// A CSV file's header line (0 or 1): skipped.
    pub header: u64,
    /// Rows accepted. For ratings, those left once duplicates are
    /// resolved, which is at the end of the load: 0 until then.
    pub accepted: u64,
    /// Rejected rows by reason, indexed by [`RejectReason::index`].
    pub rejected: [u64; RejectReason::COUNT],
    /// Accepted rows carrying each warning, indexed by [`Warning::index`].
    pub warnings: [u64; Warning::COUNT],
}

impl FileLineage {
    /// Empty counts for a file of this kind.
    pub fn new(kind: FileKind) -> Self {
        FileLineage {
            kind,
            name: kind.file_name().to_owned(),
            bytes: 0,
            lines: 0,
            blank: 0,
            header: 0,
            accepted: 0,
            rejected: [0; RejectReason::COUNT],
            warnings: [0; Warning::COUNT],
        }
    }

    /// Whether no file was given for the table (a release without a users
    /// file): its name is empty.
    pub fn absent(&self) -> bool {
        self.name.is_empty()
    }

    /// All rejected rows.
    pub fn rejected_total(&self) -> u64 {
        self.rejected.iter().sum()
    }

    /// Rejected rows with this reason.
    pub fn rejected(&self, reason: RejectReason) -> u64 {
        self.rejected[reason.index()]
    }

    /// Accepted rows with this warning.
    pub fn warned(&self, warning: Warning) -> u64 {
        self.warnings[warning.index()]
    }
}

impl Serialize for FileLineage {
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        struct Rejected<'a>(&'a FileLineage);
        impl Serialize for Rejected<'_> {
            fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
                let reasons: Vec<_> = RejectReason::ALL
                    .iter()
                    .filter(|r| r.applies_to(self.0.kind))
                    .collect();
                let mut m = s.serialize_map(Some(reasons.len()))?;
                for r in reasons {
                    m.serialize_entry(r.code(), &self.0.rejected(*r))?;
                }
                m.end()
            }
        }
        struct Warnings<'a>(&'a FileLineage);
        impl Serialize for Warnings<'_> {
            fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
                let warnings: Vec<_> = Warning::ALL
                    .iter()
                    .filter(|w| w.applies_to(self.0.kind))
                    .collect();
                let mut m = s.serialize_map(Some(warnings.len()))?;
                for w in warnings {
                    m.serialize_entry(w.code(), &self.0.warned(*w))?;
                }
                m.end()
            }
        }
        let mut st = s.serialize_struct("FileLineage", 10)?;
        st.serialize_field("kind", &self.kind)?;
        st.serialize_field("file", &self.name)?;
        st.serialize_field("bytes", &self.bytes)?;
        st.serialize_field("lines", &self.lines)?;
        st.serialize_field("blank", &self.blank)?;
        if self.header > 0 {
            st.serialize_field("header", &self.header)?;
        } else {
            st.skip_field("header")?;
        }
        st.serialize_field("accepted", &self.accepted)?;
        st.serialize_field("rejected_total", &self.rejected_total())?;
        st.serialize_field("rejected", &Rejected(self))?;
        st.serialize_field("warnings", &Warnings(self))?;
        st.end()
    }
}

/// [`FileLineage`] as serialised (reasons and warnings by code).
#[derive(Deserialize)]
struct FileLineageWire {
    kind: Option<FileKind>,
    file: String,
    bytes: u64,
    lines: u64,
    blank: u64,
    #[serde(default)]
    header: u64,
    accepted: u64,
    rejected: BTreeMap<String, u64>,
    warnings: BTreeMap<String, u64>,
}

impl<'de> Deserialize<'de> for FileLineage {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        let w = FileLineageWire::deserialize(d)?;
        let kind = w
            .kind
            .or_else(|| FileKind::from_file_name(&w.file))
            .ok_or_else(|| serde::de::Error::custom("lineage of an unknown file kind"))?;
        let mut f = FileLineage::new(kind);
        f.name = w.file;
        f.bytes = w.bytes;
        f.lines = w.lines;
        f.blank = w.blank;
        f.header = w.header;
        f.accepted = w.accepted;
        for (code, n) in w.rejected {
            let r = RejectReason::from_code(&code)
                .ok_or_else(|| serde::de::Error::custom(format!("unknown reason {code}")))?;
            f.rejected[r.index()] = n;
        }
        for (code, n) in w.warnings {
            let x = Warning::from_code(&code)
                .ok_or_else(|| serde::de::Error::custom(format!("unknown warning {code}")))?;
            f.warnings[x.index()] = n;
        }
        Ok(f)
    }
}

/// How long one pipeline stage took.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct StageTiming {
    /// What the stage did, e.g. `read + clean ratings.dat`,
    /// `de-duplicate ratings`, `build dataset`.
    pub stage: String,
    /// Wall-clock milliseconds, by the load's [`Clock`].
    pub ms: f64,
}

/// Lineage of a whole load: one [`FileLineage`] per table and the stage
/// timings in the order the stages ran.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Lineage {
    /// The counts of the users file (absent from the JSON when there is
    /// none: a release without one, its name empty).
    #[serde(skip_serializing_if = "FileLineage::absent", default = "no_users")]
    pub users: FileLineage,
    /// The counts of the movies file.
    pub movies: FileLineage,
    /// The counts of the ratings file.
    pub ratings: FileLineage,
    /// The counts of each ratings file appended to the loaded data, in
    /// order ([`Dataset::append`](crate::table::Dataset::append)).
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub appended: Vec<FileLineage>,
    /// Stage timings vary run to run: not serialised, so that a report's
    /// JSON depends on its input only.
    #[serde(skip, default)]
    pub stages: Vec<StageTiming>,
}

/// The users' lineage of a JSON without one: no users file.
fn no_users() -> FileLineage {
    FileLineage {
        name: String::new(),
        ..FileLineage::new(FileKind::Users)
    }
}

impl Default for Lineage {
    fn default() -> Self {
        Lineage {
            users: FileLineage::new(FileKind::Users),
            movies: FileLineage::new(FileKind::Movies),
            ratings: FileLineage::new(FileKind::Ratings),
            appended: Vec::new(),
            stages: Vec::new(),
        }
    }
}

impl Lineage {
    /// The counts of one file.
    pub fn file(&self, kind: FileKind) -> &FileLineage {
        match kind {
            FileKind::Users => &self.users,
            FileKind::Movies => &self.movies,
            FileKind::Ratings => &self.ratings,
        }
    }

    /// The counts of one file, mutably.
    pub fn file_mut(&mut self, kind: FileKind) -> &mut FileLineage {
        match kind {
            FileKind::Users => &mut self.users,
            FileKind::Movies => &mut self.movies,
            FileKind::Ratings => &mut self.ratings,
        }
    }

    /// Rejected rows in all three files.
    pub fn rejected_total(&self) -> u64 {
        [&self.users, &self.movies, &self.ratings]
            .into_iter()
            .chain(&self.appended)
            .map(|f| f.rejected_total())
            .sum()
    }

    /// Records a stage's duration.
    pub fn time(&mut self, stage: &str, ms: f64) {
        self.stages.push(StageTiming {
            stage: stage.to_owned(),
            ms,
        });
    }
}

/// Milliseconds from some fixed start; the web shell passes
/// `performance.now()`, native code uses [`native_clock`].
pub type Clock = fn() -> f64;

/// A monotonic clock in milliseconds. On wasm32 there is no std clock, so it
/// returns 0 there: the web shell passes its own [`Clock`].
pub fn native_clock() -> f64 {
    #[cfg(not(target_arch = "wasm32"))]
    {
        use std::sync::OnceLock;
        use std::time::Instant;
        static START: OnceLock<Instant> = OnceLock::new();
        START.get_or_init(Instant::now).elapsed().as_secs_f64() * 1e3
    }
    #[cfg(target_arch = "wasm32")]
    {
        0.0
    }
}
