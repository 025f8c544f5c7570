#!/usr/bin/env python3
"""Differential test of the generated MWAA Serverless client against botocore.

Run by `cargo test -p mwaa-difftest --test botocore` (which passes `--ours`), or by hand:

    python3 difftest/botocore/compare.py --ours target/debug/awsgen-wire

The script creates a virtualenv (default `target/difftest-venv`), installs the pinned
botocore into it and re-runs itself there. It then generates cases from botocore's own
model of the service (seeded; `--cases` per operation, `--seed`), and for each case:

- serializes the parameters with botocore's serializer
  (`botocore.serialize.create_serializer('json')`) and compares method, path,
  `X-Amz-Target`, `Content-Type` and the body (as JSON values) with what our client sent;
- parses the same response (status, headers, body) with botocore's parser
  (`botocore.parsers.create_parser('json')`, plus the modeled error fields the way
  botocore's endpoint adds them) and compares the parsed values with ours, member by
  member: timestamps to the microsecond (Python's precision; botocore truncates),
  error code, message, request id and modeled error members. A third of the response
  timestamps come in another form than the model's `date-time` (epoch seconds as a
  number or a string, an HTTP date), which botocore and we both accept.

Our side is the `awsgen-wire` binary of this crate: it reads the cases as JSON and prints
what our client sent and parsed. Exit status 0 only if every case agrees.
"""

import argparse
import datetime
import email.utils
import json
import os
import random
import subprocess
import sys

BOTOCORE_VERSION = "1.44.5"
SERVICE = "mwaa-serverless"
TOKEN = "00000000-0000-4000-8000-000000000000"  # ours fills this when ClientToken is unset
HERE = os.path.dirname(os.path.abspath(__file__))
ROOT = os.path.dirname(os.path.dirname(HERE))


def fail(message):
    print(f"botocore difftest: {message}", file=sys.stderr)
    sys.exit(2)


# ---- virtualenv


def venv_python(venv_dir):
    return os.path.join(venv_dir, "Scripts" if os.name == "nt" else "bin", "python")


def ensure_venv(venv_dir):
    python = venv_python(venv_dir)
    if not os.path.exists(python):
        print(f"botocore difftest: creating virtualenv {venv_dir}", file=sys.stderr)
        result = subprocess.run([sys.executable, "-m", "venv", venv_dir])
        if result.returncode != 0 or not os.path.exists(python):
            fail(f"could not create a virtualenv with {sys.executable} -m venv (install python3-venv)")
    have = subprocess.run(
        [python, "-c", "import botocore; print(botocore.__version__)"], capture_output=True, text=True
    )
    if have.returncode != 0 or have.stdout.strip() != BOTOCORE_VERSION:
        print(f"botocore difftest: pip install botocore=={BOTOCORE_VERSION}", file=sys.stderr)
        result = subprocess.run(
            [python, "-m", "pip", "install", "--quiet", "--disable-pip-version-check", f"botocore=={BOTOCORE_VERSION}"]
        )
        if result.returncode != 0:
            fail(f"pip could not install botocore=={BOTOCORE_VERSION} into {venv_dir}")
    return python


# ---- case generation from botocore's model

CHARS = (
    list("abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789")
    + ['"', "\\", "/", "\n", "\t", "\r", "\u0000", "\u001f", "\u007f", " ", "%", "&", "=", "+", "?", "#"]
    + ["\u00e9", "\u00df", "\u4e2d", "\U0001f600", "\u2028", "\ufeff", "\U0010ffff"]
)


