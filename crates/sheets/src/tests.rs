use super::*;

const CORPUS: &str = concat!(env!("CARGO_MANIFEST_DIR"), "/../../../shared/corpus/csv");

fn corpus(name: &str) -> Table {
    let bytes = std::fs::read(format!("{CORPUS}/{name}")).unwrap_or_else(|e| panic!("{name}: {e}"));
    read(&bytes, name).unwrap_or_else(|e| panic!("{name}: {e}"))
}

fn cells(row: &Row) -> Vec<&str> {
    row.cells.iter().map(String::as_str).collect()
}

#[test]
fn ssi_file_reads_with_bom_semicolons_and_padded_numbers() {
    let t = corpus("ssi_covid__municipality_test_pos_bom.csv");
    assert_eq!(t.encoding, "UTF-8 med BOM");
    assert_eq!(t.separator, Some(';'));
    assert_eq!(t.header[0], "Kommune_(id)", "the BOM is not part of the first header");
    assert_eq!(t.header[3], "Antal_bekræftede_COVID-19");
    assert_eq!(t.rows.len(), 99);
    assert_eq!(t.rows[0].line, 2);
    assert_eq!(cells(&t.rows[0]), ["101", "København", "167.293", "2.807", "632.340", "444"]);
    assert_eq!(t.rows[98].line, 100, "the last line has no final newline");
    assert_eq!(t.rows[98].cells[1], "Hjørring");
}

#[test]
fn statbank_answer_reads_with_bom_and_crlf() {
    let t = corpus("dst_statbank__straf42_api_raw_response.csv");
    assert_eq!(t.separator, Some(';'));
    assert_eq!(t.header, ["HERKOMST1", "TID", "INDHOLD"]);
    assert_eq!(t.rows, [Row { line: 2, cells: vec!["Total".into(), "2023".into(), "233454".into()] }]);
}

#[test]
fn dhis2_quoted_fields_padded_with_spaces_read_as_quoted() {
    let t = corpus("dhis2__analytics_data_values_space_padded.csv");
    assert_eq!(t.separator, Some(','));
    assert_eq!(t.header, ["dataelement", "period", "orgunit", "value"]);
    assert_eq!(t.rows.len(), 32);
    assert_eq!(cells(&t.rows[0]), ["deabcdefghA", "2017-01", "ouabcdefghA", "2"]);
}

#[test]
fn dhis2_rows_narrower_than_the_header_are_kept() {
    let t = corpus("dhis2__datavalueset_header_wider_than_rows.csv");
    assert_eq!(t.header.len(), 11);
    assert_eq!(t.rows.len(), 3);
    assert!(t.rows.iter().all(|r| r.cells.len() == 10));
    assert_eq!(t.rows[2].line, 4);
    assert_eq!(t.rows[2].cells[9], "false", "the last line has no final newline");
}

#[test]
fn kobo_wide_export_reads_with_commas() {
    let t = corpus("kobo_odk__unhcr_demo_main_dataframe.csv");
    assert_eq!(t.separator, Some(','));
    assert_eq!(t.header.len(), 243);
    assert_eq!(t.header[0], "instanceID");
    assert!(t.rows.iter().all(|r| r.cells.len() == 243));
    assert_eq!(t.rows.len(), 381);
}

#[test]
fn windows_1252_is_read_when_the_bytes_are_not_utf8() {
    let bytes = b"Kommune;V\xe6rdi\nK\xf8ge;1,5\n\xc5benr\xe5;2\n";
    let t = read(bytes, "x.csv").unwrap();
    assert_eq!(t.encoding, "Windows-1252");
    assert_eq!(t.header, ["Kommune", "Værdi"]);
    assert_eq!(t.rows[0].cells[0], "Køge");
    assert_eq!(t.rows[1].cells[0], "Åbenrå");
}

#[test]
fn utf8_without_bom_is_utf8() {
    let t = read("a;b\nø;1\n".as_bytes(), "x.csv").unwrap();
    assert_eq!(t.encoding, "UTF-8");
    assert_eq!(t.rows[0].cells, ["ø", "1"]);
}

#[test]
fn utf16_with_bom_is_decoded() {
    let mut bytes = vec![0xFF, 0xFE];
    for unit in "Kommune\tÆrø\r\nÆrø\t3\r\n".encode_utf16() {
        bytes.extend_from_slice(&unit.to_le_bytes());
    }
    let t = read(&bytes, "x.txt").unwrap();
    assert_eq!(t.encoding, "UTF-16LE");
    assert_eq!(t.separator, Some('\t'));
    assert_eq!(t.rows[0].cells, ["Ærø", "3"]);
}

