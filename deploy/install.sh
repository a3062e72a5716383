#!/usr/bin/env bash
# A dedicated kiosk machine in one command: Debian 12 or 13 on a PC, or a Raspberry Pi 4/5
# with 64-bit Raspberry Pi OS based on Debian 13 (trixie).
#
#   sudo deploy/install.sh                 install (or check) and start the kiosk
#   sudo deploy/install.sh --desktop USER  the same in USER's desktop session instead
#   sudo deploy/install.sh --x11           the same with X and no window manager instead
#                                          of cage (for graphics cage cannot drive)
#   sudo deploy/install.sh --update [SRC]  install a new version beside the old one, check
#                                          the clinic's content with it, switch, restart
#   sudo deploy/install.sh --rollback      go back to the version before the last update
#   sudo deploy/install.sh --restart       start the kiosk afresh (after editing kiosk.yaml)
#
# SRC is a checkout of the kiosk's repository (default: the one this script is in) or a
# built wheel with requirements.lock beside it. Other options:
#   --no-start    set everything up but do not start or restart the kiosk
#   --pin-stdin   set the staff PIN from standard input (the new PIN on one line; when a
#                 PIN is set already, the current one on the line before it)
#
# Running it again changes nothing that is already right, and never touches the clinic's
# content or this kiosk's settings once they exist. What it sets up:
#   the "kiosk" user           runs the kiosk; auto-login on tty1 through the system unit
#   cage + xwayland            a Wayland compositor that shows the one full-screen window
#   /opt/ketamd-kiosk/<ver>    the app in its own virtual environment, from a lock file
#   /opt/ketamd-kiosk/current  the version that runs (and "previous": the one before)
#   /var/lib/ketamd-kiosk/content                 the clinic's content (editable)
#   /home/kiosk/.config/ketamd-kiosk/kiosk.yaml   this kiosk's name and staff alerts
#   /etc/systemd/system/ketamd-kiosk-cage.service starts it at boot, restarts it always
# With --desktop USER (a desktop PC that logs USER in automatically), instead of the user,
# cage and the system unit: a user unit and an autostart entry in USER's home, and
# /usr/local/bin/ketamd-kiosk-session, which keeps the screen on and starts the kiosk.
# With --x11, instead of cage and its unit: X, auto-login on tty1 through getty, and the
# kiosk user's ~/.bash_profile and ~/.xinitrc that start X and the kiosk in a loop.
set -euo pipefail

readonly APP=ketamd-kiosk
readonly PREFIX=/opt/$APP
readonly DATA=/var/lib/$APP
# How this machine was set up (cage or desktop, and the user), for updates and re-runs.
readonly SETUP_FILE=$PREFIX/setup.conf
readonly CAGE_UNIT_NAME=$APP-cage.service
readonly CAGE_UNIT=/etc/systemd/system/$CAGE_UNIT_NAME
# Debian's own Python, readable by every user (not one of root's own, such as pyenv's).
readonly PYTHON=/usr/bin/python3
HERE=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
readonly HERE
readonly COMMON_PACKAGES=(
    # Python, and what Qt and its fonts need from the system
    python3 python3-venv git ca-certificates
    libegl1 libgl1 libxkbcommon0 libfontconfig1 libdbus-1-3 libpulse0
    # read aloud: English, Spanish and about a hundred other voices
    speech-dispatcher speech-dispatcher-espeak-ng espeak-ng
)
readonly CAGE_PACKAGES=(
    # the compositor (Debian's cage will not start without Xwayland, and does not pull it in)
    cage xwayland dbus-user-session
    # Qt's Wayland platform
    libwayland-client0 libwayland-cursor0 libwayland-egl1
)
readonly X11_CLIENT_PACKAGES=(
    # Qt's X11 platform, and xset to keep an X screen from blanking
    libxkbcommon-x11-0 libxcb-cursor0 libxcb-icccm4 libxcb-keysyms1 libxcb-shape0
    libxcb-render-util0 libxcb-image0 libxcb-randr0 x11-xserver-utils
)
readonly DESKTOP_PACKAGES=(
    "${X11_CLIENT_PACKAGES[@]}"
    # Qt's Wayland platform (GNOME and Raspberry Pi OS run Wayland sessions)
    libwayland-client0 libwayland-cursor0 libwayland-egl1
)
readonly X11_PACKAGES=(
    "${X11_CLIENT_PACKAGES[@]}"
    # the X server with every video driver (the cards cage cannot drive need fbdev, vesa
    # or qxl), its input driver, and startx
    xserver-xorg-core xserver-xorg-video-all xserver-xorg-input-libinput xserver-xorg-legacy
    xinit
)
# Time daemons that stand in for systemd-timesyncd (installing it would remove them).
readonly OTHER_TIME_DAEMONS=(chrony ntp ntpsec openntpd)

