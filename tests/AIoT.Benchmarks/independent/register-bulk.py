#!/usr/bin/env python3
"""Registers bench-0001 .. bench-1000 (cuco.plug.v2eur), the devices mqttjs-check.js reports for, with a running host
in one POST /api/devices/bulk. Usage: python3 register-bulk.py [http port, default 18080]"""
import json
import sys
import urllib.error
import urllib.request

port = sys.argv[1] if len(sys.argv) > 1 else "18080"
devices = [{"model": "cuco.plug.v2eur", "id": f"bench-{i:04d}"} for i in range(1, 1001)]
request = urllib.request.Request(
    f"http://127.0.0.1:{port}/api/devices/bulk",
    data=json.dumps({"devices": devices}).encode(),
    headers={"Content-Type": "application/json"},
)
try:
    with urllib.request.urlopen(request, timeout=60) as response:
        print(response.status, len(json.load(response)["devices"]), "devices registered")
except urllib.error.HTTPError as refused:  # 409 when the devices are registered already
    sys.exit(f"{refused.code} {refused.read().decode()[:300]}")
