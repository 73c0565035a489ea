//! Mentor applications, mentee requests, the program's catalog, and what a mentee may see.
//!
//! Start with [`MentorApplication`] and [`MenteeRequest`]; [`validate_mentor_application`] and
//! [`validate_mentee_request`] check them against a [`ProgramCatalog`] and return the normalised
//! form that is stored and matched on. [`MentorPublicProfile`] is the only view of a mentor that a
//! mentee ever receives: no references, no stability date, no training, no coordinates.

use jiff::civil::Date;
use jiff::tz::TimeZone;
use serde::{Deserialize, Serialize};

use crate::account::{FieldError, normalize_label};
use crate::limits::MAX_NAME_CHARS;
use crate::mentoring::availability::{WeeklySlot, normalize_slots};
use crate::program::validate_locale;

/// Longest mentor bio.
pub const MAX_BIO_CHARS: usize = 600;
/// Longest free-text description of a mentee's goals.
pub const MAX_GOALS_CHARS: usize = 600;
/// Most mentees a mentor may take on at once.
pub const MAX_CAPACITY: u32 = 10;
/// Most goal tags or strengths a person may list.
pub const MAX_TAGS: usize = 10;
/// Longest goal tag or strength ("relationships").
pub const MAX_TAG_CHARS: usize = 40;
/// Most languages a person may list.
pub const MAX_LANGUAGES: usize = 10;
/// Most references an application may carry.
pub const MAX_REFERENCES: usize = 5;
/// Longest reference contact (a phone number or email address).
pub const MAX_CONTACT_CHARS: usize = 200;
/// Longest shared identity value ("non-binary", "British Bangladeshi").
pub const MAX_IDENTITY_CHARS: usize = 60;
/// Youngest and oldest ages an age range may mention.
pub const MIN_AGE: u8 = 16;
pub const MAX_AGE: u8 = 120;

/// How a mentor and mentee can meet.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
#[cfg_attr(feature = "facet", derive(facet::Facet))]
#[cfg_attr(feature = "facet", repr(C))]
#[cfg_attr(feature = "facet", facet(rename_all = "snake_case"))]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(rename_all = "snake_case")]
pub enum SessionFormat {
    InPerson,
    Phone,
    Video,
    Messaging,
}

impl SessionFormat {
    pub const ALL: [SessionFormat; 4] = [
        SessionFormat::InPerson,
        SessionFormat::Phone,
        SessionFormat::Video,
        SessionFormat::Messaging,
    ];

    /// Words for explanations ("in person", "video").
    pub fn label(self) -> &'static str {
        match self {
            SessionFormat::InPerson => "in person",
            SessionFormat::Phone => "phone",
            SessionFormat::Video => "video",
            SessionFormat::Messaging => "messaging",
        }
    }
}

/// The program-editable lists an application and a request are checked against.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "facet", derive(facet::Facet))]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(deny_unknown_fields)]
pub struct ProgramCatalog {
    /// Broad lived-experience areas ("depression", "grief").
    pub areas: Vec<String>,
    /// Every training module the program offers.
    pub training_modules: Vec<String>,
    /// The modules a mentor must have completed before a coordinator can approve them.
    pub required_training: Vec<String>,
}

impl Default for ProgramCatalog {
    fn default() -> Self {
        let list = |items: &[&str]| items.iter().map(|&s| s.to_owned()).collect::<Vec<_>>();
        Self {
            areas: list(&[
                "depression",
                "anxiety",
                "bipolar",
                "psychosis",
                "trauma",
                "eating disorders",
                "self-harm",
                "substance use",
                "grief",
            ]),
            training_modules: list(&[
                "peer support foundations",
                "boundaries and confidentiality",
                "safeguarding and risk",
                "active listening",
                "recovery-focused goal setting",
            ]),
            required_training: list(&[
                "peer support foundations",
                "boundaries and confidentiality",
                "safeguarding and risk",
            ]),
        }
    }
}

/// One training module a mentor completed, and when.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "facet", derive(facet::Facet))]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(deny_unknown_fields)]
pub struct TrainingCompletion {
    pub module: String,
    #[cfg_attr(feature = "openapi", schema(value_type = String, format = Date))]
    #[cfg_attr(feature = "facet", facet(opaque, proxy = crate::shell::IsoText))]
    pub completed_on: Date,
}

/// Someone who can vouch for an applicant. Coordinator-only: never shown to mentees or other mentors.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "facet", derive(facet::Facet))]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(deny_unknown_fields)]
pub struct Reference {
    pub name: String,
    /// A phone number or email address.
    pub contact: String,
}

/// A coarse place: a city and region plus coordinates rounded to two decimal places (about 1 km).
/// Only kept when the person offers to meet in person.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "facet", derive(facet::Facet))]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(deny_unknown_fields)]
pub struct CoarseLocation {
    pub city: String,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub region: Option<String>,
    /// Latitude × 100, −9000..=9000.
    pub lat_e2: i32,
    /// Longitude × 100, −18000..=18000.
    pub lon_e2: i32,
}

