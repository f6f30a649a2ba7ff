//! The worker's downloads: the report, the rejects and the cleaned
//! ratings, of all the data or of what passes the filter.

#[cfg(target_arch = "wasm32")]
pub(crate) mod scope {
    use movielens_core::report::{
        write_ratings_csv, write_ratings_csv_where, write_rejects_csv, Report,
    };
    use movielens_core::table::Dataset;
    use movielens_web::{Bytes, Export, Response};

    /// The file `what` asks for, made from `dataset` (none loaded: a
    /// failure the page shows).
    pub(crate) fn export(dataset: Option<&Dataset>, what: Export) -> Response {
        let Some(ds) = dataset else {
            return Response::Failed {
                load: None,
                message: "no dataset is loaded yet".into(),
            };
        };
        let mut out: Vec<u8> = Vec::new();
        let (name, mime, written) = match what {
            Export::ReportJson {
                min_ratings,
                filter: None,
            } => {
                out = Report::new(ds, min_ratings).to_json().into_bytes();
                out.push(b'\n');
                ("movielens-report.json", "application/json", Ok(()))
            }
            Export::ReportJson {
                min_ratings,
                filter: Some(filter),
            } => {
                out = Report::filtered(ds, &filter, min_ratings)
                    .to_json()
                    .into_bytes();
                out.push(b'\n');
                ("movielens-report-filtered.json", "application/json", Ok(()))
            }
            Export::RejectsCsv => {
                let written = write_rejects_csv(&ds.rejects, &ds.lineage, &mut out);
                ("movielens-rejects.csv", "text/csv", written)
            }
            Export::RatingsCsv { filter: None } => {
                let written = write_ratings_csv(ds, &mut out);
                ("movielens-ratings-clean.csv", "text/csv", written)
            }
            Export::RatingsCsv {
                filter: Some(filter),
            } => {
                // asof: the ratings as they stood then, superseded ones
                // included, are rows of the as-of dataset only.
                let then = filter.as_of.map(|t| ds.as_of(t));
                let base = then.as_ref().unwrap_or(ds);
                let others = movielens_core::analytics::Filter {
                    as_of: None,
                    ..filter
                };
                let mask = others.mask(base);
                let written = write_ratings_csv_where(base, Some(&mask), &mut out);
                ("movielens-ratings-filtered.csv", "text/csv", written)
            }
        };
        match written {
            Ok(()) => Response::Exported {
                name: name.into(),
                mime: mime.into(),
                bytes: Bytes(out),
            },
            Err(e) => Response::Failed {
                load: None,
                message: format!("{name} could not be made: {e}"),
            },
        }
    }
}
