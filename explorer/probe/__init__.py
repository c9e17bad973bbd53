"""A credential-free conformance probe of a tenant against the documented contract.

``plan`` lists the requests (fixed, announced, none can change data), ``run_probe`` sends them and
``judge`` compares each answer with ``explorer.contract``: *matches*, *differs* (how), or *not
testable without credentials*. ``ProbeReport`` shows the table (Rich, notebook, offline HTML).
"""

from .judge import Check
from .plan import Planned, plan
from .report import ProbeReport, load_report
from .run import run_probe

__all__ = ["Check", "Planned", "ProbeReport", "load_report", "plan", "run_probe"]
