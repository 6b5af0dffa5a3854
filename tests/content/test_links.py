"""`validate` says, with file:line, what the sanitiser will remove and which links leave the app;
the rendered lesson shows an external link's address."""

from __future__ import annotations

import shutil
from pathlib import Path

from dxtrainer.content.loader import load_content
from dxtrainer.content.render import render_markdown
from dxtrainer.messages import format_problem
from tests.conftest import SAMPLE_CONTENT

FRONT = (SAMPLE_CONTENT / "lessons" / "sample-advanced.md").read_text(encoding="utf-8")
HEAD = FRONT[: FRONT.index("---", 4) + 4].replace(  # the front matter, with a source's address
    "\n---\n", "\n    url: https://www.example.go.jp/guide\n---\n")

BODY = """本文です。
<script>alert(1)</script>
<iframe src="https://example.com/x"></iframe>
<p onclick="steal()">押してください</p>
<a href="javascript:alert(1)">ここ</a>
<img src="https://example.com/logo.png" alt="ロゴ">
[デジタル庁](https://www.digital.go.jp/)
<https://example.org/page>
[参考]: http://example.net/ref

```
<script>コードの例は警告しません</script> [x](https://in.code.example/)
```
`<iframe>` もコードの中なら警告しません。 [課](lesson:sample-basics)
"""


def test_validate_warns_on_what_the_sanitiser_removes_and_external_links(tmp_path: Path):
    root = tmp_path / "content"
    shutil.copytree(SAMPLE_CONTENT, root)
    path = root / "lessons" / "sample-advanced.md"
    path.write_text(HEAD + BODY, encoding="utf-8")
    first = HEAD.count("\n") + 1  # the file line of the body's first line
    index = load_content(root)
    found = sorted((p.line - first, p.code, tuple(sorted(p.params.values())))
                   for p in index.problems if p.path.endswith("sample-advanced.md"))
    assert found == [
        (1, "html-removed-tag", ("script",)),
        (2, "html-removed-tag", ("iframe",)),
        (3, "html-event-handler", ("onclick", "p")),
        (4, "javascript-link", ("javascript:alert(1)",)),
        (5, "html-remote-image", ("https://example.com/logo.png",)),
        (6, "external-link", ("https://www.digital.go.jp/",)),
        (7, "external-link", ("https://example.org/page",)),
        (8, "external-link", ("http://example.net/ref",)),
    ]
    assert all(p.severity == "warning" for p in index.problems
               if p.path.endswith("sample-advanced.md"))
    assert "sources:" in HEAD and "https://" in HEAD  # front-matter addresses: no warning
    script = next(p for p in index.problems if p.code == "html-removed-tag")
    assert format_problem(script).startswith(f"{script.path}:{first + 1}: warning: ")
    assert "<script>" in format_problem(script)


def test_external_links_render_with_their_address_and_dangerous_html_is_gone():
    rendered = render_markdown(BODY, Path("."), {}).html
    assert '<a href="https://www.digital.go.jp/" title="https://www.digital.go.jp/">' in rendered
    assert "(↗ www.digital.go.jp)" in rendered
    assert "<script" not in rendered.replace("&lt;script", "") and "<iframe" not in rendered
    assert "onclick" not in rendered and "javascript:" not in rendered
