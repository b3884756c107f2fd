//! A job of the list read by hand in the form a server usually sends it: keys and text without
//! escapes, ids and dates as whole numbers, text or null. serde's derived reader for
//! [`ListJob`] goes through its generic visitors for every one of a job's ~22 fields; this reads
//! the same bytes directly (README, round 15 of #15).
//!
//! Whatever it does not take on exactly as serde reads it answers `None`, and the element is
//! read by serde instead: an escape or a control character in a string, a number that is not a
//! plain whole number where the list reads one, a duplicated field, a missing id, anything
//! malformed, and the end of the text (the window's end, where serde tells a cut value from a
//! finished one). So what it answers is always what serde answers; the tests hold it to that.

use crate::decode::parse_date_text;
use crate::list_job::ListJob;
use crate::run_state::RunState;

/// How deep a skipped value may nest before serde reads the element instead.
const MAX_DEPTH: usize = 16;

/// The job at the start of `text` and the bytes it took, or `None` for serde to read it.
pub fn scan(text: &str) -> Option<(ListJob, usize)> {
    let mut s = Scanner {
        text,
        bytes: text.as_bytes(),
        at: 0,
    };
    let job = s.job()?;
    Some((job, s.at))
}

/// One value the list reads, as it came.
enum Value<'a> {
    Int(i64),
    Text(&'a str),
    Null,
}

/// Which of the list's fields a key names, as the derive's names and aliases do.
#[derive(Clone, Copy)]
enum Field {
    Id,
    Name,
    Framework,
    Cycle,
    Status,
    CreatedBy,
    CreatedAt,
    ModifiedAt,
    ScheduledAt,
    ProjectId,
    ReleaseId,
}

fn field(key: &str) -> Option<Field> {
    Some(match key {
        "id" => Field::Id,
        "jobName" => Field::Name,
        "automationFramework" | "automatedFramework" => Field::Framework,
        "cycleName" => Field::Cycle,
        "status" => Field::Status,
        "createdBy" => Field::CreatedBy,
        "jobCrationDate" | "jobCreationDate" => Field::CreatedAt,
        "jobModifyDate" => Field::ModifiedAt,
        "jobScheduleDate" => Field::ScheduledAt,
        "projectId" => Field::ProjectId,
        "releaseId" => Field::ReleaseId,
        _ => return None,
    })
}

struct Scanner<'a> {
    text: &'a str,
    bytes: &'a [u8],
    at: usize,
}

impl<'a> Scanner<'a> {
    fn peek(&self) -> Option<u8> {
        self.bytes.get(self.at).copied()
    }

    /// JSON's white space, which is not `is_ascii_whitespace`'s (no form feed).
    fn skip_space(&mut self) {
        while let Some(b' ' | b'\n' | b'\t' | b'\r') = self.peek() {
            self.at += 1;
        }
    }

    /// The next byte after white space, consumed if it is `want`.
    fn eat(&mut self, want: u8) -> Option<()> {
        self.skip_space();
        (self.peek()? == want).then(|| self.at += 1)
    }

    fn job(&mut self) -> Option<ListJob> {
        self.eat(b'{')?;
        let mut job = ListJob::default();
        let mut seen = 0u16;
        loop {
            self.skip_space();
            let key = self.text_value()?;
            self.eat(b':')?;
            self.skip_space();
            match field(key) {
                Some(f) => {
                    let bit = 1 << f as u16;
                    if seen & bit != 0 {
                        return None; // serde refuses a duplicate field
                    }
                    seen |= bit;
                    let value = self.value()?;
                    set(&mut job, f, value)?;
                }
                None => self.skip(0)?,
            }
            self.skip_space();
            match self.peek()? {
                b',' => self.at += 1,
                b'}' => {
                    self.at += 1;
                    // serde tells a value that ends the text from one cut there.
                    if self.at == self.bytes.len() || seen & 1 << Field::Id as u16 == 0 {
                        return None;
                    }
                    return Some(job);
                }
                _ => return None,
            }
        }
    }

