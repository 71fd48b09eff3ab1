//! Credentials from the profile file `~/.tencentcloud/credentials` (INI).

use std::path::{Path, PathBuf};

use super::{Credential, CredentialError, env_var};

/// The variable that overrides the profile file's path.
pub(super) const CREDENTIALS_FILE_VAR: &str = "TENCENTCLOUD_CREDENTIALS_FILE";

/// Reads `[default]` `secret_id` / `secret_key` (and optional `token`) from the profile file.
///
/// ```
/// use tencent_action_core::ProfileCredentials;
/// let dir = std::env::temp_dir().join(format!("tc-profile-doc-{}", std::process::id()));
/// std::fs::create_dir_all(&dir).unwrap();
/// let file = dir.join("credentials");
/// std::fs::write(&file, "[default]\nsecret_id = AKIDEXAMPLE\nsecret_key = example-key\n").unwrap();
/// let cred = ProfileCredentials::at(&file).load().unwrap().unwrap();
/// assert_eq!(cred.secret_id(), "AKIDEXAMPLE");
/// ```
#[derive(Debug, Clone)]
pub struct ProfileCredentials {
    path: PathBuf,
    profile: String,
}

impl ProfileCredentials {
    /// The file named by `TENCENTCLOUD_CREDENTIALS_FILE`, else `~/.tencentcloud/credentials`,
    /// profile `default`.
    ///
    /// ```
    /// let p = tencent_action_core::ProfileCredentials::from_env();
    /// assert!(p.path().ends_with("credentials") || std::env::var_os("TENCENTCLOUD_CREDENTIALS_FILE").is_some());
    /// ```
    pub fn from_env() -> Self {
        let path = env_var(CREDENTIALS_FILE_VAR)
            .map(PathBuf::from)
            .unwrap_or_else(|| {
                let home = env_var("HOME")
                    .or_else(|| env_var("USERPROFILE"))
                    .unwrap_or_default();
                Path::new(&home).join(".tencentcloud").join("credentials")
            });
        Self::at(path)
    }

    /// A specific file, profile `default`.
    ///
    /// ```
    /// let p = tencent_action_core::ProfileCredentials::at("/etc/none");
    /// assert_eq!(p.path(), std::path::Path::new("/etc/none"));
    /// ```
    pub fn at(path: impl Into<PathBuf>) -> Self {
        ProfileCredentials {
            path: path.into(),
            profile: "default".to_owned(),
        }
    }

    /// Reads another section than `[default]`.
    ///
    /// ```
    /// let p = tencent_action_core::ProfileCredentials::at("/x").profile("prod");
    /// # let _ = p;
    /// ```
    pub fn profile(mut self, name: impl Into<String>) -> Self {
        self.profile = name.into();
        self
    }

    /// The file this source reads.
    ///
    /// ```
    /// assert!(tencent_action_core::ProfileCredentials::at("/x").path().ends_with("x"));
    /// ```
    pub fn path(&self) -> &Path {
        &self.path
    }

    /// `Ok(None)` when the file does not exist; an error when it exists but is unreadable or
    /// lacks the profile's `secret_id` or `secret_key`.
    ///
    /// ```
    /// let none = tencent_action_core::ProfileCredentials::at("/nonexistent/credentials").load().unwrap();
    /// assert!(none.is_none());
    /// ```
    pub fn load(&self) -> Result<Option<Credential>, CredentialError> {
        let text = match std::fs::read_to_string(&self.path) {
            Ok(text) => zeroize::Zeroizing::new(text),
            Err(e) if e.kind() == std::io::ErrorKind::NotFound => return Ok(None),
            Err(e) => return Err(self.error(format!("cannot read it: {e}"))),
        };
        let section = parse_section(&text, &self.profile)
            .ok_or_else(|| self.error(format!("no [{}] section", self.profile)))?;
        let get = |key: &str| {
            section
                .iter()
                .find(|(k, _)| *k == key)
                .map(|(_, v)| (*v).to_owned())
        };
        let id = get("secret_id")
            .ok_or_else(|| self.error(format!("[{}] has no secret_id", self.profile)))?;
        let key = get("secret_key")
            .ok_or_else(|| self.error(format!("[{}] has no secret_key", self.profile)))?;
        let credential = Credential::new(id, key).map_err(|e| self.error(e.to_string()))?;
        match get("token") {
            Some(token) => credential
                .with_token(token)
                .map(Some)
                .map_err(|e| self.error(e.to_string())),
            None => Ok(Some(credential)),
        }
    }

    fn error(&self, reason: String) -> CredentialError {
        CredentialError::Profile {
            path: self.path.display().to_string(),
            reason,
        }
    }
}

/// The `key = value` pairs of one `[section]`; `None` if the section is absent.
/// Values are trimmed; `#` and `;` start comment lines.
fn parse_section<'a>(text: &'a str, wanted: &str) -> Option<Vec<(&'a str, &'a str)>> {
    let mut found = false;
    let mut in_section = false;
    let mut pairs = Vec::new();
    for line in text.lines() {
        let line = line.trim();
        if line.is_empty() || line.starts_with('#') || line.starts_with(';') {
            continue;
        }
        if let Some(name) = line.strip_prefix('[').and_then(|l| l.strip_suffix(']')) {
            in_section = name.trim() == wanted;
            found |= in_section;
            continue;
        }
        if in_section && let Some((key, value)) = line.split_once('=') {
            pairs.push((key.trim(), value.trim()));
        }
    }
    found.then_some(pairs)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn sections_comments_and_spacing() {
        let text =
            "# comment\n[other]\nsecret_id=X\n[default]\n secret_id = AKID \n;c\nsecret_key=k=v\n";
        let pairs = parse_section(text, "default").unwrap();
        assert_eq!(pairs, [("secret_id", "AKID"), ("secret_key", "k=v")]);
        assert_eq!(parse_section(text, "other").unwrap(), [("secret_id", "X")]);
        assert!(parse_section(text, "missing").is_none());
    }

    #[test]
    fn file_without_key_is_an_error_naming_the_file() {
        let dir = std::env::temp_dir().join(format!("tc-profile-test-{}", std::process::id()));
        std::fs::create_dir_all(&dir).unwrap();
        let file = dir.join("credentials");
        std::fs::write(&file, "[default]\nsecret_id = AKID\n").unwrap();
        let err = ProfileCredentials::at(&file).load().unwrap_err();
        assert!(err.to_string().contains("has no secret_key"), "{err}");
        assert!(
            err.to_string().contains(&file.display().to_string()),
            "{err}"
        );
    }
}
