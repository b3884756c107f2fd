//! The simulator's whole state (reference data, jobs, runs) and every operation on it. Each
//! operation checks everything before it changes anything, so a refused request writes nothing.

use std::collections::{BTreeMap, HashMap, HashSet};

use serde::Serialize;

use crate::error::{ApiError, ApiResult};
use crate::lifecycle::{self, is_terminal, Clock, Plan};
use crate::model::{Cycle, Folder, Job, JobSpec, Progress, Project, Release, Run, User};

#[derive(Debug, Clone)]
pub struct StoredJob {
    spec: JobSpec,
    /// `spec` as JSON without its braces, rewritten with it, so long lists mostly copy bytes.
    spec_json: String,
    pub created_by: String,
    pub created: i64,
    pub modified: i64,
    /// Run ids, oldest first: the last one is the job's "latest run".
    pub runs: Vec<u64>,
}

impl StoredJob {
    pub fn spec_json(&self) -> &str {
        &self.spec_json
    }

    fn set_spec(&mut self, spec: JobSpec) {
        self.spec_json = fragment(&spec);
        self.spec = spec;
    }
}

#[derive(Debug, Clone)]
pub struct StoredRun {
    pub job_id: u64,
    pub scheduled_at: i64,
    pub cancelled_at: Option<i64>,
    pub plan: Plan,
}

/// What `get-latest-job-progress` answers: a run's progress, or the bare "never ran" form.
#[derive(Debug, Serialize)]
#[serde(untagged)]
pub enum LatestProgress {
    Run(Progress),
    #[serde(rename_all = "camelCase")]
    NeverRun {
        job_id: u64,
        status: &'static str,
    },
}

#[derive(Debug, Clone, Default)]
pub struct Store {
    pub seed: u64,
    pub speed: f64,
    pub projects: Vec<Project>,
    pub releases: Vec<Release>,
    pub cycles: Vec<Cycle>,
    /// Root folders of every release; children hang below them.
    pub folders: Vec<Folder>,
    pub users: Vec<User>,
    /// (project id, user id) memberships.
    pub members: Vec<(u64, u64)>,
    pub jobs: BTreeMap<u64, StoredJob>,
    pub runs: HashMap<u64, StoredRun>,
    pub next_job_id: u64,
    pub next_run_id: u64,
}

impl Store {
    pub fn project(&self, id: u64) -> ApiResult<&Project> {
        self.projects
            .iter()
            .find(|p| p.id == id)
            .ok_or_else(|| ApiError::bad_request(format!("project {id} does not exist")))
    }

    pub fn release(&self, id: u64) -> ApiResult<&Release> {
        self.releases
            .iter()
            .find(|r| r.id == id)
            .ok_or_else(|| ApiError::bad_request(format!("release {id} does not exist")))
    }

    pub fn user(&self, id: u64) -> Option<&User> {
        self.users.iter().find(|u| u.id == id)
    }

    pub fn job(&self, id: u64) -> ApiResult<&StoredJob> {
        self.jobs
            .get(&id)
            .ok_or_else(|| ApiError::bad_request(format!("job {id} does not exist")))
    }

    fn clock(&self, run: &StoredRun) -> Clock {
        Clock {
            scheduled_at: run.scheduled_at,
            cancelled_at: run.cancelled_at,
            speed: self.speed,
        }
    }

