"""The simulator's request handler: records each request, routes it and answers it."""

from __future__ import annotations

import asyncio
import hashlib
import threading
import time
from typing import Any

from aiohttp import web

from tui.sim import catalog, hostile
from tui.sim.bounds import bounds_reply
from tui.sim.chunks import Identity, dumps
from tui.sim.media import received, received_sentence, web_ask
from tui.sim.recording import RecordedRequest, Recorder
from tui.sim.request_body import Reject, check_context, model_of, prompt_of
from tui.sim.scenarios import Scenario, ScenarioError, parse_model
from tui.sim.streams import (
    DROP,
    Outcome,
    Turn,
    decide,
    size_of,
    stream_actions,
    whole_actions,
)
from tui.sim.thinking import ask_of
from tui.sim.writer import send

_PREFIXES = ("/api/v1", "/v1")
_SSE_HEADERS = {
    "Content-Type": "text/event-stream",
    "Cache-Control": "no-cache",
    "X-Accel-Buffering": "no",
    "Access-Control-Allow-Origin": "*",
}
_JSON = {"Content-Type": "application/json", "Access-Control-Allow-Origin": "*"}
_FALLBACK = ("anthropic/claude-3.5-sonnet", "Anthropic")
LOCAL_PREFIX = "/local"
"""A base URL under it answers as a local server does: no ``GET /key``."""


