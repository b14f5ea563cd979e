#!/bin/sh
# Installs the Debian packages the tests need, only when they are missing:
#   libxml2-utils  xmllint, validates the XML our simulators serve against the pinned XSDs
#   python3-cs cs  Debian's CloudStack client (library + `cloudstack` command), a real peer
#   openssl        makes the throwaway CA and certificates of the TLS tests
#   python3-boto3  botocore (and boto3): checks our EC2 signing, query serializer, XML reader and
#                  compiled waiter JMESPath against botocore's own
#   python3-openstacksdk  Python's openstacksdk, run against our OpenStack simulator as a real client
#   python3-keystone python3-glance glance-api  the real Keystone and Glance the tests start on
#                  127.0.0.1 with sqlite (test/src/support/real-openstack.ts): our OpenStack client
#                  against them, and our EC2 signatures against Keystone's POST /v3/ec2tokens.
#                  Installing them starts nothing (no systemd in use; glance-api only drops a unit)
#   python3-openstackclient  the `openstack` command, a real peer for the same services
#   python3-pycurl python3-lxml python3-xmltodict python3-six python3-tblib python3-requests
#   python3-dict2xml  what ovirtsdk4 and pyone (the Python peers in ../shared/peers) import:
#                  `npm run bench -- peers` runs them beside our oVirt and OpenNebula clients
# Python's stdlib xmlrpc (a real XML-RPC peer) comes with /usr/bin/python3.
set -eu
missing=""
for pkg in libxml2-utils python3-cs cs openssl python3-boto3 python3-openstacksdk \
  python3-keystone python3-glance glance-api python3-openstackclient \
  python3-pycurl python3-lxml python3-xmltodict python3-six python3-tblib python3-requests python3-dict2xml; do
  dpkg-query -W -f='${Status}' "$pkg" 2>/dev/null | grep -q 'install ok installed' || missing="$missing $pkg"
done
[ -z "$missing" ] && exit 0
echo "installing Debian packages:$missing"
SUDO=""
[ "$(id -u)" -ne 0 ] && SUDO="sudo"
export DEBIAN_FRONTEND=noninteractive
$SUDO apt-get update -qq
# shellcheck disable=SC2086
$SUDO apt-get install -y -qq --no-install-recommends $missing
