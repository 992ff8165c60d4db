//! Rows of an uploaded table to indicator values: which columns hold the unit, the period and
//! the value (guessed from the header and the cells, or given by the user), and every row read
//! into a value, an error with its reason, or a row left out and why (summary rows such as
//! "I alt", notes under the table, missing values).
//!
//! An import is all or nothing; this module only says what a file holds, so that the caller can
//! refuse a file with any error and show every bad line at once.

use crate::indicator::{Frequency, Geography, Period, Unit, check_value};
use crate::{FieldError, FieldErrors, geo, text};
use std::collections::HashMap;
use std::collections::hash_map::Entry;
use std::sync::OnceLock;

/// One row of the table: its 1-based line in the file (the header is line 1) and its cells.
#[derive(Debug, Clone, Copy)]
pub struct SourceRow<'a> {
    pub line: u64,
    pub cells: &'a [String],
}

/// What the rows are read for.
#[derive(Debug, Clone, Copy)]
pub struct ImportContext<'a> {
    pub frequency: Frequency,
    pub geography: Geography,
    /// The initiative's own units: id and name.
    pub custom_units: &'a [(i64, String)],
    /// The file's separator (`None` for a spreadsheet): with `;`, a `.` before three digits is a
    /// thousands separator, as Danish exports write it.
    pub separator: Option<char>,
}

/// Columns the user named, each by its header or its 1-based number; `None` to guess.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct MappingInput {
    pub unit: Option<String>,
    pub period: Option<String>,
    pub value: Option<String>,
    pub note: Option<String>,
    /// The period of every row, for a table without a period column (such as SSI's table of
    /// municipalities at one date): no period column is then looked for.
    pub fixed_period: Option<String>,
}

/// A column of the table: its 1-based number and its header.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Column {
    pub number: usize,
    pub header: String,
}

/// The columns the values are read from. The unit column is absent for an indicator of the
/// country whose file names no unit: every value is then the country's. The period column is
/// absent when the user gave one period for every row.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ColumnMapping {
    pub unit: Option<Column>,
    pub period: Option<Column>,
    pub fixed_period: Option<Period>,
    pub value: Column,
    pub note: Option<Column>,
}

#[derive(Debug, Clone, PartialEq)]
pub struct ImportedValue {
    pub line: u64,
    pub unit: Unit,
    pub period: Period,
    pub value: f64,
    pub note: String,
}

/// Why a row is an error or was left out. The web layer shows `import-reason-<code>`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum ImportReason {
    /// Error: the unit cell is empty.
    UnitMissing,
    /// Error: no municipality, region, country or unit of the initiative by that name or code.
    UnitUnknown,
    /// Error: a unit of a level the indicator does not take (detail: the level).
    UnitWrongLevel,
    /// Left out: an area Statistics Denmark lists that is none of the 98 municipalities
    /// (Christiansø).
    UnitNotCovered,
    /// Error: the period cell is empty.
    PeriodMissing,
    /// Error: not a period.
    PeriodInvalid,
    /// Error: a period of another frequency than the indicator's.
    PeriodWrongFrequency,
    /// Error: the value is not a number.
    ValueInvalid,
    /// Error: a number beyond what a figure can be.
    ValueOutOfRange,
    /// Left out: no value (empty, `-`, `..`, `NA`).
    ValueMissing,
    /// Left out: a small number kept back for privacy (`<10`, as SSI writes it).
    ValueSuppressed,
    /// Error: the same unit and period as an earlier line, with another value (detail: that
    /// line).
    Duplicate,
    /// Left out: the same unit, period and value as an earlier line (detail: that line).
    Repeated,
    /// Left out: a total ("I alt", "Total", "Alle").
    SummaryRow,
    /// Left out: a note under or within the table ("Kilde: …"), or a row without unit, period
    /// and value.
    CommentRow,
}

impl ImportReason {
    pub fn code(self) -> &'static str {
        match self {
            ImportReason::UnitMissing => "unit-missing",
            ImportReason::UnitUnknown => "unit-unknown",
            ImportReason::UnitWrongLevel => "unit-wrong-level",
            ImportReason::UnitNotCovered => "unit-not-covered",
            ImportReason::PeriodMissing => "period-missing",
            ImportReason::PeriodInvalid => "period-invalid",
            ImportReason::PeriodWrongFrequency => "period-wrong-frequency",
            ImportReason::ValueInvalid => "value-invalid",
            ImportReason::ValueOutOfRange => "value-out-of-range",
            ImportReason::ValueMissing => "value-missing",
            ImportReason::ValueSuppressed => "value-suppressed",
            ImportReason::Duplicate => "duplicate",
            ImportReason::Repeated => "repeated",
            ImportReason::SummaryRow => "summary-row",
            ImportReason::CommentRow => "comment-row",
        }
    }
}

/// A row that is an error or was left out: its line, why, and the cell or line it concerns.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct RowProblem {
    pub line: u64,
    pub reason: ImportReason,
    pub detail: String,
}

