//! What the job list shows, as it lives in the URL: scope (project, release), search, filters,
//! sort and page. Pure, so the rules are tested natively and the page only renders.

mod index;
pub use index::{filter, select, sort_order, IndexedJob, Matches, Order};

pub const PAGE_SIZE: usize = 50;

#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub enum SortKey {
    #[default]
    Name,
    Framework,
    Cycle,
    Status,
    LastRun,
    CreatedBy,
}

impl SortKey {
    pub const ALL: [SortKey; 6] = [
        SortKey::Name,
        SortKey::Framework,
        SortKey::Cycle,
        SortKey::Status,
        SortKey::LastRun,
        SortKey::CreatedBy,
    ];

    pub fn key(self) -> &'static str {
        match self {
            SortKey::Name => "name",
            SortKey::Framework => "framework",
            SortKey::Cycle => "cycle",
            SortKey::Status => "status",
            SortKey::LastRun => "last-run",
            SortKey::CreatedBy => "created-by",
        }
    }

    pub fn label(self) -> &'static str {
        match self {
            SortKey::Name => "Name",
            SortKey::Framework => "Framework",
            SortKey::Cycle => "Cycle",
            SortKey::Status => "Last status",
            SortKey::LastRun => "Last run",
            SortKey::CreatedBy => "Created by",
        }
    }

    fn parse(text: &str) -> Option<SortKey> {
        SortKey::ALL.into_iter().find(|k| k.key() == text)
    }
}

#[derive(Clone, Debug, Default, PartialEq)]
pub struct JobQuery {
    pub project: Option<i64>,
    pub release: Option<i64>,
    pub search: String,
    /// A `RunState::key()`, or empty for all.
    pub status: String,
    /// A framework name, or empty for all.
    pub framework: String,
    pub sort: SortKey,
    pub descending: bool,
    /// Zero-based.
    pub page: usize,
}

impl JobQuery {
    /// Reads the query from URL parameters through a lookup function (the router's map).
    pub fn from_params(get: impl Fn(&str) -> Option<String>) -> Self {
        let id = |k: &str| get(k).and_then(|v| v.parse().ok());
        Self {
            project: id("project"),
            release: id("release"),
            search: get("q").unwrap_or_default(),
            status: get("status").unwrap_or_default(),
            framework: get("framework").unwrap_or_default(),
            sort: get("sort")
                .and_then(|s| SortKey::parse(&s))
                .unwrap_or_default(),
            descending: get("dir").as_deref() == Some("desc"),
            page: get("page")
                .and_then(|p| p.parse::<usize>().ok())
                .map(|p| p.saturating_sub(1))
                .unwrap_or(0),
        }
    }

    /// The list URL for this query; defaults are left out so links stay short.
    pub fn to_url(&self) -> String {
        let mut parts: Vec<(&str, String)> = Vec::new();
        if let Some(p) = self.project {
            parts.push(("project", p.to_string()));
        }
        if let Some(r) = self.release {
            parts.push(("release", r.to_string()));
        }
        if !self.search.is_empty() {
            parts.push(("q", self.search.clone()));
        }
        if !self.status.is_empty() {
            parts.push(("status", self.status.clone()));
        }
        if !self.framework.is_empty() {
            parts.push(("framework", self.framework.clone()));
        }
        if self.sort != SortKey::default() {
            parts.push(("sort", self.sort.key().to_string()));
        }
        if self.descending {
            parts.push(("dir", "desc".to_string()));
        }
        if self.page > 0 {
            parts.push(("page", (self.page + 1).to_string()));
        }
        let query = parts
            .into_iter()
            .map(|(k, v)| format!("{k}={}", encode(&v)))
            .collect::<Vec<_>>()
            .join("&");
        if query.is_empty() {
            "/jobs".to_string()
        } else {
            format!("/jobs?{query}")
        }
    }

    pub fn has_filters(&self) -> bool {
        !self.search.trim().is_empty() || !self.status.is_empty() || !self.framework.is_empty()
    }

    /// The same scope and sort without search or filters.
    pub fn cleared(&self) -> Self {
        Self {
            search: String::new(),
            status: String::new(),
            framework: String::new(),
            page: 0,
            ..self.clone()
        }
    }

    /// Clicking a column: sort by it, or flip the direction if it already is the sort.
    pub fn sorted_by(&self, key: SortKey) -> Self {
        Self {
            descending: self.sort == key && !self.descending,
            sort: key,
            page: 0,
            ..self.clone()
        }
    }
}

