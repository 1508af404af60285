"""Starts moto's server with two additions.

moto 5.2.1 parses the creation_date strings of the MOTO_AMIS_PATH list in place, so the second
region (or account) that loads the list gets a datetime where it expects a string and answers HTML
500. Parse only strings.

GET /moto-api/kube-tui/in-flight answers how many requests moto is still working on: a process
killed mid-call leaves its request to be done after it died, and a test waits for that before it
looks (on AWS the answer takes milliseconds; moto on a loaded machine takes seconds)."""
import datetime
import sys
import threading

import moto.ec2.models.amis as amis

_parse = amis.parse_timestamp


def _parse_once(value):
    return value if isinstance(value, datetime.datetime) else _parse(value)


amis.parse_timestamp = _parse_once

import moto.server as server  # noqa: E402

IN_FLIGHT_PATH = "/moto-api/kube-tui/in-flight"
_lock = threading.Lock()
_in_flight = 0


def _counting(app):
    def counted(environ, start_response):
        global _in_flight
        if environ.get("PATH_INFO") == IN_FLIGHT_PATH:
            with _lock:
                body = str(_in_flight).encode()
            start_response("200 OK", [("Content-Type", "text/plain"), ("Content-Length", str(len(body)))])
            return [body]
        with _lock:
            _in_flight += 1
        try:
            answer = app(environ, start_response)
            try:
                # Drawn out here, so the count covers the whole answer.
                return list(answer)
            finally:
                if hasattr(answer, "close"):
                    answer.close()
        finally:
            with _lock:
                _in_flight -= 1

    return counted


_run_simple = server.run_simple


def _run_counting(host, port, app, *args, **kwargs):
    return _run_simple(host, port, _counting(app), *args, **kwargs)


server.run_simple = _run_counting

if __name__ == "__main__":
    server.main(sys.argv[1:])
