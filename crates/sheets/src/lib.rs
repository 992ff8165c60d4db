//! Reading a table from an uploaded spreadsheet or CSV file, as people and statistics offices
//! export them: any of the usual separators, UTF-8 with or without BOM, Windows-1252 or
//! UTF-16, quoted fields, ragged summary rows. Pure: bytes in, a table out.
//!
//! Every row keeps its line number in the file (the header being line 1), so that a report
//! can point at the exact line to fix.

use std::borrow::Cow;
use std::io::Cursor;

/// A table read from a file: its header and its non-blank rows.
#[derive(Debug, Clone, PartialEq)]
pub struct Table {
    /// The encoding the bytes were read in, as said to the user: "UTF-8", "UTF-8 med BOM",
    /// "Windows-1252", "UTF-16LE", "UTF-16BE"; for a spreadsheet its format: "XLSX", "XLS", "XLSB"
    /// or "ODS".
    pub encoding: &'static str,
    /// The separator of a CSV file; `None` for a spreadsheet.
    pub separator: Option<char>,
    pub header: Vec<String>,
    pub rows: Vec<Row>,
}

/// One row: its 1-based line number in the file (a CSV record that spans lines starts at its
/// first line; a spreadsheet row has its row number) and its cells, trimmed.
#[derive(Debug, Clone, PartialEq)]
pub struct Row {
    pub line: u64,
    pub cells: Vec<String>,
}

#[derive(Debug, thiserror::Error, PartialEq)]
pub enum SheetError {
    /// No header, or a header and no rows.
    #[error("the file has no rows")]
    Empty,
    /// Binary data, or text in none of the encodings read.
    #[error("the file is not text in UTF-8, Windows-1252 or UTF-16, nor a spreadsheet")]
    Encoding,
    /// A spreadsheet that could not be opened.
    #[error("the spreadsheet could not be read: {0}")]
    Spreadsheet(String),
}

/// The separators a CSV file may use, in the order a tie is decided.
const SEPARATORS: [u8; 4] = [b';', b'\t', b',', b'|'];

/// How many lines the separator is guessed from.
const SNIFF_LINES: usize = 50;

/// Reads the table of `bytes`: a spreadsheet (XLSX, XLS, ODS, by their magic bytes; the first
/// sheet) or else CSV. `file_name` is used only in messages for a spreadsheet.
pub fn read(bytes: &[u8], file_name: &str) -> Result<Table, SheetError> {
    if is_spreadsheet(bytes) {
        return read_spreadsheet(bytes, file_name);
    }
    let (text, encoding) = decode(bytes)?;
    read_csv(&text, encoding)
}

fn is_spreadsheet(bytes: &[u8]) -> bool {
    // ZIP (XLSX, ODS) and OLE2 (XLS).
    bytes.starts_with(b"PK\x03\x04") || bytes.starts_with(&[0xD0, 0xCF, 0x11, 0xE0, 0xA1, 0xB1, 0x1A, 0xE1])
}

/// The text of a CSV file and the encoding it was read in.
fn decode(bytes: &[u8]) -> Result<(Cow<'_, str>, &'static str), SheetError> {
    if let Some((encoding, bom_len)) = encoding_rs::Encoding::for_bom(bytes) {
        let body = &bytes[bom_len..];
        if encoding == encoding_rs::UTF_8 {
            let text = std::str::from_utf8(body).map_err(|_| SheetError::Encoding)?;
            return checked_text(Cow::Borrowed(text), "UTF-8 med BOM");
        }
        let (text, had_errors) = encoding.decode_without_bom_handling(body);
        if had_errors {
            return Err(SheetError::Encoding);
        }
        let name = if encoding == encoding_rs::UTF_16LE { "UTF-16LE" } else { "UTF-16BE" };
        return checked_text(text, name);
    }
    if bytes.contains(&0) {
        return Err(SheetError::Encoding);
    }
    match std::str::from_utf8(bytes) {
        Ok(text) => checked_text(Cow::Borrowed(text), "UTF-8"),
        Err(_) => {
            let (text, _) = encoding_rs::WINDOWS_1252.decode_without_bom_handling(bytes);
            checked_text(text, "Windows-1252")
        }
    }
}

