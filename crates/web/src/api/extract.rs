//! How the API reads a request: a caller that must hold a token, paths whose unreadable ids
//! name nothing (404), JSON bodies read as JSON Schema reads them, and updates as JSON merge
//! patches over the resource's input.

use crate::http::auth::ApiActor;
use crate::http::error::WebError;
use crate::http::state::AppState;
use axum::Json;
use axum::extract::{FromRequest, FromRequestParts, Request};
use axum::http::request::Parts;
use serde::Serialize;
use serde::de::DeserializeOwned;
use serde_json::{Map, Value};

/// The caller of a write, or of a read that is only for an alliance's people: without a token
/// the answer is 401 before anything is looked up, so an anonymous call can neither succeed nor
/// tell which ids exist.
pub struct TokenHolder(pub ApiActor);

impl FromRequestParts<AppState> for TokenHolder {
    type Rejection = WebError;

    async fn from_request_parts(parts: &mut Parts, state: &AppState) -> Result<Self, Self::Rejection> {
        let who = ApiActor::from_request_parts(parts, state).await?;
        if who.actor.user_id.is_none() {
            return Err(WebError::Unauthenticated);
        }
        Ok(TokenHolder(who))
    }
}

/// A path's parameters; one that cannot be read (`/goals/abc`) names nothing, so it is a 404
/// like an id that does not exist.
pub struct Path<T>(pub T);

impl<S: Send + Sync, T: DeserializeOwned + Send> FromRequestParts<S> for Path<T> {
    type Rejection = WebError;

    async fn from_request_parts(parts: &mut Parts, state: &S) -> Result<Self, Self::Rejection> {
        match axum::extract::Path::<T>::from_request_parts(parts, state).await {
            Ok(axum::extract::Path(value)) => Ok(Path(value)),
            Err(_) => Err(WebError::NotFound),
        }
    }
}

/// A JSON request body. `5.0` is read as the integer 5, as JSON Schema (and so the OpenAPI
/// document) counts it an integer; a body of the wrong shape is a 400.
pub struct Body<T>(pub T);

impl<S: Send + Sync, T: DeserializeOwned> FromRequest<S> for Body<T> {
    type Rejection = WebError;

    async fn from_request(req: Request, state: &S) -> Result<Self, Self::Rejection> {
        let Json(mut value) = Json::<Value>::from_request(req, state).await.map_err(|_| WebError::BadRequest)?;
        integral_numbers_as_integers(&mut value);
        serde_json::from_value(value).map(Body).map_err(|_| WebError::BadRequest)
    }
}

fn integral_numbers_as_integers(value: &mut Value) {
    match value {
        Value::Number(n) => {
            if let Some(f) = n.as_f64().filter(|f| {
                n.is_f64() && f.fract() == 0.0 && (-9.223_372_036_854_776e18..9.223_372_036_854_776e18).contains(f)
            }) {
                *n = (f as i64).into();
            }
        }
        Value::Array(items) => items.iter_mut().for_each(integral_numbers_as_integers),
        Value::Object(fields) => fields.values_mut().for_each(integral_numbers_as_integers),
        _ => {}
    }
}

/// A JSON merge patch (RFC 7386) over a resource's input fields: a key left out keeps its
/// value, `null` empties it (validation refuses that where a value is required). Keys the
/// resource does not have are ignored, as on creation.
pub struct MergePatch(Map<String, Value>);

impl<S: Send + Sync> FromRequest<S> for MergePatch {
    type Rejection = WebError;

    async fn from_request(req: Request, state: &S) -> Result<Self, Self::Rejection> {
        match Body::<Value>::from_request(req, state).await? {
            Body(Value::Object(fields)) => Ok(MergePatch(fields)),
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

    #[test]
    fn integral_numbers_are_integers_wherever_they_are() {
        let mut body = json!({"to": 5406.0, "ids": [1.0, 2.5], "deep": {"n": -3.0}});
        integral_numbers_as_integers(&mut body);
        assert_eq!(body, json!({"to": 5406, "ids": [1, 2.5], "deep": {"n": -3}}));
        assert!(serde_json::from_value::<i64>(body["to"].clone()).is_ok());
    }
}
