//! The loaded jobs prepared for the list: one lowercased text per job that both search and sort
//! read, the sort order, and the search, which answers a keystroke that adds to the text by
//! narrowing the previous answer. Pure, so the rules are tested natively.

use std::fmt::Write;
use std::sync::Arc;

use super::{JobQuery, SortKey, PAGE_SIZE};
use crate::job_scan;
use crate::list_job::ListJob;
use crate::list_stream::{decode_one, Element, Fallback};
use crate::run_state::RunState;
use memchr::memmem::Finder;

/// Where each sort key ends in [`IndexedJob`]'s text.
const NAME: usize = 0;
const FRAMEWORK: usize = 1;
const CYCLE: usize = 2;
#[cfg(all(test, not(target_arch = "wasm32")))]
const STATUS: usize = 3;
const CREATOR: usize = 4;

/// A job prepared once per load: the lowercased text a search matches against, whose fields are
/// also the sort keys (lowercasing inside a sort comparison made one keystroke on 10,000 jobs
/// miss a frame). One string per job instead of one per key: a fifth of the allocations and
/// the memory the index took.
#[derive(Clone, Debug, PartialEq, serde::Deserialize)]
#[serde(from = "ListJob")]
pub struct IndexedJob {
    pub job: ListJob,
    /// Name, framework, cycle, status, creator and id, lowercased, separated by U+001F.
    text: Box<str>,
    /// The end of each field in `text`, by the constants above.
    ends: [u32; 5],
}

impl IndexedJob {
    pub fn new(job: ListJob) -> Self {
        let fields = [
            job.name.as_str(),
            job.framework.as_str(),
            job.cycle.as_str(),
            job.status.label(),
            job.created_by.as_deref().unwrap_or_default(),
        ];
        let mut text =
            String::with_capacity(fields.iter().map(|f| f.len() + 1).sum::<usize>() + 20);
        let mut ends = [0; 5];
        for (i, field) in fields.into_iter().enumerate() {
            push_lowercase(&mut text, field);
            ends[i] = text.len() as u32;
            text.push('\u{1f}');
        }
        let _ = write!(text, "{}", job.id);
        Self {
            job,
            text: text.into_boxed_str(),
            ends,
        }
    }

    /// A field of the text, lowercased.
    fn field(&self, i: usize) -> &str {
        let start = if i == 0 {
            0
        } else {
            self.ends[i - 1] as usize + 1
        };
        &self.text[start..self.ends[i] as usize]
    }
}

impl From<ListJob> for IndexedJob {
    fn from(job: ListJob) -> Self {
        IndexedJob::new(job)
    }
}

/// The job list's rows are decoded here, so their decoders are compiled with this crate, for
/// speed. Never inlined into the caller: the app would compile its own copy, for size. The
/// usual job is read by hand; serde reads whatever that reader leaves to it.
impl Element for IndexedJob {
    #[inline(never)]
    fn decode(text: &str) -> Result<Option<(Self, usize)>, Fallback> {
        match job_scan::scan(text) {
            Some((job, len)) => Ok(Some((IndexedJob::new(job), len))),
            None => decode_one(text),
        }
    }
}

/// Appends `s` lowercased; ASCII (the usual case) a word at a time, in place.
fn push_lowercase(out: &mut String, s: &str) {
    if s.is_ascii() {
        let start = out.len();
        out.push_str(s);
        out[start..].make_ascii_lowercase();
    } else {
        out.push_str(&s.to_lowercase());
    }
}