class Gen:
    def __init__(self, rng):
        self.rng = rng

    def length(self, shape, soft=12):
        lo = shape.metadata.get("min", 0)
        hi = shape.metadata.get("max", lo + soft)
        r = self.rng.random()
        if r < 0.15:
            return lo
        if r < 0.2 and hi <= 2048:
            return hi
        return self.rng.randint(lo, min(hi, lo + soft))

    def string(self, shape, wire):
        if shape.enum:
            if wire and self.rng.random() < 0.15:
                return "NEW_VALUE_" + str(self.rng.randint(0, 99))
            return self.rng.choice(shape.enum)
        n = self.length(shape)
        if n > 64:
            pattern = "".join(self.rng.choice(CHARS) for _ in range(self.rng.randint(1, 5)))
            return (pattern * n)[:n]
        return "".join(self.rng.choice(CHARS) for _ in range(n))

    def integer(self, shape):
        lo = shape.metadata.get("min", -(2**31))
        hi = shape.metadata.get("max", 2**31 - 1)
        return self.rng.choice([lo, hi, lo + 1 if lo < hi else lo, self.rng.randint(lo, hi), self.rng.randint(lo, hi)])

    def timestamp(self, wire=False):
        if wire and self.rng.random() < 0.35:
            return self.off_format_timestamp()
        secs = self.rng.choice([0, -1, 1700000000, self.rng.randint(-2208988800, 7258118400)])
        digits = self.rng.choice([0, 0, 3, 6, 9, self.rng.randint(1, 9)])
        frac = "".join(str(self.rng.randint(0, 9)) for _ in range(digits))
        offset = self.rng.choice([0, 0, 0, 60, -480, 330])
        utc = datetime.datetime(1970, 1, 1, tzinfo=datetime.timezone.utc) + datetime.timedelta(seconds=secs)
        local = utc + datetime.timedelta(minutes=offset)
        text = local.strftime("%Y-%m-%dT%H:%M:%S")
        if len(text) != 19:  # years before 1000 print short on some platforms
            text = f"{local.year:04d}" + text[text.index("-"):]
        if frac:
            text += "." + frac
        if offset == 0:
            return text + "Z"
        sign = "+" if offset > 0 else "-"
        return f"{text}{sign}{abs(offset) // 60:02d}:{abs(offset) % 60:02d}"

    def off_format_timestamp(self):
        """A response timestamp in another form than the model's `date-time`, as services do
        send them: epoch seconds (a number, whole or to the millisecond, or a string) or an
        HTTP date. botocore reads every form; so must we."""
        secs = self.rng.choice([0, 1700000000, self.rng.randint(0, 7258118400)])
        millis = self.rng.randint(0, 999)
        form = self.rng.choice(["int", "float", "string", "http-date"])
        if form == "int":
            return secs
        if form == "float":
            return secs + millis / 1000
        if form == "string":
            return str(secs)
        at = datetime.datetime(1970, 1, 1, tzinfo=datetime.timezone.utc) + datetime.timedelta(seconds=secs)
        return email.utils.format_datetime(at, usegmt=True)

    def document(self, depth=0):
        r = self.rng.random()
        if depth < 2 and r < 0.2:
            return [self.document(depth + 1) for _ in range(self.rng.randint(0, 3))]
        if depth < 2 and r < 0.4:
            return {self.key(): self.document(depth + 1) for _ in range(self.rng.randint(0, 3))}
        return self.rng.choice(
            [None, True, False, 0, -1, 2**63, 2**64 - 1, -(2**63), 0.5, -2.5, 1e300, 0.1, self.key(), self.rng.random()]
        )

    def key(self):
        return "".join(self.rng.choice(CHARS) for _ in range(self.rng.randint(0, 6)))

    def value(self, shape, wire):
        t = shape.type_name
        if t == "structure":
            if shape.is_document_type:
                return self.document()
            if shape.is_tagged_union:
                if wire and self.rng.random() < 0.1:
                    return {"NewUnionMember": self.document()}
                name = self.rng.choice(list(shape.members))
                return {name: self.value(shape.members[name], wire)}
            out = {}
            for name, member in shape.members.items():
                if name in shape.required_members or self.rng.random() < 0.55:
                    out[name] = self.value(member, wire)
            if wire and self.rng.random() < 0.1:
                out["ExtraMember" + str(self.rng.randint(0, 9))] = self.document()
            return out
        if t == "list":
            return [self.value(shape.member, wire) for _ in range(self.length(shape, soft=4))]
        if t == "map":
            return {self.string(shape.key, wire): self.value(shape.value, wire) for _ in range(self.length(shape, soft=4))}
        if t == "string":
            return self.string(shape, wire)
        if t in ("integer", "long"):
            return self.integer(shape)
        if t == "boolean":
            return self.rng.random() < 0.5
        if t == "timestamp":
            return self.timestamp(wire)
        raise ValueError(f"no generator for {t} ({shape.name})")