# Set by read_setup from the options or the setup file.
setup=""          # cage | desktop | x11
KIOSK_USER=""
KIOSK_HOME=""
CONFIG_DIR=""
STATE_DIR=""
desktop_user=""   # from --desktop
x11=no            # from --x11

mode=install
source=$(dirname "$HERE")
start=yes
pin_from_stdin=no
auto_login_missing=no
changed=()
wheel=""    # set by build_wheel
work=$(mktemp -d)  # the wheel being installed, and the output of each step
trap 'rm -rf "$work"' EXIT
version=""  # set by install_version

say() { printf '%s\n' "$*"; }
did() { changed+=("$*"); say "  - $*"; }
fail() { printf 'install.sh: %s\n' "$*" >&2; exit 1; }

# Runs a command with its output kept aside; shows the output only when it fails.
quietly() {
    if ! "$@" >"$work/step.log" 2>&1; then
        cat "$work/step.log" >&2
        fail "this step failed: $*"
    fi
}

usage() { sed -n '2,18s/^# \{0,1\}//p' "$0"; }

parse_args() {
    while [ $# -gt 0 ]; do
        case $1 in
            --update)
                mode=update
                if [ $# -gt 1 ] && [ "${2#--}" = "$2" ]; then source=$2; shift; fi
                ;;
            --rollback) mode=rollback ;;
            --restart) mode=restart ;;
            --x11) x11=yes ;;
            --desktop)
                [ $# -gt 1 ] || fail "--desktop needs the user whose session shows the kiosk"
                desktop_user=$2
                shift
                ;;
            --no-start) start=no ;;
            --pin-stdin) pin_from_stdin=yes ;;
            --source) [ $# -gt 1 ] || fail "--source needs a folder or a wheel"; source=$2; shift ;;
            -h | --help) usage; exit 0 ;;
            *) usage >&2; fail "unknown option: $1" ;;
        esac
        shift
    done
}

systemd_running() { [ -d /run/systemd/system ]; }

# A command as the kiosk user, in its own home and with none of root's environment: it
# finds its settings and state where the kiosk itself does.
as_kiosk() {
    (cd / && runuser -u "$KIOSK_USER" -- env -i HOME="$KIOSK_HOME" LANG=C.UTF-8 \
        PATH=/usr/local/bin:/usr/bin:/bin "$@")
}

# --- the machine ----------------------------------------------------------------------------

# Decides the setup (cage, or the desktop of a user) and where the kiosk user's files are.
read_setup() {
    local saved_setup="" saved_user=""
    if [ -f "$SETUP_FILE" ]; then
        saved_setup=$(sed -n 's/^setup=//p' "$SETUP_FILE")
        saved_user=$(sed -n 's/^user=//p' "$SETUP_FILE")
    fi
    if [ -n "$desktop_user" ]; then
        setup=desktop
        KIOSK_USER=$desktop_user
        id "$KIOSK_USER" >/dev/null 2>&1 || fail "there is no user $KIOSK_USER on this machine"
    elif [ "$x11" = yes ]; then
        setup=x11
        KIOSK_USER=kiosk
    elif [ -n "$saved_setup" ]; then
        setup=$saved_setup
        KIOSK_USER=$saved_user
    else
        setup=cage
        KIOSK_USER=kiosk
    fi
    if [ -n "$saved_setup" ] && [ "$setup/$KIOSK_USER" != "$saved_setup/$saved_user" ]; then
        fail "this machine is set up for $saved_setup ($saved_user); remove $SETUP_FILE to change that"
    fi
    KIOSK_HOME=$(getent passwd "$KIOSK_USER" | cut -d: -f6 || true)
    KIOSK_HOME=${KIOSK_HOME:-/home/$KIOSK_USER}
    CONFIG_DIR=$KIOSK_HOME/.config/$APP
    STATE_DIR=$KIOSK_HOME/.local/state/$APP
}

