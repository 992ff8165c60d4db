//! The food relay (madstafet): every meal has a baton code that guests carry on to a meal of
//! their own. Codes are short, read aloud and typed easily: no 0/O, 1/I/L, and the last
//! character is a check character, so a typo is caught and a near code can be suggested.

use crate::FieldError;
use std::fmt;

/// 31 characters: digits 2–9 and letters without I, L, O.
const ALPHABET: &[u8; 31] = b"23456789ABCDEFGHJKMNPQRSTUVWXYZ";
const PAYLOAD_LEN: usize = 5;
/// Codes a payload of 31^5 = 28,629,151 meals.
pub const CAPACITY: u64 = 31u64.pow(PAYLOAD_LEN as u32);

#[derive(Debug, Clone, PartialEq, Eq, Hash, serde::Serialize)]
#[serde(transparent)]
pub struct BatonCode(String);

fn value_of(c: u8) -> Option<u32> {
    ALPHABET.iter().position(|&a| a == c).map(|p| p as u32)
}

/// The check character: a weighted sum modulo 31 (a prime), so any single wrong character and
/// any two swapped neighbours in the payload change it.
fn check_char(payload: &[u8]) -> u8 {
    let sum: u32 = payload
        .iter()
        .enumerate()
        .map(|(i, &c)| (i as u32 + 2) * value_of(c).expect("payload uses the alphabet"))
        .sum();
    ALPHABET[(sum % 31) as usize]
}

impl BatonCode {
    /// The code for a number below [`CAPACITY`] (e.g. a random one); numbers are spread so that
    /// consecutive meals get unrelated codes.
    pub fn from_number(n: u64) -> Self {
        // A bijection on 0..CAPACITY (multiplying by a number coprime to 31^5), so codes of
        // neighbouring numbers do not look alike.
        let mut x = (n % CAPACITY) * 7_368_787 % CAPACITY;
        let mut payload = [0u8; PAYLOAD_LEN];
        for slot in payload.iter_mut().rev() {
            *slot = ALPHABET[(x % 31) as usize];
            x /= 31;
        }
        let mut code = String::with_capacity(PAYLOAD_LEN + 1);
        code.push_str(std::str::from_utf8(&payload).expect("ASCII"));
        code.push(check_char(&payload) as char);
        Self(code)
    }

    /// Reads a code as people type it: any case, with spaces or a hyphen ("abc-def").
    pub fn parse(input: &str) -> Result<Self, FieldError> {
        let cleaned = normalise(input);
        if cleaned.is_empty() {
            return Err(FieldError::new("required"));
        }
        if cleaned.len() != PAYLOAD_LEN + 1 || !cleaned.bytes().all(|c| value_of(c).is_some()) {
            return Err(FieldError::new("baton-format"));
        }
        let bytes = cleaned.as_bytes();
        if check_char(&bytes[..PAYLOAD_LEN]) != bytes[PAYLOAD_LEN] {
            return Err(FieldError::new("baton-typo"));
        }
        Ok(Self(cleaned))
    }

    /// Valid codes one slip away from what was typed (a confusable or neighbouring character,
    /// two swapped characters), for "did you mean …?" — the store keeps those that exist.
    pub fn near(input: &str) -> Vec<BatonCode> {
        let cleaned: Vec<u8> = normalise(input).into_bytes();
        if cleaned.len() != PAYLOAD_LEN + 1 {
            return Vec::new();
        }
        let mut candidates = Vec::new();
        let mut push = |bytes: &[u8]| {
            if let Ok(code) = BatonCode::parse(std::str::from_utf8(bytes).unwrap_or(""))
                && !candidates.contains(&code)
            {
                candidates.push(code);
            }
        };
        for i in 0..cleaned.len() {
            for &c in ALPHABET {
                let mut b = cleaned.clone();
                b[i] = c;
                push(&b);
            }
            if i + 1 < cleaned.len() {
                let mut b = cleaned.clone();
                b.swap(i, i + 1);
                push(&b);
            }
        }
        candidates
    }

    pub fn as_str(&self) -> &str {
        &self.0
    }

    /// As printed on baton cards: "ABC-DEF".
    pub fn display(&self) -> String {
        format!("{}-{}", &self.0[..3], &self.0[3..])
    }
}

/// Upper-case, without spaces and hyphens.
fn normalise(input: &str) -> String {
    input.chars().filter(|c| !c.is_whitespace() && *c != '-').map(|c| c.to_ascii_uppercase()).collect()
}

impl fmt::Display for BatonCode {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.display())
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    #[test]
    fn codes_avoid_confusable_characters() {
        for n in [0, 1, 2, 1000, CAPACITY - 1] {
            let code = BatonCode::from_number(n);
            assert_eq!(code.as_str().len(), 6);
            assert!(!code.as_str().contains(['0', 'O', '1', 'I', 'L']), "{code}");
        }
        assert_ne!(BatonCode::from_number(1), BatonCode::from_number(2));
    }

    #[test]
    fn parses_as_typed() {
        let code = BatonCode::from_number(42);
        let typed = format!(" {} ", code.display().to_lowercase());
        assert_eq!(BatonCode::parse(&typed).unwrap(), code);
        assert_eq!(BatonCode::parse("").unwrap_err().code, "required");
        assert_eq!(BatonCode::parse("ABC").unwrap_err().code, "baton-format");
        assert_eq!(BatonCode::parse("ABCDE0").unwrap_err().code, "baton-format");
    }

    #[test]
    fn a_typo_is_caught_and_the_code_suggested() {
        let code = BatonCode::from_number(123_456);
        let mut typo = code.as_str().as_bytes().to_vec();
        typo[2] = if typo[2] == b'X' { b'Y' } else { b'X' };
        let typo = String::from_utf8(typo).unwrap();
        assert_eq!(BatonCode::parse(&typo).unwrap_err().code, "baton-typo");
        assert!(BatonCode::near(&typo).contains(&code));
        let mut swapped = code.as_str().as_bytes().to_vec();
        swapped.swap(0, 1);
        let swapped = String::from_utf8(swapped).unwrap();
        if swapped != code.as_str() {
            assert!(BatonCode::near(&swapped).contains(&code));
        }
    }

    proptest! {
        #[test]
        fn every_number_gives_a_valid_distinct_code(a in 0..CAPACITY, b in 0..CAPACITY) {
            let code = BatonCode::from_number(a);
            prop_assert_eq!(BatonCode::parse(code.as_str()).unwrap(), code.clone());
            if a != b {
                prop_assert_ne!(code, BatonCode::from_number(b));
            }
        }

        #[test]
        fn any_single_substitution_is_detected(n in 0..CAPACITY, pos in 0usize..6, c in 0usize..31) {
            let code = BatonCode::from_number(n);
            let mut bytes = code.as_str().as_bytes().to_vec();
            prop_assume!(bytes[pos] != ALPHABET[c]);
            bytes[pos] = ALPHABET[c];
            prop_assert!(BatonCode::parse(std::str::from_utf8(&bytes).unwrap()).is_err());
        }
    }
}
