# shellcheck shell=bash
# How ./stack reaches its services, sourced by it (it defines die, state, STATE_DIR, SERVICES, HEALTH_PATH and
# is_running): over HTTP, or with `up --tls` over HTTPS with a CA of the state dir, an intermediate CA and a
# server certificate for 127.0.0.1 and localhost (RSA 2048, like the chains AWS endpoints present: leaf,
# intermediate, root); the health probes; the export lines that make the CA trusted. HTTPS needs openssl.

# http_ok <method> <path> <port>: true when 127.0.0.1:<port> answers the request with 200.
http_ok() {
  (
    exec 3<>"/dev/tcp/127.0.0.1/$3" || exit 1
    printf '%s %s HTTP/1.1\r\nHost: 127.0.0.1:%s\r\nContent-Length: 0\r\nConnection: close\r\n\r\n' "$1" "$2" "$3" >&3
    IFS= read -r -t 3 line <&3 && [[ $line =~ ^HTTP/1\.[01]\ 200 ]]
  ) 2>/dev/null
}

answers() { [[ -n $(state "$1.port") ]] && request_ok GET "${HEALTH_PATH[$1]}" "$(state "$1.port")"; }

# http or https: what the services of this state dir serve (the file `scheme`, written by up).
scheme() { if [[ $(state scheme) == https ]]; then echo https; else echo http; fi; }
request_ok() { if [[ $(scheme) == https ]]; then https_ok "$@"; else http_ok "$@"; fi; }

# scheme_up <http|https>: records the scheme of this `up`, refusing a change while services run with the
# other one, and for https creates the certificates (keeps them while a service runs with them).
scheme_up() {
  local svc running=()
  for svc in "${SERVICES[@]}"; do if is_running "$svc"; then running+=("$svc"); fi; done
  if ((${#running[@]})) && [[ $(scheme) != "$1" ]]; then
    die "the stack in $STATE_DIR serves $(scheme) (${running[*]} running); stop it first (stack down) to start it over $1"
  fi
  printf '%s\n' "$1" >"$STATE_DIR/scheme"
  if [[ $1 == https ]]; then tls_prepare "${running:+keep}"; fi
}

# Over HTTPS: OpenSSL and .NET read SSL_CERT_FILE, the aws CLI AWS_CA_BUNDLE, curl CURL_CA_BUNDLE, Node
# NODE_EXTRA_CA_CERTS and the functions TLS_TRUST_FILE (added to the roots they trust first).
tls_env_lines() {
  local tls=$STATE_DIR/tls
  if [[ $(scheme) == https ]]; then
    printf 'export %s=%q\n' SSL_CERT_FILE "$tls/trust.pem" AWS_CA_BUNDLE "$tls/trust.pem" CURL_CA_BUNDLE "$tls/trust.pem" \
      NODE_EXTRA_CA_CERTS "$tls/ca.pem" TLS_TRUST_FILE "$tls/ca.pem"
  fi
}

# Prints the OS CA bundle: what SSL_CERT_FILE points to by default (the caller's own SSL_CERT_FILE may be ours).
tls_system_bundle() {
  local dir file
  dir=$(openssl version -d 2>/dev/null | sed -n 's/^OPENSSLDIR: "\(.*\)"$/\1/p')
  for file in "$dir/cert.pem" /etc/ssl/certs/ca-certificates.crt /etc/pki/tls/certs/ca-bundle.crt /etc/ssl/cert.pem; do
    if [[ -r $file ]]; then printf '%s\n' "$file" && return 0; fi
  done
  return 1
}

# Creates $STATE_DIR/tls: ca.pem (the root to trust), server.pem (leaf + intermediate), server.key and trust.pem
# (the OS bundle plus ca.pem). With "keep" (a service still runs with them) existing files are kept.
tls_prepare() {
  local dir=$STATE_DIR/tls bundle
  command -v openssl >/dev/null 2>&1 || die "openssl not found on PATH (--tls creates the stack's CA with it: apt-get install openssl)"
  if [[ ${1:-} == keep && -s $dir/server.pem && -s $dir/server.key && -s $dir/trust.pem ]]; then return 0; fi
  rm -rf "$dir"
  mkdir -p "$dir" || die "cannot create $dir"
  (
    cd "$dir" && umask 077 || exit 1
    serial() { printf '0x%s' "$(openssl rand -hex 12)"; }
    openssl req -x509 -newkey rsa:2048 -nodes -keyout ca.key -out ca.pem -days 3650 -subj "/CN=LambdaSuite local stack root CA" \
      -addext "basicConstraints=critical,CA:TRUE" -addext "keyUsage=critical,keyCertSign,cRLSign" &&
      openssl req -newkey rsa:2048 -nodes -keyout intermediate.key -out intermediate.csr -subj "/CN=LambdaSuite local stack intermediate CA" &&
      openssl x509 -req -in intermediate.csr -CA ca.pem -CAkey ca.key -set_serial "$(serial)" -days 3650 -out intermediate.pem \
        -extfile <(printf 'basicConstraints=critical,CA:TRUE,pathlen:0\nkeyUsage=critical,keyCertSign,cRLSign\n') &&
      openssl req -newkey rsa:2048 -nodes -keyout server.key -out server.csr -subj "/CN=127.0.0.1" &&
      openssl x509 -req -in server.csr -CA intermediate.pem -CAkey intermediate.key -set_serial "$(serial)" -days 397 -out leaf.pem \
        -extfile <(printf 'subjectAltName=IP:127.0.0.1,DNS:localhost\nbasicConstraints=critical,CA:FALSE\nkeyUsage=critical,digitalSignature,keyEncipherment\nextendedKeyUsage=serverAuth\n') &&
      cat leaf.pem intermediate.pem >server.pem && rm -f ./*.csr ca.key intermediate.key leaf.pem intermediate.pem
  ) >"$dir/openssl.log" 2>&1 || die "creating the TLS certificates failed; see $dir/openssl.log"
  if ! bundle=$(tls_system_bundle); then
    bundle=/dev/null
    log "warning: no OS CA bundle found (openssl's directory, /etc/ssl/certs/ca-certificates.crt, /etc/pki/tls/certs/ca-bundle.crt, /etc/ssl/cert.pem): $dir/trust.pem (SSL_CERT_FILE of stack env) holds the stack's CA only, so programs using it reach no real AWS endpoint"
  fi
  cat "$bundle" "$dir/ca.pem" >"$dir/trust.pem" || die "cannot write $dir/trust.pem"
  chmod 644 "$dir/ca.pem" "$dir/trust.pem" "$dir/server.pem"
}

# https_ok <method> <path> <port>: true when 127.0.0.1:<port> answers 200 over TLS with a certificate of the stack's CA.
https_ok() {
  printf '%s %s HTTP/1.1\r\nHost: 127.0.0.1:%s\r\nContent-Length: 0\r\nConnection: close\r\n\r\n' "$1" "$2" "$3" |
    timeout 5 openssl s_client -quiet -connect "127.0.0.1:$3" -CAfile "$STATE_DIR/tls/ca.pem" -verify_return_error -verify_ip 127.0.0.1 2>/dev/null |
    { IFS= read -r line && [[ $line =~ ^HTTP/1\.[01]\ 200 ]]; }
}
