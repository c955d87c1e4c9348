"""The forecast grid as an Excel workbook: out for entry offline, back in as a list of changes.

Economists download their unit's grid, fill it in in Excel and upload it. The upload is
read (``forecast_upload_read``), compared with what is stored now (``forecast_upload_plan``)
and shown as a preview; nothing is written until ``forecast_upload_apply`` saves every change
through ``forecast_save`` in one transaction, so the rules of the browser hold here too.

The workbook remembers what it was made from: a very hidden sheet holds the unit, the
period, the sign, the column headers, and every editable row's value and version at the
download. That is what makes the round trip safe:

- a value the economist did not touch is left alone, whatever happened to it since;
- a value they changed is written only if nobody else changed it after the download,
  otherwise the preview reports it as a conflict, with the other person's value;
- a value already as the file says is no change, so the same file uploaded twice changes
  nothing the second time.
"""
