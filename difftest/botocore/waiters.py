#!/usr/bin/env python3
"""Waiters: our generated waiters against botocore's (`botocore.waiter`), on the same
sequences of responses.

Run by `cargo test -p mwaa-difftest --test waiters` (which passes `--ours`), or by hand:

    python3 difftest/botocore/waiters.py --ours target/debug/awsgen-waiters

The services are those our side was built with (`awsgen-waiters --list`: the clients of
`difftest/clients/registry.rs`), under botocore's service names. For each waiter both sides
have, the script generates seeded sequences of one to six HTTP responses along the JMESPath
paths its acceptors read (dotted keys, `[]` projections): outputs whose path holds one of the
values the acceptors expect, another value of the member's type, or nothing, and lists of
zero to three elements (often all alike, for `pathAll`); and the errors the acceptors expect
or other modeled errors, in the protocol's wire form (botocore's service metadata says
which: restJson1 or awsJson). botocore parses each response with the protocol's parser and
runs `Waiter.wait` on the parsed sequence (delay 0); our side runs the generated
`wait_until_...` over a transport serving the same bytes, in paused Tokio time. After the
sequence both get an error no acceptor expects. Compared: the final state (success,
failure, an unexpected error), the acceptor that matched the last poll, and the number of
polls. Waiters only one side has are listed with the reason. Exit status 0 only if every
sequence agrees.
"""

import argparse
import json
import os
import random
import subprocess
import sys
import types

HERE = os.path.dirname(os.path.abspath(__file__))
ROOT = os.path.dirname(os.path.dirname(HERE))
sys.path.insert(0, HERE)
import compare  # noqa: E402  (the virtualenv and the value generator)

END_OF_SEQUENCE = "DifftestEndOfSequenceZz"


def path_steps(path):
    """The steps of a JMESPath of dotted keys with `[]` projections (`Tasks[].Status`):
    `[(key, projected)]`, or None for anything else."""
    steps = []
    for part in path.split("."):
        key, projected = (part[:-2], True) if part.endswith("[]") else (part, False)
        if not key.isidentifier():
            return None
        steps.append((key, projected))
    return steps


def leaf_shape(shape, steps):
    """The shape `steps` lead to from `shape` (a projection step leads into its list)."""
    for key, projected in steps:
        shape = shape.members[key]
        if projected:
            shape = shape.member
    return shape


class Protocol:
    """The wire form of responses of a botocore protocol (`rest-json`, `json`)."""

    def __init__(self, service_model):
        self.name = service_model.protocol
        if self.name == "json":
            self.content_type = f"application/x-amz-json-{service_model.metadata.get('jsonVersion', '1.0')}"
        elif self.name == "rest-json":
            self.content_type = "application/json"
        else:
            raise ValueError(f"{service_model.service_name}: protocol {self.name} is not compared")

    def error(self, rng, status, code, namespace):
        """An error response with `code` in a form the protocol's services write."""
        headers = [["Content-Type", self.content_type]]
        body = {"message": "m"}
        form = rng.random()
        if self.name == "json" or form < 0.2:
            # awsJson: `__type`, bare or with the shape's namespace
            body["__type"] = code if form < 0.5 else f"{namespace}#{code}"
        elif form < 0.4:
            body["code"] = code
        else:
            headers.append(["X-Amzn-Errortype", f"{code}:http://internal.amazon.com/" if form < 0.5 else code])
        return {"status": status, "headers": headers, "body": json.dumps(body)}