#[derive(Debug, Clone, PartialEq)]
pub struct ImportPlan {
    pub mapping: ColumnMapping,
    /// In file order, each unit and period once.
    pub values: Vec<ImportedValue>,
    pub errors: Vec<RowProblem>,
    pub skipped: Vec<RowProblem>,
}

/// Longest note kept from a file.
pub const NOTE_MAX: usize = 500;

/// How many rows the column guess looks at.
const SAMPLE_ROWS: usize = 200;

/// Reads `rows` as values of an indicator; bad rows are in the plan, not a failure. Fails only
/// when the columns cannot be settled: a named column that is not in the header
/// (`column-unknown`) or no column to guess (`column-not-found`), under the field
/// `unit_column`, `period_column`, `value_column` or `note_column`; or a `fixed_period` that is
/// no period of the indicator's frequency (its period code, under `fixed_period`).
pub fn plan(
    header: &[String],
    rows: &[SourceRow<'_>],
    context: &ImportContext<'_>,
    mapping: &MappingInput,
) -> Result<ImportPlan, FieldErrors> {
    let mapping = map_columns(header, rows, context, mapping)?;
    let style = number_style(rows.iter().filter_map(|r| cell(r, Some(&mapping.value))), context.separator);
    let mut resolver = UnitResolver::new(context);
    let mut periods: HashMap<&str, Result<Period, ImportReason>> = HashMap::new();
    let mut seen: HashMap<(Unit, Period), (u64, f64)> = HashMap::new();
    let mut plan = ImportPlan { mapping, values: Vec::new(), errors: Vec::new(), skipped: Vec::new() };
    let mut number = String::new();
    for row in rows {
        let problem = |reason, detail: &str| RowProblem { line: row.line, reason, detail: detail.to_owned() };
        let unit_cell = cell(row, plan.mapping.unit.as_ref());
        let period_cell = cell(row, plan.mapping.period.as_ref()).unwrap_or("");
        let value_cell = cell(row, Some(&plan.mapping.value)).unwrap_or("");
        let unit = match unit_cell {
            None => Ok(Unit::Country),
            Some("") => Err((ImportReason::UnitMissing, String::new())),
            Some(c) => resolver.resolve(c),
        };
        let period = match plan.mapping.fixed_period {
            Some(period) => Ok(period),
            None => *periods.entry(period_cell).or_insert_with(|| parse_period(period_cell, context.frequency)),
        };
        if matches!(unit, Err((ImportReason::SummaryRow, _))) {
            plan.skipped.push(problem(ImportReason::SummaryRow, unit_cell.unwrap_or("")));
            continue;
        }
        if period == Err(ImportReason::SummaryRow) {
            plan.skipped.push(problem(ImportReason::SummaryRow, period_cell));
            continue;
        }
        if let Some(comment) = comment(row, header.len(), [unit_cell.unwrap_or(""), period_cell, value_cell]) {
            plan.skipped.push(problem(ImportReason::CommentRow, comment));
            continue;
        }
        let unit = match unit {
            Ok(unit) => unit,
            Err((ImportReason::UnitNotCovered, detail)) => {
                plan.skipped.push(problem(ImportReason::UnitNotCovered, &detail));
                continue;
            }
            Err((reason, detail)) => {
                plan.errors.push(problem(reason, &detail));
                continue;
            }
        };
        let period = match period {
            Ok(period) => period,
            Err(reason) => {
                plan.errors.push(problem(reason, period_cell));
                continue;
            }
        };
        if is_missing(value_cell) {
            plan.skipped.push(problem(ImportReason::ValueMissing, value_cell));
            continue;
        }
        if is_suppressed(value_cell) {
            plan.skipped.push(problem(ImportReason::ValueSuppressed, value_cell));
            continue;
        }
        let value = match parse_number(value_cell, style, &mut number) {
            None => Err(ImportReason::ValueInvalid),
            Some(v) => check_value(v).map_err(|_| ImportReason::ValueOutOfRange),
        };
        let value = match value {
            Ok(value) => value,
            Err(reason) => {
                plan.errors.push(problem(reason, value_cell));
                continue;
            }
        };
        match seen.entry((unit, period)) {
            Entry::Occupied(earlier) => {
                let (line, earlier_value) = *earlier.get();
                let reason = if earlier_value == value { ImportReason::Repeated } else { ImportReason::Duplicate };
                let problem = problem(reason, &line.to_string());
                if reason == ImportReason::Repeated { plan.skipped.push(problem) } else { plan.errors.push(problem) }
            }
            Entry::Vacant(slot) => {
                let unit = slot.key().0.clone();
                slot.insert((row.line, value));
                let note =
                    cell(row, plan.mapping.note.as_ref()).map(|n| text::as_line(n, NOTE_MAX)).unwrap_or_default();
                plan.values.push(ImportedValue { line: row.line, unit, period, value, note });
            }
        }
    }
    Ok(plan)
}

fn cell<'a>(row: &SourceRow<'a>, column: Option<&Column>) -> Option<&'a str> {
    column.map(|c| row.cells.get(c.number - 1).map_or("", |s| s.trim()))
}

