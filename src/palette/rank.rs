//! The palette's ranking, pure: which entries match what was typed, best first. A field that
//! starts with the text beats a word inside a field that starts with it, which beats the text
//! anywhere; several words that each match somewhere come last. Keys are lowercased once, when
//! the index is built, so a keystroke over 10,000 jobs only compares strings.

/// How well an entry matches: lower is better.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord)]
pub enum Tier {
    Prefix,
    WordStart,
    Substring,
    AllWords,
}

/// Up to four searchable fields per entry (a job: name, id, framework, creator), lowercased.
#[derive(Clone, Debug, Default)]
pub struct Index {
    entries: Vec<[String; 4]>,
}

/// A match: the entry's position in the index and how it matched.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Hit {
    pub position: usize,
    pub tier: Tier,
    /// Which field matched best (earlier fields win ties: a name before a creator).
    pub field: usize,
}

impl Index {
    pub fn new<S: AsRef<str>>(entries: impl IntoIterator<Item = [S; 4]>) -> Self {
        Self {
            entries: entries
                .into_iter()
                .map(|fields| fields.map(|f| f.as_ref().to_lowercase()))
                .collect(),
        }
    }

    pub fn len(&self) -> usize {
        self.entries.len()
    }

    pub fn is_empty(&self) -> bool {
        self.entries.is_empty()
    }

    /// The best `limit` matches for `query`, best first; ties keep the index's order. An empty
    /// query matches nothing.
    pub fn rank(&self, query: &str, limit: usize) -> Vec<Hit> {
        self.best(self.matches(query, None), limit)
    }

    /// Every entry matching `query`, in index order; only those of `within` when given. A
    /// text that extends the previous one can only match a subset of what that one matched,
    /// so a keystroke narrows the last keystroke's matches instead of scanning everything.
    pub fn matches(&self, query: &str, within: Option<&[usize]>) -> Vec<Hit> {
        let query = normalize(query);
        if query.is_empty() {
            return Vec::new();
        }
        let words: Vec<&str> = query.split_whitespace().collect();
        let hit = |position: usize| {
            let fields = self.entries.get(position)?;
            best_field(fields, &query)
                .or_else(|| {
                    (words.len() > 1 && words.iter().all(|w| fields.iter().any(|f| f.contains(w))))
                        .then_some((Tier::AllWords, 0))
                })
                .map(|(tier, field)| Hit {
                    position,
                    tier,
                    field,
                })
        };
        match within {
            Some(candidates) => candidates.iter().filter_map(|&p| hit(p)).collect(),
            None => (0..self.entries.len()).filter_map(hit).collect(),
        }
    }

    /// The best `limit` of `hits`, best first.
    pub fn best(&self, mut hits: Vec<Hit>, limit: usize) -> Vec<Hit> {
        if limit == 0 {
            return Vec::new();
        }
        let key = |h: &Hit| {
            (
                h.tier,
                h.field,
                self.entries[h.position][0].len(),
                h.position,
            )
        };
        if hits.len() > limit {
            hits.select_nth_unstable_by_key(limit - 1, key);
            hits.truncate(limit);
        }
        hits.sort_unstable_by_key(key);
        hits
    }
}

/// The text as matched: trimmed, lowercased, without the `#` ids are written with.
fn normalize(query: &str) -> String {
    let query = query.trim().to_lowercase();
    query.strip_prefix('#').unwrap_or(&query).to_string()
}

/// Whether what `new` matches is within what `old` matched: `new` extends `old`.
pub fn narrows(old: &str, new: &str) -> bool {
    let (old, new) = (normalize(old), normalize(new));
    !old.is_empty() && new.starts_with(&old)
}

/// The best tier any field reaches, and that field.
fn best_field(fields: &[String; 4], query: &str) -> Option<(Tier, usize)> {
    let mut best: Option<(Tier, usize)> = None;
    for (i, field) in fields.iter().enumerate() {
        if let Some(tier) = field_tier(field, query) {
            if best.is_none_or(|(b, _)| tier < b) {
                best = Some((tier, i));
                if tier == Tier::Prefix {
                    break;
                }
            }
        }
    }
    best
}

fn field_tier(field: &str, query: &str) -> Option<Tier> {
    if field.starts_with(query) {
        return Some(Tier::Prefix);
    }
    let mut found = None;
    for (at, _) in field.match_indices(query) {
        let word_start = field[..at]
            .chars()
            .next_back()
            .is_none_or(|c| !c.is_alphanumeric());
        if word_start {
            return Some(Tier::WordStart);
        }
        found = Some(Tier::Substring);
    }
    found
}

