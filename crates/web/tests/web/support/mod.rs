//! A test harness: a fresh database with two small demo councils (with their academies
//! and recruitment records) and one user per role, the application as a service, and a browser-like client that
//! keeps cookies and sends the form token.

#![allow(dead_code)]

use std::collections::HashMap;
use std::sync::{Arc, OnceLock};

use axum::Router;
use axum::body::Body;
use axum::http::{Request, Response, StatusCode, header};
use http_body_util::BodyExt;
use pathway_app::accounts::add_user_with_password;
use pathway_app::{ImportMode, ImportSource, Upload};
use pathway_domain::access::UserRole;
use pathway_domain::values::parse_date;
use pathway_domain::{Council, CouncilCode, Workforce};
use pathway_store_sqlite::SqliteStore;
use pathway_web::{AppState, router};
use tower::ServiceExt;

pub const PASSWORD: &str = "a long test password";

/// The application on a fresh database holding two demo councils (990 and 991).
pub struct TestApp {
    pub store: Arc<SqliteStore>,
    pub router: Router,
    pub councils: Vec<(Council, Workforce)>,
    _dir: tempfile::TempDir,
}

impl TestApp {
    /// The demo councils with their academies and their recruitment team's records, as
    /// `pathway demo` writes them.
    pub async fn new() -> Self {
        Self::copied(true).await
    }

    /// The demo councils with their academies, but of recruitment only the bulk
    /// format's vacancies, events and placements: for tests that count every post,
    /// candidate or engagement they add from none.
    pub async fn without_demo_recruitment() -> Self {
        Self::copied(false).await
    }

    /// A fresh copy, in the test's own folder, of the demo database. Building it (demo
    /// generation and import) is most of a short test's time, so each test binary builds
    /// each kind once and every test gets its own copy of the file to change.
    async fn copied(with_recruitment: bool) -> Self {
        static DEMO: [OnceLock<DemoDatabase>; 2] = [OnceLock::new(), OnceLock::new()];
        let demo = DEMO[usize::from(with_recruitment)].get_or_init(|| {
            // On a runtime of its own: the first test's runtime ends with that test,
            // and the others wait here (blocking their own one-thread runtime) meanwhile.
            std::thread::spawn(move || {
                tokio::runtime::Builder::new_current_thread()
                    .enable_all()
                    .build()
                    .unwrap()
                    .block_on(DemoDatabase::build(with_recruitment))
            })
            .join()
            .expect("the demo database is built")
        });
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("pathway.db");
        std::fs::write(&path, &demo.file).unwrap();
        let store = Arc::new(SqliteStore::open(path.to_str().unwrap()).await.unwrap());
        let router = router(AppState::new(store.clone()));
        Self {
            store,
            router,
            councils: demo.councils.clone(),
            _dir: dir,
        }
    }

    /// Calls the JSON API with a bearer token, sending `body` as JSON if given; the
    /// answer's status and JSON body (null when it is not JSON).
    pub async fn api(
        &self,
        method: &str,
        path: &str,
        token: &str,
        body: Option<serde_json::Value>,
    ) -> (StatusCode, serde_json::Value) {
        let mut request = Request::builder()
            .method(method)
            .uri(path)
            .header(header::HOST, "pathway.test")
            .header(header::AUTHORIZATION, format!("Bearer {token}"));
        if body.is_some() {
            request = request.header(header::CONTENT_TYPE, "application/json");
        }
        let body = body.map_or_else(Body::empty, |json| Body::from(json.to_string()));
        let response = self
            .router
            .clone()
            .oneshot(request.body(body).unwrap())
            .await
            .unwrap();
        let status = response.status();
        let bytes = response.into_body().collect().await.unwrap().to_bytes();
        (
            status,
            serde_json::from_slice(&bytes).unwrap_or(serde_json::Value::Null),
        )
    }

    /// The first demo council's code.
    pub fn council(&self) -> CouncilCode {
        self.councils[0].0.code
    }

    /// The second demo council's code.
    pub fn other_council(&self) -> CouncilCode {
        self.councils[1].0.code
    }

