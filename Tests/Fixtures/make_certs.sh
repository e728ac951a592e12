#!/bin/bash
# Makes a throwaway PKI for the TLS tests in directory $1: a CA (ca.pem), a server certificate
# for 127.0.0.1 and localhost signed by it (server.pem, server.key) and a client certificate
# (client.pem, client.key). Nothing here is trusted by the system, which is the point: a request
# fails verification unless it is given ca.pem.
set -euo pipefail
dir=${1:?usage: make_certs.sh DIRECTORY}
mkdir -p "$dir"
cd "$dir"
days=2
subject() { printf '/CN=%s/O=stackrun tests' "$1"; }

openssl req -x509 -newkey ec -pkeyopt ec_paramgen_curve:prime256v1 -nodes -keyout ca.key -out ca.pem -days "$days" \
    -subj "$(subject 'stackrun test CA')" \
    -addext basicConstraints=critical,CA:TRUE -addext keyUsage=critical,keyCertSign,cRLSign 2>/dev/null

issue() { # name, extensions
    openssl req -newkey ec -pkeyopt ec_paramgen_curve:prime256v1 -nodes -keyout "$1.key" -out "$1.csr" -subj "$(subject "$1")" 2>/dev/null
    printf '%s\n' "$2" > "$1.ext"
    openssl x509 -req -in "$1.csr" -CA ca.pem -CAkey ca.key -CAcreateserial -days "$days" \
        -out "$1.pem" -extfile "$1.ext" 2>/dev/null
    rm -f "$1.csr" "$1.ext"
}
issue server "subjectAltName=IP:127.0.0.1,DNS:localhost
extendedKeyUsage=serverAuth"
issue client "extendedKeyUsage=clientAuth"
