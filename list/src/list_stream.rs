//! A long list decoded window by window: the job list of a release is 5.6 MB of JSON for 10,000
//! jobs, and copying it whole into wasm memory grew the page's memory by that much for good
//! (wasm memory never shrinks). The body stays in the browser's buffer; the client copies it
//! into a small window at a time, and each element is decoded as soon as it is complete.
//!
//! Only the shapes a list comes in are followed: a bare array, or an object whose `results` is
//! the array (other keys skipped). Anything else (an error body, `null`, an element that does
//! not decode, bytes after the end) answers [`Fallback`], and the client reads the body whole
//! the usual way, so the outcome and its message are exactly those of every other request.
//! Pure, so native tests feed it every way a body can be cut into windows.

use serde::de::{DeserializeOwned, IgnoredAny};

const BOM: &[u8] = b"\xEF\xBB\xBF";

/// Where the decoding stands between windows.
#[derive(Clone, Copy, Debug, PartialEq)]
enum State {
    /// Before the first byte that is not white space.
    Start,
    /// Inside a wrapping object, before or after the list's array.
    Keys { list_read: bool, next: Next },
    /// Inside the array: an element (or the end) comes next.
    Element { first: bool },
    /// After an element: a comma or the end comes next.
    AfterElement,
    /// The list is complete: only white space may follow.
    Done,
}

/// What comes next among an object's keys.
#[derive(Clone, Copy, Debug, PartialEq)]
enum Next {
    /// Right after `{`: a key or the end.
    KeyOrEnd,
    /// After a comma: a key.
    Key,
    /// After a value: a comma or the end.
    CommaOrEnd,
}

/// The body is not a list this reader follows: read it whole instead.
#[derive(Debug, PartialEq, Eq)]
pub struct Fallback;

/// What a list holds: each element says how it is decoded from the start of a window, and so
/// where that decoding is compiled. The job list's rows are decoded in this crate, compiled for
/// speed; the app's other lists in the app, compiled for size.
pub trait Element: Sized {
    /// The element at the start of `text` and how many bytes it took, as [`decode_one`] gives.
    fn decode(text: &str) -> Result<Option<(Self, usize)>, Fallback>;
}

/// The pending bytes as text, up to a character the window's end cuts (the next window brings
/// the rest of it). Bytes that are not UTF-8 are read whole instead: the whole body is read as
/// `Response.text()` reads it, so the list reads the same either way.
///
/// Checked once a window, by `simdutf8` (SIMD, compiled for speed), and each value is decoded
/// from the text: serde_json then does not check each string again, as it does in bytes. Its
/// check, core's `from_utf8`, which the release build compiles for size with the rest of std,
/// took about a tenth of the wasm's time decoding 10,000 jobs (README, round 14 of #15).
fn text_up_to_a_cut(bytes: &[u8]) -> Result<&str, Fallback> {
    match simdutf8::compat::from_utf8(bytes) {
        Ok(text) => Ok(text),
        Err(cut) if cut.error_len().is_none() => {
            simdutf8::basic::from_utf8(&bytes[..cut.valid_up_to()]).map_err(|_| Fallback)
        }
        Err(_) => Err(Fallback),
    }
}

/// Decodes the elements of one list from consecutive windows of its bytes.
pub struct ListWindows<T> {
    state: State,
    /// The bytes of the current window that were not used yet, plus the start of an element
    /// (or key) that the previous window cut.
    pending: Vec<u8>,
    /// Inside a wrapping object: whether the array of the list sits there.
    wrapped: bool,
    items: Vec<T>,
    /// Bytes consumed so far, and the body's total, to size `items` from the first window.
    consumed: usize,
    total: usize,
}

impl<T: Element> ListWindows<T> {
    /// `total` is the body's length in bytes.
    pub fn new(total: usize) -> Self {
        Self {
            state: State::Start,
            pending: Vec::new(),
            wrapped: false,
            items: Vec::new(),
            consumed: 0,
            total,
        }
    }

    /// Reads the next window of the body.
    pub fn feed(&mut self, window: &[u8]) -> Result<(), Fallback> {
        self.pending.extend_from_slice(window);
        if self.state == State::Start && self.consumed == 0 {
            // A byte order mark, dropped as `Response.text()` does; wait for all of it.
            if BOM.starts_with(&self.pending) && self.pending.len() < BOM.len() {
                return Ok(());
            }
            if self.pending.starts_with(BOM) {
                self.pending.drain(..BOM.len());
                self.consumed += BOM.len();
            }
        }
        let used = self.advance()?;
        self.pending.drain(..used);
        self.consumed += used;
        self.make_room();
        Ok(())
    }

