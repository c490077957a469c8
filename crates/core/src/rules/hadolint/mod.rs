//! hadolint's DL rules, under hadolint's codes and severities.

pub mod dl3007;
