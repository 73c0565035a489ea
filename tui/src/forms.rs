//! Forms: labelled text fields, and turning what was typed into the typed values the core's
//! events carry (a date, a list, weekly slots). Only the *shape* of the input is checked here
//! ("17:00" is a time); every rule about the values (required training, capacity limits, valid
//! time zones, password strength) is the core's, which answers with a notice.
//!
//! Start at [`Form`]; the builders ([`sign_in`], [`sign_up`], [`mentee_request`],
//! [`mentor_application`], [`check_in`], [`session`]) and their `*_from` readers come in pairs.

use domain::mentoring::availability::{Weekday, WeeklySlot};
use domain::mentoring::profile::{
    CoarseLocation, MenteeRequest, MentorApplication, ProgramCatalog, Reference, SessionFormat,
    TrainingCompletion,
};
use domain::sessions::{Recurrence, SessionFormat as SessionsFormat};
use ratatui::crossterm::event::{KeyCode, KeyEvent};

use crate::input::TextInput;

/// One labelled field.
#[derive(Debug, Clone)]
pub struct Field {
    pub label: &'static str,
    /// How to type it ("mon-fri 17:00-21:00; sat 10:00-12:00").
    pub hint: String,
    pub input: TextInput,
}

/// A list of fields with one focused.
#[derive(Debug, Clone)]
pub struct Form {
    pub title: &'static str,
    pub fields: Vec<Field>,
    pub focus: usize,
    /// Why the last submit could not be read (shape only; the core explains the rest).
    pub error: Option<String>,
}

/// What a key did to a form.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum FormKey {
    /// Enter: the person wants to send it.
    Submit,
    /// Esc: leave the form.
    Leave,
    /// Focus moved away from the field with this index.
    Moved { from: usize },
    /// The text changed (or the key was an editing key).
    Edited,
    /// Not a key forms use.
    Ignored,
}

impl Form {
    pub fn new(title: &'static str, fields: Vec<Field>) -> Self {
        Self {
            title,
            fields,
            focus: 0,
            error: None,
        }
    }

    /// The trimmed text of field `index`.
    pub fn value(&self, index: usize) -> String {
        self.fields[index].input.value().trim().to_owned()
    }

    /// The raw text of field `index` (passwords are not trimmed).
    pub fn raw(&self, index: usize) -> String {
        self.fields[index].input.value()
    }

    pub fn handle(&mut self, key: KeyEvent) -> FormKey {
        let from = self.focus;
        let count = self.fields.len();
        match key.code {
            KeyCode::Enter => FormKey::Submit,
            KeyCode::Esc => FormKey::Leave,
            KeyCode::Tab | KeyCode::Down => {
                self.focus = (self.focus + 1) % count;
                FormKey::Moved { from }
            }
            KeyCode::BackTab | KeyCode::Up => {
                self.focus = (self.focus + count - 1) % count;
                FormKey::Moved { from }
            }
            _ if self.fields[self.focus].input.handle(key) => {
                self.error = None;
                FormKey::Edited
            }
            _ => FormKey::Ignored,
        }
    }

    pub fn clear(&mut self) {
        for field in &mut self.fields {
            field.input.clear();
        }
        self.focus = 0;
        self.error = None;
    }
}

fn field(label: &'static str, hint: impl Into<String>, text: &str) -> Field {
    Field {
        label,
        hint: hint.into(),
        input: TextInput::with_text(text),
    }
}

// ---- Sign in / sign up ----

pub const SIGN_IN_EMAIL: usize = 0;
pub const SIGN_IN_PASSWORD: usize = 1;

pub fn sign_in() -> Form {
    let mut password = field("Password", "", "");
    password.input = TextInput::masked();
    Form::new(
        "Sign in",
        vec![field("Email", "you@example.org", ""), password],
    )
}

pub const SIGN_UP_PROGRAM: usize = 0;
pub const SIGN_UP_EMAIL: usize = 1;
pub const SIGN_UP_PASSWORD: usize = 2;
pub const SIGN_UP_NAME: usize = 3;
pub const SIGN_UP_LOCALE: usize = 4;

