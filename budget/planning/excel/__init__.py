"""The committee's budget grid as an Excel workbook: out for entry offline, back in as changes.

The economist downloads the committee's grid (the units they may see, one block each), fills
in the volume change, the budget, the two plan years and the monthly profile in Excel, and
uploads it. As the forecast's workbook (``budget.forecasting.excel``), a very hidden sheet
remembers what the workbook was made from, every value with its version at the download:

- a value left as downloaded is left alone, whatever happened to it since;
- a value changed in the file is written only if nobody changed it after the download,
  otherwise the upload reports the cell as a conflict and writes nothing;
- a value already as the file says is no change, so the same file twice changes nothing.

An upload is written all or nothing through ``budget_rows_save``, so the rules of the grid
(the policy, a submitted unit, a decided budget, the audit trail) hold here too.
"""
