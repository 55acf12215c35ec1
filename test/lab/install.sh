#!/usr/bin/env bash
# Installs what the integration lab needs on Debian 12: Docker's engine, OpenSSH's server,
# busybox, Debian's registry, and the compose v2 CLI plugin. Safe to run again: when everything
# is present it only checks and returns.
set -euo pipefail

export DEBIAN_FRONTEND=noninteractive
plugin_dir=/usr/local/lib/docker/cli-plugins
packages=(docker.io openssh-server busybox-static docker-registry openssh-client curl glances python3-docker)
# Debian 12 ships only compose v1; the next release packages the v2 plugin.
compose_suite=trixie

if [[ $(id -u) -ne 0 ]]; then
  echo "install.sh: run as root (it installs Debian packages)" >&2
  exit 1
fi

missing=()
for package in "${packages[@]}"; do
  if ! dpkg-query -W -f='${Status}' "$package" 2>/dev/null | grep -q 'install ok installed'; then
    missing+=("$package")
  fi
done

if ((${#missing[@]} > 0)); then
  # Package scripts would otherwise start a system sshd, dockerd and registry, and the
  # registry would take port 5000 from the lab. A policy-rc.d that answers 101 forbids it.
  created_policy=false
  if [[ ! -e /usr/sbin/policy-rc.d ]]; then
    printf '#!/bin/sh\nexit 101\n' >/usr/sbin/policy-rc.d
    chmod 755 /usr/sbin/policy-rc.d
    created_policy=true
    trap 'rm -f /usr/sbin/policy-rc.d' EXIT
  fi
  echo "install.sh: installing ${missing[*]}"
  apt-get update -qq
  apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null
  if [[ $created_policy == true ]]; then
    rm -f /usr/sbin/policy-rc.d
    trap - EXIT
  fi
fi

# Should a package script have started a system service anyway, stop it by its own pid file.
for pid_file in /run/sshd.pid /run/docker.pid /var/run/docker-registry.pid; do
  if [[ -s $pid_file ]] && kill -0 "$(cat "$pid_file")" 2>/dev/null; then
    echo "install.sh: stopping the system service of $pid_file"
    kill "$(cat "$pid_file")" || true
  fi
done

compose_works() {
  local cli
  for cli in /usr/local/bin/docker /usr/bin/docker; do
    [[ -x $cli ]] || continue
    "$cli" compose version 2>/dev/null | grep -Eq 'version v?2\.' || return 1
  done
}

if ! compose_works; then
  # A private apt state (its own sources, lists and cache) fetches the one .deb, so the
  # system's sources and package lists never see the other suite.
  work=$(mktemp -d /tmp/cf-lab-compose.XXXXXX)
  trap 'rm -rf "$work"' EXIT
  mkdir -p "$work/lists/partial" "$work/cache/archives/partial" "$work/sources.list.d"
  cat >"$work/sources.list.d/compose.sources" <<SOURCES
Types: deb
URIs: http://deb.debian.org/debian
Suites: $compose_suite
Components: main
Signed-By: /usr/share/keyrings/debian-archive-keyring.gpg
SOURCES
  apt_options=(
    -o "Dir::Etc::SourceList=/dev/null"
    -o "Dir::Etc::SourceParts=$work/sources.list.d"
    -o "Dir::State::Lists=$work/lists"
    -o "Dir::Cache=$work/cache"
    -o "APT::Get::List-Cleanup=false"
    -o "APT::Sandbox::User=root"
  )
  echo "install.sh: fetching the compose v2 plugin from Debian $compose_suite"
  apt-get "${apt_options[@]}" update -qq
  (cd "$work" && apt-get "${apt_options[@]}" download -qq docker-compose)
  dpkg-deb -x "$work"/docker-compose_*.deb "$work/root"
  install -D -m 755 "$work/root/usr/libexec/docker/cli-plugins/docker-compose" \
    "$plugin_dir/docker-compose"
  rm -rf "$work"
  trap - EXIT
  compose_works || {
    echo "install.sh: docker compose still does not report v2; check $plugin_dir" >&2
    exit 1
  }
fi

for tool in dockerd sshd busybox docker-registry ssh-agent ssh-keygen; do
  command -v "$tool" >/dev/null || [[ -x /usr/sbin/$tool ]] || [[ -x /bin/$tool ]] || {
    echo "install.sh: $tool is missing after the install" >&2
    exit 1
  }
done
echo "install.sh: lab prerequisites present ($(docker compose version --short 2>/dev/null))"