impl CoarseLocation {
    /// Great-circle distance to `other`, rounded to whole kilometres.
    pub fn distance_km(&self, other: &CoarseLocation) -> u32 {
        distance_km(self.lat_e2, self.lon_e2, other.lat_e2, other.lon_e2)
    }
}

/// Great-circle (haversine) distance between two coordinates given × 100, in whole kilometres.
pub fn distance_km(lat1_e2: i32, lon1_e2: i32, lat2_e2: i32, lon2_e2: i32) -> u32 {
    const EARTH_RADIUS_KM: f64 = 6371.0;
    let radians = |e2: i32| (f64::from(e2) / 100.0).to_radians();
    let (lat1, lat2) = (radians(lat1_e2), radians(lat2_e2));
    let dlat = lat2 - lat1;
    let dlon = radians(lon2_e2) - radians(lon1_e2);
    let h = (dlat / 2.0).sin().powi(2) + lat1.cos() * lat2.cos() * (dlon / 2.0).sin().powi(2);
    let km = 2.0 * EARTH_RADIUS_KM * h.sqrt().min(1.0).asin();
    // At most half the Earth's circumference (~20,015 km): always fits.
    #[allow(clippy::cast_possible_truncation, clippy::cast_sign_loss)]
    let km = km.round() as u32;
    km
}

/// An age range in years, inclusive. A mentor shares the range they are comfortable disclosing
/// (a decade, or a single age); a mentee states the range they would prefer.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[cfg_attr(feature = "facet", derive(facet::Facet))]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(deny_unknown_fields)]
pub struct AgeRange {
    pub from: u8,
    pub to: u8,
}

impl AgeRange {
    /// True if every age in `inner` lies in this range.
    pub fn contains(self, inner: AgeRange) -> bool {
        self.from <= inner.from && inner.to <= self.to
    }
}

/// Identity details a mentor chooses to share. Every field is optional; none is ever inferred.
#[derive(Debug, Clone, PartialEq, Eq, Default, Serialize, Deserialize)]
#[cfg_attr(feature = "facet", derive(facet::Facet))]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(deny_unknown_fields)]
pub struct SharedIdentity {
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub gender: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub cultural_background: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub age_range: Option<AgeRange>,
}

/// What a mentee would prefer in a mentor. A stated preference is a hard filter, and it is only
/// met by a mentor who shared a matching value (an unshared value never counts as a match).
#[derive(Debug, Clone, PartialEq, Eq, Default, Serialize, Deserialize)]
#[cfg_attr(feature = "facet", derive(facet::Facet))]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(deny_unknown_fields)]
pub struct MentorPreferences {
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub gender: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub cultural_background: Option<String>,
    /// Met when the mentor's shared range lies entirely within this one.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub age_range: Option<AgeRange>,
}

/// A person's application to mentor, as stored for the coordinator who screens it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "facet", derive(facet::Facet))]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(deny_unknown_fields)]
pub struct MentorApplication {
    /// Lived-experience areas, from the program's list.
    pub areas: Vec<String>,
    /// Self-attested: the date since which the applicant considers themselves stable in recovery
    /// (people usually give a month; the first of it is fine). A date rather than "months stable"
    /// so it does not go stale; see [`months_stable`].
    #[cfg_attr(feature = "openapi", schema(value_type = String, format = Date))]
    #[cfg_attr(feature = "facet", facet(opaque, proxy = crate::shell::IsoText))]
    pub stable_since: Date,
    #[serde(default)]
    pub training: Vec<TrainingCompletion>,
    /// Coordinator-only. The server strips this before showing an application to anyone else
    /// (see [`MentorApplication::without_references`]).
    #[serde(default)]
    pub references: Vec<Reference>,
    /// BCP 47-style language tags ("es", "en-GB"); matched on the language part.
    pub languages: Vec<String>,
    pub formats: Vec<SessionFormat>,
    /// In `time_zone`.
    pub availability: Vec<WeeklySlot>,
    /// IANA zone name ("Europe/London").
    pub time_zone: String,
    /// Required when offering [`SessionFormat::InPerson`]; dropped otherwise.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub location: Option<CoarseLocation>,
    /// Most mentees at once, 1..=[`MAX_CAPACITY`].
    pub capacity: u32,
    pub bio: String,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub identity: Option<SharedIdentity>,
    /// Goal tags the mentor feels strong on ("work", "relationships", "sleep").
    #[serde(default)]
    pub strengths: Vec<String>,
}

impl MentorApplication {
    /// The application with its coordinator-only references removed.
    #[must_use]
    pub fn without_references(mut self) -> Self {
        self.references.clear();
        self
    }
}

