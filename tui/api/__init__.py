"""An OpenRouter / OpenAI-compatible client: HTTP, SSE, typed requests and events."""
