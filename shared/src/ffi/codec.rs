//! Events and view models as bytes: the bincode layout the generated Swift/Kotlin shell types
//! write and read (`Event.bincodeSerialize()`, `ViewModel.bincodeDeserialize(bytes)`).
//!
//! The layout comes from the [`shell_types`](super::shell_types) registry; values go through
//! their serde JSON form, whose names, tags and optional fields are the Rust types' own. Integers
//! are little-endian, lengths `u64`, variant indexes `u32`, options a `0`/`1` byte, UUIDs 16
//! length-prefixed bytes, dates ISO 8601 strings.

use facet_generate::Registry;
use facet_generate::reflection::format::{
    ContainerFormat, EnumTagging, Format, Named, VariantFormat,
};
use serde_json::{Map, Value};

use super::shell_types::{self, EVENT, VIEW_MODEL, key};
use crate::{Event, ViewModel};

/// Why bytes could not be turned into a value or back.
#[derive(Debug, thiserror::Error)]
pub enum CodecError {
    #[error("the shell types could not be built: {0}")]
    Registry(String),
    #[error("at {path}: {message}")]
    Shape { path: String, message: String },
    #[error("the bytes end early")]
    Truncated,
    #[error("{0} bytes left over after the value")]
    TrailingBytes(usize),
    #[error("not a valid value: {0}")]
    Value(#[from] serde_json::Error),
}

fn shape_error(path: &str, message: impl Into<String>) -> CodecError {
    CodecError::Shape {
        path: if path.is_empty() {
            "$".into()
        } else {
            path.into()
        },
        message: message.into(),
    }
}

/// The view model as the generated `ViewModel.bincodeDeserialize` reads it.
pub fn encode_view(view: &ViewModel) -> Result<Vec<u8>, CodecError> {
    let registry = shell_types::registry().map_err(CodecError::Registry)?;
    let value = serde_json::to_value(view)?;
    let mut out = Vec::with_capacity(1024);
    Encoder {
        registry: &registry,
    }
    .container(&mut out, VIEW_MODEL, &value, "")?;
    Ok(out)
}

/// An event as the generated `Event.bincodeSerialize` wrote it.
pub fn decode_event(bytes: &[u8]) -> Result<Event, CodecError> {
    let value = decode(EVENT, bytes)?;
    Ok(serde_json::from_value(value)?)
}

/// An event as a shell would send it (tests and the Rust side of round trips).
pub fn encode_event(event: &Event) -> Result<Vec<u8>, CodecError> {
    encode(EVENT, &serde_json::to_value(event)?)
}

/// A view model from bytes (tests).
pub fn decode_view(bytes: &[u8]) -> Result<ViewModel, CodecError> {
    Ok(serde_json::from_value(decode(VIEW_MODEL, bytes)?)?)
}

/// Encodes the JSON form of the named registry type.
pub fn encode(type_name: &str, value: &Value) -> Result<Vec<u8>, CodecError> {
    let registry = shell_types::registry().map_err(CodecError::Registry)?;
    let mut out = Vec::new();
    Encoder {
        registry: &registry,
    }
    .container(&mut out, type_name, value, "")?;
    Ok(out)
}

/// Decodes bytes of the named registry type into its JSON form; every byte must be used.
pub fn decode(type_name: &str, bytes: &[u8]) -> Result<Value, CodecError> {
    let registry = shell_types::registry().map_err(CodecError::Registry)?;
    let mut input = bytes;
    let value = Decoder {
        registry: &registry,
    }
    .container(&mut input, type_name, "")?;
    if input.is_empty() {
        Ok(value)
    } else {
        Err(CodecError::TrailingBytes(input.len()))
    }
}

struct Encoder<'r> {
    registry: &'r Registry,
}

