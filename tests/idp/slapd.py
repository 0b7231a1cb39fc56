#!/usr/bin/env python3
"""A real OpenLDAP server (Debian's slapd) on loopback for the tests, as the current user.

Usage: python3 tests/idp/slapd.py WORKDIR [--ldif FILE] [--debug LEVEL] [--timeout SECONDS]

WORKDIR is created if missing and must be empty. Into it go a throw-away CA and a server
certificate for 127.0.0.1/localhost (openssl CLI), a slapd.conf (old-style, read with -f), the
data (hashed with slappasswd, loaded with slapadd) and slapd's log. slapd then listens on two
free ports, ldap:// (StartTLS offered, not required) and ldaps://. Once it answers a bind with
this instance's own random admin password, and a StartTLS and an LDAPS bind verified against
WORKDIR/ca.pem have succeeded, ONE line of JSON goes to stdout (see tests/idp/ldap/README.md);
nothing else is ever written to stdout. Diagnostics go to stderr.

The script then stays in the foreground with slapd as its direct child:
- SIGTERM, SIGINT or SIGHUP to the script: forwarded to slapd as SIGTERM (SIGKILL after 10 s);
  the script exits 0 once slapd is gone.
- slapd dies by itself: the script exits with 1.
- SIGKILL to the script: slapd has PR_SET_PDEATHSIG=SIGTERM (set through prctl with ctypes),
  so the kernel sends it SIGTERM and it shuts down by itself. The script does not start a new
  process group either, so killing the caller's process group kills both.

Needs: slapd and ldap-utils (slappasswd, slapadd come with slapd), openssl; standard library only.
"""

import argparse
import base64
import ctypes
import json
import os
import secrets
import shutil
import signal
import socket
import ssl
import subprocess
import sys
import time

HERE = os.path.dirname(os.path.abspath(__file__))
DEFAULT_LDIF = os.path.join(HERE, "ldap", "musterstadt.ldif")

BASE_DN = "dc=musterstadt,dc=example"
PEOPLE_DN = "ou=people," + BASE_DN
GROUPS_DN = "ou=groups," + BASE_DN
SERVICES_DN = "ou=services," + BASE_DN
ADMIN_DN = "cn=admin," + BASE_DN
SERVICE_DN = "cn=fuehrerschein," + SERVICES_DN

MODULE_PATH = "/usr/lib/ldap"
SCHEMA_DIR = "/etc/ldap/schema"
SCHEMAS = ("core", "cosine", "inetorgperson", "nis")
START_ATTEMPTS = 5
STOP_GRACE_SECONDS = 10.0
SEARCH_PATH = os.pathsep.join(
    [os.environ.get("PATH", ""), "/usr/sbin", "/usr/bin", "/sbin", "/bin"]
)


def log(msg):
    # os.write, not print: also called from the signal handler, where print may re-enter.
    data = f"slapd.py: {msg}\n".encode("utf-8", "replace")
    try:
        while data:
            data = data[os.write(2, data):]
    except OSError:
        pass


class Failure(Exception):
    pass


def tool(name):
    path = shutil.which(name, path=SEARCH_PATH)
    if path is None:
        raise Failure(
            f"{name} not found; install it with: DEBIAN_FRONTEND=noninteractive "
            "apt-get install -y --no-install-recommends slapd ldap-utils"
        )
    return path


def run(cmd, **kw):
    res = subprocess.run(cmd, capture_output=True, text=True, **kw)
    if res.returncode != 0:
        raise Failure(
            f"{' '.join(cmd)} failed with {res.returncode}:\n{res.stdout}{res.stderr}"
        )
    return res.stdout


# --- certificates -----------------------------------------------------------------------------

CA_CNF = """[req]
distinguished_name = dn
prompt = no
x509_extensions = ext
[dn]
CN = Fuehrerschein Test-CA (throw-away)
[ext]
basicConstraints = critical, CA:TRUE, pathlen:0
keyUsage = critical, keyCertSign, cRLSign
subjectKeyIdentifier = hash
"""

