//! What a write's 2xx answer says, read by what it contains rather than by one shape (contract
//! section 5): the contract chose one answer per write, but a real Zephyr may send a bare run,
//! runs bare or wrapped, `{job, run}`, `true`, an empty body or the ids. A 2xx answer that still
//! cannot be read means the write happened: it is `Unconfirmed`, never a failure to retry.
//!
//! Pure (no browser types), so native tests feed it every shape. The answers are small, so they
//! are read into a `serde_json::Value` first and looked at; the hot paths (lists) never come here.

use serde_json::{Map, Value};

use super::error::{error_for, looks_like_html, RawResponse, Undecodable};
use super::models::{ErrorBody, Job, Run};
use super::ApiError;

/// A write that the server accepted (2xx): what it answered, or that its answer could not be
/// read (then the write most likely happened, and the caller re-reads to find out).
#[derive(Clone, Debug, PartialEq)]
pub enum Written<T> {
    Confirmed(T),
    Unconfirmed(Undecodable),
}

impl<T> Written<T> {
    pub fn map<U>(self, f: impl FnOnce(T) -> U) -> Written<U> {
        match self {
            Written::Confirmed(value) => Written::Confirmed(f(value)),
            Written::Unconfirmed(why) => Written::Unconfirmed(why),
        }
    }

    pub fn confirmed(self) -> Option<T> {
        match self {
            Written::Confirmed(value) => Some(value),
            Written::Unconfirmed(_) => None,
        }
    }
}

/// A write's 2xx body before it is read by shape.
#[derive(Clone, Debug, PartialEq)]
pub enum Answer {
    Empty,
    Json(Value),
    Unreadable(Undecodable),
}

/// Decides what a write's response means. Non-2xx statuses are errors as for any request; a 2xx
/// is an [`Answer`], except where it is clearly not Zephyr's word on the write: a web page (a
/// proxy or sign-on page answered, so the write never reached Zephyr), a bare string (an old
/// server's refused login) or an error body.
pub fn interpret_write(raw: &RawResponse<'_>) -> Result<Answer, ApiError> {
    if !(200..300).contains(&raw.status) {
        return Err(error_for(raw));
    }
    let body = raw.body.trim();
    if body.is_empty() {
        return Ok(Answer::Empty);
    }
    if looks_like_html(raw) {
        return Err(ApiError::Undecodable(Undecodable::Html));
    }
    match serde_json::from_str::<Value>(body) {
        Ok(Value::String(text)) => Err(ApiError::Undecodable(Undecodable::BareString(
            super::error::clip(&text, 200),
        ))),
        Ok(value) => match error_message(&value) {
            Some(message) => Err(ApiError::BadRequest {
                message,
                code: None,
            }),
            None => Ok(Answer::Json(value)),
        },
        Err(err) => Ok(Answer::Unreadable(Undecodable::Malformed(
            super::error::clip(&err.to_string(), 120),
        ))),
    }
}

/// An error body sent with a 2xx status: `{errorMsg}` and nothing a write answer would carry.
fn error_message(value: &Value) -> Option<String> {
    let object = value.as_object()?;
    if ["id", "job", "run", "results", "ids"]
        .iter()
        .any(|k| object.contains_key(*k))
    {
        return None;
    }
    serde_json::from_value::<ErrorBody>(value.clone())
        .ok()
        .and_then(|b| b.error_msg)
}

fn unreadable(what: &str) -> Undecodable {
    Undecodable::Malformed(format!("no {what} in the answer"))
}

/// A run object: anything with a run `id` (`jobId` and the rest may be missing).
fn run_of(value: &Value) -> Option<Run> {
    value.get("id")?;
    serde_json::from_value(value.clone()).ok()
}

/// A list inside a wrapper: `results` first, else the one field holding an array.
fn wrapped_list(object: &Map<String, Value>) -> Option<&Vec<Value>> {
    if let Some(Value::Array(items)) = object.get("results") {
        return Some(items);
    }
    let mut arrays = object.values().filter_map(Value::as_array);
    match (arrays.next(), arrays.next()) {
        (Some(items), None) => Some(items),
        _ => None,
    }
}

/// Every run an answer names: a run object, `{job, run}`, or a list of either, bare or wrapped.
fn runs_in(value: &Value) -> Vec<Run> {
    match value {
        Value::Array(items) => items.iter().flat_map(runs_in).collect(),
        Value::Object(object) => {
            if let Some(run) = object.get("run") {
                let job_id = object.get("job").and_then(job_of).map(|j| j.id);
                return run_of(run)
                    .map(|mut run| {
                        run.job_id = run.job_id.or(job_id);
                        run
                    })
                    .into_iter()
                    .collect();
            }
            if object.contains_key("id") {
                return run_of(value).into_iter().collect();
            }
            wrapped_list(object)
                .map(|items| items.iter().flat_map(runs_in).collect())
                .unwrap_or_default()
        }
        _ => Vec::new(),
    }
}

