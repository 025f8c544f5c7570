#!/usr/bin/env python3
"""Differential test of a generated client against botocore, for any service of the difftest.

Run by `cargo test -p mwaa-difftest --test botocore` (which passes `--ours` and `--service`),
or by hand:

    python3 difftest/botocore/compare.py --ours target/debug/awsgen-wire --service lambda

The script creates a virtualenv (default `target/difftest-venv`), installs the pinned
botocore into it and re-runs itself there. The protocol comes from botocore's model of the
service (`json`: awsJson1_0/1_1, `rest-json`: restJson1). It generates cases from that
model (seeded by `--seed`), restricted to the operations and members our client has too
(`awsgen-wire --describe`; the others are counted, never generated), in rounds until every
operation has `--cases` cases both sides sent (invalid inputs, which both must refuse, and
inputs ours refuses by design come on top), and for each case:

- serializes the parameters with botocore's serializer (`botocore.serialize`) and compares
  the request with what our client sent: awsJson: method, path, `X-Amz-Target`,
  `Content-Type`, the body as JSON values; restJson1: method, the path byte for byte
  (labels' percent-encoding included), the query as a multiset of decoded pairs, the
  headers the input binds and `Content-Type`, the body as JSON values (else bytes);
- parses the same response (status, headers, body) with botocore's parser
  (`botocore.parsers`, plus the modeled error fields the way botocore's endpoint adds
  them) and compares the parsed values with ours, member by member (header-, status- and
  payload-bound members included): timestamps to the microsecond (Python's precision),
  blobs as bytes, error code, message, request id and modeled error members. A third of
  the response timestamps in JSON bodies come in another form than the model's (epoch
  seconds as a number or a string, an HTTP date), which botocore and we both accept.

Where botocore and we differ by design, the case is checked for exactly that difference
and counted (`deviations` in the summary; difftest/README.md says who is right).

Our side is the `awsgen-wire` binary of this crate: it reads the cases as JSON and prints
what our client sent and parsed. Exit status 0 only if every case agrees.
"""

import argparse
import base64
import datetime
import email.utils
import io
import json
import os
import random
import subprocess
import sys
import urllib.parse
from collections import Counter

BOTOCORE_VERSION = "1.44.5"
TOKEN = "00000000-0000-4000-8000-000000000000"  # ours fills this when a token is unset
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


# ---- what our client has


class Ours:
    """Our client's operations and structure members (`awsgen-wire --describe`), and the
    count of what one side has and the other lacks (never generated)."""

    def __init__(self, described):
        self.operations = described["operations"]
        self.shapes = described["shapes"]  # shape -> member -> {"length", "range", "default"}
        self.left_out = described["left_out"]
        self.excluded = Counter()  # ("botocore only" | "ours only", "Shape.member")

    def members(self, shape, ours_name=None):
        """The members of botocore's structure `shape` both sides have (all of botocore's
        when our model has no structure of that name)."""
        ours = {} if ours_name == "Unit" else self.shapes.get(ours_name or shape.name)
        if ours is None:
            return dict(shape.members)
        for name in set(ours) - set(shape.members):
            self.excluded[("ours only", f"{shape.name}.{name}")] += 1
        common = {}
        for name, member in shape.members.items():
            if name in ours:
                common[name] = Bounded(member, ours[name])
            else:
                self.excluded[("botocore only", f"{shape.name}.{name}")] += 1
        return common


# ---- case generation from botocore's model


class Bounded:
    """A member shape of botocore's whose `min`/`max` are narrowed to the `@length` or
    `@range` our model gives the member (the models differ in places; a value must be valid
    for both). Anything else is the shape's."""

    def __init__(self, shape, bounds):
        self._shape = shape
        numeric = shape.type_name in ("integer", "long", "float", "double")
        bound = bounds["range"] if numeric else bounds["length"]
        self.metadata = dict(shape.metadata)
        for key, pick in (("min", max), ("max", min)):
            ours = bound[key == "max"]
            if ours is not None:
                ours = ours if numeric and shape.type_name in ("float", "double") else int(ours)
                self.metadata[key] = pick(self.metadata[key], ours) if key in self.metadata else ours

    def __getattr__(self, name):
        return getattr(self._shape, name)

CHARS = (
    list("abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789")
    + ['"', "\\", "/", "\n", "\t", "\r", "\u0000", "\u001f", "\u007f", " ", "%", "&", "=", "+", "?", "#"]
    + ["\u00e9", "\u00df", "\u4e2d", "\U0001f600", "\u2028", "\ufeff", "\U0010ffff"]
    + [",", ";", ":", "@", "$", "~", "*", "'", "(", ")", "[", "]"]
)
VISIBLE = [c for c in CHARS if " " <= c <= "~"]
EPOCH = datetime.datetime(1970, 1, 1, tzinfo=datetime.timezone.utc)


