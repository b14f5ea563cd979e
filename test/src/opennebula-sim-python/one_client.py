"""Drives the OpenNebula simulator with Python's stdlib xmlrpc.client, as pyone would over XML-RPC.

Usage: one_client.py ENDPOINT SESSION. Prints one JSON object with what each step answered.
"""
import json
import sys
import time
import xml.etree.ElementTree as ET
import xmlrpc.client

endpoint, session = sys.argv[1], sys.argv[2]
one = xmlrpc.client.ServerProxy(endpoint).one
out = {}


def ok(answer):
    """oned answers [True, value, 0]; anything else is a failure the caller did not expect."""
    if not answer[0]:
        raise SystemExit("unexpected failure: %r" % (answer,))
    return answer[1]


def vm_state(vm_id):
    doc = ET.fromstring(ok(one.vm.info(session, vm_id)))
    return int(doc.findtext("STATE")), int(doc.findtext("LCM_STATE"))


def wait_for(vm_id, state, lcm):
    deadline = time.monotonic() + 10
    while vm_state(vm_id) != (state, lcm):
        if time.monotonic() > deadline:
            raise SystemExit("VM %d never reached %d/%d" % (vm_id, state, lcm))
        time.sleep(0.005)


out["version"] = ok(one.system.version(session))
out["host"] = ok(one.host.allocate(session, "node1", "kvm", "kvm", -1))
template = ok(one.template.allocate(session, 'NAME = "py"\nCPU = 1\nMEMORY = 128\nDISK = [ SIZE = "1024" ]'))
out["template"] = template
vm = ok(one.template.instantiate(session, template, "py-vm"))
out["vm"] = vm
wait_for(vm, 3, 3)
info = ET.fromstring(ok(one.vm.info(session, vm)))
out["info"] = {
    "name": info.findtext("NAME"),
    "memory": info.findtext("TEMPLATE/MEMORY"),
    "hostname": info.findtext("HISTORY_RECORDS/HISTORY/HOSTNAME"),
}
pool = ET.fromstring(ok(one.vmpool.info(session, -2, -1, -1, -1)))
out["pool"] = [int(v.findtext("ID")) for v in pool.findall("VM")]
ok(one.vm.action(session, "poweroff", vm))
wait_for(vm, 8, 0)
ok(one.vm.action(session, "resume", vm))
wait_for(vm, 3, 3)
ok(one.vm.action(session, "terminate", vm))
wait_for(vm, 6, 0)
out["after_terminate"] = vm_state(vm)
out["wrong_session"] = list(one.vm.info("oneadmin:wrong", vm))
out["no_such_vm"] = list(one.vm.info(session, 4242))
out["illegal_action"] = list(one.vm.action(session, "suspend", vm))[:3]
try:
    one.vm.fly(session)
    out["unknown_method"] = None
except xmlrpc.client.Fault as fault:
    out["unknown_method"] = fault.faultCode
print(json.dumps(out))