    /// Adds a user of the first council (or none, for an admin) and returns a client
    /// signed in as them.
    pub async fn signed_in(&self, role: UserRole) -> Client {
        let email = format!("{}@test.example", role.as_str());
        // [issue 9: benchmarking] an administrator and a regional viewer have no council.
        let council =
            (!matches!(role, UserRole::Admin | UserRole::RegionalViewer)).then(|| self.council());
        let workforce = &self.councils[0].1;
        let worker = (role == UserRole::Practitioner).then(|| {
            workforce
                .employments
                .iter()
                .find(|e| e.span().end().is_none())
                .unwrap()
                .worker_id()
                .clone()
        });
        let teams = if role == UserRole::TeamManager {
            vec![workforce.teams[0].id.clone()]
        } else {
            Vec::new()
        };
        add_user_with_password(
            self.store.as_ref(),
            council,
            &email,
            role,
            worker,
            teams,
            PASSWORD,
        )
        .await
        .unwrap();
        let mut client = self.client();
        let response = client.sign_in(&email, PASSWORD).await;
        assert_eq!(
            response.status,
            StatusCode::SEE_OTHER,
            "signing in as {role} failed: {}",
            response.body
        );
        client
    }

    /// A client with no cookies.
    pub fn client(&self) -> Client {
        Client {
            router: self.router.clone(),
            cookies: HashMap::new(),
        }
    }
}

/// The demo database every `TestApp` starts from: the SQLite file's bytes and the
/// councils in it.
struct DemoDatabase {
    file: Vec<u8>,
    councils: Vec<(Council, Workforce)>,
}

impl DemoDatabase {
    /// Two demo councils (990 and 991) with their academies, career pathway, training,
    /// feedback and survey, and with or without the recruitment team's records.
    async fn build(with_recruitment: bool) -> Self {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("pathway.db");
        let store = Arc::new(SqliteStore::open(path.to_str().unwrap()).await.unwrap());
        let options = pathway_demo::DemoOptions {
            councils: 2,
            seed: 3,
            until: parse_date("2024-09-30").unwrap(),
            years: 4,
        };
        let councils = pathway_demo::generate(&options);
        let names: Vec<Council> = councils
            .iter()
            .map(|(council, _)| council.clone())
            .collect();
        let upload = Upload::generated(
            councils
                .iter()
                .map(|(_, workforce)| workforce.clone())
                .collect(),
        );
        // The academy's sessions, registers and ASYE logs, as `pathway demo` writes them.
        let academies: Vec<_> = councils
            .iter()
            .map(|(council, workforce)| {
                let academy = pathway_demo::generate_academy(workforce, &options);
                pathway_demo::academy_changes(council.code, &academy)
            })
            .collect();
        // The recruitment team's records, as `pathway demo` writes them.
        let recruitments: Vec<_> = councils
            .iter()
            .filter(|_| with_recruitment)
            .map(|(council, workforce)| {
                let recruitment = pathway_demo::generate_recruitment(workforce, &options);
                pathway_demo::recruitment_changes(council.code, &recruitment)
            })
            .collect();
        let source = ImportSource {
            actor: "test",
            description: "demo",
            action: "demo",
            council_names: &names,
        };
        pathway_app::import_with_extras(
            store.as_ref(),
            upload,
            pathway_app::ImportExtras {
                academy: &academies,
                recruitment: &recruitments,
            },
            ImportMode::Write,
            source,
        )
        .await
        .unwrap();
        // The career pathway's assessments and plans, as `pathway demo` writes them.
        for (council, workforce) in &councils {
            let career = pathway_demo::generate_career(workforce, &options);
            pathway_app::Store::save(
                store.as_ref(),
                pathway_app::SaveBatch {
                    career: &[pathway_demo::career_changes(council.code, &career)],
                    ..pathway_app::SaveBatch::default()
                },
            )
            .await
            .unwrap();
        }
        for (council, workforce) in &councils {
            let training = pathway_demo::generate_training(workforce, &options);
            let changes = pathway_demo::training_changes(council.code, &training).changes;
            let request = pathway_app::TrainingRequest {
                actor: "test",
                action: "demo",
                description: "demo training",
            };
            pathway_app::change_training(store.as_ref(), council.code, request, None, changes)
                .await
                .unwrap();
        }
        // Feedback sessions and the staff survey, as `pathway demo` writes them.
        for (council, workforce) in &councils {
            let request = pathway_app::ChangeRequest {
                actor: "test",
                action: "demo",
                description: "demo feedback and survey",
            };
            let feedback = pathway_demo::generate_feedback(council.code, &options);
            pathway_app::change_feedback(
                store.as_ref(),
                council.code,
                request,
                pathway_demo::feedback_changes(council.code, &feedback).changes,
            )
            .await
            .unwrap();
            let survey = pathway_demo::generate_survey(workforce, &options);
            pathway_app::change_survey(
                store.as_ref(),
                council.code,
                request,
                pathway_demo::survey_changes(council.code, &survey).changes,
            )
            .await
            .unwrap();
        }
        // Closing finishes the write-ahead log, so the one file holds everything.
        store.close().await;
        let wal = dir.path().join("pathway.db-wal");
        assert!(
            std::fs::metadata(&wal).map_or(true, |wal| wal.len() == 0),
            "the demo database's write-ahead log was not finished"
        );
        Self {
            file: std::fs::read(&path).unwrap(),
            councils,
        }
    }
}

