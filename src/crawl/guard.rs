//! The address guard and name resolution: `--resolve` pins, `--mirror` hosts, and refusal of
//! internal addresses (loopback, private, link-local, CGNAT, multicast, unspecified) unless
//! `--allow-private`, checked after DNS so a public name cannot lead the crawler inside.

use std::collections::HashMap;
use std::fmt;
use std::net::{IpAddr, Ipv4Addr, Ipv6Addr, SocketAddr};
use std::sync::Arc;

use anyhow::{Context, Result, bail};
use reqwest::dns::{Addrs, Name, Resolve, Resolving};
use url::{Host, Url};

/// Where a pinned host goes.
#[derive(Debug, Clone, Copy)]
pub struct Pin {
    /// The address; a port of 0 keeps the URL's port.
    pub addr: SocketAddr,
    /// Pins made by `--mirror` point at patuh's own loopback server and pass the guard.
    pub trusted: bool,
}

/// Parses `HOST:PORT:ADDR` as curl's `--resolve` (ADDR may be `[::1]`).
pub fn parse_resolve(text: &str) -> Result<(String, Pin)> {
    let mut parts = text.splitn(3, ':');
    let (Some(host), Some(port), Some(addr)) = (parts.next(), parts.next(), parts.next()) else {
        bail!("--resolve {text:?}: expected HOST:PORT:ADDR, e.g. contohkab.go.id:443:203.0.113.7");
    };
    let _port: u16 = port
        .parse()
        .with_context(|| format!("--resolve {text:?}: {port:?} is not a port number"))?;
    let addr: IpAddr = addr
        .trim_start_matches('[')
        .trim_end_matches(']')
        .parse()
        .with_context(|| format!("--resolve {text:?}: {addr:?} is not an IP address"))?;
    if host.is_empty() {
        bail!("--resolve {text:?}: the host name is empty");
    }
    let pin = Pin {
        addr: SocketAddr::new(addr, 0),
        trusted: false,
    };
    Ok((host.to_ascii_lowercase(), pin))
}

/// Whether an address is one a public website must not send the crawler to.
pub fn is_internal(ip: IpAddr) -> bool {
    match ip {
        IpAddr::V4(v4) => is_internal_v4(v4),
        IpAddr::V6(v6) => {
            if let Some(v4) = v6.to_ipv4_mapped() {
                return is_internal_v4(v4);
            }
            let first = v6.segments()[0];
            v6.is_loopback()
                || v6.is_unspecified()
                || v6.is_multicast()
                || (first & 0xfe00) == 0xfc00 // unique local
                || (first & 0xffc0) == 0xfe80 // link-local
                || v6 == Ipv6Addr::new(0x64, 0xff9b, 0, 0, 0, 0, 0, 0)
        }
    }
}

fn is_internal_v4(ip: Ipv4Addr) -> bool {
    let [a, b, ..] = ip.octets();
    ip.is_loopback()
        || ip.is_private()
        || ip.is_link_local()
        || ip.is_unspecified()
        || ip.is_multicast()
        || ip.is_broadcast()
        || a == 0
        || (a == 100 && (64..128).contains(&b)) // CGNAT 100.64.0.0/10
        || (a == 192 && b == 0 && ip.octets()[2] == 0) // IETF protocol assignments
        || a >= 240
}

/// A refusal by the guard; found again in reqwest's error chain to name the cause.
#[derive(Debug)]
pub struct Refused(pub String);

impl fmt::Display for Refused {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.0)
    }
}

impl std::error::Error for Refused {}

/// Checks a URL whose host is an address literal (DNS, and so the resolver, is never asked).
pub fn check_url(url: &Url, guard: &Guard) -> Result<(), Refused> {
    let ip = match url.host() {
        Some(Host::Ipv4(v4)) => IpAddr::V4(v4),
        Some(Host::Ipv6(v6)) => IpAddr::V6(v6),
        _ => return Ok(()),
    };
    if !guard.allow_private && is_internal(ip) {
        return Err(Refused(format!(
            "refused to fetch {url}: {ip} is an internal address (use --allow-private to allow it)"
        )));
    }
    Ok(())
}

/// Resolution policy shared by the resolver and [`check_url`].
#[derive(Debug, Clone, Default)]
pub struct Guard {
    /// `--allow-private`.
    pub allow_private: bool,
    /// Pinned hosts, lower-case.
    pub pins: HashMap<String, Pin>,
    /// With `--mirror`: hosts that are not pinned are not contacted at all.
    pub offline: bool,
}

/// reqwest's resolver for the run: pins first, then the system resolver, then the guard.
#[derive(Debug, Clone)]
pub struct GuardedResolver(pub Arc<Guard>);

