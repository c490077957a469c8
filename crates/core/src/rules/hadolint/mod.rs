//! hadolint's DL rules, under hadolint's codes and severities.

pub mod dl3007;
pub mod dl3008;
pub mod dl3009;
pub mod dl3013;
pub mod dl3014;
pub mod dl3015;
pub mod dl3016;
pub mod dl3018;
pub mod dl3019;
pub mod dl3027;
pub mod dl3028;
pub mod dl3030;
pub mod dl3032;
pub mod dl3033;
pub mod dl3034;
pub mod dl3035;
pub mod dl3036;
pub mod dl3037;
pub mod dl3038;
pub mod dl3040;
pub mod dl3041;
pub mod dl3042;
pub mod dl3047;
pub mod dl3060;
pub mod dl3062;
pub mod dl4001;