    /// Room for the elements still to come, estimated from the bytes each one took so far, in
    /// one allocation of about the right size: doubling through 10,000 jobs would hold the old
    /// and the new vector at once, and leave up to twice the list's size behind.
    fn make_room(&mut self) {
        let (len, consumed) = (self.items.len(), self.consumed);
        if len == 0 || consumed == 0 {
            return;
        }
        let rest = self.total.saturating_sub(consumed) * len / consumed;
        if self.items.capacity() - len < rest {
            self.items.reserve_exact(rest + rest / 32 + 16);
        }
    }

    /// The list, once every window was fed.
    pub fn finish(self) -> Result<Vec<T>, Fallback> {
        if self.state != State::Done || !self.pending.iter().all(u8::is_ascii_whitespace) {
            return Err(Fallback);
        }
        // Not shrunk: the spare room is a few percent, and a shrink may copy the whole list.
        Ok(self.items)
    }

    /// Decodes as far as the pending bytes go; returns how many were used.
    fn advance(&mut self) -> Result<usize, Fallback> {
        let bytes = std::mem::take(&mut self.pending);
        let result = self.advance_in(&bytes);
        self.pending = bytes;
        result
    }

    fn advance_in(&mut self, bytes: &[u8]) -> Result<usize, Fallback> {
        let text = text_up_to_a_cut(bytes)?;
        let bytes = text.as_bytes();
        // Where a value starts, which is never inside a character.
        let rest = |at: usize| text.get(at..).ok_or(Fallback);
        let mut at = 0;
        loop {
            at += bytes[at..]
                .iter()
                .take_while(|b| b.is_ascii_whitespace())
                .count();
            let Some(&next) = bytes.get(at) else {
                return Ok(at);
            };
            match (self.state, next) {
                (State::Start, b'[') => self.state = State::Element { first: true },
                (State::Start, b'{') => {
                    self.wrapped = true;
                    self.state = State::Keys {
                        list_read: false,
                        next: Next::KeyOrEnd,
                    };
                }
                (State::Element { first: true }, b']') | (State::AfterElement, b']') => {
                    self.state = if self.wrapped {
                        State::Keys {
                            list_read: true,
                            next: Next::CommaOrEnd,
                        }
                    } else {
                        State::Done
                    };
                }
                (State::AfterElement, b',') => self.state = State::Element { first: false },
                (State::Element { .. }, _) => match T::decode(rest(at)?)? {
                    Some((item, len)) => {
                        self.items.push(item);
                        self.state = State::AfterElement;
                        at += len;
                        continue;
                    }
                    None => return Ok(at),
                },
                (
                    State::Keys {
                        list_read,
                        next: Next::CommaOrEnd,
                    },
                    b',',
                ) => {
                    self.state = State::Keys {
                        list_read,
                        next: Next::Key,
                    }
                }
                (
                    State::Keys {
                        list_read: true,
                        next: Next::KeyOrEnd | Next::CommaOrEnd,
                    },
                    b'}',
                ) => self.state = State::Done,
                (
                    State::Keys {
                        list_read,
                        next: Next::KeyOrEnd | Next::Key,
                    },
                    b'"',
                ) => {
                    let after_value = State::Keys {
                        list_read,
                        next: Next::CommaOrEnd,
                    };
                    match key_and_value_start(rest(at)?)? {
                        None => return Ok(at),
                        // The list: the first `results` is the one read, as the whole-body path does.
                        Some((key, len)) if key == "results" && !list_read => {
                            if bytes.get(at + len) != Some(&b'[') {
                                return Err(Fallback);
                            }
                            self.state = State::Element { first: true };
                            at += len + 1;
                            continue;
                        }
                        Some((_, len)) => match decode_one::<IgnoredAny>(rest(at + len)?)? {
                            Some((_, value_len)) => {
                                self.state = after_value;
                                at += len + value_len;
                                continue;
                            }
                            None => return Ok(at),
                        },
                    }
                }
                // An object without `results`, a value that is not a list, bytes after the end.
                _ => return Err(Fallback),
            }
            at += 1;
        }
    }
}

