#!/usr/bin/env bash
# The peers benchmark's workloads with the `openstack` command-line client, one command per
# step as a shell script does it; OPENSTACK is the client (scripts/bench/peers.sh sets it and
# the OS_* variables). Resources are named by the ids the creates print, which saves the
# client a lookup per command; waits list every server (or volume) of the run in one command.
#
#   cli.sh flavors
#   cli.sh gets SERVER_ID COUNT
#   cli.sh servers COUNT PREFIX
#   cli.sh image FILE OUT NAME
set -euo pipefail
OPENSTACK=${OPENSTACK:-openstack}
os() { "$OPENSTACK" "$@"; }

# Polls `os KIND list -f value -c Name -c Status` every second until COUNT of the resources
# named PREFIX<n> show a status matching STATUS (a regex; `.*` with 0: until none is left).
wait_for() {
  local kind=$1 status=$2 count=$3 tries=0
  until [[ $(os "$kind" list -f value -c Name -c Status | grep -Ec "^$prefix[0-9]+ ($status)\$" || true) -eq $count ]]; do
    tries=$((tries + 1))
    [[ $tries -le 300 ]] || { echo "cli.sh: no $count ${kind}s $status" >&2; exit 1; }
    sleep 1
  done
}

case $1 in
flavors)
  os flavor list >/dev/null
  ;;
gets)
  for _ in $(seq "$3"); do os server show "$2" -f value -c status >/dev/null; done
  ;;
servers)
  count=$2 prefix=$3
  servers=() volumes=()
  for i in $(seq "$count"); do
    volumes+=("$(os volume create --size 1 "$prefix$i" -f value -c id)")
    servers+=("$(os server create --flavor m1.tiny --image cirros --network public "$prefix$i" -f value -c id)")
  done
  wait_for server ACTIVE "$count"
  wait_for volume available "$count"
  for i in "${!servers[@]}"; do os server add volume "${servers[$i]}" "${volumes[$i]}" >/dev/null; done
  wait_for volume in-use "$count"
  os server delete --wait "${servers[@]}"
  os volume delete "${volumes[@]}"
  wait_for volume '.*' 0
  ;;
image)
  id=$(os image create --file "$2" --disk-format raw --container-format bare "$4" -f value -c id)
  os image save --file "$3" "$id"
  os image delete "$id"
  ;;
*)
  echo "cli.sh: unknown workload $1" >&2
  exit 2
  ;;
esac