class Gen:
    """Values of botocore shapes. `wire=False`: parameters as botocore takes them (blobs as
    bytes, timestamps as epoch seconds); `wire=True`: JSON values a service sends, keyed by
    member name (`Wire.body` renames them to their JSON keys)."""

    def __init__(self, rng, ours=None):
        self.rng = rng
        self.ours = ours  # `Ours`: only what both sides have (None: all of botocore's)

    def length(self, shape, soft=12):
        lo = shape.metadata.get("min", 0)
        hi = shape.metadata.get("max", lo + soft)
        r = self.rng.random()
        if r < 0.15:
            return lo
        if r < 0.2 and hi <= 2048:
            return hi
        return self.rng.randint(lo, min(hi, lo + soft))

    def string(self, shape, wire, chars=CHARS):
        if shape.enum:
            if wire and self.rng.random() < 0.15:
                return "NEW_VALUE_" + str(self.rng.randint(0, 99))
            return self.rng.choice(shape.enum)
        n = self.length(shape)
        if n > 64:
            pattern = "".join(self.rng.choice(chars) for _ in range(self.rng.randint(1, 5)))
            return (pattern * n)[:n]
        return "".join(self.rng.choice(chars) for _ in range(n))

    def integer(self, shape, bits=31):
        lo = shape.metadata.get("min", -(2**bits))
        hi = shape.metadata.get("max", 2**bits - 1)
        return self.rng.choice([lo, hi, lo + 1 if lo < hi else lo, self.rng.randint(lo, hi), self.rng.randint(lo, hi)])

    def param_timestamp(self):
        """Epoch seconds to the millisecond, as a number (both clients take it as such)."""
        secs = self.rng.choice([0, 1, 1700000000, self.rng.randint(0, 4102444800)])
        if self.rng.random() < 0.5:
            return secs
        return round(secs + self.rng.randint(0, 999) / 1000, 3)

    def timestamp(self, wire=False):
        if not wire:
            return self.param_timestamp()
        if self.rng.random() < 0.35:
            return self.off_format_timestamp()
        secs = self.rng.choice([0, -1, 1700000000, self.rng.randint(-2208988800, 7258118400)])
        digits = self.rng.choice([0, 0, 3, 6, 9, self.rng.randint(1, 9)])
        frac = "".join(str(self.rng.randint(0, 9)) for _ in range(digits))
        offset = self.rng.choice([0, 0, 0, 60, -480, 330])
        utc = EPOCH + datetime.timedelta(seconds=secs)
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
        return email.utils.format_datetime(EPOCH + datetime.timedelta(seconds=secs), usegmt=True)

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

    def plain(self):
        return "".join(self.rng.choice(CHARS) for _ in range(self.rng.randint(0, 20)))

    def blob(self, shape, wire):
        data = bytes(self.rng.randint(0, 255) for _ in range(self.length(shape, soft=24)))
        return base64.b64encode(data).decode() if wire else data

    def value(self, shape, wire, ours_name=None):
        t = shape.type_name
        if t == "structure":
            if shape.is_document_type:
                return self.document()
            members = self.ours.members(shape, ours_name) if self.ours else dict(shape.members)
            if shape.is_tagged_union:
                if wire and self.rng.random() < 0.1:
                    return {"NewUnionMember": self.document()}
                name = self.rng.choice(list(members))
                return {name: self.value(members[name], wire)}
            out = {}
            for name, member in members.items():
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
        if t == "integer":
            return self.integer(shape)
        if t == "long":
            return self.integer(shape, 53)
        if t in ("float", "double"):
            if "min" in shape.metadata or "max" in shape.metadata:
                lo, hi = shape.metadata.get("min", -1e300), shape.metadata.get("max", 1e300)
                return self.rng.choice([float(lo), float(hi), self.rng.uniform(lo, hi)])
            return self.rng.choice([0.0, 0.5, -2.5, 1e300, 0.1, float(self.rng.randint(-1000, 1000)) / 8])
        if t == "boolean":
            return self.rng.random() < 0.5
        if t == "timestamp":
            return self.timestamp(wire)
        if t == "blob":
            return self.blob(shape, wire)
        raise ValueError(f"no generator for {t} ({shape.name})")


# ---- awsJson responses


