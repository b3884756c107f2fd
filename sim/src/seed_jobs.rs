//! Seeded jobs and their run histories: one job in every state an app must show, names that
//! test escaping, plus `--jobs N` generated jobs and `--hostile-names` extras. Builds the whole store.

use crate::dates::DAY_MS;
use crate::lifecycle::Hold;
use crate::model::{Folder, JobSpec};
use crate::rng::Rng;
use crate::seed::{self, hostile_names};
use crate::store::Store;
use crate::validate::FRAMEWORKS;

/// How a seeded job's latest run ends up.
#[derive(Clone, Copy)]
enum Last {
    Never,
    Held(Hold),
    Completed,
    Failed,
    Cancelled,
}

const MINUTE_MS: i64 = 60_000;
const HOUR_MS: i64 = 3_600_000;
/// First id of `--hostile-names` jobs and of `--jobs N` jobs: fixed so seeded ids never move.
pub const HOSTILE_JOB_BASE: u64 = 4150;
pub const EXTRA_JOB_BASE: u64 = 5000;

/// Everything the simulator starts with (and `POST /__sim/reset` returns to).
pub fn build_store(seed: u64, speed: f64, extra_jobs: usize, hostile: bool, now: i64) -> Store {
    let mut store = Store {
        seed,
        speed,
        next_job_id: 4100,
        next_run_id: 1000,
        ..Store::default()
    };
    seed::reference(&mut store, now, hostile);
    seeded_jobs(&mut store, now);
    if hostile {
        hostile_jobs(&mut store, now);
    }
    extra(&mut store, extra_jobs, now);
    store.next_job_id = store.jobs.keys().next_back().map_or(4100, |id| id + 1);
    store
}

/// (id, name, project, release, framework, cycle, phase, repository path, earlier runs, last run)
type JobRow = (
    u64,
    &'static str,
    u64,
    u64,
    &'static str,
    &'static str,
    &'static str,
    &'static str,
    usize,
    Last,
);

#[rustfmt::skip]
const JOBS: [JobRow; 14] = [
    (4100, "Nightly API regression", 1, 10, "JUnit", "Nightly Automation", "API", "Release 3.2 > Automation_Scripts", 3, Last::Completed),
    (4101, "Checkout <script>alert(1)</script> & \"refunds\"", 1, 10, "TestNG", "Sprint 14 Regression", "Regression", "Release 3.2 > Automation_Scripts > Checkout", 2, Last::Failed),
    (4102, "Smoke – login & payments 🚀", 1, 10, "Cucumber", "Sprint 14 Regression", "Smoke", "Release 3.2 > Automation_Scripts", 1, Last::Held(Hold::InProgress(1))),
    (4103, "Card tokenisation (Selenium grid)", 1, 10, "Selenium", "Nightly Automation", "UI", "Release 3.2 > Automation_Scripts > Checkout", 1, Last::Held(Hold::Waiting)),
    (4104, "اختبارات الدفع — payment tests", 1, 10, "UFT", "Sprint 14 Regression", "Regression", "Release 3.2 > Manual Regression", 0, Last::Never),
    (4105, "Refund flow 'partial' & \"full\"", 1, 10, "SoapUI PRO", "Sprint 14 Regression", "Regression", "Release 3.2 > Automation_Scripts > Refunds & Chargebacks", 1, Last::Cancelled),
    (4106, "Fraud rules – Tosca", 1, 10, "Tricentis Tosca", "Nightly Automation", "API", "API Contracts > v2 Endpoints", 2, Last::Completed),
    (4107, "חשבוניות — invoice exports", 1, 10, "TestComplete", "Nightly Automation", "UI", "Release 3.2 > Automation_Scripts", 0, Last::Held(Hold::New)),
    (4108, "Statement PDFs (Eggplant)", 1, 11, "Eggplant", "Sprint 15 Regression", "Smoke", "Release 3.3 > Automation_Scripts", 1, Last::Completed),
    (4109, "iOS UI tests", 2, 20, "Selenium", "Device Lab", "iOS", "Mobile 5.0 > iOS", 2, Last::Completed),
    (4110, "Android Espresso → JUnit", 2, 20, "JUnit", "Device Lab", "Android", "Mobile 5.0 > Android > Espresso", 1, Last::Failed),
    (4111, "Ingestion DQ checks", 3, 30, "Cucumber", "Pipeline Validation", "Batch", "Ingestion Wave 7 > Data Quality > Null checks", 2, Last::Completed),
    (4112, "Spark job contracts", 3, 30, "TestNG", "Pipeline Validation", "Streaming", "Ingestion Wave 7 > Data Quality > Schema drift", 0, Last::Never),
    (4113, "Settlement batch reconciliation", 1, 10, "JUnit", "Nightly Automation", "API", "Release 3.2 > Automation_Scripts", 4, Last::Failed),
];

