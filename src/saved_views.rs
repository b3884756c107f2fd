//! Saved views of the job list: named list queries (scope, search, filters, sort) and the one to
//! open when the list is opened without a query. Kept in localStorage under a key per server and
//! user, so they survive sign-out and browser restarts, and hold only names and query strings:
//! never the token, never job data. The format and its rules are pure and natively tested.

use gloo_storage::{LocalStorage, Storage};
use leptos::prelude::*;
use serde::{Deserialize, Serialize};

use crate::job_query::JobQuery;
use crate::session::{use_session, Session};

#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
pub struct SavedView {
    pub name: String,
    /// The list URL's query string without `?`, e.g. `project=1&release=10&q=nightly`.
    pub query: String,
}

#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
pub struct SavedViews {
    #[serde(default)]
    pub views: Vec<SavedView>,
    /// The name of the view `/jobs` opens.
    #[serde(default)]
    pub default: Option<String>,
}

/// The localStorage key of one user's views on one server.
pub fn storage_key(server: &str, user_id: i64) -> String {
    format!("zephyr-jobs.views.v1|{server}|{user_id}")
}

/// What a view keeps of a query: everything but the page.
pub fn query_string(query: &JobQuery) -> String {
    let url = JobQuery {
        page: 0,
        ..query.clone()
    }
    .to_url();
    url.split_once('?')
        .map(|(_, q)| q.to_string())
        .unwrap_or_default()
}

/// Reads a stored query string back. Whatever storage holds, the result is a list query and
/// nothing else: it becomes a link only through `JobQuery`.
pub fn parse_query(text: &str) -> JobQuery {
    let pairs: Vec<(String, String)> = text
        .trim_start_matches('?')
        .split('&')
        .filter_map(|kv| kv.split_once('='))
        .map(|(k, v)| (decode(k), decode(v)))
        .collect();
    JobQuery {
        page: 0,
        ..JobQuery::from_params(|k| {
            pairs
                .iter()
                .find(|(key, _)| key == k)
                .map(|(_, v)| v.clone())
        })
    }
}

fn decode(text: &str) -> String {
    let bytes = text.as_bytes();
    let mut out = Vec::with_capacity(bytes.len());
    let mut i = 0;
    while i < bytes.len() {
        let hex = bytes
            .get(i + 1..i + 3)
            .and_then(|h| std::str::from_utf8(h).ok())
            .and_then(|h| u8::from_str_radix(h, 16).ok());
        match (bytes[i], hex) {
            (b'%', Some(byte)) => {
                out.push(byte);
                i += 3;
            }
            (b'+', _) => {
                out.push(b' ');
                i += 1;
            }
            (b, _) => {
                out.push(b);
                i += 1;
            }
        }
    }
    String::from_utf8_lossy(&out).into_owned()
}

impl SavedViews {
    pub fn find(&self, name: &str) -> Option<&SavedView> {
        self.views.iter().find(|v| v.name == name)
    }

    /// Saves `query` as `name`, replacing a view of that name.
    pub fn save(&mut self, name: &str, query: &JobQuery) {
        let name = name.trim().to_string();
        let view = SavedView {
            name: name.clone(),
            query: query_string(query),
        };
        match self.views.iter_mut().find(|v| v.name == name) {
            Some(existing) => *existing = view,
            None => self.views.push(view),
        }
    }

    /// Renames a view (and the default with it); refuses a name another view has.
    pub fn rename(&mut self, from: &str, to: &str) -> Result<(), String> {
        let to = to.trim();
        if to.is_empty() {
            return Err("A view needs a name.".into());
        }
        if to != from && self.find(to).is_some() {
            return Err(format!(
                "A view called \u{201c}{to}\u{201d} exists already."
            ));
        }
        if let Some(view) = self.views.iter_mut().find(|v| v.name == from) {
            view.name = to.to_string();
        }
        if self.default.as_deref() == Some(from) {
            self.default = Some(to.to_string());
        }
        Ok(())
    }

    pub fn delete(&mut self, name: &str) {
        self.views.retain(|v| v.name != name);
        if self.default.as_deref() == Some(name) {
            self.default = None;
        }
    }

    /// Makes `name` the default view, or none.
    pub fn set_default(&mut self, name: Option<&str>) {
        self.default = name.filter(|n| self.find(n).is_some()).map(str::to_string);
    }

    /// The query the default view opens, if there is one that names anything.
    pub fn default_query(&self) -> Option<JobQuery> {
        let view = self.find(self.default.as_deref()?)?;
        let query = parse_query(&view.query);
        (query != JobQuery::default()).then_some(query)
    }
}