impl Encoder<'_> {
    fn container(
        &self,
        out: &mut Vec<u8>,
        name: &str,
        value: &Value,
        path: &str,
    ) -> Result<(), CodecError> {
        let container = self
            .registry
            .get(&key(name))
            .ok_or_else(|| shape_error(path, format!("unknown type {name}")))?;
        match container {
            ContainerFormat::UnitStruct(_) => Ok(()),
            ContainerFormat::NewTypeStruct(format, _) => self.value(out, format, value, path),
            ContainerFormat::TupleStruct(formats, _) => self.tuple(out, formats, value, path),
            ContainerFormat::Struct(fields, _) => {
                let object = value
                    .as_object()
                    .ok_or_else(|| shape_error(path, format!("{name} must be an object")))?;
                self.fields(out, fields, object, path)
            }
            ContainerFormat::Enum(variants, tagging, _) => {
                let (variant_name, content) = split_variant(value, tagging, path)?;
                let (index, variant) = variants
                    .iter()
                    .find(|(_, v)| v.name == variant_name)
                    .ok_or_else(|| {
                        shape_error(path, format!("{name} has no variant {variant_name}"))
                    })?;
                out.extend_from_slice(&index.to_le_bytes());
                let path = format!("{path}.{variant_name}");
                match &variant.value {
                    VariantFormat::Unit => Ok(()),
                    VariantFormat::NewType(format) => self.value(out, format, &content, &path),
                    VariantFormat::Tuple(formats) => self.tuple(out, formats, &content, &path),
                    VariantFormat::Struct(fields) => {
                        let empty = Map::new();
                        let object = match &content {
                            Value::Object(object) => object,
                            Value::Null => &empty,
                            _ => {
                                return Err(shape_error(&path, "variant fields must be an object"));
                            }
                        };
                        self.fields(out, fields, object, &path)
                    }
                    VariantFormat::Variable(_) => Err(shape_error(&path, "unresolved variant")),
                }
            }
        }
    }

    fn fields(
        &self,
        out: &mut Vec<u8>,
        fields: &[Named<Format>],
        object: &Map<String, Value>,
        path: &str,
    ) -> Result<(), CodecError> {
        for field in fields {
            let value = object.get(&field.name).unwrap_or(&Value::Null);
            self.value(out, &field.value, value, &format!("{path}.{}", field.name))?;
        }
        Ok(())
    }

    fn tuple(
        &self,
        out: &mut Vec<u8>,
        formats: &[Format],
        value: &Value,
        path: &str,
    ) -> Result<(), CodecError> {
        let items = value
            .as_array()
            .filter(|items| items.len() == formats.len())
            .ok_or_else(|| shape_error(path, format!("expected {} items", formats.len())))?;
        for (index, (format, item)) in formats.iter().zip(items).enumerate() {
            self.value(out, format, item, &format!("{path}[{index}]"))?;
        }
        Ok(())
    }

    #[allow(clippy::cast_possible_truncation, clippy::cast_sign_loss)]
    fn value(
        &self,
        out: &mut Vec<u8>,
        format: &Format,
        value: &Value,
        path: &str,
    ) -> Result<(), CodecError> {
        let unsigned = |max: u64| {
            value
                .as_u64()
                .filter(|n| *n <= max)
                .ok_or_else(|| shape_error(path, format!("expected an integer 0..={max}")))
        };
        let signed = |min: i64, max: i64| {
            value
                .as_i64()
                .filter(|n| (min..=max).contains(n))
                .ok_or_else(|| shape_error(path, format!("expected an integer {min}..={max}")))
        };
        match format {
            Format::TypeName(name) => return self.container(out, &name.name, value, path),
            Format::Unit => {}
            Format::Bool => out.push(u8::from(
                value
                    .as_bool()
                    .ok_or_else(|| shape_error(path, "expected a boolean"))?,
            )),
            Format::U8 => out.push(unsigned(u8::MAX.into())? as u8),
            Format::U16 => {
                out.extend_from_slice(&(unsigned(u16::MAX.into())? as u16).to_le_bytes());
            }
            Format::U32 => {
                out.extend_from_slice(&(unsigned(u32::MAX.into())? as u32).to_le_bytes());
            }
            Format::U64 => out.extend_from_slice(&unsigned(u64::MAX)?.to_le_bytes()),
            Format::I8 => out
                .extend_from_slice(&(signed(i8::MIN.into(), i8::MAX.into())? as i8).to_le_bytes()),
            Format::I16 => out.extend_from_slice(
                &(signed(i16::MIN.into(), i16::MAX.into())? as i16).to_le_bytes(),
            ),
            Format::I32 => out.extend_from_slice(
                &(signed(i32::MIN.into(), i32::MAX.into())? as i32).to_le_bytes(),
            ),
            Format::I64 => out.extend_from_slice(&signed(i64::MIN, i64::MAX)?.to_le_bytes()),
            Format::F32 => {
                let number = value
                    .as_f64()
                    .ok_or_else(|| shape_error(path, "expected a number"))?;
                out.extend_from_slice(&(number as f32).to_le_bytes());
            }
            Format::F64 => {
                let number = value
                    .as_f64()
                    .ok_or_else(|| shape_error(path, "expected a number"))?;
                out.extend_from_slice(&number.to_le_bytes());
            }
            Format::Str => {
                let text = value
                    .as_str()
                    .ok_or_else(|| shape_error(path, "expected a string"))?;
                write_bytes(out, text.as_bytes());
            }
            Format::Uuid => {
                let id: uuid::Uuid = value
                    .as_str()
                    .and_then(|text| text.parse().ok())
                    .ok_or_else(|| shape_error(path, "expected a UUID"))?;
                write_bytes(out, id.as_bytes());
            }
            Format::Bytes => {
                let bytes: Vec<u8> = serde_json::from_value(value.clone())
                    .map_err(|_| shape_error(path, "expected bytes"))?;
                write_bytes(out, &bytes);
            }
            Format::Option(inner) => {
                if value.is_null() {
                    out.push(0);
                } else {
                    out.push(1);
                    self.value(out, inner, value, path)?;
                }
            }
            Format::Seq(inner) | Format::Set(inner) => {
                let items = value
                    .as_array()
                    .ok_or_else(|| shape_error(path, "expected a list"))?;
                out.extend_from_slice(&(items.len() as u64).to_le_bytes());
                for (index, item) in items.iter().enumerate() {
                    self.value(out, inner, item, &format!("{path}[{index}]"))?;
                }
            }
            Format::Map { key, value: inner } => {
                let entries = value
                    .as_object()
                    .ok_or_else(|| shape_error(path, "expected a map"))?;
                out.extend_from_slice(&(entries.len() as u64).to_le_bytes());
                for (name, item) in entries {
                    self.value(out, key, &map_key(key, name), &format!("{path}.{name}"))?;
                    self.value(out, inner, item, &format!("{path}.{name}"))?;
                }
            }
            Format::Tuple(formats) => self.tuple(out, formats, value, path)?,
            Format::TupleArray { content, size } => {
                self.tuple(out, &vec![(**content).clone(); *size], value, path)?;
            }
            _ => return Err(shape_error(path, format!("unsupported format {format:?}"))),
        }
        Ok(())
    }
}

