//! Credentials from `TENCENTCLOUD_SECRET_ID`, `TENCENTCLOUD_SECRET_KEY`, `TENCENTCLOUD_TOKEN`.

use super::{Credential, CredentialError, env_var};

/// Reads credentials from the environment variables the official SDKs and CLI use.
///
/// ```
/// use tencent_action_core::EnvCredentials;
/// // Absent variables are not an error: the source is simply empty.
/// if std::env::var_os("TENCENTCLOUD_SECRET_ID").is_none() && std::env::var_os("TENCENTCLOUD_SECRET_KEY").is_none() {
///     assert!(EnvCredentials::load().unwrap().is_none());
/// }
/// ```
#[derive(Debug, Clone, Copy, Default)]
pub struct EnvCredentials;

/// The SecretId variable.
pub(super) const SECRET_ID_VAR: &str = "TENCENTCLOUD_SECRET_ID";
/// The SecretKey variable.
pub(super) const SECRET_KEY_VAR: &str = "TENCENTCLOUD_SECRET_KEY";
/// The session-token variable.
pub(super) const TOKEN_VAR: &str = "TENCENTCLOUD_TOKEN";

impl EnvCredentials {
    /// `Ok(None)` when neither id nor key is set; an error when only one is, or a value is
    /// malformed.
    ///
    /// ```
    /// use tencent_action_core::EnvCredentials;
    /// match EnvCredentials::load() {
    ///     Ok(Some(credential)) => println!("TENCENTCLOUD_SECRET_ID is {}", credential.secret_id()),
    ///     Ok(None) => println!("not set"),
    ///     Err(e) => eprintln!("{e}"),
    /// }
    /// ```
    pub fn load() -> Result<Option<Credential>, CredentialError> {
        Self::load_from(env_var)
    }

    pub(crate) fn load_from(
        get: impl Fn(&str) -> Option<String>,
    ) -> Result<Option<Credential>, CredentialError> {
        let (id, key) = match (get(SECRET_ID_VAR), get(SECRET_KEY_VAR)) {
            (None, None) => return Ok(None),
            (Some(_), None) => {
                return Err(CredentialError::IncompleteEnvironment {
                    set: SECRET_ID_VAR,
                    missing: SECRET_KEY_VAR,
                });
            }
            (None, Some(_)) => {
                return Err(CredentialError::IncompleteEnvironment {
                    set: SECRET_KEY_VAR,
                    missing: SECRET_ID_VAR,
                });
            }
            (Some(id), Some(key)) => (id, key),
        };
        let credential = Credential::new(id, key)?;
        match get(TOKEN_VAR) {
            Some(token) => credential.with_token(token).map(Some),
            None => Ok(Some(credential)),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::collections::HashMap;

    fn from(vars: &[(&str, &str)]) -> Result<Option<Credential>, CredentialError> {
        let map: HashMap<String, String> = vars
            .iter()
            .map(|(k, v)| ((*k).to_owned(), (*v).to_owned()))
            .collect();
        EnvCredentials::load_from(|name| map.get(name).cloned())
    }

    #[test]
    fn absent_is_none_and_complete_is_some() {
        assert!(from(&[]).unwrap().is_none());
        let cred = from(&[
            (SECRET_ID_VAR, "AKID"),
            (SECRET_KEY_VAR, "k"),
            (TOKEN_VAR, "t"),
        ])
        .unwrap()
        .unwrap();
        assert_eq!(
            (cred.secret_id(), cred.secret_key(), cred.token()),
            ("AKID", "k", Some("t"))
        );
    }

    #[test]
    fn half_set_or_padded_is_an_error_naming_the_variable() {
        let err = from(&[(SECRET_ID_VAR, "AKID")]).unwrap_err();
        assert_eq!(
            err.to_string(),
            "TENCENTCLOUD_SECRET_ID is set but TENCENTCLOUD_SECRET_KEY is not"
        );
        let err = from(&[(SECRET_ID_VAR, "AKID"), (SECRET_KEY_VAR, "k\n")]).unwrap_err();
        assert_eq!(err, CredentialError::Whitespace { field: "SecretKey" });
    }
}
