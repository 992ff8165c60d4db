//! Validation errors that name the field and carry a code; the web layer maps each code to a
//! Fluent message id (`err-<code>`), so messages are translated rather than hard-coded.

use std::collections::BTreeMap;

#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("{code}")]
pub struct FieldError {
    pub code: &'static str,
}

impl FieldError {
    pub const fn new(code: &'static str) -> Self {
        Self { code }
    }
}

/// The errors of one form, by field name.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct FieldErrors(BTreeMap<&'static str, &'static str>);

impl FieldErrors {
    pub fn add(&mut self, field: &'static str, error: FieldError) {
        self.0.entry(field).or_insert(error.code);
    }

    /// Keeps the parsed value, or records its error under `field`.
    pub fn take<T>(&mut self, field: &'static str, result: Result<T, FieldError>) -> Option<T> {
        match result {
            Ok(value) => Some(value),
            Err(error) => {
                self.add(field, error);
                None
            }
        }
    }

    pub fn is_empty(&self) -> bool {
        self.0.is_empty()
    }

    pub fn get(&self, field: &str) -> Option<&'static str> {
        self.0.get(field).copied()
    }

    pub fn iter(&self) -> impl Iterator<Item = (&'static str, &'static str)> + '_ {
        self.0.iter().map(|(f, c)| (*f, *c))
    }
}
