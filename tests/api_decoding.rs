//! The fetch layer decodes what a real Zephyr may send (contract section 5) and turns every
//! status/body combination into the right ApiError. Native: no browser needed.
#![cfg(not(target_arch = "wasm32"))]

use zephyr_jobs::api::decode::ListOf;
use zephyr_jobs::api::error::{interpret, RawResponse};
use zephyr_jobs::api::*;

fn ok<T: serde::de::DeserializeOwned>(body: &str) -> Result<T, ApiError> {
    interpret(&RawResponse {
        status: 200,
        content_type: Some("application/json"),
        retry_after: None,
        body,
    })
}

fn fail(
    status: u16,
    content_type: Option<&str>,
    retry_after: Option<&str>,
    body: &str,
) -> ApiError {
    interpret::<serde_json::Value>(&RawResponse {
        status,
        content_type,
        retry_after,
        body,
    })
    .expect_err("a failure")
}

#[test]
fn a_full_job_decodes_every_field_and_ignores_unknown_ones() {
    let job: Job = ok(include_str!("fixtures/job_full.json")).unwrap();
    assert_eq!(job.id, 4102);
    assert_eq!(job.input.job_name, "Nightly regression");
    assert_eq!(job.input.project_id, 1);
    assert_eq!(job.input.release_id, 10);
    assert_eq!(job.input.automation_framework, "JUnit");
    assert_eq!(job.input.cycle_start_date_str, "04/01/2021");
    assert_eq!(job.input.job_detail_tcr_catalog_tree_id, Some(77));
    assert_eq!(
        job.input.test_repository_path,
        "Release 3.2 > Automation_Scripts"
    );
    assert_eq!(job.input.assign_results_to, Some(ANYONE_USER_ID));
    assert!(job.input.is_reuse);
    assert_eq!(job.status, RunState::Running);
    assert_eq!(job.created_by.as_deref(), Some("Ada Lovelace"));
    assert_eq!(job.created_at, Some(1_618_940_196_733));
    assert_eq!(job.scheduled_at, Some(1_618_940_396_733));
}

#[test]
fn ids_as_strings_text_dates_other_spellings_and_nulls_are_accepted() {
    let job: Job = ok(include_str!("fixtures/job_tolerant.json")).unwrap();
    assert_eq!(job.id, 4103);
    assert_eq!(job.input.project_id, 1);
    assert_eq!(
        job.input.automation_framework, "testng",
        "automatedFramework alias"
    );
    assert_eq!(job.input.cycle_name, "", "null text reads as empty");
    assert!(job.input.is_reuse, "\"true\" as a string");
    assert_eq!(job.status, RunState::Waiting, "any casing");
    assert_eq!(job.created_at, Some(1_618_876_800_000), "MM/dd/yyyy date");
    assert_eq!(job.scheduled_at, None);
    assert_eq!(job.input.assign_results_to, Some(-10));
    assert_eq!(
        job.input.job_detail_tcr_catalog_tree_id, None,
        "empty string id"
    );
}

#[test]
fn every_field_of_a_job_input_arrives_in_a_decoded_job() {
    // Job is read through its own flat list of JobInput's fields: a field added to one list
    // and not the other must fail here.
    let input = JobInput {
        job_name: "n".into(),
        job_description: "d".into(),
        project_id: 3,
        release_id: 30,
        automation_framework: "Cucumber".into(),
        cycle_name: "c".into(),
        is_reuse: true,
        time_stamp: true,
        cycle_start_date_str: "01/02/2026".into(),
        cycle_end_date_str: "02/03/2026".into(),
        phase_name: "p".into(),
        job_detail_tcr_catalog_tree_id: Some(9),
        test_repository_path: "a > b".into(),
        create_package: true,
        assign_results_to: Some(7),
        environment: "e".into(),
    };
    let mut body = serde_json::to_value(&input).unwrap();
    body["id"] = 1.into();
    let job: Job = ok(&body.to_string()).unwrap();
    assert_eq!(job.input, input);
}

#[test]
fn a_job_with_only_an_id_still_decodes() {
    let job: Job = ok(include_str!("fixtures/job_minimal.json")).unwrap();
    assert_eq!(job.id, 4104);
    assert_eq!(job.status, RunState::Queued);
    assert_eq!(job.input, JobInput::default());
}

