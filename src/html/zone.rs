//! Indonesia's three time zones and which province keeps which: the one table of them. A
//! brief shows its times in the site's zone (from the `provinsi` column of the site list) and
//! in UTC, saying so, when the province is not known.

use std::time::Duration;

/// A time zone a brief shows times in.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Zone {
    /// Waktu Indonesia Barat, UTC+7.
    Wib,
    /// Waktu Indonesia Tengah, UTC+8.
    Wita,
    /// Waktu Indonesia Timur, UTC+9.
    Wit,
    /// The province is not known: times stay in UTC.
    Utc,
}

/// Provinces by zone, lower case, as the site lists spell them (with common variants).
const PROVINCES: &[(Zone, &[&str])] = &[
    (
        Zone::Wib,
        &[
            "aceh",
            "nanggroe aceh darussalam",
            "sumatera utara",
            "sumatera barat",
            "riau",
            "kepulauan riau",
            "jambi",
            "sumatera selatan",
            "kepulauan bangka belitung",
            "bangka belitung",
            "bengkulu",
            "lampung",
            "dki jakarta",
            "jakarta",
            "banten",
            "jawa barat",
            "jawa tengah",
            "di yogyakarta",
            "daerah istimewa yogyakarta",
            "yogyakarta",
            "jawa timur",
            "kalimantan barat",
            "kalimantan tengah",
        ],
    ),
    (
        Zone::Wita,
        &[
            "bali",
            "nusa tenggara barat",
            "ntb",
            "nusa tenggara timur",
            "ntt",
            "kalimantan selatan",
            "kalimantan timur",
            "kalimantan utara",
            "sulawesi utara",
            "gorontalo",
            "sulawesi tengah",
            "sulawesi barat",
            "sulawesi selatan",
            "sulawesi tenggara",
        ],
    ),
    (
        Zone::Wit,
        &[
            "maluku",
            "maluku utara",
            "papua",
            "papua barat",
            "papua barat daya",
            "papua tengah",
            "papua pegunungan",
            "papua selatan",
        ],
    ),
];

impl Zone {
    /// The zone of a province, by name (case and spacing ignored, "Provinsi " allowed).
    pub fn of_province(province: &str) -> Zone {
        let name = province
            .split_whitespace()
            .collect::<Vec<_>>()
            .join(" ")
            .to_lowercase();
        let name = name.strip_prefix("provinsi ").unwrap_or(&name);
        PROVINCES
            .iter()
            .find(|(_, names)| names.contains(&name))
            .map_or(Zone::Utc, |(zone, _)| *zone)
    }

    /// The zone's name as shown after a time.
    pub fn label(self) -> &'static str {
        match self {
            Zone::Wib => "WIB",
            Zone::Wita => "WITA",
            Zone::Wit => "WIT",
            Zone::Utc => "UTC",
        }
    }

    fn offset_hours(self) -> u64 {
        match self {
            Zone::Wib => 7,
            Zone::Wita => 8,
            Zone::Wit => 9,
            Zone::Utc => 0,
        }
    }

    /// An RFC 3339 UTC timestamp of a report as "23-11-2026 08:02:03 WIB"; text that is not
    /// one is shown as it is.
    pub fn show(self, timestamp: &str) -> String {
        let Ok(at) = humantime::parse_rfc3339(timestamp) else {
            return timestamp.to_string();
        };
        let local = at + Duration::from_secs(self.offset_hours() * 3600);
        let text = humantime::format_rfc3339_seconds(local).to_string();
        // "2026-11-23T08:02:03Z": the parts are at fixed places.
        match (
            text.get(0..4),
            text.get(5..7),
            text.get(8..10),
            text.get(11..19),
        ) {
            (Some(year), Some(month), Some(day), Some(time)) => {
                let suffix = match self {
                    Zone::Utc => " UTC (+00:00)".to_string(),
                    zone => format!(" {} (UTC+{})", zone.label(), zone.offset_hours()),
                };
                format!("{day}-{month}-{year} {time}{suffix}")
            }
            _ => timestamp.to_string(),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn provinces_map_to_their_zones() {
        let cases = [
            ("Jawa Barat", Zone::Wib),
            ("  KALIMANTAN   barat ", Zone::Wib),
            ("Provinsi Bali", Zone::Wita),
            ("Sulawesi Selatan", Zone::Wita),
            ("Kalimantan Timur", Zone::Wita),
            ("Maluku Utara", Zone::Wit),
            ("Papua Pegunungan", Zone::Wit),
            ("Atlantis", Zone::Utc),
            ("", Zone::Utc),
        ];
        for (province, want) in cases {
            assert_eq!(Zone::of_province(province), want, "{province}");
        }
    }

    #[test]
    fn times_show_in_the_zone_and_say_which() {
        let at = "2026-11-23T20:02:03Z";
        assert_eq!(Zone::Wib.show(at), "24-11-2026 03:02:03 WIB (UTC+7)");
        assert_eq!(Zone::Wit.show(at), "24-11-2026 05:02:03 WIT (UTC+9)");
        assert_eq!(Zone::Utc.show(at), "23-11-2026 20:02:03 UTC (+00:00)");
        assert_eq!(Zone::Wita.show("not a time"), "not a time");
    }
}
