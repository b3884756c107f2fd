//! How an answer's body is read. A long list (a release's jobs) is decoded chunk by chunk as
//! it arrives, so decoding overlaps the transfer instead of starting after its last byte; any
//! other body is read whole. Either way the bytes stay in the browser's memory until they are
//! decoded: a 5 MB list copied whole into wasm memory would grow it for good.

use js_sys::Uint8Array;
use wasm_bindgen::{JsCast, JsValue};

use super::list_stream::{Element, ListWindows};

/// A list decoded from consecutive pieces of its body, whatever their size.
pub(crate) trait ListFeed<T> {
    /// Reads the next piece; `false` once the body is not a list this reader follows.
    fn feed(&mut self, piece: &[u8]) -> bool;
    /// The list, once every piece was fed; `None` when the body is to be read whole.
    fn finish(self: Box<Self>) -> Option<T>;
}

impl<J: Element> ListFeed<Vec<J>> for ListWindows<J> {
    fn feed(&mut self, piece: &[u8]) -> bool {
        ListWindows::feed(self, piece).is_ok()
    }

    fn finish(self: Box<Self>) -> Option<Vec<J>> {
        ListWindows::finish(*self).ok()
    }
}

/// A reader of a list of `J`, for a body of about `length` bytes (0 when unknown).
pub(crate) fn list_of<J: Element + 'static>(length: usize) -> Box<dyn ListFeed<Vec<J>>> {
    Box::new(ListWindows::<J>::new(length))
}

/// Bytes copied into wasm memory at a time: a network chunk larger than this is fed in parts.
const WINDOW_BYTES: u32 = 64 * 1024;

/// A body as it was read: the list decoded from it, or its bytes to read whole.
pub(crate) enum Read<T> {
    List(T),
    Whole(Vec<u8>),
}

/// Reads `response`'s body as it arrives into `list`. The chunks are kept (in the browser's
/// memory) until the list is done, for a body that turns out not to be a plain list.
pub(crate) async fn read_list<T>(
    response: web_sys::Response,
    mut list: Box<dyn ListFeed<T>>,
) -> Result<Read<T>, JsValue> {
    let Some(stream) = response.body() else {
        // No body at all: the decoder says what an empty list body means.
        return Ok(finish(list, Vec::new()));
    };
    let reader: web_sys::ReadableStreamDefaultReader = stream.get_reader().unchecked_into();
    let mut chunks = Vec::new();
    let mut following = true;
    let mut window = Vec::new();
    loop {
        let next = wasm_bindgen_futures::JsFuture::from(reader.read()).await?;
        let done = js_sys::Reflect::get(&next, &JsValue::from_str("done"))?;
        if done.is_truthy() {
            break;
        }
        let chunk: Uint8Array = js_sys::Reflect::get(&next, &JsValue::from_str("value"))?
            .dyn_into()
            .map_err(|_| JsValue::from_str("a body chunk that is not bytes"))?;
        let mut at = 0;
        while following && at < chunk.length() {
            let end = chunk.length().min(at + WINDOW_BYTES);
            window.resize((end - at) as usize, 0);
            chunk.subarray(at, end).copy_to(&mut window);
            following = list.feed(&window);
            at = end;
        }
        chunks.push(chunk);
    }
    if following {
        Ok(finish(list, chunks))
    } else {
        Ok(Read::Whole(concat(&chunks)))
    }
}

fn finish<T>(list: Box<dyn ListFeed<T>>, chunks: Vec<Uint8Array>) -> Read<T> {
    match list.finish() {
        Some(list) => Read::List(list),
        None => Read::Whole(concat(&chunks)),
    }
}

fn concat(chunks: &[Uint8Array]) -> Vec<u8> {
    let mut bytes = vec![0; chunks.iter().map(|c| c.length() as usize).sum()];
    let mut at = 0;
    for chunk in chunks {
        let end = at + chunk.length() as usize;
        chunk.copy_to(&mut bytes[at..end]);
        at = end;
    }
    bytes
}

/// The whole body, in wasm memory.
pub(crate) async fn read_whole(response: web_sys::Response) -> Result<Vec<u8>, JsValue> {
    let buffer = wasm_bindgen_futures::JsFuture::from(response.array_buffer()?).await?;
    Ok(Uint8Array::new(&buffer).to_vec())
}

/// The body as text, decoded the way `Response.text()` does (UTF-8, a leading BOM dropped,
/// invalid bytes replaced). Read as bytes: handing a 5 MB JS string to wasm re-encodes it, which
/// cost more than decoding the bytes here. Checked as UTF-8 first: the replacing decoder goes
/// byte by byte, the check a word at a time.
pub(crate) fn body_text(bytes: &[u8]) -> std::borrow::Cow<'_, str> {
    let bytes = bytes.strip_prefix(b"\xEF\xBB\xBF").unwrap_or(bytes);
    match std::str::from_utf8(bytes) {
        Ok(text) => std::borrow::Cow::Borrowed(text),
        Err(_) => String::from_utf8_lossy(bytes),
    }
}