SERVER_CNF = """[req]
distinguished_name = dn
prompt = no
[dn]
CN = localhost
[ext]
basicConstraints = critical, CA:FALSE
keyUsage = critical, digitalSignature
extendedKeyUsage = serverAuth
subjectAltName = IP:127.0.0.1, DNS:localhost
subjectKeyIdentifier = hash
authorityKeyIdentifier = keyid
"""


def make_certificates(workdir):
    """EC P-256, SHA-256, valid 2 days. Returns (ca_file, cert_file, key_file)."""
    openssl = tool("openssl")
    p = lambda name: os.path.join(workdir, name)  # noqa: E731
    with open(p("ca.cnf"), "w") as f:
        f.write(CA_CNF)
    with open(p("server.cnf"), "w") as f:
        f.write(SERVER_CNF)
    keygen = ["genpkey", "-algorithm", "EC", "-pkeyopt", "ec_paramgen_curve:P-256"]
    old = os.umask(0o077)
    try:
        run([openssl, *keygen, "-out", p("ca.key")])
        run([openssl, *keygen, "-out", p("server.key")])
    finally:
        os.umask(old)
    serial = lambda: "0x" + secrets.token_hex(16)  # noqa: E731
    run([openssl, "req", "-config", p("ca.cnf"), "-new", "-x509", "-sha256", "-days", "2",
         "-set_serial", serial(), "-key", p("ca.key"), "-out", p("ca.pem")])
    run([openssl, "req", "-config", p("server.cnf"), "-new", "-key", p("server.key"),
         "-out", p("server.csr")])
    run([openssl, "x509", "-req", "-sha256", "-days", "2", "-set_serial", serial(),
         "-in", p("server.csr"), "-CA", p("ca.pem"), "-CAkey", p("ca.key"),
         "-extfile", p("server.cnf"), "-extensions", "ext", "-out", p("server.pem")])
    return p("ca.pem"), p("server.pem"), p("server.key")


# --- LDIF -------------------------------------------------------------------------------------

def parse_ldif(text):
    """Content records only (no changetype): a list of (dn, [(attr, value), ...])."""
    unfolded = []
    for line in text.splitlines():
        if line.startswith(" ") and unfolded:
            unfolded[-1] += line[1:]
        else:
            unfolded.append(line)
    records, cur = [], []
    for line in unfolded + [""]:
        if line.startswith("#"):
            continue
        if not line.strip():
            if cur:
                records.append(cur)
                cur = []
            continue
        attr, sep, rest = line.partition(":")
        if not sep:
            raise Failure(f"LDIF: no ':' in line {line!r}")
        if rest.startswith(":"):
            value = base64.b64decode(rest[1:].strip()).decode("utf-8", "surrogateescape")
        elif rest.startswith("<"):
            raise Failure(f"LDIF: URL values are not supported: {line!r}")
        else:
            value = rest.lstrip(" ")
        attr = attr.strip()
        if not cur and not records and attr.lower() == "version":
            continue
        cur.append((attr, value))
    out = []
    for rec in records:
        if rec[0][0].lower() != "dn":
            raise Failure(f"LDIF: record does not start with dn: {rec[0]}")
        if any(a.lower() == "changetype" for a, _ in rec):
            raise Failure("LDIF: changetype records are not supported; use content records")
        out.append((rec[0][1], rec[1:]))
    return out


def ldif_line(attr, value):
    raw = value.encode("utf-8", "surrogateescape")
    safe = (
        raw
        and all(0x20 <= b < 0x7F for b in raw)
        and raw[0] not in b" :<"
        and not raw.endswith(b" ")
    )
    if safe or not raw:
        return f"{attr}: {value}"
    return f"{attr}:: {base64.b64encode(raw).decode('ascii')}"


def write_ldif(records, path):
    with open(path, "w", encoding="ascii") as f:
        for dn, attrs in records:
            f.write(ldif_line("dn", dn) + "\n")
            for attr, value in attrs:
                f.write(ldif_line(attr, value) + "\n")
            f.write("\n")


