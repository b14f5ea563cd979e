"""Talks to an oVirt engine the way the Python SDK (ovirtsdk4 4.6.x) does on the wire, with the
standard library only: the SSO password grant, headers in the SDK's order, sorted url-encoded
queries, bodies as its writer indents them, and its rules for reading answers and errors.
Prints one JSON document with what came back.

Usage: sdk_wire.py <base url> <username> <password>
"""
import json
import re
import sys
import time
import urllib.error
import urllib.parse
import urllib.request
import xml.etree.ElementTree as ET

BASE, USERNAME, PASSWORD = sys.argv[1:4]
API = BASE + "/ovirt-engine/api"
XML_TYPE = re.compile(r"^\s*(application|text)/xml\s*(;.*)?$")
JSON_TYPE = re.compile(r"^\s*(application|text)/json\s*(;.*)?$")


def send(method, url, body=None, headers=None):
    request = urllib.request.Request(url, data=body, method=method, headers=headers or {})
    try:
        with urllib.request.urlopen(request, timeout=30) as response:
            return response.status, response.headers.get("Content-Type", ""), response.read()
    except urllib.error.HTTPError as error:
        return error.code, error.headers.get("Content-Type", ""), error.read()


def sso(form):
    # The SDK posts the form in this order and asks for JSON.
    body = urllib.parse.urlencode(form).encode()
    headers = {"Accept": "application/json", "User-Agent": "PythonSDK/4.6.3",
               "Content-Type": "application/x-www-form-urlencoded"}
    status, content_type, data = send("POST", BASE + "/ovirt-engine/sso/oauth/token", body, headers)
    assert JSON_TYPE.match(content_type), content_type
    answer = json.loads(data)
    if isinstance(answer, list):
        answer = answer[0]
    if "error" in answer:
        pair = (answer["error"], answer["error_description"]) if "error_description" in answer \
            else (answer["error_code"], answer["error"])
        return status, None, "Error during SSO authentication %s : %s" % pair
    return status, answer["access_token"], None


def api(method, path, token, query=None, body=None):
    url = API + path
    if query:
        url += "?" + urllib.parse.urlencode(sorted(query.items()))
    headers = {"User-Agent": "PythonSDK/4.6.3", "Version": "4", "Content-Type": "application/xml",
               "Accept": "application/xml", "Authorization": "Bearer " + token}
    status, content_type, data = send(method, url, body.encode() if body else None, headers)
    if not data:
        return status, None
    assert XML_TYPE.match(content_type), "The response content type '%s' isn't the expected XML" % content_type
    return status, ET.fromstring(data)


def fault_message(status, root):
    assert root.tag == "fault", "Expected a fault, but got " + root.tag
    return 'Fault reason is "%s". Fault detail is "%s". HTTP response code is %d.' % (
        root.findtext("reason"), root.findtext("detail"), status)


result = {}
_, token, _ = sso([("grant_type", "password"), ("scope", "ovirt-app-api"),
                   ("username", USERNAME), ("password", PASSWORD)])

status, vms = api("GET", "/vms", token, {"search": "name=web*", "max": "10"})
result["list"] = [status, vms.tag, [(vm.findtext("name"), vm.findtext("status")) for vm in vms]]
result["links"] = sorted(link.get("rel") for link in vms[0].findall("link"))

body = ("<vm>\n  <name>py01</name>\n  <cluster>\n    <name>Default</name>\n  </cluster>\n"
        "  <template>\n    <name>tiny</name>\n  </template>\n</vm>\n")
status, vm = api("POST", "/vms", token, body=body)
vm_id = vm.get("id")
result["add"] = [status in (200, 201, 202), vm.get("href") == "/ovirt-engine/api/vms/" + vm_id, vm.findtext("status")]

deadline = time.time() + 20
while api("GET", "/vms/" + vm_id, token)[1].findtext("status") != "down":
    assert time.time() < deadline, "the new VM never went down"
    time.sleep(0.01)

status, action = api("POST", "/vms/%s/start" % vm_id, token, body="<action>\n  <async>false</async>\n</action>\n")
result["start"] = [status, action.tag, action.findtext("status"), action.find("vm").findtext("status")]

status, again = api("POST", "/vms/%s/start" % vm_id, token, body="<action/>\n")
result["start_again"] = fault_message(status, again)

status, missing = api("GET", "/vms/no-such-vm", token)
result["missing"] = fault_message(status, missing)

result["wrong_password"] = sso([("grant_type", "password"), ("scope", "ovirt-app-api"),
                                ("username", USERNAME), ("password", "wrong")])[::2]

status, _, data = send("POST", BASE + "/ovirt-engine/services/sso-logout",
                       urllib.parse.urlencode([("scope", "ovirt-app-api"), ("token", token)]).encode(),
                       {"Content-Type": "application/x-www-form-urlencoded"})
revoked = send("GET", API, None, {"Version": "4", "Authorization": "Bearer " + token})[0]
result["logout"] = [status, "error" in json.loads(data), revoked]

print(json.dumps(result))