pub fn sign_up() -> Form {
    let mut password = field("Password", "a long passphrase", "");
    password.input = TextInput::masked();
    Form::new(
        "Sign up",
        vec![
            field(
                "Program ID",
                "from your coordinator (admin create-program prints it)",
                "",
            ),
            field("Email", "you@example.org", ""),
            password,
            field("Display name", "any name, an alias is fine", ""),
            field(
                "Locale",
                "optional, e.g. en-GB (default: the program's)",
                "",
            ),
        ],
    )
}

/// The program id typed in the sign-up form, if it reads as one.
pub fn program_id(form: &Form) -> Result<uuid::Uuid, String> {
    form.value(SIGN_UP_PROGRAM)
        .parse()
        .map_err(|_| "The program ID is the long code your coordinator gave you.".to_owned())
}

// ---- Mentee request ----

const REQUEST_AREAS: usize = 0;
const REQUEST_GOALS: usize = 1;
const REQUEST_TAGS: usize = 2;
const REQUEST_LANGUAGES: usize = 3;
const REQUEST_FORMATS: usize = 4;
const REQUEST_AVAILABILITY: usize = 5;
const REQUEST_TIME_ZONE: usize = 6;
const REQUEST_LOCATION: usize = 7;

const FORMATS_HINT: &str = "video, phone, in person, messaging";
const AVAILABILITY_HINT: &str = "mon-fri 18:00-22:00; sat 10:00-12:00";
const LOCATION_HINT: &str = "only to meet in person: City, Region, 51.51, -0.13";

/// What a mentee is looking for, prefilled from their current request.
pub fn mentee_request(catalog: &ProgramCatalog, current: Option<&MenteeRequest>) -> Form {
    let join = |items: &[String]| items.join(", ");
    Form::new(
        "What you're looking for",
        vec![
            field(
                "Lived experience",
                format!("optional, any of: {}", catalog.areas.join(", ")),
                &current.map(|r| join(&r.areas)).unwrap_or_default(),
            ),
            field(
                "Goals",
                "in your words, for your mentor",
                &current.map(|r| r.goals.clone()).unwrap_or_default(),
            ),
            field(
                "Goal tags",
                "work, sleep, relationships…",
                &current.map(|r| join(&r.goal_tags)).unwrap_or_default(),
            ),
            field(
                "Languages",
                "en-GB, es",
                &current.map(|r| join(&r.languages)).unwrap_or_default(),
            ),
            field(
                "Formats",
                FORMATS_HINT,
                &current
                    .map(|r| format_formats(&r.formats))
                    .unwrap_or_default(),
            ),
            field(
                "Availability",
                AVAILABILITY_HINT,
                &current
                    .map(|r| format_availability(&r.availability))
                    .unwrap_or_default(),
            ),
            field(
                "Time zone",
                "Europe/London",
                &current.map_or_else(local_time_zone, |r| r.time_zone.clone()),
            ),
            field(
                "Location",
                LOCATION_HINT,
                &current
                    .and_then(|r| r.location.as_ref())
                    .map(format_location)
                    .unwrap_or_default(),
            ),
        ],
    )
}

pub fn mentee_request_from(form: &Form) -> Result<MenteeRequest, String> {
    Ok(MenteeRequest {
        areas: parse_list(&form.value(REQUEST_AREAS)),
        goals: form.value(REQUEST_GOALS),
        goal_tags: parse_list(&form.value(REQUEST_TAGS)),
        languages: parse_list(&form.value(REQUEST_LANGUAGES)),
        formats: parse_formats(&form.value(REQUEST_FORMATS))?,
        availability: parse_availability(&form.value(REQUEST_AVAILABILITY))?,
        time_zone: form.value(REQUEST_TIME_ZONE),
        preferences: None,
        location: parse_location(&form.value(REQUEST_LOCATION))?,
    })
}