impl Resolve for GuardedResolver {
    fn resolve(&self, name: Name) -> Resolving {
        let guard = Arc::clone(&self.0);
        let host = name.as_str().to_ascii_lowercase();
        Box::pin(async move {
            let addrs = resolve(&guard, &host).await?;
            let addrs: Addrs = Box::new(addrs.into_iter());
            Ok(addrs)
        })
    }
}

async fn resolve(
    guard: &Guard,
    host: &str,
) -> Result<Vec<SocketAddr>, Box<dyn std::error::Error + Send + Sync>> {
    if let Some(pin) = guard.pins.get(host) {
        if !pin.trusted && !guard.allow_private && is_internal(pin.addr.ip()) {
            return Err(Box::new(Refused(format!(
                "refused to connect to {host}: it is pinned to the internal address {} (use --allow-private to allow it)",
                pin.addr.ip()
            ))));
        }
        return Ok(vec![pin.addr]);
    }
    if guard.offline {
        return Err(Box::new(Refused(format!(
            "{host} is not in the mirror directory, and a mirror run contacts no other host"
        ))));
    }
    let found: Vec<SocketAddr> = tokio::net::lookup_host((host, 0)).await?.collect();
    if guard.allow_private {
        return Ok(found);
    }
    let public: Vec<SocketAddr> = found
        .iter()
        .copied()
        .filter(|addr| !is_internal(addr.ip()))
        .collect();
    if public.is_empty()
        && let Some(addr) = found.first()
    {
        return Err(Box::new(Refused(format!(
            "refused to connect to {host}: it resolves to the internal address {} (use --allow-private to allow it)",
            addr.ip()
        ))));
    }
    Ok(public)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn internal_addresses_are_recognised() {
        let cases = [
            ("127.0.0.1", true),
            ("127.0.0.2", true),
            ("10.1.2.3", true),
            ("172.16.0.1", true),
            ("172.32.0.1", false),
            ("192.168.1.1", true),
            ("169.254.169.254", true),
            ("100.64.0.1", true),
            ("100.128.0.1", false),
            ("0.0.0.0", true),
            ("224.0.0.1", true),
            ("255.255.255.255", true),
            ("203.0.113.7", false),
            ("8.8.8.8", false),
            ("::1", true),
            ("::", true),
            ("fd00::1", true),
            ("fe80::1", true),
            ("::ffff:127.0.0.1", true),
            ("2001:db8::1", false),
        ];
        for (text, want) in cases {
            let ip: IpAddr = text.parse().expect("test address");
            assert_eq!(is_internal(ip), want, "{text}");
        }
    }

    #[test]
    fn resolve_pins_parse_like_curl() {
        let (host, pin) = parse_resolve("Contohkab.go.id:80:127.0.0.1").expect("pin");
        assert_eq!(host, "contohkab.go.id");
        assert_eq!(pin.addr.ip(), "127.0.0.1".parse::<IpAddr>().expect("ip"));
        let (_, pin) = parse_resolve("a.go.id:443:[::1]").expect("v6 pin");
        assert!(pin.addr.is_ipv6());
        for bad in [
            "a.go.id",
            "a.go.id:x:127.0.0.1",
            "a.go.id:80:nope",
            ":80:127.0.0.1",
        ] {
            assert!(parse_resolve(bad).is_err(), "{bad}");
        }
    }

    #[tokio::test]
    async fn pins_to_internal_addresses_need_allow_private() {
        let (host, pin) = parse_resolve("intern.go.id:80:127.0.0.2").expect("pin");
        let mut guard = Guard {
            pins: HashMap::from([(host, pin)]),
            ..Guard::default()
        };
        let refused = resolve(&guard, "intern.go.id").await.expect_err("refused");
        assert!(refused.to_string().contains("--allow-private"), "{refused}");
        guard.allow_private = true;
        assert_eq!(
            resolve(&guard, "intern.go.id")
                .await
                .expect("allowed")
                .len(),
            1
        );
    }

    #[tokio::test]
    async fn names_that_resolve_inside_are_refused() {
        let guard = Guard::default();
        let refused = resolve(&guard, "localhost").await.expect_err("refused");
        assert!(
            refused.to_string().contains("internal address"),
            "{refused}"
        );
    }

    #[tokio::test]
    async fn a_mirror_run_contacts_no_unknown_host() {
        let guard = Guard {
            offline: true,
            allow_private: true,
            ..Guard::default()
        };
        assert!(resolve(&guard, "example.go.id").await.is_err());
    }

    #[test]
    fn address_literals_are_checked_without_dns() {
        let guard = Guard::default();
        let url = Url::parse("http://127.0.0.2:8080/").expect("url");
        assert!(check_url(&url, &guard).is_err());
        let public = Url::parse("http://203.0.113.7/").expect("url");
        assert!(check_url(&public, &guard).is_ok());
    }
}