fn parse_period(cell: &str, frequency: Frequency) -> Result<Period, ImportReason> {
    if cell.is_empty() {
        return Err(ImportReason::PeriodMissing);
    }
    match any_period(cell, frequency) {
        Ok(period) if period.frequency() == frequency => Ok(period),
        Ok(_) => Err(ImportReason::PeriodWrongFrequency),
        Err(_) if is_total(&fold(cell)) => Err(ImportReason::SummaryRow),
        Err(_) => Err(ImportReason::PeriodInvalid),
    }
}

/// A period of any frequency, as [`Period::parse`] reads it or as DHIS2 writes a month
/// (`201201`).
fn any_period(cell: &str, frequency: Frequency) -> Result<Period, FieldError> {
    if cell.len() == 6 && cell.bytes().all(|b| b.is_ascii_digit()) {
        return Period::parse(&format!("{}-{}", &cell[..4], &cell[4..]), frequency);
    }
    Period::parse(cell, frequency)
}

/// The text of a note row: a row with one filled cell, either shorter than the header (a
/// footer such as "Kilde: Danmarks Statistik") or starting as a note does; or a row whose
/// unit, period and value cells are all empty.
fn comment<'a>(row: &SourceRow<'a>, header_len: usize, mapped: [&str; 3]) -> Option<&'a str> {
    let mut filled = row.cells.iter().map(|c| c.trim()).filter(|c| !c.is_empty());
    let first = filled.next()?;
    if mapped.iter().all(|c| c.is_empty()) {
        return Some(first);
    }
    if filled.next().is_some() {
        return None;
    }
    let lower = first.to_lowercase();
    let note_like =
        ["kilde", "note", "anm", "source", "fodnote", "*", "#"].iter().any(|start| lower.starts_with(start));
    (row.cells.len() < header_len || note_like).then_some(first)
}

/// A total's label ("I alt", "Total", "Alle"), folded.
fn is_total(folded: &str) -> bool {
    const TOTALS: [&str; 9] = ["ialt", "total", "totalt", "alle", "sum", "samlet", "altialt", "grandtotal", "subtotal"];
    TOTALS.contains(&folded) || folded.starts_with("ialt")
}

/// Cells that say "no value": Statistics Denmark writes `..` for a confidential figure.
fn is_missing(cell: &str) -> bool {
    const MISSING: [&str; 9] = ["", "-", "–", "..", "...", ":", "x", "na", "n/a"];
    MISSING.iter().any(|m| cell.eq_ignore_ascii_case(m)) || cell.eq_ignore_ascii_case("n.a.")
}

/// A bound in place of a small number: `<10`, `< 5`.
fn is_suppressed(cell: &str) -> bool {
    cell.strip_prefix('<').is_some_and(|bound| {
        let bound = bound.trim();
        !bound.is_empty() && bound.chars().all(|c| c.is_ascii_digit() || c == ',' || c == '.')
    })
}

/// How a column writes its numbers.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum NumberStyle {
    /// `1.234,5`
    Danish,
    /// `1,234.5`
    English,
}

/// Decides for a whole column, so that `2.807` is read the same on every line: Danish when a
/// cell has a decimal comma, or when the file is `;`-separated and every `.` is followed by
/// groups of three digits; English otherwise.
fn number_style<'a>(cells: impl Iterator<Item = &'a str>, separator: Option<char>) -> NumberStyle {
    let (mut danish, mut english, mut dot_thousands, mut comma_thousands) = (false, false, false, false);
    for cell in cells {
        let last = cell.rfind([',', '.']);
        let Some(last) = last else { continue };
        let groups_of_three = |mark: char| cell.split(mark).skip(1).all(|g| g.trim_end_matches('%').trim().len() == 3);
        if cell.as_bytes()[last] == b',' {
            if cell[..last].contains('.') || !groups_of_three(',') {
                danish = true;
            } else {
                comma_thousands = true;
            }
        } else if cell[..last].contains(',') || !groups_of_three('.') {
            english = true;
        } else {
            dot_thousands = true;
        }
    }
    let semicolons = separator == Some(';');
    if danish || (!english && semicolons && (dot_thousands || comma_thousands)) {
        NumberStyle::Danish
    } else {
        NumberStyle::English
    }
}

