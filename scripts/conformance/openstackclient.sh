#!/usr/bin/env bash
# Conformance with the real `openstack` command-line client: installs python-openstackclient
# from PyPI into a cached virtualenv, starts the emulator, and runs real client commands against
# it. Every command must succeed; some outputs are checked for what a real cloud prints.
#
#   scripts/conformance/openstackclient.sh                 # builds and starts the emulator
#   EMULATOR_URL=http://127.0.0.1:5055 scripts/conformance/openstackclient.sh
#
# OSC_VENV (default ~/.cache/stackrun/osc-venv) keeps the client between runs.
# Later phases add their service's commands to the section at the end.
set -euo pipefail
HERE=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
ROOT=$(cd "$HERE/../.." && pwd)
VENV=${OSC_VENV:-${XDG_CACHE_HOME:-$HOME/.cache}/stackrun/osc-venv}

install_client() {
  if "$VENV/bin/openstack" --version >/dev/null 2>&1; then return; fi
  local py
  py=$(command -v python3 || true)
  # Debian's python3 needs python3-venv for ensurepip; a pyenv python has it built in.
  if [[ -z $py ]] || ! "$py" -c 'import ensurepip, venv' 2>/dev/null; then py=/usr/bin/python3; fi
  echo "openstackclient.sh: installing python-openstackclient into $VENV" >&2
  "$py" -m venv "$VENV"
  "$VENV/bin/pip" install -q --disable-pip-version-check python-openstackclient >&2
}

install_client
OPENSTACK="$VENV/bin/openstack"