/// How two jobs compare under a sort. Ties fall to the id, so an unstable sort gives the same
/// order as a stable one.
fn comparison(
    jobs: &[IndexedJob],
    sort: SortKey,
    descending: bool,
) -> impl Fn(&usize, &usize) -> std::cmp::Ordering + '_ {
    let text_key = match sort {
        SortKey::Name => Some(NAME),
        SortKey::Framework => Some(FRAMEWORK),
        SortKey::Cycle => Some(CYCLE),
        SortKey::CreatedBy => Some(CREATOR),
        SortKey::Status | SortKey::LastRun => None,
    };
    move |&a, &b| {
        let (a, b) = (&jobs[a], &jobs[b]);
        let by = match (text_key, sort) {
            (Some(field), _) => a.field(field).cmp(b.field(field)),
            (None, SortKey::Status) => status_rank(&a.job.status).cmp(&status_rank(&b.job.status)),
            (None, _) => a.job.scheduled_at.cmp(&b.job.scheduled_at),
        };
        let by = by.then(a.job.id.cmp(&b.job.id));
        if descending {
            by.reverse()
        } else {
            by
        }
    }
}

/// Every position in `jobs`, in the order the sort asks for.
pub fn sort_order(jobs: &[IndexedJob], sort: SortKey, descending: bool) -> Vec<usize> {
    let mut order: Vec<usize> = (0..jobs.len()).collect();
    // By reference, as `Order::of` sorts: one copy of the sort in the wasm, not two.
    order.sort_unstable_by(&comparison(jobs, sort, descending));
    order
}

/// Which list, in which sort, and whether sorted whole: what an [`Order`] was made of and what
/// a [`Matches`] was found in. The list is compared by address: a reload is another list.
#[derive(Clone, Debug)]
struct Sorted {
    jobs: Arc<Vec<IndexedJob>>,
    sort: (SortKey, bool),
    complete: bool,
}

impl PartialEq for Sorted {
    fn eq(&self, other: &Self) -> bool {
        Arc::ptr_eq(&self.jobs, &other.jobs)
            && self.sort == other.sort
            && self.complete == other.complete
    }
}

/// The jobs in sort order, for one list and one sort. A list first shows only its first page,
/// so at first only the first `PAGE_SIZE` positions are put in place (a selection, linear in
/// the list's length); the rest, every one of which sorts after them, are sorted once the page
/// is painted, or at once when a search, a filter or another page asks.
#[derive(Clone, Debug, PartialEq)]
pub struct Order {
    of: Sorted,
    pub positions: Vec<usize>,
}

impl Order {
    /// The order of `jobs` by `sort`, whole or (`complete` false) its first page only, starting
    /// from `previous` when that was the same list in the same sort.
    pub fn of(
        previous: Option<&Order>,
        jobs: &Arc<Vec<IndexedJob>>,
        sort: (SortKey, bool),
        complete: bool,
    ) -> Order {
        let cmp = comparison(jobs, sort.0, sort.1);
        let same = previous.filter(|p| Arc::ptr_eq(&p.of.jobs, jobs) && p.of.sort == sort);
        let (positions, complete) = match same {
            Some(p) if p.of.complete || !complete => (p.positions.clone(), p.of.complete),
            // The first page is in place and everything after it sorts after it.
            Some(p) => {
                let mut positions = p.positions.clone();
                let head = PAGE_SIZE.min(positions.len());
                positions[head..].sort_unstable_by(&cmp);
                (positions, true)
            }
            None if complete => (sort_order(jobs, sort.0, sort.1), true),
            None => {
                let mut positions: Vec<usize> = (0..jobs.len()).collect();
                if positions.len() > PAGE_SIZE {
                    positions.select_nth_unstable_by(PAGE_SIZE, &cmp);
                }
                let head = PAGE_SIZE.min(positions.len());
                positions[..head].sort_unstable_by(&cmp);
                let complete = positions.len() <= PAGE_SIZE;
                (positions, complete)
            }
        };
        Order {
            of: Sorted {
                jobs: jobs.clone(),
                sort,
                complete,
            },
            positions,
        }
    }

    /// Whether every position is in place, not only the first page's.
    pub fn complete(&self) -> bool {
        self.of.complete
    }
}

/// The search and filters of a query, prepared once for 10,000 comparisons.
#[derive(Clone, Debug, PartialEq)]
struct Criteria {
    terms: Vec<String>,
    status: String,
    framework: String,
}