def json_response(gen, op, ours_op, service_model):
    rng = gen.rng
    headers = [["Content-Type", "application/x-amz-json-1.0"]]
    if rng.random() < 0.9:
        headers.append([rng.choice(["x-amzn-RequestId", "X-Amzn-Requestid"]), f"req-{rng.randint(0, 10**9)}"])
    errors = modeled_errors(op, ours_op)
    r = rng.random()
    if r < 0.55 or not errors:
        body = gen.value(op.output_shape, True, ours_op["output"]) if op.output_shape else {}
        status, kind = 200, "success"
    elif r < 0.9:
        shape = rng.choice(errors)
        code = shape.error_code or shape.name
        body = gen.value(shape, True)
        lower_message(rng, body)
        body["__type"] = code_form(rng, code, service_model)
        status, kind = shape.metadata.get("error", {}).get("httpStatusCode", 400), f"error:{code}"
    else:
        body = unmodeled_body(gen)
        status, kind = rng.choice([400, 403, 500, 503]), "unmodeled"
    text = json.dumps(body, ensure_ascii=rng.random() < 0.5)
    return {"status": status, "headers": headers, "body": text}, kind


def modeled_errors(op, ours_op):
    """botocore's errors of `op` that our operation has too."""
    return [e for e in op.error_shapes if e.name in ours_op["errors"]]


def lower_message(rng, body):
    if "Message" in body and rng.random() < 0.4:
        body["message"] = body.pop("Message")


def code_form(rng, code, service_model):
    namespace = service_model.metadata.get("targetPrefix") or service_model.metadata.get("endpointPrefix", "")
    return rng.choice(
        [code, f"com.amazonaws.{namespace.lower()}#{code}", f"{code}:http://internal.amazon.com/coral/com.amazon.coral.validate/"]
    )


def unmodeled_body(gen):
    return {"__type": gen.rng.choice(["UnrecognizedClientException", "SomeNewException"]), "message": gen.plain()}


# ---- restJson1 responses


def header_text(shape, value):
    """The text of a header-bound value (Smithy's and botocore's forms)."""
    t = shape.type_name
    if t == "timestamp":
        return email.utils.format_datetime(to_datetime(value).replace(microsecond=0), usegmt=True)
    if t == "boolean":
        return "true" if value else "false"
    if t == "list":
        return ", ".join(header_text(shape.member, v) for v in value)
    return str(value)


def to_datetime(value):
    import botocore.utils

    return botocore.utils.parse_timestamp(value)


def visible(text):
    """`text` without what a header value cannot hold as it is: visible ASCII, trimmed."""
    return "".join(c for c in text if " " <= c <= "~").strip()


class Wire:
    """A generated value of a restJson1 output or error shape laid out as HTTP: members
    bound to headers, the status and the payload go there, the others make the JSON body
    under their JSON names."""

    def __init__(self, gen, shape, value):
        self.headers, self.status, self.body, self.content_type = [], None, None, None
        payload = shape.serialization.get("payload")
        body = self.body_members = {}
        for name, v in value.items():
            member = shape.members.get(name)
            location = member.serialization.get("location") if member else None
            if member is None:
                body[name] = v  # a key the model does not have
            elif location == "header":
                v = visible(v) if member.type_name == "string" else v
                value[name] = v
                self.headers.append([member.serialization.get("name", name), header_text(member, v)])
            elif location == "headers":
                for k, x in v.items():
                    self.headers.append([member.serialization.get("name", "") + k, visible(x)])
            elif location == "statusCode":
                self.status = v
            elif name != payload:
                body[self.json_name(member, name)] = self.wire_value(member, v)
        if payload:
            member = shape.members[payload]
            v = value.get(payload)
            if v is None:
                self.body = b""
            elif member.type_name == "blob":
                self.body, self.content_type = base64.b64decode(v), "application/octet-stream"
            elif member.type_name == "string":
                self.body, self.content_type = v.encode(), "text/plain"
            else:
                self.body = json.dumps(self.wire_value(member, v), ensure_ascii=gen.rng.random() < 0.5).encode()
                self.content_type = "application/json"
        else:
            if body or gen.rng.random() < 0.7:
                self.body = json.dumps(body, ensure_ascii=gen.rng.random() < 0.5).encode()
                self.content_type = "application/json"
            else:
                self.body = b""

    @staticmethod
    def json_name(member, name):
        return member.serialization.get("name", name)

    def wire_value(self, shape, v):
        """`v` with structure keys renamed to their JSON names, at any depth."""
        t = shape.type_name
        if t == "structure" and not shape.is_document_type and isinstance(v, dict):
            out = {}
            for name, x in v.items():
                member = shape.members.get(name)
                out[self.json_name(member, name) if member else name] = self.wire_value(member, x) if member else x
            return out
        if t == "list" and isinstance(v, list):
            return [self.wire_value(shape.member, x) for x in v]
        if t == "map" and isinstance(v, dict):
            return {k: self.wire_value(shape.value, x) for k, x in v.items()}
        return v


