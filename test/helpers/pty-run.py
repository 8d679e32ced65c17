"""Runs a command on a pseudo-terminal of 40x120 and prints what it wrote there, exiting with its code.

For testing what a program does on a terminal (live progress displays). The window size matters:
on a 0x0 terminal rclone cuts its progress lines to nothing.
"""
import fcntl
import os
import struct
import subprocess
import sys
import termios

master, slave = os.openpty()
fcntl.ioctl(slave, termios.TIOCSWINSZ, struct.pack("HHHH", 40, 120, 0, 0))
proc = subprocess.Popen(sys.argv[1:], stdin=slave, stdout=slave, stderr=slave)
os.close(slave)
out = b""
while True:
    try:
        chunk = os.read(master, 65536)
    except OSError:  # EIO: every process holding the terminal has exited
        break
    if not chunk:
        break
    out += chunk
sys.stdout.buffer.write(out)
sys.exit(proc.wait())
