#!/usr/bin/env python3
"""Regenerates the line ranges of the labs' links to source code.

A lab cites code with a link whose label names what it points at:

    [`CategoricalEncoder::fit`](../../src/encoding/categorical_encoder.cc#L26-L34)
    [`train_biased_mf`: `for (std::int64_t k = begin; k < end; ++k)`](../../src/factorization/mf_sgd.cc#L86-L103)

The first code span names a function, a member function (`Class::member`, as
written at its definition or through the enclosing classes) or a type (class,
struct, union, enum). The link then covers that definition: the comment lines
directly above it, its signature (template line included) and its body through
the closing brace. A second code span narrows the link to one statement inside
that definition: the statement that starts on the only line of the body
containing that text (a loop or an if with its whole block, else branches
included), again with the comment lines directly above it.

The range is found from the names, not from the old numbers, so rerunning the
script after code moves puts every link back on its lines; running it twice
changes nothing the second time. A name that is not defined in the linked file,
defined there more than once, or a statement text that is missing or not
unique, is an error: the script lists every such link, writes nothing and exits 2.

    scripts/update_lab_links.py              rewrite docs/labs/*.md in place
    scripts/update_lab_links.py --check      only report links whose lines are stale (exit 1)
    scripts/update_lab_links.py --relocate   a name no longer in its file but defined in exactly
                                             one other file under src/ or apps/ (or in one file of
                                             the same name, when the file moved): link that file
    scripts/update_lab_links.py FILE.md ...  other markdown files

tests/labs/labs_test.cc checks the same convention independently: the named
definition (or the statement's text) starts the linked lines and its braces
close on the last one.
"""

import argparse
import os
import re
import sys

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
SOURCE_EXTENSIONS = (".h", ".hpp", ".cc", ".cpp")
# [label](target) with at most one level of brackets inside the label.
LINK = re.compile(r"\[((?:[^\[\]]|\[[^\[\]]*\])*)\]\(([^)\s]+)\)")
LINE_ANCHOR = re.compile(r"^L(\d+)(?:-L(\d+))?$")
CODE_SPAN = re.compile(r"`([^`]+)`")
NAME = re.compile(r"^~?[A-Za-z_]\w*(?:::~?[A-Za-z_]\w*)*$")
NOT_FUNCTIONS = {"if", "for", "while", "switch", "return", "catch", "sizeof", "decltype",
                 "alignas", "alignof", "noexcept", "static_assert", "__attribute__", "operator"}


class LinkError(Exception):
    pass


def mask_code(text):
    """The text with comments, string and character literals and preprocessor
    lines replaced by spaces (newlines kept), so that braces, parentheses and
    names in what remains are code."""
    out = list(text)
    n = len(text)

    def blank(begin, end):
        for k in range(begin, end):
            if out[k] != "\n":
                out[k] = " "

    i = 0
    line_start = True  # only blanks since the last newline
    while i < n:
        c = text[i]
        if c == "\n":
            line_start = True
            i += 1
            continue
        if line_start and c in " \t":
            i += 1
            continue
        if line_start and c == "#":
            j = i
            while j < n and not (text[j] == "\n" and text[j - 1] != "\\"):
                j += 1
            blank(i, j)
            i = j
            continue
        line_start = False
        if text.startswith("//", i):
            j = text.find("\n", i)
            j = n if j < 0 else j
            blank(i, j)
            i = j
        elif text.startswith("/*", i):
            j = text.find("*/", i + 2)
            j = n if j < 0 else j + 2
            blank(i, j)
            i = j
        elif c == '"' and token_before(text, i) in ("R", "u8R", "uR", "UR", "LR"):
            open_paren = text.find("(", i)
            delimiter = text[i + 1:open_paren]
            j = text.find(")" + delimiter + '"', open_paren)
            j = n if j < 0 else j + len(delimiter) + 2
            blank(i + 1, j - 1)
            i = j
        elif c in "\"'":
            if c == "'" and token_before(text, i)[:1].isdigit():  # a digit separator: 20'000'000
                i += 1
                continue
            j = i + 1
            while j < n and text[j] != c and text[j] != "\n":
                j += 2 if text[j] == "\\" else 1
            blank(i + 1, min(j, n))
            i = j + 1
        else:
            i += 1
    return "".join(out)


