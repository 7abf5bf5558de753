# Copyright (c) 2026 sessionctl.windows contributors
# GNU General Public License v3.0+ (see COPYING or https://www.gnu.org/licenses/gpl-3.0.txt)
"""Offline stand-in for the get-pip script that ansible-test downloads.

ansible-test runs the cached file as ``python get_pip_X.py --disable-pip-version-check
pip==X --no-setuptools --no-wheel`` inside a venv made without pip. This installs
pip with ensurepip and then the requested pip from the configured package index.
"""
import subprocess
import sys


def main():
    args = [a for a in sys.argv[1:] if a not in ("--no-setuptools", "--no-wheel")]
    subprocess.check_call([sys.executable, "-m", "ensurepip", "--default-pip"], stdout=subprocess.DEVNULL)
    subprocess.check_call([sys.executable, "-m", "pip", "install", "-q"] + args)


if __name__ == "__main__":
    main()
