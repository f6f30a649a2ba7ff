#!/usr/bin/env python3
"""Function and file sizes: no function over 100 lines and no source file
over 600 lines (tests aside) in crates/*/src and src.

Usage: scripts/sizes.py [--max-fn N] [--max-file N] [PATH...]
       scripts/sizes.py --self-test

PATHs are directories or .rs files (default: crates/*/src and src, from
the repository root). Prints every offender and exits 1 if there is one.

A function counts from its `fn` line to the line of its closing brace,
whatever is inside (nested functions, closures). Test code does not count:
items under `#[cfg(test)]` (a `mod tests { ... }`, a function) are left
out of functions and file lengths, and a file declared by
`#[cfg(test)] mod name;` is skipped whole. Braces inside comments, strings,
raw strings and character literals are ignored.
"""

import glob
import os
import re
import sys

MAX_FN = 100
MAX_FILE = 600


RAW = re.compile(r'b?r(#*)"')
CHAR = re.compile(r"'(\\u\{[0-9a-fA-F]*\}|\\x[0-9a-fA-F]{2}|\\.|[^\\'])'")


def mask(src):
    """The source with comments and the contents of string and character
    literals blanked (newlines kept), so that braces and keywords found in
    it are code."""
    out = list(src)
    n = len(src)
    i = 0

    def blank(a, b):
        for k in range(a, b):
            if out[k] != "\n":
                out[k] = " "

    while i < n:
        c = src[i]
        if src.startswith("//", i):
            j = src.find("\n", i)
            j = n if j < 0 else j
            blank(i, j)
            i = j
        elif src.startswith("/*", i):
            depth, j = 1, i + 2
            while j < n and depth:
                if src.startswith("/*", j):
                    depth, j = depth + 1, j + 2
                elif src.startswith("*/", j):
                    depth, j = depth - 1, j + 2
                else:
                    j += 1
            blank(i, j)
            i = j
        elif c in "br" and RAW.match(src, i) and (
            i == 0 or not (src[i - 1].isalnum() or src[i - 1] == "_")
        ):
            m = RAW.match(src, i)
            close = '"' + m.group(1)
            j = src.find(close, m.end())
            j = n if j < 0 else j + len(close)
            blank(m.end(), j - len(close))
            i = j
        elif c == '"':
            j = i + 1
            while j < n and src[j] != '"':
                j += 2 if src[j] == "\\" else 1
            blank(i + 1, j)
            i = j + 1
        elif c == "'":
            # A character literal ('x', '\n', '\u{..}', '{') or a lifetime ('a).
            m = CHAR.match(src, i)
            if m:
                blank(i + 1, m.end() - 1)
                i = m.end()
            else:
                i += 1
        else:
            i += 1
    return "".join(out)


def matching(code, open_at):
    """Index of the brace closing the one at `open_at` (or the end)."""
    depth = 0
    for j in range(open_at, len(code)):
        if code[j] == "{":
            depth += 1
        elif code[j] == "}":
            depth -= 1
            if depth == 0:
                return j
    return len(code) - 1


def body_start(code, i):
    """From `i`, the `{` opening an item's body, or None when the item
    ends with `;` first (a declaration). Braces inside parentheses or
    brackets (const generic arguments) do not count."""
    depth = 0
    for j in range(i, len(code)):
        ch = code[j]
        if ch in "([":
            depth += 1
        elif ch in ")]":
            depth -= 1
        elif depth == 0 and ch == "{":
            return j
        elif depth == 0 and ch == ";":
            return None
    return None


CFG_TEST = re.compile(r"#\s*\[\s*cfg\s*\(\s*test\s*\)\s*\]")
ATTR = re.compile(r"\s*#\s*\[")
MOD_DECL = re.compile(r"\s*(?:pub(?:\([\w:\s]+\))?\s+)?mod\s+(\w+)\s*;")
FN = re.compile(r"\bfn\s+([A-Za-z_]\w*)")
IMPL = re.compile(r"\bimpl\b")


def skip_attrs(code, i):
    """Past any attributes starting at `i`."""
    while True:
        m = ATTR.match(code, i)
        if not m:
            return i
        depth, j = 0, m.end() - 1
        while j < len(code):
            if code[j] == "[":
                depth += 1
            elif code[j] == "]":
                depth -= 1
                if depth == 0:
                    break
            j += 1
        i = j + 1


def test_spans(code):
    """Character spans of items under `#[cfg(test)]`, and the names of
    test modules declared without a body (their own files)."""
    spans, test_mods = [], []
    for m in CFG_TEST.finditer(code):
        item = skip_attrs(code, m.end())
        decl = MOD_DECL.match(code, item)
        if decl:
            test_mods.append(decl.group(1))
            spans.append((m.start(), decl.end()))
            continue
        open_at = body_start(code, item)
        semi = code.find(";", item)
        if open_at is None:
            end = semi if semi >= 0 else len(code) - 1
        else:
            end = matching(code, open_at)
        spans.append((m.start(), end))
    return spans, test_mods


