//! Tables as downloads: CSV (semicolons, BOM, formula-like cells defused, for Danish Excel) and
//! XLSX (bold header, plain numbers as numbers, everything else as text).

use crate::http::error::WebError;
use axum::body::Body;
use axum::http::header;
use axum::response::{IntoResponse, Response};
use rust_xlsxwriter::{Format, Workbook, Worksheet, XlsxError};

pub const CSV: &str = "text/csv; charset=utf-8";
pub const XLSX: &str = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet";

pub fn csv<R: AsRef<[String]>>(rows: &[R]) -> Vec<u8> {
    let mut out = String::from("\u{feff}");
    csv_lines(&mut out, rows);
    out.into_bytes()
}

/// Rows as [`csv`] writes them, without the BOM: a later part of a streamed file.
pub fn csv_lines<R: AsRef<[String]>>(out: &mut String, rows: &[R]) {
    let mut write = csv_writer(out);
    for row in rows {
        write(row.as_ref());
    }
}

/// The first row is the header; below it, cells that are plain numbers are written as numbers.
pub async fn xlsx<R: AsRef<[String]> + Send + 'static>(
    rows: Vec<R>,
    first_column_width: f64,
) -> Result<Vec<u8>, WebError> {
    workbook(vec![Sheet { name: None, rows, first_column_width }]).await
}

/// One sheet of a workbook: its name (none: the spreadsheet's default) and its rows, the first
/// the header.
pub struct Sheet<R> {
    pub name: Option<String>,
    pub rows: Vec<R>,
    pub first_column_width: f64,
}

/// A workbook of several sheets, each written as [`xlsx`] writes its one.
pub async fn workbook<R: AsRef<[String]> + Send + 'static>(sheets: Vec<Sheet<R>>) -> Result<Vec<u8>, WebError> {
    tokio::task::spawn_blocking(move || -> Result<Vec<u8>, XlsxError> {
        let mut book = Workbook::new();
        add_sheets(&mut book, sheets)?;
        book.save_to_buffer()
    })
    .await
    .map_err(|e| WebError::Internal(e.into()))?
    .map_err(|e| WebError::Internal(e.into()))
}

fn add_sheets<R: AsRef<[String]>>(book: &mut Workbook, sheets: Vec<Sheet<R>>) -> Result<(), XlsxError> {
    for Sheet { name, rows, first_column_width } in sheets {
        let sheet = book.add_worksheet();
        start_sheet(sheet, name, first_column_width)?;
        for (r, row) in rows.iter().enumerate() {
            write_row(sheet, r as u32, row.as_ref())?;
        }
    }
    Ok(())
}

fn start_sheet(sheet: &mut Worksheet, name: Option<String>, first_column_width: f64) -> Result<(), XlsxError> {
    if let Some(name) = name {
        sheet.set_name(name)?;
    }
    sheet.set_column_width(0, first_column_width)?;
    Ok(())
}

/// Row `r` of a sheet: the header (row 0) bold, below it plain numbers as numbers.
fn write_row(sheet: &mut Worksheet, r: u32, row: &[String]) -> Result<(), XlsxError> {
    for (col, cell) in row.iter().enumerate() {
        let col = col as u16;
        match plain_number(cell) {
            Some(n) if r > 0 => sheet.write_number(r, col, n)?,
            _ if r == 0 => sheet.write_string_with_format(r, col, cell, &Format::new().set_bold())?,
            _ => sheet.write_string(r, col, cell)?,
        };
    }
    Ok(())
}

/// A workbook whose first sheet is written as its rows come, part by part, in constant memory
/// (the rows go to a temporary file at once); the sheets after it are added whole at the end.
pub struct StreamedWorkbook {
    book: Workbook,
    rows: u32,
}

impl StreamedWorkbook {
    /// The first sheet with its header.
    pub fn new(name: Option<String>, first_column_width: f64, header: &[String]) -> Result<Self, WebError> {
        let mut book = Workbook::new();
        let sheet = book.add_worksheet_with_constant_memory().map_err(|e| WebError::Internal(e.into()))?;
        start_sheet(sheet, name, first_column_width).map_err(|e| WebError::Internal(e.into()))?;
        write_row(sheet, 0, header).map_err(|e| WebError::Internal(e.into()))?;
        Ok(StreamedWorkbook { book, rows: 1 })
    }

    /// Rows below those written so far.
    pub fn append<R: AsRef<[String]>>(&mut self, rows: &[R]) -> Result<(), WebError> {
        let sheet = self.book.worksheet_from_index(0).map_err(|e| WebError::Internal(e.into()))?;
        for row in rows {
            write_row(sheet, self.rows, row.as_ref()).map_err(|e| WebError::Internal(e.into()))?;
            self.rows += 1;
        }
        Ok(())
    }

    /// The file, with `sheets` after the first.
    pub async fn finish<R: AsRef<[String]> + Send + 'static>(self, sheets: Vec<Sheet<R>>) -> Result<Vec<u8>, WebError> {
        let mut book = self.book;
        tokio::task::spawn_blocking(move || -> Result<Vec<u8>, XlsxError> {
            add_sheets(&mut book, sheets)?;
            book.save_to_buffer()
        })
        .await
        .map_err(|e| WebError::Internal(e.into()))?
        .map_err(|e| WebError::Internal(e.into()))
    }
}