/// What a mentee is looking for.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "facet", derive(facet::Facet))]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(deny_unknown_fields)]
pub struct MenteeRequest {
    /// Lived-experience areas the mentee would like a mentor to share; may be empty (nobody has to
    /// disclose anything to be matched).
    #[serde(default)]
    pub areas: Vec<String>,
    /// Free text, for the mentor once matched. Never used for ranking.
    #[serde(default)]
    pub goals: String,
    /// Short tags matched against mentor strengths ("work", "sleep").
    #[serde(default)]
    pub goal_tags: Vec<String>,
    pub languages: Vec<String>,
    pub formats: Vec<SessionFormat>,
    pub availability: Vec<WeeklySlot>,
    pub time_zone: String,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub preferences: Option<MentorPreferences>,
    /// Required when asking for [`SessionFormat::InPerson`]; dropped otherwise.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub location: Option<CoarseLocation>,
}

/// What a mentee sees of a mentor in a proposal: only what the mentor chose to share.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "facet", derive(facet::Facet))]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct MentorPublicProfile {
    pub display_name: String,
    pub areas: Vec<String>,
    pub languages: Vec<String>,
    pub formats: Vec<SessionFormat>,
    pub strengths: Vec<String>,
    pub bio: String,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub identity: Option<SharedIdentity>,
    /// City only, and only when the mentor meets in person.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub city: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub region: Option<String>,
    pub time_zone: String,
}

impl MentorPublicProfile {
    /// The shareable part of `application`. `display_name` comes from the mentor's account.
    pub fn from_application(display_name: &str, application: &MentorApplication) -> Self {
        let meets_in_person = application.formats.contains(&SessionFormat::InPerson);
        let location = application.location.as_ref().filter(|_| meets_in_person);
        Self {
            display_name: display_name.to_owned(),
            areas: application.areas.clone(),
            languages: application.languages.clone(),
            formats: application.formats.clone(),
            strengths: application.strengths.clone(),
            bio: application.bio.clone(),
            identity: application.identity.clone(),
            city: location.map(|l| l.city.clone()),
            region: location.and_then(|l| l.region.clone()),
            time_zone: application.time_zone.clone(),
        }
    }
}

/// Whole months from `stable_since` to `today` (0 if in the future).
pub fn months_stable(stable_since: Date, today: Date) -> u32 {
    let months = (i32::from(today.year()) - i32::from(stable_since.year())) * 12
        + i32::from(today.month())
        - i32::from(stable_since.month())
        - i32::from(today.day() < stable_since.day());
    u32::try_from(months).unwrap_or(0)
}

/// Required training modules the applicant has not completed yet, in the catalog's order. A
/// coordinator can only approve an application when this is empty.
pub fn missing_required_training(
    application: &MentorApplication,
    catalog: &ProgramCatalog,
) -> Vec<String> {
    catalog
        .required_training
        .iter()
        .filter(|module| {
            !application
                .training
                .iter()
                .any(|done| same_words(&done.module, module))
        })
        .cloned()
        .collect()
}

/// Checks an application against the program's catalog and returns its normalised form: areas and
/// modules spelled as in the catalog and in its order, language tags cased canonically, tags
/// lower-cased and sorted, slots merged, the zone's canonical name, and no location unless meeting
/// in person. `today` bounds the self-attested dates.
pub fn validate_mentor_application(
    application: &MentorApplication,
    catalog: &ProgramCatalog,
    today: Date,
) -> Result<MentorApplication, FieldError> {
    let areas = normalize_catalog_items(&application.areas, &catalog.areas, "areas")?;
    if areas.is_empty() {
        return Err(FieldError::Missing { field: "areas" });
    }
    if application.stable_since > today {
        return Err(FieldError::Invalid {
            field: "stable_since",
        });
    }
    let training = normalize_training(&application.training, catalog, today)?;
    if application.references.len() > MAX_REFERENCES {
        return Err(FieldError::Invalid {
            field: "references",
        });
    }
    let references = application
        .references
        .iter()
        .map(|r| {
            Ok(Reference {
                name: normalize_label(&r.name, "references.name", MAX_NAME_CHARS)?,
                contact: normalize_label(&r.contact, "references.contact", MAX_CONTACT_CHARS)?,
            })
        })
        .collect::<Result<Vec<_>, FieldError>>()?;
    let formats = normalize_formats(&application.formats)?;
    if !(1..=MAX_CAPACITY).contains(&application.capacity) {
        return Err(FieldError::Invalid { field: "capacity" });
    }
    let bio = normalize_text(&application.bio, "bio", MAX_BIO_CHARS)?;
    if bio.is_empty() {
        return Err(FieldError::Missing { field: "bio" });
    }
    let identity = match &application.identity {
        Some(identity) => {
            let (gender, cultural_background, age_range) = normalize_traits(
                identity.gender.as_deref(),
                identity.cultural_background.as_deref(),
                identity.age_range,
                IDENTITY_FIELDS,
            )?;
            let identity = SharedIdentity {
                gender,
                cultural_background,
                age_range,
            };
            (identity != SharedIdentity::default()).then_some(identity)
        }
        None => None,
    };
    Ok(MentorApplication {
        areas,
        stable_since: application.stable_since,
        training,
        references,
        languages: normalize_languages(&application.languages)?,
        availability: normalize_slots(&application.availability)?,
        time_zone: normalize_time_zone(&application.time_zone)?,
        location: normalize_location(application.location.as_ref(), &formats)?,
        formats,
        capacity: application.capacity,
        bio,
        identity,
        strengths: normalize_tags(&application.strengths, "strengths")?,
    })
}