save_setup() {
    local text="setup=$setup
user=$KIOSK_USER"
    place_text "$text" "$SETUP_FILE" 0644 \
        "recorded the setup ($setup, user $KIOSK_USER) in $SETUP_FILE" || true
}

installed() { dpkg-query -W -f='${Status}' "$1" 2>/dev/null | grep -q "ok installed"; }

other_time_daemon() {
    local daemon
    for daemon in "${OTHER_TIME_DAEMONS[@]}"; do
        installed "$daemon" && return 0
    done
    return 1
}

# PySide6's wheels are what the kiosk runs on: refuse, with the reason, a machine they do
# not install on, before anything is changed.
check_platform() {
    local arch glibc
    arch=$(dpkg --print-architecture)
    glibc=$(getconf GNU_LIBC_VERSION | cut -d' ' -f2)
    case $arch in
        amd64) ;;
        arm64)
            if ! printf '%s\n%s\n' 2.39 "$glibc" | sort -V -C; then
                fail "Qt for the kiosk (PySide6 6.11) on 64-bit ARM needs glibc 2.39 or newer, \
this machine has $glibc: use Raspberry Pi OS or Debian based on Debian 13 (trixie)"
            fi
            ;;
        *) fail "Qt for the kiosk (PySide6) has no build for $arch: use a 64-bit system (amd64 or arm64)" ;;
    esac
}

install_packages() {
    local missing=() package wanted=("${COMMON_PACKAGES[@]}")
    case $setup in
        cage) wanted+=("${CAGE_PACKAGES[@]}") ;;
        desktop) wanted+=("${DESKTOP_PACKAGES[@]}") ;;
        x11) wanted+=("${X11_PACKAGES[@]}") ;;
    esac
    # A right clock (alerts and logs carry the time), unless another daemon keeps it.
    other_time_daemon || wanted+=(systemd-timesyncd)
    for package in "${wanted[@]}"; do
        installed "$package" || missing+=("$package")
    done
    [ ${#missing[@]} -eq 0 ] && return
    say "Installing ${missing[*]} ..."
    quietly apt-get update
    DEBIAN_FRONTEND=noninteractive quietly apt-get install -y --no-install-recommends \
        "${missing[@]}"
    did "installed packages: ${missing[*]}"
}

create_user() {
    if [ "$setup" != desktop ] && ! id "$KIOSK_USER" >/dev/null 2>&1; then
        useradd --create-home --home-dir "$KIOSK_HOME" --shell /bin/bash \
            --comment "KetaMD waiting-room kiosk" "$KIOSK_USER"
        did "created the user $KIOSK_USER"
    fi
    # The screen, input devices and sound, for the compositor it runs.
    local group
    for group in video input render audio; do
        [ "$setup" != desktop ] || break  # a desktop user has these from their desktop
        if getent group "$group" >/dev/null && ! id -nG "$KIOSK_USER" | grep -qw "$group"; then
            usermod -aG "$group" "$KIOSK_USER"
            did "added $KIOSK_USER to the group $group"
        fi
    done
    # Its state (staff PIN, last good content, log) and settings: its own, private.
    make_user_dir "${CONFIG_DIR#"$KIOSK_HOME"/}" 0700
    make_user_dir "${STATE_DIR#"$KIOSK_HOME"/}" 0700
}

# Creates the folder $1 (relative to the kiosk user's home) and any missing folder above
# it, each owned by that user (never by root: the user's desktop writes there too).
make_user_dir() {
    local relative=$1 mode=$2 path=$KIOSK_HOME part
    local IFS=/
    for part in $relative; do
        path=$path/$part
        if [ ! -d "$path" ]; then
            install -d -m "$mode" -o "$KIOSK_USER" -g "$(id -gn "$KIOSK_USER")" "$path"
            did "created $path"
        fi
    done
}

keep_awake() {
    # cage never blanks the screen; the machine must never go to sleep either.
    local target
    for target in sleep.target suspend.target hibernate.target hybrid-sleep.target; do
        if [ "$(readlink "/etc/systemd/system/$target" 2>/dev/null)" != /dev/null ]; then
            systemctl mask "$target" >/dev/null 2>&1
            did "masked $target (the kiosk never sleeps)"
        fi
    done
    if ! other_time_daemon && ! systemctl is-enabled systemd-timesyncd >/dev/null 2>&1; then
        systemctl enable systemd-timesyncd >/dev/null 2>&1
        did "turned on time sync (systemd-timesyncd)"
    fi
}

# --- the app --------------------------------------------------------------------------------

# Sets $wheel: $source itself, or a wheel built from the checkout $source.
build_wheel() {
    if [ -f "$source" ]; then
        case $source in *.whl) wheel=$source; return ;; esac
        fail "$source is not a wheel (.whl) or a checkout"
    fi
    [ -f "$source/pyproject.toml" ] || fail "$source is not a checkout of the kiosk"
    local builder=$PREFIX/.builder
    if [ ! -x "$builder/bin/pip" ]; then
        quietly "$PYTHON" -m venv "$builder"
        quietly "$builder/bin/pip" install --upgrade pip
    fi
    # Built from a copy (with its git history: the version comes from git), so that root
    # leaves no file in the checkout; the checkout may belong to someone else than root.
    mkdir "$work/source"
    tar -C "$source" --exclude=./.venv --exclude=./.venv-ansible --exclude=./mutants \
        --exclude=./build --exclude=./dist -cf - . | tar -C "$work/source" -xf -
    GIT_CONFIG_COUNT=1 GIT_CONFIG_KEY_0=safe.directory GIT_CONFIG_VALUE_0='*' \
        quietly "$builder/bin/pip" wheel --no-deps --wheel-dir "$work/wheel" "$work/source"
    wheel=$(ls "$work"/wheel/ketamd_kiosk-*.whl)
}

