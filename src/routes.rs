//! Every in-app URL, built in one place. A [`Link`] gives the router path (for `navigate` and
//! `<Redirect>`, which add the public path themselves) and the `href` (for `<A>` and `<a>`, which do
//! not: see `public_path`). Pages never format a path by hand, so a route that moves, or an app
//! hosted under `/automation/`, changes here only.

use crate::api::Job;
use crate::job_query::{encode, JobQuery};
use crate::public_path::href;

/// A place in the app.
#[derive(Clone, Debug, PartialEq)]
pub enum Link {
    /// The job list for a query (scope, search, filters, sort, page).
    Jobs(JobQuery),
    Job(i64),
    EditJob(i64),
    /// The create form, in a project and release when known.
    NewJob {
        project: Option<i64>,
        release: Option<i64>,
    },
    /// The create form prefilled from a job ("Duplicate").
    DuplicateJob(i64),
    /// Create and execute with a result file, in a scope when known.
    CreateAndExecute {
        project: Option<i64>,
        release: Option<i64>,
    },
    /// The timeline of a job's latest run.
    Run(i64),
    Activity,
    SignIn,
    /// Sign-in, then back to `next` (a browser path, public path included).
    SignInThen(String),
}

impl Link {
    /// The job list of a project and release.
    pub fn jobs_in(project: i64, release: i64) -> Self {
        Link::Jobs(JobQuery {
            project: Some(project),
            release: Some(release),
            ..JobQuery::default()
        })
    }

    /// The job list with no scope chosen: the last scope of this tab, or the first one.
    pub fn all_jobs() -> Self {
        Link::Jobs(JobQuery::default())
    }

    /// The list a job belongs to.
    pub fn list_of(job: &Job) -> Self {
        Link::jobs_in(job.input.project_id, job.input.release_id)
    }

    /// The router path: for `navigate`, `<Redirect>` and comparisons with the location.
    pub fn path(&self) -> String {
        match self {
            Link::Jobs(query) => query.to_url(),
            Link::Job(id) => format!("/jobs/{id}"),
            Link::EditJob(id) => format!("/jobs/{id}/edit"),
            Link::NewJob { project, release } => scoped("/jobs/new", *project, *release),
            Link::DuplicateJob(id) => format!("/jobs/new?from={id}"),
            Link::CreateAndExecute { project, release } => {
                scoped("/jobs/new/execute", *project, *release)
            }
            Link::Run(job_id) => format!("/jobs/{job_id}/run"),
            Link::Activity => "/activity".to_string(),
            Link::SignIn => "/sign-in".to_string(),
            Link::SignInThen(next) => format!("/sign-in?next={}", encode(next)),
        }
    }

    /// The link target in the page, under the public path.
    pub fn href(&self) -> String {
        href(&self.path())
    }
}

fn scoped(base: &str, project: Option<i64>, release: Option<i64>) -> String {
    match (project, release) {
        (Some(p), Some(r)) => format!("{base}?project={p}&release={r}"),
        (Some(p), None) => format!("{base}?project={p}"),
        _ => base.to_string(),
    }
}

#[cfg(test)]
mod tests {
    use super::Link;

    #[test]
    fn every_place_has_one_router_path() {
        assert_eq!(Link::jobs_in(1, 2).path(), "/jobs?project=1&release=2");
        assert_eq!(Link::Job(7).path(), "/jobs/7");
        assert_eq!(Link::EditJob(7).path(), "/jobs/7/edit");
        assert_eq!(Link::Run(7).path(), "/jobs/7/run");
        assert_eq!(Link::DuplicateJob(7).path(), "/jobs/new?from=7");
        assert_eq!(
            Link::NewJob {
                project: Some(1),
                release: Some(2)
            }
            .path(),
            "/jobs/new?project=1&release=2"
        );
        assert_eq!(
            Link::NewJob {
                project: None,
                release: None
            }
            .path(),
            "/jobs/new"
        );
        assert_eq!(
            Link::CreateAndExecute {
                project: Some(1),
                release: None
            }
            .path(),
            "/jobs/new/execute?project=1"
        );
        assert_eq!(Link::Activity.path(), "/activity");
        assert_eq!(Link::all_jobs().path(), "/jobs");
        assert_eq!(
            Link::SignInThen("/automation/jobs?q=a b".into()).path(),
            "/sign-in?next=%2Fautomation%2Fjobs%3Fq%3Da%20b"
        );
    }
}