// ---- Mentor application ----

const APP_AREAS: usize = 0;
const APP_STABLE_SINCE: usize = 1;
const APP_TRAINING: usize = 2;
const APP_REFERENCES: usize = 3;
const APP_LANGUAGES: usize = 4;
const APP_FORMATS: usize = 5;
const APP_AVAILABILITY: usize = 6;
const APP_TIME_ZONE: usize = 7;
const APP_LOCATION: usize = 8;
const APP_CAPACITY: usize = 9;
const APP_BIO: usize = 10;
const APP_STRENGTHS: usize = 11;

/// An application to mentor, prefilled from the current one.
pub fn mentor_application(catalog: &ProgramCatalog, current: Option<&MentorApplication>) -> Form {
    let join = |items: &[String]| items.join(", ");
    Form::new(
        "Apply to mentor",
        vec![
            field(
                "Lived experience",
                format!("any of: {}", catalog.areas.join(", ")),
                &current.map(|a| join(&a.areas)).unwrap_or_default(),
            ),
            field(
                "Stable since",
                "a date, e.g. 2019-07-01 (self-attested, coordinators only)",
                &current
                    .map(|a| a.stable_since.to_string())
                    .unwrap_or_default(),
            ),
            field(
                "Training",
                format!(
                    "module@date; … or required@2024-02-03 for: {}",
                    catalog.required_training.join(", ")
                ),
                &current
                    .map(|a| format_training(&a.training))
                    .unwrap_or_default(),
            ),
            field(
                "References",
                "Name <phone or email>; … (coordinators only)",
                &current
                    .map(|a| format_references(&a.references))
                    .unwrap_or_default(),
            ),
            field(
                "Languages",
                "en-GB, es",
                &current.map(|a| join(&a.languages)).unwrap_or_default(),
            ),
            field(
                "Formats",
                FORMATS_HINT,
                &current
                    .map(|a| format_formats(&a.formats))
                    .unwrap_or_default(),
            ),
            field(
                "Availability",
                "mon-fri 17:00-21:00; sat 10:00-12:00",
                &current
                    .map(|a| format_availability(&a.availability))
                    .unwrap_or_default(),
            ),
            field(
                "Time zone",
                "Europe/London",
                &current.map_or_else(local_time_zone, |a| a.time_zone.clone()),
            ),
            field(
                "Location",
                LOCATION_HINT,
                &current
                    .and_then(|a| a.location.as_ref())
                    .map(format_location)
                    .unwrap_or_default(),
            ),
            field(
                "Capacity",
                "most mentees at once, e.g. 2",
                &current.map(|a| a.capacity.to_string()).unwrap_or_default(),
            ),
            field(
                "Bio",
                "what mentees will read about you",
                &current.map(|a| a.bio.clone()).unwrap_or_default(),
            ),
            field(
                "Strengths",
                "work, sleep, relationships…",
                &current.map(|a| join(&a.strengths)).unwrap_or_default(),
            ),
        ],
    )
}

pub fn mentor_application_from(
    form: &Form,
    catalog: &ProgramCatalog,
) -> Result<MentorApplication, String> {
    let stable_since = parse_date(&form.value(APP_STABLE_SINCE), "Stable since")?;
    let capacity = form.value(APP_CAPACITY);
    let capacity = capacity
        .parse()
        .map_err(|_| format!("Capacity is a whole number, not {capacity:?}."))?;
    Ok(MentorApplication {
        areas: parse_list(&form.value(APP_AREAS)),
        stable_since,
        training: parse_training(&form.value(APP_TRAINING), catalog)?,
        references: parse_references(&form.value(APP_REFERENCES))?,
        languages: parse_list(&form.value(APP_LANGUAGES)),
        formats: parse_formats(&form.value(APP_FORMATS))?,
        availability: parse_availability(&form.value(APP_AVAILABILITY))?,
        time_zone: form.value(APP_TIME_ZONE),
        location: parse_location(&form.value(APP_LOCATION))?,
        capacity,
        bio: form.value(APP_BIO),
        identity: None,
        strengths: parse_list(&form.value(APP_STRENGTHS)),
    })
}