def rest_json_response(gen, op, ours_op, service_model):
    rng = gen.rng
    headers = []
    if rng.random() < 0.9:
        headers.append([rng.choice(["x-amzn-RequestId", "X-Amzn-Requestid"]), f"req-{rng.randint(0, 10**9)}"])
    errors = modeled_errors(op, ours_op)
    r = rng.random()
    if r < 0.55 or not errors:
        status = op.http.get("responseCode", 200)
        value = gen.value(op.output_shape, True, ours_op["output"]) if op.output_shape else {}
        for name, member in (op.output_shape.members.items() if op.output_shape else []):
            if member.serialization.get("location") == "statusCode" and name in value:
                value[name] = rng.choice([200, 201, 202])
        wire = Wire(gen, op.output_shape, value) if op.output_shape else None
        if wire is None:
            body, content_type = b"", None
        else:
            body, content_type = wire.body, wire.content_type
            headers += wire.headers
            status = wire.status or status
        kind = "success"
    elif r < 0.9:
        shape = rng.choice(errors)
        code = shape.error_code or shape.name
        value = gen.value(shape, True)
        lower_message(rng, value)
        wire = Wire(gen, shape, value)
        headers += wire.headers
        status = shape.metadata.get("error", {}).get("httpStatusCode", 400)
        body_members = dict(wire.body_members)
        place = rng.choice(["header", "header", "code", "__type", "header-only"])
        text = code_form(rng, code, service_model)
        if place.startswith("header"):
            headers.append(["X-Amzn-Errortype", text])
        else:
            body_members[place] = text
        body = b"" if place == "header-only" else json.dumps(body_members, ensure_ascii=rng.random() < 0.5).encode()
        content_type, kind = "application/json", f"error:{code}"
    else:
        body = json.dumps(unmodeled_body(gen)).encode()
        status, content_type, kind = rng.choice([400, 403, 500, 503]), "application/json", "unmodeled"
    if content_type:
        headers.insert(0, ["Content-Type", content_type])
    return {"status": status, "headers": headers, "body_base64": base64.b64encode(body).decode()}, kind


RESPONSES = {"json": json_response, "rest-json": rest_json_response}


def response_body(response):
    if "body_base64" in response:
        return base64.b64decode(response["body_base64"])
    return response["body"].encode("utf-8")


# ---- comparison


def micros(dt):
    delta = dt - EPOCH
    return (delta.days * 86400 + delta.seconds) * 1_000_000 + delta.microseconds


class Same:
    """Compares botocore's parsed values with our canonical ones, member by member along
    botocore's shapes; `notes` counts the documented differences it accepts."""

    def __init__(self, ours, notes):
        self.ours = ours
        self.notes = notes

    def __call__(self, b, o, path, problems, shape=None, ours_name=None):
        if hasattr(b, "read"):  # a streaming payload
            b = b.read()
        if isinstance(b, datetime.datetime):
            if not (isinstance(o, str) and o.startswith("@")):
                problems.append(f"{path}: botocore {b!r}, ours {o!r}")
            elif micros(b) != int(o[1:]) // 1000:
                problems.append(f"{path}: botocore {b.isoformat()} ({micros(b)} us), ours {o} ns")
        elif isinstance(b, (bytes, bytearray)):
            if not isinstance(o, list) or bytes(o) != bytes(b):
                problems.append(f"{path}: botocore bytes {bytes(b)[:80]!r}, ours {str(o)[:200]}")
        elif isinstance(b, dict):
            self.structure(b, o, path, problems, shape, ours_name)
        elif isinstance(b, list):
            if not isinstance(o, list) or len(b) != len(o):
                problems.append(f"{path}: botocore {b!r}, ours {o!r}")
            else:
                item = shape.member if shape is not None and shape.type_name == "list" else None
                for i, (x, y) in enumerate(zip(b, o)):
                    self(x, y, f"{path}[{i}]", problems, item)
        elif isinstance(b, bool) or isinstance(o, bool):
            if b is not o:
                problems.append(f"{path}: botocore {b!r}, ours {o!r}")
        elif b != o:
            problems.append(f"{path}: botocore {b!r}, ours {o!r}")

    def structure(self, b, o, path, problems, shape, ours_name):
        if isinstance(o, dict) and set(o) == {"$unknown"} and "SDK_UNKNOWN_MEMBER" in b:
            if b["SDK_UNKNOWN_MEMBER"].get("name") != o["$unknown"]:
                problems.append(f"{path}: unknown union member {b} / {o}")
            return
        if not isinstance(o, dict):
            problems.append(f"{path}: botocore {b!r}, ours {o!r}")
            return
        o = dict(o)
        structure = shape is not None and shape.type_name == "structure" and not shape.is_document_type
        if structure:
            defaults = self.ours.shapes.get(ours_name or shape.name, {})
            for name in set(o) - set(b):
                default = defaults.get(name, {}).get("default")
                if default is not None and o[name] == default:
                    # a member with a @default the response left out: ours holds the
                    # default (Smithy), botocore's model has no defaults (documented)
                    del o[name]
                    self.notes["absent member with a @default: ours holds the default"] += 1
        if set(b) != set(o):
            problems.append(f"{path}: botocore keys {sorted(b)}, ours {sorted(o)}")
            return
        for k in b:
            if structure:
                member = shape.members.get(k)
            elif shape is not None and shape.type_name == "map":
                member = shape.value
            else:
                member = None
            self(b[k], o[k], f"{path}.{k}", problems, member)


