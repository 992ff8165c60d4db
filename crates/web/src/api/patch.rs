//! What every write of the API shares: the caller must hold a token, and updates are JSON
//! merge patches over the resource's input.

use crate::auth::ApiActor;
use crate::error::WebError;
use crate::state::AppState;
use axum::Json;
use axum::extract::{FromRequest, FromRequestParts, Request};
use axum::http::request::Parts;
use serde::Serialize;
use serde::de::DeserializeOwned;
use serde_json::{Map, Value};

/// The caller of a write: without a token the answer is 401 before anything is looked up, so
/// an anonymous write can neither succeed nor tell which ids exist.
pub struct Writer(pub ApiActor);

impl FromRequestParts<AppState> for Writer {
    type Rejection = WebError;

    async fn from_request_parts(parts: &mut Parts, state: &AppState) -> Result<Self, Self::Rejection> {
        let who = ApiActor::from_request_parts(parts, state).await?;
        if who.actor.user_id.is_none() {
            return Err(WebError::Unauthenticated);
        }
        Ok(Writer(who))
    }
}

/// A JSON merge patch (RFC 7386) over a resource's input fields: a key left out keeps its
/// value, `null` empties it (validation refuses that where a value is required). Keys the
/// resource does not have are ignored, as on creation.
pub struct MergePatch(Map<String, Value>);

impl<S: Send + Sync> FromRequest<S> for MergePatch {
    type Rejection = WebError;

    async fn from_request(req: Request, state: &S) -> Result<Self, Self::Rejection> {
        match Json::<Value>::from_request(req, state).await {
            Ok(Json(Value::Object(fields))) => Ok(MergePatch(fields)),
            _ => Err(WebError::BadRequest),
        }
    }
}

impl MergePatch {
    /// The input with the patch laid over `current`; a value of the wrong type is a 400.
    pub fn apply<T: Serialize + DeserializeOwned + Default>(self, current: &T) -> Result<T, WebError> {
        let as_json = |v: &T| serde_json::to_value(v).map_err(|e| WebError::Internal(e.into()));
        let empty = as_json(&T::default())?;
        let mut merged = as_json(current)?;
        if let Value::Object(fields) = &mut merged {
            for (key, value) in self.0 {
                if let Some(field) = fields.get_mut(&key) {
                    *field = if value.is_null() { empty[&key].clone() } else { value };
                }
            }
        }
        serde_json::from_value(merged).map_err(|_| WebError::BadRequest)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    #[derive(Serialize, serde::Deserialize, Default, Debug, PartialEq)]
    struct Input {
        name: String,
        tags: Vec<String>,
        public: bool,
    }

    fn patch(v: Value) -> MergePatch {
        MergePatch(v.as_object().unwrap().clone())
    }

    #[test]
    fn a_merge_patch_keeps_what_it_leaves_out_and_empties_what_it_nulls() {
        let current = Input { name: "Før".into(), tags: vec!["a".into()], public: true };
        let after = patch(json!({"name": "Efter", "tags": null, "unknown": 1})).apply(&current).unwrap();
        assert_eq!(after, Input { name: "Efter".into(), tags: vec![], public: true });
        assert!(patch(json!({"public": "ja"})).apply(&current).is_err());
    }
}
