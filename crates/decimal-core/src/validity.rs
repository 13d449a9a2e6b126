//! Null masks in Arrow's layout, borrowed rather than copied.

use crate::DecimalError;

/// A borrowed validity bitmap in Arrow's layout: bit `offset + i` (least significant bit first)
/// is 1 when value `i` is valid and 0 when it is null.
///
/// Borrowing the bytes lets an Arrow array's null buffer be read in place.
///
/// # Examples
/// ```
/// use rustybt_decimal::Validity;
/// // values 0 and 2 valid, value 1 null
/// let mask = Validity::new(&[0b0000_0101], 0, 3).unwrap();
/// assert!(mask.is_valid(0) && !mask.is_valid(1) && mask.is_valid(2));
/// ```
#[derive(Debug, Clone, Copy)]
pub struct Validity<'a> {
    bytes: &'a [u8],
    offset: usize,
    len: usize,
}

impl<'a> Validity<'a> {
    /// Wraps `bytes` holding `len` bits starting at bit `offset`.
    ///
    /// # Errors
    /// [`DecimalError::LengthMismatch`] if `bytes` is too short for `offset + len` bits.
    pub fn new(bytes: &'a [u8], offset: usize, len: usize) -> Result<Self, DecimalError> {
        let needed_bits = offset.saturating_add(len);
        if needed_bits.div_ceil(8) > bytes.len() {
            return Err(DecimalError::LengthMismatch {
                mask_len: (bytes.len() * 8).saturating_sub(offset),
                values_len: len,
            });
        }
        Ok(Self { bytes, offset, len })
    }

    /// Number of values the mask describes.
    pub fn len(&self) -> usize {
        self.len
    }

    /// True when the mask describes no values.
    pub fn is_empty(&self) -> bool {
        self.len == 0
    }

    /// Whether value `i` is valid (not null). `i` must be below [`len`](Self::len).
    #[inline]
    pub fn is_valid(&self, i: usize) -> bool {
        let bit = self.offset + i;
        self.bytes[bit / 8] & (1 << (bit % 8)) != 0
    }
}
