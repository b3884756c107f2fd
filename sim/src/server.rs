//! The accept loop. Hand-written instead of `axum::serve` for one reason: a `drop` fault must close
//! a connection without answering, which needs a per-connection handle the response can trigger.

use std::convert::Infallible;
use std::net::SocketAddr;
use std::sync::Arc;
use std::time::Duration;

use axum::extract::ConnectInfo;
use axum::Router;
use hyper::body::Incoming;
use hyper::server::conn::http1;
use hyper::service::service_fn;
use hyper_util::rt::TokioIo;
use tokio::net::{TcpListener, TcpStream};
use tokio::sync::{watch, Notify};
use tower::ServiceExt;

use crate::faults::DropConnection;

/// Serves `app` on `listener` until `stop` changes or its sender is dropped.
pub async fn serve(listener: TcpListener, app: Router, mut stop: watch::Receiver<()>) {
    loop {
        tokio::select! {
            _ = stop.changed() => break,
            accepted = listener.accept() => match accepted {
                Ok((stream, peer)) => {
                    tokio::spawn(connection(stream, peer, app.clone(), stop.clone()));
                }
                // Out of file descriptors and the like: back off instead of spinning.
                Err(_) => tokio::time::sleep(Duration::from_millis(20)).await,
            },
        }
    }
}

async fn connection(
    stream: TcpStream,
    peer: SocketAddr,
    app: Router,
    mut stop: watch::Receiver<()>,
) {
    let _ = stream.set_nodelay(true);
    let closer = Arc::new(Notify::new());
    let service = {
        let closer = closer.clone();
        service_fn(move |mut req: hyper::Request<Incoming>| {
            req.extensions_mut().insert(ConnectInfo(peer));
            let (app, closer) = (app.clone(), closer.clone());
            async move {
                let response = app.oneshot(req).await?;
                if response.extensions().get::<DropConnection>().is_some() {
                    closer.notify_one();
                    std::future::pending::<()>().await;
                }
                Ok::<_, Infallible>(response)
            }
        })
    };
    let conn = http1::Builder::new().serve_connection(TokioIo::new(stream), service);
    // Whichever comes first ends the connection; dropping `conn` closes the socket unanswered.
    tokio::select! {
        _ = conn => {}
        _ = closer.notified() => {}
        _ = stop.changed() => {}
    }
}