lock_file_of_source() {
    if [ -f "$source" ]; then
        printf '%s\n' "$(dirname "$source")/requirements.lock"
    else
        printf '%s\n' "$source/deploy/requirements.lock"
    fi
}

version_of_wheel() { basename "$1" | cut -d- -f2; }

# Installs $wheel into $PREFIX/<version> (once) and sets $version.
install_version() {
    local lock target
    lock=$(lock_file_of_source)
    [ -f "$lock" ] || fail "no lock file at $lock"
    version=$(version_of_wheel "$wheel")
    target=$PREFIX/$version
    if [ -f "$target/.installed" ]; then
        return
    fi
    say "Installing version $version into $target ..."
    rm -rf "$target"  # what an interrupted install left
    quietly "$PYTHON" -m venv "$target"
    quietly "$target/bin/pip" install --upgrade pip
    # Exactly the bytes in the lock file: every kiosk runs the same dependencies.
    quietly "$target/bin/pip" install --require-hashes --no-deps -r "$lock"
    quietly "$target/bin/pip" install --no-deps "$wheel"
    cp "$lock" "$target/requirements.lock"
    touch "$target/.installed"
    did "installed version $version in $target"
}

current_version() { basename "$(readlink "$PREFIX/current" 2>/dev/null || true)"; }
previous_version() { basename "$(readlink "$PREFIX/previous" 2>/dev/null || true)"; }

# Points the link $1 at the version $2, in one step (a crash leaves the old link or the new).
point_link() {
    ln -sfn "$2" "$PREFIX/$1.new"
    mv -T "$PREFIX/$1.new" "$PREFIX/$1"
}

copy_content_once() {
    if [ -e "$DATA/content" ]; then
        return
    fi
    local bundled
    bundled=$("$PREFIX/current/bin/python" -c \
        'from kiosk.paths import bundled_content_dir; print(bundled_content_dir())')
    install -d -m 0755 "$DATA"
    cp -r "$bundled" "$DATA/content.new"
    chmod -R u=rwX,go=rX "$DATA/content.new"
    mv -T "$DATA/content.new" "$DATA/content"
    did "copied the sample content to $DATA/content (the clinic's to edit from now on)"
}

write_config_once() {
    local config=$CONFIG_DIR/kiosk.yaml
    [ -e "$config" ] && return
    install -m 0600 -o "$KIOSK_USER" -g "$(id -gn "$KIOSK_USER")" /dev/null "$config"
    cat >"$config" <<EOF
# This kiosk's own settings (docs/alerts.md). Only the kiosk user can read this file:
# alert addresses may hold passwords.
kiosk_name: $(hostname)

# Where staff alerts go (a positive safety answer, "talk to someone"). Until there is at
# least one address, patients are sent to the front desk. Test with:
#   sudo -u $KIOSK_USER $PREFIX/current/bin/kiosk test-alert
# staff_alerts:
#   urls:
#     - ntfys://ntfy.clinic.lan/waiting-room?priority=max
EOF
    did "wrote $config (name: $(hostname); no staff alerts yet)"
}