def response_for(gen, op):
    rng = gen.rng
    headers = [["Content-Type", "application/x-amz-json-1.0"]]
    if rng.random() < 0.9:
        headers.append([rng.choice(["x-amzn-RequestId", "X-Amzn-Requestid"]), f"req-{rng.randint(0, 10**9)}"])
    r = rng.random()
    if r < 0.55 or not op.error_shapes:
        body, status, kind = gen.value(op.output_shape, True) if op.output_shape else {}, 200, "success"
    elif r < 0.9:
        shape = rng.choice(op.error_shapes)
        code = shape.error_code or shape.name
        body = gen.value(shape, True)
        if "Message" in body and rng.random() < 0.4:
            body["message"] = body.pop("Message")
        body["__type"] = rng.choice(
            [code, f"com.amazonaws.mwaaserverless#{code}", f"{code}:http://internal.amazon.com/coral/com.amazon.coral.validate/"]
        )
        status, kind = shape.metadata.get("error", {}).get("httpStatusCode", 400), f"error:{code}"
    else:
        body = {"__type": rng.choice(["UnrecognizedClientException", "SomeNewException"]), "message": gen.string_plain()}
        status, kind = rng.choice([400, 403, 500, 503]), "unmodeled"
    text = json.dumps(body, ensure_ascii=rng.random() < 0.5)
    return {"status": status, "headers": headers, "body": text}, kind


def _string_plain(self):
    return "".join(self.rng.choice(CHARS) for _ in range(self.rng.randint(0, 20)))


Gen.string_plain = _string_plain


# ---- comparison

EPOCH = datetime.datetime(1970, 1, 1, tzinfo=datetime.timezone.utc)


def micros(dt):
    delta = dt - EPOCH
    return (delta.days * 86400 + delta.seconds) * 1_000_000 + delta.microseconds


def same(b, o, path, problems):
    """botocore value `b` against our canonical value `o`."""
    if isinstance(b, datetime.datetime):
        if not (isinstance(o, str) and o.startswith("@")):
            problems.append(f"{path}: botocore {b!r}, ours {o!r}")
        elif micros(b) != int(o[1:]) // 1000:
            problems.append(f"{path}: botocore {b.isoformat()} ({micros(b)} us), ours {o} ns")
    elif isinstance(b, dict):
        if isinstance(o, dict) and set(o) == {"$unknown"} and "SDK_UNKNOWN_MEMBER" in b:
            if b["SDK_UNKNOWN_MEMBER"].get("name") != o["$unknown"]:
                problems.append(f"{path}: unknown union member {b} / {o}")
        elif not isinstance(o, dict) or set(b) != set(o):
            problems.append(f"{path}: botocore keys {sorted(b)}, ours {sorted(o) if isinstance(o, dict) else o!r}")
        else:
            for k in b:
                same(b[k], o[k], f"{path}.{k}", problems)
    elif isinstance(b, list):
        if not isinstance(o, list) or len(b) != len(o):
            problems.append(f"{path}: botocore {b!r}, ours {o!r}")
        else:
            for i, (x, y) in enumerate(zip(b, o)):
                same(x, y, f"{path}[{i}]", problems)
    elif isinstance(b, bool) or isinstance(o, bool):
        if b is not o:
            problems.append(f"{path}: botocore {b!r}, ours {o!r}")
    elif b != o:
        problems.append(f"{path}: botocore {b!r}, ours {o!r}")


