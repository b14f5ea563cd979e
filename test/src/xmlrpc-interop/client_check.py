"""A real XML-RPC peer for the interop tests: Python's stdlib xmlrpc.client calling our server.

Usage: client_check.py URL. Calls the Node server (which decodes with decodeMethodCall and answers
with encodeMethodResponse / encodeFault), checks every answer, prints one "ok <check>" line per
passed check and exits non-zero with the reason on the first failure.
"""
import math
import sys
import xmlrpc.client
from datetime import datetime

proxy = xmlrpc.client.ServerProxy(sys.argv[1], allow_none=True, use_builtin_types=True)


def check(name, got, expected):
    if got != expected or type(got) is not type(expected):
        sys.exit(f"FAIL {name}: got {got!r}, expected {expected!r}")
    print(f"ok {name}", flush=True)


# Values Python sends, echoed back by our server: our decoder read them and our encoder wrote them.
echoes = {
    "int": 7,
    "negative int": -(2**31),
    "boolean true": True,
    "boolean false": False,
    "string": "plain",
    "string with markup": "<VM_POOL>&amp; \"quoted\" 'single'</VM_POOL>",
    "string with unicode": "café тест 😀 \u2028",
    "empty string": "",
    "double": 1.5,
    "tiny double": 5e-324,
    "huge double": 1.7976931348623157e308,
    "infinity": math.inf,
    "datetime": datetime(2024, 2, 29, 23, 59, 58),
    "bytes": bytes(range(256)) * 3,
    "empty bytes": b"",
    "none": None,
    "list": [1, "two", [3.0, None], {}],
    "empty list": [],
    "dict": {"NAME": "vm", "ID": 7, "TEMPLATE": {"CPU": "0.5", "DISKS": [{"SIZE": 1024}]}},
    "dict with odd keys": {"": 1, "a b": 2, "<&>": 3, "__proto__": 4},
}
for name, value in echoes.items():
    check(f"echo {name}", proxy.echo(value), value)

nan = proxy.echo(math.nan)
if not (isinstance(nan, float) and math.isnan(nan)):
    sys.exit(f"FAIL echo nan: got {nan!r}")
print("ok echo nan", flush=True)

# JavaScript has one number type: an integral double is an integer to us and comes back as <int>.
check("integral double", proxy.echo(3.0), 3)
check("negative zero", proxy.echo(-0.0), 0)

# Python writes a CR raw; XML line-end normalization turns it into LF on our side.
check("echo carriage return", proxy.echo("a\r\nb\rc"), "a\nb\nc")

# Values only our side produces: <i8> beyond 32 bits, the nil of both spellings.
check("i8 values", proxy.big(), [2**40, 2**60, -(2**63), 2**63 - 1])
check("params arrive in order", proxy.kinds("a", 2, None, [1], {}), ["string", "number", "null", "array", "object"])

# Faults.
try:
    proxy.fail(42, "nope <&>")
    sys.exit("FAIL fault: no Fault raised")
except xmlrpc.client.Fault as fault:
    check("fault code", fault.faultCode, 42)
    check("fault string", fault.faultString, "nope <&>")

try:
    proxy.no_such_method()
    sys.exit("FAIL unknown method: no Fault raised")
except xmlrpc.client.Fault as fault:
    check("unknown method fault", fault.faultCode, -32601)
