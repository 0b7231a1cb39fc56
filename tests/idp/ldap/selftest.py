#!/usr/bin/env python3
"""Checks tests/idp/slapd.py end to end with the ldap-utils clients (ldapwhoami, ldapsearch).

Usage: python3 tests/idp/ldap/selftest.py
Starts two instances in parallel, checks binds (plain, StartTLS, LDAPS), searches and access
rules on both, then stops one with SIGTERM and one with SIGKILL of the script alone, and checks
that slapd is gone and its ports are closed. Prints 'N passed, N failed' at the end.
"""

import json
import os
import signal
import socket
import subprocess
import sys
import tempfile
import time

HERE = os.path.dirname(os.path.abspath(__file__))
SLAPD_PY = os.path.join(os.path.dirname(HERE), "slapd.py")

results = {"passed": 0, "failed": 0}


def check(name, ok, detail=""):
    results["passed" if ok else "failed"] += 1
    print(f"{'ok  ' if ok else 'FAIL'} {name}" + (f"\n     {detail}" if detail and not ok else ""),
          flush=True)


def spawn(workdir):
    return subprocess.Popen([sys.executable, SLAPD_PY, workdir], stdout=subprocess.PIPE,
                            text=True)


def ready(proc):
    line = proc.stdout.readline()
    if not line:
        raise SystemExit(f"slapd.py gave no JSON line (exit {proc.wait()})")
    return proc, json.loads(line)


def ldap(info, *args, ca=True):
    env = dict(os.environ, LDAPTLS_REQCERT="demand", LDAPRC="/nonexistent")
    if ca:
        env["LDAPTLS_CACERT"] = info["ca_file"]
    else:
        env["LDAPTLS_CACERT"] = "/nonexistent"
    res = subprocess.run(list(args), capture_output=True, text=True, env=env)
    return res.returncode, res.stdout + res.stderr


def alive(pid):
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    # a zombie is dead for our purpose
    try:
        with open(f"/proc/{pid}/stat") as f:
            return f.read().split(")")[-1].split()[0] != "Z"
    except OSError:
        return False


def port_open(port):
    with socket.socket() as s:
        s.settimeout(0.5)
        return s.connect_ex(("127.0.0.1", port)) == 0


def checks(tag, info):
    u = info["users"]
    ps, ak = u["pschneider"], u["akaya"]
    url, urls = info["ldap_url"], info["ldaps_url"]
    svc = ["-D", info["bind_dn"], "-w", info["bind_password"]]

    rc, out = ldap(info, "ldapwhoami", "-x", "-ZZ", "-H", url, "-D", ps["dn"], "-w", ps["password"])
    check(f"{tag} StartTLS (-ZZ) bind pschneider", rc == 0 and f"dn:{ps['dn']}" in out, out)
    rc, out = ldap(info, "ldapwhoami", "-x", "-H", urls, "-D", ps["dn"], "-w", ps["password"])
    check(f"{tag} LDAPS bind pschneider", rc == 0 and f"dn:{ps['dn']}" in out, out)
    rc, out = ldap(info, "ldapwhoami", "-x", "-H", urls, "-D", ps["dn"], "-w", ps["password"],
                   ca=False)
    check(f"{tag} LDAPS without the CA is refused", rc != 0, out)
    rc, out = ldap(info, "ldapwhoami", "-x", "-H", url, *svc)
    check(f"{tag} plain bind service account", rc == 0 and f"dn:{info['bind_dn']}" in out, out)
    rc, out = ldap(info, "ldapwhoami", "-x", "-ZZ", "-H", url, "-D", ps["dn"], "-w", "falsch")
    check(f"{tag} wrong password refused with 49", rc == 49, f"rc={rc} {out}")
    rc, out = ldap(info, "ldapwhoami", "-x", "-ZZ", "-H", url, "-D", ak["dn"], "-w",
                   ak["password"])
    check(f"{tag} StartTLS bind akaya", rc == 0, out)

    rc, out = ldap(info, "ldapsearch", "-x", "-ZZ", "-LLL", "-o", "ldif-wrap=no", "-H", url,
                   *svc, "-b", info["base_dn"], "(uid=pschneider)",
                   "employeeNumber", "mail", "displayName", "departmentNumber", "ou",
                   "userPassword")
    want = [f"dn: {ps['dn']}", "employeeNumber: 1001",
            "mail: petra.schneider@musterstadt.example", "displayName: Petra Schneider",
            "departmentNumber: FB 10"]
    check(f"{tag} service search (uid=pschneider)",
          rc == 0 and all(w in out for w in want) and "userPassword" not in out, out)
    rc, out = ldap(info, "ldapsearch", "-x", "-ZZ", "-LLL", "-H", url, *svc,
                   "-b", info["people_dn"], "(uid=akaya)", "mail", "employeeNumber")
    check(f"{tag} akaya has no mail", rc == 0 and "employeeNumber: 1003" in out
          and "mail:" not in out, out)
    rc, out = ldap(info, "ldapsearch", "-x", "-ZZ", "-LLL", "-H", url, *svc,
                   "-b", info["groups_dn"],
                   f"(&(objectClass=groupOfNames)(member={u['jmueller']['dn']}))", "cn")
    cns = sorted(l[4:] for l in out.splitlines() if l.startswith("cn: "))
    check(f"{tag} groups of jmueller", rc == 0 and cns == ["fs-scouts", "staff"], out)
    rc, out = ldap(info, "ldapsearch", "-x", "-ZZ", "-LLL", "-H", url, *svc,
                   "-b", info["base_dn"],
                   f"(&(objectClass=groupOfNames)(member={ps['dn']}))", "cn")
    check(f"{tag} groups of pschneider", rc == 0 and "cn: fs-hr" in out
          and "cn: staff" not in out, out)
    rc, out = ldap(info, "ldapsearch", "-x", "-ZZ", "-LLL", "-H", url, *svc,
                   "-b", info["base_dn"], "(objectClass=*)", "userPassword")
    check(f"{tag} service never reads userPassword", rc == 0 and "userPassword" not in out
          and "dn: " in out, out)

    rc, out = ldap(info, "ldapsearch", "-x", "-LLL", "-H", url, "-b", info["base_dn"],
                   "(objectClass=*)")
    check(f"{tag} anonymous search gets nothing", "dn:" not in out, f"rc={rc} {out}")
    rc, out = ldap(info, "ldapsearch", "-x", "-LLL", "-H", url, "-b", info["people_dn"],
                   "(uid=pschneider)")
    check(f"{tag} anonymous search of people gets nothing", "dn:" not in out, f"rc={rc} {out}")
    rc, out = ldap(info, "ldapsearch", "-x", "-ZZ", "-LLL", "-H", url, "-D", ps["dn"], "-w",
                   ps["password"], "-b", info["people_dn"], "(uid=jweber)")
    check(f"{tag} a person cannot read another person", "dn:" not in out, f"rc={rc} {out}")
    rc, out = ldap(info, "ldapsearch", "-x", "-ZZ", "-LLL", "-H", url, "-D", ps["dn"], "-w",
                   ps["password"], "-b", ps["dn"], "-s", "base", "(objectClass=*)", "mail",
                   "userPassword")
    check(f"{tag} a person reads their own entry, not the password",
          rc == 0 and "mail: petra.schneider" in out and "userPassword" not in out, out)