def token_before(text, i):
    """The identifier or number that ends right before text[i] (separators included)."""
    k = i
    while k > 0 and (text[k - 1].isalnum() or text[k - 1] in "_'"):
        k -= 1
    return text[k:i]


class SourceFile:
    def __init__(self, path):
        self.path = path
        with open(path, encoding="utf-8") as f:
            self.text = f.read()
        self.code = mask_code(self.text)
        self.line_starts = [0] + [m.end() for m in re.finditer("\n", self.text)]
        self.raw_lines = self.text.split("\n")
        self.definitions = self._definitions()

    def line_of(self, pos):
        lo, hi = 0, len(self.line_starts) - 1
        while lo < hi:
            mid = (lo + hi + 1) // 2
            if self.line_starts[mid] <= pos:
                lo = mid
            else:
                hi = mid - 1
        return lo + 1

    def _matching_brace(self, open_pos):
        depth = 0
        for k in range(open_pos, len(self.code)):
            if self.code[k] == "{":
                depth += 1
            elif self.code[k] == "}":
                depth -= 1
                if depth == 0:
                    return k
        raise LinkError(f"{rel(self.path)}: unbalanced braces after line {self.line_of(open_pos)}")

    def _definitions(self):
        """(qualified name, start of its declaration, its '{', its last char) of
        every function and type defined at namespace or class scope."""
        code = self.code
        found = []
        scopes = []  # ("namespace" | "class" | "block", class name or None)
        head_start = 0  # where the text before the next '{' or ';' starts
        parens = 0  # a '{' inside parentheses is a braced initializer or a lambda
        for pos, c in enumerate(code):
            if c == "(":
                parens += 1
            elif c == ")":
                parens -= 1
            elif parens > 0 and c in "{}":
                if c == "{":
                    scopes.append(("block", None))
                elif scopes:
                    scopes.pop()
            elif c in ";}":
                if c == "}" and scopes:
                    scopes.pop()
                head_start = pos + 1
            elif c == "{":
                head = code[head_start:pos]
                at_definition_level = all(kind != "block" for kind, _ in scopes)
                kind, name = self._classify(head)
                if at_definition_level and name is not None:
                    qualified = "::".join([n for k, n in scopes if k == "class"] + [name])
                    start = head_start + len(head) - len(head.lstrip())
                    start += len(re.match(r"(?:(?:public|private|protected)\s*:\s*)*", code[start:pos]).group(0))
                    end = self._matching_brace(pos)
                    if kind == "class":
                        semicolon = code.find(";", end)
                        end = semicolon if semicolon >= 0 else end
                    found.append((qualified, start, pos, end))
                scopes.append((kind, name if kind == "class" else None))
                head_start = pos + 1
        return found

    @staticmethod
    def _classify(head):
        """What a '{' opens, from the code before it: a namespace, a class (and
        its name), a function body (and the function's name) or another block."""
        if re.search(r"\bnamespace\b", head) or re.match(r"\s*extern\s*\"", head):
            return "namespace", None
        if "=" not in head.replace("==", ""):
            m = re.search(r"\b(?:class|struct|union|enum(?:\s+class|\s+struct)?)\s+(?:alignas\s*\([^)]*\)\s*)?"
                          r"([A-Za-z_]\w*)(?:\s+final)?\s*(?::[^(){}]*)?$", head)
            if m and "(" not in head[:m.start()]:
                return "class", m.group(1)
        # A function body: the first name(...) outside parentheses is the declarator.
        depth = 0
        k = 0
        while k < len(head):
            if head[k] == "(":
                depth += 1
            elif head[k] == ")":
                depth -= 1
            elif depth == 0 and (head[k].isalpha() or head[k] in "_~"):
                m = re.match(r"~?[A-Za-z_]\w*(?:\s*::\s*~?[A-Za-z_]\w*)*", head[k:])
                after = head[k + m.end():].lstrip()
                word = re.sub(r"\s+", "", m.group(0))
                if after.startswith("(") and word.split("::")[-1] not in NOT_FUNCTIONS:
                    return "block", word
                k += m.end()
                continue
            k += 1
        return "block", None

    def find(self, name):
        matches = [d for d in self.definitions if d[0] == name]
        if not matches:
            raise LinkError(f"'{name}' is not defined in {rel(self.path)}")
        if len(matches) > 1:
            lines = ", ".join(str(self.line_of(d[1])) for d in matches)
            raise LinkError(f"'{name}' is defined {len(matches)} times in {rel(self.path)} (lines {lines}); "
                            "link a unique name")
        return matches[0]

    def with_comments_above(self, line):
        """`line`, moved up over the comment-only lines directly above it."""
        while line > 1:
            above = self.raw_lines[line - 2].strip()
            if above and not self._code_line(line - 1).strip() and not above.startswith("#"):
                line -= 1
            else:
                break
        return line

    def _code_line(self, line):
        begin = self.line_starts[line - 1]
        end = self.line_starts[line] - 1 if line < len(self.line_starts) else len(self.code)
        return self.code[begin:end]

    def definition_lines(self, name):
        _, start, _, end = self.find(name)
        return self.with_comments_above(self.line_of(start)), self.line_of(end)

    def statement_lines(self, name, fragment):
        _, _, body_open, body_close = self.find(name)
        first, last = self.line_of(body_open), self.line_of(body_close)
        hits = [line for line in range(first, last + 1) if fragment in self.raw_lines[line - 1]]
        if not hits:
            raise LinkError(f"no line of '{name}' in {rel(self.path)} contains `{fragment}`")
        if len(hits) > 1:
            raise LinkError(f"`{fragment}` is on {len(hits)} lines of '{name}' in {rel(self.path)} "
                            f"({', '.join(map(str, hits))}); quote more of the line")
        line = hits[0]
        pos = self.line_starts[line - 1] + self.raw_lines[line - 1].index(fragment)
        return self.with_comments_above(line), self.line_of(self._statement_end(pos, line, name))

    def _statement_end(self, pos, line, name):
        """Position of the ';' or '}' that ends the statement starting at pos."""
        code = self.code
        parens = braces = 0
        for k in range(pos, len(code)):
            c = code[k]
            if c in "([":
                parens += 1
            elif c in ")]":
                parens -= 1
            elif c == "{":
                braces += 1
            elif c == "}":
                braces -= 1
                if braces < 0:
                    raise LinkError(f"the statement at line {line} of '{name}' in {rel(self.path)} "
                                    "is not a whole statement")
                if braces == 0 and parens == 0:
                    rest = code[k + 1:].lstrip()
                    if not re.match(r"(?:else\b|catch\b|while\b|[;),])", rest):
                        return k
            elif c == ";" and parens == 0 and braces == 0:
                return k
        raise LinkError(f"the statement at line {line} of '{name}' in {rel(self.path)} never ends")


