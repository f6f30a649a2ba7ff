//! The users' demographic columns (a release with a users file).

use super::{categorical, text, Column};
use crate::model::{Gender, Occupation, OccupationVocab, AGE_GROUPS};
use crate::table::Dataset;

/// The users' gender, age, occupation and zip code columns.
pub(super) fn demographics(ds: &Dataset) -> Vec<Column> {
    let u = &ds.users;
    let vocab = ds.schema.occupations;
    vec![
        categorical(
            "gender",
            u.gender.iter().map(|g| *g as usize),
            &Gender::ALL.map(|g| g.code().to_owned()),
        ),
        categorical(
            "age",
            ds.user_age.iter().map(|&a| usize::from(a)),
            &AGE_GROUPS.map(|(c, l)| format!("{c} ({l})")),
        ),
        categorical(
            "occupation",
            u.occupation.iter().map(|&o| usize::from(o)),
            &Occupation::all()
                .map(|o| match vocab {
                    OccupationVocab::Codes => format!("{} ({})", o.code(), o.label()),
                    OccupationVocab::Names => vocab.label(o).to_owned(),
                })
                .collect::<Vec<_>>(),
        ),
        text("zip", u.zip.iter().map(String::as_str)),
    ]
}
