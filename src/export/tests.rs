//! The export's escaping on names built to break a spreadsheet or a parser, and its JSON shape.

use super::*;
use crate::api::RunState;

fn job(id: i64, name: &str) -> ListJob {
    ListJob {
        id,
        name: name.into(),
        framework: "JUnit".into(),
        cycle: "Nightly".into(),
        project_id: 1,
        release_id: 10,
        status: RunState::Failed,
        created_by: Some("dana".into()),
        created_at: Some(1_764_460_800_000),
        modified_at: None,
        scheduled_at: Some(1_764_489_600_000),
    }
}

const HOSTILE: [&str; 12] = [
    "He said \"hi\"",
    "one, two",
    "line one\nline two",
    "carriage\rreturn",
    "=cmd|' /C calc'!A0",
    "@SUM(A1:A9)",
    "+1",
    "-1",
    "\tleading tab",
    "\rleading return",
    "rocket \u{1f680} launch",
    "\u{202e}gnp.exe\u{202c} RTL",
];

#[test]
fn plain_cells_stay_as_they_are() {
    assert_eq!(csv_cell("Checkout API"), "Checkout API");
    assert_eq!(csv_cell(""), "");
    assert_eq!(csv_cell("a=b"), "a=b", "only a leading = is a formula");
}

#[test]
fn quotes_commas_and_line_breaks_are_quoted_with_quotes_doubled() {
    assert_eq!(csv_cell("He said \"hi\""), "\"He said \"\"hi\"\"\"");
    assert_eq!(csv_cell("one, two"), "\"one, two\"");
    assert_eq!(csv_cell("a\nb"), "\"a\nb\"");
    assert_eq!(csv_cell("a\rb"), "\"a\rb\"");
}

#[test]
fn formulas_are_defused_with_a_leading_apostrophe() {
    assert_eq!(csv_cell("=cmd|' /C calc'!A0"), "'=cmd|' /C calc'!A0");
    assert_eq!(csv_cell("@SUM(A1:A9)"), "'@SUM(A1:A9)");
    assert_eq!(csv_cell("+1"), "'+1");
    assert_eq!(csv_cell("-1"), "'-1");
    assert_eq!(csv_cell("\tx"), "'\tx");
    // Defused, and quoted because of the carriage return.
    assert_eq!(csv_cell("\rx"), "\"'\rx\"");
    assert_eq!(csv_cell("=\"a\",b"), "\"'=\"\"a\"\",b\"");
}

#[test]
fn emoji_and_direction_marks_pass_through_untouched() {
    assert_eq!(csv_cell("rocket \u{1f680}"), "rocket \u{1f680}");
    assert_eq!(csv_cell("\u{202e}abc\u{202c}"), "\u{202e}abc\u{202c}");
}

/// A minimal RFC 4180 reader, written apart from the writer: the file must read back as the
/// names went in (with the apostrophe where a formula was defused).
fn parse(csv: &str) -> Vec<Vec<String>> {
    let (mut rows, mut row, mut cell) = (Vec::new(), Vec::new(), String::new());
    let mut chars = csv.chars().peekable();
    let mut quoted = false;
    while let Some(c) = chars.next() {
        match (quoted, c) {
            (true, '"') if chars.peek() == Some(&'"') => {
                chars.next();
                cell.push('"');
            }
            (true, '"') => quoted = false,
            (true, c) => cell.push(c),
            (false, '"') => quoted = true,
            (false, ',') => row.push(std::mem::take(&mut cell)),
            (false, '\r') => {
                assert_eq!(chars.next(), Some('\n'), "a bare CR outside quotes");
                row.push(std::mem::take(&mut cell));
                rows.push(std::mem::take(&mut row));
            }
            (false, c) => cell.push(c),
        }
    }
    assert!(row.is_empty() && cell.is_empty(), "the file ends with CRLF");
    rows
}

#[test]
fn a_file_of_hostile_names_reads_back_row_for_row() {
    let jobs: Vec<ListJob> = HOSTILE
        .iter()
        .enumerate()
        .map(|(i, n)| job(i as i64 + 1, n))
        .collect();
    let csv = to_csv(&jobs);
    let body = csv.strip_prefix(BOM).expect("starts with the BOM");
    let rows = parse(body);
    assert_eq!(rows.len(), HOSTILE.len() + 1);
    assert_eq!(rows[0][0], "ID");
    assert_eq!(rows[0][5], "Last run");
    for (row, name) in rows[1..].iter().zip(HOSTILE) {
        assert_eq!(row.len(), COLUMNS.len());
        let expected = if name.starts_with(['=', '+', '-', '@', '\t', '\r']) {
            format!("'{name}")
        } else {
            name.to_string()
        };
        assert_eq!(row[1], expected);
        assert_eq!(row[4], "Failed");
        assert_eq!(row[5], "2025-11-30T08:00:00Z");
        assert_eq!(row[7], "2025-11-30T00:00:00Z");
        assert_eq!(row[8], "", "no date is an empty cell");
    }
}

#[test]
fn json_is_an_array_of_objects_with_the_same_fields_in_order() {
    let jobs = [job(7, "=cmd|' /C calc'!A0"), job(8, "line\n\"two\"")];
    let text = to_json(&jobs);
    let parsed: Value = serde_json::from_str(&text).expect("valid JSON");
    let rows = parsed.as_array().expect("an array");
    assert_eq!(rows.len(), 2);
    assert_eq!(
        rows[0],
        json!({
            "id": 7,
            "name": "=cmd|' /C calc'!A0",
            "framework": "JUnit",
            "cycle": "Nightly",
            "status": "Failed",
            "lastRun": "2025-11-30T08:00:00Z",
            "createdBy": "dana",
            "createdAt": "2025-11-30T00:00:00Z",
            "modifiedAt": null,
            "projectId": 1,
            "releaseId": 10,
        }),
        "JSON is data, not a spreadsheet: names stay verbatim"
    );
    assert_eq!(rows[1]["name"], "line\n\"two\"");
    let keys: Vec<&str> = COLUMNS.iter().map(|(_, k)| *k).collect();
    let first_key_at = |k: &str| text.find(&format!("\"{k}\":")).unwrap();
    assert!(
        keys.windows(2)
            .all(|w| first_key_at(w[0]) < first_key_at(w[1])),
        "keys in column order"
    );
    assert_eq!(to_json(&[]), "[]\n");
}

#[test]
fn dates_outside_the_calendar_are_left_out() {
    let mut odd = job(1, "x");
    odd.scheduled_at = Some(i64::MAX);
    let text = to_json([&odd]);
    let parsed: Value = serde_json::from_str(&text).unwrap();
    assert_eq!(parsed[0]["lastRun"], Value::Null);
}

#[test]
fn file_names_are_slugged_from_project_release_and_day() {
    assert_eq!(
        file_name("Payments Platform", "Release 3.2", 1_796_025_600_000, "csv"),
        "payments-platform_release-3.2_jobs_2026-11-30.csv"
    );
    assert_eq!(
        file_name("../../etc/passwd", "<script>", 0, "json"),
        "etc-passwd_script_jobs_1970-01-01.json"
    );
    assert_eq!(slug("\u{1f680}"), "unnamed");
    assert_eq!(slug("Zoë / Überprüfung"), "zo-berpr-fung");
    assert!(slug(&"a".repeat(500)).len() <= 60);
}
