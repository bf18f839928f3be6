"""Runs heisenbridge for the PTG bot's IRC tests, without its IRC output throttle.

Takes the same arguments as the `heisenbridge` command. Test rigs only: never use this against a
real IRC network.

Why: stock heisenbridge (heisenbridge/irc.py, class HeisenConnection) does not write IRC lines
directly. `send_raw(line, priority, tag)` puts them in a priority queue, and a task (`_run`)
takes them out and writes them, sleeping 1.5 to 6 seconds after every line longer than 128
bytes and after bursts of more than about five lines a second (flood protection for public
networks). `send_items` gives PRIVMSG priority 1 and NOTICE priority 2, so while lines wait, a
NOTICE (an m.notice from Matrix) is overtaken by every later PRIVMSG. On a loopback test server
this only makes tests slow (seconds per multi-line reply) and their line order depend on timing.

What this changes, and nothing else:
  * `HeisenConnection._run` is replaced by a loop that writes each queued line at once;
  * `HeisenConnection.send_raw` queues every line at priority 0 except PONG (-1, still first),
    so that lines leave in the order heisenbridge produced them.
The queue itself, its tags (used to drop lines for a parted channel) and everything else stay
stock. If heisenbridge is not the version these patches were written for, this refuses to start.
"""

import asyncio
import importlib.metadata
import logging
import os
import sys

from irc.client_aio import AioConnection

from heisenbridge import irc as heisen_irc
from heisenbridge.__main__ import main

EXPECTED_VERSION = os.environ.get("PTG_HEISENBRIDGE_VERSION")

connection_class = heisen_irc.HeisenConnection
stock_send_raw = connection_class.send_raw


async def write_lines_in_order(self):
    """Replaces HeisenConnection._run: writes queued lines as they come, without sleeping."""
    while True:
        try:
            _priority, line, _tag = await self._queue.get()
        except asyncio.CancelledError:
            break
        try:
            # HeisenConnection.send_raw only queues; AioConnection.send_raw writes to the socket.
            AioConnection.send_raw(self, line)
        except Exception:
            logging.exception("Failed to send a line to IRC")
        finally:
            self._queue.task_done()
        # Let the rest of the bridge run between lines, as the stock loop does when it sleeps.
        await asyncio.sleep(0)


def queue_in_order(self, string, priority=0, tag=None):
    """Wraps HeisenConnection.send_raw: one priority for everything but PONG."""
    return stock_send_raw(self, string, min(priority, 0), tag)


def check_patch_targets():
    installed = importlib.metadata.version("heisenbridge")
    if EXPECTED_VERSION is not None and installed != EXPECTED_VERSION:
        sys.exit(
            f"hb_fast.py: heisenbridge {installed} is installed, but these patches were written "
            f"for {EXPECTED_VERSION}: check test/irc/hb_fast.py against the new irc.py"
        )
    for name in ("_run", "send_raw", "send_items"):
        if not callable(getattr(connection_class, name, None)):
            sys.exit(f"hb_fast.py: heisenbridge.irc.HeisenConnection has no {name}() any more")


if __name__ == "__main__":
    check_patch_targets()
    connection_class._run = write_lines_in_order
    connection_class.send_raw = queue_in_order
    main()