/// Checks a mentee's request against the program's catalog and returns its normalised form (the
/// same rules as [`validate_mentor_application`]).
pub fn validate_mentee_request(
    request: &MenteeRequest,
    catalog: &ProgramCatalog,
) -> Result<MenteeRequest, FieldError> {
    let formats = normalize_formats(&request.formats)?;
    let preferences = match &request.preferences {
        Some(p) => {
            let (gender, cultural_background, age_range) = normalize_traits(
                p.gender.as_deref(),
                p.cultural_background.as_deref(),
                p.age_range,
                PREFERENCE_FIELDS,
            )?;
            let p = MentorPreferences {
                gender,
                cultural_background,
                age_range,
            };
            (p != MentorPreferences::default()).then_some(p)
        }
        None => None,
    };
    Ok(MenteeRequest {
        areas: normalize_catalog_items(&request.areas, &catalog.areas, "areas")?,
        goals: normalize_text(&request.goals, "goals", MAX_GOALS_CHARS)?,
        goal_tags: normalize_tags(&request.goal_tags, "goal_tags")?,
        languages: normalize_languages(&request.languages)?,
        availability: normalize_slots(&request.availability)?,
        time_zone: normalize_time_zone(&request.time_zone)?,
        location: normalize_location(request.location.as_ref(), &formats)?,
        formats,
        preferences,
    })
}

/// Normalises a language tag ("ES-mx" → "es-MX") and checks it with
/// [`validate_locale`].
pub fn normalize_language(raw: &str) -> Result<String, FieldError> {
    let tag = raw
        .trim()
        .split(['-', '_'])
        .enumerate()
        .map(|(i, part)| match (i, part.len()) {
            // Non-ASCII subtags are left alone for validate_locale to refuse.
            _ if !part.is_ascii() => part.to_owned(),
            (0, _) => part.to_ascii_lowercase(),
            (_, 2) => part.to_ascii_uppercase(),
            (_, 4) => {
                let lower = part.to_ascii_lowercase();
                lower[..1].to_ascii_uppercase() + &lower[1..]
            }
            _ => part.to_owned(),
        })
        .collect::<Vec<_>>()
        .join("-");
    validate_locale(&tag).map_err(|_| FieldError::Invalid { field: "languages" })?;
    Ok(tag)
}

/// The language part of a tag ("es" for "es-MX"), used to decide whether two people can talk.
pub fn primary_language(tag: &str) -> &str {
    // Byte search: this runs for every candidate when ranking.
    tag.bytes()
        .position(|b| b == b'-')
        .map_or(tag, |dash| &tag[..dash])
}

/// Checks an IANA time-zone name against the bundled database and returns its canonical name.
pub fn normalize_time_zone(raw: &str) -> Result<String, FieldError> {
    let field = "time_zone";
    let name = raw.trim();
    if name.is_empty() {
        return Err(FieldError::Missing { field });
    }
    let tz = TimeZone::get(name).map_err(|_| FieldError::Invalid { field })?;
    Ok(tz.iana_name().unwrap_or(name).to_owned())
}

/// A label folded for comparison: lower case, words separated by single spaces.
pub(crate) fn folded(label: &str) -> impl Iterator<Item = char> + '_ {
    label.split_whitespace().enumerate().flat_map(|(i, word)| {
        (i > 0)
            .then_some(' ')
            .into_iter()
            .chain(word.chars().flat_map(char::to_lowercase))
    })
}

/// True if two labels are the same ignoring case and runs of whitespace.
pub fn same_words(a: &str, b: &str) -> bool {
    if a.eq_ignore_ascii_case(b) {
        return true;
    }
    // Matching calls this for every candidate: reject on the first letter without folding.
    let first = |s: &str| s.trim_start().chars().next().map(char::to_lowercase);
    if let (Some(x), Some(y)) = (first(a), first(b))
        && !x.eq(y)
    {
        return false;
    }
    folded(a).eq(folded(b))
}

fn normalize_catalog_items(
    items: &[String],
    catalog: &[String],
    field: &'static str,
) -> Result<Vec<String>, FieldError> {
    let mut positions = Vec::with_capacity(items.len());
    for item in items {
        let position = catalog
            .iter()
            .position(|known| same_words(known, item))
            .ok_or(FieldError::Invalid { field })?;
        positions.push(position);
    }
    positions.sort_unstable();
    positions.dedup();
    Ok(positions.into_iter().map(|i| catalog[i].clone()).collect())
}

