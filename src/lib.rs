//! patuh — checks whether Indonesian local-government websites publish their public-service
//! standard (standar pelayanan), fees, timelines and complaint channels, and writes one JSON
//! evidence report per site. README.md documents its use and the report contract;
//! CONTRIBUTING.md maps the modules in the order data flows through them.

pub mod ci;
pub mod cli;
pub mod commands;
pub mod config;
pub mod crawl;
pub mod detect;
pub mod document;
pub mod exit;
pub mod filetype;
pub mod html;
pub mod mirror;
pub mod profile;
pub mod progress;
pub mod report;
pub mod run;
pub mod site;
