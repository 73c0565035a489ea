//! How the few domain values that have no `facet` reflection cross to the native shells
//! (feature `facet`, used only by the FFI's shell types).
//!
//! jiff's civil dates and date-times travel as ISO 8601 text, exactly as in the JSON wire format
//! (`"2019-07-14"`, `"2026-03-10T18:00:00"`). Fields of those types carry
//! `#[facet(opaque, proxy = IsoText)]` (or [`OptionalIsoText`] for an `Option`); the FFI's type
//! registry turns the proxy back into a string field for the generated Swift/Kotlin types.

use jiff::civil::{Date, DateTime};

/// A date or date-time as ISO 8601 text.
#[derive(Debug, Clone, PartialEq, Eq, facet::Facet)]
#[facet(transparent)]
pub struct IsoText(pub String);

/// An optional date or date-time as ISO 8601 text.
#[derive(Debug, Clone, PartialEq, Eq, facet::Facet)]
#[facet(transparent)]
pub struct OptionalIsoText(pub Option<String>);

macro_rules! iso_text {
    ($($ty:ty),*) => {$(
        impl TryFrom<IsoText> for $ty {
            type Error = jiff::Error;
            fn try_from(text: IsoText) -> Result<Self, Self::Error> {
                text.0.parse()
            }
        }
        #[allow(clippy::infallible_try_from)] // facet's proxies convert with TryFrom
        impl TryFrom<&$ty> for IsoText {
            type Error = std::convert::Infallible;
            fn try_from(value: &$ty) -> Result<Self, Self::Error> {
                Ok(IsoText(value.to_string()))
            }
        }
        impl TryFrom<OptionalIsoText> for Option<$ty> {
            type Error = jiff::Error;
            fn try_from(text: OptionalIsoText) -> Result<Self, Self::Error> {
                text.0.map(|t| t.parse()).transpose()
            }
        }
        #[allow(clippy::infallible_try_from)]
        impl TryFrom<&Option<$ty>> for OptionalIsoText {
            type Error = std::convert::Infallible;
            fn try_from(value: &Option<$ty>) -> Result<Self, Self::Error> {
                Ok(OptionalIsoText(value.as_ref().map(ToString::to_string)))
            }
        }
    )*};
}
iso_text!(Date, DateTime);

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn dates_round_trip_as_iso_text() {
        let date = jiff::civil::date(2019, 7, 14);
        let text = IsoText::try_from(&date).unwrap();
        assert_eq!(text.0, "2019-07-14");
        assert_eq!(Date::try_from(text).unwrap(), date);
        let none: Option<DateTime> = None;
        assert_eq!(OptionalIsoText::try_from(&none).unwrap().0, None);
        assert!(Date::try_from(IsoText("14/07/2019".into())).is_err());
    }
}
