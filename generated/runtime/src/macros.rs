//! The macros generated code uses, written once here instead of once per action: error enum
//! impls, and the (de)serialization impls of generated structs and enums (see
//! [`de`](crate::de)). Each expands to a few small non-generic functions plus thin
//! serde impls that delegate to the runtime.

/// Error enum impls: accessors, `Display`, `Error` and `OperationError`.
///
/// `error_impls!(Name, Provider { Variant = "Code", … })`: the enum has one
/// `Variant(ErrorMeta)` per documented code, `Common(CommonError)` and
/// `Unknown { code, message, request_id, http_status }`.
#[doc(hidden)]
#[macro_export]
macro_rules! __docsdk_error_impls {
    ($name:ident, $provider:ident { $($variant:ident = $code:literal),* $(,)? }) => {
        impl $name {
            #[inline]
            fn view(&self) -> $crate::ErrorView<'_> {
                match self {
                    $(Self::$variant(m) => $crate::ErrorView::new($code, m),)*
                    Self::Common(c) => $crate::ErrorView::new(c.code, &c.meta),
                    Self::Unknown { code, message, request_id, http_status } => {
                        $crate::ErrorView::unknown(code, message, request_id, *http_status)
                    }
                }
            }
            /// The code as the service sent it.
            #[inline]
            pub fn code(&self) -> &str {
                self.view().code
            }
            /// The service's message.
            #[inline]
            pub fn message(&self) -> &str {
                self.view().message
            }
            /// The request id, for support tickets.
            #[inline]
            pub fn request_id(&self) -> Option<&str> {
                self.view().request_id
            }
            /// HTTP status of the error response.
            #[inline]
            pub fn http_status(&self) -> u16 {
                self.view().http_status
            }
            /// Whether sending the same request again may succeed (throttling, internal
            /// errors, HTTP 429/5xx).
            #[inline]
            pub fn is_retryable(&self) -> bool {
                self.view().is_retryable($crate::Provider::$provider)
            }
        }
        impl ::std::fmt::Display for $name {
            #[inline]
            fn fmt(&self, f: &mut ::std::fmt::Formatter<'_>) -> ::std::fmt::Result {
                ::std::fmt::Display::fmt(&self.view(), f)
            }
        }
        impl ::std::error::Error for $name {}
        impl $crate::OperationError for $name {
            #[inline]
            fn from_raw(raw: $crate::RawError) -> Self {
                match raw.code.as_str() {
                    $($code => Self::$variant(raw.meta),)*
                    _ => match $crate::CommonError::classify(
                        $crate::Provider::$provider,
                        raw,
                    ) {
                        ::std::result::Result::Ok(c) => Self::Common(c),
                        ::std::result::Result::Err(raw) => Self::Unknown {
                            code: raw.code,
                            message: raw.meta.message,
                            request_id: raw.meta.request_id,
                            http_status: raw.meta.http_status,
                        },
                    },
                }
            }
            #[inline]
            fn code(&self) -> &str {
                self.view().code
            }
            #[inline]
            fn is_retryable(&self) -> bool {
                $name::is_retryable(self)
            }
            fn kind(&self) -> $crate::ErrorKind {
                // An action with no documented codes has only the last two variants.
                #[allow(unreachable_patterns)]
                match self {
                    Self::Common(_) => $crate::ErrorKind::Common,
                    Self::Unknown { .. } => $crate::ErrorKind::Unknown,
                    _ => $crate::ErrorKind::Documented,
                }
            }
        }
    };
}