#[test]
fn lists_come_bare_or_wrapped_in_results() {
    let bare: ListOf<Job> = ok(include_str!("fixtures/jobs_bare.json")).unwrap();
    let wrapped: ListOf<Job> = ok(include_str!("fixtures/jobs_wrapped.json")).unwrap();
    let bare = bare.into_vec();
    assert_eq!(bare.len(), 2);
    assert_eq!(wrapped.into_vec().len(), 2);
    assert_eq!(
        bare[1].status,
        RunState::Unknown("Queued for robots".into()),
        "unknown statuses are kept verbatim"
    );
    assert!(
        !bare[1].status.is_terminal(),
        "and treated as still running"
    );
    let projects: ListOf<Project> = ok(include_str!("fixtures/projects_wrapped.json")).unwrap();
    assert_eq!(projects.into_vec()[1].id, 2);
}

#[test]
fn runs_progress_and_create_and_execute_decode() {
    let runs: ListOf<Run> = ok(include_str!("fixtures/runs.json")).unwrap();
    let runs = runs.into_vec();
    assert_eq!(runs[1].id, 1056);
    assert_eq!(runs[1].job_id, Some(4103));
    assert_eq!(runs[1].scheduled_at, Some(1_618_940_196_734));

    let p: Progress = ok(include_str!("fixtures/progress_running.json")).unwrap();
    assert_eq!(p.id, Some(1055));
    assert_eq!(p.status, RunState::Running);
    assert_eq!((p.completed_steps, p.total_steps), (Some(2), Some(4)));
    assert_eq!(p.step_message.as_deref(), Some("128 of 256 test cases"));
    assert_eq!(p.end_time, None);

    let never: Progress = ok(include_str!("fixtures/progress_never_run.json")).unwrap();
    assert_eq!(never.id, None, "a job that never ran has no run id");
    assert_eq!(never.status, RunState::Queued);

    let odd: Progress = ok(include_str!("fixtures/progress_odd.json")).unwrap();
    assert_eq!(odd.status, RunState::Unknown("Uploading to S3".into()));
    assert_eq!(odd.completed_steps, Some(3));
    assert!(odd.end_time.is_some());
}

#[test]
fn look_ups_decode_and_the_folder_tree_flattens_to_paths() {
    let user: User = ok(include_str!("fixtures/user.json")).unwrap();
    assert_eq!(user.display_name(), "Ada Lovelace");
    let releases: ListOf<Release> = ok(include_str!("fixtures/releases.json")).unwrap();
    let releases = releases.into_vec();
    assert!(releases[1].project_release);
    assert_eq!(releases[2].id, 11);
    assert_eq!(
        releases[0].starts(),
        Some(1_609_459_200_000),
        "both date spellings at once"
    );
    assert_eq!(releases[2].starts(), Some(1_609_459_200_000));
    let cycles: ListOf<Cycle> = ok(include_str!("fixtures/cycles.json")).unwrap();
    let cycles = cycles.into_vec();
    assert_eq!(cycles[0].cycle_phases[1].id, 3002);
    assert_eq!(cycles[0].starts(), Some(1_617_235_200_000));
    assert_eq!(cycles[0].ends(), Some(1_619_740_800_000));
    assert!(
        cycles[1].cycle_phases.is_empty(),
        "null phases read as none"
    );
    let folders: ListOf<Folder> = ok(include_str!("fixtures/folders.json")).unwrap();
    let flat = Folder::flatten(&folders.into_vec());
    assert_eq!(
        flat[2],
        (78, "Release 3.2 > Automation_Scripts > API".into(), 2)
    );
}

#[test]
fn run_states_normalise_every_known_spelling() {
    for (raw, state) in [
        ("new", RunState::Queued),
        ("Waiting", RunState::Waiting),
        ("in-progress", RunState::Running),
        ("IN_PROGRESS", RunState::Running),
        ("Completed", RunState::Completed),
        ("FAILED", RunState::Failed),
        ("canceled", RunState::Cancelled),
    ] {
        assert_eq!(RunState::from_raw(raw), state, "{raw}");
    }
    assert!(RunState::Failed.is_terminal());
    assert!(!RunState::Waiting.is_terminal());
}

#[test]
fn job_input_serialises_with_the_contracts_field_names() {
    let input = JobInput {
        job_name: "A".into(),
        project_id: 1,
        release_id: 10,
        automation_framework: "JUnit".into(),
        cycle_name: "C".into(),
        assign_results_to: Some(ANYONE_USER_ID),
        ..JobInput::default()
    };
    let json = serde_json::to_value(JobUpdate {
        id: 5,
        input: &input,
    })
    .unwrap();
    assert_eq!(json["id"], 5);
    assert_eq!(json["jobName"], "A");
    assert_eq!(json["automationFramework"], "JUnit");
    assert_eq!(json["assignResultsTo"], -10);
    assert_eq!(json["cycleStartDateStr"], "");
    assert!(json.get("jobDetailTcrCatalogTreeId").is_none());
}

