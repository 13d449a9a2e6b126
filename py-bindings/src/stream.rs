//! Streaming indicators: one Python class per state machine of `rustybt-indicators`.
//!
//! Each class owns the very state machine the batch functions drive, so feeding a series one
//! value at a time gives the batch output bit for bit. `update` is kept minimal (floats in, a
//! float out, no GIL release: a single update costs less than releasing it). Pickling saves the
//! constructor arguments and the state machine's [`Snapshot`].

use std::borrow::Cow;

use numpy::{
    AllowTypeChange, IntoPyArray, PyArray1, PyArrayLike1, PyArrayMethods, PyUntypedArrayMethods,
};
use pyo3::prelude::*;
use pyo3::sync::PyOnceLock;
use pyo3::types::{PyBytes, PyDict, PyTuple};

use rustybt_indicators::{
    with_fma, AtcKama, Atr, Bbands, Cci, Crossings, Dema, Ema, EmaSeed, EquityCurve, EquityParams,
    IndicatorError, Kama, Macd, Mom, NanPolicy, Natr, Obv, Roc, Rsi, SavedState, SignalPersistence,
    Sma, Snapshot, Stddev, Tema, TrueRange, Wma,
};

// issue 8: streaming classes of the remaining batch indicators
use rustybt_indicators::{
    Adx, Hma, Lsma, MaType, Mfi, Midpoint, RateOfChange, Stoch, Trima, Willr,
};

use crate::errors::{run_detached, Exception, NativeError};

/// A state machine with `K` inputs per step, as the Python classes drive it.
pub trait Machine<const K: usize>: Snapshot + Clone + Send + std::fmt::Debug {
    type Out: Output;
    fn step(&mut self, input: [f64; K]) -> Self::Out;
    fn clear(&mut self);
}

