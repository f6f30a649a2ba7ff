//! Columns as the Parquet column writer takes them (values, definition and
//! repetition levels), and one file of one row group written from them.

use std::sync::Arc;

use parquet::basic::Compression;
use parquet::data_type::{ByteArray, ByteArrayType, DoubleType, Int32Type, Int64Type};
use parquet::errors::{ParquetError, Result};
use parquet::file::properties::WriterProperties;
use parquet::file::writer::SerializedFileWriter;
use parquet::schema::parser::parse_message_type;

/// The leaf values of one column.
enum Values {
    Int32(Vec<i32>),
    Int64(Vec<i64>),
    Double(Vec<f64>),
    Text(Vec<ByteArray>),
}

/// One leaf column: its non-null values and, for an optional or repeated
/// column, a definition level per slot (and a repetition level for a list).
pub(crate) struct Column {
    values: Values,
    def: Option<Vec<i16>>,
    rep: Option<Vec<i16>>,
}

impl Column {
    /// A `REQUIRED INT64` column.
    pub(crate) fn int64(values: impl Iterator<Item = i64>) -> Column {
        Column::required(Values::Int64(values.collect()))
    }

    /// A `REQUIRED DOUBLE` column.
    pub(crate) fn double(values: impl Iterator<Item = f64>) -> Column {
        Column::required(Values::Double(values.collect()))
    }

    /// A `REQUIRED BYTE_ARRAY (STRING)` column.
    pub(crate) fn text<S: AsRef<str>>(values: impl Iterator<Item = S>) -> Column {
        Column::required(Values::Text(
            values.map(|s| ByteArray::from(s.as_ref())).collect(),
        ))
    }

    /// An `OPTIONAL INT32` column.
    pub(crate) fn opt_int32(values: impl Iterator<Item = Option<i32>>) -> Column {
        let (def, values) = levels(values);
        Column {
            values: Values::Int32(values),
            def: Some(def),
            rep: None,
        }
    }

    /// An `OPTIONAL BYTE_ARRAY (STRING)` column.
    pub(crate) fn opt_text(values: impl Iterator<Item = Option<ByteArray>>) -> Column {
        let (def, values) = levels(values);
        Column {
            values: Values::Text(values),
            def: Some(def),
            rep: None,
        }
    }

    /// A `REQUIRED GROUP (LIST)` of `REQUIRED BYTE_ARRAY (STRING)` elements
    /// (see [`list_of_strings`]): per row, its list, maybe empty.
    pub(crate) fn list_of_text<'a>(rows: impl Iterator<Item = &'a [ByteArray]>) -> Column {
        let (mut values, mut def, mut rep) = (Vec::new(), Vec::new(), Vec::new());
        for list in rows {
            if list.is_empty() {
                // An empty list: one slot, defined up to the list itself.
                def.push(0);
                rep.push(0);
            }
            for (i, v) in list.iter().enumerate() {
                values.push(v.clone());
                def.push(1);
                rep.push(i16::from(i > 0));
            }
        }
        Column {
            values: Values::Text(values),
            def: Some(def),
            rep: Some(rep),
        }
    }

    fn required(values: Values) -> Column {
        Column {
            values,
            def: None,
            rep: None,
        }
    }
}

/// The schema of a list column named `name` in the three-level form the
/// Parquet spec asks for (DuckDB and Spark read it as a list of strings):
/// never null, and so are its elements.
pub(crate) fn list_of_strings(name: &str) -> String {
    format!(
        "REQUIRED GROUP {name} (LIST) {{ REPEATED GROUP list {{ REQUIRED BYTE_ARRAY element (STRING); }} }}"
    )
}

/// Definition levels (1 = a value, 0 = null) and the values present.
fn levels<T>(values: impl Iterator<Item = Option<T>>) -> (Vec<i16>, Vec<T>) {
    let mut def = Vec::new();
    let mut present = Vec::new();
    for v in values {
        def.push(i16::from(v.is_some()));
        present.extend(v);
    }
    (def, present)
}

/// A whole Parquet file of one row group: `schema` in Parquet's message
/// syntax, `columns` in the order of its leaves. Snappy-compressed,
/// dictionary-encoded where the writer finds it pays.
///
/// # Errors
/// When the columns do not fit the schema.
pub(crate) fn parquet_file(schema: &str, columns: Vec<Column>) -> Result<Vec<u8>> {
    let schema = Arc::new(parse_message_type(schema)?);
    let props = Arc::new(
        WriterProperties::builder()
            .set_compression(Compression::SNAPPY)
            .set_created_by(format!(
                "movielens-export {} (parquet-rs)",
                env!("CARGO_PKG_VERSION")
            ))
            .build(),
    );
    let mut writer = SerializedFileWriter::new(Vec::new(), schema, props)?;
    let mut group = writer.next_row_group()?;
    let mut columns = columns.into_iter();
    while let Some(mut leaf) = group.next_column()? {
        let column = columns
            .next()
            .ok_or_else(|| ParquetError::General("fewer columns than the schema has".into()))?;
        let (def, rep) = (column.def.as_deref(), column.rep.as_deref());
        match column.values {
            Values::Int32(v) => leaf.typed::<Int32Type>().write_batch(&v, def, rep)?,
            Values::Int64(v) => leaf.typed::<Int64Type>().write_batch(&v, def, rep)?,
            Values::Double(v) => leaf.typed::<DoubleType>().write_batch(&v, def, rep)?,
            Values::Text(v) => leaf.typed::<ByteArrayType>().write_batch(&v, def, rep)?,
        };
        leaf.close()?;
    }
    if columns.next().is_some() {
        return Err(ParquetError::General(
            "more columns than the schema has".into(),
        ));
    }
    group.close()?;
    writer.into_inner()
}