#[test]
fn binary_bytes_are_an_encoding_error() {
    assert_eq!(read(b"a;b\n1;\x00\x01\x02\n", "x.csv"), Err(SheetError::Encoding));
    assert_eq!(read(b"\x7fELF\x02\x01\x01\x00", "x.csv"), Err(SheetError::Encoding));
}

#[test]
fn an_empty_file_or_a_lone_header_is_empty() {
    assert_eq!(read(b"", "x.csv"), Err(SheetError::Empty));
    assert_eq!(read(b"\xef\xbb\xbf\r\n\r\n", "x.csv"), Err(SheetError::Empty));
    assert_eq!(read(b"kommune;aar;vaerdi\n", "x.csv"), Err(SheetError::Empty));
}

#[test]
fn a_quoted_newline_counts_its_lines_and_blank_rows_go() {
    let t = read(b"navn,note\n\"a\",\"to\nlinjer\"\n\n;;\nb,\"x, y\"\n,\n", "x.csv").unwrap();
    let lines: Vec<u64> = t.rows.iter().map(|r| r.line).collect();
    assert_eq!(lines, [2, 5, 6], "line 4 is blank, line 7 has only empty cells");
    assert_eq!(t.rows[0].cells[1], "to\nlinjer");
    assert_eq!(t.rows[1].cells, [";;"], "one cell of a comma file");
    assert_eq!(t.rows[2].cells, ["b", "x, y"]);
}

#[test]
fn the_separator_is_the_one_counted_alike_outside_quotes() {
    let sep = |text: &str| read(text.as_bytes(), "x.csv").unwrap().separator;
    assert_eq!(sep("kommune;værdi\nKøge;1,5\nGreve;2,5\n"), Some(';'), "decimal commas are not separators");
    assert_eq!(sep("a|b|c\n1|2|3\n"), Some('|'));
    assert_eq!(sep("a,b\n\"1;2;3\",4\n"), Some(','), "semicolons inside quotes do not count");
    assert_eq!(sep("a\tb\n1\t2\n"), Some('\t'));
    assert_eq!(sep("kommune\nKøge\n"), Some(','), "a single column");
}

#[test]
fn spaces_inside_fields_and_quotes_are_kept() {
    let t = read(b"a;b\n  Lyngby Taarb\xc3\xa6k  ;\"  1 \"\n", "x.csv").unwrap();
    assert_eq!(t.rows[0].cells, ["Lyngby Taarbæk", "  1 "]);
}

#[test]
fn xlsx_is_read_from_its_first_sheet_with_numbers_and_dates() {
    use rust_xlsxwriter::{ExcelDateTime, Format, Workbook};
    let mut workbook = Workbook::new();
    let sheet = workbook.add_worksheet();
    let date = Format::new().set_num_format("dd-mm-yyyy");
    sheet.write_string(0, 0, "Kommune").unwrap();
    sheet.write_string(0, 1, "Dato").unwrap();
    sheet.write_string(0, 2, "Værdi").unwrap();
    sheet.write_string(1, 0, "Høje-Taastrup").unwrap();
    let day = ExcelDateTime::from_ymd(2024, 7, 15).unwrap();
    sheet.write_datetime_with_format(1, 1, &day, &date).unwrap();
    sheet.write_number(1, 2, 1234.5).unwrap();
    sheet.write_string(3, 0, "Kilde: Danmarks Statistik").unwrap();
    workbook.add_worksheet().write_string(0, 0, "not this one").unwrap();
    let bytes = workbook.save_to_buffer().unwrap();
    let t = read(&bytes, "tal.xlsx").unwrap();
    assert_eq!((t.encoding, t.separator), ("XLSX", None));
    assert_eq!(t.header, ["Kommune", "Dato", "Værdi"]);
    assert_eq!(t.rows[0], Row { line: 2, cells: vec!["Høje-Taastrup".into(), "2024-07-15".into(), "1234.5".into()] });
    assert_eq!(t.rows[1], Row { line: 4, cells: vec!["Kilde: Danmarks Statistik".into()] });
}

#[test]
fn a_broken_spreadsheet_is_said_so() {
    let err = read(b"PK\x03\x04 not really a zip", "tal.xlsx").unwrap_err();
    assert!(matches!(err, SheetError::Spreadsheet(ref m) if m.starts_with("tal.xlsx")), "{err:?}");
}

#[test]
fn lines_ending_in_a_lone_cr_are_counted() {
    let t = read(b"a;b\r1;2\r\r3;4", "x.csv").unwrap();
    let lines: Vec<u64> = t.rows.iter().map(|r| r.line).collect();
    assert_eq!(lines, [2, 4]);
}
