//! One function per Zephyr operation (contract sections 2 and 3). Paths and query spellings
//! live here and nowhere else.

use gloo_net::http::Method;

use super::answers::{
    read_cancelled, read_deleted, read_job_run, read_runs, read_saved, JobRun, Saved, Written,
};
use super::client::{ApiClient, Auth, Body};
use serde::de::DeserializeOwned;

use super::decode::ListOf;
use super::error::{ApiError, Undecodable};
use super::list_stream::Element;
use super::models::*;

const AUTOMATION: &str = "v4/upload-file/automation";

impl ApiClient {
    /// Checks a token the user typed, without storing it: `user/current` answers who it is.
    pub async fn check_token(&self, token: &str) -> Result<User, ApiError> {
        self.send(
            Method::GET,
            "v3/user/current",
            Body::Empty,
            Auth::Candidate(token),
        )
        .await
    }

    pub async fn current_user(&self) -> Result<User, ApiError> {
        self.get("v3/user/current").await
    }

    pub async fn projects(&self) -> Result<Vec<Project>, ApiError> {
        self.get::<ListOf<Project>>("v3/project/lite")
            .await
            .map(ListOf::into_vec)
    }

    /// Releases of a project, without the project-level pseudo-release.
    pub async fn releases(&self, project_id: i64) -> Result<Vec<Release>, ApiError> {
        let all = self
            .get::<ListOf<Release>>(&format!("v3/release/project/{project_id}"))
            .await?
            .into_vec();
        Ok(all.into_iter().filter(|r| !r.project_release).collect())
    }

    pub async fn cycles(&self, release_id: i64) -> Result<Vec<Cycle>, ApiError> {
        self.get::<ListOf<Cycle>>(&format!("v3/cycle/release/{release_id}"))
            .await
            .map(ListOf::into_vec)
    }

    pub async fn folders(&self, release_id: i64) -> Result<Vec<Folder>, ApiError> {
        self.get::<ListOf<Folder>>(&format!("v3/testcasetree/phases/{release_id}"))
            .await
            .map(ListOf::into_vec)
    }

    /// Users of a project; "Anyone" (id -10) is not among them.
    pub async fn project_users(&self, project_id: i64) -> Result<Vec<User>, ApiError> {
        self.get::<ListOf<User>>(&format!("v3/user/project/{project_id}"))
            .await
            .map(ListOf::into_vec)
    }

    /// A release's jobs, each read as `J`: a [`Job`], or what a page keeps of one (the list's
    /// indexed job is made as each job is read, so 10,000 jobs are never held twice).
    pub async fn jobs<J: DeserializeOwned + Element + 'static>(
        &self,
        project_id: i64,
        release_id: i64,
    ) -> Result<Vec<J>, ApiError> {
        self.get_list(&format!(
            "{AUTOMATION}/file-upload-job/list?projectId={project_id}&releaseId={release_id}"
        ))
        .await
    }

    pub async fn job(&self, job_id: i64) -> Result<Job, ApiError> {
        self.get(&format!("v3/automation/job/detail?jobid={job_id}"))
            .await
    }

    /// Creates a job. An answer with only the new id is completed by re-reading the job.
    pub async fn create_job(&self, input: &JobInput) -> Result<Written<Job>, ApiError> {
        let answer = self
            .post(&format!("{AUTOMATION}/create-job-detail"), input)
            .await?;
        self.saved_job(read_saved(answer), None).await
    }

    /// Updates a job. The server may answer the job or just `true`; then it is re-read.
    pub async fn update_job(&self, id: i64, input: &JobInput) -> Result<Written<Job>, ApiError> {
        let answer = self
            .post(
                &format!("{AUTOMATION}/update-execute-job"),
                &JobUpdate { id, input },
            )
            .await?;
        self.saved_job(read_saved(answer), Some(id)).await
    }

    /// The job a create or update answered about, re-read when the answer named only its id.
    /// A failed re-read leaves it unconfirmed: the write itself went through.
    async fn saved_job(
        &self,
        saved: Written<Saved>,
        known_id: Option<i64>,
    ) -> Result<Written<Job>, ApiError> {
        let id = match saved {
            Written::Confirmed(Saved::Job(job)) => return Ok(Written::Confirmed(*job)),
            Written::Confirmed(Saved::Id(id)) => id.or(known_id),
            Written::Unconfirmed(why) => return Ok(Written::Unconfirmed(why)),
        };
        let Some(id) = id else {
            return Ok(Written::Unconfirmed(Undecodable::Malformed(
                "no job id in the answer".into(),
            )));
        };
        Ok(match self.job(id).await {
            Ok(job) => Written::Confirmed(job),
            Err(ApiError::Aborted) => return Err(ApiError::Aborted),
            Err(e) => {
                Written::Unconfirmed(Undecodable::Malformed(format!("re-reading job {id}: {e}")))
            }
        })
    }

    /// Deletes jobs: `true`, an empty answer or the ids mean they are gone; `false` is a refusal.
    pub async fn delete_jobs(&self, ids: &[i64]) -> Result<Written<()>, ApiError> {
        read_deleted(
            self.post("v3/automation/job/delete", &IdList { ids })
                .await?,
        )
    }

    /// Schedules one run per job id, in one request.
    pub async fn execute_jobs(&self, ids: &[i64]) -> Result<Written<Vec<Run>>, ApiError> {
        let answer = self
            .post(&format!("{AUTOMATION}/execute-job"), &IdList { ids })
            .await?;
        Ok(read_runs(answer))
    }

    /// Creates a job and runs it on a result file, as one multipart request. When the answer is
    /// only the run, the job is re-read by the run's `jobId`.
    pub async fn create_and_execute(
        &self,
        input: &JobInput,
        result_file: &web_sys::File,
    ) -> Result<Written<JobRun>, ApiError> {
        let form = web_sys::FormData::new().map_err(|_| ApiError::Network)?;
        let detail = serde_json::to_string(input).expect("job input is plain data");
        form.append_with_blob_and_filename("fileName", result_file, &result_file.name())
            .and_then(|_| form.append_with_str("automationJobDetail", &detail))
            .map_err(|_| ApiError::Network)?;
        let answer = self
            .write(
                &format!("{AUTOMATION}/create-and-execute-job"),
                Body::Multipart(form),
            )
            .await?;
        let mut created = match read_job_run(answer) {
            Written::Confirmed(created) => created,
            unconfirmed => return Ok(unconfirmed),
        };
        if let (None, Some(job_id)) = (&created.job, created.run.job_id) {
            // The run started; without its job only the name is missing, so a failed re-read
            // still counts as confirmed.
            created.job = self.job(job_id).await.ok();
        }
        Ok(Written::Confirmed(created))
    }

    pub async fn latest_progress(&self, job_id: i64) -> Result<Progress, ApiError> {
        self.get(&format!(
            "{AUTOMATION}/schedule/get-latest-job-progress?jobid={job_id}"
        ))
        .await
    }

    /// Cancels a run: the id is the **run** id, not the job id.
    pub async fn cancel_run(&self, run_id: i64) -> Result<Written<()>, ApiError> {
        read_cancelled(
            self.write(&format!("{AUTOMATION}/cancel/{run_id}"), Body::Empty)
                .await?,
        )
    }
}
