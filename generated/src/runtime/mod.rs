//! Hand-written runtime shared by every generated client: signing, credentials, transport.

pub use docsdk_auth::{credentials, signing};