def header(headers, name):
    for n, v in headers:
        if n.lower() == name.lower():
            return v
    return None


def fill_tokens(op, params, ours_body, problems):
    """botocore fills idempotency tokens in a client handler, not in its serializer: ours
    must have filled each unset one with the fixed token; removed from ours' body."""
    if not op.input_shape or not isinstance(ours_body, dict):
        return
    for name, member in op.input_shape.members.items():
        if member.metadata.get("idempotencyToken") and name not in params:
            key = member.serialization.get("name", name)
            if ours_body.pop(key, None) != TOKEN:
                problems.append(f"ours did not fill the idempotency token {name}")


def compare_json_request(op, params, bc_request, req, problems, notes):
    path = "/" + req["uri"].split("://", 1)[-1].split("/", 1)[-1]
    if path != bc_request["url_path"]:
        problems.append(f"path: botocore {bc_request['url_path']}, ours {path}")
    for name in ("X-Amz-Target", "Content-Type"):
        if bc_request["headers"].get(name) != header(req["headers"], name):
            problems.append(f"{name}: botocore {bc_request['headers'].get(name)!r}, ours {header(req['headers'], name)!r}")
    bc_body = json.loads(bc_request["body"] or b"{}")
    ours_body = dict(req["body"] or {})
    fill_tokens(op, params, ours_body, problems)
    if numbers_by_value(bc_body) != numbers_by_value(ours_body):
        problems.append(f"body: botocore {json.dumps(bc_body)[:600]}, ours {json.dumps(ours_body)[:600]}")


def query_pairs(query, timestamp_keys):
    """Decoded `(name, value)` pairs; values of timestamp members as instants (botocore
    writes microseconds, ours milliseconds: the same instant)."""
    pairs = []
    for name, value in urllib.parse.parse_qsl(query, keep_blank_values=True):
        if name in timestamp_keys:
            value = micros(to_datetime(value))
        pairs.append((name, value))
    return sorted(pairs, key=repr)


def botocore_query(bc_request):
    """botocore's query: literal pairs of the URI pattern, then its query dict."""
    path, _, literal = bc_request["url_path"].partition("?")
    pairs = []
    for name, value in bc_request["query_string"].items():
        for item in value if isinstance(value, list) else [value]:
            pairs.append((name, item if isinstance(item, str) else str(item)))
    encoded = urllib.parse.urlencode(pairs, quote_via=urllib.parse.quote)
    return path, "&".join(p for p in (literal, encoded) if p)


def bound_headers(op):
    """Lowercase names and prefixes of the headers the input binds."""
    names, prefixes = set(), []
    for name, member in (op.input_shape.members.items() if op.input_shape else []):
        location = member.serialization.get("location")
        if location == "header":
            names.add(member.serialization.get("name", name).lower())
        elif location == "headers":
            prefixes.append(member.serialization.get("name", "").lower())
    return names, prefixes


