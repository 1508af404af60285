"""Starts moto's server with one fix: moto 5.2.1 parses the creation_date strings of the
MOTO_AMIS_PATH list in place, so the second region (or account) that loads the list gets a
datetime where it expects a string and answers HTML 500. Parse only strings."""
import datetime
import sys

import moto.ec2.models.amis as amis

_parse = amis.parse_timestamp


def _parse_once(value):
    return value if isinstance(value, datetime.datetime) else _parse(value)


amis.parse_timestamp = _parse_once

from moto.server import main  # noqa: E402

if __name__ == "__main__":
    main(sys.argv[1:])
