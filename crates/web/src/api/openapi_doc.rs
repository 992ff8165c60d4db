//! What the handlers' attributes leave out of the OpenAPI document, filled in once for all
//! operations so no response goes undescribed and no patch schema can drift from its input.

use serde_json::{Value, json};

const PATCH_TYPE: &str = "application/merge-patch+json";

pub fn finish(mut doc: Value) -> Value {
    let mut patched = Vec::new();
    if let Some(paths) = doc["paths"].as_object_mut() {
        for operation in paths.values_mut().filter_map(Value::as_object_mut).flat_map(|p| p.values_mut()) {
            complete_responses(operation);
            if let Some(schema) =
                operation.pointer_mut(&format!("/requestBody/content/{}/schema", PATCH_TYPE.replace('/', "~1")))
                && let Some(name) = schema["$ref"].as_str().and_then(|r| r.strip_prefix("#/components/schemas/"))
            {
                let name = name.to_owned();
                *schema = json!({ "$ref": format!("#/components/schemas/{name}Patch") });
                patched.push(name);
            }
        }
    }
    if let Some(schemas) = doc.pointer_mut("/components/schemas").and_then(Value::as_object_mut) {
        for name in patched {
            if let Some(input) = schemas.get(&name).cloned() {
                schemas.insert(format!("{name}Patch"), patch_schema(input));
            }
        }
    }
    doc
}

/// Every response gets a description, and what any operation may answer is listed: 400 when
/// the body or a parameter cannot be read, 401 where a token is needed.
fn complete_responses(operation: &mut Value) {
    let takes_input =
        operation.get("requestBody").is_some() || operation["parameters"].as_array().is_some_and(|p| !p.is_empty());
    let needs_token = operation.get("security").is_some();
    let Some(responses) = operation["responses"].as_object_mut() else { return };
    if takes_input {
        responses.entry("400").or_insert_with(|| json!({}));
    }
    if needs_token {
        responses.entry("401").or_insert_with(|| json!({}));
    }
    for (status, response) in responses.iter_mut() {
        let described = response["description"].as_str().is_some_and(|d| !d.is_empty());
        if !described && let Some(response) = response.as_object_mut() {
            response.insert("description".into(), Value::from(describe(status)));
        }
    }
}

fn describe(status: &str) -> &'static str {
    match status {
        "200" => "Success.",
        "201" => "Created.",
        "204" => "Done; nothing to return.",
        "400" => {
            "The request could not be read: a body that is not JSON of the documented shape, or a malformed parameter."
        }
        "401" => "No valid API token: send `Authorization: Bearer <token>`.",
        "403" => "The token's owner may not do this.",
        "404" => "Not found, or not visible to the caller.",
        "409" => "Refused because of what depends on it.",
        "422" => "Invalid input: an error code and a Danish message per field; nothing was changed.",
        "429" => "Too many requests; try again later.",
        _ => "See the operation's description.",
    }
}

/// A merge patch of `input`: every field optional, and `null` allowed to empty a field that
/// may be empty; a required field keeps its constraints, as it cannot be emptied.
fn patch_schema(mut input: Value) -> Value {
    if let Some(schema) = input.as_object_mut() {
        let required = schema.remove("required").unwrap_or_default();
        schema.insert(
            "description".into(),
            Value::from(
                "A JSON merge patch (RFC 7386): fields left out keep their value, `null` empties a field that is not required.",
            ),
        );
        if let Some(properties) = schema.get_mut("properties").and_then(Value::as_object_mut) {
            for (name, property) in properties.iter_mut() {
                if !required.as_array().is_some_and(|r| r.iter().any(|n| n == name)) {
                    *property = nullable(std::mem::take(property));
                }
            }
        }
    }
    input
}

fn nullable(property: Value) -> Value {
    let Value::Object(mut fields) = property else { return property };
    match fields.get_mut("type") {
        Some(Value::String(t)) => {
            let t = std::mem::take(t);
            fields.insert("type".into(), json!([t, "null"]));
        }
        Some(Value::Array(types)) => {
            if !types.iter().any(|t| t == "null") {
                types.push(Value::from("null"));
            }
        }
        _ => return json!({ "oneOf": [Value::Object(fields), { "type": "null" }] }),
    }
    Value::Object(fields)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn patch_schemas_make_every_field_optional_and_the_optional_ones_nullable() {
        let input = json!({"type": "object", "required": ["name"], "properties": {
            "name": {"type": "string", "minLength": 1}, "done": {"type": ["boolean", "null"]}, "when": {"$ref": "#/x"},
            "note": {"type": "string"}}});
        let patch = patch_schema(input);
        assert!(patch.get("required").is_none());
        assert_eq!(
            patch["properties"],
            json!({"name": {"type": "string", "minLength": 1}, "done": {"type": ["boolean", "null"]},
                   "when": {"oneOf": [{"$ref": "#/x"}, {"type": "null"}]}, "note": {"type": ["string", "null"]}})
        );
    }

    #[test]
    fn every_response_is_described() {
        let mut op = json!({"parameters": [{"name": "id"}], "security": [], "responses": {"200": {"description": ""}}});
        complete_responses(&mut op);
        let responses = op["responses"].as_object().unwrap();
        assert_eq!(responses.keys().collect::<Vec<_>>(), ["200", "400", "401"]);
        assert!(responses.values().all(|r| !r["description"].as_str().unwrap().is_empty()));
    }
}