fn seeded_jobs(store: &mut Store, now: i64) {
    let authors = [
        "dana.whitfield",
        "lars.oberg",
        "layla.haddad",
        "mateo.garcia",
    ];
    for (i, (id, name, project, release, framework, cycle, phase, path, earlier, last)) in
        JOBS.into_iter().enumerate()
    {
        let (start, end) = store
            .cycles
            .iter()
            .find(|c| c.release_id == release && c.name == cycle)
            .map(|c| (c.cycle_start_date.clone(), c.cycle_end_date.clone()))
            .unzip();
        let spec = JobSpec {
            job_name: name.into(),
            job_description: Some(format!(
                "Imports {framework} results into “{cycle}” / {phase}"
            )),
            project_id: project,
            release_id: release,
            automation_framework: framework.into(),
            cycle_name: cycle.into(),
            is_reuse: i % 3 != 2,
            time_stamp: i % 4 == 1,
            cycle_start_date_str: start,
            cycle_end_date_str: end,
            phase_name: Some(phase.into()),
            job_detail_tcr_catalog_tree_id: folder_by_path(&store.folders, release, path),
            test_repository_path: Some(path.into()),
            create_package: framework == "Selenium",
            assign_results_to: Some(if i % 2 == 0 { -10 } else { 3 }),
            environment: Some(["staging", "qa-eu", "perf"][i % 3].into()),
        };
        let created = now - (earlier as i64 + 3) * DAY_MS - i as i64 * HOUR_MS;
        store.next_job_id = id;
        store.create_job(spec, authors[i % authors.len()], created);
        for k in 0..earlier {
            let at = now - (earlier - k) as i64 * DAY_MS - (i as i64 + 1) * 17 * MINUTE_MS;
            add_run(store, id, at, Last::Completed);
        }
        let at = match last {
            Last::Held(_) => now - 4 * MINUTE_MS,
            _ => now - 3 * HOUR_MS - i as i64 * 7 * MINUTE_MS,
        };
        add_run(store, id, at, last);
    }
}

/// Adds a run whose fate is forced rather than drawn, so the demo states never change.
fn add_run(store: &mut Store, job_id: u64, at: i64, last: Last) {
    if matches!(last, Last::Never) {
        return;
    }
    let speed = store.speed;
    let run_id = store.schedule(job_id, at, None);
    let run = store.runs.get_mut(&run_id).expect("just scheduled");
    let plan = &mut run.plan;
    match last {
        Last::Completed => plan.fail_at = None,
        Last::Failed => plan.fail_at = Some(plan.fail_at.unwrap_or(1).min(plan.total_steps() - 1)),
        Last::Held(hold) => plan.hold = Some(hold),
        Last::Cancelled => {
            // Half-way through the first step, in simulated time, whatever the clock speed.
            let offset = plan.new_ms + plan.waiting_ms + plan.steps_ms[0] / 2;
            run.cancelled_at = Some(at + (offset as f64 / speed) as i64);
        }
        Last::Never => {}
    }
}

fn folder_by_path(roots: &[Folder], release_id: u64, path: &str) -> Option<u64> {
    let mut level = roots;
    let mut found = None;
    for (depth, name) in path.split(" > ").enumerate() {
        let folder = level
            .iter()
            .find(|f| f.name == name && (depth > 0 || f.release_id == release_id))?;
        found = Some(folder.id);
        level = &folder.categories;
    }
    found
}

fn hostile_jobs(store: &mut Store, now: i64) {
    store.next_job_id = HOSTILE_JOB_BASE;
    for name in hostile_names() {
        let spec = generated_spec(name.clone(), "JUnit", Some(name));
        store.create_job(spec, "dana.whitfield", now - DAY_MS);
    }
}

/// `--jobs N`: deterministic from the seed, in project 1's first real release, mostly already run.
fn extra(store: &mut Store, count: usize, now: i64) {
    const AREAS: [&str; 8] = [
        "Checkout",
        "Ledger",
        "Payouts",
        "KYC",
        "Card vault",
        "Statements",
        "Notifications",
        "FX rates",
    ];
    const SUITES: [&str; 5] = [
        "smoke",
        "regression",
        "contract tests",
        "UI flows",
        "nightly",
    ];
    store.next_job_id = EXTRA_JOB_BASE;
    let mut rng = Rng::for_item(store.seed, 0x4a4f42, 0);
    for n in 0..count {
        let name = format!("{} {} #{:05}", rng.pick(&AREAS), rng.pick(&SUITES), n + 1);
        let framework = *rng.pick(&FRAMEWORKS);
        let created = now - rng.range(2, 120) as i64 * DAY_MS;
        let runs = !rng.one_in(3);
        let ran_at = now - rng.range(1, 24 * 30) as i64 * HOUR_MS;
        let id = store.create_job(
            generated_spec(name, framework, None),
            "dana.whitfield",
            created,
        );
        if runs {
            // The run's own seeded plan decides completed or failed; an hour ago it is over.
            store.schedule(id, ran_at, None);
        }
    }
}

/// A job in project 1, release 10 like the generated ones: only name, framework and description vary.
pub(crate) fn generated_spec(
    name: String,
    framework: &str,
    description: Option<String>,
) -> JobSpec {
    JobSpec {
        job_name: name,
        job_description: description,
        project_id: 1,
        release_id: 10,
        automation_framework: framework.into(),
        cycle_name: "Nightly Automation".into(),
        is_reuse: true,
        time_stamp: false,
        cycle_start_date_str: None,
        cycle_end_date_str: None,
        phase_name: Some("API".into()),
        job_detail_tcr_catalog_tree_id: Some(801),
        test_repository_path: Some("Release 3.2 > Automation_Scripts".into()),
        create_package: false,
        assign_results_to: Some(-10),
        environment: None,
    }
}