    fn run_status(&self, run: &StoredRun, now: i64) -> &'static str {
        lifecycle::status(&run.plan, &self.clock(run), now)
    }

    fn latest_run(&self, job: &StoredJob) -> Option<(u64, &StoredRun)> {
        let id = *job.runs.last()?;
        Some((id, &self.runs[&id]))
    }

    pub fn job_view<'a>(&'a self, id: u64, job: &'a StoredJob, now: i64) -> Job<'a> {
        let latest = self.latest_run(job);
        Job {
            id,
            spec: &job.spec,
            status: latest.map_or("new", |(_, r)| self.run_status(r, now)),
            created_by: &job.created_by,
            job_cration_date: job.created,
            job_modify_date: job.modified,
            job_schedule_date: latest.map(|(_, r)| r.scheduled_at),
        }
    }

    pub fn run_view(&self, id: u64, now: i64) -> Run {
        let run = &self.runs[&id];
        Run {
            id,
            job_id: run.job_id,
            status: self.run_status(run, now),
            job_schedule_date: run.scheduled_at,
        }
    }

    /// Jobs of one release of one project, by id.
    pub fn jobs_of(
        &self,
        project_id: u64,
        release_id: u64,
    ) -> ApiResult<impl Iterator<Item = (u64, &StoredJob)>> {
        self.check_release_of(project_id, release_id)?;
        Ok(self
            .jobs
            .iter()
            .filter(move |(_, j)| {
                j.spec.release_id == release_id && j.spec.project_id == project_id
            })
            .map(|(id, j)| (*id, j)))
    }

    pub fn check_release_of(&self, project_id: u64, release_id: u64) -> ApiResult<()> {
        self.project(project_id)?;
        let release = self.release(release_id)?;
        if release.project_id != project_id {
            return Err(ApiError::bad_request(format!(
                "release {release_id} does not belong to project {project_id}"
            )));
        }
        Ok(())
    }

    pub fn create_job(&mut self, spec: JobSpec, created_by: &str, now: i64) -> u64 {
        let id = self.next_job_id;
        self.next_job_id += 1;
        let job = StoredJob {
            spec_json: fragment(&spec),
            spec,
            created_by: created_by.to_owned(),
            created: now,
            modified: now,
            runs: Vec::new(),
        };
        self.jobs.insert(id, job);
        id
    }

    pub fn update_job(&mut self, id: u64, spec: JobSpec, now: i64) -> ApiResult<()> {
        let job = self
            .jobs
            .get_mut(&id)
            .ok_or_else(|| ApiError::bad_request(format!("job {id} does not exist")))?;
        job.set_spec(spec);
        job.modified = now;
        Ok(())
    }

    /// Deletes all the jobs or, if any id is unknown, none of them.
    pub fn delete_jobs(&mut self, ids: &[u64]) -> ApiResult<()> {
        non_empty(ids)?;
        let unknown: Vec<String> = ids
            .iter()
            .filter(|id| !self.jobs.contains_key(id))
            .map(|id| format!("job {id} does not exist"))
            .collect();
        if !unknown.is_empty() {
            return Err(ApiError::bad_request(unknown.join("; ")));
        }
        for id in ids {
            if let Some(job) = self.jobs.remove(id) {
                job.runs.iter().for_each(|r| drop(self.runs.remove(r)));
            }
        }
        Ok(())
    }

    /// Schedules one run per job id, or nothing at all when any id is refused.
    ///
    /// Refused ids: an unknown job ("job N does not exist"), a job whose latest run is still
    /// `new`, `Waiting` or `in-progress` ("job N is already running"), and an id listed twice.
    /// The 400's `errorMsg` names every refused id, joined by "; ", so a UI can show which.
    pub fn execute(&mut self, ids: &[u64], now: i64) -> ApiResult<Vec<Run>> {
        non_empty(ids)?;
        let mut seen = HashSet::new();
        let mut problems = Vec::new();
        for &id in ids {
            if !seen.insert(id) {
                problems.push(format!("job {id} is listed more than once"));
            } else if !self.jobs.contains_key(&id) {
                problems.push(format!("job {id} does not exist"));
            } else if self.is_running(id, now) {
                problems.push(format!("job {id} is already running"));
            }
        }
        if !problems.is_empty() {
            return Err(ApiError::bad_request(problems.join("; ")));
        }
        Ok(ids
            .iter()
            .map(|&id| {
                let run = self.schedule(id, now, None);
                self.run_view(run, now)
            })
            .collect())
    }

    pub fn is_running(&self, job_id: u64, now: i64) -> bool {
        let job = &self.jobs[&job_id];
        self.latest_run(job)
            .is_some_and(|(_, r)| !is_terminal(self.run_status(r, now)))
    }

    /// Adds a run to a known job. `test_cases` is the count found in an uploaded result file.
    pub fn schedule(&mut self, job_id: u64, now: i64, test_cases: Option<u32>) -> u64 {
        let id = self.next_run_id;
        self.next_run_id += 1;
        let mut plan = Plan::seeded(self.seed, id);
        if let Some(n) = test_cases.filter(|&n| n > 0) {
            let failed = u64::from(plan.test_cases - plan.passed) * u64::from(n)
                / u64::from(plan.test_cases);
            plan.test_cases = n;
            plan.passed = n - failed as u32;
        }
        let run = StoredRun {
            job_id,
            scheduled_at: now,
            cancelled_at: None,
            plan,
        };
        self.runs.insert(id, run);
        self.jobs
            .get_mut(&job_id)
            .expect("caller checked the job")
            .runs
            .push(id);
        id
    }

    pub fn cancel(&mut self, run_id: u64, now: i64) -> ApiResult<()> {
        let run = self
            .runs
            .get(&run_id)
            .ok_or_else(|| ApiError::bad_request(format!("schedule {run_id} does not exist")))?;
        let status = self.run_status(run, now);
        if is_terminal(status) {
            return Err(ApiError::bad_request(format!(
                "schedule {run_id} has already finished ({status}); only a new, Waiting or in-progress run can be cancelled"
            )));
        }
        self.runs.get_mut(&run_id).expect("just found").cancelled_at = Some(now);
        Ok(())
    }

    pub fn progress(&self, job_id: u64, now: i64) -> ApiResult<LatestProgress> {
        let job = self.job(job_id)?;
        let Some((id, run)) = self.latest_run(job) else {
            return Ok(LatestProgress::NeverRun {
                job_id,
                status: "new",
            });
        };
        let snap = lifecycle::snapshot(&run.plan, &self.clock(run), now);
        let cycle_id = (snap.status == "completed")
            .then(|| {
                self.cycles
                    .iter()
                    .find(|c| c.release_id == job.spec.release_id && c.name == job.spec.cycle_name)
                    .map(|c| c.id)
            })
            .flatten();
        Ok(LatestProgress::Run(Progress {
            id,
            job_id,
            status: snap.status,
            job_schedule_date: run.scheduled_at,
            start_time: snap.start_time,
            end_time: snap.end_time,
            completed_steps: snap.completed_steps,
            total_steps: run.plan.total_steps(),
            step_label: snap.step_label,
            step_message: snap.step_message,
            summary_message: snap.summary_message,
            cycle_id,
        }))
    }
}

/// A spec's JSON object without the braces, ready to splice between other fields.
fn fragment(spec: &JobSpec) -> String {
    let json = serde_json::to_string(spec).expect("a JobSpec always serializes");
    json[1..json.len() - 1].to_string()
}

fn non_empty(ids: &[u64]) -> ApiResult<()> {
    if ids.is_empty() {
        return Err(ApiError::bad_request("ids must list at least one job id"));
    }
    Ok(())
}