/// Percent-encodes a query value (letters, digits and `-_.~` stay as they are).
pub fn encode(value: &str) -> String {
    let mut out = String::with_capacity(value.len());
    for byte in value.bytes() {
        match byte {
            b'A'..=b'Z' | b'a'..=b'z' | b'0'..=b'9' | b'-' | b'_' | b'.' | b'~' => {
                out.push(byte as char)
            }
            _ => out.push_str(&format!("%{byte:02X}")),
        }
    }
    out
}

/// How many pages `count` rows make (at least one, so "page 1 of 1" reads right when empty).
pub fn page_count(count: usize) -> usize {
    count.div_ceil(PAGE_SIZE).max(1)
}

#[cfg(all(test, not(target_arch = "wasm32")))]
mod tests {
    use super::*;
    use crate::list_job::ListJob;
    use crate::run_state::RunState;

    /// A job of the Nightly cycle created by dana (also the index's tests' fixture).
    pub(super) fn job(
        id: i64,
        name: &str,
        framework: &str,
        status: RunState,
        run: Option<i64>,
    ) -> IndexedJob {
        IndexedJob::new(ListJob {
            id,
            name: name.into(),
            framework: framework.into(),
            cycle: "Nightly".into(),
            status,
            created_by: Some("dana".into()),
            scheduled_at: run,
            ..ListJob::default()
        })
    }

    fn sample() -> Vec<IndexedJob> {
        vec![
            job(1, "Checkout API", "JUnit", RunState::Failed, Some(30)),
            job(2, "accounts UI", "Selenium", RunState::Completed, Some(10)),
            job(3, "Batch import", "JUnit", RunState::Running, None),
        ]
    }

    #[test]
    fn the_url_round_trips_and_leaves_defaults_out() {
        let q = JobQuery {
            project: Some(1),
            release: Some(10),
            search: "a & b".into(),
            status: "failed".into(),
            framework: "SoapUI PRO".into(),
            sort: SortKey::LastRun,
            descending: true,
            page: 2,
        };
        let url = q.to_url();
        assert_eq!(
            url,
            "/jobs?project=1&release=10&q=a%20%26%20b&status=failed&framework=SoapUI%20PRO&sort=last-run&dir=desc&page=3"
        );
        let params: Vec<(String, String)> = url
            .split_once('?')
            .unwrap()
            .1
            .split('&')
            .map(|kv| {
                let (k, v) = kv.split_once('=').unwrap();
                (k.to_string(), js_free_decode(v))
            })
            .collect();
        let back = JobQuery::from_params(|k| {
            params
                .iter()
                .find(|(key, _)| key == k)
                .map(|(_, v)| v.clone())
        });
        assert_eq!(back, q);
        assert_eq!(JobQuery::default().to_url(), "/jobs");
    }

    fn js_free_decode(v: &str) -> String {
        let bytes = v.as_bytes();
        let mut out = Vec::new();
        let mut i = 0;
        while i < bytes.len() {
            if bytes[i] == b'%' {
                out.push(u8::from_str_radix(&v[i + 1..i + 3], 16).unwrap());
                i += 3;
            } else {
                out.push(bytes[i]);
                i += 1;
            }
        }
        String::from_utf8(out).unwrap()
    }

    #[test]
    fn search_matches_every_word_in_any_column_ignoring_case() {
        let jobs = sample();
        let q = |s: &str| JobQuery {
            search: s.into(),
            ..JobQuery::default()
        };
        assert_eq!(select(&jobs, &q("junit CHECK")), vec![0]);
        assert_eq!(select(&jobs, &q("failed")), vec![0]);
        assert_eq!(select(&jobs, &q("3")), vec![2], "by id");
        assert!(select(&jobs, &q("nothing like this")).is_empty());
    }

    #[test]
    fn filters_and_sorting_combine() {
        let jobs = sample();
        let by_name = JobQuery::default();
        assert_eq!(
            select(&jobs, &by_name),
            vec![1, 2, 0],
            "case-insensitive names"
        );
        let newest_first = by_name
            .sorted_by(SortKey::LastRun)
            .sorted_by(SortKey::LastRun);
        assert!(newest_first.descending);
        assert_eq!(select(&jobs, &newest_first), vec![0, 1, 2]);
        let junit = JobQuery {
            framework: "junit".into(),
            ..JobQuery::default()
        };
        assert_eq!(select(&jobs, &junit), vec![2, 0]);
        let running = JobQuery {
            status: "running".into(),
            ..JobQuery::default()
        };
        assert_eq!(select(&jobs, &running), vec![2]);
        assert!(running.has_filters());
        assert!(!running.cleared().has_filters());
    }

    #[test]
    fn pages_hold_fifty_rows() {
        assert_eq!(page_count(0), 1);
        assert_eq!(page_count(50), 1);
        assert_eq!(page_count(10_009), 201);
    }
}
