"""Starts moto's server with two additions.

moto 5.2.1 parses the creation_date strings of the MOTO_AMIS_PATH list in place, so the second
region (or account) that loads the list gets a datetime where it expects a string and answers HTML
500. Parse only strings.

GET /moto-api/kube-tui/in-flight answers how many requests moto is still working on: a process
killed mid-call leaves its request to be done after it died, and a test waits for that before it
looks (on AWS the answer takes milliseconds; moto on a loaded machine takes seconds).

moto's threaded server works on several requests at once over dictionaries nothing locks, so a
call can die with an HTML 500 ("dictionary changed size during iteration") because another one
changed them: seen for CreateSecurityGroup beside the rest of a create. AWS applies each call
whole, so moto here does too: a request's body is read first, then moto works on it alone among
the calls of its services. EC2, Auto Scaling, the load balancers and IAM read each other's
dictionaries (a launch reads the instance profile), so they take one lock; S3, STS and Logs each
their own (one lock for all made a cold `up` another 0.1 s slower).
The moto API (a reset) takes every lock. GET /moto-api/kube-tui/peak answers the most requests
moto ever worked on at once under one lock (1).

GET /moto-api/kube-tui/errors answers the tracebacks of moto's 500s since the last reset, newest
last, so a failed test can show why moto answered HTML."""
import collections
import contextlib
import datetime
import io
import re
import sys
import threading
import traceback
import urllib.parse

import moto.ec2.models.amis as amis

_parse = amis.parse_timestamp


def _parse_once(value):
    return value if isinstance(value, datetime.datetime) else _parse(value)


amis.parse_timestamp = _parse_once

import moto.server as server  # noqa: E402

import flask  # noqa: E402

_count_lock = threading.Lock()
_in_flight = 0
_peak = 0
# The services whose moto backends share dictionaries, and the lock each group takes.
_GROUP_OF = {"ec2": "compute", "autoscaling": "compute", "elasticloadbalancing": "compute", "iam": "compute"}
_LOCKS = {group: threading.Lock() for group in ("compute", "logs", "other", "s3", "sts")}
_working = {group: 0 for group in _LOCKS}
# SigV4 names the service in its credential scope: in the Authorization header, or the query.
_SCOPE = re.compile(r"Credential=[^/,]+/\d{8}/[^/]+/([a-z0-9-]+)/aws4_request")
_errors = collections.deque(maxlen=20)


def _remember_error(sender, exception, **extra):
    _errors.append("".join(traceback.format_exception(exception)))


flask.got_request_exception.connect(_remember_error)


# What the harness answers itself, as text, beside moto's own API.
_REPORTS = {
    "/moto-api/kube-tui/in-flight": lambda: str(_in_flight),
    "/moto-api/kube-tui/peak": lambda: str(_peak),
    "/moto-api/kube-tui/errors": lambda: "\n".join(_errors),
}


def _text(start_response, text):
    body = text.encode()
    start_response("200 OK", [("Content-Type", "text/plain"), ("Content-Length", str(len(body)))])
    return [body]


def _read_body(environ):
    """The whole body, read before moto is taken: a slow or killed client never holds moto."""
    stream = environ.get("wsgi.input")
    if stream is None:
        return
    length = environ.get("CONTENT_LENGTH")
    if length:
        body = stream.read(int(length))
    elif environ.get("wsgi.input_terminated"):
        body = stream.read()
    else:
        return
    environ["wsgi.input"] = io.BytesIO(body)


def _groups_of(environ):
    """The lock groups a request takes, in one fixed order (no deadlock)."""
    if environ.get("PATH_INFO", "").startswith("/moto-api/"):
        return sorted(_LOCKS)
    scope = environ.get("HTTP_AUTHORIZATION", "") + " " + urllib.parse.unquote(environ.get("QUERY_STRING", ""))
    match = _SCOPE.search(scope)
    if not match:
        return sorted(_LOCKS)
    service = match.group(1)
    group = _GROUP_OF.get(service, service)
    return [group if group in _LOCKS else "other"]


def _counting(app):
    def counted(environ, start_response):
        global _in_flight, _peak
        path = environ.get("PATH_INFO")
        report = _REPORTS.get(path)
        if report:
            return _text(start_response, report())
        if path == "/moto-api/reset":
            _errors.clear()
        with _count_lock:
            _in_flight += 1
        try:
            _read_body(environ)
            groups = _groups_of(environ)
            with contextlib.ExitStack() as held:
                for group in groups:
                    held.enter_context(_LOCKS[group])
                with _count_lock:
                    for group in groups:
                        _working[group] += 1
                        _peak = max(_peak, _working[group])
                try:
                    answer = app(environ, start_response)
                    try:
                        # Drawn out here, so the count and the lock cover the whole answer.
                        return list(answer)
                    finally:
                        if hasattr(answer, "close"):
                            answer.close()
                finally:
                    with _count_lock:
                        for group in groups:
                            _working[group] -= 1
        finally:
            with _count_lock:
                _in_flight -= 1

    return counted


_run_simple = server.run_simple


def _run_counting(host, port, app, *args, **kwargs):
    return _run_simple(host, port, _counting(app), *args, **kwargs)


server.run_simple = _run_counting

if __name__ == "__main__":
    server.main(sys.argv[1:])