/// execute-job: the runs it scheduled, in any shape the contract allows.
pub fn read_runs(answer: Answer) -> Written<Vec<Run>> {
    match answer {
        Answer::Json(value) => {
            let runs = runs_in(&value);
            if runs.is_empty() {
                Written::Unconfirmed(unreadable("run"))
            } else {
                Written::Confirmed(runs)
            }
        }
        Answer::Empty => Written::Unconfirmed(Undecodable::Empty),
        Answer::Unreadable(why) => Written::Unconfirmed(why),
    }
}

/// A whole job: an object with an `id` and the job's name (a bare `{id}` is only a pointer).
fn job_of(value: &Value) -> Option<Job> {
    let object = value.as_object()?;
    if !object.contains_key("id") || !object.contains_key("jobName") {
        return None;
    }
    serde_json::from_value(value.clone()).ok()
}

/// create-and-execute's answer: the run, and the job when the answer carries it whole.
#[derive(Clone, Debug, PartialEq)]
pub struct JobRun {
    pub job: Option<Job>,
    pub run: Run,
}

impl JobRun {
    /// The job's id: the job's own, else the run's `jobId`.
    pub fn job_id(&self) -> Option<i64> {
        self.job.as_ref().map(|j| j.id).or(self.run.job_id)
    }
}

/// create-and-execute: `{job, run}`, a bare run (the job is then found by re-reading), or a list.
pub fn read_job_run(answer: Answer) -> Written<JobRun> {
    let value = match answer {
        Answer::Json(value) => value,
        Answer::Empty => return Written::Unconfirmed(Undecodable::Empty),
        Answer::Unreadable(why) => return Written::Unconfirmed(why),
    };
    let job = value.get("job").and_then(job_of);
    match runs_in(&value).into_iter().next() {
        Some(run) => Written::Confirmed(JobRun { job, run }),
        None => Written::Unconfirmed(unreadable("run")),
    }
}

/// What create-job or update answered about the job.
#[derive(Clone, Debug, PartialEq)]
pub enum Saved {
    /// The job as it now is (boxed: it dwarfs the id).
    Job(Box<Job>),
    /// Only its id (or, on an update, `true`): the job is re-read.
    Id(Option<i64>),
}

/// create-job and update: the job, `{job: …}`, anything with an `id`, or `true`.
pub fn read_saved(answer: Answer) -> Written<Saved> {
    let value = match answer {
        Answer::Json(value) => value,
        Answer::Empty => return Written::Unconfirmed(Undecodable::Empty),
        Answer::Unreadable(why) => return Written::Unconfirmed(why),
    };
    let inner = value.get("job").unwrap_or(&value);
    if let Some(job) = job_of(inner) {
        return Written::Confirmed(Saved::Job(Box::new(job)));
    }
    if value == Value::Bool(true) {
        return Written::Confirmed(Saved::Id(None));
    }
    let id = inner
        .get("id")
        .cloned()
        .and_then(|id| serde_json::from_value::<IdOnly>(serde_json::json!({ "id": id })).ok());
    match id {
        Some(IdOnly { id }) => Written::Confirmed(Saved::Id(Some(id))),
        None => Written::Unconfirmed(unreadable("job")),
    }
}

#[derive(serde::Deserialize)]
struct IdOnly {
    #[serde(deserialize_with = "super::decode::id")]
    id: i64,
}

/// delete: `true`, an empty body, or the ids (bare or as `{ids}`) mean deleted; `false` is a
/// refusal; anything else is unconfirmed.
pub fn read_deleted(answer: Answer) -> Result<Written<()>, ApiError> {
    match answer {
        Answer::Empty => Ok(Written::Confirmed(())),
        Answer::Unreadable(why) => Ok(Written::Unconfirmed(why)),
        Answer::Json(Value::Bool(true)) => Ok(Written::Confirmed(())),
        Answer::Json(Value::Bool(false)) => Err(ApiError::BadRequest {
            message: "The server answered that it did not delete the job.".into(),
            code: None,
        }),
        Answer::Json(Value::Array(_)) => Ok(Written::Confirmed(())),
        Answer::Json(Value::Object(o)) if o.get("ids").is_some_and(Value::is_array) => {
            Ok(Written::Confirmed(()))
        }
        Answer::Json(_) => Ok(Written::Unconfirmed(unreadable("answer to the delete"))),
    }
}

/// cancel: `true`, or any other readable answer (the run's state is what polling sees next).
pub fn read_cancelled(answer: Answer) -> Result<Written<()>, ApiError> {
    match answer {
        Answer::Json(Value::Bool(false)) => Err(ApiError::BadRequest {
            message: "The server answered that it did not cancel the run.".into(),
            code: None,
        }),
        Answer::Json(_) | Answer::Empty => Ok(Written::Confirmed(())),
        Answer::Unreadable(why) => Ok(Written::Unconfirmed(why)),
    }
}
