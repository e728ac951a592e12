"""Differential conformance: the emulator against the real services (realstack).

    python3 main.py --emulator http://127.0.0.1:PORT [--real-host 127.0.0.1]

Exit status 0 when every difference is listed in allowed-differences.txt, 1 otherwise.
Later phases add their steps modules to STEP_MODULES.
"""

import argparse
import os
import sys

import compute_steps
import discovery_steps
import engine
import identity_steps
import image_steps
import network_steps
import volume_steps

# Identity first: it logs in and captures the tokens the other modules use.
STEP_MODULES = [identity_steps, discovery_steps, network_steps, volume_steps, image_steps, compute_steps]


def main():
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--emulator", required=True, help="the emulator's base URL, http://HOST:PORT")
    parser.add_argument("--real-host", default="127.0.0.1", help="where realstack's services listen")
    options = parser.parse_args()

    host = options.real_host
    real = engine.Cloud("real", {
        "identity": f"http://{host}:5000", "compute": f"http://{host}:8774", "volume": f"http://{host}:8776",
        "network": f"http://{host}:9696", "image": f"http://{host}:9292",
    }, {"admin": os.environ.get("REALSTACK_PASSWORD", "secret"), "demo": os.environ.get("REALSTACK_DEMO_PASSWORD", "demo-secret")})
    base = options.emulator.rstrip("/")
    emulator = engine.Cloud("emulator", {
        "identity": base + "/identity", "compute": base + "/compute", "volume": base + "/volume",
        "network": base + "/network", "image": base + "/image",
    }, {"admin": "admin", "demo": "demo"})

    allowed = engine.load_allowed(os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "allowed-differences.txt"))
    steps = [step for module in STEP_MODULES for step in module.STEPS]
    unexpected = engine.run(steps, real, emulator, allowed)
    print(f"{len(steps)} steps, {unexpected} unexpected difference(s)")
    return 1 if unexpected else 0


if __name__ == "__main__":
    sys.exit(main())
