//! The registry of every type a shell sees: [`Event`] and [`ViewModel`] and all they reach.
//!
//! Built with facet reflection ([`facet_generate`]), then patched once: fields that have no facet
//! reflection of their own (jiff dates, marked `#[facet(opaque, proxy = domain::shell::IsoText)]`)
//! are dropped by the reflection and are put back here, in place, as the strings the JSON form
//! uses. Code generation and the FFI codec both use [`registry`].

use std::cell::OnceCell;
use std::collections::{HashMap, HashSet};
use std::rc::Rc;

use facet::{Def, Facet, Field, Shape, StructKind, Type, UserType};
use facet_generate::Registry;
use facet_generate::reflection::RegistryBuilder;
use facet_generate::reflection::format::{
    ContainerFormat, Doc, Format, Named, QualifiedTypeName, VariantFormat,
};

use crate::{Event, ViewModel};

/// The name of the event type in the registry (what shells send).
pub const EVENT: &str = "Event";
/// The name of the view model type in the registry (what shells render).
pub const VIEW_MODEL: &str = "ViewModel";

/// The shell-type registry, built once per thread (facet_generate's formats are not `Sync`;
/// building it and generating all the Kotlin takes 66 ms in a debug build).
pub fn registry() -> Result<Rc<Registry>, String> {
    thread_local! {
        static REGISTRY: OnceCell<Result<Rc<Registry>, String>> = const { OnceCell::new() };
    }
    REGISTRY.with(|cell| cell.get_or_init(|| build().map(Rc::new)).clone())
}

/// Builds the registry from the facet shapes of [`Event`] and [`ViewModel`].
pub fn build() -> Result<Registry, String> {
    let mut registry = RegistryBuilder::new()
        .add_type::<Event>()
        .map_err(|e| format!("Event: {e}"))?
        .add_type::<ViewModel>()
        .map_err(|e| format!("ViewModel: {e}"))?
        .build()
        .map_err(|e| e.to_string())?;
    let mut walk = Walk::default();
    walk.visit(&mut registry, Event::SHAPE)?;
    walk.visit(&mut registry, ViewModel::SHAPE)?;
    Ok(registry)
}

/// The name a container has in the registry (its facet `rename`, or its Rust name).
fn registry_name(shape: &Shape) -> &'static str {
    shape
        .attributes
        .iter()
        .find(|a| a.ns.is_none() && a.key == "rename")
        .and_then(|a| a.get_as::<&str>().copied())
        .unwrap_or(shape.type_identifier)
}

/// Every shape reached from the roots, once; and which shape owns each registry name (two Rust
/// types with one name would share one generated type: an error, fixed with `facet(rename)`).
#[derive(Default)]
struct Walk {
    seen: HashSet<usize>,
    names: HashMap<&'static str, usize>,
}

/// The registry key of a named container.
pub fn key(name: &str) -> QualifiedTypeName {
    QualifiedTypeName::root(name.to_owned())
}

/// The format a proxied field travels as.
fn proxy_format(field: &Field) -> Result<Option<Format>, String> {
    let Some(proxy) = field.proxy else {
        return Ok(None);
    };
    match proxy.shape.type_identifier {
        "IsoText" => Ok(Some(Format::Str)),
        "OptionalIsoText" => Ok(Some(Format::Option(Box::new(Format::Str)))),
        other => Err(format!(
            "field `{}` has proxy `{other}`, which the shell types do not know",
            field.name
        )),
    }
}

fn is_skipped(field: &Field) -> bool {
    field.flags.contains(facet::FieldFlags::SKIP)
}

/// Rebuilds a field list from the shape's fields: reflected fields in order, proxied ones put back.
fn rebuild_fields(
    fields: &[Field],
    reflected: &[Named<Format>],
) -> Result<Vec<Named<Format>>, String> {
    let mut reflected = reflected.iter();
    let mut out = Vec::with_capacity(fields.len());
    for field in fields.iter().filter(|f| !is_skipped(f)) {
        if let Some(format) = proxy_format(field)? {
            out.push(Named {
                name: field.rename.unwrap_or(field.name).to_owned(),
                doc: Doc::new(),
                value: format,
            });
        } else {
            let named = reflected
                .next()
                .ok_or_else(|| format!("field `{}` missing from the registry", field.name))?;
            out.push(named.clone());
        }
    }
    Ok(out)
}

fn has_proxy(fields: &[Field]) -> bool {
    fields.iter().any(|f| f.proxy.is_some())
}