def compare_rest_json_request(op, params, bc_request, req, problems, notes):
    path, query = botocore_query(bc_request)
    ours_path, _, ours_query = ("/" + req["uri"].split("://", 1)[-1].split("/", 1)[-1]).partition("?")
    if path != ours_path:
        problems.append(f"path: botocore {path!r}, ours {ours_path!r}")
    timestamp_keys = {
        m.serialization.get("name", n)
        for n, m in (op.input_shape.members.items() if op.input_shape else [])
        if m.serialization.get("location") == "querystring" and m.type_name == "timestamp"
    }
    bc_pairs, ours_pairs = query_pairs(query, timestamp_keys), query_pairs(ours_query, timestamp_keys)
    if bc_pairs != ours_pairs:
        problems.append(f"query: botocore {bc_pairs}, ours {ours_pairs}")
    elif query_pairs(query, ()) != query_pairs(ours_query, ()):
        notes["query timestamp to the microsecond (botocore) / millisecond (ours)"] += 1
    names, prefixes = bound_headers(op)
    names.add("content-type")

    def bound(headers):
        return sorted(
            (n.lower(), str(v))
            for n, v in headers
            if n.lower() in names or any(n.lower().startswith(p) for p in prefixes)
        )

    bc_headers, ours_headers = bound(bc_request["headers"].items()), bound(req["headers"])
    ours_body = base64.b64decode(req["body_base64"])
    bc_body = bc_request["body"]
    bc_body = bc_body.encode() if isinstance(bc_body, str) else bytes(bc_body or b"")
    blob_payload = payload_type(op.input_shape) in ("blob", "string")
    payload_set = op.input_shape is not None and op.input_shape.serialization.get("payload") in params
    if blob_payload and payload_set and ("content-type", "application/octet-stream") in ours_headers:
        if not any(n == "content-type" for n, _ in bc_headers):
            # botocore's serializer gives a set blob payload (even an empty one) no
            # Content-Type; ours sends the one Smithy names for it (documented)
            ours_headers.remove(("content-type", "application/octet-stream"))
            notes["blob payload: Content-Type application/octet-stream from ours only"] += 1
    if bc_headers != ours_headers:
        problems.append(f"bound headers: botocore {bc_headers}, ours {ours_headers}")
    if bc_body == ours_body:
        return
    try:
        bc_value, ours_value = json.loads(bc_body), json.loads(ours_body)
    except ValueError:
        problems.append(f"body: botocore {bc_body[:300]!r}, ours {ours_body[:300]!r}")
        return
    fill_tokens(op, params, ours_value, problems)
    if numbers_by_value(bc_value) != numbers_by_value(ours_value):
        problems.append(f"body: botocore {json.dumps(bc_value)[:600]}, ours {json.dumps(ours_value)[:600]}")


def numbers_by_value(value):
    """`value` with every number as a float: JSON numbers compare by value (ours writes a
    double such as 1e300 in positional digits, botocore as `1e+300`: the same double)."""
    if isinstance(value, bool) or value is None or isinstance(value, str):
        return value
    if isinstance(value, (int, float)):
        return float(value)
    if isinstance(value, list):
        return [numbers_by_value(v) for v in value]
    return {k: numbers_by_value(v) for k, v in value.items()}


def payload_type(shape):
    payload = shape.serialization.get("payload") if shape else None
    return shape.members[payload].type_name if payload else None


def compare_request(protocol, op, params, bc_request, ours, problems, notes):
    if "rejected" in ours:
        problems.append(f"ours refused valid params: {ours['rejected']}")
        return
    req = ours["request"]
    if req["method"] != bc_request["method"]:
        problems.append(f"method: botocore {bc_request['method']}, ours {req['method']}")
    compare = compare_json_request if protocol == "json" else compare_rest_json_request
    compare(op, params, bc_request, req, problems, notes)


def compare_response(service_model, parser, op, ours_op, response, result, problems, notes, same):
    if "rejected" in result:
        return
    ours = same.ours
    from botocore.awsrequest import HeadersDict
    from botocore.response import StreamingBody

    raw = response_body(response)
    resp = {
        "status_code": response["status"],
        "headers": HeadersDict({k: v for k, v in response["headers"]}),
        "body": raw,
    }
    if response["status"] < 300 and op.has_streaming_output:
        # botocore's endpoint hands a blob payload over as a stream
        resp["body"] = StreamingBody(io.BytesIO(raw), len(raw))
    parsed = parser.parse(resp, op.output_shape)
    result = result["result"]
    request_id = parsed.get("ResponseMetadata", {}).get("RequestId")
    if response["status"] < 300:
        parsed.pop("ResponseMetadata", None)
        if "ok" not in result:
            problems.append(f"ours failed on a success response: {result}")
            return
        # members ours lacks are not generated, but botocore reads a status-bound one from
        # any response
        known = ours.members(op.output_shape, ours_op["output"]) if op.output_shape else {}
        parsed = {k: v for k, v in parsed.items() if k in known}
        payload = op.output_shape.serialization.get("payload") if op.output_shape else None
        if payload in parsed and hasattr(parsed[payload], "read") and payload not in result["ok"]:
            if parsed[payload].read() == b"":
                # an empty body for a blob payload: botocore reads b"", ours leaves the member
                # unset (the protocol test RestJsonHttpPayloadTraitsWithNoBlobBody)
                del parsed[payload]
                notes["empty blob payload: botocore b'', ours unset"] += 1
        same(parsed, result["ok"], "output", problems, op.output_shape, ours_op["output"])
        if request_id != result["request_id"]:
            problems.append(f"request id: botocore {request_id!r}, ours {result['request_id']!r}")
        return
    # the way botocore's endpoint adds modeled error fields
    code = parsed.get("Error", {}).get("Code")
    error_shape = service_model.shape_for_error_code(code) if code else None
    err = result.get("error")
    if err is None:
        problems.append(f"ours did not return a service error: {result}")
        return
    header_code = header(response["headers"], "X-Amzn-Errortype")
    if response["status"] >= 500 and not raw.strip() and code == str(response["status"]) and header_code:
        # botocore takes a 5xx without a body for a generic error (code: the status) before
        # it reads `X-Amzn-Errortype`; ours reads the header (documented)
        # and keeps neither message nor request id: ours must hold what botocore reads of
        # the same response as a 4xx
        notes["5xx without body: botocore ignores X-Amzn-Errortype"] += 1
        resp = dict(resp, status_code=400)
        parsed = parser.parse(resp, op.output_shape)
        code = parsed["Error"]["Code"]
        request_id = parsed.get("ResponseMetadata", {}).get("RequestId")
        error_shape = service_model.shape_for_error_code(code)
    if error_shape is not None:
        parsed.update(parser.parse(resp, error_shape))
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
    body = json.loads(raw) if raw.strip() else {}
    if "Message" not in body and "message" in body and "Message" not in modeled:
        # documented deviation 3: ours also fills the `Message` member from `message`
        if members.get("Message") == body["message"]:
            members.pop("Message")
    same(modeled, members, f"error {err['variant']}", problems, error_shape)