/// One JSON value at the start of `text`, and how many bytes it took; `None` when the text
/// ends inside it, or right at its end (a number may go on in the next window), so the next
/// window completes it.
pub fn decode_one<V: DeserializeOwned>(text: &str) -> Result<Option<(V, usize)>, Fallback> {
    let mut values = serde_json::Deserializer::from_str(text).into_iter::<V>();
    match values.next() {
        Some(Ok(_)) if values.byte_offset() == text.len() => Ok(None),
        Some(Ok(value)) => Ok(Some((value, values.byte_offset()))),
        Some(Err(e)) if e.is_eof() || runs_past_end(text.as_bytes()) => Ok(None),
        None => Ok(None),
        Some(Err(_)) => Err(Fallback),
    }
}

/// Whether the JSON value at the start of `bytes` goes on past their end. serde_json reports
/// some values cut short as invalid rather than as ended early (a skipped field's `-` without
/// its digits yet, say), so an error in a value the window cut waits for the next window.
fn runs_past_end(bytes: &[u8]) -> bool {
    let (mut depth, mut in_text, mut escaped) = (0usize, false, false);
    for &b in bytes.trim_ascii_start() {
        if in_text {
            match b {
                _ if escaped => escaped = false,
                b'\\' => escaped = true,
                b'"' if depth == 0 => return false,
                b'"' => in_text = false,
                _ => {}
            }
            continue;
        }
        match b {
            b'"' => in_text = true,
            b'{' | b'[' => depth += 1,
            // A container's end, or what ends a number or a word at the top.
            b'}' | b']' if depth <= 1 => return false,
            b'}' | b']' => depth -= 1,
            b',' | b' ' | b'\t' | b'\n' | b'\r' if depth == 0 => return false,
            _ => {}
        }
    }
    true
}

/// A key of the wrapping object and its colon: the key, and the bytes up to the value's first
/// byte (white space skipped); `None` when the window ends first.
fn key_and_value_start(text: &str) -> Result<Option<(String, usize)>, Fallback> {
    let bytes = text.as_bytes();
    let Some((key, mut len)) = decode_one::<String>(text)? else {
        return Ok(None);
    };
    len += bytes[len..]
        .iter()
        .take_while(|b| b.is_ascii_whitespace())
        .count();
    match bytes.get(len) {
        None => return Ok(None),
        Some(b':') => len += 1,
        Some(_) => return Err(Fallback),
    }
    let space = bytes[len..]
        .iter()
        .take_while(|b| b.is_ascii_whitespace())
        .count();
    if len + space == bytes.len() {
        return Ok(None);
    }
    Ok(Some((key, len + space)))
}

#[cfg(all(test, not(target_arch = "wasm32")))]
mod tests {
    use super::*;

    /// Any value serde reads, as a list element.
    #[derive(Debug)]
    struct Plain<T>(T);

    impl<T: DeserializeOwned> Element for Plain<T> {
        fn decode(text: &str) -> Result<Option<(Self, usize)>, Fallback> {
            Ok(decode_one(text)?.map(|(value, len)| (Plain(value), len)))
        }
    }

    fn read<T: DeserializeOwned>(body: &str, window: usize) -> Result<Vec<T>, Fallback> {
        let mut list = ListWindows::<Plain<T>>::new(body.len());
        for chunk in body.as_bytes().chunks(window.max(1)) {
            list.feed(chunk)?;
        }
        Ok(list
            .finish()?
            .into_iter()
            .map(|Plain(value)| value)
            .collect())
    }

    /// Every window size gives the same list as decoding the body whole.
    fn same_for_every_window<T>(body: &str) -> Result<Vec<T>, Fallback>
    where
        T: DeserializeOwned + PartialEq + std::fmt::Debug,
    {
        let whole = read(body, body.len());
        for window in 1..=body.len() {
            assert_eq!(
                read(body, window),
                whole,
                "window of {window} bytes: {body}"
            );
        }
        whole
    }