fn normalize_training(
    training: &[TrainingCompletion],
    catalog: &ProgramCatalog,
    today: Date,
) -> Result<Vec<TrainingCompletion>, FieldError> {
    let field = "training";
    let mut done: Vec<(usize, Date)> = Vec::with_capacity(training.len());
    for completion in training {
        let position = catalog
            .training_modules
            .iter()
            .position(|known| same_words(known, &completion.module))
            .ok_or(FieldError::Invalid { field })?;
        if completion.completed_on > today {
            return Err(FieldError::Invalid { field });
        }
        done.push((position, completion.completed_on));
    }
    // One entry per module: the most recent completion.
    done.sort_unstable_by(|a, b| a.0.cmp(&b.0).then(b.1.cmp(&a.1)));
    done.dedup_by_key(|(position, _)| *position);
    Ok(done
        .into_iter()
        .map(|(i, completed_on)| TrainingCompletion {
            module: catalog.training_modules[i].clone(),
            completed_on,
        })
        .collect())
}

fn normalize_languages(languages: &[String]) -> Result<Vec<String>, FieldError> {
    let field = "languages";
    if languages.len() > MAX_LANGUAGES {
        return Err(FieldError::Invalid { field });
    }
    let mut normalised: Vec<String> = Vec::with_capacity(languages.len());
    for raw in languages {
        let tag = normalize_language(raw)?;
        if !normalised.contains(&tag) {
            normalised.push(tag);
        }
    }
    if normalised.is_empty() {
        return Err(FieldError::Missing { field });
    }
    Ok(normalised)
}

fn normalize_formats(formats: &[SessionFormat]) -> Result<Vec<SessionFormat>, FieldError> {
    let mut formats = formats.to_vec();
    formats.sort_unstable();
    formats.dedup();
    if formats.is_empty() {
        return Err(FieldError::Missing { field: "formats" });
    }
    Ok(formats)
}

fn normalize_location(
    location: Option<&CoarseLocation>,
    formats: &[SessionFormat],
) -> Result<Option<CoarseLocation>, FieldError> {
    let field = "location";
    if !formats.contains(&SessionFormat::InPerson) {
        // Data minimisation: no reason to keep where someone lives.
        return Ok(None);
    }
    let location = location.ok_or(FieldError::Missing { field })?;
    if !(-9000..=9000).contains(&location.lat_e2) || !(-18000..=18000).contains(&location.lon_e2) {
        return Err(FieldError::Invalid { field });
    }
    Ok(Some(CoarseLocation {
        city: normalize_label(&location.city, "location.city", MAX_NAME_CHARS)?,
        region: normalize_optional_label_max(
            location.region.as_deref(),
            "location.region",
            MAX_NAME_CHARS,
        )?,
        lat_e2: location.lat_e2,
        lon_e2: location.lon_e2,
    }))
}

fn normalize_tags(tags: &[String], field: &'static str) -> Result<Vec<String>, FieldError> {
    if tags.len() > MAX_TAGS {
        return Err(FieldError::Invalid { field });
    }
    let mut normalised = tags
        .iter()
        .map(|tag| {
            let tag = normalize_label(tag, field, MAX_TAG_CHARS)?;
            Ok(tag
                .split_whitespace()
                .collect::<Vec<_>>()
                .join(" ")
                .to_lowercase())
        })
        .collect::<Result<Vec<_>, FieldError>>()?;
    normalised.sort_unstable();
    normalised.dedup();
    Ok(normalised)
}

/// Free text: trimmed, line breaks and tabs allowed, other control characters refused.
fn normalize_text(raw: &str, field: &'static str, max: usize) -> Result<String, FieldError> {
    let text = raw.trim().replace("\r\n", "\n").replace('\r', "\n");
    if text.chars().count() > max {
        return Err(FieldError::TooLong { field, max });
    }
    if text
        .chars()
        .any(|c| c.is_control() && !matches!(c, '\n' | '\t'))
    {
        return Err(FieldError::BadCharacters { field });
    }
    Ok(text)
}

fn normalize_optional_label(
    raw: Option<&str>,
    field: &'static str,
) -> Result<Option<String>, FieldError> {
    normalize_optional_label_max(raw, field, MAX_IDENTITY_CHARS)
}

/// An absent or blank value is `None`; otherwise a checked label with inner whitespace collapsed.
fn normalize_optional_label_max(
    raw: Option<&str>,
    field: &'static str,
    max: usize,
) -> Result<Option<String>, FieldError> {
    match raw {
        Some(value) if !value.trim().is_empty() => {
            let label = normalize_label(value, field, max)?;
            Ok(Some(label.split_whitespace().collect::<Vec<_>>().join(" ")))
        }
        _ => Ok(None),
    }
}

