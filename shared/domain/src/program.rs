//! Programs: an organisation's mentoring scheme, its locales, and its crisis resources per locale.

use serde::{Deserialize, Serialize};

use crate::account::{FieldError, normalize_label};
use crate::limits::{MAX_LOCALE_CHARS, MAX_NAME_CHARS};

/// One place to get help now. At least one way to reach it (phone, SMS or URL) is required.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "facet", derive(facet::Facet))]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(deny_unknown_fields)]
pub struct CrisisResource {
    /// "Samaritans", "988 Suicide & Crisis Lifeline".
    pub name: String,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub phone: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub sms: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub url: Option<String>,
    /// When it is staffed, in words ("24/7", "Mon–Fri 9:00–17:00").
    pub hours: String,
}

/// The crisis resources shown to people using one locale.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(deny_unknown_fields)]
pub struct LocaleCrisisResources {
    pub locale: String,
    pub resources: Vec<CrisisResource>,
}

/// What anyone (signed in or not) may know about a program: enough to sign up and to get help.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct ProgramInfo {
    pub program_id: uuid::Uuid,
    pub organisation: String,
    pub name: String,
    /// The program's locales; the first is its default.
    pub locales: Vec<String>,
    pub crisis_resources: Vec<LocaleCrisisResources>,
    /// The lived-experience areas and training modules the program's forms offer.
    #[serde(default)]
    pub catalog: crate::mentoring::profile::ProgramCatalog,
    /// How often the program expects a mentee to check in (from the program's settings; the
    /// default when absent, e.g. from an older server).
    #[serde(
        default,
        deserialize_with = "crate::checkins::deserialize_cadence_clamped"
    )]
    pub checkin_cadence_days: crate::checkins::CheckInCadence,
}

impl ProgramInfo {
    /// The crisis resources for `locale`, falling back to its language, then to the program default.
    pub fn crisis_resources_for(&self, locale: &str) -> &[CrisisResource] {
        let language = locale.split('-').next().unwrap_or(locale);
        let find = |wanted: &str| {
            self.crisis_resources
                .iter()
                .find(|entry| entry.locale.eq_ignore_ascii_case(wanted))
        };
        find(locale)
            .or_else(|| find(language))
            .or_else(|| self.locales.first().and_then(|default| find(default)))
            .map_or(&[], |entry| entry.resources.as_slice())
    }
}

/// Validates a BCP 47-style locale tag: a 2–3 letter language, then optional alphanumeric subtags.
pub fn validate_locale(tag: &str) -> Result<(), FieldError> {
    let field = "locale";
    if tag.is_empty() {
        return Err(FieldError::Missing { field });
    }
    if tag.len() > MAX_LOCALE_CHARS {
        return Err(FieldError::TooLong {
            field,
            max: MAX_LOCALE_CHARS,
        });
    }
    let mut parts = tag.split('-');
    let language = parts.next().unwrap_or_default();
    let language_ok =
        (2..=3).contains(&language.len()) && language.chars().all(|c| c.is_ascii_lowercase());
    let rest_ok =
        parts.all(|p| (2..=8).contains(&p.len()) && p.chars().all(|c| c.is_ascii_alphanumeric()));
    if language_ok && rest_ok {
        Ok(())
    } else {
        Err(FieldError::Invalid { field })
    }
}