// ---- Check-in ----

pub const CHECK_IN_MOOD: usize = 0;
pub const CHECK_IN_NOTE: usize = 1;
pub const CHECK_IN_SHARE: usize = 2;

pub fn check_in() -> Form {
    Form::new(
        "Check in",
        vec![
            field("Mood", "1 very low … 5 very good", ""),
            field("Note", "optional: a word or two", ""),
            field("Share with mentor", "y or n", "y"),
        ],
    )
}

/// (mood, note, shared with mentor).
pub fn check_in_from(form: &Form) -> Result<(u8, Option<String>, bool), String> {
    let mood = form.value(CHECK_IN_MOOD);
    let mood = mood
        .parse()
        .map_err(|_| "Mood is a number from 1 to 5.".to_owned())?;
    let note = Some(form.value(CHECK_IN_NOTE)).filter(|n| !n.is_empty());
    let shared = match form.value(CHECK_IN_SHARE).to_lowercase().as_str() {
        "y" | "yes" | "" => true,
        "n" | "no" => false,
        _ => return Err("Share with mentor: y or n.".to_owned()),
    };
    Ok((mood, note, shared))
}

// ---- Sessions ----

pub const SESSION_START: usize = 0;
pub const SESSION_DURATION: usize = 1;
pub const SESSION_REPEAT: usize = 2;
pub const SESSION_FORMAT: usize = 3;

/// A series of sessions to propose (times in this device's zone).
pub fn session() -> Form {
    Form::new(
        "Propose sessions",
        vec![
            field("Starts", "local date and time, e.g. 2026-03-10T18:00", ""),
            field("Minutes", "how long, e.g. 60", "60"),
            field("Repeat", "once, weekly, fortnightly or monthly", "weekly"),
            field(
                "Where",
                "video https://…, phone, in person <place>, or messaging",
                "",
            ),
        ],
    )
}

/// What a session proposal form says: (format, start, minutes, recurrence).
pub fn session_from(form: &Form) -> Result<(SessionsFormat, String, u16, Recurrence), String> {
    let minutes = form.value(SESSION_DURATION);
    let minutes = minutes
        .parse()
        .map_err(|_| format!("Minutes is a whole number, not {minutes:?}."))?;
    let recurrence = match form.value(SESSION_REPEAT).to_lowercase().as_str() {
        "once" | "none" | "" => Recurrence::Once,
        "weekly" => Recurrence::Weekly,
        "fortnightly" => Recurrence::Fortnightly,
        "monthly" => Recurrence::Monthly,
        other => {
            return Err(format!(
                "Repeat {other:?}: once, weekly, fortnightly or monthly."
            ));
        }
    };
    let place = form.value(SESSION_FORMAT);
    let (kind, detail) = place.split_once(' ').unwrap_or((place.as_str(), ""));
    let format = match (kind.to_lowercase().as_str(), detail.trim()) {
        ("video", link) => SessionsFormat::Video {
            link: link.to_owned(),
        },
        ("phone", _) => SessionsFormat::Phone,
        ("messaging", _) => SessionsFormat::Messaging,
        ("in", rest) => SessionsFormat::InPerson {
            place: rest
                .strip_prefix("person")
                .unwrap_or(rest)
                .trim()
                .to_owned(),
        },
        _ => {
            return Err(
                "Where: video and a link, phone, in person and a place, or messaging.".to_owned(),
            );
        }
    };
    Ok((format, form.value(SESSION_START), minutes, recurrence))
}

// ---- Readers ----

/// Comma-separated items, trimmed, empties dropped.
pub fn parse_list(text: &str) -> Vec<String> {
    text.split(',')
        .map(str::trim)
        .filter(|item| !item.is_empty())
        .map(str::to_owned)
        .collect()
}

