//! Turns a client's `JobInput` into a `JobSpec`, or says precisely what is wrong with it (contract
//! section 4). Runs before any write, which is what keeps a 400 from leaving anything half-done.

use crate::dates::parse_mdy;
use crate::error::{ApiError, ApiResult};
use crate::model::{JobInput, JobSpec};
use crate::store::Store;

/// The frameworks the real server knows, spelt as it emits them.
pub const FRAMEWORKS: [&str; 9] = [
    "JUnit",
    "TestNG",
    "Cucumber",
    "Selenium",
    "UFT",
    "Tricentis Tosca",
    "Eggplant",
    "SoapUI PRO",
    "TestComplete",
];

pub fn validate(input: JobInput, store: &Store) -> ApiResult<JobSpec> {
    let job_name = required(input.job_name, "jobName")?;
    let project_id = input
        .project_id
        .ok_or_else(|| ApiError::bad_request("projectId is required"))?;
    let release_id = input.release_id.ok_or_else(ApiError::missing_release_id)?;
    store.check_release_of(project_id, release_id)?;
    let automation_framework = framework(input.automation_framework)?;
    let cycle_name = required(input.cycle_name, "cycleName")?;
    let start = date(&input.cycle_start_date_str, "cycleStartDateStr")?;
    let end = date(&input.cycle_end_date_str, "cycleEndDateStr")?;
    if let (Some((s, s_text)), Some((e, e_text))) = (start, end) {
        if s > e {
            return Err(ApiError::bad_request(format!(
                "cycle start date {s_text} is after end date {e_text}"
            )));
        }
    }
    Ok(JobSpec {
        job_name,
        job_description: input.job_description,
        project_id,
        release_id,
        automation_framework,
        cycle_name,
        is_reuse: input.is_reuse.unwrap_or(false),
        time_stamp: input.time_stamp.unwrap_or(false),
        cycle_start_date_str: input.cycle_start_date_str,
        cycle_end_date_str: input.cycle_end_date_str,
        phase_name: input.phase_name,
        job_detail_tcr_catalog_tree_id: input.job_detail_tcr_catalog_tree_id,
        test_repository_path: input.test_repository_path,
        create_package: input.create_package.unwrap_or(false),
        assign_results_to: input.assign_results_to,
        environment: input.environment,
    })
}

fn required(value: Option<String>, field: &str) -> ApiResult<String> {
    match value {
        Some(v) if !v.trim().is_empty() => Ok(v),
        _ => Err(ApiError::bad_request(format!(
            "{field} is required and cannot be blank"
        ))),
    }
}

/// Finds the framework case-insensitively and returns the server's own spelling of it.
fn framework(value: Option<String>) -> ApiResult<String> {
    let expected = FRAMEWORKS.join(", ");
    let given = value.unwrap_or_default();
    if given.trim().is_empty() {
        return Err(ApiError::bad_request(format!(
            "automationFramework is required; expected one of {expected}"
        )));
    }
    FRAMEWORKS
        .iter()
        .find(|f| f.eq_ignore_ascii_case(given.trim()))
        .map(|f| f.to_string())
        .ok_or_else(|| {
            ApiError::bad_request(format!(
                "unknown automationFramework '{given}'; expected one of {expected}"
            ))
        })
}

/// An optional `MM/dd/yyyy` date: absent or empty is fine, anything else must be a real date.
fn date<'a>(value: &'a Option<String>, field: &str) -> ApiResult<Option<(i64, &'a str)>> {
    match value.as_deref().map(str::trim) {
        None | Some("") => Ok(None),
        Some(text) => parse_mdy(text).map(|d| Some((d, text))).ok_or_else(|| {
            ApiError::bad_request(format!("{field} '{text}' is not a date in MM/dd/yyyy form"))
        }),
    }
}
