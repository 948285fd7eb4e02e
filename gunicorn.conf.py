"""gunicorn's settings for the chatbot: `gunicorn -c gunicorn.conf.py` (what `make run` starts).

Any setting can be overridden without editing this file, by gunicorn's own command-line options or
the GUNICORN_CMD_ARGS environment variable (`GUNICORN_CMD_ARGS="--bind 0.0.0.0:8000 --workers 4"`).

Why these values, measured with bench/http.py (wrk, 32 connections, SQLite) on a 2-core machine,
one round of 8 s per endpoint and configuration; figures moved by about a tenth between runs.

                         POST /api/v1/chat, req/s and p99        parse      bare Flask   slow
                         new conversation    continuing          req/s      JSON req/s   clients(1)
    gthread, 2 x 4       1,270/s, 53 ms      1,200/s, 54 ms      2,480/s    6,550/s      10
    gthread, 2 x 8       1,340/s, 53 ms      1,130/s, 63 ms      2,380/s    6,990/s      10
    gthread, 4 x 4       1,480/s, 68 ms      1,340/s, 69 ms      2,470/s    6,590/s      10
    2 x 8, one socket    1,280 or 1,200/s    1,140 or 550/s      1,730 or   1,620 or
                                                                 830/s      6,690/s

    (1) of 10 requests, how many were answered within 1 s while 4 clients held half-sent bodies.

With one listening socket shared by the workers (gunicorn's default), the worker that wakes first
takes most of a burst of new connections, and with keep-alive they stay with it: in four runs the
32 connections were split 19/13, 10/22, 31/1 and 32/0, and the bare endpoint served 6,900, 7,100,
3,800 and 1,600 req/s accordingly; the last line of the table gives two runs of each endpoint, each
served by one or by both cores as its connections fell, and a ratio to the bare endpoint anywhere
from 12 % to 106 %. With `reuse_port` each worker listens on its own socket and the kernel spreads
connections by their address: 10/22, 11/21, 13/19, 12/20 and 6,400-7,100 req/s in every run.

A sync worker is held for as long as a client takes to send its request: two clients that stall
halfway stop two sync workers, and the server answers nobody until gunicorn's 30 s timeout kills
them (measured earlier: 0 of 10 answered). A gthread worker reads requests in a pool of threads, so a
stalled client holds one thread; the worker goes on serving with the others, and only when every
thread of a worker is held do the requests it has taken wait too. 2 workers, one per core (the bot
is CPU-bound: more processes add little), of 8 threads each: 4 workers did a little better on chat
but cost twice the memory, and the thread count changed nothing beyond the noise, so 8 threads
keep the most room for stalled clients (a worker is stopped only by 8 at once). A buffering proxy
in front (README) keeps slow clients off gunicorn.
"""

import logging
import os

wsgi_app = "wsgi:app"
bind = "127.0.0.1:8000"
worker_class = "gthread"
workers = 2
threads = 8
reuse_port = True  # each worker listens on its own socket, and the kernel shares connections out between them
accesslog = "-"
# gunicorn's default line without its first field, the client's address: the site keeps no reader's IP address
access_log_format = '%(t)s "%(r)s" %(s)s %(b)s "%(f)s" "%(a)s" %(L)ss'


def on_starting(server):
    """Upgrade the database's schema once, here in the master, before any worker starts: workers never
    create or change tables, so several starting at once cannot race."""
    from chatbot.storage.database import upgrade_before_serving

    server.log.info("database schema at revision %s", upgrade_before_serving())
    _one_socket_unless_workers_can_bind(server)
    _app_logs_beside_gunicorns(server)


def on_reload(server):
    """A reload (HUP) reads this file again, reuse_port included."""
    _one_socket_unless_workers_can_bind(server)


def _app_logs_beside_gunicorns(server):
    """The app's own messages (an article added, read again or left out; the database unreachable) go
    where gunicorn's go, in its format and at its level; the workers inherit this as they fork."""
    app_log = logging.getLogger("chatbot")
    app_log.handlers = list(server.log.error_log.handlers)
    app_log.setLevel(server.log.error_log.level)
    app_log.propagate = False


def _one_socket_unless_workers_can_bind(server):
    """Workers bind their own sockets only to a TCP address with a fixed port. A unix socket (the kernel
    refuses it SO_REUSEPORT), port 0 ("any free port": each worker would get its own) and sockets
    handed over by systemd or an upgrading master take the one socket the master binds or inherits."""
    handed_over = os.environ.get("LISTEN_FDS") or os.environ.get("GUNICORN_FD")
    if handed_over or not all(isinstance(a, tuple) and a[1] != 0 for a in server.cfg.address):
        server.cfg.set("reuse_port", False)


def when_ready(server):
    if server.cfg.reuse_port:  # the master binds nothing then, and gunicorn's own line names no address
        addresses = ", ".join(f"http://{a[0]}:{a[1]}" if isinstance(a, tuple) else f"unix:{a}"
                              for a in server.cfg.address)
        server.log.info("Listening at: %s, one socket per worker (reuse_port)", addresses)

