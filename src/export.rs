//! Exporting the job list as CSV and JSON: the rows the list shows (filtered and sorted, every
//! page), the columns it shows plus ids and dates in ISO 8601, and a file name from the project,
//! release and day. Pure, so the escaping is tested natively; `download` in the list hands the
//! text to the browser.

use serde_json::{json, Value};

use crate::api::ListJob;
use crate::dates;

/// The columns, in order: the list's own (name, framework, cycle, status, last run, creator),
/// then what a report needs to tell jobs apart and place them in time. The CSV header is the
/// first text, the JSON key the second.
const COLUMNS: [(&str, &str); 11] = [
    ("ID", "id"),
    ("Name", "name"),
    ("Framework", "framework"),
    ("Cycle", "cycle"),
    ("Last status", "status"),
    ("Last run", "lastRun"),
    ("Created by", "createdBy"),
    ("Created", "createdAt"),
    ("Modified", "modifiedAt"),
    ("Project ID", "projectId"),
    ("Release ID", "releaseId"),
];

/// A date as ISO 8601 in UTC (`2026-11-30T08:00:00Z`); none for no date or one no calendar
/// shows (before year 1, after 9999).
fn iso(ms: Option<i64>) -> Option<String> {
    ms.map(dates::epoch_ms_to_iso).filter(|s| !s.is_empty())
}

/// One job's values, as JSON, in column order.
fn values(job: &ListJob) -> [Value; 11] {
    [
        json!(job.id),
        json!(job.name),
        json!(job.framework),
        json!(job.cycle),
        json!(job.status.label()),
        json!(iso(job.scheduled_at)),
        json!(job.created_by),
        json!(iso(job.created_at)),
        json!(iso(job.modified_at)),
        json!(job.project_id),
        json!(job.release_id),
    ]
}

/// The byte-order mark that makes spreadsheets read the file as UTF-8.
pub const BOM: &str = "\u{feff}";

/// A cell as RFC 4180 wants it, made safe from formula injection: a text a spreadsheet would
/// run as a formula (it starts with `=`, `+`, `-`, `@`, a tab or a carriage return) gets a
/// leading `'`, so it shows as text; a cell with a comma, quote, CR or LF is quoted, its quotes
/// doubled.
pub fn csv_cell(text: &str) -> String {
    let risky = text.starts_with(['=', '+', '-', '@', '\t', '\r']);
    let text = if risky {
        format!("'{text}")
    } else {
        text.to_string()
    };
    if text.contains([',', '"', '\r', '\n']) {
        format!("\"{}\"", text.replace('"', "\"\""))
    } else {
        text
    }
}

fn csv_text(value: &Value) -> String {
    match value {
        Value::Null => String::new(),
        Value::String(s) => s.clone(),
        other => other.to_string(),
    }
}

/// The jobs as CSV: BOM, header, one line per job, CRLF line ends.
pub fn to_csv<'a>(jobs: impl IntoIterator<Item = &'a ListJob>) -> String {
    let mut out = String::from(BOM);
    let line = |cells: Vec<String>| cells.join(",") + "\r\n";
    out.push_str(&line(COLUMNS.iter().map(|(h, _)| csv_cell(h)).collect()));
    for job in jobs {
        out.push_str(&line(
            values(job).iter().map(|v| csv_cell(&csv_text(v))).collect(),
        ));
    }
    out
}

/// The jobs as a JSON array of objects with the CSV's columns (numbers as numbers, missing
/// dates and creators as `null`), keys in column order.
pub fn to_json<'a>(jobs: impl IntoIterator<Item = &'a ListJob>) -> String {
    let rows: Vec<String> = jobs
        .into_iter()
        .map(|job| {
            let fields: Vec<String> = COLUMNS
                .iter()
                .zip(values(job))
                .map(|((_, key), value)| format!("{}:{value}", json!(key)))
                .collect();
            format!("  {{{}}}", fields.join(","))
        })
        .collect();
    if rows.is_empty() {
        "[]\n".to_string()
    } else {
        format!("[\n{}\n]\n", rows.join(",\n"))
    }
}

/// A name part safe in any file system: lowercase letters and digits, the rest runs of `-`.
pub fn slug(text: &str) -> String {
    let mut out = String::new();
    for c in text.chars().flat_map(char::to_lowercase) {
        if c.is_ascii_alphanumeric() || c == '.' {
            out.push(c);
        } else if !out.ends_with('-') {
            out.push('-');
        }
    }
    let out = out.trim_matches(['-', '.']);
    let out: String = out.chars().take(60).collect();
    let out = out.trim_end_matches(['-', '.']);
    if out.is_empty() {
        "unnamed".to_string()
    } else {
        out.to_string()
    }
}

/// `payments-platform_release-3.2_jobs_2026-11-30.csv`: project, release, the day (UTC) and
/// the format's extension.
pub fn file_name(project: &str, release: &str, now_ms: i64, extension: &str) -> String {
    let day = dates::epoch_ms_to_iso(now_ms);
    let day = day.get(..10).unwrap_or("undated");
    format!("{}_{}_jobs_{day}.{extension}", slug(project), slug(release))
}

#[cfg(all(test, not(target_arch = "wasm32")))]
mod tests;
