//! Core errors to Python exceptions.
//!
//! The exception classes are defined once, in `rustybt_native/exceptions.py`, and imported here,
//! so the native and fallback backends raise the very same classes. The orphan rule forbids
//! `impl From<CoreError> for PyErr`, hence the local [`NativeError`] wrapper.

use std::panic::{catch_unwind, AssertUnwindSafe};

use pyo3::exceptions::PyRuntimeError;
use pyo3::prelude::*;
use pyo3::sync::PyOnceLock;
use pyo3::types::PyType;

use rustybt_aggregation::AggregationError;
use rustybt_decimal::DecimalError;
use rustybt_indicators::IndicatorError;
use rustybt_metrics::MetricsError;

/// The exception classes of `rustybt_native.exceptions` that native code raises.
#[derive(Debug, Clone, Copy)]
pub enum Exception {
    InvalidParameter,
    InvalidInput,
    InputType,
    DecimalOverflow,
    DecimalParse,
    DivisionByZero,
    Internal,
}

impl Exception {
    fn class_name(self) -> &'static str {
        match self {
            Exception::InvalidParameter => "InvalidParameterError",
            Exception::InvalidInput => "InvalidInputError",
            Exception::InputType => "InputTypeError",
            Exception::DecimalOverflow => "DecimalOverflowError",
            Exception::DecimalParse => "DecimalParseError",
            Exception::DivisionByZero => "DivisionByZeroError",
            Exception::Internal => "InternalError",
        }
    }

    /// This exception with `message`, ready to raise.
    pub fn err(self, py: Python<'_>, message: impl Into<String>) -> PyErr {
        static CLASSES: [PyOnceLock<Py<PyType>>; 7] = [const { PyOnceLock::new() }; 7];
        let message = message.into();
        match CLASSES[self as usize].import(py, "rustybt_native.exceptions", self.class_name()) {
            Ok(class) => PyErr::from_type(class.clone(), message),
            // Only if the Python package is broken; still say what went wrong.
            Err(import_error) => PyRuntimeError::new_err(format!(
                "{message} (and rustybt_native.exceptions could not be imported: {import_error})"
            )),
        }
    }
}

/// A core crate's error on its way to becoming a Python exception.
#[derive(Debug)]
pub enum NativeError {
    Decimal(DecimalError),
    Metrics(MetricsError),
    Indicator(IndicatorError),
    Aggregation(AggregationError),
    /// A Rust panic caught at the boundary: a bug in this library, never the caller's fault.
    Panic(String),
}

impl From<NativeError> for PyErr {
    fn from(error: NativeError) -> PyErr {
        let (exception, message) = match error {
            NativeError::Decimal(e) => (
                match e {
                    DecimalError::Overflow { .. }
                    | DecimalError::PrecisionExceeded { .. }
                    | DecimalError::InvalidScale { .. } => Exception::DecimalOverflow,
                    DecimalError::Parse { .. } => Exception::DecimalParse,
                    DecimalError::DivisionByZero { .. } => Exception::DivisionByZero,
                    DecimalError::ScaleOutOfRange { .. }
                    | DecimalError::InvalidRounding { .. }
                    | DecimalError::InvalidPrecision { .. } => Exception::InvalidParameter,
                    _ => Exception::InvalidInput,
                },
                e.to_string(),
            ),
            NativeError::Metrics(e) => (
                match e {
                    MetricsError::NonFinite { .. } | MetricsError::LengthMismatch { .. } => {
                        Exception::InvalidInput
                    }
                    MetricsError::DecimalOverflow { .. }
                    | MetricsError::DecimalSumOverflow { .. } => Exception::DecimalOverflow,
                    _ => Exception::InvalidParameter,
                },
                e.to_string(),
            ),
            NativeError::Indicator(e) => (
                match e {
                    IndicatorError::InvalidPeriod { .. }
                    | IndicatorError::UnknownNanPolicy { .. }
                    | IndicatorError::UnknownSeed { .. }
                    | IndicatorError::ParameterOutOfRange { .. }
                    | IndicatorError::NonFiniteParameter { .. }
                    | IndicatorError::UnknownOption { .. }
                    | IndicatorError::CutoutTooLarge { .. } => Exception::InvalidParameter,
                    _ => Exception::InvalidInput,
                },
                e.to_string(),
            ),
            NativeError::Aggregation(e) => (
                match e {
                    AggregationError::InvalidDuration { .. } => Exception::InvalidParameter,
                    AggregationError::InvalidChoice { .. } => Exception::InvalidParameter,
                    AggregationError::Overflow { .. } => Exception::DecimalOverflow,
                    AggregationError::InvalidThreshold { .. } => Exception::InvalidParameter,
                    _ => Exception::InvalidInput,
                },
                e.to_string(),
            ),
            NativeError::Panic(what) => (
                Exception::Internal,
                format!("internal error in rustybt_native (please report it): {what}"),
            ),
        };
        Python::attach(|py| exception.err(py, message))
    }
}

macro_rules! native_error_from {
    ($($core:ty => $variant:ident),* $(,)?) => {$(
        impl From<$core> for NativeError {
            fn from(error: $core) -> Self {
                NativeError::$variant(error)
            }
        }
    )*};
}

native_error_from!(
    DecimalError => Decimal,
    MetricsError => Metrics,
    IndicatorError => Indicator,
    AggregationError => Aggregation,
);

/// Runs a kernel with the GIL released, turning its error, or a panic, into a [`NativeError`].
///
/// Catching the panic here keeps PyO3's `PanicException` (a `BaseException` that `except
/// Exception` does not catch) from ever reaching the caller.
pub fn run_detached<T, E, F>(py: Python<'_>, kernel: F) -> Result<T, NativeError>
where
    T: Send,
    E: Into<NativeError> + Send,
    F: FnOnce() -> Result<T, E> + Send,
{
    py.detach(|| run_small(kernel))
}

/// Runs a kernel with the GIL held, turning its error, or a panic, into a [`NativeError`]:
/// [`run_detached`] without the release, for kernels too small to be worth it (a single order:
/// the release and re-acquisition would cost more than the work).
pub fn run_small<T, E, F>(kernel: F) -> Result<T, NativeError>
where
    E: Into<NativeError>,
    F: FnOnce() -> Result<T, E>,
{
    match catch_unwind(AssertUnwindSafe(kernel)) {
        Ok(result) => result.map_err(Into::into),
        Err(payload) => Err(NativeError::Panic(
            payload
                .downcast_ref::<&str>()
                .map(|s| (*s).to_owned())
                .or_else(|| payload.downcast_ref::<String>().cloned())
                .unwrap_or_else(|| "a Rust panic".to_owned()),
        )),
    }
}
