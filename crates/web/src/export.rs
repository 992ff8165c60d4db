//! Tables as downloads: CSV (semicolons, BOM, formula-like cells defused, for Danish Excel) and
//! XLSX (bold header, numbers as numbers).

use crate::error::WebError;
use axum::http::header;
use axum::response::{IntoResponse, Response};

pub const CSV: &str = "text/csv; charset=utf-8";
pub const XLSX: &str = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet";

pub fn csv<R: AsRef<[String]>>(rows: &[R]) -> Vec<u8> {
    let mut out = String::from("\u{feff}");
    {
        let mut write = crate::meals::csv_writer(&mut out);
        for row in rows {
            write(row.as_ref());
        }
    }
    out.into_bytes()
}

/// The first row is the header; below it, cells that read as numbers are written as numbers.
pub async fn xlsx<R: AsRef<[String]> + Send + 'static>(
    rows: Vec<R>,
    first_column_width: f64,
) -> Result<Vec<u8>, WebError> {
    tokio::task::spawn_blocking(move || -> Result<Vec<u8>, rust_xlsxwriter::XlsxError> {
        let mut book = rust_xlsxwriter::Workbook::new();
        let sheet = book.add_worksheet();
        let bold = rust_xlsxwriter::Format::new().set_bold();
        for (r, row) in rows.iter().enumerate() {
            for (col, cell) in row.as_ref().iter().enumerate() {
                let (r, col) = (r as u32, col as u16);
                match cell.parse::<f64>() {
                    Ok(n) if r > 0 && n.is_finite() => sheet.write_number(r, col, n)?,
                    _ if r == 0 => sheet.write_string_with_format(r, col, cell, &bold)?,
                    _ => sheet.write_string(r, col, cell)?,
                };
            }
        }
        sheet.set_column_width(0, first_column_width)?;
        book.save_to_buffer()
    })
    .await
    .map_err(|e| WebError::Internal(e.into()))?
    .map_err(|e| WebError::Internal(e.into()))
}

pub fn attachment(bytes: Vec<u8>, content_type: &'static str, filename: &str) -> Response {
    (
        [
            (header::CONTENT_TYPE, content_type.to_owned()),
            (header::CONTENT_DISPOSITION, format!("attachment; filename=\"{filename}\"")),
        ],
        bytes,
    )
        .into_response()
}
