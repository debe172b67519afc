"""LAN scoring: a small ASGI web service judges open on their phones (评委扫码打分).

`app.create_app` builds the Starlette application over the services; `server.LanServer` runs it
with uvicorn in a background thread (start/stop), for `judge-app serve` and the host console.
"""