/// (De)serialization impls for a generated struct, by its fields' wire names:
/// `record!(<kind> Name { field = "Wire", … })`. Kinds: `request` (`ToJson`, `FromJson` with
/// unknown members rejected, `Serialize`, `Deserialize`), `response` (`FromJson` with unknown
/// members ignored, `Deserialize`), and `request_part` / `response_part` for the structs they
/// hold (the `ToJson` / `FromJson` impls only).
#[doc(hidden)]
#[macro_export]
macro_rules! __docsdk_record {
    (request $name:ident { $($field:ident = $wire:literal),* $(,)? }) => {
        $crate::__docsdk_record!(request_part $name { $($field = $wire),* });
        impl $crate::de::serde::Serialize for $name {
            fn serialize<S: $crate::de::serde::Serializer>(
                &self,
                s: S,
            ) -> ::std::result::Result<S::Ok, S::Error> {
                $crate::de::serialize(self, s)
            }
        }
        $crate::__docsdk_record!(@deserialize $name);
    };
    (response $name:ident { $($field:ident = $wire:literal),* $(,)? }) => {
        $crate::__docsdk_record!(@from $name false { $($field = $wire),* });
        $crate::__docsdk_record!(@deserialize $name);
    };
    (request_part $name:ident { $($field:ident = $wire:literal),* $(,)? }) => {
        impl $crate::de::ToJson for $name {
            #[inline]
            fn to_json(&self) -> ::std::option::Option<$crate::Value> {
                $crate::de::object(&[$(($wire, &self.$field)),*])
            }
        }
        $crate::__docsdk_record!(@from $name true { $($field = $wire),* });
    };
    (response_part $name:ident { $($field:ident = $wire:literal),* $(,)? }) => {
        $crate::__docsdk_record!(@from $name false { $($field = $wire),* });
    };
    (@from $name:ident $strict:literal { $($field:ident = $wire:literal),* }) => {
        impl $crate::de::FromJson for $name {
            #[inline]
            #[allow(unused_mut)]
            fn from_json(
                v: $crate::Value,
                cx: &mut $crate::de::Cx,
            ) -> ::std::result::Result<Self, $crate::de::JsonError> {
                let mut out = <Self as ::std::default::Default>::default();
                let read = cx.read(v, $strict, &mut [$(($wire, &mut out.$field)),*]);
                read.map(|()| out)
            }
        }
    };
    (@deserialize $name:ident) => {
        impl<'de> $crate::de::serde::Deserialize<'de> for $name {
            fn deserialize<D: $crate::de::serde::Deserializer<'de>>(
                d: D,
            ) -> ::std::result::Result<Self, D::Error> {
                $crate::de::deserialize(d)
            }
        }
    };
}

/// Impls for a generated string enum with an `Unknown(String)` variant:
/// `string_enum!(Name { Variant = "WIRE", … })` gives `as_str()`, `ToJson` and `FromJson`.
#[doc(hidden)]
#[macro_export]
macro_rules! __docsdk_string_enum {
    ($name:ident { $($variant:ident = $wire:literal),* $(,)? }) => {
        impl $name {
            /// The value as the service spells it.
            #[inline]
            pub fn as_str(&self) -> &str {
                match self {
                    $(Self::$variant => $wire,)*
                    Self::Unknown(s) => s,
                }
            }
        }
        impl $crate::de::ToJson for $name {
            #[inline]
            fn to_json(&self) -> ::std::option::Option<$crate::Value> {
                ::std::option::Option::Some($crate::Value::String(self.as_str().to_string()))
            }
        }
        impl $crate::de::FromJson for $name {
            #[inline]
            fn from_json(
                v: $crate::Value,
                cx: &mut $crate::de::Cx,
            ) -> ::std::result::Result<Self, $crate::de::JsonError> {
                let s = cx.string(v)?;
                ::std::result::Result::Ok(match s.as_str() {
                    $($wire => Self::$variant,)*
                    _ => Self::Unknown(s),
                })
            }
        }
    };
}