# Copies $1 to $2 (mode $3, owned by $4) unless it is there already, the same; says so
# in the words $5 (default: "installed $2").
place_file() {
    local from=$1 to=$2 mode=$3 owner=${4:-root} message=${5:-"installed $2"}
    if cmp -s "$from" "$to" && [ "$(stat -c %a "$to")" = "${mode#0}" ]; then
        return 1
    fi
    install -D -m "$mode" -o "$owner" -g "$(id -gn "$owner")" "$from" "$to"
    did "$message"
}

# Writes the text $1 (and a newline) to $2, mode $3, as place_file does; $4: what to say.
place_text() {
    printf '%s\n' "$1" >"$work/text"
    place_file "$work/text" "$2" "$3" root "$4"
}

install_unit() {
    case $setup in
        desktop) install_desktop_session ;;
        x11) install_x11_session ;;
        cage) install_cage_unit ;;
    esac
    if [ "$setup" != cage ] && [ -e "$CAGE_UNIT" ]; then
        # A machine set up with cage before: its unit would take tty1 from X or the desktop.
        systemctl disable "$CAGE_UNIT_NAME" >/dev/null 2>&1 || true
        rm -f "$CAGE_UNIT"
        did "removed the cage unit (this machine now runs the kiosk with $setup)"
    fi
}

install_cage_unit() {
    if place_file "$HERE/cage/$CAGE_UNIT_NAME" "$CAGE_UNIT" 0644 && systemd_running; then
        systemctl daemon-reload
    fi
    if ! systemctl is-enabled "$CAGE_UNIT_NAME" >/dev/null 2>&1; then
        systemctl enable "$CAGE_UNIT_NAME" >/dev/null 2>&1
        did "enabled $CAGE_UNIT_NAME (starts at boot on tty1)"
    fi
    if [ "$(systemctl get-default 2>/dev/null)" != graphical.target ]; then
        systemctl set-default graphical.target >/dev/null 2>&1
        did "made graphical.target the default"
    fi
}

# The desktop: a user unit, the autostart entry that starts it (every desktop honours
# autostart; not every one reaches graphical-session.target), and the session script.
install_desktop_session() {
    make_user_dir .config/systemd/user 0755
    make_user_dir .config/autostart 0755
    place_file "$HERE/desktop/$APP-session" "/usr/local/bin/$APP-session" 0755 || true
    place_file "$HERE/desktop/$APP.service" "$KIOSK_HOME/.config/systemd/user/$APP.service" \
        0644 "$KIOSK_USER" || true
    place_file "$HERE/desktop/$APP.desktop" "$KIOSK_HOME/.config/autostart/$APP.desktop" \
        0644 "$KIOSK_USER" || true
    auto_login
}

# X with no window manager: auto-login on tty1, where the login shell starts X and X the
# kiosk; no console switching, no killing X from the keyboard.
install_x11_session() {
    local getty_drop_in=/etc/systemd/system/getty@tty1.service.d/$APP-autologin.conf
    if place_file "$HERE/x11/autologin.conf" "$getty_drop_in" 0644 && systemd_running; then
        systemctl daemon-reload
    fi
    place_file "$HERE/x11/10-$APP.conf" "/etc/X11/xorg.conf.d/10-$APP.conf" 0644 || true
    place_file "$HERE/x11/bash_profile" "$KIOSK_HOME/.bash_profile" 0644 "$KIOSK_USER" || true
    place_file "$HERE/x11/xinitrc" "$KIOSK_HOME/.xinitrc" 0755 "$KIOSK_USER" || true
    # Xorg started by a user, not root (Debian's Xwrapper asks for a console user).
    if ! grep -qs '^allowed_users=console$' /etc/X11/Xwrapper.config; then
        printf 'allowed_users=console\nneeds_root_rights=auto\n' >/etc/X11/Xwrapper.config
        did "let the console user start X (/etc/X11/Xwrapper.config)"
    fi
}