pub fn parse_formats(text: &str) -> Result<Vec<SessionFormat>, String> {
    parse_list(text)
        .iter()
        .map(|item| {
            let wanted = item.to_lowercase().replace(['_', '-'], " ");
            SessionFormat::ALL
                .into_iter()
                .find(|format| format.label() == wanted)
                .ok_or_else(|| format!("Unknown format {item:?}: use {FORMATS_HINT}."))
        })
        .collect()
}

pub fn format_formats(formats: &[SessionFormat]) -> String {
    formats
        .iter()
        .map(|f| f.label())
        .collect::<Vec<_>>()
        .join(", ")
}

fn weekday(text: &str) -> Option<Weekday> {
    let text = text.to_lowercase();
    Weekday::ALL
        .into_iter()
        .find(|day| text.len() >= 2 && day_name(*day).starts_with(&text))
}

fn day_name(day: Weekday) -> &'static str {
    match day {
        Weekday::Monday => "monday",
        Weekday::Tuesday => "tuesday",
        Weekday::Wednesday => "wednesday",
        Weekday::Thursday => "thursday",
        Weekday::Friday => "friday",
        Weekday::Saturday => "saturday",
        Weekday::Sunday => "sunday",
    }
}

fn minute_of_day(text: &str) -> Option<u16> {
    let (hours, minutes) = text.trim().split_once(':')?;
    let hours: u16 = hours.parse().ok()?;
    let minutes: u16 = minutes.parse().ok()?;
    (hours <= 24 && minutes < 60).then_some(hours * 60 + minutes)
}

/// `mon-fri 17:00-21:00; sat 10:00-12:00` (days: a name or prefix, or a range).
pub fn parse_availability(text: &str) -> Result<Vec<WeeklySlot>, String> {
    let mut slots = Vec::new();
    for item in text.split(';').map(str::trim).filter(|i| !i.is_empty()) {
        let bad = || format!("Availability {item:?}: write it like {AVAILABILITY_HINT}.");
        let (days, times) = item.split_once(char::is_whitespace).ok_or_else(bad)?;
        let (start, end) = times.trim().split_once('-').ok_or_else(bad)?;
        let start_minute = minute_of_day(start).ok_or_else(bad)?;
        let end_minute = minute_of_day(end).ok_or_else(bad)?;
        let (first, last) = match days.split_once('-') {
            Some((first, last)) => (weekday(first), weekday(last)),
            None => (weekday(days), weekday(days)),
        };
        let (Some(first), Some(last)) = (first, last) else {
            return Err(bad());
        };
        let range = Weekday::ALL
            .into_iter()
            .skip_while(|d| *d != first)
            .take_while(|d| *d <= last);
        for weekday in range {
            slots.push(WeeklySlot {
                weekday,
                start_minute,
                end_minute,
            });
        }
    }
    Ok(slots)
}

pub fn format_availability(slots: &[WeeklySlot]) -> String {
    let time = |m: u16| format!("{:02}:{:02}", m / 60, m % 60);
    slots
        .iter()
        .map(|s| {
            format!(
                "{} {}-{}",
                &day_name(s.weekday)[..3],
                time(s.start_minute),
                time(s.end_minute)
            )
        })
        .collect::<Vec<_>>()
        .join("; ")
}

fn parse_date(text: &str, what: &str) -> Result<jiff::civil::Date, String> {
    text.parse()
        .map_err(|_| format!("{what}: a date like 2019-07-01, not {text:?}."))
}

/// `module@2024-02-03; …`; `required@DATE` stands for every module the program requires.
pub fn parse_training(
    text: &str,
    catalog: &ProgramCatalog,
) -> Result<Vec<TrainingCompletion>, String> {
    let mut done = Vec::new();
    for item in text.split(';').map(str::trim).filter(|i| !i.is_empty()) {
        let (module, date) = item
            .rsplit_once('@')
            .ok_or_else(|| format!("Training {item:?}: write module@2024-02-03."))?;
        let completed_on = parse_date(date.trim(), "Training")?;
        let module = module.trim();
        if module.eq_ignore_ascii_case("required") {
            done.extend(
                catalog
                    .required_training
                    .iter()
                    .map(|module| TrainingCompletion {
                        module: module.clone(),
                        completed_on,
                    }),
            );
        } else {
            done.push(TrainingCompletion {
                module: module.to_owned(),
                completed_on,
            });
        }
    }
    Ok(done)
}