/// Text with NUL or other C0 control characters than tab, CR, LF and form feed is binary.
fn checked_text<'a>(text: Cow<'a, str>, encoding: &'static str) -> Result<(Cow<'a, str>, &'static str), SheetError> {
    let binary = text.bytes().any(|b| b < 0x20 && !matches!(b, b'\t' | b'\r' | b'\n' | 0x0C));
    if binary { Err(SheetError::Encoding) } else { Ok((text, encoding)) }
}

fn read_csv(text: &str, encoding: &'static str) -> Result<Table, SheetError> {
    let separator = guess_separator(text);
    let tidy = tidy_whitespace(text.as_bytes(), separator);
    let mut reader =
        csv::ReaderBuilder::new().delimiter(separator).has_headers(false).flexible(true).from_reader(tidy.as_slice());
    let mut record = csv::StringRecord::new();
    let mut header: Option<Vec<String>> = None;
    let mut rows = Vec::new();
    loop {
        // A flexible reader of a slice fails only on bytes that are not UTF-8, which decoding
        // has ruled out.
        if !reader.read_record(&mut record).map_err(|_| SheetError::Encoding)? {
            break;
        }
        if record.iter().all(str::is_empty) {
            continue;
        }
        let cells: Vec<String> = record.iter().map(str::to_owned).collect();
        match header {
            None => header = Some(cells),
            Some(_) => {
                let line = record.position().map_or(0, |p| first_line(&tidy, p));
                rows.push(Row { line, cells });
            }
        }
    }
    table(encoding, Some(char::from(separator)), header, rows)
}

/// The line a record's content starts on. The reader's position is where it began to read,
/// which lies before the line ends it skipped (blank lines, the LF of a CRLF).
fn first_line(text: &[u8], position: &csv::Position) -> u64 {
    let skipped = text.get(position.byte() as usize..).unwrap_or_default();
    let newlines = skipped.iter().take_while(|&&b| b == b'\r' || b == b'\n').filter(|&&b| b == b'\n').count();
    position.line() + newlines as u64
}

fn table(
    encoding: &'static str,
    separator: Option<char>,
    header: Option<Vec<String>>,
    rows: Vec<Row>,
) -> Result<Table, SheetError> {
    match header {
        Some(header) if !rows.is_empty() => Ok(Table { encoding, separator, header, rows }),
        _ => Err(SheetError::Empty),
    }
}

/// The separator whose count (outside quotes) is the same on the most of the first lines;
/// a tie goes to the one listed first in [`SEPARATORS`].
fn guess_separator(text: &str) -> u8 {
    let mut counts: Vec<[usize; SEPARATORS.len()]> = Vec::new();
    let mut current = [0usize; SEPARATORS.len()];
    let mut in_quotes = false;
    let mut field_start = true;
    let mut blank = true;
    for &b in text.as_bytes() {
        // A quote opens a quoted field only at its start, as the reader has it; inside one,
        // a quote ends it (a doubled quote ends and reopens it, which comes to the same).
        let opens = b == b'"' && field_start;
        field_start = SEPARATORS.contains(&b) || b == b'\n' || (field_start && (b == b' ' || b == b'\t'));
        match b {
            b'"' if in_quotes || opens => in_quotes = !in_quotes,
            b'\n' if !in_quotes => {
                if !blank {
                    counts.push(current);
                    if counts.len() == SNIFF_LINES {
                        break;
                    }
                }
                current = [0; SEPARATORS.len()];
                blank = true;
                continue;
            }
            _ if !in_quotes => {
                if let Some(i) = SEPARATORS.iter().position(|&s| s == b) {
                    current[i] += 1;
                }
            }
            _ => {}
        }
        if !b.is_ascii_whitespace() {
            blank = false;
        }
    }
    if !blank && counts.len() < SNIFF_LINES {
        counts.push(current);
    }
    let mut best = (b',', 0usize, 0usize);
    for (i, &separator) in SEPARATORS.iter().enumerate() {
        // The most common non-zero count, and on how many lines it occurs.
        let mut tally: Vec<(usize, usize)> = Vec::new();
        for line in &counts {
            let n = line[i];
            if n == 0 {
                continue;
            }
            match tally.iter_mut().find(|(count, _)| *count == n) {
                Some((_, lines)) => *lines += 1,
                None => tally.push((n, 1)),
            }
        }
        if let Some(&(count, lines)) = tally.iter().max_by_key(|&&(count, lines)| (lines, count))
            && (lines, count) > (best.1, best.2)
        {
            best = (separator, lines, count);
        }
    }
    best.0
}

