#!/usr/bin/env python3
"""Waiters: our generated waiters against botocore's (`botocore.waiter`), on the same
sequences of responses.

Run by `cargo test -p mwaa-difftest --test waiters` (which passes `--ours`), or by hand:

    python3 difftest/botocore/waiters.py --ours target/debug/awsgen-waiters

For each waiter of the services below that both sides have, the script generates seeded
sequences of one to six HTTP responses along the JMESPath paths its acceptors read: outputs
whose path holds one of the values the acceptors expect, another value of the member's
enum, or nothing; and the errors the acceptors expect or other modeled errors. botocore
parses each response with its own restJson1 parser and runs `Waiter.wait` on the parsed
sequence (the delays do not sleep: `time.sleep` is replaced); our side runs the generated
`wait_until_...` over a transport serving the same bytes, in paused Tokio time. After the
sequence both get an error no acceptor expects. Compared: the final state (success,
failure, an unexpected error), the acceptor that matched the last poll, and the number of
polls. Exit status 0 only if every sequence agrees.
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

# (service, botocore service name): restJson1 services whose clients the difftest builds.
SERVICES = [("lambda", "lambda"), ("mwaa", "mwaa")]
END_OF_SEQUENCE = "DifftestEndOfSequenceZz"


def simple_path(path):
    """The keys of a dotted JMESPath (`Configuration.State`), or None for anything else."""
    keys = path.split(".")
    return keys if all(k.isidentifier() for k in keys) else None


def shape_at(shape, keys):
    for key in keys:
        if shape.type_name != "structure" or key not in shape.members:
            return None
        shape = shape.members[key]
    return shape


def put(body, keys, value):
    for key in keys[:-1]:
        body = body.setdefault(key, {})
    body[keys[-1]] = value


class Sequences:
    def __init__(self, rng, service_model, op, acceptors):
        self.rng = rng
        self.service_model = service_model
        self.op = op
        self.gen = compare.Gen(rng)
        # path -> the values acceptors expect there, and the member's shape
        self.paths = {}
        self.codes = []
        self.statuses = []
        for a in acceptors:
            if a["matcher"] == "path":
                keys = simple_path(a["argument"])
                self.paths.setdefault(tuple(keys), set()).add(json.dumps(a["expected"]))
            elif a["matcher"] == "error":
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
        for keys, expected in self.paths.items():
            shape = shape_at(self.op.output_shape, list(keys))
            r = self.rng.random()
            if r < 0.75:
                put(body, list(keys), json.loads(self.rng.choice(sorted(expected))))
            elif r < 0.9 and shape is not None:
                put(body, list(keys), self.gen.value(shape, True))
        return {"status": 200, "headers": [["Content-Type", "application/json"]], "body": json.dumps(body)}

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
        headers = [["Content-Type", "application/json"], ["X-Amzn-Errortype", code]]
        return {"status": status, "headers": headers, "body": json.dumps({"message": "m", "Type": "User"})}


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


def botocore_run(waiter_name, waiter_config, parser, op, responses):
    """botocore's waiter over the parsed responses: (state, acceptor index, polls)."""
    from botocore.awsrequest import HeadersDict
    from botocore.exceptions import WaiterError
    from botocore.waiter import Waiter

    end = {"status": 500, "headers": [["X-Amzn-Errortype", END_OF_SEQUENCE]], "body": "{}"}
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
    parser = botocore.parsers.create_parser("rest-json")

    cases, meta = [], []
    for ours_service, botocore_service in SERVICES:
        service_model = session.get_service_model(botocore_service)
        try:
            waiter_model = botocore.waiter.WaiterModel(loader.load_service_model(botocore_service, "waiters-2"))
        except Exception:
            continue
        for name in waiter_model.waiter_names:
            config = waiter_model.get_waiter(name)
            acceptors = config._config["acceptors"]
            if any(a["matcher"].startswith("path") and not simple_path(a["argument"]) for a in acceptors):
                print(f"{ours_service} {name}: paths beyond dotted keys, not generated", file=sys.stderr)
                continue
            op = service_model.operation_model(config.operation)
            rng = random.Random(f"{args.seed}/{ours_service}/{name}")
            seqs = Sequences(rng, service_model, op, acceptors)
            gen = compare.Gen(rng)
            for _ in range(args.cases):
                params = shortened(gen.value(op.input_shape, False)) if op.input_shape else {}
                responses = [seqs.response() for _ in range(rng.randint(1, 6))]
                cases.append({"service": ours_service, "waiter": name, "params": params, "responses": responses})
                meta.append((botocore_service, name, config, op))

    run = subprocess.run([args.ours], input=json.dumps(cases), capture_output=True, text=True)
    if run.returncode != 0:
        compare.fail(f"{args.ours} failed: {run.stderr[-2000:]}")
    results = json.loads(run.stdout)

    stats, failures = {}, []
    for case, (svc, name, config, op), ours in zip(cases, meta, results):
        row = stats.setdefault(f"{case['service']} {name}", {"cases": 0, "success": 0, "failure": 0, "unexpected": 0, "failed": 0})
        row["cases"] += 1
        theirs = botocore_run(name, config, parser, op, case["responses"])
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