/// Validates a program definition before it is stored: names, at least one locale, and every
/// crisis resource reachable somehow. Every program locale must have crisis resources: safety
/// help is never missing for a language the program serves.
pub fn validate_program(
    organisation: &str,
    name: &str,
    locales: &[String],
    crisis_resources: &[LocaleCrisisResources],
) -> Result<(), FieldError> {
    normalize_label(organisation, "organisation", MAX_NAME_CHARS)?;
    normalize_label(name, "name", MAX_NAME_CHARS)?;
    if locales.is_empty() {
        return Err(FieldError::Missing { field: "locales" });
    }
    for locale in locales {
        validate_locale(locale)?;
        if !crisis_resources
            .iter()
            .any(|entry| &entry.locale == locale && !entry.resources.is_empty())
        {
            return Err(FieldError::Missing {
                field: "crisis_resources",
            });
        }
    }
    for entry in crisis_resources {
        validate_locale(&entry.locale)?;
        for resource in &entry.resources {
            normalize_label(&resource.name, "crisis_resources.name", MAX_NAME_CHARS)?;
            normalize_label(&resource.hours, "crisis_resources.hours", MAX_NAME_CHARS)?;
            let reachable = [&resource.phone, &resource.sms, &resource.url]
                .iter()
                .any(|way| way.as_deref().is_some_and(|w| !w.trim().is_empty()));
            if !reachable {
                return Err(FieldError::Missing {
                    field: "crisis_resources.phone",
                });
            }
        }
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    fn resource(name: &str) -> CrisisResource {
        CrisisResource {
            name: name.into(),
            phone: Some("116 123".into()),
            sms: None,
            url: None,
            hours: "24/7".into(),
        }
    }

    fn program() -> ProgramInfo {
        ProgramInfo {
            program_id: uuid::Uuid::nil(),
            organisation: "Org".into(),
            name: "Prog".into(),
            locales: vec!["en-GB".into(), "es".into()],
            crisis_resources: vec![
                LocaleCrisisResources {
                    locale: "en-GB".into(),
                    resources: vec![resource("Samaritans")],
                },
                LocaleCrisisResources {
                    locale: "es".into(),
                    resources: vec![resource("Teléfono de la Esperanza")],
                },
            ],
            catalog: crate::mentoring::profile::ProgramCatalog::default(),
            checkin_cadence_days: crate::checkins::CheckInCadence::default(),
        }
    }

    #[test]
    fn crisis_resources_fall_back_from_region_to_language_to_default() {
        let p = program();
        assert_eq!(
            p.crisis_resources_for("es-MX")[0].name,
            "Teléfono de la Esperanza"
        );
        assert_eq!(p.crisis_resources_for("en-GB")[0].name, "Samaritans");
        assert_eq!(p.crisis_resources_for("fr")[0].name, "Samaritans");
    }

    #[test]
    fn the_cadence_defaults_when_absent_and_is_clamped_when_out_of_range() {
        let mut json = serde_json::to_value(program()).unwrap();
        assert_eq!(json["checkin_cadence_days"], 3);
        json.as_object_mut().unwrap().remove("checkin_cadence_days");
        let old: ProgramInfo = serde_json::from_value(json.clone()).unwrap();
        assert_eq!(old.checkin_cadence_days.days(), 3);
        for (sent, read) in [(7, 7), (0, 1), (400, crate::checkins::MAX_CADENCE_DAYS)] {
            json["checkin_cadence_days"] = serde_json::json!(sent);
            let info: ProgramInfo = serde_json::from_value(json.clone()).unwrap();
            assert_eq!(info.checkin_cadence_days.days(), read, "{sent}");
            assert_eq!(info.crisis_resources, program().crisis_resources);
        }
        json["checkin_cadence_days"] = serde_json::json!("weekly");
        assert!(serde_json::from_value::<ProgramInfo>(json).is_err());
    }

    #[test]
    fn locales_are_checked() {
        for good in ["en", "en-GB", "zh-Hant-TW", "ast"] {
            assert!(validate_locale(good).is_ok(), "{good}");
        }
        for bad in ["", "EN", "e", "english", "en_GB", "en--GB", "en-G"] {
            assert!(validate_locale(bad).is_err(), "{bad}");
        }
    }

    #[test]
    fn a_program_needs_reachable_crisis_help_in_every_locale() {
        let p = program();
        assert!(validate_program("Org", "Prog", &p.locales, &p.crisis_resources).is_ok());
        assert!(validate_program("Org", "Prog", &["fr".into()], &p.crisis_resources).is_err());
        let mut unreachable = p.crisis_resources.clone();
        unreachable[0].resources[0].phone = None;
        assert!(validate_program("Org", "Prog", &p.locales, &unreachable).is_err());
        assert!(validate_program(" ", "Prog", &p.locales, &p.crisis_resources).is_err());
    }
}
