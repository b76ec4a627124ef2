"""Embedded broker: kombu's filesystem transport with messages kept in publish order.

Features: direct, topic and fanout exchanges shared by every process on the machine through
a control folder; no publisher confirms, no dead-lettering or delivery limits (the consumer
dead-letters itself). Connection string: `filesystem://` with the folders in the transport
options (`data_folder_in`, `data_folder_out`, `control_folder`).

kombu names message files `<milliseconds>_<uuid4>` and reads them in name order, so two
messages written in the same millisecond come out in random order. Here the name is a
nanosecond clock made strictly increasing per process, which keeps a relay's publish order.
"""

import itertools
import os
import threading
import time

from kombu.exceptions import ChannelError
from kombu.transport import filesystem
from kombu.utils.encoding import str_to_bytes
from kombu.utils.json import dumps

_clock_lock = threading.Lock()
_last_stamp = 0
_counter = itertools.count()


def _stamp() -> int:
    global _last_stamp
    with _clock_lock:
        _last_stamp = max(_last_stamp + 1, time.time_ns())
        return _last_stamp


class Channel(filesystem.Channel):
    def _put(self, queue, payload, **kwargs):  # type: ignore[override]
        name = f"{_stamp():020d}_{os.getpid():08d}{next(_counter):010d}.{queue}.msg"
        path = os.path.join(self.data_folder_out, name)
        partial = path + ".part"
        try:
            # Write then rename, so a reader never picks up a half-written message.
            with open(partial, "wb", buffering=0) as handle:
                handle.write(str_to_bytes(dumps(payload)))
            os.replace(partial, path)
        except OSError as exc:
            raise ChannelError(f"Cannot add file {path!r} to directory") from exc


class Transport(filesystem.Transport):
    Channel = Channel