/// One output (a float) or three (MACD's lines, Bollinger's bands).
pub trait Output: Copy + Send + std::fmt::Debug + for<'py> IntoPyObject<'py> {
    const LINES: usize;
    fn warm() -> Self;
    /// The first line is a number (all lines are, once the warm-up is over).
    fn is_number(&self) -> bool;
    fn push_to(&self, out: &mut Vec<f64>);
    /// Writes the lines to the front of `out` (at least `LINES` long); returns `LINES`.
    fn write_to(&self, out: &mut [f64]) -> usize;
    fn read(saved: &mut SavedState<'_>) -> Result<Self, IndicatorError>;
    /// Lines collected by [`Output::push_to`], `LINES` values per step, as numpy arrays.
    fn lines_to_python(py: Python<'_>, flat: Vec<f64>) -> PyResult<Bound<'_, PyAny>>;
}

impl Output for f64 {
    const LINES: usize = 1;
    fn warm() -> Self {
        f64::NAN
    }
    fn is_number(&self) -> bool {
        !self.is_nan()
    }
    fn push_to(&self, out: &mut Vec<f64>) {
        out.push(*self);
    }
    #[inline]
    fn write_to(&self, out: &mut [f64]) -> usize {
        out[0] = *self;
        1
    }
    fn read(saved: &mut SavedState<'_>) -> Result<Self, IndicatorError> {
        saved.float()
    }
    fn lines_to_python(py: Python<'_>, flat: Vec<f64>) -> PyResult<Bound<'_, PyAny>> {
        Ok(flat.into_pyarray(py).into_any())
    }
}

type Lines = (f64, f64, f64);

impl Output for Lines {
    const LINES: usize = 3;
    fn warm() -> Self {
        (f64::NAN, f64::NAN, f64::NAN)
    }
    fn is_number(&self) -> bool {
        !self.0.is_nan()
    }
    fn push_to(&self, out: &mut Vec<f64>) {
        out.extend([self.0, self.1, self.2]);
    }
    #[inline]
    fn write_to(&self, out: &mut [f64]) -> usize {
        out[..3].copy_from_slice(&[self.0, self.1, self.2]);
        3
    }
    fn read(saved: &mut SavedState<'_>) -> Result<Self, IndicatorError> {
        Ok((saved.float()?, saved.float()?, saved.float()?))
    }
    fn lines_to_python(py: Python<'_>, flat: Vec<f64>) -> PyResult<Bound<'_, PyAny>> {
        let line = |k: usize| {
            flat.iter()
                .skip(k)
                .step_by(3)
                .copied()
                .collect::<Vec<f64>>()
        };
        let arrays = (
            line(0).into_pyarray(py),
            line(1).into_pyarray(py),
            line(2).into_pyarray(py),
        );
        Ok(arrays.into_pyobject(py)?.into_any())
    }
}

/// Two lines (STOCH's slow %K and %D).
type Pair = (f64, f64);

impl Output for Pair {
    const LINES: usize = 2;
    fn warm() -> Self {
        (f64::NAN, f64::NAN)
    }
    fn is_number(&self) -> bool {
        !self.0.is_nan()
    }
    fn push_to(&self, out: &mut Vec<f64>) {
        out.extend([self.0, self.1]);
    }
    #[inline]
    fn write_to(&self, out: &mut [f64]) -> usize {
        out[..2].copy_from_slice(&[self.0, self.1]);
        2
    }
    fn read(saved: &mut SavedState<'_>) -> Result<Self, IndicatorError> {
        Ok((saved.float()?, saved.float()?))
    }
    fn lines_to_python(py: Python<'_>, flat: Vec<f64>) -> PyResult<Bound<'_, PyAny>> {
        let line = |k: usize| {
            flat.iter()
                .skip(k)
                .step_by(2)
                .copied()
                .collect::<Vec<f64>>()
        };
        let arrays = (line(0).into_pyarray(py), line(1).into_pyarray(py));
        Ok(arrays.into_pyobject(py)?.into_any())
    }
}

macro_rules! machine {
    ($k:literal, $out:ty: $($state:ty),* => |$s:ident, $input:pat_param| $step:expr) => {$(
        impl Machine<$k> for $state {
            type Out = $out;
            // Inlined into the FMA-enabled callers (`with_fma`): a `mul_add` compiled for the
            // baseline target is a software call.
            #[inline(always)]
            fn step(&mut self, $input: [f64; $k]) -> $out {
                let $s = self;
                $step
            }
            fn clear(&mut self) {
                self.reset();
            }
        }
    )*};
}

machine!(1, f64: Sma, Ema, Wma, Dema, Tema, Rsi, Kama, Mom, Roc, Stddev, AtcKama => |s, [v]| s.update(v));
machine!(1, Lines: Macd, Bbands => |s, [v]| {
    let [a, b, c] = s.update(v);
    (a, b, c)
});
machine!(3, f64: TrueRange, Atr, Natr, Cci => |s, [h, l, c]| s.update(h, l, c));
machine!(2, f64: Obv => |s, [c, v]| s.update(c, v));
machine!(2, f64: EquityCurve => |s, [r, p]| s.update(r, p));
machine!(1, f64: RateOfChange, Lsma, Trima, Midpoint, Hma => |s, [v]| s.update(v));
machine!(4, f64: Mfi => |s, [h, l, c, v]| s.update(h, l, c, v));
machine!(3, f64: Willr, Adx => |s, [h, l, c]| s.update(h, l, c));
machine!(3, Pair: Stoch => |s, [h, l, c]| {
    let [k, d] = s.update(h, l, c);
    (k, d)
});

/// What every streaming class holds: the state machine, its last output, and whether the
/// warm-up is over.
#[derive(Debug, Clone)]
pub struct Live<S: Machine<K>, const K: usize> {
    pub state: S,
    pub last: S::Out,
    pub ready: bool,
}

fn infinite(py: Python<'_>, name: &str, value: f64) -> PyErr {
    Exception::InvalidInput.err(
        py,
        format!("{name} is {value}: infinite values are not allowed (NaN marks a missing value)"),
    )
}

impl<S: Machine<K>, const K: usize> Live<S, K> {
    fn new(state: S) -> Self {
        Self {
            state,
            last: S::Out::warm(),
            ready: false,
        }
    }

    #[inline]
    fn update(&mut self, py: Python<'_>, names: [&str; K], input: [f64; K]) -> PyResult<S::Out> {
        for (name, value) in names.iter().zip(input) {
            if value.is_infinite() {
                return Err(infinite(py, name, value));
            }
        }
        Ok(with_fma(
            #[inline(always)]
            || self.step(input),
        ))
    }

    /// Feeds an input already checked finite (a pipeline checks its value once for all).
    #[inline(always)]
    fn step(&mut self, input: [f64; K]) -> S::Out {
        let out = self.state.step(input);
        self.ready |= out.is_number();
        self.last = out;
        out
    }

    // `i` indexes every input series at once, so a range loop is the plain form here.
    #[allow(clippy::needless_range_loop)]
    fn update_many<'py>(
        &mut self,
        py: Python<'py>,
        names: [&'static str; K],
        arrays: [&PyArrayLike1<'py, f64, AllowTypeChange>; K],
    ) -> PyResult<Bound<'py, PyAny>> {
        let series: Vec<Cow<'_, [f64]>> = arrays
            .iter()
            .map(|a| match a.as_slice() {
                Ok(slice) => Cow::Borrowed(slice),
                Err(_) => Cow::Owned(a.as_array().to_vec()),
            })
            .collect();
        let len = series[0].len();
        for (name, values) in names.iter().zip(&series).skip(1) {
            if values.len() != len {
                return Err(NativeError::from(IndicatorError::LengthMismatch {
                    left: names[0],
                    right: name,
                    left_len: len,
                    right_len: values.len(),
                })
                .into());
            }
        }
        for (name, values) in names.iter().zip(&series) {
            if let Some(index) = values.iter().position(|v| v.is_infinite()) {
                return Err(NativeError::from(IndicatorError::NonFinite {
                    name,
                    index,
                    value: values[index],
                })
                .into());
            }
        }
        let flat = run_detached(py, || {
            let mut flat = Vec::with_capacity(len * S::Out::LINES);
            with_fma(
                #[inline(always)]
                || {
                    for i in 0..len {
                        let out = self.state.step(std::array::from_fn(|k| series[k][i]));
                        self.ready |= out.is_number();
                        self.last = out;
                        out.push_to(&mut flat);
                    }
                },
            );
            Ok::<_, NativeError>(flat)
        })?;
        S::Out::lines_to_python(py, flat)
    }

    fn reset(&mut self) {
        self.state.clear();
        self.last = S::Out::warm();
        self.ready = false;
    }

    /// The last output, the warm-up flag, then the state machine's state, as little-endian f64.
    fn state_bytes<'py>(&self, py: Python<'py>) -> Bound<'py, PyBytes> {
        let mut saved = Vec::new();
        self.last.push_to(&mut saved);
        saved.push(if self.ready { 1.0 } else { 0.0 });
        self.state.save(&mut saved);
        bytes_of(py, &saved)
    }

    fn restore(&mut self, bytes: &[u8]) -> PyResult<()> {
        let saved = floats_of(bytes)?;
        let mut reader = SavedState::new(&saved);
        let read = |reader: &mut SavedState<'_>| -> Result<_, IndicatorError> {
            let last = S::Out::read(reader)?;
            let ready = reader.flag()?;
            let mut state = self.state.clone();
            state.load(reader)?;
            reader.finish()?;
            Ok((last, ready, state))
        };
        let (last, ready, state) = read(&mut reader).map_err(NativeError::from)?;
        self.state = state;
        self.last = last;
        self.ready = ready;
        Ok(())
    }
}

/// A pickled state: little-endian f64s, as `__reduce__` writes them.
fn floats_of(bytes: &[u8]) -> PyResult<Vec<f64>> {
    if bytes.len() % 8 != 0 {
        return Err(NativeError::from(IndicatorError::InvalidState {
            reason: "it is not a whole number of floats",
        })
        .into());
    }
    Ok(bytes
        .chunks_exact(8)
        .map(|c| f64::from_le_bytes(std::array::from_fn(|i| c[i])))
        .collect())
}

/// `saved` as the bytes of a pickled state (read back by [`floats_of`]).
fn bytes_of<'py>(py: Python<'py>, saved: &[f64]) -> Bound<'py, PyBytes> {
    let bytes: Vec<u8> = saved.iter().flat_map(|v| v.to_le_bytes()).collect();
    PyBytes::new(py, &bytes)
}