def impl_name(code, at, open_at):
    """The type an `impl` block at `at` (body at `open_at`) is for."""
    header = code[at + 4:open_at]
    depth, start = 0, 0
    # Skip the impl's own generic parameters.
    stripped = header.lstrip()
    if stripped.startswith("<"):
        offset = len(header) - len(stripped)
        for k, ch in enumerate(stripped):
            depth += ch == "<"
            depth -= ch == ">" and (k == 0 or stripped[k - 1] != "-")
            if depth == 0:
                start = offset + k + 1
                break
    header = header[start:]
    m = re.search(r"\bfor\s+(.*)$", header, re.S)
    if m:
        header = m.group(1)
    m = re.search(r"[A-Za-z_][\w:]*", header)
    return m.group(0).split("::")[-1] if m else "?"


def line_of(starts, pos):
    """1-based line of a character position, given the lines' starts."""
    lo, hi = 0, len(starts) - 1
    while lo < hi:
        mid = (lo + hi + 1) // 2
        if starts[mid] <= pos:
            lo = mid
        else:
            hi = mid - 1
    return lo + 1


def measure(src):
    """(functions, non-test lines, test modules declared by name) of one
    source file; functions as (name, first line, lines)."""
    code = mask(src)
    starts = [0] + [k + 1 for k, ch in enumerate(src) if ch == "\n"]
    spans, test_mods = test_spans(code)

    def in_tests(pos):
        return any(a <= pos <= b for a, b in spans)

    impls = []
    for m in IMPL.finditer(code):
        open_at = body_start(code, m.end())
        if open_at is not None and not in_tests(m.start()):
            impls.append((open_at, matching(code, open_at), impl_name(code, m.start(), open_at)))

    functions = []
    for m in FN.finditer(code):
        if in_tests(m.start()):
            continue
        open_at = body_start(code, m.end())
        if open_at is None:
            continue  # a declaration: trait method without a default body
        close = matching(code, open_at)
        first, last = line_of(starts, m.start()), line_of(starts, close)
        owners = [name for a, b, name in impls if a < m.start() < b]
        name = f"{owners[-1]}::{m.group(1)}" if owners else m.group(1)
        functions.append((name, first, last - first + 1))

    test_lines = set()
    for a, b in spans:
        test_lines.update(range(line_of(starts, a), line_of(starts, b) + 1))
    total = src.count("\n") + (0 if src.endswith("\n") or not src else 1)
    return functions, total - len(test_lines), test_mods


def module_dir(path):
    """Where the files of a file's child modules live."""
    base = os.path.basename(path)
    if base in ("mod.rs", "lib.rs", "main.rs"):
        return os.path.dirname(path)
    return os.path.splitext(path)[0]


def rust_files(paths):
    for p in paths:
        if os.path.isfile(p):
            yield p
        for root, dirs, files in os.walk(p):
            dirs.sort()
            for f in sorted(files):
                if f.endswith(".rs"):
                    yield os.path.join(root, f)


def check(paths, max_fn, max_file):
    """The offenders' descriptions and how many files were read."""
    files = list(dict.fromkeys(rust_files(paths)))
    skipped, found, offenders = set(), {}, []
    for path in files:
        with open(path, encoding="utf-8") as f:
            found[path] = measure(f.read())
        for name in found[path][2]:
            d = module_dir(path)
            skipped.update({os.path.join(d, name + ".rs"), os.path.join(d, name, "mod.rs")})
    for path in files:
        if path in skipped:
            continue
        functions, lines, _ = found[path]
        if lines > max_file:
            offenders.append(f"FILE {path}: {lines} lines without tests (max {max_file})")
        for name, first, length in functions:
            if length > max_fn:
                offenders.append(f"FN   {path}:{first} {name}: {length} lines (max {max_fn})")
    return offenders, len(files) - len(skipped & set(files))


def self_test():
    src = '''
impl<T: Into<u8>> Thing for Vec<T> {
    fn a(&self) -> u8 {
        let s = "}{"; let c = '}'; let r = r#"{"#; // }
        /* { /* } */ { */
        fn inner() {}
        1
    }
    fn decl(&self);
}
fn b<'a>(x: &'a str) -> [u8; 2] where 'a: 'a {
    [0; 2]
}
#[cfg(test)]
#[allow(unused)]
mod tests {
    fn long() {
    }
}
#[cfg(test)]
mod more;
'''
    functions, lines, mods = measure(src)
    expected = [("Vec::a", 3, 6), ("Vec::inner", 6, 1), ("b", 11, 3)]
    assert functions == expected, functions
    assert mods == ["more"], mods
    assert lines == 21 - 8, lines
    assert mask("let x = b'{'; let y = br\"}\";").count("{") == 0
    print("sizes.py self-test passed")


def main(argv):
    max_fn, max_file, paths = MAX_FN, MAX_FILE, []
    args = iter(argv)
    for a in args:
        if a == "--self-test":
            self_test()
            return 0
        elif a == "--max-fn":
            max_fn = int(next(args))
        elif a == "--max-file":
            max_file = int(next(args))
        else:
            paths.append(a)
    if not paths:
        os.chdir(os.path.join(os.path.dirname(os.path.abspath(__file__)), ".."))
        paths = sorted(glob.glob("crates/*/src")) + ["src"]
    offenders, n = check(paths, max_fn, max_file)
    for o in offenders:
        print(o)
    if offenders:
        print(f"sizes: {len(offenders)} over the limits in {n} files "
              f"(functions at most {max_fn} lines, files at most {max_file} without tests)")
        return 1
    print(f"sizes: {n} files, every function at most {max_fn} lines and every file "
          f"at most {max_file} without tests")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