/// Drops spaces and tabs outside quotes at the start and end of each field, so that
/// `"a",    "b"` (DHIS2) reads as two quoted fields and ` 167.293` (SSI) as `167.293`, and
/// makes a lone CR (old Mac files) an LF, which is what the reader counts lines by.
fn tidy_whitespace(text: &[u8], separator: u8) -> Vec<u8> {
    let is_space = |b: u8| (b == b' ' || b == b'\t') && b != separator;
    let mut out = Vec::with_capacity(text.len());
    let mut in_quotes = false;
    let mut field_start = true;
    let mut i = 0;
    while i < text.len() {
        let b = text[i];
        if in_quotes {
            out.push(b);
            if b == b'"' {
                if text.get(i + 1) == Some(&b'"') {
                    out.push(b'"');
                    i += 1;
                } else {
                    in_quotes = false;
                }
            }
            i += 1;
            continue;
        }
        if is_space(b) {
            let end = text[i..].iter().position(|&c| !is_space(c)).map_or(text.len(), |n| i + n);
            let next = text.get(end).copied();
            let at_field_end = matches!(next, None | Some(b'\r' | b'\n')) || next == Some(separator);
            if !(field_start || at_field_end) {
                out.extend_from_slice(&text[i..end]);
            }
            i = end;
            continue;
        }
        if b == b'"' && field_start {
            in_quotes = true;
        }
        if b == b'\r' && text.get(i + 1) != Some(&b'\n') {
            field_start = true;
            out.push(b'\n');
            i += 1;
            continue;
        }
        field_start = b == separator || b == b'\n' || b == b'\r';
        out.push(b);
        i += 1;
    }
    out
}

fn read_spreadsheet(bytes: &[u8], file_name: &str) -> Result<Table, SheetError> {
    use calamine::Reader;
    let failed = |e: calamine::Error| SheetError::Spreadsheet(format!("{file_name}: {e}"));
    let mut workbook = calamine::open_workbook_auto_from_rs(Cursor::new(bytes)).map_err(failed)?;
    let format = match workbook {
        calamine::Sheets::Xls(_) => "XLS",
        calamine::Sheets::Xlsx(_) => "XLSX",
        calamine::Sheets::Xlsb(_) => "XLSB",
        calamine::Sheets::Ods(_) => "ODS",
    };
    let range = match workbook.worksheet_range_at(0) {
        Some(range) => range.map_err(failed)?,
        None => return Err(SheetError::Empty),
    };
    let first_row = range.start().map_or(0, |(row, _)| u64::from(row));
    let mut header = None;
    let mut rows = Vec::new();
    for (i, cells) in range.rows().enumerate() {
        let mut cells: Vec<String> = cells.iter().map(cell_text).collect();
        while cells.last().is_some_and(String::is_empty) {
            cells.pop();
        }
        if cells.is_empty() {
            continue;
        }
        match header {
            None => header = Some(cells),
            Some(_) => rows.push(Row { line: first_row + i as u64 + 1, cells }),
        }
    }
    table(format, None, header, rows)
}

/// A cell as text: numbers as Rust writes them (`1234.5`), dates as ISO dates (`2024-07-15`,
/// with the time when it has one).
fn cell_text(cell: &calamine::Data) -> String {
    use calamine::Data;
    match cell {
        Data::Empty => String::new(),
        Data::String(s) => s.trim().to_owned(),
        Data::Int(n) => n.to_string(),
        Data::Float(x) => x.to_string(),
        Data::Bool(b) => b.to_string(),
        Data::DateTime(d) if d.is_datetime() => {
            let (y, mo, day, h, mi, s, _) = d.to_ymd_hms_milli();
            if (h, mi, s) == (0, 0, 0) {
                format!("{y:04}-{mo:02}-{day:02}")
            } else {
                format!("{y:04}-{mo:02}-{day:02}T{h:02}:{mi:02}:{s:02}")
            }
        }
        Data::DateTime(d) => d.as_f64().to_string(),
        Data::DateTimeIso(s) | Data::DurationIso(s) => s.clone(),
        Data::Error(e) => e.to_string(),
    }
}

#[cfg(test)]
mod tests;
