//! The writes' answers are read by what they contain (contract section 5): a run, runs bare or
//! wrapped, `{job, run}`, a run with only ids, the job or just its id, `true`, an empty body, the
//! ids. A 2xx answer that cannot be read is unconfirmed, never a failure; non-2xx stay errors.
#![cfg(not(target_arch = "wasm32"))]

use zephyr_jobs::api::answers::*;
use zephyr_jobs::api::error::RawResponse;
use zephyr_jobs::api::{ApiError, RunState, Undecodable};

fn answer(body: &str) -> Answer {
    interpret_write(&RawResponse {
        status: 200,
        content_type: Some("application/json"),
        retry_after: None,
        body,
    })
    .expect("a 2xx answer")
}

fn run_ids(written: Written<Vec<zephyr_jobs::api::Run>>) -> Vec<(i64, Option<i64>)> {
    written
        .confirmed()
        .expect("confirmed runs")
        .into_iter()
        .map(|r| (r.id, r.job_id))
        .collect()
}

#[test]
fn execute_job_answers_in_every_allowed_shape_give_the_runs() {
    let contract = run_ids(read_runs(answer(include_str!("fixtures/runs.json"))));
    assert_eq!(contract, [(1055, Some(4102)), (1056, Some(4103))]);

    let bare = read_runs(answer(include_str!("fixtures/run_bare.json")));
    let bare = bare.confirmed().unwrap();
    assert_eq!((bare[0].id, bare[0].job_id), (1101, Some(4100)));
    assert_eq!(bare[0].scheduled_at, Some(1_618_940_196_733));

    let both = [(1101, Some(4106)), (1102, Some(4108))];
    for fixture in [
        include_str!("fixtures/runs_wrapped.json"),
        include_str!("fixtures/runs_other_wrapper.json"),
        include_str!("fixtures/runs_minimal.json"),
    ] {
        assert_eq!(run_ids(read_runs(answer(fixture))), both, "{fixture}");
    }

    // `{job, run}` for one job; the run's job id may come from the job.
    let pair = r#"{"job": {"id": 4100, "jobName": "x"}, "run": {"id": 7}}"#;
    assert_eq!(run_ids(read_runs(answer(pair))), [(7, Some(4100))]);
    let pairs = format!("[{pair}]");
    assert_eq!(run_ids(read_runs(answer(&pairs))), [(7, Some(4100))]);
}

#[test]
fn a_run_may_carry_only_its_ids() {
    let runs = read_runs(answer(include_str!("fixtures/run_ids_only.json")))
        .confirmed()
        .unwrap();
    assert_eq!((runs[0].id, runs[0].job_id), (1100, Some(4200)));
    assert_eq!(
        runs[0].status,
        RunState::Queued,
        "a missing status reads as new"
    );
}

#[test]
fn create_and_execute_gives_the_run_and_the_job_when_it_is_there() {
    let full = read_job_run(answer(include_str!("fixtures/created_and_run.json")))
        .confirmed()
        .unwrap();
    assert_eq!(full.run.id, 1100);
    assert_eq!(
        full.job.as_ref().map(|j| j.input.job_name.as_str()),
        Some("From file")
    );
    assert_eq!(full.job_id(), Some(4200));

    // Only the run: the job is found by re-reading `job(run.jobId)`.
    for fixture in [
        include_str!("fixtures/run_ids_only.json"),
        include_str!("fixtures/run_ids_only_list.json"),
    ] {
        let created = read_job_run(answer(fixture)).confirmed().unwrap();
        assert_eq!((created.run.id, created.job_id()), (1100, Some(4200)));
        assert_eq!(created.job, None, "found by re-reading");
    }
}

