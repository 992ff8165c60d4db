#!/usr/bin/env python3
"""Concurrent survey answers for bench/surveys.sh (standard library only).

Usage: surveys_submit.py API_BASE SURVEY_JSON GROUPS_JSON ANSWERS CLIENTS

Sends ANSWERS responses to submitSurveyResponse (POST API_BASE/survey-responses) from CLIENTS
threads at once, each over its own keep-alive connection, the i-th answer to the i-th group
code of GROUPS_JSON (listSurveyGroups) in turn, so the writes spread over distinct groups.
The answers are valid for the questions of SURVEY_JSON (getSurvey): every shown question
answered, follow-ups only after the answer that shows them. Prints one JSON object: how many
were sent, created (201) and failed (any other status or a broken connection, by kind), and the
wall time and latencies.
"""
import http.client
import json
import random
import sys
import threading
import time
import urllib.parse
from concurrent.futures import ThreadPoolExecutor


def answers(questions, rng):
    given = {}
    for q in questions:
        shown = q.get("show_if")
        if shown and given.get(shown["question"]) not in shown["answers"]:
            continue
        options = [str(n) for n in range(1, len(q.get("options", [])) + 1)]
        kind = q["kind"]
        if kind in ("single", "likert"):
            given[q["key"]] = rng.choice(options)
        elif kind == "multi":
            given[q["key"]] = sorted(rng.sample(options, rng.randint(1, min(2, len(options)))), key=int)
        elif kind == "number":
            low, high = q.get("min") or 0, q.get("max") or 100
            given[q["key"]] = rng.randint(int(low), int(high))
        elif kind == "text" and rng.random() < 0.25:
            given[q["key"]] = "Svar fra belastningstesten."
    return given


def main():
    base, survey_path, groups_path, total, clients = sys.argv[1:6]
    total, clients = int(total), int(clients)
    with open(survey_path) as f:
        questions = json.load(f)["questions"]
    with open(groups_path) as f:
        codes = [g["code"] for g in json.load(f)]
    url = urllib.parse.urlsplit(base)
    path = url.path.rstrip("/") + "/survey-responses"
    rng = random.Random(2026)
    bodies = [json.dumps({"code": codes[i % len(codes)], "answers": answers(questions, rng)}) for i in range(total)]
    local = threading.local()
    lock = threading.Lock()
    failures = {}
    latencies = []

    def send(body):
        started = time.perf_counter()
        try:
            if not hasattr(local, "conn"):
                local.conn = http.client.HTTPConnection(url.hostname, url.port, timeout=60)
            local.conn.request("POST", path, body, {"Content-Type": "application/json"})
            response = local.conn.getresponse()
            response.read()
            outcome = str(response.status)
        except Exception as e:  # a broken connection is an error too: count it by kind
            outcome = type(e).__name__
            if hasattr(local, "conn"):
                local.conn.close()
                del local.conn
        with lock:
            latencies.append((time.perf_counter() - started) * 1000)
            if outcome != "201":
                failures[outcome] = failures.get(outcome, 0) + 1

    started = time.perf_counter()
    with ThreadPoolExecutor(max_workers=clients) as pool:
        list(pool.map(send, bodies))
    seconds = time.perf_counter() - started
    latencies.sort()
    pick = lambda q: round(latencies[min(len(latencies) - 1, int(q * len(latencies)))], 1)
    errors = sum(failures.values())
    print(json.dumps({
        "sent": total,
        "created": total - errors,
        "errors": errors,
        "failures": failures,
        "groups": min(total, len(codes)),
        "seconds": round(seconds, 2),
        "per_second": round(total / seconds, 1),
        "p50_ms": pick(0.5),
        "p99_ms": pick(0.99),
        "max_ms": round(latencies[-1], 1),
    }))


if __name__ == "__main__":
    main()
