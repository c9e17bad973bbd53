"""A credential-free conformance probe of a tenant against the documented contract.

``plan`` lists the requests (fixed, announced, none can change data), ``run_probe`` sends them and
``judge`` compares each answer with ``explorer.contract``: *matches*, *differs* (how), or *not
testable without credentials*. ``ProbeReport`` shows the table (Rich, notebook, offline HTML).
``Limits`` bounds what a tenant can make the probe read, wait for and write.
"""

from .judge import Check
from .limits import Limits
from .planned import Planned, plan
from .report import ProbeReport, load_report
from .run import run_probe

__all__ = ["Check", "Limits", "Planned", "ProbeReport", "load_report", "plan", "run_probe"]