def rel(path):
    return os.path.relpath(path, ROOT)


def parse_label(label):
    spans = CODE_SPAN.findall(label)
    if not spans or not label.lstrip().startswith("`"):
        raise LinkError("a link to source lines must start its label with the function or type it "
                        "points at in backticks, e.g. [`Class::method`](...)")
    if len(spans) > 2:
        raise LinkError("a source link's label holds a name and at most one statement in backticks")
    if not NAME.match(spans[0]):
        raise LinkError(f"`{spans[0]}` is not a function or type name")
    return spans[0], spans[1] if len(spans) == 2 else None


def source_files_defining(name, cache):
    hits = []
    for top in ("src", "apps"):
        for directory, _, files in os.walk(os.path.join(ROOT, top)):
            for f in sorted(files):
                if f.endswith(SOURCE_EXTENSIONS):
                    path = os.path.join(directory, f)
                    source = load(path, cache)
                    if any(d[0] == name for d in source.definitions):
                        hits.append(path)
    return sorted(hits)


def load(path, cache):
    if path not in cache:
        cache[path] = SourceFile(path)
    return cache[path]


def update_markdown(md_path, relocate, cache, errors, changes):
    """The markdown text with every source link's range recomputed."""
    with open(md_path, encoding="utf-8") as f:
        lines = f.read().split("\n")
    md_dir = os.path.dirname(md_path)
    fenced = False
    for index, line in enumerate(lines):
        if line.strip().startswith("```"):
            fenced = not fenced
            continue
        if fenced:
            continue

        def replace(m):
            label, target = m.group(1), m.group(2)
            file_part, _, anchor = target.partition("#")
            if not LINE_ANCHOR.match(anchor) or file_part.endswith(".md") or "://" in file_part:
                return m.group(0)
            where = f"{rel(md_path)}:{index + 1}"
            try:
                name, fragment = parse_label(label)
                path = os.path.normpath(os.path.join(md_dir, file_part))
                defined_here = os.path.exists(path) and any(d[0] == name for d in load(path, cache).definitions)
                if not defined_here:
                    elsewhere = source_files_defining(name, cache)
                    same_file_name = [p for p in elsewhere if os.path.basename(p) == os.path.basename(path)]
                    if len(elsewhere) > 1 and len(same_file_name) == 1:
                        elsewhere = same_file_name  # the file moved to another folder
                    if relocate and len(elsewhere) == 1:
                        path = elsewhere[0]
                        file_part = os.path.relpath(path, md_dir)
                    elif not os.path.exists(path):
                        raise LinkError(f"{file_part} does not exist" + hint(name, elsewhere))
                    else:
                        raise LinkError(f"'{name}' is not defined in {rel(path)}" + hint(name, elsewhere))
                source = load(path, cache)
                first, last = (source.statement_lines(name, fragment) if fragment
                               else source.definition_lines(name))
            except LinkError as e:
                errors.append(f"{where}: {e}")
                return m.group(0)
            new_target = f"{file_part}#L{first}" + (f"-L{last}" if last != first else "")
            if new_target != target:
                changes.append(f"{where}: {name}: {target} -> {new_target}")
            return f"[{label}]({new_target})"

        lines[index] = LINK.sub(replace, line)
    return "\n".join(lines)


