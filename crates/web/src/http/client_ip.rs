//! The client's address, believing `X-Forwarded-For` only from configured proxies.

use crate::http::error::WebError;
use crate::http::rate_limit::source_of;
use crate::http::state::AppState;
use axum::extract::ConnectInfo;
use axum::http::request::Parts;
use std::net::{IpAddr, Ipv4Addr, SocketAddr};

/// The client's address (an IPv6 client's /64) as a rate-limit key.
pub struct ClientIp(pub String);

impl axum::extract::FromRequestParts<AppState> for ClientIp {
    type Rejection = WebError;
    async fn from_request_parts(parts: &mut Parts, state: &AppState) -> Result<Self, WebError> {
        Ok(ClientIp(source_of(client_ip(parts, &state.config.trusted_proxies))))
    }
}

pub fn client_ip(parts: &Parts, trusted: &[IpAddr]) -> IpAddr {
    let peer =
        parts.extensions.get::<ConnectInfo<SocketAddr>>().map_or(IpAddr::V4(Ipv4Addr::UNSPECIFIED), |c| c.0.ip());
    if !trusted.contains(&peer) {
        return peer;
    }
    // Walk the chain from the right: the first address that is not a trusted proxy is the client.
    let forwarded: Vec<IpAddr> = parts
        .headers
        .get_all("x-forwarded-for")
        .iter()
        .filter_map(|v| v.to_str().ok())
        .flat_map(|v| v.split(','))
        .filter_map(|s| s.trim().parse().ok())
        .collect();
    forwarded.into_iter().rev().find(|ip| !trusted.contains(ip)).unwrap_or(peer)
}

#[cfg(test)]
mod tests {
    use super::*;
    use axum::http::Request;

    fn parts(peer: &str, xff: Option<&str>) -> Parts {
        let mut req = Request::builder();
        if let Some(x) = xff {
            req = req.header("x-forwarded-for", x);
        }
        let (mut parts, _) = req.body(()).unwrap().into_parts();
        parts.extensions.insert(ConnectInfo(SocketAddr::new(peer.parse().unwrap(), 1)));
        parts
    }

    #[test]
    fn forwarded_for_is_ignored_from_untrusted_peers() {
        let p = parts("203.0.113.9", Some("1.2.3.4"));
        assert_eq!(client_ip(&p, &[]), "203.0.113.9".parse::<IpAddr>().unwrap());
    }

    #[test]
    fn forwarded_for_is_believed_from_a_trusted_proxy() {
        let proxy: IpAddr = "10.0.0.1".parse().unwrap();
        let p = parts("10.0.0.1", Some("6.6.6.6, 1.2.3.4"));
        assert_eq!(client_ip(&p, &[proxy]), "1.2.3.4".parse::<IpAddr>().unwrap());
    }
}