#[test]
fn error_statuses_map_to_one_error_each_with_the_servers_words() {
    let body = r#"{"errorMsg":"release id cannot be null.","errorCode":"143z04"}"#;
    assert_eq!(
        fail(400, Some("application/json"), None, body),
        ApiError::BadRequest {
            message: "release id cannot be null.".into(),
            code: Some("143z04".into())
        }
    );
    assert_eq!(fail(401, None, None, body), ApiError::Unauthorized);
    assert_eq!(
        fail(
            403,
            None,
            None,
            r#"{"errorMsg":"No rights","errorCode":"Forbidden"}"#
        ),
        ApiError::Forbidden {
            message: Some("No rights".into())
        }
    );
    assert_eq!(
        fail(403, None, None, ""),
        ApiError::Forbidden { message: None }
    );
    assert_eq!(fail(404, None, None, ""), ApiError::NotFound);
    assert_eq!(
        fail(410, None, None, r#"{"errorCode":"Gone"}"#),
        ApiError::NotFound
    );
    assert_eq!(
        fail(429, None, Some("7"), ""),
        ApiError::RateLimited {
            retry_after_secs: Some(7)
        }
    );
    assert_eq!(
        fail(429, None, Some("Wed, 21 Oct 2015 07:28:00 GMT"), ""),
        ApiError::RateLimited {
            retry_after_secs: None
        }
    );
    assert_eq!(
        fail(
            428,
            None,
            None,
            r#"{"errorMsg":"Precondition Required","errorCode":"Precondition Required"}"#
        ),
        ApiError::BadRequest {
            message: "Precondition Required".into(),
            code: Some("Precondition Required".into())
        }
    );
    assert_eq!(
        fail(500, Some("text/plain"), None, "database down"),
        ApiError::Server {
            status: 500,
            message: Some("database down".into())
        }
    );
    assert_eq!(
        fail(
            503,
            Some("text/html"),
            None,
            "<html><body>Bad gateway</body></html>"
        ),
        ApiError::Server {
            status: 503,
            message: None
        },
        "an HTML error page is not shown as text"
    );
    assert_eq!(
        fail(400, None, None, ""),
        ApiError::BadRequest {
            message: "The server refused the request (400).".into(),
            code: None
        }
    );
    assert_eq!(
        fail(400, None, None, "\"jobName is required\""),
        ApiError::BadRequest {
            message: "jobName is required".into(),
            code: None
        }
    );
}

#[test]
fn a_200_that_is_not_zephyr_data_is_undecodable_with_a_reason() {
    let html = interpret::<Job>(&RawResponse {
        status: 200,
        content_type: Some("text/html; charset=utf-8"),
        retry_after: None,
        body: "<!doctype html><title>Sign in - SSO</title>",
    });
    assert_eq!(html, Err(ApiError::Undecodable(Undecodable::Html)));
    assert_eq!(
        ok::<Job>(""),
        Err(ApiError::Undecodable(Undecodable::Empty))
    );
    assert_eq!(
        ok::<User>("\"Invalid credentials\""),
        Err(ApiError::Undecodable(Undecodable::BareString(
            "Invalid credentials".into()
        )))
    );
    assert!(matches!(
        ok::<Job>(r#"{"id": 12,"#),
        Err(ApiError::Undecodable(Undecodable::Malformed(_)))
    ));
    assert_eq!(
        ok::<Job>(r#"{"errorMsg":"job not found","errorCode":"141z05"}"#),
        Err(ApiError::BadRequest {
            message: "job not found".into(),
            code: None
        }),
        "an error body with status 200 is still an error"
    );
    assert_eq!(ok::<bool>("true"), Ok(true));
}

#[test]
fn every_error_has_a_human_message_without_internals() {
    let errors = [
        ApiError::Unauthorized,
        ApiError::Forbidden { message: None },
        ApiError::NotFound,
        ApiError::RateLimited {
            retry_after_secs: Some(3),
        },
        ApiError::Server {
            status: 502,
            message: None,
        },
        ApiError::Network,
        ApiError::Timeout(15),
        ApiError::Undecodable(Undecodable::Html),
        ApiError::Undecodable(Undecodable::Empty),
        ApiError::Aborted,
    ];
    for e in errors {
        let text = e.to_string();
        assert!(
            text.len() > 15 && text.ends_with('.'),
            "{e:?} reads {text:?}"
        );
        assert!(!text.contains("Bearer"));
    }
    assert_eq!(
        ApiError::Timeout(15).to_string(),
        "The Zephyr server did not answer within 15 seconds."
    );
}
