//! Serde models of the Zephyr automation-job API (../shared/zephyr-api.md sections 2 and 3),
//! decoded tolerantly: unknown fields are ignored and every optional field may be missing.

use serde::{Deserialize, Serialize};

use super::decode;
use super::run_state::RunState;
use zephyr_list::list_job::display_name;

/// The fields a user edits: the contract's `JobInput`. Sent as-is on create and update.
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase", default)]
pub struct JobInput {
    #[serde(deserialize_with = "decode::opt_text_or_empty")]
    pub job_name: String,
    #[serde(deserialize_with = "decode::opt_text_or_empty")]
    pub job_description: String,
    #[serde(deserialize_with = "decode::id")]
    pub project_id: i64,
    #[serde(deserialize_with = "decode::id")]
    pub release_id: i64,
    #[serde(
        alias = "automatedFramework",
        deserialize_with = "decode::opt_text_or_empty"
    )]
    pub automation_framework: String,
    #[serde(deserialize_with = "decode::opt_text_or_empty")]
    pub cycle_name: String,
    #[serde(deserialize_with = "decode::lenient_bool")]
    pub is_reuse: bool,
    #[serde(deserialize_with = "decode::lenient_bool")]
    pub time_stamp: bool,
    #[serde(deserialize_with = "decode::opt_text_or_empty")]
    pub cycle_start_date_str: String,
    #[serde(deserialize_with = "decode::opt_text_or_empty")]
    pub cycle_end_date_str: String,
    #[serde(deserialize_with = "decode::opt_text_or_empty")]
    pub phase_name: String,
    #[serde(
        deserialize_with = "decode::opt_id",
        skip_serializing_if = "Option::is_none"
    )]
    pub job_detail_tcr_catalog_tree_id: Option<i64>,
    #[serde(deserialize_with = "decode::opt_text_or_empty")]
    pub test_repository_path: String,
    #[serde(deserialize_with = "decode::lenient_bool")]
    pub create_package: bool,
    #[serde(
        deserialize_with = "decode::opt_id",
        skip_serializing_if = "Option::is_none"
    )]
    pub assign_results_to: Option<i64>,
    #[serde(deserialize_with = "decode::opt_text_or_empty")]
    pub environment: String,
}

/// The update request: the input plus the job's id.
#[derive(Clone, Debug, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct JobUpdate<'a> {
    pub id: i64,
    #[serde(flatten)]
    pub input: &'a JobInput,
}

/// "Anyone", the built-in assignee the user look-up does not list.
pub const ANYONE_USER_ID: i64 = -10;

/// The automation frameworks the server knows (contract section 2).
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

/// A job as the server reports it: the input plus bookkeeping.
#[derive(Clone, Debug, PartialEq, Deserialize)]
#[serde(from = "JobWire")]
pub struct Job {
    pub id: i64,
    pub input: JobInput,
    pub status: RunState,
    pub created_by: Option<String>,
    pub created_at: Option<i64>,
    pub modified_at: Option<i64>,
    pub scheduled_at: Option<i64>,
}

impl Job {
    /// The name to show: the server's, or "Unnamed job #N" when it is blank (an empty link or
    /// heading would be invisible, and unreadable to a screen reader).
    pub fn display_name(&self) -> String {
        display_name(&self.input.job_name, self.id)
    }
}

/// Whole jobs read as a list (a bulk edit, a form finding the job it created) decode in the app.
impl super::list_stream::Element for Job {
    fn decode(text: &str) -> Result<Option<(Self, usize)>, super::list_stream::Fallback> {
        super::list_stream::decode_one(text)
    }
}