def wait_gone(pid, ports, seconds=15):
    end = time.monotonic() + seconds
    while time.monotonic() < end:
        if not alive(pid) and not any(port_open(p) for p in ports):
            return True
        time.sleep(0.1)
    return False


def main():
    with tempfile.TemporaryDirectory(prefix="slapd-selftest-") as tmp:
        t0 = time.monotonic()
        # Both start at the same time, to show that parallel instances do not clash.
        p1, p2 = spawn(os.path.join(tmp, "a")), spawn(os.path.join(tmp, "b"))
        try:
            run_all(p1, p2, t0)
        finally:
            for p in (p1, p2):
                if p.poll() is None:
                    p.terminate()
                    p.wait(timeout=20)
    print(f"{results['passed']} passed, {results['failed']} failed")
    return 1 if results["failed"] else 0


def run_all(p1, p2, t0):
    (p1, i1), (p2, i2) = ready(p1), ready(p2)
    print(f"two instances up in {time.monotonic() - t0:.1f} s: "
          f"a={i1['ldap_url']} {i1['ldaps_url']} b={i2['ldap_url']} {i2['ldaps_url']}",
          flush=True)
    ports = {i1["ldap_port"], i1["ldaps_port"], i2["ldap_port"], i2["ldaps_port"]}
    check("four distinct ports", len(ports) == 4, str(ports))
    check("distinct CAs", open(i1["ca_file"]).read() != open(i2["ca_file"]).read())
    checks("a:", i1)
    checks("b:", i2)
    rc, out = ldap(i1, "ldapwhoami", "-x", "-H", i2["ldaps_url"], "-D",
                   i2["users"]["pschneider"]["dn"], "-w", i2["users"]["pschneider"]["password"])
    check("a's CA does not verify b's server", rc != 0, out)

    p1.send_signal(signal.SIGTERM)
    rc = p1.wait(timeout=20)
    check("SIGTERM: script exits 0", rc == 0, f"rc={rc}")
    check("SIGTERM: slapd gone, ports closed",
          wait_gone(i1["pid"], [i1["ldap_port"], i1["ldaps_port"]]))

    p2.send_signal(signal.SIGKILL)
    p2.wait(timeout=5)
    check("SIGKILL of the script: slapd gone, ports closed",
          wait_gone(i2["pid"], [i2["ldap_port"], i2["ldaps_port"]]))


if __name__ == "__main__":
    sys.exit(main())