if [[ -z ${EMULATOR_URL:-} ]]; then
  /opt/swift/usr/bin/swift build --package-path "$ROOT" --product stackrun-emulator >&2
  BIN=$(/opt/swift/usr/bin/swift build --package-path "$ROOT" --show-bin-path)/stackrun-emulator
  # The emulator's stdin is a pipe from this script: it exits when the script does.
  coproc EMULATOR { "$BIN" --port 0 --ready-line --exit-on-stdin-eof --build-seconds 1; }
  read -r READY <&"${EMULATOR[0]}"
  EMULATOR_URL=${READY#ready }
  trap 'kill "$EMULATOR_PID" 2>/dev/null || true' EXIT
fi

# Only the variables the emulator prints; anything else set in the caller's shell stays out. Its
# admin password is STACKRUN_EMULATOR_PASSWORD when the test command set one.
for name in $(env | grep -o '^OS_[A-Z_]*' || true); do unset "$name"; done
export OS_AUTH_URL=$EMULATOR_URL/identity OS_USERNAME=admin OS_PASSWORD=${STACKRUN_EMULATOR_PASSWORD:-admin} OS_PROJECT_NAME=admin
export OS_USER_DOMAIN_NAME=Default OS_PROJECT_DOMAIN_NAME=Default OS_REGION_NAME=RegionOne OS_IDENTITY_API_VERSION=3

failures=0
passed=0
# run DESCRIPTION EXPECTED-REGEX -- openstack arguments...: the command must succeed and its
# output must match the regex (empty regex: any output).
run() {
  local description=$1 expected=$2
  shift 3
  local output
  if ! output=$("$OPENSTACK" "$@" 2>&1); then
    echo "FAIL  $description: openstack $*" >&2
    printf '%s\n' "$output" | sed 's/^/      /' >&2
    failures=$((failures + 1))
    return 0
  fi
  if [[ -n $expected ]] && ! grep -Eq -- "$expected" <<<"$output"; then
    echo "FAIL  $description: output does not match /$expected/" >&2
    printf '%s\n' "$output" | sed 's/^/      /' >&2
    failures=$((failures + 1))
    return 0
  fi
  echo "ok    $description"
  passed=$((passed + 1))
  LAST_OUTPUT=$output
}

# --- Identity -------------------------------------------------------------------------------
run "token issue" '^expires="[0-9]{4}-' -- token issue -f shell -c expires -c project_id -c user_id
run "catalog list" '^nova compute' -- catalog list -f value
run "catalog show compute" "$EMULATOR_URL/compute/v2.1" -- catalog show compute -f value
run "versions show" '^compute 2.1' -- versions show -f value -c 'Service Type' -c Version
run "project list" '^admin$' -- project list -f value -c Name
run "user show admin" '^admin$' -- user show admin -f value -c name
run "application credential create" '^secret=' -- application credential create conformance -f shell -c secret -c id
run "application credential list" 'conformance' -- application credential list -f value -c Name
run "application credential delete" '' -- application credential delete conformance

# --- Network ----------------------------------------------------------------------------------
run "network create" '^name="conformance-net"' -- network create conformance-net -f shell -c name -c status -c mtu
run "network show public" '^router_external="True"' -- network show public -f shell -c router:external -c shared
run "subnet create" '^gateway_ip="10\.20\.0\.1"' -- subnet create conformance-subnet --network conformance-net \
  --subnet-range 10.20.0.0/24 -f shell -c gateway_ip -c cidr -c allocation_pools
run "subnet create pool" "'start': '10\.21\.0\.10', 'end': '10\.21\.0\.20'" -- subnet create conformance-subnet2 \
  --network conformance-net --subnet-range 10.21.0.0/24 --allocation-pool start=10.21.0.10,end=10.21.0.20 -f shell -c allocation_pools
run "port create" "'ip_address': '10\.20\.0\.[0-9]+'" -- port create conformance-port --network conformance-net \
  --fixed-ip subnet=conformance-subnet -f shell -c fixed_ips -c mac_address
run "port show" '^mac_address="fa:16:3e:' -- port show conformance-port -f shell -c mac_address -c status
run "router create" '^name="conformance-router"' -- router create conformance-router -f shell -c name -c status
run "router add subnet" '' -- router add subnet conformance-router conformance-subnet
run "router set --external-gateway" '' -- router set --external-gateway public conformance-router
run "router show" "network_id.*enable_snat.*True" -- router show conformance-router -f shell -c external_gateway_info -c interfaces_info
run "security group create" '^name="conformance-sg"' -- security group create conformance-sg -f shell -c name -c description
run "security group rule create" '^port_range_max="22"' -- security group rule create --protocol tcp --dst-port 22 \
  conformance-sg -f shell -c port_range_min -c port_range_max -c protocol -c direction
run "security group rule list" 'tcp' -- security group rule list conformance-sg -f value -c 'IP Protocol'
run "floating ip create" '^floating_ip_address="172\.24\.4\.[0-9]+"' -- floating ip create public -f shell -c floating_ip_address -c id
FIP_ID=$(sed -n 's/^id="\(.*\)"$/\1/p' <<<"${LAST_OUTPUT:-}")
run "floating ip set --port" '' -- floating ip set --port conformance-port "${FIP_ID:-missing}"
run "floating ip show" '^status="ACTIVE"' -- floating ip show "${FIP_ID:-missing}" -f shell -c status -c fixed_ip_address
run "network list" 'conformance-net' -- network list -f value -c Name
run "port list" 'conformance-port' -- port list --network conformance-net -f value -c Name
run "network set --tag" '' -- network set --tag conformance conformance-net
run "network list --tags" 'conformance-net' -- network list --tags conformance -f value -c Name
run "floating ip delete" '' -- floating ip delete "${FIP_ID:-missing}"
run "router unset --external-gateway" '' -- router unset --external-gateway conformance-router
run "router remove subnet" '' -- router remove subnet conformance-router conformance-subnet
run "router delete" '' -- router delete conformance-router
run "port delete" '' -- port delete conformance-port
run "security group delete" '' -- security group delete conformance-sg
run "subnet delete" '' -- subnet delete conformance-subnet conformance-subnet2
run "network delete" '' -- network delete conformance-net

# --- Later phases: compute, volume, network and image commands go here ----------------------

# --- Compute (Nova) -------------------------------------------------------------------------
# Waits until `openstack volume show NAME` says STATUS (the emulator runs with --build-seconds 1).
wait_volume() {
  local name=$1 status=$2 tries=0
  until [[ $("$OPENSTACK" volume show "$name" -f value -c status 2>/dev/null) == "$status" ]]; do
    tries=$((tries + 1))
    if [[ $tries -gt 30 ]]; then echo "FAIL  volume $name never became $status" >&2; failures=$((failures + 1)); return 0; fi
    sleep 0.5
  done
}
KEY_FILE=$(mktemp -d)/conformance_ed25519
ssh-keygen -q -t ed25519 -N '' -C conformance -f "$KEY_FILE" 2>/dev/null || printf '%s\n' \
  'ssh-ed25519 AAAAC3NzaC1lZDI1NTE5AAAAIA7YpEbmKbZl94jSb0JqZ0F0A7eEG5ht+N1gVc+SX+5u conformance' >"$KEY_FILE.pub"
# Only the public half is imported: the private one goes at once (the test command searches
# what the run leaves for private keys).
rm -f "$KEY_FILE"
run "flavor list" '^m1\.tiny$' -- flavor list -f value -c Name
run "flavor show" '^2048$' -- flavor show m1.small -f value -c ram
run "keypair create" '^-----BEGIN (OPENSSH|RSA) PRIVATE KEY-----' -- keypair create conformance-key
run "keypair create --public-key" '^([0-9a-f]{2}:){15}[0-9a-f]{2}$' -- keypair create --public-key "$KEY_FILE.pub" conformance-imported -f value -c fingerprint
run "keypair list" '^conformance-key ssh$' -- keypair list -f value -c Name -c Type
run "keypair show" '^([0-9a-f]{2}:){15}[0-9a-f]{2}$' -- keypair show conformance-key -f value -c fingerprint
run "server create --wait" '^ACTIVE$' -- server create --wait --flavor m1.tiny --image cirros --network public --key-name conformance-key conformance-vm -f value -c status
run "server list" "^conformance-vm ACTIVE \\{'public': \\['172\\.24\\.4\\.[0-9]+'\\]\\} cirros m1\\.tiny$" -- server list -f value -c Name -c Status -c Networks -c Image -c Flavor
run "server show" "^key_name=\"conformance-key\"" -- server show conformance-vm -f shell
run "server show addresses" "172\\.24\\.4\\." -- server show conformance-vm -f value -c addresses
run "console log show" 'conformance-vm login:' -- console log show --lines 2 conformance-vm
run "server reboot --wait" '' -- server reboot --wait conformance-vm
run "server set properties and tags" '' -- server set --property role=conformance --tag blue conformance-vm
run "server list --tags" '^conformance-vm$' -- server list --tags blue -f value -c Name
run "volume create (for attaching)" '' -- volume create --size 1 conformance-attach
wait_volume conformance-attach available
run "server add volume" '/dev/vd[b-z]' -- server add volume conformance-vm conformance-attach
run "server volume list" 'conformance-vm|/dev/vd' -- server volume list conformance-vm
wait_volume conformance-attach in-use
run "server remove volume" '' -- server remove volume conformance-vm conformance-attach
wait_volume conformance-attach available
run "volume delete (attached before)" '' -- volume delete conformance-attach
run "server resize --wait" 'Complete' -- server resize --flavor m1.small --wait conformance-vm
run "server show (resized)" '^VERIFY_RESIZE$' -- server show conformance-vm -f value -c status
run "server resize confirm" '' -- server resize confirm conformance-vm
run "limits show --absolute" 'instances' -- limits show --absolute -f value
run "quota show" 'instances' -- quota show -f value
run "server delete --wait" '' -- server delete --wait conformance-vm
run "server list after delete" '' -- server list -f value -c Name
if grep -q conformance-vm <<<"${LAST_OUTPUT:-}"; then echo "FAIL  server list still shows conformance-vm" >&2; failures=$((failures + 1)); fi
run "keypair delete" '' -- keypair delete conformance-key conformance-imported

# --- Block storage (Cinder) ---------------------------------------------------------------------
# Volumes become available after the emulator's --build-seconds (1 s here).
wait_for_volume() {
  local name=$1 wanted=$2 status=""
  for _ in $(seq 1 30); do
    status=$("$OPENSTACK" volume show "$name" -f value -c status 2>/dev/null || true)
    [[ $status == "$wanted" ]] && return 0
    sleep 0.5
  done
  echo "FAIL  volume $name never became $wanted (last: $status)" >&2
  failures=$((failures + 1))
}
run "volume create" '^status="creating"' -- volume create --size 1 --property purpose=conformance osc-volume -f shell -c status -c size
wait_for_volume osc-volume available
run "volume list" '^osc-volume available 1' -- volume list -f value -c Name -c Status -c Size
run "volume show" "'purpose': 'conformance'" -- volume show osc-volume -f value -c properties
run "volume set" '' -- volume set --name osc-volume-renamed --description described osc-volume
run "volume show renamed" '^described$' -- volume show osc-volume-renamed -f value -c description
run "volume snapshot create" '^status="creating"' -- volume snapshot create --volume osc-volume-renamed osc-snap -f shell -c status
sleep 1.5
run "volume snapshot list" '^osc-snap available' -- volume snapshot list -f value -c Name -c Status
run "volume snapshot delete" '' -- volume snapshot delete osc-snap
run "volume type list" '__DEFAULT__' -- volume type list -f value -c Name
run "volume create --image" '^bootable="[Tt]rue"' -- volume create --size 1 --image cirros osc-boot -f shell -c bootable
wait_for_volume osc-boot available
run "volume show image metadata" "'image_name': 'cirros'" -- volume show osc-boot -f value -c volume_image_metadata
run "volume delete (from image)" '' -- volume delete osc-boot
run "volume set --size (extend)" '' -- volume set --size 2 osc-volume-renamed
wait_for_volume osc-volume-renamed available
run "volume show extended" '^2$' -- volume show osc-volume-renamed -f value -c size
sleep 0.6
run "volume delete" '' -- volume delete osc-volume-renamed

# --- Image (Glance) -----------------------------------------------------------------------------
WORK=$(mktemp -d)
trap 'kill "${EMULATOR_PID:-}" 2>/dev/null || true; rm -rf "$WORK"' EXIT
head -c 3145728 /dev/urandom >"$WORK/upload.img"
run "image create --file" '^status="active"' -- image create --file "$WORK/upload.img" --disk-format raw --container-format bare \
  --property purpose=conformance --tag osc osc-image -f shell -c status -c size
run "image list" '^osc-image active' -- image list -f value -c Name -c Status
run "image list --tag" '^osc-image$' -- image list --tag osc -f value -c Name
run "image show" '^3145728$' -- image show osc-image -f value -c size
run "image show checksum" "^$(md5sum "$WORK/upload.img" | cut -d' ' -f1)\$" -- image show osc-image -f value -c checksum
run "image save" '' -- image save --file "$WORK/download.img" osc-image
if cmp -s "$WORK/upload.img" "$WORK/download.img"; then
  echo "ok    image save: the downloaded bytes are the uploaded ones"
  passed=$((passed + 1))
else
  echo "FAIL  image save: the downloaded bytes differ from the uploaded ones" >&2
  failures=$((failures + 1))
fi
run "image set --property" '' -- image set --property hw_disk_bus=scsi --protected osc-image
run "image show property" 'hw_disk_bus' -- image show osc-image -f value -c properties
if "$OPENSTACK" image delete osc-image >/dev/null 2>&1; then
  echo "FAIL  image delete: a protected image was deleted" >&2
  failures=$((failures + 1))
else
  echo "ok    image delete refused for a protected image"
  passed=$((passed + 1))
fi
run "image set --unprotected" '' -- image set --unprotected osc-image
run "image delete" '' -- image delete osc-image
run "image list cirros" '^cirros active' -- image list -f value -c Name -c Status

echo "$passed passed, $failures failed"
[[ $failures -eq 0 ]]