# Logs the desktop user in at boot, where the display manager can be told so in a file.
auto_login() {
    local text
    if [ -d /etc/lightdm ]; then
        # LightDM: XFCE, MATE, Cinnamon, LXDE and Raspberry Pi OS
        text="[Seat:*]
autologin-user=$KIOSK_USER
autologin-user-timeout=0"
        place_text "$text" "/etc/lightdm/lightdm.conf.d/50-$APP.conf" 0644 \
            "LightDM logs $KIOSK_USER in automatically" || true
        # lightdm.conf is read after the drop-ins: a user it logs in (Raspberry Pi OS sets
        # its first user there) would win.
        if grep -Eq "^autologin-user=" /etc/lightdm/lightdm.conf 2>/dev/null \
            && ! grep -Eq "^autologin-user=$KIOSK_USER$" /etc/lightdm/lightdm.conf; then
            sed -i "s/^autologin-user=.*/autologin-user=$KIOSK_USER/" /etc/lightdm/lightdm.conf
            did "LightDM's own lightdm.conf logs $KIOSK_USER in (not another user)"
        fi
    elif [ -f /etc/gdm3/daemon.conf ]; then
        # GDM: GNOME
        if ! grep -q "^AutomaticLogin=$KIOSK_USER$" /etc/gdm3/daemon.conf; then
            sed -i -e '/^AutomaticLogin\(Enable\)\{0,1\}=/d' \
                -e "s/^\[daemon\]$/[daemon]\nAutomaticLoginEnable=true\nAutomaticLogin=$KIOSK_USER/" \
                /etc/gdm3/daemon.conf
            did "GDM logs $KIOSK_USER in automatically"
        fi
    else
        auto_login_missing=yes
    fi
}

