#!/usr/bin/env python3
"""Transforms template.yaml with AWS's own SAM translator, offline, and reports its errors.

The JSON Schema check (tests/Template.Tests/Template) catches unknown properties; the translator
catches what only the transform knows (event sources, policy templates, references between
resources). Local CodeUri paths are replaced by an S3 URI first, as `sam package` would do.
Usage: sam_translate.py [template.yaml] [--print]   (--print: the CloudFormation JSON on stdout)
Exit: 0 valid, 1 invalid, 3 translator not installed.
"""
import json
import os
import sys

try:
    from samtranslator.public.exceptions import InvalidDocumentException
    from samtranslator.translator.transform import transform
    from samtranslator.yaml_helper import yaml_parse
except ImportError:
    print("sam_translate: aws-sam-translator is not installed (pip install aws-sam-translator)", file=sys.stderr)
    sys.exit(3)


class NoManagedPolicies:
    """The template names no AWS managed policies, so no IAM lookup is needed."""

    def load(self):
        return {}


def main(path):
    with open(path, encoding="utf-8") as handle:
        template = yaml_parse(handle.read())
    for resource in template.get("Resources", {}).values():
        properties = resource.get("Properties") or {}
        if resource.get("Type") == "AWS::Serverless::Function" and isinstance(properties.get("CodeUri"), str):
            properties["CodeUri"] = "s3://lambdasuite-artifacts/" + properties["CodeUri"].strip("/") + ".zip"
    os.environ.setdefault("AWS_DEFAULT_REGION", "us-east-1")
    try:
        output = transform(template, {}, NoManagedPolicies())
    except InvalidDocumentException as error:
        for cause in error.causes:
            print(f"sam_translate: {cause.message}", file=sys.stderr)
        return 1
    resources = output["Resources"]
    print(f"sam_translate: {path} is valid: {len(resources)} CloudFormation resources", file=sys.stderr)
    if "--print" in sys.argv:
        print(json.dumps(output, indent=2, default=str))
    return 0


if __name__ == "__main__":
    args = [a for a in sys.argv[1:] if not a.startswith("--")]
    sys.exit(main(args[0] if args else "template.yaml"))
