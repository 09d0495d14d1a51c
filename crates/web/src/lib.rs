//! Pathway's web application: server-rendered GOV.UK-style pages for council staff.
//!
//! Every route is declared once in [`routes`], with the permission it needs; the
//! session layer ([`session`]) finds who is signed in, and the guard refuses anyone
//! whose role lacks the permission. Pages work without JavaScript; GOV.UK Frontend's
//! script only enhances them.

mod api;
mod assets;
pub mod calendar;
mod error;
pub mod forms;
mod html;
mod page;
pub mod records_cache;
pub mod request_limits;
mod routes;
pub mod security_headers;
mod session;
// The survey results' JSON layout, shared with the CLI.
pub mod survey_results;
// [issue 8: committee] The committee report's words' JSON layout, shared with the CLI.
pub mod committee_details;

use std::net::SocketAddr;
use std::sync::Arc;

use pathway_app::Store;

pub use records_cache::RecordsCache;

pub use error::WebError;
// [issue 8: xlsx] How pages' tables are read, for tests and the browser flow.
pub use html::tables_xlsx;
pub use routes::router;

/// What every request handler shares.
#[derive(Debug, Clone)]
pub struct AppState {
    /// The database.
    pub store: Arc<dyn Store>,
    /// Councils' records and dashboards kept between requests.
    pub records: Arc<RecordsCache>,
}

impl AppState {
    /// The state of a server on `store`, with the records cache sized by the
    /// environment (`PATHWAY_CACHED_COUNCILS`).
    #[must_use]
    pub fn new(store: Arc<dyn Store>) -> Self {
        Self {
            store,
            records: Arc::new(RecordsCache::from_environment()),
        }
    }

    /// One council's whole record as it is now, from the records cache.
    pub async fn workforce(
        &self,
        council: pathway_domain::CouncilCode,
    ) -> Result<Arc<pathway_domain::Workforce>, pathway_app::StoreError> {
        self.records.workforce(self.store.as_ref(), council).await
    }
}

/// Serves the application on `addr` until the process is stopped (Ctrl-C or SIGTERM).
pub async fn serve(store: Arc<dyn Store>, addr: SocketAddr) -> std::io::Result<()> {
    let listener = tokio::net::TcpListener::bind(addr).await?;
    serve_on(listener, store).await
}

/// Serves the application on a listener already bound, as tests do with port 0.
pub async fn serve_on(
    listener: tokio::net::TcpListener,
    store: Arc<dyn Store>,
) -> std::io::Result<()> {
    let app = router(AppState::new(store));
    axum::serve(
        listener,
        app.into_make_service_with_connect_info::<SocketAddr>(),
    )
    .with_graceful_shutdown(shutdown_signal())
    .await
}

async fn shutdown_signal() {
    let interrupt = async {
        let _ = tokio::signal::ctrl_c().await;
    };
    #[cfg(unix)]
    let terminate = async {
        if let Ok(mut signal) =
            tokio::signal::unix::signal(tokio::signal::unix::SignalKind::terminate())
        {
            signal.recv().await;
        }
    };
    #[cfg(not(unix))]
    let terminate = std::future::pending::<()>();
    tokio::select! {
        () = interrupt => {},
        () = terminate => {},
    }
}
