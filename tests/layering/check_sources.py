#!/usr/bin/python3
"""Two ways round the include directories, closed in the sources themselves (run by ctest):

- `#include "../network/X.h"` or `"model/drms/../../network/X.h"`: a ".." reaches any folder
  (through a relative path, or back out of the linked folder a target sees), whatever the
  target links. Every project include names its folder from the root, with no "..".
- `#include <QtWidgets/QWidget>`: Qt's include root is on every target's path (Qt's own headers
  need it), so a module-prefixed include compiles in a target that does not link that module.
  Bare class headers (`<QWidget>`) compile only where the module is linked.

Usage: check_sources.py SOURCE_ROOT
"""
import os
import re
import sys

ROOT = os.path.abspath(sys.argv[1] if len(sys.argv) > 1 else os.path.join(os.path.dirname(__file__), "..", ".."))
FOLDERS = ["app", "ui", "model", "network", "tests"]
RELATIVE = re.compile(r'^\s*#\s*include\s*"(\.\.?/|[^"]*/\.\./)')
MODULE_PREFIXED = re.compile(r'^\s*#\s*include\s*<Qt[A-Za-z]+/')

problems = []
files = 0
for top in FOLDERS:
    for folder, dirs, names in os.walk(os.path.join(ROOT, top)):
        for name in names:
            if not name.endswith((".cpp", ".h")):
                continue
            files += 1
            path = os.path.join(folder, name)
            with open(path, encoding="utf-8", errors="replace") as f:
                for number, line in enumerate(f, 1):
                    if RELATIVE.match(line):
                        problems.append(f"{os.path.relpath(path, ROOT)}:{number}: include through '..' or './': {line.strip()}")
                    elif MODULE_PREFIXED.match(line):
                        problems.append(f"{os.path.relpath(path, ROOT)}:{number}: module-prefixed Qt include: {line.strip()}")

for p in problems:
    print(p)
print(f"{files} source files read, {len(problems)} include(s) around the layering")
if files < 300:
    print(f"FAIL: only {files} files found under {ROOT}: wrong root?")
    sys.exit(1)
sys.exit(1 if problems else 0)
