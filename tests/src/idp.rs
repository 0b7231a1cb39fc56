//! The identity providers the sign-in tests talk to, each a real server on loopback started by
//! the test: an OpenID provider (npm `oidc-provider`, `tests/idp/oidc_provider.mjs`) and an LDAP
//! directory (Debian's `slapd`, `tests/idp/slapd.py`). `./dev test` installs both.

use std::io::BufRead;
use std::path::PathBuf;
use std::process::{Child, Command, Stdio};

use serde_json::json;
use uuid::Uuid;

use super::workspace_root;

/// The OpenID client the tests register at the provider and configure in the app.
pub const CLIENT_ID: &str = "fuehrerschein";
pub const CLIENT_SECRET: &str = "ein-geheimnis-nur-fuer-tests";

/// One account at the provider: login, password and the claims of its ID token.
pub struct OidcAccount {
    pub login: &'static str,
    pub password: &'static str,
    pub claims: serde_json::Value,
}

/// The test provider's accounts: Petra (HR, personnel number 1001), Aylin (no mail, 1003),
/// Max (not known to the platform).
pub fn oidc_accounts() -> Vec<OidcAccount> {
    vec![
        OidcAccount {
            login: "pschneider",
            password: "Sommer2026!",
            claims: json!({"sub": "u-1001", "email": "petra.schneider@stadt.example",
                "email_verified": true, "name": "Petra Schneider", "personnel_number": "1001",
                "department": "Dezernat I", "groups": ["fs-hr", "staff"]}),
        },
        OidcAccount {
            login: "akaya",
            password: "Winter2026!",
            claims: json!({"sub": "u-1003", "name": "Aylin Kaya", "personnel_number": "1003",
                "department": "Bauhof", "groups": ["staff"]}),
        },
        OidcAccount {
            login: "mneu",
            password: "Fruehling2026!",
            claims: json!({"sub": "u-2001", "email": "max.neu@stadt.example",
                "email_verified": true, "name": "Max Neu", "personnel_number": "2001",
                "department": "Dezernat I", "groups": ["staff"]}),
        },
    ]
}

/// A running test provider.
pub struct OidcProvider {
    pub port: u16,
    dir: PathBuf,
    child: Option<Child>,
}

impl OidcProvider {
    /// Starts on a free port; `redirect_base` is the app's base URL (the redirect URIs are
    /// registered under it). The app's port is known only after it started, so tests start the
    /// provider with any base, start the app with the provider as issuer, then `restart` the
    /// provider with the app's base.
    pub fn start(redirect_base: &str) -> OidcProvider {
        let dir = std::env::temp_dir().join(format!("fs-oidc-{}", Uuid::new_v4().simple()));
        std::fs::create_dir_all(&dir).expect("provider dir");
        let mut provider = OidcProvider {
            port: 0,
            dir,
            child: None,
        };
        provider.launch(redirect_base, false);
        provider
    }

    pub fn issuer(&self) -> String {
        format!("http://127.0.0.1:{}", self.port)
    }

    /// Stops and starts again on the same port, with the same keys or (`rotate`) a new one.
    pub fn restart(&mut self, redirect_base: &str, rotate: bool) {
        self.stop();
        self.launch(redirect_base, rotate);
    }

    fn launch(&mut self, redirect_base: &str, rotate: bool) {
        let base = redirect_base.trim_end_matches('/');
        let accounts: serde_json::Map<String, serde_json::Value> = oidc_accounts()
            .into_iter()
            .map(|a| {
                (
                    a.login.to_owned(),
                    json!({"password": a.password, "claims": a.claims}),
                )
            })
            .collect();
        let config = json!({
            "port": self.port,
            "keys_file": self.dir.join("keys.json"),
            "rotate": rotate,
            "clients": [{
                "client_id": CLIENT_ID,
                "client_secret": CLIENT_SECRET,
                "redirect_uris": [format!("{base}/auth/oidc/callback")],
                "post_logout_redirect_uris": [format!("{base}/login?logged_out=1")],
            }],
            "accounts": accounts,
        });
        let config_file = self.dir.join("config.json");
        std::fs::write(&config_file, config.to_string()).expect("provider config");
        let log = std::fs::OpenOptions::new()
            .create(true)
            .append(true)
            .open(self.dir.join("provider.log"))
            .expect("provider log");
        let mut child = Command::new("node")
            .arg(workspace_root().join("tests/idp/oidc_provider.mjs"))
            .arg(&config_file)
            .stdout(Stdio::piped())
            .stderr(log)
            .spawn()
            .unwrap_or_else(|e| panic!("cannot start node (./dev test installs it): {e}"));
        let mut line = String::new();
        let stdout = child.stdout.take().expect("provider's stdout");
        let _ = std::io::BufReader::new(stdout).read_line(&mut line);
        let Ok(port) = line.trim().parse::<u16>() else {
            let _ = child.kill();
            let _ = child.wait();
            panic!(
                "the OpenID provider did not start (npm ci in tests/idp?): {}",
                std::fs::read_to_string(self.dir.join("provider.log")).unwrap_or_default()
            );
        };
        self.port = port;
        self.child = Some(child);
    }