impl Criteria {
    fn of(query: &JobQuery) -> Self {
        Self {
            terms: query
                .search
                .split_whitespace()
                .map(str::to_lowercase)
                .collect(),
            status: query.status.clone(),
            framework: query.framework.to_lowercase(),
        }
    }

    /// The positions in `from` whose jobs match, in the same order. The jobs are read in the
    /// order they lie in memory, not in the display order of `from` (which jumps about the
    /// release): a flag per job marks which to read and, after, which matched.
    fn keep(&self, jobs: &[IndexedJob], from: &[usize]) -> Vec<usize> {
        let terms: Vec<Finder> = self.terms.iter().map(Finder::new).collect();
        let mut flags = vec![false; jobs.len()];
        for &i in from {
            flags[i] = true;
        }
        for (job, flag) in jobs.iter().zip(&mut flags) {
            *flag = *flag && self.matches(&terms, job);
        }
        from.iter().copied().filter(|&i| flags[i]).collect()
    }

    fn matches(&self, terms: &[Finder], job: &IndexedJob) -> bool {
        terms.iter().all(|t| t.find(job.text.as_bytes()).is_some())
            && (self.status.is_empty() || job.job.status.key() == self.status)
            && (self.framework.is_empty() || job.field(FRAMEWORK) == self.framework)
    }

    /// Whatever matches `self` also matches `earlier`: the same filters, and every earlier
    /// search word inside one of the new ones (a word typed on, or a word added).
    fn narrows(&self, earlier: &Criteria) -> bool {
        self.status == earlier.status
            && self.framework == earlier.framework
            && earlier
                .terms
                .iter()
                .all(|old| self.terms.iter().any(|new| new.contains(old.as_str())))
    }
}

/// The positions of `order` that match the search and filters, keeping the order.
pub fn filter(jobs: &[IndexedJob], order: &[usize], query: &JobQuery) -> Vec<usize> {
    Criteria::of(query).keep(jobs, order)
}

/// The positions in `jobs` that the query shows, in display order (before paging).
pub fn select(jobs: &[IndexedJob], query: &JobQuery) -> Vec<usize> {
    filter(jobs, &sort_order(jobs, query.sort, query.descending), query)
}

/// What a search and its filters matched, in display order, remembering what was asked of
/// which list in which order, so the next keystroke can start from it.
#[derive(Clone, Debug, PartialEq)]
pub struct Matches {
    of: Sorted,
    criteria: Criteria,
    pub rows: Vec<usize>,
}

impl Matches {
    /// The matches of `query` among `jobs` sorted as `order`. When `previous` answered a query
    /// this one narrows (typing on, adding a word) on the same list and sort, only its rows
    /// are searched again: a keystroke costs what the last one found, not the whole release.
    pub fn find(previous: Option<&Matches>, order: &Order, query: &JobQuery) -> Matches {
        let criteria = Criteria::of(query);
        let from = previous
            .filter(|p| p.of == order.of && criteria.narrows(&p.criteria))
            .map_or(order.positions.as_slice(), |p| p.rows.as_slice());
        Matches {
            rows: criteria.keep(&order.of.jobs, from),
            of: order.of.clone(),
            criteria,
        }
    }
}

fn status_rank(state: &RunState) -> usize {
    RunState::FILTERABLE
        .iter()
        .position(|s| s == state)
        .unwrap_or(RunState::FILTERABLE.len())
}

#[cfg(all(test, not(target_arch = "wasm32")))]
mod tests {
    use super::*;

    fn job(id: i64, name: &str, framework: &str) -> IndexedJob {
        super::super::tests::job(id, name, framework, RunState::Completed, None)
    }

    #[test]
    fn the_text_holds_every_field_lowercased_in_place() {
        let j = job(42, "Straße API", "JUnit");
        assert_eq!(j.field(NAME), "straße api");
        assert_eq!(j.field(FRAMEWORK), "junit");
        assert_eq!(j.field(CYCLE), "nightly");
        assert_eq!(j.field(STATUS), "completed");
        assert_eq!(j.field(CREATOR), "dana");
        assert!(j.text.ends_with("\u{1f}42"));
    }