/// `copyreg.__newobj_ex__`: pickles call `cls.__new__(cls, *args, **kwargs)` with it, so
/// keyword-only parameters survive the round trip.
fn newobj_ex(py: Python<'_>) -> PyResult<&Bound<'_, PyAny>> {
    static NEWOBJ_EX: PyOnceLock<Py<PyAny>> = PyOnceLock::new();
    NEWOBJ_EX.import(py, "copyreg", "__newobj_ex__")
}

/// A count parameter given as a Python int: negative values get the message a too-small one
/// gets from the core crate.
fn count(py: Python<'_>, name: &str, value: i64, min: usize) -> PyResult<usize> {
    usize::try_from(value).map_err(|_| {
        Exception::InvalidParameter.err(py, format!("{name} must be >= {min}, got {value}"))
    })
}

fn policy(name: &str) -> PyResult<NanPolicy> {
    Ok(name.parse().map_err(NativeError::from)?)
}

fn core<T>(result: Result<T, IndicatorError>) -> PyResult<T> {
    Ok(result.map_err(NativeError::from)?)
}

macro_rules! stream_class {
    (
        $(#[$doc:meta])*
        $class:ident = $name:literal, $state:ty, $k:literal,
        update($($input:ident),+), update_many($($many:ident),+),
        signature ($($sig:tt)*),
        new($py:ident $(, $arg:ident: $ty:ty)*) => $build:expr,
        args($($pos:ident),*), kwargs($($kw:ident),*)
    ) => {
        $(#[$doc])*
        #[pyclass(name = $name, module = "rustybt_native._native")]
        #[derive(Debug)]
        pub struct $class {
            live: Live<$state, $k>,
            args: Py<PyTuple>,
            kwargs: Py<PyDict>,
        }

        #[pymethods]
        impl $class {
            #[new]
            #[pyo3(signature = ($($sig)*))]
            fn new($py: Python<'_> $(, $arg: $ty)*) -> PyResult<Self> {
                let state: $state = $build;
                let args = ($($pos,)*).into_pyobject($py)?.unbind();
                let kwargs = PyDict::new($py);
                $(kwargs.set_item(stringify!($kw), $kw)?;)*
                Ok(Self { live: Live::new(state), args, kwargs: kwargs.unbind() })
            }

            /// Feeds the next bar (or value) and returns the new output, NaN during the
            /// warm-up.
            #[inline]
            #[pyo3(signature = ($($input),+, /))]
            fn update(
                &mut self,
                py: Python<'_>,
                $($input: f64),+
            ) -> PyResult<<$state as Machine<$k>>::Out> {
                self.live.update(py, [$(stringify!($input)),+], [$($input),+])
            }

            /// Feeds a whole series; returns what the batch function gives on it (after the
            /// values already fed).
            fn update_many<'py>(
                &mut self,
                py: Python<'py>,
                $($many: PyArrayLike1<'py, f64, AllowTypeChange>),+
            ) -> PyResult<Bound<'py, PyAny>> {
                self.live.update_many(py, [$(stringify!($many)),+], [$(&$many),+])
            }

            /// The last output (NaN before the first).
            #[getter]
            fn value(&self) -> <$state as Machine<$k>>::Out {
                self.live.last
            }

            /// Whether the warm-up is over: an update has returned a number since the start or
            /// the last reset.
            #[getter]
            fn is_ready(&self) -> bool {
                self.live.ready
            }

            /// Forgets every value seen, keeping the parameters.
            fn reset(&mut self) {
                self.live.reset();
            }

            fn __reduce__<'py>(&self, py: Python<'py>) -> PyResult<Bound<'py, PyTuple>> {
                let rebuild = (
                    py.get_type::<Self>(),
                    self.args.clone_ref(py),
                    self.kwargs.clone_ref(py),
                );
                (newobj_ex(py)?, rebuild, self.live.state_bytes(py)).into_pyobject(py)
            }

            fn __setstate__(&mut self, state: &[u8]) -> PyResult<()> {
                self.live.restore(state)
            }

            fn __repr__(&self, py: Python<'_>) -> PyResult<String> {
                let mut parts: Vec<String> = Vec::new();
                for arg in self.args.bind(py).iter() {
                    parts.push(arg.repr()?.to_string());
                }
                for (key, value) in self.kwargs.bind(py).iter() {
                    parts.push(format!("{}={}", key, value.repr()?));
                }
                Ok(format!("{}({})", $name, parts.join(", ")))
            }
        }
    };
}

stream_class!(
    /// Streaming simple moving average (TA-Lib's SMA), bit for bit the batch `sma`.
    StreamSma = "SMA", Sma, 1, update(value), update_many(values),
    signature (period, *, nan_policy="propagate"),
    new(py, period: i64, nan_policy: &str) =>
        core(Sma::new(count(py, "period", period, 1)?, policy(nan_policy)?))?,
    args(period), kwargs(nan_policy)
);

stream_class!(
    /// Streaming exponential moving average, bit for bit the batch `ema`.
    StreamEma = "EMA", Ema, 1, update(value), update_many(values),
    signature (period, *, seed="sma", nan_policy="propagate"),
    new(py, period: i64, seed: &str, nan_policy: &str) => core(Ema::new(
        count(py, "period", period, 1)?,
        core(seed.parse::<EmaSeed>())?,
        policy(nan_policy)?,
    ))?,
    args(period), kwargs(seed, nan_policy)
);

stream_class!(
    /// Streaming weighted moving average, bit for bit the batch `wma`.
    StreamWma = "WMA", Wma, 1, update(value), update_many(values),
    signature (period, *, nan_policy="propagate"),
    new(py, period: i64, nan_policy: &str) =>
        core(Wma::new(count(py, "period", period, 1)?, policy(nan_policy)?))?,
    args(period), kwargs(nan_policy)
);

stream_class!(
    /// Streaming double EMA, bit for bit the batch `dema`.
    StreamDema = "DEMA", Dema, 1, update(value), update_many(values),
    signature (period=30, *, nan_policy="propagate"),
    new(py, period: i64, nan_policy: &str) =>
        core(Dema::new(count(py, "period", period, 1)?, policy(nan_policy)?))?,
    args(period), kwargs(nan_policy)
);

