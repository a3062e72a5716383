#!/usr/bin/env bash
# The fleet recipe's own checks, as CI runs them: ansible-lint (production profile), a
# syntax check of both plays, and a dry run (--check) of site.yml against this machine,
# with the example secrets and this checkout as the kiosk's repository; with --apply,
# for real as well (see the end).
# Needs ansible-core and ansible-lint on PATH, and Debian's python3-apt.
set -euo pipefail
cd "$(dirname "$0")"
checkout=$(cd ../.. && pwd)
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT

ansible-lint --profile production
ansible-playbook -i inventory.example.yml --syntax-check site.yml rollback.yml

# The checkout as a git repository of its own (the role fetches a release with git,
# whether or not this checkout came with its history).
mkdir "$work/repo"
tar -C "$checkout" --exclude=./.venv --exclude=./.venv-ansible --exclude=./.git \
    --exclude=./mutants -cf - . \
    | tar -C "$work/repo" -xf -
git -C "$work/repo" init -q
git -C "$work/repo" add -A
git -C "$work/repo" -c user.name=CI -c user.email=ci@example.org commit -qm check

if [ "${1:-}" = --apply ]; then
    # From a machine with no kiosk on it (CI's tests install one in other setups).
    rm -rf /opt/ketamd-kiosk /var/lib/ketamd-kiosk
fi
cat >"$work/inventory.yml" <<INVENTORY
kiosks:
  hosts:
    localhost:
      ansible_connection: local
      ansible_python_interpreter: /usr/bin/python3
INVENTORY
ansible-playbook -i "$work/inventory.yml" site.yml --check \
    -e @group_vars/kiosks/vault.yml.example \
    -e ketamd_kiosk_repo_url="$work/repo" -e ketamd_kiosk_version=HEAD \
    -e ketamd_kiosk_content_repo_url="$work/repo"

# With --apply (CI, on a machine that is disposable): the play for real against this
# machine, then again (it must change nothing), an update to the next release, and the
# rollback play.
if [ "${1:-}" = --apply ]; then
    git -C "$work/repo" tag v9.0.0
    # The clinic's content repository: the sample pack, in a folder of its own.
    mkdir "$work/content"
    cp -r "$checkout/content" "$work/content/pack"
    git -C "$work/content" init -q -b main
    git -C "$work/content" add -A
    git -C "$work/content" -c user.name=CI -c user.email=ci@example.org commit -qm content
    apply() {
        ansible-playbook -i "$work/inventory.yml" "$@" \
            -e @group_vars/kiosks/vault.yml.example \
            -e ketamd_kiosk_repo_url="$work/repo" -e ketamd_kiosk_version="$release" \
            -e ketamd_kiosk_content_repo_url="$work/content" \
            -e ketamd_kiosk_content_subfolder=pack -e ketamd_kiosk_setup=cage
    }
    release=v9.0.0
    apply site.yml
    apply site.yml | tee "$work/again.log"
    grep -Eq 'localhost +: ok=[0-9]+ +changed=0 ' "$work/again.log" \
        || { echo "check.sh: a second run of site.yml changed something" >&2; exit 1; }
    [ "$(readlink /opt/ketamd-kiosk/current)" = 9.0.0 ]
    commit=$(git -C "$work/content" rev-parse --short=12 HEAD)
    [ "$(readlink /var/lib/ketamd-kiosk/content)" = "releases/$commit" ] \
        || { echo "check.sh: the kiosk does not show the repository's content" >&2; exit 1; }
    # The next release, then back.
    git -C "$work/repo" -c user.name=CI -c user.email=ci@example.org commit -qm next --allow-empty
    git -C "$work/repo" tag v9.0.1
    release=v9.0.1
    apply site.yml
    [ "$(readlink /opt/ketamd-kiosk/current)" = 9.0.1 ] \
        || { echo "check.sh: site.yml did not update to 9.0.1" >&2; exit 1; }
    apply rollback.yml
    [ "$(readlink /opt/ketamd-kiosk/current)" = 9.0.0 ] \
        || { echo "check.sh: rollback.yml did not switch back" >&2; exit 1; }
    echo "check.sh: site.yml applied (content from git), changed nothing the second time," \
        "updated to the next release; rollback.yml switched back"
fi