/// A number written the plain way (`12`, `-3`, `1234.5`) that a spreadsheet shows unchanged.
/// Phone numbers, postal codes and codes (`004512345678`, `+4512345678`, `0800`, `1e3`, `1.`)
/// stay text: as numbers they would lose a leading zero or sign, or change their form.
fn plain_number(cell: &str) -> Option<f64> {
    let digits = cell.strip_prefix('-').unwrap_or(cell);
    let (whole, fraction) = digits.split_once('.').map_or((digits, None), |(w, f)| (w, Some(f)));
    let all_digits = |s: &str| !s.is_empty() && s.bytes().all(|b| b.is_ascii_digit());
    let plain = all_digits(whole)
        && (whole == "0" || !whole.starts_with('0'))
        // beyond 15 digits a spreadsheet rounds
        && whole.len() + fraction.map_or(0, str::len) <= 15
        && fraction.is_none_or(all_digits);
    plain.then(|| cell.parse().ok()).flatten()
}

pub fn attachment(bytes: Vec<u8>, content_type: &'static str, filename: &str) -> Response {
    attachment_body(bytes.into(), content_type, filename)
}

/// A download written as it is read: a part that fails to be read ends the stream with an
/// error, so the client sees a broken transfer, never a file cut short that looks whole.
pub fn attachment_stream<S>(parts: S, content_type: &'static str, filename: &str) -> Response
where
    S: futures_util::TryStream<Ok = Vec<u8>, Error = WebError> + Send + 'static,
{
    use futures_util::TryStreamExt;
    let parts = parts.map_err(|e| std::io::Error::other(e.to_string()));
    attachment_body(Body::from_stream(parts), content_type, filename)
}

fn attachment_body(body: Body, content_type: &'static str, filename: &str) -> Response {
    (
        [
            (header::CONTENT_TYPE, content_type.to_owned()),
            (header::CONTENT_DISPOSITION, format!("attachment; filename=\"{filename}\"")),
        ],
        body,
    )
        .into_response()
}

/// Semicolon-separated (as Danish Excel expects), quoted, with formula-like cells defused.
pub fn csv_writer(out: &mut String) -> impl FnMut(&[String]) + '_ {
    move |cells: &[String]| {
        let line: Vec<String> = cells
            .iter()
            .map(|c| {
                let c = if c.starts_with(['=', '+', '-', '@']) { format!("'{c}") } else { c.clone() };
                format!("\"{}\"", c.replace('"', "\"\""))
            })
            .collect();
        out.push_str(&line.join(";"));
        out.push_str("\r\n");
    }
}

#[cfg(test)]
mod tests {
    use std::io::Read;

    /// The first sheet's cells in row 2 as (kind, value): `s` for text, `n` for a number.
    fn second_row(book: Vec<u8>) -> Vec<(String, String)> {
        let mut zip = zip::ZipArchive::new(std::io::Cursor::new(book)).unwrap();
        let mut xml = String::new();
        zip.by_name("xl/worksheets/sheet1.xml").unwrap().read_to_string(&mut xml).unwrap();
        let row = xml.split("<row r=\"2\"").nth(1).unwrap().split("</row>").next().unwrap();
        row.split("<c ")
            .skip(1)
            .map(|c| {
                let kind = if c.contains("t=\"s\"") { "s" } else { "n" };
                let value = c.split("<v>").nth(1).unwrap().split("</v>").next().unwrap();
                (kind.to_owned(), value.to_owned())
            })
            .collect()
    }

    #[tokio::test]
    async fn a_stream_that_fails_midway_breaks_the_download_instead_of_ending_it_short() {
        use crate::http::error::WebError;
        let parts = futures_util::stream::iter([
            Ok(b"\"wave\";\"group\"\r\n".to_vec()),
            Err(WebError::Internal(anyhow::anyhow!("the database went away"))),
            Ok(b"\"Runde 1\";\"5.A\"\r\n".to_vec()),
        ]);
        let response = super::attachment_stream(parts, super::CSV, "svar.csv");
        assert_eq!(response.status(), 200, "the head went before the failure");
        let read = axum::body::to_bytes(response.into_body(), usize::MAX).await;
        assert!(read.is_err(), "the body ends in an error, not as a shorter file: {read:?}");
    }

    #[tokio::test]
    async fn text_that_looks_like_a_number_stays_text_in_xlsx() {
        let cells = ["004512345678", "+4512345678", "0800", "1e3", "12", "-3", "1234.5", "0.25", "inf"];
        let rows = vec![vec!["header".to_owned(); cells.len()], cells.iter().map(|c| c.to_string()).collect()];
        let written = second_row(super::xlsx(rows, 10.0).await.unwrap());
        let kinds: Vec<&str> = written.iter().map(|(k, _)| k.as_str()).collect();
        assert_eq!(kinds, ["s", "s", "s", "s", "n", "n", "n", "n", "s"], "{written:?}");
        assert_eq!(written[4].1, "12");
        assert_eq!(written[6].1, "1234.5");
    }
}
