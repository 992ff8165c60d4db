//! Real exports read by `rygrad_sheets::read` and planned as indicator values by the domain:
//! the two halves of an import, end to end, on the files of the shared corpus.

use rygrad_domain::indicator::{Frequency, Geography, Period, Unit};
use rygrad_domain::indicator_import::{ImportContext, ImportPlan, MappingInput, SourceRow, plan};
use rygrad_sheets::Table;

const CORPUS: &str = concat!(env!("CARGO_MANIFEST_DIR"), "/../../../shared/corpus/csv");

fn corpus(name: &str) -> Table {
    let bytes = std::fs::read(format!("{CORPUS}/{name}")).unwrap_or_else(|e| panic!("{name}: {e}"));
    rygrad_sheets::read(&bytes, name).unwrap_or_else(|e| panic!("{name}: {e}"))
}

fn import(
    table: &Table,
    frequency: Frequency,
    geography: Geography,
    custom_units: &[(i64, String)],
    mapping: &MappingInput,
) -> ImportPlan {
    let rows: Vec<SourceRow<'_>> = table.rows.iter().map(|r| SourceRow { line: r.line, cells: &r.cells }).collect();
    let context = ImportContext { frequency, geography, custom_units, separator: table.separator };
    plan(&table.header, &rows, &context, mapping).unwrap_or_else(|e| panic!("{e:?}"))
}

fn codes(plan: &ImportPlan) -> Vec<&'static str> {
    plan.errors.iter().map(|p| p.reason.code()).collect()
}

#[test]
fn ssi_municipalities_import_with_danish_thousands() {
    let table = corpus("ssi_covid__municipality_test_pos_bom.csv");
    let mapping = MappingInput {
        value: Some("Antal_bekræftede_COVID-19".into()),
        fixed_period: Some("2020".into()),
        ..Default::default()
    };
    let plan = import(&table, Frequency::Year, Geography::Municipality, &[], &mapping);
    assert!(plan.errors.is_empty(), "{:?}", plan.errors);
    assert_eq!(plan.mapping.unit.as_ref().map(|c| c.header.as_str()), Some("Kommune_(navn)"));
    assert_eq!(plan.values.len(), 98 - 6);
    let first = &plan.values[0];
    assert_eq!(
        (first.line, &first.unit, first.period, first.value),
        (2, &Unit::Municipality("0101".into()), Period::Year(2020), 2807.0)
    );
    let skipped: Vec<(u64, &str, &str)> =
        plan.skipped.iter().map(|p| (p.line, p.reason.code(), p.detail.as_str())).collect();
    assert_eq!(skipped[0], (49, "unit-not-covered", "Christiansø"), "Christiansø is no municipality");
    let suppressed: Vec<u64> =
        plan.skipped.iter().filter(|p| p.reason.code() == "value-suppressed").map(|p| p.line).collect();
    assert_eq!(suppressed, [57, 58, 64, 79, 82, 95], "SSI writes <10 for small counts");
}

#[test]
fn ssi_municipality_names_give_the_same_units_as_their_codes() {
    let table = corpus("ssi_covid__municipality_test_pos_bom.csv");
    let by = |unit: &str| {
        let mapping = MappingInput { unit: Some(unit.into()), fixed_period: Some("2020".into()), ..Default::default() };
        let plan = import(&table, Frequency::Year, Geography::Municipality, &[], &mapping);
        assert!(plan.errors.is_empty(), "{:?}", plan.errors);
        plan.values.into_iter().map(|v| (v.unit, v.value)).collect::<Vec<_>>()
    };
    assert_eq!(by("Kommune_(navn)"), by("1"));
}

#[test]
fn ssi_file_without_a_period_says_so() {
    let table = corpus("ssi_covid__municipality_test_pos_bom.csv");
    let rows: Vec<SourceRow<'_>> = table.rows.iter().map(|r| SourceRow { line: r.line, cells: &r.cells }).collect();
    let context = ImportContext {
        frequency: Frequency::Year,
        geography: Geography::Municipality,
        custom_units: &[],
        separator: table.separator,
    };
    let errors = plan(&table.header, &rows, &context, &MappingInput::default()).unwrap_err();
    assert_eq!(errors.get("period_column"), Some("column-not-found"));
}

#[test]
fn statbank_answer_of_the_country_imports() {
    let table = corpus("dst_statbank__straf42_api_raw_response.csv");
    let plan = import(&table, Frequency::Year, Geography::Country, &[], &MappingInput::default());
    assert!(plan.errors.is_empty() && plan.skipped.is_empty(), "{plan:?}");
    assert_eq!(plan.mapping.unit, None, "HERKOMST1 holds only its total");
    let values: Vec<(Unit, Period, f64)> = plan.values.iter().map(|v| (v.unit.clone(), v.period, v.value)).collect();
    assert_eq!(values, [(Unit::Country, Period::Year(2023), 233454.0)]);
}

#[test]
fn dhis2_org_units_are_unknown_danish_units() {
    let table = corpus("dhis2__analytics_data_values_space_padded.csv");
    let plan = import(&table, Frequency::Month, Geography::Municipality, &[], &MappingInput::default());
    assert!(plan.values.is_empty());
    assert_eq!(plan.errors.len(), table.rows.len());
    assert!(codes(&plan).iter().all(|&c| c == "unit-unknown"), "{:?}", codes(&plan));
}

#[test]
fn dhis2_org_units_import_as_the_initiatives_own_units() {
    let table = corpus("dhis2__analytics_data_values_space_padded.csv");
    let units: Vec<(i64, String)> =
        (1..=5).map(|i| (i, format!("ouabcdefgh{}", char::from(b'A' + i as u8 - 1)))).collect();
    let plan = import(&table, Frequency::Month, Geography::Custom, &units, &MappingInput::default());
    assert_eq!(plan.values[0].unit, Unit::Custom(1));
    assert_eq!(plan.values[0].period, Period::Month(2017, 1));
    // Several data elements share an org unit and month: those lines are duplicates; the
    // fixture also holds values of other types.
    let invalid: Vec<&str> =
        plan.errors.iter().filter(|p| p.reason.code() == "value-invalid").map(|p| p.detail.as_str()).collect();
    assert_eq!(invalid, ["true", "false", "true", "abc", "2017-01-01"]);
    assert!(codes(&plan).iter().all(|&c| c == "duplicate" || c == "value-invalid"), "{:?}", codes(&plan));
    assert_eq!(plan.values.len() + plan.errors.len() + plan.skipped.len(), table.rows.len());
}

#[test]
fn dhis2_data_value_set_reads_its_months_and_comments() {
    let table = corpus("dhis2__datavalueset_header_wider_than_rows.csv");
    let units = [(1, "DiszpKrYNg8".to_owned()), (2, "BdfsJfj87js".to_owned())];
    let plan = import(&table, Frequency::Month, Geography::Custom, &units, &MappingInput::default());
    assert!(plan.errors.is_empty(), "{:?}", plan.errors);
    let values: Vec<(Unit, Period, f64, &str)> =
        plan.values.iter().map(|v| (v.unit.clone(), v.period, v.value, v.note.as_str())).collect();
    assert_eq!(
        values,
        [
            (Unit::Custom(1), Period::Month(2012, 1), 10001.0, "comment"),
            (Unit::Custom(2), Period::Month(2012, 1), 10002.0, "comment"),
            (Unit::Custom(1), Period::Month(2012, 2), 10003.0, "comment"),
        ]
    );
}
