"""A representative backtest on rustybt_native, with float or exact Decimal money.

N symbols of generated bars (deterministic seed) are traded bar by bar:

- signals come from rustybt_native.indicators on the whole (bars x symbols) price matrix: the
  "simple" strategy holds a symbol while its SMA(50) is above its SMA(200); the "complex" one
  enters when the MACD histogram is positive, RSI(14) is below 70 and the close is above the
  middle Bollinger band, and exits on a negative histogram, RSI above 80, or an ATR stop
  (2 x ATR(14) below the entry price);
- on every bar, target positions become orders (buy an equal share of the starting capital in
  whole lots, or sell everything), which are validated (positive quantity, whole lots, enough
  cash), charged a per-share commission ($0.005 a share, $1 minimum), filled at the close, and
  booked: positions, cost basis, realised profit and cash;
- every bar the portfolio is valued, and at the end a metrics summary is printed.

Two money modes do identical work: ``--money float`` keeps every amount in float64 numpy arrays,
as most engines do; ``--money decimal`` keeps them exact, in decimal columns processed by
rustybt_native.decimal and rustybt_native.ledger. Both give the same trades; the benchmark suite
(``python -m benches --only backtest``) times one against the other.

Run ``python examples/sma_crossover.py --help`` for the options.
"""

from __future__ import annotations

import argparse
import sys
import time
from collections.abc import Sequence
from dataclasses import dataclass, field
from decimal import Decimal
from typing import Any

import numpy as np
import numpy.typing as npt
import pyarrow as pa
import rustybt_native as rn

#: Bars per year of each frequency (US equities: 252 sessions of 6.5 hours).
BARS_PER_YEAR = {"daily": 252, "hourly": 252 * 7, "minute": 252 * 390}
#: Bars generated when ``--bars`` is not given: two years of days, six months of hours (a bar per
#: started hour), a month of minutes.
DEFAULT_BARS = {"daily": 504, "hourly": 882, "minute": 8_190}
#: Per-bar volatility of the generated closes (annual volatility of about 25%).
VOLATILITY = {freq: 0.25 / np.sqrt(n) for freq, n in BARS_PER_YEAR.items()}

STARTING_CASH = Decimal("1000000.00")
COMMISSION_RATE = Decimal("0.005")  # dollars per share
COMMISSION_MINIMUM = Decimal("1.00")  # dollars per order
LOT = 1  # shares
CENTS = 2  # currency scale
BASIS_SCALE = 6  # scale of the cost basis (the one division of the bookkeeping)


@dataclass(frozen=True)
class Bars:
    """Generated OHLC bars of several symbols, prices on a one-cent grid.

    Attributes
    ----------
    frequency : str
        "daily", "hourly" or "minute".
    close, high, low : numpy.ndarray
        float64 (bars x symbols), each an exact number of cents.
    close_cents : numpy.ndarray
        int64 (bars x symbols): the closes in cents, the source of the decimal columns.
    """

    frequency: str
    close: npt.NDArray[np.float64]
    high: npt.NDArray[np.float64]
    low: npt.NDArray[np.float64]
    close_cents: npt.NDArray[np.int64]

    @property
    def shape(self) -> tuple[int, int]:
        """(bars, symbols)."""
        rows, cols = self.close.shape
        return rows, cols


