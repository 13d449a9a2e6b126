//! Borrowing numpy arrays as slices.

use numpy::{Element, PyReadonlyArray};
use pyo3::prelude::*;

use crate::errors::Exception;

/// The array's memory as a slice, without copying. The Python layer passes C-contiguous arrays;
/// anything else is refused rather than silently copied.
pub fn contiguous<'a, T: Element, D: numpy::ndarray::Dimension>(
    array: &'a PyReadonlyArray<'_, T, D>,
    name: &str,
) -> PyResult<&'a [T]> {
    array.as_slice().map_err(|_| {
        Exception::InvalidInput.err(array.py(), format!("{name} must be a C-contiguous array"))
    })
}
