//! Users, passwords and sessions: who is signed in, and checking who they say they are.
//!
//! Passwords are stored only as argon2id hashes. A session is a random token given to
//! the browser in a cookie; the database keeps only the token's SHA-256, so a copy of
//! the database cannot be used to take over a session.

use argon2::Argon2;
use argon2::password_hash::{PasswordHash, PasswordHasher, PasswordVerifier, SaltString};
use chrono::{DateTime, Duration, Utc};
use pathway_domain::CouncilCode;
use pathway_domain::access::UserRole;
use pathway_domain::ids::{TeamId, WorkerId};
use sha2::{Digest, Sha256};

use crate::store::{Store, StoreError};

/// How long a session lasts from sign-in.
pub const SESSION_LENGTH: Duration = Duration::hours(8);

/// Failed sign-ins for one email address within [`THROTTLE_WINDOW`] after which
/// further attempts are refused until the window has passed.
pub const THROTTLE_AFTER: u32 = 5;

/// The window in which failed sign-ins are counted.
pub const THROTTLE_WINDOW: Duration = Duration::minutes(15);

/// The shortest password accepted.
pub const MIN_PASSWORD_LENGTH: usize = 12;

/// A user's number in the database.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub struct UserId(pub i64);

/// Someone who can sign in.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct User {
    /// Their number.
    pub id: UserId,
    /// Their council; `None` only for the installation's administrators.
    pub council: Option<CouncilCode>,
    /// The email address they sign in with, lower case.
    pub email: String,
    /// What they are.
    pub role: UserRole,
    /// Their own worker record, for practitioners.
    pub worker_id: Option<WorkerId>,
    /// The teams they manage, for team managers.
    pub teams: Vec<TeamId>,
}

// [issue 11: subject access]
/// A user linked to a worker record, with when the account was made: what a subject
/// access response lists (never the password hash).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct WorkerAccount {
    /// The user.
    pub user: User,
    /// When the account was made.
    pub created_at: DateTime<Utc>,
}

/// A user to add.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct NewUser {
    /// Their council; `None` only for administrators.
    pub council: Option<CouncilCode>,
    /// Their email address.
    pub email: String,
    /// What they are.
    pub role: UserRole,
    /// Their own worker record, for practitioners.
    pub worker_id: Option<WorkerId>,
    /// The teams they manage, for team managers.
    pub teams: Vec<TeamId>,
    /// The argon2id hash of their password.
    pub password_hash: String,
}

/// A live session as a request finds it: the session, its user, and the name and
/// records' revision of the user's council, read in one query (each query to SQLite
/// costs a request as much as writing out a page).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct SessionOwner {
    /// The session.
    pub session: Session,
    /// Its user.
    pub user: User,
    /// The name of the user's council, if they belong to one.
    pub council_name: Option<String>,
    /// The revision of the user's council's records (see
    /// [`crate::Store::council_revision`]); 0 for users of no council.
    pub council_revision: u64,
}

/// A signed-in browser, as stored.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Session {
    /// SHA-256 of the token in the browser's cookie, hex.
    pub token_hash: String,
    /// Who is signed in.
    pub user_id: UserId,
    /// The token every form of this session must carry.
    pub csrf_token: String,
    /// When the session ends.
    pub expires_at: DateTime<Utc>,
}

/// A fresh sign-in: the token for the cookie (never stored) and the session.
#[derive(Debug, Clone)]
pub struct SignedIn {
    /// The token to put in the browser's cookie.
    pub token: String,
    /// The stored session.
    pub session: Session,
    /// Who signed in.
    pub user: User,
}

