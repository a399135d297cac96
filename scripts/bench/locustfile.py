"""The load test of ``make bench``: leaders opening the pages on the morning the figures come out.

Run headless by ``scripts/bench/harness.py`` against two gunicorn servers on loopback
(``BENCH_HOSTS``, comma-separated); each simulated user is a leader already logged in (one of
the sessions the harness opened, ``BENCH_SESSIONS``), half of them on each server, and opens
the dashboard for different periods, the lists, the report and a filtered export. A response
other than 200, or the login form, counts as an error.
"""

import itertools
import os
import random

from locust import HttpUser, between, task

HOSTS = [host for host in os.environ.get("BENCH_HOSTS", "").split(",") if host]
PERIODS = os.environ.get("BENCH_PERIODS", "2020-H1,2020,2024").split(",")
YEARS = list(range(2005, 2026))
SESSIONS = [key for key in os.environ.get("BENCH_SESSIONS", "").split(",") if key]
COOKIE = os.environ.get("BENCH_SESSION_COOKIE", "sessionid")
USERS = itertools.count()


class Leader(HttpUser):
    # A leader reads each page for two to six seconds before the next click: 50 of them ask
    # for about 12 pages a second.
    wait_time = between(2, 6)

    def on_start(self) -> None:
        """Each user takes one of the sessions the harness logged in (BENCH_SESSIONS) on one
        of the two servers, as a leader who logged in earlier that morning."""
        index = next(USERS)
        if HOSTS:
            self.client.base_url = HOSTS[index % len(HOSTS)]
        self.client.cookies.set(COOKIE, SESSIONS[index % len(SESSIONS)])

    def get(self, url: str, name: str) -> None:
        """A page that answers 200 and is not the login form (a lost session would be)."""
        # A new connection per page, as a browser behind a proxy would see it: without a
        # proxy, a kept-alive connection that gunicorn closes after 5 idle seconds (the
        # think time is 2-6 s) races the next request, which a browser retries and
        # requests does not.
        with self.client.get(
            url, name=name, catch_response=True, headers={"Connection": "close"}
        ) as response:
            if response.status_code != 200:
                response.failure(f"{response.status_code}")
            elif "/accounts/login/" in response.url:
                response.failure("not logged in")
            else:
                response.success()

    @task(6)
    def dashboard(self) -> None:
        self.get(f"/?period={random.choice(PERIODS)}", name="dashboard")

    @task(2)
    def projects(self) -> None:
        first = random.choice(YEARS)
        self.get(
            f"/investments/projects/?registered_from=01/01/{first}"
            f"&registered_to=31/12/{min(first + 3, 2025)}&sort=-capital",
            name="project list",
        )

    @task(1)
    def adjustments(self) -> None:
        self.get(
            f"/investments/adjustments/?direction=up&page={random.randint(1, 20)}",
            name="adjustment list",
        )

    @task(2)
    def report(self) -> None:
        self.get(f"/reports/?period={random.choice(PERIODS)}", name="report")

    @task(1)
    def export(self) -> None:
        year = random.choice(YEARS)
        self.get(
            f"/investments/projects/?registered_from=01/01/{year}&registered_to=31/03/{year}"
            "&kind=FDI&_export=xlsx",
            name="export",
        )
