"""What a screen reader needs of a form refused: each field with an error says so
(aria-invalid) and names, in aria-describedby, elements that exist and hold its
Persian message; and no field's message is left on the page tied to nothing.

`errors_untied(html)` reads a page's HTML with the standard library's parser and
returns what is wrong, in words, so an assertion shows the page's own faults."""

import re
from dataclasses import dataclass, field
from html.parser import HTMLParser

VOID = {"area", "base", "br", "col", "embed", "hr", "img", "input", "link", "meta", "source", "wbr"}
CONTROLS = {"input", "select", "textarea"}
PERSIAN = re.compile(r"[\u0600-\u06FF]")


@dataclass
class Node:
    tag: str
    attrs: dict[str, str]
    parent: "Node | None" = None
    children: list["Node"] = field(default_factory=list)
    text: list[str] = field(default_factory=list)

    def all_text(self) -> str:
        return "".join(self.text) + "".join(c.all_text() for c in self.children)

    def classes(self) -> set[str]:
        return set(self.attrs.get("class", "").split())

    def ancestors(self):
        n = self.parent
        while n is not None:
            yield n
            n = n.parent


class _Tree(HTMLParser):
    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.root = Node("#root", {})
        self.stack = [self.root]
        self.nodes: list[Node] = []

    def handle_starttag(self, tag, attrs):
        node = Node(tag, {k: v or "" for k, v in attrs}, parent=self.stack[-1])
        self.stack[-1].children.append(node)
        self.nodes.append(node)
        if tag not in VOID:
            self.stack.append(node)

    def handle_startendtag(self, tag, attrs):
        self.handle_starttag(tag, attrs)
        if tag not in VOID:
            self.stack.pop()

    def handle_endtag(self, tag):
        for i in range(len(self.stack) - 1, 0, -1):
            if self.stack[i].tag == tag:
                del self.stack[i:]
                return

    def handle_data(self, data):
        self.stack[-1].text.append(data)


def parse(html: str) -> list[Node]:
    tree = _Tree()
    tree.feed(html)
    return tree.nodes


def _described_by(node: Node) -> list[str]:
    ids = node.attrs.get("aria-describedby", "").split()
    for a in node.ancestors():
        if a.tag == "fieldset":
            ids += a.attrs.get("aria-describedby", "").split()
            break
    return ids


def _is_message(node: Node) -> bool:
    return "invalid-feedback" in node.classes() or node.attrs.get("role") == "alert"


def errors_untied(html: str) -> list[str]:
    nodes = parse(html)
    by_id = {n.attrs["id"]: n for n in nodes if "id" in n.attrs}
    faults: list[str] = []
    referenced: set[str] = set()
    for n in nodes:
        if n.tag not in CONTROLS or n.attrs.get("type") == "hidden":
            continue
        name = n.attrs.get("name", "?")
        ids = _described_by(n)
        referenced.update(ids)
        invalid = "is-invalid" in n.classes() or n.attrs.get("aria-invalid") == "true"
        if not invalid:
            continue
        if n.attrs.get("aria-invalid") != "true":
            faults.append(f"{name}: marked invalid without aria-invalid")
        missing = [i for i in ids if i not in by_id]
        if missing:
            faults.append(f"{name}: aria-describedby names missing elements {missing}")
        said = [by_id[i] for i in ids if i in by_id and _is_message(by_id[i])]
        if not said:
            faults.append(f"{name}: its error is not named by aria-describedby")
        for m in said:
            text = m.all_text().strip()
            if not PERSIAN.search(text):  # (it may quote what was typed, in Latin)
                faults.append(f"{name}: its error is not a Persian message: {text!r}")
    for n in nodes:
        if "invalid-feedback" in n.classes() and n.attrs.get("id") not in referenced:
            faults.append(f"a field's message tied to no field: {n.all_text().strip()!r}")
    return faults


def messages_of(html: str) -> dict[str, str]:
    """Field name → the text of its error, for fields tied to their error."""
    nodes = parse(html)
    by_id = {n.attrs["id"]: n for n in nodes if "id" in n.attrs}
    found = {}
    for n in nodes:
        if n.tag in CONTROLS and n.attrs.get("aria-invalid") == "true":
            said = [by_id[i] for i in _described_by(n) if i in by_id and _is_message(by_id[i])]
            if said:
                found[n.attrs.get("name", "")] = " ".join(m.all_text().strip() for m in said)
    return found