stream_class!(
    /// Streaming triple EMA, bit for bit the batch `tema`.
    StreamTema = "TEMA", Tema, 1, update(value), update_many(values),
    signature (period=30, *, nan_policy="propagate"),
    new(py, period: i64, nan_policy: &str) =>
        core(Tema::new(count(py, "period", period, 1)?, policy(nan_policy)?))?,
    args(period), kwargs(nan_policy)
);

stream_class!(
    /// Streaming relative strength index (Wilder), bit for bit the batch `rsi`.
    StreamRsi = "RSI", Rsi, 1, update(value), update_many(values),
    signature (period=14, *, nan_policy="propagate"),
    new(py, period: i64, nan_policy: &str) =>
        core(Rsi::new(count(py, "period", period, 2)?, policy(nan_policy)?))?,
    args(period), kwargs(nan_policy)
);

stream_class!(
    /// Streaming MACD: `(macd, signal, hist)` per value, bit for bit the batch `macd`.
    StreamMacd = "MACD", Macd, 1, update(value), update_many(values),
    signature (fast=12, slow=26, signal=9, *, nan_policy="propagate"),
    new(py, fast: i64, slow: i64, signal: i64, nan_policy: &str) => core(Macd::new(
        count(py, "fast", fast, 2)?,
        count(py, "slow", slow, 2)?,
        count(py, "signal", signal, 1)?,
        policy(nan_policy)?,
    ))?,
    args(fast, slow, signal), kwargs(nan_policy)
);

stream_class!(
    /// Streaming Bollinger bands: `(upper, middle, lower)` per value, bit for bit the batch
    /// `bbands`.
    StreamBbands = "BBands", Bbands, 1, update(value), update_many(values),
    signature (period=5, nbdev_up=2.0, nbdev_dn=2.0, *, nan_policy="propagate"),
    new(py, period: i64, nbdev_up: f64, nbdev_dn: f64, nan_policy: &str) => core(Bbands::new(
        count(py, "period", period, 2)?,
        nbdev_up,
        nbdev_dn,
        policy(nan_policy)?,
    ))?,
    args(period, nbdev_up, nbdev_dn), kwargs(nan_policy)
);

stream_class!(
    /// Streaming average true range, bit for bit the batch `atr`.
    StreamAtr = "ATR", Atr, 3, update(high, low, close), update_many(high, low, close),
    signature (period=14, *, nan_policy="propagate"),
    new(py, period: i64, nan_policy: &str) =>
        core(Atr::new(count(py, "period", period, 1)?, policy(nan_policy)?))?,
    args(period), kwargs(nan_policy)
);

stream_class!(
    /// Streaming normalized average true range, bit for bit the batch `natr`.
    StreamNatr = "NATR", Natr, 3, update(high, low, close), update_many(high, low, close),
    signature (period=14, *, nan_policy="propagate"),
    new(py, period: i64, nan_policy: &str) =>
        core(Natr::new(count(py, "period", period, 1)?, policy(nan_policy)?))?,
    args(period), kwargs(nan_policy)
);

stream_class!(
    /// Streaming true range, bit for bit the batch `trange`.
    StreamTrange = "TRange", TrueRange, 3, update(high, low, close),
    update_many(high, low, close),
    signature (*, nan_policy="propagate"),
    new(_py, nan_policy: &str) => TrueRange::new(policy(nan_policy)?),
    args(), kwargs(nan_policy)
);

stream_class!(
    /// Streaming Kaufman adaptive moving average, bit for bit the batch `kama`.
    StreamKama = "KAMA", Kama, 1, update(value), update_many(values),
    signature (period=30, *, nan_policy="propagate"),
    new(py, period: i64, nan_policy: &str) =>
        core(Kama::new(count(py, "period", period, 1)?, policy(nan_policy)?))?,
    args(period), kwargs(nan_policy)
);

stream_class!(
    /// Streaming momentum, bit for bit the batch `mom`.
    StreamMom = "MOM", Mom, 1, update(value), update_many(values),
    signature (period=10, *, nan_policy="propagate"),
    new(py, period: i64, nan_policy: &str) =>
        core(Mom::new(count(py, "period", period, 1)?, policy(nan_policy)?))?,
    args(period), kwargs(nan_policy)
);

stream_class!(
    /// Streaming rate of change in percent, bit for bit the batch `roc`.
    StreamRoc = "ROC", Roc, 1, update(value), update_many(values),
    signature (period=10, *, nan_policy="propagate"),
    new(py, period: i64, nan_policy: &str) =>
        core(Roc::new(count(py, "period", period, 1)?, policy(nan_policy)?))?,
    args(period), kwargs(nan_policy)
);

stream_class!(
    /// Streaming standard deviation, bit for bit the batch `stddev`.
    StreamStddev = "StdDev", Stddev, 1, update(value), update_many(values),
    signature (period=5, nbdev=1.0, *, nan_policy="propagate"),
    new(py, period: i64, nbdev: f64, nan_policy: &str) => core(Stddev::new(
        count(py, "period", period, 2)?,
        nbdev,
        policy(nan_policy)?,
    ))?,
    args(period, nbdev), kwargs(nan_policy)
);

stream_class!(
    /// Streaming commodity channel index, bit for bit the batch `cci`.
    StreamCci = "CCI", Cci, 3, update(high, low, close), update_many(high, low, close),
    signature (period=14, *, nan_policy="propagate"),
    new(py, period: i64, nan_policy: &str) =>
        core(Cci::new(count(py, "period", period, 2)?, policy(nan_policy)?))?,
    args(period), kwargs(nan_policy)
);

stream_class!(
    /// Streaming on-balance volume, bit for bit the batch `obv`.
    StreamObv = "OBV", Obv, 2, update(close, volume), update_many(close, volume),
    signature (*, nan_policy="propagate"),
    new(_py, nan_policy: &str) => Obv::new(policy(nan_policy)?),
    args(), kwargs(nan_policy)
);

