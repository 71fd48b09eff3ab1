//! The successful result of a call.

use std::ops::{Deref, DerefMut};

/// A typed response and its RequestId. Derefs to the response type.
///
/// ```
/// use tencent_action_core::Response;
/// let r = Response::new(vec![1, 2], "req-1".to_string());
/// assert_eq!(r.len(), 2);
/// assert_eq!(r.request_id(), "req-1");
/// assert_eq!(r.into_inner(), vec![1, 2]);
/// ```
#[derive(Debug, Clone, PartialEq)]
pub struct Response<T> {
    body: T,
    request_id: String,
}

impl<T> Response<T> {
    /// Wraps a response body and its RequestId.
    ///
    /// ```
    /// let r = tencent_action_core::Response::new((), "id".into());
    /// assert_eq!(r.request_id(), "id");
    /// ```
    pub fn new(body: T, request_id: String) -> Self {
        Response { body, request_id }
    }

    /// The RequestId the server gave this call.
    ///
    /// ```
    /// assert_eq!(tencent_action_core::Response::new(0, "x".into()).request_id(), "x");
    /// ```
    pub fn request_id(&self) -> &str {
        &self.request_id
    }

    /// The response body.
    ///
    /// ```
    /// assert_eq!(tencent_action_core::Response::new(7, "x".into()).into_inner(), 7);
    /// ```
    pub fn into_inner(self) -> T {
        self.body
    }

    /// The body and the RequestId.
    ///
    /// ```
    /// let (body, id) = tencent_action_core::Response::new(7, "x".into()).into_parts();
    /// assert_eq!((body, id.as_str()), (7, "x"));
    /// ```
    pub fn into_parts(self) -> (T, String) {
        (self.body, self.request_id)
    }
}

impl<T> Deref for Response<T> {
    type Target = T;
    fn deref(&self) -> &T {
        &self.body
    }
}

impl<T> DerefMut for Response<T> {
    fn deref_mut(&mut self) -> &mut T {
        &mut self.body
    }
}
