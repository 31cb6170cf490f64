//! patuh — checks whether Indonesian local-government websites publish their public-service
//! standard (standar pelayanan), fees, timelines and complaint channels, and writes one JSON
//! evidence report per site. See README.md for use and DESIGN.md for the contracts.

pub mod ci;
pub mod cli;
pub mod config;
pub mod crawl;
pub mod detect;
pub mod document;
pub mod filetype;
pub mod mirror;
pub mod nightly;
pub mod profile;
pub mod progress;
pub mod report;
pub mod run;
pub mod site;