    /// The list's rows, decoded element by element from a window, are the jobs as the index
    /// builds them from a decoded `ListJob`; a window that cuts a job waits for the rest.
    #[test]
    fn a_row_decoded_from_a_window_is_the_indexed_job() {
        let text = r#"{"id":"7","jobName":"Nightly API","automationFramework":"JUnit","status":"failed","createdBy":"Dana","jobScheduleDate":"11/30/2026","environment":"skipped"}"#;
        let listed: ListJob = serde_json::from_str(text).unwrap();
        let (row, len) = IndexedJob::decode(&format!("{text},")).unwrap().unwrap();
        assert_eq!((row, len), (IndexedJob::new(listed), text.len()));
        assert_eq!(IndexedJob::decode(&text[..40]), Ok(None));
        assert_eq!(IndexedJob::decode(r#"{"jobName":"no id"},"#), Err(Fallback));
    }

    #[test]
    fn the_first_page_comes_first_and_the_rest_follows_in_order() {
        let jobs: Arc<Vec<IndexedJob>> = Arc::new(
            (0..500)
                .map(|i| job(i, &format!("job {}", (i * 7919) % 500), "JUnit"))
                .collect(),
        );
        for sort in [
            (SortKey::Name, false),
            (SortKey::Name, true),
            (SortKey::Framework, false),
        ] {
            let whole = sort_order(&jobs, sort.0, sort.1);
            let first = Order::of(None, &jobs, sort, false);
            assert!(!first.complete());
            assert_eq!(first.positions[..PAGE_SIZE], whole[..PAGE_SIZE], "{sort:?}");
            let done = Order::of(Some(&first), &jobs, sort, true);
            assert!(done.complete());
            assert_eq!(done.positions, whole, "{sort:?}");
            // A search on the first page's order, then on the whole order: never mixed up.
            let q = JobQuery {
                search: "job 4".into(),
                ..JobQuery::default()
            };
            let early = Matches::find(None, &first, &q);
            let later = Matches::find(Some(&early), &done, &q);
            assert_eq!(later.rows, filter(&jobs, &whole, &q));
        }
    }

    #[test]
    fn a_narrowing_keystroke_gives_what_a_full_search_gives() {
        let jobs: Arc<Vec<IndexedJob>> = Arc::new(
            (0..200)
                .map(|i| {
                    job(
                        i,
                        &format!("Job {i} nightly api"),
                        ["JUnit", "TestNG"][i as usize % 2],
                    )
                })
                .collect(),
        );
        let order = Order::of(None, &jobs, (SortKey::Name, false), true);
        let q = |search: &str, framework: &str| JobQuery {
            search: search.into(),
            framework: framework.into(),
            ..JobQuery::default()
        };
        // Typing on, adding a word, deleting, changing a filter: each step from the one before
        // equals a search from scratch.
        let steps = [
            q("1", ""),
            q("12", ""),
            q("12 ap", ""),
            q("12 api", ""),
            q("12 api", "junit"),
            q("12", "junit"),
            q("1", ""),
            q("", ""),
            q("nightly 7", ""),
            q("7 nightly", ""),
        ];
        let mut previous: Option<Matches> = None;
        for step in steps {
            let next = Matches::find(previous.as_ref(), &order, &step);
            assert_eq!(
                next.rows,
                filter(&jobs, &order.positions, &step),
                "{step:?}"
            );
            previous = Some(next);
        }
        // Only a narrowing query starts from the previous rows.
        let wide = Criteria::of(&q("12", ""));
        assert!(Criteria::of(&q("12 api", "")).narrows(&wide));
        assert!(Criteria::of(&q("123", "")).narrows(&wide));
        assert!(!Criteria::of(&q("1", "")).narrows(&wide));
        assert!(!Criteria::of(&q("12", "junit")).narrows(&wide));
    }
}