macro_rules! members {
    ($($variant:ident => $class:ident),* $(,)?) => {
        /// A pipeline's own copy of a single-input streaming indicator: its state machine and
        /// the constructor arguments (to hand the indicator back as a Python object).
        #[derive(Debug)]
        enum Member {
            $($variant(
                Live<<$class as HasState>::State, 1>,
                Py<PyTuple>,
                Py<PyDict>,
            )),*
        }

        impl Member {
            /// A copy of `object`'s parameters and current state, or `None` when it is not a
            /// single-input streaming indicator.
            fn copy(object: &Bound<'_, PyAny>) -> PyResult<Option<Self>> {
                let py = object.py();
                $(if let Ok(member) = object.cast::<$class>() {
                    let member = member.try_borrow()?;
                    return Ok(Some(Member::$variant(
                        member.live.clone(),
                        member.args.clone_ref(py),
                        member.kwargs.clone_ref(py),
                    )));
                })*
                Ok(None)
            }

            fn lines(&self) -> usize {
                match self {
                    $(Member::$variant(..) => {
                        <<$class as HasOutput>::Out as Output>::LINES
                    })*
                }
            }

            /// Feeds a finite `value` (the pipeline checks it) and writes the outputs to the
            /// front of `out`; returns how many it wrote.
            #[inline(always)]
            fn update(&mut self, value: f64, out: &mut [f64]) -> usize {
                match self {
                    $(Member::$variant(live, ..) => live.step([value]).write_to(out),)*
                }
            }

            fn reset(&mut self) {
                match self {
                    $(Member::$variant(live, ..) => live.reset(),)*
                }
            }

            /// A new Python object holding a copy of this member's current state.
            fn object<'py>(&self, py: Python<'py>) -> PyResult<Bound<'py, PyAny>> {
                match self {
                    $(Member::$variant(live, args, kwargs) => Ok(Bound::new(
                        py,
                        $class {
                            live: live.clone(),
                            args: args.clone_ref(py),
                            kwargs: kwargs.clone_ref(py),
                        },
                    )?
                    .into_any()),)*
                }
            }
        }

        $(impl HasOutput for $class {
            type Out = <<$class as HasState>::State as Machine<1>>::Out;
        })*
    };
}

/// The output type of a streaming class (for the pipeline's width).
trait HasOutput {
    type Out: Output;
}

/// The state machine type of a streaming class.
trait HasState {
    type State: Machine<1>;
}

macro_rules! has_state {
    ($($class:ident: $state:ty),* $(,)?) => {$(
        impl HasState for $class {
            type State = $state;
        }
    )*};
}

has_state!(
    StreamSma: Sma,
    StreamEma: Ema,
    StreamWma: Wma,
    StreamDema: Dema,
    StreamTema: Tema,
    StreamRsi: Rsi,
    StreamMacd: Macd,
    StreamBbands: Bbands,
    StreamKama: Kama,
    StreamMom: Mom,
    StreamRoc: Roc,
    StreamStddev: Stddev,
    StreamAtcKama: AtcKama,
    StreamRateOfChange: RateOfChange,
    StreamLsma: Lsma,
    StreamTrima: Trima,
    StreamMidpoint: Midpoint,
    StreamHma: Hma,
);

members!(
    Sma => StreamSma,
    Ema => StreamEma,
    Wma => StreamWma,
    Dema => StreamDema,
    Tema => StreamTema,
    Rsi => StreamRsi,
    Macd => StreamMacd,
    Bbands => StreamBbands,
    Kama => StreamKama,
    Mom => StreamMom,
    Roc => StreamRoc,
    Stddev => StreamStddev,
    AtcKama => StreamAtcKama,
    RateOfChange => StreamRateOfChange,
    Lsma => StreamLsma,
    Trima => StreamTrima,
    Midpoint => StreamMidpoint,
    Hma => StreamHma,
);

/// Several single-input streaming indicators over the same series, updated in one call: one
/// boundary crossing per bar instead of one per indicator. The pipeline owns copies of the
/// indicators it is given (their parameters and their state at that moment): sharing them would
/// cost an atomic borrow of each Python object on every bar, more than the update itself.
#[pyclass(name = "Pipeline", module = "rustybt_native._native")]
#[derive(Debug)]
pub struct StreamPipeline {
    members: Vec<Member>,
    /// The outputs of the last update, side by side.
    row: Vec<f64>,
    /// The last two arrays returned: one is reused when no one else holds it any more (in
    /// `row = pipeline.update(v)` the previous row is still held during the call, hence two).
    returned: [Option<Py<PyArray1<f64>>>; 2],
    /// The address of each returned array's dtype object when it was created.
    descrs: [usize; 2],
    /// The slot a new array replaces when neither can be reused.
    next: usize,
}

/// NumPy's flags of `array`: owns its data, writeable, C-contiguous.
const REUSABLE: i32 = numpy::npyffi::NPY_ARRAY_OWNDATA
    | numpy::npyffi::NPY_ARRAY_WRITEABLE
    | numpy::npyffi::NPY_ARRAY_C_CONTIGUOUS;

impl StreamPipeline {
    /// An array holding `self.row`: one of the last two returned when this pipeline's
    /// reference is the only one left, else a new one.
    fn output<'py>(&mut self, py: Python<'py>) -> Bound<'py, PyArray1<f64>> {
        for (slot, created) in self.returned.iter().zip(self.descrs) {
            let Some(slot) = slot else { continue };
            let array = slot.bind(py);
            // SAFETY: `array` is a live object (we hold a reference); reading its reference
            // count is what `sys.getrefcount` does.
            #[allow(unsafe_code)]
            let references = unsafe { pyo3::ffi::Py_REFCNT(array.as_ptr()) };
            if references != 1 || !self.reusable(array, created) {
                continue;
            }
            // SAFETY: the reference count is 1 and it is ours, so no Python object (a view, a
            // memoryview, an extension holding the array while it runs without the GIL) can
            // read or write this array, and no Python code runs while we hold the GIL; the
            // array owns its data (OWNDATA), is writeable, C-contiguous, one-dimensional
            // float64 of `row.len()` values (checked by `reusable`).
            #[allow(unsafe_code)]
            let data = unsafe { array.as_slice_mut() };
            if let Ok(data) = data {
                data.copy_from_slice(&self.row);
                return array.clone();
            }
        }
        let array = PyArray1::from_slice(py, &self.row);
        // SAFETY: `array` was just created, a live NumPy array; reading its `descr` field is
        // what NumPy's PyArray_DESCR macro does.
        #[allow(unsafe_code)]
        let descr = unsafe { (*array.as_array_ptr()).fields.descr as usize };
        self.returned[self.next] = Some(array.clone().unbind());
        self.descrs[self.next] = descr;
        self.next ^= 1;
        array
    }

    /// Whether a returned array is still what it was (a holder may have changed its dtype,
    /// shape or flags in place before letting it go): one-dimensional, as long as the row,
    /// the dtype object it was created with (NumPy's float64 singleton; a `.dtype` or `.shape`
    /// assignment replaces it or the dimensions), owning, writeable and C-contiguous.
    fn reusable(&self, array: &Bound<'_, PyArray1<f64>>, created: usize) -> bool {
        // SAFETY: `array` is a live NumPy array (the pipeline created it and holds a reference
        // to it), so its object struct is valid to read; reading `nd`, `dimensions[0]`,
        // `descr` and `flags` is what NumPy's PyArray_NDIM, PyArray_DIM, PyArray_DESCR and
        // PyArray_FLAGS macros do. `dimensions` is only read when `nd == 1`.
        #[allow(unsafe_code)]
        unsafe {
            let fields = &(*array.as_array_ptr()).fields;
            fields.nd == 1
                && *fields.dimensions == self.row.len() as isize
                && fields.descr as usize == created
                && fields.flags & REUSABLE == REUSABLE
        }
    }
}