def compare_request(botocore, service_model, op, params, bc_request, ours, problems):
    if "rejected" in ours:
        problems.append(f"ours refused valid params: {ours['rejected']}")
        return
    req = ours["request"]
    if req["method"] != bc_request["method"]:
        problems.append(f"method: botocore {bc_request['method']}, ours {req['method']}")
    path = "/" + req["uri"].split("://", 1)[-1].split("/", 1)[-1]
    if path != bc_request["url_path"]:
        problems.append(f"path: botocore {bc_request['url_path']}, ours {path}")
    for header, key in (("X-Amz-Target", "target"), ("Content-Type", "content_type")):
        if bc_request["headers"].get(header) != req[key]:
            problems.append(f"{header}: botocore {bc_request['headers'].get(header)!r}, ours {req[key]!r}")
    bc_body = json.loads(bc_request["body"] or b"{}")
    ours_body = dict(req["body"])
    if "ClientToken" in op.input_shape.members and "ClientToken" not in params:
        # botocore fills idempotency tokens in a client handler, not in the serializer
        if ours_body.pop("ClientToken", None) != TOKEN:
            problems.append("ours did not fill ClientToken")
    if bc_body != ours_body:
        problems.append(f"body: botocore {json.dumps(bc_body)[:600]}, ours {json.dumps(ours_body)[:600]}")


def compare_response(botocore, service_model, parser, op, response, ours, problems):
    if "rejected" in ours:
        return
    from botocore.awsrequest import HeadersDict

    resp = {
        "status_code": response["status"],
        "headers": HeadersDict({k: v for k, v in response["headers"]}),
        "body": response["body"].encode("utf-8"),
    }
    parsed = parser.parse(resp, op.output_shape)
    result = ours["result"]
    request_id = parsed.get("ResponseMetadata", {}).get("RequestId")
    if response["status"] < 300:
        parsed.pop("ResponseMetadata", None)
        if "ok" not in result:
            problems.append(f"ours failed on a success response: {result}")
            return
        same(parsed, result["ok"], "output", problems)
        if request_id != result["request_id"]:
            problems.append(f"request id: botocore {request_id!r}, ours {result['request_id']!r}")
        return
    # the way botocore's endpoint adds modeled error fields
    code = parsed.get("Error", {}).get("Code")
    error_shape = service_model.shape_for_error_code(code) if code else None
    if error_shape is not None:
        parsed.update(parser.parse(resp, error_shape))
    err = result.get("error")
    if err is None:
        problems.append(f"ours did not return a service error: {result}")
        return
    if code != err["code"]:
        problems.append(f"error code: botocore {code!r}, ours {err['code']!r}")
    if parsed["Error"]["Message"] != (err["message"] or ""):
        problems.append(f"error message: botocore {parsed['Error']['Message']!r}, ours {err['message']!r}")
    if request_id != err["request_id"]:
        problems.append(f"request id: botocore {request_id!r}, ours {err['request_id']!r}")
    modeled = {k: v for k, v in parsed.items() if k not in ("Error", "ResponseMetadata")}
    if error_shape is None or err["variant"] == "Unhandled":
        if error_shape is not None or err["variant"] != "Unhandled":
            problems.append(f"error variant: botocore {error_shape and error_shape.name}, ours {err['variant']}")
        return
    members = dict(err["members"])
    body = json.loads(response["body"])
    if "Message" not in body and "message" in body and "Message" not in modeled:
        # documented deviation 3: ours also fills the `Message` member from `message`
        if members.get("Message") == body["message"]:
            members.pop("Message")
    same(modeled, members, f"error {err['variant']}", problems)