#[cfg(test)]
mod tests {
    use super::*;

    fn index() -> Index {
        Index::new([
            ["Settlement batch reconciliation", "4113", "JUnit", "dana"],
            ["Nightly API regression", "4100", "JUnit", "sam"],
            ["Payments nightly smoke", "4120", "TestNG", "nina"],
            ["Unnightly things", "4130", "Cucumber", "bo"],
            ["Card vault", "4140", "Selenium", "nightly bot"],
        ])
    }

    fn names(index: &Index, query: &str) -> Vec<usize> {
        index
            .rank(query, 20)
            .into_iter()
            .map(|h| h.position)
            .collect()
    }

    #[test]
    fn prefix_beats_word_start_beats_substring() {
        let index = index();
        let hits = index.rank("night", 20);
        assert_eq!(
            hits.iter()
                .map(|h| (h.position, h.tier))
                .collect::<Vec<_>>(),
            vec![
                (1, Tier::Prefix),
                (4, Tier::Prefix),
                (2, Tier::WordStart),
                (3, Tier::Substring)
            ]
        );
        assert_eq!(hits[1].field, 3, "the creator's name, after a name prefix");
    }

    #[test]
    fn ids_frameworks_and_creators_are_found_and_case_does_not_matter() {
        let index = index();
        assert_eq!(names(&index, "4113"), vec![0]);
        let mut by_id = names(&index, "#41");
        assert_eq!(by_id[0], 4, "equal matches: the shortest name first");
        by_id.sort();
        assert_eq!(by_id, vec![0, 1, 2, 3, 4]);
        assert_eq!(names(&index, "TESTng"), vec![2]);
        assert_eq!(names(&index, "dana"), vec![0]);
        assert_eq!(names(&index, "   "), Vec::<usize>::new());
        assert_eq!(names(&index, "nothing like it"), Vec::<usize>::new());
    }

    #[test]
    fn several_words_match_the_phrase_first_then_each_word_anywhere() {
        let index = index();
        assert_eq!(names(&index, "nightly api"), vec![1]);
        assert_eq!(names(&index, "api junit"), vec![1]);
        assert_eq!(index.rank("api junit", 5)[0].tier, Tier::AllWords);
    }

    #[test]
    fn a_longer_text_narrows_the_last_matches_to_the_same_result() {
        let index = index();
        let mut previous: Option<(String, Vec<usize>)> = None;
        for typed in [
            "n",
            "ni",
            "nig",
            "night",
            "nightly",
            "nightly ",
            "nightly a",
            "nightly ap",
        ] {
            let within = previous
                .as_ref()
                .filter(|(old, _)| narrows(old, typed))
                .map(|(_, m)| m.as_slice());
            let narrowed = index.matches(typed, within);
            assert_eq!(narrowed, index.matches(typed, None), "{typed:?}");
            previous = Some((
                typed.to_string(),
                narrowed.iter().map(|h| h.position).collect(),
            ));
        }
        assert!(narrows("#41", "4113"));
        assert!(!narrows("", "a"), "nothing matched nothing: start over");
        assert!(!narrows("night", "nigh"), "a shorter text matches more");
    }

    #[test]
    fn the_limit_keeps_the_best_and_ten_thousand_jobs_rank_fast() {
        let names: Vec<String> = (0..10_000)
            .map(|n| format!("Payments regression #{n:05}"))
            .collect();
        let ids: Vec<String> = (0..10_000).map(|n| (5000 + n).to_string()).collect();
        let index = Index::new(
            names
                .iter()
                .zip(&ids)
                .map(|(n, id)| [n.as_str(), id.as_str(), "JUnit", "dana.whitfield"]),
        );
        let started = std::time::Instant::now();
        for query in ["p", "pa", "reg", "#0999", "5123", "e"] {
            let hits = index.rank(query, 20);
            assert!(hits.len() <= 20);
            assert!(hits.windows(2).all(|w| w[0].tier <= w[1].tier), "{query}");
        }
        let hits = index.rank("#09999", 20);
        assert_eq!(hits[0].position, 9999);
        assert_eq!(index.rank("5123", 1)[0].position, 123);
        // Generous for a debug build on a busy machine; the benchmark measures the real thing.
        assert!(started.elapsed().as_millis() < 2_000);
    }
}