/// A JSON object key as the value its key format expects (numbers are quoted in JSON keys).
fn map_key(format: &Format, name: &str) -> Value {
    match format {
        Format::Str | Format::Uuid | Format::TypeName(_) => Value::String(name.to_owned()),
        _ => name
            .parse::<serde_json::Number>()
            .map_or_else(|_| Value::String(name.to_owned()), Value::Number),
    }
}

fn write_bytes(out: &mut Vec<u8>, bytes: &[u8]) {
    out.extend_from_slice(&(bytes.len() as u64).to_le_bytes());
    out.extend_from_slice(bytes);
}

/// The variant name and its content, from serde's external, internal or adjacent tagging.
fn split_variant(
    value: &Value,
    tagging: &EnumTagging,
    path: &str,
) -> Result<(String, Value), CodecError> {
    match tagging {
        EnumTagging::External => match value {
            Value::String(name) => Ok((name.clone(), Value::Null)),
            Value::Object(object) if object.len() == 1 => {
                let (name, content) = object.iter().next().expect("one entry");
                Ok((name.clone(), content.clone()))
            }
            _ => Err(shape_error(
                path,
                "expected a variant name or {name: content}",
            )),
        },
        EnumTagging::Internal { tag } => {
            let mut object = value
                .as_object()
                .cloned()
                .ok_or_else(|| shape_error(path, "expected an object with a tag"))?;
            let name = object
                .remove(tag)
                .and_then(|name| name.as_str().map(str::to_owned))
                .ok_or_else(|| shape_error(path, format!("missing tag `{tag}`")))?;
            Ok((name, Value::Object(object)))
        }
        EnumTagging::Adjacent { tag, content } => {
            let object = value
                .as_object()
                .ok_or_else(|| shape_error(path, "expected an object with a tag"))?;
            let name = object
                .get(tag)
                .and_then(Value::as_str)
                .ok_or_else(|| shape_error(path, format!("missing tag `{tag}`")))?;
            Ok((
                name.to_owned(),
                object.get(content).cloned().unwrap_or(Value::Null),
            ))
        }
    }
}