    #[test]
    fn bare_and_wrapped_lists_read_the_same_in_any_windows() {
        let items = vec![
            serde_json::json!({"id": 1, "name": "a, [b] {c}"}),
            serde_json::json!({"id": 2, "name": "quote \" and \\ and \u{e9}"}),
        ];
        assert_eq!(
            same_for_every_window(
                r#" [ {"id":1,"name":"a, [b] {c}"} , {"id":2,"name":"quote \" and \\ and é"} ] "#
            ),
            Ok(items.clone())
        );
        assert_eq!(
            same_for_every_window(
                r#"{"total": 2, "meta": {"results": [9]}, "results": [{"id":1,"name":"a, [b] {c}"},{"id":2,"name":"quote \" and \\ and é"}], "results": [], "next": null}"#
            ),
            Ok(items)
        );
        assert_eq!(same_for_every_window::<serde_json::Value>("[]"), Ok(vec![]));
        assert_eq!(
            same_for_every_window("\u{feff}[1]"),
            Ok(vec![serde_json::json!(1)])
        );
        assert_eq!(
            same_for_every_window::<serde_json::Value>(r#"{"results":[]}"#),
            Ok(vec![])
        );
    }

    #[test]
    fn what_is_not_a_list_is_read_whole_instead() {
        for body in [
            "",
            "   ",
            "null",
            "\"Login failed\"",
            "<html>",
            "[1,2",
            "[1,,2]",
            "[1,2]x",
            "[1 2]",
            r#"{"total": 3}"#,
            r#"{"results": null}"#,
            r#"{"results": [1]"#,
            r#"{"errorMsg": "bad"}"#,
            "[1,]",
            r#"{,"results": [1]}"#,
            r#"{"a": 1 "results": [1]}"#,
            r#"{"results": [1],}"#,
            r#"{"results": [1] "a": 1}"#,
        ] {
            for window in 1..=body.len().max(1) {
                assert_eq!(
                    read::<serde_json::Value>(body, window),
                    Err(Fallback),
                    "{body:?} in windows of {window}"
                );
            }
        }
    }

    /// Windows that cut a character of two, three or four bytes anywhere: the text is checked
    /// up to the cut, and the character is read whole with the next window.
    #[test]
    fn characters_cut_by_a_window_read_whole() {
        let body =
            r#"[{"name":"é ü","by":"\u00e9"},{"name":"日本語 テスト"},{"name":"🚀 x 🦀"},"ß"]"#;
        let whole: Vec<serde_json::Value> = serde_json::from_str(body).unwrap();
        assert_eq!(same_for_every_window(body), Ok(whole));
    }

    /// Bytes that are not UTF-8, in a value read or skipped, or a body cut inside a character:
    /// read whole instead (as `Response.text()` reads them), wherever the windows cut.
    #[test]
    fn bytes_that_are_not_utf8_are_read_whole_instead() {
        for body in [
            &b"[\"a\xff\"]"[..],
            b"[\"ok\",\"\xe6\x97\"]",
            b"[\"\xed\xa0\x80\"]",
            b"{\"results\":[1],\"n\":\"\xc3\x28\"}",
            b"[1] \xe6\x97",
        ] {
            for window in 1..=body.len() {
                let mut list = ListWindows::<Plain<serde_json::Value>>::new(body.len());
                let fed = body.chunks(window).try_for_each(|chunk| list.feed(chunk));
                assert_eq!(
                    fed.and_then(|()| list.finish().map(|_| ())),
                    Err(Fallback),
                    "{body:?} in windows of {window}"
                );
            }
        }
    }

    #[test]
    fn an_element_that_does_not_decode_is_read_whole_instead() {
        #[derive(serde::Deserialize, Debug)]
        #[allow(dead_code)]
        struct Item {
            id: i64,
        }
        let mut list = ListWindows::<Plain<Item>>::new(0);
        assert_eq!(list.feed(br#"[{"id":1},{"id":"x"}]"#), Err(Fallback));
    }

    /// The list's rows read some fields and skip the rest; a window may cut a skipped value
    /// anywhere, even between a minus sign and its digits.
    #[test]
    fn skipped_values_cut_by_a_window_wait_for_the_next() {
        #[derive(Debug, PartialEq, serde::Deserialize)]
        struct Row {
            id: i64,
        }
        let body = r#"{"offset": -12, "results": [{"id":1,"skip":-10,"more":[-1,{"x":-2.5e-3}],"t":"a\"-"},{"id":2,"skip":-3,"n":null,"b":true}], "next": -1}"#;
        assert_eq!(
            same_for_every_window(body),
            Ok(vec![Row { id: 1 }, Row { id: 2 }])
        );
    }

    #[test]
    fn a_cut_value_is_told_from_a_finished_one() {
        assert!(runs_past_end(br#"{"a":-"#));
        assert!(runs_past_end(br#""text with \"#));
        assert!(runs_past_end(b" -"));
        assert!(!runs_past_end(br#"{"a":-}"#));
        assert!(!runs_past_end(b"-,"));
        assert!(!runs_past_end(br#""done" "#));
    }
}