def generate_bars(symbols: int, bars: int, frequency: str = "daily", seed: int = 42) -> Bars:
    """Geometric random walks with trends that change sign now and then, rounded to cents.

    Parameters
    ----------
    symbols, bars : int
        Matrix shape is (bars, symbols).
    frequency : {"daily", "hourly", "minute"}
        Sets the per-bar volatility.
    seed : int
        Seed of numpy's default generator; the same seed gives the same bars.

    Returns
    -------
    Bars
        The bars.
    """
    if frequency not in BARS_PER_YEAR:
        raise ValueError(f"frequency must be one of {', '.join(BARS_PER_YEAR)}, not {frequency!r}")
    if symbols < 1 or bars < 2:
        raise ValueError("need at least one symbol and two bars")
    rng = np.random.default_rng(seed)
    sigma = VOLATILITY[frequency]
    # Regimes of a few hundred bars with a drift of +-0.1 sigma give the crossovers to trade.
    regime = np.sign(np.sin(np.arange(bars)[:, None] / rng.uniform(40, 160, symbols)))
    steps = rng.normal(0.1 * sigma * regime, sigma, size=(bars, symbols))
    start = rng.uniform(20.0, 200.0, size=symbols)
    close_cents = np.maximum(np.round(start * np.exp(np.cumsum(steps, axis=0)) * 100), 1)
    spread = np.abs(rng.normal(0.0, sigma, size=(bars, 2, symbols)))
    high_cents = np.round(close_cents * (1 + spread[:, 0]))
    low_cents = np.maximum(np.round(close_cents * (1 - spread[:, 1])), 1)
    return Bars(
        frequency=frequency,
        close=close_cents / 100,
        high=high_cents / 100,
        low=low_cents / 100,
        close_cents=close_cents.astype(np.int64),
    )


@dataclass(frozen=True)
class Signals:
    """What the strategy wants per bar and symbol.

    Attributes
    ----------
    enter, exit : numpy.ndarray of bool
        (bars x symbols): open a position / close it (``exit`` wins).
    stop_distance : numpy.ndarray of float or None
        (bars x symbols): how far below the entry price the stop sits (complex strategy).
    """

    enter: npt.NDArray[np.bool_]
    exit: npt.NDArray[np.bool_]
    stop_distance: npt.NDArray[np.float64] | None = None


def compute_signals(bars: Bars, strategy: str = "simple") -> Signals:
    """The strategy's entry and exit conditions for every bar and symbol at once.

    Parameters
    ----------
    bars : Bars
        Prices.
    strategy : {"simple", "complex"}
        SMA 50/200 crossover, or MACD + RSI + Bollinger with an ATR stop.

    Returns
    -------
    Signals
        Entries, exits and (complex) stop distances; NaN warm-ups compare as False.
    """
    close = bars.close
    if strategy == "simple":
        fast, slow = rn.indicators.sma(close, 50), rn.indicators.sma(close, 200)
        with np.errstate(invalid="ignore"):
            return Signals(enter=fast > slow, exit=fast < slow)
    if strategy != "complex":
        raise ValueError(f"strategy must be 'simple' or 'complex', not {strategy!r}")
    _, _, hist = rn.indicators.macd(close, 12, 26, 9)
    rsi = rn.indicators.rsi(close, 14)
    _, middle, _ = rn.indicators.bbands(close, 20, 2.0, 2.0)
    atr = rn.indicators.atr(bars.high, bars.low, close, 14)
    with np.errstate(invalid="ignore"):
        enter = (hist > 0) & (rsi < 70) & (close > middle)
        exit_ = (hist < 0) | (rsi > 80)
    return Signals(enter=enter, exit=exit_, stop_distance=2.0 * atr)


@dataclass
class Result:
    """What a backtest produced.

    Attributes
    ----------
    money : str
        "float" or "decimal".
    values : numpy.ndarray
        Portfolio value after every bar, as float64 (exact Decimals converted at the end).
    final_value : Decimal or float
        The last value, exact in decimal mode.
    orders, rejected : int
        Orders sent, and those validation turned down.
    commissions, realized_pnl : Decimal or float
        Totals over the run.
    seconds : float
        Wall time of the bar loop.
    shares : numpy.ndarray of int64
        Shares held per symbol at the end.
    cash : Decimal or float
        Cash at the end.
    metrics : dict
        The summary (see :func:`summarize`).
    """

    money: str
    values: npt.NDArray[np.float64]
    final_value: Decimal | float
    orders: int
    rejected: int
    commissions: Decimal | float
    realized_pnl: Decimal | float
    seconds: float
    shares: npt.NDArray[np.int64]
    cash: Decimal | float
    metrics: dict[str, float] = field(default_factory=dict)


def _target_quantities(cash_per_symbol: float, price: npt.NDArray[np.float64]) -> npt.NDArray[Any]:
    """Whole lots worth at most ``cash_per_symbol`` at ``price``."""
    return (np.floor(cash_per_symbol / price / LOT) * LOT).astype(np.int64)


