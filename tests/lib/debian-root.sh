# Shared by tests/systemd-rootfs and tests/fresh-machine: builds, once, a cached Debian 12 root
# with debootstrap. Source it, then call
#
#   debian_root DIR [INCLUDE] [FINISH]
#
# DIR      where the tree is cached; a complete one (DIR/.complete names the same INCLUDE) is
#          reused as it is, one made with another INCLUDE is made again
# INCLUDE  packages for debootstrap's --include (comma-separated), or empty for minbase alone
# FINISH   a shell function called with the new tree before it is marked complete, or empty
#
# The tree is built in a temporary directory next to DIR and renamed into place only once
# debootstrap (and FINISH) succeeded, so an interrupted build never leaves a half-made tree where
# the tests would take it for a good one. The mirror is the host's own, read from its apt sources
# at run time. Progress goes to standard error; the caller prints DIR.

debian_root() {
    root_dir=$1
    root_include=${2:-}
    root_finish=${3:-}
    root_me=$(basename "$0")

    if [ "$(id -u)" != 0 ]; then
        echo "$root_me: must run as root (debootstrap, then systemd-nspawn in the tests)" >&2
        return 1
    fi
    root_made_with="include=$root_include"
    if [ -f "$root_dir/.complete" ]; then
        grep -qxF "$root_made_with" "$root_dir/.complete" && return 0
        echo "$root_me: $root_dir was made with other packages; making it again with $root_made_with" >&2
        rm -rf --one-file-system "$root_dir"
    fi

    root_missing=""
    command -v debootstrap >/dev/null 2>&1 || root_missing="$root_missing debootstrap"
    command -v systemd-nspawn >/dev/null 2>&1 || root_missing="$root_missing systemd-container"
    if [ -n "$root_missing" ]; then
        echo "$root_me: installing$root_missing" >&2
        apt-get update -q >&2
        DEBIAN_FRONTEND=noninteractive apt-get install -y -q --no-install-recommends $root_missing >&2
    fi

    # The first URIs: line of the Debian sources is the main archive (the next is the security one).
    root_sources=/etc/apt/sources.list.d/debian.sources
    root_mirror=$(sed -n 's/^URIs:[[:space:]]*\([^[:space:]]*\).*/\1/p' "$root_sources" 2>/dev/null | head -n 1)
    if [ -z "$root_mirror" ]; then
        echo "$root_me: no 'URIs:' line in $root_sources; cannot tell which Debian mirror to use" >&2
        return 1
    fi

    root_parent=$(dirname "$root_dir")
    mkdir -p "$root_parent"
    root_tmp=$(mktemp -d "$root_parent/.$(basename "$root_dir").XXXXXX")
    # A failed or interrupted build removes its own temporary tree, never anything else.
    trap 'rm -rf --one-file-system "$root_tmp"' EXIT
    trap 'exit 130' INT TERM HUP

    echo "$root_me: debootstrap bookworm from $root_mirror into $root_tmp" >&2
    if [ -n "$root_include" ]; then
        debootstrap --variant=minbase --include="$root_include" bookworm "$root_tmp" "$root_mirror" >&2
    else
        debootstrap --variant=minbase bookworm "$root_tmp" "$root_mirror" >&2
    fi
    [ -z "$root_finish" ] || "$root_finish" "$root_tmp"
    rm -rf "$root_tmp/var/cache/apt/archives/"*.deb

    { date -u +%Y-%m-%dT%H:%M:%SZ; echo "$root_made_with"; } > "$root_tmp/.complete"
    if [ -e "$root_dir" ]; then
        # An incomplete leftover of something else: keep it out of the way rather than delete it.
        mv "$root_dir" "$root_dir.incomplete.$$"
        echo "$root_me: moved an incomplete $root_dir to $root_dir.incomplete.$$" >&2
    fi
    mv "$root_tmp" "$root_dir"
    trap - EXIT INT TERM HUP
}