def norm_dn(dn):
    return ",".join(
        "=".join(part.strip() for part in rdn.split("=", 1)) for rdn in dn.split(",")
    ).lower()


def ssha(password):
    return run([tool("slappasswd"), "-h", "{SSHA}", "-s", password]).strip()


def prepare_data(records):
    """Hashes plain userPassword values; returns (records, plain passwords by normalised DN)."""
    plain, hashed_records = {}, []
    for dn, attrs in records:
        new = []
        for attr, value in attrs:
            if attr.lower() == "userpassword" and not value.startswith("{"):
                plain[norm_dn(dn)] = value
                value = ssha(value)
            new.append((attr, value))
        hashed_records.append((dn, new))
    return hashed_records, plain


def describe(records, plain):
    """users (by uid) and groups (by cn) for the JSON line."""
    def values(attrs, name):
        return [v for a, v in attrs if a.lower() == name.lower()]

    def first(attrs, name):
        vs = values(attrs, name)
        return vs[0] if vs else None

    groups, users = {}, {}
    for dn, attrs in records:
        classes = {c.lower() for c in values(attrs, "objectClass")}
        if "groupofnames" in classes:
            groups[first(attrs, "cn")] = {"dn": dn, "members": values(attrs, "member")}
    for dn, attrs in records:
        classes = {c.lower() for c in values(attrs, "objectClass")}
        if "inetorgperson" not in classes or first(attrs, "uid") is None:
            continue
        member_of = sorted(
            cn for cn, g in groups.items()
            if norm_dn(dn) in {norm_dn(m) for m in g["members"]}
        )
        users[first(attrs, "uid")] = {
            "dn": dn,
            "password": plain.get(norm_dn(dn)),
            "cn": first(attrs, "cn"),
            "givenName": first(attrs, "givenName"),
            "sn": first(attrs, "sn"),
            "displayName": first(attrs, "displayName"),
            "mail": first(attrs, "mail"),
            "employeeNumber": first(attrs, "employeeNumber"),
            "departmentNumber": first(attrs, "departmentNumber"),
            "ou": first(attrs, "ou"),
            "groups": member_of,
        }
    return users, groups


# --- slapd.conf -------------------------------------------------------------------------------

def q(value):
    if '"' in value or "\\" in value or "\n" in value:
        raise Failure(f"unsupported character in {value!r}")
    return f'"{value}"'


def write_config(workdir, ca, cert, key, admin_hash):
    includes = "\n".join(f"include {q(os.path.join(SCHEMA_DIR, s + '.schema'))}" for s in SCHEMAS)
    conf = f"""# Written by tests/idp/slapd.py for one test run; throw-away.
{includes}

modulepath {q(MODULE_PATH)}
moduleload back_mdb

pidfile {q(os.path.join(workdir, "slapd.pid"))}
argsfile {q(os.path.join(workdir, "slapd.args"))}

TLSCACertificateFile {q(ca)}
TLSCertificateFile {q(cert)}
TLSCertificateKeyFile {q(key)}
TLSVerifyClient never

# Root DSE and schema are public (clients discover StartTLS and the schema there); no data.
access to dn.base="" by * read
access to dn.base="cn=Subschema" by * read

database mdb
maxsize 67108864
suffix {q(BASE_DN)}
rootdn {q(ADMIN_DN)}
rootpw {admin_hash}
directory {q(os.path.join(workdir, "data"))}

index objectClass eq
index uid,mail,employeeNumber eq
index member eq
index cn eq

# Everyone binds with their own password; nobody ever reads a password (rootdn bypasses ACLs).
access to attrs=userPassword
    by anonymous auth
    by * none

# People and groups: the read-only service account reads them, a person reads their own entry.
access to dn.subtree={q(PEOPLE_DN)}
    by dn.exact={q(SERVICE_DN)} read
    by self read
    by * none
access to dn.subtree={q(GROUPS_DN)}
    by dn.exact={q(SERVICE_DN)} read
    by * none

# The base and ou=groups/ou=people entries themselves, so that searches from the base work.
access to dn.base={q(BASE_DN)}
    by dn.exact={q(SERVICE_DN)} read
    by * none

# Anything else (ou=services, the service account itself): only the entry's own DN reads it.
access to *
    by self read
    by * none
"""
    path = os.path.join(workdir, "slapd.conf")
    with open(path, "w") as f:
        f.write(conf)
    return path