/// A request builder's methods:
/// `builder!(Builder for Request { #[doc = "…"] kind setter.field, … })` with kinds `strings`
/// (lists of strings), `string`, `list: T` and `value: T`, plus `build`, `send` and
/// `Request::builder()`. Each setter's attributes (its doc: the wire name, the field's page text,
/// limits and evidence) are put on the method.
#[doc(hidden)]
#[macro_export]
macro_rules! __docsdk_builder {
    ($builder:ident for $req:ident { $($(#[$m:meta])* $kind:ident $setter:ident . $field:ident $(: $ty:ty)?),* $(,)? }) => {
        impl<C: ::std::convert::AsRef<$crate::Client>> $builder<C> {
            $($crate::__docsdk_builder!(@set [$(#[$m])*] $kind $setter $field $(: $ty)?);)*
            /// The request, checked against the page's rules (every violation at once).
            #[inline]
            pub fn build(self) -> ::std::result::Result<$req, $crate::ValidationErrors> {
                self.0.build()
            }
            /// Validates, signs and sends the request.
            #[inline]
            pub async fn send(self) -> $crate::Result<$req> {
                self.0.send().await
            }
        }
        impl $req {
            /// A builder without a client (`build()` it, or send it with a client's `execute`).
            #[inline]
            pub fn builder() -> $builder {
                $builder($crate::Call::detached())
            }
        }
    };
    (@set [$($m:tt)*] strings $setter:ident $field:ident) => {
        $($m)*
        #[inline]
        pub fn $setter(mut self, v: impl IntoIterator<Item = impl Into<String>>) -> Self {
            self.0.input.$field = $crate::strings(v);
            self
        }
    };
    (@set [$($m:tt)*] string $setter:ident $field:ident) => {
        $($m)*
        #[inline]
        pub fn $setter(mut self, v: impl Into<String>) -> Self {
            self.0.input.$field = Some(v.into());
            self
        }
    };
    (@set [$($m:tt)*] list $setter:ident $field:ident : $ty:ty) => {
        $($m)*
        #[inline]
        pub fn $setter(mut self, v: impl IntoIterator<Item = $ty>) -> Self {
            self.0.input.$field = v.into_iter().collect();
            self
        }
    };
    (@set [$($m:tt)*] value $setter:ident $field:ident : $ty:ty) => {
        $($m)*
        #[inline]
        pub fn $setter(mut self, v: $ty) -> Self {
            self.0.input.$field = Some(v);
            self
        }
    };
}

/// A page's examples as tests: each request must parse into the typed request and serialize
/// to what the page shows, each response must deserialize with every field kept.
///
/// `examples!(mod examples for Request { /// title
/// example_1: "request", "response"; … })`
#[doc(hidden)]
#[macro_export]
macro_rules! __docsdk_examples {
    (mod $module:ident for $req:ident { $($(#[$meta:meta])* $name:ident: $request:expr, $response:expr;)* }) => {
        #[cfg(test)]
        mod $module {
            $(
                $(#[$meta])*
                #[test]
                fn $name() -> ::std::result::Result<(), ::std::string::String> {
                    $crate::testing::check_example::<super::$req>($request, $response)
                }
            )*
        }
    };
}

/// An action's `Operation` impl: `operation!(Request => Response, Error, Provider, "service",
/// "version", "Action", "METHOD", "endpoint", setter(args)…; [rule(args), …])`. Each setter is
/// an `OpMeta` `const` setter (`regional`, `region`, `token`, …), each rule a `Rule`
/// constructor (`required("Name", "evidence")`, `max_length("Name", 128, "evidence")`, …).
#[doc(hidden)]
#[macro_export]
macro_rules! __docsdk_operation {
    (
        $req:ident => $resp:ident, $err:ident, $provider:ident, $service:literal,
        $version:literal, $action:literal, $method:literal, $endpoint:literal
        $(, $setter:ident($($sarg:expr),* $(,)?))* ;
        [$($rule:ident($($rarg:expr),* $(,)?)),* $(,)?]
    ) => {
        impl $crate::Operation for $req {
            type Output = $resp;
            type Error = $err;
            const META: &'static $crate::OpMeta = &$crate::OpMeta::new(
                $crate::Provider::$provider,
                $service,
                $version,
                $action,
                $method,
                $endpoint,
            )
            $(.$setter($($sarg),*))*;
            const RULES: &'static [$crate::Rule] =
                &[$($crate::Rule::$rule($($rarg),*)),*];
        }
    };
}
