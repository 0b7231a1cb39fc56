"""A real SMTP server (aiosmtpd) on loopback that stores every message it receives in a Maildir,
for the mail tests.

Usage: python smtp_capture.py PORT MAILDIR

PORT 0 lets the operating system pick a free port; the port it listens on is printed as the first
line of standard output once it accepts connections. The tests read it from there instead of
picking a port beforehand, which another process could take in between. Each message is in the
Maildir before the server answers 250 to the sender.
"""
import asyncio
import sys

from aiosmtpd.handlers import Mailbox
from aiosmtpd.smtp import SMTP


async def main(port, maildir):
    loop = asyncio.get_running_loop()
    server = await loop.create_server(lambda: SMTP(Mailbox(maildir)), "127.0.0.1", port)
    print(server.sockets[0].getsockname()[1], flush=True)
    await server.serve_forever()


if __name__ == "__main__":
    asyncio.run(main(int(sys.argv[1]), sys.argv[2]))