/// A job as it is sent: [`JobInput`]'s fields and the bookkeeping side by side in one object.
/// Read as one flat struct rather than with `#[serde(flatten)]`, which buffers each object into
/// serde's intermediate tree first (a measurable part of decoding 10,000 jobs). Every field of
/// `JobInput` is repeated here with its attributes and `default`, as `JobInput`'s own `default`
/// gives; `tests/api_decoding.rs` checks that each one arrives.
#[derive(Deserialize)]
#[serde(rename_all = "camelCase")]
struct JobWire {
    #[serde(deserialize_with = "decode::id")]
    id: i64,
    #[serde(default, deserialize_with = "decode::opt_text_or_empty")]
    job_name: String,
    #[serde(default, deserialize_with = "decode::opt_text_or_empty")]
    job_description: String,
    #[serde(default, deserialize_with = "decode::id")]
    project_id: i64,
    #[serde(default, deserialize_with = "decode::id")]
    release_id: i64,
    #[serde(
        default,
        alias = "automatedFramework",
        deserialize_with = "decode::opt_text_or_empty"
    )]
    automation_framework: String,
    #[serde(default, deserialize_with = "decode::opt_text_or_empty")]
    cycle_name: String,
    #[serde(default, deserialize_with = "decode::lenient_bool")]
    is_reuse: bool,
    #[serde(default, deserialize_with = "decode::lenient_bool")]
    time_stamp: bool,
    #[serde(default, deserialize_with = "decode::opt_text_or_empty")]
    cycle_start_date_str: String,
    #[serde(default, deserialize_with = "decode::opt_text_or_empty")]
    cycle_end_date_str: String,
    #[serde(default, deserialize_with = "decode::opt_text_or_empty")]
    phase_name: String,
    #[serde(default, deserialize_with = "decode::opt_id")]
    job_detail_tcr_catalog_tree_id: Option<i64>,
    #[serde(default, deserialize_with = "decode::opt_text_or_empty")]
    test_repository_path: String,
    #[serde(default, deserialize_with = "decode::lenient_bool")]
    create_package: bool,
    #[serde(default, deserialize_with = "decode::opt_id")]
    assign_results_to: Option<i64>,
    #[serde(default, deserialize_with = "decode::opt_text_or_empty")]
    environment: String,
    #[serde(default, deserialize_with = "decode::opt_status")]
    status: RunState,
    #[serde(default, deserialize_with = "decode::opt_text")]
    created_by: Option<String>,
    #[serde(
        default,
        alias = "jobCreationDate",
        rename = "jobCrationDate",
        deserialize_with = "decode::opt_date"
    )]
    created_at: Option<i64>,
    #[serde(
        default,
        rename = "jobModifyDate",
        deserialize_with = "decode::opt_date"
    )]
    modified_at: Option<i64>,
    #[serde(
        default,
        rename = "jobScheduleDate",
        deserialize_with = "decode::opt_date"
    )]
    scheduled_at: Option<i64>,
}

impl From<JobWire> for Job {
    fn from(w: JobWire) -> Self {
        Job {
            id: w.id,
            input: JobInput {
                job_name: w.job_name,
                job_description: w.job_description,
                project_id: w.project_id,
                release_id: w.release_id,
                automation_framework: w.automation_framework,
                cycle_name: w.cycle_name,
                is_reuse: w.is_reuse,
                time_stamp: w.time_stamp,
                cycle_start_date_str: w.cycle_start_date_str,
                cycle_end_date_str: w.cycle_end_date_str,
                phase_name: w.phase_name,
                job_detail_tcr_catalog_tree_id: w.job_detail_tcr_catalog_tree_id,
                test_repository_path: w.test_repository_path,
                create_package: w.create_package,
                assign_results_to: w.assign_results_to,
                environment: w.environment,
            },
            status: w.status,
            created_by: w.created_by,
            created_at: w.created_at,
            modified_at: w.modified_at,
            scheduled_at: w.scheduled_at,
        }
    }
}

/// One scheduled run of a job, as `execute-job` returns it.
#[derive(Clone, Debug, PartialEq, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct Run {
    #[serde(deserialize_with = "decode::id")]
    pub id: i64,
    #[serde(default, deserialize_with = "decode::opt_id")]
    pub job_id: Option<i64>,
    #[serde(default, deserialize_with = "decode::opt_status")]
    pub status: RunState,
    #[serde(
        default,
        rename = "jobScheduleDate",
        deserialize_with = "decode::opt_date"
    )]
    pub scheduled_at: Option<i64>,
}

