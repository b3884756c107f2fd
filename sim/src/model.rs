//! The JSON shapes of the contract (section 2 and 3), as serde types in the server's camelCase.

use serde::{Deserialize, Serialize};

#[derive(Debug, Clone, Serialize)]
pub struct Project {
    pub id: u64,
    pub name: String,
}

#[derive(Debug, Clone, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct Release {
    pub id: u64,
    pub name: String,
    pub project_id: u64,
    pub start_date: i64,
    pub end_date: i64,
    pub release_start_date: String,
    pub release_end_date: String,
    /// The project-level pseudo-release real Zephyr returns alongside the real ones; the UI hides it.
    pub project_release: bool,
}

#[derive(Debug, Clone, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct Phase {
    pub id: u64,
    pub name: String,
    pub cycle_id: u64,
    pub tcr_catalog_tree_id: u64,
}

#[derive(Debug, Clone, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct Cycle {
    pub id: u64,
    pub name: String,
    pub release_id: u64,
    pub start_date: i64,
    pub end_date: i64,
    pub cycle_start_date: String,
    pub cycle_end_date: String,
    pub cycle_phases: Vec<Phase>,
}

/// A test-repository folder; `categories` are its children, nested to any depth.
#[derive(Debug, Clone, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct Folder {
    pub id: u64,
    pub name: String,
    #[serde(rename = "type")]
    pub kind: &'static str,
    pub release_id: u64,
    pub parent_id: Option<u64>,
    pub categories: Vec<Folder>,
}

#[derive(Debug, Clone, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct User {
    pub id: u64,
    pub username: String,
    pub first_name: String,
    pub last_name: String,
    pub email: String,
}

/// A project member as `user/project/{id}` lists it: no e-mail, as on the real server.
#[derive(Debug, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct Member<'a> {
    pub id: u64,
    pub username: &'a str,
    pub first_name: &'a str,
    pub last_name: &'a str,
}

/// `JobInput` as a client sends it. Everything is optional here so that validation, not serde,
/// words the error for a missing field.
#[derive(Debug, Clone, Default, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct JobInput {
    pub id: Option<u64>,
    pub job_name: Option<String>,
    pub job_description: Option<String>,
    pub project_id: Option<u64>,
    pub release_id: Option<u64>,
    #[serde(alias = "automatedFramework")]
    pub automation_framework: Option<String>,
    pub cycle_name: Option<String>,
    pub is_reuse: Option<bool>,
    pub time_stamp: Option<bool>,
    pub cycle_start_date_str: Option<String>,
    pub cycle_end_date_str: Option<String>,
    pub phase_name: Option<String>,
    pub job_detail_tcr_catalog_tree_id: Option<u64>,
    pub test_repository_path: Option<String>,
    pub create_package: Option<bool>,
    pub assign_results_to: Option<i64>,
    pub environment: Option<String>,
}

/// A validated `JobInput`: what the store keeps and echoes back inside every `Job`.
#[derive(Debug, Clone, PartialEq, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct JobSpec {
    pub job_name: String,
    pub job_description: Option<String>,
    pub project_id: u64,
    pub release_id: u64,
    pub automation_framework: String,
    pub cycle_name: String,
    pub is_reuse: bool,
    pub time_stamp: bool,
    pub cycle_start_date_str: Option<String>,
    pub cycle_end_date_str: Option<String>,
    pub phase_name: Option<String>,
    pub job_detail_tcr_catalog_tree_id: Option<u64>,
    pub test_repository_path: Option<String>,
    pub create_package: bool,
    pub assign_results_to: Option<i64>,
    pub environment: Option<String>,
}

/// `Job` = `JobInput` plus the server's bookkeeping; borrowed so listing 10,000 jobs copies nothing.
#[derive(Debug, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct Job<'a> {
    pub id: u64,
    #[serde(flatten)]
    pub spec: &'a JobSpec,
    pub status: &'static str,
    pub created_by: &'a str,
    /// Misspelt on purpose: the real server's field name.
    pub job_cration_date: i64,
    pub job_modify_date: i64,
    pub job_schedule_date: Option<i64>,
}

#[derive(Debug, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct Run {
    pub id: u64,
    pub job_id: u64,
    pub status: &'static str,
    pub job_schedule_date: i64,
}

#[derive(Debug, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct Progress {
    pub id: u64,
    pub job_id: u64,
    pub status: &'static str,
    pub job_schedule_date: i64,
    pub start_time: Option<i64>,
    pub end_time: Option<i64>,
    pub completed_steps: usize,
    pub total_steps: usize,
    pub step_label: Option<&'static str>,
    pub step_message: Option<String>,
    pub summary_message: Option<String>,
    pub cycle_id: Option<u64>,
}

/// The `{ids: [...]}` body of execute-job and delete.
#[derive(Debug, Deserialize)]
pub struct Ids {
    pub ids: Option<Vec<u64>>,
}
