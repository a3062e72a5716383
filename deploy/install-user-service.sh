#!/usr/bin/env bash
# Install the kiosk for the current user and start it as a systemd user service that
# restarts it whenever it stops. Run from the checkout:  bash deploy/install-user-service.sh
set -euo pipefail
here="$(cd "$(dirname "$0")/.." && pwd)"
venv="$HOME/.local/share/ketamd-kiosk/venv"
python3 -m venv "$venv"
"$venv/bin/pip" install --quiet --upgrade pip
"$venv/bin/pip" install --quiet "$here"
"$venv/bin/kiosk" validate
mkdir -p "$HOME/.config/systemd/user"
cp "$here/deploy/systemd/ketamd-kiosk.service" "$HOME/.config/systemd/user/"
systemctl --user daemon-reload
systemctl --user enable --now ketamd-kiosk.service
# Keep the user's services running without an open login (for an auto-login kiosk user).
loginctl enable-linger "$USER" 2>/dev/null || true
echo "Installed. Status: systemctl --user status ketamd-kiosk"
echo "Set the staff PIN with: $venv/bin/kiosk set-pin"
