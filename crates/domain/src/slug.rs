//! Short URL names for initiatives and organisations (`/initiativer/sammen-mod-ensomhed`).

use crate::{FieldError, FieldErrors, text};
use std::fmt;

#[derive(Debug, Clone, PartialEq, Eq, Hash, serde::Serialize)]
#[serde(transparent)]
pub struct Slug(String);

impl Slug {
    pub const MAX_LEN: usize = 60;

    pub fn parse(input: &str) -> Result<Self, FieldError> {
        let s = input.trim();
        if s.is_empty() {
            return Err(FieldError::new("required"));
        }
        let valid_chars = s.chars().all(|c| c.is_ascii_lowercase() || c.is_ascii_digit() || c == '-');
        if !valid_chars || s.starts_with('-') || s.ends_with('-') || s.contains("--") {
            return Err(FieldError::new("slug-format"));
        }
        if s.len() < 2 || s.len() > Self::MAX_LEN {
            return Err(FieldError::new("slug-length"));
        }
        Ok(Self(s.to_owned()))
    }

    /// Derives a slug from a name: Danish letters are transliterated (æ → ae, ø → oe, å → aa).
    pub fn from_name(name: &str) -> Self {
        let mut out = String::new();
        for c in name.to_lowercase().chars() {
            let piece = match c {
                'æ' => "ae",
                'ø' => "oe",
                'å' => "aa",
                'é' | 'è' | 'ê' => "e",
                'ü' => "u",
                'ö' => "o",
                'ä' => "a",
                c if c.is_ascii_alphanumeric() => {
                    out.push(c);
                    continue;
                }
                _ => "-",
            };
            out.push_str(piece);
        }
        let mut slug = out.split('-').filter(|p| !p.is_empty()).collect::<Vec<_>>().join("-");
        slug.truncate(Self::MAX_LEN);
        let slug = slug.trim_end_matches('-').to_owned();
        if slug.len() < 2 {
            return Self(format!("x{slug}x"));
        }
        Self(slug)
    }

    pub fn as_str(&self) -> &str {
        &self.0
    }
}

/// A record's name (a required line of up to 160 characters) and its short address, made from
/// the name when none is typed; what is wrong with either goes into `errors`.
pub fn name_and_slug(errors: &mut FieldErrors, name: &str, slug: &str) -> (Option<String>, Option<Slug>) {
    let name = errors.take("name", text::required_line(name, 160));
    let slug = if slug.trim().is_empty() {
        name.as_deref().map(Slug::from_name)
    } else {
        errors.take("slug", Slug::parse(slug))
    };
    (name, slug)
}

impl fmt::Display for Slug {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.0)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    #[test]
    fn transliterates_danish_names() {
        assert_eq!(Slug::from_name("Børn & Trivsel i Ærø Kommune").as_str(), "boern-trivsel-i-aeroe-kommune");
    }

    #[test]
    fn refuses_bad_slugs() {
        assert_eq!(Slug::parse("Æble").unwrap_err().code, "slug-format");
        assert_eq!(Slug::parse("a--b").unwrap_err().code, "slug-format");
        assert_eq!(Slug::parse("a").unwrap_err().code, "slug-length");
        assert!(Slug::parse("sammen-mod-ensomhed").is_ok());
    }

    proptest! {
        #[test]
        fn any_name_gives_a_valid_slug(name in "\\PC{0,80}") {
            let slug = Slug::from_name(&name);
            prop_assert!(Slug::parse(slug.as_str()).is_ok(), "{:?}", slug);
        }
    }
}
