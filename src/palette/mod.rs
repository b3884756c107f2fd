//! What the go-to palette searches: the jobs, projects and releases of the job list on screen,
//! or of the last one shown (kept when the list page goes), and the commands built from them.
//! The list page shares its signals while it lives; nothing here fetches.

pub mod rank;

use std::sync::Arc;

use leptos::prelude::*;

use crate::job_query::{IndexedJob, JobQuery};
use crate::routes::Link;
use crate::saved_views::{parse_query, SavedViews};
use rank::Index;

/// What the job list page shares while it is on screen.
#[derive(Clone, Copy)]
pub struct ListShare {
    pub jobs: Signal<Option<Arc<Vec<IndexedJob>>>>,
    /// The query as shown, scope filled in.
    pub query: Signal<JobQuery>,
    pub projects: Signal<Vec<(i64, String)>>,
    /// The releases of the query's project.
    pub releases: Signal<Vec<(i64, String)>>,
}

/// The list's data as it was when read.
#[derive(Clone, Debug, Default)]
pub struct ListSnapshot {
    pub jobs: Option<Arc<Vec<IndexedJob>>>,
    pub query: JobQuery,
    pub projects: Vec<(i64, String)>,
    pub releases: Vec<(i64, String)>,
}

impl ListShare {
    fn read(&self) -> Option<ListSnapshot> {
        Some(ListSnapshot {
            jobs: self.jobs.try_get_untracked()?,
            query: self.query.try_get_untracked()?,
            projects: self.projects.try_get_untracked()?,
            releases: self.releases.try_get_untracked()?,
        })
    }
}

/// A list of jobs and its search index.
type IndexOf = (Arc<Vec<IndexedJob>>, Arc<Index>);

#[derive(Clone, Copy)]
pub struct PaletteData {
    live: RwSignal<Option<ListShare>>,
    last: StoredValue<Option<ListSnapshot>>,
    /// The search index of the last jobs searched, built once per load of the list.
    index: StoredValue<Option<IndexOf>>,
}

pub fn provide_palette_data() {
    provide_context(PaletteData {
        live: RwSignal::new(None),
        last: StoredValue::new(None),
        index: StoredValue::new(None),
    });
}

pub fn use_palette_data() -> PaletteData {
    expect_context::<PaletteData>()
}

/// Called by the job list page: the palette searches its jobs while it lives, and what it
/// last showed once it is gone.
pub fn share_list(share: ListShare) {
    let Some(data) = use_context::<PaletteData>() else {
        return;
    };
    data.live.set(Some(share));
    // Runs before the page's own signals are disposed, so they can still be read.
    on_cleanup(move || {
        if let Some(snapshot) = share.read() {
            data.last.try_set_value(Some(snapshot));
        }
        data.live.try_set(None);
    });
}

impl PaletteData {
    /// The list data now: the live page's, else the last page's, else nothing.
    pub fn snapshot(&self) -> ListSnapshot {
        self.live
            .get_untracked()
            .and_then(|share| share.read())
            .or_else(|| self.last.get_value())
            .unwrap_or_default()
    }

    /// The search index of `jobs`, built on first use.
    pub fn index_for(&self, jobs: &Arc<Vec<IndexedJob>>) -> Arc<Index> {
        if let Some((of, index)) = self.index.get_value() {
            if Arc::ptr_eq(&of, jobs) {
                return index;
            }
        }
        let index = Arc::new(Index::new(jobs.iter().map(|j| {
            [
                j.job.display_name(),
                j.job.id.to_string(),
                j.job.framework.clone(),
                j.job.created_by.clone().unwrap_or_default(),
            ]
        })));
        self.index.set_value(Some((jobs.clone(), index.clone())));
        index
    }
}

/// What choosing a palette entry does.
#[derive(Clone, Debug, PartialEq)]
pub enum Target {
    Go(Link),
    Shortcuts,
    SignOut,
}

/// The palette's commands, in the order shown before anything is typed.
pub fn commands(list: &ListSnapshot, views: &SavedViews) -> Vec<(String, Target)> {
    let q = &list.query;
    let mut out = vec![
        (
            "New job".to_string(),
            Target::Go(Link::NewJob {
                project: q.project,
                release: q.release,
            }),
        ),
        (
            "Jobs".to_string(),
            Target::Go(Link::Jobs(JobQuery::default())),
        ),
        ("Activity".to_string(), Target::Go(Link::Activity)),
    ];
    for view in &views.views {
        out.push((
            format!("View: {}", view.name),
            Target::Go(Link::Jobs(parse_query(&view.query))),
        ));
    }
    if let Some(project) = q.project {
        for (id, name) in list
            .releases
            .iter()
            .filter(|(id, _)| Some(*id) != q.release)
        {
            out.push((
                format!("Switch release: {name}"),
                Target::Go(Link::jobs_in(project, *id)),
            ));
        }
    }
    for (id, name) in list
        .projects
        .iter()
        .filter(|(id, _)| Some(*id) != q.project)
    {
        out.push((
            format!("Switch project: {name}"),
            Target::Go(Link::Jobs(JobQuery {
                project: Some(*id),
                ..JobQuery::default()
            })),
        ));
    }
    out.push(("Keyboard shortcuts".to_string(), Target::Shortcuts));
    out.push(("Sign out".to_string(), Target::SignOut));
    out
}