#[pymethods]
impl StreamPipeline {
    #[new]
    fn new(py: Python<'_>, indicators: &Bound<'_, PyAny>) -> PyResult<Self> {
        let mut members = Vec::new();
        for object in indicators.try_iter()? {
            let object = object?;
            let member = Member::copy(&object)?.ok_or_else(|| {
                let kind = object
                    .get_type()
                    .name()
                    .map_or_else(|_| "?".to_owned(), |n| n.to_string());
                Exception::InputType.err(
                    py,
                    format!(
                        "Pipeline takes single-input streaming indicators (SMA, EMA, MACD, ...), \
                         got {kind}"
                    ),
                )
            })?;
            members.push(member);
        }
        let width = members.iter().map(Member::lines).sum();
        Ok(Self {
            members,
            row: vec![f64::NAN; width],
            returned: [None, None],
            descrs: [0, 0],
            next: 0,
        })
    }

    /// Feeds `value` to every indicator; returns their outputs side by side (three for MACD and
    /// BBands), as a float64 array. An array returned earlier that no one holds any more may be
    /// reused for it (a weak reference does not hold it).
    #[pyo3(signature = (value, /))]
    fn update<'py>(&mut self, py: Python<'py>, value: f64) -> PyResult<Bound<'py, PyArray1<f64>>> {
        if value.is_infinite() {
            return Err(infinite(py, "value", value));
        }
        let (members, row) = (&mut self.members, &mut self.row);
        with_fma(
            #[inline(always)]
            || {
                let mut at = 0;
                for member in members.iter_mut() {
                    at += member.update(value, &mut row[at..]);
                }
            },
        );
        Ok(self.output(py))
    }

    /// Number of outputs per update.
    #[getter]
    fn width(&self) -> usize {
        self.row.len()
    }

    /// Copies of the indicators as they are now, in order (new objects: updating them does not
    /// change the pipeline, nor the reverse).
    #[getter]
    fn indicators<'py>(&self, py: Python<'py>) -> PyResult<Vec<Bound<'py, PyAny>>> {
        self.members.iter().map(|m| m.object(py)).collect()
    }

    /// Resets every indicator.
    fn reset(&mut self) {
        for member in &mut self.members {
            member.reset();
        }
        self.row.fill(f64::NAN);
    }

    fn __len__(&self) -> usize {
        self.members.len()
    }

    fn __reduce__<'py>(&self, py: Python<'py>) -> PyResult<Bound<'py, PyTuple>> {
        let indicators = self.indicators(py)?;
        (py.get_type::<Self>(), (indicators,)).into_pyobject(py)
    }
}

/// An event given as a number: nonzero is true, 0 and NaN false (as the batch
/// `signal_persistence` reads numbers).
fn event(value: f64) -> bool {
    value != 0.0 && !value.is_nan()
}

/// Streaming signal persistence: 1 after an up event, -1 after a down event, else the previous
/// signal (0 at first); up wins a tie. Bit for bit the batch `signal_persistence`.
#[pyclass(name = "SignalPersistence", module = "rustybt_native._native")]
#[derive(Debug)]
pub struct StreamSignalPersistence {
    state: SignalPersistence,
    ready: bool,
}

#[pymethods]
impl StreamSignalPersistence {
    #[new]
    fn new() -> Self {
        Self {
            state: SignalPersistence::new(),
            ready: false,
        }
    }

    /// Feeds one bar's events and returns the signal.
    #[pyo3(signature = (up, down, /))]
    fn update(&mut self, up: f64, down: f64) -> i8 {
        self.ready = true;
        self.state.update(event(up), event(down))
    }

    /// Feeds whole event series; returns what the batch function gives on them.
    fn update_many<'py>(
        &mut self,
        py: Python<'py>,
        up: PyArrayLike1<'py, f64, AllowTypeChange>,
        down: PyArrayLike1<'py, f64, AllowTypeChange>,
    ) -> PyResult<Bound<'py, PyArray1<i8>>> {
        let (up, down) = (up.as_array(), down.as_array());
        if up.len() != down.len() {
            return Err(NativeError::from(IndicatorError::LengthMismatch {
                left: "up",
                right: "down",
                left_len: up.len(),
                right_len: down.len(),
            })
            .into());
        }
        let out: Vec<i8> = up
            .iter()
            .zip(down.iter())
            .map(|(&u, &d)| self.state.update(event(u), event(d)))
            .collect();
        self.ready |= !out.is_empty();
        Ok(out.into_pyarray(py))
    }

    /// The last signal (0 before the first update).
    #[getter]
    fn value(&self) -> i8 {
        // With no event the state machine returns its signal unchanged: read it from a copy.
        let mut current = self.state;
        current.update(false, false)
    }

    /// Whether a bar has been fed since the start or the last reset.
    #[getter]
    fn is_ready(&self) -> bool {
        self.ready
    }

    /// Back to 0.
    fn reset(&mut self) {
        self.state.reset();
        self.ready = false;
    }

    fn __reduce__<'py>(&self, py: Python<'py>) -> PyResult<Bound<'py, PyTuple>> {
        let mut saved = vec![if self.ready { 1.0 } else { 0.0 }];
        self.state.save(&mut saved);
        (py.get_type::<Self>(), (), bytes_of(py, &saved)).into_pyobject(py)
    }

    fn __setstate__(&mut self, state: &[u8]) -> PyResult<()> {
        let saved = floats_of(state)?;
        let mut reader = SavedState::new(&saved);
        let mut next = self.state;
        let ready = reader
            .flag()
            .and_then(|ready| next.load(&mut reader).map(|()| ready))
            .and_then(|ready| reader.finish().map(|()| ready))
            .map_err(NativeError::from)?;
        self.state = next;
        self.ready = ready;
        Ok(())
    }

    fn __repr__(&self) -> &'static str {
        "SignalPersistence()"
    }
}

