//! Request signers, one per provider scheme, verified against the official SDKs' vectors.
