"""Cases for ``rustybt_native.indicators``: rolling indicators over price columns."""

from __future__ import annotations

from functools import partial

import numpy as np
import numpy.typing as npt

from benches import data
from benches.core import Case, Impl, peer, rn_module, rn_pair, shape_label, sized_cases
from benches.profiles import Profile

SMA_PERIOD = 20
NUMPY_SMA = "numpy cumsum"


def cases(profile: Profile) -> list[Case]:
    """Cases of this module at the profile's sizes.

    Parameters
    ----------
    profile : Profile
        Sizes and matrix shapes to build.

    Returns
    -------
    list of Case
        ``indicators.sma`` on one price column per size, then on a (time x assets) matrix per
        shape.
    """
    one_column = sized_cases(
        profile.sizes,
        group="indicators.sma",
        variant="[1d]",
        table=f"indicators.sma - 1-D prices, period {SMA_PERIOD}",
        baseline=NUMPY_SMA,
        build=_sma_1d_impls,
    )
    matrix = [
        Case(
            name=f"indicators.sma[2d]/{shape_label(shape)}",
            group="indicators.sma",
            table=f"indicators.sma - 2-D prices (time x assets), period {SMA_PERIOD}",
            size=shape[0] * shape[1],
            shape=shape,
            baseline=NUMPY_SMA,
            build=partial(_sma_2d_impls, shape),
        )
        for shape in profile.matrix_shapes
    ]
    return one_column + matrix


def numpy_sma(values: npt.NDArray[np.float64], period: int) -> npt.NDArray[np.float64]:
    """Simple moving average along axis 0 from a cumulative sum, NaN for the first period - 1 rows.

    Parameters
    ----------
    values : ndarray of float64
        1-D prices or a (time x assets) matrix.
    period : int
        Window length.

    Returns
    -------
    ndarray of float64
        The averages, shaped like ``values``.
    """
    sums = np.cumsum(values, axis=0)
    out = np.full_like(values, np.nan)
    out[period - 1] = sums[period - 1]
    out[period:] = sums[period:] - sums[:-period]
    out[period - 1 :] /= period
    return out


def _to_numpy(frame: object) -> object:
    """A pandas Series or DataFrame as its ndarray."""
    return frame.to_numpy()  # type: ignore[attr-defined]


def _sma_1d_impls(n: int) -> dict[str, Impl]:
    indicators = rn_module("indicators")
    prices = data.prices(n)
    impls = rn_pair("1-D", lambda: indicators.sma(prices, SMA_PERIOD))
    impls[NUMPY_SMA] = Impl(partial(numpy_sma, prices, SMA_PERIOD), "numpy")
    impls["talib.SMA"] = peer("talib", lambda talib: partial(talib.SMA, prices, SMA_PERIOD))
    impls["pandas rolling.mean"] = peer(
        "pandas",
        lambda pd: lambda: pd.Series(prices).rolling(SMA_PERIOD).mean(),
        normalize=_to_numpy,
    )
    return impls


def _sma_2d_impls(shape: tuple[int, int]) -> dict[str, Impl]:
    indicators = rn_module("indicators")
    prices = data.price_matrix(*shape)
    impls = rn_pair("2-D", lambda: indicators.sma(prices, SMA_PERIOD))
    impls[NUMPY_SMA] = Impl(partial(numpy_sma, prices, SMA_PERIOD), "numpy")
    impls["pandas rolling.mean"] = peer(
        "pandas",
        lambda pd: lambda: pd.DataFrame(prices).rolling(SMA_PERIOD).mean(),
        normalize=_to_numpy,
    )
    return impls