pub fn format_training(training: &[TrainingCompletion]) -> String {
    training
        .iter()
        .map(|t| format!("{}@{}", t.module, t.completed_on))
        .collect::<Vec<_>>()
        .join("; ")
}

/// `Name <contact>; …`.
pub fn parse_references(text: &str) -> Result<Vec<Reference>, String> {
    text.split(';')
        .map(str::trim)
        .filter(|i| !i.is_empty())
        .map(|item| {
            let bad = || format!("Reference {item:?}: write Name <phone or email>.");
            let (name, rest) = item.split_once('<').ok_or_else(bad)?;
            let contact = rest.strip_suffix('>').ok_or_else(bad)?;
            Ok(Reference {
                name: name.trim().to_owned(),
                contact: contact.trim().to_owned(),
            })
        })
        .collect()
}

pub fn format_references(references: &[Reference]) -> String {
    references
        .iter()
        .map(|r| format!("{} <{}>", r.name, r.contact))
        .collect::<Vec<_>>()
        .join("; ")
}

/// `City, Region, lat, lon` or `City, lat, lon` (degrees), or nothing.
pub fn parse_location(text: &str) -> Result<Option<CoarseLocation>, String> {
    if text.trim().is_empty() {
        return Ok(None);
    }
    let bad = || format!("Location: write it like {LOCATION_HINT}.");
    let parts = parse_list(text);
    let (city, region, lat, lon) = match parts.as_slice() {
        [city, lat, lon] => (city, None, lat, lon),
        [city, region, lat, lon] => (city, Some(region.clone()), lat, lon),
        _ => return Err(bad()),
    };
    let degrees_e2 = |text: &str| -> Result<i32, String> {
        let value: f64 = text.parse().map_err(|_| bad())?;
        let scaled = (value * 100.0).round();
        if scaled.abs() > 18_000.0 {
            return Err(bad());
        }
        // Bounded just above: fits an i32.
        #[allow(clippy::cast_possible_truncation)]
        Ok(scaled as i32)
    };
    Ok(Some(CoarseLocation {
        city: city.clone(),
        region,
        lat_e2: degrees_e2(lat)?,
        lon_e2: degrees_e2(lon)?,
    }))
}

pub fn format_location(location: &CoarseLocation) -> String {
    let degrees = |e2: i32| format!("{:.2}", f64::from(e2) / 100.0);
    match &location.region {
        Some(region) => format!(
            "{}, {region}, {}, {}",
            location.city,
            degrees(location.lat_e2),
            degrees(location.lon_e2)
        ),
        None => format!(
            "{}, {}, {}",
            location.city,
            degrees(location.lat_e2),
            degrees(location.lon_e2)
        ),
    }
}

