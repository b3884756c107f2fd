//! Tolerant serde helpers for what a real Zephyr may send (contract section 5):
//! ids as numbers or numeric strings, dates as epoch ms or `MM/dd/yyyy`, lists bare or wrapped.

use serde::de::{self, DeserializeOwned, Deserializer};
use serde::Deserialize;

/// An id sent as `12` or `"12"`.
#[derive(Deserialize)]
#[serde(untagged)]
enum IdRepr {
    Int(i64),
    Float(f64),
    Text(String),
}

impl IdRepr {
    fn into_id<E: de::Error>(self) -> Result<i64, E> {
        match self {
            IdRepr::Int(n) => Ok(n),
            IdRepr::Float(f) if f.fract() == 0.0 => Ok(f as i64),
            IdRepr::Float(f) => Err(E::custom(format!("id {f} is not a whole number"))),
            IdRepr::Text(s) => s
                .trim()
                .parse()
                .map_err(|_| E::custom(format!("id {s:?} is not a number"))),
        }
    }
}

pub fn id<'de, D: Deserializer<'de>>(d: D) -> Result<i64, D::Error> {
    IdRepr::deserialize(d)?.into_id()
}

pub fn opt_id<'de, D: Deserializer<'de>>(d: D) -> Result<Option<i64>, D::Error> {
    match Option::<IdRepr>::deserialize(d)? {
        None => Ok(None),
        Some(IdRepr::Text(s)) if s.trim().is_empty() => Ok(None),
        Some(repr) => repr.into_id().map(Some),
    }
}

/// A number that may come as a string; absent or null is `None`.
pub fn opt_count<'de, D: Deserializer<'de>>(d: D) -> Result<Option<u32>, D::Error> {
    Ok(opt_id(d)?.and_then(|n| u32::try_from(n).ok()))
}

/// A boolean that may come as `"true"`/`"false"`, or be null.
pub fn lenient_bool<'de, D: Deserializer<'de>>(d: D) -> Result<bool, D::Error> {
    #[derive(Deserialize)]
    #[serde(untagged)]
    enum BoolRepr {
        Bool(bool),
        Text(String),
        Int(i64),
    }
    Ok(match Option::<BoolRepr>::deserialize(d)? {
        None => false,
        Some(BoolRepr::Bool(b)) => b,
        Some(BoolRepr::Text(s)) => s.eq_ignore_ascii_case("true"),
        Some(BoolRepr::Int(n)) => n != 0,
    })
}

/// A string field that may be absent, null, or (on some servers) a number.
pub fn opt_text<'de, D: Deserializer<'de>>(d: D) -> Result<Option<String>, D::Error> {
    #[derive(Deserialize)]
    #[serde(untagged)]
    enum TextRepr {
        Text(String),
        Num(serde_json::Number),
        Bool(bool),
    }
    Ok(match Option::<TextRepr>::deserialize(d)? {
        None => None,
        Some(TextRepr::Text(s)) => Some(s),
        Some(TextRepr::Num(n)) => Some(n.to_string()),
        Some(TextRepr::Bool(b)) => Some(b.to_string()),
    })
}

/// A point in time as epoch milliseconds, from epoch ms, a numeric string, `MM/dd/yyyy`,
/// `yyyy-MM-dd` or null. Text we cannot read becomes `None` rather than failing the whole
/// response: a job list must not disappear because one date is odd.
pub fn opt_date<'de, D: Deserializer<'de>>(d: D) -> Result<Option<i64>, D::Error> {
    #[derive(Deserialize)]
    #[serde(untagged)]
    enum DateRepr {
        Int(i64),
        Float(f64),
        Text(String),
    }
    Ok(match Option::<DateRepr>::deserialize(d)? {
        None => None,
        Some(DateRepr::Int(ms)) => Some(ms),
        Some(DateRepr::Float(ms)) => Some(ms as i64),
        Some(DateRepr::Text(s)) => parse_date_text(&s),
    })
}

/// Parses the textual date forms a server may send into epoch ms (UTC midnight).
pub fn parse_date_text(text: &str) -> Option<i64> {
    let text = text.trim();
    if text.is_empty() {
        return None;
    }
    if let Ok(ms) = text.parse::<i64>() {
        return Some(ms);
    }
    crate::dates::parse_us_date(text)
        .or_else(|| crate::dates::parse_iso_date(text))
        .map(crate::dates::date_to_epoch_ms)
}

/// A list that may come bare (`[...]`) or wrapped (`{"results": [...]}`); null is empty.
pub fn list<'de, D, T>(d: D) -> Result<Vec<T>, D::Error>
where
    D: Deserializer<'de>,
    T: DeserializeOwned,
{
    Ok(Option::<ListOf<T>>::deserialize(d)?
        .map(ListOf::into_vec)
        .unwrap_or_default())
}

/// The two list shapes as a standalone response type.
///
/// Deserialized by hand, not as an `untagged` enum: untagged buffers the whole document into
/// serde's intermediate tree before trying each shape, which made decoding 10,000 jobs several
/// times slower than the work itself. This reads the first token and decodes in one pass.
#[derive(Debug)]
pub enum ListOf<T> {
    Bare(Vec<T>),
    Wrapped { results: Vec<T> },
}

impl<'de, T: DeserializeOwned> Deserialize<'de> for ListOf<T> {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        struct ListVisitor<T>(std::marker::PhantomData<T>);

        impl<'de, T: DeserializeOwned> de::Visitor<'de> for ListVisitor<T> {
            type Value = ListOf<T>;

            fn expecting(&self, f: &mut std::fmt::Formatter) -> std::fmt::Result {
                f.write_str("a list, bare or as {\"results\": [...]}")
            }

            fn visit_seq<A: de::SeqAccess<'de>>(self, mut seq: A) -> Result<Self::Value, A::Error> {
                let mut items = Vec::with_capacity(seq.size_hint().unwrap_or(0).min(4096));
                while let Some(item) = seq.next_element()? {
                    items.push(item);
                }
                Ok(ListOf::Bare(items))
            }

            fn visit_map<A: de::MapAccess<'de>>(self, mut map: A) -> Result<Self::Value, A::Error> {
                let mut results = None;
                while let Some(key) = map.next_key::<std::borrow::Cow<'de, str>>()? {
                    if key == "results" && results.is_none() {
                        results = Some(map.next_value()?);
                    } else {
                        map.next_value::<de::IgnoredAny>()?;
                    }
                }
                results
                    .map(|results| ListOf::Wrapped { results })
                    .ok_or_else(|| de::Error::missing_field("results"))
            }
        }

        d.deserialize_any(ListVisitor(std::marker::PhantomData))
    }
}

impl<T> ListOf<T> {
    pub fn into_vec(self) -> Vec<T> {
        match self {
            ListOf::Bare(items) | ListOf::Wrapped { results: items } => items,
        }
    }
}

/// A string that may be missing or null: empty then.
pub fn opt_text_or_empty<'de, D: Deserializer<'de>>(d: D) -> Result<String, D::Error> {
    Ok(opt_text(d)?.unwrap_or_default())
}

/// A run status in any spelling; missing or null reads as "new".
pub fn opt_status<'de, D: Deserializer<'de>>(d: D) -> Result<super::run_state::RunState, D::Error> {
    Ok(opt_text(d)?
        .map(|raw| super::run_state::RunState::from_raw(&raw))
        .unwrap_or_default())
}
