//! What a run request reports for each job, checked natively: the plan, the outcomes, and runs
//! found by re-reading after an answer that could not be read, and the report when nothing could
//! be sent.

use super::*;

fn jobs() -> Vec<KnownJob> {
    vec![
        (4104, "Never ran".into(), RunState::Queued),
        (4102, "Busy".into(), RunState::Running),
        (4100, "Done".into(), RunState::Completed),
        (4110, "Odd".into(), RunState::Unknown("Paused".into())),
    ]
}

fn run(id: i64, job: i64) -> Run {
    Run {
        id,
        job_id: Some(job),
        status: RunState::Queued,
        scheduled_at: None,
    }
}

#[test]
fn busy_jobs_stay_out_of_the_request_and_new_ones_go_in() {
    let p = plan(&jobs());
    assert_eq!(p.send, [4104, 4100]);
    assert_eq!(p.already_running, [4102, 4110]);
}

#[test]
fn each_job_gets_its_run_or_its_reason() {
    let jobs = jobs();
    let p = plan(&jobs);
    let r = report(&jobs, &p, Some(Ok(vec![run(2, 4100), run(1, 4104)])), false);
    assert_eq!(r.items[0].2, JobOutcome::Started { run_id: 1 });
    assert_eq!(r.items[1].2, JobOutcome::AlreadyRunning);
    assert_eq!(r.items[2].2, JobOutcome::Started { run_id: 2 });
    assert_eq!(r.started(), 2);
    assert_eq!(r.batch_error, None);
}

#[test]
fn a_refused_batch_names_the_culprits_and_leaves_the_rest_not_started() {
    let jobs = vec![
        (4107, "Queued".into(), RunState::Queued),
        (41, "Short id".into(), RunState::Completed),
    ];
    let p = plan(&jobs);
    let msg = "job 4107 is already running; job 9999 does not exist";
    let r = report(
        &jobs,
        &p,
        Some(Err(ApiError::BadRequest {
            message: msg.into(),
            code: None,
        })),
        false,
    );
    assert_eq!(r.batch_error.as_deref(), Some(msg));
    assert_eq!(
        r.items[0].2,
        JobOutcome::Refused("job 4107 is already running".into())
    );
    assert!(matches!(r.items[1].2, JobOutcome::NotStarted(_)));
    assert_eq!(r.started(), 0);
}

fn progress(id: Option<i64>, status: &str, scheduled_at: Option<i64>) -> Progress {
    Progress {
        id,
        job_id: Some(4100),
        status: RunState::from_raw(status),
        scheduled_at,
        start_time: None,
        end_time: None,
        completed_steps: None,
        total_steps: None,
        step_label: None,
        step_message: None,
        summary_message: None,
        cycle_id: None,
    }
}

#[test]
fn a_re_read_run_counts_when_it_is_going_or_began_since_the_request() {
    let sent = 100_000;
    assert!(started_since(&progress(Some(1), "Waiting", Some(10)), sent));
    assert!(started_since(
        &progress(Some(1), "completed", Some(sent + 300)),
        sent
    ));
    // Clocks differ a little: a run scheduled just "before" the request is still ours.
    assert!(started_since(
        &progress(Some(1), "failed", Some(sent - 2_000)),
        sent
    ));
    assert!(!started_since(
        &progress(Some(1), "completed", Some(sent - 60_000)),
        sent
    ));
    assert!(!started_since(&progress(None, "new", None), sent));
}

#[test]
fn an_unconfirmed_request_reports_re_read_runs_and_no_failure() {
    let jobs = jobs();
    let p = plan(&jobs);
    let r = report(&jobs, &p, Some(Ok(vec![run(5, 4104)])), true);
    assert!(r.unconfirmed);
    assert_eq!(r.items[0].2, JobOutcome::Started { run_id: 5 });
    assert_eq!(
        r.items[2].2,
        JobOutcome::Unconfirmed,
        "not seen yet, not failed"
    );
    assert_eq!(r.batch_error, None);
}

#[test]
fn without_the_code_to_start_runs_each_job_is_reported_once_as_not_sent() {
    let mut jobs = jobs();
    jobs.push((4100, "Done".into(), RunState::Completed));
    let r = nothing_sent(&jobs);
    let ids: Vec<i64> = r.items.iter().map(|(id, _, _)| *id).collect();
    assert_eq!(ids, [4104, 4102, 4100, 4110], "each job once, in order");
    assert!(r
        .items
        .iter()
        .all(|(_, _, o)| *o == JobOutcome::NotStarted("Not sent.".into())));
    assert_eq!(r.started(), 0);
    let why = r.not_sent.expect("the reason nothing was sent");
    assert!(why.starts_with("No run was requested: the app could not fetch its code"));
    assert_eq!(r.batch_error, None, "not the server's words");
}