def _orders_for_bar(
    t: int,
    bars: Bars,
    signals: Signals,
    held: npt.NDArray[np.bool_],
    stops: npt.NDArray[np.float64],
    shares: npt.NDArray[np.int64],
    cash_per_symbol: float,
) -> tuple[npt.NDArray[np.intp], npt.NDArray[np.int64]]:
    """Symbols to trade on bar ``t`` (sells first) and their signed quantities."""
    close = bars.close[t]
    exits = held & (signals.exit[t] | (close < stops))
    entries = ~held & signals.enter[t] & ~signals.exit[t]
    sell = np.flatnonzero(exits)
    buy = np.flatnonzero(entries)
    quantity = np.concatenate([-shares[sell], _target_quantities(cash_per_symbol, close[buy])])
    return np.concatenate([sell, buy]), quantity


def _decimal_column(mantissas: npt.NDArray[np.int64], scale: int) -> pa.Array:
    """int64 mantissas as an Arrow decimal128 column, without going through Python objects."""
    wide = np.empty((len(mantissas), 2), dtype=np.int64)
    wide[:, 0] = mantissas
    wide[:, 1] = mantissas >> 63  # the high word of the two's-complement i128
    return pa.Array.from_buffers(
        pa.decimal128(38, scale), len(mantissas), [None, pa.py_buffer(wide)]
    )


def _mantissas(column: pa.Array) -> npt.NDArray[np.int64]:
    """The mantissas of a decimal128 column whose values fit 64 bits (cost bases do), without
    going through Python objects."""
    words = np.frombuffer(column.buffers()[1], dtype=np.int64)
    words = words[2 * column.offset : 2 * (column.offset + len(column))].reshape(-1, 2)
    if not np.array_equal(words[:, 1], words[:, 0] >> 63):
        raise OverflowError("a cost basis does not fit 64 bits")
    return words[:, 0].copy()


def _update_stops(
    signals: Signals,
    stops: npt.NDArray[np.float64],
    t: int,
    symbols: npt.NDArray[np.intp],
    quantity: npt.NDArray[np.int64],
    price: npt.NDArray[np.float64],
) -> None:
    opened = quantity > 0
    closed = symbols[~opened]
    stops[closed] = -np.inf
    if signals.stop_distance is not None:
        stops[symbols[opened]] = price[opened] - signals.stop_distance[t, symbols[opened]]


def run_float(bars: Bars, signals: Signals) -> Result:
    """The backtest with float64 money (what most engines do).

    Parameters
    ----------
    bars : Bars
        Prices.
    signals : Signals
        From :func:`compute_signals`.

    Returns
    -------
    Result
        Values per bar and totals.
    """
    rows, cols = bars.shape
    cash = float(STARTING_CASH)
    cash_per_symbol = cash / cols
    rate, minimum = float(COMMISSION_RATE), float(COMMISSION_MINIMUM)
    shares = np.zeros(cols, dtype=np.int64)
    positions = np.zeros(cols)
    basis = np.zeros(cols)
    stops = np.full(cols, -np.inf)
    values = np.empty(rows)
    orders = rejected = 0
    commissions = realized = 0.0
    started = time.perf_counter()
    for t in range(rows):
        close = bars.close[t]
        symbols, quantity = _orders_for_bar(
            t, bars, signals, shares != 0, stops, shares, cash_per_symbol
        )
        if len(symbols):
            price = close[symbols]
            qty = quantity.astype(np.float64)
            # Validation, as rustybt_native.ledger.validate_orders does it: positive whole lots,
            # and each buy within the cash the accepted buys before it left.
            notional = np.abs(qty) * price
            ok = (quantity != 0) & (quantity % LOT == 0)
            available = cash
            for i in np.flatnonzero(ok & (quantity > 0)):
                if notional[i] > available:
                    ok[i] = False
                else:
                    available -= notional[i]
            orders += len(symbols)
            rejected += int(np.count_nonzero(~ok))
            symbols, qty, price, quantity = symbols[ok], qty[ok], price[ok], quantity[ok]
            # Rounded to cents like the decimal mode's commissions (float rounding, as engines do).
            fee = np.round(np.maximum(np.abs(qty) * rate, minimum), CENTS)
            old_qty, old_basis = positions[symbols], basis[symbols]
            new_qty = old_qty + qty
            # Fills only open or close whole positions here, so the cost basis is the fill price
            # plus the commission per share, and a close realises (price - basis) x quantity.
            closing = new_qty == 0
            realized += float(np.sum((price - old_basis)[closing] * old_qty[closing]))
            realized -= float(np.sum(fee[closing]))
            basis[symbols] = np.where(closing, 0.0, (price * qty + fee) / np.where(closing, 1, qty))
            positions[symbols] = new_qty
            shares[symbols] = quantity + shares[symbols]
            cash -= float(qty @ price) + float(fee.sum())
            commissions += float(fee.sum())
            _update_stops(signals, stops, t, symbols, quantity, price)
        values[t] = positions @ close + cash
    seconds = time.perf_counter() - started
    return Result(
        money="float",
        values=values,
        final_value=float(values[-1]),
        orders=orders,
        rejected=rejected,
        commissions=commissions,
        realized_pnl=realized,
        seconds=seconds,
        shares=shares,
        cash=cash,
    )


