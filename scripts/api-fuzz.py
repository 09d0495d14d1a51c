"""The two halves of scripts/api-fuzz that are easier in Python than in bash.

    python3 scripts/api-fuzz.py token URL EMAIL PASSWORD TOKEN_NAME
        Signs in to a running Pathway as a user would (the sign-in form and its form
        token) and makes an API token on the account's tokens page; prints the token.

    python3 scripts/api-fuzz.py check MIN_REQUESTS REPORT.json RUN.har [...]
        Reads schemathesis's own reports of one or more runs (the JSON run report and
        the HAR file of every request it sent, in pairs), prints the counts, and fails
        unless at least MIN_REQUESTS requests were sent, none was answered with a
        server error and no check failed.
"""

import json

import http.cookiejar
import re
import sys
import urllib.parse
import urllib.request


def token(url: str, email: str, password: str, name: str) -> None:
    jar = http.cookiejar.CookieJar()
    opener = urllib.request.build_opener(urllib.request.HTTPCookieProcessor(jar))

    def form_token(path: str) -> str:
        with opener.open(url + path, timeout=30) as answer:
            page = answer.read().decode()
        found = re.search(r'name="csrf_token" value="([^"]+)"', page)
        if not found:
            sys.exit(f"api-fuzz: no form token on {path}")
        return found.group(1)

    def post(path: str, fields: dict) -> str:
        # The Origin header, as a browser sends it: Pathway refuses cross-site posts.
        request = urllib.request.Request(
            url + path,
            data=urllib.parse.urlencode(fields).encode(),
            headers={"Origin": url},
            method="POST",
        )
        with opener.open(request, timeout=30) as answer:
            return answer.read().decode()

    post("/sign-in", {"email": email, "password": password, "csrf_token": form_token("/sign-in")})
    page = post(
        "/account/tokens",
        {"name": name, "csrf_token": form_token("/account/tokens")},
    )
    found = re.search(r'id="new-token">([^<]+)<', page)
    if not found:
        sys.exit("api-fuzz: the tokens page showed no new token (did the sign-in fail?)")
    print(found.group(1))


def check(min_requests: int, reports: list) -> None:
    sent = server_errors = failures = errors = 0
    statuses: dict = {}
    problems = []
    for report_path, har_path in zip(reports[::2], reports[1::2]):
        with open(report_path, encoding="utf-8") as file:
            report = json.load(file)
        with open(har_path, encoding="utf-8") as file:
            entries = json.load(file)["log"]["entries"]
        sent += len(entries)
        for entry in entries:
            status = entry["response"]["status"]
            statuses[status] = statuses.get(status, 0) + 1
            if status >= 500:
                server_errors += 1
        for group in report["failures"]:
            failures += group["count"]
            problems.append(f"{group['title']} ({group['count']}): {', '.join(group['operations'])}")
        for group in report["errors"]:
            errors += group["count"]
            problems.append(f"error: {group['title']} ({group['count']})")
        if not report["complete"]:
            problems.append(f"{report_path}: the run did not finish ({report['stop_reason']})")
    answers = ", ".join(f"{status}: {count}" for status, count in sorted(statuses.items()))
    print(f"api-fuzz: {sent} requests sent; answers by status {answers}")
    print(f"api-fuzz: {server_errors} server errors, {failures} failed checks, {errors} errors")
    for problem in problems:
        print(f"api-fuzz:   {problem}")
    if sent < min_requests:
        problems.append(f"only {sent} requests were sent, fewer than {min_requests}")
        print(f"api-fuzz: only {sent} requests were sent, fewer than {min_requests}")
    if problems or server_errors:
        sys.exit(1)


if __name__ == "__main__":
    match sys.argv[1:2]:
        case ["token"]:
            token(*sys.argv[2:6])
        case ["check"]:
            check(int(sys.argv[2]), sys.argv[3:])
        case _:
            sys.exit(__doc__)
