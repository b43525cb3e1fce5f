//! The one macro generated error enums use: accessors, `Display`, `Error` and
//! `OperationError`, written once here instead of once per action. The enum has variants
//! `Common(CommonError)` and `Unknown { code, message, request_id, http_status }`, and provides
//! `fn known(&self) -> Option<(&'static str, &ErrorMeta)>` for its documented variants and
//! `fn from_code(&str) -> Option<fn(ErrorMeta) -> Self>`.

#[doc(hidden)]
#[macro_export]
macro_rules! __docsdk_error_impls {
    ($name:ident, $provider:ident) => {
        impl $name {
            fn view(&self) -> $crate::runtime::ErrorView<'_> {
                if let Some((code, meta)) = self.known() {
                    return $crate::runtime::ErrorView::new(code, meta);
                }
                #[allow(unreachable_patterns)]
                match self {
                    Self::Common(c) => $crate::runtime::ErrorView::new(c.code, &c.meta),
                    Self::Unknown {
                        code,
                        message,
                        request_id,
                        http_status,
                    } => $crate::runtime::ErrorView {
                        code,
                        message,
                        request_id: request_id.as_deref(),
                        http_status: *http_status,
                    },
                    _ => $crate::runtime::ErrorView::EMPTY,
                }
            }
            /// The code as the service sent it.
            pub fn code(&self) -> &str {
                self.view().code
            }
            /// The service's message.
            pub fn message(&self) -> &str {
                self.view().message
            }
            /// The request id, for support tickets.
            pub fn request_id(&self) -> Option<&str> {
                self.view().request_id
            }
            /// HTTP status of the error response.
            pub fn http_status(&self) -> u16 {
                self.view().http_status
            }
            /// Whether sending the same request again may succeed (throttling, internal
            /// errors, HTTP 429/5xx).
            pub fn is_retryable(&self) -> bool {
                $crate::runtime::error_retryable(
                    $crate::runtime::Provider::$provider,
                    self.code(),
                    self.http_status(),
                )
            }
        }
        impl ::std::fmt::Display for $name {
            fn fmt(&self, f: &mut ::std::fmt::Formatter<'_>) -> ::std::fmt::Result {
                ::std::fmt::Display::fmt(&self.view(), f)
            }
        }
        impl ::std::error::Error for $name {}
        impl $crate::runtime::OperationError for $name {
            fn from_raw(raw: $crate::runtime::RawError) -> Self {
                if let Some(make) = Self::from_code(&raw.code) {
                    return make(raw.meta);
                }
                match $crate::runtime::CommonError::classify(
                    $crate::runtime::Provider::$provider,
                    raw,
                ) {
                    Ok(c) => Self::Common(c),
                    Err(raw) => Self::Unknown {
                        code: raw.code,
                        message: raw.meta.message,
                        request_id: raw.meta.request_id,
                        http_status: raw.meta.http_status,
                    },
                }
            }
            fn code(&self) -> &str {
                self.view().code
            }
            fn is_retryable(&self) -> bool {
                $name::is_retryable(self)
            }
            fn kind(&self) -> $crate::runtime::ErrorKind {
                if self.known().is_some() {
                    return $crate::runtime::ErrorKind::Documented;
                }
                #[allow(unreachable_patterns)]
                match self {
                    Self::Common(_) => $crate::runtime::ErrorKind::Common,
                    _ => $crate::runtime::ErrorKind::Unknown,
                }
            }
        }
    };
}