/// This machine's IANA time zone name when it can be read (`$TZ`, or where `/etc/localtime`
/// points), as a starting value for the forms; empty otherwise.
pub(crate) fn local_time_zone() -> String {
    if let Ok(tz) = std::env::var("TZ") {
        let tz = tz.trim_start_matches(':');
        if tz.contains('/') {
            return tz.to_owned();
        }
    }
    std::fs::read_link("/etc/localtime")
        .ok()
        .and_then(|target| {
            let target = target.to_string_lossy().into_owned();
            target
                .split_once("zoneinfo/")
                .map(|(_, name)| name.to_owned())
        })
        .unwrap_or_default()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn availability_reads_day_ranges_and_round_trips() {
        let slots = parse_availability("mon-wed 17:00-21:00; sat 10:00-24:00").unwrap();
        assert_eq!(slots.len(), 4);
        assert_eq!(slots[0].weekday, Weekday::Monday);
        assert_eq!(slots[2].weekday, Weekday::Wednesday);
        assert_eq!((slots[0].start_minute, slots[0].end_minute), (1020, 1260));
        assert_eq!(
            (slots[3].weekday, slots[3].end_minute),
            (Weekday::Saturday, 1440)
        );
        assert_eq!(
            parse_availability(&format_availability(&slots)).unwrap(),
            slots
        );
    }

    #[test]
    fn unreadable_availability_says_how_to_write_it() {
        for bad in ["monday", "xx 10:00-11:00", "mon 10-11", "mon 25:00-26:00"] {
            let error = parse_availability(bad).unwrap_err();
            assert!(error.contains("write it like"), "{bad}: {error}");
        }
        assert_eq!(parse_availability("  ").unwrap(), vec![]);
    }

    #[test]
    fn formats_by_their_words() {
        assert_eq!(
            parse_formats("Video, in person,phone").unwrap(),
            vec![
                SessionFormat::Video,
                SessionFormat::InPerson,
                SessionFormat::Phone
            ]
        );
        assert!(
            parse_formats("carrier pigeon")
                .unwrap_err()
                .contains("Unknown format")
        );
    }

    #[test]
    fn training_references_and_location() {
        let catalog = ProgramCatalog::default();
        let training =
            parse_training("required@2024-02-03; active listening@2024-03-09", &catalog).unwrap();
        assert_eq!(training.len(), catalog.required_training.len() + 1);
        assert_eq!(training.last().unwrap().module, "active listening");
        assert!(parse_training("foundations 2024", &catalog).is_err());

        let references = parse_references("Ada Lovelace <ada@example.net>; Bo <0123>").unwrap();
        assert_eq!(references[1].contact, "0123");
        assert!(parse_references("Ada ada@example.net").is_err());

        let location = parse_location("London, England, 51.51, -0.13")
            .unwrap()
            .unwrap();
        assert_eq!((location.lat_e2, location.lon_e2), (5151, -13));
        assert_eq!(
            parse_location(&format_location(&location))
                .unwrap()
                .unwrap(),
            location
        );
        assert_eq!(parse_location("").unwrap(), None);
        assert!(parse_location("London").is_err());
    }

    #[test]
    fn session_proposals_read_where_and_how_often() {
        let mut form = session();
        form.fields[SESSION_START].input.set("2026-03-10T18:00");
        form.fields[SESSION_FORMAT]
            .input
            .set("in person Café Nero, High St");
        let (format, start, minutes, recurrence) = session_from(&form).unwrap();
        assert_eq!(
            format,
            SessionsFormat::InPerson {
                place: "Café Nero, High St".to_owned()
            }
        );
        assert_eq!(
            (start.as_str(), minutes, recurrence),
            ("2026-03-10T18:00", 60, Recurrence::Weekly)
        );
        form.fields[SESSION_FORMAT]
            .input
            .set("video https://meet.example.org/x");
        assert!(
            matches!(session_from(&form).unwrap().0, SessionsFormat::Video { link } if link == "https://meet.example.org/x")
        );
        form.fields[SESSION_REPEAT].input.set("daily");
        assert!(session_from(&form).unwrap_err().contains("Repeat"));
        form.fields[SESSION_REPEAT].input.set("once");
        form.fields[SESSION_FORMAT].input.set("carrier pigeon");
        assert!(session_from(&form).unwrap_err().contains("Where"));
    }

    #[test]
    fn check_in_reads_mood_note_and_sharing() {
        let mut form = check_in();
        form.fields[CHECK_IN_MOOD].input.set("4");
        form.fields[CHECK_IN_NOTE].input.set("  calmer ");
        form.fields[CHECK_IN_SHARE].input.set("n");
        assert_eq!(
            check_in_from(&form).unwrap(),
            (4, Some("calmer".to_owned()), false)
        );
        form.fields[CHECK_IN_MOOD].input.set("great");
        assert!(check_in_from(&form).is_err());
    }
}