struct Decoder<'r> {
    registry: &'r Registry,
}

fn take<'a>(input: &mut &'a [u8], count: usize) -> Result<&'a [u8], CodecError> {
    if input.len() < count {
        return Err(CodecError::Truncated);
    }
    let (head, tail) = input.split_at(count);
    *input = tail;
    Ok(head)
}

fn array<const N: usize>(input: &mut &[u8]) -> Result<[u8; N], CodecError> {
    let mut bytes = [0; N];
    bytes.copy_from_slice(take(input, N)?);
    Ok(bytes)
}

/// A length prefix, checked against what is left (each item takes at least one byte, except
/// zero-sized ones, which are capped).
fn length(input: &mut &[u8]) -> Result<usize, CodecError> {
    let length = u64::from_le_bytes(array(input)?);
    usize::try_from(length)
        .ok()
        .filter(|n| *n <= input.len().max(1 << 16))
        .ok_or(CodecError::Truncated)
}

impl Decoder<'_> {
    fn container(&self, input: &mut &[u8], name: &str, path: &str) -> Result<Value, CodecError> {
        let container = self
            .registry
            .get(&key(name))
            .ok_or_else(|| shape_error(path, format!("unknown type {name}")))?;
        match container {
            ContainerFormat::UnitStruct(_) => Ok(Value::Null),
            ContainerFormat::NewTypeStruct(format, _) => self.value(input, format, path),
            ContainerFormat::TupleStruct(formats, _) => self.tuple(input, formats, path),
            ContainerFormat::Struct(fields, _) => {
                Ok(Value::Object(self.fields(input, fields, path)?))
            }
            ContainerFormat::Enum(variants, tagging, _) => {
                let index = u32::from_le_bytes(array(input)?);
                let variant = variants
                    .get(&index)
                    .ok_or_else(|| shape_error(path, format!("{name} has no variant {index}")))?;
                let path = format!("{path}.{}", variant.name);
                let content = match &variant.value {
                    VariantFormat::Unit => None,
                    VariantFormat::NewType(format) => Some(self.value(input, format, &path)?),
                    VariantFormat::Tuple(formats) => Some(self.tuple(input, formats, &path)?),
                    VariantFormat::Struct(fields) => {
                        Some(Value::Object(self.fields(input, fields, &path)?))
                    }
                    VariantFormat::Variable(_) => {
                        return Err(shape_error(&path, "unresolved variant"));
                    }
                };
                join_variant(&variant.name, content, tagging, &path)
            }
        }
    }

    fn fields(
        &self,
        input: &mut &[u8],
        fields: &[Named<Format>],
        path: &str,
    ) -> Result<Map<String, Value>, CodecError> {
        let mut object = Map::new();
        for field in fields {
            let value = self.value(input, &field.value, &format!("{path}.{}", field.name))?;
            object.insert(field.name.clone(), value);
        }
        Ok(object)
    }

    fn tuple(
        &self,
        input: &mut &[u8],
        formats: &[Format],
        path: &str,
    ) -> Result<Value, CodecError> {
        formats
            .iter()
            .enumerate()
            .map(|(index, format)| self.value(input, format, &format!("{path}[{index}]")))
            .collect::<Result<Vec<_>, _>>()
            .map(Value::Array)
    }

    fn value(&self, input: &mut &[u8], format: &Format, path: &str) -> Result<Value, CodecError> {
        Ok(match format {
            Format::TypeName(name) => return self.container(input, &name.name, path),
            Format::Unit => Value::Null,
            Format::Bool => match take(input, 1)?[0] {
                0 => Value::Bool(false),
                1 => Value::Bool(true),
                other => return Err(shape_error(path, format!("invalid boolean {other}"))),
            },
            Format::U8 => Value::from(take(input, 1)?[0]),
            Format::U16 => Value::from(u16::from_le_bytes(array(input)?)),
            Format::U32 => Value::from(u32::from_le_bytes(array(input)?)),
            Format::U64 => Value::from(u64::from_le_bytes(array(input)?)),
            Format::I8 => Value::from(i8::from_le_bytes(array(input)?)),
            Format::I16 => Value::from(i16::from_le_bytes(array(input)?)),
            Format::I32 => Value::from(i32::from_le_bytes(array(input)?)),
            Format::I64 => Value::from(i64::from_le_bytes(array(input)?)),
            Format::F32 => Value::from(f32::from_le_bytes(array(input)?)),
            Format::F64 => Value::from(f64::from_le_bytes(array(input)?)),
            Format::Str => {
                let count = length(input)?;
                let text = std::str::from_utf8(take(input, count)?)
                    .map_err(|_| shape_error(path, "invalid UTF-8"))?;
                Value::String(text.to_owned())
            }
            Format::Uuid => {
                let count = length(input)?;
                let id = uuid::Uuid::from_slice(take(input, count)?)
                    .map_err(|_| shape_error(path, "a UUID is 16 bytes"))?;
                Value::String(id.to_string())
            }
            Format::Bytes => {
                let count = length(input)?;
                Value::from(take(input, count)?.to_vec())
            }
            Format::Option(inner) => match take(input, 1)?[0] {
                0 => Value::Null,
                1 => self.value(input, inner, path)?,
                other => return Err(shape_error(path, format!("invalid option tag {other}"))),
            },
            Format::Seq(inner) | Format::Set(inner) => {
                let count = length(input)?;
                let mut items = Vec::with_capacity(count.min(1024));
                for index in 0..count {
                    items.push(self.value(input, inner, &format!("{path}[{index}]"))?);
                }
                Value::Array(items)
            }
            Format::Map { key, value } => {
                let count = length(input)?;
                let mut entries = Map::new();
                for index in 0..count {
                    let name = match self.value(input, key, &format!("{path}[{index}]"))? {
                        Value::String(text) => text,
                        other => other.to_string(),
                    };
                    let item = self.value(input, value, &format!("{path}.{name}"))?;
                    entries.insert(name, item);
                }
                Value::Object(entries)
            }
            Format::Tuple(formats) => self.tuple(input, formats, path)?,
            Format::TupleArray { content, size } => {
                self.tuple(input, &vec![(**content).clone(); *size], path)?
            }
            _ => return Err(shape_error(path, format!("unsupported format {format:?}"))),
        })
    }
}

