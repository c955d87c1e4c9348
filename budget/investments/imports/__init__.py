"""The investment projects' outcome from the ledger: SIE files (the #TRANS rows on the
investment accounts that carry a project object) and sheets (``year;month;project;account;
amount``), checked, previewed, applied and rolled back through the ledger's import machinery
(``budget.ledger.imports.kinds``)."""