/// The latest progress of a job's newest run. A job that never ran has no run `id`.
#[derive(Clone, Debug, PartialEq, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct Progress {
    #[serde(default, deserialize_with = "decode::opt_id")]
    pub id: Option<i64>,
    #[serde(default, deserialize_with = "decode::opt_id")]
    pub job_id: Option<i64>,
    #[serde(default, deserialize_with = "decode::opt_status")]
    pub status: RunState,
    #[serde(
        default,
        rename = "jobScheduleDate",
        deserialize_with = "decode::opt_date"
    )]
    pub scheduled_at: Option<i64>,
    #[serde(default, deserialize_with = "decode::opt_date")]
    pub start_time: Option<i64>,
    #[serde(default, deserialize_with = "decode::opt_date")]
    pub end_time: Option<i64>,
    #[serde(default, deserialize_with = "decode::opt_count")]
    pub completed_steps: Option<u32>,
    #[serde(default, deserialize_with = "decode::opt_count")]
    pub total_steps: Option<u32>,
    #[serde(default, deserialize_with = "decode::opt_text")]
    pub step_label: Option<String>,
    #[serde(default, deserialize_with = "decode::opt_text")]
    pub step_message: Option<String>,
    #[serde(default, deserialize_with = "decode::opt_text")]
    pub summary_message: Option<String>,
    #[serde(default, deserialize_with = "decode::opt_id")]
    pub cycle_id: Option<i64>,
}

#[derive(Clone, Debug, PartialEq, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct User {
    #[serde(deserialize_with = "decode::id")]
    pub id: i64,
    #[serde(default, deserialize_with = "decode::opt_text")]
    pub username: Option<String>,
    #[serde(default, deserialize_with = "decode::opt_text")]
    pub first_name: Option<String>,
    #[serde(default, deserialize_with = "decode::opt_text")]
    pub last_name: Option<String>,
    #[serde(default, deserialize_with = "decode::opt_text")]
    pub email: Option<String>,
}

impl User {
    /// "First Last", else the user name, else "user N".
    pub fn display_name(&self) -> String {
        let full = [self.first_name.as_deref(), self.last_name.as_deref()]
            .into_iter()
            .flatten()
            .map(str::trim)
            .filter(|s| !s.is_empty())
            .collect::<Vec<_>>()
            .join(" ");
        if !full.is_empty() {
            full
        } else if let Some(name) = self.username.as_deref().filter(|s| !s.trim().is_empty()) {
            name.to_string()
        } else {
            format!("user {}", self.id)
        }
    }
}

#[derive(Clone, Debug, PartialEq, Deserialize)]
pub struct Project {
    #[serde(deserialize_with = "decode::id")]
    pub id: i64,
    #[serde(default, deserialize_with = "decode::opt_text_or_empty")]
    pub name: String,
}

#[derive(Clone, Debug, PartialEq, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct Release {
    #[serde(deserialize_with = "decode::id")]
    pub id: i64,
    #[serde(default, deserialize_with = "decode::opt_text_or_empty")]
    pub name: String,
    #[serde(default, deserialize_with = "decode::opt_id")]
    pub project_id: Option<i64>,
    // Servers send `startDate`, `releaseStartDate` or both (an alias would reject "both").
    #[serde(default, deserialize_with = "decode::opt_date")]
    pub start_date: Option<i64>,
    #[serde(default, deserialize_with = "decode::opt_date")]
    pub release_start_date: Option<i64>,
    #[serde(default, deserialize_with = "decode::opt_date")]
    pub end_date: Option<i64>,
    #[serde(default, deserialize_with = "decode::opt_date")]
    pub release_end_date: Option<i64>,
    /// The project-level pseudo-release; the UI hides it.
    #[serde(default, deserialize_with = "decode::lenient_bool")]
    pub project_release: bool,
}