/// Why a sign-in was refused.
#[derive(Debug, thiserror::Error)]
pub enum SignInError {
    /// The email address or password is wrong; which one is not said.
    #[error("the email address or password is not right")]
    WrongDetails,
    /// Too many failed attempts recently.
    #[error("too many attempts to sign in: wait 15 minutes and try again")]
    Throttled,
    /// The database failed.
    #[error(transparent)]
    Store(#[from] StoreError),
}

/// Why an account could not be set up.
#[derive(Debug, thiserror::Error)]
pub enum AccountError {
    /// The email address does not look like one.
    #[error("enter an email address in the right format, like name@council.gov.uk")]
    Email,
    /// An administrator belongs to no council; everyone else needs one.
    #[error("{0}")]
    Council(&'static str),
    /// The password is too short.
    #[error("a password must have at least {MIN_PASSWORD_LENGTH} characters")]
    ShortPassword,
    /// The password is one of the most common passwords, which attackers try first.
    #[error(
        "this password is one of the most common passwords, which are tried first when \
         breaking into accounts: choose another"
    )]
    CommonPassword,
    /// The password could not be hashed.
    #[error("the password could not be hashed: {0}")]
    Hashing(String),
    /// The database failed, or the email address is taken.
    #[error(transparent)]
    Store(#[from] StoreError),
}

/// Random bytes as hex, from the operating system's generator.
pub fn random_token(bytes: usize) -> String {
    let mut buffer = vec![0u8; bytes];
    getrandom::fill(&mut buffer).expect("the operating system provides random numbers");
    hex::encode(buffer)
}

/// The SHA-256 of a session or API token, hex: what the database keeps.
pub fn token_hash(token: &str) -> String {
    hex::encode(Sha256::digest(token.as_bytes()))
}

/// The most common passwords, lower-cased, one a line: vendored from Django (see
/// `common-passwords/README.md`), so nothing is fetched at run time.
const COMMON_PASSWORDS: &str = include_str!("../common-passwords/common-passwords.txt");

/// Whether a password is on the list of common passwords, whatever its letters' case.
pub fn is_common_password(password: &str) -> bool {
    static LIST: std::sync::LazyLock<std::collections::HashSet<&'static str>> =
        std::sync::LazyLock::new(|| COMMON_PASSWORDS.lines().map(str::trim).collect());
    LIST.contains(password.trim().to_lowercase().as_str())
}

/// Checks the rules every password chosen by someone must meet: at least
/// [`MIN_PASSWORD_LENGTH`] characters, and not one of the common passwords.
pub fn check_password_rules(password: &str) -> Result<(), AccountError> {
    if password.chars().count() < MIN_PASSWORD_LENGTH {
        return Err(AccountError::ShortPassword);
    }
    if is_common_password(password) {
        return Err(AccountError::CommonPassword);
    }
    Ok(())
}

/// Hashes a password with argon2id and a random salt, after checking it against the
/// password rules: every way of setting a password comes through here.
pub fn hash_password(password: &str) -> Result<String, AccountError> {
    check_password_rules(password)?;
    let mut salt = [0u8; 16];
    getrandom::fill(&mut salt).map_err(|error| AccountError::Hashing(error.to_string()))?;
    let salt =
        SaltString::encode_b64(&salt).map_err(|error| AccountError::Hashing(error.to_string()))?;
    Argon2::default()
        .hash_password(password.as_bytes(), &salt)
        .map(|hash| hash.to_string())
        .map_err(|error| AccountError::Hashing(error.to_string()))
}

fn password_matches(password: &str, hash: &str) -> bool {
    PasswordHash::new(hash).is_ok_and(|parsed| {
        Argon2::default()
            .verify_password(password.as_bytes(), &parsed)
            .is_ok()
    })
}

/// A one-time password for a new user: 20 random characters from an alphabet without
/// look-alikes, so it can be read out or typed.
pub fn one_time_password() -> String {
    const ALPHABET: &[u8] = b"abcdefghjkmnpqrstuvwxyzABCDEFGHJKLMNPQRSTUVWXYZ23456789";
    let mut bytes = [0u8; 20];
    getrandom::fill(&mut bytes).expect("the operating system provides random numbers");
    bytes
        .iter()
        .map(|byte| ALPHABET[usize::from(*byte) % ALPHABET.len()] as char)
        .collect()
}

/// Adds a user with a one-time password and returns both.
pub async fn add_user(
    store: &dyn Store,
    council: Option<CouncilCode>,
    email: &str,
    role: UserRole,
    worker_id: Option<WorkerId>,
    teams: Vec<TeamId>,
) -> Result<(User, String), AccountError> {
    let password = one_time_password();
    let user =
        add_user_with_password(store, council, email, role, worker_id, teams, &password).await?;
    Ok((user, password))
}

/// Adds a user with a password chosen for them (the demo council's users).
pub async fn add_user_with_password(
    store: &dyn Store,
    council: Option<CouncilCode>,
    email: &str,
    role: UserRole,
    worker_id: Option<WorkerId>,
    teams: Vec<TeamId>,
    password: &str,
) -> Result<User, AccountError> {
    let new = new_user(council, email, role, worker_id, teams, password)?;
    Ok(store.add_user(&new).await?)
}

/// A user to add, checked (the email address's form, the council the role needs) and
/// with their password hashed.
pub fn new_user(
    council: Option<CouncilCode>,
    email: &str,
    role: UserRole,
    worker_id: Option<WorkerId>,
    teams: Vec<TeamId>,
    password: &str,
) -> Result<NewUser, AccountError> {
    let email = email.trim().to_lowercase();
    let well_formed = email.split_once('@').is_some_and(|(name, domain)| {
        !name.is_empty()
            && domain.contains('.')
            && !domain.starts_with('.')
            && !domain.ends_with('.')
    }) && !email.chars().any(char::is_whitespace);
    if !well_formed {
        return Err(AccountError::Email);
    }
    match (role, council) {
        (UserRole::Admin, Some(_)) => {
            return Err(AccountError::Council(
                "an installation administrator belongs to no council",
            ));
        }
        // [issue 9: benchmarking]
        (UserRole::RegionalViewer, Some(_)) => {
            return Err(AccountError::Council(
                "a regional viewer belongs to no council: they see a group of councils",
            ));
        }
        (role, None) if !matches!(role, UserRole::Admin | UserRole::RegionalViewer) => {
            return Err(AccountError::Council(
                "every user but an administrator belongs to a council",
            ));
        }
        _ => {}
    }
    let new = NewUser {
        council,
        email,
        role,
        worker_id,
        teams,
        password_hash: hash_password(password)?,
    };
    Ok(new)
}

/// Checks an email address and password and opens a session. Repeated failures for
/// one address are throttled; a wrong address and a wrong password are refused alike.
pub async fn sign_in(
    store: &dyn Store,
    email: &str,
    password: &str,
    now: DateTime<Utc>,
) -> Result<SignedIn, SignInError> {
    let email = email.trim().to_lowercase();
    if store
        .failed_sign_ins_since(&email, now - THROTTLE_WINDOW)
        .await?
        >= THROTTLE_AFTER
    {
        return Err(SignInError::Throttled);
    }
    let found = store.user_with_password(&email).await?;
    let Some((user, _)) = found.filter(|(_, hash)| password_matches(password, hash)) else {
        store.record_failed_sign_in(&email, now).await?;
        return Err(SignInError::WrongDetails);
    };
    let token = random_token(32);
    let session = Session {
        token_hash: token_hash(&token),
        user_id: user.id,
        csrf_token: random_token(32),
        expires_at: now + SESSION_LENGTH,
    };
    store.create_session(&session).await?;
    Ok(SignedIn {
        token,
        session,
        user,
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_password_hash_verifies_only_its_own_password() {
        let hash = hash_password("correct horse battery").unwrap();
        assert!(hash.starts_with("$argon2id$"));
        assert!(password_matches("correct horse battery", &hash));
        assert!(!password_matches("correct horse batterx", &hash));
    }

    #[test]
    fn short_passwords_are_refused() {
        assert!(matches!(
            hash_password("eleven char"),
            Err(AccountError::ShortPassword)
        ));
    }

    #[test]
    fn common_passwords_are_refused_whatever_their_case() {
        for password in [
            "qwerty123456",
            "QWERTY123456",
            "QwErTy123456",
            " 1qaz2wsx3edc ",
        ] {
            assert!(
                matches!(hash_password(password), Err(AccountError::CommonPassword)),
                "{password:?} is refused"
            );
        }
    }

    #[test]
    fn a_long_uncommon_password_is_accepted() {
        assert!(check_password_rules("heron-lantern-ochre-42").is_ok());
    }

    #[test]
    fn a_common_password_is_refused_when_adding_a_user_with_it() {
        let refused = new_user(
            Some(CouncilCode::parse("888").unwrap()),
            "someone@council.gov.uk",
            UserRole::Viewer,
            None,
            Vec::new(),
            "Password1234",
        );
        assert!(matches!(refused, Err(AccountError::CommonPassword)));
    }

    #[test]
    fn one_time_passwords_are_long_enough_and_differ() {
        let first = one_time_password();
        assert_eq!(first.len(), 20);
        assert_ne!(first, one_time_password());
    }

    #[test]
    fn tokens_are_stored_as_their_hash() {
        let token = random_token(32);
        assert_eq!(token.len(), 64);
        assert_eq!(token_hash(&token).len(), 64);
        assert_ne!(token_hash(&token), token);
    }
}

/// An API token's number in the database.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub struct ApiTokenId(pub i64);

/// A token a user made for programs calling the JSON API as them, as stored: only the
/// token's SHA-256 is kept, so the token itself is shown once, when it is made.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ApiToken {
    /// Its number.
    pub id: ApiTokenId,
    /// Whose it is.
    pub user_id: UserId,
    /// What the user called it, to tell their tokens apart.
    pub name: String,
    /// SHA-256 of the token, hex.
    pub token_hash: String,
    /// When it was made.
    pub created_at: DateTime<Utc>,
    /// When it was last used to call the API.
    pub last_used_at: Option<DateTime<Utc>>,
    /// When its user revoked it; a revoked token is refused.
    pub revoked_at: Option<DateTime<Utc>>,
}

/// The prefix of every API token, so that a leaked one is recognisable.
pub const API_TOKEN_PREFIX: &str = "pathway_";

/// Makes a new API token for `user` and returns it with the token itself, which is
/// not stored and cannot be shown again.
pub async fn create_token(
    store: &dyn Store,
    user: &User,
    name: &str,
    now: DateTime<Utc>,
) -> Result<(ApiToken, String), StoreError> {
    let token = format!("{API_TOKEN_PREFIX}{}", random_token(32));
    let stored = store
        .create_api_token(user.id, name.trim(), &token_hash(&token), now)
        .await?;
    Ok((stored, token))
}

/// The councils whose aggregate figures a user sees: their own, or every council on
/// the installation for an administrator (none for a regional viewer, who sees only
/// benchmarks).
pub async fn councils_seen_by(
    store: &dyn Store,
    user: &User,
) -> Result<Vec<CouncilCode>, StoreError> {
    Ok(match user.council {
        Some(code) => vec![code],
        // [issue 9: benchmarking]
        // A regional viewer sees only benchmarks, never a council's own figures by code.
        None if user.role == UserRole::RegionalViewer => Vec::new(),
        None => store
            .councils()
            .await?
            .into_iter()
            .map(|council| council.code)
            .collect(),
    })
}