/// A number as `style` writes it, with spaces, a sign, and a trailing `%` allowed; the
/// thousands separators must group by three.
fn parse_number(cell: &str, style: NumberStyle, buffer: &mut String) -> Option<f64> {
    let (thousands, decimal) = match style {
        NumberStyle::Danish => ('.', ','),
        NumberStyle::English => (',', '.'),
    };
    buffer.clear();
    let cell = cell.trim().trim_end_matches('%');
    let mut chars = cell.chars().filter(|c| !c.is_whitespace()).peekable();
    match chars.peek() {
        Some('-' | '−') => {
            buffer.push('-');
            chars.next();
        }
        Some('+') => {
            chars.next();
        }
        _ => {}
    }
    let mut group: Option<usize> = None;
    let mut digits = 0;
    let mut seen_decimal = false;
    for c in chars {
        match c {
            '0'..='9' => {
                buffer.push(c);
                digits += 1;
                if let Some(g) = group.as_mut() {
                    *g += 1;
                }
            }
            _ if c == thousands && !seen_decimal => {
                if digits == 0 || group.is_some_and(|g| g != 3) || (group.is_none() && digits > 3) {
                    return None;
                }
                group = Some(0);
            }
            _ if c == decimal && !seen_decimal => {
                if group.is_some_and(|g| g != 3) {
                    return None;
                }
                seen_decimal = true;
                group = None;
                buffer.push('.');
            }
            _ => return None,
        }
    }
    if digits == 0 || group.is_some_and(|g| g != 3) {
        return None;
    }
    buffer.parse().ok()
}

/// Lower case, `aa` as `å`, only letters and digits, and without the words "kommune" and
/// "region": "Høje-Taastrup Kommune" and "høje taastrup" fold alike.
fn fold(s: &str) -> String {
    const DROPPED: [&str; 7] = ["kommune", "kommuner", "regionskommune", "region", "regioner", "of", "the"];
    let lower = s.to_lowercase().replace("aa", "å");
    lower.split(|c: char| !c.is_alphanumeric()).filter(|w| !w.is_empty() && !DROPPED.contains(w)).collect()
}

/// What a name or code outside the initiative's own units stands for.
#[derive(Debug, Clone)]
enum Place {
    Unit(Unit),
    NotCovered,
}

/// Danish names and codes of the country, the regions and the municipalities, folded.
fn places() -> &'static HashMap<String, Place> {
    static PLACES: OnceLock<HashMap<String, Place>> = OnceLock::new();
    PLACES.get_or_init(|| {
        let mut places = HashMap::new();
        for m in geo::geodata().municipalities() {
            let municipality = Place::Unit(Unit::Municipality(m.code.clone()));
            places.insert(fold(&m.name), municipality.clone());
            places.insert(m.code.clone(), municipality.clone());
            places.insert(m.code.trim_start_matches('0').to_owned(), municipality);
            let region = Place::Unit(Unit::Region(m.region_code.clone()));
            places.insert(fold(&m.region_name), region.clone());
            places.insert(m.region_code.clone(), region.clone());
            // StatBank's codes for regions: 081–085.
            places.insert(m.region_code[1..].to_owned(), region);
        }
        let country = Place::Unit(Unit::Country);
        for name in ["Hele landet", "Danmark", "Denmark", "DK", "Hele Danmark", "Landet", "000"] {
            places.insert(fold(name), country.clone());
        }
        let municipality = |code: &str| Place::Unit(Unit::Municipality(code.to_owned()));
        let region = |code: &str| Place::Unit(Unit::Region(code.to_owned()));
        let aliases = [
            ("Copenhagen", municipality("0101")),
            ("Brønderslev-Dronninglund", municipality("0810")),
            ("Frederiksværk-Hundested", municipality("0260")),
            ("Capital Region of Denmark", region("1084")),
            ("Region Zealand", region("1085")),
            ("Region of Southern Denmark", region("1083")),
            ("Central Denmark Region", region("1082")),
            ("North Denmark Region", region("1081")),
            ("Christiansø", Place::NotCovered),
            ("411", Place::NotCovered),
            ("0411", Place::NotCovered),
        ];
        for (name, place) in aliases {
            places.insert(fold(name), place);
        }
        places
    })
}

/// A unit, or why a cell is none (with the cell or the level it concerns).
type Resolved = Result<Unit, (ImportReason, String)>;

/// Reads unit cells for one indicator, each distinct cell once.
struct UnitResolver<'a> {
    geography: Geography,
    custom: HashMap<String, i64>,
    custom_ids: Vec<i64>,
    cache: HashMap<&'a str, Resolved>,
}

impl<'a> UnitResolver<'a> {
    fn new(context: &ImportContext<'_>) -> Self {
        let custom = context.custom_units.iter().map(|(id, name)| (fold(name), *id)).collect();
        let custom_ids = context.custom_units.iter().map(|(id, _)| *id).collect();
        Self { geography: context.geography, custom, custom_ids, cache: Default::default() }
    }

    fn resolve(&mut self, cell: &'a str) -> Resolved {
        if let Some(known) = self.cache.get(cell) {
            return known.clone();
        }
        let resolved = self.read(cell);
        self.cache.insert(cell, resolved.clone());
        resolved
    }