def main():
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--ours", help="path of the awsgen-wire binary (default: cargo build it)")
    ap.add_argument("--venv", default=os.path.join(ROOT, "target", "difftest-venv"))
    ap.add_argument("--cases", type=int, default=int(os.environ.get("DIFFTEST_BOTOCORE_CASES", "100")))
    ap.add_argument("--seed", type=int, default=int(os.environ.get("DIFFTEST_SEED", "1")))
    args = ap.parse_args()

    if os.environ.get("DIFFTEST_IN_VENV") != "1":
        python = ensure_venv(args.venv)
        env = dict(os.environ, DIFFTEST_IN_VENV="1")
        sys.stdout.flush()
        result = subprocess.run([python, os.path.abspath(__file__)] + sys.argv[1:], env=env)
        sys.exit(result.returncode)

    import botocore
    import botocore.parsers
    import botocore.serialize
    import botocore.session
    import botocore.validate

    if botocore.__version__ != BOTOCORE_VERSION:
        fail(f"expected botocore {BOTOCORE_VERSION}, found {botocore.__version__}")
    ours_bin = args.ours
    if not ours_bin:
        subprocess.run(["cargo", "build", "--quiet", "-p", "mwaa-difftest", "--bin", "awsgen-wire"], cwd=ROOT, check=True)
        ours_bin = os.path.join(ROOT, "target", "debug", "awsgen-wire")

    service_model = botocore.session.get_session().get_service_model(SERVICE)
    serializer = botocore.serialize.create_serializer("json")
    parser = botocore.parsers.create_parser("json")
    validator = botocore.validate.ParamValidator()

    cases, meta = [], []
    for name in service_model.operation_names:
        op = service_model.operation_model(name)
        gen = Gen(random.Random(f"{args.seed}/{name}"))
        for _ in range(args.cases):
            params = gen.value(op.input_shape, False) if op.input_shape else {}
            required = [m for m in op.input_shape.required_members if m in params] if op.input_shape else []
            drop = required and gen.rng.random() < 0.05
            if drop:  # both must refuse a missing required member
                del params[gen.rng.choice(required)]
            report = validator.validate(params, op.input_shape)
            if report.has_errors() != bool(drop):
                fail(f"generated params for {name} that botocore finds {'valid' if drop else 'invalid'}: {params}")
            response, kind = response_for(gen, op)
            cases.append({"operation": name, "params": params, "response": response})
            meta.append("invalid" if drop else kind)

    run = subprocess.run([ours_bin], input=json.dumps(cases), capture_output=True, text=True)
    if run.returncode != 0:
        fail(f"{ours_bin} failed: {run.stderr[-2000:]}")
    results = json.loads(run.stdout)

    stats, failures = {}, []
    for case, kind, ours in zip(cases, meta, results):
        name = case["operation"]
        op = service_model.operation_model(name)
        row = stats.setdefault(name, {"cases": 0, "invalid": 0, "success": 0, "modeled": 0, "unmodeled": 0, "failed": 0})
        row["cases"] += 1
        problems = []
        if kind == "invalid":
            row["invalid"] += 1
            if "rejected" not in ours:
                row["failed"] += 1
                failures.append((name, case, ["ours sent params botocore's validator refuses"]))
            continue
        row["success" if kind == "success" else "unmodeled" if kind == "unmodeled" else "modeled"] += 1
        bc_request = serializer.serialize_to_request(case["params"], op)
        compare_request(botocore, service_model, op, case["params"], bc_request, ours, problems)
        compare_response(botocore, service_model, parser, op, case["response"], ours, problems)
        if problems:
            row["failed"] += 1
            failures.append((name, case, problems))

    print(f"botocore {botocore.__version__} vs awsgen ({args.cases} cases per operation, seed {args.seed})")
    print(f"{'operation':<22} {'cases':>5} {'invalid':>7} {'success':>7} {'modeled':>7} {'unmodeled':>9} {'failed':>6}")
    for name, row in stats.items():
        print(
            f"{name:<22} {row['cases']:>5} {row['invalid']:>7} {row['success']:>7} {row['modeled']:>7} "
            f"{row['unmodeled']:>9} {row['failed']:>6}"
        )
    for name, case, problems in failures[:5]:
        print(f"\nFAILED {name}: params {json.dumps(case['params'])[:800]}")
        print(f"  response {json.dumps(case['response'])[:800]}")
        for p in problems[:6]:
            print(f"  - {p}")
    total = sum(r["cases"] for r in stats.values())
    print(f"botocore: {total - len(failures)} passed, {len(failures)} failed")
    sys.exit(1 if failures else 0)


if __name__ == "__main__":
    main()