# ---- the run


def main():
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--ours", help="path of the awsgen-wire binary (default: cargo build it)")
    ap.add_argument("--service", default="mwaa-serverless", help="mwaa-serverless, mwaa or lambda")
    ap.add_argument("--venv", default=os.path.join(ROOT, "target", "difftest-venv"))
    ap.add_argument("--cases", type=int, default=int(os.environ.get("DIFFTEST_BOTOCORE_CASES", "100")))
    ap.add_argument("--seed", type=int, default=int(os.environ.get("DIFFTEST_SEED", "1")))
    ap.add_argument("--prepare", action="store_true", help="only create the virtualenv")
    args = ap.parse_args()

    if os.environ.get("DIFFTEST_IN_VENV") != "1":
        python = ensure_venv(args.venv)
        if args.prepare:
            return
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

    described = subprocess.run([ours_bin, "--describe", args.service], capture_output=True, text=True)
    if described.returncode != 0:
        fail(f"{ours_bin} --describe {args.service} failed: {described.stderr[-2000:]}")
    described = json.loads(described.stdout)
    if "unavailable" in described:
        fail(described["unavailable"])
    ours = Ours(described)

    service_model = botocore.session.get_session().get_service_model(args.service)
    protocol = service_model.protocol
    if protocol not in RESPONSES:
        fail(f"{args.service}: protocol {protocol} is not compared")
    serializer = botocore.serialize.create_serializer(protocol)
    parser = botocore.parsers.create_parser(protocol)
    validator = botocore.validate.ParamValidator()

    missing = {}  # operation -> why it is not compared
    for name in service_model.operation_names:
        if name in ours.left_out:
            missing[name] = f"ours: {ours.left_out[name]}"
        elif name not in ours.operations:
            missing[name] = "not in our model (newer than the corpus)"
    for name in ours.operations:
        if name not in service_model.operation_names:
            missing[name] = f"not in botocore {BOTOCORE_VERSION}'s model"

    # Rounds until every operation has `--cases` cases that both sides sent (inputs ours
    # refuses by design, and invalid ones, do not count), at most eight; a round after the
    # first generates twice what is missing.
    gens = {
        name: Gen(random.Random(f"{args.seed}/{name}"), ours)
        for name in service_model.operation_names
        if name not in missing
    }
    wanted = {name: args.cases for name in gens}
    cases, meta, results = [], [], []
    for round_number in range(8):
        round_cases, round_meta = [], []
        for name, count in wanted.items():
            for _ in range(count if round_number == 0 else 2 * count):
                case, kind = generate_case(args.service, service_model, protocol, ours, validator, gens[name], name)
                round_cases.append(case)
                round_meta.append(kind)
        if not round_cases:
            break
        round_results = run_ours(ours_bin, round_cases)
        for case, kind, result in zip(round_cases, round_meta, round_results):
            if kind != "invalid" and "rejected" not in result:
                wanted[case["operation"]] -= 1
        wanted = {name: count for name, count in wanted.items() if count > 0}
        cases += round_cases
        meta += round_meta
        results += round_results

    stats, failures, notes = {}, [], Counter()
    same = Same(ours, notes)
    for case, kind, result in zip(cases, meta, results):
        name = case["operation"]
        op = service_model.operation_model(name)
        row = stats.setdefault(name, Counter())
        row["cases"] += 1
        problems = []
        if kind == "invalid":
            row["invalid"] += 1
            if "rejected" not in result:
                row["failed"] += 1
                failures.append((name, case, ["ours sent params botocore's validator refuses"]))
            continue
        deviation = refused_by_design(op, case["params"], result)
        if deviation:
            notes[deviation] += 1
            row["refused"] += 1
            continue
        row["compared"] += 1
        row["success" if kind == "success" else "unmodeled" if kind == "unmodeled" else "modeled"] += 1
        bc_request = serializer.serialize_to_request(case["params"], op)
        compare_request(protocol, op, case["params"], bc_request, result, problems, notes)
        compare_response(service_model, parser, op, ours.operations[name], case["response"], result, problems, notes, same)
        if problems:
            row["failed"] += 1
            failures.append((name, case, problems))

    for name, row in stats.items():
        if row["compared"] < args.cases:
            case = next(c for c in cases if c["operation"] == name)
            failures.append((name, case, [f"only {row['compared']} of {row['cases']} cases compared"]))
    report(args, service_model, protocol, stats, failures, notes, missing, ours)
    sys.exit(1 if failures else 0)