# --- a tiny LDAP client (simple bind, StartTLS) for the readiness check -----------------------

def ber(tag, content):
    n = len(content)
    if n < 0x80:
        length = bytes([n])
    else:
        b = n.to_bytes((n.bit_length() + 7) // 8, "big")
        length = bytes([0x80 | len(b)]) + b
    return bytes([tag]) + length + content


def ber_int(tag, value):
    return ber(tag, value.to_bytes(max(1, (value.bit_length() + 8) // 8), "big", signed=True))


def read_exact(sock, n):
    data = b""
    while len(data) < n:
        chunk = sock.recv(n - len(data))
        if not chunk:
            raise ConnectionError("connection closed by server")
        data += chunk
    return data


def read_tlv(sock):
    tag = read_exact(sock, 1)[0]
    n = read_exact(sock, 1)[0]
    if n & 0x80:
        n = int.from_bytes(read_exact(sock, n & 0x7F), "big")
    return tag, read_exact(sock, n)


def split_tlvs(data):
    out, i = [], 0
    while i < len(data):
        tag, n = data[i], data[i + 1]
        i += 2
        if n & 0x80:
            k = n & 0x7F
            n = int.from_bytes(data[i:i + k], "big")
            i += k
        out.append((tag, data[i:i + n]))
        i += n
    return out


def ldap_request(sock, msg_id, op):
    sock.sendall(ber(0x30, ber_int(0x02, msg_id) + op))
    tag, body = read_tlv(sock)
    parts = split_tlvs(body)
    if tag != 0x30 or len(parts) < 2:
        raise ConnectionError("malformed LDAP response")
    result = split_tlvs(parts[1][1])
    if not result or result[0][0] != 0x0A:
        raise ConnectionError("LDAP response without a result code")
    return int.from_bytes(result[0][1], "big")


def simple_bind(sock, dn, password, msg_id=1):
    op = ber(0x60, ber_int(0x02, 3) + ber(0x04, dn.encode()) + ber(0x80, password.encode()))
    return ldap_request(sock, msg_id, op)


def unbind(sock):
    try:
        sock.sendall(ber(0x30, ber_int(0x02, 99) + b"\x42\x00"))
    except OSError:
        pass


def check_plain(port, dn, password):
    with socket.create_connection(("127.0.0.1", port), timeout=1) as s:
        code = simple_bind(s, dn, password)
        unbind(s)
    return code


def tls_context(ca_file):
    ctx = ssl.create_default_context(cafile=ca_file)
    ctx.check_hostname = True
    ctx.verify_mode = ssl.CERT_REQUIRED
    return ctx


def check_starttls(port, ca_file, dn, password):
    with socket.create_connection(("127.0.0.1", port), timeout=5) as raw:
        code = ldap_request(raw, 1, ber(0x77, ber(0x80, b"1.3.6.1.4.1.1466.20037")))
        if code != 0:
            raise Failure(f"StartTLS refused with result code {code}")
        with tls_context(ca_file).wrap_socket(raw, server_hostname="127.0.0.1") as s:
            code = simple_bind(s, dn, password, msg_id=2)
            unbind(s)
    return code


def check_ldaps(port, ca_file, dn, password):
    with socket.create_connection(("127.0.0.1", port), timeout=5) as raw:
        with tls_context(ca_file).wrap_socket(raw, server_hostname="127.0.0.1") as s:
            code = simple_bind(s, dn, password)
            unbind(s)
    return code


# --- process control --------------------------------------------------------------------------

def free_ports(n):
    socks = []
    try:
        for _ in range(n):
            s = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
            s.bind(("127.0.0.1", 0))
            socks.append(s)
        return [s.getsockname()[1] for s in socks]
    finally:
        for s in socks:
            s.close()


def parent_death_signal():
    """preexec_fn: the kernel sends slapd SIGTERM when this script dies, even by SIGKILL."""
    try:
        libc = ctypes.CDLL(None, use_errno=True)
    except OSError:
        return None
    parent = os.getpid()

    def preexec():
        libc.prctl(1, signal.SIGTERM, 0, 0, 0)  # PR_SET_PDEATHSIG
        if os.getppid() != parent:  # the script died between fork and prctl
            os._exit(1)

    return preexec


class Runner:
    def __init__(self):
        self.proc = None
        self.stop_requested = False
        self.kill_deadline = None

    def on_signal(self, signum, _frame):
        if not self.stop_requested:
            log(f"signal {signum}: stopping slapd")
        self.stop_requested = True
        self.terminate()

    def terminate(self):
        """Sends slapd SIGTERM; wait_for_exit sends SIGKILL when the grace period is over."""
        if self.kill_deadline is None:
            self.kill_deadline = time.monotonic() + STOP_GRACE_SECONDS
        if self.proc is not None and self.proc.poll() is None:
            try:
                self.proc.send_signal(signal.SIGTERM)
            except ProcessLookupError:
                pass

    def wait_for_exit(self):
        """Waits for slapd, escalating to SIGKILL once the grace period after a stop is over."""
        while True:
            try:
                return self.proc.wait(timeout=0.25)
            except subprocess.TimeoutExpired:
                if self.kill_deadline is not None and time.monotonic() > self.kill_deadline:
                    log("slapd did not stop in time: SIGKILL")
                    self.proc.kill()
                    self.kill_deadline = None

    def stop(self):
        """Stops slapd (a failed attempt, or on the way out) and waits for it."""
        if self.proc is not None and self.proc.poll() is None:
            self.terminate()
            self.wait_for_exit()
        self.kill_deadline = None


def log_tail(path, lines=15):
    try:
        with open(path, errors="replace") as f:
            return "".join(f.readlines()[-lines:])
    except OSError:
        return ""


def start(runner, workdir, conf, debug, ca_file, admin_password, timeout):
    """Starts slapd on two fresh ports, retrying when it cannot bind. Returns (p_ldap, p_ldaps)."""
    slapd = tool("slapd")
    log_path = os.path.join(workdir, "slapd.log")
    preexec = parent_death_signal()
    last_error = "no attempt"
    for attempt in range(1, START_ATTEMPTS + 1):
        if runner.stop_requested:
            raise Failure("stopped before slapd was up")
        p_ldap, p_ldaps = free_ports(2)
        urls = f"ldap://127.0.0.1:{p_ldap}/ ldaps://127.0.0.1:{p_ldaps}/"
        with open(log_path, "a") as logf:
            logf.write(f"=== slapd.py attempt {attempt}: {urls}\n")
            logf.flush()
            runner.proc = subprocess.Popen(
                [slapd, "-d", debug, "-h", urls, "-f", conf],
                stdin=subprocess.DEVNULL, stdout=logf, stderr=subprocess.STDOUT,
                preexec_fn=preexec, close_fds=True,
            )
        deadline = time.monotonic() + timeout
        while True:
            if runner.stop_requested:
                runner.stop()
                raise Failure("stopped before slapd was up")
            if runner.proc.poll() is not None:
                last_error = f"slapd exited with {runner.proc.returncode}"
                break
            if time.monotonic() > deadline:
                last_error = f"slapd did not answer within {timeout} s"
                runner.stop()
                break
            try:
                # This instance's random admin password: proves that the port is ours.
                code = check_plain(p_ldap, ADMIN_DN, admin_password)
            except OSError:
                time.sleep(0.1)
                continue
            if code != 0:
                last_error = f"admin bind on port {p_ldap} gave result {code} (someone else's port?)"
                runner.stop()
                break
            try:
                code_tls = check_starttls(p_ldap, ca_file, ADMIN_DN, admin_password)
                code_ldaps = check_ldaps(p_ldaps, ca_file, ADMIN_DN, admin_password)
            except (OSError, ssl.SSLError) as e:
                runner.stop()
                raise Failure(f"TLS check failed: {e}\n{log_tail(log_path)}")
            if code_tls != 0 or code_ldaps != 0:
                runner.stop()
                raise Failure(f"TLS bind failed: StartTLS {code_tls}, LDAPS {code_ldaps}")
            if runner.proc.poll() is not None:
                last_error = f"slapd exited with {runner.proc.returncode} during the check"
                break
            return p_ldap, p_ldaps
        log(f"attempt {attempt} failed: {last_error}; retrying with other ports")
    raise Failure(f"slapd did not start after {START_ATTEMPTS} attempts: {last_error}\n"
                  f"{log_tail(log_path)}")


def main():
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("workdir")
    ap.add_argument("--ldif", default=DEFAULT_LDIF,
                    help="content LDIF under dc=musterstadt,dc=example (default: %(default)s)")
    ap.add_argument("--debug", default="stats",
                    help="slapd -d level, logged to WORKDIR/slapd.log (default: stats; 0: quiet)")
    ap.add_argument("--timeout", type=float, default=20.0,
                    help="seconds to wait for slapd per attempt (default: %(default)s)")
    args = ap.parse_args()

    runner = Runner()
    for sig in (signal.SIGTERM, signal.SIGINT, signal.SIGHUP):
        signal.signal(sig, runner.on_signal)

    try:
        workdir = os.path.abspath(args.workdir)
        os.makedirs(workdir, exist_ok=True)
        if os.listdir(workdir):
            raise Failure(f"{workdir} is not empty; give a fresh directory")
        os.makedirs(os.path.join(workdir, "data"), mode=0o700)

        ca_file, cert, key = make_certificates(workdir)
        with open(args.ldif, encoding="utf-8") as f:
            records = parse_ldif(f.read())
        records, plain = prepare_data(records)
        ldif_path = os.path.join(workdir, "data.ldif")
        write_ldif(records, ldif_path)

        admin_password = secrets.token_urlsafe(18)
        conf = write_config(workdir, ca_file, cert, key, ssha(admin_password))
        run([tool("slaptest"), "-u", "-f", conf])
        run([tool("slapadd"), "-q", "-f", conf, "-l", ldif_path])

        users, groups = describe(records, plain)
        bind_password = plain.get(norm_dn(SERVICE_DN))
        if bind_password is None:
            log(f"warning: the LDIF has no plain-text userPassword for {SERVICE_DN}")

        p_ldap, p_ldaps = start(runner, workdir, conf, args.debug, ca_file, admin_password,
                                args.timeout)
        info = {
            "ldap_url": f"ldap://127.0.0.1:{p_ldap}",
            "ldaps_url": f"ldaps://127.0.0.1:{p_ldaps}",
            "host": "127.0.0.1",
            "ldap_port": p_ldap,
            "ldaps_port": p_ldaps,
            "ca_file": ca_file,
            "base_dn": BASE_DN,
            "people_dn": PEOPLE_DN,
            "groups_dn": GROUPS_DN,
            "bind_dn": SERVICE_DN,
            "bind_password": bind_password,
            "admin_dn": ADMIN_DN,
            "admin_password": admin_password,
            "users": users,
            "groups": groups,
            "pid": runner.proc.pid,
            "workdir": workdir,
            "log_file": os.path.join(workdir, "slapd.log"),
        }
        try:
            sys.stdout.write(json.dumps(info, separators=(",", ":")) + "\n")
            sys.stdout.flush()
        except BrokenPipeError:
            raise Failure("stdout is closed")
        log(f"slapd pid {runner.proc.pid} on {info['ldap_url']} and {info['ldaps_url']}")

        code = runner.wait_for_exit()
        if runner.stop_requested:
            log("slapd stopped")
            return 0
        log(f"slapd exited by itself with {code}\n{log_tail(info['log_file'])}")
        return 1
    except (Failure, OSError) as e:
        runner.stop()
        log(str(e))
        return 1
    except BaseException:
        runner.stop()
        raise


if __name__ == "__main__":
    sys.exit(main())