    /// A value the list reads: plain text, a whole number or null.
    fn value(&mut self) -> Option<Value<'a>> {
        match self.peek()? {
            b'"' => self.text_value().map(Value::Text),
            b'n' => self.word(b"null").map(|()| Value::Null),
            _ => self.whole_number().map(Value::Int),
        }
    }

    /// A string without escapes or control characters, which serde reads as the same text.
    fn text_value(&mut self) -> Option<&'a str> {
        if self.peek()? != b'"' {
            return None;
        }
        let start = self.at + 1;
        let end = string_stop(self.bytes, start)?;
        if self.bytes[end] != b'"' {
            return None;
        }
        self.at = end + 1;
        // Both ends sit next to a quote, so on character boundaries.
        self.text.get(start..end)
    }

    /// A string that is not read, escapes allowed as serde's skipping allows them: one of
    /// `"\\/bfnrt`, or `u` and four hex digits (whichever code they name).
    fn skip_text(&mut self) -> Option<()> {
        if self.peek()? != b'"' {
            return None;
        }
        self.at += 1;
        loop {
            self.at = string_stop(self.bytes, self.at)?;
            match self.bytes[self.at] {
                b'"' => {
                    self.at += 1;
                    return Some(());
                }
                b'\\' => {
                    self.at += 1;
                    match self.peek()? {
                        b'"' | b'\\' | b'/' | b'b' | b'f' | b'n' | b'r' | b't' => self.at += 1,
                        b'u' => {
                            let hex = self.bytes.get(self.at + 1..self.at + 5)?;
                            if !hex.iter().all(u8::is_ascii_hexdigit) {
                                return None;
                            }
                            self.at += 5;
                        }
                        _ => return None,
                    }
                }
                _ => return None,
            }
        }
    }

    /// `-?[1-9][0-9]*` or `0`, up to 18 digits (so it fits), not going on as a fraction or an
    /// exponent. `-0` is left to serde, which reads it as a float.
    fn whole_number(&mut self) -> Option<i64> {
        let negative = self.peek()? == b'-';
        let start = self.at + negative as usize;
        let digits = self.bytes[start.min(self.bytes.len())..]
            .iter()
            .take_while(|b| b.is_ascii_digit())
            .count();
        let end = start + digits;
        let first = *self.bytes.get(start)?;
        if digits == 0 || digits > 18 || (first == b'0' && (digits > 1 || negative)) {
            return None;
        }
        if let b'.' | b'e' | b'E' = *self.bytes.get(end)? {
            return None;
        }
        let n = self.bytes[start..end]
            .iter()
            .fold(0i64, |n, &d| n * 10 + i64::from(d - b'0'));
        self.at = end;
        Some(if negative { -n } else { n })
    }

    fn word(&mut self, word: &[u8]) -> Option<()> {
        let end = self.at + word.len();
        (self.bytes.get(self.at..end)? == word).then(|| self.at = end)
    }

    /// Any JSON value, checked as serde's skipping checks it, and not read.
    fn skip(&mut self, depth: usize) -> Option<()> {
        match self.peek()? {
            b'"' => self.skip_text(),
            b'n' => self.word(b"null"),
            b't' => self.word(b"true"),
            b'f' => self.word(b"false"),
            b'[' | b'{' if depth >= MAX_DEPTH => None,
            // An array's elements or an object's members, each a key, a colon and a value.
            open @ (b'[' | b'{') => {
                let (close, keyed) = if open == b'[' {
                    (b']', false)
                } else {
                    (b'}', true)
                };
                self.at += 1;
                self.skip_space();
                if self.peek()? != close {
                    loop {
                        self.skip_space();
                        if keyed {
                            self.skip_text()?;
                            self.eat(b':')?;
                            self.skip_space();
                        }
                        self.skip(depth + 1)?;
                        self.skip_space();
                        match self.peek()? {
                            b',' => self.at += 1,
                            b if b == close => break,
                            _ => return None,
                        }
                    }
                }
                self.at += 1;
                Some(())
            }
            _ => self.any_number(),
        }
    }

    /// A number by JSON's grammar: `-?(0|[1-9][0-9]*)(\.[0-9]+)?([eE][+-]?[0-9]+)?`.
    fn any_number(&mut self) -> Option<()> {
        let digits = |s: &mut Self| {
            let n = s.bytes[s.at..]
                .iter()
                .take_while(|b| b.is_ascii_digit())
                .count();
            s.at += n;
            n
        };
        if self.peek()? == b'-' {
            self.at += 1;
        }
        match self.peek()? {
            b'0' => self.at += 1,
            b'1'..=b'9' => drop(digits(self)),
            _ => return None,
        }
        if self.peek()? == b'.' {
            self.at += 1;
            (digits(self) > 0).then_some(())?;
        }
        if let b'e' | b'E' = self.peek()? {
            self.at += 1;
            if let b'+' | b'-' = self.peek()? {
                self.at += 1;
            }
            (digits(self) > 0).then_some(())?;
        }
        // A number must be followed by something (the end of the text may cut it).
        self.peek().map(drop)
    }
}