class Sequences:
    def __init__(self, rng, service_model, op, acceptors):
        self.rng = rng
        self.op = op
        self.protocol = Protocol(service_model)
        self.namespace = f"com.amazonaws.{service_model.endpoint_prefix}"
        self.gen = compare.Gen(rng)
        # path -> the values acceptors expect there
        self.paths = {}
        self.codes = []
        self.statuses = []
        for a in acceptors:
            if a["matcher"].startswith("path"):
                self.paths.setdefault(a["argument"], set()).add(json.dumps(a["expected"]))
            elif a["matcher"] == "error" and isinstance(a["expected"], str):
                # (`expected: true/false` is any error / none: Smithy's `success` matcher)
                self.codes.append(a["expected"])
            elif a["matcher"] == "status":
                self.statuses.append(a["expected"])
        self.errors = [s.error_code or s.name for s in op.error_shapes]

    def response(self):
        r = self.rng.random()
        if r < 0.7:
            return self.output()
        return self.error()

    def output(self):
        body = {}
        for path, expected in self.paths.items():
            values = [json.loads(e) for e in sorted(expected)]
            self.fill(body, self.op.output_shape, path_steps(path), values)
        return {"status": 200, "headers": [["Content-Type", self.protocol.content_type]], "body": json.dumps(body)}

    def fill(self, node, shape, steps, values, pick=None):
        """Sets the member at the first of `steps` in `node` (an object of `shape`) so that
        the path leads on to one of `values`, another value, or nothing."""
        key, projected = steps[0]
        member = shape.members[key]
        if projected:
            items = node.get(key)
            if items is None:
                items = [{} if len(steps) > 1 else None for _ in range(self.rng.randint(0, 3))]
                node[key] = items
            # Often every element alike, so that `pathAll` can match.
            same = self.leaf(leaf_shape(member.member, steps[1:]), values) if self.rng.random() < 0.4 else None
            for i, item in enumerate(items):
                if len(steps) > 1:
                    self.fill(item, member.member, steps[1:], values, same)
                else:
                    items[i] = same if same is not None else self.leaf(member.member, values)
            node[key] = [i for i in items if i is not None]
        elif len(steps) > 1:
            self.fill(node.setdefault(key, {}), member, steps[1:], values, pick)
        else:
            value = pick if pick is not None else self.leaf(member, values)
            if value is not None:
                node[key] = value

    def leaf(self, shape, values):
        """An expected value, another value of the member's type, or None (left out)."""
        r = self.rng.random()
        if r < 0.75:
            return self.rng.choice(values)
        if r < 0.9:
            return self.gen.value(shape, True)
        return None

    def error(self):
        choices = self.codes + self.errors
        if self.statuses and self.rng.random() < 0.3:
            status = self.rng.choice(self.statuses)
            if status < 300:
                return self.output()
            code = self.rng.choice(choices) if choices else "SomeErrorZz"
        else:
            code = self.rng.choice(choices) if choices else "SomeErrorZz"
            shape = next((s for s in self.op.error_shapes if (s.error_code or s.name) == code), None)
            status = shape.metadata.get("error", {}).get("httpStatusCode", 400) if shape else 400
        return self.protocol.error(self.rng, status, code, self.namespace)


def shortened(value):
    """Params with strings cut to 64 characters: botocore's model can allow longer ones
    than the corpus model ours comes from (the waiters, not input validation, are compared
    here)."""
    if isinstance(value, str):
        return value[:64]
    if isinstance(value, list):
        return [shortened(v) for v in value]
    if isinstance(value, dict):
        return {k: shortened(v) for k, v in value.items()}
    return value


def sendable(params, input_shape):
    """Params a client sends: every empty `@httpLabel` member (`location: uri`) given a
    value (both clients refuse an empty label before sending: README, difference 10), and
    no member bound to an endpoint parameter (`@contextParam`: random text is no ARN, and
    the endpoint rules refuse it before sending, while botocore's stand-in operation here
    resolves no endpoint). The inputs are not what this compares."""
    for name, member in input_shape.members.items():
        if member.serialization.get("location") == "uri" and params.get(name) == "":
            params[name] = "label"
        if "contextParam" in member.metadata:
            params.pop(name, None)
    return params


def botocore_run(waiter_name, waiter_config, parser, op, responses):
    """botocore's waiter over the parsed responses: (state, acceptor index, polls)."""
    from botocore.awsrequest import HeadersDict
    from botocore.exceptions import WaiterError
    from botocore.waiter import Waiter

    end = {"status": 500, "headers": [["X-Amzn-Errortype", END_OF_SEQUENCE]], "body": json.dumps({"__type": END_OF_SEQUENCE})}
    parsed = []
    for r in responses + [end]:
        resp = {"status_code": r["status"], "headers": HeadersDict(dict(r["headers"])), "body": r["body"].encode()}
        parsed.append(parser.parse(resp, op.output_shape))
    acceptors = list(waiter_config.acceptors)
    matched = []
    for index, acceptor in enumerate(acceptors):
        original = acceptor.matcher_func

        def matcher(response, index=index, original=original):
            hit = original(response)
            if hit:
                matched.append((polls[0], index))
            return hit

        acceptor.matcher_func = matcher
    polls = [0]

    def operation(**kwargs):
        polls[0] += 1
        return parsed[min(polls[0] - 1, len(parsed) - 1)]

    config = types.SimpleNamespace(acceptors=acceptors, delay=0, max_attempts=waiter_config.max_attempts)
    try:
        Waiter(waiter_name, config, operation).wait()
        state = "success"
    except WaiterError as e:
        reason = str(e)
        state = "failure" if "terminal failure state" in reason else "timeout" if "Max attempts" in reason else "unexpected"
    last = [i for (p, i) in matched if p == polls[0]]
    return {"state": state, "acceptor": last[-1] if last else None, "polls": polls[0]}


