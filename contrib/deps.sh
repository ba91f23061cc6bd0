#!/bin/sh
# Install the Debian 12 packages radixdns needs to build and test, when missing.
# Usage: contrib/deps.sh [build|test]   (default: test, which is a superset)
set -eu
build="autoconf automake libtool pkg-config make gcc libbsd-dev zlib1g-dev libssl-dev check"
test="$build clang ldnsutils bind9-utils bind9-dnsutils knot knot-dnsutils knot-dnssecutils nsd bind9 python3-dnspython python3-cryptography python3-idna dnsperf iproute2 python3-certbot-dns-rfc2136 python3-prometheus-client curl"
case "${1:-test}" in
build) want=$build ;;
*) want=$test ;;
esac
missing=""
for p in $want; do
	dpkg-query -W -f='${Status}\n' "$p" 2>/dev/null | grep -q '^install ok installed' ||
		missing="$missing $p"
done
[ -z "$missing" ] && exit 0
if [ "$(id -u)" != 0 ]; then
	echo "deps.sh: these packages are missing:$missing; install them as root (apt-get install$missing) and run again" >&2
	exit 1
fi
echo "deps.sh: installing$missing"
export DEBIAN_FRONTEND=noninteractive
apt-get update -qq
# The daemons (knot, nsd, bind9) are test references run by the tests as
# their own processes; keep Debian from starting them as system services.
printf '#!/bin/sh\nexit 101\n' > /usr/sbin/policy-rc.d
chmod +x /usr/sbin/policy-rc.d
trap 'rm -f /usr/sbin/policy-rc.d' EXIT
apt-get install -y -qq --no-install-recommends $missing