#[test]
fn create_and_update_answers_give_the_job_or_the_id_to_re_read() {
    let job = read_saved(answer(include_str!("fixtures/job_full.json")));
    assert!(matches!(job, Written::Confirmed(Saved::Job(j)) if j.id == 4102));
    let wrapped = format!("{{\"job\": {}}}", include_str!("fixtures/job_full.json"));
    assert!(
        matches!(read_saved(answer(&wrapped)), Written::Confirmed(Saved::Job(j)) if j.id == 4102)
    );
    assert_eq!(
        read_saved(answer(include_str!("fixtures/job_id_only.json"))),
        Written::Confirmed(Saved::Id(Some(4114)))
    );
    assert_eq!(
        read_saved(answer(include_str!("fixtures/answer_true.json"))),
        Written::Confirmed(Saved::Id(None)),
        "an update's `true`: the caller re-reads the job it knows"
    );
}

#[test]
fn delete_answers_true_empty_or_the_ids_and_false_is_a_refusal() {
    for body in [
        include_str!("fixtures/answer_true.json"),
        "",
        include_str!("fixtures/deleted_ids.json"),
        include_str!("fixtures/deleted_ids_wrapped.json"),
    ] {
        assert_eq!(
            read_deleted(answer(body)),
            Ok(Written::Confirmed(())),
            "{body:?}"
        );
    }
    assert!(matches!(
        read_deleted(answer("false")),
        Err(ApiError::BadRequest { .. })
    ));
    assert!(matches!(
        read_deleted(answer("{\"odd\": 1}")),
        Ok(Written::Unconfirmed(_))
    ));
}

#[test]
fn an_unreadable_2xx_answer_is_unconfirmed_for_every_write() {
    let garbled = include_str!("fixtures/answer_garbled.json");
    assert!(matches!(
        answer(garbled),
        Answer::Unreadable(Undecodable::Malformed(_))
    ));
    assert!(matches!(
        read_runs(answer(garbled)),
        Written::Unconfirmed(_)
    ));
    assert!(matches!(
        read_job_run(answer(garbled)),
        Written::Unconfirmed(_)
    ));
    assert!(matches!(
        read_saved(answer(garbled)),
        Written::Unconfirmed(_)
    ));
    assert!(matches!(
        read_deleted(answer(garbled)),
        Ok(Written::Unconfirmed(_))
    ));
    assert!(matches!(
        read_cancelled(answer(garbled)),
        Ok(Written::Unconfirmed(_))
    ));
    // Readable JSON that names no run or job is no confirmation either.
    assert!(matches!(
        read_runs(answer("{\"ok\": true}")),
        Written::Unconfirmed(_)
    ));
    assert!(matches!(read_runs(answer("[]")), Written::Unconfirmed(_)));
    assert!(matches!(
        read_saved(answer("{\"ok\": true}")),
        Written::Unconfirmed(_)
    ));
    assert_eq!(
        read_runs(answer("")),
        Written::Unconfirmed(Undecodable::Empty)
    );
    // Unconfirmed, re-read without success: outcome unknown, not worth sending again.
    let error = ApiError::Unconfirmed(Undecodable::Empty);
    assert!(error.outcome_unknown() && !error.is_transient());
}

#[test]
fn what_is_not_zephyrs_answer_stays_an_error() {
    let raw = |status, content_type, body| RawResponse {
        status,
        content_type,
        retry_after: None,
        body,
    };
    let sso = interpret_write(&raw(200, Some("text/html"), "<html>Sign in</html>"));
    assert_eq!(
        sso,
        Err(ApiError::Undecodable(Undecodable::Html)),
        "a proxy answered"
    );
    let login = interpret_write(&raw(200, None, "\"Login failed\""));
    assert!(matches!(
        login,
        Err(ApiError::Undecodable(Undecodable::BareString(_)))
    ));
    let refused = interpret_write(&raw(
        200,
        None,
        r#"{"errorMsg": "job 4102 is already running"}"#,
    ));
    assert!(
        matches!(refused, Err(ApiError::BadRequest { message, .. }) if message.contains("4102"))
    );
    let bad = interpret_write(&raw(
        400,
        None,
        r#"{"errorMsg": "no", "errorCode": "143z04"}"#,
    ));
    assert!(matches!(bad, Err(ApiError::BadRequest { .. })));
    assert_eq!(
        interpret_write(&raw(500, None, "")),
        Err(ApiError::Server {
            status: 500,
            message: None
        })
    );
}
