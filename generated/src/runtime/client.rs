//! Client configuration shared by every generated service client, and the generic call path.

use super::credentials::Credentials;
use super::transport::{self, Failure};
use super::{wire, Operation, OperationError, SdkError, ValidationErrors};
use std::sync::Arc;
use std::time::Duration;

/// Environment variable that overrides every endpoint (e.g. a local test server).
pub const ENDPOINT_ENV: &str = "DOCSDK_ENDPOINT_URL";

#[derive(Debug)]
pub(crate) struct Inner {
    pub(crate) endpoint_url: Option<String>,
    pub(crate) region: Option<String>,
    pub(crate) credentials: Option<Credentials>,
    pub(crate) credentials_from_env: bool,
    pub(crate) validation: bool,
    pub(crate) http: reqwest::Client,
}

/// Configuration every generated service client wraps; cheap to clone.
#[derive(Clone, Debug)]
pub struct Client {
    pub(crate) inner: Arc<Inner>,
}

/// Builds a [`Client`].
#[derive(Debug, Clone)]
pub struct ClientBuilder {
    endpoint_url: Option<String>,
    region: Option<String>,
    credentials: Option<Credentials>,
    credentials_from_env: bool,
    validation: bool,
    timeout: Duration,
    connect_timeout: Duration,
}

impl Default for ClientBuilder {
    fn default() -> Self {
        ClientBuilder {
            endpoint_url: None,
            region: None,
            credentials: None,
            credentials_from_env: true,
            validation: true,
            timeout: Duration::from_secs(30),
            connect_timeout: Duration::from_secs(10),
        }
    }
}

impl ClientBuilder {
    /// Sends every request to this base URL (`http://127.0.0.1:8080`) instead of the documented
    /// endpoint. Without it, `DOCSDK_ENDPOINT_URL` is used when set.
    pub fn endpoint_url(mut self, url: impl Into<String>) -> Self {
        self.endpoint_url = Some(url.into());
        self
    }

    pub fn region(mut self, region: impl Into<String>) -> Self {
        self.region = Some(region.into());
        self
    }

    /// Explicit credentials (otherwise the provider's environment variables are read per call).
    pub fn credentials(mut self, key: Credentials) -> Self {
        self.credentials = Some(key);
        self
    }

    /// Whether to read the provider's credential variables when none were given (default on).
    pub fn credentials_from_env(mut self, on: bool) -> Self {
        self.credentials_from_env = on;
        self
    }

    /// Turns the page-derived validation before sending on (default) or off.
    pub fn validation(mut self, on: bool) -> Self {
        self.validation = on;
        self
    }

    pub fn timeout(mut self, t: Duration) -> Self {
        self.timeout = t;
        self
    }

    pub fn connect_timeout(mut self, t: Duration) -> Self {
        self.connect_timeout = t;
        self
    }

    pub fn build(self) -> Result<Client, reqwest::Error> {
        let http = reqwest::Client::builder()
            .timeout(self.timeout)
            .connect_timeout(self.connect_timeout)
            .build()?;
        let endpoint_url = self
            .endpoint_url
            .or_else(|| std::env::var(ENDPOINT_ENV).ok().filter(|s| !s.is_empty()));
        Ok(Client {
            inner: Arc::new(Inner {
                endpoint_url,
                region: self.region,
                credentials: self.credentials,
                credentials_from_env: self.credentials_from_env,
                validation: self.validation,
                http,
            }),
        })
    }
}

impl Client {
    pub fn builder() -> ClientBuilder {
        ClientBuilder::default()
    }

    pub fn region(&self) -> Option<&str> {
        self.inner.region.as_deref()
    }

    pub fn validation(&self) -> bool {
        self.inner.validation
    }

    /// Validates (unless switched off), encodes, signs and sends one request.
    pub async fn execute<O: Operation>(&self, input: O) -> super::Result<O> {
        if self.inner.validation {
            input.validate().map_err(SdkError::Validation)?;
        }
        let params = wire::params(&input).map_err(|e| SdkError::Config(e.to_string()))?;
        let result = match transport::dispatch(self, O::META, &params).await {
            Ok(v) => v,
            Err(f) => return Err(failure(f)),
        };
        serde_json::from_value(result).map_err(|e| SdkError::Response {
            status: 200,
            message: e.to_string(),
        })
    }
}

fn failure<E: OperationError>(f: Failure) -> SdkError<E> {
    match f {
        Failure::Service(raw) => SdkError::Service(E::from_raw(raw)),
        Failure::Config(m) => SdkError::Config(m),
        Failure::Signing(m) => SdkError::Signing(m),
        Failure::Transport(m) => SdkError::Transport(m),
    }
}

impl AsRef<Client> for Client {
    fn as_ref(&self) -> &Client {
        self
    }
}

/// The state behind every generated request builder: the request so far and the client that
/// will send it (none for a builder made from `Request::builder()`).
///
/// Builders are generic over the client type `C` (default [`Client`]) only so that their
/// methods are compiled where they are used, not once per action in this crate.
#[derive(Debug, Clone)]
pub struct Call<R, C = Client> {
    pub client: Option<C>,
    pub input: R,
}

impl<R: Default, C> Call<R, C> {
    pub fn new(client: C) -> Self {
        Call {
            client: Some(client),
            input: R::default(),
        }
    }

    pub fn detached() -> Self {
        Call {
            client: None,
            input: R::default(),
        }
    }
}

impl<R: Operation, C: AsRef<Client>> Call<R, C> {
    /// The request, checked against the page's rules (every violation at once).
    pub fn build(self) -> Result<R, ValidationErrors> {
        self.input.validate()?;
        Ok(self.input)
    }

    pub async fn send(self) -> super::Result<R> {
        match self.client {
            Some(c) => c.as_ref().execute(self.input).await,
            None => Err(SdkError::Config(
                "this builder has no client: create it with a service client's method".into(),
            )),
        }
    }
}