/// The field names of the three optional traits, as errors name them.
type TraitFields = [&'static str; 3];
const IDENTITY_FIELDS: TraitFields = [
    "identity.gender",
    "identity.cultural_background",
    "identity.age_range",
];
const PREFERENCE_FIELDS: TraitFields = [
    "preferences.gender",
    "preferences.cultural_background",
    "preferences.age_range",
];

/// Normalised gender, cultural background and age range.
type Traits = (Option<String>, Option<String>, Option<AgeRange>);

/// The traits a mentor may share and a mentee may prefer (gender, cultural background, age
/// range), normalised by one rule for both sides so that they can match.
fn normalize_traits(
    gender: Option<&str>,
    cultural_background: Option<&str>,
    age_range: Option<AgeRange>,
    [gender_field, background_field, age_field]: TraitFields,
) -> Result<Traits, FieldError> {
    Ok((
        normalize_optional_label(gender, gender_field)?,
        normalize_optional_label(cultural_background, background_field)?,
        normalize_age_range(age_range, age_field)?,
    ))
}

fn normalize_age_range(
    range: Option<AgeRange>,
    field: &'static str,
) -> Result<Option<AgeRange>, FieldError> {
    match range {
        Some(r) if MIN_AGE <= r.from && r.from <= r.to && r.to <= MAX_AGE => Ok(Some(r)),
        Some(_) => Err(FieldError::Invalid { field }),
        None => Ok(None),
    }
}

/// Whether a re-submitted application must be screened again: true when any screening field
/// (lived-experience areas, the stability date, training, references) differs. Practical fields
/// (availability, time zone, formats, capacity, bio, identity, strengths, location, languages)
/// can change without losing an approval. Compare normalised applications.
pub fn needs_rescreening(old: &MentorApplication, new: &MentorApplication) -> bool {
    old.areas != new.areas
        || old.stable_since != new.stable_since
        || old.training != new.training
        || old.references != new.references
}

#[cfg(test)]
pub(crate) mod tests {
    use super::*;
    use crate::mentoring::availability::Weekday;
    use jiff::civil::date;

    pub(crate) fn london() -> CoarseLocation {
        CoarseLocation {
            city: "London".into(),
            region: Some("England".into()),
            lat_e2: 5151,
            lon_e2: -13,
        }
    }

    pub(crate) fn application() -> MentorApplication {
        MentorApplication {
            areas: vec!["Anxiety".into(), "depression".into()],
            stable_since: date(2022, 5, 1),
            training: vec![TrainingCompletion {
                module: "peer support foundations".into(),
                completed_on: date(2025, 1, 10),
            }],
            references: vec![Reference {
                name: "Dr Okafor".into(),
                contact: "okafor@example.org".into(),
            }],
            languages: vec!["en-gb".into(), "ES".into()],
            formats: vec![SessionFormat::Video, SessionFormat::InPerson],
            availability: vec![WeeklySlot {
                weekday: Weekday::Tuesday,
                start_minute: 18 * 60,
                end_minute: 21 * 60,
            }],
            time_zone: "Europe/London".into(),
            location: Some(london()),
            capacity: 3,
            bio: "  I have lived with anxiety for years.\r\nHappy to listen. ".into(),
            identity: Some(SharedIdentity {
                gender: Some(" Woman ".into()),
                cultural_background: None,
                age_range: Some(AgeRange { from: 30, to: 39 }),
            }),
            strengths: vec!["Work".into(), "sleep".into(), "work".into()],
        }
    }

    pub(crate) fn request() -> MenteeRequest {
        MenteeRequest {
            areas: vec!["anxiety".into()],
            goals: "Get back to work".into(),
            goal_tags: vec!["work".into()],
            languages: vec!["es".into()],
            formats: vec![SessionFormat::Video],
            availability: vec![WeeklySlot {
                weekday: Weekday::Tuesday,
                start_minute: 19 * 60,
                end_minute: 22 * 60,
            }],
            time_zone: "Europe/Madrid".into(),
            preferences: None,
            location: None,
        }
    }

    const TODAY: Date = date(2026, 3, 1);

    #[test]
    fn an_application_is_normalised() {
        let catalog = ProgramCatalog::default();
        let app = validate_mentor_application(&application(), &catalog, TODAY).unwrap();
        assert_eq!(app.areas, vec!["depression", "anxiety"], "catalog order");
        assert_eq!(app.languages, vec!["en-GB", "es"]);
        assert_eq!(
            app.formats,
            vec![SessionFormat::InPerson, SessionFormat::Video]
        );
        assert_eq!(
            app.bio,
            "I have lived with anxiety for years.\nHappy to listen."
        );
        assert_eq!(app.strengths, vec!["sleep", "work"]);
        assert_eq!(
            app.identity.as_ref().unwrap().gender.as_deref(),
            Some("Woman")
        );
        assert_eq!(app.location, Some(london()));
        assert_eq!(
            validate_mentor_application(&app, &catalog, TODAY).unwrap(),
            app,
            "idempotent"
        );
    }

    #[test]
    fn application_fields_are_refused_with_their_name() {
        let catalog = ProgramCatalog::default();
        let refused = |change: &dyn Fn(&mut MentorApplication)| {
            let mut app = application();
            change(&mut app);
            validate_mentor_application(&app, &catalog, TODAY)
                .unwrap_err()
                .field()
        };
        assert_eq!(refused(&|a| a.areas = vec![]), "areas");
        assert_eq!(refused(&|a| a.areas.push("astrology".into())), "areas");
        assert_eq!(
            refused(&|a| a.stable_since = date(2026, 4, 1)),
            "stable_since"
        );
        assert_eq!(
            refused(&|a| a.training[0].module = "karate".into()),
            "training"
        );
        assert_eq!(
            refused(&|a| a.training[0].completed_on = date(2027, 1, 1)),
            "training"
        );
        assert_eq!(
            refused(&|a| a.references[0].contact = " ".into()),
            "references.contact"
        );
        assert_eq!(
            refused(&|a| a.references = vec![a.references[0].clone(); MAX_REFERENCES + 1]),
            "references"
        );
        assert_eq!(refused(&|a| a.languages = vec![]), "languages");
        assert_eq!(
            refused(&|a| a.languages = vec!["english".into()]),
            "languages"
        );
        assert_eq!(refused(&|a| a.formats = vec![]), "formats");
        assert_eq!(refused(&|a| a.availability = vec![]), "availability");
        assert_eq!(
            refused(&|a| a.time_zone = "Mars/Olympus_Mons".into()),
            "time_zone"
        );
        assert_eq!(refused(&|a| a.time_zone = String::new()), "time_zone");
        assert_eq!(refused(&|a| a.location = None), "location");
        assert_eq!(
            refused(&|a| a.location.as_mut().unwrap().lat_e2 = 9001),
            "location"
        );
        assert_eq!(refused(&|a| a.capacity = 0), "capacity");
        assert_eq!(refused(&|a| a.capacity = MAX_CAPACITY + 1), "capacity");
        assert_eq!(refused(&|a| a.bio = " ".into()), "bio");
        assert_eq!(refused(&|a| a.bio = "x".repeat(MAX_BIO_CHARS + 1)), "bio");
        assert_eq!(refused(&|a| a.bio = "bell\u{7}".into()), "bio");
        assert_eq!(
            refused(
                &|a| a.identity.as_mut().unwrap().age_range = Some(AgeRange { from: 40, to: 30 })
            ),
            "identity.age_range"
        );
        assert_eq!(
            refused(&|a| a.strengths = vec!["x".into(); MAX_TAGS + 1]),
            "strengths"
        );
        assert_eq!(
            refused(&|a| a.strengths = vec!["y".repeat(MAX_TAG_CHARS + 1)]),
            "strengths"
        );
        let message = validate_mentor_application(
            &MentorApplication {
                capacity: 0,
                ..application()
            },
            &catalog,
            TODAY,
        )
        .unwrap_err()
        .to_string();
        assert_eq!(message, "capacity is not valid");
    }

    #[test]
    fn location_is_dropped_unless_meeting_in_person() {
        let catalog = ProgramCatalog::default();
        let mut app = application();
        app.formats = vec![SessionFormat::Phone];
        let app = validate_mentor_application(&app, &catalog, TODAY).unwrap();
        assert_eq!(app.location, None);
        let profile = MentorPublicProfile::from_application("Ana", &app);
        assert_eq!(profile.city, None);
    }

    #[test]
    fn training_keeps_the_latest_completion_and_reports_what_is_missing() {
        let catalog = ProgramCatalog::default();
        let mut app = application();
        app.training.push(TrainingCompletion {
            module: "Peer Support  Foundations".into(),
            completed_on: date(2025, 6, 1),
        });
        app.training.push(TrainingCompletion {
            module: "safeguarding and risk".into(),
            completed_on: date(2024, 6, 1),
        });
        let app = validate_mentor_application(&app, &catalog, TODAY).unwrap();
        assert_eq!(
            app.training,
            vec![
                TrainingCompletion {
                    module: "peer support foundations".into(),
                    completed_on: date(2025, 6, 1),
                },
                TrainingCompletion {
                    module: "safeguarding and risk".into(),
                    completed_on: date(2024, 6, 1),
                },
            ]
        );
        assert_eq!(
            missing_required_training(&app, &catalog),
            vec!["boundaries and confidentiality"]
        );
    }

    #[test]
    fn months_stable_counts_whole_months() {
        assert_eq!(months_stable(date(2022, 5, 1), date(2026, 3, 1)), 46);
        assert_eq!(months_stable(date(2025, 1, 31), date(2025, 2, 28)), 0);
        assert_eq!(months_stable(date(2025, 1, 15), date(2025, 2, 15)), 1);
        assert_eq!(months_stable(date(2027, 1, 1), date(2026, 1, 1)), 0);
    }

    #[test]
    fn a_request_is_normalised_and_checked() {
        let catalog = ProgramCatalog::default();
        let mut raw = request();
        raw.preferences = Some(MentorPreferences {
            gender: Some(" ".into()),
            ..MentorPreferences::default()
        });
        let req = validate_mentee_request(&raw, &catalog).unwrap();
        assert_eq!(req.preferences, None, "blank preferences are no preference");
        assert_eq!(req.goal_tags, vec!["work"]);

        let refused = |change: &dyn Fn(&mut MenteeRequest)| {
            let mut req = request();
            change(&mut req);
            validate_mentee_request(&req, &catalog).unwrap_err().field()
        };
        assert_eq!(refused(&|r| r.areas = vec!["x".into()]), "areas");
        assert_eq!(
            refused(&|r| r.goals = "g".repeat(MAX_GOALS_CHARS + 1)),
            "goals"
        );
        assert_eq!(refused(&|r| r.goal_tags = vec![String::new()]), "goal_tags");
        assert_eq!(refused(&|r| r.languages = vec!["e".into()]), "languages");
        assert_eq!(refused(&|r| r.formats = vec![]), "formats");
        assert_eq!(refused(&|r| r.availability = vec![]), "availability");
        assert_eq!(
            refused(&|r| r.time_zone = "Europe/Nowhere".into()),
            "time_zone"
        );
        assert_eq!(
            refused(&|r| r.formats = vec![SessionFormat::InPerson]),
            "location"
        );
        assert_eq!(
            refused(&|r| {
                r.preferences = Some(MentorPreferences {
                    age_range: Some(AgeRange { from: 10, to: 30 }),
                    ..MentorPreferences::default()
                });
            }),
            "preferences.age_range"
        );
        let mut empty_areas = request();
        empty_areas.areas.clear();
        assert!(validate_mentee_request(&empty_areas, &catalog).is_ok());
    }

    #[test]
    fn languages_and_zones_are_canonicalised() {
        assert_eq!(normalize_language("ZH_hant_tw").unwrap(), "zh-Hant-TW");
        assert_eq!(normalize_language(" pt-br ").unwrap(), "pt-BR");
        assert!(normalize_language("").is_err());
        assert!(normalize_language("en-éab").is_err());
        assert!(normalize_language("és").is_err());
        assert_eq!(primary_language("es-MX"), "es");
        assert_eq!(
            normalize_time_zone(" europe/london ").unwrap(),
            "Europe/London"
        );
    }

    #[test]
    fn the_public_profile_never_carries_private_data() {
        let app =
            validate_mentor_application(&application(), &ProgramCatalog::default(), TODAY).unwrap();
        let profile = MentorPublicProfile::from_application("Ana", &app);
        assert_eq!(profile.city.as_deref(), Some("London"));
        assert_eq!(profile.region.as_deref(), Some("England"));
        let json = serde_json::to_string(&profile).unwrap();
        for private in [
            "okafor",
            "5151",
            "lat_e2",
            "stable_since",
            "2022",
            "training",
            "capacity",
        ] {
            assert!(!json.contains(private), "{private} leaked: {json}");
        }
        assert!(app.clone().without_references().references.is_empty());
    }

    #[test]
    fn distances_are_great_circle_kilometres() {
        let paris = CoarseLocation {
            city: "Paris".into(),
            region: None,
            lat_e2: 4886,
            lon_e2: 235,
        };
        let km = london().distance_km(&paris);
        assert!((340..=345).contains(&km), "{km}");
        assert_eq!(paris.distance_km(&london()), km);
        assert_eq!(paris.distance_km(&paris), 0);
    }

    #[test]
    fn wire_names_are_snake_case() {
        assert_eq!(
            serde_json::to_string(&SessionFormat::InPerson).unwrap(),
            "\"in_person\""
        );
        let app = application();
        let json = serde_json::to_value(&app).unwrap();
        assert_eq!(json["stable_since"], "2022-05-01");
        let back: MentorApplication = serde_json::from_value(json).unwrap();
        assert_eq!(back, app);
    }

    #[test]
    fn only_screening_fields_need_rescreening() {
        let old = application();
        let mut practical = old.clone();
        practical.capacity += 1;
        practical.bio = "Different bio".into();
        practical.time_zone = "Europe/Madrid".into();
        practical.languages.push("fr".into());
        practical.strengths.push("sleep".into());
        assert!(!needs_rescreening(&old, &practical));
        let changes: [fn(&mut MentorApplication); 4] = [
            |a| a.areas.push("grief".into()),
            |a| a.stable_since = date(2023, 1, 1),
            |a| a.training.clear(),
            |a| {
                a.references.push(Reference {
                    name: "Sam".into(),
                    contact: "sam@example.org".into(),
                });
            },
        ];
        for change in changes {
            let mut screened = old.clone();
            change(&mut screened);
            assert!(needs_rescreening(&old, &screened));
        }
    }
}
