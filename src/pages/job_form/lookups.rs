//! The server look-ups behind the job form's pickers. Each follows the project or release the
//! draft has chosen, so changing the project reloads releases and users, and so on; a failed one
//! tries again by itself (and the picker offers Retry).

use std::future::Future;

use leptos::prelude::*;

use super::draft::JobDraft;
use super::pickers::Choices;
use crate::api::{use_api, ApiClient, ApiError, Cycle, Folder, Project, Release, User};
use crate::retry::retrying_resource;

/// A look-up's answer: a list, or why there is none.
pub type Listed<T> = LocalResource<Result<Vec<T>, ApiError>>;

#[derive(Clone, Copy)]
pub struct Lookups {
    pub projects: Listed<Project>,
    pub releases: Listed<Release>,
    pub users: Listed<User>,
    pub cycles: Listed<Cycle>,
    /// Every folder of the release's tree: `(id, " > " path, depth)`.
    pub folders: Listed<(i64, String, usize)>,
}

/// A list that depends on one chosen id; nothing chosen yet is an empty list, not a request.
fn follow<T, Fut>(
    api: &ApiClient,
    chosen: RwSignal<Option<i64>>,
    fetch: fn(ApiClient, i64) -> Fut,
) -> Listed<T>
where
    T: 'static,
    Fut: Future<Output = Result<Vec<T>, ApiError>> + 'static,
{
    let api = api.clone();
    retrying_resource(move || {
        let api = api.clone();
        let id = chosen.get();
        async move {
            match id {
                Some(id) => fetch(api, id).await,
                None => Ok(Vec::new()),
            }
        }
    })
    .0
}

impl Lookups {
    pub fn new(draft: JobDraft) -> Self {
        let api = use_api();
        let (projects, _) = retrying_resource({
            let api = api.clone();
            move || {
                let api = api.clone();
                async move { api.projects().await }
            }
        });
        Self {
            projects,
            releases: follow(&api, draft.project, |api, id| async move {
                api.releases(id).await
            }),
            users: follow(&api, draft.project, |api, id| async move {
                api.project_users(id).await
            }),
            cycles: follow(&api, draft.release, |api, id| async move {
                api.cycles(id).await
            }),
            folders: follow(&api, draft.release, |api, id| async move {
                api.folders(id).await.map(|tree| Folder::flatten(&tree))
            }),
        }
    }
}

/// Turns a look-up into picker choices.
pub fn choices<T: Clone + Send + Sync + 'static>(
    resource: Listed<T>,
    to_choice: fn(T) -> (String, String),
) -> Signal<Choices> {
    Signal::derive(move || {
        resource
            .get()
            .map(|result| result.map(|list| list.into_iter().map(to_choice).collect()))
    })
}