/// The serde JSON form of a variant under the enum's tagging.
fn join_variant(
    name: &str,
    content: Option<Value>,
    tagging: &EnumTagging,
    path: &str,
) -> Result<Value, CodecError> {
    Ok(match tagging {
        EnumTagging::External => match content {
            None => Value::String(name.to_owned()),
            Some(content) => Value::Object(Map::from_iter([(name.to_owned(), content)])),
        },
        EnumTagging::Internal { tag } => {
            let mut object = match content {
                None | Some(Value::Null) => Map::new(),
                Some(Value::Object(object)) => object,
                Some(_) => {
                    return Err(shape_error(
                        path,
                        "an internally tagged variant must hold fields",
                    ));
                }
            };
            object.insert(tag.clone(), Value::String(name.to_owned()));
            Value::Object(object)
        }
        EnumTagging::Adjacent { tag, content: key } => {
            let mut object = Map::from_iter([(tag.clone(), Value::String(name.to_owned()))]);
            if let Some(content) = content {
                object.insert(key.clone(), content);
            }
            Value::Object(object)
        }
    })
}

#[cfg(test)]
mod tests {
    use super::*;
    use domain::relationship::Action;
    use serde_json::json;

    fn application() -> Box<domain::mentoring::profile::MentorApplication> {
        let weekdays: Vec<Value> = ["monday", "friday"]
            .iter()
            .map(|day| json!({"weekday": day, "start_minute": 1020, "end_minute": 1260}))
            .collect();
        serde_json::from_value(json!({
            "areas": ["anxiety"],
            "stable_since": "2019-07-14",
            "training": [{"module": "peer support foundations", "completed_on": "2024-02-03"}],
            "references": [{"name": "R", "contact": "r@example.org"}],
            "languages": ["en-GB"],
            "formats": ["video", "in_person"],
            "availability": weekdays,
            "time_zone": "Europe/London",
            "capacity": 3,
            "bio": "I lived with anxiety.",
        }))
        .expect("a valid application")
    }

