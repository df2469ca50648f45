//! Everything that touches web APIs (through web-sys, js-sys and gloo) lives here, so the rest
//! of the shell deals only in Rust values.

pub mod dom;
pub mod download;
pub mod files;
pub mod http;
pub mod idb;
pub mod later;
pub mod measure;
pub mod offline;
pub mod quota;
pub mod storage;
pub mod worker;
