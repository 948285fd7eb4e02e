"""gunicorn's settings for the chatbot: `gunicorn -c gunicorn.conf.py` (what `make run` starts).

Any setting can be overridden without editing this file, by gunicorn's own command-line options or
the GUNICORN_CMD_ARGS environment variable (`GUNICORN_CMD_ARGS="--bind 0.0.0.0:8000 --workers 4"`).

Why these values, measured with bench/http.py (wrk, 32 connections) on a 2-core machine that other
jobs were using too: each figure is the median of 3 rounds, configurations taking turns, and still
moved by a third or more from one set of rounds to the next (so did the server's CPU per request).

                     slow clients(1)  POST /api/v1/chat, req/s and p99    parse, SQLite  bare Flask JSON
                                      SQLite            PostgreSQL
    sync, 2 workers  0, 0, 0          160/s, 680 ms     200/s, 290 ms     710/s          1,700/s
    gthread, 2 x 4   10, 5, 3         220/s, 410 ms     370/s, 190 ms     1,020/s        2,700/s
    gthread, 2 x 8   10, 10, 10       180/s, 1,680 ms   260/s, 230 ms     580/s          1,800/s

    (1) of 10 requests, how many were answered within 1 s while 4 clients held half-sent bodies.

An earlier set, on SQLite: sync with 4 workers, chat 120/s and 0-2 of 10 answered beside slow
clients; gthread 2 x 2, 150/s and 5-7; 4 x 2, 170/s and 7-10. A later set of 2 x 4, 2 x 6 and 2 x 8:
chat 170, 250 and 190/s on PostgreSQL, 110, 190 and 160/s on SQLite; 2-10, 10 and 10 answered.

A sync worker is held for as long as a client takes to send its request: two clients that stall
halfway stop two sync workers, and the server answers nobody until gunicorn's 30 s timeout kills
them. A gthread worker reads requests in a pool of threads, so a stalled client holds one thread;
the worker goes on serving with the others, and only when every thread of a worker is held do the
requests it has taken wait too (they do with 4 threads: the 4 stalled clients often land in one
worker). 2 workers, one per core (the bot is CPU-bound: more processes add no CPU), of 8 threads each,
answered every request with 4 clients stalled, and a worker is stopped only by 8 such clients at once.
Threads also keep connections alive (sync closes each), so the cheap endpoints gain most. No thread
count was faster than another beyond the noise, except that on SQLite more threads wait longer for
its single write lock (chat's p99). A buffering proxy in front (README) keeps slow clients off gunicorn.
"""

wsgi_app = "wsgi:app"
bind = "127.0.0.1:8000"
worker_class = "gthread"
workers = 2
threads = 8
reuse_port = True  # each worker listens on its own socket, and the kernel shares connections out between them
accesslog = "-"


def on_starting(server):
    """Upgrade the database's schema once, here in the master, before any worker starts: workers never
    create or change tables, so several starting at once cannot race."""
    from chatbot.database import upgrade_before_serving

    server.log.info("database schema at revision %s", upgrade_before_serving())
    if any(isinstance(address, tuple) and address[1] == 0 for address in server.cfg.address):
        server.cfg.set("reuse_port", False)  # "any free port": one, bound by the master, not one per worker


def when_ready(server):
    if server.cfg.reuse_port:  # the master binds nothing then, and gunicorn's own line names no address
        addresses = ", ".join(f"http://{a[0]}:{a[1]}" if isinstance(a, tuple) else f"unix:{a}"
                              for a in server.cfg.address)
        server.log.info("Listening at: %s, one socket per worker (reuse_port)", addresses)