    fn round_trip(event: &Event) {
        let bytes = encode_event(event).expect("encodes");
        assert_eq!(&decode_event(&bytes).expect("decodes"), event);
    }

    #[test]
    fn shell_events_round_trip_through_the_generated_layout() {
        let id = uuid::Uuid::now_v7();
        round_trip(&Event::LogOut);
        round_trip(&Event::SignUp {
            program_id: id,
            email: "a@example.org".into(),
            password: "pw".into(),
            display_name: "Ada".into(),
            locale: None,
        });
        // Internally tagged, with and without fields.
        round_trip(&Event::ActOnRelationship {
            relationship_id: id,
            action: Action::Accept {},
        });
        round_trip(&Event::ActOnRelationship {
            relationship_id: id,
            action: Action::AcknowledgeAgreement {
                agreement_version: 1,
            },
        });
        // Dates travel as text; optional fields skipped by serde come back as `None`.
        round_trip(&Event::SubmitMentorApplication {
            application: application(),
        });
    }

    #[test]
    fn the_layout_is_bincode_by_variant_index() {
        let bytes = encode_event(&Event::LogOut).unwrap();
        let Some(ContainerFormat::Enum(variants, _, _)) =
            shell_types::registry().unwrap().get(&key(EVENT)).cloned()
        else {
            panic!("Event is an enum");
        };
        let index = variants.iter().find(|(_, v)| v.name == "LogOut").unwrap().0;
        assert_eq!(bytes, index.to_le_bytes());
        let text = encode_event(&Event::LoadProgram {
            program_id: uuid::Uuid::nil(),
        })
        .unwrap();
        // u32 index, u64 length 16, 16 bytes.
        assert_eq!(text.len(), 4 + 8 + 16);
        assert_eq!(&text[4..12], &16u64.to_le_bytes());
    }

    #[test]
    fn bad_bytes_are_errors_not_panics() {
        let good = encode_event(&Event::SignUp {
            program_id: uuid::Uuid::now_v7(),
            email: "a@example.org".into(),
            password: "pw".into(),
            display_name: "Ada".into(),
            locale: Some("en-GB".into()),
        })
        .unwrap();
        for cut in 0..good.len() {
            assert!(decode_event(&good[..cut]).is_err(), "prefix of {cut} bytes");
        }
        let mut trailing = good.clone();
        trailing.push(0);
        assert!(matches!(
            decode_event(&trailing),
            Err(CodecError::TrailingBytes(1))
        ));
        assert!(decode_event(&u32::MAX.to_le_bytes()).is_err());
        // A huge length prefix is refused before anything is allocated.
        let mut huge = good[..4].to_vec();
        huge.extend_from_slice(&u64::MAX.to_le_bytes());
        assert!(matches!(decode_event(&huge), Err(CodecError::Truncated)));
        // Text that is not UTF-8.
        let mut text = good[..4 + 8 + 16].to_vec();
        text.extend_from_slice(&2u64.to_le_bytes());
        text.extend_from_slice(&[0xff, 0xfe]);
        assert!(matches!(decode_event(&text), Err(CodecError::Shape { .. })));
    }

    #[test]
    fn the_view_model_round_trips() {
        let core: crux_core::Core<crate::Beacon> = crux_core::Core::new();
        let view = core.view();
        let bytes = encode_view(&view).expect("encodes");
        assert_eq!(decode_view(&bytes).expect("decodes"), view);
    }
}
