#!/usr/bin/env python3
"""sock_driver.py RUNNER MODULE MODE - runs the sockets test program with a
socket the host hands in: MODE "conn" gives it a connected stream socket as
stdin and stdout, "accept" a listening socket as stdin, to which this driver
connects. Prints the program's report (its stderr), what the peer received
and the exit status, for run.sh to compare. RUNNER may be several words."""
import os
import socket
import subprocess
import sys
import tempfile
import time


def peer(sock):
    sock.sendall(b"hello world\n")
    time.sleep(0.2)
    sock.shutdown(socket.SHUT_WR)
    got = b""
    while True:
        chunk = sock.recv(4096)
        if not chunk:
            break
        got += chunk
    return got


def main():
    runner, module, mode = sys.argv[1].split(), sys.argv[2], sys.argv[3]
    err = tempfile.TemporaryFile()
    if mode == "conn":
        mine, theirs = socket.socketpair(socket.AF_UNIX, socket.SOCK_STREAM)
        proc = subprocess.Popen(runner + [module, "conn"], stdin=theirs, stdout=theirs, stderr=err)
        theirs.close()
        got = peer(mine)
    else:
        path = os.path.join(tempfile.mkdtemp(), "listen.sock")
        lst = socket.socket(socket.AF_UNIX, socket.SOCK_STREAM)
        lst.bind(path)
        lst.listen(1)
        proc = subprocess.Popen(runner + [module, "accept"], stdin=lst, stdout=subprocess.DEVNULL,
                                stderr=err)
        lst.close()
        cli = socket.socket(socket.AF_UNIX, socket.SOCK_STREAM)
        cli.connect(path)
        got = peer(cli)
        cli.close()
        os.unlink(path)
    rc = proc.wait(timeout=30)
    err.seek(0)
    sys.stdout.write(err.read().decode())
    sys.stdout.write("peer received: %r\n" % got)
    sys.stdout.write("exit: %d\n" % rc)


main()
