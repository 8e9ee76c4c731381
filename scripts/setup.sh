# Shared set-up for ./scripts/run and ./scripts/test. Sourced, not run.
# Creates .venv if missing and installs only what is missing, so a second run costs well under 5 s.
# Linux (Debian/Ubuntu): system packages through apt when root or with sudo, otherwise the exact command is printed.
# macOS: prints the Homebrew command for PortAudio; speech uses the built-in voices (NSSpeechSynthesizer).
# Windows (Git Bash): uses .venv/Scripts/python; speech uses SAPI5, PyAudio ships wheels, nothing else to install.

set -euo pipefail
ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
cd "$ROOT"

say() { printf 'voiceaid setup: %s\n' "$*" >&2; }

APT_PACKAGES=(espeak-ng alsa-utils portaudio19-dev libasound2-plugins sox pulseaudio pulseaudio-utils tmux)

# install_system_packages [EXTRA...]: APT_PACKAGES plus any extra packages (the tests add flite).
install_system_packages() {
  case "$(uname -s)" in
    Linux)
      command -v dpkg-query >/dev/null 2>&1 || { say "not Debian/Ubuntu: install espeak-ng, alsa-utils and the PortAudio headers with your package manager"; return 0; }
      local missing=()
      for pkg in "${APT_PACKAGES[@]}" "$@"; do
        dpkg-query -W -f='${Status}' "$pkg" 2>/dev/null | grep -q "install ok installed" || missing+=("$pkg")
      done
      [ ${#missing[@]} -eq 0 ] && return 0
      local sudo=""
      if [ "$(id -u)" -ne 0 ]; then
        if command -v sudo >/dev/null 2>&1 && sudo -n true 2>/dev/null; then sudo="sudo"; else
          say "missing system packages: ${missing[*]}"
          say "run:  sudo apt-get install -y ${missing[*]}   then run this script again"
          return 1
        fi
      fi
      say "installing system packages: ${missing[*]}"
      $sudo apt-get update -qq >&2
      DEBIAN_FRONTEND=noninteractive $sudo apt-get install -y -qq "${missing[@]}" >&2
      ;;
    Darwin)
      if ! [ -e /opt/homebrew/include/portaudio.h ] && ! [ -e /usr/local/include/portaudio.h ]; then
        say "PyAudio needs PortAudio. Run:  brew install portaudio   then run this script again"
        return 1
      fi
      ;;
    *) ;;  # Windows: PyAudio has wheels and SAPI5 is built in.
  esac
}

venv_python() {
  if [ -x .venv/bin/python ]; then echo .venv/bin/python; else echo .venv/Scripts/python.exe; fi
}

ensure_venv() {
  local extras="$1" stamp py want
  if [ ! -d .venv ]; then
    say "creating .venv"
    local base="${PYTHON:-python3}"
    command -v "$base" >/dev/null 2>&1 || base=python
    "$base" -c 'import sys; sys.exit(sys.version_info < (3, 10))' || { say "voiceaid needs Python 3.10 or newer"; return 1; }
    "$base" -m venv .venv
  fi
  py="$(venv_python)"
  stamp=.venv/.voiceaid-installed
  local sum have
  sum="$(cksum < pyproject.toml | cut -d' ' -f1)"
  want="$sum-$extras"
  have="$(cat "$stamp" 2>/dev/null || true)"
  # satisfied when this exact set is installed, or a superset (the test extras include the app's
  # needs and the Whisper extra)
  local superset=false
  if [ "${have%%-*}" = "$sum" ]; then
    case "$extras|${have#*-}" in
      "|"*|"[whisper]|[test]") superset=true ;;
    esac
  fi
  if [ "$have" != "$want" ] && [ "$superset" = false ]; then
    say "installing voiceaid and its Python packages into .venv"
    "$py" -m pip install -q --disable-pip-version-check --upgrade pip >&2
    "$py" -m pip install -q --disable-pip-version-check -e ".${extras}" >&2
    echo "$want" > "$stamp"
  fi
  VENV_PY="$py"
}
