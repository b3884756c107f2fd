//! Re-run failed: which jobs of a batch go in the one execute-job call. A batch is the runs one
//! call started; each failed or cancelled run not run again since (this tab saw no newer run of
//! its job) is sent once. Pure, natively tested; used by Run selected's results and by Activity.

use crate::activity::WatchedRun;
use crate::api::RunState;

use super::{JobOutcome, KnownJob, RunReport};

/// A run as "Re-run failed" sees it: its job, its state, and whether this tab has seen a newer
/// run of the same job (then it was run again already, by this button or by hand).
#[derive(Clone, Debug, PartialEq)]
pub struct BatchRun {
    pub job_id: i64,
    pub job_name: String,
    pub state: RunState,
    pub superseded: bool,
}

/// The jobs to send again for a batch: each failed or cancelled run not run again since, once
/// per job, in the batch's order, with the state Run selected's `plan` expects.
pub fn rerun_jobs(batch: &[BatchRun]) -> Vec<KnownJob> {
    let mut out: Vec<KnownJob> = Vec::new();
    for run in batch {
        let again = matches!(run.state, RunState::Failed | RunState::Cancelled);
        if !again || run.superseded || out.iter().any(|(id, _, _)| *id == run.job_id) {
            continue;
        }
        out.push((run.job_id, run.job_name.clone(), run.state.clone()));
    }
    out
}

/// A run of the store as Re-run failed sees it, given every run the tab knows.
pub fn batch_run(all: &[WatchedRun], run: &WatchedRun) -> BatchRun {
    BatchRun {
        job_id: run.job_id,
        job_name: run.job_name.clone(),
        state: run.state.clone(),
        superseded: all
            .iter()
            .any(|o| o.job_id == run.job_id && o.run_id > run.run_id),
    }
}

/// The runs a report says started, as the store knows them now.
pub fn report_runs(report: &RunReport, all: &[WatchedRun]) -> Vec<BatchRun> {
    report
        .items
        .iter()
        .filter_map(|(_, _, outcome)| match outcome {
            JobOutcome::Started { run_id } => all.iter().find(|r| r.run_id == *run_id),
            _ => None,
        })
        .map(|run| batch_run(all, run))
        .collect()
}

#[cfg(all(test, not(target_arch = "wasm32")))]
mod tests {
    use super::*;

    fn member(job_id: i64, state: RunState, superseded: bool) -> BatchRun {
        BatchRun {
            job_id,
            job_name: format!("Job {job_id}"),
            state,
            superseded,
        }
    }

    #[test]
    fn re_run_failed_sends_each_failed_or_cancelled_job_once() {
        let batch = [
            member(1, RunState::Completed, false),
            member(2, RunState::Failed, false),
            member(3, RunState::Cancelled, false),
            member(4, RunState::Running, false),
            member(2, RunState::Failed, false),
            member(5, RunState::Failed, true),
        ];
        let jobs = rerun_jobs(&batch);
        let ids: Vec<i64> = jobs.iter().map(|j| j.0).collect();
        assert_eq!(ids, [2, 3], "5 was run again already");
        // Through Run selected's plan: every one of them goes in the one request.
        let plan = super::super::plan(&jobs);
        assert_eq!(plan.send, [2, 3]);
        assert!(rerun_jobs(&[member(1, RunState::Completed, false)]).is_empty());
    }

    fn watched(run_id: i64, job_id: i64, state: RunState) -> WatchedRun {
        WatchedRun {
            run_id,
            job_id,
            job_name: format!("Job {job_id}"),
            batch: Some(1),
            state,
            started_ms: None,
            ended_ms: None,
            completed_steps: None,
            total_steps: None,
            step_label: None,
            added_ms: 0,
        }
    }

    #[test]
    fn a_report_s_runs_are_read_from_the_store_and_a_newer_run_supersedes() {
        let report = RunReport {
            items: vec![
                (10, "Job 10".into(), JobOutcome::Started { run_id: 100 }),
                (11, "Job 11".into(), JobOutcome::Started { run_id: 101 }),
                (12, "Job 12".into(), JobOutcome::AlreadyRunning),
                (13, "Job 13".into(), JobOutcome::Started { run_id: 103 }),
            ],
            ..RunReport::default()
        };
        let all = [
            watched(105, 11, RunState::Running),
            watched(103, 13, RunState::Cancelled),
            watched(101, 11, RunState::Failed),
            watched(100, 10, RunState::Completed),
        ];
        let runs = report_runs(&report, &all);
        assert_eq!(runs.len(), 3);
        assert!(runs[1].superseded, "job 11 runs again as run 105");
        let again: Vec<i64> = rerun_jobs(&runs).iter().map(|j| j.0).collect();
        assert_eq!(again, [13]);
    }
}
