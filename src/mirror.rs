//! A local copy of websites served on loopback: `DIR/<host>/<path>` (the layout `wget --mirror`
//! writes). Used by `--mirror` to assess saved sites offline, and by the tests as their fixture
//! server. `/a/` serves `a/index.html`; a directory asked for without its slash is redirected;
//! an optional `DIR/<host>/_redirects` holds lines `FROM TO STATUS` for moved pages.

use std::net::SocketAddr;
use std::path::{Component, Path, PathBuf};
use std::sync::Arc;

use anyhow::{Context, Result};
use axum::body::Body;
use axum::extract::{Request, State};
use axum::http::{HeaderValue, StatusCode, header};
use axum::response::{IntoResponse, Response};

/// A running mirror server.
#[derive(Debug)]
pub struct Mirror {
    /// Where it listens (127.0.0.1, a free port).
    pub addr: SocketAddr,
    /// The host names it serves: the sub-directories of its root.
    pub hosts: Vec<String>,
}

/// Serves `root` on 127.0.0.1 on a free port until the runtime stops.
pub async fn serve(root: &Path) -> Result<Mirror> {
    let hosts = hosts_in(root)?;
    let listener = tokio::net::TcpListener::bind(("127.0.0.1", 0))
        .await
        .context("cannot open a loopback port for the mirror")?;
    let addr = listener.local_addr().context("mirror address")?;
    let app = axum::Router::new()
        .fallback(handle)
        .with_state(Arc::new(root.to_path_buf()));
    tokio::spawn(async move {
        if let Err(err) = axum::serve(listener, app).await {
            tracing::error!("the mirror server stopped: {err}");
        }
    });
    Ok(Mirror { addr, hosts })
}

fn hosts_in(root: &Path) -> Result<Vec<String>> {
    let entries = std::fs::read_dir(root)
        .with_context(|| format!("cannot read the mirror directory {}", root.display()))?;
    let mut hosts = Vec::new();
    for entry in entries {
        let entry = entry.with_context(|| format!("cannot list {}", root.display()))?;
        if entry.path().is_dir()
            && let Some(name) = entry.file_name().to_str()
        {
            hosts.push(name.to_ascii_lowercase());
        }
    }
    hosts.sort();
    if hosts.is_empty() {
        anyhow::bail!(
            "the mirror directory {} holds no host directories (expected DIR/<host>/index.html)",
            root.display()
        );
    }
    Ok(hosts)
}

async fn handle(State(root): State<Arc<PathBuf>>, request: Request) -> Response {
    let host = request
        .headers()
        .get(header::HOST)
        .and_then(|h| h.to_str().ok())
        .map(|h| h.rsplit_once(':').map_or(h, |(name, _)| name))
        .unwrap_or("")
        .to_ascii_lowercase();
    let path = request.uri().path().to_string();
    let Some(relative) = safe_relative(&path) else {
        return StatusCode::BAD_REQUEST.into_response();
    };
    let site = root.join(&host);
    if host.is_empty() || host.contains(['/', '\\']) || !site.is_dir() {
        return (StatusCode::NOT_FOUND, "unknown host").into_response();
    }
    if let Some((to, status)) = redirect_for(&site, &path).await {
        return redirect(status, &to);
    }
    let mut file = site.join(&relative);
    if file.is_dir() {
        if !path.ends_with('/') {
            let query = request
                .uri()
                .query()
                .map(|q| format!("?{q}"))
                .unwrap_or_default();
            return redirect(StatusCode::MOVED_PERMANENTLY, &format!("{path}/{query}"));
        }
        file = file.join("index.html");
    }
    match tokio::fs::read(&file).await {
        Ok(bytes) => {
            let mime = mime_guess::from_path(&file).first_or_octet_stream();
            let mut response = Response::new(Body::from(bytes));
            if let Ok(value) = HeaderValue::from_str(mime.essence_str()) {
                response.headers_mut().insert(header::CONTENT_TYPE, value);
            }
            response
        }
        Err(_) => (StatusCode::NOT_FOUND, "not found").into_response(),
    }
}

/// The URL path as a relative file path, refusing `..` and other escapes.
fn safe_relative(path: &str) -> Option<PathBuf> {
    let decoded = percent_decode(path.trim_start_matches('/'))?;
    let relative = PathBuf::from(decoded);
    relative
        .components()
        .all(|c| matches!(c, Component::Normal(_)))
        .then_some(relative)
}

fn percent_decode(text: &str) -> Option<String> {
    percent_encoding::percent_decode_str(text)
        .decode_utf8()
        .ok()
        .map(|decoded| decoded.into_owned())
}

async fn redirect_for(site: &Path, path: &str) -> Option<(String, StatusCode)> {
    let rules = tokio::fs::read_to_string(site.join("_redirects"))
        .await
        .ok()?;
    rules.lines().find_map(|line| {
        let mut parts = line.split_whitespace();
        let (from, to) = (parts.next()?, parts.next()?);
        let status = parts
            .next()
            .and_then(|s| s.parse::<u16>().ok())
            .and_then(|s| StatusCode::from_u16(s).ok())
            .unwrap_or(StatusCode::MOVED_PERMANENTLY);
        (from == path).then(|| (to.to_string(), status))
    })
}

fn redirect(status: StatusCode, to: &str) -> Response {
    let mut response = status.into_response();
    if let Ok(value) = HeaderValue::from_str(to) {
        response.headers_mut().insert(header::LOCATION, value);
    }
    response
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn paths_cannot_escape_the_mirror() {
        assert_eq!(safe_relative("/a/b.html"), Some(PathBuf::from("a/b.html")));
        assert_eq!(safe_relative("/"), Some(PathBuf::new()));
        assert_eq!(safe_relative("/a/../../etc/passwd"), None);
        assert_eq!(safe_relative("/%2e%2e/secret"), None);
        assert_eq!(safe_relative("/a%20b"), Some(PathBuf::from("a b")));
    }
}
