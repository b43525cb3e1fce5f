//! Hand-written runtime shared by every generated client: signing, credentials, transport.

pub mod credentials;
pub mod signing;