class SimHandler:
    """Everything the server does per request; runs on the simulator's event loop."""

    def __init__(
        self, recorder: Recorder, require_key: str | None, time_scale: float, demo_tps: float | None
    ) -> None:
        self.recorder = recorder
        self.require_key = require_key
        self.time_scale = time_scale
        self.demo_tps = demo_tps
        self._flaky: dict[str, int] = {}
        self._flaky_lock = threading.Lock()  # reset() clears it from another thread
        self._generations: dict[str, dict[str, Any]] = {}
        self._seq = 0

    def reset_counters(self) -> None:
        with self._flaky_lock:
            self._flaky.clear()

    async def __call__(self, request: web.BaseRequest) -> web.StreamResponse:
        raw = await request.read()
        headers = {name.lower(): value for name, value in request.headers.items()}
        record = self.recorder.add(request.method, request.path, dict(request.query), headers, raw)
        try:
            return await self._route(request, record)
        except asyncio.CancelledError:
            self.recorder.disconnected(record)
            raise
        except ConnectionResetError:  # a write found the client gone
            self.recorder.disconnected(record)
            return web.Response()

    async def _route(self, request: web.BaseRequest, record: RecordedRequest) -> web.StreamResponse:
        path = request.path
        # A base URL under /hostile gets a catalog whose ids, names and descriptions are hostile.
        evil_catalog = path.startswith(hostile.HOSTILE_PREFIX + "/")
        path = path.removeprefix(hostile.HOSTILE_PREFIX) if evil_catalog else path
        # A base URL under /local is a local server's: the same API without GET /key.
        local = path.startswith(LOCAL_PREFIX + "/")
        path = path.removeprefix(LOCAL_PREFIX) if local else path
        route = next((path[len(p) :] for p in _PREFIXES if path.startswith(p + "/")), None)
        endpoints = {
            ("POST", "/chat/completions"): self._completion,
            ("POST", "/completions"): self._completion,
            ("GET", "/models"): self._models,
            ("GET", "/key"): self._key,
            ("GET", "/auth/key"): self._key,
            ("GET", "/generation"): self._generation,
        }
        try:
            if local and route in ("/key", "/auth/key"):
                raise Reject(404, f"Not Found: {request.method} {path}")
            endpoint = endpoints.get((request.method, route or ""))
            if endpoint is None:
                known = route is not None and any(r == route for _, r in endpoints)
                what = "Method Not Allowed" if known else "Not Found"
                raise Reject(405 if known else 404, f"{what}: {request.method} {path}")
            if route == "/models":
                return await self._models(request, record, evil_catalog)
            self._check_key(record)
            return await endpoint(request, record, route == "/chat/completions")
        except Reject as reject:
            body = catalog.error_body(reject.status, reject.model, reject.message)
            return await self._json(request, record, body, reject.status, reject.model)

    def _check_key(self, record: RecordedRequest) -> None:
        if self.require_key is None:
            return
        auth = record.headers.get("authorization", "")
        if not auth.strip():
            raise Reject(401, "No auth credentials found")
        if auth != f"Bearer {self.require_key}":
            raise Reject(401, "Invalid API key: no user matches the provided credentials")

    async def _json(
        self,
        request: web.BaseRequest,
        record: RecordedRequest,
        body: Any,
        status: int = 200,
        model: str = "",
    ) -> web.StreamResponse:
        headers = dict(_JSON)
        if status == 429:
            headers.update(_rate_limit_headers(self._retry_after(model)))
        data = dumps(body).encode()
        return await send(self, request, record, [data], status, headers, len(data))

    def _retry_after(self, model: str) -> int:
        try:
            return parse_model(model).retry_after
        except ScenarioError:
            return 1

    async def _models(self, request: web.BaseRequest, record: RecordedRequest, evil: bool) -> Any:
        models = catalog.models_list()
        if evil:
            models += hostile.catalog_entries(catalog.model_entry)
        return await self._json(request, record, {"data": models})

    async def _key(self, request: web.BaseRequest, record: RecordedRequest, _: bool) -> Any:
        auth = record.headers.get("authorization", "")
        key = auth.removeprefix("Bearer ").strip() or None
        spent = sum(g["total_cost"] for g in self._generations.values())
        return await self._json(request, record, {"data": catalog.key_info(key, spent)})

    async def _generation(self, request: web.BaseRequest, record: RecordedRequest, _: bool) -> Any:
        gen_id = record.query.get("id")
        if not gen_id:
            raise Reject(400, "Missing required query parameter: id")
        data = self._generations.get(gen_id)
        if data is None:
            raise Reject(404, f"Generation {gen_id} not found")
        return await self._json(request, record, {"data": data})

    async def _completion(
        self, request: web.BaseRequest, record: RecordedRequest, chat: bool
    ) -> web.StreamResponse:
        body = record.body
        if not isinstance(body, dict):
            raise Reject(400, "Invalid request body: expected a JSON object")
        prompt, prompt_tokens = prompt_of(body, chat)
        model = model_of(body)
        try:
            scenario = parse_model(model)
        except ScenarioError as exc:
            raise Reject(400, str(exc), model) from None
        failed = await self._fail_first(request, record, scenario, model)
        if failed is not None:
            return failed
        check_context(body, scenario.name, prompt_tokens, model)
        hostile = bounds_reply(scenario.name, bool(body.get("stream")))
        if hostile is not None:
            return await send(self, request, record, hostile[0], 200, hostile[1], None)
        turn = self._turn(body, model, scenario, chat, prompt, prompt_tokens)
        out = decide(turn)
        self._register(turn, out, bool(body.get("stream")))
        try:
            if body.get("stream"):
                actions = stream_actions(turn, out)
                return await send(self, request, record, actions, 200, dict(_SSE_HEADERS), None)
            whole, sized = whole_actions(turn, out)
            length = sum(map(size_of, whole)) if sized else None
            if whole[-1] is DROP:
                length = (length or 0) * 2 + 1  # the declared length is never reached
            return await send(self, request, record, whole, 200, dict(_JSON), length)
        except (asyncio.CancelledError, ConnectionResetError):
            self._generations[turn.ident.gen_id]["cancelled"] = True
            raise

    async def _fail_first(
        self, request: web.BaseRequest, record: RecordedRequest, scenario: Scenario, model: str
    ) -> web.StreamResponse | None:
        """The failures that come before any answer (statuses, HTML pages, dropped sockets)."""
        name = scenario.name
        if name in ("flaky", "flaky-drop"):
            with self._flaky_lock:
                count = self._flaky[model] = self._flaky.get(model, 0) + 1
            if count > scenario.fail:
                return None
        if name in ("http", "flaky"):
            raise Reject(scenario.status or 500, None, model)
        if name in ("flaky-drop", "drop-before"):
            return await send(self, request, record, [DROP], 200, {}, None)
        if name.startswith("evil") and name != "evil-content" and "mid" not in name:
            return await self._hostile(request, record, scenario, model)
        if name == "html":
            page = catalog.html_page(scenario.status or 502).encode()
            headers = {"Content-Type": "text/html; charset=utf-8"}
            return await send(
                self, request, record, [page], scenario.status or 502, headers, len(page)
            )
        return None

    async def _hostile(
        self, request: web.BaseRequest, record: RecordedRequest, scenario: Scenario, model: str
    ) -> web.StreamResponse | None:
        """The hostile failures: the payload in every field a client may show."""
        name, status = scenario.name, scenario.status or 502
        if name == "evil":
            return await self._json(request, record, hostile.error_body(), status, model)
        if name == "evil-event":
            return None  # an event stream: see streams.py
        body, kind = {
            "evilpage": (hostile.html_page(), "text/html; charset=utf-8"),
            "evil-text": (hostile.plain_text(), "text/plain; charset=utf-8"),
            "evil-json200": (hostile.json_error(), "application/json"),
        }[name]
        data = body.encode()
        status = status if name == "evilpage" else 200
        headers = {"Content-Type": kind}
        return await send(self, request, record, [data], status, headers, len(data))

    def _turn(
        self, body: dict, model: str, scenario: Scenario, chat: bool, prompt: str, tokens: int
    ) -> Turn:
        self._seq += 1
        digest = hashlib.sha1(f"{self._seq}:{model}".encode()).hexdigest()[:20]
        answered, provider = model, catalog.provider_for(model)
        if scenario.name == "fallback":
            answered, provider = _FALLBACK
        elif model == "openrouter/auto":
            answered = "openai/gpt-4o"
        ident = Identity(
            gen_id=f"gen-{1750000000 + self._seq}-{digest}",
            model=answered,
            provider=provider,
            created=int(time.time()),
            chat=chat,
            eol={"crlf": "\r\n", "cr": "\r"}.get(scenario.name, "\n"),
        )
        max_tokens = body.get("max_tokens")
        if not isinstance(max_tokens, int) or isinstance(max_tokens, bool) or max_tokens < 1:
            max_tokens = None
        tps = scenario.tps if scenario.name != "demo" else self.demo_tps
        brought = received_sentence(received(body.get("messages"))) if chat else ""
        web = web_ask(body) if chat else None
        return Turn(scenario, ident, prompt, tokens, max_tokens, tps, ask_of(body), brought, web)

    def _register(self, turn: Turn, out: Outcome, streamed: bool) -> None:
        ident, used = turn.ident, out.usage or {}
        self._generations[ident.gen_id] = {
            "id": ident.gen_id,
            "upstream_id": "chatcmpl-" + ident.gen_id[-20:],
            "total_cost": used.get("cost", 0.0),
            "cache_discount": None,
            "created_at": time.strftime("%Y-%m-%dT%H:%M:%SZ", time.gmtime(ident.created)),
            "model": ident.model,
            "app_id": None,
            "streamed": streamed,
            "cancelled": False,
            "provider_name": ident.provider,
            "latency": 120,
            "moderation_latency": None,
            "generation_time": 40 + 10 * len(out.content),
            "finish_reason": out.finish,
            "native_finish_reason": out.native,
            "tokens_prompt": turn.prompt_tokens,
            "tokens_completion": len(out.content) + len(out.reasoning),
            "native_tokens_prompt": turn.prompt_tokens,
            "native_tokens_completion": len(out.content) + len(out.reasoning),
            "native_tokens_reasoning": len(out.reasoning),
            "num_media_prompt": None,
            "num_media_completion": None,
            "num_search_results": None,
            "origin": "",
            "usage": used.get("cost", 0.0),
            "is_byok": False,
        }


def _rate_limit_headers(retry_after: int) -> dict[str, str]:
    reset_ms = int((time.time() + retry_after) * 1000)
    return {
        "Retry-After": str(retry_after),
        "X-RateLimit-Limit": "20",
        "X-RateLimit-Remaining": "0",
        "X-RateLimit-Reset": str(reset_ms),
    }
