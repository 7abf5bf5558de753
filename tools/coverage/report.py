# Copyright (c) 2026 sessionctl.windows contributors
# GNU General Public License v3.0+ (see COPYING or https://www.gnu.org/licenses/gpl-3.0.txt)
"""Line coverage of the native-layer classes from Mono's coverage profiler XML (tools/native_coverage.sh).

A line counts when the profiler has a statement on it for a method of the class (every method is JIT-compiled
first, so unexecuted methods are listed too); it is covered when one of those statements ran (counter > 0).
An entry Class.Method counts that method alone (it is not added to the total).
"""
import collections
import sys
import xml.etree.ElementTree as ET


def main(path, classes):
    wanted = classes.split(',')
    lines = collections.defaultdict(dict)  # class -> {(file, line): covered}
    for _event, el in ET.iterparse(path):
        if el.tag != 'method':
            continue
        cls = el.get('class') or ''
        if el.get('assembly') != 'SessionCtl.Tests':
            el.clear()
            continue
        outer = cls.split('/')[0].split('.')[-1]
        method = outer + '.' + (el.get('name') or '').split(' ')[0]
        keys = [k for k in (outer, method) if k in wanted]
        if not keys:
            el.clear()
            continue
        fname = el.get('filename') or ''
        for st in el.findall('statement'):
            line = int(st.get('line'))
            if line <= 0 or line >= 0xfeefee:
                continue
            for k in keys:
                lines[k][(fname, line)] = lines[k].get((fname, line), False) or int(st.get('counter')) > 0
        el.clear()
    total = covered = 0
    print('%-40s %8s %8s %7s' % ('class (or Class.Method)', 'covered', 'lines', '%'))
    for c in wanted:
        d = lines.get(c, {})
        n, k = len(d), sum(1 for v in d.values() if v)
        if '.' not in c:
            total += n
            covered += k
        print('%-40s %8d %8d %6.1f%%' % (c, k, n, 100.0 * k / n if n else 0.0))
    print('%-40s %8d %8d %6.1f%%' % ('all classes', covered, total, 100.0 * covered / total if total else 0.0))


if __name__ == '__main__':
    main(sys.argv[1], sys.argv[2])