def hint(name, elsewhere):
    if not elsewhere:
        return f"; no file under src/ or apps/ defines '{name}' (renamed? fix the label)"
    return (f"; defined in {', '.join(rel(p) for p in elsewhere)}"
            + (" (rerun with --relocate to link it)" if len(elsewhere) == 1 else ""))


def main():
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("files", nargs="*", help="markdown files (default: docs/labs/*.md)")
    parser.add_argument("--check", action="store_true", help="change nothing; exit 1 if a range is stale")
    parser.add_argument("--relocate", action="store_true",
                        help="follow a name that moved to exactly one other file under src/ or apps/")
    args = parser.parse_args()
    files = args.files or sorted(os.path.join(ROOT, "docs", "labs", f)
                                 for f in os.listdir(os.path.join(ROOT, "docs", "labs")) if f.endswith(".md"))
    cache, errors, changes, updated = {}, [], [], {}
    for md in files:
        updated[md] = update_markdown(os.path.abspath(md), args.relocate, cache, errors, changes)
    for line in changes:
        print(line)
    if errors:
        for line in errors:
            print(f"error: {line}", file=sys.stderr)
        print(f"update_lab_links: {len(errors)} link(s) cannot be resolved; nothing was written", file=sys.stderr)
        return 2
    if args.check:
        if changes:
            print(f"update_lab_links: {len(changes)} link(s) are stale; run scripts/update_lab_links.py",
                  file=sys.stderr)
        return 1 if changes else 0
    for md, text in updated.items():
        with open(md, encoding="utf-8") as f:
            if f.read() == text:
                continue
        with open(md, "w", encoding="utf-8") as f:
            f.write(text)
    print(f"update_lab_links: {len(changes)} link(s) updated")
    return 0


if __name__ == "__main__":
    sys.exit(main())