/// Where a string's plain run from `from` stops: at its closing quote, an escape or a control
/// character. Eight bytes at a time, as serde_json looks for them (a word's lowest flagged
/// byte is always a true one: a borrow only flags bytes above it).
fn string_stop(bytes: &[u8], from: usize) -> Option<usize> {
    const ONES: u64 = u64::from_ne_bytes([1; 8]);
    const HIGH: u64 = ONES << 7;
    let stops = |b: u8| b == b'"' || b == b'\\' || b < 0x20;
    let mut at = from;
    while let Some(word) = bytes.get(at..at + 8) {
        let x = u64::from_le_bytes(word.try_into().ok()?);
        let quote = x ^ (ONES * u64::from(b'"'));
        let escape = x ^ (ONES * u64::from(b'\\'));
        let found = (quote.wrapping_sub(ONES) & !quote
            | escape.wrapping_sub(ONES) & !escape
            | x.wrapping_sub(ONES * 0x20))
            & !x
            & HIGH;
        if found != 0 {
            return Some(at + (found.trailing_zeros() / 8) as usize);
        }
        at += 8;
    }
    bytes[at.min(bytes.len())..]
        .iter()
        .position(|&b| stops(b))
        .map(|i| at + i)
}

/// Sets a field as the derive's `deserialize_with` helper reads that value; `None` where the
/// helper would read it some other way than this takes on (serde then reads the element).
fn set(job: &mut ListJob, field: Field, value: Value<'_>) -> Option<()> {
    let text = |value: Value<'_>| match value {
        Value::Text(s) => Some(Some(s.to_owned())),
        Value::Null => Some(None),
        Value::Int(_) => None,
    };
    let date = |value: Value<'_>| match value {
        Value::Int(ms) => Some(Some(ms)),
        Value::Text(s) => Some(parse_date_text(s)),
        Value::Null => Some(None),
    };
    let id = |value: Value<'_>| match value {
        Value::Int(n) => Some(n),
        Value::Text(_) | Value::Null => None,
    };
    match field {
        Field::Id => job.id = id(value)?,
        Field::ProjectId => job.project_id = id(value)?,
        Field::ReleaseId => job.release_id = id(value)?,
        Field::Name => job.name = text(value)?.unwrap_or_default(),
        Field::Framework => job.framework = text(value)?.unwrap_or_default(),
        Field::Cycle => job.cycle = text(value)?.unwrap_or_default(),
        Field::CreatedBy => job.created_by = text(value)?,
        Field::Status => {
            job.status = match value {
                Value::Text(s) => RunState::from_raw(s),
                Value::Null => RunState::default(),
                Value::Int(_) => return None,
            }
        }
        Field::CreatedAt => job.created_at = date(value)?,
        Field::ModifiedAt => job.modified_at = date(value)?,
        Field::ScheduledAt => job.scheduled_at = date(value)?,
    }
    Some(())
}

#[cfg(all(test, not(target_arch = "wasm32")))]
mod tests;