impl Walk {
    fn visit(&mut self, registry: &mut Registry, shape: &'static Shape) -> Result<(), String> {
        let address = std::ptr::from_ref(shape) as usize;
        if !self.seen.insert(address) {
            return Ok(());
        }
        if matches!(
            shape.ty,
            Type::User(UserType::Struct(_) | UserType::Enum(_))
        ) && matches!(shape.def, Def::Undefined)
        {
            let name = registry_name(shape);
            if let Some(other) = self.names.insert(name, address)
                && other != address
            {
                return Err(format!(
                    "two types are called `{name}` in the shell types; give one a facet(rename)"
                ));
            }
        }
        match shape.def {
            Def::Option(def) => return self.visit(registry, def.t),
            Def::List(def) => return self.visit(registry, def.t),
            Def::Set(def) => return self.visit(registry, def.t),
            Def::Array(def) => return self.visit(registry, def.t),
            Def::Map(def) => {
                self.visit(registry, def.k)?;
                return self.visit(registry, def.v);
            }
            Def::Pointer(def) => {
                if let Some(pointee) = def.pointee {
                    self.visit(registry, pointee)?;
                }
                return Ok(());
            }
            _ => {}
        }
        if let Some(inner) = shape.inner {
            self.visit(registry, inner)?;
        }
        match shape.ty {
            Type::User(UserType::Struct(st)) => {
                if has_proxy(st.fields) {
                    let entry = registry
                        .get_mut(&key(registry_name(shape)))
                        .ok_or_else(|| format!("`{shape}` missing from the registry"))?;
                    let reflected = match entry {
                        ContainerFormat::Struct(named, _) => named.clone(),
                        _ => Vec::new(),
                    };
                    *entry =
                        ContainerFormat::Struct(rebuild_fields(st.fields, &reflected)?, Doc::new());
                }
                for field in st
                    .fields
                    .iter()
                    .filter(|f| f.proxy.is_none() && !is_skipped(f))
                {
                    self.visit(registry, field.shape())?;
                }
            }
            Type::User(UserType::Enum(en)) => {
                let variants = en.variants.iter().filter(|v| {
                    !v.attributes
                        .iter()
                        .any(|a| a.key == "skip" && a.is_builtin())
                });
                for (index, variant) in variants.enumerate() {
                    let fields = variant.data.fields;
                    if has_proxy(fields) {
                        let Some(ContainerFormat::Enum(entries, _, _)) =
                            registry.get_mut(&key(registry_name(shape)))
                        else {
                            return Err(format!("enum `{shape}` missing from the registry"));
                        };
                        let index = u32::try_from(index).map_err(|e| e.to_string())?;
                        let entry = entries
                            .get_mut(&index)
                            .ok_or_else(|| format!("`{shape}` variant {index} missing"))?;
                        let reflected: Vec<Named<Format>> = match &entry.value {
                            VariantFormat::Struct(named) => named.clone(),
                            VariantFormat::NewType(format) => {
                                vec![Named::new(format, String::new())]
                            }
                            VariantFormat::Tuple(formats) => formats
                                .iter()
                                .map(|f| Named::new(f, String::new()))
                                .collect(),
                            _ => Vec::new(),
                        };
                        let rebuilt = rebuild_fields(fields, &reflected)?;
                        entry.value = match variant.data.kind {
                            StructKind::Struct => VariantFormat::Struct(rebuilt),
                            _ if rebuilt.len() == 1 => {
                                VariantFormat::NewType(Box::new(rebuilt[0].value.clone()))
                            }
                            _ => {
                                VariantFormat::Tuple(rebuilt.into_iter().map(|n| n.value).collect())
                            }
                        };
                    }
                    for field in fields
                        .iter()
                        .filter(|f| f.proxy.is_none() && !is_skipped(f))
                    {
                        self.visit(registry, field.shape())?;
                    }
                }
            }
            _ => {}
        }
        Ok(())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_registry_covers_event_and_view_model() {
        let registry = registry().expect("registry builds");
        assert!(registry.contains_key(&key(EVENT)));
        assert!(registry.contains_key(&key(VIEW_MODEL)));
        // Internal answers are not part of the shell API.
        let Some(ContainerFormat::Enum(variants, _, _)) = registry.get(&key(EVENT)) else {
            panic!("Event is an enum");
        };
        let names: Vec<&str> = variants.values().map(|v| v.name.as_str()).collect();
        assert!(names.contains(&"SignUp"));
        assert!(!names.contains(&"Loaded"));
    }

    #[test]
    fn dates_are_put_back_as_text_in_place() {
        let registry = registry().expect("registry builds");
        let Some(ContainerFormat::Struct(fields, _)) = registry.get(&key("MentorApplication"))
        else {
            panic!("MentorApplication is a struct");
        };
        let names: Vec<&str> = fields.iter().map(|f| f.name.as_str()).collect();
        let at = names
            .iter()
            .position(|n| *n == "stable_since")
            .expect("stable_since");
        assert_eq!(names[at - 1], "areas");
        assert_eq!(fields[at].value, Format::Str);
    }
}
