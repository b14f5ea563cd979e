"""A stand-in oned built on Python's stdlib xmlrpc.server, for the OpenNebula client interop test.

Usage: one_server.py SESSION ANSWERS_JSON. Prints the port it listens on (127.0.0.1), then serves:
every call's first parameter must be SESSION (else oned's authentication failure), the answer is
[True, ANSWERS[method], 0] when the method has an answer, else oned's no-such-object failure;
`test.calls` returns the calls received so far as [method, params] pairs.
"""
import json
import sys
from xmlrpc.server import SimpleXMLRPCRequestHandler, SimpleXMLRPCServer


class Quiet(SimpleXMLRPCRequestHandler):
    rpc_paths = ('/RPC2',)

    def log_message(self, *args):
        pass


def main():
    session, answers_path = sys.argv[1], sys.argv[2]
    with open(answers_path, encoding='utf-8') as f:
        answers = json.load(f)
    calls = []

    class OneDispatcher:
        def _dispatch(self, method, params):
            if method == 'test.calls':
                return calls
            calls.append([method, list(params)])
            if not params or params[0] != session:
                return [False, '[%s] User couldn\'t be authenticated, aborting call.' % method, 0x100, -1]
            if method == 'one.vm.action' and params[1] == 'explode':
                return [False, '[one.vm.action] Wrong action: explode', 0x1000, -1]
            if method in answers:
                return [True, answers[method], 0]
            return [False, '[%s] Error getting object.' % method, 0x400, -1]

    server = SimpleXMLRPCServer(('127.0.0.1', 0), requestHandler=Quiet, logRequests=False, allow_none=True)
    server.register_instance(OneDispatcher())
    print(server.server_address[1], flush=True)
    server.serve_forever()


if __name__ == '__main__':
    main()
