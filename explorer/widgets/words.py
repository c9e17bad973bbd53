"""The form's own words in English and Chinese. Field labels and help come from the contract,
results' words from ``explorer.rendering``; only what the form itself says is here."""

from __future__ import annotations

from ..catalogue import Msg, PMsg, Words

WORDS: dict[str, Words] = {
    "target": Msg("Target"),
    "preset": Msg("Preset"),
    "custom": Msg("— your own request —"),
    "no_presets": Msg("not a sandbox: no presets"),
    "headers": Msg("Headers"),
    "body": Msg("Body (JSON)"),
    "raw": Msg("Raw body: sent as is instead of the fields"),
    "send": Msg("Send"),
    "sending": Msg("Sending…"),
    "passes": Msg("The parameters pass the server's checks: the answer depends on the tenant."),
    "unregistered": Msg("Whether the app is registered is known only to the server "
                        "(IDAAS.SDK.PARAM.0003)."),
    "response": Msg("Response"),
    "history": Msg("History ({n})"),
    "nothing": Msg("Nothing sent yet: press Send."),
    "copy": Msg("Select the text and copy it (Ctrl+A, Ctrl+C)."),
    "failed": Msg("The form could not send: {error}"),
    "kind_header": Msg("header"),
    "kind_body": Msg("body"),
    "not_sent": PMsg("not_sent", "not sent"),
    "snapshot_note": Msg("a snapshot; run the notebook in JupyterLab to use the form"),
    "snapshot_ok": Msg("The parameters pass the server's checks."),
}
