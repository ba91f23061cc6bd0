#!/usr/bin/python3
"""interop_bind: Bind as a TSIG-keyed secondary of radixd (issue 5).

Initial AXFR; a batch of nsupdate changes (NOTIFY acknowledged, IXFR
served, the secondary's AXFR equal to radixd's record for record, radixd
sees it catch up); a zone-file edit plus SIGHUP (the same); the secondary
stopped during an update and restarted catches up; transfers without the
key or from 127.0.0.2 are refused. Exits 77 when the peer is missing.
"""

import os
import sys

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))

import xfr_util

xfr_util.interop(xfr_util.Bind)