/// The signed-in user's views, read from and written to localStorage.
#[derive(Clone, Copy)]
pub struct ViewStore {
    /// Bumped on every write, so readers read again.
    version: RwSignal<u32>,
    session: Session,
}

pub fn provide_views() {
    provide_context(ViewStore {
        version: RwSignal::new(0),
        session: use_session(),
    });
}

pub fn use_views() -> ViewStore {
    expect_context::<ViewStore>()
}

/// The server this app talks to: the page's origin and the API base (several Zephyr servers
/// may be reached through one origin under different bases).
fn server() -> String {
    let origin = window().location().origin().unwrap_or_default();
    format!("{origin}{}", crate::api::DEFAULT_API_BASE)
}

impl ViewStore {
    fn key(&self) -> Option<String> {
        let user = self.session.user()?;
        Some(storage_key(&server(), user.id))
    }

    /// The views (tracked: re-read after a write or when the user changes).
    pub fn get(&self) -> SavedViews {
        self.version.track();
        self.key()
            .and_then(|key| LocalStorage::get::<SavedViews>(&key).ok())
            .unwrap_or_default()
    }

    /// The views, read without subscribing.
    pub fn untracked(&self) -> SavedViews {
        untrack(|| self.get())
    }

    /// Changes the views and stores them at once.
    pub fn update(&self, change: impl FnOnce(&mut SavedViews)) {
        let Some(key) = self.key() else {
            return;
        };
        let mut views = LocalStorage::get::<SavedViews>(&key).unwrap_or_default();
        change(&mut views);
        // Storage can be full or off: the views then last until the page is left.
        let _ = LocalStorage::set(&key, &views);
        self.version.update(|v| *v += 1);
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::job_query::SortKey;

    fn morning() -> JobQuery {
        JobQuery {
            project: Some(1),
            release: Some(10),
            search: "nightly & api".into(),
            status: "failed".into(),
            sort: SortKey::LastRun,
            descending: true,
            page: 3,
            ..JobQuery::default()
        }
    }

    #[test]
    fn a_view_keeps_the_query_but_not_the_page_and_reads_back_the_same() {
        let text = query_string(&morning());
        assert_eq!(
            text,
            "project=1&release=10&q=nightly%20%26%20api&status=failed&sort=last-run&dir=desc"
        );
        assert_eq!(
            parse_query(&text),
            JobQuery {
                page: 0,
                ..morning()
            }
        );
        assert_eq!(parse_query("q=a+b&bogus=%zz").search, "a b");
    }

    #[test]
    fn the_stored_format_holds_names_and_query_strings_only() {
        let mut views = SavedViews::default();
        views.save("Morning triage", &morning());
        views.set_default(Some("Morning triage"));
        let json = serde_json::to_string(&views).unwrap();
        assert_eq!(
            json,
            r#"{"views":[{"name":"Morning triage","query":"project=1&release=10&q=nightly%20%26%20api&status=failed&sort=last-run&dir=desc"}],"default":"Morning triage"}"#
        );
        let back: SavedViews = serde_json::from_str(&json).unwrap();
        assert_eq!(back, views);
        // An older or hand-edited entry still reads.
        let bare: SavedViews = serde_json::from_str("{}").unwrap();
        assert_eq!(bare, SavedViews::default());
        assert_eq!(
            storage_key("http://zephyr.example/flex/services/rest", 7),
            "zephyr-jobs.views.v1|http://zephyr.example/flex/services/rest|7"
        );
    }

    #[test]
    fn views_are_saved_renamed_deleted_and_one_is_the_default() {
        let mut views = SavedViews::default();
        views.save("A", &morning());
        views.save("B", &JobQuery::default());
        views.save(" A ", &JobQuery::default());
        assert_eq!(views.views.len(), 2, "same name replaces");
        assert_eq!(views.default_query(), None);
        views.save("A", &morning());
        views.set_default(Some("A"));
        assert_eq!(views.default_query().unwrap().search, "nightly & api");
        assert!(views.rename("A", "B").is_err());
        assert!(views.rename("A", "  ").is_err());
        views.rename("A", "Triage").unwrap();
        assert_eq!(views.default.as_deref(), Some("Triage"));
        views.set_default(Some("nope"));
        assert_eq!(views.default, None);
        views.set_default(Some("Triage"));
        views.delete("Triage");
        assert_eq!(views.default, None);
        assert_eq!(views.views.len(), 1);
        // A default that names nothing opens nothing (it would loop back to /jobs).
        views.set_default(Some("B"));
        assert_eq!(views.default_query(), None);
    }
}
