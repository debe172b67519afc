"""This machine's address on the venue's network, for the judges' links and the console's 扫码 address."""

from __future__ import annotations

import socket


def lan_address() -> str:
    """This machine's address on its local network (the interface the default route uses), else 127.0.0.1.

    Connecting a UDP socket sends nothing; it only asks the kernel which interface it would use.
    """
    for probe in ("192.168.0.1", "10.255.255.255", "172.16.0.1"):
        s = socket.socket(socket.AF_INET, socket.SOCK_DGRAM)
        try:
            s.connect((probe, 9))
            address = s.getsockname()[0]
            if address and not address.startswith("0."):
                return address
        except OSError:
            continue
        finally:
            s.close()
    return "127.0.0.1"
