"""Case for streaming ``rustybt_native.aggregation.resample_ohlcv``: one-minute bars read from a
Parquet file batch by batch (``ParquetFile(path, pre_buffer=False).iter_batches``) into hourly
bars, float64 and decimal128(18, 4). The peak-memory column is the figure to watch: the issue's
target is under 100 MB for 5,000,000 candles; the whole-file rows show what reading the file at
once costs. Hourly bars keep the output small (83,334 bars), so the figure is the streaming
path's own memory; 5-minute bars would add their million output bars (48 MB in float64, 83 MB
in decimal128). ``pre_buffer=False``: pyarrow's default pre-buffering reads every row group's
column chunks ahead, about the whole file.
"""

from __future__ import annotations

import atexit
import shutil
import tempfile
from pathlib import Path
from typing import Any

import numpy as np

from benches import data
from benches.cases.resample import (
    NUMPY_REDUCEAT,
    _stack,
    minute_bars,
    numpy_resample,
)
from benches.core import Case, Impl, Overhead, rn_module, rn_pair, size_label
from benches.profiles import Profile

#: Candles in the file: the issue's 5,000,000, except in the test suite's one-call profiles.
ROWS = {"check": 20_000, "smoke": 20_000}
DEFAULT_ROWS = 5_000_000
#: Rows per Parquet row group and per batch read: what the reader holds at once.
ROW_GROUP = 100_000
BATCH = 65_536
EVERY = "1h"
EVERY_NS = 60 * data.MINUTE_NS
RN_FLOAT = "rn native (float64 stream)"
RN_DECIMAL = "rn native (decimal128 stream)"
RN_WHOLE = "rn native (float64, whole file read first)"
BASELINE = f"{NUMPY_REDUCEAT} (whole file read first)"


def cases(profile: Profile) -> list[Case]:
    """The streaming case at the profile's file size.

    Parameters
    ----------
    profile : Profile
        Picks the number of candles (:data:`ROWS`, else :data:`DEFAULT_ROWS`).

    Returns
    -------
    list of Case
        One case.
    """
    n = ROWS.get(profile.name, DEFAULT_ROWS)
    return [
        Case(
            name=f"aggregation.resample_ohlcv[parquet stream]/{size_label(n)}",
            group="aggregation.resample_ohlcv",
            table=(
                f"aggregation.resample_ohlcv - one-minute bars streamed from Parquet "
                f"(iter_batches of {BATCH:,} rows) into {EVERY} bars"
            ),
            size=n,
            shape=(n,),
            baseline=BASELINE,
            build=lambda: _impls(n),
            # Not counted towards the aggregation figure: most of the decimal time here is
            # pyarrow decoding Parquet decimals (FIXED_LEN_BYTE_ARRAY), not resampling.
            overheads=(Overhead("Decimal overhead", RN_DECIMAL, RN_FLOAT),),
        )
    ]


def write_files(n: int, folder: Path) -> tuple[Path, Path]:
    """``n`` one-minute candles as two Parquet files: float64 prices, and decimal128(18, 4).

    Parameters
    ----------
    n : int
        Number of candles.
    folder : Path
        Where to write them.

    Returns
    -------
    tuple of Path
        The float64 file and the decimal file.
    """
    import pyarrow as pa  # type: ignore[import-untyped]
    import pyarrow.compute as pc  # type: ignore[import-untyped]
    import pyarrow.parquet as pq  # type: ignore[import-untyped]

    bars = minute_bars(n)
    table = pa.table({**bars, "timestamp": pa.array(bars["timestamp"], pa.timestamp("ns"))})
    exact = pa.table(
        {
            name: column
            if name == "timestamp"
            else pc.cast(pc.round(column, 4), pa.decimal128(18, 4))
            for name, column in zip(table.column_names, table.columns)
        }
    )
    paths = (folder / "float64.parquet", folder / "decimal128.parquet")
    for contents, path in zip((table, exact), paths):
        pq.write_table(contents, path, row_group_size=ROW_GROUP)
    return paths


def _whole(path: Path) -> dict[str, Any]:
    import pyarrow.parquet as pq

    table = pq.read_table(path)
    return {
        name: table.column(name).to_numpy().astype(np.int64)
        if name == "timestamp"
        else table.column(name).to_numpy()
        for name in table.column_names
    }


def _impls(n: int) -> dict[str, Impl]:
    import pyarrow.parquet as pq

    aggregation = rn_module("aggregation")
    folder = Path(tempfile.mkdtemp(prefix="rustybt-bench-stream-"))
    atexit.register(shutil.rmtree, folder, ignore_errors=True)
    float_path, decimal_path = write_files(n, folder)

    def stream(path: Path) -> Any:
        return pq.ParquetFile(path, pre_buffer=False).iter_batches(batch_size=BATCH)

    impls = rn_pair(
        "float64 stream",
        lambda: aggregation.resample_ohlcv(stream(float_path), EVERY),
        normalize=_stack,
    )
    impls[RN_DECIMAL] = Impl(
        lambda: aggregation.resample_ohlcv(stream(decimal_path), EVERY),
        "native",
        backend="native",
        normalize=_stack,
    )
    impls[RN_WHOLE] = Impl(
        lambda: aggregation.resample_ohlcv(pq.read_table(float_path), EVERY),
        "native",
        backend="native",
        normalize=_stack,
    )
    impls[BASELINE] = Impl(lambda: numpy_resample(_whole(float_path), EVERY_NS), "numpy")
    assert RN_FLOAT in impls
    return impls