def main():
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--ours", required=True, help="path of the awsgen-waiters binary")
    ap.add_argument("--venv", default=os.path.join(ROOT, "target", "difftest-venv"))
    ap.add_argument("--cases", type=int, default=int(os.environ.get("DIFFTEST_WAITER_CASES", "300")))
    ap.add_argument("--seed", type=int, default=int(os.environ.get("DIFFTEST_SEED", "1")))
    args = ap.parse_args()

    if os.environ.get("DIFFTEST_IN_VENV") != "1":
        python = compare.ensure_venv(args.venv)
        env = dict(os.environ, DIFFTEST_IN_VENV="1")
        sys.stdout.flush()
        sys.exit(subprocess.run([python, os.path.abspath(__file__)] + sys.argv[1:], env=env).returncode)

    import botocore
    import botocore.parsers
    import botocore.session
    import botocore.waiter

    session = botocore.session.get_session()
    loader = session.get_component("data_loader")
    listed = subprocess.run([args.ours, "--list"], capture_output=True, text=True)
    if listed.returncode != 0:
        compare.fail(f"{args.ours} --list failed: {listed.stderr[-2000:]}")
    ours = json.loads(listed.stdout)
    for service in ours["missing"]:
        print(f"{service}: our client was built without its model (../shared), not compared")

    cases, meta, parsers = [], [], {}
    for service, described in sorted(ours["services"].items()):
        service_model = session.get_service_model(service)
        parsers[service] = botocore.parsers.create_parser(service_model.protocol)
        waiter_model = botocore.waiter.WaiterModel(loader.load_service_model(service, "waiters-2"))
        theirs = set(waiter_model.waiter_names)
        for name in sorted(theirs - set(described["waiters"])):
            why = described["skipped"].get(name, "not in the corpus model")
            print(f"{service} {name}: botocore only ({why}), not compared")
        for name in sorted(set(described["waiters"]) - theirs):
            print(f"{service} {name}: ours only (not in botocore's waiters-2.json), not compared")
        for name in sorted(theirs & set(described["waiters"])):
            config = waiter_model.get_waiter(name)
            acceptors = config._config["acceptors"]
            if any(a["matcher"].startswith("path") and not path_steps(a["argument"]) for a in acceptors):
                compare.fail(f"{service} {name}: a path beyond dotted keys and projections, which the generator here cannot follow")
            op = service_model.operation_model(config.operation)
            if op.name != described["waiters"][name]:
                compare.fail(f"{service} {name}: botocore polls {op.name}, ours {described['waiters'][name]}")
            rng = random.Random(f"{args.seed}/{service}/{name}")
            seqs = Sequences(rng, service_model, op, acceptors)
            gen = compare.Gen(rng)
            for _ in range(args.cases):
                params = sendable(shortened(gen.value(op.input_shape, False)), op.input_shape) if op.input_shape else {}
                responses = [seqs.response() for _ in range(rng.randint(1, 6))]
                cases.append({"service": service, "waiter": name, "params": params, "responses": responses})
                meta.append((service, name, config, op))

    run = subprocess.run([args.ours], input=json.dumps(cases), capture_output=True, text=True)
    if run.returncode != 0:
        compare.fail(f"{args.ours} failed: {run.stderr[-2000:]}")
    results = json.loads(run.stdout)

    stats, failures = {}, []
    for case, (service, name, config, op), ours in zip(cases, meta, results):
        row = stats.setdefault(f"{case['service']} {name}", {"cases": 0, "success": 0, "failure": 0, "unexpected": 0, "failed": 0})
        row["cases"] += 1
        theirs = botocore_run(name, config, parsers[service], op, case["responses"])
        if "rejected" in ours:
            row["failed"] += 1
            failures.append((case, theirs, ours))
            continue
        row[theirs["state"]] = row.get(theirs["state"], 0) + 1
        if theirs != ours:
            row["failed"] += 1
            failures.append((case, theirs, ours))

    print(f"botocore {botocore.__version__} waiters vs awsgen ({args.cases} sequences per waiter, seed {args.seed})")
    print(f"{'waiter':<36} {'cases':>5} {'success':>7} {'failure':>7} {'unexpected':>10} {'failed':>6}")
    for name, row in stats.items():
        print(f"{name:<36} {row['cases']:>5} {row['success']:>7} {row['failure']:>7} {row['unexpected']:>10} {row['failed']:>6}")
    for case, theirs, ours in failures[:5]:
        print(f"\nFAILED {case['service']} {case['waiter']}: botocore {theirs}, ours {ours}")
        for r in case["responses"]:
            print(f"  {r['status']} {r['headers']} {r['body'][:300]}")
    total = sum(r["cases"] for r in stats.values())
    print(f"waiters: {total - len(failures)} passed, {len(failures)} failed")
    sys.exit(1 if failures or total == 0 else 0)


if __name__ == "__main__":
    main()