/// The state of the crossing classes: the previous bar's pair, and the persisted signal
/// (`MaSignal`).
#[derive(Debug, Clone, Copy, Default)]
struct CrossState {
    crossings: Crossings,
    persistence: SignalPersistence,
}

impl Snapshot for CrossState {
    fn save(&self, out: &mut Vec<f64>) {
        self.crossings.save(out);
        self.persistence.save(out);
    }

    fn load(&mut self, saved: &mut SavedState<'_>) -> Result<(), IndicatorError> {
        self.crossings.load(saved)?;
        self.persistence.load(saved)
    }
}

macro_rules! crossing_class {
    (
        $(#[$doc:meta])*
        $class:ident = $name:literal, ($a:ident, $b:ident),
        |$state:ident, $over:ident, $under:ident| $signal:expr
    ) => {
        $(#[$doc])*
        #[pyclass(name = $name, module = "rustybt_native._native")]
        #[derive(Debug)]
        pub struct $class {
            state: CrossState,
            last: i8,
            ready: bool,
        }

        impl $class {
            #[inline]
            fn step(&mut self, a: f64, b: f64) -> i8 {
                let ($over, $under) = self.state.crossings.update(a, b);
                let $state = &mut self.state;
                let signal: i8 = $signal;
                self.last = signal;
                self.ready = true;
                signal
            }
        }

        #[pymethods]
        impl $class {
            #[new]
            fn new() -> Self {
                Self {
                    state: CrossState::default(),
                    last: 0,
                    ready: false,
                }
            }

            /// Feeds the next bar and returns its signal.
            #[pyo3(signature = ($a, $b, /))]
            fn update(&mut self, py: Python<'_>, $a: f64, $b: f64) -> PyResult<i8> {
                for (name, value) in [(stringify!($a), $a), (stringify!($b), $b)] {
                    if value.is_infinite() {
                        return Err(infinite(py, name, value));
                    }
                }
                Ok(self.step($a, $b))
            }

            /// Feeds whole series; returns what the batch function gives on them (after the
            /// bars already fed).
            fn update_many<'py>(
                &mut self,
                py: Python<'py>,
                $a: PyArrayLike1<'py, f64, AllowTypeChange>,
                $b: PyArrayLike1<'py, f64, AllowTypeChange>,
            ) -> PyResult<Bound<'py, PyArray1<i8>>> {
                let (left, right) = ($a.as_array(), $b.as_array());
                if left.len() != right.len() {
                    return Err(NativeError::from(IndicatorError::LengthMismatch {
                        left: stringify!($a),
                        right: stringify!($b),
                        left_len: left.len(),
                        right_len: right.len(),
                    })
                    .into());
                }
                for (name, values) in [(stringify!($a), &left), (stringify!($b), &right)] {
                    if let Some(index) = values.iter().position(|v| v.is_infinite()) {
                        return Err(NativeError::from(IndicatorError::NonFinite {
                            name,
                            index,
                            value: values[index],
                        })
                        .into());
                    }
                }
                let out: Vec<i8> = left
                    .iter()
                    .zip(right.iter())
                    .map(|(&a, &b)| self.step(a, b))
                    .collect();
                Ok(out.into_pyarray(py))
            }

            /// The last signal (0 before the first update).
            #[getter]
            fn value(&self) -> i8 {
                self.last
            }

            /// Whether a bar has been fed since the start or the last reset.
            #[getter]
            fn is_ready(&self) -> bool {
                self.ready
            }

            /// Forgets every bar seen.
            fn reset(&mut self) {
                *self = Self::new();
            }

            fn __reduce__<'py>(&self, py: Python<'py>) -> PyResult<Bound<'py, PyTuple>> {
                let mut saved = vec![f64::from(self.last), if self.ready { 1.0 } else { 0.0 }];
                self.state.save(&mut saved);
                (py.get_type::<Self>(), (), bytes_of(py, &saved)).into_pyobject(py)
            }

            fn __setstate__(&mut self, state: &[u8]) -> PyResult<()> {
                let saved = floats_of(state)?;
                let mut reader = SavedState::new(&saved);
                let mut next = self.state;
                let mut read = |reader: &mut SavedState<'_>| -> Result<(i8, bool), IndicatorError> {
                    let last = match reader.float()? {
                        1.0 => 1,
                        -1.0 => -1,
                        0.0 => 0,
                        _ => {
                            return Err(IndicatorError::InvalidState {
                                reason: "a signal is not -1, 0 or 1",
                            })
                        }
                    };
                    let ready = reader.flag()?;
                    next.load(reader)?;
                    reader.finish()?;
                    Ok((last, ready))
                };
                let (last, ready) = read(&mut reader).map_err(NativeError::from)?;
                self.state = next;
                self.last = last;
                self.ready = ready;
                Ok(())
            }

            fn __repr__(&self) -> &'static str {
                concat!($name, "()")
            }
        }
    };
}

crossing_class!(
    /// Streaming crossover: 1 at a bar where `a` crosses over `b` (TradingView's semantics),
    /// else 0; bit for bit the batch `crossover`.
    StreamCrossover = "Crossover", (a, b), |_state, over, _under| i8::from(over)
);

crossing_class!(
    /// Streaming crossunder: 1 at a bar where `a` crosses under `b`, else 0; bit for bit the
    /// batch `crossunder`.
    StreamCrossunder = "Crossunder", (a, b), |_state, _over, under| i8::from(under)
);