#[derive(Clone, Debug, PartialEq, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct Cycle {
    #[serde(deserialize_with = "decode::id")]
    pub id: i64,
    #[serde(default, deserialize_with = "decode::opt_text_or_empty")]
    pub name: String,
    #[serde(default, deserialize_with = "decode::opt_id")]
    pub release_id: Option<i64>,
    // Servers send `startDate`, `cycleStartDate` or both (an alias would reject "both").
    #[serde(default, deserialize_with = "decode::opt_date")]
    pub start_date: Option<i64>,
    #[serde(default, deserialize_with = "decode::opt_date")]
    pub cycle_start_date: Option<i64>,
    #[serde(default, deserialize_with = "decode::opt_date")]
    pub end_date: Option<i64>,
    #[serde(default, deserialize_with = "decode::opt_date")]
    pub cycle_end_date: Option<i64>,
    #[serde(default, deserialize_with = "decode::list")]
    pub cycle_phases: Vec<Phase>,
}

#[derive(Clone, Debug, PartialEq, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct Phase {
    #[serde(deserialize_with = "decode::id")]
    pub id: i64,
    #[serde(default, deserialize_with = "decode::opt_text_or_empty")]
    pub name: String,
    #[serde(default, deserialize_with = "decode::opt_id")]
    pub cycle_id: Option<i64>,
    #[serde(default, deserialize_with = "decode::opt_id")]
    pub tcr_catalog_tree_id: Option<i64>,
}

/// A test-repository folder and its sub-folders (`categories`).
#[derive(Clone, Debug, PartialEq, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct Folder {
    #[serde(deserialize_with = "decode::id")]
    pub id: i64,
    #[serde(default, deserialize_with = "decode::opt_text_or_empty")]
    pub name: String,
    #[serde(default, rename = "type", deserialize_with = "decode::opt_text")]
    pub kind: Option<String>,
    #[serde(default, deserialize_with = "decode::opt_id")]
    pub release_id: Option<i64>,
    #[serde(default, deserialize_with = "decode::opt_id")]
    pub parent_id: Option<i64>,
    #[serde(default, deserialize_with = "decode::list")]
    pub categories: Vec<Folder>,
}

impl Release {
    pub fn starts(&self) -> Option<i64> {
        self.start_date.or(self.release_start_date)
    }

    pub fn ends(&self) -> Option<i64> {
        self.end_date.or(self.release_end_date)
    }
}

impl Cycle {
    pub fn starts(&self) -> Option<i64> {
        self.start_date.or(self.cycle_start_date)
    }

    pub fn ends(&self) -> Option<i64> {
        self.end_date.or(self.cycle_end_date)
    }
}

impl Folder {
    /// Every folder of the tree, depth first, with its `" > "` path, for a flat picker.
    pub fn flatten(folders: &[Folder]) -> Vec<(i64, String, usize)> {
        fn walk(
            out: &mut Vec<(i64, String, usize)>,
            folders: &[Folder],
            prefix: &str,
            depth: usize,
        ) {
            for folder in folders {
                let path = if prefix.is_empty() {
                    folder.name.clone()
                } else {
                    format!("{prefix} > {}", folder.name)
                };
                out.push((folder.id, path.clone(), depth));
                walk(out, &folder.categories, &path, depth + 1);
            }
        }
        let mut out = Vec::new();
        walk(&mut out, folders, "", 0);
        out
    }
}

/// The API's error body, `{"errorMsg": "...", "errorCode": "..."}`.
#[derive(Clone, Debug, PartialEq, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct ErrorBody {
    #[serde(default, alias = "message", deserialize_with = "decode::opt_text")]
    pub error_msg: Option<String>,
    #[serde(default, alias = "code", deserialize_with = "decode::opt_text")]
    pub error_code: Option<String>,
}

/// The body of `execute-job` and `job/delete`: `{"ids": [...]}`.
#[derive(Clone, Debug, Serialize)]
pub struct IdList<'a> {
    pub ids: &'a [i64],
}
