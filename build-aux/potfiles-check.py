#!/usr/bin/env python3
# SPDX-License-Identifier: GPL-3.0-or-later
# Lists the source files with translatable strings, in the order po/POTFILES.in keeps them
# (data files first, then src/ by folder). `--check` fails when POTFILES.in differs, so a
# new file's strings cannot be left out of the catalogue (run by `meson test`).
import os, re, subprocess, sys

top = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
marks = re.compile(r'\b(_|N_|C_|NC_|g_dngettext|ngettext|g_dpgettext2)\s*\(|translatable="yes"')
files = subprocess.run(['git', 'ls-files', '--cached', '--others', '--exclude-standard', 'data', 'src'], cwd=top, capture_output=True,
                       text=True, check=True).stdout.split()
files = sorted(set(files))  # a file in a merge conflict is listed once per stage
# Desktop entry, metainfo and schema strings are found by gettext's own rules, not by marks.
found = [f for f in files if re.match(r'data/.*\.(desktop\.in|metainfo\.xml\.in|gschema\.xml)$', f)]
for f in files:
    if f.startswith('data/'):
        continue
    if not re.search(r'\.(c|ui|in|xml)$', f) or f.endswith('.gresource.xml'):
        continue
    with open(os.path.join(top, f), encoding='utf-8') as fh:
        if marks.search(fh.read()):
            found.append(f)
found.sort(key=lambda f: (not f.startswith('data/'), os.path.dirname(f), f))
text = '# List of source files containing translatable strings.\n' + '\n'.join(found) + '\n'
if '--check' in sys.argv:
    with open(os.path.join(top, 'po', 'POTFILES.in'), encoding='utf-8') as fh:
        if fh.read() != text:
            sys.exit('po/POTFILES.in is not the list of files with translatable strings; '
                     'run build-aux/potfiles-check.py > po/POTFILES.in')
else:
    sys.stdout.write(text)