    /// The next ID token the provider issues is changed in these claims and signed again with
    /// the provider's key (`{"aud": "…"}`, `{"exp": 1000}`, `{"nonce": "…"}`), or signed with a
    /// key the provider never published (`unsigned_kid`).
    pub async fn tamper(&self, change: serde_json::Value) {
        let response = reqwest::Client::new()
            .post(format!("{}/test/tamper", self.issuer()))
            .json(&change)
            .send()
            .await
            .expect("tamper request");
        assert!(
            response.status().is_success(),
            "tamper: {}",
            response.status()
        );
    }

    pub fn stop(&mut self) {
        if let Some(mut child) = self.child.take() {
            let _ = child.kill();
            let _ = child.wait();
        }
    }
}

impl Drop for OidcProvider {
    fn drop(&mut self) {
        self.stop();
        let _ = std::fs::remove_dir_all(&self.dir);
    }
}

/// A running slapd with the accounts of `tests/idp/ldap/musterstadt.ldif`.
pub struct Directory {
    /// The harness's JSON line: URLs, CA file, service account, users.
    pub info: serde_json::Value,
    dir: PathBuf,
    child: Option<Child>,
}

impl Directory {
    pub fn start() -> Directory {
        let dir = std::env::temp_dir().join(format!("fs-ldap-{}", Uuid::new_v4().simple()));
        let mut child = Command::new("python3")
            .arg(workspace_root().join("tests/idp/slapd.py"))
            .arg(&dir)
            .arg("--debug")
            .arg("0")
            .stdout(Stdio::piped())
            .stderr(Stdio::piped())
            .spawn()
            .unwrap_or_else(|e| panic!("cannot start slapd's harness: {e}"));
        let mut line = String::new();
        let stdout = child.stdout.take().expect("harness stdout");
        let _ = std::io::BufReader::new(stdout).read_line(&mut line);
        let info: serde_json::Value = match serde_json::from_str(line.trim()) {
            Ok(info) => info,
            Err(_) => {
                let _ = child.kill();
                let output = child.wait_with_output().ok();
                panic!(
                    "slapd did not start (./dev test installs slapd): {}",
                    output
                        .map(|o| String::from_utf8_lossy(&o.stderr).into_owned())
                        .unwrap_or_default()
                );
            }
        };
        Directory {
            info,
            dir,
            child: Some(child),
        }
    }

    pub fn field(&self, key: &str) -> String {
        self.info[key].as_str().unwrap_or_default().to_owned()
    }

    pub fn password(&self, uid: &str) -> String {
        self.info["users"][uid]["password"]
            .as_str()
            .unwrap_or_default()
            .to_owned()
    }

    /// Points a configuration at this directory: StartTLS on the plain port, or LDAPS.
    pub fn configure(&self, config: &mut server::config::Config, ldaps: bool) {
        let ldap = &mut config.sign_in.ldap;
        ldap.url = if ldaps {
            self.field("ldaps_url")
        } else {
            self.field("ldap_url")
        };
        ldap.starttls = !ldaps;
        ldap.ca_file = self.field("ca_file");
        ldap.bind_dn = self.field("bind_dn");
        ldap.bind_password = self.field("bind_password");
        ldap.base_dn = self.field("people_dn");
        ldap.group_base_dn = self.field("groups_dn");
        ldap.roles = [
            ("fs-hr".to_owned(), "hr".to_owned()),
            ("fs-admins".to_owned(), "admin".to_owned()),
            ("fs-scouts".to_owned(), "scout".to_owned()),
        ]
        .into_iter()
        .collect();
    }
}

impl Drop for Directory {
    fn drop(&mut self) {
        if let Some(mut child) = self.child.take() {
            // SIGTERM lets the harness stop slapd; the harness also set slapd to die with it.
            let _ = Command::new("kill").arg(child.id().to_string()).status();
            let _ = child.wait();
        }
        let _ = std::fs::remove_dir_all(&self.dir);
    }
}
