//! Tolerant serde helpers for what a real Zephyr may send (contract section 5):
//! ids as numbers or numeric strings, dates as epoch ms or `MM/dd/yyyy`, lists bare or wrapped.

use serde::de::{self, DeserializeOwned, Deserializer};
use serde::Deserialize;

// Each tolerant field below is read by a visitor that takes whichever JSON type came, in one
// pass. They replace `#[serde(untagged)]` enums, which buffer every value into serde's
// intermediate tree and try each variant in turn: on 10,000 jobs of 22 fields that was a third
// of the list's decoding time.

/// One JSON scalar as it arrived, for the tolerant readers: whole numbers, other numbers, text,
/// booleans and null. Arrays and objects are refused with serde's usual "invalid type" error.
enum Scalar<'a> {
    Int(i64),
    /// A whole number above `i64::MAX`.
    Big(u64),
    Float(f64),
    Text(std::borrow::Cow<'a, str>),
    Bool(bool),
    Null,
}

struct ScalarVisitor(&'static str);

impl<'de> de::Visitor<'de> for ScalarVisitor {
    type Value = Scalar<'de>;

    fn expecting(&self, f: &mut std::fmt::Formatter) -> std::fmt::Result {
        f.write_str(self.0)
    }
    fn visit_i64<E: de::Error>(self, v: i64) -> Result<Self::Value, E> {
        Ok(Scalar::Int(v))
    }
    fn visit_u64<E: de::Error>(self, v: u64) -> Result<Self::Value, E> {
        Ok(i64::try_from(v).map_or(Scalar::Big(v), Scalar::Int))
    }
    fn visit_f64<E: de::Error>(self, v: f64) -> Result<Self::Value, E> {
        Ok(Scalar::Float(v))
    }
    fn visit_borrowed_str<E: de::Error>(self, v: &'de str) -> Result<Self::Value, E> {
        Ok(Scalar::Text(std::borrow::Cow::Borrowed(v)))
    }
    fn visit_str<E: de::Error>(self, v: &str) -> Result<Self::Value, E> {
        Ok(Scalar::Text(std::borrow::Cow::Owned(v.to_owned())))
    }
    fn visit_string<E: de::Error>(self, v: String) -> Result<Self::Value, E> {
        Ok(Scalar::Text(std::borrow::Cow::Owned(v)))
    }
    fn visit_bool<E: de::Error>(self, v: bool) -> Result<Self::Value, E> {
        Ok(Scalar::Bool(v))
    }
    fn visit_unit<E: de::Error>(self) -> Result<Self::Value, E> {
        Ok(Scalar::Null)
    }
    fn visit_none<E: de::Error>(self) -> Result<Self::Value, E> {
        Ok(Scalar::Null)
    }
    fn visit_some<D: Deserializer<'de>>(self, d: D) -> Result<Self::Value, D::Error> {
        d.deserialize_any(self)
    }
}

fn scalar<'de, D: Deserializer<'de>>(
    d: D,
    expecting: &'static str,
) -> Result<Scalar<'de>, D::Error> {
    d.deserialize_any(ScalarVisitor(expecting))
}

fn not_a<E: de::Error>(what: &str) -> E {
    E::custom(format!("expected {what}"))
}

fn whole_id<E: de::Error>(value: Scalar<'_>) -> Result<i64, E> {
    match value {
        Scalar::Int(n) => Ok(n),
        Scalar::Big(n) => Ok(n as f64 as i64),
        Scalar::Float(f) if f.fract() == 0.0 => Ok(f as i64),
        Scalar::Float(f) => Err(E::custom(format!("id {f} is not a whole number"))),
        Scalar::Text(s) => s
            .trim()
            .parse()
            .map_err(|_| E::custom(format!("id {s:?} is not a number"))),
        Scalar::Bool(_) | Scalar::Null => Err(not_a("an id, as a number or numeric text")),
    }
}

/// An id sent as `12` or `"12"`.
pub fn id<'de, D: Deserializer<'de>>(d: D) -> Result<i64, D::Error> {
    whole_id(scalar(d, "an id")?)
}

pub fn opt_id<'de, D: Deserializer<'de>>(d: D) -> Result<Option<i64>, D::Error> {
    match scalar(d, "an id or null")? {
        Scalar::Null => Ok(None),
        Scalar::Text(s) if s.trim().is_empty() => Ok(None),
        value => whole_id(value).map(Some),
    }
}

/// A number that may come as a string; absent or null is `None`.
pub fn opt_count<'de, D: Deserializer<'de>>(d: D) -> Result<Option<u32>, D::Error> {
    Ok(opt_id(d)?.and_then(|n| u32::try_from(n).ok()))
}

/// A boolean that may come as `"true"`/`"false"`, or be null.
pub fn lenient_bool<'de, D: Deserializer<'de>>(d: D) -> Result<bool, D::Error> {
    match scalar(d, "a boolean")? {
        Scalar::Null => Ok(false),
        Scalar::Bool(b) => Ok(b),
        Scalar::Text(s) => Ok(s.eq_ignore_ascii_case("true")),
        Scalar::Int(n) => Ok(n != 0),
        Scalar::Big(_) | Scalar::Float(_) => Err(not_a("a boolean")),
    }
}

/// A string field that may be absent, null, or (on some servers) a number.
pub fn opt_text<'de, D: Deserializer<'de>>(d: D) -> Result<Option<String>, D::Error> {
    Ok(match scalar(d, "text")? {
        Scalar::Null => None,
        Scalar::Text(s) => Some(s.into_owned()),
        Scalar::Int(n) => Some(n.to_string()),
        Scalar::Big(n) => Some(n.to_string()),
        // As serde_json prints a number it read (`1.5`, `2.0`).
        Scalar::Float(f) => {
            Some(serde_json::Number::from_f64(f).map_or_else(|| f.to_string(), |n| n.to_string()))
        }
        Scalar::Bool(b) => Some(b.to_string()),
    })
}

/// A point in time as epoch milliseconds, from epoch ms, a numeric string, `MM/dd/yyyy`,
/// `yyyy-MM-dd` or null. Text we cannot read becomes `None` rather than failing the whole
/// response: a job list must not disappear because one date is odd.
pub fn opt_date<'de, D: Deserializer<'de>>(d: D) -> Result<Option<i64>, D::Error> {
    match scalar(d, "a date")? {
        Scalar::Null => Ok(None),
        Scalar::Int(ms) => Ok(Some(ms)),
        Scalar::Big(ms) => Ok(Some(ms as f64 as i64)),
        Scalar::Float(ms) => Ok(Some(ms as i64)),
        Scalar::Text(s) => Ok(parse_date_text(&s)),
        Scalar::Bool(_) => Err(not_a("a date")),
    }
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
pub fn opt_status<'de, D: Deserializer<'de>>(d: D) -> Result<crate::run_state::RunState, D::Error> {
    Ok(opt_text(d)?
        .map(|raw| crate::run_state::RunState::from_raw(&raw))
        .unwrap_or_default())
}
