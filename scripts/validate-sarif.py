#!/usr/bin/env python3
"""Validates infralint's SARIF output against the OASIS SARIF 2.1.0 schema and GitHub code scanning's needs.

    scripts/validate-sarif.py --binary .build/debug/infralint [--lint PATH]... [--each-dockerfile DIR]...
                              [--each-compose DIR]... [SARIF_FILE]...

--lint PATH            lint PATH (a file or a folder) in one run and check its SARIF
--each-dockerfile DIR  lint every file called Dockerfile* below DIR, one run each
--each-compose DIR     lint every *.yml / *.yaml below DIR as a compose file (-f), one run each
SARIF_FILE             check an existing SARIF file

The schema is read in place from ../shared/schemas/sarif-schema-2.1.0.json beside the checkout; when
../shared is absent (a fresh clone) the check is skipped with a message and exit status 0.
Needs the `jsonschema` package (CI installs it in a virtualenv).
"""
import argparse
import json
import os
import subprocess
import sys

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
SCHEMA = os.path.join(os.path.dirname(ROOT), "shared", "schemas", "sarif-schema-2.1.0.json")


def code_scanning_problems(sarif):
    """What GitHub code scanning needs beyond the schema."""
    problems = []
    if sarif.get("version") != "2.1.0":
        problems.append("version is not 2.1.0")
    for run in sarif.get("runs", []):
        if run.get("columnKind") != "utf16CodeUnits":
            problems.append("columnKind is not utf16CodeUnits")
        rules = run["tool"]["driver"].get("rules", [])
        ids = [rule["id"] for rule in rules]
        if len(set(ids)) != len(ids):
            problems.append("rule ids are not unique")
        for rule in rules:
            for key in ("name", "shortDescription", "fullDescription", "help", "defaultConfiguration", "properties"):
                if key not in rule:
                    problems.append(f"rule {rule['id']} has no {key}")
            if "help" in rule and not (rule["help"].get("text") and rule["help"].get("markdown")):
                problems.append(f"rule {rule['id']} has no help text and markdown")
            properties = rule.get("properties", {})
            if "tags" not in properties:
                problems.append(f"rule {rule['id']} has no tags")
            if "security" in properties.get("tags", []):
                try:
                    float(properties["security-severity"])
                except (KeyError, ValueError):
                    problems.append(f"security rule {rule['id']} has no numeric security-severity")
        for result in run.get("results", []):
            rule_id = result.get("ruleId")
            if rule_id not in ids:
                problems.append(f"result ruleId {rule_id} is not among tool.driver.rules")
            elif "ruleIndex" in result and ids[result["ruleIndex"]] != rule_id:
                problems.append(f"result ruleIndex {result['ruleIndex']} does not point at {rule_id}")
            if not result.get("partialFingerprints"):
                problems.append(f"a {rule_id} result has no partialFingerprints")
            for location in result.get("locations", []) + result.get("relatedLocations", []):
                physical = location["physicalLocation"]
                artifact = physical["artifactLocation"]
                if not artifact["uri"].startswith("file://") and "uriBaseId" not in artifact:
                    problems.append(f"relative uri {artifact['uri']} has no uriBaseId")
                region = physical.get("region", {})
                if region.get("startLine", 0) < 1 or region.get("startColumn", 0) < 1:
                    problems.append(f"a {rule_id} region does not start at line/column >= 1: {region}")
    return problems


def run_infralint(binary, arguments):
    completed = subprocess.run([binary, "--format", "sarif", *arguments], capture_output=True, cwd=ROOT)
    if completed.returncode not in (0, 1):
        raise RuntimeError(f"infralint {' '.join(arguments)} exited {completed.returncode}: {completed.stderr.decode(errors='replace')}")
    return json.loads(completed.stdout)


def main():
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--binary")
    parser.add_argument("--lint", action="append", default=[])
    parser.add_argument("--each-dockerfile", action="append", default=[])
    parser.add_argument("--each-compose", action="append", default=[])
    parser.add_argument("sarif", nargs="*")
    options = parser.parse_args()

    if not os.path.exists(SCHEMA):
        print(f"validate-sarif: skipped: {SCHEMA} is absent (../shared is not beside the checkout)")
        return 0
    try:
        import jsonschema
    except ImportError:
        print("validate-sarif: the jsonschema package is not installed (pip install jsonschema)", file=sys.stderr)
        return 2
    with open(SCHEMA, encoding="utf-8") as handle:
        validator = jsonschema.Draft4Validator(json.load(handle))

    runs = []  # (label, arguments or file)
    for path in options.lint:
        runs.append((path, [path]))
    for folder in options.each_dockerfile:
        for directory, _, names in sorted(os.walk(folder)):
            for name in sorted(names):
                if name.startswith("Dockerfile") and not name.endswith(".json"):
                    path = os.path.join(directory, name)
                    runs.append((path, [path]))
    for folder in options.each_compose:
        for directory, _, names in sorted(os.walk(folder)):
            for name in sorted(names):
                if name.endswith((".yml", ".yaml")):
                    path = os.path.join(directory, name)
                    runs.append((path, ["-f", path]))
    if (runs and not options.binary):
        parser.error("--binary is needed to lint")

    checked = results = failures = 0
    documents = [(label, lambda arguments=arguments: run_infralint(options.binary, arguments)) for label, arguments in runs]
    for path in options.sarif:
        documents.append((path, lambda path=path: json.load(open(path, encoding="utf-8"))))
    for label, load in documents:
        try:
            sarif = load()
        except (RuntimeError, json.JSONDecodeError) as error:
            print(f"{label}: {error}")
            failures += 1
            continue
        errors = [f"schema: {error.message} at {'/'.join(map(str, error.absolute_path))}" for error in validator.iter_errors(sarif)]
        errors += code_scanning_problems(sarif)
        checked += 1
        results += sum(len(run.get("results", [])) for run in sarif.get("runs", []))
        if errors:
            failures += 1
            for error in errors[:10]:
                print(f"{label}: {error[:300]}")
    print(f"validate-sarif: {checked} SARIF documents ({results} results) checked, {failures} with errors")
    return 1 if failures or not checked else 0


if __name__ == "__main__":
    sys.exit(main())