def generate_case(service, service_model, protocol, ours, validator, gen, name):
    """One case of operation `name` and its kind (`invalid` for params missing a required
    member, else the kind of the response)."""
    op = service_model.operation_model(name)
    ours_op = ours.operations[name]
    params = gen.value(op.input_shape, False, ours_op["input"]) if op.input_shape else {}
    required = [m for m in op.input_shape.required_members if m in params] if op.input_shape else []
    drop = required and gen.rng.random() < 0.05
    if drop:  # both must refuse a missing required member
        del params[gen.rng.choice(required)]
    validation = validator.validate(params, op.input_shape)
    if validation.has_errors() != bool(drop):
        fail(f"generated params for {name} that botocore finds {'valid' if drop else 'invalid'}: {params}")
    response, kind = RESPONSES[protocol](gen, op, ours_op, service_model)
    case = {"service": service, "operation": name, "params": params, "response": response}
    return case, "invalid" if drop else kind


def run_ours(ours_bin, cases):
    """Our side's answers to `cases`."""

    def ours_form(value):  # params as our side reads them: blobs as lists of bytes
        if isinstance(value, (bytes, bytearray)):
            return list(value)
        raise TypeError(f"cannot send {type(value)} to ours")

    run = subprocess.run([ours_bin], input=json.dumps(cases, default=ours_form), capture_output=True, text=True)
    if run.returncode != 0:
        fail(f"{ours_bin} failed: {run.stderr[-2000:]}")
    return json.loads(run.stdout)


def refused_by_design(op, params, result):
    """Inputs botocore serializes and ours refuses before sending, by design (documented):
    a header value with a control character (RFC 9110 forbids them; botocore's HTTP layer
    refuses them later), an empty label (it would address another resource)."""
    why = result.get("rejected")
    if not why or not op.input_shape:
        return None
    for name, member in op.input_shape.members.items():
        value = params.get(name)
        location = member.serialization.get("location")
        if location == "header" and isinstance(value, str) and any(c < " " and c != "\t" or c == "\x7f" for c in value):
            if "not a valid header value" in why:
                return "header value with a control character: ours refuses, botocore serializes"
        if location == "uri" and value == "" and "is empty" in why:
            return "empty label: ours refuses, botocore serializes"
    return None


def report(args, service_model, protocol, stats, failures, notes, missing, ours):
    import botocore

    print(
        f"botocore {botocore.__version__} vs awsgen: {args.service} ({protocol}, API {service_model.api_version}), "
        f"{args.cases} compared cases per operation, seed {args.seed}"
    )
    columns = ("cases", "invalid", "refused", "compared", "success", "modeled", "unmodeled", "failed")
    print(f"{'operation':<40} " + " ".join(f"{c:>9}" for c in columns))
    for name, row in stats.items():
        print(f"{name:<40} " + " ".join(f"{row[c]:>9}" for c in columns))
    totals = Counter()
    for row in stats.values():
        totals.update(row)
    print(f"{'total':<40} " + " ".join(f"{totals[c]:>9}" for c in columns))
    print(f"operations not compared: {len(missing)}")
    for name, why in sorted(missing.items()):
        print(f"  {name}: {why}")
    members = sorted({(side, member) for side, member in ours.excluded})
    print(f"members one side lacks (never generated): {len(members)}")
    for side, member in members:
        print(f"  {member}: {side}")
    print("deviations (checked, counted):")
    for what, n in sorted(notes.items()):
        print(f"  {what}: {n}")
    for name, case, problems in failures[: int(os.environ.get("DIFFTEST_BOTOCORE_SHOWN", "5"))]:
        print(f"\nFAILED {name}: params {json.dumps(case['params'], default=lambda b: list(b))[:800]}")
        print(f"  response {json.dumps(case['response'])[:800]}")
        for p in problems[:6]:
            print(f"  - {p}")
    print(f"botocore {args.service}: {totals['cases'] - len(failures)} passed, {len(failures)} failed")


if __name__ == "__main__":
    main()
