"""The load test of ``make bench``: leaders opening the pages on the morning the figures come out.

Run headless by ``scripts/bench/harness.py`` against two gunicorn servers on loopback
(``BENCH_HOSTS``, comma-separated); each simulated user logs in through the real login form on
one of them (a leadership account without 2FA, ``BENCH_USER`` / ``BENCH_PASSWORD``) and then
opens the dashboard for different periods, the lists, the report and a filtered export.
"""

import os
import random
import re

from locust import HttpUser, between, task

HOSTS = [host for host in os.environ.get("BENCH_HOSTS", "").split(",") if host]
PERIODS = ["2020-H1", "2020", "2019-Q3", "2021-H2", "2024", "2025-H1", "2023-07", "2018"]
YEARS = list(range(2005, 2026))
CSRF = re.compile(r'name="csrfmiddlewaretoken" value="([^"]+)"')


class Leader(HttpUser):
    wait_time = between(0.5, 2)

    def on_start(self) -> None:
        if HOSTS:
            self.client.base_url = random.choice(HOSTS)
        page = self.client.get("/accounts/login/", name="login")
        token = CSRF.search(page.text)
        response = self.client.post(
            "/accounts/login/",
            {
                "username": os.environ["BENCH_USER"],
                "password": os.environ["BENCH_PASSWORD"],
                "csrfmiddlewaretoken": token.group(1) if token else "",
            },
            headers={"Referer": self.client.base_url + "/accounts/login/"},
            name="login",
            allow_redirects=False,
        )
        if response.status_code != 302:
            response.failure = True
            raise RuntimeError(f"login failed with {response.status_code}")

    @task(6)
    def dashboard(self) -> None:
        self.client.get(f"/?period={random.choice(PERIODS)}", name="dashboard")

    @task(2)
    def projects(self) -> None:
        first = random.choice(YEARS)
        self.client.get(
            f"/investments/projects/?registered_from=01/01/{first}"
            f"&registered_to=31/12/{min(first + 3, 2025)}&sort=-capital",
            name="project list",
        )

    @task(1)
    def adjustments(self) -> None:
        self.client.get(
            f"/investments/adjustments/?direction=up&page={random.randint(1, 20)}",
            name="adjustment list",
        )

    @task(2)
    def report(self) -> None:
        self.client.get(f"/reports/?period={random.choice(PERIODS)}", name="report")

    @task(1)
    def export(self) -> None:
        year = random.choice(YEARS)
        self.client.get(
            f"/investments/projects/?registered_from=01/01/{year}&registered_to=31/03/{year}"
            "&kind=FDI&_export=xlsx",
            name="export",
        )
