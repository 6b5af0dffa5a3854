"""Lesson HTML is safe and fits QTextBrowser: no script, no remote loads, boxes as tables."""

from __future__ import annotations

from pathlib import Path

from dxtrainer.content.render import render_markdown

TITLES = {"point": "ポイント", "caution": "注意", "example": "事例"}


def render(text: str, images: Path) -> str:
    return render_markdown(text, images, TITLES).html


def test_scripts_remote_images_and_script_links_are_removed_web_links_show_the_address(tmp_path: Path):
    html = render("<script>alert(1)</script>\n\n[外](https://example.com) "
                  "[用語](glossary:lgwan) [課](lesson:dx-basics)\n\n"
                  "![遠く](https://example.com/x.png)\n\n<img src=\"file:///etc/passwd\">\n"
                  "<a href=\"javascript:alert(1)\">x</a>", tmp_path)
    assert "<script" not in html and "alert(1)</script>" not in html
    assert "https://example.com/x.png" not in html and "javascript:" not in html
    # a web link stays (the reader asks before opening it) and shows where it leads
    assert '<a href="https://example.com" title="https://example.com">外</a>' in html
    assert "(↗ example.com)" in html
    assert "/etc/passwd" not in html
    assert 'href="glossary:lgwan"' in html and 'href="lesson:dx-basics"' in html


def test_local_images_become_figures_and_paths_cannot_escape(tmp_path: Path):
    (tmp_path / "images").mkdir()
    (tmp_path / "images" / "a.png").write_bytes(b"png")
    (tmp_path.parent / "secret.png").write_bytes(b"png")
    html = render('![代替](images/a.png "図1 説明")\n\n![外](../secret.png)', tmp_path)
    assert f'src="{(tmp_path / "images" / "a.png").as_uri()}"' in html
    assert '<span class="caption">図1 説明</span>' in html
    assert "secret.png" not in html.split("missing-image")[0]


def test_boxes_tables_footnotes_and_contents(tmp_path: Path):
    result = render_markdown("## 一\n\n本文[^1]\n\n!!! caution \"個人情報\"\n    気を付けます。\n\n"
                             "| a | b |\n|:-:|--:|\n| 1 | 2 |\n\n### 二\n\n[^1]: 注", tmp_path, TITLES)
    html = result.html
    assert '<table class="box caution"' in html and "注意 ― 個人情報" in html
    assert '<th align="center">a</th>' in html and '<td align="right">2</td>' in html
    assert "style=" not in html.split("<table class=\"data\"")[1].split("</table>")[0]
    assert '<a name="fn:1"></a>' in html and 'href="#fn:1"' in html
    assert [(e.title, e.level) for e in result.toc] == [("一", 2), ("二", 3)]
    assert f'<a name="{result.toc[0].anchor}"></a>' in html


def test_a_code_block_renders_without_loading_pygments(tmp_path: Path):
    # Budget: one small subprocess, about 1 s.
    import json
    import os
    import subprocess
    import sys

    repo = Path(__file__).resolve().parents[2]
    script = ("import json, sys\nfrom pathlib import Path\n"
              "from dxtrainer.content.render import render_markdown\n"
              "page = render_markdown('手順:\\n\\n```python\\nprint(\"窓口\")\\n```\\n', Path('.'), {})\n"
              "print(json.dumps([page.html, 'pygments' in sys.modules]))")
    done = subprocess.run([sys.executable, "-c", script], capture_output=True, text=True,
                          cwd=repo, env={**os.environ, "PYTHONPATH": str(repo)},
                          timeout=60)
    assert done.returncode == 0, done.stderr
    html, pygments_loaded = json.loads(done.stdout.strip().splitlines()[-1])
    assert not pygments_loaded
    assert '<pre><code class="language-python">print("窓口")' in html
    assert "pygments" in sys.modules  # pytest's own: so here codehilite did load it
    assert html == render(  # ... and the HTML is the same
        '手順:\n\n```python\nprint("窓口")\n```\n', Path("."))
