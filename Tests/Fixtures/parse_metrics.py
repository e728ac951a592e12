#!/usr/bin/env python3
"""Parses a Prometheus text-format file with the official Python client's parser
(prometheus_client.parser.text_string_to_metric_families) and prints what it read as JSON:
{"families": [{"name", "type", "documentation", "samples": [{"name", "labels", "value"}]}]}.
Any error the parser raises fails the script (exit 1, the error on stderr)."""

import json
import sys

from prometheus_client.parser import text_string_to_metric_families


def main():
    with open(sys.argv[1], encoding="utf-8") as source:
        text = source.read()
    families = []
    for family in text_string_to_metric_families(text):
        samples = [{"name": s.name, "labels": s.labels, "value": s.value} for s in family.samples]
        families.append({"name": family.name, "type": family.type, "documentation": family.documentation, "samples": samples})
    json.dump({"families": families}, sys.stdout)


if __name__ == "__main__":
    main()
