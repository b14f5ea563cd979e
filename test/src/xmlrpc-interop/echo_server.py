"""A real XML-RPC peer for the interop tests: Python's stdlib SimpleXMLRPCServer on 127.0.0.1.

Prints the port it listens on, then serves until killed.
"""
import xmlrpc.client
from xmlrpc.server import SimpleXMLRPCServer

server = SimpleXMLRPCServer(
    ("127.0.0.1", 0), allow_none=True, use_builtin_types=True, logRequests=False
)


def echo(value):
    """Returns its argument: Python decodes our request and encodes its own response."""
    return value


def describe(*values):
    """How Python read each argument: [type name, repr]."""
    return [[type(value).__name__, repr(value)] for value in values]


def fail(message):
    """An ordinary exception, which the server turns into fault code 1."""
    raise ValueError(message)


def fault(code, message):
    """An explicit fault with the given code."""
    raise xmlrpc.client.Fault(code, message)


for function in (echo, describe, fail, fault):
    server.register_function(function)

print(server.server_address[1], flush=True)
server.serve_forever()