def run_decimal(bars: Bars, signals: Signals) -> Result:
    """The backtest with exact Decimal money, on decimal columns.

    Parameters
    ----------
    bars : Bars
        Prices; each bar's closes become a decimal128 column (as a Decimal data feed delivers
        them).
    signals : Signals
        From :func:`compute_signals`.

    Returns
    -------
    Result
        Values per bar (converted to float at the end) and exact totals.
    """
    rows, cols = bars.shape
    # The data feed: one decimal column of closes per bar, built before the clock starts (a
    # Decimal engine reads them from its store this way).
    closes = [_decimal_column(bars.close_cents[t], CENTS) for t in range(rows)]
    cash = STARTING_CASH
    cash_per_symbol = float(cash) / cols
    # The books: shares and cost bases (as decimal mantissas) per symbol, and the positions as a
    # decimal column for valuation, rebuilt on the bars that trade.
    shares = np.zeros(cols, dtype=np.int64)
    basis = np.zeros(cols, dtype=np.int64)  # mantissas at BASIS_SCALE
    positions = _decimal_column(shares, 0)
    stops = np.full(cols, -np.inf)
    values: list[Decimal] = []
    orders = rejected = 0
    commissions = realized = Decimal(0)
    started = time.perf_counter()
    for t in range(rows):
        close = closes[t]
        symbols, quantity = _orders_for_bar(
            t, bars, signals, shares != 0, stops, shares, cash_per_symbol
        )
        if len(symbols):
            price = _decimal_column(bars.close_cents[t, symbols], CENTS)
            codes = rn.ledger.validate_orders(
                _decimal_column(np.abs(quantity), 0),
                price,
                side=np.sign(quantity),
                lot_size=LOT,
                cash=cash,
            )
            ok = codes == rn.ledger.OrderCheck.OK
            orders += len(symbols)
            rejected += int(np.count_nonzero(~ok))
            if not ok.all():
                symbols, quantity = symbols[ok], quantity[ok]
                price = _decimal_column(bars.close_cents[t, symbols], CENTS)
            fill_qty = _decimal_column(quantity, 0)
            fee = rn.ledger.per_share_commission(
                fill_qty, price, COMMISSION_RATE, COMMISSION_MINIMUM, scale=CENTS
            )
            _, new_basis, pnl = rn.ledger.apply_fills(
                _decimal_column(shares[symbols], 0),
                _decimal_column(basis[symbols], BASIS_SCALE),
                fill_qty,
                price,
                fee,
                basis_scale=BASIS_SCALE,
            )
            shares[symbols] += quantity
            basis[symbols] = _mantissas(new_basis)
            positions = _decimal_column(shares, 0)
            fees = rn.decimal.sum(fee)
            cash -= rn.decimal.dot(fill_qty, price) + fees
            commissions += fees
            realized += rn.decimal.sum(pnl)
            _update_stops(signals, stops, t, symbols, quantity, bars.close[t, symbols])
        values.append(rn.ledger.portfolio_value(positions, close, cash))
    seconds = time.perf_counter() - started
    return Result(
        money="decimal",
        values=np.array([float(v) for v in values]),
        final_value=values[-1],
        orders=orders,
        rejected=rejected,
        commissions=commissions,
        realized_pnl=realized,
        seconds=seconds,
        shares=shares,
        cash=cash,
    )


