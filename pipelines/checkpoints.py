"""Named points where a test may stop this process dead, to prove what the next process does about it.

`MLOPS_TEST_CRASH_AT=<name>` makes the process SIGKILL itself on reaching the checkpoint of that name: no
`finally`, no atexit, exactly what a power cut or the OOM killer leaves. Unset (always, outside tests), a
checkpoint is one dictionary lookup. The product path around it is the real one.
"""

from __future__ import annotations

import os
import signal

ENV = "MLOPS_TEST_CRASH_AT"
DEPLOY_BEFORE_MOVE = "deploy.before_move"  # the approval claimed under the lock; production not yet moved
DEPLOY_ALIAS_MOVED = "deploy.alias_moved"  # production moved; its history tag, audit and approval not yet written


def checkpoint(name: str) -> None:
    if os.environ.get(ENV) == name:
        os.kill(os.getpid(), signal.SIGKILL)
