"""The economist's forecast grid for one unit and period: what it holds (``rows``) and how
it is read from the database (``build``)."""

from budget.forecasting.grid.build import forecast_grid
from budget.forecasting.grid.rows import ChildRow, Grid, GridRow

__all__ = ["ChildRow", "Grid", "GridRow", "forecast_grid"]