def summarize(values: npt.NDArray[np.float64], frequency: str) -> dict[str, float]:
    """Risk and performance of the value curve, with rustybt_native.metrics.

    Parameters
    ----------
    values : numpy.ndarray
        Portfolio value per bar.
    frequency : str
        Sets the annualization (bars per year).

    Returns
    -------
    dict
        total return, annual return and volatility, Sharpe, Sortino, max drawdown, Calmar.
    """
    returns = rn.metrics.simple_returns(np.concatenate([[float(STARTING_CASH)], values]))
    factor = BARS_PER_YEAR[frequency]
    return {
        "total_return": rn.metrics.cum_returns_final(returns),
        "annual_return": rn.metrics.annual_return(returns, annualization=factor),
        "annual_volatility": rn.metrics.annual_volatility(returns, annualization=factor),
        "sharpe_ratio": rn.metrics.sharpe_ratio(returns, annualization=factor),
        "sortino_ratio": rn.metrics.sortino_ratio(returns, annualization=factor),
        "max_drawdown": rn.metrics.max_drawdown(returns),
        "calmar_ratio": rn.metrics.calmar_ratio(returns, annualization=factor),
    }


def run_backtest(
    bars: Bars, money: str = "float", strategy: str = "simple", signals: Signals | None = None
) -> Result:
    """Signals, the bar loop in the chosen money mode, and the metrics summary.

    Parameters
    ----------
    bars : Bars
        From :func:`generate_bars`.
    money : {"float", "decimal"}
        How amounts are kept.
    strategy : {"simple", "complex"}
        See :func:`compute_signals`.
    signals : Signals, optional
        Precomputed signals (the benchmark times the money path on its own).

    Returns
    -------
    Result
        The run.
    """
    if signals is None:
        signals = compute_signals(bars, strategy)
    if money == "float":
        result = run_float(bars, signals)
    elif money == "decimal":
        result = run_decimal(bars, signals)
    else:
        raise ValueError(f"money must be 'float' or 'decimal', not {money!r}")
    result.metrics = summarize(result.values, bars.frequency)
    return result


def parse_args(argv: Sequence[str]) -> argparse.Namespace:
    """The command line (see ``--help``)."""
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--frequency", choices=list(BARS_PER_YEAR), default="daily")
    parser.add_argument("--assets", type=int, default=10, help="number of symbols (default 10)")
    parser.add_argument("--bars", type=int, help="bars per symbol (default: by frequency)")
    parser.add_argument("--money", choices=["float", "decimal"], default="decimal")
    parser.add_argument("--strategy", choices=["simple", "complex"], default="simple")
    parser.add_argument("--seed", type=int, default=42)
    return parser.parse_args(argv)


def main(argv: Sequence[str] | None = None) -> int:
    """Generate bars, run the backtest and print its summary.

    Parameters
    ----------
    argv : sequence of str, optional
        Command-line arguments; ``sys.argv[1:]`` by default.

    Returns
    -------
    int
        Exit status.
    """
    args = parse_args(sys.argv[1:] if argv is None else argv)
    bars = generate_bars(
        args.assets, args.bars or DEFAULT_BARS[args.frequency], args.frequency, args.seed
    )
    result = run_backtest(bars, args.money, args.strategy)
    rows, cols = bars.shape
    print(
        f"{args.strategy} strategy, {cols} symbols x {rows} {args.frequency} bars, "
        f"{args.money} money, backend {rn.backend}"
    )
    print(f"  bar loop          {result.seconds * 1e3:10.1f} ms")
    print(f"  orders            {result.orders:10d}  ({result.rejected} rejected)")
    print(f"  commissions       {result.commissions:>10}")
    print(f"  realised P&L      {result.realized_pnl:>10}")
    print(f"  final value       {result.final_value:>10}")
    for name, value in result.metrics.items():
        print(f"  {name:<17} {value:10.4f}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