crossing_class!(
    /// Streaming moving-average signal: the persistence of the crossings of `price` and `ma`
    /// (1 after a cross over, -1 after a cross under, else the previous signal); bit for bit
    /// the batch `ma_signal`.
    StreamMaSignal = "MaSignal", (price, ma), |state, over, under| {
        state.persistence.update(over, under)
    }
);

stream_class!(
    /// Streaming ATC equity curve, bit for bit the batch `equity_curve`.
    StreamEquityCurve = "EquityCurve", EquityCurve, 2, update(returns, prev_signal),
    update_many(returns, prev_signal),
    signature (starting_equity=1.0, decay=0.0, cutout=0, floor=0.25),
    new(py, starting_equity: f64, decay: f64, cutout: i64, floor: f64) =>
        core(EquityCurve::new(EquityParams {
            starting_equity,
            decay,
            cutout: count(py, "cutout", cutout, 0)?,
            floor,
        }))?,
    args(starting_equity, decay, cutout, floor), kwargs()
);

stream_class!(
    /// Streaming ATC KAMA, bit for bit the batch `atc_kama`.
    StreamAtcKama = "ATCKama", AtcKama, 1, update(price), update_many(prices),
    signature (length=28, fast=0.666, slow=0.064),
    new(py, length: i64, fast: f64, slow: f64) =>
        core(AtcKama::new(count(py, "length", length, 1)?, fast, slow))?,
    args(length, fast, slow), kwargs()
);

stream_class!(
    /// Streaming simple fractional change, bit for bit the batch `rate_of_change`.
    StreamRateOfChange = "RateOfChange", RateOfChange, 1, update(value), update_many(values),
    signature (period=1, *, nan_policy="propagate"),
    new(py, period: i64, nan_policy: &str) =>
        core(RateOfChange::new(count(py, "period", period, 1)?, policy(nan_policy)?))?,
    args(period), kwargs(nan_policy)
);

stream_class!(
    /// Streaming money flow index, bit for bit the batch `mfi`.
    StreamMfi = "MFI", Mfi, 4, update(high, low, close, volume),
    update_many(high, low, close, volume),
    signature (period=14, *, nan_policy="propagate"),
    new(py, period: i64, nan_policy: &str) =>
        core(Mfi::new(count(py, "period", period, 2)?, policy(nan_policy)?))?,
    args(period), kwargs(nan_policy)
);

stream_class!(
    /// Streaming Williams' %R, bit for bit the batch `willr`.
    StreamWillr = "WILLR", Willr, 3, update(high, low, close), update_many(high, low, close),
    signature (period=14, *, nan_policy="propagate"),
    new(py, period: i64, nan_policy: &str) =>
        core(Willr::new(count(py, "period", period, 2)?, policy(nan_policy)?))?,
    args(period), kwargs(nan_policy)
);

stream_class!(
    /// Streaming average directional index, bit for bit the batch `adx`.
    StreamAdx = "ADX", Adx, 3, update(high, low, close), update_many(high, low, close),
    signature (period=14, *, nan_policy="propagate"),
    new(py, period: i64, nan_policy: &str) =>
        core(Adx::new(count(py, "period", period, 2)?, policy(nan_policy)?))?,
    args(period), kwargs(nan_policy)
);

stream_class!(
    /// Streaming least-squares moving average (TA-Lib's LINEARREG), bit for bit the batch `lsma`.
    StreamLsma = "LSMA", Lsma, 1, update(value), update_many(values),
    signature (period=14, *, nan_policy="propagate"),
    new(py, period: i64, nan_policy: &str) =>
        core(Lsma::new(count(py, "period", period, 2)?, policy(nan_policy)?))?,
    args(period), kwargs(nan_policy)
);

stream_class!(
    /// Streaming triangular moving average, bit for bit the batch `trima`.
    StreamTrima = "TRIMA", Trima, 1, update(value), update_many(values),
    signature (period=30, *, nan_policy="propagate"),
    new(py, period: i64, nan_policy: &str) =>
        core(Trima::new(count(py, "period", period, 1)?, policy(nan_policy)?))?,
    args(period), kwargs(nan_policy)
);

stream_class!(
    /// Streaming midpoint of the highest and lowest value, bit for bit the batch `midpoint`.
    StreamMidpoint = "MIDPOINT", Midpoint, 1, update(value), update_many(values),
    signature (period=14, *, nan_policy="propagate"),
    new(py, period: i64, nan_policy: &str) =>
        core(Midpoint::new(count(py, "period", period, 2)?, policy(nan_policy)?))?,
    args(period), kwargs(nan_policy)
);

stream_class!(
    /// Streaming Hull moving average, bit for bit the batch `hma`.
    StreamHma = "HMA", Hma, 1, update(value), update_many(values),
    signature (period, *, nan_policy="propagate"),
    new(py, period: i64, nan_policy: &str) =>
        core(Hma::new(count(py, "period", period, 2)?, policy(nan_policy)?))?,
    args(period), kwargs(nan_policy)
);

stream_class!(
    /// Streaming stochastic oscillator: `(slowk, slowd)` per bar, bit for bit the batch `stoch`.
    StreamStoch = "STOCH", Stoch, 3, update(high, low, close), update_many(high, low, close),
    signature (
        fastk_period=5,
        slowk_period=3,
        slowk_matype=0,
        slowd_period=3,
        slowd_matype=0,
        *,
        nan_policy="propagate"
    ),
    new(
        py,
        fastk_period: i64,
        slowk_period: i64,
        slowk_matype: i64,
        slowd_period: i64,
        slowd_matype: i64,
        nan_policy: &str
    ) => core(Stoch::new(
        count(py, "fastk_period", fastk_period, 1)?,
        count(py, "slowk_period", slowk_period, 1)?,
        core(MaType::from_code(slowk_matype, "slowk_matype"))?,
        count(py, "slowd_period", slowd_period, 1)?,
        core(MaType::from_code(slowd_matype, "slowd_matype"))?,
        policy(nan_policy)?,
    ))?,
    args(fastk_period, slowk_period, slowk_matype, slowd_period, slowd_matype),
    kwargs(nan_policy)
);
