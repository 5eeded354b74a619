"""The Wesog HTTP client (httpx), its errors, retries and operation following. No Qt."""