    fn read(&self, cell: &str) -> Resolved {
        if self.geography == Geography::Custom {
            let by_id = cell.parse::<i64>().ok().filter(|id| self.custom_ids.contains(id));
            if let Some(id) = by_id.or_else(|| self.custom.get(&fold(cell)).copied()) {
                return Ok(Unit::Custom(id));
            }
        }
        let folded = fold(cell);
        if is_total(&folded) {
            return Err((ImportReason::SummaryRow, cell.to_owned()));
        }
        let place = places().get(&folded).or_else(|| folded.strip_suffix('s').and_then(|f| places().get(f)));
        let unit = match place {
            None => return Err((ImportReason::UnitUnknown, cell.to_owned())),
            Some(Place::NotCovered) => return Err((ImportReason::UnitNotCovered, cell.to_owned())),
            Some(Place::Unit(unit)) => unit,
        };
        let level = match unit {
            Unit::Country => return Ok(Unit::Country),
            Unit::Region(_) => Geography::Region,
            Unit::Municipality(_) => Geography::Municipality,
            Unit::Custom(_) => Geography::Custom,
        };
        if level == self.geography {
            Ok(unit.clone())
        } else {
            Err((ImportReason::UnitWrongLevel, level.code().to_owned()))
        }
    }
}

/// Keywords of a role's column header, folded as [`header_words`] folds.
const UNIT_WORDS: [&str; 21] = [
    "område",
    "omrade",
    "kommunedk",
    "kommune",
    "kommunekode",
    "kommunenavn",
    "kommunenr",
    "region",
    "regionkode",
    "skole",
    "enhed",
    "unit",
    "orgunit",
    "municipality",
    "area",
    "sted",
    "geografi",
    "geography",
    "landsdel",
    "institution",
    "location",
];
const PERIOD_WORDS: [&str; 17] = [
    "tid",
    "år",
    "year",
    "kvartal",
    "quarter",
    "måned",
    "month",
    "uge",
    "week",
    "periode",
    "period",
    "dato",
    "date",
    "time",
    "tidspunkt",
    "ugenr",
    "årstal",
];
const VALUE_WORDS: [&str; 18] = [
    "indhold", "værdi", "vaerdi", "value", "antal", "andel", "count", "number", "amount", "beløb", "tal", "procent",
    "pct", "percent", "rate", "incidens", "score", "resultat",
];
const NOTE_WORDS: [&str; 9] =
    ["note", "noter", "notat", "bemærkning", "bemærkninger", "kommentar", "comment", "anmærkning", "fodnote"];

fn header_words(header: &str) -> Vec<String> {
    header
        .to_lowercase()
        .replace("aa", "å")
        .split(|c: char| !c.is_alphanumeric())
        .filter(|w| !w.is_empty())
        .map(str::to_owned)
        .collect()
}

