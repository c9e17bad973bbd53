"""The form's own words in English and Chinese. Field labels and help come from the contract,
results' words from ``explorer.rendering``; only what the form itself says is here."""

from __future__ import annotations

from ..contract import Text

WORDS: dict[str, Text] = {
    "target": Text("Target", "目标"),
    "preset": Text("Preset", "预设"),
    "custom": Text("— your own request —", "— 自定义请求 —"),
    "no_presets": Text("not a sandbox: no presets", "不是沙箱：没有预设"),
    "headers": Text("Headers", "请求头"),
    "body": Text("Body (JSON)", "请求体（JSON）"),
    "raw": Text("Raw body: sent as is instead of the fields", "原始请求体：代替上面的字段原样发送"),
    "send": Text("Send", "发送"),
    "sending": Text("Sending…", "发送中…"),
    "passes": Text("The parameters pass the server's checks: the answer depends on the tenant.",
                   "参数通过服务器的检查：结果取决于租户。"),
    "unregistered": Text("Whether the app is registered is known only to the server "
                         "(IDAAS.SDK.PARAM.0003).",
                         "应用是否已注册只有服务器知道（IDAAS.SDK.PARAM.0003）。"),
    "response": Text("Response", "响应"),
    "history": Text("History ({n})", "历史（{n}）"),
    "nothing": Text("Nothing sent yet: press Send.", "尚未发送：请点击发送。"),
    "copy": Text("Select the text and copy it (Ctrl+A, Ctrl+C).",
                 "选中文本后复制（Ctrl+A, Ctrl+C）。"),
    "failed": Text("The form could not send: {error}", "表单无法发送：{error}"),
    "kind_header": Text("header", "请求头"),
    "kind_body": Text("body", "请求体"),
    "not_sent": Text("not sent", "不发送"),
    "snapshot_note": Text("a snapshot; run the notebook in JupyterLab to use the form",
                          "静态快照；在JupyterLab中运行本notebook即可使用表单"),
    "snapshot_ok": Text("The parameters pass the server's checks.", "参数通过服务器检查。"),
}
