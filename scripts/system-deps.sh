#!/bin/sh
# Installs the Debian packages the tests need, only when they are missing:
#   libxml2-utils  xmllint, validates the XML our simulators serve against the pinned XSDs
#   python3-cs cs  Debian's CloudStack client (library + `cloudstack` command), a real peer
#   openssl        makes the throwaway CA and certificates of the TLS tests
#   python3-boto3  botocore (and boto3): checks our EC2 signing, query serializer, XML reader and
#                  compiled waiter JMESPath against botocore's own
#   python3-openstacksdk  Python's openstacksdk, run against our OpenStack simulator as a real client
# Python's stdlib xmlrpc (a real XML-RPC peer) comes with /usr/bin/python3.
set -eu
missing=""
for pkg in libxml2-utils python3-cs cs openssl python3-boto3 python3-openstacksdk; do
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