# "ketamd-kiosk ARGS" runs the current version as the kiosk user, in its home: the staff
# PIN, test alerts and checks then use the kiosk's own settings and state.
install_command() {
    local command=/usr/local/bin/$APP text
    text="#!/bin/sh
# The kiosk's command line, run as the kiosk user (written by deploy/install.sh).
cd / || exit 1
# The clinic's content, for kiosk doctor.
: \"\${KIOSK_CONTENT:=$DATA/content}\"
export KIOSK_CONTENT
if [ \"\$(id -u)\" -eq 0 ]; then
    exec /usr/sbin/runuser -u $KIOSK_USER -- env HOME=$KIOSK_HOME $PREFIX/current/bin/kiosk \"\$@\"
fi
exec $PREFIX/current/bin/kiosk \"\$@\""
    place_text "$text" "$command" 0755 "installed the command $command (run it with sudo)" \
        || true
}

check_content() {
    local version=$1
    say "Checking the content in $DATA/content with version $version ..."
    if ! as_kiosk "$PREFIX/$version/bin/kiosk" validate "$DATA/content"; then
        return 1
    fi
}

set_pin_from_stdin() {
    [ "$pin_from_stdin" = yes ] || return 0
    if as_kiosk "$PREFIX/current/bin/kiosk" set-pin --stdin; then
        did "set the staff PIN"
    else
        fail "the staff PIN was not set"
    fi
}

restart_kiosk() {
    if [ "$start" = no ]; then
        return
    fi
    if ! systemd_running; then
        say "systemd is not running here: the kiosk starts at the next boot."
        return
    fi
    if [ "$setup" != desktop ] && [ "$(tty 2>/dev/null)" = /dev/tty1 ]; then
        # The kiosk takes tty1: starting it now would end this very login.
        say "This is tty1, where the kiosk runs: log out (or reboot) and it starts here."
    elif [ "$setup" = cage ]; then
        systemctl restart "$CAGE_UNIT_NAME"
        did "(re)started $CAGE_UNIT_NAME"
    elif [ "$setup" = x11 ]; then
        # Ends the kiosk user's login on tty1; getty logs it in again and X starts anew.
        systemctl restart getty@tty1.service
        did "restarted the kiosk's session on tty1"
    elif systemctl --user -M "$KIOSK_USER@" is-active --quiet "$APP.service" 2>/dev/null; then
        systemctl --user -M "$KIOSK_USER@" restart "$APP.service"
        did "restarted the kiosk in $KIOSK_USER's session"
    else
        say "The kiosk starts when $KIOSK_USER logs in."
    fi
}

# Removes the versions neither current nor previous (each holds a few hundred MB); only
# folders install_version made, never anything else kept in $PREFIX (such as a source).
prune_old_versions() {
    local marker dir keep_current keep_previous
    keep_current=$(current_version)
    keep_previous=$(previous_version)
    for marker in "$PREFIX"/*/.installed; do
        [ -f "$marker" ] || continue
        dir=$(dirname "$marker")
        [ -L "$dir" ] && continue  # the links current and previous
        case $(basename "$dir") in
            "$keep_current" | "$keep_previous") ;;
            *) rm -rf "$dir"; did "removed the old version $(basename "$dir")" ;;
        esac
    done
}

# --- the three modes ------------------------------------------------------------------------

do_install() {
    install_packages
    create_user
    install -d -m 0755 "$PREFIX"
    save_setup
    build_wheel
    install_version
    if [ -z "$(current_version)" ]; then
        point_link current "$version"
        did "version $version is the current one"
    elif [ "$(current_version)" != "$version" ]; then
        say "Version $(current_version) runs; $version is installed beside it."
        say "Switch with: sudo $0 --update $source"
    fi
    copy_content_once
    write_config_once
    install_command
    install_unit
    keep_awake
    set_pin_from_stdin
    if [ ${#changed[@]} -gt 0 ]; then
        restart_kiosk
    fi
}

do_update() {
    [ -n "$(current_version)" ] || fail "nothing is installed yet: run $0 first"
    install_packages
    local old
    build_wheel
    install_version
    old=$(current_version)
    if [ "$version" = "$old" ]; then
        say "Version $version is already the current one."
        return
    fi
    check_content "$version" \
        || fail "version $version finds problems in the content (above); $old still runs"
    point_link previous "$old"
    point_link current "$version"
    did "switched from version $old to $version (roll back with: sudo $0 --rollback)"
    install_unit
    restart_kiosk
    prune_old_versions
}

do_rollback() {
    local old back
    old=$(current_version)
    back=$(previous_version)
    if [ -z "$back" ] || [ ! -d "$PREFIX/$back" ]; then
        fail "there is no earlier version to go back to"
    fi
    if ! check_content "$back"; then
        say "Warning: version $back finds problems in the content; it will show its last good copy."
    fi
    point_link previous "$old"
    point_link current "$back"
    did "rolled back from version $old to $back"
    restart_kiosk
}

print_next_steps() {
    say ""
    if [ ${#changed[@]} -eq 0 ]; then
        say "Nothing to change: version $(current_version) is installed and set up."
    else
        say "Done: version $(current_version) is installed."
    fi
    [ "$mode" = install ] || return 0
    local pin_state="not set"
    [ -f "$STATE_DIR/staff-pin.json" ] && pin_state="set"
    say ""
    say "Next:"
    say "  1. Staff PIN ($pin_state): sudo $APP set-pin"
    say "  2. Staff alerts: edit $CONFIG_DIR/kiosk.yaml (docs/alerts.md), then test them:"
    say "     sudo $APP test-alert"
    say "  3. The clinic's content is in $DATA/content; after a change, check it:"
    say "     $APP validate $DATA/content"
    if [ "$setup" = cage ]; then
        say "  4. Logs: journalctl -u $CAGE_UNIT_NAME and $STATE_DIR/log/kiosk.log"
    elif [ "$setup" = x11 ]; then
        say "  4. Logs: $STATE_DIR/log/ (kiosk.log; session.log: each stop; x.log: X itself)"
    else
        say "  4. Logs: $STATE_DIR/log/ (kiosk.log, session.log); as $KIOSK_USER:"
        say "     journalctl --user -u $APP"
    fi
    if [ "$auto_login_missing" = yes ]; then
        say "  5. Set the display manager to log $KIOSK_USER in automatically (deploy/README.md)."
    fi
}

main() {
    parse_args "$@"
    [ "$(id -u)" -eq 0 ] || fail "run as root (sudo $0)"
    command -v apt-get >/dev/null || fail "this script is for Debian and Raspberry Pi OS"
    check_platform
    read_setup
    case $mode in
        install) say "Setting up this machine as a KetaMD kiosk:"; do_install ;;
        update) say "Updating the kiosk from $source:"; do_update ;;
        rollback) say "Rolling the kiosk back:"; do_rollback ;;
        restart)
            [ -n "$(current_version)" ] || fail "nothing is installed yet: run $0 first"
            restart_kiosk
            ;;
    esac
    print_next_steps
}

main "$@"