/// A response, read whole.
#[derive(Debug)]
pub struct Page {
    pub status: StatusCode,
    pub location: Option<String>,
    pub body: String,
    pub headers: axum::http::HeaderMap,
}

impl Page {
    /// The value of the first hidden `csrf_token` input.
    pub fn form_token(&self) -> String {
        let marker = "name=\"csrf_token\" value=\"";
        let start = self.body.find(marker).expect("a form token on the page") + marker.len();
        self.body[start..].split('"').next().unwrap().to_owned()
    }
}

/// Sends requests like a browser: keeps cookies, sends a same-site Origin on posts.
pub struct Client {
    router: Router,
    pub cookies: HashMap<String, String>,
}

impl Client {
    async fn send(&mut self, request: Request<Body>) -> Page {
        let response: Response<Body> = self.router.clone().oneshot(request).await.unwrap();
        for value in response.headers().get_all(header::SET_COOKIE) {
            let text = value.to_str().unwrap();
            let pair = text.split(';').next().unwrap();
            let (name, value) = pair.split_once('=').unwrap();
            if value.is_empty() || text.contains("Max-Age=0") {
                self.cookies.remove(name);
            } else {
                self.cookies.insert(name.to_owned(), value.to_owned());
            }
        }
        let status = response.status();
        let headers = response.headers().clone();
        let location = headers
            .get(header::LOCATION)
            .map(|value| value.to_str().unwrap().to_owned());
        let bytes = response.into_body().collect().await.unwrap().to_bytes();
        Page {
            status,
            location,
            body: String::from_utf8_lossy(&bytes).into_owned(),
            headers,
        }
    }

    pub fn cookie_header(&self) -> String {
        self.cookies
            .iter()
            .map(|(name, value)| format!("{name}={value}"))
            .collect::<Vec<_>>()
            .join("; ")
    }

    /// Makes an API token on the tokens page, as this signed-in user, and returns it.
    pub async fn api_token(&mut self) -> String {
        let form = self.get("/account/tokens").await;
        let page = self
            .post_form(
                "/account/tokens",
                &[("name", "tests"), ("csrf_token", &form.form_token())],
            )
            .await;
        let marker = "id=\"new-token\">";
        let start = page.body.find(marker).expect("the new token on the page") + marker.len();
        page.body[start..].split('<').next().unwrap().to_owned()
    }

    /// `GET path`.
    pub async fn get(&mut self, path: &str) -> Page {
        let request = Request::get(path)
            .header(header::HOST, "pathway.test")
            .header(header::COOKIE, self.cookie_header())
            .body(Body::empty())
            .unwrap();
        self.send(request).await
    }

    /// `POST path` with a form, sent from this site.
    pub async fn post_form(&mut self, path: &str, fields: &[(&str, &str)]) -> Page {
        self.post_form_from(path, fields, Some("http://pathway.test"))
            .await
    }

    /// `POST path` with a form and the given `Origin` header (none if `None`).
    pub async fn post_form_from(
        &mut self,
        path: &str,
        fields: &[(&str, &str)],
        origin: Option<&str>,
    ) -> Page {
        let body: String = fields
            .iter()
            .map(|(name, value)| format!("{}={}", encode(name), encode(value)))
            .collect::<Vec<_>>()
            .join("&");
        let mut request = Request::post(path)
            .header(header::HOST, "pathway.test")
            .header(header::COOKIE, self.cookie_header())
            .header(header::CONTENT_TYPE, "application/x-www-form-urlencoded");
        if let Some(origin) = origin {
            request = request.header(header::ORIGIN, origin);
        }
        self.send(request.body(Body::from(body)).unwrap()).await
    }

    /// Opens the sign-in page and signs in.
    pub async fn sign_in(&mut self, email: &str, password: &str) -> Page {
        let form = self.get("/sign-in").await;
        let token = form.form_token();
        self.post_form(
            "/sign-in",
            &[
                ("email", email),
                ("password", password),
                ("csrf_token", &token),
            ],
        )
        .await
    }
}

/// Percent-encodes a form value.
pub fn encode(text: &str) -> String {
    let mut out = String::new();
    for byte in text.bytes() {
        match byte {
            b'A'..=b'Z' | b'a'..=b'z' | b'0'..=b'9' | b'-' | b'_' | b'.' | b'~' => {
                out.push(byte as char)
            }
            b' ' => out.push('+'),
            _ => out.push_str(&format!("%{byte:02X}")),
        }
    }
    out
}