fn map_columns(
    header: &[String],
    rows: &[SourceRow<'_>],
    context: &ImportContext<'_>,
    input: &MappingInput,
) -> Result<ColumnMapping, FieldErrors> {
    let mut errors = FieldErrors::default();
    let column = |number: usize| Column { number, header: header[number - 1].trim().to_owned() };
    let mut named = |field: &'static str, given: &Option<String>| -> Option<usize> {
        let given = given.as_deref().map(str::trim).filter(|g| !g.is_empty())?;
        let by_number = given.parse::<usize>().ok().filter(|n| (1..=header.len()).contains(n));
        let found =
            by_number.or_else(|| header.iter().position(|h| h.trim().eq_ignore_ascii_case(given)).map(|i| i + 1));
        if found.is_none() {
            errors.add(field, FieldError::new("column-unknown"));
        }
        found
    };
    let unit = named("unit_column", &input.unit);
    let period = named("period_column", &input.period);
    let value = named("value_column", &input.value);
    let note = named("note_column", &input.note);
    let fixed_period = match input.fixed_period.as_deref().map(str::trim).filter(|p| !p.is_empty()) {
        Some(p) => errors.take("fixed_period", Period::parse_for(p, context.frequency)),
        None => None,
    };
    if !errors.is_empty() {
        return Err(errors);
    }
    let mut taken: Vec<usize> = [unit, period, value, note].into_iter().flatten().collect();
    let sample = &rows[..rows.len().min(SAMPLE_ROWS)];
    let words: Vec<Vec<String>> = header.iter().map(|h| header_words(h)).collect();
    let mut guess = |given: Option<usize>, keywords: &[&str], by_content: &dyn Fn(usize) -> bool, last: bool| {
        if given.is_some() {
            return given;
        }
        let free = |i: &usize| !taken.contains(&(i + 1));
        let by_header = (0..header.len())
            .filter(free)
            .filter_map(|i| {
                let whole = words[i].concat();
                let score = if keywords.contains(&whole.as_str()) {
                    2
                } else if words[i].iter().any(|w| keywords.contains(&w.as_str())) {
                    1
                } else {
                    0
                };
                (score > 0).then_some((score, std::cmp::Reverse(i)))
            })
            .max()
            .map(|(_, std::cmp::Reverse(i))| i);
        let mut by_cells = (0..header.len()).filter(free).filter(|&i| by_content(i));
        let found = by_header.or_else(|| if last { by_cells.next_back() } else { by_cells.next() }).map(|i| i + 1);
        if let Some(number) = found {
            taken.push(number);
        }
        found
    };
    let mostly = |i: usize, test: &dyn Fn(&str) -> bool| {
        let cells: Vec<&str> =
            sample.iter().filter_map(|r| r.cells.get(i)).map(|c| c.trim()).filter(|c| !c.is_empty()).collect();
        !cells.is_empty() && cells.iter().filter(|c| test(c)).count() * 2 > cells.len()
    };
    let any =
        |i: usize, test: &dyn Fn(&str) -> bool| sample.iter().filter_map(|r| r.cells.get(i)).any(|c| test(c.trim()));
    let resolver = UnitResolver::new(context);
    // A column of totals alone ("Total" in a table of the country) is no unit column.
    let is_unit = |i: usize| {
        mostly(i, &|c| matches!(resolver.read(c), Ok(_) | Err((ImportReason::SummaryRow, _))))
            && any(i, &|c| resolver.read(c).is_ok())
    };
    let is_period = |i: usize| mostly(i, &|c| any_period(c, context.frequency).is_ok());
    let is_number = |i: usize| {
        let style = number_style(sample.iter().filter_map(|r| r.cells.get(i)).map(|c| c.trim()), context.separator);
        let number = |c: &str| parse_number(c, style, &mut String::new()).is_some();
        mostly(i, &|c| is_missing(c) || is_suppressed(c) || number(c)) && any(i, &number)
    };
    let unit = guess(unit, &UNIT_WORDS, &is_unit, false);
    let period = if fixed_period.is_some() { None } else { guess(period, &PERIOD_WORDS, &is_period, false) };
    let value = guess(value, &VALUE_WORDS, &is_number, true);
    let note = guess(note, &NOTE_WORDS, &|_| false, false);
    if unit.is_none() && context.geography != Geography::Country {
        errors.add("unit_column", FieldError::new("column-not-found"));
    }
    if period.is_none() && fixed_period.is_none() {
        errors.add("period_column", FieldError::new("column-not-found"));
    }
    if value.is_none() {
        errors.add("value_column", FieldError::new("column-not-found"));
    }
    match value {
        Some(value) if errors.is_empty() => Ok(ColumnMapping {
            unit: unit.map(column),
            period: period.map(column),
            fixed_period,
            value: column(value),
            note: note.map(column),
        }),
        _ => Err(errors),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// A `;`-separated table written out by hand, lines counted from the header.
    fn table(text: &str) -> (Vec<String>, Vec<(u64, Vec<String>)>) {
        let mut lines =
            text.lines().enumerate().map(|(i, l)| (i as u64 + 1, l.split(';').map(str::to_owned).collect()));
        let (_, header) = lines.next().unwrap();
        (header, lines.collect())
    }

    fn context(frequency: Frequency, geography: Geography) -> ImportContext<'static> {
        ImportContext { frequency, geography, custom_units: &[], separator: Some(';') }
    }

    fn run(text: &str, context: &ImportContext<'_>, mapping: &MappingInput) -> Result<ImportPlan, FieldErrors> {
        let (header, rows) = table(text);
        let rows: Vec<SourceRow<'_>> = rows.iter().map(|(line, cells)| SourceRow { line: *line, cells }).collect();
        plan(&header, &rows, context, mapping)
    }

    fn yearly(text: &str) -> ImportPlan {
        run(text, &context(Frequency::Year, Geography::Municipality), &MappingInput::default()).unwrap()
    }

    fn problems(list: &[RowProblem]) -> Vec<(u64, &'static str, &str)> {
        list.iter().map(|p| (p.line, p.reason.code(), p.detail.as_str())).collect()
    }

    #[test]
    fn every_kind_of_bad_row_is_reported_with_its_line() {
        let plan = yearly(
            "Kommune;År;Værdi\n\
             København;2023;1,5\n\
             Atlantis;2023;2\n\
             ;2023;2\n\
             Region Hovedstaden;2023;2\n\
             Aarhus;2023K1;2\n\
             Aarhus;tyve;2\n\
             Aarhus;;2\n\
             Aarhus;2023;mange\n\
             Aarhus;2023;9.999.999.999.999.999\n\
             København;2023;1,6\n\
             Odense;2023;..\n\
             Dragør;2023;<5\n\
             I alt;2023;9\n\
             Kilde: Danmarks Statistik",
        );
        assert_eq!(plan.values.len(), 1);
        assert_eq!(
            problems(&plan.errors),
            [
                (3, "unit-unknown", "Atlantis"),
                (4, "unit-missing", ""),
                (5, "unit-wrong-level", "region"),
                (6, "period-wrong-frequency", "2023K1"),
                (7, "period-invalid", "tyve"),
                (8, "period-missing", ""),
                (9, "value-invalid", "mange"),
                (10, "value-out-of-range", "9.999.999.999.999.999"),
                (11, "duplicate", "2"),
            ]
        );
        assert_eq!(
            problems(&plan.skipped),
            [
                (12, "value-missing", ".."),
                (13, "value-suppressed", "<5"),
                (14, "summary-row", "I alt"),
                (15, "comment-row", "Kilde: Danmarks Statistik"),
            ]
        );
    }

    #[test]
    fn total_rows_are_left_out_and_said_so() {
        let plan = yearly("Kommune;År;Værdi\nKøge;2020;4\nKøge;I alt;4\nAlle kommuner;2020;8\n");
        assert_eq!(problems(&plan.skipped), [(3, "summary-row", "I alt"), (4, "summary-row", "Alle kommuner")]);
    }

    #[test]
    fn the_same_value_twice_is_kept_once_and_said_so() {
        let plan = yearly("Kommune;År;Værdi\nKøge;2023;4\nKøge;2023;4,0\n");
        assert_eq!(plan.values.len(), 1);
        assert!(plan.errors.is_empty());
        assert_eq!(problems(&plan.skipped), [(3, "repeated", "2")]);
    }

    #[test]
    fn municipalities_are_read_in_every_spelling() {
        let plan = yearly(
            "Kommune;År;Værdi\nKØBENHAVN;2020;1\nHøje Taastrup;2020;1\nLyngby-Taarbæk Kommune;2020;1\n\
             Åbenrå;2020;1\naabenraa;2021;1\nBornholms Regionskommune;2020;1\n0147;2020;1\n151;2020;1\nÅrhus;2020;1",
        );
        assert!(plan.errors.is_empty(), "{:?}", plan.errors);
        let codes: Vec<String> = plan.values.iter().map(|v| v.unit.key()).collect();
        assert_eq!(codes, ["0101", "0169", "0173", "0580", "0580", "0400", "0147", "0151", "0751"]);
    }

    #[test]
    fn regions_and_the_country_are_read_by_name_and_code() {
        let plan = run(
            "Område;År;Værdi\nRegion Hovedstaden;2020;1\nSjælland;2020;1\n1081;2020;1\n083;2020;1\nHele landet;2020;1\nDK;2021;1",
            &context(Frequency::Year, Geography::Region),
            &MappingInput::default(),
        )
        .unwrap();
        assert!(plan.errors.is_empty(), "{:?}", plan.errors);
        let keys: Vec<String> = plan.values.iter().map(|v| v.unit.key()).collect();
        assert_eq!(keys, ["1084", "1085", "1081", "1083", "DK", "DK"]);
    }

    #[test]
    fn christianso_is_left_out_as_no_municipality() {
        let plan = yearly("Kommune;År;Værdi\n411;2020;1\nChristiansø;2021;1\n");
        assert!(plan.errors.is_empty());
        assert_eq!(problems(&plan.skipped), [(2, "unit-not-covered", "411"), (3, "unit-not-covered", "Christiansø")]);
    }

    #[test]
    fn custom_units_are_read_by_name_or_id() {
        let units = [(7, "Skovvejens Skole".to_owned()), (9, "Byskolen".to_owned())];
        let context = ImportContext { custom_units: &units, ..context(Frequency::Month, Geography::Custom) };
        let plan = run(
            "Skole;Måned;Andel\nskovvejens skole;2024-07;1\n9;2024M07;2\nDanmark;2024-07-01;3\nKøge;2024-07;4\n",
            &context,
            &MappingInput::default(),
        )
        .unwrap();
        let units: Vec<Unit> = plan.values.iter().map(|v| v.unit.clone()).collect();
        assert_eq!(units, [Unit::Custom(7), Unit::Custom(9), Unit::Country]);
        assert_eq!(problems(&plan.errors), [(5, "unit-wrong-level", "municipality")]);
    }

    #[test]
    fn a_column_reads_its_numbers_one_way() {
        let values = |text: &str, separator| {
            let context = ImportContext { separator, ..context(Frequency::Year, Geography::Municipality) };
            let plan = run(text, &context, &MappingInput::default()).unwrap();
            assert!(plan.errors.is_empty(), "{:?}", plan.errors);
            plan.values.iter().map(|v| v.value).collect::<Vec<f64>>()
        };
        let danish = "Kommune;År;Værdi\nKøge;2020;2.807\nKøge;2021; 167.293\nKøge;2022;1.234,5\nKøge;2023;-12\n";
        assert_eq!(values(danish, Some(';')), [2807.0, 167293.0, 1234.5, -12.0]);
        let thousands_only = "Kommune;År;Værdi\nKøge;2020;2.807\nKøge;2021;487\n";
        assert_eq!(values(thousands_only, Some(';')), [2807.0, 487.0], "a ; file writes Danish thousands");
        assert_eq!(values(thousands_only, None), [2.807, 487.0], "a spreadsheet writes its numbers plainly");
        let english = "Kommune;År;Værdi\nKøge;2020;2.807\nKøge;2021;12.5\nKøge;2022;1,234.5\n";
        assert_eq!(values(english, Some(';')), [2.807, 12.5, 1234.5], "12.5 makes the column English");
        assert_eq!(values("Kommune;År;Værdi\nKøge;2020;12,5 %\nKøge;2021;1 234,5\n", Some(';')), [12.5, 1234.5]);
    }

    #[test]
    fn a_number_in_the_other_style_is_an_error_not_a_guess() {
        let plan = yearly("Kommune;År;Værdi\nKøge;2020;12,5\nKøge;2021;1,234.5\nKøge;2022;1.23\n");
        assert_eq!(problems(&plan.errors), [(3, "value-invalid", "1,234.5"), (4, "value-invalid", "1.23")]);
    }

    #[test]
    fn columns_are_guessed_from_statbank_headers() {
        let plan = yearly("OMRÅDE;TID;INDHOLD\nKøbenhavn;2020;5\n");
        assert_eq!(plan.mapping.unit, Some(Column { number: 1, header: "OMRÅDE".into() }));
        assert_eq!(plan.mapping.period, Some(Column { number: 2, header: "TID".into() }));
        assert_eq!(plan.mapping.value, Column { number: 3, header: "INDHOLD".into() });
    }

    #[test]
    fn columns_are_guessed_from_cells_when_the_header_says_nothing() {
        let plan = yearly("a;b;c;d;e\nx;2020;Køge;7;8,5\ny;2021;Greve;9;10\n");
        let numbers = [
            plan.mapping.unit.map(|c| c.number),
            plan.mapping.period.map(|c| c.number),
            Some(plan.mapping.value.number),
        ];
        assert_eq!(numbers, [Some(3), Some(2), Some(5)], "the value is the last numeric column");
        assert_eq!(plan.values[0].value, 8.5);
    }

    #[test]
    fn the_user_names_columns_by_header_or_number() {
        let mapping = MappingInput {
            unit: Some("sted".into()),
            value: Some("3".into()),
            note: Some("Bemærkning".into()),
            ..Default::default()
        };
        let plan = run(
            "Periode;Sted;Tal;Andet tal;Bemærkning\n2020;Køge;1;2;ny metode\n",
            &context(Frequency::Year, Geography::Municipality),
            &mapping,
        )
        .unwrap();
        assert_eq!(plan.values[0].value, 1.0);
        assert_eq!(plan.values[0].note, "ny metode");
        let bad = MappingInput { unit: Some("Kommune".into()), value: Some("9".into()), ..Default::default() };
        let errors = run("Periode;Sted;Tal\n2020;Køge;1\n", &context(Frequency::Year, Geography::Municipality), &bad)
            .unwrap_err();
        assert_eq!(errors.get("unit_column"), Some("column-unknown"));
        assert_eq!(errors.get("value_column"), Some("column-unknown"));
    }

    #[test]
    fn a_table_without_a_unit_column_is_the_countrys_only_for_a_country_indicator() {
        let text = "TID;INDHOLD\n2023;233454\n";
        let country = run(text, &context(Frequency::Year, Geography::Country), &MappingInput::default()).unwrap();
        assert_eq!(country.mapping.unit, None);
        assert_eq!(country.values[0].unit, Unit::Country);
        let errors =
            run(text, &context(Frequency::Year, Geography::Municipality), &MappingInput::default()).unwrap_err();
        assert_eq!(errors.get("unit_column"), Some("column-not-found"));
    }

    #[test]
    fn a_table_without_periods_says_which_column_is_missing() {
        let errors = yearly_err("Kommune;Navn\nKøge;x\n");
        assert_eq!(errors.get("period_column"), Some("column-not-found"));
        assert_eq!(errors.get("value_column"), Some("column-not-found"));
    }

    fn yearly_err(text: &str) -> FieldErrors {
        run(text, &context(Frequency::Year, Geography::Municipality), &MappingInput::default()).unwrap_err()
    }

    #[test]
    fn one_period_may_be_given_for_a_table_without_periods() {
        let mapping = MappingInput { fixed_period: Some("2021".into()), ..Default::default() };
        let context = context(Frequency::Year, Geography::Municipality);
        let plan = run("Kommune;Antal\nKøge;1\n", &context, &mapping).unwrap();
        assert_eq!(plan.mapping.period, None);
        assert_eq!(plan.values[0].period, Period::Year(2021));
        let wrong = MappingInput { fixed_period: Some("2021K1".into()), ..Default::default() };
        assert_eq!(
            run("Kommune;Antal\nKøge;1\n", &context, &wrong).unwrap_err().get("fixed_period"),
            Some("period-wrong-frequency")
        );
    }

    #[test]
    fn dhis2_months_are_read() {
        let context = context(Frequency::Month, Geography::Municipality);
        let plan = run("orgunit;period;value\nKøge;201201;1\n", &context, &MappingInput::default()).unwrap();
        assert_eq!(plan.values[0].period, Period::Month(2012, 1));
    }

    #[test]
    fn periods_are_read_as_the_indicator_counts_them() {
        let context = context(Frequency::Week, Geography::Municipality);
        let plan = run(
            "Kommune;Uge;Antal\nKøge;2024-W07;1\nKøge;2024U08;1\nKøge;2024-03-01;1\n",
            &context,
            &MappingInput::default(),
        )
        .unwrap();
        let periods: Vec<Period> = plan.values.iter().map(|v| v.period).collect();
        assert_eq!(periods, [Period::Week(2024, 7), Period::Week(2024, 8), Period::Week(2024, 9)]);
    }
}
